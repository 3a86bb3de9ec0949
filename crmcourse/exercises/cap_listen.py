"""Exercises of capstone C.1 Listen to Huaxin's customers (solutions/capstone/01_listen_to_customers.ipynb).

Numbers are computed with the course helpers from the shipped Huaxin survey when a check first
runs; discrete answers are stored as salted hashes.
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
    return survey


def _share_dissatisfied() -> float:
    from crmcourse.satisfaction import satisfaction_ratio, satisfaction_zone

    s = _survey()
    zone = satisfaction_zone(satisfaction_ratio(s["perception"], s["expectation"]), tolerance=0.05)
    return float((zone == "dissatisfied").mean())


def _nps_a() -> float:
    from crmcourse.satisfaction import nps

    s = _survey()
    return float(nps(s.loc[s["abc"] == "A", "recommend"]))


def _promoters_among_satisfied() -> float:
    from crmcourse.satisfaction import nps_groups

    s = _survey()
    return float((nps_groups(s.loc[s["satisfaction"] == 4, "recommend"]) == "promoter").mean())


EXERCISES = [
    NumberExercise(
        id="cap_listen_dissatisfied",
        title="Share of Huaxin's respondents in the dissatisfied zone (±5% band)",
        hint="satisfaction_ratio(perception, expectation), then satisfaction_zone(..., tolerance=0.05); "
             "the share is the mean of (zone == 'dissatisfied').",
        expected=_share_dissatisfied,
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="cap_listen_nps_a",
        title="NPS of the respondents at class-A accounts",
        hint="Keep the rows whose abc is 'A' and apply satisfaction.nps to their recommend answers "
             "(a number from -100 to 100).",
        expected=_nps_a,
        abs_tol=0.05,
        rel_tol=1e-3,
    ),
    NumberExercise(
        id="cap_listen_promoters_4",
        title="Share of promoters among the respondents who answered 4 (satisfied)",
        hint="Rows with satisfaction == 4; nps_groups of their recommend answers; the mean of == 'promoter'.",
        expected=_promoters_among_satisfied,
        rel_tol=1e-3,
        percent=True,
    ),
    MappingExercise(
        id="cap_listen_kano",
        title="Kano category of each Huaxin service feature (all respondents)",
        hint="satisfaction.kano_classify(kano) gives one row per feature; read its category column.",
        options=_KANO,
        answer={
            "4-hour on-site repair": "71c7287699e4089e",
            "automatic toner replenishment": "d60a1ff1cc107074",
            "monthly usage reports": "7dc46d0c6a2db8ba",
            "dedicated account manager": "54ac01ca213ae88b",
            "remote diagnostics": "54ac01ca213ae88b",
        },
    ),
    ChoiceExercise(
        id="cap_listen_split",
        title="The feature that is must-be for class A but indifferent for class C",
        hint="kano_classify(..., by='abc') and pivot feature × class on the category column.",
        options=_FEATURES,
        answer="55ab754f7ee878b0",
        feedback={
            "275471bb6945fd0a": "That one is a must-be for every class - the small accounts expect it too.",
            "208ceddeaf4689ad": "That one is indifferent for every class, the big accounts included.",
        },
    ),
    ChoiceExercise(
        id="cap_listen_fix_first",
        title="The service aspect in the 'concentrate here' quadrant",
        hint="Concentrate here = importance above the mean of the importance column and performance below "
             "the mean of the performance column.",
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
        hint="Fix first = the must-be delivered worst (section 5); more is better = one-dimensional; delight = "
             "attractive; class A only = the feature whose category differs by class; not yet = indifferent "
             "for everyone.",
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
