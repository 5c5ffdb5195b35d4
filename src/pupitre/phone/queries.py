"""Reads of the phone line: the line of a token, who a number belongs to,
the call log, the callbacks and the daily figures."""

import hashlib
import threading
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from pupitre.accounts.models import DESK_ROLES, Role, User
from pupitre.hours.engine import Calendar
from pupitre.hours.models import ServiceCalendar
from pupitre.hours.queries import calendar_for_school, calendars_by_code
from pupitre.schools.models import Membership, PhoneNumber, School, SchoolType
from pupitre.tickets.models import Team

from .models import (
    BlockedNumber,
    Call,
    Callback,
    CallbackState,
    CallState,
    Direction,
    MatchedBy,
    Outcome,
    PhoneLine,
)
from .numbers import quick_normalize

# What every event of the webhook looks up is read once and kept per process
# for DIRECTORY_SECONDS: the known numbers (school members' and schools',
# written as people type them), the blocked numbers, the staff who answer
# calls. The services that change a line or a blocked number forget it at
# once in their process; other processes follow within DIRECTORY_SECONDS
# (as a new member's number does).
DIRECTORY_SECONDS = 60
LINE_SECONDS = 5
_directory: dict = {"built": -1e9}
_directory_lock = threading.Lock()
_lines: dict[str, tuple[float, PhoneLine | None]] = {}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def line_by_token(token: str) -> PhoneLine | None:
    """The active line whose PBX URL carries `token`, or None (kept
    LINE_SECONDS per process: a PBX sends several events a call)."""
    if not token or len(token) > 200:
        return None
    key = token_hash(token)
    now = time.monotonic()
    held = _lines.get(key)
    if held is not None and now - held[0] < LINE_SECONDS:
        return held[1]
    line = PhoneLine.objects.filter(token_hash=key, active=True).first()
    if len(_lines) > 1000:
        _lines.clear()
    _lines[key] = (now, line)
    return line


def lines() -> list[PhoneLine]:
    return list(PhoneLine.objects.select_related("team", "calendar").order_by("name"))


def line_by_id(line_id: int | None) -> PhoneLine | None:
    if line_id is None:
        return None
    return PhoneLine.objects.select_related("team", "calendar").filter(pk=line_id).first()


@dataclass(frozen=True)
class Match:
    school_id: int | None = None
    person_id: int | None = None
    matched_by: str = MatchedBy.NONE
    site_id: int | None = None  # a site's switchboard
    # What the school's service hours depend on (see `school_for_hours`).
    school_type: str = ""
    school_calendar_id: int | None = None

    def school_for_hours(self) -> School | None:
        """An unsaved school with what `calendar_for_school` reads."""
        if self.school_id is None:
            return None
        return School(
            pk=self.school_id,
            school_type=self.school_type,
            calendar_id=self.school_calendar_id,
        )


NO_MATCH = Match()


def _build_directory() -> dict:
    numbers: dict[str, Match] = {}
    # Within a school, its main numbers before its sites': a number given
    # twice is the first row's.
    rows = PhoneNumber.objects.order_by("school", F("site_id").asc(nulls_first=True), "id")
    for school_id, site_id, raw in rows.values_list("school_id", "site_id", "number"):
        e164 = quick_normalize(raw)
        if e164:
            numbers.setdefault(e164, Match(school_id, None, MatchedBy.SCHOOL, site_id))
    schools_of: dict[int, set[int]] = {}
    for user_id, school_id in Membership.objects.values_list("user_id", "school_id"):
        schools_of.setdefault(user_id, set()).add(school_id)
    people: dict[str, list[int]] = {}
    for user_id, raw in (
        User.objects.filter(role=Role.SCHOOL, is_active=True)
        .exclude(phone="")
        .values_list("id", "phone")
    ):
        e164 = quick_normalize(raw)
        if e164 and e164 not in numbers:
            people.setdefault(e164, []).append(user_id)
    for e164, user_ids in people.items():
        schools = set().union(*(schools_of.get(u, set()) for u in user_ids))
        school_id = next(iter(schools)) if len(schools) == 1 else None
        person_id = user_ids[0] if len(user_ids) == 1 else None
        if person_id or school_id:
            numbers[e164] = Match(school_id, person_id, MatchedBy.PERSON)
    hours = {
        pk: (school_type, calendar_id)
        for pk, school_type, calendar_id in School.objects.values_list(
            "id", "school_type", "calendar_id"
        )
    }
    for e164, match in numbers.items():
        if match.school_id in hours:
            school_type, calendar_id = hours[match.school_id]
            numbers[e164] = replace(match, school_type=school_type, school_calendar_id=calendar_id)
    staff: dict[str, int] = {}
    staff_phones: dict[str, int] = {}
    rows = User.objects.filter(role__in=DESK_ROLES, is_active=True).order_by("-id")
    found = list(rows.values_list("id", "email", "full_name", "phone"))
    for user_id, _email, full_name, phone in found:
        staff[full_name.casefold()] = user_id
        if phone and (e164 := quick_normalize(phone)):
            staff_phones[e164] = user_id
    for user_id, email, _name, _phone in found:
        staff[email.casefold()] = user_id  # an address wins over a name
    return {
        "built": time.monotonic(),
        "numbers": numbers,
        "blocked": frozenset(BlockedNumber.objects.values_list("number", flat=True)),
        "staff": staff,
        "staff_phones": staff_phones,
    }


def _current() -> dict:
    if time.monotonic() - _directory["built"] > DIRECTORY_SECONDS:
        with _directory_lock:
            if time.monotonic() - _directory["built"] > DIRECTORY_SECONDS:
                _directory.update(_build_directory())
    return _directory


def forget_directory() -> None:
    """Read the numbers, blocked numbers, staff and lines again on next use."""
    _directory["built"] = -1e9
    _lines.clear()


def match_number(e164: str) -> Match:
    """Who `e164` belongs to: a school member (and their school when they
    belong to one only), a school's number, or nobody known."""
    if not e164:
        return NO_MATCH
    return _current()["numbers"].get(e164, NO_MATCH)


def is_blocked(e164: str) -> bool:
    return bool(e164) and e164 in _current()["blocked"]


def staff_id_for(*, number: str = "", name: str = "") -> int | None:
    """The desk user whose phone is `number` (E.164), else whose email
    address or full name is `name`."""
    directory = _current()
    if number and number in directory["staff_phones"]:
        return directory["staff_phones"][number]
    return directory["staff"].get(name.casefold()) if name else None


def blocked_numbers() -> list[BlockedNumber]:
    return list(BlockedNumber.objects.select_related("created_by").order_by("number"))


def calendar_for_call(line: PhoneLine, school: School | None) -> Calendar | None:
    """The service hours that apply to a call: the caller's school's, else
    the line's own, else the standard calendar."""
    if school is None:
        # An unsaved school of an ordinary type with the line's calendar:
        # the same cached calendar rows as for a real school.
        school = School(school_type=SchoolType.SECONDARY, calendar_id=line.calendar_id)
    return calendar_for_school(school)


def all_calendars() -> list[ServiceCalendar]:
    return list(calendars_by_code().values())


# --- the call log ----------------------------------------------------------


@dataclass(frozen=True)
class CallFilter:
    line_id: int | None = None
    direction: str = ""
    outcome: str = ""
    day: date | None = None
    school_id: int | None = None


def call_log(filters: CallFilter) -> QuerySet[Call]:
    calls = Call.objects.select_related("line", "school", "site", "person", "agent", "ticket")
    if filters.line_id:
        calls = calls.filter(line_id=filters.line_id)
    if filters.direction:
        calls = calls.filter(direction=filters.direction)
    if filters.outcome:
        calls = calls.filter(outcome=filters.outcome)
    if filters.school_id:
        calls = calls.filter(school_id=filters.school_id)
    if filters.day:
        start = _day_start(filters.day)
        calls = calls.filter(started_at__gte=start, started_at__lt=_day_start(filters.day, 1))
    return calls.order_by("-started_at", "-id")


def calls_for_ticket(ticket) -> list[Call]:
    return list(
        Call.objects.filter(ticket=ticket)
        .select_related("line", "agent", "person")
        .order_by("started_at", "id")
    )


def call_by_id(call_id: int | None) -> Call | None:
    if call_id is None:
        return None
    return (
        Call.objects.select_related("line", "school", "site", "person", "agent", "ticket")
        .filter(pk=call_id)
        .first()
    )


CALL_SHOWN_HOURS = 4


def ringing_calls_for_user(user: User) -> QuerySet[Call]:
    """Inbound calls ringing or in conversation on the lines of the user's
    teams (the incoming-call panel)."""
    # A call whose hangup never came (a PBX restarted) stops showing after
    # CALL_SHOWN_HOURS rather than ringing forever.
    since = timezone.now() - timedelta(hours=CALL_SHOWN_HOURS)
    return (
        Call.objects.filter(
            direction=Direction.INBOUND,
            ended_at__isnull=True,
            started_at__gte=since,
            line__team__members=user,
        )
        .exclude(outcome=Outcome.REJECTED)
        .select_related("line", "school", "site", "person", "agent")
        .order_by("-started_at", "-id")
    )


# --- callbacks ---------------------------------------------------------------


def open_callbacks(*, team_ids: list[int] | None = None) -> QuerySet[Callback]:
    callbacks = Callback.objects.exclude(state=CallbackState.DONE)
    if team_ids is not None:
        callbacks = callbacks.filter(team_id__in=team_ids)
    return callbacks.select_related("call", "call__line", "school", "person", "taken_by", "team")


def callback_by_id(callback_id: int | None) -> Callback | None:
    if callback_id is None:
        return None
    return (
        Callback.objects.select_related("call", "school", "person", "team")
        .filter(pk=callback_id)
        .first()
    )


# --- the supervisor's daily figures --------------------------------------------


def _day_start(day: date, plus_days: int = 0) -> datetime:
    moment = datetime.combine(day + timedelta(days=plus_days), datetime.min.time())
    return timezone.make_aware(moment, timezone.get_default_timezone())


@dataclass(frozen=True)
class DailyFigures:
    day: date
    by_line_and_hour: list[dict]  # line name, hour (local), count
    by_line: list[dict]  # line name, total, answered, missed, avg waiting (s)
    callbacks_due: int
    callbacks_done_in_time: int


def daily_figures(day: date) -> DailyFigures:
    start, end = _day_start(day), _day_start(day, 1)
    calls = Call.objects.filter(started_at__gte=start, started_at__lt=end)
    tz = timezone.get_default_timezone()
    per_hour: dict[tuple[str, int], int] = {}
    for line_name, started in calls.values_list("line__name", "started_at"):
        key = (line_name, timezone.localtime(started, tz).hour)
        per_hour[key] = per_hour.get(key, 0) + 1
    by_line = list(
        calls.values("line__name")
        .annotate(
            total=Count("id"),
            inbound=Count("id", filter=Q(direction=Direction.INBOUND)),
            answered=Count("id", filter=Q(direction=Direction.INBOUND, outcome=Outcome.ANSWERED)),
            missed=Count(
                "id",
                filter=Q(
                    direction=Direction.INBOUND,
                    outcome__in=[Outcome.MISSED, Outcome.VOICEMAIL],
                ),
            ),
            avg_waiting=Avg("waiting_seconds", filter=Q(direction=Direction.INBOUND)),
        )
        .order_by("line__name")
    )
    due = Callback.objects.filter(due_at__gte=start, due_at__lt=end)
    return DailyFigures(
        day=day,
        by_line_and_hour=[
            {"line": line, "hour": hour, "count": count}
            for (line, hour), count in sorted(per_hour.items())
        ],
        by_line=by_line,
        callbacks_due=due.count(),
        callbacks_done_in_time=due.filter(
            state=CallbackState.DONE, done_at__lte=F("due_at")
        ).count(),
    )


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
    ) & ~Q(outcome=Outcome.REJECTED)
    mine = Q(agent_id=user.pk) & (
        Q(state=CallState.ANSWERED)
        | Q(state=CallState.ENDED, ticket__isnull=True, ended_at__gte=now - ENDED_SHOWN_FOR)
    )
    calls = (
        Call.objects.filter(ringing | mine)
        .select_related("line", "school", "site", "person", "ticket")
        .order_by("started_at", "id")
    )
    rows = list(calls[: limit * 3])
    rows.sort(key=lambda call: call.agent_id != user.pk)
    return rows[:limit]


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
