"""On-site interventions: the plan (what, where, who, proposed slots), the
school's confirmation, the status steps; the time a site can be visited and
the time a technician can work.

The planning rules are pure functions (planning.py); every write goes through
services.py, which records each status change in the ticket's history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Language
from pupitre.hours.models import Weekday


class InterventionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    ON_THE_WAY = "on_the_way", _("On the way")
    ON_SITE = "on_site", _("On site")
    DONE = "done", _("Done")
    NO_ACCESS = "no_access", _("No access")
    CANCELLED = "cancelled", _("Cancelled")


# An intervention in one of these statuses is finished: nothing more happens.
FINAL_STATUSES = (
    InterventionStatus.DONE,
    InterventionStatus.NO_ACCESS,
    InterventionStatus.CANCELLED,
)
# An intervention in one of these statuses holds its technician's time.
BOOKED_STATUSES = (
    InterventionStatus.CONFIRMED,
    InterventionStatus.ON_THE_WAY,
    InterventionStatus.ON_SITE,
)


class Intervention(models.Model):
    """A technician's visit to one site of a school, decided from a ticket."""

    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        related_name="interventions",
        verbose_name=_("request"),
    )
    site = models.ForeignKey(
        "schools.Site",
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name=_("site"),
    )
    devices = models.ManyToManyField(
        "equipment.Device",
        blank=True,
        related_name="interventions",
        verbose_name=_("devices"),
    )
    work = models.TextField(_("what is to be done"))
    duration_minutes = models.PositiveIntegerField(_("expected duration (minutes)"))
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("technician"),
    )
    team = models.ForeignKey(
        "tickets.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("team"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PROPOSED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    # The decision to send someone: the start of the intervention's SLA
    # (decision → visit, in business days of the school's calendar).
    decided_at = models.DateTimeField(_("decided"))
    visit_due_on = models.DateField(_("visit due"), null=True, blank=True)
    # The confirmed slot, copied from the chosen ProposedSlot (or set by staff).
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by_name = models.CharField(_("confirmed by"), max_length=200, blank=True)
    on_the_way_at = models.DateTimeField(_("on the way since"), null=True, blank=True)
    on_site_at = models.DateTimeField(_("arrived on site"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # What the school wrote when it asked for another time.
    school_request = models.TextField(_("other time asked by the school"), blank=True)
    school_request_at = models.DateTimeField(_("other time asked"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Bumped by every change a calendar or a link depends on (slots, time,
    # status): the SEQUENCE of the calendar event, and part of every signed
    # confirmation link, so that a link to replaced slots stops working.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("last change"))

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-decided_at", "-id"]
        indexes = [
            models.Index(fields=["technician", "starts_at"], name="intervention_tech_start_idx"),
            models.Index(fields=["status", "decided_at"], name="intervention_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0),
                name="intervention_positive_duration",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="intervention_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.site_id} {self.status}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class ProposedSlot(models.Model):
    """One of the one to three times offered to the school."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("intervention"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    chosen = models.BooleanField(_("chosen"), default=False)

    class Meta:
        verbose_name = _("proposed slot")
        verbose_name_plural = _("proposed slots")
        ordering = ["intervention", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="proposed_slot_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class TechnicianProfile(models.Model):
    """Where a technician works from, when, and in which regions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="technician_profile",
        verbose_name=_("technician"),
    )
    # Provinces and German-speaking cantons (schools.Region values).
    regions = models.JSONField(_("regions"), default=list, blank=True)
    base_latitude = models.DecimalField(
        _("base latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    base_longitude = models.DecimalField(
        _("base longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    day_starts = models.TimeField(_("working day starts"), default="07:30")
    day_ends = models.TimeField(_("working day ends"), default="17:00")
    # Weekdays worked, 0 = Monday (hours.Weekday values).
    weekdays = models.JSONField(_("working days"), default=list, blank=True)

    class Meta:
        verbose_name = _("technician profile")
        verbose_name_plural = _("technician profiles")

    def __str__(self):
        return str(self.user)


class TechnicianAbsence(models.Model):
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("technician"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("technician absence")
        verbose_name_plural = _("technician absences")
        ordering = ["technician", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="technician_absence_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.technician_id} {self.starts_at:%Y-%m-%d}"


class SiteHours(models.Model):
    """A site's own opening hours on one weekday. A site without any row
    follows the default school day (planning.DEFAULT_SCHOOL_WEEK)."""

    site = models.ForeignKey(
        "schools.Site",
        on_delete=models.CASCADE,
        related_name="opening_hours",
        verbose_name=_("site"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("site opening hours")
        verbose_name_plural = _("site opening hours")
        ordering = ["site", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="site_hours_close_after_open",
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class SiteNoVisit(models.Model):
    """Days on which a site cannot be visited (exams, a school trip, works)."""

    site = models.ForeignKey(
        "schools.Site",
        on_delete=models.CASCADE,
        related_name="no_visit_days",
        verbose_name=_("site"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (included)"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("no-visit days")
        verbose_name_plural = _("no-visit days")
        ordering = ["site", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="site_no_visit_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.starts_on}–{self.ends_on} {self.reason}"


class SchoolHoliday(models.Model):
    """School holidays of a Community (the French-speaking and the
    German-speaking Communities each set their own school year): no school
    day, so no visit, for every school of that language."""

    language = models.CharField(
        _("community"),
        max_length=2,
        choices=[
            (Language.GERMAN, Language.GERMAN.label),
            (Language.FRENCH, Language.FRENCH.label),
        ],
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (included)"))
    name_de = models.CharField(_("name in German"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100)

    class Meta:
        verbose_name = _("school holidays")
        verbose_name_plural = _("school holidays")
        ordering = ["language", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="school_holiday_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.language} {self.starts_on}–{self.ends_on}"


# The technician's side: the report of a visit, its photos and devices, and
# the calendar feed.


class DeviceOutcome(models.TextChoices):
    REPAIRED = "repaired", _("Repaired")
    REPLACED = "replaced", _("Replaced")
    SENT_FOR_REPAIR = "sent_for_repair", _("Sent for repair")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class InterventionReport(models.Model):
    """What the technician did on site, signed off by the school (or not,
    when nobody was there). One per intervention; its PDF is attached to the
    ticket and mailed to the school."""

    intervention = models.OneToOneField(
        Intervention,
        on_delete=models.CASCADE,
        related_name="report",
        verbose_name=_("intervention"),
    )
    # The one-time key of the form that sent it: the same report sent twice
    # (the phone lost the answer, not the request) is recorded once.
    submission_key = models.CharField(_("submission key"), max_length=64, unique=True)
    work_done = models.TextField(_("work done"))
    parts_used = models.TextField(_("parts used"), blank=True)
    minutes_on_site = models.PositiveIntegerField(_("time on site (minutes)"))
    minutes_travel = models.PositiveIntegerField(_("travel time (minutes)"))
    signed_by_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signature = models.FileField(_("signature"), upload_to="onsite/signatures/", blank=True)
    nobody_available = models.BooleanField(_("nobody available to sign"), default=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"))
    # The PDF as attached to the ticket's reply.
    pdf = models.ForeignKey(
        "tickets.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PDF"),
    )

    class Meta:
        verbose_name = _("intervention report")
        verbose_name_plural = _("intervention reports")

    def __str__(self):
        return f"{self.intervention_id}"


class ReportDevice(models.Model):
    report = models.ForeignKey(
        InterventionReport,
        on_delete=models.CASCADE,
        related_name="devices",
        verbose_name=_("report"),
    )
    device = models.ForeignKey(
        "equipment.Device", on_delete=models.PROTECT, related_name="+", verbose_name=_("device")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=DeviceOutcome.choices)
    # A replacement: the new device entered in the registry.
    replacement = models.ForeignKey(
        "equipment.Device",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replacement"),
    )

    class Meta:
        verbose_name = _("device in a report")
        verbose_name_plural = _("devices in a report")
        constraints = [
            models.UniqueConstraint(fields=["report", "device"], name="report_device_once")
        ]

    def __str__(self):
        return f"{self.device_id} {self.outcome}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        InterventionReport,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("report"),
    )
    image = models.FileField(_("photo"), upload_to="onsite/photos/")
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["report", "id"]

    def __str__(self):
        return self.image.name


class CalendarFeed(models.Model):
    """A technician's secret calendar address. Only a hash of its token is
    kept: the address is shown once, when made; making a new one or
    revoking it stops the old one at once."""

    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("technician"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["technician", "-created_at"]

    def __str__(self):
        return f"{self.technician_id} {self.created_at:%Y-%m-%d}"


class InterventionHandover(models.Model):
    """A visit taken from one technician and given to another. Kept so that
    the former technician's calendar feed goes on showing the visit, marked
    cancelled, for as long as a cancelled visit stays there (their phone
    then removes it), and so that their pages can say where it went."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="handovers",
        verbose_name=_("intervention"),
    )
    former_technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("former technician"),
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("new technician"),
    )
    handed_over_at = models.DateTimeField(_("handed over"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # The visit's time as the former technician's calendar had it (none
    # when the visit was not confirmed yet, so was not in their calendar).
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("intervention handover")
        verbose_name_plural = _("intervention handovers")
        ordering = ["intervention", "handed_over_at", "id"]
        indexes = [
            models.Index(
                fields=["former_technician", "starts_at"], name="handover_former_start_idx"
            ),
        ]

    def __str__(self):
        return f"{self.intervention_id} {self.former_technician_id}→{self.technician_id}"
