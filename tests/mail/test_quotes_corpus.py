"""split_reply against the crisp-email-reply-parser and talon corpora.

Rates are written to the terminal; `bench/mail_corpus.py` prints them too.
Each test asserts the rate measured when it was written, and names the
known misses with their reason, so any regression fails.
"""

import pytest

from .corpora import corpus, report_lines
from .reply_corpus import crisp_outcomes, rate_line, talon_outcomes, talon_signature_outcomes

KNOWN_MISSES = {
    ("crisp", "email_not_a_signature"): "'Sincerely,' and a name under a notice: upstream keeps "
    "it, we fold it, as the issue asks of sign-offs",
    ("talon", "reply-separated-by-hr.html"): "talon cuts the whole <div> holding the <hr>, the "
    "sender's name 'Bob' above it included; we cut at the line",
    ("talon-signature", "johndoeexamplecom"): "the signature is marked with '#sig#' test markers, "
    "no rule of a mail client's",
}


@pytest.fixture(scope="module")
def crisp():
    return corpus("crisp-email-reply-parser")


@pytest.fixture(scope="module")
def talon():
    return corpus("talon")


def _misses(outcomes):
    return {(o.corpus, o.fixture): o.detail for o in outcomes if not o.passed}


def _assert_only_known_misses(outcomes):
    unexpected = {k: v for k, v in _misses(outcomes).items() if k not in KNOWN_MISSES}
    assert not unexpected, "new misses:\n" + "\n".join(f"{k}: {v}" for k, v in unexpected.items())


def test_crisp_quotes_are_folded_as_expected(crisp, request):
    outcomes, unlabelled = crisp_outcomes(crisp)
    report_lines(
        request,
        "crisp-email-reply-parser: quote and signature folding",
        [
            rate_line("labelled fixtures", outcomes),
            f"{'unlabelled, split only':<28} {unlabelled:>4}",
        ],
    )
    assert len(outcomes) >= 70
    assert sum(o.passed for o in outcomes) >= 73
    _assert_only_known_misses(outcomes)


def test_talon_replies_lose_their_quote_and_keep_their_text(talon, request):
    replies = talon_outcomes(talon)
    signatures = talon_signature_outcomes(talon)
    report_lines(
        request,
        "talon: quote and signature folding",
        [rate_line("replies (eml and html)", replies), rate_line("signatures", signatures)],
    )
    assert len(replies) >= 24 and len(signatures) >= 6
    assert sum(o.passed for o in replies) >= 23
    assert sum(o.passed for o in signatures) >= 5
    _assert_only_known_misses(replies + signatures)
