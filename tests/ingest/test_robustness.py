"""Robustness of extraction: whatever the input, the result is the contract or an `ExtractionError`.

Every input handed to the readers and the pipeline — random Unicode text, text made of plan
vocabulary, the seed plans shuffled, truncated or with lines dropped and repeated, random bytes
saved as .txt/.md/.docx/.pdf, empty files, a ZIP that is not a Word file, a real DOCX or PDF cut
short or with damaged bytes — ends in one of two ways:

* a result dict of the extraction contract (DESIGN.md): keys ``file``, ``document``,
  ``indicators``, ``tasks``, ``reporting``, lists where lists are expected, JSON-serialisable; or
* an `ExtractionError` whose ``str()`` is one line holding a Vietnamese and an English message.

Any other exception is a bug. The command line is checked the same way: ``dondoc extract JUNK
--json`` exits with 1 and one bilingual line on stderr, never a traceback.
"""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from builders import HEADER, TASK_TABLE, make_docx_with_table, make_markdown_with_table, make_pdf_with_table
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from dondoc.ingest.errors import ExtractionError
from dondoc.ingest.extract import extract_document, extract_file
from dondoc.ingest.readers import read_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "examples" / "plans").glob("*.txt"))
DONDOC = ROOT / ".venv" / "bin" / "dondoc"

# Letters that only Vietnamese (among the two languages) writes: an English message has none.
VI_LETTERS = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)
ENGLISH_WORD = re.compile(r"\b(?:the|file|is|not|cannot|no|text|format|it|a|of|has)\b", re.IGNORECASE)

DOCUMENT_KEYS = {"number", "kind", "issuer", "province", "signed_date", "signer", "implements", "replaces"}
INDICATOR_KEYS = {"code", "text", "year", "lead", "coordinating", "implementing", "targets"}
TARGET_KEYS = {"what", "unit", "comparator", "value", "value_max", "level"}
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
REPORTING_KEYS = {"from", "to", "frequency", "due", "due_day", "due_month"}
COMPARATORS = {">=", "<=", ">", "<", "=", "~", "range", "text"}
DEADLINE_KINDS = {"date", "range", "recurring", "ongoing", "event"}
FREQUENCIES = {"monthly", "quarterly", "half-yearly", "yearly", "periodic"}
HYPOTHESIS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


# ------------------------------------------------------------------------------------ checks


def _str_list(value: object, where: str) -> None:
    assert isinstance(value, list), f"{where} is not a list: {value!r}"
    assert all(isinstance(v, str) and v.strip() for v in value), f"{where} holds a non-name: {value!r}"


def _iso_date(value: object, where: str) -> None:
    assert isinstance(value, str), f"{where} is not an ISO date string: {value!r}"
    date.fromisoformat(value)


def assert_contract(result: object) -> None:
    """`result` has the shape of the extraction contract (DESIGN.md) and is valid JSON."""
    assert isinstance(result, dict)
    assert {"file", "document", "indicators", "tasks", "reporting"} <= set(result)
    assert isinstance(result["file"], str) and result["file"]
    doc = result["document"]
    assert isinstance(doc, dict) and set(doc) >= DOCUMENT_KEYS, doc
    _str_list(doc["implements"], "document.implements")
    _str_list(doc["replaces"], "document.replaces")
    if doc["signed_date"] is not None:
        _iso_date(doc["signed_date"], "document.signed_date")
    assert isinstance(result["indicators"], list)
    for ind in result["indicators"]:
        assert isinstance(ind, dict) and set(ind) >= INDICATOR_KEYS, ind
        for key in ("lead", "coordinating", "implementing"):
            _str_list(ind[key], f"indicator.{key}")
        assert ind["year"] is None or isinstance(ind["year"], int), ind
        assert isinstance(ind["targets"], list), ind
        for target in ind["targets"]:
            assert isinstance(target, dict) and set(target) >= TARGET_KEYS, target
            assert target["comparator"] in COMPARATORS, target
    assert isinstance(result["tasks"], list)
    for task in result["tasks"]:
        assert isinstance(task, dict) and set(task) >= TASK_KEYS, task
        assert isinstance(task["title"], str), task
        _str_list(task["lead"], "task.lead")
        _str_list(task["coordinating"], "task.coordinating")
        deadline = task["deadline"]
        assert deadline is None or (isinstance(deadline, dict) and deadline.get("kind") in DEADLINE_KINDS), (
            task
        )
        if deadline and deadline["kind"] == "date":
            _iso_date(deadline["date"], "task.deadline.date")
        if deadline and deadline["kind"] == "range":
            _iso_date(deadline["start"], "task.deadline.start")
            _iso_date(deadline["end"], "task.deadline.end")
        if deadline and deadline["kind"] == "recurring" and deadline.get("start") is not None:
            _iso_date(deadline["start"], "task.deadline.start")
    assert isinstance(result["reporting"], list)
    for duty in result["reporting"]:
        assert isinstance(duty, dict) and set(duty) >= REPORTING_KEYS, duty
        assert isinstance(duty["frequency"], list) and set(duty["frequency"]) <= FREQUENCIES, duty
    assert isinstance(result.get("warnings", []), list)
    json.loads(json.dumps(result, ensure_ascii=False))  # `--json` must be able to print it


def assert_bilingual(exc: ExtractionError, *, path: Path | None = None) -> None:
    """One line, "Vietnamese / English", each part really in its language."""
    message = str(exc)
    assert "\n" not in message and "\r" not in message, message
    assert exc.message_vi.strip() and exc.message_en.strip(), message
    assert exc.message_vi in message and exc.message_en in message, message
    assert exc.message_vi != exc.message_en, message
    assert VI_LETTERS.search(exc.message_vi), f"no Vietnamese in {exc.message_vi!r}"
    english = exc.message_en.replace(str(path), "") if path else exc.message_en
    assert not VI_LETTERS.search(english), f"Vietnamese letters in the English part {english!r}"
    assert ENGLISH_WORD.search(english), f"no English in {english!r}"


def outcome(run: Callable[[], dict], *, path: Path | None = None) -> dict | None:
    """Run an extraction; the contract dict or an ExtractionError are the only allowed ends."""
    try:
        result = run()
    except ExtractionError as exc:
        assert_bilingual(exc, path=path)
        return None
    assert_contract(result)
    return result


def extract_bytes(folder: Path, name: str, data: bytes) -> dict | None:
    path = folder / name
    path.write_bytes(data)
    return outcome(lambda: extract_file(path), path=path)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder shared by the examples of a module (hypothesis reruns a test many times)."""
    return tmp_path_factory.mktemp("robustness")


@pytest.fixture(scope="module")
def real_files(work: Path) -> dict[str, bytes]:
    """A real DOCX and a real PDF plan with a task table, built by the test builders."""
    return {
        ".docx": make_docx_with_table(work / "real.docx", TASK_TABLE).read_bytes(),
        ".pdf": make_pdf_with_table(work / "real.pdf", TASK_TABLE).read_bytes(),
    }


# ------------------------------------------------------------------------------ strategies

PLAN_WORDS = [
    "KẾ HOẠCH",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "Số: 119/KH-UBND",
    "Số:",
    "/KH-UBND",
    "ngày 27 tháng 11 năm 2020",
    "Tuyên Quang, ngày 31 tháng 02 năm 2020",
    "ỦY BAN NHÂN DÂN",
    "TỈNH BÌNH ĐỊNH",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Nguyễn Văn Sơn",
    "Nơi nhận:",
    "Thời gian ký:",
    "Căn cứ",
    "Nghị quyết số 52-NQ/TW",
    "thay thế Kế hoạch số 37/KH-UBND",
    "I.",
    "II.",
    "III.",
    "IV",
    "1.",
    "2.",
    "1.1.",
    "1.2",
    "2.1.",
    "a)",
    "b)",
    "đ)",
    "-",
    "+",
    "•",
    "*",
    "**",
    "#",
    "##",
    "|",
    "| --- |",
    "|---|---|",
    "MỤC ĐÍCH, YÊU CẦU",
    "MỤC TIÊU",
    "Mục tiêu cụ thể",
    "Đến năm 2025",
    "đến năm 2030",
    "trong năm 2022",
    "NHIỆM VỤ, GIẢI PHÁP",
    "TỔ CHỨC THỰC HIỆN",
    "PHỤ LỤC",
    "STT",
    "TT",
    "Nội dung nhiệm vụ",
    "Nội dung chỉ tiêu",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Đơn vị tính",
    "Chỉ tiêu",
    "Kết quả",
    "Sản phẩm",
    "Thời gian hoàn thành",
    "Thời hạn",
    "Tiến độ",
    "Ghi chú",
    "Sở Khoa học và Công nghệ",
    "Sở TT&TT",
    "Sở Thông tin và Truyền thông",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Văn phòng UBND tỉnh",
    "Các sở, ban, ngành",
    "Các sở, ngành, địa phương",
    "UBND các xã, phường",
    "UBND các huyện, thị xã, thành phố",
    "các cơ quan, đơn vị liên quan",
    "Doanh nghiệp viễn thông",
    "Công an tỉnh",
    "chủ trì",
    "chủ trì, phối hợp với",
    "phối hợp với",
    "Giao",
    "thực hiện",
    "báo cáo",
    "báo cáo UBND tỉnh",
    "gửi Sở Khoa học và Công nghệ",
    "trước ngày 15 hằng tháng",
    "trước ngày 01/12 hằng năm",
    "định kỳ",
    "định k ",
    "6 tháng",
    "Quý I/2026",
    "Quý IV/2025 - Quý II/2026",
    "Quý V/2025",
    "Năm 2025",
    "Năm 0",
    "Năm 99999",
    "Tháng 12/2025",
    "Tháng 13/2025",
    "9/2025",
    "0/2025",
    "15/6/2025",
    "31/2/2025",
    "00/00/0000",
    "2022-2025",
    "2025-2022",
    "2022-2022",
    "0-0",
    "Hằng tháng",
    "Hằng quý",
    "Hằng năm",
    "Quý I hằng năm",
    "Thường xuyên",
    "Thường xuyên, hằng năm",
    "Năm 2025 và những năm tiếp theo",
    "Bắt đầu triển khai từ năm 2026",
    "Ngay khi Bộ Công an ban hành",
    "Sau khi Đề án được Chính phủ ban hành",
    "≥ 30",
    "≤ 20",
    ">0,75",
    "trên 50%",
    "dưới 5%",
    "khoảng 20% GRDP",
    "tối thiểu 30%",
    "ít nhất 04",
    "không quá",
    "top 03",
    "16 - 18",
    "15% đến 20%",
    "100%",
    "đạt 90%",
    "%",
    "Thứ bậc",
    "Người/vạn dân",
    "hiện có 87 trạm",
    "ƣ",
    "Ƣ",
    "Trang 2",
    "- 3 -",
    "0",
    "9" * 30,
    "1e400",
]
SEPARATORS = [" ", " ", "\n", "\n", "\n\n", ", ", "; ", ": ", ". ", " | ", "\t", "  ", "\r\n", "\f", ""]
SAFE_TEXT = st.characters(exclude_categories=("Cs",))


def date_words() -> st.SearchStrategy[str]:
    n = st.integers(min_value=0, max_value=99999)
    return st.one_of(
        st.builds("{}/{}/{}".format, n, n, n),
        st.builds("{}/{}".format, n, n),
        st.builds("Năm {}".format, n),
        st.builds("Tháng {}/{}".format, n, n),
        st.builds("{}-{}".format, n, n),
        st.builds("Quý {}/{}".format, st.sampled_from(["I", "II", "III", "IV", "V", "X", "0"]), n),
        st.builds("trước ngày {} tháng {} năm {}".format, n, n, n),
        st.builds("ngày {} tháng {} năm {}".format, n, n, n),
    )


def plan_like(min_size: int) -> st.SearchStrategy[str]:
    """Text stitched from plan vocabulary, odd dates and a little noise, with line breaks."""
    return st.lists(
        st.tuples(
            st.one_of(st.sampled_from(PLAN_WORDS), date_words(), st.text(SAFE_TEXT, max_size=6)),
            st.sampled_from(SEPARATORS),
        ),
        min_size=min_size,
        max_size=300,
    ).map(lambda parts: "".join(word + sep for word, sep in parts))


plan_like_text = st.one_of(plan_like(1), plan_like(60))


SEED_LINES = {seed.name: seed.read_text(encoding="utf-8").splitlines(keepends=True) for seed in SEEDS}
MUTATIONS = ["shuffle", "shuffle_window", "truncate", "delete", "duplicate", "swap", "splice"]


def mutate(name: str, random_seed: int, ops: list[str]) -> str:
    """Seed plan `name` with `ops` applied in order, the random choices drawn from `random_seed`."""
    rnd = random.Random(random_seed)
    lines = list(SEED_LINES[name])
    for op in ops:
        if not lines:
            break
        if op == "shuffle":
            rnd.shuffle(lines)
        elif op == "shuffle_window":
            a = rnd.randrange(len(lines))
            window = lines[a : a + rnd.randint(2, 60)]
            rnd.shuffle(window)
            lines[a : a + len(window)] = window
        elif op == "truncate":
            text = "".join(lines)
            lines = text[: rnd.randrange(len(text) + 1)].splitlines(keepends=True)
        elif op == "delete":
            for _ in range(rnd.randint(1, max(1, len(lines) // 4))):
                if lines:
                    del lines[rnd.randrange(len(lines))]
        elif op == "duplicate":
            for _ in range(rnd.randint(1, 40)):
                i = rnd.randrange(len(lines))
                lines.insert(rnd.randrange(len(lines) + 1) if rnd.random() < 0.5 else i, lines[i])
        elif op == "swap":
            i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "splice":  # a run of lines from another plan, pasted somewhere
            other = SEED_LINES[rnd.choice(sorted(SEED_LINES))]
            a = rnd.randrange(len(other))
            at = rnd.randrange(len(lines) + 1)
            lines[at:at] = other[a : a + rnd.randint(1, 80)]
    return "".join(lines)


mutated_seed = st.tuples(
    st.sampled_from(sorted(SEED_LINES)),
    st.integers(min_value=0, max_value=2**32 - 1),
    st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4),
)


# ------------------------------------------------------------------------------- properties


@settings(max_examples=400, **HYPOTHESIS)
@given(text=st.text(SAFE_TEXT, max_size=1500), fmt=st.sampled_from(["txt", "md"]))
def test_random_unicode_text(text: str, fmt: str) -> None:
    outcome(lambda: extract_document(read_text(text, fmt=fmt)))


@settings(max_examples=400, **HYPOTHESIS)
@given(text=plan_like_text, fmt=st.sampled_from(["txt", "md"]))
def test_text_made_of_plan_vocabulary(text: str, fmt: str) -> None:
    outcome(lambda: extract_document(read_text(text, fmt=fmt)))


@pytest.mark.parametrize(
    "text",
    [
        "- a",
        "- trước ngày 15 hằng tháng",
        "- nâng cao nhận thức về chuyển đổi số;\n- xây dựng chính quyền số.",
    ],
)
@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_text_opening_with_a_dash_and_a_lowercase_word(text: str, fmt: str) -> None:
    """Found by `test_text_made_of_plan_vocabulary`: a document whose first line is "- <lowercase>"."""
    outcome(lambda: extract_document(read_text(text, fmt=fmt)))


@settings(max_examples=150, **HYPOTHESIS)
@given(
    text=st.one_of(st.text(SAFE_TEXT, max_size=800), plan_like_text),
    ext=st.sampled_from([".txt", ".md"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "cp1252"]),
)
def test_random_text_files(work: Path, text: str, ext: str, encoding: str) -> None:
    result = extract_bytes(work, "random" + ext, text.encode(encoding, errors="replace"))
    if result is not None:
        assert result["file"] == "random" + ext


@settings(max_examples=100, **HYPOTHESIS)
@given(case=mutated_seed, ext=st.sampled_from([".txt", ".md"]))
def test_mutated_seed_plans(work: Path, case: tuple[str, int, list[str]], ext: str) -> None:
    note(f"input: mutate{case!r} written as {ext}")  # rebuild the failing text with `mutate(*case)`
    extract_bytes(work, "mutated" + ext, mutate(*case).encode("utf-8"))


@settings(max_examples=300, **HYPOTHESIS)
@given(
    data=st.binary(max_size=4096),
    prefix=st.sampled_from(
        [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf1", b"\xef\xbb\xbf"]
    ),
    ext=st.sampled_from([".txt", ".md", ".docx", ".pdf"]),
)
def test_binary_junk(work: Path, data: bytes, prefix: bytes, ext: str) -> None:
    extract_bytes(work, "junk" + ext, prefix + data)


@pytest.mark.parametrize("ext", [".txt", ".md", ".docx", ".pdf"])
@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_files(tmp_path: Path, ext: str, content: bytes) -> None:
    path = tmp_path / ("empty" + ext)
    path.write_bytes(content)
    with pytest.raises(ExtractionError) as info:
        extract_file(path)
    assert_bilingual(info.value, path=path)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "entries",
    [
        {"hello.txt": "Xin chào".encode()},
        {"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"},
        {"ppt/presentation.xml": b"<p/>"},
        {"word/styles.xml": b"<w:styles/>"},  # a Word part, but no document.xml
        {"word/document.xml": b"this is not xml <<<"},  # document.xml that is not XML
        {"word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="x"/>'},
        {},
    ],
    ids=["text", "xlsx", "pptx", "no-document-xml", "bad-xml", "wrong-namespace", "empty-zip"],
)
@pytest.mark.parametrize("ext", [".docx", ".txt", ".pdf"])
def test_zip_that_is_not_a_docx(tmp_path: Path, entries: dict[str, bytes], ext: str) -> None:
    path = tmp_path / ("archive" + ext)
    path.write_bytes(_zip(entries))
    with pytest.raises(ExtractionError) as info:
        extract_file(path)
    assert_bilingual(info.value, path=path)


@settings(max_examples=120, **HYPOTHESIS)
@given(kind=st.sampled_from([".docx", ".pdf"]), cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_real_files(work: Path, real_files: dict[str, bytes], kind: str, cut: float) -> None:
    data = real_files[kind]
    extract_bytes(work, "truncated" + kind, data[: int(len(data) * cut)])


@settings(max_examples=120, **HYPOTHESIS)
@given(
    kind=st.sampled_from([".docx", ".pdf"]),
    damage=st.lists(
        st.tuples(st.floats(min_value=0.0, max_value=0.9999), st.integers(0, 255)), min_size=1, max_size=20
    ),
)
def test_damaged_real_files(
    work: Path, real_files: dict[str, bytes], kind: str, damage: list[tuple[float, int]]
) -> None:
    data = bytearray(real_files[kind])
    for where, value in damage:
        data[int(len(data) * where)] = value
    extract_bytes(work, "damaged" + kind, bytes(data))


@settings(max_examples=80, **HYPOTHESIS)
@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_docx_with_truncated_document_xml(work: Path, real_files: dict[str, bytes], cut: float) -> None:
    """A ZIP that is intact but whose word/document.xml stops part-way."""
    source = zipfile.ZipFile(io.BytesIO(real_files[".docx"]))
    entries = {name: source.read(name) for name in source.namelist()}
    xml = entries["word/document.xml"]
    entries["word/document.xml"] = xml[: int(len(xml) * cut)]
    extract_bytes(work, "cut-xml.docx", _zip(entries))


@st.composite
def random_table(draw: st.DrawFn) -> list[tuple[str, ...]]:
    """A rectangular table of plan words: sometimes under a real task header, sometimes not."""
    width = draw(st.integers(min_value=1, max_value=7))
    cell = st.one_of(st.just(""), st.sampled_from(PLAN_WORDS), date_words())
    body = draw(st.lists(st.tuples(*[cell] * width), min_size=0, max_size=8))
    header = draw(st.one_of(st.tuples(*[st.sampled_from(PLAN_WORDS)] * width), st.just(None)))
    if header is None and width == len(HEADER):
        header = HEADER
    rows = [header, *body] if header is not None else body
    return rows or [tuple("" for _ in range(width))]


@settings(max_examples=40, **HYPOTHESIS)
@given(rows=random_table(), fmt=st.sampled_from(["docx", "md", "pdf"]))
def test_random_tables_in_real_files(work: Path, rows: list[tuple[str, ...]], fmt: str) -> None:
    """Word, Markdown and PDF files whose table holds random plan words in random columns."""
    maker = {"docx": make_docx_with_table, "md": make_markdown_with_table, "pdf": make_pdf_with_table}[fmt]
    path = maker(work / f"table.{fmt}", rows)
    outcome(lambda: extract_file(path), path=path)


def test_real_files_themselves_extract(work: Path, real_files: dict[str, bytes]) -> None:
    """The undamaged builder files are read, so the damage tests start from a working file."""
    for kind, data in real_files.items():
        result = extract_bytes(work, "whole" + kind, data)
        assert result is not None and result["tasks"], kind


# ------------------------------------------------------------------------------------- CLI


def _junk_files(folder: Path) -> list[Path]:
    rnd = random.Random(20250601)
    junk = {
        "random.pdf": bytes(rnd.randrange(256) for _ in range(3000)),
        "fake.pdf": b"%PDF-1.7\n" + bytes(rnd.randrange(256) for _ in range(2000)),
        "archive.docx": _zip({"hello.txt": b"hello"}),
        "binary.txt": bytes(rnd.randrange(256) for _ in range(2000)),
        "empty.md": b"",
    }
    paths = []
    for name, data in junk.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def test_cli_junk_files_fail_with_one_bilingual_line(tmp_path: Path, real_files: dict[str, bytes]) -> None:
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(real_files[".docx"][: len(real_files[".docx"]) // 2])
    for path in [*_junk_files(tmp_path), truncated]:
        proc = subprocess.run(
            [str(DONDOC), "extract", str(path), "--json"], capture_output=True, timeout=120, cwd=ROOT
        )
        stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
        assert proc.returncode == 1, (path.name, proc.returncode, stdout, stderr)
        assert "Traceback" not in stdout + stderr, (path.name, stderr)
        assert stdout == "", (path.name, stdout)
        lines = stderr.splitlines()
        assert len(lines) == 1, (path.name, stderr)
        assert "Lỗi" in lines[0] and "Error" in lines[0], (path.name, stderr)
        # the generic fallback means an exception other than ExtractionError escaped extraction
        assert "could not extract" not in lines[0], (path.name, stderr)
