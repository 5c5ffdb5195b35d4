from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pupitre.tickets import services
from pupitre.tickets.models import Channel, MessageKind, Status, Ticket

from ..factories import make_device, make_member, make_ticket
from ..page import form_errors
from ..querycount import count_queries


def test_teacher_opens_a_request_about_a_device_with_an_attachment(client, teacher, school):
    device = make_device(school)
    client.force_login(teacher)
    form = client.get(reverse("portal:new"))
    assert form.status_code == 200
    assert device.serial in form.content.decode()
    response = client.post(
        reverse("portal:new"),
        {
            "school": school.pk,
            "category": "remote_hardware",
            "devices": [device.pk],
            "subject": "Le tableau ne répond plus au toucher",
            "description": "Depuis lundi, le tableau interactif de la classe 3B ne réagit plus.",
            "attachments": [SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff", "image/jpeg")],
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:detail", args=[ticket.number])
    assert ticket.channel == Channel.PORTAL
    assert list(ticket.devices.all()) == [device]
    page = client.get(response["Location"])
    text = page.content.decode()
    assert ticket.number in text
    assert "photo.jpg" in text
    assert "a bien été reçue" in text or "has been received" in text


def test_missing_fields_are_shown_next_to_them_and_nothing_is_written(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("portal:new"), {"category": "question", "subject": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'href="#id_subject"' in html
    assert form_errors(response) == [
        "École: Ce champ est obligatoire.",
        "Objet: Ce champ est obligatoire.",
        "Décrivez le problème: Ce champ est obligatoire.",
    ]
    assert not Ticket.objects.exists()


def test_teacher_in_two_schools_chooses_the_school(client, teacher, other_school):
    other_membership_device = make_device(other_school)
    teacher.memberships.create(school=other_school)
    client.force_login(teacher)
    page = client.get(reverse("portal:new"), {"school": other_school.pk})
    assert other_membership_device.serial in page.content.decode()
    client.post(
        reverse("portal:new"),
        {
            "school": other_school.pk,
            "category": "question",
            "subject": "Question",
            "description": "Comment réserver les tablettes ?",
        },
    )
    assert Ticket.objects.get().school == other_school


def test_htmx_school_change_returns_only_the_devices(client, teacher, other_school):
    device = make_device(other_school)
    teacher.memberships.create(school=other_school)
    client.force_login(teacher)
    response = client.get(
        reverse("portal:new"), {"school": other_school.pk}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert device.serial in html
    assert "<html" not in html


def test_cannot_open_a_request_for_a_school_one_does_not_belong_to(client, teacher, other_school):
    client.force_login(teacher)
    response = client.post(
        reverse("portal:new"),
        {"school": other_school.pk, "category": "question", "subject": "x", "description": "y"},
    )
    assert form_errors(response) == [
        f"École: Sélectionnez un choix valide. {other_school.pk} n’en fait pas partie."
    ]
    assert not Ticket.objects.exists()


def test_reply_and_mark_solved_then_reopen(client, teacher, agent_fr):
    ticket = make_ticket(teacher)
    services.ticket_reply(ticket=ticket, author=agent_fr, body="Essayez de redémarrer.")
    client.force_login(teacher)
    page = client.get(reverse("portal:detail", args=[ticket.number]))
    assert "Essayez de redémarrer." in page.content.decode()
    client.post(reverse("portal:reply", args=[ticket.number]), {"body": "Merci, ça marche."})
    assert ticket.messages.filter(kind=MessageKind.REPLY, author=teacher).count() == 2
    client.post(reverse("portal:status", args=[ticket.number]), {"action": "resolve"})
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    client.post(reverse("portal:status", args=[ticket.number]), {"action": "reopen"})
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_empty_reply_is_refused_with_a_message(client, teacher):
    ticket = make_ticket(teacher)
    client.force_login(teacher)
    response = client.post(reverse("portal:reply", args=[ticket.number]), {"body": "  "})
    assert response.status_code == 400
    assert form_errors(response) == ["Votre message: Veuillez écrire un message."]
    assert ticket.messages.filter(kind=MessageKind.REPLY).count() == 1


def test_list_shows_own_requests_and_the_ict_contact_sees_the_school(
    client, teacher, other_teacher, ict_contact
):
    own = make_ticket(teacher, subject="Mon portable")
    colleague = make_ticket(other_teacher, subject="Projecteur du collègue")
    client.force_login(teacher)
    html = client.get(reverse("portal:requests")).content.decode()
    assert own.subject in html and colleague.subject not in html
    client.force_login(ict_contact)
    html = client.get(reverse("portal:requests")).content.decode()
    assert own.subject in html and colleague.subject in html


def test_staff_cannot_use_the_portal_screens(client, agent_fr):
    client.force_login(agent_fr)
    assert client.get(reverse("portal:requests")).status_code == 403


def test_portal_list_runs_a_constant_number_of_queries(client, ict_contact, school):
    teachers = [make_member(school) for _ in range(5)]
    client.force_login(ict_contact)
    url = reverse("portal:requests")

    def grow_to(total):
        for i in range(Ticket.objects.count(), total):
            make_ticket(teachers[i % 5], subject=f"Demande {i}")
        queries = count_queries(client, url, {"show": "all"})
        # Each row says when to expect an answer, without a query of its own.
        html = client.get(url, {"show": "all"}).content.decode()
        assert html.count("Vous recevrez une première réponse au plus tard") == min(total, 25)
        return queries

    at_10, at_200 = grow_to(10), grow_to(200)
    assert at_10 == at_200
    assert at_200 <= 8
