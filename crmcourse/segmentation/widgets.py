"""Interactive explorers for module 4 (ipywidgets): the value × expectation cut-offs and k.

Every explorer returns an ipywidgets container; display it by leaving it as the last expression
of a cell. Every number shown comes from the :mod:`crmcourse.segmentation` helpers the exercises
check; labels and texts follow the language in use (:func:`crmcourse.set_language`). ipywidgets and
matplotlib load when an explorer is built.
"""
from __future__ import annotations

from crmcourse._charts import chart_png
from crmcourse.i18n import translate as _

__all__ = ["value_expectation_explorer", "k_explorer"]


def value_expectation_explorer(customers, value: str, expectation: str, value_percentile: float = 50.0,
                               expectation_cut: float | None = None, log_value: bool = False):
    """Move the two cut-offs of the value × expectation matrix and see who becomes intimate, safe,
    dangerous or stranger (from :func:`crmcourse.segmentation.value_expectation_matrix`).

    The value cut is set as a percentile of ``value`` (50 = the median) because values are
    usually skewed; the expectation cut in the expectation's own units (default: its median,
    rounded to the slider's steps of 0.25).
    Below the sliders: the number and share of customers of each type, and the matrix.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer.
    value, expectation : str
        Two numeric columns.
    value_percentile : float, default 50.0
        The value cut's starting position, as a percentile (5–95).
    expectation_cut : float, optional
        The expectation cut's starting position (default: the median).
    log_value : bool, default False
        Draw the value axis on a log scale.

    Returns
    -------
    ipywidgets.VBox
        The sliders, the counts (HTML) and the chart (an ``Image``).

    Raises
    ------
    CourseDataError
        What :func:`crmcourse.segmentation.value_expectation_matrix` refuses, before any slider exists.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"clv": [100.0, 200, 300, 400, 500, 600], "exp": [2.0, 9, 4, 7, 3, 8]})
    >>> box = value_expectation_explorer(c, "clv", "exp")
    >>> before = box.children[1].value
    >>> "intimate" in before
    True
    >>> box.children[0].children[0].value = 80.0
    >>> box.children[1].value != before
    True
    """
    import html

    import ipywidgets as w
    import numpy as np

    from crmcourse.segmentation.frameworks import CUSTOMER_TYPES
    from crmcourse.segmentation.matrix import value_expectation_matrix
    from crmcourse.segmentation.plots import value_expectation_plot

    value_expectation_matrix(customers, value, expectation)  # validate once, before any slider exists
    values = customers[value].astype(float).to_numpy()
    expect = customers[expectation].astype(float).to_numpy()
    lo, hi = float(np.floor(expect.min())), float(np.ceil(expect.max()))
    start = float(np.median(expect)) if expectation_cut is None else float(expectation_cut)
    start = lo + round((start - lo) / 0.25) * 0.25  # on the slider's grid, so the browser does not move it
    style = {"description_width": "170px"}
    layout = w.Layout(width="520px")
    pct = w.FloatSlider(value=float(value_percentile), min=5, max=95, step=5, description=_("value cut (percentile)"),
                        readout_format=".0f", style=style, layout=layout, continuous_update=False)
    ecut = w.FloatSlider(value=min(max(start, lo), hi), min=lo, max=hi, step=0.25, description=_("expectation cut"),
                         readout_format=".2f", style=style, layout=layout, continuous_update=False)
    text = w.HTML()
    image = w.Image(format="png", layout=w.Layout(width="600px"))
    colours = {"intimate": "#1e8449", "safe": "#2e86c1", "dangerous": "#c0392b", "stranger": "#7f8c8d"}

    def update(*_args):
        vcut = float(np.percentile(values, pct.value))
        types = value_expectation_matrix(customers, value, expectation, value_cut=vcut, expectation_cut=ecut.value)
        counts = types.value_counts().reindex(list(CUSTOMER_TYPES), fill_value=0)
        cells = "".join(
            f"<td style='padding:2px 10px'><b style='color:{colours[t]}'>{_(t)}</b> {int(n):,} "
            f"({n / len(types):.0%})</td>" for t, n in counts.items())
        png = chart_png(lambda ax: value_expectation_plot(customers, value, expectation, types, ax=ax,
                                                        log_value=log_value))
        image.value = png  # the chart first, then the counts: they change together on screen
        text.value = ("<div class='crmcourse-ve-counts'>" + _(
            "value cut <b>{cut:,.0f}</b> ({percentile:.0f}th percentile of {column}) · expectation cut "
            "<b>{expectation:.2f}</b>").format(cut=vcut, percentile=pct.value, column=html.escape(value),
                                              expectation=ecut.value)
            + f"<table><tr>{cells}</tr></table></div>")

    pct.observe(update, names="value")
    ecut.observe(update, names="value")
    update()
    box = w.VBox([w.VBox([pct, ecut]), text, image])
    box.add_class("crmcourse-ve-explorer")
    return box


def k_explorer(frame, features, k: int = 4, ks=range(2, 9), profile_columns=None, random_state: int = 0):
    """A slider for the number of k-means clusters: the silhouette of that k and the profile of
    each cluster (size, share and means), from :func:`crmcourse.segmentation.kmeans_segments`.

    ``features`` are the columns clustered on (e.g. log-transformed RFM); ``profile_columns``
    the columns whose means are shown (default: the features).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer.
    features : list of str
        The numeric columns to cluster on.
    k : int, default 4
        The slider's starting value.
    ks : iterable of int, default range(2, 9)
        The slider's range.
    profile_columns : list of str, optional
    random_state : int, default 0

    Returns
    -------
    ipywidgets.VBox
        The slider and the profile table (HTML).

    Raises
    ------
    CourseDataError
        What :func:`crmcourse.segmentation.kmeans_segments` refuses, before the slider exists.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.2, 0.8, 5.0, 5.1, 9.0, 9.3, 8.8], "y": [0.0, 0.1, 0.2, 4.0, 4.1, 0.0, 0.3, 0.1]})
    >>> box = k_explorer(df, ["x", "y"], k=2, ks=range(2, 5))
    >>> before = box.children[1].value
    >>> box.children[0].value = 3
    >>> "k = <b>3</b>" in box.children[1].value and box.children[1].value != before
    True
    """
    import html

    import ipywidgets as w

    from crmcourse.segmentation._common import feature_matrix, one_thread, scaled
    from crmcourse.segmentation.clustering import kmeans_segments, segment_profile

    ks = list(ks)
    cols = list(profile_columns) if profile_columns is not None else list(features)
    kmeans_segments(frame, features, k=min(ks), random_state=random_state)  # validate first
    slider = w.IntSlider(value=int(k), min=min(ks), max=max(ks), step=1, description=_("clusters k"),
                         continuous_update=False, layout=w.Layout(width="420px"))
    out = w.HTML()
    _names, X = feature_matrix(frame, features)
    Xs = scaled(X, True)

    def update(*_args):
        from sklearn.metrics import silhouette_score

        labels = kmeans_segments(frame, features, k=slider.value, random_state=random_state)
        with one_thread():
            sil = silhouette_score(Xs, labels.to_numpy(), sample_size=min(3000, len(Xs)), random_state=random_state)
        prof = segment_profile(frame, labels, cols)
        head = "".join(f"<th>{html.escape(str(c))}</th>"
                       for c in [_("segment"), _("customers"), _("share"), *cols])
        body = "".join(
            "<tr>" + f"<td>{seg}</td><td style='text-align:right'>{int(r['customers']):,}</td>"
            f"<td style='text-align:right'>{r['share']:.0%}</td>"
            + "".join(f"<td style='text-align:right'>{r[c]:,.1f}</td>" for c in cols) + "</tr>"
            for seg, r in prof.iterrows())
        out.value = ("<div class='crmcourse-k'><span class='crmcourse-k-summary'>"
                     + _("k = <b>{k}</b> · silhouette <b>{silhouette:.3f}</b>").format(k=slider.value, silhouette=sil)
                     + f"</span><table><tr>{head}</tr>{body}</table></div>")

    slider.observe(update, names="value")
    update()
    box = w.VBox([slider, out])
    box.add_class("crmcourse-k-explorer")
    return box
