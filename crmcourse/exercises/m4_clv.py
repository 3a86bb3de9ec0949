"""Exercises of 4.6 Predicting lifetime value (solutions/04_segmentation/06_predicting_clv.ipynb).

References are computed with crmcourse.lifetime (BG/NBD and Gamma-Gamma, fitted with scipy) from
the shipped CDNOW sample and Qingmei data when a check first runs.
"""
from functools import lru_cache

from crmcourse.checks.kinds import NumberExercise


@lru_cache(maxsize=1)
def _cdnow():
    from crmcourse import data
    from crmcourse.lifetime import btyd_summary, fit_bgnbd, fit_gamma_gamma

    summary = btyd_summary(data.load_cdnow("sample"), end="1997-09-30", holdout_end="1998-06-30")
    return summary, fit_bgnbd(summary), fit_gamma_gamma(summary)


def _p_alive_2() -> float:
    from crmcourse.lifetime import p_alive

    summary, bgnbd, _ = _cdnow()
    row = summary.loc[2]
    return float(p_alive(bgnbd, row["frequency"], row["recency"], row["T"]))


def _top_buyer(frequency=1) -> int:
    from crmcourse.lifetime import expected_purchases

    summary, bgnbd, _ = _cdnow()
    if frequency is not None:
        summary = summary[summary["frequency"] == frequency]
    return int(expected_purchases(bgnbd, 52, summary["frequency"], summary["recency"], summary["T"]).idxmax())


def _param(name: str) -> float:
    return float(_cdnow()[1][name])


def _spend_1() -> float:
    from crmcourse.lifetime import expected_spend

    summary, _, gg = _cdnow()
    return float(expected_spend(gg, summary.loc[1, "frequency"], summary.loc[1, "monetary"]))


def _changed() -> int:
    from crmcourse import data
    from crmcourse.lifetime import btyd_summary, clv_simple, fit_bgnbd, fit_gamma_gamma, predicted_value
    from crmcourse.segmentation import value_expectation_matrix

    tx = data.load("qingmei_transactions")
    customers = data.load("qingmei_customers").set_index("customer_id")
    qm = btyd_summary(tx, end="2026-01-01")
    weekly = 1.10 ** (1 / 52) - 1
    customers["predicted_value"] = predicted_value(fit_bgnbd(qm), fit_gamma_gamma(qm), qm, horizon=52,
                                                   margin=0.40, discount=weekly).reindex(customers.index)
    spend = (tx[tx["date"] >= "2025-01-01"].groupby("customer_id")["amount"].sum()
             .reindex(customers.index, fill_value=0.0))
    customers["simple_clv"] = clv_simple(margin=0.40 * spend, retention=0.8, discount=0.10)
    before = value_expectation_matrix(customers, "simple_clv", "expectation_score")
    after = value_expectation_matrix(customers, "predicted_value", "expectation_score")
    return int((before.astype(str) != after.astype(str)).sum())


EXERCISES = [
    NumberExercise(
        id="m4_clv_repeaters",
        title="Customers with a repeat purchase in the calibration period",
        hint="Frequency counts repeat purchases only: which value means 'no repeat purchase'?",
        expected=lambda: int((_cdnow()[0]["frequency"] > 0).sum()),
        abs_tol=0,
        rel_tol=0,
        slips={lambda: int((_cdnow()[0]["frequency"] >= 0).sum()): "You counted every customer. Frequency counts "
                                                                   "repeat purchases: 0 means the first purchase "
                                                                   "was the only one (section 1).",
               lambda: int((_cdnow()[0]["frequency"] > 1).sum()): "Customers with frequency 1 made one repeat "
                                                                  "purchase: count them too (frequency = repeat "
                                                                  "purchases, section 1)."},
        task="compute",
    ),
    NumberExercise(
        id="m4_clv_r",
        title="The mean weekly purchase rate of an active customer, r / alpha",
        hint="The rates follow a gamma distribution with shape r and scale parameter alpha (section 1); its mean "
             "is the shape divided by alpha.",
        expected=lambda: _param("r") / _param("alpha"),
        rel_tol=1e-3,
        slips={
            lambda: _param("alpha") / _param("r"): "You divided the other way round: that gives weeks between "
                "purchases, not purchases per week. Revisit the mean of the gamma distribution (section 1).",
            lambda: _param("r"): "That is the shape r alone. The mean rate divides it by alpha (section 1).",
            lambda: _param("r") * _param("alpha"): "The mean of this gamma distribution divides the shape by "
                "alpha; it does not multiply (section 1).",
            lambda: _param("a") / (_param("a") + _param("b")): "That is the mean drop-out probability after a "
                "purchase (a and b), the other half of the model. The buying rate comes from r and alpha.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m4_clv_p_alive",
        title="Probability that customer 2 is still alive",
        hint="The probability of being alive needs the customer's frequency, recency and age T, and the fit.",
        expected=_p_alive_2,
        rel_tol=1e-3,
        percent=True,
        task="compute",
    ),
    NumberExercise(
        id="m4_clv_top_buyer",
        title="Among customers with one repeat purchase, the one expected to buy most in the next 52 weeks",
        hint="Keep the customers whose frequency is 1, then find the label of the largest expected purchases.",
        expected=_top_buyer,
        abs_tol=0,
        rel_tol=0,
        slips={lambda: _top_buyer(None): "That customer leads the whole sample. Keep only the customers with "
                                         "exactly one repeat purchase first."},
        task="compute",
    ),
    NumberExercise(
        id="m4_clv_spend",
        title="Expected spend per future purchase of customer 1",
        hint="The Gamma-Gamma expectation needs the fit, the customer's number of repeat purchases and their "
             "mean spend.",
        expected=_spend_1,
        rel_tol=1e-3,
        slips={lambda: float(_cdnow()[0].loc[1, "monetary"]): "That is the customer's observed mean spend. The "
                                                             "model shrinks it towards the population mean "
                                                             "(section 6)."},
        task="compute",
    ),
    NumberExercise(
        id="m4_clv_changed",
        title="Qingmei members whose type changes with predicted value",
        hint="Compare the two type Series element by element and count the differences.",
        expected=_changed,
        abs_tol=0,
        rel_tol=0,
        task="compute",
    ),
]
