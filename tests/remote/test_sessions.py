"""Consent, start, end, summary and record of remote sessions (services)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from pupitre.core.errors import DomainError
from pupitre.remote import services
from pupitre.remote.models import (
    RemoteComputer,
    RemoteSession,
    SessionStatus,
    SessionTool,
)
from pupitre.remote.queries import access_log, available_tools, consent_requests
from pupitre.tickets.models import EventField, Message
from pupitre.web.presenters import describe_event

from ..factories import make_device, make_ticket
from .test_relaylog import end_event, start_event

pytestmark = pytest.mark.django_db


def describe(event) -> str:
    with translation.override("en"):
        return describe_event(event)


@pytest.fixture
def rustdesk_device(school):
    return make_device(school, remote_tool="rustdesk", remote_id="123 456 789")


@pytest.fixture
def ticket(teacher, rustdesk_device):
    return make_ticket(teacher, devices=[rustdesk_device])


def remote_events(ticket):
    return list(
        Message.objects.filter(ticket=ticket, field=EventField.REMOTE).order_by("created_at", "id")
    )


def test_phone_consent_then_a_manual_start_and_end_are_on_the_ticket_and_in_the_log(
    ticket, rustdesk_device, agent_fr
):
    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False):
        session = services.session_record_phone_consent(
            ticket=ticket,
            device=rustdesk_device,
            tool=SessionTool.RUSTDESK,
            by=agent_fr,
            caller_name="  Claire   Dubois ",
            language="fr",
            agree=True,
        )
        session, link = services.session_start(session=session, by=agent_fr)
    assert link == "rustdesk://123456789"
    assert session.status == SessionStatus.ACTIVE
    assert session.consent_by_name == "Claire Dubois"
    assert session.consent_language == "fr"
    assert "J'accepte que Agent Français" in session.consent_sentence
    assert ticket.number in session.consent_sentence
    with time_machine.travel("2026-03-02 09:25:30 +01:00", tick=False):
        session = services.session_end(session=session, by=agent_fr)
    assert session.status == SessionStatus.ENDED
    assert session.duration_seconds == 25 * 60 + 30

    events = remote_events(ticket)
    assert [e.old_value for e in events] == ["consent_given", "started", "ended"]
    assert all(e.author == agent_fr for e in events)
    assert "Claire Dubois agreed by phone" in describe(events[0])
    assert "ended after 25 min 30 s" in describe(events[2])
    assert list(access_log(rustdesk_device)) == [session]


def test_consent_asked_on_the_portal_is_answered_by_a_member_in_their_language(
    ticket, rustdesk_device, agent_fr, ict_contact
):
    session = services.session_request_consent(
        ticket=ticket, device=rustdesk_device, tool=SessionTool.RUSTDESK, by=agent_fr
    )
    assert consent_requests(ticket) == [session]
    # The school is told on its request (and by email if it reads them there).
    reply = Message.objects.filter(ticket=ticket, kind="reply", author=agent_fr).get()
    assert "Agent Français" in reply.body and "J'accepte" in reply.body
    with pytest.raises(DomainError) as refused:
        services.session_start(session=session, by=agent_fr)
    assert refused.value.code == "no_consent"

    session = services.session_consent_answer(
        session=session, by=ict_contact, agree=True, language="de"
    )
    assert session.status == SessionStatus.CONSENTED
    assert session.consent_by == ict_contact
    assert session.consent_by_name == ict_contact.full_name
    assert session.consent_sentence.startswith("Ich bin einverstanden")
    assert consent_requests(ticket) == []
    with pytest.raises(DomainError) as twice:
        services.session_consent_answer(session=session, by=ict_contact, agree=False, language="fr")
    assert twice.value.code == "answered"
    session, _link = services.session_start(session=session, by=agent_fr)
    assert session.status == SessionStatus.ACTIVE
    actions = [e.old_value for e in remote_events(ticket)]
    assert actions == ["consent_requested", "consent_given", "started"]


def test_a_refusal_is_recorded_and_blocks_the_session(ticket, rustdesk_device, agent_fr, teacher):
    session = services.session_request_consent(
        ticket=ticket, device=rustdesk_device, tool=SessionTool.RUSTDESK, by=agent_fr
    )
    session = services.session_consent_answer(
        session=session, by=teacher, agree=False, language="fr"
    )
    assert session.status == SessionStatus.REFUSED
    assert session.consent_sentence  # what they refused, word for word
    with pytest.raises(DomainError) as error:
        services.session_start(session=session, by=agent_fr)
    assert error.value.code == "consent_refused"
    session.refresh_from_db()
    assert session.status == SessionStatus.REFUSED and session.started_at is None
    assert "refused" in describe(remote_events(ticket)[-1])


def test_only_the_requests_school_may_answer(
    ticket, rustdesk_device, agent_fr, other_school_teacher
):
    session = services.session_request_consent(
        ticket=ticket, device=rustdesk_device, tool=SessionTool.RUSTDESK, by=agent_fr
    )
    with pytest.raises(DomainError):
        services.session_consent_answer(
            session=session, by=other_school_teacher, agree=True, language="fr"
        )
    session.refresh_from_db()
    assert session.status == SessionStatus.AWAITING_CONSENT


def test_consent_given_to_one_agent_does_not_let_another_start(
    ticket, rustdesk_device, agent_fr, agent_de
):
    session = services.session_record_phone_consent(
        ticket=ticket,
        device=rustdesk_device,
        tool=SessionTool.RUSTDESK,
        by=agent_fr,
        caller_name="Claire Dubois",
        language="fr",
        agree=True,
    )
    with pytest.raises(DomainError) as error:
        services.session_start(session=session, by=agent_de)
    assert error.value.code == "other_agent"


def test_bad_requests_are_refused_and_write_nothing(
    ticket, rustdesk_device, agent_fr, teacher, other_school
):
    foreign = make_device(other_school, remote_tool="anydesk", remote_id="111")
    no_tool = make_device(ticket.school)
    attempts = [
        dict(device=foreign, tool=SessionTool.ANYDESK, caller_name="X"),
        dict(device=no_tool, tool=SessionTool.RUSTDESK, caller_name="X"),
        dict(device=rustdesk_device, tool=SessionTool.TEAMVIEWER, caller_name="X"),
        dict(device=rustdesk_device, tool=SessionTool.MESHCENTRAL, caller_name="X"),
        dict(device=rustdesk_device, tool=SessionTool.RUSTDESK, caller_name="   "),
        dict(device=rustdesk_device, tool=SessionTool.RUSTDESK, caller_name="x" * 151),
        dict(device=rustdesk_device, tool=SessionTool.RUSTDESK, caller_name="X", language="nl"),
    ]
    for attempt in attempts:
        values = {"language": "fr", **attempt}
        with pytest.raises(DomainError):
            services.session_record_phone_consent(ticket=ticket, by=agent_fr, agree=True, **values)
    with pytest.raises(DomainError):
        services.session_request_consent(
            ticket=ticket, device=rustdesk_device, tool=SessionTool.RUSTDESK, by=teacher
        )
    assert not RemoteSession.objects.exists()
    assert remote_events(ticket) == []


def test_a_session_without_a_ticket_is_recorded_and_flagged(rustdesk_device, agent_fr):
    session = services.session_record_phone_consent(
        device=rustdesk_device,
        tool=SessionTool.RUSTDESK,
        by=agent_fr,
        caller_name="Claire Dubois",
        language="fr",
        agree=True,
    )
    assert session.without_ticket
    assert "request" not in session.consent_sentence and "demande" not in session.consent_sentence
    assert list(access_log(rustdesk_device)) == [session]


def test_summary_after_the_session_goes_to_the_history(ticket, rustdesk_device, agent_fr):
    session = services.session_record_phone_consent(
        ticket=ticket,
        device=rustdesk_device,
        tool=SessionTool.RUSTDESK,
        by=agent_fr,
        caller_name="Claire Dubois",
        language="fr",
        agree=True,
    )
    session, _link = services.session_start(session=session, by=agent_fr)
    services.session_end(session=session, by=agent_fr)
    with pytest.raises(DomainError):
        services.session_summary_save(session=session, by=agent_fr, summary="   ")
    services.session_summary_save(session=session, by=agent_fr, summary="Pilote Wi-Fi réinstallé.")
    session.refresh_from_db()
    assert session.summary == "Pilote Wi-Fi réinstallé."
    assert describe(remote_events(ticket)[-1]).endswith("Pilote Wi-Fi réinstallé.")


def test_a_pending_request_can_be_withdrawn_not_a_started_one(ticket, rustdesk_device, agent_fr):
    pending = services.session_request_consent(
        ticket=ticket, device=rustdesk_device, tool=SessionTool.RUSTDESK, by=agent_fr
    )
    assert services.session_cancel(session=pending, by=agent_fr).status == "cancelled"
    started = services.session_record_phone_consent(
        ticket=ticket,
        device=rustdesk_device,
        tool=SessionTool.RUSTDESK,
        by=agent_fr,
        caller_name="Claire Dubois",
        language="fr",
        agree=True,
    )
    started, _link = services.session_start(session=started, by=agent_fr)
    with pytest.raises(DomainError):
        services.session_cancel(session=started, by=agent_fr)


# MeshCentral's events ----------------------------------------------------------

NODE = "node//Ab3$x@kLm9"


@pytest.fixture
def enrolled(school, rustdesk_device):
    RemoteComputer.objects.create(
        node_id=NODE, school=school, name="PC-SALLE-12", device=rustdesk_device
    )
    return rustdesk_device


def opened_session(ticket, device, agent, opened_at):
    """A session whose MeshCentral link the agent opened (as session_start
    leaves it)."""
    return RemoteSession.objects.create(
        ticket=ticket,
        device=device,
        tool=SessionTool.MESHCENTRAL,
        node_id=NODE,
        agent=agent,
        remote_user="pupitre-agent-7",
        status=SessionStatus.OPENED,
        requested_at=opened_at,
        opened_at=opened_at,
        consent_channel="phone",
        consent_by_name="Claire Dubois",
        consent_at=opened_at,
        consent_language="fr",
        consent_sentence="J'accepte…",
    )


def test_meshcentral_events_complete_the_opened_session_once(ticket, enrolled, agent_fr):
    opened = datetime(2026, 12, 7, 8, 58, tzinfo=UTC)
    session = opened_session(ticket, enrolled, agent_fr, opened)
    events = [end_event(), start_event()]
    assert services.sessions_import_events(events=events) == 2
    assert services.sessions_import_events(events=events) == 0  # read again: nothing new
    session.refresh_from_db()
    assert session.status == SessionStatus.ENDED
    assert session.relay_id == "r1" and session.protocol == "desktop"
    assert session.started_at == opened + timedelta(minutes=2)
    assert session.duration_seconds == 754
    history = remote_events(ticket)
    assert [e.old_value for e in history] == ["started", "ended"]
    assert history[0].created_at == session.started_at
    assert history[1].created_at == session.ended_at
    assert all(e.author == agent_fr for e in history)


def test_a_running_session_ends_on_a_later_read(ticket, enrolled, agent_fr):
    opened = datetime(2026, 12, 7, 8, 58, tzinfo=UTC)
    session = opened_session(ticket, enrolled, agent_fr, opened)
    services.sessions_import_events(events=[start_event()])
    session.refresh_from_db()
    assert session.status == SessionStatus.ACTIVE
    services.sessions_import_events(events=[end_event(), start_event()])
    session.refresh_from_db()
    assert session.status == SessionStatus.ENDED
    assert [e.old_value for e in remote_events(ticket)] == ["started", "ended"]


def test_a_second_relay_under_the_same_link_shares_its_consent(ticket, enrolled, agent_fr):
    opened = datetime(2026, 12, 7, 8, 58, tzinfo=UTC)
    opened_session(ticket, enrolled, agent_fr, opened)
    services.sessions_import_events(
        events=[
            start_event("r1"),
            start_event("files", msgid=16, time="2026-12-07T09:05:00Z"),
        ]
    )
    second = RemoteSession.objects.get(relay_id="files")
    assert second.ticket == ticket and second.agent == agent_fr
    assert second.consent_by_name == "Claire Dubois"
    assert second.protocol == "files"


def test_a_session_run_outside_pupitre_is_logged_without_ticket_or_consent(enrolled, agent_fr):
    services.sessions_import_events(events=[end_event("direct"), start_event("direct")])
    session = RemoteSession.objects.get(relay_id="direct")
    assert session.without_ticket
    assert session.device == enrolled  # the computer is matched to the registry
    assert session.computer_name == "PC-SALLE-12"
    assert session.consent_channel == "" and session.consent_by_name == ""
    assert session.remote_user == "pupitre-agent-7"
    assert session.status == SessionStatus.ENDED
    assert list(access_log(enrolled)) == [session]


def test_an_old_link_is_not_matched_to_a_much_later_session(ticket, enrolled, agent_fr):
    opened = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    old = opened_session(ticket, enrolled, agent_fr, opened)
    services.sessions_import_events(events=[start_event()])
    old.refresh_from_db()
    assert old.status == SessionStatus.OPENED and old.relay_id == ""
    assert RemoteSession.objects.get(relay_id="r1").without_ticket


def test_the_purge_keeps_sessions_inside_the_retention_period(
    settings, ticket, rustdesk_device, agent_fr
):
    settings.REMOTE_SESSION_RETENTION_DAYS = 365
    with time_machine.travel("2025-01-10 10:00 +01:00", tick=False):
        old = services.session_record_phone_consent(
            ticket=ticket,
            device=rustdesk_device,
            tool=SessionTool.RUSTDESK,
            by=agent_fr,
            caller_name="A",
            language="fr",
            agree=True,
        )
    with time_machine.travel("2025-06-10 10:00 +02:00", tick=False):
        recent = services.session_record_phone_consent(
            ticket=ticket,
            device=rustdesk_device,
            tool=SessionTool.RUSTDESK,
            by=agent_fr,
            caller_name="B",
            language="fr",
            agree=True,
        )
    with time_machine.travel("2026-03-01 10:00 +01:00", tick=False):
        assert services.sessions_purge() == 1
    assert list(RemoteSession.objects.all()) == [recent]
    assert not RemoteSession.objects.filter(pk=old.pk).exists()


def test_tools_of_a_device(school):
    assert available_tools(make_device(school)) == []
    assert available_tools(make_device(school, remote_tool="anydesk", remote_id="1 2")) == [
        ("anydesk", "AnyDesk")
    ]
    assert available_tools(make_device(school, remote_tool="anydesk", remote_id=" ")) == []


def test_a_session_on_a_computer_not_in_the_registry_is_kept(db):
    services.sessions_import_events(events=[end_event("x"), start_event("x")])
    session = RemoteSession.objects.get(relay_id="x")
    assert session.device is None and session.node_id == NODE
    assert session.duration_seconds == 754 and session.without_ticket
