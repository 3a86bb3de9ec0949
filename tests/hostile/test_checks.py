"""Hostile answers for crmcourse.checks: ``evaluate`` and ``check`` never raise, whatever is passed.

Every registered exercise (``crmcourse.checks.all_exercises()``) is tried with a fixed set of
hostile answers — ``str`` subclasses whose methods raise, objects whose every dunder raises,
exceptions whose ``str()`` raises, nested and self-referencing containers, integers beyond float
range, DataFrames with duplicate columns, Series with a MultiIndex … — and hypothesis draws more
(exercise, answer) pairs. The status must be one of ``STATUSES``. The number of calls is printed
at the end (run with ``-s`` to see it).
"""
from __future__ import annotations

import collections
import contextlib
import datetime as dt
import decimal
import enum
import fractions
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import check, checks
from crmcourse.checks import (STATUSES, ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise,
                              ValueExercise, answer_hash, evaluate)

from .strategies import HUGE_INT, HostileStr, Raiser, hostile_scalars

CALLS: collections.Counter = collections.Counter()


class BadMessage(Exception):
    """An exception whose str() raises: the handler that reports it must not fall over."""

    def __str__(self):
        raise RuntimeError("no message")


class RaisesBadMessage:
    """Every comparison, conversion and iteration raises BadMessage."""

    def _boom(self, *args, **kwargs):
        raise BadMessage()

    __eq__ = __ne__ = __lt__ = __float__ = __int__ = __index__ = __iter__ = __len__ = __bool__ = _boom
    __hash__ = object.__hash__

    def __repr__(self):
        return "RaisesBadMessage()"


class LoudStr(str):
    """A str subclass whose every dunder and method used on text raises, hash included."""

    def _boom(self, *args, **kwargs):
        raise RuntimeError("loud str")

    strip = lower = upper = split = replace = casefold = encode = startswith = _boom
    __iter__ = __eq__ = __hash__ = __len__ = __getitem__ = __contains__ = __format__ = __repr__ = _boom


class BadList(list):
    def __iter__(self):
        raise RuntimeError("bad list")

    def __len__(self):
        raise RuntimeError("bad list")


class BadDict(dict):
    def items(self):
        raise BadMessage()

    def values(self):
        raise RuntimeError("bad dict")


class LoudFloat(float):
    def __repr__(self):
        raise RuntimeError("loud float")

    __format__ = __str__ = __round__ = __repr__


class LoudInt(int):
    def __index__(self):
        raise RuntimeError("loud int")

    __repr__ = __str__ = __format__ = __index__


class Size(enum.IntEnum):
    ONE = 1


def _self_list():
    a = [1]
    a.append(a)
    return a


def _deep(depth=5000):
    a = []
    for _ in range(depth):
        a = [a]
    return a


def _tricky_frames():
    dup = pd.DataFrame([[1, 2, 3]], columns=["a", "a", "b"])
    multi_series = pd.Series([1.0, 2.0], index=pd.MultiIndex.from_tuples([("x", 1), ("y", 2)]))
    multi_columns = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)]))
    dup_index = pd.Series([1.0, 2.0, 3.0], index=["x", "x", "y"])
    objects = pd.Series([Raiser(), HostileStr("x"), [1]], dtype=object)
    return [dup, multi_series, multi_columns, dup_index, objects, pd.DataFrame(), pd.Series(dtype=float),
            dup.T, pd.DataFrame({"满意": [HUGE_INT]}, dtype=object)]


#: Answers that break naive code. None of them is judged as a number, so trying them on every
#: exercise never computes an expected value (NUMERIC_ANSWERS below do, on a sample of exercises).
HOSTILE_ANSWERS = [
    HostileStr("x"), HostileStr(""), HostileStr("  "), HostileStr("0.5"), LoudStr("x"), LoudStr(""),
    Raiser(), RaisesBadMessage(), [Raiser()], [HostileStr("a"), LoudStr("b")], (Raiser(),),
    {Raiser()}, {"k": Raiser()}, {HostileStr("k"): HostileStr("v")}, {"k": RaisesBadMessage()},
    BadList(["a", "b"]), BadDict(a=1), _self_list(), _deep(), [[[[...]]]], {"a": {"b": ...}},
    HUGE_INT, -HUGE_INT, 10 ** 5000, decimal.Decimal("NaN"), complex(1, 2), b"\x00\xff", bytearray(b"ab"),
    np.str_("x"), np.array([[1, 2], [3, 4]]), np.array([Raiser()], dtype=object), np.datetime64("NaT"),
    pd.NA, pd.NaT, pd.Timestamp("2025-01-05", tz="Asia/Shanghai"), dt.date(2025, 1, 5),
    (x for x in range(3)), range(10 ** 12), print, type, BadMessage(), Exception,
    *_tricky_frames(),
]

#: Hostile values that are (or become) one real number: judging them needs the expected value.
NUMERIC_ANSWERS = [LoudInt(3), LoudFloat(0.5), Size.ONE, fractions.Fraction(1, 3), np.float64("nan"),
                   np.int64(-7), np.array(2.5), pd.Series([1e308]), 5e-324, -0.0, 1e308, float("-inf"),
                   np.array([True]), pd.DataFrame({"a": [0.25]})]

HOSTILE_IDS = [None, 3, 10 ** 5000, 1.5, b"m0_demo_ratio", ["m0_demo_ratio"], Raiser(), RaisesBadMessage(),
               HostileStr("m0_demo_ratio"), HostileStr("m9_nothing"), LoudStr("m0_demo_ratio"), LoudStr(""),
               "m0_demo_ratio\x00", "m0_" + "x" * 10_000, "満意", "", " ", "_", "../etc", "m0"]


@pytest.fixture(scope="module")
def exercises():
    found = checks.all_exercises()
    assert len(found) > 100
    return found


@pytest.fixture(scope="module", autouse=True)
def report_calls():
    yield
    print(f"\nhostile check calls: {sum(CALLS.values())} ({dict(CALLS)})")


def judged(exercise_id, answer, *, record=False):
    CALLS["evaluate"] += 1
    result = evaluate(exercise_id, answer, record=record)  # must not raise
    assert isinstance(result, checks.CheckResult)
    assert result.status in STATUSES, result
    assert type(result.exercise) is str and type(result.message) is str
    assert isinstance(result.text(), str) and isinstance(result.html(), str)
    return result


def shown(exercise_id, answer):
    CALLS["check"] += 1
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert check(exercise_id, answer) is None  # must not raise
    return out.getvalue()


def test_every_exercise_survives_every_hostile_answer(exercises):
    checks.reset_results()
    for ex in exercises:
        for answer in HOSTILE_ANSWERS:
            judged(ex.id, answer, record=True)
    assert all(r.status != "unknown" for r in checks.RESULTS.values())
    checks.reset_results()


def test_numeric_hostile_answers_on_a_sample(exercises):
    sample = exercises[::12]  # about 16 exercises of every kind; each expected value is computed once
    for ex in sample:
        for answer in NUMERIC_ANSWERS + HOSTILE_ANSWERS[:8]:
            judged(ex.id, answer)


def test_check_shows_every_hostile_answer(exercises):
    kinds = {}
    for ex in exercises:  # one exercise of each kind, plus a Series and a DataFrame reference
        kinds.setdefault(type(ex).__name__, ex)
    sample = list(kinds.values()) + [checks.get_exercise("m4_cl_labels")]
    for ex in sample:
        for answer in HOSTILE_ANSWERS + NUMERIC_ANSWERS:
            assert ex.id in shown(ex.id, answer)
    checks.reset_results()


@pytest.mark.parametrize("exercise_id", HOSTILE_IDS, ids=lambda v: type(v).__name__)
def test_hostile_exercise_ids(exercise_id):
    for answer in (1.25, HostileStr("x"), Raiser(), ...):
        result = judged(exercise_id, answer, record=True)
        assert result.status in STATUSES
        assert shown(exercise_id, answer).strip()
    assert all(type(k) is str for k in checks.RESULTS)
    checks.reset_results()


@given(st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_drawn_answers(data):
    ids = [e.id for e in checks.all_exercises()][::4]  # a fixed quarter: expected values are computed once
    exercise_id = data.draw(st.sampled_from(ids), label="exercise")
    # HOSTILE_ANSWERS are drawn by position: hypothesis hashes sampled values, and LoudStr's hash raises
    answer = data.draw(st.one_of(
        hostile_scalars, st.integers(0, len(HOSTILE_ANSWERS) - 1).map(HOSTILE_ANSWERS.__getitem__),
        st.lists(hostile_scalars, max_size=4), st.dictionaries(st.text(max_size=3), hostile_scalars, max_size=3),
        st.integers(min_value=-10 ** 400, max_value=10 ** 400),
    ), label="answer")
    judged(exercise_id, answer)


def test_record_flag_that_raises_is_ignored():
    judged("m0_demo_ratio", 1.25, record=Raiser())
    judged("m0_demo_ratio", 1.25, record=np.array([1, 2]))


def test_display_failure_falls_back_to_text(monkeypatch):
    def broken(result):
        raise RuntimeError("no display")

    monkeypatch.setattr(checks.core, "show", broken)
    assert "m0_demo_ratio" in shown("m0_demo_ratio", 1.25)


# ---------------------------------------------------------------------------- the kinds fixed

@pytest.fixture()
def registered(monkeypatch):
    frame = pd.DataFrame({"n": [1.0, 2.0], "s": ["a", "b"]}, index=["x", "y"])
    for ex in [
        NumberExercise(id="h_num", title="n", hint="h", expected=0.25),
        ChoiceExercise(id="h_choice", title="c", hint="h", options=("low", "high"), answer=answer_hash("h_choice", "high")),
        ItemsExercise(id="h_items", title="i", hint="h", options=("a", "b", "c"),
                      answer=tuple(answer_hash("h_items", x) for x in ("a", "c"))),
        MappingExercise(id="h_map", title="m", hint="h", options=("A", "M"), answer={"wifi": answer_hash("h_map", "M")}),
        ValueExercise(id="h_frame", title="f", hint="h", expected=lambda: frame),
        ValueExercise(id="h_series", title="s", hint="h", expected=lambda: frame["n"]),
        NumberExercise(id="h_broken", title="b", hint="h", expected=lambda: 1 / 0),
    ]:
        monkeypatch.setitem(checks.REGISTRY, ex.id, ex)
    checks.reset_results()
    yield frame
    checks.reset_results()


def test_str_subclasses_are_judged_by_their_text(registered):
    # before: HostileStr's raising methods turned every answer into "could not be compared"
    assert judged("h_choice", HostileStr("HIGH")).status == "correct"
    assert judged("h_items", [HostileStr("a"), np.str_("c")]).status == "correct"
    assert judged("h_map", {HostileStr("wifi"): HostileStr("M")}).status == "correct"
    assert judged("h_num", HostileStr("0.25")).message.startswith("Your answer is text that looks like a number")
    assert judged("h_choice", HostileStr(" ")).status == "unanswered"
    assert judged(HostileStr("h_choice"), "high").status == "correct"


def test_an_id_whose_str_raises_cannot_be_checked():
    # before: Raiser as the exercise id escaped evaluate's own handler (it called str() on the id)
    for bad in (Raiser(), LoudStr("m0_demo_ratio")):
        result = judged(bad, 1.25)
        assert result.status in ("unknown", "correct")


def test_an_exception_whose_str_raises_is_reported(registered):
    # before: the handler's str(exc) raised again, out of evaluate
    result = judged("h_items", RaisesBadMessage())
    assert result.status == "incorrect" and "BadMessage" in result.message
    # a dict subclass whose items() raises is read as the plain dict it holds
    assert judged("h_map", BadDict(wifi="M")).status == "correct"


def test_huge_integers_get_a_message_not_an_overflow(registered):
    result = judged("h_num", HUGE_INT)
    assert result.status == "incorrect" and "too large" in result.message


def test_duplicate_columns_and_labels_are_named(registered):
    frame = registered
    dup = pd.concat([frame, frame[["n"]]], axis=1)
    assert "more than one column named 'n'" in judged("h_frame", dup).message
    assert "repeat" in judged("h_series", frame["n"].set_axis(["x", "x"])).message
    multi = frame["n"].set_axis(pd.MultiIndex.from_tuples([("x", 1), ("y", 2)]))
    assert judged("h_series", multi).status == "incorrect"
    assert judged("h_frame", frame.copy()).status == "correct"


def test_a_reference_that_fails_is_not_the_learners_fault(registered):
    result = judged("h_broken", 1.0, record=True)
    assert result.status == "unknown" and "ZeroDivisionError" in result.message
    assert "h_broken" not in checks.RESULTS  # unknown results are not recorded for the grader


def test_references_are_computed_once(monkeypatch):
    calls = []
    ex = NumberExercise(id="h_once", title="o", hint="h", expected=lambda: calls.append(1) or 0.5)
    monkeypatch.setitem(checks.REGISTRY, ex.id, ex)
    for answer in (0.5, 0.4, 0.6):
        judged("h_once", answer)
    assert len(calls) == 1


def test_huge_or_endless_collections_are_not_built(registered):
    import itertools

    assert "items" in judged("h_items", range(10 ** 12)).message
    assert judged("h_items", itertools.count()).status == "incorrect"  # would never end if listed
    assert judged("h_items", (x for x in "ac")).status == "incorrect"


@pytest.mark.parametrize("nb", [None, [], "nb", {"cells": None}, {"cells": [None, 3, {"cell_type": "code", "outputs": 5}]},
                                {"cells": [{"cell_type": "code", "outputs": [{"data": [1]}, None]}]}])
def test_records_from_broken_notebooks(nb):
    from crmcourse.errors import CourseDataError

    CALLS["records_from_notebook"] += 1
    try:
        assert checks.records_from_notebook(nb) == []
    except CourseDataError:
        pass
