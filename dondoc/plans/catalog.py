"""The indicator catalog: the same measure in several plans linked under one key.

Keys are proposed by similarity and confirmed by a coordinator. An indicator's signature is the
words of its first clause without diacritics, figures and filler words ("phấn đấu", "chiếm",
"tỷ lệ"…); two indicators of different plans are the same measure when their units agree and
each is the other's best match in its plan (rapidfuzz token-set ratio ≥ 80; mutual best matches
keep a chain of near-matches from merging unrelated measures). Rows of one plan with the same
signature (the measure for 2025 and for 2030) join their group. Conflicts are one key with
different targets for the same year.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from dondoc.audit.service import record
from dondoc.core.text import search_key
from dondoc.plans import repository
from dondoc.plans.models import Indicator

SAME_MEASURE = 80.0
_FIGURES = re.compile(r"[\d.,%≥≤<>]+")
# words that frame a target rather than name the measure; "số" (digital, number) is not one
_FILLER = frozenset(
    [
        "phan",
        "dau",
        "dat",
        "toi",
        "thieu",
        "it",
        "nhat",
        "tren",
        "duoi",
        "khoang",
        "chiem",
        "ti",
        "ty",
        "le",
        "cac",
        "cua",
        "va",
        "trong",
        "duoc",
    ]
)


@dataclass
class Proposal:
    key: str
    indicators: list[Indicator]


def signature(ind: Indicator) -> str:
    first = re.split(r"[;.]", ind.text)[0]
    words = _FIGURES.sub(" ", search_key(first)).replace("-", " ").split()
    return " ".join(w for w in words if w not in _FILLER)


def _unit(ind: Indicator) -> str:
    return search_key(ind.targets[0].unit) if ind.targets and ind.targets[0].unit else ""


def propose(session: Session) -> list[Proposal]:
    """Groups of indicators from several plans that read as one measure, not yet keyed."""
    free = repository.uncatalogued_indicators(session)
    sig = {i.id: signature(i) for i in free}
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for a in free:
        for b in free:
            if a.plan_id == b.plan_id or not _unit(a) or _unit(a) != _unit(b):
                continue
            score = fuzz.token_set_ratio(sig[a.id], sig[b.id])
            if score >= SAME_MEASURE and score > best.get((a.id, b.plan_id), (0.0, 0))[0]:
                best[(a.id, b.plan_id)] = (score, b.id)
    parent = {i.id: i.id for i in free}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    plan_of = {i.id: i.plan_id for i in free}
    for (a_id, _b_plan), (_score, b_id) in best.items():
        if best.get((b_id, plan_of[a_id]), (0.0, 0))[1] == a_id:
            parent[root(a_id)] = root(b_id)
    by_plan_sig: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i in free:
        by_plan_sig[(i.plan_id, sig[i.id])].append(i.id)
    for ids in by_plan_sig.values():
        for other in ids[1:]:
            parent[root(other)] = root(ids[0])
    groups: dict[int, list[Indicator]] = defaultdict(list)
    for i in free:
        groups[root(i.id)].append(i)
    return [
        Proposal("-".join(min((sig[m.id] for m in members), key=len).split()[:8]), members)
        for members in groups.values()
        if len({m.plan_id for m in members}) > 1
    ]


def confirm(session: Session, key: str, indicator_ids: list[int], *, actor: str) -> int:
    rows = repository.indicators_by_ids(session, indicator_ids)
    for row in rows:
        before = row.catalog_key
        row.catalog_key = key
        record(
            session,
            actor=actor,
            action="catalog",
            entity="indicator",
            entity_id=row.id,
            before={"catalog_key": before},
            after={"catalog_key": key},
        )
    session.flush()
    return len(rows)


def conflicts(session: Session) -> list[dict]:
    """Keys whose plans set different targets for the same year."""
    found: dict[tuple[str, int], set[tuple]] = defaultdict(set)
    where: dict[tuple[str, int], list[int]] = defaultdict(list)
    for ind in repository.catalogued_indicators_with_year(session):
        first = ind.targets[0] if ind.targets else None
        if first is None or first.value is None or ind.catalog_key is None or ind.year is None:
            continue
        found[(ind.catalog_key, ind.year)].add((first.comparator, first.value, first.value_max))
        where[(ind.catalog_key, ind.year)].append(ind.id)
    return [
        {
            "key": key,
            "year": year,
            "targets": sorted(list(t) for t in targets),
            "indicators": where[(key, year)],
        }
        for (key, year), targets in sorted(found.items())
        if len(targets) > 1
    ]
