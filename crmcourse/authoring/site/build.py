"""Build the self-study site: learner pages run with nothing answered, worked solutions apart, the map.

Each *learner* notebook is executed in a fresh kernel (:func:`crmcourse.authoring.runner.run`, in a
temporary folder): checks show "not answered yet" and the widget state is embedded, exactly what a
learner sees after *Run All*. Solutions are a separate part of the site (``solutions/…``), linked
from the bottom of each learner page and from their own section of the index; they are rendered
from the stored, executed solution notebooks.
"""
from __future__ import annotations

import concurrent.futures
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterable

import nbformat

from crmcourse.authoring import runner
from crmcourse.authoring.learner import make_learner_notebook
from crmcourse.authoring.site.assets import SITE_GROUPS, copy_assets, find_node_modules
from crmcourse.authoring.site.base import SITE_MARKER, STATIC, SiteBuildError
from crmcourse.authoring.site.catalog import NotebookEntry, collect, module_titles
from crmcourse.authoring.site.pages import export_page, glossary_page, index_page, learner_page_nb, solution_page_nb
from crmcourse.authoring.site.rendering import site_css
from crmcourse.paths import project_root

__all__ = ["build_site"]


def _learner_notebook(entry: NotebookEntry) -> nbformat.NotebookNode:
    if entry.learner is not None:
        return nbformat.read(entry.learner, as_version=4)
    return make_learner_notebook(nbformat.read(entry.solution, as_version=4), path=entry.rel)


def _run_learner(entry: NotebookEntry, timeout: int) -> nbformat.NotebookNode:
    """The learner notebook run top to bottom in a fresh kernel, in a temporary folder."""
    nb = _learner_notebook(entry)
    with tempfile.TemporaryDirectory(prefix="crmcourse-site-") as tmp:
        runner.run(nb, cwd=tmp, timeout=timeout)
    return runner.normalise(nb, entry.rel.name)


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

    Parameters
    ----------
    out : path
        The site folder; an earlier site there is replaced, any other non-empty folder refused.
    root : path, optional
        The course checkout (default: :func:`crmcourse.paths.project_root`).
    only : iterable of str
        Notebook names or module folders to build (default: all), see :func:`.catalog.collect`.
    jobs : int, optional
        Learner notebooks run at once (default: up to 4).
    timeout : int
        Seconds per cell.
    node_modules, install
        Where the npm assets are, and whether to run ``npm ci --prefix site`` when they are missing.
    log : callable
        Receives one line per page written.

    Returns
    -------
    dict
        ``out``, ``notebooks`` (stems), ``built``, ``failed`` (stem → error), ``seconds``, ``bytes``.

    Raises
    ------
    SiteBuildError
        No solutions folder, nothing matches ``only``, the assets are missing, or ``out`` is a
        folder that is not a crmcourse site. A notebook that fails to run is reported in
        ``failed`` instead.
    """
    started = time.perf_counter()
    root = Path(root) if root is not None else project_root()
    out = Path(out)
    entries = collect(root, only)
    modules = find_node_modules(root, node_modules, install=install, groups=SITE_GROUPS)
    _prepare_out(out)
    copy_assets(modules, out / STATIC, SITE_GROUPS)
    (out / STATIC / "crmcourse-site.css").write_text(site_css(), encoding="utf-8")

    def learner_page(entry: NotebookEntry) -> str:
        t0 = time.perf_counter()
        nb = _run_learner(entry, timeout)
        target = out / entry.page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(export_page(learner_page_nb(nb, entry), len(Path(entry.page).parts) - 1,
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
            target.write_text(export_page(solution_page_nb(nb, entry), len(Path(entry.solution_page).parts) - 1,
                                          name=entry.rel.stem), encoding="utf-8")
            log(f"  solution {entry.solution_page}")
        for future, entry in futures.items():
            try:
                built.add(future.result())
            except Exception as exc:  # a notebook that does not run must not hide the others
                failed[entry.stem] = f"{type(exc).__name__}: {exc}"
                log(f"FAILED {entry.learner or entry.solution}: {str(exc)[-600:]}")
    (out / "index.html").write_text(index_page(entries, module_titles(root), built), encoding="utf-8")
    (out / "glossary.html").write_text(glossary_page(), encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"out": out, "notebooks": [e.stem for e in entries], "built": sorted(built), "failed": failed,
            "seconds": time.perf_counter() - started, "bytes": size}
