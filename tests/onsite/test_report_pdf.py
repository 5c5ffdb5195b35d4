"""The PDF of a report: what a person reads on it, in the school's language,
with its photos and signature; its size and the time to make it."""

import io
import time

from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from pupitre.onsite.photos import resize_photo
from pupitre.onsite.report_pdf import DeviceLine, ReportSheet, report_pdf

from ..pdf import pdf_pages_text


def photo():
    image = Image.effect_mandelbrot((4000, 3000), (-2, -1.5, 1, 1.5), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    resized = resize_photo(out.getvalue())
    return resized.content, resized.width, resized.height


def signature():
    image = Image.new("L", (600, 200), 255)
    image.paste(0, (50, 100, 500, 106))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def sheet(**fields):
    values = {
        "ticket_number": "2026-000042",
        "school": "Athénée royal de Namur",
        "site": "Implantation Saint-Servais",
        "address": "Rue de l'École 1, 5000 Namur",
        "technician": "Tom Technicien",
        "visit_day": "mardi 8 décembre 2026",
        "arrived": "09:05",
        "left": "10:20",
        "minutes_on_site": 75,
        "minutes_travel": 35,
        "work_done": "Écran du projecteur remplacé, câble HDMI testé.",
        "parts_used": "1 câble HDMI 5 m",
        "devices": [DeviceLine("Epson EB-725", "SN000123", "Remplacé", "SN999")],
        "photos": [photo()],
        "signed_by": "Claire Dubois",
        "signature_png": signature(),
    }
    values.update(fields)
    return ReportSheet(**values)


def test_the_report_reads_in_french_with_devices_parts_times_and_sign_off():
    with translation.override("fr"):
        content = report_pdf(sheet())
    text = " ".join(pdf_pages_text(content))
    assert "2026-000042" in text
    assert "Athénée royal de Namur" in text
    assert "SN000123" in text and "SN999" in text
    assert "1 câble HDMI 5 m" in text
    assert "1 h 15" in text and "35 min" in text
    assert "Claire Dubois" in text
    reader = PdfReader(io.BytesIO(content))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 2  # the photo and the signature


def test_the_report_reads_in_german(settings):
    with translation.override("de"):
        content = report_pdf(sheet(nobody_available=True, signed_by="", signature_png=None))
    text = " ".join(pdf_pages_text(content))
    assert "Einsatzbericht" in text
    assert "Durchgeführte Arbeiten" in text


def test_nobody_available_is_said_and_no_signature_drawn():
    with translation.override("fr"):
        content = report_pdf(sheet(nobody_available=True, signed_by="", signature_png=None))
    reader = PdfReader(io.BytesIO(content))
    assert len([image for page in reader.pages for image in page.images]) == 1
    assert "Personne de l'école n'était disponible pour signer." in " ".join(
        pdf_pages_text(content)
    )


def distinct_photos(count):
    """`count` different phone-sized photos (the same picture, marked)."""
    content, width, height = photo()
    photos = []
    for index in range(count):
        with Image.open(io.BytesIO(content)) as image:
            marked = image.copy()
        marked.paste((255, 0, 0), (index * 50, index * 40, index * 50 + 80, index * 40 + 80))
        out = io.BytesIO()
        marked.save(out, "JPEG", quality=82)
        photos.append((out.getvalue(), width, height))
    return photos


def test_ten_photos_make_a_small_pdf_quickly():
    photos = distinct_photos(10)
    with translation.override("fr"):
        many = sheet(photos=photos)
        report_pdf(sheet(photos=[]))  # the catalogues loaded once
        started = time.perf_counter()
        content = report_pdf(many)
        elapsed = time.perf_counter() - started
    assert len(PdfReader(io.BytesIO(content)).pages) >= 3
    assert len(content) < 3_000_000
    assert elapsed < 2.0


def test_text_outside_latin_1_is_printed_in_plain_letters():
    with translation.override("fr"):
        content = report_pdf(sheet(school="Institut des Sœurs – „Œuvre“", work_done="Dvořák ✓"))
    text = " ".join(pdf_pages_text(content))
    assert "Institut des Soeurs" in text
    assert "Dvorák ?" in text
