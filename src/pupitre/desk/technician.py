"""The technician's workspace, made for a phone held in one hand: today's
interventions with the way there and the people to call, the status steps,
the report; the week ahead; the work waiting in their regions; the calendar
address their phone subscribes to."""

from datetime import timedelta
from urllib.parse import quote, urlencode, urlsplit
from uuid import uuid4
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_date, parse_id
from pupitre.equipment.coverage import phase_label
from pupitre.equipment.queries import device_coverages
from pupitre.onsite import icalendar, queries, services
from pupitre.onsite.models import DeviceOutcome, InterventionStatus
from pupitre.schools.models import Region
from pupitre.web.access import technician_required
from pupitre.web.forms import add_domain_error
from pupitre.web.middleware import second_factor_exempt

from .technician_forms import ReportForm

BRUSSELS = ZoneInfo("Europe/Brussels")


def _steps(status: str) -> list[tuple[str, str]]:
    """The big buttons a status offers, in thumb order."""
    labels = {
        InterventionStatus.ON_THE_WAY: _("On the way"),
        InterventionStatus.ON_SITE: _("On site"),
        InterventionStatus.NO_ACCESS: _("No access"),
    }
    return [(step, labels[step]) for step in services.technician_steps(status)]


def _map_links(site) -> dict[str, str]:
    """A `geo:` address (the phone's map app) and an OpenStreetMap page;
    no tracking parameter in either."""
    address = f"{site.street}, {site.postal_code} {site.city}"
    if site.latitude is not None and site.longitude is not None:
        lat, lon = f"{site.latitude:.6f}", f"{site.longitude:.6f}"
        return {
            "geo": "geo:{},{}?q={}".format(lat, lon, quote(f"{lat},{lon}({site.name})")),
            "osm": "https://www.openstreetmap.org/?"
            + urlencode({"mlat": lat, "mlon": lon})
            + f"#map=17/{lat}/{lon}",
        }
    return {
        "geo": "geo:0,0?q=" + quote(address),
        "osm": "https://www.openstreetmap.org/search?" + urlencode({"query": address}),
    }


def _tel(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _local(moment):
    return moment.astimezone(BRUSSELS) if moment else None


def _cards(interventions) -> list[dict]:
    """What each intervention of the day shows (one query for the
    conversations, one for the coverage, one for the reports)."""
    device_ids = [device.pk for item in interventions for device in item.devices.all()]
    coverage = device_coverages(device_ids)
    talks = queries.conversations([item.ticket_id for item in interventions])
    reports = queries.reports_of([item.pk for item in interventions])
    cards = []
    for item in interventions:
        ticket = item.ticket
        requester = ticket.requester
        contacts = []
        if requester.phone:
            contacts.append((requester.full_name, requester.phone, _tel(requester.phone)))
        for phone in ticket.school.phone_numbers.all():
            contacts.append((phone.label or ticket.school.name, phone.number, _tel(phone.number)))
        devices = []
        for device in item.devices.all():
            result = coverage.get(device.pk)
            devices.append(
                {
                    "model": str(device.model),
                    "serial": device.serial,
                    "coverage": phase_label(result.phase) if result else "",
                    "phase": result.phase if result else "",
                }
            )
        cards.append(
            {
                "intervention": item,
                "starts": _local(item.starts_at),
                "ends": _local(item.ends_at),
                "status_label": InterventionStatus(item.status).label,
                "final": item.is_final,
                "site": item.site,
                "school": ticket.school,
                "ticket": ticket,
                "requester": requester,
                "contacts": contacts,
                "maps": _map_links(item.site),
                "devices": devices,
                "conversation": talks.get(ticket.pk, []),
                "steps": _steps(item.status),
                "may_report": item.status == InterventionStatus.ON_SITE,
                "report": reports.get(item.pk),
            }
        )
    return cards


def _today():
    return timezone.localdate()


@technician_required
def today(request):
    day = parse_date(request.GET.get("day", "")) or _today()
    user = request.user
    interventions = queries.technician_day(user, day)
    regions = queries.technician_regions(user)
    context = {
        "day": day,
        "is_today": day == _today(),
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "cards": _cards(interventions),
        "handed_over": [
            {
                "handover": row,
                "starts": _local(row.starts_at),
                "ends": _local(row.ends_at),
            }
            for row in queries.technician_handed_over_on(user, day)
        ],
        "week": [
            {
                "intervention": item,
                "starts": _local(item.starts_at),
                "ends": _local(item.ends_at),
                "status_label": InterventionStatus(item.status).label,
            }
            for item in queries.technician_week(user, day)
        ],
        "regions": [Region(value).label for value in regions if value in Region.values],
        "waiting": [
            {
                "intervention": item,
                "region": Region(item.site.region).label
                if item.site.region in Region.values
                else item.site.region,
            }
            for item in queries.waiting_in_regions(regions)
        ],
    }
    return render(request, "desk/technician/today.html", context)


def _handed_over(request, handover):
    """Back to the day of a visit that went to another technician, saying so."""
    item = handover.intervention
    messages.warning(
        request,
        _(
            "The visit for request %(number)s (%(school)s) was handed over to another "
            "technician on %(date)s: it is no longer one of your interventions."
        )
        % {
            "number": item.ticket.number,
            "school": item.ticket.school.name,
            "date": date_format(_local(handover.handed_over_at), "SHORT_DATETIME_FORMAT"),
        },
    )
    url = reverse("desk:today")
    if handover.starts_at is not None:
        url += "?day=" + _local(handover.starts_at).date().isoformat()
    return redirect(url)


@technician_required
@require_POST
def step(request, intervention_id):
    try:
        intervention = queries.get_intervention_for_technician(
            request.user, parse_id(intervention_id)
        )
    except queries.HandedOver as gone:
        return _handed_over(request, gone.handover)
    try:
        status = request.POST.get("status", "")
        if status not in services.technician_steps(intervention.status) and (
            status != intervention.status
        ):
            raise DomainError(_("This step is not possible now."), code="not_allowed")
        services.intervention_set_status(
            intervention=intervention,
            status=status,
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Status: %(status)s.") % {"status": InterventionStatus(request.POST["status"]).label},
        )
    return redirect(reverse("desk:today") + f"#intervention-{intervention.pk}")


def _devices_of(intervention) -> list:
    return list(intervention.devices.all())


@technician_required
def report(request, intervention_id):
    try:
        intervention = queries.get_intervention_for_technician(
            request.user, parse_id(intervention_id)
        )
    except queries.HandedOver as gone:
        return _handed_over(request, gone.handover)
    devices = _devices_of(intervention)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, devices=devices)
        if form.is_valid():
            try:
                report, created = services.report_submit(
                    intervention=intervention, data=form.report_input(), by=request.user
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if created:
                    messages.success(
                        request, _("Report sent. The school receives its PDF by email.")
                    )
                return redirect(reverse("desk:today") + f"#intervention-{intervention.pk}")
    else:
        now = timezone.now()
        on_site = intervention.on_site_at or now
        travel = (
            (intervention.on_site_at - intervention.on_the_way_at)
            if intervention.on_site_at and intervention.on_the_way_at
            else timedelta(0)
        )
        form = ReportForm(
            devices=devices,
            initial={
                "submission_key": uuid4().hex,
                "minutes_on_site": max(0, int((now - on_site).total_seconds() // 60)),
                "minutes_travel": max(0, int(travel.total_seconds() // 60)),
            },
        )
    if intervention.status == InterventionStatus.DONE:
        return redirect(reverse("desk:today") + f"#intervention-{intervention.pk}")
    return render(
        request,
        "desk/technician/report.html",
        {
            "intervention": intervention,
            "form": form,
            "device_rows": form.device_rows(),
            "outcomes": DeviceOutcome.choices,
            "starts": _local(intervention.starts_at),
        },
    )


@technician_required
def calendar(request):
    """The technician's calendar address: made (shown once), replaced,
    revoked."""
    token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            _feed, token = services.calendar_feed_create(technician=request.user, by=request.user)
        elif action == "revoke":
            services.calendar_feed_revoke(technician=request.user, by=request.user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("desk:technician_calendar")
    feed = queries.active_feed(request.user)
    url = settings.PUPITRE_BASE_URL + reverse("onsite_feed", args=[token]) if token else ""
    return render(
        request,
        "desk/technician/calendar.html",
        {
            "feed": feed,
            "url": url,
            "webcal": url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
        },
    )


def _event(visit: queries.FeedVisit) -> icalendar.CalendarEvent:
    item = visit.intervention
    site = item.site
    school = item.ticket.school
    day = _local(visit.starts_at).date()
    geo = None
    if site.latitude is not None and site.longitude is not None:
        geo = (float(site.latitude), float(site.longitude))
    return icalendar.CalendarEvent(
        # Globally unique, and the same on every read and in every
        # technician's feed: calendars match by it. A visit handed over
        # shows in the former technician's feed with the same UID, cancelled,
        # and the revision the handover raised.
        uid=f"intervention-{item.pk}@{urlsplit(settings.PUPITRE_BASE_URL).hostname or 'pupitre'}",
        sequence=item.revision,
        start=visit.starts_at,
        end=visit.ends_at,
        summary=f"{school.name} — {site.city}",
        description=f"{item.ticket.number}\n{item.work}",
        location=f"{site.name}, {site.street}, {site.postal_code} {site.city}",
        url=f"{settings.PUPITRE_BASE_URL}{reverse('desk:today')}?day={day.isoformat()}",
        cancelled=visit.cancelled,
        geo=geo,
    )


@second_factor_exempt
@require_GET
def feed(request, token):
    """The iCalendar feed a phone calendar subscribes to: no sign-in, the
    secret address is the key. An unknown or revoked address answers 404."""
    found = queries.feed_for_token(token)
    if found is None:
        return HttpResponse(status=404, content_type="text/plain")
    now = timezone.now()
    user = found.technician
    with translation.override(user.language or settings.LANGUAGE_CODE):
        events = [_event(item) for item in queries.feed_interventions(user, now=now)]
        text = icalendar.calendar_text(
            events,
            name=_("Interventions of %(name)s") % {"name": user.full_name},
            stamp=now,
        )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="interventions.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
