"""Reads of the phone line: calls, callbacks, what the desk's panel shows."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from pupitre.tickets.models import Team

from .models import Call, Callback, CallbackState, CallState, Direction

# The desk's incoming-call panel and callbacks list ---------------------------

# A call still "ringing" after this long lost its hang-up somewhere (a PBX
# restarted): the panel stops showing it.
RINGING_SHOWN_FOR = timedelta(minutes=15)
# A call the agent answered stays in their panel this long after it ended,
# until a ticket is opened or the call is attached to one.
ENDED_SHOWN_FOR = timedelta(minutes=10)
LIVE_CALLS_SHOWN = 3


def live_calls_for(user, *, now=None, limit: int = LIVE_CALLS_SHOWN) -> list[Call]:
    """The calls the agent's panel shows, one query: inbound calls ringing
    on the lines of the agent's teams, and the agent's own calls, in
    conversation or just ended without a request yet. The agent's own calls
    come first, then the ringing ones, oldest first (the longest waiting)."""
    now = now or timezone.now()
    teams = Team.members.through.objects.filter(user_id=user.pk).values("team_id")
    ringing = Q(
        state=CallState.RINGING,
        direction=Direction.INBOUND,
        started_at__gte=now - RINGING_SHOWN_FOR,
        line__team_id__in=teams,
    )
    mine = Q(agent_id=user.pk) & (
        Q(state=CallState.ANSWERED)
        | Q(state=CallState.ENDED, ticket__isnull=True, ended_at__gte=now - ENDED_SHOWN_FOR)
    )
    calls = (
        Call.objects.filter(ringing | mine)
        .select_related("line", "school", "person", "ticket")
        .order_by("started_at", "id")
    )
    rows = list(calls[: limit * 3])
    rows.sort(key=lambda call: call.agent_id != user.pk)
    return rows[:limit]


def call_by_id(call_id: int | None) -> Call | None:
    """A call for the desk (agents see every call), with its line, school
    and caller; None if there is no such call."""
    if call_id is None:
        return None
    calls = Call.objects.select_related("line", "school", "person", "ticket")
    return calls.filter(pk=call_id).first()


def callbacks_for_desk(*, state: str = "active", team_id: int | None = None, user=None):
    """Callbacks, the earliest due first: `active` (to call back or taken),
    `mine` (taken by `user`, not done) or `done`; of one team if given."""
    callbacks = Callback.objects.select_related(
        "school", "person", "call__line", "taken_by", "done_by", "team"
    )
    if state == "done":
        callbacks = callbacks.filter(state=CallbackState.DONE).order_by("-done_at", "-id")
    elif state == "mine":
        callbacks = callbacks.filter(state=CallbackState.TAKEN, taken_by_id=user.pk)
    else:
        callbacks = callbacks.exclude(state=CallbackState.DONE)
    if team_id is not None:
        callbacks = callbacks.filter(team_id=team_id)
    if state != "done":
        callbacks = callbacks.order_by("due_at", "id")
    return callbacks


def callback_by_id(callback_id: int | None) -> Callback | None:
    if callback_id is None:
        return None
    return (
        Callback.objects.select_related(
            "school", "person", "call__line", "call__ticket", "taken_by"
        )
        .filter(pk=callback_id)
        .first()
    )


def recent_calls(call: Call, *, limit: int = 5) -> list[Call]:
    """Earlier calls with the same number, or of the same caller (else the
    same school), latest first: one query."""
    match = Q(party_number=call.party_number) if call.party_number else Q(pk__in=[])
    if call.person_id:
        match |= Q(person_id=call.person_id)
    elif call.school_id:
        match |= Q(school_id=call.school_id)
    return list(
        Call.objects.filter(match)
        .exclude(pk=call.pk)
        .select_related("agent", "ticket")
        .order_by("-started_at", "-id")[:limit]
    )
