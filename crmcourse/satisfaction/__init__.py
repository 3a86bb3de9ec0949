"""Customer satisfaction (客户满意): ratio, promise trade-off, Kano, SERVQUAL and NPS.

Module 1 of the course. Pure functions on numbers, pandas Series and DataFrames, one file per
model:

* :mod:`~crmcourse.satisfaction.ratio` — :func:`satisfaction_ratio`, :func:`satisfaction_zone`,
  :func:`promise_tradeoff`;
* :mod:`~crmcourse.satisfaction.kano` — :func:`kano_category`, :func:`kano_classify`,
  :func:`kano_coefficients`;
* :mod:`~crmcourse.satisfaction.servqual` — :func:`servqual_gaps`;
* :mod:`~crmcourse.satisfaction.nps` — :func:`nps`, :func:`nps_groups`, :func:`nps_scores`;
* :mod:`~crmcourse.satisfaction.plots` and :mod:`~crmcourse.satisfaction.widgets` — charts and
  interactive explorers (matplotlib / ipywidgets load only when a chart or widget is made).

Every problem with the input (an unknown Kano answer, a score off the scale, a missing column,
NaN or ±inf …) is reported as one :class:`~crmcourse.errors.CourseDataError` that names the
allowed values, the offending rows and the fix.

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

from crmcourse.satisfaction.kano import (
    KANO_ANSWERS, KANO_CATEGORIES, KANO_NAMES, KANO_TABLE, KANO_TIE_BREAK, kano_category, kano_classify,
    kano_coefficients,
)
from crmcourse.satisfaction.nps import NPS_GROUPS, nps, nps_groups, nps_scores
from crmcourse.satisfaction.ratio import ZONES, promise_tradeoff, satisfaction_ratio, satisfaction_zone
from crmcourse.satisfaction.servqual import SERVQUAL_DIMENSIONS, SERVQUAL_SCALE, servqual_gaps

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
    "SERVQUAL_SCALE",
    "servqual_gaps",
    "nps",
    "nps_groups",
    "nps_scores",
    "NPS_GROUPS",
]


def __getattr__(name: str):
    """``crmcourse.satisfaction.plots`` (and ``widgets``) are imported on first use, not with the package."""
    if name in ("plots", "widgets"):
        import importlib

        return importlib.import_module(f"crmcourse.satisfaction.{name}")
    raise AttributeError(f"module 'crmcourse.satisfaction' has no attribute {name!r}")


