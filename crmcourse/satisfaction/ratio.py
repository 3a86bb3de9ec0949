"""Satisfaction as a ratio (c = b / a), its three zones, and the promise trade-off.

>>> satisfaction_ratio(perceived=9, expected=8)
1.125
>>> satisfaction_zone(1.125)
'highly satisfied'
"""
from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from crmcourse._validate import as_series, real, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.satisfaction._common import numeric_values, refix

__all__ = ["ZONES", "satisfaction_ratio", "satisfaction_zone", "promise_tradeoff"]

#: The three zones of a satisfaction ratio, from worst to best.
ZONES = ("dissatisfied", "satisfied", "highly satisfied")

_SCALE_FIX = N_("check the scale: expectations and perceptions are scores such as 1–10")


def _scores(value, name: str, *, positive: bool):
    """A finite number (float) or a Series of finite numbers (float64), 0 or more / above 0."""
    if isinstance(value, pd.Series):
        s = numeric_values(value, source=None, col=name, what=f"{name} value")
        limit = (s <= 0) if positive else (s < 0)
        if limit.any():
            problem = _("{name} must be greater than 0") if positive else _("{name} must be 0 or more")
            raise CourseDataError(problem.format(name=name), column=name, rows=rows_where(s.index, limit),
                                  fix=_(_SCALE_FIX))
        return s
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        shown = type(value).__name__
        raise CourseDataError(_("{name} must be a number or a pandas Series, got {type}").format(name=name, type=shown),
                              fix=_("pass {name} as a number, e.g. {name}=7").format(name=name))
    v = real(value, name, example=7)
    if (positive and v <= 0) or (not positive and v < 0):
        problem = _("{name} must be greater than 0, got {value}") if positive else _("{name} must be 0 or more, got {value}")
        raise CourseDataError(problem.format(name=name, value=f"{v:g}"),
                              fix=_("a ratio needs a positive expectation (e.g. on a 1–10 scale)"))
    return v


def satisfaction_ratio(perceived, expected):
    """Satisfaction c = b / a: perceived performance b divided by expectation a.

    Works on numbers or aligned pandas Series (e.g. two survey columns).

    Parameters
    ----------
    perceived : float or pandas.Series
        Perceived performance b, 0 or more (a finite number).
    expected : float or pandas.Series
        Expectation a, above 0 (a finite number). Two Series must have the same row labels.

    Returns
    -------
    float or pandas.Series
        The ratio b / a (a Series when either argument is one).

    Raises
    ------
    CourseDataError
        A value that is not a finite number (text, bool, NaN, ±inf, too large for a float),
        a negative perception, an expectation of 0 or less, Series with different rows, or a
        ratio beyond the largest float.

    Examples
    --------
    >>> import pandas as pd
    >>> satisfaction_ratio(pd.Series([6, 8, 9]), pd.Series([8, 8, 6])).round(2).tolist()
    [0.75, 1.0, 1.5]
    >>> satisfaction_ratio(5, 0)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: expected must be greater than 0, got 0. Fix: a ratio needs a positive expectation (e.g. on a 1–10 scale).
    >>> satisfaction_ratio(float("inf"), 8)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: perceived must be a finite number, got inf. Fix: pass a plain number such as perceived=7.
    """
    b = _scores(perceived, "perceived", positive=False)
    a = _scores(expected, "expected", positive=True)
    if isinstance(a, pd.Series) and isinstance(b, pd.Series) and not a.index.equals(b.index):
        raise CourseDataError(_("perceived and expected have different row labels"),
                              fix=_("compute both columns from the same table, or reset_index() them"))
    with np.errstate(over="ignore"):
        ratio = b / a
    huge = ~np.isfinite(np.asarray(ratio, dtype=float))
    if huge.any():
        rows = rows_where(ratio.index, huge) if isinstance(ratio, pd.Series) else None
        raise CourseDataError(_("the ratio is beyond the largest float: an expectation is tiny next to the perception"),
                              rows=rows, fix=_(_SCALE_FIX))
    return ratio


def satisfaction_zone(ratio, tolerance: float = 0.05):
    """Name the zone of a satisfaction ratio: dissatisfied, satisfied or highly satisfied.

    A ratio within ``tolerance`` of 1 (bounds included) counts as "satisfied": people do not
    notice a difference of a few percent.

    Parameters
    ----------
    ratio : float or pandas.Series
        Satisfaction ratios c = b / a, finite numbers of 0 or more.
    tolerance : float, default 0.05
        Half the width of the "satisfied" band around 1, from 0 to below 1.

    Returns
    -------
    str or pandas.Series
        One of :data:`ZONES`; for a Series, an ordered categorical Series named ``zone``.

    Raises
    ------
    CourseDataError
        A ratio that is not a finite number of 0 or more, or a tolerance outside [0, 1).

    Examples
    --------
    >>> [satisfaction_zone(r) for r in (0.94, 0.95, 1.05, 1.06)]
    ['dissatisfied', 'satisfied', 'satisfied', 'highly satisfied']
    >>> satisfaction_zone(float("inf"))
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: ratio must be a finite number, got inf. Fix: pass a plain number such as ratio=7.
    """
    with refix(N_("use e.g. tolerance=0.05 for a ±5% band")):
        tolerance = real(tolerance, "tolerance", low=0, high=1, high_open=True, example=0.05)
    r = _scores(ratio, "ratio", positive=False)
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


def _phi(z):
    """Standard normal CDF on a number or a numpy array (via math.erf, no scipy needed)."""
    if np.ndim(z) == 0:
        return 0.5 * (1.0 + math.erf(float(z) / math.sqrt(2.0)))
    return np.array([0.5 * (1.0 + math.erf(v / math.sqrt(2.0))) for v in np.ravel(z)]).reshape(np.shape(z))


def promise_tradeoff(promise, performance: float = 7.0, performance_sd: float = 1.0,
                     requirement_mean: float = 6.0, requirement_sd: float = 1.5,
                     market: float = 1000, tolerance: float = 0.05):
    """The promise trade-off: promising more attracts buyers but disappoints more of them.

    A small, deterministic model on a 0–10 scale. The seller announces a ``promise`` level p.

    * **Buyers.** Each of the ``market`` prospects needs at least some level before buying;
      these requirements are spread normally (``requirement_mean``, ``requirement_sd``). A
      prospect buys when the promise meets their requirement, so
      ``buyers = market · Φ((p − requirement_mean) / requirement_sd)``.
    * **Satisfied share.** A buyer expects what was promised (a = p). What they experience, b,
      varies around the seller's real ``performance`` with spread ``performance_sd``. A buyer
      is satisfied (or highly satisfied) when c = b / a ≥ 1 − ``tolerance``, so
      ``satisfied_share = 1 − Φ((p · (1 − tolerance) − performance) / performance_sd)``.
    * **Satisfied buyers** = buyers × satisfied share: the customers who will come back.

    Φ is the standard normal CDF.

    Parameters
    ----------
    promise : float or list or numpy.ndarray or pandas.Series
        The promise level(s), above 0.
    performance : float, default 7.0
        The level the seller really delivers, above 0.
    performance_sd : float, default 1.0
        Spread of the experienced performance, above 0.
    requirement_mean : float, default 6.0
        Mean level prospects need before they buy.
    requirement_sd : float, default 1.5
        Spread of the requirements, above 0.
    market : float, default 1000
        Number of prospects, above 0.
    tolerance : float, default 0.05
        The "satisfied" band of :func:`satisfaction_zone`, from 0 to below 1.

    Returns
    -------
    dict or pandas.DataFrame
        For one promise, a dict with ``promise``, ``buyers``, ``satisfied_share`` and
        ``satisfied_buyers``; for several, a DataFrame with those columns, one row per promise.

    Raises
    ------
    CourseDataError
        A promise or parameter that is not a finite number in its range, or no promise at all.

    Examples
    --------
    >>> r = promise_tradeoff(6.5)
    >>> round(r["buyers"]), round(r["satisfied_share"], 3), round(r["satisfied_buyers"])
    (631, 0.795, 501)
    >>> promise_tradeoff([5, 9]).round(1)
       promise  buyers  satisfied_share  satisfied_buyers
    0      5.0   252.5              1.0             249.4
    1      9.0   977.2              0.1              59.2
    >>> promise_tradeoff(0)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: promise must be more than 0, got 0. Fix: a promise is the expectation a customer forms, e.g. 7 on a 0–10 scale.
    """
    fix_p = _("a promise is the expectation a customer forms, e.g. 7 on a 0–10 scale")
    with refix(N_("use the level you really deliver, e.g. 7")):
        performance = real(performance, "performance", low=0, low_open=True, example=7)
    with refix(N_("use a spread above 0, e.g. 1")):
        performance_sd = real(performance_sd, "performance_sd", low=0, low_open=True)
    with refix(N_("use a level on the same scale, e.g. 6")):
        requirement_mean = real(requirement_mean, "requirement_mean", example=6)
    with refix(N_("use a spread above 0, e.g. 1.5")):
        requirement_sd = real(requirement_sd, "requirement_sd", low=0, low_open=True, example=1.5)
    with refix(N_("use the number of prospects, e.g. 1000")):
        market = real(market, "market", low=0, low_open=True, example=1000)
    with refix(N_("use e.g. tolerance=0.05 for a ±5% band")):
        tolerance = real(tolerance, "tolerance", low=0, high=1, high_open=True, example=0.05)

    def model(p):
        buyers = market * _phi((p - requirement_mean) / requirement_sd)
        share = 1.0 - _phi((p * (1.0 - tolerance) - performance) / performance_sd)
        return buyers, share, buyers * share

    if isinstance(promise, numbers.Real) and not isinstance(promise, (bool, np.bool_)):
        with refix(fix_p):
            p = real(promise, "promise", low=0, low_open=True, example=7)
        buyers, share, sat = model(p)
        return {"promise": p, "buyers": float(buyers), "satisfied_share": float(share),
                "satisfied_buyers": float(sat)}
    series = as_series(promise, "promise")
    if len(series) == 0:
        raise CourseDataError(_("promise is empty"), fix=_("pass at least one promise level, e.g. [5, 6, 7]"))
    with refix(fix_p, problem=N_("promise levels must be numbers above 0"), column="promise"):
        values = numeric_values(series, source=None, col="promise", what="promise")
    low = values <= 0
    if low.any():
        raise CourseDataError(_("promise levels must be numbers above 0"), column="promise",
                              rows=rows_where(series.index, low), fix=fix_p)
    p = values.to_numpy(dtype=float)
    buyers, share, sat = model(p)
    return pd.DataFrame({"promise": p, "buyers": buyers, "satisfied_share": share, "satisfied_buyers": sat},
                        index=series.index)
