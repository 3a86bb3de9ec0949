"""Hostile input for crmcourse.loyalty: only CourseDataError may escape, whatever a caller passes.

Covers every public helper of the package (``crmcourse.loyalty.__all__``) with hostile scalars
(None, bools, NaN, ±inf, huge and tiny numbers, integers beyond float range, text, Chinese,
lists, dicts, sets, objects whose methods raise, str subclasses, timezone-aware dates), hostile
frames (empty, duplicate or multi-level columns and indexes, Chinese column names, each column
replaced by each hostile kind — timezone-aware, integer, mixed and day/month dates among them —
a column dropped, wrong types). When a helper returns, the answer is checked for the silent
wrong answers issue 12 found (dates guessed, a referral dropped). The number of calls is printed
at the end (run with ``-s`` to see it).
"""
from __future__ import annotations

import collections
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import loyalty
from crmcourse.errors import CourseDataError

from .strategies import COLUMN_KINDS, HostileStr, corrupt, hostile_frames, hostile_scalars

CALLS: collections.Counter = collections.Counter()
REFUSED: collections.Counter = collections.Counter()

SETTINGS = settings(max_examples=int(os.environ.get("CRMCOURSE_HOSTILE_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

TX = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
                   "date": ["2024-03-01", "2025-01-05", "2024-06-01", "2025-12-20"],
                   "amount": [900.0, 50.0, 100.0, 20.0]})
SEGMENTS = pd.DataFrame({"customers": [2000, 300, 40], "margin": [150.0, 3000.0, 20000.0]},
                        index=["ordinary", "gold", "diamond"])
BANDS = pd.DataFrame({"customers": [100, 10], "spend": [200.0, 6000.0], "retention": [0.4, 0.85]},
                     index=["ordinary", "gold"])
REFERRALS = pd.DataFrame({"referrer_id": ["m1", "m1", "m2"], "first_purchase": [150.0, 500.0, 300.0],
                          "paid": [True, True, False]})
CUSTOMERS = pd.DataFrame({"customer_id": ["a", "b", "c"], "name": ["Li Na", "Wu Kai", "满意"],
                          "birthday": ["01-03", "12-30", "02-29"], "opted_out": [False, False, True]})
SPEND = pd.DataFrame({"spend": [500.0, 800.0, 12_000.0]})

hostile_vectors = st.one_of(
    st.lists(hostile_scalars, max_size=5),
    st.sampled_from(COLUMN_KINDS).map(lambda kind: corrupt(SPEND, "replace", "spend", kind)["spend"]),
    st.sampled_from([np.zeros((2, 2)), {1, 2}, {"a": 5, "b": "x"}, "12", 7, None, pd.Series([], dtype=float)]),
)
hostile_keys = st.one_of(st.sampled_from(["ordinary", "silver", "满意", "", " "]), st.integers(), st.floats(),
                         st.none(), st.just(HostileStr("gold")))
hostile_pairs = st.one_of(st.tuples(hostile_scalars, hostile_scalars), st.lists(hostile_scalars, max_size=3),
                          hostile_scalars)


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
    print(f"\nhostile loyalty calls: {sum(CALLS.values())} ({sum(REFUSED.values())} refused); {dict(CALLS)}")


def test_every_public_helper_is_covered():
    helpers = {n for n in loyalty.__all__ if callable(getattr(loyalty, n)) and not n.isupper()}
    assert helpers == {"relationship_level", "level_for_segments", "repeat_purchase_rate", "spend_by_customer",
                       "spend_bands", "retention_by_band", "programme_economics", "referral_voucher",
                       "referral_rewards", "birthdays_between", "first_purchase_due", "template_fields",
                       "MessageBatch", "render_messages"}  # MessageBatch is the result type, not a check


@SETTINGS
@given(hostile_scalars, hostile_scalars, hostile_frames(SEGMENTS), hostile_pairs)
def test_frameworks(a, b, segments, cuts):
    out = call("relationship_level", loyalty.relationship_level, a, b)
    if isinstance(out, str):
        assert out in set(loyalty.KOTLER_GRID.to_numpy().ravel())
    call("level_for_segments", loyalty.level_for_segments, segments)
    call("level_for_segments", loyalty.level_for_segments, SEGMENTS, customer_cuts=cuts)


@SETTINGS
@given(hostile_frames(TX), hostile_scalars, hostile_scalars)
def test_purchases(frame, start, end):
    spend = call("spend_by_customer", loyalty.spend_by_customer, frame, "2024-01-01", "2025-12-31")
    if isinstance(spend, pd.Series):  # issue 12: dates guessed gave 50 instead of 150, or nothing
        dates = frame["date"]
        assert not pd.api.types.is_numeric_dtype(dates.dtype)
        assert np.isfinite(spend.to_numpy(dtype=float)).all()
    call("repeat_purchase_rate", loyalty.repeat_purchase_rate, frame)
    call("retention_by_band", loyalty.retention_by_band, frame, 2024)
    call("first_purchase_due", loyalty.first_purchase_due, frame)
    call("repeat_purchase_rate", loyalty.repeat_purchase_rate, TX, start, end)
    call("spend_by_customer", loyalty.spend_by_customer, TX, start, "2025-12-31")
    call("retention_by_band", loyalty.retention_by_band, TX, start)
    call("first_purchase_due", loyalty.first_purchase_due, TX, on=start)


@SETTINGS
@given(hostile_vectors, st.one_of(st.none(), st.dictionaries(hostile_keys, hostile_scalars, max_size=3)),
       hostile_frames(BANDS), hostile_scalars, st.sampled_from(["margin_rate", "benefit_rate", "cost_per_member",
                                                                "churn_cut", "discount_rate"]))
def test_bands_and_programme(spend, thresholds, bands, value, parameter):
    call("spend_bands", loyalty.spend_bands, spend)
    call("spend_bands", loyalty.spend_bands, SPEND["spend"], thresholds)
    out = call("programme_economics", loyalty.programme_economics, bands)
    if isinstance(out, pd.DataFrame):
        assert np.isfinite(out.drop(columns="enrol").to_numpy(dtype=float)).all()
    call("programme_economics", loyalty.programme_economics, BANDS, **{parameter: value})
    call("first_purchase_due", loyalty.first_purchase_due, TX, lag=value)


@SETTINGS
@given(st.one_of(hostile_scalars, hostile_vectors), st.one_of(hostile_scalars, hostile_vectors),
       st.one_of(hostile_pairs, st.lists(hostile_pairs, max_size=3)), hostile_frames(REFERRALS))
def test_referral(purchase, paid, tiers, referrals):
    call("referral_voucher", loyalty.referral_voucher, purchase)
    call("referral_voucher", loyalty.referral_voucher, 300.0, paid=paid)
    call("referral_voucher", loyalty.referral_voucher, [300.0, 20.0], paid=paid)
    call("referral_voucher", loyalty.referral_voucher, 300.0, tiers=tiers)
    out = call("referral_rewards", loyalty.referral_rewards, referrals)
    if isinstance(out, pd.DataFrame):  # issue 12: a row without a referrer was dropped
        assert out["referred"].sum() == len(referrals)


@SETTINGS
@given(hostile_frames(CUSTOMERS), hostile_scalars, hostile_scalars,
       st.one_of(hostile_scalars, st.sampled_from(["Hi $name", "Hi ${name} $$5", "Hi $shop", "$", " "])),
       st.one_of(hostile_scalars, st.dictionaries(st.sampled_from(["name", "shop", "x"]), hostile_scalars,
                                                  max_size=2)))
def test_care(customers, start, end, template, values):
    call("birthdays_between", loyalty.birthdays_between, customers, "2025-12-28", "2026-03-01")
    call("birthdays_between", loyalty.birthdays_between, CUSTOMERS, start, end)
    call("template_fields", loyalty.template_fields, template)
    batch = call("render_messages", loyalty.render_messages, customers, "Hi $name", on_problem="skip")
    if isinstance(batch, loyalty.MessageBatch):
        assert len(batch.messages) + len(batch.skipped) == len(customers)
        assert not batch.messages["message"].str.contains(r"\$").any()
    call("render_messages", loyalty.render_messages, CUSTOMERS, template, values=values)
    call("render_messages", loyalty.render_messages, CUSTOMERS, "Hi $name", max_length=start, on_problem=end)
