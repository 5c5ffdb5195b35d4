"""Replies as German and French mail clients write them (tests/mail/fixtures/),
parsed and folded the way the conversation shows them."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pupitre.mail.html import html_to_text
from pupitre.mail.parsing import parse_mail
from pupitre.mail.quotes import split_reply

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str):
    return parse_mail((FIXTURES / name).read_bytes())


def test_german_outlook_reply_threads_and_keeps_its_inline_logo():
    mail = fixture("de_outlook_reply.eml")
    assert (mail.from_name, mail.from_address) == ("Schmitz Jonas", "lehrer@schule-eupen.be")
    assert mail.subject == "AW: [#2026-0042] Beamer defekt"
    assert mail.in_reply_to == ("ticket-42.1.abcdef@pupitre.example",)
    assert mail.date == datetime(2026, 3, 2, 9, 2, 10, tzinfo=UTC)
    [logo] = mail.attachments
    assert (logo.filename, logo.content_type, logo.inline) == ("image001.png", "image/png", True)
    assert logo.payload.startswith(b"\x89PNG")
    assert 'src="cid:image001.png@01DC8A1B.5E2F3A10"' in mail.html
    assert "<style" not in mail.html and "MsoNormal" not in mail.html
    split = split_reply(mail.text)
    assert split.visible == (
        "Guten Morgen Frau Renard,\n\n"
        "der Beamer in Raum 12 startet wieder, vielen Dank für die schnelle Hilfe!"
    )
    assert split.signature.startswith("Mit freundlichen Grüßen\nJonas Schmitz")
    assert split.quoted.startswith("Von: Pupitre Support")


def test_french_outlook_reply_in_windows_1252_labelled_latin_1():
    mail = fixture("fr_outlook_reply.eml")
    assert mail.from_name == "Sophie Renard – Athénée"
    assert mail.subject == "RE: [#2026-0043] Portable à recharger"
    assert mail.references == (
        "ticket-43.1.fedcba@pupitre.example",
        "ticket-43.2.fedcba@pupitre.example",
    )
    split = split_reply(mail.text)
    assert split.visible.endswith("C’est le chargeur fourni en 2024 (coût : 45 €).")
    assert split.signature.startswith("Cordialement,")
    assert split.quoted.startswith("De : Pupitre Support")


def test_french_thunderbird_reply_is_unflowed_and_keeps_its_rfc2231_attachment_name():
    mail = fixture("fr_thunderbird_reply.eml")
    assert mail.subject == "Re: [#2026-0044] Facture réparation"
    assert "de la salle 7. Merci de nous dire" in mail.text  # format=flowed joined
    [invoice] = mail.attachments
    assert invoice.filename == "Facture réparation tableau interactif salle 7.pdf"
    assert invoice.payload.startswith(b"%PDF")
    split = split_reply(mail.text)
    assert split.signature == "Bien à vous,\nClaire Dubois"
    assert split.quoted.startswith("Le 02/03/2026 à 09:15, Pupitre Support a écrit :")


def test_german_apple_mail_reply_with_decomposed_file_name_and_image_between_texts():
    mail = fixture("de_apple_mail_reply.eml")
    assert (mail.from_name, mail.subject) == ("Anna Müller", "Re: [#2026-0045] Tablets für die 3a")
    assert [a.filename for a in mail.attachments] == ["Ladewagen.png", "Schülerliste Klasse 3ä.pdf"]
    assert not any(a.inline for a in mail.attachments)  # no HTML refers to them
    split = split_reply(mail.text)
    assert split.visible == "Hallo,\n\nanbei die Liste und ein Foto vom Ladewagen:"
    assert split.signature == "Viele Grüße\nAnna Müller"
    assert split.quoted.startswith("> Am 02.03.2026 um 09:15 schrieb Pupitre Support")


def test_french_gmail_html_only_reply_is_sanitised_and_gives_readable_text():
    mail = fixture("fr_gmail_html_only.eml")
    assert "<script" not in mail.html and "alert" not in mail.html
    assert "onclick" not in mail.html and "javascript:" not in mail.html
    # The tracking pixel is not loaded: its address is only a data-remote-src.
    assert '<img data-remote-src="https://tracker.example.net/open.gif?id=42"' in mail.html
    assert mail.html.count("tracker.example.net") == 1
    assert '<a href="https://www.enseignement.be/"' in mail.html
    assert mail.text.startswith("Bonjour,\n\nLe tableau interactif fonctionne à nouveau, merci !")
    split = split_reply(mail.text, sender_name=mail.from_name)
    assert split.visible == "Bonjour,\n\nLe tableau interactif fonctionne à nouveau, merci !"
    assert split.quoted.startswith("Le lun. 2 mars 2026 à 09:15, Pupitre Support")
    assert "> avez-vous pu redémarrer le tableau ?" in split.quoted


def test_french_iphone_reply_folds_the_phone_line_and_decodes_an_encoded_word_file_name():
    mail = fixture("fr_iphone_reply.eml")
    assert (mail.from_name, mail.subject) == ("Hélène Lambert", "Re : [#2026-0047] Imprimante")
    assert [a.filename for a in mail.attachments] == ["Photo de l’écran.jpeg"]
    split = split_reply(mail.text)
    assert split.visible == "Voici la photo du message d’erreur."
    assert split.signature == "Envoyé de mon iPhone"
    assert split.quoted.startswith("> Le 2 mars 2026 à 09:15")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("enc_latin1_declared_utf8.eml", "Grüße aus Eupen – bitte prüfen Sie den Drucker."),
        ("enc_cp1252_declared_latin1.eml", "Le devis s’élève à 120 € – TVA comprise."),
        ("enc_no_charset_8bit.eml", "L'élève a oublié son mot de passe à l'école."),
        ("enc_x_unknown_utf8.eml", "Le réseau Wi‑Fi de l’école est coupé."),
        (
            "enc_broken_base64.eml",
            "Le projecteur de la salle polyvalente clignote en rouge depuis ce matin.",
        ),
        ("enc_broken_qp.eml", "Réponse à la demande =ZZ du collègue, taux 100% = ok"),
    ],
)
def test_wrong_missing_or_broken_encodings_are_decoded_as_a_mail_client_does(name, text):
    assert fixture(name).text == text


@pytest.mark.parametrize(
    ("name", "sender", "subject"),
    [
        ("enc_8bit_utf8_headers.eml", "Zoé Lefèvre", "Problème de connexion à Smartschool"),
        ("enc_8bit_latin1_headers.eml", "Jürgen Weiß", "Störung im Computerraum"),
        # An unknown charset holding UTF-8, words split inside a character,
        # missing base64 padding, a word glued to "Re:".
        ("enc_bad_encoded_words.eml", "André Martin", "Re: Réseau éèéèfiné"),
    ],
)
def test_raw_8bit_and_malformed_encoded_word_headers_are_decoded(name, sender, subject):
    mail = fixture(name)
    assert (mail.from_name, mail.subject) == (sender, subject)


def test_attachment_names_lose_their_path_and_keep_their_rfc2231_charset():
    names = [a.filename for a in fixture("enc_rfc2231_and_paths.eml").attachments]
    assert names == ["élèves de 5e.csv", "Rapport final.docx", "passwd"]


def test_outlook_tnef_is_kept_as_the_winmail_attachment():
    mail = fixture("outlook_tnef_winmail.eml")
    assert mail.text == "Inventarliste im Anhang."
    [winmail] = mail.attachments
    assert (winmail.filename, winmail.content_type) == ("winmail.dat", "application/ms-tnef")
    assert winmail.payload.startswith(b"\x78\x9f\x3e\x22")


def test_a_message_forwarded_as_attachment_is_kept_whole_and_named_after_its_subject():
    mail = fixture("fr_forward_as_attachment.eml")
    assert mail.text == "Voir le message ci-joint."
    [forwarded] = mail.attachments
    assert (forwarded.filename, forwarded.content_type) == (
        "Problème wifi à la maison.eml",
        "message/rfc822",
    )
    inner = parse_mail(forwarded.payload)
    assert inner.message_id == "inner-1@example.be"
    assert inner.text == "Mon fils n’arrive pas à se connecter."


def test_german_thunderbird_reply_with_the_name_after_schrieb():
    mail = fixture("de_thunderbird_reply.eml")
    split = split_reply(mail.text)
    assert split.visible == (
        "Hallo Frau Renard,\n\ndas Whiteboard in der Aula zeigt wieder ein Bild, "
        "nachdem wir das HDMI-Kabel getauscht haben."
    )
    assert split.signature.startswith("Danke und viele Grüße\nPeter Kohnen\n\n-- \n")
    assert split.quoted.startswith("Am 02.03.26 um 09:15 schrieb Pupitre Support:")


def test_german_gmail_app_reply_folds_the_same_in_its_text_and_html_parts():
    mail = fixture("de_android_gmail_reply.eml")
    assert (mail.from_name, mail.subject) == ("René Schröder", "Re: [#2026-0049] Tablet lädt nicht")
    from_text = split_reply(mail.text)
    from_html = split_reply(html_to_text(mail.html))
    for split in (from_text, from_html):
        assert split.visible == "Ja, das Tablet lädt wieder."
        assert split.signature == "Von meinem Samsung Galaxy Smartphone gesendet."
        assert split.quoted.startswith("Pupitre Support <support@pupitre.example> schrieb am Mo.")
