"""Hostile input for crmcourse.satisfaction: only CourseDataError may escape, whatever a caller passes.

Covers every public helper of the package (``crmcourse.satisfaction.__all__``) with hostile
scalars (None, bools, NaN, ±inf, huge and tiny numbers, integers beyond float range, text,
Chinese, lists, dicts, sets, objects whose methods raise, str subclasses, dates), hostile
vectors (each hostile column kind) and hostile frames (empty, duplicate or multi-level columns
and indexes, Chinese column names, each column replaced by each hostile kind, a column dropped,
wrong types). When a helper returns, the answer is checked for the silent wrong answers issue 12
found (infinite ratios, a zone for an infinite ratio, scores off the scale). The number of calls
is printed at the end (run with ``-s`` to see it).
"""
from __future__ import annotations

import collections
import os
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import satisfaction as sat
from crmcourse.errors import CourseDataError

from .strategies import COLUMN_KINDS, corrupt, hostile_frames, hostile_scalars

CALLS: collections.Counter = collections.Counter()
REFUSED: collections.Counter = collections.Counter()

SETTINGS = settings(max_examples=int(os.environ.get("CRMCOURSE_HOSTILE_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

KANO = pd.DataFrame({"feature": ["gift", "gift", "refill", "refill"],
                     "functional": ["like", "like", "neutral", 1],
                     "dysfunctional": ["neutral", "dislike", "dislike", 5],
                     "customer_group": ["young", "mature", "young", "mature"]})
SERVQUAL = pd.DataFrame({"dimension": ["tangibles", "reliability", "empathy", "empathy"],
                         "expectation": [5, 7, 6, 6], "perception": [6, 5, 6, 7]})
WEIGHTS = pd.DataFrame({"tangibles": [20, 30], "reliability": [50, 40], "empathy": [30, 30]})
COUNTS = pd.DataFrame({"A": [3, 0], "O": [1, 2], "M": [0, 5], "I": [2, 1], "R": [0, 1], "Q": [1, 0]},
                      index=["gift", "refill"])
PROMISES = pd.DataFrame({"promise": [5.0, 6.0, 7.0]})

hostile_vectors = st.one_of(
    st.lists(hostile_scalars, max_size=5),
    st.sampled_from(COLUMN_KINDS).map(lambda kind: corrupt(PROMISES, "replace", "promise", kind)["promise"]),
    st.sampled_from([np.zeros((2, 2)), {9, 10}, {"a": 9}, "9", PROMISES.assign(b=1), pd.Series([], dtype=float),
                     pd.Series([9, 10], index=pd.MultiIndex.from_arrays([[0, 0], [1, 2]]))]),
)


def call(name, fn, *args, **kwargs):
    """Run one public helper: it may return or raise CourseDataError; anything else fails the test."""
    CALLS[name] += 1
    try:
        return fn(*args, **kwargs)
    except CourseDataError as exc:
        REFUSED[name] += 1
        assert str(exc), f"{name}: an empty message"
        return exc
    except Exception as exc:  # noqa: BLE001 - the point of the test
        raise AssertionError(f"{name} let {type(exc).__name__} escape: {exc}") from exc


def returned(result) -> bool:
    return not isinstance(result, CourseDataError)


@pytest.fixture(scope="module", autouse=True)
def report_calls():
    yield
    print(f"\nhostile satisfaction calls: {sum(CALLS.values())} ({sum(REFUSED.values())} refused); "
          f"{dict(CALLS)}")


def test_every_public_helper_is_covered():
    helpers = {n for n in sat.__all__ if callable(getattr(sat, n)) and not n.isupper()}
    assert helpers == {"satisfaction_ratio", "satisfaction_zone", "promise_tradeoff", "kano_category",
                       "kano_classify", "kano_coefficients", "servqual_gaps", "nps", "nps_groups", "nps_scores"}


@SETTINGS
@given(hostile_scalars, hostile_scalars)
def test_ratio_and_zone_scalars(a, b):
    r = call("satisfaction_ratio", sat.satisfaction_ratio, a, b)
    if returned(r):
        assert math.isfinite(r) and r >= 0
    z = call("satisfaction_zone", sat.satisfaction_zone, a)
    if returned(z):
        assert z in sat.ZONES and math.isfinite(float(a))
    call("satisfaction_zone", sat.satisfaction_zone, 1.0, b)


@SETTINGS
@given(hostile_vectors, st.sampled_from(COLUMN_KINDS))
def test_ratio_and_zone_vectors(vector, kind):
    column = corrupt(PROMISES, "replace", "promise", kind)["promise"]
    r = call("satisfaction_ratio", sat.satisfaction_ratio, column, PROMISES["promise"])
    if returned(r):
        assert np.isfinite(r.to_numpy(dtype=float)).all()
    call("satisfaction_ratio", sat.satisfaction_ratio, PROMISES["promise"], column)
    call("satisfaction_ratio", sat.satisfaction_ratio, vector, 8)
    call("satisfaction_zone", sat.satisfaction_zone, column)
    call("satisfaction_zone", sat.satisfaction_zone, vector)


@SETTINGS
@given(st.one_of(hostile_scalars, hostile_vectors), hostile_scalars, st.sampled_from(
    ["performance", "performance_sd", "requirement_mean", "requirement_sd", "market", "tolerance"]))
def test_promise_tradeoff(promise, value, parameter):
    out = call("promise_tradeoff", sat.promise_tradeoff, promise)
    if isinstance(out, pd.DataFrame):
        assert np.isfinite(out.to_numpy(dtype=float)).all()
    call("promise_tradeoff", sat.promise_tradeoff, 7, **{parameter: value})


@SETTINGS
@given(st.one_of(hostile_scalars, hostile_vectors), st.one_of(hostile_scalars, hostile_vectors))
def test_kano_category(functional, dysfunctional):
    out = call("kano_category", sat.kano_category, functional, dysfunctional)
    if isinstance(out, str):
        assert out in sat.KANO_CATEGORIES


@SETTINGS
@given(hostile_frames(KANO), st.sampled_from([None, "customer_group", ["customer_group"], "feature", 3,
                                               ["customer_group", "customer_group"], "列0"]))
def test_kano_classify(frame, by):
    out = call("kano_classify", sat.kano_classify, frame, by=by)
    if isinstance(out, pd.DataFrame):
        assert (out[["A", "O", "M", "I", "R", "Q"]].sum(axis=1) == out["n"]).all()


@SETTINGS
@given(st.one_of(hostile_frames(COUNTS), st.dictionaries(st.sampled_from(list("AOMIRQ") + ["x"]),
                                                         hostile_scalars, max_size=7), hostile_scalars))
def test_kano_coefficients(counts):
    out = call("kano_coefficients", sat.kano_coefficients, counts)
    if returned(out):
        values = np.asarray(out, dtype=float).ravel()
        values = values[~np.isnan(values)]
        assert ((values >= -1) & (values <= 1)).all()


@SETTINGS
@given(hostile_frames(SERVQUAL), st.one_of(st.none(), hostile_frames(WEIGHTS),
                                           st.dictionaries(st.sampled_from(["tangibles", "reliability", "empathy",
                                                                            "Empathy ", "x"]),
                                                           hostile_scalars, max_size=4)),
       st.one_of(st.just((1, 7)), hostile_scalars, st.tuples(hostile_scalars, hostile_scalars)))
def test_servqual_gaps(frame, weights, scale):
    out = call("servqual_gaps", sat.servqual_gaps, frame)
    if isinstance(out, pd.DataFrame):
        values = out[["expectation", "perception"]].to_numpy(dtype=float)
        assert ((values >= 1) & (values <= 7)).all()  # issue 12: scores off the scale were averaged
    call("servqual_gaps", sat.servqual_gaps, SERVQUAL, weights=weights)
    call("servqual_gaps", sat.servqual_gaps, SERVQUAL, scale=scale)


@SETTINGS
@given(hostile_vectors)
def test_nps_helpers(scores):
    value = call("nps", sat.nps, scores)
    if returned(value):
        assert -100 <= value <= 100
    groups = call("nps_groups", sat.nps_groups, scores)
    if returned(groups):
        assert set(groups.astype(str)) <= set(sat.NPS_GROUPS)
    checked = call("nps_scores", sat.nps_scores, scores)
    if returned(checked):
        assert ((checked >= 0) & (checked <= 10) & (checked % 1 == 0)).all()
