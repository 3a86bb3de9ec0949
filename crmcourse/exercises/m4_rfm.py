"""Exercises of 4.2 Value tiers and RFM (solutions/04_segmentation/02_rfm.ipynb).

Numbers are computed with crmcourse.segmentation from the shipped Qingmei and CDNOW data when a
check first runs; discrete answers are stored as salted hashes (``crmcourse hash ID ANSWER``).
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise, ValueExercise

SNAPSHOT = "2026-01-01"


def _rfm():
    from crmcourse import data
    from crmcourse.segmentation import rfm_table

    return rfm_table(data.load("qingmei_transactions"), snapshot=SNAPSHOT)


def _segments():
    from crmcourse.segmentation import rfm_scores, rfm_segments

    return rfm_segments(rfm_scores(_rfm()))


def _by_hand() -> list:
    row = _rfm().loc["QM-C00007"]
    return [int(row["recency"]), int(row["frequency"]), float(row["monetary"])]


def _core_share() -> float:
    rfm, seg = _rfm(), _segments()
    return float(rfm["monetary"][seg.isin(["champions", "loyal customers"])].sum() / rfm["monetary"].sum())


def _once_share() -> float:
    from crmcourse import data
    from crmcourse.segmentation import rfm_table

    rfm = rfm_table(data.load_cdnow(), snapshot="1998-07-01", duplicates="keep")
    return float((rfm["frequency"] == 1).mean())


EXERCISES = [
    ValueExercise(
        id="m4_rfm_by_hand",
        title="Recency, frequency and monetary value of one member, by hand",
        hint="Filter the member's rows; recency = snapshot minus the last date in days, frequency = "
             "number of rows, monetary = sum of amount.",
        expected=_by_hand,
        rel_tol=1e-6,
    ),
    NumberExercise(
        id="m4_rfm_champions",
        title="Number of champions among Qingmei's members",
        hint="Count the members whose segment is 'champions'.",
        expected=lambda: int((_segments() == "champions").sum()),
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    NumberExercise(
        id="m4_rfm_core_share",
        title="Share of revenue from champions and loyal customers",
        hint="Sum monetary over the two segments and divide by the sum over everybody.",
        expected=_core_share,
        rel_tol=1e-3,
        percent=True,
    ),
    MappingExercise(
        id="m4_rfm_actions",
        title="The action that fits each RFM segment",
        hint="Recent and frequent: reward. Recent but new: onboard. Were frequent, now gone: win back. "
             "Long gone and rare: spend little.",
        options=("reward and ask for referrals", "welcome and onboard", "win back personally",
                 "low-cost reactivation or let go"),
        answer={
            'champions': 'dbf5c7aa6554c0c7',
            'new customers': '3be94b143f68d78b',
            "can't lose them": 'a874b1750ed051ec',
            'hibernating': '6b3ccf7f34cbe176',
        },
    ),
    ChoiceExercise(
        id="m4_rfm_cdnow_policy",
        title="What to do with CDNOW's identical rows",
        hint="Without an order number, nothing shows that the rows were loaded twice.",
        options=("error", "drop", "keep"),
        answer='caeb770c4e12a2e4',
        feedback={
            '385d687459445f77': "Dropping fits an export that loaded rows twice; here two "
                "identical orders on one day are plausible, and dropping would undercount real purchases.",
            'af6fa55ebf352ea0': "'error' is the safe default that made you look - now "
                "decide what the rows are.",
        },
    ),
    NumberExercise(
        id="m4_rfm_cdnow_once",
        title="Share of CDNOW customers who bought only once",
        hint="The share of rows of the RFM table whose frequency is 1.",
        expected=_once_share,
        rel_tol=1e-3,
        percent=True,
    ),
]
