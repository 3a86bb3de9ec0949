"""Benchmarks for crmcourse. Prints markdown tables measured in this one run.

    python bench/run.py              # import time + every notebook's execution time
    python bench/run.py import       # only the import benchmark
    python bench/run.py notebooks    # only notebook execution times

Figures go into docs/performance.md by hand; tests never assert timings.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

from timing import timed

ROOT = Path(__file__).resolve().parents[1]


def _import_ms(statement: str, repeat: int = 7) -> float:
    """Median cumulative import time (ms) of ``statement``, from ``python -X importtime``."""
    samples = []
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        total, after_site = 0, False
        for line in proc.stderr.splitlines():
            parts = line.split("|")
            if len(parts) != 3:
                continue
            name = parts[2]
            if name.strip() == "site":  # interpreter start-up ends here; the statement follows
                after_site = True
                continue
            if after_site and name.startswith(" ") and not name.startswith("  "):
                total += int(parts[1])
        samples.append(total / 1000)
    return statistics.median(samples)


def bench_import() -> None:
    lazy = _import_ms("import crmcourse")
    check = _import_ms("from crmcourse import check")
    eager = _import_ms("import crmcourse, pandas, matplotlib.pyplot, ipywidgets")
    print("## import time (python -X importtime, median of 7 fresh interpreters)\n")
    print("| what | ms |")
    print("|---|---|")
    print(f"| `import crmcourse` | {lazy:.1f} |")
    print(f"| `from crmcourse import check` | {check:.1f} |")
    print(f"| what an eager package would pay (`crmcourse` + pandas + matplotlib.pyplot + ipywidgets) | {eager:.1f} |")
    print(f"\nratio eager / `import crmcourse`: {eager / max(lazy, 0.01):.0f}×\n")


def bench_notebooks() -> None:
    import os
    import tempfile

    import nbformat

    # the CRM lab notebooks create their database in CRMCOURSE_WORKDIR: keep it out of the repository
    os.environ.setdefault("CRMCOURSE_WORKDIR", tempfile.mkdtemp(prefix="crmcourse-bench-"))

    from crmcourse import runner

    print("## notebook execution (fresh kernel each, wall seconds)\n")
    print("| notebook | solution | learner (unanswered) |")
    print("|---|---|---|")
    total_s = total_l = 0.0
    for sol in sorted((ROOT / "solutions").rglob("*.ipynb")):
        rel = sol.relative_to(ROOT / "solutions")
        times = []
        for path in (sol, ROOT / "notebooks" / rel):
            nb = nbformat.read(path, as_version=4)
            times.append(timed(lambda: runner.run(nb, cwd=path.parent))[1])
        total_s += times[0]
        total_l += times[1]
        print(f"| {rel} | {times[0]:.1f} | {times[1]:.1f} |")
    print(f"| **total** | {total_s:.1f} | {total_l:.1f} |\n")


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "all"
    if what in ("all", "import"):
        bench_import()
    if what in ("all", "notebooks"):
        bench_notebooks()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
