"""Adding an authenticator app, checking codes at sign-in, backup codes,
throttling, the "Second factor" page and resets by an administrator."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pupitre.accounts import second_factor as rules
from pupitre.accounts import services
from pupitre.accounts.models import Role, SecondFactorEvent, SecondFactorEventKind
from pupitre.accounts.queries import authenticator_of, backup_codes_left
from pupitre.core.errors import DomainError
from pupitre.demo import second_factor as demo_second_factor
from pupitre.schools.models import School

from ..e2e.helpers import t
from ..factories import make_school, make_user
from ..querycount import count_queries
from ..second_factor import app_code, authenticator_for, current_code

# A frozen instant early in a 30-second step (and near today: sessions expire).
MOMENT = datetime.now(tz=UTC).replace(second=5, microsecond=0)
CHECK = reverse("second_factor:verify")
SETUP = reverse("second_factor:setup")


def shown_key(response) -> str:
    return re.search(r'class="secret-key"><code>([A-Z2-7 ]+)</code>', response.content.decode())[1]


def shown_backup_codes(response) -> list[str]:
    found = re.findall(r"<li><code>([\d ]+)</code></li>", response.content.decode())
    return [code.replace(" ", "") for code in found]


def tn(language: str, singular: str, plural: str, count: int) -> str:
    with translation.override(language):
        return translation.ngettext(singular, plural, count)


def text_of(response) -> str:
    return unescape(response.content.decode())


def enrol(client, user) -> tuple[str, list[str]]:
    """Add an authenticator through the pages; (the key as shown, backup codes)."""
    key = shown_key(client.get(SETUP))
    response = client.post(SETUP, {"code": app_code(key), "next": "/desk/"})
    assert response.status_code == 302, response.status_code
    return key, shown_backup_codes(client.get(response["Location"]))


def enrolled_then_password_again(client, user) -> list[str]:
    """Enrol, sign out, sign in with the password: the backup codes."""
    client.force_login(user)
    _key, codes = enrol(client, user)
    client.post(reverse("logout"))
    client.force_login(user)
    return codes


# Enrolment on first sign-in -------------------------------------------------------------


def test_first_sign_in_adds_an_authenticator_then_shows_ten_backup_codes_once(
    password_only_client, agent_fr
):
    client = password_only_client
    client.force_login(agent_fr)
    response = client.get(reverse("desk:queue"))
    response = client.get(response["Location"])  # the check page: no authenticator yet
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    assert '<div class="qr-code" role="img"' in html and "<svg" in html
    assert "<img" not in html  # the QR code is inline: no request elsewhere
    key = shown_key(page)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)
    pending = TOTPDevice.objects.get(user=agent_fr)
    assert not pending.confirmed
    assert rules.key_base32(pending.key) == key.replace(" ", "")
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html

    response = client.post(SETUP, {"code": app_code(key), "next": "/desk/"})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    codes = shown_backup_codes(codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"\d{12}", code) for code in codes)
    assert codes_page["Cache-Control"].startswith("max-age=0")
    assert shown_backup_codes(client.get(reverse("second_factor:backup_codes"))) == []

    assert client.get(reverse("desk:queue")).status_code == 200
    assert authenticator_of(agent_fr) == pending
    assert backup_codes_left(agent_fr) == 10
    event = SecondFactorEvent.objects.get(user=agent_fr)
    assert (event.kind, event.by) == (SecondFactorEventKind.ENROLLED, agent_fr)


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_wrong_code_at_enrolment_is_refused_in_the_users_language(password_only_client, language):
    agent = make_user(role=Role.AGENT, language=language)
    password_only_client.force_login(agent)
    key = shown_key(password_only_client.get(SETUP))
    wrong = f"{(int(app_code(key)) + 1) % 1_000_000:06d}"
    response = password_only_client.post(SETUP, {"code": wrong})
    assert response.status_code == 400
    assert t(language, "This code is not right. Check the code and try again.") in text_of(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert shown_key(response) == key  # the same key, still to confirm
    assert authenticator_of(agent) is None
    assert password_only_client.get(reverse("desk:queue")).status_code == 302


def test_the_password_alone_cannot_replace_an_existing_authenticator(
    password_only_client, agent_fr
):
    """Someone who knows the password cannot add their own phone."""
    device = authenticator_for(agent_fr)
    password_only_client.force_login(agent_fr)
    response = password_only_client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(CHECK)
    response = password_only_client.post(SETUP, {"code": "123456"})
    assert response["Location"].startswith(CHECK)
    assert list(TOTPDevice.objects.filter(user=agent_fr)) == [device]


def test_school_users_have_no_second_factor_pages(client, teacher):
    client.force_login(teacher)
    assert client.get(SETUP).status_code == 403
    assert client.get(reverse("second_factor:manage")).status_code == 403
    assert client.get(CHECK)["Location"] == reverse("home")
    assert not TOTPDevice.objects.exists()


# Verification at later sign-ins ---------------------------------------------------------


def test_the_code_of_the_app_opens_the_page_asked_for(password_only_client, agent_fr):
    device = authenticator_for(agent_fr)
    password_only_client.force_login(agent_fr)
    wanted = reverse("desk:phone")
    response = password_only_client.get(wanted)
    page = password_only_client.get(response["Location"])
    assert page.status_code == 200
    assert f'name="next" value="{wanted}"' in page.content.decode()
    response = password_only_client.post(CHECK, {"code": current_code(device), "next": wanted})
    assert response["Location"] == wanted
    assert password_only_client.get(wanted).status_code == 200


def test_the_check_page_sends_nowhere_outside_the_site(password_only_client, agent_fr):
    device = authenticator_for(agent_fr)
    password_only_client.force_login(agent_fr)
    response = password_only_client.post(
        CHECK, {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_wrong_code_is_refused_with_a_clear_error(password_only_client, language):
    agent = make_user(role=Role.AGENT, language=language)
    device = authenticator_for(agent)
    password_only_client.force_login(agent)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = password_only_client.post(CHECK, {"code": wrong})
    assert response.status_code == 400
    html = response.content.decode()
    assert t(language, "This code is not right. Check the code and try again.") in text_of(response)
    # The error is tied to the field, and the summary links to it.
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", html)[0]
    assert 'aria-invalid="true"' in field
    assert "id_code_error" in field
    assert 'href="#id_code"' in html
    assert password_only_client.get(reverse("desk:queue")).status_code == 302


def test_a_code_that_is_not_six_or_twelve_digits_is_explained_and_not_counted(
    password_only_client, agent_fr
):
    device = authenticator_for(agent_fr)
    password_only_client.force_login(agent_fr)
    response = password_only_client.post(CHECK, {"code": "12345"})
    assert response.status_code == 400
    assert t("fr", "Type the 6 digits shown by your authenticator app, or one of your "
             "12-digit backup codes.") in text_of(response)  # fmt: skip
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_an_app_code_works_once(password_only_client, client, agent_fr):
    device = authenticator_for(agent_fr)
    with time_machine.travel(MOMENT, tick=False):
        code = current_code(device)
        password_only_client.force_login(agent_fr)
        assert password_only_client.post(CHECK, {"code": code}).status_code == 302
        other = type(password_only_client)()
        other.force_login(agent_fr)
        response = other.post(CHECK, {"code": code})
        assert response.status_code == 400


def test_a_backup_code_works_once(password_only_client, agent_fr):
    codes = enrolled_then_password_again(password_only_client, agent_fr)
    typed = rules.grouped(codes[3])  # as printed, with spaces
    response = password_only_client.post(CHECK, {"code": typed}, follow=True)
    assert response.redirect_chain[0][0] == reverse("home")
    left = tn(
        "fr",
        "You signed in with a backup code; it cannot be used again. %(count)d backup code left.",
        "You signed in with a backup code; it cannot be used again. %(count)d backup codes left.",
        9,
    )
    assert left % {"count": 9} in text_of(response)
    assert password_only_client.get(reverse("desk:queue")).status_code == 200
    assert backup_codes_left(agent_fr) == 9

    password_only_client.post(reverse("logout"))
    password_only_client.force_login(agent_fr)
    assert password_only_client.post(CHECK, {"code": codes[3]}).status_code == 400
    with time_machine.travel(datetime.now(tz=UTC) + timedelta(seconds=5)):  # the throttle
        assert password_only_client.post(CHECK, {"code": codes[4]}).status_code == 302


def test_a_backup_code_session_asks_for_the_app_from_the_cache_and_sees_it_go(
    password_only_client, agent_fr
):
    codes = enrolled_then_password_again(password_only_client, agent_fr)
    password_only_client.post(CHECK, {"code": codes[0]})
    queue = reverse("desk:queue")
    assert password_only_client.get(queue).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert password_only_client.get(queue).status_code == 200
    assert not [q for q in queries if "otp_totp_totpdevice" in q["sql"]]
    TOTPDevice.objects.filter(user=agent_fr).delete()  # the app is gone
    response = password_only_client.get(queue)
    assert response.status_code == 302 and response["Location"].startswith(CHECK)


def test_wrong_guesses_are_throttled_and_the_page_says_how_long_to_wait(
    password_only_client, agent_fr
):
    device = authenticator_for(agent_fr)
    password_only_client.force_login(agent_fr)
    with time_machine.travel(MOMENT, tick=False) as clock:
        right = current_code(device)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        for _attempt in range(3):  # waits of 1, 2, then 4 seconds
            password_only_client.post(CHECK, {"code": wrong})
            clock.shift(timedelta(seconds=2))
        response = password_only_client.post(CHECK, {"code": right})
        assert response.status_code == 400
        wait = tn(
            "fr",
            "Too many wrong codes. Please wait %(seconds)d second before you try again.",
            "Too many wrong codes. Please wait %(seconds)d seconds before you try again.",
            2,
        )
        assert wait % {"seconds": 2} in text_of(response)
        assert password_only_client.get(reverse("desk:queue")).status_code == 302
        clock.shift(timedelta(seconds=3))
        assert password_only_client.post(CHECK, {"code": right}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_backup_code_guesses_are_throttled_too(password_only_client, agent_fr):
    codes = enrolled_then_password_again(password_only_client, agent_fr)
    with time_machine.travel(MOMENT, tick=False):
        password_only_client.post(CHECK, {"code": "000000000000"})
        response = password_only_client.post(CHECK, {"code": codes[0]})
    assert response.status_code == 400
    assert backup_codes_left(agent_fr) == 10


# The "Second factor" page -------------------------------------------------------------------


def test_the_second_factor_page_is_linked_for_staff_and_shows_the_state(client, agent_fr):
    client.force_login(agent_fr)
    queue = client.get(reverse("desk:queue")).content.decode()
    assert f'href="{reverse("second_factor:manage")}"' in queue
    page = client.get(reverse("second_factor:manage"))
    assert page.status_code == 200
    assert t("fr", "Replace my authenticator app") in text_of(page)


def test_new_backup_codes_replace_the_old_ones(password_only_client, agent_fr):
    password_only_client.force_login(agent_fr)
    _key, old = enrol(password_only_client, agent_fr)
    response = password_only_client.post(reverse("second_factor:backup_codes_new"))
    new = shown_backup_codes(password_only_client.get(response["Location"]))
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert SecondFactorEvent.objects.filter(
        user=agent_fr, kind=SecondFactorEventKind.BACKUP_CODES
    ).exists()


def test_a_session_verified_by_a_backup_code_can_make_new_ones(password_only_client, agent_fr):
    codes = enrolled_then_password_again(password_only_client, agent_fr)
    assert password_only_client.post(CHECK, {"code": codes[0]}).status_code == 302
    response = password_only_client.post(reverse("second_factor:backup_codes_new"))
    new = shown_backup_codes(password_only_client.get(response["Location"]))
    assert len(new) == 10
    assert password_only_client.get(reverse("desk:queue")).status_code == 200


def test_replacing_the_authenticator_needs_a_current_code(password_only_client, agent_fr):
    password_only_client.force_login(agent_fr)
    old_key, _codes = enrol(password_only_client, agent_fr)
    old_device = authenticator_of(agent_fr)
    replace = reverse("second_factor:replace")

    response = password_only_client.post(replace, {"code": "000000"})
    assert response.status_code == 400
    assert password_only_client.get(SETUP)["Location"] == reverse("second_factor:manage")

    with time_machine.travel(datetime.now(tz=UTC) + timedelta(seconds=60)):
        response = password_only_client.post(replace, {"code": app_code(old_key)})
        assert response["Location"].startswith(SETUP)
        page = password_only_client.get(SETUP)
        new_key = shown_key(page)
        assert new_key != old_key
        assert t("fr", "Add Pupitre to your new authenticator app. Your current app keeps "
                 "working until you confirm the new one with a code.") in text_of(page)  # fmt: skip
        assert authenticator_of(agent_fr) == old_device  # until the new one is confirmed
        response = password_only_client.post(SETUP, {"code": app_code(new_key)})
        assert response.status_code == 302
        assert password_only_client.get(reverse("desk:queue")).status_code == 200
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert rules.key_base32(authenticator_of(agent_fr).key) == new_key.replace(" ", "")
    assert SecondFactorEvent.objects.filter(
        user=agent_fr, kind=SecondFactorEventKind.REPLACED
    ).exists()


# Reset by an administrator --------------------------------------------------------------


@pytest.fixture
def administrator(db):
    return make_user(role=Role.ADMINISTRATOR, name="Alice Admin", is_staff=True)


def test_an_administrator_resets_a_lost_phone_and_the_trace_says_who_and_when(
    client, password_only_client, administrator, agent_fr
):
    lost = authenticator_for(agent_fr)
    agent_session = type(client)()
    agent_session.force_login(agent_fr)
    client.force_login(administrator)
    listing = client.get(reverse("desk:second_factors"))
    reset_url = reverse("desk:second_factor_reset", args=[agent_fr.pk])
    assert f'href="{reset_url}"' in listing.content.decode()
    assert client.get(reset_url).status_code == 200
    with time_machine.travel(MOMENT, tick=False):
        response = client.post(reset_url)
    assert response["Location"] == reverse("desk:second_factors")

    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    event = SecondFactorEvent.objects.get(user=agent_fr, kind=SecondFactorEventKind.RESET)
    assert event.by == administrator and event.created_at == MOMENT
    listing = text_of(client.get(reverse("desk:second_factors")))
    assert "Alice Admin" in listing
    # The agent's session verified by the lost phone no longer counts: the
    # next page asks for a new authenticator.
    response = agent_session.get(reverse("desk:queue"))
    assert agent_session.get(response["Location"])["Location"].startswith(SETUP)


def test_only_administrators_reset_a_second_factor(client, supervisor, agent_fr):
    device = authenticator_for(agent_fr)
    client.force_login(supervisor)
    url = reverse("desk:second_factor_reset", args=[agent_fr.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert client.get(reverse("desk:second_factors")).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_an_administrator_cannot_reset_their_own_from_the_desk(client, administrator):
    client.force_login(administrator)
    device = authenticator_of(administrator)
    client.post(reverse("desk:second_factor_reset", args=[administrator.pk]))
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not SecondFactorEvent.objects.filter(kind=SecondFactorEventKind.RESET).exists()


def test_school_accounts_are_not_on_the_reset_pages(client, administrator, teacher):
    client.force_login(administrator)
    assert client.get(reverse("desk:second_factor_reset", args=[teacher.pk])).status_code == 404


def test_the_staff_list_runs_a_constant_number_of_queries(client, administrator):
    client.force_login(administrator)

    def grow_to(total):
        for _ in range(2, total):
            staff = make_user(role=Role.AGENT)
            authenticator_for(staff)
        return count_queries(client, reverse("desk:second_factors"))

    assert grow_to(3) == grow_to(30)


# The demo ----------------------------------------------------------------------------------


def test_the_demo_command_gives_demo_staff_the_published_key_and_its_code_works(
    password_only_client, capsys
):
    make_school()  # a database that already has the demo data
    agent = make_user(role=Role.AGENT, email="agent.de@demo.pupitre.be")
    teacher = make_user(email="teacher.de@demo.pupitre.be")
    call_command("demo")
    assert "manage.py second_factor_code" in capsys.readouterr().out
    assert authenticator_of(teacher) is None
    device = authenticator_of(agent)
    assert rules.key_base32(device.key) == demo_second_factor.DEMO_KEY

    with time_machine.travel(MOMENT, tick=False):
        call_command("second_factor_code", "agent.de@demo.pupitre.be")
        code = capsys.readouterr().out.strip()
        assert code == app_code(demo_second_factor.DEMO_KEY)  # what any app shows
        password_only_client.force_login(agent)
        assert password_only_client.post(CHECK, {"code": code}).status_code == 302
    assert password_only_client.get(reverse("desk:queue")).status_code == 200
    assert School.objects.count() == 1


def test_the_readme_publishes_the_demo_key():
    from django.conf import settings

    readme = (settings.PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert rules.grouped(demo_second_factor.DEMO_KEY) in readme


def test_the_service_replaces_an_authenticator_only_when_allowed(agent_fr):
    """The rule of the setup page (a current code typed within ten minutes)
    also holds for any other caller of the service."""
    old = authenticator_for(agent_fr)
    pending = services.second_factor_enrol(user=agent_fr)
    with pytest.raises(DomainError) as refused:
        services.second_factor_confirm(user=agent_fr, code=current_code(pending))
    assert refused.value.code == "replace_not_allowed"
    assert authenticator_of(agent_fr) == old
    device, codes = services.second_factor_confirm(
        user=agent_fr, code=current_code(pending), may_replace=True
    )
    assert device == pending and authenticator_of(agent_fr) == pending and len(codes) == 10
