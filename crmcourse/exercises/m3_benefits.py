"""Exercises of 3.5 From needs to benefits (solutions/03_spin/05_needs_to_benefits.ipynb).

Discrete answers are stored as salted hashes; the last exercise checks
``spin.call_result("bank", moves, max_moves=14)`` for the learner's call.
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise

_PROPOSALS = ('a one-month trial in outpatients', 'a call in a few months', 'a site visit with the IT manager', 'leaving a brochure', 'a slot at the procurement committee', 'keeping in touch')

EXERCISES = [
    MappingExercise(
        id="m3_fab_kinds",
        title="Feature, advantage or benefit?",
        hint="A feature is a fact about the offer; an advantage says how it can be used or helps; a benefit shows "
             "how it meets a need the buyer has stated.",
        options=("feature", "advantage", "benefit"),
        answer={
            'a': '1dfb8c25f1af6831',
            'b': '0b23c40e0099f84a',
            'c': 'f54145210e0146d5',
            'd': '1dfb8c25f1af6831',
            'e': '0b23c40e0099f84a',
        },
    ),
    MappingExercise(
        id="m3_fab_responses",
        title="How buyers in large sales respond to each kind of statement",
        hint="Recall the research: one kind makes buyers think about cost, one invites them to argue, one wins "
             "agreement.",
        options=("price concern", "objection", "approval", "order"),
        answer={
            'feature': '76224a4105e8ad1d',
            'advantage': '2a64fe657c55774d',
            'benefit': '94452aa14e0b6b40',
        },
    ),
    ChoiceExercise(
        id="m3_fab_kind_now",
        title="What the badge-release pitch counts as after this call",
        hint="Replay the moves and ask the simulator: sim.pitch_kind('b_secure'). Is secure_print among the "
             "explicit needs?",
        options=("feature", "advantage", "benefit"),
        answer='6128fca426bfeaa0',
        feedback={
            '527ab17f82a6d1c9': "The buyer admitted the privacy problem and explored what it leads "
            "to, but never stated the need: no need-payoff question was asked.",
        },
    ),
    ItemsExercise(
        id="m3_fab_benefit_pitches",
        title="Which pitches count as benefits after this call?",
        hint="sim.benefits() lists the explicit needs and the pitches that meet them; a need the buyer was "
             "lukewarm about is not explicit.",
        options=("b_fast_repair", "b_supplies", "b_secure", "b_report", "f_speed"),
        answer=('912e10083c3b16e1', '82a5e3a7a05bfb57',),
    ),
    ItemsExercise(
        id="m3_fab_advances",
        title="Which proposals ask for an advance?",
        hint="An advance is a specific action, by the buyer, that moves the sale forward.",
        options=_PROPOSALS,
        answer=('e0896c3386ac7d6a', '900b3b2a093318cf', '0a18654104188af9',),
    ),
    MappingExercise(
        id="m3_fab_bank_call",
        title="An advance from the bank, with an approved benefit, in at most 14 moves",
        hint="The bank needs two explicit needs before it agrees to any step. Develop two problems, state a benefit "
             "for a need the buyer has stated, then propose a pilot or a committee slot.",
        options=("order", "advance", "continuation", "no-sale", "yes", "no"),
        answer={
            'outcome': '3be78e729993095e',
            'benefit approved': '8db74921a582ce1c',
            'within limit': '8db74921a582ce1c',
        },
    ),
]
