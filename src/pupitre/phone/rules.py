"""The rules of the phone line that need no database: what a call that
ended owes (a callback or nothing) and by when."""

from datetime import datetime, timedelta

from pupitre.hours.engine import Calendar

from .models import CallbackReason, Direction, Outcome

# A callback is due two hours of service time after the call: a call missed
# at 11:00 by 13:00, one left at 21:30 (or at 17:30 on a standard calendar's
# Friday) by 10:00 the next working day, when the service opens at 08:00.
CALLBACK_BUSINESS_TIME = timedelta(hours=2)

VOICEMAIL_NAMES = frozenset({"voicemail", "mailbox", "voicebox"})


def callback_due(calendar: Calendar | None, at: datetime) -> datetime:
    """When a callback for a call at `at` is due: CALLBACK_BUSINESS_TIME of
    the calendar's service time later (plain time without a calendar)."""
    if calendar is None:
        return at + CALLBACK_BUSINESS_TIME
    return calendar.add_business_time(at, CALLBACK_BUSINESS_TIME)


def callback_reason(*, direction: str, outcome: str, outside_hours: bool) -> str | None:
    """Why the helpdesk owes a callback for an ended call, or None.

    Inbound only; a rejected (blocked) or forwarded call owes nothing, nor
    does a call an agent answered, even outside the hours. A voicemail is
    named as such; a call nobody answered is "outside service hours" when
    it came then, else "missed"."""
    if direction != Direction.INBOUND:
        return None
    if outcome == Outcome.VOICEMAIL:
        return CallbackReason.VOICEMAIL
    if outcome == Outcome.MISSED:
        return CallbackReason.OUT_OF_HOURS if outside_hours else CallbackReason.MISSED
    return None


def hangup_outcome(*, direction: str, answered: bool, voicemail: bool, rejected: bool, cause: str):
    """The outcome of a call when it hangs up (the generic CTI rule: an
    inbound call never answered is missed unless it was forwarded; one
    answered by the voicemail is a voicemail)."""
    if rejected:
        return Outcome.REJECTED
    if answered:
        return Outcome.VOICEMAIL if voicemail else Outcome.ANSWERED
    if cause == "forwarded" and direction == Direction.INBOUND:
        return Outcome.FORWARDED
    return Outcome.MISSED


def is_voicemail(user_names: str) -> bool:
    return user_names.strip().lower() in VOICEMAIL_NAMES
