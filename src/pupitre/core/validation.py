"""Checks of input shared by the domain services; each refuses with a
DomainError carrying a translatable message and the field at fault."""

from collections.abc import Iterable

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from pupitre.core.errors import DomainError


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
