"""Changes to schools' people."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Role, User
from pupitre.errors import DomainError

from .models import Membership, MembershipRole, School


def member_add(*, school: School, full_name: str, email: str, phone: str = "", by: User) -> User:
    """Add a person to `school`, e.g. a teacher who phones the helpdesk and
    has no account yet.

    A new person becomes a school user without a password (they receive the
    helpdesk's answers by email; an administrator can give them access). A
    person already known by this email is linked to the school as well (a
    teacher may work in several schools); programme staff cannot be."""
    if not by.works_the_desk:
        raise DomainError(
            _("Only programme staff can add a person to a school."), code="not_allowed"
        )
    full_name = " ".join(full_name.split())
    email = User.objects.normalize_email(email.strip()).lower()
    if not full_name:
        raise DomainError(
            _("Please give the caller's name."), code="required", field="new_caller_name"
        )
    if not email:
        raise DomainError(
            _("Please give the caller's email address."), code="required", field="new_caller_email"
        )
    with transaction.atomic():
        person = User.objects.filter(email=email).first()
        if person is None:
            person = User.objects.create_user(
                email=email,
                password=None,
                full_name=full_name,
                phone=phone.strip(),
                role=Role.SCHOOL,
            )
        elif person.role != Role.SCHOOL:
            raise DomainError(
                _("%(email)s belongs to a member of the programme staff.") % {"email": email},
                code="staff_email",
                field="new_caller_email",
            )
        Membership.objects.get_or_create(
            user=person,
            school=school,
            defaults={"role": MembershipRole.MEMBER, "added_by": by, "added_at": timezone.now()},
        )
    return person
