"""The technician's workspace: landing after sign-in, today, the status
steps, the report (photos, signature, devices, PDF to the school), the
calendar feed; and what a technician still cannot see."""

import base64
import io
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as DjangoClient
from django.urls import reverse
from PIL import Image

from pupitre.accounts.models import Role
from pupitre.equipment.models import Device, DeviceStatus
from pupitre.onsite import services
from pupitre.onsite.icalendar import unfold
from pupitre.onsite.models import InterventionReport, InterventionStatus
from pupitre.schools.models import PhoneNumber
from pupitre.tickets.models import Attachment, EventField, Message, MessageKind
from pupitre.tickets.services import ticket_reply

from ..factories import make_device, make_member, make_school, make_ticket, make_user
from ..onsite.helpers import at, make_intervention, make_technician
from ..pdf import pdf_pages_text
from ..querycount import count_queries
from ..second_factor import authenticator_for, current_code

DAY = date(2026, 12, 8)  # a Tuesday
MORNING = at(DAY, 7, 30)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def technician(db):
    return make_technician()


@pytest.fixture
def travel():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


# --- landing after sign-in ---------------------------------------------------


ROLES = ["teacher", "ict_contact", "technician", "agent", "supervisor", "administrator"]
LANDING = {
    "teacher": "/portal/",
    "ict_contact": "/portal/",
    "technician": "/desk/today/",
    "agent": "/desk/",
    "supervisor": "/desk/",
    "administrator": "/desk/",
}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_lands_on_a_page_it_may_see_after_signing_in(school, role):
    if role in ("teacher", "ict_contact"):
        user = make_member(school, ict_contact=role == "ict_contact")
    else:
        user = make_user(role=Role(role))
    browser = DjangoClient()
    response = browser.post(
        reverse("login"), {"username": user.email, "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    if user.is_programme_staff:
        device = authenticator_for(user)
        page = browser.get(response["Location"], follow=True)
        assert page.redirect_chain[-1][0].startswith(reverse("second_factor:verify"))
        response = browser.post(page.redirect_chain[-1][0], {"code": current_code(device)})
        assert response.status_code == 302
    landing = browser.get(response["Location"], follow=True)
    assert landing.status_code == 200
    assert landing.redirect_chain[-1][0] == LANDING[role]


def test_a_technician_still_has_no_desk_queue_nor_portal(client, technician):
    client.force_login(technician)
    assert client.get(reverse("desk:queue")).status_code == 403
    assert client.get(reverse("portal:requests")).status_code == 403


def test_other_roles_have_no_technician_workspace(client, agent_fr, teacher):
    for user in (agent_fr, teacher):
        client.force_login(user)
        assert client.get(reverse("desk:today")).status_code == 403
        assert client.get(reverse("desk:technician_calendar")).status_code == 403


# --- today -------------------------------------------------------------------


def test_today_shows_the_days_interventions_in_order_with_what_the_technician_needs(
    client, technician, school, travel
):
    site = school.sites.first()
    site.latitude, site.longitude = 50.466900, 4.867500
    site.save()
    PhoneNumber.objects.create(school=school, number="+32 81 44 55 66", label="Secrétariat")
    device = make_device(school, serial="PJ-0042", delivery_date=date(2024, 9, 1))
    late = make_intervention(school, technician=technician, starts_at=at(DAY, 13, 30))
    early = make_intervention(
        school, technician=technician, starts_at=at(DAY, 9, 0), devices=[device]
    )
    ticket_reply(ticket=early.ticket, author=early.ticket.requester, body="Le code est 1234.")
    tomorrow = make_intervention(
        school, technician=technician, starts_at=at(DAY, 9, 0) + timedelta(days=1)
    )
    colleague = make_technician(name="Autre")
    other = make_intervention(school, technician=colleague, starts_at=at(DAY, 10))

    client.force_login(technician)
    html = client.get(reverse("desk:today")).content.decode()

    cards = re.findall(r'<li class="intervention[^"]*" id="intervention-(\d+)"', html)
    order = [int(pk) for pk in cards]
    assert order == [early.pk, late.pk]
    assert f"intervention-{other.pk}" not in html
    assert "geo:50.466900,4.867500" in html
    assert "https://www.openstreetmap.org/?mlat=50.466900&amp;mlon=4.867500" in html
    assert 'href="tel:+3281223344"' in html  # the requester
    assert 'href="tel:+3281445566"' in html  # the school's number
    assert "PJ-0042" in html and "Lenovo ThinkPad laptop" in html
    assert "Le code est 1234." in html
    assert "Programme" in html or "programme" in html  # the coverage phase
    # The week ahead lists tomorrow's visit.
    assert f"?day={(DAY + timedelta(days=1)).isoformat()}" in html
    assert tomorrow.ticket.school.name in html


def test_today_lists_interventions_waiting_in_the_technicians_regions_only(
    client, technician, school, german_school, travel
):
    namur = make_intervention(school, status=InterventionStatus.PROPOSED, work="Vérifier le Wi-Fi")
    make_intervention(german_school, status=InterventionStatus.PROPOSED, work="WLAN prüfen")
    client.force_login(technician)
    html = client.get(reverse("desk:today")).content.decode()
    assert "Vérifier le Wi-Fi" in html
    assert "WLAN prüfen" not in html
    # Where and what only: no link into the waiting intervention's ticket.
    assert namur.ticket.number not in html


def test_another_technicians_intervention_answers_404(client, technician, school, travel):
    colleague = make_technician(name="Autre")
    theirs = make_intervention(school, technician=colleague, starts_at=at(DAY, 9))
    client.force_login(technician)
    step = reverse("desk:intervention_step", args=[theirs.pk])
    assert client.post(step, {"status": "on_the_way"}).status_code == 404
    assert client.get(reverse("desk:intervention_report", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("desk:intervention_report", args=["abc"])).status_code == 404


def test_status_steps_are_written_to_the_history_the_school_reads(
    client, technician, school, travel
):
    intervention = make_intervention(school, technician=technician, starts_at=at(DAY, 9))
    client.force_login(technician)
    url = reverse("desk:intervention_step", args=[intervention.pk])
    assert client.post(url, {"status": "on_the_way"}).status_code == 302
    travel.shift(timedelta(minutes=40))
    client.post(url, {"status": "on_site"})
    client.post(url, {"status": "on_site"})  # a second tap changes nothing
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.ON_SITE
    assert intervention.on_site_at - intervention.on_the_way_at == timedelta(minutes=40)
    events = Message.objects.filter(
        ticket=intervention.ticket, kind=MessageKind.EVENT, field=EventField.INTERVENTION
    ).values_list("new_value", flat=True)
    assert list(events) == ["on_the_way", "on_site"]
    # Done is the report, not a tap.
    response = client.post(url, {"status": "done"}, follow=True)
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.ON_SITE
    assert "error" in response.content.decode()


# --- the report ----------------------------------------------------------------


def photo_upload(name="photo.jpg", size=(3000, 2000)) -> SimpleUploadedFile:
    image = Image.effect_mandelbrot(size, (-2, -1.5, 1, 1.5), 40).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return SimpleUploadedFile(name, out.getvalue(), "image/jpeg")


def signature_data() -> str:
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    image.paste((0, 0, 0, 255), (20, 50, 250, 56))
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def on_site(school, technician, **fields):
    intervention = make_intervention(school, technician=technician, starts_at=at(DAY, 9), **fields)
    services.intervention_set_status(
        intervention=intervention, status=InterventionStatus.ON_SITE, by=technician
    )
    intervention.refresh_from_db()
    return intervention


def report_form(client, intervention) -> dict:
    html = client.get(reverse("desk:intervention_report", args=[intervention.pk])).content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f]+)"', html).group(1)
    return {
        "submission_key": key,
        "work_done": "Lampe du projecteur remplacée; portable remplacé.",
        "parts_used": "1 lampe ELPLP96",
        "minutes_on_site": "70",
        "minutes_travel": "35",
        "signed_by_name": "Claire Dubois",
        "signature": signature_data(),
    }


def test_a_report_with_photo_signature_and_replaced_device_reaches_the_school_as_pdf(
    client, technician, german_school, travel, django_capture_on_commit_callbacks
):
    german_school.email = "sekretariat@schule-eupen.example"
    german_school.save()
    laptop = make_device(german_school, serial="OLD-123")
    projector = make_device(german_school, serial="PJ-9")
    requester = make_member(german_school, email="lehrerin@schule-eupen.example")
    intervention = on_site(
        german_school, technician, devices=[laptop, projector], requester=requester
    )
    client.force_login(technician)
    data = report_form(client, intervention)
    data.update(
        {
            f"outcome_{laptop.pk}": "replaced",
            f"serial_{laptop.pk}": "NEW-456",
            f"outcome_{projector.pk}": "repaired",
            "photos": [photo_upload()],
        }
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("desk:intervention_report", args=[intervention.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.DONE
    report = InterventionReport.objects.get(intervention=intervention)
    # The registry: the old laptop replaced, the new one where it was.
    laptop.refresh_from_db()
    assert laptop.status == DeviceStatus.REPLACED
    new = Device.objects.get(serial="NEW-456")
    assert (new.school_id, new.site_id, new.model_id) == (
        german_school.pk,
        laptop.site_id,
        laptop.model_id,
    )
    assert new.delivery_date == laptop.delivery_date
    # The photo was made smaller.
    photo = report.photos.get()
    assert max(photo.width, photo.height) == 1600
    # The PDF is on the ticket, as a public reply the school reads.
    pdf = Attachment.objects.get(pk=report.pdf_id)
    assert pdf.message.kind == MessageKind.REPLY
    assert pdf.filename.endswith(".pdf")
    text = " ".join(pdf_pages_text(pdf.file.read()))
    assert "Einsatzbericht" in text and "NEW-456" in text and "Claire Dubois" in text
    # And mailed to the school, in German, with the PDF.
    [email] = mail.outbox
    assert sorted(email.to) == ["lehrerin@schule-eupen.example", "sekretariat@schule-eupen.example"]
    assert "Einsatzbericht" in email.subject or "Bericht" in email.subject
    assert intervention.ticket.number in email.subject
    [(filename, content, mimetype)] = email.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    html = email.alternatives[0][0]
    assert "Einsatzbericht liegt bei" in html and "Einsatzbericht liegt bei" in email.body


def test_the_same_report_sent_twice_is_recorded_once(
    client, technician, school, travel, django_capture_on_commit_callbacks
):
    intervention = on_site(school, technician)
    client.force_login(technician)
    data = report_form(client, intervention)
    url = reverse("desk:intervention_report", args=[intervention.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302  # the phone lost the first answer
    assert InterventionReport.objects.filter(intervention=intervention).count() == 1
    assert Attachment.objects.filter(message__ticket=intervention.ticket).count() == 1
    assert len([email for email in mail.outbox if email.attachments]) == 1


def test_a_refused_report_keeps_nothing_and_says_why(client, technician, school, travel):
    device = make_device(school)
    intervention = on_site(school, technician, devices=[device])
    client.force_login(technician)
    url = reverse("desk:intervention_report", args=[intervention.pk])
    data = report_form(client, intervention)
    bad_photo = SimpleUploadedFile("notes.jpg", b"not a photo", "image/jpeg")
    response = client.post(url, {**data, "photos": [bad_photo]})
    assert response.status_code == 200
    assert "pas une photo que ce service sait lire" in response.content.decode()
    data_no_signature = {**data, "signature": ""}
    response = client.post(url, data_no_signature)
    assert "Veuillez faire signer l&#x27;école" in response.content.decode()
    taken = make_device(school, serial="TAKEN-1")
    response = client.post(
        url, {**data, f"outcome_{device.pk}": "replaced", f"serial_{device.pk}": taken.serial}
    )
    assert "est déjà dans le registre" in response.content.decode()
    assert not InterventionReport.objects.exists()
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.ON_SITE
    device.refresh_from_db()
    assert device.status == DeviceStatus.IN_SERVICE


def test_nobody_available_needs_no_signature(client, technician, school, travel):
    intervention = on_site(school, technician)
    client.force_login(technician)
    data = report_form(client, intervention)
    data.update({"signed_by_name": "", "signature": "", "nobody_available": "on"})
    url = reverse("desk:intervention_report", args=[intervention.pk])
    assert client.post(url, data).status_code == 302
    report = InterventionReport.objects.get()
    assert report.nobody_available and not report.signature
    assert "n'était disponible pour signer" in " ".join(pdf_pages_text(report.pdf.file.read()))


def test_the_technician_reads_the_files_of_their_tickets_only(client, technician, school, travel):
    intervention = on_site(school, technician)
    theirs = ticket_reply(
        ticket=intervention.ticket,
        author=intervention.ticket.requester,
        body="Photo",
        attachments=[SimpleUploadedFile("ecran.txt", b"x", "text/plain")],
    ).attachments.get()
    other_ticket = make_ticket(make_member(school), school=school)
    other = ticket_reply(
        ticket=other_ticket,
        author=other_ticket.requester,
        body="Photo",
        attachments=[SimpleUploadedFile("autre.txt", b"y", "text/plain")],
    ).attachments.get()
    client.force_login(technician)
    assert client.get(reverse("attachment", args=[theirs.pk, theirs.filename])).status_code == 200
    assert client.get(reverse("attachment", args=[other.pk, other.filename])).status_code == 404


# --- the calendar feed -------------------------------------------------------------


def sequence_of(lines) -> int:
    return int(next(line for line in lines if line.startswith("SEQUENCE:")).split(":")[1])


def test_the_calendar_feed_follows_confirmations_changes_and_cancellations(
    client, technician, school, travel, supervisor
):
    client.force_login(technician)
    page = client.post(reverse("desk:technician_calendar"), {"action": "create"}).content.decode()
    url = re.search(r'value="(http[^"]+\.ics)"', page).group(1)
    path = url.split("127.0.0.1:8000", 1)[-1]
    confirmed = make_intervention(school, technician=technician, starts_at=at(DAY, 9))
    make_intervention(school, technician=technician, status=InterventionStatus.PROPOSED)
    anonymous = DjangoClient()

    def feed():
        response = anonymous.get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        return unfold(response.content.decode())

    lines = feed()
    assert lines.count("BEGIN:VEVENT") == 1
    assert "DTSTART:20261208T080000Z" in lines
    assert "STATUS:CONFIRMED" in lines
    sequence = sequence_of(lines)

    services.intervention_set_status(
        intervention=confirmed, status=InterventionStatus.CANCELLED, by=supervisor
    )
    lines = feed()
    assert "STATUS:CANCELLED" in lines
    assert f"UID:intervention-{confirmed.pk}@127.0.0.1" in lines
    assert sequence_of(lines) > sequence

    # A new address: the old one stops at once.
    client.post(reverse("desk:technician_calendar"), {"action": "create"})
    assert anonymous.get(path).status_code == 404
    client.post(reverse("desk:technician_calendar"), {"action": "revoke"})
    page = client.get(reverse("desk:technician_calendar")).content.decode()
    assert "pas encore d'adresse de calendrier" in page


def test_an_unknown_calendar_address_answers_404(client, db):
    assert DjangoClient().get(reverse("onsite_feed", args=["nope"])).status_code == 404


# --- query counts ------------------------------------------------------------------


def test_today_runs_a_constant_number_of_queries(client, technician, travel):
    client.force_login(technician)

    def grow_to(count):
        for index in range(count):
            school = make_school()
            intervention = make_intervention(
                school,
                technician=technician,
                starts_at=at(DAY, 8) + timedelta(minutes=index),
                devices=[make_device(school), make_device(school)],
            )
            ticket_reply(ticket=intervention.ticket, author=intervention.ticket.requester, body="+")
            make_intervention(school, status=InterventionStatus.PROPOSED)
            make_intervention(
                school, technician=technician, starts_at=at(DAY, 9) + timedelta(days=2)
            )
        return count_queries(client, reverse("desk:today"))

    small = grow_to(2)
    large = grow_to(10)
    assert small == large
    assert large <= 16


def test_no_access_is_recorded_with_what_happened(client, technician, school, travel):
    intervention = make_intervention(school, technician=technician, starts_at=at(DAY, 9))
    client.force_login(technician)
    url = reverse("desk:intervention_step", args=[intervention.pk])
    client.post(url, {"status": "on_the_way"})
    html = client.get(reverse("desk:today")).content.decode()
    assert 'name="reason"' in html
    client.post(url, {"status": "no_access", "reason": "Porte fermée, personne au secrétariat."})
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.NO_ACCESS
    event = Message.objects.get(
        ticket=intervention.ticket, field=EventField.INTERVENTION, new_value="no_access"
    )
    assert event.body == "Porte fermée, personne au secrétariat."
    # Finished: no more step buttons on its card.
    html = client.get(reverse("desk:today")).content.decode()
    card = html[html.index(f'id="intervention-{intervention.pk}"') :]
    assert f"desk/today/{intervention.pk}/step/" not in card.split("</li>")[0]


def test_a_photo_over_the_attachment_limit_is_refused_before_it_is_read(
    client, technician, school, travel, settings
):
    settings.ATTACHMENT_MAX_BYTES = 50_000
    intervention = on_site(school, technician)
    client.force_login(technician)
    data = report_form(client, intervention)
    response = client.post(
        reverse("desk:intervention_report", args=[intervention.pk]),
        {**data, "photos": [photo_upload(size=(2000, 1500))]},
    )
    assert response.status_code == 200
    assert not InterventionReport.objects.exists()
    assert 'class="errorlist' in response.content.decode()
