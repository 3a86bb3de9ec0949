"""Exercise checks: ``check("m1_nps_q1", answer)`` says correct, not answered yet, or not yet right.

A check never raises on anything a learner can type, never shows the expected answer, and
records its result twice: in this session (:func:`results`, :func:`progress`) and inside the
notebook itself, as a ``application/vnd.crmcourse.check+json`` output that the class grader
(``crmcourse grade``) reads back from an executed notebook.

Exercises are declared in ``crmcourse/exercises/<module>.py`` (``m0.py``, ``m1.py`` …). Discrete
answers are stored as salted SHA-256 hashes (:func:`answer_hash`); numbers with a tolerance;
tables are compared with a reference the course helpers compute from the shipped data.

>>> r = evaluate("m0_demo_ratio", 1.25)
>>> r.status
'correct'
>>> evaluate("m0_demo_ratio", ...).status
'unanswered'
>>> r = evaluate("m0_demo_ratio", 125)
>>> r.status, "percent" in r.message
('incorrect', True)
"""
from __future__ import annotations

import hashlib
import html
import importlib
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "check",
    "evaluate",
    "answer_hash",
    "results",
    "progress",
    "reset_results",
    "CheckResult",
    "Exercise",
    "NumberExercise",
    "ChoiceExercise",
    "ItemsExercise",
    "MappingExercise",
    "ValueExercise",
    "get_exercise",
    "RECORD_MIME",
]

RECORD_MIME = "application/vnd.crmcourse.check+json"
STATUSES = ("correct", "incorrect", "unanswered", "unknown")
_SYMBOL = {"correct": "✅", "incorrect": "❌", "unanswered": "⏳", "unknown": "❔"}
_HEADLINE = {
    "correct": "correct",
    "incorrect": "not yet right",
    "unanswered": "not answered yet",
    "unknown": "cannot be checked",
}


# ---------------------------------------------------------------------------- results

@dataclass(frozen=True)
class CheckResult:
    """What a check concluded. ``score`` is 1 for correct, a fraction for partly right items."""

    exercise: str
    status: str
    message: str
    hint: str = ""
    score: float = 0.0
    points: int = 1

    def text(self) -> str:
        """The feedback as plain text (what ``check`` prints)."""
        line = f"{_SYMBOL[self.status]} {self.exercise}: {_HEADLINE[self.status]}."
        if self.message:
            line += f" {self.message}"
        if self.hint and self.status == "incorrect":
            line += f"\n   Hint: {self.hint}"
        return line

    def html(self) -> str:
        colour = {"correct": "#1b7f3b", "incorrect": "#b35900", "unanswered": "#555", "unknown": "#8a1c1c"}
        # `code` in a message becomes <code>code</code>, as it reads in the plain-text version
        body = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(self.message))
        hint = (f"<br><i>Hint: {html.escape(self.hint)}</i>"
                if self.hint and self.status == "incorrect" else "")
        return (f'<div class="crmcourse-check crmcourse-{self.status}" '
                f'style="border-left:4px solid {colour[self.status]};padding:4px 8px;margin:2px 0">'
                f"{_SYMBOL[self.status]} <b>{html.escape(self.exercise)}</b>: "
                f"{_HEADLINE[self.status]}. {body}{hint}</div>")

    def record(self) -> dict:
        """The machine-readable record stored in the notebook output."""
        return {"exercise": self.exercise, "status": self.status,
                "score": round(float(self.score), 4), "points": self.points}


_RESULTS: dict[str, CheckResult] = {}


def results():
    """This session's latest result per exercise, as a DataFrame (one row per exercise checked).

    >>> reset_results(); _ = evaluate("m0_demo_ratio", 1.25, record=True)
    >>> results()[["exercise", "status"]].to_dict("records")
    [{'exercise': 'm0_demo_ratio', 'status': 'correct'}]
    """
    import pandas as pd

    rows = [r.record() for r in _RESULTS.values()]
    return pd.DataFrame(rows, columns=["exercise", "status", "score", "points"])


def reset_results() -> None:
    """Forget this session's results (used by tests and by 'start again')."""
    _RESULTS.clear()


def progress() -> None:
    """Print a one-line summary of this session's checks and list what is still open.

    >>> reset_results(); _ = evaluate("m0_demo_ratio", 1.25, record=True); progress()
    1 of 1 checked exercises correct.
    """
    done = [r for r in _RESULTS.values() if r.status == "correct"]
    open_ = [r.exercise for r in _RESULTS.values() if r.status != "correct"]
    line = f"{len(done)} of {len(_RESULTS)} checked exercises correct."
    if open_:
        line += " Still open: " + ", ".join(open_) + "."
    print(line)


# ---------------------------------------------------------------------------- hashing

def _normalise(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.strip().lower().split())
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(round(float(value), 6))
    return str(value).strip().lower()


def answer_hash(exercise_id: str, value: Any) -> str:
    """Salted hash of an answer, so exercise files can hold answers without showing them.

    Text is compared case- and space-insensitively.

    >>> answer_hash("m1_x", "Must-be") == answer_hash("m1_x", "  must-be ")
    True
    >>> answer_hash("m1_x", "must-be") == answer_hash("m1_y", "must-be")
    False
    """
    return hashlib.sha256(f"{exercise_id}\x1f{_normalise(value)}".encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------- exercise kinds

def _is_unanswered(answer: Any) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str) and not answer.strip():
        return True
    if isinstance(answer, (list, tuple, set, frozenset)):
        return len(answer) == 0 or any(a is Ellipsis for a in answer)
    if isinstance(answer, dict):
        return len(answer) == 0 or any(v is Ellipsis for v in answer.values())
    return False


def _describe(answer: Any) -> str:
    """A short, safe description of a learner's value (never raises)."""
    name = type(answer).__name__
    try:
        text = repr(answer)
    except Exception:
        return f"a {name}"
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{name} {text}"


@dataclass
class Exercise:
    """Base class: an exercise id, a one-line title, a hint and the points it is worth."""

    id: str
    title: str
    hint: str
    points: int = 1

    def judge(self, answer: Any) -> tuple[str, str, float]:  # pragma: no cover - abstract
        raise NotImplementedError


def _as_number(answer: Any) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    try:  # numpy scalars, 0-d arrays, single-value Series
        import numpy as np

        arr = np.asarray(answer)
        if arr.size == 1 and arr.dtype.kind in "iuf":
            return float(arr.reshape(-1)[0])
    except Exception:
        pass
    return None


@dataclass
class NumberExercise(Exercise):
    """A numeric answer within an absolute or relative tolerance.

    ``expected`` is a number or a function returning one (computed from the course data when
    the check first runs). ``percent`` makes 0.25 and 25 (%) both acceptable when the
    expected value is a fraction; otherwise a factor-100 slip gets a specific message.
    """

    expected: float | Callable[[], float] = 0.0
    abs_tol: float = 0.0
    rel_tol: float = 1e-3
    percent: bool = False

    def _target(self) -> float:
        value = self.expected() if callable(self.expected) else self.expected
        return float(value)

    def judge(self, answer):
        if isinstance(answer, str):
            try:
                float(answer.replace(",", "").strip().rstrip("%"))
                return ("incorrect", "Your answer is text that looks like a number; "
                        "give the number itself, without quotes.", 0.0)
            except ValueError:
                return ("incorrect", f"Expected a number, got {_describe(answer)}.", 0.0)
        value = _as_number(answer)
        if value is None:
            return ("incorrect", f"Expected a single number, got {_describe(answer)}.", 0.0)
        if math.isnan(value) or math.isinf(value):
            return ("incorrect", "Your answer is NaN or infinite: look for a division by zero "
                    "or missing values in the data you used.", 0.0)
        target = self._target()
        if _close(value, target, self.abs_tol, self.rel_tol):
            return ("correct", "", 1.0)
        if self.percent and _close(value, target * 100, self.abs_tol * 100, self.rel_tol):
            return ("correct", "(Read as a percentage.)", 1.0)
        if target != 0 and _close(value, target * 100, self.abs_tol * 100, self.rel_tol):
            return ("incorrect", "Your answer is 100 times the expected value: give a fraction "
                    "of 1 (a share such as one half is 0.5), not a percent.", 0.0)
        if target != 0 and _close(value * 100, target, self.abs_tol, self.rel_tol):
            return ("incorrect", "Your answer is 100 times too small: give a percent here, "
                    "not a fraction.", 0.0)
        if target != 0 and _close(-value, target, self.abs_tol, self.rel_tol):
            return ("incorrect", "The size is right but the sign is wrong.", 0.0)
        if target != 0 and abs(value - target) <= 0.02 * abs(target):
            return ("incorrect", "Close, but not within the tolerance: check your rounding "
                    "and that you used every row.", 0.0)
        direction = "high" if value > target else "low"
        return ("incorrect", f"Your number is too {direction}.", 0.0)


def _close(a: float, b: float, abs_tol: float, rel_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


@dataclass
class ChoiceExercise(Exercise):
    """One option out of a list (text, compared case-insensitively).

    ``answer`` holds the :func:`answer_hash` of the right option; ``feedback`` maps the
    hash of a tempting wrong option to a message explaining the slip.
    """

    options: tuple[str, ...] = ()
    answer: str = ""
    feedback: Mapping[str, str] = field(default_factory=dict)

    def judge(self, answer):
        if not isinstance(answer, str):
            shown = ", ".join(repr(o) for o in self.options)
            return ("incorrect", f"Expected one of the options as text ({shown}), "
                    f"got {_describe(answer)}.", 0.0)
        norm = _normalise(answer)
        if self.options and norm not in {_normalise(o) for o in self.options}:
            shown = ", ".join(repr(o) for o in self.options)
            return ("incorrect", f"{answer.strip()!r} is not one of the options: {shown}.", 0.0)
        h = answer_hash(self.id, answer)
        if h == self.answer:
            return ("correct", "", 1.0)
        return ("incorrect", self.feedback.get(h, "That option does not fit best."), 0.0)


@dataclass
class ItemsExercise(Exercise):
    """A collection of options: which items belong (``ordered=False``) or their order.

    Feedback counts right, missing and extra items without naming the missing ones.
    """

    options: tuple[str, ...] = ()
    answer: tuple[str, ...] = ()  # hashes; in order when ordered=True
    ordered: bool = False

    def judge(self, answer):
        if isinstance(answer, str) or not isinstance(answer, Iterable) or isinstance(answer, Mapping):
            return ("incorrect", f"Expected a list of options, got {_describe(answer)}.", 0.0)
        items = list(answer)
        if not all(isinstance(a, str) for a in items):
            return ("incorrect", "Every item should be text (one of the options).", 0.0)
        if self.options:
            allowed = {_normalise(o) for o in self.options}
            unknown = [a for a in items if _normalise(a) not in allowed]
            if unknown:
                return ("incorrect", f"{unknown[0]!r} is not one of the options: "
                        + ", ".join(repr(o) for o in self.options) + ".", 0.0)
        hashes = [answer_hash(self.id, a) for a in items]
        expected = list(self.answer)
        if self.ordered:
            if hashes == expected:
                return ("correct", "", 1.0)
            if sorted(hashes) != sorted(expected):
                return ("incorrect", f"Your list should hold exactly {len(expected)} items; "
                        "some are missing or do not belong.", 0.0)
            right = sum(1 for a, b in zip(hashes, expected) if a == b)
            return ("incorrect", f"The right items, but only {right} of {len(expected)} "
                    "are in the right position.", right / len(expected))
        if len(set(hashes)) != len(hashes):
            return ("incorrect", "Your list repeats an item.", 0.0)
        got, want = set(hashes), set(expected)
        if got == want:
            return ("correct", "", 1.0)
        right = len(got & want)
        parts = [f"{right} of your {len(got)} items are right"]
        if want - got:
            parts.append(f"{len(want - got)} missing")
        if got - want:
            parts.append(f"{len(got - want)} do not belong")
        return ("incorrect", "; ".join(parts) + ".", right / max(len(want | got), 1))


@dataclass
class MappingExercise(Exercise):
    """A label per key (e.g. a Kano category per feature), given as a dict or a Series.

    ``answer`` maps each key to the hash of its right label; feedback names the keys that
    are wrong (the keys are part of the question, the labels are not shown).
    """

    options: tuple[str, ...] = ()
    answer: Mapping[str, str] = field(default_factory=dict)

    def judge(self, answer):
        if hasattr(answer, "to_dict") and not isinstance(answer, Mapping):
            try:
                answer = answer.to_dict()
            except Exception:
                pass
        if not isinstance(answer, Mapping):
            return ("incorrect", f"Expected a dict (key → label), got {_describe(answer)}.", 0.0)
        keys = list(self.answer)
        given = {str(k): v for k, v in answer.items()}
        missing = [k for k in keys if k not in given]
        if missing:
            return ("incorrect", f"Your dict has no entry for {missing[0]!r}"
                    + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "") + ".",
                    0.0)
        allowed = {_normalise(o) for o in self.options}
        wrong = []
        for k in keys:
            v = given[k]
            if v is Ellipsis:
                return ("unanswered", f"{k!r} still has `...`.", 0.0)
            if not isinstance(v, str) or (allowed and _normalise(v) not in allowed):
                return ("incorrect", f"The label for {k!r} should be one of: "
                        + ", ".join(repr(o) for o in self.options) + f"; got {_describe(v)}.", 0.0)
            if answer_hash(self.id, v) != self.answer[k]:
                wrong.append(k)
        if not wrong:
            return ("correct", "", 1.0)
        right = len(keys) - len(wrong)
        return ("incorrect", f"{right} of {len(keys)} right; look again at "
                + ", ".join(repr(w) for w in wrong[:3]) + ("…" if len(wrong) > 3 else "") + ".",
                right / len(keys))


@dataclass
class ValueExercise(Exercise):
    """A Series, DataFrame or list compared with a reference computed by a course helper.

    ``expected`` is a function returning the reference; the comparison allows a relative
    tolerance on numbers and reports shape, label and value differences — not the values.
    """

    expected: Callable[[], Any] | None = None
    rel_tol: float = 1e-6
    check_names: bool = False

    def judge(self, answer):
        import numpy as np
        import pandas as pd

        ref = self.expected() if self.expected else None
        if isinstance(ref, (pd.Series, pd.DataFrame)):
            kind = type(ref).__name__
            if not isinstance(answer, type(ref)):
                return ("incorrect", f"Expected a pandas {kind}, got {_describe(answer)}.", 0.0)
            if isinstance(ref, pd.DataFrame):
                missing = [c for c in ref.columns if c not in answer.columns]
                if missing:
                    return ("incorrect", f"Your table lacks column {missing[0]!r}.", 0.0)
                answer = answer[list(ref.columns)]
            if len(answer) != len(ref):
                return ("incorrect", f"Your {kind} has {len(answer)} rows; expected {len(ref)}.", 0.0)
            try:
                aligned = answer.reindex(ref.index)
            except Exception:
                aligned = None
            if aligned is None or aligned.isna().to_numpy().sum() > ref.isna().to_numpy().sum():
                return ("incorrect", "The row labels (index) differ from the expected ones; "
                        "check what you grouped or indexed by.", 0.0)
            a = aligned.to_numpy()
            b = ref.to_numpy()
            return _compare_arrays(a, b, self.rel_tol)
        if isinstance(ref, (list, tuple)):
            if not isinstance(answer, (list, tuple)):
                return ("incorrect", f"Expected a list, got {_describe(answer)}.", 0.0)
            if len(answer) != len(ref):
                return ("incorrect", f"Your list has {len(answer)} items; expected {len(ref)}.", 0.0)
            return _compare_arrays(np.asarray(answer, dtype=object), np.asarray(ref, dtype=object), self.rel_tol)
        return ("unknown", "This exercise has no reference to compare with.", 0.0)


def _compare_arrays(a, b, rel_tol) -> tuple[str, str, float]:
    import numpy as np

    a = np.asarray(a, dtype=object).reshape(-1)
    b = np.asarray(b, dtype=object).reshape(-1)
    same = np.zeros(len(b), dtype=bool)
    for i, (x, y) in enumerate(zip(a, b)):
        xn, yn = _as_number(x), _as_number(y)
        if xn is not None and yn is not None:
            same[i] = (math.isnan(xn) and math.isnan(yn)) or math.isclose(xn, yn, rel_tol=rel_tol, abs_tol=1e-9)
        else:
            try:
                same[i] = bool(x == y) or (x != x and y != y)
            except Exception:
                same[i] = False
    if same.all():
        return ("correct", "", 1.0)
    wrong = int((~same).sum())
    return ("incorrect", f"{wrong} of {len(b)} values differ from the expected ones.",
            float(same.mean()))


# ---------------------------------------------------------------------------- registry

_REGISTRY: dict[str, Exercise] = {}


def get_exercise(exercise_id: str) -> Exercise | None:
    """Find an exercise by id (loading its module file on first use); None if unknown.

    >>> get_exercise("m0_demo_ratio").title
    'Satisfaction ratio of a single customer'
    """
    if exercise_id in _REGISTRY:
        return _REGISTRY[exercise_id]
    prefix = exercise_id.split("_", 1)[0]
    if not prefix.isidentifier():
        return None
    import pkgutil

    import crmcourse.exercises as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name == prefix or info.name.startswith(prefix + "_"):
            module = importlib.import_module(f"crmcourse.exercises.{info.name}")
            for ex in getattr(module, "EXERCISES", []):
                _REGISTRY.setdefault(ex.id, ex)
    return _REGISTRY.get(exercise_id)


def all_exercises() -> list[Exercise]:
    """Every declared exercise, across all exercise modules (used by tests and the grader)."""
    import pkgutil

    import crmcourse.exercises as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"crmcourse.exercises.{info.name}")
        for ex in getattr(module, "EXERCISES", []):
            _REGISTRY.setdefault(ex.id, ex)
    return sorted(_REGISTRY.values(), key=lambda e: e.id)


# ---------------------------------------------------------------------------- entry points

def evaluate(exercise_id: Any, answer: Any, *, record: bool = False) -> CheckResult:
    """Judge an answer and return a :class:`CheckResult` (no printing). Never raises.

    >>> evaluate("m0_no_such_exercise", 3).status
    'unknown'
    """
    try:
        result = _evaluate(exercise_id, answer)
    except Exception as exc:  # a learner's object can break anything: report, never raise
        result = CheckResult(str(exercise_id), "incorrect",
                             f"Your answer could not be compared ({type(exc).__name__}: "
                             f"{str(exc)[:80]}). Check its type.", "", 0.0)
    if record and result.status != "unknown":
        _RESULTS[result.exercise] = result
    return result


def _evaluate(exercise_id: Any, answer: Any) -> CheckResult:
    if not isinstance(exercise_id, str):
        return CheckResult(str(exercise_id), "unknown", "The exercise id should be text, "
                           "e.g. check(\"m1_nps_q1\", answer).")
    ex = get_exercise(exercise_id)
    if ex is None:
        return CheckResult(exercise_id, "unknown", "There is no exercise with this id; "
                           "check the spelling against the exercise heading.")
    if _is_unanswered(answer):
        return CheckResult(ex.id, "unanswered", "Replace the `...` with your answer and "
                           "run the cell again.", ex.hint, 0.0, ex.points)
    status, message, score = ex.judge(answer)
    return CheckResult(ex.id, status, message, ex.hint, score, ex.points)


def check(exercise_id: str, answer: Any) -> None:
    """Check an exercise answer and show the feedback under the cell.

    Prints correct / not answered yet / not yet right (with the reason and a hint), and
    stores a small record in the notebook output for the class grader. Returns None, so a
    check never adds an ``Out[...]`` line.

    >>> check("m0_demo_ratio", 0.8)
    ❌ m0_demo_ratio: not yet right. Your number is too low.
       Hint: Divide what the customer perceived by what they expected (c = b / a).
    >>> check("m0_demo_ratio", object())
    ❌ m0_demo_ratio: not yet right. Expected a single number, got object <object object at 0x...>.
       Hint: Divide what the customer perceived by what they expected (c = b / a).
    """
    result = evaluate(exercise_id, answer, record=True)
    try:
        _show(result)
    except Exception:  # display machinery failing must not break a learner's cell
        print(result.text())


def _show(result: CheckResult) -> None:
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


def records_from_notebook(nb) -> list[dict]:
    """Check records stored in an executed notebook (an nbformat NotebookNode), in cell order.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> out = nbformat.v4.new_output("display_data", data={RECORD_MIME: {"exercise": "m0_demo_ratio",
    ...       "status": "correct", "score": 1.0, "points": 1}})
    >>> nb.cells.append(nbformat.v4.new_code_cell("check(...)", outputs=[out]))
    >>> records_from_notebook(nb)[0]["status"]
    'correct'
    """
    found = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {}) if isinstance(out, Mapping) else {}
            rec = data.get(RECORD_MIME)
            if isinstance(rec, Mapping) and rec.get("exercise"):
                found.append(dict(rec))
    return found


def _main(argv: list[str] | None = None) -> int:
    """``python -m crmcourse.checks hash EXERCISE_ID ANSWER`` prints the hash for an exercise file."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) == 3 and args[0] == "hash":
        print(answer_hash(args[1], args[2]))
        return 0
    print("usage: python -m crmcourse.checks hash EXERCISE_ID ANSWER")
    return 2


if __name__ == "__main__":
    raise SystemExit(_main())
