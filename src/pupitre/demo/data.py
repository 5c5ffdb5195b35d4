"""Tables of the demo data set: schools, device models, people, and the
problems schools report with the helpdesk's answers.

Nothing here touches the database; the `demo` management command combines
these tables (deterministically) into rows. Names of schools are realistic
for Wallonia and East Belgium; addresses, numbers and people are invented.
Ticket texts are demo content in German or French, not translatable strings.
"""

from dataclasses import dataclass

from pupitre.accounts.models import Language, Role
from pupitre.equipment.models import Category
from pupitre.schools.models import Region, SchoolType
from pupitre.tickets.models import Priority as P
from pupitre.tickets.models import ServiceCategory, Status

FR = Language.FRENCH
DE = Language.GERMAN

# Schools ------------------------------------------------------------------


@dataclass(frozen=True)
class SiteRow:
    official_number: str
    name: str
    street: str
    postal_code: str
    city: str
    region: str
    phone: str = ""  # the site's own switchboard, if it has one


@dataclass(frozen=True)
class SchoolRow:
    official_number: str
    name: str
    language: str
    school_type: str
    email: str
    phones: tuple[tuple[str, str], ...]  # (number, label)
    sites: tuple[SiteRow, ...]

    @property
    def domain(self) -> str:
        return self.email.split("@", 1)[1]


def _school(number, name, language, school_type, email, phones, *sites) -> SchoolRow:
    return SchoolRow(number, name, language, school_type, email, tuple(phones), tuple(sites))


_NA, _HA, _LG, _LX, _BW = (
    Region.NAMUR,
    Region.HAINAUT,
    Region.LIEGE,
    Region.LUXEMBOURG,
    Region.BRABANT_WALLON,
)
_EU, _SV = Region.EUPEN, Region.SANKT_VITH
_PRIM, _SEC, _SPEC, _ADULT, _OTHER = (
    SchoolType.PRIMARY,
    SchoolType.SECONDARY,
    SchoolType.SPECIAL_NEEDS,
    SchoolType.ADULT_EDUCATION,
    SchoolType.OTHER,
)

# The first French and the first German school of this list are the schools
# of the fixed demo logins (ict.fr / ict.de, teacher.fr / teacher.de).
# fmt: off
SCHOOLS: tuple[SchoolRow, ...] = (
    _school(
        "2381", "Athénée royal de Namur", FR, _SEC, "secretariat@ar-namur.demo.pupitre.be",
        [("+32 81 22 41 10", "Accueil"), ("+32 81 22 41 18", "Direction")],
        SiteRow("5501", "Implantation Rempart de la Vierge", "Rempart de la Vierge 8", "5000", "Namur", _NA),  # noqa: E501
        SiteRow("5502", "Implantation fondamentale de Salzinnes", "Rue des Pieds d'Alouette 14", "5000", "Namur", _NA, "+32 81 73 44 20"),  # noqa: E501
    ),
    _school(
        "2436", "Institut Saint-Joseph Ciney", FR, _SEC, "secretariat@isj-ciney.demo.pupitre.be",
        [("+32 83 21 15 40", "Accueil")],
        SiteRow("5517", "Implantation Rue Saint-Hubert", "Rue Saint-Hubert 25", "5590", "Ciney", _NA),  # noqa: E501
        SiteRow("5518", "Implantation Rue Courtejoie", "Rue Courtejoie 12", "5590", "Ciney", _NA),
    ),
    _school(
        "1107", "École communale de Jambes", FR, _PRIM, "direction@ec-jambes.demo.pupitre.be",
        [("+32 81 30 62 17", "Direction")],
        SiteRow("5120", "Implantation Jambes-Centre", "Avenue Jean Materne 150", "5100", "Jambes", _NA),  # noqa: E501
        SiteRow("5121", "Implantation Velaine", "Rue de Velaine 41", "5100", "Jambes", _NA),
        SiteRow("5122", "Implantation Amée", "Rue de l'Amée 3", "5100", "Jambes", _NA),
    ),
    _school(
        "2512", "Athénée royal Air Pur Seraing", FR, _SEC, "secretariat@ar-airpur.demo.pupitre.be",
        [("+32 4 337 12 80", "Accueil"), ("+32 4 337 12 89", "Éducateurs")],
        SiteRow("5634", "Implantation Air Pur", "Rue de l'Air Pur 28", "4100", "Seraing", _LG),
    ),
    _school(
        "4210", "Institut de promotion sociale de Liège", FR, _ADULT,
        "secretariat@ips-liege.demo.pupitre.be",
        [("+32 4 223 51 60", "Accueil"), ("+32 4 223 51 69", "Secrétariat des cours du soir")],
        SiteRow("5711", "Implantation Jonfosse", "Rue Jonfosse 80", "4000", "Liège", _LG),
        SiteRow("5712", "Implantation Outremeuse", "Rue de la Loi 31", "4020", "Liège", _LG, "+32 4 341 22 90"),  # noqa: E501
    ),
    _school(
        "1288", "École fondamentale communale de Herstal", FR, _PRIM,
        "direction@efc-herstal.demo.pupitre.be",
        [("+32 4 264 33 21", "Direction")],
        SiteRow("5640", "Implantation Marexhe", "Place Jean Jaurès 5", "4040", "Herstal", _LG),
        SiteRow("5641", "Implantation Liers", "Rue Provinciale 12", "4042", "Liers", _LG),
    ),
    _school(
        "2290", "Collège Saint-Hadelin Visé", FR, _SEC, "secretariat@csh-vise.demo.pupitre.be",
        [("+32 4 379 21 55", "Accueil")],
        SiteRow("5655", "Implantation Rue de Berneau", "Rue de Berneau 11", "4600", "Visé", _LG),
    ),
    _school(
        "2605", "Athénée royal de Verviers", FR, _SEC, "secretariat@ar-verviers.demo.pupitre.be",
        [("+32 87 33 21 44", "Accueil")],
        SiteRow("5670", "Implantation Thiervaux", "Avenue de Thiervaux 2", "4800", "Verviers", _LG),
        SiteRow("5671", "Implantation Hodimont", "Rue de Hodimont 120", "4800", "Verviers", _LG),
    ),
    _school(
        "3125", "École d'enseignement spécialisé Le Tremplin", FR, _SPEC,
        "direction@ees-tremplin.demo.pupitre.be",
        [("+32 71 36 28 90", "Direction")],
        SiteRow("5803", "Implantation Marcinelle", "Rue de la Villette 20", "6001", "Marcinelle", _HA),  # noqa: E501
    ),
    _school(
        "2718", "Athénée royal de Mons", FR, _SEC, "secretariat@ar-mons.demo.pupitre.be",
        [("+32 65 31 44 20", "Accueil"), ("+32 65 31 44 27", "Direction")],
        SiteRow("5820", "Implantation Avenue du Tir", "Avenue du Tir 10", "7000", "Mons", _HA),
        SiteRow("5821", "Implantation Jemappes", "Rue Jean Jaurès 60", "7012", "Jemappes", _HA),
    ),
    _school(
        "4302", "Institut de promotion sociale de Charleroi", FR, _ADULT,
        "secretariat@ips-charleroi.demo.pupitre.be",
        [("+32 71 53 17 30", "Accueil"), ("+32 71 53 17 39", "Cours du soir")],
        SiteRow("5840", "Implantation Ville-Haute", "Boulevard Solvay 31", "6000", "Charleroi", _HA),  # noqa: E501
        SiteRow("5841", "Implantation Gosselies", "Rue Saint-Roch 5", "6041", "Gosselies", _HA),
    ),
    _school(
        "1342", "École fondamentale communale de Kain", FR, _PRIM,
        "direction@efc-kain.demo.pupitre.be",
        [("+32 69 22 58 14", "Direction")],
        SiteRow("5862", "Implantation Kain-Centre", "Rue de la Tannerie 7", "7540", "Kain", _HA),
        SiteRow("5863", "Implantation Mont-Saint-Aubert", "Rue du Mont 42", "7542", "Mont-Saint-Aubert", _HA),  # noqa: E501
    ),
    _school(
        "2840", "Lycée Martin V Louvain-la-Neuve", FR, _SEC,
        "secretariat@lmv-lln.demo.pupitre.be",
        [("+32 10 45 06 22", "Accueil")],
        SiteRow("5901", "Implantation Avenue des Arts", "Avenue des Arts 16", "1348", "Louvain-la-Neuve", _BW),  # noqa: E501
    ),
    _school(
        "1415", "École communale de Basse-Wavre", FR, _PRIM,
        "direction@ec-bassewavre.demo.pupitre.be",
        [("+32 10 22 31 78", "Direction")],
        SiteRow("5910", "Implantation Basse-Wavre", "Rue de la Cure 2", "1300", "Wavre", _BW),
        SiteRow("5911", "Implantation Bierges", "Rue de Bierges 98", "1301", "Bierges", _BW),
    ),
    _school(
        "4388", "Institut de promotion sociale de Nivelles", FR, _ADULT,
        "secretariat@ips-nivelles.demo.pupitre.be",
        [("+32 67 21 90 35", "Accueil")],
        SiteRow("5925", "Implantation Rue Saint-Georges", "Rue Saint-Georges 21", "1400", "Nivelles", _BW),  # noqa: E501
    ),
    _school(
        "2951", "Athénée royal d'Arlon", FR, _SEC, "secretariat@ar-arlon.demo.pupitre.be",
        [("+32 63 22 14 62", "Accueil"), ("+32 63 22 14 69", "Internat")],
        SiteRow("5950", "Implantation Rue de Sesselich", "Rue de Sesselich 1", "6700", "Arlon", _LX),  # noqa: E501
        SiteRow("5951", "Implantation Avenue Tesch", "Avenue Tesch 27", "6700", "Arlon", _LX),
    ),
    _school(
        "1503", "École fondamentale libre Notre-Dame Bastogne", FR, _PRIM,
        "direction@efl-bastogne.demo.pupitre.be",
        [("+32 61 21 17 05", "Direction")],
        SiteRow("5962", "Implantation Rue du Sablon", "Rue du Sablon 44", "6600", "Bastogne", _LX),
    ),
    _school(
        "3210", "École d'enseignement spécialisé provinciale de Marche-en-Famenne", FR, _SPEC,
        "direction@eesp-marche.demo.pupitre.be",
        [("+32 84 31 27 70", "Direction")],
        SiteRow("5975", "Implantation Chasseurs Ardennais", "Rue des Chasseurs Ardennais 6", "6900", "Marche-en-Famenne", _LX),  # noqa: E501
        SiteRow("5976", "Implantation Aye", "Rue de l'Église 3", "6900", "Aye", _LX),
    ),
    _school(
        "5020", "Centre de technologies avancées de Libramont", FR, _OTHER,
        "accueil@cta-libramont.demo.pupitre.be",
        [("+32 61 22 47 30", "Accueil")],
        SiteRow("5988", "Implantation Rue des Aubépines", "Rue des Aubépines 50", "6800", "Libramont-Chevigny", _LX),  # noqa: E501
    ),
    _school(
        "6104", "Bischöfliche Schule Sankt Vith", DE, _SEC,
        "sekretariat@bs-sanktvith.demo.pupitre.be",
        [("+32 80 22 87 40", "Empfang"), ("+32 80 22 87 49", "Sekretariat")],
        SiteRow("7104", "Standort Klosterstraße", "Klosterstraße 38", "4780", "Sankt Vith", _SV),
    ),
    _school(
        "6211", "Städtische Grundschule Eupen", DE, _PRIM,
        "sekretariat@sgs-eupen.demo.pupitre.be",
        [("+32 87 59 46 20", "Sekretariat")],
        SiteRow("7211", "Standort Unterstadt", "Simarstraße 3", "4700", "Eupen", _EU),
        SiteRow("7212", "Standort Kettenis", "Aachener Straße 230", "4701", "Kettenis", _EU),
        SiteRow("7213", "Standort Nispert", "Nispertstraße 5", "4700", "Eupen", _EU),
    ),
    _school(
        "6108", "Königliches Athenäum Eupen", DE, _SEC,
        "sekretariat@kae-eupen.demo.pupitre.be",
        [("+32 87 59 17 00", "Empfang")],
        SiteRow("7108", "Standort Lascheter Weg", "Lascheter Weg 25", "4700", "Eupen", _EU),
    ),
    _school(
        "6230", "Gemeindeschule Bütgenbach", DE, _PRIM,
        "schulleitung@gs-buetgenbach.demo.pupitre.be",
        [("+32 80 44 63 10", "Schulleitung")],
        SiteRow("7230", "Standort Bütgenbach", "Marktplatz 7", "4750", "Bütgenbach", _SV),
        SiteRow("7231", "Standort Elsenborn", "Lagerstraße 12", "4750", "Elsenborn", _SV),
        SiteRow("7232", "Standort Weywertz", "Hauptstraße 44", "4750", "Weywertz", _SV),
    ),
    _school(
        "6320", "Zentrum für Förderpädagogik", DE, _SPEC,
        "sekretariat@zfp.demo.pupitre.be",
        [("+32 87 59 42 30", "Sekretariat Eupen"), ("+32 80 29 13 50", "Standort Sankt Vith")],
        SiteRow("7320", "Standort Eupen", "Bergkapellstraße 36", "4700", "Eupen", _EU),
        SiteRow("7321", "Standort Sankt Vith", "Wiesenbachstraße 9", "4780", "Sankt Vith", _SV),
    ),
    _school(
        "6405", "Städtische Abendschule Kelmis", DE, _ADULT,
        "sekretariat@abendschule-kelmis.demo.pupitre.be",
        [("+32 87 65 31 80", "Sekretariat"), ("+32 87 65 31 88", "Abendsekretariat")],
        SiteRow("7405", "Standort Kirchstraße", "Kirchstraße 20", "4720", "Kelmis", _EU),
    ),
)
# fmt: on

# Devices ------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceModelRow:
    manufacturer: str
    name: str
    category: str
    years: tuple[int, int]  # first and last delivery year of this model
    serial_prefix: str
    serial_length: int  # characters after the prefix
    warranty_years: int
    remote_control: bool = False  # runs a remote-control tool (Windows)


_LAPTOP, _TABLET, _DISPLAY, _PROJ, _NET, _OTHER_DEV = (
    Category.LAPTOP,
    Category.TABLET,
    Category.INTERACTIVE_DISPLAY,
    Category.PROJECTOR,
    Category.NETWORK,
    Category.OTHER,
)

DEVICE_MODELS: tuple[DeviceModelRow, ...] = (
    DeviceModelRow("HP", "ProBook 450 G4", _LAPTOP, (2016, 2018), "5CD", 7, 3, True),
    DeviceModelRow("HP", "ProBook 450 G8", _LAPTOP, (2020, 2022), "5CD", 7, 3, True),
    DeviceModelRow("HP", "ProBook 450 G10", _LAPTOP, (2023, 2026), "5CG", 7, 3, True),
    DeviceModelRow("Lenovo", "ThinkPad E570", _LAPTOP, (2016, 2018), "PF0", 5, 3, True),
    DeviceModelRow("Lenovo", "ThinkPad L14 Gen 2", _LAPTOP, (2020, 2022), "PF2", 5, 3, True),
    DeviceModelRow("Lenovo", "ThinkPad L14 Gen 4", _LAPTOP, (2023, 2026), "PF4", 5, 4, True),
    DeviceModelRow("Dell", "Latitude 3190 2-in-1", _LAPTOP, (2018, 2020), "", 7, 3, True),
    DeviceModelRow("Acer", "Chromebook 314", _LAPTOP, (2019, 2024), "NXHKD", 12, 2),
    DeviceModelRow("Acer", "TravelMate Spin B3", _LAPTOP, (2021, 2026), "NXVN", 12, 3, True),
    DeviceModelRow("Apple", "iPad (6th generation)", _TABLET, (2018, 2019), "DMP", 9, 1),
    DeviceModelRow("Apple", "iPad (9th generation)", _TABLET, (2021, 2023), "F9F", 9, 1),
    DeviceModelRow("Apple", "iPad (10th generation)", _TABLET, (2023, 2026), "H6W", 9, 1),
    DeviceModelRow("Samsung", "Galaxy Tab A 10.1", _TABLET, (2016, 2019), "R52K", 7, 2),
    DeviceModelRow("Samsung", "Galaxy Tab S6 Lite", _TABLET, (2020, 2024), "R52N", 7, 2),
    DeviceModelRow("Samsung", "Galaxy Tab A9+", _TABLET, (2024, 2026), "R9WW", 7, 2),
    DeviceModelRow("SMART", "Board 6075", _DISPLAY, (2016, 2019), "SBID", 10, 5),
    DeviceModelRow("Promethean", 'ActivPanel Nickel 75"', _DISPLAY, (2019, 2022), "AP7N", 10, 5),
    DeviceModelRow("Promethean", 'ActivPanel 9 Premium 75"', _DISPLAY, (2022, 2026), "AP9", 11, 5),
    DeviceModelRow("Clevertouch", 'UX Pro 2 75"', _DISPLAY, (2021, 2026), "CT75", 10, 5),
    DeviceModelRow("Samsung", "Flip 2 WM65R", _DISPLAY, (2019, 2022), "0F3K", 10, 3),
    DeviceModelRow("Epson", "EB-680Wi", _PROJ, (2016, 2019), "X4K", 9, 3),
    DeviceModelRow("Epson", "EB-695Wi", _PROJ, (2019, 2023), "X8H", 9, 3),
    DeviceModelRow("Epson", "EB-L210SF", _PROJ, (2023, 2026), "XB6", 9, 5),
    DeviceModelRow("Ubiquiti", "UniFi AP AC Pro", _NET, (2016, 2020), "7483C2", 6, 1),
    DeviceModelRow("Ubiquiti", "UniFi U6 Pro", _NET, (2021, 2026), "D021F9", 6, 1),
    DeviceModelRow("Ubiquiti", "UniFi Switch 24 PoE", _NET, (2018, 2026), "E063DA", 6, 1),
    DeviceModelRow("Aruba", "Instant On AP22", _NET, (2021, 2026), "CNL", 7, 5),
    DeviceModelRow("Aruba", "AP-505", _NET, (2020, 2026), "CNR", 7, 5),
    DeviceModelRow("IPEVO", "V4K document camera", _OTHER_DEV, (2018, 2026), "V4K", 8, 2),
    DeviceModelRow("HP", "LaserJet Pro MFP 4102fdw", _OTHER_DEV, (2023, 2026), "PHB", 7, 1),
)

# How often each category appears in a delivery (weights).
CATEGORY_WEIGHTS: dict[str, int] = {
    _LAPTOP: 40,
    _TABLET: 25,
    _DISPLAY: 12,
    _PROJ: 10,
    _NET: 10,
    _OTHER_DEV: 3,
}

# Devices per school, by school type (the command adds a little noise).
DEVICES_PER_SCHOOL: dict[str, int] = {
    _SEC: 16,
    _PRIM: 9,
    _SPEC: 8,
    _ADULT: 12,
    _OTHER: 10,
}

# Delivery years and their weights. As of 2026 this gives devices in every
# coverage phase: programme (delivered since late 2023), assistance (late
# 2018 to late 2023) and not covered without an extension (before late 2018).
DELIVERY_YEAR_WEIGHTS: dict[int, int] = {
    2016: 4,
    2017: 5,
    2018: 6,
    2019: 8,
    2020: 10,
    2021: 14,
    2022: 12,
    2023: 12,
    2024: 10,
    2025: 10,
    2026: 6,
}

REMOTE_TOOLS: tuple[tuple[str, int], ...] = (("rustdesk", 60), ("teamviewer", 25), ("anydesk", 15))

# People -------------------------------------------------------------------

DEMO_DOMAIN = "demo.pupitre.be"


@dataclass(frozen=True)
class LoginRow:
    email: str
    full_name: str
    role: str
    language: str
    note: str  # shown in the logins table the command prints


# One login per role. Their school memberships are set by the command: the
# teachers and ICT contacts belong to the first French / German school, and
# teacher.fr also to the second French school (to show the school choice).
LOGINS: tuple[LoginRow, ...] = (
    LoginRow("teacher.fr@demo.pupitre.be", "Sophie Lambert", Role.SCHOOL, FR, "teacher"),
    LoginRow("teacher.de@demo.pupitre.be", "Anna Mertes", Role.SCHOOL, DE, "teacher"),
    LoginRow("ict.fr@demo.pupitre.be", "Julien Dubois", Role.SCHOOL, FR, "ICT contact"),
    LoginRow("ict.de@demo.pupitre.be", "Lukas Hilgers", Role.SCHOOL, DE, "ICT contact"),
    LoginRow("agent.fr@demo.pupitre.be", "Camille Renard", Role.AGENT, FR, "Support FR"),
    LoginRow("agent.de@demo.pupitre.be", "Jonas Kessler", Role.AGENT, DE, "Support DE"),
    LoginRow("technician@demo.pupitre.be", "Marc Lentz", Role.TECHNICIAN, FR, "on-site team"),
    LoginRow("supervisor@demo.pupitre.be", "Isabelle Collard", Role.SUPERVISOR, FR, ""),
    LoginRow("admin@demo.pupitre.be", "Thomas Mathieu", Role.ADMINISTRATOR, FR, "superuser"),
)

# More programme staff: (full name, role, language). Emails are derived.
MORE_STAFF: tuple[tuple[str, str, str], ...] = (
    ("Mélanie Gérard", Role.AGENT, FR),
    ("Kevin Pirard", Role.AGENT, FR),
    ("Lisa Heinen", Role.AGENT, DE),
    ("Dirk Thönnissen", Role.TECHNICIAN, DE),
)

TEAM_SUPPORT_DE = "Support DE"
TEAM_SUPPORT_FR = "Support FR"
TEAM_ONSITE = "Interventions sur site / Vor-Ort-Einsätze"
# What readers see, in their language (the migration tickets/0008 names the
# teams of a database made before the names per language the same way).
TEAM_NAMES = {
    TEAM_SUPPORT_DE: {
        "de": "Support Deutsch",
        "fr": "Support germanophone",
        "en": "German-language support",
    },
    TEAM_SUPPORT_FR: {
        "de": "Support Französisch",
        "fr": "Support francophone",
        "en": "French-language support",
    },
    TEAM_ONSITE: {"de": "Vor-Ort-Einsätze", "fr": "Interventions sur site", "en": "On-site work"},
}

FIRST_NAMES = {
    FR: (
        "Aurélie", "Benoît", "Caroline", "Catherine", "Céline", "David", "Émilie", "François",
        "Grégory", "Jérôme", "Laetitia", "Laurent", "Marie", "Martine", "Michaël", "Nathalie",
        "Nicolas", "Olivier", "Pierre", "Quentin", "Sébastien", "Stéphanie", "Valérie",
        "Virginie", "Anne-Sophie", "Jean-François",
    ),
    DE: (
        "Andrea", "Christian", "Claudia", "Daniel", "Jürgen", "Julia", "Karin", "Manuela",
        "Michael", "Monika", "Nadine", "Patrick", "Petra", "Sabine", "Sandra", "Stefan", "Tanja",
        "Thomas", "Annemarie", "Hans-Peter",
    ),
}  # fmt: skip
LAST_NAMES = {
    FR: (
        "Bastin", "Closset", "Delvaux", "Dethier", "Dumont", "Fontaine", "Gilson", "Goffin",
        "Henrard", "Hubert", "Jacquet", "Lambotte", "Lecomte", "Leclercq", "Lejeune", "Lemaire",
        "Leroy", "Marchal", "Massart", "Noël", "Piette", "Remacle", "Simon", "Thiry", "Wauthier",
    ),
    DE: (
        "Brüll", "Cremer", "Fank", "Gennen", "Hansen", "Heinen", "Jost", "Jousten", "Kirch",
        "Klinkenberg", "Kreusch", "Küpper", "Lambertz", "Maraite", "Margraff", "Michaelis",
        "Pankert", "Rauw", "Reuter", "Schmitz", "Schröder", "Thiemann", "Velz", "Wiesemes",
    ),
}  # fmt: skip

# Tickets ------------------------------------------------------------------

TICKET_COUNT = 150
GERMAN_SHARE = 0.25  # part of the requests that come from German-speaking schools

# How many requests end up in each status (sums to TICKET_COUNT).
STATUS_COUNTS: dict[str, int] = {
    Status.NEW: 18,
    Status.OPEN: 30,
    Status.WAITING_FOR_SCHOOL: 22,
    Status.RESOLVED: 30,
    Status.CLOSED: 50,
}

# Days ago a request in this status was opened (range).
CREATED_DAYS_AGO: dict[str, tuple[int, int]] = {
    Status.NEW: (0, 2),
    Status.OPEN: (1, 15),
    Status.WAITING_FOR_SCHOOL: (2, 20),
    Status.RESOLVED: (3, 25),
    Status.CLOSED: (12, 60),
}

# Requests of the fixed demo logins, so each of them has something to see:
# (school official number, requester email, status).
SHOWCASE_REQUESTS: tuple[tuple[str, str, str], ...] = (
    ("2381", "teacher.fr@demo.pupitre.be", Status.OPEN),
    ("2381", "teacher.fr@demo.pupitre.be", Status.WAITING_FOR_SCHOOL),
    ("2381", "teacher.fr@demo.pupitre.be", Status.RESOLVED),
    ("2381", "teacher.fr@demo.pupitre.be", Status.CLOSED),
    ("2436", "teacher.fr@demo.pupitre.be", Status.NEW),
    ("2436", "teacher.fr@demo.pupitre.be", Status.WAITING_FOR_SCHOOL),
    ("2381", "ict.fr@demo.pupitre.be", Status.NEW),
    ("2381", "ict.fr@demo.pupitre.be", Status.OPEN),
    ("2381", "ict.fr@demo.pupitre.be", Status.CLOSED),
    ("6104", "teacher.de@demo.pupitre.be", Status.NEW),
    ("6104", "teacher.de@demo.pupitre.be", Status.OPEN),
    ("6104", "teacher.de@demo.pupitre.be", Status.WAITING_FOR_SCHOOL),
    ("6104", "teacher.de@demo.pupitre.be", Status.RESOLVED),
    ("6104", "teacher.de@demo.pupitre.be", Status.CLOSED),
    ("6104", "ict.de@demo.pupitre.be", Status.WAITING_FOR_SCHOOL),
    ("6104", "ict.de@demo.pupitre.be", Status.RESOLVED),
)


@dataclass(frozen=True)
class FileRow:
    name: str
    text: str
    step: str  # "description", "answer", "follow_up" or "solution"


@dataclass(frozen=True)
class Scenario:
    """One problem as a school reports it, and how the helpdesk handles it.

    `answer` is the helpdesk's first reply (often a question), `follow_up`
    the school's reply to it, `solution` the reply that solves it (written by
    the technician when `onsite`). `note` is an internal note.
    """

    key: str
    category: str
    priority: int
    device_category: str | None
    subject: str
    description: str
    answer: str
    follow_up: str
    solution: str
    note: str = ""
    file: FileRow | None = None
    onsite: bool = False
    school_types: tuple[str, ...] = ()  # only for these school types (all if empty)


_HW = ServiceCategory.REMOTE_HARDWARE
_TOOLS = ServiceCategory.REMOTE_TOOLS
_ONSITE = ServiceCategory.ONSITE
_QUESTION = ServiceCategory.QUESTION

# fmt: off
SCENARIOS_FR: tuple[Scenario, ...] = (
    Scenario(
        "display_touch", _HW, P.HIGH, _DISPLAY,
        "L'écran interactif de la classe 2B ne réagit plus au toucher",
        "Bonjour,\n\nDepuis ce matin, l'écran interactif de la classe 2B affiche bien l'image "
        "de l'ordinateur, mais ne réagit plus du tout au toucher, ni au doigt ni avec le stylet. "
        "Nous avons déjà éteint et rallumé l'écran. Le professeur l'utilise pour tous ses cours "
        "et les élèves ont une interrogation demain.\n\nMerci d'avance pour votre aide.",
        "Bonjour,\n\nMerci pour votre message. Le toucher passe par le câble USB entre l'écran "
        "et l'ordinateur, séparé du câble HDMI. Pourriez-vous vérifier que ce câble USB (souvent "
        "marqué « Touch ») est bien branché des deux côtés, et essayer un autre port USB de "
        "l'ordinateur ? Si le problème persiste, indiquez-nous un moment où l'ordinateur est "
        "allumé : nous nous y connecterons à distance.\n\nBien cordialement,",
        "Le câble USB était bien branché. Nous l'avons changé de port, sans effet. "
        "L'ordinateur reste allumé demain entre 10 h et 12 h.",
        "Bonjour,\n\nNous nous sommes connectés à distance : le pilote de l'écran tactile avait "
        "été désactivé par une mise à jour de Windows. Nous l'avons réinstallé et avons recalibré "
        "l'écran ; le toucher et le stylet fonctionnent à nouveau. Si le problème revient après "
        "une prochaine mise à jour, répondez simplement à ce message.\n\nBien cordialement,",
        note="Troisième cas ce mois-ci après la dernière mise à jour cumulative de Windows : "
        "le pilote tactile est désactivé. À signaler au superviseur si cela continue.",
    ),
    Scenario(
        "wifi", _HW, P.HIGH, _NET,
        "Plus de connexion Wi-Fi dans le bâtiment B",
        "Bonjour,\n\nDepuis lundi, les portables de la classe mobile ne se connectent plus au "
        "Wi-Fi dans le bâtiment B. Ils voient le réseau « ECOLE-PEDA » mais affichent « Impossible "
        "de se connecter à ce réseau ». Dans le bâtiment A, tout fonctionne.\n\nPouvez-vous nous "
        "aider ?",
        "Bonjour,\n\nMerci pour ces précisions. Pourriez-vous regarder la borne Wi-Fi fixée au "
        "plafond du couloir du bâtiment B : de quelle couleur est son voyant (bleu, blanc, orange, "
        "éteint) ? Y a-t-il eu des travaux ou une coupure de courant récemment ?\n\nBien "
        "cordialement,",
        "Le voyant de la borne clignote en orange. Il y a eu une coupure de courant vendredi "
        "pendant des travaux d'électricité dans le bâtiment B.",
        "Bonjour,\n\nLa borne avait perdu sa configuration après la coupure et ne joignait plus "
        "le contrôleur. Nous l'avons réadoptée à distance et lui avons renvoyé la configuration "
        "du réseau pédagogique. Son voyant doit maintenant être bleu fixe et les portables se "
        "connectent de nouveau.\n\nBien cordialement,",
        note="Borne réadoptée sur le contrôleur. Firmware ancien : prévoir la mise à jour lors "
        "de la prochaine fenêtre de maintenance.",
    ),
    Scenario(
        "laptop_no_boot", _HW, P.NORMAL, _LAPTOP,
        "Un ordinateur portable ne démarre plus",
        "Bonjour,\n\nUn des portables de la classe mobile ne démarre plus : quand on appuie sur "
        "le bouton, le voyant s'allume quelques secondes puis plus rien, l'écran reste noir. Il "
        "est pourtant resté en charge toute la nuit dans le chariot.",
        "Bonjour,\n\nPouvez-vous essayer une réinitialisation matérielle : débranchez le "
        "chargeur, maintenez le bouton d'alimentation enfoncé pendant 30 secondes, rebranchez le "
        "chargeur puis rallumez. Si l'écran reste noir, branchez l'ordinateur sur un projecteur "
        "pour voir si l'image s'affiche.\n\nBien cordialement,",
        "Après la réinitialisation, l'ordinateur a démarré une fois puis s'est de nouveau éteint "
        "après deux minutes. Sur le projecteur, rien ne s'affiche non plus.",
        "Bonjour,\n\nMerci pour ces tests. Les symptômes indiquent une batterie défectueuse. Nous "
        "avons vérifié la garantie de l'appareil et lancé la procédure de réparation : un coursier "
        "passera le récupérer à l'école dans les prochains jours. Merci de le remettre au "
        "secrétariat avec son chargeur.\n\nBien cordialement,",
        note="Demande de réparation ouverte chez le fabricant, enlèvement sous 5 jours ouvrables.",
    ),
    Scenario(
        "odoo_locked", _TOOLS, P.NORMAL, None,
        "Accès à Odoo bloqué",
        "Bonjour,\n\nJe n'arrive plus à me connecter à Odoo pour encoder l'inventaire de "
        "l'école. Après plusieurs essais, le message « Votre compte est verrouillé » s'affiche. "
        "J'ai peut-être tapé un ancien mot de passe. Pourriez-vous débloquer mon accès ?",
        "Bonjour,\n\nVotre compte Odoo a été verrouillé après cinq tentatives de connexion "
        "échouées. Nous l'avons déverrouillé et vous avons envoyé un lien de réinitialisation du "
        "mot de passe à votre adresse professionnelle. Le lien est valable 24 heures. Pouvez-vous "
        "nous confirmer que vous avez pu vous reconnecter ?\n\nBien cordialement,",
        "Merci, j'ai bien reçu le lien, mais il indique qu'il a expiré. Je ne l'ai ouvert que ce "
        "matin.",
        "Bonjour,\n\nNous venons de vous envoyer un nouveau lien, valable 24 heures. Si vous "
        "utilisez un gestionnaire de mots de passe, pensez à y mettre à jour le mot de passe "
        "Odoo pour éviter un nouveau verrouillage.\n\nBien cordialement,",
        note="Accès Odoo rouvert. Deuxième verrouillage pour cette personne ce trimestre.",
    ),
    Scenario(
        "projector_no_signal", _HW, P.NORMAL, _PROJ,
        "Projecteur : « Pas de signal » avec le portable du professeur",
        "Bonjour,\n\nLe projecteur de la classe 12 affiche « Pas de signal » quand on branche le "
        "portable du professeur en HDMI. Avec un autre ordinateur, cela fonctionne.",
        "Bonjour,\n\nComme le projecteur fonctionne avec un autre ordinateur, le souci vient "
        "probablement du portable. Pouvez-vous appuyer sur les touches Windows + P et choisir "
        "« Dupliquer » ? Si rien ne change, vérifiez que l'adaptateur USB-C/HDMI est bien enfoncé "
        "et essayez un autre câble.\n\nBien cordialement,",
        "Avec Windows + P et « Dupliquer », l'image s'affiche, mais elle est coupée sur les "
        "côtés.",
        "Bonjour,\n\nPour l'image coupée, réglez la résolution de l'ordinateur sur 1280 × 800 "
        "(clic droit sur le bureau, Paramètres d'affichage) : c'est la résolution native du "
        "projecteur. Vous trouverez la procédure en pièce jointe.\n\nBien cordialement,",
        file=FileRow(
            "procedure_resolution_projecteur.txt",
            "Régler l'affichage pour le projecteur\n"
            "=====================================\n\n"
            "1. Branchez le câble HDMI (ou l'adaptateur USB-C/HDMI) avant d'allumer le "
            "projecteur.\n"
            "2. Appuyez sur Windows + P et choisissez « Dupliquer ».\n"
            "3. Clic droit sur le bureau > Paramètres d'affichage.\n"
            "4. Résolution d'affichage : 1280 × 800.\n"
            "5. Si l'image reste décalée, utilisez le bouton « Auto » de la télécommande.\n",
            "solution",
        ),
    ),
    Scenario(
        "mdm_enrolment", _TOOLS, P.NORMAL, _TABLET,
        "Enrôlement des nouvelles tablettes dans le MDM",
        "Bonjour,\n\nNous avons reçu seize nouvelles tablettes. Lors de la configuration, elles "
        "ne proposent pas l'inscription automatique dans la gestion des appareils (MDM) et "
        "démarrent comme des tablettes personnelles. Faut-il les configurer une par une ?",
        "Bonjour,\n\nLes tablettes doivent être rattachées au compte MDM de l'école avant la "
        "première mise en service. Pouvez-vous nous envoyer la liste des numéros de série (photo "
        "du bon de livraison ou fichier) ? Nous les ajouterons ; il faudra ensuite réinitialiser "
        "les tablettes pour qu'elles s'inscrivent automatiquement.\n\nBien cordialement,",
        "Voici la liste des numéros de série en pièce jointe.",
        "Bonjour,\n\nLes tablettes sont maintenant rattachées à votre école dans le MDM. "
        "Remettez-les aux réglages d'usine (menu Réglages de la tablette) : au redémarrage, "
        "elles s'inscriront automatiquement et recevront les "
        "applications de l'école.\n\nBien cordialement,",
        note="Numéros de série ajoutés dans la console MDM, profil « École – élèves » attribué.",
        file=FileRow(
            "numeros_serie_tablettes.txt",
            "Livraison tablettes – classe mobile 2\n"
            "F9FQ2LM7XK\nF9FQ2LM81P\nF9FQ2LM8D4\nF9FQ2LM8T0\nF9FQ2LM92C\nF9FQ2LM9HF\n"
            "F9FQ2LMA05\nF9FQ2LMA6W\nF9FQ2LMAJ3\nF9FQ2LMB1R\nF9FQ2LMB7Y\nF9FQ2LMBQ2\n"
            "F9FQ2LMC0K\nF9FQ2LMC8M\nF9FQ2LMCF6\nF9FQ2LMCX9\n",
            "follow_up",
        ),
    ),
    Scenario(
        "printer", _HW, P.LOW, None,
        "Impossible d'imprimer depuis les portables de la salle des professeurs",
        "Bonjour,\n\nDepuis la rentrée, les portables ne trouvent plus l'imprimante de la salle "
        "des professeurs. Elle imprime pourtant depuis le PC du secrétariat.",
        "Bonjour,\n\nL'imprimante a probablement reçu une nouvelle adresse IP. Pouvez-vous "
        "imprimer une page de configuration (menu Rapports > Configuration réseau sur l'écran de "
        "l'imprimante) et nous communiquer l'adresse IP qui y figure ?\n\nBien cordialement,",
        "L'adresse indiquée est 192.168.10.57.",
        "Bonjour,\n\nNous avons mis à jour à distance la file d'impression des portables avec "
        "cette adresse. Pour éviter que cela se reproduise, nous conseillons de réserver cette "
        "adresse dans le routeur de l'école ; nous pouvons vous guider si vous le souhaitez.\n\n"
        "Bien cordialement,",
    ),
    Scenario(
        "password_reset", _HW, P.NORMAL, _LAPTOP,
        "Mot de passe du compte professeur oublié sur un portable",
        "Bonjour,\n\nUne collègue a oublié le mot de passe du compte « Professeur » de son "
        "portable de l'école et ne peut plus ouvrir de session. Pouvez-vous le réinitialiser ?",
        "Bonjour,\n\nNous pouvons le réinitialiser à distance si l'ordinateur est allumé et "
        "connecté à Internet. Pouvez-vous nous indiquer un créneau où il sera allumé sur l'écran "
        "de connexion, et l'identifiant affiché par l'outil de prise en main à distance (petite "
        "fenêtre en bas à droite) ?\n\nBien cordialement,",
        "L'ordinateur sera allumé dans le bureau de la direction mercredi entre 13 h et 15 h. "
        "L'identifiant est 418 552 903.",
        "Bonjour,\n\nLe mot de passe a été réinitialisé lors de la prise en main de mercredi. Le "
        "mot de passe temporaire a été communiqué par téléphone à votre collègue ; il devra être "
        "changé à la première connexion.\n\nBien cordialement,",
        note="Identité de la collègue vérifiée par rappel au numéro de l'école avant "
        "réinitialisation.",
    ),
    Scenario(
        "broken_display_onsite", _ONSITE, P.HIGH, _DISPLAY,
        "Écran interactif fissuré après une chute de matériel",
        "Bonjour,\n\nUn élève a fait tomber un pied de micro contre l'écran interactif de la "
        "classe 5. La dalle est fissurée sur une vingtaine de centimètres en bas à gauche et une "
        "partie de l'image est noire. Nous avons éteint l'écran par précaution.\n\nQuelqu'un "
        "peut-il passer ?",
        "Bonjour,\n\nMerci d'avoir éteint l'écran, c'est la bonne réaction. Une dalle fissurée "
        "ne se répare pas à distance : nous organisons le passage d'un technicien pour constater "
        "les dégâts et préparer le remplacement. Seriez-vous disponibles mardi ou jeudi matin "
        "prochain ?\n\nBien cordialement,",
        "Jeudi matin nous convient. Le concierge sera présent dès 7 h 45 pour ouvrir la classe.",
        "Bonjour,\n\nIntervention effectuée jeudi. La dalle est endommagée et doit être "
        "remplacée ; l'écran a été débranché et sécurisé. Il s'agit d'un dommage accidentel, non "
        "couvert par la garantie : le devis de remplacement sera envoyé à la direction. En "
        "attendant, un projecteur de prêt a été installé dans la classe.\n\nBien cordialement,",
        note="Intervention planifiée jeudi à 8 h. Prévoir le projecteur de prêt dans la "
        "camionnette.",
        onsite=True,
    ),
    Scenario(
        "coverage_question", _QUESTION, P.LOW, _LAPTOP,
        "Nos portables de 2017 sont-ils encore couverts ?",
        "Bonjour,\n\nNous avons encore une dizaine de portables livrés en 2017 dans le cadre du "
        "programme. Plusieurs sont lents et deux ont une batterie usée. Pouvons-nous encore faire "
        "appel au helpdesk pour ces appareils ?",
        "Bonjour,\n\nLes appareils livrés par le programme deviennent la propriété de l'école "
        "trois ans après leur livraison ; l'assistance technique est ensuite assurée pendant cinq "
        "ans. Pour des appareils livrés en 2017, cette période s'est terminée en 2025, mais une "
        "prolongation peut être accordée au cas par cas. Les réparations (par exemple les "
        "batteries) restent à charge de l'école. Souhaitez-vous que nous introduisions une "
        "demande de prolongation ?\n\nBien cordialement,",
        "Oui, merci. Ces portables servent encore pour la remédiation en petits groupes.",
        "Bonjour,\n\nLa demande de prolongation a été transmise au superviseur avec votre "
        "justification. Vous serez informés de la décision par e-mail. En attendant, nous "
        "continuons à répondre à vos questions sur ces appareils.\n\nBien cordialement,",
        note="Demande de prolongation à encoder pour ces appareils ; justification : "
        "remédiation.",
    ),
    Scenario(
        "windows_update", _HW, P.NORMAL, _LAPTOP,
        "Mise à jour Windows bloquée sur plusieurs portables",
        "Bonjour,\n\nSur cinq portables de la classe mobile, la mise à jour de Windows reste "
        "bloquée à « Préparation de Windows – 0 % » depuis hier. Les élèves ne peuvent pas les "
        "utiliser.",
        "Bonjour,\n\nLaissez les portables branchés et connectés au Wi-Fi : nous nous y "
        "connecterons à distance ce soir, après les cours, pour relancer la mise à jour. "
        "Pouvez-vous les laisser allumés dans le chariot ouvert ?\n\nBien cordialement,",
        "C'est fait, ils sont allumés et branchés dans la classe 14. Le chariot reste ouvert "
        "jusqu'à demain matin.",
        "Bonjour,\n\nLa mise à jour a été relancée sur les cinq portables : quatre ont terminé "
        "normalement, le cinquième a dû être réparé avec l'outil de restauration de Windows. "
        "Tous redémarrent sur la session élève. Le journal des opérations est joint.\n\nBien "
        "cordialement,",
        file=FileRow(
            "journal_mise_a_jour.txt",
            "Relance de la mise à jour cumulative – classe mobile\n"
            "PC-CM-03  téléchargement repris   installée   redémarrage OK\n"
            "PC-CM-07  téléchargement repris   installée   redémarrage OK\n"
            "PC-CM-11  cache de mise à jour vidé  installée   redémarrage OK\n"
            "PC-CM-12  téléchargement repris   installée   redémarrage OK\n"
            "PC-CM-19  échec 0x800f0922 > DISM /RestoreHealth > installée   redémarrage OK\n",
            "solution",
        ),
    ),
    Scenario(
        "display_sound", _HW, P.LOW, _DISPLAY,
        "Pas de son sur l'écran interactif",
        "Bonjour,\n\nQuand nous diffusons une vidéo depuis l'ordinateur branché à l'écran "
        "interactif, il n'y a pas de son. Les haut-parleurs de l'ordinateur, eux, fonctionnent.",
        "Bonjour,\n\nLe son passe par le câble HDMI. Pouvez-vous cliquer sur l'icône du "
        "haut-parleur en bas à droite de Windows et choisir l'écran comme sortie audio ? "
        "Vérifiez aussi que le volume de l'écran lui-même n'est pas à zéro (boutons en "
        "façade).\n\nBien cordialement,",
        "La sortie était bien réglée sur l'écran, mais le volume de l'écran était à zéro. "
        "Maintenant, cela fonctionne !",
        "Bonjour,\n\nParfait, merci pour votre retour. N'hésitez pas à nous recontacter si "
        "besoin.\n\nBien cordialement,",
    ),
    Scenario(
        "software_install", _HW, P.LOW, _LAPTOP,
        "Installation de GeoGebra sur la classe mobile",
        "Bonjour,\n\nLes professeurs de mathématiques voudraient utiliser GeoGebra Classique sur "
        "les portables de la classe mobile. Les élèves n'ont pas les droits pour l'installer. "
        "Pouvez-vous le déployer ?",
        "Bonjour,\n\nGeoGebra fait partie du catalogue des logiciels validés. Nous pouvons le "
        "déployer à distance ; les portables doivent être allumés et connectés au réseau pendant "
        "le déploiement. Quel jour vous conviendrait ?\n\nBien cordialement,",
        "Vendredi après-midi, les portables seront en charge dans le chariot de la salle 8.",
        "Bonjour,\n\nGeoGebra Classique 6 a été installé vendredi sur tous les portables de la "
        "classe mobile ; il apparaît dans le menu Démarrer. Les mises à jour seront gérées "
        "automatiquement.\n\nBien cordialement,",
    ),
    Scenario(
        "odoo_new_user", _TOOLS, P.LOW, None,
        "Odoo : créer un accès pour la nouvelle personne de référence",
        "Bonjour,\n\nNotre nouvelle éducatrice reprend la gestion du matériel informatique. "
        "Pouvez-vous lui créer un accès à Odoo pour consulter l'inventaire de l'école ?",
        "Bonjour,\n\nLa création d'un accès doit être confirmée par la direction. Pouvez-vous "
        "nous indiquer le nom complet de la personne et demander à la direction de confirmer la "
        "demande en répondant à ce message ?\n\nBien cordialement,",
        "Il s'agit de Mme Aurélie Fontaine ; son adresse est l'adresse professionnelle de "
        "l'école. Je confirme la demande au nom de la direction.",
        "Bonjour,\n\nL'accès a été créé avec le rôle « Consultation de l'inventaire ». "
        "Mme Fontaine a reçu un e-mail d'invitation pour choisir son mot de passe.\n\nBien "
        "cordialement,",
    ),
    Scenario(
        "no_internet_onsite", _ONSITE, P.URGENT, _NET,
        "Plus d'Internet dans toute l'école",
        "Bonjour,\n\nDepuis ce matin, plus aucun appareil n'a accès à Internet, ni en Wi-Fi ni "
        "par câble. Le boîtier du fournisseur a tous ses voyants verts, mais le commutateur de "
        "l'armoire réseau a des voyants orange qui clignotent. Nous avons des épreuves en ligne "
        "cette semaine.",
        "Bonjour,\n\nNous ne parvenons pas non plus à joindre votre réseau à distance. Pouvez-vous "
        "débrancher puis rebrancher l'alimentation du commutateur (l'appareil avec de nombreux "
        "câbles dans l'armoire) et nous dire si les voyants changent ? Sinon, nous envoyons un "
        "technicien en priorité.\n\nBien cordialement,",
        "Nous avons redémarré le commutateur : les voyants restent orange et Internet ne revient "
        "pas.",
        "Bonjour,\n\nLe technicien est passé ce matin : l'alimentation du commutateur PoE était "
        "défaillante. Il l'a remplacé par un appareil de réserve et a restauré la configuration. "
        "Internet et le Wi-Fi fonctionnent de nouveau dans tous les bâtiments.\n\nBien "
        "cordialement,",
        note="Urgent : épreuves en ligne cette semaine. Technicien envoyé avec un commutateur de "
        "réserve.",
        onsite=True,
    ),
    Scenario(
        "lost_tablet", _QUESTION, P.NORMAL, _TABLET,
        "Tablette disparue après une sortie scolaire",
        "Bonjour,\n\nUne tablette n'a pas été rendue après une sortie scolaire. Que devons-nous "
        "faire ? Est-il possible de la localiser ou de la bloquer ?",
        "Bonjour,\n\nNous pouvons activer à distance le mode « Perdu » : la tablette sera "
        "verrouillée et affichera le numéro de l'école. Pouvez-vous nous confirmer que c'est bien "
        "la tablette liée à cette demande ? Pensez aussi à signaler la perte à la direction, et à "
        "la police si un vol est suspecté.\n\nBien cordialement,",
        "Oui, c'est bien celle-là. La direction est informée.",
        "Bonjour,\n\nLe mode « Perdu » est activé. La tablette s'affichera sur la carte dès "
        "qu'elle se connectera à Internet. Si elle est retrouvée, prévenez-nous pour que nous la "
        "débloquions.\n\nBien cordialement,",
    ),
    Scenario(
        "charging_cart_onsite", _ONSITE, P.NORMAL, _TABLET,
        "Le chariot de recharge ne charge plus les tablettes",
        "Bonjour,\n\nDepuis une semaine, les tablettes rangées dans le chariot de recharge de la "
        "classe 3 ne se chargent plus. Le voyant du chariot est éteint, même branché sur une "
        "autre prise.",
        "Bonjour,\n\nVérifiez s'il vous plaît le disjoncteur à l'arrière du chariot (petit bouton "
        "à réarmer) et la minuterie de charge, si le chariot en possède une. Si le voyant reste "
        "éteint, un technicien passera.\n\nBien cordialement,",
        "Nous avons réarmé le bouton, sans résultat. Le chariot reste éteint.",
        "Bonjour,\n\nLe technicien a remplacé le bloc d'alimentation du chariot. Toutes les "
        "tablettes se rechargent à nouveau ; chaque emplacement a été vérifié.\n\nBien "
        "cordialement,",
        note="Bloc d'alimentation de chariot en stock au dépôt de Namur.",
        onsite=True,
    ),
    Scenario(
        "chromebook_recovery", _HW, P.NORMAL, _LAPTOP,
        "Chromebook : « ChromeOS est manquant ou endommagé »",
        "Bonjour,\n\nUn Chromebook affiche depuis ce matin le message « ChromeOS est manquant ou "
        "endommagé. Veuillez insérer une clé USB de récupération. » Que faire ?",
        "Bonjour,\n\nIl faut restaurer le Chromebook avec une clé USB de récupération ; la "
        "procédure est jointe. Si vous n'avez pas de clé de 8 Go disponible, nous pouvons vous "
        "en envoyer une déjà préparée.\n\nBien cordialement,",
        "Merci, la restauration a fonctionné, mais le Chromebook ne s'inscrit plus dans le "
        "domaine de l'école.",
        "Bonjour,\n\nNous avons réautorisé l'appareil dans la console d'administration. Au "
        "redémarrage, choisissez « Inscription entreprise » avec le compte d'inscription de "
        "l'école : les réglages et les applications reviendront automatiquement.\n\nBien "
        "cordialement,",
        file=FileRow(
            "procedure_recuperation_chromebook.txt",
            "Restaurer un Chromebook\n=======================\n\n"
            "1. Sur un autre ordinateur, installez l'extension « Utilitaire de récupération "
            "Chromebook ».\n"
            "2. Préparez une clé USB de 8 Go (son contenu sera effacé).\n"
            "3. Sur le Chromebook : Échap + Actualiser + bouton Marche.\n"
            "4. Insérez la clé et suivez les instructions.\n"
            "5. Au redémarrage : Ctrl + Alt + E pour l'inscription entreprise.\n",
            "answer",
        ),
    ),
    Scenario(
        "wireless_mirroring", _QUESTION, P.LOW, _DISPLAY,
        "Afficher l'écran de mon portable sur l'écran interactif sans câble ?",
        "Bonjour,\n\nEst-il possible de projeter l'écran de mon portable sur l'écran interactif "
        "sans brancher de câble ? Je voudrais pouvoir me déplacer dans la classe.",
        "Bonjour,\n\nOui : les écrans interactifs du programme intègrent une fonction de partage "
        "d'écran sans fil. Sur l'écran, ouvrez l'application de partage et notez le code "
        "affiché ; sur le portable, ouvrez l'adresse indiquée dans le navigateur et saisissez ce "
        "code. Le portable et l'écran doivent être sur le même réseau Wi-Fi. Un article détaillé "
        "se trouve aussi dans la base de connaissances du portail.\n\nBien cordialement,",
        "Merci, cela fonctionne. Peut-on aussi faire passer le son par les haut-parleurs de "
        "l'écran ?",
        "Bonjour,\n\nOui : au moment du partage, cochez l'option « Partager l'audio ». Bonne "
        "continuation !\n\nBien cordialement,",
    ),
    Scenario(
        "evening_projector", _HW, P.URGENT, _PROJ,
        "Cours du soir : le projecteur s'éteint après quelques minutes",
        "Bonsoir,\n\nLe projecteur du local 104 s'éteint tout seul après cinq minutes, avec un "
        "voyant rouge qui clignote. Le cours de bureautique commence à 19 h et les apprenants "
        "doivent suivre la démonstration.",
        "Bonsoir,\n\nUn voyant rouge clignotant indique généralement une surchauffe. Vérifiez "
        "que les aérations du projecteur ne sont pas obstruées et que le filtre à air n'est pas "
        "encrassé (trappe sur le côté). Laissez-le refroidir dix minutes avant de le "
        "rallumer.\n\nBien cordialement,",
        "Le filtre était complètement gris de poussière. Nous l'avons nettoyé et le projecteur "
        "tient depuis vingt minutes. Merci pour la réponse rapide à cette heure-ci !",
        "Bonsoir,\n\nAvec plaisir. Nous avons noté le remplacement du filtre pour le prochain "
        "passage d'un technicien ; pensez à le dépoussiérer une fois par trimestre.\n\nBien "
        "cordialement,",
        school_types=(SchoolType.ADULT_EDUCATION,),
    ),
)
# fmt: on

# fmt: off
SCENARIOS_DE: tuple[Scenario, ...] = (
    Scenario(
        "display_touch", _HW, P.HIGH, _DISPLAY,
        "Interaktives Display in Klasse 4 reagiert nicht mehr auf Berührung",
        "Guten Tag,\n\nseit heute Morgen zeigt das interaktive Display in Klasse 4 zwar das Bild "
        "des Laptops an, reagiert aber weder auf den Finger noch auf den Stift. Aus- und "
        "Einschalten haben wir schon versucht. Die Lehrerin braucht das Display für fast jede "
        "Stunde.\n\nVielen Dank im Voraus!",
        "Guten Tag,\n\ndanke für Ihre Nachricht. Die Touch-Funktion läuft über das USB-Kabel "
        "zwischen Display und Laptop, nicht über HDMI. Könnten Sie prüfen, ob dieses USB-Kabel "
        "(oft mit „Touch“ beschriftet) auf beiden Seiten fest steckt, und einen anderen "
        "USB-Anschluss am Laptop ausprobieren? Falls das nicht hilft, nennen Sie uns bitte einen "
        "Zeitpunkt, an dem der Laptop eingeschaltet ist; dann verbinden wir uns per "
        "Fernwartung.\n\nMit freundlichen Grüßen",
        "Das Kabel steckte richtig, ein anderer Anschluss hat nichts geändert. Der Laptop ist "
        "morgen zwischen 10 und 12 Uhr eingeschaltet.",
        "Guten Tag,\n\nwir haben uns per Fernwartung verbunden: Ein Windows-Update hatte den "
        "Touch-Treiber deaktiviert. Wir haben ihn neu installiert und das Display neu "
        "kalibriert; Finger und Stift funktionieren wieder. Sollte das Problem nach einem "
        "weiteren Update wieder auftreten, antworten Sie einfach auf diese Nachricht.\n\nMit "
        "freundlichen Grüßen",
        note="Dritter Fall diesen Monat nach dem letzten kumulativen Windows-Update. "
        "Touch-Treiber deaktiviert – bitte weiter beobachten.",
    ),
    Scenario(
        "wifi", _HW, P.HIGH, _NET,
        "WLAN im Neubau funktioniert nicht",
        "Guten Tag,\n\nseit Montag verbinden sich die Schülerlaptops im Neubau nicht mehr mit "
        "dem WLAN. Das Netz „SCHULE-PAED“ wird angezeigt, aber die Verbindung schlägt fehl. Im "
        "Altbau funktioniert alles.",
        "Guten Tag,\n\ndanke für die genaue Beschreibung. Könnten Sie bitte nachsehen, welche "
        "Farbe die Leuchte des Access Points an der Flurdecke im Neubau hat (blau, weiß, orange "
        "oder aus)? Gab es in letzter Zeit Bauarbeiten oder einen Stromausfall?\n\nMit "
        "freundlichen Grüßen",
        "Die Leuchte blinkt orange. Am Freitag wurde im Neubau an der Elektrik gearbeitet, der "
        "Strom war eine Stunde weg.",
        "Guten Tag,\n\nder Access Point hatte nach dem Stromausfall seine Konfiguration verloren. "
        "Wir haben ihn per Fernzugriff wieder in den Controller aufgenommen und die "
        "Netzwerkeinstellungen neu übertragen. Die Leuchte sollte jetzt dauerhaft blau sein und "
        "die Laptops verbinden sich wieder.\n\nMit freundlichen Grüßen",
        note="AP im Controller neu adoptiert. Firmware veraltet, beim nächsten Wartungsfenster "
        "aktualisieren.",
    ),
    Scenario(
        "laptop_no_boot", _HW, P.NORMAL, _LAPTOP,
        "Laptop startet nicht mehr",
        "Guten Tag,\n\nein Laptop aus dem Laptopwagen startet nicht mehr. Beim Drücken des "
        "Einschaltknopfs leuchtet kurz das Lämpchen, dann bleibt der Bildschirm schwarz. Er war "
        "die ganze Nacht im Wagen am Strom.",
        "Guten Tag,\n\nbitte versuchen Sie einen Hardware-Reset: Ladegerät abziehen, den "
        "Einschaltknopf 30 Sekunden gedrückt halten, Ladegerät wieder anschließen und "
        "einschalten. Bleibt der Bildschirm schwarz, schließen Sie den Laptop bitte an einen "
        "Beamer an, um zu sehen, ob dort ein Bild erscheint.\n\nMit freundlichen Grüßen",
        "Nach dem Reset ist er einmal hochgefahren und nach zwei Minuten wieder ausgegangen. Am "
        "Beamer erscheint auch kein Bild.",
        "Guten Tag,\n\ndanke für die Tests. Alles deutet auf einen defekten Akku hin. Wir haben "
        "die Garantie geprüft und die Reparatur veranlasst: Ein Kurier holt das Gerät in den "
        "nächsten Tagen in der Schule ab. Bitte geben Sie es mit Ladegerät im Sekretariat "
        "ab.\n\nMit freundlichen Grüßen",
        note="Reparaturauftrag beim Hersteller eröffnet, Abholung innerhalb von 5 Werktagen.",
    ),
    Scenario(
        "odoo_locked", _TOOLS, P.NORMAL, None,
        "Odoo-Zugang gesperrt",
        "Guten Tag,\n\nich komme nicht mehr in Odoo, um das Inventar der Schule zu pflegen. Nach "
        "mehreren Versuchen erscheint „Ihr Konto ist gesperrt“. Wahrscheinlich habe ich ein "
        "altes Passwort eingegeben. Können Sie meinen Zugang wieder freischalten?",
        "Guten Tag,\n\nIhr Odoo-Konto wurde nach fünf fehlgeschlagenen Anmeldeversuchen "
        "gesperrt. Wir haben es entsperrt und Ihnen einen Link zum Zurücksetzen des Passworts an "
        "Ihre dienstliche Adresse geschickt; er ist 24 Stunden gültig. Können Sie uns bestätigen, "
        "dass die Anmeldung wieder klappt?\n\nMit freundlichen Grüßen",
        "Danke, der Link kam an, aber er sei abgelaufen. Ich habe ihn erst heute Morgen "
        "geöffnet.",
        "Guten Tag,\n\nwir haben Ihnen soeben einen neuen Link geschickt, wieder 24 Stunden "
        "gültig. Falls Sie einen Passwort-Manager nutzen, aktualisieren Sie dort bitte das "
        "Odoo-Passwort, damit das Konto nicht erneut gesperrt wird.\n\nMit freundlichen Grüßen",
        note="Odoo-Zugang wieder geöffnet. Zweite Sperre für diese Person in diesem Quartal.",
    ),
    Scenario(
        "projector_no_signal", _HW, P.NORMAL, _PROJ,
        "Beamer zeigt „Kein Signal“",
        "Guten Tag,\n\nder Beamer in Raum 12 zeigt „Kein Signal“, wenn der Lehrerlaptop per HDMI "
        "angeschlossen wird. Mit einem anderen Laptop funktioniert er.",
        "Guten Tag,\n\nda der Beamer mit einem anderen Gerät funktioniert, liegt es "
        "wahrscheinlich am Laptop. Drücken Sie bitte Windows + P und wählen Sie „Duplizieren“. "
        "Hilft das nicht, prüfen Sie den Sitz des USB-C/HDMI-Adapters und versuchen Sie ein "
        "anderes Kabel.\n\nMit freundlichen Grüßen",
        "Mit Windows + P und „Duplizieren“ kommt ein Bild, aber es ist an den Seiten "
        "abgeschnitten.",
        "Guten Tag,\n\nstellen Sie bitte die Auflösung des Laptops auf 1280 × 800 ein "
        "(Rechtsklick auf den Desktop, Anzeigeeinstellungen); das ist die native Auflösung des "
        "Beamers. Die Anleitung finden Sie im Anhang.\n\nMit freundlichen Grüßen",
        file=FileRow(
            "anleitung_beamer_aufloesung.txt",
            "Anzeige für den Beamer einstellen\n"
            "=================================\n\n"
            "1. HDMI-Kabel (oder USB-C/HDMI-Adapter) vor dem Einschalten des Beamers "
            "anschließen.\n"
            "2. Windows + P drücken und „Duplizieren“ wählen.\n"
            "3. Rechtsklick auf den Desktop > Anzeigeeinstellungen.\n"
            "4. Bildschirmauflösung: 1280 × 800.\n"
            "5. Ist das Bild verschoben, die Taste „Auto“ der Fernbedienung drücken.\n",
            "solution",
        ),
    ),
    Scenario(
        "mdm_enrolment", _TOOLS, P.NORMAL, _TABLET,
        "Neue Tablets lassen sich nicht im MDM registrieren",
        "Guten Tag,\n\nwir haben zwölf neue Tablets bekommen. Bei der Einrichtung wird die "
        "automatische Registrierung in der Geräteverwaltung (MDM) nicht angeboten; sie starten "
        "wie private Geräte. Müssen wir jedes einzeln einrichten?",
        "Guten Tag,\n\ndie Geräte müssen vor der ersten Inbetriebnahme dem MDM-Konto Ihrer "
        "Schule zugeordnet werden. Schicken Sie uns bitte die Seriennummern (Foto des "
        "Lieferscheins oder Datei). Danach setzen Sie die Tablets zurück, und sie registrieren "
        "sich automatisch.\n\nMit freundlichen Grüßen",
        "Anbei die Liste der Seriennummern.",
        "Guten Tag,\n\ndie Tablets sind jetzt Ihrer Schule im MDM zugeordnet. Setzen Sie sie "
        "bitte in den Einstellungen auf die Werkseinstellungen zurück; beim Neustart "
        "registrieren sie sich automatisch und erhalten die Apps der Schule.\n\nMit "
        "freundlichen Grüßen",
        note="Seriennummern in der MDM-Konsole eingetragen, Profil „Schule – Schüler“ "
        "zugewiesen.",
        file=FileRow(
            "seriennummern_tablets.txt",
            "Lieferung Tablets – Klassen 5 und 6\n"
            "H6WK1PQ2ZL\nH6WK1PQ34D\nH6WK1PQ3MX\nH6WK1PQ41C\nH6WK1PQ4H8\nH6WK1PQ4W2\n"
            "H6WK1PQ5AF\nH6WK1PQ5QT\nH6WK1PQ607\nH6WK1PQ6F9\nH6WK1PQ6V1\nH6WK1PQ7BN\n",
            "follow_up",
        ),
    ),
    Scenario(
        "printer", _HW, P.LOW, None,
        "Drucken aus dem Lehrerzimmer geht nicht",
        "Guten Tag,\n\nseit den Herbstferien finden die Laptops den Drucker im Lehrerzimmer "
        "nicht mehr. Vom PC im Sekretariat aus druckt er aber.",
        "Guten Tag,\n\nwahrscheinlich hat der Drucker eine neue IP-Adresse bekommen. Können Sie "
        "am Drucker eine Konfigurationsseite drucken (Menü Berichte > Netzwerkkonfiguration) und "
        "uns die dort angegebene IP-Adresse mitteilen?\n\nMit freundlichen Grüßen",
        "Dort steht 192.168.20.31.",
        "Guten Tag,\n\nwir haben die Druckerwarteschlange auf den Laptops per Fernwartung "
        "angepasst. Damit das nicht wieder passiert, empfehlen wir, die Adresse im Router der "
        "Schule fest zu reservieren; wir helfen Ihnen gerne dabei.\n\nMit freundlichen Grüßen",
    ),
    Scenario(
        "password_reset", _HW, P.NORMAL, _LAPTOP,
        "Passwort des Lehrerkontos vergessen",
        "Guten Tag,\n\nein Kollege hat das Passwort für das Konto „Lehrer“ auf seinem "
        "Dienstlaptop vergessen und kann sich nicht mehr anmelden. Können Sie es "
        "zurücksetzen?",
        "Guten Tag,\n\ndas geht per Fernwartung, wenn der Laptop eingeschaltet und mit dem "
        "Internet verbunden ist. Nennen Sie uns bitte einen Zeitraum, in dem er am "
        "Anmeldebildschirm läuft, und die ID, die das Fernwartungsprogramm unten rechts "
        "anzeigt.\n\nMit freundlichen Grüßen",
        "Der Laptop läuft am Mittwoch zwischen 13 und 15 Uhr im Büro der Schulleitung. Die ID "
        "ist 512 883 407.",
        "Guten Tag,\n\ndas Passwort wurde am Mittwoch per Fernwartung zurückgesetzt. Das "
        "vorläufige Passwort haben wir Ihrem Kollegen telefonisch mitgeteilt; er muss es bei der "
        "ersten Anmeldung ändern.\n\nMit freundlichen Grüßen",
        note="Identität vor dem Zurücksetzen per Rückruf über die Schulnummer geprüft.",
    ),
    Scenario(
        "broken_display_onsite", _ONSITE, P.HIGH, _DISPLAY,
        "Display-Glas gesprungen – Vor-Ort-Einsatz nötig",
        "Guten Tag,\n\nbeim Umräumen ist ein Stuhl gegen das interaktive Display in Klasse 2 "
        "gefallen. Das Glas ist unten links auf etwa 20 cm gesprungen, ein Teil des Bildes ist "
        "schwarz. Wir haben das Display sicherheitshalber ausgeschaltet.\n\nKann jemand "
        "vorbeikommen?",
        "Guten Tag,\n\ndanke, dass Sie das Display ausgeschaltet haben. Ein gesprungenes Panel "
        "lässt sich nicht aus der Ferne reparieren: Wir schicken einen Techniker, der den Schaden "
        "aufnimmt und den Austausch vorbereitet. Passt Ihnen Dienstag oder Donnerstag "
        "Vormittag?\n\nMit freundlichen Grüßen",
        "Donnerstag Vormittag passt. Der Hausmeister ist ab 7.45 Uhr da und schließt auf.",
        "Guten Tag,\n\nder Einsatz hat am Donnerstag stattgefunden. Das Panel ist beschädigt und "
        "muss ersetzt werden; das Display wurde abgeklemmt und gesichert. Da es sich um einen "
        "Unfallschaden handelt, greift die Garantie nicht: Der Kostenvoranschlag geht an die "
        "Schulleitung. Bis dahin steht ein Leih-Beamer in der Klasse.\n\nMit freundlichen Grüßen",
        note="Einsatz Donnerstag 8 Uhr eingeplant. Leih-Beamer mitnehmen.",
        onsite=True,
    ),
    Scenario(
        "coverage_question", _QUESTION, P.LOW, _LAPTOP,
        "Sind unsere Laptops von 2018 noch abgedeckt?",
        "Guten Tag,\n\nwir haben noch etwa zehn Laptops, die 2018 über das Programm geliefert "
        "wurden. Einige sind langsam, zwei haben einen schwachen Akku. Können wir für diese "
        "Geräte noch den Helpdesk nutzen?",
        "Guten Tag,\n\nGeräte aus dem Programm gehen drei Jahre nach der Lieferung in das "
        "Eigentum der Schule über; danach gibt es noch fünf Jahre technische Unterstützung. Für "
        "Geräte aus dem Jahr 2018 endet dieser Zeitraum also im Laufe dieses Jahres. Eine "
        "Verlängerung kann im Einzelfall gewährt werden. Reparaturen (z. B. Akkus) gehen zu "
        "Lasten der Schule. Sollen wir eine Verlängerung beantragen?\n\nMit freundlichen Grüßen",
        "Ja, bitte. Die Laptops werden noch für den Förderunterricht genutzt.",
        "Guten Tag,\n\nder Antrag auf Verlängerung liegt mit Ihrer Begründung beim Supervisor. "
        "Sie werden per E-Mail über die Entscheidung informiert. Bis dahin beantworten wir Ihre "
        "Fragen zu diesen Geräten weiterhin.\n\nMit freundlichen Grüßen",
        note="Verlängerungsantrag für diese Geräte erfassen; Begründung: Förderunterricht.",
    ),
    Scenario(
        "windows_update", _HW, P.NORMAL, _LAPTOP,
        "Windows-Update hängt auf mehreren Laptops",
        "Guten Tag,\n\nauf fünf Laptops aus dem Laptopwagen hängt das Windows-Update seit "
        "gestern bei „Windows wird vorbereitet – 0 %“. Die Schüler können sie nicht benutzen.",
        "Guten Tag,\n\nbitte lassen Sie die Laptops am Strom und im WLAN: Wir verbinden uns "
        "heute Abend nach dem Unterricht per Fernwartung und starten das Update neu. Können Sie "
        "sie eingeschaltet im offenen Wagen lassen?\n\nMit freundlichen Grüßen",
        "Erledigt, sie stehen eingeschaltet in Raum 14. Der Wagen bleibt bis morgen früh "
        "offen.",
        "Guten Tag,\n\ndas Update wurde auf allen fünf Laptops neu gestartet: Vier sind normal "
        "durchgelaufen, einer musste mit dem Windows-Reparaturwerkzeug instand gesetzt werden. "
        "Alle starten wieder in die Schülersitzung. Das Protokoll liegt bei.\n\nMit freundlichen "
        "Grüßen",
        file=FileRow(
            "protokoll_update.txt",
            "Neustart des kumulativen Updates – Laptopwagen\n"
            "LW-02  Download fortgesetzt    installiert   Neustart OK\n"
            "LW-05  Download fortgesetzt    installiert   Neustart OK\n"
            "LW-09  Update-Cache geleert    installiert   Neustart OK\n"
            "LW-13  Download fortgesetzt    installiert   Neustart OK\n"
            "LW-17  Fehler 0x800f0922 > DISM /RestoreHealth > installiert   Neustart OK\n",
            "solution",
        ),
    ),
    Scenario(
        "display_sound", _HW, P.LOW, _DISPLAY,
        "Kein Ton am interaktiven Display",
        "Guten Tag,\n\nwenn wir vom angeschlossenen Laptop ein Video abspielen, kommt am Display "
        "kein Ton. Die Lautsprecher des Laptops funktionieren.",
        "Guten Tag,\n\nder Ton läuft über das HDMI-Kabel. Klicken Sie bitte unten rechts in "
        "Windows auf das Lautsprechersymbol und wählen Sie das Display als Ausgabegerät. Prüfen "
        "Sie auch, ob die Lautstärke am Display selbst auf null steht (Tasten vorne).\n\nMit "
        "freundlichen Grüßen",
        "Die Ausgabe war richtig eingestellt, aber am Display stand die Lautstärke auf null. "
        "Jetzt geht es!",
        "Guten Tag,\n\nprima, danke für die Rückmeldung. Melden Sie sich gerne wieder, wenn "
        "etwas ist.\n\nMit freundlichen Grüßen",
    ),
    Scenario(
        "software_install", _HW, P.LOW, _LAPTOP,
        "Scratch auf den Schülerlaptops installieren",
        "Guten Tag,\n\nfür den Informatikunterricht möchten wir Scratch auf allen Laptops des "
        "Laptopwagens nutzen. Die Schüler dürfen nichts installieren. Können Sie es "
        "verteilen?",
        "Guten Tag,\n\nScratch steht im Katalog der freigegebenen Programme. Wir können es per "
        "Fernwartung verteilen; die Laptops müssen dabei eingeschaltet und im Netz sein. Welcher "
        "Tag passt Ihnen?\n\nMit freundlichen Grüßen",
        "Freitagnachmittag, dann stehen die Laptops im Wagen in Raum 8 am Strom.",
        "Guten Tag,\n\nScratch 3 wurde am Freitag auf allen Laptops des Wagens installiert und "
        "erscheint im Startmenü. Updates laufen automatisch.\n\nMit freundlichen Grüßen",
    ),
    Scenario(
        "odoo_new_user", _TOOLS, P.LOW, None,
        "Odoo-Zugang für neue Ansprechperson",
        "Guten Tag,\n\nunsere neue Sekretärin übernimmt die Verwaltung der IT-Geräte. Können Sie "
        "ihr einen Zugang zu Odoo einrichten, damit sie das Inventar der Schule sehen kann?",
        "Guten Tag,\n\nneue Zugänge muss die Schulleitung bestätigen. Nennen Sie uns bitte den "
        "vollständigen Namen und lassen Sie die Schulleitung den Antrag mit einer Antwort auf "
        "diese Nachricht bestätigen.\n\nMit freundlichen Grüßen",
        "Es handelt sich um Frau Petra Gennen, mit der dienstlichen Adresse der Schule. Ich "
        "bestätige den Antrag im Namen der Schulleitung.",
        "Guten Tag,\n\nder Zugang wurde mit der Rolle „Inventar ansehen“ eingerichtet. Frau "
        "Gennen hat eine Einladung per E-Mail erhalten, um ihr Passwort festzulegen.\n\nMit "
        "freundlichen Grüßen",
    ),
    Scenario(
        "no_internet_onsite", _ONSITE, P.URGENT, _NET,
        "Kein Internet in der ganzen Schule",
        "Guten Tag,\n\nseit heute Morgen hat kein Gerät mehr Internet, weder per WLAN noch per "
        "Kabel. Am Router des Anbieters leuchtet alles grün, aber am Switch im Netzwerkschrank "
        "blinken die Lämpchen orange. Diese Woche haben wir Online-Prüfungen.",
        "Guten Tag,\n\nwir erreichen Ihr Netz auch aus der Ferne nicht. Können Sie den Switch "
        "(das Gerät mit den vielen Kabeln im Schrank) kurz vom Strom nehmen und uns sagen, ob "
        "sich die Lämpchen ändern? Sonst schicken wir vorrangig einen Techniker.\n\nMit "
        "freundlichen Grüßen",
        "Wir haben den Switch neu gestartet, die Lämpchen bleiben orange und das Internet kommt "
        "nicht zurück.",
        "Guten Tag,\n\nunser Techniker war heute Morgen vor Ort: Das Netzteil des PoE-Switches "
        "war defekt. Er hat den Switch durch ein Ersatzgerät getauscht und die Konfiguration "
        "zurückgespielt. Internet und WLAN funktionieren wieder in allen Gebäuden.\n\nMit "
        "freundlichen Grüßen",
        note="Dringend: Online-Prüfungen diese Woche. Techniker mit Ersatz-Switch losgeschickt.",
        onsite=True,
    ),
    Scenario(
        "lost_tablet", _QUESTION, P.NORMAL, _TABLET,
        "Tablet nach Ausflug verschwunden",
        "Guten Tag,\n\nnach einem Klassenausflug fehlt ein Tablet. Was müssen wir tun? Kann man "
        "es orten oder sperren?",
        "Guten Tag,\n\nwir können das Gerät über das MDM in den Modus „Verloren“ versetzen: Es "
        "wird gesperrt und zeigt die Telefonnummer der Schule an. Ist es das Tablet, das in "
        "dieser Anfrage angegeben ist? Melden Sie den Verlust bitte auch der Schulleitung und "
        "bei Verdacht auf Diebstahl der Polizei.\n\nMit freundlichen Grüßen",
        "Ja, genau das. Die Schulleitung weiß Bescheid.",
        "Guten Tag,\n\nder Modus „Verloren“ ist aktiviert. Sobald das Tablet online geht, "
        "erscheint sein Standort. Falls es wieder auftaucht, sagen Sie uns bitte Bescheid, dann "
        "geben wir es frei.\n\nMit freundlichen Grüßen",
    ),
    Scenario(
        "charging_cart_onsite", _ONSITE, P.NORMAL, _TABLET,
        "Ladewagen lädt die Tablets nicht mehr",
        "Guten Tag,\n\nseit einer Woche laden die Tablets im Ladewagen der Klasse 3 nicht mehr. "
        "Die Kontrollleuchte des Wagens ist aus, auch an einer anderen Steckdose.",
        "Guten Tag,\n\nbitte prüfen Sie die Sicherung hinten am Wagen (kleiner Knopf zum "
        "Zurücksetzen) und die Ladezeitschaltuhr, falls vorhanden. Bleibt die Leuchte aus, kommt "
        "ein Techniker vorbei.\n\nMit freundlichen Grüßen",
        "Wir haben den Knopf gedrückt, ohne Erfolg. Der Wagen bleibt aus.",
        "Guten Tag,\n\nder Techniker hat das Netzteil des Ladewagens getauscht. Alle Tablets "
        "laden wieder; jedes Fach wurde geprüft.\n\nMit freundlichen Grüßen",
        note="Ersatznetzteil für Ladewagen im Lager Eupen vorrätig.",
        onsite=True,
    ),
    Scenario(
        "chromebook_recovery", _HW, P.NORMAL, _LAPTOP,
        "Chromebook: „ChromeOS fehlt oder ist beschädigt“",
        "Guten Tag,\n\nein Chromebook zeigt seit heute Morgen „ChromeOS fehlt oder ist "
        "beschädigt. Bitte stecken Sie einen Wiederherstellungs-USB-Stick ein.“ Was tun?",
        "Guten Tag,\n\ndas Chromebook muss mit einem Wiederherstellungs-Stick neu aufgesetzt "
        "werden; die Anleitung liegt bei. Falls Sie keinen freien 8-GB-Stick haben, schicken wir "
        "Ihnen einen fertig vorbereiteten.\n\nMit freundlichen Grüßen",
        "Danke, die Wiederherstellung hat geklappt, aber das Chromebook meldet sich nicht mehr "
        "in der Schuldomäne an.",
        "Guten Tag,\n\nwir haben das Gerät in der Verwaltungskonsole wieder freigegeben. Wählen "
        "Sie beim Neustart „Unternehmensregistrierung“ mit dem Registrierungskonto der Schule; "
        "Einstellungen und Apps kommen dann automatisch zurück.\n\nMit freundlichen Grüßen",
        file=FileRow(
            "anleitung_chromebook_wiederherstellung.txt",
            "Chromebook wiederherstellen\n===========================\n\n"
            "1. Auf einem anderen Computer die Erweiterung „Chromebook-"
            "Wiederherstellungsdienstprogramm“ installieren.\n"
            "2. Einen 8-GB-USB-Stick bereitlegen (er wird gelöscht).\n"
            "3. Am Chromebook: Esc + Aktualisieren + Ein/Aus.\n"
            "4. Stick einstecken und den Anweisungen folgen.\n"
            "5. Nach dem Neustart: Strg + Alt + E für die Unternehmensregistrierung.\n",
            "answer",
        ),
    ),
    Scenario(
        "wireless_mirroring", _QUESTION, P.LOW, _DISPLAY,
        "Laptop-Bildschirm ohne Kabel auf dem Display zeigen?",
        "Guten Tag,\n\nkann ich den Bildschirm meines Laptops ohne Kabel auf das interaktive "
        "Display bringen? Ich möchte mich im Klassenraum frei bewegen.",
        "Guten Tag,\n\nja: Die Displays des Programms haben eine Funktion zur drahtlosen "
        "Bildschirmfreigabe. Öffnen Sie am Display die Freigabe-App und notieren Sie den Code; "
        "rufen Sie am Laptop die angezeigte Adresse im Browser auf und geben Sie den Code ein. "
        "Laptop und Display müssen im selben WLAN sein. Einen ausführlichen Artikel finden Sie "
        "auch in der Wissensdatenbank des Portals.\n\nMit freundlichen Grüßen",
        "Danke, das klappt. Kann der Ton auch über die Lautsprecher des Displays laufen?",
        "Guten Tag,\n\nja: Setzen Sie beim Freigeben das Häkchen bei „Audio teilen“. Viel "
        "Erfolg!\n\nMit freundlichen Grüßen",
    ),
    Scenario(
        "evening_projector", _HW, P.URGENT, _PROJ,
        "Abendkurs: Beamer schaltet sich nach wenigen Minuten aus",
        "Guten Abend,\n\nder Beamer in Raum 3 schaltet sich nach fünf Minuten von selbst aus, "
        "eine rote Leuchte blinkt. Der EDV-Kurs beginnt um 19 Uhr und die Teilnehmer sollen die "
        "Vorführung verfolgen.",
        "Guten Abend,\n\neine blinkende rote Leuchte bedeutet meist Überhitzung. Prüfen Sie "
        "bitte, ob die Lüftungsschlitze frei sind und ob der Luftfilter (Klappe an der Seite) "
        "verstaubt ist. Lassen Sie den Beamer zehn Minuten abkühlen, bevor Sie ihn wieder "
        "einschalten.\n\nMit freundlichen Grüßen",
        "Der Filter war völlig grau vor Staub. Nach dem Reinigen läuft der Beamer seit zwanzig "
        "Minuten. Danke für die schnelle Antwort um diese Uhrzeit!",
        "Guten Abend,\n\ngern geschehen. Wir haben den Filterwechsel für den nächsten "
        "Technikerbesuch vorgemerkt; bitte den Filter einmal im Quartal entstauben.\n\nMit "
        "freundlichen Grüßen",
        school_types=(SchoolType.ADULT_EDUCATION,),
    ),
)
# fmt: on

SCENARIOS: dict[str, tuple[Scenario, ...]] = {FR: SCENARIOS_FR, DE: SCENARIOS_DE}

# Short messages that give a conversation its end or a second round.
THANKS: dict[str, tuple[str, ...]] = {
    FR: (
        "Merci beaucoup, tout fonctionne à nouveau.",
        "C'est réglé, merci pour votre aide rapide !",
        "Parfait, merci. Vous pouvez clôturer la demande.",
        "Merci, les collègues sont ravis.",
    ),
    DE: (
        "Vielen Dank, jetzt funktioniert alles wieder.",
        "Hat geklappt, danke für die schnelle Hilfe!",
        "Perfekt, danke. Die Anfrage kann geschlossen werden.",
        "Danke, die Kolleginnen und Kollegen freuen sich.",
    ),
}
PROBLEM_BACK: dict[str, str] = {
    FR: "Bonjour, le problème est malheureusement revenu ce matin. Pouvez-vous regarder à "
    "nouveau ?",
    DE: "Guten Tag, das Problem ist heute Morgen leider wieder aufgetreten. Können Sie sich das "
    "noch einmal ansehen?",
}
SECOND_FIX: dict[str, str] = {
    FR: "Bonjour,\n\nMerci de nous avoir prévenus. Nous avons refait le contrôle à distance et "
    "corrigé un réglage qui n'avait pas été enregistré. Tout devrait maintenant fonctionner "
    "durablement.\n\nBien cordialement,",
    DE: "Guten Tag,\n\ndanke für den Hinweis. Wir haben uns erneut verbunden und eine "
    "Einstellung korrigiert, die nicht gespeichert worden war. Jetzt sollte alles dauerhaft "
    "funktionieren.\n\nMit freundlichen Grüßen",
}
SUPERVISOR_NOTES: dict[str, str] = {
    FR: "Suivi superviseur : merci de me tenir informée de l'avancement, l'école a appelé "
    "la direction du programme.",
    DE: "Supervisor: Bitte haltet mich auf dem Laufenden, die Schule hat bei der "
    "Programmleitung angerufen.",
}
TRIAGE_NOTES: dict[str, str] = {
    FR: "Vu au tri : à traiter en priorité demain matin.",
    DE: "Bei der Sichtung gesehen: morgen früh vorrangig bearbeiten.",
}
