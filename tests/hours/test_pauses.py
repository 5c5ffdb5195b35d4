"""Pauses: stretches of time during which an SLA clock stops (a ticket waiting
for the school's answer). Z5 and Z6 of the cases file are in
test_reference_cases.py."""

from datetime import timedelta

import pytest

from . import FROZEN_NOW, H, brussels, standard_calendar

pytestmark = pytest.mark.time_machine(FROZEN_NOW, tick=False)

MIN = timedelta(minutes=1)


def monday(hour, minute=0):
    return brussels(2026, 6, 8, hour, minute)


def tuesday(hour, minute=0):
    return brussels(2026, 6, 9, hour, minute)


def test_a_pause_inside_opening_hours_delays_the_due_time():
    due = standard_calendar().add_business_time(
        monday(9), 2 * H, pauses=[(monday(10), monday(10, 30))]
    )

    assert due == monday(11, 30)


def test_a_pause_covering_the_start_starts_the_clock_when_it_ends():
    due = standard_calendar().add_business_time(monday(9), H, pauses=[(monday(8), monday(14))])

    assert due == monday(15)


def test_a_pause_ending_outside_hours_starts_the_clock_at_the_next_opening():
    due = standard_calendar().add_business_time(monday(9), H, pauses=[(monday(9), monday(20))])

    assert due == tuesday(9)


def test_a_pause_outside_opening_hours_changes_nothing():
    calendar = standard_calendar()
    night = [(monday(18), tuesday(8))]

    assert calendar.add_business_time(monday(17), 2 * H, pauses=night) == tuesday(9)


def test_a_pause_after_the_due_time_changes_nothing():
    due = standard_calendar().add_business_time(monday(9), H, pauses=[(monday(11), monday(12))])

    assert due == monday(10)


def test_the_work_due_exactly_when_a_pause_begins_is_due_then():
    due = standard_calendar().add_business_time(monday(9), H, pauses=[(monday(10), monday(12))])

    assert due == monday(10)


def test_overlapping_and_unsorted_pauses_are_merged():
    calendar = standard_calendar()
    messy = [(monday(11), monday(12)), (monday(10), monday(11, 30)), (monday(12), monday(12))]

    merged = calendar.add_business_time(monday(9), 3 * H, pauses=[(monday(10), monday(12))])

    assert calendar.add_business_time(monday(9), 3 * H, pauses=messy) == merged == monday(14)


def test_a_pause_over_a_night_and_a_morning():
    # Waiting for the school from Monday 16:00 to Tuesday 10:00.
    due = standard_calendar().add_business_time(
        monday(15), 3 * H, pauses=[(monday(16), tuesday(10))]
    )

    assert due == tuesday(12)


def test_business_time_between_leaves_the_pauses_out_clipped_to_the_range():
    calendar = standard_calendar()
    pauses = [(monday(7), monday(9)), (monday(12), monday(13)), (monday(17), tuesday(9))]

    assert calendar.business_time_between(monday(8), tuesday(10), pauses=pauses) == (
        10 * H - (1 + 1 + 1) * H + H
    )
    assert calendar.business_time_between(monday(12, 15), monday(12, 45), pauses=pauses) == (
        timedelta(0)
    )


def test_business_time_between_with_pauses_is_negative_when_the_end_comes_first():
    calendar = standard_calendar()
    pauses = [(monday(10), monday(11))]

    assert calendar.business_time_between(monday(12), monday(9), pauses=pauses) == -2 * H


def test_a_pause_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="must not end before"):
        standard_calendar().add_business_time(monday(9), H, pauses=[(monday(11), monday(10))])


def test_many_pauses_over_weeks():
    calendar = standard_calendar()
    # The clock stops every weekday 12:00-13:00 for four weeks: 9 h a day count.
    weekdays = [monday(0) + timedelta(days=7 * week + day) for week in range(4) for day in range(5)]
    lunches = [(day.replace(hour=12), day.replace(hour=13)) for day in weekdays]

    due = calendar.add_business_time(monday(8), 4 * 5 * 9 * H, pauses=lunches)

    assert due == brussels(2026, 7, 3, 18)
    assert calendar.business_time_between(monday(8), due, pauses=lunches) == 180 * H
