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


def _campaign(targeted: bool, tier=None, cost_factor: float = 1.0):
    from crmcourse.segmentation import campaign_simulation

    subs, offers, resp = _lianyun()
    if tier is not None:
        subs = subs[subs["tier"] == tier]
    offers = offers.assign(cost_per_contact=offers["cost_per_contact"] * cost_factor)
    return campaign_simulation(subs, offers, response=resp, targeted=targeted, customer="subscriber_id",
                               random_state=0)


def _gain(cost_factor: float = 2.0) -> float:
    return float(_campaign(True, cost_factor=cost_factor)["net"] - _campaign(False, cost_factor=cost_factor)["net"])


def _removed(channels=("sms", "call")) -> int:
    import pandas as pd

    from crmcourse.segmentation import match_offers, one_contact_per_customer

    subs, offers, resp = _lianyun()
    rules = offers[["offer_id", "target_tier"]].rename(columns={"target_tier": "tier"})
    scored = (match_offers(subs, rules, customer="subscriber_id").merge(resp, on=["subscriber_id", "offer_id"])
              .merge(offers[["offer_id", "cost_per_contact", "margin_if_accepted"]], on="offer_id"))
    scored["expected_margin"] = scored["response_propensity"] * scored["margin_if_accepted"] - scored["cost_per_contact"]
    best = scored.sort_values("expected_margin", ascending=False).drop_duplicates("subscriber_id")
    who = subs.set_index("subscriber_id")
    lists = pd.concat([frame for channel, frame in (
        ("sms", best[best["subscriber_id"].map(who["channel_preference"]).isin(["sms", "app"])]),
        ("call", best[best["subscriber_id"].isin(who["monthly_spend"].nlargest(1500).index)]),
        ("shop", best[best["subscriber_id"].map(who["handset_age_months"]) > 24]),
    ) if channel in channels], ignore_index=True)
    return len(lists) - len(one_contact_per_customer(lists, customer="subscriber_id", score="expected_margin"))


CLASSES = ("golden", "key", "quality", "ordinary", "restricted", "eliminated")

EXERCISES = [
    ChoiceExercise(
        id="m4_tg_offer_plan",
        title="The plan the 228 to 684 offer is reserved for",
        hint="Reread the offer rules of the source case.",
        options=("the 96-yuan plan", "the 126-yuan plan", "every plan"),
        answer='e85cfbd974738bcf',
        feedback={
            '4ff523962cc0de23': "Offering it to every plan is exactly the blanket push "
                "the platform was built to stop.",
        },
        explanation="Each offer is reserved for the plan it was designed for: 228 → 684 for the 126-yuan plan, "
                    "168 → 504 for the 96-yuan plan.",
        task="read-off",
    ),
    NumberExercise(
        id="m4_tg_pairs",
        title="Allowed (subscriber, offer) pairs with the sharper rules",
        hint="List the allowed pairs with the sharper rules and count them.",
        expected=_n_pairs,
        abs_tol=0,
        rel_tol=0,
        task="compute",
    ),
    NumberExercise(
        id="m4_tg_blanket_rate",
        title="Success rate of a blanket campaign to the business tier",
        hint="Simulate the blanket campaign on the business subscribers only (same seed); the success rate is "
             "acceptances per contact.",
        expected=lambda: float(_campaign(False, tier="business")["success_rate"]),
        rel_tol=1e-3,
        percent=True,
        slips={
            lambda: float(_campaign(False)["success_rate"]): "That is the blanket rate of the whole base, printed "
                "above. Keep only the business subscribers before simulating.",
            lambda: float(_campaign(True, tier="business")["success_rate"]): "That is the targeted campaign. In a "
                "blanket campaign each subscriber gets an offer drawn from all six, whatever their tier.",
            lambda: float(_campaign(False, tier="business")["expected_rate"]): "That is the expected rate, the mean "
                "propensity of the offers made. The success rate counts the acceptances actually drawn.",
            lambda: float(_campaign(False, tier="business")["acceptances"]): "That is a count of acceptances. A "
                "success rate divides them by the contacts.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m4_tg_net_gain",
        title="Extra net margin of the targeted campaign when every contact costs twice as much",
        hint="Double the cost per contact of every offer, simulate both campaigns again with the same seed, and "
             "subtract their net margins.",
        expected=_gain,
        rel_tol=1e-6,
        abs_tol=0.01,
        slips={lambda: _gain(1.0): "That is the gain at today's contact costs. Double the cost per contact of "
                                   "every offer before simulating.",
               lambda: -_gain(2.0): "Right size, wrong sign: subtract the blanket campaign's net from the "
                                    "targeted one's."},
        task="what-if",
    ),
    NumberExercise(
        id="m4_tg_removed",
        title="Contacts removed by one contact per customer when the shops run no list",
        hint="Build the planned lists of the SMS team and the call centre only, keep one contact per subscriber, "
             "and count what was dropped.",
        expected=_removed,
        abs_tol=0,
        rel_tol=0,
        slips={lambda: _removed(("sms", "call", "shop")): "That is the number with all three channels' lists. "
                                                          "Leave the shops' list out."},
        task="what-if",
    ),
    MappingExercise(
        id="m4_tg_bank_policies",
        title="The credit policy of each bank client class",
        hint="The better the class, the faster and freer the credit; the worst classes may not grow.",
        options=("approved on submission", "reported in advance, funded first",
                 "only by restructuring existing loans", "total credit may only fall"),
        answer={
            'golden': '5ab1be5f24511788',
            'key': '72813da6c65ee5b3',
            'quality': 'ab40d49283506885',
            'restricted': '6ee70d6103e5bedd',
            'eliminated': '6ee70d6103e5bedd',
        },
        concepts={"approved on submission": "the fastest credit, for the bank's VIP clients",
                  "reported in advance, funded first": "planned ahead and first in line, for the next-best clients",
                  "only by restructuring existing loans": "no new credit beyond what is already lent",
                  "total credit may only fall": "for classes whose exposure must shrink"},
        task="predict",
    ),
    ChoiceExercise(
        id="m4_tg_bank_class",
        title="Lanting Hotels' class after a better rating and lower debt",
        hint="AA gives 2 points; a debt ratio of 0.65 no longer costs a point; then read the limits.",
        options=CLASSES,
        answer='c0e9b4ab237d04b5',
        explanation="AA adds a point and the lower debt ratio removes a penalty: two points more move Lanting up "
                    "the ladder, and with it to a faster credit policy.",
        task="what-if",
    ),
]
