"""The one way to write the change history of the settings.

Called by the services that change a setting, inside their transaction: the
change and its record are committed together or not at all.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time

from django.db import models
from django.utils import timezone

from .models import AuditRecord, ObjectKind

# Stored instead of a secret (a mailbox password): that it changed, not what.
SECRET = "••••••"  # noqa: S105 (a mask, not a password)


def as_text(value) -> str:
    """A value as stored in the record: readable, stable text. Choices keep
    their value (shown as their label when listed), related rows their name."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Choices):
        return str(value.value)
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, str]:
    """The fields of `instance` as text, to compare before and after a change."""
    return {name: as_text(getattr(instance, name)) for name in fields}


def audit_record(
    *,
    by,
    kind: ObjectKind | str,
    object_id,
    label: str,
    old: Mapping[str, str] | None = None,
    new: Mapping[str, str] | None = None,
) -> list[AuditRecord]:
    """One row per field whose text differs between `old` and `new` (a
    missing mapping means the object did not exist before, or no longer does).
    `by` is the acting user, `None` for the system. Returns the rows written."""
    old = old or {}
    new = new or {}
    now = timezone.now()
    rows = [
        AuditRecord(
            created_at=now,
            by=by,
            object_kind=kind,
            object_id=str(object_id),
            object_label=str(label)[:200],
            field=field,
            old_value=as_text(old.get(field)),
            new_value=as_text(new.get(field)),
        )
        for field in dict.fromkeys([*old, *new])
        if as_text(old.get(field)) != as_text(new.get(field))
    ]
    AuditRecord.objects.bulk_create(rows)
    return rows


def save_recorded(instance: models.Model, *, fields, kind, by, label) -> models.Model:
    """Save `instance` (new or changed) and record each of `fields` whose
    text changed; call inside a transaction. The stored row is locked first:
    two changes of one object are recorded one after the other, each with
    the values it replaced. `label` makes the record's label from the saved
    object."""
    before = None
    if instance.pk is not None:
        stored = type(instance).objects.select_for_update().filter(pk=instance.pk).first()
        before = snapshot(stored, fields) if stored else None
    instance.save()
    audit_record(
        by=by,
        kind=kind,
        object_id=instance.pk,
        label=label(instance),
        old=before,
        new=snapshot(instance, fields),
    )
    return instance
