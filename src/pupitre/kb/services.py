"""Every change to the knowledge base goes through these functions.

Writers are the desk's users (agents, supervisors, administrators). Each
save of a translation writes an `ArticleRevision` (who, when, which fields)
and rewrites the article's search index entry in the same transaction.
"""

import uuid
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Language, User
from pupitre.core.errors import DomainError
from pupitre.core.filenames import filename_from_path
from pupitre.core.validation import check_choice, check_file_sizes
from pupitre.equipment.models import DeviceModel
from pupitre.schools.models import School
from pupitre.schools.queries import check_school_member
from pupitre.tickets.models import ServiceCategory

from . import markdown, search
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
from .queries import articles_visible_to

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 300
COMMENT_MAX_LENGTH = 2000
MAX_FILES_PER_SAVE = 10
# What the knowledge base accepts, recognised by the file's first bytes
# (the name and the browser's content type are not trusted).
FILE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
# Fields that describe the article as a whole: the same on every translation.
SHARED_FIELDS = ("kind", "visibility")


def article_create(
    *,
    author: User,
    language: str,
    title: str,
    body: str,
    kind: str = "",
    visibility: str = Visibility.PUBLIC,
    summary: str = "",
    device_models: Sequence[DeviceModel] = (),
    categories: Sequence[str] = (),
    translation_of: Article | None = None,
    files: Sequence = (),
    publish: bool = False,
    translation_key: uuid.UUID | None = None,
) -> Article:
    """A new article, or a new language version of `translation_of` (which
    then gives the kind, visibility, device models and categories)."""
    _check_writer(author)
    check_choice(language, Language, "language")
    title, summary = _clean_title(title), " ".join(summary.split())
    _check_text(title, summary)
    if translation_of is not None:
        kind, visibility = translation_of.kind, translation_of.visibility
        device_models = list(translation_of.device_models.all())
        categories = list(translation_of.categories.values_list("category", flat=True))
        translation_key = translation_of.translation_key
        if Article.objects.filter(translation_key=translation_key, language=language).exists():
            raise DomainError(
                _("This article already exists in that language."),
                code="translation_exists",
                field="language",
            )
    check_choice(kind, Kind, "kind")
    check_choice(visibility, Visibility, "visibility")
    for category in categories:
        check_choice(category, ServiceCategory, "categories")
    _check_files(files)
    now = timezone.now()
    rendered = markdown.render(body)
    with transaction.atomic():
        article = Article(
            translation_key=translation_key or uuid.uuid4(),
            language=language,
            title=title,
            slug=_free_slug(title, language),
            summary=summary,
            body=body,
            body_html=rendered,
            body_text=markdown.plain_text(rendered),
            kind=kind,
            visibility=visibility,
            status=ArticleStatus.PUBLISHED if publish else ArticleStatus.DRAFT,
            created_by=author,
            created_at=now,
            updated_by=author,
            updated_at=now,
            published_at=now if publish else None,
        )
        try:
            with transaction.atomic():
                article.save(force_insert=True)
        except IntegrityError as error:
            raise DomainError(
                _("This article already exists in that language."),
                code="translation_exists",
                field="language",
            ) from error
        article.device_models.set(device_models)
        ArticleCategory.objects.bulk_create(
            ArticleCategory(article=article, category=category) for category in set(categories)
        )
        _store_files(article, files, author, now)
        _record_revision(article, author, ["created"], now)
        search.index_translations(article.translation_key)
    return article


def article_save(
    *,
    article: Article,
    author: User,
    title: str,
    body: str,
    summary: str = "",
    kind: str | None = None,
    visibility: str | None = None,
    device_models: Sequence[DeviceModel] | None = None,
    categories: Sequence[str] | None = None,
    files: Sequence = (),
    publish: bool = False,
) -> list[str]:
    """Save a new version of one translation, published with it when
    `publish` (one transaction: readers never see a half-saved version).
    Kind, visibility, device models and categories apply to every
    translation of the article. Returns the names of the fields that changed
    ("status" when it was published; none: nothing is written)."""
    _check_writer(author)
    title, summary = _clean_title(title), " ".join(summary.split())
    _check_text(title, summary)
    if kind is not None:
        check_choice(kind, Kind, "kind")
    if visibility is not None:
        check_choice(visibility, Visibility, "visibility")
    for category in categories or ():
        check_choice(category, ServiceCategory, "categories")
    _check_files(files)
    now = timezone.now()
    with transaction.atomic():
        # Locked: two agents saving at once get two versions, one after the other.
        article = Article.objects.select_for_update().get(pk=article.pk)
        changes = []
        for name, value in (("title", title), ("summary", summary), ("body", body)):
            if getattr(article, name) != value:
                setattr(article, name, value)
                changes.append(name)
        if "body" in changes:
            article.body_html = markdown.render(body)
            article.body_text = markdown.plain_text(article.body_html)
        shared = {}
        for name, value in (("kind", kind), ("visibility", visibility)):
            if value is not None and getattr(article, name) != value:
                shared[name] = value
        siblings = list(
            Article.objects.select_for_update()
            .filter(translation_key=article.translation_key)
            .exclude(pk=article.pk)
            .order_by("pk")
        )
        linked = []
        if device_models is not None:
            wanted = {model.pk for model in device_models}
            if wanted != set(article.device_models.values_list("pk", flat=True)):
                linked.append("device_models")
        if categories is not None:
            current = set(article.categories.values_list("category", flat=True))
            if set(categories) != current:
                linked.append("categories")
        if files:
            changes.append("files")
        all_changes = changes + list(shared) + linked
        if publish and article.status != ArticleStatus.PUBLISHED:
            all_changes.append("status")
            article.status = ArticleStatus.PUBLISHED
            article.published_at = article.published_at or now
        if not all_changes:
            return []
        for target in [article, *siblings]:
            for name, value in shared.items():
                setattr(target, name, value)
            if device_models is not None and "device_models" in linked:
                target.device_models.set(device_models)
            if categories is not None and "categories" in linked:
                target.categories.all().delete()
                ArticleCategory.objects.bulk_create(
                    ArticleCategory(article=target, category=c) for c in set(categories)
                )
        article.updated_by, article.updated_at = author, now
        article.save()
        _store_files(article, files, author, now)
        _record_revision(article, author, all_changes, now)
        sibling_changes = list(shared) + linked
        for sibling in siblings if sibling_changes else ():
            sibling.updated_by, sibling.updated_at = author, now
            sibling.save(update_fields=[*shared, "updated_by", "updated_at"])
            _record_revision(sibling, author, sibling_changes, now)
        search.index_translations(article.translation_key)
    return all_changes


def article_publish(*, article: Article, by: User) -> Article:
    return _set_status(article, ArticleStatus.PUBLISHED, by)


def article_unpublish(*, article: Article, by: User) -> Article:
    """Back to draft: readers no longer see it (nor its files)."""
    return _set_status(article, ArticleStatus.DRAFT, by)


def article_file_remove(*, file: ArticleFile, by: User) -> None:
    _check_writer(by)
    now = timezone.now()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=file.article_id)
        file.delete()
        article.updated_by, article.updated_at = by, now
        article.save(update_fields=["updated_by", "updated_at"])
        _record_revision(article, by, ["files"], now)
    transaction.on_commit(lambda: file.file.delete(save=False))


def article_view_count(*, article: Article, day=None) -> None:
    """One more view today: one UPDATE (an INSERT first on the day's first view)."""
    day = day or timezone.localdate()
    counter = ArticleDailyViews.objects.filter(article=article, day=day)
    if counter.update(count=F("count") + 1):
        return
    ArticleDailyViews.objects.bulk_create(
        [ArticleDailyViews(article=article, day=day, count=0)], ignore_conflicts=True
    )
    counter.update(count=F("count") + 1)


def article_feedback_record(
    *, article: Article, helpful: bool, comment: str = "", user: User | None = None
) -> ArticleFeedback:
    """A reader's "Was this helpful?" answer, with an optional comment."""
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise DomainError(
            _("The comment is too long (at most %(max)d characters).")
            % {"max": COMMENT_MAX_LENGTH},
            code="too_long",
            field="comment",
        )
    if not articles_visible_to(user).filter(pk=article.pk).exists():
        raise DomainError(_("This article is not available."), code="not_visible")
    return ArticleFeedback.objects.create(
        article=article,
        helpful=helpful,
        comment=comment,
        user=user if user is not None and user.is_authenticated else None,
        created_at=timezone.now(),
    )


def deflection_record(
    *,
    user: User,
    school: School,
    article: Article,
    text: str,
    device_model: DeviceModel | None = None,
) -> Deflection:
    """A school user's problem was solved by `article`: no request is sent."""
    check_school_member(user, school, field="school")
    if not articles_visible_to(user).filter(pk=article.pk).exists():
        raise DomainError(_("This article is not available."), code="not_visible")
    return Deflection.objects.create(
        user=user,
        school=school,
        article=article,
        text=text.strip()[:5000],
        device_model=device_model,
        created_at=timezone.now(),
    )


def articles_reindex(*, ids: Iterable[int] | None = None) -> int:
    """Rebuild the search index (all articles, or these). Returns the count."""
    ids = list(ids) if ids is not None else list(Article.objects.values_list("pk", flat=True))
    with transaction.atomic():
        search.index_articles(ids)
    return len(ids)


# Internals ---------------------------------------------------------------


def _set_status(article: Article, status: str, by: User) -> Article:
    _check_writer(by)
    now = timezone.now()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.status == status:
            return article
        article.status = status
        if status == ArticleStatus.PUBLISHED and article.published_at is None:
            article.published_at = now
        article.updated_by, article.updated_at = by, now
        article.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
        _record_revision(article, by, ["status"], now)
        search.index_translations(article.translation_key)
    return article


def _record_revision(article: Article, author: User, changes: list[str], now) -> ArticleRevision:
    last = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        title=article.title,
        summary=article.summary,
        body=article.body,
        kind=article.kind,
        visibility=article.visibility,
        status=article.status,
        changes=changes,
        author=author,
        created_at=now,
    )


def _free_slug(title: str, language: str) -> str:
    base = slugify(title)[:200] or "article"
    taken = set(
        Article.objects.filter(language=language, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _clean_title(title: str) -> str:
    return " ".join(title.split())


def _check_text(title: str, summary: str) -> None:
    if not title:
        raise DomainError(_("Please give the article a title."), code="required", field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise DomainError(
            _("The title is too long (at most %(max)d characters).") % {"max": TITLE_MAX_LENGTH},
            code="too_long",
            field="title",
        )
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise DomainError(
            _("The summary is too long (at most %(max)d characters).")
            % {"max": SUMMARY_MAX_LENGTH},
            code="too_long",
            field="summary",
        )


def _check_writer(user: User) -> None:
    if not user.works_the_desk:
        raise DomainError(_("Only the helpdesk's agents can write articles."), code="not_allowed")


def _check_files(files: Sequence) -> None:
    if len(files) > MAX_FILES_PER_SAVE:
        raise DomainError(
            _("At most %(count)d files can be added at once.") % {"count": MAX_FILES_PER_SAVE},
            code="too_many_files",
            field="files",
        )
    check_file_sizes(files, "files")
    for upload in files:
        if _content_type(upload) is None:
            raise DomainError(
                _("The file %(name)s is not an image (PNG, JPEG, GIF) or a PDF document.")
                % {"name": upload.name},
                code="file_type",
                field="files",
            )


def _content_type(upload) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in FILE_SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _store_files(article: Article, files: Sequence, author: User, now) -> None:
    for upload in files:
        filename = filename_from_path(upload.name or "")
        upload.name = filename  # stored under it too: the name fits a file system
        ArticleFile.objects.create(
            article=article,
            file=upload,
            filename=filename,
            size=upload.size,
            content_type=_content_type(upload),
            uploaded_by=author,
            uploaded_at=now,
        )
