"""Fetch mail once and process it: every active mailbox (or one), or the
messages of a local Maildir, then whatever waits to be processed.

    manage.py mail_fetch                    all active mailboxes
    manage.py mail_fetch --mailbox 3        one mailbox
    manage.py mail_fetch --maildir ~/Maildir   import a Maildir (read only)
    manage.py mail_fetch --no-process       store only

The periodic task `mail_poll` does the same every minute; this command is
for operators (and the crash test, which kills it mid-batch).
"""

import mailbox as stdlib_mailbox
import time

from django.core.management.base import BaseCommand, CommandError

from pupitre.mail.imap import MailboxReader
from pupitre.mail.models import Mailbox, Source
from pupitre.mail.services import RawMail, inbound_process_pending, inbound_store_batch


class Command(BaseCommand):
    help = "Fetch mail from the mailboxes (or a Maildir) and process it."

    def add_arguments(self, parser):
        parser.add_argument("--mailbox", type=int, help="id of one mailbox")
        parser.add_argument("--maildir", help="import the messages of this Maildir folder")
        parser.add_argument("--batch", type=int, default=50, help="messages per transaction")
        parser.add_argument("--no-process", action="store_true", help="store only")

    def handle(self, *args, mailbox, maildir, batch, no_process, **options):
        started = time.monotonic()
        if maildir:
            stored = self._maildir(maildir, batch)
        else:
            boxes = Mailbox.objects.filter(is_active=True)
            if mailbox:
                boxes = Mailbox.objects.filter(pk=mailbox)
                if not boxes:
                    raise CommandError(f"No mailbox with id {mailbox}.")
            stored = 0
            for box in boxes.order_by("pk"):
                # Errors propagate here: an operator wants to see them.
                with MailboxReader(box, batch=batch) as reader:
                    stored += reader.fetch_new()
        fetched = time.monotonic()
        processed = 0 if no_process else inbound_process_pending()
        done = time.monotonic()
        self.stdout.write(
            f"stored {stored} new messages in {fetched - started:.2f} s, "
            f"processed {processed} in {done - fetched:.2f} s"
        )

    def _maildir(self, path: str, batch: int) -> int:
        folder = stdlib_mailbox.Maildir(path, factory=None, create=False)
        stored, pending = 0, []
        for key in folder.iterkeys():
            with folder.get_file(key) as handle:
                pending.append(RawMail(raw=handle.read()))
            if len(pending) >= batch:
                stored += inbound_store_batch(mails=pending, source=Source.FILE)
                pending = []
        stored += inbound_store_batch(mails=pending, source=Source.FILE)
        return stored
