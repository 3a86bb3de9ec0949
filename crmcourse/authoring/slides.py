"""reveal.js slides of the worked notebooks, for trainers; they work offline like the site.

``crmcourse slides MODULE_DIR_OR_NOTEBOOK`` exports *solution* notebooks, stored executed: a
trainer presents the worked version. :func:`add_slide_metadata` adds default reveal.js metadata
to an in-memory copy (the notebooks on disk are never written); nbconvert renders the deck with
``site/templates/nbconvert/crmcourse_slides.html.j2`` and the assets of :mod:`.site.assets`.
A deck of the Chinese edition (``solutions/zh/…``, exported beside its English twin into
``OUT/zh/…``) is ``<html lang="zh-CN">`` and sets its text in the bundled CJK web font.

>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"),
...     nbformat.v4.new_markdown_cell("## Part one"), nbformat.v4.new_code_cell("import pandas")])
>>> [c.metadata["slideshow"]["slide_type"] for c in add_slide_metadata(nb).cells]
['slide', 'slide', 'skip']
>>> "slideshow" in nb.cells[0].metadata   # the notebook passed in is not changed
False
"""
from __future__ import annotations

import copy
import os
import re
import sys
from pathlib import Path
from typing import Iterable

import nbformat

from crmcourse.authoring.markers import has_markers, strip_marker_lines
from crmcourse.authoring.site.assets import REVEAL_THEME, SLIDES_GROUPS, ZH_GROUPS, copy_assets, find_node_modules
from crmcourse.authoring.site.base import MATHJAX_CONFIG, STATIC, SiteBuildError, stable_ids, static_url, titled
from crmcourse.authoring.site.catalog import notebook_info
from crmcourse.authoring.site.editions import LANGUAGES, ZH, check_language, is_edition_path
from crmcourse.authoring.site.pages import html_lang
from crmcourse.authoring.site.rendering import ZH_CSS, nbconvert_loaders, zh_css
from crmcourse.paths import project_root

__all__ = ["LONG_CODE_LINES", "SLIDE_BUDGET", "HIDE_INPUT_TAG", "add_slide_metadata", "export_slides",
           "build_slides"]

LONG_CODE_LINES = 20     # slides: longer code cells show only their output (or are skipped)
SLIDE_BUDGET = 17        # slides: estimated lines that fit on one 960 × 700 slide
HIDE_INPUT_TAG = "crmcourse-slides-hide-input"


def _first_line(source: str) -> str:
    return next((line.strip() for line in source.splitlines() if line.strip()), "")


def _only_imports(source: str) -> bool:
    """Imports only (or the Chinese edition's first cell: ``crmcourse.set_language("zh")``): a skipped cell."""
    lines = [ln.strip() for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(lines) and all(ln.startswith(("import ", "from ", "crmcourse.set_language(")) for ln in lines)


def _estimate_lines(cell) -> int:
    """Rough height of a cell on a slide, in lines of text."""
    lines = sum(1 + len(ln) // 75 for ln in cell.source.splitlines()) if cell.source.strip() else 0
    if cell.cell_type != "code":
        return lines
    meta = cell.metadata.get("tags", [])
    if HIDE_INPUT_TAG in meta:
        lines = 0
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "image/png" in data or "image/svg+xml" in data:
            lines += 14
        elif "application/vnd.jupyter.widget-view+json" in data:
            lines += 5
        elif "text/html" in data:
            lines += min(14, 2 + str(data["text/html"]).count("<tr"))
        else:
            text = out.get("text") or data.get("text/plain", "")
            lines += min(14, len(str(text).splitlines()))
    return lines


def _markdown_blocks(source: str) -> list[str]:
    """Split markdown at blank lines outside code fences; a lead-in line (``**Key terms**``, or
    ending with ``:``) stays with the block after it."""
    blocks: list[list[str]] = [[]]
    fenced = False
    for line in source.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not line.strip() and not fenced:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(line)
    merged: list[list[str]] = []
    for block in (b for b in blocks if b):
        if merged and len(merged[-1]) == 1 and re.fullmatch(r"\*\*[^*]+\*\*:?|.*:", merged[-1][0].strip()):
            merged[-1] += ["", *block]
        else:
            merged.append(block)
    return ["\n".join(b) for b in merged]


def _split_long_markdown(nb: nbformat.NotebookNode, budget: int) -> None:
    """Cut markdown cells taller than a slide into one cell per block (ids stay deterministic)."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and _estimate_lines(cell) > budget and not cell.metadata.get("slideshow"):
            for k, block in enumerate(_markdown_blocks(cell.source)):
                part = nbformat.v4.new_markdown_cell(block)
                part.metadata = copy.deepcopy(cell.metadata)
                if "id" in cell:
                    part["id"] = f"{cell['id']}-{k}" if k else cell["id"]
                cells.append(part)
        else:
            cells.append(cell)
    nb.cells = cells


def add_slide_metadata(nb: nbformat.NotebookNode, *, budget: int = SLIDE_BUDGET,
                       strip_solution_markers: bool = True) -> nbformat.NotebookNode:
    """A copy of ``nb`` with default reveal.js metadata; ``nb`` itself is not modified.

    A ``slide_type`` the author already set is kept. Otherwise: the first markdown cell and every
    ``## `` heading start a new slide; ``### `` headings and ``**Exercise`` prompts start a
    sub-slide (below, ↓); the worked answer of an exercise (a code cell with solution markers)
    is a fragment, revealed on the next key press; import-only cells are skipped; code longer
    than ``LONG_CODE_LINES`` lines shows only its output (skipped if it has none); and a cell
    that would overflow the slide starts a sub-slide (a markdown cell taller than a slide is cut
    at its blank lines first). Solution marker lines are removed
    (``strip_solution_markers``), since the deck is the trainer's worked version.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
    ...     nbformat.v4.new_markdown_cell("**Exercise 1.** Compute it."),
    ...     nbformat.v4.new_code_cell("### BEGIN SOLUTION\\nanswer = 1\\n### END SOLUTION\\ncheck('x', answer)")])
    >>> out = add_slide_metadata(nb)
    >>> [c.metadata.slideshow.slide_type for c in out.cells]
    ['slide', 'subslide', 'fragment']
    >>> print(out.cells[2].source)
    answer = 1
    check('x', answer)
    """
    nb = copy.deepcopy(nb)
    _split_long_markdown(nb, budget)
    first_text = next((i for i, c in enumerate(nb.cells) if c.cell_type != "code"), 0)
    used = 0
    for index, cell in enumerate(nb.cells):
        source = cell.source
        given = (cell.metadata.get("slideshow") or {}).get("slide_type")
        kind = "-"
        if cell.cell_type == "code":
            is_solution = has_markers(source)
            if strip_solution_markers:
                cell.source = strip_marker_lines(source)
            n_lines = len(cell.source.splitlines())
            if _only_imports(cell.source):
                kind = "skip"
            elif n_lines > LONG_CODE_LINES:
                if cell.get("outputs"):
                    cell.metadata.setdefault("tags", [])
                    cell.metadata["tags"] = [*cell.metadata["tags"], HIDE_INPUT_TAG]
                else:
                    kind = "skip"
            elif is_solution:
                kind = "fragment"
        else:
            first = _first_line(source)
            if index == first_text or first.startswith(("## ", "# ")):
                kind = "slide"
            elif first.startswith(("### ", "**Exercise", "**练习")):
                kind = "subslide"
        if given:
            kind = given
        height = _estimate_lines(cell) if kind not in ("skip", "notes") else 0
        if kind in ("slide", "subslide"):
            used = height
        elif kind in ("-", "fragment"):
            if used and used + height > budget and not given:
                kind = "subslide"
                used = height
            else:
                used += height
        cell.metadata["slideshow"] = {"slide_type": kind}
    return nb


# --------------------------------------------------------------------------- export
def _slides_exporter(depth: int, language: str = "en"):
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    static = static_url(depth)
    config = Config({"TagRemovePreprocessor": {"enabled": True, "remove_input_tags": {HIDE_INPUT_TAG}}})
    return SlidesExporter(
        config=config, template_name="reveal", template_file="crmcourse_slides.html.j2",
        extra_loaders=nbconvert_loaders(static),
        reveal_url_prefix=f"{static}/reveal.js", reveal_theme=REVEAL_THEME, reveal_scroll=True,
        reveal_transition="none", reveal_number="c/t", language_code=check_language(language),
        require_js_url=f"{static}/require.js", widget_renderer_url=f"{static}/html-manager/embed-amd.js",
        mathjax_url=f"{static}/mathjax/MathJax.js?config={MATHJAX_CONFIG}", jquery_url=f"{static}/jquery.min.js",
        jupyter_widgets_base_url="", mermaid_js_url="", mermaid_layout_elk_js_url="", font_awesome_url="",
    )


def export_slides(nb: nbformat.NotebookNode, depth: int = 0, *, name: str = "slides", language: str = "en") -> str:
    """reveal.js HTML of ``nb`` with default slide metadata added (see :func:`add_slide_metadata`).

    ``language="zh"``: ``<html lang="zh-CN">`` and ``_static/crmcourse-zh.css`` (the CJK web font).
    """
    static = static_url(depth)
    resources = {"metadata": {"name": name}, "crmcourse_static": static,
                 "crmcourse_zh_css": f"{static}/{ZH_CSS}" if check_language(language) == "zh" else ""}
    body, _ = _slides_exporter(depth, language).from_notebook_node(add_slide_metadata(nb), resources=resources)
    return html_lang(stable_ids(body), language)


# --------------------------------------------------------------------------- decks
def _resolve_target(target: str, root: Path) -> Path:
    path = Path(target)
    if path.exists():
        return path
    for candidate in (root / target, root / "solutions" / target, root / "solutions" / f"{target}.ipynb"):
        if candidate.exists():
            return candidate
    raise SiteBuildError(f"{target} is neither a notebook nor a folder (also looked in {root / 'solutions'})")


def _language_of(nb_path: Path) -> str:
    """``"zh"`` for a notebook in a ``zh/`` folder right under ``solutions/`` or ``notebooks/``."""
    parts = nb_path.parts
    return "zh" if any(a in ("solutions", "notebooks") and b == ZH for a, b in zip(parts, parts[1:])) else "en"


def build_slides(targets: Iterable[str | os.PathLike], out: str | os.PathLike, *, root: Path | None = None,
                 node_modules: str | os.PathLike | None = None, install: bool = False,
                 languages: Iterable[str] | None = None) -> list[Path]:
    """Export each notebook of each target (a notebook or a folder, searched recursively) as a deck.

    A deck is ``OUT/<path relative to solutions/>.slides.html`` (e.g. ``OUT/01_satisfaction/
    03_kano.slides.html``); a notebook outside ``solutions/`` goes to ``OUT/<path relative to the
    target folder>``. Assets go to ``OUT/_static``. The Chinese twin of a solution notebook
    (``solutions/zh/<same path>``), when it exists, becomes ``OUT/zh/<same path>.slides.html``.

    Parameters
    ----------
    targets : iterable of path or str
        Notebooks or folders; a short name (``00_start_here``, ``01_satisfaction``) is looked up in
        ``solutions/``.
    out : path
        The slides folder (created if needed).
    root : path, optional
        The course checkout (default: :func:`crmcourse.paths.project_root`).
    node_modules, install
        Where the npm assets are, and whether to run ``npm ci --prefix site`` when they are missing.
    languages : iterable of {"en", "zh"}, optional
        The editions to export (default: both; English notebooks then bring their Chinese twins).

    Returns
    -------
    list of pathlib.Path
        The decks written.

    Raises
    ------
    SiteBuildError
        A target is neither a notebook nor a folder, no notebook is found, or the assets are missing
        (the CJK web font too when a Chinese deck is exported).
    CourseDataError
        An unknown language.
    """
    root = Path(root) if root is not None else project_root()
    out = Path(out)
    wanted = {check_language(x) for x in languages} if languages is not None else set(LANGUAGES)
    jobs: dict[Path, tuple[Path, str]] = {}
    solutions = (root / "solutions").resolve()
    for target in targets:
        path = _resolve_target(str(target), root).resolve()
        # decks mirror the course layout (OUT/01_satisfaction/…) for notebooks under solutions/
        base = solutions if path.is_relative_to(solutions) else (path if path.is_dir() else path.parent)
        for nb_path in sorted(path.rglob("*.ipynb")) if path.is_dir() else [path]:
            rel = nb_path.relative_to(base)
            if any(part.startswith(".") for part in rel.parts):
                continue
            language = "zh" if base == solutions and is_edition_path(rel) else _language_of(nb_path)
            if language in wanted:
                jobs[nb_path] = (rel, language)
            twin = solutions / ZH / rel
            if base == solutions and language == "en" and "zh" in wanted and twin.is_file():
                jobs[twin] = (ZH / rel, "zh")
    if not jobs:
        raise SiteBuildError("no notebook found in " + ", ".join(map(str, targets)))
    chinese = any(language == "zh" for _, language in jobs.values())
    groups = SLIDES_GROUPS + (ZH_GROUPS if chinese else ())
    modules = find_node_modules(root, node_modules, install=install, groups=groups)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(modules, out / STATIC, groups)
    if chinese:
        (out / STATIC / ZH_CSS).write_text(zh_css(), encoding="utf-8")
    written = []
    for nb_path, (rel, language) in jobs.items():
        nb = nbformat.read(nb_path, as_version=4)
        if "notebooks" in nb_path.resolve().parts and "solutions" not in nb_path.resolve().parts:
            print(f"note: {nb_path} looks like a learner notebook; trainers usually present the worked "
                  "version from solutions/", file=sys.stderr)
        if not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"):
            print(f"note: {nb_path} has no outputs; run `crmcourse execute {nb_path}` first to show them",
                  file=sys.stderr)
        info = notebook_info(nb)
        target = out / rel.parent / f"{rel.stem}.slides.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(export_slides(titled(nb, info["title"] or rel.stem), len(rel.parts) - 1, name=rel.stem,
                                        language=language), encoding="utf-8")
        written.append(target)
    return written
