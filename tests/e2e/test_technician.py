"""A technician's day on a phone (390 px), in German and French: sign in,
land on today, go, arrive, report with a photo and a signature drawn with a
finger, the school receives the PDF and the desk sees the photo on the
intervention's page. A report typed without network is
kept on the phone and sent when the network is back."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.onsite.models import InterventionReport, InterventionStatus

from ..factories import make_device, make_member, make_school, make_team, make_user
from ..onsite.helpers import make_intervention, make_technician
from .helpers import field, sign_in, t

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def viewport():
    return "phone"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def photo_file(tmp_path):
    image = Image.effect_mandelbrot((2400, 1800), (-2, -1.5, 1, 1.5), 40).convert("RGB")
    path = tmp_path / "projecteur.jpg"
    image.save(path, "JPEG", quality=90)
    return path


def day_of_visits(language):
    school = make_school(language=language)
    school.email = f"secretariat-{language}@ecole.example"
    school.save()
    make_team(language)
    technician = make_technician(language=language, name="Tom Technicien")
    device = make_device(school, serial="PJ-E2E-1")
    requester = make_member(school, phone="+32 81 22 33 44")
    intervention = make_intervention(
        school,
        technician=technician,
        starts_at=timezone.now() + timedelta(minutes=30),
        devices=[device],
        requester=requester,
    )
    return school, technician, intervention


def sign(page):
    canvas = page.locator("canvas[data-signature-pad]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 20, box["y"] + box["height"] / 2 + (-1) ** step * 15)
    page.mouse.up()


@pytest.mark.parametrize("language", ["de", "fr"])
def test_technician_works_through_the_day_and_the_school_gets_the_pdf(
    new_page, audit, language, tmp_path
):
    school, technician, intervention = day_of_visits(language)
    page = new_page()
    sign_in(page, technician)
    expect(page).to_have_url(re.compile(r"/desk/today/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(t(language, "Today"))
    card = page.locator(f"#intervention-{intervention.pk}")
    expect(card).to_contain_text(school.name)
    expect(card).to_contain_text("PJ-E2E-1")
    expect(card.get_by_role("link", name="+32 81 22 33 44")).to_have_attribute(
        "href", "tel:+3281223344"
    )
    audit.check(page, language)

    card.get_by_role("button", name=t(language, "On the way")).click()
    expect(card.locator(".badge.status-on_the_way")).to_be_visible()
    card.get_by_role("button", name=t(language, "On site")).click()
    expect(card.locator(".badge.status-on_site")).to_be_visible()
    card.get_by_role("link", name=t(language, "Done: write the report")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Intervention report"))
    audit.check(page, language)

    field(page, language, "Work done").fill("Lampe remplacée / Lampe ersetzt.")
    page.get_by_label(t(language, "What became of it")).select_option("repaired")
    field(page, language, "Parts used").fill("1 x ELPLP96")
    page.locator("input[type=file][name=photos]").set_input_files(photo_file(tmp_path))
    field(page, language, "Name of the person who signs").fill("Claire Dubois")
    sign(page)
    expect(page.locator("input[name=signature]")).to_have_value(re.compile("^data:image/png"))
    page.get_by_role("button", name=t(language, "Send the report")).click()

    expect(page).to_have_url(re.compile(r"/desk/today/$"))
    expect(page.locator(".notices")).to_contain_text(
        t(language, "Report sent. The school receives its PDF by email.")
    )
    audit.check(page, language)

    report = InterventionReport.objects.get(intervention=intervention)
    assert report.photos.count() == 1 and report.signature
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.DONE
    [email] = [message for message in mail.outbox if message.attachments]
    assert school.email in email.to
    assert email.subject == t(
        language, "[%(number)s] Report of the on-site intervention at %(site)s"
    ) % {"number": intervention.ticket.number, "site": intervention.site.name}
    filename, content, mimetype = email.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert filename == t(language, "report-%(number)s.pdf") % {"number": intervention.ticket.number}

    # The desk sees the report with its photo, served to the signed-in agent.
    desk = new_page()
    sign_in(desk, make_user(role=Role.AGENT, language=language))
    desk.goto(f"/desk/visits/{intervention.pk}/")
    expect(desk.get_by_role("heading", name=t(language, "Intervention report"))).to_be_visible()
    name = t(language, "Photo %(n)s of the report") % {"n": 1}
    thumbnail = desk.get_by_role("img", name=name)
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_be_visible()
    desk.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    audit.check(desk, language)
    desk.get_by_role("link", name=name).click()
    desk.wait_for_load_state()
    assert desk.evaluate("document.contentType") == "image/jpeg"
    assert audit.problems == [], "\n".join(audit.problems)


def test_a_report_typed_without_network_is_kept_and_sent_when_back(new_page, audit, tmp_path):
    language = "fr"
    school, technician, intervention = day_of_visits(language)
    from pupitre.onsite.services import intervention_set_status

    intervention_set_status(
        intervention=intervention, status=InterventionStatus.ON_SITE, by=technician
    )
    page = new_page()
    sign_in(page, technician)
    page.goto(f"/desk/today/{intervention.pk}/report/")
    field(page, language, "Work done").fill("Câble HDMI remplacé.")
    field(page, language, "Name of the person who signs").fill("Claire Dubois")
    sign(page)
    page.locator("input[type=file][name=photos]").set_input_files(photo_file(tmp_path))

    # The page is opened again (the browser closed it): the draft comes back.
    page.goto(f"/desk/today/{intervention.pk}/report/")
    expect(field(page, language, "Work done")).to_have_value("Câble HDMI remplacé.")
    expect(page.locator("[data-draft-status]")).to_have_text(
        t(language, "Your draft was restored from this phone.")
    )
    expect(page.locator("input[name=signature]")).to_have_value(re.compile("^data:image/png"))
    page.wait_for_function("document.querySelector('input[name=photos]').files.length === 1")

    page.context.set_offline(True)
    page.get_by_role("button", name=t(language, "Send the report")).click()
    expect(page.locator("[data-draft-status]")).to_have_text(
        t(
            language,
            "No network: the report is kept on this phone and will be sent as soon as "
            "the connection is back.",
        )
    )
    assert not InterventionReport.objects.exists()

    page.context.set_offline(False)
    expect(page.locator(".notices")).to_contain_text(
        t(language, "Report sent. The school receives its PDF by email."), timeout=15_000
    )
    expect(page).to_have_url(re.compile(r"/desk/today/$"))
    report = InterventionReport.objects.get(intervention=intervention)
    assert report.work_done == "Câble HDMI remplacé."
    assert report.photos.count() == 1
    # Sent: the draft is gone from the phone.
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('pupitre-draft:'))") == []
    )
    audit.check(page, language)
    assert audit.problems == [], "\n".join(audit.problems)
