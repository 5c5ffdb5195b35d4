from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pupitre.schools.queries import language_of

from .models import User


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
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(language_of(context["user"])):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
