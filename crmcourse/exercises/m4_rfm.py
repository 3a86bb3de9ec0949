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


def _segments(ties: str = "split"):
    from crmcourse.segmentation import rfm_scores, rfm_segments

    return rfm_segments(rfm_scores(_rfm(), ties=ties))


def _by_hand() -> list:
    row = _rfm().loc["QM-C00007"]
    return [int(row["recency"]), int(row["frequency"]), float(row["monetary"])]


def _spend_2025():
    from crmcourse import data

    tx = data.load("qingmei_transactions")
    return tx[tx["date"] >= "2025-01-01"].groupby("customer_id")["amount"].sum()


def _core_share(year_2025: bool = True) -> float:
    rfm, seg = _rfm(), _segments()
    money = _spend_2025().reindex(rfm.index, fill_value=0.0) if year_2025 else rfm["monetary"]
    return float(money[seg.isin(["champions", "loyal customers"])].sum() / money.sum())


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
        task="compute",
    ),
    NumberExercise(
        id="m4_rfm_champions",
        title="Number of champions when tied values share a score",
        hint="Score the members again with tied values kept together, name the segments, count the champions.",
        expected=lambda: int((_segments("together") == "champions").sum()),
        abs_tol=0,
        rel_tol=0,
        slips={lambda: int((_segments() == "champions").sum()):
               "That is the count with ties split by customer id, as in the summary above. Score again with "
               "tied values together (section 4 on quintile scores)."},
        task="what-if",
    ),
    NumberExercise(
        id="m4_rfm_core_share",
        title="Share of 2025 revenue from champions and loyal customers",
        hint="Take each member's 2025 spend, add it up over the two segments and divide by everybody's 2025 spend.",
        expected=_core_share,
        rel_tol=1e-3,
        percent=True,
        slips={lambda: _core_share(year_2025=False): "That is the share of the two-year revenue (the monetary "
                                                     "column). The question asks about 2025 only: filter the "
                                                     "receipts by date first."},
        task="compute",
    ),
    MappingExercise(
        id="m4_rfm_actions",
        title="The action that fits each RFM segment",
        hint="For each segment ask: did they buy recently, and did they buy often before? Then ask what the "
             "relationship needs next.",
        options=("reward and ask for referrals", "welcome and onboard", "win back personally",
                 "low-cost reactivation or let go"),
        answer={
            'champions': 'dbf5c7aa6554c0c7',
            'new customers': '3be94b143f68d78b',
            "can't lose them": 'a874b1750ed051ec',
            'hibernating': '6b3ccf7f34cbe176',
        },
        concepts={"reward and ask for referrals": "for customers who buy recently and often",
                  "welcome and onboard": "for customers whose first purchase is recent",
                  "win back personally": "for formerly frequent, valuable buyers who have stopped",
                  "low-cost reactivation or let go": "for customers long gone who bought little"},
        task="predict",
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
        explanation="With no order number nothing proves the rows were loaded twice, and a record store sells "
                    "identical orders on one day (gifts). Keep them - and write the decision down.",
        task="decide",
    ),
    NumberExercise(
        id="m4_rfm_cdnow_once",
        title="Share of CDNOW customers who bought only once",
        hint="The share of rows of the RFM table whose frequency is 1.",
        expected=_once_share,
        rel_tol=1e-3,
        percent=True,
        slips={lambda: float((_rfm()["frequency"] == 1).mean()): "That is Qingmei's share. The question is about "
                                                                 "CDNOW's customers."},
        task="compute",
    ),
]
