"""Real-browser test of module 3's call simulator widget (notebook 3.4, learner copy).

Opens ``03_spin/04_call_simulator.ipynb`` in JupyterLab (the shared ``crmcourse lab``, this test in
its own copy of ``notebooks/``), runs every cell, plays four turns in the simulator widget — choosing each move in
the dropdown and clicking *Ask* — checks the replies and the needs tracker, ends the call and
checks that the outcome and the debrief chart appear. Screenshots go to ``build/test-artifacts/``.
"""
from __future__ import annotations

import re
import time

import pytest
from labdriver import dismiss_toasts, failure_screenshot, live_widget, run_notebook, screenshot

from crmcourse import spin
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOK = "03_spin/04_call_simulator.ipynb"
MOVES = ["p_repairs", "i_queues", "n_fast_repair", "b_fast_repair"]


def test_call_simulator_plays_several_turns_and_shows_the_outcome(lab_server, page):
    name = "lab-03_spin-04_call_simulator"
    started = time.monotonic()
    scenario = spin.load_scenario("hospital")
    with failure_screenshot(page, name):
        panel = run_notebook(page, lab_server, NOTEBOOK, min_unanswered=4)
        widget = live_widget(panel, ".crmcourse-spin-simulator")
        select = widget.locator(".crmcourse-spin-choose select")
        ask = widget.locator("button.crmcourse-spin-ask")
        status = widget.locator(".crmcourse-spin-status")
        expect(status).to_contain_text("turn 0 of 16")

        for turn, move in enumerate(MOVES, start=1):
            q = scenario.questions[move]
            select.select_option(value=f"[{q.type}] {q.text}")
            ask.click()
            expect(widget.locator(".crmcourse-spin-turn")).to_have_count(turn, timeout=10_000)
            expect(status).to_contain_text(f"turn {turn} of 16")
        transcript = widget.locator(".crmcourse-spin-transcript")
        expect(transcript).to_contain_text("implied need: slow_repairs")
        expect(transcript).to_contain_text("explicit need: fast_repair")
        expect(transcript).to_contain_text("approval: fast_repair")
        expect(widget.locator(".crmcourse-spin-tracker")).to_contain_text("benefit approved")

        widget.locator("button.crmcourse-spin-end").click()
        outcome = widget.locator(".crmcourse-spin-outcome")
        expect(outcome).to_have_text(re.compile(r"Outcome:\s*continuation"), timeout=10_000)
        expect(ask).to_be_disabled()
        chart = widget.locator("img")
        expect(chart).to_be_visible(timeout=10_000)

        dismiss_toasts(page)
        page.mouse.move(0, 0)
        widget.evaluate("el => el.scrollIntoView({block: 'center'})")
        screenshot(widget, f"{name}-widget")
    print(f"browser test body: {time.monotonic() - started:.1f} s")
