"""Tasks written as prose in the tasks part (Nhiệm vụ, giải pháp) of a plan without a task table.

Three shapes, told apart by the outline, not by the file:
- agency headings with bullets under them ("1. Sở Kế hoạch và Đầu tư" / "- Theo dõi …"): one
  task per bullet, led by the heading's agency; a heading with no bullets is one task;
- lettered or bulleted clauses that name their lead ("b) Sở X chủ trì, phối hợp với …"): one
  task per clause, all its paragraphs joined;
- titled groups of untitled paragraphs ("2.1- Đổi mới tư duy …" then paragraphs): one task per
  paragraph, when the source gives one paragraph per line.
"""

from __future__ import annotations

import re

from dondoc.ingest.deadlines import item_deadline, parse_deadline
from dondoc.ingest.outline import Item, fold, squash
from dondoc.ingest.roles import is_agency_label, roles_in_text
from dondoc.ingest.tables import agency_list as agency_names


def task_sections(parts: list[Item]) -> list[Item]:
    from dondoc.ingest.outline import section_kind

    found: list[Item] = []
    for part in parts:
        kind = section_kind(part.head)
        if kind == "tasks":
            found.append(part)
        elif kind == "objectives+tasks":
            found.extend(c for c in part.children if section_kind(c.head) == "tasks")
    # a part titled "Nhiệm vụ …" wins over one titled only "Nội dung …" or "Giải pháp …"
    named = [s for s in found if "nhiệm vụ" in fold(s.head[:120])]
    if named:
        return named
    # no part is titled "Nhiệm vụ": the parts between the objectives and the funding or
    # implementation parts carry the tasks (Nghị định 30 order: mục đích, mục tiêu, nhiệm vụ …)
    kinds = [section_kind(p.head) for p in parts]
    if "objectives" in kinds:
        start = kinds.index("objectives") + 1
        stop = next(
            (i for i in range(start, len(kinds)) if kinds[i] in ("funding", "implementation")), len(kinds)
        )
        between = [
            p for p, k in zip(parts[start:stop], kinds[start:stop], strict=True) if k in ("tasks", "other")
        ]
        if between:
            return between
    return found


def tasks_from_prose(sections: list[Item], *, per_line: bool) -> list[dict]:
    tasks: list[dict] = []
    for sec in sections:
        roman = sec.path()[0].label if sec.path() and sec.path()[0].kind == "roman" else sec.label
        _collect(sec, roman, [], tasks, per_line, code_prefix=_code(sec))
    return tasks


def _code(item: Item) -> str:
    return ".".join(i.label if i.kind != "bullet" else "" for i in item.path()).strip(".")


FIELD_PATTERNS = (
    ("title", re.compile(r"^(?:nội dung\s+)?nhiệm vụ(?:\s+cụ thể)?\s*:\s*(.*)$", re.IGNORECASE)),
    ("lead", re.compile(r"^(?:đơn vị|cơ quan)\s+chủ trì(?:\s+thực hiện)?\s*:\s*(.*)$", re.IGNORECASE)),
    (
        "coordinating",
        re.compile(r"^(?:đơn vị|cơ quan)\s+phối hợp(?:\s+thực hiện)?\s*:\s*(.*)$", re.IGNORECASE),
    ),
    (
        "deadline",
        re.compile(
            r"^(?:thời gian|thời hạn|tiến độ)(?:\s+(?:thực hiện|hoàn thành))?\s*:\s*(.*)$", re.IGNORECASE
        ),
    ),
    ("output", re.compile(r"^(?:sản phẩm|kết quả)(?:\s+(?:đầu ra|dự kiến))?\s*:\s*(.*)$", re.IGNORECASE)),
)


def _field(text: str) -> tuple[str, str] | None:
    for name, rx in FIELD_PATTERNS:
        m = rx.match(text.strip())
        if m:
            return name, m.group(1).strip()
    return None


def _field_task(item: Item, section: str, code: str) -> list[dict] | None:
    """A task written as labelled fields ("a) Nhiệm vụ: …", "- Đơn vị chủ trì: …",
    "c) Thời gian thực hiện: …"): one task per bullet of its "Nhiệm vụ" field, sharing the rest."""
    fields: dict[str, str] = {}
    titles: list[str] = []
    near = [(c, 1) for c in item.children] + [(g, 2) for c in item.children for g in c.children]
    for node, depth in near:
        f = _field(node.head)
        if f is None:
            continue
        name, value = f
        if name == "title" and depth == 1:
            titles = [squash(c.text) for c in node.children] or [
                squash(" ".join([value, *(p.text for p in node.body)]))
            ]
            titles = [t for t in titles if t]
        elif name != "title" and name not in fields:
            fields[name] = squash(" ".join([value, *(p.text for p in node.body)]))
    if not titles or not ({"lead", "deadline"} & fields.keys()):
        return None
    lead = agency_names(fields.get("lead", ""))
    coordinating = [n for n in agency_names(fields.get("coordinating", "")) if n not in lead]
    deadline_text = fields.get("deadline") or None
    deadline = parse_deadline(deadline_text) if deadline_text else None
    return [
        {
            "code": f"{code}.{n}" if len(titles) > 1 else code,
            "section": section,
            "title": t,
            "lead": lead,
            "coordinating": coordinating,
            "output": fields.get("output") or None,
            "note": None,
            "deadline_text": deadline_text,
            "deadline": deadline,
            "source": {"line": item.line_no, "end_line": max(item.line_no, item.end_line_no)},
        }
        for n, t in enumerate(titles, 1)
    ]


def _collect(
    item: Item, section: str, lead: list[str], out: list[dict], per_line: bool, code_prefix: str
) -> None:
    as_fields = _field_task(item, section, code_prefix) if item.kind != "root" else None
    if as_fields is not None:
        out.extend(as_fields)
        return
    bullets_seen = 0
    for child in item.children:
        label = is_agency_label(child.head)
        if child.kind == "bullet":
            bullets_seen += 1
            code = f"{code_prefix}.{bullets_seen}"
        else:
            code = f"{code_prefix}.{child.label}" if not child.label.startswith(code_prefix) else child.label
            if "." in child.label and child.kind == "number":
                code = f"{section}.{child.label}"
        if child.children:
            _collect(child, section, label or lead, out, per_line, code)
            continue
        if label:
            if child.body:
                text = squash(" ".join(p.text for p in child.body))
                task = _task(code if child.kind != "number" else code + ".1", section, text, label)
                out.append(_with_lines(task, child.body[0].line_no, child.end_line_no))
            continue
        if child.kind == "number" and per_line and len(child.body) > 1 and _is_title(child):
            # a label that only introduces what follows ("Trọng tâm:") is not a task
            paragraphs = [
                p for p in child.body if not (p.text.rstrip().endswith(":") and len(p.text.split()) <= 6)
            ]
            for n, p in enumerate(paragraphs, 1):
                out.append(
                    _with_lines(_task(f"{code}.{n}", section, squash(p.text), lead), p.line_no, p.end_line_no)
                )
            continue
        out.append(
            _with_lines(_task(code, section, squash(child.text), lead), child.line_no, child.end_line_no)
        )


def _is_title(item: Item) -> bool:
    head = item.head.strip()
    return item.heading or not head.endswith((".", ";"))


def _with_lines(row: dict, first: int, last: int) -> dict:
    """Where the row stands in the source, so a reviewer sees the lines it came from."""
    row["source"] = {"line": first, "end_line": max(first, last)}
    return row


# Fields written inside a task's own sentence: "… (Cơ quan chủ trì: Sở Y tế; thời gian: 2026)".
INLINE_FIELDS = re.compile(
    r"(?P<label>(?:cơ quan|đơn vị)\s+(?:chủ trì|phối hợp)(?:\s+thực hiện)?|"
    r"thời gian(?:\s+(?:thực hiện|hoàn thành))?|thời hạn(?:\s+hoàn thành)?|sản phẩm|kết quả(?:\s+đầu ra)?)"
    r"\s*:\s*(?P<value>[^;()]+?)\s*(?=[;()]|\.\s|\.?$)",
    re.IGNORECASE,
)


def _inline_fields(title: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for m in INLINE_FIELDS.finditer(title):
        label = m["label"].casefold()
        name = (
            "lead"
            if "chủ trì" in label
            else "coordinating"
            if "phối hợp" in label
            else "deadline"
            if label.startswith("thời")
            else "output"
        )
        fields.setdefault(name, m["value"].strip())
    return fields


def _task(code: str, section: str, title: str, lead_given: list[str]) -> dict:
    lead, coordinating = roles_in_text(title, lead_given=lead_given)
    deadline_text, deadline = _deadline(title)
    fields = _inline_fields(title)
    if fields.get("lead"):
        lead = agency_names(fields["lead"])
    if fields.get("coordinating"):
        coordinating = [n for n in agency_names(fields["coordinating"]) if n not in lead]
    if fields.get("deadline") and parse_deadline(fields["deadline"]):
        deadline_text, deadline = fields["deadline"], parse_deadline(fields["deadline"])
    return {
        "code": code,
        "section": section,
        "title": title,
        "lead": lead,
        "coordinating": coordinating,
        "output": fields.get("output"),
        "note": None,
        "deadline_text": deadline_text,
        "deadline": deadline,
    }


def _deadline(title: str) -> tuple[str | None, dict | None]:
    found = item_deadline(title)
    return found if found else (None, None)
