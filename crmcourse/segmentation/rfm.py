"""RFM: recency, frequency and monetary value per customer, their scores and the R × F segment names.

>>> import pandas as pd
>>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"],
...                    "date": ["2025-12-01", "2025-12-21", "2025-06-30"],
...                    "amount": [100.0, 50.0, 80.0]})
>>> rfm_table(tx, snapshot="2026-01-01")
             recency  frequency  monetary
customer_id
A                 11          2     150.0
B                185          1      80.0
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse._validate import (
    choice,
    column,
    dates,
    hashable_ids,
    integer,
    numeric_column,
    numeric_values,
    require_columns,
    require_frame,
    rows_where,
    timestamp,
)
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.segmentation._common import column_name, shown
from crmcourse.segmentation._keys import duplicate_rows, factorize_sorted

__all__ = ["RFM_SEGMENTS", "rfm_table", "rfm_scores", "rfm_segments", "rfm_segment_grid"]

#: The R × F naming map (R and F scores 1–5): segment → (R scores, F scores, what to do).
RFM_SEGMENTS = {
    "champions": ((5,), (4, 5), "bought recently and often: reward them, ask for reviews and referrals"),
    "loyal customers": ((3, 4), (4, 5), "buy often: offer the loyalty programme and new lines first"),
    "potential loyalists": ((4, 5), (2, 3), "recent, a few purchases: membership and recommendations"),
    "new customers": ((5,), (1,), "first purchase just made: a good welcome and onboarding"),
    "promising": ((4,), (1,), "recent single purchase: build awareness, a small incentive"),
    "need attention": ((3,), (3,), "average on both: a limited-time offer based on past purchases"),
    "about to sleep": ((3,), (1, 2), "fading: share useful content and popular products"),
    "at risk": ((1, 2), (3, 4), "used to buy often, not lately: personal contact and win-back offers"),
    "can't lose them": ((1, 2), (5,), "were the best customers and are slipping: win them back personally"),
    "hibernating": ((1, 2), (1, 2), "long gone, few purchases: low-cost reactivation or let them go"),
}
_SEGMENT_ORDER = list(RFM_SEGMENTS)
_US_PER_DAY = 86_400_000_000


def _day_numbers(stamps) -> np.ndarray:
    """Calendar day of each naive ``datetime64`` value (days since 1970-01-01; the time of day dropped)."""
    us = np.asarray(stamps, dtype="datetime64[us]").view("int64")
    return us // _US_PER_DAY


def rfm_table(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
              amount: str = "amount", snapshot=None, *, returns: str = "error",
              duplicates: str = "error", monetary: str = "total") -> pd.DataFrame:
    """Recency (days), frequency and monetary value per customer from a transaction table.

    * ``recency`` — calendar days from the date of the customer's last purchase to the date of
      ``snapshot``. A *day* is a calendar date: times of day are ignored on both sides, so a
      purchase at 23:59 on 31 December has recency 1 on a 1 January snapshot, and a purchase on
      the snapshot's own date has recency 0;
    * ``frequency`` — number of purchases (rows) in the table;
    * ``monetary`` — money spent: the total (``monetary="total"``) or the mean per purchase
      (``"mean"``).

    Policies for doubtful rows (each raises by default, so nothing happens silently):

    * ``returns`` — rows with a negative amount: ``"error"`` (default), ``"drop"`` (leave them
      out), ``"net"`` (subtract them from the customer's monetary value; a return is not a
      purchase, so it counts in neither frequency nor recency; a net total can be 0 or less).
    * ``duplicates`` — rows identical in every column: ``"error"`` (default), ``"drop"`` (keep
      one; for double-loaded exports) or ``"keep"`` (they are real repeat purchases, e.g. two
      identical orders on one day in data without a receipt number).

    Customers with no purchase left (only returns) do not appear. Zero amounts count as purchases.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction.
    customer, date, amount : str
        Column names: the customer id (text or numbers), the date (``datetime64``, date objects
        or ISO ``YYYY-MM-DD`` text; timezone-aware dates count in their own local time) and the
        amount (numbers).
    snapshot : str or datetime-like
        Required: the fixed date the analysis looks back from (e.g. the day after the data
        end), never "today". No transaction may be dated after it.
    returns : {"error", "drop", "net"}, default "error"
    duplicates : {"error", "drop", "keep"}, default "error"
    monetary : {"total", "mean"}, default "total"

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), with ``recency`` and ``frequency`` (int64) and
        ``monetary`` (float64).

    Raises
    ------
    CourseDataError
        Not a table, missing or duplicate columns, no snapshot or one before a transaction's
        date, missing or unreadable dates (numbers such as 20250131 and day/month text are
        refused), amounts that are not finite numbers, ids that are lists or other objects or
        of mixed kinds, missing customers, negative amounts or whole-row duplicates without a
        policy, no purchase at all.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "B", "B"],
    ...                    "date": pd.to_datetime(["2025-11-01 10:00", "2025-12-31 23:59", "2025-07-01 09:30",
    ...                                            "2025-07-08 17:45"]),
    ...                    "amount": [100.0, 60.0, 90.0, -30.0]})
    >>> rfm_table(tx, snapshot="2026-01-01", returns="net")
                 recency  frequency  monetary
    customer_id
    A                  1          2     160.0
    B                184          1      60.0
    >>> rfm_table(tx, snapshot="2026-01-01")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: transactions, column 'amount': 1 negative amount (returns or refunds) (rows 3). Fix: say what to do with them: returns='drop' leaves them out, returns='net' subtracts them from the customer's spend.
    >>> rfm_table(tx, snapshot="2025-12-01", returns="drop")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: transactions, column 'date': the snapshot 2025-12-01 is before the last transaction (2025-12-31) (rows 1). Fix: use a snapshot on or after the last date in the data, e.g. the day after it.
    """
    source = "transactions"
    require_frame(transactions, source=source)
    for name, value in (("customer", customer), ("date", date), ("amount", amount)):
        if not isinstance(value, str):
            raise CourseDataError(_("{name}= should be a column name (text), got {value}").format(
                name=name, value=shown(value)),
                fix=_("e.g. {example}").format(example=f"{name}='{ {'customer': 'customer_id'}.get(name, name) }'"))
    if len({customer, date, amount}) < 3:
        raise CourseDataError(_("customer, date and amount must be three different columns"),
                              fix=_("pass the right column names"))
    require_columns(transactions, [customer, date, amount], source=source)
    choice(returns, "returns", ("error", "drop", "net"))
    choice(duplicates, "duplicates", ("error", "drop", "keep"))
    choice(monetary, "monetary", ("total", "mean"))
    snap = timestamp(snapshot, "snapshot")

    frame = transactions
    cust = column(frame, customer, source=source)
    # one factorisation of the ids (the costly step on big tables), then integer codes everywhere
    try:
        codes, uniques = factorize_sorted(cust)
    except Exception:
        hashable_ids(cust, source=source, col=customer, allow_missing=True)  # lists or other objects: say so
        raise CourseDataError(_("customer ids of mixed kinds cannot be sorted (e.g. numbers and text)"),
                              file=source, column=customer,
                              fix=_("make every id text, e.g. {example}").format(example="df[col].astype(str)")) from None

    # --- duplicates (whole rows) first: they are about the records, not the values
    if duplicates != "keep":
        dup = duplicate_rows(frame, codes, frame.columns.get_loc(customer))
        if dup.any():
            n_dup = int(dup.sum())
            if duplicates == "error":
                problem = (_("{count} rows repeat an earlier row in every column") if n_dup > 1
                           else _("{count} row repeats an earlier row in every column"))
                raise CourseDataError(
                    problem.format(count=n_dup),
                    file=source, rows=rows_where(frame.index, dup),
                    fix=_("duplicates='drop' if the export loaded rows twice, duplicates='keep' if they "
                          "are real repeat purchases (e.g. two identical orders on one day)"))
            frame, codes = frame[~dup], codes[~dup]

    missing = codes < 0
    if missing.any():
        n_missing = int(missing.sum())
        problem = _("{count} row without a customer") if n_missing == 1 else _("{count} rows without a customer")
        raise CourseDataError(
            problem.format(count=n_missing), file=source,
            column=customer, rows=rows_where(frame.index, missing), fix=_("fill in the customer or drop those rows"))
    when = dates(frame[date], source=source, col=date)
    values = numeric_values(frame[amount], source=source, col=amount).to_numpy()

    purchase = values >= 0
    if returns == "error" and not purchase.all():
        negative = ~purchase
        n_negative = int(negative.sum())
        problem = (_("{count} negative amount (returns or refunds)") if n_negative == 1
                   else _("{count} negative amounts (returns or refunds)"))
        raise CourseDataError(
            problem.format(count=n_negative),
            file=source, column=amount, rows=rows_where(frame.index, negative),
            fix=_("say what to do with them: returns='drop' leaves them out, returns='net' subtracts "
                  "them from the customer's spend"))
    day = _day_numbers(when.to_numpy())
    snap_day = int(_day_numbers(np.datetime64(snap.normalize().to_datetime64(), "us")))
    late = day > snap_day
    if late.any():
        raise CourseDataError(
            _("the snapshot {snapshot} is before the last transaction ({last})").format(
                snapshot=snap.date(), last=pd.Timestamp(when.max()).date()),
            file=source, column=date, rows=rows_where(frame.index, late),
            fix=_("use a snapshot on or after the last date in the data, e.g. the day after it"))
    if not purchase.any():
        raise CourseDataError(_("there are no purchases (every amount is negative)"), file=source, column=amount,
                              fix=_("check the sign convention of the amount column"))

    n = len(uniques)
    all_purchases = bool(purchase.all())
    bought_codes = codes if all_purchases else codes[purchase]
    frequency = np.bincount(bought_codes, minlength=n)
    spent = np.bincount(bought_codes, weights=values if all_purchases else values[purchase], minlength=n)
    if returns == "net" and not all_purchases:
        spent = spent + np.bincount(codes[~purchase], weights=values[~purchase], minlength=n)
    if monetary == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            spent = spent / frequency
    if not np.isfinite(spent[frequency > 0]).all():
        too_big = np.flatnonzero((frequency > 0) & ~np.isfinite(spent))
        raise CourseDataError(_("the amounts add up to more than a number can hold"), file=source, column=amount,
                              rows=list(uniques[too_big]), row_label="customers",
                              fix=_("give amounts in money units such as CNY, not huge numbers"))
    last_day = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last_day, bought_codes, day if all_purchases else day[purchase])
    keep = frequency > 0  # customers with returns only made no purchase
    if keep.all():
        keep = slice(None)
    return pd.DataFrame({
        "recency": (snap_day - last_day[keep]).astype("int64"),
        "frequency": frequency[keep].astype("int64"),
        "monetary": spent[keep].astype("float64"),
    }, index=pd.Index(uniques[keep], name=customer))


def _score(values: pd.Series, bins: int, higher_is_better: bool, ties: str = "split") -> pd.Series:
    """Groups 1..bins by rank: equal-sized (ties broken by the order of the index labels) with
    ``ties="split"``; equal values share the score of the first of them with ``ties="together"``."""
    order = values.sort_index(kind="stable")
    ranks = order.rank(method="first" if ties == "split" else "min", ascending=higher_is_better)
    n = len(order)
    score = np.ceil(ranks.to_numpy() * bins / n).astype("int64")
    return pd.Series(score, index=order.index).reindex(values.index)


def rfm_scores(rfm: pd.DataFrame, bins: int = 5, *, ties: str = "split", recency: str = "recency",
               frequency: str = "frequency", monetary: str = "monetary") -> pd.DataFrame:
    """R, F and M scores from 1 to ``bins`` (5 = best) and the combined code, e.g. ``"545"``.

    Customers are ranked on each measure and cut into ``bins`` equal-sized groups: the most
    recent buyers (smallest recency) get R = ``bins``, the most frequent F = ``bins``, the
    biggest spenders M = ``bins``.

    ``ties`` says what happens to customers with equal values (common in frequency: many buy once):

    * ``"split"`` (default, the usual ``rank(method="first")`` practice) — groups stay
      equal-sized; ties are broken by the order of the index (customer ids), so two customers
      with the same frequency can get different F scores;
    * ``"together"`` — equal values always get the same score, that of the first of them in the
      ranking; groups can then be unequal and some scores unused.

    Parameters
    ----------
    rfm : pandas.DataFrame
        One row per customer (the index holds the ids), e.g. :func:`rfm_table`'s result.
    bins : int, default 5
        Number of score groups, 2 to 10.
    ties : {"split", "together"}, default "split"
    recency, frequency, monetary : str
        The column names of the three measures.

    Returns
    -------
    pandas.DataFrame
        Same index, columns ``R``, ``F``, ``M`` (int64, 1..bins) and ``rfm_code`` (text).

    Raises
    ------
    CourseDataError
        Not a table, missing columns, values that are not finite numbers, fewer customers than
        bins, a bin count outside 2–10, repeated or unsortable customer ids in the index.

    Examples
    --------
    >>> import pandas as pd
    >>> rfm = pd.DataFrame({"recency": [5, 40, 200, 10, 90], "frequency": [9, 3, 1, 5, 2],
    ...                     "monetary": [900.0, 250.0, 40.0, 400.0, 120.0]}, index=list("ABCDE"))
    >>> rfm_scores(rfm)
       R  F  M rfm_code
    A  5  5  5      555
    B  3  3  3      333
    C  1  1  1      111
    D  4  4  4      444
    E  2  2  2      222
    >>> rfm_scores(rfm, bins=6)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: RFM table: 5 customers cannot fill 6 score groups. Fix: use fewer bins (e.g. bins=3) or more customers.
    >>> once = pd.DataFrame({"recency": [5, 6, 7, 8, 9], "frequency": [1, 1, 1, 2, 6],
    ...                      "monetary": [10.0, 20, 30, 40, 50]}, index=list("ABCDE"))
    >>> rfm_scores(once)["F"].tolist(), rfm_scores(once, ties="together")["F"].tolist()
    ([1, 2, 3, 4, 5], [1, 1, 1, 4, 5])
    """
    source = "RFM table"
    require_frame(rfm, source=source)
    bins = integer(bins, "bins", 2, 10)
    choice(ties, "ties", ("split", "together"))
    for what, name in (("recency", recency), ("frequency", frequency), ("monetary", monetary)):
        column_name(name, what, what)
    require_columns(rfm, [recency, frequency, monetary], source=source,
                    fix=_("pass the table rfm_table(...) returned, or name your columns with recency=, frequency=, "
                          "monetary="))
    if len(rfm) < bins:
        raise CourseDataError(_("{count} customers cannot fill {bins} score groups").format(count=len(rfm), bins=bins),
                              file=source, fix=_("use fewer bins (e.g. bins=3) or more customers"))
    if rfm.index.has_duplicates:
        dup = rfm.index.duplicated(keep=False)
        raise CourseDataError(_("the index repeats customers"), file=source, rows=rows_where(rfm.index, dup),
                              fix=_("one row per customer: build the table with rfm_table(...)"))
    out = pd.DataFrame(index=rfm.index)
    for col, letter, better in ((recency, "R", False), (frequency, "F", True), (monetary, "M", True)):
        values = numeric_column(rfm, col, source)
        try:
            out[letter] = _score(values, bins, better, ties)
        except TypeError:
            raise CourseDataError(_("the customer ids in the index are of mixed kinds and cannot be sorted"),
                                  file=source, fix=_("make every id text, e.g. {example}").format(
                                      example="rfm.index = rfm.index.astype(str)")) from None
    out["rfm_code"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    return out


def rfm_segments(scores: pd.DataFrame, *, r: str = "R", f: str = "F") -> pd.Series:
    """Name each customer's segment from the R and F scores (1–5) with the R × F map.

    champions (R 5, F 4–5), loyal customers (R 3–4, F 4–5), potential loyalists (R 4–5, F 2–3),
    new customers (R 5, F 1), promising (R 4, F 1), need attention (R 3, F 3), about to sleep
    (R 3, F 1–2), at risk (R 1–2, F 3–4), can't lose them (R 1–2, F 5), hibernating (R 1–2, F 1–2).

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`rfm_scores`'s result (or any table with whole-number scores 1–5).
    r, f : str, default "R", "F"
        The columns holding the R and F scores.

    Returns
    -------
    pandas.Series
        Categorical, named ``segment``, categories in :data:`RFM_SEGMENTS` order, same index.

    Raises
    ------
    CourseDataError
        Not a table, missing columns, scores that are not whole numbers from 1 to 5.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"R": [5, 5, 3, 1, 2], "F": [5, 1, 3, 5, 1]}, index=list("ABCDE"))
    >>> rfm_segments(scores).tolist()
    ['champions', 'new customers', 'need attention', "can't lose them", 'hibernating']
    """
    source = "RFM scores"
    require_frame(scores, source=source)
    column_name(r, "r", "R")
    column_name(f, "f", "F")
    require_columns(scores, [r, f], source=source, fix=_("pass the table rfm_scores(...) returned"))
    lookup = {}
    for name, (rs, fs, _extra) in RFM_SEGMENTS.items():
        for rv in rs:
            for fv in fs:
                lookup[(rv, fv)] = name
    vals = {}
    for col in (r, f):
        num = numeric_column(scores, col, source)
        bad = ~num.isin([1.0, 2.0, 3.0, 4.0, 5.0]).to_numpy()
        if bad.any():
            raise CourseDataError(
                _("scores must be whole numbers 1-5 for the R x F map (e.g. {value})").format(
                    value=f"{num.to_numpy()[bad][0]:g}"),
                file=source, column=col, rows=rows_where(scores.index, bad),
                fix=_("score with rfm_scores(rfm, bins=5); the naming map is defined for five levels"))
        vals[col] = num.to_numpy().astype(int)
    names = [lookup[(a, b)] for a, b in zip(vals[r].tolist(), vals[f].tolist())]
    return pd.Series(pd.Categorical(names, categories=_SEGMENT_ORDER), index=scores.index, name="segment")


def rfm_segment_grid() -> pd.DataFrame:
    """The R × F naming map as a 5 × 5 table: rows R = 5..1, columns F = 1..5.

    Parameters
    ----------
    None

    Returns
    -------
    pandas.DataFrame
        Segment names (text), index ``R`` (5 at the top) and columns ``F``.

    Raises
    ------
    Nothing: the map is fixed.

    Examples
    --------
    >>> grid = rfm_segment_grid()
    >>> grid.loc[5, 1], grid.loc[1, 5]
    ('new customers', "can't lose them")
    """
    grid = pd.DataFrame(index=pd.Index([5, 4, 3, 2, 1], name="R"), columns=pd.Index([1, 2, 3, 4, 5], name="F"),
                        dtype=object)
    for name, (rs, fs, _extra) in RFM_SEGMENTS.items():
        for rv in rs:
            for fv in fs:
                grid.loc[rv, fv] = name
    return grid
