"""Exercises of 4.1 Why and how to segment (solutions/04_segmentation/01_why_segment.ipynb).

Numbers are computed from the shipped Qingmei data when a check first runs; discrete answers are
stored as salted hashes (``crmcourse hash ID ANSWER``).
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise

STEPS = ('define the objective', 'decide the resources and methods needed', 'choose a feasible method', 'use valid data', 'check that the variables are stable', 'describe each segment', 'validate through real use', 'treat it as a process, not a result')
CAUTIONS = ('one customer, one segment', 'no channel differences', 'actionable tactics for the front line', 'start sales with the best list', 'one owner per segment', 'senior management drives it', 'start small, then expand')


def _top_share() -> float:
    from crmcourse import data

    spend = data.load("qingmei_transactions").groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    return float(spend.head(int(len(spend) * 0.2)).sum() / spend.sum())


EXERCISES = [
    NumberExercise(
        id="m4_why_top_share",
        title="Share of revenue from the top 20% of members",
        hint="Sort members by total spend, biggest first, add up the first 20% and divide by the total.",
        expected=_top_share,
        rel_tol=1e-3,
        percent=True,
        slips={lambda: 0.2: "That is the share of members, not of revenue: add up the spend of the top fifth and "
                            "divide by everybody's spend (the 80/20 pattern, module 2)."},
        task="compute",
    ),
    MappingExercise(
        id="m4_why_bases",
        title="The segmentation base of each variable",
        hint="Who the customer is (demographic), where they live (geographic), how they think "
             "(psychographic), what they do (behavioural).",
        options=("demographic", "geographic", "psychographic", "behavioural"),
        answer={
            'age_band': '6e4f3b65ef763dff',
            'city_tier': '3b316f794a033a6b',
            'prefers natural, minimalist products (survey)': '4fa447d04a3d57a8',
            'purchases in the last 90 days': '774bb0233574995b',
            'member_level (from 2025 spend)': '774bb0233574995b',
        },
        concepts={"demographic": "who the customer is: age, sex, income, family",
                  "geographic": "where the customer lives or buys",
                  "psychographic": "how the customer thinks: values, lifestyle, attitudes (from surveys)",
                  "behavioural": "what the customer does: purchases, usage, loyalty - even when summarised as a level"},
        task="classify",
    ),
    ChoiceExercise(
        id="m4_why_caution",
        title="The caution broken by an app offer the shop cannot see",
        hint="The customer met two different recommendations in two places.",
        options=CAUTIONS,
        answer='84d3eaf561a30504',
        feedback={
            '4b8a2c90f128823a': "Close: the offers contradict each other, but "
                "the member sits in one segment - the problem is that the channels do not share it.",
            '59339824ff1fc04c': "The assistant did get a concrete "
                "product to recommend - just not the same one as the app.",
        },
        explanation="The segment was the same; the channels were not coordinated. Every channel must show the "
                    "customer the same offer (4.5 builds this in).",
        task="decide",
    ),
    MappingExercise(
        id="m4_why_steps",
        title="The step of the eight each project action belongs to",
        hint="Match each action to the step whose meaning describes it.",
        options=STEPS,
        answer={
            'agree that the goal is to win back lapsed big spenders within six months': 'c0f5f3ea0194337c',
            'remove test accounts and receipts dated in the future before computing anything': 'dccb9e6a422ba775',
            're-run the clustering on resampled data to see whether the groups hold': '1dec6c72e165706f',
            'write one sentence and one rule that describe and recognise each group': '473a1c01bbbf837b',
            'send the new offer to half of each group and compare with the other half': '381cee106a55bff5',
        },
        task="classify",
    ),
    ChoiceExercise(
        id="m4_why_evaluate",
        title="The evaluation test a group of 14 members fails",
        hint="A dedicated campaign has a fixed cost.",
        options=("relevant to business goals", "easy to understand", "large enough", "distinct campaign possible"),
        answer='9d570bfa68ff8dac',
        explanation="Fourteen members cannot repay the fixed cost of their own campaign, however unusual they "
                    "are: they fail 'large enough'.",
        task="decide",
    ),
]
