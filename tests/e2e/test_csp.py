"""The Content-Security-Policy is on in every journey, and a journey fails
on any violation (conftest.csp_violations)."""

import pytest


@pytest.mark.parametrize("viewport", ["desktop"], indirect=False)
def test_pages_carry_a_strict_policy_and_a_refused_inline_style_is_caught(new_page, csp_violations):
    page = new_page()
    response = page.goto("/contact/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    with page.expect_console_message(lambda message: "CSP violation" in message.text):
        page.evaluate("document.querySelector('main').setAttribute('style', 'color: red')")
    assert any("style-src" in violation for violation in csp_violations), csp_violations
    # Caught as expected: it must not fail this test at its end.
    csp_violations.clear()
