"""Words for the search (pure), and that SQLite's trigram similarity is the
one PostgreSQL computes."""

import pytest
from django.db import connection

from pupitre.kb import text


def test_folding_removes_accents_and_ligatures_like_unaccent():
    assert text.fold("Écran Élève Straße Œuvre") == "ecran eleve strasse oeuvre"


def test_stop_words_are_not_search_terms():
    assert text.content_terms("Le tableau ne répond plus", "fr") == ["tableau", "repond"]
    assert text.content_terms("Der Beamer geht nicht", "de") == ["beamer", "geht"]


def test_inflections_share_a_stem():
    assert text.stem("drucker", "de") == text.stem("drucken", "de")
    assert text.stem("imprimante", "fr") == text.stem("imprimer", "fr")


def test_one_typo_keeps_a_word_similar_enough_to_be_corrected():
    assert text.trigram_similarity("drucker", "druckr") >= 0.3
    assert text.trigram_similarity("drucker", "tablette") < 0.3


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "first, second", [("drucker", "druckr"), ("imprimante", "imprimnte"), ("wifi", "wlan")]
)
def test_similarity_is_the_one_pg_trgm_computes(first, second):
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [first, second])
        expected = cursor.fetchone()[0]
    assert text.trigram_similarity(first, second) == pytest.approx(expected, abs=1e-6)
