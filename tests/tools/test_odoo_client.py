"""Our Odoo client against the stand-in over a real socket."""

import socket
import time
from datetime import UTC, datetime

import pytest
from django.utils import translation

from pupitre.demo.odoo_standin import DEMO_API_KEY, DEMO_LOGIN, OdooStandin, seed_demo
from pupitre.tools import secrets
from pupitre.tools.models import OdooConnection
from pupitre.tools.odoo import (
    OdooArchivedAccount,
    OdooClient,
    OdooMissingRecord,
    OdooMissingRights,
    OdooNoEmail,
    OdooNotConfigured,
    OdooNotSupported,
    OdooTimeout,
    OdooUnreachable,
    OdooWrongCredentials,
)

from .conftest import account_id

ARCHIVED = "m.lambert@ecole-athenee-namur.be"
ACTIVE = "j.schmitz@rs-eupen.be"


def client_for(standin, *, key=DEMO_API_KEY, login=DEMO_LOGIN, database=None, timeout=2, url=None):
    connection = OdooConnection(
        url=url or standin.url,
        database=database or standin.database,
        login=login,
        timeout=timeout,
        api_key_encrypted=secrets.encrypt(key),
    )
    return OdooClient(connection)


def test_version_reports_odoo_s_release(odoo):
    version = odoo.version()
    assert (version.server_version, version.major, version.protocol_version) == ("17.0", 17, 1)


def test_find_by_email_ignores_case_and_includes_archived_accounts(odoo):
    [account] = odoo.find_accounts("  M.Lambert@Ecole-Athenee-Namur.BE ")
    assert account.login == ARCHIVED
    assert account.active is False and account.state == "archived"
    assert account.name == "Marie Lambert"
    assert account.last_sign_in == datetime(2026, 6, 27, 14, 2, 11, tzinfo=UTC)
    assert account.companies == ("École numérique – Service public de Wallonie",)
    # Technical and extra-rights groups are left out.
    assert account.groups == (
        "Inventory / User",
        "User types / Internal User",
        "École numérique / School ICT contact",
    )
    assert account.internal is True


def test_find_by_login_gives_empty_values_for_what_odoo_leaves_empty(odoo):
    [account] = odoo.find_accounts("p.dubois")
    assert (account.email, account.last_sign_in) == ("", None)


def test_find_matches_whole_logins_only_wildcards_included(odoo, odoo_standin):
    assert odoo.find_accounts("lambert") == []
    # "_" and "%" are letters here, not LIKE wildcards.
    odoo_standin.add_user("a_b", "Underscore", email="")
    odoo_standin.add_user("axb", "Other", email="")
    assert [a.login for a in odoo.find_accounts("a_b")] == ["a_b"]
    assert odoo.find_accounts("%") == []
    assert odoo.find_accounts("   ") == []


def test_several_accounts_with_one_email_are_all_returned_active_first(odoo, odoo_standin):
    odoo_standin.add_user("marie.lambert", "Marie Lambert", email=ARCHIVED)
    accounts = odoo.find_accounts(ARCHIVED)
    assert [(a.login, a.active) for a in accounts] == [("marie.lambert", True), (ARCHIVED, False)]


def test_get_account_of_a_missing_id_is_a_missing_record(odoo):
    with pytest.raises(OdooMissingRecord):
        odoo.get_account(9999)


def test_reactivate_writes_active_once_and_says_when_nothing_was_needed(odoo, odoo_standin):
    target = account_id(odoo_standin, ARCHIVED)
    result = odoo.reactivate(target)
    assert (result.before.active, result.after.active, result.done) == (False, True, True)
    assert odoo_standin.users[target].active is True
    again = odoo.reactivate(target)
    assert (again.before.active, again.after.active, again.done) == (True, True, False)
    assert [w["values"] for w in odoo_standin.writes] == [{"active": True}]


def test_password_reset_asks_odoo_to_send_its_own_email(odoo, odoo_standin):
    result = odoo.send_password_reset(account_id(odoo_standin, ACTIVE))
    assert result.done and not result.verify
    assert [(m["email_to"], m["template"]) for m in odoo_standin.mails] == [
        (ACTIVE, "auth_signup.reset_password_email")
    ]


def test_password_reset_of_an_archived_account_is_refused_without_asking_odoo(odoo, odoo_standin):
    with pytest.raises(OdooArchivedAccount):
        odoo.send_password_reset(account_id(odoo_standin, ARCHIVED))
    assert odoo_standin.mails == []


def test_password_reset_without_email_is_refused(odoo, odoo_standin):
    with pytest.raises(OdooNoEmail):
        odoo.send_password_reset(account_id(odoo_standin, "p.dubois"))


def test_odoo_16_reset_is_sent_and_flagged_to_verify(db):
    with seed_demo(OdooStandin(version="16.0", legacy_reset=True)) as standin:
        result = client_for(standin).send_password_reset(account_id(standin, ACTIVE))
        assert result.done and result.verify
        assert len(standin.mails) == 1


def test_odoo_19_s_renamed_groups_field_is_followed(db):
    with seed_demo(OdooStandin(version="19.0")) as standin:
        [account] = client_for(standin).find_accounts(ARCHIVED)
    assert "Inventory / User" in account.groups


def test_unlock_is_not_offered_by_odoo_and_says_so(odoo, odoo_standin):
    with pytest.raises(OdooNotSupported) as caught:
        odoo.unlock(account_id(odoo_standin, ACTIVE))
    assert "17.0" in str(caught.value.message)


def test_wrong_api_key_login_or_database_is_wrong_credentials(odoo_standin):
    for client in (
        client_for(odoo_standin, key="wrong"),
        client_for(odoo_standin, login="nobody"),
        client_for(odoo_standin, database="other"),
    ):
        with pytest.raises(OdooWrongCredentials):
            client.find_accounts(ACTIVE)


def test_a_key_revoked_after_sign_in_is_wrong_credentials(odoo, odoo_standin):
    odoo.find_accounts(ACTIVE)
    odoo_standin.users[account_id(odoo_standin, DEMO_LOGIN)].api_keys.clear()
    with pytest.raises(OdooWrongCredentials) as caught:
        odoo.find_accounts(ACTIVE)
    assert caught.value.fault_text == "Access Denied"


def test_missing_rights_keep_odoo_s_fault_text(odoo_standin):
    odoo_standin.add_user("reader", "Reader", api_keys=["reader-key"])
    client = client_for(odoo_standin, login="reader", key="reader-key")
    assert client.find_accounts(ARCHIVED)  # reading is allowed to every user
    with pytest.raises(OdooMissingRights) as caught:
        client.reactivate(account_id(odoo_standin, ARCHIVED))
    assert "You are not allowed to modify 'User' (res.users) records" in caught.value.fault_text
    assert odoo_standin.users[account_id(odoo_standin, ARCHIVED)].active is False


def test_a_slow_odoo_times_out_within_the_connection_s_timeout(odoo_standin):
    client = client_for(odoo_standin, timeout=1)
    client.version()
    odoo_standin.delay = 3
    started = time.monotonic()
    with pytest.raises(OdooTimeout):
        client.find_accounts(ACTIVE)
    assert time.monotonic() - started < 2


def test_a_look_up_as_a_whole_stays_within_the_timeout(odoo_standin):
    # Each answer comes in time, but the look-up's calls together would not.
    client = client_for(odoo_standin, timeout=1)
    odoo_standin.delay = 0.4
    started = time.monotonic()
    with pytest.raises(OdooTimeout):
        client.find_accounts(ACTIVE)
    assert time.monotonic() - started < 1.5
    # The next operation has its own budget.
    odoo_standin.delay = 0
    assert client.find_accounts(ACTIVE)


def test_a_connection_dropped_before_the_answer_is_unreachable(odoo, odoo_standin):
    odoo_standin.drop_next("before")
    with pytest.raises(OdooUnreachable):
        odoo.find_accounts(ACTIVE)
    assert [a.login for a in odoo.find_accounts(ACTIVE)] == [ACTIVE]


def test_a_dropped_action_is_never_sent_twice(odoo, odoo_standin):
    target = account_id(odoo_standin, ACTIVE)
    odoo.version()
    odoo.get_account(target)  # signed in, nothing else to ask first
    requests = odoo_standin.requests
    odoo_standin.drop_next("after")
    with pytest.raises(OdooUnreachable):
        odoo.execute("res.users", "action_reset_password", [[target]])
    # Carried out by Odoo, answer lost: the client did not send it again.
    assert odoo_standin.requests - requests == 1
    assert len(odoo_standin.mails) == 1


def test_nothing_listening_is_unreachable(db):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with seed_demo(OdooStandin()) as standin:
        client = client_for(standin, url=f"http://127.0.0.1:{port}")
    with pytest.raises(OdooUnreachable):
        client.version()


def test_an_address_that_is_not_odoo_is_unreachable_with_the_http_status(odoo_standin):
    client = client_for(odoo_standin, url=odoo_standin.url + "/web")
    with pytest.raises(OdooUnreachable) as caught:
        client.version()
    assert "404" in caught.value.fault_text


def test_the_key_can_come_from_the_environment_or_a_file(odoo_standin, monkeypatch, tmp_path):
    connection = OdooConnection(
        url=odoo_standin.url,
        database=odoo_standin.database,
        login=DEMO_LOGIN,
        api_key_env="ODOO_TEST_KEY",
    )
    monkeypatch.delenv("ODOO_TEST_KEY", raising=False)
    monkeypatch.delenv("ODOO_TEST_KEY_FILE", raising=False)
    with pytest.raises(OdooNotConfigured):
        OdooClient(connection).version() and OdooClient(connection).find_accounts(ACTIVE)
    monkeypatch.setenv("ODOO_TEST_KEY", DEMO_API_KEY)
    assert OdooClient(connection).find_accounts(ACTIVE)
    secret_file = tmp_path / "key"
    secret_file.write_text("wrong\n")
    monkeypatch.setenv("ODOO_TEST_KEY_FILE", str(secret_file))
    with pytest.raises(OdooWrongCredentials):
        OdooClient(connection).find_accounts(ACTIVE)
    secret_file.write_text(DEMO_API_KEY + "\n")
    assert OdooClient(connection).find_accounts(ACTIVE)


def test_a_key_encrypted_under_another_secret_key_asks_for_the_key_again(odoo_standin, settings):
    client = client_for(odoo_standin)
    settings.SECRET_KEY = "another-secret-key-0123456789-0123456789-0123456789"
    with pytest.raises(OdooNotConfigured) as caught:
        client.find_accounts(ACTIVE)
    with translation.override("en"):
        assert "enter the API key again" in str(caught.value.message)


def test_the_old_secret_key_still_decrypts_as_a_fallback(odoo_standin, settings):
    client = client_for(odoo_standin)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-secret-key-0123456789-0123456789-0123456789"
    assert client.find_accounts(ACTIVE)


def test_the_stored_key_is_not_the_key_in_clear(odoo_connection):
    assert DEMO_API_KEY not in odoo_connection.api_key_encrypted
    assert secrets.decrypt(odoo_connection.api_key_encrypted) == DEMO_API_KEY


def test_test_connection_reports_version_and_rights(odoo, odoo_standin):
    report = odoo.test_connection()
    assert report.version.server_version == "17.0"
    assert report.technical_name == "Pupitre (technical account)"
    assert "Administration / Access Rights" in report.technical_groups
    assert (report.can_read_users, report.can_change_users) == (True, True)
    assert report.reset_email_available is True

    odoo_standin.add_user("reader", "Reader", api_keys=["reader-key"])
    odoo_standin.modules.discard("auth_signup")
    report = client_for(odoo_standin, login="reader", key="reader-key").test_connection()
    assert (report.can_change_users, report.reset_email_available) == (False, False)
