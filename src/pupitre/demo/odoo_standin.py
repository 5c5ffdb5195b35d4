"""A demonstration Odoo: a small XML-RPC server speaking the external API of
Odoo 16 to 18 over a real socket, for the tests and for `make run` when no
Odoo is configured. Standard library only, no Django.

What it answers, and how (the same shapes as Odoo; the facts are in
docs/odoo-connection.md):

- `POST /xmlrpc/2/common`: `version()`; `authenticate(db, login, secret, env)`
  → the user's id, or `False` when the database, login or secret is wrong.
- `POST /xmlrpc/2/object`: `execute_kw(db, uid, secret, model, method, args,
  kwargs)`. A wrong database, uid or secret is fault 3 "Access Denied" before
  anything else; an unknown model fault 2 "Object X doesn't exist"; an
  unknown method fault 1 with a traceback; a private method fault 4.
- `res.users`: `search_read`, `search`, `search_count` (archived users only
  with `active_test: False` in the context, or when the domain names
  `active`), `read` (missing id → fault 2 "Record does not exist or has been
  deleted."), `write` (needs Administration / Access Rights, else fault 4),
  `action_reset_password` (archived user or no email → fault 2; else the
  mail is recorded and a client action returned; `legacy_reset=True` answers
  as Odoo 16 does: fault 1 "cannot marshal None" after sending).
- `res.groups`, `res.company`: `read`, `search_read`; `ir.module.module`:
  `search_read`, `search_count`.
- Every answer is HTTP 200 `text/xml`; faults are `<fault>` structs with an
  integer `faultCode`. There is no null: `allow_none` is off.

Test hooks: `delay` (seconds before each answer), `drop_next(mode, count)`
(close the connection without an answer, "before" or "after" the call is
carried out), `requests` (counted), `mails` and `writes` (what was done).
"""

import functools
import re
import socket
import socketserver
import threading
import time
import traceback
import xmlrpc.client  # noqa: S411 (a test server; it parses what our own client sends)
import xmlrpc.server  # noqa: S411
from dataclasses import dataclass, field

COMMON_PATH = "/xmlrpc/2/common"
OBJECT_PATH = "/xmlrpc/2/object"

# What `make run` and the demo data use.
DEMO_HOST = "127.0.0.1"
DEMO_PORT = 8069
DEMO_DATABASE = "ecole-numerique-demo"
DEMO_LOGIN = "pupitre-api"
DEMO_API_KEY = "demo-odoo-api-key-0f3a9c1e5b7d"  # noqa: S105 (the demonstration's own key)

ACCESS_RIGHTS = "Access Rights"
SETTINGS = "Settings"


class _Fault(Exception):
    def __init__(self, code: int, text: str):
        super().__init__(text)
        self.code = code
        self.text = text


def _traceback_fault(exc: BaseException) -> _Fault:
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return _Fault(1, text)


def _access_denied() -> _Fault:
    return _Fault(3, "Access Denied")


def _missing(model: str, ids, uid: int) -> _Fault:
    return _Fault(
        2,
        "Record does not exist or has been deleted.\n(Record: {}({}), User: {})".format(
            model, ", ".join(str(i) for i in ids) + ",", uid
        ),
    )


def _not_allowed(operation: str, description: str, model: str) -> _Fault:
    return _Fault(
        4,
        f"You are not allowed to {operation} '{description}' ({model}) records.\n\n"
        "This operation is allowed for the following groups:\n"
        "\t- Administration/Access Rights\n\n"
        "Contact your administrator to request access if necessary.",
    )


@dataclass
class StandinUser:
    id: int
    login: str
    name: str
    email: str = ""
    active: bool = True
    company_id: int = 1
    company_ids: list[int] = field(default_factory=lambda: [1])
    groups_id: list[int] = field(default_factory=list)
    share: bool = False
    login_date: str = ""  # "YYYY-MM-DD HH:MM:SS", UTC
    password: str = ""
    api_keys: list[str] = field(default_factory=list)


class OdooStandin:
    """Start with `start()` (or as a context manager); `url` is its address."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        database: str = DEMO_DATABASE,
        version: str = "17.0",
        legacy_reset: bool = False,
    ):
        self.host = host
        self.port = port
        self.database = database
        self.server_version = version
        self.legacy_reset = legacy_reset
        self.users: dict[int, StandinUser] = {}
        self.companies: dict[int, str] = {1: "My Company"}
        # id → (category, name)
        self.groups: dict[int, tuple[str, str]] = {}
        self.modules = {"base", "web", "mail", "auth_signup"}
        self.mails: list[dict] = []
        self.writes: list[dict] = []
        self.delay = 0.0
        self.requests = 0
        self._drops: list[str] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- data --

    def add_group(self, category: str, name: str) -> int:
        group_id = len(self.groups) + 1
        self.groups[group_id] = (category, name)
        return group_id

    def group_id(self, name: str) -> int:
        return next(gid for gid, (_, gname) in self.groups.items() if gname == name)

    def add_company(self, name: str) -> int:
        company_id = max(self.companies) + 1
        self.companies[company_id] = name
        return company_id

    def add_user(self, login: str, name: str, **values) -> StandinUser:
        user = StandinUser(id=max(self.users, default=1) + 1, login=login, name=name, **values)
        self.users[user.id] = user
        return user

    def drop_next(self, mode: str = "before", count: int = 1) -> None:
        """Close the next `count` connections without answering, "before"
        or "after" carrying out the call."""
        assert mode in ("before", "after")
        with self._lock:
            self._drops.extend([mode] * count)

    def _take_drop(self) -> str:
        with self._lock:
            self.requests += 1
            return self._drops.pop(0) if self._drops else ""

    # -- server --

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the stand-in first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "OdooStandin":
        server = _Server(
            (self.host, self.port), requestHandler=_Handler, allow_none=False, logRequests=False
        )
        server.standin = self
        common = xmlrpc.server.SimpleXMLRPCDispatcher(allow_none=False, encoding="utf-8")
        common.register_instance(_Service(self, self._common))
        obj = xmlrpc.server.SimpleXMLRPCDispatcher(allow_none=False, encoding="utf-8")
        obj.register_instance(_Service(self, self._object))
        server.add_dispatcher(COMMON_PATH, common)
        server.add_dispatcher(OBJECT_PATH, obj)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="odoo-standin",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def serve_forever(self) -> None:
        self.start()
        assert self._thread is not None
        self._thread.join()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- /xmlrpc/2/common --

    def _common(self, method: str, params: tuple):
        if method == "version":
            return self._version()
        if method in ("authenticate", "login"):
            db, login, secret = params[0], params[1], params[2]
            user = self._check_login(db, login, secret)
            return False if user is None else user.id
        if method == "about":
            return "See http://openerp.com"
        raise _traceback_fault(Exception(f"Method not found: {method}"))

    @property
    def major(self) -> int:
        return self._version()["server_version_info"][0]

    def _version(self) -> dict:
        parts = [int(p) for p in re.findall(r"\d+", self.server_version.split("~")[-1])[:2]]
        major, minor = (parts + [0, 0])[:2]
        return {
            "server_version": self.server_version,
            "server_version_info": [major, minor, 0, "final", 0, ""],
            "server_serie": f"{major}.{minor}",
            "protocol_version": 1,
        }

    def _check_login(self, db, login, secret) -> StandinUser | None:
        if (
            db != self.database
            or not isinstance(login, str)
            or not isinstance(secret, str)
            or not secret
        ):
            return None
        for user in self.users.values():
            if (
                user.login == login
                and user.active
                and (secret == user.password or secret in user.api_keys)
            ):
                return user
        return None

    # -- /xmlrpc/2/object --

    def _object(self, method: str, params: tuple):
        if method == "execute_kw":
            if len(params) < 6:
                raise _traceback_fault(
                    TypeError("execute_kw() missing required positional arguments")
                )
            db, uid, secret, model, name, args = params[:6]
            kwargs = params[6] if len(params) > 6 else {}
        elif method == "execute":
            db, uid, secret, model, name, *rest = params
            args, kwargs = list(rest), {}
        else:
            raise _traceback_fault(Exception(f"Method not found: {method}"))
        user = self.users.get(uid) if isinstance(uid, int) else None
        if db != self.database or user is None or self._check_login(db, user.login, secret) is None:
            raise _access_denied()
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            raise _traceback_fault(TypeError("execute_kw: args must be a list and kwargs a struct"))
        return _Model.of(self, model, user, kwargs.pop("context", None) or {}).call(
            name, args, kwargs
        )


class _Model:
    """One of the few models the stand-in knows."""

    description = ""
    fields: tuple[str, ...] = ()
    default_order = "id"

    @staticmethod
    def of(standin: OdooStandin, model: str, user: StandinUser, context: dict) -> "_Model":
        classes = {"res.users": _Users, "res.groups": _Groups, "res.company": _Companies}
        classes["ir.module.module"] = _Modules
        if model not in classes:
            raise _Fault(2, f"Object {model} doesn't exist")
        return classes[model](standin, model, user, context)

    def __init__(self, standin: OdooStandin, model: str, user: StandinUser, context: dict):
        self.standin = standin
        self.model = model
        self.user = user
        self.context = context if isinstance(context, dict) else {}

    def call(self, name: str, args: list, kwargs: dict):
        if not isinstance(name, str) or name.startswith("_"):
            raise _Fault(
                4,
                f"Private methods (such as '{self.model}.{name}') cannot be called remotely.",
            )
        method = getattr(self, "rpc_" + name, None)
        if method is None:
            try:
                raise AttributeError(f"type object '{self.model}' has no attribute '{name}'")
            except AttributeError as exc:
                raise _traceback_fault(exc) from None
        try:
            return method(*args, **kwargs)
        except _Fault:
            raise
        except Exception as exc:  # noqa: BLE001 (Odoo turns any other error into fault 1)
            raise _traceback_fault(exc) from None

    # -- records --

    def records(self) -> dict[int, dict]:
        raise NotImplementedError

    def _active_filter(self) -> bool:
        return "active" in self.fields and self.context.get("active_test", True) is not False

    def _search(self, domain, offset=0, limit=None, order=None) -> list[dict]:
        if not isinstance(domain, list):
            raise ValueError(f"Invalid domain: {domain!r}")
        rows = list(self.records().values())
        names_active = any(
            isinstance(term, list) and term and term[0] == "active" for term in domain
        )
        if self._active_filter() and not names_active:
            rows = [row for row in rows if row["active"]]
        rows = [row for row in rows if _matches(row, domain, self)]
        for part in reversed(
            [p.strip() for p in (order or self.default_order).split(",") if p.strip()]
        ):
            words = part.split()
            key, descending = words[0], len(words) > 1 and words[1].lower() == "desc"
            if key not in self.fields and key != "id":
                raise ValueError(f"Invalid field {key!r} on model {self.model!r}")
            rows.sort(key=lambda row, key=key: _sort_key(row[key]), reverse=descending)
        rows = rows[int(offset or 0) :]
        return rows[: int(limit)] if limit else rows

    def _read(self, rows: list[dict], fields) -> list[dict]:
        fields = list(fields or self.fields)
        for name in fields:
            if name not in self.fields and name != "id":
                raise ValueError(f"Invalid field {name!r} on model {self.model!r}")
        return [
            {"id": row["id"], **{name: row[name] for name in fields if name != "id"}}
            for row in rows
        ]

    def _browse(self, ids) -> list[dict]:
        if isinstance(ids, int):
            ids = [ids]
        records = self.records()
        missing = [i for i in ids if i not in records]
        if missing:
            raise _missing(self.model, missing, self.user.id)
        return [records[i] for i in ids]

    def rpc_search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **_):
        return self._read(self._search(domain or [], offset, limit, order), fields)

    def rpc_search(self, domain, offset=0, limit=None, order=None, count=False, **_):
        rows = self._search(domain, offset, limit, order)
        return len(rows) if count else [row["id"] for row in rows]

    def rpc_search_count(self, domain, limit=None, **_):
        return len(self._search(domain, 0, limit))

    def rpc_read(self, ids, fields=None, load="_classic_read", **_):
        return self._read(self._browse(ids), fields)


class _Users(_Model):
    description = "User"
    fields = (
        "name",
        "login",
        "email",
        "active",
        "login_date",
        "company_id",
        "company_ids",
        "groups_id",
        "share",
        "display_name",
    )
    default_order = "name, login"

    def __init__(self, *args):
        super().__init__(*args)
        # Odoo 19 renamed groups_id to group_ids.
        if self.standin.major >= 19:
            self.fields = tuple("group_ids" if f == "groups_id" else f for f in self.fields)
        self.groups_field = "group_ids" if self.standin.major >= 19 else "groups_id"

    def records(self) -> dict[int, dict]:
        companies = self.standin.companies
        return {
            user.id: {
                "id": user.id,
                "name": user.name,
                "display_name": user.name,
                "login": user.login,
                "email": user.email or False,
                "active": user.active,
                "login_date": user.login_date or False,
                "company_id": [user.company_id, companies[user.company_id]],
                "company_ids": list(user.company_ids),
                self.groups_field: list(user.groups_id),
                "share": user.share,
            }
            for user in self.standin.users.values()
        }

    def _may_change_users(self) -> bool:
        names = {self.standin.groups[g][1] for g in self.user.groups_id if g in self.standin.groups}
        return bool(names & {ACCESS_RIGHTS, SETTINGS})

    def rpc_write(self, ids, values, **_):
        if not self._may_change_users():
            raise _not_allowed("modify", self.description, self.model)
        rows = self._browse(ids)
        for name in values:
            if name not in ("active", "email", "name"):
                raise ValueError(f"Invalid field {name!r} on model {self.model!r}")
        for row in rows:
            user = self.standin.users[row["id"]]
            for name, value in values.items():
                setattr(user, name, value)
            self.standin.writes.append({"id": user.id, "values": dict(values), "by": self.user.id})
        return True

    def rpc_action_reset_password(self, ids, **_):
        if "auth_signup" not in self.standin.modules:
            raise AttributeError("'res.users' object has no attribute 'action_reset_password'")
        if not self._may_change_users():
            raise _not_allowed("modify", "Contact", "res.partner")
        rows = self._browse(ids)
        if any(not row["active"] for row in rows):
            raise _Fault(2, "You cannot perform this action on an archived user.")
        for row in rows:
            if not row["email"]:
                raise _Fault(
                    2, "Cannot send email: user {} has no email address.".format(row["name"])
                )
        for row in rows:
            self.standin.mails.append(
                {
                    "user_id": row["id"],
                    "email_to": row["email"],
                    "template": "auth_signup.reset_password_email",
                }
            )
        if self.standin.legacy_reset:
            # Odoo 16 returns nothing; the answer cannot be marshalled.
            try:
                xmlrpc.client.dumps((None,), methodresponse=True, allow_none=False)
            except TypeError as exc:
                raise _traceback_fault(exc) from None
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": "Password reset",
                "message": "Password reset instructions sent to your email",
                "type": "success",
                "sticky": False,
            },
        }


class _Groups(_Model):
    description = "Access Groups"
    fields = ("name", "full_name", "category_id", "display_name")
    default_order = "name"

    def records(self) -> dict[int, dict]:
        rows = {}
        categories = sorted({category for category, _ in self.standin.groups.values() if category})
        for gid, (category, name) in self.standin.groups.items():
            full = f"{category} / {name}" if category else name
            category_value = [100 + categories.index(category), category] if category else False
            rows[gid] = {
                "id": gid,
                "name": name,
                "full_name": full,
                "display_name": full,
                "category_id": category_value,
            }
        return rows


class _Companies(_Model):
    description = "Companies"
    fields = ("name", "display_name", "active")
    default_order = "name"

    def records(self) -> dict[int, dict]:
        return {
            cid: {"id": cid, "name": name, "display_name": name, "active": True}
            for cid, name in self.standin.companies.items()
        }


class _Modules(_Model):
    description = "Module"
    fields = ("name", "state")
    default_order = "name"

    def records(self) -> dict[int, dict]:
        return {
            i: {"id": i, "name": name, "state": "installed"}
            for i, name in enumerate(sorted(self.standin.modules), start=1)
        }


# Domains -------------------------------------------------------------------------


def _matches(row: dict, domain: list, model: _Model) -> bool:
    stack: list[bool] = []
    for term in reversed(domain):
        if term == "|":
            stack.append(stack.pop() | stack.pop())
        elif term == "&":
            stack.append(stack.pop() & stack.pop())
        elif term == "!":
            stack.append(not stack.pop())
        elif isinstance(term, list | tuple) and len(term) == 3:
            stack.append(_term(row, term, model))
        else:
            raise ValueError(f"Invalid domain term {term!r}")
    return all(stack)


def _term(row: dict, term, model: _Model) -> bool:
    name, operator, value = term
    if name != "id" and name not in model.fields:
        raise ValueError(f"Invalid field {name!r} in leaf {term!r}")
    current = row[name]
    if isinstance(current, list) and len(current) == 2 and isinstance(current[1], str):
        current = current[0]  # many2one
    if operator == "=":
        return current == value
    if operator == "!=":
        return current != value
    if operator in ("in", "not in"):
        inside = bool(set(current) & set(value)) if isinstance(current, list) else current in value
        return inside if operator == "in" else not inside
    if operator in ("=like", "=ilike", "like", "ilike", "not like", "not ilike"):
        if not isinstance(current, str):
            return operator.startswith("not")
        pattern = value if operator.startswith("=") else "%" + value + "%"
        found = _like(current, pattern, ignore_case="ilike" in operator)
        return not found if operator.startswith("not") else found
    raise ValueError(f"Invalid domain operator {operator!r}")


def _like(text: str, pattern: str, *, ignore_case: bool) -> bool:
    """SQL LIKE: % any run, _ one character, backslash escapes."""
    return _like_regex(pattern, ignore_case).fullmatch(text) is not None


@functools.lru_cache(maxsize=256)
def _like_regex(pattern: str, ignore_case: bool) -> re.Pattern:
    regex, index = "", 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            regex += re.escape(pattern[index + 1])
            index += 2
            continue
        regex += ".*" if char == "%" else "." if char == "_" else re.escape(char)
        index += 1
    return re.compile(regex, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def _sort_key(value):
    if isinstance(value, list):
        value = value[1] if len(value) == 2 and isinstance(value[1], str) else len(value)
    if value is False or value is None:
        return (0, "")
    if isinstance(value, bool | int):
        return (1, int(value))
    return (2, str(value).lower())


# Server plumbing -----------------------------------------------------------------


class _Service:
    """Dispatches every method name of one path to `handler(name, params)`,
    turning our faults into XML-RPC faults."""

    def __init__(self, standin: OdooStandin, handler):
        self.standin = standin
        self.handler = handler

    def _dispatch(self, method: str, params: tuple):
        with self.standin._lock:
            try:
                return self.handler(method, params)
            except _Fault as fault:
                raise xmlrpc.client.Fault(fault.code, fault.text) from None


class _Server(socketserver.ThreadingMixIn, xmlrpc.server.MultiPathXMLRPCServer):
    daemon_threads = True
    allow_reuse_address = True
    standin: OdooStandin


class _Handler(xmlrpc.server.SimpleXMLRPCRequestHandler):
    rpc_paths = (COMMON_PATH, OBJECT_PATH)
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        standin: OdooStandin = self.server.standin  # type: ignore[attr-defined]
        drop = standin._take_drop()
        if standin.delay:
            time.sleep(standin.delay)
        if not drop:
            return super().do_POST()
        length = int(self.headers.get("content-length") or 0)
        data = self.rfile.read(length)
        if drop == "after" and self.path in self.rpc_paths:
            self.server._marshaled_dispatch(data, None, self.path)  # type: ignore[attr-defined]
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def log_message(self, format, *args):  # noqa: A002 (the stdlib's name)
        pass


def seed_demo(standin: OdooStandin) -> OdooStandin:
    """The demonstration's companies, groups and accounts: a technical
    account with its API key, school staff (one archived, one without an
    email, one portal user)."""
    wallonia = 1
    standin.companies[wallonia] = "École numérique – Service public de Wallonie"
    ostbelgien = standin.add_company("Digitale Schule – Ostbelgien")
    internal = standin.add_group("User types", "Internal User")
    portal = standin.add_group("User types", "Portal")
    standin.add_group("Administration", ACCESS_RIGHTS)
    access_rights = standin.group_id(ACCESS_RIGHTS)
    inventory = standin.add_group("Inventory", "User")
    school_manager = standin.add_group("École numérique", "School ICT contact")
    technical = standin.add_group("Technical", "Multi Companies")
    features = standin.add_group("Extra Rights", "Technical Features")
    both = [wallonia, ostbelgien]
    standin.add_user(
        DEMO_LOGIN,
        "Pupitre (technical account)",
        email="",
        groups_id=[internal, access_rights, technical],
        company_ids=both,
        api_keys=[DEMO_API_KEY],
        login_date="2026-12-01 07:00:00",
    )
    standin.add_user(
        "m.lambert@ecole-athenee-namur.be",
        "Marie Lambert",
        email="m.lambert@ecole-athenee-namur.be",
        active=False,
        groups_id=[internal, inventory, school_manager, features],
        login_date="2026-06-27 14:02:11",
    )
    standin.add_user(
        "j.schmitz@rs-eupen.be",
        "Jonas Schmitz",
        email="j.schmitz@rs-eupen.be",
        company_id=ostbelgien,
        company_ids=[ostbelgien],
        groups_id=[internal, inventory],
        login_date="2026-11-30 09:41:05",
    )
    standin.add_user(
        "p.dubois",
        "Pierre Dubois",
        email="",
        groups_id=[internal, inventory],
    )
    standin.add_user(
        "s.renard@ecole-athenee-namur.be",
        "Sophie Renard",
        email="s.renard@ecole-athenee-namur.be",
        groups_id=[portal],
        share=True,
        login_date="2026-10-12 18:20:00",
    )
    return standin
