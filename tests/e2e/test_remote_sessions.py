"""Remote sessions in German and French, at desktop and phone size: an
agent asks a school's consent on its request, the school agrees on the
portal, the agent starts and ends the session, writes what was done; the
history shows it and the device's access log lists it."""

import re

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.equipment.models import Device
from pupitre.remote import services as remote_services
from pupitre.remote.models import RemoteSession, SessionStatus, SessionTool

from ..factories import make_device, make_member, make_school, make_team, make_ticket, make_user
from .helpers import sign_in, t
from .test_layout import CUT_SCRIPT, LONG_URL, LONG_WORD, assert_fits, long_worded_request

LANGUAGES = ["de", "fr"]
pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = {"de": "Druckertreiber neu installiert.", "fr": "Pilote d'imprimante réinstallé."}
SENTENCE_START = {"de": "Ich bin einverstanden", "fr": "J'accepte que"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_agent_starts_a_session_with_the_schools_consent_and_it_is_on_record(
    new_page, audit, language
):
    school = make_school(language=language)
    make_team(language)
    teacher = make_member(school, name="Claire Dubois")
    device = make_device(school, serial="PC-SALLE-12", remote_tool="anydesk", remote_id="987654")
    ticket = make_ticket(teacher, devices=[device], subject="Imprimante / Drucker")
    agent = make_user(role=Role.AGENT, language=language, name="Agent Remote")

    desk = new_page()
    sign_in(desk, agent)
    desk.goto(f"/desk/tickets/{ticket.number}/")
    desk.get_by_role("link", name=t(language, "Start remote session")).click()
    audit.check(desk, language)
    desk.get_by_role("link", name=re.compile("PC-SALLE-12.*AnyDesk")).click()
    expect(desk.locator(f"blockquote[lang={language}]")).to_contain_text(SENTENCE_START[language])
    desk.get_by_label(t(language, "Ask on the portal (the school answers on its request)")).check()
    desk.get_by_role("button", name=t(language, "Record the consent")).click()
    expect(desk.get_by_role("status")).to_contain_text(
        t(language, "Consent asked: the school sees the request on the portal.")
    )
    audit.check(desk, language)

    school_page = new_page()
    sign_in(school_page, teacher)
    school_page.goto(f"/portal/requests/{ticket.number}/")
    expect(school_page.locator(".consent-sentence")).to_contain_text(SENTENCE_START[language])
    audit.check(school_page, language)
    school_page.get_by_role("button", name=t(language, "I agree")).click()
    expect(school_page.get_by_role("status")).to_contain_text(
        t(language, "Thank you. The helpdesk may now connect; you will be asked on the computer.")
    )

    desk.reload()
    desk.get_by_role("button", name=t(language, "Start remote session")).click()
    open_link = desk.get_by_role("link", name=t(language, "Open in %(tool)s") % {"tool": "AnyDesk"})
    expect(open_link).to_have_attribute("href", "anydesk:987654")
    desk.get_by_role("button", name=t(language, "Note the end of the session")).click()
    expect(desk.get_by_role("status")).to_contain_text(
        t(language, "The end of the session is recorded.")
    )
    desk.get_by_label(t(language, "What was done")).fill(SUMMARY[language])
    desk.get_by_role("button", name=t(language, "Save the summary")).click()
    audit.check(desk, language)

    session = RemoteSession.objects.get()
    assert session.status == SessionStatus.ENDED
    assert session.consent_by == teacher and session.consent_language == language
    assert session.consent_sentence.startswith(SENTENCE_START[language])

    desk.goto(f"/desk/tickets/{ticket.number}/")
    timeline = desk.locator(".timeline")
    expect(timeline).to_contain_text("Claire Dubois")
    expect(timeline).to_contain_text(SUMMARY[language])
    audit.check(desk, language)

    desk.goto(f"/desk/devices/{device.pk}/")
    desk.get_by_role("link", name=t(language, "Access log")).click()
    row = desk.locator("table.access-log tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Agent Remote")
    expect(row).to_contain_text(ticket.number)
    expect(row).to_contain_text("Claire Dubois")
    audit.check(desk, language)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_remote_pages_fit_the_screen_with_long_words(new_page, language, viewport):
    school, contact, device, ticket = long_worded_request(language)
    Device.objects.filter(pk=device.pk).update(remote_tool="rustdesk", remote_id=LONG_WORD[:90])
    device.refresh_from_db()
    agent = make_user(role=Role.SUPERVISOR, language=language, name="Agent " + LONG_WORD)
    done = remote_services.session_record_phone_consent(
        ticket=ticket,
        device=device,
        tool=SessionTool.RUSTDESK,
        by=agent,
        caller_name="Marie " + LONG_WORD[:100],
        language=language,
        agree=True,
    )
    done, _link = remote_services.session_start(session=done, by=agent)
    remote_services.session_summary_save(session=done, by=agent, summary="Voir " + LONG_URL)
    remote_services.session_request_consent(
        ticket=ticket, device=device, tool=SessionTool.RUSTDESK, by=agent
    )

    desk = new_page()
    sign_in(desk, agent)
    for url in [
        f"/desk/tickets/{ticket.number}/remote/?device={device.pk}&tool=rustdesk",
        f"/desk/devices/{device.pk}/remote/?device={device.pk}&tool=rustdesk",
        f"/desk/devices/{device.pk}/access/",
        f"/desk/tickets/{ticket.number}/",
    ]:
        assert_fits(desk, url)
        assert desk.evaluate(CUT_SCRIPT) == [], url
    portal = new_page()
    sign_in(portal, contact)
    assert_fits(portal, f"/portal/requests/{ticket.number}/")
    assert portal.evaluate(CUT_SCRIPT) == []
