"""Exercises of 01_satisfaction/01_satisfaction_ratio: the ratio c = b / a, its zones and the promise trade-off."""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, NumberExercise

_SHOPPERS = 220


def _survey(dimension=None):
    from crmcourse import data

    survey = data.load("qingmei_servqual")
    return survey if dimension is None else survey[survey["dimension"] == dimension]


def _respondent_ratios(dimension=None):
    """c = mean perception / mean expectation per respondent of the Qingmei SERVQUAL survey."""
    from crmcourse.satisfaction import satisfaction_ratio

    means = _survey(dimension).groupby("respondent_id")[["expectation", "perception"]].mean()
    return satisfaction_ratio(means["perception"], means["expectation"])


def _zone_counts(tolerance, dimension=None):
    from crmcourse.satisfaction import satisfaction_zone

    return satisfaction_zone(_respondent_ratios(dimension), tolerance).value_counts()


def _share_dissatisfied(tolerance, dimension=None):
    counts = _zone_counts(tolerance, dimension)
    return float(counts.get("dissatisfied", 0) / counts.sum())


def _one_shopper():
    survey = _survey()
    return survey[survey["respondent_id"] == "SQ-0042"]


def _item_ratio_mean_reliability():
    """The slip of averaging the item ratios instead of dividing the means."""
    from crmcourse.satisfaction import satisfaction_zone

    rel = _survey("reliability")
    ratios = (rel["perception"] / rel["expectation"]).groupby(rel["respondent_id"]).mean()
    return float((satisfaction_zone(ratios, 0.05) == "dissatisfied").mean())


def _narrowest_band_below_half():
    """The narrowest whole-percent band with fewer than half of the shoppers dissatisfied."""
    for percent in range(0, 101):
        counts = _zone_counts(percent / 100)
        if counts.get("dissatisfied", 0) < counts.sum() / 2:
            return percent / 100
    raise ValueError("no band puts fewer than half in the dissatisfied zone")


def _best_promise(**model):
    import numpy as np

    from crmcourse.satisfaction import promise_tradeoff

    grid = promise_tradeoff(np.round(np.arange(1.0, 10.001, 0.01), 2), **model)
    return float(grid.loc[grid["satisfied_buyers"].idxmax(), "promise"])


SOURCES = (
    "she liked the last Qingmei serum she bought",
    "a friend raved about this one",
    "the advert promises visible results in 7 days",
    "a rival brand promises results in 3 days",
    "the price of an ingredient went up for Qingmei",
    "Qingmei moved its head office",
)

PROMISE_OPTIONS = ("well below 7", "a little below 7", "exactly 7", "above 7")

EXERCISES = [
    NumberExercise(
        id="m1_ratio_respondent",
        title="Satisfaction ratio of one survey respondent",
        hint="The ratio compares two averages: what she perceived on average over her 22 answers, and what "
             "she expected on average. Which one goes on top?",
        expected=lambda: float(_respondent_ratios().loc["SQ-0042"]),
        rel_tol=1e-3,
        slips={
            lambda: float((_one_shopper()["perception"] / _one_shopper()["expectation"]).mean()):
                "You averaged the 22 item ratios. The ratio c = b / a divides her mean perception by her mean "
                "expectation: revisit how a and b are formed from the answers.",
            lambda: float(_one_shopper()["expectation"].mean() / _one_shopper()["perception"].mean()):
                "You divided expectation by perception. In c = b / a the perceived performance b is on top: "
                "revisit the definition of the ratio.",
        },
        task="compute",
    ),
    ChoiceExercise(
        id="m1_ratio_zone",
        title="Zone of a ratio close to 1",
        hint="Work out her ratio first, then the band: 1 − tolerance to 1 + tolerance (bounds included). Is the "
             "ratio inside it?",
        options=("dissatisfied", "satisfied", "highly satisfied"),
        answer="d578607b2b3f8d3e",
        feedback={
            "115abed74ca60eb0": "Her ratio is below 1, but by less than the tolerance: a shortfall that small goes "
                                "unnoticed. Revisit the tolerance band.",
            "b30623e1c3712465": "She perceived less than she expected, so the ratio is below 1; a ratio below 1 "
                                "can never mean the expectation was beaten.",
        },
        explanation="8.1 / 8.5 is about 0.953, inside the band 0.95–1.05: she counts as satisfied. Without a band "
                    "she would be called dissatisfied over a difference she would hardly notice.",
        task="classify",
    ),
    NumberExercise(
        id="m1_ratio_share_dissatisfied",
        title="Share of shoppers dissatisfied with reliability",
        hint="Keep only the reliability statements, form each shopper's ratio from her two means over them, "
             "and give the share of the 220 shoppers whose ratio is below the band.",
        expected=lambda: _share_dissatisfied(0.05, "reliability"),
        rel_tol=1e-3,
        percent=True,
        slips={
            lambda: _share_dissatisfied(0.05): "That is the share over all 22 statements. Keep only the reliability "
                                               "statements before you average: revisit the dimensions of the survey.",
            lambda: float((_respondent_ratios("reliability") < 1).mean()):
                "You counted every ratio below 1. With the ±5% band a ratio from 0.95 up counts as satisfied: "
                "revisit the tolerance band.",
            _item_ratio_mean_reliability: "You averaged the item ratios. Form each shopper's ratio from her mean "
                                          "perception and mean expectation, as in the worked example.",
            lambda: float(_zone_counts(0.05, "reliability")["dissatisfied"]):
                "You gave the number of shoppers; the question asks for their share of all 220.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m1_ratio_wider_band",
        title="The narrowest band that leaves fewer than half dissatisfied",
        hint="Try the band widths one whole percent at a time and count the dissatisfied shoppers each time; "
             "stop at the first width where they are fewer than half of the 220.",
        expected=_narrowest_band_below_half,
        abs_tol=5e-4,
        rel_tol=0.0,
        percent=True,
        slips={
            0.10: "At that width more than half of the shoppers are still dissatisfied: count them, do not stop at "
                  "the widths in the table.",
            0.12: "At that width fewer than half are dissatisfied, but a narrower band already gets there: try the "
                  "widths in order.",
            0.05: "That is the band the course uses, where most shoppers are dissatisfied. Widen it step by step.",
        },
        explanation="A band only a little wider than the widest in the table turns 'most shoppers are dissatisfied' "
                    "into 'most are not', with the same answers. Fix the band before you look at the results.",
        task="what-if",
    ),
    ItemsExercise(
        id="m1_ratio_sources",
        title="What shapes a customer's expectation?",
        hint="Expectations come from what the customer lived through, heard, was promised, or saw "
             "others offer — not from the seller's internal affairs.",
        options=SOURCES,
        answer=("bf108ca3b863ca33", "4ecebd078bda4f3f", "9bea6cd8699f8b2e", "f9e29f39648b5867"),
        explanation="Past experience, word of mouth, the seller's promises and competitors' offers all reach the "
                    "customer; a firm's costs and offices do not, so they cannot move what she expects.",
        task="classify",
    ),
    ChoiceExercise(
        id="m1_ratio_promise_predict",
        title="Predict: where does the best promise lie?",
        hint="Think about the buyers who perceive less than 7 when the promise is 7, and what a slightly lower "
             "promise does to them and to the number of buyers.",
        options=PROMISE_OPTIONS,
        answer="5a17c4bc71d71bc7",
        feedback={
            "e01637c697deb12a": "At a promise of exactly 7, about half the buyers perceive less than 7 and many fall "
                                "below the band. Revisit who counts as satisfied: b / a ≥ 0.95.",
            "850fe1ce22628571": "A promise above what the firm delivers brings buyers in but disappoints most of them; "
                                "revisit the promise trap in section 5.",
            "2a6db0f9eb993460": "A very low promise satisfies nearly everyone who buys, but few buy at all. The best "
                                "promise balances the two effects.",
        },
        explanation="Lowering the promise a little below 7 moves many buyers into the satisfied zone while losing "
                    "only a few prospects; going much lower loses more buyers than it satisfies.",
        task="predict",
    ),
    NumberExercise(
        id="m1_ratio_best_promise",
        title="The promise with the most satisfied buyers",
        hint="The chart shows roughly where the peak lies. Find it to one decimal: with the slider, or by "
             "computing the model over a fine grid of promises.",
        expected=lambda: _best_promise(),
        abs_tol=0.1,
        rel_tol=0.0,
        slips={7.0: "That is what Qingmei delivers on average. Half the buyers perceive less than that, so "
                    "promising it disappoints many of them: look for the peak of satisfied buyers."},
        task="compute",
    ),
    NumberExercise(
        id="m1_ratio_better_product",
        title="The best promise after the product improves",
        hint="Same search as before, with the model's real performance set to 8.",
        expected=lambda: _best_promise(performance=8.0),
        abs_tol=0.1,
        rel_tol=0.0,
        slips={
            lambda: _best_promise(): "That is the best promise before the improvement. Change the model's performance "
                                     "and search again.",
            8.0: "Promising exactly what the firm now delivers disappoints the buyers who perceive less: revisit "
                 "why the first best promise lay below the level delivered.",
        },
        task="what-if",
    ),
]
