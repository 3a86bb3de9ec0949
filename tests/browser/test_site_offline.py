"""Real-browser test: the exported site and slides work from ``file://`` with the network off.

``crmcourse site --only 00_start_here`` and ``crmcourse slides solutions/00_start_here.ipynb`` (the
commands, through :func:`crmcourse.cli.main`) are built into a temporary folder and opened in
headless Chromium (Debian's package, through Playwright) with the context offline *and* every
request that is not ``file://`` aborted and counted. Asserted: not one such request is attempted,
no local file is missing, the ratio explorer renders as live sliders from the embedded widget
state (a slider moves), the deck shows the notebook's title and moves on with the arrow key, and
MathJax typesets from the local copy.

Screenshots: ``build/test-artifacts/site-00_start_here.png`` and ``slides-00_start_here.png``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import nbformat
import pytest
from labdriver import ARTIFACTS, REPO, SELECTOR_TIMEOUT_MS, _browser_required

from crmcourse import cli, site

pytestmark = pytest.mark.browser

START = "00_start_here"
START_TITLE = "Start here — how this course works"


@pytest.fixture(scope="module")
def built(chromium_executable, tmp_path_factory):
    missing = site.missing_assets(REPO / "site" / "node_modules", site.SLIDES_GROUPS)
    if missing:
        message = f"site/node_modules lacks {missing[0]}: run `npm ci --prefix site`"
        if _browser_required() or os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " [CI: may not be skipped]", pytrace=False)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("offline")
    assert cli.main(["site", "--out", str(out / "site"), "--only", START]) == 0
    assert cli.main(["slides", f"solutions/{START}.ipynb", "--out", str(out / "slides")]) == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return out


@dataclass
class Offline:
    """An offline page and what it tried to fetch."""

    page: object
    external: list[str] = field(default_factory=list)   # non-file:// requests (all aborted)
    failed: list[str] = field(default_factory=list)     # file:// requests that failed (missing files)
    errors: list[str] = field(default_factory=list)     # uncaught page errors

    def assert_clean(self) -> None:
        assert self.external == [], f"the page tried to reach the network: {self.external}"
        assert self.failed == [], f"files missing from the build: {self.failed}"
        assert self.errors == [], f"JavaScript errors: {self.errors}"


@pytest.fixture
def offline(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_offline(True)
    state = Offline(page=None)

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            state.external.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.set_default_timeout(SELECTOR_TIMEOUT_MS)
    pg.on("requestfailed", lambda req: req.url.startswith("file://") and state.failed.append(req.url))
    pg.on("pageerror", lambda exc: state.errors.append(str(exc)[:300]))
    state.page = pg
    try:
        yield state
    finally:
        context.close()


def _url(path) -> str:
    return path.resolve().as_uri()


def test_site_page_renders_live_widgets_offline(built, offline):
    pg = offline.page
    pg.goto(_url(built / "site" / "notebooks" / f"{START}.html"))
    explorer = pg.locator(".crmcourse-ratio-explorer")
    explorer.wait_for(state="visible")
    sliders = explorer.locator(".widget-slider")
    assert sliders.count() == 2, "expectation a and perceived b render as two sliders"
    assert "c = b / a" in explorer.inner_text(), "the HTML readout of the ratio comes from the widget state"
    assert pg.get_by_text("not answered yet").count() >= 3
    assert pg.locator("h1", has_text=START_TITLE).count() == 1
    # live: the slider is a real noUiSlider that moves (the readout updates in the browser, no kernel)
    readout = sliders.first.locator(".widget-readout")
    before = readout.inner_text()
    explorer.scroll_into_view_if_needed()
    sliders.first.locator(".noUi-handle").click()
    pg.keyboard.press("ArrowRight")
    pg.wait_for_function("([el, old]) => el.textContent.trim() !== old",
                         arg=[readout.element_handle(), before], timeout=5_000)
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(ARTIFACTS / f"site-{START}.png"))
    offline.assert_clean()


def test_site_index_and_glossary_offline(built, offline):
    pg = offline.page
    pg.goto(_url(built / "site" / "index.html"))
    pg.get_by_role("link", name=START_TITLE, exact=True).click()
    pg.wait_for_url(f"**/notebooks/{START}.html")
    pg.goto(_url(built / "site" / "glossary.html"))
    rows = pg.locator("#glossary tbody tr")
    total = rows.count()
    assert total >= 80
    pg.fill("#glossary-filter", "大客户")
    visible = pg.locator("#glossary tbody tr:visible")
    assert 1 <= visible.count() < total
    assert "key account" in visible.first.inner_text()
    offline.assert_clean()


def test_slides_show_and_advance_offline(built, offline):
    pg = offline.page
    pg.goto(_url(built / "slides" / f"{START}.slides.html"))
    present = pg.locator(".reveal .slides section.present")
    present.first.wait_for(state="visible")
    pg.wait_for_selector(".reveal.ready")
    assert START_TITLE in (present.first.text_content() or "")
    pg.screenshot(path=str(ARTIFACTS / f"slides-{START}.png"))
    first = pg.evaluate("location.hash")
    pg.keyboard.press("ArrowRight")
    pg.wait_for_function("h => location.hash !== h", arg=first, timeout=5_000)
    assert "1. The course map" in (present.first.text_content() or "")
    # the widget of the deck renders too (on its own slide)
    pg.locator(".reveal .crmcourse-ratio-explorer .widget-slider").first.wait_for(state="attached")
    assert pg.locator(".reveal .crmcourse-ratio-explorer .widget-slider").count() == 2
    offline.assert_clean()


def test_mathjax_renders_from_the_local_copy(built, offline, tmp_path):
    """00_start_here has no formula; module 1 has: check MathJax with a notebook of our own."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# Ratio\n\nThe ratio $c = \\frac{b}{a}$ and $$SE = \\frac{s}{\\sqrt{n}}$$")])
    static = built / "site" / site.STATIC
    page = static.parent / "mathjax-check.html"
    page.write_text(site.export_page(nb, 0, name="mathjax-check"), encoding="utf-8")
    pg = offline.page
    pg.goto(_url(page))
    # typeset in CommonHTML: both formulas, each with its fraction (fast preview comes first)
    pg.wait_for_function("document.querySelectorAll('.MathJax_CHTML .mjx-mfrac').length >= 2", timeout=15_000)
    assert pg.locator(".MathJax_CHTML").count() == 2
    assert pg.locator(".MathJax_CHTML .mjx-msqrt").count() == 1
    offline.assert_clean()
