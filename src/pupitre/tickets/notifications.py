"""Emails about a request: to the requester, in the ticket's language, and
SLA alerts to staff, in theirs.

Every mail is multipart (text and HTML), carries the ticket number in its
subject and Message-ID / In-Reply-To / References headers that thread it
with the conversation in the requester's mail client and bring the answer
back to the right ticket (`pupitre.mail.threading`). Mails to the requester
start with a "reply above this line" marker; automatic ones say
`Auto-Submitted: auto-generated` so that auto-responders stay quiet.
How mail is sent is the mail app's, behind `pupitre.core.outbox`: this module
hands over the message and what it is about, and the function that records
an address the transport refused.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pupitre.accounts.models import Role, User
from pupitre.core.outbox import AboutTicket, send_about_ticket

from .models import EventField, Message, MessageKind, SlaState, Status
from .texts import expectation_text

RECEIVED = "received"
STAFF_REPLY = "staff_reply"
WAITING = "waiting"
RESOLVED = "resolved"
SLA_ALERT = "sla_alert"
# A status set by staff that the requester is told about.
STATUS_NOTIFICATIONS = {Status.WAITING_FOR_SCHOOL: WAITING, Status.RESOLVED: RESOLVED}
_AUTOMATIC = {RECEIVED, WAITING, RESOLVED, SLA_ALERT}
_SUBJECTS = {
    RECEIVED: gettext_lazy("[%(number)s] We have received your request: %(subject)s"),
    STAFF_REPLY: gettext_lazy("[%(number)s] New answer from the helpdesk: %(subject)s"),
    WAITING: gettext_lazy("[%(number)s] We are waiting for your answer: %(subject)s"),
    RESOLVED: gettext_lazy("[%(number)s] Your request is resolved: %(subject)s"),
}


def send_notification(kind: str, message_id: int, *, on_refused) -> bool:
    """Send one notification about timeline entry `message_id` (the reply,
    or the status event); False when nothing is due. `on_refused(ticket_id, address,
    reason)` records an address the transport would not send to."""
    wanted = MessageKind.EVENT if kind in (WAITING, RESOLVED) else MessageKind.REPLY
    message = (
        Message.objects.select_related("ticket__requester", "ticket__school", "author")
        .filter(pk=message_id, kind=wanted)
        .first()
    )
    if message is None or not message.ticket.requester.email:
        return False
    ticket = message.ticket
    with translation.override(ticket.language):
        context = {
            "ticket": ticket,
            "message": message,
            "url": settings.PUPITRE_BASE_URL + reverse("portal:detail", args=[ticket.number]),
            "reply_marker": reply_marker(),
        }
        if kind == RECEIVED:
            context["expected_answer"] = expected_first_answer(ticket)
        subject = str(_SUBJECTS[kind]) % {"number": ticket.number, "subject": ticket.subject}
        text = render_to_string(f"email/{kind}.txt", context)
        html = render_to_string(f"email/{kind}.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, to=[ticket.requester.email])
    email.attach_alternative(html, "text/html")
    about = AboutTicket(ticket=ticket, entry_id=message.pk, kind=kind, automatic=kind in _AUTOMATIC)
    return send_about_ticket(email, about=about, on_refused=on_refused)


def reply_marker() -> str:
    """The first line of a mail the requester may answer, in the active
    language; the inbound side keeps only what is written above it."""
    return "##- " + _("Please type your reply above this line") + " -##"


def expected_first_answer(ticket) -> str:
    """What the school can expect, as the portal words it, with dates
    rather than 'tomorrow' (a mail is read later); '' when nothing is due."""
    return expectation_text(ticket, relative=False)


def sla_alert_recipients(ticket) -> list[User]:
    """The assignee; when nobody is assigned, the supervisors of the ticket's
    team, or every supervisor when the team has none."""
    if ticket.assignee_id and ticket.assignee.is_active:
        return [ticket.assignee]
    supervisors = User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("id")
    if ticket.team_id:
        of_team = list(supervisors.filter(teams=ticket.team_id))
        if of_team:
            return of_team
    return list(supervisors)


def send_sla_alert(event_id: int, *, on_refused) -> int:
    """Tell the people in charge that a target is due soon or missed; one
    email per recipient, in their language. Returns the number sent."""
    event = (
        Message.objects.select_related("ticket__assignee", "ticket__school")
        .filter(pk=event_id, kind=MessageKind.EVENT, field=EventField.SLA)
        .first()
    )
    if event is None:
        return 0
    ticket = event.ticket
    url = settings.PUPITRE_BASE_URL + reverse("desk:ticket", args=[ticket.number])
    sent = 0
    for user in sla_alert_recipients(ticket):
        if not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            breached = event.new_value == SlaState.BREACHED
            first = event.body == "first_response"
            if first and breached:
                what = _("The first response to request %(number)s is overdue.")
            elif first:
                what = _("The first response to request %(number)s is due soon.")
            elif breached:
                what = _("The resolution of request %(number)s is overdue.")
            else:
                what = _("The resolution of request %(number)s is due soon.")
            what = what % {"number": ticket.number}
            due = ticket.first_response_due if first else ticket.resolution_due
            context = {"ticket": ticket, "what": what, "url": url, "due": due, "user": user}
            subject = f"[{ticket.number}] {what}"
            text = render_to_string("email/sla_alert.txt", context)
            html = render_to_string("email/sla_alert.html", context)
        email = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
        email.attach_alternative(html, "text/html")
        about = AboutTicket(ticket=ticket, entry_id=event.pk, kind=SLA_ALERT, automatic=True)
        if send_about_ticket(email, about=about, on_refused=on_refused):
            sent += 1
    return sent
