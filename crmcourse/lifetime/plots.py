"""Charts for the lifetime-value models: the BG/NBD tracking chart.

The function draws on ``ax`` (a new figure when ``ax`` is None) and returns the matplotlib
``Axes``. matplotlib loads when a chart is drawn. Its text follows the language in use
(:func:`crmcourse.set_language`).
"""
from __future__ import annotations

from crmcourse._charts import new_axes
from crmcourse.i18n import N_, translate as _

__all__ = ["tracking_plot"]


def tracking_plot(actual, expected, ax=None, calibration_end=None,
                  title: str = N_("Cumulative repeat purchases: actual and model")):
    """Cumulative repeat purchases per period, actual (solid) against the model (dashed).

    Parameters
    ----------
    actual, expected : pandas.Series
        Cumulative repeat purchases indexed by period (e.g. week 1..78).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when left out.
    calibration_end : float, optional
        Where a vertical line marks the end of the calibration period.
    title : str

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    AttributeError
        ``actual`` or ``expected`` is not a Series (the chart draws a helper's result as it is).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = tracking_plot(pd.Series([1.0, 3, 6]), pd.Series([1.2, 3.1, 5.5]), calibration_end=2)
    >>> [ln.get_label() for ln in ax.get_lines()][:2]
    ['actual', 'BG/NBD model']
    """
    ax = new_axes(ax, figsize=(7.5, 4.2))
    ax.plot(actual.index, actual.to_numpy(), color="#1f4e79", lw=2, label=_("actual"))
    ax.plot(expected.index, expected.to_numpy(), color="#b35900", lw=2, ls="--", label=_("BG/NBD model"))
    if calibration_end is not None:
        ax.axvline(calibration_end, color="#555555", lw=1, ls=":")
        ax.text(calibration_end, ax.get_ylim()[1] * 0.02, _("  end of calibration"), fontsize=9, color="#555555")
    ax.set_xlabel(_("week"))
    ax.set_ylabel(_("cumulative repeat purchases"))
    ax.set_title(_(title))
    ax.legend(loc="upper left", frameon=False)
    ax.grid(alpha=0.3)
    return ax
