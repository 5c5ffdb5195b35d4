"""Journeys of the device registry, in German and French, at desktop and
phone size, with an accessibility audit of every page visited."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.equipment import coverage as cov
from pupitre.equipment.models import Device

from ..factories import make_device, make_member, make_school, make_team, make_user
from .helpers import field, sign_in, t

LANGUAGES = ["de", "fr"]
pytestmark = pytest.mark.django_db(transaction=True)


def school_with_devices(language):
    school = make_school(language=language)
    make_team(language)
    today = timezone.localdate()
    devices = {
        "programme": make_device(
            school, serial="PROG-1", delivery_date=date(today.year - 1, 1, 10)
        ),
        "soon": make_device(
            school,
            serial="SOON-1",
            delivery_date=cov.anniversary(today, -3) + timedelta(days=30),
        ),
        "ended": make_device(
            school,
            serial="OLD-1",
            delivery_date=date(today.year - 10, 5, 1),
            remote_tool="rustdesk",
            remote_id="123 456 789",
        ),
    }
    return school, devices


@pytest.mark.parametrize("language", LANGUAGES)
def test_ict_contact_reads_the_coverage_of_the_schools_devices(new_page, audit, language):
    school, devices = school_with_devices(language)
    ict = make_member(school, ict_contact=True)
    page = new_page()
    sign_in(page, ict)
    page.get_by_role("link", name=t(language, "Our devices")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Our devices"))
    for device in devices.values():
        expect(
            page.get_by_role("link", name=re.compile(re.escape(str(device.model))))
            .filter(has_text=str(device.model))
            .first
        ).to_be_visible()
    expect(page.locator("tbody .badge", has_text=t(language, "Not covered"))).to_be_visible()
    audit.check(page, language)

    page.get_by_label(t(language, "Ends within 90 days")).check()
    page.get_by_role("button", name=t(language, "Filter")).click()
    expect(page.get_by_text("SOON-1")).to_be_visible()
    expect(page.get_by_text("OLD-1")).to_have_count(0)
    audit.check(page, language)

    page.goto(f"/portal/devices/{devices['ended'].pk}/")
    expect(page.get_by_role("link", name=t(language, "Ask for an extension"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("RustDesk"))).to_have_attribute(
        "href", "rustdesk://123456789"
    )
    audit.check(page, language)
    page.get_by_role("link", name=t(language, "Ask for an extension")).click()
    field(page, language, "Help until").fill(f"{timezone.localdate().year + 1}-06-30")
    field(page, language, "Why do you need an extension?").fill("Classe / Klasse 3B")
    page.get_by_role("button", name=t(language, "Send the extension request")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Extension request"))
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_request_form_says_what_help_the_school_is_entitled_to(new_page, audit, language):
    school, devices = school_with_devices(language)
    teacher = make_member(school)
    page = new_page()
    sign_in(page, teacher)
    page.get_by_role("link", name=t(language, "New request")).first.click()
    page.get_by_label(re.compile(re.escape(devices["ended"].serial))).check()
    notice = page.locator("#coverage-notice")
    expect(notice).to_contain_text(t(language, "Not covered"))
    expect(notice).to_contain_text(
        t(language, "Your school's ICT contact can ask for an extension.")
    )
    audit.check(page, language)
    page.get_by_label(re.compile(re.escape(devices["ended"].serial))).uncheck()
    page.get_by_label(re.compile(re.escape(devices["programme"].serial))).check()
    expect(notice).to_contain_text(t(language, "Repairs are handled by the programme."))
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_supervisor_finds_a_device_and_decides_an_extension(new_page, audit, language):
    school, devices = school_with_devices(language)
    make_member(school, name="Teacher")
    supervisor = make_user(role=Role.SUPERVISOR, language=language)
    page = new_page()
    sign_in(page, supervisor)
    page.get_by_role("link", name=t(language, "Devices")).first.click()
    audit.check(page, language)
    field(page, language, "Serial number or asset tag").fill("OLD-1")
    page.get_by_role("button", name=t(language, "Search")).click()
    page.get_by_role("link", name="OLD-1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("OLD-1")
    audit.check(page, language)
    page.get_by_role("link", name=t(language, "Ask for an extension")).click()
    audit.check(page, language)
    field(page, language, "Help until").fill(f"{timezone.localdate().year + 1}-06-30")
    field(page, language, "Why do you need an extension?").fill("Telefon / téléphone")
    page.get_by_role("button", name=t(language, "Send the extension request")).click()
    audit.check(page, language)
    page.get_by_role("button", name=t(language, "Approve")).click()
    expect(page.get_by_role("status")).to_contain_text(
        t(language, "Extension approved; the requester is told by email.")
    )
    audit.check(page, language)
    page.goto("/desk/extensions/?status=approved")
    audit.check(page, language)
    page.goto("/desk/devices/upcoming/")
    expect(page.get_by_role("link", name="SOON-1")).to_be_visible()
    audit.check(page, language)
    page.goto("/desk/devices/policy/")
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_administrator_checks_a_delivery_list_before_importing_it(
    new_page, audit, language, tmp_path
):
    school = make_school(language=language)
    admin = make_user(role=Role.ADMINISTRATOR, language=language)
    delivery = tmp_path / "delivery.csv"
    delivery.write_text(
        "Seriennummer;Hersteller;Modell;Kategorie;Schule;Lieferdatum\n"
        f"NEW-1;HP;ProBook 450 G10;laptop;{school.official_number};15.03.2024\n"
        "NEW-2;HP;ProBook 450 G10;laptop;NOPE;15.03.2024\n",
        encoding="cp1252",
    )
    page = new_page()
    sign_in(page, admin)
    page.goto("/desk/devices/imports/")
    audit.check(page, language)
    field(page, language, "Delivery list (CSV or XLSX)").set_input_files(delivery)
    page.get_by_role("button", name=t(language, "Check the file (dry run)")).click()
    expect(page.get_by_role("table")).to_contain_text("NOPE")
    audit.check(page, language)
    page.get_by_label(t(language, "Import the valid rows")).check()
    page.get_by_role("button", name=t(language, "Import"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("1")
    audit.check(page, language)
    assert Device.objects.filter(serial="NEW-1").exists()
    assert not Device.objects.filter(serial="NEW-2").exists()
    audit.assert_clean()


def school_with_devices_never_covered(language):
    """Those of `school_with_devices`, one bought with the school's own funds
    outside the central purchasing body, one bought with its own funds there."""
    school, devices = school_with_devices(language)
    delivered = date(timezone.localdate().year - 2, 3, 1)
    devices["bought"] = make_device(
        school, serial="OWN-1", provenance="other", funding="own_funds", delivery_date=delivered
    )
    devices["own_funds"] = make_device(
        school, serial="OWNMC-1", funding="own_funds", delivery_date=delivered
    )
    return school, devices


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_device_list_says_why_a_device_is_not_covered(new_page, audit, language):
    school, devices = school_with_devices_never_covered(language)
    page = new_page()
    sign_in(page, make_member(school, ict_contact=True))
    page.get_by_role("link", name=t(language, "Our devices")).first.click()
    never = t(
        language,
        "Bought with the school's own funds, not through the central purchasing body: "
        "the programme never covered it.",
    )
    expect(page.locator("tbody tr", has_text="OWN-1")).to_contain_text(never)
    ended_on = cov.anniversary(devices["ended"].delivery_date, 8) - timedelta(days=1)
    with translation.override(language):
        ended = t(language, "Assistance ended on %(date)s.") % {
            "date": date_format(ended_on, "DATE_FORMAT")
        }
    expect(page.locator("tbody tr", has_text="OLD-1")).to_contain_text(ended)
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_extension_form_offers_only_the_devices_that_can_be_extended(new_page, audit, language):
    school, devices = school_with_devices_never_covered(language)
    today = timezone.localdate()
    page = new_page()
    sign_in(page, make_member(school, ict_contact=True))
    page.get_by_role("link", name=t(language, "Our devices")).first.click()
    page.locator("#extensions-title + p a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Ask for an extension"))
    choices = page.locator("input[name=devices]")
    offered = {
        page.locator(f"label[for='{choices.nth(i).get_attribute('id')}']").inner_text().strip()
        for i in range(choices.count())
    }
    assert offered == {str(devices["ended"]), str(devices["own_funds"])}
    audit.check(page, language)
    page.get_by_label(re.compile(re.escape(devices["ended"].serial))).check()
    field(page, language, "Help until").fill(f"{today.year + 1}-06-30")
    field(page, language, "Why do you need an extension?").fill("Classe / Klasse 3B")
    page.get_by_role("button", name=t(language, "Send the extension request")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Extension request"))
    page.get_by_role("link", name=t(language, "Our devices")).first.click()
    requests = page.locator("section[aria-labelledby=extensions-title]")
    expect(requests).to_contain_text(str(devices["ended"]))
    audit.check(page, language)
    audit.assert_clean()
