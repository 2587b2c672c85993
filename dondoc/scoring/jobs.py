"""The figures refresh job: compute again the stored figures that writes made stale (and every
live plan's once a day, since a task turns overdue with the date alone). Run on a short schedule
by `dondoc serve` (dondoc/jobs.py) and once by `dondoc refresh-figures`.

Each plan is two units of work: the claim (committed first, so that a report sent while its
figures are computed marks them stale again) and the computation."""

from __future__ import annotations

import time
from datetime import date

from dondoc.core.config import get_settings
from dondoc.core.db import session_scope
from dondoc.scoring.summary import claim_next, store


def refresh_figures(today: date | None = None, *, budget_seconds: float = 10.0) -> int:
    """Refresh plans' figures, the most needed first, until none needs it or `budget_seconds`
    passed (the rest wait for the next run); how many plans were refreshed."""
    day = today or get_settings().today()
    deadline = time.monotonic() + budget_seconds
    done = 0
    while time.monotonic() < deadline:
        with session_scope() as session:
            plan_id = claim_next(session, day)
        if plan_id is None:
            break
        with session_scope() as session:
            store(session, plan_id, day)
        done += 1
    return done
