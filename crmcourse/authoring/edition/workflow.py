"""The catalog workflow over the whole course: extract, update, status and the CI check.

Every function takes the solutions folder and the translations folder, so tests can work on
copies; :mod:`crmcourse.cli` passes ``<project>/solutions`` and ``<project>/translations``.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import nbformat

from crmcourse.authoring.edition.build import (Untranslated, edition_path, english_files,
                                               locale_of, translate_notebook)
from crmcourse.authoring.edition.catalogs import (EditionError, catalog_path, extract_catalog,
                                                  merge_catalog, notebook_entries, read_catalog,
                                                  write_catalog)
from crmcourse.authoring.markers import source_text

__all__ = ["extract_all", "update_all", "NotebookStatus", "status", "status_table", "check_edition",
           "translations_dir_for", "MAX_LISTED"]

#: How many missing/fuzzy messages of one notebook :func:`check_edition` lists by name.
MAX_LISTED = 10


def translations_dir_for(solutions_dir) -> Path:
    """The translations folder that belongs to a solutions folder (its sibling).

    >>> translations_dir_for("/course/solutions").as_posix()
    '/course/translations'
    """
    return Path(solutions_dir).resolve().parent / "translations"


def _name(rel: str) -> str:
    return rel[:-len(".ipynb")] if rel.endswith(".ipynb") else rel


def _select(solutions_dir, paths) -> list[str]:
    known = english_files(solutions_dir)
    if not paths:
        return known
    chosen = []
    for path in paths:
        rel = Path(path).as_posix()
        for prefix in (Path(solutions_dir).as_posix().rstrip("/") + "/", "solutions/"):
            rel = rel[len(prefix):] if rel.startswith(prefix) else rel
        rel = rel if rel.endswith(".ipynb") else rel + ".ipynb"
        if rel not in known:
            raise EditionError(f"{path} is not an English notebook under {solutions_dir}",
                               fix="give a path such as 01_satisfaction/03_kano.ipynb (`crmcourse translate status` lists them)")
        chosen.append(rel)
    return chosen


def extract_all(solutions_dir, translations_dir, *, lang: str = "zh", paths=None) -> dict[str, str]:
    """Create the catalog of every English notebook that has none; existing catalogs are kept.

    Returns ``{rel: "written" | "kept"}``. A kept catalog is brought up to date by
    :func:`update_all`, never overwritten, so a translator's work cannot be lost here.
    """
    done = {}
    for rel in _select(solutions_dir, paths):
        target = catalog_path(rel, translations_dir, locale_of(lang))
        if target.is_file():
            done[rel] = "kept"
            continue
        write_catalog(extract_catalog(Path(solutions_dir) / rel, name=_name(rel)), target)
        done[rel] = "written"
    return done


def update_all(solutions_dir, translations_dir, *, lang: str = "zh", paths=None) -> dict[str, object]:
    """Merge a fresh extraction into each catalog (created when missing); ``{rel: MergeReport|"written"}``.

    See :func:`~crmcourse.authoring.edition.catalogs.merge_catalog`: unchanged messages keep their
    translation, a changed markdown cell keeps it as a fuzzy suggestion, and a translation whose
    English is gone stays as an obsolete ``#~`` entry.
    """
    done: dict[str, object] = {}
    for rel in _select(solutions_dir, paths):
        target = catalog_path(rel, translations_dir, locale_of(lang))
        fresh = extract_catalog(Path(solutions_dir) / rel, name=_name(rel))
        if not target.is_file():
            write_catalog(fresh, target)
            done[rel] = "written"
            continue
        catalog = read_catalog(target)
        done[rel] = merge_catalog(catalog, fresh)
        write_catalog(catalog, target)
    return done


@dataclasses.dataclass
class NotebookStatus:
    """Translation progress of one notebook's catalog."""

    notebook: str
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    stale: bool = False
    has_catalog: bool = True
    built: bool = False

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing


def status(solutions_dir, translations_dir, *, lang: str = "zh") -> list[NotebookStatus]:
    """Per English notebook: translated, fuzzy and missing messages; stale catalog; edition built."""
    rows = []
    for rel in english_files(solutions_dir):
        row = NotebookStatus(_name(rel), built=edition_path(rel, solutions_dir, lang).is_file())
        target = catalog_path(rel, translations_dir, locale_of(lang))
        if not target.is_file():
            row.has_catalog = False
            row.missing = len(notebook_entries(Path(solutions_dir) / rel, name=_name(rel)))
            rows.append(row)
            continue
        catalog = read_catalog(target)
        for message in catalog:
            if not message.id:
                continue
            if not message.string:
                row.missing += 1
            elif message.fuzzy:
                row.fuzzy += 1
            else:
                row.translated += 1
        fresh = {(e.context, e.msgid) for e in notebook_entries(Path(solutions_dir) / rel, name=_name(rel))}
        row.stale = fresh != {(m.context, m.id) for m in catalog if m.id}
        rows.append(row)
    return rows


def status_table(rows: list[NotebookStatus]) -> str:
    """The table ``crmcourse translate status`` prints.

    >>> print(status_table([NotebookStatus("00_start_here", translated=3, missing=1, built=True)]))
    notebook         translated  fuzzy  missing    done  note
    00_start_here             3      0        1    75 %  built
    all                       3      0        1    75 %
    """
    width = max([len("notebook")] + [len(r.notebook) for r in rows]) + 2
    lines = [f"{'notebook':<{width}} translated  fuzzy  missing    done  note"]
    for r in rows:
        notes = [n for n, on in (("no catalog", not r.has_catalog), ("stale: run `crmcourse translate update`", r.stale),
                                 ("built", r.built)) if on]
        share = f"{100 * r.translated // r.total:>4} %" if r.total else "   - "
        lines.append(f"{r.notebook:<{width}}{r.translated:>10}{r.fuzzy:>7}{r.missing:>9}  {share}  {', '.join(notes)}".rstrip())
    t, f, m = (sum(getattr(r, k) for r in rows) for k in ("translated", "fuzzy", "missing"))
    share = f"{100 * t // (t + f + m):>4} %" if t + f + m else "   - "
    lines.append(f"{'all':<{width}}{t:>10}{f:>7}{m:>9}  {share}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the CI check

def _comparable(nb) -> list:
    """What a generated notebook must match exactly: cell kinds, ids, sources, tags, metadata."""
    cells = []
    for cell in nb.cells:
        meta = {k: v for k, v in cell.get("metadata", {}).items() if k not in ("execution", "collapsed", "scrolled", "jupyter")}
        cells.append((cell.get("cell_type"), cell.get("id"), source_text(cell.get("source", "")), meta))
    return cells


def _output_shape(nb) -> list:
    """Which code cells have outputs, and of what types (stream name, or output type)."""
    shape = []
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            shape.append([o.get("name", o.get("output_type")) if o.get("output_type") == "stream"
                          else o.get("output_type") for o in cell.get("outputs", [])])
    return shape


def _first_difference(want: list, got: list) -> str:
    if len(want) != len(got):
        return f"{len(got)} cells instead of {len(want)}"
    for index, (a, b) in enumerate(zip(want, got)):
        if a != b:
            return f"cell {index + 1} (id {a[1]})"
    return "metadata"


def check_edition(solutions_dir, translations_dir, *, lang: str = "zh", partial: bool = False) -> list[str]:
    """Everything wrong with the *lang* edition (``[]`` when it is complete and current).

    For each English notebook: its catalog exists, is not stale (its messages equal a fresh
    extraction), has no missing or fuzzy message (each named by notebook, cell and the first 60
    characters; with ``partial=True`` these are not problems), and its translations keep fields,
    markers and valid code; ``solutions/<lang>/<rel>`` exists and equals, cell for cell, what
    ``crmcourse translate build`` generates from the current catalog (outputs aside); its outputs
    have the English notebook's shape (same code cells with outputs, same output types). Nothing
    is executed. A catalog or an edition notebook without an English notebook is reported too. The learner
    copies under ``notebooks/<lang>/`` and their leak check are the learner generator's
    (``crmcourse learner --check`` runs both).
    """
    solutions_dir = Path(solutions_dir)
    locale = locale_of(lang)
    problems: list[str] = []
    rels = english_files(solutions_dir)
    for rel in rels:
        name = _name(rel)
        target = catalog_path(rel, translations_dir, locale)
        po = target.as_posix()
        if not target.is_file():
            problems.append(f"{name}: no catalog {po}: run `crmcourse translate update`")
            continue
        try:
            catalog = read_catalog(target)
            english = nbformat.read(solutions_dir / rel, as_version=4)
            entries = notebook_entries(english, name=name)
        except EditionError as err:
            problems.append(str(err))
            continue
        fresh = {(e.context, e.msgid) for e in entries}
        have = {(m.context, m.id) for m in catalog if m.id}
        if fresh != have:
            problems.append(f"{name}: catalog {po} is stale ({len(fresh - have)} new, {len(have - fresh)} "
                            f"changed or gone in the English notebook): run `crmcourse translate update`")
        try:
            generated, report = translate_notebook(english, catalog, name=name, lang=lang)
        except EditionError as err:
            problems.append(str(err))
            continue
        if not partial:
            left = _unique(report.untranslated)
            problems += [str(u) for u in left[:MAX_LISTED]]
            if len(left) > MAX_LISTED:
                problems.append(f"{name}: … and {len(left) - MAX_LISTED} more untranslated or fuzzy "
                                f"(`crmcourse translate status`; translate them in {po})")
        stored_path = edition_path(rel, solutions_dir, lang)
        if not stored_path.is_file():
            problems.append(f"{name}: no {stored_path.as_posix()}: run `crmcourse translate build`")
            continue
        stored = nbformat.read(stored_path, as_version=4)
        if _comparable(stored) != _comparable(generated):
            problems.append(f"{name}: {stored_path.as_posix()} differs from what the catalog generates at "
                            f"{_first_difference(_comparable(generated), _comparable(stored))}: "
                            f"run `crmcourse translate build {rel}`")
        elif stored.metadata.get("crmcourse") != {"language": lang}:
            problems.append(f"{name}: {stored_path.as_posix()} lacks the metadata crmcourse.language = {lang!r}: "
                            f"run `crmcourse translate build {rel}`")
        elif _output_shape(stored) != _output_shape(english):
            problems.append(f"{name}: {stored_path.as_posix()} has outputs of another shape than English "
                            f"(cells with outputs or output types differ): run `crmcourse translate build {rel}`")
    catalogs_dir = Path(translations_dir) / locale
    known = {catalog_path(rel, translations_dir, locale) for rel in rels}
    for po in sorted(catalogs_dir.rglob("*.po")) if catalogs_dir.is_dir() else []:
        if po not in known:
            rel = po.relative_to(catalogs_dir).with_suffix(".ipynb").as_posix()
            problems.append(f"{po.as_posix()}: no English notebook {rel} (renamed or deleted?): move the "
                            f"catalog to the new name, or delete it once its translations are not needed")
    for rel in _edition_files(solutions_dir, lang):
        if rel not in rels:
            problems.append(f"{(solutions_dir / lang / rel).as_posix()}: no English notebook {rel}; "
                            f"delete it or restore the English notebook")
    return problems


def _unique(items: list[Untranslated]) -> list[Untranslated]:
    seen, out = set(), []
    for item in items:
        if (item.text, item.state) not in seen:
            seen.add((item.text, item.state))
            out.append(item)
    return out


def _edition_files(solutions_dir: Path, lang: str) -> list[str]:
    from crmcourse.authoring.learner import notebooks_under

    return notebooks_under(solutions_dir / lang)



