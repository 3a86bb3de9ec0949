"""Charts for module 4 (segmentation): the R × F grid, the value × expectation matrix, choosing k,
segment profiles and campaign results.

Each function takes a :mod:`crmcourse.segmentation` helper's result, draws on ``ax`` (a new
figure when ``ax`` is None) and returns the matplotlib ``Axes``. Chart text and the course's
segment and customer-type names follow the language in use (:func:`crmcourse.set_language`);
column names stay as they are. matplotlib loads when a chart is drawn.
"""
from __future__ import annotations

from crmcourse._charts import new_axes
from crmcourse.i18n import N_, translate as _

__all__ = ["rfm_grid_plot", "value_expectation_plot", "k_choice_plot", "segment_profile_plot", "campaign_plot"]

_TYPE_COLOURS = {N_("intimate"): "#1e8449", N_("safe"): "#2e86c1", N_("dangerous"): "#c0392b",
                 N_("stranger"): "#95a5a6"}
_SEGMENT_COLOURS = {
    N_("champions"): "#1e8449", N_("loyal customers"): "#52be80", N_("potential loyalists"): "#a9dfbf",
    N_("new customers"): "#5dade2", N_("promising"): "#aed6f1", N_("need attention"): "#f7dc6f",
    N_("about to sleep"): "#f0b27a", N_("at risk"): "#e67e22", N_("can't lose them"): "#c0392b",
    N_("hibernating"): "#bfc9ca",
}


def rfm_grid_plot(scores, ax=None, title: str = N_("Customers on the R × F grid")):
    """The 5 × 5 grid of R (rows, 5 at the top) and F (columns) scores, coloured by segment name,
    with the number of customers in each cell.

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`crmcourse.segmentation.rfm_scores`'s result (columns ``R`` and ``F``, 1–5).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when left out.
    title : str
        The chart's title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    KeyError
        ``scores`` has no ``R`` or ``F`` column (the chart draws a helper's result as it is).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = rfm_grid_plot(pd.DataFrame({"R": [5, 5, 1], "F": [5, 5, 1]}))
    >>> ax.get_xlabel(), "2" in [t.get_text().split()[-1] for t in ax.texts]
    ('F score (frequency, 5 = most often)', True)
    """
    import numpy as np
    from matplotlib.colors import to_rgb

    from crmcourse.segmentation.rfm import rfm_segment_grid

    grid = rfm_segment_grid()
    counts = (scores.groupby(["R", "F"]).size() if len(scores) else None)
    ax = new_axes(ax, figsize=(7.5, 5.2))
    image = np.zeros((5, 5, 3))
    for i, r in enumerate(grid.index):
        for j, f in enumerate(grid.columns):
            name = grid.loc[r, f]
            image[i, j] = to_rgb(_SEGMENT_COLOURS[name])
            n = int(counts.get((r, f), 0)) if counts is not None else 0
            dark = 0.299 * image[i, j, 0] + 0.587 * image[i, j, 1] + 0.114 * image[i, j, 2] < 0.5
            ax.text(j, i, f"{_(name)}\n{n}", ha="center", va="center", fontsize=7.5,
                    color="white" if dark else "black")
    ax.imshow(image, aspect="auto")
    ax.set_xticks(range(5), [str(f) for f in grid.columns])
    ax.set_yticks(range(5), [str(r) for r in grid.index])
    ax.set_xlabel(_("F score (frequency, 5 = most often)"))
    ax.set_ylabel(_("R score (recency, 5 = most recent)"))
    ax.set_title(_(title))
    return ax


def value_expectation_plot(customers, value: str, expectation: str, types, ax=None, log_value: bool = False,
                           title: str = N_("Lifetime value × expectation")):
    """Scatter of customers on the value × expectation matrix, coloured by type, with the two cuts.

    Parameters
    ----------
    customers : pandas.DataFrame
        The table the types were computed from.
    value, expectation : str
        Its two columns (x and y axes).
    types : pandas.Series
        :func:`crmcourse.segmentation.value_expectation_matrix`'s result (its ``attrs`` hold the cuts).
    ax : matplotlib.axes.Axes, optional
    log_value : bool, default False
        Draw the value axis on a log scale (for skewed values).
    title : str

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    KeyError
        A column named here is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmcourse.segmentation import value_expectation_matrix
    >>> c = pd.DataFrame({"v": [1.0, 9, 2, 8], "e": [2.0, 8, 9, 1]})
    >>> ax = value_expectation_plot(c, "v", "e", value_expectation_matrix(c, "v", "e"))
    >>> sorted(t.get_text() for t in ax.texts)
    ['dangerous', 'intimate', 'safe', 'stranger']
    """
    ax = new_axes(ax, figsize=(7, 5))
    for name, colour in _TYPE_COLOURS.items():
        part = customers[types.to_numpy() == name]
        ax.scatter(part[value], part[expectation], s=9, alpha=0.55, color=colour,
                   label=_("{name} ({count})").format(name=_(name), count=len(part)))
    vc, ec = types.attrs.get("value_cut"), types.attrs.get("expectation_cut")
    if log_value:
        ax.set_xscale("log")
    if vc is not None:
        ax.axvline(vc, color="black", lw=1, ls="--")
    if ec is not None:
        ax.axhline(ec, color="black", lw=1, ls="--")
    for name, (fx, fy) in {"intimate": (0.97, 0.97), "safe": (0.97, 0.03), "dangerous": (0.03, 0.97),
                           "stranger": (0.03, 0.03)}.items():
        ax.text(fx, fy, _(name), transform=ax.transAxes, ha="right" if fx > 0.5 else "left",
                va="top" if fy > 0.5 else "bottom", fontsize=11, weight="bold", color=_TYPE_COLOURS[name])
    ax.set_xlabel(_("{column} (lifetime value)").format(column=value))
    ax.set_ylabel(_("{column} (expectation)").format(column=expectation))
    ax.set_title(_(title))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=9)
    return ax


def k_choice_plot(diagnostics, ax=None, title: str = N_("Choosing k: elbow and silhouette")):
    """Inertia (left axis, the elbow) and silhouette (right axis, higher is better) against k.

    Parameters
    ----------
    diagnostics : pandas.DataFrame
        :func:`crmcourse.segmentation.k_diagnostics`'s result; the best silhouette is marked.
    ax : matplotlib.axes.Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
        The left (inertia) axes; the silhouette is on its twin.

    Raises
    ------
    KeyError
        No ``inertia`` or ``silhouette`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"inertia": [90.0, 40, 30], "silhouette": [0.4, 0.6, 0.5]}, index=pd.Index([2, 3, 4], name="k"))
    >>> ax = k_choice_plot(d)
    >>> ax.get_ylabel()
    'inertia (within-cluster sum of squares)'
    """
    ax = new_axes(ax, figsize=(7, 4))
    ks = list(diagnostics.index)
    ax.plot(ks, diagnostics["inertia"], "o-", color="#1f4e79", label=_("inertia"))
    ax.set_xlabel(_("number of clusters k"))
    ax.set_ylabel(_("inertia (within-cluster sum of squares)"))
    ax.set_xticks(ks)
    right = ax.twinx()
    right.plot(ks, diagnostics["silhouette"], "s--", color="#b35900", label=_("silhouette"))
    best = diagnostics["silhouette"].idxmax()
    right.scatter([best], [diagnostics["silhouette"].max()], s=160, facecolors="none", edgecolors="#b35900", lw=2)
    right.set_ylabel(_("silhouette (higher is better)"), color="#b35900")
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [ln.get_label() for ln in lines], loc="upper center", frameon=False)
    ax.set_title(_(title))
    ax.grid(alpha=0.3)
    return ax


def segment_profile_plot(profile, features, ax=None, lower_is_better=("recency",),
                         title: str = N_("Segment profiles (green = better than the other segments)")):
    """Heatmap of segment means: colour = how far each segment's mean is from the average of the
    segments (in standard deviations across segments; green = better), text = the mean itself.
    For the features in ``lower_is_better`` (recency: fewer days is better) the colours flip.

    Parameters
    ----------
    profile : pandas.DataFrame
        :func:`crmcourse.segmentation.segment_profile`'s result; rows are labelled with the
        segment and its size.
    features : list of str
        The columns to show.
    ax : matplotlib.axes.Axes, optional
    lower_is_better : tuple of str, default ("recency",)
    title : str

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    KeyError
        A feature or ``customers`` is not a column of ``profile``.

    Examples
    --------
    >>> import pandas as pd
    >>> prof = pd.DataFrame({"customers": [5, 3], "share": [0.6, 0.4], "spend": [100.0, 900.0]},
    ...                     index=pd.Index([1, 2], name="segment"))
    >>> ax = segment_profile_plot(prof, ["spend"])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['1 (5)', '2 (3)']
    """
    ax = new_axes(ax, figsize=(1.6 * len(features) + 3, 0.55 * len(profile) + 1.6))
    values = profile[list(features)].astype(float)
    sd = values.std(ddof=0).replace(0, 1.0)
    z = (values - values.mean()) / sd
    for col in features:
        if col in tuple(lower_is_better):
            z[col] = -z[col]
    ax.imshow(z.to_numpy(), cmap="RdYlGn", vmin=-2, vmax=2, aspect="auto")
    for i in range(len(values)):
        for j, col in enumerate(features):
            v = values.iloc[i, j]
            ax.text(j, i, f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}",
                    ha="center", va="center", fontsize=9)
    ax.set_xticks(range(len(features)), list(features))
    labels = [f"{idx} ({int(n)})" for idx, n in zip(profile.index, profile["customers"])]
    ax.set_yticks(range(len(profile)), labels)
    ax.set_ylabel(_("segment (customers)"))
    ax.set_title(_(title))
    return ax


def campaign_plot(results, ax=None, title: str = N_("Blanket vs targeted campaign")):
    """Bars of the success rate of each campaign, labelled with contacts, acceptances and net margin.

    Parameters
    ----------
    results : pandas.DataFrame
        One row per campaign (index = campaign name) with the fields of
        :func:`crmcourse.segmentation.campaign_simulation`'s result.
    ax : matplotlib.axes.Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    KeyError
        No ``success_rate``, ``acceptances``, ``contacts`` or ``net`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> res = pd.DataFrame({"contacts": [100.0, 100], "acceptances": [8.0, 17], "success_rate": [0.08, 0.17],
    ...                     "net": [-50.0, 900]}, index=["blanket", "targeted"])
    >>> ax = campaign_plot(res)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['blanket', 'targeted']
    """
    ax = new_axes(ax, figsize=(7, 4))
    colours = ["#95a5a6", "#1e8449", "#2e86c1", "#b35900", "#8e44ad"]
    names = [str(i) for i in results.index]
    bars = ax.bar(names, results["success_rate"], color=colours[: len(names)] or None)
    for bar, (_name, row) in zip(bars, results.iterrows()):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(),
                _("{rate:.1%}\n{accepted:,} of {contacts:,}\nnet {net:,.0f} CNY").format(
                    rate=row["success_rate"], accepted=int(row["acceptances"]), contacts=int(row["contacts"]),
                    net=row["net"]), ha="center", va="bottom", fontsize=9)
    ax.set_ylim(0, max(0.05, float(results["success_rate"].max()) * 1.45))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel(_("success rate (acceptances ÷ contacts)"))
    ax.set_title(_(title))
    return ax
