"""Small builders for test data. Each returns saved rows with sensible defaults."""

import itertools

from pupitre.accounts.models import Role, User
from pupitre.equipment.models import Category, Device, DeviceModel
from pupitre.schools.models import Membership, MembershipRole, Region, School, SchoolType, Site
from pupitre.tickets import services
from pupitre.tickets.models import Channel, ServiceCategory, Team

_counter = itertools.count(1)


def make_school(*, language="fr", school_type=SchoolType.SECONDARY, name=None) -> School:
    n = next(_counter)
    school = School.objects.create(
        official_number=f"S{n:05d}",
        name=name or f"École {n}",
        language=language,
        school_type=school_type,
    )
    Site.objects.create(
        school=school,
        official_number=f"I{n:05d}",
        name=f"{school.name} — implantation principale",
        street="Rue de l'École 1",
        postal_code="5000",
        city="Namur",
        region=Region.NAMUR if language == "fr" else Region.EUPEN,
    )
    return school


def make_user(*, role=Role.SCHOOL, language="fr", name=None, email=None, **fields) -> User:
    n = next(_counter)
    return User.objects.create_user(
        email=email or f"user{n}@test.pupitre.be",
        password="secret-pass-123",
        full_name=name or f"Person {n}",
        role=role,
        language=language,
        **fields,
    )


def make_member(school, *, ict_contact=False, **fields) -> User:
    fields.setdefault("language", school.language)
    user = make_user(**fields)
    Membership.objects.create(
        user=user,
        school=school,
        role=MembershipRole.ICT_CONTACT if ict_contact else MembershipRole.MEMBER,
    )
    return user


def make_device(school, *, category=Category.LAPTOP, **fields) -> Device:
    n = next(_counter)
    model, _ = DeviceModel.objects.get_or_create(
        manufacturer="Lenovo", name=f"ThinkPad {category}", defaults={"category": category}
    )
    values = {"serial": f"SN{n:08d}", "asset_tag": f"AT-{n}", "site": school.sites.first()}
    values.update(fields)
    return Device.objects.create(model=model, school=school, **values)


def make_team(language="fr") -> Team:
    team, _ = Team.objects.get_or_create(name=f"Support {language.upper()}", language=language)
    return team


def make_ticket(requester, *, school=None, subject="L'écran ne s'allume plus", **fields):
    school = school or requester.memberships.first().school
    values = {
        "school": school,
        "requester": requester,
        "created_by": requester,
        "channel": Channel.PORTAL,
        "category": ServiceCategory.REMOTE_HARDWARE,
        "subject": subject,
        "description": "Depuis ce matin, rien ne se passe quand on appuie sur le bouton.",
    }
    values.update(fields)
    return services.ticket_create(**values)


def make_article(author, *, language="fr", title=None, body="", publish=True, **fields):
    """A knowledge base article written through the kb services."""
    from pupitre.kb import services as kb_services

    n = next(_counter)
    fields.setdefault("kind", "problem")
    return kb_services.article_create(
        author=author,
        language=language,
        title=title or f"Article {n}",
        body=body,
        publish=publish,
        **fields,
    )
