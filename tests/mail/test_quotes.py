"""split_reply folds quoted earlier messages and signatures."""

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
