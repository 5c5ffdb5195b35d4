"""One record per changed field of a setting: who, when, which object, old → new.

Tickets keep their history in their timeline; the settings of the service
(calendars and closed days, SLA targets, the coverage policy, mailboxes,
user roles, schools and their memberships, teams and their members) keep
theirs here. This app imports no other domain app, so that every one of
them may write here.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ObjectKind(models.TextChoices):
    CALENDAR = "calendar", _("Service calendar")
    CLOSED_DAY = "closed_day", _("Closed day")
    CLOSED_PERIOD = "closed_period", _("Closed period")
    SLA_POLICY = "sla_policy", _("SLA targets")
    COVERAGE_POLICY = "coverage_policy", _("Coverage rules")
    MAILBOX = "mailbox", _("Mailbox")
    USER = "user", _("User account")
    MEMBERSHIP = "membership", _("School membership")
    SCHOOL = "school", _("School")
    TEAM = "team", _("Team")
    ODOO_CONNECTION = "odoo_connection", _("Odoo connection")
    MESHCENTRAL_SERVER = "meshcentral_server", _("MeshCentral server")
    PHONE_LINE = "phone_line", _("Phone line")
    BLOCKED_NUMBER = "blocked_number", _("Blocked number")
    SITE_HOURS = "site_hours", _("Site opening hours")
    SITE_NO_VISIT = "site_no_visit", _("No-visit days")
    TECHNICIAN_ABSENCE = "technician_absence", _("Technician absence")
    TECHNICIAN_PROFILE = "technician_profile", _("Technician profile")
    SCHOOL_HOLIDAY = "school_holiday", _("School holidays")
    REMOTE_COMPUTER = "remote_computer", _("Computer in MeshCentral")


class AuditRecord(models.Model):
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # Empty for changes made by the system (migrations, the demo, commands
    # run without a user).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    object_kind = models.CharField(_("kind of object"), max_length=20, choices=ObjectKind.choices)
    # Text, so that any primary key fits; kept when the object is deleted.
    object_id = models.CharField(_("object id"), max_length=40)
    object_label = models.CharField(_("object"), max_length=200)
    field = models.CharField(_("field"), max_length=50)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        verbose_name = _("settings change")
        verbose_name_plural = _("settings changes")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_newest"),
            models.Index(fields=["object_kind", "-created_at"], name="audit_kind_newest"),
            models.Index(fields=["by", "-created_at"], name="audit_by_newest"),
        ]

    def __str__(self):
        return f"{self.object_kind} {self.object_id} {self.field}"
