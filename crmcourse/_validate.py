"""Input checks shared by every topic helper (as scikit-learn's ``utils/validation.py``).

Each function takes what a learner or analyst passed, returns it in the one form the helpers
compute with (a float, a float64 Series, naive ``datetime64`` dates, ...), or raises one
:class:`~crmcourse.errors.CourseDataError` that names the problem and the fix. Nothing else
escapes: nested objects, NaN/±inf, integers beyond float range, duplicate column names,
timezone-aware or integer dates are all turned into that one error.

pandas and numpy are imported when a check first needs them, so ``import crmcourse`` and the
modules that only use the scalar checks stay light.

Messages follow the language in use (``crmcourse.set_language("zh")``): each template is marked
with ``_()`` (:func:`crmcourse.errors.translate`, as this module cannot import
:mod:`crmcourse.i18n`) and formatted after translation; :func:`counted` says "2 values" or "2 个值".

>>> real(0.5, "rate", low=0, high=1)
0.5
>>> real(float("inf"), "rate")
Traceback (most recent call last):
...
crmcourse.errors.CourseDataError: rate must be a finite number, got inf. Fix: pass a plain number such as rate=1.
"""
from __future__ import annotations

import difflib
import math
import numbers
from typing import Any, Iterable, Mapping, Sequence

from crmcourse.errors import N_, CourseDataError
from crmcourse.errors import translate as _

__all__ = [
    "short", "close_matches", "did_you_mean", "rows_where", "plural", "counted",
    "real", "integer", "choice", "timestamp",
    "require_frame", "require_columns", "column", "as_series", "numeric_values", "numeric_column",
    "dates", "date_column", "hashable_ids", "column_list",
]

#: One "did you mean" rule for the whole package: up to two suggestions at similarity ≥ 0.6.
SUGGESTION_CUTOFF = 0.6
SUGGESTIONS = 2
#: Nouns :func:`counted` shows in the language in use ("2 values" → "2 个值"): the validation
#: layer's own, and the ``what=`` of the topic helpers.
NOUNS = frozenset({N_("value"), N_("date"), N_("id"), N_("empty value"), N_("amount"), N_("score"),
                   N_("count"), N_("promise"), N_("importance point"), N_("revenue value"),
                   N_("wallet estimate")})


def short(value: Any, limit: int = 40) -> str:
    """A value's repr cut to ``limit`` characters, safe for objects whose repr raises.

    >>> short("x" * 50, 10)
    "'xxxxxxxx…"
    """
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        try:
            value = value.item()  # np.float64(nan) reads as nan
        except Exception:
            pass
    try:
        text = repr(value)
    except Exception:  # an object whose __repr__ raises
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


_short = short


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 value"`` / ``"3 values"``.

    >>> plural(2, "row")
    '2 rows'
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


def counted(n: int, word: str, many: str | None = None) -> str:
    """:func:`plural` in English; in Chinese ``"2 个值"`` for a noun of :data:`NOUNS`.

    >>> counted(2, "value")
    '2 values'
    """
    template = _("{count} {things}")
    if template == "{count} {things}" or word not in NOUNS:
        return plural(n, word, many)
    return template.format(count=n, things=_(word))


def things(word: str) -> str:
    """``"values"`` in English; the noun alone in Chinese (``"值"``), for a noun of :data:`NOUNS`.

    >>> things("amount")
    'amounts'
    """
    plain = _(word) if word in NOUNS else word
    return word + "s" if plain == word else plain


def close_matches(word: Any, options: Iterable[Any]) -> list[str]:
    """Options that look like ``word`` (the package's one "did you mean" rule).

    >>> close_matches("revenu", ["revenue", "region", "rep"])
    ['revenue']
    """
    opts = [str(o) for o in options]
    try:
        return difflib.get_close_matches(str(word), opts, n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF)
    except Exception:
        return []


def did_you_mean(word: Any, options: Iterable[Any]) -> str:
    """``" (did you mean 'x'?)"`` when an option looks like ``word``, else ``""``.

    >>> did_you_mean("tangible", ["tangibles", "empathy"])
    " (did you mean 'tangibles'?)"
    >>> did_you_mean("zzz", ["tangibles"])
    ''
    """
    found = [repr(f) for f in close_matches(word, options)]
    if len(found) > 1:
        return _(" (did you mean {first} or {second}?)").format(first=" or ".join(found[:-1]), second=found[-1])
    return _(" (did you mean {option}?)").format(option=found[0]) if found else ""


def rows_where(index, mask) -> list:
    """Labels of ``index`` where ``mask`` is true (for the ``rows=`` of an error).

    >>> rows_where(["a", "b", "c"], [False, True, True])
    ['b', 'c']
    """
    import numpy as np
    import pandas as pd

    return list(pd.Index(index)[np.asarray(mask, dtype=bool)])


# ---------------------------------------------------------------------------- scalars

def _to_float(value: Any) -> float | None:
    """A plain real number as float, or None (bools, text, NaN-likes and objects are not numbers)."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return None
    if isinstance(value, numbers.Real):
        try:
            return float(value)
        except (OverflowError, TypeError, ValueError):
            return None
    return None


def real(value: Any, name: str, *, low: float | None = None, high: float | None = None,
         low_open: bool = False, high_open: bool = False, example: Any = 1,
         percent_hint: bool = False) -> float:
    """A finite real number within ``[low, high]`` (open ends on request), or one clear error.

    Parameters
    ----------
    value : Any
        What the caller passed.
    name : str
        The argument's name, used in the message.
    low, high : float, optional
        Inclusive bounds (exclusive with ``low_open`` / ``high_open``).
    example : Any, default 1
        A value shown in the fix.
    percent_hint : bool, default False
        For rates and shares in [0, 1]: a value above 1 gets "divide percentages by 100".

    Returns
    -------
    float

    Raises
    ------
    CourseDataError
        Not a number (text, bool, None, a list), NaN, ±inf, too large for a float, or out of range.

    Examples
    --------
    >>> real(7, "a", low=0)
    7.0
    >>> real(10, "discount rate", low=0, high=1, percent_hint=True)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: discount rate must be at most 1, got 10. Fix: this looks like a percentage: divide it by 100 (10% is 0.1).
    """
    num = _to_float(value)
    if num is not None and math.isfinite(num) and not (low is not None and (num < low or (low_open and num == low))) \
            and not (high is not None and (num > high or (high_open and num == high))):
        return num
    fields = {"name": name, "value": _short(value), "example": repr(example),
              "low": f"{low:g}" if low is not None else "", "high": f"{high:g}" if high is not None else ""}
    if num is None:
        hint = _(" (text, not a number)") if isinstance(value, str) else ""
        raise CourseDataError(_("{name} must be a number, got {value}").format(**fields) + hint,
                              fix=_("pass a plain number such as {name}={example}").format(**fields))
    if not math.isfinite(num):
        raise CourseDataError(_("{name} must be a finite number, got {value}").format(**fields),
                              fix=_("pass a plain number such as {name}={example}").format(**fields))
    fix = _("pass a value such as {name}={example}").format(**fields)
    if low is not None and (num < low or (low_open and num == low)):
        problem = (_("{name} must be more than {low}, got {value}") if low_open
                   else _("{name} must be at least {low}, got {value}"))
    else:
        problem = (_("{name} must be less than {high}, got {value}") if high_open
                   else _("{name} must be at most {high}, got {value}"))
        if percent_hint and high == 1 and num <= 100:
            fix = _("this looks like a percentage: divide it by 100 ({percent} is {share})").format(
                percent=f"{num:g}%", share=f"{num / 100:g}")
    raise CourseDataError(problem.format(**fields), fix=fix)


def integer(value: Any, name: str, low: int, high: int | None = None) -> int:
    """A whole number (not a bool) in ``[low, high]``, or one clear error.

    >>> integer(3, "k", 2, 10)
    3
    >>> integer(2.5, "k", 2)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: k must be a whole number, got 2.5. Fix: e.g. k=2.
    """
    if isinstance(value, bool) or type(value).__name__ == "bool_" or not isinstance(value, numbers.Integral):
        raise CourseDataError(_("{name} must be a whole number, got {value}").format(name=name, value=_short(value)),
                              fix=_("e.g. {name}={value}").format(name=name, value=low))
    v = int(value)
    if v < low or (high is not None and v > high):
        fields = {"name": name, "low": low, "high": high, "value": v}
        if high is not None:
            raise CourseDataError(_("{name} must be from {low} to {high}, got {value}").format(**fields),
                                  fix=_("pick {name} from {low} to {high}").format(**fields))
        raise CourseDataError(_("{name} must be {low} or more, got {value}").format(**fields),
                              fix=_("pick {name} {low} or more").format(**fields))
    return v


def choice(value: Any, name: str, allowed: Sequence[str]) -> str:
    """``value`` if it is one of ``allowed`` (exact text), else one error with a suggestion.

    >>> choice("drop", "returns", ["raise", "drop", "net"])
    'drop'
    >>> choice("dorp", "returns", ["raise", "drop", "net"])
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: returns='dorp' is not one of 'raise', 'drop', 'net' (did you mean 'drop'?). Fix: pass returns='raise' (the default) or another listed value.
    """
    if isinstance(value, str) and value in allowed:
        return value
    hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
    raise CourseDataError(
        _("{name}={value} is not one of {allowed}").format(
            name=name, value=_short(value), allowed=", ".join(repr(a) for a in allowed)) + hint,
        fix=_("pass {name}={default} (the default) or another listed value").format(
            name=name, default=repr(allowed[0])))


def timestamp(value: Any, name: str, *, example: str = "2026-01-01"):
    """One date as a naive ``pd.Timestamp`` (timezone dropped), or one clear error.

    Numbers are refused (20250131 is not a date until you say its format); text must parse.

    >>> timestamp("2026-01-01", "snapshot")
    Timestamp('2026-01-01 00:00:00')
    """
    import pandas as pd

    fields = {"name": name, "example": example, "value": _short(value)}
    if value is None:
        raise CourseDataError(
            _("{name} is required: the date the analysis looks back from").format(**fields),
            fix=_("pass a fixed date, e.g. {name}='{example}' (never 'today': results must not change "
                  "from one day to the next)").format(**fields))
    if isinstance(value, (bool, numbers.Number)):
        raise CourseDataError(_("{name} must be a date, got {value}").format(**fields),
                              fix=_("e.g. {name}='{example}'").format(**fields))
    if isinstance(value, str):
        text = str.strip(value)
        if len(text) < 10 or not (text[:4].isdigit() and text[4] == "-"):
            raise CourseDataError(_("{name} {value} is not an ISO date (YYYY-MM-DD)").format(**fields),
                                  fix=_("write it as YYYY-MM-DD, e.g. {name}='{example}' "
                                        "(05/01/2025 could be 5 January or 1 May)").format(**fields))
        value = text
    try:
        ts = pd.Timestamp(value)
    except Exception:
        raise CourseDataError(_("{name} {value} is not a date").format(**fields),
                              fix=_("write it as YYYY-MM-DD, e.g. {name}='{example}'").format(**fields)) from None
    if ts is pd.NaT or pd.isna(ts):
        raise CourseDataError(_("{name} is empty (NaT)").format(**fields),
                              fix=_("e.g. {name}='{example}'").format(**fields))
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts


# ---------------------------------------------------------------------------- tables

def require_frame(frame: Any, *, source: str = "your table", min_rows: int = 1):
    """``frame`` if it is a DataFrame with unique, flat column names and ``min_rows`` rows.

    Parameters
    ----------
    frame : Any
        What the caller passed.
    source : str
        The table's name in messages.
    min_rows : int, default 1
        0 allows an empty table.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    CourseDataError
        Not a DataFrame, multi-level or duplicate column names, too few rows.

    Examples
    --------
    >>> require_frame([1, 2], source="transactions")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: transactions: expected a pandas DataFrame, got list. Fix: build one with pd.DataFrame(...) or load it with crmcourse.data.load(...).
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise CourseDataError(
            _("expected a pandas DataFrame, got {type}").format(type=type(frame).__name__), file=source,
            fix=_("build one with pd.DataFrame(...) or load it with crmcourse.data.load(...)"))
    if isinstance(frame.columns, pd.MultiIndex):
        raise CourseDataError(_("the columns have several levels (a MultiIndex)"), file=source,
                              fix=_("flatten them first, e.g. "
                                    "df.columns = ['_'.join(map(str, c)) for c in df.columns]"))
    dup = frame.columns[frame.columns.duplicated()]
    if len(dup):
        names = ", ".join(_short(c) for c in dict.fromkeys(dup))
        raise CourseDataError(_("more than one column is named {names}").format(names=names), file=source,
                              fix=_("rename or drop the duplicate columns (df.loc[:, ~df.columns.duplicated()])"))
    if len(frame) < min_rows:
        problem = (_("the table is empty (needs at least 1 row)") if min_rows == 1
                   else _("the table is empty (needs at least {count} rows)").format(count=min_rows))
        raise CourseDataError(problem, file=source, fix=_("check the filter that produced it"))
    return frame


def require_columns(frame: Any, columns: Iterable[str], *, source: str = "your table",
                    fix: str | None = None, min_rows: int = 0):
    """``frame`` (checked by :func:`require_frame`) if it has every column in ``columns``.

    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"amount": [1]}), ["customer", "amount"], source="sales")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: sales: missing column 'customer' (the table has: 'amount'). Fix: rename your columns or pass the right names (e.g. customer='your_column').
    """
    frame = require_frame(frame, source=source, min_rows=min_rows)
    try:
        columns = list(columns)
        for c in columns:
            hash(c)
        missing = [c for c in columns if c not in frame.columns]
    except Exception:
        raise CourseDataError(_("column names must be text"), fix=_("pass column names as strings")) from None
    if missing:
        have = ", ".join(_short(c) for c in list(frame.columns)[:15])
        fields = {"columns": ", ".join(_short(c) for c in missing), "hint": did_you_mean(missing[0], frame.columns),
                  "have": have or _("no columns"), "name": short(missing[0], 30).strip(chr(39))}
        problem = (_("missing columns {columns}{hint} (the table has: {have})") if len(missing) > 1
                   else _("missing column {columns}{hint} (the table has: {have})"))
        raise CourseDataError(
            problem.format(**fields), file=source,
            fix=fix or _("rename your columns or pass the right names (e.g. {name}='your_column')").format(**fields))
    return frame


def column(frame, name: str, *, source: str = "your table"):
    """``frame[name]`` as one Series; a missing or duplicated name is one clear error.

    >>> import pandas as pd
    >>> column(pd.DataFrame({"a": [1]}), "a").tolist()
    [1]
    """
    import pandas as pd

    require_columns(frame, [name], source=source)
    s = frame[name]
    if isinstance(s, pd.DataFrame):  # only reachable when require_frame was bypassed
        raise CourseDataError(_("the table has more than one column named {name}").format(name=repr(name)),
                              file=source, column=name, fix=_("rename the duplicate columns"))
    return s


def as_series(values: Any, name: str = "values", *, allow_scalar: bool = False):
    """A 1-D pandas Series from a Series, list, tuple, array or (optionally) a scalar.

    Sets, dicts, strings, generators of unknown length and 2-D data are refused with one error.

    >>> as_series([1, 2], "scores").tolist()
    [1, 2]
    >>> as_series({"a": 1}, "scores")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: scores must be a list or a pandas Series, got dict. Fix: pass e.g. scores=[9, 7, 10] or a table column df['scores'].
    """
    import numpy as np
    import pandas as pd

    fix = _("pass e.g. {name}=[9, 7, 10] or a table column df['{name}']").format(name=name)
    if isinstance(values, pd.Series):
        if isinstance(values.index, pd.MultiIndex):
            values = values.reset_index(drop=True)
        return values
    if isinstance(values, pd.DataFrame):
        if values.shape[1] == 1 and not values.columns.duplicated().any():
            return values.iloc[:, 0]
        raise CourseDataError(_("{name} must be one column, got a table with {count} columns").format(
            name=name, count=values.shape[1]), fix=fix)
    if isinstance(values, (list, tuple, pd.Index)):
        try:
            arr = np.empty(len(values), dtype=object)
            arr[:] = list(values)
        except Exception:
            raise CourseDataError(_("{name} could not be read as a list of values").format(name=name),
                                  fix=fix) from None
        return pd.Series(arr, name=name)
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise CourseDataError(_("{name} must be one-dimensional, got an array of shape {shape}").format(
                name=name, shape=values.shape), fix=fix)
        return pd.Series(values, name=name)
    if allow_scalar and (values is None or isinstance(values, (numbers.Number, str))):
        return pd.Series([values], name=name, dtype=object)
    raise CourseDataError(_("{name} must be a list or a pandas Series, got {type}").format(
        name=name, type=type(values).__name__), fix=fix)


def numeric_values(series, *, source: str = "your data", col: str | None = None,
                   allow_bool: bool = False, allow_missing: bool = False,
                   low: float | None = None, high: float | None = None, what: str = "value"):
    """A Series as float64: every value a finite real number (within bounds), or one error.

    Text such as ``"12.5"`` is read; currency signs, lists, dicts, sets, bools (unless
    ``allow_bool``), NaN/±inf (NaN kept with ``allow_missing``) and integers beyond float range
    are named with their rows.

    >>> import pandas as pd
    >>> numeric_values(pd.Series([1, "2.5"])).tolist()
    [1.0, 2.5]
    >>> numeric_values(pd.Series([1, None, float("inf")]), col="amount")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: your data, column 'amount': 2 values missing or not a finite number (e.g. nan) (rows 1, 2). Fix: fill in or drop those rows, and use plain numbers (no currency signs or text).
    """
    import numpy as np
    import pandas as pd

    s = series
    if pd.api.types.is_bool_dtype(s.dtype) and not allow_bool:
        raise CourseDataError(_("holds True/False, not numbers"), file=source, column=col,
                              fix=_("pass a numeric column"))
    if (pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_complex_dtype(s.dtype)
            and not isinstance(s.dtype, pd.CategoricalDtype)):
        with np.errstate(over="ignore", invalid="ignore"):
            arr = s.to_numpy(dtype="float64", na_value=np.nan)
    else:
        def as_float(v):
            if isinstance(v, (bool, np.bool_)):
                return float(v) if allow_bool else np.nan
            if isinstance(v, numbers.Real):
                try:
                    return float(v)
                except (OverflowError, TypeError, ValueError):
                    return np.nan
            if isinstance(v, str):
                try:
                    return float(str.strip(v))  # str.strip: a str subclass may override strip
                except Exception:
                    return np.nan
            return np.nan

        arr = np.array([as_float(v) for v in s.to_numpy(dtype=object)], dtype="float64")
    missing = np.isnan(arr)
    bad = ~np.isfinite(arr)
    if allow_missing:
        bad &= ~missing
    if bad.any():
        example = s.iloc[int(np.flatnonzero(bad)[0])]
        raise CourseDataError(
            _("{counted} missing or not a finite number (e.g. {example})").format(
                counted=counted(int(bad.sum()), what), example=_short(example, 30)),
            file=source, column=col, rows=rows_where(s.index, bad),
            fix=_("fill in or drop those rows, and use plain numbers (no currency signs or text)"))
    with np.errstate(invalid="ignore"):
        low_bad = (arr < low) if low is not None else np.zeros(len(arr), bool)
        high_bad = (arr > high) if high is not None else np.zeros(len(arr), bool)
    out = low_bad | high_bad
    if out.any():
        example = s.iloc[int(np.flatnonzero(out)[0])]
        fields = {"counted": counted(int(out.sum()), what), "example": _short(example, 30), "things": things(what),
                  "low": f"{low:g}" if low is not None else "", "high": f"{high:g}" if high is not None else ""}
        if low is not None and high is not None:
            problem = _("{counted} not between {low} and {high} (e.g. {example})")
            fix = _("keep {things} between {low} and {high}, or drop those rows")
        elif low is not None:
            problem = _("{counted} not at least {low} (e.g. {example})")
            fix = _("keep {things} at least {low}, or drop those rows")
        else:
            problem = _("{counted} not at most {high} (e.g. {example})")
            fix = _("keep {things} at most {high}, or drop those rows")
        raise CourseDataError(problem.format(**fields), file=source, column=col, rows=rows_where(s.index, out),
                              fix=fix.format(**fields))
    return pd.Series(arr, index=s.index, name=s.name, dtype="float64")


def numeric_column(frame, col: str, source: str = "your table", **kwargs):
    """``frame[col]`` checked by :func:`numeric_values` (see there for the options).

    >>> import pandas as pd
    >>> numeric_column(pd.DataFrame({"x": [1, 2]}), "x", "t").tolist()
    [1.0, 2.0]
    """
    return numeric_values(column(frame, col, source=source), source=source, col=col, **kwargs)


def dates(series, *, source: str = "your data", col: str | None = None, allow_missing: bool = False):
    """Dates as naive ``datetime64``; one error for numbers, ambiguous or unreadable text.

    Accepted: datetime64 columns (timezone-aware ones are converted to naive local time),
    ``date``/``datetime``/``Timestamp`` objects, and ISO text (``2025-01-31``, with or
    without a time). Integers such as 20250131 and day/month text such as ``05/01/2025``
    are refused with the conversion to use, because guessing them gives silent wrong answers.

    >>> import pandas as pd
    >>> dates(pd.Series(["2025-01-31", "2025-02-01 10:00"])).dt.day.tolist()
    [31, 1]
    >>> dates(pd.Series(["05/01/2025"]), col="date")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: your data, column 'date': 1 date missing or not an ISO date (e.g. '05/01/2025') (rows 0). Fix: write dates as YYYY-MM-DD (or convert with pd.to_datetime(..., format=...)) and drop rows without a date.
    """
    import numpy as np
    import pandas as pd

    s = series
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        parsed = s.astype("datetime64[us]") if str(s.dtype) != "datetime64[us]" else s
        bad = parsed.isna().to_numpy()
        what = N_("{counted} missing (e.g. {example})")
    elif pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        raise CourseDataError(
            _("holds numbers, not dates"), file=source, column=col,
            fix=_("convert it first, e.g. pd.to_datetime(df['date'].astype(str), format='%Y%m%d') for 20250131"))
    else:
        values = s.to_numpy(dtype=object)
        out = np.empty(len(values), dtype="datetime64[us]")
        out[:] = np.datetime64("NaT")
        numbers_seen = False
        for i, v in enumerate(values):
            try:
                if isinstance(v, str):
                    text = v.strip()
                    if len(text) < 10 or not (text[:4].isdigit() and text[4] == "-"):
                        continue
                    t = pd.Timestamp(text)
                elif isinstance(v, (bool, np.bool_)):
                    continue
                elif isinstance(v, numbers.Number):
                    numbers_seen = numbers_seen or not (isinstance(v, float) and math.isnan(v))
                    continue
                elif hasattr(v, "year") and hasattr(v, "month") and hasattr(v, "day"):
                    t = pd.Timestamp(v)
                else:
                    continue
                if t is pd.NaT or pd.isna(t):
                    continue
                if t.tzinfo is not None:
                    t = t.tz_localize(None)
                out[i] = np.datetime64(t.to_datetime64(), "us")
            except Exception:
                continue
        parsed = pd.Series(out, index=s.index, name=s.name)
        bad = parsed.isna().to_numpy()
        what = N_("{counted} missing or not an ISO date (e.g. {example})")
        if numbers_seen and bad.any():
            what = N_("{counted} missing or not a date (numbers such as 20250131 are not read as dates) "
                      "(e.g. {example})")
    if allow_missing:
        blank = pd.isna(series).to_numpy() if not isinstance(series.dtype, pd.DatetimeTZDtype) else series.isna().to_numpy()
        bad = bad & ~blank
    if bad.any():
        example = series.iloc[int(np.flatnonzero(bad)[0])]
        raise CourseDataError(
            _(what).format(counted=counted(int(bad.sum()), "date"), example=_short(example, 30)),
            file=source, column=col, rows=rows_where(s.index, bad),
            fix=_("write dates as YYYY-MM-DD (or convert with pd.to_datetime(..., format=...)) and drop "
                  "rows without a date"))
    return parsed


def date_column(frame, col: str, source: str = "your table", **kwargs):
    """``frame[col]`` checked by :func:`dates`.

    >>> import pandas as pd
    >>> date_column(pd.DataFrame({"d": ["2025-01-01"]}), "d").dt.year.tolist()
    [2025]
    """
    return dates(column(frame, col, source=source), source=source, col=col, **kwargs)


def hashable_ids(ids, *, source: str = "your data", col: str | None = None, allow_missing: bool = False):
    """``ids`` if every id is one plain value (text or number, no lists/dicts/sets, no NaN).

    >>> import pandas as pd
    >>> hashable_ids(pd.Series([[1], "a"]), col="customer")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: your data, column 'customer': ids must be text or numbers (found lists or other objects) (rows 0). Fix: use one plain id per customer, e.g. 'QM-C00001'.
    """
    import numpy as np
    import pandas as pd

    if ids.dtype == object:
        vals = ids.to_numpy(dtype=object)
        bad = np.array([not isinstance(v, (str, numbers.Number, np.generic)) and v is not None
                        and not isinstance(v, (pd.Timestamp,)) for v in vals], dtype=bool)
        if bad.any():
            raise CourseDataError(_("ids must be text or numbers (found lists or other objects)"), file=source,
                                  column=col, rows=rows_where(ids.index, bad),
                                  fix=_("use one plain id per customer, e.g. 'QM-C00001'"))
    if not allow_missing:
        miss = ids.isna().to_numpy()
        if miss.any():
            raise CourseDataError(_("{counted} missing").format(counted=counted(int(miss.sum()), "id")), file=source,
                                  column=col, rows=rows_where(ids.index, miss), fix=_("fill in or drop those rows"))
    return ids


def column_list(value: Any, name: str, *, example: Sequence[str] = ("recency", "frequency", "monetary")) -> list:
    """A list of distinct column names from one name or an iterable of names.

    >>> column_list("a", "features")
    ['a']
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        try:
            out = list(value)
        except Exception:
            out = []
        if out and all(isinstance(v, str) for v in out) and len(set(out)) == len(out):
            return out
    raise CourseDataError(_("{name} should be a list of distinct column names, got {value}").format(
        name=name, value=_short(value, 120)), fix=_("e.g. {name}={value}").format(name=name, value=repr(list(example))))
