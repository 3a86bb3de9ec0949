"""Exercises of capstone C.2 Choose and segment (solutions/capstone/02_choose_and_segment.ipynb).

Numbers are computed with the course helpers from the shipped Huaxin accounts and survey when a
check first runs; discrete answers (the shortlist among them) are stored as salted hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise

_OFFERS = ("repair and invoicing to the letter", "basics plus automatic toner", "basics, toner and usage reports",
           "standard service, minimum commitment")
_PROGRAMME_SIZE = 21  # accounts with a mapped buying centre (huaxin_contacts)


def _accounts():
    from crmcourse import accounts, data

    acc = data.load("huaxin_accounts").set_index("account_id")
    acc["abc"] = accounts.abc_classes(acc["annual_revenue"])
    return acc


def _headroom_share_a() -> float:
    acc = _accounts()
    headroom = acc["wallet_estimate"] - acc["annual_revenue"]
    return float(headroom[acc["abc"] == "A"].sum() / headroom.sum())


STRICT_EXPECTATION_CUT = 8.0  # the demanding bar of exercise C.2.2


def _n_intimate(expectation_cut=STRICT_EXPECTATION_CUT) -> int:
    from crmcourse import data, segmentation

    expectation = data.load("huaxin_survey").groupby("account_id")["expectation"].mean()
    surveyed = _accounts().join(expectation, how="inner")
    types = segmentation.value_expectation_matrix(surveyed, value="annual_revenue", expectation="expectation",
                                                  expectation_cut=expectation_cut)
    return int((types == "intimate").sum())


EXERCISES = [
    NumberExercise(
        id="cap_choose_headroom_a",
        title="Share of Huaxin's headroom (wallet - revenue) in class-A accounts",
        hint="headroom = wallet_estimate - annual_revenue per account; class-A headroom summed / all headroom.",
        expected=_headroom_share_a,
        rel_tol=1e-3,
        percent=True,
        task="compute",
    ),
    NumberExercise(
        id="cap_choose_intimate_strict",
        title="Surveyed accounts that are intimate with an expectation cut of 8.0",
        hint="Redo the value x expectation typing with only the expectation cut changed (the revenue cut stays the "
             "median), then count one type.",
        expected=_n_intimate,
        abs_tol=0,
        rel_tol=0,
        slips={lambda: _n_intimate(None): "That is the count with the median cut; raise the expectation cut to 8.0.",
               66: "That is the count of dangerous accounts with the median cut; intimate means high value and "
                   "high expectations."},
        task="what-if",
    ),
    MappingExercise(
        id="cap_choose_offer",
        title="Huaxin's service level for each value x expectation type",
        hint="Which type is worth the most and asks the most? Which asks much but brings little? Give each the "
             "Kano feature level the source's first strategy sets for it.",
        task="classify",
        concepts={o: d for o, d in zip(_OFFERS, (
            "the must-be attributes only, kept perfectly",
            "the must-be attributes and the one-dimensional (performance) ones",
            "must-be, one-dimensional and attractive attributes - delight on top",
            "no more than the minimum commitment"))},
        options=_OFFERS,
        answer={
            "intimate": "17b7fd83774f13ad",
            "safe": "3b69da245744e094",
            "dangerous": "c3cb4f613e8416eb",
            "stranger": "8541e0529c630345",
        },
    ),
    ChoiceExercise(
        id="cap_choose_why_not",
        title="Why the account with the largest headroom fails the rule",
        hint="Take the account's row of the scorecard and test it against each line of the rule in turn.",
        task="decide",
        explanation="Shengda is class A, diamond and in the develop quadrant, but its people expect little: a "
                    "safe account, for which the source advises flawless basics, not a partnership investment.",
        options=("it is not class A", "it sits in the maintain quadrant", "its people expect little: a safe account",
                 "Huaxin has no buying centre on file"),
        answer="fc469019090d1178",
        feedback={
            "3145bb7b931d34e3": "Look at its abc column: it is one of the two diamond accounts.",
            "85ee25cc4ca7d6b1": "Look at its quadrant column again.",
            "19a22cbe6cf3ecb3": f"The scorecard lists only the {_PROGRAMME_SIZE} accounts with a buying centre on file.",
        },
    ),
    ChoiceExercise(
        id="cap_choose_to_add",
        title="The account outside the programme that should join it first",
        hint="Apply the rule to the accounts outside the programme, then rank those that pass by what there is "
             "still to win.",
        task="compute",
        options=("HX-A0127", "HX-A0254", "HX-A0060", "HX-A0033"),
        answer="c0bf8418936ca47e",
        feedback={
            "0bf4507c19a4ade7": "That account is already in the programme (it has a buying centre on file).",
            "cfe45abd07957eb9": "It already buys most of its wallet from Huaxin: look at its headroom.",
            "2c0725f9387a376f": "It passes the rule - but compare its headroom with the others that pass.",
        },
    ),
    ItemsExercise(
        id="cap_choose_shortlist",
        title="The three shortlisted key accounts",
        hint="The accounts that pass the rule, ranked by the rule's last line (what there is still to win); keep "
             "three.",
        task="compute",
        answer=("29d65b70d42acded", "77df91b3f9611d55", "06387552acde91e3"),
    ),
]
