"""An Odoo stand-in over a real socket, seeded with the demonstration's
accounts, and the connection that reaches it (the key read from the
environment, as an operator may configure it)."""

import pytest

from pupitre.demo.odoo_standin import (
    DEMO_API_KEY,
    DEMO_DATABASE,
    DEMO_LOGIN,
    OdooStandin,
    seed_demo,
)
from pupitre.tools.models import OdooConnection

from ..factories import make_ticket

KEY_VARIABLE = "PUPITRE_TEST_PANEL_ODOO_KEY"
ARCHIVED = "m.lambert@ecole-athenee-namur.be"
ACTIVE = "j.schmitz@rs-eupen.be"
NO_EMAIL = "p.dubois"


@pytest.fixture
def odoo():
    with OdooStandin() as standin:
        seed_demo(standin)
        yield standin


@pytest.fixture
def connection(db, odoo, monkeypatch):
    monkeypatch.setenv(KEY_VARIABLE, DEMO_API_KEY)
    return OdooConnection.objects.create(
        url=odoo.url,
        database=DEMO_DATABASE,
        login=DEMO_LOGIN,
        api_key_env=KEY_VARIABLE,
        timeout=2,
    )


def user_id(standin: OdooStandin, login: str) -> int:
    return next(user.id for user in standin.users.values() if user.login == login)


@pytest.fixture
def tools_ticket(ict_contact):
    """A French school's request about Odoo, from its ICT contact."""
    return make_ticket(
        ict_contact,
        category="remote_tools",
        subject="Marie ne peut plus se connecter à Odoo",
    )
