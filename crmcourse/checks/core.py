"""``check`` and ``evaluate``: judge an answer, show the feedback, keep the record.

:func:`evaluate` never raises, whatever the answer is: placeholders are "not answered yet",
objects that break comparisons are "not yet right" with the reason, and an exercise whose
expected answer cannot be computed is "cannot be checked". An exam exercise gets no verdict:
its answer is "recorded, graded by your trainer". :func:`check` shows the result under the
cell and never raises either; under ``crmcourse grade`` it also hands the answer itself to the
grader (:func:`crmcourse.checks.transfer.emit`), which judges it with :func:`judge_answer`.

>>> evaluate("m0_demo_ratio", 1.25).status
'correct'
"""
from __future__ import annotations

import warnings
from typing import Any

import crmcourse.checks.feedback as fb
from crmcourse.checks.answers import is_unanswered, plain
from crmcourse.checks.kinds import NoReference
from crmcourse.checks.records import RECORD_MIME, STATUSES, CheckResult, remember
from crmcourse.checks.kinds import Exercise
from crmcourse.checks.registry import get_exercise
from crmcourse.checks.transfer import Untransferable, dumps, emit

__all__ = ["evaluate", "check", "show", "judge_answer"]


def _error_text(exc: BaseException) -> str:
    """``"TypeError: message"`` cut to 80 characters of message; never raises."""
    try:
        name = type(exc).__name__
    except Exception:
        name = "error"
    try:
        message = str(exc)
        message = str.__str__(message)[:80] if isinstance(message, str) else ""
    except Exception:
        message = ""
    return f"{name}: {message}" if message else name


def _shown_id(value: Any) -> str:
    """How a non-text exercise id is named in the feedback: ``3`` as ``3``, other objects by type."""
    if type(value) in (int, float, bool, type(None)):
        try:
            return str(value)[:40]
        except ValueError:  # an int with more digits than str() converts
            pass
    return fb.describe(value)[:40]


def _judge(exercise_id: Any, answer: Any) -> CheckResult:
    if not isinstance(exercise_id, str):
        return CheckResult(_shown_id(exercise_id), "unknown", fb.say(fb.ID_NOT_TEXT))
    exercise_id = str.__str__(exercise_id)
    ex = get_exercise(exercise_id)
    if ex is None:
        return CheckResult(exercise_id, "unknown", fb.say(fb.NO_SUCH_EXERCISE))
    return _judge_exercise(ex, answer)


def _judge_exercise(ex: Exercise, answer: Any) -> CheckResult:
    answer = plain(answer)
    hint = fb.course_text(ex.hint)
    if is_unanswered(answer):
        return CheckResult(ex.id, "unanswered", fb.say(fb.UNANSWERED), hint, 0.0, ex.points)
    if ex.exam:  # no target here: only say whether the answer can reach the trainer
        try:
            dumps(answer)
        except Untransferable:
            return CheckResult(ex.id, "unanswered", fb.say(fb.NOT_RECORDABLE), "", 0.0, ex.points)
        return CheckResult(ex.id, "recorded", fb.say(fb.RECORDED), "", 0.0, ex.points)
    try:
        with warnings.catch_warnings():  # pandas/numpy warnings about a learner's object are not feedback
            warnings.simplefilter("ignore")
            status, message, score = ex.judge(answer)
    except NoReference as exc:
        return CheckResult(ex.id, "unknown", fb.say(fb.NO_REFERENCE, error=exc), hint, 0.0, ex.points)
    except Exception as exc:  # a learner's object can break anything: report, never raise
        return CheckResult(ex.id, "incorrect", fb.say(fb.NOT_COMPARABLE, error=_error_text(exc)),
                           hint, 0.0, ex.points)
    if status not in STATUSES:  # pragma: no cover - a declaration bug, not the learner's
        status, message, score = "unknown", fb.say(fb.DECLARATION_STATUS, status=status), 0.0
    return CheckResult(ex.id, status, str(message), hint, float(score), ex.points)


def evaluate(exercise_id: Any, answer: Any, *, record: bool = False) -> CheckResult:
    """Judge an answer and return a :class:`~crmcourse.checks.CheckResult` (no printing). Never raises.

    Parameters
    ----------
    exercise_id : str
        The exercise, e.g. ``"m1_nps_q1"``.
    answer : Any
        Whatever the learner passed; ``...`` and ``None`` mean "not answered yet".
    record : bool, default False
        Keep the result as this session's latest for the exercise (see
        :func:`~crmcourse.checks.results`).

    Returns
    -------
    CheckResult
        ``status`` is one of ``STATUSES``: ``"correct"``, ``"incorrect"``, ``"unanswered"`` or
        ``"unknown"`` (unknown exercise, or one that cannot be checked).

    Raises
    ------
    None
        Whatever ``exercise_id`` and ``answer`` are (only ``KeyboardInterrupt`` and the like pass).

    Examples
    --------
    >>> evaluate("m0_no_such_exercise", 3).status
    'unknown'
    >>> r = evaluate("m0_demo_ratio", 125)
    >>> r.status, "percent" in r.message
    ('incorrect', True)
    """
    try:
        result = _judge(exercise_id, answer)
    except Exception as exc:  # e.g. a broken exercise file: still a result, never an exception
        name = exercise_id if type(exercise_id) is str else "?"
        result = CheckResult(name, "incorrect", fb.say(fb.NOT_COMPARABLE, error=_error_text(exc)))
    try:
        keep = bool(record)
    except Exception:
        keep = False
    if keep:
        remember(result)
    return result


def judge_answer(exercise: Exercise, answer: Any) -> CheckResult:
    """Judge an answer against a given exercise object (the grader's pristine or answer-keyed copy). Never raises.

    Parameters
    ----------
    exercise : Exercise
        An exercise object, registered or not (e.g. ``get_exercise(id).with_key(key)``).
    answer : Any
        The answer, as decoded by the grader.

    Returns
    -------
    CheckResult
        As :func:`evaluate`; nothing is recorded in this session.

    Raises
    ------
    None

    Examples
    --------
    >>> from crmcourse.checks import NumberExercise
    >>> quiz = NumberExercise(id="t_quiz", title="t", hint="h", exam=True)
    >>> judge_answer(quiz, 3).status, judge_answer(quiz.with_key({"expected": 3}), 3).status
    ('recorded', 'correct')
    """
    try:
        if not isinstance(exercise, Exercise):
            return CheckResult("?", "unknown", fb.say(fb.NO_SUCH_EXERCISE))
        return _judge_exercise(exercise, answer)
    except Exception as exc:
        return CheckResult(getattr(exercise, "id", "?") if isinstance(exercise, Exercise) else "?", "incorrect",
                           fb.say(fb.NOT_COMPARABLE, error=_error_text(exc)))


def show(result: CheckResult) -> None:
    """Display a result under the cell: HTML plus the grader's record in Jupyter, text elsewhere.

    Parameters
    ----------
    result : CheckResult

    Returns
    -------
    None

    Raises
    ------
    Exception
        What the display machinery raises (:func:`check` falls back to printing).

    Examples
    --------
    >>> show(CheckResult("m0_demo_ratio", "correct", ""))
    ✅ m0_demo_ratio: correct.
    """
    shell = None
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        pass
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import display

        display({"text/plain": result.text(), "text/html": result.html(),
                 RECORD_MIME: result.record()}, raw=True)
    else:
        print(result.text())


def check(exercise_id: str, answer: Any) -> None:
    """Check an exercise answer and show the feedback under the cell.

    Prints correct / not answered yet / not yet right (with the reason and a hint) — or, for an
    exam exercise, "recorded, graded by your trainer" — and stores a small record in the notebook
    output for progress tools. Under ``crmcourse grade`` it also displays the answer itself for
    the grader, which judges it with its own checks (the record is never trusted). Returns None,
    so a check never adds an ``Out[...]`` line, and never raises, whatever ``answer`` is.

    Parameters
    ----------
    exercise_id : str
        The exercise id given in the notebook, e.g. ``"m1_nps_q1"``.
    answer : Any
        Your answer.

    Returns
    -------
    None

    Raises
    ------
    None
        Whatever ``exercise_id`` and ``answer`` are, and even when the display fails.

    Examples
    --------
    >>> check("m0_demo_ratio", 0.8)
    ❌ m0_demo_ratio: not yet right. You divided the expectation by the experience. The ratio puts what the guest perceived on top: revisit c = b / a in the worked example.
       Hint: The worked example divides what the guest perceived by what they expected; do the same with this guest's two numbers.
    >>> check("m0_demo_ratio", object())
    ❌ m0_demo_ratio: not yet right. Expected a single number, got object <object object at 0x...>.
       Hint: The worked example divides what the guest perceived by what they expected; do the same with this guest's two numbers.
    """
    result = evaluate(exercise_id, answer, record=True)
    try:
        show(result)
    except Exception:  # display machinery failing must not break a learner's cell
        try:
            print(result.text())
        except Exception:
            pass
    emit(exercise_id, answer)  # only under `crmcourse grade`; never raises
