"""Grading a class: one sandboxed run per submission, judged by the grader, one gradebook at the end.

See the package documentation (:mod:`crmcourse.authoring.grading`) for what is trusted and why.
"""
from __future__ import annotations

import contextlib
import json
import os
import queue
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from crmcourse.authoring.grading.collect import Collected, InvalidSubmission, parse_channel, read_submission
from crmcourse.authoring.grading.gradebook import gradebook, summary_plot, write_atomically
from crmcourse.authoring.grading.judge import (ANSWER_KEY_DIR, AnswerKeyError, default_key_paths, judge_claims,
                                               load_answer_keys)
from crmcourse.authoring.grading.reaper import StrayGuard
from crmcourse.authoring.grading.sandbox import Limits, Outcome, Sandbox, find_sandbox, run_sandboxed, slot_uids
from crmcourse.authoring.grading.worker import ANSWER_BUDGET, MAX_ANSWER_LINE
from crmcourse.errors import CourseDataError

__all__ = ["NotebookResult", "GradingError", "ClassReport", "SubmissionRun", "find_submissions", "grade_notebook",
           "grade", "grade_class", "run_submission", "judge_submission", "expected_exercises", "DEFAULT_TIMEOUT",
           "OUTPUT_LIMIT", "STARTUP_GRACE"]

DEFAULT_TIMEOUT = 120
OUTPUT_LIMIT = 5_000_000  # bytes of output counted per notebook before it is "output-limit"
#: Seconds the sandbox may take beyond the notebook's time limit (kernel start and stop) before it is killed.
STARTUP_GRACE = 60


class GradingError(CourseDataError):
    """The class cannot be graded as asked: no submissions folder, nothing in it, ``out`` inside it,
    a broken answer key, or a sandbox that was required but does not work."""


@dataclass
class NotebookResult:
    """What grading one submitted notebook produced: its status and the grader's own verdicts."""

    learner: str
    notebook: str
    status: str
    detail: str = ""
    records: list[dict] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    seconds: float = 0.0


def find_submissions(folder: str | os.PathLike) -> list[tuple[str, Path]]:
    """``(learner, path)`` for every ``.ipynb`` in ``folder`` (flat) or one level down (per learner).

    Parameters
    ----------
    folder : path

    Returns
    -------
    list of tuple
        Sorted by path; hidden files and folders (checkpoints, backups) are left out.

    Raises
    ------
    OSError
        Only if the folder cannot be listed.

    Examples
    --------
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
        if any(part.startswith(".") for part in rel.parts) or not path.is_file() or path.is_symlink():
            continue
        found.append((path.stem, path) if len(rel.parts) == 1 else (rel.parts[0], path))
    return found


def expected_exercises(notebook_name: str, solutions: str | os.PathLike | None) -> list[str]:
    """Exercise ids checked in the solution notebook with the same file name, in order ([] when none matches).

    Examples
    --------
    >>> from crmcourse.paths import solutions_dir
    >>> expected_exercises("00_start_here.ipynb", solutions_dir())
    ['m0_demo_ratio', 'm0_demo_zone', 'm0_demo_glossary']
    """
    import re

    import nbformat

    from crmcourse.i18n import LANGUAGES

    if solutions is None or not Path(solutions).is_dir():
        return []
    # A generated edition (solutions/zh/…) has the same name and the same checks: the English
    # notebook is the one to read.
    editions = {language for language in LANGUAGES if language != "en"}
    matches = [p for p in Path(solutions).rglob(notebook_name) if ".ipynb_checkpoints" not in p.parts
               and not (len(p.relative_to(solutions).parts) > 1 and p.relative_to(solutions).parts[0] in editions)]
    if len(matches) != 1:
        return []
    nb = nbformat.read(matches[0], as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    ids = re.findall(r"^\s*check\(\s*[\"']([a-z0-9_]+)[\"']", code, re.M)
    return list(dict.fromkeys(ids))


def _keyed(keys, solutions) -> dict:
    if isinstance(keys, dict):
        return keys
    paths = default_key_paths(solutions) if keys is None else list(keys)
    try:
        return load_answer_keys(paths)
    except AnswerKeyError as exc:
        raise GradingError(str(exc)) from None


def _sandbox(sandbox) -> Sandbox:
    found = sandbox if isinstance(sandbox, Sandbox) else find_sandbox(sandbox)
    if sandbox == "bubblewrap" and found.kind != "bubblewrap":
        raise GradingError(f"no working sandbox: {found.reason}", fix="install Debian's bubblewrap, or pass sandbox='auto'")
    return found


def grade_notebook(learner: str, path: str | os.PathLike, *, timeout: int = DEFAULT_TIMEOUT,
                   solutions: str | os.PathLike | None = None, output_limit: int = OUTPUT_LIMIT,
                   sandbox: str | Sandbox = "auto", limits: Limits | None = None, keys=None,
                   uid: int | None = None, hide: list | None = None) -> NotebookResult:
    """Run one submitted notebook in a sandbox and judge the answers it hands over.

    Parameters
    ----------
    learner : str
        The gradebook row it belongs to.
    path : path
        The submitted notebook; only read.
    timeout : int
        Seconds for the whole notebook.
    solutions : path, optional
        The course's ``solutions/``: which exercises this notebook should check.
    output_limit : int
        Bytes of output (every output, check records included) before the status is ``output-limit``.
    sandbox : {"auto", "bubblewrap", "none"} or Sandbox
        See :func:`~crmcourse.authoring.grading.sandbox.find_sandbox`.
    limits : Limits, optional
        Resource limits (default :class:`~crmcourse.authoring.grading.sandbox.Limits`).
    keys : dict or list of path, optional
        Exam answer keys: loaded (:func:`~crmcourse.authoring.grading.judge.load_answer_keys`)
        or the files/folders to load (default: ``solutions/answer_keys``).
    uid : int, optional
        As root: the unprivileged user id to run as (default: a fresh one).
    hide : list of path, optional
        More folders the notebook must not see (the sandbox shows only the system and Python anyway).

    Returns
    -------
    NotebookResult

    Raises
    ------
    GradingError
        A broken answer key, or ``sandbox="bubblewrap"`` where it does not work.
    """
    keyed = _keyed(keys, solutions)
    box = _sandbox(sandbox)
    ran = run_submission(learner, path, timeout=timeout, solutions=solutions, output_limit=output_limit,
                         sandbox=box, limits=limits, uid=uid, hide=hide)
    return judge_submission(ran, keyed)


@dataclass
class SubmissionRun:
    """A submission run in its sandbox, not judged yet: the result so far and the claims collected."""

    result: NotebookResult
    collected: Collected | None = None
    outcome: Outcome | None = None
    timeout: int = DEFAULT_TIMEOUT
    output_limit: int = OUTPUT_LIMIT
    started: float = 0.0


def run_submission(learner: str, path: str | os.PathLike, *, timeout: int, solutions, output_limit: int,
                   sandbox: Sandbox, limits: Limits | None, uid: int | None, hide: list | None) -> SubmissionRun:
    """Read one submission and run it in its sandbox (no judging: see :func:`judge_submission`).

    Parameters
    ----------
    learner, path, timeout, solutions, output_limit, limits, uid, hide
        As for :func:`grade_notebook`.
    sandbox : Sandbox

    Returns
    -------
    SubmissionRun

    Raises
    ------
    OSError
        Only if the sandbox cannot be started at all.
    """
    path = Path(path)
    expected = expected_exercises(path.name, solutions)
    ran = SubmissionRun(NotebookResult(learner, path.name, "ok", expected=expected), timeout=int(timeout),
                        output_limit=int(output_limit), started=time.monotonic())
    try:
        text = read_submission(path)
    except InvalidSubmission as exc:
        ran.result.status, ran.result.detail = "invalid", exc.problem
        return ran
    if uid is None and sandbox.own_uid:
        uid = slot_uids(1)[0]
    hidden = [path.parent, *(hide or [])] + ([Path(solutions)] if solutions else [])
    config = json.dumps({"name": path.name, "timeout": int(timeout), "output_limit": int(output_limit)})
    ran.outcome = run_sandboxed([sys.executable, "-I", "-m", "crmcourse.authoring.grading.worker", config],
                                stdin=text.encode("utf-8"), sandbox=sandbox, limits=limits or Limits(),
                                timeout=int(timeout), wall_timeout=timeout + STARTUP_GRACE,
                                channel_limit=ANSWER_BUDGET + 2_000_000, line_limit=MAX_ANSWER_LINE + 1000,
                                uid=uid, hide=hidden)
    ran.collected = parse_channel(ran.outcome.lines, expected=expected)
    return ran


def judge_submission(ran: SubmissionRun, keyed: dict) -> NotebookResult:
    """Judge the claims of a run with the grader's own checks and set the notebook's status.

    Call it from one thread only (the grader's main thread): some references are computed on
    first use and kept, e.g. in an in-memory SQLite database that belongs to the thread that made it.

    Parameters
    ----------
    ran : SubmissionRun
    keyed : dict
        Exam exercises with their keys (:func:`~crmcourse.authoring.grading.judge.load_answer_keys`).

    Returns
    -------
    NotebookResult

    Raises
    ------
    None
    """
    result = ran.result
    if ran.collected is not None:
        result.records = judge_claims(ran.collected.answers, keyed)
        result.status, result.detail = _status(ran.collected, ran.outcome, ran.timeout, ran.output_limit,
                                               result.expected, result.records)
    result.seconds = time.monotonic() - ran.started
    return result


def _status(collected, outcome, timeout: int, output_limit: int, expected: list[str], records: list[dict]):
    seen = {r["exercise"] for r in records}
    unkeyed = [r["exercise"] for r in records if r["score"] is None]
    note = f"; no answer key for {', '.join(unkeyed[:5])}" if unkeyed else ""
    if outcome.timed_out or collected.status == "timeout":
        return "timeout", f"stopped after {timeout} s" + note
    if outcome.overflow:
        return "output-limit", "the notebook sent more answer data than the grader reads; the rest was dropped" + note
    if not collected.done:
        return "crashed", ("the notebook's run ended abruptly (its process was killed or killed the grader's "
                           "runner); answers handed over before count" + note)
    if collected.status == "dead":
        return "error", "the kernel died (memory or a crash)" + note
    if collected.status == "failed":
        return "error", "the notebook could not be run" + note
    if collected.errors:
        return "error", f"{collected.errors} cell(s) raised, first: {collected.first_error}" + note
    if collected.dropped:
        return "output-limit", f"output beyond {output_limit:,} bytes dropped" + note
    missing = [e for e in expected if e not in seen]
    if missing:
        return "missing-checks", f"{len(missing)} exercise(s) never checked: {', '.join(missing[:5])}" + note
    return "ok", note.lstrip("; ")


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
          output_limit: int = OUTPUT_LIMIT, sandbox: str | Sandbox = "auto", limits: Limits | None = None,
          keys=None, hide: list | None = None) -> list[NotebookResult]:
    """Grade every submission, ``workers`` at a time (default one per core); one bad notebook never stops the run.

    Each submission gets a fresh sandboxed process; if one dies, only its notebook is
    ``crashed``. When there is no sandbox, a warning says so once (on standard error).

    Parameters
    ----------
    submissions : path
    solutions, timeout, output_limit, sandbox, limits, keys, hide
        As for :func:`grade_notebook`.
    workers : int, optional
    progress : bool
        Draw a progress bar on standard error.

    Returns
    -------
    list of NotebookResult
        Sorted by learner and notebook.

    Raises
    ------
    GradingError
        A broken answer key, or ``sandbox="bubblewrap"`` where it does not work.
    """
    from crmcourse.checks import all_exercises

    all_exercises()  # load every declaration once, before the threads judge
    box = _sandbox(sandbox)
    keyed = _keyed(keys, solutions)
    if box.warning:
        print(f"crmcourse grade: {box.warning}", file=sys.stderr)
    jobs = find_submissions(submissions)
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    uids: queue.Queue = queue.Queue()
    for uid in (slot_uids(workers) if box.own_uid else [None] * workers):
        uids.put(uid)
    hidden = [Path(submissions), *(hide or [])]
    if keys is not None and not isinstance(keys, dict):
        hidden += [Path(p) for p in keys]

    def one(job) -> SubmissionRun:  # runs in a pool thread: the sandbox only, no judging
        learner, path = job
        uid = uids.get()
        try:
            return run_submission(learner, path, timeout=timeout, solutions=solutions, output_limit=output_limit,
                                  sandbox=box, limits=limits, uid=uid, hide=hidden)
        finally:
            uids.put(uid)

    results: list[NotebookResult] = []
    started = time.monotonic()
    if progress:
        _progress(0, len(jobs), started)
    guard = StrayGuard() if box.kind == "none" and not box.own_uid else contextlib.nullcontext()
    with guard, ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crmcourse-grade") as pool:
        futures = {pool.submit(one, job): job for job in jobs}
        for future in as_completed(futures):
            learner, path = futures[future]
            try:
                result = judge_submission(future.result(), keyed)  # in this (main) thread
            except Exception as exc:  # the grader's own trouble with this one: record it, grade the others
                result = NotebookResult(learner, Path(path).name, "crashed",
                                        f"the grader failed on it ({type(exc).__name__})")
            results.append(result)
            if progress:
                _progress(len(results), len(jobs), started)
    return sorted(results, key=lambda r: (r.learner, r.notebook))


@dataclass
class ClassReport:
    """What :func:`grade_class` wrote: the gradebook, the per-notebook results, the two files and the sandbox used."""

    book: object  # pandas.DataFrame, one row per learner (see gradebook)
    results: list[NotebookResult]
    gradebook_csv: Path
    summary_png: Path
    sandbox: str = ""

    def summary(self) -> str:
        """One line of counts per status, the sandbox, then the files written."""
        counts = self.book["status"].value_counts().to_dict()
        return (f"graded {len(self.book)} learners ({len(self.results)} notebooks): "
                + ", ".join(f"{n} {s}" for s, n in counts.items())
                + (f"\n{self.sandbox}" if self.sandbox else "")
                + f"\nwrote {self.gradebook_csv} and {self.summary_png}")


def grade_class(submissions: str | os.PathLike, out: str | os.PathLike | None = None, *,
                solutions: str | os.PathLike | None = None, timeout: int = DEFAULT_TIMEOUT,
                workers: int | None = None, progress: bool = True, keys=None,
                sandbox: str | Sandbox = "auto", limits: Limits | None = None,
                output_limit: int = OUTPUT_LIMIT) -> ClassReport:
    """Grade a folder of submissions and write ``gradebook.csv`` and ``class_summary.png`` into ``out``.

    Parameters
    ----------
    submissions : path
        ``<learner>.ipynb`` files or ``<learner>/<notebook>.ipynb`` folders; only read.
    out : path, optional
        Where the two files go (default: ``grades/`` next to ``submissions``); it must be
        outside ``submissions``. Both are written once, at the end, each through a temporary
        file renamed into place.
    solutions : path, optional
        The course's ``solutions/`` (default: the project's), for the exercises each notebook
        should check and the exam answer keys in ``solutions/answer_keys/``.
    timeout, workers, progress, sandbox, limits, output_limit
        As for :func:`grade`.
    keys : list of path, optional
        Exam answer key files or folders (default: ``solutions/answer_keys`` when it exists).

    Returns
    -------
    ClassReport
        The gradebook, the per-notebook results and the paths written.

    Raises
    ------
    GradingError
        If ``submissions`` is not a folder, holds no notebook, ``out`` is inside it, an answer
        key is broken, or a required sandbox does not work.
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
    solutions = solutions if solutions is not None else solutions_dir()
    box = _sandbox(sandbox)
    keyed = _keyed(keys, solutions)
    hidden = [out, Path(solutions) / ANSWER_KEY_DIR] + [Path(p) for p in (keys or [])]
    results = grade(submissions, solutions=solutions, timeout=timeout, workers=workers, progress=progress,
                    sandbox=box, limits=limits, keys=keyed, output_limit=output_limit, hide=hidden)
    book = gradebook(results)
    out.mkdir(parents=True, exist_ok=True)
    report = ClassReport(book, results, out / "gradebook.csv", out / "class_summary.png", box.describe())
    write_atomically(report.gradebook_csv, lambda p: book.to_csv(p, index=False))
    ax = summary_plot(book)
    write_atomically(report.summary_png, lambda p: ax.figure.savefig(p, dpi=120, format="png"))
    import matplotlib.pyplot as plt

    plt.close(ax.figure)
    return report
