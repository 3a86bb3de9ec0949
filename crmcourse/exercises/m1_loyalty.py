"""Exercises of 01_satisfaction/02_satisfaction_loyalty: repurchase, word of mouth, NPS, retention and CLV."""
from crmcourse.checks.kinds import ItemsExercise, NumberExercise


def _survey():
    from crmcourse import data

    return data.load("qingmei_nps")


def _repurchase_ratio():
    rate = _survey().groupby("satisfaction")["repurchased_within_6m"].mean()
    return float(rate.loc[5] / rate.loc[4])


def _referral_share():
    referrals = _survey().groupby("satisfaction")["referrals"].sum()
    return float(referrals.loc[5] / referrals.sum())


def _nps_of_satisfied():
    from crmcourse.satisfaction import nps

    survey = _survey()
    return nps(survey.loc[survey["satisfaction"] == 4, "likelihood_to_recommend"])


def _retention_2024_2025():
    from crmcourse import data

    sales = data.load("qingmei_transactions")
    year = sales["date"].dt.year
    bought_2024 = set(sales.loc[year == 2024, "customer_id"])
    bought_2025 = set(sales.loc[year == 2025, "customer_id"])
    return len(bought_2024 & bought_2025) / len(bought_2024)


def _clv_gain():
    from crmcourse.lifetime import clv_simple

    return clv_simple(1000, 0.65, 0.10) / clv_simple(1000, 0.60, 0.10) - 1


INDICATORS = (
    "repeat purchase rate",
    "attitude to competitors",
    "referral of new customers",
    "time spent choosing",
    "share of wallet",
    "emotional attachment",
    "sensitivity to quality and price",
    "purchase timing",
)

EXERCISES = [
    NumberExercise(
        id="m1_loyalty_repurchase_ratio",
        title="How much more often do very satisfied members buy again?",
        hint="Group the survey by satisfaction, take the mean of repurchased_within_6m, and divide the "
             "rate at level 5 by the rate at level 4.",
        expected=_repurchase_ratio,
        rel_tol=1e-3,
    ),
    NumberExercise(
        id="m1_loyalty_referral_share",
        title="Share of all referrals made by very satisfied members",
        hint="Sum the referrals per satisfaction level and divide the sum at level 5 by the grand total.",
        expected=_referral_share,
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m1_loyalty_nps_satisfied",
        title="Net Promoter Score of the merely satisfied",
        hint="Keep the rows with satisfaction 4 and pass their likelihood_to_recommend to nps().",
        expected=_nps_of_satisfied,
        abs_tol=0.05,
        rel_tol=0.0,
    ),
    NumberExercise(
        id="m1_loyalty_retention",
        title="Qingmei's retention rate from 2024 to 2025",
        hint="Make the set of members who bought in 2024 and the set who bought in 2025; the retention "
             "rate is the size of their intersection divided by the size of the 2024 set.",
        expected=_retention_2024_2025,
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m1_loyalty_clv",
        title="Lifetime value in the simple retention model",
        hint="CLV = m · r / (1 + i − r), or clv_simple(margin, retention, discount).",
        expected=lambda: 1200.0,
        rel_tol=1e-4,
    ),
    NumberExercise(
        id="m1_loyalty_clv_gain",
        title="What five points more retention are worth",
        hint="Compute the CLV at both retention rates and take new / old − 1.",
        expected=_clv_gain,
        rel_tol=1e-3,
        percent=True,
    ),
    ItemsExercise(
        id="m1_loyalty_indicators",
        title="Loyalty indicators the Qingmei tables can measure",
        hint="Look at the columns of qingmei_nps and qingmei_transactions: which indicators are about "
             "buying again, bringing others, or when people buy?",
        options=INDICATORS,
        answer=("7f9f1d2b028ca37f", "965df36cf01afae8", "fbbe4c4ef7d25cbf"),
    ),
]
