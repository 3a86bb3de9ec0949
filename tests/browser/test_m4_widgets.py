"""Real-browser test of module 4's value × expectation cut-off explorer (notebook 4.3).

Uses the fixtures of ``conftest.py`` (the shared ``crmcourse lab``, this test in its own copy of
``notebooks/``) and the helpers of ``labdriver.py``. Opens the learner notebook, runs all cells (the unanswered
exercises must not raise), moves the value-cut slider two steps, and checks that the counts of
intimate / safe / dangerous / stranger customers changed to what
:func:`crmcourse.segmentation.value_expectation_matrix` gives for the new cut.
"""
from __future__ import annotations

import re

import numpy as np
import pytest
from labdriver import dismiss_toasts, failure_screenshot, live_widget, run_notebook, screenshot

from crmcourse import data
from crmcourse.lifetime import clv_simple
from crmcourse.segmentation import CUSTOMER_TYPES, value_expectation_matrix
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOK = "04_segmentation/03_value_expectation.ipynb"
COUNT = re.compile(r"(intimate|safe|dangerous|stranger) ([\d,]+) \(\d+%\)")


@pytest.fixture
def patient_expect():
    """20 s instead of expect()'s 5 s: on a busy 2-core machine JupyterLab can be slow to show a tab."""
    previous = getattr(expect, "_timeout", None)
    expect.set_options(timeout=20_000)
    try:
        yield
    finally:
        expect.set_options(timeout=previous)


def _customers():
    """The frame the notebook passes to the explorer (simple lifetime value, clipped at 10 CNY)."""
    tx = data.load("qingmei_transactions")
    customers = data.load("qingmei_customers").set_index("customer_id")
    spend = tx[tx["date"] >= "2025-01-01"].groupby("customer_id")["amount"].sum().reindex(customers.index,
                                                                                           fill_value=0.0)
    customers["clv"] = clv_simple(margin=0.40 * spend, retention=0.8, discount=0.10).clip(lower=10)
    return customers


def _counts(text: str) -> dict:
    return {kind: int(n.replace(",", "")) for kind, n in COUNT.findall(text)}


def test_value_expectation_explorer_moves_customers_between_types(lab_server, page, patient_expect):
    name = "lab-m4-value-expectation"
    customers = _customers()
    with failure_screenshot(page, name):
        panel = run_notebook(page, lab_server, NOTEBOOK, min_unanswered=4)
        explorer = live_widget(panel, ".crmcourse-ve-explorer")
        handles = explorer.locator(".widget-slider .noUi-handle")
        assert handles.count() == 2, f"expected two sliders (value cut, expectation cut), found {handles.count()}"
        counts = explorer.locator(".crmcourse-ve-counts")
        expect(counts).to_contain_text("stranger")
        before = counts.text_content().strip()
        first = _counts(before)
        assert set(first) == set(CUSTOMER_TYPES) and sum(first.values()) == len(customers), before
        median = value_expectation_matrix(customers, "clv", "expectation_score").value_counts().to_dict()
        assert first == median, (first, median)

        # the value cut (first slider) from the 50th to the 60th percentile: two steps of 5
        handle = handles.first
        handle.focus()
        for _ in range(2):
            handle.press("ArrowRight")
        readout = explorer.locator(".widget-hslider").first.locator(".widget-readout")
        expect(readout).to_have_text("60", timeout=10_000)
        expect(counts).to_contain_text("60th percentile", timeout=10_000)
        after = counts.text_content().strip()
        moved = _counts(after)
        cut = float(np.percentile(customers["clv"], 60))
        ecut = float(np.median(customers["expectation_score"]))
        expected = value_expectation_matrix(customers, "clv", "expectation_score", value_cut=cut,
                                            expectation_cut=ecut).value_counts().to_dict()
        assert moved == expected, (after, expected)
        assert moved["intimate"] + moved["safe"] < first["intimate"] + first["safe"], (before, after)
        assert explorer.locator("img").count() == 1

        dismiss_toasts(page)
        page.mouse.move(0, 0)
        screenshot(explorer, f"{name}-widget")
