"""The simple retention model of customer lifetime value (Gupta & Lehmann).

A customer brings a constant margin ``m`` at the end of every period they stay, stays each period
with probability ``r`` (the retention rate), and money is discounted at rate ``i`` per period.
Over an unlimited horizon

    CLV = m · r / (1 + i − r)

Rates are fractions of 1: a retention of 80 or a discount rate of 10 is refused with the hint to
divide percentages by 100 (10% is 0.1), never computed.

>>> round(clv_simple(margin=100, retention=0.8, discount=0.10), 2)
266.67
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse._validate import as_series, numeric_values, real, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _

__all__ = ["clv_simple", "margin_multiple"]

# name: (the rule in words, the test, the fix, a rate whose percentages get the hint)
_RULES = {
    "margin": (N_("0 or more"), lambda v: v >= 0,
               N_("use the margin per period in money, 0 or more (a customer who costs more than "
                  "they bring needs a different model)"), False),
    "retention": (N_("from 0 up to (not including) 1"), lambda v: (v >= 0) & (v < 1),
                  N_("give the retention rate as a fraction, e.g. 0.8 for 80% (1 would mean "
                     "customers never leave and the value is unlimited)"), True),
    "discount": (N_("from 0 to 1"), lambda v: (v >= 0) & (v <= 1),
                 N_("give the discount rate per period as a fraction, e.g. 0.10 for 10%"), True),
}


def _percent_fix(v: float) -> str:
    return _("this looks like a percentage: divide it by 100 ({percent}% is {fraction})").format(
        percent=f"{v:g}", fraction=f"{v / 100:g}")


def _checked(value, name: str):
    """A float, or a float Series (lists and arrays become Series), within the rule for ``name``."""
    rule, ok, fix, is_rate = _RULES[name]
    if isinstance(value, (pd.Series, pd.DataFrame, list, tuple)) or type(value).__name__ == "ndarray":
        series = value if isinstance(value, pd.Series) else as_series(value, name)
        if len(series) == 0:
            raise CourseDataError(_("{name} is empty").format(name=name), fix=_("pass at least one value"))
        nums = numeric_values(series, source=name)
        arr = nums.to_numpy()
        bad = ~(ok(arr))
        if bad.any():
            first = float(arr[bad][0])
            percent = is_rate and bool(((arr > 1) & (arr <= 100))[bad].all())
            raise CourseDataError(_("{name} must be numbers {rule}").format(name=name, rule=_(rule)), column=name,
                                  rows=rows_where(nums.index, bad),
                                  fix=_percent_fix(first) if percent else _(fix))
        return nums
    v = real(value, name, example=0.1 if is_rate else 100)
    if not ok(v):
        raise CourseDataError(_("{name} must be {rule}, got {value}").format(name=name, rule=_(rule), value=f"{v:g}"),
                              fix=_percent_fix(v) if is_rate and 1 < v <= 100 else _(fix))
    return v


def _finite(out):
    """``out`` if every value is finite; a margin too large to value is an error, not inf."""
    bad = ~np.isfinite(np.asarray(out, dtype="float64"))
    if bad.any():
        raise CourseDataError(_("the lifetime value is too large to compute (it overflows)"),
                              rows=rows_where(out.index, bad) if isinstance(out, pd.Series) else None,
                              fix=_("give the margin in money units such as CNY, not huge numbers"))
    return out


def _combine(*values):
    series = [v for v in values if isinstance(v, pd.Series)]
    for s in series[1:]:
        if not s.index.equals(series[0].index):
            raise CourseDataError(_("the Series passed have different row labels"),
                                  fix=_("take the columns from the same table, or reset_index() them"))
    return series


def margin_multiple(retention, discount):
    """How many periods' margin a customer is worth: r / (1 + i − r).

    Multiply by the margin per period to get :func:`clv_simple`.

    Parameters
    ----------
    retention : float, list or pandas.Series
        The probability of staying each period, 0 ≤ r < 1 (a fraction: 0.8, not 80).
    discount : float, list or pandas.Series
        The discount rate per period, from 0 to 1 (0.10, not 10).

    Returns
    -------
    float or pandas.Series
        A number for numbers; a Series named ``margin_multiple`` when a Series (or list) is passed.

    Raises
    ------
    CourseDataError
        Values that are not finite numbers, out of range (percentages get the hint to divide by
        100), empty lists, Series with different row labels.

    Examples
    --------
    >>> round(margin_multiple(0.8, 0.10), 4)
    2.6667
    >>> margin_multiple(1.0, 0.10)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: retention must be from 0 up to (not including) 1, got 1. Fix: give the retention rate as a fraction, e.g. 0.8 for 80% (1 would mean customers never leave and the value is unlimited).
    """
    r = _checked(retention, "retention")
    i = _checked(discount, "discount")
    _combine(r, i)
    out = _finite(r / (1.0 + i - r))
    if isinstance(out, pd.Series):
        out.name = "margin_multiple"
    return out


def clv_simple(margin, retention, discount):
    """Customer lifetime value in the simple retention model: m · r / (1 + i − r).

    The first margin is counted at the end of the first period, when the customer has been
    retained once; the horizon is unlimited.

    Parameters
    ----------
    margin : float, list or pandas.Series
        The margin a customer brings per period (money, 0 or more), e.g. one per customer.
    retention : float, list or pandas.Series
        The probability of staying each period, 0 ≤ r < 1 (a fraction: 0.8, not 80).
    discount : float, list or pandas.Series
        The discount rate per period, from 0 to 1 (0.10, not 10).

    Returns
    -------
    float or pandas.Series
        A number for numbers; a Series named ``clv`` (with the Series' index) otherwise.

    Raises
    ------
    CourseDataError
        Values that are not finite numbers, a negative margin, a retention of 1 or more, a
        discount rate outside 0–1 (a percentage such as 10 gets the hint to divide by 100),
        empty lists, Series with different row labels.

    Examples
    --------
    >>> clv_simple(margin=100, retention=0.8, discount=0.10)
    266.66666666666663
    >>> import pandas as pd
    >>> clv_simple(pd.Series([100, 250]), retention=0.85, discount=0.10).round(1).tolist()
    [340.0, 850.0]
    >>> clv_simple(-5, 0.8, 0.1)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: margin must be 0 or more, got -5. Fix: use the margin per period in money, 0 or more (a customer who costs more than they bring needs a different model).
    >>> clv_simple(100, 0.8, 10)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: discount must be from 0 to 1, got 10. Fix: this looks like a percentage: divide it by 100 (10% is 0.1).
    """
    m = _checked(margin, "margin")
    r = _checked(retention, "retention")
    i = _checked(discount, "discount")
    _combine(m, r, i)
    with np.errstate(over="ignore"):
        out = _finite(m * r / (1.0 + i - r))
    if isinstance(out, pd.Series):
        out.name = "clv"
    return out
