from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "pupitre.equipment"
    verbose_name = _("Equipment")
