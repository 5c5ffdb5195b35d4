"""Reading the change history of the settings."""

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditRecord


def audit_records(
    *,
    kind: str = "",
    by_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditRecord]:
    """Newest first; `since` and `until` are days in the service's time zone,
    both included."""
    records = AuditRecord.objects.select_related("by").order_by("-created_at", "-id")
    if kind:
        records = records.filter(object_kind=kind)
    if by_id is not None:
        records = records.filter(by_id=by_id)
    if since is not None:
        records = records.filter(created_at__gte=_start_of(since))
    if until is not None:
        records = records.filter(created_at__lt=_start_of(until, next_day=True))
    return records


def audit_authors():
    """Who made at least one recorded change, for the filter of the list."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.filter(
        pk__in=AuditRecord.objects.filter(by__isnull=False).values("by_id")
    ).order_by("full_name", "email")


def _start_of(day: date, *, next_day: bool = False) -> datetime:
    if next_day:
        day = date.fromordinal(day.toordinal() + 1)
    return timezone.make_aware(datetime.combine(day, time(0)))
