"""What makes two received mails the same message.

The Message-ID is not enough: some mail clients, scanners, list servers and
forwarding tools give different messages the same one. A mail is the same
as one stored before when it has the same content digest: the body and the
headers its author wrote, whatever trace headers the relays on its way
added (Received, Delivered-To, Return-Path, …), so the same mail relayed
twice or delivered to two of our addresses is one. Pure functions.
"""

import hashlib
import re
from email import policy
from email.parser import BytesHeaderParser

_HEADERS = BytesHeaderParser(policy=policy.compat32)
# Written by the author's mail client; relays leave them alone.
_AUTHOR_HEADERS = (
    b"from", b"sender", b"to", b"cc", b"date", b"subject", b"message-id", b"in-reply-to",
    b"references",
)  # fmt: skip
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


def content_digest(raw: bytes) -> str:
    """SHA-256 (hex) of the body and the author's headers, with line endings
    and header folding made uniform."""
    match = _BLANK_LINE.search(raw)
    head, body = (raw[: match.start()], raw[match.end() :]) if match else (raw, b"")
    digest = hashlib.sha256()
    for name, value in _header_fields(head):
        if name in _AUTHOR_HEADERS:
            digest.update(name + b":" + b" ".join(value.split()) + b"\n")
    digest.update(b"\n")
    digest.update(body.replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def _header_fields(head: bytes) -> list[tuple[bytes, bytes]]:
    """(lower-case name, unfolded value) of each header field, in order."""
    fields: list[list[bytes]] = []
    for line in head.replace(b"\r\n", b"\n").split(b"\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1][1] += b" " + line.strip()
        elif b":" in line:
            name, _, value = line.partition(b":")
            fields.append([name.strip().lower(), value.strip()])
    return [(name, value) for name, value in fields]


def message_id_of(raw: bytes) -> str:
    """The Message-ID without <>, read from the headers alone (the full
    parse comes later); a digest of the bytes when there is none."""
    try:
        value = str(_HEADERS.parsebytes(raw).get("message-id", "") or "")
    except Exception:  # noqa: BLE001 - any header garbage: fall back to the digest
        value = ""
    value = value.strip().strip("<>").strip()
    if not value or len(value) > 255 or any(ch.isspace() for ch in value):
        return "sha256:" + hashlib.sha256(raw).hexdigest()
    return value
