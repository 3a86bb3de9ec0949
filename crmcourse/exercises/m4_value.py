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


def _count(kind: str, strict: bool = False, expectation_cut=None) -> int:
    from crmcourse.segmentation import value_expectation_matrix

    c = _customers()
    cuts = {"value_cut": c["clv"].quantile(0.8), "expectation_cut": 7} if strict else {}
    if expectation_cut is not None:
        cuts["expectation_cut"] = expectation_cut
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
        explanation="High value and low expectation: a safe customer - valuable, easy to satisfy, and for that "
                    "reason easy to neglect.",
        task="classify",
    ),
    NumberExercise(
        id="m4_ve_intimate",
        title="Number of intimate members when 'demanding' starts at an expectation score of 7",
        hint="Keep the median value cut, set the expectation cut to 7, place the members again and count.",
        expected=lambda: _count("intimate", expectation_cut=7),
        abs_tol=0,
        rel_tol=0,
        slips={lambda: _count("intimate"): "That is the count with the median cuts. Pass the expectation cut of 7 "
                                            "(section 3: a customer is high when at or above the cut).",
               lambda: _count("safe", expectation_cut=7): "You counted the high-value members below the new "
                                                          "expectation cut: those are safe, not intimate."},
        task="what-if",
    ),
    NumberExercise(
        id="m4_ve_dangerous_strict",
        title="Number of dangerous members with the 80/20 value cut and expectation cut 7",
        hint="value_cut = the 80th percentile of clv, expectation_cut = 7; then count 'dangerous'.",
        expected=lambda: _count("dangerous", strict=True),
        abs_tol=0,
        rel_tol=0,
        slips={lambda: _count("dangerous"): "That is the count with the median cuts: pass both new cuts.",
               lambda: _count("intimate", strict=True): "Those members are high on both axes (intimate). Dangerous "
                                                        "means low value and high expectation."},
        task="what-if",
    ),
    MappingExercise(
        id="m4_ve_bonds",
        title="The bond the source gives each customer type",
        hint="Financial (price, points) is the loosest tie, social (personal care) the middle one, structural "
             "(linked processes) the tightest. Ask which type the source wants to tie most, and which it lets go.",
        options=("financial", "social", "structural", "none"),
        answer={
            'intimate': 'a089030a02b9a529',
            'safe': 'bde9b5186cb093ba',
            'dangerous': 'd11704c40c75949a',
            'stranger': '2fde96cd8a14f185',
        },
        concepts={"structural": "the tightest tie, for partners worth joint investment",
                  "social": "personal contact and care, to keep a demanding customer from leaving",
                  "financial": "price incentives and points, for customers who ask for little",
                  "none": "for customers the firm lets go their own way"},
        task="predict",
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
        explanation="Intimate customers get the attractive (A) features on top of the rest; the personalised plan "
                    "is the only A among the four.",
        task="decide",
    ),
]
