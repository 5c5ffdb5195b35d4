"""Demo data for device coverage: some devices whose phase ends soon,
approved, pending and refused extension requests, so that every coverage
screen has something to show. Dates follow today's date."""

from datetime import date, timedelta

from django.utils import timezone

from pupitre.accounts.models import Role, User
from pupitre.equipment import coverage as cov
from pupitre.equipment.models import Device, DeviceStatus, Funding, Provenance
from pupitre.equipment.services import extension_approve, extension_refuse, extension_request
from pupitre.schools.models import Membership, MembershipRole

REASONS = {
    "fr": "Les appareils sont encore utilisés chaque jour en classe et fonctionnent bien.",
    "de": "Die Geräte werden noch täglich im Unterricht genutzt und funktionieren gut.",
}
REFUSAL = {
    "fr": "Ces appareils sont remplacés par la prochaine livraison du programme.",
    "de": "Diese Geräte werden mit der nächsten Lieferung des Programms ersetzt.",
}


def build(rng, schools) -> dict[str, int]:
    """`schools` in the demo's order; the first French and German ones are
    those of the demo ICT contacts."""
    today = timezone.localdate()
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("id").first()
    in_service = Device.objects.filter(
        provenance=Provenance.MARKET_CENTRAL, status=DeviceStatus.IN_SERVICE
    ).order_by("id")
    walloon = list(in_service.filter(funding=Funding.WALLONIA_PROGRAMME))
    rng.shuffle(walloon)
    first = [next(s for s in schools if s.language == lang) for lang in ("fr", "de")]
    # The demo ICT contacts' schools first, so that their screens show some.
    shown = [d for school in first for d in [d for d in walloon if d.school_id == school.pk][:3]]
    walloon = shown + [d for d in walloon if d not in shown]
    counts = {"ending soon": 0, "extensions": 0, "pending": 0}
    # Transfers and ends within 90 days (and so within the 60-day notice).
    for index, device in enumerate(walloon[:24]):
        years = 3 if index % 3 else 8
        device.delivery_date = cov.anniversary(today, -years) + timedelta(days=rng.randint(5, 85))
        device.warranty_end = cov.anniversary(device.delivery_date, 3)
        counts["ending soon"] += 1
    Device.objects.bulk_update(walloon[:24], ["delivery_date", "warranty_end"])

    contacts = {
        m.school_id: m.user
        for m in Membership.objects.filter(role=MembershipRole.ICT_CONTACT).select_related("user")
    }
    plan = first + [s for s in schools if s not in first][:8]
    for number, school in enumerate(plan):
        old = list(
            in_service.filter(school=school)
            .exclude(pk__in=[d.pk for d in walloon[:24]])
            .order_by("delivery_date")[:3]
        )
        if len(old) < 2:
            continue
        # Delivered nine years ago: no help any more without an extension.
        for device in old:
            device.delivery_date = date(today.year - 9, rng.randint(1, 12), rng.randint(1, 28))
        Device.objects.bulk_update(old, ["delivery_date"])
        requester = contacts.get(school.pk)
        if requester is None:
            continue
        reason = REASONS[school.language]
        end = today + timedelta(days=rng.randint(200, 700))
        approved = extension_request(
            by=requester, school=school, devices=old[:1], reason=reason, requested_end=end
        )
        extension_approve(request=approved, by=supervisor)
        counts["extensions"] += 1
        pending = extension_request(
            by=requester, school=school, devices=old[1:2], reason=reason, requested_end=end
        )
        counts["pending"] += 1
        if number % 4 == 3:
            extension_refuse(request=pending, by=supervisor, reason=REFUSAL[school.language])
            counts["pending"] -= 1
    return counts
