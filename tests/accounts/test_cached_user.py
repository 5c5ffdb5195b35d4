"""The signed-in person is read from the cache, and every change to the user
row reaches the next request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupitre.accounts.models import Role


def _user_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "accounts_user"' in q["sql"]]


def test_the_user_behind_the_session_is_read_once(client, teacher):
    client.force_login(teacher)
    page = reverse("portal:requests")
    assert client.get(page).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert _user_queries(queries) == []


def test_a_deactivated_account_is_signed_out_at_the_next_request(client, teacher):
    client.force_login(teacher)
    page = reverse("portal:requests")
    assert client.get(page).status_code == 200
    teacher.is_active = False
    teacher.save()
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_new_password_ends_the_other_sessions_at_once(client, teacher):
    client.force_login(teacher)
    page = reverse("portal:requests")
    assert client.get(page).status_code == 200
    teacher.set_password("another long passphrase 42")
    teacher.save()
    assert client.get(page).status_code == 302


def test_a_changed_role_applies_at_the_next_request(client, agent_fr):
    client.force_login(agent_fr)
    queue = reverse("desk:queue")
    assert client.get(queue).status_code == 200
    agent_fr.role = Role.SCHOOL
    agent_fr.save()
    assert client.get(queue).status_code == 403
