"""Addresses that machines call, not people: the telephone system's webhook.

A PBX posts an event at every ring, answer and hang-up of every call, with
no cookie, session, language or second factor. The middlewares after this
one serve people's browsers (static files, sessions, language, CSRF,
sign-in, second factor, messages, CSP, sign-in lockout): on a webhook they
do nothing but cost a fifth of its CPU (bench/README.md, "Phone webhook").
Placed just after SecurityMiddleware (the HTTPS redirect, HSTS), this one
sends these requests straight to their view. An error in the view is still
logged and answered as any other (Django wraps every middleware).
"""

from django.urls import resolve

MACHINE_PATHS = ("/phone/cti/",)


class MachineEndpointMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(MACHINE_PATHS):
            return self.get_response(request)
        match = resolve(request.path_info)  # not found: the usual 404
        request.resolver_match = match
        return match.func(request, *match.args, **match.kwargs)
