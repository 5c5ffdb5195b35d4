"""Telephone lines, the calls a PBX reports on them, and the callbacks owed.

A PBX speaks the generic CTI contract (events newCall, answer, hangup) to
`/phone/cti/<token>/`. Every request that carries a known token is kept as a
`CallEvent`, raw, whatever it contains; the `Call` row is what the events
built. Calls and events are personal data: the purge task deletes them after
`PHONE_RETENTION_MONTHS`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pupitre.accounts.models import Language


class PhoneLine(models.Model):
    """One number of the helpdesk (the French line, the German line, the
    evening line), with its language and the team whose agents answer it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    number = models.CharField(
        _("number"),
        max_length=20,
        unique=True,
        help_text=_("In international form, e.g. +3287123456."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[
            (Language.GERMAN, Language.GERMAN.label),
            (Language.FRENCH, Language.FRENCH.label),
        ],
    )
    team = models.ForeignKey(
        "tickets.Team", on_delete=models.PROTECT, related_name="phone_lines", verbose_name=_("team")
    )
    # The line's own service hours (e.g. the evening line until 21:00); used
    # for a caller whose school is not known. Empty: the standard calendar.
    calendar = models.ForeignKey(
        "hours.ServiceCalendar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="phone_lines",
        verbose_name=_("service calendar"),
    )
    # Only a hash of the secret token in the PBX's URL is stored: the token
    # is shown once, when it is made, and can be renewed.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token ends with"), max_length=8, blank=True, editable=False)
    default_region = models.CharField(
        _("default country"),
        max_length=2,
        default="BE",
        help_text=_("Two-letter country code used for numbers written without one, e.g. BE."),
    )
    outbound_caller_id = models.CharField(
        _("outbound caller ID"),
        max_length=20,
        blank=True,
        help_text=_("Number shown to the person called on outbound calls; empty: the PBX decides."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("phone line")
        verbose_name_plural = _("phone lines")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OutboundRoute(models.Model):
    """Caller ID to present for outbound calls whose destination matches
    `pattern` (`*` = one or more characters, the whole number must match);
    the first matching route by position wins."""

    line = models.ForeignKey(
        PhoneLine, on_delete=models.CASCADE, related_name="outbound_routes", verbose_name=_("line")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    pattern = models.CharField(_("destination"), max_length=40)
    caller_id = models.CharField(_("caller ID"), max_length=20)

    class Meta:
        verbose_name = _("outbound route")
        verbose_name_plural = _("outbound routes")
        ordering = ["line", "position", "id"]

    def __str__(self):
        return f"{self.pattern} → {self.caller_id}"


class Direction(models.TextChoices):
    INBOUND = "in", _("Inbound")
    OUTBOUND = "out", _("Outbound")


class CallState(models.TextChoices):
    RINGING = "ringing", _("Ringing")
    ANSWERED = "answered", _("In conversation")
    ENDED = "ended", _("Ended")


class Outcome(models.TextChoices):
    # Empty while the call is going on.
    ANSWERED = "answered", _("Answered")
    MISSED = "missed", _("Missed")
    REJECTED = "rejected", _("Rejected")
    VOICEMAIL = "voicemail", _("Voicemail")
    FORWARDED = "forwarded", _("Forwarded")


class MatchedBy(models.TextChoices):
    NONE = "", _("Unknown number")
    PERSON = "person", _("School member's number")
    SCHOOL = "school", _("School's number")


class Call(models.Model):
    line = models.ForeignKey(
        PhoneLine, on_delete=models.PROTECT, related_name="calls", verbose_name=_("line")
    )
    call_id = models.CharField(_("call ID"), max_length=200)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    # As received, and in E.164 when it could be read ("" for "anonymous").
    from_raw = models.CharField(_("from (as received)"), max_length=100, blank=True)
    to_raw = models.CharField(_("to (as received)"), max_length=100, blank=True)
    from_number = models.CharField(_("from"), max_length=20, blank=True, db_index=True)
    to_number = models.CharField(_("to"), max_length=20, blank=True, db_index=True)
    # The outside party: the caller of an inbound call, the callee of an
    # outbound one. What the school/person match used.
    party_number = models.CharField(_("number"), max_length=20, blank=True, db_index=True)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("school"),
    )
    # The site whose switchboard called (a site's number), else empty.
    site = models.ForeignKey(
        "schools.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("site"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_calls",
        verbose_name=_("caller"),
    )
    matched_by = models.CharField(
        _("recognised by"), max_length=10, choices=MatchedBy.choices, blank=True
    )
    state = models.CharField(_("state"), max_length=10, choices=CallState.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    cause = models.CharField(_("hang-up cause"), max_length=40, blank=True)
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    waiting_seconds = models.PositiveIntegerField(
        _("waiting time (seconds)"), null=True, blank=True
    )
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    # The agent who answered (the last one after a transfer) or who called out.
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_calls",
        verbose_name=_("agent"),
    )
    agent_names = models.CharField(_("agents (as received)"), max_length=300, blank=True)
    answering_number = models.CharField(_("answering number"), max_length=40, blank=True)
    outside_hours = models.BooleanField(_("outside service hours"), default=False)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("request"),
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "call_id"], name="phone_call_unique_line_call_id"
            )
        ]
        indexes = [
            models.Index(fields=["-started_at", "-id"], name="phone_call_started"),
            models.Index(fields=["line", "started_at"], name="phone_call_line_started"),
            models.Index(fields=["school", "started_at"], name="phone_call_school_started"),
            models.Index(fields=["state", "line"], name="phone_call_state_line"),
        ]

    def __str__(self):
        return f"{self.line} {self.call_id}"


class EventResult(models.TextChoices):
    APPLIED = "applied", _("Applied")
    DUPLICATE = "duplicate", _("Same event again, nothing changed")
    MALFORMED = "malformed", _("Malformed, ignored")
    OUT_OF_ORDER = "out_of_order", _("Out of order, ignored")
    UNKNOWN_CALL = "unknown_call", _("Unknown call, ignored")


class CallEvent(models.Model):
    """One request received from a PBX with a valid token, kept as received."""

    line = models.ForeignKey(
        PhoneLine, on_delete=models.CASCADE, related_name="events", verbose_name=_("line")
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("call"),
    )
    received_at = models.DateTimeField(_("received"), db_index=True)
    event = models.CharField(_("event"), max_length=40, blank=True)
    # The callId as received (the `call` link is set once the call is known).
    pbx_call_id = models.CharField(_("call ID"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    body = models.TextField(_("body as received"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=EventResult.choices)
    detail = models.CharField(_("what was done"), max_length=300, blank=True)
    response = models.JSONField(_("response"), default=dict, blank=True)

    class Meta:
        verbose_name = _("call event")
        verbose_name_plural = _("call events")
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["line", "pbx_call_id"], name="phone_event_line_call_id")]

    def __str__(self):
        return f"{self.event} {self.pbx_call_id}"


class BlockedNumber(models.Model):
    """Inbound calls from this number are answered with a reject (busy)."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blocked by"),
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("blocked number")
        verbose_name_plural = _("blocked numbers")
        ordering = ["number"]

    def __str__(self):
        return self.number


class CallbackReason(models.TextChoices):
    MISSED = "missed", _("Missed call")
    OUT_OF_HOURS = "out_of_hours", _("Outside service hours")
    VOICEMAIL = "voicemail", pgettext_lazy("callback reason", "Voicemail")


class CallbackState(models.TextChoices):
    OPEN = "open", pgettext_lazy("callback state", "To call back")
    TAKEN = "taken", pgettext_lazy("callback state", "Taken")
    DONE = "done", pgettext_lazy("callback state", "Done")


class Callback(models.Model):
    """A call the helpdesk owes: a missed call, a call outside the school's
    service hours, a voicemail. Due in business hours of the school's
    calendar (e.g. by 10:00 the next working day)."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="callback", verbose_name=_("call")
    )
    number = models.CharField(_("number to call"), max_length=20, blank=True)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callbacks",
        verbose_name=_("school"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callbacks_owed",
        verbose_name=_("caller"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=CallbackReason.choices)
    team = models.ForeignKey(
        "tickets.Team", on_delete=models.PROTECT, related_name="callbacks", verbose_name=_("team")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CallbackState.choices, default=CallbackState.OPEN
    )
    created_at = models.DateTimeField(_("created"))
    due_at = models.DateTimeField(_("due"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callbacks_taken",
        verbose_name=_("taken by"),
    )
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # The outbound call that returned this one, when the PBX reported it or
    # the agent logged it.
    callback_call = models.ForeignKey(
        Call,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("call back"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["state", "due_at"], name="phone_callback_state_due")]

    def __str__(self):
        return f"{self.number} ({self.get_reason_display()})"
