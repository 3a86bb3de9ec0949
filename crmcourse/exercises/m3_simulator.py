"""Exercises of 3.4 The call simulator (solutions/03_spin/04_call_simulator.ipynb).

Numbers are replayed with the simulator when the check first runs; the two role-play exercises
check ``spin.call_result(scenario, moves, max_moves=...)`` (the outcome and the move limit).
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise

_OUTCOMES = ("order", "advance", "continuation", "no-sale")
_YES_NO = ("yes", "no")


def _patience_after_interrogation() -> float:
    from crmcourse import spin

    return spin.replay("hospital", ["s_fleet", "s_support", "s_volume", "s_contracts", "p_repairs"], seed=7).state.patience


EXERCISES = [
    ChoiceExercise(
        id="m3_sim_interrogator",
        title="Outcome of the situation-only call",
        hint="Replay the moves with spin.replay and read .outcome(); then read .state.reason.",
        options=_OUTCOMES,
        answer='a0c044e947dff91e',
        feedback={
            '014e9883fd628c8b': "A continuation needs at least one problem the buyer has "
            "admitted. Did any situation question uncover one?",
            'c596a0a904942821': "An order needs explicit needs; situation questions never create one.",
        },
    ),
    NumberExercise(
        id="m3_sim_patience",
        title="The buyer's patience after four situation questions and a problem question",
        hint="Replay the five moves with seed=7 and read .state.patience; the fourth situation question costs "
             "more than the first three.",
        expected=_patience_after_interrogation,
        abs_tol=1e-9,
        rel_tol=1e-9,
    ),
    ChoiceExercise(
        id="m3_sim_develop",
        title="The move that must come before the cost-report need-payoff question works",
        hint="Look at needs_tracker(): how many implications of no_overview have been explored, and how many "
             "does the cost_report need ask for (develop)?",
        options=("n_report", "i_overspend", "b_report", "s_contracts"),
        answer='60ca5819639582d1',
        feedback={
            '7d3aa61ec7f2abd4': "Asking the need-payoff question now only gets a lukewarm answer - "
            "the problem is not developed enough yet.",
            '80e6e80c07d37c9d': "A pitch before the need is explicit is an advantage: it draws an "
            "objection.",
        },
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
    ),
    MappingExercise(
        id="m3_sim_order",
        title="An order from the logistics buyer in at most 12 moves",
        hint="This buyer orders after two explicit needs and at least one approved benefit; remember that a "
             "problem may need a situation fact before the buyer opens up.",
        options=_OUTCOMES + _YES_NO,
        answer={
            'outcome': 'd83140515abbe04f',
            'benefit approved': 'e42d6581fc882c77',
            'within limit': 'e42d6581fc882c77',
        },
    ),
]
