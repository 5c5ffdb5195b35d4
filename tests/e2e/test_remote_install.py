"""The ICT contact gets the install link of the school's remote-maintenance
agent, in German and French, from a real MeshCentral on the loopback."""

import ssl
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.remote.models import (
    MatchedBy,
    MeshCentralServer,
    RemoteComputer,
    RemoteSession,
    SchoolDeviceGroup,
    SessionStatus,
    SessionTool,
)

from ..factories import make_device, make_member, make_school, make_user
from .helpers import sign_in, t

LANGUAGES = ["de", "fr"]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_ict_contact_gets_the_install_link(new_page, audit, meshcentral_server, language):
    school = make_school(language=language)
    make_device(school)
    ict = make_member(school, ict_contact=True)
    page = new_page()
    sign_in(page, ict)
    page.get_by_role("link", name=t(language, "Our devices")).first.click()
    page.get_by_role("link", name=t(language, "Remote maintenance: install the agent")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Remote maintenance"))
    expect(page.get_by_text(t(language, "Your school has no install link yet."))).to_be_visible()
    audit.check(page, language)

    page.get_by_role("button", name=t(language, "Get an install link")).click()
    expect(page.get_by_text(t(language, "Your install link is ready."))).to_be_visible()
    link = page.locator("#install-link")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == SchoolDeviceGroup.objects.get(school=school).invite_url
    audit.check(page, language)

    # The link is MeshCentral's own install page for the school's group.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(href, context=context, timeout=30) as response:  # noqa: S310
        assert response.status == 200
        assert b"meshagents" in response.read()

    page.get_by_role("button", name=t(language, "Make a new link")).click()
    expect(page.locator("#install-link")).not_to_have_attribute("href", href)


@pytest.mark.parametrize("language", LANGUAGES)
def test_agent_sees_online_state_and_corrects_a_match(new_page, audit, settings, language):
    """Without a running server: the pages read only Pupitre's mirror."""
    settings.MESHCENTRAL_PASSWORD = "secret"
    server = MeshCentralServer.objects.create(url="https://remote.example.org/", username="svc")
    school = make_school(language=language)
    wrong, right = make_device(school), make_device(school, asset_tag="PC-SALLE-12")
    group = SchoolDeviceGroup.objects.create(
        school=school, server=server, mesh_id="mesh//g", name="G"
    )
    RemoteComputer.objects.create(
        node_id="node//pc12",
        school=school,
        group=group,
        name="PC-SALLE-12",
        host_name="pc-salle-12",
        online=True,
        last_seen=timezone.now(),
        device=wrong,
        matched_by=MatchedBy.SERIAL,
    )
    agent = make_user(role=Role.AGENT, language=language)
    page = new_page()
    sign_in(page, agent)
    page.goto(f"/desk/devices/{wrong.pk}/")
    expect(page.locator(".badge-online")).to_have_text(t(language, "Online"))
    audit.check(page, language)
    page.get_by_role("link", name=t(language, "Computers of the school in MeshCentral")).click()
    select = page.get_by_label(t(language, "Device of %(name)s") % {"name": "PC-SALLE-12"})
    select.select_option(str(right.pk))
    page.get_by_role("button", name=t(language, "Save")).click()
    expect(page.get_by_text(t(language, "The computer's device was saved."))).to_be_visible()
    expect(page.get_by_text(t(language, "Linked by an agent"))).to_be_visible()
    audit.check(page, language)
    assert RemoteComputer.objects.get().device == right


@pytest.mark.parametrize("language", LANGUAGES)
def test_agent_matches_a_computer_that_holds_sessions(new_page, audit, settings, language):
    """From the Devices screen to the computers not matched to a device: the
    session taken on one is listed, and linking it to its device empties
    the list."""
    settings.MESHCENTRAL_PASSWORD = "secret"
    server = MeshCentralServer.objects.create(url="https://remote.example.org/", username="svc")
    school = make_school(language=language)
    device = make_device(school, asset_tag="PC-LABO-3")
    group = SchoolDeviceGroup.objects.create(
        school=school, server=server, mesh_id="mesh//g", name="G"
    )
    computer = RemoteComputer.objects.create(
        node_id="node//labo3", school=school, group=group, name="LABO-3", host_name="labo-3"
    )
    start = timezone.now() - timedelta(hours=3)
    RemoteSession.objects.create(
        tool=SessionTool.MESHCENTRAL,
        node_id=computer.node_id,
        computer_name=computer.name,
        remote_user="prestataire-externe",
        requested_at=start,
        started_at=start,
        ended_at=start + timedelta(minutes=20),
        duration_seconds=1200,
        status=SessionStatus.ENDED,
    )
    agent = make_user(role=Role.AGENT, language=language)
    page = new_page()
    sign_in(page, agent)
    page.goto("/desk/devices/")
    label = t(language, "Computers not matched to a device (%(counter)s)") % {"counter": 1}
    page.get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Computers not matched to a device")
    )
    expect(page.get_by_role("cell", name="prestataire-externe")).to_be_visible()
    audit.check(page, language)
    select = page.get_by_label(t(language, "Device of %(name)s") % {"name": "LABO-3"})
    select.select_option(str(device.pk))
    page.get_by_role("button", name=t(language, "Save")).click()
    expect(page.get_by_text(t(language, "The computer's device was saved."))).to_be_visible()
    expect(
        page.get_by_text(t(language, "Every computer in MeshCentral is matched to a device."))
    ).to_be_visible()
    audit.check(page, language)
    audit.assert_clean()
    assert RemoteComputer.objects.get().device == device
    assert RemoteSession.objects.get().device == device
