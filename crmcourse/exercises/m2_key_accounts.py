"""Exercises of 2.1 Who are your key accounts (solutions/02_key_accounts/01_key_accounts.ipynb).

Numbers are computed with the course helpers from the shipped Huaxin data when a check first
runs; discrete answers are stored as salted hashes (``crmcourse hash ID ANSWER``).
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise


def _accounts():
    from crmcourse import data

    return data.load("huaxin_accounts").set_index("account_id")


def _top20_share() -> float:
    from crmcourse.accounts import pareto_table

    table = pareto_table(_accounts()["annual_revenue"])
    top = table[table["cum_account_share"] <= 0.2]
    return float(top["value"].sum() / table["value"].sum())


def _n_class_a() -> int:
    from crmcourse.accounts import abc_classes

    return int((abc_classes(_accounts()["annual_revenue"]) == "A").sum())


def _n_key_postal() -> int:
    from crmcourse.accounts import assign_tiers, postal_tiers

    acc = _accounts()
    standard = assign_tiers(acc["annual_revenue"], postal_tiers())
    smaller = assign_tiers(acc["annual_revenue"], postal_tiers(0.8))
    tiers = standard.where(acc["city_tier"] < 3, smaller)
    return int((tiers != "none").sum())


EXERCISES = [
    NumberExercise(
        id="m2_key_top20_share",
        title="Share of revenue from the top 20% of accounts",
        hint="Keep the rows of the Pareto table with cum_account_share <= 0.2, add up their value "
             "and divide by the total value.",
        expected=_top20_share,
        rel_tol=1e-3,
        percent=True,
    ),
    ChoiceExercise(
        id="m2_key_straddle",
        title="ABC class of the account that straddles the 80% line",
        hint="Add up the revenue of the accounts ranked above it: is their share below 80%?",
        options=("A", "B", "C"),
        answer="4466a88d42cb059a",
        feedback={
            "4d2c3c1940605e87": "With it the top three reach 85%, past the line - but the accounts above it "
                                "bring only 75%. The course's rule looks at the share *before* the account: "
                                "the account that crosses 80% is the last one class A needs.",
            "35e47c33cdeff8c4": "C starts only after 95% of the value; this account starts at 75%.",
        },
    ),
    NumberExercise(
        id="m2_key_a_count",
        title="Number of class-A accounts at Huaxin",
        hint="accounts.abc_classes(acc['annual_revenue']) gives the class of every account; count the A's.",
        expected=_n_class_a,
        abs_tol=0,
        rel_tol=0,
    ),
    NumberExercise(
        id="m2_key_postal_coefficient",
        title="Key accounts under the postal rules with the 0.8 coefficient in smaller cities",
        hint="Assign tiers with postal_tiers() and with postal_tiers(0.8); use the second for accounts "
             "with city_tier 3 or 4; count every tier except 'none'.",
        expected=_n_key_postal,
        abs_tol=0,
        rel_tol=0,
    ),
    MappingExercise(
        id="m2_key_dealer_tiers",
        title="Dealer tiers of four fleet buyers",
        hint="A buyer reaches a tier when it buys at least the tier's lower bound (100, 50, 10 or 5 a year).",
        options=("100+", "50+", "10+", "5+", "none"),
        answer={
            "bus company": "574d565f480c7714",
            "tax bureau": "5ef5256194cae67a",
            "hospital": "27c8ccadbe4252e8",
            "law firm": "45203587eaa5ef48",
        },
    ),
    ChoiceExercise(
        id="m2_key_leader_class",
        title="The ABC class holding most opinion leaders",
        hint="Filter the accounts with opinion_leader True and count their ABC classes.",
        options=("A", "B", "C"),
        answer="778a3e0fa63cd5ae",
        feedback={
            "920dc3e8d94007ae": "Look again: opinion leaders matter through influence, not volume - "
                                "none of them is among the biggest buyers.",
        },
    ),
    ChoiceExercise(
        id="m2_key_a_quadrant",
        title="The quadrant of the attractiveness x strength matrix with most class-A accounts",
        hint="pd.crosstab(acc['quadrant'], acc['abc']) and read the A column.",
        options=("invest", "develop", "maintain", "streamline"),
        answer="723dad6861a8f90f",
        feedback={
            "28da942c23e37e25": "'invest' holds many A accounts, but not the most: count again - many big "
                                "accounts are attractive but weakly held.",
        },
    ),
]
