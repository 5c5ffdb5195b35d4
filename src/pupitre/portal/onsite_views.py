"""The school's side of an on-site visit: the page of the signed link in the
mail (no sign-in needed, valid until the slot), where the school confirms a
proposed time or asks for another one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pupitre.core.errors import DomainError
from pupitre.onsite import services
from pupitre.onsite.models import InterventionStatus
from pupitre.onsite.queries import (
    confirmation_token,
    intervention_from_token,
    school_visit_rows,
)
from pupitre.onsite.texts import slot_text
from pupitre.web.forms import add_domain_error
from pupitre.web.middleware import second_factor_exempt

from .onsite_forms import ConfirmSlotForm, OtherTimeForm


def school_visits(ticket) -> list[dict]:
    """The request page's visits, labels ready (one query)."""
    rows = school_visit_rows(ticket)
    for row in rows:
        row["status_label"] = InterventionStatus(row["status"]).label
        row["when"] = slot_text(row["starts_at"], row["ends_at"]) if row["starts_at"] else ""
    return rows


@second_factor_exempt
def confirm(request, token):
    intervention = intervention_from_token(token, now=timezone.now())
    if intervention is None:
        return render(request, "portal/onsite_link_expired.html", status=404)
    # The page speaks the school's language, whoever opens the link.
    language = intervention.ticket.school.language
    request.LANGUAGE_CODE = language
    with translation.override(language):
        # `render` builds the whole page here, in that language.
        return _confirm_page(request, token, intervention)


def _confirm_page(request, token, intervention):
    by = request.user if request.user.is_authenticated and request.user.is_school_user else None
    slots = [(slot, slot_text(slot.starts_at, slot.ends_at)) for slot in intervention.slots.all()]
    confirm_form = ConfirmSlotForm(slots=slots, name_required=by is None)
    other_form = OtherTimeForm(name_required=by is None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                confirm_form = ConfirmSlotForm(request.POST, slots=slots, name_required=by is None)
                if confirm_form.is_valid():
                    chosen = {slot.pk: slot for slot, _label in slots}.get(
                        confirm_form.cleaned_data["slot"]
                    )
                    if chosen is None:
                        raise Http404
                    intervention = services.intervention_confirm(
                        intervention=intervention,
                        slot=chosen,
                        name=confirm_form.cleaned_data["name"],
                        by=by,
                    )
                    messages.success(request, _("Thank you: the visit is confirmed."))
                    return redirect("portal:onsite_confirm", token=confirmation_token(intervention))
            elif action == "other":
                other_form = OtherTimeForm(request.POST, name_required=by is None)
                if other_form.is_valid():
                    services.intervention_ask_other_time(
                        intervention=intervention,
                        text=other_form.cleaned_data["text"],
                        name=other_form.cleaned_data["name"],
                        by=by,
                    )
                    messages.success(
                        request, _("Thank you: the helpdesk will propose other times.")
                    )
                    return redirect("portal:onsite_confirm", token=token)
            else:
                messages.error(request, _("This action is not available."))
        except DomainError as error:
            add_domain_error(confirm_form if action == "confirm" else other_form, error)
        status = 400
    return render(
        request,
        "portal/onsite_confirm.html",
        {
            "intervention": intervention,
            "ticket": intervention.ticket,
            "site": intervention.site,
            "confirmed": intervention.status == InterventionStatus.CONFIRMED,
            "when": slot_text(intervention.starts_at, intervention.ends_at)
            if intervention.starts_at
            else "",
            "confirm_form": confirm_form,
            "other_form": other_form,
            "signed_in": by is not None,
        },
        status=status,
    )
