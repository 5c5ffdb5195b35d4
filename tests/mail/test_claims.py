"""Each waiting mail is processed by one worker (a claim with a lease), and
a rolled-back attempt leaves no attachment file on disk."""

import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from pupitre.core.errors import DomainError
from pupitre.mail import services
from pupitre.mail.models import InboundMail, State
from pupitre.tickets import services as tickets
from pupitre.tickets.models import Attachment, Ticket

from .conftest import make_mail
from .test_imap import ROOT, _env, _manage


def with_attachment(n: int) -> bytes:
    return make_mail(
        subject=f"Panne {n}",
        attachments=[(f"photo-{n}.jpg", "image/jpeg", b"\xff\xd8" + bytes(str(n), "ascii"))],
    )


def files_on_disk() -> list[Path]:
    root = Path(django_settings.STORAGES["default"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()]


def test_a_mail_claimed_by_another_worker_waits_until_the_claim_runs_out(teacher):
    services.inbound_store(raw=make_mail())
    claimed = InboundMail.objects.filter(state=State.RECEIVED)
    claimed.update(claim="other", claimed_until=timezone.now() + timedelta(seconds=60))
    assert services.inbound_process_pending() == 0
    assert services.inbound_process(inbound_id=claimed.get().pk) is None

    # Its worker was killed: once the claim has run out, another takes it.
    claimed.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert services.inbound_process_pending() == 1
    mail = InboundMail.objects.get()
    assert mail.state == State.PROCESSED and mail.attempts == 1
    assert mail.claimed_until is None


def test_a_mail_that_fails_after_writing_its_attachment_leaves_no_file(teacher, monkeypatch):
    create = tickets.ticket_create

    def create_then_fail(**kwargs):
        create(**kwargs)
        raise DomainError("refused after the files were written", code="refused")

    monkeypatch.setattr(tickets, "ticket_create", create_then_fail)
    services.inbound_store(raw=with_attachment(1))
    services.inbound_process_pending()

    mail = InboundMail.objects.get()
    assert mail.state == State.FAILED and mail.error == "refused after the files were written"
    assert Attachment.objects.count() == 0
    assert files_on_disk() == []


def test_a_mail_another_worker_did_first_leaves_no_file(teacher, monkeypatch):
    save = services._save_result

    def done_elsewhere_first(mail):
        InboundMail.objects.filter(pk=mail.pk).update(state=State.PROCESSED)
        return save(mail)

    monkeypatch.setattr(services, "_save_result", done_elsewhere_first)
    services.inbound_store(raw=with_attachment(1))
    assert services.inbound_process_pending() == 0
    assert Ticket.objects.count() == 0 and files_on_disk() == []


def test_a_processed_mail_keeps_its_attachment_file(teacher):
    services.inbound_store(raw=with_attachment(1))
    services.inbound_process_pending()
    [attachment] = Attachment.objects.all()
    assert files_on_disk() == [Path(attachment.file.path)]


MAILS = 40


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("keeps_service_data")
def test_concurrent_unsharded_workers_process_each_mail_once(teacher, monkeypatch, settings):
    """As `mail_fetch`, `mail_idle` and the shard workers do: three workers
    on all the waiting mail at once, without a shard."""
    settings.MAIL_MAX_NEW_TICKETS_PER_HOUR = 1000
    services.inbound_store_batch(
        mails=[services.RawMail(with_attachment(n)) for n in range(MAILS)], source="file"
    )
    attempts, lock = [], threading.Lock()
    start = threading.Barrier(3, timeout=20)
    process = services._process

    def counted(mail, *args, **kwargs):
        with lock:
            attempts.append(mail.pk)
        return process(mail, *args, **kwargs)

    monkeypatch.setattr(services, "_process", counted)
    failures = []

    def work():
        try:
            start.wait()
            services.inbound_process_pending(batch=5)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert failures == []
    assert sorted(attempts) == sorted(InboundMail.objects.values_list("pk", flat=True))
    assert set(InboundMail.objects.values_list("state", "attempts")) == {(State.PROCESSED, 1)}
    assert Ticket.objects.count() == MAILS
    assert len(files_on_disk()) == Attachment.objects.count() == MAILS


STORE = """
from pupitre.accounts.models import User
from pupitre.mail.services import RawMail, inbound_store_batch
from pupitre.schools.models import Membership, School
from tests.mail.test_claims import with_attachment
school = School.objects.create(official_number="S1", name="École", language="fr",
                               school_type="primary")
user = User.objects.create_user(email="teacher@test.pupitre.be", full_name="Prof", role="school")
Membership.objects.create(user=user, school=school)
inbound_store_batch(mails=[RawMail(with_attachment(n)) for n in range({count})], source="file")
"""


def test_concurrent_processes_on_sqlite_process_each_mail_once(tmp_path):
    env = _env(tmp_path)
    env["MAIL_MAX_NEW_TICKETS_PER_HOUR"] = "1000"
    _manage(env, "migrate", "-v", "0")
    _manage(env, "shell", "-c", STORE.format(count=MAILS))
    processes = [
        subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "manage.py", "mail_process", "--once"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for _ in range(3)
    ]
    for process in processes:
        assert process.wait(timeout=120) == 0, process.stderr.read()

    with sqlite3.connect(tmp_path / "crash.sqlite3") as db:
        states = db.execute("SELECT state, attempts, count(*) FROM mail_inboundmail GROUP BY 1, 2")
        assert states.fetchall() == [("processed", 1, MAILS)]
        rows = db.execute("SELECT count(*) FROM tickets_attachment").fetchone()[0]
    files = [path for path in (tmp_path / "attachments").rglob("*") if path.is_file()]
    assert len(files) == rows == MAILS


def test_a_released_mail_is_not_taken_by_a_background_worker_meanwhile(
    teacher, agent_fr, settings, monkeypatch
):
    settings.MAIL_MAX_NEW_TICKETS_PER_HOUR = 0
    services.inbound_store(raw=make_mail())
    services.inbound_process_pending()
    held = InboundMail.objects.get()
    assert held.state == State.HELD
    waiting, background = services._waiting, []

    def a_worker_looks_first():
        if not background:  # the poll comes just after the release's commit
            background.append(None)
            background.append(services.inbound_process_pending())
        return waiting()

    monkeypatch.setattr(services, "_waiting", a_worker_looks_first)
    services.inbound_release(inbound=held, by=agent_fr)
    assert background == [None, 0]
    held.refresh_from_db()
    # Processed as the agent asked: not held again by the per-sender limit.
    assert held.state == State.PROCESSED and held.ticket is not None and held.attempts == 2
