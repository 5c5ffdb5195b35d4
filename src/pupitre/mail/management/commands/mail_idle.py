"""Hold one IMAP IDLE connection per active mailbox whose server offers
IDLE, and process new mail as soon as the server announces it.

Started by `make run`. The periodic `mail_poll` task (enqueued by
`manage.py scheduler`) stays the safety net: it also reads mailboxes
without IDLE and what a lost connection missed. Mailboxes are read again
from the database every minute: added, changed or deactivated ones are
picked up without a restart. SIGTERM or SIGINT stops it at once: the
watchers are daemon threads, their IDLE connections end with the process.
"""

import logging
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from pupitre.core.stopping import stop_on_signals
from pupitre.mail.imap import MailboxReader
from pupitre.mail.models import Mailbox
from pupitre.mail.services import inbound_process_pending, mailbox_checked

logger = logging.getLogger(__name__)

IDLE_SECONDS = 240  # servers drop IDLE after 30 minutes; renew well before
RELOAD_SECONDS = 60


def _settings_of(mailbox: Mailbox) -> tuple:
    return (mailbox.host, mailbox.port, mailbox.security, mailbox.username, mailbox.password,
            mailbox.folder, mailbox.is_active)  # fmt: skip


class Watcher(threading.Thread):
    def __init__(self, mailbox: Mailbox, idle_seconds: int):
        super().__init__(name=f"idle-{mailbox.pk}", daemon=True)
        self.mailbox = mailbox
        self.idle_seconds = idle_seconds
        self.stopping = threading.Event()

    def run(self) -> None:
        pause = 5
        while not self.stopping.is_set():
            try:
                with MailboxReader(self.mailbox) as reader:
                    if not reader.supports_idle:
                        logger.info("%s: no IDLE, left to polling", self.mailbox.address)
                        return
                    mailbox_checked(mailbox_id=self.mailbox.pk)
                    pause = 5
                    while not self.stopping.is_set():
                        if reader.fetch_new():
                            inbound_process_pending()
                        close_old_connections()
                        reader.wait(self.idle_seconds)
            except Exception as error:  # noqa: BLE001 - reconnect after any failure
                logger.warning("%s: %s; reconnecting in %d s", self.mailbox.address, error, pause)
                reason = f"{type(error).__name__}: {error}"
                mailbox_checked(mailbox_id=self.mailbox.pk, error=reason)
                close_old_connections()
                self.stopping.wait(pause)
                pause = min(pause * 2, 300)


class Command(BaseCommand):
    help = "Watch the IMAP mailboxes with IDLE and process new mail at once."

    def add_arguments(self, parser):
        parser.add_argument("--idle-seconds", type=int, default=IDLE_SECONDS)
        parser.add_argument("--reload-seconds", type=int, default=RELOAD_SECONDS)

    def handle(self, *args, idle_seconds, reload_seconds, **options):
        watchers: dict[int, tuple[tuple, Watcher]] = {}
        stop = stop_on_signals()
        self.stdout.write("IMAP IDLE watcher running (SIGTERM or Ctrl-C stops it).")
        self.stdout.flush()
        try:
            while not stop.is_set():
                active = {box.pk: box for box in Mailbox.objects.filter(is_active=True)}
                for pk, (config, watcher) in list(watchers.items()):
                    box = active.get(pk)
                    if box is None or _settings_of(box) != config or not watcher.is_alive():
                        watcher.stopping.set()
                        del watchers[pk]
                for pk, box in active.items():
                    if pk not in watchers:
                        watcher = Watcher(box, idle_seconds)
                        watcher.start()
                        watchers[pk] = (_settings_of(box), watcher)
                close_old_connections()
                stop.wait(reload_seconds)
        finally:
            for _config, watcher in watchers.values():
                watcher.stopping.set()
