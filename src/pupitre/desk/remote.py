"""Desk screens of remote maintenance: a school's computers enrolled in
MeshCentral, their match to the registry (link or correct it), and a sync
on demand."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.equipment.queries import devices_of_school
from pupitre.remote import queries as remote_queries
from pupitre.remote import services as remote_services
from pupitre.schools.queries import school_by_id
from pupitre.web.access import desk_user_required


def _configured():
    if remote_queries.meshcentral_server() is None:
        raise Http404


def _school(school_id):
    school = school_by_id(parse_id(school_id))
    if school is None:
        raise Http404
    return school


@desk_user_required
def computers(request, school_id):
    _configured()
    school = _school(school_id)
    return render(
        request,
        "desk/remote_computers.html",
        {
            "school": school,
            "computers": remote_queries.computers_of_school(school.pk),
            "devices": list(devices_of_school(school.pk)),
            "group": remote_queries.school_group(school.pk),
        },
    )


@require_POST
@desk_user_required
def computers_sync(request, school_id):
    _configured()
    school = _school(school_id)
    try:
        counts = remote_services.computers_sync(by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Synchronised: %(seen)s computers, %(created)s new, %(matched)s matched.")
            % {"seen": counts["seen"], "created": counts["created"], "matched": counts["matched"]},
        )
    return redirect("desk:remote_computers", school_id=school.pk)


@require_POST
@desk_user_required
def computer_link(request, computer_id):
    _configured()
    computer = remote_queries.get_computer(parse_id(computer_id))
    if computer is None:
        raise Http404
    device = None
    device_id = parse_id(request.POST.get("device"))
    if device_id is not None:
        device = next((d for d in devices_of_school(computer.school_id) if d.pk == device_id), None)
        if device is None:
            messages.error(request, _("Choose a device of this school."))
            return redirect("desk:remote_computers", school_id=computer.school_id)
    try:
        remote_services.computer_link(computer=computer, device=device, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The computer's device was saved."))
    return redirect("desk:remote_computers", school_id=computer.school_id)
