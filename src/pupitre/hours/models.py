"""Service calendars as data: opening hours, closed days and closed periods.

The rows are turned into a pure `Calendar` (engine.py) by
`queries.calendar_for_school`; every edit goes through `services.py`, which
bumps the calendar's `revision` so that cached calendars are rebuilt.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pupitre.core.translated_names import TranslatedName


class ServiceCalendar(TranslatedName):
    STANDARD = "standard"
    EXTENDED = "extended"

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    time_zone = models.CharField(_("time zone"), max_length=50, default="Europe/Brussels")
    # Bumped by every edit: the key of the per-process cache of built calendars.
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("service calendar")
        verbose_name_plural = _("service calendars")
        ordering = ["code"]

    def __str__(self):
        return self.localized_name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningInterval(models.Model):
    """Wall-clock opening hours on one weekday; a closing time of 00:00 means midnight."""

    calendar = models.ForeignKey(
        ServiceCalendar,
        on_delete=models.CASCADE,
        related_name="intervals",
        verbose_name=_("calendar"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening interval")
        verbose_name_plural = _("opening intervals")
        ordering = ["calendar", "weekday", "opens"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosedDayKind(models.TextChoices):
    PUBLIC_HOLIDAY = "public_holiday", _("Public holiday")
    SERVICE_CLOSURE = "service_closure", _("Service closure")


class ClosedDay(models.Model):
    calendar = models.ForeignKey(
        ServiceCalendar,
        on_delete=models.CASCADE,
        related_name="closed_days",
        verbose_name=_("calendar"),
    )
    date = models.DateField(_("date"))
    name_de = models.CharField(_("name in German"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ClosedDayKind.choices)

    class Meta:
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="closed_day_unique_date")
        ]

    def __str__(self):
        return f"{self.date} {self.name_fr}"


class ClosedPeriod(models.Model):
    """A one-off closure of part of a day or of several days (e.g. a move)."""

    calendar = models.ForeignKey(
        ServiceCalendar,
        on_delete=models.CASCADE,
        related_name="closed_periods",
        verbose_name=_("calendar"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["calendar", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="closed_period_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.reason}"
