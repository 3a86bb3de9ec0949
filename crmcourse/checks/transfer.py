"""Moving an answer from a learner's kernel to the grader as plain JSON, and back.

When a notebook runs under ``crmcourse grade``, :func:`crmcourse.checks.check` also displays the
learner's answer as an ``application/vnd.crmcourse.answer+json`` output (:func:`emit`). The
grader reads it back and judges it in its own process with its own, untouched checks: the
record the check shows under the cell is never trusted.

Only plain data travels: ``None``, booleans, integers, floats (NaN and infinities included),
text, ``...``, lists, tuples, sets, dicts, numpy scalars and arrays, pandas Series, DataFrames
and Index objects, timestamps and time spans. :func:`encode` turns those into JSON-ready
values (tagged with a ``"$"`` key where JSON has no type of its own); :func:`decode` builds
them again from JSON and refuses anything else, anything nested deeper than :data:`MAX_DEPTH`
or larger than :data:`MAX_ITEMS` values. A value that cannot travel this way raises
:class:`Untransferable`, and the grader counts the exercise as not answered.

Plain JSON (text, finite numbers, lists, dicts with text keys) stands for itself, so an answer
key written by hand is already in this format.

>>> decode(encode([1, 2.5, "high", None]))
[1, 2.5, 'high', None]
>>> decode(encode({"wifi": ..., "gift": "A"}))
{'wifi': Ellipsis, 'gift': 'A'}
>>> decode(encode(float("nan")))
nan
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import sys
from typing import Any

__all__ = ["ANSWER_MIME", "GRADING_ENV", "MAX_BYTES", "MAX_ITEMS", "MAX_DEPTH", "Untransferable",
           "encode", "decode", "dumps", "answer_payload", "emit"]

#: The MIME type of the answer output a check adds when the notebook runs under the grader.
ANSWER_MIME = "application/vnd.crmcourse.answer+json"
#: Set to ``"1"`` in the kernel's environment by the grader: checks then emit their answers.
GRADING_ENV = "CRMCOURSE_GRADING"
#: The largest encoded answer, in bytes of JSON (a larger one counts as not answered).
MAX_BYTES = 4_000_000
#: The most values (scalars, labels) one answer may hold.
MAX_ITEMS = 500_000
#: How deep containers may nest.
MAX_DEPTH = 20
#: The longest text value.
MAX_TEXT = 100_000
#: The largest integer (in bits); bigger ones are beyond what any check compares.
MAX_INT_BITS = 2048


class Untransferable(Exception):
    """The value cannot be moved to the grader as plain data (unknown type, too large, too deep)."""


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_ITEMS

    def take(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise Untransferable("too many values")


# --------------------------------------------------------------------------- encoding (kernel side)
def _loaded(name: str):
    """A module only if the kernel already imported it: an answer of its types cannot exist otherwise."""
    return sys.modules.get(name)


def _scalar(value: Any, budget: _Budget) -> Any:
    """JSON for a scalar, or raise Untransferable; subclasses of the built-ins are read as the built-in."""
    budget.take()
    if value is None or value is Ellipsis:
        return None if value is None else {"$": "ellipsis"}
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        value = int.__int__(value)
        if value.bit_length() > MAX_INT_BITS:
            raise Untransferable("integer too large")
        return value
    if isinstance(value, float):
        value = float.__float__(value)
        if math.isfinite(value):
            return value
        return {"$": "float", "v": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    if isinstance(value, str):
        value = str.__str__(value)
        if len(value) > MAX_TEXT:
            raise Untransferable("text too long")
        return value
    np = _loaded("numpy")
    if np is not None and isinstance(value, np.generic):
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return _scalar(int(value), budget)
        if isinstance(value, np.floating):
            return _scalar(float(value), budget)
        if isinstance(value, np.datetime64) or isinstance(value, np.timedelta64):
            pd = _loaded("pandas")
            if pd is not None:
                return _scalar(pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value), budget)
        if isinstance(value, np.str_):
            return _scalar(str(value), budget)
        raise Untransferable("numpy scalar type")
    pd = _loaded("pandas")
    if pd is not None:
        if value is pd.NaT:
            return {"$": "nat"}
        if value is pd.NA:
            return {"$": "na"}
        if isinstance(value, pd.Timestamp):
            return {"$": "ts", "v": value.isoformat()}
        if isinstance(value, pd.Timedelta):
            return {"$": "td", "v": int(value.value)}
    if isinstance(value, _dt.datetime):
        return {"$": "ts", "v": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"$": "date", "v": value.isoformat()}
    raise Untransferable("unsupported type")


def _index(index: Any, budget: _Budget) -> dict:
    pd = _loaded("pandas")
    if isinstance(index, pd.RangeIndex):
        budget.take()
        return {"$": "range", "start": int(index.start), "stop": int(index.stop), "step": int(index.step),
                "name": _scalar(index.name, budget)}
    if isinstance(index, pd.MultiIndex):
        budget.take(len(index) * index.nlevels)
        values = [[_scalar(v, budget) for v in label] for label in index.tolist()]
        return {"$": "multiindex", "v": values, "names": [_scalar(n, budget) for n in index.names]}
    budget.take(len(index))
    return {"$": "index", "v": [_scalar(v, budget) for v in index.tolist()], "name": _scalar(index.name, budget)}


def _column(values: Any, budget: _Budget) -> dict:
    """A 1-D array as ``{"dtype": ..., "v": [...]}``: numeric and boolean dtypes are kept, others become objects."""
    np = _loaded("numpy")
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise Untransferable("not one-dimensional")
    budget.take(len(arr))
    kind = arr.dtype.kind
    dtype = arr.dtype.str if kind in "biuf" and arr.dtype.itemsize <= 8 else "object"
    if kind in "Mm":
        dtype = kind
    return {"dtype": dtype, "v": [_scalar(v, budget) for v in arr.tolist()] if kind not in "Mm"
            else [_scalar(v, budget) for v in list(values)]}


def encode(value: Any, _budget: _Budget | None = None, _depth: int = 0) -> Any:
    """``value`` as JSON-ready data, or :class:`Untransferable`.

    Parameters
    ----------
    value : Any
        The learner's answer.

    Returns
    -------
    Any
        Plain JSON data (tagged dicts for what JSON lacks).

    Raises
    ------
    Untransferable
        The value holds a type that does not travel, or is too large or too deep.

    Examples
    --------
    >>> encode((1, "a"))
    {'$': 'tuple', 'v': [1, 'a']}
    >>> encode(object())
    Traceback (most recent call last):
    crmcourse.checks.transfer.Untransferable: unsupported type
    """
    budget = _budget or _Budget()
    if _depth > MAX_DEPTH:
        raise Untransferable("nested too deep")
    if isinstance(value, list):
        budget.take(len(value))
        return [encode(v, budget, _depth + 1) for v in list.copy(value)]
    if isinstance(value, tuple):
        budget.take(len(value))
        return {"$": "tuple", "v": [encode(v, budget, _depth + 1) for v in tuple.__getitem__(value, slice(None))]}
    if isinstance(value, (set, frozenset)):
        budget.take(len(value))
        items = set.copy(value) if isinstance(value, set) else frozenset.copy(value)
        return {"$": "set", "v": [encode(v, budget, _depth + 1) for v in items]}
    if isinstance(value, dict):
        pairs = list(dict.items(value))
        budget.take(len(pairs))
        if all(type(k) is str for k, _ in pairs) and "$" not in dict.keys(value):
            return {k: encode(v, budget, _depth + 1) for k, v in pairs}
        return {"$": "dict", "v": [[encode(k, budget, _depth + 1), encode(v, budget, _depth + 1)] for k, v in pairs]}
    np, pd = _loaded("numpy"), _loaded("pandas")
    if pd is not None and isinstance(value, pd.DataFrame):
        budget.take(value.shape[0] * value.shape[1])
        if value.columns.has_duplicates:
            columns = [value.iloc[:, i] for i in range(value.shape[1])]
        else:
            columns = [value[c] for c in value.columns]
        return {"$": "frame", "columns": _index(value.columns, budget), "index": _index(value.index, budget),
                "data": [_column(col.to_numpy(), budget) for col in columns]}
    if pd is not None and isinstance(value, pd.Series):
        budget.take(len(value))
        return {"$": "series", "name": _scalar(value.name, budget), "index": _index(value.index, budget),
                "data": _column(value.to_numpy(), budget)}
    if pd is not None and isinstance(value, pd.Index):
        return _index(value, budget)
    if np is not None and isinstance(value, np.ndarray):
        budget.take(int(value.size))
        if value.ndim == 0:
            return {"$": "array", "shape": [], "data": _column(value.reshape(1), budget)}
        return {"$": "array", "shape": [int(n) for n in value.shape], "data": _column(value.reshape(-1), budget)}
    return _scalar(value, budget)


def dumps(value: Any) -> str:
    """The encoded answer as JSON text of at most :data:`MAX_BYTES` bytes.

    Parameters
    ----------
    value : Any

    Returns
    -------
    str

    Raises
    ------
    Untransferable
        As :func:`encode`, or the JSON is larger than :data:`MAX_BYTES`.

    Examples
    --------
    >>> dumps([1, None])
    '[1, null]'
    """
    try:
        text = json.dumps(encode(value), allow_nan=False, ensure_ascii=False)
    except Untransferable:
        raise
    except Exception as exc:  # a learner's object broke a conversion: it does not travel
        raise Untransferable(type(exc).__name__) from None
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise Untransferable("too large")
    return text


# --------------------------------------------------------------------------- decoding (grader side)
def _dscalar(data: Any, budget: _Budget) -> Any:
    budget.take()
    if data is None or isinstance(data, (bool, str)):
        if isinstance(data, str) and len(data) > MAX_TEXT:
            raise Untransferable("text too long")
        return data
    if isinstance(data, int):
        if data.bit_length() > MAX_INT_BITS:
            raise Untransferable("integer too large")
        return data
    if isinstance(data, float):
        return data
    if isinstance(data, dict) and isinstance(data.get("$"), str):
        tag, v = data["$"], data.get("v")
        if tag == "ellipsis":
            return ...
        if tag == "float" and v in ("nan", "inf", "-inf"):
            return float(v)
        if tag in ("ts", "td", "nat", "na", "date"):
            import pandas as pd

            if tag == "nat":
                return pd.NaT
            if tag == "na":
                return pd.NA
            if tag == "ts" and isinstance(v, str) and len(v) <= 64:
                return pd.Timestamp(v)
            if tag == "td" and isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**63:
                return pd.Timedelta(v)
            if tag == "date" and isinstance(v, str) and len(v) <= 16:
                return _dt.date.fromisoformat(v)
    raise Untransferable("not a plain value")


def _dindex(data: Any, budget: _Budget):
    import pandas as pd

    if not isinstance(data, dict):
        raise Untransferable("not an index")
    tag = data.get("$")
    if tag == "range":
        start, stop, step = data.get("start"), data.get("stop"), data.get("step")
        if not all(type(x) is int and abs(x) < 2**62 for x in (start, stop, step)) or step == 0:
            raise Untransferable("bad range")
        index = pd.RangeIndex(start, stop, step, name=_dscalar(data.get("name"), budget))
        budget.take(len(index))
        return index
    values = data.get("v")
    if not isinstance(values, list):
        raise Untransferable("not an index")
    budget.take(len(values))
    if tag == "multiindex":
        names = data.get("names")
        if not isinstance(names, list) or not names or len(names) > 32:
            raise Untransferable("bad multi-index")
        tuples = []
        for label in values:
            if not isinstance(label, list) or len(label) != len(names):
                raise Untransferable("bad multi-index")
            tuples.append(tuple(_dscalar(v, budget) for v in label))
        return pd.MultiIndex.from_tuples(tuples, names=[_dscalar(n, budget) for n in names]) if tuples else \
            pd.MultiIndex.from_arrays([[]] * len(names), names=[_dscalar(n, budget) for n in names])
    if tag == "index":
        return pd.Index([_dscalar(v, budget) for v in values], name=_dscalar(data.get("name"), budget),
                        dtype=None if values else object)
    raise Untransferable("not an index")


def _dcolumn(data: Any, budget: _Budget):
    import numpy as np

    if not isinstance(data, dict) or not isinstance(data.get("v"), list) or not isinstance(data.get("dtype"), str):
        raise Untransferable("not a column")
    values = [_dscalar(v, budget) for v in data["v"]]
    dtype = data["dtype"]
    if dtype == "object":
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out
    if dtype in ("M", "m"):
        import pandas as pd

        return pd.Series(values, dtype="datetime64[ns]" if dtype == "M" else "timedelta64[ns]").to_numpy()
    try:
        parsed = np.dtype(dtype)
    except TypeError:
        raise Untransferable("bad dtype") from None
    if parsed.kind not in "biuf" or parsed.itemsize > 8:
        raise Untransferable("bad dtype")
    try:
        return np.array(values, dtype=parsed)
    except (TypeError, ValueError, OverflowError):
        raise Untransferable("bad column") from None


def decode(data: Any, _budget: _Budget | None = None, _depth: int = 0) -> Any:
    """Build the value :func:`encode` described, from parsed JSON; refuse anything else.

    Parameters
    ----------
    data : Any
        Parsed JSON (``json.loads``) from an untrusted source.

    Returns
    -------
    Any
        Built-in values, numpy arrays or pandas objects; never an object of another type.

    Raises
    ------
    Untransferable
        ``data`` is not in the format, too large or too deep.

    Examples
    --------
    >>> decode({"$": "tuple", "v": [1, {"$": "float", "v": "inf"}]})
    (1, inf)
    >>> decode({"$": "pickle", "v": "..."})
    Traceback (most recent call last):
    crmcourse.checks.transfer.Untransferable: not a plain value
    """
    budget = _budget or _Budget()
    if _depth > MAX_DEPTH + 2:
        raise Untransferable("nested too deep")
    if isinstance(data, list):
        budget.take(len(data))
        return [decode(v, budget, _depth + 1) for v in data]
    if not isinstance(data, dict):
        return _dscalar(data, budget)
    if "$" not in data:
        budget.take(len(data))
        return {str(k): decode(v, budget, _depth + 1) for k, v in data.items()}
    tag = data["$"]
    items = data.get("v")
    if tag in ("tuple", "set", "dict"):
        if not isinstance(items, list):
            raise Untransferable("bad container")
        budget.take(len(items))
        if tag == "tuple":
            return tuple(decode(v, budget, _depth + 1) for v in items)
        if tag == "set":
            try:
                return {decode(v, budget, _depth + 1) for v in items}
            except TypeError:
                raise Untransferable("unhashable set item") from None
        out = {}
        for pair in items:
            if not isinstance(pair, list) or len(pair) != 2:
                raise Untransferable("bad dict")
            try:
                out[decode(pair[0], budget, _depth + 1)] = decode(pair[1], budget, _depth + 1)
            except TypeError:
                raise Untransferable("unhashable key") from None
        return out
    if tag == "series":
        import pandas as pd

        index = _dindex(data.get("index"), budget)
        values = _dcolumn(data.get("data"), budget)
        if len(values) != len(index):
            raise Untransferable("bad series")
        return pd.Series(values, index=index, name=_dscalar(data.get("name"), budget))
    if tag == "frame":
        import pandas as pd

        columns = _dindex(data.get("columns"), budget)
        index = _dindex(data.get("index"), budget)
        cols = data.get("data")
        if not isinstance(cols, list) or len(cols) != len(columns):
            raise Untransferable("bad frame")
        arrays = [_dcolumn(c, budget) for c in cols]
        if any(len(a) != len(index) for a in arrays):
            raise Untransferable("bad frame")
        frame = pd.DataFrame({i: a for i, a in enumerate(arrays)}, index=index)
        frame.columns = columns
        return frame
    if tag in ("index", "multiindex", "range"):
        return _dindex(data, budget)
    if tag == "array":
        shape = data.get("shape")
        if not isinstance(shape, list) or len(shape) > 8 or not all(type(n) is int and n >= 0 for n in shape):
            raise Untransferable("bad array")
        flat = _dcolumn(data.get("data"), budget)
        if math.prod(shape) != len(flat) and not (shape == [] and len(flat) == 1):
            raise Untransferable("bad array")
        return flat.reshape(shape)
    return _dscalar(data, budget)


# --------------------------------------------------------------------------- the check's side
def answer_payload(exercise_id: str, answer: Any) -> dict:
    """What a check displays for the grader: the exercise id and the encoded answer.

    Parameters
    ----------
    exercise_id : str
    answer : Any

    Returns
    -------
    dict
        ``{"exercise": id, "answer": <JSON text>}``, or ``{"exercise": id, "untransferable": True}``.

    Raises
    ------
    None
        A value that cannot travel is marked, never raised.

    Examples
    --------
    >>> answer_payload("m0_demo_ratio", 1.25)
    {'exercise': 'm0_demo_ratio', 'answer': '1.25'}
    >>> answer_payload("m0_demo_ratio", print)
    {'exercise': 'm0_demo_ratio', 'untransferable': True}
    """
    try:
        return {"exercise": exercise_id, "answer": dumps(answer)}
    except Exception:  # Untransferable, or anything a learner's object raised on the way
        return {"exercise": exercise_id, "untransferable": True}


def emit(exercise_id: Any, answer: Any) -> bool:
    """Display the answer for the grader when the kernel runs under ``crmcourse grade``; never raises.

    Parameters
    ----------
    exercise_id : Any
        The id the learner checked (only text ids are sent).
    answer : Any
        The learner's answer.

    Returns
    -------
    bool
        True when an answer output was displayed.

    Raises
    ------
    None

    Examples
    --------
    >>> emit("m0_demo_ratio", 1.25)  # outside the grader: nothing is shown
    False
    """
    try:
        if os.environ.get(GRADING_ENV) != "1" or type(exercise_id) is not str or len(exercise_id) > 64:
            return False
        from IPython import get_ipython
        from IPython.display import display

        shell = get_ipython()
        if shell is None or getattr(shell, "kernel", None) is None:
            return False
        display({ANSWER_MIME: answer_payload(exercise_id, answer)}, raw=True)
        return True
    except Exception:
        return False
