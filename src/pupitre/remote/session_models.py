"""Remote sessions on a school's computer: the consent asked and given (or
refused), the session itself (started, ended, how long) and the agent's
summary. One row is one session, from the consent to the end: the access
log of a device is these rows.

Imported by `remote/models.py`, beside the MeshCentral configuration."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Language
from pupitre.equipment.models import Device
from pupitre.tickets.models import Ticket

__all__ = [
    "MANUAL_TOOLS",
    "OPEN_STATUSES",
    "ConsentChannel",
    "RemoteSession",
    "SessionStatus",
    "SessionTool",
]


class SessionTool(models.TextChoices):
    MESHCENTRAL = "meshcentral", "MeshCentral"
    RUSTDESK = "rustdesk", "RustDesk"
    TEAMVIEWER = "teamviewer", "TeamViewer"
    ANYDESK = "anydesk", "AnyDesk"


# Tools whose sessions are started and ended by hand by the agent (their
# servers tell us nothing); MeshCentral's come back from its own events.
MANUAL_TOOLS = (SessionTool.RUSTDESK, SessionTool.TEAMVIEWER, SessionTool.ANYDESK)


class ConsentChannel(models.TextChoices):
    PORTAL = "portal", _("On the portal")
    PHONE = "phone", _("By phone, noted by the agent")


class SessionStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Waiting for the school's consent")
    REFUSED = "refused", _("Consent refused")
    CONSENTED = "consented", _("Consent given, not started")
    OPENED = "opened", _("Link opened, waiting for the session")
    ACTIVE = "active", _("In progress")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Withdrawn")


# A session in one of these may still be started, or is running.
OPEN_STATUSES = (
    SessionStatus.AWAITING_CONSENT,
    SessionStatus.CONSENTED,
    SessionStatus.OPENED,
    SessionStatus.ACTIVE,
)


class RemoteSession(models.Model):
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="remote_sessions",
        verbose_name=_("ticket"),
    )
    # Null only for a MeshCentral session on a computer not matched to the
    # registry (recorded from MeshCentral's events all the same).
    device = models.ForeignKey(
        Device,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remote_sessions",
        verbose_name=_("device"),
    )
    tool = models.CharField(_("tool"), max_length=20, choices=SessionTool.choices)
    node_id = models.CharField(_("MeshCentral device id"), max_length=200, blank=True)
    computer_name = models.CharField(_("computer"), max_length=200, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remote_sessions",
        verbose_name=_("agent"),
    )
    # The account the remote-control server knows the agent by (MeshCentral's
    # user name): how its events are matched to this row.
    remote_user = models.CharField(_("remote-control account"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, db_index=True
    )
    requested_at = models.DateTimeField(_("requested"))

    # Consent: who gave (or refused) it, how, when, and the very sentence
    # they agreed to, in the language it was shown or read to them.
    consent_channel = models.CharField(
        _("consent asked"), max_length=10, choices=ConsentChannel.choices, blank=True
    )
    consent_by_name = models.CharField(_("consent given by"), max_length=150, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent given by (account)"),
    )
    consent_at = models.DateTimeField(_("consent answered"), null=True, blank=True)
    consent_language = models.CharField(
        _("consent language"), max_length=2, choices=Language.choices, blank=True
    )
    consent_sentence = models.TextField(_("consent sentence"), blank=True)

    opened_at = models.DateTimeField(_("link opened"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # MeshCentral: the relay session's id (the same in its start and end
    # events) and the keys of the events imported, so that reading the
    # same events again changes nothing.
    relay_id = models.CharField(_("relay session id"), max_length=100, blank=True)
    start_event_key = models.CharField(_("start event"), max_length=200, blank=True)
    end_event_key = models.CharField(_("end event"), max_length=200, blank=True)
    protocol = models.CharField(_("protocol"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("remote session")
        verbose_name_plural = _("remote sessions")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["device", "-requested_at"], name="remote_session_device_idx"),
            models.Index(fields=["ticket", "-requested_at"], name="remote_session_ticket_idx"),
            models.Index(fields=["requested_at"], name="remote_session_age_idx"),
            models.Index(fields=["tool", "node_id", "status"], name="remote_session_node_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["node_id", "relay_id"],
                condition=~Q(relay_id=""),
                name="remote_session_unique_relay",
            ),
        ]

    def __str__(self):
        target = self.device or self.computer_name
        return f"{self.get_tool_display()} {target} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def without_ticket(self) -> bool:
        return self.ticket_id is None
