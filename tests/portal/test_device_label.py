"""A device's QR label: the short address it holds (/d/<code>) and where
that address leads each kind of user."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.core.checks import public_base_url
from pupitre.equipment import labels
from pupitre.equipment.models import LABEL_CODE_ALPHABET, Device

from ..factories import make_device, make_user
from ..pdf import pdf_pages_text


def label_url(device, *, case=str.upper):
    return f"/d/{case(device.label_code)}"


def test_every_device_gets_a_short_unambiguous_code_of_its_own(school):
    devices = [make_device(school) for _ in range(20)]
    codes = [device.label_code for device in devices]
    assert len(set(codes)) == 20
    assert all(len(code) == 8 and set(code) <= set(LABEL_CODE_ALPHABET) for code in codes)
    assert not set("01OI") & set(LABEL_CODE_ALPHABET)


@pytest.mark.parametrize("case", [str.upper, str.lower])
def test_a_school_user_opens_the_new_request_form_with_the_device_chosen(
    client, teacher, school, case
):
    device = make_device(school)
    client.force_login(teacher)
    response = client.get(label_url(device, case=case))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:new')}?device={device.pk}"
    html = client.get(response["Location"]).content.decode()
    assert re.search(rf'value="{device.pk}"[^>]*checked', html)


def test_someone_signed_out_signs_in_then_reaches_the_form(client, teacher, school):
    device = make_device(school)
    response = client.get(label_url(device))
    login = response["Location"]
    assert login == f"{reverse('login')}?next=/d/{device.label_code}"
    response = client.post(login, {"username": teacher.email, "password": "secret-pass-123"})
    assert response["Location"] == f"/d/{device.label_code}"
    response = client.get(response["Location"])
    assert response["Location"] == f"{reverse('portal:new')}?device={device.pk}"


def test_desk_staff_land_on_the_desks_page_of_the_device(client, agent_fr, school):
    device = make_device(school)
    client.force_login(agent_fr)
    response = client.get(label_url(device, case=str.lower))
    assert response["Location"] == reverse("desk:device", args=[device.pk])


def test_technicians_are_refused(client, school):
    device = make_device(school)
    client.force_login(make_user(role=Role.TECHNICIAN))
    assert client.get(label_url(device)).status_code == 403


@pytest.mark.parametrize("code", ["ZZZZZZZZ", "abc", "0000%2F00", "x" * 300])
def test_an_unknown_code_is_not_found(client, teacher, school, code):
    make_device(school)
    client.force_login(teacher)
    assert client.get(f"/d/{code}").status_code == 404
    client.logout()
    assert client.get(f"/d/{code}").status_code == 404


def test_the_label_sheet_prints_the_public_short_address(
    client, ict_contact, school, settings, monkeypatch
):
    settings.PUPITRE_BASE_URL = "https://pupitre.example"
    device = make_device(school)
    payloads = []
    make = labels.segno.make
    monkeypatch.setattr(
        labels.segno, "make", lambda data, **kwargs: payloads.append(data) or make(data, **kwargs)
    )
    client.force_login(ict_contact)
    response = client.get(reverse("portal:labels"))
    assert payloads == [f"https://pupitre.example/d/{device.label_code}"]
    assert "S/N" in pdf_pages_text(response.content)[0]


def test_the_code_of_a_device_never_changes_when_it_is_saved_again(school, other_school):
    device = make_device(school)
    code = device.label_code
    device.school = other_school
    device.save()
    assert Device.objects.get(pk=device.pk).label_code == code


# The production settings --------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8000", "", "https://localhost", "https://[::1]", "http://pupitre.example"],
)
def test_the_deploy_check_fails_without_the_public_base_address(settings, base_url):
    settings.PUPITRE_BASE_URL = base_url
    with pytest.raises(SystemCheckError, match=r"pupitre\.E001"):
        call_command("check", "--deploy", verbosity=0)


def test_the_deploy_check_passes_the_public_base_address(settings):
    settings.PUPITRE_BASE_URL = "https://pupitre.example"
    assert public_base_url(None) == []
