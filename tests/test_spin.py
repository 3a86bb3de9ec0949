"""Module 3 (SPIN): question bank, classifier, call plans, scenario files and the call simulator."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import data, spin
from crmcourse.errors import CourseDataError
from crmcourse.spin import CallError, CallSimulator, ScenarioError
from crmcourse.spin._common import clean_text

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_DIR = ROOT / "data" / "spin" / "scenarios"
SHIPPED = ("bank", "hospital", "logistics")
# data/spin/holdout.csv as written before the classifier's cues existed. It must never be edited
# (nor used to tune the cues): a changed file would make the reported accuracy meaningless.
HOLDOUT_SHA256 = "5511e39295f4cccc2a39ef8f54a489402d5b7dae7e8dd26ad90a8815ba879ac6"


def hospital_doc() -> dict:
    return yaml.safe_load((SCENARIO_DIR / "hospital.yml").read_text(encoding="utf-8"))


def error_for(doc, tmp_path, name="broken.yml") -> ScenarioError:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        spin.load_scenario(path)
    assert isinstance(err.value, CourseDataError)
    return err.value


# ----------------------------------------------------------------------------- question bank
def test_bank_size_industries_and_labels():
    bank = spin.question_bank()
    assert len(bank) >= 150
    assert bank["industry"].nunique() >= 3
    assert set(bank["type"]) == {"S", "P", "I", "N"}
    assert bank.groupby("type").size().min() >= 30
    assert bank["reason"].str.len().min() > 10
    assert bank["question"].str.endswith("?").all()
    assert data.load("spin_questions").shape == bank.shape


def test_bank_by_industry_and_unknown_industry():
    assert set(spin.question_bank("bank")["industry"]) == {"bank"}
    with pytest.raises(CourseDataError, match="use one of"):
        spin.question_bank("airline")


def test_holdout_is_separate_and_unchanged():
    raw = (ROOT / "data" / "spin" / "holdout.csv").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == HOLDOUT_SHA256, "the held-apart set was edited"
    hold, bank = spin.holdout(), spin.question_bank()
    assert len(hold) >= 40 and set(hold["type"]) == {"S", "P", "I", "N"}
    assert not set(hold["question_id"]) & set(bank["question_id"])
    norm = lambda s: s.str.lower().str.strip()  # noqa: E731
    assert not set(norm(hold["question"])) & set(norm(bank["question"]))


# ----------------------------------------------------------------------------- classifier
def test_classifier_accuracy_on_the_held_apart_set():
    report = spin.classifier_report()  # default: the holdout
    assert report["n"] == len(spin.holdout())
    assert report["accuracy"] >= 0.80, report["errors"]
    assert report["confusion"].to_numpy().sum() == report["n"]
    assert len(report["errors"]) == round((1 - report["accuracy"]) * report["n"])


def test_classifier_fits_its_tuning_set_better_than_the_holdout():
    tuned = spin.classifier_report(spin.question_bank())["accuracy"]
    assert tuned >= 0.95
    assert tuned >= spin.classifier_report()["accuracy"]


@pytest.mark.parametrize("text, label", [
    ("How many branches do you run?", "S"),
    ("Is it difficult to keep the forms up to date?", "P"),
    ("What does that delay cost you each month?", "I"),
    ("How useful would a same-day repair be?", "N"),
    ("“Would it help,” she asked, “if repairs took hours?”", "N"),
])
def test_classifier_labels_and_cues(text, label):
    g = spin.classify_question(text)
    assert g.label == label
    assert (g.cue == "") == (label == "S")
    assert all(part in clean_text(text).lower() for part in g.cue.split(" … "))
    assert g.why


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_classifier_rejects_non_text(bad):
    with pytest.raises(CourseDataError, match="question as text"):
        spin.classify_question(bad)


@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
@settings(max_examples=200, deadline=None)
def test_classifier_never_crashes(text):
    assert spin.classify_question(text).label in spin.QUESTION_TYPES


# Every guess (label, cue, why) on the held-apart set, as the classifier gave them before it read
# Chinese (issue 15): the Chinese cues must not change a single English guess.
HOLDOUT_GUESSES_SHA256 = "d7a77f6f723f232791170b3c626b469311518d505365439728b6b4d2918a5e0b"


def test_english_guesses_unchanged_by_the_chinese_cues(monkeypatch):
    import json

    from crmcourse import i18n

    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setitem(i18n._STATE, "language", None)
    questions = spin.holdout()["question"].tolist()
    rows = [list(spin.classify_question(q)) for q in questions]
    assert hashlib.sha256(json.dumps(rows).encode()).hexdigest() == HOLDOUT_GUESSES_SHA256
    # in Chinese only the why may change: the label and the cue stay those of the English rules
    bank = spin.question_bank()["question"].tolist()
    english = [spin.classify_question(q)[:2] for q in bank]
    monkeypatch.setitem(i18n._STATE, "language", "zh")
    assert [spin.classify_question(q)[:2] for q in bank] == english


def test_quiz_feedback():
    t = spin.quiz_feedback({"Q001": "s", "Q017": "P"})
    assert t["right"].tolist() == [True, False]
    assert {"reason", "classifier", "cue"} <= set(t.columns)
    with pytest.raises(CourseDataError, match="no question 'Q999'"):
        spin.quiz_feedback({"Q999": "S"})
    assert spin.quiz_feedback({"Q001": ...}) is None


# ----------------------------------------------------------------------------- call plans
def test_call_plan_and_balance():
    plan = spin.call_plan([
        ("S", "Who services the printers?"),
        "Are you happy with how fast repairs are done?",
        "What happens to the queue when a printer is down?",
        "Would it help if repairs took four hours?",
    ], objective="a one-month trial")
    assert plan["type"].tolist() == ["S", "P", "I", "N"]
    assert plan.attrs["objective"] == "a one-month trial"
    assert spin.plan_balance(plan)["ok"].all()


def test_unbalanced_plans_fail_the_right_rules():
    heavy = spin.call_plan([("S", "a"), ("S", "b"), ("S", "c"), ("P", "d")])
    result = spin.plan_balance(heavy).set_index("rule")["ok"]
    assert not result["few situation questions"]
    assert not result["develops each problem"] and not result["lets the buyer state the value"]
    early = spin.call_plan([("N", "a"), ("P", "b"), ("I", "c")])
    assert not spin.plan_balance(early).set_index("rule").loc["problem before development", "ok"]


@pytest.mark.parametrize("bad, match", [
    ([], "no questions"), ("just text", "list of questions"), ([("X", "q")], "unknown type"),
    ([("S", "")], "no question text"), ([42], "cannot read"),
])
def test_call_plan_errors(bad, match):
    with pytest.raises(CourseDataError, match=match):
        spin.call_plan(bad)


# ----------------------------------------------------------------------------- scenario files
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenarios_load_through_the_package(name):
    path = data.data_path(f"spin/scenarios/{name}.yml")
    assert path.is_file()
    sc = spin.load_scenario(path)
    assert sc.id == name and sc.source == f"data/spin/scenarios/{name}.yml"
    kinds = {q.type for q in sc.questions.values()}
    assert kinds == set(spin.MOVE_TYPES)
    assert len(sc.problems) >= 3 and len(sc.needs) >= 3
    assert spin.load_scenario(name).questions == sc.questions


def test_scenarios_lists_the_shipped_files():
    table = spin.scenarios()
    assert table["id"].tolist() == list(SHIPPED)
    assert set(table["industry"]) == {"hospital", "logistics", "bank"}


def test_a_copied_scenario_loads(tmp_path):
    """A trainer adds a scenario by copying a file and editing it."""
    copy = tmp_path / "my_school.yml"
    shutil.copy(SCENARIO_DIR / "hospital.yml", copy)
    copy.write_text(copy.read_text(encoding="utf-8").replace("id: hospital", "id: my_school"), encoding="utf-8")
    sc = spin.load_scenario(copy)
    assert sc.id == "my_school" and sc.source == "my_school.yml"


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    text = (SCENARIO_DIR / "hospital.yml").read_text(encoding="utf-8").splitlines()
    lineno = next(i for i, line in enumerate(text) if line.startswith("  person:")) + 1
    text[lineno - 1] = "  person: Han Jingyan: Operations Manager"  # an unquoted ': '
    path = tmp_path / "hospital.yml"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        spin.load_scenario(path)
    assert err.value.line == lineno
    assert f"hospital.yml, line {lineno}" in str(err.value) and "not valid YAML" in str(err.value)
    assert "quotes" in str(err.value)


def test_unclosed_quote_points_where_it_opened():
    with pytest.raises(ScenarioError) as err:
        spin.parse_scenario('id: x\ntitle: "never closed\nbuyer: {}\n', source="draft.yml")
    assert err.value.line == 2


def test_missing_field_names_path_and_line(tmp_path):
    doc = hospital_doc()
    del doc["problems"][2]["implications"]
    err = error_for(doc, tmp_path)
    assert err.field == "problems[2].implications"
    assert "broken.yml" in str(err) and "is missing" in str(err) and "expected a list of implications" in str(err)
    written = (tmp_path / "broken.yml").read_text(encoding="utf-8").splitlines()
    assert err.line is not None and "privacy" in "\n".join(written[err.line - 1: err.line + 1])


@pytest.mark.parametrize("edit, field, words", [
    (lambda d: d.pop("outcomes"), "outcomes", "is missing"),
    (lambda d: d["buyer"].pop("patience"), "buyer.patience", "is missing"),
    (lambda d: d["buyer"].update(patience="lots"), "buyer.patience", "expected a number"),
    (lambda d: d["questions"][3].update(type="Q"), "questions[3].type", "unknown question type 'Q'"),
    (lambda d: d["questions"][3].update(type="Situation"), "questions[3].type", "did you mean 'S'"),
    (lambda d: d["questions"][12].update(targets="queue"), "questions[12].targets", "did you mean 'queues'"),
    (lambda d: d["questions"][7].update(targets="slow_repair"), "questions[7].targets", "not a problem id"),
    (lambda d: d["problems"][0].update(needs=["fast_fix"]), "problems[0].needs[0]", "not a need id"),
    (lambda d: d["problems"][1].update(requires=["fleet_size"]), "problems[1].requires[0]", "not a fact id"),
    (lambda d: d["problems"][0].update(implicatons=[]), "problems[0].implicatons", "did you mean 'implications'"),
    (lambda d: d["problems"][0]["implications"].append({"id": "fleet", "text": "x"}),
     "problems[0].implications[3]", "used twice"),
    (lambda d: d["questions"][-1].update(targets="contract"), "questions[32].targets", "'advance' or 'order'"),
    (lambda d: d["questions"][12].pop("targets"), "questions[12].targets", "is missing"),
    (lambda d: d["questions"][0].pop("targets"), "questions[0].reply", "is missing"),
    (lambda d: d["outcomes"].update(order=0), "outcomes.order", "at least 1"),
    (lambda d: d["outcomes"].update(advance=3, order=2), "outcomes.order", "fewer than outcomes.advance"),
    (lambda d: d["outcomes"].update(order=9), "outcomes.order", "defines 4"),
    (lambda d: d["needs"][3].update(develop=5), "needs[3].develop", "at most 2"),
    (lambda d: d.update(facts=[]), "facts", "an empty list"),
    (lambda d: d["facts"][0].update(text=""), "facts[0].text", "non-empty text"),
    (lambda d: d["facts"][0].update(id="2nd fact"), "facts[0].id", "an id"),
    (lambda d: d.update(questions=[q for q in d["questions"] if q["type"] != "close"]), "questions",
     "no question of type close"),
    (lambda d: d["effects"].pop("N"), "effects.N", "is missing"),
    (lambda d: d.update(buyer=["x"]), "buyer", "a mapping"),
])
def test_schema_errors_name_the_field(tmp_path, edit, field, words):
    doc = hospital_doc()
    edit(doc)
    err = error_for(doc, tmp_path)
    assert err.field == field, str(err)
    assert words in str(err), str(err)
    assert f"field {field}" in str(err) and str(err).startswith("broken.yml, line ")
    assert "Fix:" in str(err)


def test_need_linked_to_no_problem(tmp_path):
    doc = hospital_doc()
    doc["problems"][3]["needs"] = ["secure_print"]
    err = error_for(doc, tmp_path)
    assert err.field == "needs[3]" and "linked to no problem" in str(err)


def test_duplicate_key_and_empty_and_missing_files(tmp_path):
    with pytest.raises(ScenarioError, match=r"line 3, field id: the key 'id' appears twice \(first on line 1\)"):
        spin.parse_scenario("id: a\ntitle: t\nid: b\n", source="dup.yml")
    with pytest.raises(ScenarioError, match="empty.yml: the file is empty"):
        spin.parse_scenario("# nothing here\n", source="empty.yml")
    with pytest.raises(ScenarioError, match="file not found.*shipped scenarios: bank, hospital, logistics"):
        spin.load_scenario(tmp_path / "nope.yml")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        (tmp_path / "latin.yml").write_bytes("id: caf\xe9\n".encode("latin-1"))
        spin.load_scenario(tmp_path / "latin.yml")
    with pytest.raises(ScenarioError, match="expected YAML text"):
        spin.parse_scenario(None)


def test_top_level_list_is_rejected():
    with pytest.raises(ScenarioError, match="expected the scenario"):
        spin.parse_scenario("- a\n- b\n", source="list.yml")


# ----------------------------------------------------------------------------- simulator: bad moves
def test_unknown_question_id():
    sim = CallSimulator("hospital", seed=0)
    with pytest.raises(CallError, match=r"no question 's_flet' in scenario 'hospital' \(did you mean 's_fleet'\?\)"):
        sim.ask("s_flet")
    with pytest.raises(CallError, match="no question 7"):
        sim.ask(7)
    assert sim.state.turn == 0 and not sim.history


def test_asking_after_the_call_ended():
    sim = CallSimulator("hospital", seed=0)
    sim.ask("c_trial")
    with pytest.raises(CallError, match="the call has ended"):
        sim.ask("s_fleet")
    assert sim.end_call() == sim.outcome() == sim.state.outcome
    assert sim.available() == []


def test_pitch_kind_of_a_non_pitch():
    with pytest.raises(CallError, match="not a pitch"):
        CallSimulator("hospital").pitch_kind("s_fleet")


# ----------------------------------------------------------------------------- simulator: rules
def test_deterministic_replay():
    moves = ["s_fleet", "p_repairs", "i_queues", "p_quality", "s_hours", "n_fast_repair", "i_audit", "f_speed", "c_visit"]
    a = spin.replay("hospital", moves, seed=11)
    b = spin.replay("hospital", moves, seed=11)
    assert a.history == b.history and a.state == b.state
    pd.testing.assert_frame_equal(a.transcript(), b.transcript())


def test_seed_sets_the_buyers_mood():
    starts = {CallSimulator("hospital", seed=s).state.patience for s in range(30)}
    assert starts == {7.0, 8.0, 9.0}


def test_situation_only_call_never_ends_in_an_order():
    for close in ("c_order", "c_trial"):
        sim = spin.replay("hospital", ["s_fleet", "s_support", "s_volume", "s_contracts", "s_buying", close])
        assert sim.outcome() == "no-sale"
        assert sim.state.situation_asked == 5 and not sim.state.implied_needs


def test_situation_questions_tire_the_buyer():
    sim = CallSimulator("hospital", seed=0)
    drops = []
    for q in ["s_fleet", "s_support", "s_volume", "s_contracts", "s_buying", "s_budget", "s_hours"]:
        before = sim.state.patience
        r = sim.ask(q)
        drops.append(before - r.patience)
        if r.ended:
            break
    assert drops[:3] == [1.0, 1.0, 1.0] and drops[3] == 1.5  # fatigue after three
    assert sim.state.ended and sim.state.outcome == "no-sale"
    assert "ran out of patience" in sim.state.reason


def test_problem_then_implication_then_need_payoff_gives_an_explicit_need():
    sim = CallSimulator("hospital", seed=0)
    assert sim.ask("i_queues").revealed == ()                  # no problem admitted yet: a misfire
    assert sim.ask("n_fast_repair").revealed == ()              # no need yet
    assert sim.ask("p_repairs").revealed == ("implied need: slow_repairs",)
    lukewarm = sim.ask("n_fast_repair")                          # a repeat: asked before
    assert lukewarm.revealed == ()
    sim2 = CallSimulator("hospital", seed=0)
    sim2.ask("p_repairs")
    assert sim2.ask("n_fast_repair").revealed == ()              # problem not developed: lukewarm
    sim2.ask("i_queues")
    assert sim2.ask("n_fast_repair").revealed == ()              # asked already: a repeat
    sim3 = spin.replay("hospital", ["p_repairs", "i_queues", "n_fast_repair"])
    assert sim3.state.explicit_needs == ["fast_repair"]


def test_need_with_develop_two_needs_both_implications():
    sim = spin.replay("hospital", ["s_budget", "p_overview", "i_budget_fights"])
    assert sim.ask("n_report").revealed == ()
    sim = spin.replay("hospital", ["s_budget", "p_overview", "i_budget_fights", "i_overspend", "n_report"])
    assert sim.state.explicit_needs == ["cost_report"]


def test_problem_that_requires_a_fact():
    sim = CallSimulator("hospital", seed=0)
    assert sim.ask("p_toner").revealed == ()
    sim.ask("s_fleet")
    # asking again is a repeat, so use a fresh call to show the fact opens the problem up
    sim = spin.replay("hospital", ["s_fleet", "p_toner"])
    assert sim.state.implied_needs == ["toner_chaos"]


def test_fab_responses():
    sim = CallSimulator("hospital", seed=0)
    assert sim.ask("f_speed").revealed == ("price concern",)          # feature
    assert sim.ask("b_fast_repair").revealed == ("objection",)          # advantage: need not explicit
    sim = spin.replay("hospital", ["p_repairs", "i_queues", "n_fast_repair"])
    assert sim.pitch_kind("b_fast_repair") == "benefit"
    r = sim.ask("b_fast_repair")
    assert r.revealed == ("approval: fast_repair",) and r.stage == "demonstrating capability"
    assert sim.state.approved == ["fast_repair"]


ORDER_CALL = ["p_repairs", "i_queues", "n_fast_repair", "p_privacy", "i_audit", "n_secure",
              "s_fleet", "p_toner", "i_ward_stops", "n_supplies", "b_fast_repair", "b_secure", "c_order"]


def test_a_call_that_reaches_explicit_needs_can_end_in_an_order():
    sim = spin.replay("hospital", ORDER_CALL)
    assert len(sim.state.explicit_needs) == 3
    assert sim.outcome() == "order"
    assert sim.history[-1].stage == "obtaining commitment"


def test_order_needs_an_approved_benefit_and_enough_needs():
    no_benefit = [m for m in ORDER_CALL if not m.startswith("b_")]
    assert spin.replay("hospital", no_benefit).outcome() == "continuation"
    too_early = ["p_repairs", "i_queues", "n_fast_repair", "b_fast_repair", "c_order"]
    sim = spin.replay("hospital", too_early)
    assert sim.outcome() == "continuation" and "Pressure" in sim.state.reason
    assert spin.replay("hospital", too_early[:-1] + ["c_trial"]).outcome() == "advance"


def test_advance_threshold_differs_by_scenario():
    # the bank wants two explicit needs before any next step
    one = ["p_passbook", "i_queues", "n_swap", "c_pilot"]
    assert spin.replay("bank", one).outcome() == "continuation"
    two = ["p_passbook", "i_queues", "n_swap", "s_forms", "p_forms", "i_redo", "n_forms", "c_pilot"]
    assert spin.replay("bank", two).outcome() == "advance"


def test_leaving_or_running_out_of_time():
    assert CallSimulator("logistics", seed=0).end_call() == "no-sale"
    sim = spin.replay("logistics", ["p_dispatch"])
    assert sim.end_call() == "continuation"
    sim = CallSimulator("hospital", seed=0)
    moves = ["p_repairs", "i_queues", "i_complaints", "i_it_time", "p_privacy", "i_audit", "i_wrong_hands",
             "n_secure", "n_fast_repair", "p_quality", "s_fleet", "p_toner", "i_ward_stops", "i_waste", "n_supplies",
             "b_secure", "b_supplies"]
    for m in moves:
        if sim.state.ended:
            break
        sim.ask(m)
    assert sim.state.ended and sim.state.turn == sim.scenario.max_turns
    assert sim.state.outcome == "continuation" and "Time was up" in sim.state.reason


def test_reports():
    sim = spin.replay("hospital", ["s_fleet", "p_repairs", "i_queues", "n_fast_repair"])
    assert sim.question_mix()[["S", "P", "I", "N"]].tolist() == [1, 1, 1, 1]
    tracker = sim.needs_tracker().set_index("id")["status"]
    assert tracker["slow_repairs"] == "developed" and tracker["fast_repair"] == "explicit"
    assert tracker["privacy"] == "hidden"
    t = sim.transcript()
    assert t["turn"].tolist() == [1, 2, 3, 4] and t["stage"].iloc[-1] == "investigating"
    d = sim.debrief()
    assert d["outcome"] == "continuation" and d["explicit_needs"] == ["fast_repair"]
    assert d["mix"]["your share"].sum() == pytest.approx(1.0)


def test_simulate_calls_is_seeded_and_rewards_development():
    a = spin.simulate_calls("hospital", n=300, seed=5)
    pd.testing.assert_frame_equal(a, spin.simulate_calls("hospital", n=300, seed=5))
    assert set(a["outcome"]) <= set(spin.OUTCOMES)
    developed = a[(a["I"] + a["N"]) >= 3]["outcome"].isin(["advance", "order"]).mean()
    little = a[(a["I"] + a["N"]) <= 1]["outcome"].isin(["advance", "order"]).mean()
    assert developed > little
    good = spin.simulate_calls("hospital", n=300, seed=5, mix=spin.SUCCESSFUL_PROFILE)
    poor = spin.simulate_calls("hospital", n=300, seed=5, mix=spin.TYPICAL_PROFILE)
    assert good["outcome"].isin(["advance", "order"]).mean() > poor["outcome"].isin(["advance", "order"]).mean()
    with pytest.raises(CourseDataError, match="mix"):
        spin.simulate_calls("hospital", n=1, mix={"X": 1})


# ----------------------------------------------------------------------------- simulator: any sequence
_SCENARIOS = {name: spin.load_scenario(name) for name in SHIPPED}


@st.composite
def calls(draw):
    name = draw(st.sampled_from(SHIPPED))
    ids = list(_SCENARIOS[name].questions)
    moves = draw(st.lists(st.sampled_from(ids), max_size=30))
    seed = draw(st.integers(min_value=0, max_value=2**31 - 1))
    return name, moves, seed


@given(calls())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_sequence_never_crashes_and_ends_in_an_outcome(call):
    name, moves, seed = call
    sc = _SCENARIOS[name]
    sim = CallSimulator(sc, seed=seed)
    for move in moves:
        if sim.state.ended:
            with pytest.raises(CallError):
                sim.ask(move)
            break
        r = sim.ask(move)
        assert r.stage in spin.STAGES and r.turn == len(sim.history)
    st_ = sim.state
    assert st_.turn <= sc.max_turns
    # explicit needs only come from admitted problems; approvals only for explicit needs
    for need in st_.explicit_needs:
        assert any(p in st_.implied_needs for p in sc.needs[need].problems)
    assert set(st_.approved) <= set(st_.explicit_needs)
    outcome = sim.outcome()
    assert outcome in spin.OUTCOMES and st_.ended and st_.reason
    if not any(sc.questions[m].type in ("P",) for m in moves):
        assert outcome != "order"
    if outcome == "order":
        assert len(st_.explicit_needs) >= sc.outcomes["order"] and st_.approved
    if outcome == "advance":
        assert len(st_.explicit_needs) >= sc.outcomes["advance"]


@given(st.sampled_from(SHIPPED), st.integers(0, 10_000), st.data())
@settings(max_examples=150, deadline=None)
def test_situation_only_calls_never_end_in_an_order(name, seed, draw):
    sc = _SCENARIOS[name]
    situation = [q for q, v in sc.questions.items() if v.type == "S"]
    closes = [q for q, v in sc.questions.items() if v.type == "close"]
    moves = draw.draw(st.lists(st.sampled_from(situation), max_size=12)) + [draw.draw(st.sampled_from(closes))]
    assert spin.replay(sc, moves, seed=seed).outcome() in ("no-sale", "continuation")
    assert spin.replay(sc, moves, seed=seed).outcome() == "no-sale"


# ----------------------------------------------------------------------------- widget and plots
def test_widget_plays_a_call():
    from crmcourse.spin.widgets import spin_simulator

    box = spin_simulator("hospital", seed=0)
    header, status, controls, types, panes, result, chart = box.children
    choose, ask, end, new = controls.children
    assert "Ruixiang TCM Hospital" in header.value
    for move in ("p_repairs", "i_queues", "n_fast_repair", "b_fast_repair", "c_trial"):
        choose.value = move
        ask.click()
    assert "crmcourse-spin-outcome" in result.value and "advance" in result.value
    assert ask.disabled and end.disabled and chart.value[:4] == b"\x89PNG"
    assert "benefit approved" in panes.children[1].value and "approval: fast_repair" in panes.children[0].value
    assert choose.options[0][0].startswith("[S]")
    types.value = False
    assert not choose.options[0][0].startswith("[")
    new.click()
    assert not ask.disabled and result.value == "" and "turn 0" in status.value


def test_plots_return_axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crmcourse.spin import plots

    sim = spin.replay("hospital", ORDER_CALL)
    ax = plots.spin_mix_chart(sim.question_mix(), typical=True)
    assert len(ax.patches) == 12
    ax = plots.spin_call_timeline(sim.transcript())
    assert ax.get_ylabel() == "buyer's patience"
    ax = plots.spin_outcome_chart(spin.simulate_calls("bank", n=30, seed=1))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(spin.OUTCOMES)
    ax = plots.spin_mix_chart({"S": 0, "P": 0, "I": 0, "N": 0})
    assert "no questions" in ax.get_title()
    plt.close("all")


def test_the_example_in_the_docs_loads_and_plays():
    text = (ROOT / "docs" / "spin-scenarios.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    sc = spin.parse_scenario(example, source="docs example")
    assert sc.id == "print_shop"
    sim = spin.replay(sc, ["s_copiers", "p_jams", "i_late", "n_reliable", "b_service", "c_order"])
    assert sim.outcome() == "order"
    assert spin.replay(sc, ["s_staff", "c_order"]).outcome() == "no-sale"


def test_call_result_for_exercises(capsys):
    r = spin.call_result("logistics", ["s_routes", "p_signal", "i_missed", "n_coverage", "b_coverage", "c_pilot"],
                         max_moves=5)
    assert r == {"outcome": "advance", "explicit needs": 1, "benefit approved": "yes", "moves": 6, "within limit": "no"}
    assert capsys.readouterr().out.startswith("advance in 6 moves (1 explicit need, 1 benefit approved).")
    assert spin.call_result("logistics", ...) is Ellipsis
    with pytest.raises(CallError, match="ended at move 1 .* remove the 1 move"):
        spin.call_result("hospital", ["c_trial", "s_fleet"])
    with pytest.raises(CallError, match="did you mean 's_fleet'"):
        spin.call_result("hospital", ["s_fleat"])
    with pytest.raises(CallError, match="list of question ids"):
        spin.call_result("hospital", "s_fleet")


def test_plan_checklist():
    good = spin.call_plan([("S", "a"), ("P", "b"), ("I", "c"), ("I", "d"), ("N", "e"), ("P", "f"), ("I", "g")],
                          objective="a site visit")
    assert set(spin.plan_checklist(good).values()) == {"ok"}
    assert spin.plan_checklist(spin.call_plan([("P", "b"), ("I", "c")]), min_questions=2)["has an objective"] == "fails"
    assert spin.plan_checklist(...) is Ellipsis


# ----------------------------------------------------------------------------- the package's shape
def test_import_spin_stays_light():
    """pandas, numpy, yaml, matplotlib and ipywidgets load only when a helper that needs them runs."""
    code = ("import sys, crmcourse.spin; print(','.join(m for m in ('pandas', 'numpy', 'yaml', 'matplotlib', "
            "'ipywidgets') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "", f"import crmcourse.spin imported {done.stdout.strip()}"


def test_constants_have_one_home_and_the_old_names_still_work():
    from crmcourse import constants

    assert spin.QUESTION_TYPES is constants.SPIN_TYPES and spin.TYPE_NAMES is constants.SPIN_TYPE_NAMES
    # call stages (Rackham) are not sales stages (SuiteCRM): two names for two things, the old one kept
    assert spin.STAGES is spin.CALL_STAGES and not set(spin.CALL_STAGES) & set(constants.SALES_STAGES)
    for name in spin.__all__:
        assert getattr(spin, name) is not None


def test_error_classes_keep_their_contracts():
    assert issubclass(ScenarioError, CourseDataError) and issubclass(CallError, CourseDataError)
    assert issubclass(CallError, ValueError)  # notebooks that catch ValueError keep working
    assert ScenarioError.__module__ == CallError.__module__ == "crmcourse.spin"
