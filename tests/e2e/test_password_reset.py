"""A teacher who forgot their password asks for a link and chooses a new
one, in German and French, with an accessibility audit of every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from ..factories import make_member, make_school
from .helpers import t

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["de", "fr"])
def test_teacher_chooses_a_new_password_from_the_emailed_link(
    new_page, audit, language, live_server, settings
):
    settings.PUPITRE_BASE_URL = live_server.url
    teacher = make_member(make_school(language=language), language="")
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_role("button", name=language.upper()).click()
    page.get_by_role("link", name=t(language, "Forgot your password, or never had one?")).click()
    audit.check(page, language)
    page.get_by_role("button", name=t(language, "Send me the link")).click()
    expect(page.get_by_role("alert")).to_be_visible()  # the empty address is named
    audit.check(page, language)
    page.locator("input[name=email]").fill(teacher.email)
    page.get_by_role("button", name=t(language, "Send me the link")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Check your email"))
    audit.check(page, language)

    link = re.search(r"http\S+/accounts/password/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Choose a new password"))
    audit.check(page, language)
    page.locator("input[name=new_password1]").fill("ardoise-et-craie-42")
    page.locator("input[name=new_password2]").fill("ardoise-et-craie-42")
    page.get_by_role("button", name=t(language, "Save the new password")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "Password saved"))
    audit.check(page, language)
    page.get_by_role("main").get_by_role("link", name=t(language, "Sign in")).click()
    page.locator("input[name=username]").fill(teacher.email)
    page.locator("input[name=password]").fill("ardoise-et-craie-42")
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    audit.assert_clean()
