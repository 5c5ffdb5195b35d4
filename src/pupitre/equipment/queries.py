"""Reads of the device registry, its coverage, and who may see which device."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pupitre.accounts.models import User
from pupitre.core.config_cache import cached
from pupitre.schools.queries import ict_school_ids

from . import coverage as cov
from .models import (
    CoverageExtension,
    CoveragePolicy,
    Device,
    DeviceImport,
    DeviceModel,
    DeviceStatus,
    ExtensionRequest,
    ExtensionStatus,
    Funding,
    Provenance,
)

ENDS_SOON_DAYS = 90


def today() -> date:
    return timezone.localdate()


def devices_of_school(school_id):
    """Devices a school may open a request about (in service first, by category)."""
    return (
        Device.objects.filter(school_id=school_id)
        .exclude(status__in=[DeviceStatus.RETIRED, DeviceStatus.LOST])
        .select_related("model", "site")
        .order_by("model__category", "model__manufacturer", "serial")
    )


def devices_of_schools(school_ids) -> dict[int, list[Device]]:
    """`devices_of_school` of several schools in one query, by school id."""
    result: dict[int, list[Device]] = {school_id: [] for school_id in school_ids}
    if result:
        for device in (
            Device.objects.filter(school_id__in=list(result))
            .exclude(status__in=[DeviceStatus.RETIRED, DeviceStatus.LOST])
            .select_related("model")
            .order_by("model__category", "model__manufacturer", "serial")
        ):
            result[device.school_id].append(device)
    return result


# Who sees what -------------------------------------------------------------


def devices_visible_to(user: User) -> QuerySet[Device]:
    """Agents, supervisors and administrators see every device; a school's
    ICT contact sees that school's devices; other school users and
    technicians see none (school users choose a device on the request form,
    which shows its coverage)."""
    if not user.is_authenticated or not user.is_active:
        return Device.objects.none()
    if user.sees_every_school:
        return Device.objects.all()
    return Device.objects.filter(school_id__in=ict_school_ids(user))


def get_device_for_user(user: User, device_id: int) -> Device:
    """The device if `user` may see it; 404 otherwise (another school's
    device looks exactly like one that does not exist)."""
    return get_object_or_404(
        devices_visible_to(user).select_related("model", "school", "site"), pk=device_id
    )


def device_of_member(user: User, device_id: int) -> Device | None:
    """A device of one of the schools `user` is a member of, or None."""
    return Device.objects.filter(pk=device_id, school__memberships__user=user).first()


def extension_requests_visible_to(user: User) -> QuerySet[ExtensionRequest]:
    if not user.is_authenticated or not user.is_active:
        return ExtensionRequest.objects.none()
    if user.sees_every_school:
        return ExtensionRequest.objects.all()
    return ExtensionRequest.objects.filter(school_id__in=ict_school_ids(user))


def get_extension_request_for_user(user: User, request_id: int) -> ExtensionRequest:
    return get_object_or_404(
        extension_requests_visible_to(user).select_related("school", "requested_by", "decided_by"),
        pk=request_id,
    )


# Coverage ------------------------------------------------------------------


COVERAGE_POLICY = "coverage_policy"


def current_policy() -> cov.Policy:
    """The coverage rules (cached: the queue and every ticket page use them;
    see pupitre/core/config_cache.py)."""
    return cached(COVERAGE_POLICY, _read_policy)


def _read_policy() -> cov.Policy:
    row = CoveragePolicy.objects.order_by("id").first()
    if row is None:
        return cov.Policy()
    return cov.Policy(transfer_years=row.transfer_years, assistance_years=row.assistance_years)


def policy_row() -> CoveragePolicy:
    """The policy row, written by a data migration; an unsaved row with the
    programme's defaults if it was removed (the service writes it again)."""
    return CoveragePolicy.objects.order_by("id").first() or CoveragePolicy()


def facts_of(device) -> cov.DeviceFacts:
    return cov.DeviceFacts(
        provenance=device.provenance,
        funding=device.funding,
        delivery_date=device.delivery_date,
        warranty_end=device.warranty_end,
        status=device.status,
    )


def extensions_by_device(device_ids) -> dict[int, list[cov.Period]]:
    """Approved extension periods of these devices, in one query."""
    periods: dict[int, list[cov.Period]] = defaultdict(list)
    for device_id, start, end in CoverageExtension.objects.filter(
        device_id__in=list(device_ids)
    ).values_list("device_id", "start", "end"):
        periods[device_id].append(cov.Period(start, end))
    return periods


def coverage_of(device, *, policy=None, on_date=None) -> cov.Coverage:
    return coverages_of([device], policy=policy, on_date=on_date)[device.pk]


def coverages_of(devices, *, policy=None, on_date=None) -> dict[int, cov.Coverage]:
    """Coverage of each device (by id): two queries whatever the count."""
    devices = list(devices)
    policy = policy or current_policy()
    on_date = on_date or today()
    extensions = extensions_by_device(d.pk for d in devices)
    return {
        d.pk: cov.coverage(facts_of(d), policy, extensions.get(d.pk, ()), on_date) for d in devices
    }


def covered_until(device, *, policy, extensions, on_date) -> date | None:
    """The last day of the help the device has without a break from
    `on_date` on; None when it is not covered on `on_date`."""
    facts = facts_of(device)
    result = cov.coverage(facts, policy, extensions, on_date)
    last = None
    while result.is_covered and result.end is not None:
        last = result.end
        result = cov.coverage(facts, policy, extensions, last + cov.ONE_DAY)
    return last


def extensible_devices(school_id: int, *, on_date=None) -> list[Device]:
    """The school's devices an extension may be asked for, by the rule the
    service applies (`coverage.may_ask_extension`): two queries."""
    on_date = on_date or today()
    policy = current_policy()
    devices = list(
        Device.objects.filter(
            school_id=school_id,
            provenance=Provenance.MARKET_CENTRAL,
            status=DeviceStatus.IN_SERVICE,
            delivery_date__lte=on_date,
        )
        .select_related("model")
        .order_by("model__category", "model__manufacturer", "serial")
    )
    extensions = extensions_by_device(d.pk for d in devices)
    return [
        device
        for device in devices
        if cov.may_ask_extension(facts_of(device), policy, extensions.get(device.pk, ()), on_date)
    ]


@dataclass(frozen=True)
class DeviceRow:
    device: Device
    coverage: cov.Coverage
    pending_extension: bool = False


def school_devices(
    school_id: int, *, phase: str = "", ends_soon: bool = False, on_date=None
) -> list[DeviceRow]:
    """A school's devices with their coverage, filtered in Python (a school
    has at most a few hundred devices): three queries whatever the count."""
    on_date = on_date or today()
    devices = list(
        Device.objects.filter(school_id=school_id)
        .select_related("model", "site")
        .order_by("model__category", "model__manufacturer", "serial")
    )
    coverages = coverages_of(devices, on_date=on_date)
    pending = set(
        ExtensionRequest.devices.through.objects.filter(
            extensionrequest__school_id=school_id,
            extensionrequest__status=ExtensionStatus.PENDING,
        ).values_list("device_id", flat=True)
    )
    rows = []
    for device in devices:
        result = coverages[device.pk]
        if phase and result.phase != phase:
            continue
        if ends_soon and not (result.is_covered and result.ends_within(on_date, ENDS_SOON_DAYS)):
            continue
        rows.append(DeviceRow(device, result, device.pk in pending))
    return rows


def find_devices(text: str, limit: int = 50) -> list[Device]:
    """Devices whose serial number or asset tag is `text` or starts with it."""
    text = text.strip()
    if not text:
        return []
    return list(
        Device.objects.filter(Q(serial__istartswith=text) | Q(asset_tag__istartswith=text))
        .select_related("model", "school")
        .order_by("serial")[:limit]
    )


# Phases as database filters -------------------------------------------------


def phase_filter(phase: str, *, policy: cov.Policy, on_date: date, prefix: str = "") -> Q:
    """A filter on devices equivalent to `coverage(...).phase == phase` on
    `on_date` (tests check that both agree). `prefix` reaches the device
    through a relation, e.g. "device__"."""

    def q(**lookups):
        return Q(**{prefix + key: value for key, value in lookups.items()})

    eligible = q(
        provenance=Provenance.MARKET_CENTRAL,
        status=DeviceStatus.IN_SERVICE,
        delivery_date__isnull=False,
        delivery_date__lte=on_date,
    )
    walloon = q(funding=Funding.WALLONIA_PROGRAMME)
    # Delivered after this day: still in the programme on `on_date`.
    programme_after = cov.latest_delivery_before(on_date, policy.transfer_years)
    # Delivered after these days: still in assistance on `on_date`.
    total = policy.transfer_years + policy.assistance_years
    own_after = cov.latest_delivery_before(on_date, total)
    walloon_after = _latest_walloon_delivery_in_assistance_end(on_date, policy)
    in_programme = eligible & walloon & q(delivery_date__gt=programme_after)
    in_assistance = eligible & (
        (walloon & q(delivery_date__lte=programme_after, delivery_date__gt=walloon_after))
        | (~walloon & q(delivery_date__gt=own_after))
    )
    extended = Exists(
        CoverageExtension.objects.filter(
            device_id=OuterRef(prefix + "pk" if prefix else "pk"),
            start__lte=on_date,
            end__gte=on_date,
        )
    )
    in_extension = eligible & ~in_programme & ~in_assistance & Q(extended)
    if phase == cov.PROGRAMME:
        return in_programme
    if phase == cov.ASSISTANCE:
        return in_assistance
    if phase == cov.EXTENSION:
        return in_extension
    return ~(in_programme | in_assistance | in_extension)


def _latest_walloon_delivery_in_assistance_end(on_date: date, policy: cov.Policy) -> date:
    """The latest delivery date of a Walloon-funded device whose assistance
    is over on `on_date` (the transfer's anniversary is on or before it)."""
    candidate = cov.latest_delivery_before(
        on_date, policy.transfer_years + policy.assistance_years
    ) + timedelta(days=3)
    while True:
        transfer = cov.anniversary(candidate, policy.transfer_years)
        if cov.anniversary(transfer, policy.assistance_years) <= on_date:
            return candidate
        candidate -= cov.ONE_DAY


@dataclass(frozen=True)
class UpcomingRow:
    device: Device
    coverage: cov.Coverage
    change_on: date  # first day of the next phase


def upcoming_devices(*, days: int = ENDS_SOON_DAYS, on_date=None) -> QuerySet[Device]:
    """Devices whose phase ends within `days` of `on_date` (transfers to the
    school, ends of assistance and of extensions), by the phase's last day
    (`phase_end`), then school name and serial. Exactly the devices whose
    `coverage()` ends within the window (tests check both agree), chosen
    and ordered in the database: a page of a long list reads only its rows."""
    on_date = on_date or today()
    policy = current_policy()
    horizon = on_date + timedelta(days=days)
    walloon = Q(funding=Funding.WALLONIA_PROGRAMME)
    transfer = policy.transfer_years
    total = policy.transfer_years + policy.assistance_years

    def walloon_assistance_over(delivered):
        return cov.anniversary(cov.anniversary(delivered, transfer), policy.assistance_years)

    # First day of the next phase, as a function of the delivery date.
    phase_changes = [
        (walloon, lambda delivered: cov.anniversary(delivered, transfer), transfer),
        (walloon, walloon_assistance_over, total),
        (~walloon, lambda delivered: cov.anniversary(delivered, total), total),
    ]
    chosen = Q()
    ends = []
    for funding, next_phase_on, years in phase_changes:
        for low, high, offset in _deliveries_changing_phase(
            next_phase_on, years, on_date + cov.ONE_DAY, horizon + cov.ONE_DAY
        ):
            when = funding & Q(delivery_date__range=(low, high))
            chosen |= when
            # The phase's last day: a fixed number of days after delivery
            # within each range.
            ends.append(When(when, then=_DaysAfter(F("delivery_date"), offset - 1)))
    # The few devices extended on `on_date` first: a list the database
    # reads once, before the costlier phase test of each row.
    extended_today = CoverageExtension.objects.filter(start__lte=on_date, end__gte=on_date)
    extension_ends_soon = (
        Q(pk__in=extended_today.values("device_id"))
        & phase_filter(cov.EXTENSION, policy=policy, on_date=on_date)
        & Q(extension_run_end__lte=horizon)
    )
    # The count of the pages reads the filter only; the last day is worked
    # out for the rows that pass it, to order them.
    return (
        Device.objects.alias(extension_run_end=_extension_run_end(on_date))
        .filter(
            chosen | extension_ends_soon,
            provenance=Provenance.MARKET_CENTRAL,
            status=DeviceStatus.IN_SERVICE,
            delivery_date__lte=on_date,
        )
        .annotate(phase_end=Case(*ends, default=F("extension_run_end"), output_field=DateField()))
        .select_related("model", "school")
        .order_by("phase_end", "school__name", "serial")
    )


def _deliveries_changing_phase(next_phase_on, years: int, first: date, last: date):
    """Ranges (low, high, offset) of the delivery dates whose next phase
    starts between `first` and `last` included, each with the number of
    days from delivery to that start. `next_phase_on` grows with the
    delivery date; an anniversary moves a day at most (29 February), so a
    walk of the window with a few days of margin finds every date."""
    ranges: list[list] = []
    delivered = cov.anniversary(first, -years) - timedelta(days=3)
    stop = cov.anniversary(last, -years) + timedelta(days=3)
    while delivered <= stop:
        change = next_phase_on(delivered)
        if first <= change <= last:
            offset = (change - delivered).days
            if ranges and ranges[-1][2] == offset and ranges[-1][1] == delivered - cov.ONE_DAY:
                ranges[-1][1] = delivered
            else:
                ranges.append([delivered, delivered, offset])
        delivered += cov.ONE_DAY
    return [tuple(item) for item in ranges]


class _DaysAfter(Func):
    """A date field plus a number of days, in each database's own date
    arithmetic (Django's date + duration calls a Python function per row
    on SQLite and gives a timestamp on PostgreSQL)."""

    output_field = DateField()

    def __init__(self, expression, days: int):
        super().__init__(expression, days=int(days))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="date(%(expressions)s, '%(days)+d days')")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s + %(days)d)")


def _extension_run_end(on_date: date):
    """The last day of the device's extensions that follow each other
    without a gap from `on_date` on: the first extension end from
    `on_date` on that no extension continues the next day."""
    continued = CoverageExtension.objects.filter(
        device_id=OuterRef("device_id"),
        start__lte=_DaysAfter(OuterRef("end"), 1),
        end__gt=OuterRef("end"),
    )
    return Subquery(
        CoverageExtension.objects.filter(device_id=OuterRef("pk"), end__gte=on_date)
        .exclude(Exists(continued))
        .order_by("end")
        .values("end")[:1]
    )


def upcoming_rows(devices, *, on_date=None) -> list[UpcomingRow]:
    """Rows of devices from `upcoming_devices()` (a page of them): their
    coverage and the first day of their next phase, in two queries."""
    on_date = on_date or today()
    devices = list(devices)
    coverages = coverages_of(devices, on_date=on_date)
    return [
        UpcomingRow(device, coverages[device.pk], coverages[device.pk].end + cov.ONE_DAY)
        for device in devices
    ]


def upcoming_changes(*, days: int = ENDS_SOON_DAYS, on_date=None) -> list[UpcomingRow]:
    """Every device whose phase ends within `days` (the notices read them all)."""
    return upcoming_rows(upcoming_devices(days=days, on_date=on_date), on_date=on_date)


# Tickets ---------------------------------------------------------------------

# The least covered device decides a ticket's badge.
SEVERITY = {cov.PROGRAMME: 0, cov.ASSISTANCE: 1, cov.EXTENSION: 2, cov.NOT_COVERED: 3}
_FACTS = ("provenance", "funding", "delivery_date", "warranty_end", "status")


def _coverages_from_rows(rows, on_date) -> dict[int, cov.Coverage]:
    """Rows of (device id, *facts, extension start, extension end), one per
    device and extension."""
    facts: dict[int, cov.DeviceFacts] = {}
    extensions: dict[int, list[cov.Period]] = defaultdict(list)
    policy = current_policy()
    for device_id, *values, start, end in rows:
        facts[device_id] = cov.DeviceFacts(*values)
        if start is not None and cov.Period(start, end) not in extensions[device_id]:
            extensions[device_id].append(cov.Period(start, end))
    return {
        device_id: cov.coverage(device, policy, extensions[device_id], on_date)
        for device_id, device in facts.items()
    }


def device_coverages(device_ids, *, on_date=None) -> dict[int, cov.Coverage]:
    """Coverage of these devices, policy and extensions included, in one query."""
    device_ids = list(device_ids)
    if not device_ids:
        return {}
    rows = Device.objects.filter(pk__in=device_ids).values_list(
        "id", *_FACTS, "extensions__start", "extensions__end"
    )
    return _coverages_from_rows(rows, on_date or today())


def ticket_phases(ticket_ids, *, on_date=None) -> dict[int, str]:
    """The coverage phase shown for each ticket that has devices: that of
    its least covered device. One query for the whole page."""
    ticket_ids = list(ticket_ids)
    if not ticket_ids:
        return {}
    through = Device.tickets.through
    tickets_of: dict[int, set[int]] = defaultdict(set)
    rows = []
    for ticket_id, *row in through.objects.filter(ticket_id__in=ticket_ids).values_list(
        "ticket_id",
        "device_id",
        *(f"device__{name}" for name in _FACTS),
        "device__extensions__start",
        "device__extensions__end",
    ):
        tickets_of[ticket_id].add(row[0])
        rows.append(row)
    coverages = _coverages_from_rows(rows, on_date or today())
    return {
        ticket_id: max((coverages[d].phase for d in device_ids), key=SEVERITY.__getitem__)
        for ticket_id, device_ids in tickets_of.items()
    }


def tickets_in_phase_filter(phase: str, *, on_date=None) -> Q:
    """Tickets with at least one device in `phase` (for the queue filter);
    phase "none" means tickets without a device."""
    through = Device.tickets.through
    if phase == "none":
        return ~Q(Exists(through.objects.filter(ticket_id=OuterRef("pk"))))
    devices = through.objects.filter(
        phase_filter(phase, policy=current_policy(), on_date=on_date or today(), prefix="device__"),
        ticket_id=OuterRef("pk"),
    )
    return Q(Exists(devices))


def device_models() -> QuerySet[DeviceModel]:
    """Every device model, by manufacturer and name (choices of a form)."""
    return DeviceModel.objects.order_by("manufacturer", "name")


def device_models_among(ids) -> QuerySet[DeviceModel]:
    return device_models().filter(pk__in=ids)


def pending_extension_count() -> int:
    return ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).count()


def recent_imports(limit: int = 30) -> list[DeviceImport]:
    """The latest delivery-list imports, newest first."""
    return list(DeviceImport.objects.select_related("uploaded_by")[:limit])


def device_by_label_code(code: str) -> Device | None:
    """The device whose QR label carries `code` (any case), or None."""
    code = code.strip().upper()
    if not code:
        return None
    return Device.objects.filter(label_code=code).first()


def extensible_device_choices(school_id: int) -> QuerySet[Device]:
    """The school's devices it may ask an extension for (`extensible_devices`),
    as the choices of a form, by category, manufacturer and serial."""
    ids = [device.pk for device in extensible_devices(school_id)]
    return (
        Device.objects.filter(pk__in=ids)
        .select_related("model")
        .order_by("model__category", "model__manufacturer", "serial")
    )


def extension_requests_of_school(user: User, school_id: int, limit: int = 10):
    """The latest extension requests of a school that `user` may see, with
    their devices (named in the list)."""
    return list(
        extension_requests_visible_to(user)
        .filter(school_id=school_id)
        .select_related("requested_by")
        .prefetch_related(Prefetch("devices", queryset=Device.objects.select_related("model")))[
            :limit
        ]
    )


@dataclass(frozen=True)
class DeviceSummary:
    """A school's devices at a glance: how many, how many in each coverage
    phase (in `cov.PHASES` order, phases with none left out), and the first
    few with their coverage."""

    total: int
    by_phase: list[tuple[str, int]]
    rows: list[DeviceRow]


def school_device_summary(school_id: int, *, limit: int = 6, on_date=None) -> DeviceSummary:
    """The devices of a school in service, counted by coverage phase: as many
    queries as `school_devices`, whatever the number of devices."""
    rows = [
        row
        for row in school_devices(school_id, on_date=on_date)
        if row.device.status not in (DeviceStatus.RETIRED, DeviceStatus.LOST)
    ]
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.coverage.phase] += 1
    order = [cov.PROGRAMME, cov.ASSISTANCE, cov.EXTENSION, cov.NOT_COVERED]
    return DeviceSummary(
        total=len(rows),
        by_phase=[(phase, counts[phase]) for phase in order if counts[phase]],
        rows=rows[:limit],
    )
