"""The conventions of docs/business-hours.md, one behaviour per test."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pupitre.hours import Calendar

from . import (
    BRUSSELS,
    EVERY_DAY,
    FROZEN_NOW,
    SEC,
    H,
    brussels,
    hours,
    round_the_clock,
    schedule,
    standard_calendar,
)

pytestmark = pytest.mark.time_machine(FROZEN_NOW, tick=False)

# 2026-06-08 is a Monday with no holiday near it.
MONDAY = (2026, 6, 8)


def monday(hour=0, minute=0, second=0, microsecond=0):
    return brussels(*MONDAY, hour, minute, second).replace(microsecond=microsecond)


# --- open or closed ----------------------------------------------------------


def test_open_at_the_opening_instant_and_closed_at_the_closing_instant():
    calendar = standard_calendar()

    assert not calendar.is_open(monday(7, 59, 59))
    assert calendar.is_open(monday(8))
    assert calendar.is_open(monday(17, 59, 59))
    assert not calendar.is_open(monday(18))


def test_next_opening_is_the_instant_itself_when_open():
    calendar = standard_calendar()

    assert calendar.next_opening(monday(8)) == monday(8)
    assert calendar.next_opening(monday(12, 34, 56)) == monday(12, 34, 56)
    assert calendar.next_opening(monday(18)) == brussels(2026, 6, 9, 8)
    assert calendar.next_opening(brussels(2026, 6, 12, 18)) == brussels(2026, 6, 15, 8)


def test_next_closing_is_the_instant_itself_when_closed():
    calendar = standard_calendar()

    assert calendar.next_closing(monday(7)) == monday(7)
    assert calendar.next_closing(monday(8)) == monday(18)
    assert calendar.next_closing(monday(18)) == monday(18)


def test_a_round_the_clock_calendar_never_closes_except_on_its_holidays():
    always = round_the_clock()
    with_new_year = round_the_clock(holidays=frozenset({date(2027, 1, 1)}))

    assert always.next_closing(monday(12)) is None
    assert with_new_year.next_closing(monday(12)) == brussels(2027, 1, 1)
    assert with_new_year.next_opening(brussels(2027, 1, 1, 12)) == brussels(2027, 1, 2)


def test_an_interval_ending_at_midnight_closes_at_the_next_day_start():
    late = Calendar(BRUSSELS, schedule(hours(20, 24)))

    assert late.next_closing(monday(21)) == brussels(2026, 6, 9)
    assert late.is_open(monday(23, 59, 59))
    assert not late.is_open(brussels(2026, 6, 9))


def test_a_night_calendar_stays_open_across_midnight():
    nights = Calendar(BRUSSELS, {0: (hours(22, 24),), 1: (hours(0, 6),)})

    assert nights.next_closing(monday(23)) == brussels(2026, 6, 9, 6)
    assert nights.add_business_time(monday(22), 8 * H) == brussels(2026, 6, 9, 6)


# --- due times ---------------------------------------------------------------


def test_a_due_time_landing_on_closing_time_stays_at_closing_time():
    calendar = standard_calendar()

    assert calendar.add_business_time(monday(8), 10 * H) == monday(18)
    assert calendar.add_business_time(monday(8), 10 * H + SEC) == brussels(2026, 6, 9, 8, 0, 1)


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(monday(6, 30), id="before-opening"),
        pytest.param(brussels(2026, 6, 5, 18), id="friday-at-closing"),
        pytest.param(brussels(2026, 6, 5, 22, 15), id="friday-night"),
        pytest.param(brussels(2026, 6, 6, 11), id="saturday"),
        pytest.param(brussels(2026, 6, 7, 23, 59, 59), id="sunday-late"),
    ],
)
def test_a_start_outside_hours_counts_from_the_next_opening(start):
    assert standard_calendar().add_business_time(start, 90 * timedelta(minutes=1)) == monday(9, 30)


def test_a_start_on_a_holiday_counts_from_the_next_opening():
    # Tuesday 2026-07-21, Belgian national day.
    due = standard_calendar().add_business_time(brussels(2026, 7, 21, 10), 2 * H)

    assert due == brussels(2026, 7, 22, 10)


def test_several_intervals_a_day_skip_the_lunch_break():
    split = Calendar(BRUSSELS, schedule(hours(8, 12), hours(13, 18)))

    assert split.add_business_time(monday(11, 30), H) == monday(13, 30)
    assert split.business_time_between(monday(8), monday(18)) == 9 * H
    assert not split.is_open(monday(12, 30))
    assert split.next_closing(monday(9)) == monday(12)


def test_a_zero_duration_is_due_at_the_start_even_when_closed():
    calendar = standard_calendar()

    assert calendar.add_business_time(monday(3), timedelta(0)) == monday(3)


def test_a_duration_of_many_weeks_is_exact():
    calendar = Calendar(BRUSSELS, schedule(hours(8, 18)))  # no holidays: 50 h a week
    start = monday(9)

    assert calendar.add_business_time(start, 52 * 50 * H) == brussels(2027, 6, 7, 9)


# --- seconds and zones -------------------------------------------------------


def test_microseconds_of_instants_and_durations_are_dropped():
    calendar = standard_calendar()

    due = calendar.add_business_time(monday(10, microsecond=999_999), H + 999_999 * 1e-6 * SEC)

    assert due == monday(11)
    assert calendar.business_time_between(monday(10, microsecond=1), monday(10, 0, 1)) == SEC


def test_results_are_in_utc_whatever_the_input_zone():
    calendar = standard_calendar()
    start = monday(9).astimezone(ZoneInfo("America/New_York"))

    due = calendar.add_business_time(start, H)

    assert due == monday(10)
    assert due.tzinfo is UTC
    assert calendar.next_opening(monday(3)).tzinfo is UTC
    assert calendar.next_closing(monday(9)).tzinfo is UTC


def test_business_time_between_is_negative_when_the_end_comes_first():
    calendar = standard_calendar()

    assert calendar.business_time_between(monday(12), monday(9)) == -3 * H
    assert calendar.business_time_between(monday(9), monday(9)) == timedelta(0)


# --- closures ----------------------------------------------------------------


def test_a_one_off_closure_date_closes_the_whole_day():
    calendar = standard_calendar(closures=(date(2026, 6, 9),))

    assert not calendar.is_open(brussels(2026, 6, 9, 10))
    assert calendar.add_business_time(monday(17), 2 * H) == brussels(2026, 6, 10, 9)


def test_a_closure_range_stops_the_clock_inside_a_day():
    closure = (monday(12), monday(15))
    calendar = standard_calendar(closures=(closure,))

    assert calendar.add_business_time(monday(11), 2 * H) == monday(16)
    assert calendar.next_closing(monday(11)) == monday(12)
    assert calendar.next_opening(monday(12)) == monday(15)
    assert calendar.business_time_between(monday(8), monday(18)) == 7 * H


def test_a_closure_range_over_several_days_and_a_weekend():
    # From Thursday 14:00 to Tuesday 10:00 (a training session, a move).
    calendar = standard_calendar(closures=((brussels(2026, 6, 11, 14), brussels(2026, 6, 16, 10)),))

    assert calendar.next_opening(brussels(2026, 6, 11, 15)) == brussels(2026, 6, 16, 10)
    assert calendar.add_business_time(brussels(2026, 6, 11, 13), 2 * H) == brussels(2026, 6, 16, 11)


# --- input checks ------------------------------------------------------------


NAIVE = datetime(2026, 6, 8, 9)  # noqa: DTZ001 - the input the engine must refuse


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.is_open(NAIVE), id="is_open"),
        pytest.param(lambda c: c.next_opening(NAIVE), id="next_opening"),
        pytest.param(lambda c: c.next_closing(NAIVE), id="next_closing"),
        pytest.param(lambda c: c.add_business_time(NAIVE, H), id="add_business_time"),
        pytest.param(lambda c: c.business_time_between(NAIVE, monday(9)), id="between-a"),
        pytest.param(lambda c: c.business_time_between(monday(9), NAIVE), id="between-b"),
        pytest.param(
            lambda c: c.add_business_time(monday(9), H, pauses=[(NAIVE, monday(10))]), id="pause"
        ),
    ],
)
def test_naive_datetimes_are_refused(call):
    with pytest.raises(ValueError, match="timezone-aware"):
        call(standard_calendar())


def test_a_negative_duration_is_refused():
    with pytest.raises(ValueError, match="negative"):
        standard_calendar().add_business_time(monday(9), -H)


@pytest.mark.parametrize(
    ("weekly", "message"),
    [
        pytest.param({0: (hours(8, 12), hours(11, 18))}, "overlap", id="overlap"),
        pytest.param({0: (hours(18, 8),)}, "close after it opens", id="backwards"),
        pytest.param({0: (hours(8, 8),)}, "close after it opens", id="empty"),
        pytest.param({7: (hours(8, 18),)}, "Weekdays", id="weekday-7"),
        pytest.param({}, "open at least once", id="never-open"),
        pytest.param({0: ((time(8, tzinfo=UTC), time(18)),)}, "wall-clock", id="aware-time"),
        pytest.param({0: ((time(8, 0, 0, 1), time(18)),)}, "whole seconds", id="microseconds"),
    ],
)
def test_a_malformed_week_is_refused(weekly, message):
    with pytest.raises(ValueError, match=message):
        Calendar(BRUSSELS, weekly)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"holidays": frozenset({monday(0)})}, "must be a date", id="holiday-datetime"),
        pytest.param({"closures": ((NAIVE, monday(10)),)}, "timezone-aware", id="naive-closure"),
        pytest.param({"closures": ((monday(10), monday(9)),)}, "end after", id="closure-backwards"),
        pytest.param({"closures": ("2026-06-08",)}, "date or a", id="closure-text"),
    ],
)
def test_malformed_holidays_and_closures_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        standard_calendar(**changes)


# --- the calendar as a value -------------------------------------------------


def test_adjacent_intervals_are_joined_and_calendars_compare_by_value():
    joined = Calendar(BRUSSELS, schedule(hours(8, 12), hours(12, 18)))
    single = Calendar(BRUSSELS, {weekday: [hours(8, 18)] for weekday in range(5)})

    assert joined == single
    assert hash(joined) == hash(single)
    assert joined.weekly[0] == (hours(8, 18),)
    assert joined.weekly[6] == ()


def test_the_weekly_schedule_cannot_be_changed_afterwards():
    calendar = standard_calendar()

    with pytest.raises(TypeError):
        calendar.weekly[5] = (hours(8, 12),)  # type: ignore[index]


def test_results_do_not_depend_on_the_wall_clock():
    calendar = Calendar(BRUSSELS, schedule(hours(8, 18), days=EVERY_DAY))
    answers = []
    for now in (datetime(2001, 1, 1, tzinfo=UTC), datetime(2049, 12, 31, tzinfo=UTC)):
        with time_machine.travel(now, tick=False):
            answers.append(
                (
                    calendar.is_open(monday(9)),
                    calendar.next_opening(monday(19)),
                    calendar.add_business_time(monday(17), 3 * H),
                    calendar.business_time_between(monday(9), brussels(2026, 7, 1)),
                )
            )

    assert answers[0] == answers[1]
