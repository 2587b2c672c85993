"""Recording audit events. There is deliberately no function to change or remove one."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dondoc.audit.models import AuditEvent


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
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor_id,
        actor_name=actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=before,
        after=after,
    )
    session.add(event)
    return event
