"""Purchases and the member programme: repeat purchase, spend, bands, retention, economics.

Dates follow the package's one rule: datetime columns (timezone-aware ones become naive local
time), date objects and ISO text; numbers such as 20250105 and day/month text such as
``05/01/2025`` are refused with the conversion to use (as ``rfm_table`` refuses them).

>>> tx = pd.DataFrame({"customer_id": ["a", "a"], "date": ["2025-01-05", "2025-06-01"], "amount": [100.0, 50.0]})
>>> spend_by_customer(tx).to_dict()
{'a': 150.0}
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmcourse._validate import (
    as_series, integer, real, require_columns, rows_where,
)
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.loyalty._common import finite, numeric_column, numeric_values, period, refix
from crmcourse.loyalty._common import transactions as checked_transactions

__all__ = ["LEVEL_THRESHOLDS", "repeat_purchase_rate", "spend_by_customer", "spend_bands", "retention_by_band",
           "programme_economics"]

#: Qingmei's member levels by annual spend (CNY, lower bounds included).
LEVEL_THRESHOLDS = {"ordinary": 0, "silver": 800, "gold": 3_000, "diamond": 10_000}

_TOO_LARGE = N_("express money in larger units (e.g. thousands of CNY) so totals stay within the float range")


def repeat_purchase_rate(transactions: pd.DataFrame, start="2025-01-01", end="2025-12-31", *,
                         customer: str = "customer_id", date: str = "date") -> float:
    """Share of the customers who bought in the period that bought at least twice in it.

    The first loyalty indicator. A purchase is one row (one receipt).

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase with the customer and the date.
    start, end : str or datetime-like
        The period, both days included (ISO text such as ``"2025-01-01"`` or dates).
    customer, date : str
        Column names.

    Returns
    -------
    float
        From 0 to 1.

    Raises
    ------
    CourseDataError
        Not a table, empty, duplicate or missing columns, purchases without a customer, dates
        that are not dates (numbers and day/month text refused), a backwards period, or no
        purchase in the period.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
    ...                    "date": ["2025-01-05", "2025-06-01", "2025-02-01", "2025-03-01", "2025-04-01", "2024-01-01"]})
    >>> round(repeat_purchase_rate(tx), 3)
    0.667
    """
    tx = checked_transactions(transactions, customer=customer, date=date, amount=None)
    a, b = period(start, end)
    inside = tx[((tx[date] >= a) & (tx[date] <= b)).to_numpy()]
    if inside.empty:
        raise CourseDataError(_("no purchases between {start} and {end}").format(start=a.date(), end=b.date()),
                              file="transactions", fix=_("check the period against the dates in the data"))
    n = inside.groupby(customer).size()
    return float((n >= 2).mean())


def spend_by_customer(transactions: pd.DataFrame, start="2025-01-01", end="2025-12-31", *,
                      customer: str = "customer_id", date: str = "date", amount: str = "amount") -> pd.Series:
    """Total spend per customer in the period (customers with no purchase in it are left out).

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase with the customer, the date and the amount (0 or more).
    start, end : str or datetime-like
        The period, both days included.
    customer, date, amount : str
        Column names.

    Returns
    -------
    pandas.Series
        Spend per customer, named ``spend`` (empty when nobody bought in the period).

    Raises
    ------
    CourseDataError
        As :func:`repeat_purchase_rate`, plus amounts that are not finite numbers of 0 or more
        and totals beyond the largest float.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2025-01-05", "2025-06-01", "2024-02-01"],
    ...                    "amount": [100.0, 50.0, 80.0]})
    >>> spend_by_customer(tx).to_dict()
    {'a': 150.0}
    >>> spend_by_customer(tx.assign(date=[20250105, "2025-06-01", "2024-02-01"]))
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: transactions, column 'date': 1 date missing or not a date (numbers such as 20250131 are not read as dates) (e.g. 20250105) (rows 0). Fix: write dates as YYYY-MM-DD (or convert with pd.to_datetime(..., format=...)) and drop rows without a date.
    """
    tx = checked_transactions(transactions, customer=customer, date=date, amount=amount)
    a, b = period(start, end)
    inside = tx[((tx[date] >= a) & (tx[date] <= b)).to_numpy()]
    with np.errstate(over="ignore"):
        spend = inside.groupby(customer)[amount].sum().rename("spend")
    finite(spend.to_frame(), ["spend"], source="spend", fix=_TOO_LARGE)
    return spend


def _thresholds(thresholds) -> tuple[list[str], list[float]]:
    example = "{'ordinary': 0, 'silver': 800, 'gold': 3000, 'diamond': 10000}"
    fix = _("e.g. {example}").format(example=example)
    if thresholds is None:
        thresholds = LEVEL_THRESHOLDS
    if not isinstance(thresholds, Mapping) or not thresholds:
        raise CourseDataError(_("thresholds should map band names to numbers"), fix=fix)
    if not all(isinstance(k, str) for k in thresholds):
        raise CourseDataError(_("band names should be text"), fix=fix)
    with refix(fix, problem=N_("thresholds should map band names to numbers")):
        cuts = {str.__str__(k): real(v, str.__str__(k)) for k, v in thresholds.items()}
    names = sorted(cuts, key=cuts.get)
    values = [cuts[n] for n in names]
    if len(set(values)) != len(values):
        raise CourseDataError(_("two bands start at the same spend"),
                              fix=_("give each band its own lower bound, e.g. {example}").format(example=example))
    return names, values


def spend_bands(spend, thresholds: Mapping[str, float] | None = None) -> pd.Series:
    """The band (member level) of each annual spend: the highest threshold reached.

    Parameters
    ----------
    spend : pandas.Series or list or dict
        Annual spend per customer, finite numbers at or above the lowest threshold.
    thresholds : dict, optional
        Band name → lower bound (included); default :data:`LEVEL_THRESHOLDS`.

    Returns
    -------
    pandas.Series
        An ordered categorical Series named ``band``, with the input's index.

    Raises
    ------
    CourseDataError
        Thresholds that are not names → finite numbers (two bands on one bound included), or
        a spend that is not a number or lies below the lowest threshold (rows named).

    Examples
    --------
    >>> spend_bands(pd.Series([500.0, 800.0, 12_000.0])).tolist()
    ['ordinary', 'silver', 'diamond']
    """
    names, cuts = _thresholds(thresholds)
    if isinstance(spend, Mapping):
        spend = pd.Series(dict(spend), dtype=object)
    spend = as_series(spend, "spend")
    with refix(N_("check the spend values"),
               problem=_("spend below the lowest threshold ({value}) or not a number").format(value=f"{cuts[0]:g}"),
               column="spend", source=None):
        values = numeric_values(spend, col="spend", low=cuts[0])
    idx = np.searchsorted(np.asarray(cuts, dtype=float), values.to_numpy(dtype=float), side="right") - 1
    order = pd.CategoricalDtype(names, ordered=True)
    return pd.Series(np.asarray(names, dtype=object)[idx], index=spend.index, name="band").astype(order)


def retention_by_band(transactions: pd.DataFrame, year: int = 2024, *, thresholds=None,
                      customer: str = "customer_id", date: str = "date", amount: str = "amount") -> pd.DataFrame:
    """Customers of ``year`` by spend band: how many, their mean spend, and the share retained
    (who bought again the next year).

    The band is the member level the year's spend would give (:data:`LEVEL_THRESHOLDS`).

    Parameters
    ----------
    transactions : pandas.DataFrame
        Purchases, as for :func:`spend_by_customer`.
    year : int, default 2024
        The year whose customers are banded; the data must reach into the next year.
    thresholds : dict, optional
        As for :func:`spend_bands`.
    customer, date, amount : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per band present with ``customers``, ``spend`` (mean) and ``retention``.

    Raises
    ------
    CourseDataError
        As :func:`spend_by_customer`, plus a year that is not a whole number, nobody buying in
        it, or data that end before the next year.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "b", "a"],
    ...                    "date": ["2024-03-01", "2024-05-01", "2024-06-01", "2025-02-01"],
    ...                    "amount": [900.0, 100.0, 200.0, 50.0]})
    >>> retention_by_band(tx)[["customers", "retention"]].to_dict("index")
    {'ordinary': {'customers': 1, 'retention': 0.0}, 'silver': {'customers': 1, 'retention': 1.0}}
    """
    with refix(N_("e.g. year=2024")):
        year = integer(year, "year", 1678, 2260)
    this = spend_by_customer(transactions, f"{year}-01-01", f"{year}-12-31", customer=customer, date=date,
                             amount=amount)
    if this.empty:
        raise CourseDataError(_("nobody bought in {year}").format(year=year), file="transactions",
                              fix=_("choose a year in the data"))
    tx = checked_transactions(transactions, customer=customer, date=date, amount=None)
    nxt = set(tx.loc[(tx[date].dt.year == year + 1).to_numpy(), customer])
    if not nxt and tx[date].max().year <= year:
        raise CourseDataError(_("the data end in {year}, so retention into {next} is unknown").format(
            year=year, next=year + 1), file="transactions", fix=_("choose an earlier year"))
    band = spend_bands(this, thresholds)
    kept = this.index.isin(list(nxt))
    frame = pd.DataFrame({"band": band, "spend": this, "retained": kept})
    with np.errstate(over="ignore"):
        out = frame.groupby("band", observed=True).agg(customers=("spend", "size"), spend=("spend", "mean"),
                                                       retention=("retained", "mean"))
    out.index = out.index.astype(str)
    out["customers"] = out["customers"].astype("int64")
    return finite(out, ["spend"], source="transactions", fix=_TOO_LARGE)


def programme_economics(bands: pd.DataFrame, *, margin_rate: float = 0.6, benefit_rate: float = 0.05,
                        cost_per_member: float = 60.0, churn_cut: float = 0.2,
                        discount_rate: float = 0.10) -> pd.DataFrame:
    """Does a member programme pay, band by band? Cost of the benefits against the margin it keeps.

    Per member and year the programme costs ``benefit_rate`` × spend (the member discount) plus
    ``cost_per_member`` (card, messages, birthday gift), and it keeps more customers: it cuts the
    defections (1 − retention) by ``churn_cut``. Each customer is valued with the simple
    retention model, margin × r / (1 + i − r):

    * ``value_without`` = margin_rate × spend × multiple(retention);
    * ``value_with`` = (margin_rate × spend − programme cost) × multiple(retention after the cut);
    * ``gain`` = value_with − value_without per member, ``total_gain`` for the band; ``enrol`` is
      True where the gain is positive.

    The defaults are *illustrative* (a cosmetics gross margin of 60%, a 5% member discount,
    60 CNY a year of other costs, a fifth fewer defections).

    Parameters
    ----------
    bands : pandas.DataFrame
        ``customers``, ``spend`` (yearly spend per customer) and ``retention`` (share who stay
        a year, below 1), e.g. :func:`retention_by_band`.
    margin_rate : float, default 0.6
        Gross margin as a fraction of sales, above 0 and at most 1.
    benefit_rate : float, default 0.05
        Member discount as a fraction of spend, from 0 to below 1.
    cost_per_member : float, default 60.0
        Other programme costs per member and year, 0 or more.
    churn_cut : float, default 0.2
        Share of the defections the programme avoids, from 0 to 1.
    discount_rate : float, default 0.10
        Yearly discount rate i, 0 or more (a fraction: 10% is 0.1).

    Returns
    -------
    pandas.DataFrame
        ``bands``' three columns with ``retention_with``, ``margin``, ``programme_cost``,
        ``value_without``, ``value_with``, ``gain``, ``total_gain`` and ``enrol``.

    Raises
    ------
    CourseDataError
        Not a table, duplicate or missing columns, values out of range (rows named), a
        parameter out of range (percentages get "divide by 100"), or results beyond the
        largest float.

    Examples
    --------
    >>> t = pd.DataFrame({"customers": [100, 10], "spend": [200.0, 6000.0], "retention": [0.4, 0.85]},
    ...                  index=["ordinary", "gold"])
    >>> programme_economics(t)["enrol"].tolist()
    [False, True]
    """
    require_columns(bands, ["customers", "spend", "retention"], source="bands")
    with refix(N_("a fraction of sales, e.g. 0.6")):
        g = real(margin_rate, "margin_rate", low=0, high=1, low_open=True, example=0.6, percent_hint=True)
    with refix(N_("a fraction of spend, e.g. 0.05")):
        b = real(benefit_rate, "benefit_rate", low=0, high=1, high_open=True, example=0.05)
    with refix(N_("money per member and year, 0 or more")):
        f = real(cost_per_member, "cost_per_member", low=0, example=60)
    with refix(N_("a fraction of the defections avoided, e.g. 0.2")):
        c = real(churn_cut, "churn_cut", low=0, high=1, example=0.2)
    with refix(N_("a fraction per year, e.g. 0.10 (10% is 0.1)")):
        i = real(discount_rate, "discount_rate", low=0, example=0.1)
    out = bands[["customers", "spend", "retention"]].copy()
    fix = _("retention must be a fraction below 1; customers and spend 0 or more")
    for col in out.columns:
        with refix(fix, problem=N_("values that are missing or out of range")):
            values = numeric_column(bands, col, "bands", low=0)
        high = (values >= 1).to_numpy() if col == "retention" else np.zeros(len(values), dtype=bool)
        if high.any():
            raise CourseDataError(_("values that are missing or out of range"), file="bands", column=col,
                                  rows=rows_where(bands.index, high), fix=fix)
        out[col] = values.to_numpy()
    r0 = out["retention"]
    r1 = 1 - (1 - r0) * (1 - c)
    out["retention_with"] = r1
    with np.errstate(over="ignore", invalid="ignore"):
        margin = g * out["spend"]
        cost = b * out["spend"] + f
        out["margin"] = margin
        out["programme_cost"] = cost
        out["value_without"] = margin * r0 / (1 + i - r0)
        out["value_with"] = (margin - cost) * r1 / (1 + i - r1)
        out["gain"] = out["value_with"] - out["value_without"]
        out["total_gain"] = out["gain"] * out["customers"]
    finite(out, ["margin", "programme_cost", "value_without", "value_with", "gain", "total_gain"], source="bands",
           fix=_TOO_LARGE)
    out["enrol"] = out["gain"] > 0
    return out
