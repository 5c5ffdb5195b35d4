"""Stop a long-running command promptly and cleanly on SIGTERM or SIGINT
(Ctrl-C on `make run`, a process supervisor stopping the service)."""

import signal
import threading


def stop_on_signals() -> threading.Event:
    """An event set by the first SIGTERM or SIGINT: the command's loop waits
    on it (`event.wait(seconds)`) instead of sleeping, so it wakes at once
    and exits with status 0, without a traceback. SIGINT counts even when
    the shell started the command in the background with SIGINT ignored."""
    stop = threading.Event()

    def handler(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return stop
