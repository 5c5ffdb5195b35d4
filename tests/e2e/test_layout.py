"""Layout on a laptop (1280 px) and a phone (390 x 844), in German and French:
the article suggestions follow the description being typed, a long unbroken
word never widens a page, and no select box or button cuts its text."""

import re

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.kb.models import Deflection
from pupitre.tickets import services
from pupitre.tickets.models import Ticket

from ..factories import make_article, make_device, make_member, make_school, make_team, make_user
from .helpers import field, sign_in, t

LANGUAGES = ["de", "fr"]
pytestmark = pytest.mark.django_db(transaction=True)

TYPED = {
    "de": ("Display reagiert nicht", "Das interaktive Display reagiert nicht mehr auf den Stift."),
    "fr": ("L'écran ne réagit plus", "L'écran interactif ne réagit plus au stylet."),
}
ARTICLE = {"de": "Interaktives Display reagiert nicht", "fr": "L'écran interactif ne réagit plus"}

# What people paste: a URL, a path, a serial number; no space to wrap at.
LONG_URL = "https://intranet.ecole.example/" + "dossier-partage-classe-4b/" * 8 + "rapport.pdf"
LONG_WORD = "SN-" + "0123456789ABCDEF" * 6


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_suggestions_come_right_under_the_description_as_it_is_typed(
    new_page, audit, language, viewport
):
    school = make_school(language=language)
    make_team(language)
    teacher = make_member(school)
    make_article(make_user(role=Role.AGENT), language=language, title=ARTICLE[language])
    page = new_page()
    sign_in(page, teacher)
    page.goto("/portal/new/")
    subject, description = TYPED[language]
    field(page, language, "Subject").fill(subject)
    description_box = field(page, language, "Describe the problem")
    description_box.click()
    description_box.press_sequentially(description)

    panel = page.get_by_role("complementary", name=t(language, "Help articles that may solve it"))
    expect(panel.get_by_role("link", name=re.compile(re.escape(ARTICLE[language])))).to_be_visible()
    # Announced where it is, without taking the typing cursor away.
    expect(page.locator("#kb-suggestions-results")).to_have_attribute("aria-live", "polite")
    expect(description_box).to_be_focused()
    audit.check(page, language)

    typed = description_box.bounding_box()
    shown = panel.bounding_box()
    send = page.get_by_role("button", name=t(language, "Send the request")).bounding_box()
    if viewport == "phone":
        assert typed["y"] + typed["height"] <= shown["y"] < send["y"]
        # On screen while the description is typed (the keyboard covers the lower half).
        assert shown["y"] - (typed["y"] + typed["height"]) < 40
    else:
        assert shown["x"] >= typed["x"] + typed["width"]
        assert shown["y"] < typed["y"] + typed["height"]

    # Enter in a field still sends the request (here refused: no category),
    # not the first suggestion's "This solved my problem".
    field(page, language, "Subject").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text(t(language, "Please correct the following:"))
    assert not Deflection.objects.exists()
    audit.check(page, language)
    audit.assert_clean()


OVERFLOW_SCRIPT = """() => {
  const width = window.innerWidth;
  // Inside a box that scrolls or clips (a wide table in its wrapper, the
  // visually hidden texts), going past the screen's edge is intended.
  const clipped = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX !== "visible" || style.position === "absolute") return true;
    }
    return false;
  };
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.right <= width + 1 || clipped(element)) continue;
    wide.push(element.tagName.toLowerCase() + (element.className ? "." + element.className : "")
      + " ends at " + Math.round(rect.right) + " px");
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def assert_fits(page, url):
    page.goto(url)
    facts = page.evaluate(OVERFLOW_SCRIPT)
    assert facts["scroll"] <= facts["width"], f"{url}: {facts}"
    assert facts["wide"] == [], f"{url}: {facts}"


def long_worded_request(language):
    """A school, its people and a request whose texts hold long unbroken words."""
    school = make_school(language=language, name="École " + LONG_WORD)
    make_team(language)
    contact = make_member(school, ict_contact=True, name="Marie " + LONG_WORD)
    device = make_device(school, serial=LONG_WORD, asset_tag=LONG_WORD[:90])
    ticket = services.ticket_create(
        school=school,
        requester=contact,
        created_by=contact,
        channel="portal",
        category="remote_hardware",
        subject="Erreur " + LONG_WORD[:150],
        description="Le fichier " + LONG_URL + " ne s'ouvre plus.",
        devices=[device],
    )
    return school, contact, device, ticket


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_grows_wider_than_the_screen_for_a_long_word(new_page, language, viewport):
    school, contact, device, ticket = long_worded_request(language)
    agent = make_user(role=Role.SUPERVISOR, language=language, name="Agent " + LONG_WORD)
    services.ticket_reply(ticket=ticket, author=agent, body="Voir " + LONG_URL)
    make_article(agent, language=language, title="Pilote " + LONG_WORD, body=LONG_URL)

    portal = new_page()
    sign_in(portal, contact)
    for url in [
        "/portal/",
        f"/portal/requests/{ticket.number}/",
        "/portal/new/",
        "/portal/devices/",
        f"/portal/devices/{device.pk}/",
        "/portal/settings/",
    ]:
        assert_fits(portal, url)

    desk = new_page()
    sign_in(desk, agent)
    for url in [
        "/desk/",
        f"/desk/?q={LONG_WORD}",
        f"/desk/tickets/{ticket.number}/",
        "/desk/phone/",
        "/desk/devices/",
        f"/desk/devices/{device.pk}/",
        "/desk/devices/upcoming/",
        "/desk/mail/",
        "/desk/kb/",
        "/kb/",
    ]:
        assert_fits(desk, url)


CUT_SCRIPT = """() => {
  const cut = [];
  const ruler = document.createElement("span");
  ruler.style.position = "absolute";
  ruler.style.visibility = "hidden";
  ruler.style.whiteSpace = "pre";
  document.body.append(ruler);
  for (const select of document.querySelectorAll("main select")) {
    if (!select.offsetParent) continue;
    const style = getComputedStyle(select);
    ruler.style.font = style.font;
    ruler.textContent = select.selectedOptions[0]?.text || "";
    // The text box of a select: its width less the padding and the arrow
    // (Chromium keeps about 16 px for it; a select sized to its longest
    // choice leaves exactly that).
    const room = select.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight) - 16;
    const needed = ruler.getBoundingClientRect().width;
    if (needed > room) {
      cut.push(`select ${select.name}: ${ruler.textContent} (${needed} px in ${room} px)`);
    }
  }
  for (const button of document.querySelectorAll("main button, main .button")) {
    if (!button.offsetParent || button.classList.contains("visually-hidden")) continue;
    if (button.scrollWidth > button.clientWidth) cut.push("button " + button.textContent.trim());
  }
  ruler.remove();
  return cut;
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_select_box_or_button_cuts_its_text(new_page, language, viewport):
    school, contact, device, ticket = long_worded_request(language)
    agent = make_user(role=Role.SUPERVISOR, language=language)
    desk = new_page()
    sign_in(desk, agent)
    for url in [
        "/desk/",
        f"/desk/tickets/{ticket.number}/",
        "/desk/phone/",
        "/desk/devices/",
        "/desk/kb/",
    ]:
        desk.goto(url)
        for select in desk.locator("main select").all():
            options = select.locator("option").all_text_contents()
            if not select.is_visible() or not options:
                continue
            # The longest choice is the one that would be cut.
            longest = max(options, key=len)
            select.select_option(label=longest)
            cut = desk.evaluate(CUT_SCRIPT)
            assert cut == [], f"{url}: {cut}"
        assert desk.evaluate(CUT_SCRIPT) == [], url
    portal = new_page()
    sign_in(portal, contact)
    for url in ["/portal/", "/portal/new/", "/portal/devices/", "/portal/settings/"]:
        portal.goto(url)
        assert portal.evaluate(CUT_SCRIPT) == [], url


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pasted_subject_longer_than_the_limit_is_refused_not_cut(new_page, language, viewport):
    school = make_school(language=language)
    make_team(language)
    teacher = make_member(school)
    page = new_page()
    sign_in(page, teacher)
    page.goto("/portal/new/")
    page.get_by_label(t(language, "Question")).check()
    pasted = "Erreur " + LONG_URL * 2
    field(page, language, "Subject").fill(pasted)
    field(page, language, "Describe the problem").fill(TYPED[language][1])
    page.get_by_role("button", name=t(language, "Send the request")).click()

    expect(page.get_by_role("alert")).to_contain_text(t(language, "Subject"))
    expect(field(page, language, "Subject")).to_have_attribute("aria-invalid", "true")
    # What was pasted is all still there, to shorten.
    expect(field(page, language, "Subject")).to_have_value(pasted)
    assert not Ticket.objects.exists()
