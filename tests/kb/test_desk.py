"""The knowledge base at the desk: writing with a preview, versions, the
report, linking an article in a reply, a draft from a ticket."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pupitre.kb import services
from pupitre.kb.models import Article, ArticleDailyViews
from pupitre.tickets import services as ticket_services

from ..factories import make_article, make_device, make_ticket
from ..page import texts
from ..querycount import count_queries

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def test_an_agent_writes_a_draft_then_publishes_it(client, agent_fr):
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:kb_new"),
        {
            "language": "fr",
            "title": "Projecteur : voyant orange",
            "summary": "Filtre encrassé.",
            "kind": "problem",
            "visibility": "public",
            "categories": ["remote_hardware"],
            "body": "1. Éteindre\n2. Nettoyer le filtre",
            "files": [SimpleUploadedFile("filtre.png", PNG, "image/png")],
        },
    )
    article = Article.objects.get()
    assert response["Location"] == reverse("desk:kb_edit", args=[article.pk])
    assert (article.status, article.language, article.created_by) == ("draft", "fr", agent_fr)
    assert article.files.get().filename == "filtre.png"
    edit = client.get(response["Location"]).content.decode()
    assert f"![description](/kb/files/{article.files.get().pk}/filtre.png)" in edit
    client.post(reverse("desk:kb_status", args=[article.pk]), {"action": "publish"})
    article.refresh_from_db()
    assert article.status == "published"


def test_saving_an_edit_makes_a_new_version_shown_in_the_history(client, agent_fr, agent_de):
    article = make_article(agent_fr, title="Wi-Fi", body="Ancienne étape.")
    client.force_login(agent_de)
    client.post(
        reverse("desk:kb_edit", args=[article.pk]),
        {"title": "Wi-Fi", "kind": "problem", "visibility": "public", "body": "Nouvelle étape."},
    )
    history = client.get(reverse("desk:kb_history", args=[article.pk]), {"version": 2})
    html = history.content.decode()
    assert "Agent Deutsch" in html and "Agent Français" in html
    assert "+ Nouvelle étape." in html and "- Ancienne étape." in html


def test_a_script_in_the_markdown_never_reaches_the_preview_or_the_page(client, agent_fr):
    client.force_login(agent_fr)
    preview = client.post(reverse("desk:kb_preview"), {"body": "**ok** <script>alert(1)</script>"})
    assert "<strong>ok</strong>" in preview.content.decode()
    assert "<script>alert" not in preview.content.decode()
    article = make_article(agent_fr, title="Piège", body="<script>alert(1)</script>")
    page = client.get(reverse("kb:article", args=[article.slug])).content.decode()
    assert "<script>alert(1)" not in page


def test_a_translation_is_started_from_the_article(client, agent_fr):
    french = make_article(agent_fr, title="Tablette perdue", kind="procedure")
    client.force_login(agent_fr)
    edit = client.get(reverse("desk:kb_edit", args=[french.pk])).content.decode()
    start = f"{reverse('desk:kb_new')}?translation_of={french.pk}&amp;language=de"
    assert start in edit
    client.post(
        reverse("desk:kb_new"),
        {"translation_of": french.pk, "language": "de", "title": "Tablet verloren", "body": "…"},
    )
    german = Article.objects.get(language="de")
    assert (german.translation_key, german.kind) == (french.translation_key, "procedure")


def test_a_draft_is_started_from_a_ticket(client, agent_fr, teacher, school):
    device = make_device(school, category="projector")
    ticket = make_ticket(teacher, subject="Projecteur : voyant orange", devices=[device])
    ticket_services.ticket_reply(ticket=ticket, author=agent_fr, body="Nettoyez le filtre.")
    client.force_login(agent_fr)
    form = client.get(reverse("desk:kb_new"), {"ticket": ticket.number}).content.decode()
    assert 'value="Projecteur : voyant orange"' in form
    assert "Nettoyez le filtre." in form and "## La solution" in form
    assert re.search(rf'name="device_models" value="{device.model_id}"[^>]*checked', form)
    assert re.search(r'value="remote_hardware"[^>]*checked', form)


def test_the_ticket_page_loads_the_article_picker_lazily(client, agent_fr, teacher):
    ticket = make_ticket(teacher)
    client.force_login(agent_fr)
    page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert f'hx-get="{reverse("desk:kb_picker", args=[ticket.number])}"' in page


def test_the_picker_inserts_links_in_the_requesters_language(
    client, agent_de, german_teacher, agent_fr
):
    german = make_article(agent_fr, language="de", title="Beamer verbinden", body="beamer")
    services.article_create(
        author=agent_fr, language="fr", title="Connecter le projecteur", body="projecteur",
        translation_of=german, publish=True,
    )  # fmt: skip
    only_french = make_article(agent_fr, language="fr", title="Beamer : lampe", body="beamer")
    make_article(
        agent_fr, language="de", title="Beamer intern", body="beamer", visibility="internal"
    )
    ticket = make_ticket(german_teacher, subject="Beamer")
    client.force_login(agent_de)
    html = client.get(
        reverse("desk:kb_picker", args=[ticket.number]), {"q": "beamer"}
    ).content.decode()
    assert f"Beamer verbinden: http://127.0.0.1:8000/de/kb/articles/{german.slug}/" in html
    assert f"Beamer : lampe: http://127.0.0.1:8000/fr/kb/articles/{only_french.slug}/" in html
    assert "nur auf Französisch" in html
    # The internal article is no link to give a school.
    assert texts(html, "li") == [
        "Beamer verbinden Link einfügen: Beamer verbinden",
        "Beamer : lampe nur auf Französisch Link einfügen: Beamer : lampe",
    ]


def test_the_report_shows_views_and_feedback_per_article(client, supervisor, agent_fr, teacher):
    article = make_article(agent_fr, title="Wi-Fi lent")
    for _ in range(4):
        services.article_view_count(article=article)
    services.article_feedback_record(article=article, helpful=True, user=teacher)
    services.article_feedback_record(article=article, helpful=False, comment="Trop court.")
    client.force_login(supervisor)
    html = client.get(reverse("desk:kb_report")).content.decode()
    row = html.split("Wi-Fi lent")[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == ["4", "1", "1", "0"]
    assert "Trop court." in html


def test_the_report_is_for_supervisors(client, agent_fr):
    client.force_login(agent_fr)
    assert client.get(reverse("desk:kb_report")).status_code == 403


def test_school_users_cannot_open_the_desk_pages(client, teacher, agent_fr):
    article = make_article(agent_fr, title="x")
    client.force_login(teacher)
    for url in (
        reverse("desk:kb_articles"),
        reverse("desk:kb_new"),
        reverse("desk:kb_edit", args=[article.pk]),
    ):
        assert client.get(url).status_code == 403


def test_desk_list_and_report_run_a_constant_number_of_queries(client, supervisor, agent_fr):
    def add(count):
        for _ in range(count):
            french = make_article(agent_fr, title="Article")
            services.article_create(
                author=agent_fr, language="de", title="Artikel", body="", translation_of=french
            )
            services.article_view_count(article=french)
            services.article_feedback_record(article=french, helpful=True, comment="ok")

    client.force_login(supervisor)
    add(2)
    small = (
        count_queries(client, reverse("desk:kb_articles")),
        count_queries(client, reverse("desk:kb_report")),
    )
    add(10)
    large = (
        count_queries(client, reverse("desk:kb_articles")),
        count_queries(client, reverse("desk:kb_report")),
    )
    assert small == large
    assert ArticleDailyViews.objects.count() == 12
