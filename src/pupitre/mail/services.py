"""Every write of the mail channel: storing what arrives, turning it into
tickets, replies and notes, and the desk's actions on mail.

The raw message is written first (`inbound_store_batch`), in its own
transaction, before a mailbox is told it may forget it. Processing
(`inbound_process`) locks one stored message, and writes the ticket, the
reply or the note together with the message's new state: after a crash a
message is either untouched and processed again, or done. A message that
cannot be processed is kept as failed, with the error, for the desk's
"mail problems" list; the loop goes on with the next one.
"""

import contextlib
import dataclasses
import logging
import re
import traceback
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q
from django.db.models.functions import Lower, Mod
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pupitre.accounts.models import STAFF_ROLES, Role, User
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import SECRET, audit_record, snapshot
from pupitre.core.config_cache import read_once
from pupitre.core.errors import DomainError
from pupitre.schools.models import Membership, School
from pupitre.schools.services import member_add
from pupitre.tickets import services as tickets
from pupitre.tickets.models import Channel, Message, ServiceCategory, Status, Ticket
from pupitre.tickets.notifications import SLA_ALERT
from pupitre.tickets.services import EmailParts

from . import attachment_files, language, noise, queries, threading
from .bounces import delivery_failure
from .identity import content_digest, message_id_of
from .models import BouncingAddress, InboundMail, Mailbox, Outcome, Problem, Source, State
from .parsing import MailParseError, parse_mail
from .quotes import split_reply

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawMail:
    raw: bytes
    uid: int | None = None


# Storing ---------------------------------------------------------------------


def inbound_store_batch(
    *,
    mails: list[RawMail],
    source: str,
    mailbox: Mailbox | None = None,
    uid_validity: int | None = None,
) -> int:
    """Store raw messages, skipping those stored already: the same content
    (see `identity.content_digest`: a mail fetched or relayed twice), or the
    same UID of the mailbox. A Message-ID seen before on other content is a
    message of its own. Returns the number stored. Committed when it
    returns: only then may the mailbox flag or move the messages."""
    now = timezone.now()
    rows = [
        InboundMail(
            mailbox=mailbox,
            source=source,
            uid_validity=uid_validity if mail.uid is not None else None,
            uid=mail.uid,
            message_id=message_id_of(mail.raw),
            digest=content_digest(mail.raw),
            raw=mail.raw,
            received_at=now,
        )
        for mail in mails
    ]
    if not rows:
        return 0
    with transaction.atomic():
        # ON CONFLICT DO NOTHING: a duplicate is no error and no new row.
        InboundMail.objects.bulk_create(rows, ignore_conflicts=True, batch_size=200)
        stored = InboundMail.objects.filter(
            received_at=now, digest__in=[row.digest for row in rows]
        ).count()
    return stored


def inbound_store(*, raw: bytes, source: str = Source.FILE, mailbox=None) -> int:
    return inbound_store_batch(mails=[RawMail(raw)], source=source, mailbox=mailbox)


# Processing ------------------------------------------------------------------


BATCH = 25  # messages parsed and looked up together


class _Context:
    """What the messages of a run need, read in few queries: our addresses
    and the bouncing ones once per run; the senders, their schools, their
    recent requests and the tickets referenced once per batch."""

    def __init__(self):
        self.own_addresses = our_addresses()
        self.bouncing = set(BouncingAddress.objects.values_list("address", flat=True))

    def prepare(self, stored: list[InboundMail], mails: list) -> None:
        senders = {parsed.from_address for parsed in mails}
        users = list(User.objects.filter(email__in=senders, is_active=True))
        self.users = {user.email: user for user in users}
        school_users = {user.pk: user for user in users if user.role == Role.SCHOOL}
        for user in school_users.values():
            user.member_of = {}  # school id -> role: see schools.queries.school_role
        self.memberships: dict[str, Membership] = {}
        for membership in (
            Membership.objects.filter(user__in=list(school_users))
            .select_related("school")
            .order_by("school__name", "id")
        ):
            membership.user = user = school_users[membership.user_id]
            self.memberships.setdefault(user.email, membership)
            user.member_of[membership.school_id] = membership.role
        since = timezone.now() - timedelta(hours=1)
        self.recent = dict(
            InboundMail.objects.filter(
                from_address__in=senders, outcome=Outcome.NEW_TICKET, processed_at__gte=since
            )
            .exclude(state=State.HELD)
            .values("from_address")
            .annotate(count=Count("id"))
            .values_list("from_address", "count")
        )
        references = {ref for parsed in mails for ref in (*parsed.in_reply_to, *parsed.references)}
        self.ours = {ref: threading.ticket_id_of(ref) for ref in references}
        others = [ref for ref, ticket in self.ours.items() if ticket is None][:500]
        # A Message-ID may be on several tickets (different mails that
        # reused it): their tickets, oldest entry first.
        self.by_mail_id: dict[str, list[int]] = {}
        for message_id, ticket_id in (
            Message.objects.filter(email_message_id__in=others)
            .exclude(email_message_id="")
            .order_by("id")
            .values_list("email_message_id", "ticket_id")
        ):
            _add_once(self.by_mail_id.setdefault(message_id, []), ticket_id)
        numbers = {n for parsed in mails for n in threading.numbers_in_subject(parsed.subject)}
        wanted = {t for t in self.ours.values() if t} | {
            t for ticket_ids in self.by_mail_id.values() for t in ticket_ids
        }
        tickets = Ticket.objects.filter(Q(pk__in=wanted) | Q(number__in=numbers))
        self.tickets = {ticket.pk: ticket for ticket in tickets}
        self.by_number = {ticket.number: ticket for ticket in self.tickets.values()}
        self.first_with_id = dict(
            InboundMail.objects.filter(message_id__in={m.message_id for m in stored})
            .values("message_id")
            .annotate(first=Min("pk"))
            .values_list("message_id", "first")
        )

    def first_mail_with_id(self, mail: InboundMail) -> int | None:
        """The first mail stored with this one's Message-ID, if not itself."""
        first = self.first_with_id.get(mail.message_id, mail.pk)
        return first if first < mail.pk else None

    def opened(self, mail: InboundMail, parsed) -> None:
        """Count what this message did, for the next ones of the batch."""
        if mail.outcome == Outcome.NEW_TICKET and mail.state != State.HELD:
            self.recent[parsed.from_address] = self.recent.get(parsed.from_address, 0) + 1
        if mail.ticket_id and parsed.message_id:
            _add_once(self.by_mail_id.setdefault(parsed.message_id, []), mail.ticket_id)
            self.tickets.setdefault(mail.ticket_id, mail.ticket)


def _add_once(items: list, item) -> None:
    if item not in items:
        items.append(item)


# Written by processing; never the raw bytes again, nor the attempts (counted
# by the claims).
_PROCESSED_ATTNAMES = [
    "state", "outcome", "error", "problem", "processed_at", "from_address", "from_name",
    "subject", "language", "suggested_school_id", "ticket_id", "entry_id",
    "message_id_first_used_by_id",
]  # fmt: skip


def inbound_process_pending(
    *, limit: int | None = None, batch: int = BATCH, shard: tuple[int, int] = (0, 1)
) -> int:
    """Process the stored messages that wait, oldest first, `batch` at a
    time. Returns how many were processed (by this call).

    Several workers may run at once: each claims the mails it takes (see
    `_claim`), so that one process works on a mail; with `shard=(k, n)`
    worker k of n takes only the ids equal to k modulo n, so that they do
    not even compete for the same claims."""
    done, after, context = 0, 0, None
    index, count = shard
    waiting = _waiting()
    if count > 1:
        waiting = waiting.alias(shard=Mod("id", count)).filter(shard=index)
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        mails = _claim(waiting.filter(pk__gt=after), size)
        if not mails:
            break
        context = context or _Context()
        done += len(_process_claimed(mails, context))
        after = mails[-1].pk
    return done


def inbound_process(*, inbound_id: int, release: bool = False) -> InboundMail | None:
    """Process one stored message that is waiting; None if another worker
    has it, or it was done already."""
    mails = _claim(_waiting().filter(pk=inbound_id), 1)
    processed = _process_claimed(mails, _Context(), release=release) if mails else []
    return processed[0] if processed else None


def _waiting():
    return InboundMail.objects.filter(state=State.RECEIVED).select_related("mailbox__team")


def _claim(waiting, size: int) -> list[InboundMail]:
    """Take up to `size` waiting mails, oldest first, that no other worker
    holds: each gets this call's claim until MAIL_CLAIM_SECONDS from now
    and one more attempt. A claim ends when the mail's result is written;
    one whose time has passed (its worker was killed) is taken again. On
    PostgreSQL `SKIP LOCKED` lets workers claim side by side without
    waiting for each other; SQLite has a single writer anyway."""
    now = timezone.now()
    token = uuid.uuid4().hex
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    with transaction.atomic():
        candidates = waiting.filter(free).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ids = list(candidates.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        InboundMail.objects.filter(free, pk__in=ids, state=State.RECEIVED).update(
            claim=token,
            claimed_until=now + timedelta(seconds=settings.MAIL_CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
    return list(waiting.filter(claim=token).order_by("pk"))


def _process_claimed(mails: list[InboundMail], context: _Context, *, release=False) -> list:
    """Process claimed mails; what an error leaves unprocessed is given back
    at once rather than when the claim runs out."""
    try:
        return _process_batch(mails, context, release=release)
    finally:
        with contextlib.suppress(Exception):  # the database may be what failed
            InboundMail.objects.filter(
                claim=mails[0].claim, state=State.RECEIVED, claimed_until__isnull=False
            ).update(claimed_until=None)


@read_once()  # the teams, SLA targets and calendars, for the whole batch
def _process_batch(mails: list[InboundMail], context: _Context, *, release: bool = False) -> list:
    # Parsing and the lookups need no transaction: done first, so that a
    # second worker parses while this one writes.
    parsed: dict[int, tuple] = {}
    for mail in mails:
        mail.raw = bytes(mail.raw)
        try:
            parsed[mail.pk] = (parse_mail(mail.raw), None)
        except Exception as error:  # noqa: BLE001 - kept as a mail problem below
            parsed[mail.pk] = (None, error)
    context.prepare(mails, [message for message, _error in parsed.values() if message])

    def process(mail, files):
        return _process_one(mail, *parsed[mail.pk], context, files, release=release)

    if connection.vendor == "sqlite":
        # One writer at a time anyway: one transaction for the batch saves
        # a commit per mail; each mail is a savepoint in it.
        with attachment_files.removed_unless_committed() as files, transaction.atomic():
            return [mail for mail in mails if process(mail, files)]
    # One transaction per mail where workers write side by side (PostgreSQL):
    # the locks a mail takes (the year's ticket counter, a ticket) are then
    # held for that mail only, so workers neither wait long nor deadlock.
    done = []
    for mail in mails:
        with attachment_files.removed_unless_committed() as files:
            if process(mail, files):
                done.append(mail)
    return done


class _DoneElsewhere(Exception):
    """Another worker wrote this mail's result first."""


def _process_one(mail, parsed, parse_error, context: _Context, files, *, release: bool) -> bool:
    """Process one mail and write its result, if it still waits; False when
    another worker processed it meanwhile (what this one wrote for it is
    rolled back: the other result stands)."""
    try:
        # A failure takes back everything the mail wrote (a transaction, or
        # a savepoint in the batch's), and the message is kept as failed;
        # the attachment files it wrote are removed.
        with files.attempt(), transaction.atomic():
            if parse_error is not None:
                raise parse_error
            _process(mail, parsed, context, release=release)
            if not _save_result(mail):
                raise _DoneElsewhere
    except _DoneElsewhere:
        return False
    except Exception as error:  # noqa: BLE001 - one bad mail must not stop the others
        expected = isinstance(error, DomainError | MailParseError)
        logger.warning("Mail %s could not be processed: %s", mail.pk, error, exc_info=not expected)
        mail.state = State.FAILED
        mail.error = _error_text(error)
        mail.problem = _problem_of(error)
        # What the rolled-back attempt pointed at does not exist.
        mail.ticket = mail.entry = mail.suggested_school = None
        mail.outcome = ""
        return _save_result(mail)
    context.opened(mail, parsed)
    return True


def _save_result(mail: InboundMail) -> bool:
    """Write what processing found, only if the mail still waits: the
    UPDATE waits for a worker that writes the same row, then finds it done.
    This is the only lock a mail takes for itself."""
    mail.processed_at = timezone.now()
    result = {name: getattr(mail, name) for name in _PROCESSED_ATTNAMES}
    result["claimed_until"] = None  # the claim ends with the result
    return InboundMail.objects.filter(pk=mail.pk, state=State.RECEIVED).update(**result) == 1


def _problem_of(error: Exception) -> str:
    if isinstance(error, MailParseError):
        return Problem.UNREADABLE
    if isinstance(error, DomainError):
        return Problem.REFUSED
    return Problem.ERROR


def _error_text(error: Exception) -> str:
    if isinstance(error, DomainError):
        return str(error.message)
    if isinstance(error, MailParseError):
        return f"MailParseError: {error}"
    lines = traceback.format_exception(error)
    return "".join(lines[-6:])[-4000:]


def _process(mail: InboundMail, parsed, context: _Context, *, release: bool) -> None:
    raw = mail.raw
    mail.from_address = parsed.from_address[:254]
    mail.from_name = (parsed.from_name or "")[:200]
    mail.subject = " ".join((parsed.subject or "").split())[:200]
    mail.error = mail.problem = ""
    mail.message_id_first_used_by_id = context.first_mail_with_id(mail)
    own = context.own_addresses
    if threading.is_ours(parsed.message_id) or parsed.from_address in own:
        mail.state, mail.outcome = State.IGNORED, Outcome.OWN
        return
    automatic = noise.classify(parsed, own)
    failure = delivery_failure(parsed, raw) if _may_be_a_report(parsed, raw, automatic) else None
    if failure is not None:
        _record_bounce(mail, parsed, failure)
        return
    if "@" not in parsed.from_address:
        # Nobody to answer nor to file it for: an agent attaches it to a
        # contact (`inbound_attach_contact`).
        mail.state, mail.problem = State.FAILED, Problem.NO_SENDER
        mail.error = "No sender address in From, Reply-To, Sender or Return-Path."
        return
    if parsed.from_address in context.bouncing:
        # Mail from an address shows it works again.
        BouncingAddress.objects.filter(address=parsed.from_address).delete()
        context.bouncing.discard(parsed.from_address)
    text = _texts(parsed)
    ticket = _thread(parsed, context)
    if ticket is not None and ticket.status != Status.CLOSED:
        _add_to_ticket(mail, parsed, ticket, automatic, text, context)
    else:
        _new_request(mail, parsed, automatic, text, context, release=release)


_REPORT_PART = re.compile(rb"delivery-status", re.IGNORECASE)
_REPORT_SENDER = ("mailer-daemon@", "postmaster@", "mail-daemon@", "mailerdaemon@")


def _may_be_a_report(parsed, raw: bytes, automatic) -> bool:
    """A cheap look before `delivery_failure`, which parses the message
    again: reports have a delivery-status part, or come from a mailer
    daemon, or are marked automatic (RFC 3464 asks for Auto-Submitted)."""
    return (
        automatic is not None
        or parsed.from_address.startswith(_REPORT_SENDER)
        or _REPORT_PART.search(raw) is not None
    )


@dataclass(frozen=True)
class _Texts:
    visible: str
    quoted: str


def _texts(parsed) -> _Texts:
    """What the sender wrote, and what they quoted or signed (folded away):
    everything below our "reply above this line" marker, then the quotes
    and the signature found by `split_reply`."""
    above, below = threading.cut_at_reply_marker(parsed.text or "")
    split = split_reply(above)
    visible = (split.visible or "").strip()
    quoted = "\n\n".join(part.strip() for part in (split.quoted, split.signature, below) if part)
    if not visible:
        visible, quoted = (parsed.text or "").strip(), ""
    return _Texts(visible, quoted.strip())


def _parts(parsed, text: _Texts, *, unverified: bool = False) -> EmailParts:
    return EmailParts(
        message_id=parsed.message_id,
        from_address=parsed.from_address,
        quoted_text=text.quoted,
        html_body=parsed.html or "",
        unverified_sender=unverified,
    )


def _thread(parsed, context: _Context) -> Ticket | None:
    """The ticket a mail answers: our signed Message-IDs first, then the
    ids of mails on one ticket only, then a ticket number in the subject,
    then an id that different mails reused (the oldest of its tickets:
    the same for every reply, whenever it comes)."""
    refs = (*parsed.in_reply_to, *reversed(parsed.references))
    for ref in refs:
        ticket = context.tickets.get(context.ours.get(ref))
        if ticket is not None:
            return ticket
    candidates = [context.by_mail_id.get(ref) or [] for ref in refs]
    for ticket_ids in candidates:
        if len(ticket_ids) == 1 and ticket_ids[0] in context.tickets:
            return context.tickets[ticket_ids[0]]
    for number in threading.numbers_in_subject(parsed.subject):
        if number in context.by_number:
            return context.by_number[number]
    for ticket_ids in candidates:
        if ticket_ids and ticket_ids[0] in context.tickets:
            return context.tickets[ticket_ids[0]]
    return None


def _add_to_ticket(mail, parsed, ticket, automatic, text: _Texts, context: _Context) -> None:
    sender = context.users.get(parsed.from_address)
    files = _uploads(parsed)
    if automatic is not None:
        # An out-of-office reply must not reopen a ticket that waits.
        message = tickets.ticket_add_note(
            ticket=ticket, author=None, body=text.visible, attachments=files,
            email=_parts(parsed, text),
        )  # fmt: skip
        mail.outcome = Outcome.AUTO_REPLY
    elif tickets.may_reply_publicly(ticket, sender):
        message = tickets.ticket_reply(
            ticket=ticket, author=sender, body=text.visible or "-", attachments=files,
            channel=Channel.EMAIL, email=_parts(parsed, text),
        )  # fmt: skip
        mail.outcome = Outcome.REPLY
    else:
        message = tickets.ticket_add_note(
            ticket=ticket, author=None, body=text.visible or "-", attachments=files,
            email=_parts(parsed, text, unverified=True),
        )  # fmt: skip
        mail.outcome = Outcome.UNVERIFIED
    mail.ticket, mail.entry, mail.state = ticket, message, State.PROCESSED


def _new_request(mail, parsed, automatic, text: _Texts, context: _Context, *, release: bool):
    detected = language.detect(f"{parsed.subject}\n{text.visible}")
    mail.language = detected
    mail.outcome = Outcome.NEW_TICKET
    recent = context.recent.get(parsed.from_address, 0)
    if not release and recent >= settings.MAIL_MAX_NEW_TICKETS_PER_HOUR:
        mail.state = State.HELD
        return
    membership = context.memberships.get(parsed.from_address)
    if membership is None:
        mail.suggested_school = school_for_domain(parsed.from_address)
        mail.state = State.TRIAGE
        return
    sender, school = membership.user, membership.school
    mail.ticket = _open_ticket(mail, parsed, text, school, sender, sender, automatic is None)
    mail.entry = mail.ticket.first_message
    mail.state = State.PROCESSED


def _open_ticket(mail, parsed, text, school, requester, created_by, acknowledge) -> Ticket:
    mailbox = mail.mailbox
    ticket_language = (mailbox.language if mailbox else "") or language.TICKET_LANGUAGE.get(
        mail.language, ""
    )
    with translation.override(ticket_language or school.language):
        subject = mail.subject or _("(no subject)")
        description = text.visible or _("(This email has no text.)")
    return tickets.ticket_create(
        school=school,
        requester=requester,
        created_by=created_by,
        channel=Channel.EMAIL,
        category=ServiceCategory.QUESTION,
        subject=subject[: tickets.SUBJECT_MAX_LENGTH],
        description=description,
        language=ticket_language or None,
        team=mailbox.team if mailbox else None,
        attachments=_uploads(parsed),
        acknowledge=acknowledge,
        email=_parts(parsed, text),
    )


def school_for_domain(address: str) -> School | None:
    """The school whose email domain is the address's (or a parent of it)."""
    domain = address.rsplit("@", 1)[-1].lower()
    if not domain or "@" not in address:
        return None
    labels = domain.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    schools = {s.email_domain: s for s in School.objects.filter(email_domain__in=candidates)}
    return next((schools[c] for c in candidates if c in schools), None)


def _uploads(parsed) -> list:
    """The mail's files as uploads for the ticket services; what is over the
    limits stays in the raw message (the note says so)."""
    files = []
    for index, attachment in enumerate(parsed.attachments):
        if len(files) >= tickets.MAX_ATTACHMENTS_PER_MESSAGE:
            break
        if len(attachment.payload) > settings.ATTACHMENT_MAX_BYTES:
            continue
        name = attachment.filename or f"attachment-{index + 1}"
        upload = SimpleUploadedFile(
            name, attachment.payload, attachment.content_type or "application/octet-stream"
        )
        upload.inline = bool(attachment.inline)
        files.append(upload)
    return files


def _record_bounce(mail, parsed, failure) -> None:
    """A delivery-failure report: a note on the ticket of the mail that
    failed, with the report attached; permanently failed addresses bounce.

    Only a report about a mail we sent (its signed Message-ID) counts:
    anyone can write a report, and one that silenced an address would stop
    the helpdesk's answers to it. Any other report is kept as a mail problem
    and marks nobody."""
    mail.outcome = Outcome.BOUNCE
    signed = threading.signed_parts(failure.original_message_id or "")
    if signed is None:
        mail.state, mail.problem = State.FAILED, Problem.FOREIGN_REPORT
        recipients = ", ".join(failure.failed_recipients) or "?"
        mail.error = (
            f"Delivery report about <{failure.original_message_id or '?'}>, "
            f"not a Message-ID of ours; recipients: {recipients}"
        )
        return
    mail.state = State.PROCESSED
    now = timezone.now()
    ticket_id, _entry, kind = signed
    ticket = Ticket.objects.select_related("requester").filter(pk=ticket_id).first()
    if failure.permanent and ticket is not None:
        for address in _addressees(ticket, kind, failure.failed_recipients):
            row, created = BouncingAddress.objects.get_or_create(
                address=address.lower()[:254],
                defaults={"diagnostic": failure.diagnostic[:2000], "reported_at": now},
            )
            if not created:
                row.reports += 1
                row.reported_at = now
                row.diagnostic = failure.diagnostic[:2000]
                row.save(update_fields=["reports", "reported_at", "diagnostic"])
    if ticket is None:
        return
    with translation.override(ticket.language):
        body = _("Delivery failure report for %(addresses)s: %(diagnostic)s") % {
            "addresses": ", ".join(failure.failed_recipients) or "?",
            "diagnostic": failure.diagnostic or "-",
        }
    report = SimpleUploadedFile("delivery-report.eml", bytes(mail.raw), "message/rfc822")
    mail.entry = tickets.ticket_add_note(
        ticket=ticket,
        author=None,
        body=body,
        attachments=[report],
        email=EmailParts(message_id=parsed.message_id, from_address=parsed.from_address),
    )
    mail.ticket = ticket


def _addressees(ticket: Ticket, kind: str, addresses) -> list[str]:
    """The failed addresses the mail `kind` about `ticket` went to: its
    requester, or programme staff for an SLA alert. Whoever received one of
    our mails knows its Message-ID: a report they make up about it must not
    silence anyone else."""
    addresses = [address.lower() for address in addresses]
    if kind != SLA_ALERT:
        requester = ticket.requester.email.lower()
        return [address for address in addresses if address == requester]
    return list(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=addresses, role__in=STAFF_ROLES)
        .values_list("address", flat=True)
        .distinct()
    )


def our_addresses() -> set[str]:
    """Addresses we send from and receive at: mail from them is ours."""
    addresses = {settings.HELPDESK_EMAIL.lower()}
    from email.utils import parseaddr

    addresses.add(parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower())
    addresses.update(a.lower() for a in Mailbox.objects.values_list("address", flat=True))
    addresses.discard("")
    return addresses


# The desk's actions ------------------------------------------------------------


NAMED_AT_MOST = 5  # requests named as holding a Message-ID already


@dataclass(frozen=True)
class Filed:
    """Where an agent filed a mail by hand, and the other requests that
    already hold an email with its Message-ID (noted in the history of
    `ticket`; the desk tells the agent)."""

    ticket: Ticket
    also_on: tuple[str, ...] = ()


def inbound_link_school(*, inbound: InboundMail, school: School, by: User) -> Filed:
    """Open the request of a mail waiting in triage for `school`: its sender
    becomes (or already is) a member of the school and the requester."""
    _check_desk(by)
    with transaction.atomic():
        mail = _lock(inbound, State.TRIAGE)
        parsed = parse_mail(bytes(mail.raw))
        holding = queries.tickets_holding_email(parsed.message_id)
        requester = _school_contact(parsed, school, by)
        automatic = noise.classify(parsed, our_addresses())
        text = _texts(parsed)
        ticket = _open_ticket(mail, parsed, text, school, requester, by, automatic is None)
        mail.ticket = ticket
        mail.entry = ticket.first_message
        _handled(mail, State.PROCESSED, by)
        return Filed(ticket, _note_held_elsewhere(ticket, parsed, holding, by))


def _refuse_if_held(ticket: Ticket, holding: dict[int, str]) -> None:
    """The same Message-ID twice on one request is refused: a mail filed by
    hand that the request already holds (received once, or filed before)."""
    if ticket.pk in holding:
        raise DomainError(
            _(
                "Request %(number)s already holds an email with this Message-ID: "
                "it is not filed there a second time. Set this copy aside if it is "
                "the same message."
            )
            % {"number": ticket.number},
            code="already_filed",
        )


def _note_held_elsewhere(ticket: Ticket, parsed, holding: dict[int, str], by: User) -> tuple:
    """A mail filed by hand whose Message-ID other requests hold: allowed
    (different messages may share one), and noted in the request's history
    with the oldest of them (a scanner may have reused it on many)."""
    numbers = tuple(number for ticket_id, number in holding.items() if ticket_id != ticket.pk)
    numbers = numbers[:NAMED_AT_MOST]
    if numbers:
        tickets.ticket_record_email_elsewhere(
            ticket=ticket, by=by, message_id=parsed.message_id, numbers=numbers
        )
    return numbers


def _school_contact(parsed, school: School, by: User) -> User:
    """The mail's sender as a member of `school` (added if new, as a phone
    caller is)."""
    if "@" not in parsed.from_address:
        raise DomainError(
            _("This email has no sender address: it cannot become a request."),
            code="no_sender",
        )
    name = parsed.from_name or parsed.from_address.split("@")[0]
    return member_add(school=school, full_name=name[:150], email=parsed.from_address, by=by)


def inbound_attach_contact(
    *, inbound: InboundMail, school: School, email: str, name: str, by: User
) -> Filed:
    """File a mail that has no usable sender as if `email` had sent it: that
    person becomes (or already is) a member of `school`; the mail is a reply
    on the ticket it answers, else a new request of `school`. The mail keeps
    who attached it to whom. A ticket that holds an email with the same
    Message-ID already is not given it again; another request that holds
    one is named in the history."""
    _check_desk(by)
    with transaction.atomic():
        mail = _lock(inbound, State.FAILED)
        if mail.problem != Problem.NO_SENDER:
            raise DomainError(_("This email has a sender address already."), code="has_sender")
        known = User.objects.filter(email__iexact=email.strip()).first()
        name = name.strip() or (known.full_name if known else "") or email.split("@")[0]
        contact = member_add(school=school, full_name=name[:150], email=email, by=by)
        parsed = dataclasses.replace(
            parse_mail(bytes(mail.raw)), from_address=contact.email, from_name=contact.full_name
        )
        context = _Context()
        context.prepare([mail], [parsed])
        automatic = noise.classify(parsed, context.own_addresses)
        text = _texts(parsed)
        ticket = _thread(parsed, context)
        holding = queries.tickets_holding_email(parsed.message_id)
        if ticket is not None and ticket.status != Status.CLOSED:
            _refuse_if_held(ticket, holding)
            _add_to_ticket(mail, parsed, ticket, automatic, text, context)
        else:
            mail.language = language.detect(f"{parsed.subject}\n{text.visible}")
            mail.outcome = Outcome.NEW_TICKET
            ticket = _open_ticket(mail, parsed, text, school, contact, by, automatic is None)
            mail.ticket, mail.entry = ticket, ticket.first_message
        mail.contact = contact
        _handled(mail, State.PROCESSED, by, "contact_id")
        return Filed(ticket, _note_held_elsewhere(ticket, parsed, holding, by))


def inbound_release(*, inbound: InboundMail, by: User) -> InboundMail:
    """Process a mail held by the per-sender limit as if it had just come."""
    return _process_again(inbound, by, State.HELD)


def inbound_retry(*, inbound: InboundMail, by: User) -> InboundMail:
    """Process a failed (or ignored) mail again, e.g. after a fix."""
    return _process_again(inbound, by, State.FAILED, State.IGNORED)


def _process_again(inbound: InboundMail, by: User, *states: str) -> InboundMail:
    _check_desk(by)
    with transaction.atomic():
        mail = _lock(inbound, *states)
        mail.state = State.RECEIVED
        mail.handled_by = by
        # Claimed at once, so that no background worker takes it first
        # (it would apply the per-sender limit).
        mail.claim = uuid.uuid4().hex
        mail.claimed_until = timezone.now() + timedelta(seconds=settings.MAIL_CLAIM_SECONDS)
        mail.attempts += 1
        mail.save(update_fields=["state", "handled_by", "claim", "claimed_until", "attempts"])
    # Not limited by the per-sender count: an agent asked for it.
    mails = list(_waiting().filter(claim=mail.claim))
    processed = _process_claimed(mails, _Context(), release=True) if mails else []
    return processed[0] if processed else None


def inbound_discard(*, inbound: InboundMail, by: User) -> InboundMail:
    """Keep the mail (raw) but do nothing with it: spam, a mistake."""
    _check_desk(by)
    with transaction.atomic():
        mail = _lock(inbound, State.TRIAGE, State.HELD, State.FAILED)
        mail.outcome = Outcome.DISCARDED
        _handled(mail, State.IGNORED, by)
    return mail


def _lock(inbound: InboundMail, *states: str) -> InboundMail:
    mail = (
        InboundMail.objects.select_for_update(of=("self",))
        .select_related("mailbox__team")
        .get(pk=inbound.pk)
    )
    if mail.state not in states:
        raise DomainError(_("This email has been dealt with already."), code="stale")
    return mail


def _handled(mail: InboundMail, state: str, by: User, *fields: str) -> None:
    mail.state = state
    mail.handled_by = by
    mail.processed_at = timezone.now()
    mail.save(update_fields=[*_PROCESSED_ATTNAMES, "handled_by", *fields])


def _check_desk(user: User) -> None:
    if not user.works_the_desk:
        raise DomainError(_("Only the helpdesk can do this."), code="not_allowed")


# Mailboxes -----------------------------------------------------------------------


# The settings of a mailbox an administrator edits (its password apart).
MAILBOX_FIELDS = (
    "name",
    "address",
    "host",
    "port",
    "security",
    "username",
    "folder",
    "language",
    "team",
    "is_active",
)


def mailbox_save(*, mailbox: Mailbox, password: str, by: User | None) -> Mailbox:
    """Create or change a mailbox (`mailbox` carries the new values, not
    saved yet); an empty password keeps the current one. `by` is `None` for
    the system (the demo)."""
    if by is not None and by.role != Role.ADMINISTRATOR:
        raise DomainError(_("Only administrators can configure mailboxes."), code="not_allowed")
    with transaction.atomic():
        before = None
        if mailbox.pk is not None:
            stored = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
            before = snapshot(stored, MAILBOX_FIELDS)
        after = {}
        if password:
            mailbox.password = password
            # Recorded as set, never as what it is.
            after["password"] = SECRET
        mailbox.address = mailbox.address.lower()
        mailbox.save()
        after.update(snapshot(mailbox, MAILBOX_FIELDS))
        audit_record(
            by=by,
            kind=ObjectKind.MAILBOX,
            object_id=mailbox.pk,
            label=mailbox.address,
            old=before,
            new=after,
        )
    return mailbox


def mailbox_checked(*, mailbox_id: int, error: str = "") -> None:
    Mailbox.objects.filter(pk=mailbox_id).update(checked_at=timezone.now(), last_error=error[:2000])
