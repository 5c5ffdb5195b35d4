"""An iCalendar (RFC 5545) feed of a technician's interventions, written by
hand: a feed is a handful of VEVENTs, and the format's three traps are
covered here once — text escaping (backslash, comma, semicolon, newline),
lines folded at 75 octets (never inside a UTF-8 sequence), and CRLF line
ends. Pure: plain values in, text out, no database.

Phone calendars poll the feed and match events by UID. A changed event keeps
its UID and gets a higher SEQUENCE; a cancelled one stays in the feed with
STATUS:CANCELLED, so a subscribed calendar removes it instead of keeping a
stale copy.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODUCT_ID = "-//Pupitre//On-site interventions//EN"
_LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    # Geographic position of the location, when known (latitude, longitude).
    geo: tuple[float, float] | None = None


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma
    escaped, any line break written as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets (3.1): each
    continuation starts with a space; a multi-byte character is never cut."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = _LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current = " "
            size = 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts)


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Calendar times must be aware datetimes.")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_text(events: Iterable[CalendarEvent], *, name: str, stamp: datetime) -> str:
    """The whole feed. `stamp` is DTSTAMP of every event (when the feed was
    written); times are written in UTC, which every calendar app shows in its
    own time zone."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + PRODUCT_ID,
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(name),
        # How often subscribers should poll (RFC 7986 REFRESH-INTERVAL).
        "REFRESH-INTERVAL;VALUE=DURATION:PT15M",
        "X-PUBLISHED-TTL:PT15M",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            "UID:" + escape_text(event.uid),
            "DTSTAMP:" + _utc(stamp),
            "SEQUENCE:" + str(max(0, int(event.sequence))),
            "DTSTART:" + _utc(event.start),
            "DTEND:" + _utc(event.end),
            "SUMMARY:" + escape_text(event.summary),
            "STATUS:" + ("CANCELLED" if event.cancelled else "CONFIRMED"),
        ]
        if event.location:
            lines.append("LOCATION:" + escape_text(event.location))
        if event.geo is not None:
            lines.append("GEO:{:.6f};{:.6f}".format(*event.geo))
        if event.description:
            lines.append("DESCRIPTION:" + escape_text(event.description))
        if event.url:
            lines.append("URL:" + event.url)
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def unfold(text: str) -> list[str]:
    """The content lines of a feed, continuations joined (for readers and
    tests)."""
    out: list[str] = []
    for raw in text.split("\r\n"):
        if raw.startswith((" ", "\t")) and out:
            out[-1] += raw[1:]
        elif raw:
            out.append(raw)
    return out
