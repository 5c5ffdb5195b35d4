from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id

from .models import Membership, MembershipRole, School


def schools_of(user):
    """Schools a school user belongs to, by name."""
    return School.objects.filter(memberships__user=user).order_by("name")


def ict_school_ids(user) -> set[int]:
    """Schools `user` is the ICT contact of; remembered on the user object,
    so a page that asks several times (navigation, view) queries once."""
    cached = getattr(user, "_ict_school_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(user=user, role=MembershipRole.ICT_CONTACT).values_list(
                "school_id", flat=True
            )
        )
        user._ict_school_ids = cached
    return set(cached)


def school_in(schools, school_id) -> School | None:
    """The school of `schools` whose id is `school_id` (from a form or a
    query string: anything else gives None)."""
    wanted = parse_id(school_id)
    return next((school for school in schools if school.pk == wanted), None)


def chosen_school(schools, school_id) -> School | None:
    """The school picked in a form, or the user's first school."""
    return school_in(schools, school_id) or (schools[0] if schools else None)


def find_schools(text: str, limit: int = 20) -> list[School]:
    """Schools whose official number is `text` or whose name contains it."""
    return list(
        School.objects.filter(Q(official_number=text) | Q(name__icontains=text)).order_by("name")[
            :limit
        ]
    )


def school_language_of(user) -> str | None:
    """The language of the user's first school (by name), if any."""
    return (
        Membership.objects.filter(user=user)
        .order_by("school__name")
        .values_list("school__language", flat=True)
        .first()
    )


def language_of(user) -> str:
    """The language to write to `user` in: their preference, else their
    school's, else the site's default."""
    return user.language or school_language_of(user) or settings.LANGUAGE_CODE


def school_role(user, school_id: int) -> str | None:
    """The user's membership role in the school, None if not a member.
    `user.member_of` (school id -> role), where the caller has just read the
    user's memberships (a batch of mail), saves the query."""
    known = getattr(user, "member_of", None)
    if known is not None:
        return known.get(school_id)
    memberships = Membership.objects.filter(user=user, school_id=school_id)
    return memberships.values_list("role", flat=True).first()


def check_school_member(user, school, field: str = "requester") -> None:
    if school_role(user, school.pk) is None:
        raise DomainError(
            _("%(person)s is not a member of the school “%(school)s”.")
            % {"person": user, "school": school},
            code="not_member",
            field=field,
        )


def school_by_id(school_id: int | None) -> School | None:
    """The school with id `school_id` (already parsed), None if there is none."""
    if school_id is None:
        return None
    return School.objects.filter(pk=school_id).first()


def schools_by_ids(ids) -> list[School]:
    """The schools of `ids`, by name."""
    return list(School.objects.filter(pk__in=ids).order_by("name"))
