"""Remote maintenance through the programme's MeshCentral server.

The server's address, service account and consent policy are data (one
`MeshCentralServer` row); its secrets (the service account's password and
the login-token key) come from the environment or a `*_FILE` secret, never
from the database. Each school gets its own device group
(`SchoolDeviceGroup`); the computers MeshCentral knows are mirrored as
`RemoteComputer` rows, matched to the registry's devices.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pupitre.equipment.models import Device
from pupitre.schools.models import School

# MeshCentral's group consent bits (desktop, terminal, files).
CONSENT_NOTIFY = 1 | 2 | 4
CONSENT_PROMPT = 8 | 16 | 32
CONSENT_TOOLBAR = 64


class MeshCentralServer(models.Model):
    name = models.CharField(_("name"), max_length=100, default="MeshCentral")
    url = models.URLField(
        _("address"),
        help_text=_("The server's public address, for example https://remote.example.org/."),
    )
    username = models.CharField(
        _("service account"),
        max_length=100,
        help_text=_(
            "MeshCentral account that Pupitre uses to create groups and accounts. Its "
            "password and the login-token key are read from the environment "
            "(MESHCENTRAL_PASSWORD, MESHCENTRAL_LOGIN_TOKEN_KEY or their *_FILE variants)."
        ),
    )
    verify_tls = models.BooleanField(
        _("verify the server's certificate"),
        default=True,
        help_text=_("Turn off only for a server on this machine with a self-signed certificate."),
    )
    timeout_seconds = models.PositiveSmallIntegerField(_("time-out (seconds)"), default=10)
    invite_hours = models.PositiveSmallIntegerField(
        _("install links valid for (hours)"), default=72
    )
    login_link_minutes = models.PositiveSmallIntegerField(
        _("login links valid for (minutes)"), default=5
    )
    # The programme's consent policy, applied to every school's group.
    consent_notify = models.BooleanField(_("notify the person at the computer"), default=True)
    consent_prompt = models.BooleanField(
        _("ask the person at the computer to accept"), default=True
    )
    consent_toolbar = models.BooleanField(
        _("show a toolbar while the computer is controlled"), default=True
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("MeshCentral server")
        verbose_name_plural = _("MeshCentral servers")

    def __str__(self):
        return self.name

    @property
    def consent_bits(self) -> int:
        bits = 0
        if self.consent_notify:
            bits |= CONSENT_NOTIFY
        if self.consent_prompt:
            bits |= CONSENT_PROMPT
        if self.consent_toolbar:
            bits |= CONSENT_TOOLBAR
        return bits


class SchoolDeviceGroup(models.Model):
    school = models.OneToOneField(
        School, on_delete=models.CASCADE, related_name="device_group", verbose_name=_("school")
    )
    server = models.ForeignKey(
        MeshCentralServer,
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("server"),
    )
    mesh_id = models.CharField(_("MeshCentral group"), max_length=200, unique=True)
    name = models.CharField(_("group name"), max_length=200)
    consent = models.PositiveIntegerField(_("consent flags"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The last install link handed out; a new one is made when it expires
    # or when the ICT contact asks for one.
    invite_url = models.URLField(_("install link"), max_length=2000, blank=True)
    invite_expires_at = models.DateTimeField(_("install link valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("school device group")
        verbose_name_plural = _("school device groups")

    def __str__(self):
        return self.name


class MatchedBy(models.TextChoices):
    NONE = "", _("Not matched")
    SERIAL = "serial", _("Serial number")
    HOST_NAME = "host_name", _("Host name")
    MANUAL = "manual", _("Linked by an agent")


class RemoteComputer(models.Model):
    node_id = models.CharField(_("MeshCentral device"), max_length=200, unique=True)
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="remote_computers",
        verbose_name=_("school"),
    )
    group = models.ForeignKey(
        SchoolDeviceGroup,
        on_delete=models.SET_NULL,
        related_name="computers",
        verbose_name=_("group"),
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200)
    host_name = models.CharField(_("host name"), max_length=200, blank=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    os_description = models.CharField(_("operating system"), max_length=200, blank=True)
    # MeshCentral's `conn` bitmask: 1 = agent connected.
    conn = models.PositiveIntegerField(_("connection state"), default=0)
    online = models.BooleanField(_("online"), default=False)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    synced_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)
    gone = models.BooleanField(
        _("no longer in MeshCentral"),
        default=False,
        help_text=_("The device was removed from MeshCentral; its history is kept."),
    )
    device = models.ForeignKey(
        Device,
        on_delete=models.SET_NULL,
        related_name="remote_computers",
        verbose_name=_("device"),
        null=True,
        blank=True,
    )
    matched_by = models.CharField(
        _("matched by"), max_length=20, choices=MatchedBy.choices, default="", blank=True
    )
    matched_at = models.DateTimeField(_("matched"), null=True, blank=True)
    matched_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("matched by user"),
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("remote computer")
        verbose_name_plural = _("remote computers")
        ordering = ["school", "name"]
        indexes = [
            models.Index(fields=["school", "name"], name="remotecomputer_school_idx"),
        ]

    def __str__(self):
        return self.name


# The sessions, their consent and their record.
from .session_models import *  # noqa: E402, F403
