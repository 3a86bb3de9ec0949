"""What the grader takes from a submission: a cleaned notebook going in, answer claims coming out.

:func:`read_submission` reads a submitted file in the grader (size-capped, UTF-8, nbformat
4 or older, validated) and clears every saved output, so nothing a learner stored counts.
:func:`parse_channel` reads what came back from the sandbox. Everything in it may be forged by
the notebook's own code, so it keeps only *answer claims* — at most one per exercise (the
last), for exercises the grader's own registry declares (and, when the matching solution is
known, that this notebook is expected to check) — plus a count of failing cells and how the run
ended. No text from the notebook reaches the gradebook: an exception's name is kept only when it
is one of Python's built-in exceptions.

>>> c = parse_channel([b'{"t": "answer", "p": {"exercise": "m0_demo_ratio", "answer": "1.25"}}',
...                    b'{"t": "answer", "p": {"exercise": "m0_demo_ratio\\\\n,evil", "answer": "1"}}',
...                    b'not json', b'{"t": "done", "status": "ok", "dropped": false}'], expected=[])
>>> sorted(c.answers), c.done, c.status
(['m0_demo_ratio'], True, 'ok')
"""
from __future__ import annotations

import builtins
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from crmcourse.errors import CourseDataError

__all__ = ["InvalidSubmission", "Collected", "read_submission", "parse_channel", "MAX_SUBMISSION_BYTES"]

#: The largest submitted file read (a course notebook with outputs is well under 20 MB).
MAX_SUBMISSION_BYTES = 100_000_000
_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
_WORKER_STATUSES = ("ok", "timeout", "dead", "failed")


class InvalidSubmission(CourseDataError):
    """The submitted file is not a readable notebook (too large, not UTF-8, not JSON, not nbformat)."""


@dataclass
class Collected:
    """The claims a sandboxed run made: answers by exercise, failing cells, how it ended."""

    answers: dict[str, dict] = field(default_factory=dict)
    errors: int = 0
    first_error: str = ""
    done: bool = False
    status: str = ""
    dropped: bool = False


def read_submission(path: str | Path) -> str:
    """The submission as nbformat 4 JSON text with every output and execution count cleared.

    Parameters
    ----------
    path : path
        The submitted ``.ipynb`` (only read).

    Returns
    -------
    str

    Raises
    ------
    InvalidSubmission
        Too large, not UTF-8, not JSON, not a notebook nbformat can read and validate.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "x.ipynb"
    >>> _ = bad.write_text("{ not json")
    >>> read_submission(bad)
    Traceback (most recent call last):
    crmcourse.authoring.grading.collect.InvalidSubmission: not a readable notebook (NotJSONError)
    """
    import nbformat

    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SUBMISSION_BYTES + 1)
        if len(raw) > MAX_SUBMISSION_BYTES:
            raise InvalidSubmission(f"larger than {MAX_SUBMISSION_BYTES:,} bytes")
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except InvalidSubmission:
        raise
    except RecursionError:
        raise InvalidSubmission("not a readable notebook (nested too deep)") from None
    except Exception as exc:
        raise InvalidSubmission(f"not a readable notebook ({type(exc).__name__})") from None
    for cell in nb.cells:  # outputs a learner saved must not count: only what runs now is graded
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nbformat.writes(nb, version=4)


def _exception_name(value: object) -> str:
    """A built-in exception's name as is; any other name is the notebook's own text: not shown."""
    if isinstance(value, str) and isinstance(getattr(builtins, value, None), type) \
            and issubclass(getattr(builtins, value), BaseException):
        return value
    return "an exception of the notebook's own"


def parse_channel(lines: list[bytes], *, expected: list[str], known=None) -> Collected:
    """Keep the valid claims of a sandboxed run's output lines.

    Parameters
    ----------
    lines : list of bytes
        One JSON object per line (see :mod:`crmcourse.authoring.grading.worker`).
    expected : list of str
        The exercises the matching solution checks; when not empty, answers to other
        exercises are ignored.
    known : callable, optional
        ``known(exercise_id) -> bool``: is the exercise declared (default: the grader's own
        registry, :func:`crmcourse.checks.get_exercise`).

    Returns
    -------
    Collected

    Raises
    ------
    None
        Malformed lines are skipped.

    Examples
    --------
    >>> parse_channel([b'{"t": "error", "ename": "ValueError"}', b'{"t": "error", "ename": "sk-secret"}'],
    ...               expected=[]).first_error
    'ValueError'
    """
    if known is None:
        from crmcourse.checks import get_exercise

        def known(exercise_id: str) -> bool:
            return get_exercise(exercise_id) is not None

    allowed = set(expected)
    out = Collected()
    for line in lines:
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if not isinstance(event, dict):
            continue
        kind = event.get("t")
        if kind == "answer":
            claim = event.get("p")
            if not isinstance(claim, dict):
                continue
            exercise = claim.get("exercise")
            if not (isinstance(exercise, str) and _ID.fullmatch(exercise)):
                continue
            if (allowed and exercise not in allowed) or not known(exercise):
                continue
            answer = claim.get("answer")
            if claim.get("untransferable") is True:
                kept = {"untransferable": True}
            elif isinstance(answer, str):
                kept = {"answer": answer}
            else:
                continue
            out.answers.pop(exercise, None)  # the last answer counts
            out.answers[exercise] = kept
        elif kind == "error":
            out.errors += 1
            if out.errors == 1:
                out.first_error = _exception_name(event.get("ename"))
        elif kind == "done":  # the last one: the real end comes after anything the notebook forged
            out.done = True
            status = event.get("status")
            out.status = status if status in _WORKER_STATUSES else "failed"
            out.dropped = event.get("dropped") is True
    return out
