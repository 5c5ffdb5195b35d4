"""Which elements of an HTML document are open at each tag, as a browser's
parser decides it: the depth the sanitiser will meet, and where an element
ends although its end tag never comes.

It follows the HTML standard's tree construction in what decides nesting:
- void elements (`<img>`, `<embed>`, `<br>`…) never hold anything, and a
  self-closing element (`<circle/>`) is closed only inside SVG and MathML;
- a start tag implies end tags: `<p>` and every block close an open
  paragraph, `<li>` an open list item, `<dd>`/`<dt>` their kind, `<td>`,
  `<th>`, `<tr>` and row groups the cell or row of their table, `<option>`
  an option, `<a>` an open link, a heading a heading;
- a table gets its implied `<tbody>` and `<tr>`, and a cell outside any
  table is no element at all;
- an end tag closes every element opened inside it (`</td>` closes an
  unclosed `<font>`), and one with nothing open to close is ignored; HTML
  inside SVG ends the SVG.
The rest (the adoption agency, foster parenting, reconstruction of
formatting elements) changes the depth by a few levels at most and is left
out. `<html>`, `<head>` and `<body>` are the root, not levels.

Every step costs constant time, amortised: the positions of the open
elements are indexed by name, and so are the elements that bound a scope,
so a hostile document (100,000 nested elements, 100,000 end tags with
nothing to close) is read in time linear in its size.
"""

from html.parser import HTMLParser

VOID = {
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
    "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
_ROOT = {"html", "head", "body", "frameset"}
_FOREIGN = {"svg", "math"}
# HTML elements that end the SVG or MathML they appear in.
_BREAKOUT = {
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt",
    "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li",
    "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span",
    "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var", "font",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Start tags that close an open <p>.
_CLOSES_P = HEADINGS | {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
    "div", "dl", "dd", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "header", "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol", "p",
    "plaintext", "pre", "search", "section", "summary", "table", "ul", "xmp",
}  # fmt: skip
_ROW_GROUPS = {"tbody", "thead", "tfoot"}
_TABLE_PARTS = _ROW_GROUPS | {"tr", "td", "th", "caption", "colgroup"}
# The elements that bound each kind of scope: an element beyond the nearest
# bound is out of reach of the tags that would close it.
_DEFAULT_SCOPE = {
    "applet", "caption", "table", "td", "th", "marquee", "object", "template", "svg", "math",
}  # fmt: skip
_SCOPES = {
    "default": _DEFAULT_SCOPE,
    "list": _DEFAULT_SCOPE | {"ol", "ul", "dl"},
    "button": _DEFAULT_SCOPE | {"button"},
    "table": {"table", "template"},
}
_BOUND_KINDS = {
    tag: tuple(kind for kind, bounds in _SCOPES.items() if tag in bounds)
    for tag in set().union(*_SCOPES.values())
}


class TreeParser(HTMLParser):
    """An HTML tokenizer that keeps the stack of open elements and reports
    each element opened and closed, whether its end tag came or not.
    Subclasses override `opened` and `closed`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self._positions: dict[str, list[int]] = {}
        self._bounds: dict[str, list[int]] = {kind: [] for kind in _SCOPES}
        self._foreign: list[int] = []

    # Hooks -----------------------------------------------------------------
    def opened(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """An element starts (void elements too, closed right after)."""

    def closed(self, tag: str) -> None:
        """An element ends, by its end tag or because something else ended it."""

    # The stack -------------------------------------------------------------
    def _push(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        index = len(self.stack)
        self.stack.append(tag)
        self._positions.setdefault(tag, []).append(index)
        for kind in _BOUND_KINDS.get(tag, ()):
            self._bounds[kind].append(index)
        if tag in _FOREIGN:
            self._foreign.append(index)
        self.opened(tag, attrs)

    def _pop(self) -> None:
        tag = self.stack.pop()
        index = len(self.stack)
        self._positions[tag].pop()
        for kind in _BOUND_KINDS.get(tag, ()):
            self._bounds[kind].pop()
        if self._foreign and self._foreign[-1] == index:
            self._foreign.pop()
        self.closed(tag)

    def _pop_to(self, index: int) -> None:
        """Closes the element at `index` and everything opened inside it."""
        while len(self.stack) > index:
            self._pop()

    def _in_scope(self, tag: str, kind: str) -> int | None:
        """The position of the innermost open `tag`, if no bound of the
        scope lies between it and the current element."""
        positions = self._positions.get(tag)
        if not positions:
            return None
        bounds = self._bounds[kind]
        if bounds and positions[-1] < bounds[-1]:
            return None
        return positions[-1]

    def _close(self, tag: str, kind: str) -> bool:
        index = self._in_scope(tag, kind)
        if index is None:
            return False
        self._pop_to(index)
        return True

    def _close_nearest(self, tags: tuple[str, ...], kind: str) -> None:
        found = [i for i in (self._in_scope(tag, kind) for tag in tags) if i is not None]
        if found:
            self._pop_to(max(found))

    def _current(self) -> str:
        return self.stack[-1] if self.stack else ""

    # Tokens ----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, self_closing: bool) -> None:
        if self._current() == "title":
            self._pop()  # a title holds only text: a tag means its end was left out
        if self._foreign and tag in _BREAKOUT:
            self._pop_to(self._foreign[-1])
        if self._foreign or tag in _FOREIGN:
            if self_closing:
                self.opened(tag, attrs)
                self.closed(tag)
            else:
                self._push(tag, attrs)
            return
        if tag in VOID:
            self.opened(tag, attrs)
            self.closed(tag)
            return
        if tag in _ROOT:
            return
        if tag in _TABLE_PARTS or tag == "table":
            if not self._table_start(tag):
                return
        self._close_implied(tag)
        self._push(tag, attrs)

    def _close_implied(self, tag: str) -> None:
        if tag in _CLOSES_P:
            self._close("p", "button")
        if tag in HEADINGS and self._current() in HEADINGS:
            self._pop()
        if tag == "li":
            self._close("li", "list")
        elif tag in ("dd", "dt"):
            self._close_nearest(("dd", "dt"), "list")
        elif tag in ("option", "optgroup"):
            if self._current() == "option":
                self._pop()
            if tag == "optgroup" and self._current() == "optgroup":
                self._pop()
        elif tag in ("a", "nobr", "button"):
            self._close(tag, "default")

    def _table_start(self, tag: str) -> bool:
        """Closes what a table part implies and opens the implied row group
        and row; False when the tag is to be ignored."""
        table = self._in_scope("table", "table")
        if tag == "table":
            if table is not None and self._current() in _ROW_GROUPS | {"table", "tr"}:
                self._pop_to(table)  # a table straight inside a table ends it
            return True
        if table is None:
            return False  # a cell or row outside any table is ignored
        if tag in ("td", "th"):
            self._close_nearest(("td", "th"), "table")
            if self._current() != "tr":
                self._row_start()
                self._push("tr", [])
        elif tag == "tr":
            self._close_nearest(("tr",), "table")
            self._close_nearest(("td", "th"), "table")
            self._row_start()
        else:
            self._pop_to(table + 1)
        return True

    def _row_start(self) -> None:
        if self._current() == "table":
            self._push("tbody", [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self._start("br", [], self_closing=False)  # browsers read </br> as <br>
            return
        if self._current() == "title" and tag != "title":
            self._pop()
        if self._foreign:
            index = self._in_scope(tag, "default")
            if index is not None and index >= self._foreign[-1]:
                self._pop_to(index)
                return
        if tag in _ROOT:
            return
        if tag == "p":
            self._close("p", "button")
        elif tag == "li":
            self._close("li", "list")
        elif tag in _TABLE_PARTS or tag == "table":
            self._close(tag, "table")
        else:
            self._close(tag, "default")

    def close(self) -> None:
        super().close()
        self._pop_to(0)


class TooDeep(Exception):
    pass


class _DepthGauge(TreeParser):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.depth = 0

    def opened(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth = max(self.depth, len(self.stack))
        if self.depth > self.limit:
            raise TooDeep


def depth(html: str, limit: int) -> int:
    """How deep the document's elements nest, or `limit + 1` if deeper:
    reading stops there."""
    gauge = _DepthGauge(limit)
    try:
        gauge.feed(html)
        gauge.close()
    except TooDeep:
        pass
    return gauge.depth
