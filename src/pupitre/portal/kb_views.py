"""The knowledge base for readers (anyone, signed in or not), and the
suggestions beside a school's new request.

The reading pages live under a language prefix (`/de/kb/…`, `/fr/kb/…`):
the language of the address is the language of the page and of the articles.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id, parse_ids
from pupitre.equipment.models import Category, DeviceModel
from pupitre.equipment.queries import device_models_among, devices_of_school
from pupitre.kb import queries, services
from pupitre.kb.models import Article, Kind
from pupitre.kb.search import SearchFilters, search
from pupitre.schools.queries import schools_of
from pupitre.tickets.models import ServiceCategory
from pupitre.web.access import school_user_required

from .kb_forms import FeedbackForm, SearchForm

SUGGESTIONS = 3


def _language() -> str:
    return translation.get_language()


def home(request):
    user, language = request.user, _language()
    counts = queries.counts_by_kind(user, language)
    by_category = queries.counts_by_category(user, language)
    models = queries.device_models_with_articles(user, language)
    groups: dict[str, list] = {}
    for model, count in models:
        groups.setdefault(Category(model.category).label, []).append((model, count))
    return render(
        request,
        "kb/home.html",
        {
            "kinds": [(value, label, counts.get(value, 0)) for value, label in Kind.choices],
            "categories": [
                (value, label, by_category.get(value, 0))
                for value, label in ServiceCategory.choices
                if by_category.get(value)
            ],
            "model_groups": list(groups.items()),
            "recent": queries.recent_articles(user, language),
        },
    )


def search_page(request):
    user, language = request.user, _language()
    models = [model for model, _count in queries.device_models_with_articles(user, language)]
    form = SearchForm(request.GET or None, device_models=models)
    hits, searched = [], False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        searched = bool(data["q"].strip())
        hits = search(
            data["q"],
            language,
            SearchFilters(
                audience=queries.audience_of(user),
                kind=data["kind"],
                device_model=data["model"].pk if data["model"] else None,
                limit=20,
            ),
        )
    return render(
        request,
        "kb/search.html",
        {"form": form, "hits": hits, "searched": searched},
    )


def kind_list(request, kind):
    if kind not in Kind.values:
        raise Http404
    return _list_page(
        request, Kind(kind).label, queries.reader_list(request.user, _language(), kind=kind)
    )


def category_list(request, category):
    if category not in ServiceCategory.values:
        raise Http404
    articles = queries.reader_list(request.user, _language(), category=category)
    return _list_page(request, ServiceCategory(category).label, articles)


def _list_page(request, heading, articles):
    page = Paginator(articles, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "kb/list.html",
        {"heading": heading, "page": page},
    )


def device_model(request, pk):
    model = get_object_or_404(DeviceModel, pk=pk)
    sections = queries.device_model_sections(request.user, _language(), model)
    titles = {
        Kind.HARDWARE: _("Documentation"),
        Kind.PROCEDURE: _("Procedures"),
        Kind.PROBLEM: _("Known problems"),
    }
    return render(
        request,
        "kb/device_model.html",
        {
            "model": model,
            "category": Category(model.category).label,
            "sections": [(kind, titles[kind], sections[kind]) for kind in titles],
            "empty": not any(sections.values()),
        },
    )


def article(request, slug, feedback_form=None, status=200):
    user, language = request.user, _language()
    reading = queries.article_for_reader(user, language, slug)
    if reading.redirect_to is not None:
        return redirect(_article_url(reading.redirect_to))
    if reading.article is None:
        return render(
            request,
            "kb/missing_translation.html",
            {
                "available": [
                    (item, _article_url(item), translation.get_language_info(item.language))
                    for item in reading.available
                ],
            },
        )
    item = reading.article
    if item.is_published and request.method == "GET":
        services.article_view_count(article=item)
    translations = [
        (other, _article_url(other), translation.get_language_info(other.language))
        for other in queries.translations_of(user, item)
    ]
    rated = item.pk in request.session.get(FEEDBACK_SESSION_KEY, [])
    return render(
        request,
        "kb/article.html",
        {
            "article": item,
            "kind_label": Kind(item.kind).label,
            "translations": translations,
            "missing_languages": _missing_languages(item, translations),
            "files": [file for file in queries.article_files(user, item) if not file.is_image],
            "device_models": list(item.device_models.order_by("manufacturer", "name")),
            "feedback_form": feedback_form or FeedbackForm(),
            "rated": rated,
            "can_edit": user.is_authenticated and user.works_the_desk,
        },
        status=status,
    )


FEEDBACK_SESSION_KEY = "kb_feedback"


@require_POST
def feedback(request, slug):
    user, language = request.user, _language()
    reading = queries.article_for_reader(user, language, slug)
    item = reading.article
    if item is None:
        raise Http404
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return article(request, slug, feedback_form=form, status=400)
    try:
        services.article_feedback_record(
            article=item,
            helpful=form.cleaned_data["helpful"] == "yes",
            comment=form.cleaned_data["comment"],
            user=user if user.is_authenticated else None,
        )
    except DomainError as error:
        form.add_error("comment", str(error.message))
        return article(request, slug, feedback_form=form, status=400)
    rated = request.session.get(FEEDBACK_SESSION_KEY, [])
    request.session[FEEDBACK_SESSION_KEY] = [*rated, item.pk][-200:]
    messages.success(request, _("Thank you for your feedback."))
    return redirect(_article_url(item) + "#feedback")


def download_file(request, file_id, filename):
    """A file of an article: images shown in the page, PDFs as downloads.
    Files of internal articles only for programme staff, of drafts only for
    the desk (404 otherwise, like a file that does not exist)."""
    file = queries.get_file_for_user(request.user, file_id)
    response = FileResponse(
        file.file.open("rb"),
        as_attachment=not file.is_image,
        filename=file.filename,
        content_type=file.content_type,
    )
    # Only raster images (checked on upload) are shown inline; nothing served
    # here may run a script in our origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not file.article.is_public or not file.article.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def _article_url(item: Article) -> str:
    with translation.override(item.language):
        return reverse("kb:article", args=[item.slug])


def _missing_languages(item, translations):
    present = {item.language} | {other.language for other, _url, _info in translations}
    return [code for code in ("de", "fr") if code not in present]


# Suggestions beside a new request ------------------------------------------


@school_user_required
def suggestions(request):
    """The three best articles for what the school user is typing (htmx)."""
    school = _school_of(request)
    text = _typed_text(request.GET)
    model_ids = _device_model_ids(school, request.GET.getlist("devices"))
    hits = []
    if text.strip():
        hits = search(
            text,
            _language(),
            SearchFilters(
                audience=queries.audience_of(request.user),
                prefer_device_models=tuple(model_ids),
                limit=SUGGESTIONS,
                prefix_last=True,
            ),
        )
    return render(
        request,
        "portal/_kb_suggestions_results.html",
        {"hits": hits, "typed": bool(text.strip())},
    )


@require_POST
@school_user_required
def deflect(request):
    """ "This solved my problem": no request is sent; the deflection is counted."""
    school = _school_of(request)
    article_id = parse_id(request.POST.get("article"))
    if school is None or article_id is None:
        raise Http404
    item = get_object_or_404(queries.articles_visible_to(request.user), pk=article_id)
    model_ids = _device_model_ids(school, request.POST.getlist("devices"))
    try:
        services.deflection_record(
            user=request.user,
            school=school,
            article=item,
            text=_typed_text(request.POST),
            device_model=device_models_among(model_ids[:1]).first(),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("portal:new")
    messages.success(
        request,
        _("We are glad the article “%(title)s” helped. No request was sent.")
        % {"title": item.title},
    )
    return redirect("portal:requests")


def _school_of(request):
    school_id = request.POST.get("school") or request.GET.get("school") or ""
    schools = list(schools_of(request.user))
    for school in schools:
        if str(school.pk) == school_id:
            return school
    return schools[0] if schools else None


def _typed_text(data) -> str:
    return f"{data.get('subject', '')}\n{data.get('description', '')}"[:5000]


def _device_model_ids(school, device_ids) -> list[int]:
    ids = parse_ids(device_ids, limit=20)
    if school is None or not ids:
        return []
    return list(
        devices_of_school(school.pk)
        .filter(pk__in=ids)
        .values_list("model_id", flat=True)
        .distinct()
    )
