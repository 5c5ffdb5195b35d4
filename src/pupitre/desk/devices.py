"""Desk screens about devices: search, a device and its tickets, extension
requests and decisions, upcoming transfers and ends, the coverage policy,
QR labels of a school, and imports of delivery lists."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.equipment import services
from pupitre.equipment.imports import COLUMNS as import_columns
from pupitre.equipment.models import (
    CoveragePolicy,
    DeviceImport,
    ExtensionStatus,
    ImportMode,
    ImportStatus,
)
from pupitre.equipment.queries import (
    coverage_of,
    coverages_of,
    devices_of_school,
    extension_requests_visible_to,
    find_devices,
    get_device_for_user,
    get_extension_request_for_user,
    pending_extension_count,
    policy_row,
    recent_imports,
    upcoming_devices,
    upcoming_rows,
)
from pupitre.remote.queries import meshcentral_server, unmatched_computer_count
from pupitre.schools.models import School
from pupitre.tickets.queries import tickets_visible_to
from pupitre.web.access import administrator_required, desk_user_required, supervisor_required
from pupitre.web.device_screens import (
    ExtensionRequestForm,
    coverage_view,
    extension_from_form,
    labels_response,
)
from pupitre.web.forms import BoundedDateField, add_domain_error
from pupitre.web.pagination import bounded_page
from pupitre.web.remote_screens import remote_status


@desk_user_required
def devices(request):
    text = request.GET.get("q", "").strip()
    found = find_devices(text) if text else []
    results = coverages_of(found)
    return render(
        request,
        "desk/devices.html",
        {
            "q": text,
            "searched": bool(text),
            "rows": [(device, coverage_view(results[device.pk])) for device in found],
            "pending": pending_extension_count(),
            "unmatched_computers": unmatched_computer_count()
            if meshcentral_server() is not None
            else None,
        },
    )


@desk_user_required
def device_detail(request, device_id):
    device = get_device_for_user(request.user, device_id)
    result = coverage_of(device)
    return render(
        request,
        "desk/device.html",
        {
            "device": device,
            "coverage": coverage_view(result),
            "tickets": list(
                tickets_visible_to(request.user)
                .filter(devices=device)
                .only("number", "subject", "status", "created_at")
                .order_by("-created_at")[:100]
            ),
            "extensions": list(device.extensions.order_by("start")),
            "ticket_view": "desk:ticket",
            "remote": remote_status(device),
            "requests": list(device.extension_requests.order_by("-created_at")[:20]),
        },
    )


@desk_user_required
def extension_new(request):
    device = get_device_for_user(request.user, _int(request.GET.get("device")))
    school = device.school
    if request.method == "POST":
        form = ExtensionRequestForm(request.POST, school=school)
        extension = extension_from_form(request, form, school)
        if extension is not None:
            messages.success(request, _("Extension request recorded."))
            return redirect("desk:extension", request_id=extension.pk)
    else:
        form = ExtensionRequestForm(initial={"devices": [device.pk]}, school=school)
    return render(
        request, "desk/extension_new.html", {"form": form, "school": school, "device": device}
    )


@desk_user_required
def extensions(request):
    status = request.GET.get("status", ExtensionStatus.PENDING)
    requests = extension_requests_visible_to(request.user).select_related("school", "requested_by")
    if status in ExtensionStatus.values:
        requests = requests.filter(status=status)
    page = Paginator(requests.order_by("-created_at", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/extensions.html",
        {
            "page": page,
            "status": status,
            "statuses": ExtensionStatus.choices,
            "query": f"status={status}",
        },
    )


class DecisionForm(forms.Form):
    end = BoundedDateField(
        label=gettext_lazy("Help until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty to approve the requested end."),
    )
    note = forms.CharField(
        label=gettext_lazy("Reason for the decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required to refuse; sent to the requester."),
    )


@desk_user_required
def extension_detail(request, request_id, form=None, status=200):
    extension = get_extension_request_for_user(request.user, request_id)
    devices = list(extension.devices.select_related("model"))
    results = coverages_of(devices)
    return render(
        request,
        "desk/extension.html",
        {
            "extension": extension,
            "devices": devices,
            "device_rows": [(d, coverage_view(results[d.pk])) for d in devices],
            "events": list(extension.events.select_related("by")),
            "form": form or DecisionForm(),
            "can_decide": request.user.configures_the_service
            and extension.status == ExtensionStatus.PENDING,
        },
        status=status,
    )


@require_POST
@supervisor_required
def extension_decide(request, request_id):
    extension = get_extension_request_for_user(request.user, request_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("decision") == "approve":
                services.extension_approve(
                    request=extension, by=request.user, end=data["end"], note=data["note"]
                )
                messages.success(request, _("Extension approved; the requester is told by email."))
            else:
                services.extension_refuse(request=extension, by=request.user, reason=data["note"])
                messages.success(request, _("Extension refused; the requester is told by email."))
        except DomainError as error:
            if error.field == "reason":
                error.field = "note"
            add_domain_error(form, error)
        else:
            return redirect("desk:extension", request_id=extension.pk)
    return extension_detail(request, request_id, form=form, status=400)


@supervisor_required
def upcoming(request):
    """A page of the devices that change phase soon: after a large delivery
    they are thousands, so the page reads only its own rows."""
    today = timezone.localdate()
    page = bounded_page(
        upcoming_devices(on_date=today),
        request.GET.get("page"),
        settings.PAGE_SIZE,
        read=lambda devices: upcoming_rows(devices, on_date=today),
    )
    return render(
        request,
        "desk/upcoming.html",
        {
            "page": page,
            "rows": [(row, coverage_view(row.coverage, today)) for row in page.object_list],
            "listing": "devices",
        },
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = CoveragePolicy
        fields = ["transfer_years", "assistance_years", "notice_days"]


@supervisor_required
def coverage_policy(request):
    row = policy_row()
    form = PolicyForm(request.POST or None, instance=row)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.coverage_policy_update(by=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Coverage rules saved."))
                return redirect("desk:coverage_policy")
    return render(
        request, "desk/coverage_policy.html", {"form": form, "policy": row}, status=status
    )


@desk_user_required
def school_labels(request, school_id):
    school = get_object_or_404(School, pk=school_id)
    return labels_response(school, devices_of_school(school.pk))


# Imports ------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Delivery list (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns in German, French or English; dates as dd/mm/yyyy, dd.mm.yyyy or "
            "yyyy-mm-dd. Nothing is imported before you confirm."
        ),
    )


@administrator_required
def imports(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record, plan = services.device_import_preview(
                by=request.user, upload=form.cleaned_data["file"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _import_page(request, record, plan)
    history = recent_imports(30)
    return render(
        request,
        "desk/imports.html",
        {"form": form, "history": history},
        status=400 if form.errors else 200,
    )


@require_POST
@administrator_required
def import_apply(request, import_id):
    record = get_object_or_404(DeviceImport, pk=import_id)
    mode = request.POST.get("mode", ImportMode.ALL_OR_NOTHING)
    try:
        plan = services.device_import_apply(device_import=record, by=request.user, mode=mode)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("desk:imports")
    record.refresh_from_db()
    if record.status == ImportStatus.REFUSED:
        messages.error(
            request,
            _(
                "Nothing was imported: %(count)d rows are rejected. "
                "Correct them, or import the valid rows."
            )
            % {"count": plan.rejected},
        )
    else:
        messages.success(
            request,
            _(
                "Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(rejected)d rejected."
            )
            % {
                "created": record.created,
                "updated": record.updated,
                "unchanged": record.unchanged,
                "rejected": record.rejected,
            },
        )
    return redirect("desk:imports")


def _import_page(request, record, plan):
    labels = {column.name: column.label for column in import_columns}
    labels["model_key"] = labels["model"]
    return render(
        request,
        "desk/import_preview.html",
        {
            "record": record,
            "plan": plan,
            "problems": plan.problems[:500],
            "more_problems": max(len(plan.problems) - 500, 0),
            "updates": [
                (device, [str(labels.get(name, name)) for name in changes])
                for device, changes in plan.update[:200]
            ],
            "creates": plan.create[:200],
        },
    )


def _int(value) -> int:
    return parse_id(value) or 0
