"""Exercises of 01_satisfaction/02_satisfaction_loyalty: repurchase, word of mouth, NPS, retention, CLV, slogans."""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, NumberExercise


def _survey():
    from crmcourse import data

    return data.load("qingmei_nps")


def _repurchase_rates(channel=None):
    """Repurchase rate per satisfaction level, for all members or one purchase channel."""
    from crmcourse import data

    survey = _survey()
    if channel is not None:
        members = data.load("qingmei_customers")
        keep = members.loc[members["channel"] == channel, "customer_id"]
        survey = survey[survey["customer_id"].isin(keep)]
    return survey.groupby("satisfaction")["repurchased_within_6m"].mean()


def _repurchase_ratio(channel=None):
    rate = _repurchase_rates(channel)
    return float(rate.loc[5] / rate.loc[4])


def _referrals():
    return _survey().groupby("satisfaction")["referrals"].sum()


def _referral_share():
    referrals = _referrals()
    return float(referrals.loc[5] / referrals.sum())


def _nps_of(level=None):
    from crmcourse.satisfaction import nps

    survey = _survey()
    if level is not None:
        survey = survey[survey["satisfaction"] == level]
    return float(nps(survey["likelihood_to_recommend"]))


def _group_share_of_satisfied(group):
    from crmcourse.satisfaction import nps_groups

    survey = _survey()
    groups = nps_groups(survey.loc[survey["satisfaction"] == 4, "likelihood_to_recommend"])
    return float((groups == group).mean() * 100)


def _buyers():
    from crmcourse import data

    sales = data.load("qingmei_transactions")
    year = sales["date"].dt.year
    return set(sales.loc[year == 2024, "customer_id"]), set(sales.loc[year == 2025, "customer_id"])


def _retention_2024_2025():
    bought_2024, bought_2025 = _buyers()
    return len(bought_2024 & bought_2025) / len(bought_2024)


def _retention_over_2025_buyers():
    bought_2024, bought_2025 = _buyers()
    return len(bought_2024 & bought_2025) / len(bought_2025)


def _clv(retention, margin=1000, discount=0.10):
    from crmcourse.lifetime import clv_simple

    return float(clv_simple(margin, retention, discount))


def _clv_gain():
    return _clv(0.65) / _clv(0.60) - 1


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

SLOGAN_OPTIONS = ("launch the guarantee now", "fix the gaps first, then guarantee", "never promise satisfaction")

EXERCISES = [
    NumberExercise(
        id="m1_loyalty_repurchase_ratio",
        title="How much more often do very satisfied shop-only members buy again?",
        hint="The survey does not say where members buy; the customer table does. Keep the shop-only members, "
             "then compare the repurchase rates of the two satisfaction levels.",
        expected=lambda: _repurchase_ratio("shop"),
        rel_tol=1e-3,
        slips={
            lambda: _repurchase_ratio(): "That is the ratio over all members. Keep only the members who buy in "
                                         "shops: revisit how to pick a slice of the survey.",
            lambda: 1 / _repurchase_ratio("shop"): "You divided the 'satisfied' rate by the 'very satisfied' "
                                                   "one; 'how many times higher' puts the very satisfied on top.",
            lambda: float(_repurchase_rates("shop").loc[5] - _repurchase_rates("shop").loc[4]):
                "You took the difference of the two rates; 'how many times' asks for their ratio.",
            lambda: float(_repurchase_rates("shop").loc[5] / _repurchase_rates("shop").loc[3]):
                "You compared the very satisfied with the neutral answers (two steps apart, as in the Good Baby "
                "case); the question compares the neighbouring answers 'satisfied' and 'very satisfied'.",
        },
        explanation="Among shop-only members the top box matters even more than over all members: the step from "
                    "4 to 5 is where behaviour changes.",
        task="compute",
    ),
    NumberExercise(
        id="m1_loyalty_referral_share",
        title="Share of all referrals made by very satisfied members",
        hint="Add up the referrals of the members who answered 5, and compare them with everyone's referrals.",
        expected=_referral_share,
        rel_tol=1e-3,
        percent=True,
        slips={
            lambda: float((_survey()["satisfaction"] == 5).mean()):
                "That is the share of members who answered 5; the question asks for their share of the referrals.",
            lambda: float((_referrals().loc[4] + _referrals().loc[5]) / _referrals().sum()):
                "You added the referrals of level 4; keep only the very satisfied (level 5).",
            lambda: float(_survey().loc[_survey()["satisfaction"] == 5, "referrals"].mean()):
                "That is how many friends a very satisfied member refers on average. The share divides level 5's "
                "total by the total of all levels.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m1_loyalty_nps_satisfied",
        title="Net Promoter Score of the merely satisfied",
        hint="Keep the members who answered 4 on the satisfaction question and score their answers to the "
             "recommend question.",
        expected=lambda: _nps_of(4),
        abs_tol=0.05,
        rel_tol=0.0,
        slips={
            lambda: _nps_of(): "That is the NPS of all members. Keep only those who answered 4 on the satisfaction "
                               "question.",
            lambda: _nps_of(5): "That is the NPS of the very satisfied (level 5); the question is about level 4.",
            lambda: _group_share_of_satisfied("promoter"): "That is the share of promoters (or of detractors) "
                                                            "alone. NPS subtracts the detractors' share from the "
                                                            "promoters' share: revisit the definition.",
            lambda: _group_share_of_satisfied("passive"): "That is the passives' share. Passives count in the "
                                                           "total but in neither group: revisit the definition.",
        },
        explanation="Merely satisfied members produce as many detractors as promoters: on balance they are neither "
                    "advocates nor critics, and most of them are passives open to rivals.",
        task="compute",
    ),
    NumberExercise(
        id="m1_loyalty_retention",
        title="Qingmei's retention rate from 2024 to 2025",
        hint="Retention starts from the customers you had at the start of the period: who bought in 2024? Of "
             "them, who bought again in 2025?",
        expected=_retention_2024_2025,
        rel_tol=1e-3,
        percent=True,
        slips={
            _retention_over_2025_buyers: "You divided by the 2025 buyers. Retention is a share of the customers at "
                                         "the start of the period, the 2024 buyers.",
            lambda: 1 - _retention_2024_2025(): "That is the share who did not come back, the defection rate. "
                                                "Retention is its complement.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m1_loyalty_clv",
        title="Lifetime value in the simple retention model",
        hint="A lifetime value is a year's margin times the margin multiple, and the multiple depends on the "
             "retention rate and the discount rate (see the formula above).",
        expected=lambda: _clv(0.60),
        rel_tol=1e-4,
        slips={
            lambda: 1000 * 0.60 / (1 - 0.60): "You left out the discount rate: money in later years is worth less "
                                              "today. Revisit the denominator 1 + i − r.",
            lambda: 1000 / (1 + 0.10 - 0.60): "You left out r in the numerator: each margin arrives only if she is "
                                              "still a customer at the end of that year.",
            600.0: "That is only the first year's expected margin; the lifetime value adds up every year she may "
                   "stay.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m1_loyalty_clv_gain",
        title="What five points more retention are worth",
        hint="Compute the lifetime value at both retention rates and express the increase as a fraction of the "
             "old value.",
        expected=_clv_gain,
        rel_tol=1e-3,
        percent=True,
        slips={
            0.05: "Value is not proportional to retention: the margin multiple rises steeply. Recompute the "
                  "lifetime value at the new rate.",
            0.05 / 0.60: "That is how much retention rose in relative terms. The lifetime value rises faster: "
                         "revisit the shape of the margin-multiple curve.",
            lambda: _clv(0.65) - _clv(0.60): "That is the gain in CNY; give it as a fraction of the old lifetime "
                                             "value.",
        },
        task="what-if",
    ),
    ChoiceExercise(
        id="m1_loyalty_slogan",
        title="Decide: should Qingmei advertise a total-satisfaction guarantee now?",
        hint="A guarantee is a promise. Recall the promise trade-off of 1.1 and what Qingmei's own survey "
             "says about its service today.",
        options=SLOGAN_OPTIONS,
        answer="fd4b0a686c26d1a4",
        feedback={
            "1289bfd6cb08a3b2": "A guarantee raises what buyers expect. With seven in ten shoppers below the band "
                                "today, it would mostly produce disappointed buyers, each now entitled to an "
                                "exchange. Revisit the promise trap of 1.1.",
            "4aafcdeec05a9050": "Satisfaction is a tool as well as a goal: a firm that has earned it should say so, "
                                "as Dell did. Staying silent wastes the advantage.",
        },
        explanation="Satisfaction is first a goal and then a tool: Xerox could guarantee it and Dell could advertise "
                    "it because they delivered it. Close the gaps first; then the guarantee tells the market the "
                    "truth, and the claims under it show where the service still slips.",
        task="decide",
    ),
    ItemsExercise(
        id="m1_loyalty_indicators",
        title="Loyalty indicators the Qingmei tables can measure",
        hint="Look at the columns of qingmei_nps and qingmei_transactions: which indicators are about "
             "buying again, bringing others, or when people buy?",
        options=INDICATORS,
        answer=("7f9f1d2b028ca37f", "965df36cf01afae8", "fbbe4c4ef7d25cbf"),
        explanation="Purchases give repeat buying and its timing, the referrals column gives referrals; attitudes, "
                    "feelings, browsing time and spending at rivals need surveys or outside data.",
        task="classify",
    ),
]
