"""What the Odoo panel's tests share beside tests/tools/conftest.py (the
stand-in over a real socket and the connection to it): a request of the
management-tools category, the demonstration's accounts."""

import pytest

from pupitre.demo.odoo_standin import OdooStandin

from ..factories import make_ticket

ARCHIVED = "m.lambert@ecole-athenee-namur.be"
ACTIVE = "j.schmitz@rs-eupen.be"
NO_EMAIL = "p.dubois"


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
