"""The demonstration Odoo: when no Odoo connection is configured, the demo
data points one at the stand-in (`odoo_standin.py`) that `make run` starts
on the loopback (`manage.py odoo_standin --if-demo`). Every screen that
shows it labels it "demonstration Odoo"; an administrator replaces it by
adding the programme's real Odoo in the desk (Hours and SLA → Odoo
connection), which deactivates it."""

from pupitre.tools.models import OdooConnection
from pupitre.tools.queries import odoo_connections
from pupitre.tools.services import odoo_connection_save

from .odoo_standin import DEMO_API_KEY, DEMO_DATABASE, DEMO_HOST, DEMO_LOGIN, DEMO_PORT


def demo_url(port: int = DEMO_PORT) -> str:
    return f"http://{DEMO_HOST}:{port}"


def load_demo_odoo(stdout=None) -> OdooConnection | None:
    """The demonstration connection, unless a connection exists already."""
    if odoo_connections():
        return None
    connection = OdooConnection(
        url=demo_url(), database=DEMO_DATABASE, login=DEMO_LOGIN, timeout=5, is_demo=True
    )
    connection = odoo_connection_save(connection=connection, api_key=DEMO_API_KEY, by=None)
    if stdout is not None:
        stdout.write(f"Demonstration Odoo configured at {connection.url} (started by make run).")
    return connection
