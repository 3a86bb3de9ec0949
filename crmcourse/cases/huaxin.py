"""Case huaxin — Huaxin Office Systems (华信办公设备), modules 2, 3 and 5.

A B2B office-equipment and managed-print supplier. Tables: ``huaxin_accounts``, ``huaxin_reps``,
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

The CRM lab (:mod:`crmcourse.cases.crm_lab`) and the capstone survey
(:mod:`crmcourse.cases.capstone`) are drawn from these tables.

>>> sorted(make(DEFAULT_SEED, 0.05)) == sorted(TABLE_NAMES)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse.cases.draws import (DEFAULT_SEED, INDUSTRY_SUFFIXES, PREFIXES, SNAPSHOT, as_dates,
                                   days_after, exact_shares, make_ids, person_names, rounded,
                                   scaled_count, table_rng)
from crmcourse.constants import BUYING_ROLES, SALES_STAGES

__all__ = ["TABLE_NAMES", "INDUSTRIES", "REGIONS", "TEAM_ROLES", "make"]

#: The tables of the case, in the order :func:`make` returns them.
TABLE_NAMES = ["huaxin_accounts", "huaxin_reps", "huaxin_opportunities", "huaxin_stage_history",
               "huaxin_contacts", "huaxin_account_team"]
#: Huaxin's customer industries (the CRM lab's leads use them too).
INDUSTRIES = ["hospital", "school", "bank", "government", "manufacturing", "logistics"]
#: Huaxin's sales regions; each belongs to the north, east or south team.
REGIONS = ["north", "northeast", "east", "central", "south", "southwest"]
_REGION_TEAM = {"north": "north", "northeast": "north", "east": "east", "central": "east",
                "south": "south", "southwest": "south"}
_PRODUCT_LINES = ["multifunction printers", "production printing", "managed print service",
                  "document software", "maintenance contract", "consumables"]
_LOST_REASONS = ["price", "competitor relationship", "no budget", "chose to do nothing",
                 "product fit", "timing"]
#: The roles of Huaxin's people in an account team (``huaxin_account_team.team_role``).
TEAM_ROLES = ["account lead", "technical specialist", "service lead", "executive sponsor"]


def _huaxin_reps(seed: int) -> pd.DataFrame:
    rng = table_rng(seed, "huaxin_reps")
    spec = [("head office", "sales director"),
            ("north", "account manager"), ("north", "account manager"),
            ("east", "account manager"), ("east", "account manager"),
            ("south", "account manager"), ("south", "account manager"),
            ("north", "sales engineer"), ("east", "sales engineer"), ("south", "sales engineer"),
            ("head office", "service manager"), ("south", "service manager")]
    n = len(spec)
    hired = days_after("2008-01-01", np.sort(rng.integers(0, 16 * 365, n)))
    return pd.DataFrame({
        "rep_id": make_ids("HX-R", n, 2),
        "name": person_names(rng, n),
        "team": [t for t, _ in spec],
        "role": [r for _, r in spec],
        "hire_date": as_dates(hired),
    })


def _huaxin_accounts(seed: int, size: float, reps: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "huaxin_accounts")
    n = scaled_count(320, size, 8)
    industry = rng.choice(INDUSTRIES, n, p=[0.18, 0.20, 0.12, 0.16, 0.22, 0.12])
    region = rng.choice(REGIONS, n, p=[0.20, 0.10, 0.28, 0.14, 0.18, 0.10])
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
    revenue = rounded(np.exp(log_rev))

    share = rng.beta(2.2, 3.0, n)  # our share of the account's wallet
    wallet = rounded(revenue / share, 0)
    years = np.clip(rng.gamma(2.0, 2.6, n) + 0.6 * (z > 1), 0.1, 14)
    first_order = days_after("2025-12-31", -np.round(years * 365.25)).clip(np.datetime64("2012-01-01"))

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

    prefix = rng.choice(PREFIXES, n)
    suffix = np.array([INDUSTRY_SUFFIXES[i][k % len(INDUSTRY_SUFFIXES[i])]
                       for i, k in zip(industry, rng.integers(0, 60, n))], dtype=object)
    names = pd.Series(np.char.add(np.char.add(prefix.astype(str), " "), suffix.astype(str)))
    dup = names.groupby(names).cumcount()
    names = names.where(dup == 0, names + " No. " + (dup + 1).astype(str))

    ams = reps[reps.role == "account manager"]
    team = pd.Series(region).map(_REGION_TEAM).to_numpy()
    pick = rng.integers(0, 2, n)
    owner = np.array([ams.rep_id[ams.team == t].to_numpy()[k] for t, k in zip(team, pick)], dtype=object)

    return pd.DataFrame({
        "account_id": make_ids("HX-A", n, 4),
        "name": names.to_numpy(dtype=object),
        "industry": industry,
        "region": region,
        "city_tier": city_tier,
        "employees": employees,
        "annual_revenue": revenue,
        "wallet_estimate": wallet,
        "first_order_date": as_dates(first_order),
        "owner": owner,
        "attractiveness": rounded(attract, 1),
        "our_strength": rounded(strength, 1),
        "opinion_leader": opinion,
    })


_STAGE_DAYS = np.array([10, 14, 18, 14, 16, 12, 20, 18], dtype=float)  # mean days in open stages


def _huaxin_opportunities(seed: int, size: float, accounts: pd.DataFrame, reps: pd.DataFrame):
    rng = table_rng(seed, "huaxin_opportunities")
    n = scaled_count(680, size, 20)
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
    status = exact_shares(rng, n, ["open", "won", "lost"], [0.38, 0.29, 0.33])
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
        "amount": rounded(amount),
        "stage": np.array(SALES_STAGES, dtype=object)[final],
        "created_date": as_dates(created),
        "expected_close_date": as_dates(expected),
        "closed_date": as_dates(closed_date),
        "lost_reason": reason,
    })
    order = np.lexsort((np.arange(n), opp.created_date.to_numpy()))
    opp = opp.iloc[order].reset_index(drop=True)
    opp.insert(0, "opportunity_id", make_ids("HX-O", n, 4))

    new_id = np.empty(n, dtype=object)
    new_id[order] = opp.opportunity_id.to_numpy()
    hist = pd.DataFrame({
        "opportunity_id": new_id[opp_of_row],
        "stage": np.array(SALES_STAGES, dtype=object)[stage_of_row],
        "entered_date": as_dates(entered),
    })
    hist = hist.sort_values(["opportunity_id", "entered_date"], kind="stable").reset_index(drop=True)
    return opp, hist


def _huaxin_contacts(seed: int, size: float, accounts: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "huaxin_contacts")
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
    out.insert(0, "contact_id", make_ids("HX-C", len(out), 4))
    out.insert(2, "name", person_names(rng, len(out)))
    return out


def _huaxin_account_team(seed: int, accounts: pd.DataFrame, reps: pd.DataFrame,
                         contacts: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "huaxin_account_team")
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
        by_role = {r: list(cs.contact_id[cs.buying_role == r]) for r in BUYING_ROLES}
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


def make(seed: int = DEFAULT_SEED, size: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate the Huaxin tables.

    Parameters
    ----------
    seed : int, default DEFAULT_SEED
        The generator's seed; every table draws from its own stream (see
        :func:`~crmcourse.cases.draws.table_rng`).
    size : float, default 1
        Multiplier of the accounts, opportunities and buying centres (1 gives the committed data);
        the twelve reps stay.

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables of :data:`TABLE_NAMES`, in that order.

    Examples
    --------
    >>> tables = make(DEFAULT_SEED, 0.05)
    >>> len(tables["huaxin_accounts"]), len(tables["huaxin_reps"])
    (16, 12)
    """
    reps = _huaxin_reps(seed)
    accounts = _huaxin_accounts(seed, size, reps)
    opps, hist = _huaxin_opportunities(seed, size, accounts, reps)
    contacts = _huaxin_contacts(seed, size, accounts)
    team = _huaxin_account_team(seed, accounts, reps, contacts)
    return {"huaxin_accounts": accounts, "huaxin_reps": reps, "huaxin_opportunities": opps,
            "huaxin_stage_history": hist, "huaxin_contacts": contacts, "huaxin_account_team": team}

