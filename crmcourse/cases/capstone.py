"""Case capstone — Huaxin's customer survey, read by the capstone case.

Written to ``data/huaxin/``: ``huaxin_survey`` (one row per respondent at a Huaxin account,
November 2025 - expectation and perception 1-10, overall satisfaction 1-5, likelihood to
recommend 0-10, ratings 1-5 of five service aspects) and ``huaxin_kano`` (Kano answers on five
service features). Drawn from the Huaxin accounts and contacts (:mod:`crmcourse.cases.huaxin`):
every class-A account answers, and each person of a mapped buying centre with probability 0.8
(the economic buyer always).

Planted: expectations are highest in hospitals and banks and rise with account size; repair
speed is rated lowest and drives the overall judgement most (importance-performance: fix it
first); very satisfied respondents are promoters about 70% of the time, satisfied ones about
15%; the NPS is lowest at class-A accounts; a contact's attitude to Huaxin shows in their
answers. Kano: 4-hour repair must-be, toner replenishment one-dimensional, usage reports
attractive, remote diagnostics indifferent, and the dedicated account manager must-be for
class-A accounts but indifferent for the others (no significant category overall). ``size``
follows the Huaxin accounts.

>>> sorted(make(DEFAULT_SEED, 0.05)) == sorted(TABLE_NAMES)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

import crmcourse.cases.huaxin as huaxin
from crmcourse.accounts import abc_classes
from crmcourse.cases.draws import DEFAULT_SEED, days_after, exact_shares, kano_answers, make_ids, table_rng
from crmcourse.constants import KANO_CATEGORIES

__all__ = ["TABLE_NAMES", "make"]

#: The tables of the case, in the order :func:`make` returns them.
TABLE_NAMES = ["huaxin_survey", "huaxin_kano"]

#: The five service aspects Huaxin's customers rate, and what drives their overall judgement
_CAP_ASPECTS = ["repair", "toner", "print_quality", "invoicing", "account_manager"]
_CAP_ASPECT_MEAN = np.array([2.75, 3.25, 4.15, 3.05, 3.55])   # mean rating 1-5 before the account effect
_CAP_ASPECT_WEIGHT = np.array([0.42, 0.20, 0.08, 0.04, 0.26])  # share of the overall perception
_CAP_EXPECT_BASE = {"hospital": 8.0, "bank": 7.7, "government": 6.9, "school": 6.5,
                    "manufacturing": 5.7, "logistics": 6.4}
# satisfaction 1..5 -> probabilities of answering as a detractor, passive, promoter (0-10 scale)
_CAP_NPS_MIX = {1: (0.97, 0.03, 0.0), 2: (0.90, 0.09, 0.01), 3: (0.62, 0.33, 0.05),
                4: (0.22, 0.58, 0.20), 5: (0.05, 0.27, 0.68)}
_CAP_KANO_FEATURES = ["4-hour on-site repair", "automatic toner replenishment", "monthly usage reports",
                      "dedicated account manager", "remote diagnostics"]
# feature -> shares of (A, O, M, I, R, Q): one tuple, or a dict keyed by ABC class or by industry group
_CAP_KANO_PLAN = {
    "4-hour on-site repair": {"critical": (.05, .22, .60, .09, .02, .02),
                              "other": (.10, .36, .38, .12, .02, .02)},
    "automatic toner replenishment": (.16, .52, .16, .12, .02, .02),
    "monthly usage reports": (.52, .14, .05, .25, .02, .02),
    "dedicated account manager": {"A": (.08, .26, .50, .13, .01, .02), "B": (.14, .24, .20, .38, .02, .02),
                                  "C": (.10, .10, .05, .69, .04, .02)},
    "remote diagnostics": (.24, .10, .04, .56, .03, .03),
}


def _cap_abc(revenue: np.ndarray) -> np.ndarray:
    """ABC class by the course rule (crmcourse.accounts.abc_classes): the share ranked above decides."""
    return abc_classes(pd.Series(revenue)).astype(str).to_numpy()


def _huaxin_survey(seed: int, accounts: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "huaxin_survey")
    abc = _cap_abc(accounts["annual_revenue"].to_numpy())
    by_account = contacts.groupby("account_id", sort=False)
    rows = []  # (account index, contact id or None, attitude)
    for i, (acc_id, cls) in enumerate(zip(accounts["account_id"], abc)):
        if acc_id in by_account.groups:
            people = by_account.get_group(acc_id)
            answered = rng.random(len(people)) < 0.8
            answered[people["buying_role"].to_numpy() == "economic buyer"] = True
            for cid, att in zip(people["contact_id"][answered], people["attitude"][answered]):
                rows.append((i, cid, int(att)))
        elif cls == "A":
            rows += [(i, None, 0)] * int(rng.integers(2, 4))
        elif cls == "B":
            if rng.random() < 0.85:
                rows += [(i, None, 0)] * int(rng.integers(1, 3))
        elif rng.random() < 0.6:
            rows.append((i, None, 0))
    idx = np.array([r[0] for r in rows])
    contact = np.array([r[1] for r in rows], dtype=object)
    attitude = np.array([r[2] for r in rows], dtype=float)
    n = len(rows)

    # account effects: our strength shows in the ratings; industry and size set the expectation
    strength = accounts["our_strength"].to_numpy(dtype=float)
    quality = (strength - 5.5) / 2.5 + rng.normal(0, 0.45, len(accounts))
    size = np.log(accounts["annual_revenue"].to_numpy(dtype=float) + 1)
    size = (size - size.mean()) / size.std()
    base = accounts["industry"].astype(str).map(_CAP_EXPECT_BASE).to_numpy(dtype=float)
    expect_acc = base + 0.35 * size + rng.normal(0, 0.5, len(accounts))

    ratings = np.clip(np.round(_CAP_ASPECT_MEAN + 0.55 * quality[idx, None] + 0.25 * attitude[:, None]
                               + rng.normal(0, 0.75, (n, len(_CAP_ASPECTS)))), 1, 5).astype(int)
    index = ratings @ _CAP_ASPECT_WEIGHT
    perception = np.clip(np.round(2.1 * index + 0.3 + 0.3 * attitude + rng.normal(0, 0.6, n)), 1, 10).astype(int)
    expectation = np.clip(np.round(expect_acc[idx] + rng.normal(0, 0.8, n)), 1, 10).astype(int)
    ratio = perception / expectation
    satisfaction = np.clip(np.round(4 + 5 * (ratio - 1) + rng.normal(0, 0.5, n)), 1, 5).astype(int)

    u = rng.random(n)
    mix = np.array([_CAP_NPS_MIX[s] for s in satisfaction])
    group = (u >= mix[:, 0]).astype(int) + (u >= mix[:, 0] + mix[:, 1]).astype(int)  # 0 det, 1 pas, 2 pro
    low = rng.choice(np.arange(7), n, p=[.03, .04, .07, .12, .18, .26, .30])
    recommend = np.where(group == 0, low,
                         np.where(group == 1, 7 + rng.integers(0, 2, n), 9 + rng.integers(0, 2, n)))
    recommend = np.clip(recommend + attitude.astype(int), 0, 10)

    date = days_after("2025-11-03", rng.integers(0, 26, n))
    out = pd.DataFrame({
        "respondent_id": make_ids("HX-S", n, 4),
        "account_id": accounts["account_id"].to_numpy()[idx],
        "contact_id": contact,
        "survey_date": date,
        "expectation": expectation,
        "perception": perception,
        "satisfaction": satisfaction,
        "recommend": recommend.astype(int),
    })
    for j, aspect in enumerate(_CAP_ASPECTS):
        out[f"rating_{aspect}"] = ratings[:, j]
    return out


def _huaxin_kano(seed: int, survey: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "huaxin_kano")
    info = accounts.set_index("account_id")
    cls = pd.Series(_cap_abc(accounts["annual_revenue"].to_numpy()), index=accounts["account_id"])
    account_class = survey["account_id"].map(cls).to_numpy()
    industry = survey["account_id"].map(info["industry"].astype(str)).to_numpy()
    critical = np.where(np.isin(industry, ["hospital", "bank"]), "critical", "other")
    n = len(survey)
    frames = []
    for feature, plan in _CAP_KANO_PLAN.items():
        if isinstance(plan, dict):
            key = critical if "critical" in plan else account_class
            groups = plan
        else:
            key = np.full(n, "all", dtype=object)
            groups = {"all": plan}
        cat = np.empty(n, dtype=object)
        for g, shares in groups.items():
            at = np.flatnonzero(key == g)
            cat[at] = exact_shares(rng, len(at), KANO_CATEGORIES, shares)
        func, dysf = kano_answers(rng, cat)
        frames.append(pd.DataFrame({"respondent_id": survey["respondent_id"].to_numpy(), "feature": feature,
                                    "functional": func, "dysfunctional": dysf}))
    out = pd.concat(frames, ignore_index=True)
    out["_f"] = out["feature"].map({f: i for i, f in enumerate(_CAP_KANO_FEATURES)})
    return out.sort_values(["respondent_id", "_f"], kind="stable").drop(columns="_f").reset_index(drop=True)


def make(seed: int = DEFAULT_SEED, size: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate the capstone survey tables from the Huaxin case of the same seed and size.

    Parameters
    ----------
    seed : int, default DEFAULT_SEED
        The generator's seed; the survey and the Kano answers draw from their own streams.
    size : float, default 1
        Passed to the Huaxin case, so the respondents follow its accounts (1 gives the committed
        data).

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables of :data:`TABLE_NAMES`, in that order.

    Examples
    --------
    >>> tables = make(DEFAULT_SEED, 0.05)
    >>> tables["huaxin_kano"].feature.nunique()
    5
    """
    hx = huaxin.make(seed, size)
    survey = _huaxin_survey(seed, hx["huaxin_accounts"], hx["huaxin_contacts"])
    return {"huaxin_survey": survey, "huaxin_kano": _huaxin_kano(seed, survey, hx["huaxin_accounts"])}

