"""Real-browser test of module 1's explorers: the promise trade-off slider (notebook 1.1) and the
Kano feature explorer (notebook 1.3) render as live widgets in JupyterLab and react.

Uses the fixtures of ``conftest.py`` (the shared ``crmcourse lab``, each test in its own copy of
``notebooks/`` and its own page) and the helpers of ``labdriver.py``. Each test opens its learner notebook, runs all cells (the
unanswered exercises must not raise), operates the widget and checks that its output changed —
and that the numbers shown are the pure helpers' numbers.
"""
from __future__ import annotations

import re
import time

import pytest
from labdriver import dismiss_toasts, failure_screenshot, live_widget, run_notebook, screenshot

from crmcourse import data
from crmcourse.satisfaction import KANO_NAMES, kano_classify, promise_tradeoff
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RATIO_NOTEBOOK = "01_satisfaction/01_satisfaction_ratio.ipynb"
KANO_NOTEBOOK = "01_satisfaction/03_kano.ipynb"
PROMISE_TEXT = re.compile(r"^promise (?P<p>\d+\.\d) → buyers (?P<buyers>\d+) · satisfied share (?P<share>\d+)%"
                          r" · satisfied buyers (?P<sat>\d+)$")


def _settle(image, quiet: float = 0.6, limit: float = 5.0) -> None:
    """Wait until the image's src has not changed for ``quiet`` seconds (at most ``limit``)."""
    deadline = time.monotonic() + limit
    src, since = image.get_attribute("src"), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet:
        time.sleep(0.1)
        now = image.get_attribute("src")
        if now != src:
            src, since = now, time.monotonic()


def test_promise_tradeoff_slider_reacts(lab_server, page):
    name = "lab-m1-promise"
    with failure_screenshot(page, name):
        panel = run_notebook(page, lab_server, RATIO_NOTEBOOK, min_unanswered=4)
        explorer = live_widget(panel, ".crmcourse-promise-explorer")
        text = explorer.locator(".crmcourse-promise")
        expect(text).to_contain_text("satisfied buyers", timeout=10_000)
        before = text.text_content().strip()
        assert (m := PROMISE_TEXT.match(before)) and m["p"] == "8.0", f"unexpected text {before!r}"
        image = explorer.locator("img")
        expect(image).to_be_visible()
        src_before = image.get_attribute("src")

        handle = explorer.locator(".widget-slider .noUi-handle").first
        handle.click()
        for _ in range(5):
            handle.press("ArrowLeft")
        expect(text).not_to_have_text(before, timeout=10_000)
        after = text.text_content().strip()
        m = PROMISE_TEXT.match(after)
        assert m, f"text after moving the slider is {after!r}"
        p = float(m["p"])
        assert p < 8.0, f"the promise did not go down: {before!r} → {after!r}"
        expected = promise_tradeoff(p)
        assert int(m["buyers"]) == round(expected["buyers"])
        assert int(m["sat"]) == round(expected["satisfied_buyers"])
        expect(image).not_to_have_attribute("src", src_before, timeout=10_000)  # the chart was redrawn
        _settle(image)  # each arrow press redraws the chart; let the last one arrive before the screenshot

        dismiss_toasts(page)
        page.mouse.move(0, 0)
        screenshot(explorer, f"{name}-widget")


def test_kano_explorer_reacts(lab_server, page):
    name = "lab-m1-kano"
    with failure_screenshot(page, name):
        panel = run_notebook(page, lab_server, KANO_NOTEBOOK, min_unanswered=4)
        explorer = live_widget(panel, ".crmcourse-kano-explorer")
        out = explorer.locator(".crmcourse-kano")
        expect(out).to_contain_text("all respondents", timeout=10_000)
        before = out.text_content()
        assert "all respondents" in before and "240 answers" in before, before

        feature, group = explorer.locator(".widget-dropdown select").all()[:2]
        feature.select_option("refill packaging")
        expect(out).to_contain_text("refill packaging", timeout=10_000)
        group.select_option("mature customers")
        expect(out).to_contain_text("mature customers", timeout=10_000)
        after = out.text_content()
        assert after != before

        row = kano_classify(data.load("qingmei_kano"), by="customer_group").set_index(
            ["customer_group", "feature"]).loc[("mature customers", "refill packaging")]
        assert f"{int(row['n'])} answers" in after
        assert f"{row['category']} ({KANO_NAMES[row['category']]})" in after
        assert f"Better {row['better']:.2f}" in after and f"Worse {row['worse']:.2f}" in after

        dismiss_toasts(page)
        page.mouse.move(0, 0)
        screenshot(explorer, f"{name}-widget")
