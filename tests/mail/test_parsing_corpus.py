"""parse_mail against Zammad's mail fixtures (the shared corpus, read at test time)."""

import pytest

from pupitre.mail.parsing import parse_mail

from .corpora import corpus, report_lines
from .zammad_corpus import box_files, compare, fixture_name, rate_lines


@pytest.fixture(scope="module")
def zammad():
    return corpus("zammad-mail")


def test_every_zammad_mail_parses(zammad):
    files = box_files(zammad)
    assert len(files) >= 100
    for path in files:
        parsed = parse_mail(path.read_bytes())
        assert parsed.headers, fixture_name(zammad, path)


def test_zammad_match_rates_are_reported(zammad, request):
    comparisons = [c for path in box_files(zammad) if (c := compare(zammad, path))]
    report_lines(
        request, "zammad-mail: fields matching Zammad's expectations", rate_lines(comparisons)
    )
    assert comparisons
