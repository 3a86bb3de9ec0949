"""Exercises of 01_satisfaction/03_kano: the evaluation table, classifying a survey, Better/Worse, groups."""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, NumberExercise, ValueExercise


def _survey(group=None):
    from crmcourse import data

    survey = data.load("qingmei_kano")
    return survey if group is None else survey[survey["customer_group"] == group]


def _respondent_categories():
    from crmcourse.satisfaction import kano_category

    survey = _survey()
    one = survey[survey["respondent_id"] == "KS-0001"]
    out = kano_category(one["functional"], one["dysfunctional"])
    out.index = one["feature"].astype(str).to_numpy()
    return out


def _counts(feature, group=None):
    from crmcourse.satisfaction import kano_classify

    table = kano_classify(_survey(group)).set_index("feature")
    return table.loc[feature]


def _better(feature, group=None, with_rq=False):
    row = _counts(feature, group)
    base = row["A"] + row["O"] + row["M"] + row["I"] + (row["R"] + row["Q"] if with_rq else 0)
    return float((row["A"] + row["O"]) / base)


FEATURES = (
    "clear ingredient list", "allergy-tested formula", "long-lasting effect", "member discount",
    "skin test in shop", "personalised skincare plan", "birthday gift", "celebrity endorsement",
    "refill packaging", "free samples",
)

MIX_OPTIONS = ("groups differ", "split within every group", "attractive after all")

EXERCISES = [
    ChoiceExercise(
        id="m1_kano_pair",
        title="Predict the category of one answer pair",
        hint="Having the feature pleases this customer and lacking it displeases her. Which of the shapes in "
             "the chart rises on both sides of the middle?",
        options=("A", "O", "M", "I", "R", "Q"),
        answer="ee101727ffdb1acf",
        feedback={
            "4ca7e6f71f8e9295": "Attractive would mean the customer can live without the feature; this "
                                "customer dislikes its absence.",
            "8dcfa8c58a281ea1": "Must-be would mean the customer takes the feature for granted; this one "
                                "actively likes having it.",
            "80e8dcbb962aeace": "Indifferent would mean neither having nor lacking it matters; this customer cares "
                                "both ways.",
        },
        explanation="Liking the feature and disliking its absence is the pattern of 'the more the better': a "
                    "one-dimensional (performance) attribute.",
        task="predict",
    ),
    ValueExercise(
        id="m1_kano_respondent",
        title="Kano category of each of one respondent's answers",
        hint="Keep the rows of that respondent, classify each answer pair as in the worked example, and label "
             "the result with the feature names.",
        expected=_respondent_categories,
        task="compute",
    ),
    ItemsExercise(
        id="m1_kano_fong",
        title="Features whose leading category fails Fong's test among students",
        hint="Classify the students' answers on their own, then look for the features whose two largest counts "
             "are too close to call.",
        options=FEATURES,
        answer=("ab304160a1e3f3a0", "2c45c3b4c1c924ba"),
        explanation="Within one group the counts are smaller, so a lead must be relatively larger to be clear; a "
                    "feature can be clear overall and unclear in a group, or the other way round.",
        task="compute",
    ),
    NumberExercise(
        id="m1_kano_better",
        title="Better coefficient of refill packaging among mature customers, by hand",
        hint="Keep the mature customers' answers about refill packaging, classify each pair, count the "
             "categories and apply the Better formula.",
        expected=lambda: _better("refill packaging", "mature customers"),
        rel_tol=1e-3,
        slips={
            lambda: _better("refill packaging"): "That is the Better coefficient over the whole survey; keep only "
                                                 "the mature customers.",
            lambda: _better("refill packaging", "mature customers", with_rq=True):
                "You counted R and Q in the denominator. They are left out: revisit the Better formula.",
            lambda: _better("refill packaging", "students"): "That is the students' value; the question asks about "
                                                             "the mature customers.",
        },
        explanation="Among mature customers refill packaging barely raises satisfaction, while for the students it "
                    "is a real delighter: one survey, two different products.",
        task="compute",
    ),
    ChoiceExercise(
        id="m1_kano_samples_mix",
        title="Decide: why do free samples fail Fong's test?",
        hint="Overall, free samples are a near tie between A and O. Is that because the groups disagree, or is "
             "the tie there inside each group? Classify per group and look at Fong's test in each.",
        options=MIX_OPTIONS,
        answer="4bc85974366c49d0",
        feedback={
            "cc180e7399d775f5": "Classify per group: every group gives free samples the same leading category, so "
                                "the groups do not disagree. Check Fong's test inside each group.",
            "bf981f406d031a05": "A lead that fails Fong's test is too small to call: it could be chance. Revisit "
                                "what the test says about a close lead.",
        },
        explanation="Every group leans the same way and every group is split: the mix lies within the groups, so "
                    "segmenting by these groups will not resolve it. Treat samples as both attractive and "
                    "performance: offer them, and keep them generous.",
        task="decide",
    ),
    ItemsExercise(
        id="m1_kano_strategy",
        title="The Qingmei features to offer a 'dangerous' customer",
        hint="Combine two tables: the source's customer-type table says which kinds of feature a dangerous "
             "customer gets; the classification table says which kind each Qingmei feature is.",
        options=FEATURES,
        answer=("4d92d0a66c01bd4b", "58b152f6266021e2", "13db5ff901e9db19", "b25c157d93c9b04f"),
        explanation="Dangerous customers (low value, high expectations) get the must-be features and the "
                    "one-dimensional ones: the ingredient list and allergy testing, long-lasting effect and the "
                    "member discount; the delighters are kept for intimate customers.",
        task="classify",
    ),
]
