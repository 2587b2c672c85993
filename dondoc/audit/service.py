"""Recording audit events. There is deliberately no function to change or remove one."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy.orm import Session

from dondoc.audit import repository
from dondoc.core.db import utcnow


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_id: int | None = None,
) -> None:
    """Write the event now, in the caller's transaction: it commits or rolls back with the change
    it records."""
    repository.insert_event(
        session,
        at=utcnow(),
        actor_id=actor_id,
        actor_name=actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=before,
        after=after,
    )


def audited_ids(session: Session, entity: str, action: str, ids: Collection[int]) -> set[int]:
    """Which of these rows of `entity` an event of `action` names."""
    return repository.audited_ids(session, entity, action, ids)
