"""HTML of the repeated parts of the busiest pages, built in Python.

The desk queue and a ticket's conversation are reloaded all day. Django's
template engine spends several microseconds on every node, and a queue page
of 25 rows with its filter bar has about a thousand of them; the same HTML
built here costs a few percent of that. Templates keep the page's structure;
only the loops (queue rows, select options, timeline entries) come from
here. Labels are translated by the caller.

Safe by construction, as a template is: every helper returns a `SafeString`
made by `format_html` (which escapes each value it is given, unless it is a
`SafeString` already) or by joining such fragments with `join`, which escapes
any part that is not one. A plain `str` is always text, never markup.

`esc` and `format_html` are Django's `conditional_escape` and `format_html`
(tests/test_fragments.py checks that they write the same), without the
wrappers for lazy strings that Django's run on every call: those cost ten
times the formatting itself, and a queue page makes about a thousand calls.
"""

import re
from collections.abc import Iterable
from html import escape as _escape

from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

EMPTY = SafeString("")


def esc(value) -> SafeString:
    """A value as HTML text or a quoted attribute: escaped, unless it is a
    `SafeString` already (a fragment built here)."""
    kind = type(value)
    if kind is SafeString:
        return value
    if kind is str:
        return SafeString(_escape(value))
    return conditional_escape(value)  # numbers, lazy strings, other safe types


def _escaped(value) -> str:
    """`esc` for a value about to be formatted into markup (a plain `str`)."""
    kind = type(value)
    if kind is str:
        return _escape(value)
    if kind is SafeString:
        return value
    return conditional_escape(value)


def format_html(format_string: str, *args, **kwargs) -> SafeString:
    """`format_string` (markup written here) with every value escaped by `esc`."""
    if kwargs:
        kwargs = {name: _escaped(value) for name, value in kwargs.items()}
    return SafeString(format_string.format(*map(_escaped, args), **kwargs))


class _Unfilled(dict):
    def __missing__(self, name):
        return "{" + name + "}"


def prefill(format_string: str, **values) -> str:
    """`format_string` with the named fields `values` filled in, escaped by
    `esc`, and its other fields left for `format_html`: the labels of a
    row, filled once for the page's rows."""
    return format_string.format_map(
        _Unfilled(
            (name, esc(value).replace("{", "{{").replace("}", "}}"))
            for name, value in values.items()
        )
    )


def join(parts: Iterable, sep: SafeString = EMPTY) -> SafeString:
    """Fragments joined; a part that is not a `SafeString` is escaped."""
    return SafeString(sep.join(map(esc, parts)))


SELECTED = SafeString(" selected")
_OPTION = '<option value="{}"{}>{}</option>'


def options_html(options, selected: str) -> SafeString:
    """The <option> elements of a select, `selected` marked."""
    return join(
        format_html(_OPTION, value, SELECTED if value == selected else EMPTY, label)
        for value, label in options
    )


def filter_fields_html(fields) -> SafeString:
    """The labelled inputs and selects of a filter bar; `fields` have a
    name, a label, a value, and options (None for a text input)."""
    parts = []
    for field in fields:
        if field.options is None:
            control = format_html(
                '<input type="text" name="{name}" id="id_{name}" value="{value}">',
                name=field.name,
                value=field.value,
            )
        else:
            control = format_html(
                '<select name="{name}" id="id_{name}">{options}</select>',
                name=field.name,
                options=options_html(field.options, field.value),
            )
        parts.append(
            format_html(
                '<div class="filter"><label for="id_{name}">{label}</label>{control}</div>',
                name=field.name,
                label=field.label,
                control=control,
            )
        )
    return join(parts)


def time_html(iso: str, shown: str) -> SafeString:
    return format_html('<time datetime="{}">{}</time>', iso, shown)


_BLANK_LINES = re.compile(r"\n{2,}")


def paragraphs_html(text: str) -> SafeString:
    """Plain text as escaped paragraphs, single line breaks kept: what
    Django's `linebreaks` filter writes. The whole text is escaped first,
    then only the markup of paragraphs and breaks is added."""
    text = _escape(text.replace("\r\n", "\n").replace("\r", "\n"))
    return SafeString(
        "\n\n".join(f"<p>{lines.replace(NEWLINE, BREAK)}</p>" for lines in _BLANK_LINES.split(text))
    )


NEWLINE, BREAK = "\n", "<br>"


def language_switcher_html(*, action: str, csrf_token: str, next_url: str, current: str):
    """A form with one button per language; each button's title is the
    language's name in that language, as its readers look for it."""
    buttons = join(
        format_html(
            '<li><button type="submit" name="language" value="{code}" lang="{code}"{current}'
            ' title="{name}">{label}</button></li>',
            code=code,
            current=CURRENT if code == current else EMPTY,
            name=name,
            label=code.upper(),
        )
        for code, name in _endonyms()
    )
    return format_html(
        '<form method="post" action="{action}" class="language-switcher">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">'
        '<input type="hidden" name="next" value="{next_url}">'
        '<span class="visually-hidden" id="language-label">{label}</span>'
        '<ul aria-labelledby="language-label">{buttons}</ul></form>',
        action=action,
        csrf_token=csrf_token,
        next_url=next_url,
        label=_("Language"),
        buttons=buttons,
    )


CURRENT = SafeString(' aria-current="true"')
_ENDONYMS: list[tuple[str, str]] = []


def _endonyms() -> list[tuple[str, str]]:
    """(code, the language's name in that language), read once per process."""
    if not _ENDONYMS:
        for code, label in settings.LANGUAGES:
            with translation.override(code):
                _ENDONYMS.append((code, str(label)))
    return _ENDONYMS
