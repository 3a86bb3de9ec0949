"""Charts for module 6 (relationship marketing): Kotler's relationship grid and the programme's economics.

Each takes a :mod:`crmcourse.loyalty` helper's output, draws on ``ax`` (a new figure when ``ax``
is None) and returns the matplotlib ``Axes``; chart text and the relationship levels follow the
language in use (:func:`crmcourse.set_language`).
"""
from __future__ import annotations

import numpy as np

from crmcourse._charts import new_axes
from crmcourse._validate import require_columns, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.loyalty.frameworks import KOTLER_GRID

__all__ = ["relationship_grid_plot", "programme_economics_plot"]

_LEVEL_COLOURS = {N_("basic"): "#d9d9d9", N_("basic or reactive"): "#d9d9d9", N_("reactive"): "#c6dbef",
                  N_("accountable"): "#9ecae1", N_("proactive"): "#4292c6", N_("partnership"): "#08519c"}
#: The bands of Kotler's grid (rows: customers, columns: margin), for the catalog.
_BANDS = (N_("many"), N_("medium"), N_("few"), N_("high"), N_("low"))


def relationship_grid_plot(segments=None, ax=None, label: str | None = None,
                           title: str = N_("Which relationship level pays (after Kotler)")):
    """Kotler's 3 × 3 grid: number of customers (rows) × margin per customer (columns), each cell
    naming the relationship level that pays; segments are written into their cells.

    Parameters
    ----------
    segments : pandas.DataFrame, optional
        :func:`crmcourse.loyalty.level_for_segments`'s result (``customers_band`` and
        ``margin_band``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    label : str, optional
        Column that names each segment (default: the index).
    title : str
        Chart title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``segments`` lacks the band columns or has bands outside the grid.

    Examples
    --------
    >>> ax = relationship_grid_plot()
    >>> sorted({t.get_text() for t in ax.texts})[:2]
    ['accountable', 'basic or reactive']
    """
    from matplotlib.patches import Rectangle

    rows, cols = list(KOTLER_GRID.index), list(KOTLER_GRID.columns)[::-1]  # margin low → high
    placed: dict[tuple[int, int], list[str]] = {}
    if segments is not None:
        require_columns(segments, ["customers_band", "margin_band"] + ([label] if label else []),
                        source="segments", fix="pass the table returned by level_for_segments(...)")
        unknown = ~(segments["customers_band"].isin(rows) & segments["margin_band"].isin(cols))
        if unknown.any():
            raise CourseDataError("bands outside Kotler's grid", file="segments",
                                  rows=rows_where(segments.index, unknown.to_numpy()),
                                  fix="customers_band is many, medium or few; margin_band high, medium or low")
        names = segments[label] if label else segments.index
        for name, c, m in zip(names, segments["customers_band"], segments["margin_band"]):
            placed.setdefault((rows.index(c), cols.index(m)), []).append(str(name))
    ax = new_axes(ax, figsize=(6.8, 4.6))
    for i, r in enumerate(rows):
        for j, m in enumerate(cols):
            level = KOTLER_GRID.loc[r, m]
            colour = _LEVEL_COLOURS[level]
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=colour, edgecolor="white", linewidth=2))
            dark = level in ("proactive", "partnership")
            ax.text(j + 0.5, i + 0.38, _(level), ha="center", va="center", fontsize=10, fontweight="bold",
                    color="white" if dark else "black")
            if (i, j) in placed:
                ax.text(j + 0.5, i + 0.7, "\n".join(placed[(i, j)]), ha="center", va="center", fontsize=8,
                        color="white" if dark else "#b35900", style="italic")
    ax.set_xlim(0, 3)
    ax.set_ylim(3, 0)
    ax.set_xticks([0.5, 1.5, 2.5], [_(c) for c in cols])
    ax.set_yticks([0.5, 1.5, 2.5], [_(r) for r in rows])
    ax.set_xlabel(_("margin per customer"))
    ax.set_ylabel(_("number of customers"))
    ax.set_title(_(title))
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    return ax


def programme_economics_plot(table, ax=None, title: str = N_("Member programme: value gained per member")):
    """Bars of :func:`crmcourse.loyalty.programme_economics`'s ``gain`` per member, by band:
    green where enrolling pays, red where it does not; the band's total gain written beside.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`crmcourse.loyalty.programme_economics`'s result (``gain`` and ``total_gain``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    title : str
        Chart title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``table`` lacks the ``gain`` or ``total_gain`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmcourse.loyalty import programme_economics
    >>> t = programme_economics(pd.DataFrame({"customers": [100, 10], "spend": [200.0, 6000.0],
    ...                                        "retention": [0.4, 0.85]}, index=["ordinary", "gold"]))
    >>> ax = programme_economics_plot(t)
    >>> ax.get_ylabel()
    'gain per member (CNY, lifetime)'
    """
    require_columns(table, ["gain", "total_gain"], source="programme table",
                    fix="pass the table returned by programme_economics(...)")
    ax = new_axes(ax, figsize=(7, 4))
    gain = table["gain"].to_numpy(float)
    x = np.arange(len(table))
    ax.bar(x, gain, color=np.where(gain > 0, "#1e8449", "#c0392b"), width=0.6)
    ax.axhline(0, color="black", linewidth=0.8)
    span = max(np.abs(gain).max(), 1)
    for i, (g, total) in enumerate(zip(gain, table["total_gain"].to_numpy(float))):
        ax.text(i, g + (0.04 if g >= 0 else -0.04) * span,
                _("{gain:,.0f} per member\n{total:,.0f} in all").format(gain=g, total=total),
                ha="center", va="bottom" if g >= 0 else "top", fontsize=8)
    ax.set_xticks(x, [str(i) for i in table.index])
    ax.set_ylim(min(gain.min(), 0) - 0.35 * span, max(gain.max(), 0) + 0.35 * span)
    ax.set_xlabel(_(str(table.index.name or N_("band"))))
    ax.set_ylabel(_("gain per member (CNY, lifetime)"))
    ax.set_title(_(title))
    return ax
