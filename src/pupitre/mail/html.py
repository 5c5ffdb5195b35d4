"""HTML of a received email: sanitised for display, and turned into readable text.

Pure functions of strings, no database. The sanitiser itself is shared with
the ticket services, which sanitise any HTML they store
(pupitre/core/safe_html.py): no script, no style, no event handler, nothing that
a browser would fetch from elsewhere.
"""

import re

from pupitre.core import safe_html
from pupitre.core.html_tree import TreeParser
from pupitre.core.safe_html import MAX_DEPTH, has_remote_images, text_to_html

__all__ = ["MAX_DEPTH", "has_remote_images", "html_to_text", "sanitize_html", "text_to_html"]


def sanitize_html(html: str) -> str:
    """The HTML safe to show inside a page (pupitre/core/safe_html.py); HTML
    nested too deep is shown as its text, laid out as a mail client does."""
    return safe_html.sanitize_html(html, to_text=html_to_text)


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
