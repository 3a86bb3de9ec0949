"""Generate learner notebooks from the worked solution notebooks.

``solutions/**/*.ipynb`` are the single source of truth (stored executed). The
learner copies under ``notebooks/`` (same relative paths) are generated from
them by this module and never edited by hand.

In a solution code cell the answer sits between nbgrader-style markers::

    ### BEGIN SOLUTION
    answer = round(spend.sum() / len(spend), 2)
    ### END SOLUTION
    check("m0_demo_mean", answer)

The learner copy keeps everything outside the markers and replaces the region
with a placeholder that still runs, so a learner can execute the notebook top
to bottom before answering anything::

    answer = ...  # YOUR ANSWER HERE
    check("m0_demo_mean", answer)

A region inside a markdown cell (a model answer) becomes
``*Write your answer here.*``; cells tagged ``solution`` are dropped; outputs,
execution counts and most metadata are removed.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
...     "### BEGIN SOLUTION\\nanswer = 6 * 7\\n### END SOLUTION\\nprint(answer)")])
>>> print(make_learner_notebook(nb).cells[0].source)
answer = ...  # YOUR ANSWER HERE
print(answer)

The command line entry is ``crmcourse learner [--check]`` (:mod:`crmcourse.cli`); leak
detection is in :mod:`crmcourse.authoring.leaks`.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import hashlib
import json
import os
from pathlib import Path

import nbformat

from crmcourse.authoring.markers import SOLUTION_TAG, MarkerError, cell_tags, source_text
from crmcourse.authoring.placeholders import (ANSWER_COMMENT, CODE_PLACEHOLDER, MARKDOWN_PLACEHOLDER,
                                              learner_source)
from crmcourse.errors import CourseDataError

__all__ = [
    "LearnerBuildError",
    "BuildReport",
    "make_learner_notebook",
    "render",
    "build",
    "learner_files",
    "notebooks_under",
    "MANIFEST_NAME",
    "BACKUP_DIR",
    "SOLUTION_TAG",
    "CODE_PLACEHOLDER",
    "ANSWER_COMMENT",
    "MARKDOWN_PLACEHOLDER",
    "LEARNER_METADATA",
]

#: Manifest file (inside the notebooks folder) recording what was last generated.
MANIFEST_NAME = ".generated.json"
#: Folder (inside the notebooks folder) receiving copies of hand-edited learner notebooks.
BACKUP_DIR = ".backup"

LEARNER_METADATA = {
    "kernelspec": {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    },
    "language_info": {"name": "python"},
}
_CELL_METADATA_KEYS = ("tags", "slideshow", "editable", "deletable")

_SKIP_DIRS = {".ipynb_checkpoints"}


class LearnerBuildError(CourseDataError):
    """A solution notebook cannot be turned into a learner notebook.

    Raised for unbalanced ``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers;
    the message names the notebook (when known), the cell index and the problem.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("### BEGIN SOLUTION\\nx = 1")])
    >>> try:
    ...     make_learner_notebook(nb, path="m0/demo.ipynb")
    ... except LearnerBuildError as err:
    ...     print(err)
    m0/demo.ipynb: cell 0: '### BEGIN SOLUTION' on line 1 has no matching '### END SOLUTION'
    """


# --------------------------------------------------------------------------- #
# Notebook transformation
# --------------------------------------------------------------------------- #

def _clean_metadata(metadata) -> dict:
    clean: dict = {}
    for key in _CELL_METADATA_KEYS:
        if key not in metadata:
            continue
        if key == "tags":
            tags = [t for t in (metadata["tags"] or []) if t != SOLUTION_TAG]
            if tags:
                clean["tags"] = tags
        else:
            clean[key] = copy.deepcopy(metadata[key])
    return clean


def _where(path, index: int) -> str:
    return f"{path}: cell {index}" if path is not None else f"cell {index}"


def make_learner_notebook(nb: nbformat.NotebookNode, *, path: str | os.PathLike | None = None
                          ) -> nbformat.NotebookNode:
    """Return the learner version of solution notebook *nb* (a new notebook; *nb* is untouched).

    * code cells: each ``### BEGIN SOLUTION`` … ``### END SOLUTION`` region becomes a
      placeholder that still runs: ``name = ...  # YOUR ANSWER HERE`` for every name the
      region binds at module scope (in order of first appearance), a stub
      ``def f(<same signature>):`` / ``class C(<same bases>):`` with body
      ``...  # YOUR CODE HERE`` for functions and classes, otherwise ``# YOUR CODE HERE``
      (plus ``pass`` inside an indented block). The region's indentation is kept and
      code outside the regions is kept verbatim;
    * markdown (and raw) cells: a region becomes ``*Write your answer here.*``;
    * cells tagged ``solution`` are dropped;
    * outputs and execution counts are cleared, cell metadata is reduced to
      ``tags`` (minus ``solution``), ``slideshow``, ``editable`` and ``deletable``;
      cell ids are kept;
    * notebook metadata is reset to a plain Python 3 kernelspec (a language edition keeps its
      ``crmcourse.language`` marker).

    *path* is only used in error messages. Unbalanced or nested markers raise
    :class:`LearnerBuildError`.

    >>> import nbformat
    >>> v4 = nbformat.v4
    >>> src = v4.new_notebook(cells=[
    ...     v4.new_code_cell("### BEGIN SOLUTION\\nlo, hi = 1, 9\\ndef mid(a, b=0):\\n    return (a + b) / 2\\n"
    ...                      "### END SOLUTION\\nprint(lo)", execution_count=3),
    ...     v4.new_markdown_cell("Why?\\n### BEGIN SOLUTION\\nBecause.\\n### END SOLUTION"),
    ...     v4.new_code_cell("print('secret')", metadata={"tags": ["solution"]}),
    ... ])
    >>> out = make_learner_notebook(src)
    >>> len(out.cells), out.cells[0].execution_count
    (2, None)
    >>> print(out.cells[0].source)
    lo = ...  # YOUR ANSWER HERE
    hi = ...  # YOUR ANSWER HERE
    def mid(a, b=0):
        ...  # YOUR CODE HERE
    print(lo)
    >>> print(out.cells[1].source)
    Why?
    *Write your answer here.*
    >>> src.cells[0].execution_count   # the input is untouched
    3
    """
    if nb.get("nbformat") != 4:
        nb = nbformat.convert(copy.deepcopy(nb), 4)
    minor = max(int(nb.get("nbformat_minor", 5)), 5)
    cells = []
    used_ids = {c.get("id") for c in nb.cells if c.get("id")}
    for index, cell in enumerate(nb.cells):
        if SOLUTION_TAG in cell_tags(cell):
            continue
        cell_type = cell.get("cell_type")
        try:
            source = learner_source(source_text(cell.get("source", "")), cell_type)
        except MarkerError as err:
            raise LearnerBuildError(f"{_where(path, index)}: {err}") from None
        cell_id = cell.get("id")
        if not cell_id:  # notebooks older than 4.5: derive a deterministic id
            n = index
            while f"cell-{n}" in used_ids:
                n += 1000
            cell_id = f"cell-{n}"
            used_ids.add(cell_id)
        new = {
            "cell_type": cell_type,
            "id": cell_id,
            "metadata": _clean_metadata(cell.get("metadata", {})),
            "source": source,
        }
        if cell_type == "code":
            new["outputs"] = []
            new["execution_count"] = None
        elif "attachments" in cell and cell_type in ("markdown", "raw"):
            new["attachments"] = copy.deepcopy(cell["attachments"])
        cells.append(new)
    metadata = copy.deepcopy(LEARNER_METADATA)
    language = (nb.get("metadata", {}).get("crmcourse") or {}).get("language")
    if isinstance(language, str):  # a language edition (solutions/zh/…) stays marked as one
        metadata["crmcourse"] = {"language": language}
    return nbformat.from_dict({
        "nbformat": 4,
        "nbformat_minor": minor,
        "metadata": metadata,
        "cells": cells,
    })


def render(nb: nbformat.NotebookNode) -> str:
    """Serialise *nb* exactly as :func:`nbformat.write` writes it to a file.

    That is ``nbformat.writes(nb)`` (sorted keys, indent 1) plus a trailing newline,
    so ``render(nb)`` is byte-for-byte what ``nbformat.write(nb, path)`` produces.

    >>> import nbformat
    >>> text = render(nbformat.v4.new_notebook())
    >>> text.endswith("}\\n"), text.startswith('{\\n "cells": []')
    (True, True)
    """
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


# --------------------------------------------------------------------------- #
# Building the notebooks folder
# --------------------------------------------------------------------------- #

@dataclasses.dataclass
class BuildReport:
    """What :func:`build` did (or, with ``check=True``, would do).

    All lists hold paths relative to the notebooks folder (``/``-separated).
    ``backed_up`` lists the backup copies made under ``.backup/``.

    >>> r = BuildReport(written=["m0/intro.ipynb"])
    >>> r.ok
    True
    >>> BuildReport(stale=["m0/intro.ipynb"], check=True).ok
    False
    """

    written: list[str] = dataclasses.field(default_factory=list)
    unchanged: list[str] = dataclasses.field(default_factory=list)
    backed_up: list[str] = dataclasses.field(default_factory=list)
    stale: list[str] = dataclasses.field(default_factory=list)
    missing: list[str] = dataclasses.field(default_factory=list)
    orphans: list[str] = dataclasses.field(default_factory=list)
    manifest_ok: bool = True
    check: bool = False

    @property
    def ok(self) -> bool:
        """True when nothing is stale or missing, there is no orphan and the manifest is current.

        >>> BuildReport(orphans=["old.ipynb"]).ok
        False
        """
        return not (self.stale or self.missing or self.orphans) and self.manifest_ok

    def summary(self) -> str:
        """A short human-readable report.

        >>> print(BuildReport(written=["a.ipynb"], unchanged=["b.ipynb"]).summary())
        learner notebooks: 1 written, 1 unchanged
          written: a.ipynb
        >>> print(BuildReport(missing=["a.ipynb"], manifest_ok=False, check=True).summary())
        learner notebooks (check): 1 missing, manifest stale or missing
          missing: a.ipynb
        """
        if self.check:
            counts = [f"{len(self.unchanged)} up to date"] if self.unchanged else []
            counts += [f"{len(self.stale)} stale"] if self.stale else []
            counts += [f"{len(self.missing)} missing"] if self.missing else []
            head = "learner notebooks (check)"
        else:
            counts = [f"{len(self.written)} written", f"{len(self.unchanged)} unchanged"]
            counts += [f"{len(self.backed_up)} backed up"] if self.backed_up else []
            head = "learner notebooks"
        if self.orphans:
            counts.append(f"{len(self.orphans)} orphan{'s' if len(self.orphans) > 1 else ''}")
        if not self.manifest_ok:
            counts.append(f"manifest {MANIFEST_NAME} stale or missing"
                          if not self.check else "manifest stale or missing")
        lines = [f"{head}: {', '.join(counts) if counts else 'nothing to do'}"]
        for label, items in (("written", self.written), ("backed up (hand-edited copy)", self.backed_up),
                             ("stale", self.stale), ("missing", self.missing),
                             ("orphan (no solution notebook; left alone)", self.orphans)):
            lines += [f"  {label}: {item}" for item in items]
        return "\n".join(lines)


def _sha256(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def notebooks_under(root: Path, *, skip_top: tuple[str, ...] = ()) -> list[str]:
    """Relative (posix) paths of ``*.ipynb`` under *root*, sorted, skipping checkpoints.

    Parameters
    ----------
    root : pathlib.Path
        The folder searched recursively; a missing folder holds no notebook.
    skip_top : tuple of str
        Top-level subfolders to leave out (e.g. ``(".backup",)``).

    Returns
    -------
    list of str
        ``/``-separated paths relative to *root*.

    Raises
    ------
    OSError
        If a folder cannot be listed.

    Examples
    --------
    >>> notebooks_under(Path("/no/such/folder"))
    []
    """
    if not root.is_dir():
        return []
    found = []
    for path in root.rglob("*.ipynb"):
        if not path.is_file():
            continue
        parts = path.relative_to(root).parts
        if any(p in _SKIP_DIRS for p in parts[:-1]) or (len(parts) > 1 and parts[0] in skip_top):
            continue
        found.append(Path(*parts).as_posix())
    return sorted(found)


def learner_files(notebooks_dir: Path) -> list[str]:
    """The learner notebooks under *notebooks_dir* (relative paths), backups left out.

    >>> learner_files(Path("/no/such/folder"))
    []
    """
    return notebooks_under(notebooks_dir, skip_top=(BACKUP_DIR,))


def _manifest_text(manifest: dict[str, str]) -> str:
    return json.dumps(manifest, sort_keys=True, indent=1) + "\n"


def _read_manifest(notebooks_dir: Path) -> tuple[dict[str, str], str | None]:
    path = notebooks_dir / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    try:
        data = json.loads(text)
    except ValueError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return {str(k): str(v) for k, v in data.items()}, text


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _timestamp() -> str:
    return _dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _require_folder(path: Path, purpose: str) -> None:
    """Refuse, with a clear message, a file standing where a folder must be."""
    if path.exists() and not path.is_dir():
        raise LearnerBuildError(
            f"{path} is a file, but {purpose} go in a folder of that name",
            fix=f"rename or delete the file {path}, then run `crmcourse learner` again")


def _backup(notebooks_dir: Path, rel: str, data: bytes) -> str:
    """Copy *data* (an edited learner notebook) to a fresh file under ``.backup/``."""
    backup_dir = notebooks_dir / BACKUP_DIR
    _require_folder(backup_dir, "copies of hand-edited learner notebooks")
    backup_dir.mkdir(parents=True, exist_ok=True)
    stem = rel[: -len(".ipynb")] if rel.endswith(".ipynb") else rel
    stem = stem.replace("/", "__")
    stamp = _timestamp()
    counter = 0
    while True:
        suffix = f"{stamp}" if counter == 0 else f"{stamp}-{counter}"
        target = backup_dir / f"{stem}.{suffix}.ipynb"
        try:
            with open(target, "xb") as fh:  # "x": never overwrite an existing backup
                fh.write(data)
        except FileExistsError:
            counter += 1
            continue
        return f"{BACKUP_DIR}/{target.name}"


def build(solutions_dir: str | os.PathLike, notebooks_dir: str | os.PathLike,
          check: bool = False) -> BuildReport:
    """Generate every learner notebook under *notebooks_dir* from *solutions_dir*.

    Each ``*.ipynb`` below *solutions_dir* (recursive, sorted, ``.ipynb_checkpoints``
    skipped) gets a learner copy at the same relative path. ``notebooks_dir/.generated.json``
    records the sha256 of each generated text. A learner notebook that was edited by hand
    (its hash matches neither the manifest nor the new text) is first copied to
    ``notebooks_dir/.backup/<relpath with / as __>.<YYYYmmdd-HHMMSS>.ipynb``. Learner
    notebooks without a solution are reported as orphans and never deleted.

    With ``check=True`` nothing is written; the report lists stale, missing and orphan
    notebooks and whether the manifest is current (``report.ok``).

    Parameters
    ----------
    solutions_dir, notebooks_dir : path
        The worked notebooks (read) and the learner notebooks (written unless ``check``).
    check : bool, default False
        Compare only; write nothing.

    Returns
    -------
    BuildReport
        What was written, unchanged, backed up, stale, missing or orphaned.

    Raises
    ------
    LearnerBuildError
        A solution notebook cannot be read or has unbalanced markers (nothing is written
        then), or a file stands where the notebooks folder or its ``.backup`` folder must be.

    Examples
    --------
    >>> import tempfile, nbformat
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sol, nbs = Path(tmp, "solutions"), Path(tmp, "notebooks")
    ...     (sol / "m0").mkdir(parents=True)
    ...     nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...         "### BEGIN SOLUTION\\nx = 1\\n### END SOLUTION")]), sol / "m0" / "a.ipynb")
    ...     print(build(sol, nbs).written, build(sol, nbs, check=True).ok)
    ...     print(sorted(p.name for p in nbs.iterdir()))
    ['m0/a.ipynb'] True
    ['.generated.json', 'm0']
    """
    solutions_dir, notebooks_dir = Path(solutions_dir), Path(notebooks_dir)
    _require_folder(notebooks_dir, "the learner notebooks")
    report = BuildReport(check=check)

    # 1. generate everything in memory first, so a broken solution writes nothing
    generated: dict[str, str] = {}
    for rel in notebooks_under(solutions_dir):
        src_path = solutions_dir / rel
        try:
            nb = nbformat.reads(src_path.read_text(encoding="utf-8"), as_version=4)
        except Exception as err:  # noqa: BLE001 - report which file is broken
            raise LearnerBuildError(f"{src_path}: cannot read notebook: {err}") from err
        generated[rel] = render(make_learner_notebook(nb, path=src_path))

    old_manifest, old_manifest_text = _read_manifest(notebooks_dir)
    new_manifest = {rel: _sha256(text) for rel, text in generated.items()}
    new_manifest_text = _manifest_text(new_manifest)
    report.orphans = [rel for rel in learner_files(notebooks_dir) if rel not in generated]

    # 2. compare; hand-edited copies are backed up before anything is replaced
    plan: list[tuple[str, bytes, bool]] = []
    for rel, text in generated.items():
        target = notebooks_dir / rel
        data = text.encode("utf-8")
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            current = None
        if current == data:
            report.unchanged.append(rel)
        elif check:
            (report.missing if current is None else report.stale).append(rel)
        else:
            plan.append((rel, data, current is not None and _sha256(current) != old_manifest.get(rel)))
    if any(edited for _, _, edited in plan):
        _require_folder(notebooks_dir / BACKUP_DIR, "copies of hand-edited learner notebooks")

    # 3. write
    for rel, data, edited in plan:
        target = notebooks_dir / rel
        if edited:
            report.backed_up.append(_backup(notebooks_dir, rel, target.read_bytes()))
        _write_atomic(target, data)
        report.written.append(rel)

    if check:
        report.manifest_ok = (old_manifest_text == new_manifest_text
                              or (old_manifest_text is None and not generated))
    else:
        if old_manifest_text != new_manifest_text:
            _write_atomic(notebooks_dir / MANIFEST_NAME, new_manifest_text.encode("utf-8"))
        report.manifest_ok = True
    return report

