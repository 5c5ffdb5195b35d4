"""Writes of remote maintenance: the schools' device groups in MeshCentral,
their install links, the mirror of the computers MeshCentral knows and
their match to the registry.

MeshCentral is called before the database is written: a refused or failed
call leaves Pupitre's rows as they were. A group created in MeshCentral whose
row could not be saved is found again by its name the next time (the name
carries the school's official number), so no school ever gets two groups.
"""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record, snapshot
from pupitre.core.config_cache import forget
from pupitre.core.errors import DomainError
from pupitre.equipment.models import Device, DeviceStatus
from pupitre.schools.models import School

from . import queries
from .meshcentral import CONN_AGENT, MeshCentralClient, MeshCentralNotConfigured, serial_number
from .models import MatchedBy, MeshCentralServer, RemoteComputer, SchoolDeviceGroup

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
        devices_by_school: dict[int, list[Device]] = {}
        seen_ids = set()
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
                counts["created"] += 1
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
                if group.school_id not in devices_by_school:
                    devices_by_school[group.school_id] = list(
                        Device.objects.filter(school_id=group.school_id).exclude(
                            status__in=[DeviceStatus.RETIRED, DeviceStatus.LOST]
                        )
                    )
                _auto_match(computer, devices_by_school[group.school_id])
                if computer.device_id is not None:
                    counts["matched"] += 1
            computer.save()
        for node_id, computer in known.items():
            if node_id not in seen_ids and not computer.gone:
                computer.gone = True
                computer.online = False
                computer.conn = 0
                computer.synced_at = now
                computer.save(update_fields=["gone", "online", "conn", "synced_at"])
                counts["gone"] += 1
    return counts


def computer_link(*, computer: RemoteComputer, device: Device | None, by) -> RemoteComputer:
    """An agent links the computer to a registry device of the same school
    (or unlinks it with `device=None`); the sync never overrides this."""
    with transaction.atomic():
        computer = RemoteComputer.objects.select_for_update().get(pk=computer.pk)
        if device is not None and device.school_id != computer.school_id:
            raise DomainError(
                _("This device belongs to another school than the computer."),
                code="remote_other_school",
                field="device",
            )
        computer.device = device
        computer.matched_by = MatchedBy.MANUAL
        computer.matched_at = timezone.now()
        computer.matched_user = by
        computer.save(update_fields=["device", "matched_by", "matched_at", "matched_user"])
    return computer
