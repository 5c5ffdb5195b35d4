from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure any app may use: errors, the task queue helper, the
    configuration cache, database upkeep, the periodic scheduler. It imports
    no app of the project."""

    name = "pupitre.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
