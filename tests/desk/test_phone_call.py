"""Logging a call from someone the school's list does not have yet."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pupitre.accounts.models import Role, User
from pupitre.schools.models import Membership
from pupitre.tickets.models import Channel, Ticket

from ..factories import make_member, make_user
from ..page import form_errors


def call(client, school, **fields):
    data = {
        "school": school.pk,
        "requester": "new",
        "category": "remote_hardware",
        "priority": 20,
        "subject": "Le tableau ne s'allume plus",
        "description": "Mme Petit appelle : le tableau de la classe 3 reste noir.",
        "new_caller_name": "  Julie   Petit ",
        "new_caller_email": "Julie.Petit@ecole.example",
        "new_caller_phone": "+32 81 22 33 44",
    }
    data.update(fields)
    return client.post(reverse("desk:phone"), data)


def test_a_new_caller_is_added_to_the_school_with_the_request(client, agent_fr, school):
    client.force_login(agent_fr)
    response = call(client, school)
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    caller = ticket.requester
    assert (caller.full_name, caller.email, caller.role) == (
        "Julie Petit",
        "julie.petit@ecole.example",
        Role.SCHOOL,
    )
    assert not caller.has_usable_password()
    membership = Membership.objects.get(user=caller)
    assert membership.school == school and membership.added_by == agent_fr
    assert ticket.channel == Channel.PHONE and ticket.created_by == agent_fr


def test_a_known_person_is_linked_not_created_twice(client, agent_fr, school, other_school):
    teacher = make_member(other_school, email="julie.petit@ecole.example")
    client.force_login(agent_fr)
    call(client, school)
    assert User.objects.filter(email="julie.petit@ecole.example").count() == 1
    assert set(teacher.memberships.values_list("school", flat=True)) == {school.pk, other_school.pk}
    assert Ticket.objects.get().requester == teacher


def test_a_staff_email_is_refused_and_nothing_is_written(client, agent_fr, school):
    make_user(role=Role.AGENT, email="julie.petit@ecole.example")
    client.force_login(agent_fr)
    response = call(client, school)
    assert response.status_code == 200
    assert form_errors(response) == [
        "Adresse e-mail du nouvel appelant: julie.petit@ecole.example appartient à un "
        "membre du personnel du programme."
    ]
    assert not Ticket.objects.exists() and not Membership.objects.exists()


def test_a_new_caller_needs_a_name_and_an_email(client, agent_fr, school):
    client.force_login(agent_fr)
    response = call(client, school, new_caller_name="", new_caller_email="")
    assert form_errors(response) == [
        "Nom du nouvel appelant: Veuillez indiquer le nom de l’appelant.",
        "Adresse e-mail du nouvel appelant: Veuillez indiquer l’adresse e-mail de l’appelant.",
    ]
    assert not User.objects.filter(role=Role.SCHOOL).exists()


def test_a_refused_request_does_not_leave_the_new_caller_behind(client, agent_fr, school, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    client.force_login(agent_fr)
    photo = SimpleUploadedFile("tableau.jpg", b"x" * 100, content_type="image/jpeg")
    response = call(client, school, attachments=[photo])
    assert response.status_code == 200
    assert form_errors(response) == [
        "Pièces jointes: Le fichier tableau.jpg est trop volumineux (10 octets au maximum)."
    ]
    assert not Ticket.objects.exists()
    assert not User.objects.filter(email="julie.petit@ecole.example").exists()


def test_a_subject_longer_than_the_limit_is_refused_not_cut(client, agent_fr, school):
    client.force_login(agent_fr)
    form = client.get(reverse("desk:phone"), {"school": school.pk}).content.decode()
    # No maxlength: the browser would cut a pasted subject without a word.
    assert 'name="subject"' in form and "maxlength" not in form.split('name="subject"')[1][:200]
    response = call(client, school, subject="x" * 201)
    assert form_errors(response) == [
        "Objet: Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201)."
    ]
    assert not Ticket.objects.exists()
