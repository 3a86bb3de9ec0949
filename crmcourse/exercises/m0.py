"""Exercises of 00_start_here: three demo exercises that show how checks, hints and feedback work."""
from crmcourse.checks.kinds import ChoiceExercise, NumberExercise

EXERCISES = [
    NumberExercise(
        id="m0_demo_ratio",
        title="Satisfaction ratio of a single customer",
        hint="The worked example divides what the guest perceived by what they expected; do the same with "
             "this guest's two numbers.",
        expected=1.25,
        rel_tol=1e-3,
        slips={0.8: "You divided the expectation by the experience. The ratio puts what the guest perceived "
                    "on top: revisit c = b / a in the worked example."},
        task="compute",
    ),
    ChoiceExercise(
        id="m0_demo_zone",
        title="Which satisfaction zone is that customer in?",
        hint="Below 1 falls short, about 1 meets the expectation, above 1 exceeds it.",
        options=("dissatisfied", "satisfied", "highly satisfied"),
        answer="7070fd25d6eacd64",
        feedback={
            "28e7f91be9fc66b1": "'satisfied' is for a ratio close to 1; this one is clearly above.",
            "7d4813b41bd2428b": "A ratio above 1 means the experience beat the expectation.",
        },
        explanation="The guest got more than they expected (a ratio well above 1): that is the zone where "
                    "customers talk about the firm and come back.",
        task="classify",
    ),
    ChoiceExercise(
        id="m0_demo_glossary",
        title="The Chinese term for 'key account'",
        hint="The glossary helpers of section 5 work for any term, in either language.",
        answer="1b2e4dc4fe7c2c41",
        feedback={
            "ed9b4af031e4930b": "That is the word for customer in general; a key account is a particular kind of "
                                "customer. Look up the whole term.",
            "441f99a38acc2677": "That is the lab software's word for a service ticket (a mistranslation). Look up "
                                "the term the exercise asks for.",
        },
        explanation="大客户: a customer of high current or potential value, the subject of module 2.",
        task="compute",
    ),
]
