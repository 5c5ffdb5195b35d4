"""Screens for a school's ICT contact: our devices and their coverage,
extension requests, QR labels; and the coverage notice of the request form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pupitre.core.request_input import parse_id, parse_ids
from pupitre.equipment import coverage as cov
from pupitre.equipment.queries import (
    coverage_of,
    coverages_of,
    device_of_member,
    devices_of_school,
    extension_requests_of_school,
    get_device_for_user,
    get_extension_request_for_user,
    school_devices,
)
from pupitre.remote import queries as remote_queries
from pupitre.schools.models import School
from pupitre.schools.queries import (
    chosen_school,
    ict_school_ids,
    school_in,
    schools_by_ids,
    schools_of,
)
from pupitre.tickets.queries import tickets_visible_to
from pupitre.web.access import school_user_required
from pupitre.web.device_screens import (
    ExtensionRequestForm,
    coverage_view,
    extension_from_form,
    labels_response,
    phase_choices,
)
from pupitre.web.remote_screens import remote_status

DEVICES_PER_PAGE = 50


def _ict_schools(request, school_id=None) -> tuple[School, list[School]]:
    """The ICT contact's school chosen by `school_id` (first by name by
    default) and all of theirs; 403 for other school users."""
    ids = ict_school_ids(request.user)
    if not ids:
        raise PermissionDenied
    schools = schools_by_ids(ids)
    if not str(school_id or "").isdigit():
        return schools[0], schools
    school = school_in(schools, school_id)
    if school is None:  # a school of someone else's
        raise Http404
    return school, schools


def _ict_school(request, school_id=None) -> School:
    return _ict_schools(request, school_id)[0]


@school_user_required
def devices(request):
    school, schools = _ict_schools(request, request.GET.get("school"))
    phase = request.GET.get("phase", "")
    if phase not in cov.PHASES:
        phase = ""
    ends_soon = request.GET.get("ends") == "soon"
    rows = school_devices(school.pk, phase=phase, ends_soon=ends_soon)
    page = Paginator(rows, DEVICES_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/devices.html",
        {
            "school": school,
            "schools": schools,
            "page": page,
            "rows": [(row, coverage_view(row.coverage, today)) for row in page.object_list],
            "phase": phase,
            "ends_soon": ends_soon,
            "phase_options": phase_choices(_("All phases")),
            "query": query.urlencode(),
            "requests": extension_requests_of_school(request.user, school.pk),
            "remote_configured": remote_queries.meshcentral_server() is not None,
        },
    )


@school_user_required
def device_detail(request, device_id):
    device = get_device_for_user(request.user, device_id)
    result = coverage_of(device)
    return render(
        request,
        "portal/device.html",
        {
            "device": device,
            "coverage": coverage_view(result),
            "tickets": list(
                tickets_visible_to(request.user)
                .filter(devices=device)
                .only("number", "subject", "status", "created_at")
                .order_by("-created_at")[:50]
            ),
            "extensions": list(device.extensions.order_by("start")),
            "ticket_view": "portal:detail",
            "remote": remote_status(device),
        },
    )


@school_user_required
def extension_new(request):
    school = _ict_school(request, request.POST.get("school") or request.GET.get("school"))
    device_id = parse_id(request.GET.get("device"))
    if device_id is not None and request.method == "GET":
        chosen = get_device_for_user(request.user, device_id)
        school = _ict_school(request, chosen.school_id)
    if request.method == "POST":
        form = ExtensionRequestForm(request.POST, school=school)
        extension = extension_from_form(request, form, school)
        if extension is not None:
            messages.success(
                request,
                _("Your extension request has been sent. A supervisor will decide on it."),
            )
            return redirect("portal:extension", request_id=extension.pk)
    else:
        initial = {"devices": [device_id]} if device_id is not None else {}
        form = ExtensionRequestForm(initial=initial, school=school)
    return render(request, "portal/extension_new.html", {"form": form, "school": school})


@school_user_required
def extension_detail(request, request_id):
    extension = get_extension_request_for_user(request.user, request_id)
    return render(
        request,
        "portal/extension.html",
        {
            "extension": extension,
            "devices": list(extension.devices.select_related("model")),
            "events": list(extension.events.select_related("by")),
        },
    )


@school_user_required
def labels(request):
    school = _ict_school(request, request.GET.get("school"))
    return labels_response(school, devices_of_school(school.pk))


@school_user_required
def coverage_notice(request):
    """The htmx fragment under the devices of the request form: what help
    the school is entitled to for the chosen devices."""
    return render(
        request, "portal/_coverage_notice_items.html", notice_context(request, request.GET)
    )


def label_device(user, device_id: str):
    """The device a QR label names, if it is one of `user`'s schools' devices
    (another school's device is treated like one that does not exist)."""
    device_id = parse_id(device_id)
    return device_of_member(user, device_id) if device_id is not None else None


def not_covered_note(devices) -> str:
    """A sentence for a new request about devices that are not covered, each
    with the reason why, or ''."""
    devices = list(devices)
    results = coverages_of(devices)
    uncovered = [d for d in devices if not results[d.pk].is_covered]
    if not uncovered:
        return ""
    reasons = " ".join(
        _("%(device)s: %(reason)s") % {"device": d.serial, "reason": results[d.pk].reason_text}
        for d in uncovered
    )
    return _(
        "Your request is recorded and will be answered, but the programme does not cover "
        "some of its devices. %(reasons)s"
    ) % {"reasons": reasons}


def notice_context(request, data) -> dict:
    """Context of the coverage notice for the devices chosen in `data`."""
    schools = list(schools_of(request.user))
    school = chosen_school(schools, data.get("school"))
    ids = parse_ids(data.getlist("devices")) if school else []
    chosen = list(devices_of_school(school.pk).filter(pk__in=ids)) if ids else []
    today = timezone.localdate()
    results = coverages_of(chosen, on_date=today)
    items = [(device, coverage_view(results[device.pk], today)) for device in chosen]
    return {
        "notice_items": items,
        "any_not_covered": any(view.phase == cov.NOT_COVERED for _device, view in items),
        "is_ict_contact": bool(school and school.pk in ict_school_ids(request.user)),
    }
