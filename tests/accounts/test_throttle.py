"""Password guesses and password-reset requests are throttled, per account
and per client address (web/throttle.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from pupitre.accounts.models import Role
from pupitre.web.throttle import client_ip

from ..e2e.helpers import t
from ..factories import make_user

PASSWORD = "secret-pass-123"
LOCKED = (
    "Too many failed sign-in attempts for this account or from this connection. "
    "Signing in is paused for %(minutes)s minutes, even with the right password."
)


def sign_in(client, email, password, *, address="192.0.2.10", url=None, **extra):
    return client.post(
        url or reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def fail(client, email, times, *, address="192.0.2.10", url=None):
    for _ in range(times):
        response = sign_in(client, email, "wrong-guess", address=address, url=url)
        assert response.status_code in (200, 429)


def signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def person(db):
    return make_user(email="prof@ecole.example", language="fr")


def test_a_locked_account_refuses_even_the_right_password_until_the_cooloff(
    client, person, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, person.email, 4)
        # Still under the limit: the right password works.
        assert sign_in(Client(), person.email, PASSWORD).status_code == 302
        fail(client, person.email, 1)
        refused = sign_in(client, person.email, PASSWORD)
        assert refused.status_code == 429
        assert t("fr", LOCKED) % {"minutes": 15} in refused.content.decode()
        assert not signed_in_as(client, person)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert sign_in(client, person.email, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert sign_in(client, person.email, PASSWORD).status_code == 302
        assert signed_in_as(client, person)


def test_the_account_is_locked_from_every_address_and_whatever_the_case(client, person, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for number in range(3):
        sign_in(client, "Prof@Ecole.example", "wrong-guess", address=f"198.51.100.{number}")
    assert sign_in(client, person.email, PASSWORD, address="203.0.113.7").status_code == 429


def test_another_account_from_another_address_is_not_affected(client, person, settings):
    settings.AXES_FAILURE_LIMIT = 3
    other = make_user(email="directrice@ecole.example")
    fail(client, person.email, 3, address="192.0.2.10")
    assert sign_in(client, person.email, PASSWORD, address="192.0.2.10").status_code == 429
    response = sign_in(client, other.email, PASSWORD, address="203.0.113.7")
    assert response.status_code == 302
    assert signed_in_as(client, other)


def test_an_address_guessing_many_accounts_is_locked_for_every_account(client, person, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for number in range(3):
        sign_in(client, f"guess{number}@ecole.example", "wrong-guess", address="192.0.2.66")
    assert sign_in(client, person.email, PASSWORD, address="192.0.2.66").status_code == 429
    assert sign_in(client, person.email, PASSWORD, address="192.0.2.67").status_code == 302


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_lockout_page_speaks_the_visitors_language(client, person, settings, language):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, person.email, 2)
    response = sign_in(client, person.email, PASSWORD, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert t(language, LOCKED) % {"minutes": 15} in page
    assert t(language, LOCKED) != LOCKED


def test_the_admin_sign_in_is_throttled_too(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    admin = make_user(email="admin@pupitre.example", role=Role.ADMINISTRATOR, is_staff=True)
    url = reverse("admin:login")
    fail(client, admin.email, 3, url=url)
    refused = sign_in(client, admin.email, PASSWORD, url=url)
    assert refused.status_code == 429
    assert t("fr", LOCKED) % {"minutes": 15} in refused.content.decode()
    assert not signed_in_as(client, admin)


def test_password_reset_sends_no_mail_past_the_hourly_limit_for_one_address(
    client, person, settings
):
    settings.PASSWORD_RESET_LIMIT = 3
    url = reverse("password_reset")
    for number in range(3):
        response = client.post(url, {"email": person.email}, REMOTE_ADDR=f"198.51.100.{number}")
        assert response.status_code == 302
    refused = client.post(
        url, {"email": person.email}, REMOTE_ADDR="198.51.100.9", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert refused.status_code == 429
    message = t(
        "de",
        "Too many requests for a new password. Please wait an hour before asking again, "
        "or call the helpdesk.",
    )
    assert message in refused.content.decode()
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_client_address(client, person, settings):
    settings.PASSWORD_RESET_LIMIT = 2
    url = reverse("password_reset")
    client.post(url, {"email": "a@ecole.example"}, REMOTE_ADDR="192.0.2.5")
    client.post(url, {"email": "b@ecole.example"}, REMOTE_ADDR="192.0.2.5")
    assert client.post(url, {"email": person.email}, REMOTE_ADDR="192.0.2.5").status_code == 429
    assert client.post(url, {"email": person.email}, REMOTE_ADDR="192.0.2.6").status_code == 302
    assert len(mail.outbox) == 1


def test_the_client_address_is_the_peer_unless_proxies_are_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote 6.6.6.6 itself; the proxy appended what it saw.
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"


def test_choosing_a_new_password_by_the_emailed_link_lifts_the_account_pause(
    client, person, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    fail(client, person.email, 3, address="192.0.2.10")
    other_client = Client()
    assert sign_in(other_client, person.email, PASSWORD, address="198.51.100.7").status_code == 429

    client.post(reverse("password_reset"), {"email": person.email}, REMOTE_ADDR="198.51.100.7")
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/password/" in line)
    path = link[link.index("/accounts/password/") :].strip()
    form_page = other_client.get(path, follow=True)
    assert form_page.status_code == 200
    done = other_client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-pass-4567", "new_password2": "a-new-pass-4567"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert done.status_code == 302

    # The account's failures are forgotten: the new password works at once.
    assert (
        sign_in(Client(), person.email, "a-new-pass-4567", address="198.51.100.7").status_code
        == 302
    )
