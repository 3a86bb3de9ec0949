"""Run JupyterLab for ``crmcourse lab``, and stop it together with its kernels.

JupyterLab runs in its own session (its own process group), so a terminal's Ctrl+C reaches only
``crmcourse lab``, which then stops the server cleanly; and ``kill <pid of crmcourse lab>``
(SIGTERM), a closed terminal (SIGHUP) or Ctrl+C all end the same way:

1. the processes below JupyterLab are noted first: its kernels run in sessions of their own
   (jupyter_client starts them so), out of reach of a signal to JupyterLab's group;
2. JupyterLab's process group gets SIGTERM; the server shuts its kernels down and exits, or
   gets SIGKILL after ``grace`` seconds;
3. any noted process still running (a kernel the server did not stop, a program a notebook
   started) gets SIGTERM, then SIGKILL after ``grace`` seconds.

Processes are listed from ``/proc`` (Linux) or ``ps`` (macOS, BSD). On Windows, JupyterLab is
only terminated (its kernels end when they notice their parent is gone).

>>> cmd = lab_command("/course/notebooks", port=8899, no_browser=True, token="")
>>> cmd[1:4]
['-m', 'jupyterlab', '00_start_here.ipynb']
>>> "--no-browser" in cmd and "--ServerApp.port=8899" in cmd
True
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Sequence

from crmcourse.paths import START_NOTEBOOK

__all__ = ["lab_command", "run_lab", "descendants", "is_running", "stop_process_tree", "STOP_SIGNALS",
           "GRACE_SECONDS"]

#: The signals after which ``crmcourse lab`` stops JupyterLab and its kernels.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
#: Seconds JupyterLab (then each leftover process) gets to stop before it is killed.
GRACE_SECONDS = 10.0
_POSIX = os.name == "posix"


class _StopRequested(Exception):
    """Raised by the signal handler to leave the wait for JupyterLab."""


def lab_command(root: str | os.PathLike, *, port: int = 8888, ip: str = "127.0.0.1", no_browser: bool = False,
                token: str | None = None, extra: Sequence[str] = ()) -> list[str]:
    """The JupyterLab command that serves ``root`` and opens its start notebook.

    Parameters
    ----------
    root : path
        The folder served (the learner ``notebooks/``); it holds ``00_start_here.ipynb``.
    port, ip : int, str
        Where the server listens.
    no_browser : bool
        Only print the address; open no browser.
    token : str, optional
        A fixed login token (``""`` for none); default: JupyterLab makes one.
    extra : sequence of str
        Further JupyterLab options, passed on unchanged.

    Returns
    -------
    list of str
        The command, starting with this Python interpreter.

    Raises
    ------
    OSError
        Only if ``root`` cannot be resolved.
    """
    # default_url makes the printed address (and the browser) open the start notebook itself
    cmd = [sys.executable, "-m", "jupyterlab", START_NOTEBOOK, f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
           f"--ServerApp.root_dir={Path(root)}", f"--ServerApp.port={port}", f"--ServerApp.ip={ip}"]
    if no_browser:
        cmd.append("--no-browser")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(extra)


def run_lab(cmd: Sequence[str], cwd: str | os.PathLike, *, grace: float = GRACE_SECONDS) -> int:
    """Run JupyterLab (``cmd``) in its own session until it exits or this process is told to stop.

    Parameters
    ----------
    cmd : sequence of str
        The JupyterLab command (see :func:`lab_command`).
    cwd : path
        The folder it runs in.
    grace : float
        Seconds JupyterLab, then each leftover process, gets to stop before it is killed.

    Returns
    -------
    int
        JupyterLab's exit code, or 0 when a stop signal (Ctrl+C, SIGTERM, SIGHUP) ended it.

    Raises
    ------
    OSError
        If JupyterLab cannot be started.
    """
    def request_stop(signum, frame):
        raise _StopRequested(signum)

    # handlers only work in the main thread; elsewhere the caller's own handling applies
    handle = threading.current_thread() is threading.main_thread()
    previous = {sig: signal.signal(sig, request_stop) for sig in STOP_SIGNALS} if handle else {}
    proc = None
    try:
        proc = subprocess.Popen(list(cmd), cwd=cwd, start_new_session=_POSIX)
        return proc.wait()
    except _StopRequested:
        return 0
    finally:
        for sig in previous:  # a second Ctrl+C or SIGTERM must not interrupt the shutdown itself
            signal.signal(sig, signal.SIG_IGN)
        try:
            if proc is not None:
                stop_process_tree(proc, grace=grace)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


# --------------------------------------------------------------------------- processes
def _proc_table() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, start time) of every process, from /proc or ``ps``; {} if neither works."""
    table: dict[int, tuple[int, str]] = {}
    if _has_proc():
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
            except OSError:  # the process ended while we looked
                continue
            fields = stat[stat.rfind(")") + 2:].split()  # after "pid (command) "
            if len(fields) > 19:
                table[int(entry.name)] = (int(fields[1]), fields[19])
        return table
    try:
        out = subprocess.run(["ps", "-A", "-o", "pid=", "-o", "ppid=", "-o", "lstart="], capture_output=True,
                             text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return table
    for line in out.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
            table[int(parts[0])] = (int(parts[1]), parts[2].strip())
    return table


def descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid`` (children, their children, …) as pid → start time.

    Parameters
    ----------
    pid : int
        The ancestor.

    Returns
    -------
    dict
        pid → start time (as the system reports it), so a pid reused later is not mistaken
        for the process seen now; empty when the process table cannot be read.

    Raises
    ------
    None
        A process table that cannot be read gives an empty result.

    Examples
    --------
    >>> os.getpid() in descendants(os.getppid())
    True
    """
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for child, (parent, _) in table.items():
        children.setdefault(parent, []).append(child)
    found: dict[int, str] = {}
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        if child not in found:
            found[child] = table[child][1]
            todo += children.get(child, [])
    return found


def _has_proc() -> bool:
    return Path("/proc/self/stat").exists()


def is_running(pid: int, started: str | None = None) -> bool:
    """True while ``pid`` is a live process (not a zombie) that started at ``started``.

    Parameters
    ----------
    pid : int
        The process.
    started : str, optional
        Its start time as :func:`descendants` reported it; a different process that got the
        same pid later is then not running. Only checked where ``/proc`` exists.

    Returns
    -------
    bool
        False once the process has ended (or is a zombie waiting to be reaped).

    Raises
    ------
    None
        A process that cannot be read counts as ended.

    Examples
    --------
    >>> is_running(os.getpid())
    True
    """
    if _has_proc():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
        fields = stat[stat.rfind(")") + 2:].split()
        return fields[0] not in ("Z", "X") and (started is None or fields[19] == started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _signal(pid: int, sig: int, *, group: bool) -> None:
    try:
        if group and _POSIX:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _wait_gone(pids: dict[int, str], timeout: float) -> dict[int, str]:
    deadline = time.monotonic() + timeout
    left = {p: s for p, s in pids.items() if is_running(p, s)}
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = {p: s for p, s in left.items() if is_running(p, s)}
    return left


def stop_process_tree(proc: subprocess.Popen, *, grace: float = GRACE_SECONDS) -> None:
    """Stop ``proc`` (started in its own session) and every process below it.

    Parameters
    ----------
    proc : subprocess.Popen
        The process, started with ``start_new_session=True`` on POSIX.
    grace : float
        Seconds given to ``proc``, then to the leftover processes, before SIGKILL.

    Returns
    -------
    None

    Raises
    ------
    None
        Processes that are already gone are skipped.
    """
    below = descendants(proc.pid)   # before anything stops: kernels run in sessions of their own
    if proc.poll() is None:
        if _POSIX:
            _signal(proc.pid, signal.SIGTERM, group=True)
        else:
            proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            if _POSIX:
                _signal(proc.pid, signal.SIGKILL, group=True)
            else:
                proc.kill()
            proc.wait()
    if not _POSIX:
        return
    below = _wait_gone(below, timeout=min(grace, 2.0))   # the server's own kernel shutdown, just finishing
    for pid in below:
        try:
            leader = os.getpgid(pid) == pid
        except OSError:  # gone meanwhile
            continue
        # a kernel leads its own process group: what it started stops with it
        _signal(pid, signal.SIGTERM, group=leader)
    for pid in _wait_gone(below, timeout=grace):
        _signal(pid, signal.SIGKILL, group=False)
