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


def _top_buyer() -> int:
    from crmcourse.lifetime import expected_purchases

    summary, bgnbd, _ = _cdnow()
    return int(expected_purchases(bgnbd, 52, summary["frequency"], summary["recency"], summary["T"]).idxmax())


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
        hint="(summary['frequency'] > 0).sum()",
        expected=lambda: int((_cdnow()[0]["frequency"] > 0).sum()),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    NumberExercise(
        id="m4_clv_r",
        title="The fitted BG/NBD parameter r",
        hint="fit_bgnbd(summary) returns a Series indexed r, alpha, a, b.",
        expected=lambda: float(_cdnow()[1]["r"]),
        rel_tol=1e-3,
    ),
    NumberExercise(
        id="m4_clv_p_alive",
        title="Probability that customer 2 is still alive",
        hint="p_alive(fitted parameters, frequency, recency, T) with customer 2's row.",
        expected=_p_alive_2,
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m4_clv_top_buyer",
        title="The customer expected to buy most often in the next 52 weeks",
        hint="expected_purchases(params, 52, ...) for everyone, then idxmax().",
        expected=_top_buyer,
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    NumberExercise(
        id="m4_clv_spend",
        title="Expected spend per future purchase of customer 1",
        hint="expected_spend(Gamma-Gamma parameters, frequency, monetary) with customer 1's row.",
        expected=_spend_1,
        rel_tol=1e-3,
    ),
    NumberExercise(
        id="m4_clv_changed",
        title="Qingmei members whose type changes with predicted value",
        hint="Compare the two type Series element by element and count the differences.",
        expected=_changed,
        abs_tol=0.5,
        rel_tol=0.0,
    ),
]
