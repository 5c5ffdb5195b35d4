"""Every change to a service calendar goes through one of these functions.

Each one bumps the calendar's `revision` in the same transaction, so that the
calendars built from the rows (queries.calendar_for_school) are rebuilt, and
records what changed in the settings' history (`by`: who, `None` for the
system).
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record, snapshot
from pupitre.core.config_cache import forget
from pupitre.core.errors import DomainError

from .models import ClosedDay, ClosedDayKind, ClosedPeriod, OpeningInterval, ServiceCalendar
from .queries import SERVICE_CALENDARS

# The Walloon public service's usual extra days off, on top of the Belgian
# public holidays. Generated as editable closures: a supervisor removes the
# ones that do not apply in a given year.
DEFAULT_SERVICE_CLOSURES = (
    (9, 27, "Fest der Französischen Gemeinschaft", "Fête de la Fédération Wallonie-Bruxelles"),
    (11, 2, "Allerseelen", "Jour des défunts"),
    (11, 15, "Festtag des Königs", "Fête du Roi"),
    (12, 26, "Zweiter Weihnachtstag", "Lendemain de Noël"),
)


# The programme's two calendars: code, name, closing time (Monday to Friday
# from 08:00). Created by the data migration hours/0002, named in each
# language by hours/0003.
DEFAULT_CALENDARS = (
    ("standard", "Standard (8:00–18:00)", time(18)),
    ("extended", "Extended (8:00–21:00)", time(21)),
)
DEFAULT_CALENDAR_NAMES = {
    "standard": {
        "de": "Standard (8–18 Uhr)",
        "fr": "Standard (8 h – 18 h)",
        "en": "Standard (8:00–18:00)",
    },
    "extended": {
        "de": "Erweitert (8–21 Uhr)",
        "fr": "Étendu (8 h – 21 h)",
        "en": "Extended (8:00–21:00)",
    },
}


def closed_days_for_years(years: Iterable[int]) -> list[tuple[date, str, str, str]]:
    """(date, German name, French name, kind) of the Belgian public holidays
    (from the `holidays` package) and the default service closures."""
    import holidays

    years = sorted(set(years))
    german = holidays.country_holidays("BE", years=years, language="de")
    french = holidays.country_holidays("BE", years=years, language="fr")
    days = {
        day: (day, german[day], french[day], ClosedDayKind.PUBLIC_HOLIDAY.value)
        for day in sorted(german)
    }
    for year in years:
        for month, day_of_month, name_de, name_fr in DEFAULT_SERVICE_CLOSURES:
            day = date(year, month, day_of_month)
            days.setdefault(day, (day, name_de, name_fr, ClosedDayKind.SERVICE_CLOSURE.value))
    return [days[day] for day in sorted(days)]


def holidays_generate(*, calendar: ServiceCalendar, years: Iterable[int], by) -> int:
    """Add the public holidays and default closures of `years`; idempotent:
    a date that already has a row (perhaps renamed by a supervisor) is kept.
    Returns the number of rows added."""
    with transaction.atomic():
        calendar = _lock(calendar)
        existing = set(calendar.closed_days.values_list("date", flat=True))
        rows = [
            ClosedDay(calendar=calendar, date=day, name_de=de, name_fr=fr, kind=kind)
            for day, de, fr, kind in closed_days_for_years(years)
            if day not in existing
        ]
        ClosedDay.objects.bulk_create(rows)
        for row in rows:
            _record_day(calendar, row, by, old=None, new=row)
        if rows:
            _bump(calendar)
    return len(rows)


def default_calendars_create(*, years: Iterable[int], by) -> list[ServiceCalendar]:
    """The shipped calendars, created if missing, with the closed days of
    `years` (what the data migration does; for a database that lost them)."""
    calendars = []
    for code, name, closes in DEFAULT_CALENDARS:
        names = {f"name_{lang}": text for lang, text in DEFAULT_CALENDAR_NAMES[code].items()}
        calendar, created = ServiceCalendar.objects.get_or_create(
            code=code, defaults={"name": name, **names}
        )
        if created:
            forget(SERVICE_CALENDARS)
            OpeningInterval.objects.bulk_create(
                OpeningInterval(calendar=calendar, weekday=weekday, opens=time(8), closes=closes)
                for weekday in range(5)
            )
        holidays_generate(calendar=calendar, years=years, by=by)
        calendars.append(calendar)
    return calendars


def opening_hours_set(
    *,
    calendar: ServiceCalendar,
    weekday: int,
    intervals: Sequence[tuple[time, time]],
    by,
    check: bool = True,
) -> None:
    """Replace the opening hours of one weekday (an empty list closes it)."""
    if weekday not in range(7):
        raise DomainError(_("Please choose a weekday."), code="invalid", field="weekday")
    for opens, closes in intervals:
        if closes != time(0) and closes <= opens:
            raise DomainError(
                _("An opening interval must close after it opens."),
                code="invalid",
                field="intervals",
            )
    with transaction.atomic():
        calendar = _lock(calendar)
        before = _hours_text(calendar.intervals.filter(weekday=weekday).order_by("opens"))
        calendar.intervals.filter(weekday=weekday).delete()
        OpeningInterval.objects.bulk_create(
            OpeningInterval(calendar=calendar, weekday=weekday, opens=opens, closes=closes)
            for opens, closes in intervals
        )
        if not calendar.intervals.exists():
            raise DomainError(_("A calendar must be open at least once a week."), code="never_open")
        after = _hours_text(calendar.intervals.filter(weekday=weekday).order_by("opens"))
        field = f"hours_{weekday}"
        audit_record(
            by=by,
            kind=ObjectKind.CALENDAR,
            object_id=calendar.pk,
            label=calendar.localized_name,
            old={field: before},
            new={field: after},
        )
        _bump(calendar)


def opening_hours_set_week(
    *, calendar: ServiceCalendar, hours: dict[int, Sequence[tuple[time, time]]], by
) -> None:
    """Replace the opening hours of several weekdays at once (all or nothing)."""
    with transaction.atomic():
        for weekday, intervals in sorted(hours.items()):
            opening_hours_set(
                calendar=calendar, weekday=weekday, intervals=intervals, by=by, check=False
            )
        if not calendar.intervals.exists():
            raise DomainError(_("A calendar must be open at least once a week."), code="never_open")


def closed_day_add(
    *,
    calendar: ServiceCalendar,
    day: date,
    name_de: str,
    name_fr: str,
    kind: str = ClosedDayKind.SERVICE_CLOSURE,
    by,
) -> ClosedDay:
    if not name_de.strip() or not name_fr.strip():
        raise DomainError(_("Please name the closed day in German and in French."), code="required")
    with transaction.atomic():
        calendar = _lock(calendar)
        before = ClosedDay.objects.filter(calendar=calendar, date=day).first()
        closed, _created = ClosedDay.objects.update_or_create(
            calendar=calendar,
            date=day,
            defaults={"name_de": name_de.strip(), "name_fr": name_fr.strip(), "kind": kind},
        )
        if _record_day(calendar, closed, by, old=before, new=closed):
            _bump(calendar)
    return closed


def closed_day_remove(*, calendar: ServiceCalendar, day: date, by) -> None:
    with transaction.atomic():
        calendar = _lock(calendar)
        closed = calendar.closed_days.filter(date=day).first()
        if closed is not None:
            ClosedDay.objects.filter(pk=closed.pk).delete()
            _record_day(calendar, closed, by, old=closed, new=None)
            _bump(calendar)


def closed_period_add(
    *, calendar: ServiceCalendar, starts_at: datetime, ends_at: datetime, reason: str = "", by
) -> ClosedPeriod:
    return closed_period_save(
        period=ClosedPeriod(calendar=calendar),
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        by=by,
    )


def closed_period_save(
    *, period: ClosedPeriod, starts_at: datetime, ends_at: datetime, reason: str = "", by
) -> ClosedPeriod:
    """Create `period` (not saved yet) or change it."""
    if ends_at <= starts_at:
        raise DomainError(
            _("A closed period must end after it starts."), code="invalid", field="ends_at"
        )
    with transaction.atomic():
        calendar = _lock(period.calendar)
        before = None
        if period.pk is not None:
            before = snapshot(ClosedPeriod.objects.get(pk=period.pk), _PERIOD_FIELDS)
        period.starts_at, period.ends_at, period.reason = starts_at, ends_at, reason.strip()
        period.save()
        if audit_record(
            by=by,
            kind=ObjectKind.CLOSED_PERIOD,
            object_id=period.pk,
            label=_period_label(calendar, period),
            old=before,
            new=snapshot(period, _PERIOD_FIELDS),
        ):
            _bump(calendar)
    return period


def closed_period_remove(*, period: ClosedPeriod, by) -> None:
    with transaction.atomic():
        calendar = _lock(period.calendar)
        old = snapshot(period, _PERIOD_FIELDS)
        if ClosedPeriod.objects.filter(pk=period.pk).delete()[0]:
            audit_record(
                by=by,
                kind=ObjectKind.CLOSED_PERIOD,
                object_id=period.pk,
                label=_period_label(calendar, period),
                old=old,
            )
            _bump(calendar)


_NAME_FIELDS = ("name_de", "name_fr", "name_en", "time_zone")


def calendar_rename(
    *, calendar: ServiceCalendar, names: dict[str, str], time_zone: str, by
) -> ServiceCalendar:
    """Change a calendar's names (`names`: language → name, German, French
    and English, each required) or time zone."""
    names = {language: (names.get(language) or "").strip() for language in ("de", "fr", "en")}
    for language, name in names.items():
        if not name:
            raise DomainError(
                _("Please name the calendar in each language."),
                code="required",
                field=f"name_{language}",
            )
    with transaction.atomic():
        calendar = _lock(calendar)
        before = snapshot(calendar, _NAME_FIELDS)
        for language, name in names.items():
            setattr(calendar, f"name_{language}", name)
        calendar.time_zone = time_zone
        calendar.save(update_fields=_NAME_FIELDS)
        if audit_record(
            by=by,
            kind=ObjectKind.CALENDAR,
            object_id=calendar.pk,
            label=calendar.localized_name,
            old=before,
            new=snapshot(calendar, _NAME_FIELDS),
        ):
            _bump(calendar)
    return calendar


_DAY_FIELDS = ("name_de", "name_fr", "kind")
_PERIOD_FIELDS = ("starts_at", "ends_at", "reason")


def _record_day(calendar, closed: ClosedDay, by, *, old, new) -> list:
    return audit_record(
        by=by,
        kind=ObjectKind.CLOSED_DAY,
        object_id=closed.pk,
        label=f"{calendar.name} — {closed.date.isoformat()}",
        old=old and snapshot(old, _DAY_FIELDS),
        new=new and snapshot(new, _DAY_FIELDS),
    )


def _period_label(calendar, period: ClosedPeriod) -> str:
    return f"{calendar.localized_name} — {snapshot(period, ('starts_at',))['starts_at']}"


def _hours_text(intervals) -> str:
    return ", ".join(f"{i.opens:%H:%M}–{i.closes:%H:%M}" for i in intervals)


def _lock(calendar: ServiceCalendar) -> ServiceCalendar:
    # Two supervisors editing the same calendar queue up here, so each edit
    # sees the other's rows and the revision counts every change.
    return ServiceCalendar.objects.select_for_update().get(pk=calendar.pk)


def revision_bump(calendar_id: int) -> None:
    """Every change to a calendar ends here: built calendars of the older
    revision are dropped, and the cached calendar rows forgotten."""
    ServiceCalendar.objects.filter(pk=calendar_id).update(revision=F("revision") + 1)
    forget(SERVICE_CALENDARS)


def _bump(calendar: ServiceCalendar) -> None:
    revision_bump(calendar.pk)
