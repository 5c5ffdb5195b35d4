"""Supervisors' settings of on-site planning: technicians' profiles (regions,
base, working day), their calendar addresses, and the school holidays of
each Community."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.hours.models import Weekday
from pupitre.onsite import queries, services
from pupitre.schools.models import Region
from pupitre.web.access import supervisor_required
from pupitre.web.forms import add_domain_error

from .onsite_forms import SchoolHolidayForm, TechnicianProfileForm


@supervisor_required
def technicians(request):
    regions = dict(Region.choices)
    weekdays = dict(Weekday.choices)
    rows = []
    for user in queries.technician_rows():
        profile = user.profile
        rows.append(
            {
                "user": user,
                "profile": profile,
                "regions": [regions.get(value, value) for value in profile.regions or []]
                if profile
                else [],
                "weekdays": [weekdays.get(day, day) for day in sorted(profile.weekdays or [])]
                if profile
                else [],
            }
        )
    return render(request, "desk/onsite_technicians.html", {"rows": rows})


def _technician_or_404(user_id):
    technician = queries.technician_by_id(parse_id(user_id))
    if technician is None:
        raise Http404
    return technician


@supervisor_required
def technician_profile(request, user_id):
    technician = _technician_or_404(user_id)
    status = 200
    if request.method == "POST":
        form = TechnicianProfileForm(request.POST)
        if form.is_valid():
            try:
                services.technician_profile_set(
                    technician=technician, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The technician's profile is saved."))
                return redirect("desk:onsite_technicians")
        status = 400
    else:
        form = TechnicianProfileForm(initial=TechnicianProfileForm.initial_of(technician.profile))
    return render(
        request,
        "desk/onsite_technician.html",
        {"technician": technician, "form": form},
        status=status,
    )


@require_POST
@supervisor_required
def technician_feed_revoke(request, user_id):
    technician = _technician_or_404(user_id)
    try:
        revoked = services.calendar_feed_revoke(technician=technician, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if revoked:
            messages.success(request, _("The technician's calendar address no longer works."))
        else:
            messages.info(request, _("This technician has no calendar address in use."))
    return redirect("desk:onsite_technicians")


@supervisor_required
def school_holidays(request):
    form = None
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            holiday = queries.school_holiday_by_id(parse_id(request.POST.get("remove")))
            if holiday is not None:
                services.school_holiday_remove(holiday=holiday, by=request.user)
                messages.success(request, _("The school holidays are removed."))
            return redirect("desk:school_holidays")
        form = SchoolHolidayForm(request.POST)
        if form.is_valid():
            try:
                services.school_holiday_add(by=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The school holidays are saved."))
                return redirect("desk:school_holidays")
        status = 400
    return render(
        request,
        "desk/onsite_holidays.html",
        {
            "form": form or SchoolHolidayForm(),
            "holidays": queries.school_holidays(since=timezone.localdate()),
        },
        status=status,
    )
