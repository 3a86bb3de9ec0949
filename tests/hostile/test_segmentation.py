"""Hostile input for crmcourse.segmentation: only CourseDataError may escape, whatever a caller passes.

Covers every public helper of the package (``crmcourse.segmentation.__all__``) with hostile
scalars for every argument (None, bools, NaN, ±inf, huge and tiny numbers, integers beyond float
range, text, Chinese, lists, dicts, sets, objects whose methods raise, str subclasses, dates),
hostile frames for every table argument (empty, duplicate or multi-level columns and indexes,
Chinese column names, each column replaced by each hostile kind — nested objects, NaN, ±inf, huge
integers, Chinese text, timezone-aware dates, integer dates, day/month text, booleans, None,
raising objects — a column dropped, wrong types) and hostile cells in each column. When a helper
returns, the answer is checked against the contract (no negative recency, one label per row,
finite totals). The number of calls is printed at the end (run with ``-s`` to see it).
"""
from __future__ import annotations

import collections
import math
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import segmentation as sg
from crmcourse.errors import CourseDataError

from .strategies import COLUMN_KINDS, HostileStr, Raiser, corrupt, hostile_frames, hostile_scalars

CALLS: collections.Counter = collections.Counter()
REFUSED: collections.Counter = collections.Counter()
ESCAPES: list = []

SETTINGS = settings(max_examples=int(os.environ.get("CRMCOURSE_HOSTILE_EXAMPLES", "30")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SLOW = settings(SETTINGS, max_examples=max(5, SETTINGS.max_examples // 3))

SNAPSHOT = "2026-01-01"
TX = pd.DataFrame({
    "transaction_id": [f"T{i:03d}" for i in range(8)],
    "customer_id": ["C1", "C1", "C2", "C3", "C3", "C4", "C5", "C5"],
    "date": pd.to_datetime(["2025-01-05", "2025-06-01", "2025-03-03", "2025-12-31 23:59", "2025-11-11",
                            "2024-07-07", "2025-09-09", "2025-10-10"], format="ISO8601"),
    "amount": [100.0, 50.0, 30.0, 200.0, 20.0, 5.0, 80.0, 60.0],
})
RFM = pd.DataFrame({"recency": [5, 40, 200, 10, 90, 60], "frequency": [9, 3, 1, 5, 2, 2],
                    "monetary": [900.0, 250.0, 40.0, 400.0, 120.0, 99.0]}, index=list("ABCDEF"))
SCORES = pd.DataFrame({"R": [5, 5, 3, 1, 2], "F": [5, 1, 3, 5, 1]}, index=list("ABCDE"))
CUSTOMERS = pd.DataFrame({
    "customer_id": ["S1", "S2", "S3", "S4", "S5", "S6"],
    "x": [1.0, 1.2, 0.8, 9.0, 9.2, 8.8], "y": [0.0, 0.3, 0.1, 5.0, 5.2, 4.9],
    "tier": ["basic", "basic", "premium", "premium", "basic", "premium"],
    "usage": [4, 0, 2, 7, 1, 3], "ok": [True, True, False, True, True, False],
})
LABELS = pd.Series([1, 1, 1, 2, 2, 2])
RULES = pd.DataFrame({"offer_id": ["O1", "O2"], "tier": ["basic", "premium"], "min_usage": [1, None]})
OFFERS = pd.DataFrame({"offer_id": ["O1", "O2"], "target_tier": ["basic", "premium"],
                       "cost_per_contact": [2.0, 5.0], "margin_if_accepted": [40.0, 300.0]})
RESPONSE = pd.DataFrame({"customer_id": [c for c in CUSTOMERS["customer_id"] for _ in range(2)],
                         "offer_id": ["O1", "O2"] * 6, "response_propensity": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] * 2})
CONTACTS = pd.DataFrame({"customer_id": ["S1", "S2", "S1", "S3"], "channel": ["sms", "call", "app", "app"],
                         "score": [3.0, 5.0, 8.0, 1.0]})




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
    print(f"\nhostile segmentation calls: {sum(CALLS.values())}, refused with CourseDataError: "
          f"{sum(REFUSED.values())}, escapes: {len(ESCAPES)}; per helper: {dict(sorted(CALLS.items()))}")


def test_every_public_helper_is_covered():
    covered = {"segmentation_checklist", "RFM_SEGMENTS", "rfm_table", "rfm_scores", "rfm_segments",
               "rfm_segment_grid", "CUSTOMER_TYPES", "customer_type_strategies", "value_expectation_matrix",
               "kmeans_segments", "k_diagnostics", "segment_profile", "segment_stability", "segment_actionability",
               "match_offers", "one_contact_per_customer", "campaign_simulation", "bank_classes"}
    assert set(sg.__all__) == covered


def test_the_valid_inputs_work():
    assert call("rfm_table", sg.rfm_table, TX, snapshot=SNAPSHOT).loc["C3", "recency"] == 1
    assert isinstance(call("campaign_simulation", sg.campaign_simulation, CUSTOMERS, OFFERS, response=RESPONSE),
                      pd.Series)
    for name in ("segmentation_checklist", "customer_type_strategies", "rfm_segment_grid", "bank_classes"):
        assert isinstance(call(name, getattr(sg, name)), pd.DataFrame)


# ---------------------------------------------------------------------------- answers that return

def _rfm_ok(out, frame):
    if isinstance(out, pd.DataFrame):
        assert (out["recency"] >= 0).all() and (out["frequency"] >= 1).all()
        assert np.isfinite(out["monetary"].to_numpy()).all()
        assert out["frequency"].sum() <= len(frame)


def _labels_ok(out, frame):
    if isinstance(out, pd.Series):
        assert len(out) == len(frame) and out.notna().all()


# ---------------------------------------------------------------------------- frames

@SETTINGS
@given(hostile_frames(TX))
def test_rfm_table_hostile_frames(frame):
    for returns in ("error", "net"):
        _rfm_ok(call("rfm_table", sg.rfm_table, frame, snapshot=SNAPSHOT, returns=returns, duplicates="drop"), frame)


@SETTINGS
@given(hostile_frames(RFM))
def test_rfm_scores_hostile_frames(frame):
    out = call("rfm_scores", sg.rfm_scores, frame, bins=3)
    if isinstance(out, pd.DataFrame):
        assert out[["R", "F", "M"]].isin([1, 2, 3]).all().all()
    call("rfm_scores(together)", sg.rfm_scores, frame, bins=2, ties="together")


@SETTINGS
@given(hostile_frames(SCORES))
def test_rfm_segments_hostile_frames(frame):
    _labels_ok(call("rfm_segments", sg.rfm_segments, frame), frame)


@SETTINGS
@given(hostile_frames(CUSTOMERS))
def test_matrix_and_profile_hostile_frames(frame):
    _labels_ok(call("value_expectation_matrix", sg.value_expectation_matrix, frame, "x", "y"), frame)
    labels = pd.Series(np.arange(len(frame)) % 2, index=frame.index) if isinstance(frame, pd.DataFrame) else LABELS
    call("segment_profile", sg.segment_profile, frame, labels, ["x", "y"])
    call("segment_profile(all numeric)", sg.segment_profile, frame, labels)
    call("segment_actionability", sg.segment_actionability, frame, labels, ["x", "y"], reachable="ok")


@SLOW
@given(hostile_frames(CUSTOMERS))
def test_clustering_hostile_frames(frame):
    _labels_ok(call("kmeans_segments", sg.kmeans_segments, frame, ["x", "y"], k=2, n_init=1), frame)
    call("k_diagnostics", sg.k_diagnostics, frame, ["x", "y"], ks=[2, 3], n_init=1)
    call("segment_stability", sg.segment_stability, frame, ["x", "y"], k=2, n_boot=2, n_init=1)


@SETTINGS
@given(hostile_frames(CUSTOMERS), hostile_frames(RULES))
def test_match_offers_hostile_frames(customers, rules):
    call("match_offers", sg.match_offers, customers, RULES)
    call("match_offers(rules)", sg.match_offers, CUSTOMERS, rules)


@SETTINGS
@given(hostile_frames(CONTACTS))
def test_one_contact_hostile_frames(frame):
    out = call("one_contact_per_customer", sg.one_contact_per_customer, frame, score="score")
    if isinstance(out, pd.DataFrame):
        assert not out["customer_id"].duplicated().any()
    call("one_contact_per_customer(no score)", sg.one_contact_per_customer, frame)


@SLOW
@given(st.sampled_from(["customers", "offers", "response"]), st.data())
def test_campaign_hostile_frames(which, draw):
    tables = {"customers": CUSTOMERS, "offers": OFFERS, "response": RESPONSE}
    tables[which] = draw.draw(hostile_frames(tables[which]))
    for targeted in (True, False):
        out = call("campaign_simulation", sg.campaign_simulation, tables["customers"], tables["offers"],
                   response=tables["response"], targeted=targeted)
        if isinstance(out, pd.Series):
            assert 0 <= out["success_rate"] <= 1 and math.isfinite(out["net"])


# ---------------------------------------------------------------------------- scalars

@SETTINGS
@given(hostile_scalars)
def test_rfm_scalar_arguments(value):
    _rfm_ok(call("rfm_table(snapshot=)", sg.rfm_table, TX, snapshot=value), TX)
    for arg in ("returns", "duplicates", "monetary", "customer", "date", "amount"):
        call(f"rfm_table({arg}=)", sg.rfm_table, TX, snapshot=SNAPSHOT, **{arg: value})
    for arg in ("bins", "ties", "recency"):
        call(f"rfm_scores({arg}=)", sg.rfm_scores, RFM, **{arg: value})
    call("rfm_segments(r=)", sg.rfm_segments, SCORES, r=value)


@SETTINGS
@given(hostile_scalars)
def test_matrix_and_targeting_scalar_arguments(value):
    for arg in ("value_cut", "expectation_cut"):
        call(f"value_expectation_matrix({arg}=)", sg.value_expectation_matrix, CUSTOMERS, "x", "y", **{arg: value})
    call("value_expectation_matrix(value=)", sg.value_expectation_matrix, CUSTOMERS, value, "y")
    call("segment_profile(labels=)", sg.segment_profile, CUSTOMERS, value)
    call("segment_profile(features=)", sg.segment_profile, CUSTOMERS, LABELS, value)
    for arg in ("min_share", "min_distance", "min_reachable", "reachable"):
        call(f"segment_actionability({arg}=)", sg.segment_actionability, CUSTOMERS, LABELS, ["x"], **{arg: value})
    call("match_offers(customer=)", sg.match_offers, CUSTOMERS, RULES, customer=value)
    call("one_contact_per_customer(score=)", sg.one_contact_per_customer, CONTACTS, score=value)
    call("one_contact_per_customer(customer=)", sg.one_contact_per_customer, CONTACTS, customer=value)
    for arg in ("targeted", "choose", "random_state", "response", "rules", "customer"):
        kwargs = {"response": RESPONSE, arg: value}
        call(f"campaign_simulation({arg}=)", sg.campaign_simulation, CUSTOMERS, OFFERS, **kwargs)


@SLOW
@given(hostile_scalars)
def test_clustering_scalar_arguments(value):
    for arg in ("k", "random_state", "n_init"):
        kwargs = {"k": 2, "n_init": 1, arg: value}
        call(f"kmeans_segments({arg}=)", sg.kmeans_segments, CUSTOMERS, ["x", "y"], **kwargs)
    call("kmeans_segments(features=)", sg.kmeans_segments, CUSTOMERS, value, k=2, n_init=1)
    for arg in ("ks", "sample_size"):
        kwargs = {"ks": [2], "n_init": 1, arg: value}
        call(f"k_diagnostics({arg}=)", sg.k_diagnostics, CUSTOMERS, ["x", "y"], **kwargs)
    call("segment_stability(n_boot=)", sg.segment_stability, CUSTOMERS, ["x", "y"], k=2, n_boot=value, n_init=1)


# ---------------------------------------------------------------------------- cells

@SETTINGS
@given(st.sampled_from(list(TX.columns)), st.lists(hostile_scalars, min_size=1, max_size=4))
def test_hostile_cells_in_each_transaction_column(column, values):
    frame = pd.concat([TX] * 2, ignore_index=True).head(max(len(values), 2)).copy()
    frame["transaction_id"] = [f"T{i}" for i in range(len(frame))]
    cells = np.empty(len(frame), dtype=object)
    cells[:] = (values * 2)[: len(frame)]
    frame[column] = cells
    _rfm_ok(call("rfm_table(cells)", sg.rfm_table, frame, snapshot=SNAPSHOT, returns="net"), frame)


@SETTINGS
@given(st.sampled_from(["x", "y", "tier", "usage", "customer_id"]), st.lists(hostile_scalars, min_size=6, max_size=6))
def test_hostile_cells_in_each_customer_column(column, values):
    frame = CUSTOMERS.copy()
    cells = np.empty(len(frame), dtype=object)
    cells[:] = values
    frame[column] = cells
    call("value_expectation_matrix(cells)", sg.value_expectation_matrix, frame, "x", "y")
    call("match_offers(cells)", sg.match_offers, frame, RULES)
    call("segment_profile(labels cells)", sg.segment_profile, CUSTOMERS, list(values))


@pytest.mark.parametrize("kind", COLUMN_KINDS)
def test_each_hostile_column_kind_as_ids(kind):
    frame = corrupt(TX, "replace", "customer_id", kind)
    _rfm_ok(call("rfm_table(ids)", sg.rfm_table, frame, snapshot=SNAPSHOT), frame)
    contacts = corrupt(CONTACTS, "replace", "customer_id", kind)
    call("one_contact_per_customer(ids)", sg.one_contact_per_customer, contacts, score="score")


def test_raising_and_str_subclass_arguments():
    for value in (Raiser(), HostileStr("x"), HostileStr("customer_id")):
        call("rfm_table(customer=)", sg.rfm_table, TX, customer=value, snapshot=SNAPSHOT)
        call("kmeans_segments(features=)", sg.kmeans_segments, CUSTOMERS, [value], k=2)
        call("segment_profile(labels=)", sg.segment_profile, CUSTOMERS, [value] * 6)
        cells = pd.Series([value] * 6, dtype=object)
        call("value_expectation_matrix(cells)", sg.value_expectation_matrix, CUSTOMERS.assign(x=cells), "x", "y")
        call("rfm_table(cells)", sg.rfm_table, TX.assign(date=pd.Series([value] * 8, dtype=object)), snapshot=SNAPSHOT)
