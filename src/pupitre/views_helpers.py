"""Small helpers shared by the screens of the portal and the desk."""

from functools import wraps

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from pupitre.accounts.models import Role
from pupitre.errors import DomainError


def role_required(check):
    """Signed in, and `check(user)` is true; a clean 403 page otherwise."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


school_user_required = role_required(lambda user: user.is_school_user)
desk_user_required = role_required(lambda user: user.works_the_desk)
administrator_required = role_required(lambda user: user.role == Role.ADMINISTRATOR)


def add_domain_error(form, error: DomainError) -> None:
    """Show a refused change on the form, next to its field when it has one."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def uploaded_files(request, name: str = "attachments") -> list:
    return request.FILES.getlist(name)


# Pages that show received mails: their remote images load only when the
# reader asks (presenters.timeline_html, static/pupitre/mail.js), from any
# web address, which the site-wide Content-Security-Policy does not allow.
shows_mail_images = csp_update({"img-src": ["https:", "http:"]})
