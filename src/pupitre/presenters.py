"""What the portal and the desk show of a ticket, prepared in Python.

Pages that agents and schools reload all day (the queue, a ticket's
conversation) build their rows here: labels are translated once per request,
dates formatted with one format, URLs reversed once. The templates stay
plain loops, and the pages fast.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pupitre.fragments import EMPTY, esc, format_html, join, paragraphs_html, time_html
from pupitre.safe_html import has_remote_images
from pupitre.tickets.models import Channel, EventField, MessageKind, Priority, SlaState, Status


def label_of(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


def _priority(value):
    return label_of(Priority, int(value)) if str(value).isdigit() else value


# Django date-format characters that have a strftime equivalent giving the
# same text (zero-padded numbers), for the fast path of DateText.
_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y", "H": "%H", "i": "%M", "s": "%S"}


class DateText:
    """Formats instants in the active language's short date-time format.

    The German and French formats ("d.m.Y H:i", "d/m/Y H:i") are numeric and
    go through strftime, several times faster than Django's formatter; any
    other format (English's "m/d/Y P") through Django's."""

    def __init__(self):
        self.pattern = get_format("SHORT_DATETIME_FORMAT")
        self.strftime = _as_strftime(self.pattern)
        self.zone = timezone.get_current_timezone()

    def __call__(self, moment) -> tuple[str, str]:
        local = moment.astimezone(self.zone)
        if self.strftime:
            return local.isoformat(), local.strftime(self.strftime)
        return local.isoformat(), format_date(local, self.pattern)


def _as_strftime(pattern: str) -> str:
    """The strftime pattern that writes what Django's `pattern` writes, or ""
    when a character of it has no exact equivalent."""
    out = []
    for char in pattern:
        if char.isalpha():
            if char not in _STRFTIME:
                return ""
            out.append(_STRFTIME[char])
        else:
            out.append("%%" if char == "%" else char)
    return "".join(out)


@dataclass(frozen=True)
class AttachmentLink:
    url: str
    filename: str
    size: str
    inline: bool = False


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    is_event: bool
    text: str  # plain text: the event's sentence, or the message's text
    author: str
    from_staff: bool
    created_iso: str
    created: str
    attachments: list[AttachmentLink]
    # Mail: the quoted part (plain text) and the sanitised HTML, folded away;
    # a note from an address that is not a participant is flagged.
    quoted: str = ""
    html: SafeString = EMPTY
    unverified_sender: bool = False


def stored_html(sanitized: str) -> SafeString:
    """`Message.sanitized_html` as markup: the ticket services sanitise any
    HTML before they store it (pupitre/safe_html.py), and a migration
    sanitised the rows written before; this is the one place where stored
    HTML is trusted."""
    return SafeString(sanitized)


def timeline_entries(messages) -> list[TimelineEntry]:
    """Entries of a ticket's timeline, from `tickets.queries.timeline_for`."""
    date_text = DateText()
    url_pattern = reverse("attachment", args=[0, "NAME"])
    entries = []
    for message in messages:
        iso, shown = date_text(message.created_at)
        is_event = message.kind == MessageKind.EVENT
        entries.append(
            TimelineEntry(
                kind=message.kind,
                is_event=is_event,
                text=describe_event(message) if is_event else message.body,
                author=message.author_name,
                from_staff=message.from_staff,
                created_iso=iso,
                created=shown,
                attachments=[
                    AttachmentLink(
                        url=url_pattern.replace("/0/NAME", f"/{file.pk}/{quote(file.filename)}"),
                        filename=file.filename,
                        size=filesizeformat(file.size),
                        inline=file.inline,
                    )
                    for file in message.attachment_list
                ],
                quoted=message.quoted_text,
                html=stored_html(message.sanitized_html),
                unverified_sender=message.unverified_sender,
            )
        )
    return entries


def timeline_html(entries: list[TimelineEntry], *, show_authors: bool) -> SafeString:
    """The <li> elements of a conversation (see pupitre/fragments.py for why
    they are not a template loop). `show_authors` names who made each change
    (staff pages); the school sees the events without names."""
    labels = {
        "helpdesk": esc(_("Helpdesk")),
        "attachments": esc(_("Attachments")),
        "note": esc(_("Internal note")),
        "message": esc(_("Message")),
        "note_tag": esc(_("Internal note — not visible to the school")),
        "unverified": esc(_("Unverified sender: not a participant of this request")),
        "quoted": esc(_("Show the quoted text")),
        "formatted": esc(_("Show the original formatting")),
        "remote_note": esc(
            _(
                "Images from other sites are not shown: loading them tells the sender "
                "that the message was read."
            )
        ),
        "remote_load": esc(_("Show the images from other sites")),
        "inline": esc(_("inline image")),
    }
    last = len(entries) - 1
    return join(
        _event_html(entry, show_authors)
        if entry.is_event
        else _message_html(entry, labels, latest=index == last)
        for index, entry in enumerate(entries)
    )


def _remote_images_html(html: str, labels: dict) -> SafeString:
    """The offer to load the images the sanitiser kept out of the page
    (pupitre/safe_html.py; static/pupitre/mail.js loads them)."""
    if not has_remote_images(html):
        return EMPTY
    return format_html(
        '<p class="remote-images"><span>{}</span> '
        '<button type="button" class="link-button" data-load-remote-images>{}</button></p>',
        labels["remote_note"],
        labels["remote_load"],
    )


def _event_html(entry: TimelineEntry, show_authors: bool) -> SafeString:
    by = (
        format_html(' <span class="by">({})</span>', entry.author)
        if entry.author and show_authors
        else EMPTY
    )
    return format_html(
        '<li class="event"><p>{} — {}{}</p></li>',
        time_html(entry.created_iso, entry.created),
        entry.text,
        by,
    )


_MESSAGE = (
    '<li class="message {kind} {side}"{anchor}>'
    '<article aria-label="{label} — {author}">'
    "<header><strong>{author}</strong>{tags} {when}</header>"
    '<div class="body">{body}</div>{quoted}{html}{attachments}</article></li>'
)
_TAG = ' <span class="tag{}">{}</span>'
_QUOTED = '<details class="quoted"><summary>{}</summary><div class="body">{}</div></details>'
_FORMATTED = (
    '<details class="mail-html"><summary>{}</summary>{}<div class="body">{}</div></details>'
)
_ATTACHMENT = '<li><a href="{}" download>{}</a> <span class="muted">({}{})</span></li>'
LATEST = SafeString(' id="latest"')


def _message_html(entry: TimelineEntry, labels: dict, *, latest: bool) -> SafeString:
    is_note = entry.kind == MessageKind.NOTE
    tags = []
    if entry.from_staff:
        tags.append(format_html(_TAG, "", labels["helpdesk"]))
    if is_note:
        tags.append(format_html(_TAG, " tag-note", labels["note_tag"]))
    if entry.unverified_sender:
        tags.append(format_html(_TAG, " tag-unverified", labels["unverified"]))
    attachments = EMPTY
    if entry.attachments:
        inline = format_html(", {}", labels["inline"])
        attachments = format_html(
            '<ul class="attachments" aria-label="{}">{}</ul>',
            labels["attachments"],
            join(
                format_html(
                    _ATTACHMENT, file.url, file.filename, file.size, inline if file.inline else ""
                )
                for file in entry.attachments
            ),
        )
    return format_html(
        _MESSAGE,
        kind=entry.kind,
        side="from-staff" if entry.from_staff else "from-school",
        anchor=LATEST if latest else EMPTY,
        label=labels["note" if is_note else "message"],
        author=entry.author,
        tags=join(tags),
        when=time_html(entry.created_iso, entry.created),
        # Plain text, escaped here into paragraphs.
        body=paragraphs_html(entry.text),
        quoted=format_html(_QUOTED, labels["quoted"], paragraphs_html(entry.quoted))
        if entry.quoted
        else EMPTY,
        # Sanitised when stored (see stored_html).
        html=format_html(
            _FORMATTED,
            labels["formatted"],
            _remote_images_html(entry.html, labels),
            entry.html,
        )
        if entry.html
        else EMPTY,
        attachments=attachments,
    )


def describe_event(message) -> str:
    """One sentence describing a history event, in the active language."""
    old, new = message.old_value, message.new_value
    if message.field == EventField.CREATED:
        return _("Request opened (%(channel)s).") % {"channel": label_of(Channel, new)}
    if message.field == EventField.STATUS:
        return _("Status changed from “%(old)s” to “%(new)s”.") % {
            "old": label_of(Status, old),
            "new": label_of(Status, new),
        }
    if message.field == EventField.PRIORITY:
        return _("Priority changed from “%(old)s” to “%(new)s”.") % {
            "old": _priority(old),
            "new": _priority(new),
        }
    if message.field == EventField.ASSIGNEE:
        if not new:
            return _("Unassigned from %(old)s.") % {"old": old}
        return _("Assigned to %(new)s.") % {"new": new}
    if message.field == EventField.SLA:
        first = message.body == "first_response"
        if new == SlaState.BREACHED:
            if first:
                return _("The first response target was missed.")
            return _("The resolution target was missed.")
        if first:
            return _("The first response is due soon.")
        return _("The resolution is due soon.")
    if message.field == EventField.EMAIL:
        return _("An email to %(address)s could not be delivered: %(reason)s") % {
            "address": old,
            "reason": message.body,
        }
    if message.field == EventField.TEAM:
        return _("Team changed from “%(old)s” to “%(new)s”.") % {
            "old": old or "—",
            "new": new or "—",
        }
    if message.field == EventField.SCHOOL:
        return _("Moved from the school “%(old)s” to “%(new)s”.") % {"old": old, "new": new}
    return ""
