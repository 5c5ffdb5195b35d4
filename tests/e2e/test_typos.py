"""A typo finds what it means, in German as in French, at desktop and phone
size: an agent filtering the queue, a teacher searching the help articles."""

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role

from ..factories import make_article, make_member, make_school, make_ticket, make_user
from .helpers import field, sign_in, t

pytestmark = pytest.mark.django_db(transaction=True)

# A short word with two letters swapped: it shares few trigrams with the
# right one (the German typo found nothing, nor any typo in the queue).
CASES = {
    "de": {
        "subject": "Beamer im Raum 3 zeigt kein Bild",
        "other": "Drucker im Lehrerzimmer druckt nicht",
        "queue_typo": "Bemaer",
        "title": "Der Beamer zeigt kein Bild",
        "body": "Kabel prüfen, dann am Beamer die Quelle wählen.",
        "kb_typo": "bemaer",
    },
    "fr": {
        "subject": "Le projecteur de la salle 12 ne s'allume plus",
        "other": "L'imprimante de la salle des profs n'imprime plus",
        "queue_typo": "projecteru",
        "title": "L'écran reste noir",
        "body": "Vérifier le câble, puis la source choisie à l'écran.",
        "kb_typo": "ecarn",
    },
}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_an_agent_finds_a_ticket_with_a_typo_in_the_queue_filter(new_page, audit, language):
    school = make_school(language=language)
    teacher = make_member(school)
    make_ticket(teacher, subject=CASES[language]["subject"], language=language)
    make_ticket(teacher, subject=CASES[language]["other"], language=language)
    agent = make_user(role=Role.AGENT, language=language)
    page = new_page()
    sign_in(page, agent)
    page.goto("/desk/")
    field(page, language, "Number or subject").fill(CASES[language]["queue_typo"])
    page.get_by_role("button", name=t(language, "Filter")).click()
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=CASES[language]["subject"])).to_be_visible()
    expect(main.get_by_role("link", name=CASES[language]["other"])).to_have_count(0)
    audit.check(page, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_teacher_finds_an_article_with_a_typo_in_the_search(new_page, audit, language):
    writer = make_user(role=Role.AGENT)
    make_article(writer, language=language, title="Tablet verloren", body="Melden.")
    make_article(writer, language=language, title=CASES[language]["title"],
                 body=CASES[language]["body"])  # fmt: skip
    teacher = make_member(make_school(language=language))
    page = new_page()
    sign_in(page, teacher)
    page.goto(f"/{language}/kb/")
    page.get_by_role("searchbox", name=t(language, "Search the help articles")).fill(
        CASES[language]["kb_typo"]
    )
    page.get_by_role("main").get_by_role("button", name=t(language, "Search")).click()
    link = page.get_by_role("main").get_by_role("link", name=CASES[language]["title"])
    expect(link).to_be_visible()
    audit.check(page, language)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CASES[language]["title"])
    audit.assert_clean()
