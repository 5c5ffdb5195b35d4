"""kb.search.search: stems, accents, typos, visibility, languages, filters,
snippets. Runs on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest

from pupitre.equipment.models import Category, DeviceModel
from pupitre.kb import services
from pupitre.kb.search import DESK, PUBLIC, STAFF, SearchFilters, search

from ..factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_articles(agent_fr):
    """Unrelated articles: ranking weighs words by how rare they are."""
    for title in ("Tablette perdue", "Compte bloqué", "Visite du technicien", "Caméra"):
        make_article(agent_fr, title=title, body="Rien à voir avec la question.")


def titles(text, language="fr", **filters):
    return [hit.title for hit in search(text, language, SearchFilters(**filters))]


@pytest.fixture
def printers(agent_fr):
    return {
        "de": make_article(
            agent_fr,
            language="de",
            title="Drucker im Lehrerzimmer",
            body="So richten Sie den Drucker ein und drucken eine Testseite.",
        ),
        "fr": make_article(
            agent_fr,
            language="fr",
            title="L'imprimante de la salle des professeurs",
            body="Ajouter l'imprimante puis imprimer une page de test. Vérifier le réseau.",
        ),
    }


@pytest.mark.parametrize("word", ["drucken", "Drucker", "DRUCKERN"])
def test_german_inflections_find_the_printer_article(printers, word):
    assert titles(word, "de")[0] == "Drucker im Lehrerzimmer"


@pytest.mark.parametrize("word", ["imprimer", "imprimante", "imprimantes", "IMPRIMER"])
def test_french_inflections_find_the_printer_article(printers, word):
    assert titles(word, "fr")[0] == "L'imprimante de la salle des professeurs"


@pytest.mark.parametrize("word", ["réseau", "reseau", "RÉSEAU"])
def test_accents_do_not_matter(printers, word):
    assert titles(word, "fr") == ["L'imprimante de la salle des professeurs"]


def test_accented_query_finds_unaccented_text(agent_fr):
    make_article(agent_fr, title="Ecran tactile", body="Calibrage de l ecran")
    assert titles("écran") == ["Ecran tactile"]


@pytest.mark.parametrize(
    "typo, language", [("druckr", "de"), ("imprimnte", "fr"), ("imprinante", "fr")]
)
def test_one_typo_is_corrected_to_a_known_word(printers, typo, language):
    found = titles(typo, language)
    assert found and found[0] == printers[language].title


def test_a_word_nothing_resembles_finds_nothing(printers):
    assert titles("zzzqqqxx") == []


def test_title_weighs_more_than_body(agent_fr, other_articles):
    make_article(agent_fr, title="Borne wifi", body="Une borne au plafond.")
    make_article(agent_fr, title="Réseau de l'école", body="Le wifi de l'école et sa borne.")
    assert titles("wifi") == ["Borne wifi", "Réseau de l'école"]


def test_readers_never_find_internal_or_draft_articles(agent_fr):
    make_article(agent_fr, title="Projecteur public", body="projecteur")
    make_article(agent_fr, title="Projecteur interne", body="projecteur", visibility="internal")
    make_article(agent_fr, title="Projecteur brouillon", body="projecteur", publish=False)
    assert titles("projecteur", audience=PUBLIC) == ["Projecteur public"]
    assert set(titles("projecteur", audience=STAFF)) == {"Projecteur public", "Projecteur interne"}
    assert len(titles("projecteur", audience=DESK)) == 3


def test_unpublishing_removes_an_article_from_the_readers_results(agent_fr):
    article = make_article(agent_fr, title="Tablette perdue", body="tablette")
    services.article_unpublish(article=article, by=agent_fr)
    assert titles("tablette") == []


def test_an_article_only_in_the_other_language_comes_after(agent_fr):
    make_article(agent_fr, language="fr", title="Chromebook : enrôlement", body="chromebook")
    make_article(agent_fr, language="de", title="Chromebook registrieren", body="chromebook")
    hits = search("chromebook", "fr", SearchFilters())
    assert [(hit.title, hit.fallback) for hit in hits] == [
        ("Chromebook : enrôlement", False),
        ("Chromebook registrieren", True),
    ]


def test_an_article_translated_into_the_readers_language_is_not_repeated(agent_fr):
    french = make_article(agent_fr, language="fr", title="Chromebook bloqué", body="chromebook")
    services.article_create(
        author=agent_fr, language="de", title="Chromebook gesperrt", body="chromebook",
        translation_of=french, publish=True,
    )  # fmt: skip
    assert titles("chromebook") == ["Chromebook bloqué"]


def test_a_draft_translation_does_not_hide_the_published_one(agent_fr):
    german = make_article(agent_fr, language="de", title="Chromebook gesperrt", body="chromebook")
    services.article_create(
        author=agent_fr, language="fr", title="Chromebook bloqué", body="chromebook",
        translation_of=german, publish=False,
    )  # fmt: skip
    assert titles("chromebook", "fr") == ["Chromebook gesperrt"]


def test_filters_by_device_model_and_kind(agent_fr):
    display = DeviceModel.objects.create(
        manufacturer="Promethean", name="ActivPanel", category=Category.INTERACTIVE_DISPLAY
    )
    make_article(agent_fr, title="Écran : calibrage", body="calibrage", device_models=[display])
    make_article(agent_fr, title="Autre calibrage", body="calibrage", kind="procedure")
    assert titles("calibrage", device_model=display.pk) == ["Écran : calibrage"]
    assert titles("calibrage", kind="procedure") == ["Autre calibrage"]


def test_articles_about_the_chosen_device_rank_first(agent_fr, other_articles):
    display = DeviceModel.objects.create(
        manufacturer="Clevertouch", name="UX", category=Category.INTERACTIVE_DISPLAY
    )
    plain = make_article(agent_fr, title="Audio", body="Pas d'audio.")
    about = make_article(
        agent_fr, title="Audio", body="Pas d'audio sur l'écran.", device_models=[display]
    )

    def order(**filters):
        return [hit.article_id for hit in search("audio", "fr", SearchFilters(**filters))]

    assert order() == [plain.pk, about.pk]
    assert order(prefer_device_models=(display.pk,)) == [about.pk, plain.pk]


def test_snippet_marks_the_searched_words(printers):
    hit = search("imprimer", "fr", SearchFilters())[0]
    assert "<mark>imprimante</mark>" in hit.snippet
    assert "<mark>imprimer</mark>" in hit.snippet


def test_snippet_escapes_the_article_text(agent_fr):
    make_article(agent_fr, title="Code", body="Tapez `<b>wifi</b>` dans la barre")
    snippet = search("wifi", "fr", SearchFilters())[0].snippet
    assert "&lt;b&gt;<mark>wifi</mark>&lt;/b&gt;" in snippet


def test_editing_an_article_saves_the_index(agent_fr):
    article = make_article(agent_fr, title="Tablette", body="Recharger la tablette.")
    assert titles("chargeur") == []
    services.article_save(
        article=article, author=agent_fr, title="Tablette", body="Brancher le chargeur."
    )
    assert titles("chargeur") == ["Tablette"]
    assert titles("recharger") == []


def test_the_last_word_being_typed_matches_as_a_prefix(printers):
    assert titles("imprim", prefix_last=True) == ["L'imprimante de la salle des professeurs"]
    assert titles("Lehrerzi", "de", prefix_last=True) == ["Drucker im Lehrerzimmer"]


def test_empty_or_stopword_only_text_finds_nothing(printers):
    assert titles("") == []
    assert titles("le la les de") == []


@pytest.fixture
def projectors(agent_fr):
    """The projector article in both languages, among others (ranking weighs
    rare words)."""
    make_article(agent_fr, language="de", title="Tafel", body="Die Tafel reagiert nicht.")
    make_article(agent_fr, language="fr", title="Tableau", body="Le tableau ne répond plus.")
    return {
        "de": make_article(
            agent_fr,
            language="de",
            title="Der Beamer zeigt kein Bild",
            body="Kabel prüfen, dann die Quelle am Projektor wählen.",
        ).title,
        "fr": make_article(
            agent_fr,
            language="fr",
            title="Le projecteur n'affiche rien",
            body="Vérifier le câble, puis choisir la source du projecteur.",
        ).title,
    }


@pytest.mark.parametrize(
    "typo, language",
    [
        # A swapped pair in a short word shares few trigrams with the right one.
        ("Bemaer", "de"),
        ("bemaer kein bild", "de"),
        ("projekter", "de"),
        ("projecteru", "fr"),
        ("porjecteur", "fr"),
        ("projceteur n'affiche rien", "fr"),
    ],
)
def test_a_typo_finds_the_article_in_german_as_in_french(projectors, typo, language):
    assert titles(typo, language)[:1] == [projectors[language]]
