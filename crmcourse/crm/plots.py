"""Charts for the CRM lab (module 5): the sales funnel, ticket resolution times, report tables.

Each takes a helper's output, draws on ``ax`` (a new figure when ``ax`` is None) and returns the
matplotlib ``Axes``; chart text, the funnel's steps and the ticket priorities follow the language
in use (:func:`crmcourse.set_language`), column names and other data labels stay as they are.
matplotlib loads when a chart is drawn. Input that cannot be drawn is refused with a
:class:`~crmcourse.crm.CRMError`.
"""
from __future__ import annotations

from typing import Any

from crmcourse import _validate
from crmcourse._charts import new_axes
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _

from ._common import CRMError, as_crm_error, describe_value, plain

__all__ = ["sales_funnel_chart", "resolution_time_plot", "report_chart", "report_heatmap"]

#: Largest value a chart accepts (beyond it the axis limits overflow).
LARGEST = 1e15
#: The steps of crm.sales_funnel and the ticket priorities, for the catalog: the charts show them translated.
_VOCABULARY = (N_("leads"), N_("converted leads"), N_("opportunities"), N_("quotes"), N_("sales orders"),
               N_("invoices"), N_("paid invoices"), N_("low"), N_("normal"), N_("high"), N_("urgent"))


def _start(ax: Any, title: Any, figsize: tuple[float, float]):
    """The Axes to draw on and the title, both checked."""
    title = plain(title)
    if title is not None and not isinstance(title, str):
        raise CRMError(f"title should be text, got {describe_value(title)}", fix="e.g. title='Tickets by priority'")
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise CRMError(f"ax should be a matplotlib Axes, got {type(ax).__name__}",
                           fix="leave ax out for a new figure, or pass one from plt.subplots()")
    return title, (lambda: new_axes(ax, figsize=figsize))


def _numbers(values, source: str, col: Any = None, *, allow_missing: bool = False):
    try:
        return _validate.numeric_values(values, source=source, col=col, allow_missing=allow_missing,
                                        low=-LARGEST, high=LARGEST)
    except CourseDataError as exc:
        raise as_crm_error(exc) from None


def _report_table(report: Any, total: Any):
    """The report without its total row and column, as finite numbers (missing counts are 0)."""
    import pandas as pd

    total = plain(total)
    if total is not None and (isinstance(total, bool) or not isinstance(total, (str, int))):
        raise CRMError(f"total should be the label of the total row and column, got {describe_value(total)}",
                       fix="e.g. total='Total', or total=None when the report has none")
    try:
        frame = _validate.require_frame(report, source="the report", min_rows=0)
    except CourseDataError as exc:
        raise as_crm_error(exc) from None
    if isinstance(frame.index, pd.MultiIndex):
        raise CRMError("the report's rows have several levels (a MultiIndex)", fix="flatten them first, e.g. "
                       "report.index = [' / '.join(map(str, i)) for i in report.index]")
    table = frame if total is None else frame.drop(index=total, errors="ignore").drop(columns=total, errors="ignore")
    if table.empty:
        raise CRMError("the report has no rows or columns to draw (besides its total)",
                       fix="check the filters of the report")
    import numpy as np

    numbers = np.column_stack([_numbers(table.iloc[:, i], "the report", table.columns[i], allow_missing=True)
                               .to_numpy() for i in range(table.shape[1])])
    return table, np.nan_to_num(numbers, nan=0.0)


def sales_funnel_chart(funnel, ax=None, title: str = N_("The sales flow in 2025: records created at each step")):
    """Horizontal bars of :func:`crmcourse.crm.sales_funnel`: how many records each step created.

    Parameters
    ----------
    funnel : pandas.Series
        Counts indexed by step, first step first.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str
        The chart's title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CRMError
        Not one column of counts, no steps, a count that is not a finite number, or a bad ``ax``/``title``.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = sales_funnel_chart(pd.Series({"leads": 100, "converted leads": 30, "opportunities": 40}))
    >>> ax.get_xlabel()
    'records created'
    """
    import numpy as np

    title, axes = _start(ax, title, (7.5, 3.8))
    try:
        series = _validate.as_series(funnel, "funnel")
    except CourseDataError as exc:
        raise as_crm_error(exc) from None
    if series.empty:
        raise CRMError("the funnel has no steps", fix="pass crm.sales_funnel(db)")
    values = _numbers(series, "the funnel").to_numpy()
    steps = [str(s) for s in series.index]
    ax = axes()
    y = np.arange(len(steps))
    ax.barh(y, values, color="#1f4e79", height=0.6)
    top = max(values.max(), 1)
    for i, v in enumerate(values):
        ax.text(v + top * 0.01, i, f"{v:,.0f}", va="center", fontsize=8)
    ax.set_yticks(y, [_(s) for s in steps])
    ax.invert_yaxis()
    ax.set_xlim(min(values.min() * 1.15, 0), top * 1.15)
    ax.set_xlabel(_("records created"))
    ax.set_title(_(title) or "")
    return ax


def _groups(values, order: Any) -> list:
    import numpy as np
    import pandas as pd

    if order is not None:
        if not isinstance(order, (list, tuple, pd.Series, pd.Index, np.ndarray)) or np.ndim(order) != 1:
            raise CRMError(f"order should list the groups, got {describe_value(order)}",
                           fix="e.g. order=['urgent', 'high', 'normal', 'low']")
        groups = list(order.tolist() if hasattr(order, "tolist") else order)
        try:
            _validate.hashable_ids(_validate.as_series(groups, "order"), source="order")
        except CourseDataError as exc:
            raise as_crm_error(exc) from None
        return groups
    found = list(values.dropna().unique())
    try:
        return sorted(found)
    except TypeError:  # text and numbers mixed: sort by their text
        return sorted(found, key=str)


def resolution_time_plot(tickets, by: str = "priority", order=None, ax=None, hours: str = "hours",
                         title: str | None = None):
    """Box plot of resolution hours per group (log scale), with each group's median written on it.

    Parameters
    ----------
    tickets : pandas.DataFrame
        :func:`crmcourse.crm.ticket_hours`'s result (open tickets, with no hours, are left out).
    by : str, default "priority"
        The column to group by.
    order : list, optional
        The groups, left to right; default their sorted values.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    hours : str, default "hours"
        The column of resolution times.
    title : str, optional
        Default "How long tickets take, by <by>".

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CRMError
        Not a table, a missing column, hours that are not finite numbers of at least 0, groups
        that are not plain values, or a bad ``ax``/``title``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"priority": ["low", "low", "urgent", "urgent"], "hours": [50.0, 80.0, 3.0, 6.0]})
    >>> ax = resolution_time_plot(t, order=["urgent", "low"])
    >>> ax.get_yscale()
    'log'
    """
    import numpy as np

    title, axes = _start(ax, title, (7.5, 4))
    by, hours = plain(by), plain(hours)
    for name, value in (("by", by), ("hours", hours)):
        if not isinstance(value, str):
            raise CRMError(f"{name} should be a column name, got {describe_value(value)}", fix=f"e.g. {name}='{name}'")
    try:
        frame = _validate.require_columns(tickets, [by, hours], source="the tickets")
    except CourseDataError as exc:
        raise as_crm_error(exc) from None
    spent = _numbers(frame[hours], "the tickets", hours, allow_missing=True)
    if (spent < 0).any():
        raise CRMError("some resolution times are negative", field=hours,
                       fix="a ticket closes after it opens: check closed_at and opened_at")
    keys = frame[by]
    try:
        _validate.hashable_ids(keys, source="the tickets", col=by, allow_missing=True)
    except CourseDataError as exc:
        raise as_crm_error(exc) from None
    closed = spent.notna()
    groups = _groups(keys[closed], order)
    data = [spent[closed & (keys == g)].to_numpy(float) for g in groups]
    ax = axes()
    ax.boxplot([d if len(d) else np.array([np.nan]) for d in data], showfliers=True, widths=0.55,
               medianprops={"color": "#b35900", "linewidth": 2}, flierprops={"markersize": 3, "alpha": 0.5})
    ax.set_xticks(range(1, len(groups) + 1), [_(str(g)) for g in groups])
    ax.set_yscale("log")
    for i, d in enumerate(data, start=1):
        if len(d):
            med = float(np.median(d))
            ax.text(i + 0.3, med, _("{hours:.0f} h").format(hours=med), va="center", fontsize=8, color="#b35900")
    for h, label in ((8, N_("one working day")), (72, N_("three days"))):
        ax.axhline(h, color="#999999", linestyle=":", linewidth=1)
        ax.text(0.55, h * 1.08, _(label), fontsize=7, color="#666666")
    ax.set_xlabel(by)
    ax.set_ylabel(_("hours from opened to closed (log scale)"))
    ax.set_title(_(title) or _("How long tickets take, by {column}").format(column=by))
    return ax


def report_chart(report, ax=None, title: str | None = None, total: str = "Total"):
    """Stacked horizontal bars of a report table (e.g. :func:`crmcourse.crm.activity_report`).

    Rows become bars, columns the stacked parts; the ``Total`` row and column are left out and
    missing counts count as 0.

    Parameters
    ----------
    report : pandas.DataFrame
        Counts (or amounts) by row and column.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Default "Report".
    total : str, default "Total"
        The label of the total row and column (None when the report has none).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CRMError
        Not a table, duplicate or multi-level labels, nothing but totals, values that are not
        finite numbers, or a bad ``ax``/``title``/``total``.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"call": [3, 1], "demo": [1, 2]}, index=pd.Index(["Li", "Wu"], name="owner"))
    >>> ax = report_chart(r)
    >>> ax.get_xlabel()
    'activities'
    """
    import matplotlib
    import numpy as np

    title, axes = _start(ax, title, (8, 3.0))
    table, numbers = _report_table(report, total)
    ax = axes() if ax is not None else new_axes(None, figsize=(8, max(3.0, 0.42 * len(table) + 1.5)))
    cmap = matplotlib.colormaps["tab10"]
    left = np.zeros(len(table))
    y = np.arange(len(table))
    for j, col in enumerate(table.columns):
        values = numbers[:, j]
        ax.barh(y, values, left=left, color=cmap(j % 10), label=str(col), height=0.65)
        left += values
    for i, v in enumerate(left):
        ax.text(v + left.max() * 0.01, i, f"{v:,.0f}", va="center", fontsize=8)
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.invert_yaxis()
    ax.set_xlim(min(left.min() * 1.12, 0), max(left.max(), 1) * 1.12)
    name = table.columns.name
    ax.set_xlabel(_("activities") if name is None or (isinstance(name, str) and name in ("type", "kind", "status"))
                  else _("count"))
    ax.set_ylabel(str(table.index.name or ""))
    ax.legend(title=None if table.columns.name is None else str(table.columns.name), loc="upper center",
              bbox_to_anchor=(0.5, -0.14), ncol=min(5, len(table.columns)), frameon=False, fontsize=8)
    ax.set_title(_(title) or _("Report"))
    return ax


def report_heatmap(report, ax=None, title: str | None = None, total: str = "Total", cmap: str = "Blues"):
    """A report table as a heatmap with the count written in every cell (``Total`` left out).

    Parameters
    ----------
    report : pandas.DataFrame
        Counts by row and column.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Default "Report".
    total : str, default "Total"
        The label of the total row and column (None when the report has none).
    cmap : str, default "Blues"
        A matplotlib colour map.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CRMError
        Not a table, duplicate or multi-level labels, nothing but totals, values that are not
        finite numbers, an unknown colour map, or a bad ``ax``/``title``.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = report_heatmap(pd.DataFrame({"2025-01": [3, 0], "2025-02": [1, 2]}, index=["Li", "Wu"]))
    >>> len(ax.texts)
    4
    """
    import matplotlib
    import matplotlib.colors
    import numpy as np

    title, axes = _start(ax, title, (6.0, 3.0))
    cmap = plain(cmap)
    if not isinstance(cmap, matplotlib.colors.Colormap) and (not isinstance(cmap, str) or cmap not in matplotlib.colormaps):
        shown = cmap[:30] if isinstance(cmap, str) else describe_value(cmap)
        raise CRMError(f"unknown colour map {shown!r}", fix="e.g. cmap='Blues' or 'Greens'")
    table, numbers = _report_table(report, total)
    size = (max(6.0, 0.55 * len(table.columns) + 2.5), max(3.0, 0.4 * len(table) + 1.2))
    ax = axes() if ax is not None else new_axes(None, figsize=size)
    values = numbers
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    high = np.nanmax(values) if values.size else 0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7,
                    color="white" if high and v > 0.6 * high else "black")
    ax.set_xticks(range(len(table.columns)), [str(c) for c in table.columns], rotation=45, ha="right")
    ax.set_yticks(range(len(table.index)), [str(i) for i in table.index])
    ax.set_xlabel(str(table.columns.name or ""))
    ax.set_ylabel(str(table.index.name or ""))
    ax.figure.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
    ax.set_title(_(title) or _("Report"))
    return ax
