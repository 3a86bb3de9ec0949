"""Exercises of capstone C.1 Listen to Huaxin's customers (solutions/capstone/01_listen_to_customers.ipynb).

Numbers are computed with the course helpers from the shipped Huaxin survey when a check first
runs; discrete answers are stored as salted hashes. ``task=`` says what each exercise asks.
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise

_FEATURES = ("4-hour on-site repair", "automatic toner replenishment", "monthly usage reports",
             "dedicated account manager", "remote diagnostics")
_ASPECTS = ("repair", "toner", "print_quality", "invoicing", "account_manager")
_KANO = ("A", "O", "M", "I", "R", "Q")


def _survey():
    from crmcourse import accounts, data

    survey = data.load("huaxin_survey")
    acc = data.load("huaxin_accounts").set_index("account_id")
    survey["abc"] = survey["account_id"].map(accounts.abc_classes(acc["annual_revenue"]))
    survey["industry"] = survey["account_id"].map(acc["industry"])
    return survey


def _share_dissatisfied() -> float:
    from crmcourse.satisfaction import satisfaction_ratio, satisfaction_zone

    s = _survey()
    zone = satisfaction_zone(satisfaction_ratio(s["perception"], s["expectation"]), tolerance=0.05)
    return float((zone == "dissatisfied").mean())


def _nps(abc=("A",), industry=("hospital",)) -> float:
    from crmcourse.satisfaction import nps

    s = _survey()
    return float(nps(s.loc[s["abc"].isin(abc) & s["industry"].isin(industry), "recommend"]))


def _group_share(group="detractor", abc=("A",)) -> float:
    from crmcourse.satisfaction import nps_groups

    s = _survey()
    chosen = s.loc[(s["satisfaction"] == 4) & s["abc"].isin(abc), "recommend"]
    return float((nps_groups(chosen) == group).mean())


_ALL_CLASSES = ("A", "B", "C")
_ALL_INDUSTRIES = ("hospital", "school", "bank", "government", "manufacturing", "logistics")


EXERCISES = [
    NumberExercise(
        id="cap_listen_dissatisfied",
        title="Share of Huaxin's respondents in the dissatisfied zone (±5% band)",
        hint="satisfaction_ratio(perception, expectation), then satisfaction_zone(..., tolerance=0.05); "
             "the share is the mean of (zone == 'dissatisfied').",
        expected=_share_dissatisfied,
        rel_tol=1e-3,
        percent=True,
        task="compute",
    ),
    NumberExercise(
        id="cap_listen_nps_a",
        title="NPS of the respondents at class-A hospital accounts",
        hint="Two conditions pick the respondents (class and industry); the NPS is the share of promoters minus "
             "the share of detractors, in points.",
        expected=_nps,
        abs_tol=0.05,
        rel_tol=1e-3,
        slips={lambda: _nps(industry=_ALL_INDUSTRIES): "That is the NPS of all class-A respondents: keep only those "
                                                       "at hospitals.",
               lambda: _nps(abc=_ALL_CLASSES): "That takes hospitals of every class: keep only the class-A ones."},
        task="compute",
    ),
    NumberExercise(
        id="cap_listen_detractors_4a",
        title="Share of detractors among the class-A respondents who answered 4 (satisfied)",
        hint="Two conditions pick the respondents (class A, satisfaction 4); then the share of them whose "
             "recommend answer makes them detractors.",
        expected=_group_share,
        rel_tol=1e-3,
        percent=True,
        slips={lambda: _group_share(abc=_ALL_CLASSES): "That is the share over all classes, as in the table: keep "
                                                        "only the class-A respondents.",
               lambda: _group_share("promoter"): "That is the share of promoters; detractors answer 0-6."},
        task="compute",
    ),
    MappingExercise(
        id="cap_listen_kano_hospitals",
        title="Kano category of each Huaxin service feature among hospital respondents",
        hint="Keep the Kano answers of the respondents at hospital accounts, classify them, and read each "
             "feature's category.",
        options=_KANO,
        answer={
            "4-hour on-site repair": "dadfd2d2c58a068d",
            "automatic toner replenishment": "813601c3eeb935be",
            "monthly usage reports": "acdcb84eca79a020",
            "dedicated account manager": "dadfd2d2c58a068d",
            "remote diagnostics": "5fb2d8fa6a619eb3",
        },
        concepts={"A": "attractive: delights when present, not missed when absent",
                  "O": "one-dimensional: the more, the better; missed when absent",
                  "M": "must-be: taken for granted; its absence makes customers angry",
                  "I": "indifferent: customers hardly care either way",
                  "R": "reverse: customers would rather not have it",
                  "Q": "questionable: contradictory answers"},
        task="compute",
    ),
    ChoiceExercise(
        id="cap_listen_split",
        title="Predict: the feature whose Kano category depends on the account class",
        hint="Which feature has no significant category over all respondents - two categories with almost the "
             "same count - and which kind of account would take it for granted?",
        options=_FEATURES,
        answer="55ab754f7ee878b0",
        feedback={
            "275471bb6945fd0a": "That one is a must-be for every class - the small accounts expect it too.",
            "208ceddeaf4689ad": "That one is indifferent for every class, the big accounts included.",
            "15876c769119433a": "Usage reports delight every class: a clear attractive category, not a split one.",
            "7941189cb2934e40": "Toner replenishment is one-dimensional for every class.",
        },
        explanation="The dedicated account manager has no significant category overall because the classes "
                    "disagree: a must-be for class-A accounts, indifferent for class C. A mix of two groups "
                    "answering differently shows up as a near tie.",
        task="predict",
    ),
    ChoiceExercise(
        id="cap_listen_fix_first",
        title="The service aspect in the 'concentrate here' quadrant",
        hint="Compare each aspect with the column means: which one is weighed above the average and delivered "
             "below it?",
        task="compute",
        options=_ASPECTS,
        answer="16f15706ab020608",
        feedback={
            "0b284e68bf609cc2": "Important, yes - but Huaxin performs above the mean there: keep up the good work.",
            "cf13f953cb1ee40c": "Performance is low, but it hardly moves the overall verdict: low priority.",
            "ff12a62ff1f2aa2a": "Look at its importance: is it above the mean of the column?",
            "c01f3d3ac46fae67": "Rated best of all and not the most important: if anything, possible overkill.",
        },
    ),
    MappingExercise(
        id="cap_listen_memo",
        title="The survey memo: one decision per service feature",
        hint="Match each decision to a Kano category (sections 4 and 5) - and for 'fix first' also to the "
             "importance-performance grid.",
        task="decide",
        options=_FEATURES,
        answer={
            "fix first": "2f2268787ea08483",
            "more is better": "91429a5a4874e1d0",
            "delight key accounts with": "611b55c75f9422f2",
            "offer to class A only": "15682aafd7034572",
            "do not invest in yet": "020db547d04d867b",
        },
    ),
]
