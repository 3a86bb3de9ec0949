"""The lifetime value × expectation matrix: intimate, safe, dangerous and stranger customers.

>>> import pandas as pd
>>> c = pd.DataFrame({"clv": [900, 100], "exp": [8, 2]})
>>> value_expectation_matrix(c, "clv", "exp", value_cut=500, expectation_cut=5).tolist()
['intimate', 'stranger']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse._validate import numeric_column, require_columns, require_frame
from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _
from crmcourse.segmentation._common import cut_value, shown
from crmcourse.segmentation.frameworks import CUSTOMER_TYPES

__all__ = ["value_expectation_matrix"]


def _median(values: pd.Series) -> float:
    """The median; for two huge middle values their halves are added (their sum would overflow)."""
    with np.errstate(over="ignore"):
        med = float(values.median())
    if not np.isfinite(med):
        ordered = np.sort(values.to_numpy())
        lo, hi = ordered[(len(ordered) - 1) // 2], ordered[len(ordered) // 2]
        med = float(lo / 2 + hi / 2)
    return med


def value_expectation_matrix(customers: pd.DataFrame, value: str, expectation: str,
                             value_cut=None, expectation_cut=None) -> pd.Series:
    """Place each customer as intimate, safe, dangerous or stranger (value × expectation).

    A customer is *high* on an axis when **at or above** the cut (``value >= value_cut``); the
    default cuts are the medians. intimate = high value, high expectation; safe = high value,
    low expectation; dangerous = low value, high expectation; stranger = low on both.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer.
    value, expectation : str
        Two numeric columns, e.g. a lifetime value and an expectation score.
    value_cut, expectation_cut : float, optional
        The cuts; the column's median when left out.

    Returns
    -------
    pandas.Series
        Categorical, named ``customer_type``, categories in :data:`CUSTOMER_TYPES` order, with the
        table's index; the cuts used are in ``attrs["value_cut"]`` and ``attrs["expectation_cut"]``.

    Raises
    ------
    CourseDataError
        Not a table, missing or duplicate columns, values that are not finite numbers, cuts
        that are not finite numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"clv": [900, 900, 100, 100, 500], "exp": [8, 2, 8, 2, 5]}, index=list("ABCDE"))
    >>> types = value_expectation_matrix(c, value="clv", expectation="exp")
    >>> types.tolist()
    ['intimate', 'safe', 'dangerous', 'stranger', 'intimate']
    >>> types.attrs["value_cut"], types.attrs["expectation_cut"]
    (500.0, 5.0)
    >>> value_expectation_matrix(c, "clv", "exp", value_cut=600, expectation_cut=5.5).tolist()
    ['intimate', 'safe', 'dangerous', 'stranger', 'stranger']
    """
    source = "customers"
    require_frame(customers, source=source)
    for name, col in (("value", value), ("expectation", expectation)):
        if not isinstance(col, str):
            raise CourseDataError(_("{name}= should be a column name, got {value}").format(name=name, value=shown(col)),
                                  fix=_("e.g. {example}").format(example=f"{name}='expectation_score'"))
    require_columns(customers, [value, expectation], source=source)
    v = numeric_column(customers, value, source)
    e = numeric_column(customers, expectation, source)
    vc = _median(v) if value_cut is None else cut_value(value_cut, "value_cut")
    ec = _median(e) if expectation_cut is None else cut_value(expectation_cut, "expectation_cut")
    hv = (v >= vc).to_numpy()
    he = (e >= ec).to_numpy()
    names = np.where(hv & he, "intimate", np.where(hv, "safe", np.where(he, "dangerous", "stranger")))
    out = pd.Series(pd.Categorical(names, categories=list(CUSTOMER_TYPES)), index=customers.index,
                    name="customer_type")
    out.attrs["value_cut"] = vc
    out.attrs["expectation_cut"] = ec
    return out
