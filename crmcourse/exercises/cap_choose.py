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


def _n_intimate() -> int:
    from crmcourse import data, segmentation

    expectation = data.load("huaxin_survey").groupby("account_id")["expectation"].mean()
    surveyed = _accounts().join(expectation, how="inner")
    types = segmentation.value_expectation_matrix(surveyed, value="annual_revenue", expectation="expectation")
    return int((types == "intimate").sum())


EXERCISES = [
    NumberExercise(
        id="cap_choose_headroom_a",
        title="Share of Huaxin's headroom (wallet - revenue) in class-A accounts",
        hint="headroom = wallet_estimate - annual_revenue per account; class-A headroom summed / all headroom.",
        expected=_headroom_share_a,
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="cap_choose_intimate",
        title="Surveyed accounts that are intimate (median cuts)",
        hint="value_expectation_matrix(surveyed, value='annual_revenue', expectation='expectation'), where "
             "expectation is each account's mean over its respondents; count 'intimate'.",
        expected=_n_intimate,
        abs_tol=0,
        rel_tol=0,
    ),
    MappingExercise(
        id="cap_choose_offer",
        title="Huaxin's service level for each value x expectation type",
        hint="Safe and stranger: basic attributes only (safe to the letter, stranger minimum); dangerous: plus "
             "performance; intimate: plus delighters.",
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
        hint="Read its row of the scorecard: abc, quadrant, type - which condition of the rule is false?",
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
        hint="Among the accounts outside the programme that pass the rule, the one with the largest headroom.",
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
        hint="scorecard[rule].nlargest(3, 'headroom').index.tolist() - class A, invest or develop, intimate, "
             "largest headroom first.",
        answer=("29d65b70d42acded", "77df91b3f9611d55", "06387552acde91e3"),
    ),
]
