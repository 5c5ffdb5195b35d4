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
