"""A small client of Odoo's external API (XML-RPC, Odoo 16 to 18).

`/xmlrpc/2/common` answers `version` and `authenticate`; `/xmlrpc/2/object`
answers `execute_kw(db, uid, key, model, method, args, kwargs)`. Each
operation (a look-up, an action) gets the connection's timeout as a whole,
so a slow Odoo holds a web worker for about that long at most. Odoo's
answers become `OdooAccount` values; its failures become `OdooError`
subclasses carrying a message for the agent and Odoo's own fault text for
the administrator.

Facts used here (docs/odoo-connection.md has the details):
- Faults of `/xmlrpc/2`: 1 anything unexpected (a traceback), 2 a `UserError`
  (including `MissingError`), 3 `AccessDenied` (wrong key), 4 `AccessError`
  (missing rights). HTTP status 200 in every case.
- `authenticate` answers `False` for wrong credentials in recent releases;
  older ones let `AccessDenied` through as fault 3. Both mean the same here.
- Archived users are found only with `active_test: False` in the context.
- `action_reset_password` returns a client action in recent releases and
  nothing in older ones, which XML-RPC cannot send: fault 1 "cannot marshal
  None" after the mail was sent. That fault means "sent" here.
- Failed sign-ins are counted in each Odoo worker's memory per client address
  and expire by themselves; no Odoo version exposes an unlock.
"""

import functools
import http.client
import time
import xmlrpc.client  # noqa: S411 (only the configured Odoo is spoken to; see _Transport)
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.parsers.expat import ExpatError

from django.utils.translation import gettext_lazy as _

from pupitre.core.errors import DomainError

from . import secrets
from .models import OdooConnection

COMMON_PATH = "/xmlrpc/2/common"
OBJECT_PATH = "/xmlrpc/2/object"

FAULT_APPLICATION = 1
FAULT_WARNING = 2
FAULT_ACCESS_DENIED = 3
FAULT_ACCESS_ERROR = 4

# Odoo's own English, whatever the technical user's language: fault texts
# stay readable for the administrator and stable for the checks below.
TECHNICAL_LANG = "en_US"
# The agent's language → an Odoo language code (Odoo falls back to English
# for names not translated or a language not installed).
ODOO_LANG = {"de": "de_DE", "fr": "fr_FR", "en": "en_US"}

FIND_LIMIT = 20
# The largest answer read from Odoo: a search is capped at FIND_LIMIT users.
MAX_RESPONSE_BYTES = 5 * 1024 * 1024

USER_FIELDS_BASE = [
    "name",
    "login",
    "email",
    "active",
    "login_date",
    "company_id",
    "company_ids",
    "share",
]
# Group categories that say nothing about what a school user may do.
IGNORED_GROUP_CATEGORIES = ("Technical", "Extra Rights", "Other Extra Rights", "Hidden")
# Groups that allow writing res.users (Access Rights; Settings implies it).
USER_ADMIN_GROUPS = ("Administration / Access Rights", "Administration / Settings")

MISSING_RECORD_TEXT = "Record does not exist or has been deleted"
ARCHIVED_USER_TEXT = "You cannot perform this action on an archived user"
NO_EMAIL_TEXT = "has no email address"
CANNOT_MARSHAL_NONE_TEXT = "cannot marshal None"


# Errors ---------------------------------------------------------------------------


class OdooError(DomainError):
    """Odoo could not do what was asked. `message` is for the agent (lazy,
    translated when shown); `fault_text` is what Odoo said, for the
    administrator and the ticket history."""

    code = "odoo_error"
    default_message = _("Odoo answered with an error.")

    def __init__(self, message=None, *, fault_text: str = "", field: str | None = None):
        super().__init__(message or self.default_message, code=self.code, field=field)
        self.fault_text = fault_text


class OdooNotConfigured(OdooError):
    code = "odoo_not_configured"
    default_message = _("The connection to Odoo is not configured.")


class OdooUnreachable(OdooError):
    code = "odoo_unreachable"
    default_message = _(
        "Odoo cannot be reached. Please try again in a moment; if it lasts, tell an administrator."
    )


class OdooTimeout(OdooError):
    code = "odoo_timeout"
    default_message = _("Odoo did not answer in time. Please try again in a moment.")


class OdooWrongCredentials(OdooError):
    code = "odoo_wrong_credentials"
    default_message = _(
        "Odoo refused the technical account (wrong database, login or API key). "
        "An administrator must check the Odoo connection."
    )


class OdooMissingRights(OdooError):
    code = "odoo_missing_rights"
    default_message = _(
        "The technical Odoo account is not allowed to do this. It needs the "
        "“Administration / Access Rights” group; tell an administrator."
    )


class OdooMissingRecord(OdooError):
    code = "odoo_missing_record"
    default_message = _("This Odoo account no longer exists.")


class OdooArchivedAccount(OdooError):
    code = "odoo_archived_account"
    default_message = _("This Odoo account is archived: reactivate it first.")


class OdooNoEmail(OdooError):
    code = "odoo_no_email"
    default_message = _(
        "This Odoo account has no email address, so Odoo cannot send it a password reset email."
    )


class OdooNotSupported(OdooError):
    code = "odoo_not_supported"
    default_message = _("This Odoo version does not offer this action.")


class OdooFault(OdooError):
    """Any other fault: its text is kept for the administrator."""

    code = "odoo_fault"
    default_message = _(
        "Odoo refused the request. Its message is kept in the history for an administrator."
    )


# Values ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OdooVersion:
    server_version: str  # "17.0", "saas~17.2+e"
    major: int  # 17
    info: tuple  # (17, 0, 0, "final", 0, "")
    protocol_version: int


@dataclass(frozen=True)
class OdooAccount:
    """An Odoo user (`res.users`) as the panel shows it."""

    id: int
    name: str
    login: str
    email: str
    active: bool
    last_sign_in: datetime | None  # aware, UTC; None when never signed in
    company: str  # the current company
    companies: tuple[str, ...]  # every allowed company, sorted
    groups: tuple[str, ...]  # "Category / Group" of the groups that matter, sorted
    internal: bool  # False for portal and public users (share)

    @property
    def state(self) -> str:
        """For history entries: "active" or "archived"."""
        return "active" if self.active else "archived"


@dataclass(frozen=True)
class OdooActionResult:
    """What an action did: `done` is False when nothing was needed (the
    account was already active) and Odoo was not asked to change anything.
    `verify` is True when Odoo's answer does not prove success (an older
    Odoo's reset that sends the mail but cannot say so over XML-RPC)."""

    before: OdooAccount
    after: OdooAccount
    done: bool
    verify: bool = False


@dataclass(frozen=True)
class OdooConnectionReport:
    """What "test connection" found."""

    version: OdooVersion
    uid: int
    technical_name: str
    technical_groups: tuple[str, ...]
    can_read_users: bool
    can_change_users: bool
    reset_email_available: bool | None  # auth_signup installed; None when unknown


# Transport ------------------------------------------------------------------------


class _LimitedResponse:
    """Reads at most MAX_RESPONSE_BYTES of an answer."""

    def __init__(self, response):
        self._response = response
        self._read = 0

    def read(self, amount=-1):
        if amount is None or amount < 0:
            amount = MAX_RESPONSE_BYTES + 1
        data = self._response.read(amount)
        self._read += len(data)
        if self._read > MAX_RESPONSE_BYTES:
            raise OdooFault(
                _("Odoo's answer was too large."),
                fault_text=f"response larger than {MAX_RESPONSE_BYTES} bytes",
            )
        return data

    def getheader(self, name, default=None):
        return self._response.getheader(name, default)


class _TransportMixin:
    """A transport with a socket timeout and a bounded answer. The stdlib's
    XML parser (expat) limits entity expansion and never fetches external
    entities; the size bound keeps a broken server from filling memory."""

    timeout: float

    def make_connection(self, host):
        connection = super().make_connection(host)  # type: ignore[misc]
        connection.timeout = self.timeout
        return connection

    def parse_response(self, response):
        return super().parse_response(_LimitedResponse(response))  # type: ignore[misc]

    def request(self, host, handler, request_body, verbose=False):
        # The stdlib sends a request a second time when the connection was
        # closed without an answer; Odoo may have done the work already (a
        # reset email sent twice). One attempt: the agent retries knowingly.
        return self.single_request(host, handler, request_body, verbose)  # type: ignore[attr-defined]


class _Transport(_TransportMixin, xmlrpc.client.Transport):
    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout


class _SafeTransport(_TransportMixin, xmlrpc.client.SafeTransport):
    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout


# Client ---------------------------------------------------------------------------


def _within_timeout(method):
    """The whole operation (sign-in and every call it makes) gets the
    connection's timeout, not each call: a slow Odoo holds a web worker for
    about that long at most."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self._deadline is not None:  # inside another operation
            return method(self, *args, **kwargs)
        self._deadline = time.monotonic() + self.timeout
        try:
            return method(self, *args, **kwargs)
        finally:
            self._deadline = None

    return wrapper


class OdooClient:
    """One conversation with Odoo for one connection: authenticates once
    (lazily) and then calls `execute_kw`. Not shared between threads."""

    def __init__(self, connection: OdooConnection, *, api_key: str | None = None):
        self.connection = connection
        self.url = connection.url.rstrip("/")
        self.database = connection.database
        self.login = connection.login
        self.timeout = float(connection.timeout)
        self._api_key = api_key
        self._uid: int | None = None
        self._version: OdooVersion | None = None
        self._deadline: float | None = None
        self.calls = 0  # RPC calls made, for benchmarks and tests

    # -- the protocol --

    def _proxy(self, path: str, timeout: float) -> xmlrpc.client.ServerProxy:
        scheme = urlsplit(self.url).scheme
        if scheme not in ("http", "https"):
            raise OdooNotConfigured(_("The address of Odoo must start with http:// or https://."))
        transport: xmlrpc.client.Transport = (
            _SafeTransport(timeout) if scheme == "https" else _Transport(timeout)
        )
        return xmlrpc.client.ServerProxy(
            self.url + path, transport=transport, allow_none=False, use_builtin_types=True
        )

    def _call(self, path: str, method: str, *params):
        timeout = self.timeout
        if self._deadline is not None:
            timeout = self._deadline - time.monotonic()
            if timeout <= 0:
                raise OdooTimeout(fault_text=f"no answer within {self.timeout} s")
        self.calls += 1
        try:
            return getattr(self._proxy(path, timeout), method)(*params)
        except xmlrpc.client.Fault as fault:
            raise _from_fault(fault) from None
        except TimeoutError:
            raise OdooTimeout(fault_text=f"no answer within {self.timeout} s") from None
        except xmlrpc.client.ProtocolError as error:
            raise OdooUnreachable(
                _(
                    "The address of Odoo answered, but not as Odoo's API does "
                    "(HTTP %(status)s). Please check the address."
                )
                % {"status": error.errcode},
                fault_text=f"HTTP {error.errcode} {error.errmsg} at {path}",
            ) from None
        except (ExpatError, xmlrpc.client.ResponseError) as error:
            raise OdooUnreachable(
                _("The address of Odoo answered something that is not Odoo's API."),
                fault_text=str(error),
            ) from None
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            raise OdooUnreachable(fault_text=f"{type(error).__name__}: {error}") from None

    def _key(self) -> str:
        if self._api_key is None:
            connection = self.connection
            try:
                if connection.api_key_env:
                    self._api_key = secrets.from_environment(connection.api_key_env)
                elif connection.api_key_encrypted:
                    self._api_key = secrets.decrypt(connection.api_key_encrypted)
                else:
                    raise OdooNotConfigured(_("The Odoo connection has no API key."))
            except OdooError:
                raise
            except DomainError as error:
                raise OdooNotConfigured(error.message) from None
        return self._api_key

    def _authenticate(self) -> int:
        if self._uid is None:
            try:
                uid = self._call(
                    COMMON_PATH, "authenticate", self.database, self.login, self._key(), {}
                )
            except OdooFault as error:
                # An unknown database is a fault 1 (a traceback) at this step.
                raise OdooWrongCredentials(fault_text=error.fault_text) from None
            if not isinstance(uid, int) or isinstance(uid, bool) or uid <= 0:
                raise OdooWrongCredentials(fault_text=f"authenticate returned {uid!r}")
            self._uid = uid
        return self._uid

    @_within_timeout
    def execute(self, model: str, method: str, args: list, kwargs: dict | None = None):
        """`execute_kw` as the technical user; `kwargs` get the technical
        language in their context unless they name one."""
        kwargs = dict(kwargs or {})
        context = {"lang": TECHNICAL_LANG, **kwargs.get("context", {})}
        kwargs["context"] = context
        uid = self._authenticate()
        return self._call(
            OBJECT_PATH, "execute_kw", self.database, uid, self._key(), model, method, args, kwargs
        )

    # -- the contract --

    @_within_timeout
    def version(self) -> OdooVersion:
        if self._version is None:
            answer = self._call(COMMON_PATH, "version")
            if not isinstance(answer, dict) or "server_version" not in answer:
                raise OdooUnreachable(
                    _("The address of Odoo answered something that is not Odoo's API."),
                    fault_text=f"version returned {answer!r}",
                )
            info = tuple(answer.get("server_version_info") or ())
            major = (
                info[0] if info and isinstance(info[0], int) else _major(answer["server_version"])
            )
            self._version = OdooVersion(
                server_version=str(answer["server_version"]),
                major=major,
                info=info,
                protocol_version=int(answer.get("protocol_version") or 0),
            )
        return self._version

    @_within_timeout
    def find_accounts(self, text: str, *, language: str = "en") -> list[OdooAccount]:
        """Users whose login or email is `text` (ignoring case), archived ones
        included; at most FIND_LIMIT, active first."""
        text = (text or "").strip()
        if not text:
            return []
        rows = self.execute(
            "res.users",
            "search_read",
            [
                [
                    "|",
                    ["login", "=ilike", _escape_like(text)],
                    ["email", "=ilike", _escape_like(text)],
                ]
            ],
            {
                "fields": self._user_fields(),
                "limit": FIND_LIMIT,
                "order": "active desc, login",
                "context": {"active_test": False, "lang": ODOO_LANG.get(language, TECHNICAL_LANG)},
            },
        )
        return self._accounts(rows, language)

    @_within_timeout
    def get_account(self, account_id: int, *, language: str = "en") -> OdooAccount:
        rows = self.execute(
            "res.users",
            "search_read",
            [[["id", "=", int(account_id)]]],
            {
                "fields": self._user_fields(),
                "context": {"active_test": False, "lang": ODOO_LANG.get(language, TECHNICAL_LANG)},
            },
        )
        if not rows:
            raise OdooMissingRecord(fault_text=f"res.users({account_id},) not found")
        return self._accounts(rows, language)[0]

    @_within_timeout
    def reactivate(self, account_id: int) -> OdooActionResult:
        before = self.get_account(account_id)
        if before.active:
            return OdooActionResult(before=before, after=before, done=False)
        self.execute("res.users", "write", [[before.id], {"active": True}])
        after = self.get_account(account_id)
        return OdooActionResult(before=before, after=after, done=True)

    @_within_timeout
    def send_password_reset(self, account_id: int) -> OdooActionResult:
        """Odoo's own reset email (module auth_signup), valid about a day."""
        before = self.get_account(account_id)
        if not before.active:
            raise OdooArchivedAccount()
        if not before.email:
            raise OdooNoEmail()
        verify = False
        try:
            self.execute("res.users", "action_reset_password", [[before.id]])
        except OdooFault as error:
            if CANNOT_MARSHAL_NONE_TEXT not in error.fault_text:
                raise
            # Older Odoo: the mail went out, the empty answer could not.
            verify = True
        return OdooActionResult(before=before, after=before, done=True, verify=verify)

    @_within_timeout
    def unlock(self, account_id: int) -> OdooActionResult:
        """Odoo (16 to 18) counts failed sign-ins per client address in each
        worker's memory and lets them expire after a short wait; it offers no
        call to clear them."""
        self.get_account(account_id)
        version = self.version()
        raise OdooNotSupported(
            _(
                "Odoo %(version)s offers no unlock: after repeated failed sign-ins it only "
                "makes the person wait a minute or so before trying again. If the password "
                "is forgotten, send the password reset email instead."
            )
            % {"version": version.server_version},
            fault_text=f"unlock not exposed by Odoo {version.server_version}",
        )

    @_within_timeout
    def test_connection(self) -> OdooConnectionReport:
        """Version, the technical account's groups and what it may do."""
        version = self.version()
        uid = self._authenticate()
        me = self.execute("res.users", "read", [[uid], ["name", self._groups_field()]])
        groups = self._group_names(me[0].get(self._groups_field()) or [], TECHNICAL_LANG)
        all_groups = tuple(sorted(groups.values()))
        try:
            self.execute("res.users", "search_count", [[["id", "=", uid]]])
            can_read = True
        except OdooMissingRights:
            can_read = False
        try:
            installed = self.execute(
                "ir.module.module",
                "search_count",
                [[["name", "=", "auth_signup"], ["state", "=", "installed"]]],
            )
            reset_available: bool | None = bool(installed)
        except OdooMissingRights:
            reset_available = None
        return OdooConnectionReport(
            version=version,
            uid=uid,
            technical_name=me[0].get("name") or "",
            technical_groups=all_groups,
            can_read_users=can_read,
            can_change_users=any(name in USER_ADMIN_GROUPS for name in all_groups),
            reset_email_available=reset_available,
        )

    # -- helpers --

    def _groups_field(self) -> str:
        # Odoo 19 renamed res.users.groups_id to group_ids.
        major = _major(self.connection.server_version) if self.connection.server_version else 0
        if not major:
            major = self.version().major
        return "group_ids" if major >= 19 else "groups_id"

    def _user_fields(self) -> list[str]:
        return [*USER_FIELDS_BASE, self._groups_field()]

    def _accounts(self, rows: list[dict], language: str) -> list[OdooAccount]:
        groups_field = self._groups_field()
        company_ids = sorted({cid for row in rows for cid in row.get("company_ids") or []})
        group_ids = sorted({gid for row in rows for gid in row.get(groups_field) or []})
        lang = ODOO_LANG.get(language, TECHNICAL_LANG)
        companies = {}
        if company_ids:
            for row in self.execute(
                "res.company", "read", [company_ids, ["name"]], {"context": {"lang": lang}}
            ):
                companies[row["id"]] = row.get("name") or ""
        groups = self._group_names(group_ids, lang) if group_ids else {}
        accounts = []
        for row in rows:
            company = row.get("company_id")
            accounts.append(
                OdooAccount(
                    id=int(row["id"]),
                    name=_text(row.get("name")),
                    login=_text(row.get("login")),
                    email=_text(row.get("email")),
                    active=bool(row.get("active")),
                    last_sign_in=_datetime(row.get("login_date")),
                    company=_text(company[1])
                    if isinstance(company, list) and len(company) > 1
                    else "",
                    companies=tuple(
                        sorted(companies[c] for c in row.get("company_ids") or [] if c in companies)
                    ),
                    groups=tuple(
                        sorted(groups[g] for g in row.get(groups_field) or [] if g in groups)
                    ),
                    internal=not row.get("share"),
                )
            )
        return accounts

    def _group_names(self, group_ids: list[int], lang: str) -> dict[int, str]:
        """Names ("Category / Group") of the groups that matter."""
        if not group_ids:
            return {}
        rows = self.execute(
            "res.groups",
            "read",
            [list(group_ids), ["full_name", "category_id"]],
            {"context": {"lang": lang}},
        )
        names = {}
        for row in rows:
            category = row.get("category_id")
            category_name = category[1] if isinstance(category, list) and len(category) > 1 else ""
            if not category_name or category_name in IGNORED_GROUP_CATEGORIES:
                continue
            names[row["id"]] = _text(row.get("full_name"))
        return names


def _from_fault(fault: xmlrpc.client.Fault) -> OdooError:
    code = fault.faultCode
    text = str(fault.faultString)
    if code == FAULT_ACCESS_DENIED:
        return OdooWrongCredentials(fault_text=text)
    if code == FAULT_ACCESS_ERROR:
        return OdooMissingRights(fault_text=text)
    if code == FAULT_WARNING:
        if MISSING_RECORD_TEXT in text:
            return OdooMissingRecord(fault_text=text)
        if ARCHIVED_USER_TEXT in text:
            return OdooArchivedAccount(fault_text=text)
        if NO_EMAIL_TEXT in text:
            return OdooNoEmail(fault_text=text)
    return OdooFault(fault_text=text)


def _escape_like(text: str) -> str:
    # `=ilike` is a LIKE without added wildcards: its own wildcards are escaped.
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text(value) -> str:
    # Odoo sends False for an empty field.
    return value if isinstance(value, str) else ""


def _datetime(value) -> datetime | None:
    # Odoo sends datetimes as "YYYY-MM-DD HH:MM:SS" text in UTC.
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _major(server_version: str) -> int:
    digits = ""
    for char in server_version.split("~")[-1]:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else 0
