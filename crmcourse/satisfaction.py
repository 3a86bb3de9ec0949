"""Customer satisfaction (客户满意): ratio, promise trade-off, Kano, SERVQUAL and NPS.

Module 1 of the course. Pure functions on numbers, pandas Series and DataFrames; plots live in
:mod:`crmcourse.plots` and interactive explorers in :mod:`crmcourse.widgets`. Every problem with
the input (an unknown Kano answer, a score out of range, a missing column …) is reported as one
:class:`~crmcourse.data.CourseDataError` that names the allowed values, the offending rows and
the fix.

>>> satisfaction_ratio(perceived=9, expected=8)
1.125
>>> satisfaction_zone(1.125)
'highly satisfied'
>>> kano_category("like", "dislike")
'O'
>>> nps([10, 9, 8, 3])
25.0
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmcourse.data import CourseDataError, require_columns, require_frame

__all__ = [
    "satisfaction_ratio",
    "satisfaction_zone",
    "ZONES",
    "promise_tradeoff",
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_NAMES",
    "KANO_TABLE",
    "KANO_TIE_BREAK",
    "kano_category",
    "kano_classify",
    "kano_coefficients",
    "SERVQUAL_DIMENSIONS",
    "servqual_gaps",
    "nps",
    "nps_groups",
    "NPS_GROUPS",
]

ZONES = ("dissatisfied", "satisfied", "highly satisfied")


def _numeric(value, name: str, *, positive: bool):
    """Validate a scalar or Series of numbers; return it as float / float Series."""
    if isinstance(value, pd.Series):
        if not _is_real_dtype(value):
            raise CourseDataError(f"{name} must be numbers, got dtype {value.dtype}",
                                  column=name, fix="convert with pd.to_numeric(...)")
        bad = value.isna()
        if bad.any():
            raise CourseDataError(f"{name} has {int(bad.sum())} missing values", column=name,
                                  rows=list(value.index[bad]), fix="drop or fill the missing rows first")
        limit = (value <= 0) if positive else (value < 0)
        if limit.any():
            rule = "greater than 0" if positive else "0 or more"
            raise CourseDataError(f"{name} must be {rule}", column=name, rows=list(value.index[limit]),
                                  fix="check the scale: expectations and perceptions are scores such as 1–10")
        return value.astype(float)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CourseDataError(f"{name} must be a number or a pandas Series, got {type(value).__name__}",
                              fix=f"pass {name} as a number, e.g. {name}=7")
    value = float(value)
    if np.isnan(value):
        raise CourseDataError(f"{name} is NaN", fix="use a real score")
    if (positive and value <= 0) or (not positive and value < 0):
        rule = "greater than 0" if positive else "0 or more"
        raise CourseDataError(f"{name} must be {rule}, got {value:g}",
                              fix="a ratio needs a positive expectation (e.g. on a 1–10 scale)")
    return value


def satisfaction_ratio(perceived, expected):
    """Satisfaction c = b / a: perceived performance b divided by expectation a.

    Works on numbers or aligned pandas Series (e.g. two survey columns).

    >>> import pandas as pd
    >>> satisfaction_ratio(pd.Series([6, 8, 9]), pd.Series([8, 8, 6])).round(2).tolist()
    [0.75, 1.0, 1.5]
    >>> satisfaction_ratio(5, 0)
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: expected must be greater than 0, got 0. Fix: a ratio needs a positive expectation (e.g. on a 1–10 scale).
    """
    b = _numeric(perceived, "perceived", positive=False)
    a = _numeric(expected, "expected", positive=True)
    if isinstance(a, pd.Series) and isinstance(b, pd.Series) and not a.index.equals(b.index):
        raise CourseDataError("perceived and expected have different row labels",
                              fix="compute both columns from the same table, or reset_index() them")
    return b / a


def satisfaction_zone(ratio, tolerance: float = 0.05):
    """Name the zone of a satisfaction ratio: dissatisfied, satisfied or highly satisfied.

    A ratio within ``tolerance`` of 1 (bounds included) counts as "satisfied": people do not
    notice a difference of a few percent.

    >>> [satisfaction_zone(r) for r in (0.94, 0.95, 1.05, 1.06)]
    ['dissatisfied', 'satisfied', 'satisfied', 'highly satisfied']
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real) or not 0 <= tolerance < 1:
        raise CourseDataError(f"tolerance must be a number from 0 to below 1, got {tolerance!r}",
                              fix="use e.g. tolerance=0.05 for a ±5% band")
    r = _numeric(ratio, "ratio", positive=False)
    low, high = 1 - tolerance, 1 + tolerance
    eps = 1e-12  # so that 0.95 with tolerance 0.05 counts as inside the band despite float rounding
    if isinstance(r, pd.Series):
        zone = np.where(r < low - eps, ZONES[0], np.where(r > high + eps, ZONES[2], ZONES[1]))
        return pd.Series(pd.Categorical(zone, categories=list(ZONES), ordered=True), index=r.index, name="zone")
    if r < low - eps:
        return ZONES[0]
    if r > high + eps:
        return ZONES[2]
    return ZONES[1]


# ---------------------------------------------------------------------------- shared validation

_MAX_SHOWN = 5


def _shown(values) -> str:
    """A short, quoted list of offending values for an error message."""
    vals = list(values)
    text = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in vals[:_MAX_SHOWN])
    return text + (f" … {len(vals)} in all" if len(vals) > _MAX_SHOWN else "")


def _is_real_dtype(series: pd.Series) -> bool:
    """True for int / float columns (not bool, not complex)."""
    return (pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
            and not pd.api.types.is_complex_dtype(series))


def _to_float(series: pd.Series) -> pd.Series:
    """Float copy of a column; anything that is not a real number (text, bool, None …) becomes NaN."""
    if _is_real_dtype(series):
        return series.astype(float)
    if pd.api.types.is_bool_dtype(series):
        return pd.Series(np.nan, index=series.index)
    return series.map(lambda v: float(v) if isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
                      else np.nan).astype(float)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _as_series(values, name: str) -> pd.Series:
    """A Series from a Series, list, tuple or 1-d array; anything else is a CourseDataError."""
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, pd.DataFrame):
        raise CourseDataError(f"{name} must be one column, got a table with {values.shape[1]} columns",
                              fix=f"pass one column, e.g. table[{name!r}]")
    if isinstance(values, (list, tuple, np.ndarray, pd.Index)):
        arr = np.asarray(values, dtype=object)
        if arr.ndim != 1:
            raise CourseDataError(f"{name} must be one-dimensional, got shape {arr.shape}",
                                  fix="pass a list or one column of a table")
        return pd.Series(arr, name=name)
    raise CourseDataError(f"{name} must be a list or a pandas Series, got {type(values).__name__}",
                          fix=f"pass a column, e.g. survey[{name!r}], or a list of values")


def _real(value, name: str, *, low=None, high=None, low_open=False, high_open=False, fix: str) -> float:
    """Validate one real number (not bool, not NaN, not infinite) within optional bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CourseDataError(f"{name} must be a number, got {type(value).__name__} {value!r}", fix=fix)
    value = float(value)
    if not math.isfinite(value):
        raise CourseDataError(f"{name} must be a finite number, got {value!r}", fix=fix)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        lo = "" if low is None else (f"above {low:g}" if low_open else f"at least {low:g}")
        hi = "" if high is None else (f"below {high:g}" if high_open else f"at most {high:g}")
        rule = " and ".join(x for x in (lo, hi) if x)
        raise CourseDataError(f"{name} must be {rule}, got {value:g}", fix=fix)
    return value


# ---------------------------------------------------------------------------- promise trade-off

def _phi(z):
    """Standard normal CDF on a number or a numpy array (via math.erf, no scipy needed)."""
    if np.ndim(z) == 0:
        return 0.5 * (1.0 + math.erf(float(z) / math.sqrt(2.0)))
    return np.array([0.5 * (1.0 + math.erf(v / math.sqrt(2.0))) for v in np.ravel(z)]).reshape(np.shape(z))


def promise_tradeoff(promise, performance: float = 7.0, performance_sd: float = 1.0,
                     requirement_mean: float = 6.0, requirement_sd: float = 1.5,
                     market: float = 1000, tolerance: float = 0.05):
    """The promise trade-off: promising more attracts buyers but disappoints more of them.

    A small, deterministic model on a 0–10 scale. The seller announces a ``promise`` level p.

    * **Buyers.** Each of the ``market`` prospects needs at least some level before buying;
      these requirements are spread normally (``requirement_mean``, ``requirement_sd``). A
      prospect buys when the promise meets their requirement, so
      ``buyers = market · Φ((p − requirement_mean) / requirement_sd)``.
    * **Satisfied share.** A buyer expects what was promised (a = p). What they experience, b,
      varies around the seller's real ``performance`` with spread ``performance_sd``. A buyer
      is satisfied (or highly satisfied) when c = b / a ≥ 1 − ``tolerance``, so
      ``satisfied_share = 1 − Φ((p · (1 − tolerance) − performance) / performance_sd)``.
    * **Satisfied buyers** = buyers × satisfied share: the customers who will come back.

    ``promise`` is a number (returns a dict) or a list / array / Series of numbers (returns a
    DataFrame with one row per promise). Φ is the standard normal CDF.

    >>> r = promise_tradeoff(6.5)
    >>> round(r["buyers"]), round(r["satisfied_share"], 3), round(r["satisfied_buyers"])
    (631, 0.795, 501)
    >>> promise_tradeoff([5, 9]).round(1)
       promise  buyers  satisfied_share  satisfied_buyers
    0      5.0   252.5              1.0             249.4
    1      9.0   977.2              0.1              59.2
    >>> promise_tradeoff(0)
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: promise must be above 0, got 0. Fix: a promise is the expectation a customer forms, e.g. 7 on a 0–10 scale.
    """
    fix_p = "a promise is the expectation a customer forms, e.g. 7 on a 0–10 scale"
    performance = _real(performance, "performance", low=0, low_open=True, fix="use the level you really deliver, e.g. 7")
    performance_sd = _real(performance_sd, "performance_sd", low=0, low_open=True,
                           fix="use a spread above 0, e.g. 1")
    requirement_mean = _real(requirement_mean, "requirement_mean", fix="use a level on the same scale, e.g. 6")
    requirement_sd = _real(requirement_sd, "requirement_sd", low=0, low_open=True, fix="use a spread above 0, e.g. 1.5")
    market = _real(market, "market", low=0, low_open=True, fix="use the number of prospects, e.g. 1000")
    tolerance = _real(tolerance, "tolerance", low=0, high=1, high_open=True, fix="use e.g. tolerance=0.05 for a ±5% band")

    def model(p):
        buyers = market * _phi((p - requirement_mean) / requirement_sd)
        share = 1.0 - _phi((p * (1.0 - tolerance) - performance) / performance_sd)
        return buyers, share, buyers * share

    if isinstance(promise, (numbers.Real,)) and not isinstance(promise, bool):
        p = _real(promise, "promise", low=0, low_open=True, fix=fix_p)
        buyers, share, sat = model(p)
        return {"promise": p, "buyers": float(buyers), "satisfied_share": float(share),
                "satisfied_buyers": float(sat)}
    series = _as_series(promise, "promise") if not isinstance(promise, numbers.Number) else None
    if series is None:
        _real(promise, "promise", low=0, low_open=True, fix=fix_p)  # raises for bool / complex
    if len(series) == 0:
        raise CourseDataError("promise is empty", fix="pass at least one promise level, e.g. [5, 6, 7]")
    values = []
    for label, v in series.items():
        try:
            values.append(_real(v, "promise", low=0, low_open=True, fix=fix_p))
        except CourseDataError:
            bad = [lab for lab, x in series.items()
                   if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(float(x)) or x <= 0]
            raise CourseDataError("promise levels must be numbers above 0", column="promise", rows=bad,
                                  fix=fix_p) from None
    p = np.array(values, dtype=float)
    buyers, share, sat = model(p)
    return pd.DataFrame({"promise": p, "buyers": buyers, "satisfied_share": share, "satisfied_buyers": sat},
                        index=series.index)


# ---------------------------------------------------------------------------- Kano

#: The five answers of a Kano question, in the order of the codes 1–5.
KANO_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
#: Kano categories: attractive, one-dimensional, must-be, indifferent, reverse, questionable.
KANO_CATEGORIES = ("A", "O", "M", "I", "R", "Q")
#: Full names of the categories.
KANO_NAMES = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent",
              "R": "reverse", "Q": "questionable"}
#: The Kano evaluation table (Kano et al. 1984; Berger et al. 1993). Rows: the answer to the
#: functional question ("if the product HAS the feature"); columns: the answer to the
#: dysfunctional question ("if it does NOT"), both in the order of :data:`KANO_ANSWERS`.
KANO_TABLE = np.array([
    # like must-be neutral live-with dislike     (dysfunctional)
    ["Q", "A", "A", "A", "O"],  # like           (functional)
    ["R", "I", "I", "I", "M"],  # must-be
    ["R", "I", "I", "I", "M"],  # neutral
    ["R", "I", "I", "I", "M"],  # live-with
    ["R", "R", "R", "R", "Q"],  # dislike
])
#: When two categories are equally frequent, the first in this order wins: M > O > A > I > R > Q.
#: Matzler & Hinterhuber (1998, Technovation 18(1), "How to make product development projects
#: more successful by integrating Kano's model of customer satisfaction into quality function
#: deployment") recommend deciding a tie by the category with the biggest effect on the product:
#: must-be first, then one-dimensional, then attractive, then indifferent. Reverse and
#: questionable answers, which say the question or the feature needs a second look, come last.
KANO_TIE_BREAK = ("M", "O", "A", "I", "R", "Q")

_CAT_INDEX = {c: i for i, c in enumerate(KANO_CATEGORIES)}
_TABLE_CODES = np.vectorize(_CAT_INDEX.get)(KANO_TABLE).astype(np.int8)  # 5 × 5 category indices
_ANSWER_INDEX = {a: i for i, a in enumerate(KANO_ANSWERS)}
_KANO_FIX = ("use one of the answers 'like', 'must-be', 'neutral', 'live-with', 'dislike' "
             "or their codes 1–5 in that order")


def _answer_code(value) -> int | None:
    """0–4 for a Kano answer label (any case, '_' or ' ' for '-') or a code 1–5; None if invalid."""
    if isinstance(value, str):
        key = "-".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
        return _ANSWER_INDEX.get(key)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return None
    v = float(value)
    if not math.isfinite(v) or v != int(v) or not 1 <= v <= 5:
        return None
    return int(v) - 1


def _answer_codes(values: pd.Series, name: str) -> np.ndarray:
    """Codes 0–4 for a Series of Kano answers, or one CourseDataError naming the bad rows."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    missing = codes < 0
    if missing.any():
        raise CourseDataError(f"{_plural(int(missing.sum()), 'answer is', 'answers are')} missing", column=name,
                              rows=list(values.index[missing]),
                              fix="drop the rows without an answer before classifying; otherwise " + _KANO_FIX)
    lookup = np.array([-1 if (c := _answer_code(u)) is None else c for u in uniques], dtype=np.int8)
    out = lookup[codes] if len(codes) else np.zeros(0, dtype=np.int8)
    bad = out < 0
    if bad.any():
        wrong = [u for u, c in zip(uniques, lookup) if c < 0]
        raise CourseDataError(f"{_plural(int(bad.sum()), 'answer is not a Kano answer', 'answers are not Kano answers')}"
                              f" ({_shown(wrong)})", column=name,
                              rows=list(values.index[bad]), fix=_KANO_FIX)
    return out


def _is_vector(value) -> bool:
    return isinstance(value, (pd.Series, pd.DataFrame, list, tuple, np.ndarray, pd.Index))


def kano_category(functional, dysfunctional):
    """The Kano category of an answer pair, from the evaluation table (Berger et al. 1993).

    ``functional`` is the answer to "how do you feel if the product HAS the feature?",
    ``dysfunctional`` to "… if it does NOT have it?". Answers are the labels ``"like"``,
    ``"must-be"``, ``"neutral"``, ``"live-with"``, ``"dislike"`` (any case) or their codes 1–5.
    Returns one of ``"A"`` attractive, ``"O"`` one-dimensional, ``"M"`` must-be, ``"I"``
    indifferent, ``"R"`` reverse, ``"Q"`` questionable.

    Two numbers or labels give a letter; Series (or lists) give a Series, computed with one
    numpy lookup in :data:`KANO_TABLE` (fast on a whole survey). A scalar is paired with every
    row of a Series.

    >>> kano_category("like", "neutral"), kano_category("neutral", "dislike"), kano_category(1, 1)
    ('A', 'M', 'Q')
    >>> import pandas as pd
    >>> kano_category(pd.Series(["like", "must-be"]), pd.Series(["dislike", "dislike"])).tolist()
    ['O', 'M']
    >>> kano_category("love it", "dislike")
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: the functional answer 'love it' is not a Kano answer. Fix: use one of the answers 'like', 'must-be', 'neutral', 'live-with', 'dislike' or their codes 1–5 in that order.
    """
    if not _is_vector(functional) and not _is_vector(dysfunctional):
        codes = []
        for name, value in (("functional", functional), ("dysfunctional", dysfunctional)):
            code = _answer_code(value)
            if code is None:
                raise CourseDataError(f"the {name} answer {value!r} is not a Kano answer", fix=_KANO_FIX)
            codes.append(code)
        return str(KANO_TABLE[codes[0], codes[1]])
    f = _as_series(functional, "functional") if _is_vector(functional) else None
    d = _as_series(dysfunctional, "dysfunctional") if _is_vector(dysfunctional) else None
    if f is None:
        f = pd.Series([functional] * len(d), index=d.index, dtype=object)
    if d is None:
        d = pd.Series([dysfunctional] * len(f), index=f.index, dtype=object)
    if len(f) != len(d):
        raise CourseDataError(f"functional has {len(f)} answers but dysfunctional has {len(d)}",
                              fix="pass the two answer columns of the same survey table")
    if not f.index.equals(d.index):
        raise CourseDataError("functional and dysfunctional have different row labels",
                              fix="take both columns from the same table, or reset_index() them")
    codes = _TABLE_CODES[_answer_codes(f, "functional"), _answer_codes(d, "dysfunctional")]
    return pd.Series(np.asarray(KANO_CATEGORIES, dtype=object)[codes], index=f.index, name="category",
                     dtype="str")


def kano_coefficients(counts):
    """Better and Worse coefficients (Berger et al. 1993) from Kano category counts.

    ``Better = (A + O) / (A + O + M + I)`` (0 to 1): how much satisfaction can rise when the
    feature is there. ``Worse = −(O + M) / (A + O + M + I)`` (−1 to 0): how much it falls
    when the feature is missing. Reverse and questionable answers (R, Q) are left out. When
    A + O + M + I is 0 (every answer R or Q) both coefficients are NaN: there is nothing to
    compute them from.

    ``counts`` is a DataFrame with columns A, O, M, I (R, Q and other columns are ignored;
    returns a DataFrame with ``better`` and ``worse``, same index) or, for one feature, a dict
    or Series with those keys (returns a Series).

    >>> kano_coefficients({"A": 30, "O": 20, "M": 10, "I": 40}).round(2).to_dict()
    {'better': 0.5, 'worse': -0.3}
    >>> import pandas as pd
    >>> kano_coefficients(pd.DataFrame({"A": [0], "O": [0], "M": [0], "I": [0], "Q": [3]}))
       better  worse
    0     NaN    NaN
    """
    need = ["A", "O", "M", "I"]
    single = isinstance(counts, (Mapping, pd.Series))
    if single:
        missing = [k for k in need if k not in counts]
        if missing:
            raise CourseDataError(f"the counts lack {', '.join(repr(m) for m in missing)}",
                                  fix="give the number of A, O, M and I answers, e.g. {'A': 30, 'O': 20, 'M': 10, 'I': 40}")
        frame = pd.DataFrame({k: [counts[k]] for k in need})
    else:
        require_frame(counts, source="counts")
        require_columns(counts, need, source="counts",
                        fix="use the count table of kano_classify, or name the columns A, O, M, I")
        frame = counts[need]
    nums = {}
    for k in need:
        col = frame[k]
        values = _to_float(col)
        bad = values.isna() | ~np.isfinite(values.astype(float)) | (values < 0)
        if bad.any():
            raise CourseDataError("counts must be numbers of answers, 0 or more", column=k,
                                  rows=list(frame.index[bad.to_numpy()]),
                                  fix="count the answers per category (kano_classify does this)")
        nums[k] = values.astype(float)
    denom = nums["A"] + nums["O"] + nums["M"] + nums["I"]
    safe = denom.where(denom > 0)
    better = (nums["A"] + nums["O"]) / safe
    worse = 0.0 - (nums["O"] + nums["M"]) / safe
    if single:
        return pd.Series({"better": float(better.iloc[0]), "worse": float(worse.iloc[0])})
    return pd.DataFrame({"better": better, "worse": worse}, index=frame.index)


def kano_classify(responses: pd.DataFrame, feature: str = "feature", functional: str = "functional",
                  dysfunctional: str = "dysfunctional", by=None) -> pd.DataFrame:
    """Classify a Kano survey: one row per feature (per group × feature when ``by`` is given).

    ``responses`` has one row per respondent and feature with the two answers (labels or codes
    1–5, see :func:`kano_category`). The result has the ``by`` column(s) and ``feature``, then:

    * ``A``, ``O``, ``M``, ``I``, ``R``, ``Q`` — how many respondents' answer pairs fall in each
      category, and ``n`` — all answers;
    * ``category`` — the most frequent category. Ties are decided in the order
      M > O > A > I > R > Q (:data:`KANO_TIE_BREAK`, after Matzler & Hinterhuber 1998: the
      category with the larger effect on the product wins);
    * ``better``, ``worse`` — the coefficients of :func:`kano_coefficients`;
    * ``significant`` — Fong's test: with a and b the two largest counts, the lead is
      significant unless ``|a − b| < 1.65 · √((a + b)(2n − a − b) / (2n))``. When it is not,
      the feature is better described as a mix of its two leading categories.

    Features keep the order of a categorical column (as in the shipped survey), otherwise
    they are sorted.

    >>> import pandas as pd
    >>> survey = pd.DataFrame({"feature": ["gift"] * 4 + ["refill"] * 4,
    ...     "functional": ["like", "like", "like", "neutral", "like", "must-be", "neutral", "like"],
    ...     "dysfunctional": ["neutral", "neutral", "dislike", "neutral", "dislike", "dislike", "dislike", "dislike"]})
    >>> kano_classify(survey)[["feature", "A", "O", "M", "I", "n", "category", "better", "worse", "significant"]]
      feature  A  O  M  I  n category  better  worse  significant
    0    gift  2  1  0  1  4        A    0.75  -0.25        False
    1  refill  0  2  2  0  4        M    0.50  -1.00        False
    """
    require_frame(responses, source="responses")
    by_cols = [] if by is None else ([by] if isinstance(by, str) else list(by))
    for name, value in (("feature", feature), ("functional", functional), ("dysfunctional", dysfunctional)):
        if not isinstance(value, str):
            raise CourseDataError(f"{name} must be a column name, got {type(value).__name__}",
                                  fix=f"pass the name of the column, e.g. {name}={name!r}")
    if not all(isinstance(b, str) for b in by_cols):
        raise CourseDataError("by must be a column name or a list of column names",
                              fix="e.g. by='customer_group'")
    if feature in by_cols or len(set(by_cols)) != len(by_cols):
        raise CourseDataError(f"by repeats a column ({by_cols} with feature={feature!r})",
                              fix="group by other columns than the feature, each named once, e.g. by='customer_group'")
    keys = by_cols + [feature]
    require_columns(responses, keys + [functional, dysfunctional], source="responses")
    for key in keys:
        empty = responses[key].isna().to_numpy()
        if empty.any():
            raise CourseDataError(f"{int(empty.sum())} rows have no {key}", column=key,
                                  rows=list(responses.index[empty]), fix="fill in or drop those rows")
    cats = _TABLE_CODES[_answer_codes(responses[functional], functional),
                        _answer_codes(responses[dysfunctional], dysfunctional)].astype(np.int64)
    grouped = responses.groupby(keys, observed=True, sort=True)
    gid = grouped.ngroup().to_numpy()
    sizes = grouped.size()
    k = len(sizes)
    counts = np.bincount(gid * 6 + cats, minlength=k * 6).reshape(k, 6)
    out = sizes.index.to_frame(index=False)
    for i, c in enumerate(KANO_CATEGORIES):
        out[c] = counts[:, i]
    n = counts.sum(axis=1)
    out["n"] = n
    prio = np.array([_CAT_INDEX[c] for c in KANO_TIE_BREAK])
    best = prio[np.argmax(counts[:, prio], axis=1)]
    out["category"] = pd.Series(np.asarray(KANO_CATEGORIES, dtype=object)[best], dtype="str")
    coeff = kano_coefficients(out[["A", "O", "M", "I"]])
    out["better"] = coeff["better"]
    out["worse"] = coeff["worse"]
    top = -np.sort(-counts, axis=1)
    a, b = top[:, 0].astype(float), top[:, 1].astype(float)
    threshold = 1.65 * np.sqrt((a + b) * (2 * n - a - b) / (2 * n))
    out["significant"] = ~(np.abs(a - b) < threshold)
    return out


# ---------------------------------------------------------------------------- SERVQUAL

#: The five SERVQUAL dimensions in their canonical order (Parasuraman, Zeithaml & Berry 1988).
SERVQUAL_DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
_DIM_FIX = "use one of: " + ", ".join(SERVQUAL_DIMENSIONS)


def _numeric_column(frame: pd.DataFrame, column: str, fix: str) -> pd.Series:
    values = _to_float(frame[column])
    bad = values.isna() | ~np.isfinite(values.astype(float))
    if bad.any():
        raise CourseDataError(f"{int(bad.sum())} values are not numbers", column=column,
                              rows=list(frame.index[bad.to_numpy()]), fix=fix)
    return values.astype(float)


def _servqual_weights(weights, present: list[str]) -> pd.Series:
    """Importance shares (summing to 1) over the present dimensions."""
    fix = ("give importance points per dimension, e.g. {'tangibles': 11, 'reliability': 32, "
           "'responsiveness': 22, 'assurance': 19, 'empathy': 16}, or a table with one column per dimension")
    if isinstance(weights, pd.DataFrame):
        require_frame(weights, source="weights")
        require_columns(weights, present, source="weights", fix=fix)
        points = pd.Series({d: _numeric_column(weights, d, fix).mean() for d in present})
        for d in present:
            neg = _numeric_column(weights, d, fix) < 0
            if neg.any():
                raise CourseDataError("importance points must be 0 or more", file="weights", column=d,
                                      rows=list(weights.index[neg.to_numpy()]), fix=fix)
    elif isinstance(weights, (Mapping, pd.Series)):
        keys = {str(k).strip().lower(): k for k in weights.keys()}
        unknown = [k for k in keys if k not in SERVQUAL_DIMENSIONS]
        if unknown:
            raise CourseDataError(f"weights name unknown dimensions ({_shown(unknown)})", fix=_DIM_FIX)
        missing = [d for d in present if d not in keys]
        if missing:
            raise CourseDataError(f"weights lack {', '.join(repr(m) for m in missing)}", fix=fix)
        points = pd.Series({d: weights[keys[d]] for d in present}, dtype=object)
        bad = [d for d, v in points.items()
               if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real)
               or not math.isfinite(float(v)) or v < 0]
        if bad:
            raise CourseDataError("importance points must be numbers, 0 or more", rows=bad,
                                  row_label="dimensions", fix=fix)
        points = points.astype(float)
    else:
        raise CourseDataError(f"weights must be a dict or a table, got {type(weights).__name__}", fix=fix)
    total = float(points.sum())
    if not total > 0:
        raise CourseDataError("the importance points add up to 0", fix=fix)
    return points / total


def servqual_gaps(responses: pd.DataFrame, weights=None, dimension: str = "dimension",
                  expectation: str = "expectation", perception: str = "perception") -> pd.DataFrame:
    """SERVQUAL gap analysis: perception − expectation per dimension and overall.

    ``responses`` has one row per respondent and item with the item's ``dimension`` (one of
    :data:`SERVQUAL_DIMENSIONS`), the ``expectation`` E and the ``perception`` P score. The
    result has one row per dimension present, in the canonical order (tangibles, reliability,
    responsiveness, assurance, empathy), with the mean ``expectation``, ``perception`` and
    ``gap`` (P − E; negative = the service falls short), then:

    * ``overall`` — the unweighted mean of the dimension rows;
    * ``weighted overall`` (only when ``weights`` are given) — the dimension rows weighted by
      importance. ``weights`` maps each dimension to its importance points (e.g. 100 points
      shared over the five), or is a table with one column per dimension and one row per
      respondent, like ``qingmei_servqual_weights`` (the columns are averaged). A ``weight``
      column then shows each dimension's share of the importance (summing to 1).

    >>> import pandas as pd
    >>> survey = pd.DataFrame({"dimension": ["tangibles", "tangibles", "reliability", "reliability"],
    ...                        "expectation": [5, 6, 7, 7], "perception": [6, 6, 5, 6]})
    >>> servqual_gaps(survey, weights={"tangibles": 20, "reliability": 80})
                      expectation  perception  gap  weight
    dimension
    tangibles                5.50        6.00  0.5     0.2
    reliability              7.00        5.50 -1.5     0.8
    overall                  6.25        5.75 -0.5     NaN
    weighted overall         6.70        5.60 -1.1     NaN
    """
    require_frame(responses, source="responses")
    for name, value in (("dimension", dimension), ("expectation", expectation), ("perception", perception)):
        if not isinstance(value, str):
            raise CourseDataError(f"{name} must be a column name, got {type(value).__name__}",
                                  fix=f"pass the name of the column, e.g. {name}={name!r}")
    require_columns(responses, [dimension, expectation, perception], source="responses")
    dims = responses[dimension].map(lambda v: v.strip().lower() if isinstance(v, str) else v)
    bad = ~dims.isin(SERVQUAL_DIMENSIONS).to_numpy()
    if bad.any():
        wrong = sorted({str(v) for v in responses[dimension][bad]})
        raise CourseDataError(f"{int(bad.sum())} rows have an unknown dimension ({_shown(wrong)})",
                              column=dimension, rows=list(responses.index[bad]), fix=_DIM_FIX)
    score_fix = "scores are numbers on the survey scale, e.g. 1–7; drop rows without an answer"
    e = _numeric_column(responses, expectation, score_fix)
    p = _numeric_column(responses, perception, score_fix)
    frame = pd.DataFrame({"dimension": dims.to_numpy(), "expectation": e.to_numpy(), "perception": p.to_numpy()})
    frame["gap"] = frame["perception"] - frame["expectation"]
    present = [d for d in SERVQUAL_DIMENSIONS if d in set(frame["dimension"])]
    table = frame.groupby("dimension")[["expectation", "perception", "gap"]].mean().reindex(present)
    rows = [table, table.mean().to_frame("overall").T]
    if weights is not None:
        share = _servqual_weights(weights, present)
        table = table.assign(weight=share)
        rows = [table, table[["expectation", "perception", "gap"]].mean().to_frame("overall").T,
                table[["expectation", "perception", "gap"]].mul(share, axis=0).sum().to_frame("weighted overall").T]
    out = pd.concat(rows)
    out.index.name = "dimension"
    return out


# ---------------------------------------------------------------------------- Net Promoter Score

#: The three groups of a Net Promoter Score survey, from the 0–10 answer.
NPS_GROUPS = ("detractor", "passive", "promoter")


def _nps_scores(scores) -> pd.Series:
    fix = "use whole numbers from 0 to 10 (the answer to 'how likely are you to recommend us?')"
    s = _as_series(scores, "scores")
    if len(s) == 0:
        raise CourseDataError("there are no scores", fix="pass at least one answer, e.g. survey['likelihood_to_recommend']")
    if pd.api.types.is_bool_dtype(s):
        raise CourseDataError("scores are True/False, not numbers", column="scores", fix=fix)
    values = _to_float(s)
    bad = values.isna() | ~np.isfinite(values)
    bad = bad | (values % 1 != 0) | (values < 0) | (values > 10)
    if bad.any():
        wrong = list(dict.fromkeys(s[bad].tolist()))
        raise CourseDataError(f"{_plural(int(bad.sum()), 'score is not a whole number', 'scores are not whole numbers')} from 0 to 10 ({_shown(wrong)})",
                              column="scores", rows=list(s.index[bad.to_numpy()]), fix=fix)
    return values


def nps_groups(scores) -> pd.Series:
    """Label each 0–10 answer: detractor (0–6), passive (7–8) or promoter (9–10).

    >>> nps_groups([0, 6, 7, 8, 9, 10]).tolist()
    ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']
    """
    values = _nps_scores(scores)
    labels = np.where(values >= 9, "promoter", np.where(values >= 7, "passive", "detractor"))
    return pd.Series(pd.Categorical(labels, categories=list(NPS_GROUPS), ordered=True), index=values.index,
                     name="group")


def nps(scores) -> float:
    """Net Promoter Score (Reichheld 2003): % promoters (9–10) − % detractors (0–6), −100 to +100.

    ``scores`` are whole numbers from 0 to 10 (a list, array or Series). Passives (7–8)
    count in the total but in neither group.

    >>> nps([10, 9, 9, 8, 7, 6, 0, 3])
    0.0
    >>> nps([9, 10, 7])
    66.66666666666667
    >>> nps([9, 11])
    Traceback (most recent call last):
    ...
    crmcourse.data.CourseDataError: column 'scores': 1 score is not a whole number from 0 to 10 (11) (rows 1). Fix: use whole numbers from 0 to 10 (the answer to 'how likely are you to recommend us?').
    """
    values = _nps_scores(scores)
    n = len(values)
    promoters = int((values >= 9).sum())
    detractors = int((values <= 6).sum())
    return 100.0 * (promoters - detractors) / n
