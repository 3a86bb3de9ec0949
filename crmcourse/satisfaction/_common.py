"""Small pieces the satisfaction modules share (message wording, safe text of learner values).

They are general; until ``crmcourse._validate`` offers them, they live here under public names
so that no module imports another module's private helper.
"""
from __future__ import annotations

import contextlib
from typing import Any

import pandas as pd

from crmcourse import _validate
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _

__all__ = ["refix", "shown", "plain_text", "safe_repr", "numeric_values", "numeric_column"]


@contextlib.contextmanager
def refix(fix: str, *, problem: str | None = None, column: Any = ..., source: Any = ...):
    """Re-raise a :class:`CourseDataError` from a ``_validate`` check with this topic's fix.

    >>> from crmcourse._validate import real
    >>> with refix("use e.g. 7 on a 0–10 scale"):
    ...     real("x", "promise")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: promise must be a number, got 'x' (text, not a number). Fix: use e.g. 7 on a 0–10 scale.
    """
    try:
        yield
    except CourseDataError as err:
        raise CourseDataError(_(problem) if problem else err.problem, file=err.file if source is ... else source,
                              column=err.column if column is ... else column, rows=err.rows,
                              fix=_(fix)) from None


def safe_repr(value: Any, limit: int = 40) -> str:
    """``repr(value)`` shortened to ``limit`` characters; never raises.

    >>> safe_repr("like")
    "'like'"
    """
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        try:
            value = value.item()
        except Exception:
            pass
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(values, limit: int = 5) -> str:
    """A short, quoted list of offending values for an error message.

    >>> shown(["love", 7, "meh", "x", "y", "z"])
    "'love', 7, 'meh', 'x', 'y' … 6 in all"
    """
    vals = list(values)
    text = ", ".join(safe_repr(v) for v in vals[:limit])
    return _("{rows} … {count} in all").format(rows=text, count=len(vals)) if len(vals) > limit else text


def plain_text(value: Any) -> str | None:
    """``value`` as a plain ``str`` (a str subclass loses its own methods); None when not text.

    >>> plain_text(" Like "), plain_text(3)
    (' Like ', None)
    """
    if isinstance(value, str):
        return str.__str__(value)
    return None


# numeric_values / numeric_column: the shared rule, re-exported for this package.
numeric_values = _validate.numeric_values
numeric_column = _validate.numeric_column
