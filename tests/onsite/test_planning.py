"""The planning rules (pupitre.onsite.planning): examples, then properties
drawn by hypothesis and checked against plain brute-force rules written here.

Examples are fixed (derandomize) so CI is reproducible; to explore at random:
    ONSITE_PROPERTY_EXAMPLES=5000 .venv/bin/pytest tests/onsite/test_planning.py
"""

import os
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pupitre.onsite import planning
from pupitre.onsite.planning import (
    Booking,
    Place,
    SiteTime,
    TechnicianTime,
    distance_km,
    slot_conflicts,
    travel_time,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
_EXPLORE = int(os.environ.get("ONSITE_PROPERTY_EXAMPLES", "0"))
PROPERTY = settings(
    max_examples=_EXPLORE or 150,
    derandomize=not _EXPLORE,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

NAMUR = Place(50.4669, 4.8675)
EUPEN = Place(50.6285, 6.0342)
LIEGE = Place(50.6326, 5.5797)
ARLON = Place(49.6833, 5.8167)
NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # Monday 30 November 2026, 08:00 in Brussels


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


THURSDAY = date(2026, 12, 3)
WEDNESDAY = date(2026, 12, 2)
SATURDAY = date(2026, 12, 5)


def codes(conflicts):
    return [conflict.code for conflict in conflicts]


# --- travel ------------------------------------------------------------------


def test_distance_namur_eupen_is_about_84_km():
    assert distance_km(NAMUR, EUPEN) == pytest.approx(84.4, abs=0.5)


def test_travel_estimate_is_distance_times_road_factor_at_average_speed_rounded_up():
    # 84.4 km × 1.3 = 109.7 km at 50 km/h = 131.6 min, rounded up to 135.
    assert travel_time(NAMUR, EUPEN) == timedelta(minutes=135)
    assert travel_time(NAMUR, NAMUR) == timedelta(0)


def test_unknown_place_counts_as_the_default_journey():
    assert travel_time(None, EUPEN) == planning.UNKNOWN_TRAVEL
    assert travel_time(NAMUR, None) == planning.UNKNOWN_TRAVEL


def test_place_refuses_coordinates_off_the_earth():
    with pytest.raises(ValueError):
        Place(91, 0)


# --- site --------------------------------------------------------------------


def test_slot_inside_the_default_school_day_is_accepted():
    site = SiteTime(tz=BRUSSELS, place=NAMUR)
    assert (
        slot_conflicts(at(THURSDAY, 9), at(THURSDAY, 11), site=site, technician=None, now=NOW) == []
    )


def test_wednesday_afternoon_and_saturday_are_refused_with_the_reason():
    site = SiteTime(tz=BRUSSELS)
    wednesday = slot_conflicts(
        at(WEDNESDAY, 13), at(WEDNESDAY, 14), site=site, technician=None, now=NOW
    )
    assert codes(wednesday) == ["site_hours"]
    assert "08:00–12:30" in wednesday[0].reason
    saturday = slot_conflicts(
        at(SATURDAY, 9), at(SATURDAY, 10), site=site, technician=None, now=NOW
    )
    assert codes(saturday) == ["site_closed_day"]


def test_a_closed_day_is_refused_with_its_name():
    site = SiteTime(tz=BRUSSELS, closed_days={THURSDAY: "Saint-Nicolas"})
    conflicts = slot_conflicts(
        at(THURSDAY, 9), at(THURSDAY, 10), site=site, technician=None, now=NOW
    )
    assert codes(conflicts) == ["site_closed_day"]
    assert "Saint-Nicolas" in conflicts[0].reason


def test_a_closure_overlapping_the_slot_is_refused():
    site = SiteTime(tz=BRUSSELS, closures=((at(THURSDAY, 10), at(THURSDAY, 12), "fire drill"),))
    assert codes(
        slot_conflicts(at(THURSDAY, 9), at(THURSDAY, 11), site=site, technician=None, now=NOW)
    ) == ["site_closure"]
    assert (
        slot_conflicts(at(THURSDAY, 8), at(THURSDAY, 10), site=site, technician=None, now=NOW) == []
    )


def test_a_slot_in_the_past_or_backwards_is_refused():
    site = SiteTime(tz=BRUSSELS)
    assert codes(
        slot_conflicts(at(THURSDAY, 9), at(THURSDAY, 9), site=site, technician=None, now=NOW)
    ) == ["slot_order"]
    later = at(THURSDAY, 12)
    assert codes(
        slot_conflicts(at(THURSDAY, 9), at(THURSDAY, 10), site=site, technician=None, now=later)
    ) == ["slot_past"]


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        slot_conflicts(
            datetime(2026, 12, 3, 9),  # noqa: DTZ001 - the naive datetime refused
            datetime(2026, 12, 3, 10),  # noqa: DTZ001
            site=SiteTime(tz=BRUSSELS),
            technician=None,
            now=NOW,
        )


# --- technician --------------------------------------------------------------


def test_other_intervention_overlapping_is_refused_with_its_label():
    tech = TechnicianTime(
        tz=BRUSSELS,
        bookings=(Booking(at(THURSDAY, 10), at(THURSDAY, 11), NAMUR, "2026-000042"),),
        base=NAMUR,
    )
    site = SiteTime(tz=BRUSSELS, place=NAMUR)
    conflicts = slot_conflicts(
        at(THURSDAY, 10, 30), at(THURSDAY, 11, 30), site=site, technician=tech, now=NOW
    )
    assert codes(conflicts) == ["technician_busy"]
    assert "2026-000042" in conflicts[0].reason


def test_travel_between_two_sites_must_fit_between_the_visits():
    tech = TechnicianTime(
        tz=BRUSSELS,
        day_starts=time(7),
        day_ends=time(19),
        bookings=(Booking(at(THURSDAY, 8), at(THURSDAY, 10), NAMUR, "A"),),
        base=NAMUR,
    )
    eupen = SiteTime(tz=BRUSSELS, place=EUPEN)
    # Namur → Eupen is 135 minutes: 10:00 + 2:15 = 12:15.
    too_soon = slot_conflicts(
        at(THURSDAY, 12), at(THURSDAY, 13), site=eupen, technician=tech, now=NOW
    )
    assert codes(too_soon) == ["technician_travel"]
    assert "135" in too_soon[0].reason
    in_time = slot_conflicts(
        at(THURSDAY, 12, 15), at(THURSDAY, 13), site=eupen, technician=tech, now=NOW
    )
    assert in_time == []


def test_the_journey_from_and_back_to_base_must_fit_the_working_day():
    tech = TechnicianTime(tz=BRUSSELS, day_starts=time(7, 30), day_ends=time(17), base=NAMUR)
    arlon = SiteTime(tz=BRUSSELS, place=ARLON)
    journey = travel_time(NAMUR, ARLON)
    assert journey > timedelta(minutes=30)
    early = slot_conflicts(at(THURSDAY, 8), at(THURSDAY, 9), site=arlon, technician=tech, now=NOW)
    assert codes(early) == ["technician_hours"]
    fine = at(THURSDAY, 7, 30) + journey
    assert (
        slot_conflicts(fine, fine + timedelta(hours=1), site=arlon, technician=tech, now=NOW) == []
    )


def test_absence_and_day_off_are_refused():
    tech = TechnicianTime(
        tz=BRUSSELS,
        weekdays=frozenset({0, 1, 2, 4}),
        absences=((at(WEDNESDAY, 0), at(WEDNESDAY, 23), "training"),),
    )
    site = SiteTime(tz=BRUSSELS)
    assert codes(
        slot_conflicts(at(THURSDAY, 9), at(THURSDAY, 10), site=site, technician=tech, now=NOW)
    ) == ["technician_day_off"]
    absent = slot_conflicts(
        at(WEDNESDAY, 9), at(WEDNESDAY, 10), site=site, technician=tech, now=NOW
    )
    assert codes(absent) == ["technician_absent"]
    assert "training" in absent[0].reason


def test_one_to_three_distinct_slots():
    site = SiteTime(tz=BRUSSELS)
    hour = timedelta(hours=1)
    none = planning.slots_conflicts([], hour, site=site, technician=None, now=NOW)
    assert codes(c for _i, c in none) == ["slot_count"]
    four = [at(THURSDAY, h) for h in (8, 9, 10, 11)]
    assert codes(
        c for _i, c in planning.slots_conflicts(four, hour, site=site, technician=None, now=NOW)
    ) == ["slot_count"]
    twice = [at(THURSDAY, 9), at(THURSDAY, 9)]
    assert codes(
        c for _i, c in planning.slots_conflicts(twice, hour, site=site, technician=None, now=NOW)
    ) == ["slot_twice"]
    third_bad = [at(THURSDAY, 9), at(THURSDAY, 10), at(SATURDAY, 9)]
    found = planning.slots_conflicts(third_bad, hour, site=site, technician=None, now=NOW)
    assert [(i, c.code) for i, c in found] == [(2, "site_closed_day")]


def test_conflict_reasons_are_translated():
    from django.utils import translation

    site = SiteTime(tz=BRUSSELS)
    with translation.override("de"):
        german = slot_conflicts(
            at(SATURDAY, 9), at(SATURDAY, 10), site=site, technician=None, now=NOW
        )
    with translation.override("fr"):
        french = slot_conflicts(
            at(SATURDAY, 9), at(SATURDAY, 10), site=site, technician=None, now=NOW
        )
    assert german[0].reason != french[0].reason
    assert "Standort" in german[0].reason
    assert "implantation" in french[0].reason


# --- SLA days -----------------------------------------------------------------


def test_school_days_skip_weekends_and_holidays():
    holidays = {date(2026, 12, 25)}

    def is_open(day):
        return day.weekday() < 5 and day not in holidays

    # Decided on Wednesday 23 December: 2 business days → Monday 28 (Friday 25 is closed).
    assert planning.add_school_days(date(2026, 12, 23), 2, is_open) == date(2026, 12, 28)
    assert planning.business_days_between(date(2026, 12, 23), date(2026, 12, 28), is_open) == 2


# --- properties ---------------------------------------------------------------

places = st.builds(
    Place,
    st.floats(49.4, 50.9, allow_nan=False),
    st.floats(2.8, 6.5, allow_nan=False),
)


@PROPERTY
@given(places, places, places)
def test_travel_is_symmetric_rounded_and_never_shorter_than_the_straight_line(a, b, c):
    assert distance_km(a, b) == pytest.approx(distance_km(b, a))
    assert distance_km(a, c) <= distance_km(a, b) + distance_km(b, c) + 1e-6
    journey = travel_time(a, b)
    assert journey == travel_time(b, a)
    assert journey.total_seconds() % 300 == 0
    minimum = distance_km(a, b) * planning.ROAD_FACTOR / planning.AVERAGE_SPEED_KMH * 3600
    assert minimum <= journey.total_seconds() < minimum + 300 + 1e-6


def quarter(index: int) -> time:
    return time(index // 4, 15 * (index % 4))


@st.composite
def site_weeks(draw):
    """Weekly hours on quarter hours between 06:00 and 22:00 (no daylight-saving gap)."""
    week = {}
    for weekday in range(7):
        points = sorted(draw(st.sets(st.integers(24, 88), max_size=4)))
        pairs = [(quarter(a), quarter(b)) for a, b in zip(points[0::2], points[1::2], strict=False)]
        if pairs:
            week[weekday] = tuple(pairs)
    return week


FIRST_DAY = date(2026, 3, 16)  # around the spring switch (29 March) and beyond
days = st.integers(0, 240).map(lambda n: FIRST_DAY + timedelta(days=n))
quarters = st.integers(0, 95)
durations = st.integers(1, 40).map(lambda n: timedelta(minutes=15 * n))


def brute_site_ok(site: SiteTime, start: datetime, end: datetime) -> bool:
    local_start, local_end = start.astimezone(BRUSSELS), end.astimezone(BRUSSELS)
    if local_start.date() != local_end.date() or local_start.date() in site.closed_days:
        return False
    wall_start, wall_end = local_start.time(), local_end.time()
    return any(
        opens <= wall_start and wall_end <= closes and wall_end != time(0)
        for opens, closes in site.weekly.get(local_start.weekday(), ())
    )


@PROPERTY
@given(site_weeks(), days, quarters, durations, st.sets(days, max_size=5))
def test_a_site_accepts_exactly_the_slots_inside_its_open_hours(week, day, q, duration, closed):
    site = SiteTime(tz=BRUSSELS, weekly=week, closed_days={d: "closed" for d in closed})
    start = datetime.combine(day, quarter(q), tzinfo=BRUSSELS)
    end = start + duration
    accepted = planning.site_conflicts(start, end, site) == []
    assert accepted == brute_site_ok(site, start, end)


@st.composite
def bookings(draw, day):
    found = []
    for _ in range(draw(st.integers(0, 4))):
        start = datetime.combine(day, quarter(draw(st.integers(28, 72))), tzinfo=BRUSSELS)
        length = timedelta(minutes=15 * draw(st.integers(1, 16)))
        found.append(Booking(start, start + length, draw(st.one_of(st.none(), places)), "x"))
    return tuple(found)


@PROPERTY
@given(st.data(), days, places, st.one_of(st.none(), places))
def test_an_accepted_slot_leaves_travel_time_around_every_other_visit(data, day, here, base):
    tech = TechnicianTime(tz=BRUSSELS, bookings=data.draw(bookings(day)), base=base)
    start = datetime.combine(day, quarter(data.draw(st.integers(28, 72))), tzinfo=BRUSSELS)
    end = start + data.draw(durations)
    accepted = planning.technician_conflicts(start, end, tech, here) == []
    day_start = datetime.combine(day, tech.day_starts, tzinfo=BRUSSELS)
    day_end = datetime.combine(day, tech.day_ends, tzinfo=BRUSSELS)
    expected = (
        day.weekday() in tech.weekdays
        and start - travel_time(base, here) >= day_start
        and end + travel_time(here, base) <= day_end
        and all(
            b.ends_at + travel_time(b.place, here) <= start
            or end + travel_time(here, b.place) <= b.starts_at
            for b in tech.bookings
        )
    )
    assert accepted == expected


@PROPERTY
@given(site_weeks(), st.sets(days, max_size=10), durations, st.data())
def test_suggested_slots_have_no_conflict(week, closed, duration, data):
    site = SiteTime(
        tz=BRUSSELS, weekly=week, closed_days={d: "closed" for d in closed}, place=NAMUR
    )
    now = datetime.combine(data.draw(days), quarter(data.draw(quarters)), tzinfo=BRUSSELS)
    day = now.date() + timedelta(days=1)
    tech = TechnicianTime(tz=BRUSSELS, bookings=data.draw(bookings(day)), base=LIEGE)
    found = planning.free_slots(duration, site=site, technician=tech, now=now, days=14)
    assert found == sorted(found)
    local_days = [start.astimezone(BRUSSELS).date() for start, _end in found]
    assert len(set(local_days)) == len(local_days)
    for start, end in found:
        assert end - start == duration
        assert start > now
        assert slot_conflicts(start, end, site=site, technician=tech, now=now) == []


@PROPERTY
@given(days, st.integers(0, 30), st.sets(days, max_size=20))
def test_adding_school_days_counts_exactly_that_many(start, count, holidays):
    def is_open(day):
        return day.weekday() < 5 and day not in holidays

    due = planning.add_school_days(start, count, is_open)
    assert is_open(due)
    first = planning.add_school_days(start, 0, is_open)
    assert planning.business_days_between(first, due, is_open) == count


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(date(2027, 3, 29), 7), (date(2026, 10, 26), 8)],  # after the spring and autumn switches
)
def test_school_hours_are_wall_clock_across_daylight_saving_switches(day, utc_hour):
    site = SiteTime(tz=BRUSSELS)
    start = datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)  # 09:00 in Brussels
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert (
        slot_conflicts(start, start + timedelta(hours=1), site=site, technician=None, now=now) == []
    )
    early = start - timedelta(hours=1, minutes=30)  # 07:30 in Brussels
    assert codes(slot_conflicts(early, start, site=site, technician=None, now=now)) == [
        "site_hours"
    ]
    tech = TechnicianTime(tz=BRUSSELS, base=NAMUR)
    found = planning.free_slots(
        timedelta(hours=1),
        site=SiteTime(tz=BRUSSELS, place=NAMUR),
        technician=tech,
        now=datetime.combine(day, time(0), tzinfo=BRUSSELS),
        days=1,
    )
    assert found == [
        (
            datetime(day.year, day.month, day.day, utc_hour - 1, tzinfo=UTC),
            datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC),
        )
    ]
