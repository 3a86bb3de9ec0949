"""Internals shared by the BG/NBD and Gamma-Gamma modules (not part of the API).

Parameter checks, the summary columns as aligned float arrays checked against the BTYD rules,
results wrapped back into Series, and the one optimiser both fits use. Input checks themselves
come from :mod:`crmcourse._validate`.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmcourse._validate import as_series, numeric_values, real, require_columns, require_frame
from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _

__all__ = ["PUBLISHED_CDNOW", "BGNBD_NAMES", "GG_NAMES", "model_params", "number_column", "aligned",
           "check_frequency", "rft", "summary_columns", "wrap", "minimise_log_params", "shown"]

#: The published CDNOW estimates the course's fits reproduce (Fader, Hardie & Lee 2005; Fader & Hardie 2013).
PUBLISHED_CDNOW = {
    "bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
    "bgnbd_log_likelihood": -9582.4,
    "gamma_gamma": {"p": 6.25, "q": 3.74, "gamma": 15.44},
    "gamma_gamma_log_likelihood": -4055.92,
}
BGNBD_NAMES = ("r", "alpha", "a", "b")
GG_NAMES = ("p", "q", "gamma")


def shown(value, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, safe for objects whose ``repr`` raises."""
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def model_params(params, names, what: str) -> list[float]:
    """The model's parameters ``names`` from a Series or dict, each a positive finite number."""
    fit = f"fit_{'bgnbd' if what == 'BG/NBD' else 'gamma_gamma'}(...)"
    if isinstance(params, pd.Series):
        try:
            params = params.to_dict()
        except Exception:
            params = None
    if not isinstance(params, Mapping):
        raise CourseDataError(_("{what} parameters should be a Series or dict with {names}").format(
                                  what=what, names=", ".join(names)),
                              fix=_("pass what {fit} returned").format(fit=fit))
    out = []
    for n in names:
        try:
            v = params.get(n)
        except Exception:
            v = None
        num = None
        if not isinstance(v, (bool, np.bool_)) and isinstance(v, numbers.Real):
            try:
                num = float(v)
            except (OverflowError, TypeError, ValueError):
                num = None
        if num is None or not math.isfinite(num) or num <= 0:
            raise CourseDataError(_("{what} parameter {name} must be a positive number, got {value}").format(
                                      what=what, name=n, value=shown(v)),
                                  fix=_("pass what {fit} returned").format(fit=fit))
        out.append(num)
    return out


def number_column(v, name: str):
    """One column of numbers as a float array (NaN kept for the caller's checks) and its index, if any."""
    if isinstance(v, pd.DataFrame):
        raise CourseDataError(_("{name} should be one column, got a table").format(name=name), fix=_("e.g. {example}").format(example=f"summary['{name}']"))
    index = None
    if isinstance(v, pd.Series):
        index = v.index
        series = v
    elif isinstance(v, (list, tuple, np.ndarray)):
        series = as_series(v, name)
    elif isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)):
        return np.asarray([real(v, name)]), None
    else:
        raise CourseDataError(_("{name} should be a number or a column of numbers, got {type}").format(
                                  name=name, type=type(v).__name__),
                              fix=_("e.g. {example}").format(example=f"summary['{name}']"))
    arr = numeric_values(series, source=name, allow_missing=True).to_numpy()
    return arr, index


def aligned(named):
    """Broadcast (name, value) columns to one length; check that Series labels agree."""
    arrays, index = [], None
    for name, v in named:
        arr, idx = number_column(v, name)
        if idx is not None:
            if index is None:
                index = idx
            elif len(idx) == len(index) and not idx.equals(index):
                raise CourseDataError(_("{names} have different row labels").format(names=", ".join(n for n, _v in named)),
                                      fix=_("take the columns from the same summary table"))
        arrays.append(arr)
    sizes = {len(a) for a in arrays}
    if 0 in sizes:
        empty = [n for (n, _v), a in zip(named, arrays) if len(a) == 0]
        problem = _("{names} is empty") if len(empty) == 1 else _("{names} are empty")
        raise CourseDataError(problem.format(names=", ".join(empty)),
                              fix=_("build the summary with btyd_summary(...) and pass its columns"))
    if len(sizes - {1}) > 1:
        raise CourseDataError(_("{names} have different lengths {sizes}").format(
                                  names=", ".join(n for n, _v in named), sizes=sorted(sizes)),
                              fix=_("take the columns from the same summary table"))
    n = max(sizes)
    out = [np.broadcast_to(a, (n,)).astype("float64") for a in arrays]
    if index is not None and len(index) != n:
        index = None
    rows = np.asarray(index) if index is not None else np.arange(n)
    return out, index, rows


def check_frequency(x, rows, name: str = "frequency") -> None:
    """Frequencies must be whole numbers of 0 or more (repeat purchases)."""
    bad = ~np.isfinite(x) | (x < 0) | (x != np.round(x))
    if bad.any():
        raise CourseDataError(_("{name} must be whole numbers of 0 or more (repeat purchases)").format(name=name), column=name,
                              rows=list(rows[bad]), fix=_("build the summary with btyd_summary(...)"))


def rft(frequency, recency, T):
    """frequency, recency and T as aligned float arrays (plus the index), checked for the BTYD rules."""
    (x, tx, T_), index, rows = aligned((("frequency", frequency), ("recency", recency), ("T", T)))
    check_frequency(x, rows)
    for name, a in (("recency", tx), ("T", T_)):
        bad = ~np.isfinite(a) | (a < 0)
        if bad.any():
            raise CourseDataError(_("{name} must be finite numbers of 0 or more").format(name=name), column=name,
                                  rows=list(rows[bad]), fix=_("build the summary with btyd_summary(...)"))
    bad = tx > T_ + 1e-9
    if bad.any():
        raise CourseDataError(_("recency is larger than T (the last purchase after the end of the period)"),
                              column="recency", rows=list(rows[bad]),
                              fix=_("recency and T are both measured from the first purchase; recency ≤ T"))
    bad = (x == 0) & (tx > 0)
    if bad.any():
        raise CourseDataError(_("customers without repeat purchases must have recency 0"), column="recency",
                              rows=list(rows[bad]), fix=_("build the summary with btyd_summary(...)"))
    bad = T_ <= 0
    if bad.any():
        raise CourseDataError(_("T must be more than 0 (the customer's first purchase is on the last day)"),
                              column="T", rows=list(rows[bad]),
                              fix=_("leave out customers whose first purchase is on the end date"))
    return x, tx, T_, index


def summary_columns(summary, columns):
    """The named columns of a summary table (checked to exist, once each)."""
    require_frame(summary, source="summary")
    require_columns(summary, columns, source="summary", fix=_("build the summary with btyd_summary(...)"))
    return [summary[c] for c in columns]


def wrap(values, index, name: str):
    """A Series on ``index`` when the input was a Series; a float for one value; else a Series."""
    if index is not None:
        return pd.Series(values, index=index, name=name)
    return float(values[0]) if len(values) == 1 else pd.Series(values, name=name)


def minimise_log_params(nll, start):
    """Minimise ``nll`` over log-parameters: Nelder-Mead, then L-BFGS-B from its result; keep the better.

    Returns the scipy result, or None when neither found a finite minimum (the caller says why).
    """
    from scipy.optimize import minimize

    first = minimize(nll, start, method="Nelder-Mead",
                     options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20_000, "maxfev": 40_000})
    best = minimize(nll, first.x, method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 5_000})
    res = best if best.fun <= first.fun else first
    return None if not np.isfinite(res.fun) or res.fun >= 1e300 else res
