"""Fixtures of the real-browser tests: one Chromium and one JupyterLab server for the whole run,
and for each test its own copy of ``notebooks/``, its own JupyterLab workspace and its own page.

Starting JupyterLab and Chromium costs 5–10 s each time; the tests share one of each (session
fixtures) and stay independent all the same:

* ``lab_session`` — one ``crmcourse lab`` serving a temporary folder that holds a copy of
  ``notebooks/`` (the copy the printed start address opens: only ``test_lab`` uses it, through
  ``lab_root``) and one sub-folder per test;
* ``lab_server`` — for one test: a fresh copy of ``notebooks/`` in ``<served>/<test>/``, opened in a
  workspace named after the test (no tabs restored from another test), and afterwards every kernel
  of the server shut down. Its ``url(relpath)`` and ``root_dir`` point into the test's folder;
* ``browser`` — one headless Chromium; ``page`` — a new context and page per test.

Under ``pytest -n`` the JupyterLab tests (``SHARED_LAB_TESTS`` in the root conftest.py) run on the
same worker, so one server and one browser serve them all; a browser test file that needs no shared
server (the offline site, the classroom hub) may run on the other worker, with that worker's browser.

Helpers to drive the page live in ``labdriver.py`` (``from labdriver import open_notebook, run_all``).
"""
from __future__ import annotations

import re
import shutil
from dataclasses import replace

import pytest
from labdriver import (CHROMIUM_ARGS, NOTEBOOKS, SELECTOR_TIMEOUT_MS, _browser_required, _chromium_path,
                       shutdown_kernels, start_lab, stop_lab)

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None

_COPY_IGNORE = shutil.ignore_patterns(".ipynb_checkpoints", ".backup")


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


@pytest.fixture(scope="session")
def lab_session(chromium_executable, tmp_path_factory):
    """One ``crmcourse lab`` for every browser test, serving a temporary copy of ``notebooks/``."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "served"
    shutil.copytree(NOTEBOOKS, root, ignore=_COPY_IGNORE)
    lab = start_lab(root, home)
    try:
        yield lab
    finally:
        stop_lab(lab)


@pytest.fixture
def lab_server(lab_session, request):
    """The shared server as one test sees it: its own copy of ``notebooks/``, its own workspace."""
    name = re.sub(r"[^A-Za-z0-9_-]", "_", f"{request.node.module.__name__}-{request.node.name}")[:100]
    folder = lab_session.root_dir / name
    shutil.copytree(NOTEBOOKS, folder, ignore=_COPY_IGNORE)
    try:
        yield replace(lab_session, root_dir=folder, prefix=name, workspace=name)
    finally:
        shutdown_kernels(lab_session)


@pytest.fixture
def lab_root(lab_session):
    """The shared server's top folder and default workspace: what the printed start address opens."""
    try:
        yield lab_session
    finally:
        shutdown_kernels(lab_session)


@pytest.fixture(scope="session")
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
