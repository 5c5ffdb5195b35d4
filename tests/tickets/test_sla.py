"""SLA targets on tickets: due times on the school's calendar, pauses while
waiting for the school, priority changes, the first response, and the
periodic warning/breach check."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from pupitre.accounts.models import Role
from pupitre.hours.queries import calendar_for_school
from pupitre.schools.models import SchoolType
from pupitre.tickets import services, sla
from pupitre.tickets.models import (
    EventField,
    Message,
    Priority,
    ServiceCategory,
    SlaPolicy,
    SlaState,
    Status,
)

from ..factories import make_member, make_school, make_team, make_ticket, make_user

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


def local(*args):
    return datetime(*args, tzinfo=BRUSSELS)


@pytest.fixture
def at(time_machine):
    """Freeze the clock at a Brussels wall-clock time: at(2026, 3, 23, 10)."""

    def move(*args):
        time_machine.move_to(local(*args), tick=False)

    return move


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def sla_events(ticket):
    return list(
        Message.objects.filter(ticket=ticket, field=EventField.SLA).values_list(
            "body", "old_value", "new_value"
        )
    )


def test_default_policies_are_shipped():
    targets = {
        p.priority: (p.first_response_minutes, p.resolution_minutes)
        for p in SlaPolicy.objects.filter(category="")
    }
    assert targets == {
        Priority.URGENT: (60, 600),
        Priority.HIGH: (120, 1200),
        Priority.NORMAL: (240, 3000),
        Priority.LOW: (600, 6000),
    }


def test_new_ticket_gets_due_times_on_the_school_calendar_across_the_spring_switch(at, teacher):
    at(2026, 3, 23, 10)  # Monday; clocks go forward on Sunday 29 March
    ticket = make_ticket(teacher)  # normal: 4 h / 5 business days
    assert ticket.first_response_due == local(2026, 3, 23, 14)
    assert ticket.first_response_warn_at == local(2026, 3, 23, 13, 12)  # 80 % of 4 h
    # 8 h on Monday, 4 × 10 h, then 2 h on the next Monday (in summer time).
    assert ticket.resolution_due == local(2026, 3, 30, 10)
    assert ticket.resolution_due == datetime(2026, 3, 30, 8, tzinfo=UTC)
    assert ticket.sla_next_due == ticket.first_response_due
    ticket.refresh_from_db()
    assert ticket.sla_first_response_state == SlaState.OK


def test_due_times_skip_easter_monday_and_ascension(at, teacher):
    at(2027, 3, 26, 17)  # Friday before Easter Monday 2027
    ticket = make_ticket(teacher, priority=Priority.HIGH)  # 2 h
    assert ticket.first_response_due == local(2027, 3, 30, 9)
    at(2026, 5, 13, 17)  # Wednesday before Ascension 2026
    ticket = make_ticket(teacher, priority=Priority.HIGH)
    assert ticket.first_response_due == local(2026, 5, 15, 9)


def test_due_times_across_the_autumn_switch(at, teacher):
    at(2026, 10, 23, 17)  # Friday; clocks go back on Sunday 25 October
    ticket = make_ticket(teacher, priority=Priority.HIGH)
    assert ticket.first_response_due == local(2026, 10, 26, 9)
    assert ticket.first_response_due == datetime(2026, 10, 26, 8, tzinfo=UTC)


def test_adult_education_school_counts_until_21_00(at):
    adult = make_school(school_type=SchoolType.ADULT_EDUCATION)
    at(2026, 3, 24, 19)
    ticket = make_ticket(make_member(adult), priority=Priority.URGENT)
    assert ticket.first_response_due == local(2026, 3, 24, 20)
    at(2026, 3, 24, 20, 30)
    ticket = make_ticket(make_member(adult), priority=Priority.URGENT)
    assert ticket.first_response_due == local(2026, 3, 25, 8, 30)


def test_waiting_for_the_school_stops_the_clock_and_moves_the_due_time(at, teacher, agent_fr):
    at(2026, 3, 23, 10)
    ticket = make_ticket(teacher)
    at(2026, 3, 23, 11)
    ticket = services.ticket_set_status(
        ticket=ticket, status=Status.WAITING_FOR_SCHOOL, by=agent_fr
    )
    assert ticket.first_response_due is None
    assert ticket.resolution_due is None
    assert ticket.sla_next_due is None
    at(2026, 3, 24, 9)  # the school answers the next morning
    services.ticket_reply(ticket=ticket, author=teacher, body="Voici le numéro de série.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    # 1 h used before the pause, 3 h left from Tuesday 09:00.
    assert ticket.first_response_due == local(2026, 3, 24, 12)
    # The pause held 8 business hours (Monday 11–18, Tuesday 08–09): the
    # resolution moves from Monday 30 March 10:00 to 18:00.
    paused = calendar_for_school(ticket.school).business_time_between(
        local(2026, 3, 23, 11), local(2026, 3, 24, 9)
    )
    assert paused == timedelta(hours=8)
    assert ticket.resolution_due == local(2026, 3, 30, 18)


def test_priority_change_recomputes_from_the_start_keeping_elapsed_time(at, teacher, agent_fr):
    at(2026, 3, 23, 10)
    ticket = make_ticket(teacher)  # normal: 4 h
    at(2026, 3, 23, 10, 30)
    ticket = services.ticket_set_priority(ticket=ticket, priority=Priority.URGENT, by=agent_fr)
    assert ticket.first_response_due == local(2026, 3, 23, 11)  # 1 h from the start
    assert ticket.resolution_due == local(2026, 3, 24, 10)  # one 10-hour business day
    ticket = services.ticket_set_priority(ticket=ticket, priority=Priority.LOW, by=agent_fr)
    assert ticket.first_response_due == local(2026, 3, 24, 10)


def test_a_category_policy_wins_over_the_priority_default(at, teacher):
    SlaPolicy.objects.create(
        priority=Priority.NORMAL,
        category=ServiceCategory.ONSITE,
        first_response_minutes=480,
        resolution_minutes=6000,
    )
    at(2026, 3, 23, 10)
    ticket = make_ticket(teacher, category=ServiceCategory.ONSITE)
    assert ticket.first_response_due == local(2026, 3, 23, 18)


def test_first_public_staff_reply_meets_the_first_response_target(at, teacher, agent_fr):
    at(2026, 3, 23, 10)
    ticket = make_ticket(teacher)
    at(2026, 3, 23, 11)
    services.ticket_add_note(ticket=ticket, author=agent_fr, body="Note interne.")
    ticket.refresh_from_db()
    assert ticket.sla_first_response_state == SlaState.OK
    services.ticket_reply(ticket=ticket, author=agent_fr, body="Bonjour, nous regardons.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == local(2026, 3, 23, 11)
    assert ticket.sla_first_response_state == SlaState.MET
    assert ticket.sla_next_due == ticket.resolution_due


def test_resolving_late_marks_the_resolution_breached(at, teacher, agent_fr):
    at(2026, 3, 23, 10)
    ticket = make_ticket(teacher, priority=Priority.URGENT)
    at(2026, 3, 25, 10)
    ticket = services.ticket_set_status(ticket=ticket, status=Status.RESOLVED, by=agent_fr)
    assert ticket.sla_resolution_state == SlaState.BREACHED
    assert ticket.sla_next_due is None


def test_progress_shows_elapsed_and_remaining_business_time(at, teacher):
    at(2026, 3, 20, 17)  # Friday
    ticket = make_ticket(teacher)
    at(2026, 3, 23, 9, 30)  # Monday
    first, resolution = sla.progress(ticket, datetime.now(UTC))
    assert first.elapsed == timedelta(hours=2, minutes=30)
    assert first.remaining == timedelta(hours=1, minutes=30)
    assert resolution.target == timedelta(hours=50)


def test_waiting_pauses_come_from_status_events():
    t = [local(2026, 3, 23, h) for h in range(8, 18)]
    events = [
        (t[0], "new", "open"),
        (t[1], "open", "waiting_for_school"),
        (t[3], "waiting_for_school", "open"),
        (t[5], "open", "waiting_for_school"),
    ]
    assert sla.waiting_pauses(events, until=t[7]) == [(t[1], t[3]), (t[5], t[7])]


class TestPeriodicCheck:
    @pytest.fixture(autouse=True)
    def _tasks(self, immediate_tasks):
        pass

    def test_warning_then_breach_write_events_and_alert_the_assignee(
        self, at, teacher, agent_de, django_capture_on_commit_callbacks
    ):
        at(2026, 3, 23, 10)
        ticket = make_ticket(teacher, priority=Priority.URGENT)  # 1 h, warning at 10:48
        services.ticket_assign(ticket=ticket, assignee=agent_de, by=agent_de)
        at(2026, 3, 23, 10, 47)
        assert services.tickets_sla_check() == 0
        at(2026, 3, 23, 10, 48)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.tickets_sla_check() == 1
        ticket.refresh_from_db()
        assert ticket.sla_first_response_state == SlaState.WARNING
        assert sla_events(ticket) == [("first_response", "ok", "warning")]
        [email] = mail.outbox
        assert email.to == [agent_de.email]
        assert "bald fällig" in email.subject  # in the agent's language
        assert ticket.number in email.body and ticket.number in email.alternatives[0][0]

        at(2026, 3, 23, 11)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.tickets_sla_check() == 1
            assert services.tickets_sla_check() == 0  # once only
        ticket.refresh_from_db()
        assert ticket.sla_first_response_state == SlaState.BREACHED
        assert sla_events(ticket)[-1] == ("first_response", "warning", "breached")
        assert "überfällig" in mail.outbox[-1].subject

    def test_unassigned_ticket_alerts_the_supervisors_of_its_team(
        self, at, teacher, teams, supervisor, django_capture_on_commit_callbacks
    ):
        other_supervisor = make_user(role=Role.SUPERVISOR, language="de")
        teams["fr"].members.add(supervisor)
        teams["de"].members.add(other_supervisor)
        at(2026, 3, 23, 10)
        ticket = make_ticket(teacher, priority=Priority.URGENT)
        assert ticket.team == teams["fr"]
        at(2026, 3, 23, 11, 5)  # past both the warning and the due time
        with django_capture_on_commit_callbacks(execute=True):
            assert services.tickets_sla_check() == 1
        ticket.refresh_from_db()
        assert ticket.sla_first_response_state == SlaState.BREACHED
        assert [m.to for m in mail.outbox] == [[supervisor.email]]
        assert "en retard" in mail.outbox[0].subject

    def test_a_paused_ticket_is_not_escalated(self, at, teacher, agent_fr):
        at(2026, 3, 23, 10)
        ticket = make_ticket(teacher, priority=Priority.URGENT)
        services.ticket_set_status(ticket=ticket, status=Status.WAITING_FOR_SCHOOL, by=agent_fr)
        at(2026, 3, 25, 10)
        assert services.tickets_sla_check() == 0

    def test_a_later_due_time_takes_the_state_back_down(self, at, teacher, agent_fr):
        at(2026, 3, 23, 10)
        ticket = make_ticket(teacher, priority=Priority.URGENT)
        at(2026, 3, 23, 11, 30)
        services.tickets_sla_check()
        ticket.refresh_from_db()
        assert ticket.sla_first_response_state == SlaState.BREACHED
        ticket = services.ticket_set_priority(ticket=ticket, priority=Priority.LOW, by=agent_fr)
        assert ticket.sla_first_response_state == SlaState.OK

    def test_scheduler_once_enqueues_the_check(
        self, at, teacher, agent_fr, django_capture_on_commit_callbacks
    ):
        make_team("fr").members.add(make_user(role=Role.SUPERVISOR))
        at(2026, 3, 23, 10)
        ticket = make_ticket(teacher, priority=Priority.URGENT)
        at(2026, 3, 23, 10, 50)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("scheduler", "--once")
        ticket.refresh_from_db()
        assert ticket.sla_first_response_state == SlaState.WARNING
