"""Load and validate the course's tables — and your own data — against one data dictionary.

Every shipped table is described in ``data/tables.yml`` (columns, types, allowed values,
ranges, keys, references). :func:`load` reads a shipped table through ``importlib.resources``
and validates it; :func:`validate` applies the same rules to a DataFrame you bring, and
:func:`read_csv` to a CSV export of your own. Whatever is wrong is reported as one
:class:`CourseDataError` that names the file, the column, the bad rows and how to fix it.

>>> from crmcourse import data
>>> accounts = data.load("huaxin_accounts")
>>> accounts["annual_revenue"].min() >= 0
np.True_
>>> "huaxin_accounts" in data.tables()["table"].tolist()
True
"""
from __future__ import annotations

import functools
import importlib.resources
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "CourseDataError",
    "tables",
    "schema",
    "load",
    "load_cdnow",
    "read_csv",
    "validate",
    "require_columns",
    "require_frame",
    "data_path",
]

_TYPES = {"str", "int", "float", "date", "bool", "category"}
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}
_MAX_ROWS_SHOWN = 8


class CourseDataError(ValueError):
    """One clear data problem: what is wrong, where, which rows, and how to fix it.

    >>> err = CourseDataError("values below 0", file="accounts.csv", column="revenue",
    ...                       rows=[3, 9], fix="remove refunds or set them to 0")
    >>> print(err)
    accounts.csv, column 'revenue': values below 0 (rows 3, 9). Fix: remove refunds or set them to 0.
    >>> err.column, err.rows
    ('revenue', [3, 9])
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        column: str | None = None,
        rows: Sequence[Any] | None = None,
        fix: str | None = None,
        row_label: str = "rows",
    ):
        self.problem = problem
        self.file = file
        self.column = column
        self.rows = list(rows) if rows is not None else []
        self.fix = fix
        where = []
        if file:
            where.append(str(file))
        if column:
            where.append(f"column {column!r}")
        text = ", ".join(where)
        text = f"{text}: {problem}" if text else problem
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:_MAX_ROWS_SHOWN])
            more = f" … {len(self.rows)} in all" if len(self.rows) > _MAX_ROWS_SHOWN else ""
            text += f" ({row_label} {shown}{more})"
        if fix:
            text += f". Fix: {fix.rstrip('.')}."
        super().__init__(text)


# ---------------------------------------------------------------------------- dictionary

def data_path(relative: str = "") -> Path:
    """Path of a file shipped in the course's ``data/`` folder.

    >>> data_path("tables.yml").name
    'tables.yml'
    """
    root = importlib.resources.files("crmcourse.datasets")
    return Path(str(root.joinpath(relative))) if relative else Path(str(root))


@functools.lru_cache(maxsize=1)
def _dictionary() -> dict[str, dict]:
    import yaml

    path = data_path("tables.yml")
    if not path.exists():
        raise CourseDataError(
            "the data dictionary is missing", file=str(path),
            fix="reinstall crmcourse (pip install -e .) from a complete checkout",
        )
    with open(path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh) or {}
    entries = doc.get("tables")
    if not isinstance(entries, dict):
        raise CourseDataError("no top-level 'tables:' mapping", file="tables.yml",
                              fix="see docs/dev/tables-format.md for the format")
    for name, entry in entries.items():
        _check_entry(name, entry)
    return entries


def _check_entry(name: str, entry: dict) -> None:
    where = f"tables.yml, table {name!r}"
    if not isinstance(entry, dict) or "file" not in entry or not isinstance(entry.get("columns"), dict):
        raise CourseDataError("needs 'file' and a 'columns' mapping", file=where,
                              fix="see docs/dev/tables-format.md")
    for col, spec in entry["columns"].items():
        if not isinstance(spec, dict) or spec.get("type") not in _TYPES:
            raise CourseDataError(
                f"type must be one of {sorted(_TYPES)}", file=where, column=col,
                fix="give the column a 'type:'")
        if spec["type"] == "category" and not spec.get("allowed"):
            raise CourseDataError("a category column needs 'allowed:' values", file=where,
                                  column=col, fix="list the allowed values")


def tables() -> pd.DataFrame:
    """One row per shipped table: name, file, case company, modules and description.

    >>> t = tables()
    >>> list(t.columns)
    ['table', 'file', 'case', 'modules', 'columns', 'description']
    """
    rows = []
    for name, entry in _dictionary().items():
        rows.append({
            "table": name,
            "file": entry["file"],
            "case": entry.get("case", ""),
            "modules": ", ".join(str(m) for m in entry.get("modules", [])),
            "columns": len(entry["columns"]),
            "description": entry.get("description", ""),
        })
    return pd.DataFrame(rows)


def schema(table: str) -> dict:
    """The dictionary entry of a shipped table (a plain dict; a copy, safe to modify).

    >>> schema("huaxin_accounts")["columns"]["annual_revenue"]["type"]
    'float'
    """
    entries = _dictionary()
    if table not in entries:
        close = _close_matches(table, entries)
        raise CourseDataError(
            f"no table named {table!r}",
            fix=(f"did you mean {close}? " if close else "")
            + "crmcourse.data.tables() lists every table",
        )
    import copy

    return copy.deepcopy(entries[table])


def _close_matches(word: str, options: Iterable[str]) -> str:
    import difflib

    found = difflib.get_close_matches(word, list(options), n=3, cutoff=0.5)
    return " or ".join(repr(f) for f in found)


# ---------------------------------------------------------------------------- loading

def load(table: str, *, validate: bool = True) -> pd.DataFrame:
    """Load a shipped table as a typed, validated DataFrame.

    Dates become ``datetime64``, categories become pandas categoricals with the allowed
    values as categories, booleans become ``bool``.

    >>> opps = load("huaxin_opportunities")
    >>> str(opps["created_date"].dtype)
    'datetime64[us]'
    """
    return _load_cached(table, validate).copy()


@functools.lru_cache(maxsize=64)
def _load_cached(table: str, validate: bool) -> pd.DataFrame:
    entry = schema(table)
    entry["_name"] = table
    path = data_path(entry["file"])
    if not path.exists():
        raise CourseDataError(
            "the file is missing", file=f"data/{entry['file']}",
            fix="regenerate it with `crmcourse data generate` or restore it with `git checkout data/`",
        )
    frame = _read_text_csv(path, entry, source=f"data/{entry['file']}")
    if validate:
        return _validate(frame, entry, source=f"data/{entry['file']}", strict=True, file_rows=True,
                         check_refs=True)
    return _coerce_only(frame, entry)


def read_csv(path: str | Path, table: str | dict, **read_csv_kwargs: Any) -> pd.DataFrame:
    """Read your own CSV export and validate it against a course table's rules.

    Extra columns in your file are kept; columns the course needs must be there.

    >>> import tempfile, os
    >>> tmp = os.path.join(tempfile.mkdtemp(), "nps.csv")
    >>> _ = open(tmp, "w").write("customer_id,likelihood_to_recommend\\nC1,11\\n")
    >>> read_csv(tmp, {"columns": {"customer_id": {"type": "str"},
    ...     "likelihood_to_recommend": {"type": "int", "min": 0, "max": 10}}})
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: nps.csv, column 'likelihood_to_recommend': 1 value above the maximum 10 (CSV lines 2). Fix: keep values between 0 and 10 (check units and typos).
    """
    entry = schema(table) if isinstance(table, str) else table
    path = Path(path)
    if not path.exists():
        raise CourseDataError("file not found", file=str(path),
                              fix="check the path (relative paths start from the notebook's folder)")
    frame = _read_text_csv(path, entry, source=path.name, **read_csv_kwargs)
    return _validate(frame, entry, source=path.name, strict=False, file_rows=True)


def validate(frame: pd.DataFrame, table: str | dict, *, source: str = "your table") -> pd.DataFrame:
    """Check a DataFrame against a course table's rules and return a typed copy.

    ``table`` is a shipped table's name or a dict with a ``columns`` mapping in the
    ``tables.yml`` format. Extra columns are kept.

    >>> import pandas as pd
    >>> rules = {"columns": {"revenue": {"type": "float", "min": 0}}}
    >>> validate(pd.DataFrame({"revenue": [10.0, -5.0]}), rules, source="accounts")
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: accounts, column 'revenue': 1 value below the minimum 0 (rows 1). Fix: keep values between 0 and no upper limit (check units and typos).
    """
    entry = schema(table) if isinstance(table, str) else table
    require_frame(frame, source=source)
    return _validate(frame.copy(), entry, source=source, strict=False, file_rows=False)


def load_cdnow(kind: str = "master") -> pd.DataFrame:
    """The real CDNOW transactions (Fader & Hardie), as shipped in the MIT-licensed lifetimes wheel.

    Returns columns ``customer_id``, ``date``, ``cds``, ``amount``. Added with module 4.

    ``kind="master"`` is the whole cohort (69,659 transactions of 23,570 customers who first
    bought in the first quarter of 1997, followed to June 1998); ``kind="sample"`` is the
    1-in-10 sample of Fader, Hardie & Lee (2005): 6,919 transactions of 2,357 customers, whose
    ``customer_id`` is the sample's own number (1–2,357). ``date`` is a datetime, ``cds`` the
    number of CDs, ``amount`` the dollar value. The file's SHA-256 is checked against
    ``data/cdnow/SHA256SUMS.txt`` first; see ``data/cdnow/README.md`` for origin and licence.

    >>> sample = load_cdnow("sample")
    >>> len(sample), sample["customer_id"].nunique(), list(sample.columns)
    (6919, 2357, ['customer_id', 'date', 'cds', 'amount'])
    >>> str(sample["date"].min().date()), str(sample["date"].max().date())
    ('1997-01-01', '1998-06-30')
    """
    import hashlib

    files = {"master": ("CDNOW_master.txt", 69_659), "sample": ("CDNOW_sample.txt", 6_919)}
    if not isinstance(kind, str) or kind not in files:
        raise CourseDataError(f"kind={kind!r} is not one of 'master', 'sample'",
                              fix="load_cdnow() for the whole cohort, load_cdnow('sample') for the paper's 2,357 customers")
    name, expected_rows = files[kind]
    source = f"data/cdnow/{name}"
    path = data_path(f"cdnow/{name}")
    cache = load_cdnow.__dict__.setdefault("_cache", {})  # (path, kind) -> frame, read once per session
    if (str(path), kind) in cache:
        return cache[(str(path), kind)].copy()
    sums = data_path("cdnow/SHA256SUMS.txt")
    restore = "restore it with `git checkout data/cdnow/` (or see data/cdnow/README.md to fetch it again)"
    if not path.exists():
        raise CourseDataError("the file is missing", file=source, fix=restore)
    if not sums.exists():
        raise CourseDataError("the checksum file is missing", file="data/cdnow/SHA256SUMS.txt", fix=restore)
    raw = path.read_bytes()
    listed = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            listed[parts[1].lstrip("*")] = parts[0].lower()
    digest = hashlib.sha256(raw).hexdigest()
    if listed.get(name) != digest:
        raise CourseDataError(
            f"the file differs from the shipped one (sha256 {digest[:12]}…, expected "
            f"{(listed.get(name) or 'no entry')[:12]}…)", file=source, fix=restore)
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:  # pragma: no cover - excluded by the checksum
        raise CourseDataError("the file is not plain text", file=source, fix=restore) from None
    width = 4 if kind == "master" else 5
    header = 1 if not text.lstrip()[:1].isdigit() else 0  # the master file has a header line
    try:
        table = pd.read_csv(io.StringIO(text), sep=r"\s+", header=None, skiprows=header, dtype=str,
                            keep_default_na=False)
    except (pd.errors.ParserError, ValueError):  # pragma: no cover - excluded by the checksum
        raise CourseDataError("not the expected whitespace-separated layout", file=source, fix=restore) from None
    if table.shape != (expected_rows, width):  # pragma: no cover - excluded by the checksum
        raise CourseDataError(f"expected {expected_rows} rows of {width} fields, found {table.shape}",
                              file=source, fix=restore)
    frame = pd.DataFrame({
        "customer_id": pd.to_numeric(table.iloc[:, 0 if kind == "master" else 1], errors="coerce"),
        "date": pd.to_datetime(table.iloc[:, -3], format="%Y%m%d", errors="coerce"),
        "cds": pd.to_numeric(table.iloc[:, -2], errors="coerce"),
        "amount": pd.to_numeric(table.iloc[:, -1], errors="coerce"),
    })
    for col in frame.columns:
        empty = frame[col].isna()
        if empty.any():  # pragma: no cover - excluded by the checksum
            raise CourseDataError("values that cannot be read", file=source, column=col,
                                  rows=list(frame.index[empty] + 1), fix=restore, row_label="data lines")
    frame["customer_id"] = frame["customer_id"].astype("int64")
    frame["cds"] = frame["cds"].astype("int64")
    frame["amount"] = frame["amount"].astype("float64")
    if (frame["amount"] < 0).any() or (frame["cds"] < 1).any():  # pragma: no cover - excluded by the checksum
        raise CourseDataError("negative amounts or fewer than one CD", file=source, fix=restore)
    cache[(str(path), kind)] = frame
    return frame.copy()


# ---------------------------------------------------------------------------- helpers for topic modules

def require_frame(frame: Any, *, source: str = "your table", min_rows: int = 1) -> None:
    """Raise a clear error unless ``frame`` is a DataFrame with at least ``min_rows`` rows.

    >>> require_frame([1, 2], source="transactions")
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: transactions: expected a pandas DataFrame, got list. Fix: build one with pd.DataFrame(...) or load it with crmcourse.data.load(...).
    """
    if not isinstance(frame, pd.DataFrame):
        raise CourseDataError(
            f"expected a pandas DataFrame, got {type(frame).__name__}", file=source,
            fix="build one with pd.DataFrame(...) or load it with crmcourse.data.load(...)",
        )
    if len(frame) < min_rows:
        raise CourseDataError(
            f"the table is empty (needs at least {min_rows} row{'s' if min_rows > 1 else ''})",
            file=source, fix="check the filter that produced it",
        )


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, source: str = "your table",
                    fix: str | None = None) -> None:
    """Raise a clear error naming every required column that ``frame`` lacks.

    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"amount": [1]}), ["customer", "amount"], source="sales")
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: sales: missing column 'customer' (the table has: 'amount'). Fix: rename your columns or pass the right names (e.g. customer='your_column').
    """
    require_frame(frame, source=source, min_rows=0)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(repr(c) for c in frame.columns[:15])
        cols = ", ".join(repr(c) for c in missing)
        raise CourseDataError(
            f"missing column{'s' if len(missing) > 1 else ''} {cols} (the table has: {have})",
            file=source,
            fix=fix or f"rename your columns or pass the right names (e.g. {missing[0]}='your_column')",
        )


# ---------------------------------------------------------------------------- internals

def _read_text_csv(path: Path, entry: dict, *, source: str, **kwargs: Any) -> pd.DataFrame:
    """Read every column as text first, so type errors can be reported by row, not as a crash."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CourseDataError(
            f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})", file=source,
            fix="save it as 'CSV UTF-8' from your spreadsheet program") from None
    if not text.strip():
        raise CourseDataError("the file is empty", file=source, fix="export the table again with a header row")
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], **kwargs)
    except pd.errors.ParserError as exc:
        raise CourseDataError(f"not a well-formed CSV ({exc})".replace("\n", " "), file=source,
                              fix="check the separator, quoting and the number of fields per line") from None


def _labels(frame: pd.DataFrame, mask: pd.Series, file_rows: bool) -> list:
    idx = frame.index[mask.to_numpy()]
    if file_rows:  # header is line 1, first data row is line 2
        return [int(i) + 2 for i in idx]
    return list(idx)


def _coerce_only(frame: pd.DataFrame, entry: dict) -> pd.DataFrame:
    for col, spec in entry["columns"].items():
        if col in frame.columns:
            frame[col], _ = _coerce(frame[col], spec)
    return frame


def _coerce(series: pd.Series, spec: dict) -> tuple[pd.Series, pd.Series]:
    """Convert a column to its declared type. Returns (converted, mask of unconvertible values)."""
    kind = spec["type"]
    present = series.notna()
    if kind == "str":
        out = series.astype("str").where(present, None) if series.dtype != "str" else series
        return out, pd.Series(False, index=series.index)
    if kind == "category":
        allowed = list(spec["allowed"])
        as_text = series.map(lambda v: v if isinstance(v, str) or v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
        bad = present & ~as_text.isin([str(a) for a in allowed])
        out = pd.Categorical(as_text.where(~bad), categories=[str(a) for a in allowed],
                             ordered=bool(spec.get("ordered", False)))
        return pd.Series(out, index=series.index, name=series.name), bad
    if kind in ("int", "float"):
        num = pd.to_numeric(series, errors="coerce")
        if pd.api.types.is_bool_dtype(num):
            num = pd.Series(float("nan"), index=series.index)
        num = num.where(~num.isin([float("inf"), float("-inf")]))  # infinities are typos, not data
        bad = present & num.isna()
        if kind == "int":
            frac = present & ~bad & ((num.fillna(0) % 1 != 0) | (num.abs().fillna(0) >= 2**53))
            bad = bad | frac
            num = num.where(~bad)
            out = num.astype("Int64") if (spec.get("nullable") or bad.any() or num.isna().any()) else num.astype("int64")
            return out, bad
        return num.astype("float64"), bad
    if kind == "date":
        if pd.api.types.is_datetime64_any_dtype(series):
            return series, pd.Series(False, index=series.index)
        parsed = pd.to_datetime(series, errors="coerce", format="ISO8601")
        bad = present & parsed.isna()
        return parsed, bad
    if kind == "bool":
        if pd.api.types.is_bool_dtype(series):
            return series, pd.Series(False, index=series.index)
        text = series.map(lambda v: str(v).strip().lower() if v is not None and v == v else None)
        bad = present & ~text.isin(_TRUE | _FALSE)
        out = text.map(lambda v: True if v in _TRUE else (False if v in _FALSE else None))
        if not bad.any() and not out.isna().any():
            out = out.astype(bool)
        return out, bad
    raise AssertionError(kind)  # pragma: no cover - _check_entry guarantees the type


_FIXES = {
    "int": "use whole numbers without units, thousands separators or decimals",
    "float": "use plain numbers (a dot for decimals, no currency signs or thousands separators)",
    "date": "write dates as YYYY-MM-DD",
    "bool": "use True/False (or yes/no, 1/0)",
    "str": "",
}


def _validate(frame: pd.DataFrame, entry: dict, *, source: str, strict: bool, file_rows: bool,
              check_refs: bool = False) -> pd.DataFrame:
    label = "CSV lines" if file_rows else "rows"
    columns = entry["columns"]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(repr(c) for c in list(frame.columns)[:15])
        raise CourseDataError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(repr(c) for c in missing)}"
            f" (the table has: {have or 'no columns'})",
            file=source, fix="rename or add the columns; crmcourse.data.schema(...) lists what each means",
        )
    if strict:
        extra = [c for c in frame.columns if c not in columns]
        if extra:
            raise CourseDataError(
                f"unexpected column{'s' if len(extra) > 1 else ''} {', '.join(repr(c) for c in extra)}",
                file=source, fix="add them to data/tables.yml or remove them from the file")
    if len(frame) == 0 and not entry.get("allow_empty"):
        raise CourseDataError("the table has no rows", file=source, fix="check the export or the filter")

    for col, spec in columns.items():
        converted, bad = _coerce(frame[col], spec)
        if bad.any():
            kind = spec["type"]
            if kind == "category":
                values = sorted({str(v) for v in frame.loc[bad.to_numpy(), col]})[:5]
                problem = (f"{int(bad.sum())} value{'s' if bad.sum() > 1 else ''} not allowed "
                           f"({', '.join(repr(v) for v in values)})")
                fix = "use one of: " + ", ".join(str(a) for a in spec["allowed"])
            else:
                example = str(frame.loc[bad.to_numpy(), col].iloc[0])[:30]
                problem = f"{int(bad.sum())} value{'s' if bad.sum() > 1 else ''} not of type {kind} (e.g. {example!r})"
                fix = _FIXES[kind]
            raise CourseDataError(problem, file=source, column=col, rows=_labels(frame, bad, file_rows),
                                  fix=fix, row_label=label)
        frame[col] = converted
        if not spec.get("nullable", False):
            empty = converted.isna()
            if empty.any():
                raise CourseDataError(
                    f"{int(empty.sum())} empty value{'s' if empty.sum() > 1 else ''} in a required column",
                    file=source, column=col, rows=_labels(frame, empty, file_rows),
                    fix="fill them in or drop those rows", row_label=label)
        low, high = spec.get("min"), spec.get("max")
        if low is not None or high is not None:
            values = converted
            lo = pd.Timestamp(low) if spec["type"] == "date" and low is not None else low
            hi = pd.Timestamp(high) if spec["type"] == "date" and high is not None else high
            rng = f"between {low if low is not None else 'no lower limit'} and {high if high is not None else 'no upper limit'}"
            if lo is not None:
                below = (values < lo).fillna(False).astype(bool)
                if below.any():
                    raise CourseDataError(
                        f"{int(below.sum())} value{'s' if below.sum() > 1 else ''} below the minimum {low}",
                        file=source, column=col, rows=_labels(frame, below, file_rows),
                        fix=f"keep values {rng} (check units and typos)", row_label=label)
            if hi is not None:
                above = (values > hi).fillna(False).astype(bool)
                if above.any():
                    raise CourseDataError(
                        f"{int(above.sum())} value{'s' if above.sum() > 1 else ''} above the maximum {high}",
                        file=source, column=col, rows=_labels(frame, above, file_rows),
                        fix=f"keep values {rng} (check units and typos)", row_label=label)
        if spec.get("unique"):
            dup = converted.duplicated(keep=False) & converted.notna()
            if dup.any():
                raise CourseDataError(
                    f"{int(dup.sum())} rows share a value that must be unique", file=source, column=col,
                    rows=_labels(frame, dup, file_rows), fix="remove the duplicate rows", row_label=label)

    key = entry.get("primary_key")
    if key:
        keys = [key] if isinstance(key, str) else list(key)
        dup = frame.duplicated(subset=keys, keep=False)
        if dup.any():
            raise CourseDataError(
                f"{int(dup.sum())} rows repeat the key ({', '.join(keys)})", file=source,
                column=keys[0] if len(keys) == 1 else None, rows=_labels(frame, dup, file_rows),
                fix="remove duplicate rows (each key may appear once)", row_label=label)

    if check_refs:
        for col, spec in columns.items():
            ref = spec.get("references")
            if not ref:
                continue
            ref_table, ref_col = ref.split(".", 1)
            target = load(ref_table)[ref_col] if ref_table != entry.get("_name") else frame[ref_col]
            values = frame[col]
            dangling = values.notna() & ~values.isin(set(target.dropna()))
            if dangling.any():
                raise CourseDataError(
                    f"{int(dangling.sum())} values refer to no row of {ref}", file=source, column=col,
                    rows=_labels(frame, dangling, file_rows),
                    fix=f"use ids that exist in {ref_table}", row_label=label)
    return frame


# ---------------------------------------------------------------------------- documentation

_CASES = {
    "huaxin": "Huaxin Office Systems (华信办公设备) — B2B office equipment and managed printing",
    "qingmei": "Qingmei Cosmetics (清美化妆品) — a consumer brand with members, shops and an online store",
    "lianyun": "Lianyun Telecom (联云通信) — a mobile operator with plan tiers and targeted offers",
    "dealer": "Fengtai Motors (丰泰汽车) — a car dealer's fleet buyers (module 2)",
    "cdnow": "CDNOW — real transactions of an online music store (Fader & Hardie), module 4",
    "crm": "The CRM lab database (module 5)",
    "course": "Course-wide tables",
}


def data_dictionary_markdown() -> str:
    """``docs/data.md``: every table and column, rendered from ``data/tables.yml``.

    >>> text = data_dictionary_markdown()
    >>> "## huaxin_accounts" in text and "| annual_revenue | float" in text
    True
    """
    entries = _dictionary()
    lines = [
        "# Data dictionary",
        "",
        "Generated from `data/tables.yml` by `crmcourse data docs`; do not edit by hand "
        "(a test fails when the two differ).",
        "",
        "All case data are synthetic, made by the seeded generator in `crmcourse/cases.py` "
        "(`crmcourse data generate`); no real person is in them. Load any table with "
        "`crmcourse.data.load(name)`; validate your own export against one with "
        "`crmcourse.data.read_csv(path, name)`.",
        "",
        "Types: `str` text · `int` whole number · `float` number · `date` YYYY-MM-DD · "
        "`bool` True/False · `category` one of the listed values. Every column is required "
        "unless marked *may be empty*.",
        "",
    ]
    by_case: dict[str, list[str]] = {}
    for name, entry in entries.items():
        by_case.setdefault(entry.get("case", "course"), []).append(name)
    order = [c for c in _CASES if c in by_case] + sorted(c for c in by_case if c not in _CASES)
    lines += ["| table | case | modules | description |", "|---|---|---|---|"]
    for case in order:
        for name in by_case[case]:
            e = entries[name]
            mods = ", ".join(str(m) for m in e.get("modules", []))
            lines.append(f"| [{name}](#{name}) | {case} | {mods} | {e.get('description', '')} |")
    lines.append("")
    for case in order:
        lines += [f"# {_CASES.get(case, case)}", ""]
        for name in by_case[case]:
            e = entries[name]
            lines += [f"## {name}", "", f"`data/{e['file']}` — {e.get('description', '')}", ""]
            key = e.get("primary_key")
            if key:
                key_text = key if isinstance(key, str) else ", ".join(key)
                lines += [f"Key: `{key_text}`.", ""]
            lines += ["| column | type | rules | description |", "|---|---|---|---|"]
            for col, spec in e["columns"].items():
                rules = []
                if spec.get("allowed"):
                    sep = " < " if spec.get("ordered") else ", "
                    rules.append(sep.join(str(a) for a in spec["allowed"]))
                if "min" in spec:
                    rules.append(f"≥ {spec['min']}")
                if "max" in spec:
                    rules.append(f"≤ {spec['max']}")
                if spec.get("unique"):
                    rules.append("unique")
                if spec.get("nullable"):
                    rules.append("*may be empty*")
                if spec.get("references"):
                    rules.append(f"→ {spec['references']}")
                unit = f" ({spec['unit']})" if spec.get("unit") else ""
                desc = str(spec.get("description", "")).replace("|", "/")
                lines.append(f"| {col} | {spec['type']} | {'; '.join(rules).replace('|', '/')} | {desc}{unit} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
