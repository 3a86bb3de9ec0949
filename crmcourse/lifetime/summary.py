"""From transactions to the BTYD summary: frequency, recency and age (T) per customer.

>>> import pandas as pd
>>> tx = pd.DataFrame({"customer_id": [1, 1], "date": ["1997-01-01", "1997-01-15"], "amount": [10.0, 5.0]})
>>> btyd_summary(tx, end="1997-01-29").round(2).values.tolist()
[[1.0, 2.0, 4.0, 5.0]]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse._validate import (
    column,
    dates,
    hashable_ids,
    numeric_values,
    real,
    require_columns,
    require_frame,
    rows_where,
    timestamp,
)
from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _
from crmcourse.lifetime._common import shown

__all__ = ["btyd_summary"]


def btyd_summary(transactions, customer: str = "customer_id", date: str = "date", amount: str | None = "amount",
                 end=None, *, start=None, holdout_end=None, unit_days: float = 7.0):
    """Frequency, recency and age per customer — the input of BG/NBD and Gamma-Gamma.

    Purchases on the same day are merged into one (their amounts added), as in the literature;
    a day is a calendar date (the time of day is ignored). With ``end`` the end of the
    calibration period (inclusive), for every customer whose first purchase is on or before ``end``:

    * ``frequency`` x — number of *repeat* purchase days (days with a purchase, minus the first);
    * ``recency`` t_x — time from the first to the last purchase day;
    * ``T`` — time from the first purchase to ``end``;
    * ``monetary`` — mean amount of the repeat purchase days (0 without repeats; only when ``amount``
      is given);
    * ``holdout_frequency`` — purchase days after ``end`` up to ``holdout_end`` (only when given).

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction.
    customer, date : str
        The customer id and date columns (dates as for :func:`crmcourse.segmentation.rfm_table`:
        ``datetime64``, date objects or ISO text; numbers are refused).
    amount : str or None, default "amount"
        The amount column (amounts of 0 or more); None leaves ``monetary`` out.
    end : str or datetime-like
        Required: the last day of the calibration period.
    start : str or datetime-like, optional
        Transactions before this day are left out.
    holdout_end : str or datetime-like, optional
        The last day of the holdout period (after ``end``).
    unit_days : float, default 7.0
        Days per time unit: 7 for weeks, 1 for days, 30.4375 for months.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted): ``frequency`` (int64), ``recency`` and ``T`` (in
        ``unit_days`` units), ``monetary`` and ``holdout_frequency`` when asked for.

    Raises
    ------
    CourseDataError
        Not a table, missing or duplicate columns, missing, unreadable or numeric dates, missing
        or unusable customer ids, amounts that are not finite numbers or negative, no ``end``,
        a ``holdout_end`` not after it, no purchase by ``end``, a bad ``unit_days``.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2],
    ...                    "date": pd.to_datetime(["1997-01-01", "1997-01-15", "1997-01-15", "1997-03-12", "1997-02-05"]),
    ...                    "amount": [10.0, 5.0, 7.0, 20.0, 30.0]})
    >>> btyd_summary(tx, end="1997-03-26").round(2)
                 frequency  recency     T  monetary
    customer_id
    1                    2     10.0  12.0      16.0
    2                    0      0.0   7.0       0.0
    """
    source = "transactions"
    require_frame(transactions, source=source)
    for name, c in (("customer", customer), ("date", date), ("amount", amount)):
        if not isinstance(c, str) and not (name == "amount" and c is None):
            raise CourseDataError(_("column names must be text, got {value}").format(value=f"{name}={shown(c)}"),
                                  fix=_("e.g. {example}").format(example="date='date'"))
    cols = [c for c in (customer, date, amount) if c is not None]
    if len(set(cols)) < len(cols):
        raise CourseDataError(_("customer, date and amount must be different columns"),
                              fix=_("pass the right column names"))
    require_columns(transactions, cols, source=source)
    end_ts = timestamp(end, "end")
    start_ts = timestamp(start, "start") if start is not None else None
    hold_ts = timestamp(holdout_end, "holdout_end") if holdout_end is not None else None
    if hold_ts is not None and hold_ts <= end_ts:
        raise CourseDataError(_("holdout_end must be after end"),
                              fix=_("e.g. {example}").format(example="end='1997-09-30', holdout_end='1998-06-30'"))
    unit_days = real(unit_days, "unit_days", low=0, low_open=True, high=1e6, high_open=True, example=7)
    ids = column(transactions, customer, source=source)
    missing = ids.isna().to_numpy()
    if missing.any():
        raise CourseDataError(_("rows without a customer"), file=source, column=customer,
                              rows=rows_where(transactions.index, missing),
                              fix=_("fill in the customer or drop those rows"))
    hashable_ids(ids, source=source, col=customer)
    when = dates(transactions[date], source=source, col=date).dt.normalize()
    money = numeric_values(transactions[amount], source=source, col=amount) if amount is not None else None
    if money is not None:
        neg = (money < 0).to_numpy()
        if neg.any():
            raise CourseDataError(_("negative amounts (returns): the spend model needs purchases only"), file=source,
                                  column=amount, rows=rows_where(transactions.index, neg),
                                  fix=_("net returns against their purchases first, or drop them"))
    work = pd.DataFrame({"c": ids.to_numpy(), "d": when.to_numpy(),
                         "a": money.to_numpy() if money is not None else 0.0})
    if start_ts is not None:
        work = work[work["d"] >= start_ts.normalize()]
    try:
        with np.errstate(over="ignore"):
            days = work.groupby(["c", "d"], sort=True)["a"].sum().reset_index()
    except Exception:
        raise CourseDataError(_("customer ids of mixed kinds cannot be sorted"), file=source, column=customer,
                              fix=_("make every id text, e.g. {example}").format(example="df[col].astype(str)")) from None
    cal = days[days["d"] <= end_ts.normalize()]
    if cal.empty:
        raise CourseDataError(_("no purchases on or before {end}").format(end=f"end={end_ts.date()}"), file=source,
                              column=date, fix=_("choose an end date inside the data"))
    if not np.isfinite(days["a"].to_numpy(dtype="float64")).all():
        raise CourseDataError(_("the amounts of one day add up to more than a number can hold"), file=source,
                              column=amount, fix=_("give amounts in money units such as CNY, not huge numbers"))
    g = cal.groupby("c", sort=True)
    first = g["d"].min()
    last = g["d"].max()
    unit = pd.Timedelta(days=unit_days)
    out = pd.DataFrame({
        "frequency": (g.size() - 1).astype("int64"),
        "recency": (last - first) / unit,
        "T": (end_ts.normalize() - first) / unit,
    })
    if amount is not None:
        rep = cal[cal["d"] > cal["c"].map(first)]
        with np.errstate(over="ignore"):
            out["monetary"] = rep.groupby("c")["a"].mean().reindex(out.index).fillna(0.0)
        too_big = ~np.isfinite(out["monetary"].to_numpy())
        if too_big.any():
            raise CourseDataError(_("the amounts are too large to average"), file=source, column=amount,
                                  rows=list(out.index[too_big]), row_label="customers",
                                  fix=_("give amounts in money units such as CNY, not huge numbers"))
    if hold_ts is not None:
        hold = days[(days["d"] > end_ts.normalize()) & (days["d"] <= hold_ts.normalize())]
        out["holdout_frequency"] = hold.groupby("c").size().reindex(out.index).fillna(0).astype("int64")
    out.index.name = customer
    return out
