"""Staff reach no page before their second factor: every URL of the app and of
the admin is tried with a session that only gave the password."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern
from django_otp.plugins.otp_totp.models import TOTPDevice

from pupitre.accounts.models import STAFF_ROLES, Role
from pupitre.tickets.models import Message, Ticket

from ..factories import make_member, make_ticket, make_user
from ..second_factor import authenticator_for

# The pages a staff member may open between the password and the code: the
# second-factor pages, sign-out, the language switch and the public pages.
# A page added to this list is a decision: it must show a signed-in person
# nothing more than a visitor.
EXEMPT = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accessibility",
    "contact",
    "switch_language",
    "second_factor:verify",
    "second_factor:setup",
    "admin:login",
    # Reached with a secret in the address, not a session: the telephone
    # system's webhook, a technician's calendar feed, a school's link to
    # confirm an on-site visit. They show nothing the secret does not.
    "phone_cti",
    "onsite_feed",
    "portal:onsite_confirm",
}
SAMPLES = ("1", "accounts", "x")


def _segment(pattern) -> str:
    """A concrete piece of URL for one level of the URL configuration."""
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?\w+>", "1", str(pattern))

    def sample(group: re.Match) -> str:
        return next(s for s in SAMPLES if re.fullmatch(group.group(1), s))

    text = re.sub(r"\(\?P<\w+>([^()]*)\)", sample, pattern.regex.pattern)
    return text.lstrip("^").rstrip("$")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        url = prefix + _segment(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from _walk(entry.url_patterns, url, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield "/" + url, name or f"{namespace}:(unnamed)"


def every_url() -> list[tuple[str, str]]:
    """(url, name) for every pattern of the URL configuration, pages added
    later included."""
    urls = list(_walk(get_resolver().url_patterns))
    for url, _name in urls:
        resolve(url)  # each sample URL reaches a view
    return urls


def test_the_walk_covers_the_desk_the_portal_and_the_admin(db):
    names = {name for _url, name in every_url()}
    assert {"desk:queue", "desk:ticket", "portal:requests", "admin:index"} <= names
    assert "admin:accounts_user_change" in names
    assert len(names) > 100


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_with_only_a_password_are_sent_to_the_second_factor_from_every_page(
    password_only_client, role, teacher
):
    staff = make_user(role=role, is_staff=role == Role.ADMINISTRATOR)
    authenticator_for(staff)
    ticket = make_ticket(teacher)
    check = reverse("second_factor:verify")
    exempt = set()
    for url, name in every_url():
        password_only_client.force_login(staff)
        if name in EXEMPT:
            exempt.add(name)
            continue
        response = password_only_client.get(url)
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"] == check + "?" + urlencode({"next": url}), url
        response = password_only_client.post(url, {"body": "x", "status": "closed"})
        assert response.status_code == 302, ("POST", url, response.status_code)
        assert response["Location"] == check, url
    assert exempt == EXEMPT
    ticket.refresh_from_db()
    assert ticket.status == "new"
    assert not Message.objects.filter(body="x").exists()


def test_the_exempt_pages_open_before_the_second_factor(password_only_client, agent_fr):
    password_only_client.force_login(agent_fr)
    for name in ("accessibility", "contact", "second_factor:setup"):
        assert password_only_client.get(reverse(name)).status_code == 200, name
    response = password_only_client.post(reverse("switch_language"), {"language": "de"})
    assert response.status_code == 302
    response = password_only_client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in password_only_client.session


def test_school_users_never_meet_the_second_factor(client, school, teacher, ict_contact):
    """Signed in with their password only, school users reach every page
    their role allows, and are never sent to the second-factor pages."""
    ticket = make_ticket(teacher)
    for user in (teacher, ict_contact):
        for url, _name in every_url():
            for method in ("get", "post"):
                client.force_login(user)
                response = getattr(client, method)(url)
                location = response.get("Location", "")
                assert "/second-factor/" not in location, (user, method, url, location)
    client.force_login(teacher)
    assert client.get(reverse("portal:detail", args=[ticket.number])).status_code == 200
    assert Ticket.objects.count() == 1


def test_a_school_account_with_admin_access_needs_the_second_factor_too(
    password_only_client, school
):
    member = make_member(school, is_staff=True)
    password_only_client.force_login(member)
    response = password_only_client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("second_factor:verify"))


def test_htmx_requests_are_sent_to_the_second_factor_page_as_a_whole(
    password_only_client, agent_fr
):
    password_only_client.force_login(agent_fr)
    response = password_only_client.get(reverse("desk:queue"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("second_factor:verify"))


def test_a_passed_second_factor_opens_the_desk(client, agent_fr):
    client.force_login(agent_fr)  # password and code (tests/conftest.py)
    assert client.get(reverse("desk:queue")).status_code == 200
    assert client.get(reverse("second_factor:manage")).status_code == 200


def test_the_admin_needs_the_second_factor_and_opens_after_it(client, password_only_client, db):
    admin = make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    password_only_client.force_login(admin)
    response = password_only_client.get(reverse("admin:accounts_user_changelist"))
    assert response["Location"].startswith(reverse("second_factor:verify"))
    client.force_login(admin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_the_setting_turns_the_rule_off(password_only_client, agent_fr, settings):
    settings.STAFF_SECOND_FACTOR = False
    password_only_client.force_login(agent_fr)
    assert password_only_client.get(reverse("desk:queue")).status_code == 200


def test_the_verifying_device_is_read_once_and_a_removed_one_stops_verifying_at_once(
    client, agent_fr
):
    """The device that verified the session is kept in the cache between
    requests; deleting it (a reset) sends the session back to the code."""
    client.force_login(agent_fr)
    queue = reverse("desk:queue")
    assert client.get(queue).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(queue).status_code == 200
    assert not [q for q in queries if "otp_totp_totpdevice" in q["sql"]]

    TOTPDevice.objects.filter(user=agent_fr).delete()
    response = client.get(queue)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor:verify"))
