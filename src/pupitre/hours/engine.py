"""Business time on a service calendar: pure functions of plain values.

A `Calendar` says when the helpdesk is open: weekly wall-clock intervals in
its time zone, minus holidays and one-off closures. It answers "open now?",
"when does it open / close next?", "what is the due time of N business
hours?" and "how much business time lies between two instants?", with or
without pauses (stretches during which an SLA clock stops).

It never reads the clock and never touches the database. Conventions (closing
instant, seconds, daylight saving, pauses) are in docs/business-hours.md.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from types import MappingProxyType

from .timeline import (
    DAY,
    SECOND,
    Span,
    local_date_of,
    merge_spans,
    offset_change_days,
    overlap,
    subtract_spans,
    to_seconds,
    wall_to_seconds,
    weekday_of,
)

Interval = tuple[time, time]
"""An opening interval in local wall-clock time; an end of 00:00 means 24:00."""

TimeRange = tuple[datetime, datetime]
"""A stretch of time [start, end) between two aware datetimes."""

Closure = date | TimeRange
"""A one-off closure: a whole local date, or a stretch of time."""

Week = tuple[tuple[Span, ...], ...]
"""Seven tuples (Monday first) of opening intervals in seconds since local midnight."""

_DAY_CACHE_LIMIT = 4096  # days of spans kept per calendar (about eleven years)


@dataclass(frozen=True)
class Calendar:
    """When a service is open, and business-time arithmetic on it.

    `weekly` maps a weekday (0 = Monday) to its opening intervals, in wall-clock
    time of `tz`; a weekday that is missing is closed. `holidays` are closed
    local dates. `closures` are one-off closures: a local date, or a
    (start, end) pair of aware datetimes.

    Build a calendar once and reuse it: it remembers the days it has computed.
    """

    tz: tzinfo
    weekly: Mapping[int, tuple[Interval, ...]]
    holidays: frozenset[date] = frozenset()
    closures: tuple[Closure, ...] = ()
    _engine: _Engine = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.tz, tzinfo):
            raise ValueError(f"tz must be a time zone, got {self.tz!r}.")
        week = _week_from(self.weekly)
        if not any(week):
            raise ValueError("A calendar must be open at least once a week.")
        holidays = frozenset(self.holidays)
        closures = tuple(self.closures)
        closed_days = {_plain_date(day, "A holiday").toordinal() for day in holidays}
        ranges: list[Span] = []
        for closure in closures:
            if isinstance(closure, date) and not isinstance(closure, datetime):
                closed_days.add(closure.toordinal())
            else:
                ranges.append(_closure_span(closure))
        object.__setattr__(self, "weekly", _weekly_from(week))
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "closures", closures)
        engine = _Engine(self.tz, week, frozenset(closed_days), merge_spans(ranges))
        object.__setattr__(self, "_engine", engine)

    def __hash__(self) -> int:
        return hash((self.tz, self._engine.week, self.holidays, self.closures))

    # --- questions about one instant ----------------------------------------

    def is_open(self, at: datetime) -> bool:
        """Whether the service is open at `at`: true at the opening instant,
        false at the closing instant (intervals are half-open)."""
        return self._engine.is_open(to_seconds(at, "at"))

    def next_opening(self, at: datetime) -> datetime:
        """The first instant at or after `at` when the service is open
        (`at` itself when it is open then)."""
        return self._moment(self._engine.next_opening(to_seconds(at, "at")))

    def next_closing(self, at: datetime) -> datetime | None:
        """The first instant at or after `at` when the service is closed
        (`at` itself when it is closed then); None if it never closes."""
        closing = self._engine.next_closing(to_seconds(at, "at"))
        return None if closing is None else self._moment(closing)

    # --- business-time arithmetic -------------------------------------------

    def add_business_time(
        self, start: datetime, duration: timedelta, *, pauses: Iterable[TimeRange] = ()
    ) -> datetime:
        """The first instant at which `duration` of business time has passed
        since `start`, not counting the `pauses`.

        A result that falls exactly on a closing time stays there (18:00, not
        the next morning). A zero duration returns `start` (to the second).
        """
        seconds = _duration_seconds(duration)
        begin = to_seconds(start, "start")
        due = self._engine.add(begin, seconds, _pause_spans(pauses))
        return self._moment(due)

    def business_time_between(
        self, a: datetime, b: datetime, *, pauses: Iterable[TimeRange] = ()
    ) -> timedelta:
        """Business time in [a, b), not counting the `pauses`; negative when b < a."""
        start, end = to_seconds(a, "a"), to_seconds(b, "b")
        paused = _pause_spans(pauses)
        if end < start:
            return -timedelta(seconds=self._engine.between(end, start, paused))
        return timedelta(seconds=self._engine.between(start, end, paused))

    @staticmethod
    def _moment(seconds: int) -> datetime:
        # UTC, not the calendar's zone: an aware datetime in the repeated hour of
        # autumn never compares equal to one in another zone (PEP 495), and the
        # database and timezone.now() speak UTC.
        return datetime.fromtimestamp(seconds, UTC)


# --- building a calendar -----------------------------------------------------


def _plain_date(value: object, what: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{what} must be a date, got {value!r}.")
    return value


def _closure_span(closure: object) -> Span:
    if not isinstance(closure, tuple) or len(closure) != 2:
        raise ValueError(f"A closure is a date or a (start, end) pair, got {closure!r}.")
    start, end = (to_seconds(moment, "A closure's start or end") for moment in closure)
    if end <= start:
        raise ValueError(f"A closure must end after it starts, got {closure!r}.")
    return (start, end)


def _second_of_day(moment: time, *, is_end: bool) -> int:
    if moment.tzinfo is not None or moment.microsecond:
        raise ValueError(f"Opening times are whole seconds of wall-clock time, got {moment!r}.")
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return DAY if is_end and seconds == 0 else seconds


def _week_from(weekly: Mapping[int, Iterable[Interval]]) -> Week:
    unknown = set(weekly) - set(range(7))
    if unknown:
        raise ValueError(f"Weekdays are 0 (Monday) to 6 (Sunday), got {sorted(unknown)!r}.")
    week: list[tuple[Span, ...]] = []
    for weekday in range(7):
        intervals = sorted(
            (_second_of_day(opens, is_end=False), _second_of_day(closes, is_end=True))
            for opens, closes in weekly.get(weekday, ())
        )
        joined: list[Span] = []
        for opens, closes in intervals:
            if closes <= opens:
                raise ValueError(f"An interval must close after it opens (weekday {weekday}).")
            if joined and opens < joined[-1][1]:
                raise ValueError(f"Opening intervals overlap on weekday {weekday}.")
            if joined and opens == joined[-1][1]:
                joined[-1] = (joined[-1][0], closes)  # 08:00–12:00 + 12:00–18:00
            else:
                joined.append((opens, closes))
        week.append(tuple(joined))
    return tuple(week)


def _wall_time(second_of_day: int) -> time:
    if second_of_day == DAY:
        return time(0)
    hour, rest = divmod(second_of_day, 3600)
    return time(hour, *divmod(rest, 60))


def _weekly_from(week: Week) -> Mapping[int, tuple[Interval, ...]]:
    return MappingProxyType(
        {
            weekday: tuple((_wall_time(opens), _wall_time(closes)) for opens, closes in day)
            for weekday, day in enumerate(week)
        }
    )


def _duration_seconds(duration: timedelta) -> int:
    if not isinstance(duration, timedelta):
        raise ValueError(f"duration must be a timedelta, got {duration!r}.")
    if duration < timedelta(0):
        raise ValueError(f"duration must not be negative, got {duration!r}.")
    return duration // SECOND


def _pause_spans(pauses: Iterable[TimeRange]) -> list[Span]:
    if not pauses:
        return []
    spans: list[Span] = []
    for pause in pauses:
        start, end = (to_seconds(moment, "A pause's start or end") for moment in pause)
        if end < start:
            raise ValueError(f"A pause must not end before it starts, got {pause!r}.")
        spans.append((start, end))
    return merge_spans(spans)


# --- the arithmetic, in whole POSIX seconds ----------------------------------


@dataclass(frozen=True, slots=True)
class _Day:
    """One local day: where it starts and ends, and its open spans."""

    start: int
    end: int
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class _Deficits:
    """The days whose business time differs from their weekday's usual
    (holidays, closures, a daylight-saving switch inside opening hours), for
    whole years first_year .. stop_year-1, with running totals of the
    difference: the sum over any range of days is two bisections."""

    first_year: int
    stop_year: int
    first_day: int
    stop_day: int
    days: tuple[int, ...] = ()
    running: tuple[int, ...] = (0,)  # running[i] = total deficit of days[:i]

    def total(self, first: int, stop: int) -> int:
        """The deficit of the days first .. stop-1 (within the years covered)."""
        days = self.days
        return self.running[bisect_left(days, stop)] - self.running[bisect_left(days, first)]


class _Engine:
    """The calendar's arithmetic on integers, with its caches."""

    def __init__(self, tz: tzinfo, week: Week, closed_days: frozenset[int], ranges: list[Span]):
        self.tz = tz
        self.week = week
        self.closed_days = closed_days
        self.ranges = ranges
        self.range_ends = [end for _, end in ranges]
        # Wall-clock length of each weekday; a week's total; sums of 0..6 weekdays.
        self.usual = tuple(sum(end - start for start, end in day) for day in week)
        self.week_total = sum(self.usual)
        self.usual_running = [0]
        for weekday in range(14):
            self.usual_running.append(self.usual_running[-1] + self.usual[weekday % 7])
        self.always_open = all(day == ((0, DAY),) for day in week)
        self.exception_days = sorted(closed_days | self._days_touched(ranges))
        self._days: dict[int, _Day] = {}
        # Replaced whole, never changed in place: safe to share between threads.
        self._deficits: _Deficits | None = None

    def _days_touched(self, ranges: list[Span]) -> set[int]:
        touched: set[int] = set()
        for start, end in ranges:
            first = local_date_of(self.tz, start) - 1  # -1/+1: see day_of()
            last = local_date_of(self.tz, end) + 1
            touched.update(range(first, last + 1))
        return touched

    # --- days ---

    def day(self, day: int) -> _Day:
        known = self._days.get(day)
        if known is None:
            if len(self._days) >= _DAY_CACHE_LIMIT:
                self._days.clear()
            known = self._days[day] = self._compute_day(day)
        return known

    def _compute_day(self, day: int) -> _Day:
        start = wall_to_seconds(self.tz, day, 0)
        end = wall_to_seconds(self.tz, day + 1, 0)
        if day in self.closed_days:
            return _Day(start, end, ())
        spans = merge_spans(
            [
                (wall_to_seconds(self.tz, day, opens), wall_to_seconds(self.tz, day, closes))
                for opens, closes in self.week[weekday_of(day)]
            ]
        )
        if self.ranges:
            first = bisect_right(self.range_ends, start)
            last = bisect_left(self.ranges, (end,))
            spans = subtract_spans(spans, self.ranges[first:last])
        return _Day(start, end, tuple(spans))

    def day_of(self, seconds: int) -> int:
        """The local day whose [start, end) holds the instant."""
        day = local_date_of(self.tz, seconds)
        # Only for a zone whose clocks go back across midnight, e.g. 00:30 -> 23:30.
        if seconds >= self.day(day).end:
            day += 1
        return day

    def whole_days(self, first: int, stop: int) -> int:
        """Business seconds of the local days first .. stop-1, without walking them:
        whole weeks times the week's total, the leftover weekdays, minus the
        deficits of the exceptional days in the range."""
        weeks, extra = divmod(stop - first, 7)
        weekday = weekday_of(first)
        usual = self.usual_running[weekday + extra] - self.usual_running[weekday]
        return weeks * self.week_total + usual - self._deficit(first, stop)

    def usual_days_before(self, day: int, seconds: int) -> int:
        """How many whole days from `day` on the weekly schedule alone uses up
        without reaching `seconds` (> 0) of business time."""
        weeks = (seconds - 1) // self.week_total
        rest = seconds - weeks * self.week_total  # 1 .. week_total
        weekday = weekday_of(day)
        target = self.usual_running[weekday] + rest
        reached = bisect_left(self.usual_running, target, weekday, weekday + 7)
        return 7 * weeks + reached - 1 - weekday

    def _deficit(self, first: int, stop: int) -> int:
        if stop <= first:
            return 0
        deficits = self._deficits
        if deficits is None or first < deficits.first_day or stop > deficits.stop_day:
            deficits = self._deficits = self._deficits_for(first, stop, deficits)
        return deficits.total(first, stop)

    def _deficits_for(self, first: int, stop: int, known: _Deficits | None) -> _Deficits:
        """A deficit table of whole years covering first .. stop-1 and `known`."""
        first_year = date.fromordinal(first).year
        stop_year = date.fromordinal(stop - 1).year + 1
        if known is not None:
            first_year = min(first_year, known.first_year)
            stop_year = max(stop_year, known.stop_year)
        first_day = date(first_year, 1, 1).toordinal()
        stop_day = date(stop_year, 1, 1).toordinal()
        lo = bisect_left(self.exception_days, first_day)
        hi = bisect_left(self.exception_days, stop_day)
        candidates = set(self.exception_days[lo:hi])
        for year in range(first_year, stop_year):
            candidates.update(offset_change_days(self.tz, year))
        days: list[int] = []
        running = [0]
        for day in sorted(candidates):
            actual = sum(end - start for start, end in self.day(day).spans)
            deficit = self.usual[weekday_of(day)] - actual
            if deficit:
                days.append(day)
                running.append(running[-1] + deficit)
        return _Deficits(first_year, stop_year, first_day, stop_day, tuple(days), tuple(running))

    # --- instants ---

    def is_open(self, at: int) -> bool:
        return any(start <= at < end for start, end in self.day(self.day_of(at)).spans)

    def next_opening(self, at: int) -> int:
        day = self.day_of(at)
        while True:  # ends: the calendar is open every week and closures are finite
            for start, end in self.day(day).spans:
                if end > at:
                    return max(start, at)
            day += 1

    def next_closing(self, at: int) -> int | None:
        day = self.day_of(at)
        candidate = at
        while True:
            if self.always_open and day not in self.closed_days:
                # Open round the clock: only holidays and closures close it.
                following = bisect_left(self.exception_days, day)
                if following == len(self.exception_days):
                    return None
                if self.exception_days[following] > day:
                    day = self.exception_days[following]
                    candidate = max(candidate, self.day(day).start)
            today = self.day(day)
            for start, end in today.spans:
                if end <= candidate:
                    continue
                if start > candidate:
                    return candidate
                candidate = end
            if candidate < today.end:
                return candidate
            day += 1

    # --- durations ---

    def add(self, start: int, seconds: int, pauses: list[Span]) -> int:
        """The first instant by which `seconds` of unpaused business time have passed."""
        remaining = seconds
        for pause_start, pause_end in pauses:
            if remaining == 0:
                break
            if pause_end <= start:
                continue
            due = self._add(start, remaining)
            if due <= pause_start:
                return due
            if pause_start > start:
                remaining -= self._between(start, pause_start)
            start = max(start, pause_end)  # a pause covering the start delays it
        return self._add(start, remaining)

    def _add(self, start: int, seconds: int) -> int:
        if seconds == 0:
            return start
        remaining = seconds
        day = self.day_of(start)
        for span_start, span_end in self.day(day).spans:
            if span_end <= start:
                continue
            available = span_end - max(span_start, start)
            if available >= remaining:
                return span_end - available + remaining
            remaining -= available
        day += 1
        while True:
            # Jump over the days the weekly schedule says are used up whole, then
            # correct for holidays and the like in them (the jump is shorter than
            # planned, and the next round jumps again); the due day is walked.
            whole = self.usual_days_before(day, remaining)
            if whole:
                skipped = self.whole_days(day, day + whole)
                if skipped < remaining:
                    remaining -= skipped
                    day += whole
                    continue
            for span_start, span_end in self.day(day).spans:
                if span_end - span_start >= remaining:
                    return span_start + remaining
                remaining -= span_end - span_start
            day += 1

    def between(self, start: int, end: int, pauses: list[Span]) -> int:
        """Unpaused business seconds in [start, end), start <= end."""
        total = self._between(start, end)
        for pause_start, pause_end in pauses:
            if pause_end > start and pause_start < end:
                total -= self._between(max(pause_start, start), min(pause_end, end))
        return total

    def _between(self, start: int, end: int) -> int:
        if end <= start:
            return 0
        first, last = self.day_of(start), self.day_of(end)
        if first == last:
            return overlap(self.day(first).spans, start, end)
        return (
            overlap(self.day(first).spans, start, end)
            + self.whole_days(first + 1, last)
            + overlap(self.day(last).spans, start, end)
        )
