"""SPIN questioning (module 3): a question bank, a cue-based classifier, call plans and a call simulator.

Neil Rackham's research group (Huthwaite) studied about 35,000 sales calls and found that, in large
sales, four kinds of question work together: **situation** (S, facts), **problem** (P,
difficulties: implied needs), **implication** (I, consequences of a problem) and **need-payoff**
(N, the value of solving it: explicit needs). The package holds the helpers the module-3
notebooks use, one concern per module:

* :mod:`~crmcourse.spin.classifier` — the question bank, :func:`question_bank`
  (``data/spin/questions.csv``), a held-apart test set, :func:`holdout`, and
  :func:`classify_question`, a *heuristic* that returns a label with the cue it used;
* :mod:`~crmcourse.spin.plans` — :func:`call_plan`, :func:`plan_balance`, :func:`plan_checklist`;
* :mod:`~crmcourse.spin.scenario` and :mod:`~crmcourse.spin.scenario_schema` —
  :func:`load_scenario` reads a buyer described in YAML (``data/spin/scenarios/*.yml``, format
  in ``docs/spin-scenarios.md``) and checks it field by field;
* :mod:`~crmcourse.spin.simulator` — :class:`CallSimulator` plays a call against that buyer,
  turn by turn, to one of the four outcomes; :mod:`~crmcourse.spin.calls` replays and simulates
  whole calls;
* :mod:`~crmcourse.spin.plots` and :mod:`~crmcourse.spin.widgets` — the charts and the
  role-play widget (loaded only when imported: they need matplotlib and ipywidgets).

Importing the package does not import pandas, yaml or matplotlib: the functions import them
when they run. Bad input raises :class:`~crmcourse.errors.CourseDataError`, or one of its two
subclasses: :class:`ScenarioError` (a scenario file) and :class:`CallError` (a move the
simulator cannot make). Both are ``ValueError`` subclasses too.

>>> classify_question("What happens to the queue when the printer breaks down?").label
'I'
>>> sim = CallSimulator(load_scenario("hospital"), seed=1)
>>> sim.ask("s_fleet").revealed
('fact: fleet',)
>>> sim.outcome() in OUTCOMES
True
"""
from __future__ import annotations

from crmcourse.spin._common import (CALL_STAGES, FAB_RESPONSES, MAX_QUESTION_CHARS, MOVE_TYPES, OUTCOMES,
                                    QUESTION_TYPES, STAGES, SUCCESSFUL_PROFILE, TYPE_NAMES, TYPICAL_PROFILE)
from crmcourse.spin.calls import MAX_SIMULATED_CALLS, MAX_SIMULATED_QUESTIONS, call_result, replay, simulate_calls
from crmcourse.spin.classifier import (Guess, classifier_report, classify_question, classify_questions, holdout,
                                       question_bank, quiz_feedback)
from crmcourse.spin.plans import call_plan, plan_balance, plan_checklist
from crmcourse.spin.scenario import MAX_SCENARIO_CHARS, MAX_SCENARIO_DEPTH, load_scenario, parse_scenario, scenarios
from crmcourse.spin.scenario_schema import MAX_SCENARIO_NUMBER, Need, Problem, Question, Scenario, ScenarioError
from crmcourse.spin.simulator import CallError, CallSimulator, CallState, Reply

__all__ = [
    "QUESTION_TYPES",
    "TYPE_NAMES",
    "MOVE_TYPES",
    "CALL_STAGES",
    "STAGES",
    "OUTCOMES",
    "SUCCESSFUL_PROFILE",
    "TYPICAL_PROFILE",
    "FAB_RESPONSES",
    "Guess",
    "classify_question",
    "classify_questions",
    "classifier_report",
    "question_bank",
    "holdout",
    "quiz_feedback",
    "call_plan",
    "plan_balance",
    "plan_checklist",
    "ScenarioError",
    "CallError",
    "Scenario",
    "Question",
    "Problem",
    "Need",
    "load_scenario",
    "parse_scenario",
    "scenarios",
    "Reply",
    "CallState",
    "CallSimulator",
    "replay",
    "call_result",
    "simulate_calls",
]
