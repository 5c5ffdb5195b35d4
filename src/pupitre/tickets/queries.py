"""Reads of tickets, and the one place that decides who may see what."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from pupitre.accounts.models import STAFF_ROLES, User
from pupitre.schools.models import Membership, MembershipRole

from .models import Attachment, EventField, Message, MessageKind, Ticket


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    """Programme staff see every ticket; a school's ICT contact sees every
    request of that school; any other school user sees their own requests."""
    if not user.is_authenticated or not user.is_active:
        return Ticket.objects.none()
    if user.role in STAFF_ROLES:
        return Ticket.objects.all()
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


def timeline_for(user: User, ticket: Ticket) -> list[Message]:
    """The entries of the ticket `user` may read, oldest first, each with its
    author and its `attachment_list` (two queries whatever the length)."""
    messages = ticket.messages.select_related("author").only(*TIMELINE_COLUMNS)
    if user.role not in STAFF_ROLES:
        messages = messages.filter(
            Q(kind=MessageKind.REPLY)
            | Q(kind=MessageKind.EVENT, field__in=[EventField.STATUS, EventField.CREATED])
        )
    entries = list(messages.order_by("created_at", "id"))
    # Attachments in one query, grouped here: cheaper than a prefetch.
    by_message: dict[int, list[Attachment]] = {}
    replies = [entry.pk for entry in entries if entry.kind != MessageKind.EVENT]
    if replies:
        for attachment in (
            Attachment.objects.filter(message_id__in=replies)
            .only("id", "message_id", "filename", "size", "inline")
            .order_by("id")
        ):
            by_message.setdefault(attachment.message_id, []).append(attachment)
    for entry in entries:
        entry.attachment_list = by_message.get(entry.pk, [])
    return entries


TIMELINE_COLUMNS = (
    "kind",
    "body",
    "field",
    "old_value",
    "new_value",
    "created_at",
    "channel",
    "ticket_id",
    "author__full_name",
    "author__role",
    "quoted_text",
    "html_body",
    "email_from",
    "unverified_sender",
)


def get_attachment_for_user(user: User, attachment_id: int) -> Attachment:
    """An attachment of a message the user may read; 404 otherwise."""
    attachments = Attachment.objects.select_related("message").filter(
        message__ticket__in=tickets_visible_to(user)
    )
    if user.role not in STAFF_ROLES:
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
    elif filters.assignee.isdigit():
        tickets = tickets.filter(assignee_id=int(filters.assignee))
    text = filters.text.strip()
    if text:
        tickets = tickets.filter(Q(number__startswith=text) | Q(subject__icontains=text))
    # Only the columns a queue row shows: the joined rows are wide.
    if filters.sort == "due":
        order = (F("sla_next_due").asc(nulls_last=True), "-priority", "created_at", "id")
    else:
        order = ("-priority", "created_at", "id")
    return (
        tickets.select_related("school", "assignee", "team").only(*QUEUE_COLUMNS).order_by(*order)
    )


QUEUE_COLUMNS = (
    "number",
    "subject",
    "language",
    "status",
    "priority",
    "created_at",
    "updated_at",
    "sla_next_due",
    "sla_first_response_state",
    "sla_resolution_state",
    "first_response_due",
    "resolution_due",
    "school__name",
    "assignee__full_name",
    "team__name",
)


def portal_requests(user: User) -> QuerySet[Ticket]:
    """A school user's list: newest activity first."""
    return (
        tickets_visible_to(user)
        .select_related("school", "requester")
        .order_by("-updated_at", "-id")
    )
