"""A visit handed over from one technician to another: the former one's
calendar feed keeps it, cancelled, so that their phone removes it; the new
one's shows it confirmed; the former one's pages no longer offer it and say
where it went."""

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client as DjangoClient
from django.urls import reverse

from pupitre.onsite import services
from pupitre.onsite.icalendar import unfold
from pupitre.onsite.models import InterventionHandover, InterventionStatus

from ..conftest import Client
from ..factories import make_device, make_school
from ..onsite.helpers import at, make_intervention, make_technician
from ..querycount import count_queries

DAY = date(2026, 12, 8)  # a Tuesday
MORNING = at(DAY, 7, 30)
HOST = "127.0.0.1"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def travel():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def anna(db):
    return make_technician(name="Anna Arnould")


@pytest.fixture
def bruno(db):
    return make_technician(name="Bruno Bastin")


def feed_path(technician) -> str:
    _feed, token = services.calendar_feed_create(technician=technician, by=technician)
    return reverse("onsite_feed", args=[token])


def events(path) -> dict[str, dict[str, str]]:
    """The feed's events by UID, each as its properties, read as a phone
    calendar would: anonymously, by the secret address."""
    response = DjangoClient().get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in unfold(response.content.decode()):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current["UID"] not in found, "one event per visit"
            found[current["UID"]] = current
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


def uid(intervention) -> str:
    return f"intervention-{intervention.pk}@{HOST}"


def assign(agent, intervention, technician):
    """The agent changes the technician on the visit's desk page (in a
    browser of their own)."""
    client = Client()
    client.force_login(agent)
    url = reverse("desk:intervention_assign", args=[intervention.pk])
    response = client.post(url, {"technician": technician.pk})
    assert response.status_code == 302, response.content.decode()[:2000]


# --- the calendar feeds -------------------------------------------------------------


def test_a_handed_over_visit_is_cancelled_in_the_former_feed_and_confirmed_in_the_new_one(
    anna, bruno, agent_fr, school, travel
):
    anna_feed, bruno_feed = feed_path(anna), feed_path(bruno)
    visit = make_intervention(school, technician=anna, starts_at=at(DAY, 9))
    before = events(anna_feed)[uid(visit)]
    assert before["STATUS"] == "CONFIRMED"
    assert uid(visit) not in events(bruno_feed)

    assign(agent_fr, visit, bruno)

    anna_sees = events(anna_feed)[uid(visit)]
    bruno_sees = events(bruno_feed)[uid(visit)]
    assert anna_sees["STATUS"] == "CANCELLED"
    assert int(anna_sees["SEQUENCE"]) > int(before["SEQUENCE"])
    # At the time Anna's calendar had, so that the phone finds the same event.
    assert anna_sees["DTSTART"] == before["DTSTART"] == "20261208T080000Z"
    assert bruno_sees["STATUS"] == "CONFIRMED"
    assert bruno_sees["DTSTART"] == "20261208T080000Z"
    assert bruno_sees["SEQUENCE"] == anna_sees["SEQUENCE"]

    # Given back: Anna's event is confirmed again, Bruno's cancelled, both
    # with a higher SEQUENCE than what their phones hold.
    assign(agent_fr, visit, anna)
    anna_again = events(anna_feed)[uid(visit)]
    bruno_again = events(bruno_feed)[uid(visit)]
    assert anna_again["STATUS"] == "CONFIRMED"
    assert bruno_again["STATUS"] == "CANCELLED"
    assert int(anna_again["SEQUENCE"]) > int(anna_sees["SEQUENCE"])
    assert int(bruno_again["SEQUENCE"]) > int(bruno_sees["SEQUENCE"])


def test_a_visit_passed_on_twice_is_cancelled_for_both_former_technicians(
    anna, bruno, agent_fr, school, travel
):
    carla = make_technician(name="Carla Collard")
    anna_feed, bruno_feed, carla_feed = feed_path(anna), feed_path(bruno), feed_path(carla)
    visit = make_intervention(school, technician=anna, starts_at=at(DAY, 14))
    assign(agent_fr, visit, bruno)
    assign(agent_fr, visit, carla)
    assert events(anna_feed)[uid(visit)]["STATUS"] == "CANCELLED"
    assert events(bruno_feed)[uid(visit)]["STATUS"] == "CANCELLED"
    assert events(carla_feed)[uid(visit)]["STATUS"] == "CONFIRMED"


def test_the_handed_over_visit_stays_in_the_former_feed_as_long_as_a_cancelled_one(
    anna, bruno, agent_fr, school, supervisor, travel
):
    anna_feed = feed_path(anna)
    handed = make_intervention(school, technician=anna, starts_at=at(DAY, 9))
    cancelled = make_intervention(school, technician=anna, starts_at=at(DAY, 11))
    assign(agent_fr, handed, bruno)
    services.intervention_set_status(
        intervention=cancelled, status=InterventionStatus.CANCELLED, by=supervisor
    )
    travel.move_to(at(DAY, 8) + timedelta(days=30))
    seen = events(anna_feed)
    assert seen[uid(handed)]["STATUS"] == seen[uid(cancelled)]["STATUS"] == "CANCELLED"
    travel.move_to(at(DAY, 12) + timedelta(days=30))
    assert events(anna_feed) == {}


def test_new_times_after_the_handover_do_not_bring_the_visit_back_to_the_former_feed(
    anna, bruno, agent_fr, school, travel
):
    anna_feed = feed_path(anna)
    visit = make_intervention(school, technician=anna, starts_at=at(DAY, 9))
    assign(agent_fr, visit, bruno)
    services.intervention_propose_slots(
        intervention=visit, slots=[at(DAY + timedelta(days=2), 10)], by=agent_fr
    )
    anna_sees = events(anna_feed)[uid(visit)]
    assert anna_sees["STATUS"] == "CANCELLED"
    assert anna_sees["DTSTART"] == "20261208T080000Z"
    # Bruno's visit waits for the school's choice: not in his calendar yet.
    assert uid(visit) not in events(feed_path(bruno))


def test_a_visit_handed_over_before_its_time_was_chosen_never_reaches_the_former_feed(
    anna, bruno, agent_fr, school, travel
):
    anna_feed = feed_path(anna)
    visit = make_intervention(school, technician=anna, status=InterventionStatus.PROPOSED)
    assign(agent_fr, visit, bruno)
    assert events(anna_feed) == {}
    handover = InterventionHandover.objects.get(intervention=visit)
    assert handover.starts_at is None


def test_the_feed_runs_a_constant_number_of_queries_with_handed_over_visits(anna, agent_fr, travel):
    anna_feed = feed_path(anna)
    anonymous = DjangoClient()
    hour = 0

    def grow_to(count):
        nonlocal hour
        for _index in range(count):
            school = make_school()
            day = DAY + timedelta(days=1 + hour // 5)
            mine = make_intervention(school, technician=anna, starts_at=at(day, 9 + hour % 5))
            gone = make_intervention(
                school, technician=anna, starts_at=at(day + timedelta(days=7), 9 + hour % 5)
            )
            make_intervention(school, technician=anna, status=InterventionStatus.PROPOSED)
            # Each to a colleague of their own: one person cannot take them all.
            colleague = make_technician(name=f"Collègue {hour}")
            services.intervention_assign(intervention=gone, technician=colleague, by=agent_fr)
            services.intervention_set_status(
                intervention=mine, status=InterventionStatus.CANCELLED, by=agent_fr
            )
            hour += 1
        return count_queries(anonymous, anna_feed)

    small = grow_to(2)
    large = grow_to(10)
    assert len(events(anna_feed)) == 24
    assert small == large
    assert large <= 3


# --- the former technician's pages -----------------------------------------------------


def test_the_former_technicians_day_no_longer_offers_the_visit_and_says_it_was_handed_over(
    client, anna, bruno, agent_fr, school, travel
):
    visit = make_intervention(school, technician=anna, starts_at=at(DAY, 9))
    assign(agent_fr, visit, bruno)

    client.force_login(anna)
    html = client.get(reverse("desk:today")).content.decode()
    assert f'id="intervention-{visit.pk}"' not in html
    assert f"desk/today/{visit.pk}/" not in html
    handed = html[html.index(f'id="handed-over-{visit.pk}"') :].split("</li>")[0]
    assert "09:00–10:30" in handed and school.name in handed
    assert "Visites confiées à un autre technicien" in html

    client.force_login(bruno)
    html = client.get(reverse("desk:today")).content.decode()
    assert f'id="intervention-{visit.pk}"' in html
    assert f'id="handed-over-{visit.pk}"' not in html


def test_the_former_technician_opening_the_visit_is_told_it_went_to_another_technician(
    client, anna, bruno, agent_fr, school, travel
):
    visit = make_intervention(school, technician=anna, starts_at=at(DAY, 9))
    assign(agent_fr, visit, bruno)
    client.force_login(anna)

    report = client.get(reverse("desk:intervention_report", args=[visit.pk]), follow=True)
    assert report.status_code == 200
    assert report.redirect_chain[-1][0] == reverse("desk:today") + "?day=2026-12-08"
    page = report.content.decode()
    assert "a été confiée à un autre technicien" in page
    assert visit.ticket.number in page

    step = client.post(
        reverse("desk:intervention_step", args=[visit.pk]), {"status": "on_the_way"}, follow=True
    )
    assert step.status_code == 200
    assert "a été confiée à un autre technicien" in step.content.decode()
    visit.refresh_from_db()
    assert visit.status == InterventionStatus.CONFIRMED
    assert visit.on_the_way_at is None

    # Given back, the visit is Anna's again.
    assign(agent_fr, visit, anna)
    client.force_login(anna)
    response = client.get(reverse("desk:intervention_report", args=[visit.pk]))
    assert response.status_code == 200


def test_the_message_is_in_the_former_technicians_language(client, bruno, agent_fr, school, travel):
    jonas = make_technician(language="de", name="Jonas Jost")
    visit = make_intervention(school, technician=jonas, starts_at=at(DAY, 9))
    assign(agent_fr, visit, bruno)
    client.force_login(jonas)
    page = client.get(reverse("desk:intervention_report", args=[visit.pk]), follow=True)
    assert "einem anderen Techniker übergeben" in page.content.decode()


def test_only_the_former_technician_is_told_others_still_get_404(
    client, anna, bruno, agent_fr, school, travel
):
    visit = make_intervention(school, technician=anna, starts_at=at(DAY, 9))
    assign(agent_fr, visit, bruno)
    stranger = make_technician(name="Dora Delvaux")
    client.force_login(stranger)
    assert client.get(reverse("desk:intervention_report", args=[visit.pk])).status_code == 404
    step = reverse("desk:intervention_step", args=[visit.pk])
    assert client.post(step, {"status": "on_the_way"}).status_code == 404
    # Staff see the visit as always, with its new technician.
    client.force_login(agent_fr)
    page = client.get(reverse("desk:intervention", args=[visit.pk]))
    assert page.status_code == 200
    assert "Bruno Bastin" in page.content.decode()


def test_today_runs_a_constant_number_of_queries_with_handed_over_visits(
    client, anna, agent_fr, travel
):
    client.force_login(anna)

    def grow_to(count):
        for index in range(count):
            school = make_school()
            make_intervention(
                school,
                technician=anna,
                starts_at=at(DAY, 8) + timedelta(minutes=index),
                devices=[make_device(school)],
            )
            gone = make_intervention(
                school, technician=anna, starts_at=at(DAY, 13) + timedelta(minutes=index)
            )
            colleague = make_technician(name=f"Collègue {count}-{index}")
            services.intervention_assign(intervention=gone, technician=colleague, by=agent_fr)
        return count_queries(client, reverse("desk:today"))

    small = grow_to(2)
    large = grow_to(8)
    assert small == large
    html = client.get(reverse("desk:today")).content.decode()
    assert html.count('id="handed-over-') == 10
