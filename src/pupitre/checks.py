"""Checks shared by the domain services; each refuses with a DomainError
carrying a translatable message and the field at fault."""

from collections.abc import Iterable

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from pupitre.errors import DomainError
from pupitre.schools.models import Membership


def check_choice(value, choices, field: str) -> None:
    if value not in choices.values:
        raise DomainError(
            _("“%(value)s” is not a valid choice.") % {"value": value}, code="invalid", field=field
        )


def check_file_sizes(files: Iterable, field: str) -> None:
    """Every file at most ATTACHMENT_MAX_MB."""
    limit = settings.ATTACHMENT_MAX_BYTES
    for upload in files:
        if upload.size > limit:
            raise DomainError(
                _("The file %(name)s is too large (at most %(limit)s).")
                % {"name": upload.name, "limit": filesizeformat(limit)},
                code="file_too_large",
                field=field,
            )


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
