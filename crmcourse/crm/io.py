"""The lab's tools panel: *Export all* to a CSV file and *Import* from one.

Exported files are safe to open in a spreadsheet program: a text cell that starts like a formula
is written with a leading apostrophe (OWASP's advice against CSV injection), and
:func:`import_csv` takes that apostrophe off again, so an export imports back unchanged.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd

from crmcourse import _validate, data
from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _

from ._common import KEYS, CRMError, as_crm_error, check_conn, is_missing, is_shipped, lab_table, plain, spec
from ._store import insert, prepare_new, writing
from .reports import query

__all__ = ["export_csv", "import_csv", "FORMULA_START"]

#: First characters that make a spreadsheet program read a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# a text cell export_csv escapes: a formula start, possibly behind apostrophes it added before
_ESCAPE = re.compile("'*[" + re.escape("".join(FORMULA_START)) + "]")


def _escape_cell(value: Any) -> Any:
    if isinstance(value, str) and _ESCAPE.match(value):
        return "'" + value
    return value


def _unescape_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("'") and _ESCAPE.match(value, 1):
        return value[1:]
    return value


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that starts like a formula escaped; numbers are left alone."""
    out = frame.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        dtype = col.dtype
        if (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
                or pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype)):
            continue
        values = col.astype(object)
        if any(isinstance(v, str) and _ESCAPE.match(v) for v in values):
            out.isetitem(i, values.map(_escape_cell))
    out.columns = [_escape_cell(c) for c in out.columns]
    return out


def _target_file(path: Any, example: str) -> Path:
    path = plain(path)
    if not isinstance(path, (str, os.PathLike)):
        raise CRMError(_("{function} needs a file name, got {type}").format(function="export_csv",
                                                                          type=type(path).__name__),
                       fix=_("e.g. {example}").format(example=example))
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip() or "\x00" in text:
        raise CRMError(_("{function} needs a file name").format(function="export_csv"),
                       fix=_("e.g. {example}").format(example=example))
    out = Path(text)
    if is_shipped(out):
        raise CRMError(_("refusing to write into the course's shipped data folder"), value=str(out),
                       fix=_("write to your own working folder, e.g. {example}").format(
                           example="'exports/accounts.csv'"))
    try:
        is_dir = out.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if is_dir:
        raise CRMError(_("the path is a folder"), value=str(out), fix=_("add a file name ending in .csv"))
    return out


def export_csv(conn: sqlite3.Connection, what: str | pd.DataFrame, path: str | os.PathLike, *,
               encoding: str = "utf-8-sig") -> Path:
    """Write a table, a query's result or a DataFrame to a CSV file (the lab's *Export all*).

    The file is UTF-8 with a byte-order mark by default, so spreadsheet programs show Chinese
    text correctly, and ends its lines with CR LF as RFC 4180 has it (so a cell holding a line
    break is quoted); folders are created as needed. **Formula injection:** a text cell that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with an
    apostrophe in front (``'=SUM(A1)``), as OWASP advises, so a spreadsheet shows it as text
    instead of running it. Numbers, negative ones included, are written unchanged (only text
    cells are escaped), and :func:`import_csv` removes the apostrophe again. A failed write
    leaves no half-written file.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    what : str or pandas.DataFrame
        A table name, the text of a SELECT (run with :func:`~crmcourse.crm.query`), or a DataFrame.
    path : str or os.PathLike
        The CSV file to write (replaced if it exists; not in the course's shipped data folder).
    encoding : str, default "utf-8-sig"
        The file's encoding.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    CRMError
        An unknown table, SQL the database cannot run, a DataFrame with duplicate or
        multi-level column names, a path that is a folder or in the shipped data, an unknown
        encoding or one that cannot write the text, or a file that cannot be written.

    Examples
    --------
    >>> import tempfile, os
    >>> from crmcourse.crm import connect
    >>> out = export_csv(connect(":memory:"), "suppliers", os.path.join(tempfile.mkdtemp(), "s.csv"))
    >>> out.read_text(encoding="utf-8-sig").splitlines()[0]
    'supplier_id,name,city,contact_name,phone,email,payment_days'
    >>> out = export_csv(connect(":memory:"), pd.DataFrame({"note": ["=1+1", "ok"], "n": [-5, 3]}),
    ...                  os.path.join(tempfile.mkdtemp(), "n.csv"))
    >>> out.read_text(encoding="utf-8-sig").splitlines()
    ['note,n', "'=1+1,-5", 'ok,3']
    """
    check_conn(conn)
    what = plain(what)
    if isinstance(what, pd.DataFrame):
        try:
            frame = _validate.require_frame(what, source=_("the table to export"), min_rows=0)
        except CourseDataError as exc:
            raise as_crm_error(exc) from None
    elif isinstance(what, str) and re.match(r"\s*(select|with)\b", what, re.I):
        frame = query(conn, what)
    else:
        t = lab_table(what)
        frame = query(conn, f"SELECT * FROM {t} ORDER BY {', '.join(KEYS[t])}", timeout=None)
    out = _target_file(path, "export_csv(db, 'accounts', 'exports/accounts.csv')")
    encoding = plain(encoding)
    try:
        if not isinstance(encoding, str):
            raise LookupError(encoding)
        codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a NUL character in the name
        raise CRMError(_("unknown encoding {name}").format(name=repr(str(encoding)[:30])) if isinstance(encoding, str)
                       else _("the encoding should be text, got {type}").format(type=type(encoding).__name__),
                       fix=_("use 'utf-8-sig' (the default; spreadsheets read it) or 'utf-8'")) from None
    try:
        text = _escaped(frame).to_csv(None, index=False, lineterminator="\r\n", date_format="%Y-%m-%d")
    except Exception as exc:  # noqa: BLE001 - a cell whose str() or repr() fails
        raise CRMError(_("the table could not be written as CSV ({error})").format(
                           error=f"{type(exc).__name__}: {str(exc)[:100]}"),
                       fix=_("keep one plain value (text, number or date) in each cell")) from None
    try:
        raw = text.encode(encoding)
    except UnicodeError:
        raise CRMError(_("the encoding {name} cannot write some of the text").format(name=repr(encoding)),
                       value=encoding, fix=_("use 'utf-8-sig' (the default), which writes every character")) from None
    tmp = out.with_name(f".{out.name}.{os.getpid()}.writing")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(raw)
        os.replace(tmp, out)
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError, ValueError):
            tmp.unlink()
        raise CRMError(_("could not write the file ({error})").format(error=getattr(exc, 'strerror', None) or exc),
                       value=str(out), fix=_("check the folder exists and you may write there, and close the file "
                                             "if a spreadsheet program has it open")) from None
    return out


def _header(file: Path) -> list[str]:
    try:
        with open(file, encoding="utf-8-sig", errors="replace", newline="") as fh:
            header = next(csv.reader(fh), [])
    except (OSError, csv.Error) as exc:
        raise CRMError(_("could not read the file's header ({error})").format(error=exc), file=file.name,
                       fix=_("save it as 'CSV UTF-8' with a header row of field names")) from None
    return [h.strip() for h in header]


def _from_frame(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def import_csv(conn: sqlite3.Connection, table: str, path: str | os.PathLike) -> int:
    """Add every row of a CSV file to a table (the lab's *Import*); all rows or none.

    The file needs a header row with the table's field names; the id column may be left out
    (new ids are given). Each row is validated like :func:`~crmcourse.crm.add`; the first bad
    row stops the import, nothing is saved, and the error names its line in the file. A text
    field that :func:`export_csv` escaped (``'=SUM(A1)``, ``'-5``) is read without the
    apostrophe it added; other cells are read as they are.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    table : str
        The lab table to add the rows to.
    path : str or os.PathLike
        The CSV file (UTF-8, with or without a byte-order mark).

    Returns
    -------
    int
        The number of rows added.

    Raises
    ------
    CRMError
        No such file, a column the table does not have (or one twice), a file that is not
        UTF-8 CSV, or a row the table refuses (its CSV line is in ``rows``); nothing is saved.

    Examples
    --------
    >>> import tempfile, os
    >>> from crmcourse.crm import connect
    >>> db = connect(":memory:")
    >>> f = os.path.join(tempfile.mkdtemp(), "new.csv")
    >>> _ = open(f, "w").write("company,name,source,owner\\nBoya Logistics,Gao Jun,trade fair,HX-R05\\n"
    ...                        "Yinhe Bank,Ma Lan,radio,HX-R05\\n")
    >>> import_csv(db, "leads", f)
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: new.csv, column 'source': 1 value not allowed ('radio'); nothing was saved (CSV lines 3). Fix: use one of: website, trade fair, referral, cold call, advertisement, partner.
    """
    t = lab_table(table)
    check_conn(conn)
    path = plain(path)
    if not isinstance(path, (str, os.PathLike)):
        raise CRMError(_("{function} needs a file path, got {type}").format(function="import_csv",
                                                                          type=type(path).__name__), table=t,
                       fix=_("e.g. {example}").format(example="import_csv(db, 'leads', 'new_leads.csv')"))
    file = Path(path)
    try:
        found = file.is_file()
    except (OSError, ValueError):
        found = False
    if not found:
        raise CRMError(_("file not found"), file=str(file)[:200], table=t,
                       fix=_("check the path (relative paths start from the notebook's folder)"))
    fields = spec(t)["columns"]
    header = _header(file)
    unknown = [h for h in header if h not in fields]
    if unknown:
        raise CRMError((_("the file has columns {names} that {table} does not have") if len(unknown) > 1
                        else _("the file has column {names} that {table} does not have")).format(
                           names=", ".join(repr(u[:40]) for u in unknown[:5]), table=t), file=file.name,
                       table=t, fix=_("rename or remove them; crm.describe(db, {table}) lists the fields").format(
                           table=repr(t)))
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise CRMError(_("the file has the column {name} more than once").format(name=repr(twice[0])),
                       file=file.name, table=t, fix=_("keep one column per field"))
    rules = {"columns": {c: {**fields[c], "nullable": True, "references": None} for c in header}}
    try:
        frame = data.read_csv(file, rules)
    except data.CourseDataError as exc:
        raise CRMError(_("{problem}; nothing was saved").format(problem=exc.problem), file=exc.file, table=t, field=exc.column,
                       rows=exc.rows or None, fix=exc.fix, row_label="CSV lines") from None
    except (ValueError, TypeError, OverflowError, OSError) as exc:
        raise CRMError(_("could not read the file as CSV ({error}); nothing was saved").format(
                           error=f"{type(exc).__name__}: {str(exc)[:100]}"),
                       file=file.name, table=t, fix=_("save it as 'CSV UTF-8' with a header row of field names")) from None
    for c in header:
        if fields[c]["type"] == "str":
            frame[c] = frame[c].map(_unescape_cell, na_action="ignore")
    added = 0
    with writing(conn, t):
        for i, row in enumerate(frame.to_dict("records")):
            values = {c: _from_frame(v) for c, v in row.items()}
            values = {c: v for c, v in values.items() if v is not None}
            try:
                new = prepare_new(conn, t, values)
                insert(conn, t, new)
            except CRMError as exc:
                raise CRMError(exc.problem, file=file.name, table=t, field=exc.field, value=exc.value,
                               rows=[i + 2], fix=exc.fix, row_label="CSV line") from None
            added += 1
    return added
