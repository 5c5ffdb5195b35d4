"""Reads of tickets, and the one place that decides who may see what."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from pupitre.accounts.models import STAFF_ROLES, Role, User
from pupitre.core.config_cache import cached
from pupitre.core.request_input import parse_id
from pupitre.core.translated_names import LANGUAGES, name_in
from pupitre.equipment.queries import tickets_in_phase_filter
from pupitre.schools.models import Membership, MembershipRole

from .models import (
    ACTIVE_STATUSES,
    TOOL_FAULT,
    Attachment,
    EventField,
    MessageKind,
    SlaPolicy,
    Team,
    Ticket,
)
from .subjects import subject_filter

TEAMS = "teams"


class TeamRow(NamedTuple):
    pk: int
    name: str
    language: str
    names: dict[str, str]  # language: the name its readers see


def team_names(language: str | None = None) -> list[tuple[int, str]]:
    """(id, name in the reader's language) of the teams, by that name: the
    choices of the team selects (cached, see pupitre/core/config_cache.py)."""
    language = language or get_language()
    return sorted(
        ((team.pk, name_in(team.names, language) or team.name) for team in teams()),
        key=lambda row: row[1].casefold(),
    )


def teams() -> list[TeamRow]:
    """Every team, by internal name (cached)."""
    return cached(TEAMS, _team_rows)


def _team_rows() -> list[TeamRow]:
    fields = ("pk", "name", "language", *(f"name_{code}" for code in LANGUAGES))
    return [
        TeamRow(pk, name, language, dict(zip(LANGUAGES, names, strict=True)))
        for pk, name, language, *names in Team.objects.order_by("name").values_list(*fields)
    ]


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    """Agents, supervisors and administrators see every ticket; a school's
    ICT contact sees every request of that school; any other school user sees
    their own requests; a technician sees the tickets of their interventions."""
    if not user.is_authenticated or not user.is_active:
        return Ticket.objects.none()
    if user.sees_every_school:
        return Ticket.objects.all()
    if user.role == Role.TECHNICIAN:
        # The tickets of their own on-site interventions (through the
        # reverse relation: tickets does not import the on-site app).
        return Ticket.objects.filter(
            pk__in=Ticket.objects.filter(interventions__technician=user).values("pk")
        )
    if not user.is_school_user:
        return Ticket.objects.none()
    memberships = list(Membership.objects.filter(user=user).values_list("school_id", "role"))
    ict_schools = {school for school, role in memberships if role == MembershipRole.ICT_CONTACT}
    other_schools = {school for school, _role in memberships} - ict_schools
    # Plain filters where they suffice: each is answered by one index.
    if not other_schools:
        return Ticket.objects.filter(school_id__in=ict_schools)
    own = Q(requester=user, school_id__in=other_schools)
    if not ict_schools:
        return Ticket.objects.filter(own)
    return Ticket.objects.filter(Q(school_id__in=ict_schools) | own)


def get_ticket_for_user(user: User, number: str) -> Ticket:
    """The ticket with this number if `user` may see it; 404 otherwise, so
    another school's ticket looks exactly like one that does not exist."""
    return get_object_or_404(
        tickets_visible_to(user).select_related("school", "requester", "assignee", "team"),
        number=number,
    )


class TimelineMessage(NamedTuple):
    """One entry of a ticket's timeline, as the conversation shows it."""

    pk: int
    kind: str
    body: str
    field: str
    old_value: str
    new_value: str
    created_at: datetime
    channel: str
    author_name: str  # "" for the system
    author_role: str
    attachment_list: list[Attachment]
    # Mail, prepared at ingest (see Message): folded quotes, sanitised HTML,
    # the sender of a note without an author, the unverified-sender flag.
    quoted_text: str = ""
    sanitized_html: str = ""
    email_from: str = ""
    unverified_sender: bool = False

    @property
    def from_staff(self) -> bool:
        return self.author_role in STAFF_ROLES


# The events a school reads in its request's history.
SCHOOL_EVENTS = (EventField.STATUS, EventField.CREATED, EventField.INTERVENTION)


def timeline_for(user: User, ticket: Ticket) -> list[TimelineMessage]:
    """The entries of the ticket `user` may read, oldest first, each with its
    author's name and its attachments (two queries whatever the length; plain
    rows, as a long conversation of model instances costs more than its SQL).
    A management tool's own error text is in its events for administrators
    only."""
    messages = ticket.messages.all()
    if not user.sees_every_school:
        messages = messages.filter(
            Q(kind=MessageKind.REPLY) | Q(kind=MessageKind.EVENT, field__in=SCHOOL_EVENTS)
        )
    rows = list(messages.order_by("created_at", "id").values_list(*TIMELINE_COLUMNS))
    if not user.reads_tool_faults:
        rows = [
            (row[0], row[1], _without_fault(row[2]), *row[3:]) if row[3] == EventField.TOOL else row
            for row in rows
        ]
    # Attachments in one query, grouped here: cheaper than a prefetch.
    by_message: dict[int, list[Attachment]] = {}
    replies = [row[0] for row in rows if row[1] != MessageKind.EVENT]
    if replies:
        for attachment in (
            Attachment.objects.filter(message_id__in=replies)
            .only("id", "message_id", "filename", "size", "inline")
            .order_by("id")
        ):
            by_message.setdefault(attachment.message_id, []).append(attachment)
    return [
        TimelineMessage(
            pk,
            kind,
            body,
            field,
            old,
            new,
            created,
            channel,
            name or email_from,
            role or "",
            by_message.get(pk, []),
            quoted,
            html,
            email_from,
            unverified,
        )
        for (
            pk,
            kind,
            body,
            field,
            old,
            new,
            created,
            channel,
            name,
            role,
            quoted,
            html,
            email_from,
            unverified,
        ) in rows
    ]


def _without_fault(body: str) -> str:
    """A tool event's details (JSON) without the tool's own error text."""
    try:
        details = json.loads(body or "{}")
    except ValueError:
        return ""
    if not isinstance(details, dict):
        return ""
    if TOOL_FAULT not in details:
        return body
    details.pop(TOOL_FAULT)
    return json.dumps(details, ensure_ascii=False, sort_keys=True)


TIMELINE_COLUMNS = (
    "pk",
    "kind",
    "body",
    "field",
    "old_value",
    "new_value",
    "created_at",
    "channel",
    "author__full_name",
    "author__role",
    "quoted_text",
    "sanitized_html",
    "email_from",
    "unverified_sender",
)


def get_attachment_for_user(user: User, attachment_id: int) -> Attachment:
    """An attachment of a message the user may read; 404 otherwise."""
    attachments = Attachment.objects.select_related("message").filter(
        message__ticket__in=tickets_visible_to(user)
    )
    if not user.sees_every_school:
        attachments = attachments.filter(message__kind=MessageKind.REPLY)
    return get_object_or_404(attachments, pk=attachment_id)


@dataclass(frozen=True)
class QueueFilter:
    status: str = "active"  # a Status value, "active" or "all"
    team: int | None = None
    language: str = ""
    school: str = ""  # official number or part of the name
    priority: int | None = None
    assignee: str = ""  # "", "me", "none" or a user id
    text: str = ""
    sort: str = ""  # "" (urgency) or "due" (next SLA due time)
    coverage: str = ""  # a coverage phase of one of the devices, or "none" (no device)


def desk_queue(user: User, filters: QueueFilter) -> QuerySet[Ticket]:
    """The agents' queue, most urgent first: priority, then the oldest.

    With `sort="due"`, the earliest SLA due time first; tickets whose clock
    is stopped (waiting for the school) or that have no target come last."""
    tickets = tickets_visible_to(user)
    if filters.status == "active":
        tickets = tickets.filter(in_queue=1)
    elif filters.status and filters.status != "all":
        tickets = tickets.filter(status=filters.status)
    if filters.team:
        tickets = tickets.filter(team_id=filters.team)
    if filters.language:
        tickets = tickets.filter(language=filters.language)
    school = filters.school.strip()
    if school:
        tickets = tickets.filter(
            Q(school__official_number=school) | Q(school__name__icontains=school)
        )
    if filters.priority:
        tickets = tickets.filter(priority=filters.priority)
    if filters.assignee == "me":
        tickets = tickets.filter(assignee=user)
    elif filters.assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif parse_id(filters.assignee) is not None:
        tickets = tickets.filter(assignee_id=parse_id(filters.assignee))
    text = filters.text.strip()
    if text:
        tickets = tickets.filter(Q(number__startswith=text) | subject_filter(text))
    if filters.coverage:
        tickets = tickets.filter(tickets_in_phase_filter(filters.coverage))
    if filters.sort == "due":
        order = (F("sla_next_due").asc(nulls_last=True), "-priority", "created_at", "id")
    else:
        order = ("-priority", "created_at", "id")
    return tickets.order_by(*order)


def queue_row_values(tickets: QuerySet[Ticket]) -> QuerySet:
    """A page of the queue as plain rows of only the columns a row shows.

    Applied to the page's slice, not to the whole queue: counting the queue
    needs no join, and a page of model instances costs more than its SQL."""
    return tickets.values(*QUEUE_COLUMNS)


QUEUE_COLUMNS = (
    "id",
    "number",
    "status",
    "subject",
    "language",
    "priority",
    "created_at",
    "sla_next_due",
    "sla_first_response_state",
    "sla_resolution_state",
    "first_response_due",
    "resolution_due",
    "school__name",
    "assignee_id",
    "assignee__full_name",
    "team_id",
)


def portal_requests(user: User) -> QuerySet[Ticket]:
    """A school user's list: newest activity first."""
    return (
        tickets_visible_to(user)
        .select_related("school", "requester")
        .order_by("-updated_at", "-id")
    )


def sla_policy_rows() -> list[SlaPolicy]:
    return list(SlaPolicy.objects.all())


def team_by_id(team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    return Team.objects.filter(pk=team_id).first()


class SchoolTicketRow(NamedTuple):
    """A school's request as the incoming-call panel lists it."""

    number: str
    subject: str
    status: str
    channel: str
    requester_id: int
    requester_name: str
    updated_at: datetime


_SCHOOL_TICKET_COLUMNS = (
    "number",
    "subject",
    "status",
    "channel",
    "requester_id",
    "requester__full_name",
    "updated_at",
)


def school_open_tickets(school_id: int, *, limit: int = 5) -> tuple[list[SchoolTicketRow], int]:
    """The school's active requests, latest activity first (at most
    `limit`), and how many it has: two queries whatever the school's size."""
    active = Ticket.objects.filter(school_id=school_id, status__in=ACTIVE_STATUSES)
    rows = active.order_by("-updated_at", "-id").values_list(*_SCHOOL_TICKET_COLUMNS)[:limit]
    return [SchoolTicketRow(*row) for row in rows], active.count()


def recent_contacts(
    school_id: int | None, *, person_id: int | None = None, limit: int = 5
) -> list[SchoolTicketRow]:
    """The last requests of a person (any school), else of a school, any
    status, latest activity first: what they last asked the helpdesk."""
    if person_id is not None:
        tickets = Ticket.objects.filter(requester_id=person_id)
    elif school_id is not None:
        tickets = Ticket.objects.filter(school_id=school_id)
    else:
        return []
    rows = tickets.order_by("-updated_at", "-id").values_list(*_SCHOOL_TICKET_COLUMNS)[:limit]
    return [SchoolTicketRow(*row) for row in rows]


def open_ticket_of_school(school_id: int, number: str) -> Ticket | None:
    """The school's active request `number`, None if it has no such one."""
    return (
        Ticket.objects.filter(school_id=school_id, number=number, status__in=ACTIVE_STATUSES)
        .select_related("school")
        .first()
    )
