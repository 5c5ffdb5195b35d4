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

from .models import Message, MessageKind

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
