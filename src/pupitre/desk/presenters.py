"""Rows of the queue, prepared in Python.

The queue is the page agents reload all day; building its rows here (labels
translated once per request, dates formatted with one format) keeps the
template a plain loop and the page fast.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format

from pupitre.tickets.models import Priority, Status


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


def queue_rows(tickets) -> list[QueueRow]:
    statuses = {value: str(label) for value, label in Status.choices}
    priorities = {value: str(label) for value, label in Priority.choices}
    date_format = get_format("SHORT_DATETIME_FORMAT")
    # One reverse() for the page; every row only swaps the number in.
    url_pattern = reverse("desk:ticket", args=["NUMBER"])
    rows = []
    for ticket in tickets:
        created = timezone.localtime(ticket.created_at)
        assignee = ticket.assignee
        rows.append(
            QueueRow(
                number=ticket.number,
                url=url_pattern.replace("NUMBER", ticket.number),
                subject=ticket.subject,
                language=ticket.language.upper(),
                school=ticket.school.name,
                status=ticket.status,
                status_label=statuses.get(ticket.status, ticket.status),
                priority=ticket.priority,
                priority_label=priorities.get(ticket.priority, str(ticket.priority)),
                handler=assignee.full_name
                if assignee
                else (ticket.team.name if ticket.team else "—"),
                unassigned=assignee is None,
                created_iso=created.isoformat(),
                created=format_date(created, date_format),
            )
        )
    return rows


@dataclass(frozen=True)
class PlainField:
    """A text field or a select, rendered without widget templates (see
    includes/select_field.html and the queue's filter bar)."""

    name: str
    label: str
    value: str
    options: list[tuple[str, str]] | None  # None for a text field


def plain_fields(form) -> list[PlainField]:
    """The form's fields with their current values (submitted, else initial)."""
    data = form.data if form.is_bound else form.initial
    fields = []
    for name, field in form.fields.items():
        choices = getattr(field, "choices", None)
        value = data.get(name, "")
        fields.append(
            PlainField(
                name=name,
                label=str(field.label),
                value="" if value is None else str(value),
                options=[(str(v), str(label)) for v, label in choices] if choices else None,
            )
        )
    return fields
