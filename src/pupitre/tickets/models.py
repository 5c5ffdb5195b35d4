from django.conf import settings
from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Language
from pupitre.core.translated_names import TranslatedName
from pupitre.equipment.models import Device
from pupitre.schools.models import School


class ServiceCategory(models.TextChoices):
    """The programme's service catalogue (DESIGN.md §1)."""

    REMOTE_HARDWARE = "remote_hardware", _("Remote help with a device")
    REMOTE_TOOLS = "remote_tools", _("Management tools (e.g. Odoo access)")
    ONSITE = "onsite", _("On-site intervention")
    QUESTION = "question", _("Question")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    API = "api", _("API")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING_FOR_SCHOOL = "waiting_for_school", _("Waiting for the school")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.WAITING_FOR_SCHOOL)


class Priority(models.IntegerChoices):
    # Numbers sort by urgency: the queue orders by priority descending.
    LOW = 10, _("Low")
    NORMAL = 20, _("Normal")
    HIGH = 30, _("High")
    URGENT = 40, _("Urgent")


class SlaState(models.TextChoices):
    OK = "ok", _("On time")
    WARNING = "warning", _("Due soon")
    BREACHED = "breached", _("Overdue")
    MET = "met", _("Met")


class SlaPolicy(models.Model):
    """Targets in business time (on the school's calendar) for a priority,
    optionally for one service category (a blank category means any)."""

    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    category = models.CharField(
        _("service category"),
        max_length=20,
        choices=ServiceCategory.choices,
        blank=True,
        help_text=_("Leave empty for every category."),
    )
    first_response_minutes = models.PositiveIntegerField(_("first response (business minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution (business minutes)"))

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["-priority", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "category"], name="sla_policy_unique_priority_category"
            )
        ]

    def __str__(self):
        return f"{self.get_priority_display()} {self.category or '*'}"


class Team(TranslatedName):
    name = models.CharField(_("name"), max_length=100, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teams", blank=True, verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.localized_name


class SubjectTerm(models.Model):
    """A word of the tickets' subjects (folded): the vocabulary the desk's
    text filter takes a typo for a known word from."""

    term = models.CharField(_("term"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("subject term")
        verbose_name_plural = _("subject terms")

    def __str__(self):
        return self.term


class TicketSequence(models.Model):
    """Last number given in a year; one row per year, locked while counting."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket number sequence")
        verbose_name_plural = _("ticket number sequences")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Ticket(models.Model):
    number = models.CharField(_("number"), max_length=11, unique=True)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("school")
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("requester"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    category = models.CharField(
        _("service category"), max_length=20, choices=ServiceCategory.choices
    )
    devices = models.ManyToManyField(
        Device, related_name="tickets", blank=True, verbose_name=_("devices")
    )
    subject = models.CharField(_("subject"), max_length=200)
    # The subject's words folded (lower case, no accents), each between
    # spaces: what the desk's text filter matches (tickets/queries.py).
    subject_words = models.CharField(
        _("subject words"), max_length=250, blank=True, default="", editable=False
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("team"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    created_at = models.DateTimeField(_("created"), db_index=True)
    updated_at = models.DateTimeField(_("last activity"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # SLA, kept by tickets/sla.py. A due time is None while the ticket waits
    # for the school (the clock is stopped) and when the ticket has no target.
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    first_response_warn_at = models.DateTimeField(
        _("first response warning"), null=True, blank=True
    )
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    resolution_warn_at = models.DateTimeField(_("resolution warning"), null=True, blank=True)
    sla_first_response_state = models.CharField(
        _("first response SLA"), max_length=10, choices=SlaState.choices, default=SlaState.OK
    )
    sla_resolution_state = models.CharField(
        _("resolution SLA"), max_length=10, choices=SlaState.choices, default=SlaState.OK
    )
    # The earliest running due time: what the queue sorts on with `sort=due`.
    sla_next_due = models.DateTimeField(_("next due"), null=True, blank=True)
    # Computed by the database from the status, so that the queue's usual
    # question ("open work, most urgent first") is answered by one index scan.
    in_queue = models.GeneratedField(
        expression=Case(
            When(status__in=ACTIVE_STATUSES, then=Value(1)),
            default=Value(0),
        ),
        # 1 or 0 rather than a boolean: SQLite uses the index for `= 1`,
        # not for the bare column Django writes for a boolean test.
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("open work"),
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at"]
        # The desk queue reads in urgency order (priority, then the oldest) and
        # the portal in order of last activity; each index serves one of those
        # orders after an equality filter, so a page is read without sorting.
        indexes = [
            models.Index(
                fields=["in_queue", "-priority", "created_at", "id"], name="ticket_queue_idx"
            ),
            models.Index(
                fields=["status", "-priority", "created_at", "id"], name="ticket_status_idx"
            ),
            models.Index(fields=["-priority", "created_at", "id"], name="ticket_urgency_idx"),
            models.Index(
                fields=["school", "in_queue", "-updated_at", "-id"], name="ticket_school_idx"
            ),
            models.Index(
                fields=["requester", "in_queue", "-updated_at", "-id"], name="ticket_requester_idx"
            ),
            models.Index(fields=["assignee", "in_queue"], name="ticket_assignee_idx"),
            models.Index(fields=["in_queue", "sla_next_due", "id"], name="ticket_due_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Reply")
    NOTE = "note", _("Internal note")
    EVENT = "event", _("Event")


class EventField(models.TextChoices):
    CREATED = "created", _("Request opened")
    STATUS = "status", _("Status")
    ASSIGNEE = "assignee", _("Assignee")
    PRIORITY = "priority", _("Priority")
    TEAM = "team", _("Team")
    SLA = "sla", _("Service level")
    EMAIL = "email", _("Email delivery")
    SCHOOL = "school", _("School")
    TOOL = "tool", _("Management tool")
    REMOTE = "remote", _("Remote session")
    CALL = "call", _("Phone call")
    INTERVENTION = "intervention", _("On-site intervention")


# The key, in a `tool` event's details, of the tool's own error text (Odoo's
# fault: a traceback, server paths, logins): read by administrators only
# (`User.reads_tool_faults`; `queries.timeline_for` leaves it out for others).
TOOL_FAULT = "fault"

# The `new_value` of an EMAIL event: an agent filed an email on the request
# although another request holds one with the same Message-ID (the events'
# other value, "failed", is a delivery failure).
EMAIL_ELSEWHERE = "elsewhere"


class Message(models.Model):
    """One entry of a ticket's timeline: a public reply, an internal note, or
    a system event recording a change (field, old value, new value, who, when).

    The timeline and the audit trail of a ticket are the same rows.
    """

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    body = models.TextField(_("text"), blank=True)
    field = models.CharField(
        _("changed field"), max_length=20, choices=EventField.choices, blank=True
    )
    old_value = models.CharField(_("old value"), max_length=200, blank=True)
    new_value = models.CharField(_("new value"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("date"))
    # Messages that came by email, prepared at ingest so that the page never
    # parses mail: `body` is the visible part, `quoted_text` the quoted
    # earlier messages and the signature (folded away): plain text, escaped
    # wherever it is shown. `sanitized_html` is the mail's HTML, sanitised by
    # the ticket services (pupitre/core/safe_html.py) whoever gave it: the only
    # HTML a page shows as it is.
    quoted_text = models.TextField(_("quoted text"), blank=True)
    sanitized_html = models.TextField(_("formatted text"), blank=True)
    email_from = models.EmailField(_("sent from"), blank=True)
    email_message_id = models.CharField(
        _("email Message-ID"), max_length=255, blank=True, db_index=True
    )
    # A mail that threads into the ticket from an address that is not one of
    # its participants: kept as an internal note, never as a public reply.
    unverified_sender = models.BooleanField(_("unverified sender"), default=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_timeline_idx")]

    def __str__(self):
        return f"{self.ticket_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=150)
    # An image shown inside an email's text (Content-ID), rather than attached.
    inline = models.BooleanField(_("inline image"), default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.filename
