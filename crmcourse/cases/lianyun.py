"""Case lianyun — Lianyun Telecom (联云通信), module 4 (targeting).

A mobile operator. Tables: ``lianyun_plans``, ``lianyun_subscribers``, ``lianyun_offers``,
``lianyun_offer_response``. Every offer is reserved for one plan tier (the source case's rule);
the response propensities are calibrated so that a blanket campaign (any offer to anyone)
succeeds about 8% of the time (:data:`BLANKET_RATE`) and a campaign that keeps the rule succeeds
about 17% (:data:`TARGETED_RATE`; the source case's 8% → 16%).

>>> sorted(make(DEFAULT_SEED, 0.02)) == sorted(TABLE_NAMES)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse.cases.draws import AGE_BANDS, DEFAULT_SEED, make_ids, rounded, scaled_count, sigmoid, table_rng

__all__ = ["TABLE_NAMES", "BLANKET_RATE", "TARGETED_RATE", "make"]

#: The tables of the case, in the order :func:`make` returns them.
TABLE_NAMES = ["lianyun_plans", "lianyun_subscribers", "lianyun_offers", "lianyun_offer_response"]
#: Mean response propensity of a blanket campaign (every offer to every subscriber).
BLANKET_RATE = 0.08
#: Mean response propensity when each offer goes only to its plan tier.
TARGETED_RATE = 0.17

_PLANS = pd.DataFrame({
    "plan_id": ["P1", "P2", "P3", "P4", "P5", "P6"],
    "name": ["Lite 38", "Basic 58", "Smart 96", "Premium 126", "Premium Max 199", "Business 288"],
    "tier": ["basic", "basic", "standard", "premium", "premium", "business"],
    "monthly_fee": [38.0, 58.0, 96.0, 126.0, 199.0, 288.0],
    "data_gb": [5, 15, 30, 60, 100, 150],
    "minutes": [200, 300, 500, 1000, 2000, 3000],
})
_OFFERS = pd.DataFrame({
    "offer_id": ["OF1", "OF2", "OF3", "OF4", "OF5", "OF6"],
    "name": ["data add-on", "plan upgrade", "family bundle", "handset instalment", "roaming pack",
             "business bundle"],
    "description": ["10 GB extra data a month for 6 months at 20 CNY a month",
                    "move up to the 126 plan with the first 3 months at the old fee",
                    "add up to 3 family SIM cards sharing the plan's data",
                    "new handset on 24 monthly instalments with a 24-month contract",
                    "30 days of data and calls in 40 countries for 98 CNY",
                    "5 extra company lines, fixed broadband and cloud storage"],
    "target_tier": ["basic", "standard", "premium", "premium", "business", "business"],
    "cost_per_contact": [1.5, 4.0, 6.0, 8.0, 3.0, 10.0],
    "margin_if_accepted": [45.0, 360.0, 480.0, 600.0, 120.0, 1500.0],
})
_CHANNELS = ["sms", "app", "call", "email"]


def _lianyun_subscribers(seed: int, size: float) -> pd.DataFrame:
    rng = table_rng(seed, "lianyun_subscribers")
    n = scaled_count(6000, size, 60)
    plan_idx = rng.choice(6, n, p=[0.18, 0.22, 0.25, 0.17, 0.10, 0.08])
    plan = _PLANS.iloc[plan_idx]
    tier = plan.tier.to_numpy()
    age = np.empty(n, dtype=object)
    for t, p in {"basic": [.26, .28, .18, .14, .14], "standard": [.16, .34, .26, .16, .08],
                 "premium": [.08, .30, .34, .20, .08], "business": [.02, .28, .40, .24, .06]}.items():
        idx = np.flatnonzero(tier == t)
        age[idx] = rng.choice(AGE_BANDS, len(idx), p=p)
    tenure = np.clip(np.round(rng.gamma(1.5, 28, n)), 1, 240).astype(int)
    ratio = np.minimum(2.5, rng.lognormal(np.log(0.72), 0.42, n))
    data_used = rounded(plan.data_gb.to_numpy() * ratio)
    over_p = sigmoid((ratio - 1.0) * 8)
    over_q = rng.binomial(6, over_p)
    minutes = np.round(plan.minutes.to_numpy() * np.minimum(2.5, rng.lognormal(np.log(0.45), 0.55, n))).astype(int)
    excess = np.maximum(0, data_used - plan.data_gb.to_numpy()) * 3.0 * over_q / 6
    spend = rounded(plan.monthly_fee.to_numpy() + excess + rng.gamma(1.2, 6.0, n))
    young = np.isin(age, ["18-24", "25-34"])
    old = np.isin(age, ["55+"])
    chan_p = np.where(young[:, None], [.25, .55, .08, .12], np.where(old[:, None], [.45, .10, .40, .05],
                                                                      [.35, .35, .18, .12]))
    u = rng.random(n)[:, None]
    chan = np.array(_CHANNELS, dtype=object)[(u > np.cumsum(chan_p, axis=1)).sum(axis=1)]
    handset = np.clip(np.round(rng.gamma(2.0, 11.0, n)), 0, 96).astype(int)
    roam_rate = np.where(tier == "business", 9.0, np.where(tier == "premium", 3.0, 0.8))
    roaming = np.minimum(rng.poisson(roam_rate * rng.gamma(0.6, 1 / 0.6, n)), 120)
    return pd.DataFrame({
        "subscriber_id": make_ids("LY-S", n, 5),
        "plan_id": plan.plan_id.to_numpy(),
        "tenure_months": tenure,
        "monthly_spend": spend,
        "data_used_gb": data_used,
        "minutes_used": minutes,
        "over_quota_months": over_q,
        "handset_age_months": handset,
        "roaming_days_12m": roaming,
        "age_band": age,
        "channel_preference": chan,
        "contacted_last_30d": rng.random(n) < 0.22,
    })


def _calibrate(logit: np.ndarray, target: float) -> np.ndarray:
    """Shift logits so the mean probability equals ``target`` (bisection, deterministic)."""
    lo, hi = -20.0, 20.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if sigmoid(logit + mid).mean() < target:
            lo = mid
        else:
            hi = mid
    return sigmoid(logit + (lo + hi) / 2)


def _lianyun_offer_response(seed: int, subs: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "lianyun_offer_response")
    n, k = len(subs), len(_OFFERS)
    plan = _PLANS.set_index("plan_id").loc[subs.plan_id]
    tier = plan.tier.to_numpy()
    match = tier[:, None] == _OFFERS.target_tier.to_numpy()[None, :]
    ratio = subs.data_used_gb.to_numpy() / plan.data_gb.to_numpy()
    oq = subs.over_quota_months.to_numpy()
    mid_age = np.isin(subs.age_band.to_numpy(), ["35-44", "45-54"])
    fit = np.column_stack([
        0.45 * oq,                                                   # data add-on
        1.2 * (ratio > 0.9) + 0.15 * oq,                             # plan upgrade
        0.9 * mid_age,                                               # family bundle
        0.05 * np.clip(subs.handset_age_months.to_numpy() - 18, -12, 30),  # handset instalment
        0.06 * np.minimum(subs.roaming_days_12m.to_numpy(), 30),     # roaming pack
        1.5 * (tier == "business"),                                  # business bundle
    ])
    logit = fit - 0.7 * subs.contacted_last_30d.to_numpy()[:, None] + rng.normal(0, 0.5, (n, k))
    prob = np.empty((n, k))
    frac = match.mean()
    other_rate = (BLANKET_RATE - frac * TARGETED_RATE) / (1 - frac)
    prob[match] = _calibrate(logit[match], TARGETED_RATE)
    prob[~match] = _calibrate(logit[~match], other_rate)
    return pd.DataFrame({
        "subscriber_id": np.repeat(subs.subscriber_id.to_numpy(), k),
        "offer_id": np.tile(_OFFERS.offer_id.to_numpy(), n),
        "response_propensity": np.clip(rounded(prob.ravel()), 0.01, 0.95),
    })


def make(seed: int = DEFAULT_SEED, size: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate the Lianyun tables.

    Parameters
    ----------
    seed : int, default DEFAULT_SEED
        The generator's seed; every table draws from its own stream.
    size : float, default 1
        Multiplier of the subscribers (and so of the responses, six per subscriber); the six
        plans and six offers stay (1 gives the committed data).

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables of :data:`TABLE_NAMES`, in that order.

    Examples
    --------
    >>> tables = make(DEFAULT_SEED, 0.02)
    >>> len(tables["lianyun_subscribers"]), len(tables["lianyun_offer_response"])
    (120, 720)
    """
    subs = _lianyun_subscribers(seed, size)
    return {"lianyun_plans": _PLANS.copy(), "lianyun_subscribers": subs,
            "lianyun_offers": _OFFERS.copy(), "lianyun_offer_response": _lianyun_offer_response(seed, subs)}

