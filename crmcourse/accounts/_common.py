"""Input checks the key-account modules share, built on :mod:`crmcourse._validate`.

``refix`` and ``plain_names`` are general; until ``crmcourse._validate`` offers them they live
here under public names, so no module imports another module's private helper.
"""
from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmcourse import _validate
from crmcourse._validate import as_series, hashable_ids, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _

__all__ = ["refix", "amounts", "plain_names", "numeric_values", "numeric_column"]


@contextlib.contextmanager
def refix(fix: str, *, problem: str | None = None, column: Any = ..., source: Any = ...):
    """Re-raise a :class:`CourseDataError` from a ``_validate`` check with this topic's fix.

    >>> from crmcourse._validate import real
    >>> with refix("pass a share, e.g. 0.8"):
    ...     real("x", "a")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: a must be a number, got 'x' (text, not a number). Fix: pass a share, e.g. 0.8.
    """
    try:
        yield
    except CourseDataError as err:
        raise CourseDataError(_(problem) if problem else err.problem, file=err.file if source is ... else source,
                              column=err.column if column is ... else column, rows=err.rows,
                              fix=_(fix)) from None


def amounts(values, name: str, *, what: str = "value", allow_empty: bool = False,
            source: str | None = None) -> pd.Series:
    """A float Series of finite amounts of 0 or more (a Series, dict, list or array), or one error.

    >>> amounts({"K1": 5, "K2": "12"}, "values").tolist()
    [5.0, 12.0]
    >>> amounts([5, -1], "values")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: column 'values': 1 values are negative (rows 1). Fix: a key-account ranking needs amounts of 0 or more: remove refunds or net them off first.
    """
    if isinstance(values, pd.DataFrame) and values.shape[1] != 1:
        raise CourseDataError(
            _("{name} should be one column (a Series), got a table with {count} columns").format(
                name=name, count=values.shape[1]),
            fix=_("pick the column, e.g. {example} or {other}").format(
                example="accounts['annual_revenue']", other="accounts.set_index('account_id')['annual_revenue']"))
    if isinstance(values, Mapping):
        values = pd.Series(dict(values), dtype=object)
    elif not isinstance(values, (pd.Series, pd.DataFrame, list, tuple, pd.Index, np.ndarray)):
        raise CourseDataError(_("{name} should be a list or Series of numbers, got {type}").format(
            name=name, type=type(values).__name__),
            fix=_("pass a pandas Series (index = account ids), a dict or a list"))
    s = as_series(values, name)
    if len(s) == 0 and not allow_empty:
        raise CourseDataError(_("{name} is empty: there is nothing to rank").format(name=name), file=source,
                              fix=_("check the filter that produced it"))
    num = numeric_values(s, source=source, col=name, what=what)
    negative = (num < 0).to_numpy()
    if negative.any():
        raise CourseDataError(_("{count} {what}s are negative").format(count=int(negative.sum()), what=_(what)),
                              file=source, column=name, rows=rows_where(s.index, negative),
                              fix=_("a key-account ranking needs amounts of 0 or more: remove refunds or net them off "
                                    "first"))
    return num


def plain_names(series: pd.Series, *, source: str, col: str, what: str, fix: str) -> pd.Series:
    """``series`` if every cell is one plain value (text or number; lists, dicts and objects refused).

    >>> plain_names(pd.Series(["Prospecting", ["x"]]), source="deals", col="stage", what="stage names",
    ...             fix="one stage per row")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: deals, column 'stage': stage names must be text (found lists or other objects) (rows 1). Fix: one stage per row.
    """
    with refix(fix, problem=_("{what} must be text (found lists or other objects)").format(what=_(what))):
        hashable_ids(series, source=source, col=col, allow_missing=True)
    return series


# numeric_values / numeric_column: the shared rule, re-exported for this package.
numeric_values = _validate.numeric_values
numeric_column = _validate.numeric_column
