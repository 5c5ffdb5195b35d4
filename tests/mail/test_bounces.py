"""delivery_failure reads delivery status notifications."""

from pathlib import Path

import pytest

from pupitre.mail.bounces import delivery_failure
from pupitre.mail.parsing import parse_mail

from .corpora import corpus
from .zammad_corpus import box_files

DSN = b"""From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
To: support@pupitre.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

This is the mail system. Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; nobody@ecole.be
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <nobody@ecole.be>: Recipient address rejected

--B
Content-Type: text/rfc822-headers

From: support@pupitre.example
To: nobody@ecole.be
Message-ID: <reply-42@pupitre.example>
Subject: [#42] Votre demande

--B--
"""


def test_standard_report_names_message_recipient_and_permanence():
    failure = delivery_failure(parse_mail(DSN), DSN)
    assert failure is not None
    assert failure.original_message_id == "reply-42@pupitre.example"
    assert failure.failed_recipients == ("nobody@ecole.be",)
    assert failure.permanent is True
    assert "Recipient address rejected" in failure.diagnostic


def test_ordinary_mail_is_no_bounce():
    raw = (
        b"From: a@ecole.be\nTo: support@pupitre.example\nSubject: Wifi\n\nLe wifi ne marche pas.\n"
    )
    assert delivery_failure(parse_mail(raw), raw) is None


FIXTURES = Path(__file__).parent / "fixtures"


def failure_of(raw: bytes):
    return delivery_failure(parse_mail(raw), raw)


@pytest.mark.parametrize(
    ("name", "message_id", "recipient", "permanent"),
    [
        ("bounce_qmail.eml", "ticket-50.3.aa11@pupitre.example", "absent@ecole.be", True),
        ("bounce_exim.eml", "ticket-51.1.bb22@pupitre.example", "nobody@athenee.be", True),
        (
            "bounce_exchange_de.eml",
            "ticket-52.2.cc33@pupitre.example",
            "frau.beispiel@schule-eupen.be",
            True,
        ),
        (
            "bounce_exchange_fr_delayed.eml",
            "ticket-53.1.dd44@pupitre.example",
            "direction@athenee-namur.be",
            False,
        ),
    ],
)
def test_bounces_name_the_returned_message_and_the_failed_recipient(
    name, message_id, recipient, permanent
):
    failure = failure_of((FIXTURES / name).read_bytes())
    assert failure is not None
    assert failure.original_message_id == message_id
    assert failure.failed_recipients == (recipient,)
    assert failure.permanent is permanent


def test_the_copy_of_the_returned_message_does_not_add_recipients():
    # The qmail copy mentions support@pupitre.example in its body.
    failure = failure_of((FIXTURES / "bounce_qmail.eml").read_bytes())
    assert failure.failed_recipients == ("absent@ecole.be",)


def test_an_out_of_office_reply_is_no_bounce():
    assert failure_of((FIXTURES / "auto_reply_de.eml").read_bytes()) is None


def test_a_delivered_notification_is_no_failure():
    delivered = DSN.replace(b"Action: failed", b"Action: delivered").replace(
        b"Status: 5.1.1", b"Status: 2.0.0"
    )
    assert failure_of(delivered) is None


@pytest.fixture(scope="module")
def zammad():
    return corpus("zammad-mail")


@pytest.mark.parametrize(
    ("name", "message_id", "recipient", "permanent"),
    [
        # Exchange, report text in UTF-7.
        ("mail018", "20131115125507.4636.975502@portal.znuny.com", "m.smith@example.com", True),
        (
            "mail033-undelivered-mail-returned-to-sender",
            "20150830145601.30.608881@edenhofer.zammad.com",
            "not_existing@znuny.com",
            True,
        ),
        # Postfix gave up after retrying (4.4.1, Action: failed): final.
        ("mail053", "20170227103514.188.920664@help.example.com", "john_example@example.com", True),
        (
            "mail055",
            "20170526150141.232.13312@example.zammad.loc",
            "ticket-bounce-trigger2@example.com",
            True,
        ),
        (
            "mail063",
            "E8C3CD7C-8350-4E48-97C5-AE18EE900ECD@example.com",
            "notextisting@example.com",
            True,
        ),
        # Gmail's delay notification: it will retry.
        ("mail078", "20150830145601.30.608881@example.com", "bob.smith@example.de", False),
        # The returned message carries no Message-ID.
        ("mail092", "", "receiver@example.org", True),
    ],
)
def test_corpus_bounces_are_read(zammad, name, message_id, recipient, permanent):
    failure = failure_of((zammad / f"{name}.box").read_bytes())
    assert failure is not None
    assert (failure.original_message_id, failure.failed_recipients, failure.permanent) == (
        message_id,
        (recipient,),
        permanent,
    )


def test_no_other_corpus_mail_is_taken_for_a_bounce(zammad):
    bounces = {
        "mail018",
        "mail033-undelivered-mail-returned-to-sender",
        "mail053",
        "mail055",
        "mail063",
        "mail078",
        "mail092",
    }
    for path in box_files(zammad):
        if path.stem not in bounces:
            assert failure_of(path.read_bytes()) is None, path.stem


def test_a_returned_message_id_the_standard_library_chokes_on_is_read_by_hand():
    broken = DSN.replace(b"Message-ID: <reply-42@pupitre.example>", b"Message-ID: <@x>")
    broken = broken.replace(b"Content-Type: text/rfc822-headers", b"Content-Type: message/rfc822")
    failure = failure_of(broken)
    assert failure is not None and failure.original_message_id == "@x"
