"""`make run`: the main job until the web application exists — read every example plan and
print what dondoc extracted from it (document facts, counts, tasks with lead and deadline)."""

from __future__ import annotations

import sys
from pathlib import Path

from dondoc.cli import print_summary
from dondoc.ingest.errors import ExtractionError
from dondoc.ingest.extract import extract_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"


def main(folder: Path = EXAMPLES) -> int:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in {".txt", ".md", ".docx", ".pdf"})
    if not files:
        print(f"Không có kế hoạch mẫu trong {folder} / no example plans in {folder}", file=sys.stderr)
        return 1
    totals = [0, 0, 0]
    for path in files:
        try:
            result = extract_file(path)
        except ExtractionError as exc:
            print(f"{path.name}: {exc}", file=sys.stderr)
            continue
        print_summary(result)
        print()
        totals[0] += len(result["tasks"])
        totals[1] += len(result["indicators"])
        totals[2] += len(result["reporting"])
    print(
        f"Đã đọc {len(files)} kế hoạch: {totals[0]} nhiệm vụ, {totals[1]} chỉ tiêu, {totals[2]} chế độ báo cáo. "
        f"/ Read {len(files)} plans: {totals[0]} tasks, {totals[1]} indicators, {totals[2]} reporting duties."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
