"""Rules of an import job (no commit): a plan file sent from the import page or the API is
checked at once (a name, within the upload limit: refused beside the file field before anything
is stored), then queued as an `ImportJob`; plans/jobs.py reads it off the request, stage by stage,
and a page or a client follows its progress. Only whoever sent the file, or an administrator,
sees the job."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dondoc.audit.service import record
from dondoc.core.errors import DomainError
from dondoc.plans import repository
from dondoc.plans.models import ImportJob
from dondoc.plans.service import checked_upload
from dondoc.users.models import User

# What the page says of each stage (Vietnamese first; en.yaml holds the English), and how far
# along the import is then, in percent: a stage done is its share of the way.
STAGE_LABELS = {
    "queued": "Đang chờ đến lượt",
    "reading": "Đang đọc tệp",
    "extracting": "Đang trích xuất nhiệm vụ, chỉ tiêu, chế độ báo cáo",
    "storing": "Đang lưu bản nháp",
    "done": "Đã nhập xong",
    "failed": "Không nhập được",
}
PROGRESS = {"queued": 0, "reading": 10, "extracting": 40, "storing": 85, "done": 100, "failed": 100}
ERR_INTERRUPTED = (
    "Việc nhập bị gián đoạn (máy chủ khởi động lại); hãy nhập lại tệp",
    "The import was interrupted (the server restarted); import the file again",
)
ERR_UNEXPECTED = (
    "Không nhập được tệp do lỗi của hệ thống; hãy thử lại hoặc báo quản trị viên",
    "The file could not be imported because of a system error; try again or tell an administrator",
)


def queue_import(
    session: Session, content: bytes, file_name: str | None, *, actor: str, max_bytes: int | None
) -> ImportJob:
    """The file queued to be imported; raises ImportRefused ("missing", "too_large") at once."""
    name, digest = checked_upload(content, file_name, max_bytes)
    job = ImportJob(file_name=name, content=content, size=len(content), stage="queued", actor=actor)
    session.add(job)
    session.flush()
    record(
        session,
        actor=actor,
        action="queue_import",
        entity="import_job",
        entity_id=job.id,
        after={"file": name, "size": len(content), "sha256": digest},
    )
    return job


def import_for_user(session: Session, job_id: int, user: User) -> ImportJob:
    """The job, if `user` sent it or administers the site; else "not_found" (as for a plan of
    another province: its existence is not told)."""
    job = repository.import_job(session, job_id)
    if job is None or (job.actor != user.username and user.role != "admin"):
        raise DomainError("not_found", f"Không có lượt nhập {job_id}", f"No import {job_id}")
    return job


def finished(job: ImportJob) -> bool:
    return job.stage in ("done", "failed")


def progress_of(job: ImportJob) -> int:
    return PROGRESS[job.stage]
