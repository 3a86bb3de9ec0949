"""Key accounts (大客户): who they are, how their deals move, and who covers whom.

Module 2 of the course. Pure functions, pandas in and pandas out; charts live in
:mod:`crmcourse.plots` and the forecast explorer in :mod:`crmcourse.widgets`. Every problem
with the input (negative or missing values, thresholds out of order, unknown stage names,
probabilities outside [0, 1], dates going backwards, empty tables, missing columns) is
reported as one :class:`~crmcourse.data.CourseDataError` that names the rows and the fix.

>>> import pandas as pd
>>> revenue = pd.Series({"K1": 40.0, "K2": 40.0, "K3": 15.0, "K4": 5.0})
>>> abc_classes(revenue).tolist()
['A', 'A', 'B', 'C']
>>> assign_tiers(pd.Series([9_999, 10_000, 2_000_000]), postal_tiers()).tolist()
['none', 'VIP', 'platinum']

Defaults and where they come from
---------------------------------
* :data:`SUITECRM_PROBABILITIES` — the win probability per opportunity stage that the
  open-source CRM SuiteCRM ships (Prospecting 10% … Negotiation/Review 80%, Closed Won 100%,
  Closed Lost 0%), written as fractions of 1.
* ABC classes: A up to 80% of cumulative value, B up to 95%, C the rest (the usual defaults).
* :data:`POSTAL_TIERS` — Guangdong Postal letter-mail key-account rules: VIP from 10,000 CNY of
  annual revenue, gold from 200,000, platinum from 2,000,000, diamond from 5,000,000 (lower
  bounds included). :func:`postal_tiers` applies the 0.9–0.8 regional coefficient.
* :data:`DEALER_TIERS` — a car dealer's key-account tiers by vehicles bought per year
  (5+, 10+, 50+, 100+), from the Toyota-dealer case.
"""
from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from crmcourse.data import CourseDataError, require_columns, require_frame

__all__ = [
    "STAGES",
    "OPEN_STAGES",
    "CLOSED_STAGES",
    "SUITECRM_PROBABILITIES",
    "POSTAL_TIERS",
    "DEALER_TIERS",
    "BUYING_ROLES",
    "pareto_table",
    "abc_classes",
    "assign_tiers",
    "postal_tiers",
    "portfolio_quadrants",
    "share_of_wallet",
    "weighted_pipeline",
    "stage_conversion",
    "stuck_deals",
    "coverage_gaps",
]

#: SuiteCRM's opportunity stages, in selling order (the two closed stages last).
STAGES = ("Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
          "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
          "Negotiation/Review", "Closed Won", "Closed Lost")
#: The stages a deal can be in while it is still open.
OPEN_STAGES = STAGES[:8]
#: The stages that end a deal: won, lost.
CLOSED_STAGES = ("Closed Won", "Closed Lost")
#: SuiteCRM's default win probability per stage, as a fraction of 1 (10% → 0.10).
SUITECRM_PROBABILITIES = dict(zip(STAGES, (0.10, 0.20, 0.25, 0.30, 0.40, 0.50, 0.65, 0.80, 1.0, 0.0)))
#: Guangdong Postal letter-mail key-account tiers: inclusive lower bounds of annual revenue (CNY).
POSTAL_TIERS = {"VIP": 10_000, "gold": 200_000, "platinum": 2_000_000, "diamond": 5_000_000}
#: A car dealer's key-account tiers: inclusive lower bounds of vehicles bought per year.
DEALER_TIERS = {"5+": 5, "10+": 10, "50+": 50, "100+": 100}
#: Miller Heiman's buying influences, in the order the course lists them.
BUYING_ROLES = ("economic buyer", "user buyer", "technical buyer", "coach")

_TOL = 1e-9  # shares within this of a class boundary count as exactly on it


# ---------------------------------------------------------------------------- validation

def _rows(index, mask) -> list:
    """Labels of the rows where ``mask`` is True (for error messages)."""
    return list(pd.Index(index)[np.asarray(mask, dtype=bool)])


def _as_series(values, name: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise CourseDataError(
            f"{name} should be one column (a Series), got a table with {values.shape[1]} columns",
            fix="pick the column, e.g. accounts['annual_revenue'] or accounts.set_index('account_id')['annual_revenue']")
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, Mapping):
        return pd.Series(dict(values), dtype=object)
    if isinstance(values, (str, bytes)) or not isinstance(values, (Iterable, np.ndarray)):
        raise CourseDataError(f"{name} should be a list or Series of numbers, got {type(values).__name__}",
                              fix="pass a pandas Series (index = account ids), a dict or a list")
    try:
        arr = np.asarray(list(values), dtype=object)
    except Exception:  # noqa: BLE001 - anything odd is reported below as non-numbers
        arr = np.asarray([values], dtype=object)
    if arr.ndim != 1:
        raise CourseDataError(f"{name} should be one-dimensional, got shape {arr.shape}",
                              fix="pass one column of numbers")
    return pd.Series(arr, dtype=object)


def _numbers(values, name: str, *, what: str = "value", allow_empty: bool = False) -> pd.Series:
    """A float Series with no missing, infinite or negative values, or one clear error."""
    s = _as_series(values, name)
    if len(s) == 0 and not allow_empty:
        raise CourseDataError(f"{name} is empty: there is nothing to rank",
                              fix="check the filter that produced it")
    if pd.api.types.is_bool_dtype(s.dtype):
        raise CourseDataError(f"{name} holds True/False, not numbers", fix=f"pass the {what} column")
    if pd.api.types.is_numeric_dtype(s.dtype):
        num = s.astype("float64")
        not_number = pd.Series(False, index=s.index)
    else:
        raw = s.astype(object)
        is_bool = raw.map(lambda v: isinstance(v, (bool, np.bool_)))
        num = pd.to_numeric(raw.where(~is_bool), errors="coerce").astype("float64")
        missing = raw.map(lambda v: v is None or (isinstance(v, float) and math.isnan(v)))
        not_number = (num.isna() & ~missing) | is_bool
    if not_number.any():
        bad = _rows(s.index, not_number)
        example = s[not_number.to_numpy()].iloc[0]
        raise CourseDataError(f"{int(not_number.sum())} {what}s are not numbers (e.g. {str(example)[:30]!r})",
                              column=name, rows=bad,
                              fix="convert the column with pd.to_numeric(...) after removing units and separators")
    missing = num.isna()
    if missing.any():
        raise CourseDataError(f"{int(missing.sum())} {what}s are missing (NaN)", column=name,
                              rows=_rows(s.index, missing), fix="fill them in (0 if nothing was bought) or drop those rows")
    infinite = np.isinf(num.to_numpy())
    if infinite.any():
        raise CourseDataError(f"{int(infinite.sum())} {what}s are infinite", column=name,
                              rows=_rows(s.index, infinite), fix="look for a division by zero upstream")
    negative = num < 0
    if negative.any():
        raise CourseDataError(f"{int(negative.sum())} {what}s are negative", column=name,
                              rows=_rows(s.index, negative),
                              fix="a key-account ranking needs amounts of 0 or more: remove refunds or net them off first")
    return num


def _real(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise CourseDataError(f"{name} must be a number, got {type(value).__name__}",
                              fix=f"pass {name} as a number, e.g. {name}=0.8")
    value = float(value)
    if not math.isfinite(value):
        raise CourseDataError(f"{name} must be a finite number, got {value}", fix=f"pass a real {name}")
    return value


def _close(word, options) -> str:
    found = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean {found[0]!r}?)" if found else ""


# ---------------------------------------------------------------------------- who are the key accounts

def pareto_table(values) -> pd.DataFrame:
    """Accounts sorted by value, largest first, with the cumulative share of value and of accounts.

    ``values`` is a Series of non-negative numbers (its index names the accounts), a dict or
    a list. Equal values keep their input order. Columns: ``rank`` (1 = largest), ``value``,
    ``share`` (of the total), ``cum_value``, ``cum_value_share`` (the 80/20 curve's y) and
    ``cum_account_share`` (its x: rank / number of accounts).

    >>> import pandas as pd
    >>> t = pareto_table(pd.Series({"K1": 10.0, "K2": 60.0, "K3": 30.0}))
    >>> t[["rank", "value", "cum_value_share", "cum_account_share"]].round(3)
       rank  value  cum_value_share  cum_account_share
    K2     1   60.0              0.6              0.333
    K3     2   30.0              0.9              0.667
    K1     3   10.0              1.0              1.000
    >>> pareto_table([5, -1])
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: column 'values': 1 values are negative (rows 1). Fix: a key-account ranking needs amounts of 0 or more: remove refunds or net them off first.
    """
    v = _numbers(values, "values")
    arr = v.to_numpy()
    total = float(arr.sum())
    if total <= 0:
        raise CourseDataError("every value is 0, so no account brings any share of the total",
                              column="values", fix="check that you passed the revenue column")
    order = np.argsort(-arr, kind="stable")
    sorted_values = arr[order]
    cum = np.cumsum(sorted_values)
    n = len(arr)
    rank = np.arange(1, n + 1)
    index = v.index[order]
    return pd.DataFrame({
        "rank": rank,
        "value": sorted_values,
        "share": sorted_values / total,
        "cum_value": cum,
        "cum_value_share": cum / total,
        "cum_account_share": rank / n,
    }, index=index)


def abc_classes(values, a: float = 0.8, b: float = 0.95) -> pd.Series:
    """Class "A", "B" or "C" for each account, by its place on the cumulative-value curve.

    Accounts are ranked by value, largest first (equal values keep their input order). An
    account's class is decided by the cumulative share of value of the accounts ranked
    **above** it:

    * **A** if those accounts bring less than ``a`` (80%) of the total — so A is the smallest
      set of top accounts that reaches 80%, and the account that *straddles* the 80% line is A;
    * **B** if they bring at least ``a`` but less than ``b`` (95%) — again the account that
      crosses 95% is B;
    * **C** for the rest.

    An account that ends *exactly* on 80% is therefore A and the next one B; an account that
    ends exactly on 95% is B and the next one C. Shares within 1e-9 of a bound count as on it,
    so rounding in the sums never moves an account. The result is an ordered categorical
    Series (A < B < C) in the input's order and index.

    >>> import pandas as pd
    >>> abc_classes(pd.Series({"K1": 40.0, "K2": 40.0, "K3": 15.0, "K4": 5.0})).to_dict()
    {'K1': 'A', 'K2': 'A', 'K3': 'B', 'K4': 'C'}
    >>> abc_classes([90, 6, 4]).tolist()   # the top account alone straddles 80%
    ['A', 'B', 'C']
    >>> abc_classes([1, 2], a=0.95, b=0.8)
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: the class bounds must satisfy 0 < a < b <= 1, got a=0.95, b=0.8. Fix: pass shares of 1, e.g. a=0.8, b=0.95.
    """
    a, b = _real(a, "a"), _real(b, "b")
    if not (0 < a < b <= 1):
        raise CourseDataError(f"the class bounds must satisfy 0 < a < b <= 1, got a={a:g}, b={b:g}",
                              fix="pass shares of 1, e.g. a=0.8, b=0.95")
    v = _numbers(values, "values")
    arr = v.to_numpy()
    total = float(arr.sum())
    if total <= 0:
        raise CourseDataError("every value is 0, so no account brings any share of the total",
                              column="values", fix="check that you passed the revenue column")
    order = np.argsort(-arr, kind="stable")
    cum = np.cumsum(arr[order])
    before = np.concatenate(([0.0], cum[:-1])) / total
    codes_sorted = np.where(before < a - _TOL, 0, np.where(before < b - _TOL, 1, 2)).astype(np.int8)
    codes = np.empty_like(codes_sorted)
    codes[order] = codes_sorted
    cat = pd.Categorical.from_codes(codes, categories=["A", "B", "C"], ordered=True)
    return pd.Series(cat, index=v.index, name="abc_class")


def _thresholds(thresholds) -> tuple[list[str], np.ndarray]:
    if isinstance(thresholds, pd.Series):
        pairs = list(thresholds.items())
    elif isinstance(thresholds, Mapping):
        pairs = list(thresholds.items())
    elif isinstance(thresholds, Iterable) and not isinstance(thresholds, (str, bytes)):
        try:
            pairs = [tuple(p) for p in thresholds]
        except TypeError:
            pairs = [()]
        if any(len(p) != 2 for p in pairs):
            raise CourseDataError("thresholds should be (tier name, lower bound) pairs",
                                  fix='pass a dict such as {"VIP": 10_000, "gold": 200_000}')
    else:
        raise CourseDataError(f"thresholds should be a mapping of tier name to lower bound, got {type(thresholds).__name__}",
                              fix='pass a dict such as {"VIP": 10_000, "gold": 200_000}, lowest tier first')
    if not pairs:
        raise CourseDataError("thresholds is empty", fix='give at least one tier, e.g. {"VIP": 10_000}')
    names = [str(n) for n, _ in pairs]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise CourseDataError(f"tier names repeat: {', '.join(map(repr, dup))}", fix="give each tier its own name")
    bounds = []
    for name, bound in pairs:
        bounds.append(_real(bound, f"the lower bound of {str(name)!r}"))
    bounds = np.asarray(bounds, dtype=float)
    wrong = [i for i in range(1, len(bounds)) if not bounds[i] > bounds[i - 1]]
    if wrong:
        i = wrong[0]
        raise CourseDataError(
            f"thresholds are not in increasing order: {names[i]!r} starts at {bounds[i]:,.6g}, "
            f"not above {names[i - 1]!r} at {bounds[i - 1]:,.6g}",
            rows=[names[j] for j in wrong], row_label="tiers",
            fix="list the tiers from the lowest lower bound to the highest, each bound above the previous one")
    return names, bounds


def assign_tiers(values, thresholds, below: str = "none") -> pd.Series:
    """Tier name for each value, from an ordered mapping of tier name → inclusive lower bound.

    ``thresholds`` lists the tiers from the lowest bound to the highest, as the postal rules
    state them: ``{"VIP": 10_000, "gold": 200_000, ...}`` means VIP from 10,000 (10,000
    included) up to *under* 200,000. A value gets the highest tier whose bound it reaches;
    a value under the lowest bound gets ``below``. The result is an ordered categorical
    Series (``below`` < first tier < …) with the input's index.

    >>> import pandas as pd
    >>> vehicles = pd.Series({"City taxi co.": 120, "Tax bureau": 9, "Clinic": 4})
    >>> assign_tiers(vehicles, DEALER_TIERS).tolist()
    ['100+', '5+', 'none']
    >>> assign_tiers([5, 10], {"gold": 10, "VIP": 5})
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: thresholds are not in increasing order: 'VIP' starts at 5, not above 'gold' at 10 (tiers VIP). Fix: list the tiers from the lowest lower bound to the highest, each bound above the previous one.
    """
    names, bounds = _thresholds(thresholds)
    below = str(below)
    if below in names:
        raise CourseDataError(f"the label for values below every tier, {below!r}, is also a tier name",
                              fix="pass another below=... label")
    v = _numbers(values, "values", allow_empty=True)
    pos = np.searchsorted(bounds, v.to_numpy(), side="right")  # 0 = below the lowest bound
    cat = pd.Categorical.from_codes(pos.astype(np.int16), categories=[below, *names], ordered=True)
    return pd.Series(cat, index=v.index, name="tier")


def postal_tiers(coefficient: float = 1.0) -> dict[str, float]:
    """The Guangdong Postal key-account thresholds, with the regional coefficient applied.

    City bureaus in the second and third revenue groups may multiply the VIP standard
    (10,000 CNY a year) by a coefficient between 0.9 and 0.8; group-1 cities use 1. The
    course reads the rule as lowering the VIP entry bar only: the VIP band still ends where
    gold starts (200,000).

    >>> postal_tiers()
    {'VIP': 10000.0, 'gold': 200000.0, 'platinum': 2000000.0, 'diamond': 5000000.0}
    >>> postal_tiers(0.8)["VIP"]
    8000.0
    >>> postal_tiers(0.5)
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: the postal rules allow a coefficient from 0.8 to 1, got 0.5. Fix: use 1 for group-1 cities and 0.9 down to 0.8 for groups 2 and 3.
    """
    c = _real(coefficient, "coefficient")
    if not (0.8 - 1e-12 <= c <= 1.0 + 1e-12):
        raise CourseDataError(f"the postal rules allow a coefficient from 0.8 to 1, got {c:g}",
                              fix="use 1 for group-1 cities and 0.9 down to 0.8 for groups 2 and 3")
    out = {name: float(bound) for name, bound in POSTAL_TIERS.items()}
    out["VIP"] = round(POSTAL_TIERS["VIP"] * c, 2)
    return out


_QUADRANTS = ("invest", "develop", "maintain", "streamline")


def portfolio_quadrants(attractiveness, strength, cut: float = 5.5) -> pd.Series:
    """Quadrant of the attractiveness × strength matrix for each account.

    Scores on a 1–10 scale; ``cut`` splits low from high (a score equal to ``cut`` counts
    as high). The quadrant names follow the usual reading of a key-account portfolio:

    ============================  ==================  ==================
    \\                             strength high       strength low
    ============================  ==================  ==================
    attractiveness high           invest              develop
    attractiveness low            maintain            streamline
    ============================  ==================  ==================

    >>> import pandas as pd
    >>> portfolio_quadrants(pd.Series([8, 8, 3, 3]), pd.Series([7, 2, 7, 2])).tolist()
    ['invest', 'develop', 'maintain', 'streamline']
    """
    cut = _real(cut, "cut")
    att = _numbers(attractiveness, "attractiveness", what="score")
    stg = _numbers(strength, "strength", what="score")
    if len(att) != len(stg) or not att.index.equals(stg.index):
        raise CourseDataError("attractiveness and strength have different rows",
                              fix="take both columns from the same table")
    high_a = att.to_numpy() >= cut
    high_s = stg.to_numpy() >= cut
    codes = np.where(high_a, np.where(high_s, 0, 1), np.where(high_s, 2, 3)).astype(np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(_QUADRANTS)),
                     index=att.index, name="quadrant")


def share_of_wallet(revenue, wallet) -> pd.Series:
    """Share of wallet: what the account bought from us ÷ what it spent on the category in all.

    A value above 1 means the wallet estimate is lower than what we sold: check the estimate.

    >>> import pandas as pd
    >>> share_of_wallet(pd.Series([30.0, 0.0]), pd.Series([120.0, 50.0])).tolist()
    [0.25, 0.0]
    >>> share_of_wallet(pd.Series([5.0]), pd.Series([0.0]))
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: column 'wallet': 1 wallet estimates are 0 (rows 0). Fix: a share needs a wallet estimate above 0; estimate the account's total spend or drop the row.
    """
    rev = _numbers(revenue, "revenue", what="revenue value")
    wal = _numbers(wallet, "wallet", what="wallet estimate")
    if len(rev) != len(wal) or not rev.index.equals(wal.index):
        raise CourseDataError("revenue and wallet have different rows", fix="take both columns from the same table")
    zero = wal == 0
    if zero.any():
        raise CourseDataError(f"{int(zero.sum())} wallet estimates are 0", column="wallet",
                              rows=_rows(wal.index, zero),
                              fix="a share needs a wallet estimate above 0; estimate the account's total spend or drop the row")
    return (rev / wal).rename("share_of_wallet")


# ---------------------------------------------------------------------------- the pipeline

def _probabilities(probabilities) -> dict[str, float]:
    if probabilities is None:
        return dict(SUITECRM_PROBABILITIES)
    if isinstance(probabilities, pd.Series):
        probabilities = probabilities.to_dict()
    if not isinstance(probabilities, Mapping):
        raise CourseDataError(f"probabilities should map stage name → win probability, got {type(probabilities).__name__}",
                              fix='pass a dict such as {"Prospecting": 0.1, "Qualification": 0.2, ...}')
    if not probabilities:
        raise CourseDataError("probabilities is empty", fix="give a win probability for every stage in your data")
    out: dict[str, float] = {}
    bad, percent = [], False
    for stage, p in probabilities.items():
        if isinstance(p, (bool, np.bool_)) or not isinstance(p, numbers.Real) or not math.isfinite(float(p)) \
                or not 0 <= float(p) <= 1:
            bad.append(str(stage))
            if isinstance(p, numbers.Real) and not isinstance(p, (bool, np.bool_)) and 1 < float(p) <= 100:
                percent = True
            continue
        out[str(stage)] = float(p)
    if bad:
        fix = ("these look like percentages: divide them by 100 (10% is 0.1)" if percent
               else "give each stage a probability between 0 and 1")
        raise CourseDataError(f"{len(bad)} win probabilities are not numbers between 0 and 1",
                              rows=bad, row_label="stages", fix=fix)
    return out


def _stage_column(frame: pd.DataFrame, column: str, known, *, source: str) -> pd.Series:
    s = frame[column]
    missing = s.isna()
    if missing.any():
        raise CourseDataError(f"{int(missing.sum())} rows have no stage", file=source, column=column,
                              rows=_rows(frame.index, missing), fix="fill in the stage or drop those rows")
    s = s.astype(str)
    unknown = ~s.isin(list(known))
    if unknown.any():
        names = list(dict.fromkeys(s[unknown]))
        shown = ", ".join(f"{n!r}{_close(n, known)}" for n in names[:4])
        raise CourseDataError(f"unknown stage name{'s' if len(names) > 1 else ''} {shown}", file=source,
                              column=column, rows=_rows(frame.index, unknown),
                              fix="use the stage names of the probability table ("
                                  + ", ".join(list(known)[:3]) + ", …) or pass probabilities for your own stages")
    return s


def _amount_column(frame: pd.DataFrame, column: str, *, source: str) -> pd.Series:
    s = frame[column]
    try:
        return _numbers(s, column, what="amount")
    except CourseDataError as err:
        raise CourseDataError(err.problem, file=source, column=column, rows=err.rows, fix=err.fix) from None


def weighted_pipeline(opportunities: pd.DataFrame, probabilities=None, *, stage: str = "stage",
                      amount: str = "amount", closed: Iterable[str] = CLOSED_STAGES) -> pd.DataFrame:
    """Expected value of the open pipeline, by stage and in total: Σ amount × win probability.

    ``probabilities`` maps each stage name to its win probability as a fraction of 1; the
    default is :data:`SUITECRM_PROBABILITIES`, the probabilities SuiteCRM ships (Prospecting
    0.10, Qualification 0.20, Needs Analysis 0.25, Value Proposition 0.30, Id. Decision Makers
    0.40, Perception Analysis 0.50, Proposal/Price Quote 0.65, Negotiation/Review 0.80). Rows in
    a ``closed`` stage (won or lost deals) are not part of the pipeline and are left out.

    Returns one row per open stage of ``probabilities`` (in its order, stages without deals
    included) with ``deals``, ``amount``, ``probability`` and ``expected``, then a ``Total`` row
    whose ``probability`` is expected ÷ amount (0 when the pipeline is empty).

    >>> import pandas as pd
    >>> deals = pd.DataFrame({"stage": ["Prospecting", "Negotiation/Review", "Closed Won"],
    ...                       "amount": [100_000.0, 50_000.0, 70_000.0]})
    >>> wp = weighted_pipeline(deals)
    >>> wp.loc[["Prospecting", "Negotiation/Review", "Total"], ["deals", "expected"]]
                        deals  expected
    stage
    Prospecting             1   10000.0
    Negotiation/Review      1   40000.0
    Total                   2   50000.0
    >>> weighted_pipeline(deals, {"Prospecting": 10, "Negotiation/Review": 80})
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: 2 win probabilities are not numbers between 0 and 1 (stages Prospecting, Negotiation/Review). Fix: these look like percentages: divide them by 100 (10% is 0.1).
    """
    source = "opportunities"
    require_frame(opportunities, source=source)
    require_columns(opportunities, [stage, amount], source=source,
                    fix=f"pass stage='your stage column' and amount='your amount column'")
    probs = _probabilities(probabilities)
    closed = [str(c) for c in ([closed] if isinstance(closed, str) else closed)]
    stages = _stage_column(opportunities, stage, list(probs) + [c for c in closed if c not in probs], source=source)
    amounts = _amount_column(opportunities, amount, source=source)
    is_open = ~stages.isin(closed)
    open_stages = [s for s in probs if s not in closed]
    frame = pd.DataFrame({"stage": stages[is_open].to_numpy(), "amount": amounts[is_open].to_numpy()})
    grouped = frame.groupby("stage", sort=False)["amount"].agg(["size", "sum"])
    out = pd.DataFrame(index=pd.Index(open_stages, name="stage"))
    out["deals"] = grouped["size"].reindex(open_stages).fillna(0).astype("int64")
    out["amount"] = grouped["sum"].reindex(open_stages).fillna(0.0).astype("float64")
    out["probability"] = pd.Series(probs).reindex(open_stages).astype("float64")
    out["expected"] = out["amount"] * out["probability"]
    total_amount = float(out["amount"].sum())
    total_expected = float(out["expected"].sum())
    out.loc["Total"] = [int(out["deals"].sum()), total_amount,
                        total_expected / total_amount if total_amount > 0 else 0.0, total_expected]
    out["deals"] = out["deals"].astype("int64")
    return out


def _history(history: pd.DataFrame, *, stages, opportunity: str, stage: str, date: str,
             won: str, lost: str) -> pd.DataFrame:
    """Validated stage history: one row per (deal, stage), sorted by deal and stage order."""
    source = "stage history"
    require_frame(history, source=source)
    require_columns(history, [opportunity, stage, date], source=source,
                    fix="pass opportunity=..., stage=..., date=... with your column names")
    order = [str(s) for s in stages]
    if len(set(order)) != len(order):
        raise CourseDataError("the stage list repeats a stage", fix="list each stage once, in selling order")
    for terminal in (won, lost):
        if terminal not in order:
            raise CourseDataError(f"the stage list lacks {terminal!r}",
                                  fix="include the won and lost stages, or pass won=... and lost=...")
    ids = history[opportunity]
    no_id = ids.isna()
    if no_id.any():
        raise CourseDataError(f"{int(no_id.sum())} rows have no opportunity id", file=source, column=opportunity,
                              rows=_rows(history.index, no_id), fix="fill in the id or drop those rows")
    st = _stage_column(history, stage, order, source=source)
    dates = history[date]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        try:
            parsed = pd.to_datetime(dates, errors="coerce", format="ISO8601")
        except (TypeError, ValueError):
            parsed = pd.to_datetime(pd.Series(dates.astype(str), index=dates.index), errors="coerce",
                                    format="ISO8601")
        bad = parsed.isna() & dates.notna()
        if bad.any():
            raise CourseDataError(f"{int(bad.sum())} dates could not be read", file=source, column=date,
                                  rows=_rows(history.index, bad), fix="write dates as YYYY-MM-DD")
        dates = parsed
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    no_date = dates.isna()
    if no_date.any():
        raise CourseDataError(f"{int(no_date.sum())} rows have no date", file=source, column=date,
                              rows=_rows(history.index, no_date), fix="fill in the date the deal entered the stage")
    rank = {s: i for i, s in enumerate(order)}
    h = pd.DataFrame({"opportunity": ids.astype(str).to_numpy(), "stage": st.to_numpy(),
                      "k": st.map(rank).to_numpy(), "date": dates.to_numpy().astype("datetime64[ns]"),
                      "row": history.index}, index=pd.RangeIndex(len(history)))
    dup = h.duplicated(["opportunity", "stage"], keep=False)
    if dup.any():
        raise CourseDataError(f"{int(dup.sum())} rows repeat a (deal, stage) pair", file=source,
                              rows=list(h.loc[dup, "row"]),
                              fix="keep one row per deal and stage: the date it first entered the stage")
    h = h.sort_values(["opportunity", "k"], kind="stable").reset_index(drop=True)
    same = h["opportunity"].eq(h["opportunity"].shift())
    back = same & (h["date"] < h["date"].shift())
    if back.any():
        first = int(np.flatnonzero(back.to_numpy())[0])
        deal = h.at[first, "opportunity"]
        raise CourseDataError(
            f"dates go backwards in {int(back.sum())} rows: e.g. deal {deal} entered {h.at[first, 'stage']!r} on "
            f"{h.at[first, 'date']:%Y-%m-%d}, before it entered {h.at[first - 1, 'stage']!r} on "
            f"{h.at[first - 1, 'date']:%Y-%m-%d}", file=source, column=date, rows=list(h.loc[back, "row"]),
            fix="a deal enters the stages in selling order: correct the dates (or the stage names) of those rows")
    both = h[h["stage"].isin([won, lost])].groupby("opportunity")["stage"].nunique()
    both = both[both > 1]
    if len(both):
        rows = list(h.loc[h["opportunity"].isin(both.index) & h["stage"].isin([won, lost]), "row"])
        raise CourseDataError(f"{len(both)} deals are both won and lost (e.g. {both.index[0]})", file=source,
                              rows=rows, fix="keep only the stage the deal really ended in")
    return h


def stage_conversion(history: pd.DataFrame, *, stages=STAGES, opportunity: str = "opportunity_id",
                     stage: str = "stage", date: str = "entered_date", won: str = "Closed Won",
                     lost: str = "Closed Lost") -> pd.DataFrame:
    """Conversion rate and median days for each stage transition, from dated stage history.

    ``history`` has one row per deal and stage entered, with the date it entered
    (``huaxin_stage_history``'s layout). For every open stage S, in ``stages`` order:

    * ``entered`` — deals that entered S;
    * ``advanced`` — deals whose next recorded stage is a later one other than ``lost``
      (normally the next stage; the last open stage advances to ``won``);
    * ``lost`` — deals that went from S straight to ``lost``;
    * ``still_open`` — deals still sitting in S;
    * ``conversion`` — advanced ÷ (advanced + lost): of the deals that left S, the share that
      moved forward (NaN when none has left yet);
    * ``median_days`` — median days from entering S to entering the next stage, over the deals
      that advanced.

    The index names the transition, e.g. ``"Prospecting → Qualification"``.

    >>> import pandas as pd
    >>> h = pd.DataFrame({"opportunity_id": ["O1", "O1", "O1", "O2", "O2", "O3"],
    ...                   "stage": ["Prospecting", "Qualification", "Closed Lost",
    ...                             "Prospecting", "Qualification", "Prospecting"],
    ...                   "entered_date": pd.to_datetime(["2025-01-01", "2025-01-11", "2025-02-01",
    ...                                                   "2025-03-01", "2025-03-05", "2025-06-01"])})
    >>> sc = stage_conversion(h)
    >>> print(sc.iloc[:2][["entered", "advanced", "lost", "still_open"]].to_string())
                                    entered  advanced  lost  still_open
    transition
    Prospecting → Qualification           3         2     0           1
    Qualification → Needs Analysis        2         0     1           1
    >>> sc["conversion"].iloc[:2].tolist(), sc["median_days"].iloc[:1].tolist()
    ([1.0, 0.0], [7.0])
    """
    h = _history(history, stages=stages, opportunity=opportunity, stage=stage, date=date, won=won, lost=lost)
    order = [str(s) for s in stages]
    same_next = h["opportunity"].eq(h["opportunity"].shift(-1))
    nxt = h["stage"].shift(-1).where(same_next)
    days = (h["date"].shift(-1) - h["date"]).dt.days.where(same_next)
    h = h.assign(next=nxt, days=days)
    open_order = [s for s in order if s not in (won, lost)]
    rows = []
    for i, s in enumerate(open_order):
        at = h[h["stage"] == s]
        has_next = at["next"].notna()
        lost_n = int((at["next"] == lost).sum())
        adv = at[has_next & (at["next"] != lost)]
        decided = len(adv) + lost_n
        target = open_order[i + 1] if i + 1 < len(open_order) else won
        rows.append({
            "transition": f"{s} → {target}",
            "entered": len(at),
            "advanced": len(adv),
            "lost": lost_n,
            "still_open": int((~has_next).sum()),
            "conversion": len(adv) / decided if decided else float("nan"),
            "median_days": float(adv["days"].median()) if len(adv) else float("nan"),
        })
    return pd.DataFrame(rows).set_index("transition")


def stuck_deals(history: pd.DataFrame, snapshot="2026-01-01", *, days: int = 120, stages=STAGES,
                opportunity: str = "opportunity_id", stage: str = "stage", date: str = "entered_date",
                won: str = "Closed Won", lost: str = "Closed Lost") -> pd.DataFrame:
    """Open deals that have sat in their current stage for more than ``days`` days at ``snapshot``.

    Returns one row per stuck deal (index: the opportunity id) with its ``stage`` (a categorical in
    selling order), the date it ``entered`` that stage and ``days_in_stage``, longest first.
    ``days=0`` lists every open deal.

    >>> import pandas as pd
    >>> h = pd.DataFrame({"opportunity_id": ["O1", "O1", "O2"],
    ...                   "stage": ["Prospecting", "Qualification", "Prospecting"],
    ...                   "entered_date": pd.to_datetime(["2025-01-02", "2025-03-01", "2025-11-20"])})
    >>> stuck_deals(h, "2026-01-01")
                         stage    entered  days_in_stage
    opportunity_id
    O1              Qualification 2025-03-01            306
    """
    if isinstance(days, (bool, np.bool_)) or not isinstance(days, numbers.Real) or not math.isfinite(float(days)) \
            or days < 0:
        raise CourseDataError(f"days must be a number of days of 0 or more, got {days!r}", fix="e.g. days=120")
    try:
        snap = pd.Timestamp(snapshot)
    except (TypeError, ValueError):
        snap = pd.NaT
    if pd.isna(snap):
        raise CourseDataError(f"cannot read the snapshot date {snapshot!r}", fix="write it as 'YYYY-MM-DD', e.g. '2026-01-01'")
    if snap.tzinfo is not None:
        snap = snap.tz_localize(None)
    h = _history(history, stages=stages, opportunity=opportunity, stage=stage, date=date, won=won, lost=lost)
    future = h["date"] > snap
    if future.any():
        raise CourseDataError(f"{int(future.sum())} stages were entered after the snapshot date {snap:%Y-%m-%d}",
                              file="stage history", column=date, rows=list(h.loc[future, "row"]),
                              fix="pass the date the data was exported as snapshot=...")
    last = h.groupby("opportunity", sort=False).tail(1)
    last = last[~last["stage"].isin([won, lost])]
    in_stage = (snap - last["date"]).dt.days
    order = [str(s) for s in stages]
    out = pd.DataFrame({"stage": pd.Categorical(last["stage"].to_numpy(), categories=order, ordered=True),
                        "entered": last["date"].to_numpy(),
                        "days_in_stage": in_stage.to_numpy().astype("int64")},
                       index=pd.Index(last["opportunity"].to_numpy(), name=opportunity))
    out = out[out["days_in_stage"] > days]
    return out.sort_values("days_in_stage", ascending=False, kind="stable")


# ---------------------------------------------------------------------------- the buying centre

def coverage_gaps(buying_centre: pd.DataFrame, coverage: pd.DataFrame, *, min_people: int = 2,
                  account: str = "account_id", contact: str = "contact_id", role: str = "buying_role",
                  rep: str = "rep_id", covers: str = "covers_contact_id") -> pd.DataFrame:
    """Who in each buying centre none of our people covers, and accounts with too few of our people.

    ``buying_centre`` has one row per person at the customer (``huaxin_contacts``: account,
    contact id, buying role); ``coverage`` one row per (our person, contact they keep in touch
    with) — ``huaxin_account_team``, where an empty ``covers_contact_id`` means on the team
    without a contact of their own.

    Returns one row per account with ``our_people`` (distinct people of ours on the account),
    ``contacts``, ``covered`` (contacts at least one of ours covers), ``uncovered_contacts`` and
    ``uncovered_roles`` (lists: people, and buying roles none of whose holders is covered),
    ``too_few_people`` (fewer than ``min_people`` of ours; the sources ask for at least two on a
    key account) and ``gap`` (either problem).

    >>> import pandas as pd
    >>> bc = pd.DataFrame({"account_id": ["K1", "K1", "K2"], "contact_id": ["c1", "c2", "c3"],
    ...                    "buying_role": ["economic buyer", "user buyer", "economic buyer"]})
    >>> team = pd.DataFrame({"account_id": ["K1", "K1", "K2"], "rep_id": ["r1", "r2", "r1"],
    ...                      "covers_contact_id": ["c2", None, "c3"]})
    >>> coverage_gaps(bc, team)[["our_people", "uncovered_contacts", "uncovered_roles", "gap"]]
                our_people uncovered_contacts   uncovered_roles   gap
    account_id
    K1                   2               [c1]  [economic buyer]  True
    K2                   1                 []                []  True
    """
    require_frame(buying_centre, source="buying centre")
    require_frame(coverage, source="account team")
    require_columns(buying_centre, [account, contact, role], source="buying centre",
                    fix="pass account=..., contact=..., role=... with your column names")
    require_columns(coverage, [account, rep, covers], source="account team",
                    fix="pass account=..., rep=..., covers=... with your column names")
    if isinstance(min_people, (bool, np.bool_)) or not isinstance(min_people, numbers.Integral) or min_people < 1:
        raise CourseDataError(f"min_people must be a whole number of at least 1, got {min_people!r}",
                              fix="the sources ask for min_people=2")
    for frame, cols, source in ((buying_centre, [account, contact, role], "buying centre"),
                                (coverage, [account, rep], "account team")):
        for col in cols:
            empty = frame[col].isna()
            if empty.any():
                raise CourseDataError(f"{int(empty.sum())} empty values", file=source, column=col,
                                      rows=_rows(frame.index, empty), fix="fill them in or drop those rows")
    bc = pd.DataFrame({"account": buying_centre[account].astype(str).to_numpy(),
                       "contact": buying_centre[contact].astype(str).to_numpy(),
                       "role": buying_centre[role].astype(str).to_numpy()})
    dup = bc["contact"].duplicated(keep=False)
    if dup.any():
        raise CourseDataError(f"{int(dup.sum())} rows repeat a contact id", file="buying centre", column=contact,
                              rows=_rows(buying_centre.index, dup), fix="give every person one row and one id")
    cov_covers = coverage[covers]
    team = pd.DataFrame({"account": coverage[account].astype(str).to_numpy(),
                         "rep": coverage[rep].astype(str).to_numpy(),
                         "covers": cov_covers.where(cov_covers.isna(), cov_covers.astype(str)).to_numpy()})
    home = dict(zip(bc["contact"], bc["account"]))
    has = team["covers"].notna()
    unknown = has & ~team["covers"].isin(list(home))
    if unknown.any():
        raise CourseDataError(f"{int(unknown.sum())} rows cover a contact who is not in the buying centre",
                              file="account team", column=covers, rows=_rows(coverage.index, unknown),
                              fix="use contact ids of the buying-centre table, or leave the cell empty")
    elsewhere = has & (team["covers"].map(home) != team["account"])
    if elsewhere.any():
        raise CourseDataError(f"{int(elsewhere.sum())} rows cover a contact of another account",
                              file="account team", column=covers, rows=_rows(coverage.index, elsewhere),
                              fix="check the account id or the contact id of those rows")
    role_order = {r: i for i, r in enumerate(BUYING_ROLES)}
    covered_ids = set(team.loc[has, "covers"])
    bc["is_covered"] = bc["contact"].isin(covered_ids)
    accounts = list(dict.fromkeys(list(bc["account"]) + list(team["account"])))
    people = team.groupby("account")["rep"].nunique()
    rows = []
    by_account = {a: g for a, g in bc.groupby("account", sort=False)}
    for acc in accounts:
        g = by_account.get(acc, bc.iloc[:0])
        uncovered = list(g.loc[~g["is_covered"], "contact"])
        roles_all = list(dict.fromkeys(g["role"]))
        covered_roles = set(g.loc[g["is_covered"], "role"])
        missing_roles = sorted((r for r in roles_all if r not in covered_roles),
                               key=lambda r: (role_order.get(r, len(role_order)), r))
        ours = int(people.get(acc, 0))
        too_few = ours < min_people
        rows.append({"account": acc, "our_people": ours, "contacts": len(g),
                     "covered": int(g["is_covered"].sum()), "uncovered_contacts": uncovered,
                     "uncovered_roles": missing_roles, "too_few_people": too_few,
                     "gap": bool(too_few or missing_roles)})
    out = pd.DataFrame(rows).set_index("account")
    out.index.name = account
    return out
