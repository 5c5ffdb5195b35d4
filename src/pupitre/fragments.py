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

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


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


def filter_fields_html(fields) -> SafeString:
    """The labelled inputs and selects of a filter bar; `fields` have a
    name, a label, a value, and options (None for a text input)."""
    parts = []
    for field in fields:
        name = esc(field.name)
        if field.options is None:
            control = f'<input type="text" name="{name}" id="id_{name}" value="{esc(field.value)}">'
        else:
            options = options_html(field.options, field.value)
            control = f'<select name="{name}" id="id_{name}">{options}</select>'
        parts.append(
            f'<div class="filter"><label for="id_{name}">{esc(field.label)}</label>{control}</div>'
        )
    return join(parts)


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


def language_switcher_html(*, action: str, csrf_token: str, next_url: str, current: str):
    """A form with one button per language; each button's title is the
    language's name in that language, as its readers look for it."""
    buttons = "".join(
        f'<li><button type="submit" name="language" value="{code}" lang="{code}"'
        f'{CURRENT if code == current else ""} title="{esc(name)}">'
        f"{code.upper()}</button></li>"
        for code, name in _endonyms()
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<form method="post" action="{esc(action)}" class="language-switcher">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(csrf_token)}">'
        f'<input type="hidden" name="next" value="{esc(next_url)}">'
        f'<span class="visually-hidden" id="language-label">{esc(_("Language"))}</span>'
        f'<ul aria-labelledby="language-label">{buttons}</ul></form>'
    )


CURRENT = ' aria-current="true"'
_ENDONYMS: list[tuple[str, str]] = []


def _endonyms() -> list[tuple[str, str]]:
    """(code, the language's name in that language), read once per process."""
    if not _ENDONYMS:
        for code, label in settings.LANGUAGES:
            with translation.override(code):
                _ENDONYMS.append((code, str(label)))
    return _ENDONYMS
