"""The ``crmcourse`` command: one parser, ``python -m crmcourse``, and the issue-12 command items.

* stopping ``crmcourse lab`` by its process id (SIGTERM) stops JupyterLab and its kernels;
* ``crmcourse learner`` says clearly what is wrong when ``notebooks/.backup`` is a file.
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

import nbformat
import pytest

from crmcourse import cli
from crmcourse.authoring import lab

REPO = Path(__file__).parents[1]
START = "00_start_here.ipynb"
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="process groups and signals are POSIX")


def run_command(*args: str, cwd: Path = REPO, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crmcourse", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


# --------------------------------------------------------------------------- the parser
def test_python_dash_m_crmcourse_lists_every_command():
    done = run_command("--help")
    assert done.returncode == 0, done.stderr
    for command in ("lab", "learner", "execute", "data", "glossary", "hash", "grade", "site", "slides"):
        assert f"    {command} " in done.stdout, command


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 0
    assert "COMMAND" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["lab"], ["learner"], ["execute"], ["data", "generate"], ["data", "docs"],
                                  ["glossary", "x"], ["hash", "e", "a"], ["grade", "d"], ["site"], ["slides", "x"]])
def test_every_command_has_a_handler_and_help(argv, capsys):
    args = cli.build_parser().parse_args(argv)
    assert callable(args.handler)
    with pytest.raises(SystemExit) as stop:
        cli.main([*argv[: 2 if argv[0] == "data" else 1], "--help"])
    assert stop.value.code == 0
    assert "usage: crmcourse" in capsys.readouterr().out


def test_unknown_or_incomplete_command_exits_2(capsys):
    for argv in (["nonsense"], ["data"], ["hash", "only-one"]):
        with pytest.raises(SystemExit) as stop:
            cli.main(argv)
        assert stop.value.code == 2
    capsys.readouterr()


def test_hash_prints_the_stored_form_of_an_answer(capsys):
    from crmcourse.checks import answer_hash

    assert cli.main(["hash", "m1_kano_pair", "O"]) == 0
    assert capsys.readouterr().out.strip() == answer_hash("m1_kano_pair", "O")


def test_data_generate_refuses_other_settings_into_the_committed_data(capsys):
    assert cli.main(["data", "generate", "--size", "0.5"]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and "Traceback" not in err


def test_data_generate_into_a_folder(tmp_path, capsys):
    assert cli.main(["data", "generate", "--case", "lianyun", "--size", "0.02", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "lianyun" / "subscribers.csv").is_file()
    assert "wrote 4 files" in capsys.readouterr().out


def test_grade_refuses_a_missing_folder(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path / "nothing")]) == 2
    assert "not a folder of submitted notebooks" in capsys.readouterr().err


# --------------------------------------------------------------------------- crmcourse learner
def test_learner_with_a_backup_file_gives_a_clear_message(tmp_path):
    """notebooks/.backup is a file: one sentence naming it and the fix, not a FileExistsError."""
    sol, nbs = tmp_path / "solutions", tmp_path / "notebooks"
    sol.mkdir()
    shutil.copy(REPO / "solutions" / START, sol)
    args = ("learner", "--solutions", str(sol), "--notebooks", str(nbs))
    assert run_command(*args).returncode == 0
    nb = nbformat.read(nbs / START, as_version=4)
    nb.cells[0].source += "\nA learner's note."           # a hand edit, so a backup is due
    nbformat.write(nb, nbs / START)
    (nbs / ".backup").write_text("a file where the backup folder goes\n", encoding="utf-8")

    done = run_command(*args)
    assert done.returncode == 1
    assert ".backup is a file" in done.stderr and "rename or delete" in done.stderr
    assert "Traceback" not in done.stderr and "FileExistsError" not in done.stderr
    assert "A learner's note." in (nbs / START).read_text(encoding="utf-8"), "the edited copy is kept"


# --------------------------------------------------------------------------- crmcourse lab
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _api(port: int, path: str, token: str, method: str = "GET"):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     headers={"Authorization": f"token {token}"},
                                     data=b"{}" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def _wait_for(condition, timeout: float, what: str, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"crmcourse lab exited ({proc.returncode}) before {what}:\n{log.read_text()}")
        try:
            value = condition()
        except (OSError, urllib.error.URLError, ValueError):
            value = None
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()}")


@POSIX_ONLY
def test_sigterm_to_crmcourse_lab_stops_jupyterlab_and_its_kernels(tmp_path):
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(REPO / "notebooks" / START, root)
    port, token = _free_port(), "crmcourse-test"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "IPYTHONDIR": str(tmp_path / "ipython"),
           "JUPYTER_PLATFORM_DIRS": "1"}
    log = tmp_path / "lab.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "crmcourse", "lab", "--no-browser", "--port", str(port),
                                 "--token", token, "--root", str(root)],
                                cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(lambda: _api(port, "/api/status", token), 120, "JupyterLab to serve", proc, log)
        kernel = _api(port, "/api/kernels", token, method="POST")["id"]
        assert [k["id"] for k in _api(port, "/api/kernels", token)] == [kernel]
        # the server and the kernel, which runs in a session of its own
        _wait_for(lambda: len(lab.descendants(proc.pid)) >= 2, 60, "the kernel process", proc, log)
        time.sleep(2)   # let the kernel finish starting: it is then a process JupyterLab must stop
        below = lab.descendants(proc.pid)
        assert len(below) >= 2, below
        sessions = {os.getsid(pid) for pid in below if lab.is_running(pid)}
        assert os.getsid(proc.pid) not in sessions, "JupyterLab must run in a session of its own"

        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, log.read_text()
        assert not _port_open(port), "the JupyterLab server is still serving"
        left = [pid for pid, started in below.items() if lab.is_running(pid, started)]
        assert left == [], f"processes left running after SIGTERM: {left}\n{log.read_text()}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@POSIX_ONLY
def test_stop_process_tree_reaches_a_child_in_its_own_session_and_a_parent_that_ignores_sigterm(tmp_path):
    """What JupyterLab's kernels look like: a child in a session of its own, under a stubborn parent."""
    ready = tmp_path / "child.pid"
    script = (
        "import signal, subprocess, sys, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'], start_new_session=True)\n"
        f"open({str(ready)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() or not ready.read_text():
            assert time.monotonic() < deadline, "the child did not start"
            time.sleep(0.1)
        child = int(ready.read_text())
        assert child in lab.descendants(proc.pid)
        started = time.monotonic()
        lab.stop_process_tree(proc, grace=1.0)
        assert proc.returncode == -signal.SIGKILL      # SIGTERM ignored: killed after the grace period
        assert time.monotonic() - started < 10
        deadline = time.monotonic() + 10
        while lab.is_running(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not lab.is_running(child), "the child in its own session was left running"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
