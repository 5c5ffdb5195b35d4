"""Demo data for on-site maintenance: site coordinates (town centres, spread
a little per site), the school holidays of the 2026–2027 school year in both
Communities, the technicians' regions and bases, an absence, and a few
interventions at each stage, planned through the services. Dates follow
today's date."""

from datetime import date, time, timedelta

from django.utils import timezone

from pupitre.accounts.models import Role, User
from pupitre.onsite import queries, services
from pupitre.onsite.models import SchoolHoliday, SiteNoVisit, TechnicianProfile
from pupitre.schools.models import Region, Site
from pupitre.tickets.models import ServiceCategory, Ticket

# Town centres (WGS 84), by city as the demo's sites write it.
TOWNS = {
    "Wavre": (50.7170, 4.6110),
    "Bierges": (50.7093, 4.5917),
    "Louvain-la-Neuve": (50.6683, 4.6147),
    "Nivelles": (50.5983, 4.3285),
    "Liège": (50.6326, 5.5797),
    "Herstal": (50.6622, 5.6289),
    "Liers": (50.6956, 5.5627),
    "Seraing": (50.5833, 5.5000),
    "Visé": (50.7372, 5.6915),
    "Eupen": (50.6285, 6.0342),
    "Kettenis": (50.6500, 6.0417),
    "Kelmis": (50.7167, 6.0167),
    "Bütgenbach": (50.4264, 6.2050),
    "Elsenborn": (50.4594, 6.2175),
    "Weywertz": (50.4278, 6.1697),
    "Sankt Vith": (50.2833, 6.1250),
    "Verviers": (50.5891, 5.8625),
    "Namur": (50.4669, 4.8675),
    "Jambes": (50.4556, 4.8761),
    "Ciney": (50.2947, 5.1006),
    "Charleroi": (50.4108, 4.4446),
    "Marcinelle": (50.3933, 4.4389),
    "Gosselies": (50.4700, 4.4347),
    "Bastogne": (50.0000, 5.7167),
    "Arlon": (49.6833, 5.8167),
    "Libramont-Chevigny": (49.9206, 5.3794),
    "Aye": (50.2275, 5.2997),
    "Marche-en-Famenne": (50.2275, 5.3447),
    "Mons": (50.4542, 3.9567),
    "Jemappes": (50.4500, 3.8833),
    "Kain": (50.6333, 3.3833),
    "Mont-Saint-Aubert": (50.6556, 3.4000),
}

# School holidays of 2026–2027. The French-speaking Community's calendar
# (reformed in 2022: two weeks in autumn, winter, spring and Easter) and the
# German-speaking Community's; dates as published for that school year.
HOLIDAYS = [
    ("fr", date(2026, 10, 19), date(2026, 10, 30), "Herbstferien", "vacances d'automne"),
    ("fr", date(2026, 12, 21), date(2027, 1, 1), "Winterferien", "vacances d'hiver"),
    ("fr", date(2027, 2, 15), date(2027, 2, 26), "Karnevalsferien", "vacances de détente"),
    ("fr", date(2027, 4, 26), date(2027, 5, 7), "Frühlingsferien", "vacances de printemps"),
    ("fr", date(2027, 7, 3), date(2027, 8, 27), "Sommerferien", "vacances d'été"),
    ("de", date(2026, 10, 26), date(2026, 11, 6), "Herbstferien", "vacances d'automne"),
    ("de", date(2026, 12, 21), date(2027, 1, 1), "Weihnachtsferien", "vacances de Noël"),
    ("de", date(2027, 2, 8), date(2027, 2, 19), "Karnevalsferien", "vacances de carnaval"),
    ("de", date(2027, 4, 19), date(2027, 4, 30), "Osterferien", "vacances de Pâques"),
    ("de", date(2027, 7, 3), date(2027, 8, 25), "Sommerferien", "vacances d'été"),
]

WALLONIA = [Region.BRABANT_WALLON, Region.HAINAUT, Region.NAMUR, Region.LUXEMBOURG]
EAST = [Region.LIEGE, Region.EUPEN, Region.SANKT_VITH]


def place_sites() -> int:
    """Coordinates for every demo site: its town centre, moved a few hundred
    metres by its number so that two sites of a town are not one point."""
    sites = list(Site.objects.all())
    for site in sites:
        town = TOWNS.get(site.city)
        if town is None:
            continue
        spread = (sum(map(ord, site.official_number)) % 9 - 4) * 0.002
        site.latitude = round(town[0] + spread, 6)
        site.longitude = round(town[1] - spread, 6)
    Site.objects.bulk_update(sites, ["latitude", "longitude"])
    return sum(1 for site in sites if site.latitude is not None)


def build(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    placed = place_sites()
    SchoolHoliday.objects.bulk_create(
        SchoolHoliday(language=lang, starts_on=a, ends_on=b, name_de=de, name_fr=fr)
        for lang, a, b, de, fr in HOLIDAYS
    )
    technicians = list(User.objects.filter(role=Role.TECHNICIAN).order_by("id"))
    bases = [TOWNS["Namur"], TOWNS["Eupen"], TOWNS["Charleroi"]]
    for index, technician in enumerate(technicians):
        base = bases[index % len(bases)]
        TechnicianProfile.objects.create(
            user=technician,
            regions=[str(r) for r in (EAST if technician.language == "de" else WALLONIA)],
            base_latitude=base[0],
            base_longitude=base[1],
            day_starts=time(7, 30),
            day_ends=time(17),
            weekdays=[0, 1, 2, 3, 4],
        )
    planner = User.objects.filter(role=Role.AGENT).order_by("id").first()
    planned = 0
    if planner and technicians:
        now = timezone.now()
        tickets = list(
            Ticket.objects.filter(category=ServiceCategory.ONSITE)
            .select_related("school")
            .order_by("id")
        )
        for index, ticket in enumerate(tickets[:6]):
            technician = next(
                (t for t in technicians if t.language == ticket.school.language), technicians[0]
            )
            site = ticket.school.sites.order_by("id").first()
            if site is None:
                continue
            if index == 0:
                SiteNoVisit.objects.create(
                    site=site,
                    starts_on=today + timedelta(days=14),
                    ends_on=today + timedelta(days=16),
                    reason="examens" if ticket.school.language == "fr" else "Prüfungen",
                )
            found = queries.free_slots(site, technician, minutes=90, now=now, limit=3)
            if not found:
                continue
            intervention = services.intervention_plan(
                ticket=ticket,
                site=site,
                devices=list(ticket.devices.all()),
                work=ticket.subject,
                duration_minutes=90,
                technician=technician,
                slots=[start for start, _end in found],
                by=planner,
            )
            planned += 1
            if index % 2 == 0:
                services.intervention_confirm(
                    intervention=intervention,
                    slot=queries.slots_of(intervention)[0],
                    name=ticket.requester.get_full_name(),
                    by=None,
                )
    return {"sites with coordinates": placed, "interventions": planned}
