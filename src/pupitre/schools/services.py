"""Changes to schools and their people. Every change of a school's own
details (its service calendar among them) and of a membership (added, its
role, removed) is on record in the settings' history."""

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Role, User
from pupitre.accounts.permissions import check_settings_manager
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record, save_recorded
from pupitre.core.errors import DomainError

from .models import Membership, MembershipRole, School

SCHOOL_FIELDS = (
    "official_number",
    "name",
    "language",
    "school_type",
    "email",
    "email_domain",
    "calendar",
)


def school_save(*, school: School, by: User | None) -> School:
    """Save a school made or changed in the admin, recorded in the settings'
    history field by field: its service calendar (empty: the one of its
    type), its type (adult education follows the extended hours), names
    and addresses. An unchanged save records nothing."""
    _check_school_manager(by)
    with transaction.atomic():
        save_recorded(
            school, fields=SCHOOL_FIELDS, kind=ObjectKind.SCHOOL, by=by, label=lambda s: s.name
        )
    return school


@contextmanager
def school_sites_and_numbers_recorded(*, school: School, by: User | None):
    """Record in the settings' history what the block changes in the
    school's sites and phone numbers (the admin saves them as rows of the
    school's page): each list as text, before and after. Use inside the
    transaction of the change."""
    _check_school_manager(by)
    before = _sites_and_numbers(school)
    yield
    audit_record(
        by=by,
        kind=ObjectKind.SCHOOL,
        object_id=school.pk,
        label=school.name,
        old=before,
        new=_sites_and_numbers(school),
    )


def _sites_and_numbers(school: School) -> dict[str, str]:
    if school.pk is None:
        return {}
    sites = sorted(f"{site.official_number} {site.name}" for site in school.sites.all())
    numbers = sorted(
        " — ".join(
            part for part in (phone.number, phone.label, phone.site and phone.site.name) if part
        )
        for phone in school.phone_numbers.select_related("site")
    )
    return {"sites": "; ".join(sites), "phone_numbers": "; ".join(numbers)}


def _check_school_manager(by: User | None) -> None:
    check_settings_manager(
        by, _("Only supervisors and administrators can change a school's details.")
    )


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
        membership, created = Membership.objects.get_or_create(
            user=person,
            school=school,
            defaults={"role": MembershipRole.MEMBER, "added_by": by, "added_at": timezone.now()},
        )
        if created:
            _record(membership, by, old=None, new=membership.role)
    return person


def membership_add(
    *, school: School, user: User, role: str = MembershipRole.MEMBER, by: User | None
) -> Membership:
    """Link a school user to a school, as a member or its ICT contact."""
    _check_manager(by)
    _check_role(role)
    if user.role != Role.SCHOOL:
        raise DomainError(
            _("Only school users can be members of a school."), code="not_school", field="user"
        )
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user,
            school=school,
            defaults={"role": role, "added_by": by, "added_at": timezone.now()},
        )
        if not created:
            raise DomainError(
                _("%(name)s is already a member of this school.") % {"name": user},
                code="duplicate",
                field="user",
            )
        _record(membership, by, old=None, new=role)
    return membership


def membership_set_role(*, membership: Membership, role: str, by: User | None) -> Membership:
    """Make a member the school's ICT contact, or the other way round."""
    _check_manager(by)
    _check_role(role)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        old = membership.role
        if old != role:
            membership.role = role
            membership.save(update_fields=["role"])
            _record(membership, by, old=old, new=role)
    return membership


def membership_remove(*, membership: Membership, by: User | None) -> None:
    _check_manager(by)
    with transaction.atomic():
        if Membership.objects.filter(pk=membership.pk).delete()[0]:
            _record(membership, by, old=membership.role, new=None)


def _record(membership: Membership, by: User | None, *, old, new) -> None:
    audit_record(
        by=by,
        kind=ObjectKind.MEMBERSHIP,
        object_id=membership.pk,
        label=f"{membership.user.email} — {membership.school.name}",
        old=None if old is None else {"role": old},
        new=None if new is None else {"role": new},
    )


def _check_manager(by: User | None) -> None:
    # Who belongs to a school, and who is its ICT contact, is decided by
    # supervisors and administrators (the system too: `None`).
    check_settings_manager(
        by, _("Only supervisors and administrators can change who belongs to a school.")
    )


def _check_role(role: str) -> None:
    if role not in MembershipRole.values:
        raise DomainError(_("Please choose a role in the school."), code="invalid", field="role")
