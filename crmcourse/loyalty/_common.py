"""Input checks the loyalty modules share, built on :mod:`crmcourse._validate`.

Dates follow the package's one rule (``_validate.dates``): datetime columns (timezone-aware
ones become naive local time), date objects and ISO text such as ``2025-01-31``; numbers such
as 20250131 and day/month text such as ``05/01/2025`` are refused with the conversion to use,
exactly as ``rfm_table`` refuses them. ``refix`` is general; until ``crmcourse._validate``
offers it, it lives here under a public name.
"""
from __future__ import annotations

import contextlib
from typing import Any

import numpy as np
import pandas as pd

from crmcourse import _validate
from crmcourse._validate import date_column, dates, hashable_ids, require_columns, rows_where, timestamp
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _

__all__ = ["refix", "transactions", "day", "period", "finite", "numeric_values", "numeric_column"]


@contextlib.contextmanager
def refix(fix: str, *, problem: str | None = None, column: Any = ..., source: Any = ...):
    """Re-raise a :class:`CourseDataError` from a ``_validate`` check with this topic's fix.

    >>> from crmcourse._validate import real
    >>> with refix("a fraction of sales, e.g. 0.6"):
    ...     real(None, "margin_rate")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: margin_rate must be a number, got None. Fix: a fraction of sales, e.g. 0.6.
    """
    try:
        yield
    except CourseDataError as err:
        raise CourseDataError(_(problem) if problem else err.problem, file=err.file if source is ... else source,
                              column=err.column if column is ... else column, rows=err.rows,
                              fix=_(fix)) from None


def transactions(tx: Any, *, customer: str, date: str, amount: str | None) -> pd.DataFrame:
    """The purchase table with checked columns: plain customer ids, naive dates, amounts ≥ 0.

    >>> t = transactions(pd.DataFrame({"c": ["a"], "d": ["2025-01-05"], "x": [3]}), customer="c", date="d",
    ...                  amount="x")
    >>> t.dtypes.astype(str).tolist()[1:]
    ['datetime64[us]', 'float64']
    >>> transactions(pd.DataFrame({"c": ["a"], "d": [20250105]}), customer="c", date="d", amount=None)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: transactions, column 'd': holds numbers, not dates. Fix: convert it first, e.g. pd.to_datetime(df['date'].astype(str), format='%Y%m%d') for 20250131.
    """
    cols = [customer, date] + ([amount] if amount else [])
    require_columns(tx, cols, source="transactions", min_rows=1)
    if len(set(cols)) != len(cols):
        raise CourseDataError(_("customer, date and amount name the same column ({names})").format(
            names=", ".join(map(repr, cols))), fix=_("pass three different columns"))
    ids = hashable_ids(tx[customer], source="transactions", col=customer, allow_missing=True)
    no_id = ids.isna().to_numpy()
    if no_id.any():
        raise CourseDataError(_("purchases without a customer"), file="transactions", column=customer,
                              rows=rows_where(tx.index, no_id),
                              fix=_("drop anonymous purchases first (they cannot be identified)"))
    out = tx[[customer]].copy()
    out[date] = date_column(tx, date, "transactions").to_numpy()
    if amount:
        with refix(N_("remove refunds and fix typing errors")):
            out[amount] = numeric_column(tx, amount, "transactions", low=0, what="amount").to_numpy()
    return out


def day(value: Any, name: str) -> pd.Timestamp:
    """One day (time dropped) from ISO text, a date or a Timestamp; numbers and 05/01/2025 refused.

    >>> day("2025-03-04", "start")
    Timestamp('2025-03-04 00:00:00')
    >>> day("04/03/2025", "start")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: start '04/03/2025' is not an ISO date. Fix: give start as a date like '2025-01-01'.
    """
    fix = _("give {name} as a date like '2025-01-01'").format(name=name)
    if isinstance(value, str):
        value = str.__str__(value)
        try:
            dates(pd.Series([value], dtype=object))  # the one ISO rule for text dates
        except CourseDataError:
            raise CourseDataError(_("{name} {value} is not an ISO date").format(name=name, value=repr(value[:30])),
                                  fix=fix) from None
    with refix(fix):
        return timestamp(value, name, example="2025-01-01").normalize()


def period(start: Any, end: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``(start, end)`` as days, start on or before end.

    >>> period("2025-01-01", "2024-12-31")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: the period 2025-01-01 to 2024-12-31 is empty or backwards. Fix: give start <= end.
    """
    a, b = day(start, "start"), day(end, "end")
    if b < a:
        raise CourseDataError(_("the period {start} to {end} is empty or backwards").format(start=a.date(), end=b.date()),
                              fix=_("give start <= end"))
    return a, b


def finite(frame: pd.DataFrame, columns, *, source: str, fix: str) -> pd.DataFrame:
    """``frame`` if its numeric ``columns`` are finite (sums and products of huge inputs overflow).

    >>> finite(pd.DataFrame({"x": [1.0, float("inf")]}), ["x"], source="result", fix="use smaller units")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: result, column 'x': 1 value beyond the largest float (rows 1). Fix: use smaller units.
    """
    for col in columns:
        values = np.asarray(frame[col], dtype=float)
        bad = ~np.isfinite(values)
        if bad.any():
            n = int(bad.sum())
            problem = _("{count} values beyond the largest float") if n > 1 else _("{count} value beyond the largest float")
            raise CourseDataError(problem.format(count=n), file=source, column=col, rows=rows_where(frame.index, bad),
                                  fix=_(fix))
    return frame


# numeric_values / numeric_column: the shared rule, re-exported for this package.
numeric_values = _validate.numeric_values
numeric_column = _validate.numeric_column
