"""Reads of on-site interventions: who may see which, and the site's and the
technician's time as plain values for the planning rules (planning.py)."""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pupitre.accounts.models import Role, User
from pupitre.equipment.models import Device
from pupitre.hours.models import ClosedDay, ClosedPeriod
from pupitre.hours.queries import calendar_for_school, calendar_row_for_school
from pupitre.schools.models import School, Site
from pupitre.tickets.models import Attachment, Message, MessageKind, Priority, Ticket
from pupitre.tickets.queries import tickets_visible_to

from . import planning
from .models import (
    BOOKED_STATUSES,
    CalendarFeed,
    Intervention,
    InterventionHandover,
    InterventionReport,
    InterventionStatus,
    ProposedSlot,
    ReportPhoto,
    SchoolHoliday,
    SiteHours,
    SiteNoVisit,
    TechnicianAbsence,
    TechnicianProfile,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
CONFIRM_SALT = "pupitre.onsite.confirm"

# Decision → visit, in business days of the school's calendar, when
# settings.ONSITE_VISIT_TARGET_DAYS does not say otherwise.
DEFAULT_VISIT_TARGET_DAYS = {
    Priority.LOW: 15,
    Priority.NORMAL: 10,
    Priority.HIGH: 5,
    Priority.URGENT: 2,
}


# --- who sees what -------------------------------------------------------------


def interventions_visible_to(user: User) -> QuerySet[Intervention]:
    """Staff who see every school see every intervention; a technician their
    own; a school user those of the requests they may see."""
    if not user.is_authenticated or not user.is_active:
        return Intervention.objects.none()
    if user.sees_every_school:
        return Intervention.objects.all()
    if user.role == Role.TECHNICIAN:
        return Intervention.objects.filter(technician=user)
    return Intervention.objects.filter(ticket__in=tickets_visible_to(user))


def interventions_of_ticket(user: User, ticket: Ticket) -> list[Intervention]:
    """The ticket's interventions `user` may see, newest first, with their
    site, technician and slots (three queries)."""
    return list(
        interventions_visible_to(user)
        .filter(ticket=ticket)
        .select_related("site", "technician", "team")
        .prefetch_related("slots")
        .order_by("-decided_at", "-id")
    )


def intervention_for_user(user: User, pk: int | None) -> Intervention | None:
    if pk is None:
        return None
    return (
        interventions_visible_to(user)
        .select_related("ticket__school", "site", "technician")
        .filter(pk=pk)
        .first()
    )


def report_of(intervention: Intervention) -> InterventionReport | None:
    """The intervention's report, with who wrote it and its PDF (one query);
    None until the technician sends it."""
    return (
        InterventionReport.objects.select_related("written_by", "pdf")
        .filter(intervention=intervention)
        .first()
    )


def report_photos_of(intervention: Intervention) -> list[ReportPhoto]:
    """The photos of the intervention's report, in the order they were sent
    (one query; none before there is a report)."""
    return list(ReportPhoto.objects.filter(report__intervention=intervention).order_by("id"))


def report_photo_for_user(
    user: User, intervention_pk: int | None, photo_pk: int | None
) -> ReportPhoto | None:
    """A photo of the report of intervention `intervention_pk`, for the desk
    and the intervention's technician; None for anyone else. School users
    see interventions of their requests, but not these files: the school
    has the photos in the report's PDF."""
    if intervention_pk is None or photo_pk is None:
        return None
    if not (user.is_authenticated and (user.works_the_desk or user.role == Role.TECHNICIAN)):
        return None
    return ReportPhoto.objects.filter(
        pk=photo_pk,
        report__intervention_id=intervention_pk,
        report__intervention__in=interventions_visible_to(user),
    ).first()


def sites_of_school(school: School) -> list[Site]:
    return list(school.sites.order_by("name"))


def technicians() -> list[User]:
    """Active technicians, by name (the planning form's choices)."""
    return list(
        User.objects.filter(role=Role.TECHNICIAN, is_active=True).order_by("full_name", "id")
    )


# --- signed confirmation links -------------------------------------------------


def confirmation_token(intervention: Intervention) -> str:
    """The signed part of the link the school confirms a slot with: the
    intervention and its revision, so that a link to replaced slots stops
    working."""
    return _token(intervention.pk, intervention.revision)


def _token(pk: int, revision: int) -> str:
    return signing.dumps({"i": pk, "r": revision}, salt=CONFIRM_SALT)


def intervention_from_token(token: str, *, now: datetime) -> Intervention | None:
    """The intervention of a confirmation link, if the link is genuine, of
    the current revision and still valid: until the start of the last slot
    proposed (once confirmed: until the visit starts)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT)
        pk, revision = int(data["i"]), int(data["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    intervention = (
        Intervention.objects.select_related("ticket__school", "site", "technician")
        .prefetch_related("slots")
        .filter(pk=pk, revision=revision)
        .first()
    )
    if intervention is None or intervention.is_final:
        return None
    if intervention.status == InterventionStatus.PROPOSED:
        last = max((slot.starts_at for slot in intervention.slots.all()), default=None)
    else:
        last = intervention.starts_at
    if last is None or now >= last:
        return None
    return intervention


# --- time of a site and of a technician ----------------------------------------


def _days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def site_time(site: Site, *, first: date, last: date) -> planning.SiteTime:
    """When `site` can be visited between the local dates `first` and `last`:
    its own hours (or the default school week), minus the public holidays and
    closures of its school's calendar, its Community's school holidays and
    its own no-visit days."""
    school = site.school
    language = school.language
    weekly: dict[int, list] = {}
    for weekday, opens, closes in SiteHours.objects.filter(site=site).values_list(
        "weekday", "opens", "closes"
    ):
        weekly.setdefault(weekday, []).append((opens, closes))
    closed: dict[date, str] = {}
    for starts, ends, name_de, name_fr in SchoolHoliday.objects.filter(
        language=language, starts_on__lte=last, ends_on__gte=first
    ).values_list("starts_on", "ends_on", "name_de", "name_fr"):
        name = name_de if _reader_language() == "de" else name_fr
        for day in _days(max(starts, first), min(ends, last)):
            closed[day] = _("school holidays (%(name)s)") % {"name": name}
    for starts, ends, reason in SiteNoVisit.objects.filter(
        site=site, starts_on__lte=last, ends_on__gte=first
    ).values_list("starts_on", "ends_on", "reason"):
        for day in _days(max(starts, first), min(ends, last)):
            closed[day] = reason or _("no visit that day")
    closures: list[tuple[datetime, datetime, str]] = []
    calendar = calendar_row_for_school(school)
    if calendar is not None:
        for day, name_de, name_fr in ClosedDay.objects.filter(
            calendar=calendar, date__gte=first, date__lte=last
        ).values_list("date", "name_de", "name_fr"):
            closed[day] = name_de if _reader_language() == "de" else name_fr
        since = datetime.combine(first, time(0), tzinfo=BRUSSELS)
        until = datetime.combine(last + timedelta(days=1), time(0), tzinfo=BRUSSELS)
        for starts_at, ends_at, reason in ClosedPeriod.objects.filter(
            calendar=calendar, starts_at__lt=until, ends_at__gt=since
        ).values_list("starts_at", "ends_at", "reason"):
            closures.append((starts_at, ends_at, reason or _("closure")))
    return planning.SiteTime(
        tz=BRUSSELS,
        weekly={day: tuple(hours) for day, hours in weekly.items()}
        if weekly
        else planning.DEFAULT_SCHOOL_WEEK,
        closed_days=closed,
        closures=tuple(closures),
        place=planning.place_of(site.latitude, site.longitude),
    )


def _reader_language() -> str:
    from django.utils.translation import get_language

    return (get_language() or settings.LANGUAGE_CODE)[:2]


def technician_time(
    technician: User,
    *,
    first: date,
    last: date,
    excluding: int | None = None,
) -> planning.TechnicianTime:
    """When `technician` can work between the local dates `first` and
    `last`: their profile (or the default working week), absences and
    booked interventions (confirmed or under way), except `excluding`."""
    profile = TechnicianProfile.objects.filter(user=technician).first()
    since = datetime.combine(first, time(0), tzinfo=BRUSSELS)
    until = datetime.combine(last + timedelta(days=1), time(0), tzinfo=BRUSSELS)
    absences = tuple(
        TechnicianAbsence.objects.filter(
            technician=technician, starts_at__lt=until, ends_at__gt=since
        ).values_list("starts_at", "ends_at", "reason")
    )
    booked = (
        Intervention.objects.filter(
            technician=technician,
            status__in=BOOKED_STATUSES,
            starts_at__lt=until,
            ends_at__gt=since,
        )
        .exclude(pk=excluding)
        .values_list("starts_at", "ends_at", "site__latitude", "site__longitude", "ticket__number")
    )
    bookings = tuple(
        planning.Booking(starts_at, ends_at, planning.place_of(lat, lon), number)
        for starts_at, ends_at, lat, lon, number in booked
    )
    if profile is None:
        return planning.TechnicianTime(tz=BRUSSELS, absences=absences, bookings=bookings)
    return planning.TechnicianTime(
        tz=BRUSSELS,
        weekdays=frozenset(profile.weekdays) if profile.weekdays else planning.DEFAULT_WORKING_DAYS,
        day_starts=profile.day_starts,
        day_ends=profile.day_ends,
        absences=absences,
        bookings=bookings,
        base=planning.place_of(profile.base_latitude, profile.base_longitude),
    )


def local_dates(starts: list[datetime], duration: timedelta) -> tuple[date, date]:
    """The first and last local dates a set of slots touches."""
    days = [moment.astimezone(BRUSSELS).date() for moment in starts]
    days += [(moment + duration).astimezone(BRUSSELS).date() for moment in starts]
    return min(days), max(days)


# --- the intervention SLA --------------------------------------------------------


def visit_target_days(priority: int) -> int:
    targets = getattr(settings, "ONSITE_VISIT_TARGET_DAYS", None) or DEFAULT_VISIT_TARGET_DAYS
    return int(targets.get(priority, targets.get(Priority.NORMAL, 10)))


def school_business_day(school: School):
    """A predicate of local dates: the school's service calendar is open that
    day (a weekday it opens, not a public holiday or closed day)."""
    calendar = calendar_for_school(school)
    if calendar is None:
        return lambda day: day.weekday() < 5
    weekly, holidays = calendar.weekly, calendar.holidays
    return lambda day: bool(weekly.get(day.weekday())) and day not in holidays


def visit_due_on(school: School, priority: int, decided_at: datetime) -> date:
    is_open = school_business_day(school)
    decided = decided_at.astimezone(BRUSSELS).date()
    return planning.add_school_days(decided, visit_target_days(priority), is_open)


def slots_of(intervention: Intervention) -> list[ProposedSlot]:
    return list(intervention.slots.order_by("starts_at"))


def handovers_of(intervention: Intervention) -> list[InterventionHandover]:
    """The technicians the visit went from and to, the oldest first."""
    return list(
        intervention.handovers.select_related("former_technician", "technician", "by").order_by(
            "handed_over_at", "id"
        )
    )


def reminders_due(now: datetime) -> QuerySet[Intervention]:
    """Confirmed interventions not reminded yet whose visit is after today
    but no later than the next school day (so a Monday visit is reminded on
    Friday), computed per school by the service."""
    today = now.astimezone(BRUSSELS).date()
    since = datetime.combine(today + timedelta(days=1), time(0), tzinfo=BRUSSELS)
    # A week ahead covers the longest run of closed days between two school days
    # the service can be asked about at once; the service checks each school.
    until = since + timedelta(days=7)
    return (
        Intervention.objects.filter(
            status=InterventionStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            starts_at__gte=since.astimezone(UTC),
            starts_at__lt=until.astimezone(UTC),
        )
        .select_related("ticket__school", "ticket__requester", "site")
        .order_by("starts_at")
    )


# --- the technician's workspace ------------------------------------------------

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


class HandedOver(Http404):
    """The intervention asked for was the technician's and was handed over
    to another technician. A 404 for whoever does not catch it; the
    technician's pages catch it to say so."""

    def __init__(self, handover: InterventionHandover):
        super().__init__("handed over")
        self.handover = handover


def get_intervention_for_technician(user: User, intervention_id: int | None) -> Intervention:
    """One of the technician's own interventions; HandedOver for one that
    was theirs and went to another technician, 404 for any other."""
    if intervention_id is None or not is_technician(user):
        raise Http404
    intervention = (
        _with_places(Intervention.objects.filter(pk=intervention_id, technician=user))
        .exclude(status=InterventionStatus.CANCELLED)
        .first()
    )
    if intervention is None:
        handover = (
            InterventionHandover.objects.filter(
                intervention_id=intervention_id, former_technician=user
            )
            .exclude(intervention__technician=user)
            .select_related("intervention__ticket__school", "intervention__site")
            .order_by("-handed_over_at", "-id")
            .first()
        )
        if handover is not None:
            raise HandedOver(handover)
        raise Http404
    return intervention


def _handovers_from(user: User, **filters) -> list[InterventionHandover]:
    """The latest handover of each visit taken from `user` and not given
    back to them since, with what the calendar and the pages show of it
    (one query)."""
    rows = (
        InterventionHandover.objects.filter(former_technician=user, **filters)
        .exclude(intervention__technician=user)
        .select_related("intervention__site", "intervention__ticket__school")
        .order_by("handed_over_at", "id")
    )
    latest = {row.intervention_id: row for row in rows}
    return sorted(
        latest.values(),
        key=lambda row: (row.starts_at or row.handed_over_at, row.intervention_id),
    )


def technician_handed_over_on(user: User, day: date) -> list[InterventionHandover]:
    """The visits of `day` (Brussels time) that were the technician's and
    went to another technician."""
    start, end = _day_bounds(day)
    return _handovers_from(user, starts_at__gte=start, starts_at__lt=end)


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


@dataclass(frozen=True)
class FeedVisit:
    """One event of a technician's calendar."""

    intervention: Intervention
    starts_at: datetime
    ends_at: datetime
    # Cancelled, or handed over to another technician.
    cancelled: bool


def feed_interventions(user: User, *, now: datetime) -> list[FeedVisit]:
    """What the technician's calendar shows: every intervention with a
    confirmed time from a month ago on, cancelled ones included (so that a
    subscribed calendar removes them); and, as cancelled for the same time,
    the visits handed over from them to another technician (at the time
    their calendar had). Two queries, whatever the number of visits."""
    since = now - timedelta(days=FEED_PAST_DAYS)
    own = [
        FeedVisit(
            intervention=item,
            starts_at=item.starts_at,
            ends_at=item.ends_at or item.starts_at + timedelta(minutes=item.duration_minutes),
            cancelled=item.status == InterventionStatus.CANCELLED,
        )
        for item in Intervention.objects.filter(
            technician=user,
            starts_at__isnull=False,
            starts_at__gte=since,
        )
        .exclude(status=InterventionStatus.PROPOSED)
        .select_related("site", "ticket__school")
        .order_by("starts_at", "id")
    ]
    gone = [
        FeedVisit(
            intervention=row.intervention,
            starts_at=row.starts_at,
            ends_at=row.ends_at
            or row.starts_at + timedelta(minutes=row.intervention.duration_minutes),
            cancelled=True,
        )
        for row in _handovers_from(user, starts_at__isnull=False, starts_at__gte=since)
    ]
    return sorted(own + gone, key=lambda visit: (visit.starts_at, visit.intervention.pk))


# --- screens -------------------------------------------------------------------


def devices_of_school_by_ids(school_id: int, ids) -> list:
    """The school's devices among `ids` (the planning form's choice)."""
    from pupitre.equipment.models import Device

    return list(Device.objects.filter(school_id=school_id, pk__in=list(ids)))


def free_slots(
    site: Site, technician: User | None, *, minutes: int, now: datetime, limit: int = 3
) -> list[tuple[datetime, datetime]]:
    """The first free times of `technician` at `site` in the next two weeks."""
    first = now.astimezone(BRUSSELS).date()
    last = first + timedelta(days=14)
    return planning.free_slots(
        timedelta(minutes=minutes),
        site=site_time(site, first=first, last=last),
        technician=technician_time(technician, first=first, last=last)
        if technician is not None
        else None,
        now=now,
        days=14,
        limit=limit,
    )


def intervention_rows_of_ticket(ticket: Ticket) -> list[dict]:
    """The ticket's interventions as plain rows, newest first (one query:
    the ticket page is busy)."""
    return list(
        Intervention.objects.filter(ticket=ticket)
        .order_by("-decided_at", "-id")
        .values(
            "pk",
            "status",
            "starts_at",
            "ends_at",
            "site__name",
            "technician__full_name",
            "visit_due_on",
            "decided_at",
            "on_site_at",
            "finished_at",
        )
    )


def school_visit_rows(ticket: Ticket) -> list[dict]:
    """The request's visits as the school's page lists them (one query):
    status, confirmed time, and the token of the page where the school
    chooses or changes the time while the visit is still to come."""
    rows = list(
        Intervention.objects.filter(ticket=ticket)
        .exclude(status=InterventionStatus.CANCELLED)
        .order_by("-decided_at", "-id")
        .values("pk", "revision", "status", "starts_at", "ends_at", "site__name")
    )
    for row in rows:
        open_ = row["status"] in (InterventionStatus.PROPOSED, InterventionStatus.CONFIRMED)
        row["token"] = _token(row["pk"], row["revision"]) if open_ else ""
    return rows


VISIT_OK, VISIT_SOON, VISIT_LATE, VISIT_MET = "ok", "warning", "breached", "met"


def _visited_at(status, on_site_at, finished_at):
    if on_site_at is not None:
        return on_site_at
    if status == InterventionStatus.NO_ACCESS:
        return finished_at
    return None


def visit_sla(intervention: Intervention, *, now: datetime) -> dict | None:
    """The intervention's SLA (decision → visit, in business days of the
    school's calendar), as the ticket page shows a ticket's: target, days
    used, state."""
    return visit_sla_of(
        school=intervention.ticket.school,
        status=intervention.status,
        decided_at=intervention.decided_at,
        due=intervention.visit_due_on,
        on_site_at=intervention.on_site_at,
        finished_at=intervention.finished_at,
        now=now,
    )


def visit_sla_of(*, school, status, decided_at, due, on_site_at, finished_at, now) -> dict | None:
    """`visit_sla` from plain values (the ticket page reads plain rows)."""
    if due is None or status == InterventionStatus.CANCELLED:
        return None
    is_open = school_business_day(school)
    decided = decided_at.astimezone(BRUSSELS).date()
    visited = _visited_at(status, on_site_at, finished_at)
    until = (visited or now).astimezone(BRUSSELS).date()
    used = planning.business_days_between(decided, until, is_open)
    target = planning.business_days_between(decided, due, is_open)
    if visited is not None:
        state = VISIT_MET if until <= due else VISIT_LATE
    elif until > due:
        state = VISIT_LATE
    elif planning.business_days_between(until, due, is_open) <= 1:
        state = VISIT_SOON
    else:
        state = VISIT_OK
    return {"due": due, "target_days": target, "used_days": used, "state": state}


def report_by_region_and_week(*, since: date, until: date | None = None) -> list[dict]:
    """Interventions decided from `since` (at most a year), per region of
    the site and ISO week of the decision: how many, visited, time to visit
    in business days against the target, no-access rate. One query, whatever
    the number of interventions (plus the cached calendars)."""
    until = until or since + timedelta(days=366)
    since_at = datetime.combine(since, time(0), tzinfo=BRUSSELS)
    until_at = datetime.combine(until, time(0), tzinfo=BRUSSELS)
    rows = Intervention.objects.filter(
        decided_at__gte=since_at, decided_at__lt=until_at
    ).values_list(
        "site__region",
        "decided_at",
        "status",
        "on_site_at",
        "finished_at",
        "visit_due_on",
        "ticket__school__calendar_id",
        "ticket__school__school_type",
    )
    predicates: dict = {}
    groups: dict[tuple[str, date], dict] = {}
    for region, decided_at, status, on_site_at, finished_at, due, calendar_id, kind in rows:
        decided = decided_at.astimezone(BRUSSELS).date()
        week = decided - timedelta(days=decided.weekday())
        group = groups.setdefault(
            (region, week),
            {
                "region": region,
                "week": week,
                "count": 0,
                "visited": 0,
                "days": 0,
                "met": 0,
                "no_access": 0,
                "cancelled": 0,
            },
        )
        group["count"] += 1
        if status == InterventionStatus.CANCELLED:
            group["cancelled"] += 1
            continue
        if status == InterventionStatus.NO_ACCESS:
            group["no_access"] += 1
        visited = _visited_at(status, on_site_at, finished_at)
        if visited is None:
            continue
        key = (calendar_id, kind)
        if key not in predicates:
            predicates[key] = school_business_day(School(calendar_id=calendar_id, school_type=kind))
        day = visited.astimezone(BRUSSELS).date()
        group["visited"] += 1
        group["days"] += planning.business_days_between(decided, day, predicates[key])
        if due is not None and day <= due:
            group["met"] += 1
    result = []
    for group in sorted(groups.values(), key=lambda g: (g["week"], g["region"])):
        visited = group["visited"]
        group["average_days"] = round(group["days"] / visited, 1) if visited else None
        group["met_rate"] = round(100 * group["met"] / visited) if visited else None
        done = visited
        group["no_access_rate"] = round(100 * group["no_access"] / done) if done else None
        result.append(group)
    return result


def site_by_id(site_id: int | None) -> Site | None:
    if site_id is None:
        return None
    return Site.objects.select_related("school").filter(pk=site_id).first()


def site_hours_rows(site: Site) -> list[SiteHours]:
    return list(SiteHours.objects.filter(site=site).order_by("weekday", "opens"))


def no_visit_rows(site: Site, *, since: date) -> list[SiteNoVisit]:
    return list(SiteNoVisit.objects.filter(site=site, ends_on__gte=since).order_by("starts_on"))


def no_visit_by_id(site: Site, pk: int | None) -> SiteNoVisit | None:
    if pk is None:
        return None
    return SiteNoVisit.objects.select_related("site").filter(site=site, pk=pk).first()


def absences_from(since: datetime) -> list[TechnicianAbsence]:
    """Absences not over yet, with their technician (one query)."""
    return list(
        TechnicianAbsence.objects.filter(ends_at__gt=since)
        .select_related("technician")
        .order_by("starts_at", "id")[:200]
    )


def absence_by_id(pk: int | None) -> TechnicianAbsence | None:
    if pk is None:
        return None
    return TechnicianAbsence.objects.select_related("technician").filter(pk=pk).first()


# --- technicians' profiles and school holidays (supervisors' settings) ---------


def technician_rows() -> list[User]:
    """Every technician (active first, by name), each with their profile
    (`profile`, None without one) and whether a calendar address works
    (`has_feed`): one query."""
    users = list(
        User.objects.filter(role=Role.TECHNICIAN)
        .select_related("technician_profile")
        .annotate(
            has_feed=Exists(
                CalendarFeed.objects.filter(technician=OuterRef("pk"), revoked_at__isnull=True)
            )
        )
        .order_by("-is_active", "full_name", "id")[:500]
    )
    for user in users:
        try:
            user.profile = user.technician_profile
        except TechnicianProfile.DoesNotExist:
            user.profile = None
    return users


def technician_by_id(pk: int | None) -> User | None:
    """A technician (any, active or not), with their profile if they have one."""
    if pk is None:
        return None
    user = User.objects.filter(role=Role.TECHNICIAN, pk=pk).first()
    if user is not None:
        user.profile = TechnicianProfile.objects.filter(user=user).first()
    return user


def school_holidays(*, since: date) -> list[SchoolHoliday]:
    """Holidays not over yet, by Community then date."""
    return list(
        SchoolHoliday.objects.filter(ends_on__gte=since).order_by("starts_on", "language")[:500]
    )


def school_holiday_by_id(pk: int | None) -> SchoolHoliday | None:
    if pk is None:
        return None
    return SchoolHoliday.objects.filter(pk=pk).first()


def school_holiday_overlaps(language: str, starts_on: date, ends_on: date) -> bool:
    return SchoolHoliday.objects.filter(
        language=language, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exists()
