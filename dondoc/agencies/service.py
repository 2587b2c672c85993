"""Rules of the agency registry: seeding it from the reference data, finding a body by any of
its names, and the succession that makes a body answer for its predecessors' work."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event
from sqlalchemy.orm import Session

from dondoc.agencies import repository
from dondoc.agencies.models import Agency, AgencyAlias, AgencySuccession
from dondoc.agencies.reference import load_reference, normalise
from dondoc.audit.service import record
from dondoc.core.errors import DomainError


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
            record(
                session,
                actor=actor,
                action="update",
                entity="agency",
                entity_id=a.id,
                before=_plain(before),
                after=_plain(values),
            )
        by_code[a.id] = row
    session.flush()
    links = 0
    for a in ref.agencies.values():
        row = by_code[a.id]
        parent_id = by_code[a.parent].id if a.parent else None
        if row.parent_id != parent_id:
            row.parent_id = parent_id
            links += 1
        keys = {al.key for al in row.aliases}
        for name in (a.name, *a.aliases):
            key = alias_key(name)
            if key and key not in keys:
                row.aliases.append(AgencyAlias(alias=name, key=key))
                keys.add(key)
                links += 1
        for successor in a.successor:
            if repository.succession(session, row.id, by_code[successor].id) is None:
                session.add(
                    AgencySuccession(
                        predecessor_id=row.id,
                        successor_id=by_code[successor].id,
                        effective=a.valid_to,
                        source=a.source,
                    )
                )
                links += 1
    session.flush()
    if links:
        # aliases, successions and parents written by this seeding, in one audit event
        record(
            session, actor=actor, action="seed_links", entity="agency", entity_id=None, after={"links": links}
        )
    return changed + links


def find_agency(session: Session, name: str) -> Agency | None:
    """The registry's body for a name as a plan writes it (any alias, any spelling, or a name
    a coordinator has mapped)."""
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


SuccessionIndex = dict[int, list[tuple[int, date | None]]]


# The index is read once per transaction of a session, not once per plan: a page or a refresh of
# many plans asked for it plan by plan (2 of the 4.4 s of a national dashboard).
SUCCESSIONS_CACHE = "dondoc.succession_index"


def succession_index(session: Session) -> SuccessionIndex:
    """Every succession, by predecessor, in one query: for loops that ask `current_body` often.
    Kept for the session's transaction (forgotten when it ends or when a flush writes one)."""
    cached = session.info.get(SUCCESSIONS_CACHE)
    if cached is not None and not any(isinstance(o, AgencySuccession) for o in session.new):
        return cached
    index: SuccessionIndex = {}
    for predecessor, successor, effective in repository.all_successions(session):
        index.setdefault(predecessor, []).append((successor, effective))
    session.info[SUCCESSIONS_CACHE] = index
    return index


def _forget_successions(session: Session, *_args: object) -> None:
    session.info.pop(SUCCESSIONS_CACHE, None)


def _forget_written_successions(session: Session, _context: object) -> None:
    if any(isinstance(o, AgencySuccession) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop(SUCCESSIONS_CACHE, None)


def install_succession_cache() -> None:
    """Forget the cached index when a transaction ends or a flush writes a succession
    (idempotent; dondoc.models calls it)."""
    for name, listener in (
        ("after_commit", _forget_successions),
        ("after_rollback", _forget_successions),
        ("after_flush", _forget_written_successions),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def current_body(session: Session, agency_id: int, on: date, index: SuccessionIndex | None = None) -> int:
    """The body that answers on `on` for work assigned to `agency_id`: follow successions that
    took effect by then (Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ from 01/03/2025).
    Where a body was split, its first successor in the reference data answers."""
    successions = index if index is not None else succession_index(session)
    seen = {agency_id}
    current = agency_id
    while True:
        nxt = next(
            (
                succ
                for succ, effective in successions.get(current, ())
                if effective is None or effective <= on
            ),
            None,
        )
        if nxt is None or nxt in seen:
            return current
        seen.add(nxt)
        current = nxt


def _plain(values: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def collectives_including(session: Session, agency: Agency) -> set[int]:
    """The collective assignees a body belongs to ("Các sở, ban, ngành" holds every provincial
    department): work assigned to the group is also the body's."""
    ref = load_reference()
    codes = [a.id for a in ref.agencies.values() if a.kind == "collective" and agency.kind in a.members]
    if not codes:
        return set()
    return repository.ids_of_codes(session, codes)


def answerable_ids(session: Session, agency: Agency) -> set[int]:
    """Every assignee whose work this body answers for: itself, its predecessors, and the
    collectives it belongs to."""
    return with_predecessors(session, agency.id) | collectives_including(session, agency)


def unmapped_names(session: Session) -> list[tuple[str, int]]:
    """Names plans use that the registry lacks, with how often they are assigned."""
    return repository.unmapped_name_counts(session)


def map_name(session: Session, name: str, agency_id: int, *, actor: str) -> int:
    """A coordinator says which body a name means: the name becomes an alias of it and every
    assignment written with that name is linked. Returns how many assignments were linked."""
    agency = repository.by_id(session, agency_id)
    if agency is None:
        raise DomainError(
            "not_found", f"Không có cơ quan số hiệu {agency_id}", f"No agency {agency_id}", field="agency_id"
        )
    key = alias_key(name)
    if key and key not in {a.key for a in agency.aliases}:
        agency.aliases.append(AgencyAlias(alias=name, key=key))
    linked = repository.link_assignments(session, name, agency_id)
    record(
        session,
        actor=actor,
        action="map_name",
        entity="agency",
        entity_id=agency.code,
        after={"name": name, "assignments": linked},
    )
    session.flush()
    return linked
