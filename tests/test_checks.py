"""check() must never raise, never show the answer, and give specific feedback."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmcourse import checks
from crmcourse.errors import CourseDataError
from crmcourse.checks import (ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise,
                              ValueExercise, answer_hash, check, evaluate)

H = answer_hash


class ExplodingEq:
    def __eq__(self, other):
        raise RuntimeError("comparison exploded")

    def __hash__(self):
        raise RuntimeError("hash exploded")

    def __repr__(self):
        raise RuntimeError("repr exploded")

    def __float__(self):
        raise RuntimeError("float exploded")


@pytest.fixture()
def registered(monkeypatch):
    """A private set of exercises registered for the test only."""
    exercises = [
        NumberExercise(id="t_num", title="n", hint="divide b by a", expected=0.25, rel_tol=1e-3),
        NumberExercise(id="t_num_pct", title="n", hint="h", expected=0.25, percent=True),
        ChoiceExercise(id="t_choice", title="c", hint="think of zones",
                       options=("low", "mid", "high"), answer=H("t_choice", "high"),
                       feedback={H("t_choice", "mid"): "mid is for ratios near 1."}),
        ItemsExercise(id="t_items", title="i", hint="h", options=("a", "b", "c", "d"),
                      answer=tuple(H("t_items", x) for x in ("a", "c"))),
        ItemsExercise(id="t_order", title="o", hint="h", options=("a", "b", "c"),
                      answer=tuple(H("t_order", x) for x in ("c", "a", "b")), ordered=True),
        MappingExercise(id="t_map", title="m", hint="h", options=("A", "O", "M"),
                        answer={"wifi": H("t_map", "M"), "gift": H("t_map", "A")}),
        ValueExercise(id="t_series", title="s", hint="h",
                      expected=lambda: pd.Series([1.0, 2.0, 3.0], index=["x", "y", "z"])),
    ]
    for ex in exercises:
        monkeypatch.setitem(checks.REGISTRY, ex.id, ex)
    checks.reset_results()
    yield
    checks.reset_results()


LEARNER_VALUES = [None, ..., "", "   ", [], {}, [...], {"wifi": ...}, 0, -1, 1e300, float("nan"),
                  float("inf"), True, "abc", "0.25", b"bytes", object(), ExplodingEq(),
                  [ExplodingEq()], {"wifi": ExplodingEq()}, pd.DataFrame({"a": [1]}),
                  pd.Series([0.25]), np.array([1, 2]), np.float32(0.25), complex(1, 2), print,
                  pd.NA, pd.NaT, {1, 2}, (1,)]


@pytest.mark.parametrize("exercise", ["t_num", "t_num_pct", "t_choice", "t_items", "t_order",
                                      "t_map", "t_series", "m0_demo_ratio", "no_such_id"])
@pytest.mark.parametrize("answer", LEARNER_VALUES, ids=lambda v: type(v).__name__)
def test_check_never_raises_and_reports_a_status(registered, capsys, exercise, answer):
    check(exercise, answer)
    out = capsys.readouterr().out
    assert out.strip(), "check printed nothing"
    result = evaluate(exercise, answer)
    assert result.status in checks.STATUSES
    assert result.exercise in out


@pytest.mark.parametrize("answer", [None, ..., "", [], {}, [...]])
def test_placeholder_answers_are_not_answered_yet(registered, answer):
    for exercise in ("t_num", "t_choice", "t_items", "t_map"):
        r = evaluate(exercise, answer)
        assert r.status == "unanswered", (exercise, answer, r)
        assert "not answered yet" in r.text()


def test_exploding_object_is_reported_not_raised(registered):
    r = evaluate("t_choice", ExplodingEq())
    assert r.status == "incorrect"
    assert "ExplodingEq" in r.message
    r = evaluate("t_series", ExplodingEq())
    assert r.status == "incorrect"


@given(st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                 st.lists(st.text(max_size=5), max_size=5),
                 st.dictionaries(st.text(max_size=5), st.one_of(st.text(max_size=5), st.integers()), max_size=4)))
@settings(max_examples=300, deadline=None)
def test_no_input_makes_evaluate_raise(answer):
    exercises = [
        NumberExercise(id="h_num", title="n", hint="h", expected=0.25),
        ChoiceExercise(id="h_choice", title="c", hint="h", options=("x", "y"), answer=H("h_choice", "x")),
        ItemsExercise(id="h_items", title="i", hint="h", answer=(H("h_items", "x"),)),
        MappingExercise(id="h_map", title="m", hint="h", options=("A",), answer={"k": H("h_map", "A")}),
    ]
    try:
        for ex in exercises:
            checks.REGISTRY[ex.id] = ex
            result = evaluate(ex.id, answer)
            assert result.status in checks.STATUSES
    finally:
        for ex in exercises:
            checks.REGISTRY.pop(ex.id, None)


def test_number_feedback_is_specific(registered):
    assert evaluate("t_num", 0.25).status == "correct"
    assert evaluate("t_num", 0.2502).status == "correct"
    assert "100 times" in evaluate("t_num", 25).message
    assert "sign" in evaluate("t_num", -0.25).message
    assert "too high" in evaluate("t_num", 0.9).message
    assert "too low" in evaluate("t_num", 0.01).message
    assert "Close" in evaluate("t_num", 0.254).message
    assert "without quotes" in evaluate("t_num", "0.25").message
    assert "NaN" in evaluate("t_num", float("nan")).message
    assert evaluate("t_num", np.float32(0.25)).status == "correct"
    assert evaluate("t_num", pd.Series([0.25])).status == "correct"
    assert evaluate("t_num", True).status == "incorrect"
    assert evaluate("t_num_pct", 25).status == "correct"


def test_choice_feedback(registered):
    assert evaluate("t_choice", " HIGH ").status == "correct"
    r = evaluate("t_choice", "mid")
    assert r.status == "incorrect" and r.message == "mid is for ratios near 1."
    r = evaluate("t_choice", "huge")
    assert "not one of the options" in r.message and "'low', 'mid', 'high'" in r.message


def test_items_and_order_feedback(registered):
    assert evaluate("t_items", ["c", "a"]).status == "correct"
    r = evaluate("t_items", ["a", "b"])
    assert r.status == "incorrect" and "1 of your 2 items are right" in r.message and "1 missing" in r.message
    assert r.score == pytest.approx(1 / 3)
    assert "repeats" in evaluate("t_items", ["a", "a"]).message
    assert evaluate("t_order", ["c", "a", "b"]).status == "correct"
    assert "1 of 3 are in the right position" in evaluate("t_order", ["c", "b", "a"]).message


def test_mapping_feedback_counts_right_keys_without_naming_the_wrong_ones(registered):
    # Naming the wrong keys let a 3-4 option mapping be brute-forced in a few tries (issue 14).
    assert evaluate("t_map", {"wifi": "M", "gift": "A"}).status == "correct"
    assert evaluate("t_map", pd.Series({"wifi": "m", "gift": "a"})).status == "correct"
    r = evaluate("t_map", {"wifi": "O", "gift": "A"})
    assert r.status == "incorrect" and "1 of 2 right" in r.message and "wifi" not in r.message
    assert "no entry for 'gift'" in evaluate("t_map", {"wifi": "M"}).message


def test_value_exercise(registered):
    good = pd.Series([1.0, 2.0, 3.0], index=["x", "y", "z"])
    assert evaluate("t_series", good).status == "correct"
    assert evaluate("t_series", good.iloc[::-1]).status == "correct"  # order of rows does not matter
    assert "1 of 3 values differ" in evaluate("t_series", good.replace(3.0, 4.0)).message
    assert "2 rows" in evaluate("t_series", good.head(2)).message
    assert "index" in evaluate("t_series", good.set_axis(["a", "b", "c"])).message


def _expected_texts(exercise_id):
    """Every representation of the right answer a leak could show."""
    ex = checks.get_exercise(exercise_id)
    if isinstance(ex, NumberExercise):
        v = ex.reference()
        return {repr(v), f"{v:g}", f"{v:.2f}"}
    return set()


@pytest.mark.parametrize("answer", [0.1, 0.24, 25, -0.25, "x", None, 0.5])
def test_number_feedback_never_shows_the_expected_value(registered, answer):
    text = evaluate("t_num", answer).text()
    for shown in _expected_texts("t_num"):
        assert shown not in text


def test_choice_feedback_never_names_the_right_option(registered):
    for answer in ("low", "mid", 3, None):
        r = evaluate("t_choice", answer)
        if r.status != "correct":
            assert "'high'" not in r.message or "not one of the options" in r.message or "Expected one" in r.message


def test_results_are_recorded_for_the_grader(registered, capsys):
    check("t_num", 0.25)
    check("t_choice", "low")
    check("t_choice", "high")  # latest attempt wins
    table = checks.results().set_index("exercise")
    assert table.loc["t_num", "status"] == "correct"
    assert table.loc["t_choice", "status"] == "correct"
    checks.progress()
    assert "2 of 2 checked exercises correct" in capsys.readouterr().out


def test_notebook_record_round_trip(registered):
    import nbformat

    result = evaluate("t_choice", "mid")
    out = nbformat.v4.new_output("display_data", data={checks.RECORD_MIME: result.record(),
                                                      "text/plain": result.text()})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("check()", outputs=[out])])
    assert checks.records_from_notebook(nb) == [{"exercise": "t_choice", "status": "incorrect",
                                                 "score": 0.0, "points": 1}]


def test_every_declared_exercise_is_well_formed():
    exercises = checks.all_exercises()
    assert exercises, "no exercises declared"
    ids = [e.id for e in exercises]
    assert len(ids) == len(set(ids))
    for ex in exercises:
        assert ex.hint and ex.title, ex.id
        prefix = ex.id.split("_", 1)[0]
        assert type(ex).__module__ in ("crmcourse.checks.kinds", "crmcourse.checks.written")
        assert checks.get_exercise(ex.id) is ex
        assert prefix in {"m0", "m1", "m2", "m3", "m4", "m5", "m6", "cap"}, ex.id
        if isinstance(ex, ChoiceExercise) and ex.options:
            # exactly one option hashes to the stored answer
            assert sum(H(ex.id, o) == ex.answer for o in ex.options) == 1, ex.id
        if isinstance(ex, NumberExercise):
            assert math.isfinite(ex.reference()), ex.id


# ------------------------------------------------------------------ exam exercises (issue 16)
@pytest.fixture()
def exams(monkeypatch):
    quiz = [NumberExercise(id="t_exam_num", title="n", hint="h", exam=True),
            ChoiceExercise(id="t_exam_choice", title="c", hint="h", options=("low", "high"), exam=True),
            ItemsExercise(id="t_exam_items", title="i", hint="h", options=("a", "b", "c"), exam=True),
            MappingExercise(id="t_exam_map", title="m", hint="h", options=("A", "M"), exam=True),
            ValueExercise(id="t_exam_value", title="v", hint="h", exam=True)]
    for ex in quiz:
        monkeypatch.setitem(checks.REGISTRY, ex.id, ex)
    checks.reset_results()
    yield {ex.id: ex for ex in quiz}
    checks.reset_results()


@pytest.mark.parametrize("answer", [0.25, "high", ["a"], {"k": "A"}, [1.0, 2.0], 99])
def test_an_exam_check_records_without_a_verdict(exams, capsys, answer):
    for exercise in exams:
        check(exercise, answer)
        out = capsys.readouterr().out
        assert "recorded, graded by your trainer" in out, out
        assert "correct" not in out.replace("recorded", "") and "not yet right" not in out
        assert evaluate(exercise, answer).status == "recorded"
        assert evaluate(exercise, ...).status == "unanswered"
    checks.progress()
    assert "Recorded for your trainer: t_exam_num" in capsys.readouterr().out


def test_an_exam_answer_that_cannot_reach_the_trainer_says_so(exams):
    r = evaluate("t_exam_num", object())
    assert r.status == "unanswered" and "cannot be sent to your trainer" in r.message


def test_the_trainers_key_judges_every_kind(exams):
    keyed = {
        "t_exam_num": ({"expected": 0.25}, 0.25, 0.3),
        "t_exam_choice": ({"answer": "high"}, " HIGH ", "low"),
        "t_exam_items": ({"answer": ["a", "c"]}, ["c", "a"], ["a", "b"]),
        "t_exam_map": ({"answer": {"k": "M"}}, {"k": "m"}, {"k": "A"}),
        "t_exam_value": ({"expected": [1.0, 2.0]}, [1, 2.0], [1, 3]),
    }
    for exercise, (key, right, wrong) in keyed.items():
        judged = exams[exercise].with_key(key)
        assert not judged.exam and checks.get_exercise(exercise).exam  # a copy; the registry is unchanged
        assert checks.judge_answer(judged, right).status == "correct", exercise
        assert checks.judge_answer(judged, wrong).status == "incorrect", exercise
    with pytest.raises(CourseDataError):
        exams["t_exam_choice"].with_key({"answer": "medium"})
    with pytest.raises(CourseDataError):
        exams["t_exam_num"].with_key({"expected": "1.5"})
