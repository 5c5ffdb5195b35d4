import secrets
from urllib.parse import quote

from django.conf import settings
from django.core.validators import MinValueValidator
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


class RemoteTool(models.TextChoices):
    RUSTDESK = "rustdesk", "RustDesk"
    TEAMVIEWER = "teamviewer", "TeamViewer"
    ANYDESK = "anydesk", "AnyDesk"
    MESHCENTRAL = "meshcentral", "MeshCentral"
    OTHER = "other", pgettext_lazy("remote-control tool", "Other")


# Tools whose client opens a session from a link. MeshCentral has no
# public URL scheme (its links point at each operator's own server).
REMOTE_LINKS = {
    RemoteTool.RUSTDESK: "rustdesk://{id}",
    RemoteTool.TEAMVIEWER: "teamviewer10://control?device={id}",
    RemoteTool.ANYDESK: "anydesk:{id}",
}


def remote_link(tool: str, remote_id: str) -> str:
    """The link that opens a remote session with this device, or ''."""
    pattern = REMOTE_LINKS.get(tool)
    compact = "".join(remote_id.split())
    if not pattern or not compact:
        return ""
    return pattern.format(id=quote(compact, safe=""))


# The code printed under a device's QR label (/d/<code>): 8 characters of an
# alphabet without the look-alikes 0/O and 1/I, read case-insensitively.
LABEL_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LABEL_CODE_LENGTH = 8


def new_label_code() -> str:
    """A random label code (32^8, about 10^12 codes: a clash is rare, and
    the services check for one before saving)."""
    return "".join(secrets.choice(LABEL_CODE_ALPHABET) for _position in range(LABEL_CODE_LENGTH))


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
    remote_tool = models.CharField(
        _("remote-control tool"), max_length=30, choices=RemoteTool.choices, blank=True
    )
    remote_id = models.CharField(_("remote-control identifier"), max_length=100, blank=True)
    # Stable for the device's life: a sticker outlives re-imports and moves.
    label_code = models.CharField(
        _("label code"),
        max_length=LABEL_CODE_LENGTH,
        unique=True,
        default=new_label_code,
        editable=False,
    )

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["model__category", "serial"]
        indexes = [models.Index(fields=["school", "status"], name="device_school_idx")]

    def __str__(self):
        label = f"{self.model} · {self.serial}"
        return f"{label} · {self.asset_tag}" if self.asset_tag else label

    @property
    def remote_url(self) -> str:
        return remote_link(self.remote_tool, self.remote_id)


class CoveragePolicy(models.Model):
    """The programme's coverage rules as data (one row, edited by supervisors).

    Defaults are the programme's: the school owns Walloon-funded devices 3
    years after delivery, and help continues 5 years after that (never less).
    """

    transfer_years = models.PositiveSmallIntegerField(
        _("ownership transfer (years after delivery)"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Walloon-funded devices become the school's property after this time."),
    )
    assistance_years = models.PositiveSmallIntegerField(
        _("assistance (years after the transfer)"),
        default=5,
        validators=[MinValueValidator(5)],
        help_text=_("Technical help after the transfer; the programme guarantees at least 5."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice to the school (days before a phase ends)"),
        default=60,
        validators=[MinValueValidator(1)],
    )
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("coverage policy")
        verbose_name_plural = _("coverage policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assistance_years__gte=5), name="policy_assistance_at_least_5"
            )
        ]

    def __str__(self):
        return f"{self.transfer_years} + {self.assistance_years}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    """A school's or an agent's request to extend help for some devices
    beyond the assistance period, decided by a supervisor."""

    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="extension_requests",
        verbose_name=_("school"),
    )
    devices = models.ManyToManyField(
        Device, related_name="extension_requests", verbose_name=_("devices")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="extension_requests",
        verbose_name=_("requested by"),
    )
    reason = models.TextField(_("reason"))
    requested_end = models.DateField(_("requested end"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    approved_end = models.DateField(_("approved end"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("requested"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="extension_status_idx")]

    def __str__(self):
        return f"{self.school} {self.requested_end} {self.status}"


class CoverageExtension(models.Model):
    """One device's approved extension: help from `start` to `end`, both included."""

    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("device")
    )
    request = models.ForeignKey(
        ExtensionRequest,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("extension request"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("coverage extension")
        verbose_name_plural = _("coverage extensions")
        ordering = ["device", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="extension_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.device_id}: {self.start} – {self.end}"


class ExtensionEventKind(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionEvent(models.Model):
    """History of an extension request: who did what, when."""

    request = models.ForeignKey(
        ExtensionRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("extension request"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ExtensionEventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)
    end = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(_("date"))

    class Meta:
        verbose_name = _("extension event")
        verbose_name_plural = _("extension events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request_id} {self.kind}"


class CoverageNotice(models.Model):
    """A notice sent to a school that a device is about to leave a phase.
    Recorded so that each device is told about once per phase."""

    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="coverage_notices", verbose_name=_("device")
    )
    phase = models.CharField(_("phase"), max_length=20)
    phase_end = models.DateField(_("phase end"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("coverage notice")
        verbose_name_plural = _("coverage notices")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "phase", "phase_end"], name="coverage_notice_once"
            )
        ]

    def __str__(self):
        return f"{self.device_id} {self.phase} {self.phase_end}"


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all", _("All or nothing")
    VALID_ROWS = "valid", _("Import the valid rows")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Dry run")
    APPLIED = "applied", _("Imported")
    REFUSED = "refused", _("Not imported (rejected rows)")


class DeviceImport(models.Model):
    """History of delivery-list imports: who, when, which file, what happened."""

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("uploaded"))
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    mode = models.CharField(_("mode"), max_length=5, choices=ImportMode.choices, blank=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)

    class Meta:
        verbose_name = _("device import")
        verbose_name_plural = _("device imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.filename} {self.created_at:%Y-%m-%d %H:%M}"
