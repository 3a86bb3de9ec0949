"""Learner homes on the hub: a fresh copy of the course at first login, updates that back up first.

Every learner's home is ``<hub dir>/homes/<learner>/``; their JupyterLab opens there. Before a
learner's server starts, the hub runs :func:`populate_home` (the spawner's ``pre_spawn_hook``,
see :func:`pre_spawn_hook`):

* at the first start, the course's learner notebooks are copied in — everything under
  ``notebooks/``, so ``00_start_here.ipynb`` is at the top and the Chinese edition (``zh/``)
  comes along once the course has one — with ``.generated.json``, the hash of every file, the
  record ``crmcourse learner`` keeps; a marker file ``.crmcourse-home.json`` records the copy;
* at every later start nothing is copied: a learner's notebooks are never overwritten.

A course update reaches the homes only when the trainer runs ``crmcourse hub update``
(:func:`update_homes`): it applies :func:`crmcourse.authoring.learner.build` to each home — the
rule of ``crmcourse learner``: a notebook the learner never changed is replaced, one they changed
is first copied to ``.backup/<name>.<timestamp>.ipynb``, and their own files are left alone.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     course, home = Path(tmp, "course"), Path(tmp, "homes", "alice")
...     (course / "m1").mkdir(parents=True)
...     _ = (course / "00_start_here.ipynb").write_text("{}")
...     _ = (course / "m1" / "a.ipynb").write_text("{}")
...     print(populate_home(home, course))
...     _ = (home / "m1" / "a.ipynb").write_text("my answers")
...     print(populate_home(home, course), (home / "m1" / "a.ipynb").read_text())
2
0 my answers
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from pathlib import Path

__all__ = ["HOME_MARKER", "HOMES_DIR", "populate_home", "pre_spawn_hook", "learner_homes", "update_homes",
           "course_source"]

#: Marker in a learner home: the course was copied there (JSON: when, from where, how many files).
HOME_MARKER = ".crmcourse-home.json"
#: Sub-folder of the hub folder that holds one home per learner.
HOMES_DIR = "homes"
_MANIFEST = ".generated.json"      # the name crmcourse.authoring.learner uses
_SKIP = {".ipynb_checkpoints", ".backup", "__pycache__"}


def course_source() -> Path:
    """The learner notebooks the hub copies into homes: the checkout's ``notebooks/``, else the installed copy.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    crmcourse.authoring.workspace.WorkspaceError
        If the course notebooks are not found.

    Examples
    --------
    >>> (course_source() / "00_start_here.ipynb").is_file()
    True
    """
    from crmcourse.authoring.workspace import course_files

    return course_files().notebooks


def _course_files(course: Path) -> list[str]:
    found = []
    for path in course.rglob("*"):
        rel = path.relative_to(course)
        if path.is_file() and not any(part in _SKIP for part in rel.parts) and rel.as_posix() != _MANIFEST:
            found.append(rel.as_posix())
    return sorted(found)


def populate_home(home: str | os.PathLike, course: str | os.PathLike) -> int:
    """Copy the course into ``home`` if it was never copied there; return the number of files copied.

    Parameters
    ----------
    home : path
        The learner's home (created if missing).
    course : path
        The learner notebooks to copy (a ``notebooks/`` folder; its ``zh/`` comes along).

    Returns
    -------
    int
        Files copied: all of them at the first call, 0 afterwards (nothing is ever overwritten).

    Raises
    ------
    OSError
        If the home cannot be written.
    """
    home, course = Path(home), Path(course)
    home.mkdir(parents=True, exist_ok=True)
    marker = home / HOME_MARKER
    if marker.exists():
        return 0
    manifest: dict[str, str] = {}
    copied = 0
    for rel in _course_files(course):
        target = home / rel
        data = (course / rel).read_bytes()
        if rel.endswith(".ipynb"):
            manifest[rel] = hashlib.sha256(data).hexdigest()
        if target.exists():      # a file of the learner's own: never overwritten
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        copied += 1
    (home / _MANIFEST).write_text(json.dumps(manifest, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    info = {"copied": copied, "from": str(course), "at": _dt.datetime.now().isoformat(timespec="seconds")}
    marker.write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return copied


def pre_spawn_hook(course: str | os.PathLike, *, sandbox: str | os.PathLike | None = None,
                   bwrap: str = "bwrap", server_cmd: list[str] | None = None,
                   read_only: tuple[str, ...] = ()):
    """The spawner hook (``c.Spawner.pre_spawn_hook``) that populates a learner's home before their server starts.

    Parameters
    ----------
    course : path
        The learner notebooks to copy at a first login.
    sandbox : path, optional
        The hub folder: when given, the learner's server runs inside bubblewrap
        (:func:`crmcourse.authoring.hub.sandbox.sandbox_command`) with this folder hidden but
        for the learner's own home.
    bwrap : str
        The bubblewrap executable (with ``sandbox``).
    server_cmd : list of str, optional
        The learner server command run inside the sandbox (default: the spawner's ``cmd``).
    read_only : tuple of str
        Folders of the hub folder the sandbox binds back in read-only.

    Returns
    -------
    callable
        ``hook(spawner)``: calls :func:`populate_home` on ``spawner.home_dir`` (JupyterHub's
        local process spawners), else on ``spawner.notebook_dir``, then sets the sandbox.

    Raises
    ------
    None
        Errors surface when the hook runs (the spawn then fails with the reason in the hub log).

    Examples
    --------
    >>> callable(pre_spawn_hook("/srv/course/notebooks"))
    True
    """
    from crmcourse.authoring.hub.sandbox import sandbox_command

    course = Path(course)

    def populate(spawner) -> None:
        home = getattr(spawner, "home_dir", None) or spawner.notebook_dir
        copied = populate_home(home, course)
        if copied:
            spawner.log.info("crmcourse: copied %d course file(s) into %s", copied, home)
        if sandbox is not None:
            spawner.cmd = (sandbox_command(sandbox, home, bwrap, read_only=read_only)
                           + list(server_cmd or spawner.cmd))

    return populate


def learner_homes(hub_dir: str | os.PathLike) -> dict[str, Path]:
    """The populated learner homes of a hub: learner name → home folder, sorted by name.

    Parameters
    ----------
    hub_dir : path
        The hub's folder.

    Returns
    -------
    dict of str to pathlib.Path
        Only homes that received the course (a learner who never logged in has none).

    Raises
    ------
    None

    Examples
    --------
    >>> learner_homes("/no/such/hub")
    {}
    """
    root = Path(hub_dir) / HOMES_DIR
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if p.is_dir() and (p / HOME_MARKER).is_file()}


def update_homes(hub_dir: str | os.PathLike, solutions: str | os.PathLike | None = None) -> dict:
    """Bring every learner home up to the current course, by the back-up-first rule of ``crmcourse learner``.

    Parameters
    ----------
    hub_dir : path
        The hub's folder.
    solutions : path, optional
        The worked notebooks the learner copies are generated from (default: the course's).

    Returns
    -------
    dict of str to BuildReport
        Learner → :class:`crmcourse.authoring.learner.BuildReport` (``written``, ``backed_up`` …).

    Raises
    ------
    crmcourse.authoring.learner.LearnerBuildError
        If a solution notebook is broken (nothing is written into any home then).
    """
    from crmcourse.authoring.learner import build
    from crmcourse.authoring.workspace import course_files

    solutions = Path(solutions) if solutions is not None else course_files().solutions
    reports = {}
    for learner, home in learner_homes(hub_dir).items():
        reports[learner] = build(solutions, home)
    return reports

