"""Desk: device search, a device's page with its tickets, the coverage
badge and filter of the queue, upcoming transfers, coverage rules, labels."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.equipment.queries import current_policy

from ..factories import make_device, make_ticket, make_user
from ..page import form_errors
from ..pdf import pdf_pages_text
from ..querycount import count_queries

BRUSSELS = ZoneInfo("Europe/Brussels")


def test_agent_finds_a_device_by_serial_or_asset_tag_and_sees_its_tickets(
    client, agent_fr, teacher, school
):
    device = make_device(
        school, serial="5CG1234XYZ", asset_tag="EN-0042", delivery_date=date(2025, 1, 1)
    )
    make_device(school, serial="OTHER99")
    ticket = make_ticket(teacher, devices=[device], subject="Écran noir")
    client.force_login(agent_fr)
    for text in ("5CG1234", "en-0042"):
        html = client.get(reverse("desk:devices"), {"q": text}).content.decode()
        assert device.serial in html and "OTHER99" not in html
    page = client.get(reverse("desk:device", args=[device.pk])).content.decode()
    assert ticket.number in page and "Écran noir" in page


def test_queue_shows_a_coverage_badge_and_filters_by_coverage(client, agent_fr, teacher, school):
    covered = make_ticket(
        teacher,
        subject="Sous programme",
        devices=[make_device(school, delivery_date=date(2025, 1, 1))],
    )
    ended = make_ticket(
        teacher,
        subject="Hors couverture",
        devices=[make_device(school, delivery_date=date(2016, 1, 1))],
    )
    bare = make_ticket(teacher, subject="Sans appareil")
    client.force_login(agent_fr)
    html = client.get(reverse("desk:queue")).content.decode()
    assert 'class="badge coverage-not_covered"' in html
    assert 'class="badge coverage-programme"' in html
    html = client.get(reverse("desk:queue"), {"coverage": "not_covered"}).content.decode()
    assert ended.subject in html and covered.subject not in html and bare.subject not in html
    html = client.get(reverse("desk:queue"), {"coverage": "none"}).content.decode()
    assert bare.subject in html and ended.subject not in html
    page = client.get(reverse("desk:ticket", args=[ended.number])).content.decode()
    assert "coverage-not_covered" in page


def test_queue_with_devices_keeps_a_constant_number_of_queries(client, agent_fr, teacher, school):
    client.force_login(agent_fr)
    devices = [make_device(school, delivery_date=date(2016 + i, 1, 1)) for i in range(8)]

    def grow_to(total):
        from pupitre.tickets.models import Ticket

        for i in range(Ticket.objects.count(), total):
            make_ticket(teacher, subject=f"Demande {i}", devices=devices[i % 8 : i % 8 + 2])
        return count_queries(client, reverse("desk:queue"))

    at_10, at_60 = grow_to(10), grow_to(60)
    assert at_10 == at_60
    assert at_60 <= 9  # the queue's 8, plus one for the coverage of the whole page


def test_device_search_runs_a_constant_number_of_queries(client, agent_fr, school):
    client.force_login(agent_fr)

    def grow_to(total):
        for _ in range(school.devices.count(), total):
            make_device(school, delivery_date=date(2020, 1, 1))
        return count_queries(client, reverse("desk:devices"), {"q": "SN"})

    assert grow_to(3) == grow_to(40)


@time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=BRUSSELS), tick=False)
def test_supervisor_sees_upcoming_transfers_and_edits_the_rules(client, supervisor, school):
    make_device(school, serial="SOON-1", delivery_date=date(2023, 12, 20))
    make_device(school, serial="LATER-1", delivery_date=date(2024, 6, 1))
    client.force_login(supervisor)
    html = client.get(reverse("desk:upcoming")).content.decode()
    assert re.findall(r'<a href="/[^"]*devices/\d+/">([^<]+)</a>', html) == ["SOON-1"]
    response = client.post(
        reverse("desk:coverage_policy"),
        {"transfer_years": 3, "assistance_years": 4, "notice_days": 60},
    )
    assert response.status_code == 400
    assert form_errors(response) == [
        "Assistance (années après le transfert): Assurez-vous que cette valeur est "
        "supérieure ou égale à 5."
    ]
    assert current_policy().assistance_years == 5
    response = client.post(
        reverse("desk:coverage_policy"),
        {"transfer_years": 3, "assistance_years": 6, "notice_days": 45},
    )
    assert response.status_code == 302
    assert current_policy().assistance_years == 6


def test_agents_do_not_reach_the_supervisors_screens(client, agent_fr):
    client.force_login(agent_fr)
    assert client.get(reverse("desk:upcoming")).status_code == 403
    assert client.get(reverse("desk:coverage_policy")).status_code == 403


def test_agent_asks_for_an_extension_from_a_device_page(client, agent_fr, school):
    device = make_device(school, delivery_date=date(2016, 1, 1))
    client.force_login(agent_fr)
    url = f"{reverse('desk:extension_new')}?device={device.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"devices": [device.pk], "requested_end": "2028-01-31", "reason": "Demande au téléphone"},
    )
    assert response.status_code == 302
    assert device.extension_requests.get().requested_by == agent_fr


def test_desk_prints_the_labels_of_a_school_in_the_schools_language(
    client, agent_de, school, settings
):
    settings.HELPDESK_PHONE = "+32 81 23 45 67"
    device = make_device(school, serial="PF3XK2LM", asset_tag="INV-0042")
    client.force_login(agent_de)  # a German-speaking agent prints a French school's labels
    response = client.get(reverse("desk:school_labels", args=[school.pk]))
    assert response["Content-Type"] == "application/pdf"
    [page] = pdf_pages_text(response.content)
    assert page == (
        "Besoin d'aide avec cet appareil ? Scannez le code. "
        f"{device.model} S/N PF3XK2LM INV-0042 Athénée royal de Namur +32 81 23 45 67"
    )


def test_technicians_have_no_desk_device_pages(client, school):
    client.force_login(make_user(role=Role.TECHNICIAN))
    assert client.get(reverse("desk:devices")).status_code == 403
