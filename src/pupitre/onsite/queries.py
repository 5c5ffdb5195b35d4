"""What the on-site screens read. A technician sees only the interventions
assigned to them (and the tickets' public conversations); the interventions
waiting to be planned in their regions show where and what, nothing more."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from pupitre.accounts.models import Role, User
from pupitre.equipment.models import Device
from pupitre.tickets.models import Attachment, Message, MessageKind

from .models import (
    BOOKED_STATUSES,
    CalendarFeed,
    Intervention,
    InterventionReport,
    InterventionStatus,
    TechnicianProfile,
)

# A technician's day shows these (finished ones stay visible, greyed).
DAY_STATUSES = (
    *BOOKED_STATUSES,
    InterventionStatus.DONE,
    InterventionStatus.NO_ACCESS,
)
WAITING_LIMIT = 30
CONVERSATION_LIMIT = 20


def is_technician(user: User) -> bool:
    return user.is_authenticated and user.role == Role.TECHNICIAN


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))
    return start, end


def _with_places(interventions: QuerySet[Intervention]) -> QuerySet[Intervention]:
    return interventions.select_related(
        "site", "ticket", "ticket__school", "ticket__requester"
    ).prefetch_related(
        Prefetch(
            "devices",
            queryset=Device.objects.select_related("model").order_by("serial"),
        ),
        "ticket__school__phone_numbers",
    )


def technician_day(user: User, day: date) -> list[Intervention]:
    """The technician's interventions of `day` (Brussels time), in order."""
    start, end = _day_bounds(day)
    return list(
        _with_places(
            Intervention.objects.filter(
                technician=user,
                status__in=DAY_STATUSES,
                starts_at__gte=start,
                starts_at__lt=end,
            )
        ).order_by("starts_at", "id")
    )


def technician_week(user: User, after: date, days: int = 7) -> list[Intervention]:
    """The booked interventions of the days after `after` (not included)."""
    start, _end = _day_bounds(after + timedelta(days=1))
    _start, end = _day_bounds(after + timedelta(days=days))
    return list(
        Intervention.objects.filter(
            technician=user,
            status__in=BOOKED_STATUSES,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("site", "ticket__school")
        .only(
            "id",
            "starts_at",
            "ends_at",
            "status",
            "work",
            "site__name",
            "site__city",
            "ticket__number",
            "ticket__school__name",
        )
        .order_by("starts_at", "id")
    )


def technician_regions(user: User) -> list[str]:
    profile = TechnicianProfile.objects.filter(user=user).only("regions").first()
    return list(profile.regions) if profile is not None and profile.regions else []


def waiting_in_regions(regions: list[str]) -> list[Intervention]:
    """Interventions of these regions not yet booked: proposed to the school,
    or without a technician. Where and what only."""
    if not regions:
        return []
    return list(
        Intervention.objects.filter(
            site__region__in=regions,
            status=InterventionStatus.PROPOSED,
        )
        .select_related("site", "ticket__school")
        .only(
            "id",
            "decided_at",
            "visit_due_on",
            "duration_minutes",
            "work",
            "technician_id",
            "site__name",
            "site__city",
            "site__region",
            "ticket__school__name",
        )
        .order_by("visit_due_on", "decided_at", "id")[:WAITING_LIMIT]
    )


def get_intervention_for_technician(user: User, intervention_id: int | None) -> Intervention:
    """One of the technician's own interventions; 404 for any other."""
    if intervention_id is None or not is_technician(user):
        raise Http404
    intervention = (
        _with_places(Intervention.objects.filter(pk=intervention_id, technician=user))
        .exclude(status=InterventionStatus.CANCELLED)
        .first()
    )
    if intervention is None:
        raise Http404
    return intervention


@dataclass
class ConversationEntry:
    author: str
    from_staff: bool
    created_at: datetime
    body: str
    attachments: list[Attachment] = field(default_factory=list)


def conversations(ticket_ids: list[int]) -> dict[int, list[ConversationEntry]]:
    """The public replies of these tickets, newest last, the last
    CONVERSATION_LIMIT of each: two queries for a whole day."""
    if not ticket_ids:
        return {}
    rows = list(
        Message.objects.filter(ticket_id__in=ticket_ids, kind=MessageKind.REPLY)
        .order_by("ticket_id", "created_at", "id")
        .values_list(
            "pk",
            "ticket_id",
            "author__full_name",
            "author__role",
            "email_from",
            "created_at",
            "body",
        )
    )
    files: dict[int, list[Attachment]] = {}
    if rows:
        for attachment in (
            Attachment.objects.filter(message_id__in=[row[0] for row in rows], inline=False)
            .only("id", "message_id", "filename", "size")
            .order_by("id")
        ):
            files.setdefault(attachment.message_id, []).append(attachment)
    out: dict[int, list[ConversationEntry]] = {}
    for pk, ticket_id, name, role, email_from, created_at, body in rows:
        out.setdefault(ticket_id, []).append(
            ConversationEntry(
                author=name or email_from,
                from_staff=bool(role) and role != Role.SCHOOL,
                created_at=created_at,
                body=body,
                attachments=files.get(pk, []),
            )
        )
    return {ticket_id: entries[-CONVERSATION_LIMIT:] for ticket_id, entries in out.items()}


def reports_of(intervention_ids: list[int]) -> dict[int, InterventionReport]:
    return {
        report.intervention_id: report
        for report in InterventionReport.objects.filter(intervention_id__in=intervention_ids)
    }


def token_hash(token: str) -> str:
    """What a calendar address is looked up by: only the hash is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed of this secret address, None for any other."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("technician")
        .filter(
            token_hash=token_hash(token),
            revoked_at__isnull=True,
            technician__is_active=True,
            technician__role=Role.TECHNICIAN,
        )
        .first()
    )


def active_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(technician=user, revoked_at__isnull=True).first()


# A feed shows what is planned from this long ago, and everything ahead.
FEED_PAST_DAYS = 30


def feed_interventions(user: User, *, now: datetime) -> list[Intervention]:
    """What the technician's calendar shows: every intervention with a
    confirmed time from a month ago on, cancelled ones included (so that a
    subscribed calendar removes them)."""
    return list(
        Intervention.objects.filter(
            technician=user,
            starts_at__isnull=False,
            starts_at__gte=now - timedelta(days=FEED_PAST_DAYS),
        )
        .exclude(status=InterventionStatus.PROPOSED)
        .select_related("site", "ticket__school")
        .order_by("starts_at", "id")
    )
