"""Markdown to safe HTML, for the articles (pure, no database).

markdown-it-py follows CommonMark, so what agents write renders as in the
other tools they know; raw HTML in the source is not interpreted (`html`
off) and the result is cleaned again by nh3 (the Ammonia sanitiser), which
keeps only the tags and attributes below. The text's top headings become
`h2`: the article's title is the page's only `h1`.
"""

import html
import re

import nh3
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_PARSER.enable(["table", "strikethrough"])

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre",
    "kbd", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr",
    "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}
# A column's alignment as a class (kb.css): the pages' Content-Security-Policy
# allows no inline style.
ALIGNMENTS = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {"th": ALIGNMENTS, "td": ALIGNMENTS}
ALIGN_STYLE = re.compile(r'style="text-align:(left|center|right)"')
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|pre|blockquote|th|td)>|<br\s*/?>|<hr\s*/?>")


def render(source: str) -> str:
    """The article's Markdown as sanitised HTML."""
    tokens = _PARSER.parse(source or "")
    headings = [token for token in tokens if token.type in ("heading_open", "heading_close")]
    if headings:
        shift = 2 - min(int(token.tag[1]) for token in headings)
        for token in headings:
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"
    rendered = _PARSER.renderer.render(tokens, _PARSER.options, {})
    return nh3.clean(
        ALIGN_STYLE.sub(r'class="align-\1"', rendered),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def plain_text(rendered: str) -> str:
    """The text of rendered HTML, one line per block (for search and snippets)."""
    text = nh3.clean(_BLOCK_END.sub("\n", rendered), tags=set())
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)
