"""Exercises of 00_start_here: two demo exercises that show how checks and hints work."""
from crmcourse.checks.kinds import ChoiceExercise, NumberExercise

EXERCISES = [
    NumberExercise(
        id="m0_demo_ratio",
        title="Satisfaction ratio of a single customer",
        hint="Divide what the customer perceived by what they expected (c = b / a).",
        expected=1.25,
        rel_tol=1e-3,
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
    ),
    ChoiceExercise(
        id="m0_demo_glossary",
        title="The Chinese term for 'key account'",
        hint="Look it up with glossary.lookup('key account').",
        answer="1b2e4dc4fe7c2c41",
    ),
]
