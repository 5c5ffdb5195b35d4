"""The second factor's pure rules: codes, keys, the code due now."""

from types import SimpleNamespace

import pytest

from pupitre.accounts import second_factor as rules

RFC_KEY_HEX = b"12345678901234567890".hex()  # RFC 6238's SHA-1 test key


def device(last_t=-1, drift=0, digits=6):
    return SimpleNamespace(
        bin_key=bytes.fromhex(RFC_KEY_HEX),
        t0=0,
        step=30,
        drift=drift,
        tolerance=1,
        last_t=last_t,
        digits=digits,
    )


def test_the_code_due_follows_rfc_6238():
    # RFC 6238 appendix B: T = 59 s gives 94287082 (8 digits), T = 1111111109 gives 07081804.
    assert rules.due_code(device(digits=8), now=59)[0] == "94287082"
    assert rules.due_code(device(digits=8), now=1111111109)[0] == "07081804"
    assert rules.due_code(device(), now=59) == ("287082", 1)


def test_after_a_sign_in_the_next_steps_code_is_due_then_none():
    assert rules.due_code(device(last_t=1), now=59)[0] == rules.due_code(device(), now=60)[0]
    with pytest.raises(ValueError):
        rules.due_code(device(last_t=2), now=59)


def test_the_known_drift_of_a_phone_is_followed():
    assert rules.due_code(device(drift=1), now=30)[0] == rules.due_code(device(), now=60)[0]


def test_the_key_is_written_in_base32_in_groups_of_four():
    assert rules.key_base32(RFC_KEY_HEX) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert rules.grouped("GEZDGNBVGY") == "GEZD GNBV GY"


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("123 456", "totp"),
        ("1234-5678-9012", "backup"),
        ("1234\u00a05678 9012", "backup"),
        ("12345", None),
        ("abcdef", None),
        ("١٢٣٤٥٦", None),  # digits of another script
        ("", None),
    ],
)
def test_codes_are_six_or_twelve_ascii_digits_whatever_the_spacing(typed, kind):
    assert rules.code_kind(rules.normalize_code(typed)) == kind


def test_ten_different_backup_codes_of_twelve_digits():
    codes = rules.new_backup_codes()
    assert len(set(codes)) == 10
    assert all(len(code) == 12 and code.isdigit() for code in codes)
