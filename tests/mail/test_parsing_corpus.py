"""parse_mail against Zammad's mail fixtures (the shared corpus, read at test time).

The match rate per field is written to the terminal; `bench/mail_corpus.py`
prints the same figures without pytest.
"""

import pytest

from pupitre.mail.parsing import parse_mail

from .corpora import corpus, report_lines
from .zammad_corpus import box_files, compare, fixture_name, rate_lines, shorten

_TITLE = "Zammad keeps the HTML document's <title> as body text; a mail client shows none"
_NAME = "a generated name for a part that has none (Zammad says 'file', 'document.html')"

# Expectations that record Zammad's own choices, not what the mail says:
# (fixture, field) -> why our result differs.
ZAMMAD_CHOICES = {
    ("mail016", "body"): _TITLE,
    ("mail019", "body"): _TITLE,
    ("mail026", "body"): _TITLE + " (and only the title)",
    ("mail047", "body"): _TITLE,
    ("mail049", "body"): _TITLE,
    ("mail066", "body"): _TITLE,
    (
        "mail020",
        "body",
    ): "&lang;/&rang; read with HTML 4's table (U+2329) instead of HTML 5's (U+27E8)",
    ("mail021", "body"): "Zammad shows the UTF-8 Russian footer as Latin mojibake",
    ("mail046", "from_display_name"): "Zammad reads the raw GB2312 name as Latin (mojibake); "
    "we read it in the charset the message declares",
    ("mail060", "body"): "UTF-8 text with a few Latin-1 bytes: Zammad reads all as GB2312 "
    "(mojibake); we keep the UTF-8 and read the strays as windows-1252",
    ("mail072", "body"): "Zammad reads windows-1258 as another code page (ŕ for à); we decode it",
    ("mail054", "body"): "Zammad loses the body behind continuation lines without indentation; "
    "we repair the header block and find 'some text'",
    ("mail087", "body"): "a part without Content-Type is text/plain (RFC 2045): we show it, "
    "Zammad keeps it as an attachment named 'file'",
    ("mail087", "attachments"): "the same part, which Zammad keeps as 'file'",
    ("mail105", "body"): "a multipart without boundary: Zammad shows nothing, we show its text "
    "as mail clients do",
    (
        "mail085",
        "body",
    ): "two HTML parts in a multipart/mixed: Zammad shows the first and keeps the "
    "second as 'document.html'; we show both in order",
    ("mail085", "attachments"): "the same second HTML part",
    ("mail085", "attachment_data"): "the same second HTML part",
    ("mail087", "attachment_data"): "the same part without Content-Type",
    ("mail065", "from_display_name"): "an encoded-word containing a comma: Zammad splits it "
    "('=20Andreas?='), we decode it whole ('Bürling, Andreas')",
    ("mail044", "from_email"): "the root dot of 'yahoo.com.' is not part of the domain",
    ("mail071", "from_email"): "a quoted local part keeps its quotes in the address",
    (
        "mail076",
        "from_email",
    ): "a From header with a stray '>': Zammad keeps the '>' in the address",
    ("mail076", "from_display_name"): "the same broken header: Zammad makes the address the name",
    ("mail087", "from_email"): "'From: Test test@example.com' (no brackets): the address is "
    "the last word, 'Test' the name; Zammad takes all as the address",
    ("mail087", "from_display_name"): "the same header",
    ("upstream-newer/mail117", "from_email"): "an encoded-word inside an address is not decoded "
    "(RFC 2047 forbids it there, and decoding it lets a sender pose as another)",
    ("upstream-newer/mail118", "from_email"): "the same: '=?utf-8?Q?agent?=@example.com' is "
    "not agent@example.com",
    ("mail064", "attachments"): "Zammad turns the decomposed accents of an Apple Mail name into "
    "mojibake; we normalise it to NFC ('Capture d’écran … à …')",
    ("mail102", "attachments"): "two attachments with the same name: Zammad renames the second",
    ("mail100", "attachments"): "a third part with the same Content-ID: we name both after it, "
    "Zammad calls the second 'image.jpg'",
    ("mail042", "attachments"): _NAME,
    ("mail053", "attachments"): _NAME + "; we use its Content-Description",
    ("mail062", "attachments"): _NAME,
    ("mail014", "attachments"): "an attached message named from its subject 'Call: HW-…': "
    "a ':' cannot be in a file name on Windows, we write 'Call_ HW-…'",
}

# Where our result is wrong and we know why.
KNOWN_MISSES = {
    ("mail033-undelivered-mail-returned-to-sender", "attachment_data"): "the returned message "
    "has an empty header with a trailing space ('In-Reply-To: '); the parser keeps no trace of "
    "that space, so the message is written back without it",
    ("mail023", "body"): "12 bytes of undeclared GB2312 in an otherwise ASCII text: no detector "
    "tells them from Korean or Latin; read as windows-1252",
}


@pytest.fixture(scope="module")
def zammad():
    return corpus("zammad-mail")


def test_every_zammad_mail_parses(zammad):
    files = box_files(zammad)
    assert len(files) >= 110
    for path in files:
        parsed = parse_mail(path.read_bytes())
        assert parsed.headers, fixture_name(zammad, path)


def test_zammad_expectations_match_except_the_listed_ones(zammad, request):
    comparisons = [c for path in box_files(zammad) if (c := compare(zammad, path))]
    report_lines(
        request, "zammad-mail: fields matching Zammad's expectations", rate_lines(comparisons)
    )
    listed = ZAMMAD_CHOICES | KNOWN_MISSES
    differing = {
        (c.name, name): f"expected {shorten(c.expected[name])}, got {shorten(c.actual[name])}"
        for c in comparisons
        for name, ok in c.matches.items()
        if not ok
    }
    unexpected = {key: value for key, value in differing.items() if key not in listed}
    assert not unexpected, "new differences:\n" + "\n".join(
        f"{k}: {v}" for k, v in unexpected.items()
    )
    now_matching = sorted(set(listed) - set(differing))
    assert not now_matching, f"these now match: remove them from the lists: {now_matching}"
    assert len(comparisons) >= 110


def test_a_missing_corpus_skips_unless_ci_requires_it(monkeypatch, tmp_path):
    from . import corpora

    monkeypatch.setattr(corpora, "SHARED_DIR", tmp_path)
    monkeypatch.delenv("PUPITRE_REQUIRE_CORPORA", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not found"):
        corpora.corpus("zammad-mail")
    monkeypatch.setenv("PUPITRE_REQUIRE_CORPORA", "1")
    with pytest.raises(pytest.fail.Exception, match="PUPITRE_REQUIRE_CORPORA=1"):
        corpora.corpus("zammad-mail")
