"""Exercises of 3.1 Why questions win large sales (solutions/03_spin/01_why_questions.ipynb).

Discrete answers are stored as salted hashes; the number is computed from the simulator when the
check first runs.
"""
from crmcourse.checks.kinds import ItemsExercise, MappingExercise, NumberExercise

_SALES = ("toner for one office", "printers for a hospital group", "a lipstick at a shop counter",
          "phone plans for 420 drivers", "document services for 86 bank branches", "a phone top-up")


def _developed_success() -> float:
    from crmcourse import spin

    calls = spin.simulate_calls("hospital", n=400, seed=3)
    developed = calls[(calls["I"] + calls["N"]) >= 3]
    return float(developed["outcome"].isin(["advance", "order"]).mean())


EXERCISES = [
    ItemsExercise(
        id="m3_why_large",
        title="Which of these are large sales?",
        hint="A large sale takes several calls, involves several decision makers and a long-term commitment; "
             "a small one is decided by one person in one conversation.",
        options=_SALES,
        answer=('68ee58838af4d4f4', '59058091d3cc9d15', '6f0afc68f4f3a5a1',),
    ),
    MappingExercise(
        id="m3_why_needs",
        title="Implied or explicit need?",
        hint="An implied need is a problem or dissatisfaction; an explicit need is a clear want or intention "
             "to act ('we need', 'we want', 'I'd like').",
        options=("implied", "explicit"),
        answer={
            'a': '020c24704da5c0c8',
            'b': '0c326eed5805a9e0',
            'c': '020c24704da5c0c8',
            'd': '0c326eed5805a9e0',
            'e': '020c24704da5c0c8',
            'f': '0c326eed5805a9e0',
        },
    ),
    MappingExercise(
        id="m3_why_stages",
        title="Which stage of the call is each moment in?",
        hint="Greetings open the call; questions investigate; showing how the offer meets stated needs "
             "demonstrates capability; proposing a next step obtains commitment.",
        options=("preliminaries", "investigating", "demonstrating capability", "obtaining commitment"),
        answer={
            'handshake': '55a2d5a2d519f3dd',
            'toner at night': '366aaf0a45815a3e',
            'badge release': 'aa5a255714098fed',
            'trial': '4700362622854652',
            'how many printers': '366aaf0a45815a3e',
        },
    ),
    MappingExercise(
        id="m3_why_outcomes",
        title="How did each call end?",
        hint="An advance is a specific action the buyer agrees to that moves the sale forward; a continuation "
             "keeps talking without any agreed action.",
        options=("order", "advance", "continuation", "no-sale"),
        answer={
            'contract': 'd75ab1cab1d5af1f',
            'site visit': 'a9068bcfe069fc14',
            'brochure': '78aaec9a804c844c',
            'not again': '73db59538dd8665e',
            'trial': 'a9068bcfe069fc14',
            'think about it': '78aaec9a804c844c',
        },
    ),
    NumberExercise(
        id="m3_why_developed",
        title="Share of well-developed simulated calls ending in an advance or an order",
        hint="Keep the calls with at least 3 implication + need-payoff questions (I + N), then take the share "
             "whose outcome is advance or order.",
        expected=_developed_success,
        rel_tol=1e-6,
        percent=True,
    ),
]
