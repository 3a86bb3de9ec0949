"""The lifetime-value models' errors in Chinese (issue 15): BG/NBD and Gamma-Gamma.

Under ``crmcourse.set_language("zh")`` each error of ``crmcourse.lifetime.bgnbd`` and
``crmcourse.lifetime.spend`` is Chinese prose with a Chinese fix, and still names the column, the
table and the values it is about; in English it is unchanged, word for word. The checks look for
Chinese characters and for the values, not for the exact Chinese wording, so that translators
can improve a sentence without touching this file.
"""
from __future__ import annotations

import pandas as pd
import pytest
from zh_errors import chinese, english_unless_set, raised  # noqa: F401 - english_unless_set is an autouse fixture

import crmcourse
from crmcourse.lifetime import bgnbd, spend
from crmcourse.lifetime._common import PUBLISHED_CDNOW

BG = PUBLISHED_CDNOW["bgnbd"]
GG = PUBLISHED_CDNOW["gamma_gamma"]
# A parameter so large that r + x overflows: nothing can be computed from it.
HUGE_BG = {"r": 1.7e308, "alpha": 1.0, "a": 2.0, "b": 1.0}
SUMMARY = pd.DataFrame({"frequency": [2, 0, 1, 3], "recency": [30.0, 0.0, 10.0, 20.0],
                        "T": [38.0, 38.0, 38.0, 38.0], "monetary": [20.0, 0.0, 10.0, 30.0]})


# ---------------------------------------------------------------------------- one case per message
# (call, what the Chinese message must still show, the unchanged English message)

CASES = {
    "bgnbd_log_likelihood: not computable": (
        lambda: bgnbd.bgnbd_log_likelihood({"r": 1.7e308, "alpha": 1, "a": 1, "b": 1}, SUMMARY),
        ["BG/NBD"],
        "the log-likelihood cannot be computed for these parameters and this summary. Fix: check the parameters "
        "(a fitted BG/NBD) and the summary's time unit."),
    "fit_bgnbd: too few customers": (
        lambda: bgnbd.fit_bgnbd(SUMMARY.iloc[:3]),
        ["summary", "3"],
        "summary: 3 customers are too few to estimate four parameters. Fix: fit on a few hundred customers or "
        "more."),
    "fit_bgnbd: no repeat purchase": (
        lambda: bgnbd.fit_bgnbd(SUMMARY.assign(frequency=0, recency=0.0)),
        ["summary", "'frequency'"],
        "summary, column 'frequency': nobody made a repeat purchase, so purchase rates cannot be estimated. "
        "Fix: use a longer calibration period."),
    "p_alive: not computable": (
        lambda: bgnbd.p_alive({"r": 1.7e308, "alpha": 1, "a": 1, "b": 1}, 1e308, 30, 30),
        ["P(alive)", "BG/NBD"],
        "P(alive) could not be computed for these parameters. Fix: check the parameters (a fitted BG/NBD) and "
        "the summary's time unit."),
    "expected_purchases: not computable": (
        lambda: bgnbd.expected_purchases(HUGE_BG, 39, 2, 30, 38),
        ["BG/NBD"],
        "the expected purchases could not be computed for these parameters. Fix: check the parameters "
        "(a fitted BG/NBD) and the time unit of t."),
    "expected_purchases_new: empty t": (
        lambda: bgnbd.expected_purchases_new(BG, []),
        ["t=39", "39"],
        "t is empty. Fix: e.g. t=39 for 39 weeks."),
    "expected_purchases_new: negative t": (
        lambda: bgnbd.expected_purchases_new(BG, [1, -1]),
        ["t=39"],
        "t must be time spans of 0 or more. Fix: e.g. t=39 for 39 weeks."),
    "expected_purchases_new: not computable": (
        lambda: bgnbd.expected_purchases_new(HUGE_BG, 39),
        ["BG/NBD"],
        "the expected purchases could not be computed for these parameters. Fix: check the parameters "
        "(a fitted BG/NBD) and the time unit of t."),
    "gamma_gamma_log_likelihood: negative amount": (
        lambda: spend.gamma_gamma_log_likelihood(GG, SUMMARY.assign(monetary=[20.0, 0.0, -5.0, 30.0])),
        ["'monetary'", "2"],
        "column 'monetary': monetary must be finite amounts of 0 or more (rows 2). Fix: net returns first; the "
        "spend model needs purchases."),
    "gamma_gamma_log_likelihood: not computable": (
        lambda: spend.gamma_gamma_log_likelihood({"p": 1e308, "q": 1e308, "gamma": 1e308}, SUMMARY),
        ["'monetary'"],
        "column 'monetary': the log-likelihood cannot be computed for these amounts and parameters. Fix: check "
        "the parameters and give amounts in money units such as CNY."),
    "fit_gamma_gamma: repeat buyers spending 0": (
        lambda: spend.fit_gamma_gamma(SUMMARY.assign(monetary=[20.0, 0.0, 0.0, 30.0])),
        ["'monetary'", "2"],
        "column 'monetary': customers with repeat purchases but a mean spend of 0 (rows 2). Fix: leave them out "
        "(e.g. free items) before fitting."),
    "fit_gamma_gamma: too few repeat buyers": (
        lambda: spend.fit_gamma_gamma(SUMMARY.assign(frequency=[1, 0, 0, 2])),
        ["summary", "2"],
        "summary: only 2 customers with repeat purchases: too few to fit. Fix: use more customers or a longer "
        "calibration period."),
    "fit_gamma_gamma: amounts too large": (
        lambda: spend.fit_gamma_gamma(SUMMARY.assign(frequency=1, monetary=1.5e308)),
        ["summary", "'monetary'"],
        "summary, column 'monetary': the amounts are too large to fit. Fix: give amounts in money units such as "
        "CNY, not huge numbers."),
    "expected_spend: q not above 1": (
        lambda: spend.expected_spend({"p": 6, "q": 0.5, "gamma": 15}, 2, 20),
        ["q", "0.5"],
        "q = 0.5 ≤ 1: the population mean spend is not defined. Fix: the fitted spend distribution is too "
        "heavy-tailed for an expected value."),
    "expected_spend: too large": (
        lambda: spend.expected_spend({"p": 1e308, "q": 2, "gamma": 1e308}, 2, 20),
        ["'monetary'"],
        "column 'monetary': the expected spend is too large to compute. Fix: give amounts in money units such as "
        "CNY, not huge numbers."),
    "predicted_value: discounted horizon too long": (
        lambda: spend.predicted_value(BG, GG, SUMMARY, 30000, discount=0.001),
        ["30000", "20,000", "discount=0"],
        "a discounted horizon of 30000 time units is too long to sum step by step. Fix: use at most 20,000 units "
        "(e.g. weeks), or discount=0."),
    "predicted_value: too large": (
        lambda: spend.predicted_value(BG, GG, SUMMARY, 39, margin=1e308),
        ["margin"],
        "the predicted value is too large to compute. Fix: check margin and the amounts."),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_error_is_chinese_and_names_what_it_is_about(case):
    fn, shown, _english = CASES[case]
    crmcourse.set_language("zh")
    err = raised(fn)
    text = chinese(err)
    for value in shown:
        assert value in text, (value, text)


@pytest.mark.parametrize("case", list(CASES))
def test_english_is_unchanged_before_and_after_chinese(case):
    fn, _shown, expected = CASES[case]
    assert str(raised(fn)) == expected
    crmcourse.set_language("zh")
    assert str(raised(fn)) != expected  # the language at raise time applies
    crmcourse.set_language("en")
    assert str(raised(fn)) == expected


def test_error_attributes_keep_the_callers_values():
    """file, column and rows are data: the same in both languages (code compares them)."""
    crmcourse.set_language("zh")
    err = raised(spend.fit_gamma_gamma, SUMMARY.assign(monetary=[20.0, 0.0, 0.0, 30.0]), monetary="monetary")
    assert (err.file, err.column, list(err.rows)) == (None, "monetary", [2])
    err = raised(bgnbd.fit_bgnbd, SUMMARY.assign(frequency=0, recency=0.0))
    assert (err.file, err.column) == ("summary", "frequency")


def test_the_column_name_the_caller_passed_is_shown():
    crmcourse.set_language("zh")
    renamed = SUMMARY.rename(columns={"frequency": "repeat_orders", "recency": "last_order"})
    text = chinese(raised(bgnbd.fit_bgnbd, renamed.assign(repeat_orders=0, last_order=0.0),
                          frequency="repeat_orders", recency="last_order"))
    assert "'repeat_orders'" in text


def test_results_are_the_same_in_both_languages():
    english = bgnbd.expected_purchases(BG, 39, frequency=2, recency=30.43, T=38.86)
    crmcourse.set_language("zh")
    assert bgnbd.expected_purchases(BG, 39, frequency=2, recency=30.43, T=38.86) == english
    assert round(spend.expected_spend(GG, frequency=2, monetary=22.35), 2) == 24.66
