"""The real CDNOW transactions (Fader & Hardie), read from the copy shipped with the course.

The files come from the MIT-licensed lifetimes wheel; ``data/cdnow/README.md`` gives their origin
and licence and ``data/cdnow/SHA256SUMS.txt`` their checksums, which :func:`load_cdnow` checks
before it reads a byte.
"""
from __future__ import annotations

import hashlib
import io
from typing import Any

import pandas as pd

import crmcourse.data.paths as paths
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_
from crmcourse.i18n import translate as _

__all__ = ["load_cdnow", "CDNOW_FILES"]

#: kind → (file name under data/cdnow/, number of transactions).
CDNOW_FILES = {"master": ("CDNOW_master.txt", 69_659), "sample": ("CDNOW_sample.txt", 6_919)}

_RESTORE = N_("restore it with `git checkout data/cdnow/` (or see data/cdnow/README.md to fetch it again)")
_CACHE: dict[tuple[str, str], pd.DataFrame] = {}  # (path, kind) -> frame, read once per session


def load_cdnow(kind: Any = "master") -> pd.DataFrame:
    """The real CDNOW transactions (Fader & Hardie), as shipped in the MIT-licensed lifetimes wheel.

    ``kind="master"`` is the whole cohort (69,659 transactions of 23,570 customers who first
    bought in the first quarter of 1997, followed to June 1998); ``kind="sample"`` is the 1-in-10
    sample of Fader, Hardie & Lee (2005): 6,919 transactions of 2,357 customers, whose
    ``customer_id`` is the sample's own number (1–2,357). Added with module 4.

    Parameters
    ----------
    kind : {"master", "sample"}, default "master"
        Which file to read.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id`` (int), ``date`` (datetime), ``cds`` (number of CDs, int) and
        ``amount`` (dollars, float); a fresh copy on every call.

    Raises
    ------
    CourseDataError
        ``kind`` is not one of the two, or the file is missing or differs from the shipped one
        (its SHA-256 is checked against ``data/cdnow/SHA256SUMS.txt`` first).

    Examples
    --------
    >>> sample = load_cdnow("sample")
    >>> len(sample), sample["customer_id"].nunique(), list(sample.columns)
    (6919, 2357, ['customer_id', 'date', 'cds', 'amount'])
    >>> str(sample["date"].min().date()), str(sample["date"].max().date())
    ('1997-01-01', '1998-06-30')
    >>> load_cdnow("full")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: kind='full' is not one of 'master', 'sample'. Fix: load_cdnow() for the whole cohort, load_cdnow('sample') for the paper's 2,357 customers.
    """
    if not isinstance(kind, str) or kind not in CDNOW_FILES:
        shown = repr(str.__str__(kind)[:30]) if isinstance(kind, str) else type(kind).__name__
        raise CourseDataError(
            _("kind={value} is not one of 'master', 'sample'").format(value=shown),
            fix=_("load_cdnow() for the whole cohort, load_cdnow('sample') for the paper's 2,357 customers"))
    kind = str.__str__(kind)
    name, expected_rows = CDNOW_FILES[kind]
    source = f"data/cdnow/{name}"
    path = paths.data_path(f"cdnow/{name}")
    if (str(path), kind) in _CACHE:
        return _CACHE[(str(path), kind)].copy()
    raw = _checked_bytes(path, name, source)
    frame = _parse(raw, kind, expected_rows, source)
    _CACHE[(str(path), kind)] = frame
    return frame.copy()


def _checked_bytes(path, name: str, source: str) -> bytes:
    sums = paths.data_path("cdnow/SHA256SUMS.txt")
    if not path.is_file():
        raise CourseDataError(_("the file is missing"), file=source, fix=_(_RESTORE))
    if not sums.is_file():
        raise CourseDataError(_("the checksum file is missing"), file="data/cdnow/SHA256SUMS.txt", fix=_(_RESTORE))
    try:
        raw = path.read_bytes()
        listing = sums.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseDataError(_("the file cannot be read ({reason})").format(reason=type(exc).__name__), file=source,
                              fix=_(_RESTORE)) from None
    listed = {}
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 2:
            listed[parts[1].lstrip("*")] = parts[0].lower()
    digest = hashlib.sha256(raw).hexdigest()
    if listed.get(name) != digest:
        raise CourseDataError(
            _("the file differs from the shipped one (sha256 {digest}…, expected {expected}…)").format(
                digest=digest[:12], expected=(listed.get(name) or _("no entry"))[:12]), file=source, fix=_(_RESTORE))
    return raw


def _parse(raw: bytes, kind: str, expected_rows: int, source: str) -> pd.DataFrame:
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:  # pragma: no cover - excluded by the checksum
        raise CourseDataError(_("the file is not plain text"), file=source, fix=_(_RESTORE)) from None
    width = 4 if kind == "master" else 5
    header = 1 if not text.lstrip()[:1].isdigit() else 0  # the master file has a header line
    try:
        table = pd.read_csv(io.StringIO(text), sep=r"\s+", header=None, skiprows=header, dtype=str,
                            keep_default_na=False)
    except (pd.errors.ParserError, ValueError):  # pragma: no cover - excluded by the checksum
        raise CourseDataError(_("not the expected whitespace-separated layout"), file=source, fix=_(_RESTORE)) from None
    if table.shape != (expected_rows, width):  # pragma: no cover - excluded by the checksum
        raise CourseDataError(_("expected {rows} rows of {width} fields, found {shape}").format(
            rows=expected_rows, width=width, shape=table.shape), file=source, fix=_(_RESTORE))
    frame = pd.DataFrame({
        "customer_id": pd.to_numeric(table.iloc[:, 0 if kind == "master" else 1], errors="coerce"),
        "date": pd.to_datetime(table.iloc[:, -3], format="%Y%m%d", errors="coerce"),
        "cds": pd.to_numeric(table.iloc[:, -2], errors="coerce"),
        "amount": pd.to_numeric(table.iloc[:, -1], errors="coerce"),
    })
    for col in frame.columns:
        empty = frame[col].isna()
        if empty.any():  # pragma: no cover - excluded by the checksum
            raise CourseDataError(_("values that cannot be read"), file=source, column=col,
                                  rows=list(frame.index[empty] + 1), fix=_(_RESTORE), row_label="data lines")
    frame["customer_id"] = frame["customer_id"].astype("int64")
    frame["cds"] = frame["cds"].astype("int64")
    frame["amount"] = frame["amount"].astype("float64")
    if (frame["amount"] < 0).any() or (frame["cds"] < 1).any():  # pragma: no cover - excluded by the checksum
        raise CourseDataError(_("negative amounts or fewer than one CD"), file=source, fix=_(_RESTORE))
    return frame
