"""File names made from text keep the text, made safe to store and download."""

import pytest

from pupitre.core.filenames import MAX_BYTES, MAX_CHARACTERS, filename_from_path, filename_from_text


@pytest.mark.parametrize(
    ("text", "extension", "expected"),
    [
        ("Ihr Zertifikat läuft ab am 30/04", ".eml", "Ihr Zertifikat läuft ab am 30_04.eml"),
        ('Re: Beamer "Salle 12" <dringend>?', ".eml", "Re_ Beamer _Salle 12_ _dringend__.eml"),
        ("a\\b|c*d", "", "a_b_c_d"),
        ("Zeile eins\r\n\tZeile zwei\x00", ".txt", "Zeile eins Zeile zwei.txt"),
        # A direction override would show "photo\u202egpj.exe" as "photoexe.jpg".
        ("photo\u202egpj.exe", "", "photogpj.exe"),
        ("Cafe\u0301 de l’école", ".pdf", "Café de l’école.pdf"),  # NFC
        ("  .versteckt.  ", "", "versteckt"),
        ("CON", ".txt", "_CON.txt"),
        ("nul.pdf", "", "_nul.pdf"),
    ],
)
def test_text_becomes_a_name_that_keeps_it(text, extension, expected):
    assert filename_from_text(text, extension) == expected


@pytest.mark.parametrize("text", ["", "   ", ".", "..", "\x00\x01", "\u202e"])
def test_a_name_is_never_empty_nor_a_dot(text):
    assert filename_from_text(text) == "file"
    assert filename_from_text(text, ".eml", default="") == ""
    assert filename_from_path(text) == "file"


def test_a_long_name_is_cut_in_the_middle_keeping_its_extension():
    name = filename_from_text("Rapport " * 40 + ".pdf")
    assert name == ("Rapport " * 40)[: MAX_CHARACTERS - 4].rstrip() + ".pdf"
    # Letters of several bytes: the bound is also one of bytes, for file systems.
    cyrillic = filename_from_text("Отчёт" * 60, ".eml")
    assert cyrillic == "Отчёт" * 19 + "Отч.eml" and len(cyrillic.encode()) == MAX_BYTES
    assert (
        filename_from_text("é" * 300).endswith("é") and filename_from_text("\ud800x") == "\ufffdx"
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("C:\\Users\\x\\scan.pdf", "scan.pdf"),
        ("/home/eleve/Documents/devis 2026.pdf", "devis 2026.pdf"),
        ("../../etc/passwd", "passwd"),
        ("dossier/", "dossier"),
        ("a:b.txt", "a_b.txt"),
    ],
)
def test_a_path_gives_its_last_part(path, expected):
    assert filename_from_path(path) == expected


def test_an_uploaded_file_with_a_long_name_in_wide_letters_is_stored(teacher):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pupitre.tickets.models import MessageKind

    from .factories import make_ticket

    name = "Протокол проверки интерактивной доски " * 5 + ".pdf"
    upload = SimpleUploadedFile(name, b"%PDF-1.4", content_type="application/pdf")
    ticket = make_ticket(teacher, attachments=[upload])
    attachment = ticket.messages.get(kind=MessageKind.REPLY).attachments.get()
    assert attachment.filename.startswith("Протокол проверки интерактивной доски Протокол")
    assert attachment.filename.endswith(".pdf") and len(attachment.filename.encode()) <= MAX_BYTES
    assert attachment.file.read() == b"%PDF-1.4"


def test_a_label_sheet_is_named_after_its_school_safely(client, agent_fr, school):
    from django.urls import reverse

    school.official_number = 'EN/12 "B"'
    school.save(update_fields=["official_number"])
    client.force_login(agent_fr)
    response = client.get(reverse("desk:school_labels", args=[school.pk]))
    assert response["Content-Disposition"] == 'inline; filename="labels-EN_12 _B_.pdf"'
