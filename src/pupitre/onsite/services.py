"""Writes of on-site interventions: plan, propose times, confirm, status steps.

Every change is written with its event in the ticket's history
(`tickets.services.ticket_record_intervention`), in one transaction; emails
to the school are enqueued with the change (`core.task_queue`), so a refused
change sends nothing.
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pupitre.accounts.models import Language, Role, User
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record
from pupitre.core.errors import DomainError
from pupitre.core.task_queue import enqueue_on_commit
from pupitre.core.validation import check_file_sizes
from pupitre.equipment.models import Device, DeviceStatus
from pupitre.equipment.services import device_replace, device_set_status
from pupitre.hours.models import Weekday
from pupitre.schools.models import Region, Site
from pupitre.tickets.models import Team, Ticket
from pupitre.tickets.services import ticket_record_intervention

from . import photos as photo_rules
from . import planning, queries
from .models import (
    FINAL_STATUSES,
    CalendarFeed,
    DeviceOutcome,
    Intervention,
    InterventionHandover,
    InterventionReport,
    InterventionStatus,
    ProposedSlot,
    ReportDevice,
    ReportPhoto,
    SchoolHoliday,
    SiteHours,
    SiteNoVisit,
    TechnicianAbsence,
    TechnicianProfile,
)
from .texts import OTHER_TIME

PLANNERS = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMINISTRATOR})
WORK_MAX_LENGTH = 4000
MAX_DURATION_MINUTES = 10 * 60
SCHOOL_TEXT_MAX_LENGTH = 1000

# The status steps, and who may take each: planners any of them; the
# intervention's technician the steps of the day. Confirming goes through
# intervention_confirm (a slot is chosen).
STEPS = {
    InterventionStatus.CONFIRMED: {
        InterventionStatus.ON_THE_WAY,
        InterventionStatus.ON_SITE,
        InterventionStatus.NO_ACCESS,
        InterventionStatus.CANCELLED,
    },
    InterventionStatus.ON_THE_WAY: {
        InterventionStatus.ON_SITE,
        InterventionStatus.NO_ACCESS,
        InterventionStatus.CANCELLED,
    },
    InterventionStatus.ON_SITE: {InterventionStatus.DONE, InterventionStatus.NO_ACCESS},
    InterventionStatus.PROPOSED: {InterventionStatus.CANCELLED},
}
TECHNICIAN_STEPS = frozenset(
    {
        InterventionStatus.ON_THE_WAY,
        InterventionStatus.ON_SITE,
        InterventionStatus.DONE,
        InterventionStatus.NO_ACCESS,
    }
)
_TIME_FIELDS = {
    InterventionStatus.ON_THE_WAY: "on_the_way_at",
    InterventionStatus.ON_SITE: "on_site_at",
    InterventionStatus.DONE: "finished_at",
    InterventionStatus.NO_ACCESS: "finished_at",
    InterventionStatus.CANCELLED: "cancelled_at",
}


def intervention_plan(
    *,
    ticket: Ticket,
    site: Site,
    devices: Iterable[Device] = (),
    work: str,
    duration_minutes: int,
    technician: User | None = None,
    team: Team | None = None,
    slots: Sequence[datetime],
    by: User,
) -> Intervention:
    """Decide an on-site visit for `ticket` and propose one to three times to
    the school. Every slot is checked against the site's and the technician's
    time (planning.py); the first conflict refuses the plan with its reason.
    The school is mailed a signed link to confirm one."""
    _check_planner(by)
    work = (work or "").strip()
    devices = list(devices)
    if not work:
        raise DomainError(_("Say what is to be done on site."), code="required", field="work")
    if len(work) > WORK_MAX_LENGTH:
        raise DomainError(
            _("The description is too long (at most %(max)s characters).")
            % {"max": WORK_MAX_LENGTH},
            code="too_long",
            field="work",
        )
    _check_duration(duration_minutes)
    if site.school_id != ticket.school_id:
        raise DomainError(
            _("This site is not one of the request's school."), code="invalid", field="site"
        )
    if any(device.school_id != ticket.school_id for device in devices):
        raise DomainError(
            _("A device chosen is not one of the request's school."),
            code="invalid",
            field="devices",
        )
    if technician is None and team is None:
        raise DomainError(
            _("Choose a technician, or a team that will assign one."),
            code="required",
            field="technician",
        )
    _check_technician(technician)
    now = timezone.now()
    with transaction.atomic():
        if technician is not None:
            _lock_technician(technician)
        _check_slots(site, technician, slots, duration_minutes, now=now, excluding=None)
        intervention = Intervention.objects.create(
            ticket=ticket,
            site=site,
            work=work,
            duration_minutes=duration_minutes,
            technician=technician,
            team=team,
            status=InterventionStatus.PROPOSED,
            created_by=by,
            decided_at=now,
            visit_due_on=queries.visit_due_on(ticket.school, ticket.priority, now),
            updated_at=now,
        )
        if devices:
            intervention.devices.set(devices)
        _store_slots(intervention, slots, duration_minutes)
        event = ticket_record_intervention(
            ticket=ticket, by=by, old_value="", new_value=InterventionStatus.PROPOSED
        )
        _mail_school(intervention, "proposed", event.pk)
    return intervention


def intervention_propose_slots(
    *, intervention: Intervention, slots: Sequence[datetime], by: User
) -> Intervention:
    """Offer new times (the school asked for another one, or a confirmed
    visit must move): the old slots and links stop working, the intervention
    goes back to "proposed" and the school is mailed again."""
    _check_planner(by)
    now = timezone.now()
    with transaction.atomic():
        intervention = _lock(intervention)
        if intervention.status not in (InterventionStatus.PROPOSED, InterventionStatus.CONFIRMED):
            raise DomainError(
                _("Only a visit not started yet can get new times."),
                code="not_allowed",
            )
        if intervention.technician_id:
            _lock_technician(intervention.technician)
        _check_slots(
            intervention.site,
            intervention.technician,
            slots,
            intervention.duration_minutes,
            now=now,
            excluding=intervention.pk,
        )
        old = intervention.status
        intervention.slots.all().delete()
        _store_slots(intervention, slots, intervention.duration_minutes)
        intervention.status = InterventionStatus.PROPOSED
        intervention.starts_at = intervention.ends_at = intervention.confirmed_at = None
        intervention.confirmed_by_name = ""
        intervention.reminder_sent_at = None
        intervention.revision += 1
        intervention.updated_at = now
        intervention.save()
        event = ticket_record_intervention(
            ticket=intervention.ticket_id, by=by, old_value=old, new_value=intervention.status
        )
        _mail_school(intervention, "proposed", event.pk)
    return intervention


def intervention_confirm(
    *, intervention: Intervention, slot: ProposedSlot, name: str = "", by: User | None
) -> Intervention:
    """The school (signed in, or by its signed link: `by` None and `name`
    given) or staff confirms one of the proposed slots. The technician's time
    is checked again: another visit may have been confirmed meanwhile."""
    name = (name or "").strip()[:200]
    if by is None and not name:
        raise DomainError(_("Please give your name."), code="required", field="name")
    if by is not None and by.role not in PLANNERS and not by.is_school_user:
        raise DomainError(_("Only the school or the helpdesk can do this."), code="not_allowed")
    now = timezone.now()
    with transaction.atomic():
        intervention = _lock(intervention)
        if intervention.status == InterventionStatus.CONFIRMED and (
            intervention.starts_at == slot.starts_at
        ):
            return intervention  # the same link clicked twice
        if intervention.status != InterventionStatus.PROPOSED:
            raise DomainError(
                _("This visit cannot be confirmed any more: it is %(status)s.")
                % {"status": InterventionStatus(intervention.status).label.lower()},
                code="not_allowed",
            )
        if slot.intervention_id != intervention.pk:
            raise DomainError(_("Choose one of the proposed times."), code="invalid", field="slot")
        if slot.starts_at <= now:
            raise DomainError(
                _("This time has already passed. Please choose another one or ask for another."),
                code="slot_past",
                field="slot",
            )
        if intervention.technician_id:
            _lock_technician(intervention.technician)
            first, last = queries.local_dates([slot.starts_at], slot.ends_at - slot.starts_at)
            tech = queries.technician_time(
                intervention.technician, first=first, last=last, excluding=intervention.pk
            )
            site = intervention.site
            place = planning.place_of(site.latitude, site.longitude)
            conflicts = planning.technician_conflicts(slot.starts_at, slot.ends_at, tech, place)
            if conflicts:
                raise DomainError(
                    _(
                        "This time is no longer free: %(reason)s Please choose another one "
                        "or ask for another time."
                    )
                    % {"reason": conflicts[0].reason},
                    code="conflict",
                    field="slot",
                )
        ProposedSlot.objects.filter(intervention=intervention).update(chosen=False)
        ProposedSlot.objects.filter(pk=slot.pk).update(chosen=True)
        intervention.status = InterventionStatus.CONFIRMED
        intervention.starts_at, intervention.ends_at = slot.starts_at, slot.ends_at
        intervention.confirmed_at = now
        intervention.confirmed_by_name = name or (by.get_full_name() if by else "")
        intervention.revision += 1
        intervention.updated_at = now
        intervention.save()
        event = ticket_record_intervention(
            ticket=intervention.ticket_id,
            by=by,
            old_value=InterventionStatus.PROPOSED,
            new_value=InterventionStatus.CONFIRMED,
            body=slot.starts_at.isoformat(),
        )
        _mail_school(intervention, "confirmed", event.pk)
    return intervention


def intervention_assign(*, intervention: Intervention, technician: User, by: User) -> Intervention:
    """Give the visit to a technician (planned for a team, or handed over).
    A confirmed visit must fit the new technician's time. A visit taken from
    a technician leaves a handover row: their calendar feed then shows it
    cancelled, and their pages say it went to another technician."""
    _check_planner(by)
    _check_technician(technician)
    now = timezone.now()
    with transaction.atomic():
        intervention = _lock(intervention)
        if intervention.technician_id == technician.pk:
            return intervention
        if intervention.status not in (InterventionStatus.PROPOSED, InterventionStatus.CONFIRMED):
            raise DomainError(
                _("Only a visit not started yet can change technician."), code="not_allowed"
            )
        _lock_technician(technician)
        if intervention.starts_at is not None:
            duration = intervention.ends_at - intervention.starts_at
            first, last = queries.local_dates([intervention.starts_at], duration)
            site = intervention.site
            conflicts = planning.technician_conflicts(
                intervention.starts_at,
                intervention.ends_at,
                queries.technician_time(technician, first=first, last=last),
                planning.place_of(site.latitude, site.longitude),
            )
            if conflicts:
                raise DomainError(conflicts[0].reason, code=conflicts[0].code, field="technician")
        former_id = intervention.technician_id
        intervention.technician = technician
        # The new revision is the SEQUENCE of both calendar events: the new
        # technician's (confirmed) and the former one's (cancelled).
        intervention.revision += 1
        intervention.updated_at = now
        intervention.save(update_fields=["technician", "revision", "updated_at"])
        if former_id is not None:
            InterventionHandover.objects.create(
                intervention=intervention,
                former_technician_id=former_id,
                technician=technician,
                handed_over_at=now,
                by=by,
                starts_at=intervention.starts_at,
                ends_at=intervention.ends_at,
            )
    return intervention


def intervention_ask_other_time(
    *, intervention: Intervention, text: str, name: str = "", by: User | None
) -> Intervention:
    """The school cannot make any proposed time and says when it could: kept
    on the intervention and in the ticket's history for the planners."""
    text = (text or "").strip()
    name = (name or "").strip()[:200]
    if not text:
        raise DomainError(
            _("Please say which days and times would suit you."), code="required", field="text"
        )
    if len(text) > SCHOOL_TEXT_MAX_LENGTH:
        raise DomainError(
            _("The text is too long (at most %(max)s characters).")
            % {"max": SCHOOL_TEXT_MAX_LENGTH},
            code="too_long",
            field="text",
        )
    if by is None and not name:
        raise DomainError(_("Please give your name."), code="required", field="name")
    now = timezone.now()
    with transaction.atomic():
        intervention = _lock(intervention)
        if intervention.status not in (InterventionStatus.PROPOSED, InterventionStatus.CONFIRMED):
            raise DomainError(
                _("This visit cannot be moved any more: it is %(status)s.")
                % {"status": InterventionStatus(intervention.status).label.lower()},
                code="not_allowed",
            )
        signed = name if by is None else by.get_full_name() or by.email
        intervention.school_request = text
        intervention.school_request_at = now
        intervention.updated_at = now
        intervention.save(update_fields=["school_request", "school_request_at", "updated_at"])
        ticket_record_intervention(
            ticket=intervention.ticket_id,
            by=by,
            old_value=intervention.status,
            new_value=OTHER_TIME,
            body=_("%(text)s (%(name)s)") % {"text": text, "name": signed} if by is None else text,
        )
    return intervention


def intervention_set_status(
    *, intervention: Intervention, status: str, by: User, reason: str = ""
) -> Intervention:
    """A status step: on the way, on site, done, no access (by the
    intervention's technician or a planner), cancelled (by a planner).
    Setting the status it already has changes nothing."""
    if status not in InterventionStatus.values or status == InterventionStatus.PROPOSED:
        raise DomainError(_("Unknown status."), code="invalid", field="status")
    if status == InterventionStatus.CONFIRMED:
        raise DomainError(
            _("A visit is confirmed by choosing one of its proposed times."),
            code="not_allowed",
            field="status",
        )
    reason = (reason or "").strip()[:SCHOOL_TEXT_MAX_LENGTH]
    now = timezone.now()
    with transaction.atomic():
        intervention = _lock(intervention, final_ok=True)
        if intervention.status == status:
            return intervention
        if intervention.is_final:
            raise DomainError(
                _("This intervention is finished: it is %(status)s.")
                % {"status": InterventionStatus(intervention.status).label.lower()},
                code="not_allowed",
            )
        is_technician = by.role == Role.TECHNICIAN and intervention.technician_id == by.pk
        if by.role not in PLANNERS and not (is_technician and status in TECHNICIAN_STEPS):
            raise DomainError(
                _("You cannot change this intervention to that status."), code="not_allowed"
            )
        if status not in STEPS.get(intervention.status, set()):
            raise DomainError(
                _("An intervention that is %(old)s cannot become %(new)s.")
                % {
                    "old": InterventionStatus(intervention.status).label.lower(),
                    "new": InterventionStatus(status).label.lower(),
                },
                code="not_allowed",
                field="status",
            )
        old = intervention.status
        intervention.status = status
        setattr(intervention, _TIME_FIELDS[status], now)
        intervention.revision += 1
        intervention.updated_at = now
        intervention.save()
        event = ticket_record_intervention(
            ticket=intervention.ticket_id, by=by, old_value=old, new_value=status, body=reason
        )
        if status == InterventionStatus.CANCELLED and old == InterventionStatus.CONFIRMED:
            _mail_school(intervention, "cancelled", event.pk)
    return intervention


def interventions_send_reminders(*, now: datetime | None = None) -> int:
    """Mail each school the school day before a confirmed visit (a Monday
    visit on the Friday before); idempotent. Returns how many were due."""
    now = now or timezone.now()
    today = now.astimezone(queries.BRUSSELS).date()
    sent = 0
    for intervention in queries.reminders_due(now):
        is_open = queries.school_business_day(intervention.ticket.school)
        next_school_day = planning.add_school_days(today + timedelta(days=1), 0, is_open)
        visit_day = intervention.starts_at.astimezone(queries.BRUSSELS).date()
        if visit_day > next_school_day:
            continue
        with transaction.atomic():
            updated = Intervention.objects.filter(
                pk=intervention.pk,
                status=InterventionStatus.CONFIRMED,
                reminder_sent_at__isnull=True,
            ).update(reminder_sent_at=now)
            if updated:
                _mail_school(intervention, "reminder", intervention.pk)
                sent += 1
    return sent


def technician_absence_add(
    *, technician: User, starts_at: datetime, ends_at: datetime, reason: str = "", by: User
) -> TechnicianAbsence:
    """Record that a technician is away (leave, training): no visit can be
    planned for them then. Audited like a setting."""
    _check_planner(by)
    _check_technician(technician)
    if ends_at <= starts_at:
        raise DomainError(
            _("An absence must end after it starts."), code="invalid", field="ends_at"
        )
    with transaction.atomic():
        absence = TechnicianAbsence.objects.create(
            technician=technician,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=(reason or "").strip()[:200],
        )
        audit_record(
            by=by,
            kind=ObjectKind.TECHNICIAN_ABSENCE,
            object_id=absence.pk,
            label=technician.get_full_name() or technician.email,
            new=_absence_fields(absence),
        )
    return absence


def technician_absence_remove(*, absence: TechnicianAbsence, by: User) -> None:
    _check_planner(by)
    with transaction.atomic():
        audit_record(
            by=by,
            kind=ObjectKind.TECHNICIAN_ABSENCE,
            object_id=absence.pk,
            label=absence.technician.get_full_name() or absence.technician.email,
            old=_absence_fields(absence),
        )
        absence.delete()


def site_hours_set(*, site: Site, week: dict[int, Sequence[tuple]], by: User) -> None:
    """Replace the site's own opening hours (weekday → intervals); an empty
    week returns the site to the default school week. Audited per weekday."""
    _check_planner(by)
    for weekday, intervals in week.items():
        if weekday not in range(7):
            raise DomainError(_("Unknown weekday."), code="invalid")
        ordered = sorted(intervals)
        for index, (opens, closes) in enumerate(ordered):
            if closes <= opens:
                raise DomainError(_("Closing time must come after opening time."), code="invalid")
            if index and opens < ordered[index - 1][1]:
                raise DomainError(_("Opening hours overlap."), code="invalid")
    with transaction.atomic():
        old = _week_text(
            SiteHours.objects.filter(site=site).values_list("weekday", "opens", "closes")
        )
        SiteHours.objects.filter(site=site).delete()
        SiteHours.objects.bulk_create(
            SiteHours(site=site, weekday=weekday, opens=opens, closes=closes)
            for weekday, intervals in week.items()
            for opens, closes in intervals
        )
        new = _week_text(
            (weekday, opens, closes)
            for weekday, intervals in week.items()
            for opens, closes in intervals
        )
        audit_record(
            by=by, kind=ObjectKind.SITE_HOURS, object_id=site.pk, label=site.name, old=old, new=new
        )


def site_no_visit_add(
    *, site: Site, starts_on: date, ends_on: date, reason: str = "", by: User
) -> SiteNoVisit:
    """Days on which a site must not be visited (exams, a trip, works)."""
    _check_planner(by)
    if ends_on < starts_on:
        raise DomainError(
            _("The last day must not come before the first."), code="invalid", field="ends_on"
        )
    with transaction.atomic():
        row = SiteNoVisit.objects.create(
            site=site, starts_on=starts_on, ends_on=ends_on, reason=(reason or "").strip()[:200]
        )
        audit_record(
            by=by,
            kind=ObjectKind.SITE_NO_VISIT,
            object_id=row.pk,
            label=site.name,
            new=_no_visit_fields(row),
        )
    return row


def site_no_visit_remove(*, no_visit: SiteNoVisit, by: User) -> None:
    _check_planner(by)
    with transaction.atomic():
        audit_record(
            by=by,
            kind=ObjectKind.SITE_NO_VISIT,
            object_id=no_visit.pk,
            label=no_visit.site.name,
            old=_no_visit_fields(no_visit),
        )
        no_visit.delete()


def technician_profile_set(
    *,
    technician: User,
    regions: Iterable[str],
    base_latitude: Decimal | None,
    base_longitude: Decimal | None,
    day_starts: time,
    day_ends: time,
    weekdays: Iterable[int],
    by: User,
) -> TechnicianProfile:
    """Where a technician works from, when, and in which regions (the
    planning's suggestions and the technician's waiting list use them).
    Supervisors and administrators only; audited field by field."""
    _check_configurer(by)
    _check_technician(technician)
    if technician is None:
        raise DomainError(_("Choose an active technician."), code="invalid", field="technician")
    regions = list(regions)
    unknown = set(regions) - set(Region.values)
    if unknown:
        raise DomainError(_("Unknown province or canton."), code="invalid", field="regions")
    regions = [value for value in Region.values if value in regions]
    weekdays = sorted(set(weekdays))
    if not weekdays:
        raise DomainError(_("Choose at least one working day."), code="required", field="weekdays")
    if any(day not in range(7) or isinstance(day, bool) for day in weekdays):
        raise DomainError(_("Unknown weekday."), code="invalid", field="weekdays")
    if day_starts is None or day_ends is None or day_ends <= day_starts:
        raise DomainError(
            _("The working day must end after it starts."), code="invalid", field="day_ends"
        )
    latitude = _coordinate(base_latitude, 90, "base_latitude")
    longitude = _coordinate(base_longitude, 180, "base_longitude")
    if (latitude is None) != (longitude is None):
        raise DomainError(
            _("Give both the latitude and the longitude of the base, or neither."),
            code="invalid",
            field="base_longitude",
        )
    with transaction.atomic():
        _lock_technician(technician)
        profile = TechnicianProfile.objects.filter(user=technician).first()
        old = _profile_fields(profile) if profile is not None else None
        if profile is None:
            profile = TechnicianProfile(user=technician)
        profile.regions = regions
        profile.base_latitude = latitude
        profile.base_longitude = longitude
        profile.day_starts = day_starts
        profile.day_ends = day_ends
        profile.weekdays = weekdays
        profile.save()
        audit_record(
            by=by,
            kind=ObjectKind.TECHNICIAN_PROFILE,
            object_id=technician.pk,
            label=technician.get_full_name() or technician.email,
            old=old,
            new=_profile_fields(profile),
        )
    return profile


def school_holiday_add(
    *,
    language: str,
    starts_on: date,
    ends_on: date,
    name_de: str,
    name_fr: str,
    by: User,
) -> SchoolHoliday:
    """School holidays of one Community: no visit to its schools then."""
    _check_configurer(by)
    if language not in (Language.GERMAN, Language.FRENCH):
        raise DomainError(_("Choose a Community."), code="invalid", field="language")
    if ends_on < starts_on:
        raise DomainError(
            _("The last day must not come before the first."), code="invalid", field="ends_on"
        )
    name_de, name_fr = (name_de or "").strip(), (name_fr or "").strip()
    if not name_de or not name_fr:
        raise DomainError(
            _("Name the holidays in German and in French."), code="required", field="name_fr"
        )
    if len(name_de) > 100 or len(name_fr) > 100:
        raise DomainError(
            _("A name of holidays has at most 100 characters."), code="invalid", field="name_fr"
        )
    with transaction.atomic():
        if queries.school_holiday_overlaps(language, starts_on, ends_on):
            raise DomainError(
                _("These days overlap holidays already recorded for this Community."),
                code="conflict",
                field="starts_on",
            )
        holiday = SchoolHoliday.objects.create(
            language=language,
            starts_on=starts_on,
            ends_on=ends_on,
            name_de=name_de,
            name_fr=name_fr,
        )
        audit_record(
            by=by,
            kind=ObjectKind.SCHOOL_HOLIDAY,
            object_id=holiday.pk,
            label=_holiday_label(holiday),
            new=_holiday_fields(holiday),
        )
    return holiday


def school_holiday_remove(*, holiday: SchoolHoliday, by: User) -> None:
    _check_configurer(by)
    with transaction.atomic():
        audit_record(
            by=by,
            kind=ObjectKind.SCHOOL_HOLIDAY,
            object_id=holiday.pk,
            label=_holiday_label(holiday),
            old=_holiday_fields(holiday),
        )
        holiday.delete()


def _coordinate(value, limit: int, field_name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not -limit <= number <= limit:
        raise DomainError(
            _("Enter a coordinate between -%(limit)s and %(limit)s.") % {"limit": limit},
            code="invalid",
            field=field_name,
        )
    return number


def _profile_fields(profile: TechnicianProfile) -> dict[str, str]:
    base = ""
    if profile.base_latitude is not None and profile.base_longitude is not None:
        base = f"{profile.base_latitude}, {profile.base_longitude}"
    starts, ends = profile.day_starts, profile.day_ends
    return {
        "regions": ", ".join(profile.regions or []),
        "base": base,
        "day_starts": starts.strftime("%H:%M") if hasattr(starts, "strftime") else str(starts),
        "day_ends": ends.strftime("%H:%M") if hasattr(ends, "strftime") else str(ends),
        "weekdays": ", ".join(str(Weekday(day).label) for day in sorted(profile.weekdays or [])),
    }


def _holiday_label(holiday: SchoolHoliday) -> str:
    return f"{holiday.name_fr} / {holiday.name_de} ({holiday.language})"


def _holiday_fields(holiday: SchoolHoliday) -> dict[str, str]:
    return {
        "language": holiday.language,
        "starts_on": holiday.starts_on.isoformat(),
        "ends_on": holiday.ends_on.isoformat(),
        "name_de": holiday.name_de,
        "name_fr": holiday.name_fr,
    }


def _absence_fields(absence: TechnicianAbsence) -> dict[str, str]:
    return {
        "starts_at": absence.starts_at.isoformat(),
        "ends_at": absence.ends_at.isoformat(),
        "reason": absence.reason,
    }


def _no_visit_fields(row: SiteNoVisit) -> dict[str, str]:
    return {
        "starts_on": row.starts_on.isoformat(),
        "ends_on": row.ends_on.isoformat(),
        "reason": row.reason,
    }


def _week_text(rows) -> dict[str, str]:
    days: dict[str, list[str]] = {}
    for weekday, opens, closes in sorted(rows):
        days.setdefault(str(Weekday(weekday).label), []).append(f"{opens:%H:%M}–{closes:%H:%M}")
    return {day: ", ".join(spans) for day, spans in days.items()}


# --- helpers -----------------------------------------------------------------------


def _check_planner(by: User | None) -> None:
    if by is None or by.role not in PLANNERS:
        raise DomainError(_("Only agents and supervisors plan interventions."), code="not_allowed")


def _check_configurer(by: User | None) -> None:
    if by is None or not by.configures_the_service:
        raise DomainError(
            _("Only supervisors and administrators change this setting."), code="not_allowed"
        )


def _check_technician(technician: User | None) -> None:
    if technician is not None and (technician.role != Role.TECHNICIAN or not technician.is_active):
        raise DomainError(_("Choose an active technician."), code="invalid", field="technician")


def _check_duration(minutes) -> None:
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not (0 < minutes <= MAX_DURATION_MINUTES)
    ):
        raise DomainError(
            _("The expected duration must be between 1 minute and %(hours)s hours.")
            % {"hours": MAX_DURATION_MINUTES // 60},
            code="invalid",
            field="duration_minutes",
        )


def _check_slots(site, technician, slots, duration_minutes, *, now, excluding) -> None:
    slots = list(slots)
    duration = timedelta(minutes=duration_minutes)
    if not slots:
        raise DomainError(
            _("Propose one, two or three times to the school."), code="required", field="slots"
        )
    first, last = queries.local_dates(slots, duration)
    site_time = queries.site_time(site, first=first, last=last)
    tech_time = (
        queries.technician_time(technician, first=first, last=last, excluding=excluding)
        if technician is not None
        else None
    )
    conflicts = planning.slots_conflicts(
        slots, duration, site=site_time, technician=tech_time, now=now
    )
    if conflicts:
        index, conflict = conflicts[0]
        if index < 0:
            raise DomainError(conflict.reason, code=conflict.code, field="slots")
        raise DomainError(
            _("Time %(number)s is refused: %(reason)s")
            % {"number": index + 1, "reason": conflict.reason},
            code=conflict.code,
            field="slots",
        )


def _store_slots(intervention: Intervention, slots: Sequence[datetime], minutes: int) -> None:
    duration = timedelta(minutes=minutes)
    ProposedSlot.objects.bulk_create(
        ProposedSlot(intervention=intervention, starts_at=start, ends_at=start + duration)
        for start in sorted(slots)
    )


def _lock(intervention: Intervention, *, final_ok: bool = False) -> Intervention:
    locked = (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("ticket__school", "site", "technician")
        .get(pk=intervention.pk)
    )
    if locked.status in FINAL_STATUSES and not final_ok:
        raise DomainError(
            _("This intervention is finished: it is %(status)s.")
            % {"status": InterventionStatus(locked.status).label.lower()},
            code="not_allowed",
        )
    return locked


def _lock_technician(technician: User) -> None:
    # Two planners (or two schools confirming) must not give the same hour
    # of one technician twice: the technician's row serialises the checks
    # of their time until the transaction commits.
    User.objects.select_for_update().filter(pk=technician.pk).values_list("pk").first()


def _mail_school(intervention: Intervention, kind: str, entry_id: int) -> None:
    # Imported here: the task module needs the task backend, ready once apps are.
    from .tasks import send_intervention_mail

    enqueue_on_commit(send_intervention_mail, kind, intervention.pk, entry_id)


# --- the technician's side: the report and the calendar feed ---------------------

MAX_PHOTOS = 10
# A day of work is the most a report can claim, per field.
MAX_MINUTES = 24 * 60
TEXT_MAX_LENGTH = 10_000
NAME_MAX_LENGTH = 200


def technician_steps(status: str) -> list[str]:
    """The steps a technician may take from `status` with a tap (done is
    the report), in thumb order."""
    allowed = STEPS.get(status, set())
    return [
        step
        for step in (
            InterventionStatus.ON_THE_WAY,
            InterventionStatus.ON_SITE,
            InterventionStatus.NO_ACCESS,
        )
        if step in allowed
    ]


def _check_own(intervention: Intervention, by: User) -> None:
    if by is None or not (
        (by.role == Role.TECHNICIAN and intervention.technician_id == by.pk) or by.works_the_desk
    ):
        raise DomainError(
            _("Only the intervention's technician or the helpdesk can do this."),
            code="not_allowed",
        )


@dataclass
class DeviceReport:
    device_id: int
    outcome: str
    new_serial: str = ""


@dataclass
class ReportInput:
    submission_key: str
    work_done: str
    minutes_on_site: int
    minutes_travel: int
    parts_used: str = ""
    devices: list[DeviceReport] = field(default_factory=list)
    # Uploaded files (Django's UploadedFile) or anything with .read().
    photos: Sequence = ()
    signed_by_name: str = ""
    # The canvas drawing as sent by the browser (data:image/png;base64,…).
    signature: str = ""
    nobody_available: bool = False


def _clean_report(data: ReportInput) -> ReportInput:
    work = data.work_done.strip()
    if not work:
        raise DomainError(_("Please say what was done."), code="required", field="work_done")
    if len(work) > TEXT_MAX_LENGTH or len(data.parts_used) > TEXT_MAX_LENGTH:
        raise DomainError(
            _("A text of the report has at most %(count)d characters.")
            % {"count": TEXT_MAX_LENGTH},
            code="too_long",
            field="work_done",
        )
    for name, value in (
        ("minutes_on_site", data.minutes_on_site),
        ("minutes_travel", data.minutes_travel),
    ):
        if not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
            raise DomainError(
                _("Please give a number of minutes between 0 and %(max)d.") % {"max": MAX_MINUTES},
                code="invalid",
                field=name,
            )
    name = data.signed_by_name.strip()
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            _("A name has at most %(count)d characters.") % {"count": NAME_MAX_LENGTH},
            code="too_long",
            field="signed_by_name",
        )
    if not data.nobody_available:
        if not name:
            raise DomainError(
                _("Please give the name of the person who signs, or tick “Nobody available”."),
                code="required",
                field="signed_by_name",
            )
        if not data.signature:
            raise DomainError(
                _("Please let the school sign, or tick “Nobody available”."),
                code="required",
                field="signature",
            )
    if len(data.photos) > MAX_PHOTOS:
        raise DomainError(
            _("At most %(count)d photos per report.") % {"count": MAX_PHOTOS},
            code="too_many_files",
            field="photos",
        )
    # Each photo within the attachment limit before it is read into memory.
    check_file_sizes(data.photos, "photos")
    key = data.submission_key.strip()
    if not key or len(key) > 64:
        raise DomainError(
            _("The form is incomplete; please open it again."), code="invalid", field=None
        )
    seen: set[int] = set()
    for line in data.devices:
        if line.device_id in seen:
            raise DomainError(
                _("Each device can be reported once."), code="duplicate", field="devices"
            )
        seen.add(line.device_id)
        if line.outcome not in DeviceOutcome.values:
            raise DomainError(
                _("“%(value)s” is not a valid choice.") % {"value": line.outcome},
                code="invalid",
                field="devices",
            )
    data.work_done = work
    data.parts_used = data.parts_used.strip()
    data.signed_by_name = "" if data.nobody_available else name
    data.submission_key = key
    return data


def report_submit(
    *, intervention: Intervention, data: ReportInput, by: User
) -> tuple[InterventionReport, bool]:
    """The technician's report: the intervention is done, the devices'
    registry rows follow what became of them, photos are resized, and the
    PDF of the report is attached to the ticket as a public reply and
    mailed to the school in its language. Returns (report, created): the
    same form sent again (same submission key) returns the report already
    recorded and changes nothing."""
    data = _clean_report(data)
    existing = InterventionReport.objects.filter(submission_key=data.submission_key).first()
    if existing is not None and existing.intervention_id == intervention.pk:
        return existing, False
    # Decoding and scaling photos takes a moment: before any row is locked.
    resized = [photo_rules.resize_photo(_read(upload)) for upload in data.photos]
    signature = (
        photo_rules.signature_png(data.signature)
        if data.signature and not data.nobody_available
        else None
    )
    now = timezone.now()
    with transaction.atomic():
        intervention = _lock(intervention, final_ok=True)
        _check_own(intervention, by)
        already = InterventionReport.objects.filter(intervention=intervention).first()
        if already is not None:
            if already.submission_key == data.submission_key:
                return already, False
            raise DomainError(_("This intervention already has a report."), code="already_reported")
        if intervention.status != InterventionStatus.ON_SITE:
            raise DomainError(
                _("A report is written on site: tap “On site” first."),
                code="wrong_status",
            )
        devices = {device.pk: device for device in intervention.devices.all()}
        report = InterventionReport.objects.create(
            intervention=intervention,
            submission_key=data.submission_key,
            work_done=data.work_done,
            parts_used=data.parts_used,
            minutes_on_site=data.minutes_on_site,
            minutes_travel=data.minutes_travel,
            signed_by_name=data.signed_by_name,
            nobody_available=data.nobody_available,
            written_by=by,
            created_at=now,
        )
        if signature is not None:
            report.signature.save(f"signature-{report.pk}.png", ContentFile(signature), save=True)
        for line in data.devices:
            device = devices.get(line.device_id)
            if device is None:
                raise DomainError(
                    _("A device of the report is not one of this intervention's devices."),
                    code="unknown_device",
                    field="devices",
                )
            replacement = None
            if line.outcome == DeviceOutcome.REPLACED:
                replacement = device_replace(device=device, new_serial=line.new_serial, by=by)
            elif line.outcome == DeviceOutcome.OUT_OF_SERVICE:
                device_set_status(device=device, status=DeviceStatus.RETIRED, by=by)
            ReportDevice.objects.create(
                report=report, device=device, outcome=line.outcome, replacement=replacement
            )
        for index, photo in enumerate(resized, start=1):
            row = ReportPhoto(report=report, width=photo.width, height=photo.height)
            name = f"report-{report.pk}-{index}.jpg"
            row.image.save(name, ContentFile(photo.content), save=False)
            row.save()
        intervention_set_status(intervention=intervention, status=InterventionStatus.DONE, by=by)
        _attach_pdf(report, by)
        enqueue_on_commit(_mail_task(), report.pk)
    return report, True


def _read(upload) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read()


def _attach_pdf(report: InterventionReport, by: User) -> None:
    """The PDF, in the school's language, as a public reply on the ticket
    (the school sees it in the portal). The mail with the PDF is the
    report's own (`tasks.send_report`), not the usual reply notification."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from pupitre.tickets.services import ticket_reply

    from .report_sheet import report_document

    ticket = report.intervention.ticket
    with translation.override(ticket.school.language):
        content, filename = report_document(report)
        body = str(
            _("Report of the on-site intervention: %(work)s") % {"work": report.work_done[:500]}
        )
    message = ticket_reply(
        ticket=ticket,
        author=by,
        body=body,
        attachments=[SimpleUploadedFile(filename, content, "application/pdf")],
        notify=False,
    )
    report.pdf = message.attachments.get()
    report.save(update_fields=["pdf"])


def _mail_task():
    from .tasks import send_report

    return send_report


def calendar_feed_create(*, technician: User, by: User) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for the technician; the previous one
    stops working. Returns the feed and its token (shown once: only its
    hash is kept)."""
    if technician.role != Role.TECHNICIAN or (
        by.pk != technician.pk and not by.configures_the_service
    ):
        raise DomainError(
            _("Only a technician has a calendar address of their interventions."),
            code="not_allowed",
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        CalendarFeed.objects.filter(technician=technician, revoked_at__isnull=True).update(
            revoked_at=now
        )
        feed = CalendarFeed.objects.create(
            technician=technician, token_hash=queries.token_hash(token), created_at=now
        )
    return feed, token


def calendar_feed_revoke(*, technician: User, by: User) -> int:
    """The technician's calendar address stops working (a lost phone)."""
    if by.pk != technician.pk and not by.configures_the_service:
        raise DomainError(_("Only programme staff can do this."), code="not_allowed")
    with transaction.atomic():
        revoked = CalendarFeed.objects.filter(
            technician=technician, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if revoked:
            audit_record(
                by=by,
                kind=ObjectKind.TECHNICIAN_PROFILE,
                object_id=technician.pk,
                label=technician.get_full_name() or technician.email,
                old={"calendar_feed": "active"},
                new={"calendar_feed": "revoked"},
            )
    return revoked
