"""A MeshCentral server on the loopback, for the tests and `make run`.

MeshCentral is installed from npm at a pinned version by `make meshcentral`
(into var/meshcentral/, ignored by git). This module writes a configuration
that keeps the server on 127.0.0.1 and offline (no self-update, no backups,
no time-stamp server, no Intel AMT ports, no LAN discovery), creates its
administrator while it is stopped, starts it and waits until it is ready,
and stops the processes it started (the launcher and its child, which run
in their own process group).

Development tooling: no domain code imports it.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from django.conf import settings

MESHCENTRAL_VERSION = "1.1.55"
READY_LINE = "MeshCentral HTTPS server running on"


def install_dir() -> Path:
    """Where `make meshcentral` put the package (PUPITRE_MESHCENTRAL_DIR
    overrides: the folder holding node_modules/meshcentral)."""
    base = os.environ.get("PUPITRE_MESHCENTRAL_DIR") or str(
        settings.PROJECT_DIR / "var" / "meshcentral"
    )
    return Path(base) / "node_modules" / "meshcentral"


def node_binary() -> str | None:
    return shutil.which("node")


def missing_reason() -> str:
    """Why a local MeshCentral cannot run here, or '' when it can."""
    if not node_binary():
        return "Node.js is not installed (apt-get install nodejs npm)"
    package = install_dir() / "package.json"
    if not package.exists():
        folder = install_dir().parent.parent
        return f"MeshCentral is not installed in {folder} (run `make meshcentral`)"
    version = json.loads(package.read_text(encoding="utf-8")).get("version")
    if version != MESHCENTRAL_VERSION:
        return (
            f"MeshCentral {version} is installed, {MESHCENTRAL_VERSION} is needed "
            "(run `make meshcentral`)"
        )
    return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalMeshCentral:
    """`with LocalMeshCentral(folder) as mesh:` a running server whose data
    lives in `folder` (kept between runs when the folder is kept)."""

    def __init__(self, folder: Path, *, port: int | None = None, admin: str = "pupitre-service"):
        self.folder = Path(folder)
        self.data = self.folder / "meshcentral-data"
        self.files = self.folder / "meshcentral-files"
        self.port = port or free_port()
        self.admin = admin
        self.process: subprocess.Popen | None = None
        self.log_path = self.folder / "meshcentral.log"
        self.started_in: float | None = None

    # --- configuration ------------------------------------------------------

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}/"

    @property
    def password_file(self) -> Path:
        return self.folder / "password"

    @property
    def login_token_key_file(self) -> Path:
        return self.folder / "login-token-key"

    def _secret(self, path: Path, make) -> str:
        """A secret kept in its own file (for MESHCENTRAL_*_FILE), made once."""
        if not path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(make(), encoding="utf-8")
        return path.read_text(encoding="utf-8").strip()

    @property
    def password(self) -> str:
        return self._secret(self.password_file, lambda: "Pp1-" + secrets.token_urlsafe(18))

    @property
    def login_token_key(self) -> str:
        return self._secret(self.login_token_key_file, lambda: os.urandom(80).hex())

    def config(self) -> dict:
        return {
            "settings": {
                "cert": "127.0.0.1",
                "port": self.port,
                "portBind": "127.0.0.1",
                "aliasPort": self.port,
                "redirPort": 0,
                "mpsPort": 0,
                "exactPorts": True,
                # No UDP discovery on every interface (hybrid/LAN mode does
                # that); agent groups work in WAN mode.
                "WANonly": True,
                "selfUpdate": False,
                "allowLoginToken": True,
                "noAgentUpdate": True,
                "autoBackup": False,
                "agentTimeStampServer": False,
                "loginCookieEncryptionKey": self.login_token_key,
            },
            "domains": {"": {"title": "Pupitre", "newAccounts": False}},
        }

    def _command(self, *args: str) -> list[str]:
        return [
            node_binary() or "node",
            str(install_dir()),
            "--datapath",
            str(self.data),
            "--filespath",
            str(self.files),
            *args,
        ]

    def prepare(self) -> None:
        """Writes the configuration; creates the administrator once (the
        server must be stopped for that)."""
        self.data.mkdir(parents=True, exist_ok=True)
        self.files.mkdir(parents=True, exist_ok=True)
        (self.data / "config.json").write_text(
            json.dumps(self.config(), indent=2), encoding="utf-8"
        )
        marker = self.folder / "admin-created"
        if marker.exists():
            return
        for args in (
            ("--createaccount", self.admin, "--pass", self.password, "--name", "Pupitre"),
            ("--adminaccount", self.admin),
        ):
            result = subprocess.run(  # noqa: S603 (our own arguments)
                self._command(*args), capture_output=True, text=True, timeout=60, check=False
            )
            if "Done." not in result.stdout:
                raise RuntimeError(f"MeshCentral {args[0]} failed: {result.stdout}{result.stderr}")
        marker.write_text("yes", encoding="utf-8")

    def seed_from(self, other: "LocalMeshCentral") -> None:
        """Reuses another server's certificates and signed agents (tests
        start several servers): a first start then takes as long as a
        second one instead of generating certificates and signing agents."""
        self.data.mkdir(parents=True, exist_ok=True)
        for path in other.data.iterdir():
            if path.name.endswith((".key", ".crt")):
                shutil.copy2(path, self.data / path.name)
            elif path.name == "signedagents" and path.is_dir():
                shutil.copytree(path, self.data / path.name, dirs_exist_ok=True)

    def write_events(self, events: list[dict]) -> None:
        """Adds event records to the server's NeDB events file, as the server
        writes them (one JSON object a line), while it is stopped. `time`
        may be an aware datetime or epoch milliseconds (default: now); NeDB
        keeps dates as {"$$date": ms}. MeshCentral drops events older than
        20 days when it starts. An event is listed for a device when its
        `nodeid` is that device's, and in the list of all events when its
        `ids` hold an id the reader may see ("*" for administrators)."""
        path = self.data / "meshcentral-events.db"
        with path.open("a", encoding="utf-8") as out:
            for event in events:
                moment = event.get("time")
                if moment is None:
                    millis = int(time.time() * 1000)
                elif hasattr(moment, "timestamp"):
                    millis = int(moment.timestamp() * 1000)
                else:
                    millis = int(moment)
                record = {
                    "_id": secrets.token_urlsafe(12),
                    "domain": "",
                    "ids": ["*"],
                    **event,
                    "time": {"$$date": millis},
                }
                out.write(json.dumps(record) + "\n")

    # --- processes ------------------------------------------------------------

    def start(self, *, timeout: float = 90) -> None:
        self.prepare()
        begun = time.monotonic()
        log = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(  # noqa: S603 (our own arguments)
            self._command(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=str(self.folder),
        )
        log.close()
        while time.monotonic() - begun < timeout:
            if READY_LINE in self.log():
                self.started_in = time.monotonic() - begun
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        output = self.log()
        self.stop()
        raise RuntimeError(f"MeshCentral did not start within {timeout}s:\n{output[-3000:]}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        # The launcher and its child share the process group we created.
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        # The launcher's child exits within ~3 s of SIGTERM; `make run`
        # kills its commands 4 s after Ctrl-C, so leave nothing behind
        # after 2.5 s.
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:
            process.poll()
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait(timeout=5)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
