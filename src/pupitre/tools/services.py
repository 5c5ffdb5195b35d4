"""Changes of the tools app: the Odoo connection (a setting, audited)."""

from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Role, User
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import SECRET, audit_record, snapshot
from pupitre.core.config_cache import forget
from pupitre.core.errors import DomainError

from . import secrets
from .models import OdooConnection
from .odoo import OdooClient, OdooConnectionReport, OdooError
from .queries import ODOO_CONNECTION

# The settings an administrator edits (the API key apart, never shown).
CONNECTION_FIELDS = ("url", "database", "login", "api_key_env", "timeout", "is_active")
MAX_TIMEOUT = 120
ENV_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def odoo_connection_save(
    *, connection: OdooConnection, api_key: str = "", by: User | None
) -> OdooConnection:
    """Create or change the Odoo connection (`connection` carries the new
    values, not saved yet). An empty `api_key` keeps the stored one; a new
    one is stored encrypted and recorded as changed, never as what it is.
    Activating a connection deactivates the others. `by` is `None` for the
    system (the demo)."""
    if by is not None and by.role != Role.ADMINISTRATOR:
        raise DomainError(
            _("Only administrators can configure the Odoo connection."), code="not_allowed"
        )
    _check(connection, api_key)
    with transaction.atomic():
        before = None
        if connection.pk is not None:
            stored = OdooConnection.objects.select_for_update().get(pk=connection.pk)
            before = snapshot(stored, CONNECTION_FIELDS)
            connection.api_key_encrypted = stored.api_key_encrypted
        after = {}
        if api_key:
            connection.api_key_encrypted = secrets.encrypt(api_key.strip())
            after["api_key"] = SECRET
        if not connection.has_api_key:
            raise DomainError(
                _("Please give the API key, or the environment variable that holds it."),
                code="odoo_key_missing",
                field="api_key",
            )
        if connection.is_active:
            # One active connection: the panel must know which Odoo to ask.
            others = OdooConnection.objects.select_for_update().filter(is_active=True)
            if connection.pk is not None:
                others = others.exclude(pk=connection.pk)
            for other in others:
                old = snapshot(other, ["is_active"])
                other.is_active = False
                other.save(update_fields=["is_active"])
                _audit(other, by, old, snapshot(other, ["is_active"]))
        connection.url = connection.url.strip().rstrip("/")
        connection.save()
        after.update(snapshot(connection, CONNECTION_FIELDS))
        _audit(connection, by, before, after)
        forget(ODOO_CONNECTION)
    return connection


def odoo_connection_test(
    *, connection: OdooConnection, by: User | None
) -> OdooConnectionReport | OdooError:
    """Ask Odoo for its version and the technical account's rights, and
    keep what it said on the connection. Returns the report, or the error
    met (its message for the administrator, `fault_text` with Odoo's words).
    Odoo is asked outside any transaction: a slow Odoo holds no lock."""
    if by is not None and by.role != Role.ADMINISTRATOR:
        raise DomainError(
            _("Only administrators can configure the Odoo connection."), code="not_allowed"
        )
    result: OdooConnectionReport | OdooError
    try:
        result = OdooClient(connection).test_connection()
    except OdooError as error:
        result = error
    if isinstance(result, OdooConnectionReport):
        version, ok = result.version.server_version, True
        text = "; ".join(
            [
                f"version {version}",
                f"uid {result.uid}",
                "groups: " + ", ".join(result.technical_groups),
                "can change users: " + ("yes" if result.can_change_users else "no"),
                "reset email: "
                + {True: "yes", False: "no", None: "unknown"}[result.reset_email_available],
            ]
        )
    else:
        version, ok = connection.server_version, False
        text = f"{result.message} {result.fault_text}"
    with transaction.atomic():
        OdooConnection.objects.filter(pk=connection.pk).update(
            checked_at=timezone.now(),
            checked_by=by,
            server_version=version[:50],
            check_result=text.strip()[:4000],
            check_ok=ok,
        )
        forget(ODOO_CONNECTION)
    connection.refresh_from_db()
    return result


def _check(connection: OdooConnection, api_key: str) -> None:
    parts = urlsplit(connection.url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DomainError(
            _("The address of Odoo must start with http:// or https://."),
            code="invalid",
            field="url",
        )
    if not connection.database.strip():
        raise DomainError(_("Please give the database of Odoo."), code="invalid", field="database")
    if not connection.login.strip():
        raise DomainError(
            _("Please give the login of the technical account."), code="invalid", field="login"
        )
    if not 1 <= (connection.timeout or 0) <= MAX_TIMEOUT:
        raise DomainError(
            _("The timeout must be between 1 and %(max)d seconds.") % {"max": MAX_TIMEOUT},
            code="invalid",
            field="timeout",
        )
    name = connection.api_key_env = connection.api_key_env.strip()
    if name and (not set(name) <= ENV_NAME_CHARS or name[0].isdigit()):
        raise DomainError(
            _(
                "The name of the environment variable may contain only capital letters, "
                "digits and underscores."
            ),
            code="invalid",
            field="api_key_env",
        )
    if len(api_key) > 500:
        raise DomainError(_("This API key is too long."), code="invalid", field="api_key")


def _audit(connection: OdooConnection, by, old, new) -> None:
    audit_record(
        by=by,
        kind=ObjectKind.ODOO_CONNECTION,
        object_id=connection.pk,
        label=str(connection),
        old=old,
        new=new,
    )
