"""Exercises of 01_satisfaction/06_quiz: the module-1 quiz (instant feedback, an explanation after each right answer).

The quiz computes on small tables typed into the notebook, none of them used elsewhere in module 1;
the same tables are declared here, and the solution notebook's checks pass only while the two agree.
All of them are invented for the quiz.
"""
from crmcourse.checks.kinds import ChoiceExercise, NumberExercise

#: (guest, expectation, perception, likelihood to recommend 0–10) of twelve hotel guests; each
#: score is the mean of five questions on a 1–10 scale.
HOTEL_GUESTS = (
    ("G01", 8.0, 8.2, 9),
    ("G02", 9.0, 7.0, 5),
    ("G03", 6.0, 7.0, 10),
    ("G04", 7.5, 7.2, 8),
    ("G05", 8.0, 6.0, 6),
    ("G06", 9.0, 8.6, 9),
    ("G07", 8.5, 7.9, 7),
    ("G08", 7.0, 8.0, 9),
    ("G09", 8.0, 7.7, 8),
    ("G10", 9.5, 8.0, 4),
    ("G11", 6.5, 6.9, 9),
    ("G12", 8.0, 7.5, 6),
)

#: Kano answer counts (A, O, M, I, R, Q) of 48 hotel guests per feature.
HOTEL_KANO = {
    "free Wi-Fi": (4, 12, 26, 5, 1, 0),
    "late checkout": (14, 14, 6, 12, 1, 1),
    "welcome fruit": (20, 6, 2, 15, 4, 1),
}

#: (dimension, mean gap P − E, importance points out of 100) of a bank branch's SERVQUAL survey.
BANK_SERVQUAL = (
    ("tangibles", 0.3, 10),
    ("reliability", -1.1, 35),
    ("responsiveness", -0.8, 25),
    ("assurance", -0.2, 15),
    ("empathy", -0.4, 15),
)


def _ratios():
    return [perceived / expected for _, expected, perceived, _ in HOTEL_GUESTS]


def _dissatisfied(tolerance=0.05):
    from crmcourse.satisfaction import satisfaction_zone

    return int(sum(satisfaction_zone(c, tolerance) == "dissatisfied" for c in _ratios()))


def _hotel_nps(promoter_from=9, detractor_to=6, percent=True):
    scores = [r for *_, r in HOTEL_GUESTS]
    promoters = sum(s >= promoter_from for s in scores)
    detractors = sum(s <= detractor_to for s in scores)
    return 100 * (promoters - detractors) / len(scores) if percent else float(promoters - detractors)


def _worse(feature, with_rq=False):
    a, o, m, i, r, q = HOTEL_KANO[feature]
    return -(o + m) / (a + o + m + i + (r + q if with_rq else 0))


def _better(feature):
    a, o, m, i, _, _ = HOTEL_KANO[feature]
    return (a + o) / (a + o + m + i)


def _weighted_gap(weighted=True):
    points = sum(p for *_, p in BANK_SERVQUAL)
    if weighted:
        return sum(gap * p / points for _, gap, p in BANK_SERVQUAL)
    return sum(gap for _, gap, _ in BANK_SERVQUAL) / len(BANK_SERVQUAL)


def _gym_clv(retention):
    from crmcourse.lifetime import clv_simple

    return float(clv_simple(600, retention, 0.12))


def _respondents(z=1.96, half_width=0.15, squared=True):
    import math

    ratio = z * 1.2 / half_width
    return float(math.ceil(ratio ** 2 if squared else ratio))


EXERCISES = [
    NumberExercise(
        id="m1_quiz_dissatisfied",
        title="Quiz: how many hotel guests are dissatisfied?",
        hint="Each guest's ratio is perception over expectation; the dissatisfied zone lies below the ±5% band.",
        expected=_dissatisfied,
        slips={lambda: sum(c < 1 for c in _ratios()): "You counted every ratio below 1. A ratio just short of 1, "
                                                      "inside the tolerance band, counts as satisfied (1.1)."},
        explanation="Three guests with ratios between 0.95 and 1 sit inside the band: they are satisfied, not "
                    "dissatisfied. The band decides where they land.",
        task="compute",
    ),
    NumberExercise(
        id="m1_quiz_nps",
        title="Quiz: the hotel's Net Promoter Score",
        hint="Sort the twelve answers into promoters, passives and detractors, then subtract the percentages.",
        expected=_hotel_nps,
        abs_tol=0.05,
        rel_tol=0.0,
        slips={
            lambda: _hotel_nps(percent=False): "You subtracted the counts. NPS subtracts the percentages of "
                                               "promoters and detractors (1.2).",
            lambda: _hotel_nps(detractor_to=5): "A 6 is a detractor: detractors answer 0 to 6 (1.2).",
            lambda: _hotel_nps(promoter_from=7): "Only 9 and 10 are promoters; the answers just below are "
                                                 "passives (1.2).",
            lambda: 100 * sum(r >= 9 for *_, r in HOTEL_GUESTS) / len(HOTEL_GUESTS):
                "That is the share of promoters alone; subtract the share of detractors (1.2).",
        },
        explanation="Five promoters and four detractors among twelve guests: the score is slightly positive, and "
                    "with twelve answers one guest more or less moves it by more than eight points.",
        task="compute",
    ),
    ChoiceExercise(
        id="m1_quiz_kano_tie",
        title="Quiz: the Kano category of late checkout",
        hint="Find the most frequent category; if two are equally frequent, apply the tie-break order of 1.3.",
        options=("A", "O", "M", "I"),
        answer="b9b323e64ed6ba08",
        feedback={
            "1cd9447996511e4d": "A and O are tied. The tie-break picks the category with the larger effect on the "
                                "product, in the order M > O > A > I (1.3).",
            "59bffa2a32116940": "Must-be is far from the most frequent category here; the tie-break only chooses "
                                "between the categories that are tied.",
            "19b8c27294cb75b6": "Indifferent comes only third in the counts.",
        },
        explanation="A and O both have 14 answers; the tie-break M > O > A > I makes late checkout one-dimensional. "
                    "A lead of zero would also fail Fong's test: it is a mix of the two.",
        task="classify",
    ),
    NumberExercise(
        id="m1_quiz_worse",
        title="Quiz: the Worse coefficient of free Wi-Fi",
        hint="Worse = −(O + M) / (A + O + M + I).",
        expected=lambda: _worse("free Wi-Fi"),
        rel_tol=1e-3,
        slips={
            lambda: _worse("free Wi-Fi", with_rq=True): "You counted R and Q in the denominator; they are left out "
                                                        "(1.3).",
            lambda: _better("free Wi-Fi"): "That is the Better coefficient; Worse adds O and M and is negative "
                                           "(1.3).",
        },
        explanation="Four in five guests would be dissatisfied without Wi-Fi: a must-be feature, the price of "
                    "entry, earning little praise when present.",
        task="compute",
    ),
    ChoiceExercise(
        id="m1_quiz_fong",
        title="Quiz: is welcome fruit's lead significant by Fong's test?",
        hint="Take the two largest counts a and b and all n = 48 answers; compare |a − b| with "
             "1.65 · √((a + b)(2n − a − b) / (2n)).",
        options=("significant", "not significant"),
        answer="cd30e7a61314d0b0",
        feedback={"98b0fbbdf82f067e": "Compute the threshold with the two largest counts (A and I) and n = 48: "
                                      "is the lead of A larger than it? Revisit Fong's test (1.3)."},
        explanation="|20 − 15| = 5 is below the threshold of about 7.8: welcome fruit is a mix of attractive and "
                    "indifferent, not clearly either.",
        task="compute",
    ),
    NumberExercise(
        id="m1_quiz_servqual",
        title="Quiz: the bank branch's weighted overall SERVQUAL gap",
        hint="Turn the importance points into shares that sum to 1 and weight each dimension's gap with its share.",
        expected=_weighted_gap,
        rel_tol=1e-3,
        slips={lambda: _weighted_gap(weighted=False): "That is the unweighted mean of the five gaps; weight each "
                                                      "gap by its share of the importance points (1.4)."},
        explanation="The weighted gap is worse than the plain mean because the largest shortfalls, reliability "
                    "and responsiveness, are in the dimensions customers weight most.",
        task="compute",
    ),
    NumberExercise(
        id="m1_quiz_clv_gain",
        title="Quiz: what ten points more retention are worth to a gym",
        hint="Compute the lifetime value at both retention rates with the simple retention model and express the "
             "increase as a fraction of the old value.",
        expected=lambda: _gym_clv(0.80) / _gym_clv(0.70) - 1,
        rel_tol=1e-3,
        percent=True,
        slips={
            0.10: "Value is not proportional to retention; recompute the lifetime value at the new rate (1.2).",
            0.10 / 0.70: "That is the relative rise in retention; the lifetime value rises faster (1.2).",
            lambda: _gym_clv(0.80) - _gym_clv(0.70): "That is the gain in CNY; give it as a fraction of the old "
                                                     "value.",
        },
        explanation="From r = 0.7 to 0.8 the margin multiple rises from about 1.7 to 2.5 years' margin: half as "
                    "much again, for ten points of retention.",
        task="what-if",
    ),
    NumberExercise(
        id="m1_quiz_sample_size",
        title="Quiz: respondents needed for a ±0.15 interval",
        hint="Set 1.96 · s / √n equal to the half-width and solve for n; round up.",
        expected=_respondents,
        abs_tol=1.0,
        rel_tol=0.0,
        slips={
            lambda: _respondents(squared=False): "You solved for √n, not n: square the result (1.5).",
            lambda: _respondents(z=1.0): "You left out 1.96 (1.5).",
            lambda: _respondents(half_width=0.075): "±0.15 already is the half-width (1.5).",
        },
        explanation="Precision costs respondents in squares: halving the half-width to ±0.075 would need four "
                    "times as many.",
        task="compute",
    ),
    ChoiceExercise(
        id="m1_quiz_needs",
        title="Quiz: the two needs never to violate",
        hint="Which needs, when violated, turn a customer into an outraged one (1.4)?",
        options=("security and fairness", "fairness and esteem", "security and esteem",
                 "reliability and responsiveness"),
        answer="17f888b6a697eb78",
        feedback={
            "4fab3819ab384d15": "Esteem is the need to keep strengthening - the road to complete satisfaction - not "
                                "one of the two never to violate.",
            "46d4b0452aea1814": "Esteem is the need to keep strengthening; the second never-violate need is about "
                                "a just exchange.",
            "0c7e30d97ee47c25": "Those are SERVQUAL dimensions of service quality, not needs of the needs-based "
                                "model.",
        },
        explanation="Violating security (harm, money at risk) or fairness (an unjust exchange) breeds outrage; "
                    "serving esteem well breeds complete satisfaction.",
        task="decide",
    ),
    ChoiceExercise(
        id="m1_quiz_good_baby",
        title="Quiz: what the Good Baby survey teaches",
        hint="Two answers close together on the scale, very different behaviour: what does that say about where a "
             "firm should aim?",
        options=("aim for complete satisfaction", "switch from scales to NPS", "plan sales with the 6x figure",
                 "satisfied is loyal enough"),
        answer="595cbba9a83879ff",
        feedback={
            "0f1219a73d05d6f3": "The lesson is about where on the scale behaviour changes, not about which "
                                "question to ask; NPS shows the same top-box effect.",
            "2075f00aa6ee7381": "The multiple comes without a traceable source and varies by market; measure your "
                                "own (1.2).",
            "5de9bf17930bd3ad": "The survey shows the opposite: merely satisfied customers bought again far less "
                                "often than the very satisfied.",
        },
        explanation="Scale position is not proportional to loyalty: the step to 'very satisfied' changes behaviour "
                    "most, so a service firm should aim for complete satisfaction - while treating the six-times "
                    "figure itself as illustrative.",
        task="decide",
    ),
    ChoiceExercise(
        id="m1_quiz_scorecard",
        title="Quiz: not a core customer measure of the balanced scorecard",
        hint="The customer perspective measures what happens with customers; other perspectives cover the firm's "
             "own people and processes.",
        options=("market share", "customer retention", "customer acquisition", "employee satisfaction",
                 "customer profitability"),
        answer="9123a1c3e9ff2d86",
        feedback={
            "292f4355469e4bbd": "Market share is one of the five core customer measures, even though it needs data "
                                "about the whole market (1.5).",
            "e4a54c406b12c077": "Customer profitability is a core customer measure: satisfied customers are not "
                                "worth keeping at any cost (1.5).",
        },
        explanation="Market share, retention, acquisition, satisfaction and customer profitability are the five "
                    "core customer measures; employee satisfaction belongs to the learning-and-growth perspective.",
        task="decide",
    ),
    ChoiceExercise(
        id="m1_quiz_promise",
        title="Quiz: the promise that leaves the most satisfied customers",
        hint="Recall the promise trade-off of 1.1: what a promise does to the number of buyers and to their "
             "satisfaction.",
        options=("well above its average", "exactly its average", "a little below its average",
                 "far below its average"),
        answer="9e369b35a3734a26",
        feedback={
            "9b20aaf0f671ade0": "A bold promise brings buyers in but disappoints most of them (1.1).",
            "fd1f6948eb7db1be": "Service varies: at a promise equal to the average, about half the customers "
                                "perceive less than they were promised (1.1).",
            "150fcd8694f10ab7": "A very modest promise satisfies the few who buy, but few buy (1.1).",
        },
        explanation="A modest promise that is reliably kept beats a bold one that many find broken; the best "
                    "promise rises only when real performance rises.",
        task="decide",
    ),
]
