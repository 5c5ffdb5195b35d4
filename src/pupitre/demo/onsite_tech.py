"""Demo data for the technician's workspace: the demo technician's regions
and a day of confirmed visits today (and a few this week), so that signing
in as technician@demo.pupitre.be shows a working "today"."""

from datetime import datetime, timedelta

from django.utils import timezone

from pupitre.accounts.models import Role, User
from pupitre.onsite.models import Intervention, InterventionStatus, TechnicianProfile
from pupitre.tickets.models import ServiceCategory, Ticket

WORK = {
    "fr": [
        "Remplacer la lampe du projecteur de la salle 12.",
        "Écran interactif : calibrer le stylet et mettre à jour le pilote.",
        "Borne Wi-Fi du bâtiment B hors service : diagnostic sur place.",
    ],
    "de": [
        "Beamer im Raum 3 zeigt kein Bild: Kabel und Netzteil prüfen.",
        "Laptopwagen: 4 Geräte laden nicht, Ladeleiste prüfen.",
    ],
}


def build(builder) -> dict[str, int]:
    technician = User.objects.filter(email="technician@demo.pupitre.be").first()
    if technician is None or technician.role != Role.TECHNICIAN:
        return {}
    TechnicianProfile.objects.get_or_create(
        user=technician,
        defaults={
            "regions": ["namur", "liege", "eupen", "sankt_vith"],
            "weekdays": [0, 1, 2, 3, 4],
        },
    )
    tickets = list(
        Ticket.objects.filter(category=ServiceCategory.ONSITE)
        .select_related("school")
        .order_by("id")[:5]
    ) or list(Ticket.objects.select_related("school").order_by("id")[:5])
    today = timezone.localdate()
    day = today + timedelta(days=2) if today.weekday() >= 5 else today
    morning = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=9)
    now = timezone.now()
    made = 0
    for index, ticket in enumerate(tickets):
        site = ticket.school.sites.order_by("id").first()
        if site is None:
            continue
        start = morning + (
            timedelta(hours=2 * index) if index < 3 else timedelta(days=index - 1, hours=1)
        )
        intervention = Intervention.objects.create(
            ticket=ticket,
            site=site,
            work=WORK[ticket.school.language][index % len(WORK[ticket.school.language])],
            duration_minutes=90,
            technician=technician,
            status=InterventionStatus.CONFIRMED,
            decided_at=now - timedelta(days=4),
            starts_at=start,
            ends_at=start + timedelta(minutes=90),
            confirmed_at=now - timedelta(days=2),
            confirmed_by_name=ticket.requester.full_name,
            updated_at=now,
        )
        intervention.devices.set(ticket.devices.all()[:2])
        made += 1
    return {"technician's visits": made}
