"""The generic CTI contract's real event sequences, posted over HTTP to a
live server by a PBX stand-in (tests/phone/conftest.py `Pbx`)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from pupitre.accounts.models import Role
from pupitre.phone.models import (
    BlockedNumber,
    Call,
    Callback,
    CallbackReason,
    CallEvent,
    EventResult,
    MatchedBy,
    OutboundRoute,
    Outcome,
)
from pupitre.phone.services import blocked_number_add
from pupitre.schools.models import PhoneNumber, SchoolType

from ..factories import make_member, make_school, make_user

BRUSSELS = ZoneInfo("Europe/Brussels")
# A Tuesday without holiday; the next working day is Wednesday.
TUESDAY = (2026, 12, 8)


def at(hour, minute=0, second=0, day=TUESDAY):
    return datetime(*day, hour, minute, second, tzinfo=BRUSSELS)


def new_call(call_id, frm, to="3281000000", direction="in", **extra):
    return {
        "event": "newCall",
        "direction": direction,
        "from": frm,
        "to": to,
        "callId": call_id,
        **extra,
    }


def answer(call_id, user="", direction="in", **extra):
    return {
        "event": "answer",
        "direction": direction,
        "from": "x",
        "to": "y",
        "callId": call_id,
        "user": user,
        **extra,
    }


def hangup(call_id, cause="normalClearing", direction="in", **extra):
    return {
        "event": "hangup",
        "direction": direction,
        "from": "x",
        "to": "y",
        "callId": call_id,
        "cause": cause,
        **extra,
    }


@pytest.fixture
def agent():
    return make_user(
        role=Role.AGENT,
        name="Agent Français",
        email="agent.fr@test.pupitre.be",
        phone="081 00 00 11",
    )


@pytest.fixture
def caller():
    school = make_school(name="Athénée royal de Namur")
    return make_member(school, name="Claire Dubois", phone="0471 12 34 56")


def test_answered_call_is_matched_to_the_caller_and_timed(pbx, agent, caller):
    with time_machine.travel(at(10), tick=False) as clock:
        assert pbx.send(new_call("c1", "+32 471 12 34 56")) == (200, {})
        clock.move_to(at(10, 0, 12))
        assert pbx.send(answer("c1", user="agent.fr@test.pupitre.be")) == (200, {})
        clock.move_to(at(10, 3, 12))
        assert pbx.send(hangup("c1")) == (200, {})
    call = Call.objects.get(call_id="c1")
    assert call.from_number == "+32471123456"
    assert (call.person, call.school, call.matched_by) == (
        caller,
        caller.schools.get(),
        MatchedBy.PERSON,
    )
    assert call.agent == agent
    assert (call.waiting_seconds, call.duration_seconds) == (12, 180)
    assert call.outcome == Outcome.ANSWERED
    assert not Callback.objects.exists()
    assert list(CallEvent.objects.values_list("event", "result")) == [
        ("newCall", "applied"),
        ("answer", "applied"),
        ("hangup", "applied"),
    ]


def test_call_from_a_school_switchboard_is_matched_to_the_school(pbx):
    school = make_school(name="École communale de Jambes")
    PhoneNumber.objects.create(school=school, number="081/30.40.50", label="Secrétariat")
    pbx.send(new_call("c2", "003281304050"))
    call = Call.objects.get(call_id="c2")
    assert (call.school, call.person, call.matched_by) == (school, None, MatchedBy.SCHOOL)


def test_missed_call_creates_a_callback_due_in_service_time(pbx, caller):
    with time_machine.travel(at(17, 30), tick=False) as clock:
        pbx.send(new_call("c3", "0471123456"))
        clock.move_to(at(17, 31))
        assert pbx.send(hangup("c3", cause="cancel")) == (200, {})
    call = Call.objects.get(call_id="c3")
    assert (call.outcome, call.waiting_seconds) == (Outcome.MISSED, 60)
    callback = call.callback
    assert callback.reason == CallbackReason.MISSED
    assert callback.number == "+32471123456"
    assert callback.school == caller.schools.get()
    assert callback.team == call.line.team
    # Two hours of service time from 17:30 on a standard calendar: 30 minutes
    # on Tuesday, then 08:00–09:30 on Wednesday.
    assert callback.due_at == at(9, 30, day=(2026, 12, 9))


def test_call_transferred_between_agents_ends_with_the_second(pbx, agent):
    other = make_user(role=Role.AGENT, name="Julie Martin")
    with time_machine.travel(at(11), tick=False) as clock:
        pbx.send(new_call("c4", "+3287654321"))
        clock.move_to(at(11, 0, 5))
        pbx.send(answer("c4", user="Agent Français"))
        clock.move_to(at(11, 2))
        assert pbx.send(answer("c4", user=["Agent Français", "Julie Martin"])) == (200, {})
        clock.move_to(at(11, 6))
        pbx.send(hangup("c4"))
    call = Call.objects.get(call_id="c4")
    assert call.agent == other
    assert call.agent_names == "Agent Français, Julie Martin"
    assert (call.waiting_seconds, call.duration_seconds) == (5, 355)
    transfer = CallEvent.objects.filter(event="answer").last()
    assert transfer.detail == "transferred from Agent Français to Agent Français, Julie Martin"


def test_outbound_call_presents_the_routed_caller_id(pbx, fr_line, agent):
    OutboundRoute.objects.create(
        line=fr_line, position=1, pattern="41*", caller_id="41715880339000"
    )
    OutboundRoute.objects.create(
        line=fr_line, position=2, pattern="491714000000", caller_id="41715880339000"
    )
    fr_line.outbound_caller_id = "4930777000000"
    fr_line.save()
    cases = [
        ("4912347114711", "4930777000000"),
        ("491714000000", "41715880339000"),
        ("4147110000000", "41715880339000"),
    ]
    for n, (to, presented) in enumerate(cases):
        status, body = pbx.send(
            new_call(f"o{n}", "3281000000", to=to, direction="out", user="agent.fr@test.pupitre.be")
        )
        assert (status, body) == (200, {"action": "dial", "caller_id": presented, "number": to})
        call = Call.objects.get(call_id=f"o{n}")
        assert (call.from_raw, call.agent) == (presented, agent)
    pbx.send(answer("o0", direction="out"))
    pbx.send(hangup("o0", direction="out"))
    assert Call.objects.get(call_id="o0").outcome == Outcome.ANSWERED
    assert not Callback.objects.exists()


def test_outbound_call_without_route_or_default_answers_empty(pbx):
    assert pbx.send(new_call("o9", "3281000000", to="3287111111", direction="out")) == (200, {})


def test_outbound_answered_call_settles_the_callback_owed_to_that_number(pbx, agent, caller):
    with time_machine.travel(at(10), tick=False):
        pbx.send(new_call("m1", "0471123456"))
        pbx.send(hangup("m1", cause="noAnswer"))
        pbx.send(
            new_call(
                "b1",
                "3281000000",
                to="32471123456",
                direction="out",
                user="agent.fr@test.pupitre.be",
            )
        )
        pbx.send(answer("b1", direction="out"))
        pbx.send(hangup("b1", direction="out"))
    callback = Callback.objects.get()
    assert (callback.state, callback.done_by, callback.callback_call.call_id) == (
        "done",
        agent,
        "b1",
    )


def test_blocked_number_is_rejected_logged_and_owes_no_callback(pbx):
    blocked_number_add(number="+32 499 99 99 99", reason="Appels abusifs", by=None)
    reply = pbx.send(new_call("x1", "32499999999"))
    assert reply == (200, {"action": "reject", "reason": "busy"})
    # The PBX retries the same request: the same answer, nothing doubled.
    assert pbx.send(new_call("x1", "32499999999")) == reply
    assert pbx.send(hangup("x1", cause="busy")) == (200, {})
    call = Call.objects.get()
    assert call.outcome == Outcome.REJECTED
    assert not Callback.objects.exists()
    assert BlockedNumber.objects.count() == 1


def test_unknown_and_anonymous_numbers_are_logged_without_a_school(pbx):
    pbx.send(new_call("u1", "+33 1 23 45 67 89"))
    pbx.send(new_call("u2", "anonymous"))
    one, two = Call.objects.get(call_id="u1"), Call.objects.get(call_id="u2")
    assert (one.from_number, one.school, one.matched_by) == ("+33123456789", None, "")
    assert (two.from_raw, two.from_number, two.school) == ("anonymous", "", None)
    pbx.send(hangup("u2", cause="cancel"))
    assert Callback.objects.get().number == ""


@pytest.mark.parametrize(
    ("hour", "minute", "reason", "due"),
    [
        # Inside the adult-education school's 21:00 service: an ordinary miss,
        # due two service hours later (30 minutes today, 90 tomorrow).
        (20, 30, CallbackReason.MISSED, (9, 30)),
        # After 21:00: outside its hours, due by 10:00 the next working day.
        (21, 30, CallbackReason.OUT_OF_HOURS, (10, 0)),
    ],
)
def test_adult_education_school_evening_call(pbx, hour, minute, reason, due):
    school = make_school(
        name="Institut de promotion sociale de Namur", school_type=SchoolType.ADULT_EDUCATION
    )
    make_member(school, name="Paul Lambert", phone="+32 475 00 00 01")
    with time_machine.travel(at(hour, minute), tick=False) as clock:
        pbx.send(new_call("e1", "0475000001"))
        clock.move_to(at(hour, minute + 1))
        pbx.send(hangup("e1", cause="cancel"))
    call = Call.objects.get()
    assert call.school == school
    assert call.outside_hours is (reason == CallbackReason.OUT_OF_HOURS)
    assert call.callback.reason == reason
    assert call.callback.due_at == at(*due, day=(2026, 12, 9))


def test_standard_school_calling_at_half_past_eight_is_outside_its_hours(pbx, caller):
    with time_machine.travel(at(20, 30), tick=False):
        pbx.send(new_call("e2", "0471123456"))
        pbx.send(hangup("e2", cause="cancel"))
    assert Callback.objects.get().reason == CallbackReason.OUT_OF_HOURS


def test_voicemail_creates_a_voicemail_callback(pbx, caller):
    pbx.send(new_call("v1", "0471123456"))
    pbx.send(answer("v1", user="voicemail"))
    pbx.send(hangup("v1"))
    call = Call.objects.get()
    assert call.outcome == Outcome.VOICEMAIL
    assert call.agent is None
    assert call.callback.reason == CallbackReason.VOICEMAIL


def test_forwarded_call_is_not_missed(pbx):
    pbx.send(new_call("f1", "0471123456"))
    pbx.send(hangup("f1", cause="forwarded"))
    assert Call.objects.get().outcome == Outcome.FORWARDED
    assert not Callback.objects.exists()


def test_form_encoded_events_with_several_users(pbx):
    assert pbx.send({**new_call("w1", "0471123456"), "user[]": ["A", "B"]}, form=True) == (200, {})
    assert Call.objects.get().agent_names == "A, B"


# --- bad input -----------------------------------------------------------------


def test_unknown_token_is_refused_and_nothing_recorded(pbx):
    assert pbx.send(new_call("t1", "0471123456"), token="not-the-token") == (
        403,
        {"error": "Invalid token, please contact your admin!"},
    )
    assert not CallEvent.objects.exists()
    assert not Call.objects.exists()


def test_inactive_line_refuses_its_token(pbx, fr_line):
    fr_line.active = False
    fr_line.save()
    assert pbx.send(new_call("t2", "0471123456"))[0] == 403
    assert not CallEvent.objects.exists()


@pytest.mark.parametrize(
    ("raw", "params"),
    [
        (b"{not json", None),
        (b"[1, 2]", None),
        (b'"text"', None),
        (None, {"event": "dance", "direction": "in", "from": "1", "to": "2", "callId": "z"}),
        (
            None,
            {"event": "newCall", "direction": "sideways", "from": "1", "to": "2", "callId": "z"},
        ),
        (None, {"event": "newCall", "direction": "in", "from": "1", "to": "2"}),
        (None, {"event": "newCall", "direction": "in", "from": {"a": 1}, "to": "2", "callId": "z"}),
        (
            None,
            {"event": "newCall", "direction": "in", "callId": "z" * 500, "from": "1", "to": "2"},
        ),
        (b"\xff\xfe\x00garbage", None),
        (b"[" * 5000 + b"]" * 5000, None),
        (b'{"a":' * 900 + b"1" + b"}" * 900, None),
    ],
)
def test_malformed_events_are_recorded_and_refused_without_a_server_error(pbx, raw, params):
    status, body = pbx.send(params, raw=raw)
    assert status == 422
    assert "error" in body
    event = CallEvent.objects.get()
    assert event.result == EventResult.MALFORMED
    assert event.body
    assert not Call.objects.exists()


def test_hangup_for_an_unknown_call_is_recorded_and_ignored(pbx):
    assert pbx.send(hangup("ghost")) == (200, {})
    event = CallEvent.objects.get()
    assert (event.result, event.pbx_call_id, event.call) == (
        EventResult.UNKNOWN_CALL,
        "ghost",
        None,
    )


def test_answer_after_hangup_is_out_of_order_and_changes_nothing(pbx):
    pbx.send(new_call("r1", "0471123456"))
    pbx.send(hangup("r1", cause="cancel"))
    assert pbx.send(answer("r1", user="Agent Français")) == (200, {})
    call = Call.objects.get()
    assert (call.outcome, call.answered_at) == (Outcome.MISSED, None)
    assert CallEvent.objects.last().result == EventResult.OUT_OF_ORDER


def test_every_event_sent_twice_is_applied_once(pbx, caller):
    for event in (new_call("d1", "0471123456"), answer("d1", user="Agent Français"), hangup("d1")):
        assert pbx.send(event) == (200, {})
        assert pbx.send(event) == (200, {})
    assert Call.objects.count() == 1
    assert list(CallEvent.objects.values_list("result", flat=True)) == [
        "applied",
        "duplicate",
        "applied",
        "duplicate",
        "applied",
        "duplicate",
    ]
    assert Call.objects.get().outcome == Outcome.ANSWERED


def test_same_call_id_on_two_lines_are_two_calls(pbx, live_server):
    from pupitre.phone.services import line_create
    from pupitre.tickets.models import Team

    other, token = line_create(
        name="Linie DE", number="+3287000000", language="de", team=Team.objects.get(), by=None
    )
    pbx.send(new_call("same", "0471123456"))
    pbx.send(new_call("same", "0471123456"), token=token)
    assert Call.objects.filter(call_id="same").count() == 2


def test_get_is_not_allowed(pbx):
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(pbx.url(), timeout=10)  # noqa: S310
    assert error.value.code == 405


def test_nul_characters_are_kept_readably_on_every_database(pbx):
    body = b'{"event": "newCall", "direction": "in", "from": "0471\\u0000123456", "to": "1",'
    body += b' "callId": "n\\u0000ul", "queue": "\\u0000"}'
    assert pbx.send(raw=body) == (200, {})
    event = CallEvent.objects.get()
    assert event.pbx_call_id == "n\ufffdul"
    assert event.params["callId"] == "n\ufffdul"
    assert Call.objects.get().call_id == "n\ufffdul"


@pytest.mark.django_db
def test_the_webhook_skips_the_browser_middlewares_but_not_https(fr_line, client, settings):
    """web/machine_endpoints.py: no session, language or CSP for the PBX;
    SecurityMiddleware (before it) still answers and redirects."""
    url = f"/phone/cti/{fr_line.token}/"
    response = client.post(url, new_call("m1", "0471123456"), content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {}
    assert "Content-Security-Policy" not in response.headers
    assert "Vary" not in response.headers  # no session, no language negotiated
    assert not response.cookies
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert Call.objects.get(call_id="m1").from_number == "+32471123456"
    page = client.get("/")
    assert "Content-Security-Policy" in page.headers  # people's pages keep theirs

    assert client.get(url).status_code == 405
    assert client.post("/phone/cti/").status_code == 404
    assert client.post("/phone/cti/a/b/").status_code == 404
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert client.post(url, {"event": too_big}).status_code == 400  # never a 500

    settings.SECURE_SSL_REDIRECT = True
    redirected = Client().post(url, new_call("m2", "0471123456"), content_type="application/json")
    assert redirected.status_code == 301
    assert redirected.headers["Location"].startswith("https://")
    assert not Call.objects.filter(call_id="m2").exists()
