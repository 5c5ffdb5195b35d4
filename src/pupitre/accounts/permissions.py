"""Who may change the service's settings."""

from pupitre.core.errors import DomainError

from .models import User


def check_settings_manager(by: User | None, refusal) -> None:
    """The service's settings (teams, schools and who belongs to them) are
    changed by supervisors, administrators and superusers, and by the system
    (`by` None); anyone else gets `refusal`, a translated sentence."""
    if by is not None and not (by.configures_the_service or by.is_superuser):
        raise DomainError(refusal, code="not_allowed")
