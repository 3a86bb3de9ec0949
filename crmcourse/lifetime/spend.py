"""The Gamma-Gamma model of spend per transaction, and predicted value (purchases × spend × margin).

Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer base analysis",
J. Marketing Research 42(4); Fader & Hardie (2013), "The Gamma-Gamma model of monetary value".
A customer's transactions are Gamma(p, ν) around their own mean; ν ~ Gamma(q, γ) across customers;
spend is assumed independent of the purchase process. On the CDNOW sample the fit reproduces the
published p = 6.25, q = 3.74, γ = 15.44.

>>> round(expected_spend(PUBLISHED_CDNOW["gamma_gamma"], frequency=2, monetary=22.35), 2)
24.66
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from crmcourse._validate import real
from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _
from crmcourse.lifetime._common import (
    GG_NAMES,
    PUBLISHED_CDNOW,
    aligned,
    check_frequency,
    minimise_log_params,
    model_params,
    summary_columns,
    wrap,
)
from crmcourse.lifetime.bgnbd import expected_purchases

__all__ = ["fit_gamma_gamma", "gamma_gamma_log_likelihood", "expected_spend", "predicted_value"]

#: A discounted prediction sums one term per time unit: at most this many.
MAX_DISCOUNTED_STEPS = 20_000


def _arrays(frequency, monetary):
    (x, m), index, rows = aligned((("frequency", frequency), ("monetary", monetary)))
    check_frequency(x, rows)
    bad = ~np.isfinite(m) | (m < 0)
    if bad.any():
        raise CourseDataError(_("monetary must be finite amounts of 0 or more"), column="monetary",
                              rows=list(rows[bad]), fix=_("net returns first; the spend model needs purchases"))
    return x, m, index, rows


def _ll_terms(params, x, m):
    from scipy.special import gammaln

    p, q, g = params
    return (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(g)
            + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(g + m * x))


def gamma_gamma_log_likelihood(params, summary, *, frequency: str = "frequency",
                               monetary: str = "monetary") -> float:
    """The Gamma-Gamma log-likelihood of ``params`` (p, q, gamma) over customers with repeat purchases.

    Parameters
    ----------
    params : pandas.Series or dict
        p, q and gamma, each a positive number (e.g. :func:`fit_gamma_gamma`'s result).
    summary : pandas.DataFrame
        One row per customer with ``frequency`` and ``monetary``.
    frequency, monetary : str
        The summary's column names.

    Returns
    -------
    float
        The sum over customers with frequency > 0.

    Raises
    ------
    CourseDataError
        Bad parameters; a summary that is not a table, lacks the columns, or has frequencies
        that are not whole numbers ≥ 0 or amounts that are not finite numbers ≥ 0.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [2, 1, 0], "monetary": [22.35, 11.77, 0.0]})
    >>> round(gamma_gamma_log_likelihood(PUBLISHED_CDNOW["gamma_gamma"], s), 4)
    -7.289
    """
    p, q, g = model_params(params, GG_NAMES, "Gamma-Gamma")
    x, m, _index, _rows = _arrays(*summary_columns(summary, [frequency, monetary]))
    keep = x > 0
    with np.errstate(all="ignore"):
        value = float(_ll_terms((p, q, g), x[keep], m[keep]).sum())
    if not np.isfinite(value):
        raise CourseDataError(_("the log-likelihood cannot be computed for these amounts and parameters"),
                              column=monetary, fix=_("check the parameters and give amounts in money units such as CNY"))
    return value


def fit_gamma_gamma(summary, *, frequency: str = "frequency", monetary: str = "monetary"):
    """Fit the Gamma-Gamma spend model on the customers with repeat purchases; returns p, q, gamma.

    Customers with frequency 0 are left out, as in the paper. The model assumes spend per
    transaction does not depend on how often a customer buys — check the correlation of the two
    first.

    Parameters
    ----------
    summary : pandas.DataFrame
        ``monetary`` is each customer's mean repeat-transaction value and ``frequency`` the number
        of repeat transactions (see :func:`crmcourse.lifetime.btyd_summary`).
    frequency, monetary : str
        The summary's column names.

    Returns
    -------
    pandas.Series
        ``p``, ``q``, ``gamma``, named ``Gamma-Gamma``; ``attrs["log_likelihood"]`` and
        ``attrs["n"]`` (customers used) come with it.

    Raises
    ------
    CourseDataError
        As :func:`gamma_gamma_log_likelihood`, plus repeat buyers with a mean spend of 0, fewer
        than three repeat buyers, or a fit that does not converge.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(2)
    >>> s = pd.DataFrame({"frequency": rng.integers(1, 6, 400)})
    >>> s["monetary"] = rng.gamma(6.0, 1 / rng.gamma(4.0, 1 / 15.0, 400)) / 1.0
    >>> params = fit_gamma_gamma(s)
    >>> list(params.index), params.attrs["n"]
    (['p', 'q', 'gamma'], 400)
    """
    x, m, _index, rows = _arrays(*summary_columns(summary, [frequency, monetary]))
    keep = x > 0
    zero = keep & (m <= 0)
    if zero.any():
        raise CourseDataError(_("customers with repeat purchases but a mean spend of 0"), column=monetary,
                              rows=list(rows[zero]), fix=_("leave them out (e.g. free items) before fitting"))
    if keep.sum() < 3:
        raise CourseDataError(_("only {count} customers with repeat purchases: too few to fit").format(
                                  count=int(keep.sum())),
                              file="summary", fix=_("use more customers or a longer calibration period"))
    xs, ms = x[keep], m[keep]

    def nll(logp):
        p = np.exp(np.clip(logp, -30, 30))
        with np.errstate(all="ignore"):
            v = -_ll_terms(p, xs, ms).sum()
        return v if np.isfinite(v) else 1e300

    with np.errstate(all="ignore"):
        start = np.log([1.0, 1.0, float(np.median(ms))])
    if not np.isfinite(start).all():
        raise CourseDataError(_("the amounts are too large to fit"), file="summary", column=monetary,
                              fix=_("give amounts in money units such as CNY, not huge numbers"))
    res = minimise_log_params(nll, start)
    if res is None:
        raise CourseDataError(_("the Gamma-Gamma fit did not converge"), file="summary",
                              fix=_("check that monetary holds mean spend per repeat purchase"))
    out = pd.Series(np.exp(res.x), index=list(GG_NAMES), name="Gamma-Gamma")
    out.attrs["log_likelihood"] = float(-res.fun)
    out.attrs["n"] = int(keep.sum())
    return out


def expected_spend(params, frequency, monetary):
    """Expected spend per future transaction of each customer (the Gamma-Gamma posterior mean).

    E[M | x, m_x] = (q − 1)/(p·x + q − 1) · γp/(q − 1) + p·x/(p·x + q − 1) · m_x: a weighted
    average of the population mean and the customer's own mean, leaning on the customer's
    own mean the more transactions they made. Needs q > 1.

    Parameters
    ----------
    params : pandas.Series or dict
        p, q, gamma (e.g. :func:`fit_gamma_gamma`'s result), with q > 1.
    frequency, monetary : float, list or pandas.Series
        Each customer's repeat transactions and mean repeat spend.

    Returns
    -------
    float or pandas.Series
        A number for one customer given as numbers; otherwise a Series named ``expected_spend``.

    Raises
    ------
    CourseDataError
        Bad parameters or q ≤ 1; frequencies or amounts as refused by
        :func:`gamma_gamma_log_likelihood`; Series with different row labels or lengths.

    Examples
    --------
    >>> round(expected_spend(PUBLISHED_CDNOW["gamma_gamma"], frequency=2, monetary=22.35), 2)
    24.66
    """
    p, q, g = model_params(params, GG_NAMES, "Gamma-Gamma")
    if q <= 1:
        raise CourseDataError(_("q = {q:.3g} ≤ 1: the population mean spend is not defined").format(q=q),
                              fix=_("the fitted spend distribution is too heavy-tailed for an expected value"))
    x, m, index, _rows = _arrays(frequency, monetary)
    with np.errstate(all="ignore"):
        pop = g * p / (q - 1)
        w = p * x / (p * x + q - 1)
        value = (1 - w) * pop + w * m
    if not np.isfinite(value).all():
        raise CourseDataError(_("the expected spend is too large to compute"), column="monetary",
                              fix=_("give amounts in money units such as CNY, not huge numbers"))
    return wrap(value, index, "expected_spend")


def predicted_value(bgnbd_params, gg_params, summary, horizon: float, *, margin: float = 1.0,
                    discount: float = 0.0, frequency: str = "frequency", recency: str = "recency",
                    T: str = "T", monetary: str = "monetary"):
    """Predicted value of each customer over the next ``horizon`` time units: purchases × spend × margin.

    Expected purchases come from BG/NBD, expected spend per purchase from Gamma-Gamma. With
    ``discount`` > 0 (a rate per time unit) each unit's expected purchases are discounted to today.

    Parameters
    ----------
    bgnbd_params : pandas.Series or dict
        r, alpha, a, b (:func:`crmcourse.lifetime.fit_bgnbd`'s result).
    gg_params : pandas.Series or dict
        p, q, gamma (:func:`fit_gamma_gamma`'s result).
    summary : pandas.DataFrame
        One row per customer with frequency, recency, T and monetary.
    horizon : float
        Time units ahead (0 or more), e.g. 52 weeks.
    margin : float, default 1.0
        The share of spend that is profit (1.0 = revenue), 0 or more.
    discount : float, default 0.0
        The discount rate per time unit, from 0 to 1 (10% a year is about 0.0018 a week).
    frequency, recency, T, monetary : str
        The summary's column names.

    Returns
    -------
    pandas.Series
        Named ``predicted_value``, with the summary's index (sort it to rank customers).

    Raises
    ------
    CourseDataError
        As :func:`crmcourse.lifetime.expected_purchases` and :func:`expected_spend`, plus a
        horizon, margin or discount that is not a finite number of 0 or more (a discount above 1
        gets the hint to divide percentages by 100), or a discounted horizon of more than
        20,000 time units.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [2, 0], "recency": [30.43, 0.0], "T": [38.86, 38.86],
    ...                   "monetary": [22.35, 0.0]})
    >>> predicted_value(PUBLISHED_CDNOW["bgnbd"], PUBLISHED_CDNOW["gamma_gamma"], s, horizon=39).round(2).tolist()
    [30.24, 6.87]
    """
    cols = summary_columns(summary, [frequency, recency, T, monetary])
    horizon = real(horizon, "horizon", low=0, example=52)
    margin = real(margin, "margin", low=0, example=0.3)
    discount = real(discount, "discount", low=0, high=1, percent_hint=True, example=0.0018)
    spend = expected_spend(gg_params, cols[0], cols[3])
    if discount == 0:
        n_buy = expected_purchases(bgnbd_params, horizon, cols[0], cols[1], cols[2])
    else:
        steps = max(1, int(math.ceil(horizon)))
        if steps > MAX_DISCOUNTED_STEPS:
            raise CourseDataError(_("a discounted horizon of {horizon:g} time units is too long to sum step by step").format(
                                      horizon=horizon),
                                  fix=_("use at most {steps:,} units (e.g. weeks), or discount=0").format(
                                      steps=MAX_DISCOUNTED_STEPS))
        edges = np.linspace(0.0, horizon, steps + 1)
        cum = [np.asarray(expected_purchases(bgnbd_params, e, cols[0], cols[1], cols[2]), dtype=float).reshape(-1)
               for e in edges]
        n_buy = sum((cum[i + 1] - cum[i]) / (1 + discount) ** edges[i + 1] for i in range(steps))
    with np.errstate(over="ignore", invalid="ignore"):
        value = (np.asarray(n_buy, dtype=float).reshape(-1) * np.asarray(spend, dtype=float).reshape(-1) * margin)
    if not np.isfinite(value).all():
        raise CourseDataError(_("the predicted value is too large to compute"), fix=_("check margin and the amounts"))
    return pd.Series(value, index=summary.index, name="predicted_value")
