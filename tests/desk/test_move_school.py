"""An agent moves a request to another school (a mail or a call filed
under the wrong school)."""

import pytest
from django.urls import reverse

from pupitre.core.errors import DomainError
from pupitre.schools.models import Membership
from pupitre.tickets import services
from pupitre.tickets.models import EventField

from ..factories import make_device, make_school, make_ticket
from ..page import form_errors


def test_the_move_keeps_the_trace_drops_the_old_devices_and_adds_the_requester(
    agent_fr, teacher, school, other_school
):
    old_device = make_device(school)
    ticket = make_ticket(teacher, devices=[old_device])
    with pytest.raises(DomainError) as refused:
        services.ticket_move_to_school(ticket=ticket, school=other_school, by=agent_fr)
    assert refused.value.code == "not_member" and refused.value.field == "add_requester"
    ticket.refresh_from_db()
    assert ticket.school == school  # nothing half done

    services.ticket_move_to_school(
        ticket=ticket, school=other_school, by=agent_fr, add_requester=True
    )
    ticket.refresh_from_db()
    assert ticket.school == other_school and list(ticket.devices.all()) == []
    membership = Membership.objects.get(user=teacher, school=other_school)
    assert membership.added_by == agent_fr
    event = ticket.messages.get(field=EventField.SCHOOL)
    assert (event.old_value, event.new_value, event.author) == (
        school.name,
        other_school.name,
        agent_fr,
    )


def test_only_staff_move_a_request(teacher, other_school):
    ticket = make_ticket(teacher)
    with pytest.raises(DomainError) as refused:
        services.ticket_move_to_school(ticket=ticket, school=other_school, by=teacher)
    assert refused.value.code == "not_allowed"


def test_agent_finds_the_school_and_moves_the_request_from_the_ticket_page(
    client, agent_fr, teacher, school
):
    target = make_school(name="Athénée royal d'Arlon")
    ticket = make_ticket(teacher)
    client.force_login(agent_fr)
    move = reverse("desk:move", args=[ticket.number])
    page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert f'href="{move}"' in page
    found = client.get(move, {"school_q": "Arlon"}).content.decode()
    assert f'value="{target.pk}"' in found and "Athénée royal d&#x27;Arlon" in found
    # The requester is not a member there: the form says what to do.
    refused = client.post(move, {"school": target.pk})
    assert refused.status_code == 400
    assert "n&#x27;est pas membre de « Athénée royal d&#x27;Arlon »" in refused.content.decode()
    response = client.post(move, {"school": target.pk, "add_requester": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:ticket", args=[ticket.number])
    page = client.get(response["Location"]).content.decode()
    assert "Demande déplacée vers Athénée royal d&#x27;Arlon." in page
    assert "Déplacée de l&#x27;école « Athénée royal de Namur » vers" in page


def test_an_unknown_school_is_refused(client, agent_fr, teacher):
    ticket = make_ticket(teacher)
    client.force_login(agent_fr)
    response = client.post(reverse("desk:move", args=[ticket.number]), {"school": 999999})
    assert response.status_code == 400
    assert form_errors(response) == [
        "École: Sélectionnez un choix valide. 999999 n’en fait pas partie."
    ]
    ticket.refresh_from_db()
    assert ticket.messages.filter(field=EventField.SCHOOL).count() == 0
