"""Hostile answers for written exercises: any string, None, non-strings, str subclasses whose methods
raise, huge texts — ``WrittenExercise.judge`` and ``evaluate`` never raise, and a learner's text never
makes a shipped rubric "cannot be checked". The number of calls is printed at the end (``-s``).
"""
from __future__ import annotations

import collections
import contextlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import checks
from crmcourse.checks import (STATUSES, Rubric, WrittenExercise, account_plan_rubric, care_sms_rubric, evaluate,
                              fab_rubric, objection_rubric, spin_question_rubric)
from crmcourse.checks.rubrics import ACCOUNT_PLAN_SECTIONS, OBJECTION_TECHNIQUES
from crmcourse.checks.written import MAX_WRITTEN_CHARS

from .strategies import HUGE_INT, HostileStr, Raiser, hostile_scalars

CALLS: collections.Counter = collections.Counter()

RUBRICS = {
    "h_fab": fab_rubric("the queue", ("queue", "排队")),
    "h_sms": care_sms_rubric(("Qingmei", "青美"), "holiday"),
    "h_free": Rubric(min_words=1, max_words=5, max_chars=50, question=True, max_questions=1),
    **{f"h_spin_{k}": spin_question_rubric(k, scenario=s) for k, s in (("S", "bank"), ("P", "logistics"),
                                                                        ("I", "hospital"), ("N", "hospital"))},
    **{f"h_obj_{i}": objection_rubric(t, "the price", ("price", "价格")) for i, t in enumerate(OBJECTION_TECHNIQUES)},
    **{f"h_plan_{s}": account_plan_rubric(s, account_cues=("Ruixiang",)) for s in ACCOUNT_PLAN_SECTIONS},
}
EXERCISES = [WrittenExercise(id=k, title="t", hint="h", rubric=r) for k, r in RUBRICS.items()]

# text made of the pieces cue rules look at: words, Chinese, digits, punctuation, question marks
PIECES = ["price", "queue", "you", "your", "?", "？", "so", "Qingmei", "青美", "生日", "退订", "TD", "2026-01-20", "20%",
          "because", "would it help", "what happens", "\x00", "\u200b", "ﬁ", "İ", "ß", "\n", "  ", "*", "re:", "(", "\\"]
texty = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.sampled_from(["", " ", "?" * 2000, "x" * (MAX_WRITTEN_CHARS + 1), "a " * (MAX_WRITTEN_CHARS // 2),
                     "为什么" * 1000, "What happens " * 300 + "?", "\x00" * 100]),
)
answers = st.one_of(texty, hostile_scalars, st.just(HostileStr("what happens to the queue?")),
                    st.just([HostileStr("x")]), st.just(HUGE_INT), st.just(Raiser()), st.none(), st.just(...))


@pytest.fixture(autouse=True, scope="module")
def registered():
    for ex in EXERCISES:
        checks.REGISTRY[ex.id] = ex
    yield
    for ex in EXERCISES:
        checks.REGISTRY.pop(ex.id, None)


@given(exercise=st.sampled_from(EXERCISES), answer=answers)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_judge_and_evaluate_never_raise(exercise, answer):
    CALLS["judge"] += 1
    status, message, score = exercise.judge(answer)
    assert status in STATUSES and isinstance(message, str) and 0.0 <= score <= 1.0
    if isinstance(answer, str) and type(answer) is str and answer.strip():
        assert status in ("correct", "incorrect"), (exercise.id, answer[:80], message)
    CALLS["evaluate"] += 1
    result = evaluate(exercise.id, answer)
    assert result.status in STATUSES


@given(answer=texty)
@settings(max_examples=150, deadline=None)
def test_check_never_raises_and_prints(answer):
    CALLS["check"] += 1
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        checks.check("h_spin_I", answer)
    assert "h_spin_I" in out.getvalue()


def test_str_subclass_whose_methods_raise_is_judged_as_text():
    ex = EXERCISES[0]
    assert ex.judge(HostileStr("Our queue?"))[0] in ("correct", "incorrect")
    CALLS["judge"] += 1


def test_broken_rubric_is_cannot_be_checked_not_an_exception():
    def boom(text):
        raise RuntimeError("rule bug")

    ex = WrittenExercise(id="h_broken", title="t", hint="h", rubric=Rubric(judge_with=boom))
    assert ex.judge("anything")[0] == "unknown"
    ex = WrittenExercise(id="h_broken", title="t", hint="h", rubric="not a rubric")
    assert ex.judge("anything")[0] == "unknown"
    CALLS["judge"] += 2


def test_zz_report_call_count():
    print(f"\nhostile written-answer calls: {sum(CALLS.values())} {dict(CALLS)}")
