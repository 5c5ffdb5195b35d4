"""The second factor's rules that need no database: who must pass it, what a
code looks like, how a key is written out and which code is due now.

Codes are digits only, so one field with a numeric keyboard takes both kinds:
six digits from an authenticator app (TOTP, RFC 6238), or one of the twelve-
digit single-use backup codes.
"""

import secrets
import time
from base64 import b32encode

from django_otp.oath import hotp

TOTP_DIGITS = 6
BACKUP_CODE_DIGITS = 12
BACKUP_CODE_COUNT = 10


def needs_second_factor(user) -> bool:
    """Programme staff, and anyone else the technical admin site would let in."""
    return bool(
        user.is_authenticated and (user.is_programme_staff or user.is_staff or user.is_superuser)
    )


def normalize_code(text: str) -> str:
    """What a person typed, without the spaces and dashes they may copy."""
    return "".join(character for character in text if character not in " -\u00a0\t")


def code_kind(code: str) -> str | None:
    """ "totp", "backup" or None for a normalised code."""
    if not code.isascii() or not code.isdigit():
        return None
    if len(code) == TOTP_DIGITS:
        return "totp"
    if len(code) == BACKUP_CODE_DIGITS:
        return "backup"
    return None


def new_backup_codes() -> list[str]:
    return [
        f"{secrets.randbelow(10**BACKUP_CODE_DIGITS):0{BACKUP_CODE_DIGITS}d}"
        for _ in range(BACKUP_CODE_COUNT)
    ]


def grouped(text: str, size: int = 4) -> str:
    """ "ABCDEFGH" -> "ABCD EFGH": easier to read out and to type."""
    return " ".join(text[start : start + size] for start in range(0, len(text), size))


def key_base32(hex_key: str) -> str:
    """A TOTP key as authenticator apps take it when typed (RFC 4648 base32)."""
    return b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("=")


def due_code(device, now: float | None = None) -> tuple[str, int]:
    """The code a TOTP device accepts now, and the seconds it stays valid.

    That is the code of the current time step, corrected by the device's known
    drift; a code already used (steps up to `last_t`) is never accepted again,
    so after a sign-in within the same 30 s the next step's code is due (the
    device tolerates one step ahead)."""
    now = time.time() if now is None else now
    current = int(now - device.t0) // device.step + device.drift
    step = max(current, device.last_t + 1)
    if step > current + device.tolerance:
        raise ValueError("no code is accepted before the next time step")
    code = hotp(device.bin_key, step, digits=device.digits)
    remaining = int((step - device.drift + 1) * device.step + device.t0 - now)
    return f"{code:0{device.digits}d}", max(remaining, 0)
