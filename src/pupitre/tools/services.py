"""Changes of the tools app: the Odoo connection (a setting, audited); a
school's request to reopen Odoo access, and the agent's actions on an Odoo
account from a ticket.

An action on Odoo is three steps, so that a slow Odoo never holds a
database transaction (and its ticket lock) open: the request's key is
claimed (a row of `OdooAction`, unique per key: the same form sent twice
finds it and is not carried out twice), Odoo is asked, then the outcome, the
ticket's history entry and the public reply are written together.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import STAFF_ROLES, Role, User
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import SECRET, audit_record, snapshot
from pupitre.core.config_cache import forget
from pupitre.core.errors import DomainError
from pupitre.core.validation import check_choice
from pupitre.schools.models import School
from pupitre.schools.queries import ict_school_ids
from pupitre.tickets import services as ticket_services
from pupitre.tickets.models import TOOL_FAULT, Channel, ServiceCategory, Status, Ticket

from . import secrets
from .models import (
    AccountState,
    OdooAccessRequest,
    OdooAction,
    OdooActionKind,
    OdooActionOutcome,
    OdooConnection,
)
from .odoo import OdooClient, OdooConnectionReport, OdooError
from .queries import ODOO_CONNECTION, odoo_connection

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


# The Odoo panel: a school's request, the agent's actions ------------------

ACCOUNT_MAX_LENGTH = 254
KEY_MAX_LENGTH = 64
# Odoo's ids travel as XML-RPC integers (32 bits).
ODOO_ID_MAX = 2**31 - 1
# A claim older than its three calls to Odoo (each bounded by the
# connection's timeout) and this margin was left by a request that died
# half-way (its worker stopped): the action may be asked again.
STALE_MARGIN = timedelta(seconds=30)


def odoo_access_request_create(*, school: School, account: str, note: str = "", by: User) -> Ticket:
    """A school's ICT contact asks to reopen a colleague's Odoo access
    (their login or email): a request of the management-tools category,
    with the account kept for the desk's Odoo panel. Both or neither are
    written."""
    if school.pk not in ict_school_ids(by):
        raise DomainError(
            _(
                "Only your school's ICT contact can ask for this. Please ask them, or describe "
                "your problem in a new request."
            ),
            code="not_allowed",
        )
    account = " ".join(account.split())
    if not account:
        raise DomainError(
            _("Please give your colleague's Odoo login or email address."),
            code="required",
            field="account",
        )
    if len(account) > ACCOUNT_MAX_LENGTH:
        raise DomainError(
            _("The login or email address is too long (at most %(max)d characters).")
            % {"max": ACCOUNT_MAX_LENGTH},
            code="too_long",
            field="account",
        )
    with translation.override(school.language):
        subject = _("Reopen Odoo access for %(account)s") % {"account": account}
        description = note.strip() or _("Please reopen the Odoo access of %(account)s.") % {
            "account": account
        }
    with transaction.atomic():
        ticket = ticket_services.ticket_create(
            school=school,
            requester=by,
            created_by=by,
            channel=Channel.PORTAL,
            category=ServiceCategory.REMOTE_TOOLS,
            subject=subject[: ticket_services.SUBJECT_MAX_LENGTH],
            description=description,
            language=school.language,
        )
        OdooAccessRequest.objects.create(ticket=ticket, account=account)
    return ticket


def odoo_account_reactivate(**kwargs) -> OdooAction:
    """Reactivate an archived Odoo account (see `odoo_action_run`)."""
    return odoo_action_run(kind=OdooActionKind.REACTIVATE, **kwargs)


def odoo_password_reset_send(**kwargs) -> OdooAction:
    """Have Odoo send its own password-reset email (see `odoo_action_run`)."""
    return odoo_action_run(kind=OdooActionKind.PASSWORD_RESET, **kwargs)


def odoo_account_unlock(**kwargs) -> OdooAction:
    """Unlock an account blocked by failed sign-ins, where the Odoo version
    allows it (see `odoo_action_run`)."""
    return odoo_action_run(kind=OdooActionKind.UNLOCK, **kwargs)


def odoo_action_run(
    *,
    ticket: Ticket,
    kind: str,
    odoo_user_id: int,
    key: str,
    by: User,
    reply: bool = True,
    login: str = "",
) -> OdooAction:
    """Carry out `kind` on Odoo account `odoo_user_id` for `ticket`, once
    per `key` (the form's request key).

    Returns the action; `action.repeated` is True when this key had already
    been carried out (nothing was asked of Odoo again). An action already
    in effect (an account already active) asks nothing of Odoo and says so
    (outcome `already_done`). Every outcome writes a history event on the
    ticket (who, which account, state before and after, Odoo's error text);
    a change made writes, when `reply`, a public reply to the school in its
    language. Odoo refusing raises its `OdooError` after the failure is
    recorded; the agent may try again with the same key. `login` (the one
    the confirmation showed) names the account in the history when Odoo
    could not be asked."""
    if by is None or by.role not in STAFF_ROLES:
        raise DomainError(_("Only programme staff can do this."), code="not_allowed")
    check_choice(kind, OdooActionKind, "kind")
    if not isinstance(odoo_user_id, int) or not 1 <= odoo_user_id <= ODOO_ID_MAX:
        raise DomainError(_("This Odoo account no longer exists."), code="odoo_missing_record")
    key = (key or "").strip()
    if not key or len(key) > KEY_MAX_LENGTH:
        raise DomainError(
            _("This form has expired. Please reload the page and try again."),
            code="invalid_key",
        )
    if ticket.status == Status.CLOSED:
        # Its history and its reply could not be written: ask nothing of Odoo.
        raise DomainError(_("This request is closed. Please open a new request."), code="closed")
    connection = odoo_connection()
    if connection is None:
        raise DomainError(_("No Odoo connection is configured."), code="not_configured")
    stale_after = 3 * timedelta(seconds=connection.timeout) + STALE_MARGIN
    action = _claim(
        ticket=ticket, kind=kind, odoo_user_id=odoo_user_id, key=key, by=by, stale=stale_after
    )
    if action.repeated:
        return action

    client = OdooClient(connection)
    failure = None
    try:
        result = _ask_odoo(client, kind, odoo_user_id)
    except OdooError as error:
        failure = error
        action.outcome = OdooActionOutcome.FAILED
        action.error_code = error.code[:40]
        action.fault_text = (error.fault_text or "")[:10000]
        action.odoo_login = action.odoo_login or login[:ACCOUNT_MAX_LENGTH]
    else:
        action.odoo_login = result.before.login[:ACCOUNT_MAX_LENGTH]
        action.state_before = result.before.state
        if kind == OdooActionKind.PASSWORD_RESET:
            action.state_after = AccountState.RESET_SENT
        else:
            action.state_after = result.after.state
        action.outcome = OdooActionOutcome.DONE if result.done else OdooActionOutcome.ALREADY_DONE
        # An older Odoo sends the reset email but cannot say so (see odoo.py).
        action.verify = result.verify
    _finish(action, ticket=ticket, by=by, reply=reply, failure=failure)
    if failure is not None:
        raise failure
    return action


def _claim(*, ticket, kind, odoo_user_id, key, by, stale: timedelta) -> OdooAction:
    """The action's row for `key`, claimed for this request (outcome
    pending), or the finished one of an earlier request with the same key
    (`repeated`)."""
    now = timezone.now()
    with transaction.atomic():
        # Locked: two requests with the same key decide one after the other.
        action = OdooAction.objects.select_for_update().filter(idempotency_key=key).first()
        if action is not None:
            if (action.ticket_id, action.kind, action.odoo_user_id) != (
                ticket.pk,
                kind,
                odoo_user_id,
            ):
                raise DomainError(
                    _("This form has expired. Please reload the page and try again."),
                    code="invalid_key",
                )
            if action.outcome in (OdooActionOutcome.DONE, OdooActionOutcome.ALREADY_DONE):
                action.repeated = True
                return action
            if action.outcome == OdooActionOutcome.PENDING and now - action.started_at < stale:
                raise _under_way()
            # Failed before (Odoo down, slow, refusing): the agent tries again.
            action.outcome = OdooActionOutcome.PENDING
            action.by = by
            action.started_at = now
            action.finished_at = None
            action.fault_text = action.error_code = ""
            action.save(
                update_fields=[
                    "outcome",
                    "by",
                    "started_at",
                    "finished_at",
                    "fault_text",
                    "error_code",
                ]
            )
        else:
            try:
                # A savepoint: a request with the same key inserting at the
                # same moment makes this one fail on the unique key.
                with transaction.atomic():
                    action = OdooAction.objects.create(
                        idempotency_key=key,
                        ticket=ticket,
                        kind=kind,
                        odoo_user_id=odoo_user_id,
                        by=by,
                        started_at=now,
                    )
            except IntegrityError:
                raise _under_way() from None
    action.repeated = False
    return action


def _under_way() -> DomainError:
    return DomainError(
        _("This action is already under way. Reload the page in a moment to see its outcome."),
        code="under_way",
    )


def _ask_odoo(client: OdooClient, kind: str, odoo_user_id: int):
    if kind == OdooActionKind.REACTIVATE:
        return client.reactivate(odoo_user_id)
    if kind == OdooActionKind.PASSWORD_RESET:
        return client.send_password_reset(odoo_user_id)
    return client.unlock(odoo_user_id)


def _finish(action: OdooAction, *, ticket: Ticket, by: User, reply: bool, failure) -> None:
    """The outcome, the history event and (a change made) the public reply,
    in one transaction."""
    action.finished_at = timezone.now()
    with transaction.atomic():
        details = {
            "tool": "odoo",
            "action": action.kind,
            "account": action.odoo_login,
            "account_id": action.odoo_user_id,
            "outcome": action.outcome,
        }
        if failure is not None:
            details["error"] = str(failure.message)
            if action.fault_text:
                # For administrators only (tickets.queries.timeline_for).
                details[TOOL_FAULT] = action.fault_text
        if getattr(action, "verify", False):
            details["verify"] = True
        ticket_services.ticket_record_tool_action(
            ticket=ticket,
            by=by,
            details=details,
            before=action.state_before,
            after=action.state_after,
        )
        if reply and action.outcome == OdooActionOutcome.DONE:
            action.reply = ticket_services.ticket_reply(
                ticket=ticket, author=by, body=reply_text(action, ticket.school.language)
            )
        action.save(
            update_fields=[
                "outcome",
                "odoo_login",
                "state_before",
                "state_after",
                "fault_text",
                "error_code",
                "finished_at",
                "reply",
            ]
        )


_REPLIES = {
    OdooActionKind.REACTIVATE: _("Your access to Odoo has been reopened (login %(login)s)."),
    OdooActionKind.PASSWORD_RESET: _(
        "Odoo has sent an email to the address of the account %(login)s to choose a new "
        "password. The link in it is valid for a limited time."
    ),
    OdooActionKind.UNLOCK: _("The Odoo account %(login)s has been unlocked: it can sign in again."),
}


def reply_text(action: OdooAction, language: str) -> str:
    """The public reply saying what was done, in the school's language."""
    with translation.override(language):
        return str(_REPLIES[action.kind] % {"login": action.odoo_login or action.odoo_user_id})
