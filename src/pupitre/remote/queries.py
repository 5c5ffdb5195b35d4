"""Reads of remote maintenance: the configured server, the schools' groups
and the computers MeshCentral knows; which tool can reach a device, a
ticket's sessions, the consent requests a school sees, a device's access
log."""

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from pupitre.core.config_cache import cached
from pupitre.equipment.models import Device
from pupitre.tickets.models import Ticket

from . import relaylog
from .models import (
    MANUAL_TOOLS,
    OPEN_STATUSES,
    MeshCentralServer,
    RemoteComputer,
    RemoteSession,
    SchoolDeviceGroup,
    SessionStatus,
    SessionTool,
)

# Name of the cached configuration row (core.config_cache): read by every
# device page and ticket page, changed a few times a year.
MESHCENTRAL_SERVER = "meshcentral_server"


def _read_server() -> MeshCentralServer | None:
    return MeshCentralServer.objects.filter(active=True).order_by("pk").first()


def meshcentral_server() -> MeshCentralServer | None:
    """The configured MeshCentral server, or None: the feature is hidden
    while there is no active server row or no secret to sign in with."""
    if not (settings.MESHCENTRAL_PASSWORD or settings.MESHCENTRAL_LOGIN_TOKEN_KEY):
        return None
    return cached(MESHCENTRAL_SERVER, _read_server)


def school_group(school_id) -> SchoolDeviceGroup | None:
    return SchoolDeviceGroup.objects.filter(school_id=school_id).first()


def computers_of_school(school_id) -> list[RemoteComputer]:
    return list(
        RemoteComputer.objects.filter(school_id=school_id, gone=False)
        .select_related("device", "device__model")
        .order_by("name", "pk")
    )


def computer_of_device(device_id) -> RemoteComputer | None:
    """The computer MeshCentral knows for a registry device (the one seen
    last when several were linked to it)."""
    return (
        RemoteComputer.objects.filter(device_id=device_id, gone=False)
        .order_by("-online", "-last_seen", "-pk")
        .first()
    )


def get_computer(computer_id) -> RemoteComputer | None:
    return RemoteComputer.objects.select_related("school", "device").filter(pk=computer_id).first()


# Computers not matched to the registry -----------------------------------


def _sessions_on_node():
    """MeshCentral sessions on the computer of the outer query."""
    return RemoteSession.objects.filter(tool=SessionTool.MESHCENTRAL, node_id=OuterRef("node_id"))


def _unmatched():
    """Computers linked to no registry device: those MeshCentral still
    knows, and those it forgot that still hold sessions."""
    return RemoteComputer.objects.filter(device__isnull=True).filter(
        Q(gone=False) | Exists(_sessions_on_node())
    )


def unmatched_computers(school_id=None):
    """The computers not matched to a device (of one school, or all), the
    one whose latest session is the newest first, then those without a
    session, seen last first. Each carries `last_session_at` and
    `session_count`. A queryset: the page reads one page of it."""
    computers = _unmatched()
    if school_id is not None:
        computers = computers.filter(school_id=school_id)
    per_node = _sessions_on_node().order_by().values("node_id")
    return (
        computers.select_related("school", "group")
        .annotate(
            last_session_at=Subquery(
                per_node.annotate(last=Max("requested_at")).values("last")[:1]
            ),
            session_count=Coalesce(
                Subquery(per_node.annotate(total=Count("pk")).values("total")[:1]), Value(0)
            ),
        )
        .order_by(
            F("last_session_at").desc(nulls_last=True),
            F("last_seen").desc(nulls_last=True),
            "-pk",
        )
    )


def unmatched_computer_count() -> int:
    return _unmatched().count()


def unmatched_computer_schools() -> list[tuple[int, str]]:
    """(id, name) of the schools that have computers not matched, by name:
    the page's filter."""
    return list(
        _unmatched()
        .order_by("school__name", "school_id")
        .values_list("school_id", "school__name")
        .distinct()
    )


def sessions_of_computers(computers, *, per_computer: int = 10) -> dict[str, list[RemoteSession]]:
    """The newest `per_computer` MeshCentral sessions of each computer, by
    node id, newest first: one query whatever the number of computers."""
    node_ids = [computer.node_id for computer in computers]
    result: dict[str, list[RemoteSession]] = {node_id: [] for node_id in node_ids}
    if not node_ids:
        return result
    rows = (
        RemoteSession.objects.filter(tool=SessionTool.MESHCENTRAL, node_id__in=node_ids)
        .select_related("agent", "ticket")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("node_id")],
                order_by=[F("requested_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_computer)
        .order_by("node_id", "-requested_at", "-id")
    )
    for session in rows:
        result[session.node_id].append(session)
    return result


# Sessions ----------------------------------------------------------------


def node_of_device(device: Device) -> str | None:
    """The MeshCentral device id of the registry's device, if enrolled."""
    computer = computer_of_device(device.pk)
    return computer.node_id if computer else None


def computer_for_node(node_id: str) -> RemoteComputer | None:
    """The computer MeshCentral knows by this id, with its registry device."""
    return RemoteComputer.objects.filter(node_id=node_id).select_related("device").first()


def available_tools(device: Device) -> list[tuple[str, str]]:
    """(tool, label) of the tools an agent can reach this device with:
    MeshCentral when it is configured and the computer is enrolled, and the
    device's own tool when it has an identifier for it."""
    return tools_by_device([device])[device.pk]


def tools_by_device(devices) -> dict[int, list[tuple[str, str]]]:
    """`available_tools` of several devices, in two queries whatever their
    number (the ticket's remote page lists a school's devices)."""
    devices = list(devices)
    nodes: dict[int, str] = {}
    if devices and meshcentral_server() is not None:
        for device_id, node_id in (
            RemoteComputer.objects.filter(device__in=devices, gone=False)
            .order_by("online", F("last_seen").asc(nulls_first=True), "pk")
            .values_list("device_id", "node_id")
        ):
            nodes[device_id] = node_id  # as computer_of_device: online, then seen last
    result = {}
    for device in devices:
        tools = []
        if device.pk in nodes:
            tools.append((SessionTool.MESHCENTRAL.value, SessionTool.MESHCENTRAL.label))
        if device.remote_tool in MANUAL_TOOLS and device.remote_id.strip():
            tool = SessionTool(device.remote_tool)
            tools.append((tool.value, tool.label))
        result[device.pk] = tools
    return result


_SESSION_RELATED = ("ticket", "device", "device__model", "agent", "consent_by")


def sessions_of_ticket(ticket: Ticket) -> list[RemoteSession]:
    return list(
        RemoteSession.objects.filter(ticket=ticket)
        .select_related(*_SESSION_RELATED)
        .order_by("-requested_at", "-id")[:50]
    )


def sessions_of_device(device: Device, *, limit: int = 50) -> list[RemoteSession]:
    """A device's sessions not linked to a ticket, newest first (the
    device's own remote page)."""
    return list(
        RemoteSession.objects.filter(device=device, ticket__isnull=True)
        .select_related(*_SESSION_RELATED)
        .order_by("-requested_at", "-id")[:limit]
    )


def session_of_ticket(ticket: Ticket, session_id: int | None) -> RemoteSession | None:
    if session_id is None:
        return None
    return (
        RemoteSession.objects.filter(ticket=ticket, pk=session_id)
        .select_related(*_SESSION_RELATED)
        .first()
    )


def session_of_device(device: Device, session_id: int | None) -> RemoteSession | None:
    if session_id is None:
        return None
    return (
        RemoteSession.objects.filter(device=device, pk=session_id)
        .select_related(*_SESSION_RELATED)
        .first()
    )


def consent_requests(ticket: Ticket) -> list[RemoteSession]:
    """The consent requests of a ticket waiting for the school's answer
    (the ticket is one the reader may see)."""
    return list(
        RemoteSession.objects.filter(ticket=ticket, status=SessionStatus.AWAITING_CONSENT)
        .select_related("device", "device__model", "agent")
        .order_by("requested_at", "id")
    )


def consent_request(ticket: Ticket, session_id: int | None) -> RemoteSession | None:
    if session_id is None:
        return None
    return (
        RemoteSession.objects.filter(ticket=ticket, pk=session_id)
        .select_related("device", "device__model", "agent", "ticket", "ticket__school")
        .first()
    )


def access_log(device: Device):
    """Every session on the device that took place or was asked for, newest
    first (a queryset: the page reads one page of it, the export all)."""
    return (
        RemoteSession.objects.filter(device=device)
        .select_related("ticket", "agent", "consent_by")
        .order_by("-requested_at", "-id")
    )


def open_session_count(ticket: Ticket) -> int:
    return RemoteSession.objects.filter(ticket=ticket, status__in=OPEN_STATUSES).count()


def relay_events_known(events) -> bool:
    """Whether any of MeshCentral's relay `events` was imported already (a
    session's start or end recorded from it)."""
    keys = [parsed.key for event in events if (parsed := relaylog.parse_event(event))]
    return bool(keys) and (
        RemoteSession.objects.filter(start_event_key__in=keys).exists()
        or RemoteSession.objects.filter(end_event_key__in=keys).exists()
    )
