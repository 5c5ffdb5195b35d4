"""Demo data for the phone line: the French, German and evening lines (with
known demonstration tokens, so that a PBX stand-in or curl can post events
to /phone/cti/demo-fr/ and so on), a few blocked numbers, and a week of calls
with their callbacks, so that the call log and the figures show something."""

from datetime import timedelta

from django.utils import timezone

from pupitre.hours.models import ServiceCalendar
from pupitre.phone import rules
from pupitre.phone.models import BlockedNumber, Call, Callback, PhoneLine
from pupitre.phone.numbers import quick_normalize
from pupitre.phone.queries import calendar_for_call, token_hash
from pupitre.phone.services import line_create

# Demonstration tokens: never use these on a line a real PBX reaches.
LINES = (
    ("Ligne francophone", "+3281330000", "fr", "Support FR", None, "demo-fr"),
    ("Deutschsprachige Linie", "+3287590000", "de", "Support DE", None, "demo-de"),
    ("Ligne du soir (promotion sociale)", "+3281330021", "fr", "Support FR", "extended",
     "demo-evening"),
)  # fmt: skip
CAUSES = ("normalClearing",) * 6 + ("cancel", "noAnswer")


def build(builder) -> dict[str, int]:
    rng = builder.rng
    lines = []
    for name, number, language, team, calendar, token in LINES:
        line, _token = line_create(
            name=name,
            number=number,
            language=language,
            team=builder.teams[team],
            calendar=ServiceCalendar.objects.filter(code=calendar).first() if calendar else None,
            by=None,
        )
        PhoneLine.objects.filter(pk=line.pk).update(
            token_hash=token_hash(token), token_hint=token[-4:]
        )
        lines.append(line)
    BlockedNumber.objects.create(
        number="+32499000666", reason="Appels publicitaires répétés", created_at=builder.now
    )
    callers = [
        (school, member)
        for school in builder.schools
        for member in builder.members[school.pk][:2]
        if member.phone
    ]
    agents = {lang: builder.agents.get(lang, []) for lang in ("de", "fr")}
    now = timezone.now()
    calls = callbacks = 0
    for n in range(120):
        school, member = rng.choice(callers) if callers and rng.random() < 0.85 else (None, None)
        line = lines[1] if school and school.language == "de" else rng.choice((lines[0], lines[2]))
        started = now - timedelta(days=rng.randint(0, 6), minutes=rng.randint(0, 9 * 60))
        cause = rng.choice(CAUSES)
        answered = cause == "normalClearing"
        waiting = rng.randint(3, 90)
        number = (
            quick_normalize(member.phone) if member else f"+3247{rng.randint(1000000, 9999999)}"
        )
        agent = rng.choice(agents[line.language]) if answered and agents[line.language] else None
        call = Call.objects.create(
            line=line,
            call_id=f"demo-{n}",
            direction="in",
            from_raw=number,
            to_raw=line.number,
            from_number=number,
            to_number=line.number,
            party_number=number,
            school=school,
            person=member,
            matched_by="person" if member else "",
            state="ended",
            outcome="answered" if answered else "missed",
            cause=cause,
            started_at=started,
            answered_at=started + timedelta(seconds=waiting) if answered else None,
            ended_at=started
            + timedelta(seconds=waiting + (rng.randint(60, 900) if answered else 0)),
            waiting_seconds=waiting,
            duration_seconds=rng.randint(60, 900) if answered else None,
            agent=agent,
            agent_names=agent.full_name if agent else "",
        )
        calls += 1
        if not answered:
            due = rules.callback_due(calendar_for_call(line, school), started)
            done = due < now and rng.random() < 0.8
            Callback.objects.create(
                call=call,
                number=number,
                school=school,
                person=member,
                reason="missed",
                team=line.team,
                created_at=started,
                due_at=due,
                state="done" if done else "open",
                done_at=min(now, due - timedelta(minutes=rng.randint(-60, 90))) if done else None,
            )
            callbacks += 1
    return {"phone lines": len(lines), "calls": calls, "callbacks": callbacks}
