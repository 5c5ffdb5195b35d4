import re

from django.core import mail
from django.urls import reverse

from pupitre.tickets import services
from pupitre.tickets.models import Channel, Status

from ..factories import make_ticket


def test_school_user_turns_answers_by_email_off_and_gets_none_for_portal_requests(
    client, teacher, agent_fr, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(teacher)
    requests = client.get(reverse("portal:requests")).content.decode()
    assert f'href="{reverse("portal:preferences")}"' in requests
    page = client.get(reverse("portal:preferences")).content.decode()
    [box] = re.findall(r'<input[^>]*name="replies_by_email"[^>]*>', page)
    assert " checked" in box  # on by default
    response = client.post(reverse("portal:preferences"), {})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.replies_by_email is False
    ticket = make_ticket(teacher)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_reply(ticket=ticket, author=agent_fr, body="Réponse")
    assert mail.outbox == []


def test_staff_have_no_school_settings_page(client, agent_fr):
    client.force_login(agent_fr)
    assert client.get(reverse("portal:preferences")).status_code == 403


def test_status_mails_follow_the_same_preference(
    teacher, agent_fr, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    teacher.replies_by_email = False
    teacher.save()
    on_portal = make_ticket(teacher)
    by_email = make_ticket(teacher, channel=Channel.EMAIL)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for ticket in (on_portal, by_email):
            services.ticket_set_status(ticket=ticket, status=Status.WAITING_FOR_SCHOOL, by=agent_fr)
            services.ticket_set_status(ticket=ticket, status=Status.RESOLVED, by=agent_fr)
    # The request that came by email still hears of both changes by email.
    assert [m.extra_headers["X-Pupitre-Ticket"] for m in mail.outbox] == [by_email.number] * 2
