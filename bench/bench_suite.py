"""How long the whole test suite takes, as a multiple of simply running the course once.

    python bench/bench_suite.py            # or: make bench-suite
    python bench/bench_suite.py --jobs 3   # passes JOBS=3 to make test

Measures, in one run of this script:

1. **Run-All**: every English solution notebook (``solutions/``, not a generated edition such as
   ``solutions/zh/``), each in a fresh ``python3`` kernel, one after the other, with plain nbclient —
   what a person pressing "Run All" on every notebook in turn waits for;
2. **make test**: the wall time of ``make test`` (the venv already built: ``make venv`` runs first,
   untimed), its exit code and pytest's closing line.

and prints ``make test`` ÷ Run-All, the figure in docs/performance.md (goal: at most 2.5×). Both
timings use :func:`timing.best_of` with one repeat (a repeat of a 4-minute suite would mostly measure
the other processes on the machine); the load average before and after is printed with them,
because on a shared 2-core machine it moves both figures, and so is the CPU time each part used
(this process and every process it waited for: kernels, workers, JupyterLab, Chromium), which
other work on the machine hardly changes. Exits non-zero if ``make test`` failed.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import best_of

ROOT = Path(__file__).resolve().parents[1]
EDITION_LANGUAGES = ("zh",)  # generated editions (solutions/zh/...), as in conftest.py: not timed
GOAL = 2.5


def english_solutions() -> list[Path]:
    """Every English solution notebook, in course order."""
    found = []
    for path in sorted((ROOT / "solutions").rglob("*.ipynb")):
        parts = path.relative_to(ROOT / "solutions").parts
        if ".ipynb_checkpoints" in parts or ".backup" in parts:
            continue
        if len(parts) > 1 and parts[0] in EDITION_LANGUAGES:
            continue
        found.append(path)
    return found


def run_all(paths: list[Path]) -> None:
    """Execute each notebook top to bottom in a fresh kernel, in sequence (raises on a failing cell)."""
    import nbformat
    from nbclient import NotebookClient

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name="python3", timeout=600,
                       resources={"metadata": {"path": str(path.parent)}}).execute()


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of every child process it has waited for."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", help="JOBS for make test (default: the Makefile's)")
    parser.add_argument("--log", default=str(ROOT / "build" / "bench-suite-make-test.log"),
                        help="where the output of make test goes (default: %(default)s)")
    args = parser.parse_args(argv)

    # The CRM lab notebooks create their database in CRMCOURSE_WORKDIR: keep it out of the repository.
    os.environ.setdefault("CRMCOURSE_WORKDIR", tempfile.mkdtemp(prefix="crmcourse-bench-"))
    os.environ.setdefault("PYTHONHASHSEED", "0")
    subprocess.run(["make", "--no-print-directory", "venv"], cwd=ROOT, check=True)

    notebooks = english_solutions()
    print(f"{load()}  (before)")
    print(f"Run-All of {len(notebooks)} English solution notebooks, each in a fresh kernel ...", flush=True)
    cpu = cpu_seconds()
    plain = best_of(lambda: run_all(notebooks), repeat=1)
    plain_cpu, cpu = cpu_seconds() - cpu, cpu_seconds()
    print(f"  {plain:.1f} s wall, {plain_cpu:.1f} s CPU   ({load()})", flush=True)

    command = ["make", "--no-print-directory", "test"] + ([f"JOBS={args.jobs}"] if args.jobs else [])
    log = Path(args.log)
    log.parent.mkdir(parents=True, exist_ok=True)
    result: dict[str, int] = {}

    def make_test() -> None:
        with log.open("w", encoding="utf-8") as out:
            result["code"] = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT).returncode

    print(f"{' '.join(command)} (output: {log}) ...", flush=True)
    suite = best_of(make_test, repeat=1)
    suite_cpu = cpu_seconds() - cpu
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    closing = next((l.strip("= ") for l in reversed(lines) if re.search(r"\b(passed|failed|error)", l)), "?")
    print(f"  {suite:.1f} s wall, {suite_cpu:.1f} s CPU, exit code {result['code']}: {closing}   ({load()})")

    ratio = suite / plain
    print(f"\nmake test / Run-All = {suite:.1f} s / {plain:.1f} s = {ratio:.2f}x "
          f"(goal <= {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'})")
    print(f"CPU: make test {suite_cpu:.0f} s = {suite_cpu / plain_cpu:.2f}x the Run-All's {plain_cpu:.0f} s")
    return 0 if result["code"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
