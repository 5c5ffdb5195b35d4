"""Supervisors' settings: service calendars (hours, closed days) and SLA targets."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_date, parse_id, parse_int
from pupitre.hours import services as hours_services
from pupitre.hours.models import ServiceCalendar, Weekday
from pupitre.hours.queries import calendars_with_intervals
from pupitre.hours.texts import weekly_hours
from pupitre.tickets import services as ticket_services
from pupitre.tickets.models import SlaPolicy
from pupitre.tickets.queries import sla_policy_rows
from pupitre.web.access import supervisor_required
from pupitre.web.forms import add_domain_error

from .settings_forms import ClosedDayForm, SlaPolicyForm, WeeklyHoursForm, format_intervals


@supervisor_required
def calendars(request):
    rows = [
        (
            calendar,
            weekly_hours([(i.weekday, i.opens, i.closes) for i in calendar.intervals.all()]),
        )
        for calendar in calendars_with_intervals()
    ]
    return render(request, "desk/calendars.html", {"calendars": rows})


@supervisor_required
def calendar_detail(request, code, hours_form=None, day_form=None, status=200):
    calendar = get_object_or_404(ServiceCalendar, code=code)
    year = _year(request.GET.get("year"))
    if hours_form is None:
        by_day: dict[int, list] = {}
        for interval in calendar.intervals.all():
            by_day.setdefault(interval.weekday, []).append((interval.opens, interval.closes))
        hours_form = WeeklyHoursForm(
            initial={f"day_{day}": format_intervals(by_day.get(day, [])) for day in Weekday}
        )
    return render(
        request,
        "desk/calendar.html",
        {
            "calendar": calendar,
            "year": year,
            "years": [year - 1, year + 1],
            "hours_form": hours_form,
            "day_form": day_form or ClosedDayForm(),
            "closed_days": list(calendar.closed_days.filter(date__year=year)),
        },
        status=status,
    )


@require_POST
@supervisor_required
def calendar_hours(request, code):
    calendar = get_object_or_404(ServiceCalendar, code=code)
    form = WeeklyHoursForm(request.POST)
    if form.is_valid():
        try:
            hours_services.opening_hours_set_week(
                calendar=calendar, hours=form.cleaned_data["hours"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Opening hours saved."))
            return redirect("desk:calendar", code=calendar.code)
    return calendar_detail(request, code, hours_form=form, status=400)


@require_POST
@supervisor_required
def calendar_day_add(request, code):
    calendar = get_object_or_404(ServiceCalendar, code=code)
    form = ClosedDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            hours_services.closed_day_add(
                calendar=calendar,
                day=data["day"],
                name_de=data["name_de"],
                name_fr=data["name_fr"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Closed day saved."))
            return _to_year(calendar, data["day"].year)
    return calendar_detail(request, code, day_form=form, status=400)


@require_POST
@supervisor_required
def calendar_day_remove(request, code):
    calendar = get_object_or_404(ServiceCalendar, code=code)
    day = parse_date(request.POST.get("day"))
    if day is None:
        messages.error(request, _("This date is not valid."))
        return redirect("desk:calendar", code=calendar.code)
    hours_services.closed_day_remove(calendar=calendar, day=day, by=request.user)
    messages.success(request, _("The service is open again on that day."))
    return _to_year(calendar, day.year)


@require_POST
@supervisor_required
def calendar_generate(request, code):
    calendar = get_object_or_404(ServiceCalendar, code=code)
    year = _year(request.POST.get("year"))
    added = hours_services.holidays_generate(calendar=calendar, years=[year], by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d closed day added for %(year)d.",
            "%(count)d closed days added for %(year)d.",
            added,
        )
        % {"count": added, "year": year},
    )
    return _to_year(calendar, year)


@supervisor_required
def sla_policies(request):
    policies = sla_policy_rows()
    forms = {}
    status = 200
    if request.method == "POST":
        policy = get_object_or_404(SlaPolicy, pk=parse_id(request.POST.get("policy")))
        form = SlaPolicyForm(request.POST, auto_id=f"id_p{policy.pk}_%s")
        if form.is_valid():
            try:
                ticket_services.sla_policy_update(
                    policy=policy, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("SLA targets saved."))
                return redirect("desk:sla")
        forms[policy.pk] = form
        status = 400
    rows = [
        (
            policy,
            forms.get(policy.pk)
            or SlaPolicyForm(
                initial={
                    "first_response_minutes": policy.first_response_minutes,
                    "resolution_minutes": policy.resolution_minutes,
                },
                auto_id=f"id_p{policy.pk}_%s",
            ),
        )
        for policy in policies
    ]
    return render(request, "desk/sla.html", {"rows": rows}, status=status)


def _year(value) -> int:
    year = parse_int(value, minimum=2000, maximum=2100)
    return year if year is not None else timezone.localdate().year


def _to_year(calendar, year):
    return redirect(reverse("desk:calendar", args=[calendar.code]) + f"?year={year}")
