"""Headers every page carries: no caching of what a signed-in person sees,
and a strict Content-Security-Policy on HTML pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import make_article

pytestmark = pytest.mark.django_db


def article_url(article):
    with translation.override(article.language):
        return reverse("kb:article", args=[article.slug])


@pytest.mark.parametrize("url_name", ["portal:requests", "home", "contact"])
def test_pages_seen_signed_in_are_private_and_not_stored(client, teacher, url_name):
    client.force_login(teacher)
    response = client.get(reverse(url_name), follow=True)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_desk_pages_of_staff_are_private_and_not_stored(client, agent_fr):
    client.force_login(agent_fr)
    response = client.get(reverse("desk:queue"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}


def test_a_public_article_read_without_signing_in_stays_cacheable(client, agent_fr):
    article = make_article(agent_fr, title="Calibrer l'écran", body="Texte")
    client.logout()
    response = client.get(article_url(article))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


def test_the_same_article_read_signed_in_is_not_stored(client, agent_fr, teacher):
    article = make_article(agent_fr, title="Calibrer l'écran", body="Texte")
    client.force_login(teacher)
    response = client.get(article_url(article))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
