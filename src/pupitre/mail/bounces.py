"""Delivery-failure reports: which of our messages did not reach whom.

`delivery_failure(parsed, raw)` reads a standard delivery status notification
(RFC 3464: multipart/report; report-type=delivery-status) and the common
non-standard bounces (Postfix, Exim, qmail, Exchange/Outlook "Undeliverable",
Gmail, German and French ones), and says which message they concern, which
recipients failed and whether the failure is permanent. A report that is not
about a failure (a delay that will be retried is a transient failure; a
"delivered" notification is none) returns None for the latter.
"""

import re
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesParser

from . import threading
from .parsing import (
    ParsedMail,
    charset_of,
    clean_text,
    content_type_of,
    decode_bytes,
    raw_header,
    raw_payload,
)


@dataclass(frozen=True)
class DeliveryFailure:
    original_message_id: str
    failed_recipients: tuple[str, ...]
    permanent: bool
    diagnostic: str


_MAX_DEPTH = 10
_MAX_TEXT = 200_000

_BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)\b", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|returned\s+(?:mail|to\s+sender)|delivery\s+(?:status\s+)?"
    r"(?:notification|failure|failed|has\s+failed|problem|report)|mail\s+delivery\s+failed"
    r"|failure\s+notice|could\s+not\s+be\s+delivered|nicht\s+zustellbar|unzustellbar"
    r"|zustellung\s+fehlgeschlagen|nichtzustellbar|übermittlungsstatus|non\s+remis"
    r"|échec\s+de\s+(?:la\s+)?(?:remise|distribution)|non\s+distribuable|message\s+non\s+délivré"
    r"|impossible\s+de\s+remettre|rapport\s+de\s+non-remise|returned\s+mail",
    re.IGNORECASE,
)
_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_SMTP_CODE = re.compile(r"(?<![\d.])([45])\d\d(?:[ -]|$)", re.MULTILINE)
_ADDRESS = re.compile(r"<?([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)>?")
_MESSAGE_ID = re.compile(
    r"^(?:x-original-)?message-id:\s*<([^<>\s]+)>", re.IGNORECASE | re.MULTILINE
)
_TEMPORARY_WORDS = re.compile(
    r"will\s+(?:continue|retry|try)|delayed|delay|not\s+yet\s+been\s+delivered|verzögert"
    r"|retard|noch\s+nicht\s+zugestellt|wird\s+weiterhin\s+versucht|temporar",
    re.IGNORECASE,
)


def delivery_failure(parsed: ParsedMail, raw: bytes) -> DeliveryFailure | None:
    """The failure this message reports, or None when it is no bounce (or
    one too broken to read: it is then kept as an ordinary message)."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        report = _find_report(message, 0)
        if report is not None:
            return _from_report(message, report, parsed)
        if _looks_like_bounce(parsed):
            return _from_text(message, parsed)
    except Exception:  # the standard library's header parsers fail on some values
        return None
    return None


# --- RFC 3464 reports ---------------------------------------------------------


def _find_report(part: Message, depth: int) -> Message | None:
    if depth > _MAX_DEPTH:
        return None
    content_type = content_type_of(part)
    if content_type in ("message/delivery-status", "message/global-delivery-status"):
        return part
    if part.is_multipart():
        for child in raw_payload(part):
            if isinstance(child, Message) and content_type_of(child) != "message/rfc822":
                found = _find_report(child, depth + 1)
                if found is not None:
                    return found
    return None


def _status_fields(report: Message) -> list[dict[str, str]]:
    """The per-message and per-recipient field groups of a delivery status."""
    payload = raw_payload(report)
    if isinstance(payload, list):
        # The email package parses each group as a headers-only message.
        groups = [dict((k.lower(), str(v)) for k, v in item.items()) for item in payload]
        if any(groups):
            return groups
        text = ""
    else:
        text = report.get_payload(decode=True) or b""
        text = decode_bytes(text if isinstance(text, bytes) else b"", "utf-8")
    groups = []
    for block in re.split(r"\r?\n\s*\r?\n", text):
        fields: dict[str, str] = {}
        name = ""
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and name:
                fields[name] += " " + line.strip()
            elif ":" in line:
                name, value = line.split(":", 1)
                name = name.strip().lower()
                fields[name] = value.strip()
        groups.append(fields)
    return groups


def _from_report(message: Message, report: Message, parsed: ParsedMail) -> DeliveryFailure | None:
    failed: list[str] = []
    diagnostics: list[str] = []
    permanent = False
    any_failure = False
    for fields in _status_fields(report):
        action = fields.get("action", "").strip().lower()
        recipient = fields.get("final-recipient") or fields.get("original-recipient") or ""
        if not recipient:
            continue
        status = fields.get("status", "")
        if action in ("delivered", "relayed", "expanded"):
            continue
        if action not in ("failed", "delayed") and not status.strip().startswith(("4", "5")):
            continue
        any_failure = True
        address = _address_of(recipient)
        if address and address not in failed:
            failed.append(address)
        if action == "failed" or status.strip().startswith("5"):
            permanent = permanent or action != "delayed"
        diagnostic = fields.get("diagnostic-code", "")
        if ";" in diagnostic:
            diagnostic = diagnostic.split(";", 1)[1]
        diagnostic = " ".join(diagnostic.split())
        if diagnostic or status:
            diagnostics.append(" ".join(x for x in (status.strip(), diagnostic) if x))
    if not any_failure:
        return None
    return DeliveryFailure(
        original_message_id=_original_message_id(message, parsed),
        failed_recipients=tuple(failed),
        permanent=permanent,
        diagnostic=clean_text("; ".join(dict.fromkeys(diagnostics)))[:2000],
    )


def _address_of(field_value: str) -> str:
    value = field_value.split(";", 1)[1] if ";" in field_value else field_value
    match = _ADDRESS.search(value)
    return match.group(1).lower() if match else ""


def _original_message_id(message: Message, parsed: ParsedMail) -> str:
    """The Message-ID of the returned message: from the attached message or
    its headers, an `X-Original-Message-ID` field, a Message-ID line quoted
    in the report's text, else the report's In-Reply-To (some servers set
    it). One of ours (signed) among them wins: it is the only reference that
    lets a report mark an address."""
    candidates = list(_referenced_ids(message, parsed))
    ours = next((value for value in candidates if threading.is_ours(value)), None)
    return ours or (candidates[0] if candidates else "")


def _referenced_ids(message: Message, parsed: ParsedMail):
    for value in message.get_all("x-original-message-id") or ():
        yield from _ids_in(str(value))
    for part in message.walk():
        content_type = content_type_of(part)
        if content_type in ("message/rfc822", "message/global"):
            inner = raw_payload(part)
            if isinstance(inner, list) and inner:
                for name in ("message-id", "x-original-message-id"):
                    value = raw_header(inner[0], name)
                    found = re.search(r"<([^<>\s]+)>", value)
                    if found:
                        yield found.group(1)
                    elif value.strip():
                        yield value.strip()
        if content_type in ("text/rfc822-headers", "text/global-headers"):
            yield from _MESSAGE_ID.findall(_part_text(part))
    text = _all_text(message)
    yield from _MESSAGE_ID.findall(text)
    yield from re.findall(r"message-id:\s*([^\s<>]+@[^\s<>]+)", text, re.IGNORECASE)
    yield from parsed.in_reply_to


def _ids_in(value: str) -> list[str]:
    found = re.findall(r"<([^<>\s]+)>", value)
    return found or ([value.strip()] if value.strip() else [])


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(raw_payload(part)).encode("utf-8", "surrogateescape")
    return decode_bytes(payload[:_MAX_TEXT], charset_of(part))


def _all_text(message: Message) -> str:
    texts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        if content_type_of(part).split("/")[0] in ("text", "message"):
            texts.append(_part_text(part))
    return "\n".join(texts)[:_MAX_TEXT]


# --- non-standard bounces -------------------------------------------------------


def _looks_like_bounce(parsed: ParsedMail) -> bool:
    sender = parsed.from_address.split("@", 1)[0]
    by_sender = bool(_BOUNCE_SENDER.match(sender)) or _BOUNCE_SENDER.match(parsed.from_name or "")
    by_subject = bool(_BOUNCE_SUBJECT.search(parsed.subject))
    empty_return_path = parsed.header("return-path").strip() == "<>"
    return by_subject and (
        by_sender or empty_return_path or "x-failed-recipients" in parsed.headers
    )


_COPY_STARTS = re.compile(
    r"^\s*(?:-+\s*(?:below\s+this\s+line|this\s+is\s+a\s+copy|original\s+message"
    r"|ursprüngliche\s+nachricht|message\s+d['’]origine)|(?:return-path|received|message-id):)",
    re.IGNORECASE | re.MULTILINE,
)


def _notice_text(text: str) -> str:
    """The bounce's own words, without the copy of the returned message
    (whose addresses are not the failed ones)."""
    copy = _COPY_STARTS.search(text)
    return text[: copy.start()] if copy else text


def _from_text(message: Message, parsed: ParsedMail) -> DeliveryFailure | None:
    text = _notice_text(parsed.text)
    failed: list[str] = []
    for value in parsed.headers.get("x-failed-recipients", ()):
        for address in _ADDRESS.findall(value):
            if address.lower() not in failed:
                failed.append(address.lower())
    ours = {parsed.from_address} | {address for _, address in parsed.to}
    if not failed:
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped or stripped.lower().startswith(("from:", "to:", "reply-to:")):
                continue
            for address in _ADDRESS.findall(stripped):
                address = address.lower()
                if address in ours or address in failed or _BOUNCE_SENDER.match(address):
                    continue
                if _recipient_line(stripped):
                    failed.append(address)
            if len(failed) >= 20:
                break
    if not failed:
        return None
    statuses = _STATUS.findall(text)
    codes = _SMTP_CODE.findall(text)
    if statuses:
        permanent = any(klass == "5" for klass, _, _ in statuses)
    elif codes:
        permanent = "5" in codes
    else:
        permanent = not _TEMPORARY_WORDS.search(text + " " + parsed.subject)
    if _TEMPORARY_WORDS.search(parsed.subject):
        permanent = False
    return DeliveryFailure(
        original_message_id=_original_message_id(message, parsed),
        failed_recipients=tuple(failed),
        permanent=permanent,
        diagnostic=_diagnostic_line(text),
    )


def _recipient_line(line: str) -> bool:
    """A line that names a failed recipient rather than quoting a header."""
    lowered = line.lower()
    if lowered.startswith(("message-id", "received", "date:", "subject:", "return-path")):
        return False
    return True


def _diagnostic_line(text: str) -> str:
    for line in text.splitlines():
        if _STATUS.search(line) or _SMTP_CODE.search(line):
            return clean_text(" ".join(line.split()))[:2000]
    return ""
