"""Exercises of 4.3 Lifetime value x expectations (solutions/04_segmentation/03_value_expectation.ipynb).

Numbers are computed with crmcourse.lifetime and crmcourse.segmentation from the shipped Qingmei
data when a check first runs; discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise

TYPES = ("intimate", "safe", "dangerous", "stranger")


def _customers():
    from crmcourse import data
    from crmcourse.lifetime import clv_simple

    tx = data.load("qingmei_transactions")
    customers = data.load("qingmei_customers").set_index("customer_id")
    spend = (tx[tx["date"] >= "2025-01-01"].groupby("customer_id")["amount"].sum()
             .reindex(customers.index, fill_value=0.0))
    customers["clv"] = clv_simple(margin=0.40 * spend, retention=0.8, discount=0.10)
    return customers


def _count(kind: str, strict: bool = False) -> int:
    from crmcourse.segmentation import value_expectation_matrix

    c = _customers()
    cuts = {"value_cut": c["clv"].quantile(0.8), "expectation_cut": 7} if strict else {}
    types = value_expectation_matrix(c, "clv", "expectation_score", **cuts)
    return int((types == kind).sum())


EXERCISES = [
    ChoiceExercise(
        id="m4_ve_type",
        title="The type of a high-value, low-expectation customer",
        hint="Find the quadrant with high value and low expectation.",
        options=TYPES,
        answer='490b5e7a769baa1c',
        feedback={
            '9eec2cf73e9b3633': "Intimate customers are high on both axes; this one expects little.",
            '276c82dbbc1ea87e': "Dangerous customers expect a lot and bring little - the opposite.",
        },
    ),
    NumberExercise(
        id="m4_ve_intimate",
        title="Number of intimate members with the median cuts",
        hint="Count the members whose type is 'intimate'.",
        expected=lambda: _count("intimate"),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    NumberExercise(
        id="m4_ve_dangerous_strict",
        title="Number of dangerous members with the 80/20 value cut and expectation cut 7",
        hint="value_cut = the 80th percentile of clv, expectation_cut = 7; then count 'dangerous'.",
        expected=lambda: _count("dangerous", strict=True),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    MappingExercise(
        id="m4_ve_bonds",
        title="The bond the source gives each customer type",
        hint="Structural for partners, social adds personal care, financial is price and points, "
             "none for the indifferent.",
        options=("financial", "social", "structural", "none"),
        answer={
            'intimate': 'a089030a02b9a529',
            'safe': 'bde9b5186cb093ba',
            'dangerous': 'd11704c40c75949a',
            'stranger': '2fde96cd8a14f185',
        },
    ),
    ChoiceExercise(
        id="m4_ve_feature",
        title="A feature to offer intimate customers only",
        hint="Intimate customers get the attractive (A) features; the others get must-be and "
             "one-dimensional ones too.",
        options=("clear ingredient list", "long-lasting effect", "personalised skincare plan",
                 "allergy-tested formula"),
        answer='e598cd119646f3bb',
        feedback={
            '33942ae435536e9c': "A performance (one-dimensional) feature: the "
                "strategy adds those already for dangerous customers.",
            '3c05e428399aa0df': "A must-be feature: every type gets it.",
            '1901c1d1dc30124c': "A must-be feature: every type gets it.",
        },
    ),
]
