"""Browser tests: Playwright drives Debian's chromium (headless) against `python -m dondoc.demo`
— the same server `make run` starts — on a fresh SQLite database with the demo data.

A reporter fills and submits a report with an attachment, a coordinator returns it, the reporter
sends it again, the coordinator accepts it, and the dashboard's figures change accordingly. Every
page visited is checked for browser console errors and unlabelled inputs, and a screenshot of
each is written to test-artifacts/screenshots/."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "dondoc-demo-2025"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Generous waits: CI runs these beside other work on two cores; a slow page is not a failure here
# (page speed is measured by `make bench-web`).
expect.set_options(timeout=20_000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site")
    port = _free_port()
    env = {
        **os.environ,
        "DONDOC_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}",
        "DONDOC_FILES_DIR": str(folder / "files"),
        "DONDOC_JOBS_INTERVAL_MINUTES": "0",
    }
    env.pop("DONDOC_TEST_DATABASE_URL", None)
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "dondoc.demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
        if proc.poll() is not None:
            raise RuntimeError(f"the demo server stopped: {proc.stdout.read() if proc.stdout else ''}")
    else:
        proc.kill()
        raise RuntimeError("the demo server did not answer within 120 s")
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make setup` installs it"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


class Visit:
    """One signed-in browser context that records console errors and checks each page."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} @ {self.page.url}")

    def sign_in(self, username: str) -> None:
        self.page.goto(f"{self.base}/login")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(PASSWORD)
        self.page.get_by_label("Mật khẩu").press("Enter")  # the keyboard is enough
        self.page.wait_for_url(re.compile(r".*/$"))

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Đăng xuất").click()
        self.page.wait_for_url(re.compile(r".*/login$"))

    def check(self, name: str) -> None:
        """No console error so far, every visible input labelled, and a screenshot."""
        unlabelled = self.page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                 .map(el => el.name || el.id)"""
        )
        assert unlabelled == [], f"{name}: inputs without a label: {unlabelled}"
        assert self.errors == [], f"{name}: browser console errors: {self.errors}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


def _dashboard_received(visit: Visit) -> tuple[int, int]:
    visit.page.goto(f"{visit.base}/")
    section = visit.page.locator("section", has_text="103/KH-UBND").first
    text = section.inner_text()
    match = re.search(r"(\d+)/(\d+) cơ quan đã gửi", text)
    assert match, text
    return int(match.group(1)), int(match.group(2))


def test_report_submitted_returned_resubmitted_accepted(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    coordinator = Visit(browser, server)
    coordinator.sign_in("dieu-phoi")
    before = _dashboard_received(coordinator)
    coordinator.check("tong-quan")

    reporter = Visit(browser, server)
    reporter.sign_in("tai-chinh")
    reporter.page.goto(f"{server}/workspace")
    expect(reporter.page.get_by_role("heading", name="Báo cáo cần gửi")).to_be_visible()
    reporter.check("viec-cua-toi")
    row = reporter.page.get_by_role("row").filter(has_text="Tháng 12/2026").filter(has_text="103/KH-UBND")
    row.get_by_role("button", name="Lập báo cáo").click()
    reporter.page.wait_for_url(re.compile(r".*/reports/\d+$"))
    report_url = reporter.page.url

    first = reporter.page.locator("fieldset").first
    first.get_by_label("Tình trạng").select_option(label="Đang triển khai")
    first.get_by_label("Tiến độ (%)").fill("150")
    first.get_by_label("Kết quả thực hiện").fill("Đã xây dựng dự thảo, lấy ý kiến các sở.")
    reporter.page.get_by_role("button", name="Lưu nháp").click()
    expect(reporter.page.get_by_text("Giá trị phải nằm trong khoảng 0–100")).to_be_visible()
    expect(first.get_by_label("Kết quả thực hiện")).to_have_value("Đã xây dựng dự thảo, lấy ý kiến các sở.")
    first = reporter.page.locator("fieldset").first
    first.get_by_label("Tiến độ (%)").fill("60")
    reporter.page.get_by_role("button", name="Lưu nháp").click()
    expect(reporter.page.get_by_role("status")).to_have_text("Đã lưu bản nháp.")

    evidence = tmp_path / "bao-cao-tien-do.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    reporter.page.locator("form[id^=attach-] input[type=file]").first.set_input_files(str(evidence))
    reporter.page.get_by_role("button", name="Đính kèm tệp đã chọn").first.click()
    expect(reporter.page.get_by_role("status")).to_have_text("Đã đính kèm minh chứng.")
    expect(reporter.page.get_by_role("link", name="bao-cao-tien-do.pdf")).to_be_visible()
    reporter.check("bao-cao")
    reporter.page.get_by_role("button", name="Gửi báo cáo").click()
    expect(reporter.page.get_by_role("status")).to_have_text("Đã gửi báo cáo.")

    coordinator.page.goto(f"{server}/review")
    coordinator.check("duyet-bao-cao")
    coordinator.page.goto(report_url)
    coordinator.page.get_by_label("Ý kiến (bắt buộc khi trả lại)").fill("Đề nghị bổ sung số liệu giải ngân.")
    coordinator.page.get_by_role("button", name="Trả lại").click()
    expect(coordinator.page.get_by_role("status")).to_have_text("Đã trả lại báo cáo kèm ý kiến.")

    reporter.page.goto(f"{server}/workspace")
    expect(reporter.page.get_by_text("Đề nghị bổ sung số liệu giải ngân.")).to_be_visible()
    reporter.page.goto(report_url)
    reporter.page.locator("fieldset").first.get_by_label("Số văn bản minh chứng").fill("215/BC-STC")
    reporter.page.get_by_role("button", name="Gửi báo cáo").click()
    expect(reporter.page.get_by_role("status")).to_have_text("Đã gửi báo cáo.")

    coordinator.page.goto(report_url)
    coordinator.page.get_by_role("button", name="Chấp nhận").click()
    expect(coordinator.page.get_by_role("status")).to_have_text("Đã chấp nhận báo cáo.")
    after = _dashboard_received(coordinator)
    assert after == (before[0] + 1, before[1])  # one more agency sent this period's report

    for path, name in (("/ranking", "xep-hang"), ("/reminders", "nhac-viec"), ("/plans", "ke-hoach")):
        coordinator.page.goto(f"{server}{path}")
        coordinator.check(name)
    coordinator.page.goto(f"{server}/")
    coordinator.page.locator("h2", has_text="103/KH-UBND").get_by_role("link").click()
    # Count only once the plan's page is the one shown: counting right after the click raced
    # the navigation and read the dashboard (or nothing) on a busy machine.
    coordinator.page.wait_for_url(re.compile(r"/plans/\d+"))
    coordinator.page.wait_for_load_state("load")
    charts = coordinator.page.locator("figure.chart svg")
    expect(charts.first).to_be_visible()
    drawn_with_the_page = charts.count()
    for figure in coordinator.page.locator("figure.chart").all():
        figure.scroll_into_view_if_needed()  # the other charts arrive when seen (htmx "revealed")
    coordinator.page.wait_for_load_state("networkidle")
    assert drawn_with_the_page >= 1 and charts.count() > drawn_with_the_page
    coordinator.check("ke-hoach-103")
    reporter.sign_out()
    coordinator.close()
    reporter.close()


def test_the_keyboard_reaches_the_content_first(server: str, browser: Browser) -> None:
    visit = Visit(browser, server)
    visit.page.goto(f"{server}/login")
    visit.page.keyboard.press("Tab")
    focused = visit.page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Bỏ qua, đến nội dung chính"
    visit.check("dang-nhap")
    visit.close()


def test_usable_on_a_phone(server: str, browser: Browser) -> None:
    """At a phone's width the pages do not scroll sideways (wide tables scroll inside their box)."""
    visit = Visit(browser, server)
    visit.context.close()
    visit.context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    visit.page = visit.context.new_page()
    visit.page.on("console", visit._console)
    visit.sign_in("tai-chinh")
    for path, name in (("/", "dien-thoai-tong-quan"), ("/workspace", "dien-thoai-viec-cua-toi")):
        visit.page.goto(f"{server}{path}")
        overflow = visit.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
        visit.check(name)
    visit.close()


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dondoc serve` on a new database with only a coordinator: no plan imported yet."""
    folder = tmp_path_factory.mktemp("empty")
    port = _free_port()
    env = {
        **os.environ,
        "DONDOC_DATABASE_URL": f"sqlite:///{folder / 'empty.db'}",
        "DONDOC_FILES_DIR": str(folder / "files"),
        "DONDOC_JOBS_INTERVAL_MINUTES": "0",
    }
    env.pop("DONDOC_TEST_DATABASE_URL", None)
    dondoc = str(ROOT / ".venv" / "bin" / "dondoc")
    subprocess.run([dondoc, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run(
        [dondoc, "user", "add", "dieu-phoi", "--role", "coordinator", "--password", PASSWORD],
        env=env,
        check=True,
        capture_output=True,
    )
    proc = subprocess.Popen(
        [dondoc, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
        if proc.poll() is not None:
            raise RuntimeError(f"dondoc serve stopped: {proc.stdout.read() if proc.stdout else ''}")
    else:
        proc.kill()
        raise RuntimeError("dondoc serve did not answer within 120 s")
    yield url
    proc.terminate()
    proc.wait(10)


def test_import_a_seed_plan_through_the_upload_page(empty_server: str, browser: Browser) -> None:
    visit = Visit(browser, empty_server)
    visit.sign_in("dieu-phoi")
    visit.page.goto(f"{empty_server}/import")
    visit.check("nhap-ke-hoach")
    seed = ROOT / "examples" / "plans" / "002_2f8b4d489cccd7d8.txt"
    visit.page.get_by_label("Tệp kế hoạch").set_input_files(str(seed))
    visit.page.get_by_role("button", name="Nhập kế hoạch").click()
    visit.page.wait_for_url(re.compile(r".*/plans/\d+/review.*"), timeout=120_000)
    expect(visit.page.get_by_role("status").first).to_contain_text("Đã nhập kế hoạch thành bản nháp")
    expect(visit.page.get_by_role("heading", level=1)).to_contain_text("103/KH-UBND")
    visit.check("xem-xet-ke-hoach")
    visit.page.get_by_role("button", name="Kích hoạt").click()
    expect(visit.page.get_by_role("status").first).to_contain_text("Đã kích hoạt kế hoạch")
    visit.check("trang-ke-hoach")
    visit.page.goto(f"{empty_server}/")
    expect(visit.page.locator("h2", has_text="103/KH-UBND")).to_be_visible()
    visit.close()


def test_a_real_plan_pdf_is_imported_off_the_request_with_its_progress(
    empty_server: str, browser: Browser
) -> None:
    """A province's signed plan as PDF (one the project had never seen, ../shared/extra): the
    upload goes to the import's progress page, which follows the job by itself and ends on the
    draft's review."""
    visit = Visit(browser, empty_server)
    visit.sign_in("dieu-phoi")
    visit.page.goto(f"{empty_server}/import")
    plan = ROOT.parent / "shared" / "extra" / "bacninh-144-kh-ubnd-2025-kinh-te-so-xa-hoi-so.pdf"
    visit.page.get_by_label("Tệp kế hoạch").set_input_files(str(plan))
    visit.page.get_by_role("button", name="Nhập kế hoạch").click()
    visit.page.wait_for_url(re.compile(r".*/(imports/\d+|plans/\d+/review.*)$"), timeout=60_000)
    if "/imports/" in visit.page.url:  # still reading: the page says how far it is
        expect(visit.page.get_by_role("heading", level=1)).to_contain_text("Nhập kế hoạch")
        visit.check("nhap-ke-hoach-tien-do")
    visit.page.wait_for_url(re.compile(r".*/plans/\d+/review.*"), timeout=120_000)
    expect(visit.page.get_by_role("heading", level=1)).to_contain_text("144/KH-UBND")
    visit.check("xem-xet-ke-hoach-pdf")
    visit.close()
