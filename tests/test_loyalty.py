"""Relationship marketing and loyalty helpers (module 6).

The frameworks carry their full lists; the programme economics follow the retention model; the
referral voucher follows the source's rules; care messages never go out half-filled or to a
customer who opted out; and bad input gets a CourseDataError, nothing else.
"""
from __future__ import annotations

import os
import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmcourse import data, lifetime, loyalty
from crmcourse.errors import CourseDataError


# ----------------------------------------------------------------------------- frameworks
def test_frameworks_have_their_full_lists():
    assert list(loyalty.RELATIONSHIP_LEVELS) == ["basic", "reactive", "accountable", "proactive", "partnership"]
    assert len(loyalty.SIX_MARKETS) == 6 and "internal market" in loyalty.SIX_MARKETS
    assert list(loyalty.BONDS) == ["financial", "social", "structural"]
    assert [v[0] for v in loyalty.BONDS.values()] == ["level 1", "level 2", "level 3"]
    assert loyalty.IDIC == ("identify", "differentiate", "interact", "customise")
    assert len(loyalty.LOYALTY_INDICATORS) == 8 and len(loyalty.RELATIONSHIP_SHIFTS) == 5


def test_kotler_grid_rises_toward_few_customers_and_high_margins():
    order = ["basic or reactive", "reactive", "accountable", "proactive", "partnership"]
    rank = loyalty.KOTLER_GRID.map(order.index)
    assert (rank.diff(axis=0).iloc[1:] >= 0).all().all()  # more closeness as customers get fewer
    assert (rank.T.diff(axis=0).iloc[1:] <= 0).all().all()  # less as the margin falls
    assert loyalty.relationship_level(" Few ", "HIGH") == "partnership"
    with pytest.raises(CourseDataError, match="margin"):
        loyalty.relationship_level("few", 3)


def test_level_for_segments_uses_the_cuts():
    t = pd.DataFrame({"customers": [99, 100, 1000], "margin": [10_000.0, 999.0, 20_000.0]})
    out = loyalty.level_for_segments(t)
    assert out["customers_band"].tolist() == ["few", "medium", "many"]
    assert out["margin_band"].tolist() == ["high", "low", "high"]
    assert out["level"].tolist() == ["partnership", "reactive", "accountable"]
    with pytest.raises(CourseDataError, match="increasing"):
        loyalty.level_for_segments(t, customer_cuts=(10, 5))
    with pytest.raises(CourseDataError, match="margin"):
        loyalty.level_for_segments(t.assign(margin=[1.0, -1.0, np.nan]))


# ----------------------------------------------------------------------------- purchases and programme
@pytest.fixture(scope="module")
def tx():
    return data.load("qingmei_transactions")


def test_retention_by_band_on_the_case(tx):
    bands = loyalty.retention_by_band(tx, 2024)
    assert list(bands.index) == ["ordinary", "silver", "gold", "diamond"]
    spend24 = loyalty.spend_by_customer(tx, "2024-01-01", "2024-12-31")
    assert bands["customers"].sum() == len(spend24)
    assert bands.loc["ordinary", "retention"] < bands.loc["gold", "retention"]
    with pytest.raises(CourseDataError, match="retention into 2026"):
        loyalty.retention_by_band(tx, 2025)


def test_programme_economics_matches_the_retention_model():
    t = pd.DataFrame({"customers": [10], "spend": [1000.0], "retention": [0.6]}, index=["x"])
    out = loyalty.programme_economics(t, margin_rate=0.5, benefit_rate=0.1, cost_per_member=20, churn_cut=0.25,
                                      discount_rate=0.1).iloc[0]
    r1 = 1 - 0.4 * 0.75
    assert out["retention_with"] == pytest.approx(r1)
    assert out["value_without"] == pytest.approx(lifetime.clv_simple(500, 0.6, 0.1))
    assert out["value_with"] == pytest.approx((500 - 100 - 20) * lifetime.margin_multiple(r1, 0.1))
    assert out["total_gain"] == pytest.approx(10 * out["gain"])
    # no effect and no cost: nothing gained, nothing lost
    zero = loyalty.programme_economics(t, benefit_rate=0, cost_per_member=0, churn_cut=0)
    assert zero["gain"].iloc[0] == pytest.approx(0)


def test_programme_pays_for_valuable_customers_who_might_leave(tx):
    e = loyalty.programme_economics(loyalty.retention_by_band(tx, 2024))
    assert e["enrol"].to_dict() == {"ordinary": False, "silver": False, "gold": True, "diamond": True}
    for bad in ({"margin_rate": 0}, {"churn_cut": 1.5}, {"discount_rate": float("nan")}, {"cost_per_member": -1}):
        with pytest.raises(CourseDataError):
            loyalty.programme_economics(loyalty.retention_by_band(tx, 2024), **bad)
    with pytest.raises(CourseDataError, match="retention"):
        loyalty.programme_economics(pd.DataFrame({"customers": [1], "spend": [1.0], "retention": [1.0]}))


def test_repeat_purchase_rate_and_spend(tx):
    rate = loyalty.repeat_purchase_rate(tx, "2025-01-01", "2025-12-31")
    n = tx[tx["date"].dt.year == 2025].groupby("customer_id").size()
    assert rate == pytest.approx((n >= 2).mean())
    with pytest.raises(CourseDataError, match="no purchases"):
        loyalty.repeat_purchase_rate(tx, "2030-01-01", "2030-12-31")
    with pytest.raises(CourseDataError, match="backwards"):
        loyalty.spend_by_customer(tx, "2025-12-31", "2025-01-01")
    with pytest.raises(CourseDataError, match="amount"):
        loyalty.spend_by_customer(tx.assign(amount=-tx["amount"]))


# ----------------------------------------------------------------------------- referral and care triggers
def test_referral_voucher_follows_the_source_rules():
    values = loyalty.referral_voucher(pd.Series([0.0, 199.99, 200.0, 699.0, 700.0, 5000.0]))
    assert values.tolist() == [20.0, 20.0, 30.0, 40.0, 50.0, 50.0]
    assert values.between(20, 50).all()  # the source's range
    assert loyalty.referral_voucher(5000.0, paid=False) == 0.0  # confirmed only after payment
    r = pd.DataFrame({"referrer_id": ["a"] * 3, "first_purchase": [100.0, 300.0, 900.0], "paid": [True] * 3})
    assert loyalty.referral_rewards(r).loc["a", "vouchers"] == 100.0  # rewards accumulate
    for bad in (-5.0, "lots", True, float("inf")):
        with pytest.raises(CourseDataError):
            loyalty.referral_voucher(bad)


def test_birthdays_across_the_new_year_and_leap_days():
    c = pd.DataFrame({"customer_id": list("abcd"), "birthday": ["12-31", "01-01", "02-29", "06-15"],
                      "opted_out": [False, True, False, False]})
    got = loyalty.birthdays_between(c, "2025-12-30", "2026-01-02")
    assert got["customer_id"].tolist() == ["a"]  # b opted out
    assert loyalty.birthdays_between(c, "2028-02-29", "2028-02-29")["customer_id"].tolist() == ["c"]
    assert len(loyalty.birthdays_between(c, "2025-12-30", "2026-01-02", opted_out=None)) == 2
    with pytest.raises(CourseDataError, match="MM-DD"):
        loyalty.birthdays_between(c.assign(birthday=["13-01", "01-01", "02-29", "06-15"]), "2026-01-01", "2026-01-31")


# ----------------------------------------------------------------------------- care messages
@pytest.fixture()
def people():
    return pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "name": ["Li Na", "", "Wu Kai", "Ma Lan"],
                         "level": ["gold", "silver", "gold", "diamond"], "opted_out": [False, False, True, False]})


def test_messages_never_go_to_opted_out_customers(people):
    batch = loyalty.render_messages(people, "Hi $name", on_problem="skip")
    assert "c" not in set(batch.messages["customer_id"])
    assert batch.skipped.set_index("customer_id").loc["c", "reason"] == "opted out"
    all_in = people.assign(opted_out=True)
    assert loyalty.render_messages(all_in, "Hi $name").messages.empty
    with pytest.raises(CourseDataError, match="opt-out"):
        loyalty.render_messages(people.drop(columns="opted_out"), "Hi $name")
    with pytest.raises(CourseDataError, match="True or False"):
        loyalty.render_messages(people.assign(opted_out=[False, None, True, False]), "Hi $name")


def test_messages_never_go_out_with_an_unfilled_field(people):
    with pytest.raises(CourseDataError, match="'shop'"):
        loyalty.render_messages(people, "Hi $name, see you at $shop")
    with pytest.raises(CourseDataError, match=r"b \(empty field 'name'\)"):
        loyalty.render_messages(people, "Hi $name")
    batch = loyalty.render_messages(people, "Hi $name, a $level gift from $brand", values={"brand": "Qingmei"},
                                    on_problem="skip")
    assert batch.messages["message"].tolist() == ["Hi Li Na, a gold gift from Qingmei",
                                                  "Hi Ma Lan, a diamond gift from Qingmei"]
    assert not batch.messages["message"].str.contains(r"\$").any()
    with pytest.raises(CourseDataError, match="empty"):
        loyalty.render_messages(people, "Hi $name from $brand", values={"brand": " "}, on_problem="skip")
    with pytest.raises(CourseDataError, match=r"\$\$"):
        loyalty.render_messages(people, "Save 5$ today")
    assert loyalty.render_messages(people, "Save 5$$ today", on_problem="skip").messages["message"].iloc[0] \
        == "Save 5$ today"


def test_message_length_check(people):
    batch = loyalty.render_messages(people, "Dear $level member", max_length=18, on_problem="skip")
    assert batch.messages["customer_id"].tolist() == ["a", "b"]  # "Dear diamond member" has 19 characters
    with pytest.raises(CourseDataError, match="longer than 18"):
        loyalty.render_messages(people, "Dear $level member", max_length=18)


def test_course_templates_render_on_the_case():
    customers = data.load("qingmei_customers")
    for name, text in loyalty.TEMPLATES.items():
        fields = loyalty.template_fields(text)
        assert fields and string.Template(text).is_valid(), name
        values = {f: "x" for f in fields if f not in customers.columns}
        batch = loyalty.render_messages(customers, text, values=values)
        assert len(batch.messages) == (~customers["opted_out"]).sum()
        assert len(batch.skipped) == customers["opted_out"].sum()


# ----------------------------------------------------------------------------- issue 12: dates, referrers, indexes
SMALL_TX = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2025-01-05", "2025-06-01", "2025-12-20"],
                         "amount": [100.0, 50.0, 80.0]})


def test_timezone_aware_dates_are_read_as_local_days():
    aware = SMALL_TX.assign(date=pd.to_datetime(SMALL_TX["date"]).dt.tz_localize("Asia/Shanghai"))
    assert loyalty.spend_by_customer(aware).to_dict() == loyalty.spend_by_customer(SMALL_TX).to_dict()
    assert loyalty.repeat_purchase_rate(aware) == loyalty.repeat_purchase_rate(SMALL_TX) == 0.5
    start = pd.Timestamp("2025-01-01", tz="Asia/Shanghai")
    assert loyalty.repeat_purchase_rate(SMALL_TX, start, "2025-12-31") == 0.5
    nxt = pd.concat([aware, aware.assign(date=aware["date"] + pd.Timedelta(days=366))], ignore_index=True)
    assert loyalty.retention_by_band(nxt, 2025)["retention"].tolist() == [1.0]
    assert loyalty.first_purchase_due(aware, on=pd.Timestamp("2026-01-01", tz="UTC"))["customer_id"].tolist() == ["b"]
    c = pd.DataFrame({"customer_id": ["a"], "birthday": ["12-31"], "opted_out": [False]})
    got = loyalty.birthdays_between(c, pd.Timestamp("2025-12-30", tz="Asia/Shanghai"),
                                    pd.Timestamp("2026-01-02", tz="Asia/Shanghai"))
    assert got["birthday_date"].tolist() == ["2025-12-31"]


@pytest.mark.parametrize("dates", [[20250105, "2025-06-01", "2025-12-20"], [20250105, 20250601, 20251220],
                                   ["05/01/2025", "2025-06-01", "2025-12-20"], [20250105.0, 20250601.0, None]])
def test_dates_are_never_guessed(dates):
    # issue 12: [20250105, "2025-06-01"] gave a spend of 50 instead of 150, integer dates gave
    # nothing, and "05/01/2025" became 1 May; rfm_table refuses the same inputs
    tx = SMALL_TX.assign(date=pd.Series(dates, dtype=object))
    for call in (loyalty.spend_by_customer, loyalty.repeat_purchase_rate, loyalty.first_purchase_due,
                 lambda t: loyalty.retention_by_band(t, 2025)):
        with pytest.raises(CourseDataError, match="date") as err:
            call(tx)
        assert err.value.column == "date" and 0 in err.value.rows


@pytest.mark.parametrize("bad", ["05/01/2025", 20250105, "2025年1月5日", "soon"])
def test_period_dates_are_never_guessed(bad):
    with pytest.raises(CourseDataError, match="start"):
        loyalty.spend_by_customer(SMALL_TX, bad, "2025-12-31")
    with pytest.raises(CourseDataError, match="on"):
        loyalty.first_purchase_due(SMALL_TX, on=bad)


def test_referral_without_a_referrer_is_refused_not_dropped():
    r = pd.DataFrame({"referrer_id": ["m1", None, "m2"], "first_purchase": [150.0, 500.0, 300.0],
                      "paid": [True, True, True]})
    with pytest.raises(CourseDataError, match="no referrer") as err:
        loyalty.referral_rewards(r)
    assert err.value.rows == [1]
    with pytest.raises(CourseDataError, match="text or numbers"):
        loyalty.referral_rewards(r.assign(referrer_id=pd.Series(["m1", ["m2"], "m2"], dtype=object)))


def test_render_messages_with_repeated_row_labels(people):
    # issue 12: a duplicate index raised ValueError
    twice = people.set_axis([0, 0, 1, 1])
    batch = loyalty.render_messages(twice, "Hi $name", on_problem="skip")
    assert batch.messages["customer_id"].tolist() == ["a", "d"]
    assert batch.skipped["customer_id"].tolist() == ["b", "c"]


def test_duplicate_column_names_are_course_errors(people):
    dup = pd.concat([SMALL_TX, SMALL_TX[["date"]]], axis=1)
    for call in (loyalty.spend_by_customer, loyalty.repeat_purchase_rate, loyalty.first_purchase_due):
        with pytest.raises(CourseDataError, match="more than one column"):
            call(dup)
    with pytest.raises(CourseDataError, match="more than one column"):
        loyalty.render_messages(pd.concat([people, people[["name"]]], axis=1), "Hi $name")


def test_money_beyond_float_range_is_refused():
    with pytest.raises(CourseDataError, match="largest float"):
        loyalty.spend_by_customer(SMALL_TX.assign(amount=[1e308, 1e308, 1.0]))
    with pytest.raises(CourseDataError):
        loyalty.spend_by_customer(SMALL_TX.assign(amount=pd.Series([10 ** 400, 1, 1], dtype=object)))


# ----------------------------------------------------------------------------- hypothesis
ANY = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=8),
                st.lists(st.integers(), max_size=2), st.just(pd.NaT), st.dates(), st.just("few"), st.just("high"))


@settings(max_examples=int(os.environ.get("CRMCOURSE_HYPOTHESIS_EXAMPLES", "150")), deadline=None)
@given(a=ANY, b=ANY, c=ANY)
def test_hypothesis_only_course_errors(a, b, c):
    frame = pd.DataFrame({"customer_id": ["x", "y"], "birthday": ["01-02", "03-04"], "opted_out": [False, True],
                          "date": ["2025-01-01", "2025-02-01"], "amount": [10.0, 20.0]})
    calls = [
        lambda: loyalty.relationship_level(a, b),
        lambda: loyalty.referral_voucher(a, paid=True),
        lambda: loyalty.referral_voucher(100.0, tiers=a),
        lambda: loyalty.birthdays_between(frame, a, b),
        lambda: loyalty.render_messages(frame, a, values=b),
        lambda: loyalty.render_messages(frame, "Hi $customer_id", max_length=a, on_problem=b),
        lambda: loyalty.repeat_purchase_rate(frame, a, b),
        lambda: loyalty.first_purchase_due(frame, on=a, lag=b),
        lambda: loyalty.programme_economics(pd.DataFrame({"customers": [1], "spend": [a], "retention": [0.5]}),
                                            churn_cut=b, margin_rate=c),
        lambda: loyalty.spend_bands(pd.Series([a, b])),
        lambda: loyalty.retention_by_band(frame, year=a),
    ]
    for call in calls:
        try:
            call()
        except CourseDataError:
            pass
