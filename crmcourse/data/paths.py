"""Where the files shipped with the course are: :func:`data_path`.

The top-level ``data/`` folder of the repository is installed as the ``crmcourse.datasets``
package, so the path is found with :mod:`importlib.resources` whether the course runs from a
checkout or from an installed wheel.
"""
from __future__ import annotations

import importlib.resources
import os
from pathlib import Path
from typing import Any

from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _

__all__ = ["data_path"]


def data_path(relative: Any = "") -> Path:
    """Path of a file shipped in the course's ``data/`` folder.

    Parameters
    ----------
    relative : str or os.PathLike, default ""
        A path inside ``data/`` such as ``"tables.yml"`` or ``"huaxin/accounts.csv"``; empty for
        the folder itself. The file need not exist (loaders say so when it is missing).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    CourseDataError
        ``relative`` is not text, is an absolute path, or contains a NUL character.

    Examples
    --------
    >>> data_path("tables.yml").name
    'tables.yml'
    >>> data_path(3)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: data_path needs a path inside data/ as text, got int. Fix: e.g. data_path('huaxin/accounts.csv').
    """
    fix = _("e.g. data_path('huaxin/accounts.csv')")
    if isinstance(relative, os.PathLike) and not isinstance(relative, str):
        try:
            relative = os.fspath(relative)
        except Exception:
            relative = None
    if not isinstance(relative, str):
        raise CourseDataError(
            _("data_path needs a path inside data/ as text, got {type}").format(type=type(relative).__name__), fix=fix)
    relative = str.__str__(relative)  # a str subclass becomes plain text
    if "\x00" in relative:
        raise CourseDataError(_("the path contains a NUL character"), fix=fix)
    if os.path.isabs(relative):
        raise CourseDataError(_("data_path takes a path inside data/, got the absolute path {path}").format(
            path=repr(relative)), fix=fix)
    root = importlib.resources.files("crmcourse.datasets")
    return Path(str(root.joinpath(relative))) if relative else Path(str(root))
