"""Process the stored mail that waits, continuously, in this process: for a
deployment that receives more mail than the task worker keeps up with (the
periodic `mail_poll` processes in one process). Each waiting message is
claimed by one process (see `services._claim`), so any number of them may
run beside `mail_fetch` and `mail_idle`; with `--shard k/n` they do not even
compete for the same messages:

    manage.py mail_process --shard 0/2 &  manage.py mail_process --shard 1/2 &
    manage.py mail_process --once          # what waits now, then exit
"""

import time

from django.core.management.base import BaseCommand, CommandError

from pupitre.mail.services import inbound_process_pending


def shard_of(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and int(index) < int(count)):
        raise CommandError(f"--shard takes k/n with 0 <= k < n, e.g. 0/2 (not {text!r}).")
    return int(index), int(count)


class Command(BaseCommand):
    help = "Process the stored mail that waits, continuously (or --once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--shard", default="0/1", help="k/n: take the mails whose id is k modulo n"
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds to wait when no mail waits"
        )
        parser.add_argument("--once", action="store_true", help="process what waits, then exit")

    def handle(self, *args, shard, interval, once, **options):
        index, count = shard_of(shard)
        while True:
            done = inbound_process_pending(shard=(index, count))
            if once:
                self.stdout.write(f"processed {done} messages (shard {index}/{count})")
                return
            if not done:
                time.sleep(interval)
