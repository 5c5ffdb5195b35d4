"""The report form of an on-site intervention."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pupitre.onsite.models import DeviceOutcome
from pupitre.onsite.services import MAX_MINUTES, DeviceReport, ReportInput
from pupitre.web.forms import MultipleFileField


class ReportForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    work_done = forms.CharField(label=_("Work done"), widget=forms.Textarea(attrs={"rows": 4}))
    parts_used = forms.CharField(
        label=_("Parts used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One part a line, with its quantity."),
    )
    minutes_on_site = forms.IntegerField(
        label=_("Time on site (minutes)"),
        min_value=0,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    minutes_travel = forms.IntegerField(
        label=_("Travel time (minutes)"),
        min_value=0,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    photos = MultipleFileField(
        label=_("Photos"),
        help_text=_("Taken with the phone; they are made smaller before they are kept."),
    )
    signed_by_name = forms.CharField(
        label=_("Name of the person who signs"), required=False, max_length=200
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    nobody_available = forms.BooleanField(label=_("Nobody available to sign"), required=False)

    def __init__(self, *args, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs.update({"accept": "image/*", "capture": "environment"})
        self.devices = list(devices)
        outcome_choices = [("", _("Not touched")), *DeviceOutcome.choices]
        for device in self.devices:
            self.fields[f"outcome_{device.pk}"] = forms.ChoiceField(
                label=_("What became of it"), choices=outcome_choices, required=False
            )
            self.fields[f"serial_{device.pk}"] = forms.CharField(
                label=_("Serial number of the new device"), required=False, max_length=100
            )

    def device_rows(self) -> list[dict]:
        return [
            {
                "device": device,
                "outcome": self[f"outcome_{device.pk}"],
                "serial": self[f"serial_{device.pk}"],
            }
            for device in self.devices
        ]

    def clean(self):
        data = super().clean()
        for device in self.devices:
            outcome = data.get(f"outcome_{device.pk}")
            if outcome == DeviceOutcome.REPLACED and not data.get(f"serial_{device.pk}"):
                self.add_error(
                    f"serial_{device.pk}",
                    _("Please give the serial number of the new device."),
                )
        return data

    def report_input(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            submission_key=data["submission_key"],
            work_done=data["work_done"],
            parts_used=data["parts_used"],
            minutes_on_site=data["minutes_on_site"],
            minutes_travel=data["minutes_travel"],
            devices=[
                DeviceReport(
                    device_id=device.pk,
                    outcome=data[f"outcome_{device.pk}"],
                    new_serial=data.get(f"serial_{device.pk}", ""),
                )
                for device in self.devices
                if data.get(f"outcome_{device.pk}")
            ],
            photos=data["photos"],
            signed_by_name=data["signed_by_name"],
            signature=data["signature"],
            nobody_available=data["nobody_available"],
        )
