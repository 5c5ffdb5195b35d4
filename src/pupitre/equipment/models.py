from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pupitre.schools.models import School, Site


class Category(models.TextChoices):
    LAPTOP = "laptop", _("Laptop")
    TABLET = "tablet", _("Tablet")
    INTERACTIVE_DISPLAY = "interactive_display", _("Interactive display")
    PROJECTOR = "projector", _("Projector")
    NETWORK = "network", _("Network equipment")
    OTHER = "other", pgettext_lazy("device category", "Other")


class Provenance(models.TextChoices):
    MARKET_CENTRAL = "market_central", _("Central purchasing body")
    OTHER = "other", pgettext_lazy("provenance", "Other")


class Funding(models.TextChoices):
    WALLONIA_PROGRAMME = "wallonia_programme", _("Walloon programme")
    OWN_FUNDS = "own_funds", _("School's own funds")
    OTHER = "other", pgettext_lazy("funding", "Other")


class DeviceStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    RETIRED = "retired", _("Retired")
    LOST = "lost", _("Lost")
    REPLACED = "replaced", _("Replaced")


class DeviceModel(models.Model):
    manufacturer = models.CharField(_("manufacturer"), max_length=100)
    name = models.CharField(_("model name"), max_length=150)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)

    class Meta:
        verbose_name = _("device model")
        verbose_name_plural = _("device models")
        ordering = ["manufacturer", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "name"], name="devicemodel_unique_manufacturer_name"
            )
        ]

    def __str__(self):
        return f"{self.manufacturer} {self.name}"


class Device(models.Model):
    serial = models.CharField(_("serial number"), max_length=100, unique=True)
    asset_tag = models.CharField(_("asset tag"), max_length=100, blank=True, db_index=True)
    model = models.ForeignKey(
        DeviceModel, on_delete=models.PROTECT, related_name="devices", verbose_name=_("model")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="devices", verbose_name=_("school")
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        related_name="devices",
        verbose_name=_("site"),
        null=True,
        blank=True,
    )
    provenance = models.CharField(
        _("provenance"),
        max_length=20,
        choices=Provenance.choices,
        default=Provenance.MARKET_CENTRAL,
    )
    funding = models.CharField(
        _("funding"), max_length=30, choices=Funding.choices, default=Funding.WALLONIA_PROGRAMME
    )
    programme_reference = models.CharField(
        _("programme reference"),
        max_length=100,
        blank=True,
        help_text=_("Project call or equipment file."),
    )
    delivery_date = models.DateField(_("delivery date"), null=True, blank=True)
    warranty_end = models.DateField(_("warranty end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DeviceStatus.choices, default=DeviceStatus.IN_SERVICE
    )
    remote_tool = models.CharField(_("remote-control tool"), max_length=30, blank=True)
    remote_id = models.CharField(_("remote-control identifier"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["model__category", "serial"]

    def __str__(self):
        label = f"{self.model} · {self.serial}"
        return f"{label} · {self.asset_tag}" if self.asset_tag else label
