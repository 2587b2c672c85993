"""Two `dondoc serve` processes on one database, as a deployment runs them: each runs the
scheduled jobs' loop, and each job runs once per interval across both (the job slot the first
process claims). On PostgreSQL the second process is itself `--workers 2`. The jobs say in the
server's log what they ran; the runs counted there must equal the slots claimed.

The database is the test's own (a SQLite file, or a database created beside the one
DONDOC_TEST_DATABASE_URL names): the servers commit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from dondoc.core.db import make_engine
from dondoc.core.migrate import upgrade
from dondoc.scheduling.models import JobSlot

DONDOC = Path(sys.executable).with_name("dondoc")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def own_url(empty_database_url: str, tmp_path: Path) -> Iterator[str]:
    """A migrated database of the test's own, of the kind the suite runs on."""
    if not empty_database_url.startswith("postgresql"):
        url = f"sqlite:///{tmp_path / 'served.db'}"
        upgrade("head", url=url)
        yield url
        return
    base = make_url(empty_database_url)
    name = f"{base.database}_serve"
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade("head", url=url)
        yield url
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _serve(url: str, log: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "DONDOC_DATABASE_URL": url,
        "DONDOC_JOBS_INTERVAL_MINUTES": "60",  # the reminders: once in the test's hour
        "DONDOC_FIGURES_REFRESH_SECONDS": "1",  # the figures: a new slot every second
        "DONDOC_SMTP_URL": "",
    }
    command = [str(DONDOC), "serve", "--port", str(port), *extra]
    proc = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def _wait_healthy(proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{base} did not answer: {log.read_text()}")


def test_two_serve_processes_run_each_job_once_per_interval(own_url: str, tmp_path: Path) -> None:
    second = ["--workers", "2"] if own_url.startswith("postgresql") else []
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs = [_serve(own_url, logs[0]), _serve(own_url, logs[1], *second)]
    try:
        for (proc, base), log in zip(procs, logs, strict=True):
            _wait_healthy(proc, base, log)
        time.sleep(3)  # both loops wake every second: several figures slots, contended
    finally:
        for proc, _base in procs:
            proc.terminate()
        for proc, _base in procs:
            proc.wait(30)
    output = "".join(log.read_text() for log in logs)
    engine = make_engine(own_url)
    try:
        with engine.connect() as connection:
            slots = dict(connection.execute(select(JobSlot.job, func.count()).group_by(JobSlot.job)).all())
    finally:
        engine.dispose()
    # once per interval: as many runs in the logs as slots claimed, whichever process ran them
    assert output.count("job reminders:") == slots["reminders"] >= 1, output
    assert output.count("job figures:") == slots["figures"] >= 3, output
