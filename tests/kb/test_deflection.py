"""Suggestions while a school user types a request, "This solved my
problem", and the deflection rate the supervisor sees."""

import html

import pytest
from django.urls import reverse

from pupitre.kb.models import Deflection
from pupitre.kb.queries import Period, deflection_figures
from pupitre.tickets.models import Channel, Ticket

from ..factories import make_article, make_device, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(agent_fr, school):
    device = make_device(school, category="interactive_display")
    return {
        "device": device,
        "touch": make_article(
            agent_fr,
            title="Le tableau interactif ne répond plus au toucher",
            summary="Vérifier le câble USB tactile.",
            body="Le tableau ne réagit plus : câble USB tactile.",
            device_models=[device.model],
        ),
        "sound": make_article(agent_fr, title="Pas de son", body="Le tableau n'a pas de son."),
        "wifi": make_article(agent_fr, title="Wi-Fi lent", body="La connexion se coupe."),
        "internal": make_article(
            agent_fr, title="Tableau : triage interne", body="tableau", visibility="internal"
        ),
    }


def suggest(client, **params):
    return client.get(reverse("portal:kb_suggestions"), params, headers={"HX-Request": "true"})


def test_the_form_has_the_suggestions_panel(client, teacher, articles):
    client.force_login(teacher)
    form = client.get(reverse("portal:new")).content.decode()
    assert 'id="new-request-form"' in form
    assert reverse("portal:kb_suggestions") in form
    assert 'aria-live="polite"' in form


def test_typing_shows_the_three_best_public_articles(client, teacher, articles, agent_fr):
    for number in range(3):
        make_article(agent_fr, title=f"Tableau {number}", body="Le tableau ne répond plus.")
    client.force_login(teacher)
    panel = suggest(client, subject="Le tableau ne répond plus", description="").content.decode()
    assert panel.count("Cela a résolu mon problème") == 3
    assert "triage interne" not in panel
    assert "<html" not in panel


def test_the_chosen_device_brings_its_articles_first(client, teacher, school, agent_fr):
    device = make_device(school, category="projector")
    make_article(agent_fr, title="Projecteur", body="Pas d'image.")
    make_article(
        agent_fr, title="Projecteur", body="Pas d'image ici.", device_models=[device.model]
    )
    for other in ("Tablette", "Compte", "Imprimante", "Caméra"):
        make_article(agent_fr, title=other, body="Autre chose.")
    client.force_login(teacher)

    def panel(**devices):
        params = {"school": school.pk, "subject": "projecteur", **devices}
        return suggest(client, **params).content.decode()

    assert panel().index("Pas d&#x27;image.") < panel().index("Pas d&#x27;image ici.")
    chosen = panel(devices=[device.pk])
    assert chosen.index("Pas d&#x27;image ici.") < chosen.index("Pas d&#x27;image.")


def test_nothing_typed_yet_shows_a_hint(client, teacher, articles):
    client.force_login(teacher)
    panel = suggest(client, subject="", description="").content.decode()
    assert "Décrivez le problème" in panel


def test_this_solved_my_problem_ends_the_request_without_a_ticket(
    client, teacher, school, articles
):
    client.force_login(teacher)
    response = client.post(
        reverse("portal:kb_deflect"),
        {
            "school": school.pk,
            "article": articles["touch"].pk,
            "subject": "Le tableau ne répond plus",
            "description": "Depuis lundi en 3B.",
            "devices": [articles["device"].pk],
            "category": "remote_hardware",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:requests")
    assert not Ticket.objects.exists()
    deflection = Deflection.objects.get()
    assert (deflection.user, deflection.school, deflection.article) == (
        teacher,
        school,
        articles["touch"],
    )
    assert deflection.text == "Le tableau ne répond plus\nDepuis lundi en 3B."
    assert deflection.device_model == articles["device"].model
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Aucune demande n'a été envoyée." in page


def test_an_internal_article_cannot_be_claimed(client, teacher, school, articles):
    client.force_login(teacher)
    response = client.post(
        reverse("portal:kb_deflect"), {"school": school.pk, "article": articles["internal"].pk}
    )
    assert response.status_code == 404
    assert not Deflection.objects.exists()


def test_a_device_of_another_school_does_not_count(client, teacher, school, other_school, articles):
    foreign = make_device(other_school, category="interactive_display")
    client.force_login(teacher)
    client.post(
        reverse("portal:kb_deflect"),
        {"school": school.pk, "article": articles["wifi"].pk, "devices": [foreign.pk]},
    )
    assert Deflection.objects.get().device_model is None


def test_staff_cannot_use_the_school_endpoints(client, agent_fr, articles):
    client.force_login(agent_fr)
    assert suggest(client, subject="tableau").status_code == 403
    response = client.post(reverse("portal:kb_deflect"), {"article": articles["wifi"].pk})
    assert response.status_code == 403


def test_the_deflection_rate_counts_deflections_against_portal_requests(
    client, teacher, school, articles, supervisor
):
    client.force_login(teacher)
    for article in ("touch", "wifi", "sound"):
        client.post(
            reverse("portal:kb_deflect"), {"school": school.pk, "article": articles[article].pk}
        )
    make_ticket(teacher)
    make_ticket(teacher, channel=Channel.EMAIL)  # not a portal request
    figures = deflection_figures(Period.last_days(30))
    assert (figures.deflections, figures.requests, figures.rate) == (3, 1, 0.75)
    client.force_login(supervisor)
    report = client.get(reverse("desk:kb_report")).content.decode()
    assert "75,0 %" in report or "75.0 %" in report
