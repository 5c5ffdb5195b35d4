"""The `extended` calendar of adult-education schools: Mon-Fri 08:00-21:00."""

import pytest

from . import FROZEN_NOW, SEC, H, brussels, extended_calendar, standard_calendar

pytestmark = pytest.mark.time_machine(FROZEN_NOW, tick=False)

# Friday 2026-01-09 and the Monday after.
FRIDAY = (2026, 1, 9)
MONDAY = (2026, 1, 12)


def friday(hour, minute=0, second=0):
    return brussels(*FRIDAY, hour, minute, second)


def monday(hour, minute=0):
    return brussels(*MONDAY, hour, minute)


def test_open_in_the_evening_until_twenty_one():
    calendar = extended_calendar()

    assert calendar.is_open(friday(19, 30))
    assert calendar.is_open(friday(20, 59, 59))
    assert not calendar.is_open(friday(21))
    assert calendar.next_closing(friday(10)) == friday(21)
    assert calendar.next_opening(friday(21)) == monday(8)


def test_an_evening_request_is_due_the_same_evening():
    assert extended_calendar().add_business_time(friday(19, 30), H) == friday(20, 30)


def test_an_evening_request_on_the_standard_calendar_waits_for_monday():
    assert standard_calendar().add_business_time(friday(19, 30), H) == monday(9)


def test_the_evening_hours_count_before_the_weekend():
    # 19:30-21:00 on Friday, the other 30 minutes on Monday morning.
    assert extended_calendar().add_business_time(friday(19, 30), 2 * H) == monday(8, 30)


def test_a_due_time_landing_on_twenty_one_stays_there():
    calendar = extended_calendar()

    assert calendar.add_business_time(friday(20), H) == friday(21)
    assert calendar.add_business_time(friday(20), H + SEC) == brussels(*MONDAY, 8, 0, 1)


def test_an_extended_week_has_sixty_five_hours():
    calendar = extended_calendar()

    assert calendar.business_time_between(monday(0), brussels(2026, 1, 19)) == 65 * H
    assert calendar.business_time_between(friday(8), friday(21)) == 13 * H


def test_extended_hours_close_on_holidays_too():
    # Ascension, Thursday 2026-05-14.
    calendar = extended_calendar()

    assert calendar.add_business_time(brussels(2026, 5, 13, 20), 2 * H) == brussels(2026, 5, 15, 9)
