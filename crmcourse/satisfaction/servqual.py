"""SERVQUAL gap analysis: perception − expectation per dimension, unweighted and weighted.

>>> SERVQUAL_DIMENSIONS[:2]
('tangibles', 'reliability')
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmcourse._validate import real, require_columns, require_frame, rows_where
from crmcourse.constants import SERVQUAL_DIMENSIONS
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.satisfaction._common import numeric_column, plain_text, refix, shown

__all__ = ["SERVQUAL_DIMENSIONS", "SERVQUAL_SCALE", "servqual_gaps"]

#: The answer scale of the SERVQUAL questionnaire: 1 = strongly disagree … 7 = strongly agree.
SERVQUAL_SCALE = (1, 7)

_DIM_FIX = N_("use one of: {names}")
_WEIGHT_FIX = N_("give importance points per dimension, e.g. {example}, or a table with one column per dimension")
_WEIGHT_EXAMPLE = "{'tangibles': 11, 'reliability': 32, 'responsiveness': 22, 'assurance': 19, 'empathy': 16}"


def _dim_fix() -> str:
    return _(_DIM_FIX).format(names=", ".join(SERVQUAL_DIMENSIONS))


def _weight_fix() -> str:
    return _(_WEIGHT_FIX).format(example=_WEIGHT_EXAMPLE)


def _dimension_name(value) -> str | None:
    text = plain_text(value)
    return None if text is None else text.strip().lower()


def _scale(scale) -> tuple[float, float]:
    fix = _("pass the survey's answer scale as (lowest, highest), e.g. scale=(1, 7)")
    if not isinstance(scale, (tuple, list)) or len(scale) != 2:
        raise CourseDataError(_("scale should be two numbers (lowest, highest), got {type}").format(
            type=type(scale).__name__), fix=fix)
    with refix(fix):
        low = real(scale[0], "the lowest answer of scale")
        high = real(scale[1], "the highest answer of scale")
    if not low < high:
        raise CourseDataError(_("scale {low}–{high} is empty or backwards").format(low=f"{low:g}", high=f"{high:g}"),
                              fix=fix)
    return low, high


def _mean(values: pd.Series) -> float:
    """The mean, also when the sum of the values would pass the float limit."""
    with np.errstate(over="ignore"):
        m = float(values.mean())
    return m if np.isfinite(m) else float((values / len(values)).sum())


def _servqual_weights(weights, present: list[str]) -> pd.Series:
    """Importance shares (summing to 1) over the present dimensions."""
    if isinstance(weights, pd.DataFrame):
        require_columns(weights, present, source="weights", fix=_weight_fix(), min_rows=1)
        with refix(_weight_fix()):
            columns = {d: numeric_column(weights, d, "weights", low=0, what="importance point") for d in present}
        points = pd.Series({d: _mean(v) for d, v in columns.items()})
    elif isinstance(weights, (Mapping, pd.Series)):
        if isinstance(weights, pd.Series) and weights.index.has_duplicates:
            raise CourseDataError(_("weights name a dimension twice"), fix=_weight_fix())
        keys = {}
        for k in weights.keys():
            name = _dimension_name(k)
            if name not in SERVQUAL_DIMENSIONS:
                raise CourseDataError(_("weights name unknown dimensions ({names})").format(names=shown([k])),
                                      fix=_dim_fix())
            if name in keys:
                raise CourseDataError(_("weights name the dimension {name} twice").format(name=repr(name)),
                                      fix=_weight_fix())
            keys[name] = k
        missing = [d for d in present if d not in keys]
        if missing:
            raise CourseDataError(_("weights lack {names}").format(names=", ".join(repr(m) for m in missing)),
                                  fix=_weight_fix())
        values, bad = {}, []
        for d in present:
            v = weights[keys[d]]
            try:
                values[d] = real(v, d, low=0)
            except CourseDataError:
                bad.append(d)
        if bad:
            raise CourseDataError(_("importance points must be numbers, 0 or more"), rows=bad,
                                  row_label=_("dimensions"), fix=_weight_fix())
        points = pd.Series(values, dtype=float)
    else:
        raise CourseDataError(_("weights must be a dict or a table, got {type}").format(type=type(weights).__name__),
                              fix=_weight_fix())
    top = float(points.max())
    if not top > 0:
        raise CourseDataError(_("the importance points add up to 0"), fix=_weight_fix())
    if top > 1e300:  # points near the float limit: scale by the largest first so the sum stays finite
        points = points / top
    return points / float(points.sum())


def servqual_gaps(responses: pd.DataFrame, weights=None, dimension: str = "dimension",
                  expectation: str = "expectation", perception: str = "perception", *,
                  scale=SERVQUAL_SCALE) -> pd.DataFrame:
    """SERVQUAL gap analysis: perception − expectation per dimension and overall.

    The result has one row per dimension present, in the canonical order (tangibles,
    reliability, responsiveness, assurance, empathy), with the mean ``expectation``,
    ``perception`` and ``gap`` (P − E; negative = the service falls short), then:

    * ``overall`` — the unweighted mean of the dimension rows;
    * ``weighted overall`` (only when ``weights`` are given) — the dimension rows weighted by
      importance. A ``weight`` column then shows each dimension's share of the importance
      (summing to 1).

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent and item with the item's ``dimension`` (one of
        :data:`SERVQUAL_DIMENSIONS`, any case), the ``expectation`` E and the ``perception`` P.
    weights : dict or pandas.Series or pandas.DataFrame, optional
        Importance points per dimension (e.g. 100 points shared over the five), or a table with
        one column per dimension and one row per respondent, like ``qingmei_servqual_weights``
        (the columns are averaged).
    dimension, expectation, perception : str
        Column names.
    scale : tuple of two numbers, default (1, 7)
        The answer scale; every score must lie on it (SERVQUAL's seven points by default).

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension, then ``overall`` (and ``weighted overall``).

    Raises
    ------
    CourseDataError
        Not a table, an empty table, duplicate or missing columns, an unknown dimension, a score
        that is not a number on the scale (rows named), or weights that are not 0 or more,
        lack a dimension present, name an unknown one or add up to 0.

    Examples
    --------
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
    >>> servqual_gaps(survey.assign(perception=[6, 6, 5, 500]))
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: responses, column 'perception': 1 score not between 1 and 7 (e.g. 500) (rows 3). Fix: scores are numbers on the survey scale, 1–7; pass scale=(low, high) for another scale, and drop rows without an answer.
    """
    low, high = _scale(scale)
    require_frame(responses, source="responses")
    for name, value in (("dimension", dimension), ("expectation", expectation), ("perception", perception)):
        if not isinstance(value, str):
            raise CourseDataError(_("{name} must be a column name, got {type}").format(name=name,
                                                                                     type=type(value).__name__),
                                  fix=_("pass the name of the column, e.g. {example}").format(example=f"{name}={name!r}"))
    require_columns(responses, [dimension, expectation, perception], source="responses")
    raw = responses[dimension]
    dims = pd.Series([_dimension_name(v) for v in raw.to_numpy(dtype=object)], index=raw.index, dtype=object)
    bad = ~dims.isin(SERVQUAL_DIMENSIONS).to_numpy()
    if bad.any():
        wrong = list(dict.fromkeys(v for v, b in zip(dims, bad) if b and v is not None))
        others = [v for v, d, b in zip(raw, dims, bad) if b and d is None]
        raise CourseDataError(_("{count} rows have an unknown dimension ({values})").format(
            count=int(bad.sum()), values=shown(wrong + others[:1])),
            column=dimension, rows=rows_where(responses.index, bad), fix=_dim_fix())
    score_fix = _("scores are numbers on the survey scale, {low}–{high}; pass scale=(low, high) for another "
                  "scale, and drop rows without an answer").format(low=f"{low:g}", high=f"{high:g}")
    with refix(score_fix):
        e = numeric_column(responses, expectation, "responses", low=low, high=high, what="score")
        p = numeric_column(responses, perception, "responses", low=low, high=high, what="score")
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

