"""The one explicit list of scheduled jobs, and the loop `dondoc serve` runs them in. Nothing is
scheduled anywhere else (no signals, no import side effects); cron can run the same jobs once
through the CLI (`dondoc remind`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from dondoc.notify.jobs import run_reminders

log = logging.getLogger("dondoc.jobs")


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    run: Callable[[], object]


SCHEDULED_JOBS: tuple[ScheduledJob, ...] = (ScheduledJob("reminders", run_reminders),)


def run_all_once() -> None:
    for job in SCHEDULED_JOBS:
        try:
            log.info("job %s: %s", job.name, job.run())
        except Exception:  # a failing job must not stop the others nor the server
            log.exception("job %s failed", job.name)


def start_scheduler(interval_minutes: int) -> threading.Event:
    """Run every job now and then every `interval_minutes` in a daemon thread; set the returned
    event to stop it."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            run_all_once()
            stop.wait(interval_minutes * 60)

    threading.Thread(target=loop, name="dondoc-jobs", daemon=True).start()
    return stop
