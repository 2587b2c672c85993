"""`dondoc remind` as cron runs it: the installed command on a fresh SQLite database, sending to a
real SMTP server started by the test; run twice, it sends nothing the second time."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from aiosmtpd.controller import Controller
from test_reminders import Inbox, _free_port

ROOT = Path(__file__).resolve().parents[2]
DONDOC = ROOT / ".venv" / "bin" / "dondoc"
PLAN = ROOT / "examples" / "plans" / "002_2f8b4d489cccd7d8.txt"


def _dondoc(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DONDOC), *args], env=env, capture_output=True, text=True, timeout=300)


def test_remind_once_for_cron(tmp_path: Path) -> None:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = {
            **os.environ,
            "DONDOC_DATABASE_URL": f"sqlite:///{tmp_path / 'dondoc.db'}",
            "DONDOC_SMTP_URL": f"smtp://127.0.0.1:{port}",
        }
        env.pop("DONDOC_TEST_DATABASE_URL", None)
        assert _dondoc(env, "db", "upgrade").returncode == 0
        assert _dondoc(env, "import", "--activate", str(PLAN)).returncode == 0
        added = _dondoc(
            env,
            "user",
            "add",
            "tai-chinh",
            "--role",
            "reporter",
            "--agency",
            "Sở Tài chính",
            "--password",
            "mat-khau-8",
            "--email",
            "taichinh@example.vn",
        )
        assert added.returncode == 0, added.stderr
        first = _dondoc(env, "remind", "--day", "17/06/2025")
        assert first.returncode == 0, first.stderr
        assert "đã gửi: 0" not in first.stdout and len(inbox.messages) > 0
        assert all(m["To"] == "taichinh@example.vn" for m in inbox.messages)
        again = _dondoc(env, "remind", "--day", "17/06/2025")
        assert "Nhắc việc mới: 0 · đã gửi: 0" in again.stdout
        bad = _dondoc(env, "remind", "--day", "31/02/2025")
        assert bad.returncode == 1 and bad.stderr.startswith("Lỗi / Error: Ngày không hợp lệ")
    finally:
        controller.stop()
