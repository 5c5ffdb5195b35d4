"""The issue's journey, in German and French: a school's ICT contact asks
to reopen a colleague's Odoo access; the agent opens the request, finds the
archived account, reactivates it, has Odoo send the reset email; the
school reads the replies. Against the Odoo stand-in over a real socket."""

import re

import pytest
from playwright.sync_api import expect

from pupitre.accounts.models import Role
from pupitre.demo.odoo_standin import DEMO_API_KEY, DEMO_LOGIN, OdooStandin, seed_demo
from pupitre.tickets.models import Ticket
from pupitre.tools.models import OdooConnection
from pupitre.tools.services import odoo_connection_save

from ..factories import make_member, make_school, make_team, make_user
from .helpers import field, sign_in, t
from .test_layout import OVERFLOW_SCRIPT

pytestmark = pytest.mark.django_db(transaction=True)
ARCHIVED = "m.lambert@ecole-athenee-namur.be"


@pytest.fixture
def odoo():
    with seed_demo(OdooStandin()) as standin:
        odoo_connection_save(
            connection=OdooConnection(
                url=standin.url, database=standin.database, login=DEMO_LOGIN, timeout=5
            ),
            api_key=DEMO_API_KEY,
            by=None,
        )
        yield standin


@pytest.mark.parametrize("language", ["de", "fr"])
def test_agent_reopens_odoo_access_and_the_school_reads_the_reply(new_page, audit, odoo, language):
    school = make_school(language=language)
    make_team(language)
    contact = make_member(school, ict_contact=True)
    agent = make_user(role=Role.AGENT, language=language)

    # The school asks.
    school_page = new_page()
    sign_in(school_page, contact)
    school_page.get_by_role("link", name=t(language, "New request")).first.click()
    school_page.get_by_role("link", name=t(language, "Reopen Odoo access for a colleague")).click()
    audit.check(school_page, language)
    field(school_page, language, "Your colleague's Odoo login or email address").fill(ARCHIVED)
    school_page.get_by_role("button", name=t(language, "Send the request")).click()
    expect(school_page).to_have_url(re.compile(r"/portal/requests/[\d-]+/(#.*)?$"))
    ticket = Ticket.objects.get()

    # The agent finds the archived account named by the school.
    page = new_page()
    sign_in(page, agent)
    page.goto(f"/desk/tickets/{ticket.number}/")
    box = page.locator(".odoo-box")
    expect(box.get_by_label(t(language, "Odoo login or email"))).to_have_value(ARCHIVED)
    audit.check(page, language)
    box.get_by_role("button", name=t(language, "Look up in Odoo")).click()
    account = page.locator(".odoo-account")
    expect(account.get_by_role("heading", level=2)).to_contain_text("Marie Lambert")
    expect(account).to_contain_text(t(language, "archived"))
    audit.check(page, language)
    _fits(page)

    # Reactivate: the confirmation says what will happen.
    account.get_by_role("link", name=t(language, "Reactivate…")).click()
    expect(page.locator("main")).to_contain_text(
        t(
            language,
            "The Odoo account %(login)s will be active again: its user can sign in with "
            "their password.",
        )
        % {"login": ARCHIVED}
    )
    audit.check(page, language)
    _fits(page)
    page.get_by_role("button", name=t(language, "Confirm")).click()
    expect(page.get_by_role("status").first).to_contain_text(
        t(language, "The Odoo account %(login)s is active again.") % {"login": ARCHIVED}
    )
    _fits(page)
    assert odoo.users[next(u.id for u in odoo.users.values() if u.login == ARCHIVED)].active

    # The reset email, from the panel again.
    page.locator(".odoo-box").get_by_role("button", name=t(language, "Look up in Odoo")).click()
    page.get_by_role("link", name=t(language, "Send the password-reset email…")).click()
    page.get_by_role("button", name=t(language, "Confirm")).click()
    expect(page.get_by_role("status").first).to_contain_text(
        t(language, "Odoo has sent the password-reset email for the account %(login)s.")
        % {"login": ARCHIVED}
    )
    assert len(odoo.mails) == 1
    # The history names both actions for the agent.
    expect(page.locator(".odoo-box")).to_contain_text(t(language, "Reactivate the account"))
    audit.check(page, language)

    # The school reads what was done, in its language.
    school_page.reload()
    expect(school_page.locator("main")).to_contain_text(
        t(language, "Your access to Odoo has been reopened (login %(login)s).")
        % {"login": ARCHIVED}
    )
    expect(school_page.locator("main")).to_contain_text(
        t(
            language,
            "Odoo has sent an email to the address of the account %(login)s to choose a new "
            "password. The link in it is valid for a limited time.",
        )
        % {"login": ARCHIVED}
    )
    audit.check(school_page, language)
    audit.assert_clean()


def _fits(page):
    """Nothing wider than the screen (a phone's 390 px too)."""
    facts = page.evaluate(OVERFLOW_SCRIPT)
    assert facts["scroll"] <= facts["width"], facts
    assert facts["wide"] == [], facts
