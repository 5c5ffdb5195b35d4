"""Fill an empty database with a realistic demo data set.

    manage.py demo

Schools with their sites and phone numbers, the programme's devices, the
support teams, one login per role (password "demo") and about 150 requests
with their conversations and history. The tables are in `pupitre.demo.data`;
they are combined with a fixed random seed, so every run produces the same
data (only the dates follow today's date). Nothing is loaded when the
database already has schools.
"""

import mimetypes
import random
import time as stopwatch
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.test.utils import override_settings
from django.utils import timezone, translation

from pupitre.accounts.models import Role, User
from pupitre.demo import coverage as demo_coverage
from pupitre.demo import data
from pupitre.demo import mail as mail_demo
from pupitre.demo import onsite as demo_onsite
from pupitre.demo import onsite_tech as demo_onsite_tech
from pupitre.demo import phone as demo_phone
from pupitre.demo import remote_sessions as demo_remote_sessions
from pupitre.demo import second_factor as demo_second_factor
from pupitre.demo.kb import load_knowledge_base
from pupitre.demo.odoo import load_demo_odoo
from pupitre.demo.odoo_requests import load_odoo_requests
from pupitre.equipment.models import Device, DeviceModel, DeviceStatus, Funding, Provenance
from pupitre.mail.models import InboundMail
from pupitre.schools.models import Membership, MembershipRole, PhoneNumber, School, SchoolType, Site
from pupitre.tickets import sla
from pupitre.tickets.models import Channel, Message, Priority, SlaState, Status, Team, Ticket
from pupitre.tickets.services import (
    ticket_add_note,
    ticket_assign,
    ticket_create,
    ticket_reply,
    ticket_set_priority,
    ticket_set_status,
    ticket_set_team,
)

SEED = 4780
DEMO_PASSWORD = "demo"  # noqa: S105 -- documented demo logins, never a real account

OPENING = time(8, 0)
CLOSING = time(18, 0)
CLOSING_EXTENDED = time(21, 0)  # adult-education schools (DESIGN.md §1)
# Fixed-date Belgian public holidays; enough to keep demo requests off them.
HOLIDAYS = {(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25)}
LAST_DELIVERY = date(2026, 10, 30)

CHANNEL_WEIGHTS = {Channel.PORTAL: 55, Channel.EMAIL: 30, Channel.PHONE: 15}


class Command(BaseCommand):
    help = "Load demo schools, devices, users and requests into an empty database."

    def handle(self, *args, **options):
        started = stopwatch.monotonic()
        # The demo's history is invented: no notification goes out for it.
        no_emails = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        with override_settings(TASKS=no_emails), transaction.atomic():
            load_demo_odoo(self.stdout)
            if School.objects.exists():
                self.stdout.write("The database already has schools: demo data not loaded.")
                # A demo database made before staff had a second factor.
                if demo_second_factor.give_authenticators():
                    self.stdout.write("Demo staff accounts got the demo authenticator key.")
                self._print_second_factor()
                return
            builder = DemoBuilder(random.Random(SEED))
            builder.build()
            load_odoo_requests()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {stopwatch.monotonic() - started:.1f} s: "
                f"{', '.join(builder.counts())}."
            )
        )
        self._print_logins(builder)

    def _print_logins(self, builder: "DemoBuilder") -> None:
        rows = [("email", "role", "language", "")]
        for login in data.LOGINS:
            user = builder.logins[login.email]
            schools = ", ".join(
                school.name for school in builder.schools if school in builder.schools_of[user]
            )
            note = "; ".join(part for part in (login.note, schools) if part)
            with translation.override("en"):  # developer output
                role = str(user.get_role_display())
            rows.append((login.email, role, user.language, note))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all of them: {DEMO_PASSWORD})")
        for index, row in enumerate(rows):
            line = "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=False))
            self.stdout.write("  " + (line + "  " + row[3]).rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write(
            f"Every other demo user (school staff, more agents) also signs in with "
            f"{DEMO_PASSWORD!r}."
        )
        self._print_second_factor()

    def _print_second_factor(self) -> None:
        self.stdout.write("")
        for line in demo_second_factor.how_to_sign_in("agent.fr@demo.pupitre.be"):
            self.stdout.write(line)


# The data set ---------------------------------------------------------------


@dataclass
class Step:
    """One thing that happens to a request, at the moment the story says."""

    when: datetime
    action: str  # create, assign, priority, reply, note, status, team
    by: User
    body: str = ""
    value: object = None
    file: data.FileRow | None = None
    channel: str = ""


@dataclass
class Story:
    school: School
    requester: User
    scenario: data.Scenario
    status: str
    channel: str
    agent: User
    devices: list[Device]
    steps: list[Step] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.school.language


class DemoBuilder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()
        self.schools: list[School] = []
        self.rows: dict[int, data.SchoolRow] = {}  # school id -> its table row
        self.sites: dict[int, list[Site]] = {}
        self.devices: dict[int, list[Device]] = defaultdict(list)
        self.logins: dict[str, User] = {}
        self.members: dict[int, list[User]] = defaultdict(list)
        self.schools_of: dict[User, set[School]] = defaultdict(set)
        self.agents: dict[str, list[User]] = {}
        self.technicians: list[User] = []
        self.teams: dict[str, Team] = {}
        self.decks: dict[str, list[data.Scenario]] = defaultdict(list)

    def build(self) -> None:
        self.create_schools()
        self.create_devices()
        self.create_people()
        self.create_tickets()
        mail_demo.build(self)
        self.coverage = demo_coverage.build(self.rng, self.schools)
        self.phone = demo_phone.build(self)
        self.onsite = demo_onsite.build()
        # After the planning's demo: the technicians' profiles exist.
        self.onsite.update(demo_onsite_tech.build(self))
        self.kb_articles = load_knowledge_base(
            authors={language: agents[0] for language, agents in self.agents.items()},
            members={school: self.members[school.pk] for school in self.schools},
            rng=self.rng,
        )
        self.authenticators = demo_second_factor.give_authenticators()
        self.remote_sessions = demo_remote_sessions.build(self.schools, self.agents)

    def counts(self) -> list[str]:
        return [
            f"{School.objects.count()} schools",
            f"{Site.objects.count()} sites",
            f"{Device.objects.count()} devices",
            f"{User.objects.count()} users",
            f"{Ticket.objects.count()} requests",
            f"{Message.objects.count()} timeline entries",
            f"{InboundMail.objects.count()} received emails",
            *(f"{n} {what}" for what, n in self.coverage.items()),
            *(f"{n} {what}" for what, n in self.phone.items()),
            *(f"{n} {what}" for what, n in self.onsite.items()),
            f"{self.kb_articles} help articles (language versions)",
            f"{self.authenticators} staff authenticators",
        ]

    # Schools -----------------------------------------------------------------

    def create_schools(self) -> None:
        for row in data.SCHOOLS:
            school = School.objects.create(
                official_number=row.official_number,
                name=row.name,
                language=row.language,
                school_type=row.school_type,
                email=row.email,
            )
            self.schools.append(school)
            self.rows[school.pk] = row
            self.sites[school.pk] = Site.objects.bulk_create(
                Site(
                    school=school,
                    official_number=site.official_number,
                    name=site.name,
                    street=site.street,
                    postal_code=site.postal_code,
                    city=site.city,
                    region=site.region,
                )
                for site in row.sites
            )
        PhoneNumber.objects.bulk_create(
            PhoneNumber(school=school, number=number, label=label)
            for school in self.schools
            for number, label in self.rows[school.pk].phones
        )
        PhoneNumber.objects.bulk_create(
            PhoneNumber(school=school, site=site, number=row.phone, label=site.name)
            for school in self.schools
            for site, row in zip(self.sites[school.pk], self.rows[school.pk].sites, strict=True)
            if row.phone
        )

    # Devices -----------------------------------------------------------------

    def create_devices(self) -> None:
        rng = self.rng
        models = {
            row: DeviceModel(manufacturer=row.manufacturer, name=row.name, category=row.category)
            for row in data.DEVICE_MODELS
        }
        DeviceModel.objects.bulk_create(models.values())
        serials: set[str] = set()
        devices = []
        for school in self.schools:
            count = data.DEVICES_PER_SCHOOL[school.school_type] + rng.randint(-2, 3)
            # Devices arrive in a few deliveries; the devices of one delivery
            # share its date, funding and programme reference.
            deliveries = [self._delivery(school) for _ in range(rng.randint(2, 4))]
            for number in range(1, count + 1):
                delivery = rng.choice(deliveries)
                model_row = self._pick_model(delivery["date"].year)
                devices.append(
                    self._device(school, number, models[model_row], model_row, delivery, serials)
                )
        Device.objects.bulk_create(devices)
        for device in devices:
            self.devices[device.school_id].append(device)

    def _delivery(self, school: School) -> dict:
        rng = self.rng
        years = data.DELIVERY_YEAR_WEIGHTS
        year = rng.choices(list(years), weights=list(years.values()))[0]
        day = min(date(year, 1, 1) + timedelta(days=rng.randint(0, 364)), LAST_DELIVERY)
        provenance = Provenance.MARKET_CENTRAL if rng.random() < 0.88 else Provenance.OTHER
        if provenance == Provenance.MARKET_CENTRAL:
            funding = rng.choices(
                [Funding.WALLONIA_PROGRAMME, Funding.OWN_FUNDS, Funding.OTHER], weights=[75, 20, 5]
            )[0]
        else:
            funding = rng.choices([Funding.OWN_FUNDS, Funding.OTHER], weights=[70, 30])[0]
        reference = ""
        if funding == Funding.WALLONIA_PROGRAMME:
            if rng.random() < 0.5:
                reference = f"AAP-{year}-{rng.randint(1, 240):03d}"
            elif school.language == data.DE:
                reference = f"Ausstattungsakte {year}/{rng.randint(1, 2000):04d}"
            else:
                reference = f"Dossier équipement {year}/{rng.randint(1, 2000):04d}"
        return {"date": day, "provenance": provenance, "funding": funding, "reference": reference}

    def _pick_model(self, year: int) -> data.DeviceModelRow:
        rng = self.rng
        weights = data.CATEGORY_WEIGHTS
        while True:
            category = rng.choices(list(weights), weights=list(weights.values()))[0]
            candidates = [
                row
                for row in data.DEVICE_MODELS
                if row.category == category and row.years[0] <= year <= row.years[1]
            ]
            if candidates:
                return rng.choice(candidates)

    def _device(self, school, number, model, model_row, delivery, serials) -> Device:
        rng = self.rng
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
        serial = ""
        while not serial or serial in serials:
            serial = model_row.serial_prefix + "".join(
                rng.choice(alphabet) for _ in range(model_row.serial_length)
            )
        serials.add(serial)
        if delivery["provenance"] == Provenance.MARKET_CENTRAL:
            prefix = "DS" if school.language == data.DE else "EN"
            asset_tag = f"{prefix}-{school.official_number}-{number:04d}"
        else:
            asset_tag = f"INV-{number:04d}" if rng.random() < 0.5 else ""
        delivered = delivery["date"]
        status = DeviceStatus.IN_SERVICE
        if delivered.year <= 2018 and rng.random() < 0.2:
            status = DeviceStatus.RETIRED
        elif model_row.category == data.Category.TABLET and rng.random() < 0.06:
            status = DeviceStatus.LOST
        elif rng.random() < 0.03:
            status = DeviceStatus.REPLACED
        remote_tool = remote_id = ""
        if model_row.remote_control and rng.random() < 0.4:
            tools = data.REMOTE_TOOLS
            remote_tool = rng.choices([t for t, _ in tools], weights=[w for _, w in tools])[0]
            digits = f"{rng.randint(100_000_000, 1_999_999_999):010d}"
            if remote_tool == "teamviewer":
                remote_id = f"{digits[0]} {digits[1:4]} {digits[4:7]} {digits[7:]}"
            else:
                remote_id = f"{digits[1:4]} {digits[4:7]} {digits[7:]}"
        return Device(
            serial=serial,
            asset_tag=asset_tag,
            model=model,
            school=school,
            site=rng.choice(self.sites[school.pk]),
            provenance=delivery["provenance"],
            funding=delivery["funding"],
            programme_reference=delivery["reference"],
            delivery_date=delivered,
            warranty_end=_add_years(delivered, model_row.warranty_years),
            status=status,
            remote_tool=remote_tool,
            remote_id=remote_id,
        )

    # People ------------------------------------------------------------------

    def create_people(self) -> None:
        rng = self.rng
        users: list[User] = []
        for login in data.LOGINS:
            is_admin = login.role == Role.ADMINISTRATOR
            user = self._user(
                login.email,
                login.full_name,
                login.role,
                login.language,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            self.logins[login.email] = user
            users.append(user)
        staff = []
        for full_name, role, language in data.MORE_STAFF:
            email = f"{_slug(full_name)}@{data.DEMO_DOMAIN}"
            staff.append(self._user(email, full_name, role, language))
        users += staff

        first_fr = next(s for s in self.schools if s.language == data.FR)
        second_fr = [s for s in self.schools if s.language == data.FR][1]
        first_de = next(s for s in self.schools if s.language == data.DE)
        login = self.logins
        memberships = [
            (login["teacher.fr@demo.pupitre.be"], first_fr, MembershipRole.MEMBER),
            (login["teacher.fr@demo.pupitre.be"], second_fr, MembershipRole.MEMBER),
            (login["teacher.de@demo.pupitre.be"], first_de, MembershipRole.MEMBER),
            (login["ict.fr@demo.pupitre.be"], first_fr, MembershipRole.ICT_CONTACT),
            (login["ict.de@demo.pupitre.be"], first_de, MembershipRole.ICT_CONTACT),
        ]
        # Every school gets an ICT contact and one to three teachers (the
        # demo logins count for their schools).
        emails = {user.email for user in users}
        for school in self.schools:
            has_contact = school in (first_fr, first_de)
            teachers = rng.randint(1, 3) - (1 if school in (first_fr, second_fr, first_de) else 0)
            roles = [] if has_contact else [MembershipRole.ICT_CONTACT]
            roles += [MembershipRole.MEMBER] * max(teachers, 0)
            for role in roles:
                first = rng.choice(data.FIRST_NAMES[school.language])
                last = rng.choice(data.LAST_NAMES[school.language])
                local_part = f"{_slug(first)}.{_slug(last)}"
                domain = self.rows[school.pk].domain
                email, suffix = f"{local_part}@{domain}", 2
                while email in emails:
                    email, suffix = f"{local_part}{suffix}@{domain}", suffix + 1
                emails.add(email)
                phone = ""
                if role == MembershipRole.ICT_CONTACT:
                    pairs = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(3))
                    phone = f"+32 4{rng.choice('789')}{rng.randint(0, 9)} {pairs}"
                user = self._user(
                    email, f"{first} {last}", Role.SCHOOL, school.language, phone=phone
                )
                users.append(user)
                memberships.append((user, school, role))
        Membership.objects.bulk_create(
            Membership(user=user, school=school, role=role) for user, school, role in memberships
        )
        for user, school, _role in memberships:
            self.members[school.pk].append(user)
            self.schools_of[user].add(school)

        # One password hash for everyone: hashing costs about half a second
        # (PBKDF2, a million iterations), once per user would take a minute.
        User.objects.filter(pk__in=[user.pk for user in users]).update(
            password=make_password(DEMO_PASSWORD)
        )

        agents = [u for u in users if u.role == Role.AGENT]
        self.agents = {lang: [a for a in agents if a.language == lang] for lang in data.SCENARIOS}
        self.technicians = [u for u in users if u.role == Role.TECHNICIAN]
        # Created in this order: the services route a new request to the
        # first team (by id) of its language.
        for name, language, members in (
            (data.TEAM_SUPPORT_DE, data.DE, self.agents[data.DE]),
            (data.TEAM_SUPPORT_FR, data.FR, self.agents[data.FR]),
            (data.TEAM_ONSITE, "", self.technicians),
        ):
            names = {f"name_{code}": text for code, text in data.TEAM_NAMES[name].items()}
            team = Team.objects.create(name=name, language=language, **names)
            team.members.set(members)
            self.teams[name] = team

    def _user(self, email, full_name, role, language, **extra) -> User:
        # No password here: see the single hash in create_people().
        return User.objects.create_user(
            email, None, full_name=full_name, role=role, language=language, **extra
        )

    # Requests ----------------------------------------------------------------

    def create_tickets(self) -> None:
        stories = [self._story(*plan) for plan in self._plans()]
        # Opened in the order of their story, so that numbers follow dates.
        # (Numbers carry the year of the real run: loaded early in January,
        # requests dated in December would still get this year's numbers.)
        stories.sort(key=lambda story: story.steps[0].when)
        for story in stories:
            self._play(story)

    def _plans(self) -> list[tuple[School, User, str]]:
        """(school, requester, final status) of every request."""
        rng = self.rng
        by_number = {school.official_number: school for school in self.schools}
        plans = [
            (by_number[number], self.logins[email], status)
            for number, email, status in data.SHOWCASE_REQUESTS
        ]
        # STATUS_COUNTS includes the showcase requests.
        statuses = [status for status, n in data.STATUS_COUNTS.items() for _ in range(n)]
        for _number, _email, status in data.SHOWCASE_REQUESTS:
            statuses.remove(status)
        rng.shuffle(statuses)
        showcase_schools = {number for number, _email, _status in data.SHOWCASE_REQUESTS}
        weights = {
            # Bigger schools ask more; the demo logins' schools a bit more still.
            school.pk: len(self.devices[school.pk])
            * (2 if school.official_number in showcase_schools else 1)
            for school in self.schools
        }
        by_language = {
            language: [s for s in self.schools if s.language == language]
            for language in data.SCENARIOS
        }
        for status in statuses:
            language = data.DE if rng.random() < data.GERMAN_SHARE else data.FR
            schools = by_language[language]
            school = rng.choices(schools, weights=[weights[s.pk] for s in schools])[0]
            plans.append((school, rng.choice(self.members[school.pk]), status))
        return plans

    def _story(self, school: School, requester: User, status: str) -> Story:
        rng = self.rng
        language = school.language
        scenario = self._next_scenario(school)
        agents = self.agents[language]
        lead = self.logins[f"agent.{language}@demo.pupitre.be"]
        agent = lead if rng.random() < 0.55 else rng.choice(agents)
        channel = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        devices = []
        if scenario.device_category:
            candidates = [
                d
                for d in self.devices[school.pk]
                if d.model.category == scenario.device_category
                and d.status == DeviceStatus.IN_SERVICE
            ]
            if candidates:
                devices = rng.sample(candidates, k=min(len(candidates), rng.choice([1, 1, 1, 2])))
        story = Story(school, requester, scenario, status, channel, agent, devices)
        # A story that would run past now is drawn again (new start, new
        # delays); if a few tries fail, _play() squeezes it before now.
        for _attempt in range(5):
            story.steps = []
            self._write_steps(story)
            if story.steps[-1].when < self.now - timedelta(minutes=5):
                break
        return story

    def _next_scenario(self, school: School) -> data.Scenario:
        """Scenarios are dealt like cards from a shuffled deck per language,
        so every scenario is used before any is used twice."""
        deck = self.decks[school.language]
        for index, scenario in enumerate(deck):
            if not scenario.school_types or school.school_type in scenario.school_types:
                return deck.pop(index)
        # Only scenarios for other school types are left: add a new deck.
        scenarios = data.SCENARIOS[school.language]
        deck += self.rng.sample(scenarios, k=len(scenarios))
        return self._next_scenario(school)

    def _write_steps(self, story: Story) -> None:
        """Write the timeline of a request: who does what, and when."""
        rng = self.rng
        s = story.scenario
        language = story.language
        agent = story.agent
        requester = story.requester
        closing = (
            CLOSING_EXTENDED if story.school.school_type == SchoolType.ADULT_EDUCATION else CLOSING
        )
        school_channel = story.channel
        staff_channel = story.channel if story.channel != Channel.PORTAL else ""
        steps = story.steps
        clock = self._opened_at(story.status, closing)

        def add(minutes: tuple[int, int], action: str, by: User, **kwargs) -> None:
            nonlocal clock
            if steps:
                clock = self._working_time(
                    clock + timedelta(minutes=rng.randint(*minutes)), closing
                )
            steps.append(Step(clock, action, by, **kwargs))

        def file_for(step: str):
            # The message text announces its file, so it is always attached.
            return s.file if s.file and s.file.step == step else None

        opener = agent if story.channel == Channel.PHONE else requester
        add((0, 0), "create", opener, body=s.description, file=file_for("description"))
        if story.status == Status.NEW:
            if rng.random() < 0.3:
                add((5, 90), "note", agent, body=data.TRIAGE_NOTES[language])
            if rng.random() < 0.3 and s.priority < Priority.URGENT:
                add((1, 30), "priority", agent, value=s.priority + 10)
            return

        assigned = rng.random() < 0.85
        if assigned:
            add((10, 240), "assign", agent, value=agent)
        if rng.random() < 0.2:
            higher = s.priority < Priority.URGENT and (rng.random() < 0.6 or s.priority == 10)
            add((1, 20), "priority", agent, value=s.priority + (10 if higher else -10))
        add((5, 60), "reply", agent, body=s.answer, channel=staff_channel, file=file_for("answer"))
        # On-site scenarios note the planned visit when handing over instead.
        if s.note and not s.onsite and rng.random() < 0.6:
            add((1, 15), "note", agent, body=s.note)
        if s.priority >= Priority.HIGH and rng.random() < 0.3:
            supervisor = self.logins["supervisor@demo.pupitre.be"]
            add((10, 120), "note", supervisor, body=data.SUPERVISOR_NOTES[language])
        if story.status == Status.OPEN:
            if rng.random() < 0.6 or s.onsite:
                add((60, 1500), "reply", requester, body=s.follow_up, channel=school_channel,
                    file=file_for("follow_up"))  # fmt: skip
            if s.onsite:
                self._hand_over_onsite(add, agent, s.note)
            return

        add((1, 5), "status", agent, value=Status.WAITING_FOR_SCHOOL)
        if story.status == Status.WAITING_FOR_SCHOOL:
            return

        add((60, 1800), "reply", requester, body=s.follow_up, channel=school_channel,
            file=file_for("follow_up"))  # fmt: skip
        solver = agent
        if s.onsite:
            solver = self._hand_over_onsite(add, agent, s.note)
            add((180, 1440), "reply", solver, body=s.solution, file=file_for("solution"))
        else:
            add((20, 600), "reply", solver, body=s.solution, channel=staff_channel,
                file=file_for("solution"))  # fmt: skip
        thanks = rng.choice(data.THANKS[language])
        ending = rng.random()
        if ending < 0.6:
            add((1, 5), "status", solver, value=Status.RESOLVED)
        elif ending < 0.85:
            add((30, 900), "reply", requester, body=thanks, channel=school_channel)
            add((5, 120), "status", solver, value=Status.RESOLVED)
        else:
            add((30, 900), "reply", requester, body=thanks, channel=school_channel)
            add((0, 2), "status", requester, value=Status.RESOLVED)
        if rng.random() < 0.12 and not s.onsite:
            # The problem came back: the school's reply reopens the request.
            add((600, 2400), "reply", requester, body=data.PROBLEM_BACK[language],
                channel=school_channel)  # fmt: skip
            add((30, 300), "reply", agent, body=data.SECOND_FIX[language], channel=staff_channel)
            add((1, 5), "status", agent, value=Status.RESOLVED)
        if story.status == Status.CLOSED:
            add((2 * 1440, 6 * 1440), "status", agent, value=Status.CLOSED)

    def _hand_over_onsite(self, add, agent: User, note: str) -> User:
        """Plan the visit: note, on-site team, technician."""
        technician = self.rng.choice(self.technicians)
        if note:
            add((10, 60), "note", agent, body=note)
        add((1, 30), "team", agent, value=self.teams[data.TEAM_ONSITE])
        add((1, 10), "assign", agent, value=technician)
        return technician

    def _opened_at(self, status: str, closing: time) -> datetime:
        """A moment within service hours, some days before now."""
        rng = self.rng
        low, high = data.CREATED_DAYS_AGO[status]
        today = timezone.localdate(self.now)
        while True:
            day = today - timedelta(days=rng.randint(low, high))
            if not _is_working_day(day):
                continue
            span = (closing.hour - OPENING.hour) * 60 - 30
            moment = _at(day, OPENING) + timedelta(minutes=rng.randint(0, span))
            if moment < self.now - timedelta(minutes=30):
                return moment

    def _working_time(self, moment: datetime, closing: time) -> datetime:
        """`moment` if the helpdesk is open then, else shortly after the next
        opening."""
        local = timezone.localtime(moment)
        day = local.date()
        if local.time() >= closing:
            day += timedelta(days=1)
        while not _is_working_day(day):
            day += timedelta(days=1)
        if day == local.date() and local.time() >= OPENING:
            return moment
        return _at(day, OPENING) + timedelta(minutes=self.rng.randint(2, 120))

    def _play(self, story: Story) -> None:
        """Run the story's steps through the ticket services, then date them.

        The services stamp every row with `timezone.now()`, so right after
        this loop the whole history of the request happened within the last
        second. Each service call uses one instant for everything it writes
        (ticket fields, message, event), so that instant identifies the step:
        we collect instant -> intended moment and rewrite the timestamps with
        one UPDATE of the messages and one of the ticket. The steps' moments
        are increasing, so the order of the timeline is unchanged; events
        written by one call keep their order through their ids.
        """
        self._fit_before_now(story.steps)
        moments: dict[datetime, datetime] = {}
        ticket = None
        for step in story.steps:
            attachments = [_attachment(step.file)] if step.file else []
            if step.action == "create":
                ticket = ticket_create(
                    school=story.school,
                    requester=story.requester,
                    created_by=step.by,
                    channel=story.channel,
                    category=story.scenario.category,
                    subject=story.scenario.subject,
                    description=step.body,
                    devices=story.devices,
                    priority=story.scenario.priority,
                    attachments=attachments,
                )
                instant = ticket.created_at
            elif step.action == "reply":
                instant = ticket_reply(
                    ticket=ticket,
                    author=step.by,
                    body=step.body,
                    attachments=attachments,
                    channel=step.channel,
                ).created_at
            elif step.action == "note":
                instant = ticket_add_note(
                    ticket=ticket, author=step.by, body=step.body, attachments=attachments
                ).created_at
            elif step.action == "assign":
                instant = ticket_assign(ticket=ticket, assignee=step.value, by=step.by).updated_at
            elif step.action == "priority":
                instant = ticket_set_priority(
                    ticket=ticket, priority=step.value, by=step.by
                ).updated_at
            elif step.action == "status":
                instant = ticket_set_status(ticket=ticket, status=step.value, by=step.by).updated_at
            elif step.action == "team":
                instant = ticket_set_team(ticket=ticket, team=step.value, by=step.by).updated_at
            else:
                raise ValueError(step.action)
            moments.setdefault(instant, step.when)

        Message.objects.filter(ticket=ticket).update(
            created_at=Case(
                *(When(created_at=real, then=Value(wanted)) for real, wanted in moments.items()),
                default=F("created_at"),
            )
        )
        stamps = ("created_at", "updated_at", "first_response_at", "resolved_at", "closed_at")
        current = Ticket.objects.filter(pk=ticket.pk).values(*stamps).get()
        Ticket.objects.filter(pk=ticket.pk).update(
            **{name: moments.get(value, value) for name, value in current.items()}
        )
        self._date_sla(Ticket.objects.select_related("school").get(pk=ticket.pk))

    def _date_sla(self, ticket: Ticket) -> None:
        """Due times from the rewritten history; the states they have reached
        by now are set directly (the periodic check would alert on each)."""
        fields = sla.refresh(ticket, self.now)
        for name in sla.TARGETS:
            due, warn_at = getattr(ticket, f"{name}_due"), getattr(ticket, f"{name}_warn_at")
            if due is not None and due <= self.now:
                setattr(ticket, f"sla_{name}_state", SlaState.BREACHED)
            elif warn_at is not None and warn_at <= self.now:
                setattr(ticket, f"sla_{name}_state", SlaState.WARNING)
        ticket.save(update_fields=fields)

    def _fit_before_now(self, steps: list[Step]) -> None:
        """Squeeze a story that would end in the future into the time
        between its start and a few minutes ago, keeping the order."""
        # _opened_at() starts every story at least 30 minutes ago.
        limit = self.now - timedelta(minutes=self.rng.randint(5, 25))
        start, end = steps[0].when, steps[-1].when
        if end <= limit:
            return
        factor = (limit - start) / (end - start)
        for step in steps:
            step.when = start + (step.when - start) * factor


# Helpers ---------------------------------------------------------------------


def _is_working_day(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=timezone.get_default_timezone())


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ascii_name.lower().replace(" ", ".")


def _attachment(file: data.FileRow) -> ContentFile:
    upload = ContentFile(file.text.encode("utf-8"), name=file.name)
    upload.content_type = mimetypes.guess_type(file.name)[0] or "text/plain"
    return upload
