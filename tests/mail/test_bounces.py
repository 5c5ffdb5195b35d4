"""delivery_failure reads delivery status notifications."""

from pupitre.mail.bounces import delivery_failure
from pupitre.mail.parsing import parse_mail

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
