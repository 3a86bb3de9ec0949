"""Exercises of 2.5 Keeping the account (solutions/02_key_accounts/05_keeping_accounts.ipynb).

Numbers are computed with the course helpers from the shipped Huaxin and Fengtai (dealer_fleet)
tables when a check first runs; discrete answers are stored as salted hashes. Typical slips are
declared as functions computing the wrong value; one written exercise drafts a section of the
account plan.
"""
from crmcourse.checks.kinds import MappingExercise, NumberExercise
from crmcourse.checks.rubrics import account_plan_rubric
from crmcourse.checks.written import WrittenExercise

_FREQUENCY = "82e0c30123c2ea0c"
#: visits a year by postal tier, and the cost of a visit (CNY), as in the notebook's visit plan
VISITS_PER_YEAR = {"none": 0, "VIP": 2, "gold": 6, "platinum": 12, "diamond": 24}
#: the changed plan of exercise 2.5.3: VIP accounts one visit a year, platinum eighteen
VISITS_CHANGED = {**VISITS_PER_YEAR, "VIP": 1, "platinum": 18}
VISIT_COST = 1_500
#: the account of the account plan, and the share-of-wallet goal the plan sets
PLAN_ACCOUNT = "HX-A0273"
TARGET_SHARE = 0.30


def _accounts():
    from crmcourse import data

    return data.load("huaxin_accounts").set_index("account_id")


def _class_a():
    from crmcourse.accounts import abc_classes

    acc = _accounts()
    return acc[abc_classes(acc["annual_revenue"]) == "A"]


def _pooled_share_a() -> float:
    a = _class_a()
    return float(a["annual_revenue"].sum() / a["wallet_estimate"].sum())


def _share_a(how: str) -> float:
    from crmcourse.accounts import share_of_wallet

    a = _class_a()
    return float(getattr(share_of_wallet(a["annual_revenue"], a["wallet_estimate"]), how)())


def _pooled_share_all() -> float:
    acc = _accounts()
    return float(acc["annual_revenue"].sum() / acc["wallet_estimate"].sum())


def _visit_cost(visits=VISITS_CHANGED) -> float:
    from crmcourse.accounts import assign_tiers, postal_tiers

    tiers = assign_tiers(_accounts()["annual_revenue"], postal_tiers()).astype(str)
    return float(tiers.map(visits).sum() * VISIT_COST)


def _plan_numbers():
    from crmcourse import data
    from crmcourse.accounts import weighted_pipeline

    opps = data.load("huaxin_opportunities")
    total = weighted_pipeline(opps[opps["account_id"] == PLAN_ACCOUNT]).loc["Total"]
    row = _accounts().loc[PLAN_ACCOUNT]
    goal = TARGET_SHARE * row["wallet_estimate"]
    return float(total["expected"]), float(total["amount"]), float(goal), float(goal - row["annual_revenue"])


def _plan_cover() -> float:
    weighted, _, _, gap = _plan_numbers()
    return weighted / gap


def _plan_cover_unweighted() -> float:
    _, amount, _, gap = _plan_numbers()
    return amount / gap


def _plan_cover_of_goal() -> float:
    weighted, _, goal, _ = _plan_numbers()
    return weighted / goal


def _fleet():
    from crmcourse import data

    return data.load("dealer_fleet")


def _n_plan() -> int:
    rel = _fleet().pivot(index="buyer_id", columns="year", values="relationship").astype(str)
    return int(((rel[2023] == "relationship") & (rel[2024] == "first vehicle") & (rel[2025] == "partner")).sum())


def _n_partners_2025() -> int:
    return int(((_fleet()["year"] == 2025) & (_fleet()["relationship"].astype(str) == "partner")).sum())


def _retention() -> float:
    ours = _fleet().pivot(index="buyer_id", columns="year", values="our_vehicles")
    before = ours[2024] > 0
    return float((before & (ours[2025] > 0)).sum() / before.sum())


def _top_buyers():
    from crmcourse.accounts import DEALER_TIERS, assign_tiers

    fleet = _fleet()
    y = fleet[fleet["year"] == 2025]
    return set(y.loc[assign_tiers(y["fleet_vehicles"], DEALER_TIERS).astype(str) == "100+", "buyer_id"])


def _share_100(year: int = 2024) -> float:
    fleet = _fleet()
    rows = fleet[(fleet["year"] == year) & fleet["buyer_id"].isin(_top_buyers())]
    return float(rows["our_vehicles"].sum() / rows["fleet_vehicles"].sum())


EXERCISES = [
    NumberExercise(
        id="m2_keep_share_a",
        title="Huaxin's share of the class-A accounts' combined wallet",
        hint="Treat the class-A accounts as one customer: what they bought from Huaxin, over what they "
             "spent on the category in total. This is not the median of the accounts' own shares.",
        expected=_pooled_share_a,
        rel_tol=1e-3,
        percent=True,
        task="compute",
        slips={
            (lambda: _share_a("median")): "That is the median of the accounts' own shares (the table's figure). "
                                          "The question pools the class: its revenue over its wallet.",
            (lambda: _share_a("mean")): "You averaged the accounts' own shares, so a small account counts as "
                                        "much as a big one. Pool the class: its revenue over its wallet.",
            _pooled_share_all: "You pooled all accounts; keep only class A.",
        },
        explanation="The pooled share is far below the median: Huaxin's share is smallest in the biggest "
                    "wallets, which is where the headroom is.",
    ),
    MappingExercise(
        id="m2_keep_switching",
        title="The kind of switching cost each measure creates",
        hint="Ask what the customer would lose by leaving: a legal commitment, a reward that grows with "
             "repeat buying, or the price advantage of products bought together?",
        options=("contract", "frequency marketing", "bundling"),
        answer={"three-year MPS": "058635aeb9d5a3fc", "rebate": _FREQUENCY, "package": "7372e56897cb7447",
                "points": _FREQUENCY},
        task="classify",
        concepts={
            "contract": "a legal commitment with a cost for ending it early.",
            "frequency marketing": "rewards that grow with repeated or exclusive buying.",
            "bundling": "several products sold together for less than their separate prices.",
        },
    ),
    NumberExercise(
        id="m2_keep_visit_cost",
        title="Yearly cost of the changed visit plan: VIP 1 visit, platinum 18 (CNY)",
        hint="Change the two numbers in the visits-per-tier plan and cost it again: accounts in each tier "
             "times visits a year times the cost of a visit, over all tiers.",
        expected=_visit_cost,
        rel_tol=1e-6,
        task="what-if",
        slips={
            (lambda: _visit_cost(VISITS_PER_YEAR)): "That is the cost of the original plan; change the VIP and "
                                                    "platinum visits first.",
            (lambda: _visit_cost(VISITS_CHANGED) / VISIT_COST): "That is the number of visits; multiply by the "
                                                                "cost of a visit.",
        },
        explanation="Halving the VIP visits frees more money than the extra platinum visits cost: effort moves "
                    "to where the value is.",
    ),
    NumberExercise(
        id="m2_keep_plan_cover",
        title="How much of the plan's revenue gap the weighted pipeline covers",
        hint="The gap is the goal revenue minus this year's revenue. Compare it with what the open deals "
             "are expected to bring (weighted, not their full amount).",
        expected=_plan_cover,
        rel_tol=1e-3,
        percent=True,
        task="compute",
        slips={
            _plan_cover_unweighted: "You used the full amount of the open deals; the plan counts on their "
                                    "weighted value. Revisit the weighted forecast (2.2).",
            _plan_cover_of_goal: "You compared the pipeline with the whole goal revenue. The existing business "
                                 "is already there: compare with the gap between the goal and this year.",
        },
        explanation="The weighted pipeline covers about two thirds of the gap: the plan needs new "
                    "opportunities, not only the open ones - hence the bundle proposal in the actions.",
    ),
    WrittenExercise(
        id="m2_write_plan_people",
        title="The people section of the account plan for Huaxin's largest account",
        hint="Name who plays which buying role at this account (2.3) and who on Huaxin's side covers each of "
             "them.",
        rubric=account_plan_rubric("people", account_cues=("HX-A0273", "Kaixuan", "凯旋", "branch", "支行",
                                                            "分行", "分公司")),
    ),
    NumberExercise(
        id="m2_keep_dealer_plan",
        title="Fleet buyers that followed the three-year plan exactly",
        hint="Each buyer has one relationship label per year. Put a buyer's three years side by side, then "
             "require the plan's label in each year.",
        expected=_n_plan,
        task="compute",
        slips={
            _n_partners_2025: "You counted every partner of 2025; the plan requires the full path - "
                              "relationship, first vehicle, partner - one year after another.",
        },
    ),
    NumberExercise(
        id="m2_keep_dealer_retention",
        title="Retention 2024 → 2025 of the buyers who bought from Fengtai in 2024",
        hint="Start from the buyers who bought at least one vehicle from Fengtai in 2024; what share of them "
             "bought again in 2025?",
        expected=_retention,
        rel_tol=1e-3,
        percent=True,
        task="compute",
    ),
    NumberExercise(
        id="m2_keep_dealer_share_100",
        title="Fengtai's 2024 share of the purchases of the three 100+ buyers",
        hint="Take the buyers of the 100+ tier (2025) and go back one year: Fengtai's vehicles over all the "
             "vehicles they bought in 2024.",
        expected=_share_100,
        rel_tol=1e-3,
        percent=True,
        task="compute",
        slips={
            (lambda: _share_100(2025)): "That is the 2025 share; the question goes back to 2024.",
        },
        explanation="One vehicle per buyer in 2024 - under 1% of their purchases - opened the door to 40% a "
                    "year later: 'pry open a crack, slip in one car'.",
    ),
]
