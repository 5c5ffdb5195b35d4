"""What the portal and the desk show of a ticket, prepared in Python.

Pages that agents and schools reload all day (the queue, a ticket's
conversation) build their rows here: labels are translated once per request,
dates formatted with one format, URLs reversed once. The templates stay
plain loops, and the pages fast.
"""

from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from pupitre.tickets.models import Channel, EventField, MessageKind, Priority, SlaState, Status


def label_of(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


def _priority(value):
    return label_of(Priority, int(value)) if str(value).isdigit() else value


class DateText:
    """Formats instants in the active language's short date-time format."""

    def __init__(self):
        self.pattern = get_format("SHORT_DATETIME_FORMAT")

    def __call__(self, moment) -> tuple[str, str]:
        local = timezone.localtime(moment)
        return local.isoformat(), format_date(local, self.pattern)


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
    """Entries of a ticket's timeline; `messages` come with their authors and
    prefetched attachments (see tickets.queries.timeline_for)."""
    date_text = DateText()
    url_pattern = reverse("attachment", args=[0, "NAME"])
    entries = []
    for message in messages:
        iso, shown = date_text(message.created_at)
        author = message.author
        is_event = message.kind == MessageKind.EVENT
        entries.append(
            TimelineEntry(
                kind=message.kind,
                is_event=is_event,
                text=describe_event(message) if is_event else linebreaks(message.body, True),
                author=author.full_name if author else message.email_from,
                from_staff=bool(author and author.is_programme_staff),
                created_iso=iso,
                created=shown,
                attachments=[
                    AttachmentLink(
                        url=url_pattern.replace("/0/NAME", f"/{file.pk}/{file.filename}"),
                        filename=file.filename,
                        size=filesizeformat(file.size),
                        inline=file.inline,
                    )
                    for file in message.attachment_list
                ],
                quoted=linebreaks(message.quoted_text, True) if message.quoted_text else "",
                html=message.html_body,
                unverified_sender=message.unverified_sender,
            )
        )
    return entries


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
    return ""
