"""Writes of remote maintenance: the schools' device groups in MeshCentral,
their install links, the mirror of the computers MeshCentral knows and
their match to the registry; and the remote sessions: the consent (asked on
the portal or taken by phone, refused or given), the start (a MeshCentral
login link, or another tool's own link with a start and an end noted by
hand), the end, the agent's summary, the import of MeshCentral's relay
events and the purge after the retention period. Every step of a session
with a ticket is written to the ticket's history in the same transaction.

MeshCentral is called before the database is written: a refused or failed
call leaves Pupitre's rows as they were. A group created in MeshCentral whose
row could not be saved is found again by its name the next time (the name
carries the school's official number), so no school ever gets two groups.
"""

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pupitre.accounts.models import STAFF_ROLES, Language, User
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record, snapshot
from pupitre.core.config_cache import forget
from pupitre.core.errors import DomainError
from pupitre.equipment.models import Device, DeviceStatus
from pupitre.schools.models import School
from pupitre.schools.queries import check_school_member
from pupitre.tickets.models import Status, Ticket
from pupitre.tickets.services import ticket_record_remote_session, ticket_reply

from . import queries, relaylog
from .consent import consent_sentence
from .meshcentral import (
    CONN_AGENT,
    MeshCentralClient,
    MeshCentralNotConfigured,
    agent_username,
    serial_number,
    user_pk_from_mesh,
)
from .models import (
    MANUAL_TOOLS,
    ConsentChannel,
    MatchedBy,
    MeshCentralServer,
    RemoteComputer,
    RemoteSession,
    SchoolDeviceGroup,
    SessionStatus,
    SessionTool,
)

# What the change history keeps of an agent's match of a computer.
COMPUTER_LINK_FIELDS = ("device", "matched_by")

# An install link is handed out again while it has at least this long left.
INVITE_REUSE_MARGIN = timedelta(hours=1)


SERVER_FIELDS = [
    "name",
    "url",
    "username",
    "verify_tls",
    "timeout_seconds",
    "invite_hours",
    "login_link_minutes",
    "consent_notify",
    "consent_prompt",
    "consent_toolbar",
    "active",
]


logger = logging.getLogger(__name__)


def meshcentral_server_save(
    *, by, server: MeshCentralServer | None = None, **values
) -> MeshCentralServer:
    """Creates or changes the MeshCentral server's configuration (its
    secrets stay in the environment), with a change-history record."""
    unknown = set(values) - set(SERVER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        if server is not None and server.pk:
            server = MeshCentralServer.objects.select_for_update().get(pk=server.pk)
            old = snapshot(server, SERVER_FIELDS)
        else:
            server = MeshCentralServer()
            old = None
        for name, value in values.items():
            setattr(server, name, value)
        if not server.url.startswith(("https://", "http://")):
            raise DomainError(
                _("The MeshCentral address must start with https://."),
                code="remote_bad_url",
                field="url",
            )
        server.full_clean()
        server.save()
        forget(queries.MESHCENTRAL_SERVER)
        audit_record(
            by=by,
            kind=ObjectKind.MESHCENTRAL_SERVER,
            object_id=server.pk,
            label=str(server),
            old=old,
            new=snapshot(server, SERVER_FIELDS),
        )
    return server


def _server() -> MeshCentralServer:
    server = queries.meshcentral_server()
    if server is None:
        raise MeshCentralNotConfigured()
    return server


def group_name(school: School) -> str:
    return f"{school.name} ({school.official_number})"


def _find_group(groups: list[dict], mesh_id: str = "", name: str = "") -> dict | None:
    for group in groups:
        if mesh_id and group.get("_id") == mesh_id:
            return group
    for group in groups:
        if name and group.get("name") == name and group.get("mtype") == 2:
            return group
    return None


def school_group_ensure(*, school: School, by=None) -> SchoolDeviceGroup:
    """The school's device group, created in MeshCentral with the
    programme's consent policy when it has none, recreated when it was
    removed there, its consent flags put back when they were changed."""
    server = _server()
    client = MeshCentralClient(server)
    existing = queries.school_group(school.pk)
    groups = client.groups()
    name = group_name(school)
    consent = server.consent_bits
    found = _find_group(groups, mesh_id=existing.mesh_id if existing else "", name=name)
    if found is None:
        mesh_id = client.group_create(
            name=name,
            consent=consent,
            description=_("Computers of %(school)s") % {"school": school.name},
        )
    else:
        mesh_id = found["_id"]
        if found.get("consent") != consent:
            client.group_set_consent(mesh_id=mesh_id, consent=consent)
    with transaction.atomic():
        group = SchoolDeviceGroup.objects.select_for_update().filter(
            school=school
        ).first() or SchoolDeviceGroup(school=school)
        recreated = group.pk is not None and group.mesh_id != mesh_id
        group.server = server
        group.mesh_id = mesh_id
        group.name = name
        group.consent = consent
        if recreated:
            # The old group's install link enrols into nothing any more.
            group.invite_url = ""
            group.invite_expires_at = None
        group.save()
    return group


def install_link_get(*, school: School, by=None, renew: bool = False) -> SchoolDeviceGroup:
    """The school's install link (in `group.invite_url`, valid until
    `group.invite_expires_at`): the one handed out before while it has more
    than an hour left, else a new one; `renew` always makes a new one."""
    server = _server()
    group = queries.school_group(school.pk)
    now = timezone.now()
    fresh = (
        group is not None
        and group.invite_url
        and group.invite_expires_at
        and group.invite_expires_at - now > INVITE_REUSE_MARGIN
    )
    if fresh and not renew:
        # Checked against MeshCentral only when a new link is made: the
        # link itself stops working if the group is removed.
        return group
    group = school_group_ensure(school=school, by=by)
    client = MeshCentralClient(server)
    hours = max(1, int(server.invite_hours or 72))
    url = client.invite_link(mesh_id=group.mesh_id, hours=hours)
    with transaction.atomic():
        group = SchoolDeviceGroup.objects.select_for_update().get(pk=group.pk)
        group.invite_url = url
        group.invite_expires_at = now + timedelta(hours=hours)
        group.save(update_fields=["invite_url", "invite_expires_at"])
    return group


# --- the computers ---------------------------------------------------------


def _host_name(node: dict) -> str:
    return str(node.get("rname") or node.get("host") or node.get("name") or "")[:200]


def _epoch_ms(value) -> datetime | None:
    if isinstance(value, int | float) and value > 0:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    return None


def _auto_match(computer: RemoteComputer, devices: list[Device]) -> None:
    """Serial number first, then the host name against the asset tag (the
    name schools give their computers); only an unambiguous match counts."""
    if computer.serial:
        by_serial = [
            d for d in devices if d.serial.strip().lower() == computer.serial.strip().lower()
        ]
        if len(by_serial) == 1:
            computer.device = by_serial[0]
            computer.matched_by = MatchedBy.SERIAL
            computer.matched_at = timezone.now()
            return
    host = computer.host_name.strip().lower()
    if host:
        by_host = [d for d in devices if d.asset_tag and d.asset_tag.strip().lower() == host]
        if len(by_host) == 1:
            computer.device = by_host[0]
            computer.matched_by = MatchedBy.HOST_NAME
            computer.matched_at = timezone.now()


SYNCED_FIELDS = [
    "school", "group", "name", "host_name", "os_description", "serial", "conn", "online",
    "last_seen", "synced_at", "gone", "device", "matched_by", "matched_at",
]  # fmt: skip


def _devices_to_match(nodes, groups, known) -> dict[int, list[Device]]:
    """The registry devices of the schools that have a computer still to
    match, by school, in one query."""
    schools = set()
    for node in nodes:
        group = groups.get(node.get("meshid"))
        computer = known.get(node.get("_id"))
        if group is not None and (
            computer is None
            or (computer.device_id is None and computer.matched_by != MatchedBy.MANUAL)
        ):
            schools.add(group.school_id)
    devices_by_school: dict[int, list[Device]] = {}
    for device in Device.objects.filter(school_id__in=schools).exclude(
        status__in=[DeviceStatus.RETIRED, DeviceStatus.LOST]
    ):
        devices_by_school.setdefault(device.school_id, []).append(device)
    return devices_by_school


def computers_sync(*, by=None, serials: dict[str, str] | None = None) -> dict[str, int]:
    """Mirrors the devices of the schools' groups as `RemoteComputer` rows
    (online state, last seen, names) and matches new ones to the registry.
    `serials` (node id → serial number) adds what MeshCentral's hardware
    inventory reported. Returns counts (seen, created, matched, gone)."""
    server = queries.meshcentral_server()
    if server is None:
        return {"seen": 0, "created": 0, "matched": 0, "gone": 0}
    client = MeshCentralClient(server)
    nodes = client.nodes()
    groups = {g.mesh_id: g for g in SchoolDeviceGroup.objects.filter(server=server)}
    serials = dict(serials or {})
    # The serial number is in the agent's inventory, asked only for the
    # online computers still waiting for a match.
    unmatched = set(
        RemoteComputer.objects.filter(device__isnull=True, serial="")
        .exclude(matched_by=MatchedBy.MANUAL)
        .values_list("node_id", flat=True)
    )
    known_ids = set(RemoteComputer.objects.values_list("node_id", flat=True))
    wanted = [
        node["_id"]
        for node in nodes
        if node.get("meshid") in groups
        and int(node.get("conn") or 0) & CONN_AGENT
        and node["_id"] not in serials
        and (node["_id"] in unmatched or node["_id"] not in known_ids)
    ]
    for node_id, info in client.system_infos(wanted).items():
        serial = serial_number(info)
        if serial:
            serials[node_id] = serial
    now = timezone.now()
    counts = {"seen": 0, "created": 0, "matched": 0, "gone": 0}
    with transaction.atomic():
        known = {c.node_id: c for c in RemoteComputer.objects.select_for_update()}
        devices_by_school = _devices_to_match(nodes, groups, known)
        seen_ids = set()
        created: list[RemoteComputer] = []
        changed: list[RemoteComputer] = []
        for node in nodes:
            group = groups.get(node.get("meshid"))
            node_id = node.get("_id")
            if group is None or not node_id:
                continue
            seen_ids.add(node_id)
            counts["seen"] += 1
            computer = known.get(node_id)
            if computer is None:
                computer = RemoteComputer(node_id=node_id)
                created.append(computer)
                counts["created"] += 1
            else:
                changed.append(computer)
            conn = int(node.get("conn") or 0)
            computer.school_id = group.school_id
            computer.group = group
            computer.name = str(node.get("name") or node_id)[:200]
            computer.host_name = _host_name(node)
            computer.os_description = str(node.get("osdesc") or "")[:200]
            if serials.get(node_id):
                computer.serial = serials[node_id][:100]
            computer.conn = conn
            computer.online = bool(conn & CONN_AGENT)
            if computer.online:
                computer.last_seen = now
            else:
                computer.last_seen = _epoch_ms(node.get("lastconnect")) or computer.last_seen
            computer.synced_at = now
            computer.gone = False
            if computer.device_id is None and computer.matched_by != MatchedBy.MANUAL:
                _auto_match(computer, devices_by_school.get(group.school_id, []))
                if computer.device_id is not None:
                    counts["matched"] += 1
        for node_id, computer in known.items():
            if node_id not in seen_ids and not computer.gone:
                computer.gone = True
                computer.online = False
                computer.conn = 0
                computer.synced_at = now
                changed.append(computer)
                counts["gone"] += 1
        # Tens of thousands of computers: written in batches, not a query each.
        RemoteComputer.objects.bulk_create(created, batch_size=500)
        RemoteComputer.objects.bulk_update(changed, SYNCED_FIELDS, batch_size=500)
        sessions_attach_devices()
    return counts


def sessions_attach_devices() -> int:
    """Give the MeshCentral sessions recorded without a device (their
    computer was not matched yet, or not synchronised yet) the device their
    computer is matched to now, so that they appear in its access log.
    One statement whatever their number; returns how many were given one."""
    matched = RemoteComputer.objects.filter(node_id=OuterRef("node_id"), device__isnull=False)
    return (
        RemoteSession.objects.filter(tool=SessionTool.MESHCENTRAL, device__isnull=True)
        .filter(Exists(matched))
        .update(device_id=Subquery(matched.values("device_id")[:1]))
    )


def computer_link(*, computer: RemoteComputer, device: Device | None, by) -> RemoteComputer:
    """An agent links the computer to a registry device of the same school
    (or unlinks it with `device=None`); the sync never overrides this. The
    computer's sessions recorded while it was not matched are given the
    device, so that they appear in its access log. The change is recorded
    in the change history."""
    if by is None or not by.works_the_desk:
        raise DomainError(_("Only programme staff can do this."), code="not_allowed")
    with transaction.atomic():
        computer = RemoteComputer.objects.select_for_update().get(pk=computer.pk)
        if device is not None and device.school_id != computer.school_id:
            raise DomainError(
                _("This device belongs to another school than the computer."),
                code="remote_other_school",
                field="device",
            )
        old = snapshot(computer, COMPUTER_LINK_FIELDS)
        computer.device = device
        computer.matched_by = MatchedBy.MANUAL
        computer.matched_at = timezone.now()
        computer.matched_user = by
        computer.save(update_fields=["device", "matched_by", "matched_at", "matched_user"])
        if device is not None:
            RemoteSession.objects.filter(
                tool=SessionTool.MESHCENTRAL, node_id=computer.node_id, device__isnull=True
            ).update(device=device)
        audit_record(
            by=by,
            kind=ObjectKind.REMOTE_COMPUTER,
            object_id=computer.pk,
            label=computer.name,
            old=old,
            new=snapshot(computer, COMPUTER_LINK_FIELDS),
        )
    return computer


# Remote sessions ---------------------------------------------------------

SUMMARY_MAX_LENGTH = 4000
NAME_MAX_LENGTH = 150
# A MeshCentral session is matched to the login link an agent opened when
# it starts within this time of it (a login token lives 60 minutes).
LINK_VALIDITY = timedelta(minutes=60)
# Clocks of two servers: a session may seem to start a little before the link.
CLOCK_SLACK = timedelta(minutes=5)


def session_request_consent(
    *, ticket: Ticket, device: Device, tool: str, by: User
) -> RemoteSession:
    """Ask the school on the portal: the request's people see it on their
    request and agree or refuse; the agent may start once they agreed."""
    _check_staff(by)
    _check_session_target(ticket, device, tool)
    now = timezone.now()
    with transaction.atomic():
        session = RemoteSession.objects.create(
            ticket=ticket,
            device=device,
            tool=tool,
            agent=by,
            status=SessionStatus.AWAITING_CONSENT,
            consent_channel=ConsentChannel.PORTAL,
            requested_at=now,
            node_id=_node_of(device, tool),
        )
        _history(session, by, "consent_requested", now)
        # A public reply says so, in the request's language: the school reads
        # it on its request, and by email when it gets the answers by email.
        with translation.override(ticket.language):
            body = _(
                "To help you, %(agent)s would like to take control of the computer "
                "%(device)s remotely with %(tool)s. Please answer on your request in the "
                "portal: “I agree” or “I refuse”. Nobody connects without your agreement."
            ) % {
                "agent": by.full_name,
                "device": _device_label(session),
                "tool": session.get_tool_display(),
            }
        ticket_reply(ticket=ticket, author=by, body=body)
    return session


def session_consent_answer(
    *, session: RemoteSession, by: User, agree: bool, language: str
) -> RemoteSession:
    """A member of the ticket's school answers on the portal. The sentence
    they were shown, in `language`, is kept with their answer."""
    _check_language(language)
    now = timezone.now()
    with transaction.atomic():
        session = _lock(session)
        if session.ticket is None:
            raise DomainError(_("This consent request has no request."), code="no_ticket")
        check_school_member(by, session.ticket.school, field=None)
        if session.status != SessionStatus.AWAITING_CONSENT:
            raise DomainError(
                _("This consent request has already been answered or withdrawn."),
                code="answered",
            )
        session.consent_by = by
        session.consent_by_name = by.full_name[:NAME_MAX_LENGTH]
        _record_consent(session, agree=agree, language=language, now=now)
        session.save()
        _history(session, by, "consent_given" if agree else "consent_refused", now)
    return session


def session_record_phone_consent(
    *,
    device: Device,
    tool: str,
    by: User,
    caller_name: str,
    language: str,
    agree: bool,
    ticket: Ticket | None = None,
) -> RemoteSession:
    """The agent read the consent sentence to the caller on the phone and
    notes their answer with their name. A refusal is recorded too, and the
    session cannot start."""
    _check_staff(by)
    _check_language(language)
    caller_name = " ".join(caller_name.split())
    if not caller_name:
        raise DomainError(
            _("Please give the name of the person who answered."),
            code="required",
            field="caller_name",
        )
    if len(caller_name) > NAME_MAX_LENGTH:
        raise DomainError(
            _("The name is too long (at most %(max)d characters).") % {"max": NAME_MAX_LENGTH},
            code="too_long",
            field="caller_name",
        )
    _check_session_target(ticket, device, tool)
    now = timezone.now()
    with transaction.atomic():
        session = RemoteSession(
            ticket=ticket,
            device=device,
            tool=tool,
            agent=by,
            requested_at=now,
            consent_channel=ConsentChannel.PHONE,
            consent_by_name=caller_name,
            node_id=_node_of(device, tool),
        )
        _record_consent(session, agree=agree, language=language, now=now)
        session.save(force_insert=True)
        _history(session, by, "consent_given" if agree else "consent_refused", now)
    return session


def session_start(*, session: RemoteSession, by: User) -> tuple[RemoteSession, str]:
    """Start a session the school agreed to: the link that opens it (for
    MeshCentral, again within an hour of the first link, should the agent
    have closed the page).

    MeshCentral: a short-lived login link for the agent's own MeshCentral
    account (asked before anything is written: a server down or a device
    offline leaves the session as it was); the start and the end then come
    back from MeshCentral's events. Another tool: its own link, and the
    session counts as started now (the agent ends it by hand)."""
    _check_staff(by)
    session = _check_startable(session, by)
    link, remote_user = "", ""
    if session.tool == SessionTool.MESHCENTRAL:
        remote_user = agent_username(by)
        link = MeshCentralClient(_server()).login_url(username=remote_user, node_id=session.node_id)
    else:
        link = session.device.remote_url if session.device else ""
        if not link:
            raise DomainError(
                _("This device has no identifier for %(tool)s.")
                % {"tool": session.get_tool_display()},
                code="no_remote_id",
            )
    now = timezone.now()
    with transaction.atomic():
        session = _check_startable(_lock(session), by)
        if session.tool == SessionTool.MESHCENTRAL:
            session.status = SessionStatus.OPENED
            session.opened_at = now
            session.remote_user = remote_user[:200]
            session.save(update_fields=["status", "opened_at", "remote_user"])
        else:
            session.status = SessionStatus.ACTIVE
            session.opened_at = session.started_at = now
            session.save(update_fields=["status", "opened_at", "started_at"])
            _history(session, by, "started", now)
    return session, link


def session_end(*, session: RemoteSession, by: User) -> RemoteSession:
    """The agent notes the end of a session of a tool that does not tell us
    (RustDesk, TeamViewer, AnyDesk)."""
    _check_staff(by)
    now = timezone.now()
    with transaction.atomic():
        session = _lock(session)
        if session.tool not in MANUAL_TOOLS:
            raise DomainError(
                _("MeshCentral reports the end of its sessions itself."), code="not_manual"
            )
        if session.status != SessionStatus.ACTIVE:
            raise DomainError(_("This session is not in progress."), code="not_active")
        session.status = SessionStatus.ENDED
        session.ended_at = now
        session.duration_seconds = max(0, int((now - session.started_at).total_seconds()))
        session.save(update_fields=["status", "ended_at", "duration_seconds"])
        _history(session, by, "ended", now, duration=session.duration_seconds)
    return session


def session_cancel(*, session: RemoteSession, by: User) -> RemoteSession:
    """Withdraw a session not started yet (the school no longer needs it)."""
    _check_staff(by)
    now = timezone.now()
    with transaction.atomic():
        session = _lock(session)
        if session.status not in (SessionStatus.AWAITING_CONSENT, SessionStatus.CONSENTED):
            raise DomainError(
                _("Only a session that has not started can be withdrawn."), code="started"
            )
        session.status = SessionStatus.CANCELLED
        session.save(update_fields=["status"])
        _history(session, by, "cancelled", now)
    return session


def session_summary_save(*, session: RemoteSession, by: User, summary: str) -> RemoteSession:
    """The agent's short account of what was done, kept with the session
    and written to the ticket's history."""
    _check_staff(by)
    summary = summary.strip()
    if not summary:
        raise DomainError(_("Please write what was done."), code="required", field="summary")
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise DomainError(
            _("The summary is too long (at most %(max)d characters).")
            % {"max": SUMMARY_MAX_LENGTH},
            code="too_long",
            field="summary",
        )
    now = timezone.now()
    with transaction.atomic():
        session = _lock(session)
        if session.status in (
            SessionStatus.AWAITING_CONSENT,
            SessionStatus.REFUSED,
            SessionStatus.CANCELLED,
        ):
            raise DomainError(
                _("A summary is written for a session that took place."), code="not_started"
            )
        session.summary = summary
        session.save(update_fields=["summary"])
        _history(session, by, "summary", now, summary=summary)
    return session


def sessions_import_events(*, events, node_id: str = "") -> int:
    """Record the relayed sessions MeshCentral's events tell of (read with
    `MeshCentralClient.events`): each start and end once, however often the
    same events are read. A session is matched to the link an agent opened
    from Pupitre (same device, same MeshCentral account, within the link's
    life); another relay in that time is the same consent's; any other is
    recorded without a ticket or consent, for the access log to be
    complete. Returns the number of starts and ends recorded."""
    recorded = 0
    for relay in relaylog.relay_sessions(events, node_id=node_id):
        with transaction.atomic():
            recorded += _import_relay(relay)
    return recorded


IMPORT_FIRST_READ = 500
IMPORT_LONGEST_READ = 20_000


def sessions_import() -> int:
    """Read MeshCentral's latest events and import the relayed sessions
    (the periodic task); nothing to do when MeshCentral is not configured.

    MeshCentral gives the newest events, as many as asked. When the newest
    500 are all new (a busy hour, or no import for a while: the worker or
    MeshCentral was down), it reads four times further back, until the
    events reach ones imported before, up to 20,000 events: every event
    since the last import is read."""
    server = queries.meshcentral_server()
    if server is None:
        return 0
    client = MeshCentralClient(server)
    limit = IMPORT_FIRST_READ
    events = client.events(limit=limit, kind="relaylog")
    while len(events) >= limit and not queries.relay_events_known(events):
        if limit >= IMPORT_LONGEST_READ:
            logger.warning(
                "MeshCentral: none of the newest %s relay events was imported before; "
                "older ones are left out",
                limit,
            )
            break
        limit = min(4 * limit, IMPORT_LONGEST_READ)
        events = client.events(limit=limit, kind="relaylog")
    return sessions_import_events(events=events)


def sessions_purge(*, now=None) -> int:
    """Delete the sessions older than the retention period
    (`REMOTE_SESSION_RETENTION_DAYS`, counted from their end, or from the
    request for one that never ended). The ticket's history keeps its
    entries as long as the ticket. Returns the number deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REMOTE_SESSION_RETENTION_DAYS)
    with transaction.atomic():
        deleted, _rows = RemoteSession.objects.filter(
            Q(ended_at__lt=cutoff) | Q(ended_at__isnull=True, requested_at__lt=cutoff)
        ).delete()
    return deleted


# Internals ---------------------------------------------------------------


def _import_relay(relay: relaylog.RelaySession) -> int:
    session = (
        RemoteSession.objects.select_for_update()
        .filter(tool=SessionTool.MESHCENTRAL, node_id=relay.node_id, relay_id=relay.relay_id)
        .first()
    )
    if session is None:
        session = _session_for_new_relay(relay)
    recorded = 0
    fields = []
    if relay.start is not None and not session.start_event_key:
        session.start_event_key = relay.start.key
        session.started_at = relay.started_at
        fields += ["start_event_key", "started_at"]
        if session.status == SessionStatus.OPENED:
            session.status = SessionStatus.ACTIVE
            fields.append("status")
        _history(session, session.agent, "started", relay.started_at)
        recorded += 1
    if relay.end is not None and not session.end_event_key:
        session.end_event_key = relay.end.key
        session.started_at = session.started_at or relay.started_at
        session.ended_at = relay.ended_at
        session.duration_seconds = relay.duration
        session.status = SessionStatus.ENDED
        fields += ["end_event_key", "started_at", "ended_at", "duration_seconds", "status"]
        _history(session, session.agent, "ended", relay.ended_at, duration=relay.duration)
        recorded += 1
    if fields:
        session.save(update_fields=sorted(set(fields)))
    return recorded


def _session_for_new_relay(relay: relaylog.RelaySession) -> RemoteSession:
    """The session row a relay not seen before belongs to: the link opened
    for it, a copy of the consent of a link whose relay is already known
    (a second relay under the same link), or a new row of its own."""
    start = relay.started_at
    candidates = list(
        RemoteSession.objects.select_for_update()
        .filter(
            tool=SessionTool.MESHCENTRAL,
            node_id=relay.node_id,
            opened_at__lte=start + CLOCK_SLACK,
            opened_at__gte=start - LINK_VALIDITY,
        )
        .exclude(remote_user="")
        .order_by("opened_at", "id")
    )
    mine = [s for s in candidates if _same_account(s.remote_user, relay)]
    for session in mine:
        if not session.relay_id:
            session.relay_id = relay.relay_id
            session.protocol = relay.protocol
            session.save(update_fields=["relay_id", "protocol"])
            return session
    known = mine[-1] if mine else None
    computer = queries.computer_for_node(relay.node_id)
    device = known.device if known else (computer.device if computer else None)
    session = RemoteSession(
        tool=SessionTool.MESHCENTRAL,
        node_id=relay.node_id,
        relay_id=relay.relay_id,
        protocol=relay.protocol,
        device=device,
        computer_name=(computer.name if computer else "")[:200],
        remote_user=relay.username or relay.user_id,
        requested_at=start,
        opened_at=known.opened_at if known else None,
        status=SessionStatus.ACTIVE,
    )
    if known is not None:
        for name in (
            "ticket_id",
            "agent_id",
            "consent_channel",
            "consent_by_name",
            "consent_by_id",
            "consent_at",
            "consent_language",
            "consent_sentence",
        ):
            setattr(session, name, getattr(known, name))
    else:
        session.agent = _agent_of_account(relay)
    session.save(force_insert=True)
    return session


def _same_account(remote_user: str, relay: relaylog.RelaySession) -> bool:
    """MeshCentral keeps user ids in lower case (`user//name`)."""
    mine = remote_user.lower()
    return mine in (relay.user_id.lower(), relay.username.lower()) or (
        relay.user_id.lower() == "user//" + mine
    )


def _agent_of_account(relay: relaylog.RelaySession) -> User | None:
    """The agent a MeshCentral account belongs to: the accounts Pupitre
    makes are named after the agent, others are known from a link opened
    before."""
    pk = user_pk_from_mesh(relay.user_id or relay.username)
    if pk is not None:
        agent = User.objects.filter(pk=pk, role__in=STAFF_ROLES).first()
        if agent is not None:
            return agent
    for session in (
        RemoteSession.objects.filter(tool=SessionTool.MESHCENTRAL, agent__isnull=False)
        .exclude(remote_user="")
        .select_related("agent")
        .order_by("-opened_at")
        .only("remote_user", "agent")[:200]
    ):
        if _same_account(session.remote_user, relay):
            return session.agent
    return None


def _record_consent(session: RemoteSession, *, agree: bool, language: str, now) -> None:
    session.consent_at = now
    session.consent_language = language
    session.consent_sentence = consent_sentence(
        language=language,
        agent=session.agent.full_name if session.agent else "",
        device=_device_label(session),
        tool=session.get_tool_display(),
        ticket_number=session.ticket.number if session.ticket else "",
    )
    session.status = SessionStatus.CONSENTED if agree else SessionStatus.REFUSED


def _check_startable(session: RemoteSession, by: User) -> RemoteSession:
    if session.status == SessionStatus.REFUSED:
        raise DomainError(
            _("The school refused this remote session: it cannot be started."),
            code="consent_refused",
        )
    if session.status == SessionStatus.AWAITING_CONSENT:
        raise DomainError(
            _("The school has not agreed to this remote session yet."), code="no_consent"
        )
    reopening = (
        session.status == SessionStatus.OPENED
        and session.opened_at is not None
        and timezone.now() - session.opened_at < LINK_VALIDITY
    )
    if session.status != SessionStatus.CONSENTED and not reopening:
        raise DomainError(
            _("This session has already been started or withdrawn. Ask for consent again."),
            code="not_startable",
        )
    if session.agent_id != by.pk:
        raise DomainError(
            _("The school agreed to a session with another agent. Ask for consent again."),
            code="other_agent",
        )
    return session


def _check_session_target(ticket: Ticket | None, device: Device, tool: str) -> None:
    if ticket is not None:
        if device.school_id != ticket.school_id:
            raise DomainError(
                _("Device %(serial)s does not belong to the request's school.")
                % {"serial": device.serial},
                code="foreign_device",
                field="device",
            )
        if ticket.status == Status.CLOSED:
            raise DomainError(
                _("This request is closed. Please open a new request."), code="closed"
            )
    if tool not in dict(queries.available_tools(device)):
        raise DomainError(
            _("This device cannot be controlled with that tool."),
            code="tool_unavailable",
            field="tool",
        )


def _node_of(device: Device, tool: str) -> str:
    if tool != SessionTool.MESHCENTRAL:
        return ""
    return queries.node_of_device(device) or ""


def _check_staff(user: User | None) -> None:
    if user is None or user.role not in STAFF_ROLES:
        raise DomainError(_("Only programme staff can do this."), code="not_allowed")


def _check_language(language: str) -> None:
    if language not in Language.values:
        raise DomainError(_("Unknown language."), code="invalid", field="language")


def _lock(session: RemoteSession) -> RemoteSession:
    return (
        RemoteSession.objects.select_for_update(of=("self",))
        .select_related("ticket", "ticket__school", "device", "device__model", "agent")
        .get(pk=session.pk)
    )


def _device_label(session: RemoteSession) -> str:
    return str(session.device) if session.device else session.computer_name or session.node_id


def _history(session: RemoteSession, by: User | None, action: str, at, **more) -> None:
    """The step on the ticket's history (sessions without a ticket have
    none: the access log is their record)."""
    if session.ticket_id is None:
        return
    details = {"device": _device_label(session), "tool": session.get_tool_display(), **more}
    if action in ("consent_given", "consent_refused"):
        details["name"] = session.consent_by_name
        details["channel"] = session.consent_channel
    ticket_record_remote_session(
        ticket=session.ticket_id, by=by, action=action, details=details, at=at
    )
