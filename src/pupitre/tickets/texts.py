"""What a school can expect of its request, in plain words.

One wording for every place a school reads it (the confirmation after a new
request, the request page, the list of requests, the received mail), so they
never disagree. It reads only the ticket's own columns (status and the SLA
fields kept by `sla.refresh`): a list words each row without a query.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from pupitre.hours.texts import dated_moment_text, relative_moment_text

from .models import ACTIVE_STATUSES, Status


def expectation_text(ticket, now: datetime | None = None, *, relative: bool = True) -> str:
    """'First answer expected by tomorrow at 10:00. Solution expected by
    Tuesday at 10:00.', 'First answer given today at 09:12. Paused while we
    wait for your reply.', or '' for a resolved or closed request (or one
    without targets). `relative=False` words every moment as a date, for a
    text read later (a mail)."""
    if ticket.status not in ACTIVE_STATUSES:
        return ""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()  # looked up once: a list words many

    def when(moment: datetime, *, past: bool = False) -> str:
        if relative:
            return relative_moment_text(moment, now, tz, past=past)
        return dated_moment_text(moment, tz, past=past)

    sentences = []
    if ticket.first_response_at is not None:
        sentences.append(
            _("First answer given %(when)s.") % {"when": when(ticket.first_response_at, past=True)}
        )
    elif ticket.first_response_due is not None:
        due = ticket.first_response_due
        if due < now:
            text = _("Our first answer is late: it was expected by %(when)s.")
        else:
            text = _("First answer expected by %(when)s.")
        sentences.append(text % {"when": when(due)})
    if ticket.status == Status.WAITING_FOR_SCHOOL:
        sentences.append(_("Paused while we wait for your reply."))
    elif ticket.resolution_due is not None:
        due = ticket.resolution_due
        if due < now:
            text = _("Our solution is late: it was expected by %(when)s.")
        else:
            text = _("Solution expected by %(when)s.")
        sentences.append(text % {"when": when(due)})
    return " ".join(sentences)
