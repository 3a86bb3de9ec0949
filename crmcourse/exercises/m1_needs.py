"""Exercises of 01_satisfaction/04_needs: complaint cases by need, SERVQUAL gaps, importance–performance."""
from crmcourse.checks.kinds import ItemsExercise, MappingExercise, NumberExercise

_SECURITY, _FAIRNESS, _ESTEEM = "e85b4442b9899417", "1b8f0d7494d3de87", "abf8e18dd8acf7c6"


def _survey():
    from crmcourse import data

    return data.load("qingmei_servqual")


def _gaps(weighted: bool):
    from crmcourse import data
    from crmcourse.satisfaction import servqual_gaps

    weights = data.load("qingmei_servqual_weights") if weighted else None
    return servqual_gaps(_survey(), weights=weights)


def _reliability_gaps():
    survey = _survey()
    rel = survey[survey["dimension"] == "reliability"]
    return rel["perception"] - rel["expectation"], rel["respondent_id"]


def _share_negative_reliability(strict=True):
    gap, who = _reliability_gaps()
    per_shopper = gap.groupby(who).mean()
    return float((per_shopper < 0).mean() if strict else (per_shopper <= 0).mean())


def _share_negative_answers():
    gap, _ = _reliability_gaps()
    return float((gap < 0).mean())


def _responsiveness_closed(weighted=True):
    """The overall gap once the responsiveness gap is closed (set to 0), the other four unchanged."""
    table = _gaps(True)
    share = table["weight"].dropna()
    gap = table.loc[list(share.index), "gap"].copy()
    gap.loc["responsiveness"] = 0.0
    return float((gap * share).sum() if weighted else gap.mean())


def _item_gaps():
    survey = _survey()
    return (survey["perception"] - survey["expectation"]).groupby(survey["item"]).mean()


def _worst_item():
    return float(_item_gaps().idxmin())


def _lowest_perception_item():
    survey = _survey()
    return float(survey.groupby("item")["perception"].mean().idxmin())


EXERCISES = [
    MappingExercise(
        id="m1_needs_cases",
        title="Which need does each complaint show violated?",
        hint="Security: physical or financial harm or risk. Fairness: unequal treatment, hidden "
             "conditions, paying for the firm's mistake. Esteem: being belittled or ignored.",
        options=("security", "fairness", "esteem"),
        answer={"C1": _SECURITY, "C2": _SECURITY, "C3": _FAIRNESS, "C4": _ESTEEM,
                "C5": _FAIRNESS, "C6": _ESTEEM, "C7": _SECURITY, "C8": _FAIRNESS},
        concepts={
            "security": "security is freedom from physical or financial threat: harm to the body, money at risk, "
                        "danger the customer was not told about.",
            "fairness": "fairness is a just exchange for the money, time and effort given: equal treatment, open "
                        "terms, no paying for the firm's mistakes.",
            "esteem": "esteem is the customer's self-image: being respected, listened to and not belittled or "
                      "ignored.",
        },
        explanation="Harm and money at risk touch security, unequal or hidden terms touch fairness, and being "
                    "laughed at or ignored touches esteem. The first two are the needs never to violate.",
        task="classify",
    ),
    NumberExercise(
        id="m1_needs_gap_reliability",
        title="Share of shoppers whose reliability falls short",
        hint="Form each shopper's own reliability gap (the mean of her gaps over the reliability statements), "
             "then find the share of shoppers whose gap is negative.",
        expected=_share_negative_reliability,
        rel_tol=1e-3,
        percent=True,
        slips={
            _share_negative_answers:
                "You counted answers, not shoppers. Average each shopper's five reliability gaps first, then count "
                "the shoppers.",
            lambda: float(_gaps(False).loc["reliability", "gap"]):
                "That is the mean gap of the dimension; the question asks what share of shoppers have a negative "
                "gap of their own.",
            lambda: _share_negative_reliability(strict=False):
                "You also counted shoppers whose gap is exactly zero; they got what they expected.",
            lambda: float(_share_negative_reliability() * 220):
                "You gave the number of shoppers; give their share of all 220.",
        },
        explanation="A mean gap of more than a point is not a few angry customers: nearly every shopper sees "
                    "reliability below what an excellent retailer offers.",
        task="compute",
    ),
    NumberExercise(
        id="m1_needs_weighted_gap",
        title="What if Qingmei closed its responsiveness gap?",
        hint="Set the responsiveness gap to zero, keep the other four dimension gaps, and weight them with the "
             "importance shares as before.",
        expected=_responsiveness_closed,
        rel_tol=1e-3,
        slips={
            lambda: _responsiveness_closed(weighted=False): "You took the unweighted mean of the five gaps; weight "
                                                            "each by its share of the importance points.",
            lambda: float(_gaps(True).loc["weighted overall", "gap"]): "That is the weighted gap before the change: "
                                                                      "set responsiveness' gap to zero first.",
            lambda: _responsiveness_closed() - float(_gaps(True).loc["weighted overall", "gap"]):
                "That is the improvement; the question asks for the new weighted overall gap.",
        },
        explanation="Closing one dimension that customers weight heavily removes about a third of the weighted "
                    "shortfall: the weights tell you where a fix pays most.",
        task="what-if",
    ),
    NumberExercise(
        id="m1_needs_worst_item",
        title="The SERVQUAL item with the largest shortfall",
        hint="A shortfall is perception minus expectation. Compare the items by their mean shortfall, not by "
             "their scores.",
        expected=_worst_item,
        abs_tol=0.0,
        rel_tol=0.0,
        integer=False,
        slips={
            _lowest_perception_item: "That item has the lowest perception score, but the gap also subtracts what "
                                     "customers expected: revisit the gap P − E.",
            lambda: float(_item_gaps().idxmax()): "That item has the largest positive gap, where Qingmei beats "
                                                  "expectations; look for the most negative one.",
        },
        task="compute",
    ),
    ItemsExercise(
        id="m1_needs_concentrate",
        title="Dimensions in the 'concentrate here' quadrant",
        hint="Concentrate here = importance above the average importance and performance below the "
             "average performance.",
        options=("tangibles", "reliability", "responsiveness", "assurance", "empathy"),
        answer=("21f5ad383b4d36f4", "7d523e83d443d4ee"),
        explanation="Reliability and responsiveness are both important and below average; tangibles perform well "
                    "on something customers weight little - possible overkill.",
        task="classify",
    ),
]
