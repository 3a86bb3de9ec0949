"""Exercises of 01_satisfaction/01_satisfaction_ratio: the ratio c = b / a, its zones and the promise trade-off."""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, NumberExercise


def _respondent_ratios():
    """c = mean perception / mean expectation per respondent of the Qingmei SERVQUAL survey."""
    from crmcourse import data
    from crmcourse.satisfaction import satisfaction_ratio

    survey = data.load("qingmei_servqual")
    means = survey.groupby("respondent_id")[["expectation", "perception"]].mean()
    return satisfaction_ratio(means["perception"], means["expectation"])


def _zone_counts(tolerance):
    from crmcourse.satisfaction import satisfaction_zone

    return satisfaction_zone(_respondent_ratios(), tolerance).value_counts()


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

EXERCISES = [
    NumberExercise(
        id="m1_ratio_respondent",
        title="Satisfaction ratio of one survey respondent",
        hint="Keep the rows of that respondent, take the mean of each score column, then divide "
             "perceived by expected (b / a).",
        expected=lambda: float(_respondent_ratios().loc["SQ-0042"]),
        rel_tol=1e-3,
    ),
    ChoiceExercise(
        id="m1_ratio_zone",
        title="Zone of a ratio inside the tolerance band",
        hint="Work out the band: 1 − tolerance to 1 + tolerance. Is the ratio inside it?",
        options=("dissatisfied", "satisfied", "highly satisfied"),
        answer="d578607b2b3f8d3e",
        feedback={
            "115abed74ca60eb0": "The ratio is below 1, but by less than the tolerance: a customer does not "
                                "notice a shortfall that small.",
            "b30623e1c3712465": "A ratio below 1 can never mean the expectation was exceeded.",
        },
    ),
    NumberExercise(
        id="m1_ratio_share_dissatisfied",
        title="Share of respondents in the dissatisfied zone",
        hint="satisfaction_zone(ratios, tolerance=0.05) gives a zone per respondent; count the "
             "dissatisfied ones and divide by the number of respondents.",
        expected=lambda: float(_zone_counts(0.05)["dissatisfied"] / _zone_counts(0.05).sum()),
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m1_ratio_wider_band",
        title="Respondents in the satisfied zone with a ±10% band",
        hint="Call satisfaction_zone with tolerance=0.10 and count the 'satisfied' zone.",
        expected=lambda: float(_zone_counts(0.10)["satisfied"]),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    ItemsExercise(
        id="m1_ratio_sources",
        title="What shapes a customer's expectation?",
        hint="Expectations come from what the customer lived through, heard, was promised, or saw "
             "others offer — not from the seller's internal affairs.",
        options=SOURCES,
        answer=("bf108ca3b863ca33", "4ecebd078bda4f3f", "9bea6cd8699f8b2e", "f9e29f39648b5867"),
    ),
    NumberExercise(
        id="m1_ratio_best_promise",
        title="The promise with the most satisfied buyers",
        hint="Compute promise_tradeoff over a fine grid of promises (or move the slider) and find "
             "where satisfied_buyers peaks.",
        expected=lambda: _best_promise(),
        abs_tol=0.1,
        rel_tol=0.0,
    ),
    NumberExercise(
        id="m1_ratio_better_product",
        title="The best promise after the product improves",
        hint="Same search as before, with performance=8 passed to promise_tradeoff.",
        expected=lambda: _best_promise(performance=8.0),
        abs_tol=0.1,
        rel_tol=0.0,
    ),
]
