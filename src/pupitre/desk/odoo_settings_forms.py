"""The form of the Odoo connection (administrators)."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from pupitre.tools.models import OdooConnection
from pupitre.tools.services import CONNECTION_FIELDS, MAX_TIMEOUT

_url = OdooConnection._meta.get_field("url")


class OdooConnectionForm(forms.ModelForm):
    url = forms.URLField(
        label=_url.verbose_name,
        max_length=_url.max_length,
        help_text=_url.help_text,
        assume_scheme="https",
    )
    # Write-only: never rendered back; empty keeps the stored key.
    api_key = forms.CharField(
        label=_("API key"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Created in Odoo by the technical user (Preferences → Account Security). "
            "Stored encrypted and never shown again; leave empty to keep the current key."
        ),
    )

    class Meta:
        model = OdooConnection
        fields = list(CONNECTION_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked here too, so that the message names the field (the
        # table's own check would only say which constraint failed).
        timeout = self.fields["timeout"]
        timeout.validators += [MinValueValidator(1), MaxValueValidator(MAX_TIMEOUT)]
        timeout.widget.attrs.update(min=1, max=MAX_TIMEOUT)
