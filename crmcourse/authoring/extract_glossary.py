"""Babel extraction method of the ``glossary`` gettext domain: the definitions of ``data/glossary.csv``.

The glossary is the course's term base (``term_en, term_zh, module, definition``). Its Chinese
terms live in the CSV itself; its definitions are English, and their Chinese lives in the catalog
``crmcourse/locale/zh_CN/LC_MESSAGES/glossary.po`` (read by :mod:`crmcourse.glossary`), so the
CSV keeps its four columns and the English notebooks' glossary tables do not change.

:func:`extract` reads the CSV and yields one message per row: the ``msgid`` is the definition,
the ``msgctxt`` is the English term (two rows with the same definition stay two entries, and a
changed definition becomes a fuzzy suggestion of its own term on ``pybabel update``). Each
message carries a ``#.`` comment with the term's Chinese name and its module, so the translator
sees the term the definition must use, and the row's line in the CSV as its location.

Registered for ``pybabel extract`` in ``crmcourse/locale/babel-glossary.cfg``::

    [extractors]
    glossary = crmcourse.authoring.extract_glossary:extract
    [glossary: data/glossary.csv]

>>> import io
>>> csv_text = b"term_en,term_zh,module,definition\\nkey account,\\xe5\\xa4\\xa7\\xe5\\xae\\xa2\\xe6\\x88\\xb7,2,A customer of high value.\\n"
>>> list(extract(io.BytesIO(csv_text), (), (), {}))
[(2, 'pgettext', ('key account', 'A customer of high value.'), ['大客户 (module 2)'])]
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from crmcourse.errors import CourseDataError

__all__ = ["DOMAIN", "COLUMNS", "METHOD_MAP", "glossary_messages", "extract"]

#: The gettext domain of the glossary's definitions.
DOMAIN = "glossary"

#: The columns the glossary must have (in this order): the CSV's header.
COLUMNS = ("term_en", "term_zh", "module", "definition")

#: Babel's method map, relative to the repository root (``pybabel extract … data/glossary.csv``).
METHOD_MAP = [("data/glossary.csv", "crmcourse.authoring.extract_glossary:extract")]


def _text(raw: Any) -> str:
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CourseDataError("the glossary is not UTF-8 text",
                                  fix="save data/glossary.csv as UTF-8") from exc
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    raise CourseDataError(f"cannot read the glossary from {type(raw).__name__}",
                          fix="pass the text of data/glossary.csv, or the file opened in binary mode")


def glossary_messages(source: Any) -> list[tuple[int, str, str, str, str]]:
    """Every row of the glossary as ``(line, term_en, definition, term_zh, module)``, in file order.

    Parameters
    ----------
    source : str or bytes
        The text of ``data/glossary.csv`` (bytes are read as UTF-8, a BOM is dropped).

    Returns
    -------
    list of tuple
        One tuple per row; ``line`` is the row's first line in the file (the header is line 1).

    Raises
    ------
    CourseDataError
        Not UTF-8 text, a header other than ``term_en,term_zh,module,definition``, a row with
        another number of fields, an empty term or definition, or an English term given twice.

    Examples
    --------
    >>> glossary_messages("term_en,term_zh,module,definition\\nFAQ,常见问题,5,Frequently asked questions.\\n")
    [(2, 'FAQ', 'Frequently asked questions.', '常见问题', '5')]
    >>> glossary_messages("term,definition\\nFAQ,Frequently asked questions.\\n")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: the glossary's header is ['term', 'definition']. Fix: start data/glossary.csv with the line term_en,term_zh,module,definition.
    """
    reader = csv.reader(io.StringIO(_text(source), newline=""))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise CourseDataError(f"the glossary's header is {header}",
                              fix="start data/glossary.csv with the line " + ",".join(COLUMNS))
    found: list[tuple[int, str, str, str, str]] = []
    seen: set[str] = set()
    line = reader.line_num + 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise CourseDataError(f"line {start} of the glossary has {len(row)} fields, not {len(COLUMNS)}",
                                  fix="quote a definition that contains a comma with double quotes")
        term_en, term_zh, module, definition = (cell.strip() for cell in row)
        if not term_en or not definition:
            raise CourseDataError(f"line {start} of the glossary has an empty term or definition",
                                  fix="give every row an English term and a definition")
        if term_en in seen:
            raise CourseDataError(f"the glossary gives {term_en!r} twice (line {start})",
                                  fix="keep one row per English term")
        seen.add(term_en)
        found.append((start, term_en, definition, term_zh, module))
    return found


def extract(fileobj: Any, keywords: Any, comment_tags: Any, options: Mapping[str, Any]
            ) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extraction method: one ``pgettext(term_en, definition)`` message per glossary row.

    Parameters
    ----------
    fileobj : file-like
        ``data/glossary.csv``, opened by Babel in binary mode.
    keywords, comment_tags : collection
        Babel's keywords and comment tags (unused: the texts are CSV cells, not calls).
    options : mapping
        Options of the mapping-file section (unused).

    Yields
    ------
    tuple
        ``(lineno, "pgettext", (term_en, definition), [comment])`` as Babel expects; the comment
        names the term's Chinese and its module, e.g. ``大客户 (module 2)``.

    Raises
    ------
    CourseDataError
        The file breaks a rule of :func:`glossary_messages`.

    Examples
    --------
    >>> from pathlib import Path
    >>> import crmcourse
    >>> path = Path(crmcourse.__file__).parents[1] / "data" / "glossary.csv"
    >>> with open(path, "rb") as handle:
    ...     first = next(extract(handle, (), (), {}))
    >>> first[:2], first[2][0], first[3]
    ((2, 'pgettext'), 'check', ['自动检查 (module 0)'])
    """
    for line, term_en, definition, term_zh, module in glossary_messages(fileobj.read()):
        yield line, "pgettext", (term_en, definition), [f"{term_zh} (module {module})"]
