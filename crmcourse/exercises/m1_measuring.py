"""Exercises of 01_satisfaction/05_measuring: survey channels, a weighted index, uncertainty of a mean, scorecard.

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

SCORECARD_MEASURES = ("market share", "customer retention", "customer acquisition", "customer satisfaction",
                      "customer profitability")


def _weighted_mean() -> float:
    return sum(bw * iw * s for _, bw, _, iw, s in FAIR_TREE)


def _fair_index() -> float:
    """Index 0–100: the weighted mean score, rescaled from 1–5."""
    return (_weighted_mean() - 1) / 4 * 100


def _plain_index() -> float:
    """The slip of giving every indicator the same weight."""
    mean = sum(s for *_, s in FAIR_TREE) / len(FAIR_TREE)
    return (mean - 1) / 4 * 100


def _indicator_weights_only() -> float:
    """The slip of ignoring the branch weights."""
    mean = sum(iw * s for _, _, _, iw, s in FAIR_TREE) / sum(iw for _, _, _, iw, _ in FAIR_TREE)
    return (mean - 1) / 4 * 100


def _satisfaction():
    from crmcourse import data

    return data.load("qingmei_nps")["satisfaction"]


def _standard_error() -> float:
    s = _satisfaction()
    return float(s.std() / len(s) ** 0.5)


def _sample_size(z=1.96, half_width=0.1, squared=True) -> float:
    import math

    ratio = z * float(_satisfaction().std()) / half_width
    return float(math.ceil(ratio ** 2 if squared else ratio))


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
            "eb6dfaa945c072bf": "Calling visitors needs their numbers and reaches them later, at work or at home, "
                                "where a call can irritate; the stand has them in front of it now.",
        },
        explanation="An on-site questionnaire is fast and, with a small thank-you gift, gets a high response; its "
                    "answers are less careful, which a short questionnaire and a quiet corner can soften.",
        task="decide",
    ),
    NumberExercise(
        id="m1_measure_index",
        title="The trade-fair satisfaction index (0–100)",
        hint="An indicator counts in the index with its own weight times its branch's weight. Take the weighted "
             "mean of the scores with these weights, then rescale it from the 1–5 answer scale to 0–100.",
        expected=_fair_index,
        abs_tol=0.05,
        rel_tol=0.0,
        slips={
            _weighted_mean: "That is the weighted mean on the 1–5 scale; rescale it to 0–100 as described above.",
            lambda: _weighted_mean() / 5 * 100: "The answer scale starts at 1, not 0: subtract 1 before dividing by "
                                               "the width of the scale, 4.",
            _plain_index: "You gave every indicator the same weight; the tree's weights say how much each counts.",
            _indicator_weights_only: "You used the indicator weights but not the branch weights: an indicator's "
                                     "effective weight is the product of the two.",
        },
        task="compute",
    ),
    ChoiceExercise(
        id="m1_measure_priority",
        title="The indicator to improve first",
        hint="What an indicator costs the index depends on two things: how much it counts and how far its "
             "score is from the top of the scale.",
        options=tuple(row[2] for row in FAIR_TREE),
        answer="e1575051fbbaa40f",
        feedback={
            "f30be2c7357656d8": "Close: publicity has the lowest score, but its effective weight is smaller; "
                                "compare weight × shortfall.",
            "e63f0154a4c11ce3": "Signposting does cost points, but less than another indicator with a larger weight "
                                "and a similar shortfall; compare weight × shortfall.",
        },
        explanation="Payment speed combines a low score with a fairly large effective weight (service counts for a "
                    "quarter of the index), so it costs the index the most.",
        task="compute",
    ),
    NumberExercise(
        id="m1_measure_se",
        title="Standard error of the mean satisfaction",
        hint="The standard error measures how far a sample mean moves from sample to sample: the spread of the "
             "answers, shrunk by the size of the sample (see the formula above).",
        expected=_standard_error,
        rel_tol=1e-3,
        slips={
            lambda: float(_satisfaction().std() / len(_satisfaction())):
                "You divided by n. The standard error divides by the square root of n: revisit the formula.",
            lambda: 1.96 * _standard_error(): "That is the half-width of the 95% interval (1.96 · SE); the standard "
                                              "error itself has no 1.96.",
            lambda: float(_satisfaction().var() / len(_satisfaction()) ** 0.5):
                "You used the variance; the standard error uses the standard deviation.",
            lambda: float(_satisfaction().std()): "That is the standard deviation of the answers. The mean of 1,600 "
                                                  "answers moves much less than one answer: divide by √n.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m1_measure_sample_size",
        title="Respondents needed for a ±0.1 interval",
        hint="Write the half-width of the interval as a function of n, set it equal to 0.1, and solve for n; a "
             "respondent is whole, so round up.",
        expected=_sample_size,
        abs_tol=1.0,
        rel_tol=0.0,
        slips={
            lambda: _sample_size(squared=False): "You solved for √n, not n: square the result.",
            lambda: _sample_size(z=1.0): "You left out 1.96; a 95% interval reaches 1.96 standard errors each way.",
            lambda: _sample_size(half_width=0.05): "±0.1 already is the half-width; you solved for a total width "
                                                   "of 0.1.",
        },
        task="compute",
    ),
    ChoiceExercise(
        id="m1_measure_shop_online",
        title="Do shop-only and online-only members differ in satisfaction?",
        hint="Compare the two 95% intervals: does the difference between the means exceed what sampling "
             "alone could produce?",
        options=("yes", "no"),
        answer="9be8036958f888e7",
        feedback={
            "4a2af6eab1aa73cd": "The two means differ by much less than either interval's half-width, and the "
                                "intervals overlap almost completely: sampling alone easily produces such a "
                                "difference.",
        },
        explanation="A difference of about 0.02 points against intervals of ±0.08 is noise. (Members who buy in "
                    "both channels are another matter.)",
        task="decide",
    ),
    ChoiceExercise(
        id="m1_measure_bsc",
        title="Decide: which core customer measure can Qingmei not compute from its own tables?",
        hint="For each measure, ask what it divides by what, and whether Qingmei records both.",
        options=SCORECARD_MEASURES,
        answer="43896a8e0e74a31e",
        feedback={
            "0aceab10a0f8f089": "Retention needs only Qingmei's own customers: who bought in one year and again in "
                                "the next. You computed it in 1.2.",
            "bf2f9fea87617815": "The customer table records when each member joined, so new members per year are "
                                "known.",
            "7b4794e264aaf179": "Qingmei surveys its members; the satisfaction question is in qingmei_nps.",
            "04306b73284ab723": "Sales per member are recorded; with a margin (as assumed in 1.2) they give profit "
                                "per customer, if not yet the cost to serve each one.",
        },
        explanation="Market share divides Qingmei's sales by the whole market's, and no Qingmei table knows what "
                    "rivals sell: that figure needs outside data, such as an industry report.",
        task="decide",
    ),
]
