"""The reading pages: language in the address, switching language, missing
translations, browsing, feedback, sitemap, and constant queries on lists."""

import pytest
from django.urls import reverse
from django.utils import translation

from pupitre.equipment.models import Category, DeviceModel
from pupitre.kb import services
from pupitre.kb.models import ArticleDailyViews, ArticleFeedback

from ..factories import make_article
from ..page import form_errors
from ..querycount import count_queries

pytestmark = pytest.mark.django_db


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def calibration(agent_fr):
    french = make_article(
        agent_fr, title="Calibrer l'écran", body="## Étapes\n\n1. Menu", kind="procedure"
    )
    german = services.article_create(
        author=agent_fr,
        language="de",
        title="Display kalibrieren",
        body="## Schritte\n\n1. Menü",
        translation_of=french,
        publish=True,
    )
    return {"fr": french, "de": german}


def test_anyone_reads_a_public_article_in_the_language_of_the_address(client, calibration):
    page = client.get(url_in("de", "kb:article", calibration["de"].slug))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="de">' in html
    assert "<h2>Schritte</h2>" in html
    assert "Hilfeartikel" in html  # the interface speaks German too


def test_the_address_wins_over_the_users_language(client, german_teacher, calibration):
    client.force_login(german_teacher)
    page = client.get(url_in("fr", "kb:article", calibration["fr"].slug))
    assert '<html lang="fr">' in page.content.decode()
    assert "Articles d'aide" in page.content.decode()
    # Elsewhere the user's language still applies.
    assert '<html lang="de">' in client.get(reverse("portal:requests")).content.decode()


def test_the_article_offers_its_other_language(client, calibration):
    html = client.get(url_in("fr", "kb:article", calibration["fr"].slug)).content.decode()
    german_url = url_in("de", "kb:article", calibration["de"].slug)
    assert f'href="{german_url}" hreflang="de" lang="de"' in html
    assert f'<link rel="alternate" hreflang="de" href="{german_url}">' in html


def test_the_language_switcher_takes_the_reader_to_the_same_article(client, calibration):
    french_url = url_in("fr", "kb:article", calibration["fr"].slug)
    response = client.post(reverse("switch_language"), {"language": "de", "next": french_url})
    assert response.status_code == 302
    # The switched address carries the French slug; the German page redirects
    # to the German version of the same article.
    followed = client.get(response["Location"])
    assert followed.status_code == 302
    assert followed["Location"] == url_in("de", "kb:article", calibration["de"].slug)


def test_switching_language_elsewhere_keeps_the_address(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("switch_language"), {"language": "de", "next": "/portal/"})
    assert response["Location"] == "/portal/"


def test_a_missing_translation_says_so_and_offers_the_existing_one(client, agent_fr):
    french = make_article(agent_fr, title="Dell Latitude : le stylet")
    page = client.get(url_in("de", "kb:article", french.slug))
    html = page.content.decode()
    assert page.status_code == 200
    assert "In dieser Sprache nicht verfügbar" in html
    assert f'href="{url_in("fr", "kb:article", french.slug)}" hreflang="fr"' in html


def test_a_draft_translation_is_missing_for_readers(client, agent_fr):
    french = make_article(agent_fr, title="Tablette")
    german = services.article_create(
        author=agent_fr, language="de", title="Tablettenanleitung", body="", translation_of=french
    )
    html = client.get(url_in("fr", "kb:article", french.slug)).content.decode()
    assert german.slug not in html
    assert "Pas encore traduit en allemand" in html


def test_an_unknown_address_is_not_found(client):
    assert client.get(url_in("fr", "kb:article", "nothing-here")).status_code == 404


def test_reading_counts_a_view(client, calibration):
    client.get(url_in("fr", "kb:article", calibration["fr"].slug))
    client.get(url_in("fr", "kb:article", calibration["fr"].slug))
    assert ArticleDailyViews.objects.get(article=calibration["fr"]).count == 2


def test_was_this_helpful_records_the_answer_and_the_comment(client, calibration):
    url = url_in("fr", "kb:feedback", calibration["fr"].slug)
    response = client.post(url, {"helpful": "no", "comment": "Il manque une photo."})
    assert response.status_code == 302
    feedback = ArticleFeedback.objects.get()
    assert (feedback.helpful, feedback.comment, feedback.user) == (
        False,
        "Il manque une photo.",
        None,
    )
    page = client.get(url_in("fr", "kb:article", calibration["fr"].slug)).content.decode()
    assert "Merci pour votre avis." in page
    assert 'name="helpful"' not in page  # asked once per reader


def test_feedback_without_an_answer_is_refused_with_a_message(client, calibration):
    response = client.post(url_in("fr", "kb:feedback", calibration["fr"].slug), {"comment": "?"})
    assert response.status_code == 400
    assert form_errors(response) == ["Cet article vous a-t-il aidé ?: Ce champ est obligatoire."]
    assert not ArticleFeedback.objects.exists()


def test_the_device_model_page_groups_documentation_procedures_and_problems(client, agent_fr):
    model = DeviceModel.objects.create(
        manufacturer="Epson", name="EB-695Wi", category=Category.PROJECTOR
    )
    make_article(agent_fr, title="Fiche EB-695Wi", kind="hardware", device_models=[model])
    make_article(agent_fr, title="Brancher le projecteur", kind="procedure", device_models=[model])
    make_article(agent_fr, title="Voyant orange", kind="problem", device_models=[model])
    make_article(agent_fr, title="Autre appareil", kind="problem")
    html = client.get(url_in("fr", "kb:device_model", model.pk)).content.decode()
    documentation, rest = html.split('id="section-hardware"')[1].split('id="section-procedure"')
    procedures, problems = rest.split('id="section-problem"')
    assert "Fiche EB-695Wi" in documentation
    assert "Brancher le projecteur" in procedures
    assert "Voyant orange" in problems and "Autre appareil" not in html


def test_the_search_page_shows_highlighted_results_and_other_languages(client, agent_fr):
    make_article(agent_fr, title="Projecteur : la lampe", body="Changer la lampe du projecteur.")
    make_article(agent_fr, language="de", title="Beamer-Lampe", body="lampe")
    html = client.get(url_in("fr", "kb:search"), {"q": "lampe"}).content.decode()
    assert "<mark>lampe</mark>" in html
    assert html.index("Projecteur : la lampe") < html.index("Beamer-Lampe")
    assert "uniquement en allemand" in html


def test_the_sitemap_lists_public_articles_with_their_languages(client, calibration, agent_fr):
    make_article(agent_fr, title="Interne", visibility="internal")
    make_article(agent_fr, title="Brouillon", publish=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert xml.count("<url>") == 2
    german = url_in("de", "kb:article", calibration["de"].slug)
    assert f'hreflang="de" href="http://testserver{german}"' in xml
    assert "interne" not in xml and "brouillon" not in xml


def test_pages_print_without_navigation(client, calibration):
    html = client.get(url_in("fr", "kb:article", calibration["fr"].slug)).content.decode()
    assert "data-print" in html and 'class="kb-feedback no-print"' in html
    css = reverse("home") and open_static("pupitre/kb.css")
    assert "@media print" in css and ".site-header" in css.split("@media print")[1]


def open_static(path):
    from django.contrib.staticfiles import finders

    with open(finders.find(path), encoding="utf-8") as file:
        return file.read()


@pytest.mark.parametrize(
    "name, args, params",
    [
        ("kb:home", [], {}),
        ("kb:kind", ["problem"], {}),
        ("kb:category", ["remote_hardware"], {}),
        ("kb:search", [], {"q": "projecteur"}),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(client, agent_fr, name, args, params):
    model = DeviceModel.objects.create(manufacturer="Epson", name="X", category=Category.PROJECTOR)

    def add(count):
        for _ in range(count):
            make_article(
                agent_fr,
                title="Projecteur",
                body="projecteur",
                categories=["remote_hardware"],
                device_models=[model],
            )
            make_article(agent_fr, language="de", title="Beamer", body="projecteur")

    url = url_in("fr", name, *args)
    add(1)
    small = count_queries(client, url, params)
    # Still fewer results than a page of search results (20): a full page
    # spares the queries for the other languages.
    add(8)
    assert count_queries(client, url, params) == small


def test_the_device_model_page_runs_a_constant_number_of_queries(client, agent_fr):
    model = DeviceModel.objects.create(manufacturer="Epson", name="X", category=Category.PROJECTOR)
    url = url_in("fr", "kb:device_model", model.pk)
    make_article(agent_fr, title="Un", device_models=[model])
    small = count_queries(client, url)
    for kind in ("hardware", "procedure", "problem") * 4:
        make_article(agent_fr, title=kind, kind=kind, device_models=[model])
    assert count_queries(client, url) == small
