"""`Cache-Control: private, no-store` on every response to a signed-in person.

Their pages show a school's requests, devices and people: no shared proxy
may keep them, and the browser must not keep them on disk for the next
person at a shared school computer (the back button after signing out).
Pages seen without signing in (the public knowledge base, contact, service
hours) keep whatever caching their view chose."""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Merged into what a view set; "private" replaces a "public".
            patch_cache_control(response, private=True, no_store=True)
        return response
