"""Customer segmentation (客户细分): RFM, value × expectation, k-means clusters and targeting.

Module 4 of the course. Pure functions, pandas in and pandas out; charts live in
:mod:`crmcourse.plots`, the cut-off explorer in :mod:`crmcourse.widgets`, and the models that
predict lifetime value (BG/NBD, Gamma-Gamma) in :mod:`crmcourse.lifetime`.

>>> import pandas as pd
>>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"],
...                    "date": ["2025-12-01", "2025-12-21", "2025-06-30"],
...                    "amount": [100.0, 50.0, 80.0]})
>>> rfm_table(tx, snapshot="2026-01-01")
             recency  frequency  monetary
customer_id
A                 11          2     150.0
B                185          1      80.0

Every problem with the input is one :class:`~crmcourse.data.CourseDataError` naming the rows
and the fix — never a silent wrong result:

* transactions: missing or unparseable dates (text dates must be ISO ``YYYY-MM-DD``), missing
  customers, amounts that are not numbers, negative amounts (returns) unless ``returns=`` says
  what to do with them, duplicate rows unless ``duplicates=`` says what they are, a snapshot
  before the last purchase, no snapshot at all (recency is never measured from "today");
* scores: fewer customers than score bins, a bin count outside 2–10, a non-unique index;
* clustering: fewer customers (or fewer distinct customers) than clusters, features that are not
  numbers, missing or infinite values, features with zero variance (nothing to separate);
* targeting: rule columns the customer table lacks, unknown offers, propensities outside 0–1.

Conventions
-----------
* RFM scores are quintiles by default: customers are ranked on each measure and cut into
  ``bins`` equal-sized groups, 5 = best (most recent, most frequent, most money). Ties are
  broken by the order of the customer ids, so equal values can sit on both sides of a
  boundary — the usual ``rank(method="first")`` practice, which keeps the groups equal-sized.
* The R × F naming map is the widely used one (champions, loyal customers, … hibernating).
* Value × expectation: a customer is *high* on an axis when at or above its cut
  (``value >= value_cut``); the default cuts are the medians.
* k-means: features are standardised (mean 0, standard deviation 1) and fitted with
  scikit-learn's ``KMeans`` with a fixed ``random_state`` and ``n_init``; segments are
  numbered 1..k from the largest to the smallest, so the numbers do not change between runs.
"""
from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from crmcourse.data import CourseDataError, require_columns, require_frame

__all__ = [
    "segmentation_checklist",
    "RFM_SEGMENTS",
    "rfm_table",
    "rfm_scores",
    "rfm_segments",
    "rfm_segment_grid",
    "CUSTOMER_TYPES",
    "customer_type_strategies",
    "value_expectation_matrix",
    "kmeans_segments",
    "k_diagnostics",
    "segment_profile",
    "segment_stability",
    "segment_actionability",
    "match_offers",
    "one_contact_per_customer",
    "campaign_simulation",
    "bank_classes",
]

# ============================================================================ the framework

_PROCESSES = (
    ("segment by characteristics",
     "Group customers by who they are: geography (home area, district, size of place), social "
     "facts (age, sex, income, industry, job, education, religion, household size), psychology "
     "(personality, lifestyle) and buying behaviour (what they own, why they buy, brand loyalty, "
     "attitude to the product).",
     "4.1 the bases; 4.4 profiles use age band and channel"),
    ("segment by value range",
     "Rank customers from high to low value - key, important, ordinary, small - and concentrate "
     "on the top under the 80/20 rule. Value can mean responsiveness, sales revenue, profit "
     "contribution, loyalty or sales won through referrals.",
     "4.2 value tiers and RFM; 4.3 the value axis; 4.6 predicted value"),
    ("segment by common needs",
     "Take the most valuable segment, work out the needs its members share, build the business "
     "processes around those needs and give each segment its own marketing mix.",
     "4.3 the strategy per customer type; 4.5 offers per plan tier"),
    ("choose a clustering technique",
     "Pick the algorithm that suits the data, and first turn the raw records into the form the "
     "model needs (initialising and preprocessing the data).",
     "4.4 scaling and k-means"),
    ("evaluate the result",
     "Not every segment is worth keeping. Test each one: does it serve a business goal, is it "
     "easy to understand and describe, is it big enough to pay for its own campaign, and can a "
     "distinct campaign be built for it?",
     "4.4 stability and actionability"),
)

_CAUTIONS = (
    ("one customer, one segment",
     "Every customer belongs to exactly one segment; a customer in two gets contradictory offers.",
     "every helper returns one label per customer"),
    ("no channel differences",
     "A customer hears the same offer in every channel, and every front-line employee can see "
     "and repeat the recommendation.",
     "4.5 one contact per customer across channels"),
    ("actionable tactics for the front line",
     "Tell staff exactly which product fits the customer, not data they still have to interpret.",
     "4.5 offer rules"),
    ("start sales with the best list",
     "Give the sales team the most promising customers first so early success is high; widen the "
     "list step by step and give every customer a purchase-likelihood score.",
     "4.6 ranking by predicted purchases"),
    ("one owner per segment",
     "One senior manager answers for each segment's profit and loss, so someone maximises its return.",
     "4.5 campaign margin per segment"),
    ("senior management drives it",
     "Run segmentation from head office across product lines; done inside one product line or one "
     "department's budget it misses customers' other relationships.",
     "4.1 discussion"),
    ("start small, then expand",
     "Begin with a few broad groups and refine later; do not wait for a perfect scheme before the "
     "first step.",
     "4.2 ten RFM segments before 4.4 clusters"),
)

_STEPS = (
    ("define the objective",
     "Long- and short-term goals call for very different methods: better-fitting products and "
     "services, more sales, lower cost to serve, better service experience, or a higher return on "
     "marketing.", "4.1"),
    ("decide the resources and methods needed",
     "Limited people, money, data or skills force trade-offs, sometimes even in the objective.", "4.1"),
    ("choose a feasible method",
     "Feasible within the resources is not always best, but it is where to start.", "4.2 RFM first"),
    ("use valid data",
     "Records can be incomplete or wrong and may need cleaning first; bad data give bad segments.",
     "4.2 data checks"),
    ("check that the variables are stable",
     "Test the segmentation variables analytically; prefer stable, visible indicators - more "
     "complex is not better.", "4.4 bootstrap stability"),
    ("describe each segment",
     "Every segment needs a clear description and a reliable way to recognise its members.",
     "4.4 profiles and names"),
    ("validate through real use",
     "Test the segments in practice with a suitable method; an untested segmentation is not credible.",
     "4.5 blanket vs targeted campaign"),
    ("treat it as a process, not a result",
     "Markets and customers change: repeat and revise the segmentation.", "4.6 re-fit on new data"),
)


def segmentation_checklist() -> pd.DataFrame:
    """The five processes, seven cautions and eight steps of segmentation, as one table.

    Columns: ``part`` (process / caution / step), ``number``, ``name``, ``meaning`` and
    ``in_module_4`` (where module 4 applies it). The course's own wording of the source texts.

    >>> table = segmentation_checklist()
    >>> table.groupby("part", sort=False).size().to_dict()
    {'process': 5, 'caution': 7, 'step': 8}
    >>> table.query("part == 'step'").name.iloc[0]
    'define the objective'
    """
    rows = []
    for part, items in (("process", _PROCESSES), ("caution", _CAUTIONS), ("step", _STEPS)):
        for i, (name, meaning, where) in enumerate(items, start=1):
            rows.append({"part": part, "number": i, "name": name, "meaning": meaning, "in_module_4": where})
    return pd.DataFrame(rows)


# ============================================================================ validation helpers

def _rows(index, mask) -> list:
    return list(pd.Index(index)[np.asarray(mask, dtype=bool)])


def _column_list(value, name: str) -> list:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        out = list(value)
        if out and all(isinstance(v, str) for v in out) and len(set(out)) == len(out):
            return out
    raise CourseDataError(f"{name} should be a list of distinct column names, got {value!r}"[:200],
                          fix=f"e.g. {name}=['recency', 'frequency', 'monetary']")


def _numeric_column(frame: pd.DataFrame, col: str, source: str, *, allow_bool: bool = False) -> pd.Series:
    """``frame[col]`` as float64, or one error naming the rows that are not finite numbers."""
    s = frame[col]
    if isinstance(s, pd.DataFrame):
        raise CourseDataError(f"the table has more than one column named {col!r}", file=source,
                              column=col, fix="rename the duplicate columns")
    if pd.api.types.is_bool_dtype(s.dtype) and not allow_bool:
        raise CourseDataError("holds True/False, not numbers", file=source, column=col,
                              fix="pass a numeric column")
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_complex_dtype(s.dtype):
        num = s.astype("float64")
        bad = ~np.isfinite(num.to_numpy())
    else:
        def as_float(v):
            if isinstance(v, (bool, np.bool_)) and not allow_bool:
                return np.nan
            if isinstance(v, numbers.Real):
                return float(v)
            if isinstance(v, str):
                try:
                    return float(v.strip())
                except ValueError:
                    return np.nan
            return np.nan

        num = pd.Series([as_float(v) for v in s.to_numpy()], index=s.index, dtype="float64")
        bad = ~np.isfinite(num.to_numpy())
    if bad.any():
        example = s[bad].iloc[0]
        raise CourseDataError(
            f"{int(bad.sum())} value{'s' if bad.sum() > 1 else ''} missing or not a finite number "
            f"(e.g. {str(example)[:30]!r})", file=source, column=col, rows=_rows(s.index, bad),
            fix="fill in or drop those rows, and use plain numbers (no currency signs or text)")
    return num


def _timestamp(value, name: str) -> pd.Timestamp:
    if value is None:
        raise CourseDataError(
            f"{name} is required: the date the analysis looks back from",
            fix=f"pass a fixed date, e.g. {name}='2026-01-01' (never 'today': results must not change "
                "from one day to the next)")
    if isinstance(value, (bool, np.bool_)) or isinstance(value, numbers.Number):
        raise CourseDataError(f"{name} must be a date, got {value!r}", fix=f"e.g. {name}='2026-01-01'")
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        raise CourseDataError(f"{name} {str(value)[:40]!r} is not a date",
                              fix=f"write it as YYYY-MM-DD, e.g. {name}='2026-01-01'") from None
    if ts is pd.NaT or pd.isna(ts):
        raise CourseDataError(f"{name} is empty (NaT)", fix=f"e.g. {name}='2026-01-01'")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts


def _dates(series: pd.Series, source: str, col: str) -> pd.Series:
    """Dates as naive datetime64; text must be ISO YYYY-MM-DD. Missing or bad → one error."""
    s = series
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        parsed = s
        bad = parsed.isna().to_numpy()
        what = "missing"
    elif pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        raise CourseDataError(
            "holds numbers, not dates", file=source, column=col,
            fix="convert it first, e.g. pd.to_datetime(df['date'].astype(str), format='%Y%m%d') for 20250131")
    else:
        def one(v):
            if isinstance(v, pd.Timestamp):
                return v.tz_localize(None) if v.tzinfo is not None else v
            if isinstance(v, str):
                return v
            if hasattr(v, "year") and hasattr(v, "month") and hasattr(v, "day"):
                try:
                    t = pd.Timestamp(v)
                    return t.tz_localize(None) if t.tzinfo is not None else t
                except (ValueError, TypeError, OverflowError):
                    return None
            return None

        raw = [one(v) for v in s.to_numpy()]
        text = pd.Series([v if isinstance(v, str) else None for v in raw], index=s.index, dtype=object)
        try:
            parsed_text = pd.to_datetime(text, errors="coerce", format="ISO8601")
        except (ValueError, TypeError, OverflowError):
            parsed_text = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
        if isinstance(parsed_text.dtype, pd.DatetimeTZDtype):
            parsed_text = parsed_text.dt.tz_localize(None)
        stamps = pd.Series([v if isinstance(v, pd.Timestamp) else pd.NaT for v in raw], index=s.index)
        try:
            stamps = pd.to_datetime(stamps, errors="coerce")
        except (ValueError, TypeError, OverflowError):
            stamps = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
        parsed = parsed_text.where(parsed_text.notna(), stamps)
        if not pd.api.types.is_datetime64_any_dtype(parsed.dtype):
            parsed = pd.to_datetime(parsed, errors="coerce")
        bad = parsed.isna().to_numpy()
        what = "missing or not a date"
    if bad.any():
        example = series[bad].iloc[0]
        raise CourseDataError(
            f"{int(bad.sum())} date{'s' if bad.sum() > 1 else ''} {what} (e.g. {str(example)[:30]!r})",
            file=source, column=col, rows=_rows(s.index, bad),
            fix="write dates as YYYY-MM-DD (or convert with pd.to_datetime(..., format=...)) and drop "
                "rows without a date")
    return parsed


def _choice(value, name: str, allowed: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise CourseDataError(f"{name}={value!r} is not one of {', '.join(repr(a) for a in allowed)}",
                              fix=f"pass {name}={allowed[0]!r} (the default) or another listed value")
    return value


def _hashable(ids: pd.Series, source: str, col: str) -> None:
    try:
        ids.duplicated()
    except TypeError:
        raise CourseDataError("ids must be text or numbers (found lists or other objects)", file=source,
                              column=col, fix="use one plain id per customer, e.g. 'QM-C00001'") from None


def _same(a, b) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _int_arg(value, name: str, low: int, high: int | None = None) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise CourseDataError(f"{name} must be a whole number, got {value!r}"[:120],
                              fix=f"e.g. {name}={low}")
    v = int(value)
    if v < low or (high is not None and v > high):
        span = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise CourseDataError(f"{name} must be {span}, got {v}", fix=f"pick {name} {span}")
    return v


# ============================================================================ RFM

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


def rfm_table(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
              amount: str = "amount", snapshot=None, *, returns: str = "error",
              duplicates: str = "error", monetary: str = "total") -> pd.DataFrame:
    """Recency (days), frequency and monetary value per customer from a transaction table.

    * ``recency`` — whole days from the customer's last purchase to ``snapshot``;
    * ``frequency`` — number of purchases (rows) in the table;
    * ``monetary`` — money spent: the total (``monetary="total"``) or the mean per purchase
      (``"mean"``).

    ``snapshot`` is required: the fixed date the analysis looks back from (e.g. the day after
    the data end), never "today". It may not be earlier than any transaction.

    Policies for doubtful rows (each raises by default, so nothing happens silently):

    * ``returns`` — rows with a negative amount: ``"error"`` (default), ``"drop"`` (leave
      them out), ``"net"`` (subtract them from the customer's monetary value; a return is not
      a purchase, so it does not count in frequency or recency; a net total can be 0 or less).
    * ``duplicates`` — rows identical in every column: ``"error"`` (default), ``"drop"``
      (keep one; for double-loaded exports) or ``"keep"`` (they are real repeat purchases, e.g.
      two identical orders on one day in data without a receipt number).

    Customers with no purchase left (only returns) do not appear. Zero amounts count as purchases.

    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "B", "B"],
    ...                    "date": pd.to_datetime(["2025-11-01", "2025-12-31", "2025-07-01", "2025-07-08"]),
    ...                    "amount": [100.0, 60.0, 90.0, -30.0]})
    >>> rfm_table(tx, snapshot="2026-01-01", returns="net")
                 recency  frequency  monetary
    customer_id
    A                  1          2     160.0
    B                184          1      60.0
    >>> rfm_table(tx, snapshot="2026-01-01")
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: transactions, column 'amount': 1 negative amount (returns or refunds) (rows 3). Fix: say what to do with them: returns='drop' leaves them out, returns='net' subtracts them from the customer's spend.
    >>> rfm_table(tx, snapshot="2025-12-01", returns="drop")
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: transactions, column 'date': the snapshot 2025-12-01 is before the last transaction (2025-12-31) (rows 1). Fix: use a snapshot on or after the last date in the data, e.g. the day after it.
    """
    source = "transactions"
    require_frame(transactions, source=source)
    for name, value in (("customer", customer), ("date", date), ("amount", amount)):
        if not isinstance(value, str):
            raise CourseDataError(f"{name}= should be a column name (text), got {value!r}"[:120],
                                  fix=f"e.g. {name}='{ {'customer': 'customer_id'}.get(name, name) }'")
    if len({customer, date, amount}) < 3:
        raise CourseDataError("customer, date and amount must be three different columns",
                              fix="pass the right column names")
    require_columns(transactions, [customer, date, amount], source=source)
    _choice(returns, "returns", ("error", "drop", "net"))
    _choice(duplicates, "duplicates", ("error", "drop", "keep"))
    _choice(monetary, "monetary", ("total", "mean"))
    snap = _timestamp(snapshot, "snapshot")

    frame = transactions
    cust = frame[customer]
    if isinstance(cust, pd.DataFrame):
        raise CourseDataError(f"the table has more than one column named {customer!r}", file=source,
                              fix="rename the duplicate columns")
    # one factorisation of the ids (the costly step on big tables), then integer codes everywhere
    try:
        codes, uniques = pd.factorize(cust, sort=True)
    except TypeError:
        _hashable(cust, source, customer)  # lists or other objects as ids: say so
        raise CourseDataError("customer ids of mixed kinds cannot be sorted (e.g. numbers and text)",
                              file=source, column=customer, fix="make every id text, e.g. df[col].astype(str)") from None

    # --- duplicates (whole rows) first: they are about the records, not the values
    if duplicates != "keep":
        others = {f"_{i}": frame.iloc[:, i] for i, c in enumerate(frame.columns) if c != customer}
        try:
            dup = pd.DataFrame({"_c": codes, **{k: v.to_numpy() for k, v in others.items()}}).duplicated(keep="first")
        except TypeError:  # unhashable cells (lists, dicts): compare the three columns used
            dup = frame[[customer, date, amount]].astype(str).duplicated(keep="first")
        dup = dup.to_numpy()
        if dup.any():
            if duplicates == "error":
                raise CourseDataError(
                    f"{int(dup.sum())} row{'s' if dup.sum() > 1 else ''} repeat{'' if dup.sum() > 1 else 's'} "
                    "an earlier row in every column",
                    file=source, rows=_rows(frame.index, dup),
                    fix="duplicates='drop' if the export loaded rows twice, duplicates='keep' if they "
                        "are real repeat purchases (e.g. two identical orders on one day)")
            frame, cust, codes = frame[~dup], cust[~dup], codes[~dup]

    missing = (codes < 0)
    if missing.any():
        raise CourseDataError(
            f"{int(missing.sum())} row{'s' if missing.sum() > 1 else ''} without a customer", file=source,
            column=customer, rows=_rows(frame.index, missing), fix="fill in the customer or drop those rows")
    when = _dates(frame[date], source, date)
    money = _numeric_column(frame, amount, source)

    negative = (money < 0).to_numpy()
    purchase = ~negative
    if negative.any():
        if returns == "error":
            raise CourseDataError(
                f"{int(negative.sum())} negative amount{'s' if negative.sum() > 1 else ''} (returns or refunds)",
                file=source, column=amount, rows=_rows(frame.index, negative),
                fix="say what to do with them: returns='drop' leaves them out, returns='net' subtracts "
                    "them from the customer's spend")
    late = (when > snap).to_numpy()
    if late.any():
        last = when.max()
        raise CourseDataError(
            f"the snapshot {snap.date()} is before the last transaction ({pd.Timestamp(last).date()})",
            file=source, column=date, rows=_rows(frame.index, late),
            fix="use a snapshot on or after the last date in the data, e.g. the day after it")

    if not purchase.any():
        raise CourseDataError("there are no purchases (every amount is negative)", file=source, column=amount,
                              fix="check the sign convention of the amount column")
    n = len(uniques)
    values = money.to_numpy(dtype="float64")
    frequency = np.bincount(codes[purchase], minlength=n)
    bought = np.bincount(codes[purchase], weights=values[purchase], minlength=n)
    returned = np.bincount(codes[~purchase], weights=values[~purchase], minlength=n)
    if monetary == "total":
        spent = bought + returned if returns == "net" else bought
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            spent = (bought + returned if returns == "net" else bought) / frequency
    stamps = when.to_numpy().astype("datetime64[us]").astype("int64")
    last = pd.Series(stamps[purchase]).groupby(codes[purchase], sort=True).max()
    keep = frequency > 0  # customers with returns only made no purchase
    last_us = last.reindex(np.flatnonzero(keep)).to_numpy()
    days = (snap.to_datetime64().astype("datetime64[us]").astype("int64") - last_us) / 86_400_000_000
    out = pd.DataFrame({
        "recency": np.floor(days).astype("int64"),
        "frequency": frequency[keep].astype("int64"),
        "monetary": spent[keep].astype("float64"),
    }, index=pd.Index(uniques[keep], name=customer))
    return out


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
    crmcourse.data.CourseDataError: RFM table: 5 customers cannot fill 6 score groups. Fix: use fewer bins (e.g. bins=3) or more customers.
    >>> once = pd.DataFrame({"recency": [5, 6, 7, 8, 9], "frequency": [1, 1, 1, 2, 6],
    ...                      "monetary": [10.0, 20, 30, 40, 50]}, index=list("ABCDE"))
    >>> rfm_scores(once)["F"].tolist(), rfm_scores(once, ties="together")["F"].tolist()
    ([1, 2, 3, 4, 5], [1, 1, 1, 4, 5])
    """
    source = "RFM table"
    require_frame(rfm, source=source)
    bins = _int_arg(bins, "bins", 2, 10)
    _choice(ties, "ties", ("split", "together"))
    require_columns(rfm, [recency, frequency, monetary], source=source,
                    fix="pass the table rfm_table(...) returned, or name your columns with recency=, frequency=, monetary=")
    if len(rfm) < bins:
        raise CourseDataError(f"{len(rfm)} customers cannot fill {bins} score groups", file=source,
                              fix="use fewer bins (e.g. bins=3) or more customers")
    if rfm.index.has_duplicates:
        dup = rfm.index.duplicated(keep=False)
        raise CourseDataError("the index repeats customers", file=source, rows=_rows(rfm.index, dup),
                              fix="one row per customer: build the table with rfm_table(...)")
    out = pd.DataFrame(index=rfm.index)
    for col, letter, better in ((recency, "R", False), (frequency, "F", True), (monetary, "M", True)):
        values = _numeric_column(rfm, col, source)
        out[letter] = _score(values, bins, better, ties)
    out["rfm_code"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    return out


def rfm_segments(scores: pd.DataFrame, *, r: str = "R", f: str = "F") -> pd.Series:
    """Name each customer's segment from the R and F scores (1–5) with the R × F map.

    champions (R 5, F 4–5), loyal customers (R 3–4, F 4–5), potential loyalists (R 4–5, F 2–3),
    new customers (R 5, F 1), promising (R 4, F 1), need attention (R 3, F 3), about to sleep
    (R 3, F 1–2), at risk (R 1–2, F 3–4), can't lose them (R 1–2, F 5), hibernating (R 1–2, F 1–2).
    Returns a categorical Series named ``segment`` in that order.

    >>> import pandas as pd
    >>> scores = pd.DataFrame({"R": [5, 5, 3, 1, 2], "F": [5, 1, 3, 5, 1]}, index=list("ABCDE"))
    >>> rfm_segments(scores).tolist()
    ['champions', 'new customers', 'need attention', "can't lose them", 'hibernating']
    """
    source = "RFM scores"
    require_frame(scores, source=source)
    require_columns(scores, [r, f], source=source, fix="pass the table rfm_scores(...) returned")
    lookup = {}
    for name, (rs, fs, _) in RFM_SEGMENTS.items():
        for rv in rs:
            for fv in fs:
                lookup[(rv, fv)] = name
    vals = {}
    for col in (r, f):
        num = _numeric_column(scores, col, source)
        bad = ~num.isin([1.0, 2.0, 3.0, 4.0, 5.0]).to_numpy()
        if bad.any():
            raise CourseDataError(
                f"scores must be whole numbers 1-5 for the R x F map (e.g. {scores[col][bad].iloc[0]!r})",
                file=source, column=col, rows=_rows(scores.index, bad),
                fix="score with rfm_scores(rfm, bins=5); the naming map is defined for five levels")
        vals[col] = num.astype(int)
    names = [lookup[(a, b)] for a, b in zip(vals[r], vals[f])]
    return pd.Series(pd.Categorical(names, categories=_SEGMENT_ORDER), index=scores.index, name="segment")


def rfm_segment_grid() -> pd.DataFrame:
    """The R × F naming map as a 5 × 5 table: rows R = 5..1, columns F = 1..5.

    >>> grid = rfm_segment_grid()
    >>> grid.loc[5, 1], grid.loc[1, 5]
    ('new customers', "can't lose them")
    """
    grid = pd.DataFrame(index=pd.Index([5, 4, 3, 2, 1], name="R"), columns=pd.Index([1, 2, 3, 4, 5], name="F"),
                        dtype=object)
    for name, (rs, fs, _) in RFM_SEGMENTS.items():
        for rv in rs:
            for fv in fs:
                grid.loc[rv, fv] = name
    return grid


# ============================================================================ value × expectation

#: The four customer types of the lifetime value × expectation matrix, in display order.
CUSTOMER_TYPES = ("intimate", "safe", "dangerous", "stranger")

_STRATEGY = (
    # type, 中文, value, expectation, profile, Kano level, bond, where resources go
    ("intimate", "亲密型客户", "high", "high",
     "core customers in a stable relationship; demanding, always bringing new and higher requirements; "
     "the most precious group, a partner that grows with the firm",
     "attractive (delighters) on top of performance and basic features",
     "structural: linked processes and joint investment that make switching costly",
     "invest most: study their needs and exceed them"),
    ("safe", "安全型客户", "high", "low",
     "profitable and rarely complain or make suggestions; look satisfied, or are held by the switching "
     "costs of a long relationship; unlikely to leave",
     "basic (must-be) features, delivered reliably - every promise kept in full",
     "financial: price incentives and discounts",
     "protect: flawless basics at low cost to serve"),
    ("dangerous", "危险型客户", "low", "high",
     "bring little profit; picky and often dissatisfied; small volumes mean almost no switching cost, so "
     "they leave easily",
     "performance (one-dimensional) features on top of the basics, to meet their expectations",
     "social: personal contact and care on top of financial incentives",
     "manage: meet expectations where it pays, or lower them honestly"),
    ("stranger", "陌生型客户", "low", "low",
     "little value, indifferent to service levels; may leave even if service improves",
     "basic features only, with the minimum commitment",
     "none: let them go their own way",
     "minimal: move resources to more promising groups"),
)


def customer_type_strategies() -> pd.DataFrame:
    """The four customer types with their profile and strategy (Kano feature level and bond).

    From the lifetime value × expectation matrix of the source texts, in the course's words.
    Note the source's own choice to give low-value *dangerous* customers a tighter (social) bond
    than high-value *safe* ones (financial) — worth discussing.

    >>> table = customer_type_strategies()
    >>> table.loc["intimate", "bond"].split(":")[0]
    'structural'
    >>> list(table.index) == list(CUSTOMER_TYPES)
    True
    """
    cols = ["中文", "value", "expectation", "profile", "kano_features", "bond", "resources"]
    table = pd.DataFrame([row[1:] for row in _STRATEGY], columns=cols,
                         index=pd.Index([row[0] for row in _STRATEGY], name="type"))
    return table


def _cut_value(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise CourseDataError(f"{name} must be a finite number, got {value!r}"[:120],
                              fix=f"e.g. {name}=5.5, or leave it out to cut at the median")
    return float(value)


def value_expectation_matrix(customers: pd.DataFrame, value: str, expectation: str,
                             value_cut=None, expectation_cut=None) -> pd.Series:
    """Place each customer as intimate, safe, dangerous or stranger (value × expectation).

    ``value`` and ``expectation`` name two numeric columns (e.g. a lifetime value and an
    expectation score). A customer is *high* on an axis when **at or above** the cut
    (``>=``); the default cuts are the medians. intimate = high value, high expectation;
    safe = high value, low expectation; dangerous = low value, high expectation; stranger =
    low on both. Returns a categorical Series named ``customer_type``; the cuts used are in
    ``result.attrs["value_cut"]`` and ``result.attrs["expectation_cut"]``.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"clv": [900, 900, 100, 100, 500], "exp": [8, 2, 8, 2, 5]}, index=list("ABCDE"))
    >>> types = value_expectation_matrix(c, value="clv", expectation="exp")
    >>> types.tolist()
    ['intimate', 'safe', 'dangerous', 'stranger', 'intimate']
    >>> types.attrs["value_cut"], types.attrs["expectation_cut"]
    (500.0, 5.0)
    >>> value_expectation_matrix(c, "clv", "exp", value_cut=600, expectation_cut=5.5).tolist()
    ['intimate', 'safe', 'dangerous', 'stranger', 'stranger']
    """
    source = "customers"
    require_frame(customers, source=source)
    for name, col in (("value", value), ("expectation", expectation)):
        if not isinstance(col, str):
            raise CourseDataError(f"{name}= should be a column name, got {col!r}"[:120],
                                  fix=f"e.g. {name}='expectation_score'")
    require_columns(customers, [value, expectation], source=source)
    v = _numeric_column(customers, value, source)
    e = _numeric_column(customers, expectation, source)
    vc = float(v.median()) if value_cut is None else _cut_value(value_cut, "value_cut")
    ec = float(e.median()) if expectation_cut is None else _cut_value(expectation_cut, "expectation_cut")
    hv = (v >= vc).to_numpy()
    he = (e >= ec).to_numpy()
    names = np.where(hv & he, "intimate", np.where(hv, "safe", np.where(he, "dangerous", "stranger")))
    out = pd.Series(pd.Categorical(names, categories=list(CUSTOMER_TYPES)), index=customers.index,
                    name="customer_type")
    out.attrs["value_cut"] = vc
    out.attrs["expectation_cut"] = ec
    return out


# ============================================================================ clustering

def _feature_matrix(frame: pd.DataFrame, features, *, source: str = "customers",
                    check_variance: bool = True) -> tuple[list, np.ndarray]:
    require_frame(frame, source=source)
    cols = _column_list(features, "features")
    require_columns(frame, cols, source=source)
    mats = [_numeric_column(frame, c, source).to_numpy() for c in cols]
    X = np.column_stack(mats).astype("float64")
    if check_variance and len(X) > 1:
        for c, col in zip(cols, X.T):
            if np.ptp(col) == 0:
                raise CourseDataError(
                    f"has the same value ({col[0]:g}) for every customer: zero variance, nothing to separate",
                    file=source, column=c, fix="leave this feature out of the clustering")
            with np.errstate(all="ignore"):
                spread = np.std(col)
            if not np.isfinite(spread) or spread == 0:
                raise CourseDataError("has values too large (or too close together) to measure their spread",
                                      file=source, column=c, fix="rescale it, e.g. to thousands or a log scale")
    return cols, X


def _distinct_rows(X: np.ndarray) -> int:
    """Number of distinct rows (hash-based: linear time, unlike np.unique(axis=0))."""
    return int(len(X) - pd.DataFrame(X).duplicated().sum())


def _check_k(k, n: int, distinct: int, source: str) -> int:
    k = _int_arg(k, "k", 2)
    if n < k:
        raise CourseDataError(f"{n} customers cannot form {k} clusters", file=source,
                              fix=f"use k of at most {max(n, 1)}, or more customers")
    if distinct < k:
        raise CourseDataError(f"only {distinct} distinct customers (feature combinations) for {k} clusters",
                              file=source, fix=f"use k of at most {distinct}, or features that tell customers apart")
    return k


def _scaled(X: np.ndarray, scale: bool) -> np.ndarray:
    if scale:
        from sklearn.preprocessing import StandardScaler

        with np.errstate(all="ignore"):
            X = StandardScaler().fit_transform(X)
    if not np.isfinite(X).all() or (np.abs(X).max() > 1e150 if X.size else False):
        raise CourseDataError("the features are too large to cluster (overflow)", file="customers",
                              fix="rescale them, e.g. to thousands or a log scale")
    return X


def _relabel(labels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Number clusters 1..k from the largest to the smallest (ties: by the centre's coordinates)."""
    k = centres.shape[0]
    sizes = np.bincount(labels, minlength=k)
    order = sorted(range(k), key=lambda j: (-sizes[j], tuple(np.round(centres[j], 9))))
    new = np.empty(k, dtype="int64")
    for rank, j in enumerate(order, start=1):
        new[j] = rank
    return new[labels]


def _one_thread():
    """Run scikit-learn single-threaded: identical results on every machine, and no slow-down
    from thread oversubscription on small shared machines (a k-means fit here takes milliseconds)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _kmeans(Xs: np.ndarray, k: int, random_state, n_init: int):
    from sklearn.cluster import KMeans

    with warnings.catch_warnings(), _one_thread():
        warnings.simplefilter("ignore")
        return KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(Xs)


def _random_state(value):
    if value is None or isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 0:
        raise CourseDataError(f"random_state must be a whole number 0 or more, got {value!r}"[:120],
                              fix="fix the seed, e.g. random_state=0, so that results reproduce")
    return int(value)


def kmeans_segments(frame: pd.DataFrame, features, k: int, random_state: int = 0, *, scale: bool = True,
                    n_init: int = 10) -> pd.Series:
    """k-means segments (scikit-learn ``KMeans``) on standardised features, numbered 1..k by size.

    Each feature is standardised to mean 0 and standard deviation 1 first (``scale=True``),
    so that a feature measured in large units (money) does not outweigh the others. Skewed
    features (spend, frequency) are usually log-transformed before they are passed in.
    ``random_state`` and ``n_init`` are fixed, and scikit-learn runs single-threaded, so the
    result reproduces on every machine. Segment 1 is the largest. Returns an integer Series named ``segment`` with the frame's index.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.1, 0.9, 8.0, 8.2, 7.9, 8.1], "y": [1.0, 0.8, 1.2, 5.0, 5.1, 4.9, 5.2]})
    >>> kmeans_segments(df, ["x", "y"], k=2).tolist()
    [2, 2, 2, 1, 1, 1, 1]
    >>> kmeans_segments(df.head(3), ["x", "y"], k=4)
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: customers: 3 customers cannot form 4 clusters. Fix: use k of at most 3, or more customers.
    """
    source = "customers"
    cols, X = _feature_matrix(frame, features, source=source)
    distinct = _distinct_rows(X)
    k = _check_k(k, len(X), distinct, source)
    n_init = _int_arg(n_init, "n_init", 1, 1000)
    rs = _random_state(random_state)
    model = _kmeans(_scaled(X, bool(scale)), k, rs, n_init)
    labels = _relabel(model.labels_, model.cluster_centers_)
    return pd.Series(labels, index=frame.index, name="segment")


def k_diagnostics(frame: pd.DataFrame, features, ks: Iterable[int] = range(2, 9), random_state: int = 0, *,
                  scale: bool = True, n_init: int = 10, sample_size: int = 5000) -> pd.DataFrame:
    """Inertia and silhouette score of k-means for each k in ``ks``, to help choose k.

    *Inertia* is the sum of squared distances of customers to their cluster centre (in the
    standardised units); it always falls as k grows — look for the "elbow" where it stops
    falling fast. The *silhouette* (−1..1) compares each customer's distance to its own cluster
    with the nearest other cluster; higher is better. On more than ``sample_size`` customers
    the silhouette is computed on a fixed random sample (the full version grows with n²).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.1, 0.9, 8.0, 8.2, 7.9, 8.1], "y": [1.0, 0.8, 1.2, 5.0, 5.1, 4.9, 5.2]})
    >>> diag = k_diagnostics(df, ["x", "y"], ks=[2, 3])
    >>> list(diag.columns), int(diag["silhouette"].idxmax())
    (['inertia', 'silhouette'], 2)
    """
    from sklearn.metrics import silhouette_score

    source = "customers"
    cols, X = _feature_matrix(frame, features, source=source)
    distinct = _distinct_rows(X)
    if isinstance(ks, (str, bytes)) or not isinstance(ks, Iterable):
        raise CourseDataError(f"ks should be a list of cluster counts, got {ks!r}"[:120], fix="e.g. ks=range(2, 9)")
    ks = [int(_check_k(k, len(X), distinct, source)) for k in ks]
    if not ks:
        raise CourseDataError("ks is empty", fix="e.g. ks=range(2, 9)")
    rs = _random_state(random_state)
    n_init = _int_arg(n_init, "n_init", 1, 1000)
    sample_size = _int_arg(sample_size, "sample_size", 10)
    Xs = _scaled(X, bool(scale))
    rows = []
    for k in ks:
        model = _kmeans(Xs, k, rs, n_init)
        n_labels = len(np.unique(model.labels_))
        if n_labels < 2 or n_labels >= len(Xs):
            sil = float("nan")
        else:
            with _one_thread():
                sil = float(silhouette_score(Xs, model.labels_, sample_size=min(sample_size, len(Xs)),
                                             random_state=rs))
        rows.append({"k": k, "inertia": float(model.inertia_), "silhouette": sil})
    return pd.DataFrame(rows).set_index("k")


def _labels_for(frame: pd.DataFrame, labels, source: str = "labels") -> pd.Series:
    if isinstance(labels, pd.Series):
        if len(labels) != len(frame) or not labels.index.equals(frame.index):
            try:
                aligned = labels.reindex(frame.index)
            except ValueError:
                aligned = None
            if aligned is None or aligned.isna().any() or len(labels) != len(frame):
                raise CourseDataError(
                    f"the labels ({len(labels)} rows) do not match the table's rows ({len(frame)})",
                    file=source, fix="use the labels computed from this same table (same index)")
            labels = aligned
    else:
        if isinstance(labels, (str, bytes)) or not isinstance(labels, (Iterable, np.ndarray)):
            raise CourseDataError(f"labels should be a Series or list, got {type(labels).__name__}",
                                  file=source, fix="pass the segments kmeans_segments(...) returned")
        arr = list(labels)
        if len(arr) != len(frame):
            raise CourseDataError(f"the labels ({len(arr)}) do not match the table's rows ({len(frame)})",
                                  file=source, fix="one label per row of the table")
        labels = pd.Series(arr, index=frame.index, name="segment")
    missing = labels.isna().to_numpy()
    if missing.any():
        raise CourseDataError("some customers have no segment", file=source, rows=_rows(frame.index, missing),
                              fix="give every customer a segment (one customer, one segment)")
    try:
        pd.util.hash_array(labels.astype(object).to_numpy())
    except TypeError:
        raise CourseDataError("segment labels must be numbers or text", file=source,
                              fix="pass the segments kmeans_segments(...) returned") from None
    return labels.rename("segment")


def segment_profile(frame: pd.DataFrame, labels, features=None) -> pd.DataFrame:
    """Size, share and the mean of each feature per segment — the table to name segments from.

    ``features`` defaults to every numeric column of ``frame``. Rows are segments (sorted),
    columns ``customers``, ``share`` and one mean per feature.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"spend": [10.0, 20.0, 300.0, 500.0]})
    >>> segment_profile(df, pd.Series([2, 2, 1, 1]))
             customers  share  spend
    segment
    1                2    0.5  400.0
    2                2    0.5   15.0
    """
    source = "customers"
    require_frame(frame, source=source)
    lab = _labels_for(frame, labels)
    if features is None:
        cols = [c for c in frame.columns
                if pd.api.types.is_numeric_dtype(frame[c].dtype) and not pd.api.types.is_bool_dtype(frame[c].dtype)]
    else:
        cols = _column_list(features, "features")
        require_columns(frame, cols, source=source)
    nums = pd.DataFrame({c: _numeric_column(frame, c, source) for c in cols}, index=frame.index)
    try:
        g = nums.groupby(lab.to_numpy(), sort=True)
        out = g.mean()
        size = pd.Series(lab.to_numpy()).value_counts()
    except TypeError:
        raise CourseDataError("segment labels of mixed kinds cannot be sorted", file="labels",
                              fix="use labels of one kind (all numbers or all text)") from None
    out.insert(0, "share", (size.reindex(out.index) / len(lab)).to_numpy())
    out.insert(0, "customers", size.reindex(out.index).astype("int64").to_numpy())
    out.index.name = "segment"
    return out


def segment_stability(frame: pd.DataFrame, features, k: int, n_boot: int = 20, random_state: int = 0, *,
                      scale: bool = True, n_init: int = 10) -> pd.Series:
    """How stable are k-means segments? Adjusted Rand index over bootstrap samples.

    The segments of all customers are the reference. Each bootstrap round draws a sample of
    the same size with replacement, fits k-means on it, assigns *every* customer to the nearest
    of the new centres, and compares that with the reference using the adjusted Rand index
    (scikit-learn's ``adjusted_rand_score``: 1 = the same grouping, about 0 = no better than
    chance; it ignores how segments are numbered). Values mostly above 0.8 suggest a stable
    segmentation. Returns one value per round (a Series named ``ari``).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.1, 0.9, 1.2, 8.0, 8.2, 7.9, 8.1], "y": [1.0, 0.8, 1.2, 1.1, 5.0, 5.1, 4.9, 5.2]})
    >>> segment_stability(df, ["x", "y"], k=2, n_boot=5).round(2).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0]
    """
    from sklearn.metrics import adjusted_rand_score

    source = "customers"
    cols, X = _feature_matrix(frame, features, source=source)
    distinct = _distinct_rows(X)
    k = _check_k(k, len(X), distinct, source)
    n_boot = _int_arg(n_boot, "n_boot", 1, 10_000)
    n_init = _int_arg(n_init, "n_init", 1, 1000)
    rs = _random_state(random_state)
    Xs = _scaled(X, bool(scale))
    reference = _kmeans(Xs, k, rs, n_init).labels_
    rng = np.random.default_rng(rs)
    scores = []
    n = len(Xs)
    for b in range(n_boot):
        for _ in range(50):
            idx = rng.integers(0, n, n)
            if _distinct_rows(Xs[idx]) >= k:
                break
        else:
            raise CourseDataError(
                f"bootstrap samples keep having fewer than {k} distinct customers", file=source,
                fix="use more customers or a smaller k")
        model = _kmeans(Xs[idx], k, rs + 1 + b, n_init)
        with _one_thread():
            scores.append(float(adjusted_rand_score(reference, model.predict(Xs))))
    return pd.Series(scores, index=pd.RangeIndex(1, n_boot + 1, name="round"), name="ari")


def segment_actionability(frame: pd.DataFrame, labels, features, *, reachable: str | None = None,
                          min_share: float = 0.05, min_distance: float = 1.0,
                          min_reachable: float = 0.5) -> pd.DataFrame:
    """Is each segment worth a campaign? Size, distinctness and reachability, with a verdict.

    * ``share`` of all customers, ``big_enough`` when at least ``min_share``;
    * ``distance`` from the segment's centre to the nearest other segment's centre, in
      standard deviations of the features (z-scores); ``distinct`` when at least ``min_distance``;
    * ``reachable_share`` — mean of the boolean column ``reachable`` (e.g. customers who did not
      opt out of marketing); ``reachable`` when at least ``min_reachable``. Without the column
      every customer counts as reachable.

    ``actionable`` is True when all three hold.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.2, 0.8, 9.0, 9.2, 8.8, 5.0],
    ...                    "ok": [True, True, True, False, False, True, True]})
    >>> segment_actionability(df, [1, 1, 1, 2, 2, 2, 3], ["x"], reachable="ok", min_share=0.2)[
    ...     ["customers", "big_enough", "reachable", "actionable"]]
             customers  big_enough  reachable  actionable
    segment
    1                3        True       True        True
    2                3        True      False       False
    3                1       False       True       False
    """
    source = "customers"
    cols, X = _feature_matrix(frame, features, source=source)
    lab = _labels_for(frame, labels)
    for name, v in (("min_share", min_share), ("min_distance", min_distance), ("min_reachable", min_reachable)):
        _cut_value(v, name)
    sd = X.std(axis=0)
    Z = (X - X.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    zf = pd.DataFrame(Z, index=frame.index, columns=cols)
    try:
        centres = zf.groupby(lab.to_numpy(), sort=True).mean()
    except TypeError:
        raise CourseDataError("segment labels of mixed kinds cannot be sorted", file="labels",
                              fix="use labels of one kind (all numbers or all text)") from None
    size = pd.Series(lab.to_numpy()).value_counts().reindex(centres.index)
    C = centres.to_numpy()
    dist = np.full(len(C), np.nan)
    for i in range(len(C)):
        others = np.delete(C, i, axis=0)
        if len(others):
            dist[i] = float(np.sqrt(((others - C[i]) ** 2).sum(axis=1)).min())
    if reachable is None:
        reach = pd.Series(1.0, index=centres.index)
    else:
        require_columns(frame, [reachable], source=source)
        col = frame[reachable]
        if not pd.api.types.is_bool_dtype(col.dtype):
            raise CourseDataError("must be True/False (True = we may contact the customer)", file=source,
                                  column=reachable, fix="e.g. customers.assign(reachable=~customers['opted_out'])")
        reach = col.astype(float).groupby(lab.to_numpy(), sort=True).mean().reindex(centres.index)
    out = pd.DataFrame({
        "customers": size.astype("int64").to_numpy(),
        "share": (size / len(lab)).to_numpy(),
        "distance": dist,
        "reachable_share": reach.to_numpy(),
    }, index=pd.Index(centres.index, name="segment"))
    out["big_enough"] = out["share"] >= min_share
    out["distinct"] = out["distance"].fillna(np.inf) >= min_distance
    out["reachable"] = out["reachable_share"] >= min_reachable
    out["actionable"] = out["big_enough"] & out["distinct"] & out["reachable"]
    return out


# ============================================================================ targeting

def _unique_ids(frame: pd.DataFrame, col: str, source: str) -> pd.Series:
    require_columns(frame, [col], source=source)
    ids = frame[col]
    missing = ids.isna().to_numpy()
    if missing.any():
        raise CourseDataError("empty ids", file=source, column=col, rows=_rows(frame.index, missing),
                              fix="every row needs an id")
    try:
        dup = ids.duplicated(keep=False).to_numpy()
    except TypeError:
        raise CourseDataError("ids must be text or numbers", file=source, column=col,
                              fix="use one plain id per row") from None
    if dup.any():
        raise CourseDataError("ids repeat: one row per id expected", file=source, column=col,
                              rows=_rows(frame.index, dup), fix="remove the duplicate rows")
    return ids


def match_offers(customers: pd.DataFrame, rules: pd.DataFrame, customer: str = "customer_id") -> pd.DataFrame:
    """Every (customer, offer) pair that an offer's rule allows — the targeting rules applied.

    ``rules`` has one row per offer: an ``offer_id`` column and condition columns.

    * a column with the name of a customer column (e.g. ``tier``) must be **equal** — an empty
      cell means "any";
    * ``min_<column>`` / ``max_<column>`` set an inclusive lower / upper limit on a numeric
      customer column (e.g. ``min_over_quota_months``).

    Returns a DataFrame with the ``customer`` column and ``offer_id``, one row per allowed pair,
    in customer order then rule order. A customer no rule allows does not appear.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"customer_id": ["S1", "S2", "S3"], "tier": ["basic", "premium", "basic"],
    ...                      "over_quota_months": [4, 0, 0]})
    >>> rules = pd.DataFrame({"offer_id": ["data add-on", "upgrade"], "tier": ["basic", "premium"],
    ...                       "min_over_quota_months": [2, None]})
    >>> match_offers(subs, rules)
      customer_id     offer_id
    0          S1  data add-on
    1          S2      upgrade
    >>> match_offers(subs, rules.assign(cost=1.0))
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: rules, column 'cost': is not a column of the customer table, so it cannot be a condition. Fix: keep only offer_id and condition columns in the rules (e.g. offers[['offer_id', 'target_tier']].rename(columns={'target_tier': 'tier'})).
    """
    require_frame(customers, source="customers")
    require_frame(rules, source="rules")
    ids = _unique_ids(customers, customer, "customers")
    offer_ids = _unique_ids(rules, "offer_id", "rules")
    conditions = []
    for col in rules.columns:
        if col == "offer_id":
            continue
        if not isinstance(col, str):
            raise CourseDataError(f"rule column names must be text, got {col!r}", file="rules",
                                  fix="name conditions after customer columns")
        if col in customers.columns:
            conditions.append(("eq", col, col))
        elif col.startswith(("min_", "max_")) and col[4:] in customers.columns:
            conditions.append((col[:3], col, col[4:]))
        else:
            raise CourseDataError(
                "is not a column of the customer table, so it cannot be a condition", file="rules", column=col,
                fix="keep only offer_id and condition columns in the rules (e.g. "
                    "offers[['offer_id', 'target_tier']].rename(columns={'target_tier': 'tier'}))")
    if customer in rules.columns:
        raise CourseDataError("a rule cannot name single customers", file="rules", column=customer,
                              fix="describe who fits with customer attributes (tier, usage ...)")
    numeric_cols = {}
    for kind, rcol, ccol in conditions:
        if kind != "eq" and ccol not in numeric_cols:
            numeric_cols[ccol] = _numeric_column(customers, ccol, "customers")
    pieces = []
    n = len(customers)
    for pos, (_, rule) in enumerate(rules.iterrows()):
        mask = np.ones(n, dtype=bool)
        for kind, rcol, ccol in conditions:
            cond = rule[rcol]
            if cond is None or (isinstance(cond, float) and math.isnan(cond)) or cond is pd.NA or cond is pd.NaT:
                continue
            if kind == "eq":
                col = customers[ccol]
                try:
                    hit = np.asarray((col == cond).fillna(False), dtype=bool)
                except (TypeError, ValueError):
                    hit = np.array([_same(v, cond) for v in col.to_numpy()], dtype=bool)
                mask &= hit
            else:
                if isinstance(cond, (bool, np.bool_)) or not isinstance(cond, numbers.Real) or not math.isfinite(float(cond)):
                    raise CourseDataError(f"limit {cond!r} is not a finite number", file="rules", column=rcol,
                                          rows=[offer_ids.iloc[pos]], row_label="offer",
                                          fix="write limits as plain numbers, or leave the cell empty for 'any'")
                vals = numeric_cols[ccol].to_numpy()
                mask &= (vals >= float(cond)) if kind == "min" else (vals <= float(cond))
        hits = np.flatnonzero(mask)
        pieces.append(pd.DataFrame({"_pos": hits, "_rule": pos, customer: ids.to_numpy()[hits],
                                    "offer_id": offer_ids.iloc[pos]}))
    pairs = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=["_pos", "_rule", customer, "offer_id"])
    pairs = pairs.sort_values(["_pos", "_rule"], kind="stable")
    return pairs[[customer, "offer_id"]].reset_index(drop=True)


def one_contact_per_customer(contacts: pd.DataFrame, customer: str = "customer_id",
                             score: str | None = None) -> pd.DataFrame:
    """Keep one contact per customer across all channels' lists — the best one by ``score``.

    Channels that build their lists independently contact the same customer several times:
    that costs money and annoys. This keeps, for every customer, the row with the highest
    ``score`` (e.g. expected margin; the first row on ties, or simply the first row when
    ``score`` is None) and drops the others, keeping the original row order.

    >>> import pandas as pd
    >>> lists = pd.DataFrame({"customer_id": ["S1", "S2", "S1"], "channel": ["sms", "call", "app"],
    ...                       "expected_margin": [3.0, 5.0, 8.0]})
    >>> one_contact_per_customer(lists, score="expected_margin")
      customer_id channel  expected_margin
    1          S2    call              5.0
    2          S1     app              8.0
    """
    source = "contacts"
    require_frame(contacts, source=source)
    require_columns(contacts, [customer], source=source)
    ids = contacts[customer]
    missing = ids.isna().to_numpy()
    if missing.any():
        raise CourseDataError("contacts without a customer", file=source, column=customer,
                              rows=_rows(contacts.index, missing), fix="drop those rows")
    pos = pd.Series(np.arange(len(contacts)))
    if score is None:
        keys = pd.DataFrame({"c": ids.to_numpy(), "pos": pos})
    else:
        require_columns(contacts, [score], source=source)
        s = _numeric_column(contacts, score, source)
        keys = pd.DataFrame({"c": ids.to_numpy(), "s": -s.to_numpy(), "pos": pos})
    try:
        best = keys.sort_values([c for c in keys.columns if c != "c"], kind="stable").drop_duplicates("c", keep="first")
    except TypeError:
        raise CourseDataError("customer ids must be text or numbers", file=source, column=customer,
                              fix="use one plain id per customer") from None
    keep = np.sort(best["pos"].to_numpy())
    return contacts.iloc[keep]


def campaign_simulation(customers: pd.DataFrame, offers: pd.DataFrame, *, targeted: bool = True,
                        response: pd.DataFrame | None = None, rules: pd.DataFrame | None = None,
                        customer: str = "customer_id", choose: str = "random", random_state: int = 0,
                        detail: bool = False):
    """Simulate one campaign — blanket or targeted — and count contacts, acceptances and money.

    Every customer in ``customers`` is contacted **once** with one offer:

    * ``targeted=False`` (blanket): an offer drawn at random from all ``offers``;
    * ``targeted=True``: an offer the ``rules`` allow for this customer (:func:`match_offers`);
      customers no rule allows are not contacted. By default the rules reserve each offer for
      its ``target_tier`` (offers' ``target_tier`` = customers' ``tier``). ``choose="random"``
      picks among allowed offers at random, ``"best"`` the one with the highest expected margin.

    Whether the customer accepts is drawn with their ``response_propensity`` for that offer
    (``response`` has ``customer``, ``offer_id``, ``response_propensity`` 0–1). Each contact costs
    the offer's ``cost_per_contact``; each acceptance earns its ``margin_if_accepted``.

    Returns a Series: ``contacts``, ``acceptances``, ``success_rate`` (acceptances ÷ contacts),
    ``expected_rate`` (mean propensity of the contacts made), ``cost``, ``margin`` and
    ``net`` (margin − cost). ``detail=True`` returns the contacts themselves instead.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"customer_id": ["S1", "S2"], "tier": ["basic", "premium"]})
    >>> offers = pd.DataFrame({"offer_id": ["O1", "O2"], "target_tier": ["basic", "premium"],
    ...                        "cost_per_contact": [2.0, 5.0], "margin_if_accepted": [40.0, 300.0]})
    >>> resp = pd.DataFrame({"customer_id": ["S1", "S1", "S2", "S2"], "offer_id": ["O1", "O2", "O1", "O2"],
    ...                      "response_propensity": [1.0, 0.0, 0.0, 1.0]})
    >>> campaign_simulation(subs, offers, response=resp, targeted=True)[["contacts", "acceptances", "net"]].tolist()
    [2.0, 2.0, 333.0]
    """
    require_frame(customers, source="customers")
    require_frame(offers, source="offers")
    if response is None:
        raise CourseDataError(
            "response= is required: the probability that each customer accepts each offer",
            fix="pass a table with the customer column, offer_id and response_propensity, e.g. "
                "response=data.load('lianyun_offer_response')")
    require_frame(response, source="response")
    if not isinstance(targeted, (bool, np.bool_)):
        raise CourseDataError(f"targeted must be True or False, got {targeted!r}"[:120], fix="targeted=True")
    _choice(choose, "choose", ("random", "best"))
    rs = _random_state(random_state)
    ids = _unique_ids(customers, customer, "customers")
    offer_ids = _unique_ids(offers, "offer_id", "offers")
    require_columns(offers, ["cost_per_contact", "margin_if_accepted"], source="offers")
    cost = _numeric_column(offers, "cost_per_contact", "offers")
    margin = _numeric_column(offers, "margin_if_accepted", "offers")
    for name, s in (("cost_per_contact", cost), ("margin_if_accepted", margin)):
        neg = (s < 0).to_numpy()
        if neg.any():
            raise CourseDataError("negative money", file="offers", column=name, rows=_rows(offers.index, neg),
                                  fix="costs and margins are amounts of 0 or more")
    require_columns(response, [customer, "offer_id", "response_propensity"], source="response")
    prop = _numeric_column(response, "response_propensity", "response")
    out_of_range = ((prop < 0) | (prop > 1)).to_numpy()
    if out_of_range.any():
        raise CourseDataError("propensities must be probabilities from 0 to 1", file="response",
                              column="response_propensity", rows=_rows(response.index, out_of_range),
                              fix="divide percentages by 100")
    try:
        key = pd.MultiIndex.from_arrays([response[customer].to_numpy(), response["offer_id"].to_numpy()])
        dup = key.duplicated()
    except TypeError:
        raise CourseDataError("customer and offer ids must be text or numbers", file="response",
                              fix="use plain ids") from None
    if dup.any():
        raise CourseDataError("a (customer, offer) pair appears more than once", file="response",
                              rows=_rows(response.index, dup), fix="one propensity per pair")
    prop_lookup = pd.Series(prop.to_numpy(), index=key)

    rng = np.random.default_rng(rs)
    if targeted:
        if rules is None:
            if "target_tier" not in offers.columns or "tier" not in customers.columns:
                raise CourseDataError(
                    "a targeted campaign needs rules: by default offers' target_tier is matched with "
                    "customers' tier, and one of the two columns is missing", file="offers",
                    fix="pass rules=... (see match_offers) or add the tier columns")
            rules = offers[["offer_id", "target_tier"]].rename(columns={"target_tier": "tier"})
        pairs = match_offers(customers, rules, customer=customer)
        unknown = ~pairs["offer_id"].isin(set(offer_ids)).to_numpy()
        if unknown.any():
            raise CourseDataError(f"the rules name offers that are not in the offers table "
                                  f"({pairs['offer_id'][unknown].iloc[0]!r})", file="rules",
                                  fix="use offer ids from the offers table")
    else:
        n_c, n_o = len(ids), len(offer_ids)
        pick = rng.integers(0, n_o, n_c)
        pairs = pd.DataFrame({customer: ids.to_numpy(), "offer_id": offer_ids.to_numpy()[pick]})
    if pairs.empty:
        raise CourseDataError("no customer fits any offer, so nobody would be contacted", file="rules",
                              fix="check the rule values against the customers' columns")
    cost_of = pd.Series(cost.to_numpy(), index=offer_ids.to_numpy())
    margin_of = pd.Series(margin.to_numpy(), index=offer_ids.to_numpy())
    pair_key = pd.MultiIndex.from_arrays([pairs[customer].to_numpy(), pairs["offer_id"].to_numpy()])
    p = prop_lookup.reindex(pair_key).to_numpy()
    if np.isnan(p).any():
        miss = pairs[np.isnan(p)].iloc[0]
        raise CourseDataError(
            f"no response propensity for customer {miss[customer]!r} and offer {miss['offer_id']!r}",
            file="response", fix="the response table needs a row for every customer and offer that can be paired")
    pairs = pairs.assign(response_propensity=p,
                         cost=cost_of.reindex(pairs["offer_id"]).to_numpy(),
                         margin_if_accepted=margin_of.reindex(pairs["offer_id"]).to_numpy())
    if targeted:
        if choose == "best":
            order = pairs.assign(_v=-(pairs["response_propensity"] * pairs["margin_if_accepted"] - pairs["cost"]),
                                 _pos=np.arange(len(pairs)))
            chosen = order.sort_values(["_v", "_pos"], kind="stable").drop_duplicates(customer, keep="first")
            chosen = chosen.sort_values("_pos").drop(columns=["_v", "_pos"])
        else:
            order = pairs.assign(_r=rng.random(len(pairs)), _pos=np.arange(len(pairs)))
            chosen = order.sort_values(["_r", "_pos"], kind="stable").drop_duplicates(customer, keep="first")
            chosen = chosen.sort_values("_pos").drop(columns=["_r", "_pos"])
    else:
        chosen = pairs
    chosen = chosen.reset_index(drop=True)
    accepted = rng.random(len(chosen)) < chosen["response_propensity"].to_numpy()
    chosen["accepted"] = accepted
    chosen["margin"] = np.where(accepted, chosen["margin_if_accepted"], 0.0)
    chosen = chosen.drop(columns="margin_if_accepted")
    if detail:
        return chosen
    contacts = float(len(chosen))
    acc = float(accepted.sum())
    total_cost = float(chosen["cost"].sum())
    total_margin = float(chosen["margin"].sum())
    return pd.Series({
        "contacts": contacts,
        "acceptances": acc,
        "success_rate": acc / contacts,
        "expected_rate": float(chosen["response_propensity"].mean()),
        "cost": round(total_cost, 2),
        "margin": round(total_margin, 2),
        "net": round(total_margin - total_cost, 2),
    }, name="targeted" if targeted else "blanket")


# ============================================================================ the bank's classes

_BANK = (
    ("golden", "黄金客户", "best credit, size, finances and industry outlook",
     "loan plans approved as soon as they are submitted", True, False),
    ("key", "重点客户", "strong on most criteria",
     "loan plans reported in advance and funded with priority", False, False),
    ("quality", "优质客户", "sound but not outstanding",
     "new lending only by restructuring existing loans (within a reduction plan)", False, False),
    ("ordinary", "一般客户", "average standing",
     "the source names no separate policy; it lists an 'adjusted' class with the restricted ones - "
     "read as: total credit may not rise", False, False),
    ("restricted", "限制客户", "weak credit or a declining industry",
     "total credit may only fall, never rise", False, False),
    ("eliminated", "淘汰客户", "poor credit, losses or a dying industry",
     "total credit may only fall, never rise: exit the relationship", False, True),
)


def bank_classes() -> pd.DataFrame:
    """The six client classes of the Agricultural Bank of China, Suzhou branch, with their credit policy.

    The classes rest on credit standing, size, financial indicators and industry outlook. The
    ``profile`` column is an illustrative reading (the source gives no thresholds); the policies
    follow the source. ``vip`` marks the class treated as VIPs, ``exit`` the one to leave.

    >>> table = bank_classes()
    >>> table.index.tolist()
    ['golden', 'key', 'quality', 'ordinary', 'restricted', 'eliminated']
    >>> table.index[table["vip"]].tolist(), table.index[table["exit"]].tolist()
    (['golden'], ['eliminated'])
    """
    table = pd.DataFrame([row[1:] for row in _BANK],
                         columns=["中文", "profile", "credit_policy", "vip", "exit"],
                         index=pd.Index([row[0] for row in _BANK], name="class"))
    return table
