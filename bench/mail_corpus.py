#!/usr/bin/env python
"""How well the mail parsing layer does on the shared corpora, and how fast.

    .venv/bin/python bench/mail_corpus.py [--misses] [--repeat 3]

Prints, per field, how many of Zammad's expected parse results
(`zammad-mail/*.yml`) `parse_mail` matches (whitespace normalised, HTML
bodies compared on their text, Zammad's own storage choices excepted as in
tests/mail/zammad_corpus.py), then how many of the crisp and talon reply
expectations `split_reply` meets, then the parsing speed over the Zammad
corpus and over our own client fixtures (messages per second of wall clock
and of CPU time, best of --repeat rounds, one process, no database; on a
shared machine the CPU figure is the steadier one).
The corpora are read from the `shared/corpora` folder beside the repository.
With --misses every differing field and missed expectation is listed.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from pupitre.mail.parsing import parse_mail  # noqa: E402 - after the path set-up
from pupitre.mail.quotes import split_reply  # noqa: E402
from tests.mail.corpora import corpus_path  # noqa: E402
from tests.mail.reply_corpus import (  # noqa: E402
    crisp_outcomes,
    rate_line,
    talon_outcomes,
    talon_signature_outcomes,
)
from tests.mail.zammad_corpus import box_files, compare, rate_lines, shorten  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list what differs")
    parser.add_argument("--repeat", type=int, default=3, help="timing rounds (best is kept)")
    args = parser.parse_args()

    zammad = corpus_path("zammad-mail")
    crisp = corpus_path("crisp-email-reply-parser")
    talon = corpus_path("talon")
    missing = [path for path in (zammad, crisp, talon) if not path.is_dir()]
    if missing:
        print("corpora not found: " + ", ".join(str(p) for p in missing), file=sys.stderr)
        return 1

    comparisons = [c for path in box_files(zammad) if (c := compare(zammad, path))]
    print("zammad-mail: fields matching Zammad's expectations")
    for line in rate_lines(comparisons):
        print("  " + line)
    if args.misses:
        for c in comparisons:
            for name, ok in c.matches.items():
                if not ok:
                    print(f"    {c.name} {name}:")
                    print(f"      expected {shorten(c.expected[name])}")
                    print(f"      got      {shorten(c.actual[name])}")

    crisp_results, unlabelled = crisp_outcomes(crisp)
    replies = talon_outcomes(talon)
    signatures = talon_signature_outcomes(talon)
    print("reply folding")
    print("  " + rate_line("crisp, labelled fixtures", crisp_results))
    print(f"  {'crisp, unlabelled (split)':<28} {unlabelled:>4}")
    print("  " + rate_line("talon, replies", replies))
    print("  " + rate_line("talon, signatures", signatures))
    if args.misses:
        for outcome in crisp_results + replies + signatures:
            if not outcome.passed:
                print(f"    {outcome.corpus} {outcome.fixture}: {outcome.detail[:160]}")

    rounds = max(args.repeat, 1)
    print(f"speed (parse_mail + split_reply, best of {rounds} rounds)")
    fixtures = sorted((ROOT / "tests" / "mail" / "fixtures").glob("*.eml"))
    for label, messages in (
        ("zammad corpus", [path.read_bytes() for path in box_files(zammad)]),
        ("our client fixtures", [path.read_bytes() for path in fixtures] * 10),
    ):
        wall, cpu = _best_times(messages, rounds)
        size = sum(len(m) for m in messages) / len(messages) / 1000
        print(
            f"  {label:<20} {len(messages):>4} messages of {size:5.1f} kB on average:"
            f" {len(messages) / wall:5.0f} messages/s, {len(messages) / cpu:5.0f} per CPU second"
        )
    return 0


def _best_times(messages: list[bytes], rounds: int) -> tuple[float, float]:
    """The best wall-clock and CPU seconds of `rounds` passes over the messages."""
    best_wall = best_cpu = float("inf")
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for raw in messages:
            split_reply(parse_mail(raw).text)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu


if __name__ == "__main__":
    sys.exit(main())
