"""Customer satisfaction (客户满意): the ratio model c = b / a and its three zones.

Module 1 of the course. Pure functions on numbers or pandas Series; plots live in
:mod:`crmcourse.plots` and interactive explorers in :mod:`crmcourse.widgets`.

>>> satisfaction_ratio(perceived=9, expected=8)
1.125
>>> satisfaction_zone(1.125)
'highly satisfied'
"""
from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from crmcourse.data import CourseDataError

__all__ = ["satisfaction_ratio", "satisfaction_zone", "ZONES"]

ZONES = ("dissatisfied", "satisfied", "highly satisfied")


def _numeric(value, name: str, *, positive: bool):
    """Validate a scalar or Series of numbers; return it as float / float Series."""
    if isinstance(value, pd.Series):
        if not pd.api.types.is_numeric_dtype(value) or pd.api.types.is_bool_dtype(value):
            raise CourseDataError(f"{name} must be numbers, got dtype {value.dtype}",
                                  column=name, fix="convert with pd.to_numeric(...)")
        bad = value.isna()
        if bad.any():
            raise CourseDataError(f"{name} has {int(bad.sum())} missing values", column=name,
                                  rows=list(value.index[bad]), fix="drop or fill the missing rows first")
        limit = (value <= 0) if positive else (value < 0)
        if limit.any():
            rule = "greater than 0" if positive else "0 or more"
            raise CourseDataError(f"{name} must be {rule}", column=name, rows=list(value.index[limit]),
                                  fix="check the scale: expectations and perceptions are scores such as 1–10")
        return value.astype(float)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CourseDataError(f"{name} must be a number or a pandas Series, got {type(value).__name__}",
                              fix=f"pass {name} as a number, e.g. {name}=7")
    value = float(value)
    if np.isnan(value):
        raise CourseDataError(f"{name} is NaN", fix="use a real score")
    if (positive and value <= 0) or (not positive and value < 0):
        rule = "greater than 0" if positive else "0 or more"
        raise CourseDataError(f"{name} must be {rule}, got {value:g}",
                              fix="a ratio needs a positive expectation (e.g. on a 1–10 scale)")
    return value


def satisfaction_ratio(perceived, expected):
    """Satisfaction c = b / a: perceived performance b divided by expectation a.

    Works on numbers or aligned pandas Series (e.g. two survey columns).

    >>> import pandas as pd
    >>> satisfaction_ratio(pd.Series([6, 8, 9]), pd.Series([8, 8, 6])).round(2).tolist()
    [0.75, 1.0, 1.5]
    >>> satisfaction_ratio(5, 0)
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: expected must be greater than 0, got 0. Fix: a ratio needs a positive expectation (e.g. on a 1–10 scale).
    """
    b = _numeric(perceived, "perceived", positive=False)
    a = _numeric(expected, "expected", positive=True)
    if isinstance(a, pd.Series) and isinstance(b, pd.Series) and not a.index.equals(b.index):
        raise CourseDataError("perceived and expected have different row labels",
                              fix="compute both columns from the same table, or reset_index() them")
    return b / a


def satisfaction_zone(ratio, tolerance: float = 0.05):
    """Name the zone of a satisfaction ratio: dissatisfied, satisfied or highly satisfied.

    A ratio within ``tolerance`` of 1 (bounds included) counts as "satisfied": people do not
    notice a difference of a few percent.

    >>> [satisfaction_zone(r) for r in (0.94, 0.95, 1.05, 1.06)]
    ['dissatisfied', 'satisfied', 'satisfied', 'highly satisfied']
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real) or not 0 <= tolerance < 1:
        raise CourseDataError(f"tolerance must be a number from 0 to below 1, got {tolerance!r}",
                              fix="use e.g. tolerance=0.05 for a ±5% band")
    r = _numeric(ratio, "ratio", positive=False)
    low, high = 1 - tolerance, 1 + tolerance
    eps = 1e-12  # so that 0.95 with tolerance 0.05 counts as inside the band despite float rounding
    if isinstance(r, pd.Series):
        zone = np.where(r < low - eps, ZONES[0], np.where(r > high + eps, ZONES[2], ZONES[1]))
        return pd.Series(pd.Categorical(zone, categories=list(ZONES), ordered=True), index=r.index, name="zone")
    if r < low - eps:
        return ZONES[0]
    if r > high + eps:
        return ZONES[2]
    return ZONES[1]
