"""The ICT contact gets the install link of the school's remote-maintenance
agent, in German and French, from a real MeshCentral on the loopback."""

import ssl
import urllib.request

import pytest
from playwright.sync_api import expect

from pupitre.remote.models import SchoolDeviceGroup

from ..factories import make_device, make_member, make_school
from .helpers import sign_in, t

LANGUAGES = ["de", "fr"]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_ict_contact_gets_the_install_link(new_page, audit, meshcentral_server, language):
    school = make_school(language=language)
    make_device(school)
    ict = make_member(school, ict_contact=True)
    page = new_page()
    sign_in(page, ict)
    page.get_by_role("link", name=t(language, "Our devices")).first.click()
    page.get_by_role("link", name=t(language, "Remote maintenance: install the agent")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Remote maintenance"))
    expect(page.get_by_text(t(language, "Your school has no install link yet."))).to_be_visible()
    audit.check(page, language)

    page.get_by_role("button", name=t(language, "Get an install link")).click()
    expect(page.get_by_text(t(language, "Your install link is ready."))).to_be_visible()
    link = page.locator("#install-link")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == SchoolDeviceGroup.objects.get(school=school).invite_url
    audit.check(page, language)

    # The link is MeshCentral's own install page for the school's group.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(href, context=context, timeout=30) as response:  # noqa: S310
        assert response.status == 200
        assert b"meshagents" in response.read()

    page.get_by_role("button", name=t(language, "Make a new link")).click()
    expect(page.locator("#install-link")).not_to_have_attribute("href", href)
