"""Sending one email about a ticket: threading headers, loop protection,
and what a refusal means.

`send` is the transport behind `pupitre.core.outbox.send_about_ticket`
(`settings.PUPITRE_MAIL_TRANSPORT`), called by tickets.notifications inside a
task. A temporary failure (server unreachable, 4xx) raises `DeliveryError` so
the task tries again later; a permanent one (5xx) is recorded on the ticket by
the task, and an address known to bounce is reported to the caller's
`on_refused` without sending.
"""

import smtplib

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from pupitre.core.outbox import AboutTicket, DeliveryError

from .models import BouncingAddress
from .queries import reply_address_for, thread_ids
from .threading import outgoing_message_id


def send(email, *, about: AboutTicket, on_refused) -> bool:
    """Send `email` about `about.ticket`; False when it was not sent."""
    ticket = about.ticket
    message_id = outgoing_message_id(ticket.pk, about.entry_id, about.kind)

    bouncing = set(
        BouncingAddress.objects.filter(address__in=[a.lower() for a in email.to]).values_list(
            "address", flat=True
        )
    )
    with translation.override(ticket.language):
        reason = _("Not sent: this address is known to bounce (delivery failure report).")
    for address in bouncing:
        on_refused(ticket.pk, address, reason)
    email.to = [address for address in email.to if address.lower() not in bouncing]
    if not email.to:
        return False
    reply_to = reply_address_for(ticket)
    if reply_to:
        email.reply_to = [reply_to]
    root, latest = thread_ids(ticket)
    headers = {
        "Message-ID": f"<{message_id}>",
        "X-Pupitre-Ticket": ticket.number,
        # Our own address: a mail coming back to us through a loop is seen.
        "X-Loop": settings.HELPDESK_EMAIL,
    }
    if root:
        headers["References"] = " ".join(f"<{i}>" for i in dict.fromkeys([root, latest]) if i)
        headers["In-Reply-To"] = f"<{latest or root}>"
    if about.automatic:
        headers["Auto-Submitted"] = "auto-generated"
        headers["X-Auto-Response-Suppress"] = "All"
    email.extra_headers.update(headers)
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(
            ticket_id=ticket.pk,
            recipients=list(email.to),
            reason=_describe(error),
            permanent=_is_permanent(error),
        ) from error
    return True


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {_text(text)}" for address, (code, text) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(value) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
