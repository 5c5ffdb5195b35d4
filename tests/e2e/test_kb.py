"""Knowledge base journeys, in German and French, at desktop and phone size,
with an accessibility audit of every page visited: reading an article and
switching its language; the suggestions beside a new request; writing an
article at the desk and linking it in a reply."""

import re

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.equipment.models import Category, DeviceModel
from pupitre.kb import services
from pupitre.kb.models import Article, ArticleFeedback, Deflection
from pupitre.tickets.models import Ticket

from ..factories import (
    make_article,
    make_device,
    make_member,
    make_school,
    make_team,
    make_ticket,
    make_user,
)
from .helpers import field, sign_in, t

LANGUAGES = ["de", "fr"]
OTHER = {"de": "fr", "fr": "de"}
pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = {
    "de": {
        "title": "Interaktives Display kalibrieren",
        "body": "## Schritte\n\n1. Menü öffnen\n2. **Kalibrierung** wählen",
        "query": "display kalibrieren",
        "typed": "Das Display reagiert nicht",
        "only_here": "Dell Latitude: Stift und Tabletmodus",
    },
    "fr": {
        "title": "Calibrer l'écran interactif",
        "body": "## Étapes\n\n1. Ouvrir le menu\n2. Choisir **Calibrage**",
        "query": "calibrer écran",
        "typed": "L'écran interactif ne réagit plus",
        "only_here": "Dell Latitude : le stylet et le mode tablette",
    },
}


def bilingual_article(author, display=None):
    models = [display] if display else []
    first = make_article(
        author,
        language="de",
        title=TEXTS["de"]["title"],
        summary="Touch-Erkennung neu ausrichten.",
        body=TEXTS["de"]["body"] + "\n\nDas Display reagiert nicht mehr genau.",
        kind="procedure",
        device_models=models,
    )
    services.article_create(
        author=author,
        language="fr",
        title=TEXTS["fr"]["title"],
        summary="Réaligner la détection tactile.",
        body=TEXTS["fr"]["body"] + "\n\nL'écran interactif ne réagit plus correctement.",
        translation_of=first,
        publish=True,
    )
    return first


@pytest.mark.parametrize("language", LANGUAGES)
def test_anyone_reads_an_article_and_switches_its_language(new_page, audit, language):
    writer = make_user(role=Role.AGENT)
    display = DeviceModel.objects.create(
        manufacturer="Promethean", name="ActivPanel 9", category=Category.INTERACTIVE_DISPLAY
    )
    bilingual_article(writer, display=display)
    only = make_article(writer, language=OTHER[language], title=TEXTS[OTHER[language]]["only_here"])
    page = new_page()
    page.goto("/")
    page.get_by_role("button", name=language.upper()).click()
    page.get_by_role("banner").get_by_role("link", name=t(language, "Help articles")).click()
    expect(page).to_have_url(re.compile(rf"/{language}/kb/$"))
    audit.check(page, language)
    # Browsing: by kind, by device model, by service.
    page.get_by_role("link", name=t(language, "Configuration procedure")).click()
    expect(page.get_by_role("link", name=TEXTS[language]["title"])).to_be_visible()
    audit.check(page, language)
    page.go_back()
    page.get_by_role("link", name=str(display)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(display))
    audit.check(page, language)
    page.goto(f"/{language}/kb/categories/remote_tools/")
    audit.check(page, language)
    page.goto(f"/{language}/kb/")

    page.get_by_role("searchbox", name=t(language, "Search the help articles")).fill(
        TEXTS[language]["query"]
    )
    page.get_by_role("main").get_by_role("button", name=t(language, "Search")).click()
    expect(page.locator("mark").first).to_be_visible()
    audit.check(page, language)
    page.get_by_role("link", name=TEXTS[language]["title"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXTS[language]["title"])
    audit.check(page, language)

    # The site's language switcher takes the reader to the same article.
    other = OTHER[language]
    page.get_by_role("button", name=other.upper()).click()
    expect(page).to_have_url(re.compile(rf"/{other}/kb/articles/"))
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXTS[other]["title"])
    audit.check(page, other)
    # And the article's own link back.
    page.get_by_role("link", name=re.compile("^(deutsch|français)$", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXTS[language]["title"])

    field(page, language, "Comment (optional)").fill("Super.")
    page.get_by_role("button", name=t(language, "Yes, it helped")).click()
    expect(page.get_by_role("status")).to_contain_text(t(language, "Thank you for your feedback."))
    assert ArticleFeedback.objects.get().helpful is True
    audit.check(page, language)

    # An article that exists only in the other language.
    page.goto(f"/{language}/kb/articles/{only.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Not available in this language")
    )
    audit.check(page, language)
    page.get_by_role("link", name=only.title).click()
    expect(page.locator("html")).to_have_attribute("lang", OTHER[language])
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_suggested_article_solves_the_problem_before_a_request(new_page, audit, language):
    school = make_school(language=language)
    make_team(language)
    display = make_device(school, category="interactive_display")
    teacher = make_member(school)
    bilingual_article(make_user(role=Role.AGENT), display=display.model)
    page = new_page()
    sign_in(page, teacher)
    page.get_by_role("link", name=t(language, "New request")).first.click()
    panel = page.get_by_role("complementary", name=t(language, "Help articles that may solve it"))
    expect(panel).to_contain_text(
        t(language, "Describe the problem: articles that may solve it appear here.")
    )
    audit.check(page, language)

    page.get_by_label(re.compile(re.escape(display.serial))).check()
    field(page, language, "Subject").fill(TEXTS[language]["typed"])
    expect(
        panel.get_by_role("link", name=re.compile(re.escape(TEXTS[language]["title"])))
    ).to_be_visible()
    audit.check(page, language)
    panel.get_by_role(
        "button", name=re.compile(re.escape(t(language, "This solved my problem")))
    ).click()

    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("status")).to_contain_text(TEXTS[language]["title"])
    audit.check(page, language)
    assert not Ticket.objects.exists()
    deflection = Deflection.objects.get()
    assert (deflection.user, deflection.device_model) == (teacher, display.model)
    assert TEXTS[language]["typed"] in deflection.text
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_agent_writes_an_article_and_links_it_in_a_reply(new_page, audit, language):
    school = make_school(language=language)
    make_team(language)
    teacher = make_member(school)
    ticket = make_ticket(teacher, subject=TEXTS[language]["typed"])
    supervisor = make_user(role=Role.SUPERVISOR, language=language)
    page = new_page()
    sign_in(page, supervisor)
    page.get_by_role("link", name=t(language, "Knowledge base")).first.click()
    audit.check(page, language)
    page.get_by_role("link", name=t(language, "New article")).click()
    page.locator("main #id_language").select_option(language)
    field(page, language, "Title").fill(TEXTS[language]["title"])
    field(page, language, "Configuration procedure").check()
    page.get_by_role("textbox", name=t(language, "Text (Markdown)")).fill(TEXTS[language]["body"])
    preview = page.locator("#kb-preview")
    expect(preview.locator("strong")).to_be_visible()  # the live preview
    audit.check(page, language)
    page.get_by_role("button", name=t(language, "Save and publish")).click()
    expect(page.get_by_role("status")).to_contain_text(t(language, "Article published."))
    audit.check(page, language)
    article = Article.objects.get()
    assert (article.status, article.kind) == ("published", "procedure")

    page.get_by_role("link", name=re.compile(re.escape(t(language, "History")))).click()
    page.get_by_role("link", name=re.compile("1")).first.click()
    audit.check(page, language)
    page.goto("/desk/kb/report/")
    audit.check(page, language)

    page.goto(f"/desk/tickets/{ticket.number}/")
    picker = page.locator(".kb-picker")
    expect(
        picker.get_by_role("button", name=re.compile(re.escape(t(language, "Insert link"))))
    ).to_be_visible()
    audit.check(page, language)
    picker.get_by_role(
        "button", name=re.compile(re.escape(t(language, "Insert link")))
    ).first.click()
    expect(field(page, language, "Message")).to_have_value(
        re.compile(
            rf"{re.escape(article.title)}: http://\S+/{language}/kb/articles/{article.slug}/"
        )
    )
    audit.assert_clean()
