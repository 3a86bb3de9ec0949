"""Grading N submissions of 00_start_here: serial vs parallel in the sandbox, and what the sandbox costs.

    python bench/bench_grading.py [N]

Three runs of the same N unanswered submissions, in one process: bubblewrap with one worker,
bubblewrap with one worker per core, and no sandbox with one worker (the sandbox's cost per
notebook is the difference of the two serial runs, divided by N). Then the bare cost of starting
and tearing down one sandbox (launcher + ``python -c pass``, best of 5), with and without
bubblewrap. With no working bubblewrap the sandboxed rows are left out.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crmcourse.authoring import grading  # noqa: E402
from crmcourse.authoring.grading import sandbox  # noqa: E402
from timing import best_of, timed  # noqa: E402


def make_submissions(folder: Path, n: int) -> None:
    learner = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    for i in range(n):
        path = folder / f"learner_{i:02d}" / "00_start_here.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(learner, path)


def bare_start(box: sandbox.Sandbox) -> float:
    """Seconds to start, run ``python -c pass`` in, and tear down one sandbox (best of 5)."""
    uid = sandbox.slot_uids(1)[0]
    return best_of(lambda: sandbox.run_sandboxed(
        [sys.executable, "-I", "-S", "-c", "pass"], stdin=b"", sandbox=box, limits=sandbox.Limits(), timeout=30,
        wall_timeout=60, channel_limit=1000, line_limit=1000, uid=uid), repeat=5)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    cores = os.cpu_count() or 1
    box = sandbox.find_sandbox("auto")
    runs = ([("bubblewrap", 1), ("bubblewrap", cores)] if box.kind == "bubblewrap" else []) + [("none", 1)]
    timings: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        make_submissions(Path(tmp), n)
        for mode, workers in runs:
            results, timings[mode, workers] = timed(lambda: grading.grade(
                tmp, solutions=ROOT / "solutions", workers=workers, progress=False, sandbox=mode))
            assert len(results) == n and all(r.status == "ok" for r in results), [r.detail for r in results]
    print(f"## grading {n} submissions of 00_start_here ({cores} cores; {box.describe()})\n")
    print("| sandbox | workers | seconds | per notebook |")
    print("|---|---|---|---|")
    for (mode, workers), seconds in timings.items():
        print(f"| {mode} | {workers} | {seconds:.1f} | {seconds / n:.2f} |")
    if box.kind == "bubblewrap":
        serial, parallel = timings["bubblewrap", 1], timings["bubblewrap", cores]
        print(f"\nspeed-up parallel / serial (sandboxed): {serial / parallel:.2f}×")
        print(f"sandbox cost per notebook (serial, sandboxed - unsandboxed): "
              f"{(serial - timings['none', 1]) / n:+.2f} s")
        bare = {"bubblewrap": bare_start(box), "none": bare_start(sandbox.find_sandbox("none"))}
        print(f"bare start + teardown, python -c pass: {json.dumps({k: round(v, 3) for k, v in bare.items()})} s")


if __name__ == "__main__":
    main()
