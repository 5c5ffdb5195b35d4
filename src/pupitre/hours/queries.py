"""Reads of service calendars: the engine `Calendar` a school follows."""

from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Case, CharField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from pupitre.core.config_cache import cached
from pupitre.schools.models import School, SchoolType

from .engine import Calendar
from .models import ServiceCalendar

# Built calendars, per process, by (calendar id, revision). A calendar caches
# the days it has computed, so it is built once and reused (engine docs); an
# edit bumps the revision and the next request builds the new one. (Only the
# latest revision of a calendar is kept. An edit that is rolled back never
# builds a calendar inside its transaction, so a revision number is never
# cached with rows other than its committed ones; the tests, which roll every
# transaction back, clear this cache between tests.)
_built: dict[tuple[int, int], Calendar] = {}


def calendar_code_for_school_type(school_type: str) -> str:
    if school_type == SchoolType.ADULT_EDUCATION:
        return ServiceCalendar.EXTENDED
    return ServiceCalendar.STANDARD


SERVICE_CALENDARS = "service_calendars"


def _calendar_rows() -> tuple[dict[int, ServiceCalendar], dict[str, ServiceCalendar]]:
    rows = list(ServiceCalendar.objects.all())
    return {row.pk: row for row in rows}, {row.code: row for row in rows}


def calendar_row_for_school(school: School) -> ServiceCalendar | None:
    """The school's own calendar if one is set, else the one of its type
    (adult education → `extended`, every other type → `standard`).

    The few calendar rows are cached (pupitre/core/config_cache.py): every new
    request and every reply reads them. Each change to a calendar bumps its
    revision through `hours.services.revision_bump`, which forgets them."""
    by_id, by_code = cached(SERVICE_CALENDARS, _calendar_rows)
    if school.calendar_id:
        return by_id.get(school.calendar_id)
    return by_code.get(calendar_code_for_school_type(school.school_type))


def calendar_for_school(school: School) -> Calendar | None:
    """The engine calendar of the school: one query when cached."""
    row = calendar_row_for_school(school)
    return built_calendar(row) if row else None


def built_calendar(row: ServiceCalendar) -> Calendar | None:
    key = (row.pk, row.revision)
    calendar = _built.get(key)
    if calendar is None:
        calendar = _build(row)
        if calendar is not None:
            # list() copies the keys at once: safe while other threads build.
            for old in list(_built):
                if old[0] == row.pk:
                    _built.pop(old, None)
            _built[key] = calendar
    return calendar


def _build(row: ServiceCalendar) -> Calendar | None:
    weekly: dict[int, list] = {}
    for weekday, opens, closes in row.intervals.values_list("weekday", "opens", "closes"):
        weekly.setdefault(weekday, []).append((opens, closes))
    if not weekly:
        return None
    holidays: set[date] = set(row.closed_days.values_list("date", flat=True))
    periods = tuple(row.closed_periods.values_list("starts_at", "ends_at"))
    return Calendar(
        tz=ZoneInfo(row.time_zone),
        weekly={weekday: tuple(intervals) for weekday, intervals in weekly.items()},
        holidays=frozenset(holidays),
        closures=periods,
    )


def calendars_by_code() -> dict[str, ServiceCalendar]:
    return {row.code: row for row in ServiceCalendar.objects.all()}


def calendar_for_user(user) -> Calendar | None:
    """The calendar of a school user's first school, in one query when the
    built calendar is cached (the banner on every portal page asks it)."""
    from pupitre.schools.models import Membership

    found = (
        Membership.objects.filter(user=user)
        .order_by("id")
        .annotate(
            calendar_code=Case(
                When(
                    school__school_type=SchoolType.ADULT_EDUCATION,
                    then=Value(ServiceCalendar.EXTENDED),
                ),
                default=Value(ServiceCalendar.STANDARD),
                output_field=CharField(),
            )
        )
        .annotate(
            calendar_pk=Coalesce(
                "school__calendar_id",
                Subquery(
                    ServiceCalendar.objects.filter(code=OuterRef("calendar_code")).values("pk")[:1]
                ),
            )
        )
        .annotate(
            calendar_revision=Subquery(
                ServiceCalendar.objects.filter(pk=OuterRef("calendar_pk")).values("revision")[:1]
            )
        )
        .values_list("calendar_pk", "calendar_revision")
        .first()
    )
    if found is None or found[0] is None:
        return None
    calendar = _built.get(found)
    if calendar is None:
        row = ServiceCalendar.objects.filter(pk=found[0]).first()
        calendar = built_calendar(row) if row else None
    return calendar


def hours_by_school_type() -> list[tuple[ServiceCalendar, list[str]]]:
    """Each calendar that a school type follows by default, with those types
    (in SchoolType order): what the public "contact and hours" page lists."""
    rows = calendars_by_code()
    groups: dict[str, list[str]] = {}
    for school_type in SchoolType:
        groups.setdefault(calendar_code_for_school_type(school_type), []).append(school_type.value)
    return [(rows[code], types) for code, types in groups.items() if code in rows]


def calendars_with_intervals() -> list[ServiceCalendar]:
    """Every service calendar with its opening hours (the settings screen)."""
    return list(ServiceCalendar.objects.prefetch_related("intervals"))
