"""Attachments of received mail are named from their text without losing it."""

from email.message import EmailMessage

from pupitre.mail.parsing import parse_mail

from .conftest import make_mail
from .test_ingest import ingest


def forwarding(subject: str) -> bytes:
    inner = EmailMessage()
    inner["From"] = "certificats@example.be"
    inner["Subject"] = subject
    inner.set_content("Votre certificat expire bientôt.")
    outer = EmailMessage()
    outer["From"] = "Claire Dubois <teacher@test.pupitre.be>"
    outer["To"] = "support@pupitre.example"
    outer["Subject"] = "TR: certificat"
    outer.set_content("Voir le message ci-joint.")
    outer.add_attachment(inner)
    return outer.as_bytes()


def test_a_forwarded_message_is_named_from_its_whole_subject():
    parsed = parse_mail(forwarding("Zertifikat expires 30/04: à renouveler"))
    assert [a.filename for a in parsed.attachments] == [
        "Zertifikat expires 30_04_ à renouveler.eml"
    ]


def test_a_forwarded_message_without_subject_is_still_named():
    parsed = parse_mail(forwarding(" / "))
    assert [a.filename for a in parsed.attachments] == ["_.eml"]
    parsed = parse_mail(forwarding(""))
    assert [a.filename for a in parsed.attachments] == ["message.eml"]


def test_a_name_given_as_a_path_keeps_its_last_part():
    raw = make_mail(attachments=[("placeholder.pdf", "application/pdf", b"%PDF-1.4")])
    raw = raw.replace(b'filename="placeholder.pdf"', b'filename="C:\\Users\\x\\scan 30-04.pdf"')
    assert [a.filename for a in parse_mail(raw).attachments] == ["scan 30-04.pdf"]


def test_a_long_subject_in_a_script_of_wide_letters_is_stored(teacher):
    subject = "Отчёт о проверке оборудования школы " * 8
    received = ingest(forwarding(subject))
    (attachment,) = received.entry.attachments.all()
    assert attachment.filename.startswith("Отчёт о проверке оборудования школы Отчёт")
    assert attachment.filename.endswith(".eml") and len(attachment.filename.encode()) <= 200
    assert attachment.file.read().startswith(b"From: certificats@example.be")
