"""Phone screens of the desk: the call log, the supervisor's daily figures,
and the lines and blocked numbers (supervisors and administrators)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.phone import queries, services
from pupitre.phone.models import Outcome
from pupitre.schools.queries import school_by_id
from pupitre.tickets.queries import team_by_id, team_names
from pupitre.web.access import desk_user_required, supervisor_required
from pupitre.web.forms import add_domain_error
from pupitre.web.presenters import DateText

from .phone_forms import (
    BlockedNumberForm,
    CallLogFilter,
    FiguresFilter,
    OutboundRoutesForm,
    PhoneLineForm,
)

PER_PAGE = 50


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"


@desk_user_required
def call_log(request):
    school = school_by_id(parse_id(request.GET.get("school")))
    form = CallLogFilter(
        request.GET or None, lines=queries.lines(), schools=[school] if school else []
    )
    data = form.cleaned_data if form.is_valid() else {}
    calls = queries.call_log(
        queries.CallFilter(
            line_id=data.get("line"),
            direction=data.get("direction") or "",
            outcome=data.get("outcome") or "",
            day=data.get("day"),
            school_id=data.get("school"),
        )
    )
    page = Paginator(calls, PER_PAGE).get_page(request.GET.get("page"))
    date_text = DateText()
    rows = []
    for call in page:
        iso, when = date_text(call.started_at)
        rows.append(
            {
                "call": call,
                "iso": iso,
                "when": when,
                "waiting": _duration(call.waiting_seconds),
                "duration": _duration(call.duration_seconds),
                "missed": call.outcome in (Outcome.MISSED, Outcome.VOICEMAIL),
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "desk/phone/calls.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


@supervisor_required
def figures(request):
    today = timezone.localdate()
    form = FiguresFilter(request.GET or {"day": today.isoformat()})
    day = form.cleaned_data["day"] if form.is_valid() else today
    figures = queries.daily_figures(day)
    hours = sorted({row["hour"] for row in figures.by_line_and_hour})
    grid: dict[str, dict[int, int]] = {}
    for row in figures.by_line_and_hour:
        grid.setdefault(row["line"], {})[row["hour"]] = row["count"]
    hour_rows = [
        {"line": line, "counts": [counts.get(hour, 0) for hour in hours]}
        for line, counts in sorted(grid.items())
    ]
    lines = [
        {
            **row,
            "answered_rate": _rate(row["answered"], row["inbound"]),
            "missed_rate": _rate(row["missed"], row["inbound"]),
            "avg_waiting": _duration(
                round(row["avg_waiting"]) if row["avg_waiting"] is not None else None
            ),
        }
        for row in figures.by_line
    ]
    return render(
        request,
        "desk/phone/figures.html",
        {
            "form": form,
            "figures": figures,
            "hours": hours,
            "hour_rows": hour_rows,
            "lines": lines,
            "in_time_rate": _rate(figures.callbacks_done_in_time, figures.callbacks_due),
        },
        status=400 if form.errors else 200,
    )


def _rate(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


# --- lines and blocked numbers -------------------------------------------------------


def _line_form(data=None, initial=None):
    return PhoneLineForm(
        data, initial=initial, teams=team_names(), calendars=queries.all_calendars()
    )


def _line_fields(data) -> dict:
    return {
        "name": data["name"],
        "number": data["number"],
        "language": data["language"],
        "team": team_by_id(data["team"]),
        "calendar": next((c for c in queries.all_calendars() if c.pk == data["calendar"]), None),
        "default_region": data["default_region"],
        "outbound_caller_id": data["outbound_caller_id"],
        "active": data["active"],
    }


@supervisor_required
def lines(request):
    form = _line_form(request.POST or None)
    token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                line, token = services.line_create(
                    by=request.user, **_line_fields(form.cleaned_data)
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return _token_page(request, line, token)
        status = 400
    return render(
        request,
        "desk/phone/lines.html",
        {
            "lines": queries.lines(),
            "form": form,
            "blocked": queries.blocked_numbers(),
            "blocked_form": BlockedNumberForm(),
        },  # fmt: skip
        status=status,
    )


def _token_page(request, line, token):
    url = request.build_absolute_uri(reverse("phone_cti", args=[token]))
    return render(request, "desk/phone/line_token.html", {"line": line, "url": url})


def _line_or_404(line_id):
    line = queries.line_by_id(line_id)
    if line is None:
        raise Http404
    return line


def _line_initial(line) -> dict:
    return {
        "name": line.name,
        "number": line.number,
        "language": line.language,
        "team": line.team_id,
        "calendar": line.calendar_id,
        "default_region": line.default_region,
        "outbound_caller_id": line.outbound_caller_id,
        "active": line.active,
    }


@supervisor_required
def line_edit(request, line_id):
    line = _line_or_404(line_id)
    form = _line_form(request.POST or None, initial=_line_initial(line))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.line_save(line=line, by=request.user, **_line_fields(form.cleaned_data))
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Line saved."))
                return redirect("desk:phone_lines")
        status = 400
    routes_form = OutboundRoutesForm(initial={"routes": services.line_routes_text(line)})
    return render(
        request,
        "desk/phone/line.html",
        {"line": line, "form": form, "routes_form": routes_form},
        status=status,
    )


@supervisor_required
@require_POST
def line_routes(request, line_id):
    line = _line_or_404(line_id)
    form = OutboundRoutesForm(request.POST)
    if form.is_valid():
        try:
            services.line_routes_set(line=line, routes=form.cleaned_data["routes"], by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Routes saved."))
            return redirect("desk:phone_line", line.pk)
    return render(
        request,
        "desk/phone/line.html",
        {"line": line, "form": _line_form(initial=_line_initial(line)), "routes_form": form},
        status=400,
    )


@supervisor_required
@require_POST
def line_token(request, line_id):
    line = _line_or_404(line_id)
    token = services.line_token_renew(line=line, by=request.user)
    return _token_page(request, line, token)


@supervisor_required
@require_POST
def blocked_add(request):
    form = BlockedNumberForm(request.POST)
    if form.is_valid():
        try:
            services.blocked_number_add(
                number=form.cleaned_data["number"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Number blocked."))
    else:
        messages.error(request, _("Give the number to block."))
    return redirect("desk:phone_lines")


@supervisor_required
@require_POST
def blocked_remove(request, blocked_id):
    blocked = next(
        (b for b in queries.blocked_numbers() if b.pk == parse_id(str(blocked_id))), None
    )
    if blocked is None:
        raise Http404
    services.blocked_number_remove(blocked=blocked, by=request.user)
    messages.success(request, _("Number unblocked."))
    return redirect("desk:phone_lines")
