"""SLA clocks of a ticket: due and warning times on the school's calendar.

Two targets per ticket, from its `SlaPolicy` (priority, and category when a
policy names one): the first response (the first public reply by staff) and
the resolution. Both count business time on the school's service calendar
from the ticket's creation, minus the stretches during which the ticket waited
for the school (the clock stops, and the due time moves by the paused
business time). While the ticket waits, its running due times are None: the
clock is stopped and no instant can be promised.

`refresh` recomputes everything from the ticket's start, so a priority change
keeps the business time already elapsed and applies the new targets to it.
States only go down here (a later due time can take "overdue" back to "on
time"); going up, with a history event and an alert, is the periodic
`services.tickets_sla_check`'s job.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pupitre.core.config_cache import cached
from pupitre.hours.engine import Calendar, TimeRange
from pupitre.hours.queries import calendar_for_school

from .models import EventField, MessageKind, SlaPolicy, SlaState, Status, Ticket

WARNING_SHARE = 0.8  # warning at 80 % of a target

BUSINESS_DAY = 10 * 60  # minutes: a business day is the standard day's 10 hours
# Shipped by the data migration tickets/0004; operators edit the rows.
DEFAULT_POLICIES = (
    # priority, first response, resolution (business minutes)
    (40, 60, 1 * BUSINESS_DAY),  # urgent: 1 h / 1 business day
    (30, 120, 2 * BUSINESS_DAY),  # high: 2 h / 2 business days
    (20, 240, 5 * BUSINESS_DAY),  # normal: 4 h / 5 business days
    (10, 1 * BUSINESS_DAY, 10 * BUSINESS_DAY),  # low: 1 business day / 10 business days
)
TARGETS = ("first_response", "resolution")


@dataclass(frozen=True)
class Targets:
    first_response: timedelta | None
    resolution: timedelta | None


@dataclass(frozen=True)
class Clock:
    due: datetime | None
    warn_at: datetime | None
    state: str


SLA_POLICIES = "sla_policies"


def targets_for(priority: int, category: str) -> Targets:
    """The policy of the category if there is one, else the priority's."""
    policies = cached(SLA_POLICIES, _policy_minutes)
    minutes = policies.get((priority, category)) or policies.get((priority, ""))
    if minutes is None:
        return Targets(None, None)
    return Targets(timedelta(minutes=minutes[0]), timedelta(minutes=minutes[1]))


def _policy_minutes() -> dict[tuple[int, str], tuple[int, int]]:
    """Every policy's (first response, resolution) minutes by (priority,
    category): a handful of rows, read once for the cache."""
    return {
        (priority, category): (first, resolution)
        for priority, category, first, resolution in SlaPolicy.objects.values_list(
            "priority", "category", "first_response_minutes", "resolution_minutes"
        )
    }


def waiting_pauses(events: Iterable[tuple[datetime, str, str]], until: datetime) -> list[TimeRange]:
    """Stretches spent in `waiting_for_school`, from (when, old, new) status
    events in time order; a wait still going on ends at `until`."""
    pauses: list[TimeRange] = []
    started: datetime | None = None
    for when, old, new in events:
        if new == Status.WAITING_FOR_SCHOOL and started is None:
            started = when
        elif old == Status.WAITING_FOR_SCHOOL and started is not None:
            pauses.append((started, when))
            started = None
    if started is not None and until > started:
        pauses.append((started, until))
    return pauses


def clock(
    *,
    calendar: Calendar | None,
    start: datetime,
    target: timedelta | None,
    pauses: list[TimeRange],
    done_at: datetime | None,
    paused: bool,
    state: str,
    now: datetime,
) -> Clock:
    """One target's due time, warning time and state (pure)."""
    if target is None or calendar is None:
        return Clock(None, None, SlaState.MET if done_at else SlaState.OK)
    if done_at is not None:
        due = calendar.add_business_time(start, target, pauses=pauses)
        return Clock(due, None, SlaState.MET if done_at <= due else SlaState.BREACHED)
    if state == SlaState.MET:  # reopened
        state = SlaState.OK
    if paused:
        return Clock(None, None, state)
    due = calendar.add_business_time(start, target, pauses=pauses)
    warn_at = calendar.add_business_time(start, target * WARNING_SHARE, pauses=pauses)
    if state == SlaState.BREACHED and now < due:
        state = SlaState.WARNING
    if state == SlaState.WARNING and now < warn_at:
        state = SlaState.OK
    return Clock(due, warn_at, state)


def status_events(ticket: Ticket) -> list[tuple[datetime, str, str]]:
    return list(
        ticket.messages.filter(kind=MessageKind.EVENT, field=EventField.STATUS)
        .order_by("created_at", "id")
        .values_list("created_at", "old_value", "new_value")
    )


def status_events_in(timeline) -> list[tuple[datetime, str, str]]:
    """The status events of a whole timeline (`queries.timeline_for` as
    staff read it), as `status_events` returns them."""
    return [
        (entry.created_at, entry.old_value, entry.new_value)
        for entry in timeline
        if entry.kind == MessageKind.EVENT and entry.field == EventField.STATUS
    ]


def done_at(ticket: Ticket, target: str) -> datetime | None:
    """When the target was reached; a ticket resolved (or closed) without a
    public staff reply stops its first-response clock too."""
    resolved = None
    if ticket.status in (Status.RESOLVED, Status.CLOSED):
        resolved = ticket.resolved_at or ticket.closed_at
    if target == "first_response":
        return ticket.first_response_at or resolved
    return resolved


SLA_FIELDS = [
    "first_response_due",
    "first_response_warn_at",
    "sla_first_response_state",
    "resolution_due",
    "resolution_warn_at",
    "sla_resolution_state",
    "sla_next_due",
]


def refresh(
    ticket: Ticket,
    now: datetime,
    calendar: Calendar | None = None,
    events: list[tuple[datetime, str, str]] | None = None,
) -> list[str]:
    """Recompute the ticket's SLA fields in place; returns their names (to
    save with `update_fields`). Three queries: policy, calendar, events
    (pass `events=[]` for a ticket not saved yet: it has no history)."""
    targets = targets_for(ticket.priority, ticket.category)
    if calendar is None:
        calendar = calendar_for_school(ticket.school)
    if events is None:
        events = status_events(ticket)
    pauses = waiting_pauses(events, now)
    paused = ticket.status == Status.WAITING_FOR_SCHOOL
    running = []
    for name in TARGETS:
        result = clock(
            calendar=calendar,
            start=ticket.created_at,
            target=getattr(targets, name),
            pauses=pauses,
            done_at=done_at(ticket, name),
            paused=paused,
            state=getattr(ticket, f"sla_{name}_state"),
            now=now,
        )
        setattr(ticket, f"{name}_due", result.due)
        setattr(ticket, f"{name}_warn_at", result.warn_at)
        setattr(ticket, f"sla_{name}_state", result.state)
        if result.due is not None and done_at(ticket, name) is None:
            running.append(result.due)
    ticket.sla_next_due = min(running) if running else None
    return list(SLA_FIELDS)


@dataclass(frozen=True)
class Progress:
    """What the desk shows for one target."""

    name: str
    target: timedelta
    elapsed: timedelta
    remaining: timedelta
    due: datetime | None
    state: str
    done: bool
    paused: bool


def progress(
    ticket: Ticket, now: datetime, events: list[tuple[datetime, str, str]] | None = None
) -> list[Progress]:
    """Targets, elapsed and remaining business time of each target; `events`
    are the ticket's status events if the caller has read them already."""
    calendar = calendar_for_school(ticket.school)
    if calendar is None:
        return []
    targets = targets_for(ticket.priority, ticket.category)
    pauses = waiting_pauses(status_events(ticket) if events is None else events, now)
    rows = []
    for name in TARGETS:
        target = getattr(targets, name)
        if target is None:
            continue
        finished = done_at(ticket, name)
        elapsed = calendar.business_time_between(ticket.created_at, finished or now, pauses=pauses)
        rows.append(
            Progress(
                name=name,
                target=target,
                elapsed=elapsed,
                remaining=target - elapsed,
                due=getattr(ticket, f"{name}_due"),
                state=getattr(ticket, f"sla_{name}_state"),
                done=finished is not None,
                paused=ticket.status == Status.WAITING_FOR_SCHOOL and finished is None,
            )
        )
    return rows
