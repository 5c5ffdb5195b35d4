from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django_htmx.http import HttpResponseClientRedirect
from django_otp.middleware import OTPMiddleware

from pupitre.accounts.queries import has_passed_second_factor, otp_device_cache_name
from pupitre.accounts.second_factor import needs_second_factor
from pupitre.core.config_cache import cached
from pupitre.schools.queries import school_language_of

SESSION_KEY = "pupitre_school_language"


class UserLanguageMiddleware:
    """Speak the signed-in user's language unless they chose one here.

    The language switcher sets the language cookie (and saves the choice as
    the user's preference). Without that cookie, a user sees their preferred
    language; a school user without a preference sees their school's.
    Pages whose address carries a language (/de/kb/…) speak that language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if translation.get_language_from_path(request.path_info):
            return self.get_response(request)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            language = user.language or self._school_language(request, user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)

    @staticmethod
    def _school_language(request, user) -> str:
        if SESSION_KEY not in request.session:
            request.session[SESSION_KEY] = school_language_of(user) or ""
        return request.session[SESSION_KEY]


def second_factor_exempt(view):
    """Mark a view that programme staff may open before their second factor:
    the second-factor pages themselves, sign-out, the language switch and the
    public pages (which show a signed-in person nothing more than a visitor)."""
    view.second_factor_exempt = True
    return view


def _is_exempt(view) -> bool:
    # Django's own sign-in and password-reset views (and the admin's sign-in)
    # are marked `login_not_required`: public pages too.
    return getattr(view, "second_factor_exempt", False) or not getattr(view, "login_required", True)


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, which reads the device that verified the
    session on every request of a staff member, with that device kept in the
    shared cache. Saving or deleting a device forgets it (accounts/apps.py),
    so a removed authenticator app stops verifying at once."""

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        return cached(
            otp_device_cache_name(persistent_id),
            lambda: super(CachedOTPMiddleware, self)._device_from_persistent_id(persistent_id),
        )


class SecondFactorMiddleware:
    """Programme staff reach no page but the exempt ones until they have
    passed their second factor (DESIGN.md §2: "Staff accounts need a second
    factor"). The one place that enforces it, for every page of the app and
    the admin, including pages added later; after `CachedOTPMiddleware`,
    which tells which device verified this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.STAFF_SECOND_FACTOR or _is_exempt(view_func):
            return None
        user = request.user
        if not needs_second_factor(user) or has_passed_second_factor(user):
            return None
        target = reverse("second_factor:verify")
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(target)
        return HttpResponseRedirect(target)
