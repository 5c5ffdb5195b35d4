"""The ICT contact's devices, a device's page, the coverage notice of the
request form, QR labels and the sign-in round trip of a label."""

import re
from datetime import date

from django.urls import reverse
from django.utils import translation

from pupitre.equipment.models import Provenance
from pupitre.tickets.models import Ticket

from ..factories import make_device, make_member
from ..pdf import pdf_pages_text
from ..querycount import count_queries

NEW = reverse("portal:new")


def send_request(client, school, device, subject, description, url=NEW):
    """The portal's new-request form, sent about `device`; the page it leads to."""
    data = {"school": school.pk, "category": "question", "devices": [device.pk],
            "subject": subject, "description": description}  # fmt: skip
    return client.post(url, data, follow=True)


def test_ict_contact_filters_devices_by_phase_and_ends_soon(client, ict_contact, school):
    programme = make_device(school, delivery_date=date(2025, 1, 1))
    ended = make_device(school, delivery_date=date(2016, 1, 1))
    soon = make_device(school, delivery_date=date(2023, 12, 20))  # transfer within 90 days
    client.force_login(ict_contact)
    html = client.get(reverse("portal:devices")).content.decode()
    assert all(d.serial in html for d in (programme, ended, soon))
    html = client.get(reverse("portal:devices"), {"phase": "not_covered"}).content.decode()
    assert ended.serial in html and programme.serial not in html
    html = client.get(reverse("portal:devices"), {"ends": "soon"}).content.decode()
    assert soon.serial in html and programme.serial not in html and ended.serial not in html


def test_teachers_have_no_devices_page(client, teacher, school):
    make_device(school)
    client.force_login(teacher)
    assert client.get(reverse("portal:devices")).status_code == 403
    assert reverse("portal:devices") not in client.get(reverse("portal:requests")).content.decode()


def test_device_list_runs_a_constant_number_of_queries(client, ict_contact, school):
    client.force_login(ict_contact)
    url = reverse("portal:devices")

    def grow_to(total):
        for i in range(school.devices.count(), total):
            make_device(school, delivery_date=date(2016 + i % 10, 3, 1))
        return count_queries(client, url)

    grow_to(1)  # the first page of the day builds the service calendar
    at_5, at_120 = grow_to(5), grow_to(120)
    assert at_5 == at_120
    assert at_120 <= 10


def test_device_page_shows_its_coverage_and_requests(client, ict_contact, school, teacher):
    device = make_device(
        school, delivery_date=date(2025, 1, 1), remote_tool="rustdesk", remote_id="123 456 789"
    )
    client.force_login(teacher)
    send_request(client, school, device, "Clavier", "Touche cassée")
    client.force_login(ict_contact)
    html = client.get(reverse("portal:device", args=[device.pk])).content.decode()
    assert "rustdesk://123456789" in html
    assert "Clavier" in html
    assert "programme" in html.lower()


def test_request_form_explains_the_help_for_the_chosen_device(client, teacher, school):
    device = make_device(school, delivery_date=date(2016, 1, 1))
    client.force_login(teacher)
    with translation.override("fr"):
        response = client.get(
            reverse("portal:coverage_notice"),
            {"school": school.pk, "devices": [device.pk]},
            headers={"HX-Request": "true"},
        )
    html = response.content.decode()
    assert "Non couvert" in html
    assert "Le référent informatique de votre école peut demander une prolongation." in html
    assert "<html" not in html


def test_no_extension_is_offered_for_a_device_that_cannot_have_one(client, ict_contact, school):
    bought_elsewhere = make_device(school, provenance=Provenance.OTHER)
    ended = make_device(school, delivery_date=date(2016, 1, 1))
    ask = reverse("portal:extension_new") + "?device={}"
    client.force_login(ict_contact)
    for device, offered in ((bought_elsewhere, False), (ended, True)):
        page = client.get(reverse("portal:device", args=[device.pk])).content.decode()
        assert (ask.format(device.pk) in page) is offered
        notice = client.get(
            reverse("portal:coverage_notice"), {"school": school.pk, "devices": [device.pk]}
        ).content.decode()
        assert (ask.format(device.pk) in notice) is offered
        assert "Vous pouvez quand même envoyer cette demande" in notice  # not covered either way


def test_a_not_covered_device_is_still_accepted_and_offers_the_extension(
    client, ict_contact, school
):
    device = make_device(school, delivery_date=date(2016, 1, 1))
    client.force_login(ict_contact)
    page = client.get(reverse("portal:new"), {"device": device.pk}).content.decode()
    assert f"{reverse('portal:extension_new')}?device={device.pk}" in page
    response = send_request(client, school, device, "Vieux PC", "Ne démarre plus")
    assert Ticket.objects.get().devices.get() == device
    assert device.serial in response.content.decode()  # the info message names it


def test_a_label_of_another_school_opens_the_form_without_the_device(client, teacher, other_school):
    foreign = make_device(other_school)
    client.force_login(teacher)
    html = client.get(reverse("portal:new"), {"device": foreign.pk}).content.decode()
    assert foreign.serial not in html


def test_a_label_scanned_while_signed_out_comes_back_to_the_form(client, teacher, school):
    device = make_device(school)
    url = f"{reverse('portal:new')}?device={device.pk}"
    response = client.get(url)
    assert response.status_code == 302
    login = response["Location"]
    assert login.startswith(reverse("login"))
    response = client.post(login, {"username": teacher.email, "password": "secret-pass-123"})
    assert response["Location"] == url
    html = client.get(url).content.decode()
    assert re.search(rf'value="{device.pk}"[^>]*checked', html)


def test_label_sheet_is_a_pdf_of_the_schools_devices(client, ict_contact, school):
    devices = [make_device(school) for _ in range(30)]
    client.force_login(ict_contact)
    response = client.get(reverse("portal:labels"))
    assert response["Content-Type"] == "application/pdf"
    first, second = pdf_pages_text(response.content)  # 24 labels a page
    serials = sorted(device.serial for device in devices)
    assert re.findall(r"S/N (\S+)", first) == serials[:24]
    assert re.findall(r"S/N (\S+)", second) == serials[24:]
    assert first.count("Besoin d'aide avec cet appareil ? Scannez le code.") == 24
    assert second.count("Athénée royal de Namur") == 6


def test_ict_contact_asks_for_an_extension_from_the_portal(client, ict_contact, school):
    device = make_device(school, delivery_date=date(2016, 1, 1))
    client.force_login(ict_contact)
    form = client.get(reverse("portal:extension_new"), {"device": device.pk})
    assert form.status_code == 200
    response = client.post(
        reverse("portal:extension_new"),
        {
            "school": school.pk,
            "devices": [device.pk],
            "requested_end": "2030-06-30",
            "reason": "Encore utilisé",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Encore utilisé" in page


def test_an_ict_contact_of_two_schools_chooses_the_school(client, school, other_school):
    contact = make_member(school, ict_contact=True)
    contact.memberships.create(school=other_school, role="ict_contact")
    device = make_device(other_school)
    client.force_login(contact)
    html = client.get(reverse("portal:devices"), {"school": other_school.pk}).content.decode()
    assert device.serial in html


def test_sending_the_form_a_label_opened_says_nothing_about_a_foreign_device(
    client, teacher, school
):
    """The form keeps the label's ?device= in its address when it is sent;
    the device is the school's, so no "not among your devices" message."""
    device = make_device(school)
    client.force_login(teacher)
    response = send_request(
        client, school, device, "Écran noir", "Plus d'image", url=f"{NEW}?device={device.pk}"
    )
    assert Ticket.objects.get().devices.get() == device
    with translation.override("fr"):
        foreign = translation.gettext("This device is not among your school's devices.")
    assert foreign not in [str(m) for m in response.context["messages"]]


def test_an_ict_contact_of_two_schools_asks_an_extension_for_the_second_schools_device(
    client, school, other_school
):
    contact = make_member(school, ict_contact=True)
    contact.memberships.create(school=other_school, role="ict_contact")
    device = make_device(other_school, delivery_date=date(2016, 1, 1))
    client.force_login(contact)
    html = client.get(reverse("portal:extension_new"), {"device": device.pk}).content.decode()
    assert f'value="{device.pk}"' in html  # offered in the form, not an empty list
