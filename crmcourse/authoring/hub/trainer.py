"""The trainer's loop on the hub: collect the learners' notebooks, grade them, return a feedback page to each.

::

    crmcourse hub collect 00_start_here        # homes → submissions/<learner>/00_start_here.ipynb
    crmcourse grade submissions                # → grades/gradebook.csv (crmcourse.authoring.grading)
    crmcourse hub return                       # → <home>/feedback/00_start_here.html, one per learner

:func:`collect` copies what each learner saved (homes are only read); ``NAME`` is a notebook
(``00_start_here``, ``01_satisfaction/03_kano.ipynb``) or a module folder (``01_satisfaction``:
every notebook in it). It writes ``submissions/.collected.json`` (what was collected, from whom,
and who had no copy).

:func:`return_feedback` reads the gradebook ``crmcourse grade`` wrote — the grader's verdict,
from running every notebook afresh — and writes one page per learner into their home
(:func:`feedback_html`, template ``templates/feedback.html.j2``): each exercise with its result,
score and the check's message. The grader's gradebook holds scores, not messages, so the message
is the one the check printed in the learner's saved notebook when that run gave the same score;
when the saved output is older than the answer graded, the page says so instead of showing a
message that no longer fits.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import importlib.resources
import json
import math
import os
import shutil
from pathlib import Path

from crmcourse.authoring.hub.homes import course_source, learner_homes
from crmcourse.authoring.hub.learners import HubSetupError
from crmcourse.i18n import LANGUAGES

__all__ = ["CollectReport", "FeedbackItem", "collect", "notebooks_named", "saved_checks", "feedback_items",
           "feedback_html", "return_feedback", "COLLECTED_FILE", "FEEDBACK_DIR", "TEMPLATE_NAME"]

#: Written into the submissions folder by :func:`collect`.
COLLECTED_FILE = ".collected.json"
#: Folder of a learner's home that receives feedback pages.
FEEDBACK_DIR = "feedback"
TEMPLATE_NAME = "feedback.html.j2"
_META_COLUMNS = ("learner", "total", "max", "status", "detail")


@dataclasses.dataclass
class CollectReport:
    """What :func:`collect` copied: per learner the files, and who had no copy of a notebook."""

    name: str
    out: Path
    notebooks: list[str]
    copied: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    missing: dict[str, list[str]] = dataclasses.field(default_factory=dict)

    def summary(self) -> str:
        """One line per fact a trainer needs before grading.

        >>> print(CollectReport("m0", Path("submissions"), ["00_start_here.ipynb"],
        ...                     copied={"alice": ["00_start_here.ipynb"]}, missing={"bob": ["00_start_here.ipynb"]}).summary())
        collected 00_start_here.ipynb from 1 learner(s) into submissions
          bob: no 00_start_here.ipynb
        next: crmcourse grade submissions
        """
        lines = [f"collected {', '.join(self.notebooks)} from {len(self.copied)} learner(s) into {self.out}"]
        lines += [f"  {learner}: no {', '.join(files)}" for learner, files in self.missing.items()]
        lines.append(f"next: crmcourse grade {self.out}")
        return "\n".join(lines)


def notebooks_named(name: str, course: str | os.PathLike | None = None) -> list[str]:
    """The course notebooks ``name`` stands for, as paths relative to the course's learner folder.

    Parameters
    ----------
    name : str
        A notebook's path (``01_satisfaction/03_kano.ipynb``), its file name or stem
        (``03_kano``), or a module folder (``01_satisfaction``).
    course : path, optional
        The learner notebooks (default: the course's ``notebooks/``).

    Returns
    -------
    list of str
        Sorted ``/``-separated relative paths.

    Raises
    ------
    HubSetupError
        If ``name`` matches no notebook (the message lists the modules).

    Examples
    --------
    >>> notebooks_named("00_start_here")
    ['00_start_here.ipynb']
    >>> len(notebooks_named("01_satisfaction")) > 1
    True
    """
    course = Path(course) if course is not None else course_source()
    all_notebooks = sorted(p.relative_to(course).as_posix() for p in course.rglob("*.ipynb")
                           if not any(part.startswith(".") for part in p.relative_to(course).parts))
    wanted = name.strip().strip("/")
    stem = wanted[:-len(".ipynb")] if wanted.endswith(".ipynb") else wanted
    # The Chinese edition (zh/…) is collected by naming it: `collect zh/01_satisfaction/03_kano`.
    editions = {language for language in LANGUAGES if language != "en"}
    if stem.split("/", 1)[0] not in editions:
        all_notebooks = [rel for rel in all_notebooks if rel.split("/", 1)[0] not in editions]
    found = [rel for rel in all_notebooks if rel == f"{stem}.ipynb" or rel.startswith(f"{stem}/")]
    if not found:
        found = [rel for rel in all_notebooks if Path(rel).stem == Path(stem).name]
    if not found:
        modules = sorted({rel.split("/")[0] for rel in all_notebooks if "/" in rel})
        raise HubSetupError(f"no course notebook is called {name!r}",
                            fix=f"give a notebook (00_start_here, 01_satisfaction/03_kano) or a module: {', '.join(modules)}")
    return found


def collect(hub_dir: str | os.PathLike, name: str, out: str | os.PathLike = "submissions", *,
            course: str | os.PathLike | None = None) -> CollectReport:
    """Copy every learner's saved copy of the notebook(s) ``name`` into ``out/<learner>/``.

    Parameters
    ----------
    hub_dir : path
        The hub's folder (homes are only read).
    name : str
        A notebook or module (see :func:`notebooks_named`).
    out : path
        The submissions folder (default ``submissions`` here); earlier copies are replaced.
    course : path, optional
        The learner notebooks ``name`` is looked up in (default: the course's).

    Returns
    -------
    CollectReport

    Raises
    ------
    HubSetupError
        If ``name`` matches nothing, no learner has a home yet, or ``out`` lies inside the hub's homes.
    """
    homes = learner_homes(hub_dir)
    if not homes:
        raise HubSetupError(f"no learner has logged in to the hub in {hub_dir} yet",
                            fix="collect after the learners have worked; check --dir")
    out = Path(out)
    if any(home.resolve() == out.resolve() or home.resolve() in out.resolve().parents for home in homes.values()):
        raise HubSetupError(f"{out} is inside a learner's home", fix="collect into a folder of the trainer's")
    notebooks = notebooks_named(name, course)
    report = CollectReport(name, out, notebooks)
    for learner, home in homes.items():
        for rel in notebooks:
            source = home / rel
            if not source.is_file():
                report.missing.setdefault(learner, []).append(rel)
                continue
            target = out / learner / Path(rel).name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            report.copied.setdefault(learner, []).append(rel)
    out.mkdir(parents=True, exist_ok=True)
    info = {"name": name, "notebooks": notebooks, "learners": sorted(report.copied), "missing": report.missing,
            "hub": str(Path(hub_dir).resolve()), "at": _dt.datetime.now().isoformat(timespec="seconds")}
    (out / COLLECTED_FILE).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return report


def saved_checks(path: str | os.PathLike) -> dict[str, dict]:
    """What the checks showed in a saved notebook: exercise → its record plus ``text`` (the message shown).

    Parameters
    ----------
    path : path
        A notebook saved by a learner.

    Returns
    -------
    dict of str to dict
        The last check output of each exercise: ``status``, ``score``, ``points``, ``text``;
        empty when the file is not a readable notebook.

    Raises
    ------
    None
    """
    from crmcourse.checks import RECORD_MIME

    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        cells = nb["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    found: dict[str, dict] = {}
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs") or []:
            data = out.get("data") if isinstance(out, dict) else None
            record = data.get(RECORD_MIME) if isinstance(data, dict) else None
            if isinstance(record, dict) and isinstance(record.get("exercise"), str):
                text = data.get("text/plain", "")
                text = "".join(text) if isinstance(text, list) else str(text)
                found[record["exercise"]] = {**record, "text": text}
    return found


@dataclasses.dataclass
class FeedbackItem:
    """One exercise on a learner's feedback page."""

    exercise: str
    notebook: str       # where the learner's saved copy checked it ("" when it was never checked)
    status: str         # correct · partly · incorrect · unanswered · not-checked
    score: float | None
    points: int
    message: str


_STALE = ("Your saved notebook shows an older result for this exercise; run its cell again to see "
          "what the check says about the answer that was graded.")
_CORRECT = "Correct when your notebook was run again for grading."
_NOT_CHECKED = ("This check did not run when your notebook was graded (an earlier cell stopped with "
                "an error, or the check's cell was removed).")


def feedback_items(row: dict, saved: dict[str, dict], exercise_notebooks: dict[str, str] | None = None
                   ) -> list[FeedbackItem]:
    """The exercises of one gradebook row, each with its result and the check's message.

    Parameters
    ----------
    row : dict
        One row of ``gradebook.csv`` (exercise columns hold scores; empty when the check never ran).
    saved : dict
        :func:`saved_checks` of the learner's submitted notebooks, merged.
    exercise_notebooks : dict, optional
        Exercise → notebook file it was found in.

    Returns
    -------
    list of FeedbackItem
        In gradebook column order.

    Raises
    ------
    None

    Examples
    --------
    >>> row = {"learner": "li", "m0_a": 1.0, "m0_b": 0.0, "m0_c": float("nan"), "total": 1.0, "max": 3}
    >>> saved = {"m0_b": {"status": "incorrect", "score": 0.0, "points": 1, "text": "❌ m0_b: not yet right. Too high."}}
    >>> for item in feedback_items(row, saved):
    ...     print(item.exercise, item.status, "|", item.message.split(".")[0])
    m0_a correct | Correct when your notebook was run again for grading
    m0_b incorrect | ❌ m0_b: not yet right
    m0_c not-checked | This check did not run when your notebook was graded (an earlier cell stopped with an error, or the check's cell was removed)
    """
    exercise_notebooks = exercise_notebooks or {}
    items = []
    for column, value in row.items():
        if column in _META_COLUMNS:
            continue
        seen = saved.get(column)
        points = int(seen.get("points", 1)) if seen else 1
        score = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
        if score is None:
            status, message = "not-checked", _NOT_CHECKED
        else:
            if score >= points - 1e-9:
                status = "correct"
            elif score > 0:
                status = "partly"
            else:
                status = seen["status"] if seen and seen.get("status") in ("unanswered", "incorrect") else "incorrect"
            same = seen is not None and abs(float(seen.get("score", -1)) * points - score) < 1e-6
            message = seen["text"] if same else (_CORRECT if status == "correct" else _STALE)
        items.append(FeedbackItem(column, exercise_notebooks.get(column, ""), status, score, points, message))
    return items


def _template_dir() -> Path:
    return Path(str(importlib.resources.files("crmcourse.authoring.hub") / "templates"))


def feedback_html(learner: str, title: str, row: dict, items: list[FeedbackItem]) -> str:
    """A learner's feedback page: one self-contained HTML file (inline CSS, no script, nothing fetched).

    Parameters
    ----------
    learner : str
    title : str
        What was collected (e.g. ``00_start_here``).
    row : dict
        The learner's gradebook row (``total``, ``max``, ``status``, ``detail``).
    items : list of FeedbackItem

    Returns
    -------
    str

    Raises
    ------
    jinja2.TemplateError
        Only if the packaged template is broken.

    Examples
    --------
    >>> page = feedback_html("li<b>", "00_start_here", {"total": 1.0, "max": 2, "status": "ok", "detail": ""},
    ...                      [FeedbackItem("m0_a", "00_start_here.ipynb", "correct", 1.0, 1, "✅ m0_a: correct.")])
    >>> page.startswith("<!DOCTYPE html>"), "li&lt;b&gt;" in page, "m0_a: correct" in page
    (True, True, True)
    """
    import jinja2

    from crmcourse.checks.feedback import SYMBOLS

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_template_dir()),
                             autoescape=jinja2.select_autoescape(("html", "html.j2", "j2")),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    symbols = {**SYMBOLS, "partly": "◐", "not-checked": "—"}
    words = {"correct": "correct", "partly": "partly right", "incorrect": "not yet right",
             "unanswered": "not answered", "not-checked": "not checked"}
    total, most = row.get("total", 0), row.get("max", 0)
    return env.get_template(TEMPLATE_NAME).render(
        learner=learner, title=title, items=items, symbols=symbols, words=words,
        total=total, max=most, status=row.get("status", ""), detail=row.get("detail", "") or "",
        generated=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"))


def _gradebook_rows(path: Path) -> list[dict]:
    import pandas as pd

    book = pd.read_csv(path)
    if "learner" not in book.columns:
        raise HubSetupError(f"{path} is not a gradebook (no 'learner' column)",
                            fix="give the gradebook.csv that `crmcourse grade` wrote")
    book["learner"] = book["learner"].astype(str)
    return book.to_dict("records")


def return_feedback(hub_dir: str | os.PathLike, submissions: str | os.PathLike = "submissions",
                    grades: str | os.PathLike | None = None) -> dict[str, Path]:
    """Write each graded learner's feedback page into their home: ``<home>/feedback/<name>.html``.

    Parameters
    ----------
    hub_dir : path
        The hub's folder.
    submissions : path
        What :func:`collect` wrote (the learners' saved copies give the checks' messages).
    grades : path, optional
        The folder holding ``gradebook.csv`` (default: ``grades`` beside ``submissions``,
        where ``crmcourse grade`` writes it), or the CSV file itself.

    Returns
    -------
    dict of str to pathlib.Path
        Learner → the page written. Learners graded but without a home are left out.

    Raises
    ------
    HubSetupError
        If there is no gradebook (grade first) or it is not one.
    """
    submissions = Path(submissions)
    grades = Path(grades) if grades is not None else submissions.resolve().parent / "grades"
    book_path = grades if grades.suffix == ".csv" else grades / "gradebook.csv"
    if not book_path.is_file():
        raise HubSetupError(f"no gradebook at {book_path}", fix=f"run `crmcourse grade {submissions}` first")
    try:
        info = json.loads((submissions / COLLECTED_FILE).read_text(encoding="utf-8"))
        name = str(info.get("name") or "feedback")
    except (OSError, ValueError):
        name = submissions.name
    page_name = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name.strip("/")) or "feedback"
    homes = learner_homes(hub_dir)
    written = {}
    for row in _gradebook_rows(book_path):
        learner = row["learner"]
        home = homes.get(learner)
        if home is None:
            continue
        saved: dict[str, dict] = {}
        where: dict[str, str] = {}
        for notebook in sorted((submissions / learner).glob("*.ipynb")):
            for exercise, record in saved_checks(notebook).items():
                saved[exercise], where[exercise] = record, notebook.name
        items = feedback_items(row, saved, where)
        target = home / FEEDBACK_DIR / f"{page_name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
        tmp.write_text(feedback_html(learner, name, row, items), encoding="utf-8")
        os.replace(tmp, target)
        written[learner] = target
    return written
