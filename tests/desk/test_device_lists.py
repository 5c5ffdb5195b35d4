"""The desk's device lists (extension requests, upcoming transfers and
ends, imports): pages whose cost does not grow with the list."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pupitre.accounts.models import Role
from pupitre.equipment.models import DeviceImport, ExtensionRequest
from pupitre.web import pagination

from ..factories import make_device, make_school, make_user
from ..page import texts
from ..querycount import count_queries

TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        timezone.datetime(2026, 12, 1, 10, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        yield


def transferred_soon(school, n, **fields):
    """Walloon-funded, its ownership passes to the school n days after 15 January 2027."""
    return make_device(school, delivery_date=date(2024, 1, 15) + timedelta(days=n), **fields)


def test_extension_requests_list_runs_a_constant_number_of_queries(client, supervisor, school):
    device = make_device(school, delivery_date=date(2016, 1, 1))
    client.force_login(supervisor)

    def grow_to(total):
        for _ in range(ExtensionRequest.objects.count(), total):
            extension = ExtensionRequest.objects.create(
                school=make_school(),
                requested_by=make_user(role=Role.AGENT),
                reason="Encore utilisé en classe.",
                requested_end=date(2027, 6, 30),
                created_at=timezone.now(),
            )
            extension.devices.add(device)
        return count_queries(client, reverse("desk:extensions"))

    assert grow_to(2) == grow_to(30)


def test_imports_page_runs_a_constant_number_of_queries(client, db):
    admin = make_user(role=Role.ADMINISTRATOR)
    client.force_login(admin)

    def grow_to(total):
        for n in range(DeviceImport.objects.count(), total):
            DeviceImport.objects.create(
                file=f"imports/2026/12/livraison-{n}.csv",
                filename=f"livraison-{n}.csv",
                uploaded_by=make_user(role=Role.ADMINISTRATOR),
                created_at=timezone.now(),
            )
        return count_queries(client, reverse("desk:imports"))

    assert grow_to(2) == grow_to(40)


def test_upcoming_list_runs_a_constant_number_of_queries(client, supervisor, settings):
    settings.PAGE_SIZE = 10
    client.force_login(supervisor)

    def grow_to(total):
        for n in range(total - len(grown)):
            school = make_school()
            grown.append(transferred_soon(school, n % 40))
        return count_queries(client, reverse("desk:upcoming"))

    grown = []
    assert grow_to(3) == grow_to(40)


def test_upcoming_list_reads_only_the_rows_of_its_page(client, supervisor, school, settings):
    settings.PAGE_SIZE = 5
    for n in range(30):
        transferred_soon(school, n)
    client.force_login(supervisor)
    client.get(reverse("desk:upcoming"))  # fills the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("desk:upcoming"), {"page": 2})
    assert response.status_code == 200
    reads = [q["sql"] for q in queries if 'FROM "equipment_device"' in q["sql"]]
    assert reads, "the page reads devices"
    for sql in reads:  # a bounded count, then the page's rows
        assert re.search(r"LIMIT \d+", sql), sql


def test_upcoming_list_shows_the_first_page_and_a_next_link_that_works(
    client, supervisor, school, other_school, settings
):
    settings.PAGE_SIZE = 3
    # Two devices change on the same day: the school's name, then the serial decides.
    devices = [
        transferred_soon(school, 0, serial="UP-A"),
        transferred_soon(other_school, 0, serial="UP-B"),
        transferred_soon(school, 1, serial="UP-C"),
        transferred_soon(school, 5, serial="UP-D"),
        transferred_soon(school, 40, serial="UP-E"),
    ]
    make_device(school, serial="LATER", delivery_date=date(2024, 6, 1))  # in June 2027
    client.force_login(supervisor)
    first = client.get(reverse("desk:upcoming")).content.decode()
    assert serials(first) == ["UP-A", "UP-B", "UP-C"]
    assert "5 appareils quittent leur phase dans les 90 jours." in texts(first, "p")
    assert texts(first, "nav", class_="pagination") == ["Appareils 1 à 3 sur 5 Suivante"]
    next_url = re.search(r'<a href="([^"]+)" rel="next">', first).group(1)
    second = client.get(reverse("desk:upcoming") + next_url.replace("&amp;", "&")).content
    second = second.decode()
    assert serials(second) == ["UP-D", "UP-E"]
    assert texts(second, "nav", class_="pagination") == ["Précédente Appareils 4 à 5 sur 5"]
    assert texts(second, "td")[:3] == [
        "20/01/2027",
        "Athénée royal de Namur",
        f"UP-D {devices[3].model}",
    ]


def test_a_long_upcoming_list_says_more_than_the_count_limit(
    client, supervisor, school, settings, monkeypatch
):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 4)
    settings.PAGE_SIZE = 3
    for n in range(6):
        transferred_soon(school, n)
    client.force_login(supervisor)
    html = client.get(reverse("desk:upcoming")).content.decode()
    assert "Plus de 4 appareils quittent leur phase dans les 90 jours." in texts(html, "p")
    assert texts(html, "nav", class_="pagination") == ["Appareils 1 à 3 sur plus de 4 Suivante"]


def serials(html: str) -> list[str]:
    return re.findall(r'<a href="/[^"]*devices/\d+/">([^<]+)</a>', html)
