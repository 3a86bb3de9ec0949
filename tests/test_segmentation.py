"""Module 4 helpers: RFM, the value × expectation matrix, k-means segments and targeting.

Expected values are worked out by hand in the comments, so a reader can check them without
running anything.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import data
from crmcourse import segmentation as sg
from crmcourse.errors import CourseDataError

SNAPSHOT = "2026-01-01"


def hand_transactions() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": ["C1", "C1", "C1", "C2", "C3", "C3"],
        "date": ["2025-12-01", "2025-12-20", "2025-06-15", "2025-10-01", "2024-12-31", "2025-01-01"],
        "amount": [100.0, 50.0, 30.0, 200.0, 20.0, -5.0],
    })


# ----------------------------------------------------------------------------- RFM table
def test_rfm_table_by_hand():
    rfm = sg.rfm_table(hand_transactions(), snapshot=SNAPSHOT, returns="net")
    # C1: last purchase 2025-12-20 -> 12 days before 2026-01-01; 3 purchases; 100 + 50 + 30 = 180
    # C2: 2025-10-01 -> 31 (Oct) + 30 (Nov) + 31 (Dec) = 92 days; 1 purchase; 200
    # C3: 2024-12-31 -> 365 + 1 = 366 days; the return on 2025-01-01 is not a purchase
    #     (recency and frequency ignore it) but nets the spend: 20 - 5 = 15
    expected = pd.DataFrame({"recency": [12, 92, 366], "frequency": [3, 1, 1],
                             "monetary": [180.0, 200.0, 15.0]},
                            index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    pd.testing.assert_frame_equal(rfm, expected)


def test_rfm_returns_policies():
    tx = hand_transactions()
    with pytest.raises(CourseDataError) as err:
        sg.rfm_table(tx, snapshot=SNAPSHOT)
    assert err.value.column == "amount" and err.value.rows == [5] and "returns=" in str(err.value)
    dropped = sg.rfm_table(tx, snapshot=SNAPSHOT, returns="drop")
    assert dropped.loc["C3"].tolist() == [366, 1, 20.0]
    mean = sg.rfm_table(tx, snapshot=SNAPSHOT, returns="drop", monetary="mean")
    assert mean.loc["C1", "monetary"] == pytest.approx(60.0)  # 180 / 3
    only_return = pd.concat([tx, pd.DataFrame({"customer_id": ["C4"], "date": ["2025-05-05"], "amount": [-9.0]})])
    assert "C4" not in sg.rfm_table(only_return, snapshot=SNAPSHOT, returns="net").index


def test_rfm_snapshot_is_required_and_not_before_the_last_purchase():
    with pytest.raises(CourseDataError, match="snapshot is required"):
        sg.rfm_table(hand_transactions(), returns="net")
    with pytest.raises(CourseDataError) as err:
        sg.rfm_table(hand_transactions(), snapshot="2025-12-19", returns="net")
    assert "before the last transaction" in str(err.value) and err.value.rows == [1]
    # a snapshot on the day of the last purchase is fine: recency 0
    assert sg.rfm_table(hand_transactions(), snapshot="2025-12-20", returns="net").loc["C1", "recency"] == 0
    with pytest.raises(CourseDataError, match="is not an ISO date"):
        sg.rfm_table(hand_transactions(), snapshot="next monday", returns="net")


@pytest.mark.parametrize("bad, message", [
    (None, "missing or not an ISO date"),
    ("2025-13-01", "missing or not an ISO date"),
    ("31/12/2025", "missing or not an ISO date"),
    ("yesterday", "missing or not an ISO date"),
])
def test_rfm_bad_dates_name_the_row(bad, message):
    tx = hand_transactions()
    tx.loc[3, "date"] = bad
    with pytest.raises(CourseDataError) as err:
        sg.rfm_table(tx, snapshot=SNAPSHOT, returns="net")
    assert message in str(err.value) and err.value.rows == [3] and err.value.column == "date"


def test_rfm_numeric_dates_are_refused_with_a_fix():
    tx = hand_transactions().assign(date=[20251201, 20251220, 20250615, 20251001, 20241231, 20250101])
    with pytest.raises(CourseDataError, match="format='%Y%m%d'"):
        sg.rfm_table(tx, snapshot=SNAPSHOT, returns="net")


def test_rfm_datetime_and_timezone_dates():
    tx = hand_transactions()
    tx["date"] = pd.to_datetime(tx["date"]).dt.tz_localize("Asia/Shanghai")
    rfm = sg.rfm_table(tx, snapshot=SNAPSHOT, returns="net")
    assert rfm.loc["C2", "recency"] == 92


def test_rfm_duplicates_policy():
    tx = pd.concat([hand_transactions(), hand_transactions().iloc[[3]]], ignore_index=True)
    with pytest.raises(CourseDataError) as err:
        sg.rfm_table(tx, snapshot=SNAPSHOT, returns="net")
    assert err.value.rows == [6] and "duplicates='keep'" in str(err.value)
    assert sg.rfm_table(tx, snapshot=SNAPSHOT, returns="net", duplicates="drop").loc["C2", "frequency"] == 1
    kept = sg.rfm_table(tx, snapshot=SNAPSHOT, returns="net", duplicates="keep").loc["C2"]
    assert kept["frequency"] == 2 and kept["monetary"] == 400.0


def test_rfm_other_bad_input():
    tx = hand_transactions()
    with pytest.raises(CourseDataError, match="missing column 'spend'"):
        sg.rfm_table(tx, amount="spend", snapshot=SNAPSHOT)
    with pytest.raises(CourseDataError, match="not a finite number"):
        sg.rfm_table(tx.assign(amount=["100", "¥50", 30, 200, 20, 5]), snapshot=SNAPSHOT)
    with pytest.raises(CourseDataError, match="without a customer"):
        sg.rfm_table(tx.assign(customer_id=["C1", None, "C1", "C2", "C3", "C3"]), snapshot=SNAPSHOT, returns="net")
    with pytest.raises(CourseDataError, match="returns='maybe'"):
        sg.rfm_table(tx, snapshot=SNAPSHOT, returns="maybe")
    with pytest.raises(CourseDataError, match="empty"):
        sg.rfm_table(tx.iloc[:0], snapshot=SNAPSHOT)
    with pytest.raises(CourseDataError, match="no purchases"):
        sg.rfm_table(tx.assign(amount=-1.0), snapshot=SNAPSHOT, returns="net")


def test_rfm_on_the_case_data_matches_a_plain_groupby():
    tx = data.load("qingmei_transactions")
    rfm = sg.rfm_table(tx, snapshot=SNAPSHOT)
    g = tx.groupby("customer_id")
    assert len(rfm) == 3200
    assert (rfm["frequency"] == g.size()).all()
    assert np.allclose(rfm["monetary"], g["amount"].sum())
    assert (rfm["recency"] == (pd.Timestamp(SNAPSHOT) - g["date"].max()).dt.days).all()


# ----------------------------------------------------------------------------- scores and segments
def test_score_boundaries_quintiles():
    # ten customers with distinct values: ranks 1..10 -> score ceil(rank * 5 / 10) = 1,1,2,2,...,5,5
    rfm = pd.DataFrame({"recency": [100, 90, 80, 70, 60, 50, 40, 30, 20, 10],
                        "frequency": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
                        "monetary": [10.0, 20, 30, 40, 50, 60, 70, 80, 90, 100]},
                       index=[f"K{i:02d}" for i in range(10)])
    s = sg.rfm_scores(rfm)
    assert s["F"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert s["M"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert s["R"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]  # the smallest recency is the best
    assert s["rfm_code"].iloc[-1] == "555" and s["rfm_code"].iloc[0] == "111"
    # three bins over ten customers: ceil(rank * 3 / 10) -> 1,1,1,2,2,2,3,3,3,3
    assert sg.rfm_scores(rfm, bins=3)["F"].tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3, 3]


def test_score_ties_are_broken_by_customer_id_not_row_order():
    rfm = pd.DataFrame({"recency": [5] * 5, "frequency": [1] * 5, "monetary": [9.0] * 5},
                       index=["E", "C", "A", "D", "B"])
    f = sg.rfm_scores(rfm)["F"]
    assert f.to_dict() == {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}
    assert sg.rfm_scores(rfm.sample(frac=1, random_state=3))["F"].to_dict() == f.to_dict()


def test_scores_bad_input():
    rfm = pd.DataFrame({"recency": [1, 2, 3], "frequency": [1, 2, 3], "monetary": [1.0, 2, 3]})
    with pytest.raises(CourseDataError, match="3 customers cannot fill 5 score groups"):
        sg.rfm_scores(rfm)
    with pytest.raises(CourseDataError, match="bins must be from 2 to 10"):
        sg.rfm_scores(rfm, bins=1)
    with pytest.raises(CourseDataError, match="index repeats"):
        sg.rfm_scores(rfm.set_axis(["a", "a", "b"]), bins=2)


# The R x F map of shared/reference/domain-facts.md, typed out independently of the module.
RF_MAP = {
    "champions": ([5], [4, 5]), "loyal customers": ([3, 4], [4, 5]),
    "potential loyalists": ([4, 5], [2, 3]), "new customers": ([5], [1]), "promising": ([4], [1]),
    "need attention": ([3], [3]), "about to sleep": ([3], [1, 2]), "at risk": ([1, 2], [3, 4]),
    "can't lose them": ([1, 2], [5]), "hibernating": ([1, 2], [1, 2]),
}


def test_segment_map_covers_every_cell_once():
    cells = [(r, f) for r in range(1, 6) for f in range(1, 6)]
    expected = {}
    for name, (rs, fs) in RF_MAP.items():
        for r in rs:
            for f in fs:
                assert (r, f) not in expected
                expected[(r, f)] = name
    assert sorted(expected) == cells
    scores = pd.DataFrame(cells, columns=["R", "F"])
    got = sg.rfm_segments(scores)
    assert got.tolist() == [expected[c] for c in cells]
    assert list(got.cat.categories) == list(RF_MAP)
    grid = sg.rfm_segment_grid()
    assert all(grid.loc[r, f] == expected[(r, f)] for r, f in cells)


def test_segments_refuse_scores_outside_one_to_five():
    with pytest.raises(CourseDataError, match="whole numbers 1-5"):
        sg.rfm_segments(pd.DataFrame({"R": [6], "F": [1]}))
    with pytest.raises(CourseDataError, match="missing column 'F'"):
        sg.rfm_segments(pd.DataFrame({"R": [1]}))


# ----------------------------------------------------------------------------- value x expectation
def test_four_quadrants_at_the_cut_offs():
    c = pd.DataFrame({"value": [10.0, 10.0, 9.99, 9.99, 50.0, 0.0],
                      "exp": [5.0, 4.99, 5.0, 4.99, 10.0, 0.0]})
    types = sg.value_expectation_matrix(c, "value", "exp", value_cut=10, expectation_cut=5)
    # on the cut counts as high (>=): (10, 5) intimate, (10, 4.99) safe, (9.99, 5) dangerous, ...
    assert types.tolist() == ["intimate", "safe", "dangerous", "stranger", "intimate", "stranger"]
    assert types.attrs == {"value_cut": 10.0, "expectation_cut": 5.0}


def test_default_cuts_are_the_medians():
    c = pd.DataFrame({"value": [1.0, 2, 3, 4], "exp": [4.0, 3, 2, 1]})
    types = sg.value_expectation_matrix(c, "value", "exp")
    assert types.attrs == {"value_cut": 2.5, "expectation_cut": 2.5}
    assert types.tolist() == ["dangerous", "dangerous", "safe", "safe"]


def test_value_expectation_bad_input():
    c = pd.DataFrame({"value": [1.0, None], "exp": [1.0, 2.0]})
    with pytest.raises(CourseDataError) as err:
        sg.value_expectation_matrix(c, "value", "exp")
    assert err.value.rows == [1]
    with pytest.raises(CourseDataError, match="value_cut must be a finite number"):
        sg.value_expectation_matrix(c.fillna(0), "value", "exp", value_cut="high")


def test_strategy_table_follows_the_source():
    table = sg.customer_type_strategies()
    assert list(table.index) == ["intimate", "safe", "dangerous", "stranger"]
    assert table.loc["intimate", "中文"] == "亲密型客户" and table.loc["stranger", "中文"] == "陌生型客户"
    bonds = table["bond"].str.split(":").str[0].to_dict()
    assert bonds == {"intimate": "structural", "safe": "financial", "dangerous": "social", "stranger": "none"}
    assert table.loc["intimate", "kano_features"].startswith("attractive")
    assert table.loc["dangerous", "kano_features"].startswith("performance")
    assert table.loc["safe", "kano_features"].startswith("basic")


def test_checklist_has_the_full_lists():
    table = sg.segmentation_checklist()
    assert table.groupby("part", sort=False).size().to_dict() == {"process": 5, "caution": 7, "step": 8}
    assert table.query("part == 'step'")["name"].iloc[-1] == "treat it as a process, not a result"


# ----------------------------------------------------------------------------- clustering
def blobs(n=60, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[0, 0], [6, 0], [0, 6]])
    sizes = [n // 2, n // 3, n - n // 2 - n // 3]
    X = np.vstack([rng.normal(c, 0.5, (s, 2)) for c, s in zip(centres, sizes)])
    truth = np.repeat([0, 1, 2], sizes)
    return pd.DataFrame(X, columns=["a", "b"], index=[f"c{i}" for i in range(n)]), truth


def test_kmeans_finds_planted_groups_numbered_by_size():
    frame, truth = blobs()
    labels = sg.kmeans_segments(frame, ["a", "b"], k=3)
    assert labels.index.equals(frame.index) and labels.name == "segment"
    from sklearn.metrics import adjusted_rand_score

    assert adjusted_rand_score(truth, labels) == 1.0
    sizes = labels.value_counts().sort_index().tolist()
    assert sizes == sorted(sizes, reverse=True) == [30, 20, 10]
    assert labels.equals(sg.kmeans_segments(frame, ["a", "b"], k=3))  # reproducible


def test_kmeans_bad_input():
    frame, _ = blobs(12)
    with pytest.raises(CourseDataError, match="12 customers cannot form 13 clusters"):
        sg.kmeans_segments(frame, ["a", "b"], k=13)
    with pytest.raises(CourseDataError, match="zero variance"):
        sg.kmeans_segments(frame.assign(c=1.0), ["a", "c"], k=2)
    with pytest.raises(CourseDataError, match="distinct"):
        sg.kmeans_segments(pd.DataFrame({"a": [1.0, 1, 2, 2], "b": [0.0, 0, 1, 1]}), ["a", "b"], k=3)
    with pytest.raises(CourseDataError) as err:
        sg.kmeans_segments(frame.assign(a=frame["a"].where(frame.index != "c3")), ["a", "b"], k=2)
    assert err.value.rows == ["c3"]
    with pytest.raises(CourseDataError, match="k must be 2 or more"):
        sg.kmeans_segments(frame, ["a", "b"], k=1)
    with pytest.raises(CourseDataError, match="random_state"):
        sg.kmeans_segments(frame, ["a", "b"], k=2, random_state=None)


def test_k_diagnostics_prefers_the_planted_k():
    frame, _ = blobs(90)
    diag = sg.k_diagnostics(frame, ["a", "b"], ks=range(2, 6))
    assert diag["silhouette"].idxmax() == 3
    assert diag["inertia"].is_monotonic_decreasing


def test_profile_and_actionability():
    frame, _ = blobs()
    labels = sg.kmeans_segments(frame, ["a", "b"], k=3)
    prof = sg.segment_profile(frame, labels)
    assert prof["customers"].tolist() == [30, 20, 10]
    assert prof["share"].sum() == pytest.approx(1.0)
    assert prof.loc[1, ["a", "b"]].abs().max() < 0.5  # the biggest blob sits at (0, 0)
    act = sg.segment_actionability(frame.assign(ok=frame["a"] < 3), labels, ["a", "b"], reachable="ok",
                                   min_share=0.2)
    assert act["big_enough"].tolist() == [True, True, False]
    assert act["distinct"].all()
    assert act["actionable"].tolist() == [True, False, False]  # blob 2 sits at a = 6: nobody reachable
    with pytest.raises(CourseDataError, match="do not match"):
        sg.segment_profile(frame, labels.iloc[:-1])


def test_stability_is_high_for_clear_groups_and_lower_for_noise():
    frame, _ = blobs(90)
    clear = sg.segment_stability(frame, ["a", "b"], k=3, n_boot=5)
    assert clear.min() > 0.95 and clear.name == "ari" and len(clear) == 5
    noise = pd.DataFrame(np.random.default_rng(1).uniform(size=(90, 2)), columns=["a", "b"])
    assert sg.segment_stability(noise, ["a", "b"], k=5, n_boot=5).mean() < clear.mean()


# ----------------------------------------------------------------------------- targeting
def lianyun():
    subs = data.load("lianyun_subscribers").merge(data.load("lianyun_plans")[["plan_id", "tier"]], on="plan_id")
    return subs, data.load("lianyun_offers"), data.load("lianyun_offer_response")


def test_match_offers_reserves_each_offer_for_its_tier():
    subs, offers, _ = lianyun()
    rules = offers[["offer_id", "target_tier"]].rename(columns={"target_tier": "tier"})
    pairs = sg.match_offers(subs, rules, customer="subscriber_id")
    tier = subs.set_index("subscriber_id")["tier"].astype(str)
    target = offers.set_index("offer_id")["target_tier"].astype(str)
    assert (pairs["subscriber_id"].map(tier).to_numpy() == pairs["offer_id"].map(target).to_numpy()).all()
    per_tier = offers["target_tier"].astype(str).value_counts()
    assert len(pairs) == int(subs["tier"].astype(str).map(per_tier).sum())


def test_match_offers_limits_and_any():
    subs = pd.DataFrame({"customer_id": [1, 2, 3], "tier": ["a", "b", "a"], "usage": [5, 1, 0]})
    rules = pd.DataFrame({"offer_id": ["X", "Y"], "tier": ["a", None], "min_usage": [1, None], "max_usage": [None, 0]})
    pairs = sg.match_offers(subs, rules)
    assert pairs.values.tolist() == [[1, "X"], [3, "Y"]]
    with pytest.raises(CourseDataError, match="not a finite number"):
        sg.match_offers(subs, rules.assign(min_usage=["lots", None]))


def test_campaign_targeting_doubles_the_success_rate():
    subs, offers, resp = lianyun()
    blanket = sg.campaign_simulation(subs, offers, response=resp, targeted=False, customer="subscriber_id")
    targeted = sg.campaign_simulation(subs, offers, response=resp, targeted=True, customer="subscriber_id")
    assert blanket["contacts"] == targeted["contacts"] == len(subs)  # every tier has an offer
    assert 0.06 < blanket["success_rate"] < 0.10
    assert targeted["success_rate"] > 1.8 * blanket["success_rate"]
    assert targeted["net"] > blanket["net"]
    assert blanket.equals(sg.campaign_simulation(subs, offers, response=resp, targeted=False,
                                                 customer="subscriber_id"))  # seeded
    best = sg.campaign_simulation(subs, offers, response=resp, targeted=True, customer="subscriber_id",
                                  choose="best")
    assert best["expected_rate"] >= targeted["expected_rate"] - 0.01


def test_campaign_detail_and_bad_input():
    subs, offers, resp = lianyun()
    detail = sg.campaign_simulation(subs.head(50), offers, response=resp, customer="subscriber_id", detail=True)
    assert set(detail.columns) >= {"subscriber_id", "offer_id", "response_propensity", "accepted", "cost", "margin"}
    assert not detail["subscriber_id"].duplicated().any()  # one contact per customer
    with pytest.raises(CourseDataError, match="from 0 to 1"):
        sg.campaign_simulation(subs, offers, response=resp.assign(response_propensity=17.0), customer="subscriber_id")
    with pytest.raises(CourseDataError, match="response= is required"):
        sg.campaign_simulation(subs, offers, customer="subscriber_id")
    with pytest.raises(CourseDataError, match="no response propensity"):
        sg.campaign_simulation(subs, offers, response=resp[resp.offer_id != "OF1"], customer="subscriber_id")


def test_one_contact_per_customer_keeps_the_best():
    lists = pd.DataFrame({"customer_id": ["A", "B", "A", "A"], "channel": ["sms", "call", "app", "hall"],
                          "score": [1.0, 2.0, 3.0, 3.0]})
    kept = sg.one_contact_per_customer(lists, score="score")
    assert kept["channel"].tolist() == ["call", "app"]  # A: app and hall tie at 3.0, the first wins
    assert sg.one_contact_per_customer(lists)["channel"].tolist() == ["sms", "call"]


def test_bank_classes():
    table = sg.bank_classes()
    assert len(table) == 6 and table.loc["golden", "中文"] == "黄金客户"
    assert "only fall" in table.loc["restricted", "credit_policy"]


# ----------------------------------------------------------------------------- no other exception escapes
cells = st.one_of(st.none(), st.text(max_size=6), st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True),
                  st.sampled_from(["2025-01-01", "2025-12-31", "2026-02-01", "1999-01-01T10:00", "2025-02-30"]),
                  st.booleans(), st.lists(st.integers(), max_size=2))


@given(st.lists(st.tuples(cells, cells, cells), min_size=0, max_size=8),
       st.sampled_from([SNAPSHOT, None, "bad", 3, "2024-06-01"]),
       st.sampled_from(["error", "drop", "net"]), st.sampled_from(["error", "drop", "keep"]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_rfm_table_raises_only_course_errors(rows, snapshot, returns, duplicates):
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    try:
        out = sg.rfm_table(frame, snapshot=snapshot, returns=returns, duplicates=duplicates)
    except CourseDataError:
        return
    assert (out["recency"] >= 0).all() and (out["frequency"] >= 1).all()


numbers_or_junk = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=32), st.integers(-3, 3),
                            st.none(), st.text(max_size=3), st.booleans())


@given(st.lists(st.tuples(numbers_or_junk, numbers_or_junk), min_size=0, max_size=9), st.integers(0, 5),
       st.one_of(st.none(), numbers_or_junk))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_clustering_and_matrix_raise_only_course_errors(rows, k, cut):
    frame = pd.DataFrame(rows, columns=["x", "y"])
    for call in (lambda: sg.kmeans_segments(frame, ["x", "y"], k=k, n_init=1),
                 lambda: sg.value_expectation_matrix(frame, "x", "y", value_cut=cut),
                 lambda: sg.rfm_scores(frame.assign(recency=frame["x"], frequency=frame["y"], monetary=frame["x"]),
                                       bins=max(k, 2)),
                 lambda: sg.segment_stability(frame, ["x", "y"], k=k, n_boot=2, n_init=1)):
        try:
            call()
        except CourseDataError:
            pass


@given(st.lists(st.tuples(st.sampled_from(["a", "b", None, 3]), numbers_or_junk), min_size=0, max_size=6),
       st.lists(st.tuples(st.sampled_from(["O1", "O2", None]), st.sampled_from(["a", "b", None, 7]),
                          numbers_or_junk), min_size=0, max_size=4))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_match_offers_raises_only_course_errors(customers, rules):
    subs = pd.DataFrame(customers, columns=["tier", "usage"]).reset_index(names="customer_id")
    r = pd.DataFrame(rules, columns=["offer_id", "tier", "min_usage"])
    try:
        sg.match_offers(subs, r)
    except CourseDataError:
        pass


# ----------------------------------------------------------------------------- issue 12: what a "day" is
def test_recency_counts_calendar_days_not_24_hour_spans():
    tx = pd.DataFrame({"customer_id": ["A", "B", "C"],
                       "date": pd.to_datetime(["2025-12-31 23:59", "2026-01-01 18:30", "2025-12-30 00:01"]),
                       "amount": [1.0, 2.0, 3.0]})
    rfm = sg.rfm_table(tx, snapshot="2026-01-01")
    # 23:59 on the eve of the snapshot is one calendar day before it (it was 0 when 24-hour spans were floored)
    assert rfm["recency"].to_dict() == {"A": 1, "B": 0, "C": 2}
    # the snapshot's own time of day does not count either
    assert sg.rfm_table(tx, snapshot="2026-01-01 23:59")["recency"].equals(rfm["recency"])
    # a purchase later on the snapshot's date is not "after the snapshot"; one on the next date is
    later = tx.assign(date=pd.to_datetime(["2025-12-31 23:59", "2026-01-02 00:01", "2025-12-30 00:00"]))
    with pytest.raises(CourseDataError, match="before the last transaction") as err:
        sg.rfm_table(later, snapshot="2026-01-01 23:59")
    assert err.value.rows == [1]
    # ISO text with times and timezone-aware dates (in their own local time) count the same way
    text = tx.assign(date=["2025-12-31 23:59", "2026-01-01 18:30", "2025-12-30 00:01"])
    assert sg.rfm_table(text, snapshot="2026-01-01")["recency"].equals(rfm["recency"])
    aware = tx.assign(date=tx["date"].dt.tz_localize("Asia/Shanghai"))
    assert sg.rfm_table(aware, snapshot="2026-01-01")["recency"].equals(rfm["recency"])


def test_rfm_hostile_kinds_are_refused_or_correct():
    tx = hand_transactions()
    with pytest.raises(CourseDataError, match="format='%Y%m%d'"):  # integer dates
        sg.rfm_table(tx.assign(date=[20251201] * 6), snapshot=SNAPSHOT, returns="net")
    with pytest.raises(CourseDataError, match="20250131"):  # integers mixed with text dates
        sg.rfm_table(tx.assign(date=[20251201, "2025-12-20", "2025-06-15", "2025-10-01", "2024-12-31", "2025-01-01"]),
                     snapshot=SNAPSHOT, returns="net")
    with pytest.raises(CourseDataError, match="lists or other objects") as err:  # nested ids
        sg.rfm_table(tx.assign(customer_id=pd.Series([["C1"], "C1", {"a": 1}, "C2", {3}, "C3"], dtype=object)),
                     snapshot=SNAPSHOT, returns="net")
    assert err.value.rows == [0, 2, 4]
    with pytest.raises(CourseDataError, match="more than one column is named 'amount'"):
        sg.rfm_table(pd.concat([tx, tx[["amount"]]], axis=1), snapshot=SNAPSHOT, returns="net")
    with pytest.raises(CourseDataError, match="not a finite number") as err:  # beyond float range
        sg.rfm_table(tx.assign(amount=pd.Series([10 ** 400, 5, 1, 2, 3, 4], dtype=object)), snapshot=SNAPSHOT)
    assert err.value.rows == [0]
    huge_ids = sg.rfm_table(tx.assign(customer_id=pd.Series([10 ** 400, 10 ** 400, 1, 2, 3, 3], dtype=object)),
                            snapshot=SNAPSHOT, returns="net")
    assert huge_ids.index.tolist() == [1, 2, 3, 10 ** 400] and huge_ids["frequency"].tolist() == [1, 1, 1, 2]
    mixed = sg.rfm_table(tx.assign(customer_id=["C1", 1, "C1", "C2", "C3", "C3"]), snapshot=SNAPSHOT, returns="net")
    assert mixed.index.tolist() == [1, "C1", "C2", "C3"]  # numbers and text are different customers


def reference_rfm(tx: pd.DataFrame, snapshot: str) -> pd.DataFrame:
    """The same table with a plain pandas groupby and no checks (calendar days)."""
    g = tx.groupby("customer_id")
    days = (pd.Timestamp(snapshot).normalize() - g["date"].max().dt.normalize()).dt.days
    return pd.DataFrame({"recency": days.astype("int64"), "frequency": g.size().astype("int64"),
                         "monetary": g["amount"].sum()})


def id_kinds(n: int, rng) -> dict:
    k = max(1, n // 4)
    num = rng.integers(0, k, n)
    return {
        "fixed-width text": pd.Series([f"C{i:07d}" for i in num]),
        "fixed-width, wide range": pd.Series([f"{i * 7919 % 99991:05d}{chr(65 + i % 26)}x{i % 97:02d}" for i in num]),
        "several lengths": pd.Series([f"C{i}" for i in num]),
        "object dtype": pd.Series([f"QM-C{i:05d}" for i in num], dtype=object),
        "Chinese": pd.Series([f"客户{i:03d}" for i in num]),
        "integers": pd.Series(num * 3 - 7),
        "huge integer range": pd.Series(num.astype("int64") * (2 ** 40) - 2 ** 62),
        "long random text": pd.Series([f"{i:x}" * 9 for i in num * 2654435761 % 2 ** 32]),
        "one id": pd.Series(["same"] * n),
        "text with NUL": pd.Series([f"A{i % 2}" if i % 3 else "A\x00" for i in num]),
    }


@pytest.mark.parametrize("kind", list(id_kinds(4, np.random.default_rng(0))))
def test_rfm_fast_paths_match_plain_pandas(kind):
    rng = np.random.default_rng(11)
    n = 3000
    ids = id_kinds(n, rng)[kind]
    tx = pd.DataFrame({"customer_id": ids.to_numpy() if ids.dtype == object else ids,
                       "date": np.datetime64("2024-01-01") + rng.integers(0, 700, n).astype("timedelta64[D]")
                       + rng.integers(0, 86_400, n).astype("timedelta64[s]"),
                       "amount": np.round(rng.lognormal(4, 1, n), 2)})
    tx["customer_id"] = tx["customer_id"].astype(ids.dtype)
    ours = sg.rfm_table(tx, snapshot=SNAPSHOT, duplicates="keep")
    pd.testing.assert_frame_equal(ours, reference_rfm(tx, SNAPSHOT), check_names=False, check_index_type=False)
    codes, uniques = pd.factorize(tx["customer_id"], sort=True)
    assert ours.index.dtype == uniques.dtype and ours.index.equals(uniques)


def test_factorize_sorted_equals_pandas_on_every_kind():
    from crmcourse.segmentation._keys import factorize_sorted

    rng = np.random.default_rng(5)
    for kind, ids in id_kinds(500, rng).items():
        for series in (ids, ids.astype(object)):
            got_codes, got = factorize_sorted(series)
            want_codes, want = pd.factorize(series, sort=True)
            assert np.array_equal(got_codes, want_codes), kind
            assert got.equals(want) and got.dtype == want.dtype, kind


row_cells = st.one_of(st.integers(-2, 2), st.sampled_from([0.0, -0.0, 1.5, float("nan")]),
                      st.sampled_from(["a", "b", "ab"]), st.none())


@given(st.lists(st.tuples(st.sampled_from(["C1", "C2", "C3"]), st.integers(0, 3), st.sampled_from([0.0, -0.0, 2.5, np.nan]),
                          row_cells, st.sampled_from(["x", "y"])), min_size=0, max_size=12),
       st.booleans())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_duplicate_rows_equals_pandas_duplicated(rows, with_dates):
    from crmcourse.segmentation._keys import duplicate_rows, factorize_sorted

    frame = pd.DataFrame(rows, columns=["customer_id", "n", "x", "mixed", "channel"])
    if with_dates:
        frame["d"] = pd.to_datetime("2025-01-01") + pd.to_timedelta(frame["n"], unit="D")
        frame["channel"] = frame["channel"].astype("category")
    if frame.empty:
        return
    codes, _ = factorize_sorted(frame["customer_id"])
    assert np.array_equal(duplicate_rows(frame, codes, 0), frame.duplicated(keep="first").to_numpy())


def test_duplicate_test_uses_a_unique_receipt_number_as_proof():
    tx = data.load("qingmei_transactions")
    from crmcourse.segmentation._keys import duplicate_rows, factorize_sorted

    codes, _ = factorize_sorted(tx["customer_id"])
    assert not duplicate_rows(tx, codes, tx.columns.get_loc("customer_id")).any()
    doubled = pd.concat([tx, tx.iloc[[10, 20]]], ignore_index=True)
    codes, _ = factorize_sorted(doubled["customer_id"])
    assert np.flatnonzero(duplicate_rows(doubled, codes, 1)).tolist() == [len(tx), len(tx) + 1]
