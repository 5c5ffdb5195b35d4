"""The one door through which a domain app has an email about a ticket sent.

The ticket side decides *what* to tell *whom* (`tickets.notifications`); the
mail side owns *how* mail leaves: threading headers, loop protection,
addresses known to bounce, what a refusal means (`mail.outbound`). The mail
app is named by `settings.PUPITRE_MAIL_TRANSPORT`, the way Django's
`EMAIL_BACKEND` names a backend, so that the domain never imports the
channel that itself creates tickets from received mail.

A refusal the transport knows before sending (an address known to bounce) is
reported through `on_refused(ticket_id, address, reason)`, a function the caller passes
in; a failure while sending raises `DeliveryError`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class DeliveryError(Exception):
    ticket_id: int
    recipients: list[str]
    reason: str
    permanent: bool


@dataclass(frozen=True)
class AboutTicket:
    """What an email is about: the ticket, the timeline entry and the kind
    of mail (the same triple gives the same Message-ID on every attempt)."""

    ticket: object
    entry_id: int
    kind: str
    automatic: bool


def send_about_ticket(
    email, *, about: AboutTicket, on_refused: Callable[[int, str, str], object]
) -> bool:
    """Send `email` (a Django `EmailMessage`); False when nobody was left to
    send it to."""
    transport = import_string(settings.PUPITRE_MAIL_TRANSPORT)
    return transport(email, about=about, on_refused=on_refused)
