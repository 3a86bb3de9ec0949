"""Grading 30 submissions: serial (one kernel at a time) vs parallel (one per core), same run.

    python bench/bench_grading.py [N]
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crmcourse import grading  # noqa: E402
from timing import timed  # noqa: E402


def make_submissions(folder: Path, n: int) -> None:
    learner = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    for i in range(n):
        path = folder / f"learner_{i:02d}" / "00_start_here.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(learner, path)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as tmp:
        make_submissions(Path(tmp), n)
        timings = {}
        for workers in (1, os.cpu_count() or 1):
            results, timings[workers] = timed(
                lambda: grading.grade(tmp, solutions=ROOT / "solutions", workers=workers, progress=False))
            assert len(results) == n and all(r.status == "ok" for r in results)
    serial, parallel = timings[1], timings[max(timings)]
    print(f"## grading {n} submissions of 00_start_here ({os.cpu_count()} cores)\n")
    print("| mode | seconds | per notebook |")
    print("|---|---|---|")
    print(f"| serial (1 worker) | {serial:.1f} | {serial / n:.2f} |")
    print(f"| parallel ({max(timings)} workers) | {parallel:.1f} | {parallel / n:.2f} |")
    print(f"\nspeed-up parallel / serial: {serial / parallel:.2f}×")


if __name__ == "__main__":
    main()
