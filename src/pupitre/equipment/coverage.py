"""Who is entitled to what help, for one device on one day (DESIGN.md §1).

Pure functions of plain values: no database, no settings. The screens, the
queue badge, the notices and the reports all ask `coverage()`.

Phases of a device from the market central:

- `programme`: Walloon-funded, from delivery until the ownership transfer
  (`transfer_years` after delivery). Repairs are handled by the programme.
- `assistance`: from the transfer, `assistance_years` more (never fewer
  than 5). The device is the school's: repairs are at its charge, the
  helpdesk still helps and diagnoses. Devices bought with the school's own
  funds (or other funds) through the market central are the school's from
  delivery and get assistance for the same total horizon (8 years by default).
- `extension`: after that, only on days covered by an approved extension.
- `not_covered`: everything else (not from the market central, retired,
  lost or replaced, not delivered yet, no delivery date, or no extension);
  `not_covered_reason()` says which, in the reader's language.

`may_ask_extension()` is the one rule of who may ask for an extension: the
service that records a request and the form that offers the devices.

Date arithmetic: "N years after" a day is the same day N years later; the
anniversary of 29 February in a common year is 1 March. A phase ends the
day before that anniversary, so a device delivered on 29 February 2024 is in
the programme until 28 February 2027 included and in assistance from
1 March 2027: the school never loses the end of February.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PROGRAMME = "programme"
ASSISTANCE = "assistance"
EXTENSION = "extension"
NOT_COVERED = "not_covered"
PHASES = (PROGRAMME, ASSISTANCE, EXTENSION, NOT_COVERED)

# Why a device is not covered.
NOT_MARKET_CENTRAL = "not_market_central"
# Not from the market central, bought with the school's own funds: said as
# such, so that a school knows why the programme never covered it.
OWN_PURCHASE = "own_purchase"
OUT_OF_SERVICE = "out_of_service"
NO_DELIVERY_DATE = "no_delivery_date"
NOT_DELIVERED = "not_delivered"
ENDED = "ended"  # the assistance period is over
EXTENSION_ENDED = "extension_ended"  # the last extension is over
# Devices that no extension can cover: the programme helps only with its
# own devices in service, and counts from their delivery.
CANNOT_BE_EXTENDED = (NOT_MARKET_CENTRAL, OWN_PURCHASE, OUT_OF_SERVICE, NO_DELIVERY_DATE)

UNDER_WARRANTY = "under_warranty"
WARRANTY_ENDED = "warranty_ended"
WARRANTY_UNKNOWN = "warranty_unknown"

REPAIRS_BY_PROGRAMME = "programme"
REPAIRS_BY_SCHOOL = "school"

MIN_ASSISTANCE_YEARS = 5
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DeviceFacts:
    """What coverage needs to know of a device (values of `equipment.Device`)."""

    provenance: str  # "market_central" or "other"
    funding: str  # "wallonia_programme", "own_funds" or "other"
    delivery_date: date | None
    warranty_end: date | None = None
    status: str = "in_service"


@dataclass(frozen=True)
class Policy:
    transfer_years: int = 3
    assistance_years: int = 5

    def __post_init__(self):
        if self.assistance_years < MIN_ASSISTANCE_YEARS:
            raise ValueError("assistance must last at least 5 years after the transfer")
        if self.transfer_years < 1:
            raise ValueError("the transfer comes at least one year after delivery")


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included."""

    start: date
    end: date


@dataclass(frozen=True)
class Included:
    repairs: str  # REPAIRS_BY_PROGRAMME or REPAIRS_BY_SCHOOL
    remote_help: bool
    onsite_help: bool


INCLUDED = {
    PROGRAMME: Included(REPAIRS_BY_PROGRAMME, remote_help=True, onsite_help=True),
    ASSISTANCE: Included(REPAIRS_BY_SCHOOL, remote_help=True, onsite_help=True),
    EXTENSION: Included(REPAIRS_BY_SCHOOL, remote_help=True, onsite_help=True),
    NOT_COVERED: Included(REPAIRS_BY_SCHOOL, remote_help=False, onsite_help=False),
}


@dataclass(frozen=True)
class Coverage:
    phase: str
    start: date | None  # first day of the phase (None: since always)
    end: date | None  # last day of the phase, included (None: no end known)
    warranty: str
    warranty_end: date | None
    included: Included
    reason: str = ""  # for `not_covered`: why
    next_phase: str = ""  # what follows `end`, if anything is known

    @property
    def is_covered(self) -> bool:
        return self.phase != NOT_COVERED

    def days_left(self, on_date: date) -> int | None:
        return None if self.end is None else (self.end - on_date).days

    def ends_within(self, on_date: date, days: int) -> bool:
        left = self.days_left(on_date)
        return left is not None and 0 <= left <= days

    @property
    def may_ask_extension(self) -> bool:
        """Whether an extension may be asked for the device: see
        `may_ask_extension()`, the rule of the service and of the form."""
        if self.reason in CANNOT_BE_EXTENDED or self.reason == NOT_DELIVERED:
            return False
        return self.phase != PROGRAMME

    @property
    def extension_worth_asking(self) -> bool:
        """Whether to suggest "Ask for an extension": an extension may be
        asked, and the help has ended or ends with the current phase."""
        return self.may_ask_extension and (not self.is_covered or self.next_phase == NOT_COVERED)

    @property
    def reason_text(self) -> str:
        """Why the device is not covered, in the active language ('' when it is)."""
        return not_covered_reason(self)

    @property
    def explanation(self) -> str:
        """A short explanation in the active language (render it inside
        `translation.override(...)` for a given reader)."""
        return explain(self)


def anniversary(day: date, years: int) -> date:
    """The same day `years` later; 29 February falls on 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def programme_period(device: DeviceFacts, policy: Policy) -> Period | None:
    if not _eligible(device) or device.funding != "wallonia_programme":
        return None
    return Period(
        device.delivery_date, anniversary(device.delivery_date, policy.transfer_years) - ONE_DAY
    )


def assistance_period(device: DeviceFacts, policy: Policy) -> Period | None:
    if not _eligible(device):
        return None
    if device.funding == "wallonia_programme":
        start = anniversary(device.delivery_date, policy.transfer_years)
        return Period(start, anniversary(start, policy.assistance_years) - ONE_DAY)
    years = policy.transfer_years + policy.assistance_years
    return Period(device.delivery_date, anniversary(device.delivery_date, years) - ONE_DAY)


def coverage(
    device: DeviceFacts, policy: Policy, extensions: Iterable[Period], on_date: date
) -> Coverage:
    """The phase of `device` on `on_date`, its dates, and what it includes."""
    warranty = _warranty(device, on_date)

    def result(phase, start, end, reason="", next_phase=""):
        return Coverage(
            phase=phase,
            start=start,
            end=end,
            warranty=warranty,
            warranty_end=device.warranty_end,
            included=INCLUDED[phase],
            reason=reason,
            next_phase=next_phase,
        )

    if device.provenance != "market_central":
        reason = OWN_PURCHASE if device.funding == "own_funds" else NOT_MARKET_CENTRAL
        return result(NOT_COVERED, None, None, reason)
    if device.status != "in_service":
        return result(NOT_COVERED, None, None, OUT_OF_SERVICE)
    if device.delivery_date is None:
        return result(NOT_COVERED, None, None, NO_DELIVERY_DATE)
    if on_date < device.delivery_date:
        return result(NOT_COVERED, None, device.delivery_date - ONE_DAY, NOT_DELIVERED)
    programme = programme_period(device, policy)
    if programme and on_date <= programme.end:
        return result(PROGRAMME, programme.start, programme.end, next_phase=ASSISTANCE)
    assistance = assistance_period(device, policy)
    runs = _extension_runs(extensions, after=assistance.end)
    if on_date <= assistance.end:
        follows = EXTENSION if runs and runs[0].start == assistance.end + ONE_DAY else NOT_COVERED
        return result(ASSISTANCE, assistance.start, assistance.end, next_phase=follows)
    previous_end, ended = assistance.end, ENDED
    for run in runs:
        if on_date < run.start:
            return result(
                NOT_COVERED, previous_end + ONE_DAY, run.start - ONE_DAY, ended, EXTENSION
            )
        if on_date <= run.end:
            return result(EXTENSION, run.start, run.end, next_phase=NOT_COVERED)
        previous_end, ended = run.end, EXTENSION_ENDED
    return result(NOT_COVERED, previous_end + ONE_DAY, None, ended)


def may_ask_extension(
    device: DeviceFacts, policy: Policy, extensions: Iterable[Period], on_date: date
) -> bool:
    """Whether a school may ask for an extension for `device` on `on_date`:
    the one rule of the service that records the request and of the form
    that offers the devices. Only a device from the market central, in
    service and delivered can be extended, whatever its funding (devices
    bought with the school's own funds there get the same help); and not
    while the programme still covers it, since assistance follows."""
    return coverage(device, policy, extensions, on_date).may_ask_extension


def _eligible(device: DeviceFacts) -> bool:
    return (
        device.provenance == "market_central"
        and device.status == "in_service"
        and device.delivery_date is not None
    )


def _extension_runs(extensions: Iterable[Period], *, after: date) -> list[Period]:
    """Extensions merged into contiguous runs, only their days after `after`.
    Overlapping or touching extensions make one run; a gap splits them."""
    runs: list[Period] = []
    for period in sorted(extensions, key=lambda p: p.start):
        start = max(period.start, after + ONE_DAY)
        if period.end < start:
            continue
        if runs and start <= runs[-1].end + ONE_DAY:
            if period.end > runs[-1].end:
                runs[-1] = Period(runs[-1].start, period.end)
        else:
            runs.append(Period(start, period.end))
    return runs


def _warranty(device: DeviceFacts, on_date: date) -> str:
    if device.warranty_end is None:
        return WARRANTY_UNKNOWN
    return UNDER_WARRANTY if on_date <= device.warranty_end else WARRANTY_ENDED


def latest_delivery_before(boundary: date, years: int) -> date:
    """The latest delivery date whose `years`-anniversary is on or before
    `boundary` (anniversaries grow with the delivery date). Used to turn
    phase boundaries into delivery-date ranges for database filters."""
    candidate = anniversary(boundary, -years) + timedelta(days=2)
    while anniversary(candidate, years) > boundary:
        candidate -= ONE_DAY
    return candidate


# Words -------------------------------------------------------------------


# Lazy: also the choices of forms, which are built once.
PHASE_LABELS = {
    PROGRAMME: gettext_lazy("Programme"),
    ASSISTANCE: gettext_lazy("Assistance"),
    EXTENSION: gettext_lazy("Extension"),
    NOT_COVERED: gettext_lazy("Not covered"),
}


def phase_label(phase: str) -> str:
    return str(PHASE_LABELS[phase])


def warranty_text(result: Coverage) -> str:
    if result.warranty == UNDER_WARRANTY:
        return _("Under manufacturer warranty until %(date)s.") % {
            "date": _day(result.warranty_end)
        }
    if result.warranty == WARRANTY_ENDED:
        return _("Manufacturer warranty ended on %(date)s.") % {"date": _day(result.warranty_end)}
    return _("Manufacturer warranty: end date not recorded.")


def included_lines(result: Coverage) -> list[str]:
    """What the school is entitled to, one plain sentence each."""
    if result.phase == NOT_COVERED:
        return [
            _("The helpdesk records and answers the request, but gives no remote or on-site help."),
        ]
    lines = []
    if result.included.repairs == REPAIRS_BY_PROGRAMME:
        lines.append(_("Repairs are handled by the programme."))
    else:
        lines.append(_("Repairs are at the school's charge; the helpdesk helps and diagnoses."))
    if result.included.remote_help:
        lines.append(_("Remote help by the helpdesk."))
    if result.included.onsite_help:
        lines.append(_("On-site help when remote help is not enough."))
    return lines


def explain(result: Coverage) -> str:
    """One or two sentences, in the active language."""
    if result.phase == PROGRAMME:
        return _(
            "Covered by the programme until %(end)s: repairs are handled by the programme. "
            "After that the device belongs to the school, which pays for repairs; "
            "the helpdesk still helps."
        ) % {"end": _day(result.end)}
    if result.phase == ASSISTANCE:
        text = _(
            "The device belongs to the school: repairs are at its charge. The helpdesk "
            "helps remotely and on site until %(end)s."
        ) % {"end": _day(result.end)}
        if result.next_phase == EXTENSION:
            text += " " + _("An extension follows.")
        return text
    if result.phase == EXTENSION:
        return _(
            "Help is extended case by case until %(end)s; repairs are at the school's charge."
        ) % {"end": _day(result.end)}
    text = not_covered_reason(result)
    if result.reason in (ENDED, EXTENSION_ENDED):
        return (
            text
            + " "
            + _(
                "The helpdesk records and answers the request; the school's ICT contact can "
                "ask for an extension."
            )
        )
    if result.reason == NOT_DELIVERED:
        return text
    return text + " " + _("The helpdesk still records and answers the request.")


def not_covered_reason(result: Coverage) -> str:
    """Why a device is not covered, one sentence in the active language
    ('' when it is covered): the device page, the device lists and the
    notice of the request form all say it with these words."""
    if result.is_covered:
        return ""
    if result.reason in (ENDED, EXTENSION_ENDED):
        ended = result.start - ONE_DAY if result.start else None
        if result.reason == ENDED:
            return _("Assistance ended on %(date)s.") % {"date": _day(ended)}
        return _("The extension ended on %(date)s.") % {"date": _day(ended)}
    reasons = {
        OWN_PURCHASE: _(
            "Bought with the school's own funds, not through the central purchasing body: "
            "the programme never covered it."
        ),
        NOT_MARKET_CENTRAL: _(
            "Not bought through the central purchasing body: the programme never covered it."
        ),
        OUT_OF_SERVICE: _("Recorded as out of service (retired, lost or replaced)."),
        NO_DELIVERY_DATE: _("Delivery date not recorded: its coverage cannot be established."),
        NOT_DELIVERED: _("Not delivered yet."),
    }
    return reasons[result.reason]


def _day(value: date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else "—"
