"""Rows of the queue, prepared in Python.

The queue is the page agents reload all day; building its rows here (labels
translated once per request, dates formatted with one format) keeps the
template a plain loop and the page fast.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pupitre.equipment import coverage as cov
from pupitre.tickets.models import Priority, SlaState, Status
from pupitre.tickets.queries import team_names as teams_by_name
from pupitre.web.fragments import EMPTY, format_html, join, options_html, prefill, time_html
from pupitre.web.presenters import DateText


@dataclass(frozen=True)
class QueueRow:
    number: str
    url: str
    subject: str
    language: str
    school: str
    status: str
    status_label: str
    priority: int
    priority_label: str
    handler: str
    unassigned: bool
    created_iso: str
    created: str
    # SLA: the earliest running due time, and the worst state as a badge.
    due_iso: str = ""
    due: str = ""
    sla_state: str = ""  # a SlaState value, "paused" or "" (no running target)
    sla_label: str = ""
    # Coverage of the least covered device, "" when the ticket has no device.
    coverage: str = ""
    coverage_label: str = ""


def queue_rows(tickets, coverage=None) -> list[QueueRow]:
    """`coverage`: ticket id -> phase (equipment.queries.ticket_phases)."""
    coverage = coverage or {}
    phase_labels = {phase: str(label) for phase, label in cov.PHASE_LABELS.items()}
    statuses = {value: str(label) for value, label in Status.choices}
    sla_labels = {value: str(label) for value, label in SlaState.choices}
    # Short in the queue: its status column already says "waiting for the school".
    sla_labels[SLA_PAUSED] = pgettext("SLA clock", "Paused")
    priorities = {value: str(label) for value, label in Priority.choices}
    date_text = DateText()
    # One reverse() for the page; every row only swaps the number in.
    url_pattern = reverse("desk:ticket", args=["NUMBER"])
    team_names = dict(teams_by_name())
    rows = []
    for ticket in tickets:
        created_iso, created = date_text(ticket["created_at"])
        number, status, priority = ticket["number"], ticket["status"], ticket["priority"]
        unassigned = ticket["assignee_id"] is None
        rows.append(
            QueueRow(
                number=number,
                url=url_pattern.replace("NUMBER", number),
                subject=ticket["subject"],
                language=ticket["language"].upper(),
                school=ticket["school__name"],
                status=status,
                status_label=statuses.get(status, status),
                priority=priority,
                priority_label=priorities.get(priority, str(priority)),
                handler=team_names.get(ticket["team_id"], "—")
                if unassigned
                else ticket["assignee__full_name"],
                unassigned=unassigned,
                created_iso=created_iso,
                created=created,
                **_sla_fields(ticket, sla_labels, date_text),
                coverage=coverage.get(ticket["id"], ""),
                coverage_label=phase_labels.get(coverage.get(ticket["id"], ""), ""),
            )
        )
    return rows


SLA_PAUSED = "paused"
_SLA_SEVERITY = {SlaState.OK: 1, SlaState.WARNING: 2, SlaState.BREACHED: 3}


def _sla_fields(ticket, labels, date_text) -> dict[str, str]:
    """The next due time and the worst state of the running targets."""
    due = ticket["sla_next_due"]
    running = [
        state
        for state, target_due in (
            (ticket["sla_first_response_state"], ticket["first_response_due"]),
            (ticket["sla_resolution_state"], ticket["resolution_due"]),
        )
        if state != SlaState.MET and (target_due is not None or state == SlaState.BREACHED)
    ]
    if ticket["status"] == Status.WAITING_FOR_SCHOOL:
        state = SLA_PAUSED
    elif running:
        state = max(running, key=lambda s: _SLA_SEVERITY.get(s, 0))
    else:
        state = ""
    due_iso, due_text = date_text(due) if due else ("", "")
    return {
        "due_iso": due_iso,
        "due": due_text,
        "sla_state": state,
        "sla_label": labels.get(state, ""),
    }


@dataclass(frozen=True)
class PlainField:
    """A text field or a select, rendered without widget templates (the
    queue's filter bar, the side forms of the ticket page)."""

    name: str
    label: str
    value: str
    options: list[tuple[str, str]] | None  # None for a text field
    errors: tuple[str, ...] = ()
    initial: str = ""  # the value the page shows, for a field with a hidden initial

    @property
    def options_html(self):
        return options_html(self.options or (), self.value)

    @property
    def select_html(self):
        """The labelled select (the side form of the ticket page), its
        errors announced with it, and the value it showed."""
        errors = join(format_html("<li>{}</li>", error) for error in self.errors)
        return format_html(
            '<div><label for="id_{name}">{label}</label>{errorlist}'
            '<select name="{name}" id="id_{name}"{invalid}>{options}</select>'
            '<input type="hidden" name="initial-{name}" value="{initial}"></div>',
            name=self.name,
            label=self.label,
            errorlist=format_html(
                '<ul class="errorlist" id="id_{}_error">{}</ul>', self.name, errors
            )
            if self.errors
            else EMPTY,
            invalid=format_html(' aria-invalid="true" aria-describedby="id_{}_error"', self.name)
            if self.errors
            else EMPTY,
            options=self.options_html,
            initial=self.initial,
        )


def plain_fields(form) -> list[PlainField]:
    """The form's fields with their current values (submitted, else initial)
    and errors."""
    data = form.data if form.is_bound else form.initial
    errors = form.errors if form.is_bound else {}
    fields = []
    for name, field in form.fields.items():
        choices = getattr(field, "choices", None)
        value = data.get(name, "")
        initial = data.get(f"initial-{name}", "") if form.is_bound else value
        fields.append(
            PlainField(
                name=name,
                label=str(field.label),
                value=_text(value),
                options=[(str(v), str(label)) for v, label in choices] if choices else None,
                errors=tuple(str(error) for error in errors.get(name, ())),
                initial=_text(initial),
            )
        )
    return fields


def _text(value) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class SlaRow:
    """One SLA target on the ticket page."""

    label: str
    target: str
    due_iso: str
    due: str
    elapsed: str
    remaining: str
    state: str
    state_label: str


def sla_rows(progress) -> list[SlaRow]:
    labels = {
        "first_response": _("First response"),
        "resolution": _("Resolution"),
    }
    states = {value: str(label) for value, label in SlaState.choices}
    states[SLA_PAUSED] = _("Paused (waiting for the school)")
    date_text = DateText()
    rows = []
    for item in progress:
        state = SLA_PAUSED if item.paused and item.state != SlaState.BREACHED else item.state
        if item.done:
            remaining = "—"
        elif item.remaining.total_seconds() < 0:
            remaining = _("overdue by %(duration)s") % {"duration": duration_text(-item.remaining)}
        else:
            remaining = duration_text(item.remaining)
        due_iso, due = date_text(item.due) if item.due else ("", "")
        rows.append(
            SlaRow(
                label=str(labels[item.name]),
                target=duration_text(item.target),
                due_iso=due_iso,
                due=due,
                elapsed=duration_text(item.elapsed),
                remaining=remaining,
                state=state,
                state_label=states.get(state, state),
            )
        )
    return rows


def duration_text(duration) -> str:
    """Business time as '2 h 05 min'."""
    minutes = int(duration.total_seconds()) // 60
    return _("%(hours)d h %(minutes)02d min") % {"hours": minutes // 60, "minutes": minutes % 60}


def queue_rows_html(rows: list[QueueRow]) -> SafeString:
    """The <tr> elements of the queue table (see pupitre/web/fragments.py for why
    they are not a template loop). Column labels repeat on each cell for the
    stacked layout of small screens."""
    row_html = prefill(
        _QUEUE_ROW,
        label_subject=_("Subject"),
        label_school=_("School"),
        label_status=_("Status"),
        label_priority=_("Priority"),
        label_assignee=_("Assignee"),
        label_opened=_("Opened"),
        label_due=_("Next due"),
        label_language=_("Language"),
    )
    return join(_queue_row_html(row, row_html) for row in rows)


_QUEUE_ROW = (
    '<tr><td class="number"><a href="{url}">{number}</a></td>'
    '<td data-label="{label_subject}"><a href="{url}">{subject}</a> '
    '<span class="lang-tag" title="{label_language}">{language}</span></td>'
    '<td data-label="{label_school}">{school}{coverage}</td>'
    '<td data-label="{label_status}"><span class="badge status-{status}">{status_label}</span></td>'
    '<td data-label="{label_priority}"><span class="priority priority-{priority}">'
    "{priority_label}</span></td>"
    '<td data-label="{label_assignee}">{handler}</td>'
    '<td class="when" data-label="{label_opened}">'
    '<time datetime="{created_iso}">{created}</time></td>'
    '<td data-label="{label_due}">{due}</td></tr>'
)
_MUTED = '<span class="muted">{}</span>'
_BADGE = '<span class="badge {}-{}">{}</span>'
NO_DUE = SafeString('<span class="muted">—</span>')


def _queue_row_html(row: QueueRow, row_html: str) -> SafeString:
    handler = format_html(_MUTED, row.handler) if row.unassigned else row.handler
    coverage = (
        format_html(" " + _BADGE, "coverage", row.coverage, row.coverage_label)
        if row.coverage
        else EMPTY
    )
    if row.due or row.sla_state:
        due = join(
            (
                format_html("{} ", time_html(row.due_iso, row.due)) if row.due else EMPTY,
                format_html(_BADGE, "sla", row.sla_state, row.sla_label)
                if row.sla_state
                else EMPTY,
            )
        )
    else:
        due = NO_DUE
    return format_html(
        row_html,
        url=row.url,
        number=row.number,
        subject=row.subject,
        language=row.language,
        school=row.school,
        coverage=coverage,
        status=row.status,
        status_label=row.status_label,
        priority=str(int(row.priority)),
        priority_label=row.priority_label,
        handler=handler,
        created_iso=row.created_iso,
        created=row.created,
        due=due,
    )
