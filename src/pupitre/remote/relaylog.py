"""MeshCentral's relay events, read as plain values (no database).

MeshCentral logs every relayed session (remote desktop, terminal, files)
twice: a `relaylog` event when the relay connects and one when it ends
(`meshrelay.js`). Both carry the relay session's id (`msgArgs[0]`), the
user, the device and the protocol; the end event also carries the
duration in seconds (`msgArgs[3]`). Events read back with the `events`
action have no id of their own, so an event's key is made of what does
not change when it is read again: device, relay id, message id and time.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# msgid -> protocol, for the start and the end of a relayed session.
# Messenger sessions (162/112) are a chat, not a control of the computer.
START_MSGIDS = {15: "desktop", 14: "terminal", 16: "files", 13: "other"}
END_MSGIDS = {11: "desktop", 10: "terminal", 12: "files", 9: "other"}
START, END = "start", "end"


@dataclass(frozen=True)
class RelayEvent:
    key: str
    kind: str  # START or END
    relay_id: str
    node_id: str
    user_id: str
    username: str
    protocol: str
    time: datetime
    duration: int | None = None  # seconds, end events only
    guest_name: str = ""


@dataclass(frozen=True)
class RelaySession:
    """A relayed session as far as its events tell: its start, its end, or
    both (a session still running has no end yet; a start older than the
    events read has none either)."""

    relay_id: str
    node_id: str
    user_id: str
    username: str
    protocol: str
    guest_name: str
    start: RelayEvent | None
    end: RelayEvent | None

    @property
    def started_at(self) -> datetime:
        if self.start is not None:
            return self.start.time
        assert self.end is not None
        return self.end.time - timedelta(seconds=self.end.duration or 0)

    @property
    def ended_at(self) -> datetime | None:
        return self.end.time if self.end is not None else None

    @property
    def duration(self) -> int | None:
        if self.end is None:
            return None
        if self.end.duration is not None:
            return self.end.duration
        if self.start is None:
            return None  # unknown, not guessed
        return max(0, int((self.end.time - self.started_at).total_seconds()))


def parse_time(value) -> datetime | None:
    """An event's `time`: an ISO string (a JavaScript Date sent as JSON),
    milliseconds since 1970, or NeDB's `{"$$date": ms}`; None otherwise."""
    if isinstance(value, dict) and "$$date" in value:
        value = value["$$date"]
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def parse_event(event, *, node_id: str = "") -> RelayEvent | None:
    """One relay start or end, or None for any other event and for a
    relay event that lacks what we need (it is then left out, never
    guessed). `node_id` is the device the events were asked for: events
    read for one device do not repeat its id."""
    if not isinstance(event, dict) or event.get("action") != "relaylog":
        return None
    msgid = event.get("msgid")
    if isinstance(msgid, bool) or not isinstance(msgid, int):
        return None
    if msgid in START_MSGIDS:
        kind, protocol = START, START_MSGIDS[msgid]
    elif msgid in END_MSGIDS:
        kind, protocol = END, END_MSGIDS[msgid]
    else:
        return None
    args = event.get("msgArgs")
    if not isinstance(args, list) or not args or not isinstance(args[0], str) or not args[0]:
        return None
    node = event.get("nodeid") or node_id
    time = parse_time(event.get("time"))
    if not isinstance(node, str) or not node or time is None:
        return None
    duration = None
    if kind == END and len(args) > 3:
        raw = args[3]
        if isinstance(raw, int | float) and not isinstance(raw, bool) and raw >= 0:
            duration = int(raw)
    relay_id = args[0][:100]
    identity = "|".join((node, relay_id, str(msgid), time.isoformat()))
    return RelayEvent(
        key=hashlib.sha256(identity.encode()).hexdigest(),
        kind=kind,
        relay_id=relay_id,
        node_id=node[:200],
        user_id=str(event.get("userid") or "")[:200],
        username=str(event.get("username") or "")[:200],
        protocol=protocol,
        time=time,
        duration=duration,
        guest_name=str(event.get("guestname") or "")[:150],
    )


def relay_sessions(events: Iterable, *, node_id: str = "") -> list[RelaySession]:
    """The relayed sessions the events tell of, oldest first: the start and
    the end of one relay id on one device make one session; the same event
    read twice counts once."""
    found: dict[tuple[str, str], dict[str, RelayEvent]] = {}
    for raw in events:
        event = parse_event(raw, node_id=node_id)
        if event is None:
            continue
        pair = found.setdefault((event.node_id, event.relay_id), {})
        # A relay id reused (it comes from the browser) keeps the first of each.
        pair.setdefault(event.kind, event)
    sessions = []
    for (node, relay_id), pair in found.items():
        start, end = pair.get(START), pair.get(END)
        first = start or end
        assert first is not None
        sessions.append(
            RelaySession(
                relay_id=relay_id,
                node_id=node,
                user_id=first.user_id,
                username=first.username,
                protocol=first.protocol,
                guest_name=first.guest_name or (end.guest_name if end else ""),
                start=start,
                end=end,
            )
        )
    sessions.sort(key=lambda session: (session.started_at, session.relay_id))
    return sessions
