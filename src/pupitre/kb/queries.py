"""Reads of the knowledge base, and the one place that decides who reads what.

- Anyone (signed in or not) reads the published public articles.
- Programme staff also read the internal ones.
- The desk (agents, supervisors, administrators), who write them, also see
  the drafts.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pupitre.accounts.models import Language
from pupitre.equipment.models import DeviceModel
from pupitre.tickets.models import Channel, Ticket

from . import search as kb_search
from .models import (
    Article,
    ArticleCategory,
    ArticleDailyViews,
    ArticleFeedback,
    ArticleFile,
    ArticleRevision,
    ArticleStatus,
    Deflection,
    Kind,
    Visibility,
)

LANGUAGES = [code for code, _label in Language.choices]


def audience_of(user) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return kb_search.PUBLIC
    if user.works_the_desk:
        return kb_search.DESK  # drafts too: the desk writes the articles
    if user.reads_internal_articles:
        return kb_search.STAFF
    return kb_search.PUBLIC


def articles_visible_to(user) -> QuerySet[Article]:
    audience = audience_of(user)
    if audience == kb_search.DESK:
        return Article.objects.all()
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    if audience == kb_search.STAFF:
        return published
    return published.filter(visibility=Visibility.PUBLIC)


def fallback_languages(language: str) -> list[str]:
    return [code for code in LANGUAGES if code != language]


def articles_for_reader(user, language: str) -> QuerySet[Article]:
    """One row per article: the reader's language, else the first other
    language that has it (German and French before English)."""
    visible = articles_visible_to(user)
    condition = Q(language=language)
    before = [language]
    for other in fallback_languages(language):
        in_other = Q(language=other)
        for earlier in before:
            in_other &= ~Q(
                translation_key__in=visible.filter(language=earlier).values("translation_key")
            )
        condition |= in_other
        before.append(other)
    return visible.filter(condition)


@dataclass(frozen=True)
class Reading:
    """What a reader gets at /<language>/kb/articles/<slug>/."""

    article: Article | None  # the article in the language asked for
    redirect_to: Article | None = None  # the same article's address in that language
    available: tuple[Article, ...] = ()  # when missing: the languages it exists in


def article_for_reader(user, language: str, slug: str) -> Reading:
    """The article with this address in `language`; or, when the address is
    the article's in another language, its version in `language` (to
    redirect to) or, when it has none, the versions that exist. 404 when the
    reader may not see any of them."""
    visible = articles_visible_to(user)
    article = visible.filter(language=language, slug=slug).first()
    if article is not None:
        return Reading(article=article)
    elsewhere = visible.filter(slug=slug).order_by("language").first()
    if elsewhere is None:
        raise Http404
    translation = visible.filter(
        translation_key=elsewhere.translation_key, language=language
    ).first()
    if translation is not None:
        return Reading(article=None, redirect_to=translation)
    available = tuple(
        visible.filter(translation_key=elsewhere.translation_key).order_by("language")
    )
    return Reading(article=None, available=available)


def translations_of(user, article: Article) -> list[Article]:
    """The other language versions of `article` the reader may see."""
    return list(
        articles_visible_to(user)
        .filter(translation_key=article.translation_key)
        .exclude(pk=article.pk)
        .only("language", "slug", "title", "status")
        .order_by("language")
    )


def article_files(user, article: Article) -> list[ArticleFile]:
    return list(get_files_visible_to(user).filter(article=article).order_by("id"))


def get_files_visible_to(user) -> QuerySet[ArticleFile]:
    return ArticleFile.objects.filter(article__in=articles_visible_to(user))


def get_file_for_user(user, file_id: int) -> ArticleFile:
    """A file of an article the user may read; 404 otherwise."""
    return get_object_or_404(get_files_visible_to(user).select_related("article"), pk=file_id)


def device_models_with_articles(user, language: str) -> list[tuple[DeviceModel, int]]:
    """Device models that have articles for this reader, with how many."""
    keys = articles_for_reader(user, language).values("pk")
    models = (
        DeviceModel.objects.filter(kb_articles__in=keys)
        .annotate(articles=Count("kb_articles", distinct=True))
        .order_by("category", "manufacturer", "name")
    )
    return [(model, model.articles) for model in models]


def counts_by_kind(user, language: str) -> dict[str, int]:
    rows = articles_for_reader(user, language).values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def counts_by_category(user, language: str) -> dict[str, int]:
    rows = (
        ArticleCategory.objects.filter(article__in=articles_for_reader(user, language))
        .values("category")
        .annotate(n=Count("pk"))
    )
    return {row["category"]: row["n"] for row in rows}


def device_model_sections(user, language: str, model: DeviceModel) -> dict[str, list[Article]]:
    """A device model's page: documentation, procedures, known problems."""
    sections: dict[str, list[Article]] = {kind: [] for kind in Kind.values}
    articles = articles_for_reader(user, language).filter(device_models=model).order_by("title")
    for article in articles.only(*LIST_COLUMNS):
        sections[article.kind].append(article)
    return sections


LIST_COLUMNS = (
    "translation_key",
    "language",
    "title",
    "slug",
    "summary",
    "kind",
    "visibility",
    "status",
    "updated_at",
)


def reader_list(user, language: str, *, kind: str = "", category: str = "") -> QuerySet[Article]:
    articles = articles_for_reader(user, language)
    if kind:
        articles = articles.filter(kind=kind)
    if category:
        articles = articles.filter(categories__category=category)
    return articles.only(*LIST_COLUMNS).order_by("title", "id")


def recent_articles(user, language: str, limit: int = 6) -> list[Article]:
    return list(
        articles_for_reader(user, language)
        .only(*LIST_COLUMNS)
        .order_by("-published_at", "-id")[:limit]
    )


# Desk ---------------------------------------------------------------------


@dataclass(frozen=True)
class DeskFilter:
    text: str = ""
    kind: str = ""
    status: str = ""
    visibility: str = ""
    language: str = ""


def desk_articles(filters: DeskFilter) -> QuerySet[Article]:
    articles = Article.objects.select_related("updated_by").only(
        *LIST_COLUMNS, "updated_by__full_name"
    )
    for name in ("kind", "status", "visibility", "language"):
        value = getattr(filters, name)
        if value:
            articles = articles.filter(**{name: value})
    text = filters.text.strip()
    if text:
        articles = articles.filter(Q(title__icontains=text) | Q(slug__icontains=text))
    return articles.order_by("-updated_at", "-id")


def languages_by_key(keys) -> dict[str, list[Article]]:
    """Every translation of these articles (for "also in" links), one query."""
    rows: dict[str, list[Article]] = {}
    for article in (
        Article.objects.filter(translation_key__in=set(keys))
        .only("translation_key", "language", "status")
        .order_by("language")
    ):
        rows.setdefault(str(article.translation_key), []).append(article)
    return rows


def revisions_of(article: Article) -> list[ArticleRevision]:
    return list(article.revisions.select_related("author").order_by("-number"))


def article_in_language(article: Article, language: str, *, user) -> Article | None:
    """The version of `article` in `language` (or None), for linking."""
    return (
        articles_visible_to(user)
        .filter(translation_key=article.translation_key, language=language)
        .first()
    )


# Reports ------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_default_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    @classmethod
    def last_days(cls, days: int, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(start=today - timedelta(days=days - 1), end=today)


@dataclass(frozen=True)
class DeflectionFigures:
    deflections: int
    requests: int  # requests created on the portal in the period

    @property
    def rate(self) -> float | None:
        total = self.deflections + self.requests
        return self.deflections / total if total else None


def deflection_figures(period: Period) -> DeflectionFigures:
    """Deflections / (deflections + portal requests created) in the period."""
    start, end = period.bounds
    return DeflectionFigures(
        deflections=Deflection.objects.filter(created_at__gte=start, created_at__lt=end).count(),
        requests=Ticket.objects.filter(
            channel=Channel.PORTAL, created_at__gte=start, created_at__lt=end
        ).count(),
    )


@dataclass(frozen=True)
class ArticleFigures:
    article: Article
    views: int
    helpful: int
    not_helpful: int
    deflections: int


def article_figures(period: Period, limit: int = 50) -> list[ArticleFigures]:
    """Views, feedback and deflections per translation in the period, the
    most viewed first (four queries whatever the number of articles)."""
    start, end = period.bounds
    views = dict(
        ArticleDailyViews.objects.filter(day__gte=period.start, day__lte=period.end)
        .values_list("article")
        .annotate(total=Sum("count"))
        .values_list("article", "total")
    )
    feedback: dict[int, list[int]] = {}
    for article_id, helpful, count in (
        ArticleFeedback.objects.filter(created_at__gte=start, created_at__lt=end)
        .values_list("article", "helpful")
        .annotate(n=Count("pk"))
        .values_list("article", "helpful", "n")
    ):
        feedback.setdefault(article_id, [0, 0])[0 if helpful else 1] += count
    deflections = dict(
        Deflection.objects.filter(created_at__gte=start, created_at__lt=end)
        .values_list("article")
        .annotate(n=Count("pk"))
        .values_list("article", "n")
    )
    ids = set(views) | set(feedback) | set(deflections)
    articles = Article.objects.filter(pk__in=ids).only("title", "language", "slug", "status")
    rows = [
        ArticleFigures(
            article=article,
            views=views.get(article.pk, 0),
            helpful=feedback.get(article.pk, [0, 0])[0],
            not_helpful=feedback.get(article.pk, [0, 0])[1],
            deflections=deflections.get(article.pk, 0),
        )
        for article in articles
    ]
    rows.sort(key=lambda row: (-row.views, -row.deflections, row.article.title))
    return rows[:limit]


def recent_comments(period: Period, limit: int = 20) -> list[ArticleFeedback]:
    start, end = period.bounds
    return list(
        ArticleFeedback.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(comment="")
        .select_related("article")
        .only("helpful", "comment", "created_at", "article__title", "article__language")
        .order_by("-created_at")[:limit]
    )


# Links in replies -----------------------------------------------------------


@dataclass(frozen=True)
class LinkChoice:
    """An article an agent can link in a reply: in the requester's language
    when it exists, else in another language (said so)."""

    title: str
    language: str
    slug: str
    snippet: str
    in_requested_language: bool


def link_choices(text: str, language: str, limit: int = 6) -> list[LinkChoice]:
    """Public, published articles for a reply to a school (search results;
    recent articles when nothing is typed)."""
    if text.strip():
        hits = kb_search.search(
            text, language, kb_search.SearchFilters(audience=kb_search.PUBLIC, limit=limit)
        )
        return [
            LinkChoice(hit.title, hit.language, hit.slug, hit.snippet, not hit.fallback)
            for hit in hits
        ]
    articles = (
        articles_for_reader(None, language).only(*LIST_COLUMNS).order_by("-published_at", "-id")
    )
    return [
        LinkChoice(a.title, a.language, a.slug, a.summary, a.language == language)
        for a in articles[:limit]
    ]
