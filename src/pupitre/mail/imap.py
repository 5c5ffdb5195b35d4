"""Reading an IMAP mailbox with IMAPClient (a maintained library: the
standard library's imaplib has no IDLE before Python 3.14 and leaves the
parsing of FETCH responses to the caller).

Messages are fetched without being marked read (BODY.PEEK), stored, and
only after that commit flagged with the keyword `$PupitreStored` (or
`\\Seen` where the server allows no keywords); the next search skips
flagged messages. A crash between the commit and the flag only means the
message is fetched again, and the store recognises it (same UID).
"""

import logging
import ssl
from collections.abc import Iterator

from imapclient import IMAPClient

from .models import Mailbox, Security, Source
from .services import RawMail, inbound_store_batch, mailbox_checked

logger = logging.getLogger(__name__)

STORED_KEYWORD = "$PupitreStored"
SEEN = r"\Seen"
TIMEOUT = 60


def connect(mailbox: Mailbox) -> IMAPClient:
    context = ssl.create_default_context()
    client = IMAPClient(
        mailbox.host,
        port=mailbox.port,
        ssl=mailbox.security == Security.TLS,
        ssl_context=context,
        timeout=TIMEOUT,
    )
    if mailbox.security == Security.STARTTLS:
        client.starttls(context)
    client.login(mailbox.username, mailbox.password)
    return client


class MailboxReader:
    """One connection to one mailbox: fetch what is new, wait with IDLE."""

    def __init__(self, mailbox: Mailbox, *, batch: int = 50):
        self.mailbox = mailbox
        self.batch = batch
        self.client: IMAPClient | None = None
        self.uid_validity = 0
        self.flag = STORED_KEYWORD

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc):
        self.close()

    def open(self) -> None:
        self.client = connect(self.mailbox)
        info = self.client.select_folder(self.mailbox.folder)
        self.uid_validity = int(info[b"UIDVALIDITY"])
        keywords_allowed = b"\\*" in info.get(b"PERMANENTFLAGS", ())
        self.flag = STORED_KEYWORD if keywords_allowed else SEEN

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.logout()
            except Exception:  # noqa: BLE001, S110 - the connection may already be gone
                pass
            self.client = None

    @property
    def supports_idle(self) -> bool:
        return self.client is not None and self.client.has_capability("IDLE")

    def new_uids(self) -> list[int]:
        criteria = ["NOT", "KEYWORD", STORED_KEYWORD] if self.flag == STORED_KEYWORD else ["UNSEEN"]
        return sorted(self.client.search(criteria))

    def fetch_new(self) -> int:
        """Store every message not yet flagged; returns how many were new."""
        stored = 0
        for uids in _chunks(self.new_uids(), self.batch):
            response = self.client.fetch(uids, ["BODY.PEEK[]"])
            mails = [
                RawMail(raw=bytes(data[b"BODY[]"]), uid=int(uid))
                for uid, data in response.items()
                if data.get(b"BODY[]") is not None
            ]
            stored += inbound_store_batch(
                mails=mails,
                source=Source.IMAP,
                mailbox=self.mailbox,
                uid_validity=self.uid_validity,
            )
            # Committed: now the server may consider them taken.
            self.client.add_flags([mail.uid for mail in mails], [self.flag], silent=True)
        return stored

    def wait(self, timeout: int) -> bool:
        """IDLE until the server reports a change or `timeout` seconds pass;
        True when something arrived."""
        self.client.idle()
        try:
            responses = self.client.idle_check(timeout=timeout)
        finally:
            self.client.idle_done()
        return any(b"EXISTS" in response for response in responses if isinstance(response, tuple))


def fetch_mailbox(mailbox: Mailbox, *, batch: int = 50) -> int:
    """Connect, store what is new, disconnect. Errors are kept on the
    mailbox (shown in the desk) and logged, never raised."""
    try:
        with MailboxReader(mailbox, batch=batch) as reader:
            stored = reader.fetch_new()
    except Exception as error:  # noqa: BLE001 - a broken mailbox must not stop the others
        logger.warning("Mailbox %s: %s", mailbox.address, error)
        mailbox_checked(mailbox_id=mailbox.pk, error=f"{type(error).__name__}: {error}")
        return 0
    mailbox_checked(mailbox_id=mailbox.pk)
    return stored


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
