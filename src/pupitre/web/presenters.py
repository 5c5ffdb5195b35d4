"""What the portal and the desk show of a ticket, prepared in Python.

Pages that agents and schools reload all day (the queue, a ticket's
conversation) build their rows here: labels are translated once per request,
dates formatted with one format, URLs reversed once. The templates stay
plain loops, and the pages fast.
"""

import json
from dataclasses import dataclass
from urllib.parse import quote

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pupitre.core.safe_html import has_remote_images
from pupitre.onsite.texts import describe_intervention_event
from pupitre.remote.consent import duration_text
from pupitre.tickets.models import (
    EMAIL_ELSEWHERE,
    TOOL_FAULT,
    Channel,
    EventField,
    MessageKind,
    Priority,
    SlaState,
    Status,
)
from pupitre.tickets.queries import team_names
from pupitre.tools.models import AccountState, OdooActionKind, OdooActionOutcome
from pupitre.web.fragments import EMPTY, format_html, join, paragraphs_html, prefill


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
    HTML before they store it (pupitre/core/safe_html.py), and a migration
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
    """The <li> elements of a conversation (see pupitre/web/fragments.py for why
    they are not a template loop). `show_authors` names who made each change
    (staff pages); the school sees the events without names."""
    page = _TimelineParts()
    last = len(entries) - 1
    return join(
        _event_html(entry, show_authors)
        if entry.is_event
        else _message_html(entry, page, latest=index == last)
        for index, entry in enumerate(entries)
    )


_MESSAGE = (
    '<li class="message {kind} {side}"{anchor}>'
    '<article aria-label="{label} — {author}">'
    "<header><strong>{author}</strong>{tags} "
    '<time datetime="{created_iso}">{created}</time></header>'
    '<div class="body">{body}</div>{quoted}{html}{attachments}</article></li>'
)
_TAG = ' <span class="tag{}">{}</span>'
_QUOTED = (
    '<details class="quoted"><summary>{label}</summary><div class="body">{text}</div></details>'
)
_FORMATTED = (
    '<details class="mail-html"><summary>{label}</summary>{remote}'
    '<div class="body">{html}</div></details>'
)
_REMOTE_IMAGES = (
    '<p class="remote-images"><span>{}</span> '
    '<button type="button" class="link-button" data-load-remote-images>{}</button></p>'
)
_ATTACHMENTS = '<ul class="attachments" aria-label="{label}">{items}</ul>'
_ATTACHMENT = '<li><a href="{}" download>{}</a> <span class="muted">({}{})</span></li>'
_EVENT = '<li class="event"><p><time datetime="{}">{}</time> — {}{}</p></li>'
_BY = ' <span class="by">({})</span>'
LATEST = SafeString(' id="latest"')
FROM_STAFF, FROM_SCHOOL = SafeString("from-staff"), SafeString("from-school")


class _TimelineParts:
    """The labelled parts of a conversation's entries, translated and built
    once for the page."""

    def __init__(self):
        self.message = prefill(_MESSAGE, label=_("Message"))
        self.note = prefill(_MESSAGE, label=_("Internal note"))
        helpdesk = format_html(_TAG, "", _("Helpdesk"))
        note = format_html(_TAG, " tag-note", _("Internal note — not visible to the school"))
        unverified = format_html(
            _TAG, " tag-unverified", _("Unverified sender: not a participant of this request")
        )
        # The tags of an entry: (from staff, internal note, unverified sender) -> HTML.
        self.tags = {
            (staff, is_note, unverified_sender): join(
                (
                    helpdesk if staff else EMPTY,
                    note if is_note else EMPTY,
                    unverified if unverified_sender else EMPTY,
                )
            )
            for staff in (False, True)
            for is_note in (False, True)
            for unverified_sender in (False, True)
        }
        self.quoted = prefill(_QUOTED, label=_("Show the quoted text"))
        self.formatted = prefill(_FORMATTED, label=_("Show the original formatting"))
        self.remote_images = format_html(
            _REMOTE_IMAGES,
            _(
                "Images from other sites are not shown: loading them tells the sender "
                "that the message was read."
            ),
            _("Show the images from other sites"),
        )
        self.attachments = prefill(_ATTACHMENTS, label=_("Attachments"))
        self.inline = format_html(", {}", _("inline image"))


def _event_html(entry: TimelineEntry, show_authors: bool) -> SafeString:
    by = format_html(_BY, entry.author) if entry.author and show_authors else EMPTY
    return format_html(_EVENT, entry.created_iso, entry.created, entry.text, by)


def _message_html(entry: TimelineEntry, page: _TimelineParts, *, latest: bool) -> SafeString:
    is_note = entry.kind == MessageKind.NOTE
    attachments = EMPTY
    if entry.attachments:
        attachments = format_html(
            page.attachments,
            items=join(
                format_html(
                    _ATTACHMENT,
                    file.url,
                    file.filename,
                    file.size,
                    page.inline if file.inline else EMPTY,
                )
                for file in entry.attachments
            ),
        )
    return format_html(
        page.note if is_note else page.message,
        kind=entry.kind,
        side=FROM_STAFF if entry.from_staff else FROM_SCHOOL,
        anchor=LATEST if latest else EMPTY,
        author=entry.author,
        tags=page.tags[entry.from_staff, is_note, entry.unverified_sender],
        created_iso=entry.created_iso,
        created=entry.created,
        # Plain text, escaped here into paragraphs.
        body=paragraphs_html(entry.text),
        quoted=format_html(page.quoted, text=paragraphs_html(entry.quoted))
        if entry.quoted
        else EMPTY,
        # Sanitised when stored (see stored_html).
        html=format_html(
            page.formatted,
            remote=page.remote_images if has_remote_images(entry.html) else EMPTY,
            html=entry.html,
        )
        if entry.html
        else EMPTY,
        attachments=attachments,
    )


def _team_name(value: str) -> str:
    """A team event's value: the team's id, shown by its name in the
    reader's language (older events hold the name as written then)."""
    if value.isdigit():
        return dict(team_names()).get(int(value), "—")
    return value or "—"


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
    if message.field == EventField.EMAIL and new == EMAIL_ELSEWHERE:
        return _(
            "Email filed here by hand although an email with the same Message-ID "
            "(%(message_id)s) is already on request %(numbers)s."
        ) % {"message_id": old, "numbers": message.body}
    if message.field == EventField.EMAIL:
        return _("An email to %(address)s could not be delivered: %(reason)s") % {
            "address": old,
            "reason": message.body,
        }
    if message.field == EventField.TEAM:
        return _("Team changed from “%(old)s” to “%(new)s”.") % {
            "old": _team_name(old),
            "new": _team_name(new),
        }
    if message.field == EventField.SCHOOL:
        return _("Moved from the school “%(old)s” to “%(new)s”.") % {"old": old, "new": new}
    if message.field == EventField.TOOL:
        return describe_tool_action(message)
    if message.field == EventField.REMOTE:
        return describe_remote_event(old, message.body)
    if message.field == EventField.CALL:
        return _describe_call(new)
    if message.field == EventField.INTERVENTION:
        return describe_intervention_event(old, new, message.body)
    return ""


def unconfirmed_reset_text() -> str:
    return _(
        "This Odoo version sends the email without confirming it: ask the person whether "
        "it arrived."
    )


def describe_tool_action(message) -> str:
    """An action on Odoo (tools.services), in the reader's language: which
    action, on which account, state before and after, or why it failed, with
    Odoo's own words when the reader is an administrator (the others' rows
    come without them from `tickets.queries.timeline_for`)."""
    try:
        details = json.loads(message.body or "{}")
    except ValueError:
        details = {}
    values = {
        "action": label_of(OdooActionKind, details.get("action", "")),
        "account": details.get("account") or f"#{details.get('account_id', '?')}",
        "old": label_of(AccountState, message.old_value) if message.old_value else "—",
        "new": label_of(AccountState, message.new_value) if message.new_value else "—",
    }
    outcome = details.get("outcome")
    if outcome == OdooActionOutcome.DONE:
        text = _("Odoo: %(action)s, account %(account)s (%(old)s → %(new)s).") % values
        if details.get("verify"):
            text = " ".join((text, unconfirmed_reset_text()))
        return text
    if outcome == OdooActionOutcome.ALREADY_DONE:
        return _("Odoo: %(action)s, account %(account)s: already %(new)s, nothing changed.") % (
            values
        )
    text = _("Odoo: %(action)s, account %(account)s, failed: %(error)s") % {
        **values,
        "error": details.get("error", ""),
    }
    if details.get(TOOL_FAULT):
        text = " ".join((text, _("Odoo's answer: %(fault)s") % {"fault": details[TOOL_FAULT]}))
    return text


def describe_remote_event(action: str, body: str) -> str:
    """A step of a remote session (`tickets.services.ticket_record_remote_session`)."""
    try:
        details = json.loads(body or "{}")
    except ValueError:
        details = {}
    if not isinstance(details, dict):
        details = {}
    values = {
        "device": details.get("device") or "—",
        "tool": details.get("tool") or "—",
        "name": details.get("name") or "—",
        "duration": duration_text(details.get("duration"))
        if isinstance(details.get("duration"), int)
        else "—",
        "summary": details.get("summary") or "",
    }
    if action == "consent_requested":
        return (
            _("Consent to a remote session on %(device)s (%(tool)s) asked on the portal.") % values
        )
    if action == "consent_given":
        if details.get("channel") == "phone":
            return (
                _("%(name)s agreed by phone to a remote session on %(device)s (%(tool)s).") % values
            )
        return (
            _("%(name)s agreed on the portal to a remote session on %(device)s (%(tool)s).")
            % values
        )
    if action == "consent_refused":
        return _("%(name)s refused a remote session on %(device)s (%(tool)s).") % values
    if action == "cancelled":
        return _("The remote session on %(device)s (%(tool)s) was withdrawn.") % values
    if action == "started":
        return _("Remote session on %(device)s (%(tool)s) started.") % values
    if action == "ended":
        return _("Remote session on %(device)s (%(tool)s) ended after %(duration)s.") % values
    if action == "summary":
        return _("Summary of the remote session on %(device)s: %(summary)s") % values
    return _("Remote session on %(device)s (%(tool)s).") % values


def _describe_call(summary: str) -> str:
    """A call's history entry (`direction|outcome|number|started|seconds`)."""
    direction, outcome, number, _started, seconds = ([*summary.split("|"), "", "", "", ""])[:5]
    values = {"number": number or "—", "outcome": _call_outcome(outcome)}
    if seconds.isdigit():
        minutes, rest = divmod(int(seconds), 60)
        values["duration"] = f"{minutes}:{rest:02d}"
        if direction == "out":
            return _("Outgoing call to %(number)s: %(outcome)s, %(duration)s.") % values
        return _("Incoming call from %(number)s: %(outcome)s, %(duration)s.") % values
    if direction == "out":
        return _("Outgoing call to %(number)s: %(outcome)s.") % values
    return _("Incoming call from %(number)s: %(outcome)s.") % values


def _call_outcome(value: str) -> str:
    labels = {
        "answered": pgettext("call outcome", "answered"),
        "missed": pgettext("call outcome", "missed"),
        "rejected": pgettext("call outcome", "rejected"),
        "voicemail": pgettext("call outcome", "voicemail"),
        "forwarded": pgettext("call outcome", "forwarded"),
    }
    return labels.get(value, pgettext("call outcome", "in progress"))
