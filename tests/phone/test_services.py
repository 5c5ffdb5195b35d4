"""Phone services without HTTP: numbers, the ticket's history, callbacks,
lines as audited settings, retention."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from pupitre.audit.models import AuditRecord
from pupitre.core.errors import DomainError
from pupitre.phone import services
from pupitre.phone.models import Call, Callback, CallbackState, CallEvent, PhoneLine
from pupitre.phone.numbers import matches_pattern, normalize, quick_normalize
from pupitre.phone.queries import line_by_token
from pupitre.tickets.models import EventField, Message
from pupitre.web.presenters import describe_event

from ..factories import make_team, make_ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("087 12 34 56", "BE", "+3287123456"),
        ("+32 (0)87 12 34 56", "BE", "+3287123456"),
        ("0032 471 12 34 56", "BE", "+32471123456"),
        ("3287123456", "BE", "+3287123456"),
        ("493055571600", "BE", "+493055571600"),
        ("+49 (0) 30 60 00 00 00-0", "BE", "+4930600000000"),
        ("0241 123456", "DE", "+49241123456"),
        ("+33 1 23 45 67 89", "BE", "+33123456789"),
        ("+352 26 12 34 56", "BE", "+35226123456"),
        ("+31 20 123 4567", "BE", "+31201234567"),
        ("anonymous", "BE", ""),
        ("12", "BE", ""),
        ("abc", "BE", ""),
        ("", "BE", ""),
    ],
)
def test_numbers_are_read_into_e164(raw, region, e164):
    assert normalize(raw, region) == e164


@pytest.mark.parametrize(
    "raw",
    [
        "087 12 34 56",
        "+32 (0)87 12 34 56",
        "0032 471 12 34 56",
        "081/30.40.50",
        "+49 (0) 30 60 00 00 00-0",
        "+33 1 23 45 67 89",
        "+352 26 12 34 56",
        "0471-12-34-56",
        "12",
        "anonymous",
        "3287123456",
    ],
)
def test_the_quick_reading_of_directory_numbers_agrees_with_the_library(raw):
    assert quick_normalize(raw) == normalize(raw)


def test_routing_patterns_match_whole_numbers_with_star_as_one_or_more():
    assert matches_pattern("4147110000000", "41*")
    assert not matches_pattern("41", "41*")
    assert not matches_pattern("4914", "491")
    assert matches_pattern("+491714000000", "491714000000")


@pytest.fixture
def line(db):
    line, _token = services.line_create(
        name="Ligne FR", number="081 00 00 00", language="fr", team=make_team("fr"), by=None
    )
    return line


def test_a_line_without_a_team_is_refused_and_nothing_written(line):
    with pytest.raises(DomainError) as refused:
        services.line_create(
            name="Ligne sans équipe", number="081 11 11 11", language="fr", team=None, by=None
        )
    assert (refused.value.code, refused.value.field) == ("required", "team")
    with pytest.raises(DomainError):
        services.line_save(line=line, by=None, team=None)
    assert PhoneLine.objects.get().team_id == line.team_id
    assert not AuditRecord.objects.filter(object_label="Ligne sans équipe").exists()


def make_call(line, **fields):
    defaults = {
        "call_id": "c1",
        "direction": "in",
        "from_raw": "0471123456",
        "party_number": "+32471123456",
        "state": "ended",
        "outcome": "answered",
        "started_at": datetime(2026, 12, 8, 10, tzinfo=BRUSSELS),
        "duration_seconds": 185,
    }
    return Call.objects.create(line=line, **{**defaults, **fields})


def test_a_call_attached_to_a_ticket_is_in_its_history(line, teacher, agent_fr):
    ticket = make_ticket(teacher)
    call = make_call(line)
    services.call_attach_ticket(call=call, ticket=ticket, by=agent_fr)
    services.call_attach_ticket(call=call, ticket=ticket, by=agent_fr)
    event = Message.objects.get(ticket=ticket, field=EventField.CALL)
    with translation.override("fr"):
        assert describe_event(event) == "Appel entrant de +32471123456 : répondu, 3:05."
    with translation.override("de"):
        assert describe_event(event) == "Eingehender Anruf von +32471123456: angenommen, 3:05."
    assert Call.objects.get().ticket == ticket


def test_a_school_member_cannot_attach_a_call(line, teacher):
    with pytest.raises(DomainError):
        services.call_attach_ticket(call=make_call(line), ticket=make_ticket(teacher), by=teacher)


def test_callback_taken_then_done_with_a_note(line, agent_fr, agent_de):
    call = make_call(line, outcome="missed")
    callback = Callback.objects.create(
        call=call,
        number="+32471123456",
        reason="missed",
        team=line.team,
        created_at=call.started_at,
        due_at=call.started_at + timedelta(hours=2),
    )
    callback = services.callback_take(callback=callback, by=agent_fr)
    assert (callback.state, callback.taken_by) == (CallbackState.TAKEN, agent_fr)
    callback = services.callback_take(callback=callback, by=agent_de)
    assert callback.taken_by == agent_de
    callback = services.callback_done(callback=callback, by=agent_de, note="Rappelé, réglé.")
    assert (callback.state, callback.done_by, callback.note) == (
        "done",
        agent_de,
        "Rappelé, réglé.",
    )
    with pytest.raises(DomainError):
        services.callback_take(callback=callback, by=agent_fr)


def test_line_token_is_stored_hashed_and_renewed(line, supervisor):
    token = services.line_token_renew(line=line, by=supervisor)
    assert line_by_token(token) == line
    assert token not in PhoneLine.objects.values_list("token_hash", flat=True)
    assert line_by_token(token + "x") is None
    again = services.line_token_renew(line=line, by=supervisor)
    assert line_by_token(token) is None
    assert line_by_token(again) == line


def test_line_changes_are_audited_and_checked(line, supervisor):
    services.line_save(line=line, by=supervisor, number="+32 81 00 00 01", active=False)
    fields = set(AuditRecord.objects.filter(by=supervisor).values_list("field", "new_value"))
    assert fields == {("number", "+3281000001"), ("active", "no")}
    with pytest.raises(DomainError) as error:
        services.line_save(line=line, by=supervisor, number="not a number")
    assert error.value.field == "number"
    assert PhoneLine.objects.get().number == "+3281000001"


def test_calls_older_than_the_retention_are_purged(line, settings):
    settings.PHONE_RETENTION_MONTHS = 12
    old = make_call(line, call_id="old", started_at=datetime(2025, 11, 1, tzinfo=BRUSSELS))
    recent = make_call(line, call_id="new", started_at=datetime(2026, 6, 1, tzinfo=BRUSSELS))
    CallEvent.objects.create(line=line, call=old, received_at=old.started_at, result="applied")
    CallEvent.objects.create(line=line, received_at=old.started_at, result="malformed")
    Callback.objects.create(
        call=old, reason="missed", team=line.team, created_at=old.started_at, due_at=old.started_at
    )
    with time_machine.travel(datetime(2026, 12, 8, tzinfo=BRUSSELS), tick=False):
        assert services.calls_purge() == 1
    assert list(Call.objects.all()) == [recent]
    assert not CallEvent.objects.exists()
    assert not Callback.objects.exists()


def test_the_purge_is_a_periodic_task_of_the_scheduler(line, settings):
    from django.utils.module_loading import import_string

    path = "pupitre.phone.periodic.calls_purge"
    assert path in dict(settings.PERIODIC_TASKS)
    make_call(line, call_id="ancient", started_at=datetime(2020, 1, 1, tzinfo=BRUSSELS))
    assert import_string(path).call() == 1
    assert not Call.objects.exists()


def test_ringing_calls_are_for_the_lines_team_and_never_stuck(line, agent_fr, agent_de):
    from django.utils import timezone

    from pupitre.phone.queries import ringing_calls_for_user

    line.team.members.add(agent_fr)
    now = timezone.now()
    ringing = make_call(line, call_id="r", state="ringing", outcome="", started_at=now)
    make_call(line, call_id="old", state="ringing", outcome="", started_at=now - timedelta(hours=5))
    make_call(line, call_id="done", started_at=now, ended_at=now)
    assert list(ringing_calls_for_user(agent_fr)) == [ringing]
    assert list(ringing_calls_for_user(agent_de)) == []
