"""Both daylight-saving switches of Europe/Brussels.

2026: spring forward on Sunday 29 March (02:00 CET -> 03:00 CEST), fall back on
Sunday 25 October (03:00 CEST -> 02:00 CET). 2027: 28 March and 31 October.
Office hours never straddle a switch, so the night and round-the-clock
calendars below are what prove that real elapsed seconds are counted.
"""

from datetime import time, timedelta

import pytest

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
    utc,
)

pytestmark = pytest.mark.time_machine(FROZEN_NOW, tick=False)


def nights() -> Calendar:
    """Open 00:00-06:00 every day: the switches happen inside opening hours."""
    return Calendar(BRUSSELS, schedule(hours(0, 6), days=EVERY_DAY))


# --- office hours on either side of a switch ----------------------------------


def test_office_due_time_over_the_spring_forward_weekend():
    due = standard_calendar().add_business_time(brussels(2026, 3, 27, 17), 2 * H)

    assert due == brussels(2026, 3, 30, 9)
    assert due == utc(2026, 3, 30, 7)  # 08:00 CET was 07:00 UTC; now 09:00 CEST is


def test_office_due_time_over_the_fall_back_weekend():
    due = standard_calendar().add_business_time(brussels(2026, 10, 23, 17), 2 * H)

    assert due == brussels(2026, 10, 26, 9)
    assert due == utc(2026, 10, 26, 8)


def test_office_week_of_a_switch_still_has_fifty_hours():
    calendar = Calendar(BRUSSELS, schedule(hours(8, 18)))

    assert calendar.business_time_between(brussels(2026, 3, 23), brussels(2026, 3, 30)) == 50 * H
    assert calendar.business_time_between(brussels(2026, 10, 19), brussels(2026, 10, 26)) == 50 * H


# --- a round-the-clock calendar: 23-hour and 25-hour days ----------------------


def test_spring_forward_day_has_twenty_three_hours():
    calendar = round_the_clock()

    assert calendar.business_time_between(brussels(2026, 3, 29), brussels(2026, 3, 30)) == 23 * H


def test_fall_back_day_has_twenty_five_hours():
    calendar = round_the_clock()

    assert calendar.business_time_between(brussels(2026, 10, 25), brussels(2026, 10, 26)) == 25 * H


def test_twenty_four_business_hours_over_spring_forward_end_an_hour_later_on_the_clock():
    due = round_the_clock().add_business_time(brussels(2026, 3, 28, 12), 24 * H)

    assert due == brussels(2026, 3, 29, 13)


def test_twenty_four_business_hours_over_fall_back_end_an_hour_earlier_on_the_clock():
    due = round_the_clock().add_business_time(brussels(2026, 10, 24, 12), 24 * H)

    assert due == brussels(2026, 10, 25, 11)


def test_months_and_a_year_round_the_clock_across_both_switches():
    calendar = round_the_clock()
    new_year = brussels(2026, 1, 1)

    assert calendar.business_time_between(brussels(2026, 3, 1), brussels(2026, 6, 1)) == 2207 * H
    assert calendar.business_time_between(new_year, brussels(2027, 1, 1)) == 365 * 24 * H
    assert calendar.add_business_time(new_year, 365 * 24 * H) == brussels(2027, 1, 1)
    assert calendar.add_business_time(new_year, 100 * 24 * H) == brussels(2026, 4, 11, 1)


# --- a night calendar: the switch inside the opening hours ---------------------


def test_night_opening_hours_are_five_hours_long_on_spring_forward():
    calendar = nights()
    night = brussels(2026, 3, 29)

    assert calendar.business_time_between(night, brussels(2026, 3, 30)) == 5 * H
    assert calendar.add_business_time(night, 5 * H) == brussels(2026, 3, 29, 6)
    assert calendar.add_business_time(night, 5 * H + SEC) == brussels(2026, 3, 30, 0, 0, 1)


def test_night_opening_hours_are_seven_hours_long_on_fall_back():
    calendar = nights()
    night = brussels(2026, 10, 25)

    assert calendar.business_time_between(night, brussels(2026, 10, 26)) == 7 * H
    assert calendar.add_business_time(night, 7 * H) == brussels(2026, 10, 25, 6)
    assert calendar.is_open(brussels(2026, 10, 25, 2, 30).replace(fold=1))


def test_night_hours_over_many_weeks_count_the_lost_and_the_gained_hour():
    calendar = nights()

    assert (
        calendar.business_time_between(brussels(2026, 3, 1), brussels(2026, 4, 1))
        == (31 * 6 - 1) * H
    )
    assert calendar.business_time_between(brussels(2026, 1, 1), brussels(2027, 1, 1)) == (
        365 * 6 * H
    )
    assert calendar.add_business_time(brussels(2026, 3, 1), (31 * 6 - 1) * H) == brussels(
        2026, 3, 31, 6
    )


# --- opening or closing at a wall-clock time that is skipped or repeated -------


def test_opening_at_a_skipped_time_opens_when_the_clocks_jump():
    calendar = Calendar(BRUSSELS, {6: ((time(2, 30), time(5)),)})

    assert calendar.next_opening(brussels(2026, 3, 29)) == brussels(2026, 3, 29, 3)
    assert calendar.next_opening(brussels(2026, 3, 29)) == utc(2026, 3, 29, 1)
    assert not calendar.is_open(utc(2026, 3, 29, 0, 59, 59))
    assert calendar.business_time_between(brussels(2026, 3, 29), brussels(2026, 3, 30)) == 2 * H


def test_closing_at_a_skipped_time_closes_when_the_clocks_jump():
    calendar = Calendar(BRUSSELS, {6: ((time(0), time(2, 30)),)})

    assert calendar.next_closing(brussels(2026, 3, 29, 1)) == utc(2026, 3, 29, 1)
    assert calendar.business_time_between(brussels(2026, 3, 29), brussels(2026, 3, 30)) == 2 * H


def test_a_repeated_wall_clock_time_means_its_first_occurrence():
    calendar = Calendar(BRUSSELS, {6: ((time(2, 30), time(4)),)})
    sunday = brussels(2026, 10, 25)

    assert calendar.next_opening(sunday) == utc(2026, 10, 25, 0, 30)  # 02:30 CEST
    assert calendar.next_closing(calendar.next_opening(sunday)) == utc(2026, 10, 25, 3)
    assert calendar.business_time_between(sunday, brussels(2026, 10, 26)) == 2.5 * H


def test_due_times_in_the_repeated_hour_tell_the_two_passes_apart():
    calendar = round_the_clock()
    first_pass = calendar.add_business_time(brussels(2026, 10, 25, 1), 90 * timedelta(minutes=1))
    second_pass = calendar.add_business_time(brussels(2026, 10, 25, 1), 150 * timedelta(minutes=1))

    assert first_pass == utc(2026, 10, 25, 0, 30)
    assert second_pass == utc(2026, 10, 25, 1, 30)
    # Both read 02:30 in Brussels; `fold` tells which. (An aware datetime in the
    # repeated hour never equals one in another zone, hence UTC results.)
    first_local, second_local = first_pass.astimezone(BRUSSELS), second_pass.astimezone(BRUSSELS)
    assert (first_local.hour, first_local.minute, first_local.fold) == (2, 30, 0)
    assert (second_local.hour, second_local.minute, second_local.fold) == (2, 30, 1)
    assert first_local != first_pass  # the PEP 495 rule itself
