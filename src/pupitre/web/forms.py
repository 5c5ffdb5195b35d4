"""Form pieces shared by the screens: file and bounded fields, how a refused change is shown."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pupitre.core.errors import DomainError
from pupitre.core.request_input import DATE_MAX, DATE_MIN, parse_id


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; size rules are checked by the services."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


def attachments_field():
    return MultipleFileField(
        label=_("Attachments"),
        help_text=_("Screenshots, photos or documents (optional)."),
    )


class RefusedWhenLongField(forms.CharField):
    """A line of text whose length is checked on the server only: with the
    HTML maxlength a browser silently cuts what is typed or pasted beyond it,
    where the form should refuse it with a message and let the user shorten it."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    attachments = attachments_field()


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of rows by id whose values are checked as ids before any
    query: Django validates them with `pk__in`, which SQLite and PostgreSQL
    refuse with an error for a number beyond their integer range."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class BoundedDateField(forms.DateField):
    """A date a person can mean (see `pupitre.core.request_input`): the year 1 or
    9999 is a valid date for Python but overflows in period arithmetic."""

    default_error_messages = {
        "out_of_range": _("Enter a date between %(min)s and %(max)s."),
    }

    def validate(self, value):
        super().validate(value)
        if value and not DATE_MIN <= value <= DATE_MAX:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={
                    "min": date_format(DATE_MIN, "SHORT_DATE_FORMAT"),
                    "max": date_format(DATE_MAX, "SHORT_DATE_FORMAT"),
                },
            )


def add_domain_error(form, error: DomainError) -> None:
    """Show a refused change on the form, next to its field when it has one."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def uploaded_files(request, name: str = "attachments") -> list:
    return request.FILES.getlist(name)
