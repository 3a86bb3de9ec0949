"""Internals shared by the segmentation modules and the module-4 widgets (not part of the API).

The feature matrix and scaling used by every k-means helper, the single-thread context that
makes scikit-learn reproducible, and the small argument checks that several helpers share.
Input checks themselves come from :mod:`crmcourse._validate`.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from crmcourse._validate import column_list, numeric_column, require_columns, require_frame
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _

__all__ = ["feature_matrix", "scaled", "one_thread", "random_seed", "cut_value", "distinct_rows", "shown",
           "column_name"]


def feature_matrix(frame, features, *, source: str = "customers", check_variance: bool = True):
    """The named columns of ``frame`` as a float matrix, every value a finite number.

    With ``check_variance`` a column with one value for every row (nothing to separate), or with a
    spread too large to measure, is refused. Returns ``(column names, matrix)``.
    """
    require_frame(frame, source=source)
    cols = column_list(features, "features")
    require_columns(frame, cols, source=source)
    mats = [numeric_column(frame, c, source).to_numpy() for c in cols]
    X = np.column_stack(mats).astype("float64")
    if check_variance and len(X) > 1:
        for c, col in zip(cols, X.T):
            if np.ptp(col) == 0:
                raise CourseDataError(
                    _("has the same value ({value}) for every customer: zero variance, nothing to separate").format(
                        value=f"{col[0]:g}"),
                    file=source, column=c, fix=_("leave this feature out of the clustering"))
            with np.errstate(all="ignore"):
                spread = np.std(col)
            if not np.isfinite(spread) or spread == 0:
                raise CourseDataError(_("has values too large (or too close together) to measure their spread"),
                                      file=source, column=c, fix=_("rescale it, e.g. to thousands or a log scale"))
    return cols, X


def scaled(X, scale: bool):
    """``X`` standardised column by column (mean 0, standard deviation 1) when ``scale``; refuses overflow."""
    if scale:
        from sklearn.preprocessing import StandardScaler

        with np.errstate(all="ignore"):
            X = StandardScaler().fit_transform(X)
    if not np.isfinite(X).all() or (np.abs(X).max() > 1e150 if X.size else False):
        raise CourseDataError(_("the features are too large to cluster (overflow)"), file="customers",
                              fix=_("rescale them, e.g. to thousands or a log scale"))
    return X


def one_thread():
    """A context that runs scikit-learn (its BLAS and OpenMP pools) on one thread.

    The results are then identical on every machine, and a fit that takes milliseconds does not
    slow down from thread oversubscription on a small shared machine.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def random_seed(value) -> int:
    """``random_state`` as a whole number 0 or more (a fixed seed, so results reproduce)."""
    if (value is None or isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral)
            or value < 0 or value >= 2 ** 63):
        raise CourseDataError(_("random_state must be a whole number 0 or more, got {value}").format(value=shown(value)),
                              fix=_("fix the seed, e.g. random_state=0, so that results reproduce"))
    return int(value)


def cut_value(value, name: str) -> float:
    """A finite number for a cut or a threshold, or one error naming the argument."""
    num = None
    if not isinstance(value, (bool, np.bool_)) and isinstance(value, numbers.Real):
        try:
            num = float(value)
        except (OverflowError, TypeError, ValueError):
            num = None
    if num is None or not math.isfinite(num):
        raise CourseDataError(_("{name} must be a finite number, got {value}").format(name=name, value=shown(value)),
                              fix=_("e.g. {example}, or leave it out to cut at the median").format(example=f"{name}=5.5"))
    return num


def distinct_rows(X) -> int:
    """Number of distinct rows of a matrix (hash-based: linear time, unlike ``np.unique(axis=0)``)."""
    import pandas as pd

    return int(len(X) - pd.DataFrame(X).duplicated().sum())


def shown(value, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, safe for objects whose ``repr`` raises."""
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_name(value, what: str, example: str):
    """``value`` if it can name a column (text, or a whole number for numbered columns), else one error."""
    if isinstance(value, str) or (isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))):
        return value
    raise CourseDataError(_("{name}= should be a column name (text), got {value}").format(name=what, value=shown(value)),
                          fix=_("e.g. {example}").format(example=f"{what}='{example}'"))
