"""Make a language edition of a notebook: apply its catalog to the English cells, then execute.

The generated notebook has the English notebook's cells in the same order, with the same ids,
tags and metadata; markdown is replaced by its translation, and in code only the extracted
pieces (string literals' inner text, comments) change. Its first code cell starts with
:data:`LANGUAGE_HEADER`. A message without a translation (or still fuzzy) keeps its English and
is reported, so a half-translated catalog already gives a usable notebook.

>>> import nbformat
>>> from babel.messages.catalog import Catalog
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
...     'print(f"{n} accounts in all")  # count them', id="c1")])
>>> cat = Catalog(locale="zh_CN")
>>> _ = cat.add("{n} accounts in all", "共 {n} 个客户", context="code")
>>> zh, report = translate_notebook(nb, cat, name="demo")
>>> print(zh.cells[0].source)
import crmcourse
crmcourse.set_language("zh")  # 中文版：检查反馈与图表使用中文
print(f"共 {n} 个客户")  # count them
>>> [(u.state, u.text) for u in report.untranslated]
[('missing', 'count them')]
"""
from __future__ import annotations

import ast
import copy
import dataclasses
import os
import re
from pathlib import Path

import nbformat

from crmcourse.authoring.edition.catalogs import (LOCALE, EditionError, catalog_path, pins_of,
                                                  read_catalog)
from crmcourse.authoring.edition.extract import CODE_CONTEXT, NotebookPins, code_pieces, fields_of
from crmcourse.authoring.markers import is_marker_line, source_text

__all__ = ["LANGUAGES", "LANGUAGE_HEADER", "Untranslated", "TranslateReport", "translate_notebook",
           "translate_code", "edition_path", "english_files", "build_notebook", "build_edition",
           "language_header", "locale_of"]

#: Edition languages: the folder name under solutions/ and notebooks/ → the catalog locale.
LANGUAGES = {"zh": LOCALE}
#: What the first code cell of a Chinese notebook starts with.
LANGUAGE_HEADER = 'import crmcourse\ncrmcourse.set_language("zh")  # 中文版：检查反馈与图表使用中文\n'
_TEMPLATE_FIELD = re.compile(r"\$(?:\{\w+\}|\w+)")


def locale_of(lang: str) -> str:
    """The catalog locale of an edition language.

    >>> locale_of("zh")
    'zh_CN'
    >>> locale_of("fr")
    Traceback (most recent call last):
    ...
    crmcourse.authoring.edition.catalogs.EditionError: 'fr' is not an edition language. Fix: use --lang zh.
    """
    if lang not in LANGUAGES:
        raise EditionError(f"{lang!r} is not an edition language",
                           fix="use --lang " + " or --lang ".join(LANGUAGES))
    return LANGUAGES[lang]


def language_header(lang: str) -> str:
    """The lines that switch a notebook's kernel to *lang* (its first code cell starts with them)."""
    locale_of(lang)
    return LANGUAGE_HEADER


@dataclasses.dataclass(frozen=True)
class Untranslated:
    """A message the build left in English: ``state`` is ``"missing"`` or ``"fuzzy"``."""

    notebook: str
    cell: int          # 0-based index
    cell_id: str
    text: str
    state: str

    def __str__(self) -> str:
        short = self.text.replace("\n", " ")
        short = short if len(short) <= 60 else short[:60] + "…"
        return f"{self.notebook}: cell {self.cell + 1} (id {self.cell_id}): {self.state}: {short!r}"


@dataclasses.dataclass
class TranslateReport:
    """What :func:`translate_notebook` applied and what it left in English."""

    translated: int = 0
    untranslated: list[Untranslated] = dataclasses.field(default_factory=list)


def _lookup(catalog, text: str, context: str):
    message = catalog.get(text, context=context)
    if message is None or not message.string:
        return None, "missing"
    if message.fuzzy:
        return None, "fuzzy"
    return message.string, "ok"


def _check_fields(name: str, cell: int, english: str, chinese: str) -> None:
    want, got = sorted(fields_of(english)), sorted(fields_of(chinese))
    if want != got:
        lost = [f for f in want if f not in got] or ["(none)"]
        extra = [f for f in got if f not in want] or ["(none)"]
        raise EditionError(
            f"{name}: cell {cell + 1}: the translation of {english[:60]!r} must keep every {{field}} "
            f"of the English string: missing {', '.join(lost)}; added {', '.join(extra)}",
            fix="copy each {field} into the msgstr exactly as it is in the msgid")
    if sorted(_TEMPLATE_FIELD.findall(english)) != sorted(_TEMPLATE_FIELD.findall(chinese)):
        raise EditionError(
            f"{name}: cell {cell + 1}: the translation of {english[:60]!r} must keep every ${{name}} "
            f"template field of the English string", fix="copy each ${name} into the msgstr unchanged")


def translate_code(source: str, catalog, *, name: str = "notebook", cell: int = 0, cell_id: str = "",
                   pinned: NotebookPins | frozenset[str] = frozenset(),
                   report: TranslateReport | None = None) -> str:
    """*source* with every extracted piece replaced by its translation (English where there is none).

    Raises
    ------
    EditionError
        A translation drops or adds a ``{field}``, puts a line break into a comment, or makes the
        cell invalid Python (a quote or a line break a string literal cannot hold).

    Examples
    --------
    >>> from babel.messages.catalog import Catalog
    >>> cat = Catalog(locale="zh_CN")
    >>> _ = cat.add("{n} accounts in all", "客户数", context="code")
    >>> translate_code('print(f"{n} accounts in all")', cat, name="m1/demo")
    Traceback (most recent call last):
    ...
    crmcourse.authoring.edition.catalogs.EditionError: m1/demo: cell 1: the translation of '{n} accounts in all' must keep every {field} of the English string: missing {n}; added (none). Fix: copy each {field} into the msgstr exactly as it is in the msgid.
    """
    report = report if report is not None else TranslateReport()
    out, last = [], 0
    for piece in code_pieces(source, pinned):
        new, state = _lookup(catalog, piece.text, CODE_CONTEXT)
        if new is None:
            report.untranslated.append(Untranslated(name, cell, cell_id, piece.text, state))
            continue
        if piece.kind == "comment":
            if "\n" in new or "\r" in new:
                raise EditionError(f"{name}: cell {cell + 1}: the translation of the comment "
                                   f"{piece.text[:60]!r} has a line break",
                                   fix="keep a comment's translation on one line")
        else:
            _check_fields(name, cell, piece.text, new)
        out.append(source[last:piece.start])
        out.append(new)
        last = piece.end
        report.translated += 1
    out.append(source[last:])
    result = "".join(out)
    if result != source:
        try:
            ast.parse(result)
        except SyntaxError as err:
            raise EditionError(
                f"{name}: cell {cell + 1}: the translated code is not valid Python ({err.msg}, line "
                f"{err.lineno}); a translated string holds a quote or line break its literal cannot hold",
                fix="in the msgstr write \\\" or \\' for a quote of the literal's kind and \\n for a line "
                    "break, as the msgid does") from None
    return result


def _marker_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if is_marker_line(line)]


def translate_notebook(nb, catalog, *, name: str, lang: str = "zh") -> tuple[nbformat.NotebookNode, TranslateReport]:
    """The *lang* edition of English notebook *nb* (not executed; outputs cleared).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The English solution notebook (left untouched).
    catalog : babel.messages.catalog.Catalog
        Its catalog (:func:`~crmcourse.authoring.edition.catalogs.read_catalog`).
    name : str
        How errors and reports name the notebook (``01_satisfaction/03_kano``).
    lang : str, default "zh"
        The edition language (:data:`LANGUAGES`).

    Returns
    -------
    (nbformat.NotebookNode, TranslateReport)
        The generated notebook, and what it left in English.

    Raises
    ------
    EditionError
        A translation breaks a ``{field}``, a solution marker line of a markdown cell, or the code.

    Examples
    --------
    >>> import nbformat
    >>> from babel.messages.catalog import Catalog
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Why?", id="m1")])
    >>> cat = Catalog(locale="zh_CN")
    >>> _ = cat.add("Why?", "为什么？", context="m1")
    >>> zh, _ = translate_notebook(nb, cat, name="demo")
    >>> zh.cells[0].source, zh.cells[0].id, zh.metadata["crmcourse"]
    ('为什么？', 'm1', {'language': 'zh'})
    """
    locale_of(lang)
    report = TranslateReport()
    new = copy.deepcopy(nb)
    pins = pins_of(nb)
    header_done = False
    for index, cell in enumerate(new.cells):
        source = source_text(cell.get("source", ""))
        cell_id = cell.get("id") or ""
        if cell.cell_type == "markdown" and source.strip():
            text, state = _lookup(catalog, source, cell_id)
            if text is None:
                report.untranslated.append(Untranslated(name, index, cell_id, source, state))
            else:
                if _marker_lines(text) != _marker_lines(source):
                    raise EditionError(
                        f"{name}: cell {index + 1} (id {cell_id}): the translation must keep the "
                        f"solution marker lines of the English cell ({', '.join(_marker_lines(source)) or 'none'})",
                        fix="copy the ### BEGIN SOLUTION / ### END SOLUTION lines into the msgstr unchanged")
                cell.source = text
                report.translated += 1
        elif cell.cell_type == "code":
            code = translate_code(source, catalog, name=name, cell=index, cell_id=cell_id,
                                  pinned=pins, report=report)
            if not header_done:
                code = language_header(lang) + code
                header_done = True
            cell.source = code
            cell.outputs = []
            cell.execution_count = None
    new.metadata = nbformat.from_dict({**copy.deepcopy(dict(nb.metadata)), "crmcourse": {"language": lang}})
    new.metadata.setdefault("language_info", {"name": "python"})
    new.metadata.pop("widgets", None)
    return new, report


# --------------------------------------------------------------------------- files


def edition_path(rel: str, top: str | os.PathLike, lang: str = "zh") -> Path:
    """Where the *lang* edition of ``<top>/<rel>`` lives.

    >>> edition_path("01_satisfaction/03_kano.ipynb", "solutions").as_posix()
    'solutions/zh/01_satisfaction/03_kano.ipynb'
    """
    return Path(top) / lang / rel


def english_files(solutions_dir: str | os.PathLike) -> list[str]:
    """The English solution notebooks (relative paths), edition folders left out.

    >>> english_files("/no/such/folder")
    []
    """
    from crmcourse.authoring.learner import notebooks_under

    return notebooks_under(Path(solutions_dir), skip_top=tuple(LANGUAGES))


def _rel_name(rel: str) -> str:
    return rel[:-len(".ipynb")] if rel.endswith(".ipynb") else rel


def build_notebook(solutions_dir, translations_dir, rel: str, *, lang: str = "zh", execute: bool = True,
                   timeout: int = 600) -> tuple[nbformat.NotebookNode, TranslateReport]:
    """Generate (and by default execute) the *lang* edition of ``solutions/<rel>``; nothing is written.

    Executed like ``crmcourse execute`` runs the English notebook (:mod:`crmcourse.authoring.runner`:
    nbclient, normalised outputs), in the English notebook's folder so that relative paths and the
    CRM lab's database resolve the same way.

    Raises
    ------
    EditionError
        No catalog, or a translation that breaks the notebook (see :func:`translate_notebook`).
    crmcourse.authoring.runner.NotebookRunError
        A cell of the generated notebook failed (a translated string the code needed as it was).
    """
    from crmcourse.authoring import runner

    solutions_dir = Path(solutions_dir)
    english = solutions_dir / rel
    try:
        nb = nbformat.read(english, as_version=4)
    except FileNotFoundError:
        raise EditionError(f"no English notebook {english}", fix="give a path relative to solutions/") from None
    catalog = read_catalog(catalog_path(rel, translations_dir, locale_of(lang)))
    zh, report = translate_notebook(nb, catalog, name=_rel_name(rel), lang=lang)
    if execute:
        runner.run(zh, cwd=english.parent, timeout=timeout)
        zh = runner.normalise(zh, Path(rel).name)
    return zh, report


@dataclasses.dataclass
class EditionBuildReport:
    """What :func:`build_edition` wrote and what it left in English."""

    written: list[str] = dataclasses.field(default_factory=list)
    unchanged: list[str] = dataclasses.field(default_factory=list)
    untranslated: list[Untranslated] = dataclasses.field(default_factory=list)


def build_edition(solutions_dir, translations_dir, *, lang: str = "zh", paths: list[str] | None = None,
                  execute: bool = True, timeout: int = 600) -> EditionBuildReport:
    """Write ``solutions/<lang>/<rel>`` for every English notebook (or the *paths* given).

    The learner copies are made afterwards by the learner generator (``crmcourse learner``,
    which :mod:`crmcourse.cli` runs after this), which treats ``solutions/<lang>/`` like any
    other folder of solutions.
    """
    from crmcourse.authoring.learner import render

    solutions_dir = Path(solutions_dir)
    rels = english_files(solutions_dir) if not paths else list(paths)
    report = EditionBuildReport()
    for rel in rels:
        nb, one = build_notebook(solutions_dir, translations_dir, rel, lang=lang, execute=execute,
                                 timeout=timeout)
        report.untranslated += one.untranslated
        target = edition_path(rel, solutions_dir, lang)
        text = render(nb)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            report.unchanged.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
        report.written.append(rel)
    return report
