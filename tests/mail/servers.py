"""Real mail servers for the tests and the benchmark: Dovecot (IMAP, from
Debian's dovecot-imapd) in a temporary folder on a loopback port, and an
aiosmtpd SMTP server in the test process that records what it receives.

Dovecot runs with its own configuration, user file and Maildir, as the
current user (no system service). Mail access as root is refused by
Dovecot, so when the tests run as root (CI) the mail user is Dovecot's own
unprivileged `dovecot` account and the folder is handed to it.
"""

import getpass
import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = os.environ.get("PUPITRE_DOVECOT", "/usr/sbin/dovecot")
USER = "helpdesk"
PASSWORD = "imap-test-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dovecot_available() -> bool:
    return Path(DOVECOT).exists()


class Dovecot:
    """`with Dovecot() as server:` serves the Maildir `server.maildir` from a
    fresh temporary folder, removed at the end."""

    def __init__(self):
        # Its own folder, readable by the unprivileged processes of Dovecot
        # (a pytest tmp_path's parents are private).
        self.folder = Path(tempfile.mkdtemp(prefix="pupitre-dovecot-"))
        self.folder.chmod(0o755)
        self.port = free_port()
        self.maildir = self.folder / "home" / USER / "Maildir"
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def _mail_user(self) -> tuple[str, int, int]:
        if os.getuid() != 0:
            return getpass.getuser(), os.getuid(), os.getgid()
        account = pwd.getpwnam("dovecot")
        return account.pw_name, account.pw_uid, account.pw_gid

    def start(self) -> None:
        name, uid, gid = self._mail_user()
        group = grp.getgrgid(gid).gr_name
        for sub in ("run", "state", "home"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        (self.folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        config = self.folder / "dovecot.conf"
        login_user = name if os.getuid() != 0 else "dovenull"
        config.write_text(
            f"""
base_dir = {self.folder}/run
state_dir = {self.folder}/state
log_path = {self.folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {name}
default_internal_group = {group}
first_valid_uid = {min(uid, 100)}
first_valid_gid = 0
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.folder}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={self.folder}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
protocol imap {{
  imap_idle_notify_interval = 1 secs
}}
"""
        )
        if os.getuid() == 0:
            for path in [self.folder / "home", *(self.folder / "home").rglob("*")]:
                os.chown(path, uid, gid)
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [DOVECOT, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "Dovecot did not start: "
                    + self.process.stderr.read().decode(errors="replace")
                    + self.log()
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("Dovecot did not listen within 15 s: " + self.log())

    def log(self) -> str:
        path = self.folder / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def deliver(self, raw: bytes, name: str) -> None:
        """Put one message into the Maildir's `new/`, as a local delivery
        agent would (Dovecot sees it at the next command or IDLE check)."""
        tmp = self.maildir / "tmp" / name
        tmp.write_bytes(raw)
        final = self.maildir / "new" / name
        os.rename(tmp, final)
        if os.getuid() == 0:
            _, uid, gid = self._mail_user()
            os.chown(final, uid, gid)

    def append(self, raw: bytes) -> None:
        """Add a message through IMAP APPEND."""
        from imapclient import IMAPClient

        with IMAPClient("127.0.0.1", port=self.port, ssl=False) as client:
            client.login(USER, PASSWORD)
            client.append("INBOX", raw)


class SmtpSink:
    """An aiosmtpd server in the test process that keeps what it receives;
    `refuse` maps a recipient to an SMTP reply (e.g. "550 5.1.1 unknown"),
    given once when it starts with "4" (a temporary failure)."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[tuple[list[str], bytes]] = []
        self.refuse: dict[str, str] = {}
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        answer = self.refuse.get(address)
        if answer:
            if answer.startswith("4"):
                del self.refuse[address]
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
