"""Coverage in words a school understands: why a device is not covered, in
the lists as on the device page; the extension form offers only what the
service accepts, and the school's extension requests name their devices."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from pupitre.equipment.models import ExtensionRequest
from pupitre.equipment.services import extension_request
from pupitre.tickets.models import Ticket

from ..factories import make_device, make_member
from ..querycount import count_queries

WORDS = {
    "de": {
        "own_purchase": "Mit Eigenmitteln der Schule gekauft, nicht über die zentrale "
        "Beschaffungsstelle: das Programm hat es nie abgedeckt.",
        "ended": "Die Unterstützung endete am 31. Dezember 2024.",
    },
    "fr": {
        "own_purchase": "Acheté sur les fonds propres de l’école, pas via la centrale "
        "d’achat : le programme ne l’a jamais couvert.",
        "ended": "L’assistance a pris fin le 31 décembre 2024.",
    },
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        timezone.datetime(2026, 12, 1, 10, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        yield


@pytest.fixture(params=["de", "fr"])
def language(request):
    return request.param


@pytest.fixture
def the_school(language, school, german_school):
    return german_school if language == "de" else school


@pytest.fixture
def contact(the_school):
    return make_member(the_school, ict_contact=True, email="ikt@test.pupitre.be")


def school_devices(school):
    """One device of each kind: bought with the school's own funds elsewhere,
    not from the market central, in the programme, own funds from the
    market central, and one whose assistance ended on 31 December 2024."""
    return {
        "own_purchase": make_device(
            school, provenance="other", funding="own_funds", delivery_date=date(2022, 1, 1)
        ),
        "elsewhere": make_device(school, provenance="other", delivery_date=date(2022, 1, 1)),
        "programme": make_device(school, delivery_date=date(2025, 1, 1)),
        "own_funds": make_device(school, funding="own_funds", delivery_date=date(2022, 1, 1)),
        "ended": make_device(school, delivery_date=date(2017, 1, 1)),
    }


def test_the_device_list_says_why_a_device_is_not_covered(client, language, the_school, contact):
    devices = school_devices(the_school)
    client.force_login(contact)
    html = client.get(reverse("portal:devices")).content.decode()
    for kind in ("own_purchase", "ended"):
        assert WORDS[language][kind] in html
    page = client.get(reverse("portal:device", args=[devices["own_purchase"].pk]))
    assert WORDS[language]["own_purchase"] in page.content.decode()


def test_the_desk_device_list_says_why_a_device_is_not_covered(
    client, language, the_school, agent_de, agent_fr
):
    school_devices(the_school)
    client.force_login(agent_de if language == "de" else agent_fr)
    html = client.get(reverse("desk:devices"), {"q": "SN"}).content.decode()
    assert WORDS[language]["own_purchase"] in html
    assert WORDS[language]["ended"] in html


def test_the_extension_form_offers_only_the_devices_the_service_accepts(
    client, language, the_school, contact
):
    devices = school_devices(the_school)
    client.force_login(contact)
    html = client.get(reverse("portal:extension_new")).content.decode()
    offered = {kind for kind, d in devices.items() if f'name="devices" value="{d.pk}"' in html}
    assert offered == {"own_funds", "ended"}
    # A forged choice of a device never covered is refused by the form.
    response = client.post(
        reverse("portal:extension_new"),
        {
            "school": the_school.pk,
            "devices": [devices["own_purchase"].pk],
            "requested_end": "2027-06-30",
            "reason": "Encore utilisé",
        },
    )
    assert response.status_code == 200
    assert not ExtensionRequest.objects.exists()


def test_the_schools_extension_requests_name_their_devices(client, language, the_school, contact):
    devices = school_devices(the_school)
    extension_request(
        by=contact,
        school=the_school,
        devices=[devices["ended"], devices["own_funds"]],
        reason="Encore utilisé",
        requested_end=date(2027, 6, 30),
    )
    client.force_login(contact)
    html = client.get(reverse("portal:devices")).content.decode()
    requests = html[html.index('id="extensions-title"') :]
    for kind in ("ended", "own_funds"):
        device = devices[kind]
        assert f"{device.model} · {device.serial} · {device.asset_tag}" in requests


def test_the_extension_requests_list_runs_a_constant_number_of_queries(client, school, ict_contact):
    client.force_login(ict_contact)
    url = reverse("portal:devices")

    def grow_to(total):
        for _ in range(ExtensionRequest.objects.count(), total):
            devices = [make_device(school, delivery_date=date(2017, 1, 1)) for _ in range(3)]
            extension_request(
                by=ict_contact,
                school=school,
                devices=devices,
                reason="Encore utilisé",
                requested_end=date(2027, 6, 30),
            )
        return count_queries(client, url, {"phase": "programme"})

    grow_to(1)
    assert grow_to(2) == grow_to(10)


def test_sending_a_request_about_a_device_never_covered_says_why(client, language, the_school):
    devices = school_devices(the_school)
    teacher = make_member(the_school, email="lehrer2@test.pupitre.be")
    client.force_login(teacher)
    response = client.post(
        reverse("portal:new"),
        {
            "school": the_school.pk,
            "category": "question",
            "devices": [devices["own_purchase"].pk],
            "subject": "Drucker",
            "description": "Er druckt nicht.",
        },
        follow=True,
    )
    assert Ticket.objects.get().devices.get() == devices["own_purchase"]
    shown = " ".join(str(message) for message in response.context["messages"])
    assert f"{devices['own_purchase'].serial}" in shown
    assert WORDS[language]["own_purchase"] in shown
    assert "no longer" not in shown and "nicht mehr" not in shown and "ne couvre plus" not in shown


def test_the_desk_offers_an_extension_only_for_a_device_that_can_have_one(
    client, language, the_school, agent_de, agent_fr
):
    devices = school_devices(the_school)
    client.force_login(agent_de if language == "de" else agent_fr)
    ask = reverse("desk:extension_new") + "?device={}"
    for kind, device in devices.items():
        page = client.get(reverse("desk:device", args=[device.pk])).content.decode()
        assert (ask.format(device.pk) in page) is (kind in ("own_funds", "ended")), kind
