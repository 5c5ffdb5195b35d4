"""The portal's "reopen Odoo access for a colleague" request."""

import pytest
from django.urls import reverse

from pupitre.tickets.models import ServiceCategory
from pupitre.tools.models import OdooAccessRequest
from pupitre.tools.queries import requested_account

from ..factories import make_member


def test_ict_contact_asks_to_reopen_odoo_access_as_a_management_tools_request(
    client, ict_contact, school
):
    client.force_login(ict_contact)
    response = client.post(
        reverse("portal:odoo_access_new"),
        {"school": school.pk, "account": "  j.dupont@ecole.be ", "note": ""},
    )
    assert response.status_code == 302
    request = OdooAccessRequest.objects.select_related("ticket").get()
    ticket = request.ticket
    assert ticket.category == ServiceCategory.REMOTE_TOOLS
    assert ticket.requester == ict_contact
    assert requested_account(ticket) == "j.dupont@ecole.be"
    # In the school's language (French), whatever the page's.
    assert ticket.subject == "Rouvrir l’accès à Odoo de j.dupont@ecole.be"
    assert response["Location"] == reverse("portal:detail", args=[ticket.number])


def test_a_german_school_gets_its_request_in_german(client, german_school):
    contact = make_member(german_school, ict_contact=True, name="Anna Kofferschläger")
    client.force_login(contact)
    client.post(
        reverse("portal:odoo_access_new"),
        {"school": german_school.pk, "account": "m.muster", "note": "Seit den Ferien gesperrt."},
    )
    ticket = OdooAccessRequest.objects.get().ticket
    assert ticket.subject == "Odoo-Zugang für m.muster wieder öffnen"
    assert ticket.language == "de"
    assert ticket.messages.filter(body="Seit den Ferien gesperrt.").exists()


def test_the_new_request_form_offers_it_to_ict_contacts_only(client, ict_contact, teacher):
    client.force_login(ict_contact)
    link = reverse("portal:odoo_access_new")
    assert link in client.get(reverse("portal:new")).content.decode()
    client.force_login(teacher)
    assert link not in client.get(reverse("portal:new")).content.decode()


def test_a_teacher_is_told_to_ask_the_ict_contact(client, teacher, school):
    client.force_login(teacher)
    response = client.post(
        reverse("portal:odoo_access_new"), {"school": school.pk, "account": "x@ecole.be"}
    )
    assert response.status_code == 403
    assert not OdooAccessRequest.objects.exists()


@pytest.mark.parametrize(
    ("account", "message"),
    [
        ("   ", "Ce champ est obligatoire."),
        ("x" * 255, "254"),
    ],
)
def test_a_missing_or_too_long_account_is_refused_and_nothing_is_written(
    client, ict_contact, school, account, message
):
    client.force_login(ict_contact)
    response = client.post(
        reverse("portal:odoo_access_new"), {"school": school.pk, "account": account}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OdooAccessRequest.objects.exists()
    assert not school.tickets.exists()


def test_another_schools_id_is_not_accepted(client, ict_contact, other_school):
    client.force_login(ict_contact)
    response = client.post(
        reverse("portal:odoo_access_new"), {"school": other_school.pk, "account": "x@ecole.be"}
    )
    assert response.status_code == 200
    assert not other_school.tickets.exists()


def test_the_service_refuses_anyone_but_the_schools_ict_contact(teacher, ict_contact, other_school):
    from pupitre.core.errors import DomainError
    from pupitre.tickets.models import Ticket
    from pupitre.tools.services import odoo_access_request_create

    school = teacher.schools.first()
    for person, where in ((teacher, school), (ict_contact, other_school)):
        with pytest.raises(DomainError) as refused:
            odoo_access_request_create(school=where, account="colleague@example.be", by=person)
        assert refused.value.code == "not_allowed"
    assert not Ticket.objects.exists()
    assert not OdooAccessRequest.objects.exists()
