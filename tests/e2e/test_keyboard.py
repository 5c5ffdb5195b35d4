"""Journey 1 with the keyboard only: every control is reached with Tab, shows
where the focus is, and works without a mouse."""

import re

import pytest
from playwright.sync_api import expect

from pupitre.tickets.models import Ticket

from ..factories import make_device, make_member, make_school, make_team
from .helpers import PASSWORD, t

pytestmark = pytest.mark.django_db(transaction=True)
MAX_TABS = 80

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return el.matches(':focus-visible')
    && (style.outlineStyle !== 'none' || style.boxShadow !== 'none');
}"""
# A radio group is one Tab stop (arrow keys move inside it), so it counts once.
NAME = """el => el.type === 'radio' ? 'radio:' + el.name
  : (el.id || el.name || (el.tagName + ':' + el.textContent.trim()))"""
DESCRIBE = f"() => ({NAME})(document.activeElement)"
CONTROLS = f"""() => Array.from(document.querySelectorAll(
  'main input:not([type=hidden]), main select, main textarea, main button')).filter(
  el => el.tabIndex >= 0).map({NAME})"""


def tab_to(page, selector: str, seen: set) -> None:
    """Press Tab until `selector` has the focus; every stop must show the focus.
    (Past the last control the focus leaves the page, then comes back.)"""
    for _ in range(MAX_TABS):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            continue
        seen.add(page.evaluate(DESCRIBE))
        assert page.evaluate(FOCUS_VISIBLE), f"focus not visible on {page.evaluate(DESCRIBE)}"
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


@pytest.mark.parametrize("language", ["de", "fr"])
@pytest.mark.parametrize("viewport", ["desktop"])
def test_a_request_can_be_opened_with_the_keyboard_only(new_page, language, tmp_path):
    school = make_school(language=language)
    make_team(language)
    device = make_device(school)
    teacher = make_member(school)
    page = new_page()
    page.goto("/accounts/login/")
    seen: set = set()
    tab_to(page, "#id_username", seen)
    page.keyboard.type(teacher.email)
    tab_to(page, "#id_password", seen)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/")

    tab_to(page, "a[href='/portal/new/']", seen)
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/new/")
    seen = set()
    tab_to(page, "input[name=category][value=remote_hardware]", seen)
    page.keyboard.press("Space")
    tab_to(page, f"input[name=devices][value='{device.pk}']", seen)
    page.keyboard.press("Space")
    tab_to(page, "#id_subject", seen)
    page.keyboard.type("Beamer / projecteur")
    tab_to(page, "#id_description", seen)
    page.keyboard.type("Kein Bild / pas d'image.")
    tab_to(page, "#id_attachments", seen)
    tab_to(page, "main form button[type=submit]", seen)
    controls = set(page.evaluate(CONTROLS))
    assert controls - seen == set(), "controls the Tab key never reached"
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/portal/requests/[\d-]+/(#.*)?$"))
    ticket = Ticket.objects.get()
    expect(page.get_by_role("status")).to_contain_text(ticket.number)
    assert list(ticket.devices.all()) == [device]
    assert ticket.category == "remote_hardware"
    tab_to(page, "#id_body", set())
    page.keyboard.type(t(language, "Thank you."))
    tab_to(page, "main form button[type=submit]", set())
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(t(language, "Your message has been sent."))
