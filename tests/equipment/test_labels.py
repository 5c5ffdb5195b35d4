"""Text on the label sheet: the PDF's core font prints Latin-1 only."""

import io
import re
from types import SimpleNamespace

from pypdf import PdfReader

from pupitre.equipment import labels
from pupitre.equipment.labels import _latin1


def test_names_outside_latin_1_print_as_people_write_them_by_hand():
    assert _latin1("Institut des Sœurs – „Œuvre“ 5 €") == 'Institut des Soeurs - "OEuvre" 5 EUR'
    assert _latin1("Dvořák, Gdańsk") == "Dvorák, Gdansk"  # accents dropped only outside Latin-1
    assert _latin1("Schöne Grüße, élève") == "Schöne Grüße, élève"
    assert _latin1("Łódź ✓") == "?ódz ?"  # no plain form: a question mark


def _sheet(monkeypatch, heading):
    """A label sheet of one device, and the data each QR code was made of."""
    payloads = []
    make = labels.segno.make

    def recording_make(data, **kwargs):
        payloads.append(data)
        return make(data, **kwargs)

    monkeypatch.setattr(labels.segno, "make", recording_make)
    device = SimpleNamespace(model="Lenovo ThinkPad L14", serial="PF4AAA001", asset_tag="")
    pdf = labels.label_sheet(
        school_name="Athénée royal de Namur",
        devices=[device],
        url_for=lambda device: f"https://pupitre.example/d/{device.serial}",
        heading=heading,
        phone="+32 81 00 00 00",
    )
    return pdf, payloads


def _lines(pdf: bytes) -> list[tuple[float, str]]:
    """Each line of text on the first page with the x where it starts."""
    starts: dict[float, tuple[float, str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            starts.setdefault(round(y, 1), (x, text))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return list(starts.values())


def test_the_qr_code_holds_the_address_given_for_the_device(monkeypatch):
    _pdf, payloads = _sheet(monkeypatch, "Besoin d'aide ?")
    assert payloads == ["https://pupitre.example/d/PF4AAA001"]


def test_label_text_is_left_aligned_without_stretched_word_gaps(monkeypatch):
    heading = "Besoin d'aide avec cet appareil ? Scannez le code."
    pdf, _payloads = _sheet(monkeypatch, heading)
    lines = _lines(pdf)
    heading_lines = [text for _x, text in lines if text.strip() in heading]
    assert len(heading_lines) >= 2  # the heading wraps: its first line would be justified
    starts_mm = {round(x * 25.4 / 72, 1) for x, _text in lines}  # every line starts at one x,
    text_x = labels.QR_SIZE + labels.PADDING  # the column's left edge (plus the cell's margin)
    assert len(starts_mm) == 1 and text_x <= starts_mm.pop() <= text_x + 1.5
    content = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages)
    # Justified lines are drawn with an extra word spacing (the Tw operator).
    assert all(float(spacing) == 0 for spacing in re.findall(rb"(\S+) Tw", content))
