"""The connection to the programme's Odoo, as data an administrator sets in
the desk. The protocol itself is in `odoo.py`; the secret's storage in
`secrets.py`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pupitre.tickets.models import Message, Ticket

DEFAULT_TIMEOUT_SECONDS = 10


class OdooConnection(models.Model):
    """How Pupitre reaches Odoo's external API with a technical account.

    The API key is either stored encrypted (`api_key_encrypted`, never shown
    back) or read from the environment: `api_key_env` names a variable, and
    `<NAME>_FILE` naming a file (a container secret) is read first. At most
    one connection is active; without one the Odoo panel is hidden."""

    url = models.URLField(
        _("address of Odoo"),
        max_length=300,
        help_text=_("For example https://odoo.example.org (without /xmlrpc)."),
    )
    database = models.CharField(_("database"), max_length=100)
    login = models.CharField(
        _("technical login"),
        max_length=200,
        help_text=_("The Odoo user Pupitre signs in as, with its own API key."),
    )
    # Fernet token of the key (see secrets.py); empty when read from the
    # environment.
    api_key_encrypted = models.TextField(_("API key (encrypted)"), blank=True, editable=False)
    api_key_env = models.CharField(
        _("environment variable of the API key"),
        max_length=100,
        blank=True,
        help_text=_(
            "Instead of storing the key: the name of an environment variable holding it "
            "(NAME_FILE naming a file is read first)."
        ),
    )
    timeout = models.PositiveSmallIntegerField(
        _("timeout (seconds)"),
        default=DEFAULT_TIMEOUT_SECONDS,
        help_text=_("How long to wait for an answer of Odoo before giving up."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The stand-in started by `make run` when no Odoo is configured: shown
    # everywhere as a demonstration Odoo.
    is_demo = models.BooleanField(_("demonstration Odoo"), default=False, editable=False)
    # What the last "test connection" said, for the desk.
    checked_at = models.DateTimeField(_("last tested"), null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("tested by"),
    )
    server_version = models.CharField(_("Odoo version"), max_length=50, blank=True, editable=False)
    check_result = models.TextField(_("result of the last test"), blank=True, editable=False)
    check_ok = models.BooleanField(_("last test succeeded"), default=False, editable=False)

    class Meta:
        verbose_name = _("Odoo connection")
        verbose_name_plural = _("Odoo connections")
        ordering = ["-is_active", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="tools_one_active_odoo_connection",
            ),
            models.CheckConstraint(
                condition=models.Q(timeout__gte=1) & models.Q(timeout__lte=120),
                name="tools_odoo_timeout_range",
            ),
        ]

    def __str__(self):
        return f"{self.login}@{self.url} ({self.database})"

    @property
    def has_api_key(self) -> bool:
        return bool(self.api_key_encrypted or self.api_key_env)


# The Odoo panel's requests and actions ----------------------------------


class OdooAccessRequest(models.Model):
    """A school's request to reopen a colleague's Odoo access (the portal's
    new-request form): the login or email it named, which the desk's Odoo
    panel looks up first."""

    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.CASCADE,
        related_name="odoo_access_request",
        verbose_name=_("ticket"),
    )
    account = models.CharField(_("Odoo login or email"), max_length=254)

    class Meta:
        verbose_name = _("Odoo access request")
        verbose_name_plural = _("Odoo access requests")

    def __str__(self):
        return f"{self.ticket_id} {self.account}"


class OdooActionKind(models.TextChoices):
    REACTIVATE = "reactivate", _("Reactivate the account")
    PASSWORD_RESET = "password_reset", _("Send the password-reset email")
    UNLOCK = "unlock", _("Unlock the account")


class OdooActionOutcome(models.TextChoices):
    PENDING = "pending", _("Under way")
    DONE = "done", _("Done")
    ALREADY_DONE = "already_done", _("Already done, nothing changed")
    FAILED = "failed", _("Failed")


class AccountState(models.TextChoices):
    """An Odoo account's state, before and after an action."""

    ACTIVE = "active", _("active")
    ARCHIVED = "archived", _("archived")
    RESET_SENT = "reset_sent", _("password-reset email sent")
    UNLOCKED = "unlocked", _("unlocked")


class OdooAction(models.Model):
    """One action an agent asked of Odoo, keyed by the form that asked it:
    a request sent again (a double click, a browser's retry) finds its row
    and is never carried out twice."""

    idempotency_key = models.CharField(_("request key"), max_length=64, unique=True)
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        related_name="odoo_actions",
        verbose_name=_("ticket"),
    )
    kind = models.CharField(_("action"), max_length=20, choices=OdooActionKind.choices)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=OdooActionOutcome.choices,
        default=OdooActionOutcome.PENDING,
    )
    odoo_user_id = models.PositiveIntegerField(_("Odoo user id"))
    odoo_login = models.CharField(_("Odoo login"), max_length=254, blank=True)
    state_before = models.CharField(
        _("state before"), max_length=20, choices=AccountState.choices, blank=True
    )
    state_after = models.CharField(
        _("state after"), max_length=20, choices=AccountState.choices, blank=True
    )
    # Odoo's own words when it refused (for the administrator), and the
    # message the agent was shown.
    fault_text = models.TextField(_("Odoo's answer"), blank=True)
    error_code = models.CharField(_("error"), max_length=40, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    reply = models.ForeignKey(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reply to the school"),
    )

    class Meta:
        verbose_name = _("Odoo action")
        verbose_name_plural = _("Odoo actions")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["ticket", "-started_at"], name="odoo_action_ticket_idx")]

    def __str__(self):
        return f"{self.kind} {self.odoo_login or self.odoo_user_id} {self.outcome}"
