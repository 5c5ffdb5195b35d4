"""How a mail finds its ticket: our signed Message-IDs, then the number.

Every mail we send has a Message-ID naming the ticket with an HMAC of the
secret key, `<t42.m1001.staff_reply.1f0c2b9a77d3e4c5@pupitre.example>`: a
reply quotes it in In-Reply-To / References, so it threads even when the
subject was changed, and nobody can make up an id that threads into a ticket
they do not know. Without such a reference, the ticket number in the subject
(`[2026-000042]`, also without brackets) decides. Pure functions: the caller
looks the ticket up.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "pupitre.mail.threading"
_OUR_ID = re.compile(
    r"^t(?P<ticket>\d+)\.m(?P<message>\d+)\.(?P<kind>[a-z_]+)\.(?P<mac>[0-9a-f]{16})@"
)
_NUMBER = re.compile(r"(?<![\d-])(\d{4}-\d{6})(?![\d-])")
# The line above which a reply is written (see outbound templates); the
# inbound side cuts everything from it on.
REPLY_MARKER = "##-"
_MARKER_LINE = re.compile(r"^.*##-.*-##.*$", re.MULTILINE)


def mail_domain() -> str:
    address = settings.HELPDESK_EMAIL
    return address.rsplit("@", 1)[-1].strip(" >").lower() or "pupitre.invalid"


def _mac(ticket_id: int, message_id: int, kind: str) -> str:
    value = f"{ticket_id}.{message_id}.{kind}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:16]


def outgoing_message_id(ticket_id: int, message_id: int, kind: str) -> str:
    """The Message-ID (without <>) of the mail `kind` about timeline entry
    `message_id`: the same on every attempt, so a resent mail is one mail."""
    return f"t{ticket_id}.m{message_id}.{kind}.{_mac(ticket_id, message_id, kind)}@{mail_domain()}"


def ticket_id_of(message_id: str) -> int | None:
    """The ticket named by one of our Message-IDs, if the signature holds."""
    signed = signed_parts(message_id)
    return signed[0] if signed else None


def signed_parts(message_id: str) -> tuple[int, int, str] | None:
    """(ticket, timeline entry, kind) of one of our Message-IDs, if the
    signature holds."""
    match = _OUR_ID.match(message_id)
    if not match:
        return None
    ticket, message, kind = int(match["ticket"]), int(match["message"]), match["kind"]
    if not constant_time_compare(match["mac"], _mac(ticket, message, kind)):
        return None
    return ticket, message, kind


def is_ours(message_id: str) -> bool:
    return ticket_id_of(message_id) is not None


def referenced_ticket_id(ids: Iterable[str]) -> int | None:
    """The ticket of the most recent of our ids among In-Reply-To and
    References (given in that order: the closest first)."""
    for message_id in ids:
        ticket = ticket_id_of(message_id)
        if ticket is not None:
            return ticket
    return None


def numbers_in_subject(subject: str) -> list[str]:
    return _NUMBER.findall(subject or "")


def cut_at_reply_marker(text: str) -> tuple[str, str]:
    """(what was written above our "reply above this line" marker, the rest);
    the whole text and "" when the marker is not there."""
    match = _MARKER_LINE.search(text)
    if not match:
        return text, ""
    above = text[: match.start()]
    # Mail clients add an attribution line ("On … wrote:") just above.
    lines = above.rstrip().splitlines()
    if lines and re.search(r"(wrote|schrieb|a écrit|écrit)\s*:?\s*$", lines[-1], re.IGNORECASE):
        lines.pop()
    return "\n".join(lines).rstrip(), text[match.start() :]
