"""The "snowball" referral scheme: a voucher per referred friend who pays, and the rewards per member.

>>> referral_voucher(450.0)
40.0
"""
from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from crmcourse._validate import as_series, hashable_ids, real, require_columns, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.loyalty._common import finite, numeric_values, refix

__all__ = ["VOUCHER_TIERS", "referral_voucher", "referral_rewards"]

#: Illustrative voucher scale for the referral scheme: (lowest first purchase of the friend, voucher
#: value). The source fixes only the range, 20-50 yuan, "according to how much the friend spends".
VOUCHER_TIERS = ((0, 20.0), (200, 30.0), (400, 40.0), (700, 50.0))



def _tier_fix() -> str:
    return _("e.g. {example}").format(example="((0, 20), (200, 30), (400, 40), (700, 50))")


def _tiers(tiers) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(tiers, (str, bytes)):
        raise CourseDataError(_("tiers should be (lowest purchase, voucher) pairs"), fix=_tier_fix())
    try:
        pairs = [tuple(p) for p in tiers]
    except Exception:
        raise CourseDataError(_("tiers should be (lowest purchase, voucher) pairs"), fix=_tier_fix()) from None
    if not pairs or any(len(p) != 2 for p in pairs):
        raise CourseDataError(_("tiers should be (lowest purchase, voucher) pairs"), fix=_tier_fix())
    with refix(_tier_fix(), problem=N_("tiers should be pairs of numbers of 0 or more")):
        levels = sorted((real(lo, "lowest purchase", low=0), real(v, "voucher", low=0)) for lo, v in pairs)
    lows = np.array([lo for lo, _voucher in levels])
    if len(set(lows)) != len(lows):
        raise CourseDataError(_("two tiers start at the same purchase"), fix=_tier_fix())
    return lows, np.array([v for _low, v in levels])


def _is_flag(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def referral_voucher(first_purchase, paid=True, tiers=VOUCHER_TIERS):
    """Voucher a member earns for a referred friend, scaled to the friend's first purchase.

    The source's rules: one voucher per friend who buys, worth 20-50 yuan according to how much
    the friend spends, usable against products but never exchanged for cash, and confirmed only
    once the friend has paid - so an unpaid purchase earns 0.

    Parameters
    ----------
    first_purchase : float or list or pandas.Series
        The friend's first purchase (CNY, 0 or more).
    paid : bool or list or pandas.Series, default True
        Whether the friend has paid; one True/False per purchase for a vector.
    tiers : sequence of (lowest purchase, voucher) pairs, default VOUCHER_TIERS
        The voucher scale (illustrative by default). A purchase below the lowest tier earns 0.

    Returns
    -------
    float or pandas.Series
        A number for a number, a Series named ``voucher`` for a vector.

    Raises
    ------
    CourseDataError
        A purchase that is not a finite number of 0 or more (rows named), ``paid`` that is not
        True/False for each purchase, or tiers that are not pairs of numbers of 0 or more.

    Examples
    --------
    >>> referral_voucher(150.0), referral_voucher(1200.0), referral_voucher(1200.0, paid=False)
    (20.0, 50.0, 0.0)
    >>> referral_voucher(pd.Series([90.0, 420.0]), paid=pd.Series([True, True])).tolist()
    [20.0, 40.0]
    """
    lows, values = _tiers(tiers)
    fix = _("give the friend's first purchase in CNY")
    scalar = not isinstance(first_purchase, (pd.Series, list, tuple, np.ndarray, pd.Index))
    if scalar:
        if _is_flag(first_purchase) or not isinstance(first_purchase, numbers.Real):
            raise CourseDataError(_("first_purchase must be an amount of 0 or more, got {type}").format(
                                  type=type(first_purchase).__name__),
                                  fix=fix)
        with refix(fix):
            amounts = pd.Series([real(first_purchase, "first_purchase", low=0, example=300)])
    else:
        series = as_series(first_purchase, "first_purchase")
        with refix(fix, problem=N_("first purchases must be amounts of 0 or more")):
            amounts = numeric_values(series, source=None, col="first_purchase", low=0)
    if _is_flag(paid):
        flags = np.full(len(amounts), bool(paid))
    else:
        if scalar or not isinstance(paid, (pd.Series, list, tuple, np.ndarray)):
            raise CourseDataError(_("paid should be True/False for each purchase"), column="paid",
                                  fix=_("one True/False per first purchase"))
        cells = list(paid.to_numpy() if isinstance(paid, pd.Series) else np.asarray(paid, dtype=object).ravel())
        if len(cells) != len(amounts) or not all(_is_flag(v) for v in cells):
            raise CourseDataError(_("paid should be True/False for each purchase"), column="paid",
                                  fix=_("one True/False per first purchase"))
        flags = np.array(cells, dtype=bool)
    idx = np.searchsorted(lows, amounts.to_numpy(dtype=float), side="right") - 1
    voucher = np.where(idx >= 0, values[np.clip(idx, 0, None)], 0.0)
    voucher = np.where(flags, voucher, 0.0)
    if scalar:
        return float(voucher[0])
    index = first_purchase.index if isinstance(first_purchase, pd.Series) else None
    return pd.Series(voucher, index=index, name="voucher")


def referral_rewards(referrals: pd.DataFrame, *, referrer: str = "referrer_id", purchase: str = "first_purchase",
                     paid: str = "paid", tiers=VOUCHER_TIERS) -> pd.DataFrame:
    """Vouchers per referring member: friends referred, friends who paid, and the vouchers earned.

    Rewards accumulate: a member who brings three paying friends gets three vouchers. Every row
    must name its referrer: a row without one is refused, not dropped.

    Parameters
    ----------
    referrals : pandas.DataFrame
        One row per referred friend: the referring member, the friend's first purchase and
        whether it is paid (True/False).
    referrer, purchase, paid : str
        Column names.
    tiers : sequence of (lowest purchase, voucher) pairs, default VOUCHER_TIERS
        As for :func:`referral_voucher`.

    Returns
    -------
    pandas.DataFrame
        One row per referrer (sorted) with ``referred``, ``confirmed`` and ``vouchers``.

    Raises
    ------
    CourseDataError
        Not a table, empty, duplicate or missing columns, rows without a referrer or with one
        that is not a plain id, flags that are not True/False, or purchases as for
        :func:`referral_voucher`.

    Examples
    --------
    >>> r = pd.DataFrame({"referrer_id": ["m1", "m1", "m2"], "first_purchase": [150.0, 500.0, 300.0],
    ...                   "paid": [True, True, False]})
    >>> referral_rewards(r).to_dict("index")
    {'m1': {'referred': 2, 'confirmed': 2, 'vouchers': 60.0}, 'm2': {'referred': 1, 'confirmed': 0, 'vouchers': 0.0}}
    >>> referral_rewards(r.assign(referrer_id=["m1", None, "m2"]))
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: referrals, column 'referrer_id': 1 referred friend has no referrer (rows 1). Fix: fill in the member who referred the friend, or drop the row if nobody did (it earns no voucher).
    """
    require_columns(referrals, [referrer, purchase, paid], source="referrals", min_rows=1)
    ids = hashable_ids(referrals[referrer], source="referrals", col=referrer, allow_missing=True)
    none = ids.isna().to_numpy()
    if none.any():
        n = int(none.sum())
        problem = _("{count} referred friend has no referrer") if n == 1 else _("{count} referred friends have no referrer")
        raise CourseDataError(problem.format(count=n), file="referrals",
                              column=referrer, rows=rows_where(referrals.index, none),
                              fix=_("fill in the member who referred the friend, or drop the row if nobody did "
                                    "(it earns no voucher)"))
    flags = referrals[paid]
    not_flag = ~np.array([_is_flag(v) for v in flags.to_numpy(dtype=object)], dtype=bool)
    if not_flag.any():
        raise CourseDataError(_("paid should hold True/False"), file="referrals", column=paid,
                              rows=rows_where(referrals.index, not_flag), fix=_("True once the friend has paid"))
    flags = flags.to_numpy(dtype=bool)
    with refix(N_("give the friend's first purchase in CNY"), source="referrals", column=purchase):
        v = referral_voucher(referrals[purchase], paid=list(flags), tiers=tiers)
    frame = pd.DataFrame({"referrer": ids.to_numpy(), "paid": flags, "voucher": v.to_numpy()})
    out = frame.groupby("referrer", sort=True).agg(referred=("paid", "size"), confirmed=("paid", "sum"),
                                                   vouchers=("voucher", "sum"))
    out["confirmed"] = out["confirmed"].astype("int64")
    out["referred"] = out["referred"].astype("int64")
    finite(out, ["vouchers"], source="referrals", fix=N_("use a voucher scale within the float range"))
    return out.rename_axis(referrer)
