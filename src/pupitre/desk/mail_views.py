"""The desk's email screens: triage (mail waiting for a school or held by
the per-sender limit), mail problems, and the mailboxes (administrators)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.accounts.models import Role
from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.mail import queries, services
from pupitre.mail.models import Mailbox, Problem, State
from pupitre.schools.queries import find_schools, school_by_id
from pupitre.web.access import administrator_required, desk_user_required
from pupitre.web.forms import add_domain_error
from pupitre.web.pagination import bounded_page
from pupitre.web.presenters import DateText

from .forms import SchoolSearchForm
from .mail_forms import AttachContactForm, MailboxForm, SchoolChoiceForm


def _mail_list(request, mails, template: str, tab: str):
    """A page of a mail list, oldest first: the lists grow when a mail
    server sends a flood, and every mail in them stays reachable."""
    page = bounded_page(mails, request.GET.get("page"), settings.PAGE_SIZE)
    date_text = DateText()
    rows = [(mail, *date_text(mail.received_at)) for mail in page.object_list]
    context = {"rows": rows, "page": page, "listing": "emails", "tab": tab}
    return render(request, template, {**context, "technical": _sees_technical_detail(request)})


def _sees_technical_detail(request) -> bool:
    """Exception texts are for administrators; agents read the reason."""
    return request.user.role == Role.ADMINISTRATOR


@desk_user_required
def triage(request):
    return _mail_list(request, queries.triage_mails(), "desk/mail/triage.html", "triage")


@desk_user_required
def problems(request):
    return _mail_list(request, queries.problem_mails(), "desk/mail/problems.html", "problems")


@desk_user_required
def mail_detail(request, pk, form=None, status=200):
    mail = queries.get_mail_for_user(request.user, pk)
    context = {
        "mail": mail,
        "preview": queries.mail_preview(mail),
        "tab": _tab_of(mail),
        "technical": _sees_technical_detail(request),
    }
    attaching = mail.state == State.FAILED and mail.problem == Problem.NO_SENDER
    if mail.state == State.TRIAGE or attaching:
        search = SchoolSearchForm(request.GET or None)
        text = request.GET.get("school_q", "").strip()
        schools = find_schools(text) if text else []
        if mail.suggested_school and mail.suggested_school not in schools:
            schools.insert(0, mail.suggested_school)
        initial = {"school": mail.suggested_school_id} if mail.suggested_school_id else {}
        form_class = AttachContactForm if attaching else SchoolChoiceForm
        context.update(
            search=search,
            searched=bool(text),
            attaching=attaching,
            school_form=form or form_class(initial=initial, schools=schools),
        )
    return render(request, "desk/mail/detail.html", context, status=status)


@require_POST
@desk_user_required
def mail_link(request, pk):
    mail = queries.get_mail_for_user(request.user, pk)
    school_id = parse_id(request.POST.get("school"))
    schools = [school] if (school := school_by_id(school_id)) else []
    form = SchoolChoiceForm(request.POST, schools=schools)
    if form.is_valid():
        try:
            filed = services.inbound_link_school(inbound=mail, school=schools[0], by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            ticket = filed.ticket
            messages.success(
                request, _("Request %(number)s opened for this school.") % {"number": ticket.number}
            )
            _warn_held_elsewhere(request, filed)
            return redirect("desk:ticket", number=ticket.number)
    return mail_detail(request, pk, form=form, status=400)


@require_POST
@desk_user_required
def mail_attach(request, pk):
    """A mail without a usable sender, filed for a contact of a school."""
    mail = queries.get_mail_for_user(request.user, pk)
    school = school_by_id(parse_id(request.POST.get("school")))
    schools = [school] if school else []
    form = AttachContactForm(request.POST, schools=schools)
    if form.is_valid():
        try:
            filed = services.inbound_attach_contact(
                inbound=mail,
                school=schools[0],
                email=form.cleaned_data["contact_email"],
                name=form.cleaned_data["contact_name"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            ticket = filed.ticket
            messages.success(
                request,
                _("The email was filed on request %(number)s.") % {"number": ticket.number},
            )
            _warn_held_elsewhere(request, filed)
            return redirect("desk:ticket", number=ticket.number)
    return mail_detail(request, pk, form=form, status=400)


def _warn_held_elsewhere(request, filed: services.Filed) -> None:
    if filed.also_on:
        messages.warning(
            request,
            _(
                "An email with the same Message-ID is already on request %(numbers)s: "
                "check that it is not the same message. The history of request "
                "%(number)s notes it."
            )
            % {"numbers": ", ".join(filed.also_on), "number": filed.ticket.number},
        )


def _action(change, success):
    @require_POST
    @desk_user_required
    def view(request, pk):
        mail = queries.get_mail_for_user(request.user, pk)
        try:
            result = change(inbound=mail, by=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("desk:mail", pk=mail.pk)
        if result is not None and result.state == State.FAILED:
            messages.error(request, _("The email still cannot be processed."))
        else:
            messages.success(request, success())
        if result is not None and result.ticket_id:
            return redirect("desk:ticket", number=result.ticket.number)
        return redirect("desk:mail", pk=mail.pk)

    return view


mail_release = _action(services.inbound_release, lambda: _("The email was processed."))
mail_retry = _action(services.inbound_retry, lambda: _("The email was processed."))
mail_discard = _action(services.inbound_discard, lambda: _("The email was set aside."))


@desk_user_required
def mail_raw(request, pk):
    mail = queries.get_mail_for_user(request.user, pk)
    response = HttpResponse(bytes(mail.raw), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="message-{mail.pk}.eml"'
    return response


def _tab_of(mail) -> str:
    return "problems" if mail.state == State.FAILED else "triage"


@administrator_required
def mailboxes(request):
    return render(
        request, "desk/mail/mailboxes.html", {"mailboxes": queries.mailboxes(), "tab": "mailboxes"}
    )


@administrator_required
def mailbox_edit(request, pk=None):
    mailbox = get_object_or_404(Mailbox, pk=pk) if pk else Mailbox()
    form = MailboxForm(request.POST or None, instance=mailbox)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.mailbox_save(
                    mailbox=form.save(commit=False),
                    password=form.cleaned_data["new_password"],
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Mailbox saved."))
                return redirect("desk:mailboxes")
        status = 400
    return render(
        request,
        "desk/mail/mailbox_form.html",
        {"form": form, "mailbox": mailbox, "tab": "mailboxes"},
        status=status,
    )
