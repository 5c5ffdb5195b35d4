"""The incoming-call panel on every desk page, and the callbacks list.

Every desk page has an empty panel (`templates/base.html`) that
`static/pupitre/phone-panel.js` fills by polling `live_panel` every half
second. Short polling rather than a stream: gunicorn's sync workers would
each be held by an open event stream, while a poll is a few milliseconds.
Most polls find nothing new: the answer is then a 304 decided from a token
in the shared cache (`phone/live.py`) without reading any table.
"""

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.equipment import coverage as cov
from pupitre.equipment.queries import school_device_summary
from pupitre.hours.texts import relative_moment_text
from pupitre.phone import live, services
from pupitre.phone.models import CallbackState, CallState
from pupitre.phone.queries import (
    calendar_for_call,
    call_by_id,
    callback_by_id,
    callbacks_for_desk,
    live_calls_for,
    recent_calls,
)
from pupitre.tickets.queries import open_ticket_of_school, recent_contacts, school_open_tickets
from pupitre.tickets.queries import team_names as teams_by_name
from pupitre.web.access import desk_user_required
from pupitre.web.device_screens import coverage_view
from pupitre.web.pagination import bounded_page
from pupitre.web.presenters import DateText

# Marks the panel's own answers: a poll answered by anything else (the
# sign-in page after the session ended, an error page) is not shown in it.
PANEL_HEADER = "X-Pupitre-Phone-Panel"


@desk_user_required
def live_panel(request):
    """The panel's content for the signed-in agent; 304 when nothing changed.

    The ETag is the live token with the agent, their language and the
    minute: the panel changes with the calls, and with time (a ringing call
    forgotten by the PBX, a school's service hours)."""
    token, language, minute = live.live_token(), get_language(), int(time.time() // 60)
    etag = f'"{token}-{request.user.pk}-{language}-{minute}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        calls = live_calls_for(request.user)
        html = ""
        if calls:
            now = timezone.now()
            key = f"{token}:{language}:{minute}"
            html = "".join(card_html(call, request.user, now, key) for call in calls)
            # The cards are shared between the agents: each gets their own token.
            html = html.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(html)
    response["ETag"] = etag
    response[PANEL_HEADER] = "1"
    return response


CSRF_PLACEHOLDER = "csrf-token-of-the-request"
# A card is rendered once for every agent of the team who polls it (20
# agents ask within half a second when a call rings): kept in the shared
# cache for the live token, the language and the minute.
CARD_SECONDS = 120


def card_html(call, user, now, key: str) -> str:
    is_mine = call.agent_id == user.pk
    name = f"pupitre:phone:card:{call.pk}:{call.state}:{call.ticket_id}:{is_mine}:{key}"
    html = cache.get(name)
    if html is None:
        html = render_to_string(
            "desk/_phone_card.html",
            {"card": _card(call, user, now), "csrf_placeholder": CSRF_PLACEHOLDER},
        )
        cache.set(name, html, CARD_SECONDS)
    return html


@dataclass
class CallCard:
    call: object
    state_label: str
    number: str
    caller: str
    is_mine: bool
    started_iso: str
    started: str
    ticket_url: str
    hours: tuple[bool, str] | None = None
    open_tickets: list | None = None
    open_count: int = 0
    devices: object = None
    device_rows: list | None = None
    phases: list | None = None
    contacts: list | None = None
    calls: list | None = None
    # (title, body) of the desktop notification of a ringing call; None once
    # it is answered (static/pupitre/phone-panel.js, docs/phone.md).
    notification: tuple[str, str] | None = None


def _card(call, user, now) -> CallCard:
    date_text = DateText()
    started_iso, started = date_text(call.started_at)
    state_label = {
        CallState.RINGING: _("Ringing"),
        CallState.ANSWERED: _("In conversation"),
        CallState.ENDED: _("Ended"),
    }.get(call.state, call.state)
    query = {"call": call.pk}
    if call.school_id:
        query["school"] = call.school_id
    card = CallCard(
        call=call,
        state_label=state_label,
        number=call.party_number or call.from_raw or _("hidden number"),
        caller=call.person.full_name if call.person else "",
        is_mine=call.agent_id == user.pk,
        started_iso=started_iso,
        started=started,
        ticket_url=reverse("desk:phone") + "?" + "&".join(f"{k}={v}" for k, v in query.items()),
    )
    if call.state == CallState.RINGING:
        card.notification = _notification(call, card)
    card.contacts = recent_contacts(call.school_id, person_id=call.person_id)
    card.calls = [(c, *date_text(c.started_at)) for c in recent_calls(call, limit=5)]
    card.hours = hours_now(
        calendar_for_call(call.line, call.school), now, of_school=bool(call.school)
    )
    if call.school is None:
        return card
    school = call.school
    card.open_tickets, card.open_count = school_open_tickets(school.pk)
    summary = school_device_summary(school.pk)
    card.devices = summary
    card.phases = [(phase, cov.phase_label(phase), count) for phase, count in summary.by_phase]
    card.device_rows = [(row.device, coverage_view(row.coverage)) for row in summary.rows]
    return card


def _notification(call, card: CallCard) -> tuple[str, str]:
    """What the desktop notification of a ringing call says: who calls
    (the caller, else the school, else "unknown number") and on which line."""
    name = card.caller or (call.school.name if call.school else "")
    if name:
        title = _("Call from %(name)s") % {"name": name}
    else:
        title = _("Call from an unknown number")
    who = call.school.name if call.school and card.caller else card.number
    body = _("%(who)s, on the line %(line)s") % {"who": who, "line": call.line.name}
    return title, body


def hours_now(calendar, now: datetime, *, of_school: bool) -> tuple[bool, str] | None:
    """(inside?, 'Inside its service hours, until 21:00.'): the caller's
    school's hours, or the line's for an unknown caller; None without a
    calendar."""
    if calendar is None:
        return None
    if calendar.is_open(now):
        closing = calendar.next_closing(now)
        values = {}
        if closing is not None:
            values["time"] = timezone.localtime(closing, calendar.tz).strftime("%H:%M")
        if of_school:
            text = (
                _("Inside its service hours, until %(time)s.")
                if values
                else _("Inside its service hours.")
            )
        else:
            text = (
                _("Inside the line's service hours, until %(time)s.")
                if values
                else _("Inside the line's service hours.")
            )
        return True, text % values if values else text
    opening = timezone.localtime(calendar.next_opening(now), calendar.tz)
    values = {"moment": relative_moment_text(opening, now, calendar.tz)}
    if of_school:
        return False, _("Outside its service hours (they start again %(moment)s).") % values
    return False, _("Outside the line's service hours (they start again %(moment)s).") % values


@require_POST
@desk_user_required
def call_attach(request, call_id):
    """Attach a call to one of its school's open requests (from the panel)."""
    call = call_by_id(call_id)
    if call is None:
        raise Http404
    number = request.POST.get("ticket", "")
    ticket = open_ticket_of_school(call.school_id, number) if call.school_id else None
    back = request.POST.get("next") or reverse("desk:queue")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("desk:queue")
    if ticket is None:
        messages.error(request, _("This request is not an open request of the caller's school."))
        return redirect(back)
    try:
        services.call_attach_ticket(call=call, ticket=ticket, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(back)
    messages.success(request, _("Call attached to request %(number)s.") % {"number": ticket.number})
    return redirect("desk:ticket", number=ticket.number)


CALLBACK_STATES = ("active", "mine", "done")


@desk_user_required
def callbacks(request):
    state = request.GET.get("state")
    state = state if state in CALLBACK_STATES else "active"
    team_id = parse_id(request.GET.get("team"))
    rows = callbacks_for_desk(state=state, team_id=team_id, user=request.user)
    page = bounded_page(rows, request.GET.get("page"), settings.PAGE_SIZE)
    now = timezone.now()
    date_text = DateText()
    items = []
    for callback in page.object_list:
        due_iso, due = date_text(callback.due_at)
        items.append(
            {
                "callback": callback,
                "due_iso": due_iso,
                "due": due,
                "overdue": callback.state != CallbackState.DONE and callback.due_at < now,
                "mine": callback.taken_by_id == request.user.pk,
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "desk/callbacks.html",
        {
            "items": items,
            "page": page,
            "state": state,
            "states": [
                ("active", _("To do")),
                ("mine", _("Taken by me")),
                ("done", _("Done")),
            ],
            "teams": teams_by_name(),
            "team_id": team_id,
            "query": query.urlencode(),
        },
    )


@require_POST
@desk_user_required
def callback_action(request, callback_id, action):
    callback = callback_by_id(callback_id)
    if callback is None:
        raise Http404
    note = request.POST.get("note", "").strip()[:1000]
    try:
        if action == "take":
            services.callback_take(callback=callback, by=request.user)
            messages.success(request, _("Callback taken."))
        elif action == "called":
            reached = request.POST.get("reached") == "yes"
            services.callback_call_back(
                callback=callback, by=request.user, reached=reached, note=note
            )
            if reached:
                messages.success(request, _("Call back logged; the callback is done."))
            else:
                messages.info(request, _("Attempt logged; the callback stays open."))
        elif action == "close":
            services.callback_close(callback=callback, by=request.user, note=note)
            messages.success(request, _("Callback closed."))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(reverse("desk:callbacks") + _keep_query(request))


def _keep_query(request) -> str:
    back = request.POST.get("back", "")
    return "?" + back if back and "\n" not in back else ""
