from django.conf import settings


def helpdesk(request):
    """How to reach the helpdesk, shown in every footer."""
    return {"helpdesk_phone": settings.HELPDESK_PHONE, "helpdesk_email": settings.HELPDESK_EMAIL}
