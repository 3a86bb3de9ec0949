"""Case qingmei — Qingmei Cosmetics (清美化妆品), modules 1, 4 and 6.

A consumer brand with members. Tables: ``qingmei_customers``, ``qingmei_transactions``
(2024-01-01 … 2025-12-31), ``qingmei_personas``, ``qingmei_kano``, ``qingmei_servqual``,
``qingmei_servqual_weights``, ``qingmei_nps``. Planted structure:

* six behavioural personas (champions, loyal regulars, at risk, new customers, bargain hunters,
  hibernating) that RFM tables and k-means recover; ``qingmei_personas`` is the ground truth;
  bargain hunters buy around the 6·18 and 11·11 sales;
* the Kano survey has two clear must-be, two one-dimensional and three attractive features, an
  indifferent one, a feature whose category differs by customer group (refill packaging:
  attractive for the young, indifferent for mature customers, so a near tie overall) and a near
  tie (free samples: attractive vs one-dimensional, not significant by Fong's test);
* SERVQUAL gaps are most negative for reliability and responsiveness and positive for tangibles;
* in the NPS survey, customers answering "5 very satisfied" repurchase about three times as often
  as those answering "4 satisfied" (satisfaction is not loyalty); the repurchase flag agrees with
  the transactions table.

>>> sorted(make(DEFAULT_SEED, 0.03)) == sorted(TABLE_NAMES)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse.cases.draws import (AGE_BANDS, DEFAULT_SEED, as_dates, exact_shares, kano_answers,
                                   make_ids, rounded, scaled_count, split_counts, table_rng)
from crmcourse.constants import KANO_CATEGORIES, SERVQUAL_DIMENSIONS

__all__ = ["TABLE_NAMES", "PERSONAS", "make"]

#: The tables of the case, in the order :func:`make` returns them.
TABLE_NAMES = ["qingmei_customers", "qingmei_transactions", "qingmei_personas", "qingmei_kano",
               "qingmei_servqual", "qingmei_servqual_weights", "qingmei_nps"]
#: The six planted behavioural personas (the values of ``qingmei_personas.persona``).
PERSONAS = ["champions", "loyal regulars", "at risk", "new customers", "bargain hunters", "hibernating"]

# persona: share, join window, mean purchases, mean ticket (CNY), channel mix (shop, online, both)
_PERSONA_SPEC = {
    "champions":       (0.09, ("2019-01-01", "2023-06-30"), 72, 320, (0.25, 0.15, 0.60)),
    "loyal regulars":  (0.20, ("2019-01-01", "2024-03-31"), 34, 210, (0.35, 0.30, 0.35)),
    "at risk":         (0.09, ("2019-06-01", "2023-12-31"), 1.6, 520, (0.40, 0.25, 0.35)),
    "new customers":   (0.08, ("2025-09-01", "2025-12-20"), 1.3, 180, (0.30, 0.55, 0.15)),
    "bargain hunters": (0.24, ("2019-01-01", "2025-03-31"), 7, 75, (0.15, 0.65, 0.20)),
    "hibernating":     (0.30, ("2018-06-01", "2024-09-30"), 0.5, 120, (0.45, 0.40, 0.15)),
}
_PROMOS = np.array(["2024-06-18", "2024-11-11", "2025-06-18", "2025-11-11"], dtype="datetime64[D]")


def _qingmei_people(seed: int, size: float) -> pd.DataFrame:
    """Customers with their (hidden) persona and purchase window; finished after transactions."""
    rng = table_rng(seed, "qingmei_customers")
    n = scaled_count(3200, size, 30)
    names = list(_PERSONA_SPEC)
    persona = exact_shares(rng, n, names, [_PERSONA_SPEC[p][0] for p in names])
    lo = np.array([np.datetime64(_PERSONA_SPEC[p][1][0]) for p in persona])
    hi = np.array([np.datetime64(_PERSONA_SPEC[p][1][1]) for p in persona])
    join = lo + (rng.random(n) * ((hi - lo).astype(int) + 1)).astype(int).astype("timedelta64[D]")

    age_p = {"champions": [.06, .34, .34, .18, .08], "loyal regulars": [.08, .30, .32, .20, .10],
             "at risk": [.04, .30, .36, .20, .10], "new customers": [.30, .38, .18, .10, .04],
             "bargain hunters": [.34, .36, .16, .10, .04], "hibernating": [.15, .30, .25, .18, .12]}
    age = np.empty(n, dtype=object)
    chan_pref = np.empty(n, dtype=object)
    for p in names:
        idx = np.flatnonzero(persona == p)
        age[idx] = rng.choice(AGE_BANDS, len(idx), p=age_p[p])
        chan_pref[idx] = rng.choice(["shop", "online", "both"], len(idx), p=_PERSONA_SPEC[p][4])
    exp_mean = pd.Series({"champions": 6.6, "loyal regulars": 4.6, "at risk": 6.2,
                          "new customers": 5.5, "bargain hunters": 6.8, "hibernating": 3.6})
    expectation = np.clip(exp_mean[persona].to_numpy() + rng.normal(0, 1.6, n), 1, 10)
    birthday = np.datetime64("2001-01-01") + rng.integers(0, 365, n).astype("timedelta64[D]")
    opted = rng.random(n) < np.where(persona == "bargain hunters", 0.12, 0.065)
    return pd.DataFrame({
        "customer_id": make_ids("QM-C", n, 5),
        "persona": persona,
        "join_date": join,
        "gender": rng.choice(["female", "male"], n, p=[0.86, 0.14]),
        "age_band": age,
        "city_tier": rng.choice([1, 2, 3, 4], n, p=[0.3, 0.34, 0.22, 0.14]),
        "channel_pref": chan_pref,
        "birthday": pd.Series(birthday.astype(str)).str[5:].to_numpy(dtype=object),
        "opted_out": opted,
        "expectation_score": rounded(expectation, 1),
    })


def _qingmei_transactions(seed: int, people: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "qingmei_transactions")
    n = len(people)
    persona = people.persona.to_numpy()
    start_all, end_all = np.datetime64("2024-01-01"), np.datetime64("2025-12-31")
    start = np.maximum(people.join_date.to_numpy().astype("datetime64[D]"), start_all)
    end = np.full(n, end_all)
    mean_n = pd.Series({p: s[2] for p, s in _PERSONA_SPEC.items()})[persona].to_numpy().astype(float)

    loyal = persona == "loyal regulars"
    end[loyal] = end_all - rng.integers(12, 75, loyal.sum()).astype("timedelta64[D]")
    risk = persona == "at risk"
    end[risk] = np.datetime64("2024-09-01") + rng.integers(0, 272, risk.sum()).astype("timedelta64[D]")
    hib = persona == "hibernating"
    end[hib] = np.minimum(start[hib] + rng.integers(0, 150, hib.sum()).astype("timedelta64[D]"),
                          np.datetime64("2024-12-31"))
    span = (end - start).astype(int) + 1

    k = np.empty(n, dtype=int)
    champ = persona == "champions"
    k[champ | loyal] = rng.poisson(rng.gamma(8, mean_n[champ | loyal] / 8))
    k[risk] = rng.poisson(mean_n[risk] * span[risk] / 30.4)             # ~1.6 a month while active
    new = persona == "new customers"
    k[new] = 1 + rng.poisson(mean_n[new])
    barg = persona == "bargain hunters"
    k[barg] = 3 + rng.poisson(mean_n[barg] * span[barg] / 731)
    k[hib] = 1 + rng.binomial(1, mean_n[hib])
    k = np.maximum(k, 1)

    cust = np.repeat(np.arange(n), k)
    m = len(cust)
    day = start[cust] + (rng.random(m) * span[cust]).astype(int).astype("timedelta64[D]")
    # bargain hunters: most purchases in the days around the 6·18 and 11·11 sales
    is_b = barg[cust] & (rng.random(m) < 0.65)
    promo = _PROMOS[rng.integers(0, len(_PROMOS), m)] + rng.integers(-6, 3, m).astype("timedelta64[D]")
    ok = is_b & (promo >= start[cust]) & (promo <= end[cust])
    day = np.where(ok, promo, day)
    # champions and new customers: make sure the last purchase is recent
    first_of = np.cumsum(k) - k
    recent = (champ | new)[cust] & np.isin(np.arange(m), first_of + k - 1)
    recent_day = np.maximum(start[cust], end_all - rng.integers(0, 21, m).astype("timedelta64[D]"))
    day = np.where(recent, recent_day, day)

    ticket = pd.Series({p: s[3] for p, s in _PERSONA_SPEC.items()})[persona].to_numpy()
    cust_level = np.exp(rng.normal(0, 0.25, n))  # some customers spend more per visit than others
    amount = ticket[cust] * cust_level[cust] * rng.lognormal(-0.1, 0.45, m)
    amount = np.where(ok, amount * 0.8, amount)  # sale prices
    amount = np.maximum(9.9, rounded(amount))
    items = 1 + rng.poisson(amount / 190)

    p_online = pd.Series({"shop": 0.0, "online": 1.0, "both": 0.5})[people.channel_pref].to_numpy()
    channel = np.where(rng.random(m) < p_online[cust], "online", "shop").astype(object)

    tx = pd.DataFrame({"customer_id": people.customer_id.to_numpy()[cust], "date": day,
                       "channel": channel, "amount": amount, "items": items})
    tx = tx.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    tx.insert(0, "transaction_id", make_ids("T", m, 6))
    tx["date"] = as_dates(tx.date.to_numpy())
    return tx


def _qingmei_customers(people: pd.DataFrame, tx: pd.DataFrame) -> pd.DataFrame:
    chans = tx.groupby("customer_id").channel.agg(lambda s: s.iloc[0] if s.nunique() == 1 else "both")
    spend25 = tx[tx.date >= "2025-01-01"].groupby("customer_id").amount.sum()
    spend = people.customer_id.map(spend25).fillna(0.0).to_numpy()
    level = np.select([spend >= 10_000, spend >= 3_000, spend >= 800],
                      ["diamond", "gold", "silver"], "ordinary").astype(object)
    return pd.DataFrame({
        "customer_id": people.customer_id,
        "join_date": as_dates(people.join_date.to_numpy()),
        "gender": people.gender,
        "age_band": people.age_band,
        "city_tier": people.city_tier,
        "channel": people.customer_id.map(chans).to_numpy(dtype=object),
        "birthday": people.birthday,
        "opted_out": people.opted_out,
        "member_level": level,
        "expectation_score": people.expectation_score,
    })


_KANO_GROUPS = ["students", "young professionals", "mature customers"]

# feature -> shares of (A, O, M, I, R, Q), either one tuple for all groups or one per group
_KANO_PLAN = {
    "clear ingredient list":      (.06, .16, .62, .12, .02, .02),
    "allergy-tested formula":     (.06, .22, .56, .12, .02, .02),
    "long-lasting effect":        (.14, .58, .16, .09, .01, .02),
    "member discount":            [(.12, .60, .08, .16, .02, .02), (.16, .52, .10, .18, .02, .02),
                                   (.20, .44, .12, .20, .02, .02)],
    "skin test in shop":          (.55, .15, .05, .21, .02, .02),
    "personalised skincare plan": (.50, .18, .04, .25, .02, .01),
    "birthday gift":              [(.40, .12, .06, .38, .03, .01), (.46, .12, .06, .32, .03, .01),
                                   (.56, .12, .06, .22, .03, .01)],
    "celebrity endorsement":      [(.22, .04, .02, .54, .15, .03), (.12, .04, .02, .62, .17, .03),
                                   (.06, .02, .02, .64, .23, .03)],
    "refill packaging":           [(.58, .10, .04, .22, .04, .02), (.52, .12, .04, .26, .04, .02),
                                   (.14, .08, .08, .62, .06, .02)],
    "free samples":               (.40, .38, .06, .13, .01, .02),
}



def _qingmei_kano(seed: int, size: float) -> pd.DataFrame:
    rng = table_rng(seed, "qingmei_kano")
    n = scaled_count(240, size, 30)
    group = np.repeat(np.array(_KANO_GROUPS, dtype=object), split_counts(n, [1, 1, 1]))
    ids = make_ids("KS-", n, 4)
    frames = []
    for feature, plan in _KANO_PLAN.items():
        plans = plan if isinstance(plan, list) else [plan] * 3
        cat = np.empty(n, dtype=object)
        for g, shares in zip(_KANO_GROUPS, plans):
            idx = np.flatnonzero(group == g)
            cat[idx] = exact_shares(rng, len(idx), KANO_CATEGORIES, shares)
        func, dysf = kano_answers(rng, cat)
        frames.append(pd.DataFrame({"respondent_id": ids, "customer_group": group, "feature": feature,
                                    "functional": func, "dysfunctional": dysf}))
    out = pd.concat(frames, ignore_index=True)
    out["_f"] = out.feature.map({f: i for i, f in enumerate(_KANO_PLAN)})
    return out.sort_values(["respondent_id", "_f"], kind="stable").drop(columns="_f").reset_index(drop=True)


_SQ_ITEMS = np.repeat(np.arange(5), [4, 5, 4, 4, 5])  # dimension index of items 1..22
_SQ_EXPECT = np.array([5.2, 6.5, 6.2, 6.1, 5.8])
_SQ_PERCEIVE = np.array([5.8, 5.1, 5.0, 5.6, 5.1])
_SQ_IMPORTANCE = np.array([11, 32, 22, 19, 16])


def _qingmei_servqual(seed: int, size: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = table_rng(seed, "qingmei_servqual")
    n = scaled_count(220, size, 20)
    ids = make_ids("SQ-", n, 4)
    dim = _SQ_ITEMS
    item_e = rng.normal(0, 0.2, 22)
    item_p = rng.normal(0, 0.25, 22)
    resp_e = rng.normal(0, 0.45, (n, 1))
    resp_p = rng.normal(0, 0.6, (n, 1))
    e = _SQ_EXPECT[dim] + item_e + resp_e + rng.normal(0, 0.75, (n, 22))
    p = _SQ_PERCEIVE[dim] + item_p + resp_p + rng.normal(0, 0.85, (n, 22))
    e = np.clip(np.round(e), 1, 7).astype(int)
    p = np.clip(np.round(p), 1, 7).astype(int)
    sq = pd.DataFrame({
        "respondent_id": np.repeat(ids, 22),
        "item": np.tile(np.arange(1, 23), n),
        "dimension": np.tile(np.array(SERVQUAL_DIMENSIONS, dtype=object)[dim], n),
        "expectation": e.ravel(),
        "perception": p.ravel(),
    })
    wrng = table_rng(seed, "qingmei_servqual_weights")
    shares = wrng.dirichlet(_SQ_IMPORTANCE * 1.5, n) * 100
    points = np.floor(shares).astype(int)
    rest = 100 - points.sum(axis=1)
    order = np.argsort(-(shares - points), axis=1, kind="stable")
    for j in range(5):
        points[np.arange(n), order[:, j]] += (rest > j).astype(int)
    weights = pd.DataFrame(points, columns=list(SERVQUAL_DIMENSIONS))
    weights.insert(0, "respondent_id", ids)
    return sq, weights


# satisfaction 1..5: share of respondents and repurchase rate within six months
_NPS_SHARE = np.array([0.05, 0.10, 0.20, 0.40, 0.25])
_NPS_REPURCHASE = np.array([0.03, 0.06, 0.10, 0.20, 0.60])


def _qingmei_nps(seed: int, size: float, people: pd.DataFrame, tx: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "qingmei_nps")
    n_target = scaled_count(1600, size, 40)
    survey = np.datetime64("2025-01-06") + rng.integers(0, 176, len(people)).astype("timedelta64[D]")
    cand = pd.DataFrame({"customer_id": people.customer_id, "survey_date": survey,
                         "persona": people.persona})
    t = tx[["customer_id", "date"]].merge(cand[["customer_id", "survey_date"]], on="customer_id")
    before = t[t.date < t.survey_date].customer_id.unique()
    win = (t.date > t.survey_date) & (t.date <= t.survey_date + np.timedelta64(182, "D"))
    again = set(t[win].customer_id)
    cand = cand[cand.customer_id.isin(before)].reset_index(drop=True)
    cand["repurchased_within_6m"] = cand.customer_id.isin(again)

    joint = _NPS_SHARE * _NPS_REPURCHASE
    p_rep = joint.sum()
    yes = cand.index[cand.repurchased_within_6m].to_numpy()
    no = cand.index[~cand.repurchased_within_6m].to_numpy()
    n_yes = min(len(yes), round(n_target * p_rep))
    n_no = min(len(no), n_target - n_yes)
    n_yes = min(n_yes, round(n_no * p_rep / (1 - p_rep)))  # keep the planted rates if short
    pick_yes = rng.choice(yes, n_yes, replace=False)
    pick_no = rng.choice(no, n_no, replace=False)

    latent = pd.Series({"champions": 1.0, "loyal regulars": 0.6, "new customers": 0.3,
                        "bargain hunters": -0.1, "at risk": -0.4, "hibernating": -0.6})
    sat = pd.Series(0, index=cand.index)
    for picked, dist in ((pick_yes, joint / joint.sum()),
                         (pick_no, _NPS_SHARE * (1 - _NPS_REPURCHASE) / (1 - p_rep))):
        score = latent[cand.persona[picked]].to_numpy() + rng.normal(0, 0.9, len(picked))
        levels = np.sort(rng.choice(np.arange(1, 6), len(picked), p=dist))
        sat[picked[np.argsort(score, kind="stable")]] = levels
    out = cand.loc[np.sort(np.concatenate([pick_yes, pick_no]))].copy()
    out["satisfaction"] = sat[out.index].to_numpy()
    s = out.satisfaction.to_numpy()
    rep = out.repurchased_within_6m.to_numpy()
    ltr_mean = np.array([0, 2.0, 4.0, 6.0, 7.4, 9.1])[s] + 0.5 * rep
    ltr = np.clip(np.round(ltr_mean + rng.normal(0, 1.1, len(out))), 0, 10).astype(int)
    lam = np.array([0, 0.0, 0.02, 0.05, 0.15, 0.55])[s] + 0.3 * (ltr >= 9)
    out["likelihood_to_recommend"] = ltr
    out["referrals"] = rng.poisson(lam)
    out["survey_date"] = as_dates(out.survey_date.to_numpy())
    return out[["customer_id", "survey_date", "satisfaction", "likelihood_to_recommend",
                "repurchased_within_6m", "referrals"]].reset_index(drop=True)


def make(seed: int = DEFAULT_SEED, size: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate the Qingmei tables.

    Parameters
    ----------
    seed : int, default DEFAULT_SEED
        The generator's seed; every table draws from its own stream.
    size : float, default 1
        Multiplier of the members (and so their transactions) and of the three surveys
        (1 gives the committed data).

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables of :data:`TABLE_NAMES`, in that order.

    Examples
    --------
    >>> tables = make(DEFAULT_SEED, 0.03)
    >>> sorted(tables["qingmei_personas"].persona.unique()) == sorted(PERSONAS)
    True
    """
    people = _qingmei_people(seed, size)
    tx = _qingmei_transactions(seed, people)
    customers = _qingmei_customers(people, tx)
    servqual, weights = _qingmei_servqual(seed, size)
    return {
        "qingmei_customers": customers,
        "qingmei_transactions": tx,
        "qingmei_personas": people[["customer_id", "persona"]].copy(),
        "qingmei_kano": _qingmei_kano(seed, size),
        "qingmei_servqual": servqual,
        "qingmei_servqual_weights": weights,
        "qingmei_nps": _qingmei_nps(seed, size, people, tx),
    }

