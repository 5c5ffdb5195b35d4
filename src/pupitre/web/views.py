"""Screens shared by every kind of user: home, language, downloads, errors."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from pupitre.accounts.models import Language, Role
from pupitre.accounts.services import user_set_language
from pupitre.equipment.queries import device_by_label_code
from pupitre.hours.queries import hours_by_school_type
from pupitre.hours.texts import weekly_hours
from pupitre.schools.models import SchoolType
from pupitre.tickets.queries import get_attachment_for_user
from pupitre.web.middleware import second_factor_exempt


def home(request):
    user = request.user
    if user.is_authenticated:
        if user.works_the_desk:
            return redirect("desk:queue")
        if user.is_school_user:
            return redirect("portal:requests")
        if user.role == Role.TECHNICIAN:
            return redirect("desk:today")
        # A role without a workspace of its own: the knowledge base.
        return redirect("kb:home")
    return render(request, "home.html")


def device_label(request, code):
    """Where a device's QR label leads (/d/<code>): the desk's page of the
    device for programme staff, the new-request form with the device chosen
    for school users (after signing in)."""
    device = device_by_label_code(code)
    if device is None:
        raise Http404
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user.works_the_desk:
        return redirect("desk:device", device_id=device.pk)
    if user.is_school_user:
        return redirect(reverse("portal:new") + f"?device={device.pk}")
    raise PermissionDenied


STATEMENT_WRITTEN = date(2026, 11, 26)


@second_factor_exempt
def accessibility(request):
    return render(
        request,
        "accessibility.html",
        {"accessibility_email": settings.ACCESSIBILITY_EMAIL, "written": STATEMENT_WRITTEN},
    )


@second_factor_exempt
def contact(request):
    """How to reach the helpdesk and when, per school type (public)."""
    groups = []
    for calendar, school_types in hours_by_school_type():
        groups.append(
            {
                "school_types": [SchoolType(value).label for value in school_types],
                "hours": weekly_hours(
                    list(calendar.intervals.values_list("weekday", "opens", "closes"))
                ),
            }
        )
    return render(request, "contact.html", {"groups": groups})


@second_factor_exempt
@require_POST
def switch_language(request):
    """Switch the interface language and stay on the same page.

    The choice is remembered in the language cookie and, for a signed-in
    user, as their preferred language (emails follow it too). A page whose
    address carries its language (/fr/kb/…) continues in the new one (/de/kb/…).
    """
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    valid = language in Language.values and check_for_language(language)
    if valid:
        next_url = _in_language(next_url, language)
    response = HttpResponseRedirect(next_url)
    if valid:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
    return response


def _in_language(url: str, language: str) -> str:
    """`url` in `language` when its path carries a language prefix."""
    current = translation.get_language_from_path(url.split("?", 1)[0])
    if not current:
        return url
    # The language prefix is matched against the active language.
    with translation.override(current):
        return translate_url(url, language)


@login_required
def download_attachment(request, attachment_id, filename):
    attachment = get_attachment_for_user(request.user, attachment_id)
    # Always a download, never rendered inline: an uploaded HTML or SVG file
    # must not run in our origin. SecurityMiddleware adds `nosniff`.
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)
