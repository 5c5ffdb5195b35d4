"""Generate the Belgian public holidays and default closures of more years."""

from django.core.management.base import BaseCommand

from pupitre.hours.models import ServiceCalendar
from pupitre.hours.services import holidays_generate


class Command(BaseCommand):
    help = "Add the public holidays and default service closures of the given years."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, nargs="+", required=True)
        parser.add_argument(
            "--calendar", action="append", help="calendar code (default: every calendar)"
        )

    def handle(self, *args, years, calendar, **options):
        calendars = ServiceCalendar.objects.all()
        if calendar:
            calendars = calendars.filter(code__in=calendar)
        for row in calendars:
            added = holidays_generate(calendar=row, years=years, by=None)
            self.stdout.write(f"{row.code}: {added} closed days added")
