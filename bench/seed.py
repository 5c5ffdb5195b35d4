#!/usr/bin/env python
"""Fill the configured database with N bench tickets, fast.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/seed.py 100000

Creates, if absent, the bench reference data (schools with their sites,
device models and about 2,000 devices, school users, programme staff, teams),
then N tickets with bulk inserts: 3 messages each (the requester's first
message, a staff reply, then a school reply or an internal note), devices
linked to part of them, numbers `YYYY-NNNNNN` taken from TicketSequence (the
sequence is moved past them, so later `ticket_create` calls continue after).
Running it again adds N more tickets.

It also creates, once, two tickets with a long conversation (50 and 200
entries, with events, notes and attachment rows) for bench/pages.py.

Every bench user's password is "bench". See bench/README.md.
"""

import argparse
import os
import random
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
# DEBUG off: with DEBUG on, Django formats and keeps the SQL of every
# statement, which costs more than the inserts themselves.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-a-secret")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from pupitre.accounts.models import Role, User  # noqa: E402
from pupitre.equipment.models import Category, Device, DeviceModel  # noqa: E402
from pupitre.schools.models import (  # noqa: E402
    Membership,
    MembershipRole,
    Region,
    School,
    SchoolType,
    Site,
)
from pupitre.tickets.models import (  # noqa: E402
    Attachment,
    Channel,
    EventField,
    Message,
    MessageKind,
    Priority,
    ServiceCategory,
    Status,
    SubjectTerm,
    Team,
    Ticket,
    TicketSequence,
)
from pupitre.tickets.subjects import subject_terms, subject_words  # noqa: E402

PASSWORD = "bench"
DOMAIN = "bench.pupitre.be"
AGENT_EMAIL = f"bench.agent@{DOMAIN}"
SCHOOL_EMAIL = f"bench.school@{DOMAIN}"  # ICT contact of school BN-001, teacher in BN-002
TEACHER_EMAIL = f"bench.teacher@{DOMAIN}"  # plain teacher of school BN-001
# Sends pages.py's "new request" POSTs, at the last bench school, so that the
# tickets they create stay out of the lists measured.
POSTER_EMAIL = f"bench.poster@{DOMAIN}"
LONG_SUBJECT = "[bench] long conversation"
LONG_SIZES = (50, 200)
SCHOOL_PREFIX = "BN-"

# City, postal code, region, language.
CITIES = [
    ("Namur", "5000", Region.NAMUR, "fr"),
    ("Liège", "4000", Region.LIEGE, "fr"),
    ("Charleroi", "6000", Region.HAINAUT, "fr"),
    ("Mons", "7000", Region.HAINAUT, "fr"),
    ("Tournai", "7500", Region.HAINAUT, "fr"),
    ("Arlon", "6700", Region.LUXEMBOURG, "fr"),
    ("Wavre", "1300", Region.BRABANT_WALLON, "fr"),
    ("Verviers", "4800", Region.LIEGE, "fr"),
    ("Dinant", "5500", Region.NAMUR, "fr"),
    ("Huy", "4500", Region.LIEGE, "fr"),
    ("Bastogne", "6600", Region.LUXEMBOURG, "fr"),
    ("Nivelles", "1400", Region.BRABANT_WALLON, "fr"),
    ("Marche-en-Famenne", "6900", Region.LUXEMBOURG, "fr"),
    ("La Louvière", "7100", Region.HAINAUT, "fr"),
    ("Ciney", "5590", Region.NAMUR, "fr"),
    ("Eupen", "4700", Region.EUPEN, "de"),
    ("Sankt Vith", "4780", Region.SANKT_VITH, "de"),
    ("Kelmis", "4720", Region.EUPEN, "de"),
    ("Raeren", "4730", Region.EUPEN, "de"),
    ("Bütgenbach", "4750", Region.SANKT_VITH, "de"),
]
FR_SCHOOL_NAMES = [
    "Athénée royal de {city}",
    "Institut Saint-Joseph {city}",
    "École communale de {city}",
    "Collège Saint-Benoît {city}",
    "Lycée provincial de {city}",
    "École fondamentale libre de {city}",
    "Institut technique de {city}",
    "Promotion sociale de {city}",
]
DE_SCHOOL_NAMES = [
    "Städtische Grundschule {city}",
    "Königliches Athenäum {city}",
    "Bischöfliche Schule {city}",
    "Gemeindeschule {city}",
    "Technisches Institut {city}",
]
SCHOOL_TYPES = [
    SchoolType.PRIMARY,
    SchoolType.SECONDARY,
    SchoolType.SECONDARY,
    SchoolType.PRIMARY,
    SchoolType.SPECIAL_NEEDS,
    SchoolType.ADULT_EDUCATION,
]
DEVICE_MODELS = [
    ("Lenovo", "ThinkPad L14 Gen 4", Category.LAPTOP),
    ("Lenovo", "ThinkPad 11e Yoga", Category.LAPTOP),
    ("HP", "ProBook 440 G10", Category.LAPTOP),
    ("Dell", "Latitude 3440", Category.LAPTOP),
    ("Acer", "TravelMate B3", Category.LAPTOP),
    ("Apple", "iPad 10.9 (10th gen)", Category.TABLET),
    ("Samsung", "Galaxy Tab A9+", Category.TABLET),
    ("Lenovo", "Tab M10", Category.TABLET),
    ("Promethean", "ActivPanel 9 75''", Category.INTERACTIVE_DISPLAY),
    ("Clevertouch", "Impact Max 86''", Category.INTERACTIVE_DISPLAY),
    ("SMART", "Board MX 65''", Category.INTERACTIVE_DISPLAY),
    ("Epson", "EB-L210W", Category.PROJECTOR),
    ("BenQ", "MW560", Category.PROJECTOR),
    ("Ubiquiti", "UniFi U6 Pro", Category.NETWORK),
    ("Cisco", "Catalyst 1000-24T", Category.NETWORK),
    ("Logitech", "Rally Bar Mini", Category.OTHER),
]
FIRST_NAMES = {
    "fr": ["Claire", "Julien", "Sophie", "Marc", "Nathalie", "Thomas", "Isabelle", "Olivier",
           "Anne", "Pierre", "Valérie", "Laurent", "Céline", "Nicolas", "Martine", "François"],
    "de": ["Anna", "Lukas", "Sabine", "Jonas", "Monika", "Thomas", "Petra", "Stefan",
           "Katrin", "Michael", "Ursula", "Andreas", "Birgit", "Jürgen", "Heike", "Matthias"],
}  # fmt: skip
LAST_NAMES = {
    "fr": ["Dubois", "Lambert", "Dupont", "Martin", "Leroy", "Simon", "Laurent", "Lejeune",
           "Renard", "Collard", "Jacquet", "Mathieu", "Wauters", "Goffin", "Hardy", "Piette"],
    "de": ["Schmitz", "Mertens", "Kohnen", "Theissen", "Cremer", "Hilligsmann", "Lentz",
           "Brüls", "Kessler", "Pauels", "Jousten", "Heinen", "Schröder", "Krings", "Zimmer"],
}  # fmt: skip
SUBJECTS = {
    "fr": [
        "L'ordinateur portable ne démarre plus",
        "Le tableau interactif n'affiche plus rien",
        "Mot de passe Odoo oublié",
        "Projecteur : image floue et jaunâtre",
        "Tablette bloquée sur le logo au démarrage",
        "Wi-Fi très lent dans le bâtiment B",
        "L'écran tactile ne répond plus",
        "Demande d'intervention sur place pour l'installation",
        "Question sur la garantie des portables",
        "Clavier défectueux, plusieurs touches bloquées",
        "La batterie ne tient plus la charge",
        "Impossible d'imprimer depuis les portables",
        "Mise à jour Windows bloquée à 35 %",
        "Accès refusé à l'outil de gestion du parc",
        "Pas de son sur l'écran interactif",
        "Comment inscrire un nouvel enseignant ?",
    ],
    "de": [
        "Laptop startet nicht mehr",
        "Interaktive Tafel zeigt kein Bild",
        "Odoo-Passwort vergessen",
        "Beamer: Bild unscharf und gelblich",
        "Tablet hängt beim Start am Logo",
        "WLAN in Gebäude B sehr langsam",
        "Touchscreen reagiert nicht mehr",
        "Bitte um einen Vor-Ort-Einsatz für die Installation",
        "Frage zur Garantie der Laptops",
        "Tastatur defekt, mehrere Tasten klemmen",
        "Akku hält die Ladung nicht mehr",
        "Drucken von den Laptops aus unmöglich",
        "Windows-Update hängt bei 35 %",
        "Zugriff auf das Verwaltungstool verweigert",
        "Kein Ton am interaktiven Bildschirm",
        "Wie melde ich eine neue Lehrkraft an?",
    ],
}
SCHOOL_TEXT = {
    "fr": [
        "Bonjour, depuis ce matin l'appareil ne fonctionne plus correctement.",
        "Nous avons déjà essayé de le redémarrer, sans succès.",
        "Le problème se produit dans la classe 2B, au premier étage.",
        "Plusieurs élèves sont concernés et les cours sont perturbés.",
        "Pouvez-vous nous aider rapidement ? Merci d'avance.",
        "Le voyant clignote en orange puis s'éteint.",
        "Cela arrive surtout en fin de journée, quand tous les appareils sont allumés.",
        "Je joins une photo de l'écran pour que vous puissiez voir le message.",
    ],
    "de": [
        "Guten Tag, seit heute Morgen funktioniert das Gerät nicht mehr richtig.",
        "Wir haben bereits einen Neustart versucht, leider ohne Erfolg.",
        "Das Problem tritt in der Klasse 2B im ersten Stock auf.",
        "Mehrere Schüler sind betroffen und der Unterricht ist gestört.",
        "Können Sie uns bitte schnell helfen? Vielen Dank im Voraus.",
        "Die Kontrollleuchte blinkt orange und geht dann aus.",
        "Es passiert vor allem am Ende des Tages, wenn alle Geräte eingeschaltet sind.",
        "Ich schicke ein Foto des Bildschirms mit, damit Sie die Meldung sehen.",
    ],
}
STAFF_TEXT = {
    "fr": [
        "Bonjour, merci pour votre message.",
        "Pouvez-vous nous indiquer le numéro de série inscrit sous l'appareil ?",
        "Nous avons relancé la configuration à distance, pouvez-vous réessayer ?",
        "Un technicien passera dans votre école jeudi matin.",
        "L'appareil est sous garantie : nous organisons l'échange.",
        "N'hésitez pas à nous recontacter si le problème réapparaît.",
    ],
    "de": [
        "Guten Tag, vielen Dank für Ihre Nachricht.",
        "Können Sie uns die Seriennummer unter dem Gerät mitteilen?",
        "Wir haben die Konfiguration aus der Ferne neu gestartet, bitte versuchen Sie es erneut.",
        "Ein Techniker kommt am Donnerstagmorgen in Ihre Schule.",
        "Das Gerät ist noch unter Garantie: Wir organisieren den Austausch.",
        "Melden Sie sich gerne wieder, falls das Problem erneut auftritt.",
    ],
}
NOTE_TEXT = [
    "Déjà vu la semaine passée dans la même école : probablement le même lot.",
    "Fournisseur contacté, RMA en cours.",
    "Vérifié dans la console de gestion : l'appareil ne s'est plus connecté depuis 12 jours.",
    "Intern: Lieferant kontaktiert, Austausch beantragt.",
    "Voir aussi la demande précédente de cette école.",
]

STATUS_MIX = {  # by age of the ticket: (statuses, weights)
    "fresh": (list(Status), [40, 35, 15, 10, 0]),
    "recent": (list(Status), [5, 25, 20, 30, 20]),
    "old": (list(Status), [0, 2, 2, 6, 90]),
}  # fmt: skip
PRIORITIES = ([Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT], [15, 60, 20, 5])
CATEGORIES = (
    [ServiceCategory.REMOTE_HARDWARE, ServiceCategory.REMOTE_TOOLS, ServiceCategory.ONSITE,
     ServiceCategory.QUESTION],
    [45, 20, 15, 20],
)  # fmt: skip
CHANNELS = ([Channel.PORTAL, Channel.EMAIL, Channel.PHONE], [70, 15, 15])


# Reference data -------------------------------------------------------------


def ensure_reference_data(rng: random.Random, n_schools: int, n_devices: int) -> None:
    """Create the bench schools, devices, users and teams unless they exist."""
    password = make_password(PASSWORD)  # hashed once: PBKDF2 per user would take minutes
    now = timezone.now()
    with transaction.atomic():
        teams = {}
        for name, language in (
            ("Bench support FR", "fr"),
            ("Bench support DE", "de"),
            ("Bench technicians", ""),
        ):
            teams[language], _ = Team.objects.get_or_create(
                name=name, defaults={"language": language}
            )
        if not User.objects.filter(email=AGENT_EMAIL).exists():
            staff = [
                User(email=AGENT_EMAIL, full_name="Bench Agent", role=Role.AGENT, language="fr")
            ]
            for i in range(2, 13):
                language = "de" if i % 4 == 0 else "fr"
                staff.append(
                    User(
                        email=f"agent{i}@{DOMAIN}",
                        full_name=person_name(rng, language),
                        role=Role.AGENT,
                        language=language,
                    )
                )
            for i in range(1, 4):
                staff.append(
                    User(
                        email=f"technician{i}@{DOMAIN}",
                        full_name=person_name(rng, "fr"),
                        role=Role.TECHNICIAN,
                        language="fr",
                    )
                )
            staff.append(
                User(
                    email=f"supervisor@{DOMAIN}",
                    full_name=person_name(rng, "fr"),
                    role=Role.SUPERVISOR,
                    language="fr",
                )
            )
            for user in staff:
                user.password = password
                user.date_joined = now
            User.objects.bulk_create(staff)
            staff = list(User.objects.filter(email__endswith="@" + DOMAIN).exclude(role="school"))
            for user in staff:
                if user.role == Role.AGENT:
                    teams["de" if user.language == "de" else "fr"].members.add(user)
                elif user.role == Role.TECHNICIAN:
                    teams[""].members.add(user)

        if School.objects.filter(official_number=f"{SCHOOL_PREFIX}001").exists():
            return
        schools, sites = [], []
        for i in range(1, n_schools + 1):
            city, postal_code, region, language = CITIES[(i - 1) % len(CITIES)]
            names = FR_SCHOOL_NAMES if language == "fr" else DE_SCHOOL_NAMES
            name = names[(i - 1) // len(CITIES) % len(names)].format(city=city)
            if (i - 1) // (len(CITIES) * len(names)):
                name += f" {i}"
            schools.append(
                School(
                    official_number=f"{SCHOOL_PREFIX}{i:03d}",
                    name=name,
                    language=language,
                    school_type=SCHOOL_TYPES[i % len(SCHOOL_TYPES)],
                    email=f"direction{i}@{DOMAIN}",
                )
            )
        School.objects.bulk_create(schools)
        schools = list(School.objects.filter(official_number__startswith=SCHOOL_PREFIX))
        for school in schools:
            index = int(school.official_number.removeprefix(SCHOOL_PREFIX)) - 1
            city, postal_code, region, _ = CITIES[index % len(CITIES)]
            for j in range(1, rng.choice((1, 2, 2, 3)) + 1):
                sites.append(
                    Site(
                        school=school,
                        official_number=f"{school.official_number}-{j}",
                        name=f"{school.name} — implantation {j}",
                        street=f"Rue de l'École {j * 7}",
                        postal_code=postal_code,
                        city=city,
                        region=region,
                    )
                )
        Site.objects.bulk_create(sites)
        sites_of = {}
        for site in Site.objects.filter(school__in=schools):
            sites_of.setdefault(site.school_id, []).append(site.pk)

        for manufacturer, name, category in DEVICE_MODELS:
            DeviceModel.objects.get_or_create(
                manufacturer=manufacturer, name=name, defaults={"category": category}
            )
        models = list(
            DeviceModel.objects.filter(
                manufacturer__in={m for m, _, _ in DEVICE_MODELS},
                name__in={n for _, n, _ in DEVICE_MODELS},
            )
        )
        start = Device.objects.filter(serial__startswith="BNSN-").count()
        devices = []
        for k in range(n_devices):
            school = schools[k % len(schools)]
            delivered = now.date() - timedelta(days=rng.randint(30, 1500))
            devices.append(
                Device(
                    serial=f"BNSN-{start + k + 1:07d}",
                    asset_tag=f"{school.official_number}-{k:05d}",
                    model=rng.choice(models),
                    school=school,
                    site_id=rng.choice(sites_of[school.pk]),
                    programme_reference=f"AAP-{delivered.year}-{rng.randint(1, 40):02d}",
                    delivery_date=delivered,
                    warranty_end=delivered + timedelta(days=4 * 365),
                )
            )
        Device.objects.bulk_create(devices, batch_size=1000)

        users, memberships = [], []
        for school in schools:
            number = school.official_number
            # Most school users keep no preference and see their school's language.
            users.append(
                User(
                    email=f"ict.{number.lower()}@{DOMAIN}",
                    full_name=person_name(rng, school.language),
                    language=school.language if rng.random() < 0.1 else "",
                )
            )
            for t in range(1, 6):
                users.append(
                    User(
                        email=f"teacher{t}.{number.lower()}@{DOMAIN}",
                        full_name=person_name(rng, school.language),
                        language=school.language if rng.random() < 0.1 else "",
                    )
                )
        users.append(User(email=SCHOOL_EMAIL, full_name="Bench School ICT", language=""))
        users.append(User(email=TEACHER_EMAIL, full_name="Bench Teacher", language=""))
        for user in users:
            user.password = password
            user.role = Role.SCHOOL
            user.date_joined = now
        User.objects.bulk_create(users)
        by_email = {
            u.email: u.pk for u in User.objects.filter(email__endswith="@" + DOMAIN, role="school")
        }
        for school in schools:
            number = school.official_number.lower()
            memberships.append(
                Membership(
                    user_id=by_email[f"ict.{number}@{DOMAIN}"],
                    school=school,
                    role=MembershipRole.ICT_CONTACT,
                )
            )
            for t in range(1, 6):
                memberships.append(
                    Membership(user_id=by_email[f"teacher{t}.{number}@{DOMAIN}"], school=school)
                )
        first, second = schools[0], schools[1]
        memberships += [
            Membership(
                user_id=by_email[SCHOOL_EMAIL], school=first, role=MembershipRole.ICT_CONTACT
            ),
            Membership(user_id=by_email[SCHOOL_EMAIL], school=second),
            Membership(user_id=by_email[TEACHER_EMAIL], school=first),
        ]
        Membership.objects.bulk_create(memberships)


def ensure_poster() -> None:
    """The user of pages.py's POSTs: a teacher at the last bench school."""
    school = (
        School.objects.filter(official_number__startswith=SCHOOL_PREFIX)
        .order_by("-official_number")
        .first()
    )
    user, created = User.objects.get_or_create(
        email=POSTER_EMAIL,
        defaults={"full_name": "Bench Poster", "role": Role.SCHOOL, "language": ""},
    )
    if created:
        user.password = make_password(PASSWORD)
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, school=school)


def person_name(rng: random.Random, language: str) -> str:
    return f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"


# Tickets ----------------------------------------------------------------------


class World:
    """The reference rows the tickets are spread over, loaded once."""

    def __init__(self):
        self.schools = list(
            School.objects.filter(official_number__startswith=SCHOOL_PREFIX).values_list(
                "pk", "language"
            )
        )
        members: dict[int, list[int]] = {}
        for school_id, user_id, role in Membership.objects.filter(
            school_id__in=[pk for pk, _ in self.schools]
        ).values_list("school_id", "user_id", "role"):
            members.setdefault(school_id, []).append(user_id)
            if role == MembershipRole.ICT_CONTACT:  # ICT contacts write more often
                members[school_id] += [user_id] * 2
        self.members = members
        devices: dict[int, list[int]] = {}
        for pk, school_id in Device.objects.filter(serial__startswith="BNSN-").values_list(
            "pk", "school_id"
        ):
            devices.setdefault(school_id, []).append(pk)
        self.devices = devices
        staff = User.objects.filter(email__endswith="@" + DOMAIN)
        self.agents = list(staff.filter(role=Role.AGENT).values_list("pk", flat=True))
        self.technicians = list(staff.filter(role=Role.TECHNICIAN).values_list("pk", flat=True))
        self.staff_authors = self.agents + self.technicians
        self.teams = {
            t.language: t.pk for t in Team.objects.filter(name__startswith="Bench").order_by("-id")
        }
        self.agent = User.objects.get(email=AGENT_EMAIL)
        self.school_user = User.objects.get(email=SCHOOL_EMAIL)


def reserve_numbers(years: Counter) -> dict[int, int]:
    """Move each year's TicketSequence past `years[year]` numbers; return the
    first number reserved per year. Done in one transaction, row locked."""
    first = {}
    with transaction.atomic():
        for year, count in sorted(years.items()):
            TicketSequence.objects.get_or_create(year=year)
            sequence = TicketSequence.objects.select_for_update().filter(year=year)
            sequence.update(last_number=F("last_number") + count)
            first[year] = sequence.values_list("last_number", flat=True).get() - count + 1
    return first


def random_created_at(rng: random.Random, now, days: int = 365):
    """Working hours on weekdays, mostly, over the last `days` days."""
    moment = now - timedelta(seconds=rng.uniform(0, days * 86400))
    local = timezone.localtime(moment)
    if local.weekday() >= 5 and rng.random() < 0.8:
        local -= timedelta(days=local.weekday() - 4)
    local = local.replace(hour=rng.randint(7, 18), minute=rng.randint(0, 59))
    return min(local, now - timedelta(minutes=5))


def text(rng: random.Random, pool: list[str], k: int) -> str:
    return " ".join(rng.sample(pool, k))


MESSAGE_COLUMNS = ["ticket", "kind", "author", "channel", "body", "field", "old_value",
                   "new_value", "created_at"]  # fmt: skip


def seed_tickets(rng, world: World, n: int, batch: int, events: bool) -> dict[str, int]:
    """Tickets through bulk_create (their primary keys come back), then their
    messages and device links as plain rows (COPY on PostgreSQL, executemany
    elsewhere): building a model instance per row was most of a run's time."""
    now = timezone.now()
    created = sorted(random_created_at(rng, now) for _ in range(n))
    years = Counter(timezone.localtime(moment).year for moment in created)
    next_number = reserve_numbers(years)
    counts = Counter()
    adapt = connection.ops.adapt_datetimefield_value
    for start in range(0, n, batch):
        tickets, plans = [], []
        for created_at in created[start : start + batch]:
            year = timezone.localtime(created_at).year
            number = f"{year}-{next_number[year]:06d}"
            next_number[year] += 1
            ticket, plan = build_ticket(rng, world, now, number, created_at)
            tickets.append(ticket)
            plans.append(plan)
        with transaction.atomic():
            Ticket.objects.bulk_create(tickets, batch_size=2000)
            terms = {term for ticket in tickets for term in subject_terms(ticket.subject)}
            SubjectTerm.objects.bulk_create(
                [SubjectTerm(term=term) for term in sorted(terms)], ignore_conflicts=True
            )
            messages, links = [], []
            for ticket, plan in zip(tickets, plans, strict=True):
                messages += build_messages(rng, world, ticket, plan, events, adapt)
                links += [(ticket.pk, device_id) for device_id in plan["devices"]]
            insert_rows(Message, MESSAGE_COLUMNS, messages)
            insert_rows(Ticket.devices.through, ["ticket", "device"], links)
        counts["tickets"] += len(tickets)
        counts["messages"] += len(messages)
        counts["device links"] += len(links)
        print(f"  {counts['tickets']:>8,} tickets", end="\r", flush=True)
    print()
    return counts


def insert_rows(model, field_names: list[str], rows: list[tuple]) -> None:
    """Insert plain rows (values ready for the database) into `model`'s table.
    Names come from the model's metadata, values go as parameters or COPY data."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    # Columns the rows leave out get their model default ("" for text), as a
    # model instance would.
    omitted = [
        field
        for field in model._meta.concrete_fields
        if field.name not in field_names and not field.primary_key and not field.null
    ]
    if omitted:
        defaults = tuple(field.get_default() for field in omitted)
        rows = [(*row, *defaults) for row in rows]
    names = [model._meta.get_field(name).column for name in field_names]
    columns = ", ".join(quote(name) for name in names + [field.column for field in omitted])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            values = ", ".join(["%s"] * (len(field_names) + len(omitted)))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})", rows)  # noqa: S608


def build_ticket(rng, world: World, now, number: str, created_at):
    school_id, school_language = rng.choice(world.schools)
    language = (
        school_language if rng.random() < 0.95 else ("de" if school_language == "fr" else "fr")
    )
    age = now - created_at
    mix = "fresh" if age < timedelta(days=3) else "recent" if age < timedelta(days=30) else "old"
    status = rng.choices(*STATUS_MIX[mix])[0]
    channel = rng.choices(*CHANNELS)[0]
    category = rng.choices(*CATEGORIES)[0]
    requester = rng.choice(world.members[school_id])
    agent = rng.choice(world.agents)

    # Times of the three messages, never in the future.
    first = created_at
    second = min(first + timedelta(minutes=rng.randint(10, 2 * 24 * 60)), now)
    third = min(second + timedelta(minutes=rng.randint(60, 3 * 24 * 60)), now)
    assignee = None
    if status != Status.NEW and rng.random() < 0.85:
        assignee = agent
    resolved_at = closed_at = None
    if status in (Status.RESOLVED, Status.CLOSED):
        resolved_at = third
    if status == Status.CLOSED:
        closed_at = min(third + timedelta(days=7), now)
    devices = []
    pool = world.devices.get(school_id, [])
    if pool and category in (ServiceCategory.REMOTE_HARDWARE, ServiceCategory.ONSITE):
        if rng.random() < 0.7:
            devices = rng.sample(pool, min(len(pool), rng.choice((1, 1, 1, 2, 3))))
    subject = rng.choice(SUBJECTS[language])
    ticket = Ticket(
        number=number,
        school_id=school_id,
        requester_id=requester,
        created_by_id=agent if channel == Channel.PHONE else requester,
        channel=channel,
        language=language,
        category=category,
        subject=subject,
        subject_words=subject_words(subject),
        priority=rng.choices(*PRIORITIES)[0],
        status=status,
        team_id=world.teams.get(language),
        assignee_id=assignee,
        created_at=first,
        updated_at=closed_at or third,
        first_response_at=None if status == Status.NEW else second,
        resolved_at=resolved_at,
        closed_at=closed_at,
    )
    plan = {"times": (first, second, third), "agent": agent, "devices": devices}
    return ticket, plan


def build_messages(rng, world: World, ticket: Ticket, plan, events: bool, adapt) -> list:
    """Rows for insert_statement(Message, ...): ticket, kind, author, channel,
    body, field, old value, new value, date."""
    first, second, third = (adapt(moment) for moment in plan["times"])
    # Plain strings: a raw cursor must not see the enum members (psycopg
    # would write their names).
    reply, note, event = MessageKind.REPLY.value, MessageKind.NOTE.value, MessageKind.EVENT.value
    channel, portal = str(ticket.channel), Channel.PORTAL.value
    language = ticket.language
    pk = ticket.pk
    rows = []
    if events:
        rows.append(
            (pk, event, ticket.created_by_id, "", "", EventField.CREATED.value, "", channel,
             first)
        )  # fmt: skip
    body = text(rng, SCHOOL_TEXT[language], rng.randint(2, 4))
    rows.append((pk, reply, ticket.requester_id, channel, body, "", "", "", first))
    # A new ticket has had no public staff reply yet: its staff message is a note.
    kind = note if ticket.status == Status.NEW else reply
    body = text(rng, STAFF_TEXT[language], rng.randint(2, 3))
    rows.append((pk, kind, plan["agent"], "", body, "", "", "", second))
    if rng.random() < 0.6:
        body = text(rng, SCHOOL_TEXT[language], rng.randint(1, 2))
        rows.append((pk, reply, ticket.requester_id, portal, body, "", "", "", third))
    else:
        author = rng.choice(world.staff_authors)
        rows.append((pk, note, author, "", rng.choice(NOTE_TEXT), "", "", "", third))
    return rows


def ensure_long_tickets(rng, world: World) -> list[str]:
    """Two tickets of the bench school user with a long conversation (replies
    both ways, notes, status/assignee/priority events, attachment rows)."""
    numbers = []
    now = timezone.now()
    school = Membership.objects.filter(
        user=world.school_user, role=MembershipRole.ICT_CONTACT
    ).values_list("school_id", flat=True)[0]
    for size in LONG_SIZES:
        subject = f"{LONG_SUBJECT} ({size} entries)"
        existing = Ticket.objects.filter(subject=subject).values_list("number", flat=True).first()
        if existing:
            numbers.append(existing)
            continue
        start = now - timedelta(days=20)
        year = timezone.localtime(start).year
        number = f"{year}-{reserve_numbers(Counter({year: 1}))[year]:06d}"
        step = (now - start) / (size + 1)
        with transaction.atomic():
            ticket = Ticket.objects.create(
                number=number,
                school_id=school,
                requester=world.school_user,
                created_by=world.school_user,
                channel=Channel.PORTAL,
                language="fr",
                category=ServiceCategory.REMOTE_HARDWARE,
                subject=subject,
                priority=Priority.HIGH,
                status=Status.OPEN,
                team_id=world.teams.get("fr"),
                assignee=world.agent,
                created_at=start,
                updated_at=start + step * size,
                first_response_at=start + step,
            )
            devices = world.devices.get(school, [])[:3]
            ticket.devices.set(devices)
            messages = [
                Message(
                    ticket=ticket,
                    kind=MessageKind.EVENT,
                    author=world.school_user,
                    field=EventField.CREATED,
                    new_value=Channel.PORTAL,
                    created_at=start,
                )
            ]
            for i in range(1, size):
                at = start + step * i
                turn = i % 5
                if turn in (0, 2):
                    messages.append(
                        Message(
                            ticket=ticket,
                            kind=MessageKind.REPLY,
                            author=world.school_user,
                            channel=Channel.PORTAL,
                            body=text(rng, SCHOOL_TEXT["fr"], 3),
                            created_at=at,
                        )
                    )
                elif turn == 1:
                    messages.append(
                        Message(
                            ticket=ticket,
                            kind=MessageKind.REPLY,
                            author_id=rng.choice(world.agents),
                            body=text(rng, STAFF_TEXT["fr"], 3),
                            created_at=at,
                        )
                    )
                elif turn == 3:
                    messages.append(
                        Message(
                            ticket=ticket,
                            kind=MessageKind.NOTE,
                            author_id=rng.choice(world.agents + world.technicians),
                            body=rng.choice(NOTE_TEXT),
                            created_at=at,
                        )
                    )
                else:
                    old, new = rng.sample([Status.OPEN, Status.WAITING_FOR_SCHOOL], 2)
                    messages.append(
                        Message(
                            ticket=ticket,
                            kind=MessageKind.EVENT,
                            author=world.agent,
                            field=EventField.STATUS,
                            old_value=old,
                            new_value=new,
                            created_at=at,
                        )
                    )
            Message.objects.bulk_create(messages)
            attachments = [
                Attachment(
                    message=message,
                    file=f"attachments/bench/photo-{k}.jpg",
                    filename=f"photo-{k}.jpg",
                    size=rng.randint(40_000, 3_000_000),
                    content_type="image/jpeg",
                )
                for k, message in enumerate(messages)
                if message.kind == MessageKind.REPLY and k % 7 == 0
            ]
            Attachment.objects.bulk_create(attachments)
        numbers.append(number)
    return numbers


def analyze() -> str:
    """PostgreSQL: VACUUM ANALYZE, what autovacuum does soon after a bulk load
    (statistics for the planner, and the visibility map that index-only scans
    such as the queue's COUNT(*) need). SQLite: ANALYZE."""
    statement = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
    return statement


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of tickets to add")
    parser.add_argument("--batch", type=int, default=5000, help="tickets per transaction")
    parser.add_argument("--schools", type=int, default=50, help="bench schools (first run)")
    parser.add_argument("--devices", type=int, default=2000, help="bench devices (first run)")
    parser.add_argument("--seed", type=int, default=None, help="random seed")
    parser.add_argument(
        "--events",
        action="store_true",
        help="also add a 'created' EVENT row per ticket (4 rows instead of 3)",
    )
    parser.add_argument(
        "--analyze",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="at the end, VACUUM ANALYZE on PostgreSQL (as autovacuum would soon do in "
        "production) or ANALYZE on SQLite (as the app's scheduler does every hour); "
        "default: on",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    database = connection.settings_dict
    print(f"Database: {connection.vendor} {database['NAME']}")

    started = time.perf_counter()
    ensure_reference_data(rng, args.schools, args.devices)
    ensure_poster()
    world = World()
    reference_done = time.perf_counter()
    print(
        f"Reference data: {len(world.schools)} schools, "
        f"{sum(len(d) for d in world.devices.values())} devices, "
        f"{sum(len(set(m)) for m in world.members.values())} memberships, "
        f"{len(world.agents)} agents ({reference_done - started:.1f} s)"
    )

    counts = seed_tickets(rng, world, args.n, args.batch, args.events)
    seeded = time.perf_counter()
    elapsed = seeded - reference_done
    rows = sum(counts.values())
    print(
        f"Inserted {counts['tickets']:,} tickets, {counts['messages']:,} messages, "
        f"{counts['device links']:,} device links in {elapsed:.1f} s: "
        f"{counts['tickets'] / elapsed:,.0f} tickets/s, {rows / elapsed:,.0f} rows/s"
    )
    long_numbers = ensure_long_tickets(rng, world)
    print(f"Long conversations: {', '.join(long_numbers)} ({', '.join(map(str, LONG_SIZES))})")

    if args.analyze:
        before = time.perf_counter()
        statement = analyze()
        print(f"{statement}: {time.perf_counter() - before:.1f} s")
    sequences = ", ".join(
        f"{s.year}: {s.last_number}" for s in TicketSequence.objects.order_by("year")
    )
    print(f"Ticket sequence: {sequences}")
    print(
        f"Totals: {Ticket.objects.count():,} tickets, {Message.objects.count():,} messages "
        f"({time.perf_counter() - started:.1f} s in all)"
    )
    print(f"Logins for bench/pages.py (password {PASSWORD!r}):")
    print(f"  desk agent:  {AGENT_EMAIL}")
    print(f"  school user: {SCHOOL_EMAIL}  (ICT contact of {SCHOOL_PREFIX}001, teacher at 002)")
    print(f"  teacher:     {TEACHER_EMAIL}")
    print(f"  poster:      {POSTER_EMAIL}  (teacher at the last bench school: the POSTs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
