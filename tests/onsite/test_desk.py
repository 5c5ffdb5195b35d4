"""The desk's on-site screens: plan a visit from a ticket (conflicts refused
with the reason), one intervention, the supervisors' figures."""

import io
from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pupitre.onsite import queries, services
from pupitre.onsite.models import Intervention, InterventionReport, InterventionStatus

from ..factories import make_device, make_member, make_school
from ..querycount import count_queries
from . import FRIDAY, NOW, THURSDAY, at, make_technician, onsite_ticket, plan

pytestmark = pytest.mark.time_machine(NOW, tick=False)


@pytest.fixture
def technician(db):
    return make_technician(name="Tom Technicien")


def form_data(ticket, technician, **fields):
    data = {
        "site": ticket.school.sites.first().pk,
        "work": "Remplacer la lampe du projecteur.",
        "duration_minutes": "90",
        "technician": technician.pk,
        "slot_1": "2026-12-03T09:00",
        "slot_2": "",
        "slot_3": "",
    }
    data.update(fields)
    return data


def test_agent_plans_a_visit_from_the_ticket(client, agent_fr, teacher, technician):
    ticket = onsite_ticket(teacher)
    device = make_device(ticket.school)
    client.force_login(agent_fr)
    page = client.get(reverse("desk:ticket", args=[ticket.number]))
    assert reverse("desk:intervention_new", args=[ticket.number]) in page.content.decode()
    form = client.get(reverse("desk:intervention_new", args=[ticket.number]))
    assert form.status_code == 200
    assert device.serial in form.content.decode()
    done = client.post(
        reverse("desk:intervention_new", args=[ticket.number]),
        form_data(ticket, technician, devices=[device.pk], slot_2="2026-12-04T10:00"),
    )
    assert done.status_code == 302
    intervention = Intervention.objects.get(ticket=ticket)
    assert done["Location"] == reverse("desk:intervention", args=[intervention.pk])
    assert [s.starts_at for s in queries.slots_of(intervention)] == [
        at(THURSDAY, 9),
        at(FRIDAY, 10),
    ]
    detail = client.get(done["Location"]).content.decode()
    assert "jeudi 3 décembre 2026, 09:00 à 10:30" in detail
    ticket_page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert "Proposée" in ticket_page
    # Normal priority: 10 business days from Monday 30 November, and on time.
    assert "Visite attendue au plus tard le 14/12/2026" in ticket_page
    assert '<span class="badge sla-ok">Dans les temps</span>' in ticket_page


def test_a_conflict_is_refused_with_the_reason_and_the_form_kept(
    client, agent_fr, teacher, technician
):
    ticket = onsite_ticket(teacher)
    client.force_login(agent_fr)
    refused = client.post(
        reverse("desk:intervention_new", args=[ticket.number]),
        form_data(ticket, technician, slot_1="2026-12-02T14:00"),
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Le moment 1 est refusé" in text
    assert "08:00–12:30" in text  # Wednesday: mornings only
    assert "Remplacer la lampe du projecteur." in text
    assert not Intervention.objects.exists()


def test_hostile_input_is_refused_clearly(client, agent_fr, teacher, technician):
    ticket = onsite_ticket(teacher)
    client.force_login(agent_fr)
    url = reverse("desk:intervention_new", args=[ticket.number])
    for fields in (
        {"slot_1": "9999-12-31T23:59"},
        {"slot_1": "abc"},
        {"slot_1": ""},
        {"duration_minutes": "-5"},
        {"site": "99999999999999999999999"},
        {"technician": "²"},
        {"work": "x" * 5000},
    ):
        answer = client.post(url, {**form_data(ticket, technician), **fields})
        assert answer.status_code == 400, fields
    assert not Intervention.objects.exists()


def test_suggested_times_fill_the_slots(client, agent_fr, teacher, technician):
    ticket = onsite_ticket(teacher)
    client.force_login(agent_fr)
    page = client.post(
        reverse("desk:intervention_new", args=[ticket.number]),
        form_data(ticket, technician, slot_1="", suggest="1"),
    )
    assert page.status_code == 200
    text = page.content.decode()
    # Monday 30 November at 08:00; the technician's base is unknown (45 minutes
    # away) and their day starts at 07:30: 08:30 is the first free time of a day.
    assert 'value="2026-11-30T08:30"' in text
    assert 'value="2026-12-01T08:30"' in text
    assert 'value="2026-12-02T08:30"' in text
    assert not Intervention.objects.exists()


def test_new_times_and_cancel_from_the_intervention_page(client, agent_fr, teacher, technician):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    client.force_login(agent_fr)
    moved = client.post(
        reverse("desk:intervention_times", args=[intervention.pk]),
        {"slot_1": "2026-12-04T13:00"},
    )
    assert moved.status_code == 302
    assert [s.starts_at for s in queries.slots_of(intervention)] == [at(FRIDAY, 13)]
    refused = client.post(reverse("desk:intervention_cancel", args=[intervention.pk]), {})
    assert refused.status_code == 400
    cancelled = client.post(
        reverse("desk:intervention_cancel", args=[intervention.pk]), {"reason": "Réparé à distance"}
    )
    assert cancelled.status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.CANCELLED


def test_technicians_and_schools_do_not_plan(client, teacher, technician, agent_fr):
    ticket = onsite_ticket(teacher)
    intervention = plan(ticket, agent_fr, technician)
    for user in (technician, teacher):
        client.force_login(user)
        assert client.get(reverse("desk:intervention_new", args=[ticket.number])).status_code == 403
        assert client.get(reverse("desk:intervention", args=[intervention.pk])).status_code == 403


def test_supervisor_report_by_region_and_week(
    client, supervisor, agent_fr, teacher, technician, time_machine
):
    done = plan(onsite_ticket(teacher), agent_fr, technician)
    services.intervention_confirm(
        intervention=done, slot=queries.slots_of(done)[0], name="A", by=None
    )
    blocked = plan(onsite_ticket(teacher), agent_fr, technician, at(FRIDAY, 9))
    services.intervention_confirm(
        intervention=blocked, slot=queries.slots_of(blocked)[0], name="A", by=None
    )
    time_machine.move_to(at(THURSDAY, 9))
    services.intervention_set_status(intervention=done, status="on_site", by=technician)
    time_machine.move_to(at(FRIDAY, 9))
    services.intervention_set_status(intervention=blocked, status="no_access", by=technician)
    [row] = queries.report_by_region_and_week(since=THURSDAY - timedelta(days=10))
    assert (row["region"], row["count"], row["visited"], row["no_access"]) == ("namur", 2, 2, 1)
    # Thursday and Friday: 3 and 4 business days after Monday.
    assert row["average_days"] == 3.5
    assert row["met_rate"] == 100
    assert row["no_access_rate"] == 50
    client.force_login(supervisor)
    page = client.get(reverse("desk:onsite_report"), {"since": "2026-11-01"})
    assert page.status_code == 200
    assert "Namur" in page.content.decode()
    client.force_login(agent_fr)
    assert client.get(reverse("desk:onsite_report")).status_code == 403


def test_planning_form_and_report_queries_do_not_grow(client, supervisor, agent_fr, technician):
    def fill(count):
        school = make_school()
        teacher = make_member(school)
        ticket = onsite_ticket(teacher)
        for i in range(count):
            make_device(school)
            other = onsite_ticket(teacher)
            start = at(THURSDAY, 9) + timedelta(days=7 * (i % 5), minutes=30 * (i // 5))
            plan(other, agent_fr, technician, start)
        return ticket

    small = fill(2)
    client.force_login(supervisor)
    form_small = count_queries(client, reverse("desk:intervention_new", args=[small.number]))
    report_small = count_queries(client, reverse("desk:onsite_report"))
    large = fill(30)
    form_large = count_queries(client, reverse("desk:intervention_new", args=[large.number]))
    report_large = count_queries(client, reverse("desk:onsite_report"))
    assert form_small == form_large
    assert report_small == report_large


def test_change_the_technician_from_the_intervention_page(client, agent_fr, teacher, technician):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    other = make_technician(name="Lea Lambert")
    client.force_login(agent_fr)
    page = client.get(reverse("desk:intervention", args=[intervention.pk])).content.decode()
    assert "Lea Lambert" in page
    url = reverse("desk:intervention_assign", args=[intervention.pk])
    assert client.post(url, {"technician": "x"}).status_code == 400
    assert client.post(url, {"technician": other.pk}).status_code == 302
    intervention.refresh_from_db()
    assert intervention.technician == other
    page = client.get(reverse("desk:intervention", args=[intervention.pk])).content.decode()
    assert "Changements de technicien" in page
    assert "De Tom Technicien à Lea Lambert" in page
    assert "par Agent Français" in page


def small_photo(number: int) -> SimpleUploadedFile:
    """A small photo, different for each `number`."""
    image = Image.new("RGB", (320, 240), (40 * number % 256, 120, 200))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return SimpleUploadedFile(f"photo-{number}.jpg", out.getvalue(), "image/jpeg")


def reported(intervention, agent, *, photos: int) -> InterventionReport:
    """The visit confirmed, then done and reported by its technician with
    `photos` photos."""
    services.intervention_confirm(
        intervention=intervention, slot=queries.slots_of(intervention)[0], by=agent
    )
    intervention.refresh_from_db()
    services.intervention_set_status(
        intervention=intervention, status=InterventionStatus.ON_SITE, by=intervention.technician
    )
    intervention.refresh_from_db()
    report, _created = services.report_submit(
        intervention=intervention,
        data=services.ReportInput(
            submission_key=uuid4().hex,
            work_done="Alimentation du tableau remplacée.",
            minutes_on_site=50,
            minutes_travel=20,
            photos=[small_photo(n) for n in range(photos)],
            nobody_available=True,
        ),
        by=intervention.technician,
    )
    return report


def test_the_desk_sees_the_reports_photos_and_opens_each_one(client, agent_fr, teacher, technician):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    report = reported(intervention, agent_fr, photos=2)
    first, second = report.photos.order_by("id")
    client.force_login(agent_fr)
    page = client.get(reverse("desk:intervention", args=[intervention.pk])).content.decode()
    assert "Rapport d'intervention" in page
    assert "Alimentation du tableau remplacée." in page
    assert "Rédigé par Tom Technicien" in page
    assert reverse("attachment", args=[report.pdf.pk, report.pdf.filename]) in page
    for number, photo in enumerate([first, second], start=1):
        url = reverse("desk:intervention_photo", args=[intervention.pk, photo.pk])
        assert (
            f'<a href="{url}"><img src="{url}" width="{photo.width}" height="{photo.height}" '
            f'loading="lazy" alt="Photo {number} du rapport"></a>'
        ) in page
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "script-src" not in response["Content-Security-Policy"]
        assert "sandbox" in response["Content-Security-Policy"]
        with photo.image.open("rb") as stored:
            assert b"".join(response.streaming_content) == stored.read()
    assert (first.width, first.height) == (320, 240)


def test_an_intervention_without_report_shows_no_report_section(
    client, agent_fr, teacher, technician
):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    client.force_login(agent_fr)
    page = client.get(reverse("desk:intervention", args=[intervention.pk])).content.decode()
    assert "Rapport d'intervention" not in page
    report = reported(intervention, agent_fr, photos=0)
    assert report.photos.count() == 0
    page = client.get(reverse("desk:intervention", args=[intervention.pk])).content.decode()
    assert "Rapport d'intervention" in page
    assert "Aucune photo n'a été envoyée avec le rapport." in page


def test_a_report_photo_is_served_to_its_technician_and_404_to_anyone_else(
    client, agent_fr, teacher, technician
):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    photo = reported(intervention, agent_fr, photos=1).photos.get()
    url = reverse("desk:intervention_photo", args=[intervention.pk, photo.pk])

    client.force_login(technician)
    mine = client.get(url)
    assert mine.status_code == 200 and mine["Content-Type"] == "image/jpeg"
    with photo.image.open("rb") as stored:
        assert b"".join(mine.streaming_content) == stored.read()

    for someone in (make_technician(name="Lea Lambert"), teacher):
        client.force_login(someone)
        assert client.get(url).status_code == 404, someone
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    client.force_login(agent_fr)
    other = plan(onsite_ticket(teacher), agent_fr, technician, at(FRIDAY, 9))
    for wrong in (
        reverse("desk:intervention_photo", args=[intervention.pk, photo.pk + 1000]),
        reverse("desk:intervention_photo", args=[intervention.pk, "x"]),
        reverse("desk:intervention_photo", args=[intervention.pk, "99999999999999999999999"]),
        # The photo exists, but not in this intervention's report.
        reverse("desk:intervention_photo", args=[other.pk, photo.pk]),
    ):
        assert client.get(wrong).status_code == 404, wrong


def test_intervention_page_queries_do_not_grow_with_devices_slots_and_photos(
    client, agent_fr, teacher, technician
):
    few = plan(
        onsite_ticket(teacher), agent_fr, technician, devices=[make_device(teacher.schools.first())]
    )
    reported(few, agent_fr, photos=1)
    school = teacher.schools.first()
    many = plan(
        onsite_ticket(teacher),
        agent_fr,
        technician,
        at(THURSDAY, 13),
        at(FRIDAY, 9),
        at(FRIDAY, 13),
        devices=[make_device(school) for _ in range(12)],
    )
    for name in ("Lea Lambert", "Marc Dupont"):  # and handed over twice
        services.intervention_assign(
            intervention=many, technician=make_technician(name=name), by=agent_fr
        )
    reported(many, agent_fr, photos=6)  # with a report of six photos
    client.force_login(agent_fr)
    assert count_queries(client, reverse("desk:intervention", args=[few.pk])) == count_queries(
        client, reverse("desk:intervention", args=[many.pk])
    )
