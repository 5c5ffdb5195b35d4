"""Ctrl-C on `make run` stops the background processes within 5 seconds.

`make run` starts the task worker, the scheduler and the IMAP IDLE watcher
in the background of a shell, which leaves SIGINT ignored in them, and stops
them with SIGTERM; run alone in a terminal, Ctrl-C sends them SIGINT. Each
command runs here as a real process on a database of its own and must exit
with status 0 soon after the signal (not killed by it, no traceback)."""

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READY_WITHIN = 60  # seconds to start Django on a busy machine
COMMANDS = {
    "db_worker": (["db_worker", "--no-reload"], "Starting worker"),
    "scheduler": (["scheduler"], "Scheduler running"),
    "mail_idle": (["mail_idle"], "IMAP IDLE watcher running"),
    "odoo_standin": (["odoo_standin", "--port", "0"], "Demonstration Odoo on"),
}


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {**os.environ, "PUPITRE_VAR_DIR": str(var), "DEBUG": "1", "PYTHONUNBUFFERED": "1"}
    env["DATABASE_URL"] = f"sqlite:///{var / 'pupitre.sqlite3'}"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(  # noqa: S603 - the project's own manage.py
        [*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT
    )
    return env, manage


def start(environment, name, *, sigint_ignored):
    env, manage = environment
    args, ready = COMMANDS[name]

    def as_make_run_starts_it():
        disposition = signal.SIG_IGN if sigint_ignored else signal.SIG_DFL
        signal.signal(signal.SIGINT, disposition)

    process = subprocess.Popen(  # noqa: S603 - the project's own manage.py
        [*manage, *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=as_make_run_starts_it,  # noqa: PLW1509 - the child is a fresh interpreter
    )
    output = b""
    deadline = time.monotonic() + READY_WITHIN
    while ready.encode() not in output:  # waits for the command to be in its loop
        timeout = deadline - time.monotonic()
        if timeout <= 0 or not select.select([process.stdout], [], [], timeout)[0]:
            process.kill()
            pytest.fail(f"{name} did not say it was ready:\n{output.decode()}")
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            process.wait()
            pytest.fail(f"{name} exited before it was ready:\n{output.decode()}")
        output += chunk
    return process, output.decode()


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize(
    ("sig", "sigint_ignored"), [(signal.SIGTERM, True), (signal.SIGINT, False)], ids=["term", "int"]
)
def test_each_background_command_stops_within_5_seconds(environment, name, sig, sigint_ignored):
    process, output = start(environment, name, sigint_ignored=sigint_ignored)
    process.send_signal(sig)
    try:
        rest, _ = process.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"{name} still ran 5 s after {sig.name}")
    text = output + rest.decode()
    assert process.returncode == 0, text
    assert "Traceback" not in text
