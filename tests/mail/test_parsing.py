"""parse_mail on ordinary and awkward messages written for these tests."""

import pickle
from datetime import UTC, datetime

import pytest

from pupitre.mail.parsing import MailParseError, parse_mail


def mail(headers: str, body: str = "Bonjour,\n", *, charset: str = "utf-8") -> bytes:
    return (headers.strip("\n") + "\n\n").encode("ascii") + body.encode(charset)


def test_plain_text_mail_gives_sender_subject_ids_and_text():
    parsed = parse_mail(
        mail(
            """
From: Claire Dubois <Claire.Dubois@Ecole.BE>
To: support@pupitre.example, "Agent" <agent@pupitre.example>
Subject: =?utf-8?q?Projecteur_en_panne_=C3=A0_la_salle_3?=
Message-ID: <abc@ecole.be>
In-Reply-To: <t-1@pupitre.example>
References: <t-0@pupitre.example> <t-1@pupitre.example>
Date: Mon, 02 Mar 2026 09:15:00 +0100
Content-Type: text/plain; charset=utf-8
""",
            "Le projecteur ne s'allume plus.\n",
        )
    )
    assert parsed.from_address == "claire.dubois@ecole.be"
    assert parsed.from_name == "Claire Dubois"
    assert parsed.subject == "Projecteur en panne à la salle 3"
    assert parsed.message_id == "abc@ecole.be"
    assert parsed.in_reply_to == ("t-1@pupitre.example",)
    assert parsed.references == ("t-0@pupitre.example", "t-1@pupitre.example")
    assert parsed.to == (("", "support@pupitre.example"), ("Agent", "agent@pupitre.example"))
    assert parsed.date == datetime(2026, 3, 2, 8, 15, tzinfo=UTC)
    assert parsed.text == "Le projecteur ne s'allume plus."
    assert parsed.html == ""
    assert parsed.header("Subject") == parsed.subject


@pytest.mark.parametrize("raw", [b"", b"\r\n\r\n", b"just some words without any header"])
def test_bytes_that_are_no_mail_raise_mail_parse_error(raw):
    with pytest.raises(MailParseError):
        parse_mail(raw)


def test_mbox_envelope_line_is_ignored():
    parsed = parse_mail(
        b"From someone@example.com  Mon Mar  2 09:15:00 2026\n" + mail("From: a@b.be\nSubject: x")
    )
    assert parsed.from_address == "a@b.be"
    assert parsed.subject == "x"


def test_a_calendar_invitation_beside_the_text_is_kept_as_an_attachment():
    raw = """From: Direction <direction@ecole.be>
Subject: =?utf-8?Q?R=C3=A9union?= informatique
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

Réunion jeudi à 14 h.
--alt
Content-Type: text/html; charset=utf-8

<p>Réunion jeudi à 14&nbsp;h.</p>
--alt
Content-Type: text/calendar; method=REQUEST; charset=utf-8

BEGIN:VCALENDAR
END:VCALENDAR
--alt--
""".encode()
    parsed = parse_mail(raw)
    assert parsed.subject == "Réunion informatique"
    assert parsed.text == "Réunion jeudi à 14 h."
    assert parsed.html == "<p>Réunion jeudi à 14&nbsp;h.</p>"
    [invitation] = parsed.attachments
    assert (invitation.filename, invitation.content_type) == ("attachment.ics", "text/calendar")
    assert invitation.payload.startswith(b"BEGIN:VCALENDAR")


def test_headers_are_decoded_and_kept_in_order():
    parsed = parse_mail(
        b"From: a@ecole.be\nReceived: one\nReceived: two\nX-Note: =?utf-8?Q?d=C3=A9j=C3=A0?=\n\nx"
    )
    assert parsed.headers["received"] == ("one", "two")
    assert parsed.header("X-NOTE") == "déjà"
    assert parsed.header("x-missing") == ""


def test_a_parsed_mail_survives_pickling_for_a_worker_process():
    parsed = parse_mail(mail("From: a@ecole.be\nSubject: x\nX-Tag: one"))
    again = pickle.loads(pickle.dumps(parsed))  # noqa: S301 - our own bytes
    assert again == parsed
    assert again.header("x-tag") == "one"
