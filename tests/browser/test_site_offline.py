"""Real-browser test: the exported site and slides work from ``file://`` with the network off.

``crmcourse site --only 00_start_here`` and ``crmcourse slides solutions/00_start_here.ipynb`` (the
commands, through :func:`crmcourse.cli.main`) are built into a temporary folder and opened in
headless Chromium (Debian's package, through Playwright) with the context offline *and* every
request that is not ``file://`` aborted and counted. Asserted: not one such request is attempted,
no local file is missing, the ratio explorer renders as live sliders from the embedded widget
state (a slider moves), the deck shows the notebook's title and moves on with the arrow key, and
MathJax typesets from the local copy.

The Chinese edition (issue 15) is checked on the tiny two-edition course of ``tests/site_edition.py``:
a Chinese page renders in the bundled Noto Sans SC web font (its faces are loaded from ``_static``,
nothing else), and the language switch leads to the English twin and back.

Screenshots: ``build/test-artifacts/site-00_start_here.png``, ``slides-00_start_here.png`` and
``site-zh.png``.
"""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field

import nbformat
import pytest
from labdriver import ARTIFACTS, REPO, SELECTOR_TIMEOUT_MS, _browser_required

from crmcourse import cli, site
from crmcourse.authoring.site import ZH_GROUPS

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
    assert any("key account" in visible.nth(i).inner_text() for i in range(visible.count()))
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


# --------------------------------------------------------------------------- the Chinese edition
def _site_edition():
    """``tests/site_edition.py`` (the fake two-edition course), imported from its path."""
    spec = importlib.util.spec_from_file_location("site_edition", REPO / "tests" / "site_edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_zh(chromium_executable, tmp_path_factory):
    missing = site.missing_assets(REPO / "site" / "node_modules", (*site.SITE_GROUPS, *ZH_GROUPS))
    if missing:
        message = f"site/node_modules lacks {missing[0]}: run `npm ci --prefix site`"
        if _browser_required() or os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " [CI: may not be skipped]", pytrace=False)
        pytest.skip(message)
    edition = _site_edition()
    course = edition.make_course(tmp_path_factory.mktemp("course"))
    out = tmp_path_factory.mktemp("zh-site")
    report = site.build_site(out, root=course, node_modules=REPO / "site" / "node_modules", jobs=2,
                             log=lambda _: None)
    assert report["failed"] == {} and report["languages"] == ["en", "zh"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return out, edition


def test_chinese_page_renders_in_the_bundled_font_and_switches_language(built_zh, offline):
    out, edition = built_zh
    pg = offline.page
    pg.goto(_url(out / "zh" / "notebooks" / "01_demo" / "01_ratio.html"))
    pg.locator("h1", has_text=edition.ZH_TITLE).wait_for(state="visible")
    assert pg.evaluate("document.documentElement.lang") == "zh-CN"
    pg.wait_for_function("document.fonts.status === 'loaded'")
    loaded = pg.evaluate("""Array.from(document.fonts)
        .filter(f => f.family.replace(/["']/g, '') === 'Noto Sans SC' && f.status === 'loaded')
        .map(f => f.weight)""")
    assert loaded, "no Noto Sans SC face was loaded: the page does not use the bundled font"
    family = pg.evaluate("getComputedStyle(document.querySelector('.jp-RenderedHTMLCommon')).fontFamily")
    assert family.replace('"', "").startswith("Noto Sans SC"), family
    assert pg.evaluate("document.fonts.check('16px \"Noto Sans SC\"', '满意度')")
    pg.screenshot(path=str(ARTIFACTS / "site-zh.png"))
    english = (out / "notebooks" / "01_demo" / "01_ratio.html").resolve().as_uri()
    with pg.expect_navigation():
        pg.locator(".crmcourse-lang a", has_text="English").first.click()
    assert pg.url == english and pg.evaluate("document.documentElement.lang") == "en"
    with pg.expect_navigation():
        pg.locator(".crmcourse-lang a", has_text="中文").first.click()
    assert pg.url == _url(out / "zh" / "notebooks" / "01_demo" / "01_ratio.html")
    offline.assert_clean()
