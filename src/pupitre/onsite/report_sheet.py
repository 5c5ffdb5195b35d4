"""A recorded report as its PDF, in the active language."""

from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pupitre.core.filenames import filename_from_path

from .models import DeviceOutcome, InterventionReport
from .report_pdf import DeviceLine, ReportSheet, report_pdf

BRUSSELS = ZoneInfo("Europe/Brussels")


def _hhmm(moment) -> str:
    return moment.astimezone(BRUSSELS).strftime("%H:%M") if moment else "-"


def report_document(report: InterventionReport) -> tuple[bytes, str]:
    """The PDF of `report` and its file name, in the active language."""
    intervention = report.intervention
    ticket = intervention.ticket
    site = intervention.site
    visit = intervention.on_site_at or intervention.starts_at or report.created_at
    devices = [
        DeviceLine(
            name=str(line.device.model),
            serial=line.device.serial,
            outcome=str(DeviceOutcome(line.outcome).label),
            new_serial=line.replacement.serial if line.replacement else "",
        )
        for line in report.devices.select_related("device__model", "replacement").order_by(
            "device__serial"
        )
    ]
    photos = []
    for photo in report.photos.all():
        with photo.image.open("rb") as handle:
            photos.append((handle.read(), photo.width, photo.height))
    signature = None
    if report.signature:
        with report.signature.open("rb") as handle:
            signature = handle.read()
    sheet = ReportSheet(
        ticket_number=ticket.number,
        school=ticket.school.name,
        site=site.name,
        address=f"{site.street}, {site.postal_code} {site.city}",
        technician=report.written_by.full_name,
        visit_day=date_format(visit.astimezone(BRUSSELS).date(), "l j F Y"),
        arrived=_hhmm(intervention.on_site_at),
        left=_hhmm(intervention.finished_at or report.created_at),
        minutes_on_site=report.minutes_on_site,
        minutes_travel=report.minutes_travel,
        work_done=report.work_done,
        parts_used=report.parts_used,
        devices=devices,
        photos=photos,
        signed_by=report.signed_by_name,
        signature_png=signature,
        nobody_available=report.nobody_available,
        written=_("Written on %(date)s by Pupitre")
        % {"date": date_format(report.created_at.astimezone(BRUSSELS), "j F Y, H:i")},
    )
    filename = filename_from_path(_("report-%(number)s.pdf") % {"number": ticket.number})
    return report_pdf(sheet), filename
