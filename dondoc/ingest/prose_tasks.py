"""Tasks written as prose in the tasks part (Nhiệm vụ, giải pháp) of a plan without a task table.

The shapes, told apart by the outline, not by the file:
- agency headings with bullets under them ("1. Sở Kế hoạch và Đầu tư" / "- Theo dõi …"): one
  task per bullet, led by the heading's agency; a heading with no bullets is one task;
- lettered or bulleted clauses that name their lead ("b) Sở X chủ trì, phối hợp với …"): one
  task per clause, all its paragraphs joined; a clause that only introduces bullets gives its
  bullets, unless they are names that finish its sentence ("… như: - Hệ thống A"): one task;
- items written as labelled fields ("- Cơ quan chủ trì: …", prose_fields.py): one task each,
  or one per bullet of their "Nhiệm vụ" field;
- titled items with untitled paragraphs ("2.1- Đổi mới tư duy …" then paragraphs): one task per
  paragraph after any introducing label ("Trọng tâm:").
"""

from __future__ import annotations

import re
from functools import cache

from dondoc.ingest.deadlines import item_deadline, parse_deadline
from dondoc.ingest.outline import Item, fold, section_kind, squash
from dondoc.ingest.prose_fields import (
    field_deadline,
    fields_in,
    is_name_list,
    joined_list,
    read_fields,
    roles_from_fields,
)
from dondoc.ingest.roles import is_agency_label, roles_in_text
from dondoc.ingest.tables import agency_list as agency_names
from dondoc.ingest.vocab import alternation, load

TASK_KINDS = ("tasks", "other")


def task_sections(parts: list[Item]) -> list[Item]:
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
    # no part is titled "Nhiệm vụ": the parts between the purpose or objectives and the funding
    # or implementation parts carry the tasks (Nghị định 30 order: mục đích, mục tiêu, nhiệm vụ …),
    # whatever their titles ("II. NỘI DUNG KẾ HOẠCH", "III. PHÁT TRIỂN …")
    kinds = [section_kind(p.head) for p in parts]
    stop = next((i for i, k in enumerate(kinds) if k in ("funding", "implementation")), len(kinds))
    opening = [i for i, k in enumerate(kinds[:stop]) if k in ("purpose", "objectives")]
    if not opening and stop == len(kinds):
        return found  # neither frame part is there: nothing tells where the tasks stand
    start = opening[-1] + 1 if opening else 0
    between = [
        p
        for p, k in zip(parts[start:stop], kinds[start:stop], strict=True)
        if k in TASK_KINDS and not _frame_head().match(p.head.strip())
    ]
    return between or found


@cache
def _frame_head() -> re.Pattern[str]:
    # parts that frame the plan without holding work ("II. PHẠM VI, ĐỐI TƯỢNG ÁP DỤNG")
    return re.compile(rf"^{alternation(load('task_words')['frame_parts'])}", re.IGNORECASE)


def tasks_from_prose(sections: list[Item], *, per_line: bool) -> list[dict]:
    """The tasks of the tasks part(s). `per_line` (the source gives one paragraph per line) is no
    longer needed: wrapped sources now keep their paragraph gaps (layout.py), so paragraphs are
    read the same way in every form."""
    del per_line
    tasks: list[dict] = []
    for sec in sections:
        roman = sec.path()[0].label if sec.path() and sec.path()[0].kind == "roman" else sec.label
        _collect(sec, roman, [], tasks, code_prefix=_code(sec), shared={})
    return tasks


def _code(item: Item) -> str:
    return ".".join(i.label if i.kind != "bullet" else "" for i in item.path()).strip(".")


@cache
def _situation_head() -> re.Pattern[str]:
    return re.compile(rf"^{alternation(load('task_words')['situation_heads'])}", re.IGNORECASE)


def _is_situation(item: Item) -> bool:
    """A present-situation subsection ("1. Thực trạng …", "Hiện trạng hạ tầng"): findings, not work."""
    return (
        item.kind in ("roman", "number")
        and _is_title(item)
        and bool(_situation_head().match(item.head.strip()))
    )


def _field_tasks(item: Item, section: str, code: str, shared: dict[str, str]) -> list[dict] | None:
    """The tasks of an item written as labelled fields (prose_fields.py), or None. `shared` are
    the fields of the group above it ("1. Góp ý …" / "- Thời gian: 2026" / "1.1. …"), which it
    takes where it has none of its own."""
    f = read_fields(item)
    if not f.is_task or any(read_fields(o).is_task for o in f.others):
        # a group whose sub-items carry their own fields is read item by item
        return None
    if f.title_node is not None and f.title_node.children:
        titles = _list_titles(f.values.get("title", ""), f.title_node.children)
    elif f.values.get("title"):
        titles = [f.values["title"]]
    elif f.others:
        titles = []
        for other in f.others:
            titles.extend(
                _list_titles(squash(other.text), other.children) if other.children else [squash(other.text)]
            )
    elif f.body and (_is_title(item) or not f.head):
        titles = [squash(" ".join(f.body))]
    else:
        titles = [squash(" ".join([f.head, *f.body]))]
    titles = [t for t in titles if t]
    if not titles:
        return None
    if {"lead", "implementing"} & f.values.keys():
        # an item naming its own actors takes none of the group's
        shared = {k: v for k, v in shared.items() if k not in ("lead", "implementing", "coordinating")}
    values = {**shared, **f.values}
    lead, coordinating = roles_from_fields(values)
    deadline_text, deadline = field_deadline(values.get("deadline"))
    return [
        {
            "code": f"{code}.{n}" if len(titles) > 1 else code,
            "section": section,
            "title": clean_title(t),
            "lead": lead,
            "coordinating": coordinating,
            "output": values.get("output") or None,
            "note": None,
            "deadline_text": deadline_text,
            "deadline": deadline,
            "source": {"line": item.line_no, "end_line": max(item.line_no, item.end_line_no)},
        }
        for n, t in enumerate(titles, 1)
    ]


def _list_titles(lead_in: str, bullets: list[Item]) -> list[str]:
    """A lead-in with bullets: one title when they are names finishing its sentence, else one per
    bullet."""
    if is_name_list(lead_in, bullets):
        return [joined_list(lead_in, bullets)]
    return [squash(b.text) for b in bullets]


def _intro_label(text: str) -> bool:
    # a label that only introduces what follows ("Trọng tâm:")
    return text.rstrip().endswith(":") and len(text.split()) <= 6


def _collect(
    item: Item, section: str, lead: list[str], out: list[dict], code_prefix: str, shared: dict[str, str]
) -> None:
    as_fields = (
        _field_tasks(item, section, code_prefix, shared) if item.kind not in ("root", "roman") else None
    )
    if as_fields is not None:
        out.extend(as_fields)
        return
    if item.kind != "root" and _names_item(item):
        # "c) Triển khai các nền tảng" + "- Nền tảng A" …: the list finishes the sentence
        lead_in = _own_words(item)
        task = _task(code_prefix, section, joined_list(lead_in, item.children), lead)
        out.append(_with_lines(task, item.line_no, item.end_line_no))
        return
    # a group's own fields ("- Thời gian thực hiện: Năm 2026") are shared by its sub-items
    group = {**shared, **read_fields(item).values} if item.kind not in ("root", "roman") else shared
    group.pop("title", None)
    bullets_seen = 0
    for child in item.children:
        if _is_situation(child) or (not child.children and _is_field_line(child)):
            continue
        label = is_agency_label(child.head)
        if child.kind == "bullet":
            bullets_seen += 1
            code = f"{code_prefix}.{bullets_seen}"
        else:
            code = f"{code_prefix}.{child.label}" if not child.label.startswith(code_prefix) else child.label
            if "." in child.label and child.kind == "number":
                code = f"{section}.{child.label}"
        if child.children:
            _collect(child, section, label or lead, out, code, shared=group)
            continue
        as_fields = None if label else _field_tasks(child, section, code, group)
        if as_fields is not None:
            # "6. Tổ chức …" with only a time paragraph ("Thời gian thực hiện sau khi …")
            out.extend(as_fields)
            continue
        if label:
            if child.body:
                text = squash(" ".join(p.text for p in child.body))
                task = _task(code if child.kind != "number" else code + ".1", section, text, label)
                out.append(_with_lines(task, child.body[0].line_no, child.end_line_no))
            continue
        if child.kind == "number" and child.body and _is_title(child):
            # a titled item with untitled paragraphs: each paragraph is a task, after any label
            # that introduces them ("Trọng tâm:"); the title is not part of them
            labels = [i for i, p in enumerate(child.body) if _intro_label(p.text)]
            paragraphs = [
                p for p in child.body[labels[-1] + 1 if labels else 0 :] if not _intro_label(p.text)
            ]
            for n, p in enumerate(paragraphs, 1):
                sub = f"{code}.{n}" if len(paragraphs) > 1 else code
                out.append(_with_lines(_task(sub, section, squash(p.text), lead), p.line_no, p.end_line_no))
            continue
        out.append(
            _with_lines(_task(code, section, squash(child.text), lead), child.line_no, child.end_line_no)
        )


def _is_field_line(item: Item) -> bool:
    """A line that only labels a field ("- Thời gian thực hiện: Năm 2026"): not a task itself."""
    return any(name != "title" for name, _ in fields_in(item.head))


def _own_words(item: Item) -> str:
    """An item's words without its title: its paragraphs when it has a title and paragraphs."""
    if item.body and _is_title(item) and item.kind in ("roman", "number"):
        return squash(" ".join(p.text for p in item.body))
    return squash(item.text)


def _names_item(item: Item) -> bool:
    children = item.children
    return bool(children) and is_name_list(_own_words(item), children)


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


# Markdown emphasis printed as text in a Word or PDF copy ("(*danh mục chi tiết tại Phụ lục II*)")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])")


def clean_title(text: str) -> str:
    """A task's title as printed, without emphasis marks (gold/README.md: "emphasis removed")."""
    return _EMPHASIS.sub(r"\1", text)


def _task(code: str, section: str, title: str, lead_given: list[str]) -> dict:
    title = clean_title(title)
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
