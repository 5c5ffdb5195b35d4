from django.conf import settings
from django.utils import timezone

from pupitre.hours.queries import calendar_for_user
from pupitre.hours.texts import opening_notice


def helpdesk(request):
    """How to reach the helpdesk, shown in every footer."""
    return {"helpdesk_phone": settings.HELPDESK_PHONE, "helpdesk_email": settings.HELPDESK_EMAIL}


def service_hours(request):
    """For a school user: is the helpdesk open now on their school's calendar?
    Computed only when a template asks (`service_notice`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_school_user:
        return {}

    def notice():
        calendar = calendar_for_user(user)
        if calendar is None:
            return None
        is_open, text = opening_notice(calendar, timezone.now())
        return {"is_open": is_open, "text": text}

    return {"service_notice": notice}


def school_roles(request):
    """Whether a school user is a school's ICT contact (for the navigation).
    Computed only when a template asks (`is_ict_contact`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_school_user:
        return {}

    def is_ict_contact():
        from pupitre.schools.queries import ict_school_ids

        return bool(ict_school_ids(user))

    return {"is_ict_contact": is_ict_contact}
