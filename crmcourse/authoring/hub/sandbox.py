"""Bubblewrap around each learner server: the system read-only, only the learner's own home writable.

Every learner server of the classroom hub runs as the same system user (JupyterHub's
``SimpleLocalProcessSpawner``). The hub itself keeps learners out of each other's servers (a
learner's token opens only their own URLs), but code a learner runs in their kernel could read
any file that user can. When ``bwrap`` (Debian's ``bubblewrap``) works on the machine, the
hub's ``pre_spawn_hook`` starts each learner server inside :func:`sandbox_command`:

* ``/`` read-only, a fresh ``/dev``, ``/proc`` and ``/tmp``;
* the hub folder replaced by an empty tmpfs — its database, cookie secret, account hashes and
  every other learner's home are not there — with only the learner's own home bound back in
  (and, read-only, the learners' Jupyter configuration, ``learner-config/``);
* its own process table (``--unshare-pid``: no other learner's server, environment or token
  is visible), IPC and host name; every capability dropped; it ends with its parent.

The network is shared: the server must reach the hub's API on the loopback.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

__all__ = ["bwrap_executable", "bwrap_works", "sandbox_command"]


def bwrap_executable() -> str | None:
    """The ``bwrap`` executable when it is installed and can make a sandbox here, else None.

    Returns
    -------
    str or None

    Raises
    ------
    None
    """
    return shutil.which("bwrap") if bwrap_works() else None


def bwrap_works() -> bool:
    """True when bubblewrap is installed and can make a sandbox here (namespaces allowed).

    Returns
    -------
    bool

    Raises
    ------
    None
    """
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return False
    try:
        done = subprocess.run([bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                               "--unshare-pid", "--die-with-parent", "true"],
                              capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def sandbox_command(hub_dir: str | os.PathLike, home: str | os.PathLike, bwrap: str = "bwrap", *,
                    read_only: tuple[str | os.PathLike, ...] = ()) -> list[str]:
    """The bubblewrap prefix that runs one learner server with only its own home visible and writable.

    Parameters
    ----------
    hub_dir : path
        The hub's folder: hidden (an empty tmpfs) inside the sandbox — its database, cookie
        secret, accounts and every other learner's home.
    home : path
        The learner's home, bound back in, writable.
    bwrap : str
        The bubblewrap executable.
    read_only : tuple of path
        Folders of the hub folder bound back in read-only (the learners' Jupyter configuration).

    Returns
    -------
    list of str
        Arguments up to and including ``--``; the server command follows.

    Raises
    ------
    None

    Examples
    --------
    >>> cmd = sandbox_command("/srv/hub", "/srv/hub/homes/alice")
    >>> cmd[cmd.index("--tmpfs", 9) + 1], cmd[cmd.index("--bind") + 1], cmd[-1]
    ('/srv/hub', '/srv/hub/homes/alice', '--')
    """
    hub_dir, home = str(Path(hub_dir)), str(Path(home))
    shared = [arg for folder in read_only for arg in ("--ro-bind", str(folder), str(folder))]
    # A fresh /tmp hides everything below it: when Python, the venv or the course package itself
    # live under /tmp (a CI clone, a throw-away venv), bind them back in, read-only.
    software = [arg for folder in _software_under_tmp() for arg in ("--ro-bind", folder, folder)]
    return [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
            *software, "--tmpfs", hub_dir, *shared, "--bind", home, home, "--chdir", home,
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--cap-drop", "ALL",
            "--die-with-parent", "--"]


def _software_under_tmp() -> list[str]:
    """Folders the learner server needs that a fresh ``/tmp`` would hide (Python, the package, its data)."""
    import sys

    import crmcourse
    import crmcourse.datasets

    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix,
               str(Path(crmcourse.__file__).resolve().parent),
               str(Path(crmcourse.datasets.__file__).resolve().parent)}
    tmp = Path("/tmp")
    found = []
    for folder in sorted(folders):
        path = Path(folder).resolve()
        if path.exists() and tmp in path.parents:
            found.append(str(path))
    return found

