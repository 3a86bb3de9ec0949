"""Exercises of 2.5 Keeping the account (solutions/02_key_accounts/05_keeping_accounts.ipynb).

Numbers are computed with the course helpers from the shipped Huaxin and Fengtai (dealer_fleet)
tables when a check first runs; discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import MappingExercise, NumberExercise

_FREQUENCY = "82e0c30123c2ea0c"
#: visits a year by postal tier, and the cost of a visit (CNY), as in the notebook's visit plan
VISITS_PER_YEAR = {"none": 0, "VIP": 2, "gold": 6, "platinum": 12, "diamond": 24}
VISIT_COST = 1_500


def _accounts():
    from crmcourse import data

    return data.load("huaxin_accounts").set_index("account_id")


def _median_share_a() -> float:
    from crmcourse.accounts import abc_classes, share_of_wallet

    acc = _accounts()
    share = share_of_wallet(acc["annual_revenue"], acc["wallet_estimate"])
    return float(share[abc_classes(acc["annual_revenue"]) == "A"].median())


def _visit_cost() -> float:
    from crmcourse.accounts import assign_tiers, postal_tiers

    tiers = assign_tiers(_accounts()["annual_revenue"], postal_tiers()).astype(str)
    return float(tiers.map(VISITS_PER_YEAR).sum() * VISIT_COST)


def _plan_pipeline() -> float:
    from crmcourse import data
    from crmcourse.accounts import weighted_pipeline

    opps = data.load("huaxin_opportunities")
    return float(weighted_pipeline(opps[opps["account_id"] == "HX-A0273"]).loc["Total", "expected"])


def _fleet():
    from crmcourse import data

    return data.load("dealer_fleet")


def _n_plan() -> int:
    rel = _fleet().pivot(index="buyer_id", columns="year", values="relationship").astype(str)
    return int(((rel[2023] == "relationship") & (rel[2024] == "first vehicle") & (rel[2025] == "partner")).sum())


def _retention() -> float:
    ours = _fleet().pivot(index="buyer_id", columns="year", values="our_vehicles")
    before = ours[2024] > 0
    return float((before & (ours[2025] > 0)).sum() / before.sum())


def _share_100() -> float:
    from crmcourse.accounts import DEALER_TIERS, assign_tiers

    fleet = _fleet()
    y = fleet[fleet["year"] == 2025]
    top = y[assign_tiers(y["fleet_vehicles"], DEALER_TIERS).astype(str) == "100+"]
    return float(top["our_vehicles"].sum() / top["fleet_vehicles"].sum())


EXERCISES = [
    NumberExercise(
        id="m2_keep_share_a",
        title="Median share of wallet of Huaxin's class-A accounts",
        hint="share_of_wallet(annual_revenue, wallet_estimate), keep the class-A rows, take the median.",
        expected=_median_share_a,
        rel_tol=1e-3,
        percent=True,
    ),
    MappingExercise(
        id="m2_keep_switching",
        title="The kind of switching cost each measure creates",
        hint="A legal commitment is a contract; a reward for buying again is frequency marketing; several "
             "products sold together are a bundle.",
        options=("contract", "frequency marketing", "bundling"),
        answer={"three-year MPS": "058635aeb9d5a3fc", "rebate": _FREQUENCY, "package": "7372e56897cb7447",
                "points": _FREQUENCY},
    ),
    NumberExercise(
        id="m2_keep_visit_cost",
        title="Yearly cost of the tiered visit plan (CNY)",
        hint="For each postal tier: accounts × visits a year × 1,500; add the tiers up.",
        expected=_visit_cost,
        rel_tol=1e-6,
    ),
    NumberExercise(
        id="m2_keep_plan_pipeline",
        title="Weighted open pipeline of Huaxin's largest account (CNY)",
        hint="weighted_pipeline(opps[opps['account_id'] == key]).loc['Total', 'expected']",
        expected=_plan_pipeline,
        rel_tol=1e-6,
    ),
    NumberExercise(
        id="m2_keep_dealer_plan",
        title="Fleet buyers that followed the three-year plan exactly",
        hint="Pivot relationship by buyer and year; require relationship / first vehicle / partner in "
             "2023 / 2024 / 2025.",
        expected=_n_plan,
        abs_tol=0,
        rel_tol=0,
    ),
    NumberExercise(
        id="m2_keep_dealer_retention",
        title="Retention 2024 → 2025 of the buyers who bought from Fengtai in 2024",
        hint="Buyers with our_vehicles > 0 in both years ÷ buyers with our_vehicles > 0 in 2024.",
        expected=_retention,
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m2_keep_dealer_share_100",
        title="Fengtai's share of the 100+ buyers' 2025 purchases",
        hint="Over the 2025 rows in tier '100+': sum of our_vehicles ÷ sum of fleet_vehicles.",
        expected=_share_100,
        rel_tol=1e-3,
        percent=True,
    ),
]
