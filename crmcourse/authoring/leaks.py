"""Leak detection: does a learner notebook give a solution away?

``crmcourse learner --check`` runs :func:`find_leaks` after comparing the learner notebooks
with what :func:`crmcourse.authoring.learner.build` would write.
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat

from crmcourse.authoring.learner import learner_files
from crmcourse.authoring.markers import SOLUTION_TAG, MarkerError, cell_tags, source_text, split_regions
from crmcourse.authoring.placeholders import code_placeholder, markdown_placeholder

__all__ = ["find_leaks", "MIN_LEAK_LINE"]

#: Shorter solution lines (``x = 1``) are too common to count as a leak.
MIN_LEAK_LINE = 12


def _secret_lines(nb: nbformat.NotebookNode) -> set[str]:
    """Stripped solution lines (>= 12 chars) that appear nowhere outside the solutions."""
    inside: set[str] = set()
    outside: set[str] = set()
    allowed: set[str] = set()   # lines the generator itself emits (e.g. ``def f(x):`` stubs)
    for cell in nb.cells:
        source = source_text(cell.get("source", ""))
        if SOLUTION_TAG in cell_tags(cell):
            inside.update(line.strip() for line in source.splitlines())
            continue
        for part in split_regions(source):
            if isinstance(part, str):
                outside.add(part.strip())
                continue
            inside.update(line.strip() for line in part.body)
            stubs = (code_placeholder(part) if cell.get("cell_type") == "code"
                     else markdown_placeholder(part))
            allowed.update(line.strip() for line in stubs)
    return {line for line in inside - outside - allowed if len(line) >= MIN_LEAK_LINE}


def find_leaks(solutions_dir: str | os.PathLike, notebooks_dir: str | os.PathLike) -> list[str]:
    """Problems in the learner notebooks that could give answers away (``[]`` when clean).

    Flags, per file and cell index: ``BEGIN SOLUTION``/``END SOLUTION`` text, cells tagged
    ``solution``, stored outputs or execution counts, and any line of a solution region
    (or ``solution``-tagged cell) of the matching solution notebook, at least 12 characters
    long once stripped and not also present outside the solution regions there.

    Parameters
    ----------
    solutions_dir, notebooks_dir : path
        The worked notebooks and the learner notebooks generated from them.

    Returns
    -------
    list of str
        One line per problem, ``<file>: cell <i>: <what>``; an unreadable notebook is a problem
        too, never an exception.

    Raises
    ------
    OSError
        If a folder cannot be listed.

    Examples
    --------
    >>> import tempfile, nbformat
    >>> from pathlib import Path
    >>> from crmcourse.authoring.learner import build
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sol, nbs = Path(tmp, "solutions"), Path(tmp, "notebooks")
    ...     sol.mkdir(); nbs.mkdir()
    ...     nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...         "### BEGIN SOLUTION\\nanswer = 6 * 7 + 0\\n### END SOLUTION")]), sol / "a.ipynb")
    ...     _ = build(sol, nbs)
    ...     print(find_leaks(sol, nbs))
    ...     nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...         "answer = 6 * 7 + 0")]), nbs / "a.ipynb")
    ...     print(len(find_leaks(sol, nbs)))
    []
    1
    """
    solutions_dir, notebooks_dir = Path(solutions_dir), Path(notebooks_dir)
    problems: list[str] = []
    for rel in learner_files(notebooks_dir):
        where = (notebooks_dir / rel).as_posix()
        try:
            learner = nbformat.reads((notebooks_dir / rel).read_text(encoding="utf-8"), as_version=4)
        except Exception as err:  # noqa: BLE001
            problems.append(f"{where}: cannot read notebook: {err}")
            continue
        secrets: set[str] = set()
        sol_path = solutions_dir / rel
        if sol_path.is_file():
            try:
                secrets = _secret_lines(nbformat.reads(sol_path.read_text(encoding="utf-8"),
                                                       as_version=4))
            except MarkerError as err:
                problems.append(f"{where}: cannot compare with {sol_path.as_posix()}: {err}")
            except Exception as err:  # noqa: BLE001
                problems.append(f"{where}: cannot read {sol_path.as_posix()}: {err}")
        for index, cell in enumerate(learner.cells):
            at = f"{where}: cell {index}"
            source = source_text(cell.get("source", ""))
            for marker in ("BEGIN SOLUTION", "END SOLUTION"):
                if marker in source:
                    problems.append(f"{at}: contains '{marker}' marker text")
            if SOLUTION_TAG in cell_tags(cell):
                problems.append(f"{at}: cell is tagged '{SOLUTION_TAG}'")
            if cell.get("cell_type") == "code":
                if cell.get("outputs"):
                    problems.append(f"{at}: has stored outputs")
                if cell.get("execution_count") is not None:
                    problems.append(f"{at}: has an execution count")
            seen: set[str] = set()
            for line in source.splitlines():
                stripped = line.strip()
                if stripped in secrets and stripped not in seen:
                    seen.add(stripped)
                    problems.append(f"{at}: solution line leaked: {stripped!r}")
    return problems

