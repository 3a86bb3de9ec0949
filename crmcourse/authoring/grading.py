"""Grade a class: run every submitted learner notebook and collect its check results.

``crmcourse grade SUBMISSIONS_DIR`` (:func:`grade_class`) finds the submissions — ``SUBMISSIONS_DIR/<learner>.ipynb``
or ``SUBMISSIONS_DIR/<learner>/<notebook>.ipynb`` — copies each into a temporary folder, runs it
in its own kernel (nbclient) with a time limit, several at once (one per core), and reads back
the records that :func:`crmcourse.checks.check` stores in cell outputs. It writes:

* ``gradebook.csv`` — one row per learner, one column per exercise (score 0–1; empty when the
  check never ran), then ``total``, ``max``, ``status`` and ``detail``;
* ``class_summary.png`` — the share of the class that got each exercise right, hardest first.

Submissions are read, never written. A notebook that raises, runs past its time limit, prints
a flood of output, lost cells, or is not a notebook at all is recorded with that status and the
run goes on.

Statuses, per notebook (a learner's row shows the worst of their notebooks):
``ok`` · ``error`` (a cell raised; later cells still ran) · ``timeout`` (stopped at the time
limit; checks that ran before still count) · ``output-limit`` (outputs past the cap were dropped;
checks still count) · ``missing-checks`` (an exercise of the matching solution was never checked,
e.g. its cell was deleted) · ``invalid`` (not a readable notebook; nothing ran).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from crmcourse.errors import CourseDataError

__all__ = ["NotebookResult", "GradingError", "ClassReport", "find_submissions", "grade_notebook", "grade",
           "gradebook", "summary_plot", "grade_class"]

STATUS_ORDER = ["ok", "missing-checks", "output-limit", "error", "timeout", "invalid"]
DEFAULT_TIMEOUT = 120
OUTPUT_LIMIT = 5_000_000  # bytes of output kept per notebook


class GradingError(CourseDataError):
    """The class cannot be graded as asked: no submissions folder, nothing in it, or ``out`` inside it."""


@dataclass
class NotebookResult:
    """What running one submitted notebook produced."""

    learner: str
    notebook: str
    status: str
    detail: str = ""
    records: list[dict] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    seconds: float = 0.0


def find_submissions(folder: str | os.PathLike) -> list[tuple[str, Path]]:
    """``(learner, path)`` for every ``.ipynb`` in ``folder`` (flat) or one level down (per learner).

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "li_wei.ipynb").write_text("{}")
    >>> (root / "zhang_min").mkdir(); _ = (root / "zhang_min" / "00_start_here.ipynb").write_text("{}")
    >>> [(learner, p.name) for learner, p in find_submissions(root)]
    [('li_wei', 'li_wei.ipynb'), ('zhang_min', '00_start_here.ipynb')]
    """
    root = Path(folder)
    found = []
    for path in sorted(root.rglob("*.ipynb")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue  # checkpoints, backups
        if len(rel.parts) == 1:
            found.append((path.stem, path))
        else:
            found.append((rel.parts[0], path))
    return found


def _expected_exercises(notebook_name: str, solutions: Path | None) -> list[str]:
    """Exercise ids checked in the solution notebook with the same file name, in order."""
    import re

    import nbformat

    if solutions is None or not solutions.is_dir():
        return []
    matches = [p for p in solutions.rglob(notebook_name) if ".ipynb_checkpoints" not in p.parts]
    if len(matches) != 1:
        return []
    nb = nbformat.read(matches[0], as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return re.findall(r"^\s*check\(\s*[\"']([a-z0-9_]+)[\"']", code, re.M)


def _client_class():
    from nbclient import NotebookClient

    from crmcourse.checks import RECORD_MIME

    class CappedClient(NotebookClient):
        """A NotebookClient that drops outputs past a byte cap (check records are always kept)."""

        output_bytes = 0
        output_dropped = False
        output_limit = OUTPUT_LIMIT

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            data = content.get("data") or {}
            if RECORD_MIME in data:
                return super().output(outs, msg, display_id, cell_index)
            size = len(json.dumps(content, default=str))
            self.output_bytes += size
            if self.output_bytes > self.output_limit:
                self.output_dropped = True
                return None
            return super().output(outs, msg, display_id, cell_index)

    return CappedClient


def grade_notebook(learner: str, path: str | os.PathLike, *, timeout: int = DEFAULT_TIMEOUT,
                   solutions: str | os.PathLike | None = None,
                   output_limit: int = OUTPUT_LIMIT) -> NotebookResult:
    """Run one submitted notebook in a temporary copy and return its check records and status.

    The submission file itself is only read.
    """
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from crmcourse.checks import records_from_notebook

    path = Path(path)
    expected = _expected_exercises(path.name, Path(solutions) if solutions else None)
    result = NotebookResult(learner, path.name, "ok", expected=expected)
    start = time.monotonic()
    try:
        raw = path.read_bytes()
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # not JSON, not UTF-8, not a notebook: record and go on
        result.status, result.detail = "invalid", f"not a readable notebook ({type(exc).__name__})"
        return result

    # outputs a learner saved must not count: only what runs now is graded
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    deadline = start + timeout
    with tempfile.TemporaryDirectory(prefix="crmcourse-grade-") as tmp:
        work = Path(tmp) / path.name
        work.write_bytes(raw)  # the copy the kernel runs beside (relative paths resolve here)
        client = _client_class()(
            nb, timeout=timeout, kernel_name="python3", allow_errors=True, record_timing=False,
            store_widget_state=False, resources={"metadata": {"path": tmp}},
            timeout_func=lambda cell: max(1, int(deadline - time.monotonic())),
        )
        client.output_limit = output_limit
        try:
            client.execute()
        except CellTimeoutError:
            result.status, result.detail = "timeout", f"stopped after {timeout} s"
        except DeadKernelError:
            result.status, result.detail = "error", "the kernel died (memory or a crash)"
        except Exception as exc:  # nbclient / kernel trouble must not stop the class run
            result.status, result.detail = "error", f"{type(exc).__name__}: {str(exc)[:120]}"
    result.seconds = time.monotonic() - start
    result.records = records_from_notebook(nb)
    if result.status == "ok":
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if o.get("output_type") == "error"]
        if errors:
            result.status = "error"
            result.detail = f"{len(errors)} cell(s) raised, first: {errors[0].get('ename', '')}"
        elif client.output_dropped:
            result.status, result.detail = "output-limit", f"output beyond {output_limit:,} bytes dropped"
        else:
            seen = {r["exercise"] for r in result.records}
            missing = [e for e in expected if e not in seen]
            if missing:
                result.status = "missing-checks"
                result.detail = f"{len(missing)} exercise(s) never checked: {', '.join(missing[:5])}"
    return result


def _grade_one(args):
    learner, path, timeout, solutions, output_limit = args
    return grade_notebook(learner, path, timeout=timeout, solutions=solutions, output_limit=output_limit)


def _progress(done: int, total: int, started: float, stream=None) -> None:
    stream = stream or sys.stderr
    width = 30
    filled = int(width * done / total) if total else width
    bar = "#" * filled + "-" * (width - filled)
    stream.write(f"\rgrading [{bar}] {done}/{total}  {time.monotonic() - started:5.1f} s")
    if done == total:
        stream.write("\n")
    stream.flush()


def grade(submissions: str | os.PathLike, *, solutions: str | os.PathLike | None = None,
          timeout: int = DEFAULT_TIMEOUT, workers: int | None = None, progress: bool = True,
          output_limit: int = OUTPUT_LIMIT) -> list[NotebookResult]:
    """Run every submission (in parallel: ``workers`` processes, default one per core)."""
    jobs = [(learner, path, timeout, str(solutions) if solutions else None, output_limit)
            for learner, path in find_submissions(submissions)]
    workers = workers or os.cpu_count() or 1
    results: list[NotebookResult] = []
    started = time.monotonic()
    if progress:
        _progress(0, len(jobs), started)
    if workers == 1:
        for job in jobs:
            results.append(_grade_one(job))
            if progress:
                _progress(len(results), len(jobs), started)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_grade_one, job) for job in jobs]
            for future in as_completed(futures):
                results.append(future.result())
                if progress:
                    _progress(len(results), len(jobs), started)
    return sorted(results, key=lambda r: (r.learner, r.notebook))


def gradebook(results: Iterable[NotebookResult]):
    """One row per learner: a score column per exercise, then total, max, status and detail.

    A score is the check's score (1 correct, a fraction for partly right lists, 0 wrong or
    unanswered); empty when the check never ran. ``max`` counts every exercise expected
    from the matching solutions (or seen in the class).

    >>> r = NotebookResult("li", "00.ipynb", "ok", records=[
    ...     {"exercise": "m0_a", "status": "correct", "score": 1.0, "points": 1}], expected=["m0_a", "m0_b"])
    >>> gradebook([r]).to_dict("records")
    [{'learner': 'li', 'm0_a': 1.0, 'm0_b': nan, 'total': 1.0, 'max': 2, 'status': 'missing-checks', 'detail': ''}]
    """
    import pandas as pd

    results = list(results)
    exercises: list[str] = []
    for r in results:
        for e in r.expected + [rec["exercise"] for rec in r.records]:
            if e not in exercises:
                exercises.append(e)
    rows = []
    for learner in sorted({r.learner for r in results}):
        mine = [r for r in results if r.learner == learner]
        row: dict = {"learner": learner}
        scores: dict[str, float] = {}
        for r in mine:
            for rec in r.records:  # the last check of an exercise counts
                scores[rec["exercise"]] = float(rec.get("score", 0.0)) * int(rec.get("points", 1))
        for e in exercises:
            row[e] = scores.get(e, float("nan"))
        expected = {e for r in mine for e in r.expected} | set(scores)
        row["total"] = round(sum(scores.values()), 4)
        row["max"] = len(expected)
        worst = max(mine, key=lambda r: STATUS_ORDER.index(r.status))
        statuses = {r.status for r in mine}
        if worst.status == "ok" and any(e not in scores for e in expected):
            row["status"] = "missing-checks"
        else:
            row["status"] = worst.status
        row["detail"] = "; ".join(f"{r.notebook}: {r.detail}" for r in mine if r.detail) if statuses != {"ok"} else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=["learner", *exercises, "total", "max", "status", "detail"])


def summary_plot(book, ax=None):
    """Bar chart: share of learners who got each exercise right, hardest first (returns the Axes)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    exercises = [c for c in book.columns if c not in ("learner", "total", "max", "status", "detail")]
    share = (book[exercises].fillna(0) >= 1).mean().sort_values()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(2.5, 0.35 * len(share) + 1)))
    ax.barh(share.index, share.to_numpy() * 100, color="#4c72b0")
    ax.set_xlim(0, 100)
    ax.set_xlabel("learners with the exercise right (%)")
    ax.set_title(f"Which exercises the class found hardest (n = {len(book)})")
    for y, v in enumerate(share.to_numpy()):
        ax.text(v * 100 + 1, y, f"{v:.0%}", va="center", fontsize=8)
    ax.figure.tight_layout()
    return ax


@dataclass
class ClassReport:
    """What :func:`grade_class` wrote: the gradebook, the per-notebook results and the two files."""

    book: object  # pandas.DataFrame, one row per learner (see gradebook)
    results: list[NotebookResult]
    gradebook_csv: Path
    summary_png: Path

    def summary(self) -> str:
        """One line of counts per status, then the files written."""
        counts = self.book["status"].value_counts().to_dict()
        return (f"graded {len(self.book)} learners ({len(self.results)} notebooks): "
                + ", ".join(f"{n} {s}" for s, n in counts.items())
                + f"\nwrote {self.gradebook_csv} and {self.summary_png}")


def grade_class(submissions: str | os.PathLike, out: str | os.PathLike | None = None, *,
                solutions: str | os.PathLike | None = None, timeout: int = DEFAULT_TIMEOUT,
                workers: int | None = None, progress: bool = True) -> ClassReport:
    """Grade a folder of submissions and write ``gradebook.csv`` and ``class_summary.png`` into ``out``.

    Parameters
    ----------
    submissions : path
        ``<learner>.ipynb`` files or ``<learner>/<notebook>.ipynb`` folders; only read.
    out : path, optional
        Where the two files go (default: ``grades/`` next to ``submissions``); it must be
        outside ``submissions``.
    solutions : path, optional
        The course's ``solutions/`` (default: the project's), for the exercises each notebook
        should check.
    timeout, workers, progress
        As for :func:`grade`.

    Returns
    -------
    ClassReport
        The gradebook, the per-notebook results and the paths written.

    Raises
    ------
    GradingError
        If ``submissions`` is not a folder, holds no notebook, or ``out`` is inside it.
    """
    from crmcourse.paths import solutions_dir

    submissions = Path(submissions)
    if not submissions.is_dir():
        raise GradingError(f"{submissions} is not a folder of submitted notebooks",
                           fix="give the folder that holds <learner>.ipynb or <learner>/<notebook>.ipynb")
    out = Path(out) if out is not None else submissions.resolve().parent / "grades"
    if out.resolve() == submissions.resolve() or submissions.resolve() in out.resolve().parents:
        raise GradingError("--out must be outside the submissions folder (submissions are never written)")
    if not find_submissions(submissions):
        raise GradingError(f"no .ipynb files in {submissions}")
    results = grade(submissions, solutions=solutions if solutions is not None else solutions_dir(),
                    timeout=timeout, workers=workers, progress=progress)
    book = gradebook(results)
    out.mkdir(parents=True, exist_ok=True)
    report = ClassReport(book, results, out / "gradebook.csv", out / "class_summary.png")
    book.to_csv(report.gradebook_csv, index=False)
    ax = summary_plot(book)
    ax.figure.savefig(report.summary_png, dpi=120)
    return report
