"""Easter Monday, Ascension and Whit Monday in 2026 and 2027 on the standard
calendar (Mon-Fri 08-18, Brussels), and the hand-written dates themselves."""

from datetime import date, timedelta

import pytest

from . import BELGIAN_HOLIDAYS, FROZEN_NOW, H, brussels, standard_calendar, utc

pytestmark = pytest.mark.time_machine(FROZEN_NOW, tick=False)


def easter_sunday(year: int) -> date:
    """The Gregorian computus (anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday_shift) // 433
    month, day = divmod(h + weekday_shift - 7 * m + 90, 25)
    return date(year, month, (h + weekday_shift - 7 * m + 33 * month + 19) % 32)


@pytest.mark.parametrize("year", [2026, 2027])
def test_hand_written_movable_holidays_follow_easter(year):
    easter = easter_sunday(year)
    movable = {easter + timedelta(days=offset) for offset in (1, 39, 50)}

    assert movable <= BELGIAN_HOLIDAYS
    assert easter == {2026: date(2026, 4, 5), 2027: date(2027, 3, 28)}[year]


def test_easter_computus_on_known_years():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2038) == date(2038, 4, 25)


# --- 2026 -------------------------------------------------------------------


def test_easter_monday_2026_is_closed_and_skipped():
    calendar = standard_calendar()

    assert not calendar.is_open(brussels(2026, 4, 6, 10))
    assert calendar.next_opening(brussels(2026, 4, 6, 10)) == brussels(2026, 4, 7, 8)
    assert calendar.add_business_time(brussels(2026, 4, 3, 17), 2 * H) == brussels(2026, 4, 7, 9)


def test_ascension_2026_is_closed_and_the_bridge_friday_is_open():
    calendar = standard_calendar()

    assert not calendar.is_open(brussels(2026, 5, 14, 10))
    assert calendar.is_open(brussels(2026, 5, 15, 10))
    assert calendar.add_business_time(brussels(2026, 5, 13, 17, 30), H) == brussels(
        2026, 5, 15, 8, 30
    )


def test_may_2026_has_three_holidays_on_weekdays():
    # May 2026: 21 weekdays, of which 1 May, Ascension (14) and Whit Monday (25) are closed.
    calendar = standard_calendar()

    assert calendar.business_time_between(brussels(2026, 5, 1), brussels(2026, 6, 1)) == 18 * 10 * H


# --- 2027 -------------------------------------------------------------------


def test_easter_monday_2027_right_after_the_spring_forward_switch():
    # Clocks go forward on Sunday 28 March 2027; Monday 29 is Easter Monday.
    calendar = standard_calendar()

    due = calendar.add_business_time(brussels(2027, 3, 26, 17), 2 * H)

    assert due == brussels(2027, 3, 30, 9)
    assert due == utc(2027, 3, 30, 7)


def test_ascension_2027_is_closed():
    calendar = standard_calendar()

    assert not calendar.is_open(brussels(2027, 5, 6, 10))
    assert calendar.next_opening(brussels(2027, 5, 5, 18)) == brussels(2027, 5, 7, 8)
    assert calendar.add_business_time(brussels(2027, 5, 5, 17), 2 * H) == brussels(2027, 5, 7, 9)


def test_whit_monday_2027_is_closed():
    calendar = standard_calendar()

    assert calendar.add_business_time(brussels(2027, 5, 14, 17), 2 * H) == brussels(2027, 5, 18, 9)


# --- long durations across the holidays ----------------------------------------


def test_two_hundred_business_days_skip_every_holiday_on_the_way():
    calendar = standard_calendar()
    start = brussels(2026, 1, 5, 8)  # the first Monday of 2026

    due = calendar.add_business_time(start, 200 * 10 * H)

    # 5 January to 16 October 2026 is 40 weeks and 5 days: 205 weekdays, less
    # Easter Monday, 1 May, Ascension, Whit Monday and 21 July (15 August is a
    # Saturday): the 200th open day is Friday 16 October, due at its closing.
    assert due == brussels(2026, 10, 16, 18)
    assert calendar.business_time_between(start, due) == 2000 * H


def test_a_year_of_office_hours_counts_the_weekday_holidays_out():
    calendar = standard_calendar()

    # 2027 has 261 weekdays; 1 May, 15 August and 25 December fall on a weekend,
    # so 7 holidays fall on weekdays.
    assert calendar.business_time_between(brussels(2027, 1, 1), brussels(2028, 1, 1)) == (
        (261 - 7) * 10 * H
    )
