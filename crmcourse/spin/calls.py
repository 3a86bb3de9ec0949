"""Whole calls: replay a script of moves, summarise it for an exercise, simulate many sellers.

>>> replay("hospital", ["p_repairs", "i_queues", "n_fast_repair", "c_trial"]).outcome()
'advance'
"""
from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from crmcourse._validate import did_you_mean, integer, real
from crmcourse.errors import CourseDataError
from crmcourse.spin._common import OUTCOMES  # noqa: F401 - the doctests use it
from crmcourse.spin._common import MOVE_TYPES, QUESTION_TYPES, describe, item_list, plain_text, seed_value
from crmcourse.spin.scenario import load_scenario
from crmcourse.spin.simulator import CallError, CallSimulator

if TYPE_CHECKING:  # for the annotations only: pandas is imported inside the functions that use it
    import pandas as pd

__all__ = ["replay", "call_result", "simulate_calls", "MAX_SIMULATED_CALLS", "MAX_SIMULATED_QUESTIONS"]


def _moves(moves) -> list:
    return item_list(moves, "give the moves as a list of question ids",
                     fix="e.g. ['s_fleet', 'p_repairs']", error=CallError)


def replay(scenario, moves: Iterable[str], seed: int | None = 0) -> CallSimulator:
    """Play a list of moves (question ids) in a fresh call and return the simulator.

    Moves after the call ended are ignored, so a script that ends early still replays.

    Parameters
    ----------
    scenario : str, os.PathLike or Scenario
        As for :class:`CallSimulator`.
    moves : list of str
        Question ids, in order.
    seed : int, optional, default 0

    Returns
    -------
    CallSimulator
        The call after the moves (it may still be open).

    Raises
    ------
    CallError
        ``moves`` is not a list, or names a move the scenario does not have.
    ScenarioError, CourseDataError
        As for :class:`CallSimulator`.

    Examples
    --------
    >>> replay("hospital", ["s_fleet", "s_support", "c_order"]).outcome()
    'no-sale'
    """
    moves = _moves(moves)
    sim = CallSimulator(scenario, seed=seed)
    for move in moves:
        if sim.state.ended:
            break
        sim.ask(move)
    return sim


def call_result(scenario, moves, seed: int | None = 0, max_moves: int | None = None) -> dict:
    """Replay ``moves`` and summarise the call for an exercise check; prints a one-line summary.

    Moves after the call has ended are not allowed. While ``moves`` is still ``...`` it returns
    ``...``.

    Parameters
    ----------
    scenario : str, os.PathLike or Scenario
        As for :class:`CallSimulator`.
    moves : list of str or Ellipsis
        Question ids, in order.
    seed : int, optional, default 0
    max_moves : int, optional
        The most moves the exercise allows.

    Returns
    -------
    dict or Ellipsis
        ``outcome``, ``explicit needs`` (how many), ``benefit approved`` (``"yes"``/``"no"``),
        ``moves`` and, when ``max_moves`` is given, ``within limit`` (``"yes"``/``"no"``).

    Raises
    ------
    CallError
        ``moves`` is not a list, names an unknown move, or goes on after the call ended.
    CourseDataError
        ``max_moves`` is not a whole number of 0 or more (and as for :class:`CallSimulator`).

    Examples
    --------
    >>> r = call_result("hospital", ["p_repairs", "i_queues", "n_fast_repair", "c_trial"], max_moves=8)
    advance in 4 moves (1 explicit need, no benefit approved). The buyer had stated 1 explicit need(s) and agreed to a concrete next step.
    >>> r["outcome"], r["within limit"]
    ('advance', 'yes')
    >>> call_result("hospital", ...)
    Ellipsis
    """
    if moves is Ellipsis:
        return Ellipsis
    moves = _moves(moves)
    if max_moves is not None:
        max_moves = integer(max_moves, "max_moves", 0)
    sim = CallSimulator(scenario, seed=seed)
    for i, move in enumerate(moves, start=1):
        if sim.state.ended:
            raise CallError(f"the call ended at move {i - 1} ({sim.state.outcome})",
                            fix=f"remove the {len(moves) - i + 1} move(s) after it")
        sim.ask(move)
    outcome = sim.outcome()
    st = sim.state
    result = {"outcome": outcome, "explicit needs": len(st.explicit_needs),
              "benefit approved": "yes" if st.approved else "no", "moves": len(moves)}
    if max_moves is not None:
        result["within limit"] = "yes" if len(moves) <= max_moves else "no"
    needs = f"{len(st.explicit_needs)} explicit need{'s' if len(st.explicit_needs) != 1 else ''}"
    approved = f"{len(st.approved)} benefit{'s' if len(st.approved) != 1 else ''} approved" if st.approved \
        else "no benefit approved"
    print(f"{outcome} in {len(moves)} moves ({needs}, {approved}). {st.reason}")
    return result


#: The most calls :func:`simulate_calls` plays at once (20,000 take about a minute).
MAX_SIMULATED_CALLS = 100_000
#: The most questions a simulated seller asks in one call.
MAX_SIMULATED_QUESTIONS = 100
_MIX_FIX = "e.g. mix={'S': 0.5, 'P': 0.3, 'I': 0.1, 'N': 0.1}"


def _mix_weights(mix) -> dict[str, float]:
    """Weights for S/P/I/N: non-negative finite numbers, at least one above 0."""
    import pandas as pd

    if mix is None:
        return {t: 1.0 for t in QUESTION_TYPES}
    if isinstance(mix, pd.Series):
        if mix.index.has_duplicates:
            raise CourseDataError("mix names a question type twice", fix=_MIX_FIX)
        items = list(mix.items())
    elif isinstance(mix, Mapping):
        items = list(mix.items())
    else:
        raise CourseDataError(f"mix must map question types to weights, got {describe(mix)}", fix=_MIX_FIX)
    weights: dict[str, float] = {}
    for key, value in items:
        name = plain_text(key)
        if name not in QUESTION_TYPES:
            if name is not None and name.strip().upper() in QUESTION_TYPES:
                hint = f" (did you mean {name.strip().upper()!r}? the types are capital letters)"
            else:
                hint = did_you_mean(name, QUESTION_TYPES) if name is not None else ""
            raise CourseDataError(f"mix must give weights for S, P, I, N only, got the key {describe(key)}{hint}",
                                  fix=_MIX_FIX)
        weights[name] = real(value, f"mix[{name!r}]", low=0, example=0.3)
    if not any(w > 0 for w in weights.values()):
        raise CourseDataError(f"mix must give at least one question type a weight above 0 (got {weights})",
                              fix=_MIX_FIX)
    if not math.isfinite(sum(weights.values())):  # weights near the float limit: keep their ratios
        top = max(weights.values())
        weights = {t: w / top for t, w in weights.items()}
    return weights


def _question_range(questions) -> tuple[int, int]:
    fix = "e.g. questions=(4, 12): each seller asks 4 to 12 questions"
    if not isinstance(questions, (tuple, list)) or len(questions) != 2:
        raise CourseDataError(f"questions must be a pair (fewest, most), got {describe(questions)}", fix=fix)
    low = integer(questions[0], "questions[0] (the fewest)", 0, MAX_SIMULATED_QUESTIONS)
    high = integer(questions[1], "questions[1] (the most)", 0, MAX_SIMULATED_QUESTIONS)
    if high < low:
        raise CourseDataError(f"questions=({low}, {high}): the most ({high}) is below the fewest ({low})",
                              fix=f"put the fewest first: questions=({high}, {low})")
    return low, high


def simulate_calls(scenario, n: int = 200, seed: int = 0, mix: Mapping[str, float] | None = None,
                   questions: tuple[int, int] = (4, 12), order_share: float = 0.3) -> "pd.DataFrame":
    """Play ``n`` calls by simulated sellers; one row per call with its question mix and outcome.

    Each seller asks a random number of questions, drawing each question's type with the
    weights ``mix``, asks them in S, P, I, N order and follows up sensibly: an implication or
    need-payoff question goes to a problem the buyer has admitted when there is one. Then the
    seller pitches a benefit for each explicit need and closes, asking for an order with
    probability ``order_share`` and for an advance otherwise. A quick way to see the
    simulator's rules at work — they are the simulator's rules, not field data.

    Parameters
    ----------
    scenario : str, os.PathLike or Scenario
        As for :class:`CallSimulator`.
    n : int, default 200
        How many calls, from 1 to :data:`MAX_SIMULATED_CALLS`.
    seed : int, optional, default 0
        The same seed gives the same calls.
    mix : dict, optional
        Weights of S, P, I, N (default equal): non-negative numbers, at least one above 0;
        missing types are not asked. A pandas Series works too.
    questions : tuple of int, default (4, 12)
        The fewest and the most questions per call (at most :data:`MAX_SIMULATED_QUESTIONS`).
    order_share : float, default 0.3
        The share of sellers who ask for an order (the others ask for an advance), 0 to 1.

    Returns
    -------
    pandas.DataFrame
        ``call``, ``turns``, the counts of ``S``, ``P``, ``I``, ``N``, ``pitch`` and ``close``,
        ``explicit_needs`` and ``outcome``.

    Raises
    ------
    CourseDataError
        A bad ``n``, ``seed``, ``mix`` (unknown keys, negative, NaN or infinite weights, all
        zero), ``questions`` (not a pair of whole numbers, the most below the fewest) or
        ``order_share`` (a percentage such as 30 gets a hint); and as for :class:`CallSimulator`.

    Examples
    --------
    >>> calls = simulate_calls("hospital", n=50, seed=1)
    >>> calls.columns.tolist()
    ['call', 'turns', 'S', 'P', 'I', 'N', 'pitch', 'close', 'explicit_needs', 'outcome']
    >>> set(calls["outcome"]) <= set(OUTCOMES)
    True
    >>> simulate_calls("hospital", mix={"S": 0, "P": 0})
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: mix must give at least one question type a weight above 0 (got {'S': 0.0, 'P': 0.0}). Fix: e.g. mix={'S': 0.5, 'P': 0.3, 'I': 0.1, 'N': 0.1}.
    """
    import pandas as pd

    sc = load_scenario(scenario)
    n = integer(n, "n", 1, MAX_SIMULATED_CALLS)
    seed = seed_value(seed)
    weights = _mix_weights(mix)
    low, high = _question_range(questions)
    order_share = real(order_share, "order_share", low=0, high=1, example=0.3, percent_hint=True)
    rng = random.Random(seed)
    by_type = {t: [q for q in sc.questions.values() if q.type == t] for t in MOVE_TYPES}
    rows = []
    for call in range(n):
        sim = CallSimulator(sc, seed=rng.randrange(2**31))
        st = sim.state
        kinds = [t for t in QUESTION_TYPES if weights.get(t, 0) > 0]
        plan = rng.choices(kinds, weights=[weights[t] for t in kinds], k=rng.randint(low, high))
        plan.sort(key=QUESTION_TYPES.index)  # a seller works from situation towards need-payoff
        for kind in plan:
            options = [q for q in by_type[kind] if q.id not in st.asked]
            if st.ended or not options:
                continue
            if kind == "I":
                follow = [q for q in options if sc.implications[q.targets][0] in st.implied_needs]
                options = follow or options
            elif kind == "N":
                ready = [q for q in options if sim.developed(q.targets)]
                admitted = [q for q in options if any(p in st.implied_needs for p in sc.needs[q.targets].problems)]
                options = ready or admitted or options
            sim.ask(rng.choice(options).id)
        for q in by_type["pitch"]:
            if not st.ended and q.targets in st.explicit_needs:
                sim.ask(q.id)
        if not st.ended:
            want = "order" if rng.random() < order_share else "advance"
            closes = [q for q in by_type["close"] if q.targets == want] or by_type["close"]
            sim.ask(rng.choice(closes).id)
        counts = sim.question_mix()
        rows.append({"call": call, "turns": st.turn, **counts.to_dict(),
                     "explicit_needs": len(st.explicit_needs), "outcome": st.outcome})
    return pd.DataFrame(rows)
