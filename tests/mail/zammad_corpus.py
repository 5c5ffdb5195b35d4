"""Compare `parse_mail` with the expected results of Zammad's mail fixtures.

Each `mailNNN.box` of the corpus comes with a `mailNNN.yml` holding what
Zammad's parser makes of it. The fields compared are the ones a helpdesk
must get right: the sender's address and name, the subject, the body text
and the attachment names. Whitespace is normalised; an HTML body is compared
on its text (Zammad's sanitiser is not ours, its markup differs).
"""

import base64
import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from pupitre.mail.parsing import ParsedMail, parse_mail

FIELDS = ("from_email", "from_display_name", "subject", "body", "attachments", "attachment_data")


class _RubyLoader(yaml.SafeLoader):
    """Loads Ruby-tagged YAML (`!ruby/hash:...`) as plain mappings."""


def _ruby(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


def _binary(loader: yaml.SafeLoader, node: yaml.Node) -> bytes:
    return base64.b64decode(loader.construct_scalar(node))  # type: ignore[arg-type]


_RubyLoader.add_multi_constructor("!ruby/", _ruby)
_RubyLoader.add_constructor("!binary", _binary)


class _Text(HTMLParser):
    """The character data of an HTML fragment, tags ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "script", "head", "title"):
            self.skip += 1
        elif tag in ("br", "p", "div", "tr", "li"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head", "title"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return normalise("".join(parser.parts))


def normalise(text: str) -> str:
    return " ".join(str(text or "").replace("\u00a0", " ").replace("\u200b", "").split())


def squeeze(text: str) -> str:
    """Text without any whitespace: HTML block boundaries put spaces in
    different places in different converters."""
    return "".join(normalise(text).split())


# Zammad's placeholder for a message without text.
NO_CONTENT = "no visible content"


def expected_attachments(expected: dict) -> list[dict]:
    """Zammad keeps the original HTML part as an attachment (message.html,
    marked `content-alternative`); that is its storage choice, not an
    attachment of the mail, so it is left out."""
    kept = []
    for attachment in expected.get("attachments") or []:
        preferences = attachment.get("preferences") or {}
        if not (preferences.get("content-alternative") or preferences.get("original-format")):
            kept.append(attachment)
    return kept


def digest(data: object) -> str:
    """The MD5 of a payload, line ends normalised: Zammad stores text with LF
    where the mail has CRLF; we keep the bytes as received."""
    raw = data if isinstance(data, bytes) else str(data or "").encode("utf-8")
    return hashlib.md5(raw.replace(b"\r\n", b"\n").strip(), usedforsecurity=False).hexdigest()


@dataclass
class Comparison:
    name: str
    expected: dict
    actual: dict
    matches: dict[str, bool] = field(default_factory=dict)


def actual_fields(parsed: ParsedMail, content_type: str) -> dict[str, object]:
    if content_type == "text/html" and parsed.html:
        body = squeeze(html_text(parsed.html))
    else:
        body = squeeze(parsed.text)
    return {
        "from_email": parsed.from_address,
        "from_display_name": normalise(parsed.from_name),
        "subject": normalise(parsed.subject),
        "body": body,
        "attachments": sorted(normalise(a.filename) for a in parsed.attachments),
        "attachment_data": sorted({digest(a.payload) for a in parsed.attachments}),
    }


def expected_fields(expected: dict) -> dict[str, object]:
    content_type = expected.get("content_type", "text/plain")
    body = expected.get("body") or ""
    return {
        "from_email": str(expected.get("from_email") or "").lower(),
        "from_display_name": normalise(expected.get("from_display_name")),
        "subject": normalise(expected.get("subject")),
        "body": squeeze(
            "" if body == NO_CONTENT else html_text(body) if content_type == "text/html" else body
        ),
        "attachments": sorted(
            normalise(a.get("filename", "")) for a in expected_attachments(expected)
        ),
        "attachment_data": sorted({digest(a.get("data")) for a in expected_attachments(expected)}),
    }


def box_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("mail*.box")) + sorted((folder / "upstream-newer").glob("*.box"))


def fixture_name(folder: Path, path: Path) -> str:
    return str(path.relative_to(folder).with_suffix(""))


def compare(folder: Path, path: Path) -> Comparison | None:
    """The comparison for one `.box`, or None when it has no expectation."""
    expectation = path.with_suffix(".yml")
    if not expectation.exists():
        return None
    expected = yaml.load(expectation.read_text(encoding="utf-8"), Loader=_RubyLoader)  # noqa: S506 - a SafeLoader subclass
    parsed = parse_mail(path.read_bytes())
    wanted = expected_fields(expected)
    got = actual_fields(parsed, expected.get("content_type", "text/plain"))
    result = Comparison(fixture_name(folder, path), wanted, got)
    for name in FIELDS:
        result.matches[name] = wanted[name] == got[name]
    # As Zammad's own test: every expected payload is among ours (MD5).
    result.matches["attachment_data"] = set(wanted["attachment_data"]) <= set(
        got["attachment_data"]
    )
    return result


def rates(comparisons: list[Comparison]) -> dict[str, tuple[int, int]]:
    """field -> (matches, total)."""
    return {name: (sum(c.matches[name] for c in comparisons), len(comparisons)) for name in FIELDS}


def rate_lines(comparisons: list[Comparison]) -> list[str]:
    lines = []
    for name, (hits, total) in rates(comparisons).items():
        lines.append(f"{name:<18} {hits:>4}/{total:<4} {100 * hits / max(total, 1):6.1f} %")
    everything = sum(all(c.matches.values()) for c in comparisons)
    lines.append(
        f"{'all fields':<18} {everything:>4}/{len(comparisons):<4}"
        f" {100 * everything / max(len(comparisons), 1):6.1f} %"
    )
    return lines


def shorten(value: object, width: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width // 2] + " … " + text[-width // 2 :]
