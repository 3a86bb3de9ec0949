"""Charts for module 2 (key accounts): the 80/20 curve, the portfolio, the pipeline, the buying centre.

Each takes the output of a :mod:`crmcourse.accounts` helper (or a shipped table), draws on
``ax`` (a new figure when ``ax`` is None) and returns the matplotlib ``Axes``. Chart text, the
SuiteCRM stage names and the buying roles follow the language in use (:func:`crmcourse.set_language`).
"""
from __future__ import annotations

import numpy as np

from crmcourse._charts import new_axes
from crmcourse._validate import require_columns
from crmcourse.i18n import N_, translate as _

__all__ = ["pareto_chart", "portfolio_matrix", "pipeline_funnel", "influence_attitude_map"]

#: SuiteCRM's sales stages (crmcourse.accounts.SALES_STAGES), for the catalog: chart ticks show them translated.
STAGE_NAMES = (N_("Prospecting"), N_("Qualification"), N_("Needs Analysis"), N_("Value Proposition"),
               N_("Id. Decision Makers"), N_("Perception Analysis"), N_("Proposal/Price Quote"),
               N_("Negotiation/Review"), N_("Closed Won"), N_("Closed Lost"))


def pareto_chart(table, ax=None, line: float = 0.8, title: str = N_("The 80/20 curve of account revenue")):
    """The cumulative share of value against the share of accounts, with the 80% line.

    A dashed line marks ``line`` (80%) of the value, and a dotted vertical line the share of
    accounts needed to reach it.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`crmcourse.accounts.pareto_table`'s result.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    line : float, default 0.8
        The share of value to mark.
    title : str
        Chart title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``table`` lacks the cumulative-share columns.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmcourse.accounts import pareto_table
    >>> ax = pareto_chart(pareto_table(pd.Series([50.0, 30.0, 15.0, 5.0])))
    >>> ax.get_ylabel()
    'cumulative share of revenue'
    """
    require_columns(table, ["cum_account_share", "cum_value_share"], source="Pareto table",
                    fix="pass the table returned by pareto_table(...)")
    ax = new_axes(ax, figsize=(7, 4.2))
    x = np.concatenate(([0.0], table["cum_account_share"].to_numpy()))
    y = np.concatenate(([0.0], table["cum_value_share"].to_numpy()))
    ax.plot(x, y, color="#1f4e79", linewidth=2, label=_("accounts, largest first"))
    ax.plot([0, 1], [0, 1], color="#999999", linewidth=1, linestyle=":", label=_("all accounts equal"))
    reach = int(np.searchsorted(y, line - 1e-9))  # first point on or above the line
    x_line = float(x[min(reach, len(x) - 1)])
    ax.axhline(line, color="#b35900", linestyle="--", linewidth=1.2)
    ax.axvline(x_line, color="#b35900", linestyle=":", linewidth=1.2)
    ax.annotate(_("{accounts:.0%} of the accounts bring {revenue:.0%} of the revenue").format(accounts=x_line,
                                                                                             revenue=line),
                xy=(x_line, line), xytext=(x_line + 0.06, line - 0.2),
                arrowprops={"arrowstyle": "->", "color": "#b35900"}, color="#b35900")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(_("share of accounts (ranked by revenue)"))
    ax.set_ylabel(_("cumulative share of revenue"))
    ax.set_title(_(title))
    ax.legend(loc="lower right", frameon=False)
    ax.grid(alpha=0.3)
    return ax


def portfolio_matrix(accounts, ax=None, x: str = "our_strength", y: str = "attractiveness",
                     size: str | None = "annual_revenue", cut: float = 5.5, highlight=None,
                     title: str = N_("Account attractiveness × our strength")):
    """Scatter of accounts on the attractiveness × strength matrix, with its four quadrants.

    Point area follows ``size`` (e.g. revenue).

    Parameters
    ----------
    accounts : pandas.DataFrame
        One row per account with the ``x`` and ``y`` scores (1–10) and the ``size`` column.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    x, y : str
        Columns of our strength and of the account's attractiveness.
    size : str or None, default "annual_revenue"
        Column the point area follows (None: equal points).
    cut : float, default 5.5
        Where the quadrant lines sit.
    highlight : pandas.Series of bool, optional
        Accounts to draw in a strong colour (same rows), e.g. class A or the opinion leaders.
    title : str
        Chart title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``accounts`` lacks one of the named columns.

    Examples
    --------
    >>> import pandas as pd
    >>> acc = pd.DataFrame({"our_strength": [2, 8], "attractiveness": [9, 3], "annual_revenue": [1e5, 2e6]})
    >>> ax = portfolio_matrix(acc)
    >>> [t.get_text() for t in ax.texts][:2]
    ['invest', 'develop']
    """
    require_columns(accounts, [x, y] + ([size] if size is not None else []), source="accounts")
    ax = new_axes(ax, figsize=(7, 5.5))
    xs, ys = accounts[x].to_numpy(float), accounts[y].to_numpy(float)
    if size is not None:
        s = accounts[size].to_numpy(float)
        area = 15 + 400 * np.sqrt(s / s.max()) if s.max() > 0 else np.full(len(s), 30.0)
    else:
        area = np.full(len(xs), 30.0)
    mark = np.zeros(len(xs), dtype=bool) if highlight is None else np.asarray(highlight, dtype=bool)
    ax.scatter(xs[~mark], ys[~mark], s=area[~mark], color="#9db4c8", alpha=0.55, edgecolor="white",
               linewidth=0.5, label=_("accounts"))
    if mark.any():
        ax.scatter(xs[mark], ys[mark], s=area[mark], color="#1f4e79", alpha=0.85, edgecolor="white",
                   linewidth=0.5, label=_("highlighted"))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=2, frameon=False, markerscale=0.5)
    ax.axvline(cut, color="#555555", linewidth=1)
    ax.axhline(cut, color="#555555", linewidth=1)
    style = {"fontsize": 11, "fontweight": "bold", "color": "#b35900", "alpha": 0.9}
    ax.text(9.8, 9.8, _("invest"), ha="right", va="top", **style)
    ax.text(1.2, 9.8, _("develop"), ha="left", va="top", **style)
    ax.text(9.8, 1.2, _("maintain"), ha="right", va="bottom", **style)
    ax.text(1.2, 1.2, _("streamline"), ha="left", va="bottom", **style)
    ax.set_xlim(1, 10)
    ax.set_ylim(1, 10)
    ax.set_xlabel(_("our strength at the account (1 weak – 10 strong)"))
    ax.set_ylabel(_("account attractiveness (1 low – 10 high)"))
    ax.set_title(_(title))
    return ax


def pipeline_funnel(pipeline, ax=None, title: str = N_("Open pipeline by stage")):
    """Horizontal bars per stage: the amount in the stage and its expected (weighted) value.

    Early stages are at the top, as in a funnel; the ``Total`` row is left out of the bars and
    its weighted forecast shown in the title.

    Parameters
    ----------
    pipeline : pandas.DataFrame
        :func:`crmcourse.accounts.weighted_pipeline`'s result.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    title : str
        Chart title (the forecast is added).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``pipeline`` lacks the ``amount``, ``expected`` or ``probability`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmcourse.accounts import weighted_pipeline
    >>> wp = weighted_pipeline(pd.DataFrame({"stage": ["Prospecting", "Negotiation/Review"],
    ...                                      "amount": [100_000.0, 50_000.0]}))
    >>> ax = pipeline_funnel(wp)
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Prospecting', 'Qualification']
    """
    require_columns(pipeline, ["amount", "expected", "probability"], source="pipeline table",
                    fix="pass the table returned by weighted_pipeline(...)")
    ax = new_axes(ax, figsize=(8, 4.5))
    rows = pipeline.drop(index="Total", errors="ignore")
    y = np.arange(len(rows))
    amount = rows["amount"].to_numpy(float) / 1e6
    expected = rows["expected"].to_numpy(float) / 1e6
    ax.barh(y, amount, color="#c9d6e3", label=_("amount in stage"))
    ax.barh(y, expected, height=0.5, color="#1f4e79", label=_("expected (amount × probability)"))
    for yi, (a, p) in enumerate(zip(amount, rows["probability"].to_numpy(float))):
        ax.text(a, yi, f"  {p:.0%}", va="center", fontsize=8, color="#333333")
    ax.set_yticks(y, [_(s) if isinstance(s, str) else s for s in rows.index])
    ax.invert_yaxis()
    ax.set_xlabel(_("million CNY (label: win probability)"))
    total = float(rows["expected"].sum())
    ax.set_title(_("{title} — weighted forecast {forecast:,.2f} million CNY").format(title=_(title),
                                                                                    forecast=total / 1e6))
    ax.set_xlim(0, max(amount.max() * 1.15, 1e-9) if len(amount) else 1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False, fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return ax


_ROLE_MARKERS = {N_("economic buyer"): ("*", "#b22222"), N_("user buyer"): ("o", "#1f4e79"),
                 N_("technical buyer"): ("s", "#6a3d9a"), N_("coach"): ("D", "#1b7f3b")}


def influence_attitude_map(contacts, ax=None, covered=None, label: str = "name",
                           title: str = N_("Buying centre: influence × attitude")):
    """Each person of a buying centre placed by attitude to us (x) and influence (y).

    People none of our team covers get a red ring. People in the same cell are spread around
    it so that no label hides another.

    Parameters
    ----------
    contacts : pandas.DataFrame
        ``attitude`` (−2 … 2), ``influence`` (1 … 5), ``buying_role`` and the ``label`` column
        (and ``contact_id`` when ``covered`` is a set of ids).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    covered : pandas.Series of bool or set of contact ids, optional
        Who our team covers (default: everybody).
    label : str, default "name"
        Column that names each person.
    title : str
        Chart title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``contacts`` lacks one of the needed columns.

    Examples
    --------
    >>> import pandas as pd
    >>> people = pd.DataFrame({"contact_id": ["c1", "c2"], "name": ["Li", "Wang"], "attitude": [-1, 2],
    ...                        "influence": [5, 2], "buying_role": ["economic buyer", "coach"]})
    >>> ax = influence_attitude_map(people, covered={"c2"})
    >>> ax.get_xlabel()
    'attitude to us (−2 opponent … +2 champion)'
    """
    need = ["attitude", "influence", "buying_role", label]
    if isinstance(covered, (set, frozenset, list, tuple)):
        need.append("contact_id")
    require_columns(contacts, need, source="contacts")
    ax = new_axes(ax, figsize=(7.5, 5))
    x = contacts["attitude"].to_numpy(float)
    y = contacts["influence"].to_numpy(float)
    # spread people who share a cell on a small circle around it (deterministic)
    dx, dy = np.zeros(len(x)), np.zeros(len(y))
    cells: dict = {}
    for i, key in enumerate(zip(x, y)):
        cells.setdefault(key, []).append(i)
    for members in cells.values():
        if len(members) > 1:
            for j, i in enumerate(members):
                angle = 2 * np.pi * j / len(members) + np.pi / 4
                dx[i], dy[i] = 0.22 * np.cos(angle), 0.22 * np.sin(angle)
    if covered is None:
        is_covered = np.ones(len(x), dtype=bool)
    elif isinstance(covered, (set, frozenset, list, tuple)):
        is_covered = contacts["contact_id"].isin(list(covered)).to_numpy()
    else:
        is_covered = np.asarray(covered, dtype=bool)
    ax.axhspan(3.5, 5.6, color="#f3e5d8", alpha=0.5, zorder=0)
    ax.axvspan(-2.6, -0.5, color="#f6d6d6", alpha=0.35, zorder=0)
    ax.text(-2.55, 5.5, _("high influence, against us: act first"), fontsize=8, color="#8a1c1c", va="top")
    roles = contacts["buying_role"].astype(str).to_numpy()
    for role, (marker, colour) in _ROLE_MARKERS.items():
        m = roles == role
        if m.any():
            ax.scatter(x[m] + dx[m], y[m] + dy[m], marker=marker, s=140 if marker == "*" else 70,
                       color=colour, label=_(role), zorder=3)
    other = ~np.isin(roles, list(_ROLE_MARKERS))
    if other.any():
        ax.scatter(x[other] + dx[other], y[other] + dy[other], marker="^", s=70, color="#777777",
                   label=_("other"), zorder=3)
    if (~is_covered).any():
        ax.scatter(x[~is_covered] + dx[~is_covered], y[~is_covered] + dy[~is_covered], s=330,
                   facecolors="none", edgecolors="#d62728", linewidth=1.6, label=_("covered by nobody"), zorder=4)
    for xi, yi, text in zip(x + dx, y + dy, contacts[label].astype(str)):
        ax.annotate(text, (xi, yi), xytext=(6, 5), textcoords="offset points", fontsize=8, zorder=5)
    ax.set_xlim(-2.6, 2.9)
    ax.set_ylim(0.5, 5.6)
    ax.set_xticks([-2, -1, 0, 1, 2], [_("−2\nopponent"), _("−1\nsceptic"), _("0\nneutral"), _("+1\nsupporter"),
                                      _("+2\nchampion")])
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_xlabel(_("attitude to us (−2 opponent … +2 champion)"))
    ax.set_ylabel(_("influence on the decision (1 – 5)"))
    ax.set_title(_(title))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=8)
    ax.grid(alpha=0.25)
    return ax
