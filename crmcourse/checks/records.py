"""What a check concluded, kept twice: in this session and inside the executed notebook.

A :class:`CheckResult` is shown as text or HTML under the cell and stored as a small
``application/vnd.crmcourse.check+json`` record in the cell's output, which the class grader
(``crmcourse grade``) reads back with :func:`records_from_notebook`. :func:`results` and
:func:`progress` report this session's latest result per exercise.

>>> r = CheckResult("m0_demo_ratio", "correct", "")
>>> r.text()
'✅ m0_demo_ratio: correct.'
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import crmcourse.checks.feedback as fb
from crmcourse.errors import CourseDataError

__all__ = ["RECORD_MIME", "STATUSES", "CheckResult", "RESULTS", "remember", "results", "reset_results",
           "progress", "records_from_notebook"]

#: The MIME type of the record a check stores in the notebook for the grader.
RECORD_MIME = "application/vnd.crmcourse.check+json"
#: Every status a check can conclude ("recorded": an exam answer, judged later by the grader).
STATUSES = ("correct", "incorrect", "unanswered", "unknown", "recorded")


@dataclass(frozen=True)
class CheckResult:
    """What a check concluded. ``score`` is 1 for correct, a fraction for partly right items.

    Parameters
    ----------
    exercise : str
        The exercise id.
    status : str
        One of :data:`STATUSES`.
    message : str
        Why (empty when correct); never the expected answer.
    hint : str, default ""
        Shown with "not yet right".
    score : float, default 0.0
        1 for correct, a fraction for partly right items.
    points : int, default 1
        The exercise's weight in the grade.

    Examples
    --------
    >>> CheckResult("m0_demo_ratio", "incorrect", "Your number is too low.", hint="c = b / a").text()
    '❌ m0_demo_ratio: not yet right. Your number is too low.\\n   Hint: c = b / a'
    """

    exercise: str
    status: str
    message: str
    hint: str = ""
    score: float = 0.0
    points: int = 1

    def text(self) -> str:
        """The feedback as plain text (what ``check`` prints).

        Returns
        -------
        str

        Raises
        ------
        KeyError
            ``status`` is not one of :data:`STATUSES`.

        Examples
        --------
        >>> CheckResult("m0_x", "unanswered", "Replace the `...`.").text()
        '⏳ m0_x: not answered yet. Replace the `...`.'
        """
        line = fb.say(fb.RESULT_LINE, symbol=fb.SYMBOLS[self.status], exercise=self.exercise,
                      status=fb.headline(self.status))
        if self.message:
            line = fb.join([line, self.message])
        if self.hint and self.status == "incorrect":
            line += "\n   " + fb.say(fb.HINT_LINE, hint=self.hint)
        return line

    def html(self) -> str:
        """The feedback as a small HTML block (what ``check`` displays in Jupyter).

        Returns
        -------
        str

        Raises
        ------
        KeyError
            ``status`` is not one of :data:`STATUSES`.

        Examples
        --------
        >>> "<code>...</code>" in CheckResult("m0_x", "unanswered", "Replace the `...`.").html()
        True
        """
        # `code` in a message becomes <code>code</code>, as it reads in the plain-text version
        body = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(self.message))
        hint = (f"<br><i>{html.escape(fb.say(fb.HINT_LINE, hint=self.hint))}</i>"
                if self.hint and self.status == "incorrect" else "")
        line = fb.say(fb.RESULT_LINE, symbol=fb.SYMBOLS[self.status], exercise="\x00",
                      status=html.escape(fb.headline(self.status)))
        line = line.replace("\x00", f"<b>{html.escape(self.exercise)}</b>")
        space = "" if fb.join([line, "x"]) == line + "x" else " "  # none after Chinese punctuation
        return (f'<div class="crmcourse-check crmcourse-{self.status}" '
                f'style="border-left:4px solid {fb.COLOURS[self.status]};padding:4px 8px;margin:2px 0">'
                f"{line}{space}{body}{hint}</div>")

    def record(self) -> dict:
        """The machine-readable record stored in the notebook output.

        Returns
        -------
        dict
            ``exercise``, ``status``, ``score`` (4 decimals) and ``points``.

        Raises
        ------
        TypeError
            ``score`` is not a number.

        Examples
        --------
        >>> CheckResult("m0_x", "incorrect", "", score=1 / 3).record()
        {'exercise': 'm0_x', 'status': 'incorrect', 'score': 0.3333, 'points': 1}
        """
        return {"exercise": self.exercise, "status": self.status,
                "score": round(float(self.score), 4), "points": self.points}


#: This session's latest result per exercise id.
RESULTS: dict[str, CheckResult] = {}


def remember(result: CheckResult) -> None:
    """Keep ``result`` as this session's latest for its exercise (results that cannot be checked are not kept).

    Parameters
    ----------
    result : CheckResult

    Returns
    -------
    None

    Raises
    ------
    AttributeError
        ``result`` is not a :class:`CheckResult`.

    Examples
    --------
    >>> reset_results(); remember(CheckResult("m0_demo_ratio", "unknown", "")); len(RESULTS)
    0
    """
    if result.status != "unknown":
        RESULTS[result.exercise] = result


def results():
    """This session's latest result per exercise, as a DataFrame (one row per exercise checked).

    Returns
    -------
    pandas.DataFrame
        Columns ``exercise``, ``status``, ``score``, ``points``.

    Raises
    ------
    None
        The results are kept as :class:`CheckResult` objects, always readable.

    Examples
    --------
    >>> reset_results(); remember(CheckResult("m0_demo_ratio", "correct", "", score=1.0))
    >>> results()[["exercise", "status"]].to_dict("records")
    [{'exercise': 'm0_demo_ratio', 'status': 'correct'}]
    """
    import pandas as pd

    rows = [r.record() for r in RESULTS.values()]
    return pd.DataFrame(rows, columns=["exercise", "status", "score", "points"])


def reset_results() -> None:
    """Forget this session's results (used by tests and by 'start again').

    Returns
    -------
    None

    Raises
    ------
    None
        Emptying the session's results cannot fail.

    Examples
    --------
    >>> reset_results(); len(RESULTS)
    0
    """
    RESULTS.clear()


def progress() -> None:
    """Print a one-line summary of this session's checks and list what is still open.

    Returns
    -------
    None

    Raises
    ------
    None
        It only reads this session's results.

    Examples
    --------
    >>> reset_results(); remember(CheckResult("m0_demo_ratio", "correct", "", score=1.0)); progress()
    1 of 1 checked exercises correct.
    """
    recorded = [r.exercise for r in RESULTS.values() if r.status == "recorded"]
    judged = [r for r in RESULTS.values() if r.status != "recorded"]
    done = [r for r in judged if r.status == "correct"]
    open_ = [r.exercise for r in judged if r.status != "correct"]
    parts = [fb.say(fb.PROGRESS_LINE, done=len(done), count=len(judged))]
    if open_:
        parts.append(fb.say(fb.PROGRESS_OPEN, exercises=", ".join(open_)))
    if recorded:
        parts.append(fb.say(fb.PROGRESS_RECORDED, exercises=", ".join(recorded)))
    print(fb.join(parts))


def records_from_notebook(nb: Any) -> list[dict]:
    """Check records stored in an executed notebook (an nbformat NotebookNode), in cell order.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        A notebook as read by ``nbformat.read``.

    Returns
    -------
    list of dict
        One record per check output (``exercise``, ``status``, ``score``, ``points``); cells and
        outputs that are not well-formed are skipped.

    Raises
    ------
    CourseDataError
        ``nb`` is not a notebook (a mapping with ``cells``).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> out = nbformat.v4.new_output("display_data", data={RECORD_MIME: {"exercise": "m0_demo_ratio",
    ...       "status": "correct", "score": 1.0, "points": 1}})
    >>> nb.cells.append(nbformat.v4.new_code_cell("check(...)", outputs=[out]))
    >>> records_from_notebook(nb)[0]["status"]
    'correct'
    """
    cells = nb.get("cells") if isinstance(nb, Mapping) else None
    if not isinstance(cells, list):
        raise CourseDataError(f"expected a notebook, got {type(nb).__name__}",
                              fix="read it with nbformat.read(path, as_version=4)")
    found = []
    for cell in cells:
        if not isinstance(cell, Mapping) or cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs", [])
        for out in outputs if isinstance(outputs, list) else []:
            data = out.get("data", {}) if isinstance(out, Mapping) else {}
            rec = data.get(RECORD_MIME) if isinstance(data, Mapping) else None
            if isinstance(rec, Mapping) and rec.get("exercise"):
                found.append(dict(rec))
    return found
