"""The two service calendars of the programme, with their closed days 2025–2030.

`standard`: Monday–Friday 08:00–18:00; `extended` (adult education):
Monday–Friday 08:00–21:00. Both close on the Belgian public holidays and on
the Walloon public service's usual extra days off (editable closures). More
years: `manage.py calendars --years 2031 2032`.
"""

from datetime import time

from django.db import migrations

from pupitre.hours.services import DEFAULT_CALENDARS as CALENDARS
from pupitre.hours.services import closed_days_for_years

YEARS = range(2025, 2031)


def create(apps, schema_editor):
    ServiceCalendar = apps.get_model("hours", "ServiceCalendar")
    OpeningInterval = apps.get_model("hours", "OpeningInterval")
    ClosedDay = apps.get_model("hours", "ClosedDay")
    days = closed_days_for_years(YEARS)
    for code, name, closes in CALENDARS:
        calendar, created = ServiceCalendar.objects.get_or_create(
            code=code, defaults={"name": name}
        )
        if not created:
            continue
        OpeningInterval.objects.bulk_create(
            OpeningInterval(calendar=calendar, weekday=weekday, opens=time(8), closes=closes)
            for weekday in range(5)
        )
        ClosedDay.objects.bulk_create(
            ClosedDay(calendar=calendar, date=day, name_de=de, name_fr=fr, kind=kind)
            for day, de, fr, kind in days
        )


def remove(apps, schema_editor):
    apps.get_model("hours", "ServiceCalendar").objects.filter(
        code__in=[code for code, _name, _closes in CALENDARS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("hours", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
