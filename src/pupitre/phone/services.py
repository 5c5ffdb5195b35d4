"""Every change of the phone line goes through one of these functions.

`call_event_receive` is what the PBX webhook calls: it keeps every event it
is given (a `CallEvent` row, whatever it contains) and applies the ones that
make sense to the call they name, in one transaction with the call row
locked, so that two events of one call arriving at once apply one after the
other. It never raises on bad input: a malformed, repeated or out-of-order
event is recorded with what was done about it.
"""

import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import DESK_ROLES, User
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record, snapshot
from pupitre.core.errors import DomainError
from pupitre.equipment.models import Device
from pupitre.schools.models import School
from pupitre.tickets.models import Priority, Team, Ticket
from pupitre.tickets.services import ticket_log_phone_call, ticket_record_call

from . import live, queries, rules
from .models import (
    BlockedNumber,
    Call,
    Callback,
    CallbackState,
    CallEvent,
    CallState,
    Direction,
    EventResult,
    OutboundRoute,
    Outcome,
    PhoneLine,
)
from .numbers import digits, matches_pattern, normalize

logger = logging.getLogger(__name__)

EVENTS = ("newCall", "answer", "hangup")
BODY_KEPT = 20_000
PARAM_MAX = 300


@dataclass(frozen=True)
class Reply:
    """What the webhook answers: an HTTP status and a JSON object."""

    status: int
    body: dict


# --- the webhook -------------------------------------------------------------


def _storable(value, depth: int = 0):
    """`value` with every NUL character replaced (PostgreSQL refuses them in
    text and JSON) and nesting deeper than a PBX's cut to its text: a
    received event is kept whatever it holds."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict | list) and depth >= 10:
        return "(nested too deep, see the body)"
    if isinstance(value, dict):
        return {_storable(str(k)): _storable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v, depth + 1) for v in value]
    return value


def _text(value) -> str:
    """A parameter as text: lists (`user[]`) joined with ", ", as the
    contract stores them; anything else that is not text is refused."""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if isinstance(v, str | int))
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, str | int):
        return _storable(str(value)).strip()[:PARAM_MAX]
    return ""


def _clean(params: dict) -> dict[str, str]:
    keys = ("event", "direction", "from", "to", "user", "queue", "answeringNumber", "cause")
    clean = {key: _text(params.get(key)) for key in keys}
    clean["callId"] = _text(params.get("callId") or params.get("call_id"))
    return clean


def call_event_receive(
    *, line: PhoneLine, params: object, body: str = "", content_type: str = ""
) -> Reply:
    """Apply one event of the generic CTI contract received on `line` and
    say what to answer. `params` is the decoded body (a dict, or whatever
    the JSON held). Every event is kept as a `CallEvent`."""
    now = timezone.now()
    event = CallEvent(
        line=line,
        received_at=now,
        content_type=_storable(content_type[:100]),
        body=_storable(body[:BODY_KEPT]),
        params=_storable(params) if isinstance(params, dict) else {"_": repr(params)[:BODY_KEPT]},
    )
    try:
        with transaction.atomic():
            reply = _apply(line, params, event, now)
            event.response = reply.body
            event.save(force_insert=True)
            if event.result == EventResult.APPLIED:
                live.live_changed()  # the agents' panels ask again
        return reply
    except Exception:
        # Nothing received is lost, even when applying it failed: keep the
        # event with the failure, answer without a server error.
        logger.exception("Phone event on line %s could not be applied", line.pk)
        event.pk = None
        event.call = None
        event.result = EventResult.MALFORMED
        event.detail = "could not be applied (server error logged)"
        event.response = {"error": "Event could not be processed."}
        event.save(force_insert=True)
        return Reply(422, event.response)


def _ignored(event: CallEvent, result: str, detail: str, status=200, body=None) -> Reply:
    event.result = result
    event.detail = detail[:300]
    return Reply(status, body if body is not None else {})


def _apply(line: PhoneLine, raw: object, event: CallEvent, now) -> Reply:
    if not isinstance(raw, dict):
        return _ignored(event, EventResult.MALFORMED, "body is not an object", 422, _error("body"))
    params = _clean(raw)
    event.event = params["event"][:40]
    event.pbx_call_id = params["callId"][:200]
    if params["event"] not in EVENTS:
        return _ignored(event, EventResult.MALFORMED, "unknown event", 422, _error("event"))
    if params["direction"] not in (Direction.INBOUND, Direction.OUTBOUND):
        return _ignored(
            event,
            EventResult.MALFORMED,
            "invalid direction",
            422,
            {"error": "Invalid 'direction'!"},
        )
    if not params["callId"] or len(params["callId"]) > 200:
        return _ignored(event, EventResult.MALFORMED, "missing callId", 422, _error("callId"))
    if params["event"] == "newCall":
        return _new_call(line, params, event, now)
    # Lock the call: an answer and a hangup of one call arriving at once
    # apply one after the other, each seeing what the other wrote.
    # Written out: two events in three read it, and built through the ORM
    # the lookup cost about twice the CPU (0.33 ms against 0.12-0.18 ms).
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    found = list(
        Call.objects.raw(
            f"SELECT * FROM {Call._meta.db_table} WHERE line_id = %s AND call_id = %s{lock}",  # noqa: S608 (constants only)
            [line.pk, params["callId"]],
        )
    )
    if not found:
        return _ignored(event, EventResult.UNKNOWN_CALL, f"{params['event']} for an unknown call")
    call = found[0]
    call.line = line
    event.call = call
    if params["event"] == "answer":
        return _answer(call, params, event, now)
    return _hangup(call, params, event, now)


def _error(name: str) -> dict:
    return {"error": f"Invalid '{name}'!"}


def _new_call(line: PhoneLine, params: dict, event: CallEvent, now) -> Reply:
    if not params["from"] or not params["to"]:
        return _ignored(event, EventResult.MALFORMED, "missing from or to", 422, _error("from"))
    direction = params["direction"]
    region = line.default_region or "BE"
    from_number = normalize(params["from"], region)
    to_number = normalize(params["to"], region)
    party = from_number if direction == Direction.INBOUND else to_number
    match = queries.match_number(party)
    school = match.school_for_hours()
    call = Call(
        line=line,
        call_id=params["callId"],
        direction=direction,
        from_raw=params["from"][:100],
        to_raw=params["to"][:100],
        from_number=from_number,
        to_number=to_number,
        party_number=party,
        school_id=match.school_id,
        site_id=match.site_id,
        person_id=match.person_id,
        matched_by=match.matched_by,
        state=CallState.RINGING,
        queue=params["queue"][:100]
        or (params["to"] if direction == "in" else params["from"])[:100],
        started_at=now,
        agent_names=params["user"][:300],
    )
    body: dict = {}
    detail = "call created"
    if direction == Direction.INBOUND:
        calendar = queries.calendar_for_call(line, school)
        call.outside_hours = calendar is not None and not calendar.is_open(now)
        if queries.is_blocked(from_number):
            call.outcome = Outcome.REJECTED
            body = {"action": "reject", "reason": "busy"}
            detail = "blocked number: rejected (busy)"
    else:
        call.agent_id = _agent_id(params)
        caller_id = _outbound_caller_id(line, to_number or params["to"])
        if caller_id:
            body = {"action": "dial", "caller_id": caller_id, "number": params["to"]}
            call.from_raw = caller_id
            call.from_number = normalize(caller_id, region)
            detail = "call created, caller ID " + caller_id
    try:
        with transaction.atomic():
            call.save(force_insert=True)
    except IntegrityError:
        # A call with this id exists: the PBX sent this newCall again (or
        # twice at once). Answer as the first time; change nothing.
        existing = Call.objects.filter(line=line, call_id=params["callId"]).first()
        if existing is None:
            raise
        return _repeat_new_call(existing, event)
    event.call = call
    event.result = EventResult.APPLIED
    event.detail = detail
    return Reply(200, body)


def _repeat_new_call(call: Call, event: CallEvent) -> Reply:
    """A newCall for a call already known: answered as the first one was
    (a retried request gets the same reject or caller ID), nothing changed."""
    event.call = call
    first = call.events.filter(event="newCall", result=EventResult.APPLIED).first()
    return _ignored(
        event, EventResult.DUPLICATE, "newCall again", 200, first.response if first else {}
    )


def _outbound_caller_id(line: PhoneLine, to: str) -> str:
    number = digits(to) if to.startswith("+") else to
    for route in OutboundRoute.objects.filter(line=line).order_by("position", "id"):
        if matches_pattern(number, route.pattern):
            return route.caller_id
    return line.outbound_caller_id


def _agent_id(params: dict) -> int | None:
    """The agent named by the event: the answering number (an agent's
    phone), else the last of `user` as an email address or a full name."""
    name = params["user"].split(", ")[-1].strip() if params["user"] else ""
    if rules.is_voicemail(name):
        name = ""
    user_id = queries.staff_id_for(number=normalize(params["answeringNumber"]), name=name)
    return user_id


def _answer(call: Call, params: dict, event: CallEvent, now) -> Reply:
    if call.state == CallState.ENDED:
        return _ignored(event, EventResult.OUT_OF_ORDER, "answer after hangup, ignored")
    names = params["user"][:300]
    if call.state == CallState.ANSWERED:
        if names == call.agent_names and params["answeringNumber"] == call.answering_number:
            return _ignored(event, EventResult.DUPLICATE, "answer again")
        # Another agent took the call: a transfer.
        old = call.agent_names
        call.agent_names = names or call.agent_names
        call.answering_number = params["answeringNumber"][:40]
        call.agent_id = _agent_id(params) or call.agent_id
        call.save(update_fields=["agent_names", "answering_number", "agent"])
        event.result = EventResult.APPLIED
        event.detail = f"transferred from {old or '?'} to {names or '?'}"[:300]
        return Reply(200, {})
    call.state = CallState.ANSWERED
    call.answered_at = now
    call.waiting_seconds = _seconds(now - call.started_at)
    call.agent_names = names or call.agent_names
    call.answering_number = params["answeringNumber"][:40]
    if call.direction == Direction.INBOUND:
        call.agent_id = _agent_id(params) or call.agent_id
    call.save(
        update_fields=[
            "state",
            "answered_at",
            "waiting_seconds",
            "agent_names",
            "answering_number",
            "agent",
        ]
    )
    event.result = EventResult.APPLIED
    event.detail = "answered by voicemail" if rules.is_voicemail(names) else "answered"
    return Reply(200, {})


def _hangup(call: Call, params: dict, event: CallEvent, now) -> Reply:
    if call.state == CallState.ENDED:
        return _ignored(event, EventResult.DUPLICATE, "hangup again")
    answered = call.answered_at is not None
    call.state = CallState.ENDED
    call.ended_at = now
    call.cause = params["cause"][:40]
    if answered:
        call.duration_seconds = _seconds(now - call.answered_at)
    else:
        call.waiting_seconds = _seconds(now - call.started_at)
    call.outcome = rules.hangup_outcome(
        direction=call.direction,
        answered=answered,
        voicemail=rules.is_voicemail(call.agent_names),
        rejected=call.outcome == Outcome.REJECTED,
        cause=call.cause,
    )
    call.save(
        update_fields=[
            "state",
            "ended_at",
            "cause",
            "duration_seconds",
            "waiting_seconds",
            "outcome",
        ]
    )
    event.result = EventResult.APPLIED
    event.detail = "ended: " + call.outcome
    reason = rules.callback_reason(
        direction=call.direction, outcome=call.outcome, outside_hours=call.outside_hours
    )
    if reason:
        event.detail += _owe_callback(call, reason, now)
    elif call.direction == Direction.OUTBOUND and call.outcome == Outcome.ANSWERED:
        event.detail += _close_callbacks_answered_by(call, now)
    if call.ticket_id:
        ticket_record_call(ticket=call.ticket, by=call.agent, call_summary=call_summary(call))
    return Reply(200, {})


def _owe_callback(call: Call, reason: str, now) -> str:
    if call.party_number and (
        Callback.objects.filter(number=call.party_number).exclude(state=CallbackState.DONE).exists()
    ):
        return "; a callback to this number is already open"
    calendar = queries.calendar_for_call(call.line, call.school)
    callback = Callback.objects.create(
        call=call,
        number=call.party_number,
        school_id=call.school_id,
        person_id=call.person_id,
        reason=reason,
        team_id=call.line.team_id,
        created_at=now,
        due_at=rules.callback_due(calendar, call.started_at),
    )
    return "; callback " + reason + " due " + callback.due_at.isoformat()


def _close_callbacks_answered_by(call: Call, now) -> str:
    """An outbound call answered by a number owed a callback settles it."""
    if not call.party_number:
        return ""
    done = (
        Callback.objects.filter(number=call.party_number)
        .exclude(state=CallbackState.DONE)
        .update(state=CallbackState.DONE, done_at=now, done_by_id=call.agent_id, callback_call=call)
    )
    return f"; {done} callback(s) done" if done else ""


def _seconds(delta: timedelta) -> int:
    return max(0, round(delta.total_seconds()))


def call_summary(call: Call) -> str:
    """The call as stored on a ticket's history entry:
    `direction|outcome|number|started ISO|duration seconds`."""
    number = call.party_number or (call.from_raw if call.direction == "in" else call.to_raw)
    return "|".join(
        [
            call.direction,
            call.outcome or "",
            number[:40],
            call.started_at.isoformat(),
            "" if call.duration_seconds is None else str(call.duration_seconds),
        ]
    )


# --- calls and tickets ---------------------------------------------------------


def call_attach_ticket(*, call: Call, ticket: Ticket, by: User) -> Call:
    """Link `call` to `ticket` (a new phone ticket opened from the call, or
    an open one it concerns); the ticket's history shows the call."""
    _check_desk(by)
    with transaction.atomic():
        call = Call.objects.select_for_update().select_related("line").get(pk=call.pk)
        if call.ticket_id == ticket.pk:
            return call
        call.ticket = ticket
        if call.school_id is None:
            call.school_id = ticket.school_id
        call.save(update_fields=["ticket", "school"])
        # A call still going on is written to the history when it ends.
        if call.state == CallState.ENDED:
            ticket_record_call(ticket=ticket, by=by, call_summary=call_summary(call))
        live.live_changed()
    return call


# --- callbacks --------------------------------------------------------------------


def callback_take(*, callback: Callback, by: User) -> Callback:
    _check_desk(by)
    with transaction.atomic():
        callback = Callback.objects.select_for_update().get(pk=callback.pk)
        if callback.state == CallbackState.DONE:
            raise DomainError(_("This callback is already done."), code="callback_done")
        # Taking a callback another agent holds is allowed (they may be away):
        # the last taker owns it.
        callback.state = CallbackState.TAKEN
        callback.taken_by = by
        callback.taken_at = timezone.now()
        callback.save(update_fields=["state", "taken_by", "taken_at"])
        live.live_changed()
    return callback


def callback_done(*, callback: Callback, by: User, note: str = "", call: Call | None = None):
    """The agent called back (logged with their note, and the outbound call
    when the PBX reported it) and closes the callback."""
    _check_desk(by)
    with transaction.atomic():
        callback = Callback.objects.select_for_update().get(pk=callback.pk)
        if callback.state == CallbackState.DONE:
            return callback
        now = timezone.now()
        callback.state = CallbackState.DONE
        callback.done_at = now
        callback.done_by = by
        callback.taken_by = callback.taken_by or by
        callback.taken_at = callback.taken_at or now
        callback.note = note.strip()[:2000]
        callback.callback_call = call
        callback.save()
        live.live_changed()
    return callback


# --- lines and blocked numbers (settings, audited) -----------------------------------

LINE_FIELDS = (
    "name",
    "number",
    "language",
    "team",
    "calendar",
    "default_region",
    "outbound_caller_id",
    "active",
)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def line_create(
    *,
    name: str,
    number: str,
    language: str,
    team: Team | None,
    by: User | None,
    calendar=None,
    default_region: str = "BE",
    outbound_caller_id: str = "",
    active: bool = True,
) -> tuple[PhoneLine, str]:
    """A new line and the secret token of its PBX URL (shown once)."""
    token = _new_token()
    line = PhoneLine(
        name=name.strip(),
        number=_line_number(number, default_region),
        language=language,
        team=team,
        calendar=calendar,
        default_region=default_region.upper(),
        outbound_caller_id=outbound_caller_id.strip(),
        active=active,
        token_hash=queries.token_hash(token),
        token_hint=token[-4:],
        created_at=timezone.now(),
    )
    with transaction.atomic():
        _check_line(line)
        line.save(force_insert=True)
        audit_record(
            by=by,
            kind=ObjectKind.PHONE_LINE,
            object_id=line.pk,
            label=line.name,
            new=snapshot(line, LINE_FIELDS),
        )
    return line, token


def line_save(*, line: PhoneLine, by: User | None, **changes) -> PhoneLine:
    """Change a line's settings (the fields of LINE_FIELDS)."""
    with transaction.atomic():
        _forget_cached()
        line = PhoneLine.objects.select_for_update().get(pk=line.pk)
        old = snapshot(line, LINE_FIELDS)
        for field, value in changes.items():
            if field not in LINE_FIELDS:
                raise ValueError(field)
            setattr(line, field, value)
        line.name = line.name.strip()
        line.default_region = line.default_region.upper()
        line.number = _line_number(line.number, line.default_region)
        _check_line(line)
        line.save()
        audit_record(
            by=by,
            kind=ObjectKind.PHONE_LINE,
            object_id=line.pk,
            label=line.name,
            old=old,
            new=snapshot(line, LINE_FIELDS),
        )
    return line


def line_token_renew(*, line: PhoneLine, by: User | None) -> str:
    """A new secret token for the line's PBX URL; the old one stops working."""
    token = _new_token()
    with transaction.atomic():
        _forget_cached()
        line = PhoneLine.objects.select_for_update().get(pk=line.pk)
        line.token_hash = queries.token_hash(token)
        line.token_hint = token[-4:]
        line.save(update_fields=["token_hash", "token_hint"])
        audit_record(
            by=by,
            kind=ObjectKind.PHONE_LINE,
            object_id=line.pk,
            label=line.name,
            old={"token": "••••••"},
            new={"token": "•••••• " + line.token_hint},
        )
    return token


def line_routes_set(*, line: PhoneLine, routes: list[tuple[str, str]], by: User | None) -> None:
    """Replace the line's outbound routes: (destination pattern, caller ID)
    pairs, tried in this order."""
    clean = []
    for pattern, caller_id in routes:
        pattern, caller_id = pattern.strip(), caller_id.strip()
        if not re.fullmatch(r"\+?[0-9*]{1,40}", pattern) or not normalize(caller_id):
            raise DomainError(
                _("“%(route)s” is not a route: a destination such as 41* and a number.")
                % {"route": f"{pattern} {caller_id}".strip()},
                code="invalid_route",
                field="routes",
            )
        clean.append((pattern, caller_id))
    with transaction.atomic():
        line = PhoneLine.objects.select_for_update().get(pk=line.pk)
        old = _routes_text(line)
        OutboundRoute.objects.filter(line=line).delete()
        OutboundRoute.objects.bulk_create(
            OutboundRoute(line=line, position=n, pattern=p, caller_id=c)
            for n, (p, c) in enumerate(clean)
        )
        audit_record(
            by=by,
            kind=ObjectKind.PHONE_LINE,
            object_id=line.pk,
            label=line.name,
            old={"routes": old},
            new={"routes": _routes_text(line)},
        )


def _routes_text(line: PhoneLine) -> str:
    return "; ".join(
        f"{r.pattern} → {r.caller_id}"
        for r in OutboundRoute.objects.filter(line=line).order_by("position", "id")
    )


def line_routes_text(line: PhoneLine) -> str:
    """The routes as the line's form shows them: one `pattern caller-ID` a line."""
    return "\n".join(
        f"{r.pattern} {r.caller_id}"
        for r in OutboundRoute.objects.filter(line=line).order_by("position", "id")
    )


def _line_number(number: str, region: str) -> str:
    e164 = normalize(number, region or "BE")
    if not e164:
        raise DomainError(
            _("“%(number)s” is not a telephone number.") % {"number": number},
            code="invalid_number",
            field="number",
        )
    return e164


def _check_line(line: PhoneLine) -> None:
    """A line has a name and a team (whose agents see its calls), and its
    name and number are its own."""
    if line.team_id is None:
        raise DomainError(_("Choose a team."), code="required", field="team")
    others = PhoneLine.objects.exclude(pk=line.pk)
    if not line.name:
        raise DomainError(_("Give the line a name."), code="required", field="name")
    if others.filter(name=line.name).exists():
        raise DomainError(_("Another line has this name."), code="duplicate", field="name")
    if others.filter(number=line.number).exists():
        raise DomainError(_("Another line has this number."), code="duplicate", field="number")


def blocked_number_add(*, number: str, reason: str = "", by: User | None) -> BlockedNumber:
    e164 = normalize(number)
    if not e164:
        raise DomainError(
            _("“%(number)s” is not a telephone number.") % {"number": number},
            code="invalid_number",
            field="number",
        )
    with transaction.atomic():
        _forget_cached()
        blocked, created = BlockedNumber.objects.get_or_create(
            number=e164,
            defaults={
                "reason": reason.strip()[:200],
                "created_by": by,
                "created_at": timezone.now(),
            },
        )
        if created:
            audit_record(
                by=by,
                kind=ObjectKind.BLOCKED_NUMBER,
                object_id=blocked.pk,
                label=e164,
                new={"number": e164, "reason": blocked.reason},
            )
    return blocked


def blocked_number_remove(*, blocked: BlockedNumber, by: User | None) -> None:
    with transaction.atomic():
        _forget_cached()
        audit_record(
            by=by,
            kind=ObjectKind.BLOCKED_NUMBER,
            object_id=blocked.pk,
            label=blocked.number,
            old={"number": blocked.number, "reason": blocked.reason},
        )
        blocked.delete()


# --- retention ----------------------------------------------------------------------


def calls_purge(*, now=None) -> int:
    """Delete the calls (with their events and callbacks) and the stray
    events older than PHONE_RETENTION_MONTHS; returns the calls deleted."""
    now = now or timezone.now()
    months = max(1, int(settings.PHONE_RETENTION_MONTHS))
    cutoff = now - timedelta(days=round(months * 30.44))
    with transaction.atomic():
        CallEvent.objects.filter(received_at__lt=cutoff, call__isnull=True).delete()
        old_calls = Call.objects.filter(started_at__lt=cutoff)
        Callback.objects.filter(callback_call__in=old_calls).update(callback_call=None)
        count = old_calls.count()
        old_calls.delete()
    return count


def _forget_cached() -> None:
    """This process reads lines and blocked numbers again at once, and after
    the commit (other processes follow within queries.DIRECTORY_SECONDS)."""
    queries.forget_directory()
    transaction.on_commit(queries.forget_directory)


def _check_desk(user: User | None) -> None:
    if user is None or user.role not in DESK_ROLES:
        raise DomainError(_("Only the helpdesk staff may do this."), code="forbidden")


# --- from the desk's incoming-call panel and callbacks list ---------------------


def call_log_ticket(
    *,
    call: Call,
    school: School,
    caller: User | None,
    new_caller: dict | None = None,
    by: User,
    category: str,
    subject: str,
    description: str,
    priority: int = Priority.NORMAL,
    devices: Sequence[Device] = (),
    attachments: Sequence = (),
) -> Ticket:
    """The "log a phone call" form opened from the incoming-call panel: a
    phone request (`tickets.services.ticket_log_phone_call`) with the call
    attached to it, both or neither written."""
    with transaction.atomic():
        ticket = ticket_log_phone_call(
            school=school,
            caller=caller,
            new_caller=new_caller,
            by=by,
            category=category,
            subject=subject,
            description=description,
            priority=priority,
            devices=devices,
            attachments=attachments,
        )
        call_attach_ticket(call=call, ticket=ticket, by=by)
    return ticket


def callback_call_back(*, callback: Callback, by: User, reached: bool, note: str = "") -> Callback:
    """`by` called the number back. Reached: the callback is done, with the
    attempt in its note. Not reached: the attempt is noted and the callback
    stays to do, taken by them."""
    _check_desk(by)
    now = timezone.now()
    values = {
        "agent": by.full_name,
        "when": date_format(timezone.localtime(now), "SHORT_DATETIME_FORMAT"),
    }
    if reached:
        line = gettext("%(when)s: called back by %(agent)s, reached.") % values
    else:
        line = gettext("%(when)s: called back by %(agent)s, no answer.") % values
    if note.strip():
        line += " " + note.strip()
    with transaction.atomic():
        callback = Callback.objects.select_for_update().get(pk=callback.pk)
        if callback.state == CallbackState.DONE:
            raise DomainError(_("This callback is already done."), code="callback_done")
        text = (callback.note + "\n" + line).strip()[:2000]
        if reached:
            return callback_done(callback=callback, by=by, note=text)
        callback.note = text
        callback.state = CallbackState.TAKEN
        callback.taken_by = callback.taken_by or by
        callback.taken_at = callback.taken_at or now
        callback.save(update_fields=["note", "state", "taken_by", "taken_at"])
        live.live_changed()
    return callback


def callback_close(*, callback: Callback, by: User, note: str = "") -> Callback:
    """Close a callback without (another) call: the school called again, the
    question was answered by email. Earlier attempts stay in its note;
    closing it twice is harmless."""
    _check_desk(by)
    values = {
        "agent": by.full_name,
        "when": date_format(timezone.localtime(timezone.now()), "SHORT_DATETIME_FORMAT"),
    }
    line = gettext("%(when)s: closed by %(agent)s.") % values
    if note.strip():
        line += " " + note.strip()
    with transaction.atomic():
        callback = Callback.objects.select_for_update().get(pk=callback.pk)
        if callback.state == CallbackState.DONE:
            return callback
        return callback_done(callback=callback, by=by, note=(callback.note + "\n" + line).strip())
