"""Real-browser test of the Chinese edition: ``crmcourse lab --lang zh`` (``make lab LANG=zh``) opens
the Chinese start notebook with JupyterLab's interface in Simplified Chinese, and the course answers
in Chinese.

The test starts its own ``crmcourse lab --lang zh`` (the shared server of ``conftest.py`` is
English) on a temporary folder holding ``zh/00_start_here.ipynb``: the generated
``notebooks/zh/00_start_here.ipynb`` when it exists, else the English learner notebook with the
first code cell the generator puts there (``crmcourse.set_language("zh")``). In headless Chromium
(fixtures ``browser``/``page`` of ``conftest.py``) it then

* finds the menu bar in Chinese (文件, 编辑, 查看, 运行, 内核) — the language pack and the launcher's
  ``overrides.json`` at work, with the user's own JupyterLab settings untouched;
* runs the whole notebook through the Chinese 运行 menu: no cell raises, and every unanswered check
  says 尚未作答;
* answers exercise 0.1 wrongly and finds the feedback in Chinese: 还不对, a Chinese reason and 提示
  (asserted last, so that the rest is checked even while a catalog lags behind);
* moves a slider of the ratio explorer and sees the ratio change;
* saves a screenshot (``build/test-artifacts/lab-zh-00_start_here.png``) and checks it is not blank.

Without Chromium or Playwright the test is skipped locally and fails in CI (see ``labdriver.py``).
"""
from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from labdriver import (
    CURRENT_NOTEBOOK,
    NOTEBOOKS,
    RUN_ALL_TIMEOUT,
    SERVER_START_TIMEOUT,
    START_NOTEBOOK,
    LabServer,
    _free_port,
    _lab_env,
    failure_screenshot,
    notebook_state,
    screenshot,
    shutdown_kernels,
    stop_lab,
)

from crmcourse.i18n import _, set_language
from crmcourse.satisfaction import satisfaction_zone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ZH_NOTEBOOKS = NOTEBOOKS / "zh"
LANGUAGE_CELL = 'import crmcourse\ncrmcourse.set_language("zh")'
MENUS = ("文件", "编辑", "查看", "运行", "内核")
CJK = re.compile(r"[\u4e00-\u9fff]")
RATIO = re.compile(r"^c = b / a = (?P<b>\d+(?:\.\d+)?) / (?P<a>\d+(?:\.\d+)?) = (?P<c>\d+\.\d+) → (?P<zone>\S.*)$")
# the status bar's kernel item: "Python 3 (ipykernel) | 空闲"; its title is "更改 … 的内核" (Change kernel for …)
KERNEL_STATUS = "#jp-main-statusbar [title$='的内核']"


def _chinese_start_notebook(target: Path) -> str:
    """Put the Chinese start notebook into ``target`` (= the served ``zh/``); say where it came from."""
    if (ZH_NOTEBOOKS / START_NOTEBOOK).is_file():
        shutil.copytree(ZH_NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", ".backup"))
        return f"generated {ZH_NOTEBOOKS / START_NOTEBOOK}"
    nb = nbformat.read(NOTEBOOKS / START_NOTEBOOK, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(LANGUAGE_CELL))
    target.mkdir(parents=True)
    nbformat.write(nb, target / START_NOTEBOOK)
    return f"{NOTEBOOKS / START_NOTEBOOK} with a set_language('zh') cell (notebooks/zh/ not generated yet)"


@pytest.fixture(scope="module")
def zh_lab(chromium_executable, tmp_path_factory):
    """``crmcourse lab --lang zh`` on a temporary folder; the LabServer of its Chinese folder."""
    home = tmp_path_factory.mktemp("lab-zh")
    served = home / "served"
    source = _chinese_start_notebook(served / "zh")
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "crmcourse.cli", "lab", "--lang", "zh", "--no-browser", "--port", str(port),
           "--ip", "127.0.0.1", "--token", token, "--root", str(served)]
    env = _lab_env(home)
    env.pop("CRMCOURSE_LANG", None)
    proc = subprocess.Popen(cmd, cwd=home, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
                            start_new_session=True)
    lab = LabServer(f"http://127.0.0.1:{port}", token, served / "zh", proc, workspace="zh-start")
    threading.Thread(target=lambda: lab.output.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            assert proc.poll() is None, f"`crmcourse lab --lang zh` exited ({proc.returncode}):\n{lab.log()}"
            try:
                with urllib.request.urlopen(f"{lab.base_url}/api/status?token={token}", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline, f"JupyterLab did not answer:\n{lab.log()}"
                time.sleep(0.2)
        lab.source = source
        yield lab
    finally:
        stop_lab(lab)
    translation = home / "lab-settings" / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    assert not translation.exists(), "crmcourse lab --lang zh wrote into the user's own JupyterLab settings"


def _dismiss_toasts(page) -> None:
    for button in page.locator(".Toastify button:text-is('否'), .Toastify button:text-is('No')").all():
        button.click(timeout=2_000)


def _wait_for_kernel_idle(page) -> None:
    expect(page.locator(KERNEL_STATUS)).to_have_text(re.compile(r"^(?!无内核).*\S\s*\|\s*空闲$"),
                                                     timeout=SERVER_START_TIMEOUT * 1000)
    expect(page.locator(CURRENT_NOTEBOOK).locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
           ).to_have_count(1, timeout=SERVER_START_TIMEOUT * 1000)


def _run_all(page) -> dict:
    """运行 → 运行所有单元格 (Run → Run All Cells), through the Chinese menu; the final notebook state."""
    before = [c["prompt"] for c in notebook_state(page)["cells"]]
    page.locator(".lm-MenuBar-item:has(.lm-MenuBar-itemLabel:text-is('运行'))").click()
    item = page.locator("li.lm-Menu-item[data-command='runmenu:run-all']")
    expect(item).to_contain_text("运行所有单元格")
    item.click()
    deadline = time.monotonic() + RUN_ALL_TIMEOUT
    while True:
        state = notebook_state(page)
        counted = all(c["empty"] or re.fullmatch(r"\[\d+\]:?", c["prompt"]) for c in state["cells"])
        if state["status"] == "idle" and (state["errors"] or (counted and [c["prompt"] for c in state["cells"]] != before)):
            return state
        assert not page.locator(".jp-Dialog").count(), \
            "a dialog opened during Run All: " + page.locator(".jp-Dialog").first.inner_text()
        assert time.monotonic() < deadline, f"Run All did not finish within {RUN_ALL_TIMEOUT} s: {state}"
        time.sleep(0.2)


def _not_blank(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, f"{path} looks blank: {len(colours)} colours"
    assert max(count for count, _ in colours) < 0.97 * sum(count for count, _ in colours), f"{path} is one colour"


def test_chinese_lab_menus_start_notebook_checks_and_widget(zh_lab, page):
    name = "lab-zh-00_start_here"
    with failure_screenshot(page, name):
        # --- the interface: JupyterLab in Simplified Chinese
        page.goto(zh_lab.url(START_NOTEBOOK), wait_until="domcontentloaded")
        expect(page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel")).to_have_text(
            START_NOTEBOOK, timeout=SERVER_START_TIMEOUT * 1000)
        labels = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel")
        expect(labels.first).to_be_visible()
        shown = [t.strip() for t in labels.all_text_contents()]
        assert all(menu in shown for menu in MENUS), \
            f"the menu bar is not in Chinese: {shown} (expected {MENUS}); log:\n{zh_lab.log()}"
        assert "File" not in shown and "Edit" not in shown, shown
        _wait_for_kernel_idle(page)
        _dismiss_toasts(page)
        panel = page.locator(CURRENT_NOTEBOOK)

        # --- the Chinese start notebook runs; every unanswered check says so in Chinese
        state = _run_all(page)
        assert not state["errors"], "cells raised errors:\n" + "\n---\n".join(state["errors"])
        outputs = panel.locator(".jp-OutputArea-output")
        unanswered = outputs.filter(has_text="尚未作答").count()
        assert unanswered >= 3, f"{unanswered} checks say 尚未作答, expected the three exercises ({zh_lab.source})"
        assert outputs.filter(has_text="not answered yet").count() == 0, "a check still answers in English"

        # --- a wrong answer to exercise 0.1: the feedback is Chinese (status, reason, hint)
        cell = panel.locator(".jp-CodeCell", has_text='check("m0_demo_ratio"').first
        cell.scroll_into_view_if_needed()
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text('answer = 8 / 10\ncheck("m0_demo_ratio", answer)')
        page.keyboard.press("Control+Enter")
        feedback = cell.locator(".jp-OutputArea-output").first
        expect(feedback).to_contain_text("还不对", timeout=30_000)
        lines = [line.strip() for line in feedback.inner_text().splitlines() if line.strip()]
        # checked last, after the widget and the screenshot: the reason and the hint come from the
        # catalogs (crmcourse.po, exercises.po), the status word from the check itself
        english_feedback = [] if CJK.search(lines[0].split("还不对", 1)[1]) else [f"reason not Chinese: {lines[0]!r}"]
        if not any(line.startswith("提示") for line in lines[1:]):
            english_feedback.append(f"no Chinese hint (提示): {lines[1:]}")

        # --- the ratio explorer is live: move "perceived b" and the ratio follows
        explorer = panel.locator(".crmcourse-ratio-explorer").first
        expect(explorer).to_be_attached()
        explorer.scroll_into_view_if_needed()
        expect(explorer).to_be_visible()
        ratio = explorer.locator(".crmcourse-ratio")
        before = ratio.text_content().strip()
        assert RATIO.match(before), f"unexpected ratio text {before!r}"
        handle = explorer.locator(".widget-slider .noUi-handle").nth(1)
        now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
        handle.click()
        for _step in range(3):
            handle.press("ArrowRight" if now < top else "ArrowLeft")
        expect(ratio).not_to_have_text(before, timeout=10_000)
        m = RATIO.match(ratio.text_content().strip())
        assert m and m["b"] != RATIO.match(before)["b"], f"b did not move: {before!r} → {ratio.text_content()!r}"
        b, a, c = float(m["b"]), float(m["a"]), float(m["c"])
        assert abs(b / a - c) <= 0.006, f"{b} / {a} is not {c}"
        set_language("zh")
        try:   # the zone in the course's Chinese (as the catalog gives it)
            assert m["zone"] == _(satisfaction_zone(c)), f"zone {m['zone']!r} for c = {c}"
        finally:
            set_language(None)

        # --- a screenshot with the Chinese menus and the widget
        _dismiss_toasts(page)
        page.mouse.move(0, 0)
        explorer.evaluate("el => el.scrollIntoView({block: 'center'})")
        _not_blank(screenshot(page, name))
        shutdown_kernels(zh_lab)
        assert not english_feedback, "the feedback of a wrong answer is not Chinese: " + "; ".join(english_feedback)
