"""The exercise kinds: what an answer is compared with and the feedback each slip gets.

Each kind is a dataclass declared in ``crmcourse/exercises/<module>_<topic>.py`` with an id, a
title, a hint and what it needs to judge an answer. :meth:`Exercise.judge` returns
``(status, message, score)``; :func:`crmcourse.checks.evaluate` calls it only with a real
answer (placeholders are handled before) already passed through
:func:`crmcourse.checks.answers.plain`.

>>> ex = NumberExercise(id="t_ratio", title="Ratio", hint="b / a", expected=1.25)
>>> ex.judge(125)[1]
'Your answer is 100 times the expected value: give a fraction of 1 (a share such as one half is 0.5), not a percent.'
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sized
from dataclasses import dataclass, field
from typing import Any

import crmcourse.checks.feedback as fb
from crmcourse.checks.answers import TooLarge, answer_hash, as_number, is_close, normalise

__all__ = ["Exercise", "NumberExercise", "ChoiceExercise", "ItemsExercise", "MappingExercise",
           "ValueExercise", "NoReference", "compare_arrays"]

_UNSET = object()

#: The longest collection an items exercise reads (answers are a few options long).
MAX_ITEMS = 10_000


class NoReference(Exception):
    """The expected answer of an exercise could not be computed (a course problem, not the learner's)."""


@dataclass
class Exercise:
    """Base class: an exercise id, a one-line title, a hint and the points it is worth.

    Parameters
    ----------
    id : str
        Starts with the module prefix (``m0`` … ``m6``, ``cap``) that names its file.
    title : str
        One line shown by the grader.
    hint : str
        Shown under "not yet right" feedback.
    points : int, default 1
        Weight in the grade.

    Examples
    --------
    >>> issubclass(NumberExercise, Exercise)
    True
    """

    id: str
    title: str
    hint: str
    points: int = 1

    def judge(self, answer: Any) -> tuple[str, str, float]:  # pragma: no cover - abstract
        """Judge a real answer (each kind defines how).

        Parameters
        ----------
        answer : Any
            The learner's value, not a placeholder, already passed through
            :func:`~crmcourse.checks.answers.plain`.

        Returns
        -------
        tuple
            ``(status, message, score)``: a status of ``STATUSES``, the feedback (never the
            expected answer) and a score from 0 to 1.

        Raises
        ------
        NoReference
            The expected answer could not be computed.
        Exception
            Whatever a learner's object raises when compared; :func:`~crmcourse.checks.evaluate`
            turns it into "not yet right".

        Examples
        --------
        >>> NumberExercise(id="t", title="t", hint="h", expected=2.0).judge(2.0)
        ('correct', '', 1.0)
        """
        raise NotImplementedError


def _computed(exercise: Any, make: Callable[[], Any]) -> Any:
    """``make()`` once per exercise (the references come from the fixed shipped data)."""
    cached = exercise.__dict__.get("_reference", _UNSET)
    if cached is _UNSET:
        try:
            cached = make()
        except Exception as exc:
            raise NoReference(f"{type(exc).__name__}") from exc
        exercise.__dict__["_reference"] = cached
    return cached


@dataclass
class NumberExercise(Exercise):
    """A numeric answer within an absolute or relative tolerance.

    ``expected`` is a number or a function returning one, computed from the course data the
    first time the exercise is checked and kept for the session. ``percent`` makes 0.25 and
    25 (%) both acceptable when the expected value is a fraction; otherwise a factor-100 slip
    gets a specific message.

    Parameters
    ----------
    id, title, hint, points
        As for :class:`Exercise`.
    expected : float or callable, default 0.0
        The expected number, or a function computing it from the shipped data.
    abs_tol, rel_tol : float, default 0.0 and 1e-3
        The tolerance (``math.isclose``).
    percent : bool, default False
        Also accept the value given as a percentage.

    Examples
    --------
    >>> ex = NumberExercise(id="t_share", title="Share", hint="h", expected=0.25, percent=True)
    >>> ex.judge(25)
    ('correct', '(Read as a percentage.)', 1.0)
    """

    expected: float | Callable[[], float] = 0.0
    abs_tol: float = 0.0
    rel_tol: float = 1e-3
    percent: bool = False

    def reference(self) -> float:
        """The expected number (computed on first use, then kept).

        Returns
        -------
        float

        Raises
        ------
        NoReference
            The function computing it failed.

        Examples
        --------
        >>> NumberExercise(id="t", title="t", hint="h", expected=lambda: 3).reference()
        3.0
        """
        return _computed(self, lambda: float(self.expected() if callable(self.expected) else self.expected))

    def judge(self, answer):
        if isinstance(answer, str):
            try:
                float(answer.replace(",", "").strip().rstrip("%"))
                return ("incorrect", fb.TEXT_LOOKS_NUMERIC, 0.0)
            except (ValueError, OverflowError):
                return ("incorrect", fb.EXPECTED_NUMBER.format(answer=fb.describe(answer)), 0.0)
        try:
            value = as_number(answer)
        except TooLarge:
            return ("incorrect", fb.TOO_LARGE, 0.0)
        if value is None:
            return ("incorrect", fb.EXPECTED_SINGLE_NUMBER.format(answer=fb.describe(answer)), 0.0)
        if math.isnan(value) or math.isinf(value):
            return ("incorrect", fb.NOT_FINITE, 0.0)
        target = self.reference()
        tol = (self.abs_tol, self.rel_tol)
        if is_close(value, target, *tol):
            return ("correct", "", 1.0)
        if self.percent and is_close(value, target * 100, self.abs_tol * 100, self.rel_tol):
            return ("correct", fb.READ_AS_PERCENT, 1.0)
        if target != 0 and is_close(value, target * 100, self.abs_tol * 100, self.rel_tol):
            return ("incorrect", fb.HUNDRED_TIMES, 0.0)
        if target != 0 and is_close(value * 100, target, *tol):
            return ("incorrect", fb.HUNDRED_TIMES_SMALL, 0.0)
        if target != 0 and is_close(-value, target, *tol):
            return ("incorrect", fb.WRONG_SIGN, 0.0)
        if target != 0 and abs(value - target) <= 0.02 * abs(target):
            return ("incorrect", fb.CLOSE, 0.0)
        return ("incorrect", fb.TOO_HIGH_OR_LOW.format(direction="high" if value > target else "low"), 0.0)


@dataclass
class ChoiceExercise(Exercise):
    """One option out of a list (text, compared case-insensitively).

    ``answer`` holds the :func:`~crmcourse.checks.answer_hash` of the right option; ``feedback``
    maps the hash of a tempting wrong option to a message explaining the slip.

    Parameters
    ----------
    id, title, hint, points
        As for :class:`Exercise`.
    options : tuple of str
        The options shown to the learner (an answer outside them is named as such).
    answer : str
        The hash of the right option.
    feedback : mapping, optional
        Hash of a wrong option → message.

    Examples
    --------
    >>> from crmcourse.checks import answer_hash
    >>> ex = ChoiceExercise(id="t_zone", title="Zone", hint="h", options=("low", "high"),
    ...                     answer=answer_hash("t_zone", "high"))
    >>> ex.judge("HIGH")[0], ex.judge("medium")[1]
    ('correct', "'medium' is not one of the options: 'low', 'high'.")
    """

    options: tuple[str, ...] = ()
    answer: str = ""
    feedback: Mapping[str, str] = field(default_factory=dict)

    def judge(self, answer):
        if not isinstance(answer, str):
            return ("incorrect", fb.EXPECTED_OPTION.format(options=fb.options_text(self.options),
                                                          answer=fb.describe(answer)), 0.0)
        norm = normalise(answer)
        if self.options and norm not in {normalise(o) for o in self.options}:
            return ("incorrect", fb.NOT_AN_OPTION.format(given=answer.strip(),
                                                        options=fb.options_text(self.options)), 0.0)
        h = answer_hash(self.id, answer)
        if h == self.answer:
            return ("correct", "", 1.0)
        return ("incorrect", self.feedback.get(h, fb.NOT_BEST_OPTION), 0.0)


@dataclass
class ItemsExercise(Exercise):
    """A collection of options: which items belong (``ordered=False``) or their order.

    Feedback counts right, missing and extra items without naming the missing ones.

    Parameters
    ----------
    id, title, hint, points
        As for :class:`Exercise`.
    options : tuple of str
        The options the items come from.
    answer : tuple of str
        Hashes of the right items (in order when ``ordered``).
    ordered : bool, default False
        The order matters (partial score for items in the right position).

    Examples
    --------
    >>> from crmcourse.checks import answer_hash
    >>> ex = ItemsExercise(id="t_pick", title="Pick", hint="h", options=("a", "b", "c"),
    ...                    answer=tuple(answer_hash("t_pick", x) for x in ("a", "c")))
    >>> ex.judge(["a", "b"])[1]
    '1 of your 2 items are right; 1 missing; 1 do not belong.'
    """

    options: tuple[str, ...] = ()
    answer: tuple[str, ...] = ()  # hashes; in order when ordered=True
    ordered: bool = False

    def judge(self, answer):
        if (isinstance(answer, str) or isinstance(answer, Mapping)
                or not isinstance(answer, Iterable) or not isinstance(answer, Sized)):
            return ("incorrect", fb.EXPECTED_LIST.format(answer=fb.describe(answer)), 0.0)
        if len(answer) > MAX_ITEMS:  # e.g. range(10**12): never build it
            return ("incorrect", fb.TOO_MANY_ITEMS.format(count=len(answer)), 0.0)
        items = list(answer)
        if not all(isinstance(a, str) for a in items):
            return ("incorrect", fb.ITEMS_NOT_TEXT, 0.0)
        if self.options:
            allowed = {normalise(o) for o in self.options}
            unknown = [a for a in items if normalise(a) not in allowed]
            if unknown:
                return ("incorrect", fb.NOT_AN_OPTION.format(given=unknown[0],
                                                            options=fb.options_text(self.options)), 0.0)
        hashes = [answer_hash(self.id, a) for a in items]
        expected = list(self.answer)
        if self.ordered:
            if hashes == expected:
                return ("correct", "", 1.0)
            if sorted(hashes) != sorted(expected):
                return ("incorrect", fb.WRONG_ITEMS.format(count=len(expected)), 0.0)
            right = sum(1 for a, b in zip(hashes, expected) if a == b)
            return ("incorrect", fb.WRONG_POSITIONS.format(right=right, count=len(expected)),
                    right / len(expected))
        if len(set(hashes)) != len(hashes):
            return ("incorrect", fb.REPEATED_ITEM, 0.0)
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

    ``answer`` maps each key to the hash of its right label; feedback names the keys that are
    wrong (the keys are part of the question, the labels are not shown).

    Parameters
    ----------
    id, title, hint, points
        As for :class:`Exercise`.
    options : tuple of str
        The labels a key may get.
    answer : mapping
        Key → hash of its right label.

    Examples
    --------
    >>> from crmcourse.checks import answer_hash
    >>> ex = MappingExercise(id="t_map", title="Map", hint="h", options=("A", "M"),
    ...                      answer={"wifi": answer_hash("t_map", "M")})
    >>> ex.judge({"wifi": "A"})[1]
    "0 of 1 right; look again at 'wifi'."
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
            return ("incorrect", fb.EXPECTED_DICT.format(answer=fb.describe(answer)), 0.0)
        keys = list(self.answer)
        given = {str(k): v for k, v in answer.items()}
        missing = [k for k in keys if k not in given]
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            return ("incorrect", fb.MISSING_KEY.format(key=missing[0], more=more), 0.0)
        allowed = {normalise(o) for o in self.options}
        wrong = []
        for k in keys:
            v = given[k]
            if v is Ellipsis:
                return ("unanswered", fb.KEY_UNANSWERED.format(key=k), 0.0)
            if not isinstance(v, str) or (allowed and normalise(v) not in allowed):
                return ("incorrect", fb.WRONG_LABEL_KIND.format(key=k, options=fb.options_text(self.options),
                                                               answer=fb.describe(v)), 0.0)
            if answer_hash(self.id, v) != self.answer[k]:
                wrong.append(k)
        if not wrong:
            return ("correct", "", 1.0)
        right = len(keys) - len(wrong)
        shown = ", ".join(repr(w) for w in wrong[:3]) + ("…" if len(wrong) > 3 else "")
        return ("incorrect", fb.WRONG_LABELS.format(right=right, count=len(keys), keys=shown),
                right / len(keys))


@dataclass
class ValueExercise(Exercise):
    """A Series, DataFrame or list compared with a reference computed by a course helper.

    ``expected`` is a function returning the reference (computed on first use, then kept);
    the comparison allows a relative tolerance on numbers and reports shape, label and value
    differences — not the values.

    Parameters
    ----------
    id, title, hint, points
        As for :class:`Exercise`.
    expected : callable
        Returns the reference (a Series, a DataFrame or a list).
    rel_tol : float, default 1e-6
        Relative tolerance on numbers.
    check_names : bool, default False
        Reserved: names are not compared yet.

    Examples
    --------
    >>> ex = ValueExercise(id="t_list", title="List", hint="h", expected=lambda: [1.0, 2.0])
    >>> ex.judge([1, 2.0000001])[0], ex.judge([1, 3])[1]
    ('correct', '1 of 2 values differ from the expected ones.')
    """

    expected: Callable[[], Any] | None = None
    rel_tol: float = 1e-6
    check_names: bool = False

    def reference(self) -> Any:
        """The reference value (computed on first use, then kept; None without ``expected``).

        Returns
        -------
        Any
            Usually a pandas Series or DataFrame, or a list.

        Raises
        ------
        NoReference
            The function computing it failed.

        Examples
        --------
        >>> ValueExercise(id="t", title="t", hint="h", expected=lambda: [1, 2]).reference()
        [1, 2]
        """
        return _computed(self, lambda: self.expected() if self.expected else None)

    def judge(self, answer):
        import numpy as np
        import pandas as pd

        ref = self.reference()
        if isinstance(ref, (pd.Series, pd.DataFrame)):
            kind = type(ref).__name__
            if not isinstance(answer, type(ref)):
                return ("incorrect", fb.EXPECTED_PANDAS.format(kind=kind, answer=fb.describe(answer)), 0.0)
            if isinstance(ref, pd.DataFrame):
                missing = [c for c in ref.columns if c not in answer.columns]
                if missing:
                    return ("incorrect", fb.MISSING_COLUMN.format(column=missing[0]), 0.0)
                names = list(answer.columns)
                repeated = [c for c in ref.columns if names.count(c) > 1]
                if repeated:
                    return ("incorrect", fb.REPEATED_COLUMN.format(column=repeated[0]), 0.0)
                answer = answer[list(ref.columns)]
            if len(answer) != len(ref):
                return ("incorrect", fb.WRONG_LENGTH.format(kind=kind, got=len(answer), want=len(ref)), 0.0)
            if answer.index.has_duplicates and not ref.index.has_duplicates:
                return ("incorrect", fb.REPEATED_LABELS, 0.0)
            try:
                aligned = answer.reindex(ref.index)
            except Exception:
                aligned = None
            if aligned is None or aligned.isna().to_numpy().sum() > ref.isna().to_numpy().sum():
                return ("incorrect", fb.LABELS_DIFFER, 0.0)
            return compare_arrays(aligned.to_numpy(), ref.to_numpy(), self.rel_tol)
        if isinstance(ref, (list, tuple)):
            if not isinstance(answer, (list, tuple)):
                return ("incorrect", fb.EXPECTED_PLAIN_LIST.format(answer=fb.describe(answer)), 0.0)
            if len(answer) != len(ref):
                return ("incorrect", fb.WRONG_LIST_LENGTH.format(got=len(answer), want=len(ref)), 0.0)
            return compare_arrays(np.asarray(answer, dtype=object), np.asarray(ref, dtype=object), self.rel_tol)
        return ("unknown", fb.NO_REFERENCE_VALUE, 0.0)


def compare_arrays(a, b, rel_tol: float) -> tuple[str, str, float]:
    """Compare two arrays value by value: numbers within ``rel_tol``, anything else by equality.

    Parameters
    ----------
    a, b : array-like
        The learner's values and the reference, same length.
    rel_tol : float
        Relative tolerance for numbers (with an absolute floor of 1e-9); NaN equals NaN.

    Returns
    -------
    tuple
        ``(status, message, score)`` — the score is the share of equal values.

    Raises
    ------
    ValueError
        ``a`` and ``b`` cannot be read as arrays (ragged nesting).

    Examples
    --------
    >>> compare_arrays([1.0, "a"], [1.0, "b"], 1e-6)
    ('incorrect', '1 of 2 values differ from the expected ones.', 0.5)
    """
    import numpy as np

    a = np.asarray(a, dtype=object).reshape(-1)
    b = np.asarray(b, dtype=object).reshape(-1)
    same = np.zeros(len(b), dtype=bool)
    for i, (x, y) in enumerate(zip(a, b)):
        try:
            xn, yn = as_number(x), as_number(y)
        except TooLarge:
            xn = yn = None
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
    return ("incorrect", fb.VALUES_DIFFER.format(wrong=wrong, count=len(b)), float(same.mean()))
