"""Offline HTML exports of the course: reveal.js slides for trainers, a static site for self-study.

    crmcourse slides MODULE_DIR_OR_NOTEBOOK [...] [--out DIR]   (default build/slides)
    crmcourse site [--out DIR] [--only NAME ...]               (default build/site)

nbconvert does the rendering. What this module adds:

* **No CDN.** nbconvert's pages load require.js, the widget html-manager, MathJax, jQuery and
  reveal.js from CDNs. Here every one of them comes from the pinned npm packages in
  ``site/package.json`` (``npm ci --prefix site``), is copied into ``OUT/_static/`` and is
  referenced by a relative URL, so the output works from ``file://`` with the network off.
  The 240 kB of JupyterLab CSS that nbconvert inlines into every page is written once to
  ``_static/nbconvert/`` instead, and the (unused) mermaid loader is left out.
* **Slides** (:func:`build_slides`) come from the *solution* notebooks, stored executed: a trainer
  presents the worked version. :func:`add_slide_metadata` adds default reveal.js metadata to an
  in-memory copy (the notebooks on disk are never written).
* **The site** (:func:`build_site`) renders each *learner* notebook executed in a fresh kernel
  (``crmcourse.runner.run``, in a temporary folder): checks show "not answered yet" and the widget
  state is embedded, exactly what a learner sees after *Run All*. Solutions are a separate part of
  the site (``solutions/…``), linked from the bottom of each learner page and from their own
  section of the index; they are rendered from the stored, executed solution notebooks.

>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"),
...     nbformat.v4.new_markdown_cell("## Part one"), nbformat.v4.new_code_cell("import pandas")])
>>> [c.metadata["slideshow"]["slide_type"] for c in add_slide_metadata(nb).cells]
['slide', 'slide', 'skip']
>>> "slideshow" in nb.cells[0].metadata   # the notebook passed in is not changed
False
"""
from __future__ import annotations

import argparse
import concurrent.futures
import copy
import dataclasses
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable

import nbformat

__all__ = [
    "SiteBuildError",
    "NotebookEntry",
    "notebook_info",
    "collect",
    "add_slide_metadata",
    "find_node_modules",
    "copy_assets",
    "export_page",
    "export_slides",
    "build_slides",
    "build_site",
    "glossary_page",
    "main_site",
    "main_slides",
]

STATIC = "_static"
SITE_MARKER = ".crmcourse-site"
NPM_HINT = "npm ci --prefix site"
MATHJAX_CONFIG = "TeX-AMS_CHTML,Safe"
REVEAL_THEME = "white"
LONG_CODE_LINES = 20     # slides: longer code cells show only their output (or are skipped)
SLIDE_BUDGET = 17        # slides: estimated lines that fit on one 960 × 700 slide
HIDE_INPUT_TAG = "crmcourse-slides-hide-input"

# Files copied from site/node_modules into OUT/_static: (source, destination) per group.
# A source ending in "/" is a folder copied whole; "*" globs within one folder.
ASSETS: dict[str, list[tuple[str, str]]] = {
    "require": [("requirejs/require.js", "require.js")],
    "widgets": [
        ("@jupyter-widgets/html-manager/dist/embed-amd.js", "html-manager/embed-amd.js"),
        # Font Awesome of the widget icons; Chromium/Firefox only ever ask for woff2/woff
        ("@jupyter-widgets/html-manager/dist/*.woff2", "html-manager/"),
        ("@jupyter-widgets/html-manager/dist/*.woff", "html-manager/"),
    ],
    "mathjax": [
        ("mathjax/MathJax.js", "mathjax/MathJax.js"),
        ("mathjax/config/TeX-AMS_CHTML.js", "mathjax/config/TeX-AMS_CHTML.js"),
        ("mathjax/config/Safe.js", "mathjax/config/Safe.js"),
        ("mathjax/extensions/*.js", "mathjax/extensions/"),
        ("mathjax/extensions/TeX/", "mathjax/extensions/TeX/"),
        ("mathjax/extensions/a11y/accessibility-menu.js", "mathjax/extensions/a11y/accessibility-menu.js"),
        ("mathjax/jax/input/TeX/", "mathjax/jax/input/TeX/"),
        ("mathjax/jax/element/mml/", "mathjax/jax/element/mml/"),
        ("mathjax/jax/output/CommonHTML/", "mathjax/jax/output/CommonHTML/"),
        ("mathjax/jax/output/PreviewHTML/", "mathjax/jax/output/PreviewHTML/"),
        ("mathjax/fonts/HTML-CSS/TeX/woff/", "mathjax/fonts/HTML-CSS/TeX/woff/"),
    ],
    "jquery": [("jquery/dist/jquery.min.js", "jquery.min.js")],
    "reveal": [
        ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.js"),
        ("reveal.js/dist/reveal.css", "reveal.js/dist/reveal.css"),
        (f"reveal.js/dist/theme/{REVEAL_THEME}.css", f"reveal.js/dist/theme/{REVEAL_THEME}.css"),
        # the theme's font: browsers take the woff (eot is for old IE, ttf a fallback)
        ("reveal.js/dist/theme/fonts/source-sans-pro/*.css", "reveal.js/dist/theme/fonts/source-sans-pro/"),
        ("reveal.js/dist/theme/fonts/source-sans-pro/*.woff", "reveal.js/dist/theme/fonts/source-sans-pro/"),
        ("reveal.js/dist/theme/fonts/source-sans-pro/LICENSE", "reveal.js/dist/theme/fonts/source-sans-pro/LICENSE"),
        ("reveal.js/plugin/notes/notes.js", "reveal.js/plugin/notes/notes.js"),
    ],
}
SITE_GROUPS = ("require", "widgets", "mathjax")
SLIDES_GROUPS = ("require", "widgets", "mathjax", "jquery", "reveal")
# nbconvert's own stylesheets that the page templates would otherwise inline into every page
_NBCONVERT_CSS = ("static/index.css", "static/theme-light.css")


class SiteBuildError(RuntimeError):
    """The site or the slides cannot be built; the message says what is missing and how to fix it."""


# --------------------------------------------------------------------------- notebooks
@dataclasses.dataclass
class NotebookEntry:
    """One course notebook: where its solution and learner versions are, and what its first cell says."""

    rel: Path                 # path relative to solutions/ (and notebooks/), e.g. 01_satisfaction/03_kano.ipynb
    solution: Path
    learner: Path | None      # None: not generated yet (the site builds it in memory)
    module: int
    module_dir: str           # "" for notebooks at the top level
    title: str
    subtitle: str
    time: str
    minutes: int | None

    @property
    def stem(self) -> str:
        return self.rel.with_suffix("").as_posix()

    @property
    def page(self) -> str:
        """Path of the learner page inside the site."""
        return "notebooks/" + self.rel.with_suffix(".html").as_posix()

    @property
    def solution_page(self) -> str:
        return "solutions/" + self.rel.with_suffix(".html").as_posix()


def notebook_info(nb: nbformat.NotebookNode) -> dict:
    """Title, Chinese subtitle and time estimate from a course notebook's first cell.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "# 1.1 Ratio\\n*客户满意*\\n\\n| | |\\n|---|---|\\n| **Time** | about 45 minutes |")])
    >>> notebook_info(nb)
    {'title': '1.1 Ratio', 'subtitle': '客户满意', 'time': 'about 45 minutes', 'minutes': 45}
    """
    source = nb.cells[0].source if nb.cells else ""
    title = subtitle = time_text = ""
    for line in source.splitlines():
        line = line.strip()
        if not title and line.startswith("# "):
            title = line[2:].strip()
        elif title and not subtitle and re.fullmatch(r"\*[^*].*\*", line):
            subtitle = line.strip("*").strip()
    found = re.search(r"\*\*Time\*\*\s*\|\s*([^|\n]+)", source)
    if found:
        time_text = found.group(1).strip()
    minutes = None
    hours = re.search(r"(\d+(?:\.\d+)?)\s*h(?:ours?)?\b", time_text)
    mins = re.search(r"(\d+)\s*min", time_text)
    if hours or mins:
        minutes = round(float(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0)
    return {"title": title, "subtitle": subtitle, "time": time_text, "minutes": minutes}


CAPSTONE = 99  # sorts after the numbered modules


def _module_number(rel: Path) -> int:
    """Module of a notebook path: 0 for top-level notebooks, NN for ``NN_topic/``, CAPSTONE for ``capstone/``.

    >>> _module_number(Path("00_start_here.ipynb")), _module_number(Path("03_spin/01_x.ipynb"))
    (0, 3)
    >>> _module_number(Path("capstone/01_listen.ipynb")) == CAPSTONE
    True
    """
    if len(rel.parts) == 1:
        return 0
    found = re.match(r"(\d+)", rel.parts[0])
    return int(found.group(1)) if found else CAPSTONE


def _root() -> Path:
    from crmcourse.cli import project_root

    return project_root()


def collect(root: Path | None = None, only: Iterable[str] = ()) -> list[NotebookEntry]:
    """Every solution notebook under ``root/solutions`` (sorted), with its learner twin.

    ``only`` keeps notebooks whose stem (``00_start_here``), relative path without suffix
    (``01_satisfaction/03_kano``) or module folder (``01_satisfaction``) is listed.
    """
    root = Path(root or _root())
    solutions, learners = root / "solutions", root / "notebooks"
    if not solutions.is_dir():
        raise SiteBuildError(f"{solutions} does not exist: run crmcourse from the course checkout")
    wanted = {w.strip().removesuffix(".ipynb").strip("/") for w in only if w.strip()}
    entries = []
    for path in sorted(solutions.rglob("*.ipynb")):
        rel = path.relative_to(solutions)
        if any(part.startswith(".") for part in rel.parts):
            continue
        keys = {rel.stem, rel.with_suffix("").as_posix(), *(p for p in rel.parts[:-1])}
        if wanted and not (keys & wanted):
            continue
        info = notebook_info(nbformat.read(path, as_version=4))
        learner = learners / rel
        entries.append(NotebookEntry(
            rel=rel, solution=path, learner=learner if learner.is_file() else None,
            module=_module_number(rel), module_dir=rel.parts[0] if len(rel.parts) > 1 else "",
            title=info["title"] or rel.stem, subtitle=info["subtitle"], time=info["time"],
            minutes=info["minutes"]))
    if wanted and not entries:
        raise SiteBuildError(f"no solution notebook matches --only {' '.join(sorted(wanted))}: give a "
                             "notebook name (00_start_here), a module folder (01_satisfaction) or both")
    return entries


def _module_titles(root: Path) -> dict[int, str]:
    """Module number → topic, read from the course map table in solutions/00_start_here.ipynb."""
    start = root / "solutions" / "00_start_here.ipynb"
    titles: dict[int, str] = {}
    if start.is_file():
        for cell in nbformat.read(start, as_version=4).cells:
            if cell.cell_type == "markdown" and "| Module |" in cell.source:
                for row in re.finditer(r"^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|", cell.source, re.M):
                    titles[int(row.group(1))] = row.group(2)
                break
    return titles


# --------------------------------------------------------------------------- slide metadata
_MARKER_RE = re.compile(r"^[ \t]*#+[ \t]*(BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def _first_line(source: str) -> str:
    return next((line.strip() for line in source.splitlines() if line.strip()), "")


def _only_imports(source: str) -> bool:
    lines = [ln.strip() for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(lines) and all(ln.startswith(("import ", "from ")) for ln in lines)


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

    A ``slide_type`` the author already set is kept. Otherwise: the first cell and every
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
    used = 0
    for index, cell in enumerate(nb.cells):
        source = cell.source
        given = (cell.metadata.get("slideshow") or {}).get("slide_type")
        kind = "-"
        if cell.cell_type == "code":
            is_solution = bool(_MARKER_RE.search(source))
            if strip_solution_markers:
                cell.source = _MARKER_RE.sub("", source)
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
            if index == 0 or first.startswith("## ") or first.startswith("# "):
                kind = "slide"
            elif first.startswith("### ") or first.startswith("**Exercise"):
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


# --------------------------------------------------------------------------- assets
def find_node_modules(root: Path | None = None, node_modules: str | os.PathLike | None = None,
                      *, install: bool = False, groups: Iterable[str] = SITE_GROUPS) -> Path:
    """``site/node_modules`` with every asset file of ``groups``; raises :class:`SiteBuildError` if not.

    With ``install=True`` and npm on the PATH, runs ``npm ci --prefix site`` first when needed.
    """
    root = Path(root or _root())
    folder = Path(node_modules) if node_modules else root / "site" / "node_modules"
    missing = _missing_assets(folder, groups)
    if missing and install and not node_modules:
        npm = shutil.which("npm")
        if npm is None:
            raise SiteBuildError("npm is not on the PATH: install Node.js 18+ (with npm), then run "
                                 f"`{NPM_HINT}` in {root}")
        print(f"running: {NPM_HINT}", flush=True)
        done = subprocess.run([npm, "ci", "--prefix", str(root / "site"), "--no-audit", "--no-fund"])
        if done.returncode:
            raise SiteBuildError(f"`{NPM_HINT}` failed (exit {done.returncode}); see npm's message above")
        missing = _missing_assets(folder, groups)
    if missing:
        raise SiteBuildError(
            f"the offline JavaScript assets are not installed ({folder} lacks {missing[0]}"
            f"{f' and {len(missing) - 1} more' if len(missing) > 1 else ''}). Run once:\n\n"
            f"    {NPM_HINT}\n\nin {root} (needs Node.js and npm; it installs the versions pinned in "
            "site/package-lock.json), or pass --npm-install to let this command run it.")
    _warn_version_drift(root, folder)
    return folder


def _missing_assets(folder: Path, groups: Iterable[str]) -> list[str]:
    missing = []
    for group in groups:
        for src, _ in ASSETS[group]:
            path = folder / src
            if not (any(path.parent.glob(path.name)) if "*" in src else path.exists()):
                missing.append(src)
    return missing


def _warn_version_drift(root: Path, folder: Path) -> None:
    manifest = root / "site" / "package.json"
    if not manifest.is_file():
        return
    for name, want in json.loads(manifest.read_text(encoding="utf-8")).get("dependencies", {}).items():
        installed = folder / name / "package.json"
        if installed.is_file():
            have = json.loads(installed.read_text(encoding="utf-8")).get("version")
            if have != want:
                print(f"warning: site/node_modules has {name} {have}, site/package.json pins {want}: "
                      f"run `{NPM_HINT}`", file=sys.stderr)


def copy_assets(node_modules: Path, static: Path, groups: Iterable[str] = SITE_GROUPS) -> list[Path]:
    """Copy the asset files of ``groups`` from ``node_modules`` into ``static``; returns the files."""
    written = []
    for group in groups:
        for src, dest in ASSETS[group]:
            if src.endswith("/"):
                target = static / dest
                shutil.copytree(node_modules / src, target, dirs_exist_ok=True)
                written += [p for p in target.rglob("*") if p.is_file()]
                continue
            sources = sorted((node_modules / src).parent.glob(Path(src).name)) if "*" in src else [node_modules / src]
            for path in sources:
                target = static / dest / path.name if dest.endswith("/") else static / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                written.append(target)
    written += _copy_nbconvert_css(static)
    return written


def _copy_nbconvert_css(static: Path) -> list[Path]:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    env = exporter.environment
    written = []
    for name in _NBCONVERT_CSS:
        target = static / "nbconvert" / Path(name).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.loader.get_source(env, name)[0], encoding="utf-8")
        written.append(target)
    return written


# --------------------------------------------------------------------------- nbconvert
_PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<link rel="stylesheet" href="@@STATIC@@/crmcourse-site.css">
{%- endblock html_head_css -%}
"""
_SLIDES_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def _loader(static_url: str, page: str):
    from jinja2 import DictLoader

    # The nbconvert stylesheets are linked from _static/ (written once) instead of inlined.
    css = {name: f'@import url("{static_url}/nbconvert/{Path(name).name}");\n' for name in _NBCONVERT_CSS}
    return DictLoader({"crmcourse.html.j2": page.replace("@@STATIC@@", static_url), **css})


def _static_url(depth: int) -> str:
    return "../" * depth + STATIC if depth else STATIC


def _html_exporter(depth: int):
    from nbconvert import HTMLExporter

    static = _static_url(depth)
    return HTMLExporter(
        template_name="lab", template_file="crmcourse.html.j2", extra_loaders=[_loader(static, _PAGE_TEMPLATE)],
        require_js_url=f"{static}/require.js", widget_renderer_url=f"{static}/html-manager/embed-amd.js",
        mathjax_url=f"{static}/mathjax/MathJax.js?config={MATHJAX_CONFIG}",
        jquery_url="", jupyter_widgets_base_url="", mermaid_js_url="", mermaid_layout_elk_js_url="",
    )


def _slides_exporter(depth: int):
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    static = _static_url(depth)
    config = Config({"TagRemovePreprocessor": {"enabled": True, "remove_input_tags": {HIDE_INPUT_TAG}}})
    return SlidesExporter(
        config=config, template_name="reveal", template_file="crmcourse.html.j2",
        extra_loaders=[_loader(static, _SLIDES_TEMPLATE)],
        reveal_url_prefix=f"{static}/reveal.js", reveal_theme=REVEAL_THEME, reveal_scroll=True,
        reveal_transition="none", reveal_number="c/t",
        require_js_url=f"{static}/require.js", widget_renderer_url=f"{static}/html-manager/embed-amd.js",
        mathjax_url=f"{static}/mathjax/MathJax.js?config={MATHJAX_CONFIG}", jquery_url=f"{static}/jquery.min.js",
        jupyter_widgets_base_url="", mermaid_js_url="", mermaid_layout_elk_js_url="", font_awesome_url="",
    )


_RANDOM_ID_RE = re.compile(r"getElementById\('([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'\)")


def _stable_ids(body: str) -> str:
    """Rename the random element ids nbconvert gives some outputs (uuid4), so builds are reproducible."""
    for n, found in enumerate(dict.fromkeys(_RANDOM_ID_RE.findall(body))):
        body = body.replace(found, f"crmcourse-output-{n}")
    return body


def export_page(nb: nbformat.NotebookNode, depth: int, *, name: str = "notebook") -> str:
    """HTML of one notebook as a site page ``depth`` folders below the site root (assets from ``_static``)."""
    body, _ = _html_exporter(depth).from_notebook_node(nb, resources={"metadata": {"name": name}})
    return _stable_ids(body)


def export_slides(nb: nbformat.NotebookNode, depth: int = 0, *, name: str = "slides") -> str:
    """reveal.js HTML of ``nb`` with default slide metadata added (see :func:`add_slide_metadata`)."""
    body, _ = _slides_exporter(depth).from_notebook_node(add_slide_metadata(nb), resources={"metadata": {"name": name}})
    return _stable_ids(body)


def _titled(nb: nbformat.NotebookNode, title: str) -> nbformat.NotebookNode:
    nb.metadata["title"] = title
    return nb


# --------------------------------------------------------------------------- slides
def _resolve_target(target: str, root: Path) -> Path:
    path = Path(target)
    if path.exists():
        return path
    for candidate in (root / target, root / "solutions" / target, root / "solutions" / f"{target}.ipynb"):
        if candidate.exists():
            return candidate
    raise SiteBuildError(f"{target} is neither a notebook nor a folder (also looked in {root / 'solutions'})")


def build_slides(targets: Iterable[str | os.PathLike], out: str | os.PathLike, *, root: Path | None = None,
                 node_modules: str | os.PathLike | None = None, install: bool = False) -> list[Path]:
    """Export each notebook of each target (a notebook or a folder, searched recursively) as a deck.

    A deck is ``OUT/<path relative to solutions/>.slides.html`` (e.g. ``OUT/01_satisfaction/
    03_kano.slides.html``); a notebook outside ``solutions/`` goes to ``OUT/<path relative to the
    target folder>``. Assets go to ``OUT/_static``. Returns the decks written.
    """
    root = Path(root or _root())
    out = Path(out)
    modules = find_node_modules(root, node_modules, install=install, groups=SLIDES_GROUPS)
    jobs: dict[Path, Path] = {}
    solutions = (root / "solutions").resolve()
    for target in targets:
        path = _resolve_target(str(target), root).resolve()
        # decks mirror the course layout (OUT/01_satisfaction/…) for notebooks under solutions/
        base = solutions if path.is_relative_to(solutions) else (path if path.is_dir() else path.parent)
        for nb_path in sorted(path.rglob("*.ipynb")) if path.is_dir() else [path]:
            rel = nb_path.relative_to(base)
            if not any(part.startswith(".") for part in rel.parts):
                jobs[nb_path] = rel
    if not jobs:
        raise SiteBuildError("no notebook found in " + ", ".join(map(str, targets)))
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(modules, out / STATIC, SLIDES_GROUPS)
    written = []
    for nb_path, rel in jobs.items():
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
        target.write_text(export_slides(_titled(nb, info["title"] or rel.stem), len(rel.parts) - 1, name=rel.stem),
                          encoding="utf-8")
        written.append(target)
    return written


# --------------------------------------------------------------------------- site
def _learner_notebook(entry: NotebookEntry) -> nbformat.NotebookNode:
    if entry.learner is not None:
        return nbformat.read(entry.learner, as_version=4)
    from crmcourse.learner import make_learner_notebook

    return make_learner_notebook(nbformat.read(entry.solution, as_version=4), path=entry.rel)


def _run_learner(entry: NotebookEntry, timeout: int) -> nbformat.NotebookNode:
    """The learner notebook run top to bottom in a fresh kernel, in a temporary folder."""
    from crmcourse import runner

    nb = _learner_notebook(entry)
    with tempfile.TemporaryDirectory(prefix="crmcourse-site-") as tmp:
        runner.run(nb, cwd=tmp, timeout=timeout)
    return runner.normalise(nb, entry.rel.name)


def _md(text: str, cell_id: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    cell["id"] = cell_id   # fixed, not random: rebuilding gives the same bytes
    return cell


def _learner_page_nb(nb: nbformat.NotebookNode, entry: NotebookEntry) -> nbformat.NotebookNode:
    depth = len(Path(entry.page).parts) - 1
    up = "../" * depth
    nb = copy.deepcopy(nb)
    nb.cells.insert(0, _md(
        f'<nav class="crmcourse-nav"><a href="{up}index.html">Course map</a> · '
        f'<a href="{up}glossary.html">Glossary (术语表)</a> · '
        f'<a href="{entry.rel.name}" download>Download this notebook (.ipynb)</a></nav>\n\n'
        '<p class="crmcourse-note">A static copy of the learner notebook, run with nothing answered: the checks '
        'say ⏳ <em>not answered yet</em>. Sliders can be moved, but their results only update when the '
        'notebook runs in JupyterLab (<code>make lab</code>, or download this notebook).</p>', "crmcourse-nav"))
    nb.cells.append(_md(
        '<section class="crmcourse-solutions-link">\n\n## Solutions\n\n'
        f'Tried every exercise? Compare with the <a href="{up}{entry.solution_page}">worked solution of '
        f'{html.escape(entry.title)}</a>.\n\n</section>', "crmcourse-solutions"))
    return _titled(nb, entry.title)


def _solution_page_nb(nb: nbformat.NotebookNode, entry: NotebookEntry) -> nbformat.NotebookNode:
    depth = len(Path(entry.solution_page).parts) - 1
    up = "../" * depth
    nb = copy.deepcopy(nb)
    nb.cells.insert(0, _md(
        f'<nav class="crmcourse-nav"><a href="{up}index.html">Course map</a> · '
        f'<a href="{up}glossary.html">Glossary (术语表)</a> · '
        f'<a href="{up}{entry.page}">Back to the exercises</a></nav>\n\n'
        f'<p class="crmcourse-note crmcourse-solution-banner"><strong>Worked solution.</strong> '
        f'This page shows the answers of <em>{html.escape(entry.title)}</em>. Try the exercises on the '
        f'<a href="{up}{entry.page}">learner page</a> first.</p>', "crmcourse-nav"))
    return _titled(nb, f"{entry.title} — worked solution")


_SITE_CSS = """\
body.crmcourse-site { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
  "Microsoft YaHei", sans-serif; max-width: 1100px; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; color: #1f2328;
  line-height: 1.5; }
.crmcourse-site h1 { margin-bottom: .2rem; }
.crmcourse-site table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
.crmcourse-site th, .crmcourse-site td { border-bottom: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left;
  vertical-align: top; }
.crmcourse-site th { background: #f6f8fa; }
.crmcourse-site .zh, .crmcourse-nb-subtitle { color: #57606a; }
.crmcourse-site .time { white-space: nowrap; color: #57606a; }
.crmcourse-nav { font-size: .95em; margin-bottom: .6rem; }
.crmcourse-note { background: #f6f8fa; border-left: 4px solid #0969da; padding: .5rem .8rem; }
.crmcourse-solution-banner { border-left-color: #bf8700; background: #fff8c5; }
.jupyter-widgets { font-family: var(--jp-ui-font-family, system-ui, sans-serif); }
#glossary-filter { font-size: 1rem; padding: .35rem .5rem; width: 22rem; max-width: 100%; }
"""


def _site_html(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f'<title>{html.escape(title)}</title>\n<link rel="stylesheet" href="{STATIC}/crmcourse-site.css">\n'
            f'</head>\n<body class="crmcourse-site">\n{body}\n</body>\n</html>\n')


def index_page(entries: list[NotebookEntry], module_titles: dict[int, str], built: set[str]) -> str:
    """The course map: modules → learner pages (title, time), then the worked solutions, then the glossary."""
    e = html.escape
    parts = ['<h1>crmcourse — customer relationship management</h1>',
             '<p class="zh">客户关系管理 · course map for self-study</p>',
             '<p>Work through the notebooks in order. Each page is the learner notebook, run with nothing '
             'answered; to do the exercises, download it (link at the top of each page) and open it in '
             'JupyterLab, or run <code>make lab</code> in the course folder. The worked solutions are in '
             '<a href="#solutions">their own section</a> below: try first, then compare. '
             'Terms in English and Chinese: <a href="glossary.html">glossary (术语表)</a>.</p>']
    modules: dict[int, list[NotebookEntry]] = {}
    for entry in entries:
        modules.setdefault(entry.module, []).append(entry)
    parts.append('<h2 id="course-map">Course map</h2>')
    for number, items in sorted(modules.items()):
        total = sum(i.minutes or 0 for i in items)
        heading = module_titles.get(number) or items[0].module_dir or "Start here"
        label = "Capstone" if number == CAPSTONE else f"Module {number}"
        if number == CAPSTONE:
            heading = "a workshop case: one company through every module"
        parts.append(f'<h3 id="module-{number}">{label} — {e(heading)}'
                     + (f' <span class="time">(about {total} min)</span>' if total else "") + "</h3>")
        parts.append('<table class="crmcourse-map"><thead><tr><th>Notebook</th><th>中文</th><th>Time</th>'
                     '</tr></thead><tbody>')
        for item in items:
            name = (f'<a href="{item.page}">{e(item.title)}</a>' if item.stem in built
                    else f'{e(item.title)} <em>(page not built)</em>')
            parts.append(f'<tr data-notebook="{e(item.stem)}"><td>{name}</td><td class="zh">{e(item.subtitle)}</td>'
                         f'<td class="time">{e(item.time)}</td></tr>')
        parts.append('</tbody></table>')
    parts.append('<h2 id="solutions">Worked solutions</h2>')
    parts.append('<p>The complete worked version of each notebook, with every answer. Open one after trying '
                 'its exercises.</p><ul class="crmcourse-solutions">')
    for entry in entries:
        parts.append(f'<li><a href="{entry.solution_page}">{e(entry.title)} — worked solution</a></li>')
    parts.append('</ul>')
    parts.append('<h2 id="glossary">Glossary</h2><p><a href="glossary.html">All course terms in English and '
                 'Chinese</a>, with the module that introduces them.</p>')
    return _site_html("crmcourse — course map", "\n".join(parts))


def glossary_page(table=None) -> str:
    """A plain HTML table of the glossary with a small client-side filter box (inline vanilla JS)."""
    if table is None:
        from crmcourse.glossary import load_glossary

        table = load_glossary()
    e = html.escape
    rows = "\n".join(
        f'<tr><td>{e(str(r.term_en))}</td><td class="zh">{e(str(r.term_zh))}</td>'
        f'<td><a href="index.html#module-{int(r.module)}">{int(r.module)}</a></td><td>{e(str(r.definition))}</td></tr>'
        for r in table.sort_values(["module", "term_en"], kind="stable").itertuples())
    body = f"""<nav class="crmcourse-nav"><a href="index.html">Course map</a></nav>
<h1>Glossary <span class="zh">术语表</span></h1>
<p>{len(table)} key terms of the course. Type part of a word, in English or Chinese, to filter.</p>
<p><input id="glossary-filter" type="search" placeholder="Filter, e.g. loyalty or 客户" aria-label="Filter the glossary">
 <span id="glossary-count"></span></p>
<table id="glossary"><thead><tr><th>English</th><th>中文</th><th>Module</th><th>Definition</th></tr></thead>
<tbody>
{rows}
</tbody></table>
<script>
(function () {{
  var box = document.getElementById("glossary-filter");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#glossary tbody tr"));
  var count = document.getElementById("glossary-count");
  function apply() {{
    var needle = box.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (row) {{
      var hit = !needle || row.textContent.toLowerCase().indexOf(needle) !== -1;
      row.style.display = hit ? "" : "none";
      if (hit) shown += 1;
    }});
    count.textContent = shown + " of " + rows.length + " terms";
  }}
  box.addEventListener("input", apply);
  apply();
}})();
</script>"""
    return _site_html("crmcourse — glossary (术语表)", body)


def _prepare_out(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / SITE_MARKER).exists():
        raise SiteBuildError(f"{out} exists and is not a crmcourse site: choose an empty or new --out folder")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / SITE_MARKER).write_text("built by `crmcourse site`; this folder is replaced on each build\n",
                                   encoding="utf-8")


def build_site(out: str | os.PathLike, *, root: Path | None = None, only: Iterable[str] = (),
               jobs: int | None = None, timeout: int = 600, node_modules: str | os.PathLike | None = None,
               install: bool = False, log=print) -> dict:
    """Build the self-study site into ``out`` (replaced if it is an earlier site); returns a report.

    Layout: ``index.html`` (course map), ``glossary.html``, ``notebooks/<rel>.html`` (learner pages,
    next to a copy of the learner ``.ipynb``), ``solutions/<rel>.html`` (worked solutions), ``_static/``.
    """
    started = time.perf_counter()
    root = Path(root or _root())
    out = Path(out)
    entries = collect(root, only)
    modules = find_node_modules(root, node_modules, install=install, groups=SITE_GROUPS)
    _prepare_out(out)
    copy_assets(modules, out / STATIC, SITE_GROUPS)
    (out / STATIC / "crmcourse-site.css").write_text(_SITE_CSS, encoding="utf-8")

    def learner_page(entry: NotebookEntry) -> str:
        t0 = time.perf_counter()
        nb = _run_learner(entry, timeout)
        target = out / entry.page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(export_page(_learner_page_nb(nb, entry), len(Path(entry.page).parts) - 1,
                                      name=entry.rel.stem), encoding="utf-8")
        nbformat.write(_learner_notebook(entry), target.with_suffix(".ipynb"))
        log(f"  learner  {entry.page} ({time.perf_counter() - t0:.1f} s)")
        return entry.stem

    failed: dict[str, str] = {}
    built: set[str] = set()
    workers = max(1, jobs or min(4, os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = {pool.submit(learner_page, entry): entry for entry in entries}
        for entry in entries:   # solution pages need no kernel: render them while the learners run
            nb = nbformat.read(entry.solution, as_version=4)
            target = out / entry.solution_page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(export_page(_solution_page_nb(nb, entry), len(Path(entry.solution_page).parts) - 1,
                                          name=entry.rel.stem), encoding="utf-8")
            log(f"  solution {entry.solution_page}")
        for future, entry in futures.items():
            try:
                built.add(future.result())
            except Exception as exc:  # a notebook that does not run must not hide the others
                failed[entry.stem] = f"{type(exc).__name__}: {exc}"
                log(f"FAILED {entry.learner or entry.solution}: {str(exc)[-600:]}")
    (out / "index.html").write_text(index_page(entries, _module_titles(root), built), encoding="utf-8")
    (out / "glossary.html").write_text(glossary_page(), encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"out": out, "notebooks": [e.stem for e in entries], "built": sorted(built), "failed": failed,
            "seconds": time.perf_counter() - started, "bytes": size}


# --------------------------------------------------------------------------- command line
def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--node-modules", default=None, metavar="DIR",
                        help="where the npm assets are installed (default: site/node_modules)")
    parser.add_argument("--npm-install", action="store_true",
                        help=f"run `{NPM_HINT}` first if the assets are missing (needs npm and the registry)")


def main_site(argv: list[str] | None = None) -> int:
    """``crmcourse site [--out DIR] [--only NAME ...] [--jobs N]``: build the self-study site."""
    parser = argparse.ArgumentParser(
        prog="crmcourse site", description="Build the static self-study site of the course (works offline): "
        "course map, learner pages run with nothing answered, worked solutions apart, glossary.")
    parser.add_argument("--out", default=None, help="output folder (default: build/site)")
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME",
                        help="only these notebooks or module folders, e.g. 00_start_here 01_satisfaction")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: up to 4)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    _common(parser)
    args = parser.parse_args(argv)
    root = _root()
    out = Path(args.out) if args.out else root / "build" / "site"
    try:
        report = build_site(out, root=root, only=args.only, jobs=args.jobs, timeout=args.timeout,
                            node_modules=args.node_modules, install=args.npm_install)
    except SiteBuildError as exc:
        print(f"crmcourse site: {exc}", file=sys.stderr)
        return 2
    print(f"built {len(report['built'])} of {len(report['notebooks'])} notebooks into {report['out']} "
          f"({report['bytes'] / 1e6:.1f} MB, {report['seconds']:.0f} s); open {report['out'] / 'index.html'}")
    return 1 if report["failed"] else 0


def main_slides(argv: list[str] | None = None) -> int:
    """``crmcourse slides MODULE_DIR_OR_NOTEBOOK ... [--out DIR]``: reveal.js decks that work offline."""
    parser = argparse.ArgumentParser(
        prog="crmcourse slides", description="Export notebooks as reveal.js slides that work offline. "
        "Give solution notebooks or module folders, e.g. solutions/01_satisfaction or 00_start_here.")
    parser.add_argument("targets", nargs="+", metavar="MODULE_DIR_OR_NOTEBOOK")
    parser.add_argument("--out", default=None, help="output folder (default: build/slides)")
    _common(parser)
    args = parser.parse_args(argv)
    root = _root()
    out = Path(args.out) if args.out else root / "build" / "slides"
    try:
        decks = build_slides(args.targets, out, root=root, node_modules=args.node_modules, install=args.npm_install)
    except SiteBuildError as exc:
        print(f"crmcourse slides: {exc}", file=sys.stderr)
        return 2
    for deck in decks:
        print(f"wrote {deck}")
    print("Open a deck in a browser; arrow keys move, Esc shows the overview, S opens speaker notes.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main_site())
