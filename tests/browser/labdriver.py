"""Driving JupyterLab in headless Chromium for the real-browser tests.

Used by every ``tests/browser/test_*.py``; the fixtures (``chromium_executable``, ``lab_session``,
``lab_server``, ``lab_root``, ``browser``, ``page``) are in ``conftest.py``. JupyterLab is started
once through ``crmcourse lab`` (the command ``make lab`` runs) on a temporary folder, so autosave
never touches the repository; each test works in its own copy of ``notebooks/`` there and its own
workspace (:class:`LabServer` ``prefix`` and ``workspace``). Chromium is Debian's package, driven by
Playwright with ``executable_path`` (no browser download). Helpers: :func:`open_notebook`,
:func:`run_all`, :func:`run_notebook`, :func:`wait_for_kernel_idle`, :func:`shutdown_kernels`,
:func:`dismiss_toasts`, :func:`screenshot`, :func:`failure_screenshot`. Screenshots go to
``build/test-artifacts/`` (``*-failure.png`` on failure).

Without Chromium or Playwright the tests are skipped locally, and fail when
``CRMCOURSE_REQUIRE_BROWSER`` is set (to anything but ``""``, ``0``, ``false``, ``no``) or ``CI=true``.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
START_NOTEBOOK = "00_start_here.ipynb"
ARTIFACTS = REPO / "build" / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
SERVER_START_TIMEOUT = 60  # seconds until /api/status answers
RUN_ALL_TIMEOUT = 60  # seconds for "Run All Cells" to finish
SELECTOR_TIMEOUT_MS = 30_000
RATIO_TEXT = re.compile(
    r"^c = b / a = (?P<b>\d+(?:\.\d+)?) / (?P<a>\d+(?:\.\d+)?) = (?P<c>\d+\.\d+)"
    r" → (?P<zone>dissatisfied|satisfied|highly satisfied)$"
)


# --------------------------------------------------------------------------- browser check
def _chromium_path() -> str | None:
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _browser_required() -> bool:
    flag = os.environ.get("CRMCOURSE_REQUIRE_BROWSER")
    return (flag is not None and flag.strip().lower() not in ("", "0", "false", "no")) or \
        os.environ.get("CI", "").strip().lower() == "true"


# --------------------------------------------------------------------------- JupyterLab server
@dataclass
class LabServer:
    """A running ``crmcourse lab``, or one test's view of it (``prefix``, ``workspace``; see conftest.py)."""

    base_url: str  # http://127.0.0.1:PORT
    token: str
    root_dir: Path  # the folder this view works in: the served folder, or a test's copy of notebooks/ in it
    proc: subprocess.Popen
    output: list[str] = field(default_factory=list)  # merged stdout/stderr lines of `crmcourse lab`
    prefix: str = ""  # root_dir relative to the served folder ("" for the server itself)
    workspace: str | None = None  # JupyterLab workspace of this view (None: the default workspace)

    def log(self) -> str:
        return "".join(self.output[-80:])

    def url(self, relpath: str) -> str:
        """Address that opens ``relpath`` (relative to ``root_dir``) in this view's workspace."""
        path = f"{self.prefix}/{relpath}" if self.prefix else relpath
        space = f"/workspaces/{self.workspace}" if self.workspace else ""
        return f"{self.base_url}/lab{space}/tree/{path}?token={self.token}"

    def api(self, method: str, endpoint: str):
        """Call the Jupyter server's REST API (``endpoint`` like ``"sessions"``); the decoded JSON or None."""
        request = urllib.request.Request(f"{self.base_url}/api/{endpoint}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lab_env(home: Path) -> dict[str, str]:
    """Environment for JupyterLab: fresh settings/workspaces (no stale tabs, no news toast)."""
    settings = home / "lab-settings"
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    env = dict(os.environ)
    env.update({
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def start_lab(root_dir: Path, home: Path, timeout: float = SERVER_START_TIMEOUT) -> LabServer:
    """Run ``crmcourse lab`` (what ``make lab`` runs) on ``root_dir``; return once /api/status answers."""
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "crmcourse.cli", "lab", "--no-browser", "--port", str(port),
           "--ip", "127.0.0.1", "--token", token, "--root", str(root_dir)]
    proc = subprocess.Popen(cmd, cwd=home, env=_lab_env(home), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", errors="replace", start_new_session=True)
    lab = LabServer(f"http://127.0.0.1:{port}", token, root_dir, proc)
    threading.Thread(target=lambda: lab.output.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"`crmcourse lab` exited with code {proc.returncode}:\n{lab.log()}")
            try:
                with urllib.request.urlopen(f"{lab.base_url}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        return lab
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"JupyterLab did not answer /api/status within {timeout} s:\n{lab.log()}")
            time.sleep(0.2)
    except BaseException:
        stop_lab(lab)
        raise


def stop_lab(lab: LabServer, grace: float = 10) -> None:
    """SIGTERM the process group of ``crmcourse lab`` (JupyterLab shuts its kernels down); SIGKILL after ``grace`` s."""
    pgid = lab.proc.pid

    def group_alive() -> bool:
        try:
            os.killpg(pgid, 0)
            return True
        except (ProcessLookupError, PermissionError):
            return False

    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        lab.proc.poll()  # reap the group leader, else it stays a zombie and the group looks alive
        if not group_alive():
            break
        time.sleep(0.1)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        lab.proc.wait(5)


def shutdown_kernels(lab: LabServer, timeout: float = 15) -> None:
    """Shut down every session and kernel of the server (what a test leaves running), and wait until
    none is left, so the next test starts on an idle server."""
    for session in lab.api("GET", "sessions"):
        with contextlib.suppress(urllib.error.HTTPError):
            lab.api("DELETE", f"sessions/{session['id']}")
    for kernel in lab.api("GET", "kernels"):
        with contextlib.suppress(urllib.error.HTTPError):
            lab.api("DELETE", f"kernels/{kernel['id']}")
    deadline = time.monotonic() + timeout
    while lab.api("GET", "kernels"):
        if time.monotonic() > deadline:
            raise AssertionError(f"kernels still running {timeout} s after shutdown:\n{lab.log()}")
        time.sleep(0.2)


def printed_lab_url(lab: LabServer, timeout: float = 5) -> str:
    """The address JupyterLab prints for the user to open (``http://…/lab…?token=…``)."""
    pattern = re.compile(re.escape(lab.base_url) + r"/\S*\?token=\S+")
    deadline = time.monotonic() + timeout
    while True:
        for line in list(lab.output):
            if m := pattern.search(line):
                return m.group(0)
        if time.monotonic() > deadline:
            raise AssertionError(f"`crmcourse lab` printed no {lab.base_url}/…?token=… address:\n{lab.log()}")
        time.sleep(0.1)


# --------------------------------------------------------------------------- browser and page
def screenshot(target, name: str) -> Path:
    """Save a PNG of a page or locator to build/test-artifacts/NAME.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    target.screenshot(path=str(path))
    return path


@contextlib.contextmanager
def failure_screenshot(page, name: str):
    """On an exception, save the page as NAME-failure.png before re-raising."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            dismiss_toasts(page)
            screenshot(page, f"{name}-failure")
        raise


def dismiss_toasts(page) -> None:
    """Close JupyterLab's notification toasts (the news question) so screenshots show the notebook."""
    for button in page.locator(".Toastify button:text-is('No')").all():
        with contextlib.suppress(PlaywrightError):
            button.click(timeout=2_000)
    for close in page.locator(".Toastify .jp-toast-button, .Toastify__close-button").all():
        with contextlib.suppress(PlaywrightError):
            close.click(timeout=1_000)


CURRENT_NOTEBOOK = "#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)"
KERNEL_STATUS = "#jp-main-statusbar [title^='Change kernel for']"  # "Python 3 (ipykernel) | Idle"


def open_notebook(page, lab: LabServer, relpath: str, url: str | None = None):
    """Open notebook ``relpath`` (under the served root; or the given full ``url`` of it), wait until
    its tab is current and its kernel idle. Returns the locator of the notebook panel."""
    page.goto(url or lab.url(relpath), wait_until="domcontentloaded")
    # JupyterLab's first load can take well over Playwright's 5 s default on a busy 2-core machine
    expect(page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel")).to_have_text(
        Path(relpath).name, timeout=SERVER_START_TIMEOUT * 1000)
    panel = page.locator(CURRENT_NOTEBOOK)
    expect(panel).to_have_count(1, timeout=SERVER_START_TIMEOUT * 1000)
    wait_for_kernel_idle(page)
    dismiss_toasts(page)
    return panel


def wait_for_kernel_idle(page, timeout: float = SERVER_START_TIMEOUT) -> None:
    """Wait until the current notebook's kernel is started, connected and idle.

    The toolbar indicator alone is not enough: it reads "idle" before any kernel exists
    (then initializing → connecting → unknown → idle), and "Run All" at that moment pops up a
    "Select Kernel" dialog. The status bar names the kernel only once there is one.
    """
    expect(page.locator(KERNEL_STATUS)).to_have_text(re.compile(r"^(?!No Kernel\b).*\S\s*\|\s*Idle$"),
                                                     timeout=timeout * 1000)
    expect(page.locator(CURRENT_NOTEBOOK).locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
           ).to_have_count(1, timeout=timeout * 1000)


_NOTEBOOK_STATE_JS = """
(sel) => {
  const panel = document.querySelector(sel);
  if (!panel) return null;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-CodeCell')].map((c) => ({
    prompt: (c.querySelector('.jp-InputArea-prompt')?.textContent || '').trim(),
    empty: (c.querySelector('.jp-InputArea-editor .cm-content')?.textContent || '').trim() === '',
  }));
  const errors = [...panel.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output .jp-RenderedText')]
    .map((e) => e.textContent || '')
    .filter((t) => /Traceback \\(most recent call last\\)|^\\s*\\w*(Error|Exception)\\b/m.test(t));
  return {status: indicator ? indicator.getAttribute('data-status') : null, cells, errors};
}
"""


def notebook_state(page) -> dict:
    """Kernel status, code-cell prompts ("[3]:", "[*]:", "[ ]:") and error outputs of the current notebook."""
    return page.evaluate(_NOTEBOOK_STATE_JS, CURRENT_NOTEBOOK)


def run_all(page, timeout: float = RUN_ALL_TIMEOUT) -> dict:
    """Run → Run All Cells; wait until the kernel is idle and every non-empty code cell has an
    execution count (or an error output stopped the run). Returns the final :func:`notebook_state`."""
    before = [c["prompt"] for c in notebook_state(page)["cells"]]
    dismiss_toasts(page)
    page.locator(".lm-MenuBar-item:has(.lm-MenuBar-itemLabel:text-is('Run'))").click()
    page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
    deadline = time.monotonic() + timeout
    while True:
        state = notebook_state(page)
        prompts = [c["prompt"] for c in state["cells"]]
        counted = all(c["empty"] or re.fullmatch(r"\[\d+\]:?", c["prompt"]) for c in state["cells"])
        if state["status"] == "idle" and (state["errors"] or (counted and prompts != before)):
            return state
        if page.locator(".jp-Dialog").count():
            raise AssertionError("a dialog opened during Run All Cells: "
                                 + page.locator(".jp-Dialog").first.inner_text().replace("\n", " / "))
        if time.monotonic() > deadline:
            raise AssertionError(f"Run All Cells did not finish within {timeout} s: {state}")
        time.sleep(0.2)




def run_notebook(page, lab: LabServer, relpath: str, *, min_unanswered: int = 1, url: str | None = None):
    """Open ``relpath``, run every cell, and fail if a cell raised or fewer than ``min_unanswered``
    checks say "not answered yet" (a learner copy runs with nothing answered). Returns the panel."""
    panel = open_notebook(page, lab, relpath, url=url)
    state = run_all(page)
    assert not state["errors"], "cells raised errors:\n" + "\n---\n".join(state["errors"])
    unanswered = panel.locator(".jp-OutputArea-output", has_text="not answered yet").count()
    assert unanswered >= min_unanswered, \
        f"{relpath}: {unanswered} 'not answered yet' outputs, expected at least {min_unanswered}"
    return panel


def live_widget(panel, css: str):
    """The first element matching ``css`` in the notebook panel, scrolled into view and visible."""
    box = panel.locator(css).first
    expect(box).to_be_attached(timeout=10_000)
    box.scroll_into_view_if_needed()
    expect(box).to_be_visible()
    return box
