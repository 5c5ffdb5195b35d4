"""An administrator connects Pupitre to Odoo and tests the connection, in
German and French, on a laptop and a phone; the demonstration Odoo is the
stand-in over a real socket."""

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.demo.odoo_standin import DEMO_API_KEY, DEMO_LOGIN, OdooStandin, seed_demo
from pupitre.tools import secrets
from pupitre.tools.models import OdooConnection

from ..factories import make_user
from .helpers import field, sign_in, t

LANGUAGES = ["de", "fr"]


@pytest.fixture
def standin():
    with seed_demo(OdooStandin()) as odoo:
        yield odoo


@pytest.mark.parametrize("language", LANGUAGES)
def test_administrator_connects_odoo_and_tests_the_connection(new_page, audit, language, standin):
    admin = make_user(role=Role.ADMINISTRATOR, language=language)
    page = new_page()
    sign_in(page, admin)
    page.goto("/desk/calendars/")
    page.get_by_role("link", name=t(language, "Odoo connection")).click()
    expect(page.get_by_role("status")).to_contain_text(t(language, "No Odoo connection yet."))
    audit.check(page, language)

    page.get_by_role("link", name=t(language, "Add a connection")).click()
    page.get_by_role("button", name=t(language, "Save")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check(page, language)
    for name, value in [("url", standin.url), ("database", standin.database),
                        ("login", DEMO_LOGIN)]:  # fmt: skip
        page.locator(f"input[name={name}]").fill(value)
    field(page, language, "API key").fill(DEMO_API_KEY)
    page.get_by_role("button", name=t(language, "Save")).click()
    expect(page.get_by_role("status")).to_contain_text(t(language, "Odoo connection saved."))
    audit.check(page, language)
    connection = OdooConnection.objects.get()
    assert secrets.decrypt(connection.api_key_encrypted) == DEMO_API_KEY
    assert DEMO_API_KEY not in page.content()

    # Keyboard: focus the button and press Enter.
    page.get_by_role("button", name=t(language, "Test connection")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        t(language, "The technical account may reactivate accounts.")
    )
    expect(page.locator("main")).to_contain_text("Odoo 17.0")
    audit.check(page, language)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width

    # The key is never shown back, even in the form.
    page.get_by_role("link", name=t(language, "Change")).click()
    expect(
        page.get_by_text(t(language, "An API key is stored (encrypted). It is never shown again."))
    ).to_be_visible()
    assert DEMO_API_KEY not in page.content()
    assert connection.api_key_encrypted not in page.content()
    audit.assert_clean()
