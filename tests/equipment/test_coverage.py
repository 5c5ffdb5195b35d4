"""Coverage as a pure function: every boundary of the issue, without a database."""

from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from pupitre.equipment import coverage as cov
from pupitre.equipment.coverage import DeviceFacts, Period, Policy, anniversary, coverage

POLICY = Policy()
DELIVERED = date(2020, 9, 1)
DAY = timedelta(days=1)


def walloon(delivered=DELIVERED, **fields):
    values = {"provenance": "market_central", "funding": "wallonia_programme"}
    values.update(fields)
    return DeviceFacts(delivery_date=delivered, **values)


def own_funds(delivered=DELIVERED, **fields):
    return walloon(delivered, funding="own_funds", **fields)


def phase_on(device, day, extensions=()):
    return coverage(device, POLICY, extensions, day).phase


def test_delivery_day_is_the_first_day_of_the_programme():
    result = coverage(walloon(), POLICY, (), DELIVERED)
    assert (result.phase, result.start, result.end) == ("programme", DELIVERED, date(2023, 8, 31))
    assert result.included.repairs == cov.REPAIRS_BY_PROGRAMME
    assert result.next_phase == "assistance"
    assert phase_on(walloon(), DELIVERED - DAY) == "not_covered"
    assert coverage(walloon(), POLICY, (), DELIVERED - DAY).reason == cov.NOT_DELIVERED


def test_last_day_of_the_programme_then_assistance_starts_on_the_transfer_day():
    assert phase_on(walloon(), date(2023, 8, 31)) == "programme"
    result = coverage(walloon(), POLICY, (), date(2023, 9, 1))
    assert (result.phase, result.start, result.end) == (
        "assistance",
        date(2023, 9, 1),
        date(2028, 8, 31),
    )
    assert result.included == cov.Included(
        cov.REPAIRS_BY_SCHOOL, remote_help=True, onsite_help=True
    )


def test_last_day_of_assistance_then_not_covered():
    assert phase_on(walloon(), date(2028, 8, 31)) == "assistance"
    result = coverage(walloon(), POLICY, (), date(2028, 9, 1))
    assert (result.phase, result.start, result.end, result.reason) == (
        "not_covered",
        date(2028, 9, 1),
        None,
        cov.ENDED,
    )
    assert not result.included.remote_help and not result.included.onsite_help


def test_own_funds_devices_belong_to_the_school_and_get_the_same_total_horizon():
    result = coverage(own_funds(), POLICY, (), DELIVERED)
    assert (result.phase, result.start, result.end) == ("assistance", DELIVERED, date(2028, 8, 31))
    assert phase_on(own_funds(), date(2028, 9, 1)) == "not_covered"
    other_funding = walloon(funding="other")
    assert phase_on(other_funding, DELIVERED) == "assistance"


def test_devices_not_from_the_market_central_are_never_covered():
    device = walloon(provenance="other")
    for day in (DELIVERED, date(2022, 1, 1), date(2030, 1, 1)):
        result = coverage(device, POLICY, [Period(DELIVERED, date(2040, 1, 1))], day)
        assert (result.phase, result.reason) == ("not_covered", cov.NOT_MARKET_CENTRAL)


@pytest.mark.parametrize("status", ["retired", "lost", "replaced"])
def test_retired_lost_or_replaced_devices_are_not_covered_even_during_the_programme(status):
    result = coverage(walloon(status=status), POLICY, (), date(2021, 1, 1))
    assert (result.phase, result.reason) == ("not_covered", cov.OUT_OF_SERVICE)


def test_a_device_without_delivery_date_is_not_covered_and_says_why():
    result = coverage(walloon(delivered=None), POLICY, (), date(2021, 1, 1))
    assert (result.phase, result.reason) == ("not_covered", cov.NO_DELIVERY_DATE)


def test_delivery_on_29_february_transfers_on_1_march():
    device = walloon(date(2024, 2, 29))
    assert anniversary(date(2024, 2, 29), 3) == date(2027, 3, 1)
    last = coverage(device, POLICY, (), date(2027, 2, 28))
    assert (last.phase, last.end) == ("programme", date(2027, 2, 28))
    first = coverage(device, POLICY, (), date(2027, 3, 1))
    assert (first.phase, first.start, first.end) == (
        "assistance",
        date(2027, 3, 1),
        date(2032, 2, 29),
    )
    assert phase_on(device, date(2032, 3, 1)) == "not_covered"


def test_own_funds_delivered_on_29_february_end_on_28_february_eight_years_later():
    result = coverage(own_funds(date(2020, 2, 29)), POLICY, (), date(2021, 1, 1))
    assert result.end == date(2028, 2, 28)  # 2028 is a leap year: the anniversary exists
    result = coverage(own_funds(date(2016, 2, 29)), POLICY, (), date(2017, 1, 1))
    assert result.end == date(2024, 2, 28)


def test_an_extension_continues_help_after_assistance():
    ext = Period(date(2028, 9, 1), date(2029, 8, 31))
    assistance = coverage(walloon(), POLICY, [ext], date(2028, 8, 31))
    assert assistance.next_phase == "extension"
    result = coverage(walloon(), POLICY, [ext], date(2028, 9, 1))
    assert (result.phase, result.start, result.end) == (
        "extension",
        date(2028, 9, 1),
        date(2029, 8, 31),
    )
    assert result.included.repairs == cov.REPAIRS_BY_SCHOOL
    assert phase_on(walloon(), date(2029, 8, 31), [ext]) == "extension"
    assert phase_on(walloon(), date(2029, 9, 1), [ext]) == "not_covered"


def test_overlapping_and_touching_extensions_make_one_period():
    extensions = [
        Period(date(2028, 9, 1), date(2029, 3, 31)),
        Period(date(2029, 1, 1), date(2029, 6, 30)),  # overlaps the first
        Period(date(2029, 7, 1), date(2029, 12, 31)),  # touches the second
    ]
    result = coverage(walloon(), POLICY, extensions, date(2029, 5, 1))
    assert (result.phase, result.start, result.end) == (
        "extension",
        date(2028, 9, 1),
        date(2029, 12, 31),
    )


def test_a_gap_between_extensions_is_not_covered_and_says_what_follows():
    extensions = [
        Period(date(2028, 9, 1), date(2029, 2, 28)),
        Period(date(2029, 6, 1), date(2029, 12, 31)),
    ]
    gap = coverage(walloon(), POLICY, extensions, date(2029, 3, 1))
    assert (gap.phase, gap.start, gap.end, gap.next_phase) == (
        "not_covered",
        date(2029, 3, 1),
        date(2029, 5, 31),
        "extension",
    )
    assert phase_on(walloon(), date(2029, 5, 31), extensions) == "not_covered"
    assert phase_on(walloon(), date(2029, 6, 1), extensions) == "extension"


def test_an_extension_during_assistance_counts_only_after_it():
    ext = Period(date(2027, 1, 1), date(2029, 1, 31))
    during = coverage(walloon(), POLICY, [ext], date(2027, 6, 1))
    assert (during.phase, during.end) == ("assistance", date(2028, 8, 31))
    after = coverage(walloon(), POLICY, [ext], date(2028, 9, 1))
    assert (after.phase, after.start, after.end) == (
        "extension",
        date(2028, 9, 1),
        date(2029, 1, 31),
    )


def test_warranty_is_shown_beside_the_phase_and_never_refuses_help():
    device = walloon(warranty_end=date(2022, 8, 31))
    assert coverage(device, POLICY, (), date(2022, 8, 31)).warranty == cov.UNDER_WARRANTY
    after = coverage(device, POLICY, (), date(2022, 9, 1))
    assert (after.phase, after.warranty) == ("programme", cov.WARRANTY_ENDED)
    assert coverage(walloon(), POLICY, (), DELIVERED).warranty == cov.WARRANTY_UNKNOWN


def test_policy_refuses_an_assistance_shorter_than_five_years():
    with pytest.raises(ValueError):
        Policy(assistance_years=4)
    longer = Policy(assistance_years=7)
    assert coverage(walloon(), longer, (), date(2030, 8, 31)).phase == "assistance"


@pytest.mark.parametrize(
    ("language", "words"),
    [("de", ["Programm", "31. August 2023"]), ("fr", ["programme", "31 août 2023"])],
)
def test_explanation_is_rendered_in_the_readers_language(language, words):
    result = coverage(walloon(), POLICY, (), DELIVERED)
    with translation.override(language):
        text = result.explanation
        lines = cov.included_lines(result)
    for word in words:
        assert word in text
    assert len(lines) == 3
    with translation.override("en"):
        assert result.explanation != text


@pytest.mark.parametrize("language", ["de", "fr"])
def test_not_covered_explanation_names_the_end_and_the_extension(language):
    result = coverage(walloon(), POLICY, (), date(2029, 1, 1))
    with translation.override(language):
        text = result.explanation
    assert ("31. August 2028" if language == "de" else "31 août 2028") in text


# Properties ------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@given(delivered=days, offset=st.integers(min_value=0, max_value=12 * 366))
def test_every_day_of_a_walloon_device_falls_in_the_phase_whose_dates_contain_it(delivered, offset):
    day = delivered + timedelta(days=offset)
    result = coverage(walloon(delivered), POLICY, (), day)
    if result.start is not None:
        assert result.start <= day
    if result.end is not None:
        assert day <= result.end
        # The day after a phase is the first day of the next one.
        following = coverage(walloon(delivered), POLICY, (), result.end + DAY)
        assert following.start == result.end + DAY
        assert following.phase == (result.next_phase or "not_covered")


@given(delivered=days)
def test_programme_lasts_three_years_and_assistance_five_more(delivered):
    programme = cov.programme_period(walloon(delivered), POLICY)
    assistance = cov.assistance_period(walloon(delivered), POLICY)
    assert programme.end + DAY == assistance.start
    assert 365 * 3 <= (assistance.start - delivered).days <= 366 * 3 + 1
    assert 365 * 5 <= (assistance.end + DAY - assistance.start).days <= 366 * 5 + 1


@given(boundary=days, years=st.integers(min_value=1, max_value=12))
def test_latest_delivery_before_is_the_largest_delivery_with_anniversary_by_then(boundary, years):
    latest = cov.latest_delivery_before(boundary, years)
    assert anniversary(latest, years) <= boundary
    assert anniversary(latest + DAY, years) > boundary


@given(
    starts=st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=4),
    lengths=st.lists(st.integers(min_value=0, max_value=400), min_size=4, max_size=4),
    offset=st.integers(min_value=0, max_value=3000),
)
def test_extension_phase_only_on_days_an_extension_covers_after_assistance(starts, lengths, offset):
    base = date(2028, 9, 1)
    extensions = [
        Period(base + timedelta(days=s), base + timedelta(days=s + n))
        for s, n in zip(starts, lengths, strict=False)
    ]
    day = base + timedelta(days=offset)
    covered = any(p.start <= day <= p.end for p in extensions)
    assert (phase_on(walloon(), day, extensions) == "extension") == covered


# Who may ask for an extension, and why a device is not covered ---------------


def test_an_extension_may_be_asked_once_the_programme_phase_is_over_whatever_the_funding():
    in_programme, in_assistance, ended = DELIVERED, date(2025, 1, 1), date(2030, 1, 1)
    ask = cov.may_ask_extension
    assert not ask(walloon(), POLICY, (), in_programme)
    assert ask(walloon(), POLICY, (), in_assistance)
    assert ask(walloon(), POLICY, (), ended)
    # Bought with the school's own funds through the market central: the
    # same help, so the same right to ask.
    assert ask(own_funds(), POLICY, (), in_programme)
    assert ask(own_funds(), POLICY, (), ended)


@pytest.mark.parametrize(
    "device",
    [
        walloon(provenance="other"),
        own_funds(provenance="other"),
        walloon(status="retired"),
        walloon(delivered=None),
        walloon(delivered=date(2031, 1, 1)),  # not delivered yet on the day asked
    ],
)
def test_no_extension_may_be_asked_for_a_device_no_extension_can_cover(device):
    assert not cov.may_ask_extension(device, POLICY, (), date(2030, 1, 1))
    assert not coverage(device, POLICY, (), date(2030, 1, 1)).extension_worth_asking


@pytest.mark.parametrize(
    ("device", "day", "extensions", "de", "fr"),
    [
        (
            own_funds(provenance="other"),
            DELIVERED,
            (),
            "Mit Eigenmitteln der Schule gekauft, nicht über die zentrale Beschaffungsstelle",
            "Acheté sur les fonds propres de l’école, pas via la centrale d’achat",
        ),
        (
            walloon(provenance="other"),
            DELIVERED,
            (),
            "Nicht über die zentrale Beschaffungsstelle gekauft",
            "Pas acheté via la centrale d’achat",
        ),
        (
            walloon(),
            date(2029, 1, 1),
            (),
            "Die Unterstützung endete am 31. August 2028.",
            "L’assistance a pris fin le 31 août 2028.",
        ),
        (
            walloon(),
            date(2029, 6, 1),
            [Period(date(2028, 9, 1), date(2028, 12, 31))],
            "Die Verlängerung endete am 31. Dezember 2028.",
            "La prolongation a pris fin le 31 décembre 2028.",
        ),
        (walloon(status="lost"), DELIVERED, (), "Als außer Betrieb erfasst", "hors service"),
        (walloon(delivered=None), DELIVERED, (), "Lieferdatum nicht erfasst", "non enregistrée"),
        (walloon(), DELIVERED - DAY, (), "Noch nicht geliefert.", "Pas encore livré."),
    ],
)
def test_a_not_covered_device_says_why_in_the_readers_language(device, day, extensions, de, fr):
    result = coverage(device, POLICY, extensions, day)
    for language, words in (("de", de), ("fr", fr)):
        with translation.override(language):
            reason, explanation = cov.not_covered_reason(result), result.explanation
        assert words in reason
        # The explanation of the device page starts with the same reason.
        assert explanation.startswith(reason)


def test_a_device_the_programme_never_covered_is_never_said_to_be_no_longer_covered():
    result = coverage(own_funds(provenance="other"), POLICY, (), DELIVERED)
    with translation.override("en"):
        text = result.explanation
    assert text == (
        "Bought with the school's own funds, not through the central purchasing body: the "
        "programme never covered it. The helpdesk still records and answers the request."
    )
    assert "no longer" not in text and "any more" not in text


def test_a_covered_device_has_no_reason_not_to_be():
    assert cov.not_covered_reason(coverage(walloon(), POLICY, (), DELIVERED)) == ""
