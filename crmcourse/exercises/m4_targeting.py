"""Exercises of 4.5 Targeting and precision marketing (solutions/04_segmentation/05_targeting.ipynb).

Numbers are computed with crmcourse.segmentation from the shipped Lianyun data (seeded
simulations) when a check first runs; discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise


def _lianyun():
    from crmcourse import data

    plans = data.load("lianyun_plans")
    subs = data.load("lianyun_subscribers").merge(plans[["plan_id", "tier"]], on="plan_id")
    return subs, data.load("lianyun_offers"), data.load("lianyun_offer_response")


def _n_pairs() -> int:
    import numpy as np

    from crmcourse.segmentation import match_offers

    subs, offers, _ = _lianyun()
    rules = offers[["offer_id", "target_tier"]].rename(columns={"target_tier": "tier"})
    rules = rules.assign(min_over_quota_months=np.where(rules["offer_id"] == "OF1", 2, np.nan))
    return len(match_offers(subs, rules, customer="subscriber_id"))


def _campaign(targeted: bool):
    from crmcourse.segmentation import campaign_simulation

    subs, offers, resp = _lianyun()
    return campaign_simulation(subs, offers, response=resp, targeted=targeted, customer="subscriber_id",
                               random_state=0)


def _removed() -> int:
    import pandas as pd

    from crmcourse.segmentation import match_offers, one_contact_per_customer

    subs, offers, resp = _lianyun()
    rules = offers[["offer_id", "target_tier"]].rename(columns={"target_tier": "tier"})
    scored = (match_offers(subs, rules, customer="subscriber_id").merge(resp, on=["subscriber_id", "offer_id"])
              .merge(offers[["offer_id", "cost_per_contact", "margin_if_accepted"]], on="offer_id"))
    scored["expected_margin"] = scored["response_propensity"] * scored["margin_if_accepted"] - scored["cost_per_contact"]
    best = scored.sort_values("expected_margin", ascending=False).drop_duplicates("subscriber_id")
    who = subs.set_index("subscriber_id")
    lists = pd.concat([
        best[best["subscriber_id"].map(who["channel_preference"]).isin(["sms", "app"])],
        best[best["subscriber_id"].isin(who["monthly_spend"].nlargest(1500).index)],
        best[best["subscriber_id"].map(who["handset_age_months"]) > 24],
    ], ignore_index=True)
    return len(lists) - len(one_contact_per_customer(lists, customer="subscriber_id", score="expected_margin"))


CLASSES = ("golden", "key", "quality", "ordinary", "restricted", "eliminated")

EXERCISES = [
    ChoiceExercise(
        id="m4_tg_offer_plan",
        title="The plan the 228 to 684 offer is reserved for",
        hint="Each offer is reserved for one plan; the bigger prepayment goes with the bigger plan.",
        options=("the 96-yuan plan", "the 126-yuan plan", "every plan"),
        answer='e85cfbd974738bcf',
        feedback={
            '4ff523962cc0de23': "Offering it to every plan is exactly the blanket push "
                "the platform was built to stop.",
        },
    ),
    NumberExercise(
        id="m4_tg_pairs",
        title="Allowed (subscriber, offer) pairs with the sharper rules",
        hint="len(match_offers(subscribers, sharper, customer='subscriber_id'))",
        expected=_n_pairs,
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    NumberExercise(
        id="m4_tg_blanket_rate",
        title="Success rate of the blanket campaign",
        hint="acceptances divided by contacts of campaign_simulation(..., targeted=False, random_state=0)",
        expected=lambda: float(_campaign(False)["success_rate"]),
        rel_tol=1e-4,
        percent=True,
    ),
    NumberExercise(
        id="m4_tg_net_gain",
        title="Extra net margin of the targeted campaign",
        hint="net of the targeted campaign minus net of the blanket campaign (both random_state=0)",
        expected=lambda: float(_campaign(True)["net"] - _campaign(False)["net"]),
        rel_tol=1e-6,
        abs_tol=0.01,
    ),
    NumberExercise(
        id="m4_tg_removed",
        title="Contacts removed by one contact per customer",
        hint="the planned contacts minus the contacts left after one_contact_per_customer",
        expected=_removed,
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    MappingExercise(
        id="m4_tg_bank_policies",
        title="The credit policy of each bank client class",
        hint="Golden: fastest; key: planned and first in line; quality: only within existing loans; "
             "restricted and eliminated: shrink.",
        options=("approved on submission", "reported in advance, funded first",
                 "only by restructuring existing loans", "total credit may only fall"),
        answer={
            'golden': '5ab1be5f24511788',
            'key': '72813da6c65ee5b3',
            'quality': 'ab40d49283506885',
            'restricted': '6ee70d6103e5bedd',
            'eliminated': '6ee70d6103e5bedd',
        },
    ),
    ChoiceExercise(
        id="m4_tg_bank_class",
        title="Lanting Hotels' class after a better rating and lower debt",
        hint="AA gives 2 points; a debt ratio of 0.65 no longer costs a point; then read the limits.",
        options=CLASSES,
        answer='c0e9b4ab237d04b5',
    ),
]
