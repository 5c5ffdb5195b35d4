"""“Forgot your password?”: a link by email, in the person's language."""

import re

from django.core import mail
from django.urls import reverse

from pupitre.schools.services import member_add

from ..factories import make_member


def ask_for_a_link(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/password/\S+/", message.body).group(0)


def test_the_link_goes_out_in_the_schools_language_as_text_and_html(
    client, german_school, settings
):
    settings.PUPITRE_BASE_URL = "https://helpdesk.example"
    make_member(german_school, language="", email="lehrerin@schule.example")
    # The page itself is read in French: the email still follows the person.
    response = ask_for_a_link(client, "Lehrerin@Schule.example", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.subject == "Neues Passwort für den Helpdesk wählen"
    assert "Öffnen Sie diesen Link" in message.body
    html = message.alternatives[0][0]
    assert 'lang="de"' in html and link_in(message) in html
    assert link_in(message).startswith("https://helpdesk.example/accounts/password/")


def test_the_link_ignores_a_forged_host(client, school, settings):
    settings.PUPITRE_BASE_URL = "https://helpdesk.example"
    settings.ALLOWED_HOSTS = ["helpdesk.example", "attacker.example"]
    make_member(school, email="prof@ecole.example")
    ask_for_a_link(client, "prof@ecole.example", HTTP_HOST="attacker.example")
    assert "attacker.example" not in mail.outbox[0].body


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db):
    response = ask_for_a_link(client, "personne@nulle-part.example")
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_caller_added_by_phone_chooses_a_first_password_and_signs_in(client, school, agent_fr):
    caller = member_add(
        school=school, full_name="Julie Petit", email="julie@ecole.example", by=agent_fr
    )
    assert not caller.has_usable_password()
    ask_for_a_link(client, "julie@ecole.example")
    confirm = client.get(link_in(mail.outbox[0]), follow=True)
    assert confirm.context["validlink"]
    new_password = "tableau-blanc-2026"
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done["Location"] == reverse("password_reset_complete")
    signed_in = client.post(
        reverse("login"), {"username": "julie@ecole.example", "password": new_password}
    )
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(caller.pk)


def test_a_used_link_is_refused(client, school):
    make_member(school, email="prof@ecole.example")
    ask_for_a_link(client, "prof@ecole.example")
    link = link_in(mail.outbox[0])
    page = client.get(link, follow=True)
    url = page.redirect_chain[-1][0]
    client.post(url, {"new_password1": "craie-et-ardoise-9", "new_password2": "craie-et-ardoise-9"})
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert reverse("password_reset") in again.content.decode()


def test_the_sign_in_page_offers_the_link(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
