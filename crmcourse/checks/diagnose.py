"""What a wrong answer says about the slip behind it: the diagnosis the exercise kinds give.

The kinds in :mod:`crmcourse.checks.kinds` hold the declarations; the rules that turn a wrong
number or a wrong mapping into teaching feedback live here, so that each rule is written once:

* :func:`read_number` — a learner's value as one finite number, or the message saying why not;
* :func:`number_verdict` — the ladder of number feedback: declared slips first, then counts
  that are not whole, percentages, factor-100 slips, the sign, near misses, too high or low;
* :func:`slip_values` — the declared slips of an exercise, computed;
* :func:`misapplied_concept` — for a mapping, the one label misapplied most often and the idea
  behind it, never which key is wrong.

None of them shows an expected answer.

>>> number_verdict(85.4, 0.8537, abs_tol=0.0, rel_tol=1e-6, percent=True)
('incorrect', '(Read as a percentage.) Close, but not within the tolerance: check your rounding and that you used every row.')
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import crmcourse.checks.feedback as fb
from crmcourse.checks.answers import TooLarge, as_number, is_close, normalise

__all__ = ["read_number", "number_verdict", "slip_values", "nearer_as_percent", "misapplied_concept"]


def read_number(answer: Any) -> float | str:
    """A learner's answer as one finite number, or the feedback saying why it is not one.

    Parameters
    ----------
    answer : Any
        A value already passed through :func:`~crmcourse.checks.answers.plain`.

    Returns
    -------
    float or str
        The number, or the message (text that looks like a number, not a number, too large,
        NaN or infinite).

    Raises
    ------
    None

    Examples
    --------
    >>> read_number(3), read_number("3")
    (3.0, 'Your answer is text that looks like a number; give the number itself, without quotes.')
    """
    if isinstance(answer, str):
        try:
            float(answer.replace(",", "").strip().rstrip("%"))
            return fb.say(fb.TEXT_LOOKS_NUMERIC)
        except (ValueError, OverflowError):
            return fb.say(fb.EXPECTED_NUMBER, answer=fb.describe(answer))
    try:
        value = as_number(answer)
    except TooLarge:
        return fb.say(fb.TOO_LARGE)
    if value is None:
        return fb.say(fb.EXPECTED_SINGLE_NUMBER, answer=fb.describe(answer))
    if math.isnan(value) or math.isinf(value):
        return fb.say(fb.NOT_FINITE)
    return value


def slip_values(slips: Mapping[Any, Any]) -> list[tuple[float, str]]:
    """Declared slips as ``(value, message)``: each key is a number or a function computing one.

    Parameters
    ----------
    slips : mapping
        Wrong value (or a function of no argument returning it) → message.

    Returns
    -------
    list of tuple
        A slip whose function fails or whose value is not a finite number is left out
        (``tests/test_exercise_tasks.py`` checks that every declared slip computes).

    Raises
    ------
    None

    Examples
    --------
    >>> slip_values({3: "m", (lambda: 1 / 0): "x"})
    [(3.0, 'm')]
    """
    found = []
    try:
        items = list(dict(slips).items())
    except Exception:  # noqa: BLE001 - a declaration that is not a mapping has no slips
        return found
    for key, message in items:
        try:
            value = float(key() if callable(key) else key)
        except Exception:  # noqa: BLE001 - a broken slip must not stop the check
            continue
        if math.isfinite(value):
            found.append((value, str(message)))
    return found


def nearer_as_percent(value: float, target: float) -> bool:
    """True when ``value`` reads better as a percentage of the fraction ``target`` than as the fraction.

    Parameters
    ----------
    value, target : float
        The learner's number and the expected fraction (at most 1 in size).

    Returns
    -------
    bool

    Raises
    ------
    None

    Examples
    --------
    >>> nearer_as_percent(85.4, 0.8537), nearer_as_percent(0.9, 0.8537)
    (True, False)
    """
    if target == 0 or value == 0 or (value > 0) != (target > 0) or abs(target) > 1:
        return False
    ratio = abs(value / target)
    return abs(math.log(ratio / 100)) < abs(math.log(ratio))


def number_verdict(value: float, target: float, *, abs_tol: float, rel_tol: float, percent: bool = False,
                   count: bool = False, slips: Sequence[tuple[float, str]] = ()) -> tuple[str, str]:
    """Judge a finite number: ``("correct", note)`` or ``("incorrect", message)``.

    The order: right (as a fraction, or as a percentage when ``percent``); a declared slip
    (matched within the tolerance, and as a percentage when ``percent``); a count with a
    fraction; then, read as a percentage when that is nearer (``percent`` only, the message
    says so), a factor-100 slip, the wrong sign, a near miss (within 2%: "check your
    rounding", or for a count "a count must be exact"), too high or too low.

    Parameters
    ----------
    value, target : float
        The learner's number and the expected one (both finite).
    abs_tol, rel_tol : float
        The exercise's tolerance.
    percent : bool, default False
        The expected fraction may be given as a percentage.
    count : bool, default False
        The answer is a whole-number count (never told to check the rounding).
    slips : sequence of (float, str)
        Typical wrong values and their messages (see :func:`slip_values`).

    Returns
    -------
    tuple
        ``(status, message)``.

    Raises
    ------
    None

    Examples
    --------
    >>> number_verdict(301, 300, abs_tol=0, rel_tol=0, count=True, slips=[(298, "No coefficient?")])
    ('incorrect', 'Your count is a little too high: a count must be exact, so check each condition that picks the rows.')
    >>> number_verdict(298, 300, abs_tol=0, rel_tol=0, count=True, slips=[(298, "No coefficient?")])
    ('incorrect', 'No coefficient?')
    """
    value, target, tol = float(value), float(target), (abs_tol, rel_tol)
    if is_close(value, target, *tol):
        return ("correct", "")
    if percent and is_close(value, target * 100, abs_tol * 100, rel_tol):
        return ("correct", fb.say(fb.READ_AS_PERCENT))
    for slip, message in slips:
        if is_close(value, slip, *tol) or (percent and is_close(value, slip * 100, abs_tol * 100, rel_tol)):
            return ("incorrect", fb.course_text(message))
    if count and not value.is_integer():
        return ("incorrect", fb.say(fb.COUNT_NOT_WHOLE))
    note = ""
    if percent and nearer_as_percent(value, target):
        value, note = value / 100, fb.say(fb.READ_AS_PERCENT)
    elif target != 0 and is_close(value, target * 100, abs_tol * 100, rel_tol):
        return ("incorrect", fb.say(fb.HUNDRED_TIMES))
    if target != 0 and is_close(value * 100, target, *tol):
        return ("incorrect", fb.join([note, fb.say(fb.HUNDRED_TIMES_SMALL)]))
    if target != 0 and is_close(-value, target, *tol):
        return ("incorrect", fb.join([note, fb.say(fb.WRONG_SIGN)]))
    high = value > target
    if target != 0 and abs(value - target) <= 0.02 * abs(target):
        if count:
            return ("incorrect", fb.join([note, fb.say(fb.COUNT_CLOSE_HIGH if high else fb.COUNT_CLOSE_LOW)]))
        return ("incorrect", fb.join([note, fb.say(fb.CLOSE)]))
    return ("incorrect", fb.join([note, fb.say(fb.TOO_HIGH if high else fb.TOO_LOW)]))


def misapplied_concept(wrong_labels: Sequence[str], concepts: Mapping[str, str], options: Sequence[str]) -> str:
    """The feedback for wrong mapping labels: the idea behind the label misapplied most often.

    Parameters
    ----------
    wrong_labels : sequence of str
        The labels the learner gave to the keys that are wrong (not the keys: they stay unnamed).
    concepts : mapping
        Label → the idea that defines it.
    options : sequence of str
        The labels in the order shown (breaks ties).

    Returns
    -------
    str
        :data:`~crmcourse.checks.feedback.MAPPING_MISAPPLIED` for that label, or
        :data:`~crmcourse.checks.feedback.MAPPING_RECHECK` when no misapplied label has a concept.

    Raises
    ------
    None

    Examples
    --------
    >>> misapplied_concept(["A", "M", "a"], {"A": "delights when present."}, ("A", "M"))
    "At least one key you labelled 'A' is not one; revisit the idea: delights when present."
    """
    try:
        ideas = {normalise(k): (str(k), str(v)) for k, v in dict(concepts).items()}
    except Exception:  # noqa: BLE001 - a declaration that is not a mapping has no concepts
        ideas = {}
    order = [normalise(o) for o in options]
    counted: dict[str, int] = {}
    for label in wrong_labels:
        norm = normalise(label)
        if norm in ideas:
            counted[norm] = counted.get(norm, 0) + 1
    if not counted:
        return fb.say(fb.MAPPING_RECHECK)
    best = max(counted, key=lambda n: (counted[n], -(order.index(n) if n in order else len(order))))
    name, idea = ideas[best]
    return fb.say(fb.MAPPING_MISAPPLIED, label=fb.course_text(name), concept=fb.course_text(idea))
