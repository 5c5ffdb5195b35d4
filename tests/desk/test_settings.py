"""Supervisors edit the service calendars and the SLA targets in the desk."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from pupitre.hours.models import ClosedDay, ServiceCalendar
from pupitre.hours.queries import calendar_for_school
from pupitre.tickets.models import Priority, SlaPolicy

from ..factories import make_school, make_ticket

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 3, 23, 10, tzinfo=BRUSSELS), tick=False),
]
WEEK = {f"day_{day}": "08:00–18:00" for day in range(5)} | {"day_5": "", "day_6": ""}


def test_only_supervisors_open_the_settings(client, agent_fr, supervisor):
    client.force_login(agent_fr)
    assert client.get(reverse("desk:calendars")).status_code == 403
    assert client.get(reverse("desk:sla")).status_code == 403
    client.force_login(supervisor)
    html = client.get(reverse("desk:calendars")).content.decode()
    assert "lundi au vendredi" in html and "08:00–21:00" in html


def test_supervisor_changes_the_opening_hours(client, supervisor):
    school = make_school()
    client.force_login(supervisor)
    response = client.post(
        reverse("desk:calendar_hours", args=["standard"]),
        WEEK | {"day_2": "08:00–12:00, 13:00-18:00", "day_5": "09:00–12:00"},
    )
    assert response.status_code == 302
    calendar = calendar_for_school(school)
    assert not calendar.is_open(datetime(2026, 3, 25, 12, 30, tzinfo=BRUSSELS))
    assert calendar.is_open(datetime(2026, 3, 28, 10, tzinfo=BRUSSELS))
    assert calendar.weekly[2] == ((time(8), time(12)), (time(13), time(18)))


def test_bad_hours_are_refused_with_a_message(client, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("desk:calendar_hours", args=["standard"]), WEEK | {"day_0": "le matin"}
    )
    assert response.status_code == 400
    assert "Écrivez les heures sous la forme 08:00–18:00" in response.content.decode()
    all_closed = {f"day_{day}": "" for day in range(7)}
    response = client.post(reverse("desk:calendar_hours", args=["standard"]), all_closed)
    assert response.status_code == 400
    assert "au moins une fois par semaine" in response.content.decode()
    assert ServiceCalendar.objects.get(code="standard").intervals.count() == 5


def test_supervisor_adds_and_removes_a_closed_day(client, supervisor):
    school = make_school()
    client.force_login(supervisor)
    client.post(
        reverse("desk:calendar_day_add", args=["standard"]),
        {"day": "2026-06-08", "name_de": "Umzug", "name_fr": "Déménagement"},
    )
    assert not calendar_for_school(school).is_open(datetime(2026, 6, 8, 10, tzinfo=BRUSSELS))
    html = client.get(reverse("desk:calendar", args=["standard"]), {"year": 2026}).content.decode()
    assert "Déménagement" in html and "Fête du Roi" in html
    client.post(reverse("desk:calendar_day_remove", args=["standard"]), {"day": "2026-11-02"})
    assert not ClosedDay.objects.filter(calendar__code="standard", date=date(2026, 11, 2)).exists()
    assert calendar_for_school(school).is_open(datetime(2026, 11, 2, 10, tzinfo=BRUSSELS))


def test_supervisor_generates_the_closed_days_of_a_new_year(client, supervisor):
    client.force_login(supervisor)
    client.post(reverse("desk:calendar_generate", args=["extended"]), {"year": 2033})
    assert ClosedDay.objects.get(calendar__code="extended", date=date(2033, 4, 18)).name_de == (
        "Ostermontag"
    )


def test_supervisor_changes_an_sla_target(client, supervisor, teacher):
    policy = SlaPolicy.objects.get(priority=Priority.NORMAL, category="")
    client.force_login(supervisor)
    response = client.post(
        reverse("desk:sla"),
        {"policy": policy.pk, "first_response_minutes": 120, "resolution_minutes": 1200},
    )
    assert response.status_code == 302
    ticket = make_ticket(teacher)
    assert ticket.first_response_due == datetime(2026, 3, 23, 12, tzinfo=BRUSSELS)
    response = client.post(
        reverse("desk:sla"),
        {"policy": policy.pk, "first_response_minutes": 0, "resolution_minutes": 1200},
    )
    assert response.status_code == 400
