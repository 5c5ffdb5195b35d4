"""Mailboxes, every message received (raw, stored before processing) and
the addresses that bounce."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Language
from pupitre.schools.models import School
from pupitre.tickets.models import Message, Team, Ticket


class Security(models.TextChoices):
    TLS = "tls", _("TLS (port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    NONE = "none", _("None (local test servers only)")


class Mailbox(models.Model):
    """An IMAP mailbox the helpdesk reads, e.g. one German and one French
    address. Its language and team, when set, decide those of new tickets."""

    name = models.CharField(_("name"), max_length=100)
    address = models.EmailField(
        _("address"),
        unique=True,
        help_text=_("The address schools write to; replies are sent from it."),
    )
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(
        _("connection security"), max_length=10, choices=Security.choices, default=Security.TLS
    )
    username = models.CharField(_("user name"), max_length=200)
    # Needed in clear to log in; never shown back in the desk.
    password = models.CharField(_("password or app password"), max_length=500, blank=True)
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    language = models.CharField(
        _("language of new requests"),
        max_length=2,
        choices=Language.choices,
        blank=True,
        help_text=_("Leave empty to detect the language of each email."),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team of new requests"),
        help_text=_("Leave empty to choose the team by language."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # What the last connection said, for the desk.
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} <{self.address}>"


class Source(models.TextChoices):
    IMAP = "imap", _("IMAP")
    SMTP = "smtp", _("SMTP receiver")
    FILE = "file", _("File")


class State(models.TextChoices):
    RECEIVED = "received", _("Received, not yet processed")
    PROCESSED = "processed", _("Processed")
    TRIAGE = "triage", _("Waiting for a school")
    HELD = "held", _("Held for review")
    IGNORED = "ignored", _("Ignored")
    FAILED = "failed", _("Could not be processed")


class Outcome(models.TextChoices):
    NEW_TICKET = "new_ticket", _("New request")
    REPLY = "reply", _("Reply to a request")
    UNVERIFIED = "unverified", _("Note from an unverified sender")
    AUTO_REPLY = "auto_reply", _("Automatic reply, kept as a note")
    BOUNCE = "bounce", _("Delivery failure report")
    OWN = "own", _("Our own message coming back")
    DISCARDED = "discarded", _("Discarded by an agent")


class Problem(models.TextChoices):
    """Why a mail waits among the mail problems, in words for the agents; the
    technical detail (`InboundMail.error`) is for administrators."""

    UNREADABLE = "unreadable", _("The email cannot be read: its structure is damaged.")
    REFUSED = "refused", _("The helpdesk refused to file this email.")
    ERROR = "error", _("An unexpected error stopped the processing of this email.")
    FOREIGN_REPORT = "foreign_report", _("Report about a message we did not send")
    NO_SENDER = "no_sender", _("No usable sender address")


class InboundMail(models.Model):
    """One received message, raw, written before anything else happens to it.

    Processing turns it into a ticket, a reply or a note in one transaction
    with its new state, so a crash leaves it either untouched (processed
    again later) or done, never half done. Two constraints make a message
    seen twice (the same content, or the same UID of the same mailbox)
    create nothing new. The Message-ID alone proves nothing: some clients,
    scanners and list servers give different messages the same one.
    """

    mailbox = models.ForeignKey(
        Mailbox,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("mailbox"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    uid_validity = models.PositiveBigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    uid = models.PositiveBigIntegerField(_("UID"), null=True, blank=True)
    # Without angle brackets; a digest of the raw bytes when the mail has none.
    message_id = models.CharField(_("Message-ID"), max_length=255, db_index=True)
    # SHA-256 of the body and the headers the author wrote (see
    # `services.content_digest`): the same mail relayed twice is one row.
    digest = models.CharField(_("content digest"), max_length=64)
    # The first mail stored with the same Message-ID, when this one is
    # another message that reuses it.
    message_id_first_used_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Message-ID first used by"),
    )
    raw = models.BinaryField(_("raw message"))
    received_at = models.DateTimeField(_("received"), db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    # Technical detail (an exception's text), shown to administrators only.
    error = models.TextField(_("error"), blank=True)
    # Why a failed mail is a problem; empty on rows older than the codes.
    problem = models.CharField(_("problem"), max_length=20, choices=Problem.choices, blank=True)
    # Processing attempts: counted when a worker claims the mail.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A worker's claim on a waiting mail, so that one process works on it;
    # once `claimed_until` has passed (the worker was killed) another takes it.
    claim = models.CharField(_("claimed by"), max_length=32, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    # The contact an agent attached a mail without a usable sender to.
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attached to contact"),
    )
    # Read from the headers at processing time, for the desk's lists.
    from_address = models.EmailField(_("sender"), blank=True, db_index=True)
    from_name = models.CharField(_("sender name"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    suggested_school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested school"),
    )
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_mails",
        verbose_name=_("ticket"),
    )
    entry = models.ForeignKey(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("timeline entry"),
    )

    class Meta:
        verbose_name = _("received email")
        verbose_name_plural = _("received emails")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["digest"], name="inbound_unique_digest"),
            models.UniqueConstraint(
                fields=["mailbox", "uid_validity", "uid"],
                condition=Q(uid__isnull=False),
                name="inbound_unique_mailbox_uid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "received_at", "id"], name="inbound_state_idx"),
            models.Index(
                fields=["from_address", "outcome", "processed_at"], name="inbound_rate_idx"
            ),
        ]

    def __str__(self):
        return f"{self.message_id} ({self.state})"

    @property
    def problem_reason(self) -> str:
        """Why the mail is a problem, in the reader's language."""
        if self.problem:
            return self.get_problem_display()
        return str(_("This email could not be processed."))


class BouncingAddress(models.Model):
    """An address a delivery-failure report said is permanently unreachable.
    Notifications to it are not sent (the ticket says so) until mail comes
    from it again."""

    address = models.EmailField(_("address"), unique=True)
    diagnostic = models.TextField(_("reason"), blank=True)
    reported_at = models.DateTimeField(_("reported"))
    reports = models.PositiveIntegerField(_("reports"), default=1)

    class Meta:
        verbose_name = _("bouncing address")
        verbose_name_plural = _("bouncing addresses")
        ordering = ["address"]

    def __str__(self):
        return self.address
