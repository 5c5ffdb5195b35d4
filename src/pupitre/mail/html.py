"""HTML of a received email: sanitised for display, and turned into readable text.

Pure functions of strings, no database. The sanitiser is nh3 (the Ammonia
crate): no script, no style, no event handler, and nothing that a browser
would fetch from elsewhere: a remote image keeps its address only as
`data-remote-src`, which no browser loads (the page offers to load them, see
static/pupitre/mail.js), an inline image keeps its `cid:` reference for the
caller to resolve.
"""

import re
from html import escape

import nh3

from . import html_tree
from .html_tree import TreeParser

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


def sanitize_html(html: str) -> str:
    """The HTML safe to show inside a page: a fragment, no document wrapper."""
    if not html.strip():
        return ""
    html = _SURROGATE.sub("\ufffd", html)  # the sanitiser takes only valid Unicode
    if _too_deep(html):
        return text_to_html(html_to_text(html))
    return _cleaner.clean(_REMOTE_SRC.sub(r"\1data-remote-src\2", html)).strip()


def has_remote_images(sanitized_html: str) -> bool:
    return "data-remote-src=" in sanitized_html


def text_to_html(text: str) -> str:
    """Plain text as an HTML fragment that keeps its line breaks."""
    return escape(text).replace("\n", "<br>\n")


# --- HTML to text -----------------------------------------------------------

# Elements whose content no mail client shows: scripts and styles (an
# unclosed one hides the rest of the document in a browser too), the
# document's title, inert templates, Word's XML data islands. Everything
# else is text to keep, `<noscript>` (mail runs no script) and an
# `<object>`'s fallback content included.
SKIPPED = {"script", "style", "title", "template", "xml"}
_BLOCK = {
    "address", "article", "aside", "center", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "section", "table", "tr", "ul",
    "caption", "details", "summary",
}  # fmt: skip
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "ul", "ol", "table"}
# Quotes and lists nested deeper are written at this depth: every text
# stays, and a line's prefix stays short however deep the nesting.
_MAX_SHOWN_DEPTH = 32
_QUOTE_PREFIX = re.compile(r"^(?:> ?)*")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b\ufeff]+")


class _TextWriter(TreeParser):
    """Collects the text of an HTML document the way a mail client shows it
    as plain text: blocks on their own lines, list items with a dash,
    blockquotes as `> ` lines, links followed by their address.

    It works on the elements as the tree parser opens and closes them, so
    an end tag that never comes (`<embed>`, an unclosed `<font>` or
    `<blockquote>` in a table cell) loses no text. Its cost is linear in
    the size of the document: nothing rereads the line being written."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.line: list[str] = []  # non-empty pieces of the line being written
        self.line_has_text = False
        self.line_number = 0
        self.quote_depth = 0
        self.skip_depth = 0
        self.pre_depth = 0
        self.lists: list[list[int | str]] = []  # [kind, counter]
        self.links: list[tuple[str, int, int]] = []  # (href, line number, first piece)
        self.pending_blank = False

    # Line handling -------------------------------------------------------
    def _append(self, text: str) -> None:
        if text:
            self.line.append(text)
            self.line_has_text = self.line_has_text or not text.isspace()

    def _new_line(self) -> None:
        self.line = []
        self.line_has_text = False
        self.line_number += 1

    def _break(self, blank: bool = False) -> None:
        if self.line_has_text:
            if self.pending_blank and self.lines and self.lines[-1].strip("> "):
                self.lines.append(self._blank_line())
            self.lines.append(self._prefix() + "".join(self.line).strip())
            self.pending_blank = False
        self._new_line()
        if blank:
            self.pending_blank = True

    def _prefix(self) -> str:
        return "> " * min(self.quote_depth, _MAX_SHOWN_DEPTH)

    def _blank_line(self) -> str:
        """A blank line between two blocks, quoted as deep as both are."""
        previous_depth = _QUOTE_PREFIX.match(self.lines[-1]).group(0).count(">")  # type: ignore[union-attr]
        return ("> " * min(previous_depth, self.quote_depth, _MAX_SHOWN_DEPTH)).rstrip()

    def _write(self, text: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            parts = text.replace("\r\n", "\n").split("\n")
            for index, part in enumerate(parts):
                if index:
                    self._hard_break()
                self._append(part)
            return
        text = _SPACES.sub(" ", text)
        if text.startswith(" ") and (not self.line or self.line[-1].endswith(" ")):
            text = text[1:]
        self._append(text)

    def _hard_break(self) -> None:
        text = "".join(self.line).rstrip()
        if self.pending_blank and self.lines and self.lines[-1].strip("> ") and text:
            self.lines.append(self._blank_line())
            self.pending_blank = False
        self.lines.append(self._prefix() + text)
        self._new_line()

    # Elements ------------------------------------------------------------
    def opened(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        attributes = {name: value or "" for name, value in attrs}
        if tag == "br":
            self._hard_break()
        elif tag == "p":
            classes = attributes.get("class", "").lower()
            self._break(blank="msonormal" not in classes)
        elif tag in _PARAGRAPH or tag in _BLOCK:
            self._break(blank=tag in _PARAGRAPH)
        if tag == "blockquote":
            self.quote_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            marker = "- "
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] = int(self.lists[-1][1]) + 1
                marker = f"{self.lists[-1][1]}. "
            self._append("  " * min(max(len(self.lists) - 1, 0), _MAX_SHOWN_DEPTH) + marker)
        elif tag in ("td", "th"):
            if self.line_has_text:
                self._append(" ")
        elif tag == "hr":
            self._break()
            self.lines.append(self._prefix() + "-" * 20)
        elif tag == "a":
            href = attributes.get("href", "").strip()
            self.links.append((href, self.line_number, len(self.line)))

    def closed(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip_depth -= 1
            return
        if self.skip_depth:
            return
        if tag == "a" and self.links:
            href, line_number, first = self.links.pop()
            # A link whose text started on an earlier line is labelled by
            # the text of this one.
            label = "".join(self.line[first if line_number == self.line_number else 0 :])
            self._append_link(href, label.strip())
        elif tag == "blockquote":
            self._break(blank=True)
            self.quote_depth -= 1
        elif tag == "pre":
            self._break(blank=True)
            self.pre_depth -= 1
        elif tag in ("ul", "ol"):
            self.lists.pop()
            self._break(blank=True)
        elif tag in _PARAGRAPH or tag in _BLOCK:
            self._break(blank=tag in _PARAGRAPH)

    def _append_link(self, href: str, label: str) -> None:
        if href.lower().startswith("mailto:"):
            href = href[7:].split("?")[0]
        elif not href.lower().startswith(("http:", "https:")):
            return
        if not label or href.rstrip("/") in label or label in href and len(label) > 12:
            if not label:
                self._append(href)
            return
        self._append(f" <{href}>")

    def handle_data(self, data: str) -> None:
        self._write(data)

    def text(self) -> str:
        self._break()
        lines = [line.rstrip() for line in self.lines]
        out: list[str] = []
        for line in lines:
            if not line.strip("> ") and out and not out[-1].strip("> "):
                continue
            out.append(line)
        return "\n".join(out).strip("\n")


def html_to_text(html: str) -> str:
    """The readable text of an HTML mail body."""
    writer = _TextWriter()
    try:
        writer.feed(html)
        writer.close()
    except (AssertionError, ValueError):  # pragma: no cover - html.parser is lenient
        pass
    return writer.text()
