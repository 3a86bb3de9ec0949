"""Exercises of 3.1 Why questions win large sales (solutions/03_spin/01_why_questions.ipynb).

Discrete answers are stored as salted hashes; the number is computed from the simulator when the
check first runs.
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise

_SALES = ("toner for one office", "printers for a hospital group", "a lipstick at a shop counter",
          "phone plans for 420 drivers", "document services for 86 bank branches", "a phone top-up")


def _calls():
    from crmcourse import spin

    return spin.simulate_calls("hospital", n=400, seed=3)


def _developed_success() -> float:
    calls = _calls()
    developed = calls[(calls["I"] + calls["N"]) >= 3]
    return float(developed["outcome"].isin(["advance", "order"]).mean())


def _all_success() -> float:
    return float(_calls()["outcome"].isin(["advance", "order"]).mean())


def _developed_not_lost() -> float:
    calls = _calls()
    developed = calls[(calls["I"] + calls["N"]) >= 3]
    return float(developed["outcome"].isin(["advance", "order", "continuation"]).mean())


def _strictly_more_than_three() -> float:
    calls = _calls()
    developed = calls[(calls["I"] + calls["N"]) > 3]
    return float(developed["outcome"].isin(["advance", "order"]).mean())


EXERCISES = [
    ItemsExercise(
        id="m3_why_large",
        title="Which of these are large sales?",
        hint="A large sale takes several calls, involves several decision makers and a long-term commitment; "
             "a small one is decided by one person in one conversation.",
        options=_SALES,
        answer=('68ee58838af4d4f4', '59058091d3cc9d15', '6f0afc68f4f3a5a1',),
        explanation="Each of the three takes several calls, involves several people on the buyer's side and a "
                    "commitment that lasts; the other three are decided by one person in one conversation.",
        task="classify",
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
        task="classify",
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
        task="classify",
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
        task="classify",
    ),
    ChoiceExercise(
        id="m3_why_predict_undeveloped",
        title="Predict: the best outcome of a call with fewer than two implication + need-payoff questions",
        hint="An advance needs an explicit need, and explicit needs come from developing a problem. What is the "
             "best ending left for a call that never develops one?",
        options=("order", "advance", "continuation", "no-sale"),
        answer='fb7511ddade42461',
        feedback={
            '774b486b3e82b34b': "An order needs explicit needs (three for this buyer) and an approved benefit; a call "
            "that hardly develops a problem earns neither. Revisit how implied needs become explicit.",
            'ba24eb368e2eb211': "The simulated buyer agrees to an advance only after stating an explicit need, and one "
            "implication or need-payoff question is rarely enough to get there. Revisit the rule for an advance.",
            '3252972b6b9eb178': "Some of these calls do end in a no-sale, but not all: which ending is open to a call in "
            "which the buyer admitted a problem?",
        },
        explanation="Without explicit needs the buyer agrees to no specific step, so the best such a call can do is "
                    "a continuation - and only when the buyer at least admitted a problem.",
        task="predict",
    ),
    NumberExercise(
        id="m3_why_developed",
        title="Share of well-developed simulated calls ending in an advance or an order",
        hint="A call counts as well developed when its implication and need-payoff questions add up to three or "
             "more. Keep only those calls, then ask what share of them ended in one of the two successful outcomes "
             "of a large sale.",
        expected=_developed_success,
        abs_tol=5e-4,
        rel_tol=0.0,
        percent=True,
        slips={
            _all_success: "That is the share over all 400 calls. Keep only the well-developed calls first: the "
                          "question is whether developing problems pays.",
            _developed_not_lost: "A continuation is not a success in a large sale: nothing was agreed. Revisit the "
                                 "four outcomes and count only the successful ones.",
            _strictly_more_than_three: "You kept calls with more than three developing questions; 'at least 3' "
                                       "includes calls with exactly three.",
        },
        task="compute",
    ),
]
