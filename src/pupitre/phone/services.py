"""Writes of the phone line: calls and the requests they belong to, callbacks."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pupitre.accounts.models import User
from pupitre.core.errors import DomainError
from pupitre.equipment.models import Device
from pupitre.schools.models import School
from pupitre.tickets import services as ticket_services
from pupitre.tickets.models import Priority, Ticket

from . import live
from .models import Call, Callback, CallbackState, Direction

# Calls and requests, from the desk ----------------------------------------


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
        ticket = ticket_services.ticket_log_phone_call(
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


def call_attach_ticket(*, call: Call, ticket: Ticket, by: User) -> Call:
    """The call belongs to `ticket`: its history gets an internal note (call
    data is for staff only). Attaching it again to the same request changes
    nothing; a call already attached to another request is refused."""
    if not by.works_the_desk:
        raise DomainError(_("Only programme staff can attach a call."), code="not_allowed")
    with transaction.atomic():
        # Locked: two agents clicking at once must not both attach it.
        call = (
            Call.objects.select_for_update(of=("self",))
            .select_related("line", "person", "agent", "school")
            .get(pk=call.pk)
        )
        if call.ticket_id == ticket.pk:
            return call
        if call.ticket_id is not None:
            number = Ticket.objects.values_list("number", flat=True).get(pk=call.ticket_id)
            raise DomainError(
                _("This call already belongs to request %(number)s.") % {"number": number},
                code="call_has_ticket",
            )
        call.ticket = ticket
        call.save(update_fields=["ticket"])
        ticket_services.ticket_add_note(ticket=ticket, author=by, body=call_summary(call))
        live.live_changed()
    return call


def call_summary(call: Call) -> str:
    """One sentence about a call for a request's history, in the active
    language."""
    local = timezone.localtime(call.started_at)
    values = {
        "number": call.party_number or call.from_raw or _("hidden number"),
        "line": call.line.name,
        "when": date_format(local, "SHORT_DATETIME_FORMAT"),
    }
    if call.person is not None:
        values["number"] = "%s (%s)" % (call.person.full_name, values["number"])  # noqa: UP031
    if call.direction == Direction.OUTBOUND:
        text = _("Phone call to %(number)s on the line %(line)s, %(when)s.") % values
    else:
        text = _("Phone call from %(number)s on the line %(line)s, %(when)s.") % values
    if call.agent is not None:
        text += " " + _("Answered by %(agent)s.") % {"agent": call.agent.full_name}
    if call.duration_seconds:
        minutes, seconds = divmod(call.duration_seconds, 60)
        text += " " + _("Duration: %(minutes)d min %(seconds)02d s.") % {
            "minutes": minutes,
            "seconds": seconds,
        }
    return text


# Callbacks -------------------------------------------------------------------


def _locked_callback(callback: Callback) -> Callback:
    # Locked: two agents taking or closing the same callback at once.
    return (
        Callback.objects.select_for_update(of=("self",))
        .select_related("call__ticket", "taken_by")
        .get(pk=callback.pk)
    )


def _check_desk(by: User) -> None:
    if not by.works_the_desk:
        raise DomainError(_("Only programme staff can handle callbacks."), code="not_allowed")


def callback_take(*, callback: Callback, by: User) -> Callback:
    """`by` will call back. Taking one's own callback again changes nothing;
    a colleague may take it over (they are away, it is overdue)."""
    _check_desk(by)
    with transaction.atomic():
        callback = _locked_callback(callback)
        if callback.state == CallbackState.DONE:
            raise DomainError(_("This callback is already done."), code="callback_done")
        if callback.taken_by_id == by.pk:
            return callback
        callback.state = CallbackState.TAKEN
        callback.taken_by = by
        callback.taken_at = timezone.now()
        callback.save(update_fields=["state", "taken_by", "taken_at"])
        live.live_changed()
    return callback


def callback_call_back(*, callback: Callback, by: User, reached: bool, note: str = "") -> Callback:
    """`by` called the number back: reached, the callback is done; not
    reached, the attempt is noted and the callback stays to do (taken by
    them). When the call belongs to a request, the attempt is noted there."""
    _check_desk(by)
    with transaction.atomic():
        callback = _locked_callback(callback)
        if callback.state == CallbackState.DONE:
            raise DomainError(_("This callback is already done."), code="callback_done")
        now = timezone.now()
        when = date_format(timezone.localtime(now), "SHORT_DATETIME_FORMAT")
        values = {"agent": by.full_name, "when": when}
        if reached:
            line = _("%(when)s: called back by %(agent)s, reached.") % values
        else:
            line = _("%(when)s: called back by %(agent)s, no answer.") % values
        if note:
            line += " " + note
        callback.note = (callback.note + "\n" + line).strip()
        callback.taken_by = callback.taken_by or by
        callback.taken_at = callback.taken_at or now
        fields = ["note", "taken_by", "taken_at", "state"]
        if reached:
            callback.state = CallbackState.DONE
            callback.done_by = by
            callback.done_at = now
            fields += ["done_by", "done_at"]
        else:
            callback.state = CallbackState.TAKEN
        callback.save(update_fields=fields)
        if callback.call.ticket_id is not None:
            ticket_services.ticket_add_note(ticket=callback.call.ticket, author=by, body=line)
        live.live_changed()
    return callback


def callback_done(
    *, callback: Callback, by: User, note: str = "", call: Call | None = None
) -> Callback:
    """The callback is closed without (another) call: the school called
    again, the question was answered by email. Closing it twice is harmless."""
    _check_desk(by)
    with transaction.atomic():
        callback = _locked_callback(callback)
        if callback.state == CallbackState.DONE:
            return callback
        now = timezone.now()
        callback.state = CallbackState.DONE
        callback.done_by = by
        callback.done_at = now
        fields = ["state", "done_by", "done_at"]
        if note:
            when = date_format(timezone.localtime(now), "SHORT_DATETIME_FORMAT")
            callback.note = (
                callback.note
                + "\n"
                + _("%(when)s: closed by %(agent)s.") % {"when": when, "agent": by.full_name}
                + " "
                + note
            ).strip()
            fields.append("note")
        if call is not None:
            callback.callback_call = call
            fields.append("callback_call")
        callback.save(update_fields=fields)
        live.live_changed()
    return callback
