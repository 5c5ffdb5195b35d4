"""The demonstration Odoo of `make run`."""

from django.core.management import call_command

from pupitre.demo.odoo import demo_url, load_demo_odoo
from pupitre.demo.odoo_standin import OdooStandin, seed_demo
from pupitre.tools.models import OdooConnection
from pupitre.tools.odoo import OdooClient
from pupitre.tools.queries import odoo_connection


def test_the_demo_points_at_the_demonstration_odoo_when_none_is_configured(db):
    connection = load_demo_odoo()
    assert connection is not None and connection.is_demo and connection.is_active
    assert connection.url == demo_url()
    assert odoo_connection() == connection
    assert load_demo_odoo() is None
    assert OdooConnection.objects.count() == 1


def test_the_demo_leaves_a_configured_odoo_alone(odoo_connection):
    assert load_demo_odoo() is None
    assert list(OdooConnection.objects.all()) == [odoo_connection]


def test_the_demo_connection_signs_in_to_the_seeded_stand_in(db):
    connection = load_demo_odoo()
    with seed_demo(OdooStandin()) as standin:
        connection.url = standin.url
        report = OdooClient(connection).test_connection()
    assert report.can_change_users and report.reset_email_available


def test_the_stand_in_command_does_not_start_beside_a_real_odoo(odoo_connection):
    # Returns at once instead of serving: the configured Odoo is not the demo.
    call_command("odoo_standin", "--if-demo", "--port", "0")
