"""Demo data for remote sessions: on an open request of each language's
first school (the demo ICT contacts' schools), one session done with
consent by phone and a summary, and one consent waiting for the school on
the portal; elsewhere a refusal. Devices with RustDesk, TeamViewer or
AnyDesk only: MeshCentral's own sessions come from its events."""

import json
from datetime import timedelta

from django.utils import timezone

from pupitre.equipment.models import Device
from pupitre.remote import services
from pupitre.remote.models import MANUAL_TOOLS, RemoteSession
from pupitre.tickets.models import ACTIVE_STATUSES, EventField, Message, Ticket

CALLER = {"fr": "Sophie Renard", "de": "Anna Kohnen"}
SUMMARY = {
    "fr": "Pilote de l'imprimante réinstallé, impression de test réussie.",
    "de": "Druckertreiber neu installiert, Testdruck erfolgreich.",
}


def build(schools, agents) -> int:
    """`schools` in the demo's order, `agents` by language. Returns the
    number of sessions made."""
    made = 0
    for language in ("fr", "de"):
        school = next((s for s in schools if s.language == language), None)
        staff = agents.get(language)
        if school is None or not staff:
            continue
        agent = staff[0]
        tickets = list(
            Ticket.objects.filter(school=school, status__in=ACTIVE_STATUSES).order_by("created_at")[
                :2
            ]
        )
        for index, ticket in enumerate(tickets):
            device = _reachable_device(ticket, index)
            if device is None:
                continue
            if index == 0:
                _done(ticket, device, agent, language)
            else:
                services.session_request_consent(
                    ticket=ticket, device=device, tool=device.remote_tool, by=agent
                )
            made += 1
    return made


def _reachable(device) -> bool:
    return device.remote_tool in MANUAL_TOOLS and bool(device.remote_id.strip())


def _reachable_device(ticket, index):
    """A device of the ticket the demo agent can reach: one with a tool, or
    one of the school's given a RustDesk identifier and put on the ticket."""
    devices = list(ticket.devices.all())
    device = next((d for d in devices if _reachable(d)), None)
    if device is not None:
        return device
    device = devices[0] if devices else ticket.school.devices.order_by("id").first()
    if device is None:
        return None
    Device.objects.filter(pk=device.pk).update(
        remote_tool="rustdesk", remote_id=f"{index + 1}23 456 789"
    )
    ticket.devices.add(device)
    device.refresh_from_db()
    return device


def _done(ticket, device, agent, language) -> None:
    session = services.session_record_phone_consent(
        ticket=ticket,
        device=device,
        tool=device.remote_tool,
        by=agent,
        caller_name=CALLER[language],
        language=language,
        agree=True,
    )
    session, _link = services.session_start(session=session, by=agent)
    session = services.session_end(session=session, by=agent)
    services.session_summary_save(session=session, by=agent, summary=SUMMARY[language])
    # The demo's session took place earlier today and lasted 17 minutes:
    # its times, and those of its history entries, are moved back.
    start = max(ticket.created_at, timezone.now() - timedelta(hours=3))
    end = start + timedelta(minutes=17, seconds=40)
    RemoteSession.objects.filter(pk=session.pk).update(
        requested_at=start,
        consent_at=start,
        opened_at=start,
        started_at=start,
        ended_at=end,
        duration_seconds=int((end - start).total_seconds()),
    )
    events = Message.objects.filter(ticket=ticket, field=EventField.REMOTE)
    events.filter(old_value__in=["consent_given", "started"]).update(created_at=start)
    events.filter(old_value__in=["ended", "summary"]).update(created_at=end)
    ended = events.get(old_value="ended")
    details = json.loads(ended.body)
    details["duration"] = int((end - start).total_seconds())
    events.filter(pk=ended.pk).update(body=json.dumps(details, ensure_ascii=False, sort_keys=True))
