"""Who leads and who coordinates, read from prose ("Sở X chủ trì, phối hợp với Sở Y, …").

The agency names come from the reference data (`dondoc.agencies.reference`); this module only
knows the sentence shapes: a list of agencies that opens a sentence and is followed by a verb
is the lead; the agencies listed right after "phối hợp (với)" are the coordinators. Phrases
that name nobody ("các cơ quan liên quan") are left out of coordinating lists.

`split_agency_cell` reads the agencies of one table cell or one "Cơ quan chủ trì:" field
(tables.agency_list is the same function): where a cell splits, which names stay whole, which
notes are dropped and which shared heads expand (DESIGN.md "Collective assignees", "Named
bodies").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.agencies.reference import Resolved, load_reference, normalise
from dondoc.ingest.outline import squash

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


# --- the agencies of one table cell or one "Cơ quan …:" field ------------------------------------

# A cell splits first at ";" and line breaks; a bullet may open each part ("- Bộ Xây dựng; - UBND …").
_PARTS = re.compile(r"[;\n]")
_BULLET = re.compile(r"^\s*[-–+•*]+\s*")
_CUT_WORD = re.compile(r"(?<=[^\W\d_]) ([cmnpt]|ng|nh|ch)\b")
_WRAPPED = re.compile(r"\s*\n\s*((?:[-–]\s*)?[a-zà-ỹđ])")
# "các tỉnh/thành phố", "tỉnh/ thành phố": a slash between two lower-case words lists them
_SLASH = re.compile(r"(?<=[a-zà-ỹđ])\s*/\s*(?=[a-zà-ỹđ])")
# "Các sở: Tài chính, Nội vụ" (one kind word for a list of bodies)
_KIND_LIST = re.compile(r"^\s*(?:các\s+)?(?P<kind>sở|bộ|ban)\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
# who stands for a body ("Giám đốc Sở Y tế", "Thủ trưởng các sở, ngành"): the body
_HEAD_OF = re.compile(
    r"(?:(?:thủ trưởng|giám đốc|chủ tịch|lãnh đạo|người đứng đầu)(?:\s+các)?|các)?", re.IGNORECASE
)
_NOTE = re.compile(r"\(([^()]*)\)")
# "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã": one head, several levels
_LEVELS = re.compile(
    r"(?P<head>[^,;()]+?)\s+(?P<levels>cấp\s+\w+(?:\s*(?:,|và|hoặc)\s*cấp\s+\w+)+)", re.IGNORECASE
)
_LEVEL = re.compile(r"cấp\s+(\w+)", re.IGNORECASE)
# "UBND thành phố Hà Nội, các tỉnh, thành phố khác": places after a committee share its head
_PLACES = re.compile(r"^(?:các\s+)?(?:tỉnh|thành phố|huyện|thị xã|xã|phường)\b", re.IGNORECASE)
# the role a clause of a cell gives its names ("Sở KH&CN chủ trì …; Các sở, ngành … thực hiện")
_CLAUSE_ROLE = re.compile(r"^\s*(?:là\s+)?(chủ trì|phối hợp|thực hiện|tham gia)\b", re.IGNORECASE)
_GLUE_WORDS = ("và", "với", "cùng", "hoặc")
# the level word alone after a name: the plan's own level ("các sở, ban, ngành Thành phố")
_OWN_LEVEL = re.compile(r"^(?:thành phố|tỉnh)$", re.IGNORECASE)
_NOT_A_BODY = re.compile(r"^(?:các|và|với|có|liên quan|có liên quan|theo|chủ trì|phối hợp)\b", re.IGNORECASE)


def split_agency_cell(text: str | None, *, lead: bool = False) -> list[str]:
    """The agencies a cell (or a "Cơ quan chủ trì:" field) names, canonical where the reference
    data knows them, each once. See `read_agency_cell`."""
    return [r.name for r in read_agency_cell(text, lead=lead)]


def read_agency_cell(text: str | None, *, lead: bool = False) -> list[Resolved]:
    """The agencies of one cell, as resolved names (`fuzzy` tells a name resolved by a fuzzy
    match, for the review flag).

    The cell splits at ";" and line breaks, then at "," or "và" only where the next words begin
    another name: "Sở Văn hóa, Thể thao và Du lịch" and "Các trường đại học, viện nghiên cứu" stay
    one name. A name the data lacks is kept whole as written, never cut back to a shorter known
    name it begins with ("UBND các tỉnh, thành phố khác"). A parenthesised note is dropped ("(Sở Nội
    vụ)", "(chủ trì phần …)"), unless it names the members of a collective before it ("Địa phương
    (UBND cấp huyện, cấp xã)"). "Related agencies" phrases name nobody and are left out, except
    as the only entry of a lead (`lead=True`).
    """
    if not text or not text.strip(" -–.;,"):
        return []
    # a line that opens in lower case goes on the line above: a name wrapped in a narrow column
    # ("tổ chức chính trị\n- xã hội", "Sở Khoa học\nvà Công nghệ")
    text = _WRAPPED.sub(r" \1", text)
    # a PDF's narrow column may cut a word before its final consonants ("Truyề n", "liên qua n"):
    # letters with no vowel are no Vietnamese word, so they end the word before them
    text = _CUT_WORD.sub(r"\1", text)
    parts = [_BULLET.sub("", p).strip() for p in _PARTS.split(text)]
    parts = [squash(_SLASH.sub(", ", p)) for p in parts if p.strip(" -–.;,")]
    clauses = [_clause(p) for p in parts]
    if any(role == "chủ trì" for role, _ in clauses):
        # "Sở KH&CN chủ trì …; Các sở, ngành thực hiện …": the cell's other clauses are other roles
        clauses = [(role, found) for role, found in clauses if role in ("chủ trì", None)]
    out: list[Resolved] = []
    for _role, found in clauses:
        for r in found:
            if r.name not in (o.name for o in out):
                out.append(r)
    named = [r for r in out if not r.related]
    if named or not lead:
        return named
    return out[:1]


def _clause(part: str) -> tuple[str | None, list[Resolved]]:
    """The names of one part of a cell and the role word that follows them, if any."""
    part = _kinds_listed(_levels(_notes(part)))
    ref = load_reference()
    found = mentions(part)
    pieces = _pieces(part, found)
    out: list[Resolved] = []
    role: str | None = None
    for start, end in pieces:
        piece = part[start:end].strip(" ,.:-–")
        for word in _GLUE_WORDS:
            if piece.casefold().startswith(word + " "):
                piece = piece[len(word) + 1 :].strip()
        if not piece:
            continue
        own = [m for m in found if start <= m.start < end]
        resolved, after = _piece(ref, piece, own, part, start, out)
        if resolved is not None:
            out.append(resolved)
        cue = _CLAUSE_ROLE.match(after)
        if cue and role is None:
            role = cue.group(1).casefold()
    return role, out


def _pieces(part: str, found: list[Mention]) -> list[tuple[int, int]]:
    """Where the names of a part begin and end: at "," or "và"/"với"/"cùng" before a known name,
    at "," before a capitalised word, and between two names written side by side."""
    cuts: list[int] = []
    inside = [(m.start, m.end) for m in found]
    for sep in re.finditer(r",|\s(?:và|với|cùng|hoặc)\s+(?:các\s+)?", part):
        if any(s < sep.start() < e for s, e in inside):
            continue
        nxt = sep.end()
        while nxt < len(part) and part[nxt] == " ":
            nxt += 1
        rest = part[nxt:]
        capital = sep.group(0) == "," and rest[:1].isupper()
        # "UBND thành phố Hà Nội … và các tỉnh, thành phố khác": more places of the same head
        places = sep.group(0) != "," and _PLACES.match(part[sep.start() :].split(None, 1)[-1])
        # the next name may begin at "các" ("và các sở, ngành") or after it
        opens = any(sep.start() < m.start <= nxt for m in found)
        if opens or capital or places:
            cuts.append(sep.start())
    for a, b in zip(found, found[1:], strict=False):
        if not part[a.end : b.start].strip(" ,.-–") and a.end not in cuts:
            cuts.append(a.end)  # "… đặc khu Sở Tài chính": two names side by side
    cuts = sorted(set(cuts))
    bounds = [0, *cuts, len(part)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _piece(
    ref, piece: str, own: list[Mention], part: str, start: int, before: list[Resolved]
) -> tuple[Resolved | None, str]:
    """One name of a cell, and the words after it that are not a name (a verb, a role word)."""
    offset = part.find(piece, start)
    first = own[0] if own else None
    if first is not None and not _HEAD_OF.fullmatch(part[offset : first.start].strip()):
        first = None  # the known name is inside an unknown one ("Chi nhánh Ngân hàng …")
    if first is None:
        # no known name opens the piece: a place after a committee, a misspelt name, a new body
        if before and before[-1].name.startswith("UBND") and not before[-1].collective:
            place = ref.place_of(piece)
            if place is not None:
                return Resolved(_same_head(before[-1].name, piece), None, True, False, False), ""
        if before and before[-1].name.startswith("UBND") and _PLACES.match(piece):
            return ref.resolve(f"UBND {piece}"), ""
        if not _looks_like_a_body(piece):
            return None, piece
        close = ref.resolve_fuzzy(piece)
        return (close or Resolved(piece, None, False, False, False)), ""
    rest = part[first.end : offset + len(piece)].strip(" ,.")
    words = normalise(rest)
    if not rest or _OWN_LEVEL.match(rest):
        return first.agency, ""
    if ref.place_of(rest) is not None:
        return first.agency, ""  # "Sở Y tế Đồng Tháp": the place the plan is about
    if rest[:1].isupper() or any(words[: len(q)] == q for q in ref.name_qualifiers):
        # "UBND các tỉnh, thành phố khác", "Ngân hàng Nhà nước khu vực XII": another body
        whole = piece[len("các ") :] if piece.casefold().startswith("các các ") else piece
        return Resolved(whole, None, False, False, False), ""
    return first.agency, rest


def _same_head(name: str, piece: str) -> str:
    """ "UBND thành phố Hà Nội" then "Thành phố Hồ Chí Minh" → "UBND Thành phố Hồ Chí Minh"."""
    return f"{name.split()[0]} {piece}"


def _notes(part: str) -> str:
    """Parenthesised notes dropped: a parent ("(Sở Nội vụ)"), a scope ("(mạng lưới quốc gia)");
    but a collective followed by the bodies it means is replaced by them."""
    while True:
        m = _NOTE.search(part)
        if m is None:
            return squash(part.replace("(", " ").replace(")", " "))
        before, inner, after = part[: m.start()].rstrip(), m.group(1), part[m.end() :]
        last = mentions(before)[-1:]
        # the note names bodies only when it opens with one ("(UBND cấp huyện, cấp xã)"), not
        # "(chủ trì phần … tại địa phương)"
        inner_names = [x for x in mentions(inner) if not x.agency.related]
        lead_in = inner[: inner_names[0].start].strip(" ,").casefold() if inner_names else "-"
        opens = lead_in in ("", "các")
        if last and last[0].end >= len(before) and last[0].agency.collective and opens:
            part = f"{before[: last[0].start]}{inner}{after}"
        else:
            part = f"{before} {after}"


def _kinds_listed(part: str) -> str:
    """ "Các sở: Tài chính, Nội vụ, Văn hóa, Thể thao và Du lịch" → one name per body, each with
    the kind word; the longest known name wins, so a comma inside a name stays."""
    m = _KIND_LIST.match(part)
    if m is None:
        return part
    kind = m.group("kind")[:1].upper() + m.group("kind")[1:].casefold()
    rest, names = m.group("rest"), []
    while rest.strip(" ,;."):
        rest = re.sub(r"^[\s,;.]*(?:và\s+)?", "", rest)
        candidate = f"{kind} {rest}"
        found = mentions(candidate)
        if found and found[0].start == 0 and found[0].end > len(kind) + 1:
            names.append(candidate[: found[0].end])
            rest = candidate[found[0].end :]
        else:
            piece = re.split(r",|;|\svà\s", rest, maxsplit=1)
            names.append(f"{kind} {piece[0].strip()}")
            rest = rest[len(piece[0]) :]
    return ", ".join(n for n in names if n.split()[1:])


def _levels(part: str) -> str:
    """ "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã" → one name per level."""

    def expand(m: re.Match[str]) -> str:
        head = re.split(r"\s(?:và|với|cùng)\s", m.group("head"))[-1].strip()
        prefix = m.group(0)[: m.group(0).rfind(head)] if head else ""
        levels = _LEVEL.findall(m.group("levels"))
        return prefix + "; ".join(f"{head} cấp {lv}" for lv in levels)

    expanded = _LEVELS.sub(expand, part)
    if expanded == part:
        return part
    return ", ".join(p.strip() for p in expanded.split(";"))


def _looks_like_a_body(piece: str) -> bool:
    """A name as a cell writes it: starts with a capital, two words or an acronym, no verb-like
    lead word ("có liên quan", "theo chức năng")."""
    words = piece.split()
    if sum(1 for w in words if w.isupper() and len(w) > 1) > 3:
        return False  # a heading or a signature block in capitals, not a name
    if words[:1] in (["Các"], ["các"]) and 3 <= len(words) <= 10:
        return not _NOT_A_BODY.match(" ".join(words[1:]))  # "Các trường đại học, viện nghiên cứu"
    if not piece or not piece[:1].isupper() or _NOT_A_BODY.match(piece):
        return False
    return len(words) >= 2 or (len(piece) >= 2 and piece.isupper())
