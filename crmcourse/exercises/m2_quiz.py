"""Exercises of 2.6 Module 2 quiz (solutions/02_key_accounts/06_quiz.ipynb).

Instant-feedback quiz exercises: multiple choice with an explanation shown after a right answer,
and computations on data module 2 did not use - Qingmei Cosmetics' 2025 receipts
(``qingmei_transactions``) and a small pipeline of Lianyun Telecom's enterprise sales team
(written out here and in the notebook).
"""
from crmcourse.checks.kinds import ChoiceExercise, NumberExercise

#: The quiz's pipeline: (deal, account, amount CNY, stage, wallet CNY, revenue 2025 CNY) - the notebook's rows.
PIPELINE = (
    ("LY-01", "Hengda Logistics", 420_000, "Proposal/Price Quote", 2_600_000, 610_000),
    ("LY-02", "Baiyun Hotel Group", 150_000, "Needs Analysis", 900_000, 420_000),
    ("LY-03", "Qiaotou Hospital", 680_000, "Negotiation/Review", 3_100_000, 350_000),
    ("LY-04", "Fuxing School District", 95_000, "Prospecting", 700_000, 0),
    ("LY-05", "Jinlu Express", 310_000, "Id. Decision Makers", 1_800_000, 520_000),
    ("LY-06", "Riverside Mall", 220_000, "Closed Won", 1_200_000, 640_000),
    ("LY-07", "Taihe Bank", 540_000, "Value Proposition", 4_500_000, 900_000),
    ("LY-08", "Minsheng Clinic", 60_000, "Closed Lost", 300_000, 90_000),
)
_AMOUNT, _STAGE, _WALLET, _REVENUE = 2, 3, 4, 5
_CLOSED = ("Closed Won", "Closed Lost")


def _spend():
    from crmcourse import data

    t = data.load("qingmei_transactions")
    return t[t["date"].dt.year == 2025].groupby("customer_id")["amount"].sum()


def _spend_all_years():
    from crmcourse import data

    return data.load("qingmei_transactions").groupby("customer_id")["amount"].sum()


def _top20(values) -> float:
    from crmcourse.accounts import pareto_table

    table = pareto_table(values)
    return float(table.loc[table["cum_account_share"] <= 0.2, "value"].sum() / table["value"].sum())


def _n_a(values, a: float = 0.8, b: float = 0.95) -> int:
    from crmcourse.accounts import abc_classes

    return int((abc_classes(values, a, b) == "A").sum())


def _probability(stage: str) -> float:
    from crmcourse.accounts import SUITECRM_PROBABILITIES

    return SUITECRM_PROBABILITIES[stage]


def _forecast(include_closed: bool = False, weighted: bool = True) -> float:
    total = 0.0
    for row in PIPELINE:
        if row[_STAGE] in _CLOSED and not include_closed:
            continue
        total += row[_AMOUNT] * (_probability(row[_STAGE]) if weighted else 1)
    return total


def _pooled_share(rows=PIPELINE) -> float:
    return sum(r[_REVENUE] for r in rows) / sum(r[_WALLET] for r in rows)


def _mean_share() -> float:
    return sum(r[_REVENUE] / r[_WALLET] for r in PIPELINE) / len(PIPELINE)


EXERCISES = [
    ChoiceExercise(
        id="m2_quiz_pram",
        title="Which letter of PRAM is this?",
        hint="P plans what you can do for the person, R wins liking and trust, A gets a commitment, M keeps "
             "promises after it.",
        options=("plan", "relationship", "agreement", "maintenance"),
        answer="89f6e9b3c5d57a6d",
        feedback={
            "b782079d22d646a6": "The commitment was given at the signing; what happens here comes after it.",
            "eba3606fdbf5f79a": "Relationship work wins liking and trust before a commitment; here the "
                                               "commitment is already there.",
        },
        task="classify",
        explanation="Maintenance: deliver on the promise, report back regularly, stay in touch and invite the "
                    "customer to events - that is where new win-win chances appear.",
    ),
    ChoiceExercise(
        id="m2_quiz_influence",
        title="The buying influence of a procurement officer",
        hint="Can this person give the final yes, only say no, use the product, or help you win?",
        options=("economic buyer", "user buyer", "technical buyer", "coach"),
        answer="37ea782864111c76",
        feedback={
            "75fda3bc0981f857": "Disqualifying an offer is a veto on suppliers, not the final "
                                                      "yes. Revisit who controls the budget.",
        },
        task="classify",
        explanation="A technical buyer screens the offer against rules and specifications: can say no, never "
                    "the final yes.",
    ),
    ChoiceExercise(
        id="m2_quiz_straddle",
        title="ABC class of the fourth of five accounts",
        hint="Add up the share of the accounts ranked above it and compare with 80% and 95%.",
        options=("A", "B", "C"),
        answer="4f1a99c1d2930b2a",
        feedback={
            "6d49d2d2ab542d2e": "The three accounts above it already bring 90%: A is complete before it.",
            "da8e1ed78b999cda": "C starts once the accounts above bring 95% or more; here they bring 90%.",
        },
        task="compute",
        explanation="The accounts above it bring 90% - at least 80% and below 95% - so it is B, though it "
                    "carries the class past 95%.",
    ),
    ChoiceExercise(
        id="m2_quiz_class_shift",
        title="Why a gold-tier account fell from A to B",
        hint="Which of the two schemes is relative to the other accounts?",
        options=("other accounts grew faster, so the class boundaries moved",
                 "the gold threshold was raised", "its share of wallet fell",
                 "the smaller-market coefficient was removed"),
        answer="f7979f29dc29a673",
        feedback={
            "745c3755eb1d0674": "A threshold decides the tier, and the account "
                                                                       "is still gold. The class is the question.",
            "772c8aa25cd6bc4c": "ABC classes rank revenue with us, not our share of "
                                                                  "the customer's wallet.",
        },
        task="decide",
        explanation="ABC classes are relative: when others grow, an account can slip a class without buying "
                    "less, while an absolute tier stays put.",
    ),
    ChoiceExercise(
        id="m2_quiz_hen",
        title="Which key-person standard does she meet?",
        hint="Both referral counts must reach the standard's thresholds.",
        options=("old hen", "young hen", "neither"),
        answer="2fbe3e52f5716d99",
        feedback={
            "963cffecfd0bb7bb": "The old-hen standard asks for at least 20 referred groups and 10 card "
                                         "sign-ups; she is short on both.",
            "593a3283e5ec6544": "Compare again with the lower standard: both her counts reach it.",
        },
        task="classify",
        explanation="12 groups and 6 cards reach the young-hen bar (10 and 5) but not the old-hen bar (20 and 10).",
    ),
    ChoiceExercise(
        id="m2_quiz_opening",
        title="Which professional opening is this?",
        hint="What does the seller give or do first: a compliment, a question, a puzzle, help with a task?",
        options=("praise", "probe", "arouse curiosity", "offer service", "dramatic demonstration"),
        answer="1fc3ff3e555b3c8a",
        feedback={
            "e394f0e879435063": "It ends with a question, but it does not ask about needs: it offers "
                                           "help with a problem the customer has right now.",
        },
        task="classify",
        explanation="Offering service opens by helping with a task or problem the customer already has.",
    ),
    ChoiceExercise(
        id="m2_quiz_tactic",
        title="Offensive, defensive or flanking?",
        hint="Who attacks whom - and whose product does the new model replace?",
        options=("offensive", "defensive", "flanking"),
        answer="d31a2c981e706938",
        feedback={
            "a202e8e04cb0c117": "An offensive is the challenger's move against the leader. Here the "
                                              "leader attacks its own product.",
        },
        task="classify",
        explanation="Defence by attacking yourself: the leader replaces its own best-seller before a rival can.",
    ),
    ChoiceExercise(
        id="m2_quiz_triangle",
        title="Which factor belongs to the soft triangle?",
        hint="The hard triangle is about the offer, the soft one about the seller.",
        options=("product", "quality", "price", "communication skills"),
        answer="cdd82c66826981d0",
        task="classify",
        explanation="The soft triangle is the seller's attitude, knowledge and communication skills; product, "
                    "quality and price form the hard triangle.",
    ),
    NumberExercise(
        id="m2_quiz_top20",
        title="Share of Qingmei's 2025 member spending from its top 20% of members",
        hint="One total per member for 2025 receipts only; then the same top-fifth share as in 2.1.",
        expected=lambda: _top20(_spend()),
        rel_tol=1e-3,
        percent=True,
        task="compute",
        slips={
            (lambda: _top20(_spend_all_years())): "You added up both years; keep the 2025 receipts only.",
            0.8: "That is the rule of thumb, not Qingmei's figure: measure it.",
        },
        explanation="Consumers are far less concentrated than business accounts: the top fifth brings about "
                    "two thirds, not four fifths.",
    ),
    NumberExercise(
        id="m2_quiz_class_a",
        title="Qingmei members in class A (2025 spending, bounds 80% / 95%)",
        hint="Classify the same 2025 totals with the course's ABC rule and count the A's.",
        expected=lambda: _n_a(_spend()),
        task="compute",
        slips={
            (lambda: _n_a(_spend_all_years())): "You classified the spending of both years; keep 2025 only.",
        },
        explanation="About three members in ten are class A: with many small, similar customers, A is large.",
    ),
    NumberExercise(
        id="m2_quiz_forecast",
        title="Weighted forecast of Lianyun's small pipeline (CNY)",
        hint="Each open deal's amount times its stage's SuiteCRM probability, added up; closed deals are out.",
        expected=_forecast,
        rel_tol=1e-6,
        task="compute",
        slips={
            (lambda: _forecast(include_closed=True)): "You kept the won deal (probability 1): the forecast covers "
                                                      "only the open deals.",
            (lambda: _forecast(weighted=False)): "You added the amounts without weighting them by the stage's "
                                                 "win probability.",
        },
        explanation="More than two thirds of the forecast comes from the two deals nearest the close.",
    ),
    NumberExercise(
        id="m2_quiz_share",
        title="Lianyun's share of the eight accounts' combined wallet",
        hint="Pool the eight accounts: their revenue with Lianyun over their total wallet.",
        expected=_pooled_share,
        rel_tol=1e-3,
        percent=True,
        task="compute",
        slips={
            _mean_share: "You averaged the accounts' own shares; pool them: total revenue over total wallet.",
        },
        explanation="The pooled share is low because the largest wallets are the least held: the growth "
                    "lies in accounts Lianyun already serves.",
    ),
]
