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

import dataclasses
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sized
from dataclasses import dataclass, field
from typing import Any

import crmcourse.checks.feedback as fb
from crmcourse.checks.answers import TooLarge, answer_hash, as_number, in_english, normalise
from crmcourse.checks.diagnose import misapplied_concept, number_verdict, read_number, slip_values
from crmcourse.errors import CourseDataError

__all__ = ["Exercise", "NumberExercise", "ChoiceExercise", "ItemsExercise", "MappingExercise",
           "ValueExercise", "NoReference", "compare_arrays", "TASKS"]

_UNSET = object()

#: What an exercise asks the learner to do (the ``task`` of :class:`Exercise`).
TASKS = ("read-off", "compute", "decide", "predict", "what-if", "classify", "written")

#: The longest collection an items exercise reads (answers are a few options long).
MAX_ITEMS = 10_000


class NoReference(Exception):
    """The expected answer of an exercise could not be computed (a course problem, not the learner's)."""


def _key_value(exercise: Any, key: Any, name: str) -> Any:
    """``key[name]`` of a trainer's answer key, or CourseDataError naming the exercise."""
    if not isinstance(key, Mapping) or name not in key:
        raise CourseDataError(f"the answer key of {exercise.id} has no {name!r}",
                              fix=f'write {{"{exercise.id}": {{"{name}": ...}}}} in the key file')
    return key[name]


def _key_text(exercise: Any, value: Any, options: tuple[str, ...]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CourseDataError(f"the answer key of {exercise.id} holds {type(value).__name__} where an option goes")
    if options and normalise(value) not in {normalise(o) for o in options}:
        raise CourseDataError(f"the answer key of {exercise.id} gives {value!r}, which is not one of its options")
    return value


def _key_number(exercise: Any, value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(float(value)):
        raise CourseDataError(f"the answer key of {exercise.id} needs a finite number for {name!r}")
    return float(value)


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
    task : str, optional (keyword only)
        What the exercise asks the learner to do, one of :data:`TASKS`: ``"read-off"`` (the
        answer is printed above or the hint holds the code), ``"compute"``, ``"decide"``,
        ``"predict"``, ``"what-if"``, ``"classify"`` or ``"written"``. The course keeps the
        share of read-offs at most 1 in 10 (``tests/test_exercise_tasks.py``).
    explanation : str, default "" (keyword only)
        Shown after a right answer only (why it is right); never shown before.
    exam : bool, default False (keyword only)
        An exam exercise: the declaration holds no target, a check only records the answer
        ("recorded, graded by your trainer"), and ``crmcourse grade`` judges it with the
        trainer's answer key (:meth:`with_key`), which lives in ``solutions/answer_keys/``.

    Examples
    --------
    >>> issubclass(NumberExercise, Exercise)
    True
    """

    id: str
    title: str
    hint: str
    points: int = 1
    exam: bool = field(default=False, kw_only=True)
    task: str | None = field(default=None, kw_only=True)
    explanation: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        if self.task is not None and self.task not in TASKS:
            raise CourseDataError(f"exercise {self.id}: task {self.task!r} is not one of {', '.join(TASKS)}",
                                  fix="classify the exercise with one of the task kinds in docs/authoring.md")

    def solved(self, note: str = "") -> tuple[str, str, float]:
        """The result of a right answer: ``note`` (if any) followed by the :attr:`explanation`.

        Parameters
        ----------
        note : str, default ""
            A remark of the kind itself, e.g. "(Read as a percentage.)".

        Returns
        -------
        tuple
            ``("correct", message, 1.0)``.

        Raises
        ------
        None

        Examples
        --------
        >>> ex = ChoiceExercise(id="t", title="t", hint="h", explanation="Zones follow the ratio.")
        >>> ex.solved()
        ('correct', 'Zones follow the ratio.', 1.0)
        """
        return ("correct", fb.join([note, fb.course_text(self.explanation)]), 1.0)

    def with_key(self, key: Mapping) -> Exercise:
        """A copy of this exercise judged against a trainer's answer key (what the grader does for exams).

        Parameters
        ----------
        key : mapping
            The exercise's entry of an answer key: ``{"expected": 1.25}`` for numbers and
            tables, ``{"answer": "high"}`` for a choice, a list of options for items, a dict of
            labels for a mapping (plain text: the copy hashes it).

        Returns
        -------
        Exercise
            A new exercise of the same kind, not an exam, not registered.

        Raises
        ------
        CourseDataError
            The key lacks the target or holds one of the wrong kind.

        Examples
        --------
        >>> quiz = NumberExercise(id="t_quiz", title="t", hint="h", exam=True)
        >>> quiz.with_key({"expected": 2}).judge(2.0)
        ('correct', '', 1.0)
        """
        raise CourseDataError(f"{type(self).__name__} {self.id} cannot be judged from an answer key")

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


def _computed(exercise: Any, make: Callable[[], Any], key: str = "_reference") -> Any:
    """``make()`` once per exercise (the references come from the fixed shipped data)."""
    cached = exercise.__dict__.get(key, _UNSET)
    if cached is _UNSET:
        try:
            cached = make()
        except Exception as exc:
            raise NoReference(f"{type(exc).__name__}") from exc
        exercise.__dict__[key] = cached
    return cached


@dataclass
class NumberExercise(Exercise):
    """A numeric answer within an absolute or relative tolerance.

    ``expected`` is a number or a function returning one, computed from the course data the
    first time the exercise is checked and kept for the session. Wrong answers get the
    diagnosis of :func:`~crmcourse.checks.diagnose.number_verdict`: declared ``slips`` first
    (each names the idea to revisit), counts never told to "check the rounding", a percentage
    judged like the fraction it stands for when ``percent``, factor-100 slips, sign, near misses.

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
    integer : bool or None, default None
        The answer is a count; None: when ``expected`` is (or returns) an integer, or an
        integral value with both tolerances 0.
    slips : mapping, optional
        Typical wrong value (a number, or a function computing it, called once) → a message
        naming the idea to revisit, never the right value. Matched within the tolerance.

    Examples
    --------
    >>> ex = NumberExercise(id="t_share", title="Share", hint="h", expected=0.25, percent=True)
    >>> ex.judge(25)
    ('correct', '(Read as a percentage.)', 1.0)
    >>> count = NumberExercise(id="t_count", title="Count", hint="h", expected=lambda: 300,
    ...                        slips={301: "Apply the coefficient only where the rule says: revisit the city tiers."})
    >>> count.judge(301)[1]
    'Apply the coefficient only where the rule says: revisit the city tiers.'
    >>> count.judge(299)[1]
    'Your count is a little too low: a count must be exact, so check each condition that picks the rows.'
    """

    expected: float | Callable[[], float] = 0.0
    abs_tol: float = 0.0
    rel_tol: float = 1e-3
    percent: bool = False
    integer: bool | None = None
    slips: Mapping[Any, str] = field(default_factory=dict)

    def _target(self) -> tuple[float, bool]:
        """(expected value, whether it is a whole-number count by its type), computed once."""
        def make() -> tuple[float, bool]:
            raw = self.expected() if callable(self.expected) else self.expected
            whole = isinstance(raw, numbers.Integral) and not isinstance(raw, bool)
            return float(raw), whole
        return _computed(self, make, key="_number")

    def is_count(self) -> bool:
        """Whether the answer is a count (see ``integer``).

        Returns
        -------
        bool

        Raises
        ------
        NoReference
            The function computing ``expected`` failed.

        Examples
        --------
        >>> NumberExercise(id="t", title="t", hint="h", expected=lambda: 12).is_count()
        True
        >>> NumberExercise(id="t", title="t", hint="h", expected=12.0).is_count()
        False
        """
        if self.integer is not None:
            return bool(self.integer)
        value, whole = self._target()
        return whole or (value.is_integer() and self.abs_tol == 0 and self.rel_tol == 0)

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
        return self._target()[0]

    def with_key(self, key):
        changes: dict[str, Any] = {"expected": _key_number(self, _key_value(self, key, "expected"), "expected")}
        for name in ("abs_tol", "rel_tol"):
            if name in key:
                changes[name] = _key_number(self, key[name], name)
        if "percent" in key:
            changes["percent"] = bool(key["percent"])
        return dataclasses.replace(self, exam=False, **changes)

    def judge(self, answer):
        value = read_number(answer)
        if isinstance(value, str):
            return ("incorrect", value, 0.0)
        target = self.reference()
        slips = _computed(self, lambda: slip_values(self.slips), key="_slips") if self.slips else ()
        status, message = number_verdict(value, target, abs_tol=self.abs_tol, rel_tol=self.rel_tol,
                                         percent=self.percent, count=self.is_count(), slips=slips)
        return self.solved(message) if status == "correct" else (status, message, 0.0)


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

    def with_key(self, key):
        right = _key_text(self, _key_value(self, key, "answer"), self.options)
        return dataclasses.replace(self, exam=False, answer=answer_hash(self.id, right))

    def judge(self, answer):
        if not isinstance(answer, str):
            return ("incorrect", fb.say(fb.EXPECTED_OPTION, options=fb.options_text(self.options),
                                        answer=fb.describe(answer)), 0.0)
        answer = in_english(answer, self.options)  # a Chinese label names its English option
        norm = normalise(answer)
        if self.options and norm not in {normalise(o) for o in self.options}:
            return ("incorrect", fb.say(fb.NOT_AN_OPTION, given=answer.strip(),
                                        options=fb.options_text(self.options)), 0.0)
        h = answer_hash(self.id, answer)
        if h == self.answer:
            return self.solved()
        if h in self.feedback:
            return ("incorrect", fb.course_text(self.feedback[h]), 0.0)
        return ("incorrect", fb.say(fb.NOT_BEST_OPTION), 0.0)


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

    def with_key(self, key):
        items = _key_value(self, key, "answer")
        if not isinstance(items, list) or not items:
            raise CourseDataError(f"the answer key of {self.id} needs a list of options for 'answer'")
        hashes = tuple(answer_hash(self.id, _key_text(self, item, self.options)) for item in items)
        ordered = bool(key.get("ordered", self.ordered))
        return dataclasses.replace(self, exam=False, answer=hashes, ordered=ordered)

    def judge(self, answer):
        if (isinstance(answer, str) or isinstance(answer, Mapping)
                or not isinstance(answer, Iterable) or not isinstance(answer, Sized)):
            return ("incorrect", fb.say(fb.EXPECTED_LIST, answer=fb.describe(answer)), 0.0)
        if len(answer) > MAX_ITEMS:  # e.g. range(10**12): never build it
            return ("incorrect", fb.say(fb.TOO_MANY_ITEMS, count=len(answer)), 0.0)
        items = list(answer)
        if not all(isinstance(a, str) for a in items):
            return ("incorrect", fb.say(fb.ITEMS_NOT_TEXT), 0.0)
        if self.options:
            items = [in_english(a, self.options) for a in items]  # Chinese labels name their options
            allowed = {normalise(o) for o in self.options}
            unknown = [a for a in items if normalise(a) not in allowed]
            if unknown:
                return ("incorrect", fb.say(fb.NOT_AN_OPTION, given=unknown[0],
                                            options=fb.options_text(self.options)), 0.0)
        hashes = [answer_hash(self.id, a) for a in items]
        expected = list(self.answer)
        if self.ordered:
            if hashes == expected:
                return self.solved()
            if sorted(hashes) != sorted(expected):
                return ("incorrect", fb.say(fb.WRONG_ITEMS, count=len(expected)), 0.0)
            right = sum(1 for a, b in zip(hashes, expected) if a == b)
            return ("incorrect", fb.say(fb.WRONG_POSITIONS, right=right, count=len(expected)),
                    right / len(expected))
        if len(set(hashes)) != len(hashes):
            return ("incorrect", fb.say(fb.REPEATED_ITEM), 0.0)
        got, want = set(hashes), set(expected)
        if got == want:
            return self.solved()
        right = len(got & want)
        missing, extra = len(want - got), len(got - want)
        template = (fb.ITEMS_MISSING_AND_EXTRA if missing and extra else fb.ITEMS_MISSING if missing
                    else fb.ITEMS_EXTRA)
        return ("incorrect", fb.say(template, right=right, count=len(got), missing=missing, extra=extra),
                right / max(len(want | got), 1))


@dataclass
class MappingExercise(Exercise):
    """A label per key (e.g. a Kano category per feature), given as a dict or a Series.

    ``answer`` maps each key to the hash of its right label. Feedback says how many keys are
    right but never which ones (naming them would let a learner find a 3-option mapping by
    trial in three tries). With ``concepts`` (label → the idea that defines it) it also names
    the one label the learner misapplied most often among the wrong keys and the idea to
    revisit; without it, it asks to check every key against the definitions.

    Parameters
    ----------
    id, title, hint, points
        As for :class:`Exercise`.
    options : tuple of str
        The labels a key may get.
    answer : mapping
        Key → hash of its right label.
    concepts : mapping, optional
        Label → what defines it, as a learner should revisit it (never which key has it).

    Examples
    --------
    >>> from crmcourse.checks import answer_hash
    >>> ex = MappingExercise(id="t_map", title="Map", hint="h", options=("A", "M"),
    ...                      answer={"wifi": answer_hash("t_map", "M"), "gift": answer_hash("t_map", "A")},
    ...                      concepts={"A": "an attractive feature delights when present and is not missed when absent."})
    >>> ex.judge({"wifi": "A", "gift": "A"})[1]
    "1 of 2 right. At least one key you labelled 'A' is not one; revisit the idea: an attractive feature delights when present and is not missed when absent."
    >>> ex.judge({"wifi": "M", "gift": "M"})[1]
    '1 of 2 right. Check every key against the definition of its label, the ones you are sure of too: the feedback does not say which are wrong.'
    """

    options: tuple[str, ...] = ()
    answer: Mapping[str, str] = field(default_factory=dict)
    concepts: Mapping[str, str] = field(default_factory=dict)

    def with_key(self, key):
        labels = _key_value(self, key, "answer")
        if not isinstance(labels, Mapping) or not labels:
            raise CourseDataError(f"the answer key of {self.id} needs a dict of labels for 'answer'")
        hashed = {str(k): answer_hash(self.id, _key_text(self, v, self.options)) for k, v in labels.items()}
        return dataclasses.replace(self, exam=False, answer=hashed)

    def judge(self, answer):
        if hasattr(answer, "to_dict") and not isinstance(answer, Mapping):
            try:
                answer = answer.to_dict()
            except Exception:
                pass
        if not isinstance(answer, Mapping):
            return ("incorrect", fb.say(fb.EXPECTED_DICT, answer=fb.describe(answer)), 0.0)
        keys = list(self.answer)
        given = {str(k): v for k, v in answer.items()}
        for k in list(given):  # a key written in Chinese names its English key (the English one wins)
            english = in_english(k, keys)
            if english != k and english not in given:
                given[english] = given[k]
        missing = [k for k in keys if k not in given]
        if missing:
            if len(missing) > 1:
                return ("incorrect", fb.say(fb.MISSING_KEYS, key=missing[0], more=len(missing) - 1), 0.0)
            return ("incorrect", fb.say(fb.MISSING_KEY, key=missing[0], more=""), 0.0)
        allowed = {normalise(o) for o in self.options}
        wrong = []
        for k in keys:
            v = in_english(given[k], self.options)
            if v is Ellipsis:
                return ("unanswered", fb.say(fb.KEY_UNANSWERED, key=k), 0.0)
            if not isinstance(v, str) or (allowed and normalise(v) not in allowed):
                return ("incorrect", fb.say(fb.WRONG_LABEL_KIND, key=k, options=fb.options_text(self.options),
                                            answer=fb.describe(v)), 0.0)
            if answer_hash(self.id, v) != self.answer[k]:
                wrong.append(v)
        if not wrong:
            return self.solved()
        right = len(keys) - len(wrong)
        return ("incorrect", fb.join([fb.say(fb.WRONG_LABELS, right=right, count=len(keys)),
                                      misapplied_concept(wrong, self.concepts, self.options)]),
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

    def with_key(self, key):
        from crmcourse.checks.transfer import Untransferable, decode

        try:
            value = decode(_key_value(self, key, "expected"))
        except Untransferable as exc:
            raise CourseDataError(f"the answer key of {self.id} holds an expected value that cannot be read ({exc})",
                                  fix="write a list, or a table as crmcourse.checks.transfer.encode writes it") from None
        return dataclasses.replace(self, exam=False, expected=lambda: value)

    def judge(self, answer):
        import numpy as np
        import pandas as pd

        ref = self.reference()
        if isinstance(ref, (pd.Series, pd.DataFrame)):
            kind = type(ref).__name__
            if not isinstance(answer, type(ref)):
                return ("incorrect", fb.say(fb.EXPECTED_PANDAS, kind=kind, answer=fb.describe(answer)), 0.0)
            if isinstance(ref, pd.DataFrame):
                missing = [c for c in ref.columns if c not in answer.columns]
                if missing:
                    return ("incorrect", fb.say(fb.MISSING_COLUMN, column=missing[0]), 0.0)
                names = list(answer.columns)
                repeated = [c for c in ref.columns if names.count(c) > 1]
                if repeated:
                    return ("incorrect", fb.say(fb.REPEATED_COLUMN, column=repeated[0]), 0.0)
                answer = answer[list(ref.columns)]
            if len(answer) != len(ref):
                return ("incorrect", fb.say(fb.WRONG_LENGTH, kind=kind, got=len(answer), want=len(ref)), 0.0)
            if answer.index.has_duplicates and not ref.index.has_duplicates:
                return ("incorrect", fb.say(fb.REPEATED_LABELS), 0.0)
            try:
                aligned = answer.reindex(ref.index)
            except Exception:
                aligned = None
            if aligned is None or aligned.isna().to_numpy().sum() > ref.isna().to_numpy().sum():
                return ("incorrect", fb.say(fb.LABELS_DIFFER), 0.0)
            result = compare_arrays(aligned.to_numpy(), ref.to_numpy(), self.rel_tol)
            return self.solved() if result[0] == "correct" else result
        if isinstance(ref, (list, tuple)):
            if not isinstance(answer, (list, tuple)):
                return ("incorrect", fb.say(fb.EXPECTED_PLAIN_LIST, answer=fb.describe(answer)), 0.0)
            if len(answer) != len(ref):
                return ("incorrect", fb.say(fb.WRONG_LIST_LENGTH, got=len(answer), want=len(ref)), 0.0)
            result = compare_arrays(np.asarray(answer, dtype=object), np.asarray(ref, dtype=object), self.rel_tol)
            return self.solved() if result[0] == "correct" else result
        return ("unknown", fb.say(fb.NO_REFERENCE_VALUE), 0.0)


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
    return ("incorrect", fb.say(fb.VALUES_DIFFER, wrong=wrong, count=len(b)), float(same.mean()))
