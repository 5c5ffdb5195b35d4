import pytest
from django.core import mail

from pupitre.core.errors import DomainError
from pupitre.tickets import services

from ..factories import make_ticket


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_requester_is_told_the_number_in_the_schools_language(
    german_teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(german_teacher, subject="Beamer zeigt kein Bild")
    [email] = mail.outbox
    assert email.to == [german_teacher.email]
    assert email.subject == (
        f"[{ticket.number}] Ihre Anfrage ist eingegangen: Beamer zeigt kein Bild"
    )
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    for part in (email.body, html):
        assert ticket.number in part
        assert f"/portal/requests/{ticket.number}/" in part
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"


def test_staff_reply_is_sent_to_the_school_but_notes_are_not(
    teacher, agent_fr, django_capture_on_commit_callbacks
):
    ticket = make_ticket(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_add_note(ticket=ticket, author=agent_fr, body="Ne pas envoyer.")
        services.ticket_reply(ticket=ticket, author=agent_fr, body="Veuillez redémarrer l'écran.")
    [email] = mail.outbox
    assert email.subject == (
        f"[{ticket.number}] Nouvelle réponse du helpdesk\u00a0: {ticket.subject}"
    )
    assert "Veuillez redémarrer" in email.body
    assert "Veuillez redémarrer" in email.alternatives[0][0]
    assert "Ne pas envoyer" not in email.body


def test_nothing_is_sent_when_the_transaction_fails(teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(DomainError) as refused:
            make_ticket(teacher, subject="")
    assert refused.value.field == "subject"
    assert callbacks == []
    assert mail.outbox == []
