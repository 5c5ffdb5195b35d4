"""Serve the demonstration Odoo (an XML-RPC stand-in with demo accounts)."""

from django.core.management.base import BaseCommand

from pupitre.core.stopping import stop_on_signals
from pupitre.demo.odoo_standin import DEMO_HOST, DEMO_PORT, OdooStandin, seed_demo
from pupitre.tools.queries import odoo_connection


class Command(BaseCommand):
    help = "Serve the demonstration Odoo on the loopback (for make run, without a real Odoo)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=DEMO_HOST)
        parser.add_argument("--port", type=int, default=DEMO_PORT)
        parser.add_argument(
            "--if-demo",
            action="store_true",
            help="Only when the active Odoo connection is the demonstration one.",
        )

    def handle(self, *args, host, port, if_demo, **options):
        if if_demo:
            connection = odoo_connection()
            if connection is None or not connection.is_demo:
                return
        stop = stop_on_signals()
        standin = seed_demo(OdooStandin(host=host, port=port))
        try:
            standin.start()
        except OSError as error:
            self.stderr.write(f"Demonstration Odoo not started on {host}:{port}: {error}")
            return
        self.stdout.write(f"Demonstration Odoo on {standin.url} (database {standin.database}).")
        try:
            stop.wait()
        finally:
            standin.stop()
