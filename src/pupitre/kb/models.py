"""The knowledge base: articles in several languages, their history, files,
readers' feedback and views, and the requests they solved (deflections).

An article is one row per language; the rows of one article share a
`translation_key` (as wagtail's TranslatableMixin does). What describes the
article as a whole (kind, visibility, device models, service categories) is
kept identical on every translation by `kb.services`.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Language
from pupitre.equipment.models import DeviceModel
from pupitre.schools.models import School
from pupitre.tickets.models import ServiceCategory


class Kind(models.TextChoices):
    HARDWARE = "hardware", _("Hardware documentation")
    PROBLEM = "problem", _("Solution to a frequent problem")
    PROCEDURE = "procedure", _("Configuration procedure")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (programme staff only)")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    """One language version of an article."""

    translation_key = models.UUIDField(_("translation key"), db_index=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    # Set once, from the first title: links to an article keep working.
    slug = models.SlugField(_("address"), max_length=220)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text (Markdown)"), blank=True)
    # Rendered and sanitised when saved (kb/markdown.py), never at display time.
    body_html = models.TextField(_("rendered text"), blank=True, editable=False)
    body_text = models.TextField(_("plain text"), blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    device_models = models.ManyToManyField(
        DeviceModel, related_name="kb_articles", blank=True, verbose_name=_("device models")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "language"], name="kb_article_one_per_language"
            ),
            models.UniqueConstraint(fields=["language", "slug"], name="kb_article_unique_slug"),
        ]
        indexes = [
            models.Index(
                fields=["language", "status", "visibility", "title"], name="kb_article_list_idx"
            ),
            models.Index(fields=["-updated_at", "id"], name="kb_article_updated_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class ArticleCategory(models.Model):
    """A service category (tickets.ServiceCategory) an article belongs to."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="categories", verbose_name=_("article")
    )
    category = models.CharField(
        _("service category"), max_length=20, choices=ServiceCategory.choices
    )

    class Meta:
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "category"], name="kb_article_category_unique"
            )
        ]
        indexes = [models.Index(fields=["category", "article"], name="kb_category_idx")]

    def __str__(self):
        return f"{self.article_id} {self.category}"


class ArticleRevision(models.Model):
    """A saved version of one translation: who, when, what changed."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text (Markdown)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    status = models.CharField(_("status"), max_length=10, choices=ArticleStatus.choices)
    # Names of the fields this save changed ("created" for the first one).
    changes = models.JSONField(_("changes"), default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("date"))

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="kb_revision_unique_number")
        ]

    def __str__(self):
        return f"{self.article_id} v{self.number}"


class ArticleFile(models.Model):
    """An image or a PDF uploaded with a translation of an article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="files", verbose_name=_("article")
    )
    file = models.FileField(_("file"), upload_to="kb/%Y/%m/", max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=50)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("article file")
        verbose_name_plural = _("article files")
        ordering = ["id"]

    def __str__(self):
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ArticleFeedback(models.Model):
    """A reader's answer to "Was this helpful?"."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("article")
    )
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reader"),
    )
    created_at = models.DateTimeField(_("date"))

    class Meta:
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["article", "created_at"], name="kb_feedback_idx")]

    def __str__(self):
        return f"{self.article_id} {'+' if self.helpful else '-'}"


class ArticleDailyViews(models.Model):
    """Views of a translation on one day: one counter row, incremented with
    one UPDATE per view."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="daily_views", verbose_name=_("article")
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("article views")
        verbose_name_plural = _("article views")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="kb_views_one_row_per_day")
        ]
        indexes = [models.Index(fields=["day", "article"], name="kb_views_day_idx")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.count}"


class Deflection(models.Model):
    """A request that was not sent: an article suggested while the school
    user typed it solved the problem."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="deflections", verbose_name=_("article")
    )
    text = models.TextField(_("text typed"), blank=True)
    device_model = models.ForeignKey(
        DeviceModel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("device model"),
    )
    created_at = models.DateTimeField(_("date"), db_index=True)

    class Meta:
        verbose_name = _("solved without a request")
        verbose_name_plural = _("solved without a request")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.school_id} {self.article_id} {self.created_at:%Y-%m-%d}"


class SearchTerm(models.Model):
    """A word of the indexed articles (lower case, accents folded): the
    vocabulary that corrects a typo in a search to the nearest known word."""

    term = models.CharField(_("term"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.term


class ArticleSearchDocument(models.Model):
    """PostgreSQL's full-text document of one translation (GIN-indexed, see
    migration 0002; written by kb.search.index_articles). Unused on SQLite,
    where the FTS5 table `kb_article_fts` plays this part."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("article"),
    )
    translation_key = models.UUIDField(_("translation key"), null=True)
    # Title, summary and filter words: the narrow tiers search only these.
    heading = SearchVectorField(_("search heading"), null=True)
    # The same and the body.
    document = SearchVectorField(_("search document"), null=True)

    class Meta:
        db_table = "kb_article_search"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return str(self.article_id)
