"""The one explicit list of scheduled jobs, and the loop `dondoc serve` runs them in. Nothing is
scheduled anywhere else (no signals, no import side effects); cron can run the same jobs once
through the CLI (`dondoc remind`).

Every process of a deployment runs this loop; each job runs once per interval across all of them:
the process that first claims the interval's slot (`scheduling.repository.claim`, committed before
the job starts) runs it, the others skip it."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from dondoc.core.config import get_settings
from dondoc.core.db import session_scope, utcnow
from dondoc.notify.jobs import run_reminders
from dondoc.plans.jobs import resume_imports
from dondoc.scheduling.repository import claim
from dondoc.scoring.jobs import refresh_figures

log = logging.getLogger("dondoc.jobs")


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    run: Callable[[], object]
    # Its own interval in seconds (the figures refresh); None: the jobs' interval in minutes.
    every_seconds: Callable[[], int] | None = None


SCHEDULED_JOBS: tuple[ScheduledJob, ...] = (
    ScheduledJob("reminders", run_reminders),
    ScheduledJob("figures", refresh_figures, lambda: get_settings().figures_refresh_seconds),
    # the imports a restart cut off or left queued: every minute while the jobs run at all
    ScheduledJob("imports", resume_imports, lambda: 60 if get_settings().jobs_interval_minutes > 0 else 0),
)


def slot_of(now: datetime, interval_minutes: int) -> int:
    """The number of the interval `now` falls in, counted from the epoch."""
    return int(now.timestamp() // 60) // max(interval_minutes, 1)


def seconds_of(job: ScheduledJob, interval_minutes: int) -> int:
    """A job's interval in seconds (0: off)."""
    return job.every_seconds() if job.every_seconds is not None else interval_minutes * 60


def run_due(interval_minutes: int, now: datetime | None = None) -> list[str]:
    """Run each job whose slot for `now` this process claims; the names of the jobs it ran."""
    now = now or utcnow()
    me = f"{socket.gethostname()}:{os.getpid()}"
    ran = []
    for job in SCHEDULED_JOBS:
        seconds = seconds_of(job, interval_minutes)
        if seconds <= 0:
            continue
        with session_scope() as session:  # the claim commits before the job runs
            won = claim(session, job.name, int(now.timestamp()) // seconds, now=now, by=me)
        if not won:
            continue
        ran.append(job.name)
        try:
            log.info("job %s: %s", job.name, job.run())
        except Exception:  # a failing job must not stop the others nor the server
            log.exception("job %s failed", job.name)
    return ran


def start_scheduler(interval_minutes: int) -> Callable[[float], None]:
    """Run every job now and then each at its interval in a thread of its own; the returned stop
    function ends the loop, letting a job already running finish first (at most the seconds it
    is given): a job whose slot was claimed is not cut off half-way by a restart."""
    stop = threading.Event()
    intervals = [s for job in SCHEDULED_JOBS if (s := seconds_of(job, interval_minutes)) > 0]
    wake = min(intervals, default=60)

    def loop() -> None:
        while not stop.is_set():
            try:
                run_due(interval_minutes)
            except Exception:  # the database away for a moment: try again next interval
                log.exception("scheduled jobs could not be claimed")
            stop.wait(wake)

    # a daemon still: a job stuck past the grace must not keep the process from exiting
    thread = threading.Thread(target=loop, name="dondoc-jobs", daemon=True)
    thread.start()

    def stop_after(grace_seconds: float) -> None:
        stop.set()
        thread.join(grace_seconds)

    return stop_after
