"""Exercises of 6.3 Loyalty programme economics (solutions/06_loyalty/03_loyalty_programme.ipynb).

Numbers are computed with crmcourse.loyalty from the shipped Qingmei tables when a check first runs,
with the notebook's illustrative assumptions (the helpers' defaults). ``task=`` says what each
exercise asks.
"""
import functools

from crmcourse.checks.kinds import NumberExercise

FLAT_VOUCHER = 30.0  # CNY, the flat voucher of exercise 6.3.4
GIFT_SMALL, GIFT_FULL, SMS_COST = 15.0, 60.0, 0.05  # CNY, the gift costs of exercise 6.3.5


@functools.lru_cache(maxsize=1)
def _bands():
    from crmcourse import data, loyalty

    return loyalty.retention_by_band(data.load("qingmei_transactions"), year=2024)


def _retention_all() -> float:
    b = _bands()
    return float((b["customers"] * b["retention"]).sum() / b["customers"].sum())


def _retention_unweighted() -> float:
    return float(_bands()["retention"].mean())


def _gain() -> float:
    from crmcourse import loyalty

    e = loyalty.programme_economics(_bands())
    return float(e.loc[e["enrol"], "total_gain"].sum())


def _gain_per_member_sum() -> float:
    from crmcourse import loyalty

    e = loyalty.programme_economics(_bands())
    return float(e.loc[e["enrol"], "gain"].sum())


def _gain_all_bands() -> float:
    from crmcourse import loyalty

    return float(loyalty.programme_economics(_bands())["total_gain"].sum())


def _break_even() -> float:
    from crmcourse import loyalty

    for k in range(0, 101):
        if loyalty.programme_economics(_bands(), churn_cut=k / 100).loc["gold", "gain"] >= 0:
            return k / 100
    return float("nan")  # pragma: no cover


@functools.lru_cache(maxsize=1)
def _newcomer_amounts():
    from crmcourse import data

    tx = data.load("qingmei_transactions").sort_values(["date", "transaction_id"])
    first = tx.groupby("customer_id").first()
    return first.loc[first["date"] >= "2025-09-01", "amount"]


def _scale_total() -> float:
    from crmcourse import loyalty

    return float(loyalty.referral_voucher(_newcomer_amounts()).sum())


def _flat_extra() -> float:
    return FLAT_VOUCHER * len(_newcomer_amounts()) - _scale_total()


def _flat_total() -> float:
    return FLAT_VOUCHER * len(_newcomer_amounts())


def _q1(opted_out="opted_out"):
    from crmcourse import data, loyalty

    return loyalty.birthdays_between(data.load("qingmei_customers"), "2026-01-01", "2026-03-31", opted_out=opted_out)


def _gift_cost(people) -> float:
    full = people["member_level"].astype(str).isin(["gold", "diamond"])
    return float((full * (GIFT_FULL - GIFT_SMALL) + GIFT_SMALL + SMS_COST).sum())


EXERCISES = [
    NumberExercise(
        id="m6_prog_retention_all",
        title="Share of all 2024 buyers who bought again in 2025",
        hint="The table gives a rate per band. A rate for everyone counts every customer once: how many "
             "customers does each band's rate stand for?",
        expected=_retention_all,
        rel_tol=1e-3,
        percent=True,
        slips={_retention_unweighted: "You averaged the four band rates, so the 255 silver customers count as "
                                      "much as the 1,664 ordinary ones. Weight each band's rate by its customers."},
        task="compute",
    ),
    NumberExercise(
        id="m6_prog_gain",
        title="Total gain of enrolling only the bands where the programme pays (CNY)",
        hint="Keep only the bands the table marks for enrolment; a band's gain for all its members, not for one.",
        expected=_gain,
        rel_tol=1e-4,
        slips={_gain_per_member_sum: "You added the gain per member. Each band enrols all its members: revisit "
                                     "the difference between gain and total gain.",
               _gain_all_bands: "That enrols every band, including those where the programme loses money."},
        task="compute",
    ),
    NumberExercise(
        id="m6_prog_break_even",
        title="Break-even cut in defections for the gold band",
        hint="Vary the assumed cut in defections step by step (0.01 at a time) and watch the sign of the gold "
             "band's gain per member.",
        expected=_break_even,
        abs_tol=0.0101,
        rel_tol=0,
        task="what-if",
    ),
    NumberExercise(
        id="m6_prog_flat_voucher",
        title="Extra cost of a flat 30-yuan voucher over the scale, for the September-December newcomers (CNY)",
        hint="Price both schemes for the same newcomers - the scale voucher per friend and 30 yuan per friend - "
             "and subtract.",
        expected=_flat_extra,
        rel_tol=1e-6,
        slips={_flat_total: "That is what the flat scheme costs in all; the question asks how much more it costs "
                            "than the scale.",
               _scale_total: "That is what the scale costs; price the flat scheme too and take the difference."},
        task="what-if",
    ),
    NumberExercise(
        id="m6_prog_q1_gifts",
        title="Cost of the birthday gifts and messages for January-March 2026 (CNY)",
        hint="Who gets a gift in those three months (the opt-out rule applies), which of them get the full-size "
             "sample, and one message each.",
        expected=lambda: _gift_cost(_q1()),
        rel_tol=1e-6,
        slips={lambda: len(_q1()) * (GIFT_SMALL + SMS_COST):
                   "Every member got the small sample: gold and diamond members get the full-size one.",
               lambda: _gift_cost(_q1(opted_out=None)):
                   "That includes members who opted out: the gift comes with a message, so they get neither.",
               lambda: _gift_cost(_q1()) - len(_q1()) * SMS_COST:
                   "Each gift comes with a message: add its cost."},
        task="compute",
    ),
]
