"""Extraction speed benchmark (`make bench-extract`): the five seed plans one by one, and a
1 MB plan built by concatenating them, both in-process and through the CLI (process start-up
included). Prints seconds and KB/s; the goal is ≥ 1 MB/s of plan text on one core."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dondoc.agencies.reference import load_reference
from dondoc.ingest.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "examples" / "plans").glob("*.txt"))
REPEAT = 3


def timed(fn) -> float:
    runs = []
    for _ in range(REPEAT):
        load_reference().clear_cache()  # cold: no answers remembered from the previous run
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> int:
    print(f"{'file':45} {'KB':>8} {'s (median)':>11} {'KB/s':>9}")
    for p in PLANS:
        kb = p.stat().st_size / 1024
        s = timed(lambda p=p: extract_file(p))
        print(f"{p.name:45} {kb:8.1f} {s:11.3f} {kb / s:9.0f}")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big_plan.txt"
        texts = [p.read_text(encoding="utf-8") for p in PLANS]
        out = []
        size = 0
        while size < 1024 * 1024:
            for t in texts:
                out.append(t)
                size += len(t.encode("utf-8"))
        big.write_text("\n".join(out), encoding="utf-8")
        kb = big.stat().st_size / 1024
        s = timed(lambda: extract_file(big))
        print(f"{'1 MB concatenation (in-process)':45} {kb:8.1f} {s:11.3f} {kb / s:9.0f}")
        exe = Path(sys.executable).parent / "dondoc"
        s = timed(
            lambda: subprocess.run([str(exe), "extract", str(big), "--json"], check=True, capture_output=True)
        )
        print(f"{'1 MB concatenation (CLI, start-up included)':45} {kb:8.1f} {s:11.3f} {kb / s:9.0f}")
        goal = "ok" if kb / s >= 1024 else "below the 1 MB/s goal"
        print(f"CLI throughput: {kb / 1024 / s:.2f} MB/s ({goal})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
