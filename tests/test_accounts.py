"""crmcourse.accounts (module 2): hand-worked examples, boundaries, bad input, and the case data.

Every expected value below is worked out by hand in the test (the comment shows the sum), never
by calling the code under test.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import accounts as ac
from crmcourse import cases, data
from crmcourse.errors import CourseDataError


# ----------------------------------------------------------------------------- pareto_table
def test_pareto_table_hand_worked():
    t = ac.pareto_table(pd.Series({"K1": 10.0, "K2": 50.0, "K3": 25.0, "K4": 15.0}))
    # sorted 50, 25, 15, 10 of a total of 100
    assert t.index.tolist() == ["K2", "K3", "K4", "K1"]
    assert t["rank"].tolist() == [1, 2, 3, 4]
    assert t["cum_value"].tolist() == [50.0, 75.0, 90.0, 100.0]
    assert t["cum_value_share"].tolist() == pytest.approx([0.50, 0.75, 0.90, 1.00])
    assert t["cum_account_share"].tolist() == pytest.approx([0.25, 0.50, 0.75, 1.00])
    assert t["share"].tolist() == pytest.approx([0.50, 0.25, 0.15, 0.10])


def test_pareto_table_ties_keep_input_order_and_accepts_lists():
    t = ac.pareto_table([3, 5, 3, 0])
    assert t.index.tolist() == [1, 0, 2, 3]
    assert t["value"].tolist() == [5.0, 3.0, 3.0, 0.0]


def test_pareto_table_all_zero_is_an_error():
    with pytest.raises(CourseDataError, match="every value is 0"):
        ac.pareto_table([0, 0, 0])


# ----------------------------------------------------------------------------- abc_classes
def test_abc_boundaries_exactly_at_80_and_95_percent():
    # cumulative shares 40% → 80% → 95% → 100%: K2 ends exactly on 80% (A), K3 exactly on 95% (B)
    values = pd.Series({"K1": 40.0, "K2": 40.0, "K3": 15.0, "K4": 5.0})
    assert ac.abc_classes(values).to_dict() == {"K1": "A", "K2": "A", "K3": "B", "K4": "C"}


def test_abc_account_straddling_the_line_takes_the_class_of_the_line_it_crosses():
    # 70 → 90 → 95 → 100 (%): the second account straddles 80% (70 before it) → A;
    # the third straddles nothing: 90 before it, ends exactly on 95 → B; the last → C.
    assert ac.abc_classes([70, 20, 5, 5]).tolist() == ["A", "A", "B", "C"]
    # the top account alone is 90%: it straddles 80% → A; the next one straddles 95% → B
    assert ac.abc_classes([90, 6, 4]).tolist() == ["A", "B", "C"]


def test_abc_rounding_never_moves_an_account_across_a_boundary():
    # ten accounts of 0.1: eight reach 80% exactly (0.1 summed 8 times is 0.7999999999999999
    # in floating point) → 8 A; the 9th starts at 80% → B; the 10th starts at 90% → B.
    assert ac.abc_classes([0.1] * 10).tolist() == ["A"] * 8 + ["B"] * 2
    # twenty accounts of 0.05: 16 A (80%), 17th–19th B (80–95%), the 20th starts at 95% → C
    assert ac.abc_classes([0.05] * 20).tolist() == ["A"] * 16 + ["B"] * 3 + ["C"]


def test_abc_keeps_input_order_and_index_and_custom_bounds():
    values = pd.Series([5.0, 40.0, 15.0, 40.0], index=["d", "a", "c", "b"])
    out = ac.abc_classes(values)
    assert out.index.tolist() == ["d", "a", "c", "b"]
    assert out.tolist() == ["C", "A", "B", "A"]
    # a=0.5, b=0.9: 40 (0 before) A, 40 (40% before) A, 15 (80% before) B, 5 (95% before) C
    assert ac.abc_classes(values, a=0.5, b=0.9).tolist() == ["C", "A", "B", "A"]
    # a=0.4: the second 40 starts exactly on 40% → B
    assert ac.abc_classes(values, a=0.4, b=0.95).tolist() == ["C", "A", "B", "B"]
    assert list(out.cat.categories) == ["A", "B", "C"] and out.cat.ordered


@pytest.mark.parametrize("a, b", [(0.95, 0.8), (0, 0.5), (0.8, 1.2), (0.8, 0.8), (float("nan"), 0.9), ("0.8", 0.95)])
def test_abc_rejects_bad_bounds(a, b):
    with pytest.raises(CourseDataError):
        ac.abc_classes([1, 2, 3], a=a, b=b)


# ----------------------------------------------------------------------------- assign_tiers
@pytest.mark.parametrize("revenue, tier", [
    (0, "none"), (9_999.99, "none"),
    (10_000, "VIP"), (199_999.99, "VIP"),
    (200_000, "gold"), (1_999_999.99, "gold"),
    (2_000_000, "platinum"), (4_999_999.99, "platinum"),
    (5_000_000, "diamond"), (80_000_000, "diamond"),
])
def test_postal_tiers_at_their_bounds(revenue, tier):
    assert ac.assign_tiers([revenue], ac.postal_tiers()).tolist() == [tier]


def test_postal_regional_coefficient_lowers_the_vip_bar_only():
    # 10,000 × 0.8 = 8,000 and 10,000 × 0.9 = 9,000; gold still starts at 200,000
    values = [7_999.99, 8_000, 8_999.99, 9_000, 199_999, 200_000]
    assert ac.assign_tiers(values, ac.postal_tiers(0.8)).tolist() == ["none", "VIP", "VIP", "VIP", "VIP", "gold"]
    assert ac.assign_tiers(values, ac.postal_tiers(0.9)).tolist() == ["none", "none", "none", "VIP", "VIP", "gold"]
    for bad in (0.79, 1.01, float("nan"), True):
        with pytest.raises(CourseDataError):
            ac.postal_tiers(bad)


@pytest.mark.parametrize("vehicles, tier", [(4, "none"), (5, "5+"), (9, "5+"), (10, "10+"), (49, "10+"),
                                            (50, "50+"), (99, "50+"), (100, "100+"), (400, "100+")])
def test_dealer_tiers_at_their_bounds(vehicles, tier):
    assert ac.assign_tiers(pd.Series([vehicles]), ac.DEALER_TIERS).tolist() == [tier]


def test_assign_tiers_result_is_ordered_and_keeps_the_index():
    out = ac.assign_tiers(pd.Series({"x": 3, "y": 60}), {"low": 1, "high": 50}, below="out")
    assert out.to_dict() == {"x": "low", "y": "high"}
    assert list(out.cat.categories) == ["out", "low", "high"] and out.cat.ordered
    assert ac.assign_tiers([(1)], [("a", 0), ("b", 2)]).tolist() == ["a"]  # pairs work too


@pytest.mark.parametrize("thresholds, message", [
    ({"gold": 200_000, "VIP": 10_000}, "not in increasing order"),
    ({"VIP": 10_000, "gold": 10_000}, "not in increasing order"),
    ({}, "empty"),
    ({"VIP": "ten thousand"}, "must be a number"),
    ({"VIP": float("nan")}, "finite"),
    ("VIP", "mapping"),
    ([("VIP", 1, 2)], "pairs"),
])
def test_assign_tiers_rejects_bad_thresholds(thresholds, message):
    with pytest.raises(CourseDataError, match=message):
        ac.assign_tiers([1.0], thresholds)


def test_thresholds_error_names_the_tier_and_the_fix():
    with pytest.raises(CourseDataError) as err:
        ac.assign_tiers([1.0], {"VIP": 10_000, "platinum": 2_000_000, "gold": 200_000})
    assert "'gold'" in str(err.value) and err.value.rows == ["gold"] and "lowest" in err.value.fix


def test_below_label_may_not_be_a_tier_name():
    with pytest.raises(CourseDataError, match="also a tier name"):
        ac.assign_tiers([1.0], {"none": 0})


# ----------------------------------------------------------------------------- bad values
@pytest.mark.parametrize("func", [ac.pareto_table, ac.abc_classes,
                                  lambda v: ac.assign_tiers(v, ac.POSTAL_TIERS)])
@pytest.mark.parametrize("values, problem, rows", [
    (pd.Series({"K1": 5.0, "K2": -3.0, "K3": -1.0}), "negative", ["K2", "K3"]),
    (pd.Series({"K1": 5.0, "K2": float("nan")}), "missing", ["K2"]),
    (pd.Series({"K1": 5.0, "K2": float("inf")}), "not a finite number", ["K2"]),
    (pd.Series({"K1": "5", "K2": "12 CNY"}), "not a finite number", ["K2"]),
    ([1.0, True], "not a finite number", [1]),
    ([1.0, 10 ** 400], "not a finite number", [1]),
    ([[1.0], 2.0], "not a finite number", [0]),
])
def test_bad_values_name_the_rows(func, values, problem, rows):
    with pytest.raises(CourseDataError) as err:
        func(values)
    assert problem in str(err.value) and err.value.rows == rows and err.value.fix


def test_empty_and_non_series_values():
    with pytest.raises(CourseDataError, match="empty"):
        ac.abc_classes(pd.Series([], dtype=float))
    with pytest.raises(CourseDataError, match="one column"):
        ac.pareto_table(pd.DataFrame({"a": [1.0], "b": [2.0]}))
    with pytest.raises(CourseDataError, match="list or Series"):
        ac.pareto_table(5)


def test_pareto_table_total_beyond_float_range_is_refused_not_nan():
    # issue 12: pareto_table([1e308, 1e308]) gave shares [0.0, nan]
    with pytest.raises(CourseDataError, match="largest number a float holds"):
        ac.pareto_table([1e308, 1e308])
    t = ac.pareto_table([1e307] * 10)  # a total just inside the float range is fine
    assert t["share"].tolist() == pytest.approx([0.1] * 10)
    assert t["cum_value_share"].iloc[-1] == pytest.approx(1.0)
    # ABC classes need only the shares: computed from the values scaled by the largest
    assert ac.abc_classes([1e308, 1e308, 1e306]).tolist() == ["A", "A", "C"]


@pytest.mark.parametrize("func", [ac.pareto_table, ac.abc_classes, lambda v: ac.assign_tiers(v, ac.DEALER_TIERS)])
def test_integers_beyond_float_range_are_course_errors(func):
    # issue 12: OverflowError escaped
    with pytest.raises(CourseDataError) as err:
        func(pd.Series([5, 10 ** 400], dtype=object))
    assert err.value.rows == [1]
    with pytest.raises(CourseDataError):
        ac.assign_tiers([5], {"VIP": 10 ** 400})


def test_duplicate_column_names_are_course_errors():
    deals = pd.concat([DEALS, DEALS[["amount"]]], axis=1)
    with pytest.raises(CourseDataError, match="more than one column"):
        ac.weighted_pipeline(deals)
    with pytest.raises(CourseDataError, match="more than one column"):
        ac.stage_conversion(pd.concat([HIST, HIST[["stage"]]], axis=1))
    with pytest.raises(CourseDataError, match="more than one column"):
        ac.coverage_gaps(pd.concat([BC, BC[["contact_id"]]], axis=1), TEAM)


# ----------------------------------------------------------------------------- weighted_pipeline
DEALS = pd.DataFrame({
    "stage": ["Prospecting", "Qualification", "Qualification", "Proposal/Price Quote",
              "Negotiation/Review", "Closed Won", "Closed Lost"],
    "amount": [100_000.0, 200_000.0, 50_000.0, 40_000.0, 10_000.0, 999_000.0, 500_000.0],
})


def test_weighted_pipeline_hand_worked_with_suitecrm_defaults():
    wp = ac.weighted_pipeline(DEALS)
    # 0.10 × 100,000 + 0.20 × 250,000 + 0.65 × 40,000 + 0.80 × 10,000
    # = 10,000 + 50,000 + 26,000 + 8,000 = 94,000; closed deals are not in the pipeline
    assert wp.loc["Total", "expected"] == pytest.approx(94_000)
    assert wp.loc["Total", "amount"] == pytest.approx(400_000)
    assert wp.loc["Total", "deals"] == 5
    assert wp.loc["Total", "probability"] == pytest.approx(94_000 / 400_000)
    assert wp.loc["Qualification", "expected"] == pytest.approx(50_000)
    assert wp.loc["Qualification", "deals"] == 2
    assert wp.loc["Needs Analysis", "deals"] == 0 and wp.loc["Needs Analysis", "expected"] == 0
    assert wp.index.tolist() == list(ac.OPEN_STAGES) + ["Total"]


def test_weighted_pipeline_with_own_probabilities_and_column_names():
    deals = DEALS.rename(columns={"stage": "phase", "amount": "value"})
    probs = dict.fromkeys(ac.STAGES, 0.5)
    wp = ac.weighted_pipeline(deals, probs, stage="phase", amount="value")
    assert wp.loc["Total", "expected"] == pytest.approx(0.5 * 400_000)
    own = pd.DataFrame({"stage": ["lead", "offer", "won"], "amount": [10.0, 20.0, 30.0]})
    wp = ac.weighted_pipeline(own, {"lead": 0.1, "offer": 0.6, "won": 1.0}, closed=["won"])
    assert wp.loc["Total", "expected"] == pytest.approx(0.1 * 10 + 0.6 * 20)  # 13


def test_suitecrm_defaults_match_the_case_data_dictionary():
    assert ac.SUITECRM_PROBABILITIES == {s: p / 100 for s, p in cases.STAGE_PROBABILITY.items()}
    assert list(ac.STAGES) == cases.STAGES


@pytest.mark.parametrize("probs, message", [
    ({"Prospecting": 10}, "percentages"),
    ({"Prospecting": -0.1}, "between 0 and 1"),
    ({"Prospecting": float("nan")}, "between 0 and 1"),
    ({"Prospecting": "high"}, "between 0 and 1"),
    ({}, "empty"),
    ([0.1, 0.2], "map stage name"),
])
def test_weighted_pipeline_rejects_bad_probabilities(probs, message):
    with pytest.raises(CourseDataError, match=message):
        ac.weighted_pipeline(DEALS, probs)


def test_weighted_pipeline_unknown_stage_names_the_rows_and_suggests():
    deals = DEALS.copy()
    deals.loc[1, "stage"] = "Qualificaton"
    deals.loc[3, "stage"] = "Demo"
    with pytest.raises(CourseDataError) as err:
        ac.weighted_pipeline(deals)
    assert err.value.rows == [1, 3] and "did you mean 'Qualification'" in str(err.value)


def test_weighted_pipeline_bad_amounts_empty_and_missing_columns():
    deals = DEALS.copy()
    deals.loc[2, "amount"] = -5
    with pytest.raises(CourseDataError, match="negative") as err:
        ac.weighted_pipeline(deals)
    assert err.value.rows == [2] and err.value.column == "amount"
    deals.loc[2, "amount"] = np.nan
    with pytest.raises(CourseDataError, match="missing"):
        ac.weighted_pipeline(deals)
    with pytest.raises(CourseDataError, match="empty"):
        ac.weighted_pipeline(DEALS.iloc[:0])
    with pytest.raises(CourseDataError, match="missing column 'amount'"):
        ac.weighted_pipeline(DEALS[["stage"]])
    with pytest.raises(CourseDataError, match="no stage"):
        ac.weighted_pipeline(pd.DataFrame({"stage": [None], "amount": [1.0]}))


# ----------------------------------------------------------------------------- stage history
def history(rows):
    return pd.DataFrame(rows, columns=["opportunity_id", "stage", "entered_date"]).assign(
        entered_date=lambda d: pd.to_datetime(d["entered_date"]))


HIST = history([
    ("O1", "Prospecting", "2025-01-01"), ("O1", "Qualification", "2025-01-11"),
    ("O1", "Needs Analysis", "2025-01-31"),
    ("O2", "Prospecting", "2025-02-01"), ("O2", "Qualification", "2025-02-05"), ("O2", "Closed Lost", "2025-03-01"),
    ("O3", "Prospecting", "2025-03-01"), ("O3", "Closed Lost", "2025-03-02"),
    ("O4", "Prospecting", "2025-04-01"),
])


def test_stage_conversion_hand_worked():
    sc = ac.stage_conversion(HIST)
    p = sc.loc["Prospecting → Qualification"]
    # entered: O1–O4 = 4; advanced: O1, O2; lost: O3; still open: O4 → 2 / (2 + 1)
    assert (p.entered, p.advanced, p.lost, p.still_open) == (4, 2, 1, 1)
    assert p.conversion == pytest.approx(2 / 3)
    assert p.median_days == 7.0  # O1 10 days, O2 4 days → median 7
    q = sc.loc["Qualification → Needs Analysis"]
    # O1 advanced after 20 days, O2 lost → 1 / 2
    assert (q.entered, q.advanced, q.lost, q.still_open) == (2, 1, 1, 0)
    assert q.conversion == 0.5 and q.median_days == 20.0
    n = sc.loc["Needs Analysis → Value Proposition"]
    assert (n.entered, n.still_open) == (1, 1) and math.isnan(n.conversion) and math.isnan(n.median_days)
    assert sc.index[-1] == "Negotiation/Review → Closed Won" and len(sc) == 8


def test_stage_conversion_accepts_text_dates_and_any_row_order():
    shuffled = HIST.sample(frac=1, random_state=3).assign(entered_date=lambda d: d.entered_date.dt.strftime("%Y-%m-%d"))
    pd.testing.assert_frame_equal(ac.stage_conversion(shuffled), ac.stage_conversion(HIST))


def test_history_with_dates_going_backwards_names_the_deal_and_rows():
    bad = history([("O1", "Prospecting", "2025-03-05"), ("O1", "Qualification", "2025-03-01"),
                   ("O2", "Prospecting", "2025-01-01")])
    with pytest.raises(CourseDataError) as err:
        ac.stage_conversion(bad)
    msg = str(err.value)
    assert "dates go backwards" in msg and "O1" in msg and "'Qualification'" in msg and err.value.rows == [1]


@pytest.mark.parametrize("rows, message", [
    ([("O1", "Prospecting", "2025-01-01"), ("O1", "Prospecting", "2025-01-02")], "repeat"),
    ([("O1", "Prospecting", "2025-01-01"), ("O1", "Closing", "2025-01-02")], "unknown stage"),
    ([("O1", "Prospecting", "2025-01-01"), ("O1", "Closed Won", "2025-01-02"), ("O1", "Closed Lost", "2025-01-03")],
     "both won and lost"),
    ([("O1", "Prospecting", None)], "no date"),
    ([(None, "Prospecting", "2025-01-01")], "no opportunity id"),
])
def test_history_problems(rows, message):
    with pytest.raises(CourseDataError, match=message):
        ac.stage_conversion(history(rows))


def test_history_unreadable_dates_and_missing_columns():
    with pytest.raises(CourseDataError, match="not an ISO date"):
        ac.stage_conversion(pd.DataFrame({"opportunity_id": ["O1"], "stage": ["Prospecting"], "entered_date": ["next week"]}))
    with pytest.raises(CourseDataError, match="missing column 'entered_date'"):
        ac.stage_conversion(HIST.drop(columns="entered_date"))
    with pytest.raises(CourseDataError, match="empty"):
        ac.stage_conversion(HIST.iloc[:0])


def test_stuck_deals_hand_worked():
    stuck = ac.stuck_deals(HIST, "2025-06-01", days=120)
    # open deals: O1 in Needs Analysis since 2025-01-31 (121 days), O4 in Prospecting since 04-01 (61 days)
    assert stuck.index.tolist() == ["O1"]
    assert stuck.loc["O1", "days_in_stage"] == 121 and stuck.loc["O1", "stage"] == "Needs Analysis"
    assert ac.stuck_deals(HIST, "2025-06-01", days=0).index.tolist() == ["O1", "O4"]
    with pytest.raises(CourseDataError, match="after the snapshot"):
        ac.stuck_deals(HIST, "2025-03-01")
    with pytest.raises(CourseDataError, match="snapshot date"):
        ac.stuck_deals(HIST, "someday")
    with pytest.raises(CourseDataError, match="days"):
        ac.stuck_deals(HIST, "2025-06-01", days=-1)


def test_history_dates_follow_the_one_iso_rule():
    text = HIST.assign(entered_date=HIST.entered_date.dt.strftime("%Y-%m-%d"))
    with pytest.raises(CourseDataError, match="numbers"):  # 20250101 is not read as a date
        ac.stage_conversion(text.assign(entered_date=text.entered_date.str.replace("-", "").astype(int)))
    with pytest.raises(CourseDataError, match="ISO"):  # day/month text is ambiguous
        ac.stage_conversion(text.assign(entered_date=HIST.entered_date.dt.strftime("%d/%m/%Y")))
    aware = HIST.assign(entered_date=HIST.entered_date.dt.tz_localize("Asia/Shanghai"))
    pd.testing.assert_frame_equal(ac.stage_conversion(aware), ac.stage_conversion(HIST))
    assert ac.stuck_deals(aware, pd.Timestamp("2025-06-01", tz="Asia/Shanghai")).index.tolist() == ["O1"]
    for snapshot in ("01/06/2025", 20250601, None):
        with pytest.raises(CourseDataError, match="snapshot"):
            ac.stuck_deals(HIST, snapshot)
    assert ac.stuck_deals(HIST).index.tolist() == ["O1", "O4"]  # default snapshot: the course's 2026-01-01


def test_probabilities_is_the_public_check_of_a_probability_table():
    assert ac.probabilities() == ac.SUITECRM_PROBABILITIES and ac.probabilities() is not ac.SUITECRM_PROBABILITIES
    with pytest.raises(CourseDataError, match="twice"):
        ac.probabilities(pd.Series([0.1, 0.2], index=["lead", "lead"]))
    with pytest.raises(CourseDataError, match="text"):
        ac.probabilities({1: 0.5})
    assert ac.STAGES is ac.SALES_STAGES


# ----------------------------------------------------------------------------- coverage_gaps
BC = pd.DataFrame({
    "account_id": ["K1", "K1", "K1", "K2", "K2", "K3"],
    "contact_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
    "buying_role": ["economic buyer", "technical buyer", "technical buyer", "economic buyer", "coach",
                    "economic buyer"],
})
TEAM = pd.DataFrame({
    "account_id": ["K1", "K1", "K2", "K2", "K3"],
    "rep_id": ["r1", "r2", "r1", "r1", "r3"],
    "covers_contact_id": ["c2", None, "c4", "c5", None],
})


def test_coverage_gaps_hand_worked():
    g = ac.coverage_gaps(BC, TEAM)
    assert g.index.tolist() == ["K1", "K2", "K3"]
    # K1: r1 and r2 (2 people); c2 covered; c1 (economic buyer) and c3 not; the technical
    # buyers' role is covered through c2, so only "economic buyer" is an uncovered role
    assert g.loc["K1", "our_people"] == 2 and g.loc["K1", "uncovered_contacts"] == ["c1", "c3"]
    assert g.loc["K1", "uncovered_roles"] == ["economic buyer"] and not g.loc["K1", "too_few_people"]
    # K2: everyone covered, but by one person only
    assert g.loc["K2", "our_people"] == 1 and g.loc["K2", "uncovered_contacts"] == []
    assert bool(g.loc["K2", "too_few_people"]) and bool(g.loc["K2", "gap"])
    # K3: one person on the team, covering nobody
    assert g.loc["K3", "covered"] == 0 and g.loc["K3", "uncovered_roles"] == ["economic buyer"]
    assert g["gap"].tolist() == [True, True, True]
    assert ac.coverage_gaps(BC, TEAM, min_people=1).loc["K2", "gap"] == False  # noqa: E712


def test_coverage_gaps_account_without_a_team_and_errors():
    g = ac.coverage_gaps(BC, TEAM[TEAM.account_id != "K3"])
    assert g.loc["K3", "our_people"] == 0 and g.loc["K3", "uncovered_contacts"] == ["c6"]
    wrong = TEAM.copy()
    wrong.loc[4, "covers_contact_id"] = "c99"
    with pytest.raises(CourseDataError, match="not in the buying centre") as err:
        ac.coverage_gaps(BC, wrong)
    assert err.value.rows == [4]
    wrong.loc[4, "covers_contact_id"] = "c1"  # a K1 person, on K3's row
    with pytest.raises(CourseDataError, match="another account"):
        ac.coverage_gaps(BC, wrong)
    with pytest.raises(CourseDataError, match="repeat a contact"):
        ac.coverage_gaps(pd.concat([BC, BC.iloc[:1]], ignore_index=True), TEAM)
    with pytest.raises(CourseDataError, match="missing column 'rep_id'"):
        ac.coverage_gaps(BC, TEAM.drop(columns="rep_id"))
    with pytest.raises(CourseDataError, match="empty"):
        ac.coverage_gaps(BC.iloc[:0], TEAM)
    with pytest.raises(CourseDataError, match="min_people"):
        ac.coverage_gaps(BC, TEAM, min_people=0)


# ----------------------------------------------------------------------------- small helpers
def test_portfolio_quadrants_and_share_of_wallet():
    q = ac.portfolio_quadrants(pd.Series([5.5, 5.49, 9, 1]), pd.Series([5.5, 9, 5.49, 1]))
    assert q.tolist() == ["invest", "maintain", "develop", "streamline"]  # 5.5 counts as high
    assert ac.share_of_wallet(pd.Series([25.0, 10.0]), pd.Series([100.0, 8.0])).tolist() == [0.25, 1.25]
    with pytest.raises(CourseDataError, match="different rows"):
        ac.share_of_wallet(pd.Series([1.0], index=["a"]), pd.Series([2.0], index=["b"]))


# ----------------------------------------------------------------------------- hypothesis: only CourseDataError
_ANY = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**18), st.none(),
                 st.text(max_size=4), st.booleans())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ANY, max_size=8), st.floats(allow_nan=True), st.floats(allow_nan=True))
def test_value_helpers_raise_only_course_data_errors(values, a, b):
    for call in (lambda: ac.pareto_table(values), lambda: ac.abc_classes(values, a=a, b=b),
                 lambda: ac.assign_tiers(values, ac.POSTAL_TIERS),
                 lambda: ac.assign_tiers(values, {"x": a, "y": b})):
        try:
            call()
        except CourseDataError:
            pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(list(ac.STAGES) + ["Demo", "", None]), _ANY), max_size=6),
       st.dictionaries(st.sampled_from(list(ac.STAGES) + ["x"]), _ANY, max_size=4) | st.none())
def test_weighted_pipeline_raises_only_course_data_errors(rows, probs):
    frame = pd.DataFrame(rows, columns=["stage", "amount"])
    try:
        wp = ac.weighted_pipeline(frame, probs)
    except CourseDataError:
        return
    assert np.isfinite(wp["expected"].to_numpy()).all()


_DATES = st.one_of(st.dates(min_value=pd.Timestamp("2000-01-01").date(), max_value=pd.Timestamp("2030-12-31").date())
                   .map(str), st.none(), st.text(max_size=5))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["O1", "O2", None]), st.sampled_from(list(ac.STAGES) + ["x"]), _DATES),
                max_size=7), st.sampled_from(["2026-01-01", "1999-01-01", "bad"]), st.integers(-5, 400))
def test_history_helpers_raise_only_course_data_errors(rows, snapshot, days):
    frame = pd.DataFrame(rows, columns=["opportunity_id", "stage", "entered_date"])
    for call in (lambda: ac.stage_conversion(frame), lambda: ac.stuck_deals(frame, snapshot, days=days)):
        try:
            call()
        except CourseDataError:
            pass


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["K1", "K2"]), st.sampled_from(["c1", "c2", "c3"]),
                          st.sampled_from(list(ac.BUYING_ROLES))), max_size=4),
       st.lists(st.tuples(st.sampled_from(["K1", "K2", None]), st.sampled_from(["r1", "r2"]),
                          st.sampled_from(["c1", "c2", "c3", "c9", None])), max_size=4),
       st.integers(-1, 3))
def test_coverage_gaps_raises_only_course_data_errors(bc_rows, team_rows, min_people):
    bc = pd.DataFrame(bc_rows, columns=["account_id", "contact_id", "buying_role"])
    team = pd.DataFrame(team_rows, columns=["account_id", "rep_id", "covers_contact_id"])
    try:
        ac.coverage_gaps(bc, team, min_people=min_people)
    except CourseDataError:
        pass


# ----------------------------------------------------------------------------- the case data
def test_case_data_supports_the_module():
    acc = data.load("huaxin_accounts").set_index("account_id")
    classes = ac.abc_classes(acc["annual_revenue"])
    assert set(classes) == {"A", "B", "C"}
    tiers = ac.assign_tiers(acc["annual_revenue"], ac.postal_tiers())
    assert set(tiers) == {"none", "VIP", "gold", "platinum", "diamond"}
    assert acc.loc[acc.opinion_leader, "annual_revenue"].max() < acc["annual_revenue"].median() * 3
    opps = data.load("huaxin_opportunities")
    assert ac.weighted_pipeline(opps).loc["Total", "deals"] == (~opps.stage.isin(ac.CLOSED_STAGES)).sum()
    hist = data.load("huaxin_stage_history")
    assert len(ac.stuck_deals(hist, "2026-01-01")) >= 10
    gaps = ac.coverage_gaps(data.load("huaxin_contacts"), data.load("huaxin_account_team"))
    assert len(gaps) >= 10 and gaps["too_few_people"].sum() >= 2
    assert any("economic buyer" in r for r in gaps["uncovered_roles"])


def test_dealer_fleet_case_is_planted():
    fleet = data.load("dealer_fleet")
    assert sorted(fleet.year.unique()) == [2023, 2024, 2025]
    assert (fleet.our_vehicles <= fleet.fleet_vehicles).all()
    y25 = fleet[fleet.year == 2025].set_index("buyer_id")
    counts = ac.assign_tiers(y25.fleet_vehicles, ac.DEALER_TIERS).value_counts()
    assert counts[["100+", "50+", "10+", "5+"]].tolist() == [3, 5, 14, 8]
    path = fleet.pivot(index="buyer_id", columns="year", values="relationship").astype(str)
    plan = (path[2023] == "relationship") & (path[2024] == "first vehicle") & (path[2025] == "partner")
    assert plan.sum() == 7 and plan["FT-B01"]
    assert (path[2025] == "lapsed").sum() == 2
    first = fleet[fleet.relationship == "first vehicle"]
    assert (first.our_vehicles == 1).all()


# ----------------------------------------------------------------------------- plots and widget
def test_plots_return_axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crmcourse.accounts import plots

    acc = data.load("huaxin_accounts").set_index("account_id")
    ax = plots.pareto_chart(ac.pareto_table(acc["annual_revenue"]))
    assert any(abs(line.get_ydata()[0] - 0.8) < 1e-12 for line in ax.get_lines() if len(line.get_ydata()) == 2)
    ax = plots.pipeline_funnel(ac.weighted_pipeline(data.load("huaxin_opportunities")))
    assert [t.get_text() for t in ax.get_yticklabels()] == list(ac.OPEN_STAGES)
    contacts = data.load("huaxin_contacts")
    one = contacts[contacts.account_id == contacts.account_id.iloc[0]]
    ax = plots.influence_attitude_map(one, covered=set(one.contact_id[:1]))
    assert len(ax.texts) >= len(one)
    ax = plots.portfolio_matrix(acc, highlight=ac.abc_classes(acc["annual_revenue"]) == "A")
    assert ax.get_xlim() == (1.0, 10.0)
    plt.close("all")


def test_forecast_explorer_reacts_to_a_slider_and_resets():
    from crmcourse.accounts import widgets

    opps = data.load("huaxin_opportunities")
    box = widgets.forecast_explorer(opps)
    sliders, reset, out = box.children[0].children, box.children[1], box.children[-1]
    assert [s.description for s in sliders] == list(ac.OPEN_STAGES)
    before = out.value
    default_total = ac.weighted_pipeline(opps).loc["Total", "expected"]
    assert f"{default_total:,.0f} CNY" in before
    sliders[0].value = 0.5
    probs = dict(ac.SUITECRM_PROBABILITIES, Prospecting=0.5)
    assert f"{ac.weighted_pipeline(opps, probs).loc['Total', 'expected']:,.0f} CNY" in out.value
    reset.click()
    assert out.value == before
    with pytest.raises(CourseDataError):
        widgets.forecast_explorer(opps, {"Prospecting": 2})
