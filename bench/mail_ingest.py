#!/usr/bin/env python
"""Mail ingestion throughput: N generated messages from an IMAP server (or
a local Maildir) to tickets and replies.

    .venv/bin/python bench/mail_ingest.py                       # SQLite, Dovecot
    .venv/bin/python bench/mail_ingest.py --database postgres   # PostgreSQL
    .venv/bin/python bench/mail_ingest.py --source maildir      # no IMAP server

The messages (default 10,000) are mixed German, French, English and Dutch;
10 % carry an attachment (20–60 KB), 30 % are replies to existing tickets
(half threaded by our signed Message-ID, half by the number in the subject,
all quoting the mail they answer). They are written into a Maildir that a
Dovecot started for the run serves over IMAP on a loopback port (as the
tests do), then fetched, stored and processed exactly like `manage.py
mail_fetch` does. Prints messages per second for storing, for processing
and end to end.

The database is created for the run and removed after: a temporary SQLite
file, or the PostgreSQL database `pupitre_mail_bench` on
postgres://postgres@127.0.0.1:5432 (override with --postgres-url).
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "pupitre_mail_bench"

WORDS = {
    "de": "Guten Tag unser Beamer im Raum zeigt seit gestern kein Bild mehr und der Laptop "
    "startet nicht können Sie uns bitte helfen die Schüler warten auf die Tafel danke "
    "mit freundlichen Grüßen das Display reagiert nicht auf Berührung".split(),
    "fr": "Bonjour le projecteur de la classe ne s'allume plus depuis ce matin et l'ordinateur "
    "portable refuse de démarrer pourriez-vous nous aider les élèves attendent merci "
    "cordialement le tableau interactif ne répond plus au toucher".split(),
    "en": "Hello the projector in the classroom does not switch on since this morning and the "
    "laptop will not start could you please help us the pupils are waiting thank you "
    "kind regards the interactive display does not respond to touch".split(),
    "nl": "Goedemorgen de projector in het lokaal gaat sinds vanochtend niet meer aan en de "
    "laptop start niet kunt u ons alstublieft helpen de leerlingen wachten dank u "
    "met vriendelijke groeten het scherm reageert niet op aanraking".split(),
}
LANGUAGE_WEIGHTS = {"de": 35, "fr": 45, "en": 10, "nl": 10}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=PG_SERVER)
    parser.add_argument("--source", choices=["imap", "maildir"], default="imap")
    parser.add_argument("--batch", type=int, default=100, help="messages per IMAP fetch")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--profile", help="write a cProfile of the processing to this file")
    parser.add_argument("--workers", type=int, default=1, help="processes that process")
    return parser.parse_args()


def prepare_database(args, folder: Path) -> str:
    if args.database == "sqlite":
        return f"sqlite:///{folder}/mail-bench.sqlite3"
    import psycopg

    with psycopg.connect(args.postgres_url + "/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
        db.execute(f'CREATE DATABASE "{PG_NAME}"')
    return f"{args.postgres_url}/{PG_NAME}"


def drop_database(args) -> None:
    if args.database == "postgres":
        import psycopg

        with psycopg.connect(args.postgres_url + "/postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')


def sentence(rng, language, count):
    return " ".join(rng.choice(WORDS[language]) for _ in range(count))


def main():
    args = parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pupitre-mail-bench-"))
    os.environ["DATABASE_URL"] = prepare_database(args, folder)
    os.environ["PUPITRE_VAR_DIR"] = str(folder)
    os.environ["ATTACHMENT_ROOT"] = str(folder / "attachments")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-key-not-a-secret")
    os.environ["MAIL_MAX_NEW_TICKETS_PER_HOUR"] = str(args.messages)
    os.environ["LOG_LEVEL"] = "ERROR"
    try:
        run(args, folder)
    finally:
        drop_database(args)
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def run(args, folder: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from email.message import EmailMessage
    from email.utils import format_datetime

    from django.utils import timezone

    from pupitre.accounts.models import Role, User
    from pupitre.mail import services, threading
    from pupitre.mail.imap import MailboxReader
    from pupitre.mail.models import InboundMail, Mailbox, Security, Source, State
    from pupitre.schools.models import Membership, School
    from pupitre.tickets.models import Team, Ticket
    from pupitre.tickets.services import ticket_create

    rng = random.Random(args.seed)
    t0 = time.monotonic()
    for language in ("de", "fr", "en"):
        Team.objects.get_or_create(name=f"Bench {language}", language=language)
    schools = School.objects.bulk_create(
        School(
            official_number=f"B{n:04d}",
            name=f"Bench school {n}",
            language="de" if n % 3 == 0 else "fr",
            school_type="secondary",
            email_domain=f"school{n}.example",
        )  # fmt: skip
        for n in range(50)
    )
    users = [
        User(email=f"member{n}@school{n % 50}.example", full_name=f"Member {n}", role=Role.SCHOOL)
        for n in range(200)
    ]
    for user in users:
        user.set_unusable_password()
    users = User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        Membership(user=user, school=schools[n % 50]) for n, user in enumerate(users)
    )
    existing = []
    for n in range(300):
        user = users[n % 200]
        ticket = ticket_create(
            school=schools[n % 200 % 50], requester=user, created_by=user, channel="portal",
            category="question", subject=f"Existing request {n}", description="Base request",
            acknowledge=False,
        )  # fmt: skip
        first = ticket.messages.filter(kind="reply").values_list("pk", flat=True).first()
        existing.append((ticket, user, first))
    seeded = time.monotonic() - t0

    # The messages.
    attachment = bytes(rng.getrandbits(8) for _ in range(60_000))
    raws = []
    now = format_datetime(timezone.now())
    languages = list(LANGUAGE_WEIGHTS)
    for n in range(args.messages):
        language = rng.choices(languages, weights=list(LANGUAGE_WEIGHTS.values()))[0]
        mail = EmailMessage()
        mail["To"] = "support@pupitre.example"
        mail["Date"] = now
        mail["Message-ID"] = f"<bench-{n}@school.example>"
        body = sentence(rng, language, rng.randint(15, 60))
        if rng.random() < 0.3:
            ticket, user, first = rng.choice(existing)
            mail["From"] = f"{user.full_name} <{user.email}>"
            if n % 2:
                mail["In-Reply-To"] = (
                    f"<{threading.outgoing_message_id(ticket.pk, first, 'received')}>"
                )
                mail["Subject"] = "Re: " + sentence(rng, language, 3)
            else:
                mail["Subject"] = f"Re: [{ticket.number}] {ticket.subject}"
            quoted = "\n".join("> " + sentence(rng, language, 10) for _ in range(5))
            body = (
                f"{body}\n\nLe 3 mars 2026, Pupitre <support@pupitre.example> a écrit :\n{quoted}"
            )
        else:
            user = rng.choice(users)
            mail["From"] = f"{user.full_name} <{user.email}>"
            mail["Subject"] = sentence(rng, language, rng.randint(3, 8))
        mail.set_content(body)
        if rng.random() < 0.1:
            size = rng.randint(20_000, 60_000)
            mail.add_attachment(attachment[:size], maintype="application", subtype="pdf",
                                filename=f"scan-{n}.pdf")  # fmt: skip
        raws.append(mail.as_bytes())
    generated = time.monotonic() - t0 - seeded

    load_before = os.getloadavg()
    server = None
    if args.source == "imap":
        from tests.mail.servers import PASSWORD, USER, Dovecot

        server = Dovecot()
        server.start()
        for n, raw in enumerate(raws):
            server.deliver(raw, f"{n}.bench")
        box = Mailbox.objects.create(
            name="Bench", address="support@pupitre.example", host="127.0.0.1", port=server.port,
            security=Security.NONE, username=USER, password=PASSWORD,
        )  # fmt: skip
    try:
        start, cpu_start = time.monotonic(), _cpu()
        if server is not None:
            with MailboxReader(box, batch=args.batch) as reader:
                stored = reader.fetch_new()
        else:
            stored = 0
            for index in range(0, len(raws), args.batch):
                chunk = [services.RawMail(raw) for raw in raws[index : index + args.batch]]
                stored += services.inbound_store_batch(mails=chunk, source=Source.FILE)
        store_end, cpu_store_end = time.monotonic(), _cpu()
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            processed = profiler.runcall(services.inbound_process_pending)
            profiler.dump_stats(args.profile)
        elif args.workers > 1:
            processed = process_in_parallel(args.workers)
        else:
            processed = services.inbound_process_pending()
        end, cpu_end = time.monotonic(), _cpu()
    finally:
        if server is not None:
            server.stop()

    states = dict(InboundMail.objects.values_list("state").annotate(n=django.db.models.Count("id")))
    from pupitre.tickets.models import Attachment, Message

    def rate(count, seconds):
        return f"{count:6d} in {seconds:7.2f} s = {count / seconds:6.0f} msg/s"

    print(f"database: {django.db.connection.vendor}; source: {args.source}; "
          f"messages: {args.messages}")  # fmt: skip
    print(f"set-up: seed {seeded:.1f} s, generate {generated:.1f} s")
    print(f"stored     {rate(stored, store_end - start)}")
    print(f"processed  {rate(processed, end - store_end)}")
    print(f"end to end {rate(args.messages, end - start)}")
    print(f"CPU time (this process and its workers): storing {cpu_store_end - cpu_start:.2f} s, "
          f"processing {cpu_end - cpu_store_end:.2f} s "
          f"= {args.messages / (cpu_end - cpu_start):.0f} msg per CPU second")  # fmt: skip
    print(f"load average before: {load_before[0]:.2f}, after: {os.getloadavg()[0]:.2f}")
    print(f"states: {states}; tickets: {Ticket.objects.count()}; "
          f"mail entries: {Message.objects.exclude(email_message_id='').count()}; "
          f"attachments: {Attachment.objects.count()}")  # fmt: skip
    assert states.get(State.FAILED, 0) == 0, "some messages failed"


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def process_in_parallel(workers: int) -> int:
    """Forked processes, each processing its shard of the waiting mails."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return sum(pool.starmap(_work, [(index, workers) for index in range(workers)]))


def _work(index: int, count: int) -> int:
    from django.db import connections

    from pupitre.mail import services

    connections.close_all()
    return services.inbound_process_pending(shard=(index, count))


if __name__ == "__main__":
    main()
