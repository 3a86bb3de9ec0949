"""Hostile input for crmcourse.accounts: only CourseDataError may escape, whatever a caller passes.

Covers every public helper of the package (``crmcourse.accounts.__all__``) with hostile scalars
(None, bools, NaN, ±inf, huge and tiny numbers, integers beyond float range, text, Chinese,
lists, dicts, sets, objects whose methods raise, str subclasses, dates), hostile vectors (each
hostile column kind) and hostile frames (empty, duplicate or multi-level columns and indexes,
Chinese column names, each column replaced by each hostile kind, a column dropped, wrong types).
When a helper returns, the answer is checked for the silent wrong answers issue 12 found (shares
of 0 and NaN when the total overflows, infinite totals). The number of calls is printed at the
end (run with ``-s`` to see it).
"""
from __future__ import annotations

import collections
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import accounts as ac
from crmcourse.errors import CourseDataError

from .strategies import COLUMN_KINDS, HostileStr, corrupt, hostile_frames, hostile_scalars

CALLS: collections.Counter = collections.Counter()
REFUSED: collections.Counter = collections.Counter()

SETTINGS = settings(max_examples=int(os.environ.get("CRMCOURSE_HOSTILE_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

VALUES = pd.DataFrame({"value": [50.0, 30.0, 15.0, 5.0]}, index=["K1", "K2", "K3", "K4"])
DEALS = pd.DataFrame({"stage": ["Prospecting", "Qualification", "Closed Won", "Negotiation/Review"],
                      "amount": [100_000.0, 20_000.0, 50_000.0, 10_000.0]})
HISTORY = pd.DataFrame({"opportunity_id": ["O1", "O1", "O2", "O3"],
                        "stage": ["Prospecting", "Qualification", "Prospecting", "Prospecting"],
                        "entered_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"])})
CONTACTS = pd.DataFrame({"account_id": ["K1", "K1", "K2"], "contact_id": ["c1", "c2", "c3"],
                         "buying_role": ["economic buyer", "coach", "user buyer"]})
TEAM = pd.DataFrame({"account_id": ["K1", "K2", "K2"], "rep_id": ["r1", "r1", "r2"],
                     "covers_contact_id": ["c1", None, "c3"]})

hostile_vectors = st.one_of(
    st.lists(hostile_scalars, max_size=5),
    st.sampled_from(COLUMN_KINDS).map(lambda kind: corrupt(VALUES, "replace", "value", kind)["value"]),
    st.sampled_from([np.zeros((2, 2)), {1, 2}, {"K1": 5, "K2": "x"}, "12", 7, None, VALUES.assign(b=1),
                     pd.Series([], dtype=float), pd.Series([5, 10], index=pd.MultiIndex.from_arrays([[0, 0], [1, 2]])),
                     [1e308, 1e308], pd.Series([10 ** 400, 1], dtype=object)]),
)
hostile_tables = st.one_of(
    st.dictionaries(st.one_of(st.sampled_from(list(ac.SALES_STAGES) + ["x", "", "满意"]), st.integers(), st.floats(),
                              st.none(), st.just(HostileStr("Prospecting"))), hostile_scalars, max_size=4),
    hostile_scalars, hostile_vectors)


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


@pytest.fixture(scope="module", autouse=True)
def report_calls():
    yield
    print(f"\nhostile accounts calls: {sum(CALLS.values())} ({sum(REFUSED.values())} refused); {dict(CALLS)}")


def test_every_public_helper_is_covered():
    helpers = {n for n in ac.__all__ if callable(getattr(ac, n)) and not n.isupper()}
    assert helpers == {"pareto_table", "abc_classes", "assign_tiers", "postal_tiers", "portfolio_quadrants",
                       "share_of_wallet", "probabilities", "weighted_pipeline", "stage_conversion", "stuck_deals",
                       "coverage_gaps"}


@SETTINGS
@given(hostile_vectors, hostile_scalars, hostile_scalars)
def test_ranking_helpers(values, a, b):
    table = call("pareto_table", ac.pareto_table, values)
    if isinstance(table, pd.DataFrame):  # issue 12: shares of 0 and NaN when the total overflowed
        assert np.isfinite(table.drop(columns="rank").to_numpy(dtype=float)).all()
        assert table["share"].sum() == pytest.approx(1.0)
    call("abc_classes", ac.abc_classes, values)
    call("abc_classes", ac.abc_classes, [3, 2, 1], a=a, b=b)
    call("assign_tiers", ac.assign_tiers, values, ac.POSTAL_TIERS)
    call("assign_tiers", ac.assign_tiers, [5, 10], {"VIP": a, "gold": b}, below=b)
    call("assign_tiers", ac.assign_tiers, [5, 10], a)
    call("postal_tiers", ac.postal_tiers, a)


@SETTINGS
@given(hostile_vectors, hostile_vectors, hostile_scalars)
def test_portfolio_and_wallet(first, second, cut):
    call("portfolio_quadrants", ac.portfolio_quadrants, first, second)
    call("portfolio_quadrants", ac.portfolio_quadrants, [8, 3], [2, 9], cut=cut)
    share = call("share_of_wallet", ac.share_of_wallet, first, second)
    if isinstance(share, pd.Series):
        assert np.isfinite(share.to_numpy(dtype=float)).all()
    call("share_of_wallet", ac.share_of_wallet, VALUES["value"], first)


@SETTINGS
@given(hostile_frames(DEALS), hostile_tables, st.one_of(hostile_scalars, st.lists(hostile_scalars, max_size=3)))
def test_pipeline(frame, probabilities, closed):
    out = call("weighted_pipeline", ac.weighted_pipeline, frame)
    if isinstance(out, pd.DataFrame):
        assert np.isfinite(out[["amount", "expected"]].to_numpy(dtype=float)).all()
    call("weighted_pipeline", ac.weighted_pipeline, DEALS, probabilities)
    call("weighted_pipeline", ac.weighted_pipeline, DEALS, closed=closed)
    out = call("probabilities", ac.probabilities, probabilities)
    if isinstance(out, dict):
        assert all(0 <= p <= 1 for p in out.values())


@SETTINGS
@given(hostile_frames(HISTORY), hostile_scalars, hostile_scalars,
       st.one_of(hostile_scalars, st.lists(hostile_scalars, max_size=3)))
def test_stage_history(frame, snapshot, days, stages):
    call("stage_conversion", ac.stage_conversion, frame)
    call("stage_conversion", ac.stage_conversion, HISTORY, stages=stages)
    call("stage_conversion", ac.stage_conversion, HISTORY, won=days)
    call("stuck_deals", ac.stuck_deals, frame, "2026-01-01")
    call("stuck_deals", ac.stuck_deals, HISTORY, snapshot)
    call("stuck_deals", ac.stuck_deals, HISTORY, days=days)


@SETTINGS
@given(hostile_frames(CONTACTS), hostile_frames(TEAM), hostile_scalars)
def test_coverage_gaps(contacts, team, min_people):
    call("coverage_gaps", ac.coverage_gaps, contacts, TEAM)
    call("coverage_gaps", ac.coverage_gaps, CONTACTS, team)
    call("coverage_gaps", ac.coverage_gaps, CONTACTS, TEAM, min_people=min_people)
