"""Properties of HTML mail, on documents drawn by hypothesis from the element
kinds real mail uses: void elements (`<img>`, `<embed>`, `<br>`…), SVG and
MathML with self-closing shapes, formatting elements left open (`<font>`,
`<b>`), paragraphs, list items, options and cells without their end tags,
nested tables, quotes, links, `<noscript>` and an `<object>`'s fallback.

Every text of the document appears, in order, in the ticket's text and in
the sanitised HTML. The only text that may go is that of the elements no
mail client shows, and the generator puts none there: `<script>`, `<style>`,
`<title>`, `<template>`. (Text drawn inside an SVG is not generated either:
the sanitiser drops SVG whole, its text with it.)

Examples are fixed (derandomize) so CI is reproducible; to explore at random:
    HTML_PROPERTY_EXAMPLES=5000 make test PYTEST_ARGS=tests/mail/test_html_properties.py
"""

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pupitre.mail.html import html_to_text, sanitize_html
from pupitre.mail.parsing import parse_mail

from .conftest import make_mail

_EXPLORE = int(os.environ.get("HTML_PROPERTY_EXAMPLES", "0"))
PROPERTY = settings(
    max_examples=_EXPLORE or 100,
    derandomize=not _EXPLORE,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TEXT = "\x00"  # where a text goes; numbered once the document is drawn

VOID = st.sampled_from(
    [
        '<img src="cid:logo" alt="">',
        '<img src="https://tracker.example.net/p.gif"/>',
        '<embed src="cid:film">',
        "<br>",
        "<br/>",
        "<hr>",
        "<wbr>",
        "<input type=checkbox>",
        '<source src="a.mp4">',
        '<param name="x" value="y">',
        '<meta charset="utf-8">',
        "</br>",
    ]
)
FOREIGN = st.sampled_from(
    [
        '<svg width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>',
        '<svg><g><rect width="1" height="1"/><path d="M0 0L1 1"/></g></svg>',
        "<math><mi/><mo/></math>",
    ]
)
SKIPPED = st.sampled_from(
    ["<script>var x = 1;</script>", "<style>p { color: red }</style>", "<!-- a comment -->"]
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    contents = st.lists(children, min_size=1, max_size=4).map("".join)
    closed = st.tuples(
        st.sampled_from(
            [
                "div", "span", "p", "blockquote", "center", "h2", "pre", "u", "strong",
                "em", "noscript", "section", "address",
            ]
        ),
        contents,
    ).map(lambda pair: f"<{pair[0]}>{pair[1]}</{pair[0]}>")  # fmt: skip
    unclosed = st.tuples(
        st.sampled_from(['<font face="Arial" size="2">', "<b>", "<i>", "<font color=red>"]),
        contents,
    ).map("".join)
    link = contents.map(lambda inner: f'<a href="https://www.example.be/page">{inner}</a>')
    listing = st.tuples(
        st.sampled_from(["ul", "ol"]),
        st.lists(st.tuples(contents, st.booleans()), min_size=1, max_size=3),
    ).map(
        lambda pair: (
            f"<{pair[0]}>"
            + "".join(f"<li>{inner}" + ("</li>" if end else "") for inner, end in pair[1])
            + f"</{pair[0]}>"
        )
    )
    # Cells and rows without their end tags; the table's own end tag is
    # there, since text after an unclosed table goes before it in a browser.
    table = st.lists(
        st.lists(st.tuples(contents, st.booleans()), min_size=1, max_size=3), max_size=3
    ).map(
        lambda rows: (
            "<table>"
            + "".join(
                "<tr>" + "".join(f"<td>{inner}" + ("</td>" if end else "") for inner, end in row)
                for row in rows
            )
            + "</table>"
        )
    )
    select = st.lists(contents, min_size=1, max_size=3).map(
        lambda options: "<select>" + "".join(f"<option>{o}" for o in options) + "</select>"
    )
    dl = contents.map(lambda inner: f"<dl><dt>{inner}<dd>{TEXT}</dl>")
    paragraphs = st.lists(contents, min_size=1, max_size=3).map(
        lambda items: "".join(f"<p>{item}" for item in items)
    )
    fallback = contents.map(lambda inner: f'<object data="x.swf">{inner}</object>')
    return st.one_of(closed, unclosed, link, listing, table, select, dl, paragraphs, fallback)


NODES = st.recursive(
    st.one_of(st.just(TEXT), VOID, FOREIGN, SKIPPED),
    _element,
    max_leaves=40,
)
DOCUMENTS = st.tuples(st.booleans(), st.lists(NODES, min_size=1, max_size=6).map("".join)).map(
    lambda pair: (
        "<html><head><title>Newsletter</title><style>td{}</style></head><body>" + pair[1]
        if pair[0]
        else pair[1]
    )
)


def _numbered(document: str) -> tuple[str, list[str]]:
    """The document with each text a word of its own: German and French
    letters and a number, so that order and loss can be seen."""
    words: list[str] = []

    def word(_match: re.Match[str]) -> str:
        words.append(f"Wörtchen{len(words)}é")
        return " " + words[-1] + " "

    return re.sub(TEXT, word, document), words


def _in_order(words: list[str], text: str) -> bool:
    position = 0
    for word in words:
        position = text.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


@PROPERTY
@given(DOCUMENTS)
def test_every_text_of_an_html_mail_is_kept_in_order(document):
    markup, words = _numbered(document)
    parsed = parse_mail(make_mail(body="", html=markup))
    assert _in_order(words, parsed.text), (markup, parsed.text)
    assert _in_order(words, parsed.html), (markup, parsed.html)
    # The functions on their own, as other callers use them.
    assert _in_order(words, html_to_text(markup))
    assert _in_order(words, sanitize_html(markup))
