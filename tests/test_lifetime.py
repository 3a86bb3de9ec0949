"""Simple retention lifetime value: m · r / (1 + i − r), worked out by hand here."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmcourse.errors import CourseDataError
from crmcourse.lifetime import clv_simple, margin_multiple


def test_clv_worked_examples():
    # r = 0.8, i = 0.10: multiple 0.8 / 0.3 = 2.667 (domain-facts.md)
    assert margin_multiple(0.8, 0.10) == pytest.approx(8 / 3)
    assert clv_simple(300, 0.8, 0.10) == pytest.approx(800.0)
    # r = 0.5, i = 0: 0.5 / 0.5 = 1 period's margin
    assert clv_simple(120, 0.5, 0) == pytest.approx(120.0)
    # nobody stays: nothing after the first period
    assert clv_simple(100, 0.0, 0.1) == 0.0
    # 5 points fewer defections (r 0.80 -> 0.85, i = 0.10): 0.85/0.25 = 3.4 vs 2.667, +27.5%
    assert clv_simple(1, 0.85, 0.10) / clv_simple(1, 0.80, 0.10) - 1 == pytest.approx(0.275)


def test_clv_series_keeps_index_and_broadcasts():
    margin = pd.Series([100.0, 250.0], index=["c1", "c2"])
    got = clv_simple(margin, 0.85, 0.10)
    assert list(got.index) == ["c1", "c2"]
    assert got.tolist() == pytest.approx([340.0, 850.0])
    both = clv_simple(margin, pd.Series([0.5, 0.8], index=["c1", "c2"]), 0.0)
    assert both.tolist() == pytest.approx([100.0, 1000.0])
    assert clv_simple([100, 200], 0.5, 0).tolist() == pytest.approx([100.0, 200.0])


@pytest.mark.parametrize(("m", "r", "i", "match"), [
    (-1, 0.8, 0.1, "margin must be 0 or more"),
    (100, 1.0, 0.1, "retention must be from 0"),
    (100, 1.2, 0.1, "retention"),
    (100, -0.1, 0.1, "retention"),
    (100, 0.8, -0.05, "discount must be from 0 to 1"),
    ("100", 0.8, 0.1, "margin must be a number"),
    (100, float("nan"), 0.1, "retention"),
    (100, 0.8, float("inf"), "discount"),
    (True, 0.8, 0.1, "margin"),
    (pd.Series([10, -5]), 0.8, 0.1, "margin"),
    (pd.Series([], dtype=float), 0.8, 0.1, "empty"),
    (pd.Series([1.0], index=["a"]), pd.Series([0.5], index=["b"]), 0.1, "different row labels"),
])
def test_clv_bad_input(m, r, i, match):
    with pytest.raises(CourseDataError, match=match):
        clv_simple(m, r, i)


def test_clv_error_lists_rows():
    with pytest.raises(CourseDataError) as err:
        clv_simple(pd.Series([5.0, -1.0, 3.0, -2.0], index=list("abcd")), 0.8, 0.1)
    assert err.value.rows == ["b", "d"]


values = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True),
                   st.text(max_size=4), st.lists(st.floats(-2, 2), max_size=3))


@settings(max_examples=300, deadline=None)
@given(values, values, values)
def test_clv_only_raises_course_errors(m, r, i):
    try:
        out = clv_simple(m, r, i)
    except CourseDataError:
        return
    assert np.all(np.asarray(out, dtype=float) >= 0)


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 1e6), st.floats(0, 0.99), st.floats(0, 1))
def test_clv_increases_with_retention(m, r, i):
    assert clv_simple(m, min(r + 0.005, 0.995), i) >= clv_simple(m, r, i) - 1e-9


# ----------------------------------------------------------------------------- issue 12: percentages
def test_percent_rates_are_refused_with_the_hint():
    # clv_simple(100, 0.8, 10) used to return 7.84: a discount rate of 10 read as 1,000%
    with pytest.raises(CourseDataError, match=r"discount must be from 0 to 1, got 10\..*divide it by 100 \(10% is 0\.1\)"):
        clv_simple(100, 0.8, 10)
    with pytest.raises(CourseDataError, match=r"retention must be .*got 80\..*divide it by 100 \(80% is 0\.8\)"):
        clv_simple(100, 80, 0.1)
    with pytest.raises(CourseDataError, match="divide it by 100") as err:
        margin_multiple(pd.Series([0.8, 0.9], index=["a", "b"]), pd.Series([0.1, 12.0], index=["a", "b"]))
    assert err.value.rows == ["b"]
    # a rate of exactly 1 (100% discount) is the edge of the range, still a number
    assert clv_simple(100, 0.5, 1.0) == pytest.approx(100 * 0.5 / 1.5)
    with pytest.raises(CourseDataError, match="as a fraction") as err:
        clv_simple(100, 0.8, 250)  # not a percentage either: the ordinary fix
    assert "percentage" not in str(err.value)


def test_hostile_numbers_are_refused():
    for bad in (10 ** 400, float("nan"), "0.1", [1, [2]], {"a": 1}, None, complex(1, 2)):
        with pytest.raises(CourseDataError):
            clv_simple(100, 0.8, bad)
    with pytest.raises(CourseDataError, match="too large"):
        clv_simple(1e308, 0.999999, 0.0)  # inf is not an answer
    with pytest.raises(CourseDataError):
        clv_simple(pd.Series([1.0, 10 ** 400], dtype=object), 0.8, 0.1)
