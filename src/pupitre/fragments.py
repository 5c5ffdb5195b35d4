"""HTML of the repeated parts of the busiest pages, built in Python.

The desk queue and a ticket's conversation are reloaded all day. Django's
template engine spends several microseconds on every node, and a queue page
of 25 rows with its filter bar has about a thousand of them; the same HTML
built here costs a few percent of that. Templates keep the page's structure;
only the loops (queue rows, select options, timeline entries) come from
here. Every value is escaped by `esc`; labels are translated by the caller.
"""

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe


def esc(value) -> str:
    """Escape a value for HTML text or a quoted attribute; safe strings
    (fragments built here or marked safe) pass unchanged."""
    if isinstance(value, SafeString):
        return value
    return escape(str(value), quote=True)


def join(parts) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by esc()


def options_html(options, selected: str) -> SafeString:
    """The <option> elements of a select, `selected` marked."""
    return join(
        f'<option value="{esc(value)}"{SELECTED if value == selected else ""}>{esc(label)}</option>'
        for value, label in options
    )


SELECTED = " selected"


def time_html(iso: str, shown: str) -> str:
    return f'<time datetime="{esc(iso)}">{esc(shown)}</time>'


_BLANK_LINES = re.compile(r"\n{2,}")
NEWLINE, BREAK = "\n", "<br>"


def paragraphs_html(text: str) -> str:
    """Plain text as escaped paragraphs, single line breaks kept: what
    Django's `linebreaks` filter writes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(
        f"<p>{escape(paragraph).replace(NEWLINE, BREAK)}</p>"
        for paragraph in _BLANK_LINES.split(text)
    )
