"""Print the code a staff account's authenticator shows now.

    manage.py second_factor_code agent.fr@demo.pupitre.be

For people trying the demo from a terminal without an authenticator app.
It reads the key from the database, so it needs what a shell on the server
already gives (database access): it opens nothing new.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from pupitre.accounts.models import User
from pupitre.accounts.queries import authenticator_of
from pupitre.accounts.second_factor import due_code


class Command(BaseCommand):
    help = "Print the current second-factor code of a staff account (for the demo)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="email address of the account")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the email address {email}.")
        device = authenticator_of(user)
        if device is None:
            raise CommandError(
                f"{user.email} has no authenticator yet: it adds one at its next sign-in."
            )
        while True:
            try:
                code, seconds = due_code(device)
            except ValueError:  # both codes of this half-minute were just used
                time.sleep(1)
                device.refresh_from_db()
                continue
            break
        self.stdout.write(code)
        self.stderr.write(f"(the app shows it for {seconds} more seconds)")
