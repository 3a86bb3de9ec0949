"""Execute notebooks with nbclient: store solutions deterministically, run learner copies.

Solutions are stored executed. :func:`execute_in_place` runs one in a fresh kernel and
removes everything that would differ between two runs or two machines: timing metadata,
the Python patch version, and the random ids of widget models (renamed to stable ids
derived from the notebook's name), so re-executing an unchanged notebook gives the same file.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
>>> run(nb).cells[0].outputs[0]["text"]
'42\\n'
"""
from __future__ import annotations

import json
import os
import re
import time
import uuid
from pathlib import Path

import nbformat

__all__ = ["NotebookRunError", "run", "execute_in_place", "normalise", "working_folder", "KERNELSPEC"]

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
_NAMESPACE = uuid.UUID("5b1f2a53-7c43-4d0e-9a3e-63726d636f75")


class NotebookRunError(RuntimeError):
    """A notebook cell raised or timed out; the message names the cell and the error."""


def run(nb: nbformat.NotebookNode, *, cwd: str | os.PathLike | None = None, timeout: int = 600,
        allow_errors: bool = False) -> nbformat.NotebookNode:
    """Execute ``nb`` in a fresh ``python3`` kernel and return it (modified in place).

    Raises :class:`NotebookRunError` naming the failing cell unless ``allow_errors``.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    os.environ.setdefault("PYTHONHASHSEED", "0")
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
        record_timing=False, store_widget_state=True,
        resources={"metadata": {"path": str(cwd or Path.cwd())}},
    )
    try:
        client.execute()
    except CellTimeoutError as exc:
        raise NotebookRunError(f"a cell ran longer than {timeout} s: {str(exc)[:300]}") from None
    except CellExecutionError as exc:
        raise NotebookRunError(str(exc)[-1500:]) from None
    return nb


def normalise(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Make an executed notebook reproducible: plain kernelspec, no timings, stable widget ids.

    >>> nb = nbformat.v4.new_notebook()
    >>> nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    >>> normalise(nb, "x.ipynb").metadata["language_info"]
    {'name': 'python'}
    """
    nb.metadata = nbformat.from_dict({
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        **({"widgets": nb.metadata["widgets"]} if "widgets" in nb.metadata else {}),
        # a language edition's marker (``{"language": "zh"}``, see crmcourse.authoring.edition)
        **({"crmcourse": nb.metadata["crmcourse"]} if "crmcourse" in nb.metadata else {}),
    })
    for cell in nb.cells:
        for key in ("execution", "collapsed", "scrolled", "jupyter"):
            cell.metadata.pop(key, None)
    text = json.dumps(nb)
    ids: list[str] = []
    for found in re.findall(r'"model_id": "([0-9a-f]{32})"', text) + re.findall(r'"([0-9a-f]{32})": \{', text):
        if found not in ids:
            ids.append(found)
    for i, old in enumerate(ids):
        text = text.replace(old, uuid.uuid5(_NAMESPACE, f"{name}:{i}").hex)
    return nbformat.from_dict(json.loads(text))


#: Folders directly under ``solutions/`` holding a generated language edition.
EDITION_FOLDERS = ("zh",)


def working_folder(path: str | os.PathLike) -> Path:
    """The folder a solution notebook runs in: its own, or for a language edition the English one's.

    ``solutions/zh/05_crm_lab/01_tour.ipynb`` runs in ``solutions/05_crm_lab/``, so relative paths
    and the CRM lab's files resolve exactly as for the English notebook.

    >>> working_folder("solutions/zh/05_crm_lab/01_tour.ipynb").as_posix()
    'solutions/05_crm_lab'
    >>> working_folder("solutions/05_crm_lab/01_tour.ipynb").as_posix()
    'solutions/05_crm_lab'
    """
    parts = Path(path).parts
    for i in range(len(parts) - 2):
        if parts[i] == "solutions" and parts[i + 1] in EDITION_FOLDERS:
            return Path(*parts[:i + 1], *parts[i + 2:]).parent
    return Path(path).parent


def execute_in_place(path: str | os.PathLike, *, timeout: int = 600) -> float:
    """Execute a notebook file in its working folder, normalise it and write it back; returns seconds.

    The working folder is the notebook's own, or for a language edition the English notebook's
    (:func:`working_folder`). The file is written only when every cell ran.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    run(nb, cwd=working_folder(path), timeout=timeout)
    seconds = time.perf_counter() - start
    nb = normalise(nb, path.name)
    tmp = path.with_suffix(".ipynb.tmp")
    nbformat.write(nb, tmp)
    os.replace(tmp, path)
    return seconds
