"""Feedback that teaches (issue 14): counts are never told to check the rounding, declared slips name the
idea to revisit, a percentage gets the feedback of the fraction it stands for, mappings never say
which keys are wrong, and an explanation appears only after a right answer."""
from __future__ import annotations

import itertools

import pytest

from crmcourse.checks import (ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise, answer_hash,
                              evaluate)
from crmcourse.checks import feedback as fb
from crmcourse.checks.kinds import TASKS
from crmcourse.errors import CourseDataError

H = answer_hash


def test_integer_count_never_gets_check_your_rounding():
    ex = NumberExercise(id="t_count", title="t", hint="h", expected=lambda: 300, abs_tol=0, rel_tol=0)
    assert ex.is_count()
    for near in (299, 301, 303):
        message = ex.judge(near)[1]
        assert "rounding" not in message and "count must be exact" in message
    assert "whole number" in ex.judge(300.5)[1]
    assert ex.judge(300)[0] == "correct"
    assert "too high" in ex.judge(400)[1]


def test_count_detection():
    import numpy as np

    assert NumberExercise(id="t", title="t", hint="h", expected=np.int64(7)).is_count()
    assert NumberExercise(id="t", title="t", hint="h", expected=7.0, abs_tol=0, rel_tol=0).is_count()
    assert not NumberExercise(id="t", title="t", hint="h", expected=7.0).is_count()
    assert not NumberExercise(id="t", title="t", hint="h", expected=lambda: 7, integer=False).is_count()
    assert NumberExercise(id="t", title="t", hint="h", expected=7.0, integer=True).is_count()


def test_declared_slips_say_which_idea_to_revisit():
    everywhere, plain = "Coefficient on every city: revisit the tiers.", "No coefficient: revisit the 0.8 rule."
    ex = NumberExercise(id="t_postal", title="t", hint="h", expected=lambda: 300, abs_tol=0, rel_tol=0,
                        slips={301: everywhere, (lambda: 298): plain, (lambda: 1 / 0): "never shown"})
    assert ex.judge(301) == ("incorrect", everywhere, 0.0)
    assert ex.judge(298) == ("incorrect", plain, 0.0)
    assert ex.judge(300)[0] == "correct"
    assert "never shown" not in ex.judge(299)[1]


def test_slips_match_as_a_percentage_too():
    ex = NumberExercise(id="t_share", title="t", hint="h", expected=0.25, percent=True,
                        slips={0.5: "You divided by the wrong total."})
    assert ex.judge(0.5)[1] == ex.judge(50)[1] == "You divided by the wrong total."


def test_a_percentage_gets_the_feedback_of_its_fraction():
    ex = NumberExercise(id="t_acc", title="t", hint="h", expected=0.853658, rel_tol=1e-6, percent=True)
    as_fraction, as_percent = ex.judge(0.854)[1], ex.judge(85.4)[1]
    assert as_fraction == fb.CLOSE
    assert as_percent == fb.READ_AS_PERCENT + " " + fb.CLOSE
    assert ex.judge(85.3658)[0] == "correct"
    assert ex.judge(99)[1] == fb.READ_AS_PERCENT + " " + fb.TOO_HIGH_OR_LOW.format(direction="high")
    assert ex.judge(0.99)[1] == fb.TOO_HIGH_OR_LOW.format(direction="high")
    # without percent=True a percentage is a factor-100 slip, as before
    strict = NumberExercise(id="t_acc", title="t", hint="h", expected=0.853658, rel_tol=1e-6)
    assert strict.judge(85.3658)[1] == fb.HUNDRED_TIMES


MAP = MappingExercise(id="t_kano", title="t", hint="h", options=("A", "O", "M"),
                      answer={"wifi": H("t_kano", "M"), "gift": H("t_kano", "A"), "speed": H("t_kano", "O"),
                              "bed": H("t_kano", "M")},
                      concepts={"A": "an attractive feature delights when present and is not missed when absent.",
                                "M": "a must-be feature is expected: missing, it dissatisfies; present, nobody notices."})


def test_mapping_feedback_never_names_a_key():
    keys = list(MAP.answer)
    for labels in itertools.product(MAP.options, repeat=len(keys)):
        answer = dict(zip(keys, labels))
        status, message, score = MAP.judge(answer)
        if status == "correct":
            assert answer == {"wifi": "M", "gift": "A", "speed": "O", "bed": "M"}
            continue
        assert not any(repr(k) in message or f" {k}" in message for k in keys), message
        right = round(score * 4)
        assert message.startswith(f"{right} of 4 right.")


def test_mapping_names_the_misapplied_concept():
    message = MAP.judge({"wifi": "A", "gift": "A", "speed": "O", "bed": "A"})[1]
    assert message == ("2 of 4 right. " + fb.MAPPING_MISAPPLIED.format(label="A", concept=MAP.concepts["A"]))
    # a misapplied label without a concept: ask to recheck every key
    assert MAP.judge({"wifi": "O", "gift": "A", "speed": "O", "bed": "M"})[1].endswith(fb.MAPPING_RECHECK)


def test_explanation_only_after_a_right_answer():
    choice = ChoiceExercise(id="t_zone", title="t", hint="h", options=("low", "high"),
                            answer=H("t_zone", "high"), explanation="Above 1 the customer got more than expected.")
    assert choice.judge("high") == ("correct", "Above 1 the customer got more than expected.", 1.0)
    assert "Above 1" not in choice.judge("low")[1]
    items = ItemsExercise(id="t_pick", title="t", hint="h", options=("a", "b"), answer=(H("t_pick", "a"),),
                          explanation="Only a.")
    assert items.judge(["a"])[1] == "Only a." and items.judge(["b"])[1] != "Only a."
    share = NumberExercise(id="t_s", title="t", hint="h", expected=0.25, percent=True, explanation="A quarter.")
    assert share.judge(25) == ("correct", fb.READ_AS_PERCENT + " A quarter.", 1.0)


def test_task_field():
    assert NumberExercise(id="t", title="t", hint="h").task is None
    for task in TASKS:
        assert ChoiceExercise(id="t", title="t", hint="h", task=task).task == task
    with pytest.raises(CourseDataError):
        ChoiceExercise(id="t", title="t", hint="h", task="copy the number")


def test_evaluate_shows_the_explanation_in_the_text(monkeypatch):
    from crmcourse import checks

    ex = ChoiceExercise(id="t_expl", title="t", hint="h", options=("x", "y"), answer=H("t_expl", "x"),
                        explanation="Because x.")
    monkeypatch.setitem(checks.REGISTRY, ex.id, ex)
    assert evaluate("t_expl", "x").text() == "✅ t_expl: correct. Because x."
