"""``crmcourse lab --lang zh``: the Chinese notebooks, JupyterLab's menus in Simplified Chinese,
``CRMCOURSE_LANG=zh`` for the kernels — and English, untouched, when no language is asked for.

The unit tests drive :mod:`crmcourse.authoring.lab` and the ``lab`` sub-command with JupyterLab
replaced by a recorder; one test starts a real JupyterLab (``crmcourse lab --lang zh``) and asks
its REST API which interface language it serves and what environment its kernel got.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crmcourse import cli
from crmcourse.authoring import lab
from crmcourse.authoring.workspace import WORKSPACE_FILE, Located
from crmcourse.errors import CourseDataError

REPO = Path(__file__).parents[1]
START = "00_start_here.ipynb"
PLUGIN_FILE = Path("@jupyterlab", "translation-extension", "plugin.jupyterlab-settings")


def _course(folder: Path, *, zh: bool = True) -> Path:
    """A folder of notebooks: English start notebook at the top, Chinese one in zh/."""
    (folder / "zh").mkdir(parents=True)
    shutil.copy(REPO / "notebooks" / START, folder / START)
    if zh:
        shutil.copy(REPO / "notebooks" / START, folder / "zh" / START)
    return folder


def _workspace(folder: Path, lang: str) -> Located:
    (folder / "notebooks").mkdir(parents=True)
    shutil.copy(REPO / "notebooks" / START, folder / "notebooks" / START)
    (folder / WORKSPACE_FILE).write_text(json.dumps({"course": "crmcourse", "lang": lang}), encoding="utf-8")
    return Located(folder / "notebooks", folder, "workspace")


@pytest.fixture
def recorder(monkeypatch, tmp_path):
    """``crmcourse lab`` with JupyterLab replaced: records the command, folder, environment and settings."""
    runs = []

    def fake_run_lab(cmd, cwd):
        settings = next((Path(a.split("=", 1)[1]) for a in cmd if a.startswith("--LabApp.app_settings_dir=")), None)
        overrides = json.loads((settings / "overrides.json").read_text(encoding="utf-8")) if settings else None
        runs.append({"cmd": list(cmd), "cwd": Path(cwd), "settings": settings, "overrides": overrides,
                     "CRMCOURSE_LANG": os.environ.get("CRMCOURSE_LANG"), "LANG": os.environ.get("LANG")})
        return 0

    monkeypatch.setattr(lab, "run_lab", fake_run_lab)
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path / "user-settings"))
    monkeypatch.delenv("CRMCOURSE_LANG", raising=False)
    return runs


# --------------------------------------------------------------------------- the command
def test_lang_zh_serves_the_chinese_notebooks_with_chinese_menus_and_kernels(recorder, tmp_path, monkeypatch, capsys):
    root = _course(tmp_path / "course")
    monkeypatch.setenv("LANG", "zh")             # what `make lab LANG=zh` exports
    assert cli.main(["lab", "--lang", "zh", "--no-browser", "--root", str(root)]) == 0
    run = recorder[-1]
    assert run["cwd"] == (root / "zh").resolve()
    assert f"--ServerApp.root_dir={(root / 'zh').resolve()}" in run["cmd"]
    assert f"--LabApp.default_url=/lab/tree/{START}" in run["cmd"]
    assert run["overrides"] == {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}
    assert run["CRMCOURSE_LANG"] == "zh" and run["LANG"] is None
    assert "中文版" in capsys.readouterr().out
    # afterwards: the temporary settings are gone, the environment is as it was
    assert not run["settings"].exists()
    assert os.environ.get("CRMCOURSE_LANG") is None and os.environ["LANG"] == "zh"
    assert not (tmp_path / "user-settings").exists(), "the user's own JupyterLab settings must not be written"


def test_english_stays_the_default_and_leaves_jupyterlab_settings_alone(recorder, tmp_path):
    root = _course(tmp_path / "course")
    assert cli.main(["lab", "--no-browser", "--root", str(root)]) == 0
    run = recorder[-1]
    assert run["cwd"] == root.resolve() and run["settings"] is None
    assert not any(a.startswith("--LabApp.app_settings_dir") for a in run["cmd"])
    assert run["CRMCOURSE_LANG"] == "en"


def test_crmcourse_lang_and_a_chinese_workspace_choose_chinese_without_the_option(recorder, tmp_path, monkeypatch):
    root = _course(tmp_path / "course")
    monkeypatch.setenv("CRMCOURSE_LANG", "zh_CN")
    assert cli.main(["lab", "--root", str(root)]) == 0
    assert recorder[-1]["cwd"] == (root / "zh").resolve() and recorder[-1]["CRMCOURSE_LANG"] == "zh"
    assert cli.main(["lab", "--lang", "en", "--root", str(root)]) == 0   # the option wins
    assert recorder[-1]["cwd"] == root.resolve() and recorder[-1]["CRMCOURSE_LANG"] == "en"
    assert os.environ["CRMCOURSE_LANG"] == "zh_CN"

    monkeypatch.delenv("CRMCOURSE_LANG")
    ws = _workspace(tmp_path / "ws-zh", "zh")      # crmcourse init --lang zh: Chinese at the top
    assert cli.main(["lab", "--root", str(ws.root)]) == 0
    assert recorder[-1]["cwd"] == ws.notebooks.resolve()
    assert recorder[-1]["overrides"]["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"


def test_missing_chinese_notebooks_say_how_to_get_them(recorder, tmp_path, capsys):
    root = _course(tmp_path / "course", zh=False)
    assert cli.main(["lab", "--lang", "zh", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{root.resolve() / 'zh' / START} is missing" in err and "--lang zh" in err
    assert "Traceback" not in err and not recorder

    ws = _workspace(tmp_path / "ws", "en")
    assert cli.main(["lab", "--lang", "zh", "--root", str(ws.root)]) == 2
    err = capsys.readouterr().err
    assert "holds the English edition" in err and "ws-zh" in err and "--lang zh" in err

    with pytest.raises(lab.LabError, match="crmcourse translate"):
        lab.course_folder(Located(root, root, "checkout"), "zh")
    with pytest.raises(lab.LabError, match="crmcourse learner"):
        lab.course_folder(Located(root / "zh", root, "checkout"), "en")


def test_a_bad_crmcourse_lang_is_a_clear_error(recorder, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CRMCOURSE_LANG", "klingon")
    assert cli.main(["lab", "--root", str(_course(tmp_path / "course"))]) == 2
    err = capsys.readouterr().err
    assert "unknown language 'klingon'" in err and "CRMCOURSE_LANG" in err and not recorder
    monkeypatch.delenv("CRMCOURSE_LANG")
    with pytest.raises(CourseDataError, match="unknown course language 'fr'"):
        lab.choose_language("fr")
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["lab", "--lang", "fr"])


# --------------------------------------------------------------------------- settings
def test_app_settings_keep_the_installations_own_overrides_and_page_config(tmp_path):
    base = tmp_path / "base"
    (base / "overrides.d").mkdir(parents=True)
    (base / "overrides.json").write_text(json.dumps({
        "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
        "@jupyterlab/translation-extension:plugin": {"locale": "fr_FR", "displayStringsPrefix": False}}))
    (base / "overrides.d" / "site.json").write_text('{"a:b": {"c": 1}}')
    (base / "page_config.json").write_text('{"disabledExtensions": {"nbgrader": true}}')
    folder = lab.write_app_settings(tmp_path / "mine", "zh_CN", base=base)
    assert json.loads((folder / "overrides.json").read_text(encoding="utf-8")) == {
        "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
        "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN", "displayStringsPrefix": False}}
    assert json.loads((folder / "overrides.d" / "site.json").read_text()) == {"a:b": {"c": 1}}
    assert json.loads((folder / "page_config.json").read_text()) == {"disabledExtensions": {"nbgrader": True}}
    assert json.loads((base / "overrides.json").read_text())[
        "@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR", "the installation's file is untouched"


def test_a_language_the_user_chose_in_jupyterlab_is_reported(tmp_path, monkeypatch):
    settings = tmp_path / "user-settings"
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(settings))
    assert lab.user_locale() is None
    (settings / PLUGIN_FILE).parent.mkdir(parents=True)
    (settings / PLUGIN_FILE).write_text('{\n  // Language\n  "locale": "en",\n}\n', encoding="utf-8")  # JSON5
    assert lab.user_locale() == "en"
    with lab.lab_language("zh") as chosen:
        assert any("'en'" in note and "Settings → Language" in note for note in chosen.notes), chosen.notes
    (settings / PLUGIN_FILE).write_text('{"locale": "zh_CN"}', encoding="utf-8")
    with lab.lab_language("zh") as chosen:
        assert not any("Settings → Language" in note for note in chosen.notes)


def test_a_missing_language_pack_is_reported_and_the_pin_is_installed(monkeypatch):
    assert lab.language_pack_installed("zh_CN"), \
        "jupyterlab-language-pack-zh-cn is a runtime dependency: pip install -c requirements/constraints.txt -e ."
    pins = (REPO / "requirements" / "constraints.txt").read_text()
    assert f"{lab.LANGUAGE_PACKS['zh_CN']}==" in pins
    monkeypatch.setattr(lab, "language_pack_installed", lambda locale: False)
    with lab.lab_language("zh") as chosen:
        assert any("language pack is not installed" in n and "jupyterlab-language-pack-zh-cn" in n
                   for n in chosen.notes), chosen.notes


# --------------------------------------------------------------------------- a real JupyterLab
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, token: str, method: str = "GET"):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     headers={"Authorization": f"token {token}"},
                                     data=b"{}" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:   # a short-lived process that ended meanwhile
        return ""


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode("utf-8", "replace").split("=", 1) for item in raw if b"=" in item)


def test_real_jupyterlab_serves_chinese_menus_and_its_kernel_gets_crmcourse_lang(tmp_path):
    root = _course(tmp_path / "course")
    port, token = _free_port(), "crmcourse-zh-test"
    user_settings = tmp_path / "user-settings"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "IPYTHONDIR": str(tmp_path / "ipython"),
           "JUPYTERLAB_SETTINGS_DIR": str(user_settings), "LANG": "zh"}
    env.pop("CRMCOURSE_LANG", None)
    log = tmp_path / "lab.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "crmcourse", "lab", "--lang", "zh", "--no-browser",
                                 "--port", str(port), "--token", token, "--root", str(root)],
                                cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"crmcourse lab exited ({proc.returncode}):\n{log.read_text()}"
            try:
                _get(port, "/api/status", token)
                break
            except (OSError, urllib.error.URLError, ValueError):
                assert time.monotonic() < deadline, f"JupyterLab did not start:\n{log.read_text()}"
                time.sleep(0.5)
        plugin = _get(port, "/lab/api/settings/@jupyterlab/translation-extension:plugin", token)
        assert plugin["schema"]["properties"]["locale"]["default"] == "zh_CN"
        assert "zh_CN" in _get(port, "/lab/api/translations/", token)["data"]
        pack = _get(port, "/lab/api/translations/zh_CN", token)["data"]
        assert pack["jupyterlab"]["menu\x04File"] == ["文件"], "the language pack does not translate the File menu"
        contents = _get(port, "/api/contents/", token)
        assert [item["name"] for item in contents["content"]] == [START], "the Chinese folder is served"

        kernel = _get(port, "/api/kernels", token, method="POST")["id"]
        deadline = time.monotonic() + 60
        while True:
            kernels = [pid for pid in lab.descendants(proc.pid) if "ipykernel" in _cmdline(pid)]
            if kernels:
                break
            assert time.monotonic() < deadline, f"no kernel process for {kernel}:\n{log.read_text()}"
            time.sleep(0.3)
        kernel_env = _environ(kernels[0])
        assert kernel_env.get("CRMCOURSE_LANG") == "zh"
        assert kernel_env.get("LANG") != "zh", "`make lab LANG=zh` must not leave LANG=zh to the kernels"
        assert not (user_settings / PLUGIN_FILE).exists(), "the user's own settings must stay untouched"
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
