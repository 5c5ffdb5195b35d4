from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for presentations and local development (`manage.py demo`)."""

    name = "pupitre.demo"
    verbose_name = _("Demo data")
