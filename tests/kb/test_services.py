"""kb.services: versions and their history, translations, files, views,
feedback; who may write."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pupitre.core.errors import DomainError
from pupitre.kb import services
from pupitre.kb.models import ArticleDailyViews, ArticleFeedback, ArticleRevision

from ..factories import make_article

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def test_every_save_keeps_a_version_with_who_and_what(agent_fr, agent_de):
    article = make_article(agent_fr, title="Wi-Fi", body="Première version.", publish=False)
    services.article_save(article=article, author=agent_de, title="Wi-Fi", body="Deuxième.")
    services.article_save(
        article=article, author=agent_fr, title="Wi-Fi de l'école", body="Deuxième."
    )
    services.article_publish(article=article, by=agent_de)
    history = list(article.revisions.order_by("number"))
    assert [(r.number, r.author, r.changes) for r in history] == [
        (1, agent_fr, ["created"]),
        (2, agent_de, ["body"]),
        (3, agent_fr, ["title"]),
        (4, agent_de, ["status"]),
    ]
    assert history[0].body == "Première version." and history[1].body == "Deuxième."
    assert history[3].status == "published"


def test_a_save_that_changes_nothing_writes_no_version(agent_fr):
    article = make_article(agent_fr, title="Wi-Fi", body="Texte.")
    assert (
        services.article_save(article=article, author=agent_fr, title="Wi-Fi", body="Texte.") == []
    )
    assert article.revisions.count() == 1


def test_a_translation_shares_the_key_and_what_describes_the_article(agent_fr):
    french = make_article(agent_fr, title="Projecteur", kind="hardware", categories=["onsite"])
    german = services.article_create(
        author=agent_fr, language="de", title="Beamer", body="", translation_of=french
    )
    assert german.translation_key == french.translation_key
    assert (german.kind, german.visibility) == ("hardware", "public")
    assert list(german.categories.values_list("category", flat=True)) == ["onsite"]
    with pytest.raises(DomainError) as refused:
        services.article_create(
            author=agent_fr, language="de", title="Noch einmal", body="", translation_of=french
        )
    assert refused.value.code == "translation_exists"


def test_visibility_changed_on_one_translation_applies_to_all_and_is_recorded(agent_fr):
    french = make_article(agent_fr, title="Odoo")
    german = services.article_create(
        author=agent_fr, language="de", title="Odoo", body="", translation_of=french
    )
    services.article_save(
        article=french, author=agent_fr, title="Odoo", body="", visibility="internal"
    )
    german.refresh_from_db()
    assert german.visibility == "internal"
    assert german.revisions.order_by("-number").first().changes == ["visibility"]


def test_only_the_desk_writes_articles(teacher, agent_fr):
    with pytest.raises(DomainError):
        make_article(teacher, title="Pas moi")
    article = make_article(agent_fr, title="Moi")
    with pytest.raises(DomainError):
        services.article_publish(article=article, by=teacher)


def test_the_slug_stays_when_the_title_changes_and_is_unique_per_language(agent_fr):
    first = make_article(agent_fr, title="Wi-Fi lent")
    second = make_article(agent_fr, title="Wi-Fi lent")
    german = make_article(agent_fr, language="de", title="Wi-Fi lent")
    assert (first.slug, second.slug, german.slug) == ("wi-fi-lent", "wi-fi-lent-2", "wi-fi-lent")
    services.article_save(article=first, author=agent_fr, title="Wi-Fi très lent", body="")
    first.refresh_from_db()
    assert first.slug == "wi-fi-lent"


def test_images_and_pdfs_are_accepted_by_their_content_not_their_name(agent_fr):
    article = make_article(
        agent_fr,
        title="Ports",
        files=[
            SimpleUploadedFile("ports.png", PNG, "image/png"),
            SimpleUploadedFile("manuel.pdf", b"%PDF-1.7 manual", "application/pdf"),
        ],
    )
    assert sorted(article.files.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]
    with pytest.raises(DomainError) as refused:
        make_article(
            agent_fr,
            title="Piège",
            files=[SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", "image/png")],
        )
    assert refused.value.field == "files"


def test_removing_a_file_is_a_new_version(agent_fr):
    article = make_article(
        agent_fr, title="Ports", files=[SimpleUploadedFile("p.png", PNG, "image/png")]
    )
    services.article_file_remove(file=article.files.get(), by=agent_fr)
    assert not article.files.exists()
    assert article.revisions.order_by("-number").first().changes == ["files"]


def test_views_are_one_counter_row_per_article_and_day(agent_fr):
    article = make_article(agent_fr, title="Compté")
    for _ in range(3):
        services.article_view_count(article=article)
    assert list(ArticleDailyViews.objects.values_list("count", flat=True)) == [3]


def test_feedback_is_recorded_only_for_an_article_the_reader_may_see(agent_fr, teacher):
    public = make_article(agent_fr, title="Public")
    internal = make_article(agent_fr, title="Interne", visibility="internal")
    services.article_feedback_record(
        article=public, helpful=False, comment=" Étape 2 ? ", user=teacher
    )
    assert ArticleFeedback.objects.get().comment == "Étape 2 ?"
    with pytest.raises(DomainError):
        services.article_feedback_record(article=internal, helpful=True, user=teacher)
    with pytest.raises(DomainError):
        services.article_feedback_record(article=public, helpful=True, comment="x" * 2001)


def test_the_first_version_is_kept_whatever_follows(agent_fr):
    article = make_article(agent_fr, title="Brouillon", body="v1", publish=False)
    for number in range(2, 5):
        services.article_save(
            article=article, author=agent_fr, title="Brouillon", body=f"v{number}"
        )
    assert list(
        ArticleRevision.objects.filter(article=article)
        .order_by("number")
        .values_list("body", flat=True)
    ) == ["v1", "v2", "v3", "v4"]


def test_reindexing_rebuilds_a_lost_index(agent_fr):
    from io import StringIO

    from django.core.management import call_command

    from pupitre.kb.search import SearchFilters, search, unindex_article

    article = make_article(agent_fr, title="Chariot de recharge", body="Brancher le chariot.")
    unindex_article(article.pk)  # as after restoring the articles without their index
    assert search("chariot", "fr", SearchFilters()) == []
    output = StringIO()
    call_command("kb_reindex", stdout=output)
    assert "1 article versions reindexed" in output.getvalue()
    assert [hit.title for hit in search("chariot", "fr", SearchFilters())] == [article.title]
