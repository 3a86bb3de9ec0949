"""Exercises of 01_satisfaction/05_measuring: survey channels, a weighted index, uncertainty of a mean.

``FAIR_TREE`` is the synthetic index tree of the campus trade-fair case, typed into the notebook
as well (``tests/test_satisfaction.py`` checks the two copies agree).
"""
from crmcourse.checks.kinds import ChoiceExercise, NumberExercise

#: (branch, branch weight, indicator, indicator weight within the branch, mean score 1–5) —
#: invented for the course.
FAIR_TREE = (
    ("products", 0.35, "product variety", 0.4, 4.1),
    ("products", 0.35, "product quality", 0.4, 3.8),
    ("products", 0.35, "prices", 0.2, 3.2),
    ("service", 0.25, "staff friendliness", 0.5, 4.3),
    ("service", 0.25, "payment speed", 0.5, 2.9),
    ("venue", 0.20, "location", 0.4, 4.0),
    ("venue", 0.20, "stand layout", 0.3, 3.3),
    ("venue", 0.20, "cleanliness", 0.3, 3.6),
    ("information", 0.20, "advance publicity", 0.5, 2.6),
    ("information", 0.20, "signposting", 0.5, 3.0),
)


def _fair_index() -> float:
    """Index 0–100: the weighted mean score, rescaled from 1–5."""
    score = sum(bw * iw * s for _, bw, _, iw, s in FAIR_TREE)
    return (score - 1) / 4 * 100


def _satisfaction():
    from crmcourse import data

    return data.load("qingmei_nps")["satisfaction"]


def _standard_error() -> float:
    s = _satisfaction()
    return float(s.std() / len(s) ** 0.5)


def _sample_size() -> float:
    import math

    return float(math.ceil((1.96 * _satisfaction().std() / 0.1) ** 2))


EXERCISES = [
    ChoiceExercise(
        id="m1_measure_channel",
        title="The survey channel for a one-day stand",
        hint="Which channel is fast, gets a high response when a small gift is offered, and reaches "
             "the visitors while they are there?",
        options=("telephone", "mailed questionnaire", "on-site questionnaire", "online questionnaire"),
        answer="709b486ab8399123",
        feedback={
            "58fe21b55c59380e": "An online form is cheap, but only visitors who go online afterwards answer, "
                                "and few do once they have left.",
            "ab6863ab55faf02c": "A mailed questionnaire is accurate but slow and costly; the fair is over "
                                "before the answers come back.",
        },
    ),
    NumberExercise(
        id="m1_measure_index",
        title="The trade-fair satisfaction index (0–100)",
        hint="Multiply each indicator's weight by its branch's weight, take the weighted mean of the "
             "scores, then rescale 1–5 to 0–100 with (score − 1) / 4 × 100.",
        expected=_fair_index,
        abs_tol=0.05,
        rel_tol=0.0,
    ),
    ChoiceExercise(
        id="m1_measure_priority",
        title="The indicator to improve first",
        hint="For each indicator: effective weight × (5 − mean score). The largest value costs the "
             "index the most.",
        options=tuple(row[2] for row in FAIR_TREE),
        answer="e1575051fbbaa40f",
        feedback={"f30be2c7357656d8": "Close: publicity has the lowest score, but its weight is smaller; "
                                      "compare weight × shortfall."},
    ),
    NumberExercise(
        id="m1_measure_se",
        title="Standard error of the mean satisfaction",
        hint="Standard error = standard deviation / √n (pandas' .std() uses n − 1, which is what you want).",
        expected=_standard_error,
        rel_tol=1e-3,
    ),
    NumberExercise(
        id="m1_measure_sample_size",
        title="Respondents needed for a ±0.1 interval",
        hint="Solve 1.96 · s / √n = 0.1 for n, and round up to a whole respondent.",
        expected=_sample_size,
        abs_tol=1.0,
        rel_tol=0.0,
    ),
    ChoiceExercise(
        id="m1_measure_shop_online",
        title="Do shop-only and online-only members differ in satisfaction?",
        hint="Compare the two 95% intervals: does the difference between the means exceed what sampling "
             "alone could produce?",
        options=("yes", "no"),
        answer="9be8036958f888e7",
    ),
]
