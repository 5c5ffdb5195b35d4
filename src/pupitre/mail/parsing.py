"""Raw email bytes to a ParsedMail, decoded the way a mail client would.

The structure is read with the standard library's modern email API
(`email.policy.default`); around it, this module does what mail clients do
with what real mail contains: wrong or missing charset declarations, 8-bit
bytes in headers, unknown charsets, broken base64 and quoted-printable,
malformed encoded-words, RFC 2231 file names. Nothing here touches the
database. `parse_mail` raises only `MailParseError`, and only when the bytes
are not a mail at all; anything else that is odd is decoded as well as it can
be and noted in `ParsedMail.defects`.
"""

import binascii
import codecs
import functools
import mimetypes
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import EmailPolicy
from email.utils import getaddresses, parsedate_to_datetime

import charset_normalizer

from pupitre.core.filenames import filename_from_path, filename_from_text

from . import html as mail_html

# Guards against pathological input: the parser's cost stays linear.
MAX_HEADER_CHARS = 64_000  # one header value
MAX_HEADERS = 1_000  # header fields kept per message
MAX_DEPTH = 25  # MIME nesting followed
MAX_PARTS = 1_000  # MIME parts looked at
MAX_REFERENCES = 100  # message ids kept from References
MAX_ADDRESS_CHARS = 10_000  # an address header read structurally (about 250 addresses)


class _Policy(EmailPolicy):
    """`email.policy.default`, except that a header is parsed once: the
    parser and the code below ask a part for its Content-Type many times,
    and each time the default policy parses the header again."""

    def header_fetch_parse(self, name: str, value: str):  # type: ignore[override]
        if hasattr(value, "name"):
            return value
        value = _LINE_BREAKS.sub("", value)
        if len(value) > 2_000:  # a long value is rare: not worth the memory
            return self.header_factory(name, value)
        return _parsed_header(self.header_factory, name, value)


_LINE_BREAKS = re.compile(r"[\r\n]")


@functools.lru_cache(maxsize=2048)
def _parsed_header(factory, name: str, value: str):
    return factory(name, value)


_POLICY = _Policy()


class MailParseError(Exception):
    """The bytes are not a usable mail at all."""


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    payload: bytes
    content_id: str = ""
    inline: bool = False

    @property
    def size(self) -> int:
        return len(self.payload)


class Headers(Mapping[str, tuple[str, ...]]):
    """Read-only header values by lowercased name (picklable, unlike a
    mapping proxy, so a parsed mail can cross a process boundary)."""

    def __init__(self, values: dict[str, tuple[str, ...]]) -> None:
        self._values = values

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Headers({self._values!r})"


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    from_address: str
    from_name: str
    reply_to: tuple[tuple[str, str], ...]
    to: tuple[tuple[str, str], ...]
    cc: tuple[tuple[str, str], ...]
    date: datetime | None
    headers: Mapping[str, tuple[str, ...]]
    text: str
    html: str
    attachments: tuple[MailAttachment, ...]
    # What was odd about the message (for the "mail problems" screen and logs).
    defects: tuple[str, ...] = field(default=())

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower(), ())
        return values[0] if values else ""


# --- entry point ------------------------------------------------------------


def parse_mail(raw: bytes) -> ParsedMail:
    """Parse the raw bytes of one message (RFC 5322, an optional mbox `From `
    line in front)."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise MailParseError(f"expected bytes, got {type(raw).__name__}")
    data = _strip_envelope(bytes(raw))
    if not data.strip():
        raise MailParseError("empty message")
    try:
        return _Parser(data).parse()
    except MailParseError:
        raise
    except Exception as exc:  # one bad mail must never stop the worker
        raise MailParseError(f"unreadable message: {type(exc).__name__}: {exc}") from exc


_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")


def _strip_envelope(data: bytes) -> bytes:
    """Drop what some stores put before the headers: an mbox `From ` line, a
    banner such as "---- Original email message ----", blank lines."""
    for _ in range(5):
        data = data.lstrip(b"\r\n")
        end = data.find(b"\n")
        if end < 0 or _HEADER_LINE.match(data[:end]):
            break
        following = data[end + 1 : end + 1 + 1000]
        if not _HEADER_LINE.match(following):
            break
        data = data[end + 1 :]
    return _repair_header_block(data)


_KNOWN_HEADER = re.compile(
    rb"^(from|to|cc|subject|date|message-id|mime-version|content-type|reply-to|in-reply-to"
    rb"|references|content-transfer-encoding)[ \t]*:",
    re.IGNORECASE,
)


def _repair_header_block(data: bytes) -> bytes:
    """Indent header continuation lines that lost their leading space (seen
    from spam filters and trackers), so the headers after them are not taken
    for the body."""
    separator = re.search(rb"\r?\n\r?\n", data)
    if separator is None:
        return data
    lines = data[: separator.start()].split(b"\n")
    repaired = False
    index = 1
    while index < len(lines):
        line = lines[index]
        if line[:1] in (b" ", b"\t") or _HEADER_LINE.match(line):
            index += 1
            continue
        run_end = index
        while (
            run_end < len(lines) and run_end - index < 40 and not _HEADER_LINE.match(lines[run_end])
        ):
            run_end += 1
        # Only a run followed by more of the message's own header fields is
        # a broken continuation; otherwise the body starts here.
        if not any(_KNOWN_HEADER.match(later) for later in lines[run_end:]):
            break
        for broken in range(index, run_end):
            lines[broken] = b" " + lines[broken]
        repaired = True
        index = run_end
    if not repaired:
        return data
    return b"\n".join(lines) + data[separator.start() :]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # a raw 8-bit byte kept by the parser


def clean_text(value: str) -> str:
    """A string that a database and a page can hold: no NUL or other control
    characters, no lone surrogates."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", value))


# --- charsets -----------------------------------------------------------------

# What a mail client decodes a declared charset as: the WHATWG encoding
# standard's supersets (iso-8859-1 is read as windows-1252, gb2312 as
# gb18030), plus names seen in real mail.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252",
    "windows-1252": "cp1252", "cp-1252": "cp1252", "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "euc-cn": "gb18030",
    "iso-gb2312": "gb18030", "gb_2312-80": "gb18030", "cn-gb": "gb18030",
    "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "ks_c_5601": "cp949",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "iso-2022-jp": "iso2022_jp_ext", "big5": "big5hkscs", "iso-8859-8-i": "iso-8859-8",
    "unicode-1-1-utf-7": "utf-7", "utf8": "utf-8", "x-unicode20utf8": "utf-8",
    "cp-850": "cp850", "windows-874": "cp874",
}  # fmt: skip
# When the bytes are not in the declared charset, the same script's other
# charsets come first (Shift_JIS sent as ISO-2022-JP, Big5 as GB2312).
_JAPANESE = ("cp932", "euc_jis_2004", "iso2022_jp_ext")
_CHINESE = ("gb18030", "big5hkscs")
_FAMILIES = {
    "iso2022_jp": _JAPANESE, "iso2022_jp_ext": _JAPANESE, "iso2022_jp_2": _JAPANESE,
    "cp932": _JAPANESE, "shift_jis": _JAPANESE, "euc_jp": _JAPANESE,
    "gb18030": _CHINESE, "gbk": _CHINESE, "gb2312": _CHINESE, "big5hkscs": _CHINESE,
    "big5": _CHINESE, "cp1251": ("koi8_r",), "koi8_r": ("cp1251",),
}  # fmt: skip
_UNKNOWN_CHARSETS = {"", "x-unknown", "unknown", "unknown-8bit", "x-user-defined", "default"}
_SINGLE_BYTE_FALLBACK = "cp1252"
_GUESS_SAMPLE = 64_000


def _codec(charset: str) -> str | None:
    """The Python codec for a declared charset, or None when unknown."""
    name = charset.strip().strip("\"'").lower()
    name = _CHARSET_ALIASES.get(name, name)
    if name in _UNKNOWN_CHARSETS:
        return None
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


_HIGH = bytes(range(0x80, 0x100))


def _high_bytes(data: bytes) -> int:
    return len(data) - len(data.translate(None, _HIGH))


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray single-byte characters (a Latin-1 signature
    pasted under UTF-8 text): at least as many UTF-8 sequences as strays."""
    sequences = _UTF8_SEQUENCE.findall(data)
    if len(sequences) < 2:
        return False
    strays = _high_bytes(data) - sum(len(sequence) for sequence in sequences)
    return len(sequences) >= strays


def _cp1252_for_strays(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    chunk = error.object[error.start : error.end]
    return bytes(chunk).decode(_SINGLE_BYTE_FALLBACK, "replace"), error.end


codecs.register_error("pupitre-cp1252", _cp1252_for_strays)


# Text whose non-ASCII characters, read as windows-1252, are all Latin
# letters or the usual typographic signs.
_LATIN_ONLY = re.compile(r"^[\x00-\x7fÀ-ÖØ-öø-ÿŒœŠšŽžŸ€‚„…‘’“”•–—«»°§\xa0²³µ·]*$")


def _guess(data: bytes) -> str:
    if _mostly_utf8(data):
        return data.decode("utf-8", "pupitre-cp1252")
    latin = data.decode(_SINGLE_BYTE_FALLBACK, "replace")
    if _LATIN_ONLY.match(latin):
        # German or French with accents: detectors guess wrong on short
        # texts like these (big5 for "Grüße"), and windows-1252 is right.
        return latin
    best = charset_normalizer.from_bytes(data[:_GUESS_SAMPLE]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode(_SINGLE_BYTE_FALLBACK, "replace")


_ASCII_COMPATIBLE_EXCEPTIONS = ("utf_7", "iso2022", "utf_16", "utf_32", "hz")


def decode_bytes(data: bytes, *charsets: str) -> str:
    """Bytes to text as a mail client would: in the first declared charset
    that fits them, except that valid UTF-8 labelled as something else
    (common) is read as UTF-8; a guess when none fits or none is declared."""
    if not data:
        return ""
    codecs_declared = [c for c in (_codec(charset) for charset in charsets) if c]
    seven_bit_codec = any(c.startswith(_ASCII_COMPATIBLE_EXCEPTIONS) for c in codecs_declared)
    if data.isascii() and not seven_bit_codec:
        return clean_text(data.decode("ascii"))
    wide = any(c.startswith(("utf_16", "utf_32")) for c in codecs_declared)
    if not wide and not (seven_bit_codec and data.isascii()):
        text = _utf8(data)
        if text is not None:
            return clean_text(text)
        if _mostly_utf8(data):
            return clean_text(data.decode("utf-8", "pupitre-cp1252"))
    for codec in codecs_declared:
        if codec.startswith("iso2022_jp") and data.isascii():
            try:
                return clean_text(data.decode(codec))
            except UnicodeDecodeError:
                return clean_text(_iso2022jp_extended(data))
        for candidate in (codec, *_FAMILIES.get(codec, ())):
            if candidate == "utf-8":
                continue
            try:
                text = data.decode(candidate)
            except UnicodeDecodeError:
                continue
            return clean_text(text)
    return clean_text(_guess(data))


def _iso2022jp_extended(data: bytes) -> str:
    """ISO-2022-JP with the NEC and JIS X 0213 characters (circled digits…)
    that Japanese mail uses but Python's codec refuses: re-coded as EUC and
    read as EUC-JIS-2004."""
    out = bytearray()
    mode = "ascii"
    index = 0
    while index < len(data):
        if data[index] == 0x1B:
            escape = data[index + 1 : index + 3]
            if escape in (b"$B", b"$@"):
                mode, index = "double", index + 3
                continue
            if escape in (b"(B", b"(J"):
                mode, index = "ascii", index + 3
                continue
            if escape == b"(I":
                mode, index = "kana", index + 3
                continue
        byte = data[index]
        if mode == "double" and 0x21 <= byte <= 0x7E and index + 1 < len(data):
            out += bytes([byte | 0x80, data[index + 1] | 0x80])
            index += 2
            continue
        if mode == "kana" and 0x21 <= byte <= 0x5F:
            out += bytes([0x8E, byte | 0x80])
        else:
            out.append(byte)
        index += 1
    return out.decode("euc_jis_2004", "replace")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)


def decode_text(payload: bytes, charset: str, *, html: bool = False) -> str:
    """A text part's bytes as text; an HTML part may name its charset inside,
    which is tried when the declared one does not fit."""
    charsets = [charset]
    if html:
        match = _META_CHARSET.search(payload[:8192])
        if match:
            charsets.append(match.group(1).decode("ascii"))
    return decode_bytes(payload, *charsets)


# --- headers ------------------------------------------------------------------

_ENCODED_WORD = re.compile(
    r"=\?(?P<charset>[^?\s*]+)(?:\*[^?\s]*)?\?(?P<encoding>[bBqQ])\?(?P<text>[^?]*?)\?="
)
_BETWEEN_WORDS = re.compile(r"^[ \t\r\n]*$")
_MSGID = re.compile(r"<([^<>\s]+)>")


def _raw_header_text(value: str, hints: tuple[str, ...] = ()) -> str:
    """A header value as stored by the parser: unfolded, 8-bit bytes decoded
    (as UTF-8, else in a charset the message declares for its text, else
    guessed)."""
    if len(value) > MAX_HEADER_CHARS:
        value = value[:MAX_HEADER_CHARS]
    value = re.sub(r"\r?\n(?=[ \t])", "", value).replace("\r", "").replace("\n", " ")
    if _ESCAPED_BYTE.search(value):
        value = decode_bytes(value.encode("ascii", "surrogateescape"), *hints)
    return value


def _decode_word(charset: str, encoding: str, text: str) -> bytes:
    if encoding in "bB":
        text = re.sub(r"[^A-Za-z0-9+/]", "", text)
        text += "=" * (-len(text) % 4)
        try:
            return binascii.a2b_base64(text)
        except binascii.Error:
            return binascii.a2b_base64(text[: len(text) // 4 * 4 - 4] or "")
    raw = text.replace("_", " ").encode("ascii", "replace")
    return re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded-words leniently: words split inside a
    multi-byte character, unknown charsets, missing padding, words inside
    quotes or glued to other text."""
    pieces: list[str] = []
    pending: list[tuple[str, bytes]] = []  # adjacent words, joined before decoding
    position = 0

    def flush() -> None:
        while pending:
            charset, data = pending.pop(0)
            while pending and pending[0][0] == charset:
                data += pending.pop(0)[1]
            pieces.append(decode_bytes(data, charset))

    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        if not (pending and _BETWEEN_WORDS.match(between)):
            flush()
            pieces.append(between)
        charset = match.group("charset").lower()
        pending.append((charset, _decode_word(charset, match.group("encoding"), match["text"])))
        position = match.end()
    flush()
    pieces.append(value[position:])
    return clean_text("".join(pieces))


def _collapse(value: str) -> str:
    return " ".join(value.split())


def _charset_hints(message: Message) -> tuple[str, ...]:
    """The charsets the message declares for its text parts, multi-byte ones
    first: those decode only bytes that are really theirs."""
    found: list[str] = []
    for index, part in enumerate(message.walk()):
        if index > 50:
            break
        try:
            charset = part.get_content_charset()
        except Exception:  # noqa: S112 - an unreadable Content-Type gives no hint
            continue
        codec = _codec(charset or "")
        if codec and codec not in ("ascii", "utf-8") and codec not in found:
            found.append(codec)
    single_byte = [c for c in found if c.startswith(("cp12", "iso8859", "koi8", "cp8"))]
    return tuple([c for c in found if c not in single_byte] + single_byte)


def _message_ids(value: str) -> tuple[str, ...]:
    ids = _MSGID.findall(value)
    if not ids:
        ids = [token.strip("<>,;") for token in value.split() if "@" in token]
    return tuple(dict.fromkeys(i for i in ids if i))


_ANY_WORD = r"=\?[^?\s*]+(?:\*[^?\s]*)?\?[bBqQ]\?[^?]*?\?="
_STANDALONE_WORDS = re.compile(
    r"(?<![^\s\"(,])" + _ANY_WORD + r"(?:\s*" + _ANY_WORD + r")*(?=[\s\"<),]|$)"
)
_GLUED_WORD = re.compile(r"(?<![^\s<,:])(" + _ANY_WORD + r")(?=@)")
_ANGLE_ADDRESS = re.compile(r"<\s*([^<>\s@]+@[^<>\s]+?)\s*>")


def _scan_quotes(text: str, in_quotes: bool, comment_depth: int) -> tuple[bool, int]:
    """Whether a quoted string or a comment is open after `text`."""
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"' and not comment_depth:
            in_quotes = not in_quotes
        elif not in_quotes and char == "(":
            comment_depth += 1
        elif not in_quotes and char == ")" and comment_depth:
            comment_depth -= 1
    return in_quotes, comment_depth


def _quote_words(value: str) -> str:
    """An address header with its encoded-words decoded into quoted strings,
    so that a decoded comma or "<" cannot change the address structure.
    Words glued to an address ("=?utf-8?q?agent?=@example.com") are left as
    they are: RFC 2047 forbids them there, and decoding them would let a
    sender pose as another address."""
    out: list[str] = []
    position = 0
    in_quotes = False
    comment_depth = 0
    for match in _STANDALONE_WORDS.finditer(value):
        before = value[position : match.start()]
        out.append(before)
        in_quotes, comment_depth = _scan_quotes(before, in_quotes, comment_depth)
        in_comment = comment_depth > 0
        decoded = _collapse(decode_words(match.group(0)))
        if in_comment:
            out.append(re.sub(r"([()\\])", r"\\\1", decoded))
        else:
            escaped = decoded.replace("\\", "\\\\").replace('"', '\\"')
            out.append(escaped if in_quotes else '"' + escaped + '"')
        position = match.end()
    out.append(value[position:])
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _address_list(value: str) -> tuple[tuple[str, str], ...]:
    """(name, address) pairs from an address header, names decoded."""
    if not value.strip():
        return ()
    try:
        return _parse_addresses(value[:MAX_ADDRESS_CHARS])
    except (RecursionError, ValueError, IndexError, TypeError, AttributeError):
        # Pathological nesting of comments or quotes: keep the bare addresses.
        return tuple(("", a.lower()) for a in dict.fromkeys(_BARE_ADDRESS.findall(value)))


_BARE_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def _parse_addresses(value: str) -> tuple[tuple[str, str], ...]:
    value = _GLUED_WORD.sub(
        lambda m: '"' + m.group(1).replace("=?", "=\\?") + '"', _quote_words(value)
    )
    lenient = getaddresses([value])
    try:
        header = policy.default.header_factory("to", value)
        addresses: list[Address] = [a for group in header.groups for a in group.addresses]
        pairs = [(a.display_name, a.addr_spec) for a in addresses]
    except Exception:  # a broken header falls back to the lenient parser
        pairs = list(lenient)
    if len(lenient) == len(pairs):
        # The lenient parser reads "addr (Name)" comments as names.
        pairs = [
            (name or other_name, address)
            for (name, address), (other_name, _) in zip(pairs, lenient, strict=True)
        ]
    result = []
    for name, address in pairs:
        name = _collapse(clean_text(name)).strip("\"' ")
        address = clean_text(address).strip().strip("<>").strip()
        if "@" not in address:
            found = _ANGLE_ADDRESS.search(value) if len(pairs) == 1 else None
            if found:
                address = found.group(1)
            elif "@" in name:
                name, address = address, name
        local, _, domain = address.rpartition("@")
        if " " in local and '"' not in value:
            # 'From: Test test@example.com': the last word is the address.
            words = local.strip('"').split()
            name, address = name or " ".join(words[:-1]), words[-1] + "@" + domain
        address = address.rstrip(".").lower()
        if not address and not name:
            continue
        if name.lower() == address:
            name = ""
        result.append((name, address))
    return tuple(result)


def _date(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


# --- bodies and attachments -------------------------------------------------


class _HtmlText:
    """The text of an HTML part, made only if the message shows it (most
    HTML parts have a text/plain alternative)."""

    __slots__ = ("markup", "_text")

    def __init__(self, markup: str) -> None:
        self.markup = markup
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = mail_html.html_to_text(self.markup)
        return self._text


@dataclass
class _Body:
    """What one MIME part contributes to the message."""

    text: list[str | _HtmlText] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    has_plain: bool = False  # the text came from a text/plain part
    has_html: bool = False  # an HTML part contributed
    attachments: list[MailAttachment] = field(default_factory=list)

    def extend(self, other: "_Body") -> None:
        self.text += other.text
        self.html += other.html
        self.has_plain |= other.has_plain
        self.has_html |= other.has_html
        self.attachments += other.attachments


def _extension(content_type: str) -> str:
    special = {
        "message/rfc822": ".eml",
        "message/global": ".eml",
        "message/delivery-status": ".txt",
        "message/disposition-notification": ".txt",
        "text/rfc822-headers": ".txt",
        "text/plain": ".txt",
        "application/ms-tnef": ".dat",
    }
    if content_type in special:
        return special[content_type]
    return mimetypes.guess_extension(content_type, strict=False) or ".bin"


class _Parser:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.defects: list[str] = []
        self.parts_seen = 0
        self.hints: tuple[str, ...] = ()  # charsets for 8-bit bytes in headers
        first_line = data[: data.find(b"\n") + 1]
        self.linesep = "\r\n" if first_line.endswith(b"\r\n") else "\n"

    def parse(self) -> ParsedMail:
        message = self._message()
        self.hints = _charset_hints(message)
        headers = self._headers(message)

        def first(name: str) -> str:
            values = headers.get(name, [])
            return values[0] if values else ""

        from_name, from_address = self._sender(message)
        body = self._walk(message, 0)
        text = "\n\n".join(chunk for chunk in map(str, body.text) if chunk.strip())
        html = ""
        if body.has_html:
            html = "\n".join(mail_html.sanitize_html(chunk) for chunk in body.html)
        if not text.strip() and html:
            text = mail_html.html_to_text(html)
        lowered = html.lower()
        referenced = {a.content_id.lower() for a in body.attachments if a.content_id}
        referenced = {cid for cid in referenced if ("cid:" + cid) in lowered}
        attachments = tuple(
            MailAttachment(
                filename=a.filename,
                content_type=a.content_type,
                payload=a.payload,
                content_id=a.content_id,
                inline=bool(a.content_id) and a.content_id.lower() in referenced,
            )
            for a in body.attachments
        )
        return ParsedMail(
            message_id=next(iter(_message_ids(first("message-id"))), ""),
            in_reply_to=_message_ids(first("in-reply-to")),
            references=_message_ids(" ".join(headers.get("references", [])))[-MAX_REFERENCES:],
            subject=_collapse(first("subject")),
            from_address=from_address,
            from_name=from_name,
            reply_to=_address_list(self._raw_first(message, "reply-to")),
            to=_address_list(", ".join(self._raw_all(message, "to"))),
            cc=_address_list(", ".join(self._raw_all(message, "cc"))),
            date=_date(first("date")),
            headers=Headers({name: tuple(values) for name, values in headers.items()}),
            text=clean_text(text).strip("\n"),
            html=clean_text(html),
            attachments=attachments,
            defects=tuple(dict.fromkeys(self.defects)),
        )

    # Structure -------------------------------------------------------------
    def _message(self) -> EmailMessage:
        parser = BytesParser(policy=_POLICY)
        try:
            message = parser.parsebytes(self.data)
        except RecursionError:
            self.defects.append("nesting too deep: body read as plain text")
            message = parser.parsebytes(self.data, headersonly=True)
        if not message.keys():
            raise MailParseError("no header found")
        return message  # type: ignore[return-value]

    def _sender(self, message: Message) -> tuple[str, str]:
        """Who wrote the message: the first From address that is one; when
        there is none, whom a reply would go to (Reply-To, Sender,
        Return-Path)."""
        for header in ("from", "reply-to", "sender", "return-path"):
            for value in self._raw_all(message, header):
                for name, address in _address_list(value):
                    if "@" in address:
                        return name, address
        for value in self._raw_all(message, "from"):
            for name, address in _address_list(value):
                return name, address
        return "", ""

    def _raw_all(self, message: Message, name: str) -> list[str]:
        return [
            _raw_header_text(value, self.hints)
            for key, value in list(message.raw_items())[:MAX_HEADERS]
            if key.lower() == name
        ]

    def _raw_first(self, message: Message, name: str) -> str:
        values = self._raw_all(message, name)
        return values[0] if values else ""

    def _headers(self, message: Message) -> dict[str, list[str]]:
        headers: dict[str, list[str]] = {}
        items = list(message.raw_items())
        if len(items) > MAX_HEADERS:
            self.defects.append(f"too many header fields: {MAX_HEADERS} kept")
        for name, value in items[:MAX_HEADERS]:
            key = clean_text(name).strip().lower()
            text = _raw_header_text(value, self.hints)
            headers.setdefault(key, []).append(_collapse(decode_words(text)))
        return headers

    def _walk(self, part: Message, depth: int) -> _Body:
        self.parts_seen += 1
        if depth > MAX_DEPTH or self.parts_seen > MAX_PARTS:
            if "too many or too deeply nested parts" not in self.defects:
                self.defects.append("too many or too deeply nested parts")
            return _Body()
        content_type = self._content_type(part)
        if content_type.startswith("message/") or (
            not content_type.startswith("multipart/") and part.is_multipart()
        ):
            return _Body(attachments=[self._message_part(part, content_type)])
        if part.is_multipart():
            return self._multipart(part, content_type, depth)
        if content_type.startswith("multipart/"):
            # A multipart without its boundary: mail clients show its text.
            self.defects.append("multipart without parts")
            return self._text_body(part, "text/plain")
        if self._is_body(part, content_type, depth):
            return self._text_body(part, content_type)
        return _Body(attachments=[self._attachment(part, content_type)])

    def _content_type(self, part: Message) -> str:
        content_type = content_type_of(part)
        if not content_type:
            self.defects.append("unreadable Content-Type")
        return content_type or "application/octet-stream"

    def _multipart(self, part: Message, content_type: str, depth: int) -> _Body:
        children = raw_payload(part)
        if not isinstance(children, list):
            return _Body()
        subtype = content_type.split("/", 1)[1]
        if subtype == "alternative":
            return self._alternative(children, depth)
        if subtype == "related":
            start = self._related_start(part, children)
            body = self._walk(children[start], depth + 1)
            for index, child in enumerate(children):
                if index != start:
                    body.attachments += self._walk_as_attachments(child, depth + 1)
            return body
        if subtype in ("signed", "report"):
            # The first part is the message; the rest (signature, delivery
            # status, returned message) are kept as attachments.
            body = self._walk(children[0], depth + 1) if children else _Body()
            for child in children[1:]:
                body.attachments += self._walk_as_attachments(child, depth + 1)
            return body
        if subtype == "encrypted":
            body = _Body()
            for child in children:
                body.attachments += self._walk_as_attachments(child, depth + 1)
            return body
        body = _Body()
        for child in children:
            body.extend(self._walk(child, depth + 1))
        return body

    def _related_start(self, part: Message, children: list[Message]) -> int:
        start = _param(part, "start")
        if start.strip("<> "):
            wanted = start.strip("<> ").lower()
            for index, child in enumerate(children):
                if (child.get("content-id") or "").strip().strip("<>").lower() == wanted:
                    return index
        return 0

    def _alternative(self, children: list[Message], depth: int) -> _Body:
        walked = [self._walk(child, depth + 1) for child in children]
        plain = [b for b in walked if b.has_plain and "".join(map(str, b.text)).strip()]
        rich = [b for b in walked if b.has_html]
        chosen_text = plain[-1] if plain else (rich[-1] if rich else None)
        chosen_html = rich[-1] if rich else None
        body = _Body()
        if chosen_text is not None:
            body.text = chosen_text.text
            body.has_plain = chosen_text.has_plain
        if chosen_html is not None:
            body.html = chosen_html.html
            body.has_html = True
        elif chosen_text is not None:
            body.html = chosen_text.html
        for walked_child in walked:
            if walked_child is chosen_text or walked_child is chosen_html:
                body.attachments += walked_child.attachments
            elif not (walked_child.has_plain or walked_child.has_html):
                body.attachments += walked_child.attachments  # e.g. a calendar invitation
        return body

    def _walk_as_attachments(self, part: Message, depth: int) -> list[MailAttachment]:
        if part.is_multipart() and not self._content_type(part).startswith("message/"):
            body = self._walk(part, depth)
            return body.attachments
        content_type = self._content_type(part)
        if content_type.startswith("message/") or part.is_multipart():
            return [self._message_part(part, content_type)]
        return [self._attachment(part, content_type)]

    def _is_body(self, part: Message, content_type: str, depth: int) -> bool:
        if content_type not in ("text/plain", "text/html", "text/enriched", "text/richtext"):
            return False
        disposition = raw_header(part, "content-disposition").split(";")[0].strip().lower()
        if disposition == "attachment":
            return False
        return not (self._filename(part) and disposition != "inline" and depth > 0)

    def _text_body(self, part: Message, content_type: str) -> _Body:
        payload = self._payload(part)
        charset = self._charset(part)
        if content_type == "text/html":
            markup = decode_text(payload, charset, html=True)
            return _Body(text=[_HtmlText(markup)], html=[markup], has_html=True)
        text = decode_text(payload, charset).replace("\r\n", "\n").replace("\r", "\n")
        if _param(part, "format").lower() == "flowed":
            delsp = _param(part, "delsp").lower() == "yes"
            text = unflow(text, delsp=delsp)
        return _Body(text=[text], html=[mail_html.text_to_html(text)], has_plain=True)

    def _charset(self, part: Message) -> str:
        return charset_of(part)

    def _payload(self, part: Message) -> bytes:
        encoding = raw_header(part, "content-transfer-encoding").strip().lower()
        raw = raw_payload(part)
        if encoding in ("x-uuencode", "uuencode", "x-uue", "uue") and isinstance(raw, str):
            if not re.search(r"^begin [0-7]+ ", raw, re.MULTILINE):
                return _uudecode_lines(raw)  # the "begin" line is often missing
        if encoding == "base64" and isinstance(raw, str):
            return _lenient_base64(raw)
        try:
            payload = part.get_payload(decode=True)
        except Exception:  # keep the bytes as they came
            self.defects.append("undecodable transfer encoding")
            raw = raw_payload(part)
            payload = raw.encode("ascii", "surrogateescape") if isinstance(raw, str) else b""
        if isinstance(payload, bytes):
            return payload
        return b""

    def _filename(self, part: Message) -> str:
        """The attachment's name from Content-Disposition (filename) or
        Content-Type (name): RFC 2231 parameters, encoded-words (not allowed
        there, sent anyway) and raw 8-bit bytes all decoded."""
        for header, param in (("content-disposition", "filename"), ("content-type", "name")):
            raw = next((v for k, v in part.raw_items() if k.lower() == header), "")
            if not raw:
                continue
            text = _raw_header_text(str(raw), self.hints)
            match = re.search(
                r"\b" + param + r'\s*=\s*(?:"([^"]*)"|([^;\s]+))', text, re.IGNORECASE
            )
            by_hand = (match.group(1) or match.group(2) or "") if match else ""
            try:
                name = str(policy.default.header_factory(header, text).params.get(param) or "")
            except Exception:  # a broken parameter list: read it by hand
                name = ""
            if not name or "\\" in by_hand:
                # A Windows path in quotes ("C:\Users\…\Rapport.docx"): the
                # backslashes separate folders, they escape nothing.
                name = by_hand or name
            if "=?" in name:
                name = decode_words(name)
            # A name given by the sender may be a path: its last part is the name.
            name = filename_from_path(clean_text(name), default="")
            if name:
                return name
        return ""

    def _generated_name(self, content_type: str, stem: str = "") -> str:
        if not stem:
            main = content_type.split("/", 1)[0]
            stem = {"image": "image", "message": "message"}.get(main, "attachment")
        return filename_from_text(stem + _extension(content_type))

    def _described_name(self, part: Message, content_type: str) -> str:
        """A name from Content-Description ("Delivery report" in Postfix's
        bounces), with the extension of the content type."""
        raw = next((v for k, v in part.raw_items() if k.lower() == "content-description"), "")
        description = clean_text(decode_words(_raw_header_text(str(raw), self.hints)))
        return filename_from_text(description, _extension(content_type), default="")

    def _name_from_content_id(self, part: Message) -> str:
        """Outlook names an unnamed inline image by its Content-ID
        ("image001.jpg@01D…")."""
        local = self._content_id(part).split("@", 1)[0]
        stem, dot, extension = local.rpartition(".")
        if dot and stem and 1 <= len(extension) <= 5 and extension.isalnum():
            return filename_from_text(clean_text(local), default="")
        return ""

    def _content_id(self, part: Message) -> str:
        value = _raw_header_text(raw_header(part, "content-id"))
        return clean_text(value).strip().strip("<>").strip()

    def _attachment(self, part: Message, content_type: str) -> MailAttachment:
        filename = self._filename(part) or self._name_from_content_id(part)
        if not filename and content_type == "text/rfc822-headers":
            filename = self._described_name(part, content_type)
        filename = filename or self._generated_name(content_type)
        return MailAttachment(
            filename=filename,
            content_type=content_type,
            payload=self._payload(part),
            content_id=self._content_id(part),
        )

    def _message_part(self, part: Message, content_type: str) -> MailAttachment:
        if content_type in ("message/rfc822", "message/global"):
            return self._attached_message(part)
        # A delivery status or another message/* part: kept as its text.
        payload = _body_bytes(part, self.linesep)
        filename = self._filename(part) or self._described_name(part, content_type)
        filename = filename or self._generated_name(content_type, content_type.split("/", 1)[1])
        return MailAttachment(filename=filename, content_type=content_type, payload=payload)

    def _attached_message(self, part: Message) -> MailAttachment:
        inner = raw_payload(part)
        payload = b""
        subject = ""
        if isinstance(inner, list) and inner:
            payload = _message_bytes(inner[0], self.linesep)
            raw_subject = next((v for k, v in inner[0].raw_items() if k.lower() == "subject"), "")
            subject = _raw_header_text(str(raw_subject), self.hints)
            subject = _collapse(decode_words(subject))
        elif isinstance(inner, str):
            payload = self._payload(part)
        # Named from its subject, all of it: "expires 30/04" is no path.
        filename = self._filename(part)
        filename = filename or filename_from_text(clean_text(subject), ".eml", default="")
        filename = filename or self._described_name(part, "message/rfc822")
        filename = filename or self._generated_name("message/rfc822")
        return MailAttachment(
            filename=filename,
            content_type="message/rfc822",
            payload=payload,
            content_id=self._content_id(part),
        )


def _lenient_base64(text: str) -> bytes:
    """Base64 as mail clients read it: characters outside the alphabet
    skipped, missing padding added, a dangling last character dropped."""
    out = bytearray()
    # Some encoders pad every line: each padded run is decoded on its own.
    for run in re.findall(r"[A-Za-z0-9+/]+", re.sub(r"[^A-Za-z0-9+/=]", "", text)):
        run = run[: len(run) - 1] if len(run) % 4 == 1 else run
        out += binascii.a2b_base64(run + "=" * (-len(run) % 4))
    return bytes(out)


def raw_header(part: Message, name: str) -> str:
    """The first value of a header as received (not parsed), or ""."""
    return str(next((v for k, v in part.raw_items() if k.lower() == name), "") or "")


def content_type_of(part: Message) -> str:
    """The part's lowercased type/subtype; "" when the standard library
    cannot read its Content-Type."""
    try:
        return part.get_content_type().lower()
    except Exception:  # its header parser fails on some broken values
        return ""


def _param(part: Message, name: str) -> str:
    """A Content-Type parameter, "" when missing or unreadable."""
    try:
        value = part.get_param(name)
    except Exception:  # as for the Content-Type itself
        return ""
    if isinstance(value, tuple):  # the RFC 2231 form: (charset, language, value)
        value = value[2]
    return str(value or "").strip().strip("\"'")


def charset_of(part: Message) -> str:
    """The charset the part declares, "" when none."""
    return _param(part, "charset")


def raw_payload(part: Message) -> list[Message] | str:
    """A part's sub-parts, or its body as received, not decoded. The standard
    accessor re-decodes 8-bit bodies in the part's charset and fails on
    charset names it cannot use (a NUL in one): the stored payload then."""
    try:
        return part.get_payload()
    except (ValueError, LookupError):
        return getattr(part, "_payload", "") or ""


def _uudecode_lines(text: str) -> bytes:
    out = bytearray()
    for line in text.splitlines():
        if not line.strip() or line.strip() in ("`", "end"):
            continue
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            # Some encoders pad short lines with fewer characters than the
            # length byte says: decode what is there.
            length = (ord(line[0]) - 32) & 63
            try:
                out += binascii.a2b_uu(line[: ((length + 2) // 3) * 4 + 1])[:length]
            except binascii.Error:
                continue
    return bytes(out)


def _body_bytes(part: Message, linesep: str) -> bytes:
    """The body of a part as it was sent, its own headers left out."""
    raw = _message_bytes(part, linesep)
    separator = re.search(rb"\r?\n\r?\n", raw)
    return raw[separator.end() :] if separator else b""


class _AsReceived(EmailPolicy):
    """Writes headers back as they came: never refolded, and an empty one
    without the space the default adds after its colon."""

    def _fold(self, name, value, refold_binary=False):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and not hasattr(value, "name") and not value.strip():
            return name + ":" + self.linesep
        return super()._fold(name, value, refold_binary)


def _message_bytes(message: Message, linesep: str) -> bytes:
    """An attached message as bytes, its headers and line ends as received."""
    keep = _AsReceived(refold_source="none", max_line_length=0, linesep=linesep)
    try:
        return message.as_bytes(policy=keep)
    except Exception:  # a header the generator cannot write: the older policy can
        try:
            return message.as_bytes(policy=policy.compat32)
        except Exception:  # at worst, the body alone
            return str(raw_payload(message)).encode("utf-8", "surrogateescape")


def unflow(text: str, *, delsp: bool = False) -> str:
    """Undo RFC 3676 format=flowed: join soft-broken lines of a paragraph."""
    out: list[str] = []
    current = ""
    current_depth = -1
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        flowed = content.endswith(" ") and content != "-- "
        if current_depth not in (-1, depth):
            out.append(">" * current_depth + (" " if current_depth else "") + current)
            current = ""
        current += content[:-1] if flowed and delsp else content
        current_depth = depth
        if not flowed:
            out.append(">" * depth + (" " if depth and current else "") + current)
            current, current_depth = "", -1
    if current_depth != -1:
        out.append(">" * current_depth + (" " if current_depth else "") + current)
    return "\n".join(out)


__all__ = [
    "MailAttachment",
    "MailParseError",
    "ParsedMail",
    "clean_text",
    "decode_words",
    "parse_mail",
]
