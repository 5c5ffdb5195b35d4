from django.db import migrations

TOOLS = {
    "rustdesk": "rustdesk",
    "teamviewer": "teamviewer",
    "anydesk": "anydesk",
    "meshcentral": "meshcentral",
}


def forwards(apps, schema_editor):
    Device = apps.get_model("equipment", "Device")
    # The tool was free text: keep the known names as choices, the rest as "other".
    for tool in (
        Device.objects.exclude(remote_tool="").values_list("remote_tool", flat=True).distinct()
    ):
        key = "".join(tool.lower().split())
        Device.objects.filter(remote_tool=tool).update(remote_tool=TOOLS.get(key, "other"))
    CoveragePolicy = apps.get_model("equipment", "CoveragePolicy")
    if not CoveragePolicy.objects.exists():
        CoveragePolicy.objects.create(transfer_years=3, assistance_years=5, notice_days=60)


class Migration(migrations.Migration):
    dependencies = [("equipment", "0002_registry_coverage_extensions_imports")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
