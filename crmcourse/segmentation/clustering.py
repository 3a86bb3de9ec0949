"""k-means segments and the tests a segmentation must pass: k, profile, stability, actionability.

Features are standardised (mean 0, standard deviation 1) and fitted with scikit-learn's
``KMeans`` with a fixed ``random_state`` and ``n_init``, single-threaded; segments are numbered
1..k from the largest to the smallest, so the numbers do not change between runs.

>>> import pandas as pd
>>> df = pd.DataFrame({"x": [1.0, 1.1, 0.9, 8.0, 8.2, 7.9, 8.1]})
>>> kmeans_segments(df, ["x"], k=2).tolist()
[2, 2, 2, 1, 1, 1, 1]
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from crmcourse._validate import column, column_list, integer, numeric_column, require_columns, require_frame, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _
from crmcourse.segmentation._common import (
    cut_value,
    distinct_rows,
    feature_matrix,
    one_thread,
    random_seed,
    scaled,
    column_name,
    shown,
)

__all__ = ["kmeans_segments", "k_diagnostics", "segment_profile", "segment_stability", "segment_actionability"]


def _check_k(k, n: int, distinct: int, source: str) -> int:
    k = integer(k, "k", 2)
    if n < k:
        raise CourseDataError(_("{count} customers cannot form {k} clusters").format(count=n, k=k), file=source,
                              fix=_("use k of at most {most}, or more customers").format(most=max(n, 1)))
    if distinct < k:
        raise CourseDataError(_("only {count} distinct customers (feature combinations) for {k} clusters").format(
            count=distinct, k=k), file=source,
            fix=_("use k of at most {most}, or features that tell customers apart").format(most=distinct))
    return k


def _relabel(labels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Number clusters 1..k from the largest to the smallest (ties: by the centre's coordinates)."""
    k = centres.shape[0]
    sizes = np.bincount(labels, minlength=k)
    order = sorted(range(k), key=lambda j: (-sizes[j], tuple(np.round(centres[j], 9))))
    new = np.empty(k, dtype="int64")
    for rank, j in enumerate(order, start=1):
        new[j] = rank
    return new[labels]


def _kmeans(Xs: np.ndarray, k: int, random_state, n_init: int):
    from sklearn.cluster import KMeans

    with warnings.catch_warnings(), one_thread():
        warnings.simplefilter("ignore")
        return KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(Xs)


def kmeans_segments(frame: pd.DataFrame, features, k: int, random_state: int = 0, *, scale: bool = True,
                    n_init: int = 10) -> pd.Series:
    """k-means segments (scikit-learn ``KMeans``) on standardised features, numbered 1..k by size.

    Each feature is standardised to mean 0 and standard deviation 1 first (``scale=True``), so
    that a feature measured in large units (money) does not outweigh the others. Skewed features
    (spend, frequency) are usually log-transformed before they are passed in. ``random_state``
    and ``n_init`` are fixed, and scikit-learn runs single-threaded, so the result reproduces on
    every machine. Segment 1 is the largest.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer.
    features : str or list of str
        The numeric columns to cluster on.
    k : int
        Number of segments, 2 or more (at most the number of distinct customers).
    random_state : int, default 0
        The seed.
    scale : bool, default True
        Standardise the features first.
    n_init : int, default 10
        Number of k-means starts (1–100; more starts only cost time); the best is kept.

    Returns
    -------
    pandas.Series
        Integer segment 1..k per row, named ``segment``, with the frame's index.

    Raises
    ------
    CourseDataError
        Not a table, missing columns, values that are not finite numbers, a feature with zero
        variance or too large to scale, fewer (distinct) customers than clusters, a bad ``k``,
        ``n_init`` or ``random_state``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.1, 0.9, 8.0, 8.2, 7.9, 8.1], "y": [1.0, 0.8, 1.2, 5.0, 5.1, 4.9, 5.2]})
    >>> kmeans_segments(df, ["x", "y"], k=2).tolist()
    [2, 2, 2, 1, 1, 1, 1]
    >>> kmeans_segments(df.head(3), ["x", "y"], k=4)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: customers: 3 customers cannot form 4 clusters. Fix: use k of at most 3, or more customers.
    """
    source = "customers"
    _cols, X = feature_matrix(frame, features, source=source)
    k = _check_k(k, len(X), distinct_rows(X), source)
    n_init = integer(n_init, "n_init", 1, 100)
    rs = random_seed(random_state)
    model = _kmeans(scaled(X, bool(scale)), k, rs, n_init)
    labels = _relabel(model.labels_, model.cluster_centers_)
    return pd.Series(labels, index=frame.index, name="segment")


def k_diagnostics(frame: pd.DataFrame, features, ks: Iterable[int] = range(2, 9), random_state: int = 0, *,
                  scale: bool = True, n_init: int = 10, sample_size: int = 5000) -> pd.DataFrame:
    """Inertia and silhouette score of k-means for each k in ``ks``, to help choose k.

    *Inertia* is the sum of squared distances of customers to their cluster centre (in the
    standardised units); it always falls as k grows — look for the "elbow" where it stops
    falling fast. The *silhouette* (−1..1) compares each customer's distance to its own cluster
    with the nearest other cluster; higher is better. On more than ``sample_size`` customers
    the silhouette is computed on a fixed random sample (the full version grows with n²).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer.
    features : str or list of str
        The numeric columns to cluster on.
    ks : iterable of int, default range(2, 9)
        The cluster counts to try.
    random_state : int, default 0
    scale : bool, default True
    n_init : int, default 10
    sample_size : int, default 5000
        At most this many customers for the silhouette (10 or more).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``k``, columns ``inertia`` and ``silhouette``.

    Raises
    ------
    CourseDataError
        As :func:`kmeans_segments`, plus ``ks`` empty or not a list of whole numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.1, 0.9, 8.0, 8.2, 7.9, 8.1], "y": [1.0, 0.8, 1.2, 5.0, 5.1, 4.9, 5.2]})
    >>> diag = k_diagnostics(df, ["x", "y"], ks=[2, 3])
    >>> list(diag.columns), int(diag["silhouette"].idxmax())
    (['inertia', 'silhouette'], 2)
    """
    from sklearn.metrics import silhouette_score

    source = "customers"
    _cols, X = feature_matrix(frame, features, source=source)
    distinct = distinct_rows(X)
    if isinstance(ks, (str, bytes)) or not isinstance(ks, Iterable):
        raise CourseDataError(_("ks should be a list of cluster counts, got {value}").format(value=shown(ks)), fix=_("e.g. {example}").format(example="ks=range(2, 9)"))
    try:
        ks = list(ks)
    except Exception:
        raise CourseDataError(_("ks could not be read as a list of cluster counts"), fix=_("e.g. {example}").format(example="ks=range(2, 9)")) from None
    if len(ks) > 100:
        raise CourseDataError(_("ks lists {count} cluster counts").format(count=len(ks)),
                              fix=_("try a handful, e.g. {example}").format(example="ks=range(2, 9)"))
    ks = [int(_check_k(k, len(X), distinct, source)) for k in ks]
    if not ks:
        raise CourseDataError(_("ks is empty"), fix=_("e.g. {example}").format(example="ks=range(2, 9)"))
    rs = random_seed(random_state)
    n_init = integer(n_init, "n_init", 1, 100)
    sample_size = integer(sample_size, "sample_size", 10)
    Xs = scaled(X, bool(scale))
    rows = []
    for k in ks:
        model = _kmeans(Xs, k, rs, n_init)
        n_labels = len(np.unique(model.labels_))
        if n_labels < 2 or n_labels >= len(Xs):
            sil = float("nan")
        else:
            with one_thread():
                sil = float(silhouette_score(Xs, model.labels_, sample_size=min(sample_size, len(Xs)),
                                             random_state=rs))
        rows.append({"k": k, "inertia": float(model.inertia_), "silhouette": sil})
    return pd.DataFrame(rows).set_index("k")


def _labels_for(frame: pd.DataFrame, labels, source: str = "labels") -> pd.Series:
    if isinstance(labels, pd.DataFrame):
        raise CourseDataError(_("labels should be one column, got a table"), file=source,
                              fix=_("pass the segments kmeans_segments(...) returned"))
    if isinstance(labels, pd.Series):
        if len(labels) != len(frame) or not labels.index.equals(frame.index):
            try:
                aligned = labels.reindex(frame.index)
            except Exception:
                aligned = None
            if aligned is None or aligned.isna().any() or len(labels) != len(frame):
                raise CourseDataError(
                    _("the labels ({count} rows) do not match the table's rows ({rows})").format(
                        count=len(labels), rows=len(frame)),
                    file=source, fix=_("use the labels computed from this same table (same index)"))
            labels = aligned
    else:
        if isinstance(labels, (str, bytes, dict, set)) or not isinstance(labels, (Iterable, np.ndarray)):
            raise CourseDataError(_("labels should be a Series or list, got {type}").format(type=type(labels).__name__),
                                  file=source, fix=_("pass the segments kmeans_segments(...) returned"))
        try:
            arr = list(labels)
        except Exception:
            raise CourseDataError(_("labels could not be read as one label per row"), file=source,
                                  fix=_("pass the segments kmeans_segments(...) returned")) from None
        if len(arr) != len(frame):
            raise CourseDataError(_("the labels ({count}) do not match the table's rows ({rows})").format(
                count=len(arr), rows=len(frame)), file=source, fix=_("one label per row of the table"))
        try:
            labels = pd.Series(arr, index=frame.index, name="segment")
        except Exception:
            raise CourseDataError(_("labels could not be read as one label per row"), file=source,
                                  fix=_("pass the segments kmeans_segments(...) returned")) from None
    missing = labels.isna().to_numpy()
    if missing.ndim != 1 or missing.any():
        raise CourseDataError(_("some customers have no segment"), file=source,
                              rows=rows_where(frame.index, missing) if missing.ndim == 1 else None,
                              fix=_("give every customer a segment (one customer, one segment)"))
    try:
        pd.util.hash_array(labels.astype(object).to_numpy())
    except Exception:
        raise CourseDataError(_("segment labels must be numbers or text"), file=source,
                              fix=_("pass the segments kmeans_segments(...) returned")) from None
    return labels.rename("segment")


def _grouped(values, lab: pd.Series, how):
    try:
        return how(values.groupby(lab.to_numpy(), sort=True))
    except Exception:
        raise CourseDataError(_("segment labels of mixed kinds cannot be sorted"), file="labels",
                              fix=_("use labels of one kind (all numbers or all text)")) from None


def segment_profile(frame: pd.DataFrame, labels, features=None) -> pd.DataFrame:
    """Size, share and the mean of each feature per segment — the table to name segments from.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer.
    labels : pandas.Series or list
        One segment per row (a Series is aligned on the index), e.g. :func:`kmeans_segments`'s result.
    features : str or list of str, optional
        The columns to average; every numeric (not True/False) column when left out.

    Returns
    -------
    pandas.DataFrame
        One row per segment (sorted, index ``segment``): ``customers``, ``share`` and one mean
        per feature.

    Raises
    ------
    CourseDataError
        Not a table, labels that do not match the rows, are missing or mix kinds, features
        that are missing or not finite numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"spend": [10.0, 20.0, 300.0, 500.0]})
    >>> segment_profile(df, pd.Series([2, 2, 1, 1]))
             customers  share  spend
    segment
    1                2    0.5  400.0
    2                2    0.5   15.0
    """
    source = "customers"
    require_frame(frame, source=source)
    lab = _labels_for(frame, labels)
    if features is None:
        cols = [c for c in frame.columns
                if pd.api.types.is_numeric_dtype(frame[c].dtype) and not pd.api.types.is_bool_dtype(frame[c].dtype)
                and not pd.api.types.is_complex_dtype(frame[c].dtype)]
    else:
        cols = column_list(features, "features")
        require_columns(frame, cols, source=source)
    nums = pd.DataFrame({c: numeric_column(frame, c, source).to_numpy() for c in cols}, index=range(len(frame)))
    nums.index = frame.index
    out = _grouped(nums, lab, lambda g: g.mean())
    size = _grouped(pd.Series(np.ones(len(lab), dtype="int64")), lab.reset_index(drop=True), lambda g: g.sum())
    out.insert(0, "share", (size.reindex(out.index) / len(lab)).to_numpy())
    out.insert(0, "customers", size.reindex(out.index).astype("int64").to_numpy())
    out.index.name = "segment"
    return out


def segment_stability(frame: pd.DataFrame, features, k: int, n_boot: int = 20, random_state: int = 0, *,
                      scale: bool = True, n_init: int = 10) -> pd.Series:
    """How stable are k-means segments? Adjusted Rand index over bootstrap samples.

    The segments of all customers are the reference. Each bootstrap round draws a sample of
    the same size with replacement, fits k-means on it, assigns *every* customer to the nearest
    of the new centres, and compares that with the reference using the adjusted Rand index
    (scikit-learn's ``adjusted_rand_score``: 1 = the same grouping, about 0 = no better than
    chance; it ignores how segments are numbered). Values mostly above 0.8 suggest a stable
    segmentation.

    Parameters
    ----------
    frame, features, k, random_state, scale, n_init
        As for :func:`kmeans_segments`.
    n_boot : int, default 20
        Number of bootstrap rounds (1–200: enough to see whether segments hold; more only costs time).

    Returns
    -------
    pandas.Series
        One adjusted Rand index per round, named ``ari``, index ``round`` 1..n_boot.

    Raises
    ------
    CourseDataError
        As :func:`kmeans_segments`, plus a bad ``n_boot`` or bootstrap samples that keep having
        fewer than k distinct customers.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.1, 0.9, 1.2, 8.0, 8.2, 7.9, 8.1], "y": [1.0, 0.8, 1.2, 1.1, 5.0, 5.1, 4.9, 5.2]})
    >>> segment_stability(df, ["x", "y"], k=2, n_boot=5).round(2).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0]
    """
    from sklearn.metrics import adjusted_rand_score

    source = "customers"
    _cols, X = feature_matrix(frame, features, source=source)
    k = _check_k(k, len(X), distinct_rows(X), source)
    n_boot = integer(n_boot, "n_boot", 1, 200)
    n_init = integer(n_init, "n_init", 1, 100)
    rs = random_seed(random_state)
    Xs = scaled(X, bool(scale))
    reference = _kmeans(Xs, k, rs, n_init).labels_
    rng = np.random.default_rng(rs)
    scores = []
    n = len(Xs)
    for b in range(n_boot):
        for _attempt in range(50):
            idx = rng.integers(0, n, n)
            if distinct_rows(Xs[idx]) >= k:
                break
        else:
            raise CourseDataError(
                _("bootstrap samples keep having fewer than {k} distinct customers").format(k=k), file=source,
                fix=_("use more customers or a smaller k"))
        model = _kmeans(Xs[idx], k, (rs + 1 + b) % 2 ** 32, n_init)
        with one_thread():
            scores.append(float(adjusted_rand_score(reference, model.predict(Xs))))
    return pd.Series(scores, index=pd.RangeIndex(1, n_boot + 1, name="round"), name="ari")


def segment_actionability(frame: pd.DataFrame, labels, features, *, reachable: str | None = None,
                          min_share: float = 0.05, min_distance: float = 1.0,
                          min_reachable: float = 0.5) -> pd.DataFrame:
    """Is each segment worth a campaign? Size, distinctness and reachability, with a verdict.

    * ``share`` of all customers, ``big_enough`` when at least ``min_share``;
    * ``distance`` from the segment's centre to the nearest other segment's centre, in
      standard deviations of the features (z-scores); ``distinct`` when at least ``min_distance``;
    * ``reachable_share`` — mean of the boolean column ``reachable`` (e.g. customers who did not
      opt out of marketing); ``reachable`` when at least ``min_reachable``. Without the column
      every customer counts as reachable.

    ``actionable`` is True when all three hold.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer.
    labels : pandas.Series or list
        One segment per row.
    features : str or list of str
        The numeric columns the distances are measured on.
    reachable : str, optional
        A True/False column: may we contact the customer?
    min_share, min_distance, min_reachable : float
        The three thresholds.

    Returns
    -------
    pandas.DataFrame
        One row per segment: ``customers``, ``share``, ``distance``, ``reachable_share`` and the
        verdicts ``big_enough``, ``distinct``, ``reachable``, ``actionable``.

    Raises
    ------
    CourseDataError
        Not a table, bad labels or features (see :func:`segment_profile`), thresholds that are
        not finite numbers, a ``reachable`` column that is not True/False.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.2, 0.8, 9.0, 9.2, 8.8, 5.0],
    ...                    "ok": [True, True, True, False, False, True, True]})
    >>> segment_actionability(df, [1, 1, 1, 2, 2, 2, 3], ["x"], reachable="ok", min_share=0.2)[
    ...     ["customers", "big_enough", "reachable", "actionable"]]
             customers  big_enough  reachable  actionable
    segment
    1                3        True       True        True
    2                3        True      False       False
    3                1       False       True       False
    """
    source = "customers"
    cols, X = feature_matrix(frame, features, source=source)
    lab = _labels_for(frame, labels)
    for name, v in (("min_share", min_share), ("min_distance", min_distance), ("min_reachable", min_reachable)):
        cut_value(v, name)
    with np.errstate(all="ignore"):
        sd = X.std(axis=0)
        Z = (X - X.mean(axis=0)) / np.where(np.isfinite(sd) & (sd > 0), sd, 1.0)
    if not np.isfinite(Z).all():
        raise CourseDataError(_("the features are too large to compare (overflow)"), file=source,
                              fix=_("rescale them, e.g. to thousands or a log scale"))
    zf = pd.DataFrame(Z, columns=cols)
    flat = lab.reset_index(drop=True)
    centres = _grouped(zf, flat, lambda g: g.mean())
    size = _grouped(pd.Series(np.ones(len(flat), dtype="int64")), flat, lambda g: g.sum()).reindex(centres.index)
    C = centres.to_numpy()
    dist = np.full(len(C), np.nan)
    for i in range(len(C)):
        others = np.delete(C, i, axis=0)
        if len(others):
            dist[i] = float(np.sqrt(((others - C[i]) ** 2).sum(axis=1)).min())
    if reachable is None:
        reach = pd.Series(1.0, index=centres.index)
    else:
        col = column(frame, column_name(reachable, "reachable", "reachable"), source=source)
        if not pd.api.types.is_bool_dtype(col.dtype) or col.isna().any():
            raise CourseDataError(_("must be True/False (True = we may contact the customer)"), file=source,
                                  column=reachable, fix=_("e.g. {example}").format(
                                      example="customers.assign(reachable=~customers['opted_out'])"))
        reach = _grouped(pd.Series(col.to_numpy().astype(float)), flat, lambda g: g.mean()).reindex(centres.index)
    out = pd.DataFrame({
        "customers": size.astype("int64").to_numpy(),
        "share": (size / len(lab)).to_numpy(),
        "distance": dist,
        "reachable_share": reach.to_numpy(),
    }, index=pd.Index(centres.index, name="segment"))
    out["big_enough"] = out["share"] >= min_share
    out["distinct"] = out["distance"].fillna(np.inf) >= min_distance
    out["reachable"] = out["reachable_share"] >= min_reachable
    out["actionable"] = out["big_enough"] & out["distinct"] & out["reachable"]
    return out
