"""``crmcourse progress``: where a learner stands across the whole course, from their saved notebooks.

Every check a learner runs stores a small record in the cell's output
(``application/vnd.crmcourse.check+json``: exercise, status, score, points — see
:func:`crmcourse.checks.records_from_notebook`), so the saved notebooks already say what was
answered. This module reads them, without running anything, and reports per module and
notebook how many exercises are

* **correct** — the latest check said correct;
* **tried** — checked, but not (yet) right, or only partly right;
* **not yet answered** — still ``...``, or the check cell was never run (or never saved);

plus a score for every quiz (a notebook with ``quiz`` in its path): points earned of points
possible. :func:`format_progress` gives the terminal table, :func:`progress_html` the page
(Jinja2 template ``templates/progress.html.j2``), and :func:`report_progress` does both for the
command. Only what is *saved* counts: a check run but not saved is not in the file.

>>> import json, tempfile
>>> cell = {"cell_type": "code", "source": 'check("m0_demo_ratio", answer)', "metadata": {},
...         "execution_count": 1, "outputs": [{"output_type": "display_data", "metadata": {}, "data": {
...             "application/vnd.crmcourse.check+json": {"exercise": "m0_demo_ratio", "status": "correct",
...                                                      "score": 1.0, "points": 1}}}]}
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = Path(tmp, "00_start_here.ipynb").write_text(json.dumps(
...         {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
...     course = course_progress(tmp)
>>> course.totals()
{'exercises': 1, 'correct': 1, 'tried': 0, 'open': 0}
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import importlib.resources
import json
import os
import re
import sys
from pathlib import Path

from crmcourse.authoring.workspace import MANIFEST_NAME, Located, WorkspaceError, course_notebooks, locate

__all__ = ["NotebookProgress", "ModuleProgress", "CourseProgress", "notebook_progress", "course_progress",
           "format_progress", "progress_html", "progress_page_path", "report_progress", "is_quiz",
           "PAGE_NAME", "TEMPLATE_NAME", "STATES"]

#: The page ``crmcourse progress`` writes (in the workspace folder).
PAGE_NAME = "progress.html"
#: The Jinja2 template of the page, in ``crmcourse/authoring/templates/``.
TEMPLATE_NAME = "progress.html.j2"
#: An exercise's state, as shown: correct, tried (checked, not right yet), open (not yet answered).
STATES = ("correct", "tried", "open")

_CHECK_CALL = re.compile(r"\bcheck\(\s*[\"']([A-Za-z0-9_]+)[\"']")
_RECORD_STATE = {"correct": "correct", "incorrect": "tried", "unknown": "tried", "unanswered": "open"}


def is_quiz(rel: str) -> bool:
    """True for a quiz notebook: ``quiz`` in its file or folder name (any case).

    Parameters
    ----------
    rel : str
        The notebook's path relative to the notebooks folder.

    Returns
    -------
    bool

    Raises
    ------
    None

    Examples
    --------
    >>> is_quiz("01_satisfaction/06_Quiz.ipynb"), is_quiz("quizzes/m1.ipynb"), is_quiz("01_satisfaction/03_kano.ipynb")
    (True, True, False)
    """
    return "quiz" in str(rel).lower()


@dataclasses.dataclass
class NotebookProgress:
    """One saved notebook: its exercises (in order) and the state of each."""

    rel: str                                   # path relative to the notebooks folder, "/"-separated
    title: str = ""
    exercises: dict[str, str] = dataclasses.field(default_factory=dict)      # id -> state
    titles: dict[str, str] = dataclasses.field(default_factory=dict)         # id -> exercise title
    earned: float = 0.0                        # points earned (score x points of the latest checks)
    possible: int = 0                          # points of every exercise in the notebook
    saved: _dt.datetime | None = None          # when the file was last saved
    problem: str = ""                          # set when the file could not be read

    @property
    def module(self) -> str:
        """The module folder (``01_satisfaction``), or ``""`` for a notebook at the top."""
        return self.rel.split("/")[0] if "/" in self.rel else ""

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]

    @property
    def quiz(self) -> bool:
        return is_quiz(self.rel)

    def count(self, state: str) -> int:
        """How many exercises are in ``state`` (one of :data:`STATES`)."""
        return sum(1 for s in self.exercises.values() if s == state)

    @property
    def worked_on(self) -> bool:
        """True when at least one check was run and saved."""
        return any(s != "open" for s in self.exercises.values())

    @property
    def score(self) -> float | None:
        """Share of the points earned (0–1), or None for a notebook without exercises."""
        return self.earned / self.possible if self.possible else None


@dataclasses.dataclass
class ModuleProgress:
    """The notebooks of one module folder (``""``: the notebooks at the top, e.g. the start notebook)."""

    name: str
    notebooks: list[NotebookProgress]

    def count(self, state: str) -> int:
        return sum(nb.count(state) for nb in self.notebooks)

    @property
    def exercises(self) -> int:
        return sum(len(nb.exercises) for nb in self.notebooks)


@dataclasses.dataclass
class CourseProgress:
    """Every course notebook in a folder, in course order, grouped by module."""

    folder: Path
    notebooks: list[NotebookProgress]
    generated: _dt.datetime = dataclasses.field(default_factory=lambda: _dt.datetime.now().replace(microsecond=0))

    @property
    def modules(self) -> list[ModuleProgress]:
        groups: dict[str, list[NotebookProgress]] = {}
        for nb in self.notebooks:
            groups.setdefault(nb.module, []).append(nb)
        return [ModuleProgress(name, nbs) for name, nbs in groups.items()]

    @property
    def quizzes(self) -> list[NotebookProgress]:
        return [nb for nb in self.notebooks if nb.quiz]

    def totals(self) -> dict[str, int]:
        """Exercise counts over the whole course: exercises, correct, tried, open."""
        out = {"exercises": sum(len(nb.exercises) for nb in self.notebooks)}
        out.update({state: sum(nb.count(state) for nb in self.notebooks) for state in STATES})
        return out

    def next_up(self) -> NotebookProgress | None:
        """Where to pick up: the last notebook saved with a check in it, or the next one with work left.

        None when every exercise is correct (or there is none).
        """
        def unfinished(nb):
            return nb.count("correct") < len(nb.exercises)

        worked = [nb for nb in self.notebooks if nb.worked_on and nb.saved is not None]
        if worked:
            last = max(worked, key=lambda nb: nb.saved)
            if unfinished(last):
                return last
            after = self.notebooks[self.notebooks.index(last) + 1:]
            for nb in after + self.notebooks:
                if unfinished(nb):
                    return nb
            return None
        return next((nb for nb in self.notebooks if unfinished(nb)), None)


# --------------------------------------------------------------------------- reading
def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _title(cells: list) -> str:
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            for line in _source(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            return ""
    return ""


def _exercise_info(exercise_id: str) -> tuple[str, int]:
    """(title, points) of a declared exercise; ("", 1) when it is unknown."""
    try:
        from crmcourse.checks import get_exercise

        ex = get_exercise(exercise_id)
    except Exception:  # noqa: BLE001 - an exercise file that fails to load must not stop the report
        ex = None
    if ex is None:
        return "", 1
    return str(getattr(ex, "title", "") or ""), int(getattr(ex, "points", 1) or 1)


def notebook_progress(path: str | os.PathLike, rel: str | None = None) -> NotebookProgress:
    """The state of every exercise in one saved notebook (nothing is run).

    Parameters
    ----------
    path : path
        The notebook file.
    rel : str, optional
        Its name as shown (default: the file name).

    Returns
    -------
    NotebookProgress
        Exercises in order of their check cells (plus any other exercise a saved record names),
        each ``correct``, ``tried`` or ``open``; the latest record of an exercise counts. A file
        that is not a readable notebook gives no exercises and ``problem`` saying why.

    Raises
    ------
    None
        An unreadable file is reported in ``problem``, not raised.

    Examples
    --------
    >>> notebook_progress("/no/such.ipynb").problem
    'cannot read the file (FileNotFoundError)'
    """
    from crmcourse.checks import records_from_notebook

    path = Path(path)
    result = NotebookProgress(rel or path.name)
    try:
        result.saved = _dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb.get("cells") if isinstance(nb, dict) else None
        if not isinstance(cells, list):
            raise ValueError("no cells")
    except (OSError, UnicodeError) as exc:
        result.problem = f"cannot read the file ({type(exc).__name__})"
        return result
    except ValueError:
        result.problem = "not a notebook (the file is not notebook JSON)"
        return result
    cells = [c for c in cells if isinstance(c, dict)]
    result.title = _title(cells)
    for cell in cells:
        if cell.get("cell_type") == "code":
            for exercise in _CHECK_CALL.findall(_source(cell)):
                result.exercises.setdefault(exercise, "open")
    latest: dict[str, dict] = {}
    try:
        records = records_from_notebook({"cells": cells})
    except Exception:  # noqa: BLE001 - a malformed output is skipped, never fatal
        records = []
    for rec in records:
        latest[str(rec.get("exercise"))] = rec
    for exercise, rec in latest.items():
        result.exercises[exercise] = _RECORD_STATE.get(str(rec.get("status")), "tried")
    for exercise in result.exercises:
        title, points = _exercise_info(exercise)
        result.titles[exercise] = title
        rec = latest.get(exercise)
        if rec is not None:
            try:
                points = int(rec.get("points", points))
                result.earned += max(0.0, min(1.0, float(rec.get("score", 0.0)))) * points
            except (TypeError, ValueError, OverflowError):
                pass
        result.possible += points
    result.earned = round(result.earned, 4)
    return result


def course_progress(folder: str | os.PathLike) -> CourseProgress:
    """Read every course notebook under ``folder`` (a learner ``notebooks/`` folder), in course order.

    A notebook counts when the course put it there (it is in the folder's ``.generated.json``)
    or it has exercises; the learner's own scratch notebooks are left out, and so are
    ``.backup/`` and ``.ipynb_checkpoints/``.

    Parameters
    ----------
    folder : path
        The learner notebooks.

    Returns
    -------
    CourseProgress

    Raises
    ------
    WorkspaceError
        If ``folder`` is not a folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     print(course_progress(tmp).totals())
    {'exercises': 0, 'correct': 0, 'tried': 0, 'open': 0}
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise WorkspaceError(f"{folder} is not a folder of notebooks",
                             fix="give the workspace made by `crmcourse init` (or its notebooks/ folder)")
    try:
        listed = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        listed = {}
    listed = set(listed) if isinstance(listed, dict) else set()
    found = []
    for rel in course_notebooks(folder):
        nb = notebook_progress(folder / rel, rel)
        if rel in listed or nb.exercises or nb.problem:
            found.append(nb)
    return CourseProgress(folder, found)


# --------------------------------------------------------------------------- showing
def _score_text(nb: NotebookProgress) -> str:
    if not nb.quiz or nb.score is None:
        return ""
    earned = f"{nb.earned:g}"
    return f"{earned}/{nb.possible} ({nb.score:.0%})"


def format_progress(progress: CourseProgress) -> str:
    """The terminal table: per module and notebook, correct / tried / not yet answered, quiz score.

    Parameters
    ----------
    progress : CourseProgress

    Returns
    -------
    str
        Plain text (file paths and digits only, so any console can print it).

    Raises
    ------
    None

    Examples
    --------
    >>> nb = NotebookProgress("01_m/06_quiz.ipynb", exercises={"a": "correct", "b": "tried"}, earned=1.5, possible=2)
    >>> print(format_progress(CourseProgress(Path("nbs"), [nb], _dt.datetime(2026, 1, 5, 9, 0))))
    Course progress in nbs (saved notebooks, 2026-01-05 09:00)
    <BLANKLINE>
    notebook                     correct  tried  not yet  quiz score  last saved
    01_m
      06_quiz.ipynb                    1      1        0  1.5/2 (75%)
    <BLANKLINE>
    whole course                       1      1        0
    Pick up at: 01_m/06_quiz.ipynb (1 exercise not yet correct)
    """
    width = max([28] + [len(nb.name) + 3 for nb in progress.notebooks])
    lines = [f"Course progress in {progress.folder} (saved notebooks, {progress.generated:%Y-%m-%d %H:%M})", "",
             f"{'notebook':<{width}} correct  tried  not yet  quiz score  last saved"]

    def row(label, correct, tried, open_, score="", saved=""):
        return f"{label:<{width}} {correct:>7}  {tried:>5}  {open_:>7}  {score:<10}  {saved}".rstrip()

    for module in progress.modules:
        indent = ""
        if module.name:
            lines.append(module.name)
            indent = "  "
        for nb in module.notebooks:
            if nb.problem:
                lines.append(f"{indent + nb.name:<{width}} {nb.problem}")
                continue
            saved = f"{nb.saved:%Y-%m-%d %H:%M}" if nb.saved and nb.worked_on else ""
            lines.append(row(indent + nb.name, nb.count("correct"), nb.count("tried"), nb.count("open"),
                             _score_text(nb), saved))
    totals = progress.totals()
    lines += ["", row("whole course", totals["correct"], totals["tried"], totals["open"])]
    nxt = progress.next_up()
    if nxt is not None:
        left = len(nxt.exercises) - nxt.count("correct")
        lines.append(f"Pick up at: {nxt.rel} ({left} exercise{'s' if left != 1 else ''} not yet correct)")
    elif totals["exercises"]:
        lines.append("Every exercise is correct. Well done!")
    return "\n".join(lines)


def _template_dir() -> Path:
    return Path(str(importlib.resources.files("crmcourse.authoring") / "templates"))


def progress_html(progress: CourseProgress) -> str:
    """The progress page (one self-contained HTML file, no scripts, no network).

    Parameters
    ----------
    progress : CourseProgress

    Returns
    -------
    str
        The page, rendered from ``templates/progress.html.j2`` with everything escaped.

    Raises
    ------
    jinja2.TemplateError
        Only if the packaged template is broken.

    Examples
    --------
    >>> nb = NotebookProgress("00_start_here.ipynb", title="0 <Start>", exercises={"a": "open"}, possible=1)
    >>> page = progress_html(CourseProgress(Path("nbs"), [nb]))
    >>> "0 &lt;Start&gt;" in page and page.startswith("<!DOCTYPE html>")
    True
    """
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_template_dir()),
                             autoescape=jinja2.select_autoescape(("html", "html.j2", "j2")),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    totals = progress.totals()
    nxt = progress.next_up()
    return env.get_template(TEMPLATE_NAME).render(
        progress=progress, modules=progress.modules, totals=totals, next_up=nxt, score_text=_score_text,
        percent=lambda part, whole: round(100 * part / whole, 1) if whole else 0,
        symbols={"correct": "\u2705", "tried": "\u274c", "open": "\u23f3"},
        state_words={"correct": "correct", "tried": "tried, not yet right", "open": "not yet answered"})


def progress_page_path(located: Located) -> Path:
    """Where :func:`report_progress` writes the page: the workspace folder (a checkout: ``build/``).

    Parameters
    ----------
    located : Located
        What :func:`crmcourse.authoring.workspace.locate` found.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    None

    Examples
    --------
    >>> progress_page_path(Located(Path("ws/notebooks"), Path("ws"), "workspace")).as_posix()
    'ws/progress.html'
    >>> progress_page_path(Located(Path("repo/notebooks"), Path("repo"), "checkout")).as_posix()
    'repo/build/progress.html'
    """
    if located.kind == "checkout":
        return located.root / "build" / PAGE_NAME
    return located.root / PAGE_NAME


def report_progress(folder: str | os.PathLike | None = None, *, out: str | os.PathLike | None = None,
                    stream=None) -> Path:
    """``crmcourse progress [DIR] [--out FILE]``: print the table and write the page.

    Parameters
    ----------
    folder : path, optional
        A workspace, its ``notebooks/`` or any folder of learner notebooks (default: the
        workspace found from the current folder; see :func:`crmcourse.authoring.workspace.locate`).
    out : path, optional
        The HTML file to write (default: :func:`progress_page_path`).
    stream : file, optional
        Where the table is printed (default ``sys.stdout``).

    Returns
    -------
    pathlib.Path
        The page written.

    Raises
    ------
    WorkspaceError
        If no notebooks are found, or ``folder`` is not a folder.
    OSError
        If the page cannot be written.
    """
    stream = stream or sys.stdout
    located = locate(folder=folder) if folder is not None else locate()
    if located is None:
        from crmcourse.authoring.workspace import init_command

        raise WorkspaceError("no crmcourse workspace here, so there is no progress to show",
                             fix=f"run `{init_command()}` first, or give the folder: `crmcourse progress FOLDER`")
    progress = course_progress(located.notebooks)
    page = Path(out) if out is not None else progress_page_path(located)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(progress_html(progress), encoding="utf-8")
    print(format_progress(progress), file=stream)
    print(f"\nWrote {page} (open it in a browser).", file=stream)
    return page
