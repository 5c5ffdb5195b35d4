"""An SMTP server (aiosmtpd) for deployments where the mail relay delivers
to Pupitre directly.

    manage.py smtp_receiver [--host 127.0.0.1] [--port 2525]

It accepts mail only for the domains of SMTP_RECEIVER_DOMAINS (any other
recipient is refused with 550) and answers 250 only once the raw message
is stored: a relay keeps and retries what was not acknowledged, so nothing
is lost. A recipient that is a mailbox's address gives that mailbox's
language and team. Processing follows in the task worker.
"""

import asyncio
import logging
import signal

from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, transaction

from pupitre.core.task_queue import enqueue_on_commit
from pupitre.mail.models import Mailbox, Source
from pupitre.mail.services import RawMail, inbound_store_batch

logger = logging.getLogger(__name__)


def _store(raw: bytes, recipients: list[str]) -> None:
    close_old_connections()
    from pupitre.mail.tasks import mail_process_pending

    mailbox = Mailbox.objects.filter(address__in=[r.lower() for r in recipients]).first()
    with transaction.atomic():
        inbound_store_batch(mails=[RawMail(raw)], source=Source.SMTP, mailbox=mailbox)
        enqueue_on_commit(mail_process_pending)


class Handler:
    def __init__(self, domains: list[str]):
        self.domains = {domain.lower() for domain in domains}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        domain = address.rsplit("@", 1)[-1].lower()
        if domain not in self.domains:
            return "550 5.1.1 Recipient domain not served here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        raw = envelope.original_content or envelope.content
        try:
            await sync_to_async(_store, thread_sensitive=False)(raw, list(envelope.rcpt_tos))
        except Exception:
            logger.exception("Could not store a message from %s", envelope.mail_from)
            return "451 4.3.0 Could not store the message, try again later"
        return "250 Message accepted"


def controller(host: str, port: int, domains: list[str]) -> Controller:
    # 25 MB, somewhat above the largest attachment, so a big mail is stored
    # (and its attachment refused with a note) rather than bounced.
    size = settings.ATTACHMENT_MAX_BYTES + 5 * 1024 * 1024
    return Controller(Handler(domains), hostname=host, port=port, data_size_limit=size)


class Command(BaseCommand):
    help = "Receive mail by SMTP for the domains of SMTP_RECEIVER_DOMAINS."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=None)
        parser.add_argument("--port", type=int, default=None)

    def handle(self, *args, host, port, **options):
        domains = settings.SMTP_RECEIVER_DOMAINS
        if not domains:
            raise CommandError("SMTP_RECEIVER_DOMAINS is empty: no domain to receive mail for.")
        host = host or settings.SMTP_RECEIVER_HOST
        port = port or settings.SMTP_RECEIVER_PORT
        server = controller(host, port, domains)
        server.start()
        self.stdout.write(f"SMTP receiver on {host}:{port} for {', '.join(domains)}")
        loop = asyncio.new_event_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            loop.run_until_complete(stop.wait())
        finally:
            server.stop()
            loop.close()
