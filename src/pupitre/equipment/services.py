"""Every change to coverage rules and extensions goes through these functions."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import DESK_ROLES, Role, User
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record, snapshot
from pupitre.core.config_cache import forget
from pupitre.core.errors import DomainError
from pupitre.core.filenames import filename_from_path
from pupitre.core.task_queue import enqueue_on_commit
from pupitre.core.validation import check_choice
from pupitre.schools.models import Membership, MembershipRole, School

from . import coverage as cov
from . import imports
from .models import (
    CoverageExtension,
    CoverageNotice,
    CoveragePolicy,
    Device,
    DeviceImport,
    DeviceModel,
    DeviceStatus,
    ExtensionEvent,
    ExtensionEventKind,
    ExtensionRequest,
    ExtensionStatus,
    ImportMode,
    ImportStatus,
    new_label_code,
)
from .queries import (
    COVERAGE_POLICY,
    covered_until,
    current_policy,
    extensions_by_device,
    facts_of,
    upcoming_changes,
)

SUPERVISING_ROLES = (Role.SUPERVISOR, Role.ADMINISTRATOR)
REASON_MAX_LENGTH = 2000


def coverage_policy_update(
    *, by: User | None, transfer_years: int, assistance_years: int, notice_days: int
) -> CoveragePolicy:
    """Change the coverage rules; every screen follows from the next page on.
    `by` is `None` for the system."""
    if by is not None and by.role not in SUPERVISING_ROLES:
        raise DomainError(_("Only supervisors can change the coverage rules."), code="not_allowed")
    if assistance_years < cov.MIN_ASSISTANCE_YEARS:
        raise DomainError(
            _("Assistance lasts at least %(years)d years after the transfer.")
            % {"years": cov.MIN_ASSISTANCE_YEARS},
            code="too_short",
            field="assistance_years",
        )
    if transfer_years < 1:
        raise DomainError(
            _("The transfer comes at least one year after delivery."),
            code="too_short",
            field="transfer_years",
        )
    if notice_days < 1:
        raise DomainError(
            _("The notice comes at least one day before."), code="too_short", field="notice_days"
        )
    with transaction.atomic():
        policy = CoveragePolicy.objects.select_for_update().order_by("id").first()
        policy = policy or CoveragePolicy()
        fields = ("transfer_years", "assistance_years", "notice_days")
        before = snapshot(policy, fields) if policy.pk else None
        policy.transfer_years = transfer_years
        policy.assistance_years = assistance_years
        policy.notice_days = notice_days
        policy.updated_by = by
        policy.save()
        audit_record(
            by=by,
            kind=ObjectKind.COVERAGE_POLICY,
            object_id=policy.pk,
            label=str(CoveragePolicy._meta.verbose_name),
            old=before,
            new=snapshot(policy, fields),
        )
        forget(COVERAGE_POLICY)
    return policy


# Extensions ----------------------------------------------------------------


def extension_request(
    *,
    by: User,
    school: School,
    devices: Sequence[Device],
    reason: str,
    requested_end: date,
) -> ExtensionRequest:
    """Ask for help beyond the assistance period for some of a school's
    devices. Asked by the school's ICT contact or by a desk agent."""
    is_ict = Membership.objects.filter(
        user=by, school=school, role=MembershipRole.ICT_CONTACT
    ).exists()
    if not is_ict and by.role not in DESK_ROLES:
        raise DomainError(
            _("Only the school's ICT contact or the helpdesk can ask for an extension."),
            code="not_allowed",
        )
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Please give a reason."), code="required", field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(
            _("The reason is too long (at most %(max)d characters).") % {"max": REASON_MAX_LENGTH},
            code="too_long",
            field="reason",
        )
    devices = list(devices)
    if not devices:
        raise DomainError(_("Please choose at least one device."), code="required", field="devices")
    today = timezone.localdate()
    policy = current_policy()
    extensions = extensions_by_device(d.pk for d in devices)
    for device in devices:
        if device.school_id != school.pk:
            raise DomainError(
                _("Device %(serial)s does not belong to this school.") % {"serial": device.serial},
                code="foreign_device",
                field="devices",
            )
        if not cov.may_ask_extension(
            facts_of(device), policy, extensions.get(device.pk, ()), today
        ):
            raise DomainError(
                _(
                    "No extension can be asked for device %(serial)s: only delivered devices "
                    "in service from the central purchasing body can be extended, and not "
                    "during their programme phase."
                )
                % {"serial": device.serial},
                code="not_extensible",
                field="devices",
            )
    _check_end(requested_end, today, field="requested_end")
    now = timezone.now()
    with transaction.atomic():
        request = ExtensionRequest.objects.create(
            school=school,
            requested_by=by,
            reason=reason,
            requested_end=requested_end,
            created_at=now,
        )
        request.devices.set(devices)
        ExtensionEvent.objects.create(
            request=request,
            kind=ExtensionEventKind.REQUESTED,
            by=by,
            note=reason,
            end=requested_end,
            created_at=now,
        )
    return request


def extension_approve(
    *, request: ExtensionRequest, by: User, end: date | None = None, note: str = ""
) -> ExtensionRequest:
    """Approve, until the requested end or `end`. Each device's extension
    starts the day after the help it already has (or today, when it has
    none any more), so an extension never shortens what a device has."""
    _check_supervisor(by)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        # Locked: two supervisors deciding at once must not both decide.
        request = _lock_pending(request)
        end = end or request.requested_end
        _check_end(end, today, field="end")
        policy = current_policy()
        devices = list(request.devices.all())
        extensions = extensions_by_device(d.pk for d in devices)
        rows = []
        for device in devices:
            last = covered_until(
                device, policy=policy, extensions=extensions.get(device.pk, ()), on_date=today
            )
            start = today if last is None else last + cov.ONE_DAY
            if start <= end:
                rows.append(CoverageExtension(device=device, request=request, start=start, end=end))
        if not rows:
            raise DomainError(
                _("These devices are already covered until that date."),
                code="already_covered",
                field="end",
            )
        CoverageExtension.objects.bulk_create(rows)
        request.status = ExtensionStatus.APPROVED
        request.approved_end = end
        request.decision_reason = note.strip()
        request.decided_by = by
        request.decided_at = now
        request.save(
            update_fields=["status", "approved_end", "decision_reason", "decided_by", "decided_at"]
        )
        ExtensionEvent.objects.create(
            request=request,
            kind=ExtensionEventKind.APPROVED,
            by=by,
            note=request.decision_reason,
            end=end,
            created_at=now,
        )
        _tell_requester_after_commit(request)
    return request


def extension_refuse(*, request: ExtensionRequest, by: User, reason: str) -> ExtensionRequest:
    _check_supervisor(by)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Please say why the extension is refused."), code="required", field="reason"
        )
    now = timezone.now()
    with transaction.atomic():
        request = _lock_pending(request)
        request.status = ExtensionStatus.REFUSED
        request.decision_reason = reason
        request.decided_by = by
        request.decided_at = now
        request.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
        ExtensionEvent.objects.create(
            request=request, kind=ExtensionEventKind.REFUSED, by=by, note=reason, created_at=now
        )
        _tell_requester_after_commit(request)
    return request


def _check_end(end: date, today: date, *, field: str) -> None:
    if end <= today:
        raise DomainError(_("The end date must be in the future."), code="past", field=field)
    if end > today + timedelta(days=366 * 5):
        raise DomainError(_("An extension lasts at most five years."), code="too_long", field=field)


def _check_supervisor(user: User) -> None:
    if user.role not in SUPERVISING_ROLES:
        raise DomainError(_("Only supervisors decide on extensions."), code="not_allowed")


def _lock_pending(request: ExtensionRequest) -> ExtensionRequest:
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ExtensionStatus.PENDING:
        raise DomainError(_("This request has already been decided."), code="decided")
    return request


def _tell_requester_after_commit(request: ExtensionRequest) -> None:
    # Imported here: the task module needs the task backend, whose settings
    # are ready only once the apps are loaded.
    from .tasks import send_extension_decision

    enqueue_on_commit(send_extension_decision, request.pk)


# Notices before a phase ends -------------------------------------------------


def coverage_notices_send(*, on_date: date | None = None) -> int:
    """Tell each school's ICT contacts, in the school's language, about the
    devices that leave their phase within the policy's notice period. Each
    (device, phase, end) is told once: the notice rows are written in the
    same transaction as the sending, so a failure leaves nothing recorded
    and the next run tries again. Returns the number of devices told about."""
    from .notifications import send_phase_notice

    on_date = on_date or timezone.localdate()
    policy_row = CoveragePolicy.objects.order_by("id").first()
    notice_days = policy_row.notice_days if policy_row else 60

    already = set(
        CoverageNotice.objects.filter(phase_end__gte=on_date).values_list(
            "device_id", "phase", "phase_end"
        )
    )
    by_school = defaultdict(list)
    for row in upcoming_changes(days=notice_days, on_date=on_date):
        key = (row.device.pk, row.coverage.phase, row.coverage.end)
        if key not in already:
            by_school[row.device.school_id].append(row)
    contacts_of = defaultdict(list)  # one query for every school told
    for membership in (
        Membership.objects.filter(
            school_id__in=list(by_school),
            role=MembershipRole.ICT_CONTACT,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    ):
        contacts_of[membership.school_id].append(membership.user)
    told = 0
    for school_id, rows in by_school.items():
        school = rows[0].device.school
        contacts = contacts_of[school_id]
        if not contacts:
            continue  # told once the school has a contact, if still in time
        with transaction.atomic():
            now = timezone.now()
            CoverageNotice.objects.bulk_create(
                CoverageNotice(
                    device=row.device,
                    phase=row.coverage.phase,
                    phase_end=row.coverage.end,
                    sent_at=now,
                )
                for row in rows
            )
            send_phase_notice(school, contacts, rows, on_date)
        told += len(rows)
    return told


# Imports of delivery lists ----------------------------------------------------


def _check_importer(user: User) -> None:
    if user.role != Role.ADMINISTRATOR:
        raise DomainError(_("Only administrators can import delivery lists."), code="not_allowed")


def device_import_preview(*, by: User, upload) -> tuple[DeviceImport, imports.Plan]:
    """Keep the uploaded file and say what importing it would do (dry run).
    The dry run is recorded in the import history."""
    _check_importer(by)
    if upload.size > IMPORT_MAX_BYTES:
        raise DomainError(
            _("The file is too large (at most %(limit)s).")
            % {"limit": filesizeformat(IMPORT_MAX_BYTES)},
            code="file_too_large",
            field="file",
        )
    content = upload.read()
    plan = imports.build_plan(imports.read_table(content, upload.name or ""))
    filename = filename_from_path(upload.name or "", default="import.csv")
    record = DeviceImport(
        filename=filename, uploaded_by=by, created_at=timezone.now(), status=ImportStatus.PREVIEWED
    )
    _count(record, plan)
    record.file.save(filename, ContentFile(content), save=False)
    record.save()
    return record, plan


def device_import_apply(*, device_import: DeviceImport, by: User, mode: str) -> imports.Plan:
    """Import the file of a dry run. All or nothing: one rejected row
    imports nothing, unless `mode` is "valid" (import the valid rows).
    The plan is rebuilt from the registry as it is now; importing the same
    file again changes nothing (devices are matched on their serial)."""
    _check_importer(by)
    if mode not in ImportMode.values:
        raise DomainError(_("Please choose how to import."), code="invalid", field="mode")
    with device_import.file.open("rb") as stored:
        content = stored.read()
    plan = imports.build_plan(imports.read_table(content, device_import.filename))
    now = timezone.now()
    with transaction.atomic():
        record = DeviceImport.objects.select_for_update().get(pk=device_import.pk)
        if record.status != ImportStatus.PREVIEWED:
            raise DomainError(_("This file has already been imported."), code="done")
        record.mode = mode
        record.applied_at = now
        _count(record, plan)
        if plan.problems and mode == ImportMode.ALL_OR_NOTHING:
            record.status = ImportStatus.REFUSED
            record.created = record.updated = 0
            record.save()
            return plan
        models = _models_for(plan)
        new_devices = []
        for values in plan.create:
            values = dict(values)
            model = models[values.pop("model_key")]
            school, site = values.pop("school"), values.pop("site", None)
            new_devices.append(Device(model_id=model, school_id=school, site_id=site, **values))
        _unique_label_codes(new_devices)
        Device.objects.bulk_create(new_devices, batch_size=2000)
        changed_fields: set[str] = set()
        changed = []
        for device, changes in plan.update:
            for name, value in changes.items():
                if name == "model_key":
                    device.model_id, name = models[value], "model"
                elif name in ("school", "site"):
                    setattr(device, name + "_id", value)
                else:
                    setattr(device, name, value)
                changed_fields.add(name)
            changed.append(device)
        if changed:
            Device.objects.bulk_update(changed, sorted(changed_fields), batch_size=1000)
        record.status = ImportStatus.APPLIED
        record.save()
    return plan


IMPORT_MAX_BYTES = 50 * 1024 * 1024


def _unique_label_codes(devices: list[Device]) -> None:
    """Give new devices label codes that no other device has, in the registry
    or in the same import (a clash is rare: draw again). A code stays on its
    device for the device's whole life and is never given twice."""
    clashes = devices
    while clashes:
        for device in clashes:
            device.label_code = new_label_code()
        codes = [device.label_code for device in devices]
        taken: set[str] = set()
        for start in range(0, len(codes), 2000):
            chunk = codes[start : start + 2000]
            taken.update(
                Device.objects.filter(label_code__in=chunk).values_list("label_code", flat=True)
            )
        seen: set[str] = set()
        clashes = []
        for device in devices:
            if device.label_code in taken or device.label_code in seen:
                clashes.append(device)
            seen.add(device.label_code)


def _count(record: DeviceImport, plan: imports.Plan) -> None:
    record.rows = plan.rows
    record.created = len(plan.create)
    record.updated = len(plan.update)
    record.unchanged = plan.unchanged
    record.rejected = plan.rejected


def _models_for(plan: imports.Plan) -> dict[tuple[str, str], int]:
    """Ids of the plan's device models, the new ones created."""
    DeviceModel.objects.bulk_create(
        [
            DeviceModel(manufacturer=manufacturer, name=name, category=category)
            for (manufacturer, name), category in plan.new_models.items()
        ],
        ignore_conflicts=True,
    )
    return {
        (m, n): pk for pk, m, n in DeviceModel.objects.values_list("id", "manufacturer", "name")
    }


# The registry after a technician's visit (on-site intervention reports).

SERIAL_MAX_LENGTH = 100


def device_replace(*, device: Device, new_serial: str, by: User) -> Device:
    """`device` was swapped for another one with serial `new_serial`: the old
    row is marked replaced, the new one enters the registry where the old
    one was, with its provenance, funding and dates (the coverage of a
    replacement follows the device it replaces). Returns the new device."""
    _check_staff_member(by)
    new_serial = (new_serial or "").strip()
    if not new_serial:
        raise DomainError(
            _("Please give the serial number of the new device."),
            code="required",
            field="new_serial",
        )
    if len(new_serial) > SERIAL_MAX_LENGTH:
        raise DomainError(
            _("A serial number has at most %(count)d characters.") % {"count": SERIAL_MAX_LENGTH},
            code="too_long",
            field="new_serial",
        )
    with transaction.atomic(savepoint=False):
        device = Device.objects.select_for_update().get(pk=device.pk)
        if device.status == DeviceStatus.REPLACED:
            raise DomainError(
                _("Device %(serial)s was already replaced.") % {"serial": device.serial},
                code="already_replaced",
                field="new_serial",
            )
        if device.serial == new_serial or Device.objects.filter(serial=new_serial).exists():
            raise DomainError(
                _("A device with serial number %(serial)s is already in the registry.")
                % {"serial": new_serial},
                code="serial_taken",
                field="new_serial",
            )
        replacement = Device.objects.create(
            serial=new_serial,
            model=device.model,
            school=device.school,
            site=device.site,
            provenance=device.provenance,
            funding=device.funding,
            programme_reference=device.programme_reference,
            delivery_date=device.delivery_date,
            warranty_end=device.warranty_end,
        )
        device.status = DeviceStatus.REPLACED
        device.save(update_fields=["status"])
    return replacement


def device_set_status(*, device: Device, status: str, by: User) -> Device:
    """A device's registry status after a visit (taken out of service, or
    back in service after a repair)."""
    _check_staff_member(by)
    check_choice(status, DeviceStatus, "status")
    with transaction.atomic(savepoint=False):
        device = Device.objects.select_for_update().get(pk=device.pk)
        if device.status != status:
            device.status = status
            device.save(update_fields=["status"])
    return device


def _check_staff_member(user: User | None) -> None:
    if user is None or not user.is_programme_staff:
        raise DomainError(_("Only programme staff can do this."), code="not_allowed")
