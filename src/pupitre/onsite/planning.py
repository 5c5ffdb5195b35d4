"""When a technician can visit a site: pure functions of plain values.

A slot is acceptable when it lies

- inside the site's opening hours on a school day: the site's own weekly
  hours (or the default school week), minus the public holidays and closures
  of the school's calendar, the school holidays of its Community and the
  site's "no visit" days;
- inside the technician's working time: a day they work, the journey from
  their base before the slot and back after it within their working day, no
  absence, no other intervention, and enough time to drive between the
  previous intervention, this one and the next.

Travel time is an estimate by distance (docs/onsite.md): the great-circle
(haversine) distance between the two places times a road factor of 1.3, at
an average speed of 50 km/h, rounded up to the next 5 minutes. A place
without coordinates counts as `UNKNOWN_TRAVEL` away (45 minutes).

Nothing here reads the clock or the database: the caller passes `now`, the
site's and the technician's time as built by `onsite.queries`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARTH_RADIUS_KM = 6371.0088
ROAD_FACTOR = 1.3
AVERAGE_SPEED_KMH = 50.0
TRAVEL_ROUNDING = timedelta(minutes=5)
UNKNOWN_TRAVEL = timedelta(minutes=45)

MAX_SLOTS = 3

Hours = tuple[tuple[time, time], ...]

# A Belgian school day when a site has not given its own hours: Monday,
# Tuesday, Thursday and Friday 08:00–16:00, Wednesday morning only (schools
# have no lessons on Wednesday afternoon).
DEFAULT_SCHOOL_WEEK: Mapping[int, Hours] = {
    0: ((time(8), time(16)),),
    1: ((time(8), time(16)),),
    2: ((time(8), time(12, 30)),),
    3: ((time(8), time(16)),),
    4: ((time(8), time(16)),),
}
DEFAULT_WORKING_DAYS = frozenset(range(5))


# --- travel ------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A point in WGS 84 degrees."""

    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise ValueError(f"Not a place on Earth: {self.latitude!r}, {self.longitude!r}.")


def place_of(latitude, longitude) -> Place | None:
    """A Place from two stored coordinates (Decimal or float), None if either is missing."""
    if latitude is None or longitude is None:
        return None
    return Place(float(latitude), float(longitude))


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(a.latitude), math.radians(b.latitude)
    dphi = phi2 - phi1
    dlambda = math.radians(b.longitude - a.longitude)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def travel_time(a: Place | None, b: Place | None) -> timedelta:
    """Estimated driving time from a to b (see the module's docstring)."""
    if a is None or b is None:
        return UNKNOWN_TRAVEL
    if a == b:
        return timedelta(0)
    hours = distance_km(a, b) * ROAD_FACTOR / AVERAGE_SPEED_KMH
    step = TRAVEL_ROUNDING.total_seconds()
    seconds = math.ceil(hours * 3600 / step) * step
    return timedelta(seconds=seconds)


# --- what the caller knows ---------------------------------------------------


@dataclass(frozen=True)
class SiteTime:
    """When a site can be visited.

    `weekly` maps a weekday (0 = Monday) to wall-clock opening hours in `tz`
    (a missing weekday is closed); `closed_days` maps a closed local date to
    the reason shown (a holiday's name, "school holidays", a no-visit reason);
    `closures` are stretches of time (aware datetimes) with their reason.
    """

    tz: tzinfo
    weekly: Mapping[int, Hours] = field(default_factory=lambda: DEFAULT_SCHOOL_WEEK)
    closed_days: Mapping[date, str] = field(default_factory=dict)
    closures: tuple[tuple[datetime, datetime, str], ...] = ()
    place: Place | None = None


@dataclass(frozen=True)
class Booking:
    """Time a technician has already given away: another intervention."""

    starts_at: datetime
    ends_at: datetime
    place: Place | None = None
    label: str = ""


@dataclass(frozen=True)
class TechnicianTime:
    """When a technician can work: working days (0 = Monday) from `day_starts`
    to `day_ends` in `tz`, minus `absences` (start, end, reason); `bookings`
    are their other interventions; `base` is where each day starts and ends."""

    tz: tzinfo
    weekdays: frozenset[int] = DEFAULT_WORKING_DAYS
    day_starts: time = time(7, 30)
    day_ends: time = time(17)
    absences: tuple[tuple[datetime, datetime, str], ...] = ()
    bookings: tuple[Booking, ...] = ()
    base: Place | None = None


@dataclass(frozen=True)
class Conflict:
    """Why a slot is refused: a code for programs, a sentence for people
    (in the active language)."""

    code: str
    reason: str

    def __str__(self) -> str:
        return self.reason


# --- the rules ---------------------------------------------------------------


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime, got {moment!r}.")
    return moment.astimezone(UTC)


def _wall(day: date, at: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _hhmm(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


def _day_text(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def site_conflicts(start: datetime, end: datetime, site: SiteTime) -> list[Conflict]:
    """Why the site cannot be visited from `start` to `end` (empty: it can)."""
    start, end = _aware(start, "start"), _aware(end, "end")
    local_start = start.astimezone(site.tz)
    day = local_start.date()
    if end.astimezone(site.tz).date() != day:
        return [Conflict("site_hours", _("A visit must start and end on the same day."))]
    if day in site.closed_days:
        return [
            Conflict(
                "site_closed_day",
                _("The site is closed on %(day)s: %(reason)s.")
                % {"day": _day_text(day), "reason": site.closed_days[day]},
            )
        ]
    hours = site.weekly.get(day.weekday(), ())
    inside = any(
        _wall(day, opens, site.tz) <= start and end <= _wall(day, closes, site.tz)
        for opens, closes in hours
    )
    if not inside:
        if not hours:
            return [
                Conflict(
                    "site_closed_day",
                    _("The site is closed on %(day)s: no school that day.")
                    % {"day": _day_text(day)},
                )
            ]
        shown = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in hours)
        return [
            Conflict(
                "site_hours",
                _("The visit lies outside the site's opening hours on %(day)s (%(hours)s).")
                % {"day": _day_text(day), "hours": shown},
            )
        ]
    conflicts = []
    for closed_from, closed_to, reason in site.closures:
        if _overlaps(start, end, _aware(closed_from, "closure"), _aware(closed_to, "closure")):
            conflicts.append(
                Conflict(
                    "site_closure",
                    _("The site is closed from %(start)s to %(end)s: %(reason)s.")
                    % {
                        "start": _hhmm(closed_from, site.tz),
                        "end": _hhmm(closed_to, site.tz),
                        "reason": reason,
                    },
                )
            )
    return conflicts


def technician_conflicts(
    start: datetime, end: datetime, technician: TechnicianTime, place: Place | None
) -> list[Conflict]:
    """Why the technician cannot be at `place` from `start` to `end`."""
    start, end = _aware(start, "start"), _aware(end, "end")
    tz = technician.tz
    day = start.astimezone(tz).date()
    if day.weekday() not in technician.weekdays:
        return [
            Conflict(
                "technician_day_off",
                _("The technician does not work on %(day)s.") % {"day": _day_text(day)},
            )
        ]
    conflicts = []
    day_start = _wall(day, technician.day_starts, tz)
    day_end = _wall(day, technician.day_ends, tz)
    there = travel_time(technician.base, place)
    back = travel_time(place, technician.base)
    if start - there < day_start or end + back > day_end:
        conflicts.append(
            Conflict(
                "technician_hours",
                _(
                    "With the journey from and back to their base (%(there)s and %(back)s "
                    "minutes), the visit does not fit in the technician's working day "
                    "(%(start)s–%(end)s)."
                )
                % {
                    "there": _minutes(there),
                    "back": _minutes(back),
                    "start": f"{technician.day_starts:%H:%M}",
                    "end": f"{technician.day_ends:%H:%M}",
                },
            )
        )
    for absent_from, absent_to, reason in technician.absences:
        if _overlaps(start, end, _aware(absent_from, "absence"), _aware(absent_to, "absence")):
            conflicts.append(
                Conflict(
                    "technician_absent",
                    _("The technician is absent from %(start)s to %(end)s: %(reason)s.")
                    % {
                        "start": _when(absent_from, tz),
                        "end": _when(absent_to, tz),
                        "reason": reason or _("absence"),
                    },
                )
            )
    for booking in technician.bookings:
        b_start, b_end = _aware(booking.starts_at, "booking"), _aware(booking.ends_at, "booking")
        times = {"label": booking.label, "start": _hhmm(b_start, tz), "end": _hhmm(b_end, tz)}
        if _overlaps(start, end, b_start, b_end):
            conflicts.append(
                Conflict(
                    "technician_busy",
                    _(
                        "The technician is at another intervention then "
                        "(%(label)s, %(start)s–%(end)s)."
                    )
                    % times,
                )
            )
        elif b_end <= start and b_end + travel_time(booking.place, place) > start:
            conflicts.append(
                Conflict(
                    "technician_travel",
                    _(
                        "The technician cannot arrive in time: %(minutes)s minutes of travel "
                        "after the intervention %(label)s, which ends at %(end)s."
                    )
                    % {**times, "minutes": _minutes(travel_time(booking.place, place))},
                )
            )
        elif end <= b_start and end + travel_time(place, booking.place) > b_start:
            conflicts.append(
                Conflict(
                    "technician_travel",
                    _(
                        "The technician could not reach the next intervention in time: "
                        "%(minutes)s minutes of travel to %(label)s, which starts at %(start)s."
                    )
                    % {**times, "minutes": _minutes(travel_time(place, booking.place))},
                )
            )
    return conflicts


def _when(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{_day_text(local.date())} {local:%H:%M}"


def slot_conflicts(
    start: datetime,
    end: datetime,
    *,
    site: SiteTime,
    technician: TechnicianTime | None,
    now: datetime,
) -> list[Conflict]:
    """Every reason the slot [start, end) cannot be proposed (empty: it can).
    Without a technician (a team assigns one later) only the site counts."""
    start, end = _aware(start, "start"), _aware(end, "end")
    if end <= start:
        return [Conflict("slot_order", _("A slot must end after it starts."))]
    if start <= _aware(now, "now"):
        return [Conflict("slot_past", _("This time has already passed."))]
    conflicts = site_conflicts(start, end, site)
    if technician is not None:
        conflicts += technician_conflicts(start, end, technician, site.place)
    return conflicts


def slots_conflicts(
    starts: Iterable[datetime],
    duration: timedelta,
    *,
    site: SiteTime,
    technician: TechnicianTime | None,
    now: datetime,
) -> list[tuple[int, Conflict]]:
    """The conflicts of one to three proposed starts of a visit of `duration`,
    each with the index of its slot (-1 for the set as a whole)."""
    starts = [_aware(start, "start") for start in starts]
    if duration <= timedelta(0):
        return [(-1, Conflict("duration", _("The expected duration must be positive.")))]
    if not 1 <= len(starts) <= MAX_SLOTS:
        return [(-1, Conflict("slot_count", _("Propose one, two or three times to the school.")))]
    if len(set(starts)) != len(starts):
        return [(-1, Conflict("slot_twice", _("The same time is proposed twice.")))]
    return [
        (index, conflict)
        for index, start in enumerate(starts)
        for conflict in slot_conflicts(
            start, start + duration, site=site, technician=technician, now=now
        )
    ]


def free_slots(
    duration: timedelta,
    *,
    site: SiteTime,
    technician: TechnicianTime | None,
    now: datetime,
    days: int = 10,
    step: timedelta = timedelta(minutes=30),
    limit: int = 6,
) -> list[tuple[datetime, datetime]]:
    """Up to `limit` slots without conflict in the next `days` local days,
    starting on the `step` grid of each opening interval (suggestions for the
    planning form)."""
    if duration <= timedelta(0) or step <= timedelta(0):
        return []
    found: list[tuple[datetime, datetime]] = []
    first_day = _aware(now, "now").astimezone(site.tz).date()
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day in site.closed_days:
            continue
        for opens, closes in site.weekly.get(day.weekday(), ()):
            start, close = _wall(day, opens, site.tz), _wall(day, closes, site.tz)
            while start + duration <= close:
                end = start + duration
                if not slot_conflicts(start, end, site=site, technician=technician, now=now):
                    found.append((start, end))
                    if len(found) >= limit:
                        return found
                    # One suggestion a day at most, so that the school has a choice.
                    break
                start += step
            else:
                continue
            break
    return found


# --- the intervention SLA ----------------------------------------------------


def add_school_days(start: date, count: int, is_business_day) -> date:
    """The business day `count` business days after `start` (`is_business_day`
    says which local dates count); `count` 0 is the first business day from
    `start` on."""
    if count < 0:
        raise ValueError("count must not be negative.")
    day = start
    while not is_business_day(day):
        day += timedelta(days=1)
    for _step in range(count):
        day += timedelta(days=1)
        while not is_business_day(day):
            day += timedelta(days=1)
    return day


def business_days_between(first: date, last: date, is_business_day) -> int:
    """How many business days lie after `first` up to and including `last`
    (0 when `last` is not after `first`)."""
    count = 0
    day = first
    while day < last:
        day += timedelta(days=1)
        if is_business_day(day):
            count += 1
    return count
