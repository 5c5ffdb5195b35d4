"""The sanitiser shared by the mail parser and the ticket services."""

import importlib

import pytest
from django.apps import apps

from pupitre.core import safe_html
from pupitre.mail import html as mail_html
from pupitre.mail.parsing import parse_mail
from pupitre.tickets.models import Message

from .factories import make_ticket
from .mail.corpora import corpus
from .mail.zammad_corpus import box_files


def test_sanitising_the_sanitised_html_of_real_mails_changes_nothing():
    # The ticket services sanitise again what the mail parser sanitised:
    # the stored HTML must be the parser's, byte for byte.
    folder = corpus("zammad-mail")
    checked = 0
    for path in box_files(folder):
        parsed = parse_mail(path.read_bytes())
        if parsed.html:
            assert safe_html.sanitize_html(parsed.html) == parsed.html, path.name
            checked += 1
    assert checked >= 30


def test_mail_and_tickets_sanitise_alike():
    markup = (
        '<p onclick="x()">Bonjour <a href="javascript:x()">ici</a>'
        '<img src="https://tracker.example/p.gif"></p><script>x()</script>'
    )
    assert (
        mail_html.sanitize_html(markup)
        == safe_html.sanitize_html(markup)
        == (
            '<p>Bonjour <a rel="noopener noreferrer nofollow">ici</a>'
            '<img data-remote-src="https://tracker.example/p.gif"></p>'
        )
    )


def test_html_nested_too_deep_is_shown_as_its_text_without_scripts():
    markup = "<div>" * (safe_html.MAX_DEPTH + 10) + "<script>x()</script>a < b" + "</div>" * 5
    assert safe_html.sanitize_html(markup) == "a &lt; b"


@pytest.mark.django_db
def test_migration_sanitises_the_html_stored_before(teacher):
    ticket = make_ticket(teacher)
    entry = ticket.messages.get(kind="reply")
    # A row written before the services sanitised what they were given.
    Message.objects.filter(pk=entry.pk).update(
        sanitized_html='<p>Merci</p><img src=x onerror="alert(1)"><script>alert(2)</script>'
    )
    clean = ticket.messages.create(
        kind="reply", created_at=entry.created_at, sanitized_html="<p>ok</p>"
    )
    migration = importlib.import_module("pupitre.tickets.migrations.0007_message_sanitized_html")
    migration.sanitize_stored_html(apps, None)
    assert Message.objects.get(pk=entry.pk).sanitized_html == "<p>Merci</p><img>"
    assert Message.objects.get(pk=clean.pk).sanitized_html == "<p>ok</p>"
