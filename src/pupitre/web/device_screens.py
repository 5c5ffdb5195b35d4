"""What the portal and the desk share about devices: the coverage badge and
summary, the extension request form and the QR label sheet response."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pupitre.core.errors import DomainError
from pupitre.core.filenames import filename_from_text
from pupitre.equipment import coverage as cov
from pupitre.equipment.labels import label_sheet
from pupitre.equipment.models import Device
from pupitre.equipment.queries import extensible_device_choices
from pupitre.equipment.services import REASON_MAX_LENGTH, extension_request
from pupitre.web.forms import BoundedDateField, IdsChoiceField, add_domain_error


@dataclass(frozen=True)
class CoverageView:
    """A coverage result as the screens show it, in the active language."""

    phase: str
    label: str
    until: str  # "until 31 August 2028", or ""
    explanation: str
    reason: str  # why it is not covered, or ""
    included: list[str]
    warranty: str
    ends_soon: bool
    may_ask_extension: bool
    extension_worth_asking: bool


def coverage_view(result: cov.Coverage, on_date: date | None = None) -> CoverageView:
    on_date = on_date or timezone.localdate()
    until = ""
    if result.end is not None and result.phase != cov.NOT_COVERED:
        until = _("until %(date)s") % {"date": date_format(result.end, "DATE_FORMAT")}
    return CoverageView(
        phase=result.phase,
        label=cov.phase_label(result.phase),
        until=until,
        explanation=result.explanation,
        reason=result.reason_text,
        included=cov.included_lines(result),
        warranty=cov.warranty_text(result),
        ends_soon=result.is_covered and result.ends_within(on_date, 90),
        may_ask_extension=result.may_ask_extension,
        extension_worth_asking=result.extension_worth_asking,
    )


def phase_choices(empty_label):
    return [("", empty_label)] + [(phase, cov.phase_label(phase)) for phase in cov.PHASES]


class DeviceChoiceField(IdsChoiceField):
    def label_from_instance(self, device):
        return str(device)


class ExtensionRequestForm(forms.Form):
    devices = DeviceChoiceField(
        label=gettext_lazy("Devices"),
        queryset=Device.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    requested_end = BoundedDateField(
        label=gettext_lazy("Help until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The last day you need help for these devices."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why do you need an extension?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        # Exactly the devices the service accepts (one rule for both).
        self.fields["devices"].queryset = extensible_device_choices(school.pk)


def extension_from_form(request, form, school):
    """Send a valid extension request form to the service; the new request,
    or None with the refusal shown on the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return extension_request(
            by=request.user,
            school=school,
            devices=list(data["devices"]),
            reason=data["reason"],
            requested_end=data["requested_end"],
        )
    except DomainError as error:
        add_domain_error(form, error)
        return None


def labels_response(school, devices) -> HttpResponse:
    """A printable A4 PDF of QR labels; each code holds the device's short
    address, which opens the new-request form with the device chosen."""
    with translation.override(school.language):
        pdf = label_sheet(
            school_name=school.name,
            devices=devices,
            url_for=lambda device: (
                settings.PUPITRE_BASE_URL + reverse("device_label", args=[device.label_code])
            ),
            heading=_("Need help with this device? Scan the code."),
            phone=settings.HELPDESK_PHONE,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = filename_from_text(f"labels-{school.official_number}", ".pdf")
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response
