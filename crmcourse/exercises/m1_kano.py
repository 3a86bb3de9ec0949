"""Exercises of 01_satisfaction/03_kano: the evaluation table, classifying a survey, Better/Worse, groups."""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise, ValueExercise


def _respondent_categories():
    from crmcourse import data
    from crmcourse.satisfaction import kano_category

    survey = data.load("qingmei_kano")
    one = survey[survey["respondent_id"] == "KS-0001"]
    out = kano_category(one["functional"], one["dysfunctional"])
    out.index = one["feature"].astype(str).to_numpy()
    return out


def _better(feature):
    from crmcourse import data
    from crmcourse.satisfaction import kano_classify

    table = kano_classify(data.load("qingmei_kano")).set_index("feature")
    return float(table.loc[feature, "better"])


FEATURES = (
    "clear ingredient list", "allergy-tested formula", "long-lasting effect", "member discount",
    "skin test in shop", "personalised skincare plan", "birthday gift", "celebrity endorsement",
    "refill packaging", "free samples",
)

EXERCISES = [
    ChoiceExercise(
        id="m1_kano_pair",
        title="Classify one answer pair",
        hint="Find the row of the functional answer and the column of the dysfunctional answer in "
             "the evaluation table.",
        options=("A", "O", "M", "I", "R", "Q"),
        answer="ee101727ffdb1acf",
        feedback={
            "4ca7e6f71f8e9295": "Attractive would mean the customer can live without the feature; this "
                                "customer dislikes its absence.",
            "8dcfa8c58a281ea1": "Must-be would mean the customer takes the feature for granted; this one "
                                "actively likes having it.",
        },
    ),
    ValueExercise(
        id="m1_kano_respondent",
        title="Kano category of each of one respondent's answers",
        hint="Keep the rows of that respondent, call kano_category on the two answer columns, and use the "
             "feature names as the index.",
        expected=_respondent_categories,
    ),
    NumberExercise(
        id="m1_kano_better",
        title="Better coefficient of a feature, by hand",
        hint="Better = (A + O) / (A + O + M + I); R and Q stay out of the denominator.",
        expected=lambda: _better("member discount"),
        rel_tol=1e-3,
    ),
    ItemsExercise(
        id="m1_kano_fong",
        title="Features whose leading category fails Fong's test",
        hint="Look at the significant column of the classification table.",
        options=FEATURES,
        answer=("d8c10b1e1b0753c0", "2c45c3b4c1c924ba"),
    ),
    ChoiceExercise(
        id="m1_kano_group",
        title="The group that does not care about refill packaging",
        hint="Classify by customer_group and read the category of refill packaging in each group.",
        options=("students", "young professionals", "mature customers"),
        answer="1440426653f3e81a",
    ),
    MappingExercise(
        id="m1_kano_strategy",
        title="The highest kind of feature to offer each customer type",
        hint="Basic features for everybody; performance features where high expectations meet low "
             "value; delighters only where both value and expectations are high.",
        options=("A", "O", "M", "I"),
        answer={
            "intimate": "8f25716e3f327ae1",
            "safe": "c6121e33d76d44a7",
            "dangerous": "8521bd93083b50a2",
            "stranger": "c6121e33d76d44a7",
        },
    ),
]
