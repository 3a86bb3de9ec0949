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

The command line entry is ``crmcourse learner [--check]`` (see :func:`main`).
"""
from __future__ import annotations

import argparse
import ast
import copy
import dataclasses
import datetime as _dt
import hashlib
import json
import os
import re
import sys
import textwrap
from pathlib import Path
from typing import Iterable

import nbformat

__all__ = [
    "LearnerBuildError",
    "BuildReport",
    "make_learner_notebook",
    "render",
    "build",
    "find_leaks",
    "main",
    "MANIFEST_NAME",
    "BACKUP_DIR",
]

#: Manifest file (inside the notebooks folder) recording what was last generated.
MANIFEST_NAME = ".generated.json"
#: Folder (inside the notebooks folder) receiving copies of hand-edited learner notebooks.
BACKUP_DIR = ".backup"

SOLUTION_TAG = "solution"
CODE_PLACEHOLDER = "# YOUR CODE HERE"
ANSWER_COMMENT = "# YOUR ANSWER HERE"
MARKDOWN_PLACEHOLDER = "*Write your answer here.*"

LEARNER_METADATA = {
    "kernelspec": {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    },
    "language_info": {"name": "python"},
}
_CELL_METADATA_KEYS = ("tags", "slideshow", "editable", "deletable")

_BEGIN_RE = re.compile(r"^(?P<indent>[ \t]*)#+[ \t]*BEGIN SOLUTION[ \t]*$")
_END_RE = re.compile(r"^(?P<indent>[ \t]*)#+[ \t]*END SOLUTION[ \t]*$")
_SKIP_DIRS = {".ipynb_checkpoints"}
_MIN_LEAK_LINE = 12


class LearnerBuildError(ValueError):
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


class _MarkerError(Exception):
    """Internal: marker problem inside one cell (no cell/notebook context yet)."""


# --------------------------------------------------------------------------- #
# Splitting a cell source into plain text and solution regions
# --------------------------------------------------------------------------- #

@dataclasses.dataclass
class _Region:
    begin_line: str          # the BEGIN marker line (with its line ending)
    body: list[str]          # lines between the markers (with line endings)
    end_line: str            # the END marker line (may lack a final newline)


def _source_text(source) -> str:
    return "".join(source) if isinstance(source, list) else (source or "")


def _split(source: str) -> list[str | _Region]:
    """Split *source* into verbatim lines (str) and :class:`_Region` items.

    Raises :class:`_MarkerError` for unbalanced or nested markers.
    """
    parts: list[str | _Region] = []
    open_region: _Region | None = None
    open_lineno = 0
    for lineno, line in enumerate(source.splitlines(keepends=True), start=1):
        bare = line.rstrip("\r\n")
        if _BEGIN_RE.match(bare):
            if open_region is not None:
                raise _MarkerError(
                    f"nested '### BEGIN SOLUTION' on line {lineno} "
                    f"(the one on line {open_lineno} is not closed yet)")
            open_region, open_lineno = _Region(line, [], ""), lineno
        elif _END_RE.match(bare):
            if open_region is None:
                raise _MarkerError(
                    f"'### END SOLUTION' on line {lineno} has no matching '### BEGIN SOLUTION'")
            open_region.end_line = line
            parts.append(open_region)
            open_region = None
        elif open_region is not None:
            open_region.body.append(line)
        else:
            parts.append(line)
    if open_region is not None:
        raise _MarkerError(
            f"'### BEGIN SOLUTION' on line {open_lineno} has no matching '### END SOLUTION'")
    return parts


# --------------------------------------------------------------------------- #
# Placeholders
# --------------------------------------------------------------------------- #

def _target_names(target: ast.AST, out: dict[str, ast.AST]) -> None:
    if isinstance(target, ast.Name):
        out.setdefault(target.id, target)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for elt in target.elts:
            _target_names(elt, out)
    elif isinstance(target, ast.Starred):
        _target_names(target.value, out)
    # attributes and subscripts (``df["x"] = ...``) bind no name


def _bound_names(stmts: Iterable[ast.stmt], out: dict[str, ast.AST]) -> None:
    """Names bound at module scope by *stmts*, in order of first appearance.

    Looks inside ``if``/``for``/``while``/``with``/``try``/``match`` bodies (still
    module scope) but not inside ``def``/``class`` bodies; a ``for`` target
    or ``with ... as`` name is not an answer.
    """
    for stmt in stmts:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.setdefault(stmt.name, stmt)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                _target_names(target, out)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                _target_names(stmt.target, out)
        elif isinstance(stmt, ast.AugAssign):
            _target_names(stmt.target, out)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While, ast.If)):
            _bound_names(stmt.body, out)
            _bound_names(stmt.orelse, out)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            _bound_names(stmt.body, out)
        elif isinstance(stmt, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            _bound_names(stmt.body, out)
            for handler in stmt.handlers:
                _bound_names(handler.body, out)
            _bound_names(stmt.orelse, out)
            _bound_names(stmt.finalbody, out)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                _bound_names(case.body, out)


def _stub_lines(name: str, node: ast.AST, indent: str) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
        returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
        header = f"{indent}{keyword} {name}({ast.unparse(node.args)}){returns}:"
        return [header, f"{indent}    ...  {CODE_PLACEHOLDER}"]
    if isinstance(node, ast.ClassDef):
        bases = [ast.unparse(b) for b in node.bases]
        bases += [ast.unparse(k) for k in node.keywords]
        header = f"{indent}class {name}({', '.join(bases)}):" if bases else f"{indent}class {name}:"
        return [header, f"{indent}    ...  {CODE_PLACEHOLDER}"]
    return [f"{indent}{name} = ...  {ANSWER_COMMENT}"]


def _region_indent(region: _Region) -> str:
    body = [line for line in region.body if line.strip()]
    if not body:
        return _BEGIN_RE.match(region.begin_line.rstrip("\r\n")).group("indent")
    return os.path.commonprefix(
        [line[: len(line) - len(line.lstrip(" \t"))] for line in body])


def _code_placeholder(region: _Region) -> list[str]:
    """Placeholder lines (without line endings) replacing one code region."""
    indent = _region_indent(region)
    body = "".join(region.body)
    try:
        tree = ast.parse(textwrap.dedent(body))
    except SyntaxError:
        tree = None
    if tree is not None:
        names: dict[str, ast.AST] = {}
        _bound_names(tree.body, names)
        if names:
            lines: list[str] = []
            for name, node in names.items():
                lines.extend(_stub_lines(name, node, indent))
            return lines
    # nothing to name (or unparsable): a comment, plus ``pass`` so an enclosing block
    # is not left empty; never shallower than the BEGIN marker itself
    marker_indent = _BEGIN_RE.match(region.begin_line.rstrip("\r\n")).group("indent")
    if len(marker_indent) > len(indent):
        indent = marker_indent
    lines = [f"{indent}{CODE_PLACEHOLDER}"]
    if indent:
        lines.append(f"{indent}pass")
    return lines


def _markdown_placeholder(region: _Region) -> list[str]:
    indent = _BEGIN_RE.match(region.begin_line.rstrip("\r\n")).group("indent")
    return [f"{indent}{MARKDOWN_PLACEHOLDER}"]


def _replace_regions(source: str, placeholder) -> str:
    out: list[str] = []
    parts = _split(source)
    for index, part in enumerate(parts):
        if isinstance(part, str):
            out.append(part)
            continue
        newline = "\r\n" if part.begin_line.endswith("\r\n") else "\n"
        lines = placeholder(part)
        last = index == len(parts) - 1
        for i, line in enumerate(lines):
            final = last and i == len(lines) - 1
            # keep "no trailing newline" when the END marker was the very last line
            out.append(line if final and not part.end_line.endswith("\n") else line + newline)
    return "".join(out)


def _learner_source(source: str, cell_type: str) -> str:
    if cell_type == "code":
        return _replace_regions(source, _code_placeholder)
    return _replace_regions(source, _markdown_placeholder)


# --------------------------------------------------------------------------- #
# Notebook transformation
# --------------------------------------------------------------------------- #

def _tags(cell) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", []) or []
    return list(tags) if isinstance(tags, (list, tuple)) else []


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
    * notebook metadata is reset to a plain Python 3 kernelspec.

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
        if SOLUTION_TAG in _tags(cell):
            continue
        cell_type = cell.get("cell_type")
        try:
            source = _learner_source(_source_text(cell.get("source", "")), cell_type)
        except _MarkerError as err:
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
    return nbformat.from_dict({
        "nbformat": 4,
        "nbformat_minor": minor,
        "metadata": copy.deepcopy(LEARNER_METADATA),
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


def _notebooks_under(root: Path, *, skip_top: tuple[str, ...] = ()) -> list[str]:
    """Relative (posix) paths of ``*.ipynb`` under *root*, sorted, skipping checkpoints."""
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


def _learner_files(notebooks_dir: Path) -> list[str]:
    return _notebooks_under(notebooks_dir, skip_top=(BACKUP_DIR,))


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


def _backup(notebooks_dir: Path, rel: str, data: bytes) -> str:
    """Copy *data* (an edited learner notebook) to a fresh file under ``.backup/``."""
    backup_dir = notebooks_dir / BACKUP_DIR
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
    report = BuildReport(check=check)

    # 1. generate everything in memory first, so a broken solution writes nothing
    generated: dict[str, str] = {}
    for rel in _notebooks_under(solutions_dir):
        src_path = solutions_dir / rel
        try:
            nb = nbformat.reads(src_path.read_text(encoding="utf-8"), as_version=4)
        except Exception as err:  # noqa: BLE001 - report which file is broken
            raise LearnerBuildError(f"{src_path}: cannot read notebook: {err}") from err
        generated[rel] = render(make_learner_notebook(nb, path=src_path))

    old_manifest, old_manifest_text = _read_manifest(notebooks_dir)
    new_manifest = {rel: _sha256(text) for rel, text in generated.items()}
    new_manifest_text = _manifest_text(new_manifest)
    report.orphans = [rel for rel in _learner_files(notebooks_dir) if rel not in generated]

    # 2. compare / write
    for rel, text in generated.items():
        target = notebooks_dir / rel
        data = text.encode("utf-8")
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            current = None
        if current == data:
            report.unchanged.append(rel)
            continue
        if check:
            (report.missing if current is None else report.stale).append(rel)
            continue
        if current is not None and _sha256(current) != old_manifest.get(rel):
            report.backed_up.append(_backup(notebooks_dir, rel, current))
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


# --------------------------------------------------------------------------- #
# Leak detection
# --------------------------------------------------------------------------- #

def _secret_lines(nb: nbformat.NotebookNode) -> set[str]:
    """Stripped solution lines (>= 12 chars) that appear nowhere outside the solutions."""
    inside: set[str] = set()
    outside: set[str] = set()
    allowed: set[str] = set()   # lines the generator itself emits (e.g. ``def f(x):`` stubs)
    for cell in nb.cells:
        source = _source_text(cell.get("source", ""))
        if SOLUTION_TAG in _tags(cell):
            inside.update(line.strip() for line in source.splitlines())
            continue
        for part in _split(source):
            if isinstance(part, str):
                outside.add(part.strip())
                continue
            inside.update(line.strip() for line in part.body)
            stubs = (_code_placeholder(part) if cell.get("cell_type") == "code"
                     else _markdown_placeholder(part))
            allowed.update(line.strip() for line in stubs)
    return {line for line in inside - outside - allowed if len(line) >= _MIN_LEAK_LINE}


def find_leaks(solutions_dir: str | os.PathLike, notebooks_dir: str | os.PathLike) -> list[str]:
    """Problems in the learner notebooks that could give answers away (``[]`` when clean).

    Flags, per file and cell index: ``BEGIN SOLUTION``/``END SOLUTION`` text, cells tagged
    ``solution``, stored outputs or execution counts, and any line of a solution region
    (or ``solution``-tagged cell) of the matching solution notebook, at least 12 characters
    long once stripped and not also present outside the solution regions there.

    >>> import tempfile, nbformat
    >>> from pathlib import Path
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
    for rel in _learner_files(notebooks_dir):
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
            except _MarkerError as err:
                problems.append(f"{where}: cannot compare with {sol_path.as_posix()}: {err}")
            except Exception as err:  # noqa: BLE001
                problems.append(f"{where}: cannot read {sol_path.as_posix()}: {err}")
        for index, cell in enumerate(learner.cells):
            at = f"{where}: cell {index}"
            source = _source_text(cell.get("source", ""))
            for marker in ("BEGIN SOLUTION", "END SOLUTION"):
                if marker in source:
                    problems.append(f"{at}: contains '{marker}' marker text")
            if SOLUTION_TAG in _tags(cell):
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


# --------------------------------------------------------------------------- #
# Command line
# --------------------------------------------------------------------------- #

def _display(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def main(argv: list[str] | None = None) -> int:
    """``crmcourse learner [--check] [--solutions DIR] [--notebooks DIR]``.

    Regenerates the learner notebooks (default folders: ``solutions`` and ``notebooks`` in
    the project root, i.e. the nearest parent folder whose ``pyproject.toml`` is the
    crmcourse project, else the current folder). With ``--check`` nothing is written:
    drift and leaks are reported. Returns 0 when all is well, 1 on drift, leaks or errors.

    >>> import tempfile, contextlib, io
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     Path(tmp, "s").mkdir()
    ...     args = ["--solutions", str(Path(tmp, "s")), "--notebooks", str(Path(tmp, "n"))]
    ...     with contextlib.redirect_stdout(io.StringIO()):
    ...         codes = main(args), main(["--check", *args])
    >>> codes
    (0, 0)
    """
    parser = argparse.ArgumentParser(
        prog="crmcourse learner",
        description="Generate the learner notebooks (notebooks/) from the worked solutions (solutions/).")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if learner notebooks are stale, missing, "
                             "orphaned or leak solutions")
    parser.add_argument("--solutions", metavar="DIR", type=Path, default=None,
                        help="solution notebooks folder (default: <project>/solutions)")
    parser.add_argument("--notebooks", metavar="DIR", type=Path, default=None,
                        help="learner notebooks folder (default: <project>/notebooks)")
    args = parser.parse_args(argv)

    from crmcourse.cli import project_root

    root = project_root()
    solutions = args.solutions if args.solutions is not None else root / "solutions"
    notebooks = args.notebooks if args.notebooks is not None else root / "notebooks"
    if not solutions.is_dir():
        print(f"error: solutions folder not found: {_display(solutions)}", file=sys.stderr)
        return 1
    try:
        report = build(solutions, notebooks, check=args.check)
    except LearnerBuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(report.summary())
    if not args.check:
        if report.orphans:
            print("note: orphan learner notebooks were left alone; delete them by hand if unwanted")
        return 0
    leaks = find_leaks(solutions, notebooks)
    if leaks:
        print(f"{len(leaks)} possible solution leak(s) in learner notebooks:")
        for problem in leaks:
            print(f"  {problem}")
    if report.ok and not leaks:
        return 0
    print("run `crmcourse learner` to regenerate the learner notebooks")
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
