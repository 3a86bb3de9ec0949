"""Drawing plumbing shared by every topic's ``plots`` and ``widgets`` modules.

Nothing here knows a course topic: :func:`new_axes` gives a chart its Axes, :func:`chart_png`
renders a chart for an ipywidgets ``Image``. matplotlib loads only when a chart is drawn.
"""
from __future__ import annotations

__all__ = ["new_axes", "chart_png"]


def new_axes(ax=None, figsize=(7, 4)):
    """Return ``ax``, or a fresh Axes on a new pyplot figure of ``figsize``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        An Axes to draw on.
    figsize : tuple of float, default (7, 4)
        Size of the new figure in inches.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = new_axes()
    >>> ax.figure.get_size_inches().tolist()
    [7.0, 4.0]
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def chart_png(draw, figsize=(6.4, 4.2), dpi=80, whole_figure=False) -> bytes:
    """Render a chart to PNG bytes for an ``Image`` widget, without pyplot.

    ``draw`` gets an Axes (or the Figure when ``whole_figure``). Drawing on a bare ``Figure``
    keeps stray figures out of the notebook's output and behaves the same in doctests,
    JupyterLab and a static export.

    Parameters
    ----------
    draw : callable
        Called with the Axes (or Figure) to draw on.
    figsize : tuple of float, default (6.4, 4.2)
    dpi : int, default 80
    whole_figure : bool, default False
        Pass the Figure instead of one Axes.

    Returns
    -------
    bytes
        The PNG file.

    Examples
    --------
    >>> png = chart_png(lambda ax: ax.plot([0, 1], [0, 1]))
    >>> png[:4] == b"\\x89PNG"
    True
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    draw(fig if whole_figure else fig.add_subplot())
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
