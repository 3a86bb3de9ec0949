"""Hostile input for crmcourse.lifetime: only CourseDataError may escape, whatever a caller passes.

Covers every public helper of the package (``crmcourse.lifetime.__all__``) with hostile scalars
for every argument (None, bools, NaN, ±inf, huge and tiny numbers, integers beyond float range,
text, Chinese, lists, dicts, sets, objects whose methods raise, str subclasses, dates), hostile
columns of each kind (nested objects, NaN, ±inf, huge integers, Chinese text, timezone-aware and
integer dates, booleans, None, raising objects) for every column argument, hostile frames for every
table argument, and hostile model parameters. When a helper returns, the answer is checked against
the contract (values finite and 0 or more, probabilities within 0–1). The number of calls is
printed at the end (run with ``-s`` to see it).
"""
from __future__ import annotations

import collections
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import lifetime as lt
from crmcourse.errors import CourseDataError

from .strategies import COLUMN_KINDS, HostileStr, Raiser, corrupt, hostile_frames, hostile_scalars

CALLS: collections.Counter = collections.Counter()
REFUSED: collections.Counter = collections.Counter()
ESCAPES: list = []

SETTINGS = settings(max_examples=int(os.environ.get("CRMCOURSE_HOSTILE_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(SETTINGS, max_examples=max(5, SETTINGS.max_examples // 3))

BG = lt.PUBLISHED_CDNOW["bgnbd"]
GG = lt.PUBLISHED_CDNOW["gamma_gamma"]
TX = pd.DataFrame({
    "customer_id": [1, 1, 1, 2, 2, 3, 4, 4],
    "date": pd.to_datetime(["1997-01-01", "1997-01-15", "1997-02-20", "1997-01-05", "1997-03-01",
                            "1997-02-02", "1997-01-10", "1997-03-20"]),
    "amount": [10.0, 5.0, 7.0, 20.0, 30.0, 12.0, 8.0, 9.5],
})
SUMMARY = pd.DataFrame({"frequency": [2, 0, 1, 3, 1, 0], "recency": [30.43, 0.0, 12.0, 35.0, 3.0, 0.0],
                        "T": [38.86, 38.86, 30.0, 38.0, 20.0, 10.0],
                        "monetary": [22.35, 0.0, 11.77, 40.0, 8.0, 0.0]}, index=list("ABCDEF"))
COLUMN = pd.DataFrame({"v": [0.5, 0.7, 0.2]})

hostile_vectors = st.one_of(
    st.lists(hostile_scalars, max_size=4),
    st.sampled_from(COLUMN_KINDS).map(lambda kind: corrupt(COLUMN, "replace", "v", kind)["v"]),
    st.sampled_from([np.zeros((2, 2)), np.array([], dtype=float), pd.Series([], dtype=float), COLUMN,
                     pd.Series([0.5, 0.6], index=pd.MultiIndex.from_arrays([[0, 0], [1, 2]])),
                     pd.Series([0.5, 0.6], index=[7, 7])]),
)
hostile_params = st.one_of(
    hostile_scalars,
    st.fixed_dictionaries({name: hostile_scalars for name in ("r", "alpha", "a", "b")}),
    st.fixed_dictionaries({name: hostile_scalars for name in ("p", "q", "gamma")}),
    st.sampled_from([pd.Series(BG), pd.Series({"r": 1.0}), {**BG, "a": 1.0}, {**GG, "q": 0.5}, {**BG, "r": 1e300}]),
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
        ESCAPES.append(f"{name}: {type(exc).__name__}")
        raise AssertionError(f"{name} let {type(exc).__name__} escape: {exc}") from exc


@pytest.fixture(scope="module", autouse=True)
def report_calls():
    yield
    print(f"\nhostile lifetime calls: {sum(CALLS.values())}, refused with CourseDataError: "
          f"{sum(REFUSED.values())}, escapes: {len(ESCAPES)}; per helper: {dict(sorted(CALLS.items()))}")


def _finite_nonneg(out):
    if not isinstance(out, CourseDataError):
        values = np.asarray(out, dtype=float)
        assert np.isfinite(values).all() and (values >= 0).all(), out


def _probability(out):
    if not isinstance(out, CourseDataError):
        values = np.asarray(out, dtype=float)
        assert ((values >= 0) & (values <= 1)).all(), out


def test_every_public_helper_is_covered():
    covered = {"clv_simple", "margin_multiple", "btyd_summary", "fit_bgnbd", "bgnbd_log_likelihood",
               "expected_purchases", "expected_purchases_new", "p_alive", "fit_gamma_gamma",
               "gamma_gamma_log_likelihood", "expected_spend", "predicted_value", "PUBLISHED_CDNOW"}
    assert set(lt.__all__) == covered


def test_the_valid_inputs_work():
    s = call("btyd_summary", lt.btyd_summary, TX, end="1997-03-31")
    assert list(s.columns) == ["frequency", "recency", "T", "monetary"]
    assert 0 < call("p_alive", lt.p_alive, BG, SUMMARY["frequency"], SUMMARY["recency"], SUMMARY["T"]).min() <= 1
    _finite_nonneg(call("predicted_value", lt.predicted_value, BG, GG, SUMMARY, horizon=10, discount=0.01))


# ---------------------------------------------------------------------------- simple CLV

@SETTINGS
@given(hostile_scalars, st.sampled_from(["margin", "retention", "discount"]))
def test_clv_scalars(value, which):
    args = {"margin": 100.0, "retention": 0.8, "discount": 0.1, which: value}
    _finite_nonneg(call("clv_simple", lt.clv_simple, **args))
    if which != "margin":
        _finite_nonneg(call("margin_multiple", lt.margin_multiple, args["retention"], args["discount"]))


@SETTINGS
@given(hostile_vectors, st.sampled_from(["margin", "retention", "discount"]))
def test_clv_vectors(values, which):
    args = {"margin": 100.0, "retention": 0.8, "discount": 0.1, which: values}
    _finite_nonneg(call("clv_simple(vector)", lt.clv_simple, **args))
    if which != "margin":
        _finite_nonneg(call("margin_multiple(vector)", lt.margin_multiple, args["retention"], args["discount"]))


# ---------------------------------------------------------------------------- the summary

@SETTINGS
@given(hostile_frames(TX))
def test_btyd_summary_hostile_frames(frame):
    out = call("btyd_summary", lt.btyd_summary, frame, end="1997-03-31", holdout_end="1997-06-30")
    if isinstance(out, pd.DataFrame):
        assert (out["frequency"] >= 0).all() and (out["recency"] <= out["T"]).all()
        assert np.isfinite(out["monetary"]).all()


@SETTINGS
@given(hostile_scalars, st.sampled_from(["end", "start", "holdout_end", "unit_days", "customer", "date", "amount"]))
def test_btyd_summary_scalars(value, which):
    kwargs = {"end": "1997-03-31", which: value}
    call(f"btyd_summary({which}=)", lt.btyd_summary, TX, **kwargs)


# ---------------------------------------------------------------------------- models on a summary

@SETTINGS
@given(hostile_frames(SUMMARY))
def test_summary_helpers_hostile_frames(frame):
    call("bgnbd_log_likelihood", lt.bgnbd_log_likelihood, BG, frame)
    call("gamma_gamma_log_likelihood", lt.gamma_gamma_log_likelihood, GG, frame)
    _finite_nonneg(call("predicted_value", lt.predicted_value, BG, GG, frame, horizon=20))


@SLOW
@given(hostile_frames(SUMMARY))
def test_fits_hostile_frames(frame):
    call("fit_bgnbd", lt.fit_bgnbd, frame)
    call("fit_gamma_gamma", lt.fit_gamma_gamma, frame)


@SETTINGS
@given(hostile_params)
def test_hostile_parameters(params):
    f, r, T = SUMMARY["frequency"], SUMMARY["recency"], SUMMARY["T"]
    _probability(call("p_alive(params)", lt.p_alive, params, f, r, T))
    _finite_nonneg(call("expected_purchases(params)", lt.expected_purchases, params, 10, f, r, T))
    _finite_nonneg(call("expected_purchases_new(params)", lt.expected_purchases_new, params, 10))
    call("bgnbd_log_likelihood(params)", lt.bgnbd_log_likelihood, params, SUMMARY)
    call("gamma_gamma_log_likelihood(params)", lt.gamma_gamma_log_likelihood, params, SUMMARY)
    _finite_nonneg(call("expected_spend(params)", lt.expected_spend, params, f, SUMMARY["monetary"]))
    _finite_nonneg(call("predicted_value(params)", lt.predicted_value, params, GG, SUMMARY, horizon=5))
    _finite_nonneg(call("predicted_value(gg params)", lt.predicted_value, BG, params, SUMMARY, horizon=5))


@SETTINGS
@given(st.one_of(hostile_scalars, hostile_vectors), st.sampled_from(["frequency", "recency", "T", "monetary", "t"]))
def test_hostile_columns_and_times(value, which):
    cols = {"frequency": 2, "recency": 30.0, "T": 38.0, "monetary": 20.0, "t": 10, which: value}
    _probability(call("p_alive", lt.p_alive, BG, cols["frequency"], cols["recency"], cols["T"]))
    _finite_nonneg(call("expected_purchases", lt.expected_purchases, BG, cols["t"], cols["frequency"],
                        cols["recency"], cols["T"]))
    _finite_nonneg(call("expected_spend", lt.expected_spend, GG, cols["frequency"], cols["monetary"]))
    if which == "t":
        _finite_nonneg(call("expected_purchases_new", lt.expected_purchases_new, BG, value))


@SETTINGS
@given(hostile_scalars, st.sampled_from(["horizon", "margin", "discount", "frequency", "monetary"]))
def test_predicted_value_scalars(value, which):
    kwargs = {"horizon": 20, which: value}
    _finite_nonneg(call(f"predicted_value({which}=)", lt.predicted_value, BG, GG, SUMMARY, **kwargs))
    if which in ("frequency", "monetary"):
        call(f"fit_gamma_gamma({which}=)", lt.fit_gamma_gamma, SUMMARY, **{which: value})
        call(f"gamma_gamma_log_likelihood({which}=)", lt.gamma_gamma_log_likelihood, GG, SUMMARY, **{which: value})


def test_raising_objects_and_str_subclasses():
    for value in (Raiser(), HostileStr("x"), HostileStr("frequency")):
        call("fit_bgnbd(frequency=)", lt.fit_bgnbd, SUMMARY, frequency=value)
        call("btyd_summary(customer=)", lt.btyd_summary, TX, customer=value, end="1997-03-31")
        call("clv_simple", lt.clv_simple, value, 0.8, 0.1)
        call("expected_purchases_new", lt.expected_purchases_new, BG, [value])
        call("clv_simple(vector)", lt.clv_simple, [value, 100.0], 0.8, 0.1)


def test_a_long_discounted_horizon_is_refused_not_run():
    out = call("predicted_value", lt.predicted_value, BG, GG, SUMMARY, horizon=1e9, discount=0.001)
    assert isinstance(out, CourseDataError) and "too long" in str(out)
