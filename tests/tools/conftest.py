"""An Odoo stand-in on a real socket, and a connection pointing at it."""

import pytest

from pupitre.demo.odoo_standin import DEMO_API_KEY, DEMO_LOGIN, OdooStandin, seed_demo
from pupitre.tools.models import OdooConnection
from pupitre.tools.odoo import OdooClient
from pupitre.tools.services import odoo_connection_save


@pytest.fixture
def odoo_standin():
    with seed_demo(OdooStandin()) as standin:
        yield standin


@pytest.fixture
def odoo_connection(db, odoo_standin) -> OdooConnection:
    """The active connection, its API key stored encrypted."""
    return odoo_connection_save(
        connection=OdooConnection(
            url=odoo_standin.url, database=odoo_standin.database, login=DEMO_LOGIN, timeout=2
        ),
        api_key=DEMO_API_KEY,
        by=None,
    )


@pytest.fixture
def odoo(odoo_connection) -> OdooClient:
    return OdooClient(odoo_connection)


def account_id(standin: OdooStandin, login: str) -> int:
    return next(user.id for user in standin.users.values() if user.login == login)
