"""Exercises of 6.2 One-to-one marketing and loyalty indicators (solutions/06_loyalty/02_one_to_one.ipynb).

Numbers are computed with the course helpers from the shipped Qingmei tables when a check first
runs; discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ItemsExercise, NumberExercise

_INDICATORS = ("repeat purchase rate", "attitude to competitors", "referral of new customers", "time spent choosing",
               "share of wallet", "emotional attachment", "sensitivity to quality and price", "purchase timing")


def _spend():
    from crmcourse import data, loyalty

    return loyalty.spend_by_customer(data.load("qingmei_transactions"), "2025-01-01", "2025-12-31")


def _top20() -> float:
    ranked = _spend().sort_values(ascending=False)
    return float(ranked.iloc[: round(0.2 * len(ranked))].sum() / ranked.sum())


def _reachable() -> float:
    from crmcourse import data

    c = data.load("qingmei_customers").set_index("customer_id")
    return float((~c.loc[_spend().index, "opted_out"]).sum())


def _lapsed_gold() -> float:
    import pandas as pd

    from crmcourse import data

    c = data.load("qingmei_customers").set_index("customer_id")
    last = data.load("qingmei_transactions").groupby("customer_id")["date"].max()
    gold = c.index[c["member_level"] == "gold"]
    return float(((pd.Timestamp("2026-01-01") - last[gold]).dt.days > 90).sum())


EXERCISES = [
    ItemsExercise(
        id="m6_one_idic",
        title="The four steps of one-to-one marketing, in order",
        hint="Know who they are, tell them apart, talk with them, then tailor.",
        options=("identify", "differentiate", "interact", "customise"),
        answer=("a8fcfdc317cfb1ac", "4115a2fb04bb2c11", "a50c737b248e39b0",
                "fa912063e9ac3edf"),
        ordered=True,
    ),
    NumberExercise(
        id="m6_one_top20",
        title="Share of 2025 spend from the top 20% of 2025 buyers",
        hint="Sort spend descending, take round(0.2 x number of buyers) of them, divide their sum by the total.",
        expected=_top20,
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m6_one_reachable",
        title="2025 buyers who have not opted out",
        hint="Among the members with 2025 spend, count opted_out == False.",
        expected=_reachable,
        abs_tol=0, rel_tol=0,
    ),
    NumberExercise(
        id="m6_one_lapsed_gold",
        title="Gold members with no purchase for more than 90 days at 2026-01-01",
        hint="Last purchase date per member; gold members whose gap to 2026-01-01 exceeds 90 days.",
        expected=_lapsed_gold,
        abs_tol=0, rel_tol=0,
    ),
    ItemsExercise(
        id="m6_one_measurable",
        title="Loyalty indicators a transaction table can measure",
        hint="Only the signs about how often and when members buy are in the receipts.",
        options=_INDICATORS,
        answer=("34917c66800f88a6", "7862154332375416"),
    ),
]
