"""Module 1 helpers: ratio and zones, the promise model, Kano, SERVQUAL and NPS.

Expected values are worked out by hand in this file (the Kano evaluation table is written
out cell by cell from shared/reference/domain-facts.md), never imported from the code under test.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmcourse import data
from crmcourse.errors import CourseDataError
from crmcourse.satisfaction import (
    kano_category,
    kano_classify,
    kano_coefficients,
    nps,
    nps_groups,
    promise_tradeoff,
    satisfaction_ratio,
    satisfaction_zone,
    servqual_gaps,
)

# ---------------------------------------------------------------------------- Kano evaluation table

# The 25 cells of the evaluation table (Berger et al. 1993), typed in from domain-facts.md.
# (functional answer, dysfunctional answer) -> category
EVALUATION_TABLE = {
    ("like", "like"): "Q", ("like", "must-be"): "A", ("like", "neutral"): "A",
    ("like", "live-with"): "A", ("like", "dislike"): "O",
    ("must-be", "like"): "R", ("must-be", "must-be"): "I", ("must-be", "neutral"): "I",
    ("must-be", "live-with"): "I", ("must-be", "dislike"): "M",
    ("neutral", "like"): "R", ("neutral", "must-be"): "I", ("neutral", "neutral"): "I",
    ("neutral", "live-with"): "I", ("neutral", "dislike"): "M",
    ("live-with", "like"): "R", ("live-with", "must-be"): "I", ("live-with", "neutral"): "I",
    ("live-with", "live-with"): "I", ("live-with", "dislike"): "M",
    ("dislike", "like"): "R", ("dislike", "must-be"): "R", ("dislike", "neutral"): "R",
    ("dislike", "live-with"): "R", ("dislike", "dislike"): "Q",
}
CODES = {"like": 1, "must-be": 2, "neutral": 3, "live-with": 4, "dislike": 5}


def test_evaluation_table_has_25_cells():
    assert len(EVALUATION_TABLE) == 25


@pytest.mark.parametrize(("pair", "expected"), sorted(EVALUATION_TABLE.items()))
def test_kano_category_cell_by_cell_with_labels(pair, expected):
    assert kano_category(*pair) == expected


@pytest.mark.parametrize(("pair", "expected"), sorted(EVALUATION_TABLE.items()))
def test_kano_category_cell_by_cell_with_codes(pair, expected):
    f, d = pair
    assert kano_category(CODES[f], CODES[d]) == expected
    assert kano_category(np.int64(CODES[f]), float(CODES[d])) == expected


def test_kano_category_vectorised_matches_every_cell():
    pairs = sorted(EVALUATION_TABLE)
    f = pd.Series([p[0] for p in pairs], index=[f"r{i}" for i in range(25)])
    d = pd.Series([p[1] for p in pairs], index=f.index)
    got = kano_category(f, d)
    assert isinstance(got, pd.Series)
    assert list(got.index) == list(f.index)
    assert got.tolist() == [EVALUATION_TABLE[p] for p in pairs]
    codes = kano_category(f.map(CODES), d.map(CODES))
    assert codes.tolist() == got.tolist()


def test_kano_category_accepts_categoricals_lists_case_and_spacing():
    f = pd.Series(pd.Categorical(["like", "neutral"], categories=list(CODES)))
    d = pd.Series(pd.Categorical(["dislike", "dislike"], categories=list(CODES)))
    assert kano_category(f, d).tolist() == ["O", "M"]
    assert kano_category(["Like", " MUST BE "], ["live_with", "Dislike"]).tolist() == ["A", "M"]
    # a scalar is paired with every row
    assert kano_category("like", pd.Series(["like", "dislike"])).tolist() == ["Q", "O"]


def test_kano_category_on_the_shipped_survey_is_consistent_row_by_row():
    survey = data.load("qingmei_kano").head(200)
    fast = kano_category(survey["functional"], survey["dysfunctional"])
    slow = [kano_category(f, d) for f, d in zip(survey["functional"], survey["dysfunctional"])]
    assert fast.tolist() == slow


@pytest.mark.parametrize("bad", ["love it", "", "yes", 0, 6, 2.5, True, None, float("nan")])
def test_kano_category_rejects_unknown_answers(bad):
    with pytest.raises(CourseDataError) as err:
        kano_category(bad, "dislike")
    text = str(err.value)
    assert "'like', 'must-be', 'neutral', 'live-with', 'dislike'" in text and "1–5" in text


def test_kano_category_error_names_rows_and_values():
    f = pd.Series(["like", "love", "neutral", 7], index=[10, 11, 12, 13])
    d = pd.Series(["dislike"] * 4, index=f.index)
    with pytest.raises(CourseDataError) as err:
        kano_category(f, d)
    assert err.value.rows == [11, 13]
    assert err.value.column == "functional"
    assert "'love'" in str(err.value) and "7" in str(err.value)


def test_kano_category_rejects_misaligned_series():
    with pytest.raises(CourseDataError, match="different row labels"):
        kano_category(pd.Series(["like"], index=[1]), pd.Series(["like"], index=[2]))
    with pytest.raises(CourseDataError, match="2 answers"):
        kano_category(["like", "like"], ["like"])


def test_kano_category_missing_answer_is_reported():
    with pytest.raises(CourseDataError, match="missing") as err:
        kano_category(pd.Series(["like", None]), pd.Series(["like", "like"]))
    assert err.value.rows == [1]


# ---------------------------------------------------------------------------- Better / Worse

def test_better_worse_worked_example():
    # A=30, O=20, M=10, I=40 (R, Q left out): Better = 50/100 = 0.5, Worse = -30/100 = -0.3
    got = kano_coefficients({"A": 30, "O": 20, "M": 10, "I": 40, "R": 7, "Q": 3})
    assert got["better"] == pytest.approx(0.5)
    assert got["worse"] == pytest.approx(-0.3)


def test_better_worse_table_worked_example():
    counts = pd.DataFrame({"A": [12, 0, 5], "O": [3, 0, 0], "M": [5, 0, 0], "I": [0, 0, 5], "R": [1, 4, 0]},
                          index=["gift", "weird", "sample"])
    got = kano_coefficients(counts)
    # gift: (12+3)/20 = 0.75, -(3+5)/20 = -0.4; weird: all R -> NaN; sample: 5/10, -0/10
    assert got.loc["gift", "better"] == pytest.approx(0.75)
    assert got.loc["gift", "worse"] == pytest.approx(-0.4)
    assert math.isnan(got.loc["weird", "better"]) and math.isnan(got.loc["weird", "worse"])
    assert got.loc["sample", "better"] == pytest.approx(0.5)
    assert got.loc["sample", "worse"] == 0.0 and not math.copysign(1, got.loc["sample", "worse"]) < 0


@pytest.mark.parametrize("counts", [{"A": 1, "O": 2, "M": 3}, {"A": -1, "O": 2, "M": 3, "I": 0},
                                    pd.DataFrame({"A": [1]}), pd.DataFrame(columns=["A", "O", "M", "I"]),
                                    {"A": "x", "O": 1, "M": 1, "I": 1}, "AOMI"])
def test_kano_coefficients_bad_input(counts):
    with pytest.raises(CourseDataError):
        kano_coefficients(counts)


# ---------------------------------------------------------------------------- classification

def _survey(rows):
    return pd.DataFrame(rows, columns=["feature", "functional", "dysfunctional"])


def test_kano_classify_counts_category_and_coefficients_by_hand():
    survey = _survey(
        [("gift", "like", "neutral")] * 5          # A ×5
        + [("gift", "like", "dislike")] * 2        # O ×2
        + [("gift", "neutral", "neutral")] * 2     # I ×2
        + [("gift", "dislike", "like")]            # R ×1
        + [("check", "neutral", "dislike")] * 6    # M ×6
        + [("check", "like", "dislike")] * 3       # O ×3
        + [("check", "like", "like")]              # Q ×1
    )
    out = kano_classify(survey).set_index("feature")
    assert list(out.columns) == ["A", "O", "M", "I", "R", "Q", "n", "category", "better", "worse", "significant"]
    gift, check = out.loc["gift"], out.loc["check"]
    assert (gift["A"], gift["O"], gift["M"], gift["I"], gift["R"], gift["Q"], gift["n"]) == (5, 2, 0, 2, 1, 0, 10)
    assert gift["category"] == "A" and check["category"] == "M"
    # Better = (5+2)/9, Worse = -(2+0)/9
    assert gift["better"] == pytest.approx(7 / 9) and gift["worse"] == pytest.approx(-2 / 9)
    # check: Better = 3/9, Worse = -(3+6)/9 = -1
    assert check["better"] == pytest.approx(1 / 3) and check["worse"] == pytest.approx(-1.0)
    # Fong, gift: a=5, b=2, n=10 -> 1.65*sqrt(7*13/20) = 3.52 > 3: not significant
    assert not gift["significant"]
    # Fong, check: a=6, b=3, n=10 -> 1.65*sqrt(9*11/20) = 3.67 > 3: not significant
    assert not check["significant"]


def test_fong_significant_when_lead_is_clear():
    # a=40 (M), b=5 (O), n=50: 1.65*sqrt(45*55/100) = 8.30 < 35 -> significant
    survey = _survey([("x", "neutral", "dislike")] * 40 + [("x", "like", "dislike")] * 5
                     + [("x", "neutral", "neutral")] * 5)
    assert bool(kano_classify(survey)["significant"].iloc[0])


@pytest.mark.parametrize(("counts", "winner"), [
    ({"M": 3, "O": 3}, "M"), ({"O": 3, "A": 3}, "O"), ({"A": 3, "I": 3}, "A"),
    ({"I": 3, "R": 3}, "I"), ({"R": 3, "Q": 3}, "R"), ({"A": 2, "O": 2, "M": 2, "I": 2}, "M"),
])
def test_tie_break_order_m_o_a_i_r_q(counts, winner):
    pair = {"A": ("like", "neutral"), "O": ("like", "dislike"), "M": ("neutral", "dislike"),
            "I": ("neutral", "neutral"), "R": ("dislike", "like"), "Q": ("like", "like")}
    rows = [("f",) + pair[c] for c, k in counts.items() for _ in range(k)]
    out = kano_classify(_survey(rows))
    assert out["category"].iloc[0] == winner
    assert not bool(out["significant"].iloc[0])  # a tie is never significant


def test_kano_classify_by_group_and_custom_columns():
    survey = pd.DataFrame({
        "grp": ["s", "s", "m", "m"], "feat": ["a", "a", "a", "a"],
        "has": [1, 1, 3, 3], "lacks": [3, 3, 3, 3],
    })
    out = kano_classify(survey, feature="feat", functional="has", dysfunctional="lacks", by="grp")
    assert out[["grp", "feat", "category"]].values.tolist() == [["m", "a", "I"], ["s", "a", "A"]]


def test_kano_classify_shipped_survey_shape_and_order():
    survey = data.load("qingmei_kano")
    out = kano_classify(survey)
    assert len(out) == survey["feature"].nunique()
    assert out["feature"].tolist() == list(survey["feature"].cat.categories)
    assert (out["n"] == 240).all()
    assert (out[["A", "O", "M", "I", "R", "Q"]].sum(axis=1) == out["n"]).all()
    groups = kano_classify(survey, by="customer_group")
    assert len(groups) == 30 and (groups["n"] == 80).all()


@pytest.mark.parametrize(("frame", "kwargs", "match"), [
    (pd.DataFrame(columns=["feature", "functional", "dysfunctional"]), {}, "empty"),
    (pd.DataFrame({"feature": ["a"], "functional": ["like"]}), {}, "missing column 'dysfunctional'"),
    (pd.DataFrame({"feature": ["a"], "functional": ["like"], "dysfunctional": ["meh"]}), {}, "not a Kano answer"),
    (pd.DataFrame({"feature": [None], "functional": ["like"], "dysfunctional": ["like"]}), {}, "no feature"),
    (pd.DataFrame({"feature": ["a"], "functional": ["like"], "dysfunctional": ["like"]}), {"by": "group"},
     "missing column 'group'"),
    ([("a", "like", "like")], {}, "DataFrame"),
])
def test_kano_classify_bad_input(frame, kwargs, match):
    with pytest.raises(CourseDataError, match=match):
        kano_classify(frame, **kwargs)


# ---------------------------------------------------------------------------- NPS

def test_nps_worked_examples():
    # 3 promoters, 2 passives, 5 detractors of 10: 30% - 50% = -20
    assert nps([10, 9, 9, 8, 7, 6, 5, 0, 3, 6]) == pytest.approx(-20.0)
    # 2 promoters, 1 passive of 3: 66.67 - 0
    assert nps(pd.Series([9, 10, 7])) == pytest.approx(200 / 3)
    assert nps(np.array([10, 10])) == 100.0
    assert nps([0]) == -100.0
    assert nps([7, 8]) == 0.0
    assert nps([9.0, 6.0, 8.0, 10.0]) == pytest.approx(25.0)


def test_nps_groups_boundaries():
    assert nps_groups(list(range(11))).tolist() == ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2


def test_nps_shipped_survey_by_hand():
    scores = data.load("qingmei_nps")["likelihood_to_recommend"]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    assert nps(scores) == pytest.approx(100 * (promoters - detractors) / len(scores))


@pytest.mark.parametrize("bad", [[], [11], [-1], [7.5], [True, False], ["nine"], [None, 9], [float("nan")],
                                 [float("inf")], 9, "9", pd.DataFrame({"a": [9], "b": [9]}), [[9]], [{9}],
                                 [{"a": 9}], [10 ** 400], {9, 10}])
def test_nps_bad_input(bad):
    with pytest.raises(CourseDataError):
        nps(bad)


def test_nps_reads_numbers_written_as_text_and_one_column_tables():
    # the validation layer's rule: "9" in a CSV column read as text is the number 9
    assert nps(["9", "3"]) == 0.0
    assert nps(pd.DataFrame({"likelihood": [9, 10]})) == 100.0


def test_nps_error_lists_rows():
    with pytest.raises(CourseDataError) as err:
        nps(pd.Series([9, 12, 3, 7.5], index=["a", "b", "c", "d"]))
    assert err.value.rows == ["b", "d"]
    assert "0 to 10" in str(err.value)


# ---------------------------------------------------------------------------- SERVQUAL

def _servqual():
    return pd.DataFrame({
        "dimension": ["reliability", "reliability", "tangibles", "tangibles", "empathy"],
        "expectation": [7, 6, 4, 5, 6],
        "perception": [5, 5, 6, 6, 6],
    })


def test_servqual_unweighted_by_hand():
    out = servqual_gaps(_servqual())
    # canonical order, only the dimensions present
    assert out.index.tolist() == ["tangibles", "reliability", "empathy", "overall"]
    # tangibles: (2 + 1)/2 = 1.5; reliability: (-2 - 1)/2 = -1.5; empathy: 0
    assert out.loc["tangibles", "gap"] == pytest.approx(1.5)
    assert out.loc["reliability", "gap"] == pytest.approx(-1.5)
    assert out.loc["empathy", "gap"] == pytest.approx(0.0)
    assert out.loc["overall", "gap"] == pytest.approx(0.0)
    assert "weight" not in out.columns


def test_servqual_weighted_by_hand_mapping_and_table():
    weights = {"tangibles": 10, "reliability": 60, "empathy": 30, "assurance": 0}
    out = servqual_gaps(_servqual(), weights=weights)
    # shares 0.1, 0.6, 0.3 -> 0.1*1.5 + 0.6*(-1.5) + 0.3*0 = -0.75
    assert out.loc["weighted overall", "gap"] == pytest.approx(-0.75)
    assert out.loc["reliability", "weight"] == pytest.approx(0.6)
    table = pd.DataFrame({"respondent_id": ["a", "b"], "tangibles": [0, 20], "reliability": [70, 50],
                          "empathy": [30, 30]})
    same = servqual_gaps(_servqual(), weights=table)
    assert same.loc["weighted overall", "gap"] == pytest.approx(-0.75)


def test_servqual_shipped_survey_five_dimensions():
    out = servqual_gaps(data.load("qingmei_servqual"), weights=data.load("qingmei_servqual_weights"))
    assert out.index.tolist() == ["tangibles", "reliability", "responsiveness", "assurance", "empathy",
                                  "overall", "weighted overall"]
    assert out["weight"].iloc[:5].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(("frame", "weights", "match"), [
    (pd.DataFrame({"dimension": ["speed"], "expectation": [5], "perception": [5]}), None, "unknown dimension"),
    (pd.DataFrame({"dimension": ["empathy"], "expectation": ["high"], "perception": [5]}), None, "not a finite number"),
    (pd.DataFrame({"dimension": ["empathy"], "perception": [5]}), None, "missing column 'expectation'"),
    (pd.DataFrame(columns=["dimension", "expectation", "perception"]), None, "empty"),
    (_servqual(), {"tangibles": 10, "reliability": 60}, "lack 'empathy'"),
    (_servqual(), {"tangibles": 10, "reliability": -60, "empathy": 5}, "0 or more"),
    (_servqual(), {"tangibles": 0, "reliability": 0, "empathy": 0}, "add up to 0"),
    (_servqual(), {"tangibles": 1, "reliability": 1, "empathy": 1, "price": 4}, "unknown dimensions"),
    (_servqual(), [1, 2, 3], "dict or a table"),
])
def test_servqual_bad_input(frame, weights, match):
    with pytest.raises(CourseDataError, match=match):
        servqual_gaps(frame, weights=weights)


def test_servqual_enforces_the_answer_scale():
    # issue 12: scores of 500 and -600 were averaged as if they were answers
    survey = pd.DataFrame({"dimension": ["empathy", "empathy", "tangibles"], "expectation": [5, -600, 6],
                           "perception": [500, 6, 6]})
    with pytest.raises(CourseDataError, match="not between 1 and 7") as err:
        servqual_gaps(survey)
    assert err.value.rows == [1] and err.value.column == "expectation"
    with pytest.raises(CourseDataError, match="not between 1 and 7") as err:
        servqual_gaps(survey.assign(expectation=[5, 6, 6]))
    assert err.value.rows == [0] and err.value.column == "perception"
    # another survey scale is said, not guessed
    ten = pd.DataFrame({"dimension": ["empathy"], "expectation": [9], "perception": [10]})
    assert servqual_gaps(ten, scale=(1, 10)).loc["empathy", "gap"] == 1.0
    for bad in ((7, 1), (1,), "1-7", (1, float("inf"))):
        with pytest.raises(CourseDataError, match="scale"):
            servqual_gaps(ten, scale=bad)


def test_servqual_huge_importance_points_keep_their_shares():
    survey = pd.DataFrame({"dimension": ["tangibles", "reliability"], "expectation": [5, 7], "perception": [6, 5]})
    out = servqual_gaps(survey, weights={"tangibles": 1e308, "reliability": 1e308})
    assert out.loc["tangibles", "weight"] == pytest.approx(0.5)
    assert out.loc["weighted overall", "gap"] == pytest.approx(-0.5)


# ---------------------------------------------------------------------------- ratio, zones, promise

@pytest.mark.parametrize(("perceived", "expected"), [(math.inf, 8), (7, math.inf), (-math.inf, 8), (7, -math.inf),
                                                     (10 ** 400, 8), (7, 10 ** 400)])
def test_ratio_refuses_infinities_and_numbers_beyond_float_range(perceived, expected):
    # issue 12: satisfaction_ratio(inf, 8) was inf and satisfaction_ratio(7, inf) was 0.0
    with pytest.raises(CourseDataError):
        satisfaction_ratio(perceived, expected)
    with pytest.raises(CourseDataError) as err:
        satisfaction_ratio(pd.Series([6.0, perceived], dtype=object), pd.Series([8.0, expected], dtype=object))
    assert err.value.rows == [1]


def test_zone_refuses_infinity():
    # issue 12: satisfaction_zone(inf) was "highly satisfied"
    with pytest.raises(CourseDataError, match="finite"):
        satisfaction_zone(math.inf)
    with pytest.raises(CourseDataError) as err:
        satisfaction_zone(pd.Series([1.0, math.inf, 0.9]))
    assert err.value.rows == [1]
    with pytest.raises(CourseDataError):
        satisfaction_zone(1.0, tolerance=math.inf)


@pytest.mark.parametrize("nested", [[1, 2], {"a": 1}, {3}])
def test_nested_values_inside_data_are_course_errors(nested):
    # issue 12: lists, dicts and sets inside the data escaped as TypeError
    with pytest.raises(CourseDataError) as err:
        nps([9, nested, 10])
    assert err.value.rows == [1]
    survey = pd.DataFrame({"feature": ["x", "x"], "functional": ["like", "like"],
                           "dysfunctional": pd.Series(["dislike", nested], dtype=object)})
    with pytest.raises(CourseDataError) as err:
        kano_classify(survey)
    assert err.value.rows == [1] and err.value.column == "dysfunctional"
    with pytest.raises(CourseDataError) as err:
        kano_classify(survey.assign(dysfunctional="dislike", feature=pd.Series(["x", nested], dtype=object)))
    assert err.value.rows == [1] and err.value.column == "feature"
    with pytest.raises(CourseDataError):
        kano_category(pd.Series(["like", nested], dtype=object), "dislike")
    with pytest.raises(CourseDataError):
        servqual_gaps(pd.DataFrame({"dimension": pd.Series(["empathy", nested], dtype=object),
                                    "expectation": [5, 5], "perception": [5, 5]}))


def test_duplicate_column_names_are_course_errors():
    survey = pd.DataFrame([["x", "like", "dislike", "like"]], columns=["feature", "functional", "dysfunctional",
                                                                      "functional"])
    with pytest.raises(CourseDataError, match="more than one column"):
        kano_classify(survey)
    sq = pd.DataFrame([["empathy", 5, 6, 6]], columns=["dimension", "expectation", "perception", "perception"])
    with pytest.raises(CourseDataError, match="more than one column"):
        servqual_gaps(sq)
    counts = pd.DataFrame([[1, 2, 3, 4, 5]], columns=["A", "O", "M", "I", "A"])
    with pytest.raises(CourseDataError, match="more than one column"):
        kano_coefficients(counts)


def test_kano_counts_near_the_float_limit_keep_their_coefficients():
    got = kano_coefficients({"A": 1e308, "O": 1e308, "M": 0, "I": 0})
    assert got["better"] == pytest.approx(1.0) and got["worse"] == pytest.approx(-0.5)


def test_ratio_zero_or_negative_expectation_is_an_error():
    for bad in (0, -3):
        with pytest.raises(CourseDataError, match="greater than 0"):
            satisfaction_ratio(5, bad)
    with pytest.raises(CourseDataError) as err:
        satisfaction_ratio(pd.Series([5, 5, 5]), pd.Series([4, 0, -1]))
    assert err.value.rows == [1, 2]


def test_promise_tradeoff_by_hand():
    # promise 6 = requirement mean -> half the market buys; 0.95*6 = 5.7 is 1.3 sd below 7
    r = promise_tradeoff(6, market=1000)
    assert r["buyers"] == pytest.approx(500.0)
    assert r["satisfied_share"] == pytest.approx(0.5 * (1 + math.erf(1.3 / math.sqrt(2))))
    assert r["satisfied_buyers"] == pytest.approx(r["buyers"] * r["satisfied_share"])


def test_promise_tradeoff_shape_of_the_trade_off():
    grid = promise_tradeoff(np.arange(1, 10.01, 0.5))
    assert grid["buyers"].is_monotonic_increasing
    assert grid["satisfied_share"].is_monotonic_decreasing
    best = grid.loc[grid["satisfied_buyers"].idxmax(), "promise"]
    assert 5 < best < 8  # an interior optimum: neither the lowest nor the highest promise


@pytest.mark.parametrize(("args", "kwargs"), [((0,), {}), ((-1,), {}), ((float("nan"),), {}), (("7",), {}),
                                              ((True,), {}), (([],), {}), (([5, -1],), {}),
                                              ((6,), {"performance_sd": 0}), ((6,), {"tolerance": 1}),
                                              ((6,), {"market": -5})])
def test_promise_tradeoff_bad_input(args, kwargs):
    with pytest.raises(CourseDataError):
        promise_tradeoff(*args, **kwargs)


# ---------------------------------------------------------------------------- property-based

anything = st.one_of(
    st.none(), st.booleans(), st.integers(-20, 20), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.sampled_from(["like", "must-be", "neutral", "live-with", "dislike", "Like", "must be"]),
)
answers = st.one_of(st.sampled_from(["like", "must-be", "neutral", "live-with", "dislike"]), st.integers(1, 5))


@settings(max_examples=300, deadline=None)
@given(anything, anything)
def test_kano_category_only_raises_course_errors(f, d):
    try:
        out = kano_category(f, d)
    except CourseDataError:
        return
    assert out in {"A", "O", "M", "I", "R", "Q"}


@settings(max_examples=150, deadline=None)
@given(st.lists(anything, max_size=6), st.lists(anything, max_size=6))
def test_kano_category_series_only_raises_course_errors(f, d):
    try:
        out = kano_category(pd.Series(f, dtype=object), pd.Series(d[: len(f)] + [None] * (len(f) - len(d)),
                                                                 dtype=object))
    except CourseDataError:
        return
    assert set(out) <= {"A", "O", "M", "I", "R", "Q"}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "y", "z"]), answers, answers), min_size=1, max_size=40))
def test_kano_classify_counts_add_up(rows):
    out = kano_classify(_survey(rows))
    assert out["n"].sum() == len(rows)
    assert (out[["A", "O", "M", "I", "R", "Q"]].sum(axis=1) == out["n"]).all()
    ok = out["better"].dropna()
    assert ((ok >= 0) & (ok <= 1)).all()
    assert ((out["worse"].dropna() <= 0) & (out["worse"].dropna() >= -1)).all()
    for row in out.itertuples():
        top = max(row.A, row.O, row.M, row.I, row.R, row.Q)
        assert getattr(row, row.category) == top


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(anything, anything, anything), max_size=5), st.sampled_from([None, "feature", "nope"]))
def test_kano_classify_only_raises_course_errors(rows, by):
    try:
        kano_classify(_survey(rows), by=by)
    except CourseDataError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.one_of(anything, st.lists(anything, max_size=8)))
def test_nps_only_raises_course_errors(scores):
    try:
        value = nps(scores)
    except CourseDataError:
        return
    assert -100 <= value <= 100


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=50))
def test_nps_range_and_groups_agree(scores):
    groups = nps_groups(scores)
    share = (groups == "promoter").mean() - (groups == "detractor").mean()
    assert nps(scores) == pytest.approx(100 * share)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["A", "O", "M", "I", "R", "Q", "x"]), anything, max_size=7))
def test_kano_coefficients_only_raises_course_errors(counts):
    try:
        kano_coefficients(counts)
    except CourseDataError:
        pass


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.sampled_from(["tangibles", "reliability", "empathy"]), anything),
                          anything, anything), max_size=6),
       st.one_of(st.none(), st.dictionaries(st.sampled_from(["tangibles", "reliability", "empathy", "x"]),
                                            anything, max_size=4)))
def test_servqual_only_raises_course_errors(rows, weights):
    frame = pd.DataFrame(rows, columns=["dimension", "expectation", "perception"])
    try:
        servqual_gaps(frame, weights=weights)
    except CourseDataError:
        pass


@settings(max_examples=200, deadline=None)
@given(anything, anything, st.one_of(st.floats(-1, 2), anything))
def test_ratio_zone_and_promise_only_raise_course_errors(a, b, tol):
    for call in (lambda: satisfaction_ratio(a, b), lambda: satisfaction_zone(a, tol),
                 lambda: promise_tradeoff(a), lambda: promise_tradeoff([a, b]),
                 lambda: promise_tradeoff(6, tolerance=tol)):
        try:
            call()
        except CourseDataError:
            pass


# ---------------------------------------------------------------------------- module 1 notebooks

NOTEBOOKS_M1 = sorted((Path(__file__).resolve().parents[1] / "solutions" / "01_satisfaction").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS_M1, ids=lambda p: p.name)
def test_key_terms_match_the_glossary(path):
    import nbformat

    from crmcourse.glossary import load_glossary

    glossary = dict(zip(load_glossary()["term_en"], load_glossary()["term_zh"]))
    head = nbformat.read(path, as_version=4).cells[0].source
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", head.split("**Key terms**")[1], re.M)
    terms = [(en, zh) for en, zh in rows if en not in ("English", "---")]
    assert terms, "no key terms"
    for en, zh in terms:
        assert glossary.get(en) == zh, f"{path.name}: {en!r} is {glossary.get(en)!r} in the glossary, not {zh!r}"


def test_trade_fair_tree_in_notebook_matches_the_exercise_file():
    import nbformat

    from crmcourse.exercises.m1_measuring import FAIR_TREE

    nb = nbformat.read(Path(__file__).resolve().parents[1] / "solutions" / "01_satisfaction" / "05_measuring.ipynb",
                       as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith("tree = pd.DataFrame("))
    scope = {"pd": pd}
    exec(cell.source.rsplit("\n", 1)[0], scope)  # the cell minus its last line (the display)
    assert [tuple(r) for r in scope["tree"].itertuples(index=False)] == list(FAIR_TREE)
