"""Seeded generator of the three fictional case companies that carry the course.

Every table under ``data/huaxin/``, ``data/qingmei/`` and ``data/lianyun/`` is made here, by
:func:`generate`, and written by :func:`write`; ``tests/test_cases.py`` regenerates the files and
compares checksums, so the committed CSVs are always reproducible. All people and companies are
synthetic (pinyin-style names drawn from short word lists); any resemblance is coincidental.

The cases
---------
**huaxin — Huaxin Office Systems (华信办公设备)**, a B2B office-equipment and managed-print
supplier (modules 2, 3 and 5). Tables: ``huaxin_accounts``, ``huaxin_reps``,
``huaxin_opportunities``, ``huaxin_stage_history``, ``huaxin_contacts``, ``huaxin_account_team``.
Planted structure:

* account revenue is lognormal (σ ≈ 1.6), so about 20% of the accounts bring about 75–80% of the
  revenue (the 80/20 curve, ABC classes, the postal-style diamond/platinum/gold/VIP tiers);
* a few small accounts are ``opinion_leader`` (they matter by influence, not volume);
  ``attractiveness`` and ``our_strength`` fill all four cells of the portfolio matrix;
* opportunities move through the SuiteCRM stages; the stage history never goes back in time;
  about 9% of the open deals are stuck (last stage entered more than 120 days before the snapshot
  date 2026-01-01); lost deals carry a reason (price and competitor late in the process, "no
  budget" and "chose to do nothing" early);
* the buying centres of the largest accounts have exactly one economic buyer each; about a third
  lack a coach; a few key accounts are covered by one of our people only and some economic buyers
  by nobody (coverage gaps to find).

**qingmei — Qingmei Cosmetics (清美化妆品)**, a consumer brand with members (modules 1, 4 and 6).
Tables: ``qingmei_customers``, ``qingmei_transactions`` (2024-01-01 … 2025-12-31),
``qingmei_personas``, ``qingmei_kano``, ``qingmei_servqual``, ``qingmei_servqual_weights``,
``qingmei_nps``. Planted structure:

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

**lianyun — Lianyun Telecom (联云通信)**, a mobile operator (module 4, targeting). Tables:
``lianyun_plans``, ``lianyun_subscribers``, ``lianyun_offers``, ``lianyun_offer_response``.
Every offer is reserved for one plan tier (the source case's rule); the response propensities are
calibrated so that a blanket campaign (any offer to anyone) succeeds about 8% of the time and a
campaign that keeps the rule succeeds about 17% (the source case's 8% → 16%).

Determinism: each table draws from its own ``numpy.random.default_rng(seed + offset)`` where the
offset is the CRC-32 of the table name, so adding a table never changes the others. ``size``
multiplies the row counts of the large tables (for benchmarks); ``size=1`` gives the committed data.

>>> tables = generate("lianyun", size=0.02)
>>> sorted(tables)
['lianyun_offer_response', 'lianyun_offers', 'lianyun_plans', 'lianyun_subscribers']
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_SEED = 20261126
SNAPSHOT = np.datetime64("2026-01-01")  # "today" for every case: recency, stuck deals, ...
CASES = ("huaxin", "qingmei", "lianyun")

TABLES = {
    "huaxin": ["huaxin_accounts", "huaxin_reps", "huaxin_opportunities", "huaxin_stage_history",
               "huaxin_contacts", "huaxin_account_team"],
    "qingmei": ["qingmei_customers", "qingmei_transactions", "qingmei_personas", "qingmei_kano",
                "qingmei_servqual", "qingmei_servqual_weights", "qingmei_nps"],
    "lianyun": ["lianyun_plans", "lianyun_subscribers", "lianyun_offers", "lianyun_offer_response"],
}

STAGES = ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
          "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
          "Negotiation/Review", "Closed Won", "Closed Lost"]
#: SuiteCRM's default win probability (%) per stage.
STAGE_PROBABILITY = dict(zip(STAGES, [10, 20, 25, 30, 40, 50, 65, 80, 100, 0]))

KANO_ANSWERS = ["like", "must-be", "neutral", "live-with", "dislike"]
SERVQUAL_DIMENSIONS = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
PERSONAS = ["champions", "loyal regulars", "at risk", "new customers", "bargain hunters", "hibernating"]

# ----------------------------------------------------------------------------- word lists
_SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
             "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie",
             "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng"]
_SYLLABLES = ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Jun", "Yang", "Yan", "Jie",
              "Tao", "Ming", "Chao", "Xiu", "Hui", "Ying", "Hao", "Lan", "Ping", "Bo", "Ning",
              "Xin", "Yu", "Rui", "Jia", "Zhen", "Kai", "Lu", "Dan", "Yi", "Qing", "Hong", "Li"]
_PREFIXES = ["Hengda", "Jinlong", "Ruifeng", "Huamei", "Dongsheng", "Xinhe", "Tianyu", "Baorun",
             "Kangda", "Yongxin", "Haixing", "Longteng", "Shengda", "Fuxing", "Hongqiao", "Jiahe",
             "Anping", "Mingde", "Qiaosheng", "Taihe", "Xingguang", "Jinqiao", "Ruixiang",
             "Lianhua", "Wanfeng", "Zhenxing", "Chengguang", "Runfa", "Yuantai", "Kaixuan",
             "Boya", "Huiming", "Dingxin", "Shunda", "Tongfu", "Xiangrui", "Yinhe", "Zhiyuan",
             "Guangyao", "Lanting"]
_INDUSTRY_SUFFIXES = {
    "hospital": ["People's Hospital", "Maternity Hospital", "Medical Centre", "TCM Hospital",
                 "Eye Hospital", "Dental Group"],
    "school": ["Middle School", "Vocational College", "Foreign Language School", "University",
               "Primary School", "Teachers College"],
    "bank": ["Rural Commercial Bank", "City Bank Branch", "Credit Union", "Securities Branch",
             "Insurance Branch"],
    "government": ["District Tax Office", "Municipal Archives", "Land Resources Bureau",
                   "District Court", "Civil Affairs Bureau", "Social Security Centre"],
    "manufacturing": ["Precision Machinery", "Auto Parts", "Electronics", "Textiles",
                      "Pharmaceutical", "Packaging"],
    "logistics": ["Logistics", "Express", "Cold Chain", "Freight", "Warehousing", "Supply Chain"],
}


# ----------------------------------------------------------------------------- helpers
def _rng(seed: int, table: str) -> np.random.Generator:
    """Independent, stable random stream per table (CRC-32, never Python's salted ``hash``)."""
    return np.random.default_rng(seed + zlib.crc32(table.encode("utf-8")))


def _n(base: int, size: float, minimum: int) -> int:
    return max(minimum, int(round(base * size)))


def _counts(n: int, props) -> np.ndarray:
    """Split ``n`` into integer counts proportional to ``props`` (largest remainder)."""
    p = np.asarray(props, dtype=float)
    p = p / p.sum()
    raw = p * n
    out = np.floor(raw).astype(int)
    rest = n - out.sum()
    if rest:
        order = np.argsort(-(raw - out), kind="stable")
        out[order[:rest]] += 1
    return out


def _composition(rng: np.random.Generator, n: int, labels, props) -> np.ndarray:
    """Exactly-proportioned labels in random order (no sampling noise in the shares)."""
    return rng.permutation(np.repeat(np.asarray(labels, dtype=object), _counts(n, props)))


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    width = max(width, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def _people(rng: np.random.Generator, n: int) -> np.ndarray:
    sur = rng.choice(_SURNAMES, n)
    first = rng.choice(_SYLLABLES, n)
    second = rng.choice(_SYLLABLES, n)
    two = rng.random(n) < 0.55
    given = np.where(two, np.char.add(first.astype(str), np.char.lower(second.astype(str))), first)
    return np.char.add(np.char.add(sur.astype(str), " "), given.astype(str)).astype(object)


def _days(start: str, offsets) -> np.ndarray:
    return np.datetime64(start, "D") + np.asarray(offsets, dtype="int64").astype("timedelta64[D]")


def _dates(values) -> np.ndarray:
    """Whole days as ``datetime64[s]`` (an array, so assignment never aligns on an index)."""
    return np.asarray(values, dtype="datetime64[D]").astype("datetime64[s]")


def _round(x, decimals: int = 2) -> np.ndarray:
    return np.round(np.asarray(x, dtype=float), decimals)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# ============================================================================= huaxin
_INDUSTRIES = ["hospital", "school", "bank", "government", "manufacturing", "logistics"]
_REGIONS = ["north", "northeast", "east", "central", "south", "southwest"]
_REGION_TEAM = {"north": "north", "northeast": "north", "east": "east", "central": "east",
                "south": "south", "southwest": "south"}
_PRODUCT_LINES = ["multifunction printers", "production printing", "managed print service",
                  "document software", "maintenance contract", "consumables"]
_LOST_REASONS = ["price", "competitor relationship", "no budget", "chose to do nothing",
                 "product fit", "timing"]
_BUYING_ROLES = ["economic buyer", "user buyer", "technical buyer", "coach"]
_TEAM_ROLES = ["account lead", "technical specialist", "service lead", "executive sponsor"]


def _huaxin_reps(seed: int) -> pd.DataFrame:
    rng = _rng(seed, "huaxin_reps")
    spec = [("head office", "sales director"),
            ("north", "account manager"), ("north", "account manager"),
            ("east", "account manager"), ("east", "account manager"),
            ("south", "account manager"), ("south", "account manager"),
            ("north", "sales engineer"), ("east", "sales engineer"), ("south", "sales engineer"),
            ("head office", "service manager"), ("south", "service manager")]
    n = len(spec)
    hired = _days("2008-01-01", np.sort(rng.integers(0, 16 * 365, n)))
    return pd.DataFrame({
        "rep_id": _ids("HX-R", n, 2),
        "name": _people(rng, n),
        "team": [t for t, _ in spec],
        "role": [r for _, r in spec],
        "hire_date": _dates(hired),
    })


def _huaxin_accounts(seed: int, size: float, reps: pd.DataFrame) -> pd.DataFrame:
    rng = _rng(seed, "huaxin_accounts")
    n = _n(320, size, 8)
    industry = rng.choice(_INDUSTRIES, n, p=[0.18, 0.20, 0.12, 0.16, 0.22, 0.12])
    region = rng.choice(_REGIONS, n, p=[0.20, 0.10, 0.28, 0.14, 0.18, 0.10])
    city_tier = rng.choice([1, 2, 3, 4], n, p=[0.22, 0.33, 0.28, 0.17])

    emp_median = pd.Series({"hospital": 1100, "school": 280, "bank": 420, "government": 240,
                            "manufacturing": 650, "logistics": 380})
    z_emp = rng.standard_normal(n)
    employees = np.maximum(12, np.round(emp_median[industry].to_numpy()
                                        * np.exp(0.85 * z_emp - 0.12 * (city_tier - 2)))).astype(int)
    ind_effect = pd.Series({"hospital": 0.30, "school": -0.25, "bank": 0.25, "government": 0.05,
                            "manufacturing": 0.0, "logistics": -0.15})
    z = 0.5 * z_emp + np.sqrt(0.75) * rng.standard_normal(n)
    log_rev = np.log(110_000) + ind_effect[industry].to_numpy() + 1.6 * z - 0.1 * (city_tier - 2)
    revenue = _round(np.exp(log_rev))

    share = rng.beta(2.2, 3.0, n)  # our share of the account's wallet
    wallet = _round(revenue / share, 0)
    years = np.clip(rng.gamma(2.0, 2.6, n) + 0.6 * (z > 1), 0.1, 14)
    first_order = _days("2025-12-31", -np.round(years * 365.25)).clip(np.datetime64("2012-01-01"))

    pct = lambda v: pd.Series(v).rank(pct=True).to_numpy()  # noqa: E731
    growth = pd.Series({"hospital": 0.8, "school": 0.4, "bank": 0.3, "government": 0.5,
                        "manufacturing": 0.6, "logistics": 0.9})[industry].to_numpy()
    attract = 1 + 9 * np.clip(0.55 * pct(wallet) + 0.2 * growth + 0.3 * rng.random(n) - 0.05, 0, 1)
    strength = 1 + 9 * np.clip(0.5 * pct(share) + 0.25 * pct(years) + 0.3 * rng.random(n) - 0.05, 0, 1)

    # opinion leaders: small or mid-sized public-sector accounts others follow in group purchases
    small_public = np.flatnonzero(np.isin(industry, ["hospital", "school", "government"])
                                  & (pct(revenue) < 0.6))
    leaders = rng.choice(small_public, min(len(small_public), max(1, round(0.03 * n))), replace=False)
    opinion = np.zeros(n, dtype=bool)
    opinion[leaders] = True

    prefix = rng.choice(_PREFIXES, n)
    suffix = np.array([_INDUSTRY_SUFFIXES[i][k % len(_INDUSTRY_SUFFIXES[i])]
                       for i, k in zip(industry, rng.integers(0, 60, n))], dtype=object)
    names = pd.Series(np.char.add(np.char.add(prefix.astype(str), " "), suffix.astype(str)))
    dup = names.groupby(names).cumcount()
    names = names.where(dup == 0, names + " No. " + (dup + 1).astype(str))

    ams = reps[reps.role == "account manager"]
    team = pd.Series(region).map(_REGION_TEAM).to_numpy()
    pick = rng.integers(0, 2, n)
    owner = np.array([ams.rep_id[ams.team == t].to_numpy()[k] for t, k in zip(team, pick)], dtype=object)

    return pd.DataFrame({
        "account_id": _ids("HX-A", n, 4),
        "name": names.to_numpy(dtype=object),
        "industry": industry,
        "region": region,
        "city_tier": city_tier,
        "employees": employees,
        "annual_revenue": revenue,
        "wallet_estimate": wallet,
        "first_order_date": _dates(first_order),
        "owner": owner,
        "attractiveness": _round(attract, 1),
        "our_strength": _round(strength, 1),
        "opinion_leader": opinion,
    })


_STAGE_DAYS = np.array([10, 14, 18, 14, 16, 12, 20, 18], dtype=float)  # mean days in open stages


def _huaxin_opportunities(seed: int, size: float, accounts: pd.DataFrame, reps: pd.DataFrame):
    rng = _rng(seed, "huaxin_opportunities")
    n = _n(680, size, 20)
    rev = accounts.annual_revenue.to_numpy()
    weight = np.sqrt(rev) + np.sqrt(np.median(rev))
    acc_idx = rng.choice(len(accounts), n, p=weight / weight.sum())
    account_id = accounts.account_id.to_numpy()[acc_idx]

    owner = accounts.owner.to_numpy()[acc_idx].copy()
    ams = reps[reps.role == "account manager"].set_index("rep_id")
    other = rng.random(n) < 0.12  # a colleague from the same team opened the deal
    for i in np.flatnonzero(other):
        team = ams.team[owner[i]]
        mates = ams.index[(ams.team == team) & (ams.index != owner[i])]
        owner[i] = mates[0]

    line_idx = rng.choice(len(_PRODUCT_LINES), n, p=[0.25, 0.08, 0.17, 0.12, 0.18, 0.20])
    base = np.array([60_000, 420_000, 300_000, 150_000, 50_000, 28_000])[line_idx]
    scale = (rev[acc_idx] / np.median(rev)) ** 0.35
    amount = np.maximum(1_000, np.round(base * scale * rng.lognormal(0, 0.55, n), -2))

    # outcome and the furthest open stage reached (0..7)
    status = _composition(rng, n, ["open", "won", "lost"], [0.38, 0.29, 0.33])
    open_mask, won, lost = status == "open", status == "won", status == "lost"
    furthest = np.full(n, 7)
    furthest[open_mask] = rng.choice(8, open_mask.sum(), p=[.20, .17, .15, .12, .10, .08, .10, .08])
    furthest[lost] = rng.choice(8, lost.sum(), p=[.16, .17, .15, .12, .10, .08, .13, .09])
    final = furthest.copy()
    final[won] = 8
    final[lost] = 9

    # stage path lengths: open stages 0..furthest (+ a closing stage when closed)
    n_rows = furthest + 1 + (~open_mask)
    opp_of_row = np.repeat(np.arange(n), n_rows)
    pos = np.arange(n_rows.sum()) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
    stage_of_row = np.where(pos <= np.repeat(furthest, n_rows), pos, np.repeat(final, n_rows))
    # days spent in each row's stage before the next one (last row: none)
    size_factor = (amount / 100_000) ** 0.15
    dur = 1 + np.round(rng.gamma(1.6, 1 / 1.6, len(pos)) * _STAGE_DAYS[np.minimum(stage_of_row, 7)]
                       * size_factor[opp_of_row])
    is_last = pos == np.repeat(n_rows - 1, n_rows)
    dur[is_last] = 0

    # date the final stage was entered, then walk backwards
    end = np.empty(n, dtype="int64")  # days before the snapshot date
    closed = ~open_mask
    end[closed] = rng.integers(1, 1000, closed.sum())
    open_idx = np.flatnonzero(open_mask)
    n_stuck = int(round(0.09 * len(open_idx)))
    stuck = rng.choice(open_idx, n_stuck, replace=False)
    end[open_idx] = rng.integers(1, 111, len(open_idx))
    end[stuck] = rng.integers(125, 330, n_stuck)
    # entry date of a row = end date − days spent in this and all later stages before the final one
    rev_cum = pd.Series(dur[::-1]).groupby(opp_of_row[::-1]).cumsum().to_numpy()[::-1]
    entered = SNAPSHOT - (np.repeat(end, n_rows) + rev_cum).astype("timedelta64[D]")

    first_row = np.cumsum(n_rows) - n_rows
    created = entered[first_row]
    last_entered = entered[first_row + n_rows - 1]
    planned = np.round(_STAGE_DAYS.sum() * size_factor * rng.lognormal(-0.1, 0.35, n))
    expected = created + np.maximum(21, planned).astype("timedelta64[D]")
    closed_date = np.where(closed, last_entered, np.datetime64("NaT"))

    late = furthest >= 6
    reason = np.full(n, None, dtype=object)
    lost_late, lost_early = np.flatnonzero(lost & late), np.flatnonzero(lost & ~late)
    reason[lost_late] = rng.choice(_LOST_REASONS, len(lost_late), p=[.38, .30, .08, .06, .08, .10])
    reason[lost_early] = rng.choice(_LOST_REASONS, len(lost_early), p=[.06, .07, .27, .30, .18, .12])

    opp = pd.DataFrame({
        "account_id": account_id,
        "owner": owner,
        "product_line": np.array(_PRODUCT_LINES, dtype=object)[line_idx],
        "amount": _round(amount),
        "stage": np.array(STAGES, dtype=object)[final],
        "created_date": _dates(created),
        "expected_close_date": _dates(expected),
        "closed_date": _dates(closed_date),
        "lost_reason": reason,
    })
    order = np.lexsort((np.arange(n), opp.created_date.to_numpy()))
    opp = opp.iloc[order].reset_index(drop=True)
    opp.insert(0, "opportunity_id", _ids("HX-O", n, 4))

    new_id = np.empty(n, dtype=object)
    new_id[order] = opp.opportunity_id.to_numpy()
    hist = pd.DataFrame({
        "opportunity_id": new_id[opp_of_row],
        "stage": np.array(STAGES, dtype=object)[stage_of_row],
        "entered_date": _dates(entered),
    })
    hist = hist.sort_values(["opportunity_id", "entered_date"], kind="stable").reset_index(drop=True)
    return opp, hist


def _huaxin_contacts(seed: int, size: float, accounts: pd.DataFrame) -> pd.DataFrame:
    rng = _rng(seed, "huaxin_contacts")
    n_key = min(len(accounts), max(2, round(15 * size)))
    by_rev = accounts.sort_values("annual_revenue", ascending=False, kind="stable")
    key = list(by_rev.account_id[:n_key])
    rest = by_rev.iloc[n_key:]
    extras = list(rest.account_id[rest.opinion_leader])[: max(1, round(3 * size))]
    others = rest[~rest.account_id.isin(extras) & (rest.annual_revenue > rest.annual_revenue.median())]
    extras += list(rng.choice(others.account_id.to_numpy(), min(len(others), max(1, round(3 * size))),
                              replace=False))
    covered = key + [a for a in extras if a not in key]
    m = len(covered)
    no_coach = set(rng.choice(covered, max(1, round(0.3 * m)), replace=False))
    industry = accounts.set_index("account_id").industry

    titles = {
        "economic buyer": {"hospital": "Hospital President", "school": "Principal",
                           "bank": "Branch President", "government": "Director-General",
                           "manufacturing": "Chief Financial Officer", "logistics": "General Manager"},
        "user buyer": ["Office Manager", "Head of Finance", "Head of Administration",
                       "Department Head", "Records Supervisor", "Operations Manager"],
        "technical buyer": ["IT Manager", "Procurement Manager", "Equipment Department Head",
                            "Information Security Officer"],
        "coach": ["Assistant to the President", "Administrative Secretary", "IT Engineer",
                  "Deputy Office Manager"],
    }
    rows = []
    for a in covered:
        roles = (["economic buyer"] + ["user buyer"] * int(rng.integers(1, 4))
                 + ["technical buyer"] * int(rng.integers(1, 3)) + ([] if a in no_coach else ["coach"]))
        for r in roles:
            if r == "economic buyer":
                title = titles[r][industry[a]]
                infl = int(rng.choice([4, 5], p=[0.25, 0.75]))
                att = int(rng.choice([-2, -1, 0, 1, 2], p=[0.12, 0.2, 0.33, 0.25, 0.1]))
            elif r == "user buyer":
                title = str(rng.choice(titles[r]))
                infl = int(rng.choice([2, 3, 4], p=[0.35, 0.45, 0.2]))
                att = int(rng.choice([-2, -1, 0, 1, 2], p=[0.05, 0.15, 0.35, 0.3, 0.15]))
            elif r == "technical buyer":
                title = str(rng.choice(titles[r]))
                infl = int(rng.choice([3, 4], p=[0.55, 0.45]))
                att = int(rng.choice([-2, -1, 0, 1, 2], p=[0.1, 0.3, 0.35, 0.2, 0.05]))
            else:
                title = str(rng.choice(titles[r]))
                infl = int(rng.choice([1, 2, 3], p=[0.3, 0.5, 0.2]))
                att = int(rng.choice([1, 2], p=[0.35, 0.65]))
            rows.append((a, title, r, infl, att))
    out = pd.DataFrame(rows, columns=["account_id", "title", "buying_role", "influence", "attitude"])
    out.insert(0, "contact_id", _ids("HX-C", len(out), 4))
    out.insert(2, "name", _people(rng, len(out)))
    return out


def _huaxin_account_team(seed: int, accounts: pd.DataFrame, reps: pd.DataFrame,
                         contacts: pd.DataFrame) -> pd.DataFrame:
    rng = _rng(seed, "huaxin_account_team")
    acc = accounts.set_index("account_id")
    rep_team = reps.set_index("rep_id").team
    director = reps.rep_id[reps.role == "sales director"].iloc[0]
    key = list(dict.fromkeys(contacts.account_id))  # order of the buying-centre table
    by_rev = acc.loc[key].sort_values("annual_revenue", ascending=False, kind="stable").index
    top = set(by_rev[:3])
    pool = [a for a in key if a not in top]
    n_gap = max(1, round(len(key) / 6))
    gaps = rng.choice(pool, min(len(pool), 2 * n_gap), replace=False)
    single = set(gaps[:n_gap])            # only one of our people on the account
    eb_uncovered = set(gaps[n_gap:])      # nobody covers the economic buyer

    def person(role: str, team: str):
        cand = reps[(reps.role == role) & (reps.team == team)].rep_id
        if cand.empty:
            cand = reps[(reps.role == role) & (reps.team == "head office")].rep_id
        return cand.iloc[0]

    rows = []
    for a in key:
        owner = acc.owner[a]
        team = rep_team[owner]
        cs = contacts[contacts.account_id == a]
        by_role = {r: list(cs.contact_id[cs.buying_role == r]) for r in _BUYING_ROLES}
        eb = by_role["economic buyer"][0]
        if a in single:
            mine = by_role["coach"] + by_role["user buyer"][:1] + by_role["technical buyer"][:1]
            if rng.random() < 0.5:
                mine = [eb] + mine
            rows += [(a, owner, c, "account lead") for c in mine]
            continue
        lead = ([] if a in eb_uncovered else [eb]) + by_role["coach"] + by_role["user buyer"][:1]
        rows += [(a, owner, c, "account lead") for c in lead] or [(a, owner, None, "account lead")]
        se = person("sales engineer", team)
        rows += [(a, se, c, "technical specialist") for c in by_role["technical buyer"]]
        sm = person("service manager", team)
        users = by_role["user buyer"][1:] or by_role["user buyer"]
        rows += [(a, sm, c, "service lead") for c in users]
        if a in top:
            rows.append((a, director, eb, "executive sponsor"))
        elif a in eb_uncovered:  # a sponsor on paper, with no relationship to anyone there
            rows.append((a, director, None, "executive sponsor"))
    return pd.DataFrame(rows, columns=["account_id", "rep_id", "covers_contact_id", "team_role"])


def _huaxin(seed: int, size: float) -> dict[str, pd.DataFrame]:
    reps = _huaxin_reps(seed)
    accounts = _huaxin_accounts(seed, size, reps)
    opps, hist = _huaxin_opportunities(seed, size, accounts, reps)
    contacts = _huaxin_contacts(seed, size, accounts)
    team = _huaxin_account_team(seed, accounts, reps, contacts)
    return {"huaxin_accounts": accounts, "huaxin_reps": reps, "huaxin_opportunities": opps,
            "huaxin_stage_history": hist, "huaxin_contacts": contacts, "huaxin_account_team": team}


# ============================================================================= qingmei
_AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55+"]
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
    rng = _rng(seed, "qingmei_customers")
    n = _n(3200, size, 30)
    names = list(_PERSONA_SPEC)
    persona = _composition(rng, n, names, [_PERSONA_SPEC[p][0] for p in names])
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
        age[idx] = rng.choice(_AGE_BANDS, len(idx), p=age_p[p])
        chan_pref[idx] = rng.choice(["shop", "online", "both"], len(idx), p=_PERSONA_SPEC[p][4])
    exp_mean = pd.Series({"champions": 6.6, "loyal regulars": 4.6, "at risk": 6.2,
                          "new customers": 5.5, "bargain hunters": 6.8, "hibernating": 3.6})
    expectation = np.clip(exp_mean[persona].to_numpy() + rng.normal(0, 1.6, n), 1, 10)
    birthday = np.datetime64("2001-01-01") + rng.integers(0, 365, n).astype("timedelta64[D]")
    opted = rng.random(n) < np.where(persona == "bargain hunters", 0.12, 0.065)
    return pd.DataFrame({
        "customer_id": _ids("QM-C", n, 5),
        "persona": persona,
        "join_date": join,
        "gender": rng.choice(["female", "male"], n, p=[0.86, 0.14]),
        "age_band": age,
        "city_tier": rng.choice([1, 2, 3, 4], n, p=[0.3, 0.34, 0.22, 0.14]),
        "channel_pref": chan_pref,
        "birthday": pd.Series(birthday.astype(str)).str[5:].to_numpy(dtype=object),
        "opted_out": opted,
        "expectation_score": _round(expectation, 1),
    })


def _qingmei_transactions(seed: int, people: pd.DataFrame) -> pd.DataFrame:
    rng = _rng(seed, "qingmei_transactions")
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
    amount = np.maximum(9.9, _round(amount))
    items = 1 + rng.poisson(amount / 190)

    p_online = pd.Series({"shop": 0.0, "online": 1.0, "both": 0.5})[people.channel_pref].to_numpy()
    channel = np.where(rng.random(m) < p_online[cust], "online", "shop").astype(object)

    tx = pd.DataFrame({"customer_id": people.customer_id.to_numpy()[cust], "date": day,
                       "channel": channel, "amount": amount, "items": items})
    tx = tx.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    tx.insert(0, "transaction_id", _ids("T", m, 6))
    tx["date"] = _dates(tx.date.to_numpy())
    return tx


def _qingmei_customers(people: pd.DataFrame, tx: pd.DataFrame) -> pd.DataFrame:
    chans = tx.groupby("customer_id").channel.agg(lambda s: s.iloc[0] if s.nunique() == 1 else "both")
    spend25 = tx[tx.date >= "2025-01-01"].groupby("customer_id").amount.sum()
    spend = people.customer_id.map(spend25).fillna(0.0).to_numpy()
    level = np.select([spend >= 10_000, spend >= 3_000, spend >= 800],
                      ["diamond", "gold", "silver"], "ordinary").astype(object)
    return pd.DataFrame({
        "customer_id": people.customer_id,
        "join_date": _dates(people.join_date.to_numpy()),
        "gender": people.gender,
        "age_band": people.age_band,
        "city_tier": people.city_tier,
        "channel": people.customer_id.map(chans).to_numpy(dtype=object),
        "birthday": people.birthday,
        "opted_out": people.opted_out,
        "member_level": level,
        "expectation_score": people.expectation_score,
    })


# Kano: answer pairs (functional, dysfunctional) for each category, with weights
_KANO_PAIRS = {
    "A": ([("like", "must-be"), ("like", "neutral"), ("like", "live-with")], [.15, .55, .30]),
    "O": ([("like", "dislike")], [1.0]),
    "M": ([("must-be", "dislike"), ("neutral", "dislike"), ("live-with", "dislike")], [.35, .45, .20]),
    "I": ([("neutral", "neutral"), ("neutral", "live-with"), ("must-be", "neutral"),
           ("live-with", "live-with"), ("neutral", "must-be"), ("live-with", "neutral"),
           ("must-be", "must-be")], [.45, .20, .05, .10, .05, .10, .05]),
    "R": ([("dislike", "like"), ("neutral", "like"), ("dislike", "neutral"), ("live-with", "like")],
          [.40, .25, .20, .15]),
    "Q": ([("like", "like"), ("dislike", "dislike")], [.6, .4]),
}
_KANO_GROUPS = ["students", "young professionals", "mature customers"]
_KANO_CATS = ["A", "O", "M", "I", "R", "Q"]
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
    rng = _rng(seed, "qingmei_kano")
    n = _n(240, size, 30)
    group = np.repeat(np.array(_KANO_GROUPS, dtype=object), _counts(n, [1, 1, 1]))
    ids = _ids("KS-", n, 4)
    frames = []
    for feature, plan in _KANO_PLAN.items():
        plans = plan if isinstance(plan, list) else [plan] * 3
        cat = np.empty(n, dtype=object)
        for g, shares in zip(_KANO_GROUPS, plans):
            idx = np.flatnonzero(group == g)
            cat[idx] = _composition(rng, len(idx), _KANO_CATS, shares)
        func = np.empty(n, dtype=object)
        dysf = np.empty(n, dtype=object)
        for c, (pairs, w) in _KANO_PAIRS.items():
            idx = np.flatnonzero(cat == c)
            pick = rng.choice(len(pairs), len(idx), p=w)
            func[idx] = [pairs[j][0] for j in pick]
            dysf[idx] = [pairs[j][1] for j in pick]
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
    rng = _rng(seed, "qingmei_servqual")
    n = _n(220, size, 20)
    ids = _ids("SQ-", n, 4)
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
    wrng = _rng(seed, "qingmei_servqual_weights")
    shares = wrng.dirichlet(_SQ_IMPORTANCE * 1.5, n) * 100
    points = np.floor(shares).astype(int)
    rest = 100 - points.sum(axis=1)
    order = np.argsort(-(shares - points), axis=1, kind="stable")
    for j in range(5):
        points[np.arange(n), order[:, j]] += (rest > j).astype(int)
    weights = pd.DataFrame(points, columns=SERVQUAL_DIMENSIONS)
    weights.insert(0, "respondent_id", ids)
    return sq, weights


# satisfaction 1..5: share of respondents and repurchase rate within six months
_NPS_SHARE = np.array([0.05, 0.10, 0.20, 0.40, 0.25])
_NPS_REPURCHASE = np.array([0.03, 0.06, 0.10, 0.20, 0.60])


def _qingmei_nps(seed: int, size: float, people: pd.DataFrame, tx: pd.DataFrame) -> pd.DataFrame:
    rng = _rng(seed, "qingmei_nps")
    n_target = _n(1600, size, 40)
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
    out["survey_date"] = _dates(out.survey_date.to_numpy())
    return out[["customer_id", "survey_date", "satisfaction", "likelihood_to_recommend",
                "repurchased_within_6m", "referrals"]].reset_index(drop=True)


def _qingmei(seed: int, size: float) -> dict[str, pd.DataFrame]:
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


# ============================================================================= lianyun
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
    rng = _rng(seed, "lianyun_subscribers")
    n = _n(6000, size, 60)
    plan_idx = rng.choice(6, n, p=[0.18, 0.22, 0.25, 0.17, 0.10, 0.08])
    plan = _PLANS.iloc[plan_idx]
    tier = plan.tier.to_numpy()
    age = np.empty(n, dtype=object)
    for t, p in {"basic": [.26, .28, .18, .14, .14], "standard": [.16, .34, .26, .16, .08],
                 "premium": [.08, .30, .34, .20, .08], "business": [.02, .28, .40, .24, .06]}.items():
        idx = np.flatnonzero(tier == t)
        age[idx] = rng.choice(_AGE_BANDS, len(idx), p=p)
    tenure = np.clip(np.round(rng.gamma(1.5, 28, n)), 1, 240).astype(int)
    ratio = np.minimum(2.5, rng.lognormal(np.log(0.72), 0.42, n))
    data_used = _round(plan.data_gb.to_numpy() * ratio)
    over_p = _sigmoid((ratio - 1.0) * 8)
    over_q = rng.binomial(6, over_p)
    minutes = np.round(plan.minutes.to_numpy() * np.minimum(2.5, rng.lognormal(np.log(0.45), 0.55, n))).astype(int)
    excess = np.maximum(0, data_used - plan.data_gb.to_numpy()) * 3.0 * over_q / 6
    spend = _round(plan.monthly_fee.to_numpy() + excess + rng.gamma(1.2, 6.0, n))
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
        "subscriber_id": _ids("LY-S", n, 5),
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
        if _sigmoid(logit + mid).mean() < target:
            lo = mid
        else:
            hi = mid
    return _sigmoid(logit + (lo + hi) / 2)


BLANKET_RATE, TARGETED_RATE = 0.08, 0.17


def _lianyun_offer_response(seed: int, subs: pd.DataFrame) -> pd.DataFrame:
    rng = _rng(seed, "lianyun_offer_response")
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
        "response_propensity": np.clip(_round(prob.ravel()), 0.01, 0.95),
    })


def _lianyun(seed: int, size: float) -> dict[str, pd.DataFrame]:
    subs = _lianyun_subscribers(seed, size)
    return {"lianyun_plans": _PLANS.copy(), "lianyun_subscribers": subs,
            "lianyun_offers": _OFFERS.copy(), "lianyun_offer_response": _lianyun_offer_response(seed, subs)}


# ============================================================================= public API
def generate(case: str | None = None, size: float = 1.0, seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Generate the tables of one case company (or of all three when ``case`` is None).

    Pure and deterministic: the same ``seed`` and ``size`` give identical frames on every run.
    ``size`` multiplies the row counts of the large tables (accounts, opportunities, customers,
    transactions, surveys, subscribers); small reference tables (reps, plans, offers) keep theirs.

    >>> t = generate("huaxin", size=0.05)
    >>> list(t)
    ['huaxin_accounts', 'huaxin_reps', 'huaxin_opportunities', 'huaxin_stage_history', 'huaxin_contacts', 'huaxin_account_team']
    >>> len(t["huaxin_accounts"]), len(t["huaxin_reps"])
    (16, 12)
    >>> generate("lianyun", size=0.02)["lianyun_subscribers"].equals(
    ...     generate("lianyun", size=0.02)["lianyun_subscribers"])
    True
    """
    if case is not None and case not in CASES:
        raise ValueError(f"unknown case {case!r}; choose one of {', '.join(CASES)}")
    if not size > 0:
        raise ValueError(f"size must be positive, not {size!r}")
    makers = {"huaxin": _huaxin, "qingmei": _qingmei, "lianyun": _lianyun}
    out: dict[str, pd.DataFrame] = {}
    for c in ([case] if case else CASES):
        frames = makers[c](int(seed), float(size))
        out.update({name: frames[name] for name in TABLES[c]})
    return out


def _data_dir() -> Path:
    repo = Path(__file__).resolve().parents[1] / "data"
    if (repo / "tables.yml").exists():
        return repo
    import importlib.resources

    return Path(str(importlib.resources.files("crmcourse.datasets")))


def table_files() -> dict[str, str]:
    """Map table name → CSV path relative to ``data/``, as listed in ``data/tables.yml``.

    >>> table_files()["qingmei_transactions"]
    'qingmei/transactions.csv'
    """
    import yaml

    with open(_data_dir() / "tables.yml", encoding="utf-8") as fh:
        entries = (yaml.safe_load(fh) or {}).get("tables") or {}
    return {name: entry["file"] for name, entry in entries.items()}


def to_csv_text(frame: pd.DataFrame) -> str:
    """The exact CSV text :func:`write` stores: UTF-8, LF, no index, ISO dates, True/False.

    >>> print(to_csv_text(pd.DataFrame({"d": pd.to_datetime(["2025-01-02"]), "ok": [True]})), end="")
    d,ok
    2025-01-02,True
    """
    return frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def write(tables: dict[str, pd.DataFrame], dest: Path | str) -> dict[str, str]:
    """Write each table to ``dest/<file from tables.yml>``; return ``{relative file: sha256}``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sums = write(generate("lianyun", size=0.02), tmp)
    >>> sorted(sums)[:2]
    ['lianyun/offer_response.csv', 'lianyun/offers.csv']
    """
    files = table_files()
    missing = [name for name in tables if name not in files]
    if missing:
        raise KeyError(f"no entry in data/tables.yml for {', '.join(missing)}; add one (see docs/dev/tables-format.md)")
    dest = Path(dest)
    sums = {}
    for name, frame in tables.items():
        rel = files[name]
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = to_csv_text(frame).encode("utf-8")
        path.write_bytes(data)
        sums[rel] = hashlib.sha256(data).hexdigest()
    return sums


def main(argv: list[str] | None = None) -> int:
    """Command line: ``crmcourse data generate [--case C] [--size S] [--seed N] [--out DIR]``.

    Accepts the options alone or preceded by ``data generate``. Without ``--out`` the files go to
    the repository's ``data/`` folder, which is only allowed for the committed settings
    (size 1 and the default seed), so the checksum test keeps passing.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    while argv and argv[0] in ("data", "generate"):
        argv = argv[1:]
    parser = argparse.ArgumentParser(prog="crmcourse data generate",
                                     description="Generate the synthetic case-company CSVs.")
    parser.add_argument("--case", choices=CASES, default=None, help="one case company (default: all)")
    parser.add_argument("--size", type=float, default=1.0, help="row-count multiplier (default 1)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", default=None, help="output folder (default: the repository's data/)")
    args = parser.parse_args(argv)
    if args.out is None and (args.size != 1.0 or args.seed != DEFAULT_SEED):
        parser.error("--out is required unless --size is 1 and --seed is the default "
                     "(the committed data must stay reproducible)")
    out = Path(args.out) if args.out else _data_dir()
    started = time.perf_counter()
    tables = generate(args.case, size=args.size, seed=args.seed)
    sums = write(tables, out)
    took = time.perf_counter() - started
    files = table_files()
    for name, frame in tables.items():
        path = out / files[name]
        print(f"{files[name]:32s} {len(frame):>8,d} rows {path.stat().st_size / 1024:>9.1f} kB  "
              f"{sums[files[name]][:12]}")
    print(f"wrote {len(tables)} files to {out} in {took:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
