"""Making sure nothing a notebook started outlives it: kill by tree, group, PID namespace and user id.

:func:`kill_run` ends one sandboxed run; :func:`kill_uid` sweeps a run's own user id;
:class:`StrayGuard` adopts and kills what detached notebooks leave behind when there is no sandbox.

>>> kill_uid(2_123_456_789)
0
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

__all__ = ["kill_run", "kill_uid", "descendants", "StrayGuard"]


def _uid_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Uid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def kill_uid(uid: int, *, rounds: int = 100) -> int:
    """SIGKILL every process running under ``uid`` until none is left.

    Parameters
    ----------
    uid : int
        A run's own user id (never the grader's).
    rounds : int, default 100
        Sweeps at most (a process may fork while the sweep runs).

    Returns
    -------
    int
        How many signals were sent.

    Raises
    ------
    None

    Examples
    --------
    >>> kill_uid(4_123_456_789)
    0
    """
    killed = 0
    if not os.path.isdir("/proc"):  # not Linux: nothing to sweep by user id
        return 0
    for _ in range(rounds):
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit() and _uid_of(int(p)) == uid and _alive(int(p))]
        if not pids:
            return killed
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        time.sleep(0.02)
    return killed


def descendants(root: int) -> set[int]:
    """Every process below ``root`` in the process tree (from ``/proc``; empty where there is none).

    Parameters
    ----------
    root : int
        A process id.

    Returns
    -------
    set of int

    Raises
    ------
    None

    Examples
    --------
    >>> os.getpid() in descendants(os.getppid())
    True
    """
    children: dict[int, list[int]] = {}
    if not os.path.isdir("/proc"):  # not Linux: the process group is all there is
        return set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[-1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found: set[int] = set()
    todo = [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            if pid not in found:
                found.add(pid)
                todo.append(pid)
    return found


class StrayGuard:
    """Without a sandbox: adopt every detached process the notebooks leave, and kill them all at the end.

    The grader becomes a *child subreaper* (Linux ``PR_SET_CHILD_SUBREAPER``): a process that
    double-forks and calls ``setsid`` to leave its notebook's process group is re-parented to the
    grader instead of to ``init``, so on leaving the ``with`` block every process that became the
    grader's descendant during the block is killed. With bubblewrap the PID namespace does this.

    Examples
    --------
    >>> with StrayGuard() as guard:
    ...     pass
    >>> guard.killed
    0
    """

    def __init__(self) -> None:
        self.killed = 0
        self.before: set[int] = set()
        self.active = False

    def __enter__(self) -> StrayGuard:
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                libc = ctypes.CDLL(None, use_errno=True)
                self.active = libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
                self.libc = libc
            except (OSError, AttributeError):
                self.active = False
            self.before = descendants(os.getpid())
        return self

    def __exit__(self, *exc) -> None:
        if not sys.platform.startswith("linux"):
            return
        for _ in range(100):
            strays = descendants(os.getpid()) - self.before
            if not strays:
                break
            for pid in strays:
                try:
                    os.kill(pid, signal.SIGKILL)
                    self.killed += 1
                except OSError:
                    pass
            for pid in strays:
                try:
                    os.waitpid(pid, os.WNOHANG)
                except OSError:
                    pass
            time.sleep(0.02)
        if self.active:
            self.libc.prctl(36, 0, 0, 0, 0)


def kill_run(proc: subprocess.Popen, child: int | None, uid: int | None) -> None:
    """Kill everything of one run: its process tree and group, its sandbox, its user id; then wait for them.

    Parameters
    ----------
    proc : subprocess.Popen
        The run's first process (the launcher, or bubblewrap), leader of its own process group.
    child : int, optional
        The sandbox's first process inside its PID namespace, as bubblewrap reported it: its
        death makes Linux kill every process of the namespace.
    uid : int, optional
        The run's own user id: whatever still runs under it is killed too.

    Returns
    -------
    None

    Raises
    ------
    None
    """
    # the kernel runs in a session of its own (jupyter_client starts it so): kill the tree, then the group
    for pid in descendants(proc.pid) if child is None else ():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # Windows: no process groups of this kind
            proc.kill()
    except OSError:
        pass
    if child is not None:  # the sandbox's first process: its death empties the PID namespace
        try:
            os.kill(child, signal.SIGKILL)
        except OSError:
            pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL cannot be refused
        pass
    if child is not None:
        end = time.monotonic() + 10
        while _alive(child) and time.monotonic() < end:
            time.sleep(0.02)
    if uid is not None:
        kill_uid(uid)
