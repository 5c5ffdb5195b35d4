"""Forms of the desk's email screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pupitre.mail.models import Mailbox
from pupitre.mail.services import MAILBOX_FIELDS


class MailboxForm(forms.ModelForm):
    # Write-only: never rendered back; empty keeps the stored password.
    new_password = forms.CharField(
        label=_("Password or app password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = Mailbox
        fields = list(MAILBOX_FIELDS)


class SchoolChoiceForm(forms.Form):
    school = forms.TypedChoiceField(
        label=_("School"), coerce=int, widget=forms.RadioSelect, choices=()
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [
            (school.pk, f"{school.name} ({school.official_number})") for school in schools
        ]


class MoveToSchoolForm(SchoolChoiceForm):
    add_requester = forms.BooleanField(
        label=_("Add the requester to this school if they are not a member"),
        required=False,
    )


class AttachContactForm(SchoolChoiceForm):
    """A mail without a usable sender: the school and the person to file it
    for (a member already, or added to the school)."""

    contact_email = forms.EmailField(
        label=_("Contact's email address"),
        help_text=_("A member of the school, or a new contact who is added to it."),
    )
    contact_name = forms.CharField(
        label=_("Contact's name"),
        required=False,
        max_length=150,
        help_text=_("Needed only for a new contact."),
    )
