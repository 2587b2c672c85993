"""Rules of the agency registry: seeding it from the reference data, finding a body by any of
its names, and the succession that makes a body answer for its predecessors' work."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.agencies import repository
from dondoc.agencies.models import Agency, AgencyAlias, AgencySuccession
from dondoc.agencies.reference import load_reference, normalise
from dondoc.audit.service import record


def alias_key(name: str) -> str:
    return " ".join(normalise(name))


def seed_reference(session: Session, *, actor: str = "system") -> int:
    """Insert or update every body of the reference data; running it twice changes nothing.
    Returns how many rows were created or changed."""
    ref = load_reference()
    changed = 0
    by_code: dict[str, Agency] = {}
    for a in ref.agencies.values():
        row = repository.by_code(session, a.id)
        values = {
            "name": a.name,
            "kind": a.kind,
            "level": a.level,
            "valid_from": a.valid_from,
            "valid_to": a.valid_to,
            "note": a.note,
        }
        if row is None:
            row = Agency(code=a.id, **values)
            session.add(row)
            changed += 1
            record(
                session, actor=actor, action="create", entity="agency", entity_id=a.id, after=_plain(values)
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            before = {k: getattr(row, k) for k in values}
            for k, v in values.items():
                setattr(row, k, v)
            changed += 1
            record(session, actor=actor, action="update", entity="agency", entity_id=a.id,
                   before=_plain(before), after=_plain(values))  # fmt: skip
        by_code[a.id] = row
    session.flush()
    for a in ref.agencies.values():
        row = by_code[a.id]
        row.parent_id = by_code[a.parent].id if a.parent else None
        keys = {al.key for al in row.aliases}
        for name in (a.name, *a.aliases):
            key = alias_key(name)
            if key and key not in keys:
                row.aliases.append(AgencyAlias(alias=name, key=key))
                keys.add(key)
        for successor in a.successor:
            exists = session.scalar(
                select(AgencySuccession).where(
                    AgencySuccession.predecessor_id == row.id,
                    AgencySuccession.successor_id == by_code[successor].id,
                )
            )
            if exists is None:
                session.add(AgencySuccession(predecessor_id=row.id, successor_id=by_code[successor].id,
                                             effective=a.valid_to, source=a.source))  # fmt: skip
                changed += 1
    session.flush()
    return changed


def find_agency(session: Session, name: str) -> Agency | None:
    """The registry's body for a name as a plan writes it (any alias, any spelling)."""
    resolved = load_reference().resolve(name)
    if resolved.agency_id:
        found = repository.by_code(session, resolved.agency_id)
        if found:
            return found
    matches = repository.by_alias_key(session, alias_key(resolved.name))
    return matches[0] if len(matches) == 1 else None


def with_predecessors(session: Session, agency_id: int) -> set[int]:
    """The body and every body it succeeded, transitively: whose work it answers for."""
    seen = {agency_id}
    frontier = [agency_id]
    while frontier:
        for pred in repository.predecessors_of(session, frontier.pop()):
            if pred not in seen:
                seen.add(pred)
                frontier.append(pred)
    return seen


def _plain(values: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}
