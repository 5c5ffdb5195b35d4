"""The stand-in answers as Odoo does, checked with the standard library's
XML-RPC client and raw HTTP (never with our own client), against the facts
of the reference note on Odoo's external API. When the note is present
(../shared/references/odoo-external-api.md), the fault codes and messages
asserted here are also read from it, so the stand-in cannot drift from it."""

import http.client
import os
import re
import xmlrpc.client  # noqa: S411 (talks to the local stand-in)
from urllib.parse import urlsplit

import pytest

from pupitre.demo.odoo_standin import DEMO_API_KEY, DEMO_LOGIN, OdooStandin, seed_demo

from ..conftest import SHARED_DIR
from .conftest import account_id

NOTE = SHARED_DIR / "references" / "odoo-external-api.md"

ARCHIVED = "m.lambert@ecole-athenee-namur.be"
ACTIVE = "j.schmitz@rs-eupen.be"
NO_EMAIL = "p.dubois"


@pytest.fixture
def standin():
    with seed_demo(OdooStandin()) as odoo:
        yield odoo


def common(odoo):
    return xmlrpc.client.ServerProxy(odoo.url + "/xmlrpc/2/common")


def obj(odoo):
    return xmlrpc.client.ServerProxy(odoo.url + "/xmlrpc/2/object")


def call(odoo, model, method, args, kwargs=None, *, secret=DEMO_API_KEY, uid=None):
    uid = uid if uid is not None else account_id(odoo, DEMO_LOGIN)
    return obj(odoo).execute_kw(odoo.database, uid, secret, model, method, args, kwargs or {})


def fault_of(function, *args, **kwargs) -> xmlrpc.client.Fault:
    with pytest.raises(xmlrpc.client.Fault) as caught:
        function(*args, **kwargs)
    return caught.value


def note_text() -> str:
    if not NOTE.exists():
        message = f"{NOTE} is absent: the shared reference notes are not beside the repository"
        # CI has the shared folder beside its clone: there, a missing note fails.
        if os.environ.get("PUPITRE_REQUIRE_CORPORA") == "1":
            pytest.fail("PUPITRE_REQUIRE_CORPORA=1 but " + message)
        pytest.skip(message)
    return NOTE.read_text(encoding="utf-8")


def test_version_is_the_documented_struct_without_authentication(standin):
    answer = common(standin).version()
    assert set(answer) == {
        "server_version",
        "server_version_info",
        "server_serie",
        "protocol_version",
    }
    assert answer["protocol_version"] == 1
    assert answer["server_version_info"][:2] == [17, 0]
    assert answer["server_serie"] == "17.0"


def test_authenticate_returns_the_uid_or_false_never_a_fault(standin):
    uid = common(standin).authenticate(standin.database, DEMO_LOGIN, DEMO_API_KEY, {})
    assert uid == account_id(standin, DEMO_LOGIN)
    assert common(standin).authenticate(standin.database, DEMO_LOGIN, "wrong", {}) is False
    assert common(standin).authenticate("other-db", DEMO_LOGIN, DEMO_API_KEY, {}) is False
    assert common(standin).authenticate(standin.database, "nobody", DEMO_API_KEY, {}) is False


def test_execute_kw_with_a_wrong_key_is_fault_3_access_denied(standin):
    fault = fault_of(call, standin, "res.users", "search_read", [[]], secret="wrong")
    assert (fault.faultCode, fault.faultString) == (3, "Access Denied")
    fault = fault_of(call, standin, "res.users", "search_read", [[]], uid=999)
    assert fault.faultCode == 3


def test_unknown_model_is_fault_2_and_unknown_method_fault_1_with_a_traceback(standin):
    fault = fault_of(call, standin, "no.such.model", "search_read", [[]])
    assert (fault.faultCode, fault.faultString) == (2, "Object no.such.model doesn't exist")
    fault = fault_of(call, standin, "res.users", "no_such_method", [[1]])
    assert fault.faultCode == 1
    assert fault.faultString.startswith("Traceback (most recent call last):")


def test_archived_users_are_found_only_with_active_test_false(standin):
    domain = [[["login", "=", ARCHIVED]]]
    assert call(standin, "res.users", "search_read", domain, {"fields": ["login"]}) == []
    rows = call(
        standin,
        "res.users",
        "search_read",
        domain,
        {"fields": ["login", "active", "email"], "context": {"active_test": False}},
    )
    assert rows == [
        {"id": account_id(standin, ARCHIVED), "login": ARCHIVED, "active": False, "email": ARCHIVED}
    ]


def test_search_read_gives_the_fields_the_note_lists_with_false_for_empty(standin):
    fields = ["login", "email", "name", "active", "company_ids", "groups_id", "company_id"]
    [row] = call(
        standin, "res.users", "search_read", [[["login", "=", NO_EMAIL]]], {"fields": fields}
    )
    assert set(row) == {"id", *fields}
    assert row["email"] is False
    assert isinstance(row["company_ids"], list) and isinstance(row["groups_id"], list)
    assert isinstance(row["company_id"], list) and len(row["company_id"]) == 2
    assert call(standin, "res.users", "search_read", [[["login", "=", "nobody"]]]) == []


def test_reading_a_missing_record_is_fault_2(standin):
    fault = fault_of(call, standin, "res.users", "read", [[9999], ["login"]])
    assert fault.faultCode == 2
    assert fault.faultString.startswith("Record does not exist or has been deleted.")


def test_write_active_returns_true_and_needs_access_rights(standin):
    target = account_id(standin, ARCHIVED)
    assert call(standin, "res.users", "write", [[target], {"active": True}]) is True
    assert standin.users[target].active is True

    reader = standin.add_user("reader", "Read only", api_keys=["reader-key"])
    fault = fault_of(
        call, standin, "res.users", "write", [[target], {"active": False}],
        uid=reader.id, secret="reader-key",
    )  # fmt: skip
    assert fault.faultCode == 4
    assert fault.faultString.startswith("You are not allowed to modify 'User' (res.users) records")


def test_reset_password_refuses_archived_users_and_users_without_email(standin):
    fault = fault_of(
        call, standin, "res.users", "action_reset_password", [[account_id(standin, ARCHIVED)]]
    )
    assert (fault.faultCode, fault.faultString) == (
        2,
        "You cannot perform this action on an archived user.",
    )
    fault = fault_of(
        call, standin, "res.users", "action_reset_password", [[account_id(standin, NO_EMAIL)]]
    )
    assert (fault.faultCode, fault.faultString) == (
        2,
        "Cannot send email: user Pierre Dubois has no email address.",
    )
    assert standin.mails == []


def test_reset_password_sends_the_mail_and_returns_a_client_action(standin):
    answer = call(standin, "res.users", "action_reset_password", [[account_id(standin, ACTIVE)]])
    assert answer["type"] == "ir.actions.client"
    assert answer["tag"] == "display_notification"
    assert [mail["email_to"] for mail in standin.mails] == [ACTIVE]


def test_odoo_16_reset_sends_the_mail_then_fails_to_marshal_none():
    with seed_demo(OdooStandin(version="16.0", legacy_reset=True)) as standin:
        fault = fault_of(
            call, standin, "res.users", "action_reset_password", [[account_id(standin, ACTIVE)]]
        )
        assert fault.faultCode == 1
        assert "cannot marshal None" in fault.faultString
        assert [mail["email_to"] for mail in standin.mails] == [ACTIVE]


def test_answers_and_faults_are_http_200_text_xml(standin):
    parts = urlsplit(standin.url)
    body = xmlrpc.client.dumps(
        (standin.database, 1, "wrong", "res.users", "search_read", [[]], {}), "execute_kw"
    )
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    connection.request("POST", "/xmlrpc/2/object", body, {"Content-Type": "text/xml"})
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/xml")
    assert "<fault>" in text and "<int>3</int>" in text


def test_there_is_no_null_on_the_wire(standin):
    # allow_none is off, as in Odoo: an empty email is False, not nil.
    [row] = call(standin, "res.users", "read", [[account_id(standin, NO_EMAIL)], ["email"]])
    assert row["email"] is False


def test_the_fault_codes_are_those_of_the_reference_note():
    text = note_text()
    table = dict(re.findall(r"^\|[^|`]*`(\w+)`[^|]*\| (\d) \|", text, re.MULTILINE))
    assert table == {
        "RedirectWarning": "2",
        "AccessError": "4",
        "AccessDenied": "3",
        "UserError": "2",
    }
    # And the messages the stand-in gives are the ones the note quotes.
    for quoted in (
        'Fault(3, "Access Denied")',
        'Fault(2, "Object X doesn\'t exist")',
        'Fault(2, "You cannot perform this action on an archived user.")',
        'Fault(2, "Cannot send email: user X has no email address.")',
        'Fault(2, "Record does not exist or has been deleted',
        "Fault(4, \"You are not allowed to modify 'User' (res.users) records",
        "cannot marshal None",
        "returns `False`, not a fault",
        "`active_test: False`",
    ):
        assert quoted in text, quoted
