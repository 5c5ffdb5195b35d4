from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.queries import active_users_with_email
from pupitre.schools.queries import language_of


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("The email address or the password is not right. Please try again."),
        "inactive": _("This account is disabled."),
    }


class PasswordResetRequestForm(PasswordResetForm):
    """ "Forgot your password?": the link goes out in the person's language.

    People added by an agent during a phone call have no password yet: this
    is how they choose one, so an unusable password does not exclude them
    (Django's default does)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def save(self, **options):
        # Links are built on the configured address, never on the Host header.
        options["extra_email_context"] = {"base_url": settings.PUPITRE_BASE_URL}
        super().save(**options)

    def get_users(self, email):
        return active_users_with_email(email)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(language_of(context["user"])):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class SecondFactorCodeForm(forms.Form):
    """One field for a code from the authenticator app or a backup code (both
    digits only, so phones show the number pad)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "The 6 digits shown by your authenticator app, or one of your 12-digit backup codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Type the code.")},
    )

    def __init__(self, *args, app_only=False, autofocus=True, **kwargs):
        super().__init__(*args, **kwargs)
        if autofocus:
            self.fields["code"].widget.attrs["autofocus"] = True
        if app_only:
            self.fields["code"].help_text = _("The 6 digits shown by your authenticator app.")
