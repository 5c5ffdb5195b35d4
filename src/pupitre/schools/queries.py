from .models import Membership, MembershipRole, School


def schools_of(user):
    """Schools a school user belongs to, by name."""
    return School.objects.filter(memberships__user=user).order_by("name")


def ict_school_ids(user) -> set[int]:
    return set(
        Membership.objects.filter(user=user, role=MembershipRole.ICT_CONTACT).values_list(
            "school_id", flat=True
        )
    )


def ict_contacts(school):
    return school.members.filter(memberships__role=MembershipRole.ICT_CONTACT)


def school_language_of(user) -> str | None:
    """The language of the user's first school (by name), if any."""
    return (
        Membership.objects.filter(user=user)
        .order_by("school__name")
        .values_list("school__language", flat=True)
        .first()
    )
