"""Emails to the requester about their request, in the ticket's language.

The ticket's language is the school's unless the request said otherwise, so
a German-speaking school is written to in German. The mail channel (inbound,
threading, bounces) extends this later; these are the two notifications a
school needs from day one.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pupitre.accounts.models import Role, User

from .models import EventField, Message, MessageKind, SlaState

RECEIVED = "received"
STAFF_REPLY = "staff_reply"


def send_notification(kind: str, message_id: int) -> bool:
    """Send one notification about `message_id`; False when nothing is due."""
    message = (
        Message.objects.select_related("ticket__requester", "ticket__school", "author")
        .filter(pk=message_id, kind=MessageKind.REPLY)
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
        }
        if kind == RECEIVED:
            context["expected_answer"] = expected_first_answer(ticket)
            subject = _("[%(number)s] We have received your request: %(subject)s")
        else:
            subject = _("[%(number)s] New answer from the helpdesk: %(subject)s")
        subject = subject % {"number": ticket.number, "subject": ticket.subject}
        text = render_to_string(f"email/{kind}.txt", context)
        html = render_to_string(f"email/{kind}.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[ticket.requester.email],
        # The acknowledgement is automatic; an agent's answer is written by a person.
        headers={"Auto-Submitted": "auto-generated"} if kind == RECEIVED else {},
    )
    email.attach_alternative(html, "text/html")
    email.send()
    return True


def expected_first_answer(ticket) -> str:
    """'You can expect a first answer by …' in the active language, or ''."""
    from pupitre.hours.texts import moment_text

    if ticket.first_response_due is None or ticket.first_response_at is not None:
        return ""
    return _("You can expect a first answer by %(moment)s.") % {
        "moment": moment_text(ticket.first_response_due)
    }


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


def send_sla_alert(event_id: int) -> int:
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
        email = EmailMultiAlternatives(
            subject=subject,
            body=text,
            to=[user.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        email.attach_alternative(html, "text/html")
        email.send()
        sent += 1
    return sent
