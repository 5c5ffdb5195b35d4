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
from django.utils.translation import gettext as _

from pupitre.fragments import esc, join, paragraphs_html, time_html
from pupitre.mail.html import has_remote_images
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
    text: str  # the event's sentence, or the message as HTML paragraphs
    author: str
    from_staff: bool
    created_iso: str
    created: str
    attachments: list[AttachmentLink]
    # Mail: the quoted part and the sanitised HTML, folded away; a note from
    # an address that is not a participant is flagged.
    quoted: str = ""
    html: str = ""
    unverified_sender: bool = False


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
                text=describe_event(message) if is_event else paragraphs_html(message.body),
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
                quoted=paragraphs_html(message.quoted_text) if message.quoted_text else "",
                html=message.html_body,
                unverified_sender=message.unverified_sender,
            )
        )
    return entries


def timeline_html(entries: list[TimelineEntry], *, show_authors: bool):
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


def _remote_images_html(html: str, labels: dict) -> str:
    """The offer to load the images the sanitiser kept out of the page
    (pupitre/mail/html.py; static/pupitre/mail.js loads them)."""
    if not has_remote_images(html):
        return ""
    return (
        f'<p class="remote-images"><span>{labels["remote_note"]}</span> '
        f'<button type="button" class="link-button" data-load-remote-images>'
        f"{labels['remote_load']}</button></p>"
    )


def _event_html(entry: TimelineEntry, show_authors: bool) -> str:
    by = f' <span class="by">({esc(entry.author)})</span>' if entry.author and show_authors else ""
    when = time_html(entry.created_iso, entry.created)
    return f'<li class="event"><p>{when} — {esc(entry.text)}{by}</p></li>'


def _message_html(entry: TimelineEntry, labels: dict[str, str], *, latest: bool) -> str:
    is_note = entry.kind == MessageKind.NOTE
    author = esc(entry.author)
    side = "from-staff" if entry.from_staff else "from-school"
    anchor = ' id="latest"' if latest else ""
    html = [
        f'<li class="message {esc(entry.kind)} {side}"{anchor}>',
        f'<article aria-label="{labels["note" if is_note else "message"]} — {author}">',
        f"<header><strong>{author}</strong>",
    ]
    if entry.from_staff:
        html.append(f' <span class="tag">{labels["helpdesk"]}</span>')
    if is_note:
        html.append(f' <span class="tag tag-note">{labels["note_tag"]}</span>')
    if entry.unverified_sender:
        html.append(f' <span class="tag tag-unverified">{labels["unverified"]}</span>')
    html.append(f" {time_html(entry.created_iso, entry.created)}</header>")
    # The text is HTML already: paragraphs made from escaped text.
    html.append(f'<div class="body">{entry.text}</div>')
    # Computed when the mail arrived: the quoted text is escaped paragraphs,
    # the HTML was sanitised (no script, no remote content).
    if entry.quoted:
        html.append(
            f'<details class="quoted"><summary>{labels["quoted"]}</summary>'
            f'<div class="body">{entry.quoted}</div></details>'
        )
    if entry.html:
        html.append(
            f'<details class="mail-html"><summary>{labels["formatted"]}</summary>'
            f"{_remote_images_html(entry.html, labels)}"
            f'<div class="body">{entry.html}</div></details>'
        )
    if entry.attachments:
        html.append(f'<ul class="attachments" aria-label="{labels["attachments"]}">')
        html.extend(
            f'<li><a href="{esc(file.url)}" download>{esc(file.filename)}</a> '
            f'<span class="muted">({esc(file.size)}'
            f"{', ' + labels['inline'] if file.inline else ''})</span></li>"
            for file in entry.attachments
        )
        html.append("</ul>")
    html.append("</article></li>")
    return "".join(html)


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
