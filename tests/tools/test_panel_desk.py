# ruff: noqa: F811 (the tools_ticket fixture, imported from panel_fixtures)
"""The Odoo panel on the desk: hidden without a odoo_connection, the look-up
(archived accounts included, several matches, errors), the confirmation
and the action, in the agent's language."""

import re

from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.tickets.models import MessageKind
from pupitre.tools import services
from pupitre.tools.models import OdooAction, OdooActionKind

from ..factories import make_ticket, make_user
from ..querycount import count_queries
from .panel_fixtures import ARCHIVED, tools_ticket, user_id  # noqa: F401 (fixture)


def test_without_a_connection_the_panel_is_hidden(client, agent_fr, tools_ticket):
    client.force_login(agent_fr)
    html = client.get(reverse("desk:ticket", args=[tools_ticket.number])).content.decode()
    assert "odoo-box" not in html
    assert client.get(reverse("desk:ticket_odoo", args=[tools_ticket.number])).status_code == 404


def test_only_management_tools_tickets_show_the_panel(client, agent_fr, teacher, odoo_connection):
    ticket = make_ticket(teacher)  # a device problem
    client.force_login(agent_fr)
    assert (
        "odoo-box" not in client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    )
    assert client.get(reverse("desk:ticket_odoo", args=[ticket.number])).status_code == 404


def test_the_account_named_on_the_portal_is_prefilled(
    client, agent_fr, ict_contact, school, odoo_connection
):
    ticket = services.odoo_access_request_create(school=school, account=ARCHIVED, by=ict_contact)
    client.force_login(agent_fr)
    html = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert f'value="{ARCHIVED}"' in html
    assert "Indiqué par l’école dans sa demande." in html


def test_look_up_finds_the_archived_account_in_the_agents_language(
    client, agent_de, odoo_connection, tools_ticket
):
    client.force_login(agent_de)
    url = reverse("desk:ticket_odoo", args=[tools_ticket.number])
    html = client.get(url, {"q": ARCHIVED.upper()}).content.decode()
    assert "Marie Lambert" in html
    assert "archiviert" in html
    assert "Letzte Anmeldung" in html and "27.06.2026" in html
    assert "École numérique – Service public de Wallonie" in html
    assert "Inventory / User" in html
    # The archived account's first action is to reactivate it.
    assert f"odoo/{user_id_from(html)}/reactivate/" in html


def user_id_from(html):
    return re.search(r"/odoo/(\d+)/reactivate/", html).group(1)


def test_several_matches_let_the_agent_choose(
    client, agent_fr, odoo_connection, odoo_standin, tools_ticket
):
    odoo_standin.add_user(
        "m.lambert", "Marie Lambert (ancien compte)", email=ARCHIVED, active=False
    )
    client.force_login(agent_fr)
    url = reverse("desk:ticket_odoo", args=[tools_ticket.number])
    html = client.get(url, {"q": ARCHIVED}).content.decode()
    assert "2 comptes correspondent : choisissez-en un." in html
    assert "reactivate/" not in html
    chosen = user_id(odoo_standin, "m.lambert")
    html = client.get(url, {"account": chosen}).content.decode()
    assert "Marie Lambert (ancien compte)" in html
    assert f"odoo/{chosen}/reactivate/" in html


def test_an_unknown_login_says_so(client, agent_fr, odoo_connection, tools_ticket):
    client.force_login(agent_fr)
    url = reverse("desk:ticket_odoo", args=[tools_ticket.number])
    html = client.get(url, {"q": "personne@ecole.be"}).content.decode()
    assert "Aucun compte Odoo n’a l’identifiant ou l’e-mail « personne@ecole.be »." in html


def test_odoo_unreachable_is_a_clear_message_not_a_crash(
    client, agent_fr, odoo_connection, odoo_standin, tools_ticket
):
    odoo_standin.stop()
    client.force_login(agent_fr)
    response = client.get(reverse("desk:ticket_odoo", args=[tools_ticket.number]), {"q": ARCHIVED})
    assert response.status_code == 502
    assert "Odoo" in response.content.decode() and 'role="alert"' in response.content.decode()


def test_confirm_then_reactivate_and_a_resent_form_does_nothing_more(
    client, agent_fr, odoo_connection, odoo_standin, tools_ticket
):
    target = user_id(odoo_standin, ARCHIVED)
    client.force_login(agent_fr)
    confirm = client.get(
        reverse("desk:ticket_odoo_confirm", args=[tools_ticket.number, target, "reactivate"])
    ).content.decode()
    assert "Le compte Odoo m.lambert@ecole-athenee-namur.be sera de nouveau actif" in confirm
    assert odoo_standin.users[target].active is False  # showing the confirmation changes nothing
    key = re.search(r'name="key" value="([0-9a-f]+)"', confirm).group(1)
    url = reverse("desk:ticket_odoo_action", args=[tools_ticket.number, target, "reactivate"])
    data = {"key": key, "reply": "on", "login": ARCHIVED}
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Le compte Odoo m.lambert@ecole-athenee-namur.be est de nouveau actif." in html
    assert "L’école en a été informée par une réponse." in html
    assert odoo_standin.users[target].active is True

    html = client.post(url, data, follow=True).content.decode()
    assert "Cette action avait déjà été effectuée ; elle n’a pas été répétée." in html
    assert OdooAction.objects.count() == 1
    assert tools_ticket.messages.filter(kind=MessageKind.REPLY, author=agent_fr).count() == 1


def test_the_agent_may_act_without_telling_the_school(
    client, agent_fr, odoo_connection, odoo_standin, tools_ticket
):
    target = user_id(odoo_standin, ARCHIVED)
    client.force_login(agent_fr)
    url = reverse("desk:ticket_odoo_action", args=[tools_ticket.number, target, "reactivate"])
    client.post(url, {"key": "abc", "login": ARCHIVED})
    assert odoo_standin.users[target].active is True
    assert not tools_ticket.messages.filter(kind=MessageKind.REPLY, author=agent_fr).exists()


def test_a_refused_action_is_shown_in_the_agents_language(
    client, agent_de, odoo_connection, odoo_standin, tools_ticket
):
    target = user_id(odoo_standin, ARCHIVED)
    client.force_login(agent_de)
    url = reverse("desk:ticket_odoo_action", args=[tools_ticket.number, target, "reset"])
    response = client.post(url, {"key": "k", "reply": "on", "login": ARCHIVED}, follow=True)
    assert response.status_code == 200
    assert "archiviert" in response.content.decode()
    assert odoo_standin.mails == []


def test_odoos_own_fault_text_is_shown_to_administrators_only(
    client, agent_fr, supervisor, odoo_connection, odoo_standin, tools_ticket
):
    technical = next(u for u in odoo_standin.users.values() if u.login == odoo_connection.login)
    technical.groups_id = [
        g for g in technical.groups_id if g != odoo_standin.group_id("Access Rights")
    ]
    target = user_id(odoo_standin, ARCHIVED)
    client.force_login(agent_fr)
    url = reverse("desk:ticket_odoo_action", args=[tools_ticket.number, target, "reactivate"])
    client.post(url, {"key": "k", "reply": "on", "login": ARCHIVED})
    assert "You are not allowed to modify" in OdooAction.objects.get().fault_text
    page = reverse("desk:ticket", args=[tools_ticket.number])
    failed = "Odoo : Réactiver le compte, compte m.lambert@ecole-athenee-namur.be, échec :"
    translated = "Le compte technique d’Odoo n’a pas le droit de le faire."

    for reader in (agent_fr, supervisor):
        client.force_login(reader)
        html = client.get(page).content.decode()
        assert failed in html and translated in html
        assert "You are not allowed to modify" not in html
        assert "res.users" not in html and "Réponse d’Odoo" not in html

    administrator = make_user(role=Role.ADMINISTRATOR, language="fr", name="Admin Istrateur")
    client.force_login(administrator)
    html = client.get(page).content.decode()
    assert failed in html and translated in html
    assert "Réponse d’Odoo : You are not allowed to modify &#x27;User&#x27; (res.users)" in html


def test_unknown_action_and_school_users_are_refused(
    client, agent_fr, ict_contact, odoo_connection, odoo_standin, tools_ticket
):
    target = user_id(odoo_standin, ARCHIVED)
    client.force_login(agent_fr)
    assert (
        client.get(
            reverse("desk:ticket_odoo_confirm", args=[tools_ticket.number, target, "delete"])
        ).status_code
        == 404
    )
    client.force_login(ict_contact)
    url = reverse("desk:ticket_odoo_action", args=[tools_ticket.number, target, "reactivate"])
    assert client.post(url, {"key": "k"}).status_code == 403
    assert odoo_standin.users[target].active is False


def test_school_page_looks_up_without_actions(client, agent_fr, odoo_connection, school):
    client.force_login(agent_fr)
    html = client.get(
        reverse("desk:school_odoo", args=[school.pk]), {"q": ARCHIVED}
    ).content.decode()
    assert "Marie Lambert" in html
    assert "reactivate/" not in html


def test_ticket_page_queries_with_the_panel_stay_constant(
    client, agent_fr, odoo_connection, odoo_standin, tools_ticket
):
    client.force_login(agent_fr)
    url = reverse("desk:ticket", args=[tools_ticket.number])
    target = user_id(odoo_standin, ARCHIVED)
    services.odoo_account_reactivate(
        ticket=tools_ticket, odoo_user_id=target, key="first", by=agent_fr
    )
    few = count_queries(client, url)
    for index in range(15):
        kind = OdooActionKind.REACTIVATE if index % 2 else OdooActionKind.PASSWORD_RESET
        services.odoo_action_run(
            ticket=tools_ticket, kind=kind, odoo_user_id=target, key=f"k{index}", by=agent_fr
        )
    many = count_queries(client, url)
    assert few == many
    assert "odoo-box" in client.get(url).content.decode()


def test_hostile_ids_and_texts_never_crash(
    client, agent_fr, odoo_connection, odoo_standin, tools_ticket
):
    client.force_login(agent_fr)
    panel = reverse("desk:ticket_odoo", args=[tools_ticket.number])
    for params in ({"account": "99999999999"}, {"account": "²"}, {"q": "x" * 300}, {"q": "%_\\"}):
        assert client.get(panel, params).status_code in (200, 404)
    huge = 2**40
    for name in ("desk:ticket_odoo_confirm", "desk:ticket_odoo_action"):
        url = reverse(name, args=[tools_ticket.number, huge, "reactivate"])
        assert client.post(url, {"key": "k"}).status_code in (404, 405)
    # A gone account: the confirmation goes back to the panel with the reason.
    gone = reverse("desk:ticket_odoo_confirm", args=[tools_ticket.number, 4242, "reset"])
    assert client.get(gone, follow=True).status_code == 200
    assert not OdooAction.objects.exists()
