"""Exercises of 2.1 Who are your key accounts (solutions/02_key_accounts/01_key_accounts.ipynb).

Numbers are computed with the course helpers from the shipped Huaxin data when a check first
runs; discrete answers are stored as salted hashes (``crmcourse hash ID ANSWER``). Typical
slips are declared as functions computing the wrong value, so the feedback can name the idea
to revisit.
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise


def _accounts():
    from crmcourse import data

    return data.load("huaxin_accounts").set_index("account_id")


def _pareto():
    from crmcourse.accounts import pareto_table

    return _accounts()["annual_revenue"].pipe(pareto_table)


def _top_share(n: int) -> float:
    table = _pareto()
    return float(table["value"].head(n).sum() / table["value"].sum())


def _top20_share() -> float:
    table = _pareto()
    top = table[table["cum_account_share"] <= 0.2]
    return float(top["value"].sum() / table["value"].sum())


def _top20_strict() -> float:
    table = _pareto()
    top = table[table["cum_account_share"] < 0.2]
    return float(top["value"].sum() / table["value"].sum())


def _class_a_share() -> float:
    from crmcourse.accounts import abc_classes

    acc = _accounts()
    return float(acc.loc[abc_classes(acc["annual_revenue"]) == "A", "annual_revenue"].sum()
                 / acc["annual_revenue"].sum())


def _n_class_a(a: float = 0.8, b: float = 0.95) -> int:
    from crmcourse.accounts import abc_classes

    return int((abc_classes(_accounts()["annual_revenue"], a, b) == "A").sum())


def _postal_count(smaller_cities: str) -> int:
    """Key accounts when the 0.8 coefficient applies in ``smaller_cities``: "3+", "all", "none", "1-2"."""
    from crmcourse.accounts import assign_tiers, postal_tiers

    acc = _accounts()
    standard = assign_tiers(acc["annual_revenue"], postal_tiers())
    smaller = assign_tiers(acc["annual_revenue"], postal_tiers(0.8))
    pick = {"3+": acc["city_tier"] >= 3, "all": acc["city_tier"] > 0, "none": acc["city_tier"] < 0,
            "1-2": acc["city_tier"] < 3}[smaller_cities]
    return int((smaller.where(pick, standard) != "none").sum())


EXERCISES = [
    NumberExercise(
        id="m2_key_top20_share",
        title="Share of revenue from the top 20% of accounts",
        hint="Rank the accounts by revenue, keep the largest fifth of them (64 of 320, the bound "
             "included), and compare their revenue with the revenue of all accounts.",
        expected=_top20_share,
        rel_tol=1e-3,
        percent=True,
        task="compute",
        slips={
            0.8: "That is the rule of thumb, not Huaxin's figure: the point of the exercise is to measure "
                 "the split, not to assume it. Revisit the Pareto table.",
            0.2: "That is the share of the *accounts* you kept. The question asks what share of the "
                 "*revenue* they bring: divide their revenue by the total revenue.",
            _class_a_share: "That is the share of class A - the accounts that reach 80% - which is more than "
                            "a fifth of the accounts. Keep exactly the top 20% of the accounts.",
            _top20_strict: "You left out the account that sits exactly on 20%: 'the top 20%' includes the "
                           "bound (cum_account_share at most 0.2).",
            (lambda: _top_share(65)): "You kept one account too many: 20% of 320 accounts is exactly 64.",
        },
        explanation="Huaxin's top fifth brings a little less than 80%: the 80/20 rule describes a "
                    "tendency, and each company measures its own split.",
    ),
    ChoiceExercise(
        id="m2_key_straddle",
        title="ABC class of the account that straddles the 80% line",
        hint="Add up the revenue of the accounts ranked above it: is their share below 80%?",
        options=("A", "B", "C"),
        answer="4466a88d42cb059a",
        feedback={
            "4d2c3c1940605e87": "With it the top three reach 85%, past the line - but the accounts above "
                                       "it bring only 75%. The course's rule looks at the share *before* the "
                                       "account: the account that crosses 80% is the last one class A needs.",
            "35e47c33cdeff8c4": "C starts only after 95% of the value; this account starts at 75%.",
        },
        task="compute",
        explanation="Class A is the smallest group of top accounts that reaches 80%, so the account that "
                    "crosses the line belongs to it.",
    ),
    NumberExercise(
        id="m2_key_a_count",
        title="Class-A accounts at Huaxin with the stricter bounds 70% / 90%",
        hint="The class bounds are parameters of the ABC rule: change them, classify again and count the A's. "
             "Before you run it, guess whether A grows or shrinks.",
        expected=lambda: _n_class_a(0.7, 0.9),
        task="what-if",
        slips={
            (lambda: _n_class_a()): "That is the count with the default bounds (80%, 95%). Pass the new bounds "
                                    "to the classification.",
        },
        explanation="A lower first bound makes class A smaller: fewer accounts get a named account manager, "
                    "and each of them carries more weight.",
    ),
    NumberExercise(
        id="m2_key_postal_coefficient",
        title="Key accounts under the postal rules with the 0.8 coefficient in smaller cities",
        hint="Each account gets the tier of one rulebook: the lowered VIP bar where its city tier is 3 or 4, "
             "the standard bar elsewhere. Decide the rulebook account by account, then count every account "
             "that reaches a tier.",
        expected=lambda: _postal_count("3+"),
        task="compute",
        slips={
            (lambda: _postal_count("all")): "You applied the 0.8 coefficient to every city. It lowers the VIP bar "
                                            "only in tier-3 and tier-4 cities: revisit which accounts the rule covers.",
            (lambda: _postal_count("none")): "You left out the coefficient: that is the count with the standard "
                                             "bar everywhere. Revisit the rule for smaller markets.",
            (lambda: _postal_count("1-2")): "You applied the coefficient to the large cities and the standard bar to "
                                            "the small ones - the other way round. The smaller markets are city "
                                            "tiers 3 and 4.",
        },
        explanation="The coefficient lowers only the VIP entry bar and only in the smaller markets: it reaches "
                    "just the accounts between 8,000 and 10,000 CNY in tier-3 and tier-4 cities.",
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
        task="classify",
        concepts={
            "50+": "a buyer of at least 50 and fewer than 100 vehicles a year; a bound is included in its tier.",
            "10+": "a buyer of at least 10 and fewer than 50 vehicles a year.",
            "5+": "a buyer of at least 5 and fewer than 10 vehicles a year.",
            "none": "a buyer of fewer than 5 vehicles a year.",
            "100+": "a buyer of 100 or more vehicles a year.",
        },
    ),
    ChoiceExercise(
        id="m2_key_leader_class",
        title="The ABC class holding most opinion leaders",
        hint="The table above shows the opinion leaders' revenue but not their class: give each its ABC "
             "class (you computed the classes in section 3) and see which class is most frequent.",
        options=("A", "B", "C"),
        answer="778a3e0fa63cd5ae",
        feedback={
            "920dc3e8d94007ae": "Opinion leaders matter through influence, not volume - none of "
                                           "them is among the biggest buyers. Revisit what makes an account key.",
            "929ff7dede253e1e": "A few of them are class B, but not most. Count the classes of all "
                                           "the leaders.",
        },
        task="compute",
        explanation="Most opinion leaders buy little themselves: a volume ranking alone would hand them to "
                    "the standard process, which is why they are flagged by hand.",
    ),
    ChoiceExercise(
        id="m2_key_a_quadrant",
        title="The quadrant of the attractiveness x strength matrix with most class-A accounts",
        hint="Count the class-A accounts in each quadrant; a cross-table of the two labels does it in one step.",
        options=("invest", "develop", "maintain", "streamline"),
        answer="723dad6861a8f90f",
        feedback={
            "28da942c23e37e25": "'invest' holds many A accounts, but not the most: count again - "
                                              "many big accounts are attractive but weakly held.",
            "c78734d2cee437a1": "'maintain' is for accounts of low attractiveness; Huaxin's class-A "
                                                "accounts are mostly attractive. Revisit the two axes.",
            "696e52d51e463f4a": "'streamline' is for unattractive, weakly held accounts; almost no "
                                                  "class-A account sits there.",
        },
        task="compute",
        explanation="Most of Huaxin's biggest accounts are attractive but weakly held: the growth lies in a "
                    "bigger share of wallets it already knows.",
    ),
]
