"""Desk screens of on-site maintenance: plan a visit from a ticket, one
intervention (new times, cancel), and the supervisors' figures."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_date, parse_id
from pupitre.equipment import coverage as cov
from pupitre.equipment.queries import device_coverages, devices_of_school
from pupitre.onsite import queries, services
from pupitre.onsite.models import InterventionStatus
from pupitre.onsite.texts import slot_text
from pupitre.schools.models import Region
from pupitre.tickets.models import SlaState
from pupitre.tickets.queries import get_ticket_for_user, team_by_id, team_names
from pupitre.web.access import desk_user_required, supervisor_required
from pupitre.web.forms import add_domain_error

from .onsite_forms import (
    SLOT_FIELDS,
    AbsenceForm,
    AssignForm,
    CancelForm,
    NewTimesForm,
    NoVisitForm,
    PlanInterventionForm,
    SiteHoursForm,
)


def intervention_rows(ticket) -> list[dict]:
    """The ticket page's on-site visits, labels ready (one query)."""
    rows = queries.intervention_rows_of_ticket(ticket)
    now = timezone.now()
    # The ticket SLA's words: on time, due soon, overdue, met.
    labels = {state.value: state.label for state in SlaState}
    for row in rows:
        row["status_label"] = InterventionStatus(row["status"]).label
        row["when"] = slot_text(row["starts_at"], row["ends_at"]) if row["starts_at"] else ""
        row["sla"] = queries.visit_sla_of(
            school=ticket.school,
            status=row["status"],
            decided_at=row["decided_at"],
            due=row["visit_due_on"],
            on_site_at=row["on_site_at"],
            finished_at=row["finished_at"],
            now=now,
        )
        if row["sla"]:
            row["sla"]["label"] = labels[row["sla"]["state"]]
    return rows


def _device_choices(school_id):
    devices = list(devices_of_school(school_id))
    coverages = device_coverages(d.pk for d in devices)
    return [
        (device.pk, f"{device} — {cov.phase_label(coverages[device.pk].phase)}")
        for device in devices
    ]


@desk_user_required
def intervention_new(request, number):
    ticket = get_ticket_for_user(request.user, number)
    sites = queries.sites_of_school(ticket.school)
    technicians = queries.technicians()
    choices = {
        "sites": sites,
        "devices": _device_choices(ticket.school_id),
        "technicians": technicians,
        "teams": team_names(),
    }
    suggestions = []
    status = 200
    if request.method == "POST" and "suggest" in request.POST:
        form, suggestions = _with_suggestions(request, sites, technicians, choices)
    elif request.method == "POST":
        form = PlanInterventionForm(request.POST, **choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                intervention = services.intervention_plan(
                    ticket=ticket,
                    site={site.pk: site for site in sites}[data["site"]],
                    devices=queries.devices_of_school_by_ids(ticket.school_id, data["devices"]),
                    work=data["work"],
                    duration_minutes=data["duration_minutes"],
                    technician={user.pk: user for user in technicians}.get(data["technician"]),
                    team=team_by_id(data["team"]) if data["team"] else None,
                    slots=form.slots(),
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request, _("The visit is planned; the school was sent the proposed times.")
                )
                return redirect("desk:intervention", pk=intervention.pk)
        status = 400
    else:
        form = PlanInterventionForm(
            initial={"devices": list(ticket.devices.values_list("pk", flat=True))}, **choices
        )
    return render(
        request,
        "desk/onsite_plan.html",
        {"ticket": ticket, "form": form, "suggestions": suggestions, "sites": sites},
        status=status,
    )


def _with_suggestions(request, sites, technicians, choices):
    """ "Suggest free times": the form as filled in, with the first free times
    of the technician at the site in the three slots."""
    form = PlanInterventionForm(request.POST, **choices)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    site = {s.pk: s for s in sites}.get(data.get("site"))
    technician = {t.pk: t for t in technicians}.get(data.get("technician"))
    minutes = data.get("duration_minutes")
    suggestions = []
    if site and minutes:
        suggestions = queries.free_slots(
            site, technician, minutes=minutes, now=timezone.now(), limit=3
        )
    fields = ("site", "work", "duration_minutes", "technician", "team")
    initial = {key: request.POST.get(key) for key in fields}
    initial["devices"] = request.POST.getlist("devices")
    for name, (start, _end) in zip(SLOT_FIELDS, suggestions, strict=False):
        initial[name] = timezone.localtime(start).strftime("%Y-%m-%dT%H:%M")
    if not suggestions:
        messages.warning(request, _("No free time found in the next two weeks."))
    return PlanInterventionForm(initial=initial, **choices), suggestions


def _intervention_or_404(request, pk):
    intervention = queries.intervention_for_user(request.user, parse_id(pk))
    if intervention is None:
        raise Http404
    return intervention


@desk_user_required
def intervention_detail(request, pk, forms=None, status=200):
    intervention = _intervention_or_404(request, pk)
    forms = forms or {}
    slots = queries.slots_of(intervention)
    return render(
        request,
        "desk/onsite_intervention.html",
        {
            "intervention": intervention,
            "ticket": intervention.ticket,
            "slots": [(slot, slot_text(slot.starts_at, slot.ends_at)) for slot in slots],
            "handovers": queries.handovers_of(intervention),
            "when": slot_text(intervention.starts_at, intervention.ends_at)
            if intervention.starts_at
            else "",
            "devices": list(intervention.devices.select_related("model")),
            "report": queries.report_of(intervention),
            "photos": queries.report_photos_of(intervention),
            "sla": queries.visit_sla(intervention, now=timezone.now()),
            "may_move": intervention.status
            in (InterventionStatus.PROPOSED, InterventionStatus.CONFIRMED),
            "may_cancel": not intervention.is_final
            and intervention.status != InterventionStatus.ON_SITE,
            "times_form": forms.get("times") or NewTimesForm(),
            "assign_form": forms.get("assign")
            or AssignForm(
                initial={"technician": intervention.technician_id},
                technicians=queries.technicians(),
            ),
            "cancel_form": forms.get("cancel") or CancelForm(),
        },
        status=status,
    )


@login_required
def intervention_photo(request, pk, photo_id):
    """A photo of the intervention's report, for the desk and the
    intervention's technician; 404 for anyone else, as for a photo that does
    not exist. Served from storage, never from a public media address."""
    photo = queries.report_photo_for_user(request.user, parse_id(pk), parse_id(photo_id))
    if photo is None:
        raise Http404
    # Stored as a JPEG made by onsite.photos, shown in the page. The
    # middlewares add `nosniff` and, for a signed-in person, `private,
    # no-store`.
    response = FileResponse(
        photo.image.open("rb"), content_type="image/jpeg", filename=f"photo-{photo.pk}.jpg"
    )
    # Opened on its own, the browser lays the photo out with inline styles
    # of its own: those only; no script, in a sandbox.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@require_POST
@desk_user_required
def intervention_new_times(request, pk):
    intervention = _intervention_or_404(request, pk)
    form = NewTimesForm(request.POST)
    if form.is_valid():
        try:
            services.intervention_propose_slots(
                intervention=intervention, slots=form.slots(), by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("New times were sent to the school."))
            return redirect("desk:intervention", pk=intervention.pk)
    return intervention_detail(request, pk, forms={"times": form}, status=400)


@require_POST
@desk_user_required
def intervention_assign(request, pk):
    intervention = _intervention_or_404(request, pk)
    technicians = queries.technicians()
    form = AssignForm(request.POST, technicians=technicians)
    if form.is_valid():
        technician = {user.pk: user for user in technicians}[form.cleaned_data["technician"]]
        try:
            services.intervention_assign(
                intervention=intervention, technician=technician, by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The technician is changed."))
            return redirect("desk:intervention", pk=intervention.pk)
    return intervention_detail(request, pk, forms={"assign": form}, status=400)


@require_POST
@desk_user_required
def intervention_cancel(request, pk):
    intervention = _intervention_or_404(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.intervention_set_status(
                intervention=intervention,
                status=InterventionStatus.CANCELLED,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The visit is cancelled."))
            return redirect("desk:intervention", pk=intervention.pk)
    return intervention_detail(request, pk, forms={"cancel": form}, status=400)


@supervisor_required
def onsite_report(request):
    today = timezone.localdate()
    since = parse_date(request.GET.get("since")) or today.replace(day=1)
    rows = queries.report_by_region_and_week(since=since)
    labels = dict(Region.choices)
    for row in rows:
        row["region_label"] = labels.get(row["region"], row["region"])
    return render(request, "desk/onsite_report.html", {"since": since, "rows": rows})


def _site_or_404(site_id):
    site = queries.site_by_id(parse_id(site_id))
    if site is None:
        raise Http404
    return site


@desk_user_required
def site_visits(request, site_id, forms=None, status=200):
    """When a site can be visited: its own hours and its no-visit days."""
    site = _site_or_404(site_id)
    forms = forms or {}
    hours = queries.site_hours_rows(site)
    initial = {}
    for row in hours:
        initial.setdefault(f"opens_{row.weekday}", row.opens)
        initial.setdefault(f"closes_{row.weekday}", row.closes)
    return render(
        request,
        "desk/onsite_site.html",
        {
            "site": site,
            "own_hours": bool(hours),
            "hours_form": forms.get("hours") or SiteHoursForm(initial=initial),
            "no_visit_form": forms.get("no_visit") or NoVisitForm(),
            "no_visits": queries.no_visit_rows(site, since=timezone.localdate()),
        },
        status=status,
    )


@require_POST
@desk_user_required
def site_hours(request, site_id):
    site = _site_or_404(site_id)
    form = SiteHoursForm(request.POST)
    if form.is_valid():
        try:
            services.site_hours_set(site=site, week=form.week(), by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The site's opening hours are saved."))
            return redirect("desk:site_visits", site_id=site.pk)
    return site_visits(request, site_id, forms={"hours": form}, status=400)


@require_POST
@desk_user_required
def site_no_visit(request, site_id):
    site = _site_or_404(site_id)
    if "remove" in request.POST:
        row = queries.no_visit_by_id(site, parse_id(request.POST.get("remove")))
        if row is not None:
            services.site_no_visit_remove(no_visit=row, by=request.user)
            messages.success(request, _("The no-visit days are removed."))
        return redirect("desk:site_visits", site_id=site.pk)
    form = NoVisitForm(request.POST)
    if form.is_valid():
        try:
            services.site_no_visit_add(site=site, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The no-visit days are saved."))
            return redirect("desk:site_visits", site_id=site.pk)
    return site_visits(request, site_id, forms={"no_visit": form}, status=400)


@desk_user_required
def technician_absences(request, form=None, status=200):
    technicians = queries.technicians()
    if request.method == "POST":
        if "remove" in request.POST:
            absence = queries.absence_by_id(parse_id(request.POST.get("remove")))
            if absence is not None:
                services.technician_absence_remove(absence=absence, by=request.user)
                messages.success(request, _("The absence is removed."))
            return redirect("desk:technician_absences")
        form = AbsenceForm(request.POST, technicians=technicians)
        if form.is_valid():
            data = form.cleaned_data
            technician = {user.pk: user for user in technicians}.get(data["technician"])
            try:
                services.technician_absence_add(
                    technician=technician,
                    starts_at=_local_midnight(data["starts_on"]),
                    ends_at=_local_midnight(data["ends_on"] + timedelta(days=1)),
                    reason=data["reason"],
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The absence is saved."))
                return redirect("desk:technician_absences")
        status = 400
    absences = queries.absences_from(timezone.now())
    return render(
        request,
        "desk/onsite_absences.html",
        {
            "form": form or AbsenceForm(technicians=technicians),
            "absences": [
                (
                    absence,
                    timezone.localtime(absence.starts_at).date(),
                    (timezone.localtime(absence.ends_at) - timedelta(seconds=1)).date(),
                )
                for absence in absences
            ],
        },
        status=status,
    )


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time(0)))
