"""Real-browser test: the course opens with ``crmcourse lab`` and its widgets render and react.

``make lab`` runs ``crmcourse lab``; the browser tests share one server started by the same command
on a copy of ``notebooks/`` (JupyterLab autosaves: the repository must never be touched). This test
opens the address the command prints — the start notebook at the top of the served folder, in the
default workspace, which no other test uses (fixture ``lab_root``) — drives the
JupyterLab page in headless Chromium (Debian's ``chromium`` package, through Playwright with
``executable_path``: no Playwright browser download), runs every cell of the start notebook,
and moves a slider of the ratio explorer.

Screenshots go to ``build/test-artifacts/`` (also on failure, named ``*-failure.png``).

Fixtures and helpers: ``conftest.py`` and ``labdriver.py``.

Without Chromium or Playwright the test is skipped locally, and fails when
``CRMCOURSE_REQUIRE_BROWSER`` is set (to anything but ``""``, ``0``, ``false``, ``no``) or ``CI=true``.
"""
from __future__ import annotations

import re

import pytest
from labdriver import (
    RATIO_TEXT,
    START_NOTEBOOK,
    dismiss_toasts,
    failure_screenshot,
    open_notebook,
    printed_lab_url,
    run_all,
    screenshot,
)

from playwright.sync_api import expect

pytestmark = pytest.mark.browser


# --------------------------------------------------------------------------- tests
def test_start_here_opens_runs_and_ratio_explorer_reacts(lab_root, page):
    name = "lab-00_start_here"
    # `crmcourse lab` prints the address of the start notebook, not just /lab.
    # (A token given on the command line is printed as "token=...", JupyterLab's own masking.)
    url = printed_lab_url(lab_root)
    assert re.fullmatch(re.escape(f"{lab_root.base_url}/lab/tree/{START_NOTEBOOK}?token=")
                        + f"({lab_root.token}|\\.\\.\\.)", url), (
        f"`crmcourse lab` should print the address that opens {START_NOTEBOOK} "
        f"(…/lab/tree/{START_NOTEBOOK}?token=…), printed {url!r}. JupyterLab prints its default URL: "
        f"`crmcourse lab` sets it with --LabApp.default_url=/lab/tree/{START_NOTEBOOK} "
        f"(--ServerApp.default_url is overridden by JupyterLab).\n{lab_root.log()}")
    url = url.replace("token=...", f"token={lab_root.token}")

    with failure_screenshot(page, name):
        panel = open_notebook(page, lab_root, START_NOTEBOOK, url=url)

        state = run_all(page)
        assert not state["errors"], "cells raised errors:\n" + "\n---\n".join(state["errors"])
        assert state["cells"], "the start notebook has no code cells"
        blank = [i for i, c in enumerate(state["cells"]) if not c["empty"] and not re.fullmatch(r"\[\d+\]:?", c["prompt"])]
        assert not blank, f"code cells without an execution count: {blank} ({state['cells']})"
        assert panel.locator(".jp-OutputArea-output", has_text="not answered yet").count() >= 1, \
            "no unanswered check output ('not answered yet') in the start notebook"

        # The ratio explorer is a live widget (sliders), not a text repr like "VBox(children=...".
        explorer = panel.locator(".crmcourse-ratio-explorer").first
        expect(explorer).to_be_attached()
        explorer.scroll_into_view_if_needed()
        expect(explorer).to_be_visible()
        handles = explorer.locator(".widget-slider .noUi-handle")
        assert handles.count() >= 2, f"ratio explorer shows {handles.count()} slider handles, expected 2"
        ratio = explorer.locator(".crmcourse-ratio")
        before = ratio.text_content().strip()
        assert RATIO_TEXT.match(before), f"unexpected ratio text {before!r}"

        # Move the "perceived b" slider (the second one) three steps, away from its end.
        handle = handles.nth(1)
        now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
        key = "ArrowRight" if now < top else "ArrowLeft"
        handle.click()
        for _ in range(3):
            handle.press(key)
        expect(ratio).not_to_have_text(before, timeout=10_000)
        after = ratio.text_content().strip()
        m = RATIO_TEXT.match(after)
        assert m, f"ratio text after moving the slider is {after!r}"
        b, a, c = float(m["b"]), float(m["a"]), float(m["c"])
        assert abs(b / a - c) <= 0.006, f"{after!r}: {b} / {a} is not {c}"
        assert m["b"] != RATIO_TEXT.match(before)["b"], f"b did not move: {before!r} → {after!r}"

        dismiss_toasts(page)
        page.mouse.move(0, 0)
        explorer.evaluate("el => el.scrollIntoView({block: 'center'})")
        screenshot(explorer, f"{name}-widget")
        screenshot(page, name)
