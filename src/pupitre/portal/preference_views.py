"""A school user's own settings: answers by email."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pupitre.accounts.services import user_set_replies_by_email
from pupitre.web.access import school_user_required


class PreferencesForm(forms.Form):
    replies_by_email = forms.BooleanField(
        label=gettext_lazy("Send me the helpdesk's answers by email"),
        required=False,
        help_text=gettext_lazy("Answers to requests you made by email are always sent by email."),
    )


@school_user_required
def preferences(request):
    # An unticked box sends nothing: a POST without data is still a POST.
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"replies_by_email": request.user.replies_by_email},
    )
    if request.method == "POST" and form.is_valid():
        user_set_replies_by_email(
            user=request.user, replies_by_email=form.cleaned_data["replies_by_email"]
        )
        messages.success(request, _("Your settings are saved."))
        return redirect("portal:preferences")
    return render(request, "portal/preferences.html", {"form": form})
