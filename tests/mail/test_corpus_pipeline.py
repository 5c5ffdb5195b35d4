"""The zammad-mail corpus through the whole pipeline: every message ends as
a ticket, a reply, a note, a triage entry or a "mail problem", never as an
unhandled error. Prints the counts."""

from collections import Counter

from pupitre.mail import services
from pupitre.mail.identity import content_digest
from pupitre.mail.models import InboundMail, State
from pupitre.mail.parsing import MailParseError, parse_mail

from ..factories import make_member
from .corpora import corpus, report_lines


def test_every_corpus_mail_becomes_a_ticket_or_a_mail_problem(request, school, settings):
    settings.MAIL_MAX_NEW_TICKETS_PER_HOUR = 10_000
    folder = corpus("zammad-mail")
    files = sorted(folder.glob("*.box")) + sorted(folder.glob("upstream-newer/*.box"))
    raws = [path.read_bytes() for path in files]
    # Half of the senders are known members of a school: their mails open
    # tickets; the others wait in triage.
    senders = set()
    for raw in raws:
        try:
            senders.add(parse_mail(raw).from_address)
        except MailParseError:
            pass
    for index, address in enumerate(sorted(a for a in senders if "@" in a)):
        if index % 2 == 0:
            make_member(school, email=address)
    for raw in raws:
        services.inbound_store(raw=raw)
    services.inbound_process_pending()  # raises nothing: failures are kept

    mails = InboundMail.objects.all()
    states = Counter(mails.values_list("state", flat=True))
    outcomes = Counter(mails.exclude(outcome="").values_list("outcome", flat=True))
    # Several fixtures are variants of one mail with the same Message-ID:
    # different content, so each is a message of its own; identical copies
    # are stored once.
    distinct = {content_digest(raw) for raw in raws}
    assert len(distinct) > len({services.message_id_of(raw) for raw in raws})
    assert sum(states.values()) == len(distinct)
    assert states[State.RECEIVED] == 0
    for mail in mails.filter(state=State.PROCESSED):
        assert mail.ticket_id is not None or mail.outcome == "bounce", mail.pk
    for mail in mails.filter(state=State.FAILED):
        assert mail.error
    report_lines(
        request,
        "zammad-mail through the pipeline",
        [
            f"{len(files)} files, {len(distinct)} distinct messages stored once each",
            "states: " + ", ".join(f"{k}={v}" for k, v in sorted(states.items())),
            "outcomes: " + ", ".join(f"{k}={v}" for k, v in sorted(outcomes.items())),
        ],
    )
