"""Instants as whole POSIX seconds, and local wall-clock time in a zone.

The engine computes with integers: an instant is a count of seconds since
1970-01-01 00:00 UTC, a local day is a proleptic Gregorian ordinal
(`date.toordinal()`), a time of day is a count of seconds since local midnight.
"""

from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

DAY = 86_400
SECOND = timedelta(seconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = EPOCH.date().toordinal()

Span = tuple[int, int]
"""A half-open stretch of time [start, end), in POSIX seconds."""


def to_seconds(moment: datetime, name: str) -> int:
    """The instant `moment` in whole POSIX seconds; microseconds are dropped (floor)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {moment!r}.")
    return (moment - EPOCH) // SECOND


def weekday_of(day: int) -> int:
    """Monday is 0, as `date.weekday()`; ordinal 1 (0001-01-01) was a Monday."""
    return (day - 1) % 7


def _offset_seconds(offset: timedelta | None) -> int:
    assert offset is not None  # only called with aware datetimes
    return offset // SECOND


def wall_to_seconds(tz: tzinfo, day: int, second_of_day: int) -> int:
    """The first instant at which the clocks of `tz`, on local date `day`, show
    `second_of_day` (seconds since midnight; DAY means the next midnight) or later.

    An ambiguous wall time (the repeated hour of autumn) is its first occurrence.
    A wall time that does not exist (the skipped hour of spring) is the instant
    the clocks jump, the first moment that does exist after it.
    """
    if second_of_day == DAY:
        day, second_of_day = day + 1, 0
    local = date.fromordinal(day)
    hour, rest = divmod(second_of_day, 3600)
    minute, second = divmod(rest, 60)
    wall = datetime(local.year, local.month, local.day, hour, minute, second, tzinfo=tz)
    before = _offset_seconds(wall.utcoffset())  # fold=0: the offset before a transition
    after = _offset_seconds(wall.replace(fold=1).utcoffset())
    naive = (day - EPOCH_ORDINAL) * DAY + second_of_day
    if before >= after:  # an ordinary time, or the first of a repeated one
        return naive - before
    return _jump_instant(tz, naive - after, naive - before, after)


def _jump_instant(tz: tzinfo, low: int, high: int, offset_after: int) -> int:
    """The instant in (low, high] at which the offset of `tz` becomes `offset_after`."""
    while high - low > 1:
        middle = (low + high) // 2
        if _offset_seconds(datetime.fromtimestamp(middle, tz).utcoffset()) == offset_after:
            high = middle
        else:
            low = middle
    return high


def local_date_of(tz: tzinfo, seconds: int) -> int:
    """The ordinal of the local date, in `tz`, of the instant `seconds`."""
    return datetime.fromtimestamp(seconds, tz).toordinal()


def _midnight_offset(tz: tzinfo, day: int) -> timedelta | None:
    local = date.fromordinal(day)
    return datetime(local.year, local.month, local.day, tzinfo=tz).utcoffset()


@lru_cache(maxsize=1024)
def offset_change_days(tz: tzinfo, year: int) -> tuple[int, ...]:
    """Local days of `year` during which the UTC offset of `tz` may change.

    A day is flagged when the offsets at its midnight and at the next differ
    (it assumes no zone changes its offset twice in one day and back); the days
    either side are flagged too, which is harmless: a flagged day is simply
    computed in full. Cached per zone and year, shared by all calendars.
    """
    first = date(year, 1, 1).toordinal()
    stop = date(year + 1, 1, 1).toordinal()
    flagged: set[int] = set()
    previous = _midnight_offset(tz, first - 1)
    for day in range(first, stop + 1):
        offset = _midnight_offset(tz, day)
        if offset != previous:
            flagged.update((day - 2, day - 1, day))
        previous = offset
    return tuple(sorted(day for day in flagged if first <= day < stop))


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sorted, with overlapping or touching spans joined and empty ones dropped."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract_spans(spans: list[Span], holes: list[Span]) -> list[Span]:
    """`spans` minus `holes`; both sorted and disjoint."""
    result: list[Span] = []
    for start, end in spans:
        for hole_start, hole_end in holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                result.append((start, hole_start))
            start = max(start, hole_end)
            if start >= end:
                break
        if start < end:
            result.append((start, end))
    return result


def overlap(spans: tuple[Span, ...], start: int, end: int) -> int:
    """Seconds of `spans` inside [start, end)."""
    total = 0
    for span_start, span_end in spans:
        if span_end > start and span_start < end:
            total += min(span_end, end) - max(span_start, start)
    return total
