"""The settings' history for supervisors and administrators: who changed
which calendar, closed day, SLA target, coverage rule, mailbox, role,
school, membership or team, when, from what to what."""

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Model
from django.shortcuts import render
from django.utils.translation import gettext as _

from pupitre.accounts.models import User
from pupitre.audit.models import ObjectKind
from pupitre.audit.queries import audit_authors, audit_records
from pupitre.equipment.models import CoveragePolicy
from pupitre.hours.models import ClosedDay, ClosedPeriod, ServiceCalendar, Weekday
from pupitre.mail.models import Mailbox
from pupitre.phone.models import BlockedNumber, PhoneLine
from pupitre.schools.models import Membership, School
from pupitre.tickets.models import SlaPolicy, Team
from pupitre.web.access import supervisor_required
from pupitre.web.presenters import DateText

from .settings_forms import SettingsHistoryFilter

PER_PAGE = 50

MODEL_OF_KIND: dict[str, type[Model]] = {
    ObjectKind.CALENDAR: ServiceCalendar,
    ObjectKind.CLOSED_DAY: ClosedDay,
    ObjectKind.CLOSED_PERIOD: ClosedPeriod,
    ObjectKind.SLA_POLICY: SlaPolicy,
    ObjectKind.COVERAGE_POLICY: CoveragePolicy,
    ObjectKind.MAILBOX: Mailbox,
    ObjectKind.USER: User,
    ObjectKind.MEMBERSHIP: Membership,
    ObjectKind.SCHOOL: School,
    ObjectKind.TEAM: Team,
    ObjectKind.PHONE_LINE: PhoneLine,
    ObjectKind.BLOCKED_NUMBER: BlockedNumber,
}


@supervisor_required
def settings_history(request):
    form = SettingsHistoryFilter(
        request.GET or None, kinds=ObjectKind.choices, authors=audit_authors()
    )
    filters = form.cleaned_data if form.is_valid() else {}
    records = audit_records(
        kind=filters.get("kind") or "",
        by_id=filters.get("by"),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    shown = Shown()
    rows = [shown.row(record) for record in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "desk/settings_history.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


class Shown:
    """Labels of a page's rows, in the reader's language: fields by their
    name, choices by their label, yes/no translated."""

    def __init__(self):
        self.date_text = DateText()
        self.kinds = dict(ObjectKind.choices)
        self.yes_no = {"yes": _("yes"), "no": _("no")}

    def row(self, record) -> dict:
        field = self._field(record.object_kind, record.field)
        iso, when = self.date_text(record.created_at)
        return {
            "iso": iso,
            "when": when,
            "by": str(record.by) if record.by else _("System"),
            "kind": self.kinds.get(record.object_kind, record.object_kind),
            "label": record.object_label,
            "field": self._field_label(record.field, field),
            "old": self._value(record.old_value, field),
            "new": self._value(record.new_value, field),
        }

    def _field(self, kind: str, name: str):
        model = MODEL_OF_KIND.get(kind)
        try:
            return model._meta.get_field(name) if model else None
        except FieldDoesNotExist:  # an opening-hours row, or a field since removed
            return None

    def _field_label(self, name: str, field) -> str:
        if field is not None and field.auto_created and not field.concrete:
            # A list of related rows (a school's sites, its phone numbers).
            return str(field.related_model._meta.verbose_name_plural)
        if field is not None:
            return str(field.verbose_name)
        if name.startswith("hours_") and name[6:].isdigit() and int(name[6:]) in Weekday.values:
            return _("Opening hours on %(weekday)s") % {"weekday": Weekday(int(name[6:])).label}
        return name

    def _value(self, value: str, field) -> str:
        if field is not None and getattr(field, "choices", None):
            return str(dict((str(k), v) for k, v in field.flatchoices).get(value, value))
        if field is not None and field.get_internal_type() == "BooleanField":
            return str(self.yes_no.get(value, value))
        return value
