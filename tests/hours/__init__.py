"""Tests of the business-time engine (pupitre.hours), and the calendars they share.

Holiday dates are written by hand (the holiday data set comes later with the
Django part); test_belgian_holidays.py checks them against the Easter date.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pupitre.hours import Calendar, Interval

BRUSSELS = ZoneInfo("Europe/Brussels")

# "Now" in every test module: far from the dates the tests compute with, so a
# result that depended on the wall clock would show.
FROZEN_NOW = datetime(2031, 7, 15, 3, 33, 33, tzinfo=UTC)

MONDAY_TO_FRIDAY = range(5)
EVERY_DAY = range(7)

BELGIAN_HOLIDAYS = frozenset(
    {
        # 2026 (Easter Sunday 5 April)
        date(2026, 1, 1),
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),
        date(2026, 5, 14),  # Ascension
        date(2026, 5, 25),  # Whit Monday
        date(2026, 7, 21),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
        # 2027 (Easter Sunday 28 March)
        date(2027, 1, 1),
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 1),
        date(2027, 5, 6),  # Ascension
        date(2027, 5, 17),  # Whit Monday
        date(2027, 7, 21),
        date(2027, 8, 15),
        date(2027, 11, 1),
        date(2027, 11, 11),
        date(2027, 12, 25),
    }
)


def schedule(*intervals: Interval, days: range = MONDAY_TO_FRIDAY) -> dict[int, tuple]:
    """The same opening intervals on each of `days`."""
    return {weekday: tuple(intervals) for weekday in days}


def hours(opens: int, closes: int) -> Interval:
    """Whole-hour interval; 24 is midnight at the end of the day."""
    return (time(opens), time(closes % 24))


def brussels(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return datetime(year, month, day, hour, minute, second, tzinfo=BRUSSELS)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def standard_calendar(**changes) -> Calendar:
    """The programme's `standard` calendar: Mon-Fri 08-18, Brussels, Belgian holidays."""
    fields = {"holidays": BELGIAN_HOLIDAYS} | changes
    return Calendar(BRUSSELS, schedule(hours(8, 18)), **fields)


def extended_calendar() -> Calendar:
    """The `extended` calendar of adult-education schools: Mon-Fri 08-21."""
    return Calendar(BRUSSELS, schedule(hours(8, 21)), BELGIAN_HOLIDAYS)


def round_the_clock(tz=BRUSSELS, holidays=frozenset()) -> Calendar:
    return Calendar(tz, schedule(hours(0, 24), days=EVERY_DAY), holidays)


H = timedelta(hours=1)
MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)
