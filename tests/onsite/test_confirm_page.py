"""The page of the signed link: the school confirms a time or asks for
another, without signing in, in its language."""

import pytest
from django.urls import reverse

from pupitre.onsite import queries
from pupitre.onsite.models import InterventionStatus

from . import FRIDAY, NOW, THURSDAY, at, make_technician, onsite_ticket, plan

pytestmark = pytest.mark.time_machine(NOW, tick=False)


@pytest.fixture
def intervention(german_teacher, agent_de):
    ticket = onsite_ticket(german_teacher)
    return plan(ticket, agent_de, make_technician(), at(THURSDAY, 9), at(FRIDAY, 10))


def url(intervention):
    return reverse("portal:onsite_confirm", args=[queries.confirmation_token(intervention)])


def test_anonymous_school_sees_the_times_in_its_language_and_confirms(client, intervention):
    page = client.get(url(intervention), HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<html lang="de">' in text
    assert "Donnerstag, 3. Dezember 2026, 09:00 Uhr bis 10:00 Uhr" in text
    slot = queries.slots_of(intervention)[1]
    refused = client.post(url(intervention), {"action": "confirm", "slot": slot.pk})
    assert refused.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in refused.content.decode()
    done = client.post(
        url(intervention), {"action": "confirm", "slot": slot.pk, "name": "Frau Schmitz"}
    )
    assert done.status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.CONFIRMED
    assert intervention.confirmed_by_name == "Frau Schmitz"
    shown = client.get(done["Location"]).content.decode()
    assert "Der Besuch ist bestätigt" in shown
    assert "Freitag, 4. Dezember 2026, 10:00 Uhr bis 11:00 Uhr" in shown


def test_asking_for_another_time(client, intervention):
    done = client.post(
        url(intervention), {"action": "other", "text": "Dienstags ab 10 Uhr", "name": "Herr Kohn"}
    )
    assert done.status_code == 302
    intervention.refresh_from_db()
    assert intervention.school_request == "Dienstags ab 10 Uhr"


def test_hostile_or_stale_links_answer_a_clear_404(client, intervention, time_machine):
    for bad in ("x", "abc:def", queries.confirmation_token(intervention) + "0"):
        page = client.get(reverse("portal:onsite_confirm", args=[bad]))
        assert page.status_code == 404
    bad_slot = client.post(
        url(intervention), {"action": "confirm", "slot": "99999999999999999999", "name": "A"}
    )
    assert bad_slot.status_code == 400
    time_machine.move_to(at(FRIDAY, 10))
    expired = client.get(url(intervention), HTTP_ACCEPT_LANGUAGE="de")
    assert expired.status_code == 404
    assert "nicht mehr gültig" in expired.content.decode()


def test_a_signed_in_school_member_confirms_without_giving_a_name(
    client, intervention, german_teacher
):
    client.force_login(german_teacher)
    slot = queries.slots_of(intervention)[0]
    done = client.post(url(intervention), {"action": "confirm", "slot": slot.pk})
    assert done.status_code == 302
    intervention.refresh_from_db()
    assert intervention.confirmed_by_name == german_teacher.get_full_name()


def test_the_request_page_of_the_portal_links_to_the_choice(client, intervention, german_teacher):
    client.force_login(german_teacher)
    page = client.get(reverse("portal:detail", args=[intervention.ticket.number]))
    text = page.content.decode()
    assert "Einsätze vor Ort" in text
    assert url(intervention) in text
    assert "Wählen Sie einen Termin" in text
