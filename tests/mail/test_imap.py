"""Against a real IMAP server (Dovecot): fetch, flag after the commit,
IDLE, and a fetching process killed in the middle of a batch."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from imapclient import IMAPClient

from pupitre.mail.imap import STORED_KEYWORD, MailboxReader, fetch_mailbox
from pupitre.mail.management.commands.mail_idle import Watcher
from pupitre.mail.models import InboundMail, Mailbox, Security, State
from pupitre.mail.services import inbound_process_pending

from .conftest import make_mail
from .servers import PASSWORD, USER

pytestmark = pytest.mark.dovecot
ROOT = Path(__file__).resolve().parents[2]


def mailbox_for(server, **fields) -> Mailbox:
    values = {
        "name": "Support FR",
        "address": "support@pupitre.example",
        "host": "127.0.0.1",
        "port": server.port,
        "security": Security.NONE,
        "username": USER,
        "password": PASSWORD,
    }
    values.update(fields)
    return Mailbox.objects.create(**values)


def unflagged(server) -> list[int]:
    with IMAPClient("127.0.0.1", port=server.port, ssl=False) as client:
        client.login(USER, PASSWORD)
        client.select_folder("INBOX")
        return client.search(["NOT", "KEYWORD", STORED_KEYWORD])


def test_new_mail_is_stored_then_flagged_and_fetched_once(dovecot, teacher):
    box = mailbox_for(dovecot)
    for n in range(3):
        dovecot.deliver(make_mail(subject=f"Panne {n}"), f"{n}.mail")
    assert fetch_mailbox(box) == 3
    assert unflagged(dovecot) == []
    assert fetch_mailbox(box) == 0
    rows = InboundMail.objects.filter(mailbox=box)
    assert sorted(rows.values_list("uid", flat=True)) == [1, 2, 3]
    assert inbound_process_pending() == 3
    assert set(rows.values_list("state", flat=True)) == {State.PROCESSED}
    box.refresh_from_db()
    assert box.checked_at is not None and box.last_error == ""


def test_a_message_seen_again_unflagged_is_not_stored_twice(dovecot, teacher):
    box = mailbox_for(dovecot)
    dovecot.deliver(make_mail(), "1.mail")
    fetch_mailbox(box)
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(USER, PASSWORD)
        client.select_folder("INBOX")
        client.remove_flags([1], [STORED_KEYWORD])  # as if the flag had been lost
    assert fetch_mailbox(box) == 0
    assert unflagged(dovecot) == []
    assert InboundMail.objects.count() == 1


def test_a_wrong_password_is_shown_on_the_mailbox(dovecot, db):
    box = mailbox_for(dovecot, password="wrong")
    assert fetch_mailbox(box) == 0
    box.refresh_from_db()
    assert "LoginError" in box.last_error


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("keeps_service_data")
def test_idle_processes_new_mail_as_soon_as_it_arrives(dovecot, teacher):
    box = mailbox_for(dovecot)
    watcher = Watcher(box, idle_seconds=30)
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while not Mailbox.objects.get(pk=box.pk).checked_at and time.monotonic() < deadline:
            time.sleep(0.05)
        with MailboxReader(box) as reader:
            assert reader.supports_idle
        dovecot.deliver(make_mail(subject="Arrivé pendant IDLE"), "idle.mail")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            mail = InboundMail.objects.filter(state=State.PROCESSED).first()
            if mail:
                break
            time.sleep(0.05)
        assert mail is not None and mail.ticket.subject == "Arrivé pendant IDLE"
    finally:
        watcher.stopping.set()


# The crash test ------------------------------------------------------------

SETUP = """
from pupitre.accounts.models import User
from pupitre.mail.models import Mailbox
from pupitre.schools.models import Membership, School
from pupitre.tickets.services import ticket_create
school = School.objects.create(official_number="S1", name="École", language="fr",
                               school_type="primary")
user = User.objects.create_user(email="prof@ecole.example", full_name="Prof", role="school")
Membership.objects.create(user=user, school=school)
Mailbox.objects.create(name="FR", address="support@pupitre.example", host="127.0.0.1",
                       port={port}, security="none", username="{user}", password="{password}")
ticket = ticket_create(school=school, requester=user, created_by=user, channel="portal",
                       category="question", subject="Base", description="Base")
print(ticket.number)
"""


def _env(folder: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{folder}/crash.sqlite3",
        PUPITRE_VAR_DIR=str(folder),
        ATTACHMENT_ROOT=str(folder / "attachments"),
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        SECRET_KEY=env.get("SECRET_KEY") or "crash-test-key-not-a-secret",
        LOG_LEVEL="ERROR",
    )
    return env


def _manage(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True, **kwargs,
    )  # fmt: skip


def _count(database: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as db:
            return db.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _run_and_kill(env, database: Path, sql: str, at_least: int) -> bool:
    """Start `mail_fetch`, SIGKILL it once `sql` counts `at_least`; True if
    it was still running at that moment."""
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "manage.py", "mail_fetch", "--batch", "5"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if _count(database, sql) >= at_least:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return True
            time.sleep(0.002)
        return False
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_killing_the_ingest_process_mid_batch_loses_and_duplicates_nothing(dovecot, tmp_path):
    env = _env(tmp_path)
    database = tmp_path / "crash.sqlite3"
    _manage(env, "migrate", "-v", "0")
    number = (
        _manage(env, "shell", "-c", SETUP.format(port=dovecot.port, user=USER, password=PASSWORD))
        .stdout.strip()
        .splitlines()[-1]
    )
    sent = {}
    for n in range(150):
        message_id = f"crash-{n}@test.example"
        if n % 5 == 0:  # replies to the existing ticket
            sender, subject, kind = "prof@ecole.example", f"Re: [{number}] {n}", "reply"
        elif n % 7 == 0:  # unknown senders: triage
            sender, subject, kind = f"inconnu{n}@ailleurs.example", f"Question {n}", "triage"
        else:
            sender, subject, kind = "prof@ecole.example", f"Panne {n}", "ticket"
        raw = make_mail(sender=sender, subject=subject, message_id=message_id)
        dovecot.deliver(raw, f"{n}.mail")
        sent[message_id] = kind
    env["MAIL_MAX_NEW_TICKETS_PER_HOUR"] = "1000"
    # The mails a killed process had claimed wait until its claim runs out.
    env["MAIL_CLAIM_SECONDS"] = "2"

    stored = "SELECT count(*) FROM mail_inboundmail"
    done = "SELECT count(*) FROM mail_inboundmail WHERE state != 'received'"
    killed_storing = _run_and_kill(env, database, stored, 20)
    killed_processing = _run_and_kill(env, database, done, 40)
    assert killed_storing and killed_processing, "the process ended before it could be killed"
    assert _count(database, done) < 150
    time.sleep(2)
    _manage(env, "mail_fetch")

    with sqlite3.connect(database) as db:
        rows = dict(db.execute("SELECT message_id, state FROM mail_inboundmail"))
        claimed = "SELECT count(*) FROM mail_inboundmail WHERE claimed_until IS NOT NULL"
        assert db.execute(claimed).fetchone()[0] == 0
        entries = db.execute(
            "SELECT email_message_id, count(*) FROM tickets_message "
            "WHERE email_message_id != '' GROUP BY email_message_id"
        ).fetchall()
        tickets = db.execute("SELECT count(*) FROM tickets_ticket").fetchone()[0]
    assert set(rows) == set(sent)  # every mail stored, exactly once (a unique column)
    expected = {"reply": "processed", "ticket": "processed", "triage": "triage"}
    assert {mid: rows[mid] for mid in sent} == {mid: expected[k] for mid, k in sent.items()}
    entries = dict(entries)
    for message_id, kind in sent.items():
        assert entries.get(message_id, 0) == (0 if kind == "triage" else 1), message_id
    assert tickets == 1 + sum(kind == "ticket" for kind in sent.values())
    assert unflagged(dovecot) == []
