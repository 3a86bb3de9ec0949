"""Exercises of 6.2 One-to-one marketing and loyalty indicators (solutions/06_loyalty/02_one_to_one.ipynb).

Numbers are computed with the course helpers from the shipped Qingmei tables when a check first
runs; discrete answers are stored as salted hashes. ``task=`` says what each exercise asks.
"""
from crmcourse.checks.kinds import ItemsExercise, MappingExercise, NumberExercise

_INDICATORS = ("repeat purchase rate", "attitude to competitors", "referral of new customers", "time spent choosing",
               "share of wallet", "emotional attachment", "sensitivity to quality and price", "purchase timing")
_IDIC = ("identify", "differentiate", "interact", "customise")


def _spend():
    from crmcourse import data, loyalty

    return loyalty.spend_by_customer(data.load("qingmei_transactions"), "2025-01-01", "2025-12-31")


def _top20() -> float:
    ranked = _spend().sort_values(ascending=False)
    return float(ranked.iloc[: round(0.2 * len(ranked))].sum() / ranked.sum())


def _buyers():
    from crmcourse import data

    c = data.load("qingmei_customers").set_index("customer_id")
    return c.loc[_spend().index]


def _reachable_top() -> int:
    b = _buyers()
    top = b[b["member_level"].isin(["gold", "diamond"])]
    return int((~top["opted_out"]).sum())


def _top_buyers() -> int:
    b = _buyers()
    return int(b["member_level"].isin(["gold", "diamond"]).sum())


def _reachable_all() -> int:
    return int((~_buyers()["opted_out"]).sum())


def _lapsed(levels=("gold",), skip_opted_out=False) -> int:
    import pandas as pd

    from crmcourse import data

    c = data.load("qingmei_customers").set_index("customer_id")
    last = data.load("qingmei_transactions").groupby("customer_id")["date"].max()
    chosen = c[c["member_level"].isin(list(levels))]
    if skip_opted_out:
        chosen = chosen[~chosen["opted_out"]]
    return int(((pd.Timestamp("2026-01-01") - last[chosen.index]).dt.days > 90).sum())


EXERCISES = [
    MappingExercise(
        id="m6_one_idic_actions",
        title="Which IDIC step does each of Qingmei's actions serve?",
        hint="For each action ask: does it find out who the customer is, tell customers apart, talk and learn, or "
             "change what the customer gets?",
        options=_IDIC,
        answer={
            "one member id for shop and app purchases": "d5dce33011ce5e18",
            "rank members by 2025 spend": "1c6da03f3a4d15f2",
            "ask each member after a purchase how the product worked, and note it": "ed3caafc6c941226",
            "offer a dry-skin member the winter cream she is likely to need": "03b4acf51179852d",
            "group members by skin type and preferred channel": "1c6da03f3a4d15f2",
        },
        concepts={"identify": "recognising the same customer at every contact and linking it to one record",
                  "differentiate": "telling customers apart by value and by needs",
                  "interact": "a two-way dialogue in which the firm learns at each contact",
                  "customise": "changing the product, service or message for the customer from what was learned"},
        explanation="Identify gives one record per customer, differentiate ranks and groups the records, interact "
                    "adds what each customer says, and customise uses all of it - each step needs the one before.",
        task="classify",
    ),
    NumberExercise(
        id="m6_one_top20",
        title="Share of 2025 spend from the top 20% of 2025 buyers",
        hint="Rank the buyers by their 2025 spend; the best fifth of them (a whole number of buyers) against the "
             "total of everyone.",
        expected=_top20,
        rel_tol=1e-3,
        percent=True,
        task="compute",
    ),
    NumberExercise(
        id="m6_one_reachable",
        title="Gold and diamond 2025 buyers who may receive marketing messages",
        hint="Two conditions pick the rows: the member level, and the consent to messages.",
        expected=_reachable_top,
        abs_tol=0, rel_tol=0,
        slips={_reachable_all: "That counts every reachable 2025 buyer; keep only the gold and diamond members.",
               _top_buyers: "Some of these members opted out of marketing messages: revisit what interact needs "
                            "first (permission)."},
        task="compute",
    ),
    NumberExercise(
        id="m6_one_lapsed_gold",
        title="Gold members with no purchase for more than 90 days at 2026-01-01",
        hint="Each member's last purchase date, the gap from it to the snapshot date, and two conditions: the "
             "level and the length of the gap.",
        expected=_lapsed,
        abs_tol=0, rel_tol=0,
        slips={lambda: _lapsed(("gold", "diamond"), skip_opted_out=True):
                   "That is the win-back rule's count: it also takes diamond members and leaves out those who "
                   "opted out. The question asks about all gold members.",
               lambda: _lapsed(("gold",), skip_opted_out=True):
                   "The question counts all gold members, including those who opted out of messages."},
        task="compute",
    ),
    ItemsExercise(
        id="m6_one_measurable",
        title="Loyalty indicators a transaction table can measure",
        hint="A receipt records who bought, when, where and how much - nothing about what else the customer "
             "thinks, feels or buys elsewhere.",
        options=_INDICATORS,
        answer=("34917c66800f88a6", "7862154332375416"),
        explanation="Repeat purchase and purchase timing are behaviour the receipts record. Attitudes, emotions "
                    "and price sensitivity need asking; referrals need a referral record; share of wallet needs "
                    "the customer's spending elsewhere.",
        task="classify",
    ),
]
