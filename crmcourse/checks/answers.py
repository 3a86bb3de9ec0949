"""Reading what a learner passed: plain values, placeholders, numbers and answer hashes.

>>> plain(["high", ("a", 1.5)])
['high', ('a', 1.5)]
>>> is_unanswered([1, ...])
True
>>> answer_hash("m1_x", "Must-be") == answer_hash("m1_x", "  must-be ")
True
"""
from __future__ import annotations

import functools
import hashlib
import math
import numbers
import unicodedata
from typing import Any

__all__ = ["plain", "is_unanswered", "normalise", "answer_hash", "as_number", "is_close", "TooLarge",
           "option_lookup", "in_english"]

#: How deep :func:`plain` looks into nested lists, tuples, sets and dicts.
MAX_DEPTH = 20


class TooLarge(Exception):
    """An integer answer beyond the range of a float (e.g. ``10**400``)."""


def plain(value: Any, _depth: int = 0) -> Any:
    """``value`` with subclasses of ``str``, ``int`` and ``float`` (and of the built-in containers
    that hold them) turned into the built-in types themselves.

    A ``str`` subclass can override ``strip``, ``lower`` or ``__iter__``; after this step a
    check only ever calls the built-in methods. Other objects (pandas, numpy, the learner's own
    classes) are returned unchanged; so are structures nested deeper than :data:`MAX_DEPTH`.

    Parameters
    ----------
    value : Any
        What the learner passed.

    Returns
    -------
    Any
        The same value in built-in types where it used subclasses of them.

    Raises
    ------
    None
        A container whose copy fails is returned unchanged.

    Examples
    --------
    >>> import collections
    >>> plain(collections.OrderedDict(a=1))
    {'a': 1}
    """
    kind = type(value)
    if kind in (str, int, float, bool, complex, bytes) or value is None or value is Ellipsis:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if _depth >= MAX_DEPTH or not isinstance(value, (list, tuple, set, frozenset, dict)):
        return value
    try:
        if isinstance(value, dict):
            return {plain(k, _depth + 1): plain(v, _depth + 1) for k, v in dict.items(dict.copy(value))}
        if isinstance(value, list):
            return [plain(v, _depth + 1) for v in list.copy(value)]
        if isinstance(value, tuple):
            return tuple(plain(v, _depth + 1) for v in tuple.__getitem__(value, slice(None)))
        items = [plain(v, _depth + 1) for v in (set.copy(value) if isinstance(value, set) else frozenset.copy(value))]
        return set(items) if isinstance(value, set) else frozenset(items)
    except Exception:  # e.g. a key whose hash raises: leave it for the judge's own handling
        return value


def is_unanswered(answer: Any) -> bool:
    """True for the placeholders of a learner notebook: ``None``, ``...``, blank text, empty or
    ``...``-holding lists and dicts.

    Parameters
    ----------
    answer : Any
        A value already passed through :func:`plain`.

    Returns
    -------
    bool

    Raises
    ------
    Exception
        Only what a container's own ``len`` or iteration raises (call :func:`plain` first).

    Examples
    --------
    >>> is_unanswered("  "), is_unanswered({"wifi": ...}), is_unanswered(0)
    (True, True, False)
    """
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str) and not answer.strip():
        return True
    if isinstance(answer, (list, tuple, set, frozenset)):
        return len(answer) == 0 or any(a is Ellipsis for a in answer)
    if isinstance(answer, dict):
        return len(answer) == 0 or any(v is Ellipsis for v in answer.values())
    return False


def normalise(value: Any) -> str:
    """The text an answer is hashed as: trimmed, lower-case, single spaces; numbers rounded to 6 places.

    Parameters
    ----------
    value : Any

    Returns
    -------
    str

    Raises
    ------
    Exception
        Whatever ``str()`` of an object that is not text or a number raises.

    Examples
    --------
    >>> normalise("  Must-Be  Quality "), normalise(0.1 + 0.2)
    ('must-be quality', '0.3')
    """
    value = plain(value)
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

    Text is compared case- and space-insensitively; the exercise id is the salt, so the same
    answer hashes differently in two exercises.

    Parameters
    ----------
    exercise_id : str
        The exercise the answer belongs to.
    value : Any
        The answer (usually an option's text).

    Returns
    -------
    str
        16 hexadecimal characters.

    Raises
    ------
    Exception
        Whatever ``str()`` of an exotic ``value`` raises (checks call it only on text).

    Examples
    --------
    >>> answer_hash("m1_x", "Must-be") == answer_hash("m1_x", "  must-be ")
    True
    >>> answer_hash("m1_x", "must-be") == answer_hash("m1_y", "must-be")
    False
    """
    return hashlib.sha256(f"{plain(exercise_id)}\x1f{normalise(value)}".encode("utf-8")).hexdigest()[:16]


def as_number(answer: Any) -> float | None:
    """A single real number from a number, a numpy scalar, a 0-d array or a one-value Series.

    Parameters
    ----------
    answer : Any

    Returns
    -------
    float or None
        None when ``answer`` is not one real number (bools are not numbers here).

    Raises
    ------
    TooLarge
        An integer beyond the range of a float.

    Examples
    --------
    >>> as_number(3), as_number(True), as_number("3")
    (3.0, None, None)
    """
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        try:
            return float(answer)
        except OverflowError:
            raise TooLarge() from None
    try:  # numpy scalars, 0-d arrays, single-value Series
        import numpy as np

        arr = np.asarray(answer)
        if arr.size == 1 and arr.dtype.kind in "iuf":
            return float(arr.reshape(-1)[0])
    except Exception:
        pass
    return None


def is_close(a: float, b: float, abs_tol: float, rel_tol: float) -> bool:
    """``math.isclose`` with both tolerances (the one comparison rule of the number checks).

    Parameters
    ----------
    a, b : float
        The two numbers.
    abs_tol, rel_tol : float
        Absolute and relative tolerance.

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        ``a`` or ``b`` is not a real number.

    Examples
    --------
    >>> is_close(0.2502, 0.25, 0.0, 1e-3)
    True
    """
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def _key(text: str) -> str:
    """How an option and a learner's text are matched across languages: NFKC (full-width letters
    and spaces as plain ones), then :func:`normalise`."""
    return normalise(unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=512)
def option_lookup(options: tuple) -> dict[str, str]:
    """Every way a learner may write each option → the option: its English text and its Chinese
    translations (from the ``exercises`` and ``crmcourse`` catalogs, whatever the language in use).

    A translation two options share, or one that reads as another option's English text, is left
    out: it cannot say which option was meant.

    Parameters
    ----------
    options : tuple of str
        The options of an exercise (English, as declared).

    Returns
    -------
    dict
        Matching key (see :func:`in_english`) → option.

    Raises
    ------
    None
        Options that are not text are skipped.

    Examples
    --------
    >>> option_lookup(("correct", "low"))["正确"]
    'correct'
    """
    from crmcourse.i18n import alternatives

    english = {_key(o): o for o in options if isinstance(o, str)}
    found: dict[str, str | None] = {}
    for option in english.values():
        try:
            names = alternatives(option)[1:]
        except Exception:  # noqa: BLE001 - no catalog: English only
            names = ()
        for name in names:
            key = _key(name)
            if key in english or not key:
                continue
            found[key] = option if found.get(key, option) == option else None
    return {**{k: v for k, v in found.items() if v is not None}, **english}


def in_english(answer: Any, options) -> Any:
    """The option a learner's text names, in English (as the answer hashes were made), in either language.

    Parameters
    ----------
    answer : Any
        A value already passed through :func:`plain`.
    options : sequence of str
        The exercise's options.

    Returns
    -------
    Any
        The English option when ``answer`` is text naming one (its English or Chinese label,
        in any case, with full-width or extra spaces); else ``answer`` unchanged.

    Raises
    ------
    None

    Examples
    --------
    >>> in_english(" 正确 ", ("correct", "low")), in_english("LOW", ("correct", "low")), in_english(3, ("low",))
    ('correct', 'LOW', 3)
    """
    if type(answer) is not str or not options:
        return answer
    try:
        lookup = option_lookup(tuple(options))
        key = _key(answer)
    except Exception:  # noqa: BLE001 - unhashable or odd options: compare as given
        return answer
    if key in lookup and normalise(answer) != normalise(lookup[key]):
        return lookup[key]
    return answer
