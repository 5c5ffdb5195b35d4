"""Reads of the mail channel: the desk's lists and the threading of
outgoing mail."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from pupitre.accounts.models import User
from pupitre.tickets.models import Message, MessageKind

from . import threading
from .models import InboundMail, Mailbox, State

LIST_COLUMNS = (
    "id",
    "mailbox__name",
    "received_at",
    "state",
    "outcome",
    "from_address",
    "from_name",
    "subject",
    "error",
    "problem",
    "suggested_school__name",
    "language",
)


def mails_in(*states: str) -> QuerySet[InboundMail]:
    """Stored mails in these states, oldest first, without their raw bytes."""
    return (
        InboundMail.objects.filter(state__in=states)
        .select_related("mailbox", "suggested_school")
        .only(*LIST_COLUMNS)
        .order_by("received_at", "id")
    )


def triage_mails() -> QuerySet[InboundMail]:
    return mails_in(State.TRIAGE, State.HELD)


def problem_mails() -> QuerySet[InboundMail]:
    return mails_in(State.FAILED).order_by("-received_at", "-id")


def get_mail_for_user(user: User, pk: int) -> InboundMail:
    """A stored mail, for the desk only (a school user gets 404)."""
    if not user.is_authenticated or not user.works_the_desk:
        return get_object_or_404(InboundMail.objects.none(), pk=pk)
    return get_object_or_404(
        InboundMail.objects.select_related(
            "mailbox", "suggested_school", "ticket", "contact", "handled_by"
        ),
        pk=pk,
    )


def mail_preview(mail: InboundMail):
    """The parsed mail for the desk's detail page, or None when it cannot be
    parsed (the error is on the mail)."""
    from .parsing import parse_mail

    try:
        return parse_mail(bytes(mail.raw))
    except Exception:  # noqa: BLE001 - the page shows the raw download instead
        return None


def mailboxes() -> QuerySet[Mailbox]:
    return Mailbox.objects.select_related("team").order_by("name")


def reply_address_for(ticket) -> str:
    """The address of the mailbox the request came through, if any: answers
    should go back there."""
    return (
        InboundMail.objects.filter(ticket_id=ticket.pk, mailbox__isnull=False)
        .order_by("id")
        .values_list("mailbox__address", flat=True)
        .first()
        or ""
    )


def thread_ids(ticket) -> tuple[str, str]:
    """(root, latest): the Message-ID the conversation started with (the
    requester's mail, or our acknowledgement of a request made elsewhere)
    and the latest mail received on the ticket."""
    received = list(
        Message.objects.filter(ticket_id=ticket.pk, kind=MessageKind.REPLY)
        .exclude(email_message_id="")
        .order_by("created_at", "id")
        .values_list("email_message_id", flat=True)
    )
    if received:
        return received[0], received[-1]
    first = (
        Message.objects.filter(ticket_id=ticket.pk, kind=MessageKind.REPLY)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
        .first()
    )
    if first is None:
        return "", ""
    return threading.outgoing_message_id(ticket.pk, first, "received"), ""


def tickets_holding_email(message_id: str) -> dict[int, str]:
    """{ticket id: number} of the requests whose history already holds an
    email with this Message-ID, oldest entry first; none for a mail without
    one. The Message-ID alone does not prove it is the same message (see
    `InboundMail`): the desk is told, and decides."""
    if not message_id:
        return {}
    return dict(
        Message.objects.filter(email_message_id=message_id[:255])
        .order_by("id")
        .values_list("ticket_id", "ticket__number")[:200]
    )
