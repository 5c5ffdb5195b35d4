"""The telephone system's webhook: the generic CTI contract (newCall,
answer, hangup) posted by a PBX to `/phone/cti/<token>/`.

The secret token in the address is the only authentication (no session, no
CSRF token: the PBX has neither). The view only decodes the body; what the
event does is `phone.services.call_event_receive`.
"""

import json

from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pupitre.phone import queries, services

from .middleware import second_factor_exempt

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
INVALID_TOKEN = {"error": "Invalid token, please contact your admin!"}


def _form_params(request) -> dict:
    """Form fields as the contract sends them: `user[]=A&user[]=B` is a list."""
    params: dict = {}
    for key in request.POST:
        values = request.POST.getlist(key)
        if key.endswith("[]"):
            params[key[:-2]] = values
        else:
            params[key] = values[-1] if values else ""
    return params


@csrf_exempt
@second_factor_exempt
@require_POST
def cti_event(request, token: str):
    line = queries.line_by_token(token)
    if line is None:
        return JsonResponse(INVALID_TOKEN, status=403)
    body = request.body
    text = body.decode("utf-8", "replace")
    params: object
    if request.content_type not in FORM_TYPES:
        # JSON, as the contract recommends; also when a PBX labels it
        # text/plain or sends no type at all.
        try:
            params = json.loads(text)
        except (ValueError, RecursionError):
            params = None
    else:
        try:
            params = _form_params(request)
        except (MultiPartParserError, UnicodeDecodeError, ValueError):
            params = None
    reply = services.call_event_receive(
        line=line, params=params, body=text, content_type=request.content_type or ""
    )
    return JsonResponse(reply.body, status=reply.status)
