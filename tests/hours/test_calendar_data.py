"""Calendars as data: rows, generated holidays, which calendar a school follows."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pupitre.hours import services
from pupitre.hours.models import ClosedDay, ClosedDayKind, ServiceCalendar
from pupitre.hours.queries import calendar_for_school, calendar_for_user
from pupitre.schools.models import SchoolType

from ..factories import make_member, make_school

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2031, 6, 2, 12, tzinfo=BRUSSELS), tick=False),
]


def local(*args):
    return datetime(*args, tzinfo=BRUSSELS)


def closed(code, day):
    return ClosedDay.objects.get(calendar__code=code, date=day)


def test_standard_and_extended_calendars_are_shipped_with_their_hours():
    standard = ServiceCalendar.objects.get(code="standard")
    extended = ServiceCalendar.objects.get(code="extended")
    assert sorted(standard.intervals.values_list("weekday", "opens", "closes")) == [
        (weekday, time(8), time(18)) for weekday in range(5)
    ]
    assert sorted(extended.intervals.values_list("weekday", "opens", "closes")) == [
        (weekday, time(8), time(21)) for weekday in range(5)
    ]


@pytest.mark.parametrize("code", ["standard", "extended"])
@pytest.mark.parametrize(
    ("day", "name_de", "name_fr"),
    [
        (date(2026, 4, 6), "Ostermontag", "Lundi de Pâques"),
        (date(2027, 3, 29), "Ostermontag", "Lundi de Pâques"),
        (date(2026, 5, 14), "Christi Himmelfahrt", "Ascension"),
        (date(2027, 5, 6), "Christi Himmelfahrt", "Ascension"),
        (date(2030, 7, 21), "Nationalfeiertag", "Fête nationale"),
    ],
)
def test_belgian_holidays_are_generated_with_german_and_french_names(code, day, name_de, name_fr):
    row = closed(code, day)
    assert (row.name_de, row.name_fr, row.kind) == (name_de, name_fr, "public_holiday")


def test_the_walloon_public_service_days_off_are_editable_closures():
    for day in (date(2026, 9, 27), date(2026, 11, 2), date(2026, 11, 15), date(2026, 12, 26)):
        assert closed("standard", day).kind == ClosedDayKind.SERVICE_CLOSURE
    assert closed("standard", date(2026, 11, 15)).name_fr == "Fête du Roi"


def test_generating_is_idempotent_and_keeps_edited_rows():
    standard = ServiceCalendar.objects.get(code="standard")
    services.closed_day_add(
        calendar=standard,
        day=date(2026, 11, 2),
        name_de="Allerseelen (halber Tag)",
        name_fr="Jour des défunts (demi-jour)",
        by=None,
    )
    assert services.holidays_generate(calendar=standard, years=[2026], by=None) == 0
    assert closed("standard", date(2026, 11, 2)).name_fr == "Jour des défunts (demi-jour)"


def test_management_command_generates_more_years():
    call_command("calendars", "--years", "2031", "2032", stdout=None)
    assert closed("standard", date(2032, 3, 29)).name_de == "Ostermontag"  # Easter Monday 2032
    assert closed("extended", date(2031, 12, 26)).kind == ClosedDayKind.SERVICE_CLOSURE
    before = ClosedDay.objects.count()
    call_command("calendars", "--years", "2031", stdout=None)
    assert ClosedDay.objects.count() == before


def test_adult_education_school_gets_the_extended_calendar():
    adult = make_school(school_type=SchoolType.ADULT_EDUCATION)
    secondary = make_school(school_type=SchoolType.SECONDARY)
    tuesday_evening = local(2026, 3, 24, 20)
    assert calendar_for_school(adult).is_open(tuesday_evening)
    assert not calendar_for_school(secondary).is_open(tuesday_evening)
    assert calendar_for_school(adult).next_closing(tuesday_evening) == local(2026, 3, 24, 21)


def test_a_calendar_set_on_the_school_wins_over_its_type():
    extended = ServiceCalendar.objects.get(code="extended")
    school = make_school(school_type=SchoolType.PRIMARY)
    school.calendar = extended
    school.save()
    assert calendar_for_school(school).is_open(local(2026, 3, 24, 20))
    assert calendar_for_user(make_member(school)).is_open(local(2026, 3, 24, 20))


def test_an_edit_bumps_the_revision_and_the_built_calendar_follows():
    school = make_school()
    standard = ServiceCalendar.objects.get(code="standard")
    monday = local(2026, 6, 8, 10)
    first = calendar_for_school(school)
    assert first.is_open(monday)
    with CaptureQueriesContext(connection) as queries:
        assert calendar_for_school(school) is first  # built once, reused
    assert len(queries) == 0  # the calendar rows are cached too
    services.closed_day_add(
        calendar=standard,
        day=date(2026, 6, 8),
        name_de="Umzug",
        name_fr="Déménagement",
        by=None,
    )
    assert ServiceCalendar.objects.get(code="standard").revision == standard.revision + 1
    assert not calendar_for_school(school).is_open(monday)
    services.closed_day_remove(calendar=standard, day=date(2026, 6, 8), by=None)
    assert calendar_for_school(school).is_open(monday)


def test_opening_hours_are_edited_per_weekday():
    standard = ServiceCalendar.objects.get(code="standard")
    services.opening_hours_set(
        calendar=standard,
        weekday=2,
        intervals=[(time(8), time(12)), (time(13), time(18))],
        by=None,
    )
    calendar = calendar_for_school(make_school())
    assert not calendar.is_open(local(2026, 6, 10, 12, 30))  # a Wednesday
    assert calendar.is_open(local(2026, 6, 11, 12, 30))


def test_a_closing_before_opening_is_refused():
    from pupitre.core.errors import DomainError

    standard = ServiceCalendar.objects.get(code="standard")
    with pytest.raises(DomainError):
        services.opening_hours_set(
            calendar=standard, weekday=0, intervals=[(time(18), time(8))], by=None
        )
