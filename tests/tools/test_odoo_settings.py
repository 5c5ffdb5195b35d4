"""The desk's Odoo connection settings (administrators), against the stand-in."""

import pytest
from django.urls import reverse
from django.utils import translation

from pupitre.accounts.models import Role
from pupitre.audit.models import AuditRecord, ObjectKind
from pupitre.core.errors import DomainError
from pupitre.demo.odoo_standin import DEMO_API_KEY, DEMO_LOGIN
from pupitre.tools import queries, secrets
from pupitre.tools.models import OdooConnection
from pupitre.tools.services import odoo_connection_save

from ..factories import make_user
from ..querycount import count_queries


@pytest.fixture
def admin(db):
    return make_user(role=Role.ADMINISTRATOR, language="fr", name="Admin")


def form_data(standin, **changes):
    data = {
        "url": standin.url,
        "database": standin.database,
        "login": DEMO_LOGIN,
        "api_key": DEMO_API_KEY,
        "api_key_env": "",
        "timeout": "5",
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_only_administrators_open_the_odoo_settings(client, agent_fr, supervisor, admin):
    for user in (agent_fr, supervisor):
        client.force_login(user)
        assert client.get(reverse("desk:odoo_connections")).status_code == 403
        assert client.get(reverse("desk:odoo_connection_new")).status_code == 403
    client.force_login(admin)
    assert client.get(reverse("desk:odoo_connections")).status_code == 200


def test_saving_stores_the_key_encrypted_never_shows_it_and_is_audited(client, admin, odoo_standin):
    client.force_login(admin)
    response = client.post(reverse("desk:odoo_connection_new"), form_data(odoo_standin))
    assert response.status_code == 302
    connection = OdooConnection.objects.get()
    assert connection.is_active and connection.timeout == 5
    assert DEMO_API_KEY not in connection.api_key_encrypted
    assert secrets.decrypt(connection.api_key_encrypted) == DEMO_API_KEY
    page = client.get(reverse("desk:odoo_connection", args=[connection.pk])).content.decode()
    assert DEMO_API_KEY not in page
    assert connection.api_key_encrypted not in page
    records = AuditRecord.objects.filter(object_kind=ObjectKind.ODOO_CONNECTION, by=admin)
    values = {record.field: record.new_value for record in records}
    assert values["api_key"] == "••••••"
    assert values["login"] == DEMO_LOGIN
    assert DEMO_API_KEY not in str(list(records.values()))
    assert queries.odoo_connection() == connection


def test_an_empty_key_keeps_the_stored_one(client, admin, odoo_connection, odoo_standin):
    stored = odoo_connection.api_key_encrypted
    client.force_login(admin)
    url = reverse("desk:odoo_connection", args=[odoo_connection.pk])
    response = client.post(url, form_data(odoo_standin, api_key="", timeout="7"))
    assert response.status_code == 302
    odoo_connection.refresh_from_db()
    assert (odoo_connection.api_key_encrypted, odoo_connection.timeout) == (stored, 7)
    changed = set(
        AuditRecord.objects.filter(object_kind=ObjectKind.ODOO_CONNECTION, by=admin).values_list(
            "field", flat=True
        )
    )
    assert changed == {"timeout"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "ftp://odoo.example.org"}, "url"),
        ({"timeout": "0"}, "timeout"),
        ({"timeout": "500"}, "timeout"),
        ({"api_key": ""}, "api_key"),
        ({"api_key": "", "api_key_env": "odoo key"}, "api_key_env"),
        ({"database": ""}, "database"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, admin, odoo_standin, changes, field
):
    client.force_login(admin)
    response = client.post(reverse("desk:odoo_connection_new"), form_data(odoo_standin, **changes))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not OdooConnection.objects.exists()
    assert not AuditRecord.objects.filter(object_kind=ObjectKind.ODOO_CONNECTION).exists()


def test_activating_a_connection_deactivates_the_other(admin, odoo_connection, odoo_standin):
    second = odoo_connection_save(
        connection=OdooConnection(
            url=odoo_standin.url, database="other", login=DEMO_LOGIN, is_active=True
        ),
        api_key="k",
        by=admin,
    )
    odoo_connection.refresh_from_db()
    assert (odoo_connection.is_active, second.is_active) == (False, True)
    assert queries.odoo_connection() == second


def test_agents_cannot_save_a_connection_through_the_service(agent_fr, odoo_standin):
    with pytest.raises(DomainError):
        odoo_connection_save(
            connection=OdooConnection(url=odoo_standin.url, database="d", login="l"),
            api_key="k",
            by=agent_fr,
        )


@pytest.mark.parametrize("language", ["de", "fr"])
def test_test_connection_reports_the_version_and_the_rights(
    client, admin, odoo_connection, language
):
    admin.language = language
    admin.save(update_fields=["language"])
    client.force_login(admin)
    url = reverse("desk:odoo_connection_test", args=[odoo_connection.pk])
    response = client.post(url, HTTP_ACCEPT_LANGUAGE=language, follow=True)
    page = response.content.decode()
    with translation.override(language):
        expected = translation.gettext("The technical account may reactivate accounts.")
    assert expected in page
    assert "17.0" in page and "Pupitre (technical account)" in page
    odoo_connection.refresh_from_db()
    assert odoo_connection.check_ok and odoo_connection.server_version == "17.0"
    assert odoo_connection.checked_by == admin


def test_a_failed_test_says_why_and_keeps_odoo_s_words(client, admin, odoo_connection):
    odoo_connection.api_key_encrypted = secrets.encrypt("wrong")
    odoo_connection.save()
    client.force_login(admin)
    url = reverse("desk:odoo_connection_test", args=[odoo_connection.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    odoo_connection.refresh_from_db()
    assert odoo_connection.check_ok is False
    assert "authenticate returned False" in odoo_connection.check_result


def test_testing_an_odoo_that_is_down_is_a_message_not_an_error_page(
    client, admin, odoo_connection, odoo_standin
):
    odoo_standin.stop()
    client.force_login(admin)
    url = reverse("desk:odoo_connection_test", args=[odoo_connection.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    odoo_connection.refresh_from_db()
    assert odoo_connection.check_ok is False


def test_testing_needs_a_post(client, admin, odoo_connection):
    client.force_login(admin)
    url = reverse("desk:odoo_connection_test", args=[odoo_connection.pk])
    assert client.get(url).status_code == 405


def test_the_settings_page_reads_a_constant_number_of_queries(client, admin, odoo_standin):
    client.force_login(admin)
    url = reverse("desk:odoo_connections")

    def grow_to(count):
        while OdooConnection.objects.count() < count:
            odoo_connection_save(
                connection=OdooConnection(
                    url=odoo_standin.url, database="db", login="l", is_active=False
                ),
                api_key="k",
                by=admin,
            )
        return count_queries(client, url)

    assert grow_to(1) == grow_to(8)
