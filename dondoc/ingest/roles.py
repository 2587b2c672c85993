"""Who leads and who coordinates, read from prose ("Sở X chủ trì, phối hợp với Sở Y, …").

The agency names come from the reference data (`dondoc.agencies.reference`); this module only
knows the sentence shapes: a list of agencies that opens a sentence and is followed by a verb
is the lead; the agencies listed right after "phối hợp (với)" are the coordinators. Phrases
that name nobody ("các cơ quan liên quan") are left out of coordinating lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.agencies.reference import Resolved, load_reference

# What may stand between two agencies of one list.
LIST_GLUE = re.compile(r"^[\s,;:]*(?:[-–]\s+)?(?:(?:và|cùng|với|hoặc)\s+)?(?:các\s+)?[\s,;]*$", re.IGNORECASE)
COORD_CUE = re.compile(r"\bphối hợp(?:\s+(?:chặt chẽ\s+)?(?:với|cùng))?\s+", re.IGNORECASE)
LEAD_CUE = re.compile(r"^\s*(?:là\s+)?(?:cơ quan\s+)?chủ trì\b", re.IGNORECASE)
# Openers before the agency that leads: "Giao Sở X …", "Đề nghị Sở X …"
LEAD_OPENER = re.compile(r"^\s*(?:giao|đề nghị|yêu cầu|chỉ đạo)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    agency: Resolved


def mentions(text: str) -> list[Mention]:
    return [Mention(s, e, r) for s, e, r in load_reference().find(text)]


def _runs(text: str, found: list[Mention]) -> list[list[Mention]]:
    """Group mentions into lists: consecutive mentions joined only by list glue."""
    runs: list[list[Mention]] = []
    for m in found:
        if runs and LIST_GLUE.match(text[runs[-1][-1].end : m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def names(run: list[Mention], *, keep_related: bool = False) -> list[str]:
    out: list[str] = []
    for m in run:
        if m.agency.related and not keep_related:
            continue
        if m.agency.name not in out:
            out.append(m.agency.name)
    return out


def leading_agencies(text: str) -> tuple[list[str], int]:
    """Agencies that open `text` (after an optional "Giao"), and where that list ends."""
    opener = LEAD_OPENER.match(text)
    offset = opener.end() if opener else 0
    found = mentions(text)
    if not found:
        return [], 0
    first = next((m for m in found if m.start >= offset), None)
    if first is None or text[offset : first.start].strip(" ,:-–") not in ("", "Các", "các"):
        return [], 0
    run = next(r for r in _runs(text, found) if r[0] is first)
    return names(run, keep_related=True), run[-1].end


def is_agency_label(text: str) -> list[str]:
    """When a heading is only a list of agencies ("b) Sở Kế hoạch và Đầu tư", "1. Các Sở, ban,
    ngành, UBND các huyện:"), return them; otherwise []."""
    stripped = text.strip().rstrip(":.;").strip()
    agencies, end = leading_agencies(stripped)
    if agencies and not stripped[end:].strip(" ,;:.-–"):
        return agencies
    return []


def roles_in_text(text: str, *, lead_given: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(lead, coordinating) from an item's prose.

    The lead is the agency list that opens the item (or stands before "chủ trì"); when the item
    sits under an agency heading, that heading is the lead (`lead_given`). Coordinators are the
    union of the lists after every "phối hợp (với)".
    """
    found = mentions(text)
    lead: list[str] = list(lead_given or [])
    if not lead:
        opening, _end = leading_agencies(text)
        lead = [n for n in opening]
        if not lead:
            for run in _runs(text, found):
                if LEAD_CUE.match(text[run[-1].end :]):
                    lead = names(run, keep_related=True)
                    break
    coordinating: list[str] = []
    if found:
        for cue in COORD_CUE.finditer(text):
            run = _run_at(text, found, cue.end())
            for n in names(run):
                if n not in coordinating and n not in lead:
                    coordinating.append(n)
    lead = [n for n in lead if not _is_related(n, found)] or lead
    return lead, coordinating


def _run_at(text: str, found: list[Mention], pos: int) -> list[Mention]:
    for run in _runs(text, found):
        if run[0].start >= pos and not text[pos : run[0].start].strip(" ,:-–"):
            return run
        if run[0].start >= pos and text[pos : run[0].start].strip().casefold() in ("các", "với"):
            return run
    return []


def _is_related(name: str, found: list[Mention]) -> bool:
    return any(m.agency.name == name and m.agency.related for m in found)
