"""The desk's page of computers not matched to a registry device, with the
sessions held on them, and the match made from there."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from pupitre.accounts.models import Role
from pupitre.audit.models import AuditRecord, ObjectKind
from pupitre.remote import services
from pupitre.remote.local import free_port
from pupitre.remote.models import (
    MatchedBy,
    MeshCentralServer,
    RemoteComputer,
    RemoteSession,
    SchoolDeviceGroup,
    SessionStatus,
    SessionTool,
)
from tests.factories import make_device, make_member, make_school, make_ticket, make_user

from ..querycount import count_queries

UNMATCHED = reverse("desk:remote_unmatched")


def fr(text) -> str:
    with translation.override("fr"):
        return translation.gettext(str(text))


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


@pytest.fixture
def configured(db, settings):
    settings.MESHCENTRAL_PASSWORD = "secret"
    settings.MESHCENTRAL_LOGIN_TOKEN_KEY = "ab" * 80
    return MeshCentralServer.objects.create(
        url=f"https://127.0.0.1:{free_port()}/", username="svc", verify_tls=False, timeout_seconds=2
    )


def computer(school, server, name, *, device=None, gone=False):
    group, _created = SchoolDeviceGroup.objects.get_or_create(
        school=school,
        defaults={"server": server, "mesh_id": f"mesh//{school.pk}", "name": f"G-{school.name}"},
    )
    return RemoteComputer.objects.create(
        node_id=f"node//{name}",
        school=school,
        group=group,
        name=name,
        host_name=name.lower(),
        device=device,
        matched_by=MatchedBy.SERIAL if device else MatchedBy.NONE,
        gone=gone,
        last_seen=timezone.now() - timedelta(days=1),
    )


def session(computer, *, hours_ago, user="tech-ext", minutes=12, **fields):
    start = timezone.now() - timedelta(hours=hours_ago)
    return RemoteSession.objects.create(
        **fields,
        tool=SessionTool.MESHCENTRAL,
        node_id=computer.node_id,
        computer_name=computer.name,
        device=computer.device,
        remote_user=user,
        requested_at=start,
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        duration_seconds=minutes * 60,
        status=SessionStatus.ENDED,
        relay_id=f"relay-{computer.pk}-{hours_ago}",
    )


def test_lists_the_sessions_of_unmatched_computers_not_matched_ones(
    client, agent_fr, school, configured
):
    orphan = computer(school, configured, "PC-ORPHAN")
    session(orphan, hours_ago=5, user="old-relay", minutes=3)
    session(orphan, hours_ago=1, user="newest-relay", minutes=75)
    matched = computer(school, configured, "PC-MATCHED", device=make_device(school))
    session(matched, hours_ago=2, user="matched-relay")
    client.force_login(agent_fr)
    html = page(client.get(UNMATCHED))
    assert "PC-ORPHAN" in html and "PC-MATCHED" not in html
    assert "newest-relay" in html and "old-relay" in html and "matched-relay" not in html
    assert html.index("newest-relay") < html.index("old-relay")
    assert fr("%(hours)d h %(minutes)02d min") % {"hours": 1, "minutes": 15} in html
    assert fr("%(minutes)d min %(seconds)02d s") % {"minutes": 3, "seconds": 0} in html


def test_newest_session_first_and_filter_by_school(client, supervisor, school, configured):
    other = make_school(name="Athénée du Nord")
    older = computer(school, configured, "PC-OLDER")
    session(older, hours_ago=30)
    newer = computer(other, configured, "PC-NEWER")
    session(newer, hours_ago=2)
    silent = computer(school, configured, "PC-SILENT")
    forgotten = computer(school, configured, "PC-FORGOTTEN", gone=True)
    forgotten_used = computer(school, configured, "PC-FORGOTTEN-USED", gone=True)
    session(forgotten_used, hours_ago=40)
    client.force_login(supervisor)
    html = page(client.get(UNMATCHED))
    assert html.index("PC-NEWER") < html.index("PC-OLDER") < html.index("PC-FORGOTTEN-USED")
    assert html.index("PC-FORGOTTEN-USED") < html.index(silent.name + "<")
    # Forgotten by MeshCentral with no session: nothing to look at.
    assert forgotten.name + "<" not in html
    html = page(client.get(UNMATCHED, {"school": other.pk}))
    assert "PC-NEWER" in html and "PC-OLDER" not in html
    # A school that has no unmatched computer, or nonsense, shows them all.
    html = page(client.get(UNMATCHED, {"school": "x"}))
    assert "PC-NEWER" in html and "PC-OLDER" in html


def test_pages_of_twenty_computers(client, agent_fr, school, configured):
    for i in range(23):
        session(computer(school, configured, f"PC-{i:02d}"), hours_ago=i + 1)
    client.force_login(agent_fr)
    first = page(client.get(UNMATCHED))
    assert "PC-00<" in first and "PC-19<" in first and "PC-20<" not in first
    second = page(client.get(UNMATCHED, {"page": 2}))
    assert "PC-20<" in second and "PC-22<" in second and "PC-00<" not in second


def test_school_users_and_technicians_are_refused(client, ict_contact, school, configured):
    computer(school, configured, "PC-ORPHAN")
    client.force_login(ict_contact)
    assert client.get(UNMATCHED).status_code == 403
    client.force_login(make_user(role=Role.TECHNICIAN))
    assert client.get(UNMATCHED).status_code == 403


def test_hidden_while_remote_maintenance_is_not_configured(client, agent_fr, settings, db):
    settings.MESHCENTRAL_PASSWORD = ""
    settings.MESHCENTRAL_LOGIN_TOKEN_KEY = ""
    client.force_login(agent_fr)
    assert client.get(UNMATCHED).status_code == 404
    assert UNMATCHED not in page(client.get(reverse("desk:devices")))


def test_administrator_sees_the_page_and_the_count_links_to_it(client, school, configured):
    computer(school, configured, "PC-A")
    computer(school, configured, "PC-B")
    computer(school, configured, "PC-C", device=make_device(school))
    client.force_login(make_user(role=Role.ADMINISTRATOR))
    assert "PC-A" in page(client.get(UNMATCHED))
    with translation.override("fr"):
        label = translation.ngettext(
            "Computers not matched to a device (%(counter)s)",
            "Computers not matched to a device (%(counter)s)",
            2,
        ) % {"counter": 2}
    for url in (reverse("desk:devices"), reverse("desk:remote_computers", args=[school.pk])):
        html = page(client.get(url))
        assert UNMATCHED in html and label in html


def test_matching_from_the_page_removes_the_computer_and_is_audited(
    client, agent_fr, school, configured
):
    orphan = computer(school, configured, "PC-ORPHAN")
    held = session(orphan, hours_ago=1)
    device = make_device(school)
    client.force_login(agent_fr)
    html = page(client.get(UNMATCHED, {"school": school.pk}))
    back = f"{UNMATCHED}?school={school.pk}"
    assert f'value="{back}"' in html and f'<option value="{device.pk}">' in html
    response = client.post(
        reverse("desk:remote_computer_link", args=[orphan.pk]),
        {"device": device.pk, "back": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    html = page(client.get(back))
    assert "PC-ORPHAN" not in html
    assert fr("Every computer in MeshCentral is matched to a device.") in html
    orphan.refresh_from_db()
    assert orphan.device == device and orphan.matched_by == MatchedBy.MANUAL
    # The sessions held before the match are now in the device's access log.
    held.refresh_from_db()
    assert held.device == device
    assert "tech-ext" in page(client.get(reverse("desk:access_log", args=[device.pk])))
    records = AuditRecord.objects.filter(
        object_kind=ObjectKind.REMOTE_COMPUTER, object_id=str(orphan.pk)
    )
    assert {(r.field, r.old_value, r.new_value, r.by) for r in records} == {
        ("device", "", str(device), agent_fr),
        ("matched_by", "", MatchedBy.MANUAL.value, agent_fr),
    }


def test_a_device_of_another_school_is_refused_and_the_agent_stays_on_the_page(
    client, agent_fr, school, configured
):
    orphan = computer(school, configured, "PC-ORPHAN")
    foreign = make_device(make_school())
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:remote_computer_link", args=[orphan.pk]),
        {"device": foreign.pk, "back": UNMATCHED},
        follow=True,
    )
    html = page(response)
    assert fr("Choose a device of this school.") in html and "PC-ORPHAN" in html
    orphan.refresh_from_db()
    assert orphan.device is None
    assert not AuditRecord.objects.filter(object_kind=ObjectKind.REMOTE_COMPUTER).exists()


def test_a_foreign_back_address_is_not_followed(client, agent_fr, school, configured):
    orphan = computer(school, configured, "PC-ORPHAN")
    client.force_login(agent_fr)
    for back in ("https://evil.example/desk/computers/unmatched/", "/desk/", ""):
        response = client.post(
            reverse("desk:remote_computer_link", args=[orphan.pk]),
            {"device": "", "back": back},
        )
        assert response["Location"] == reverse("desk:remote_computers", args=[school.pk])


def test_a_school_user_cannot_match_a_computer(client, ict_contact, school, configured):
    orphan = computer(school, configured, "PC-ORPHAN")
    device = make_device(school)
    client.force_login(ict_contact)
    response = client.post(
        reverse("desk:remote_computer_link", args=[orphan.pk]),
        {"device": device.pk, "back": UNMATCHED},
    )
    assert response.status_code == 403
    orphan.refresh_from_db()
    assert orphan.device is None


def test_constant_number_of_queries(client, agent_fr, configured):
    schools = [make_school() for _ in range(3)]

    def grow_to(total):
        existing = RemoteComputer.objects.count()
        for i in range(existing, total):
            school = schools[i % len(schools)]
            make_device(school)
            orphan = computer(school, configured, f"PC-{i:03d}")
            requester = make_member(school)
            for hours in range(1, 1 + i % 13):
                # Some taken by a Pupitre agent under a request, some not.
                extra = {"agent": agent_fr, "ticket": make_ticket(requester)} if hours % 2 else {}
                session(orphan, hours_ago=hours, **extra)
        client.force_login(agent_fr)
        counts = (count_queries(client, UNMATCHED), count_queries(client, reverse("desk:devices")))
        html = page(client.get(UNMATCHED))
        assert html.count('<section class="card"') == min(total, 20)
        return counts

    grow_to(2)
    assert grow_to(3) == grow_to(45)
    assert agent_fr.full_name in page(client.get(UNMATCHED))


def test_sessions_recorded_before_the_computer_was_matched_get_its_device(db, configured):
    school = make_school()
    device = make_device(school)
    later = computer(school, configured, "PC-LATER")
    before = session(later, hours_ago=3)
    still = computer(school, configured, "PC-STILL")
    waiting = session(still, hours_ago=2)
    # Imported before the synchronisation mirrored its computer.
    unknown = RemoteSession.objects.create(
        tool=SessionTool.MESHCENTRAL,
        node_id="node//not-synced",
        requested_at=timezone.now(),
        status=SessionStatus.ENDED,
    )
    # What the synchronisation does when it matches a computer by serial.
    RemoteComputer.objects.filter(pk=later.pk).update(device=device, matched_by=MatchedBy.SERIAL)
    assert services.sessions_attach_devices() == 1
    for row in (before, waiting, unknown):
        row.refresh_from_db()
    assert before.device == device
    assert waiting.device is None and unknown.device is None
    assert services.sessions_attach_devices() == 0
