"""Exercises of 01_satisfaction/04_needs: complaint cases by need, SERVQUAL gaps, importance–performance."""
from crmcourse.checks.kinds import ItemsExercise, MappingExercise, NumberExercise

_SECURITY, _FAIRNESS, _ESTEEM = "e85b4442b9899417", "1b8f0d7494d3de87", "abf8e18dd8acf7c6"


def _gaps(weighted: bool):
    from crmcourse import data
    from crmcourse.satisfaction import servqual_gaps

    weights = data.load("qingmei_servqual_weights") if weighted else None
    return servqual_gaps(data.load("qingmei_servqual"), weights=weights)


def _worst_item():
    from crmcourse import data

    survey = data.load("qingmei_servqual")
    gap = (survey["perception"] - survey["expectation"]).groupby(survey["item"]).mean()
    return float(gap.idxmin())


EXERCISES = [
    MappingExercise(
        id="m1_needs_cases",
        title="Which need does each complaint show violated?",
        hint="Security: physical or financial harm or risk. Fairness: unequal treatment, hidden "
             "conditions, paying for the firm's mistake. Esteem: being belittled or ignored.",
        options=("security", "fairness", "esteem"),
        answer={"C1": _SECURITY, "C2": _SECURITY, "C3": _FAIRNESS, "C4": _ESTEEM,
                "C5": _FAIRNESS, "C6": _ESTEEM, "C7": _SECURITY, "C8": _FAIRNESS},
    ),
    NumberExercise(
        id="m1_needs_gap_reliability",
        title="The SERVQUAL gap of reliability",
        hint="Gap = perception − expectation; average it over all reliability rows.",
        expected=lambda: float(_gaps(False).loc["reliability", "gap"]),
        rel_tol=1e-3,
    ),
    NumberExercise(
        id="m1_needs_weighted_gap",
        title="The importance-weighted overall SERVQUAL gap",
        hint="Average each dimension's importance points over the respondents, turn them into shares "
             "that sum to 1, and weight the dimension gaps with them (or pass weights= to servqual_gaps).",
        expected=lambda: float(_gaps(True).loc["weighted overall", "gap"]),
        rel_tol=1e-3,
    ),
    NumberExercise(
        id="m1_needs_worst_item",
        title="The SERVQUAL item with the largest shortfall",
        hint="Compute the gap per row, average it per item, and find the item with the most negative mean.",
        expected=_worst_item,
        abs_tol=0.0,
        rel_tol=0.0,
    ),
    ItemsExercise(
        id="m1_needs_concentrate",
        title="Dimensions in the 'concentrate here' quadrant",
        hint="Concentrate here = importance above the average importance and performance below the "
             "average performance.",
        options=("tangibles", "reliability", "responsiveness", "assurance", "empathy"),
        answer=("21f5ad383b4d36f4", "7d523e83d443d4ee"),
    ),
]
