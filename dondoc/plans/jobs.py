"""The import job: a queued plan file read, extracted and stored as a draft off the request
(`run_import`, started by the page or the API right after their response), each stage committed
as it begins so that the page shows how far it is; and the scheduled sweep (`resume_imports`)
that runs an import its process never started and fails one left half-way by a restart.

The file is read and extracted outside any transaction (seconds for a long PDF, holding no lock:
on SQLite a writer holds the one write lock), then the draft is stored and the job marked done in
one transaction: a draft is never stored without its job saying so."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

from sqlalchemy.orm import Session

from dondoc.audit.service import record
from dondoc.core.db import session_scope, utcnow
from dondoc.plans import repository
from dondoc.plans.service import ImportRefused, prepare_import, store_import
from dondoc.plans.service_imports import ERR_INTERRUPTED, ERR_UNEXPECTED

log = logging.getLogger("dondoc.imports")
Units = Callable[[], AbstractContextManager[Session]]
# A queued import its request did not start within this time is started by the sweep; a running
# one whose stage has not moved for this long was cut off by a restart.
WAITING = timedelta(seconds=30)
INTERRUPTED = timedelta(minutes=15)


class JobOvertaken(Exception):
    """The job was ended (failed as interrupted) by the sweep while it ran."""


def run_import(job_id: int, units: Units = session_scope) -> str:
    """Run the queued import `job_id` if no one else has claimed it; its final stage ("taken" when
    another runner had it)."""
    with units() as session:
        claimed = repository.claim_import(session, job_id)
    if claimed is None:
        return "taken"
    file_name, actor, content = claimed

    def stage(name: str) -> None:
        if name != "reading":  # the claim set it
            with units() as session:
                repository.set_import_stage(session, job_id, name)

    try:
        prepared = prepare_import(content, file_name, on_stage=stage)
        stage("storing")
        with units() as session:
            result = store_import(session, prepared, actor=actor)
            finished = repository.finish_import(
                session,
                job_id,
                if_stage_in=("storing",),
                stage="done",
                plan_id=result.plan.id,
                created=result.created,
            )
            if not finished:  # the sweep failed it meanwhile: the draft goes back with the unit
                raise JobOvertaken(job_id)
        return "done"
    except JobOvertaken:
        log.warning("import %s was ended by the sweep before it stored its draft", job_id)
    except ImportRefused as exc:
        _fail(units, job_id, actor, exc.kind, exc.message_vi, exc.message_en)
    except Exception:  # any other failure must still end the job, with the page told
        log.exception("import %s failed", job_id)
        _fail(units, job_id, actor, "error", *ERR_UNEXPECTED)
    return "failed"


def _fail(
    units: Units, job_id: int, actor: str, kind: str, vi: str, en: str, *, if_running: bool = False
) -> None:
    with units() as session:
        written = repository.finish_import(
            session,
            job_id,
            if_stage_in=repository.RUNNING_STAGES if if_running else ("queued", *repository.RUNNING_STAGES),
            stage="failed",
            error_kind=kind,
            error_vi=vi,
            error_en=en,
        )
        if not written:  # it ended meanwhile: its outcome stands
            return
        record(
            session,
            actor=actor,
            action="import_failed",
            entity="import_job",
            entity_id=job_id,
            after={"kind": kind, "message": vi},
        )


def resume_imports(units: Units = session_scope) -> str:
    """The sweep of the scheduled jobs: fail the imports a restart cut off, run those left queued."""
    now = utcnow()
    with units() as session:
        cut_off = repository.imports_interrupted(session, now - INTERRUPTED)
        waiting = repository.imports_waiting(session, now - WAITING)
    for job_id in cut_off:
        _fail(units, job_id, "dondoc", "interrupted", *ERR_INTERRUPTED, if_running=True)
    outcomes = [run_import(job_id, units) for job_id in waiting]
    return f"{len(cut_off)} interrupted, {len(outcomes)} resumed"
