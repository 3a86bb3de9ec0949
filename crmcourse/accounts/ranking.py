"""Who the key accounts are: the 80/20 curve, ABC classes, tiers, the portfolio, share of wallet.

>>> import pandas as pd
>>> abc_classes(pd.Series({"K1": 40.0, "K2": 40.0, "K3": 15.0, "K4": 5.0})).tolist()
['A', 'A', 'B', 'C']
"""
from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from crmcourse._validate import real, rows_where
from crmcourse.accounts._common import amounts, refix
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _

__all__ = ["POSTAL_TIERS", "DEALER_TIERS", "pareto_table", "abc_classes", "assign_tiers", "postal_tiers",
           "portfolio_quadrants", "share_of_wallet"]

#: Guangdong Postal letter-mail key-account tiers: inclusive lower bounds of annual revenue (CNY).
POSTAL_TIERS = {"VIP": 10_000, "gold": 200_000, "platinum": 2_000_000, "diamond": 5_000_000}
#: A car dealer's key-account tiers: inclusive lower bounds of vehicles bought per year.
DEALER_TIERS = {"5+": 5, "10+": 10, "50+": 50, "100+": 100}

_TOL = 1e-9  # shares within this of a class boundary count as exactly on it
_QUADRANTS = ("invest", "develop", "maintain", "streamline")
_ALL_ZERO = N_("every value is 0, so no account brings any share of the total")


def pareto_table(values) -> pd.DataFrame:
    """Accounts sorted by value, largest first, with the cumulative share of value and of accounts.

    Equal values keep their input order.

    Parameters
    ----------
    values : pandas.Series or dict or list
        Non-negative amounts (e.g. annual revenue); a Series' index names the accounts.

    Returns
    -------
    pandas.DataFrame
        Columns ``rank`` (1 = largest), ``value``, ``share`` (of the total), ``cum_value``,
        ``cum_value_share`` (the 80/20 curve's y) and ``cum_account_share`` (its x: rank /
        number of accounts), indexed by account.

    Raises
    ------
    CourseDataError
        No values, values that are not finite numbers of 0 or more (rows named), all values 0,
        or a total beyond the largest float (about 1.8e308).

    Examples
    --------
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
    crmcourse.errors.CourseDataError: column 'values': 1 values are negative (rows 1). Fix: a key-account ranking needs amounts of 0 or more: remove refunds or net them off first.
    """
    v = amounts(values, "values")
    arr = v.to_numpy()
    with np.errstate(over="ignore"):
        total = float(arr.sum())
    if not np.isfinite(total):
        raise CourseDataError(_("the values add up to more than the largest number a float holds (about 1.8e308)"),
                              column="values", fix=_("express them in a larger unit, e.g. divide by 1e6 for millions"))
    if total <= 0:
        raise CourseDataError(_(_ALL_ZERO), column="values", fix=_("check that you passed the revenue column"))
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
    so rounding in the sums never moves an account.

    Parameters
    ----------
    values : pandas.Series or dict or list
        Non-negative amounts; a Series' index names the accounts.
    a, b : float, default 0.8 and 0.95
        The class bounds as shares of the total, 0 < a < b <= 1.

    Returns
    -------
    pandas.Series
        An ordered categorical Series (A < B < C) named ``abc_class``, in the input's order
        and index.

    Raises
    ------
    CourseDataError
        Bounds out of order or not numbers, no values, values that are not finite numbers of
        0 or more (rows named), or all values 0.

    Examples
    --------
    >>> import pandas as pd
    >>> abc_classes(pd.Series({"K1": 40.0, "K2": 40.0, "K3": 15.0, "K4": 5.0})).to_dict()
    {'K1': 'A', 'K2': 'A', 'K3': 'B', 'K4': 'C'}
    >>> abc_classes([90, 6, 4]).tolist()   # the top account alone straddles 80%
    ['A', 'B', 'C']
    >>> abc_classes([1, 2], a=0.95, b=0.8)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: the class bounds must satisfy 0 < a < b <= 1, got a=0.95, b=0.8. Fix: pass shares of 1, e.g. a=0.8, b=0.95.
    """
    with refix(N_("pass shares of 1, e.g. a=0.8, b=0.95")):
        a, b = real(a, "a", example=0.8), real(b, "b", example=0.95)
    if not (0 < a < b <= 1):
        raise CourseDataError(_("the class bounds must satisfy 0 < a < b <= 1, got a={a}, b={b}").format(
            a=f"{a:g}", b=f"{b:g}"), fix=_("pass shares of 1, e.g. a=0.8, b=0.95"))
    v = amounts(values, "values")
    arr = v.to_numpy()
    with np.errstate(over="ignore"):
        total = float(arr.sum())
    if not np.isfinite(total):  # amounts near the float limit: the shares need only their ratios
        arr = arr / arr.max()
        total = float(arr.sum())
    if total <= 0:
        raise CourseDataError(_(_ALL_ZERO), column="values", fix=_("check that you passed the revenue column"))
    order = np.argsort(-arr, kind="stable")
    cum = np.cumsum(arr[order])
    before = np.concatenate(([0.0], cum[:-1])) / total
    codes_sorted = np.where(before < a - _TOL, 0, np.where(before < b - _TOL, 1, 2)).astype(np.int8)
    codes = np.empty_like(codes_sorted)
    codes[order] = codes_sorted
    cat = pd.Categorical.from_codes(codes, categories=["A", "B", "C"], ordered=True)
    return pd.Series(cat, index=v.index, name="abc_class")


def _thresholds(thresholds) -> tuple[list[str], np.ndarray]:
    def example():
        return _("pass a dict such as {example}, lowest tier first").format(example='{"VIP": 10_000, "gold": 200_000}')

    if isinstance(thresholds, (pd.Series, Mapping)):
        if isinstance(thresholds, pd.Series) and thresholds.index.has_duplicates:
            raise CourseDataError(_("tier names repeat"), fix=_("give each tier its own name"))
        pairs = list(thresholds.items())
    elif isinstance(thresholds, Iterable) and not isinstance(thresholds, (str, bytes)):
        try:
            pairs = [tuple(p) for p in thresholds]
        except Exception:
            pairs = [()]
        if any(len(p) != 2 for p in pairs):
            raise CourseDataError(_("thresholds should be (tier name, lower bound) pairs"),
                                  fix=_("pass a dict such as {example}").format(example='{"VIP": 10_000, "gold": 200_000}'))
    else:
        raise CourseDataError(_("thresholds should be a mapping of tier name to lower bound, got {type}").format(
            type=type(thresholds).__name__), fix=example())
    if not pairs:
        raise CourseDataError(_("thresholds is empty"), fix=_("give at least one tier, e.g. {example}").format(
            example='{"VIP": 10_000}'))
    if not all(isinstance(n, (str, numbers.Number)) for n, _bound in pairs):
        raise CourseDataError(_("tier names should be text"), fix=example())
    names = [str(n) for n, _bound in pairs]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise CourseDataError(_("tier names repeat: {names}").format(names=", ".join(map(repr, dup))), fix=_("give each tier its own name"))
    bounds = []
    for name, bound in pairs:
        with refix(example()):
            bounds.append(real(bound, f"the lower bound of {str(name)!r}", example=10_000))
    bounds = np.asarray(bounds, dtype=float)
    wrong = [i for i in range(1, len(bounds)) if not bounds[i] > bounds[i - 1]]
    if wrong:
        i = wrong[0]
        raise CourseDataError(
            _("thresholds are not in increasing order: {tier} starts at {bound}, not above {previous} at "
              "{previous_bound}").format(tier=repr(names[i]), bound=f"{bounds[i]:,.6g}", previous=repr(names[i - 1]),
                                         previous_bound=f"{bounds[i - 1]:,.6g}"),
            rows=[names[j] for j in wrong], row_label=_("tiers"),
            fix=_("list the tiers from the lowest lower bound to the highest, each bound above the previous one"))
    return names, bounds


def assign_tiers(values, thresholds, below: str = "none") -> pd.Series:
    """Tier name for each value, from an ordered mapping of tier name → inclusive lower bound.

    ``thresholds`` lists the tiers from the lowest bound to the highest, as the postal rules
    state them: ``{"VIP": 10_000, "gold": 200_000, ...}`` means VIP from 10,000 (10,000
    included) up to *under* 200,000. A value gets the highest tier whose bound it reaches;
    a value under the lowest bound gets ``below``.

    Parameters
    ----------
    values : pandas.Series or dict or list
        Non-negative amounts (revenue, vehicles …); may be empty.
    thresholds : dict or pandas.Series or list of (name, bound) pairs
        Tier names and their inclusive lower bounds, lowest first, e.g. :data:`POSTAL_TIERS`.
    below : str, default "none"
        The label of values under every tier.

    Returns
    -------
    pandas.Series
        An ordered categorical Series (``below`` < first tier < …) named ``tier``, with the
        input's index.

    Raises
    ------
    CourseDataError
        Thresholds that are not (name, finite number) pairs in increasing order, repeated tier
        names, a ``below`` label that is a tier name, or values that are not finite numbers of
        0 or more (rows named).

    Examples
    --------
    >>> import pandas as pd
    >>> vehicles = pd.Series({"City taxi co.": 120, "Tax bureau": 9, "Clinic": 4})
    >>> assign_tiers(vehicles, DEALER_TIERS).tolist()
    ['100+', '5+', 'none']
    >>> assign_tiers([5, 10], {"gold": 10, "VIP": 5})
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: thresholds are not in increasing order: 'VIP' starts at 5, not above 'gold' at 10 (tiers VIP). Fix: list the tiers from the lowest lower bound to the highest, each bound above the previous one.
    """
    names, bounds = _thresholds(thresholds)
    if not isinstance(below, (str, numbers.Number)):
        raise CourseDataError(_("below should be a label (text), got {type}").format(type=type(below).__name__),
                              fix=_("e.g. {example}").format(example="below='none'"))
    below = str(below)
    if below in names:
        raise CourseDataError(_("the label for values below every tier, {label}, is also a tier name").format(
            label=repr(below)), fix=_("pass another below=... label"))
    v = amounts(values, "values", allow_empty=True)
    pos = np.searchsorted(bounds, v.to_numpy(), side="right")  # 0 = below the lowest bound
    cat = pd.Categorical.from_codes(pos.astype(np.int16), categories=[below, *names], ordered=True)
    return pd.Series(cat, index=v.index, name="tier")


def postal_tiers(coefficient: float = 1.0) -> dict[str, float]:
    """The Guangdong Postal key-account thresholds, with the regional coefficient applied.

    City bureaus in the second and third revenue groups may multiply the VIP standard
    (10,000 CNY a year) by a coefficient between 0.9 and 0.8; group-1 cities use 1. The
    course reads the rule as lowering the VIP entry bar only: the VIP band still ends where
    gold starts (200,000).

    Parameters
    ----------
    coefficient : float, default 1.0
        The regional coefficient, from 0.8 to 1.

    Returns
    -------
    dict
        Tier name → inclusive lower bound (CNY), for :func:`assign_tiers`.

    Raises
    ------
    CourseDataError
        A coefficient that is not a number from 0.8 to 1.

    Examples
    --------
    >>> postal_tiers()
    {'VIP': 10000.0, 'gold': 200000.0, 'platinum': 2000000.0, 'diamond': 5000000.0}
    >>> postal_tiers(0.8)["VIP"]
    8000.0
    >>> postal_tiers(0.5)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: the postal rules allow a coefficient from 0.8 to 1, got 0.5. Fix: use 1 for group-1 cities and 0.9 down to 0.8 for groups 2 and 3.
    """
    fix = _("use 1 for group-1 cities and 0.9 down to 0.8 for groups 2 and 3")
    with refix(fix):
        c = real(coefficient, "coefficient", example=0.9)
    if not (0.8 - 1e-12 <= c <= 1.0 + 1e-12):
        raise CourseDataError(_("the postal rules allow a coefficient from 0.8 to 1, got {value}").format(value=f"{c:g}"),
                              fix=fix)
    out = {name: float(bound) for name, bound in POSTAL_TIERS.items()}
    out["VIP"] = round(POSTAL_TIERS["VIP"] * c, 2)
    return out


def _same_rows(first: pd.Series, second: pd.Series, what: str) -> None:
    if len(first) != len(second) or not first.index.equals(second.index):
        raise CourseDataError(_("{what} have different rows").format(what=what), fix=_("take both columns from the same table"))


def portfolio_quadrants(attractiveness, strength, cut: float = 5.5) -> pd.Series:
    """Quadrant of the attractiveness × strength matrix for each account.

    The quadrant names follow the usual reading of a key-account portfolio:

    ============================  ==================  ==================
    \\                             strength high       strength low
    ============================  ==================  ==================
    attractiveness high           invest              develop
    attractiveness low            maintain            streamline
    ============================  ==================  ==================

    Parameters
    ----------
    attractiveness, strength : pandas.Series or list
        Scores on a 1–10 scale (finite numbers of 0 or more), with the same rows.
    cut : float, default 5.5
        Splits low from high; a score equal to ``cut`` counts as high.

    Returns
    -------
    pandas.Series
        A categorical Series named ``quadrant`` with the input's index.

    Raises
    ------
    CourseDataError
        Scores that are not finite numbers of 0 or more (rows named), empty or misaligned
        inputs, or a cut that is not a finite number.

    Examples
    --------
    >>> import pandas as pd
    >>> portfolio_quadrants(pd.Series([8, 8, 3, 3]), pd.Series([7, 2, 7, 2])).tolist()
    ['invest', 'develop', 'maintain', 'streamline']
    """
    with refix(N_("split the 1–10 scores in the middle, e.g. cut=5.5")):
        cut = real(cut, "cut", example=5.5)
    att = amounts(attractiveness, "attractiveness", what="score")
    stg = amounts(strength, "strength", what="score")
    _same_rows(att, stg, "attractiveness and strength")
    high_a = att.to_numpy() >= cut
    high_s = stg.to_numpy() >= cut
    codes = np.where(high_a, np.where(high_s, 0, 1), np.where(high_s, 2, 3)).astype(np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(_QUADRANTS)),
                     index=att.index, name="quadrant")


def share_of_wallet(revenue, wallet) -> pd.Series:
    """Share of wallet: what the account bought from us ÷ what it spent on the category in all.

    A value above 1 means the wallet estimate is lower than what we sold: check the estimate.

    Parameters
    ----------
    revenue, wallet : pandas.Series or list
        What we sold to each account, and its estimated total spend on the category (finite
        numbers of 0 or more, wallets above 0), with the same rows.

    Returns
    -------
    pandas.Series
        revenue ÷ wallet, named ``share_of_wallet``.

    Raises
    ------
    CourseDataError
        Values that are not finite numbers of 0 or more (rows named), a wallet of 0, empty or
        misaligned inputs, or a share beyond the largest float.

    Examples
    --------
    >>> import pandas as pd
    >>> share_of_wallet(pd.Series([30.0, 0.0]), pd.Series([120.0, 50.0])).tolist()
    [0.25, 0.0]
    >>> share_of_wallet(pd.Series([5.0]), pd.Series([0.0]))
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: column 'wallet': 1 wallet estimates are 0 (rows 0). Fix: a share needs a wallet estimate above 0; estimate the account's total spend or drop the row.
    """
    rev = amounts(revenue, "revenue", what="revenue value")
    wal = amounts(wallet, "wallet", what="wallet estimate")
    _same_rows(rev, wal, "revenue and wallet")
    zero = (wal == 0).to_numpy()
    if zero.any():
        raise CourseDataError(_("{count} wallet estimates are 0").format(count=int(zero.sum())), column="wallet",
                              rows=rows_where(wal.index, zero),
                              fix=_("a share needs a wallet estimate above 0; estimate the account's total spend or drop "
                                    "the row"))
    with np.errstate(over="ignore"):
        share = (rev / wal).rename("share_of_wallet")
    huge = ~np.isfinite(share.to_numpy())
    if huge.any():
        raise CourseDataError(_("{count} shares are beyond the largest float: the wallet estimate is tiny next to the "
                                "revenue").format(count=int(huge.sum())), column="wallet", rows=rows_where(wal.index, huge),
                              fix=_("check the units of the wallet estimates"))
    return share
