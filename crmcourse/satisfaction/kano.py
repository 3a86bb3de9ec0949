"""The Kano model: one answer pair → a category, a survey → categories and Better/Worse.

>>> kano_category("like", "dislike")
'O'
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmcourse._validate import (
    as_series, column_list, hashable_ids, require_columns, require_frame, rows_where,
)
from crmcourse.constants import KANO_ANSWERS, KANO_CATEGORIES
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.satisfaction._common import numeric_column, plain_text, refix, safe_repr, shown

__all__ = [
    "KANO_ANSWERS", "KANO_CATEGORIES", "KANO_NAMES", "KANO_TABLE", "KANO_TIE_BREAK",
    "kano_category", "kano_classify", "kano_coefficients",
]

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
_KANO_FIX = N_("use one of the answers 'like', 'must-be', 'neutral', 'live-with', 'dislike' "
               "or their codes 1–5 in that order")


def _answer_code(value) -> int | None:
    """0–4 for a Kano answer label (any case, '_' or ' ' for '-') or a code 1–5; None if invalid."""
    text = plain_text(value)
    if text is not None:
        key = "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
        return _ANSWER_INDEX.get(key)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return None
    try:
        v = float(value)
    except (OverflowError, TypeError, ValueError):
        return None
    if not math.isfinite(v) or v != int(v) or not 1 <= v <= 5:
        return None
    return int(v) - 1


def _answer_codes(values: pd.Series, name: str) -> np.ndarray:
    """Codes 0–4 for a Series of Kano answers, or one CourseDataError naming the bad rows."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # lists, dicts or sets inside the column
        with refix(_KANO_FIX, problem=N_("answers must be single labels or codes (found lists or other objects)")):
            hashable_ids(values, source=None, col=name, allow_missing=True)
        raise CourseDataError(_("the answers could not be compared with each other"), column=name,
                              fix=_(_KANO_FIX)) from None
    missing = codes < 0
    if missing.any():
        n = int(missing.sum())
        problem = _("{count} answer is missing") if n == 1 else _("{count} answers are missing")
        raise CourseDataError(problem.format(count=n), column=name, rows=rows_where(values.index, missing),
                              fix=_("drop the rows without an answer before classifying; otherwise {fix}").format(
                                  fix=_(_KANO_FIX)))
    lookup = np.array([-1 if (c := _answer_code(u)) is None else c for u in uniques], dtype=np.int8)
    out = lookup[codes] if len(codes) else np.zeros(0, dtype=np.int8)
    bad = out < 0
    if bad.any():
        wrong = [u for u, c in zip(uniques, lookup) if c < 0]
        n = int(bad.sum())
        problem = (_("{count} answer is not a Kano answer ({values})") if n == 1
                   else _("{count} answers are not Kano answers ({values})"))
        raise CourseDataError(problem.format(count=n, values=shown(wrong)), column=name,
                              rows=rows_where(values.index, bad), fix=_(_KANO_FIX))
    return out


def _is_vector(value) -> bool:
    return isinstance(value, (pd.Series, pd.DataFrame, list, tuple, np.ndarray, pd.Index))


def kano_category(functional, dysfunctional):
    """The Kano category of an answer pair, from the evaluation table (Berger et al. 1993).

    ``functional`` is the answer to "how do you feel if the product HAS the feature?",
    ``dysfunctional`` to "… if it does NOT have it?". Two numbers or labels give a letter;
    Series (or lists) give a Series, computed with one numpy lookup in :data:`KANO_TABLE`
    (fast on a whole survey). A scalar is paired with every row of a Series.

    Parameters
    ----------
    functional, dysfunctional : str or int or list or pandas.Series
        Answers: the labels ``"like"``, ``"must-be"``, ``"neutral"``, ``"live-with"``,
        ``"dislike"`` (any case; ``"must be"``, ``"must_be"`` too) or their codes 1–5.

    Returns
    -------
    str or pandas.Series
        ``"A"`` attractive, ``"O"`` one-dimensional, ``"M"`` must-be, ``"I"`` indifferent,
        ``"R"`` reverse or ``"Q"`` questionable (a Series named ``category`` for vectors).

    Raises
    ------
    CourseDataError
        An answer that is not a Kano answer (the rows are named), a missing answer, or two
        vectors of different lengths or row labels.

    Examples
    --------
    >>> kano_category("like", "neutral"), kano_category("neutral", "dislike"), kano_category(1, 1)
    ('A', 'M', 'Q')
    >>> import pandas as pd
    >>> kano_category(pd.Series(["like", "must-be"]), pd.Series(["dislike", "dislike"])).tolist()
    ['O', 'M']
    >>> kano_category("love it", "dislike")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: the functional answer 'love it' is not a Kano answer. Fix: use one of the answers 'like', 'must-be', 'neutral', 'live-with', 'dislike' or their codes 1–5 in that order.
    """
    if not _is_vector(functional) and not _is_vector(dysfunctional):
        codes = []
        for name, value in (("functional", functional), ("dysfunctional", dysfunctional)):
            code = _answer_code(value)
            if code is None:
                problem = (_("the functional answer {value} is not a Kano answer") if name == "functional"
                           else _("the dysfunctional answer {value} is not a Kano answer"))
                raise CourseDataError(problem.format(value=safe_repr(value)), fix=_(_KANO_FIX))
            codes.append(code)
        return str(KANO_TABLE[codes[0], codes[1]])
    f = as_series(functional, "functional") if _is_vector(functional) else None
    d = as_series(dysfunctional, "dysfunctional") if _is_vector(dysfunctional) else None
    if f is None:
        f = pd.Series([functional] * len(d), index=d.index, dtype=object)
    if d is None:
        d = pd.Series([dysfunctional] * len(f), index=f.index, dtype=object)
    if len(f) != len(d):
        raise CourseDataError(_("functional has {f} answers but dysfunctional has {d}").format(f=len(f), d=len(d)),
                              fix=_("pass the two answer columns of the same survey table"))
    if not f.index.equals(d.index):
        raise CourseDataError(_("functional and dysfunctional have different row labels"),
                              fix=_("take both columns from the same table, or reset_index() them"))
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

    Parameters
    ----------
    counts : pandas.DataFrame or dict or pandas.Series
        A table with columns A, O, M, I (R, Q and other columns are ignored), or, for one
        feature, a dict or Series with those keys. Counts are numbers of 0 or more.

    Returns
    -------
    pandas.DataFrame or pandas.Series
        ``better`` and ``worse`` (a table with the input's index, or a Series for one feature).

    Raises
    ------
    CourseDataError
        A missing category, a count that is not a finite number of 0 or more, an empty table,
        or something that is neither a table nor a mapping.

    Examples
    --------
    >>> kano_coefficients({"A": 30, "O": 20, "M": 10, "I": 40}).round(2).to_dict()
    {'better': 0.5, 'worse': -0.3}
    >>> import pandas as pd
    >>> kano_coefficients(pd.DataFrame({"A": [0], "O": [0], "M": [0], "I": [0], "Q": [3]}))
       better  worse
    0     NaN    NaN
    """
    need = ["A", "O", "M", "I"]
    count_fix = N_("count the answers per category (kano_classify does this)")
    single = isinstance(counts, (Mapping, pd.Series))
    if single:
        if isinstance(counts, pd.Series) and counts.index.has_duplicates:
            raise CourseDataError(_("the counts name a category twice"),
                                  fix=_("give one count per category, e.g. {example}").format(
                                      example="{'A': 30, 'O': 20, 'M': 10, 'I': 40}"))
        missing = [k for k in need if k not in counts]
        if missing:
            raise CourseDataError(_("the counts lack {names}").format(names=", ".join(repr(m) for m in missing)),
                                  fix=_("give the number of A, O, M and I answers, e.g. {example}").format(
                                      example="{'A': 30, 'O': 20, 'M': 10, 'I': 40}"))
        cells = np.empty((1, 4), dtype=object)
        cells[0, :] = [counts[k] for k in need]
        frame = pd.DataFrame(cells, columns=need)
    else:
        require_columns(counts, need, source="counts", min_rows=1,
                        fix=_("use the count table of kano_classify, or name the columns A, O, M, I"))
        frame = counts
    with refix(count_fix):
        nums = {k: numeric_column(frame, k, source="counts", low=0, what="count") for k in need}
    largest = np.maximum.reduce([nums[k].to_numpy() for k in need])
    if (largest > 1e300).any():  # counts near the float limit: scale each row by its largest count first
        unit = pd.Series(np.where(largest > 1e300, largest, 1.0), index=frame.index)
        nums = {k: v / unit for k, v in nums.items()}
    denom = nums["A"] + nums["O"] + nums["M"] + nums["I"]
    safe = denom.where(denom > 0)
    better = (nums["A"] + nums["O"]) / safe
    worse = 0.0 - (nums["O"] + nums["M"]) / safe
    if single:
        return pd.Series({"better": float(better.iloc[0]), "worse": float(worse.iloc[0])})
    return pd.DataFrame({"better": better.to_numpy(), "worse": worse.to_numpy()}, index=frame.index)


def _plain_keys(frame: pd.DataFrame, key: str) -> None:
    """Every row has one plain value (text or number) in the grouping column ``key``."""
    with refix(N_("give every row one feature (or group) name as text"),
               problem=N_("names must be text or numbers (found lists or other objects)")):
        hashable_ids(frame[key], source="responses", col=key, allow_missing=True)
    empty = frame[key].isna().to_numpy()
    if empty.any():
        raise CourseDataError(_("{count} rows have no {key}").format(count=int(empty.sum()), key=key), column=key,
                              rows=rows_where(frame.index, empty), fix=_("fill in or drop those rows"))


def kano_classify(responses: pd.DataFrame, feature: str = "feature", functional: str = "functional",
                  dysfunctional: str = "dysfunctional", by=None) -> pd.DataFrame:
    """Classify a Kano survey: one row per feature (per group × feature when ``by`` is given).

    The result has the ``by`` column(s) and ``feature``, then:

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

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent and feature with the two answers (labels or codes 1–5, see
        :func:`kano_category`).
    feature, functional, dysfunctional : str
        Names of the feature column and of the two answer columns.
    by : str or list of str, optional
        Group column(s), e.g. ``"customer_group"``.

    Returns
    -------
    pandas.DataFrame
        One row per (group and) feature, columns as listed above.

    Raises
    ------
    CourseDataError
        Not a table, an empty table, duplicate or missing columns, rows without a feature,
        answers that are not Kano answers (rows named), or ``by`` repeating a column.

    Examples
    --------
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
    for name, value in (("feature", feature), ("functional", functional), ("dysfunctional", dysfunctional)):
        if not isinstance(value, str):
            raise CourseDataError(_("{name} must be a column name, got {type}").format(name=name,
                                                                                     type=type(value).__name__),
                                  fix=_("pass the name of the column, e.g. {example}").format(example=f"{name}={name!r}"))
    by_cols = [] if by is None else column_list(by, "by", example=("customer_group",))
    if feature in by_cols:
        raise CourseDataError(_("by repeats a column ({by} with feature={feature})").format(by=by_cols,
                                                                                          feature=repr(feature)),
                              fix=_("group by other columns than the feature, each named once, e.g. "
                                    "by='customer_group'"))
    keys = by_cols + [feature]
    require_columns(responses, keys + [functional, dysfunctional], source="responses", min_rows=1)
    for key in keys:
        _plain_keys(responses, key)
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
