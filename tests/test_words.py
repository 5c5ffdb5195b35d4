"""core.words: the one rule that takes a typo for a known word, for the
knowledge base's search and the desk's queue filter."""

import pytest

from pupitre.core import words


@pytest.mark.parametrize(
    "a, b, distance",
    [("beamer", "beamer", 0), ("bemaer", "beamer", 1), ("beamr", "beamer", 1),
     ("ecarn", "ecran", 1), ("projektor", "projecteur", 3), ("druker", "drucker", 1)],
)  # fmt: skip
def test_edit_distance_counts_a_swapped_pair_as_one_edit(a, b, distance):
    assert words.edit_distance(a, b) == distance


@pytest.mark.parametrize(
    "typed, known",
    [("bemaer", "beamer"), ("tafle", "tafel"), ("wlna", "wlan"), ("ecarn", "ecran"),
     ("projecteru", "projecteur"), ("projektor", "projecteur"), ("pasword", "passwort")],
)  # fmt: skip
def test_a_typo_resembles_the_word_meant_in_german_as_in_french(typed, known):
    assert words.resembles(typed, known)


@pytest.mark.parametrize(
    "typed, known", [("bemaer", "bauer"), ("beamer", "kamera"), ("odoo", "code"), ("12", "13")]
)
def test_different_words_do_not_resemble_each_other(typed, known):
    assert not words.resembles(typed, known)


def test_nearest_prefers_fewer_edits_then_alphabetical_order():
    assert words.nearest("bemaer", ["beamer", "bemalen", "zebra"]) == "beamer"
    assert words.nearest("tast", ["test", "tasta", "zz"]) == "tasta"
    assert words.nearest("zzzqqq", ["beamer"]) is None


def test_folded_words_are_lower_case_without_accents():
    assert words.folded_words("L'Écran, Straße!") == ["l", "ecran", "strasse"]
