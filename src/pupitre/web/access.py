"""Who may open a screen: one decorator per kind of user, for every front;
and what a screen adds to the page's security policy."""

from functools import wraps

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from pupitre.accounts.models import Role
from pupitre.accounts.second_factor import needs_second_factor


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
supervisor_required = role_required(lambda user: user.configures_the_service)
administrator_required = role_required(lambda user: user.role == Role.ADMINISTRATOR)
technician_required = role_required(lambda user: user.role == Role.TECHNICIAN)
# Programme staff, whose accounts have a second factor.
staff_required = role_required(needs_second_factor)


# Pages that show received mails: their remote images load only when the
# reader asks (presenters.timeline_html, static/pupitre/mail.js), from any
# web address, which the site-wide Content-Security-Policy does not allow.
shows_mail_images = csp_update({"img-src": ["https:", "http:"]})
