import re

from django.utils import translation

from pupitre.accounts.second_factor import needs_second_factor

from ..second_factor import authenticator_for, current_code

PASSWORD = "secret-pass-123"  # the factories' password


def t(language: str, message: str) -> str:
    """The interface text `message` as the user sees it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


def sign_in(page, user, audit=None) -> None:
    """Password, then for staff the code their authenticator app shows."""
    device = authenticator_for(user) if needs_second_factor(user) else None
    page.goto("/accounts/login/")
    if audit is not None:
        audit.check(page, page.evaluate("document.documentElement.lang"))
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if device is not None:
        page.locator("input[name=code]").fill(current_code(device))
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()


def field(page, language: str, label: str):
    """The form control labelled exactly `label` (Django adds a colon)."""
    text = re.escape(t(language, label))
    return page.get_by_label(re.compile(rf"^\s*{text}\s*:?\s*$"))
