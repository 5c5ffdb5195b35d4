"""A small client of MeshCentral's control channel (`control.ashx`).

MeshCentral's own command-line tool (`meshctrl`) exits 0 even when a command
failed, so Pupitre speaks the protocol itself: a WebSocket carrying JSON
requests `{"action": ..., "responseid": ...}`; the server answers with the
same `action` and our `responseid` (or `tag`, which some actions echo
instead). Every call opens one connection, does its work and closes it,
within the server's time-out.

Authentication: the service account's password (header `x-meshauth`) or,
without one, a cookie made with the server's login-token key (`?auth=`).
The same key makes the short-lived login links that open a device's remote
desktop as the agent's own MeshCentral account (created on demand, with
rights on the school's group only): no shared administrator password.

Cookie format (MeshCentral `encodeCookie`): AES-256-GCM with the first 32
bytes of the 80-byte key, a 12-byte random nonce; the cookie is base64 of
nonce + 16-byte tag + ciphertext of a JSON object, with `+` written `@` and
`/` written `$`. A login cookie is `{"u": userid, "a": 3, "time": seconds}`;
an `expire` in minutes shortens its validity (the server's default is 60).
"""

import base64
import json
import os
import secrets
import ssl
import time
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import websocket
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pupitre.core.errors import DomainError

# Rights given to an agent's account on a school's group: remote control
# (desktop, terminal, files; the group's consent policy still applies), wake
# the device, chat and notify.
AGENT_GROUP_RIGHTS = 8 | 64 | 16384
# `conn` bit of a node whose agent is connected.
CONN_AGENT = 1
# Device group types.
MESH_TYPE_AGENT = 2
# MeshCentral's `adduser` error id for "User already exists".
ADDUSER_EXISTS = 7
# The views of a device page (`viewmode`): 11 is the remote desktop.
VIEW_DESKTOP = 11
# Agent binaries served by MeshCentral (`/meshagents?id=`).
AGENT_LINUX_X64 = 6
AGENT_WINDOWS_X64 = 4


class MeshCentralError(DomainError):
    """MeshCentral could not do what was asked; the message says why."""

    default_message = _("The remote-maintenance server could not do what was asked.")
    default_code = "meshcentral_error"

    def __init__(self, message=None, *, code: str | None = None, detail: str = ""):
        super().__init__(message or self.default_message, code=code or self.default_code)
        # MeshCentral's own words, for the logs and administrators.
        self.detail = detail


class MeshCentralNotConfigured(MeshCentralError):
    default_message = _("Remote maintenance is not configured.")
    default_code = "meshcentral_not_configured"


class MeshCentralUnreachable(MeshCentralError):
    default_message = _(
        "The remote-maintenance server (MeshCentral) cannot be reached. Try again in a few minutes."
    )
    default_code = "meshcentral_unreachable"


class MeshCentralTimeout(MeshCentralUnreachable):
    default_message = _(
        "The remote-maintenance server (MeshCentral) did not answer in time. "
        "Try again in a few minutes."
    )
    default_code = "meshcentral_timeout"


class MeshCentralCredentialsRefused(MeshCentralError):
    default_message = _(
        "The remote-maintenance server refused Pupitre's service account: check its "
        "password or login-token key."
    )
    default_code = "meshcentral_credentials"


class MeshCentralDeviceOffline(MeshCentralError):
    default_message = _(
        "This computer is offline: it must be switched on and connected to the internet."
    )
    default_code = "meshcentral_offline"


class MeshCentralUnknownDevice(MeshCentralError):
    default_message = _("This computer is not known to the remote-maintenance server.")
    default_code = "meshcentral_unknown_device"


class MeshCentralGroupMissing(MeshCentralError):
    default_message = _("The school's device group no longer exists on MeshCentral.")
    default_code = "meshcentral_group_missing"


class MeshCentralRefused(MeshCentralError):
    default_message = _("The remote-maintenance server refused the request.")
    default_code = "meshcentral_refused"


def encode_cookie(payload: dict, key_hex: str, *, now: float | None = None) -> str:
    """A MeshCentral cookie carrying `payload` (see the module's docstring)."""
    try:
        key = bytes.fromhex(key_hex.strip())
    except ValueError:
        key = b""
    if len(key) < 32:
        raise MeshCentralNotConfigured(
            _("The MeshCentral login-token key is not a valid key."), code="meshcentral_bad_key"
        )
    body = dict(payload, time=int(now if now is not None else time.time()))
    nonce = os.urandom(12)
    sealed = AESGCM(key[:32]).encrypt(nonce, json.dumps(body).encode(), None)
    # AESGCM appends the 16-byte tag; MeshCentral wants it before the text.
    ciphertext, tag = sealed[:-16], sealed[-16:]
    text = base64.b64encode(nonce + tag + ciphertext).decode()
    return text.replace("+", "@").replace("/", "$")


def decode_cookie(cookie: str, key_hex: str) -> dict:
    """The payload of a cookie made by `encode_cookie` (or by MeshCentral)."""
    raw = base64.b64decode(cookie.replace("@", "+").replace("$", "/"))
    nonce, tag, ciphertext = raw[:12], raw[12:28], raw[28:]
    plain = AESGCM(bytes.fromhex(key_hex)[:32]).decrypt(nonce, ciphertext + tag, None)
    return json.loads(plain)


def user_id(username: str) -> str:
    """MeshCentral's id of an account of the default domain."""
    return "user//" + username.lower()


def agent_username(user) -> str:
    """The MeshCentral account name of a Pupitre staff member: stable,
    unique, free of personal data (MeshCentral's logs carry it)."""
    return f"pupitre-{user.pk}"


def user_pk_from_mesh(userid_or_name: str) -> int | None:
    """The Pupitre user id behind a MeshCentral account made by
    `agent_username` ("user//pupitre-12" or "pupitre-12"), else None."""
    name = userid_or_name.rsplit("/", 1)[-1]
    prefix, _sep, number = name.partition("-")
    if prefix != "pupitre" or not number.isdigit():
        return None
    return int(number)


def short_node_id(node_id: str) -> str:
    return node_id.removeprefix("node//")


def short_mesh_id(mesh_id: str) -> str:
    """A group's id as MeshCentral's download addresses want it."""
    return mesh_id.removeprefix("mesh//")


class MeshCentralClient:
    def __init__(self, server, *, password: str | None = None, login_token_key: str | None = None):
        self.server = server
        self.password = settings.MESHCENTRAL_PASSWORD if password is None else password
        self.login_token_key = (
            settings.MESHCENTRAL_LOGIN_TOKEN_KEY if login_token_key is None else login_token_key
        )
        if not self.password and not self.login_token_key:
            raise MeshCentralNotConfigured()
        self.timeout = float(server.timeout_seconds or 10)

    # --- addresses ------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self.server.url.rstrip("/")

    def _control_url(self) -> str:
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        query = ""
        if not self.password:
            cookie = encode_cookie(
                {"u": user_id(self.server.username), "a": 3}, self.login_token_key
            )
            query = urlencode({"auth": cookie})
        return urlunsplit(
            (scheme, parts.netloc, parts.path.rstrip("/") + "/control.ashx", query, "")
        )

    def ssl_context(self) -> ssl.SSLContext:
        """The TLS settings for plain HTTP requests to the server (install
        links, agents), the same as for the control channel."""
        context = ssl.create_default_context()
        if not self.server.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    # --- the channel ------------------------------------------------------

    def _connect(self) -> "_Channel":
        headers = []
        if self.password:
            token = ",".join(
                base64.b64encode(part.encode()).decode()
                for part in (self.server.username, self.password)
            )
            headers.append("x-meshauth: " + token)
        sslopt = (
            {} if self.server.verify_tls else {"cert_reqs": ssl.CERT_NONE, "check_hostname": False}
        )
        deadline = time.monotonic() + self.timeout
        try:
            ws = websocket.create_connection(
                self._control_url(), timeout=self.timeout, header=headers, sslopt=sslopt
            )
        except (TimeoutError, websocket.WebSocketTimeoutException) as error:
            raise MeshCentralTimeout(detail=str(error)) from error
        except websocket.WebSocketBadStatusException as error:
            if error.status_code in (401, 403):
                raise MeshCentralCredentialsRefused(detail=str(error)) from error
            raise MeshCentralUnreachable(detail=str(error)) from error
        except (OSError, websocket.WebSocketException) as error:
            raise MeshCentralUnreachable(detail=str(error)) from error
        channel = _Channel(ws, deadline)
        try:
            channel.wait_signed_in()
        except BaseException:
            channel.close()
            raise
        return channel

    def _run(self, work):
        channel = self._connect()
        try:
            return work(channel)
        finally:
            channel.close()

    # --- reads ------------------------------------------------------------

    def server_info(self) -> dict:
        return self._run(lambda channel: channel.server_info)

    def groups(self) -> list[dict]:
        return self._run(lambda channel: channel.request("meshes").get("meshes", []))

    def group(self, mesh_id: str) -> dict | None:
        return next((group for group in self.groups() if group.get("_id") == mesh_id), None)

    def nodes(self, *, mesh_id: str | None = None) -> list[dict]:
        """Every device the service account sees (or those of one group),
        each with its `meshid` and `lastconnect` (epoch ms, when known)."""
        return self._run(lambda channel: _nodes(channel, mesh_id))

    def node(self, node_id: str) -> dict:
        for node in self.nodes():
            if node.get("_id") == node_id:
                return node
        raise MeshCentralUnknownDevice()

    def system_info(self, node_id: str) -> dict:
        """The hardware and software inventory the agent reported (empty
        when it has not reported one)."""
        return self.system_infos([node_id]).get(node_id, {})

    def system_infos(self, node_ids: list[str]) -> dict[str, dict]:
        """`system_info` of several devices over one connection."""

        def work(channel):
            found = {}
            for node_id in node_ids:
                reply = channel.request("getsysinfo", nodeid=node_id)
                if not reply.get("noinfo"):
                    found[node_id] = reply
            return found

        return self._run(work) if node_ids else {}

    def events(
        self, *, node_id: str | None = None, limit: int = 500, kind: str | None = None
    ) -> list[dict]:
        """The newest events, of one device or of every device the service
        account sees; `kind` is MeshCentral's filter ("relaylog" for remote
        sessions, "agentlog", "runcommands"...)."""
        fields: dict = {"limit": int(limit)}
        if node_id:
            fields["nodeid"] = node_id
        if kind:
            fields["filter"] = kind

        def work(channel):
            reply = channel.request("events", **fields)
            events = reply.get("events") or []
            # A device's events come without their `nodeid`: put it back.
            if node_id:
                for event in events:
                    event.setdefault("nodeid", reply.get("nodeid") or node_id)
            return events

        return self._run(work)

    # --- writes -----------------------------------------------------------

    def group_create(self, *, name: str, consent: int, description: str = "") -> str:
        """Creates an agent device group; returns its id (`mesh//…`)."""

        def work(channel):
            reply = channel.request(
                "createmesh",
                meshname=name,
                meshtype=MESH_TYPE_AGENT,
                desc=description,
                consent=consent,
            )
            _check(reply)
            return reply["meshid"]

        return self._run(work)

    def group_set_consent(self, *, mesh_id: str, consent: int) -> None:
        def work(channel):
            reply = channel.request("editmesh", meshid=mesh_id, consent=consent)
            _check(reply, missing=MeshCentralGroupMissing)

        self._run(work)

    def group_delete(self, *, mesh_id: str) -> None:
        def work(channel):
            _check(channel.request("deletemesh", meshid=mesh_id), missing=MeshCentralGroupMissing)

        self._run(work)

    def invite_link(self, *, mesh_id: str, hours: int, flags: int = 0) -> str:
        """An install link for the group's agent, valid `hours` hours
        (flags: 0 both installers, 1 interactive only, 2 background only)."""

        def work(channel):
            reply = channel.request(
                "createInviteLink", meshid=mesh_id, expire=int(hours), flags=flags
            )
            if reply.get("result") == "Invalid group id":
                raise MeshCentralGroupMissing(detail=reply["result"])
            _check(reply)
            url = reply["url"]
            if url.startswith("/"):
                url = self.base_url + url
            return url

        return self._run(work)

    def agent_download_url(self, *, mesh_id: str, agent: int) -> str:
        """Where the group's agent binary is served (public to anyone who
        knows the group's id, as MeshCentral serves it)."""
        query = urlencode({"id": agent, "meshid": short_mesh_id(mesh_id), "installflags": 0})
        return f"{self.base_url}/meshagents?{query}"

    def agent_settings_url(self, *, mesh_id: str) -> str:
        query = urlencode({"id": short_mesh_id(mesh_id)})
        return f"{self.base_url}/meshsettings?{query}"

    def message(self, *, node_id: str, text: str, title: str = "Pupitre") -> None:
        """Shows a message box on the computer; refused when it is offline."""

        def work(channel):
            reply = channel.request(
                "msg", type="messagebox", nodeid=node_id, title=title, msg=text, timeout=120000
            )
            if reply.get("result") == "Unable to route":
                raise MeshCentralDeviceOffline(detail=reply["result"])
            if reply.get("result") not in (None, "OK", "ok"):
                raise MeshCentralRefused(detail=str(reply.get("result")))

        self._run(work)

    def login_url(self, *, username: str, node_id: str, require_online: bool = False) -> str:
        """A deep link to the device's remote desktop that signs in as
        `username`'s own MeshCentral account, valid a few minutes (the
        server's `login_link_minutes`). The account is created when missing
        and given rights on the device's group only."""
        if not self.login_token_key:
            raise MeshCentralNotConfigured(
                _("Login links need the MeshCentral login-token key."), code="meshcentral_no_key"
            )

        def work(channel):
            node = next((n for n in _nodes(channel, None) if n.get("_id") == node_id), None)
            if node is None:
                raise MeshCentralUnknownDevice()
            if require_online and not int(node.get("conn") or 0) & CONN_AGENT:
                raise MeshCentralDeviceOffline()
            _user_ensure(channel, username)
            reply = channel.request(
                "addmeshuser",
                meshid=node["meshid"],
                userids=[user_id(username)],
                meshadmin=AGENT_GROUP_RIGHTS,
            )
            if reply.get("result") == "Unknown group":
                raise MeshCentralGroupMissing(detail=reply["result"])
            if reply.get("success", 0) < 1:
                raise MeshCentralRefused(detail=str(reply.get("result")))

        self._run(work)
        cookie = encode_cookie(
            {"u": user_id(username), "a": 3, "expire": int(self.server.login_link_minutes or 5)},
            self.login_token_key,
        )
        query = urlencode(
            {"login": cookie, "gotonode": short_node_id(node_id), "viewmode": VIEW_DESKTOP},
            quote_via=quote,
            safe="",
        )
        return f"{self.base_url}/?{query}"


def serial_number(system_info: dict) -> str:
    """The computer's serial number in an agent's inventory, or ''."""
    hardware = system_info.get("hardware") or {}
    identifiers = hardware.get("identifiers") or {}
    candidates = [identifiers.get("product_serial"), identifiers.get("board_serial")]
    bios = (hardware.get("windows") or {}).get("osinfo") or {}
    candidates.append(bios.get("SerialNumber"))
    for value in candidates:
        text = str(value or "").strip()
        if text and text.lower() not in NO_SERIALS:
            return text
    return ""


# What firmware writes where it has no serial number.
NO_SERIALS = {"0", "none", "default string", "to be filled by o.e.m.", "system serial number"}


def _check(reply: dict, *, missing: type[MeshCentralError] | None = None) -> None:
    result = reply.get("result")
    if result in (None, "ok", "OK"):
        return
    if missing is not None and "group" in str(result).lower():
        raise missing(detail=str(result))
    raise MeshCentralRefused(detail=str(result))


def _user_ensure(channel: "_Channel", username: str) -> None:
    reply = channel.request(
        "adduser",
        username=username,
        # Never used: the account signs in only through login links.
        pass_=secrets.token_urlsafe(24),
        randomPassword=True,
    )
    if reply.get("result") != "ok" and reply.get("msgid") != ADDUSER_EXISTS:
        raise MeshCentralRefused(detail=str(reply.get("result")))


def _nodes(channel: "_Channel", mesh_id: str | None) -> list[dict]:
    fields = {"meshid": mesh_id} if mesh_id else {}
    reply = channel.request("nodes", **fields)
    if isinstance(reply.get("result"), str):
        raise MeshCentralRefused(detail=reply["result"])
    last = channel.request("lastconnects").get("lastconnects") or {}
    found = []
    for group_id, nodes in (reply.get("nodes") or {}).items():
        for node in nodes:
            node = dict(node, meshid=group_id)
            short = node.get("_id", "")[5:]  # MeshCentral keys them without "node/"
            node.setdefault("lastconnect", last.get(short) or last.get(node.get("_id")))
            found.append(node)
    return found


class _Channel:
    """One open control.ashx connection, with an overall deadline."""

    def __init__(self, ws, deadline: float):
        self.ws = ws
        self.deadline = deadline
        self.server_info: dict = {}
        self.user_info: dict = {}

    def close(self):
        try:
            self.ws.close(timeout=1)
        except (OSError, websocket.WebSocketException):
            pass

    def _receive(self) -> dict:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise MeshCentralTimeout()
        self.ws.settimeout(remaining)
        try:
            text = self.ws.recv()
        except (TimeoutError, websocket.WebSocketTimeoutException) as error:
            raise MeshCentralTimeout(detail=str(error)) from error
        except (OSError, websocket.WebSocketException) as error:
            raise MeshCentralUnreachable(detail=str(error)) from error
        if not text:
            raise MeshCentralUnreachable(detail="connection closed")
        try:
            message = json.loads(text)
        except ValueError:
            return {}
        if not isinstance(message, dict):
            return {}
        if message.get("action") == "close":
            cause = str(message.get("cause", ""))
            if cause.startswith("noauth"):
                raise MeshCentralCredentialsRefused(detail=str(message.get("msg", cause)))
            raise MeshCentralUnreachable(detail=str(message.get("msg", cause)))
        return message

    def wait_signed_in(self) -> None:
        while not self.user_info:
            message = self._receive()
            if message.get("action") == "serverinfo":
                self.server_info = message.get("serverinfo") or {}
            elif message.get("action") == "userinfo":
                self.user_info = message.get("userinfo") or {}

    def request(self, action: str, **fields) -> dict:
        request_id = "pupitre-" + secrets.token_hex(8)
        if "pass_" in fields:
            fields["pass"] = fields.pop("pass_")
        command = {"action": action, "responseid": request_id, "tag": request_id, **fields}
        try:
            self.ws.send(json.dumps(command))
        except (OSError, websocket.WebSocketException) as error:
            raise MeshCentralUnreachable(detail=str(error)) from error
        while True:
            message = self._receive()
            if message.get("action") != action:
                continue
            if request_id in (message.get("responseid"), message.get("tag")):
                return message
            # Some answers (the list of groups) carry neither id.
            if message.get("responseid") is None and message.get("tag") is None:
                return message
