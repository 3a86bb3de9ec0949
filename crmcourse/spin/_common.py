"""What every SPIN module shares: the question types, call stages and outcomes, and small checks.

Nothing here imports pandas, so ``import crmcourse.spin`` stays light.

>>> MOVE_TYPES
('S', 'P', 'I', 'N', 'pitch', 'close')
>>> CALL_STAGES[0], STAGES is CALL_STAGES
('preliminaries', True)
"""
from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from typing import Any

from crmcourse.constants import SPIN_TYPE_NAMES, SPIN_TYPES
from crmcourse.errors import CourseDataError

__all__ = [
    "QUESTION_TYPES", "TYPE_NAMES", "MOVE_TYPES", "CALL_STAGES", "STAGES", "OUTCOMES",
    "SUCCESSFUL_PROFILE", "TYPICAL_PROFILE", "FAB_RESPONSES", "MAX_QUESTION_CHARS",
    "plain_text", "clean_text", "describe", "seed_value", "flag", "item_list",
]

#: The four SPIN question types, in the order a call usually develops them
#: (the course's one home for them is :data:`crmcourse.constants.SPIN_TYPES`).
QUESTION_TYPES = SPIN_TYPES
#: The types' names: S situation, P problem, I implication, N need-payoff.
TYPE_NAMES = SPIN_TYPE_NAMES
#: What a seller can do in the simulator: the four question types, a pitch (a statement about the
#: offer) and a close (asking for a commitment).
MOVE_TYPES = QUESTION_TYPES + ("pitch", "close")
#: Rackham's four stages of a sales *call* (not the stages of a deal in a CRM: those are
#: :data:`crmcourse.constants.SALES_STAGES`, ``crmcourse.accounts.STAGES``).
CALL_STAGES = ("preliminaries", "investigating", "demonstrating capability", "obtaining commitment")
#: Old name of :data:`CALL_STAGES`, kept so existing notebooks and code keep working.
STAGES = CALL_STAGES
#: The four ways a call can end, best first.
OUTCOMES = ("order", "advance", "continuation", "no-sale")
#: Share of each question type in calls of successful sellers in large sales. ILLUSTRATIVE: the
#: research reports the direction (fewer situation questions, many more implication and
#: need-payoff questions), not these exact shares.
SUCCESSFUL_PROFILE = {"S": 0.20, "P": 0.30, "I": 0.30, "N": 0.20}
#: The same for an inexperienced seller (illustrative): mostly situation questions.
TYPICAL_PROFILE = {"S": 0.55, "P": 0.30, "I": 0.10, "N": 0.05}
#: How buyers respond to the three kinds of statement (Rackham): features draw price concerns,
#: advantages draw objections, benefits (meeting an explicit need) draw approval.
FAB_RESPONSES = {"feature": "price concern", "advantage": "objection", "benefit": "approval"}
#: The longest question the classifier reads. Its cue rules take time that grows with the square
#: of the length, and a real question is one sentence (the bank's longest has under 100 characters).
MAX_QUESTION_CHARS = 1000


def plain_text(value: Any) -> str | None:
    """``value`` as a plain ``str`` if it is text (a ``str`` subclass becomes a plain copy), else None.

    Parameters
    ----------
    value : Any

    Returns
    -------
    str or None

    Examples
    --------
    >>> plain_text("abc"), plain_text(3)
    ('abc', None)
    """
    if not isinstance(value, str):
        return None
    return str.__str__(value)  # the base method: a subclass cannot override what it returns


def clean_text(text: str) -> str:
    """Curly quotes made straight and runs of whitespace made one space.

    Parameters
    ----------
    text : str
        Plain text (see :func:`plain_text`).

    Returns
    -------
    str

    Examples
    --------
    >>> clean_text("  \u201cWould it help?\u201d  ")
    '"Would it help?"'
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.strip().split())


def describe(value: Any, limit: int = 40) -> str:
    """A short ``repr`` of ``value`` for a message, even for objects whose ``repr`` fails.

    Parameters
    ----------
    value : Any
    limit : int, default 40
        The longest text returned.

    Returns
    -------
    str

    Examples
    --------
    >>> describe("s_flet"), describe("x" * 60)[-3:]
    ("'s_flet'", 'xx…')
    """
    text = plain_text(value)
    if text is not None:
        shown = repr(text)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 30:
        shown = f"a {len(str(abs(value)))}-digit number" if abs(value) < 10 ** 4000 else "a huge number"
    else:
        try:
            shown = repr(value)
        except Exception:  # an object whose __repr__ raises
            shown = f"<{type(value).__name__}>"
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def seed_value(seed: Any, name: str = "seed") -> int | None:
    """``seed`` if it is None or a whole number (not a bool), else one clear error.

    Parameters
    ----------
    seed : Any
    name : str, default "seed"
        The argument's name in the message.

    Returns
    -------
    int or None

    Raises
    ------
    CourseDataError
        ``seed`` is text, a bool, a fraction or any other object.

    Examples
    --------
    >>> seed_value(7), seed_value(None)
    (7, None)
    >>> seed_value(1.5)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: seed must be a whole number or None, got 1.5. Fix: e.g. seed=0; the same seed replays the same call.
    """
    if seed is None:
        return None
    if isinstance(seed, bool) or type(seed).__name__ == "bool_" or not isinstance(seed, numbers.Integral):
        raise CourseDataError(f"{name} must be a whole number or None, got {describe(seed)}",
                              fix=f"e.g. {name}=0; the same seed replays the same call")
    return int(seed)


def flag(value: Any, name: str) -> bool:
    """``value`` if it is True or False, else one clear error.

    Parameters
    ----------
    value : Any
    name : str
        The argument's name in the message.

    Returns
    -------
    bool

    Raises
    ------
    CourseDataError
        Anything but a bool.

    Examples
    --------
    >>> flag(True, "typical")
    True
    """
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    raise CourseDataError(f"{name} must be True or False, got {describe(value)}", fix=f"e.g. {name}=True")


def item_list(value: Any, problem: str, fix: str, error: type = CourseDataError) -> list:
    """An ordered collection (list, tuple, Series, array, generator) as a list, or ``error``.

    Text, bytes, mappings and sets are refused: a call and a plan have an order.

    Parameters
    ----------
    value : Any
    problem, fix : str
        The message when ``value`` is not such a collection.
    error : type, default CourseDataError
        The error class to raise (a subclass of it).

    Returns
    -------
    list

    Raises
    ------
    CourseDataError
        ``value`` is text, a mapping, a set, not iterable, or fails while being read.

    Examples
    --------
    >>> item_list(("a", "b"), "not a list", "pass a list")
    ['a', 'b']
    >>> item_list({"a"}, "moves must be a list", "e.g. ['a']")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: moves must be a list (got {'a'}). Fix: e.g. ['a'].
    """
    if isinstance(value, (str, bytes, bytearray, Mapping, set, frozenset)) or not isinstance(value, Iterable):
        raise error(f"{problem} (got {describe(value)})", fix=fix)
    try:
        return list(value)
    except Exception:
        raise error(f"{problem} (got {describe(value)}, which could not be read)", fix=fix) from None
