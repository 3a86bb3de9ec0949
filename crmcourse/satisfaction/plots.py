"""Charts for module 1 (satisfaction): zones, the promise trade-off, Kano, SERVQUAL, NPS, IPA.

Every function takes a helper's result (or a survey column), draws on ``ax`` (a new figure when
``ax`` is None) and returns the matplotlib ``Axes``. Titles, axis labels, legends and the
course's fixed names (zones, Kano categories, SERVQUAL dimensions, NPS groups) follow the
language in use (:func:`crmcourse.set_language`); data labels stay as they are.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse._charts import new_axes
from crmcourse._validate import as_series, require_columns
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.satisfaction._common import numeric_values
from crmcourse.satisfaction.kano import KANO_CATEGORIES, KANO_NAMES
from crmcourse.satisfaction.nps import NPS_GROUPS, nps, nps_groups, nps_scores
from crmcourse.satisfaction.ratio import ZONES, satisfaction_zone
from crmcourse.satisfaction.servqual import SERVQUAL_DIMENSIONS

__all__ = [
    "satisfaction_zones_plot",
    "promise_tradeoff_plot",
    "kano_plot",
    "servqual_gap_plot",
    "nps_plot",
    "importance_performance_plot",
]

_ZONE_COLOURS = {N_("dissatisfied"): "#c0392b", N_("satisfied"): "#95a5a6", N_("highly satisfied"): "#1e8449"}
_KANO_COLOURS = {"A": "#1e8449", "O": "#2e86c1", "M": "#c0392b", "I": "#7f8c8d", "R": "#8e44ad",
                 "Q": "#222222"}
_NPS_COLOURS = {"detractor": "#c0392b", "passive": "#bdc3c7", "promoter": "#1e8449"}
_NPS_SHARES = {"detractor": N_("detractors: {share:.0%}"), "passive": N_("passives: {share:.0%}"),
               "promoter": N_("promoters: {share:.0%}")}
#: The Kano category names (crmcourse.satisfaction.KANO_NAMES) and SERVQUAL dimensions, for the catalog.
_NAMES = (N_("attractive"), N_("one-dimensional"), N_("must-be"), N_("indifferent"), N_("reverse"),
          N_("questionable"), N_("tangibles"), N_("reliability"), N_("responsiveness"), N_("assurance"),
          N_("empathy"))


def _spread_labels(points, dx=0.16, dy=0.035):
    """Nudge label positions down so that labels of nearby points do not overlap (greedy)."""
    placed = []
    for x, y in points:
        ly = y
        for _ in range(12):
            if all(abs(x - px) >= dx or abs(ly - py) >= dy for px, py in placed):
                break
            ly -= dy
        placed.append((x, ly))
    return placed


def satisfaction_zones_plot(ratio, tolerance: float = 0.05, ax=None, bins: int = 30, title: str | None = None):
    """Histogram of satisfaction ratios c = b / a with the three zones shaded.

    The legend counts each zone.

    Parameters
    ----------
    ratio : pandas.Series or list
        Satisfaction ratios, e.g. from :func:`crmcourse.satisfaction.satisfaction_ratio`.
    tolerance : float, default 0.05
        Half the width of the "satisfied" band, as for :func:`~crmcourse.satisfaction.satisfaction_zone`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    bins : int, default 30
        Histogram bins.
    title : str, optional
        Chart title (a default names the tolerance).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        No ratios, or ratios / tolerance that :func:`~crmcourse.satisfaction.satisfaction_zone` refuses.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = satisfaction_zones_plot(pd.Series([0.8, 0.97, 1.0, 1.2]))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['dissatisfied: 1 (25%)', 'satisfied: 2 (50%)', 'highly satisfied: 1 (25%)']
    """
    from matplotlib.patches import Patch

    if not isinstance(ratio, pd.Series):
        ratio = as_series(ratio, "ratio")
    zones = satisfaction_zone(ratio, tolerance)  # validates: numbers, no gaps, tolerance in [0, 1)
    if len(ratio) == 0:
        raise CourseDataError("there are no ratios to plot", fix="pass at least one ratio")
    ratio = numeric_values(ratio, source=None, col="ratio")  # already checked: text such as "0.9" read
    ax = new_axes(ax)
    lo, hi = 1 - tolerance, 1 + tolerance
    xmin = min(float(ratio.min()), lo) - 0.05
    xmax = max(float(ratio.max()), hi) + 0.05
    ax.axvspan(xmin, lo, color=_ZONE_COLOURS["dissatisfied"], alpha=0.12, lw=0)
    ax.axvspan(lo, hi, color=_ZONE_COLOURS["satisfied"], alpha=0.25, lw=0)
    ax.axvspan(hi, xmax, color=_ZONE_COLOURS["highly satisfied"], alpha=0.12, lw=0)
    ax.hist(ratio.astype(float), bins=bins, range=(xmin, xmax), color="#34495e", edgecolor="white")
    ax.axvline(1.0, color="black", lw=1, ls="--")
    counts = zones.value_counts().reindex(list(ZONES), fill_value=0)
    handles = [Patch(color=_ZONE_COLOURS[z], alpha=0.5,
                     label=_("{zone}: {count} ({share:.0%})").format(zone=_(z), count=int(counts[z]),
                                                                     share=counts[z] / len(ratio)))
               for z in ZONES]
    ax.legend(handles=handles, loc="upper left", fontsize=9, frameon=True)
    ax.set_xlim(xmin, xmax)
    ax.set_xlabel(_("satisfaction ratio c = b / a (perceived ÷ expected)"))
    ax.set_ylabel(_("customers"))
    ax.set_title(_(title) or _("Satisfaction ratio and its three zones (tolerance ±{tolerance:.0%})").format(
        tolerance=tolerance))
    return ax


def promise_tradeoff_plot(frame, ax=None, promise: float | None = None):
    """Buyers and satisfied buyers against the promise level (a table from ``promise_tradeoff``).

    Marks the promise with the most satisfied buyers, and ``promise`` (e.g. a slider's value)
    when given.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table of :func:`~crmcourse.satisfaction.promise_tradeoff` for several promises.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    promise : float, optional
        A promise level to mark with a dashed line.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``frame`` is not a table with ``promise``, ``buyers`` and ``satisfied_buyers``.

    Examples
    --------
    >>> import numpy as np
    >>> from crmcourse.satisfaction import promise_tradeoff
    >>> ax = promise_tradeoff_plot(promise_tradeoff(np.arange(1, 10.01, 0.5)), promise=8)
    >>> ax.get_xlabel()
    'promise level p (= the expectation a buyer forms, 0–10)'
    """
    require_columns(frame, ["promise", "buyers", "satisfied_buyers"], source="promise table",
                    fix="pass the table returned by promise_tradeoff([...])")
    ax = new_axes(ax)
    p = frame["promise"].to_numpy(dtype=float)
    ax.plot(p, frame["buyers"], color="#2e86c1", lw=2, label=_("buyers (attracted by the promise)"))
    ax.plot(p, frame["satisfied_buyers"], color="#1e8449", lw=2.5, label=_("satisfied buyers (c ≥ 1 − tolerance)"))
    ax.fill_between(p, frame["satisfied_buyers"], frame["buyers"], color="#c0392b", alpha=0.12,
                    label=_("disappointed buyers"))
    best = frame.loc[frame["satisfied_buyers"].idxmax()]
    ax.scatter([best["promise"]], [best["satisfied_buyers"]], color="#1e8449", zorder=3, s=40)
    ax.annotate(_("most satisfied buyers\nat p ≈ {promise:.1f}").format(promise=best["promise"]),
                (best["promise"], best["satisfied_buyers"]),
                xytext=(0, 14), textcoords="offset points", ha="center", fontsize=9)
    if promise is not None:
        ax.axvline(float(promise), color="black", ls="--", lw=1,
                   label=_("your promise p = {promise:.1f}").format(promise=float(promise)))
    ax.set_xlabel(_("promise level p (= the expectation a buyer forms, 0–10)"))
    ax.set_ylabel(_("customers"))
    ax.set_title(_("The promise trade-off: more buyers, fewer of them satisfied"))
    ax.set_ylim(0, float(frame["buyers"].max()) * 1.15)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def kano_plot(table, ax=None, label: str = "feature", group: str | None = None, annotate: bool = True,
              threshold: float = 0.5, title: str | None = None):
    """The Kano plot: Better (y) against |Worse| (x) for each feature, in four quadrants.

    Points are coloured by category, or by ``group`` when given. The quadrant lines sit at
    ``threshold``: top left attractive, top right one-dimensional, bottom right must-be, bottom
    left indifferent. Labels of nearby points are nudged apart.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`crmcourse.satisfaction.kano_classify` (columns ``better``,
        ``worse``, ``category`` and ``label``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    label : str, default "feature"
        Column that names each point.
    group : str, optional
        Column to colour by (e.g. ``"customer_group"``).
    annotate : bool, default True
        Write the labels next to the points.
    threshold : float, default 0.5
        Where the quadrant lines sit.
    title : str, optional
        Chart title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``table`` is not a table with the needed columns.

    Examples
    --------
    >>> from crmcourse import data
    >>> from crmcourse.satisfaction import kano_classify
    >>> ax = kano_plot(kano_classify(data.load("qingmei_kano")))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('|Worse|: how much satisfaction falls without the feature', 'Better: how much satisfaction rises with the feature')
    """
    from matplotlib.lines import Line2D

    need = ["better", "worse", "category", label] + ([group] if group else [])
    require_columns(table, need, source="Kano table", fix="pass the table returned by kano_classify(...)")
    ax = new_axes(ax, figsize=(8, 6))
    rows = table.dropna(subset=["better", "worse"])
    x = -rows["worse"].astype(float).to_numpy()
    y = rows["better"].astype(float).to_numpy()
    if group:
        groups = list(dict.fromkeys(rows[group].astype(str)))
        palette = ["#2e86c1", "#e67e22", "#1e8449", "#8e44ad", "#c0392b", "#7f8c8d"]
        colours = {g: palette[i % len(palette)] for i, g in enumerate(groups)}
        point_colours = [colours[g] for g in rows[group].astype(str)]
        handles = [Line2D([], [], marker="o", ls="", color=colours[g], label=g) for g in groups]
    else:
        point_colours = [_KANO_COLOURS.get(c, "#222222") for c in rows["category"]]
        present = [c for c in KANO_CATEGORIES if c in set(rows["category"])]
        handles = [Line2D([], [], marker="o", ls="", color=_KANO_COLOURS[c], label=f"{c} {_(KANO_NAMES[c])}")
                   for c in present]
    ax.scatter(x, y, c=point_colours, s=55, zorder=3, edgecolor="white", linewidth=0.8)
    ax.axhline(threshold, color="#555555", lw=1)
    ax.axvline(threshold, color="#555555", lw=1)
    corner = dict(fontsize=10, color="#555555", alpha=0.9, fontweight="bold")
    ax.text(0.02, 0.98, _("attractive (A)"), ha="left", va="top", **corner)
    ax.text(0.98, 0.98, _("one-dimensional (O)"), ha="right", va="top", **corner)
    ax.text(0.98, 0.02, _("must-be (M)"), ha="right", va="bottom", **corner)
    ax.text(0.02, 0.02, _("indifferent (I)"), ha="left", va="bottom", **corner)
    if annotate:
        order = sorted(range(len(x)), key=lambda i: -y[i])
        spots = _spread_labels([(x[i], y[i]) for i in order])
        for (lx, ly), i in zip(spots, order):
            text = str(rows[label].iloc[i])
            right = x[i] > 0.72
            ax.annotate(text, (x[i], y[i]), xytext=(lx + (-0.015 if right else 0.015), ly),
                        textcoords="data", fontsize=8, va="center", ha="right" if right else "left",
                        arrowprops=dict(arrowstyle="-", color="#999999", lw=0.5) if abs(ly - y[i]) > 1e-9 else None)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(_("|Worse|: how much satisfaction falls without the feature"))
    ax.set_ylabel(_("Better: how much satisfaction rises with the feature"))
    ax.set_title(_(title) or _("Kano plot (Better–Worse coefficients)"))
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    return ax


def servqual_gap_plot(gaps, ax=None, title: str | None = None):
    """Horizontal bars of the SERVQUAL gap (P − E) per dimension, with the overall gap(s) as lines.

    Parameters
    ----------
    gaps : pandas.DataFrame
        The table of :func:`crmcourse.satisfaction.servqual_gaps`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Chart title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``gaps`` has no ``gap`` column or no SERVQUAL dimension rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmcourse.satisfaction import servqual_gaps
    >>> survey = pd.DataFrame({"dimension": ["tangibles", "reliability"], "expectation": [5, 7],
    ...                        "perception": [6, 5]})
    >>> ax = servqual_gap_plot(servqual_gaps(survey))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['tangibles', 'reliability']
    """
    require_columns(gaps, ["gap"], source="SERVQUAL table", fix="pass the table returned by servqual_gaps(...)")
    dims = [d for d in SERVQUAL_DIMENSIONS if d in gaps.index]
    if not dims:
        raise CourseDataError("the table has no SERVQUAL dimension rows", fix="pass the table returned by servqual_gaps(...)")
    ax = new_axes(ax)
    values = gaps.loc[dims, "gap"].astype(float)
    pos = list(range(len(dims)))[::-1]
    colours = ["#c0392b" if v < 0 else "#1e8449" for v in values]
    ax.barh(pos, values, color=colours, height=0.6)
    for yy, v in zip(pos, values):
        ax.text(v + (0.03 if v >= 0 else -0.03), yy, f"{v:+.2f}", va="center", ha="left" if v >= 0 else "right",
                fontsize=9)
    ax.set_yticks(pos, [_(d) for d in dims])
    ax.axvline(0, color="black", lw=1)
    styles = {N_("overall"): ("--", "#34495e"), N_("weighted overall"): (":", "#8e44ad")}
    for row, (ls, colour) in styles.items():
        if row in gaps.index:
            v = float(gaps.loc[row, "gap"])
            ax.axvline(v, ls=ls, color=colour, lw=1.5, label=_("{name}: {value:+.2f}").format(name=_(row), value=v))
    lim = max(abs(values).max(), 0.5) * 1.3
    ax.set_xlim(-lim, lim)
    ax.set_xlabel(_("gap = perception − expectation (negative: falls short)"))
    ax.set_title(_(title) or _("SERVQUAL gaps by dimension"))
    if any(r in gaps.index for r in styles):
        ax.legend(loc="lower right", fontsize=8)
    return ax


def nps_plot(scores, ax=None, title: str | None = None):
    """Bars of the 0–10 recommendation answers, coloured detractor / passive / promoter, NPS in the title.

    Parameters
    ----------
    scores : list or pandas.Series
        Whole numbers from 0 to 10.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Chart title (default: the score).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        Scores that :func:`~crmcourse.satisfaction.nps_scores` refuses.

    Examples
    --------
    >>> ax = nps_plot([10, 9, 8, 3, 6, 9])
    >>> ax.get_title()
    'Net Promoter Score = +16.7'
    """
    from matplotlib.patches import Patch

    numbers = nps_scores(scores).astype(int)  # validates the scores
    value = nps(numbers)
    groups = nps_groups(numbers)
    counts = np.bincount(numbers.to_numpy(), minlength=11)
    ax = new_axes(ax)
    colours = [_NPS_COLOURS["detractor"]] * 7 + [_NPS_COLOURS["passive"]] * 2 + [_NPS_COLOURS["promoter"]] * 2
    ax.bar(range(11), counts, color=colours, edgecolor="white")
    share = groups.value_counts(normalize=True).reindex(list(NPS_GROUPS), fill_value=0)
    handles = [Patch(color=_NPS_COLOURS[g], label=_(_NPS_SHARES[g]).format(share=share[g])) for g in NPS_GROUPS]
    ax.legend(handles=handles, loc="upper left", fontsize=9)
    ax.set_xticks(range(11))
    ax.set_xlabel(_("How likely are you to recommend us? (0 = not at all, 10 = extremely)"))
    ax.set_ylabel(_("respondents"))
    ax.set_title(_(title) or _("Net Promoter Score = {value:+.1f}").format(value=value))
    return ax


def importance_performance_plot(table, importance: str = "importance", performance: str = "performance",
                                label: str | None = None, ax=None, title: str | None = None):
    """Importance–performance grid (Martilla & James 1977), split at the mean of each axis.

    One point per attribute (a row of ``table``): x = performance, y = importance. The four
    quadrants: *concentrate here* (important, performing badly), *keep up the good work*,
    *low priority* and *possible overkill* (unimportant but performing well). Points are
    labelled with the ``label`` column (or the index).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per attribute.
    importance, performance : str
        Column names (numbers).
    label : str, optional
        Column that names each point (default: the index).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Chart title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``table`` is not a table with the named columns.

    Examples
    --------
    >>> import pandas as pd
    >>> grid = pd.DataFrame({"importance": [32, 11], "performance": [5.1, 5.7]}, index=["reliability", "tangibles"])
    >>> ax = importance_performance_plot(grid)
    >>> ax.get_ylabel()
    'importance'
    """
    need = [importance, performance] + ([label] if label else [])
    require_columns(table, need, source="importance–performance table")
    ax = new_axes(ax)
    x = table[performance].astype(float)
    y = table[importance].astype(float)
    names = table[label].astype(str) if label else table.index.astype(str)
    ax.scatter(x, y, color="#2e86c1", s=60, zorder=3)
    for xi, yi, name in zip(x, y, names):
        ax.annotate(name, (xi, yi), xytext=(6, 4), textcoords="offset points", fontsize=9)
    mx, my = float(x.mean()), float(y.mean())
    ax.axvline(mx, color="#555555", lw=1, ls="--")
    ax.axhline(my, color="#555555", lw=1, ls="--")
    padx = max((x.max() - x.min()) * 0.25, 0.1)
    pady = max((y.max() - y.min()) * 0.25, 0.1)
    ax.set_xlim(x.min() - padx, x.max() + padx)
    ax.set_ylim(y.min() - pady, y.max() + pady)
    corner = dict(fontsize=9, color="#555555", fontweight="bold")
    ax.text(0.02, 0.98, _("concentrate here"), transform=ax.transAxes, ha="left", va="top", color="#c0392b",
            fontsize=9, fontweight="bold")
    ax.text(0.98, 0.98, _("keep up the good work"), transform=ax.transAxes, ha="right", va="top", **corner)
    ax.text(0.02, 0.02, _("low priority"), transform=ax.transAxes, ha="left", va="bottom", **corner)
    ax.text(0.98, 0.02, _("possible overkill"), transform=ax.transAxes, ha="right", va="bottom", **corner)
    ax.set_xlabel(performance)
    ax.set_ylabel(importance)
    ax.set_title(_(title) or _("Importance–performance grid"))
    return ax
