"""Hostile input for crmcourse.spin: only CourseDataError (or its subclasses) may escape.

Covers every public helper of the package (``crmcourse.spin.__all__``, the ``CallSimulator``
methods that take arguments, ``crmcourse.spin.plots`` and ``crmcourse.spin.widgets``) with
hostile scalars (None, bools, NaN, ±inf, huge and tiny numbers, integers beyond float range, text,
Chinese, lists, dicts, sets, objects whose methods raise, str subclasses, dates), hostile frames
(empty, duplicate or multi-level columns and indexes, Chinese column names, each column replaced
by each hostile kind, a column dropped, wrong types) and hypothesis-generated scenario files:
YAML documents, the example scenario with fields replaced or characters inserted, raw text and
raw bytes. ``ScenarioError`` and ``CallError`` are ``CourseDataError`` subclasses. When a helper
returns, the answer is checked for the silent wrong answers the old code gave. The number of
calls is printed at the end (run with ``-s`` to see it).
"""
from __future__ import annotations

import collections
import contextlib
import io
import math
import numbers
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import spin
from crmcourse.errors import CourseDataError
from crmcourse.spin import CallError, ScenarioError
from crmcourse.spin import plots as spin_plots
from crmcourse.spin import widgets as spin_widgets

from .strategies import HUGE_INT, Raiser, hostile_frames, hostile_scalars

CALLS: collections.Counter = collections.Counter()
REFUSED: collections.Counter = collections.Counter()
FIRST_REFUSALS: dict[str, str] = {}

EXAMPLES = int(os.environ.get("CRMCOURSE_HOSTILE_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
FEW = settings(max_examples=max(EXAMPLES // 3, 5), deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCENARIO = spin.load_scenario("hospital")
IDS = list(SCENARIO.questions)
NEEDS = list(SCENARIO.needs)
DOCS_EXAMPLE = ((Path(__file__).parents[2] / "docs" / "spin-scenarios.md")
                .read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0])
BANK = spin.question_bank().head(6).reset_index(drop=True)
PLAN = spin.call_plan([("S", "Who services them?"), ("P", "Are repairs slow?"), ("I", "What does a wait cost?"),
                       ("N", "Would faster repairs help?")], objective="a trial")
TRANSCRIPT = spin.replay("hospital", ["s_fleet", "p_repairs", "i_queues", "n_fast_repair"]).transcript()
SIMULATED = spin.simulate_calls("hospital", n=6, seed=1)


def call(name, fn, *args, **kwargs):
    """Run one public helper: it may return or raise CourseDataError; anything else fails the test."""
    CALLS[name] += 1
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return fn(*args, **kwargs)
    except CourseDataError as exc:
        REFUSED[name] += 1
        assert str(exc), f"{name}: an empty message"
        FIRST_REFUSALS.setdefault(name, str(exc)[:160])
        return exc
    except Exception as exc:  # noqa: BLE001 - the point of the test
        raise AssertionError(f"{name} let {type(exc).__name__} escape: {exc}") from exc
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")


def returned(result) -> bool:
    return not isinstance(result, CourseDataError)


@pytest.fixture(scope="module", autouse=True)
def report_calls():
    import matplotlib

    matplotlib.use("Agg")
    yield
    print(f"\nhostile spin calls: {sum(CALLS.values())} ({sum(REFUSED.values())} refused); {dict(CALLS)}")


def _small_or_hostile(limit: int):
    """Hostile scalars, but no whole number that would make the helper do real work above ``limit``."""
    def harmless(v) -> bool:
        return not (isinstance(v, numbers.Integral) and not isinstance(v, bool) and limit < v <= 10 ** 5)
    return st.one_of(st.integers(0, limit), hostile_scalars.filter(harmless))


hostile_lists = st.one_of(st.lists(hostile_scalars, max_size=4),
                          st.lists(st.one_of(st.sampled_from(IDS), hostile_scalars), max_size=6),
                          hostile_scalars)
hostile_mappings = st.one_of(
    hostile_scalars,
    st.dictionaries(st.one_of(st.sampled_from(["S", "P", "I", "N", "s", "pitch", "X", "情况"]), st.integers(0, 3)),
                    hostile_scalars, max_size=5),
    st.builds(lambda d: pd.Series(d, dtype=object), st.dictionaries(st.sampled_from(["S", "P", "I", "N"]),
                                                                      hostile_scalars, max_size=4)),
    st.just(pd.Series([1, 2], index=["S", "S"])),
)


def test_every_public_helper_is_covered():
    helpers = {n for n in spin.__all__ if callable(getattr(spin, n)) and not n.isupper()}
    assert helpers == {
        "Guess", "classify_question", "classify_questions", "classifier_report", "question_bank", "holdout",
        "quiz_feedback", "call_plan", "plan_balance", "plan_checklist", "ScenarioError", "CallError", "Scenario",
        "Question", "Problem", "Need", "load_scenario", "parse_scenario", "scenarios", "Reply", "CallState",
        "CallSimulator", "replay", "call_result", "simulate_calls"}
    assert set(spin_plots.__all__) == {"spin_mix_chart", "spin_call_timeline", "spin_outcome_chart"}
    assert spin_widgets.__all__ == ["spin_simulator"]
    # the error classes are the documented subclasses, and CallError is still a ValueError
    assert issubclass(ScenarioError, CourseDataError) and issubclass(CallError, CourseDataError)
    assert issubclass(CallError, ValueError)


# ----------------------------------------------------------------------------- classifier
@SETTINGS
@given(st.one_of(hostile_scalars, st.text(max_size=50), st.just("would " * 300), st.just("what does " * 200)))
def test_classify_question(text):
    guess = call("classify_question", spin.classify_question, text)
    if returned(guess):
        assert guess.label in spin.QUESTION_TYPES and isinstance(text, str) and str.strip(text)


@SETTINGS
@given(st.one_of(hostile_lists, hostile_frames(BANK)))
def test_classify_questions_and_report(questions):
    table = call("classify_questions", spin.classify_questions, questions)
    if returned(table):
        assert set(table["guess"]) <= set(spin.QUESTION_TYPES)
        assert all(isinstance(q, str) and str.strip(q) for q in table["question"])  # "nan" was classified as S
    report = call("classifier_report", spin.classifier_report, questions)
    if returned(report):
        assert 0 <= report["accuracy"] <= 1 and report["confusion"].to_numpy().sum() == report["n"] > 0


@SETTINGS
@given(st.one_of(hostile_scalars, st.text(max_size=10)), hostile_mappings, st.one_of(st.none(), hostile_frames(BANK)))
def test_question_bank_and_quiz_feedback(industry, labels, bank):
    out = call("question_bank", spin.question_bank, industry)
    if returned(out):
        assert industry is None or set(out["industry"]) == {industry}
    call("quiz_feedback", spin.quiz_feedback, labels)
    call("quiz_feedback", spin.quiz_feedback, {"Q001": "S", "Q002": labels if not isinstance(labels, dict) else "P"},
         bank=bank)
    call("quiz_feedback", spin.quiz_feedback, {labels if isinstance(labels, (str, int)) else "Q001": "S"})


def test_holdout():
    assert len(call("holdout", spin.holdout)) >= 40


# ----------------------------------------------------------------------------- plans
plan_items = st.one_of(
    hostile_lists,
    st.lists(st.one_of(st.tuples(hostile_scalars, st.sampled_from(["Who?", "Is it slow?"])),
                       st.tuples(st.sampled_from(["S", "p", " N "]), hostile_scalars),
                       st.tuples(hostile_scalars, hostile_scalars, hostile_scalars)), max_size=4),
    hostile_frames(PLAN[["type", "question"]]),
)


@SETTINGS
@given(plan_items, hostile_scalars)
def test_call_plan(questions, objective):
    plan = call("call_plan", spin.call_plan, questions)
    if returned(plan):
        assert len(plan) and set(plan["type"]) <= set(spin.QUESTION_TYPES)
    plan = call("call_plan", spin.call_plan, ["Who decides?"], objective=objective)
    if returned(plan):
        assert plan.attrs["objective"] is None or isinstance(plan.attrs["objective"], str)


@SETTINGS
@given(hostile_frames(PLAN), hostile_scalars, _small_or_hostile(10), hostile_scalars)
def test_plan_balance_and_checklist(plan, share, min_questions, objective):
    out = call("plan_balance", spin.plan_balance, plan)
    if returned(out):
        assert out["ok"].map(lambda v: isinstance(v, (bool, np.bool_))).all()
    out = call("plan_balance", spin.plan_balance, PLAN, share)
    if returned(out):
        assert 0 <= float(share) <= 1
    call("plan_checklist", spin.plan_checklist, plan)
    call("plan_checklist", spin.plan_checklist, PLAN, min_questions)
    odd = PLAN.copy()
    odd.attrs["objective"] = objective
    checklist = call("plan_checklist", spin.plan_checklist, odd)
    if returned(checklist) and checklist["has an objective"] == "ok":
        assert isinstance(objective, str) and str.strip(objective)


# ----------------------------------------------------------------------------- scenario files
yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10 ** 30, 10 ** 30), st.floats(allow_nan=True),
              st.text(max_size=12)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children,
                                                                               max_size=4)),
    max_leaves=20)
SCENARIO_DOC = yaml.safe_load(DOCS_EXAMPLE)
FIELD_PATHS = [("id",), ("title",), ("buyer",), ("buyer", "patience"), ("buyer", "time"), ("buyer", "mood"),
               ("facts",), ("facts", 0, "id"), ("problems", 0, "implications"), ("problems", 0, "needs"),
               ("problems", 0, "requires"), ("needs", 0, "develop"), ("effects", "S"), ("effects",),
               ("outcomes", "order"), ("questions",), ("questions", 0, "type"), ("questions", 3, "targets"),
               ("questions", 8, "targets")]


def _replace(path, value):
    doc = yaml.safe_load(DOCS_EXAMPLE)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is Ellipsis:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _insert(position, piece):
    i = position % (len(DOCS_EXAMPLE) + 1)
    return DOCS_EXAMPLE[:i] + piece + DOCS_EXAMPLE[i:]


scenario_texts = st.one_of(
    yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
    st.tuples(st.sampled_from(FIELD_PATHS), st.one_of(yaml_values, st.just(Ellipsis), st.just(float("inf")),
                                                       st.just(10 ** 25), st.just(-1))).map(lambda pv: _replace(*pv)),
    st.tuples(st.integers(0, 10 ** 6), st.one_of(st.text(max_size=4),
                                                 st.sampled_from(["\x00", "\t", ": ", "&a ", "*a", "[", "{", "'",
                                                                  "!!binary ", "1" * 5000, "[" * 400, "- ", "\ufeff",
                                                                  "2025-13-45", "? "]))).map(lambda ip: _insert(*ip)),
    st.text(max_size=60),
    st.binary(max_size=60),
    st.sampled_from(["id: x\x00\n", "a: " + "9" * 5000 + "\n", "[" * 2000 + "]" * 2000, "a: &a [*a]\n",
                     "a: &a [1, 2]\nb: [*a, *a]\n", "x: 2025-13-45\n", "!!python/object:os.system ls\n",
                     "? [1]\n: 2\n", "- a\n- b\n", "", "---\na: 1\n---\nb: 2\n", "x" * 300_000]),
)


@SETTINGS
@given(scenario_texts, st.one_of(st.just("draft.yml"), hostile_scalars))
def test_parse_scenario(text, source):
    sc = call("parse_scenario", spin.parse_scenario, text)
    if returned(sc):
        assert sc.patience >= 1 and math.isfinite(sc.patience) and sc.outcomes["order"] <= len(sc.needs)
        # a loaded scenario plays without crashing
        sim = call("CallSimulator", spin.CallSimulator, sc, seed=0)
        for move in list(sc.questions)[:5]:
            if returned(sim) and not sim.state.ended:
                call("CallSimulator.ask", sim.ask, move)
    call("parse_scenario", spin.parse_scenario, DOCS_EXAMPLE, source)


@SETTINGS
@given(st.one_of(hostile_scalars, st.text(max_size=20), st.binary(max_size=20)))
def test_load_scenario(path):
    sc = call("load_scenario", spin.load_scenario, path)
    if returned(sc):
        assert isinstance(sc, spin.Scenario)


@FEW
@given(st.one_of(scenario_texts.filter(lambda t: isinstance(t, str)), st.binary(max_size=60)))
def test_load_scenario_files(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("scenario") / "draft.yml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    call("load_scenario", spin.load_scenario, path)


def test_scenarios():
    assert call("scenarios", spin.scenarios)["id"].tolist() == ["bank", "hospital", "logistics"]


# ----------------------------------------------------------------------------- the simulator
@SETTINGS
@given(st.one_of(st.sampled_from(["hospital", "bank"]), hostile_scalars), hostile_scalars, hostile_lists,
       st.one_of(st.sampled_from(NEEDS), hostile_scalars))
def test_call_simulator(scenario, seed, moves, need):
    sim = call("CallSimulator", spin.CallSimulator, scenario, seed)
    if not returned(sim) or sim.scenario.id != "hospital":
        sim = spin.CallSimulator(SCENARIO, seed=0)
    for move in moves if isinstance(moves, list) else [moves]:
        call("CallSimulator.ask", sim.ask, move)
        call("CallSimulator.pitch_kind", sim.pitch_kind, move)
    kind = call("CallSimulator.developed", sim.developed, need)
    if returned(kind):
        assert isinstance(kind, bool)
    for method in ("available", "benefits", "question_mix", "needs_tracker", "transcript", "debrief", "end_call",
                   "outcome"):
        call(f"CallSimulator.{method}", getattr(sim, method))
    assert sim.state.outcome in spin.OUTCOMES


@SETTINGS
@given(hostile_lists, hostile_scalars, _small_or_hostile(20))
def test_replay_and_call_result(moves, seed, max_moves):
    sim = call("replay", spin.replay, SCENARIO, moves)
    if returned(sim):
        assert sim.state.turn <= sim.scenario.max_turns
    call("replay", spin.replay, SCENARIO, ["s_fleet"], seed)
    result = call("call_result", spin.call_result, SCENARIO, moves)
    if returned(result) and result is not Ellipsis:
        assert result["outcome"] in spin.OUTCOMES
    result = call("call_result", spin.call_result, SCENARIO, ["p_repairs"], 0, max_moves)
    if returned(result) and max_moves is not None:
        assert result["within limit"] == ("yes" if max_moves >= 1 else "no")


@SETTINGS
@given(_small_or_hostile(3), hostile_scalars, hostile_mappings,
       st.one_of(hostile_scalars, st.tuples(hostile_scalars, hostile_scalars), st.lists(st.integers(-2, 3), max_size=3),
                 st.tuples(st.integers(0, 3), st.integers(0, 3))),
       hostile_scalars)
def test_simulate_calls(n, seed, mix, questions, order_share):
    out = call("simulate_calls", spin.simulate_calls, SCENARIO, n=n)
    if returned(out):
        assert len(out) == n
    call("simulate_calls", spin.simulate_calls, SCENARIO, n=2, seed=seed)
    out = call("simulate_calls", spin.simulate_calls, SCENARIO, n=2, mix=mix)
    if returned(out) and mix is not None:  # the calls ask only the question types the mix gives a weight above 0
        weights = dict(mix.items())
        for t in spin.QUESTION_TYPES:
            if not weights.get(t):
                assert (out[t] == 0).all()
    call("simulate_calls", spin.simulate_calls, SCENARIO, n=2, questions=questions)
    out = call("simulate_calls", spin.simulate_calls, SCENARIO, n=2, order_share=order_share)
    if returned(out):
        assert 0 <= float(order_share) <= 1  # 30 (a percentage) used to mean "always"


# ----------------------------------------------------------------------------- plots and the widget
@FEW
@given(hostile_mappings, st.one_of(st.none(), hostile_scalars), hostile_mappings.filter(lambda m: m is not None),
       hostile_scalars, hostile_scalars)
def test_spin_mix_chart(mix, ax, profile, typical, title):
    call("spin_mix_chart", spin_plots.spin_mix_chart, mix)
    call("spin_mix_chart", spin_plots.spin_mix_chart, {"S": 1}, ax=ax, profile=profile)
    call("spin_mix_chart", spin_plots.spin_mix_chart, {"S": 1}, typical=typical, title=title)


@FEW
@given(hostile_frames(TRANSCRIPT), hostile_frames(SIMULATED), hostile_scalars)
def test_spin_timeline_and_outcome_charts(transcript, calls, title):
    call("spin_call_timeline", spin_plots.spin_call_timeline, transcript)
    call("spin_call_timeline", spin_plots.spin_call_timeline, TRANSCRIPT, title=title)
    call("spin_outcome_chart", spin_plots.spin_outcome_chart, calls)
    call("spin_outcome_chart", spin_plots.spin_outcome_chart, SIMULATED, title=title)


@settings(max_examples=max(EXAMPLES // 5, 4), deadline=None)
@given(st.one_of(st.just("hospital"), hostile_scalars), hostile_scalars, hostile_scalars)
def test_spin_simulator_widget(scenario, seed, show_types):
    call("spin_simulator", spin_widgets.spin_simulator, scenario, seed, show_types)


# ----------------------------------------------------------------------------- what issue 12 found, one by one
def _refusal(fn, *args, **kwargs) -> CourseDataError:
    with pytest.raises(CourseDataError) as err:
        fn(*args, **kwargs)
    return err.value


def test_load_scenario_of_none_names_the_problem():
    err = _refusal(spin.load_scenario, None)
    assert isinstance(err, ScenarioError) and "not a file path or a scenario name" in str(err)
    assert "shipped scenarios: bank, hospital, logistics" in str(err)


def test_scenario_file_with_a_nul_byte(tmp_path):
    path = tmp_path / "nul.yml"
    path.write_bytes(DOCS_EXAMPLE.replace("title:", "title:\x00", 1).encode("utf-8"))
    err = _refusal(spin.load_scenario, path)
    assert isinstance(err, ScenarioError) and err.line == 2 and "U+0000" in str(err) and "Fix:" in str(err)


def test_scenario_with_a_5000_digit_number():
    err = _refusal(spin.parse_scenario, DOCS_EXAMPLE.replace("patience: 6", "patience: " + "9" * 5000),
                   source="big.yml")
    assert isinstance(err, ScenarioError) and err.field == "buyer.patience" and "5,000 digits" in str(err)
    err = _refusal(spin.parse_scenario, DOCS_EXAMPLE.replace("patience: 6", "patience: 1.0e+400"), source="big.yml")
    assert err.field == "buyer.patience" and "inf" in str(err)


@pytest.mark.parametrize("depth", [30, 500, 5000])
def test_deeply_nested_scenario(depth):
    err = _refusal(spin.parse_scenario, "a: " + "[" * depth + "]" * depth + "\n", source="deep.yml")
    assert isinstance(err, ScenarioError) and "nested" in str(err)


def test_scenario_aliases_and_bad_dates_are_refused():
    assert "alias" in str(_refusal(spin.parse_scenario, "a: &a [*a]\n"))
    assert "alias" in str(_refusal(spin.parse_scenario, "a: &x [1]\nb: [*x, *x, *x]\n"))
    assert "cannot be read" in str(_refusal(spin.parse_scenario, "a: 2025-13-45\n"))


@pytest.mark.parametrize("mix", [{"S": 0, "P": 0, "I": 0, "N": 0}, {"S": float("nan"), "P": 1},
                                 {"S": 0.0, "P": float("nan")}, {"S": -1, "P": 1}, {"S": HUGE_INT}])
def test_simulate_calls_bad_mix(mix):
    err = _refusal(spin.simulate_calls, SCENARIO, n=2, mix=mix)
    assert "mix" in str(err) and "Fix:" in str(err)


def test_simulate_calls_mix_at_the_float_limit_keeps_its_ratios():
    huge = spin.simulate_calls("hospital", n=50, seed=2, mix={"S": 1e308, "P": 1e308, "I": 1e308, "N": 1e308})
    assert set(huge["outcome"]) <= set(spin.OUTCOMES)


@pytest.mark.parametrize("questions", [(1, 2, 3), (12, 4), (4,), "4-12", (4.5, 12), (-1, 3), None])
def test_simulate_calls_bad_questions(questions):
    err = _refusal(spin.simulate_calls, SCENARIO, n=2, questions=questions)
    assert "questions" in str(err) and "Fix:" in str(err)
    assert spin.simulate_calls("hospital", n=2, questions=[3, 3])["turns"].ge(1).all()


def test_order_share_as_a_percentage_gets_a_hint():
    assert "divide it by 100" in str(_refusal(spin.simulate_calls, SCENARIO, n=2, order_share=30))


def test_call_errors_stay_value_errors():
    sim = spin.CallSimulator("hospital", seed=0)
    with pytest.raises(ValueError, match="did you mean 's_fleet'"):  # what a notebook may catch
        sim.ask("s_flet")
    with pytest.raises(CourseDataError, match="Fix: scenario.questions_table"):
        sim.ask(Raiser())
    with pytest.raises(CallError, match="not a pitch"):
        sim.pitch_kind("s_fleet")


def test_no_more_silent_wrong_answers():
    # a missing question was classified as "nan" → S, and types outside S/P/I/N were not counted
    assert "not usable text" in str(_refusal(spin.classify_questions, pd.Series(["Who?", None])))
    plan = pd.DataFrame({"type": ["S", "situation", "P"]})
    assert "type other than S, P, I or N" in str(_refusal(spin.plan_balance, plan))
    # labels are read case-insensitively, like call_plan's: "s" is S, not a wrong answer
    frame = spin.holdout().head(10).assign(type=lambda t: t["type"].str.lower())
    assert spin.classifier_report(frame)["accuracy"] == spin.classifier_report(spin.holdout().head(10))["accuracy"]
    # an endless buyer: patience .inf made the widget's patience bar overflow
    assert "finite" in str(_refusal(spin.parse_scenario, DOCS_EXAMPLE.replace("patience: 6", "patience: .inf")))
    # a trailing newline made an id pass the id rule
    assert "an id" in str(_refusal(spin.parse_scenario, DOCS_EXAMPLE.replace("id: print_shop", 'id: "print_shop\\n"')))
    # a question of 100,000 characters took minutes: the classifier reads one question
    assert "1,000" in str(_refusal(spin.classify_question, "would " * 20_000))
