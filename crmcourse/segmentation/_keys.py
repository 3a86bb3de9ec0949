"""Exact integer keys for table columns: sorted id codes and the whole-row duplicate test.

:func:`rfm_table` spends most of its time on two questions about a large transaction table:
which rows belong to which customer (the ids, usually text), and does any row repeat an
earlier one in every column. Hashing a million Python strings is the slow part of both, so:

* :func:`factorize_sorted` gives every id a code 0..m-1 in sorted id order — the result of
  ``pd.factorize(ids, sort=True)`` — and, when every id is ASCII text of one length (the usual
  ``C0001234`` / ``QM-C00001`` form), computes it without hashing a single string: the ids are
  joined into one byte buffer, each character position becomes a digit of a mixed-radix number
  (its smallest value 0), and those numbers, which sort like the ids, are ranked with a lookup
  table (or, when their range is too wide for one, factorised as integers). Whole-number ids
  take the same integer route. Anything else (NaN, objects, Chinese text, ids of several
  lengths, ids too varied for their numbers to fit in 62 bits) takes the pandas path.
* :func:`duplicate_rows` first looks for a proof that no row can repeat — a column of whole
  numbers or fixed-width text ids with no value twice (a receipt number) — then narrows the
  candidates with a 64-bit hash of the numeric columns, and runs pandas' exact
  ``DataFrame.duplicated`` only on rows whose hash repeats. Equal rows always have equal hashes,
  so the answer is exactly pandas' answer on the whole table.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["factorize_sorted", "duplicate_rows"]

#: Largest key range ranked with a dense lookup table, as a multiple of the number of rows.
_DENSE_FACTOR = 4
_DENSE_MIN = 1 << 16


def _dense_limit(n: int) -> int:
    return max(_DENSE_FACTOR * n, _DENSE_MIN)


def _text_key(values):
    """``(key, range)``: a mixed-radix number per id that sorts like the ids, or None.

    Only for an object array of ASCII ``str`` of one length without NUL characters.
    """
    n = len(values)
    if n == 0 or values.dtype != object:
        return None
    try:
        joined = "\x00".join(values)
    except TypeError:  # not all text: NaN, numbers, objects
        return None
    if not joined.isascii():
        return None
    width, rest = divmod(len(joined) + 1, n)
    if rest or width < 2:
        return None
    # no NUL inside an id, and every separator at the end of a row: every id has width - 1 characters
    if joined.count("\x00") != n - 1:
        return None
    flat = np.frombuffer((joined + "\x00").encode("ascii"), dtype=np.uint8)
    if flat[width - 1::width].any():
        return None
    body = flat.reshape(n, width)
    columns = [body[:, j] for j in range(width - 1)]  # strided views: reduced one by one (fast)
    low = [int(c.min()) for c in columns]
    span = [int(c.max()) - lo + 1 for c, lo in zip(columns, low)]
    total = 1
    for s in span:
        total *= s
    if total >= 2 ** 62:
        return None
    key = np.zeros(n, dtype=np.int64)
    offset = 0  # Σ low_j · weight_j, subtracted once at the end (Horner's scheme on the raw bytes)
    for c, lo, s in zip(columns, low, span):
        if s > 1:
            key *= s
            key += c
            offset = offset * s + lo
    key -= offset
    return key, total


def _int_key(values):
    """``(values - min, range)`` for a numpy integer array whose range fits in int64, or None."""
    if len(values) == 0 or values.dtype.kind not in "iu":
        return None
    lo, hi = int(values.min()), int(values.max())
    if hi - lo >= 2 ** 62:
        return None
    return (values.astype(np.int64) - lo if values.dtype.kind == "i" else (values - lo).astype(np.int64)), hi - lo + 1


def _rank(key, total: int):
    """Codes 0..m-1 in key order, and one row position per code."""
    n = len(key)
    if total <= _dense_limit(n):
        seen = np.zeros(total, dtype=bool)
        seen[key] = True
        present = np.flatnonzero(seen)
        lookup = np.empty(total, dtype=np.intp)
        lookup[present] = np.arange(len(present))
        codes = lookup[key]
        m = len(present)
    else:
        codes, found = pd.factorize(key)
        order = np.argsort(found, kind="stable")
        rank = np.empty(len(order), dtype=np.intp)
        rank[order] = np.arange(len(order))
        codes = rank[codes]
        m = len(order)
    pos = np.empty(m, dtype=np.intp)
    pos[codes] = np.arange(n)
    return codes, pos


def factorize_sorted(ids: pd.Series):
    """``(codes, uniques)`` as ``pd.factorize(ids, sort=True)`` returns them (missing ids: code -1).

    Raises whatever ``pd.factorize`` raises for ids it cannot sort or hash (the caller turns that
    into a clear error).
    """
    values = ids.to_numpy() if not isinstance(ids.dtype, pd.CategoricalDtype) else None
    found = None
    if values is not None and len(values):
        found = _text_key(values) if values.dtype == object else _int_key(values)
    if found is None:
        return pd.factorize(ids, sort=True)
    codes, pos = _rank(*found)
    return codes, pd.Index(ids.array.take(pos), dtype=ids.dtype)


def _exact_bits(col: pd.Series):
    """The column as uint64 numbers, equal for equal values (NaN = NaN, -0.0 = 0.0), or None."""
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return col.cat.codes.to_numpy().astype(np.uint64)
    if isinstance(dtype, pd.DatetimeTZDtype):
        return col.dt.tz_localize(None).to_numpy().view(np.int64).astype(np.uint64)
    if not isinstance(dtype, np.dtype):
        return None
    values = col.to_numpy()
    if dtype.kind in "iub":
        return values.astype(np.uint64)
    if dtype.kind in "mM":
        return values.view(np.int64).astype(np.uint64)
    if dtype.kind == "f":
        x = values.astype(np.float64) + 0.0  # -0.0 becomes 0.0
        x[np.isnan(x)] = np.nan  # one NaN bit pattern
        return x.view(np.uint64)
    return None


def _cell_text(value) -> str:
    try:
        return f"{type(value).__name__}:{value!r}"
    except Exception:  # an object whose repr raises is equal only to itself
        return f"{type(value).__name__}@{id(value)}"


def _exact_duplicated(frame: pd.DataFrame, codes, customer_pos: int):
    """pandas' ``duplicated(keep="first")`` over every column, the customer column as its codes."""
    parts = {"_c": codes}
    for i in range(frame.shape[1]):
        if i != customer_pos:
            parts[f"_{i}"] = frame.iloc[:, i].to_numpy()
    try:
        return pd.DataFrame(parts).duplicated(keep="first").to_numpy()
    except Exception:  # unhashable or hostile cells: compare their text instead
        texts = {k: (v if k == "_c" else np.array([_cell_text(x) for x in v], dtype=object))
                 for k, v in parts.items()}
        return pd.DataFrame(texts).duplicated(keep="first").to_numpy()


def duplicate_rows(frame: pd.DataFrame, codes, customer_pos: int):
    """Boolean mask of the rows that repeat an earlier row in every column (``keep="first"``).

    ``codes`` are the customer column's codes (position ``customer_pos``): equal ids, equal codes.
    """
    n = len(frame)
    none = np.zeros(n, dtype=bool)
    if n < 2:
        return none
    limit = _dense_limit(n)
    others = [i for i in range(frame.shape[1]) if i != customer_pos]
    # 1. a proof: one column whose values never repeat (whole numbers first: they cost least)
    def kind(i):
        dtype = frame.dtypes.iloc[i]
        if isinstance(dtype, np.dtype) and dtype.kind in "iu":
            return 0
        return 1 if isinstance(dtype, pd.StringDtype) or (isinstance(dtype, np.dtype) and dtype.kind == "O") else 2

    for i in sorted((i for i in others if kind(i) < 2), key=kind):
        values = frame.iloc[:, i].to_numpy()
        found = _int_key(values) if values.dtype.kind in "iu" else (
            _text_key(values) if values.dtype == object else None)
        if found is not None and found[1] <= limit and np.bincount(found[0], minlength=found[1]).max() <= 1:
            return none
    # 2. candidates: rows whose hash over the customer codes and the numeric columns repeats
    h = np.asarray(codes).astype(np.uint64)
    mult = np.uint64(0x9E3779B97F4A7C15)
    for i in others:
        bits = _exact_bits(frame.iloc[:, i])
        if bits is not None:
            h = h * mult + bits
            h ^= h >> np.uint64(29)
    candidates = pd.Series(h).duplicated(keep=False).to_numpy()
    if not candidates.any():
        return none
    # 3. the exact test on the candidates only (their order kept, so "first" means the same)
    where = np.flatnonzero(candidates)
    out = none
    out[where] = _exact_duplicated(frame.iloc[where], np.asarray(codes)[where], customer_pos)
    return out
