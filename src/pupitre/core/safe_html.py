"""HTML from outside (a received email), sanitised for display inside a page.

Pure functions of strings, no database, usable by every app: the mail
parser sanitises what it reads, and the ticket services sanitise again any
HTML they are given, whoever the caller, before it is stored
(`Message.sanitized_html`, the only HTML a page shows unescaped).

The sanitiser is nh3 (the Ammonia crate): no script, no style, no event
handler, and nothing that a browser would fetch from elsewhere: a remote
image keeps its address only as `data-remote-src`, which no browser loads
(the page offers to load them, see static/pupitre/mail.js), an inline image
keeps its `cid:` reference for the caller to resolve. Sanitising its own
output changes nothing.
"""

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser

import nh3

from pupitre.core import html_tree

# Images that come with the mail (cid:) or inside it (data:) are kept; any
# other address would tell the sender when and where the mail was read.
_EMBEDDED_IMAGE = re.compile(r"^(cid:|data:image/(png|gif|jpe?g|webp);)", re.IGNORECASE)
_SAFE_LINK = re.compile(r"^(https?:|mailto:|tel:|#)", re.IGNORECASE)
_REMOTE_IMAGE = re.compile(r"^https?://", re.IGNORECASE)
# The address of a remote image, moved out of `src` before sanitising.
_REMOTE_SRC = re.compile(r"(<img\b[^>]*?\s)src(\s*=\s*[\"']?\s*https?://)", re.IGNORECASE)

_TAGS = set(nh3.ALLOWED_TAGS) - {"map", "area"}
_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"lang", "dir", "title"}
_ATTRIBUTES["img"] = _ATTRIBUTES.get("img", set()) | {"data-remote-src"}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _EMBEDDED_IMAGE.match(value.strip()) else None
    if tag == "img" and attribute == "data-remote-src":
        return value.strip() if _REMOTE_IMAGE.match(value.strip()) else None
    if tag == "a" and attribute == "href":
        return value if _SAFE_LINK.match(value.strip()) else None
    if attribute == "cite":
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    # An <object>'s content is what shows when the object does not, as here.
    clean_content_tags={"script", "style", "title", "head", "template"},
    attribute_filter=_filter_attribute,
    url_schemes=set(nh3.ALLOWED_URL_SCHEMES) | {"cid", "data"},
    link_rel="noopener noreferrer nofollow",
)


_SURROGATE = re.compile("[\ud800-\udfff]")

# Deeper nesting is shown as text (every text kept, the formatting lost):
# the sanitiser's time grows with the square of the depth (20,000 nested
# <div>s take a second), and no mail client writes more than a few hundred
# levels. The depth is the one a browser's parser builds (see html_tree), so
# a long flat newsletter with unclosed <font>s, <embed>s or SVG shapes in
# every row is not "deep".
MAX_DEPTH = 1_000


def _too_deep(html: str) -> bool:
    if html.count("<") <= MAX_DEPTH:
        return False  # too few tags to nest that deep: no need to read them
    return html_tree.depth(html, MAX_DEPTH) > MAX_DEPTH


def sanitize_html(html: str, *, to_text: Callable[[str], str] | None = None) -> str:
    """The HTML safe to show inside a page: a fragment, no document wrapper.

    HTML nested too deep is shown as its text, read by `to_text` (the mail
    parser passes its own, which lays the text out as a mail client does)."""
    if not html.strip():
        return ""
    html = _SURROGATE.sub("\ufffd", html)  # the sanitiser takes only valid Unicode
    if _too_deep(html):
        return text_to_html((to_text or _plain_text)(html))
    return _cleaner.clean(_REMOTE_SRC.sub(r"\1data-remote-src\2", html)).strip()


def has_remote_images(sanitized_html: str) -> bool:
    return "data-remote-src=" in sanitized_html


def text_to_html(text: str) -> str:
    """Plain text as an HTML fragment that keeps its line breaks."""
    return escape(text).replace("\n", "<br>\n")


class _Text(HTMLParser):
    """The text of an HTML document, without the content of scripts and styles."""

    # Only elements that a browser closes: an end tag that never comes
    # (<embed>, <object>) must not hide the rest of the text.
    SKIP = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in self.SKIP

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _plain_text(html: str) -> str:
    reader = _Text()
    reader.feed(html)
    reader.close()
    return "".join(reader.parts).strip()
