"""Hypothesis strategies for hostile input: every kind of bad value issue 12 lists.

Each topic's hostile test draws tables and scalars from here and asserts that a public helper
either returns or raises ``CourseDataError`` — nothing else escapes. The kinds:

* scalars: None, bools, NaN, ±inf, huge and tiny floats, integers beyond float range, text
  (English, Chinese, numeric-looking, empty), lists, dicts, sets, tuples, bytes, objects whose
  dunder methods raise;
* columns: mixed objects (lists/dicts/sets inside cells), NaN, ±inf, huge ints, Chinese text,
  timezone-aware dates, integer dates (20250105), day/month text dates, booleans;
* tables: empty frames, duplicate column names, duplicate or multi-level indexes, Chinese
  column names, a valid table with one column replaced by a hostile one.
"""
from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd
from hypothesis import strategies as st


class Raiser:
    """An object whose every comparison, conversion and representation raises."""

    def _boom(self, *args, **kwargs):
        raise RuntimeError("hostile object")

    __eq__ = __lt__ = __gt__ = __le__ = __ge__ = __float__ = __int__ = __index__ = _boom
    __repr__ = __str__ = __len__ = __iter__ = __bool__ = _boom
    __hash__ = object.__hash__

    def _repr_pretty_(self, p, cycle):  # lets hypothesis print a falsifying example
        p.text("Raiser()")


class HostileStr(str):
    """A str subclass whose methods raise (gets past naive isinstance(str) checks)."""

    def _boom(self, *args, **kwargs):
        raise RuntimeError("hostile str")

    strip = lower = upper = split = replace = casefold = encode = __iter__ = _boom


HUGE_INT = 10 ** 400
TEXTS = ["", " ", "abc", "满意", "一二三", "12", "1e5", "¥1,200", "nan", "inf", "None", "2025-13-45",
         "05/01/2025", "2025年3月5日", "\x00", "x" * 300]

hostile_scalars = st.one_of(
    st.none(), st.booleans(), st.just(float("nan")), st.just(float("inf")), st.just(-float("inf")),
    st.just(1e308), st.just(-1e308), st.just(5e-324), st.just(HUGE_INT), st.just(-HUGE_INT),
    st.integers(-10 ** 6, 10 ** 6), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(TEXTS), st.text(max_size=8),
    st.just([1, 2]), st.just({"a": 1}), st.just({1, 2}), st.just((1,)), st.just(b"bytes"),
    st.just(Raiser()), st.just(HostileStr("x")), st.just(np.float64("nan")), st.just(np.int64(7)),
    st.just(pd.NaT), st.just(pd.Timestamp("2025-01-05", tz="Asia/Shanghai")),
    st.just(_dt.date(2025, 1, 5)), st.just(complex(1, 2)),
)


def _column(kind: str, n: int):
    if kind == "nested":
        return pd.Series([[1, 2], {"a": 1}, {3}, (4,), "x"] * n, dtype=object)[:n]
    if kind == "nan":
        return pd.Series([np.nan] * n)
    if kind == "inf":
        return pd.Series([np.inf, -np.inf, 1.0] * n)[:n].reset_index(drop=True)
    if kind == "huge":
        return pd.Series([HUGE_INT, 1] * n, dtype=object)[:n].reset_index(drop=True)
    if kind == "bigfloat":
        return pd.Series([1e308] * n)
    if kind == "chinese":
        return pd.Series(["满意", "一般", "很好"] * n)[:n].reset_index(drop=True)
    if kind == "tzdates":
        return pd.Series(pd.date_range("2025-01-01", periods=n, freq="D", tz="Asia/Shanghai"))
    if kind == "intdates":
        return pd.Series([20250105 + i for i in range(n)])
    if kind == "mixeddates":
        return pd.Series([20250105, "2025-06-01"] * n, dtype=object)[:n].reset_index(drop=True)
    if kind == "slashdates":
        return pd.Series(["05/01/2025"] * n)
    if kind == "bools":
        return pd.Series([True, False] * n)[:n].reset_index(drop=True)
    if kind == "negative":
        return pd.Series([-5.0, -1e9] * n)[:n].reset_index(drop=True)
    if kind == "none":
        return pd.Series([None] * n, dtype=object)
    if kind == "raiser":
        return pd.Series([Raiser()] * n, dtype=object)
    if kind == "text":
        return pd.Series(["abc", "", "12"] * n)[:n].reset_index(drop=True)
    raise AssertionError(kind)


COLUMN_KINDS = ["nested", "nan", "inf", "huge", "bigfloat", "chinese", "tzdates", "intdates", "mixeddates",
                "slashdates", "bools", "negative", "none", "raiser", "text"]
hostile_column_kinds = st.sampled_from(COLUMN_KINDS)


def corrupt(frame: pd.DataFrame, how: str, column: str | None = None, kind: str | None = None) -> pd.DataFrame:
    """A hostile variant of a valid ``frame``.

    ``how`` is one of: ``empty``, ``duplicate_columns``, ``duplicate_index``, ``multiindex``,
    ``multicolumns``, ``chinese_columns``, ``replace`` (``column`` becomes a hostile column of
    ``kind``), ``drop`` (``column`` removed).
    """
    f = frame.copy()
    if how == "empty":
        return f.iloc[0:0]
    if how == "duplicate_columns":
        return pd.concat([f, f.iloc[:, :1]], axis=1)
    if how == "duplicate_index":
        f.index = [0] * len(f)
        return f
    if how == "multiindex":
        f.index = pd.MultiIndex.from_arrays([range(len(f)), range(len(f))])
        return f
    if how == "multicolumns":
        f.columns = pd.MultiIndex.from_arrays([f.columns, f.columns])
        return f
    if how == "chinese_columns":
        f.columns = [f"列{i}" for i in range(f.shape[1])]
        return f
    if how == "replace":
        f[column] = _column(kind, len(f)).to_numpy() if len(f) else []
        return f
    if how == "drop":
        return f.drop(columns=[column])
    raise AssertionError(how)


FRAME_CORRUPTIONS = ["empty", "duplicate_columns", "duplicate_index", "multiindex", "multicolumns",
                     "chinese_columns"]


def hostile_frames(valid: pd.DataFrame):
    """Strategy: variants of ``valid`` — structural corruptions and each column replaced by each kind."""
    structural = st.sampled_from(FRAME_CORRUPTIONS).map(lambda how: corrupt(valid, how))
    columns = list(valid.columns)
    replaced = st.tuples(st.sampled_from(columns), hostile_column_kinds).map(
        lambda ck: corrupt(valid, "replace", ck[0], ck[1]))
    dropped = st.sampled_from(columns).map(lambda c: corrupt(valid, "drop", c))
    wrong_type = st.sampled_from([None, [], {}, "table", 3, np.zeros((2, 2)), valid.to_dict()])
    return st.one_of(structural, replaced, dropped, wrong_type)
