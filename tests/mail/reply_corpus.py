"""Check `split_reply` against the expectations of two reply-parser corpora.

- crisp-email-reply-parser: plain-text reply bodies with EXPECTED.tsv (what
  the upstream test asserts, restated). `visible_equals_COMMON` fixtures must
  show exactly the common Lorem-ipsum paragraph; the others are checked as
  their row says: exact, prefix or substring of the visible text ("/" for a
  line break, "…" for elided text), nothing folded for "1 fragment" rows, a
  "--" signature for the signature rows. Unlabelled fixtures are only split
  (they must not fail).
- talon: client replies (.eml, and HTML turned into text) whose text without
  the quotation must equal the expected reply; and signature cases (body,
  sender, expected signature).
"""

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pupitre.mail.html import html_to_text
from pupitre.mail.parsing import parse_mail
from pupitre.mail.quotes import SplitReply, split_reply


@dataclass
class Outcome:
    corpus: str
    fixture: str
    passed: bool
    detail: str = ""


def normalise(text: str) -> str:
    return " ".join(text.split())


def squeeze(text: str) -> str:
    return "".join(text.split())


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8").replace("\r\n", "\n")


def without_quote(text: str, split: SplitReply) -> str:
    """The text with only the quoted part cut (the signature stays), as
    talon's expectations are written."""
    text = text.replace("\r\n", "\n")
    if split.quoted and split.quoted in text:
        return text.replace(split.quoted, "", 1)
    return text


# --- crisp --------------------------------------------------------------------

Check = Callable[[SplitReply, str], bool]


def _in_order(pieces: list[str], text: str, *, anchored: bool) -> bool:
    position = 0
    for index, piece in enumerate(pieces):
        found = text.find(piece, position)
        if found < 0 or (anchored and index == 0 and found != 0):
            return False
        position = found + len(piece)
    return True


def _value_check(kind: str, value: str) -> Check:
    value = re.sub(r"\s*\(see note\)\s*$", "", value)
    pieces = [normalise(p.replace(" / ", " ")) for p in value.split("…")]
    pieces = [p for p in pieces if p]

    def check(split: SplitReply, text: str) -> bool:
        visible = normalise(split.visible)
        if kind == "visible_equals":
            return _in_order(pieces, visible, anchored=True) and visible.endswith(pieces[-1])
        if kind == "visible_starts":
            return _in_order(pieces, visible, anchored=True)
        return _in_order(pieces, visible, anchored=False)

    return check


def _nothing_folded(split: SplitReply, text: str) -> bool:
    return not split.quoted and not split.signature


# Rows whose expectation is prose: the check written out.
CRISP_SPECIAL: dict[str, Check] = {
    # Bottom-posting: the answer under the quote is the reply; the list
    # footer is not.
    "email_2": lambda s, t: (
        "You can list the keys" in s.visible and "riak-users mailing list" not in s.visible
    ),
    # The em-dash is no signature delimiter: everything stays visible.
    "email_emoji": lambda s, t: normalise(s.visible) == "🎉 — John Doe CEO at Pandaland @pandaland",
    "correct_sig": lambda s, t: s.signature.startswith("--") and "rick" in s.signature,
    "sig_no_empty_line": lambda s, t: s.signature.startswith("--") and "rick" in s.signature,
    # Upstream mis-detects these "from:" words; nothing may be folded.
    "email_tricky_4_from_in_body": _nothing_folded,
    # Interleaved answers stay visible.
    "email_tricky_18_inline_reply": lambda s, t: all(
        answer in s.visible
        for answer in ("option A is great", "Option B has some drawbacks", "Option C is not")
    ),
    "email_tricky_9_nested_quotes": lambda s, t: (
        "I agree with the points" in s.visible and bool(s.quoted)
    ),
    "email_tricky_11_double_signature": lambda s, t: (
        "Thanks for your help" in s.visible and bool(s.signature)
    ),
    # The row restates the upstream check loosely: the reply stays visible,
    # and the wrapped "On Wed, Dec 9, …" header starts the quote.
    "email_reply_header": lambda s, t: (
        "On the other hand, it could happen TWICE!" in s.visible
        and s.quoted.startswith("On Wed, Dec 9")
    ),
    "email_tricky_13_timestamp_variations": lambda s, t: (
        _nothing_folded(s, t) and "different timestamp formats" in s.visible
    ),
}


def crisp_outcomes(folder: Path) -> tuple[list[Outcome], int]:
    """The checked outcomes, and how many unlabelled fixtures were split."""
    common = read_text(folder / "COMMON_FIRST_FRAGMENT.txt").strip()
    outcomes = []
    unlabelled = 0
    with (folder / "EXPECTED.tsv").open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            name, kind, value = row["fixture"], row["expectation"], row["value"]
            text = read_text(folder / f"{name}.txt")
            split = split_reply(text)
            if kind == "untested_upstream":
                unlabelled += 1
                continue
            if name in CRISP_SPECIAL:
                passed = CRISP_SPECIAL[name](split, text)
            elif kind == "visible_equals_COMMON":
                passed = split.visible.strip() == common
            elif kind.startswith("visible_"):
                passed = _value_check(kind, value)(split, text)
            elif kind == "fragments" and value.startswith(("exactly 1", "1 fragment")):
                passed = _nothing_folded(split, text)
            else:
                raise AssertionError(f"no check for {name}: {kind} {value}")
            detail = "" if passed else f"visible={split.visible[-200:]!r}"
            outcomes.append(Outcome("crisp", name, passed, detail))
    return outcomes, unlabelled


# --- talon --------------------------------------------------------------------

TALON_HTML_REPLY = "Hi.Iamfine.Thanks,Alex"


def talon_outcomes(folder: Path) -> list[Outcome]:
    outcomes = []
    replies = folder / "standard_replies"
    for path in sorted(replies.glob("*.eml")):
        text = parse_mail(path.read_bytes()).text
        expected_file = replies / f"{path.stem}_reply_text"
        expected = read_text(expected_file) if expected_file.exists() else "Hello"
        got = without_quote(text, split_reply(text))
        passed = normalise(got) == normalise(expected)
        outcomes.append(Outcome("talon", f"standard_replies/{path.name}", passed, repr(got[:200])))
    html_cases = [(p, TALON_HTML_REPLY) for p in sorted((folder / "html_replies").glob("*.html"))]
    html_cases += [(folder / "OLK_SRC_BODY_SECTION.html", "Reply")]
    html_cases += [(folder / "reply-separated-by-hr.html", "Hithere")]
    for path, expected in html_cases:
        text = html_to_text(read_text(path))
        got = without_quote(text, split_reply(text))
        passed = squeeze(got) == expected
        outcomes.append(Outcome("talon", str(path.relative_to(folder)), passed, repr(got[:200])))
    shared = folder / "reply-quotations-share-block.eml"
    text = parse_mail(shared.read_bytes()).text
    got = without_quote(text, split_reply(text))
    passed = bool(got.strip()) and "From" not in got
    outcomes.append(Outcome("talon", shared.name, passed, repr(got[:200])))
    return outcomes


def talon_signature_outcomes(folder: Path) -> list[Outcome]:
    outcomes = []
    stripped = folder / "signature" / "emails" / "stripped"
    for body_path in sorted(stripped.glob("*_body")):
        name = body_path.name.removesuffix("_body")
        body = read_text(body_path)
        expected = read_text(stripped / f"{name}_signature").strip()
        sender = read_text(stripped / f"{name}_sender").strip()
        split = split_reply(body, sender_name=sender)
        passed = normalise(split.signature) == normalise(expected)
        outcomes.append(Outcome("talon-signature", name, passed, repr(split.signature[:200])))
    return outcomes


def rate_line(label: str, outcomes: list[Outcome]) -> str:
    hits = sum(o.passed for o in outcomes)
    total = len(outcomes)
    return f"{label:<28} {hits:>4}/{total:<4} {100 * hits / max(total, 1):6.1f} %"
