"""Properties of the engine, on calendars, starts and durations drawn by hypothesis.

The calendars mix the realistic (office hours, evenings, lunch breaks, nights,
round the clock) with arbitrary quarter-hour schedules, in zones chosen for
their switches: Brussels, UTC, Sao Paulo and Tehran (switches at midnight,
when they had them: a day then starts at 01:00), Lord Howe (a 30-minute
switch). Holidays are drawn near the start so that long durations cross them.

The fast path (whole weeks and days skipped arithmetically, a table of
exceptional days) is checked against a plain day-by-day walk written here.

Examples are fixed (derandomize) so CI is reproducible; to explore at random:
    HOURS_PROPERTY_EXAMPLES=5000 .venv/bin/pytest tests/hours/test_properties.py
"""

import os
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pupitre.hours import Calendar
from pupitre.hours.timeline import (
    DAY,
    EPOCH,
    EPOCH_ORDINAL,
    local_date_of,
    to_seconds,
    wall_to_seconds,
)

from . import FROZEN_NOW, SEC

pytestmark = pytest.mark.time_machine(FROZEN_NOW, tick=False)

_EXPLORE = int(os.environ.get("HOURS_PROPERTY_EXAMPLES", "0"))
PROPERTY = settings(
    max_examples=_EXPLORE or 100,
    derandomize=not _EXPLORE,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

ZONES = [
    ZoneInfo(key)
    for key in ("Europe/Brussels", "UTC", "America/Sao_Paulo", "Asia/Tehran", "Australia/Lord_Howe")
]
FIRST_START = to_seconds(datetime(2016, 1, 1, tzinfo=UTC), "first")
LAST_START = to_seconds(datetime(2027, 12, 31, tzinfo=UTC), "last")


def quarter(index: int) -> time:
    """The index-th quarter hour of a day; 96 is 24:00, written 00:00."""
    return time((index // 4) % 24, 15 * (index % 4))


def every(days, *intervals):
    return {weekday: tuple((quarter(a), quarter(b)) for a, b in intervals) for weekday in days}


TYPICAL_WEEKS = [
    every(range(5), (32, 72)),  # 08-18
    every(range(5), (32, 84)),  # 08-21
    every(range(5), (32, 48), (52, 72)),  # 08-12, 13-18
    every(range(7), (0, 24)),  # 00-06, every night
    every(range(7), (0, 96)),  # round the clock
    every(range(5), (0, 96)) | every([5], (44, 58)),  # 5x24 and Saturday 11-14:30
    every(range(7), (8, 16), (88, 96)),  # 02-04 and 22-24: around the switches
]


@st.composite
def quarter_hour_weeks(draw):
    week = {}
    for weekday in range(7):
        points = sorted(draw(st.sets(st.integers(0, 96), max_size=6)))
        pairs = list(zip(points[0::2], points[1::2], strict=False))
        if pairs:
            week[weekday] = tuple((quarter(a), quarter(b)) for a, b in pairs)
    assume(week)
    return week


def instants(low=FIRST_START, high=LAST_START):
    return st.integers(low, high).map(lambda seconds: EPOCH + timedelta(seconds=seconds))


@st.composite
def calendars_near(draw, start: datetime):
    """A calendar whose holidays and closures fall in the year after `start`."""
    tz = draw(st.sampled_from(ZONES))
    weekly = draw(st.one_of(st.sampled_from(TYPICAL_WEEKS), quarter_hour_weeks()))
    first_day = start.date() - timedelta(days=3)
    near_days = st.integers(0, 400).map(lambda offset: first_day + timedelta(days=offset))
    holidays = draw(st.frozensets(near_days, max_size=25))
    closure_days = draw(st.lists(near_days, max_size=3))
    seconds = to_seconds(start, "start")
    ranges = draw(
        st.lists(
            st.tuples(instants(seconds - 3 * DAY, seconds + 400 * DAY), st.integers(1, 20 * DAY)),
            max_size=4,
        )
    )
    closures = tuple(closure_days) + tuple(
        (begin, begin + timedelta(seconds=length)) for begin, length in ranges
    )
    return Calendar(tz, weekly, holidays, closures)


def week_seconds(calendar: Calendar) -> int:
    total = 0
    for day in calendar.weekly.values():
        for opens, closes in day:
            total += (second_of_day(closes) or DAY) - second_of_day(opens)
    return total


def second_of_day(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


@st.composite
def scenarios(draw, max_weeks=40):
    """A start, a calendar near it, and a duration of up to `max_weeks` weeks of it."""
    start = draw(instants())
    calendar = draw(calendars_near(start))
    seconds = draw(st.integers(1, max_weeks * week_seconds(calendar)))
    return calendar, start, timedelta(seconds=seconds)


# --- the reference: a plain day-by-day walk ------------------------------------


def reference_spans(calendar: Calendar, day: int) -> list[tuple[int, int]]:
    """The open spans of local day `day`, straight from the definition."""
    closed_dates = calendar.holidays | {c for c in calendar.closures if isinstance(c, date)}
    if date.fromordinal(day) in closed_dates:
        return []
    weekday = (day - 1) % 7
    spans = [
        (
            wall_to_seconds(calendar.tz, day, second_of_day(opens)),
            wall_to_seconds(calendar.tz, day, second_of_day(closes) or DAY),
        )
        for opens, closes in calendar.weekly[weekday]
    ]
    for closure in calendar.closures:
        if isinstance(closure, tuple):
            hole_start, hole_end = (to_seconds(moment, "closure") for moment in closure)
            spans = [
                piece
                for start, end in spans
                for piece in ((start, min(end, hole_start)), (max(start, hole_end), end))
                if piece[0] < piece[1]
            ]
    return sorted(spans)


def reference_add(calendar: Calendar, start: datetime, duration: timedelta) -> int:
    begin, remaining = to_seconds(start, "start"), duration // SEC
    day = local_date_of(calendar.tz, begin) - 1
    while True:
        for span_start, span_end in reference_spans(calendar, day):
            span_start = max(span_start, begin)
            if span_end <= span_start:
                continue
            if span_end - span_start >= remaining:
                return span_start + remaining
            remaining -= span_end - span_start
        day += 1


def reference_between(calendar: Calendar, a: int, b: int) -> int:
    total = 0
    for day in range(local_date_of(calendar.tz, a) - 1, local_date_of(calendar.tz, b) + 2):
        for start, end in reference_spans(calendar, day):
            total += max(0, min(end, b) - max(start, a))
    return total


def reference_is_open(calendar: Calendar, moment: int) -> bool:
    day = local_date_of(calendar.tz, moment)
    return any(
        start <= moment < end
        for near in (day - 1, day, day + 1)
        for start, end in reference_spans(calendar, near)
    )


# --- due times -----------------------------------------------------------------


@PROPERTY
@given(scenarios())
def test_business_time_up_to_the_due_time_is_the_duration(scenario):
    calendar, start, duration = scenario

    due = calendar.add_business_time(start, duration)

    assert calendar.business_time_between(start, due) == duration


@PROPERTY
@given(scenarios())
def test_a_due_time_is_never_inside_a_closed_period(scenario):
    # It is at the end of the last business second: open just before it.
    calendar, start, duration = scenario

    due = calendar.add_business_time(start, duration)

    assert due > start
    assert calendar.is_open(due - SEC)


@PROPERTY
@given(scenarios(), st.integers(1, 10 * DAY))
def test_a_longer_duration_is_due_later(scenario, extra_seconds):
    calendar, start, duration = scenario
    longer = duration + timedelta(seconds=extra_seconds)

    assert calendar.add_business_time(start, duration) < calendar.add_business_time(start, longer)


@PROPERTY
@given(scenarios())
def test_due_time_agrees_with_a_day_by_day_walk(scenario):
    calendar, start, duration = scenario

    due = calendar.add_business_time(start, duration)

    assert to_seconds(due, "due") == reference_add(calendar, start, duration)


@PROPERTY
@given(scenarios(), st.integers(0, 300 * DAY))
def test_business_time_between_agrees_with_a_day_by_day_walk(scenario, span_seconds):
    calendar, start, _ = scenario
    end = start + timedelta(seconds=span_seconds)
    expected = reference_between(calendar, to_seconds(start, "a"), to_seconds(end, "b"))

    assert calendar.business_time_between(start, end) == timedelta(seconds=expected)
    assert calendar.business_time_between(end, start) == -timedelta(seconds=expected)


# --- instants ------------------------------------------------------------------


@PROPERTY
@given(scenarios(max_weeks=1), st.integers(0, 30 * DAY))
def test_is_open_agrees_with_the_day_by_day_spans(scenario, later):
    calendar, start, _ = scenario
    moment = start + timedelta(seconds=later)

    assert calendar.is_open(moment) == reference_is_open(calendar, to_seconds(moment, "at"))


@PROPERTY
@given(scenarios(max_weeks=1))
def test_next_opening_is_the_first_open_instant(scenario):
    calendar, start, _ = scenario

    opening = calendar.next_opening(start)

    assert opening >= start.replace(microsecond=0)
    assert calendar.is_open(opening)
    assert calendar.business_time_between(start, opening) == timedelta(0)


@PROPERTY
@given(scenarios(max_weeks=1))
def test_next_closing_is_the_first_closed_instant(scenario):
    calendar, start, _ = scenario
    start = start.replace(microsecond=0)

    closing = calendar.next_closing(start)

    if closing is None:  # round the clock, with no holiday or closure after `start`
        assert calendar.business_time_between(start, start + timedelta(days=800)) == timedelta(
            days=800
        )
    else:
        assert closing >= start
        assert not calendar.is_open(closing)
        assert calendar.business_time_between(start, closing) == closing - start


# --- pauses --------------------------------------------------------------------


@st.composite
def pauses_after(draw, start: datetime):
    """Up to five pauses, possibly overlapping, from a day before `start` on."""
    seconds = to_seconds(start, "start")
    raw = draw(
        st.lists(st.tuples(instants(seconds - DAY, seconds + 60 * DAY), st.integers(0, 5 * DAY)))
    )
    return [(begin, begin + timedelta(seconds=length)) for begin, length in raw[:5]]


@PROPERTY
@given(st.data())
def test_pauses_round_trip_and_the_due_time_is_not_paused(data):
    calendar, start, duration = data.draw(scenarios(max_weeks=8))
    pauses = data.draw(pauses_after(start))

    due = calendar.add_business_time(start, duration, pauses=pauses)

    assert calendar.business_time_between(start, due, pauses=pauses) == duration
    last_second = due - SEC
    assert calendar.is_open(last_second)
    assert not any(begin <= last_second < end for begin, end in pauses)


# --- wall-clock time -------------------------------------------------------------


@PROPERTY
@given(
    st.sampled_from(ZONES),
    st.integers(date(2010, 1, 1).toordinal(), date(2030, 12, 31).toordinal()),
    st.integers(0, 96),
)
def test_a_wall_clock_time_is_the_first_instant_whose_clock_shows_it_or_later(tz, day, index):
    """By brute force over quarter hours (all these zones' offsets and switches are
    on quarter hours): ambiguous times take the first pass, skipped times the jump."""
    target = (day - EPOCH_ORDINAL) * DAY + 900 * index  # wall clock, as naive seconds

    def shown(moment: int) -> int:
        local = datetime.fromtimestamp(moment, tz)
        return (local.toordinal() - EPOCH_ORDINAL) * DAY + second_of_day(local)

    moment = target - 15 * 3600  # before any zone's clocks show the target
    while shown(moment) < target:
        moment += 900

    assert wall_to_seconds(tz, day, 900 * index) == moment
