"""The second factor of staff accounts in a real browser, in German and
French, at desktop and phone size, with an accessibility audit of every page:
adding an authenticator app at the first sign-in, signing in with a code or
a backup code, and an administrator resetting a colleague's lost phone."""

import re

import pytest
from playwright.sync_api import expect

from pupitre.accounts import services
from pupitre.accounts.models import Role, SecondFactorEvent, SecondFactorEventKind
from pupitre.accounts.queries import authenticator_of, backup_codes_left

from ..factories import make_user
from ..second_factor import app_code, authenticator_for, current_code
from .helpers import PASSWORD, field, sign_in, t

LANGUAGES = ["de", "fr"]
pytestmark = pytest.mark.django_db(transaction=True)


def type_password(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()


def type_code(page, language, code: str, button: str) -> None:
    field(page, language, "Code").fill(code)
    page.get_by_role("button", name=t(language, button), exact=True).click()


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_member_adds_an_authenticator_app_at_the_first_sign_in(new_page, audit, language):
    agent = make_user(role=Role.AGENT, language=language)
    page = new_page()
    type_password(page, agent)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Add an authenticator app")
    )
    expect(page.get_by_role("img", name=t(language, "QR code for your authenticator app")))
    code_field = field(page, language, "Code")
    expect(code_field).to_have_attribute("autocomplete", "one-time-code")
    expect(code_field).to_have_attribute("inputmode", "numeric")
    audit.check(page, language)

    key = page.locator(".secret-key code").inner_text()  # typed into the app
    type_code(page, language, wrong(app_code(key)), "Confirm")
    expect(page.get_by_role("alert")).to_contain_text(
        t(language, "This code is not right. Check the code and try again.")
    )
    expect(code_field).to_have_attribute("aria-invalid", "true")
    audit.check(page, language)

    page.wait_for_timeout(1100)  # the throttle's first second
    type_code(page, language, app_code(key), "Confirm")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Your backup codes"))
    expect(page.locator(".backup-codes li")).to_have_count(10)
    audit.check(page, language)
    page.get_by_role("link", name=t(language, "Continue"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/desk/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Queue"))
    assert authenticator_of(agent) is not None
    assert backup_codes_left(agent) == 10
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_member_signs_in_with_the_app_or_a_backup_code(new_page, audit, language):
    agent = make_user(role=Role.AGENT, language=language)
    device = authenticator_for(agent)
    codes = services.backup_codes_regenerate(user=agent)
    page = new_page()
    type_password(page, agent)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Type your code"))
    audit.check(page, language)
    type_code(page, language, wrong(current_code(device)), "Continue")
    expect(page.get_by_role("alert")).to_contain_text(
        t(language, "This code is not right. Check the code and try again.")
    )
    audit.check(page, language)

    page.wait_for_timeout(1100)  # the throttle's first second
    printed = " ".join(re.findall(r"\d{4}", codes[0]))  # as printed, with spaces
    type_code(page, language, printed, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Queue"))
    expect(page.get_by_role("status")).to_be_visible()  # "… 9 backup codes left."
    audit.check(page, language)
    assert backup_codes_left(agent) == 9

    page.get_by_role("link", name=t(language, "Second factor"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Second factor"))
    audit.check(page, language)
    page.get_by_role("button", name=t(language, "Sign out")).click()

    type_password(page, agent)
    type_code(page, language, current_code(device), "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Queue"))
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_administrator_resets_the_second_factor_of_a_colleague_who_lost_their_phone(
    new_page, audit, language
):
    admin = make_user(role=Role.ADMINISTRATOR, language=language, name="Alice Admin")
    colleague = make_user(role=Role.TECHNICIAN, language=language, name="Tom Technicien")
    authenticator_for(colleague)
    page = new_page()
    sign_in(page, admin)
    page.get_by_role("link", name=t(language, "Second factor"), exact=True).click()
    page.get_by_role("link", name=t(language, "Second factors of the staff accounts")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Second factors of the staff accounts")
    )
    audit.check(page, language)
    reset = t(language, "Reset the second factor of %(name)s") % {"name": "Tom Technicien"}
    page.get_by_role("link", name=reset).click()
    audit.check(page, language)
    page.get_by_role("button", name=t(language, "Reset the second factor")).click()
    expect(page.get_by_role("status")).to_contain_text("Tom Technicien")
    audit.check(page, language)
    assert authenticator_of(colleague) is None
    event = SecondFactorEvent.objects.get(user=colleague)
    assert (event.kind, event.by) == (SecondFactorEventKind.RESET, admin)

    # The colleague signs in again and is asked to add a new authenticator.
    other = new_page()
    type_password(other, colleague)
    expect(other.get_by_role("heading", level=1)).to_have_text(
        t(language, "Add an authenticator app")
    )
    audit.assert_clean()
