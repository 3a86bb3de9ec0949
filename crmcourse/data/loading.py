"""Load shipped tables and validate any table against its rules in the data dictionary.

:func:`load` reads a shipped table and checks it; :func:`validate` applies the same rules to a
DataFrame you bring, and :func:`read_csv` to a CSV export of your own. Every problem is one
:class:`~crmcourse.errors.CourseDataError` naming the file, the column, the bad rows (CSV line
numbers for files, index labels for DataFrames) and the fix.

>>> accounts = load("huaxin_accounts")
>>> bool(accounts["annual_revenue"].min() >= 0)
True
"""
from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
import io
import math
import numbers
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import crmcourse.data.chinese as chinese
import crmcourse.data.dictionary as dictionary
import crmcourse.data.paths as paths
from crmcourse import _validate
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_
from crmcourse.i18n import translate as _

__all__ = ["load", "read_csv", "validate", "clear_caches"]

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}

#: What to do about a value that is not of its column's type, per type.
FIXES = {
    "int": N_("use whole numbers without units, thousands separators or decimals"),
    "float": N_("use plain numbers (a dot for decimals, no currency signs or thousands separators)"),
    "date": N_("write dates as YYYY-MM-DD"),
    "bool": N_("use True/False (or yes/no, 1/0)"),
    "str": N_("use one plain text value per cell"),
    "category": "",
}

#: The same advice for a CSV file read by :func:`read_csv`, which also reads the spreadsheet forms.
FILE_FIXES = {
    **FIXES,
    "int": N_("use whole numbers (1200, 1,200 and ¥1,200 are read; units such as 万 or % are not)"),
    "float": N_("use plain numbers (1200.5, 1,200.5, ¥1,200.5 and 1200.5元 are read; "
                "units such as 万 or % are not)"),
    "date": N_("write dates year first: 2024-03-05, 2024/3/5 or 2024年3月5日 (day/month order such as "
               "05/01/2025 is never guessed: write it as YYYY-MM-DD)"),
}

# read_csv options the reader sets itself; a caller may override them (e.g. na_values=["", "NA"])
_READ_DEFAULTS = {"dtype": str, "keep_default_na": False, "na_values": [""]}


# ---------------------------------------------------------------------------- public

def load(table: str, *, validate: bool = True) -> pd.DataFrame:
    """Load a shipped table as a typed, validated DataFrame.

    Dates become ``datetime64``, categories become pandas categoricals with the allowed values
    as categories, booleans become ``bool``. The file is read once per session; each call
    returns a fresh copy, safe to modify.

    Parameters
    ----------
    table : str
        A shipped table's name (``crmcourse.data.table_names()`` lists them).
    validate : bool, default True
        Check every rule of the dictionary (types, ranges, keys, references); ``False`` only
        converts the types.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    CourseDataError
        Unknown table, missing or unreadable file, or a value that breaks a rule.

    Examples
    --------
    >>> opps = load("huaxin_opportunities")
    >>> str(opps["created_date"].dtype)
    'datetime64[us]'
    >>> load("huaxin_accounts", validate="yes")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: validate must be True or False, got 'yes'. Fix: e.g. load('huaxin_accounts', validate=False).
    """
    if not isinstance(validate, (bool, np.bool_)):
        shown = repr(str.__str__(validate)[:20]) if isinstance(validate, str) else type(validate).__name__
        raise CourseDataError(_("validate must be True or False, got {value}").format(value=shown),
                              fix=_("e.g. load('huaxin_accounts', validate=False)"))
    dictionary.schema(table)  # refuses a name that is not text or not shipped
    return _load_cached(str.__str__(table), bool(validate)).copy()


def read_csv(path: str | os.PathLike, table: str | dict, **read_csv_kwargs: Any) -> pd.DataFrame:
    """Read your own CSV export and validate it against a course table's rules.

    Extra columns in your file are kept; columns the course needs must be there. What Excel or WPS
    writes on a Chinese computer reads with no extra argument:

    * the encoding: the bytes are decoded as UTF-8 (a leading BOM, as in Excel's *CSV UTF-8*, is
      dropped); if that fails, as GB18030, the superset of GBK that Chinese Windows Excel uses for
      plain *CSV*. Anything else (UTF-16, a workbook, Latin-1, binary data) is refused with the
      fix. ``encoding=`` overrides the detection;
    * numbers (int and float columns): thousands separators ``1,200`` / ``1，200`` and amounts
      such as ``¥1,200``, ``￥1200`` or ``1200元``;
    * dates: year first, as ``2024-03-05``, ``2024/3/5``, ``2024.3.5`` or ``2024年3月5日``
      (optionally with a time); ``05/01/2025`` is refused, as the order of day and month is
      unknown;
    * the rows of empty cells Excel leaves under a table are dropped.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.
    table : str or dict
        A shipped table's name, or rules in the ``tables.yml`` format
        (``{"columns": {"revenue": {"type": "float", "min": 0}}}``).
    **read_csv_kwargs
        Passed on to :func:`pandas.read_csv` (e.g. ``sep=";"``); every column is read as text
        first, so type problems are reported by line rather than as a crash.

    Returns
    -------
    pandas.DataFrame
        The typed table.

    Raises
    ------
    CourseDataError
        Missing or unreadable file, neither UTF-8 nor GBK/GB18030, not a well-formed CSV, or a
        value that breaks a rule (rows are given as CSV line numbers: the header is line 1).

    Examples
    --------
    >>> import tempfile, os
    >>> tmp = os.path.join(tempfile.mkdtemp(), "nps.csv")
    >>> _ = open(tmp, "w").write("customer_id,likelihood_to_recommend\\nC1,11\\n")
    >>> read_csv(tmp, {"columns": {"customer_id": {"type": "str"},
    ...     "likelihood_to_recommend": {"type": "int", "min": 0, "max": 10}}})
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: nps.csv, column 'likelihood_to_recommend': 1 value above the maximum 10 (CSV lines 2). Fix: keep values between 0 and 10 (check units and typos).

    A GBK export from Chinese Excel, with amounts and dates written the spreadsheet way:

    >>> _ = open(tmp, "wb").write("客户,金额,日期\\nC1,\\"￥1,200\\",2024年3月5日\\n,,\\n".encode("gbk"))
    >>> read_csv(tmp, {"columns": {"客户": {"type": "str"}, "金额": {"type": "float"},
    ...     "日期": {"type": "date"}}}).to_dict("records")
    [{'客户': 'C1', '金额': 1200.0, '日期': Timestamp('2024-03-05 00:00:00')}]
    """
    entry = _rules(table)
    file = _file_path(path)
    frame = _read_text_csv(file, source=file.name, **read_csv_kwargs)
    frame = _spreadsheet_values(chinese.drop_trailing_empty_rows(frame), entry["columns"])
    return _check(frame, entry, source=file.name, strict=False, file_rows=True, fixes=FILE_FIXES)


def validate(frame: pd.DataFrame, table: str | dict, *, source: str = "your table") -> pd.DataFrame:
    """Check a DataFrame against a course table's rules and return a typed copy.

    Parameters
    ----------
    frame : pandas.DataFrame
        Your table; extra columns are kept. Column names must be unique and flat.
    table : str or dict
        A shipped table's name, or rules in the ``tables.yml`` format.
    source : str, default "your table"
        How messages name the table.

    Returns
    -------
    pandas.DataFrame
        A typed copy (``frame`` itself is not changed).

    Raises
    ------
    CourseDataError
        Not a DataFrame, duplicate or multi-level column names, a missing column, or a value that
        breaks a rule (rows are given by their index labels).

    Examples
    --------
    >>> import pandas as pd
    >>> rules = {"columns": {"revenue": {"type": "float", "min": 0}}}
    >>> validate(pd.DataFrame({"revenue": [10.0, -5.0]}), rules, source="accounts")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: accounts, column 'revenue': 1 value below the minimum 0 (rows 1). Fix: keep values between 0 and no upper limit (check units and typos).
    """
    if not isinstance(source, str):
        raise CourseDataError(_("source must be text, got {type}").format(type=type(source).__name__),
                              fix=_("e.g. validate(df, 'huaxin_accounts', source='my export')"))
    source = str.__str__(source)
    entry = _rules(table)
    _validate.require_frame(frame, source=source, min_rows=0)
    return _check(frame.copy(), entry, source=source, strict=False, file_rows=False)


def clear_caches() -> None:
    """Forget the tables and the dictionary read so far (after editing files under ``data/``).

    Returns
    -------
    None

    Raises
    ------
    None
        Clearing a cache cannot fail; the next :func:`load` reads the files again.

    Examples
    --------
    >>> clear_caches()
    """
    dictionary.entries.cache_clear()
    _load_cached.cache_clear()


# ---------------------------------------------------------------------------- reading

@functools.lru_cache(maxsize=64)
def _load_cached(table: str, validate: bool) -> pd.DataFrame:
    entry = dictionary.schema(table)
    file = entry["file"]
    source = f"data/{file}"
    path = paths.data_path(file)
    if not path.is_file():
        raise CourseDataError(
            _("the file is missing"), file=source,
            fix=_("regenerate it with `crmcourse data generate` or restore it with `git checkout data/`"))
    frame = _read_text_csv(path, source=source)
    if validate:
        return _check(frame, entry, source=source, strict=True, file_rows=True, table=table)
    for col, spec in entry["columns"].items():
        if col in frame.columns:
            frame[col] = _coerce(frame[col], spec)[0]
    return frame


def _rules(table: Any) -> dict:
    if isinstance(table, str):
        return dictionary.schema(table)
    if isinstance(table, dict):
        return dictionary.check_rules(table)
    raise CourseDataError(
        _("table must be a shipped table's name or a dict of rules, got {type}").format(type=type(table).__name__),
        fix=_("e.g. 'huaxin_accounts', or {'columns': {'revenue': {'type': 'float', 'min': 0}}}"))


def _file_path(path: Any) -> Path:
    fix = _("check the path (relative paths start from the notebook's folder)")
    if isinstance(path, os.PathLike) and not isinstance(path, str):
        try:
            path = os.fspath(path)
        except Exception:
            path = None
    if isinstance(path, str):
        path = str.__str__(path)  # a str subclass becomes plain text
    if not isinstance(path, str) or not path.strip():
        got = _("empty text") if isinstance(path, str) else type(path).__name__
        raise CourseDataError(_("path must be a file name, got {value}").format(value=got),
                              fix=_("e.g. read_csv('my_export.csv', 'huaxin_accounts')"))
    if "\x00" in path:
        raise CourseDataError(_("the file name contains a NUL character"), fix=fix)
    file = Path(path)
    try:
        exists, is_file = file.exists(), file.is_file()
    except (OSError, ValueError):
        exists = is_file = False
    if not exists:
        raise CourseDataError(_("file not found"), file=path, fix=fix)
    if not is_file:
        raise CourseDataError(_("this is a folder, not a file"), file=path, fix=_("name the CSV file inside it"))
    return file


def _spreadsheet_values(frame: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """Rewrite spreadsheet-style numbers and dates (see :mod:`crmcourse.data.chinese`) as plain text."""
    rewrite = {"int": chinese.plain_number, "float": chinese.plain_number, "date": chinese.iso_date}
    for col, spec in columns.items():
        fn = rewrite.get(spec["type"])
        if fn is None or col not in frame.columns or not isinstance(frame[col], pd.Series):
            continue
        series = frame[col]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series.dtype)):
            continue
        values = [v if (new := fn(v) if isinstance(v, str) else None) is None else new
                  for v in series.to_numpy(dtype=object)]
        frame[col] = pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)
    return frame


def _decode(raw: bytes, source: str, encoding: Any = None) -> str:
    """The file's text; a clear error for workbooks, UTF-16, other encodings, binary data and empty files."""
    save_utf8 = _("save it as 'CSV UTF-8' from your spreadsheet program (Excel: File → Save As → CSV UTF-8)")
    if raw[:4] == b"PK\x03\x04":
        raise CourseDataError(_("this is a zipped file such as an Excel workbook (.xlsx), not CSV text"),
                              file=source, fix=save_utf8)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CourseDataError(_("the file is UTF-16 text (Excel's 'Unicode text')"), file=source, fix=save_utf8)
    if encoding is not None:
        try:
            text = raw.decode(str(encoding))
        except (LookupError, UnicodeDecodeError, TypeError) as exc:
            raise CourseDataError(_("the file cannot be read as {encoding} text ({reason})").format(
                encoding=repr(str(encoding)[:30]), reason=_first_line(exc)),
                file=source, fix=_("leave out encoding= to let the reader detect it")) from None
    else:
        decoded = chinese.decode(raw)
        if decoded is None:
            try:
                raw.decode("utf-8-sig")  # fails, or decode() would have returned the text
                reason = ""
            except UnicodeDecodeError as exc:
                reason = _(" ({reason} at byte {start})").format(reason=exc.reason, start=exc.start)
            raise CourseDataError(_("the file is neither UTF-8 nor GBK/GB18030 text") + reason, file=source,
                                  fix=save_utf8) from None
        text = decoded[0]
    if "\x00" in text:
        raise CourseDataError(_("the file contains NUL bytes (first at character {position}), "
                                "so it is not plain CSV text").format(position=text.index(chr(0))),
                              file=source, fix=save_utf8)
    if not text.strip():
        raise CourseDataError(_("the file is empty"), file=source, fix=_("export the table again with a header row"))
    return text


def _read_text_csv(path: Path, *, source: str, **kwargs: Any) -> pd.DataFrame:
    """Read every column as text first, so type errors can be reported by row, not as a crash."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CourseDataError(_("the file cannot be read ({reason})").format(reason=exc.strerror or type(exc).__name__),
                              file=source, fix=_("close it in other programs and check that you may read it")) from None
    text = _decode(raw, source, kwargs.pop("encoding", None))
    if kwargs.get("chunksize") is not None or kwargs.get("iterator"):
        raise CourseDataError(_("chunksize/iterator read the file in pieces; validation needs the whole table"),
                              file=source, fix=_("leave out chunksize= and iterator="))
    options = {**_READ_DEFAULTS, **kwargs}
    try:
        frame = pd.read_csv(io.StringIO(text), **options)
    except pd.errors.ParserError as exc:
        raise CourseDataError(_("not a well-formed CSV ({reason})").format(reason=_first_line(exc)), file=source,
                              fix=_("check the separator, quoting and the number of fields per line")) from None
    except Exception as exc:  # options a caller passed on (sep=, names=, ...) can fail in many ways
        raise CourseDataError(_("the file could not be read as CSV ({error}: {reason})").format(
            error=type(exc).__name__, reason=_first_line(exc)),
            file=source, fix=_("check the read_csv options you passed and the file's layout")) from None
    if not isinstance(frame, pd.DataFrame):  # pragma: no cover - chunksize/iterator refused above
        raise CourseDataError(_("the reader did not return a table"), file=source, fix=_("leave out chunksize="))
    names = [str(c) for c in frame.columns]
    for name in names:  # pandas renames a repeated header 'visits' to 'visits.1'
        found = re.fullmatch(r"(.+)\.([1-9][0-9]*)", name)
        if found and found.group(1) in names:
            raise CourseDataError(
                _("the header names column {column} more than once (read the second as {name})").format(
                    column=repr(found.group(1)), name=repr(name)),
                file=source, fix=_("rename or delete the repeated column in the file"))
    return frame


def _first_line(exc: BaseException) -> str:
    try:
        text = " ".join(str(exc).split())
    except Exception:
        text = type(exc).__name__
    return text[:160]


# ---------------------------------------------------------------------------- converting

def _is_single_value(v: Any) -> bool:
    """True for a cell a table may hold: text, a number, a date, True/False or a missing marker."""
    return (v is None or v is pd.NA or v is pd.NaT
            or isinstance(v, (str, bool, np.bool_, numbers.Number, dt.date, dt.time, dt.timedelta,
                              np.datetime64, np.timedelta64)))


def _single_values(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(series with str subclasses made plain text, mask of cells that are not single values)."""
    if series.dtype != object:
        return series, pd.Series(False, index=series.index)
    values = series.to_numpy(dtype=object).copy()
    bad = np.zeros(len(values), dtype=bool)
    for i, v in enumerate(values):
        if not _is_single_value(v):
            bad[i] = True
        elif isinstance(v, str) and type(v) is not str:
            values[i] = str.__str__(v)
    return pd.Series(values, index=series.index, name=series.name, dtype=object), pd.Series(bad, index=series.index)


def _as_float(v: Any) -> float:
    """One cell as a float; NaN for anything that is not a finite real number (bools included)."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (numbers.Real, decimal.Decimal, str)):
        return math.nan
    if isinstance(v, str) and "_" in v:
        return math.nan  # float() reads "1_000"; a table should not
    try:
        out = float(str.__str__(v).strip()) if isinstance(v, str) else float(v)
    except (TypeError, ValueError, OverflowError, ArithmeticError):
        return math.nan
    return out if math.isfinite(out) else math.nan


def _numbers(series: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_complex_dtype(series.dtype):
        return pd.Series(np.nan, index=series.index, dtype="float64")
    if pd.api.types.is_numeric_dtype(series.dtype):
        with np.errstate(over="ignore", invalid="ignore"):
            num = pd.Series(series.to_numpy(dtype="float64", na_value=np.nan), index=series.index)
    elif pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:  # text read from a CSV
        num = pd.to_numeric(series, errors="coerce").astype("float64")
    elif series.dtype == object or isinstance(series.dtype, pd.CategoricalDtype):
        num = pd.Series([_as_float(v) for v in series.to_numpy(dtype=object)], index=series.index,
                        dtype="float64")
    else:  # dates, durations, periods, intervals: not numbers
        return pd.Series(np.nan, index=series.index, dtype="float64")
    return num.where(np.isfinite(num.to_numpy()))  # infinities are typos, not data


def _dates(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")  # 20250131 is not a date yet
    if series.dtype != object:  # text read from a CSV
        return pd.to_datetime(series, errors="coerce", format="ISO8601")
    values = series.to_numpy(dtype=object)
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[us]")
    for i, v in enumerate(values):
        try:
            if isinstance(v, str):  # ISO text only: "05/01/2025" is not guessed
                t = pd.to_datetime(v, format="ISO8601")
            elif isinstance(v, (dt.date, np.datetime64)):
                t = pd.Timestamp(v)
            else:
                continue
            if t is pd.NaT or pd.isna(t):
                continue
            t = t.tz_localize(None) if t.tzinfo is not None else t
            out[i] = np.datetime64(t.to_datetime64(), "us")
        except (ValueError, TypeError, OverflowError):
            continue
    return pd.Series(out, index=series.index, name=series.name)


def _coerce(series: pd.Series, spec: dict) -> tuple[pd.Series, pd.Series]:
    """Convert a column to its declared type. Returns (converted, mask of unconvertible values)."""
    kind = spec["type"]
    present = series.notna()
    if kind == "str":
        out = series.astype("str").where(present, None) if series.dtype != "str" else series
        return out, pd.Series(False, index=series.index)
    if kind == "category":
        allowed = [str(a) for a in spec["allowed"]]
        as_text = series.map(lambda v: v if isinstance(v, str) else str(v), na_action="ignore")
        bad = present & ~as_text.isin(allowed)
        out = pd.Categorical(as_text.where(~bad), categories=allowed, ordered=bool(spec.get("ordered", False)))
        return pd.Series(out, index=series.index, name=series.name), bad
    if kind in ("int", "float"):
        num = _numbers(series)
        bad = present & num.isna()
        if kind == "int":
            frac = present & ~bad & ((num.fillna(0) % 1 != 0) | (num.abs().fillna(0) >= 2**53))
            bad = bad | frac
            num = num.where(~bad)
            whole = bool(spec.get("nullable")) or bool(bad.any()) or bool(num.isna().any())
            return (num.astype("Int64") if whole else num.astype("int64")), bad
        return num.astype("float64"), bad
    if kind == "date":
        parsed = _dates(series)
        return parsed, present & parsed.isna()
    if kind == "bool":
        if pd.api.types.is_bool_dtype(series.dtype):
            return series, pd.Series(False, index=series.index)
        text = series.map(lambda v: str(v).strip().lower(), na_action="ignore")
        bad = present & ~text.isin(_TRUE | _FALSE)
        out = text.map(lambda v: True if v in _TRUE else (False if v in _FALSE else None))
        if not bad.any() and not out.isna().any():
            out = out.astype(bool)
        return out, bad
    raise AssertionError(kind)  # pragma: no cover - check_rules guarantees the type


# ---------------------------------------------------------------------------- checking

def _labels(frame: pd.DataFrame, mask: pd.Series, file_rows: bool) -> list:
    idx = frame.index[np.asarray(mask, dtype=bool)]
    if file_rows:  # header is line 1, first data row is line 2
        return [int(i) + 2 for i in idx]
    return list(idx)


def _count(n: int, word: str = "value") -> str:
    return _validate.counted(int(n), word)


def _check(frame: pd.DataFrame, entry: dict, *, source: str, strict: bool, file_rows: bool,
           table: str | None = None, fixes: dict = FIXES) -> pd.DataFrame:
    """Apply ``entry``'s rules to ``frame`` (converted in place) or raise the first problem found."""
    label = "CSV lines" if file_rows else "rows"
    columns = entry["columns"]
    _validate.require_columns(frame, columns, source=source, min_rows=0,
                              fix=_("rename or add the columns; crmcourse.data.schema(...) lists what each means"))
    if strict:
        extra = [c for c in frame.columns if c not in columns]
        if extra:
            names = ", ".join(repr(c) for c in extra)
            raise CourseDataError(
                (_("unexpected columns {names}") if len(extra) > 1 else _("unexpected column {names}")).format(
                    names=names), file=source, fix=_("add them to data/tables.yml or remove them from the file"))
    if len(frame) == 0 and not entry.get("allow_empty"):
        raise CourseDataError(_("the table has no rows"), file=source, fix=_("check the export or the filter"))

    for col, spec in columns.items():
        original, not_single = _single_values(frame[col])
        if not_single.any():
            raise CourseDataError(
                _("{counted} not a single value (lists, dicts, sets or other objects)").format(
                    counted=_count(not_single.sum())),
                file=source, column=col, rows=_labels(frame, not_single, file_rows),
                fix=_("keep one plain value (text, number or date) per cell"), row_label=label)
        converted, bad = _coerce(original, spec)
        if bad.any():
            kind = spec["type"]
            if kind == "category":
                values = sorted({str(v) for v in original[bad.to_numpy()]})[:5]
                problem = _("{counted} not allowed ({values})").format(
                    counted=_count(bad.sum()), values=", ".join(repr(v[:30]) for v in values))
                fix = _("use one of: {values}").format(values=", ".join(str(a) for a in spec["allowed"]))
            else:
                example = str(original[bad.to_numpy()].iloc[0])[:30]
                problem = _("{counted} not of type {kind} (e.g. {example})").format(
                    counted=_count(bad.sum()), kind=kind, example=repr(example))
                fix = _(fixes[kind])
                if kind == "date" and pd.api.types.is_numeric_dtype(original.dtype):
                    fix = _("numbers such as 20250131 are not read as dates: convert them first, e.g. "
                            "pd.to_datetime(df[col].astype(str), format='%Y%m%d')")
            raise CourseDataError(problem, file=source, column=col, rows=_labels(frame, bad, file_rows),
                                  fix=fix, row_label=label)
        frame[col] = converted
        if not spec.get("nullable", False):
            empty = converted.isna()
            if empty.any():
                raise CourseDataError(
                    _("{counted} in a required column").format(counted=_count(empty.sum(), "empty value")),
                    file=source, column=col, rows=_labels(frame, empty, file_rows),
                    fix=_("fill them in or drop those rows"), row_label=label)
        _check_range(frame, converted, spec, source=source, col=col, file_rows=file_rows, label=label)
        if spec.get("unique"):
            dup = converted.duplicated(keep=False) & converted.notna()
            if dup.any():
                raise CourseDataError(
                    _("{count} rows share a value that must be unique").format(count=int(dup.sum())), file=source,
                    column=col, rows=_labels(frame, dup, file_rows), fix=_("remove the duplicate rows"),
                    row_label=label)

    key = entry.get("primary_key")
    if key:
        keys = [key] if isinstance(key, str) else list(key)
        dup = frame.duplicated(subset=keys, keep=False)
        if dup.any():
            raise CourseDataError(
                _("{count} rows repeat the key ({key})").format(count=int(dup.sum()), key=", ".join(keys)), file=source,
                column=keys[0] if len(keys) == 1 else None, rows=_labels(frame, dup, file_rows),
                fix=_("remove duplicate rows (each key may appear once)"), row_label=label)
    if table is not None:
        _check_references(frame, columns, table, source=source, file_rows=file_rows, label=label)
    return frame


def _check_range(frame, values, spec, *, source, col, file_rows, label) -> None:
    low, high = spec.get("min"), spec.get("max")
    if low is None and high is None:
        return
    is_date = spec["type"] == "date"
    lo = pd.Timestamp(low) if is_date and low is not None else low
    hi = pd.Timestamp(high) if is_date and high is not None else high
    for bound, shown, word, test in ((lo, low, N_("{counted} below the minimum {bound}"), lambda v, b: v < b),
                                     (hi, high, N_("{counted} above the maximum {bound}"), lambda v, b: v > b)):
        if bound is None:
            continue
        outside = test(values, bound).fillna(False).astype(bool)
        if outside.any():
            fix = _("keep values between {low} and {high} (check units and typos)").format(
                low=low if low is not None else _("no lower limit"),
                high=high if high is not None else _("no upper limit"))
            raise CourseDataError(
                _(word).format(counted=_count(outside.sum()), bound=shown), file=source, column=col,
                rows=_labels(frame, outside, file_rows), fix=fix, row_label=label)


def _check_references(frame, columns, table, *, source, file_rows, label) -> None:
    for col, spec in columns.items():
        ref = spec.get("references")
        if not ref:
            continue
        ref_table, ref_col = ref.split(".", 1)
        target = load(ref_table)[ref_col] if ref_table != table else frame[ref_col]
        values = frame[col]
        dangling = values.notna() & ~values.isin(set(target.dropna()))
        if dangling.any():
            raise CourseDataError(
                _("{count} values refer to no row of {ref}").format(count=int(dangling.sum()), ref=ref), file=source,
                column=col, rows=_labels(frame, dangling, file_rows),
                fix=_("use ids that exist in {table}").format(table=ref_table), row_label=label)
