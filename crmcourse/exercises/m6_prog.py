"""Exercises of 6.3 Loyalty programme economics (solutions/06_loyalty/03_loyalty_programme.ipynb).

Numbers are computed with crmcourse.loyalty from the shipped Qingmei tables when a check first runs,
with the notebook's illustrative assumptions (the helpers' defaults).
"""
import functools

from crmcourse.checks.kinds import NumberExercise


@functools.lru_cache(maxsize=1)
def _bands():
    from crmcourse import data, loyalty

    return loyalty.retention_by_band(data.load("qingmei_transactions"), year=2024)


def _gain() -> float:
    from crmcourse import loyalty

    e = loyalty.programme_economics(_bands())
    return float(e.loc[e["enrol"], "total_gain"].sum())


def _break_even() -> float:
    from crmcourse import loyalty

    for k in range(0, 101):
        if loyalty.programme_economics(_bands(), churn_cut=k / 100).loc["gold", "gain"] >= 0:
            return k / 100
    return float("nan")  # pragma: no cover


def _mean_voucher() -> float:
    from crmcourse import data, loyalty

    tx = data.load("qingmei_transactions").sort_values(["date", "transaction_id"])
    first = tx.groupby("customer_id").first()
    return float(loyalty.referral_voucher(first.loc[first["date"] >= "2025-09-01", "amount"]).mean())


def _january() -> float:
    from crmcourse import data, loyalty

    return float(len(loyalty.birthdays_between(data.load("qingmei_customers"), "2026-01-01", "2026-01-31")))


EXERCISES = [
    NumberExercise(
        id="m6_prog_gold_retention",
        title="Retention of the 2024 gold band into 2025",
        hint="loyalty.retention_by_band(tx, year=2024), row gold, column retention.",
        expected=lambda: float(_bands().loc["gold", "retention"]),
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m6_prog_gain",
        title="Total gain of enrolling only the bands where the programme pays (CNY)",
        hint="Sum total_gain over the rows with enrol == True.",
        expected=_gain,
        rel_tol=1e-4,
    ),
    NumberExercise(
        id="m6_prog_break_even",
        title="Break-even cut in defections for the gold band",
        hint="Loop over churn_cut = 0, 0.01, 0.02, ... and stop at the first with gold gain >= 0.",
        expected=_break_even,
        abs_tol=0.0101,
        rel_tol=0,
    ),
    NumberExercise(
        id="m6_prog_mean_voucher",
        title="Mean voucher per newcomer (CNY)",
        hint="loyalty.referral_voucher(first purchases since 2025-09-01).mean().",
        expected=_mean_voucher,
        rel_tol=1e-4,
    ),
    NumberExercise(
        id="m6_prog_january",
        title="Birthday gifts needed for January 2026",
        hint="len(loyalty.birthdays_between(customers, '2026-01-01', '2026-01-31')).",
        expected=_january,
        abs_tol=0, rel_tol=0,
    ),
]
