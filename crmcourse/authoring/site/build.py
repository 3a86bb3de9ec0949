"""Build the self-study site: learner pages run with nothing answered, worked solutions apart, the map.

Each *learner* notebook is executed in a fresh kernel (:func:`crmcourse.authoring.runner.run`, in a
temporary folder): checks show "not answered yet" and the widget state is embedded, exactly what a
learner sees after *Run All*. Solutions are a separate part of the site (``solutions/…``), linked
from the bottom of each learner page and from their own section of the index; they are rendered
from the stored, executed solution notebooks.

Both editions are built when the Chinese one exists (``solutions/zh/``): English at ``OUT/``,
Chinese at ``OUT/zh/`` with the same paths, sharing ``OUT/_static/`` (which then also holds the
CJK web font). Every page links to its twin in the other language.
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
from crmcourse.authoring.site.assets import SITE_GROUPS, ZH_GROUPS, copy_assets, find_node_modules
from crmcourse.authoring.site.base import SITE_MARKER, STATIC, SiteBuildError, static_url
from crmcourse.authoring.site.catalog import NotebookEntry, collect, module_titles
from crmcourse.authoring.site.editions import LANGUAGES, ZH, check_language, edition_folder, has_edition
from crmcourse.authoring.site.pages import (export_page, glossary_page, index_page, language_switch, learner_page_nb,
                                            solution_page_nb)
from crmcourse.authoring.site.rendering import ZH_CSS, site_css, zh_css
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


def _editions(root: Path, only: Iterable[str], languages: Iterable[str] | None, log) -> dict[str, list]:
    """Language → its notebook entries; Chinese only where ``solutions/zh`` exists and has a match."""
    chosen = [check_language(x) for x in languages] if languages is not None else \
        [x for x in LANGUAGES if x == "en" or has_edition(root, x)]
    editions = {}
    for language in chosen:
        try:
            editions[language] = collect(root, only, language=language)
        except SiteBuildError:
            if language == "en" or languages is not None:
                raise
            log(f"note: the Chinese edition has no notebook matching --only; {ZH}/ is not built")
    english = {e.stem: e for e in editions.get("en", [])}
    for entry in editions.get("zh", []):   # the second column of the Chinese course map: the English title
        if entry.stem in english:
            entry.subtitle = english[entry.stem].title
    return editions


def _depth(page: str, language: str) -> int:
    """Folders between the site root and ``page`` of the ``language`` edition (zh/ is one more)."""
    return len(Path(page).parts) - 1 + (language != "en")


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
               install: bool = False, log=print, languages: Iterable[str] | None = None) -> dict:
    """Build the self-study site into ``out`` (replaced if it is an earlier site); returns a report.

    Layout: ``index.html`` (course map), ``glossary.html``, ``notebooks/<rel>.html`` (learner pages,
    next to a copy of the learner ``.ipynb``), ``solutions/<rel>.html`` (worked solutions), ``_static/``;
    and the same pages of the Chinese edition under ``zh/`` when ``root/solutions/zh`` exists.

    Parameters
    ----------
    out : path
        The site folder; an earlier site there is replaced, any other non-empty folder refused.
    root : path, optional
        The course (default: :func:`crmcourse.paths.project_root`): ``solutions/`` and
        ``notebooks/``, and for the Chinese edition ``solutions/zh/`` and ``notebooks/zh/``.
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
    languages : iterable of {"en", "zh"}, optional
        The editions to build (default: English, and Chinese when ``solutions/zh`` holds notebooks).

    Returns
    -------
    dict
        ``out``, ``languages``, ``notebooks`` (stems; Chinese ones as ``zh/<stem>``), ``built``,
        ``failed`` (stem → error), ``seconds``, ``bytes``.

    Raises
    ------
    SiteBuildError
        No solutions folder, nothing matches ``only``, the assets are missing (the CJK web font
        too when the Chinese edition is built), or ``out`` is a folder that is not a crmcourse
        site. A notebook that fails to run is reported in ``failed`` instead.
    CourseDataError
        An unknown language.
    """
    started = time.perf_counter()
    root = Path(root) if root is not None else project_root()
    out = Path(out)
    editions = _editions(root, only, languages, log)
    groups = SITE_GROUPS + (ZH_GROUPS if "zh" in editions else ())
    modules = find_node_modules(root, node_modules, install=install, groups=groups)
    _prepare_out(out)
    copy_assets(modules, out / STATIC, groups)
    (out / STATIC / "crmcourse-site.css").write_text(site_css(), encoding="utf-8")
    if "zh" in editions:
        (out / STATIC / ZH_CSS).write_text(zh_css(), encoding="utf-8")
    stems = {language: {e.stem for e in entries} for language, entries in editions.items()}

    def switch(page: str, entry_or_none: NotebookEntry | None, language: str) -> dict | None:
        others = [x for x in editions if x != language]
        if not others:
            return None
        exists = entry_or_none is None or entry_or_none.stem in stems[others[0]]
        return language_switch(page, language, exists=exists)

    def key(entry: NotebookEntry) -> str:
        return entry.stem if entry.language == "en" else f"{ZH}/{entry.stem}"

    def learner_page(entry: NotebookEntry) -> str:
        t0 = time.perf_counter()
        nb = _run_learner(entry, timeout)
        target = edition_folder(out, entry.language) / entry.page
        target.parent.mkdir(parents=True, exist_ok=True)
        page_nb = learner_page_nb(nb, entry, switch=switch(entry.page, entry, entry.language))
        target.write_text(export_page(page_nb, _depth(entry.page, entry.language), name=entry.rel.stem,
                                      language=entry.language), encoding="utf-8")
        nbformat.write(_learner_notebook(entry), target.with_suffix(".ipynb"))
        log(f"  learner  {target.relative_to(out).as_posix()} ({time.perf_counter() - t0:.1f} s)")
        return key(entry)

    failed: dict[str, str] = {}
    built: set[str] = set()
    every = [entry for entries in editions.values() for entry in entries]
    workers = max(1, jobs or min(4, os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = {pool.submit(learner_page, entry): entry for entry in every}
        for entry in every:   # solution pages need no kernel: render them while the learners run
            nb = nbformat.read(entry.solution, as_version=4)
            target = edition_folder(out, entry.language) / entry.solution_page
            target.parent.mkdir(parents=True, exist_ok=True)
            page_nb = solution_page_nb(nb, entry, switch=switch(entry.solution_page, entry, entry.language))
            target.write_text(export_page(page_nb, _depth(entry.solution_page, entry.language), name=entry.rel.stem,
                                          language=entry.language), encoding="utf-8")
            log(f"  solution {target.relative_to(out).as_posix()}")
        for future, entry in futures.items():
            try:
                built.add(future.result())
            except Exception as exc:  # a notebook that does not run must not hide the others
                failed[key(entry)] = f"{type(exc).__name__}: {exc}"
                log(f"FAILED {entry.learner or entry.solution}: {str(exc)[-600:]}")
    for language, entries in editions.items():
        folder, static = edition_folder(out, language), static_url(int(language != "en"))
        done = {e.stem for e in entries if key(e) in built}
        (folder / "index.html").write_text(
            index_page(entries, module_titles(root, language), done, language=language,
                       switch=switch("index.html", None, language), static=static), encoding="utf-8")
        (folder / "glossary.html").write_text(
            glossary_page(language=language, switch=switch("glossary.html", None, language), static=static),
            encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"out": out, "languages": list(editions), "notebooks": [key(e) for e in every], "built": sorted(built),
            "failed": failed, "seconds": time.perf_counter() - started, "bytes": size}
