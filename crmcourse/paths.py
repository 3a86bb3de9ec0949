"""Where the course lives on disk: the checkout, its data folder, solutions and learner notebooks.

The command line and the authoring tools (learner generation, grading, the site) all start from
:func:`project_root`; nothing here imports pandas, numpy or another crmcourse module.

>>> (project_root() / "pyproject.toml").is_file()
True
>>> solutions_dir().name, notebooks_dir().name
('solutions', 'notebooks')
"""
from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

__all__ = ["project_root", "data_dir", "solutions_dir", "notebooks_dir", "START_NOTEBOOK"]

#: The notebook a learner opens first (``notebooks/00_start_here.ipynb``).
START_NOTEBOOK = "00_start_here.ipynb"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _is_course_checkout(folder: Path) -> bool:
    pyproject = folder / "pyproject.toml"
    return pyproject.is_file() and 'name = "crmcourse"' in pyproject.read_text(encoding="utf-8", errors="ignore")


def project_root(start: str | os.PathLike | None = None) -> Path:
    """The checkout that holds crmcourse's ``pyproject.toml``, searched upwards from ``start``.

    Parameters
    ----------
    start : path, optional
        Where to start looking (default: the current folder). When neither it nor a parent
        is the course checkout, the folder above the installed package is tried (an editable
        install), then the current folder is returned.

    Returns
    -------
    pathlib.Path
        The course checkout, or the current folder when none is found.

    Raises
    ------
    OSError
        Only if the current folder itself cannot be read.

    Examples
    --------
    >>> root = project_root()
    >>> (root / "solutions").is_dir()
    True
    >>> project_root(root / "crmcourse" / "exercises") == root
    True
    """
    candidates = [Path(start or Path.cwd()).resolve(), _PACKAGE_DIR.parent]
    for base in candidates:
        for folder in (base, *base.parents):
            if _is_course_checkout(folder):
                return folder
    return Path.cwd()


def data_dir() -> Path:
    """The folder of the case data: the checkout's ``data/``, else the installed ``crmcourse.datasets``.

    Returns
    -------
    pathlib.Path
        The folder holding ``tables.yml`` and the case CSV files.

    Raises
    ------
    ModuleNotFoundError
        If crmcourse is installed without its data package (an incomplete install).

    Examples
    --------
    >>> (data_dir() / "tables.yml").is_file()
    True
    """
    checkout = _PACKAGE_DIR.parent / "data"
    if (checkout / "tables.yml").is_file():
        return checkout
    return Path(str(importlib.resources.files("crmcourse.datasets")))


def solutions_dir(root: str | os.PathLike | None = None) -> Path:
    """``<project>/solutions``: the worked notebooks, the single source of truth.

    Parameters
    ----------
    root : path, optional
        The course checkout (default: :func:`project_root`).

    Returns
    -------
    pathlib.Path
        The folder (it may not exist in an incomplete checkout).

    Raises
    ------
    OSError
        Only if the current folder cannot be read (see :func:`project_root`).

    Examples
    --------
    >>> solutions_dir("/course").as_posix()
    '/course/solutions'
    """
    return Path(root) / "solutions" if root is not None else project_root() / "solutions"


def notebooks_dir(root: str | os.PathLike | None = None) -> Path:
    """``<project>/notebooks``: the learner notebooks generated from the solutions.

    Parameters
    ----------
    root : path, optional
        The course checkout (default: :func:`project_root`).

    Returns
    -------
    pathlib.Path
        The folder (it may not exist before ``crmcourse learner`` first runs).

    Raises
    ------
    OSError
        Only if the current folder cannot be read (see :func:`project_root`).

    Examples
    --------
    >>> notebooks_dir("/course").as_posix()
    '/course/notebooks'
    """
    return Path(root) / "notebooks" if root is not None else project_root() / "notebooks"
