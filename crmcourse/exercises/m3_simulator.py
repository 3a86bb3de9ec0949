"""Exercises of 3.4 The call simulator (solutions/03_spin/04_call_simulator.ipynb).

Numbers are replayed with the simulator when the check first runs; the two role-play exercises
check ``spin.call_result(scenario, moves, max_moves=...)`` (the outcome and the move limit).
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise

_OUTCOMES = ("order", "advance", "continuation", "no-sale")
_YES_NO = ("yes", "no")


def _patience(moves) -> float:
    from crmcourse import spin

    return float(spin.replay("hospital", moves, seed=7).state.patience)


def _patience_after_swap() -> float:
    return _patience(["s_fleet", "s_support", "s_volume", "p_repairs", "i_queues", "n_fast_repair"])


def _patience_before_swap() -> float:
    return _patience(["s_fleet", "s_support", "s_volume", "s_contracts", "p_repairs"])


EXERCISES = [
    ChoiceExercise(
        id="m3_sim_interrogator",
        title="Predict: the outcome of the situation-only call",
        hint="Did any of the interrogator's moves uncover a problem? Then read the rules table: what does a close "
             "that fails end in, with and without an admitted problem?",
        options=_OUTCOMES,
        answer='a0c044e947dff91e',
        feedback={
            '014e9883fd628c8b': "A continuation needs at least one problem the buyer has "
            "admitted. Did any situation question uncover one?",
            'c596a0a904942821': "An order needs explicit needs; situation questions never create one.",
        },
        explanation="Situation questions reveal facts but no problem, so the buyer has not even an implied need; "
                    "the order close fails, and a failed close with no admitted problem is a no-sale.",
        task="predict",
    ),
    NumberExercise(
        id="m3_sim_patience",
        title="What if the seller follows a problem instead of asking a fourth situation question?",
        hint="Start from the buyer's patience at the beginning of the call and apply the effect of each move in "
             "turn; mind when the extra cost of situation questions starts. Then replay the moves to check.",
        expected=_patience_after_swap,
        abs_tol=1e-9,
        rel_tol=1e-9,
        integer=False,
        slips={
            _patience_before_swap: "That is the patience after the interrogator's four situation questions and a "
                                   "problem question - the call before the change. Work out the new sequence.",
            5.5: "Check the problem question: it costs a little patience too.",
            4.5: "Check two things: the extra cost of situation questions starts only after the third one, and a "
                 "need-payoff question gives patience back.",
        },
        task="what-if",
    ),
    ChoiceExercise(
        id="m3_sim_develop",
        title="The move that must come before the cost-report need-payoff question works",
        hint="The buyer was lukewarm: what does the needs tracker say about how far the problem behind the "
             "cost-report need has been developed, and which kind of move develops a problem further?",
        options=("n_report", "i_overspend", "b_report", "s_contracts"),
        answer='60ca5819639582d1',
        feedback={
            '7d3aa61ec7f2abd4': "Asking the need-payoff question now only gets a lukewarm answer - "
            "the problem is not developed enough yet.",
            '80e6e80c07d37c9d': "A pitch before the need is explicit is an advantage: it draws an "
            "objection.",
            '6fa1f0b9b7f80e3a': "A new fact does not develop the problem the buyer has already admitted; and "
            "every extra situation question costs patience.",
        },
        explanation="This buyer states the cost-report need only once both implications of the problem behind it "
                    "have been explored; a second implication question develops the problem far enough.",
        task="decide",
    ),
    MappingExercise(
        id="m3_sim_advance",
        title="An advance from the hospital buyer in at most 8 moves",
        hint="Uncover a problem (P), explore what it leads to (I), let the buyer state the need (N), then propose "
             "a concrete next step (a close asking for an advance).",
        options=_OUTCOMES + _YES_NO,
        answer={
            'outcome': '5a1f726854b01ecd',
            'within limit': '1f6b009c1b1b5a24',
        },
        task="decide",
    ),
    MappingExercise(
        id="m3_sim_order",
        title="An order from the logistics buyer in at most 12 moves",
        hint="This buyer orders after two explicit needs and at least one approved benefit; remember that a "
             "problem may need a situation fact before the buyer opens up, and that every move costs time.",
        options=_OUTCOMES + _YES_NO,
        answer={
            'outcome': 'd83140515abbe04f',
            'benefit approved': 'e42d6581fc882c77',
            'within limit': 'e42d6581fc882c77',
        },
        task="decide",
    ),
]
