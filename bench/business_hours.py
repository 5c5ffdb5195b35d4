#!/usr/bin/env python
"""Business-time computations per second (pure Python, no database, no server).

    .venv/bin/python bench/business_hours.py [--starts 2000] [--repeat 7] [--check]

The calendar is the programme's standard one: Monday to Friday 08:00-18:00,
Europe/Brussels, with the Belgian public holidays of 2026-2028, so both
daylight-saving switches and about ten holidays a year lie on the way. The
start instants are spread at random (fixed seed) over 2026, any day, any time,
to the second: nights, weekends and holidays included.

For each duration (1 hour, 5 business days, 200 business days; a business day
is 10 hours here) it times `add_business_time` over all the starts, then
`business_time_between` over the same stretches, and prints the best of
`--repeat` rounds in computations per second, as timeit does. The calendar is
built once and reused, as the application does; its caches are warmed by one
untimed round. One more line shows a cold start: a new calendar for every
computation.

Targets (docs/business-hours.md): at least 50,000 computations per second for
each duration, and the 200-day case at most 3 times slower than the 1-hour
case. With --check the exit status is 1 when a target is missed.
"""

import argparse
import random
import statistics
import sys
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pupitre.hours import Calendar  # noqa: E402 - after the path set-up

BRUSSELS = ZoneInfo("Europe/Brussels")
BUSINESS_DAY = timedelta(hours=10)
CASES = {
    "1 hour": timedelta(hours=1),
    "5 business days": 5 * BUSINESS_DAY,
    "200 business days": 200 * BUSINESS_DAY,
}
TARGET_PER_SECOND = 50_000
TARGET_RATIO = 3.0

# Belgian public holidays, written out (Easter 2026-04-05, 2027-03-28, 2028-04-16).
HOLIDAYS = frozenset(
    date(year, month, day)
    for year, month, day in [
        (2026, 1, 1), (2026, 4, 6), (2026, 5, 1), (2026, 5, 14), (2026, 5, 25),
        (2026, 7, 21), (2026, 8, 15), (2026, 11, 1), (2026, 11, 11), (2026, 12, 25),
        (2027, 1, 1), (2027, 3, 29), (2027, 5, 1), (2027, 5, 6), (2027, 5, 17),
        (2027, 7, 21), (2027, 8, 15), (2027, 11, 1), (2027, 11, 11), (2027, 12, 25),
        (2028, 1, 1), (2028, 4, 17), (2028, 5, 1), (2028, 5, 25), (2028, 6, 5),
        (2028, 7, 21), (2028, 8, 15), (2028, 11, 1), (2028, 11, 11), (2028, 12, 25),
    ]
)  # fmt: skip


def standard_calendar() -> Calendar:
    office = ((time(8), time(18)),)
    return Calendar(BRUSSELS, {weekday: office for weekday in range(5)}, HOLIDAYS)


def random_starts(count: int) -> list[datetime]:
    rng = random.Random(20260101)
    first = datetime(2026, 1, 1, tzinfo=BRUSSELS)
    return [first + timedelta(seconds=rng.randrange(365 * 86_400)) for _ in range(count)]


def best_rate(run, count: int, repeat: int) -> tuple[float, float]:
    """Best and median computations per second over `repeat` timed rounds."""
    run()  # warm the calendar's caches
    rates = []
    for _ in range(repeat):
        began = clock.perf_counter()
        run()
        rates.append(count / (clock.perf_counter() - began))
    return max(rates), statistics.median(rates)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--starts", type=int, default=2000, help="start instants per round")
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds per case")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    options = parser.parse_args()

    calendar = standard_calendar()
    starts = random_starts(options.starts)
    count = len(starts)
    print(f"calendar: Mon-Fri 08:00-18:00 Europe/Brussels, {len(HOLIDAYS)} holidays 2026-2028")
    print(f"{count} random starts in 2026, best (median) of {options.repeat} rounds\n")

    adding: dict[str, float] = {}
    print(f"{'add_business_time':<22}{'per second':>14}{'median':>12}")
    for name, duration in CASES.items():

        def add_all(duration=duration):
            for start in starts:
                calendar.add_business_time(start, duration)

        best, median = best_rate(add_all, count, options.repeat)
        adding[name] = best
        print(f"{name:<22}{best:>14,.0f}{median:>12,.0f}")

    print(f"\n{'business_time_between':<22}{'per second':>14}{'median':>12}")
    for name, duration in CASES.items():
        stretches = [(start, calendar.add_business_time(start, duration)) for start in starts]

        def measure_all(stretches=stretches):
            for start, end in stretches:
                calendar.business_time_between(start, end)

        best, median = best_rate(measure_all, count, options.repeat)
        print(f"{name:<22}{best:>14,.0f}{median:>12,.0f}")

    cold_starts = starts[: max(1, count // 10)]

    def cold_all():
        for start in cold_starts:
            standard_calendar().add_business_time(start, CASES["200 business days"])

    cold, _ = best_rate(cold_all, len(cold_starts), max(1, options.repeat // 2))
    print(f"\ncold (new calendar each time), 200 business days: {cold:,.0f} per second")

    ratio = adding["1 hour"] / adding["200 business days"]
    slowest = min(adding.values())
    print(f"\n200 business days vs 1 hour: {ratio:.2f}x the time per computation")
    met = slowest >= TARGET_PER_SECOND and ratio <= TARGET_RATIO
    print(
        f"targets (>= {TARGET_PER_SECOND:,} per second each, ratio <= {TARGET_RATIO:g}x): "
        + ("met" if met else "MISSED")
    )
    return 0 if met or not options.check else 1


if __name__ == "__main__":
    sys.exit(main())
