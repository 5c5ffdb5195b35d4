"""parse_mail never raises anything but MailParseError, and pathological
messages are cut down instead of taking the worker with them."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pupitre.mail import html as mail_html
from pupitre.mail.parsing import MAX_HEADER_CHARS, MAX_HEADERS, MailParseError, parse_mail
from pupitre.mail.quotes import split_reply

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = [path.read_bytes() for path in sorted(FIXTURES.glob("*.eml"))]
HEAD = b"From: a@ecole.be\nTo: support@pupitre.example\n"


def parse_or_refuse(raw: bytes):
    try:
        return parse_mail(raw)
    except MailParseError:
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_any_bytes_give_a_parsed_mail_or_mail_parse_error(raw):
    parsed = parse_or_refuse(raw)
    if parsed is not None:
        assert isinstance(parsed.text, str) and isinstance(parsed.subject, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SAMPLES),
    st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=0, max_size=8)), max_size=6),
    st.integers(0, 10_000),
)
def test_damaged_real_mails_still_parse(sample, edits, cut):
    raw = bytearray(sample[: max(cut, 200)])
    for position, replacement in edits:
        position %= max(len(raw), 1)
        raw[position : position + len(replacement)] = replacement
    parsed = parse_or_refuse(bytes(raw))
    if parsed is not None:
        parsed.text.encode("utf-8")  # no lone surrogate: storable as text
        for attachment in parsed.attachments:
            assert "/" not in attachment.filename and "\\" not in attachment.filename


def test_a_huge_header_is_cut_to_its_limit():
    parsed = parse_mail(HEAD + b"Subject: " + b"x" * 3_000_000 + b"\n\nbody")
    assert len(parsed.subject) == MAX_HEADER_CHARS
    assert parsed.text == "body"


def test_too_many_header_fields_keep_the_first_ones_and_say_so():
    fields = b"".join(b"X-Filler-%d: v\n" % i for i in range(20_000))
    parsed = parse_mail(HEAD + b"Subject: kept\n" + fields + b"\nbody")
    assert parsed.subject == "kept"
    assert sum(len(values) for values in parsed.headers.values()) == MAX_HEADERS
    assert any("header fields" in defect for defect in parsed.defects)


def test_comments_nested_thousands_deep_in_from_keep_the_address():
    parsed = parse_mail(b"From: " + b"(" * 30_000 + b"a@ecole.be\nSubject: x\n\nbody")
    assert parsed.from_address == "a@ecole.be"


def test_multiparts_nested_thousands_deep_are_read_without_crashing():
    depth = 3_000
    raw = HEAD + b"Content-Type: multipart/mixed; boundary=b0\n\n"
    raw += b"".join(
        b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1) for i in range(depth)
    )
    raw += b"--b%d\nContent-Type: text/plain\n\nthe deepest words\n" % depth
    parsed = parse_mail(raw)
    assert "the deepest words" in parsed.text
    assert parsed.defects


def test_html_nested_too_deep_for_the_sanitiser_is_shown_as_text():
    markup = "<div>" * (mail_html.MAX_DEPTH + 10) + "<script>x()</script>hello" + "</div>" * 50
    assert mail_html.sanitize_html(markup) == "hello"


def test_quote_folding_of_a_long_interleaved_text_finishes():
    text = ("an answer line\n" * 5 + "> a quoted line\n\n") * 5_000
    split = split_reply(text)
    assert split.visible.startswith("an answer line")


def test_a_charset_name_the_standard_library_chokes_on_is_guessed_instead():
    raw = HEAD + b'Content-Type: text/plain; charset="ut\x00f-8"\n\nGr\xc3\xbc\xc3\x9fe aus Eupen\n'
    assert parse_mail(raw).text == "Grüße aus Eupen"


def test_message_ids_the_standard_library_chokes_on_are_read_by_hand():
    # email.policy.default raises IndexError on "<@x>" (Python 3.11).
    raw = HEAD + b"Message-ID: <@x>\nIn-Reply-To: <(c)@x>\nSubject: ids\n\nbody"
    parsed = parse_mail(raw)
    assert parsed.message_id == "@x"
    assert parsed.in_reply_to == ("(c)@x",)
