"""Fixtures of the real-browser tests: Chromium, a JupyterLab server per test module, a page.

Helpers to drive the page live in ``labdriver.py`` (``from labdriver import open_notebook, run_all``).
"""
from __future__ import annotations

import shutil

import pytest
from labdriver import (CHROMIUM_ARGS, NOTEBOOKS, SELECTOR_TIMEOUT_MS, _browser_required, _chromium_path,
                       start_lab, stop_lab)

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of Debian's Chromium; skips (locally) or fails (CI) when it or Playwright is missing."""
    missing = []
    path = _chromium_path()
    if path is None:
        missing.append("Chromium (/usr/bin/chromium)")
    if sync_playwright is None:
        missing.append("the playwright Python package (pip install -e '.[dev]')")
    if missing:
        message = (f"browser test needs {' and '.join(missing)}: install Debian's chromium package "
                   "(apt-get install chromium) to run the browser test")
        if _browser_required():
            pytest.fail(message + " [CRMCOURSE_REQUIRE_BROWSER/CI is set: the browser test may not be skipped]",
                        pytrace=False)
        pytest.skip(message)
    return path



@pytest.fixture(scope="module")
def lab_server(chromium_executable, tmp_path_factory):
    """One ``crmcourse lab`` per test module, serving a temporary copy of ``notebooks/``."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", ".backup"))
    lab = start_lab(root, home)
    try:
        yield lab
    finally:
        stop_lab(lab)



@pytest.fixture(scope="module")
def browser(chromium_executable):
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()



@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(SELECTOR_TIMEOUT_MS)
    try:
        yield pg
    finally:
        context.close()


