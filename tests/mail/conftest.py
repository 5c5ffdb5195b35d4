import os
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from django.utils import timezone

from .servers import DOVECOT, Dovecot, dovecot_available


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.HELPDESK_EMAIL = "support@pupitre.example"


def pytest_collection_modifyitems(config, items):
    """Tests marked `dovecot` skip when Dovecot is missing, except when CI
    demands them (PUPITRE_REQUIRE_DOVECOT=1)."""
    if dovecot_available():
        return
    if os.environ.get("PUPITRE_REQUIRE_DOVECOT") == "1":
        raise pytest.UsageError(f"PUPITRE_REQUIRE_DOVECOT=1 but {DOVECOT} is not installed.")
    reason = f"Dovecot not found at {DOVECOT} (apt-get install dovecot-imapd)"
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "dovecot" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def dovecot():
    with Dovecot() as server:
        yield server


def make_mail(
    *,
    sender="teacher@test.pupitre.be",
    name="Claire Dubois",
    to="support@pupitre.example",
    subject="Le projecteur ne s'allume plus",
    body="Bonjour,\n\nle projecteur de la salle 12 ne s'allume plus depuis ce matin.\n\nMerci",
    html=None,
    message_id=None,
    in_reply_to=None,
    references=(),
    headers=None,
    attachments=(),
) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"{name} <{sender}>" if name else sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(timezone.now())
    mail["Message-ID"] = f"<{message_id}>" if message_id else make_msgid(domain="test.example")
    if in_reply_to:
        mail["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        mail["References"] = " ".join(f"<{ref}>" for ref in references)
    for key, value in (headers or {}).items():
        mail[key] = value
    mail.set_content(body)
    if html:
        mail.add_alternative(html, subtype="html")
    for filename, content_type, payload in attachments:
        maintype, subtype = content_type.split("/")
        mail.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return mail.as_bytes()


@pytest.fixture
def smtp(settings):
    """Outgoing mail through a real SMTP server (aiosmtpd, in this process)."""
    from .servers import SmtpSink

    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield sink


@pytest.fixture
def keeps_service_data():
    """A transactional test empties the tables at its end, the calendars and
    SLA policies of the data migrations too: put them back for the tests
    that follow (and for a reused test database)."""
    yield
    from pupitre.hours.services import default_calendars_create
    from pupitre.tickets.models import SlaPolicy
    from pupitre.tickets.sla import DEFAULT_POLICIES

    default_calendars_create(years=range(2025, 2031), by=None)
    for priority, first_response, resolution in DEFAULT_POLICIES:
        SlaPolicy.objects.get_or_create(
            priority=priority,
            category="",
            defaults={"first_response_minutes": first_response, "resolution_minutes": resolution},
        )
