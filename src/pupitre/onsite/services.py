"""Every change to an on-site intervention goes through these functions."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Role, User
from pupitre.core.errors import DomainError
from pupitre.core.task_queue import enqueue_on_commit
from pupitre.equipment.models import DeviceStatus
from pupitre.equipment.services import device_replace, device_set_status
from pupitre.tickets.models import EventField, Message, MessageKind

from . import photos as photo_rules
from .models import (
    CalendarFeed,
    DeviceOutcome,
    Intervention,
    InterventionReport,
    InterventionStatus,
    ReportDevice,
    ReportPhoto,
)
from .queries import token_hash

# ---------------------------------------------------------------------------
# The technician's side: status steps, the report, the calendar feed.

# The steps a technician takes, and from where.
TECHNICIAN_STEPS = {
    InterventionStatus.ON_THE_WAY: (InterventionStatus.CONFIRMED,),
    InterventionStatus.ON_SITE: (InterventionStatus.CONFIRMED, InterventionStatus.ON_THE_WAY),
    InterventionStatus.NO_ACCESS: (InterventionStatus.ON_THE_WAY, InterventionStatus.ON_SITE),
    InterventionStatus.DONE: (InterventionStatus.ON_SITE,),
}
MAX_PHOTOS = 10
# A day of work is the most a report can claim, per field.
MAX_MINUTES = 24 * 60
TEXT_MAX_LENGTH = 10_000
NAME_MAX_LENGTH = 200


def _lock(intervention: Intervention | int) -> Intervention:
    pk = intervention if isinstance(intervention, int) else intervention.pk
    return (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("ticket", "site")
        .get(pk=pk)
    )


def _check_own(intervention: Intervention, by: User) -> None:
    if by is None or not (
        (by.role == Role.TECHNICIAN and intervention.technician_id == by.pk) or by.works_the_desk
    ):
        raise DomainError(
            _("Only the intervention's technician or the helpdesk can do this."),
            code="not_allowed",
        )


def _step(intervention: Intervention, status: str, by: User, now: datetime) -> None:
    """Move a locked intervention to `status`, with its time and a history
    event on the ticket."""
    old = intervention.status
    intervention.status = status
    fields = ["status", "revision", "updated_at"]
    stamp = {
        InterventionStatus.ON_THE_WAY: "on_the_way_at",
        InterventionStatus.ON_SITE: "on_site_at",
        InterventionStatus.DONE: "finished_at",
        InterventionStatus.NO_ACCESS: "finished_at",
    }.get(status)
    if stamp:
        setattr(intervention, stamp, now)
        fields.append(stamp)
    intervention.revision += 1
    intervention.updated_at = now
    intervention.save(update_fields=fields)
    Message.objects.create(
        ticket_id=intervention.ticket_id,
        kind=MessageKind.EVENT,
        author=by,
        field=EventField.INTERVENTION,
        old_value=old,
        new_value=status,
        created_at=now,
    )


def intervention_step(*, intervention: Intervention, status: str, by: User) -> Intervention:
    """A technician's status step: on the way, on site, no access. (Done is
    the report: `report_submit`.) Tapping the same step twice is harmless."""
    if status not in TECHNICIAN_STEPS or status == InterventionStatus.DONE:
        raise DomainError(_("This step does not exist."), code="invalid", field="status")
    now = timezone.now()
    with transaction.atomic():
        intervention = _lock(intervention)
        _check_own(intervention, by)
        if intervention.status == status:
            return intervention
        if intervention.status not in TECHNICIAN_STEPS[status]:
            raise DomainError(
                _("This intervention is “%(status)s”; that step is not possible now.")
                % {"status": InterventionStatus(intervention.status).label},
                code="wrong_status",
                field="status",
            )
        _step(intervention, status, by, now)
    return intervention


@dataclass
class DeviceReport:
    device_id: int
    outcome: str
    new_serial: str = ""


@dataclass
class ReportInput:
    submission_key: str
    work_done: str
    minutes_on_site: int
    minutes_travel: int
    parts_used: str = ""
    devices: list[DeviceReport] = field(default_factory=list)
    # Uploaded files (Django's UploadedFile) or anything with .read().
    photos: Sequence = ()
    signed_by_name: str = ""
    # The canvas drawing as sent by the browser (data:image/png;base64,…).
    signature: str = ""
    nobody_available: bool = False


def _clean_report(data: ReportInput) -> ReportInput:
    work = data.work_done.strip()
    if not work:
        raise DomainError(_("Please say what was done."), code="required", field="work_done")
    if len(work) > TEXT_MAX_LENGTH or len(data.parts_used) > TEXT_MAX_LENGTH:
        raise DomainError(
            _("A text of the report has at most %(count)d characters.")
            % {"count": TEXT_MAX_LENGTH},
            code="too_long",
            field="work_done",
        )
    for name, value in (
        ("minutes_on_site", data.minutes_on_site),
        ("minutes_travel", data.minutes_travel),
    ):
        if not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
            raise DomainError(
                _("Please give a number of minutes between 0 and %(max)d.") % {"max": MAX_MINUTES},
                code="invalid",
                field=name,
            )
    name = data.signed_by_name.strip()
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            _("A name has at most %(count)d characters.") % {"count": NAME_MAX_LENGTH},
            code="too_long",
            field="signed_by_name",
        )
    if not data.nobody_available:
        if not name:
            raise DomainError(
                _("Please give the name of the person who signs, or tick “Nobody available”."),
                code="required",
                field="signed_by_name",
            )
        if not data.signature:
            raise DomainError(
                _("Please let the school sign, or tick “Nobody available”."),
                code="required",
                field="signature",
            )
    if len(data.photos) > MAX_PHOTOS:
        raise DomainError(
            _("At most %(count)d photos per report.") % {"count": MAX_PHOTOS},
            code="too_many_files",
            field="photos",
        )
    key = data.submission_key.strip()
    if not key or len(key) > 64:
        raise DomainError(
            _("The form is incomplete; please open it again."), code="invalid", field=None
        )
    seen: set[int] = set()
    for line in data.devices:
        if line.device_id in seen:
            raise DomainError(
                _("Each device can be reported once."), code="duplicate", field="devices"
            )
        seen.add(line.device_id)
        if line.outcome not in DeviceOutcome.values:
            raise DomainError(
                _("“%(value)s” is not a valid choice.") % {"value": line.outcome},
                code="invalid",
                field="devices",
            )
    data.work_done = work
    data.parts_used = data.parts_used.strip()
    data.signed_by_name = "" if data.nobody_available else name
    data.submission_key = key
    return data


def report_submit(
    *, intervention: Intervention, data: ReportInput, by: User
) -> tuple[InterventionReport, bool]:
    """The technician's report: the intervention is done, the devices'
    registry rows follow what became of them, photos are resized, and the
    PDF of the report is attached to the ticket as a public reply and
    mailed to the school in its language. Returns (report, created): the
    same form sent again (same submission key) returns the report already
    recorded and changes nothing."""
    data = _clean_report(data)
    existing = InterventionReport.objects.filter(submission_key=data.submission_key).first()
    if existing is not None and existing.intervention_id == intervention.pk:
        return existing, False
    # Decoding and scaling photos takes a moment: before any row is locked.
    resized = [photo_rules.resize_photo(_read(upload)) for upload in data.photos]
    signature = (
        photo_rules.signature_png(data.signature)
        if data.signature and not data.nobody_available
        else None
    )
    now = timezone.now()
    with transaction.atomic():
        intervention = _lock(intervention)
        _check_own(intervention, by)
        already = InterventionReport.objects.filter(intervention=intervention).first()
        if already is not None:
            if already.submission_key == data.submission_key:
                return already, False
            raise DomainError(_("This intervention already has a report."), code="already_reported")
        if intervention.status not in TECHNICIAN_STEPS[InterventionStatus.DONE]:
            raise DomainError(
                _("A report is written on site: tap “On site” first."),
                code="wrong_status",
            )
        devices = {device.pk: device for device in intervention.devices.all()}
        report = InterventionReport.objects.create(
            intervention=intervention,
            submission_key=data.submission_key,
            work_done=data.work_done,
            parts_used=data.parts_used,
            minutes_on_site=data.minutes_on_site,
            minutes_travel=data.minutes_travel,
            signed_by_name=data.signed_by_name,
            nobody_available=data.nobody_available,
            written_by=by,
            created_at=now,
        )
        if signature is not None:
            report.signature.save(f"signature-{report.pk}.png", ContentFile(signature), save=True)
        for line in data.devices:
            device = devices.get(line.device_id)
            if device is None:
                raise DomainError(
                    _("A device of the report is not one of this intervention's devices."),
                    code="unknown_device",
                    field="devices",
                )
            replacement = None
            if line.outcome == DeviceOutcome.REPLACED:
                replacement = device_replace(device=device, new_serial=line.new_serial, by=by)
            elif line.outcome == DeviceOutcome.OUT_OF_SERVICE:
                device_set_status(device=device, status=DeviceStatus.RETIRED, by=by)
            ReportDevice.objects.create(
                report=report, device=device, outcome=line.outcome, replacement=replacement
            )
        for index, photo in enumerate(resized, start=1):
            row = ReportPhoto(report=report, width=photo.width, height=photo.height)
            name = f"report-{report.pk}-{index}.jpg"
            row.image.save(name, ContentFile(photo.content), save=False)
            row.save()
        _step(intervention, InterventionStatus.DONE, by, now)
        _attach_pdf(report, by)
        enqueue_on_commit(_mail_task(), report.pk)
    return report, True


def _read(upload) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read()


def _attach_pdf(report: InterventionReport, by: User) -> None:
    """The PDF, in the school's language, as a public reply on the ticket
    (the school sees it in the portal). The mail with the PDF is the
    report's own (`tasks.send_report`), not the usual reply notification."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from pupitre.tickets.services import ticket_reply

    from .report_sheet import report_document

    ticket = report.intervention.ticket
    with translation.override(ticket.school.language):
        content, filename = report_document(report)
        body = str(
            _("Report of the on-site intervention: %(work)s") % {"work": report.work_done[:500]}
        )
    message = ticket_reply(
        ticket=ticket,
        author=by,
        body=body,
        attachments=[SimpleUploadedFile(filename, content, "application/pdf")],
        notify=False,
    )
    report.pdf = message.attachments.get()
    report.save(update_fields=["pdf"])


def _mail_task():
    from .tasks import send_report

    return send_report


def calendar_feed_create(*, technician: User, by: User) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for the technician; the previous one
    stops working. Returns the feed and its token (shown once: only its
    hash is kept)."""
    if technician.role != Role.TECHNICIAN or (
        by.pk != technician.pk and not by.configures_the_service
    ):
        raise DomainError(
            _("Only a technician has a calendar address of their interventions."),
            code="not_allowed",
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        CalendarFeed.objects.filter(technician=technician, revoked_at__isnull=True).update(
            revoked_at=now
        )
        feed = CalendarFeed.objects.create(
            technician=technician, token_hash=token_hash(token), created_at=now
        )
    return feed, token


def calendar_feed_revoke(*, technician: User, by: User) -> int:
    """The technician's calendar address stops working (a lost phone)."""
    if by.pk != technician.pk and not by.configures_the_service:
        raise DomainError(_("Only programme staff can do this."), code="not_allowed")
    return CalendarFeed.objects.filter(technician=technician, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
