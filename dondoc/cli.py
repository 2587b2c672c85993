"""The `dondoc` command line. Messages are in Vietnamese first, English after."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from dondoc.ingest.errors import ExtractionError

app = typer.Typer(
    help="dondoc — theo dõi, đôn đốc thực hiện kế hoạch / follow up on signed plans.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """dondoc: đọc kế hoạch, theo dõi nhiệm vụ, chỉ tiêu và báo cáo / read plans, track tasks."""


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"Lỗi / Error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    file: Path = typer.Argument(..., help="Tệp kế hoạch (.txt, .md, .docx, .pdf) / plan file"),
    as_json: bool = typer.Option(
        False, "--json", help="In JSON theo hợp đồng trích xuất / print contract JSON"
    ),
) -> None:
    """Đọc một kế hoạch và trích xuất nhiệm vụ, chỉ tiêu, chế độ báo cáo / extract a plan."""
    from dondoc.ingest.extract import extract_file

    try:
        result = extract_file(file)
    except ExtractionError as exc:
        fail(str(exc))
        return
    except Exception as exc:  # noqa: BLE001 — the promise is one clear line, never a traceback
        fail(
            f"không trích xuất được tệp {file.name} ({type(exc).__name__}) / "
            f"could not extract {file.name} ({type(exc).__name__}: {exc})"
        )
        return
    if as_json:
        sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False, indent=1).encode("utf-8"))
        sys.stdout.buffer.write(b"\n")
        return
    print_summary(result)


def print_summary(result: dict) -> None:
    # rich is imported here, not at the top: `extract --json` never draws a table
    from rich.console import Console
    from rich.table import Table as RichTable

    from dondoc.formatting import format_date, format_deadline

    console = Console()
    doc = result["document"]
    console.print(f"[bold]{result['file']}[/bold]")
    facts = [
        ("Loại văn bản", doc.get("kind")),
        ("Số, ký hiệu", doc.get("number")),
        ("Cơ quan ban hành", doc.get("issuer")),
        ("Ngày ký", format_date(doc.get("signed_date"))),
        ("Người ký", doc.get("signer")),
        ("Thực hiện", ", ".join(doc.get("implements") or []) or None),
        ("Thay thế", ", ".join(doc.get("replaces") or []) or None),
    ]
    for label, value in facts:
        console.print(f"  {label}: {value or '—'}")
    console.print(
        f"  Nhiệm vụ: {len(result['tasks'])} · Chỉ tiêu: {len(result['indicators'])} · "
        f"Chế độ báo cáo: {len(result['reporting'])} · Cảnh báo: {len(result.get('warnings') or [])}"
    )
    table = RichTable(title="Nhiệm vụ / Tasks", show_lines=False)
    table.add_column("Mã")
    table.add_column("Nhiệm vụ", max_width=70)
    table.add_column("Chủ trì", max_width=30)
    table.add_column("Thời hạn", max_width=22)
    for t in result["tasks"]:
        title = t["title"] if len(t["title"]) <= 140 else t["title"][:137] + "…"
        table.add_row(t["code"], title, "; ".join(t["lead"]) or "—", format_deadline(t))
    console.print(table)
    for r in result["reporting"]:
        console.print(
            f"  Báo cáo: {r['from']} → {r['to']} ({', '.join(r['frequency'])}) {r.get('due') or ''}"
        )
    for w in result.get("warnings") or []:
        console.print(f"  [yellow]Cảnh báo:[/yellow] {w['message_vi']}")


if __name__ == "__main__":  # pragma: no cover
    app()
