"""Relationship marketing and customer loyalty (关系营销与客户忠诚), module 6.

Frameworks as data, so notebooks and checks use one source:

* :data:`SIX_MARKETS` — the six markets of relationship marketing as the course source lists them.
* :data:`RELATIONSHIP_LEVELS` and :data:`KOTLER_GRID` — Kotler's five levels (basic, reactive,
  accountable, proactive, partnership) and which one pays for a given number of customers and
  margin per customer; :func:`relationship_level` reads the grid.
* :data:`BONDS` — Berry & Parasuraman's three levels of bonds: financial, social, structural.
* :data:`IDIC` — one-to-one marketing in four steps (Peppers & Rogers): identify, differentiate,
  interact, customise.

Helpers on case data (Qingmei Cosmetics' members and purchases): :func:`repeat_purchase_rate`,
:func:`retention_by_band` and :func:`programme_economics` (does a member card pay for whom?),
:func:`referral_voucher` and :func:`referral_rewards` (the "snowball" referral scheme),
:func:`birthdays_between` (birthday care), :func:`first_purchase_due` and
:func:`render_messages` (personalised care messages that never go to a customer who opted out
and never leave a field unfilled).

Figures the sources do not give — margin rates, costs, how much a programme cuts defections —
are parameters with *illustrative* defaults; the notebooks say so.

>>> relationship_level("few", "high")
'partnership'
>>> referral_voucher(450.0)
40.0
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import math
import numbers
import string
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmcourse.data import CourseDataError, require_columns, require_frame

__all__ = [
    "SIX_MARKETS",
    "RELATIONSHIP_SHIFTS",
    "RELATIONSHIP_LEVELS",
    "KOTLER_GRID",
    "BONDS",
    "IDIC",
    "LOYALTY_INDICATORS",
    "LEVEL_THRESHOLDS",
    "VOUCHER_TIERS",
    "TEMPLATES",
    "relationship_level",
    "level_for_segments",
    "repeat_purchase_rate",
    "spend_by_customer",
    "spend_bands",
    "retention_by_band",
    "programme_economics",
    "referral_voucher",
    "referral_rewards",
    "birthdays_between",
    "first_purchase_due",
    "template_fields",
    "MessageBatch",
    "render_messages",
]

#: The six markets of relationship marketing, as the course source lists them, with who is in each.
SIX_MARKETS = {
    "customer market": "existing and prospective buyers - the centre of it all",
    "supplier market": "firms supplying materials and services; whole supply chains compete",
    "internal market": "the firm's own employees, treated as internal customers",
    "competitor market": "rival firms, with which a firm may cooperate while competing (co-opetition)",
    "distributor market": "wholesalers, retailers and agents that bring the product to end customers",
    "influence market": "government, regulators, media, investors and other stakeholders",
}
#: From transactional to relationship marketing: what changes (source: five shifts).
RELATIONSHIP_SHIFTS = (
    ("one-off transactions", "keeping customers (retention)"),
    ("limited fulfilment of expectations", "high service"),
    ("limited customer contact", "high customer contact"),
    ("the customer market only", "six markets"),
    ("short-term profit", "lasting relationships with all parties"),
)
#: Kotler's five levels of relationship, loosest first.
RELATIONSHIP_LEVELS = {
    "basic": "the seller sells the product and does not contact the customer again",
    "reactive": "the seller invites the customer to call with questions, problems or comments",
    "accountable": "the seller calls soon after the sale to check that the product meets expectations "
                   "and asks for suggestions",
    "proactive": "the seller contacts the customer from time to time with improvement ideas and new products",
    "partnership": "the seller works continuously with the customer to find ways to deliver better value",
}
#: Kotler's grid: which level pays, by number of customers (rows) and margin per customer (columns).
KOTLER_GRID = pd.DataFrame(
    [["accountable", "reactive", "basic or reactive"],
     ["proactive", "accountable", "reactive"],
     ["partnership", "proactive", "accountable"]],
    index=pd.Index(["many", "medium", "few"], name="customers"),
    columns=pd.Index(["high", "medium", "low"], name="margin"),
)
#: Berry & Parasuraman's three levels of relationship bonds, loosest first.
BONDS = {
    "financial": ("level 1", "price incentives: discounts, rebates, points, free extras",
                  "easy for competitors to copy; buys repeat purchases, not attachment"),
    "social": ("level 2", "personal contact and care: a named adviser, greetings, clubs and events",
               "harder to copy; rests on people and the customer's feeling of being known"),
    "structural": ("level 3", "solutions built into the customer's own work: shared systems, "
                   "dedicated services, joint investment",
                   "hardest to copy; raises the cost of switching for both sides"),
}
#: One-to-one marketing (Peppers & Rogers): the four steps, in order.
IDIC = ("identify", "differentiate", "interact", "customise")
#: The source's eight signs of a loyal customer.
LOYALTY_INDICATORS = (
    "repeat purchase rate", "attitude to competitors", "referral of new customers",
    "time spent choosing", "share of wallet", "emotional attachment",
    "sensitivity to quality and price", "purchase timing",
)
#: Qingmei's member levels by annual spend (CNY, lower bounds included).
LEVEL_THRESHOLDS = {"ordinary": 0, "silver": 800, "gold": 3_000, "diamond": 10_000}
#: Illustrative voucher scale for the referral scheme: (lowest first purchase of the friend, voucher
#: value). The source fixes only the range, 20-50 yuan, "according to how much the friend spends".
VOUCHER_TIERS = ((0, 20.0), (200, 30.0), (400, 40.0), (700, 50.0))

#: Care-message templates (``string.Template``: ``$field`` or ``${field}``; ``$$`` is a dollar sign).
TEMPLATES = {
    "birthday": ("Qingmei: Happy birthday! As our ${member_level} member you have a ${gift} waiting for you - "
                 "collect it in any Qingmei shop by ${collect_by}. Thank you for being with us. "
                 "Reply TD to stop messages."),
    "first purchase": ("Qingmei: Thank you for your first order on ${first_date}. Questions about using your "
                       "products? Our skin advisers answer in the Qingmei app every day. We hope to see you "
                       "again soon. Reply TD to stop messages."),
    "holiday": ("Qingmei wishes you a happy ${holiday}! Thanks for your support this year. As our "
                "${member_level} member you get ${offer} until ${offer_end}. Reply TD to stop messages."),
}


# ---------------------------------------------------------------------------- frameworks

def relationship_level(customers: str, margin: str) -> str:
    """Kotler's relationship level for a number of customers and a margin per customer.

    ``customers`` is ``"many"``, ``"medium"`` or ``"few"``; ``margin`` is ``"high"``,
    ``"medium"`` or ``"low"``. Many customers with low margins: ``"basic or reactive"``.

    >>> relationship_level("many", "low")
    'basic or reactive'
    >>> relationship_level("lots", "high")
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: customers 'lots' is not one of 'many', 'medium', 'few'. Fix: describe the number of customers as many, medium or few.
    """
    for value, name, allowed, fix in ((customers, "customers", KOTLER_GRID.index, "the number of customers"),
                                      (margin, "margin", KOTLER_GRID.columns, "the margin per customer")):
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            shown = value if isinstance(value, str) else type(value).__name__
            raise CourseDataError(f"{name} {shown!r} is not one of {', '.join(repr(a) for a in allowed)}",
                                  fix=f"describe {fix} as {', '.join(allowed[:-1])} or {allowed[-1]}")
    return str(KOTLER_GRID.loc[customers.strip().lower(), margin.strip().lower()])


def _band(values: pd.Series, cuts, labels, name: str) -> pd.Series:
    if not isinstance(cuts, (tuple, list)) or len(cuts) != 2 or not all(
            isinstance(c, numbers.Real) and not isinstance(c, bool) and math.isfinite(c) for c in cuts) \
            or not cuts[0] < cuts[1]:
        raise CourseDataError(f"{name} should be two increasing numbers (low, high), got {cuts!r}",
                              fix="e.g. (100, 1000): below 100 is the first band, 1000 and above the last")
    return pd.Series(np.select([values < cuts[0], values < cuts[1]], labels[:2], labels[2]),
                     index=values.index, dtype=object)


def level_for_segments(table: pd.DataFrame, *, customers: str = "customers", margin: str = "margin",
                       customer_cuts=(100, 1_000), margin_cuts=(1_000, 10_000)) -> pd.DataFrame:
    """Place each segment (row) in Kotler's grid and name the relationship level that pays.

    ``customers`` is the column with the number of customers in the segment, ``margin`` the
    yearly margin per customer. A segment with fewer than ``customer_cuts[0]`` customers has
    *few*, with ``customer_cuts[1]`` or more *many*; margins below ``margin_cuts[0]`` are
    *low*, from ``margin_cuts[1]`` *high*. The cuts are a judgement call: say why you chose them.

    >>> t = pd.DataFrame({"customers": [2000, 300, 40], "margin": [150.0, 3000.0, 20000.0]},
    ...                  index=["ordinary", "gold", "diamond"])
    >>> level_for_segments(t)["level"].tolist()
    ['basic or reactive', 'accountable', 'partnership']
    """
    require_columns(table, [customers, margin], source="segments")
    out = table.copy()
    for col in (customers, margin):
        values = pd.to_numeric(out[col], errors="coerce")
        bad = values.isna() | ~np.isfinite(values.fillna(0)) | (values < 0)
        if bad.any():
            raise CourseDataError("values that are not numbers of 0 or more", file="segments", column=col,
                                  rows=list(out.index[bad.to_numpy()]), fix="fill in counts and margins")
        out[col] = values
    out["customers_band"] = _band(out[customers], customer_cuts, ["few", "medium", "many"], "customer_cuts")
    out["margin_band"] = _band(out[margin], margin_cuts, ["low", "medium", "high"], "margin_cuts")
    out["level"] = [KOTLER_GRID.loc[c, m] for c, m in zip(out["customers_band"], out["margin_band"])]
    return out


# ---------------------------------------------------------------------------- purchases

def _transactions(tx: Any, *, customer: str, date: str, amount: str | None) -> pd.DataFrame:
    require_frame(tx, source="transactions", min_rows=1)
    cols = [customer, date] + ([amount] if amount else [])
    require_columns(tx, cols, source="transactions")
    out = tx[cols].copy()
    dates = pd.to_datetime(out[date], errors="coerce")
    bad = dates.isna()
    if bad.any():
        raise CourseDataError("dates that cannot be read", file="transactions", column=date,
                              rows=list(out.index[bad.to_numpy()]), fix="use dates like 2025-03-04")
    out[date] = dates
    if out[customer].isna().any():
        raise CourseDataError("purchases without a customer", file="transactions", column=customer,
                              rows=list(out.index[out[customer].isna().to_numpy()]),
                              fix="drop anonymous purchases first (they cannot be identified)")
    if amount:
        values = pd.to_numeric(out[amount], errors="coerce")
        bad = values.isna() | ~np.isfinite(values.fillna(0)) | (values < 0)
        if bad.any():
            raise CourseDataError("amounts that are missing, negative or not numbers", file="transactions",
                                  column=amount, rows=list(out.index[bad.to_numpy()]),
                                  fix="remove refunds and fix typing errors")
        out[amount] = values.astype(float)
    return out


def _date(value: Any, name: str) -> pd.Timestamp:
    """A day between 1900 and 2100 from text 'YYYY-MM-DD', a date or a Timestamp, or a clear error."""
    fix = f"give {name} as a date like '2025-01-01'"
    if isinstance(value, bool) or not isinstance(value, (str, _dt.date, pd.Timestamp)):
        raise CourseDataError(f"{name} should be a date, got {type(value).__name__} {str(value)[:30]!r}", fix=fix)
    try:
        day = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        raise CourseDataError(f"{name} {str(value)[:30]!r} is not a date", fix=fix) from None
    if pd.isna(day) or not 1900 <= day.year <= 2100:
        raise CourseDataError(f"{name} {str(value)[:30]!r} is not a date between 1900 and 2100", fix=fix)
    return day.normalize()


def _period(start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    a, b = _date(start, "start"), _date(end, "end")
    if b < a:
        raise CourseDataError(f"the period {start} to {end} is empty or backwards", fix="give start <= end")
    return a, b


def repeat_purchase_rate(transactions: pd.DataFrame, start="2025-01-01", end="2025-12-31", *,
                         customer: str = "customer_id", date: str = "date") -> float:
    """Share of the customers who bought in the period that bought at least twice in it.

    The first loyalty indicator. A purchase is one row (one receipt).

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
    ...                    "date": ["2025-01-05", "2025-06-01", "2025-02-01", "2025-03-01", "2025-04-01", "2024-01-01"]})
    >>> round(repeat_purchase_rate(tx), 3)
    0.667
    """
    tx = _transactions(transactions, customer=customer, date=date, amount=None)
    a, b = _period(start, end)
    inside = tx[(tx[date] >= a) & (tx[date] <= b)]
    if inside.empty:
        raise CourseDataError(f"no purchases between {a.date()} and {b.date()}", file="transactions",
                              fix="check the period against the dates in the data")
    n = inside.groupby(customer).size()
    return float((n >= 2).mean())


def spend_by_customer(transactions: pd.DataFrame, start="2025-01-01", end="2025-12-31", *,
                      customer: str = "customer_id", date: str = "date", amount: str = "amount") -> pd.Series:
    """Total spend per customer in the period (customers with no purchase in it are left out).

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2025-01-05", "2025-06-01", "2024-02-01"],
    ...                    "amount": [100.0, 50.0, 80.0]})
    >>> spend_by_customer(tx).to_dict()
    {'a': 150.0}
    """
    tx = _transactions(transactions, customer=customer, date=date, amount=amount)
    a, b = _period(start, end)
    inside = tx[(tx[date] >= a) & (tx[date] <= b)]
    return inside.groupby(customer)[amount].sum().rename("spend")


def spend_bands(spend: pd.Series, thresholds: Mapping[str, float] | None = None) -> pd.Series:
    """The band (member level) of each annual spend: the highest threshold reached.

    >>> spend_bands(pd.Series([500.0, 800.0, 12_000.0])).tolist()
    ['ordinary', 'silver', 'diamond']
    """
    thresholds = dict(LEVEL_THRESHOLDS if thresholds is None else thresholds)
    if not thresholds or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v)
                                 for v in thresholds.values()):
        raise CourseDataError("thresholds should map band names to numbers",
                              fix="e.g. {'ordinary': 0, 'silver': 800, 'gold': 3000, 'diamond': 10000}")
    names = sorted(thresholds, key=thresholds.get)
    cuts = [thresholds[n] for n in names]
    if not isinstance(spend, pd.Series):
        spend = pd.Series(spend)
    values = pd.to_numeric(spend, errors="coerce")
    if values.isna().any() or (values < cuts[0]).any():
        bad = values.isna() | (values < cuts[0])
        raise CourseDataError(f"spend below the lowest threshold ({cuts[0]}) or not a number", column="spend",
                              rows=list(spend.index[bad.to_numpy()]), fix="check the spend values")
    idx = np.searchsorted(np.asarray(cuts, dtype=float), values.to_numpy(dtype=float), side="right") - 1
    order = pd.CategoricalDtype(names, ordered=True)
    return pd.Series(np.asarray(names, dtype=object)[idx], index=spend.index, name="band").astype(order)


def retention_by_band(transactions: pd.DataFrame, year: int = 2024, *, thresholds=None,
                      customer: str = "customer_id", date: str = "date", amount: str = "amount") -> pd.DataFrame:
    """Customers of ``year`` by spend band: how many, their mean spend, and the share retained
    (who bought again the next year).

    The band is the member level the year's spend would give (:data:`LEVEL_THRESHOLDS`).

    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "b", "a"],
    ...                    "date": ["2024-03-01", "2024-05-01", "2024-06-01", "2025-02-01"],
    ...                    "amount": [900.0, 100.0, 200.0, 50.0]})
    >>> retention_by_band(tx)[["customers", "retention"]].to_dict("index")
    {'ordinary': {'customers': 1, 'retention': 0.0}, 'silver': {'customers': 1, 'retention': 1.0}}
    """
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise CourseDataError(f"year should be a whole number such as 2024, got {year!r}", fix="e.g. year=2024")
    this = spend_by_customer(transactions, f"{year}-01-01", f"{year}-12-31", customer=customer, date=date,
                             amount=amount)
    if this.empty:
        raise CourseDataError(f"nobody bought in {year}", file="transactions", fix="choose a year in the data")
    tx = _transactions(transactions, customer=customer, date=date, amount=None)
    nxt = set(tx.loc[tx[date].dt.year == int(year) + 1, customer])
    if not nxt and tx[date].max().year <= int(year):
        raise CourseDataError(f"the data end in {year}, so retention into {int(year) + 1} is unknown",
                              file="transactions", fix="choose an earlier year")
    band = spend_bands(this, thresholds)
    kept = this.index.isin(list(nxt))
    frame = pd.DataFrame({"band": band, "spend": this, "retained": kept})
    out = frame.groupby("band", observed=True).agg(customers=("spend", "size"), spend=("spend", "mean"),
                                                   retention=("retained", "mean"))
    out.index = out.index.astype(str)
    out["customers"] = out["customers"].astype("int64")
    return out


def _number(value, name: str, low: float | None = None, high: float | None = None, *,
            low_open: bool = False, high_open: bool = False, fix: str = "") -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise CourseDataError(f"{name} should be a number, got {value!r}", fix=fix or f"give {name} as a number")
    v = float(value)
    if low is not None and (v < low or (low_open and v == low)):
        raise CourseDataError(f"{name} {v:g} is too small", fix=fix)
    if high is not None and (v > high or (high_open and v == high)):
        raise CourseDataError(f"{name} {v:g} is too large", fix=fix)
    return v


def programme_economics(bands: pd.DataFrame, *, margin_rate: float = 0.6, benefit_rate: float = 0.05,
                        cost_per_member: float = 60.0, churn_cut: float = 0.2,
                        discount_rate: float = 0.10) -> pd.DataFrame:
    """Does a member programme pay, band by band? Cost of the benefits against the margin it keeps.

    ``bands`` has ``customers``, ``spend`` (yearly spend per customer) and ``retention`` (share
    who stay a year), e.g. :func:`retention_by_band`. Per member and year the programme costs
    ``benefit_rate`` × spend (the member discount) plus ``cost_per_member`` (card, messages,
    birthday gift), and it keeps more customers: it cuts the defections (1 − retention) by
    ``churn_cut``. Each customer is valued with the simple retention model, margin × r / (1 + i − r):

    * ``value_without`` = margin_rate × spend × multiple(retention);
    * ``value_with`` = (margin_rate × spend − programme cost) × multiple(retention after the cut);
    * ``gain`` = value_with − value_without per member, ``total_gain`` for the band; ``enrol`` is
      True where the gain is positive.

    The defaults are *illustrative* (a cosmetics gross margin of 60%, a 5% member discount,
    60 CNY a year of other costs, a fifth fewer defections).

    >>> t = pd.DataFrame({"customers": [100, 10], "spend": [200.0, 6000.0], "retention": [0.4, 0.85]},
    ...                  index=["ordinary", "gold"])
    >>> programme_economics(t)["enrol"].tolist()
    [False, True]
    """
    require_columns(bands, ["customers", "spend", "retention"], source="bands")
    g = _number(margin_rate, "margin_rate", 0, 1, low_open=True, fix="a fraction of sales, e.g. 0.6")
    b = _number(benefit_rate, "benefit_rate", 0, 1, high_open=True, fix="a fraction of spend, e.g. 0.05")
    f = _number(cost_per_member, "cost_per_member", 0, fix="money per member and year, 0 or more")
    c = _number(churn_cut, "churn_cut", 0, 1, fix="a fraction of the defections avoided, e.g. 0.2")
    i = _number(discount_rate, "discount_rate", 0, fix="a fraction per year, e.g. 0.10")
    out = bands[["customers", "spend", "retention"]].copy()
    for col in out.columns:
        values = pd.to_numeric(out[col], errors="coerce")
        bad = values.isna() | ~np.isfinite(values.fillna(0)) | (values < 0)
        if col == "retention":
            bad |= values >= 1
        if bad.any():
            raise CourseDataError("values that are missing or out of range", file="bands", column=col,
                                  rows=list(out.index[bad.to_numpy()]),
                                  fix="retention must be a fraction below 1; customers and spend 0 or more")
        out[col] = values.astype(float)
    r0 = out["retention"]
    r1 = 1 - (1 - r0) * (1 - c)
    out["retention_with"] = r1
    margin = g * out["spend"]
    cost = b * out["spend"] + f
    out["margin"] = margin
    out["programme_cost"] = cost
    out["value_without"] = margin * r0 / (1 + i - r0)
    out["value_with"] = (margin - cost) * r1 / (1 + i - r1)
    out["gain"] = out["value_with"] - out["value_without"]
    out["total_gain"] = out["gain"] * out["customers"]
    out["enrol"] = out["gain"] > 0
    return out


# ---------------------------------------------------------------------------- referral scheme

def referral_voucher(first_purchase, paid=True, tiers=VOUCHER_TIERS):
    """Voucher a member earns for a referred friend, scaled to the friend's first purchase.

    The source's rules: one voucher per friend who buys, worth 20-50 yuan according to how much
    the friend spends, usable against products but never exchanged for cash, and confirmed only
    once the friend has paid - so an unpaid purchase earns 0. ``tiers`` lists (lowest purchase,
    voucher); the default scale :data:`VOUCHER_TIERS` is illustrative. A number gives a number,
    a Series gives a Series.

    >>> referral_voucher(150.0), referral_voucher(1200.0), referral_voucher(1200.0, paid=False)
    (20.0, 50.0, 0.0)
    >>> referral_voucher(pd.Series([90.0, 420.0]), paid=pd.Series([True, True])).tolist()
    [20.0, 40.0]
    """
    try:
        levels = sorted((float(lo), float(v)) for lo, v in tiers)
    except (TypeError, ValueError):
        raise CourseDataError("tiers should be (lowest purchase, voucher) pairs",
                              fix="e.g. ((0, 20), (200, 30), (400, 40), (700, 50))") from None
    if not levels or any(not math.isfinite(x) or x < 0 for pair in levels for x in pair):
        raise CourseDataError("tiers should be pairs of numbers of 0 or more", fix="e.g. ((0, 20), (200, 30))")
    lows = np.array([lo for lo, _ in levels])
    values = np.array([v for _, v in levels])
    scalar = not isinstance(first_purchase, (pd.Series, list, tuple, np.ndarray))
    amounts = pd.Series([first_purchase] if scalar else first_purchase, dtype=object)
    num = pd.to_numeric(amounts, errors="coerce")
    bad = num.isna() | ~np.isfinite(num.fillna(0).astype(float)) | (num < 0) \
        | amounts.map(lambda v: isinstance(v, (bool, np.bool_)))
    if bad.any():
        raise CourseDataError("first purchases must be amounts of 0 or more", column="first_purchase",
                              rows=list(amounts.index[bad.to_numpy()]), fix="give the friend's first purchase in CNY")
    if isinstance(paid, (bool, np.bool_)):
        paid_s = pd.Series(bool(paid), index=amounts.index)
    else:
        paid_s = pd.Series(paid if not isinstance(paid, pd.Series) else paid.to_numpy(), dtype=object)
        if len(paid_s) != len(amounts) or not paid_s.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            raise CourseDataError("paid should be True/False for each purchase", column="paid",
                                  fix="one True/False per first purchase")
        paid_s.index = amounts.index
    idx = np.searchsorted(lows, num.to_numpy(dtype=float), side="right") - 1
    voucher = np.where(idx >= 0, values[np.clip(idx, 0, None)], 0.0)
    voucher = np.where(paid_s.to_numpy(dtype=bool), voucher, 0.0)
    if scalar:
        return float(voucher[0])
    index = first_purchase.index if isinstance(first_purchase, pd.Series) else None
    return pd.Series(voucher, index=index, name="voucher")


def referral_rewards(referrals: pd.DataFrame, *, referrer: str = "referrer_id", purchase: str = "first_purchase",
                     paid: str = "paid", tiers=VOUCHER_TIERS) -> pd.DataFrame:
    """Vouchers per referring member: friends referred, friends who paid, and the vouchers earned.

    Rewards accumulate: a member who brings three paying friends gets three vouchers.

    >>> r = pd.DataFrame({"referrer_id": ["m1", "m1", "m2"], "first_purchase": [150.0, 500.0, 300.0],
    ...                   "paid": [True, True, False]})
    >>> referral_rewards(r).to_dict("index")
    {'m1': {'referred': 2, 'confirmed': 2, 'vouchers': 60.0}, 'm2': {'referred': 1, 'confirmed': 0, 'vouchers': 0.0}}
    """
    require_frame(referrals, source="referrals")
    require_columns(referrals, [referrer, purchase, paid], source="referrals")
    flags = referrals[paid]
    if not flags.map(lambda v: isinstance(v, (bool, np.bool_))).all():
        raise CourseDataError("paid should hold True/False", file="referrals", column=paid,
                              fix="True once the friend has paid")
    v = referral_voucher(referrals[purchase], paid=flags.astype(bool), tiers=tiers)
    frame = pd.DataFrame({"referrer": referrals[referrer].to_numpy(), "paid": flags.astype(bool).to_numpy(),
                          "voucher": v.to_numpy()})
    out = frame.groupby("referrer", sort=True).agg(referred=("paid", "size"), confirmed=("paid", "sum"),
                                                   vouchers=("voucher", "sum"))
    out["confirmed"] = out["confirmed"].astype("int64")
    out["referred"] = out["referred"].astype("int64")
    return out.rename_axis(referrer)


# ---------------------------------------------------------------------------- care triggers

def _month_day(text: Any) -> tuple[int, int] | None:
    if not isinstance(text, str) or len(text) != 5 or text[2] != "-":
        return None
    try:
        m, d = int(text[:2]), int(text[3:])
        _dt.date(2024, m, d)  # a leap year, so 02-29 is a real birthday
    except ValueError:
        return None
    return m, d


def birthdays_between(customers: pd.DataFrame, start, end, *, birthday: str = "birthday",
                      opted_out: str | None = "opted_out") -> pd.DataFrame:
    """Customers whose birthday (``MM-DD``) falls between ``start`` and ``end`` (inclusive),
    with the date it falls on; customers who opted out of marketing are left out.

    A 29 February birthday is celebrated on 28 February in other years. The period may span
    the new year.

    >>> c = pd.DataFrame({"customer_id": ["a", "b", "c"], "birthday": ["01-03", "12-30", "02-29"],
    ...                   "opted_out": [False, False, False]})
    >>> birthdays_between(c, "2025-12-28", "2026-01-05")[["customer_id", "birthday_date"]].values.tolist()
    [['b', '2025-12-30'], ['a', '2026-01-03']]
    >>> birthdays_between(c, "2027-02-01", "2027-02-28")["birthday_date"].tolist()
    ['2027-02-28']
    """
    require_frame(customers, source="customers", min_rows=0)
    require_columns(customers, [birthday] + ([opted_out] if opted_out else []), source="customers")
    a, b = _period(start, end)
    if (b - a).days > 366:
        raise CourseDataError("the period is longer than a year", fix="use at most one year")
    md = customers[birthday].map(_month_day)
    bad = md.isna() & customers[birthday].notna()
    if bad.any():
        raise CourseDataError("birthdays not written as MM-DD", file="customers", column=birthday,
                              rows=list(customers.index[bad.to_numpy()]), fix="write birthdays like 03-28")
    when = []
    for pair in md:
        found = None
        if pair is not None:
            for year in range(a.year, b.year + 1):
                m, d = pair
                if m == 2 and d == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
                    d = 28
                day = pd.Timestamp(year, m, d)
                if a <= day <= b:
                    found = day.strftime("%Y-%m-%d")
                    break
        when.append(found)
    out = customers.assign(birthday_date=when)
    keep = out["birthday_date"].notna()
    if opted_out:
        flags = out[opted_out]
        if not flags.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            raise CourseDataError("opted_out should hold True/False", file="customers", column=opted_out,
                                  fix="True for customers who asked not to get marketing messages")
        keep &= ~flags.astype(bool)
    return out[keep].sort_values(["birthday_date"], kind="stable").reset_index(drop=True)


def first_purchase_due(transactions: pd.DataFrame, on="2026-01-01", lag=(7, 15), *,
                       customer: str = "customer_id", date: str = "date") -> pd.DataFrame:
    """Customers whose first purchase was ``lag`` days before ``on`` (7-15 days, as the source's
    new-customer messages are timed): one row each with the first purchase date.

    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "b"], "date": ["2025-12-20", "2025-12-21", "2025-06-01"]})
    >>> first_purchase_due(tx)["customer_id"].tolist()
    ['a']
    """
    tx = _transactions(transactions, customer=customer, date=date, amount=None)
    day = _date(on, "on")
    if not isinstance(lag, (tuple, list)) or len(lag) != 2 or not all(
            isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in lag):
        raise CourseDataError(f"lag should be two whole numbers of days, got {lag!r}", fix="e.g. lag=(7, 15)")
    lo, hi = int(lag[0]), int(lag[1])
    if not 0 <= lo <= hi:
        raise CourseDataError(f"lag {lag!r} should be (shortest, longest) days, 0 or more", fix="e.g. (7, 15)")
    first = tx.groupby(customer)[date].min()
    days = (day - first).dt.days
    due = first[(days >= lo) & (days <= hi)]
    return pd.DataFrame({customer: due.index, "first_date": due.dt.strftime("%Y-%m-%d").to_numpy()})


# ---------------------------------------------------------------------------- care messages

def _template(template: Any) -> string.Template:
    if isinstance(template, string.Template):
        tpl = template
    elif isinstance(template, str):
        tpl = string.Template(template)
    else:
        raise CourseDataError(f"the template should be text, got {type(template).__name__}",
                              fix="write it as a string with $fields, e.g. 'Happy birthday, ${name}!'")
    if not tpl.template.strip():
        raise CourseDataError("the template is empty", fix="write the message text")
    if not tpl.is_valid():
        raise CourseDataError("the template has a $ that is not followed by a field name",
                              fix="write fields as $name or ${name}, and $$ for a dollar sign")
    return tpl


def template_fields(template) -> list[str]:
    """The fields a template needs, in order of first use.

    >>> template_fields(TEMPLATES["birthday"])
    ['member_level', 'gift', 'collect_by']
    """
    return list(_template(template).get_identifiers())


@dataclasses.dataclass
class MessageBatch:
    """Rendered messages ready to send (``messages``) and the customers left out (``skipped``)."""

    messages: pd.DataFrame
    skipped: pd.DataFrame

    def __repr__(self) -> str:
        reasons = self.skipped["reason"].value_counts()
        ordered = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
        why = ", ".join(f"{n} {r}" for r, n in ordered)
        return (f"MessageBatch: {len(self.messages)} message{'s' if len(self.messages) != 1 else ''} ready, "
                f"{len(self.skipped)} skipped" + (f" ({why})" if why else ""))


def _is_empty(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_text(value: Any) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_messages(customers: pd.DataFrame, template, *, values: Mapping[str, Any] | None = None,
                    key: str = "customer_id", opted_out: str | None = "opted_out",
                    max_length: int | None = None, on_problem: str = "raise") -> MessageBatch:
    """Fill a message template for every customer; never for one who opted out, never half-filled.

    ``template`` uses ``$field`` / ``${field}``; each field comes from a column of ``customers``
    or from ``values`` (the same for everybody, e.g. the holiday's name). Checks, in order:

    1. every field the template names must exist (a column or a value) — else an error names the
       missing fields;
    2. customers whose ``opted_out`` is True are never rendered; they are listed in ``skipped``
       (pass ``opted_out=None`` only if every customer has agreed to messages);
    3. a customer with an empty field (or a message longer than ``max_length``) is a problem:
       ``on_problem="raise"`` (default) stops with an error naming the customers and fields;
       ``on_problem="skip"`` leaves them out and lists them in ``skipped``.

    >>> c = pd.DataFrame({"customer_id": ["a", "b", "c"], "name": ["Li Na", None, "Wu Kai"],
    ...                   "opted_out": [False, False, True]})
    >>> batch = render_messages(c, "Dear $name, thank you! - $brand", values={"brand": "Qingmei"},
    ...                         on_problem="skip")
    >>> batch
    MessageBatch: 1 message ready, 2 skipped (1 empty field 'name', 1 opted out)
    >>> batch.messages["message"].tolist()
    ['Dear Li Na, thank you! - Qingmei']
    >>> render_messages(c, "Dear $name, see you at $shop")
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: template: the template needs the field 'shop', which is neither a column of the customer table nor in values. Fix: add a 'shop' column or pass values={'shop': ...}.
    """
    require_frame(customers, source="customers", min_rows=0)
    tpl = _template(template)
    if on_problem not in ("raise", "skip"):
        raise CourseDataError(f"on_problem should be 'raise' or 'skip', got {on_problem!r}",
                              fix="'raise' stops at the first problem; 'skip' leaves those customers out")
    if values is not None and not isinstance(values, Mapping):
        raise CourseDataError(f"values should be a dict of field -> text, got {type(values).__name__}",
                              fix="e.g. values={'holiday': 'Spring Festival'}")
    values = dict(values or {})
    if max_length is not None and (isinstance(max_length, bool) or not isinstance(max_length, numbers.Integral)
                                   or max_length < 1):
        raise CourseDataError(f"max_length should be a whole number of characters, got {max_length!r}",
                              fix="e.g. max_length=160 (one SMS), or leave it out")
    require_columns(customers, [key], source="customers")
    fields = list(tpl.get_identifiers())
    missing = [f for f in fields if f not in customers.columns and f not in values]
    if missing:
        names = ", ".join(repr(f) for f in missing)
        raise CourseDataError(
            f"the template needs the field{'s' if len(missing) > 1 else ''} {names}, which "
            f"{'are' if len(missing) > 1 else 'is'} neither a column of the customer table nor in values",
            file="template", fix=f"add a {missing[0]!r} column or pass values={{{missing[0]!r}: ...}}")
    for f, v in values.items():
        if f in fields and _is_empty(v):
            raise CourseDataError(f"values[{f!r}] is empty", file="template", fix=f"give {f} a value")
    if opted_out is None:
        out_flags = pd.Series(False, index=customers.index)
    else:
        require_columns(customers, [opted_out], source="customers",
                        fix="add the opt-out flag: a message may only go to customers who agreed "
                            "(pass opted_out=None only if every customer did)")
        out_flags = customers[opted_out]
        if not out_flags.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            bad = ~out_flags.map(lambda v: isinstance(v, (bool, np.bool_)))
            raise CourseDataError("the opt-out flag must be True or False for every customer (unknown means no "
                                  "message)", file="customers", column=opted_out,
                                  rows=list(customers.index[bad.to_numpy()]), fix="fill in True or False")
        out_flags = out_flags.astype(bool)
    messages, skipped, problems = [], [], []
    columns = [f for f in fields if f in customers.columns]
    for idx, row in customers.iterrows():
        who = row[key]
        if out_flags[idx]:
            skipped.append((who, "opted out"))
            continue
        mapping = dict(values)
        empty = [f for f in columns if _is_empty(row[f])]
        if empty:
            reason = f"empty field {empty[0]!r}"
            problems.append((who, reason))
            skipped.append((who, reason))
            continue
        mapping.update({f: _as_text(row[f]) for f in columns})
        text = tpl.substitute({f: _as_text(mapping[f]) for f in fields})
        if max_length is not None and len(text) > max_length:
            reason = f"longer than {max_length} characters"
            problems.append((who, reason))
            skipped.append((who, reason))
            continue
        messages.append((who, text))
    if problems and on_problem == "raise":
        shown = ", ".join(f"{w} ({r})" for w, r in problems[:5])
        more = f" and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise CourseDataError(f"{len(problems)} message{'s' if len(problems) > 1 else ''} cannot be sent as written: "
                              f"{shown}{more}", file="customers",
                              fix="fill in the missing data, shorten the template, or pass on_problem='skip' "
                                  "to leave those customers out")
    return MessageBatch(pd.DataFrame(messages, columns=[key, "message"]),
                        pd.DataFrame(skipped, columns=[key, "reason"]))
