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


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_html_pages_carry_a_strict_content_security_policy(client):
    policy = directives(client.get(reverse("contact")))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_ticket_pages_may_load_a_mails_remote_images_once_asked(client, teacher, agent_fr):
    from .factories import make_ticket

    ticket = make_ticket(teacher)
    client.force_login(teacher)
    portal = directives(client.get(reverse("portal:detail", args=[ticket.number])))
    assert portal["img-src"] == "'self' data: https: http:"
    assert portal["script-src"] == "'self'"
    client.force_login(agent_fr)
    desk = directives(client.get(reverse("desk:ticket", args=[ticket.number])))
    assert desk["img-src"] == "'self' data: https: http:"
    # Elsewhere, no image from another site.
    assert directives(client.get(reverse("desk:queue")))["img-src"] == "'self' data:"


def test_htmx_is_configured_to_inject_no_style_and_eval_nothing(client):
    page = client.get(reverse("contact")).content.decode()
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false,'
        '"allowEval":false,"allowScriptTags":false}\'>'
    ) in page
