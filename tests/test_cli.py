"""The `dondoc extract` command: contract JSON, the Vietnamese summary, and one-line errors.

``dondoc extract FILE --json`` prints the extraction contract as UTF-8 JSON; without ``--json`` it
prints a Vietnamese summary of the document facts and a task table. A file it cannot read — an
unsupported extension, a missing path, a scanned PDF — ends with exit code 1 and exactly one line
on stderr, "Lỗi / Error: <Vietnamese> / <English>", never a traceback.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dondoc.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "plans" / "003_e7c1642710abab67.txt"
DONDOC = ROOT / ".venv" / "bin" / "dondoc"
INGEST_TESTS = Path(__file__).resolve().parent / "ingest"
if str(INGEST_TESTS) not in sys.path:
    sys.path.insert(0, str(INGEST_TESTS))  # the shared file builders live with the ingest tests

VI_LETTERS = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)
DOCUMENT_KEYS = {"number", "kind", "issuer", "province", "signed_date", "signer", "implements", "replaces"}
TASK_KEYS = {
    "code",
    "section",
    "title",
    "lead",
    "coordinating",
    "output",
    "note",
    "deadline_text",
    "deadline",
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def one_line_error(result, *, path: Path | None = None) -> tuple[str, str]:
    """The (Vietnamese, English) parts of the single error line of a failed command."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("Lỗi / Error: "), line
    vi, sep, en = line.removeprefix("Lỗi / Error: ").partition(" / ")
    assert sep, line
    assert VI_LETTERS.search(vi), f"no Vietnamese in {vi!r}"
    english = en.replace(str(path), "") if path else en
    assert not VI_LETTERS.search(english), f"Vietnamese letters in the English part {en!r}"
    assert re.search(r"\b(?:the|file|is|not|cannot|no)\b", english, re.IGNORECASE), en
    return vi, en


def test_extract_json_prints_the_contract_as_utf8() -> None:
    proc = subprocess.run([str(DONDOC), "extract", str(SEED), "--json"], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr
    text = proc.stdout.decode("utf-8")  # strict: invalid UTF-8 fails here
    data = json.loads(text)
    assert "Nguyễn Văn Sơn".encode() in proc.stdout  # real UTF-8, not \u escapes
    assert {"file", "document", "indicators", "tasks", "reporting"} <= set(data)
    assert data["file"] == SEED.name
    document = data["document"]
    assert set(document) >= DOCUMENT_KEYS
    assert document["number"] == "119/KH-UBND"
    assert document["signed_date"] == "2020-11-27"
    assert document["signer"] == "Nguyễn Văn Sơn"
    assert isinstance(document["implements"], list) and isinstance(document["replaces"], list)
    assert isinstance(data["indicators"], list) and isinstance(data["reporting"], list)
    assert data["tasks"], "the seed plan has tasks"
    for task in data["tasks"]:
        assert set(task) >= TASK_KEYS, task
        assert isinstance(task["lead"], list) and isinstance(task["coordinating"], list)


def test_extract_json_through_the_runner_matches(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout_bytes.decode("utf-8"))
    assert data["document"]["number"] == "119/KH-UBND"
    assert result.stderr == ""


def test_extract_summary_in_vietnamese(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["extract", str(SEED), "--json"]).stdout_bytes.decode("utf-8"))
    result = runner.invoke(app, ["extract", str(SEED)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Traceback" not in result.output
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)  # a summary for people, not JSON
    assert "119/KH-UBND" in out
    assert "27/11/2020" in out  # the date as Vietnamese readers write it
    assert "Nguyễn Văn Sơn" in out
    assert f"Nhiệm vụ: {len(data['tasks'])}" in out
    assert f"Chỉ tiêu: {len(data['indicators'])}" in out
    # the task table: its title, its column headings and a row per task (its code)
    assert "Nhiệm vụ / Tasks" in out
    for heading in ("Mã", "Nhiệm vụ", "Chủ trì", "Thời hạn"):
        assert heading in out
    for task in data["tasks"]:
        assert task["code"] in out, task["code"]
    assert data["tasks"][0]["title"][:30] in " ".join(out.split())


def test_unknown_extension_xls(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plan.xls"
    path.write_text("KẾ HOẠCH\nTriển khai chuyển đổi số\n", encoding="utf-8")
    vi, en = one_line_error(runner.invoke(app, ["extract", str(path), "--json"]), path=path)
    assert ".xls" in vi and ".xls" in en
    assert "hỗ trợ" in vi  # "không được hỗ trợ": not supported
    assert "unsupported" in en.lower() or "not supported" in en.lower()


def test_old_excel_file_xls(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plan.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)  # an OLE2 (Excel 97-2003) file
    vi, en = one_line_error(runner.invoke(app, ["extract", str(path)]), path=path)
    assert ".xls" in vi and ".xls" in en
    assert "not supported" in en.lower() or "unsupported" in en.lower()


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "khong-co.txt"
    vi, en = one_line_error(runner.invoke(app, ["extract", str(path), "--json"]), path=path)
    assert "khong-co.txt" in vi and "khong-co.txt" in en
    assert "not found" in en.lower() or "does not exist" in en.lower()


def test_scanned_pdf(runner: CliRunner, tmp_path: Path) -> None:
    from builders import make_scanned_pdf

    path = make_scanned_pdf(tmp_path / "scan.pdf")
    vi, en = one_line_error(runner.invoke(app, ["extract", str(path), "--json"]), path=path)
    assert "OCR" in vi and "OCR" in en
    assert "quét" in vi  # "bản quét": a scan
    assert "scan" in en.lower()


def test_errors_through_the_installed_command(tmp_path: Path) -> None:
    """The same one-line error from the real console script (its own process, no test runner)."""
    missing = tmp_path / "missing.docx"
    proc = subprocess.run([str(DONDOC), "extract", str(missing), "--json"], capture_output=True, timeout=120)
    assert proc.returncode == 1
    stderr = proc.stderr.decode("utf-8")
    assert proc.stdout == b""
    assert len(stderr.splitlines()) == 1, stderr
    assert "Lỗi" in stderr and "Error" in stderr and "Traceback" not in stderr
