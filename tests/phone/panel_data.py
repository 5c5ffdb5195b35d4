"""Lines and calls for the desk's panel tests, written as the webhook leaves them."""

from itertools import count

from django.utils import timezone

from pupitre.phone.models import Call, CallState, Direction, PhoneLine

_counter = count(1)


def make_line(team, *, language="fr", name=None) -> PhoneLine:
    n = next(_counter)
    return PhoneLine.objects.create(
        name=name or f"Ligne {n}",
        number=f"+328100{n:04d}",
        language=language,
        team=team,
        token_hash=f"hash-{n}",
        created_at=timezone.now(),
    )


def make_call(line, *, number="+3281223344", school=None, person=None, **fields) -> Call:
    n = next(_counter)
    values = {
        "line": line,
        "call_id": f"call-{n}",
        "direction": Direction.INBOUND,
        "from_raw": number,
        "to_raw": line.number,
        "from_number": number,
        "to_number": line.number,
        "party_number": number,
        "school": school,
        "person": person,
        "state": CallState.RINGING,
        "started_at": timezone.now(),
    }
    values.update(fields)
    return Call.objects.create(**values)
