"""Devices registered before labels had codes get one each, all different."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pupitre.equipment.models import LABEL_CODE_ALPHABET

from ..factories import make_school

BEFORE = [("equipment", "0003_remote_tools_and_default_policy")]
AFTER = [("equipment", "0004_device_label_code")]


@pytest.mark.django_db(transaction=True)
def test_existing_devices_get_distinct_label_codes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    DeviceModel = apps.get_model("equipment", "DeviceModel")
    Device = apps.get_model("equipment", "Device")
    school = make_school()  # the schools app stays migrated to its latest state
    model = DeviceModel.objects.create(manufacturer="Lenovo", name="L14", category="laptop")
    for number in range(30):
        Device.objects.create(serial=f"SN-{number}", model=model, school_id=school.pk)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    codes = list(apps.get_model("equipment", "Device").objects.values_list("label_code", flat=True))
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert len(codes) == len(set(codes)) == 30
    assert all(len(code) == 8 and set(code) <= set(LABEL_CODE_ALPHABET) for code in codes)
