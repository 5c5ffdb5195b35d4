"""Text on the label sheet: the PDF's core font prints Latin-1 only."""

from pupitre.equipment.labels import _latin1


def test_names_outside_latin_1_print_as_people_write_them_by_hand():
    assert _latin1("Institut des Sœurs – „Œuvre“ 5 €") == 'Institut des Soeurs - "OEuvre" 5 EUR'
    assert _latin1("Dvořák, Gdańsk") == "Dvorák, Gdansk"  # accents dropped only outside Latin-1
    assert _latin1("Schöne Grüße, élève") == "Schöne Grüße, élève"
    assert _latin1("Łódź ✓") == "?ódz ?"  # no plain form: a question mark
