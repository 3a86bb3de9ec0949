"""Exercises of 4.7 Module 4 quiz (solutions/04_segmentation/07_quiz.ipynb).

Instant-feedback quiz exercises: multiple choice with an explanation shown after a right answer,
and computations on data module 4 did not use - a tea shop's receipts and customer values, a
small two-feature sample and a campaign plan, all invented for the quiz. The same data are
written out in the notebook; its checks pass only while the two agree.
"""
from crmcourse.checks.kinds import ChoiceExercise, NumberExercise

SNAPSHOT = "2026-04-01"

#: (customer, date, amount in CNY) - the tea shop's receipts, invented for the quiz.
TEA_RECEIPTS = (
    ("T01", "2026-01-05", 45.0), ("T01", "2026-02-10", 38.0), ("T01", "2026-03-20", 52.0),
    ("T02", "2025-10-02", 120.0), ("T02", "2025-11-15", 95.0),
    ("T03", "2026-03-28", 30.0),
    ("T04", "2025-12-01", 60.0), ("T04", "2026-01-12", 42.0), ("T04", "2026-02-22", 58.0),
    ("T04", "2026-03-15", 61.0), ("T04", "2026-03-30", 40.0),
    ("T05", "2025-09-10", 25.0),
    ("T06", "2026-02-01", 80.0), ("T06", "2026-03-01", 75.0),
)

#: (customer, lifetime value in CNY, expectation score 1-10) of ten tea-shop members.
TEA_VALUES = (
    ("T01", 820, 8), ("T02", 1500, 3), ("T03", 90, 9), ("T04", 2400, 7), ("T05", 60, 2),
    ("T06", 640, 4), ("T07", 300, 8), ("T08", 1100, 6), ("T09", 150, 7), ("T10", 2000, 2),
)

#: A campaign plan: (name, contacts, success rate, margin per acceptance, cost per contact).
CAMPAIGNS = (("blanket", 2000, 0.06, 80.0, 3.0), ("targeted", 800, 0.15, 80.0, 3.0))


def _receipts():
    import pandas as pd

    frame = pd.DataFrame(TEA_RECEIPTS, columns=["customer_id", "date", "amount"])
    return frame.assign(date=pd.to_datetime(frame["date"]))


def _recency(customer="T02", first=False, to=SNAPSHOT) -> int:
    import pandas as pd

    rows = _receipts()
    dates = rows.loc[rows["customer_id"] == customer, "date"]
    return int((pd.Timestamp(to) - (dates.min() if first else dates.max())).days)


def _rfm_recency() -> int:
    from crmcourse.segmentation import rfm_table

    return int(rfm_table(_receipts(), snapshot=SNAPSHOT).loc["T02", "recency"])


def _types():
    import pandas as pd

    from crmcourse.segmentation import value_expectation_matrix

    members = pd.DataFrame(TEA_VALUES, columns=["customer_id", "clv", "expectation"]).set_index("customer_id")
    return value_expectation_matrix(members, "clv", "expectation")


def _blobs():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(4)
    centres = np.array([[0.0, 0.0], [6.0, 0.0], [3.0, 5.0]])
    points = np.vstack([rng.normal(c, 0.8, size=(30, 2)) for c in centres])
    return pd.DataFrame(points, columns=["x1", "x2"])


def _best_k() -> int:
    from crmcourse.segmentation import k_diagnostics

    return int(k_diagnostics(_blobs(), ["x1", "x2"], ks=range(2, 7))["silhouette"].idxmax())


def _net(name: str, with_cost: bool = True) -> float:
    _, contacts, rate, margin, cost = next(c for c in CAMPAIGNS if c[0] == name)
    return contacts * rate * margin - (contacts * cost if with_cost else 0.0)


EXERCISES = [
    NumberExercise(
        id="m4_quiz_recency",
        title="Quiz: the recency of tea-shop customer T02",
        hint="Recency counts days from the customer's last purchase to the fixed snapshot date.",
        expected=_rfm_recency,
        abs_tol=0,
        rel_tol=0,
        slips={
            lambda: _recency(first=True): "You counted from T02's first purchase. Recency starts at the last one (4.2).",
            lambda: _recency(to="2026-03-30"): "You counted to the last receipt in the data. Recency counts to the "
                                               "fixed snapshot date (4.2).",
        },
        explanation="T02's last purchase was on 15 November 2025: four and a half months of silence before the "
                    "snapshot, from a customer who spent more per visit than anyone else.",
        task="compute",
    ),
    ChoiceExercise(
        id="m4_quiz_segment",
        title="Quiz: the RFM segment of a customer with R = 5 and F = 1",
        hint="Find R 5 and F 1 on the R × F grid of 4.2, or think: very recent, bought once.",
        options=("champions", "new customers", "promising", "hibernating"),
        answer='70a003d571288bcc',
        feedback={
            'cf71864df36dffde': "Champions are recent *and* frequent; this customer has bought only once.",
            '48f22f0058912049': "Promising customers bought once a little less recently (R = 4).",
            '290dbe33233e4be4': "Hibernating customers are long gone; R = 5 means the most recent fifth.",
        },
        explanation="The most recent fifth and a single purchase: a first purchase just made. Welcome and onboard "
                    "them - the second purchase is the one that counts.",
        task="classify",
    ),
    NumberExercise(
        id="m4_quiz_clv",
        title="Quiz: the simple lifetime value of a tea-shop member",
        hint="CLV = m · r / (1 + i − r) with the yearly margin m, retention r and discount rate i as fractions.",
        expected=lambda: 300 * 0.7 / (1 + 0.08 - 0.7),
        rel_tol=1e-3,
        slips={
            lambda: 300 / (1 + 0.08 - 0.7): "The numerator is m · r: the first margin arrives only if the member "
                                            "stays the first year (1.2, 4.3).",
            lambda: 300 * 0.7 / (1 - 0.7): "You left out the discount rate: future margins are worth less today "
                                           "(1.2, 4.3).",
            lambda: 300 * 0.7 / (1 + 0.08 + 0.7): "The denominator is 1 + i − r: a higher retention makes the "
                                                  "customer worth more, not less (4.3).",
        },
        explanation="A margin multiple of 0.7 / 0.38 ≈ 1.84: this member is worth a little under two years of "
                    "margin today.",
        task="compute",
    ),
    NumberExercise(
        id="m4_quiz_safe",
        title="Quiz: safe customers among the ten tea-shop members (median cuts)",
        hint="High means at or above the median on that axis; safe is high value with low expectation.",
        expected=lambda: int((_types() == "safe").sum()),
        abs_tol=0,
        rel_tol=0,
        slips={lambda: int((_types() == "intimate").sum()): "Those members are high on both axes: intimate. Safe "
                                                             "customers expect little (the value × expectation matrix)."},
        explanation="T02, T08 and T10 bring a lot and expect little - the members most easily neglected.",
        task="compute",
    ),
    ChoiceExercise(
        id="m4_quiz_bond",
        title="Quiz: the bond the source gives a dangerous customer",
        hint="Dangerous: low value, high expectation - the customer who may leave at the first disappointment.",
        options=("financial", "social", "structural", "none"),
        answer='98dd41f7459c4f07',
        feedback={
            'a936f0f614f18c6b': "Structural bonds - joint investment, linked processes - are kept for intimate "
                              "customers, the partners worth it.",
            'a3117f20ddf08b68': "Financial incentives go to safe customers, who ask for little and stay for a good deal.",
            '1c658524a298bd28': "No bond is the strategy for strangers, who are low on both axes.",
        },
        explanation="The source gives dangerous customers personal contact and care - a social bond - plus the "
                    "performance features they ask for; whether that is money well spent is debatable (4.3).",
        task="decide",
    ),
    ChoiceExercise(
        id="m4_quiz_scale",
        title="Quiz: why standardise the features before k-means?",
        hint="k-means measures plain distances.",
        options=("k-means needs normally distributed data", "otherwise the feature with the biggest numbers decides",
                 "it makes k-means choose k", "it removes outliers"),
        answer='0da37526004d3b98',
        feedback={
            '93058bd26a4e88a2': "k-means makes no assumption of normality; logs help with skew, but that is another step.",
            '7a45a178d8258c74': "Nothing in standardisation chooses k: the elbow, the silhouette and the business do (4.4).",
            'bd00ee533b528443': "Standardising moves and stretches every value; an outlier stays an outlier.",
        },
        explanation="Distances add up squared differences: spend in thousands of yuan swamps a share between 0 and "
                    "1. Standardised, each feature counts with a spread of one.",
        task="decide",
    ),
    NumberExercise(
        id="m4_quiz_best_k",
        title="Quiz: the k with the highest silhouette on a two-feature sample",
        hint="Run the k diagnostics for k from 2 to 6 on both features and find the largest silhouette.",
        expected=_best_k,
        abs_tol=0,
        rel_tol=0,
        integer=True,
        explanation="The sample was drawn around three centres, and the silhouette finds them. Real customers are "
                    "rarely this tidy, and the business still decides (4.4).",
        task="compute",
    ),
    ChoiceExercise(
        id="m4_quiz_ari",
        title="Quiz: what a mean adjusted Rand index of 0.45 over bootstrap samples says",
        hint="An ARI of 1 is the same grouping; about 0 is no better than chance.",
        options=("the clusters are stable", "the clusters depend a lot on the sample", "45% of customers are misclassified",
                 "k is too small"),
        answer='87b555563f051687',
        feedback={
            'e2180c55848718e1': "Stable clusters give an index close to 1 on resampled data; 0.45 is far from it.",
            'f7c3106e20625c5c': "The ARI compares two groupings as a whole; it is not a share of customers.",
            '88c9def417043d3d': "The index says the grouping is not reproducible; it does not say in which direction k is wrong.",
        },
        explanation="Slightly different data give a quite different grouping: the clusters are partly an accident "
                    "of the sample. Revisit the features or k before building campaigns on them (4.4, step 5).",
        task="decide",
    ),
    NumberExercise(
        id="m4_quiz_campaign",
        title="Quiz: the extra net margin of the targeted campaign",
        hint="Net margin = acceptances × margin per acceptance − contacts × cost per contact, for each campaign.",
        expected=lambda: _net("targeted") - _net("blanket"),
        rel_tol=1e-6,
        abs_tol=0.01,
        slips={
            lambda: _net("targeted", with_cost=False) - _net("blanket", with_cost=False):
                "You compared the margins only. Every contact costs money, accepted or not (4.5).",
            lambda: _net("blanket") - _net("targeted"): "Right size, wrong sign: subtract the blanket campaign's net "
                                                        "from the targeted one's.",
        },
        explanation="Both campaigns sell 120 times, but the targeted one needs 1,200 fewer contacts: the whole gain "
                    "is the cost of contacts that would not have sold.",
        task="compute",
    ),
    ChoiceExercise(
        id="m4_quiz_alive",
        title="Quiz: which customer is more likely still alive under BG/NBD?",
        hint="Both made four repeat purchases in a 40-week period; look at when the last one was.",
        options=("the one whose last purchase was in week 10", "the one whose last purchase was in week 38",
                 "both are equally likely", "neither: four purchases mean both are alive"),
        answer='7282d2ec0e529ce9',
        feedback={
            '4048449e41babe74': "Four purchases by week 10 and then 30 silent weeks: far longer than that customer's usual "
                         "gap - the model reads it as a likely drop-out (4.6).",
            '464b43cbf561f847': "Frequency is the same, recency is not: BG/NBD uses both (4.6).",
            '7394a1059f5a5b2b': "In BG/NBD a customer can drop out after any purchase; a long silence makes it likely (4.6).",
        },
        explanation="Recency relative to a customer's own rhythm decides: the customer who bought in week 38 has "
                    "shown no unusual silence.",
        task="decide",
    ),
]
