import pytest
from django.urls import reverse

from pupitre.accounts.models import User
from pupitre.tickets import services
from pupitre.tickets.models import (
    Channel,
    EventField,
    MessageKind,
    Priority,
    Status,
    Team,
    Ticket,
)

from ..factories import make_device, make_member, make_ticket
from ..page import form_errors, texts
from ..querycount import count_queries


def test_queue_filters_and_sorts_by_urgency(client, agent_fr, teacher, german_teacher, teams):
    low = make_ticket(teacher, subject="Question sur Odoo", priority=Priority.LOW)
    urgent = make_ticket(teacher, subject="Plus de Wi-Fi à l’école", priority=Priority.URGENT)
    german = make_ticket(german_teacher, subject="Beamer defekt")
    done = make_ticket(teacher, subject="Ancienne demande")
    services.ticket_set_status(ticket=done, status=Status.CLOSED, by=agent_fr)
    client.force_login(agent_fr)
    html = client.get(reverse("desk:queue")).content.decode()
    assert html.index(urgent.subject) < html.index(german.subject) < html.index(low.subject)
    assert done.subject not in html
    html = client.get(reverse("desk:queue"), {"language": "de"}).content.decode()
    assert german.subject in html and urgent.subject not in html
    html = client.get(reverse("desk:queue"), {"q": urgent.number}).content.decode()
    assert urgent.subject in html and low.subject not in html
    html = client.get(reverse("desk:queue"), {"status": "closed"}).content.decode()
    assert done.subject in html and urgent.subject not in html
    html = client.get(reverse("desk:queue"), {"team": teams["de"].pk}).content.decode()
    assert german.subject in html and urgent.subject not in html
    html = client.get(reverse("desk:queue"), {"school": "Eupen"}).content.decode()
    assert german.subject in html and low.subject not in html
    html = client.get(reverse("desk:queue"), {"priority": Priority.LOW}).content.decode()
    assert low.subject in html and urgent.subject not in html


def test_queue_filters_by_assignee(client, agent_fr, agent_de, teacher):
    mine = make_ticket(teacher, subject="Pour moi")
    theirs = make_ticket(teacher, subject="Pour un collègue")
    nobody = make_ticket(teacher, subject="Pour personne")
    services.ticket_assign(ticket=mine, assignee=agent_fr, by=agent_fr)
    services.ticket_assign(ticket=theirs, assignee=agent_de, by=agent_fr)
    client.force_login(agent_fr)
    html = client.get(reverse("desk:queue"), {"assignee": "me"}).content.decode()
    assert mine.subject in html and theirs.subject not in html
    html = client.get(reverse("desk:queue"), {"assignee": "none"}).content.decode()
    assert nobody.subject in html and mine.subject not in html
    html = client.get(reverse("desk:queue"), {"assignee": str(agent_de.pk)}).content.decode()
    assert theirs.subject in html and mine.subject not in html


def test_agent_assigns_answers_and_waits_for_the_school(client, agent_fr, teacher):
    ticket = make_ticket(teacher)
    client.force_login(agent_fr)
    url = reverse("desk:ticket", args=[ticket.number])
    assert client.get(url).status_code == 200
    client.post(reverse("desk:update", args=[ticket.number]), {**shown(ticket), "to": "me"})
    client.post(
        reverse("desk:message", args=[ticket.number]),
        {"kind": "reply", "body": "Pouvez-vous envoyer une photo de l'écran ?"},
    )
    client.post(reverse("desk:message", args=[ticket.number]), {"kind": "note", "body": "Écran?"})
    ticket.refresh_from_db()
    client.post(
        reverse("desk:update", args=[ticket.number]),
        {**shown(ticket), "status": "waiting_for_school", "priority": Priority.HIGH},
    )
    ticket.refresh_from_db()
    assert ticket.assignee == agent_fr
    assert ticket.status == Status.WAITING_FOR_SCHOOL
    assert ticket.priority == Priority.HIGH
    assert ticket.messages.filter(kind=MessageKind.NOTE).count() == 1
    assert ticket.messages.filter(kind=MessageKind.REPLY, author=agent_fr).count() == 1
    services.ticket_reply(ticket=ticket, author=teacher, body="Voici la photo.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    html = client.get(url).content.decode()
    assert "Voici la photo." in html and "Écran?" in html


def shown(ticket):
    """The side form as the ticket page shows it: each select and the value
    it showed."""
    values = {
        "assignee": ticket.assignee_id or "",
        "status": ticket.status,
        "priority": ticket.priority,
        "team": ticket.team_id or "",
    }
    return {**values, **{f"initial-{name}": value for name, value in values.items()}}


def test_invalid_status_is_refused_by_its_field_and_nothing_is_written(client, agent_fr, teacher):
    ticket = make_ticket(teacher)
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:update", args=[ticket.number]),
        {**shown(ticket), "status": "deleted", "priority": Priority.HIGH},
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority) == (Status.NEW, Priority.NORMAL)
    assert response.status_code == 400
    assert texts(response.content.decode(), "ul", id="id_status_error") == [
        "Sélectionnez un choix valide. deleted n’en fait pas partie."
    ]
    assert 'id="id_status" aria-invalid="true"' in response.content.decode()


def test_one_submit_changes_status_priority_and_team_with_an_event_each(
    client, agent_fr, teacher, teams
):
    ticket = make_ticket(teacher)
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:update", args=[ticket.number]),
        {
            **shown(ticket),
            "status": Status.WAITING_FOR_SCHOOL,
            "priority": Priority.URGENT,
            "team": teams["de"].pk,
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.team) == (
        Status.WAITING_FOR_SCHOOL,
        Priority.URGENT,
        teams["de"],
    )
    events = ticket.messages.filter(kind=MessageKind.EVENT).exclude(field=EventField.CREATED)
    assert sorted(events.values_list("field", "new_value")) == [
        (EventField.PRIORITY, str(Priority.URGENT)),
        (EventField.STATUS, Status.WAITING_FOR_SCHOOL),
        (EventField.TEAM, str(teams["de"].pk)),
    ]


def test_the_form_applies_only_the_fields_changed_on_the_page(client, agent_fr, agent_de, teacher):
    ticket = make_ticket(teacher)
    page = shown(ticket)  # the agent opened the page, then a colleague waits for the school
    services.ticket_set_status(ticket=ticket, status=Status.WAITING_FOR_SCHOOL, by=agent_de)
    client.force_login(agent_fr)
    client.post(reverse("desk:update", args=[ticket.number]), {**page, "priority": Priority.HIGH})
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority) == (Status.WAITING_FOR_SCHOOL, Priority.HIGH)


@pytest.mark.parametrize("gone", ["assignee", "team"])
def test_an_assignee_or_team_gone_since_the_page_was_shown_is_refused_by_its_field(
    client, agent_fr, agent_de, teacher, gone
):
    ticket = make_ticket(teacher)
    team = Team.objects.create(name="Équipe temporaire", language="fr")
    client.force_login(agent_fr)
    client.get(reverse("desk:ticket", args=[ticket.number]))  # the choices, as shown
    chosen = {"assignee": agent_de.pk, "team": team.pk}[gone]
    if gone == "assignee":
        User.objects.filter(pk=agent_de.pk).update(is_active=False)
    else:
        Team.objects.filter(pk=team.pk).delete()
    response = client.post(
        reverse("desk:update", args=[ticket.number]),
        {**shown(ticket), gone: chosen, "priority": Priority.HIGH},
    )
    assert response.status_code == 400
    assert texts(response.content.decode(), "ul", id=f"id_{gone}_error") == [
        f"Sélectionnez un choix valide. {chosen} n’en fait pas partie."
    ]
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.assignee_id) == (Priority.NORMAL, None)


def test_agent_logs_a_phone_call_for_a_school_contact(client, agent_de, german_school):
    caller = make_member(german_school, name="Anna Kohnen")
    device = make_device(german_school)
    client.force_login(agent_de)
    found = client.get(reverse("desk:phone"), {"school_q": german_school.official_number})
    assert "Anna Kohnen" in found.content.decode()
    response = client.post(
        reverse("desk:phone"),
        {
            "school": german_school.pk,
            "requester": caller.pk,
            "category": "remote_hardware",
            "priority": Priority.HIGH,
            "devices": [device.pk],
            "subject": "Laptop startet nicht",
            "description": "Frau Kohnen ruft an: der Laptop bleibt beim Logo hängen.",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.channel == Channel.PHONE
    assert ticket.requester == caller
    assert ticket.created_by == agent_de
    assert ticket.language == "de"
    assert ticket.messages.filter(kind=MessageKind.EVENT, field=EventField.CREATED).exists()


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        ("agent_fr", "École (numéro officiel ou nom): Tapez le nom ou le numéro d’une école."),
        (
            "agent_de",
            "Schule (offizielle Nummer oder Name): "
            "Geben Sie den Namen oder die Nummer einer Schule ein.",
        ),
    ],
)
def test_an_empty_school_search_says_what_to_type(db, client, request, agent, expected):
    client.force_login(request.getfixturevalue(agent))
    response = client.get(reverse("desk:phone"), {"school_q": "  "})
    assert response.status_code == 200
    assert form_errors(response) == [expected]
    assert form_errors(client.get(reverse("desk:phone"))) == []  # the page first opened


def test_phone_call_cannot_name_a_caller_from_another_school(
    client, agent_fr, school, other_school_teacher
):
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:phone"),
        {
            "school": school.pk,
            "requester": other_school_teacher.pk,
            "category": "question",
            "priority": Priority.NORMAL,
            "subject": "x",
            "description": "y",
        },
    )
    assert response.status_code == 200
    assert form_errors(response) == [
        f"Appelant: Sélectionnez un choix valide. {other_school_teacher.pk} n’en fait pas partie."
    ]
    assert not Ticket.objects.exists()


def test_school_users_cannot_open_the_desk(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("desk:queue"))
    assert response.status_code == 403
    html = response.content.decode()
    assert texts(html, "h1") == ["Accès refusé"]
    assert "Votre compte ne permet pas d’ouvrir cette page." in texts(html, "p")


def test_queue_runs_a_constant_number_of_queries(client, agent_fr, school):
    teachers = [make_member(school) for _ in range(5)]
    client.force_login(agent_fr)

    def grow_to(total):
        for i in range(Ticket.objects.count(), total):
            ticket = make_ticket(teachers[i % 5], subject=f"Demande {i}")
            if i % 3 == 0:
                services.ticket_assign(ticket=ticket, assignee=agent_fr, by=agent_fr)
        return count_queries(client, reverse("desk:queue"))

    at_10, at_200 = grow_to(10), grow_to(200)
    assert at_10 == at_200
    assert at_200 <= 8


def test_ticket_page_queries_do_not_grow_with_the_conversation(client, agent_fr, teacher):
    ticket = make_ticket(teacher)
    client.force_login(agent_fr)
    url = reverse("desk:ticket", args=[ticket.number])
    short = count_queries(client, url)
    for i in range(30):
        services.ticket_reply(ticket=ticket, author=teacher, body=f"Message {i}")
        services.ticket_add_note(ticket=ticket, author=agent_fr, body=f"Note {i}")
    long = count_queries(client, url)
    assert short == long
    assert long <= 15
