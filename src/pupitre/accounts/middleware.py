from django.conf import settings
from django.utils import translation

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
