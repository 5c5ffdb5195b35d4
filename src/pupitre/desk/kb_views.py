"""The knowledge base at the desk: the articles, the editor with its live
preview, the history of versions, the report, and the article picker of a
ticket's reply."""

import difflib

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.accounts.models import Language
from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.kb import markdown, queries, services
from pupitre.kb.models import Article, ArticleFile, Kind
from pupitre.tickets.models import MessageKind
from pupitre.tickets.queries import get_ticket_for_user, timeline_for
from pupitre.web.access import desk_user_required, supervisor_required
from pupitre.web.forms import add_domain_error

from .kb_forms import ArticleForm, DeskArticleFilterForm, PeriodForm
from .presenters import plain_fields

REPORT_DAYS = 30


@desk_user_required
def article_list(request):
    form = DeskArticleFilterForm(request.GET or None)
    filters = queries.DeskFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.DeskFilter(
            text=data["q"],
            kind=data["kind"],
            status=data["status"],
            visibility=data["visibility"],
            language=data["language"],
        )
    page = Paginator(queries.desk_articles(filters), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    versions = queries.languages_by_key(article.translation_key for article in page.object_list)
    rows = [
        (article, [v for v in versions.get(str(article.translation_key), []) if v.pk != article.pk])
        for article in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "desk/kb/articles.html",
        {
            "filters": plain_fields(form),
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "can_report": request.user.configures_the_service,
        },
    )


@desk_user_required
def article_new(request):
    source = request.POST if request.method == "POST" else request.GET
    translation_of = _article_or_none(source.get("translation_of"))
    ticket = None
    if source.get("ticket"):
        ticket = get_ticket_for_user(request.user, source["ticket"])
    if request.method == "POST":
        form = ArticleForm(
            request.POST, request.FILES, creating=True, translation=translation_of is not None
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                article = services.article_create(
                    author=request.user,
                    language=data["language"],
                    title=data["title"],
                    summary=data["summary"],
                    body=data["body"],
                    kind=data.get("kind", ""),
                    visibility=data.get("visibility", ""),
                    categories=data.get("categories", []),
                    device_models=list(data.get("device_models", [])),
                    translation_of=translation_of,
                    files=data["files"],
                    publish="publish" in request.POST,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if article.is_published:
                    messages.success(request, _("Article published."))
                else:
                    messages.success(request, _("Article saved as a draft."))
                return redirect("desk:kb_edit", pk=article.pk)
    else:
        initial = _initial_from_ticket(request.user, ticket) if ticket else {}
        if translation_of is not None:
            initial["language"] = source.get("language") or _other_language(translation_of)
        form = ArticleForm(initial=initial, creating=True, translation=translation_of is not None)
    return render(
        request,
        "desk/kb/edit.html",
        {
            "form": form,
            "article": None,
            "translation_of": translation_of,
            "ticket": ticket,
            "preview": markdown.render(form["body"].value() or ""),
        },
        status=400 if form.is_bound else 200,
    )


@desk_user_required
def article_edit(request, pk):
    article = get_object_or_404(Article, pk=pk)
    if request.method == "POST":
        form = ArticleForm(request.POST, request.FILES, creating=False)
        if form.is_valid():
            data = form.cleaned_data
            try:
                changes = services.article_save(
                    article=article,
                    author=request.user,
                    title=data["title"],
                    summary=data["summary"],
                    body=data["body"],
                    kind=data["kind"],
                    visibility=data["visibility"],
                    categories=data["categories"],
                    device_models=list(data["device_models"]),
                    files=data["files"],
                    publish="publish" in request.POST,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if "publish" in request.POST:
                    messages.success(request, _("Article published."))
                elif changes:
                    messages.success(request, _("New version saved."))
                else:
                    messages.info(request, _("Nothing changed: no new version."))
                return redirect("desk:kb_edit", pk=article.pk)
    else:
        form = ArticleForm(
            initial={
                "title": article.title,
                "summary": article.summary,
                "body": article.body,
                "kind": article.kind,
                "visibility": article.visibility,
                "categories": list(article.categories.values_list("category", flat=True)),
                "device_models": list(article.device_models.values_list("pk", flat=True)),
            },
            creating=False,
        )
    versions = queries.languages_by_key([article.translation_key]).get(
        str(article.translation_key), []
    )
    present = {version.language for version in versions}
    return render(
        request,
        "desk/kb/edit.html",
        {
            "form": form,
            "article": article,
            "versions": [version for version in versions if version.pk != article.pk],
            "missing_languages": [
                (code, label) for code, label in _language_choices() if code not in present
            ],
            "files": list(article.files.order_by("id")),
            "reader_url": _reader_url(article),
            "preview": markdown.render(form["body"].value() or ""),
            "revision_count": article.revisions.count(),
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
@desk_user_required
def article_status(request, pk):
    article = get_object_or_404(Article, pk=pk)
    action = request.POST.get("action")
    change = {"publish": services.article_publish, "unpublish": services.article_unpublish}.get(
        action
    )
    if change is None:
        messages.error(request, _("This action is not available."))
        return redirect("desk:kb_edit", pk=article.pk)
    try:
        change(article=article, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if action == "publish":
            messages.success(request, _("Article published."))
        else:
            messages.success(request, _("Article withdrawn: it is a draft again."))
    return redirect("desk:kb_edit", pk=article.pk)


@require_POST
@desk_user_required
def preview(request):
    """The Markdown being written, rendered as readers will see it (htmx)."""
    return render(
        request,
        "desk/kb/_preview.html",
        {"preview": markdown.render(request.POST.get("body", "")[:200_000])},
    )


@require_POST
@desk_user_required
def file_remove(request, pk):
    file = get_object_or_404(ArticleFile, pk=pk)
    try:
        services.article_file_remove(file=file, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("File removed."))
    return redirect("desk:kb_edit", pk=file.article_id)


@desk_user_required
def history(request, pk):
    article = get_object_or_404(Article, pk=pk)
    revisions = queries.revisions_of(article)
    compared = None
    number = parse_id(request.GET.get("version"))
    if number is not None:
        by_number = {revision.number: revision for revision in revisions}
        current = by_number.get(number)
        if current is not None:
            previous = by_number.get(current.number - 1)
            compared = {
                "revision": current,
                "previous": previous,
                "title_changed": previous is not None and previous.title != current.title,
                "lines": _diff(previous.body if previous else "", current.body),
            }
    return render(
        request,
        "desk/kb/history.html",
        {
            "article": article,
            "revisions": [(revision, _change_labels(revision.changes)) for revision in revisions],
            "compared": compared,
        },
    )


@supervisor_required
def report(request):
    period = queries.Period.last_days(REPORT_DAYS)
    form = PeriodForm(request.GET or None, initial={"start": period.start, "end": period.end})
    if form.is_bound and form.is_valid():
        period = queries.Period(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    figures = queries.deflection_figures(period)
    return render(
        request,
        "desk/kb/report.html",
        {
            "form": form,
            "period": period,
            "figures": figures,
            "rate": None if figures.rate is None else round(figures.rate * 100, 1),
            "articles": queries.article_figures(period),
            "comments": queries.recent_comments(period),
        },
    )


@desk_user_required
def ticket_picker(request, number):
    """Articles to link in a reply, in the requester's language (htmx)."""
    ticket = get_ticket_for_user(request.user, number)
    text = request.GET.get("q")
    if text is None:
        text = ticket.subject
    choices = queries.link_choices(text, ticket.language)
    base = settings.PUPITRE_BASE_URL
    items = [
        {
            "choice": choice,
            "link": f"{choice.title}: {base}{_reader_url_for(choice.language, choice.slug)}",
        }
        for choice in choices
    ]
    template = "desk/kb/_picker_results.html" if "q" in request.GET else "desk/kb/_picker.html"
    return render(
        request,
        template,
        {
            "ticket": ticket,
            "q": text,
            "items": items,
        },
    )


# Helpers -------------------------------------------------------------------


def _article_or_none(pk):
    if not pk:
        return None
    article_id = parse_id(pk)
    if article_id is None:
        raise Http404
    return get_object_or_404(Article, pk=article_id)


def _language_choices():
    return Language.choices


def _other_language(article: Article) -> str:
    return "de" if article.language != "de" else "fr"


def _reader_url(article: Article) -> str:
    return _reader_url_for(article.language, article.slug)


def _reader_url_for(language: str, slug: str) -> str:
    with translation.override(language):
        return reverse("kb:article", args=[slug])


def _initial_from_ticket(user, ticket) -> dict:
    """A draft from a solved request: its subject, what the school said and
    the helpdesk's last answer, in the request's language."""
    entries = timeline_for(user, ticket)
    replies = [entry for entry in entries if entry.kind == MessageKind.REPLY]
    question = replies[0].body if replies else ""
    answers = [entry for entry in replies if entry.from_staff]
    with translation.override(ticket.language):
        parts = [
            "## " + _("The problem"),
            question,
            "## " + _("The solution"),
            answers[-1].body if answers else _("Steps that solved it."),
        ]
    return {
        "language": ticket.language,
        "title": ticket.subject,
        "body": "\n\n".join(parts),
        "kind": Kind.PROBLEM,
        "categories": [ticket.category],
        "device_models": list(ticket.devices.values_list("model_id", flat=True).distinct()),
    }


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    lines = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(("gap", "…"))
        elif line.startswith("+"):
            lines.append(("ins", line[1:]))
        elif line.startswith("-"):
            lines.append(("del", line[1:]))
        else:
            lines.append(("same", line[1:]))
    return lines


def _change_labels(changes: list[str]) -> list[str]:
    labels = {
        "created": _("created"),
        "title": _("title"),
        "summary": _("summary"),
        "body": _("text"),
        "kind": _("kind"),
        "visibility": _("visibility"),
        "status": _("status"),
        "device_models": _("device models"),
        "categories": _("service categories"),
        "files": _("files"),
    }
    return [str(labels.get(name, name)) for name in changes]
