"""A device's QR label scanned by an ICT contact, in German and French, at
desktop and phone size."""

import re

import pytest
from playwright.sync_api import expect

from ..factories import make_device, make_member, make_school, make_team
from .helpers import PASSWORD, sign_in, t

LANGUAGES = ["de", "fr"]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_label_scanned_signed_out_leads_through_sign_in_to_the_form(new_page, audit, language):
    school = make_school(language=language)
    make_team(language)
    make_device(school, serial="OTHER-1")
    device = make_device(school, serial="LABEL-1")
    ict = make_member(school, ict_contact=True)
    page = new_page()
    page.goto(f"/d/{device.label_code.lower()}")  # typed by hand, in any case
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    audit.check(page, page.evaluate("document.documentElement.lang"))  # the browser's language
    page.locator("input[name=username]").fill(ict.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/portal/new/\?device={device.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "New request"))
    expect(page.locator(f'input[name=devices][value="{device.pk}"]')).to_be_checked()
    expect(page.locator("input[name=devices]:checked")).to_have_count(1)
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_label_scanned_signed_in_opens_the_form_with_the_device(new_page, audit, language):
    school = make_school(language=language)
    make_team(language)
    device = make_device(school, serial="LABEL-2")
    ict = make_member(school, ict_contact=True)
    page = new_page()
    sign_in(page, ict)
    page.goto(f"/d/{device.label_code}")
    expect(page).to_have_url(re.compile(rf"/portal/new/\?device={device.pk}$"))
    expect(page.locator(f'input[name=devices][value="{device.pk}"]')).to_be_checked()
    audit.check(page, language)
    audit.assert_clean()
