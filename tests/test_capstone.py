"""The capstone case: the planted structure of Huaxin's survey that the three capstone notebooks
rely on, and the director's account-plan checklist (crmcourse/exercises/cap_plan.py)."""
from __future__ import annotations

import pandas as pd
import pytest

from crmcourse import accounts, data, satisfaction, segmentation, spin
from crmcourse.exercises.cap_plan import RULES, account_plan_checklist

KEY = "HX-A0290"
SHORTLIST = {"HX-A0273", "HX-A0288", "HX-A0290"}


@pytest.fixture(scope="module")
def acc() -> pd.DataFrame:
    frame = data.load("huaxin_accounts").set_index("account_id")
    frame["abc"] = accounts.abc_classes(frame["annual_revenue"])
    frame["quadrant"] = accounts.portfolio_quadrants(frame["attractiveness"], frame["our_strength"])
    frame["headroom"] = frame["wallet_estimate"] - frame["annual_revenue"]
    return frame


@pytest.fixture(scope="module")
def survey(acc) -> pd.DataFrame:
    frame = data.load("huaxin_survey")
    frame["abc"] = frame["account_id"].map(acc["abc"])
    return frame


@pytest.fixture(scope="module")
def contacts() -> pd.DataFrame:
    return data.load("huaxin_contacts")


# ----------------------------------------------------------------------------- who answered
def test_every_class_a_account_and_every_economic_buyer_answered(acc, survey, contacts):
    assert set(acc.index[acc["abc"] == "A"]) <= set(survey["account_id"])
    buyers = set(contacts.loc[contacts["buying_role"] == "economic buyer", "contact_id"])
    assert buyers <= set(survey["contact_id"].dropna())
    assert set(contacts[contacts["account_id"] == KEY]["contact_id"]) <= set(survey["contact_id"].dropna())


def test_respondents_in_a_buying_centre_work_for_their_account(survey, contacts):
    linked = survey.dropna(subset=["contact_id"]).merge(contacts, on="contact_id", suffixes=("", "_c"))
    assert len(linked) == survey["contact_id"].notna().sum()
    assert (linked["account_id"] == linked["account_id_c"]).all()
    assert survey["contact_id"].dropna().is_unique


def test_kano_block_covers_every_respondent_and_feature(survey):
    kano = data.load("huaxin_kano")
    assert len(kano) == 5 * len(survey)
    assert set(kano["respondent_id"]) == set(survey["respondent_id"])


# ----------------------------------------------------------------------------- C.1 findings
def test_key_accounts_expect_more_and_recommend_less(survey):
    means = survey.groupby("abc", observed=True)["expectation"].mean()
    assert means["A"] > means["B"] > means["C"]
    nps = survey.groupby("abc", observed=True)["recommend"].apply(satisfaction.nps)
    assert nps["A"] < 0 < nps["C"]
    ratio = satisfaction.satisfaction_ratio(survey["perception"], survey["expectation"])
    share = (satisfaction.satisfaction_zone(ratio) == "dissatisfied").mean()
    assert 0.3 < share < 0.5


def test_very_satisfied_are_promoters_satisfied_are_not(survey):
    promoter = satisfaction.nps_groups(survey["recommend"]) == "promoter"
    by_level = promoter.groupby(survey["satisfaction"]).mean()
    assert by_level[5] > 0.6 and by_level[4] < 0.25
    assert by_level[5] > 3 * by_level[4]


def test_repair_is_what_to_fix_first(survey):
    aspects = [c for c in survey.columns if c.startswith("rating_")]
    importance = survey[aspects].corrwith(survey["perception"])
    performance = survey[aspects].mean()
    assert importance.idxmax() == "rating_repair" and performance.idxmin() == "rating_repair"
    fix = (importance > importance.mean()) & (performance < performance.mean())
    assert list(fix[fix].index) == ["rating_repair"]
    assert (survey.loc[survey["account_id"] == KEY, "rating_repair"] <= 2).all()


def test_kano_categories_are_planted(survey):
    kano = data.load("huaxin_kano")
    overall = satisfaction.kano_classify(kano).set_index("feature")
    assert overall.loc["4-hour on-site repair", "category"] == "M"
    assert overall.loc["automatic toner replenishment", "category"] == "O"
    assert overall.loc["monthly usage reports", "category"] == "A"
    assert overall.loc["remote diagnostics", "category"] == "I"
    assert not overall.loc["dedicated account manager", "significant"]
    by_class = satisfaction.kano_classify(kano.merge(survey[["respondent_id", "abc"]], on="respondent_id"), by="abc")
    manager = by_class[by_class["feature"] == "dedicated account manager"].set_index("abc")["category"]
    assert manager["A"] == "M" and manager["C"] == "I"


# ----------------------------------------------------------------------------- C.2 choices
def test_shortlist_rule_and_its_exceptions(acc, survey, contacts):
    expectation = survey.groupby("account_id")["expectation"].mean()
    surveyed = acc.join(expectation, how="inner")
    surveyed["type"] = segmentation.value_expectation_matrix(surveyed, "annual_revenue", "expectation")
    rule = ((surveyed["abc"] == "A") & surveyed["quadrant"].isin(["invest", "develop"])
            & (surveyed["type"] == "intimate"))
    programme = surveyed.index.isin(contacts["account_id"])
    assert set(surveyed[rule & programme].nlargest(3, "headroom").index) == SHORTLIST
    biggest = surveyed[programme]["headroom"].idxmax()
    assert biggest == "HX-A0254" and surveyed.loc[biggest, "type"] == "safe"
    assert surveyed[rule & ~programme]["headroom"].idxmax() == "HX-A0127"


# ----------------------------------------------------------------------------- C.3 the plan
def test_hospital_order_is_reachable_in_twelve_moves():
    moves = ["p_repairs", "i_queues", "n_fast_repair", "s_fleet", "p_toner", "i_ward_stops", "n_supplies",
             "p_privacy", "i_audit", "n_secure", "b_fast_repair", "c_order"]
    result = spin.call_result("hospital", moves, max_moves=12)
    assert result["outcome"] == "order" and result["within limit"] == "yes"


def _good_plan() -> dict:
    opps = data.load("huaxin_opportunities")
    return {
        "account": KEY,
        "objectives": ["fix repairs", "share of wallet to 20%"],
        "target share of wallet": 0.2,
        "weighted pipeline": float(accounts.weighted_pipeline(opps[opps["account_id"] == KEY]).loc["Total", "expected"]),
        "coverage": {"HX-C0034": "HX-R01", "HX-C0035": "HX-R04", "HX-C0036": "HX-R09", "HX-C0037": "HX-R04"},
        "bonds": {"financial": "rebate", "social": "club", "structural": "usage reports in their budget system"},
        "next advances": [("2026-01-15", "call", "HX-R04"), ("2026-01-31", "meet the president", "HX-R01")],
    }


def test_a_complete_plan_passes_every_rule():
    result = account_plan_checklist(_good_plan())
    assert list(result) == list(RULES)
    assert set(result.values()) == {"ok"}


@pytest.mark.parametrize("change, rule", [
    ({"account": "HX-A0001"}, "a mapped key account"),
    ({"objectives": ["only one"]}, "two or more objectives"),
    ({"target share of wallet": 0.05}, "target above today's share"),
    ({"target share of wallet": 1.5}, "target above today's share"),
    ({"weighted pipeline": 449_700.0}, "pipeline as in the CRM"),
    ({"coverage": {"HX-C0034": "HX-R01", "HX-C0035": "HX-R04", "HX-C0036": "HX-R09"}}, "every contact covered"),
    ({"coverage": {"HX-C0034": "HX-R04", "HX-C0035": "HX-R04", "HX-C0036": "HX-R09", "HX-C0037": "HX-R04"}},
     "economic buyer covered by the sales director"),
    ({"coverage": {"HX-C0034": "HX-R01", "HX-C0035": "HX-R01", "HX-C0036": "HX-R01", "HX-C0037": "HX-R01"}},
     "at least two of our people"),
    ({"bonds": {"financial": "rebate", "social": "club", "structural": ""}}, "all three bonds"),
    ({"next advances": [("2025-12-01", "call", "HX-R04"), ("2026-01-31", "meet", "HX-R01")]},
     "two dated next advances"),
    ({"next advances": [("2026-01-15", "call", "Li"), ("2026-01-31", "meet", "HX-R01")]}, "two dated next advances"),
])
def test_each_rule_fails_on_its_own(change, rule):
    plan = {**_good_plan(), **change}
    result = account_plan_checklist(plan)
    assert result[rule] == "fails"
    if rule != "a mapped key account":  # another account's people, pipeline and share fail with it
        assert [r for r, v in result.items() if v == "fails"] == [rule]


class Exploding:
    def __eq__(self, other):
        raise RuntimeError("boom")

    __hash__ = None

    def __str__(self):
        raise RuntimeError("boom")


@pytest.mark.parametrize("plan", [None, "a plan", 3, [], {}, {"account": Exploding()},
                                  {**_good_plan(), "next advances": [Exploding(), Exploding()]},
                                  {**_good_plan(), "coverage": {"HX-C0034": Exploding()}},
                                  {**_good_plan(), "target share of wallet": float("nan")}])
def test_checklist_never_raises(plan):
    result = account_plan_checklist(plan)
    assert set(result) == set(RULES) and set(result.values()) <= {"ok", "fails"}
    assert "fails" in result.values()


def test_unanswered_plan_stays_unanswered():
    from crmcourse.checks import evaluate

    assert account_plan_checklist(...) is Ellipsis
    assert evaluate("cap_plan_account_plan", account_plan_checklist(...)).status == "unanswered"
    assert evaluate("cap_plan_account_plan", account_plan_checklist(_good_plan())).status == "correct"
