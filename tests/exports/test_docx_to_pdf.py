"""The consolidated report as LibreOffice renders it: the DOCX converted to PDF and its first page
to PNG, both kept under test-artifacts/report/ for a person to look at. Where LibreOffice is not
installed the test is skipped, saying so."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from test_consolidated_report import NOVEMBER, filed  # noqa: F401 — the filed-reports fixture

from dondoc.exports.consolidated import build_report
from dondoc.exports.docx_report import write_docx

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "report"
SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_docx_converts_to_pdf_and_png(session, filed, tmp_path) -> None:  # noqa: F811
    plan, periods, *_ = filed
    report = build_report(session, plan.id, periods[NOVEMBER].id)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    docx = write_docx(report, ARTIFACTS / "bao-cao.docx")
    # A private profile: a LibreOffice already open for the user would otherwise take the job.
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(ARTIFACTS),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = ARTIFACTS / "bao-cao.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    png = ARTIFACTS / "bao-cao-trang-1.png"
    render_first_page(pdf, png)
    assert png.exists() and png.read_bytes().startswith(b"\x89PNG")
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    first = pages[0].splitlines()
    assert first[0].startswith("UBND TỈNH BÌNH ĐỊNH") and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first[0]
    for words in (
        "Độc lập - Tự do - Hạnh phúc",
        "Bình Định, ngày 15 tháng 11 năm 2025",
        "BÁO CÁO",
        "I. ĐÁNH GIÁ CHUNG",
        "tỷ lệ báo cáo đạt 17,6%",
    ):
        assert words in pages[0]
    # Nghị định 30/2020: no number on the first page, the number at the top from page 2.
    assert not first[0][:1].isdigit()
    assert [page.splitlines()[0] for page in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
    assert "Nơi nhận:" in pages[-1] and "GIÁM ĐỐC" in pages[-1]


def render_first_page(pdf: Path, png: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is not None:
        subprocess.run(
            [
                pdftoppm,
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(png.with_suffix("")),
            ],
            check=True,
            timeout=60,
        )
        return
    with pdfplumber.open(pdf) as document:  # the same picture where poppler is missing
        document.pages[0].to_image(resolution=80).save(png)


def pdf_pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]
