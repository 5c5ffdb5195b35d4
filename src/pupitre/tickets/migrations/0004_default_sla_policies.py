"""Default SLA targets (configurable: rows edited by supervisors).

A business day counts as 10 business hours, the length of the standard day.
"""

from django.db import migrations

from pupitre.tickets.sla import DEFAULT_POLICIES as DEFAULTS


def create(apps, schema_editor):
    SlaPolicy = apps.get_model("tickets", "SlaPolicy")
    for priority, first_response, resolution in DEFAULTS:
        SlaPolicy.objects.get_or_create(
            priority=priority,
            category="",
            defaults={"first_response_minutes": first_response, "resolution_minutes": resolution},
        )


def remove(apps, schema_editor):
    apps.get_model("tickets", "SlaPolicy").objects.filter(category="").delete()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_sla")]

    operations = [migrations.RunPython(create, remove)]
