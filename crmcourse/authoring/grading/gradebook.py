"""The gradebook and the class chart, built from the grader's own verdicts and written atomically.

Only grader-made values reach these files: the learner's name (the submission's file or folder
name), exercise ids the registry declares, scores the grader computed, points from the exercise
declarations, a status from a fixed list and a detail the grader wrote.
"""
from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["STATUS_ORDER", "gradebook", "summary_plot", "write_atomically", "declared_points", "share_right"]

#: Statuses from best to worst; a learner's row shows the worst of their notebooks.
STATUS_ORDER = ["ok", "missing-checks", "output-limit", "error", "timeout", "crashed", "invalid"]
META_COLUMNS = ("learner", "total", "max", "status", "detail")


def declared_points(exercise_id: str) -> int | None:
    """The points the exercise declaration gives (None for an id no exercise file declares).

    Examples
    --------
    >>> declared_points("m0_demo_ratio"), declared_points("m9_nothing")
    (1, None)
    """
    from crmcourse.checks import get_exercise

    ex = get_exercise(exercise_id)
    return int(ex.points) if ex is not None else None


def gradebook(results: Iterable):
    """One row per learner: a score column per exercise, then total, max, status and detail.

    A score is the grader's verdict (1 correct, a fraction for partly right lists, 0 wrong or
    unanswered) times the exercise's declared points; empty when the notebook never handed an
    answer over. Records for exercises no declaration knows are ignored, and so are any points
    a record carries: points come from the declarations. ``max`` adds up the points of every
    exercise expected from the matching solutions (or answered).

    Parameters
    ----------
    results : iterable of NotebookResult

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    None

    Examples
    --------
    >>> from crmcourse.authoring.grading import NotebookResult
    >>> r = NotebookResult("li", "00.ipynb", "ok", records=[
    ...     {"exercise": "m0_demo_ratio", "status": "correct", "score": 1.0, "points": 100}],
    ...     expected=["m0_demo_ratio", "m0_demo_zone"])
    >>> gradebook([r]).to_dict("records")
    [{'learner': 'li', 'm0_demo_ratio': 1.0, 'm0_demo_zone': nan, 'total': 1.0, 'max': 2, 'status': 'missing-checks', 'detail': ''}]
    """
    import pandas as pd

    results = list(results)
    points: dict[str, int | None] = {}

    def weight(exercise: str) -> int | None:
        if exercise not in points:
            points[exercise] = declared_points(exercise)
        return points[exercise]

    exercises: list[str] = []
    for r in results:
        for e in list(r.expected) + [rec.get("exercise") for rec in r.records]:
            if isinstance(e, str) and e not in exercises and (weight(e) is not None or e in r.expected):
                exercises.append(e)
    rows = []
    for learner in sorted({r.learner for r in results}):
        mine = [r for r in results if r.learner == learner]
        row: dict = {"learner": learner}
        scores: dict[str, float] = {}
        for r in mine:
            for rec in r.records:  # one record per exercise and notebook; a later notebook's wins
                e, score = rec.get("exercise"), rec.get("score")
                if not isinstance(e, str) or weight(e) is None or score is None:
                    continue
                try:
                    value = float(score)
                except (TypeError, ValueError):
                    continue
                if math.isfinite(value):
                    scores[e] = round(max(0.0, min(1.0, value)) * weight(e), 4)
        for e in exercises:
            row[e] = scores.get(e, float("nan"))
        expected = {e for r in mine for e in r.expected} | set(scores)
        row["total"] = round(sum(scores.values()), 4)
        row["max"] = sum(weight(e) or 1 for e in expected)
        worst = max(mine, key=lambda r: STATUS_ORDER.index(r.status) if r.status in STATUS_ORDER else 0)
        statuses = {r.status for r in mine}
        if worst.status == "ok" and any(e not in scores for e in expected):
            row["status"] = "missing-checks"
        else:
            row["status"] = worst.status
        row["detail"] = "; ".join(f"{r.notebook}: {r.detail}" for r in mine if r.detail) if statuses != {"ok"} else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=["learner", *exercises, "total", "max", "status", "detail"])


def summary_plot(book, ax=None):
    """Bar chart: share of learners who got each exercise right, hardest first (returns the Axes).

    Parameters
    ----------
    book : pandas.DataFrame
        From :func:`gradebook`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    None
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    exercises = [c for c in book.columns if c not in META_COLUMNS]
    weights = {e: declared_points(e) or 1 for e in exercises}
    share = share_right(book, exercises, weights)
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


def share_right(book, exercises: list[str], weights: dict[str, int]):
    """Share of learners with full points on each exercise, lowest first.

    Examples
    --------
    >>> import pandas as pd
    >>> share_right(pd.DataFrame({"a": [1.0, 0.0], "b": [2.0, 2.0]}), ["a", "b"], {"a": 1, "b": 2}).to_dict()
    {'a': 0.5, 'b': 1.0}
    """
    full = {e: (book[e].fillna(0) >= weights[e] - 1e-9).mean() for e in exercises}
    import pandas as pd

    return pd.Series(full, dtype=float).sort_values(kind="stable")


def write_atomically(path: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    """Write a file through a temporary neighbour and rename it into place (readers never see half a file).

    Parameters
    ----------
    path : path
        The file to (re)place.
    write : callable
        ``write(temporary_path)`` writes the content.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OSError
        The folder cannot be written; the old file is then left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "book.csv"
    >>> write_atomically(target, lambda p: p.write_text("a,b\\n")).read_text()
    'a,b\\n'
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
    return path
