"""Module 4, predicting lifetime value: the shipped CDNOW data and the BG/NBD + Gamma-Gamma models.

The published estimates on the CDNOW sample (2,357 customers, 39-week calibration):
BG/NBD r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, log-likelihood -9582.4 (Fader, Hardie & Lee
2005, Marketing Science); Gamma-Gamma p = 6.25, q = 3.74, gamma = 15.44 on the 946 customers with
repeat purchases (Fader, Hardie & Lee 2005, JMR; Fader & Hardie 2013). The formulas for P(alive) and
the conditional expectation are also checked against a Monte Carlo simulation of the model itself.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import data
from crmcourse import lifetime as lt
from crmcourse.errors import CourseDataError

CDNOW = Path(__file__).resolve().parents[1] / "data" / "cdnow"
PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "gamma": 15.44}


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    return lt.btyd_summary(data.load_cdnow("sample"), end="1997-09-30", holdout_end="1998-06-30")


# ----------------------------------------------------------------------------- the shipped files
def test_cdnow_files_match_their_checksums():
    listed = dict(reversed(line.split()) for line in (CDNOW / "SHA256SUMS.txt").read_text().splitlines())
    assert set(listed) == {"CDNOW_master.txt", "CDNOW_sample.txt"}
    for name, digest in listed.items():
        assert hashlib.sha256((CDNOW / name).read_bytes()).hexdigest() == digest, f"{name} was changed"
    # the same digests as the files inside the lifetimes 0.11.3 wheel
    assert listed["CDNOW_master.txt"].startswith("eff6889ed364")
    assert listed["CDNOW_sample.txt"].startswith("6fae10155c0b")


def test_cdnow_licence_and_origin_are_shipped():
    licence = (CDNOW / "LICENSE.txt").read_text()
    assert "MIT License" in licence and "Cameron Davidson-Pilon" in licence
    readme = (CDNOW / "README.md").read_text(encoding="utf-8")
    assert "Fader" in readme and "Hardie" in readme and "lifetimes" in readme and "0.11.3" in readme


def test_load_cdnow_shapes_and_types():
    master = data.load_cdnow()
    assert master.shape == (69_659, 4) and master["customer_id"].nunique() == 23_570
    assert list(master.columns) == ["customer_id", "date", "cds", "amount"]
    assert str(master["date"].dtype).startswith("datetime64")
    assert master["date"].min() == pd.Timestamp("1997-01-01") and master["date"].max() == pd.Timestamp("1998-06-30")
    assert (master["amount"] >= 0).all() and (master["cds"] >= 1).all()
    sample = data.load_cdnow("sample")
    assert sample.shape == (6_919, 4) and sorted(sample["customer_id"].unique()) == list(range(1, 2358))
    sample.loc[0, "amount"] = -1.0  # a copy: the cache is not touched
    assert (data.load_cdnow("sample")["amount"] >= 0).all()


def test_load_cdnow_notices_a_changed_file(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    (copy / "cdnow").mkdir(parents=True)
    for name in ("CDNOW_sample.txt", "SHA256SUMS.txt"):
        (copy / "cdnow" / name).write_bytes((CDNOW / name).read_bytes())
    raw = (copy / "cdnow" / "CDNOW_sample.txt").read_bytes()
    (copy / "cdnow" / "CDNOW_sample.txt").write_bytes(raw.replace(b"29.33", b"92.33", 1))
    monkeypatch.setattr("crmcourse.data.paths.data_path", lambda relative="": copy / relative if relative else copy)
    with pytest.raises(CourseDataError, match="differs from the shipped one"):
        data.load_cdnow("sample")
    (copy / "cdnow" / "CDNOW_sample.txt").unlink()
    with pytest.raises(CourseDataError, match="missing"):
        data.load_cdnow("sample")
    with pytest.raises(CourseDataError, match="kind='full'"):
        data.load_cdnow("full")


# ----------------------------------------------------------------------------- the summary
def test_summary_matches_the_papers_data(summary):
    assert len(summary) == 2357
    assert (summary["frequency"] > 0).sum() == 946
    assert int(summary["frequency"].sum()) == 2457  # repeat purchase days in the 39 weeks
    one = summary.loc[1]  # customer 1: purchases on 1997-01-01, 01-18 and 08-02 (+ 12-12, in the holdout)
    assert one["frequency"] == 2 and round(one["recency"], 2) == 30.43 and round(one["T"], 2) == 38.86
    assert round(one["monetary"], 3) == 22.345  # (29.73 + 14.96) / 2
    assert one["holdout_frequency"] == 1


def test_summary_by_hand_merges_same_day_purchases():
    tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
                       "date": ["2024-01-01", "2024-01-08", "2024-01-08", "2024-01-15", "2024-03-01"],
                       "amount": [5.0, 3.0, 4.0, 10.0, 8.0]})
    s = lt.btyd_summary(tx, end="2024-01-29", holdout_end="2024-03-31")
    # a: first 01-01, one repeat day (01-08, 3 + 4 = 7), recency 1 week, T 4 weeks
    assert s.loc["a"].tolist() == [1, 1.0, 4.0, 7.0, 0]
    # b: first 01-15, no repeat in the calibration, T 2 weeks; one purchase day in the holdout
    assert s.loc["b"].tolist() == [0, 0.0, 2.0, 0.0, 1]
    with pytest.raises(CourseDataError, match="negative amounts"):
        lt.btyd_summary(tx.assign(amount=-1.0), end="2024-01-29")
    with pytest.raises(CourseDataError, match="end is required"):
        lt.btyd_summary(tx)
    with pytest.raises(CourseDataError, match="no purchases on or before"):
        lt.btyd_summary(tx, end="2023-01-01")


# ----------------------------------------------------------------------------- the published estimates
def test_bgnbd_fit_reproduces_the_published_estimates(summary):
    params = lt.fit_bgnbd(summary)
    for name, value in PUBLISHED.items():
        assert round(params[name], 2) == round(value, 2), (name, params[name])
        assert abs(params[name] - value) < 1e-3, (name, params[name])  # even to the three decimals printed
    assert params.attrs["log_likelihood"] == pytest.approx(-9582.4, abs=0.05)
    assert lt.bgnbd_log_likelihood(PUBLISHED, summary) == pytest.approx(-9582.4, abs=0.1)
    assert lt.PUBLISHED_CDNOW["bgnbd"] == PUBLISHED


def test_gamma_gamma_fit_reproduces_the_published_estimates(summary):
    params = lt.fit_gamma_gamma(summary)
    assert params.attrs["n"] == 946
    for name, value in PUBLISHED_GG.items():
        assert round(params[name], 2) == value, (name, params[name])
    assert params.attrs["log_likelihood"] == pytest.approx(-4055.92, abs=0.01)


def test_formulas_agree_with_a_simulation_of_the_model():
    r, alpha, a, b = PUBLISHED.values()
    x, tx, T, t = 2, 30.43, 38.86, 39.0
    rng = np.random.default_rng(7)
    n = 400_000
    lam, p = rng.gamma(r, 1 / alpha, n), rng.beta(a, b, n)
    alive_w = (1 - p) ** x * lam ** x * np.exp(-lam * T)
    dead_w = p * (1 - p) ** (x - 1) * lam ** x * np.exp(-lam * tx)

    def future(lam, p):  # purchases in (0, t] of a customer alive at 0
        count, time, alive = np.zeros(n), np.zeros(n), np.ones(n, bool)
        while alive.any():
            time = time + rng.exponential(1 / np.maximum(lam, 1e-12))
            ok = alive & (time <= t)
            count += ok
            alive = ok & (rng.random(n) > p)
        return count

    mc_alive = alive_w.sum() / (alive_w + dead_w).sum()
    mc_expected = (alive_w * future(lam, p)).sum() / (alive_w + dead_w).sum()
    assert lt.p_alive(PUBLISHED, x, tx, T) == pytest.approx(mc_alive, abs=0.01)
    assert lt.expected_purchases(PUBLISHED, t, x, tx, T) == pytest.approx(mc_expected, rel=0.03)
    assert lt.expected_purchases_new(PUBLISHED, t) == pytest.approx(future(lam, p).mean(), rel=0.03)


def test_predictions_behave(summary):
    params = lt.fit_bgnbd(summary)
    alive = lt.p_alive(params, summary["frequency"], summary["recency"], summary["T"])
    assert alive.index.equals(summary.index) and alive.between(0, 1).all()
    assert (alive[summary["frequency"] == 0] == 1).all()
    exp = lt.expected_purchases(params, 39, summary["frequency"], summary["recency"], summary["T"])
    assert exp.sum() == pytest.approx(summary["holdout_frequency"].sum(), rel=0.15)
    assert lt.expected_purchases(params, 0, 2, 30.43, 38.86) == 0.0
    spend = lt.expected_spend(lt.fit_gamma_gamma(summary), summary["frequency"], summary["monetary"])
    value = lt.predicted_value(params, lt.fit_gamma_gamma(summary), summary, horizon=52)
    assert value.index.equals(summary.index) and (value >= 0).all()
    assert value.loc[1] == pytest.approx(lt.expected_purchases(params, 52, 2, summary.loc[1, "recency"],
                                                               summary.loc[1, "T"]) * spend.loc[1])
    discounted = lt.predicted_value(params, lt.fit_gamma_gamma(summary), summary, horizon=52, discount=0.002)
    assert (discounted <= value + 1e-9).all() and discounted.sum() < value.sum()


def test_bad_summaries_name_the_problem():
    with pytest.raises(CourseDataError, match="recency is larger than T"):
        lt.p_alive(PUBLISHED, 2, 40.0, 38.0)
    with pytest.raises(CourseDataError, match="whole numbers"):
        lt.expected_purchases(PUBLISHED, 10, 1.5, 3.0, 10.0)
    with pytest.raises(CourseDataError, match="must have recency 0"):
        lt.p_alive(PUBLISHED, 0, 3.0, 10.0)
    with pytest.raises(CourseDataError, match="positive number"):
        lt.p_alive({"r": 1, "alpha": 1, "a": -1, "b": 1}, 1, 1.0, 2.0)
    with pytest.raises(CourseDataError, match="nobody made a repeat purchase"):
        lt.fit_bgnbd(pd.DataFrame({"frequency": [0] * 5, "recency": [0.0] * 5, "T": [5.0] * 5}))
    with pytest.raises(CourseDataError, match="mean spend of 0"):
        lt.fit_gamma_gamma(pd.DataFrame({"frequency": [1, 2, 3, 1], "monetary": [0.0, 5, 6, 7]}))


values = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 30), st.none(), st.text(max_size=3))


@given(st.lists(st.tuples(values, values, values, values), min_size=0, max_size=8))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_other_exception_escapes(rows):
    s = pd.DataFrame(rows, columns=["frequency", "recency", "T", "monetary"])
    for call in (lambda: lt.p_alive(PUBLISHED, s["frequency"], s["recency"], s["T"]),
                 lambda: lt.expected_purchases(PUBLISHED, 10, s["frequency"], s["recency"], s["T"]),
                 lambda: lt.bgnbd_log_likelihood(PUBLISHED, s),
                 lambda: lt.fit_gamma_gamma(s),
                 lambda: lt.predicted_value(PUBLISHED, PUBLISHED_GG, s, horizon=10),
                 lambda: lt.btyd_summary(s.rename(columns={"frequency": "customer_id", "recency": "date",
                                                           "T": "amount"}), end="2024-01-01")):
        try:
            call()
        except CourseDataError:
            pass


@given(st.lists(st.tuples(st.integers(-1, 6), st.one_of(st.floats(-1, 40), st.just(float("nan"))),
                          st.one_of(st.floats(-1, 40), st.just(float("nan")))),
                min_size=0, max_size=12))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fit_bgnbd_raises_only_course_errors(rows):
    s = pd.DataFrame(rows, columns=["frequency", "recency", "T"], dtype=float)
    try:
        params = lt.fit_bgnbd(s)
    except CourseDataError:
        return
    assert (params > 0).all() and np.isfinite(params.attrs["log_likelihood"])
