"""The cases other helpdesks assert, from ../shared/corpora/business-hours/cases.md.

Each case is restated here as data (the file is not read at run time) with its
id from that file. Where our conventions differ from the source's, the
expected value is adapted and the adaptation says why:

- Z4: Zammad drops the seconds of the start (09:26:00); we keep them (09:26:36).
- Z5: Zammad moves a due time that lands on closing time to the next opening
  (07:00 next day); we keep the closing instant (16:00 UTC).
- G1, G2: GLPI adds working *days*; we add business *time*. Their calendars
  have days of equal length (12 h, 24 h), so N working days are N x 12 h (or
  24 h) of business time and the expected instants carry over unchanged.
- B4: biz lists open periods; we check them with next_opening/next_closing
  and add the due time the cases file derives (+6 h from Saturday 11:00).

Left out: B1 and B2, "+2 business days" on biz's schedule whose days have
different lengths (Tuesday 6 h, Saturday 3.5 h): that is day arithmetic, which
Pupitre's SLAs (hours) do not use, and it has no business-time equivalent.
"Inactive holidays" (Z7's 2015-09-23 and -24) are not a notion of the engine:
the calendar receives only the holidays that count, so Z7 passes only the 22nd.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from pupitre.hours import Calendar

from . import EVERY_DAY, FROZEN_NOW, MIN, SEC, H, hours, schedule, utc

pytestmark = pytest.mark.time_machine(FROZEN_NOW, tick=False)

BERLIN = ZoneInfo("Europe/Berlin")
UTC_ZONE = ZoneInfo("UTC")


def berlin(year, month, day, hour=0, minute=0, second=0):
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


def znuny_vacations(*years: int) -> frozenset[date]:
    """Znuny's recurring vacation days: Jan 1, May 1, Dec 24, 25, 26, 31."""
    days = ((1, 1), (5, 1), (12, 24), (12, 25), (12, 26), (12, 31))
    return frozenset(date(year, month, day) for year in years for month, day in days)


# The calendars of the cases file (section "Calendars used").
C_ZA = Calendar(BERLIN, schedule(hours(8, 18)))
C_ZB = Calendar(BERLIN, schedule(hours(8, 20)), frozenset({date(2016, 11, 1)}))
C_ZC = Calendar(BERLIN, schedule(hours(9, 18), days=EVERY_DAY))
C_ZD = Calendar(BERLIN, schedule(hours(8, 17), days=EVERY_DAY), frozenset({date(2015, 9, 22)}))
C_BZ = Calendar(
    UTC_ZONE,
    {
        0: (hours(9, 17),),
        1: (hours(10, 16),),
        2: (hours(9, 17),),
        3: (hours(10, 16),),
        4: (hours(9, 17),),
        5: ((time(11), time(14, 30)),),
    },
)
C_BZ_HOLIDAYS = Calendar(C_BZ.tz, C_BZ.weekly, frozenset({date(2006, 1, 16), date(2006, 1, 18)}))
C_GL = Calendar(UTC_ZONE, schedule(hours(8, 20)))
C_G5 = Calendar(UTC_ZONE, schedule(hours(0, 24)))
VACATIONS = znuny_vacations(2013, 2015, 2016, 2017)
C_N1 = Calendar(BERLIN, schedule(hours(8, 18)), VACATIONS)
C_N2 = Calendar(BERLIN, schedule(hours(8, 13), hours(14, 18)), VACATIONS)
C_N3 = Calendar(UTC_ZONE, schedule(hours(0, 24), days=EVERY_DAY), VACATIONS)

N5_DURATION = 45 * H + 25 * MIN + 30 * SEC
Z5_PAUSES = [(utc(2013, 6, 4, 10), utc(2013, 6, 4, 15))]
Z6_PAUSES = [
    (utc(2013, 6, 4, 9, 30), utc(2013, 6, 4, 9, 45)),
    (utc(2013, 6, 4, 10), utc(2013, 6, 4, 10, 30)),
]


def case(case_id, calendar, start, duration, expected, pauses=()):
    return pytest.param(calendar, start, duration, expected, list(pauses), id=case_id)


DUE_TIMES = [
    case("Z1-60", C_ZA, utc(2013, 3, 21, 9, 30), 60 * MIN, utc(2013, 3, 21, 10, 30)),
    case("Z1-120", C_ZA, utc(2013, 3, 21, 9, 30), 120 * MIN, utc(2013, 3, 21, 11, 30)),
    case("Z1-180", C_ZA, utc(2013, 3, 21, 9, 30), 180 * MIN, utc(2013, 3, 21, 12, 30)),
    case("Z2", C_ZB, utc(2016, 11, 1, 13, 56, 21), 120 * MIN, utc(2016, 11, 2, 9)),
    case("Z3", C_ZB, utc(2016, 11, 1, 13, 56, 21), 1200 * MIN, utc(2016, 11, 3, 15)),
    # Adapted: Zammad drops the start's seconds and answers 09:26:00.
    case("Z4-adapted", C_ZB, utc(2016, 11, 7, 13, 26, 36), 1200 * MIN, utc(2016, 11, 9, 9, 26, 36)),
    # Adapted: Zammad answers the next opening, 2013-06-05 07:00 UTC.
    case("Z5-adapted", C_ZC, utc(2013, 6, 4, 9), 120 * MIN, utc(2013, 6, 4, 16), Z5_PAUSES),
    case("Z6", C_ZC, utc(2013, 6, 4, 9), 120 * MIN, utc(2013, 6, 4, 11, 45), Z6_PAUSES),
    case("Z7-120", C_ZD, utc(2015, 9, 21, 14, 30), 120 * MIN, utc(2015, 9, 23, 7, 30)),
    case("Z7-180", C_ZD, utc(2015, 9, 21, 14, 30), 180 * MIN, utc(2015, 9, 23, 8, 30)),
    case("Z7-240", C_ZD, utc(2015, 9, 21, 14, 30), 240 * MIN, utc(2015, 9, 23, 9, 30)),
    case("Z8-120", C_ZD, utc(2013, 10, 21, 5, 30), 120 * MIN, utc(2013, 10, 21, 8)),
    case("Z8-180", C_ZD, utc(2013, 10, 21, 5, 30), 180 * MIN, utc(2013, 10, 21, 9)),
    case("Z8-240", C_ZD, utc(2013, 10, 21, 5, 30), 240 * MIN, utc(2013, 10, 21, 10)),
    # Derived in the cases file from B4's periods: Saturday 3.5 h + Tuesday 2.5 h.
    case("B4-due", C_BZ_HOLIDAYS, utc(2006, 1, 14, 11), 6 * H, utc(2006, 1, 17, 12, 30)),
    # Adapted: +7 working days of 12 h.
    case("G1-adapted", C_GL, utc(2018, 11, 19, 10), 7 * 12 * H, utc(2018, 11, 28, 10)),
    # Adapted: to the end of the 7th working day, Monday's 10 h + 7 x 12 h; stays at 20:00.
    case("G2-adapted", C_GL, utc(2018, 11, 19, 10), 10 * H + 7 * 12 * H, utc(2018, 11, 28, 20)),
    # Adapted: on 5x24 the 7th day ends at 24:00, which is 00:00 of the next day.
    case("G2-5x24-adapted", C_G5, utc(2018, 11, 19, 10), 14 * H + 7 * 24 * H, utc(2018, 11, 29)),
    case("N1", C_N2, berlin(2015, 12, 22, 16, 24, 49), 20 * H, berlin(2015, 12, 29, 8, 24, 49)),
    case("N2", C_N2, utc(2015, 3, 27, 11), 15 * H, utc(2015, 3, 31, 7)),
    case("N3", C_N1, berlin(2013, 3, 16, 10), 1 * MIN, berlin(2013, 3, 18, 8, 1)),
    case("N4", C_N1, berlin(2016, 2, 1, 16, 59, 30), 3.5 * H, berlin(2016, 2, 2, 10, 29, 30)),
    case("N5", C_N2, berlin(2016, 1, 31, 12, 25, 30), N5_DURATION, berlin(2016, 2, 8, 8, 25, 30)),
    case("N6", C_N3, utc(2015, 2, 17, 12), 730 * 24 * H, utc(2017, 2, 28, 12)),
]


@pytest.mark.parametrize(("calendar", "start", "duration", "expected", "pauses"), DUE_TIMES)
def test_due_time_matches_the_reference_case(calendar, start, duration, expected, pauses):
    due = calendar.add_business_time(start, duration, pauses=pauses)

    assert due == expected


@pytest.mark.parametrize(("calendar", "start", "duration", "expected", "pauses"), DUE_TIMES)
def test_business_time_from_start_to_reference_due_time_is_the_duration(
    calendar, start, duration, expected, pauses
):
    assert calendar.business_time_between(start, expected, pauses=pauses) == duration


def test_z4_differs_from_zammad_only_by_the_seconds_of_the_start():
    start = utc(2016, 11, 7, 13, 26, 36)

    zammad_like = C_ZB.add_business_time(start.replace(second=0), 1200 * MIN)

    assert zammad_like == utc(2016, 11, 9, 9, 26)


def test_z5_due_time_is_the_closing_instant_whose_next_opening_is_zammads_answer():
    due = C_ZC.add_business_time(utc(2013, 6, 4, 9), 120 * MIN, pauses=Z5_PAUSES)

    assert due == utc(2013, 6, 4, 16)
    assert not C_ZC.is_open(due)
    assert C_ZC.next_opening(due) == utc(2013, 6, 5, 7)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(utc(2006, 1, 5, 12), utc(2006, 1, 6, 12), 7 * H, id="B3-day"),
        pytest.param(utc(2006, 1, 1), utc(2006, 1, 8), 39.5 * H, id="B3-week"),
    ],
)
def test_business_time_within_matches_biz(start, end, expected):
    assert C_BZ.business_time_between(start, end) == expected


def test_b4_open_periods_after_a_saturday_midnight_skip_the_holidays():
    periods = []
    moment = utc(2006, 1, 14)
    for _ in range(3):
        opening = C_BZ_HOLIDAYS.next_opening(moment)
        moment = C_BZ_HOLIDAYS.next_closing(opening)
        periods.append((opening, moment))

    assert periods == [
        (utc(2006, 1, 14, 11), utc(2006, 1, 14, 14, 30)),
        (utc(2006, 1, 17, 10), utc(2006, 1, 17, 16)),
        (utc(2006, 1, 19, 10), utc(2006, 1, 19, 16)),
    ]


def test_n2_daylight_saving_switch_moves_the_opening_in_utc():
    # 08:00 in Berlin is 07:00 UTC before 29 March 2015 and 06:00 UTC after.
    assert C_N2.next_opening(utc(2015, 3, 27, 19)) == utc(2015, 3, 30, 6)
    assert C_N2.next_opening(utc(2015, 3, 26, 19)) == utc(2015, 3, 27, 7)


def test_n6_skips_twelve_recurring_vacation_days_and_a_leap_day_counts():
    start, due = utc(2015, 2, 17, 12), utc(2017, 2, 28, 12)
    calendar_days = (due - start) // timedelta(days=1)

    assert calendar_days == 742  # 730 business days + 12 vacation days
    assert C_N3.business_time_between(start, due) == 730 * 24 * H
