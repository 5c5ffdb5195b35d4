import secrets

from django.db import migrations, models

import pupitre.equipment.models

# Frozen copy: the codes of existing devices are drawn from the same alphabet.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def give_codes(apps, schema_editor):
    Device = apps.get_model("equipment", "Device")
    taken = set(Device.objects.exclude(label_code=None).values_list("label_code", flat=True))
    for device in Device.objects.filter(label_code=None).only("pk").iterator():
        code = None
        while code is None or code in taken:
            code = "".join(secrets.choice(ALPHABET) for _position in range(8))
        taken.add(code)
        Device.objects.filter(pk=device.pk).update(label_code=code)


class Migration(migrations.Migration):
    dependencies = [("equipment", "0003_remote_tools_and_default_policy")]

    operations = [
        # Added empty first: a default is computed once for every existing row.
        migrations.AddField(
            model_name="device",
            name="label_code",
            field=models.CharField(
                editable=False, max_length=8, null=True, verbose_name="label code"
            ),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="device",
            name="label_code",
            field=models.CharField(
                default=pupitre.equipment.models.new_label_code,
                editable=False,
                max_length=8,
                unique=True,
                verbose_name="label code",
            ),
        ),
    ]
