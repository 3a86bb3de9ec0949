"""One gettext catalog per solution notebook: extract, read, write, merge (update) and count.

``translations/zh_CN/<path under solutions/ without .ipynb>.po`` holds the Chinese of one
notebook. Each markdown cell is one message (msgctxt = the cell id, msgid = the whole cell);
each translatable string literal or comment of the code cells is one message (msgctxt
``"code"``, shared by every cell that has the same text). Locations read ``cell N`` (cells
counted from 1, as a reader counts them).

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello", id="intro"),
...     nbformat.v4.new_code_cell('print("two words")  # a comment', id="c1")])
>>> [(m.context, m.id) for m in extract_catalog(nb) if m.id]
[('intro', '# Hello'), ('code', 'two words'), ('code', 'a comment')]
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import os
from difflib import get_close_matches
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from crmcourse.authoring.edition.extract import CODE_CONTEXT, NotebookPins, Piece, code_pieces, notebook_pins, scan_code
from crmcourse.authoring.markers import source_text
from crmcourse.errors import CourseDataError

__all__ = ["LOCALE", "Entry", "notebook_entries", "pinned_texts", "pins_of", "extract_catalog", "read_catalog",
           "write_catalog", "catalog_text", "merge_catalog", "MergeReport", "catalog_path",
           "EditionError"]

#: The locale folder of the Chinese catalogs under ``translations/``.
LOCALE = "zh_CN"
_WIDTH = 76


class EditionError(CourseDataError):
    """A notebook or catalog of the Chinese edition cannot be used; the message names it."""


@dataclasses.dataclass
class Entry:
    """One message of a notebook: where it is and what it says."""

    context: str              # the cell id (markdown) or "code"
    msgid: str
    cells: list[int]          # 0-based cell indexes
    cell_ids: list[str]
    comments: list[str]       # hints for translators (#. lines)


def _nb(nb_or_path) -> tuple[nbformat.NotebookNode, str]:
    if isinstance(nb_or_path, (str, os.PathLike)):
        path = Path(nb_or_path)
        try:
            return nbformat.read(path, as_version=4), str(path)
        except FileNotFoundError:
            raise EditionError(f"no notebook at {path}",
                               fix="give the path of an English notebook under solutions/") from None
        except Exception as err:  # noqa: BLE001 - name the broken file
            raise EditionError(f"{path}: cannot read the notebook ({err})",
                               fix="repair the notebook JSON (open and save it in JupyterLab)") from None
    if not isinstance(nb_or_path, dict) or "cells" not in nb_or_path:
        raise EditionError(f"expected a notebook or a path, got {type(nb_or_path).__name__}",
                           fix="pass nbformat.read(path, as_version=4) or the path itself")
    return nb_or_path, str(nb_or_path.get("metadata", {}).get("crmcourse", {}).get("path", "notebook"))


def pinned_texts(nb) -> frozenset[str]:
    """Texts some code cell of *nb* uses as data (column name, compared value, answer).

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('df["share of wallet"]')])
    >>> sorted(pinned_texts(nb))
    ['share of wallet']
    """
    pinned: set[str] = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            pinned |= scan_code(source_text(cell.get("source", "")))[1]
    return frozenset(pinned)


def pins_of(nb) -> NotebookPins:
    """The :class:`~crmcourse.authoring.edition.extract.NotebookPins` of *nb*'s code cells.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('df["share of wallet"]'),
    ...     nbformat.v4.new_code_cell('plots.bar(t, "actual")')])
    >>> pins = pins_of(nb)
    >>> sorted(pins.pinned), "actual" in pins.loose
    (['share of wallet'], True)
    """
    return notebook_pins(source_text(cell.get("source", "")) for cell in nb.get("cells", [])
                         if cell.get("cell_type") == "code")


def _comment_for(piece: Piece, source: str) -> list[str]:
    line = source.splitlines()[piece.line - 1].strip()
    shown = line if len(line) <= 110 else line[:107] + "..."
    notes = [f"code: {shown}"]
    if piece.kind == "comment":
        notes.append("a comment in the code")
    if piece.fstring:
        notes.append("f-string: keep every {field} exactly as written")
    if piece.note:
        notes.append(piece.note)
    return notes


def notebook_entries(nb_or_path, *, name: str | None = None) -> list[Entry]:
    """The messages of one English notebook, in order of first appearance.

    Raises
    ------
    EditionError
        A markdown cell has no id (the notebook is older than nbformat 4.5).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('print("two words")', id="a"),
    ...     nbformat.v4.new_code_cell('print("two words")', id="b")])
    >>> [(e.msgid, e.cells) for e in notebook_entries(nb)]
    [('two words', [0, 1])]
    """
    nb, where = _nb(nb_or_path)
    where = name or where
    pins = pins_of(nb)
    entries: list[Entry] = []
    code: dict[str, Entry] = {}
    for index, cell in enumerate(nb.get("cells", [])):
        kind = cell.get("cell_type")
        source = source_text(cell.get("source", ""))
        cell_id = cell.get("id") or ""
        if kind == "markdown":
            if not source.strip():
                continue
            if not cell_id:
                raise EditionError(f"{where}: markdown cell {index + 1} has no cell id, so its "
                                   f"translation would have no stable key",
                                   fix="upgrade the notebook to nbformat 4.5 (open and save it in "
                                       "JupyterLab 3+, or nbformat.validator.normalize) to give every cell an id")
            entries.append(Entry(cell_id, source, [index], [cell_id],
                                 ["markdown cell: keep Markdown, LaTeX, `code`, links and any "
                                  "### BEGIN/END SOLUTION lines"]))
        elif kind == "code":
            for piece in code_pieces(source, pins):
                entry = code.get(piece.text)
                if entry is None:
                    entry = code[piece.text] = Entry(CODE_CONTEXT, piece.text, [], [],
                                                     _comment_for(piece, source))
                    entries.append(entry)
                if index not in entry.cells:
                    entry.cells.append(index)
                    entry.cell_ids.append(cell_id)
    return entries


def _new_catalog(name: str) -> Catalog:
    return Catalog(locale=LOCALE, domain=name, project="crmcourse notebooks", version="0.1.0",
                   copyright_holder="crmcourse authors", msgid_bugs_address="https://github.com/crmcourse",
                   fuzzy=False, header_comment=(f"# Chinese (zh_CN) translation of the crmcourse notebook {name}.\n"
                                                "# Generated by `crmcourse translate extract`; translators fill msgstr.\n"
                                                "# Markdown cells: msgctxt is the cell id. Code strings and comments: "
                                                "msgctxt \"code\".\n#"))


def extract_catalog(nb_or_path, *, name: str | None = None) -> Catalog:
    """A fresh catalog (every msgstr empty) for one English notebook.

    Parameters
    ----------
    nb_or_path : nbformat.NotebookNode or path
        The English solution notebook.
    name : str, optional
        How messages and errors name the notebook (default: its path).

    Returns
    -------
    babel.messages.catalog.Catalog
        Locale ``zh_CN``; locations ``cell N`` (from 1); auto comments with the code line.

    Raises
    ------
    EditionError
        The notebook cannot be read or a markdown cell has no id.

    Examples
    --------
    >>> import nbformat
    >>> cat = extract_catalog(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     'ax.set_title(f"{n} accounts by class")', id="c")]))
    >>> m = cat.get("{n} accounts by class", context="code")
    >>> m.locations, m.string
    ([('cell', 1)], '')
    """
    nb, where = _nb(nb_or_path)
    catalog = _new_catalog(name or Path(where).stem)
    for entry in notebook_entries(nb, name=name or where):
        catalog.add(entry.msgid, "", locations=[("cell", i + 1) for i in entry.cells],
                    auto_comments=entry.comments, context=entry.context)
    return catalog


def catalog_path(rel: str, translations_dir: str | os.PathLike, locale: str = LOCALE) -> Path:
    """The catalog of the notebook at *rel* (relative to solutions/).

    >>> catalog_path("01_satisfaction/03_kano.ipynb", "translations").as_posix()
    'translations/zh_CN/01_satisfaction/03_kano.po'
    """
    return Path(translations_dir) / locale / Path(rel).with_suffix(".po")


def read_catalog(path: str | os.PathLike) -> Catalog:
    """Read a ``.po`` file; a broken one is an :class:`EditionError` naming file and line.

    >>> read_catalog("/no/such.po")
    Traceback (most recent call last):
    ...
    crmcourse.authoring.edition.catalogs.EditionError: no catalog at /no/such.po. Fix: run `crmcourse translate extract` to create it.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EditionError(f"no catalog at {path}", fix="run `crmcourse translate extract` to create it") from None
    try:
        return read_po(io.BytesIO(data), locale=LOCALE, abort_invalid=True)
    except Exception as err:  # noqa: BLE001 - babel raises several kinds
        raise EditionError(f"{path}: not a valid .po file ({err})",
                           fix="open it in Poedit, which shows the broken entry, or restore it from git") from None


def catalog_text(catalog: Catalog) -> bytes:
    """The ``.po`` bytes of *catalog* (obsolete entries kept as ``#~``; previous msgids kept)."""
    out = io.BytesIO()
    write_po(out, catalog, width=_WIDTH, include_previous=True, omit_header=False)
    return out.getvalue()


def write_catalog(catalog: Catalog, path: str | os.PathLike) -> bool:
    """Write *catalog* to *path* unless the file already says the same; True when written.

    The comparison reads the file and serialises it the same way (dates in the header ignored),
    so re-running a command on an unchanged catalog changes no file, even one a translator saved
    with another line width or tool.
    """
    path = Path(path)
    data = catalog_text(catalog)
    if path.is_file():
        try:
            current = catalog_text(read_catalog(path))
        except EditionError:
            current = None
        if current is not None and _without_dates(current) == _without_dates(data):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def _without_dates(data: bytes) -> bytes:
    return b"\n".join(line for line in data.splitlines()
                      if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:')))


@dataclasses.dataclass
class MergeReport:
    """What :func:`merge_catalog` did to one catalog."""

    added: int = 0
    fuzzy: int = 0
    obsolete: int = 0
    revived: int = 0


def _key(message: Message):
    return (message.id, message.context) if message.context is not None else message.id


def merge_catalog(old: Catalog, fresh: Catalog) -> MergeReport:
    """Merge a fresh extraction into an existing catalog, in place; no translation is lost.

    Babel's ``Catalog.update`` (without its cross-context fuzzy matching) keeps every
    translation whose msgctxt and msgid are unchanged and moves the rest to the obsolete
    (``#~``) entries. Then, for each new message still untranslated:

    * an obsolete translation of exactly that message comes back as it was;
    * a markdown cell whose text changed (same msgctxt = cell id) gets its old translation
      back, marked **fuzzy**, with the old English as ``#| msgid`` for the translator;
    * a changed code string gets the closest old code translation (difflib, ratio >= 0.6),
      also fuzzy.

    Obsolete entries without a translation are dropped; translated ones stay as ``#~``.

    Examples
    --------
    >>> old, fresh = Catalog(locale="zh_CN"), Catalog(locale="zh_CN")
    >>> _ = old.add("Kano model intro", "卡诺模型简介", context="cell-1")
    >>> _ = fresh.add("Kano model introduction", context="cell-1")
    >>> report = merge_catalog(old, fresh)
    >>> m = old.get("Kano model introduction", context="cell-1")
    >>> m.string, m.fuzzy, m.previous_id, report.fuzzy
    ('卡诺模型简介', True, ['Kano model intro'], 1)
    """
    before = {_key(m) for m in old if m.id}
    old.update(fresh, no_fuzzy_matching=True, update_creation_date=False)
    report = MergeReport()
    for message in old:
        if not message.id:
            continue
        # Babel's update copies the template's comments/locations; flags come from the old message
        if _key(message) not in before:
            report.added += 1
    obsolete = old.obsolete
    untranslated = [m for m in old if m.id and not m.string]
    for message in list(untranslated):  # 1. the same message back: its translation as it was
        found = obsolete.pop(_key(message), None)
        if found is not None and found.string:
            message.string, message.flags = found.string, set(found.flags)
            untranslated.remove(message)
            report.revived += 1
            report.added -= 1
        elif found is not None:
            obsolete[_key(message)] = found
    for message in untranslated:  # 2. a changed message: the old translation as a fuzzy suggestion
        candidates = {k: m for k, m in obsolete.items() if m.string and m.context == message.context}
        match = None
        if message.context != CODE_CONTEXT:
            match = next(iter(candidates), None)
        elif candidates:
            texts = {m.id: k for k, m in candidates.items()}
            close = get_close_matches(message.id, list(texts), 1, 0.6)
            match = texts[close[0]] if close else None
        if match is not None:
            previous = obsolete.pop(match)
            message.string = previous.string
            message.flags = message.flags | {"fuzzy"}
            message.previous_id = [previous.id]
            report.fuzzy += 1
            report.added -= 1
    for key in [k for k, m in obsolete.items() if not m.string]:
        del obsolete[key]
    report.obsolete = len(obsolete)
    old.revision_date = _dt.datetime.now(_dt.timezone.utc)
    return report
