"""split_reply folds quoted earlier messages and signatures."""

import pytest

from pupitre.mail.quotes import split_reply


def test_french_gmail_reply_folds_the_quote():
    text = (
        "Merci, le projecteur fonctionne.\n\n"
        "Le lun. 2 mars 2026 à 09:15, Support <support@pupitre.example> a écrit :\n"
        "> Bonjour,\n> avez-vous essayé de le redémarrer ?\n"
    )
    split = split_reply(text)
    assert split.visible == "Merci, le projecteur fonctionne."
    assert split.quoted.startswith("Le lun. 2 mars 2026")
    assert split.signature == ""


def test_german_outlook_block_and_greeting_are_folded():
    text = (
        "Guten Tag,\ndas Tablet startet wieder.\n\nMit freundlichen Grüßen\nJonas Schmitz\n\n"
        "Von: Support <support@pupitre.example>\nGesendet: Montag, 2. März 2026 09:15\n"
        "An: Jonas Schmitz\nBetreff: AW: Tablet\n\nHallo Herr Schmitz,\n"
    )
    split = split_reply(text)
    assert split.visible == "Guten Tag,\ndas Tablet startet wieder."
    assert split.signature == "Mit freundlichen Grüßen\nJonas Schmitz"
    assert split.quoted.startswith("Von: Support")


def test_text_without_quote_stays_whole():
    assert (
        split_reply("On a un souci avec le wifi.\nMerci").visible
        == "On a un souci avec le wifi.\nMerci"
    )


def test_our_reply_above_this_line_marker_starts_the_quote_even_without_a_header():
    marker = "##- Bitte oberhalb dieser Zeile antworten / Répondez au-dessus de cette ligne -##"
    text = f"Es funktioniert wieder.\n\n{marker}\n\nIhre Anfrage [#2026-0042] wurde bearbeitet.\n"
    split = split_reply(text, markers=(marker,))
    assert split.visible == "Es funktioniert wieder."
    assert split.quoted.startswith(marker)


def test_the_quote_header_above_a_quoted_marker_goes_with_the_quote():
    marker = "##- Répondez au-dessus de cette ligne -##"
    text = (
        "Merci beaucoup.\n\nLe lun. 2 mars 2026 à 09:15, Pupitre\n"
        "<support@pupitre.example> a écrit :\n"
        f"> {marker}\n> Votre demande a été résolue.\nIl reste un souci avec le son.\n"
    )
    split = split_reply(text, markers=(marker,))
    assert split.visible == "Merci beaucoup."
    assert split.quoted.startswith("Le lun. 2 mars 2026 à 09:15, Pupitre")


def test_a_sign_off_inside_a_sentence_is_no_signature():
    text = "Bonjour,\nje vous écris cordialement au sujet du projecteur.\nIl ne marche plus."
    assert split_reply(text).signature == ""


def test_an_inline_answer_between_quotes_stays_visible():
    text = (
        "Am 02.03.2026 um 09:15 schrieb Support <support@pupitre.example>:\n"
        "> Welche Seriennummer hat das Gerät?\n\nSN 4711-0815\n\n> Seit wann?\n\nSeit Montag.\n"
    )
    split = split_reply(text)
    assert "SN 4711-0815" in split.visible and "Seit Montag." in split.visible


def test_a_reply_written_under_the_quote_shows_the_answer():
    text = (
        "On Mon, 2 Mar 2026 at 09:15, Support <support@pupitre.example> wrote:\n"
        "> Is it fixed?\n\nYes, thanks.\n"
    )
    split = split_reply(text)
    assert split.visible == "Yes, thanks."
    assert split.quoted.startswith("On Mon, 2 Mar 2026")


def test_a_forwarded_message_is_not_folded():
    text = (
        "Bitte sehen Sie unten.\n\n---------- Forwarded message ---------\n"
        "From: Eltern <eltern@example.be>\nDate: Mon, 2 Mar 2026\nSubject: WLAN\n"
        "To: direktion@schule.be\n\n"
        "Das WLAN geht nicht.\n"
    )
    assert "Das WLAN geht nicht." in split_reply(text).visible


@pytest.mark.parametrize(
    "closing",
    [
        "Mit freundlichen Grüßen",
        "Freundliche Grüße",
        "Viele Grüße",
        "Cordialement,",
        "Bien à vous",
        "Bien cordialement",
        "Best regards,",
        "Kind regards",
        "Danke und viele Grüße",
        "Merci et bonne journée",
        "Sent from my iPhone",
        "Von meinem iPhone gesendet",
        "Envoyé de mon iPhone",
        "Envoyé de mon Samsung Galaxy",
        "Gesendet von Outlook für Android",
        "Get Outlook for iOS",
    ],
)
def test_sign_offs_and_phone_lines_start_the_signature(closing):
    text = f"Le projecteur fonctionne.\n\n{closing}\nClaire Dubois\n"
    split = split_reply(text)
    assert split.visible == "Le projecteur fonctionne."
    assert split.signature.startswith(closing)


@pytest.mark.parametrize(
    "header",
    [
        "On Mon, Mar 2, 2026 at 9:15 AM Pupitre Support <support@pupitre.example> wrote:",
        "Am Mo., 2. März 2026 um 09:15 Uhr schrieb Pupitre Support <support@pupitre.example>:",
        "Am 02.03.2026 um 09:15 schrieb Pupitre Support:",
        "Le lun. 2 mars 2026 à 09:15, Pupitre Support <support@pupitre.example> a écrit :",
        "Le 02/03/2026 à 09:15, Pupitre Support a écrit :",
        "Pupitre Support <support@pupitre.example> schrieb am Mo., 2. März 2026, 09:15:",
    ],
)
def test_quote_headers_of_gmail_outlook_apple_and_thunderbird_start_the_quote(header):
    text = f"Merci, c'est réglé.\n\n{header}\n> Bonjour,\n> est-ce réglé ?\n"
    split = split_reply(text)
    assert split.visible == "Merci, c'est réglé."
    assert split.quoted.startswith(header)


@pytest.mark.parametrize(
    "block",
    [
        "-----Original Message-----\nFrom: Pupitre <support@pupitre.example>\nSent: Monday",
        "-----Ursprüngliche Nachricht-----\nVon: Pupitre <support@pupitre.example>\n"
        "Gesendet: Montag",
        "De : Pupitre <support@pupitre.example>\nEnvoyé : lundi 2 mars 2026 09:15\n"
        "À : Claire Dubois\nObjet : [#2026-0042] Projecteur",
        "________________________________\nVon: Pupitre <support@pupitre.example>\n"
        "Gesendet: Montag, 2. März 2026 09:15\nAn: Jonas Schmitz\nBetreff: [#2026-0042] Beamer",
    ],
)
def test_outlook_separators_and_header_blocks_start_the_quote(block):
    text = f"Danke, erledigt.\n\n{block}\n\nGuten Tag, ...\n"
    split = split_reply(text)
    assert split.visible == "Danke, erledigt."
    assert split.quoted.startswith(block.split("\n", 1)[0])
