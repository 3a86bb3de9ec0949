"""Charts for the course: thin layers over the helpers' outputs.

Every function takes a helper's result (a DataFrame or Series), draws on ``ax`` (a new
figure when ``ax`` is None) and returns the matplotlib ``Axes``, so a notebook can add to it
and a test can inspect it without a screen. Sections follow the course modules.
"""
from __future__ import annotations

__all__: list[str] = []


def _axes(ax=None, figsize=(7, 4)):
    """Return ``ax`` or a fresh Axes on a new figure."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


# ---- Module 2: key accounts
# Charts for the key-account notebooks (solutions/02_key_accounts): the 80/20 curve, the
# attractiveness × strength matrix, the pipeline funnel and the influence × attitude map.
# Each takes the output of a crmcourse.accounts helper (or a shipped table) and returns the Axes.

__all__ += ["pareto_chart", "portfolio_matrix", "pipeline_funnel", "influence_attitude_map"]


def pareto_chart(table, ax=None, line: float = 0.8, title: str = "The 80/20 curve of account revenue"):
    """The cumulative share of value against the share of accounts, with the 80% line.

    ``table`` is :func:`crmcourse.accounts.pareto_table`'s result. A dashed line marks ``line``
    (80%) of the value, and a dotted vertical line the share of accounts needed to reach it.

    >>> import pandas as pd
    >>> from crmcourse.accounts import pareto_table
    >>> ax = pareto_chart(pareto_table(pd.Series([50.0, 30.0, 15.0, 5.0])))
    >>> ax.get_ylabel()
    'cumulative share of revenue'
    """
    import numpy as np

    ax = _axes(ax, figsize=(7, 4.2))
    x = np.concatenate(([0.0], table["cum_account_share"].to_numpy()))
    y = np.concatenate(([0.0], table["cum_value_share"].to_numpy()))
    ax.plot(x, y, color="#1f4e79", linewidth=2, label="accounts, largest first")
    ax.plot([0, 1], [0, 1], color="#999999", linewidth=1, linestyle=":", label="all accounts equal")
    reach = int(np.searchsorted(y, line - 1e-9))  # first point on or above the line
    x_line = float(x[min(reach, len(x) - 1)])
    ax.axhline(line, color="#b35900", linestyle="--", linewidth=1.2)
    ax.axvline(x_line, color="#b35900", linestyle=":", linewidth=1.2)
    ax.annotate(f"{x_line:.0%} of the accounts bring {line:.0%} of the revenue",
                xy=(x_line, line), xytext=(x_line + 0.06, line - 0.2),
                arrowprops={"arrowstyle": "->", "color": "#b35900"}, color="#b35900")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("share of accounts (ranked by revenue)")
    ax.set_ylabel("cumulative share of revenue")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False)
    ax.grid(alpha=0.3)
    return ax


def portfolio_matrix(accounts, ax=None, x: str = "our_strength", y: str = "attractiveness",
                     size: str | None = "annual_revenue", cut: float = 5.5, highlight=None,
                     title: str = "Account attractiveness × our strength"):
    """Scatter of accounts on the attractiveness × strength matrix, with its four quadrants.

    Point area follows ``size`` (e.g. revenue). ``highlight`` is a boolean Series (same index)
    marking accounts to draw in a strong colour, e.g. class A or the opinion leaders.

    >>> import pandas as pd
    >>> acc = pd.DataFrame({"our_strength": [2, 8], "attractiveness": [9, 3], "annual_revenue": [1e5, 2e6]})
    >>> ax = portfolio_matrix(acc)
    >>> [t.get_text() for t in ax.texts][:2]
    ['invest', 'develop']
    """
    import numpy as np

    ax = _axes(ax, figsize=(7, 5.5))
    xs, ys = accounts[x].to_numpy(float), accounts[y].to_numpy(float)
    if size is not None:
        s = accounts[size].to_numpy(float)
        area = 15 + 400 * np.sqrt(s / s.max()) if s.max() > 0 else np.full(len(s), 30.0)
    else:
        area = np.full(len(xs), 30.0)
    mark = np.zeros(len(xs), dtype=bool) if highlight is None else np.asarray(highlight, dtype=bool)
    ax.scatter(xs[~mark], ys[~mark], s=area[~mark], color="#9db4c8", alpha=0.55, edgecolor="white",
               linewidth=0.5, label="accounts")
    if mark.any():
        ax.scatter(xs[mark], ys[mark], s=area[mark], color="#1f4e79", alpha=0.85, edgecolor="white",
                   linewidth=0.5, label="highlighted")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=2, frameon=False, markerscale=0.5)
    ax.axvline(cut, color="#555555", linewidth=1)
    ax.axhline(cut, color="#555555", linewidth=1)
    style = {"fontsize": 11, "fontweight": "bold", "color": "#b35900", "alpha": 0.9}
    ax.text(9.8, 9.8, "invest", ha="right", va="top", **style)
    ax.text(1.2, 9.8, "develop", ha="left", va="top", **style)
    ax.text(9.8, 1.2, "maintain", ha="right", va="bottom", **style)
    ax.text(1.2, 1.2, "streamline", ha="left", va="bottom", **style)
    ax.set_xlim(1, 10)
    ax.set_ylim(1, 10)
    ax.set_xlabel("our strength at the account (1 weak – 10 strong)")
    ax.set_ylabel("account attractiveness (1 low – 10 high)")
    ax.set_title(title)
    return ax


def pipeline_funnel(pipeline, ax=None, title: str = "Open pipeline by stage"):
    """Horizontal bars per stage: the amount in the stage and its expected (weighted) value.

    ``pipeline`` is :func:`crmcourse.accounts.weighted_pipeline`'s result (the ``Total`` row is
    left out of the bars and shown in the title). Early stages are at the top, as in a funnel.

    >>> import pandas as pd
    >>> from crmcourse.accounts import weighted_pipeline
    >>> wp = weighted_pipeline(pd.DataFrame({"stage": ["Prospecting", "Negotiation/Review"],
    ...                                      "amount": [100_000.0, 50_000.0]}))
    >>> ax = pipeline_funnel(wp)
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Prospecting', 'Qualification']
    """
    import numpy as np

    ax = _axes(ax, figsize=(8, 4.5))
    rows = pipeline.drop(index="Total", errors="ignore")
    y = np.arange(len(rows))
    amount = rows["amount"].to_numpy(float) / 1e6
    expected = rows["expected"].to_numpy(float) / 1e6
    ax.barh(y, amount, color="#c9d6e3", label="amount in stage")
    ax.barh(y, expected, height=0.5, color="#1f4e79", label="expected (amount × probability)")
    for yi, (a, p) in enumerate(zip(amount, rows["probability"].to_numpy(float))):
        ax.text(a, yi, f"  {p:.0%}", va="center", fontsize=8, color="#333333")
    ax.set_yticks(y, rows.index)
    ax.invert_yaxis()
    ax.set_xlabel("million CNY (label: win probability)")
    total = float(rows["expected"].sum())
    ax.set_title(f"{title} — weighted forecast {total / 1e6:,.2f} million CNY")
    ax.set_xlim(0, max(amount.max() * 1.15, 1e-9) if len(amount) else 1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False, fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return ax


_ROLE_MARKERS = {"economic buyer": ("*", "#b22222"), "user buyer": ("o", "#1f4e79"),
                 "technical buyer": ("s", "#6a3d9a"), "coach": ("D", "#1b7f3b")}


def influence_attitude_map(contacts, ax=None, covered=None, label: str = "name",
                           title: str = "Buying centre: influence × attitude"):
    """Each person of a buying centre placed by attitude to us (x) and influence (y).

    ``contacts`` needs ``attitude`` (−2 … 2), ``influence`` (1 … 5), ``buying_role`` and the
    ``label`` column. ``covered`` (a boolean Series on the same index, or a set of contact ids)
    draws the people none of our team covers with a red ring. People in the same cell are
    spread around it so that no label hides another.

    >>> import pandas as pd
    >>> people = pd.DataFrame({"contact_id": ["c1", "c2"], "name": ["Li", "Wang"], "attitude": [-1, 2],
    ...                        "influence": [5, 2], "buying_role": ["economic buyer", "coach"]})
    >>> ax = influence_attitude_map(people, covered={"c2"})
    >>> ax.get_xlabel()
    'attitude to us (−2 opponent … +2 champion)'
    """
    import numpy as np

    ax = _axes(ax, figsize=(7.5, 5))
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
    ax.text(-2.55, 5.5, "high influence, against us: act first", fontsize=8, color="#8a1c1c", va="top")
    roles = contacts["buying_role"].astype(str).to_numpy()
    for role, (marker, colour) in _ROLE_MARKERS.items():
        m = roles == role
        if m.any():
            ax.scatter(x[m] + dx[m], y[m] + dy[m], marker=marker, s=140 if marker == "*" else 70,
                       color=colour, label=role, zorder=3)
    other = ~np.isin(roles, list(_ROLE_MARKERS))
    if other.any():
        ax.scatter(x[other] + dx[other], y[other] + dy[other], marker="^", s=70, color="#777777",
                   label="other", zorder=3)
    if (~is_covered).any():
        ax.scatter(x[~is_covered] + dx[~is_covered], y[~is_covered] + dy[~is_covered], s=330,
                   facecolors="none", edgecolors="#d62728", linewidth=1.6, label="covered by nobody", zorder=4)
    for xi, yi, text in zip(x + dx, y + dy, contacts[label].astype(str)):
        ax.annotate(text, (xi, yi), xytext=(6, 5), textcoords="offset points", fontsize=8, zorder=5)
    ax.set_xlim(-2.6, 2.9)
    ax.set_ylim(0.5, 5.6)
    ax.set_xticks([-2, -1, 0, 1, 2], ["−2\nopponent", "−1\nsceptic", "0\nneutral", "+1\nsupporter", "+2\nchampion"])
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_xlabel("attitude to us (−2 opponent … +2 champion)")
    ax.set_ylabel("influence on the decision (1 – 5)")
    ax.set_title(title)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=8)
    ax.grid(alpha=0.25)
    return ax


# ---- Module 1: satisfaction
# Charts for crmcourse.satisfaction: zones of the ratio, the promise trade-off, the Kano plot,
# SERVQUAL gaps, the Net Promoter Score and the importance–performance grid. Chart text is
# English (no CJK font is assumed).

__all__ += [
    "satisfaction_zones_plot",
    "promise_tradeoff_plot",
    "kano_plot",
    "servqual_gap_plot",
    "nps_plot",
    "importance_performance_plot",
]

_M1_ZONE_COLOURS = {"dissatisfied": "#c0392b", "satisfied": "#95a5a6", "highly satisfied": "#1e8449"}
_M1_KANO_COLOURS = {"A": "#1e8449", "O": "#2e86c1", "M": "#c0392b", "I": "#7f8c8d", "R": "#8e44ad",
                    "Q": "#222222"}
_M1_NPS_COLOURS = {"detractor": "#c0392b", "passive": "#bdc3c7", "promoter": "#1e8449"}


def _m1_spread_labels(points, dx=0.16, dy=0.035):
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

    ``ratio`` is a Series (or list) of ratios, e.g. from
    :func:`crmcourse.satisfaction.satisfaction_ratio`; the legend counts each zone.

    >>> import pandas as pd
    >>> ax = satisfaction_zones_plot(pd.Series([0.8, 0.97, 1.0, 1.2]))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['dissatisfied: 1 (25%)', 'satisfied: 2 (50%)', 'highly satisfied: 1 (25%)']
    """
    import pandas as pd
    from matplotlib.patches import Patch

    from crmcourse.satisfaction import ZONES, satisfaction_zone

    if not isinstance(ratio, pd.Series):
        from crmcourse.satisfaction import _as_series

        ratio = _as_series(ratio, "ratio")
        ratio = pd.to_numeric(ratio, errors="coerce") if len(ratio) else ratio
    zones = satisfaction_zone(ratio, tolerance)  # validates: numbers, no gaps, tolerance in [0, 1)
    if len(ratio) == 0:
        from crmcourse.data import CourseDataError

        raise CourseDataError("there are no ratios to plot", fix="pass at least one ratio")
    ax = _axes(ax)
    lo, hi = 1 - tolerance, 1 + tolerance
    xmin = min(float(ratio.min()), lo) - 0.05
    xmax = max(float(ratio.max()), hi) + 0.05
    ax.axvspan(xmin, lo, color=_M1_ZONE_COLOURS["dissatisfied"], alpha=0.12, lw=0)
    ax.axvspan(lo, hi, color=_M1_ZONE_COLOURS["satisfied"], alpha=0.25, lw=0)
    ax.axvspan(hi, xmax, color=_M1_ZONE_COLOURS["highly satisfied"], alpha=0.12, lw=0)
    _ = ax.hist(ratio.astype(float), bins=bins, range=(xmin, xmax), color="#34495e", edgecolor="white")
    ax.axvline(1.0, color="black", lw=1, ls="--")
    counts = zones.value_counts().reindex(list(ZONES), fill_value=0)
    handles = [Patch(color=_M1_ZONE_COLOURS[z], alpha=0.5,
                     label=f"{z}: {int(counts[z])} ({counts[z] / len(ratio):.0%})") for z in ZONES]
    ax.legend(handles=handles, loc="upper left", fontsize=9, frameon=True)
    ax.set_xlim(xmin, xmax)
    ax.set_xlabel("satisfaction ratio c = b / a (perceived ÷ expected)")
    ax.set_ylabel("customers")
    ax.set_title(title or f"Satisfaction ratio and its three zones (tolerance ±{tolerance:.0%})")
    return ax


def promise_tradeoff_plot(frame, ax=None, promise: float | None = None):
    """Buyers and satisfied buyers against the promise level (a table from ``promise_tradeoff``).

    Marks the promise with the most satisfied buyers, and ``promise`` (e.g. a slider's value)
    when given.

    >>> import numpy as np
    >>> from crmcourse.satisfaction import promise_tradeoff
    >>> ax = promise_tradeoff_plot(promise_tradeoff(np.arange(1, 10.01, 0.5)), promise=8)
    >>> ax.get_xlabel()
    'promise level p (= the expectation a buyer forms, 0–10)'
    """
    from crmcourse.data import require_columns

    require_columns(frame, ["promise", "buyers", "satisfied_buyers"], source="promise table",
                    fix="pass the table returned by promise_tradeoff([...])")
    ax = _axes(ax)
    p = frame["promise"].to_numpy(dtype=float)
    _ = ax.plot(p, frame["buyers"], color="#2e86c1", lw=2, label="buyers (attracted by the promise)")
    _ = ax.plot(p, frame["satisfied_buyers"], color="#1e8449", lw=2.5, label="satisfied buyers (c ≥ 1 − tolerance)")
    ax.fill_between(p, frame["satisfied_buyers"], frame["buyers"], color="#c0392b", alpha=0.12,
                    label="disappointed buyers")
    best = frame.loc[frame["satisfied_buyers"].idxmax()]
    ax.scatter([best["promise"]], [best["satisfied_buyers"]], color="#1e8449", zorder=3, s=40)
    ax.annotate(f"most satisfied buyers\nat p ≈ {best['promise']:.1f}", (best["promise"], best["satisfied_buyers"]),
                xytext=(0, 14), textcoords="offset points", ha="center", fontsize=9)
    if promise is not None:
        ax.axvline(float(promise), color="black", ls="--", lw=1, label=f"your promise p = {float(promise):.1f}")
    ax.set_xlabel("promise level p (= the expectation a buyer forms, 0–10)")
    ax.set_ylabel("customers")
    ax.set_title("The promise trade-off: more buyers, fewer of them satisfied")
    ax.set_ylim(0, float(frame["buyers"].max()) * 1.15)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def kano_plot(table, ax=None, label: str = "feature", group: str | None = None, annotate: bool = True,
              threshold: float = 0.5, title: str | None = None):
    """The Kano plot: Better (y) against |Worse| (x) for each feature, in four quadrants.

    ``table`` is the result of :func:`crmcourse.satisfaction.kano_classify` (columns
    ``better``, ``worse``, ``category`` and ``label``). Points are coloured by category, or by
    ``group`` (e.g. ``"customer_group"``) when given. The quadrant lines sit at ``threshold``:
    top left attractive, top right one-dimensional, bottom right must-be, bottom left
    indifferent.

    >>> from crmcourse import data
    >>> from crmcourse.satisfaction import kano_classify
    >>> ax = kano_plot(kano_classify(data.load("qingmei_kano")))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('|Worse|: how much satisfaction falls without the feature', 'Better: how much satisfaction rises with the feature')
    """
    from matplotlib.lines import Line2D

    from crmcourse.data import require_columns
    from crmcourse.satisfaction import KANO_CATEGORIES, KANO_NAMES

    need = ["better", "worse", "category", label] + ([group] if group else [])
    require_columns(table, need, source="Kano table", fix="pass the table returned by kano_classify(...)")
    ax = _axes(ax, figsize=(8, 6))
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
        point_colours = [_M1_KANO_COLOURS.get(c, "#222222") for c in rows["category"]]
        present = [c for c in KANO_CATEGORIES if c in set(rows["category"])]
        handles = [Line2D([], [], marker="o", ls="", color=_M1_KANO_COLOURS[c], label=f"{c} {KANO_NAMES[c]}")
                   for c in present]
    ax.scatter(x, y, c=point_colours, s=55, zorder=3, edgecolor="white", linewidth=0.8)
    ax.axhline(threshold, color="#555555", lw=1)
    ax.axvline(threshold, color="#555555", lw=1)
    corner = dict(fontsize=10, color="#555555", alpha=0.9, fontweight="bold")
    ax.text(0.02, 0.98, "attractive (A)", ha="left", va="top", **corner)
    ax.text(0.98, 0.98, "one-dimensional (O)", ha="right", va="top", **corner)
    ax.text(0.98, 0.02, "must-be (M)", ha="right", va="bottom", **corner)
    ax.text(0.02, 0.02, "indifferent (I)", ha="left", va="bottom", **corner)
    if annotate:
        order = sorted(range(len(x)), key=lambda i: -y[i])
        spots = _m1_spread_labels([(x[i], y[i]) for i in order])
        for (lx, ly), i in zip(spots, order):
            text = str(rows[label].iloc[i])
            right = x[i] > 0.72
            ax.annotate(text, (x[i], y[i]), xytext=(lx + (-0.015 if right else 0.015), ly),
                        textcoords="data", fontsize=8, va="center", ha="right" if right else "left",
                        arrowprops=dict(arrowstyle="-", color="#999999", lw=0.5) if abs(ly - y[i]) > 1e-9 else None)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("|Worse|: how much satisfaction falls without the feature")
    ax.set_ylabel("Better: how much satisfaction rises with the feature")
    ax.set_title(title or "Kano plot (Better–Worse coefficients)")
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    return ax


def servqual_gap_plot(gaps, ax=None, title: str | None = None):
    """Horizontal bars of the SERVQUAL gap (P − E) per dimension, with the overall gap(s) as lines.

    ``gaps`` is the table of :func:`crmcourse.satisfaction.servqual_gaps`.

    >>> import pandas as pd
    >>> from crmcourse.satisfaction import servqual_gaps
    >>> survey = pd.DataFrame({"dimension": ["tangibles", "reliability"], "expectation": [5, 7],
    ...                        "perception": [6, 5]})
    >>> ax = servqual_gap_plot(servqual_gaps(survey))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['tangibles', 'reliability']
    """
    from crmcourse.data import CourseDataError, require_columns
    from crmcourse.satisfaction import SERVQUAL_DIMENSIONS

    require_columns(gaps, ["gap"], source="SERVQUAL table", fix="pass the table returned by servqual_gaps(...)")
    dims = [d for d in SERVQUAL_DIMENSIONS if d in gaps.index]
    if not dims:
        raise CourseDataError("the table has no SERVQUAL dimension rows", fix="pass the table returned by servqual_gaps(...)")
    ax = _axes(ax)
    values = gaps.loc[dims, "gap"].astype(float)
    pos = list(range(len(dims)))[::-1]
    colours = ["#c0392b" if v < 0 else "#1e8449" for v in values]
    _ = ax.barh(pos, values, color=colours, height=0.6)
    for yy, v in zip(pos, values):
        ax.text(v + (0.03 if v >= 0 else -0.03), yy, f"{v:+.2f}", va="center", ha="left" if v >= 0 else "right",
                fontsize=9)
    ax.set_yticks(pos, dims)
    ax.axvline(0, color="black", lw=1)
    styles = {"overall": ("--", "#34495e"), "weighted overall": (":", "#8e44ad")}
    for row, (ls, colour) in styles.items():
        if row in gaps.index:
            v = float(gaps.loc[row, "gap"])
            ax.axvline(v, ls=ls, color=colour, lw=1.5, label=f"{row}: {v:+.2f}")
    lim = max(abs(values).max(), 0.5) * 1.3
    ax.set_xlim(-lim, lim)
    ax.set_xlabel("gap = perception − expectation (negative: falls short)")
    ax.set_title(title or "SERVQUAL gaps by dimension")
    if any(r in gaps.index for r in styles):
        ax.legend(loc="lower right", fontsize=8)
    return ax


def nps_plot(scores, ax=None, title: str | None = None):
    """Bars of the 0–10 recommendation answers, coloured detractor / passive / promoter, NPS in the title.

    >>> ax = nps_plot([10, 9, 8, 3, 6, 9])
    >>> ax.get_title()
    'Net Promoter Score = +16.7'
    """
    import numpy as np
    from matplotlib.patches import Patch

    from crmcourse.satisfaction import NPS_GROUPS, nps, nps_groups

    value = nps(scores)  # validates the scores
    groups = nps_groups(scores)
    from crmcourse.satisfaction import _nps_scores

    numbers = _nps_scores(scores).astype(int)
    counts = np.bincount(numbers.to_numpy(), minlength=11)
    ax = _axes(ax)
    colours = [_M1_NPS_COLOURS["detractor"]] * 7 + [_M1_NPS_COLOURS["passive"]] * 2 + [_M1_NPS_COLOURS["promoter"]] * 2
    _ = ax.bar(range(11), counts, color=colours, edgecolor="white")
    share = groups.value_counts(normalize=True).reindex(list(NPS_GROUPS), fill_value=0)
    handles = [Patch(color=_M1_NPS_COLOURS[g], label=f"{g}s: {share[g]:.0%}") for g in NPS_GROUPS]
    ax.legend(handles=handles, loc="upper left", fontsize=9)
    ax.set_xticks(range(11))
    ax.set_xlabel("How likely are you to recommend us? (0 = not at all, 10 = extremely)")
    ax.set_ylabel("respondents")
    ax.set_title(title or f"Net Promoter Score = {value:+.1f}")
    return ax


def importance_performance_plot(table, importance: str = "importance", performance: str = "performance",
                                label: str | None = None, ax=None, title: str | None = None):
    """Importance–performance grid (Martilla & James 1977), split at the mean of each axis.

    One point per attribute (a row of ``table``): x = performance, y = importance. The four
    quadrants: *concentrate here* (important, performing badly), *keep up the good work*,
    *low priority* and *possible overkill* (unimportant but performing well). Points are
    labelled with the ``label`` column (or the index).

    >>> import pandas as pd
    >>> grid = pd.DataFrame({"importance": [32, 11], "performance": [5.1, 5.7]}, index=["reliability", "tangibles"])
    >>> ax = importance_performance_plot(grid)
    >>> ax.get_ylabel()
    'importance'
    """
    from crmcourse.data import require_columns

    need = [importance, performance] + ([label] if label else [])
    require_columns(table, need, source="importance–performance table")
    ax = _axes(ax)
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
    ax.text(0.02, 0.98, "concentrate here", transform=ax.transAxes, ha="left", va="top", color="#c0392b",
            fontsize=9, fontweight="bold")
    ax.text(0.98, 0.98, "keep up the good work", transform=ax.transAxes, ha="right", va="top", **corner)
    ax.text(0.02, 0.02, "low priority", transform=ax.transAxes, ha="left", va="bottom", **corner)
    ax.text(0.98, 0.02, "possible overkill", transform=ax.transAxes, ha="right", va="bottom", **corner)
    ax.set_xlabel(performance)
    ax.set_ylabel(importance)
    ax.set_title(title or "Importance–performance grid")
    return ax


# ---- Module 4: segmentation
# Charts for crmcourse.segmentation and the lifetime-value models of crmcourse.lifetime: the
# R × F grid, the value × expectation matrix, choosing k, cluster profiles, campaign results and
# the BG/NBD tracking chart. Chart text is English (no CJK font is assumed).

__all__ += [
    "rfm_grid_plot",
    "value_expectation_plot",
    "k_choice_plot",
    "segment_profile_plot",
    "campaign_plot",
    "tracking_plot",
]

_M4_TYPE_COLOURS = {"intimate": "#1e8449", "safe": "#2e86c1", "dangerous": "#c0392b", "stranger": "#95a5a6"}
_M4_SEGMENT_COLOURS = {
    "champions": "#1e8449", "loyal customers": "#52be80", "potential loyalists": "#a9dfbf",
    "new customers": "#5dade2", "promising": "#aed6f1", "need attention": "#f7dc6f",
    "about to sleep": "#f0b27a", "at risk": "#e67e22", "can't lose them": "#c0392b", "hibernating": "#bfc9ca",
}


def rfm_grid_plot(scores, ax=None, title: str = "Customers on the R × F grid"):
    """The 5 × 5 grid of R (rows, 5 at the top) and F (columns) scores, coloured by segment name,
    with the number of customers in each cell.

    ``scores`` is :func:`crmcourse.segmentation.rfm_scores`'s result (columns ``R`` and ``F``, 1–5).

    >>> import pandas as pd
    >>> ax = rfm_grid_plot(pd.DataFrame({"R": [5, 5, 1], "F": [5, 5, 1]}))
    >>> ax.get_xlabel(), "2" in [t.get_text().split()[-1] for t in ax.texts]
    ('F score (frequency, 5 = most often)', True)
    """
    import numpy as np
    from matplotlib.colors import to_rgb

    from crmcourse.segmentation import rfm_segment_grid

    grid = rfm_segment_grid()
    counts = (scores.groupby(["R", "F"]).size() if len(scores) else None)
    ax = _axes(ax, figsize=(7.5, 5.2))
    image = np.zeros((5, 5, 3))
    for i, r in enumerate(grid.index):
        for j, f in enumerate(grid.columns):
            name = grid.loc[r, f]
            image[i, j] = to_rgb(_M4_SEGMENT_COLOURS[name])
            n = int(counts.get((r, f), 0)) if counts is not None else 0
            dark = 0.299 * image[i, j, 0] + 0.587 * image[i, j, 1] + 0.114 * image[i, j, 2] < 0.5
            ax.text(j, i, f"{name}\n{n}", ha="center", va="center", fontsize=7.5,
                    color="white" if dark else "black")
    ax.imshow(image, aspect="auto")
    ax.set_xticks(range(5), [str(f) for f in grid.columns])
    ax.set_yticks(range(5), [str(r) for r in grid.index])
    ax.set_xlabel("F score (frequency, 5 = most often)")
    ax.set_ylabel("R score (recency, 5 = most recent)")
    ax.set_title(title)
    return ax


def value_expectation_plot(customers, value: str, expectation: str, types, ax=None, log_value: bool = False,
                           title: str = "Lifetime value × expectation"):
    """Scatter of customers on the value × expectation matrix, coloured by type, with the two cuts.

    ``types`` is :func:`crmcourse.segmentation.value_expectation_matrix`'s result (its ``attrs``
    hold the cuts); ``log_value=True`` draws the value axis on a log scale (for skewed values).

    >>> import pandas as pd
    >>> from crmcourse.segmentation import value_expectation_matrix
    >>> c = pd.DataFrame({"v": [1.0, 9, 2, 8], "e": [2.0, 8, 9, 1]})
    >>> ax = value_expectation_plot(c, "v", "e", value_expectation_matrix(c, "v", "e"))
    >>> sorted(t.get_text() for t in ax.texts)
    ['dangerous', 'intimate', 'safe', 'stranger']
    """
    ax = _axes(ax, figsize=(7, 5))
    for name, colour in _M4_TYPE_COLOURS.items():
        part = customers[types.to_numpy() == name]
        ax.scatter(part[value], part[expectation], s=9, alpha=0.55, color=colour,
                   label=f"{name} ({len(part)})")
    vc, ec = types.attrs.get("value_cut"), types.attrs.get("expectation_cut")
    if log_value:
        ax.set_xscale("log")
    if vc is not None:
        ax.axvline(vc, color="black", lw=1, ls="--")
    if ec is not None:
        ax.axhline(ec, color="black", lw=1, ls="--")
    for name, (fx, fy) in {"intimate": (0.97, 0.97), "safe": (0.97, 0.03), "dangerous": (0.03, 0.97),
                           "stranger": (0.03, 0.03)}.items():
        ax.text(fx, fy, name, transform=ax.transAxes, ha="right" if fx > 0.5 else "left",
                va="top" if fy > 0.5 else "bottom", fontsize=11, weight="bold", color=_M4_TYPE_COLOURS[name])
    ax.set_xlabel(f"{value} (lifetime value)")
    ax.set_ylabel(f"{expectation} (expectation)")
    ax.set_title(title)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=9)
    return ax


def k_choice_plot(diagnostics, ax=None, title: str = "Choosing k: elbow and silhouette"):
    """Inertia (left axis, the elbow) and silhouette (right axis, higher is better) against k.

    ``diagnostics`` is :func:`crmcourse.segmentation.k_diagnostics`'s result; the best
    silhouette is marked.

    >>> import pandas as pd
    >>> d = pd.DataFrame({"inertia": [90.0, 40, 30], "silhouette": [0.4, 0.6, 0.5]}, index=pd.Index([2, 3, 4], name="k"))
    >>> ax = k_choice_plot(d)
    >>> ax.get_ylabel()
    'inertia (within-cluster sum of squares)'
    """
    ax = _axes(ax, figsize=(7, 4))
    ks = list(diagnostics.index)
    ax.plot(ks, diagnostics["inertia"], "o-", color="#1f4e79", label="inertia")
    ax.set_xlabel("number of clusters k")
    ax.set_ylabel("inertia (within-cluster sum of squares)")
    ax.set_xticks(ks)
    right = ax.twinx()
    right.plot(ks, diagnostics["silhouette"], "s--", color="#b35900", label="silhouette")
    best = diagnostics["silhouette"].idxmax()
    right.scatter([best], [diagnostics["silhouette"].max()], s=160, facecolors="none", edgecolors="#b35900", lw=2)
    right.set_ylabel("silhouette (higher is better)", color="#b35900")
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [ln.get_label() for ln in lines], loc="upper center", frameon=False)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    return ax


def segment_profile_plot(profile, features, ax=None, lower_is_better=("recency",),
                         title: str = "Segment profiles (green = better than the other segments)"):
    """Heatmap of segment means: colour = how far each segment's mean is from the average of the
    segments (in standard deviations across segments; green = better), text = the mean itself.
    For the features in ``lower_is_better`` (recency: fewer days is better) the colours flip.

    ``profile`` is :func:`crmcourse.segmentation.segment_profile`'s result; rows are labelled
    with the segment and its size.

    >>> import pandas as pd
    >>> prof = pd.DataFrame({"customers": [5, 3], "share": [0.6, 0.4], "spend": [100.0, 900.0]},
    ...                     index=pd.Index([1, 2], name="segment"))
    >>> ax = segment_profile_plot(prof, ["spend"])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['1 (5)', '2 (3)']
    """
    ax = _axes(ax, figsize=(1.6 * len(features) + 3, 0.55 * len(profile) + 1.6))
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
    ax.set_ylabel("segment (customers)")
    ax.set_title(title)
    return ax


def campaign_plot(results, ax=None, title: str = "Blanket vs targeted campaign"):
    """Bars of the success rate of each campaign, labelled with contacts, acceptances and net margin.

    ``results`` is a DataFrame with one row per campaign (index = campaign name) and the columns
    of :func:`crmcourse.segmentation.campaign_simulation`'s result.

    >>> import pandas as pd
    >>> res = pd.DataFrame({"contacts": [100.0, 100], "acceptances": [8.0, 17], "success_rate": [0.08, 0.17],
    ...                     "net": [-50.0, 900]}, index=["blanket", "targeted"])
    >>> ax = campaign_plot(res)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['blanket', 'targeted']
    """
    ax = _axes(ax, figsize=(7, 4))
    colours = ["#95a5a6", "#1e8449", "#2e86c1", "#b35900", "#8e44ad"]
    names = [str(i) for i in results.index]
    bars = ax.bar(names, results["success_rate"], color=colours[: len(names)] or None)
    for bar, (_, row) in zip(bars, results.iterrows()):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(),
                f"{row['success_rate']:.1%}\n{int(row['acceptances']):,} of {int(row['contacts']):,}\n"
                f"net {row['net']:,.0f} CNY", ha="center", va="bottom", fontsize=9)
    ax.set_ylim(0, max(0.05, float(results["success_rate"].max()) * 1.45))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel("success rate (acceptances ÷ contacts)")
    ax.set_title(title)
    return ax


def tracking_plot(actual, expected, ax=None, calibration_end=None,
                  title: str = "Cumulative repeat purchases: actual and model"):
    """Cumulative repeat purchases per period, actual (solid) against the model (dashed).

    ``actual`` and ``expected`` are Series indexed by period (e.g. week 1..78); a vertical line
    marks the end of the calibration period.

    >>> import pandas as pd
    >>> ax = tracking_plot(pd.Series([1.0, 3, 6]), pd.Series([1.2, 3.1, 5.5]), calibration_end=2)
    >>> [ln.get_label() for ln in ax.get_lines()][:2]
    ['actual', 'BG/NBD model']
    """
    ax = _axes(ax, figsize=(7.5, 4.2))
    ax.plot(actual.index, actual.to_numpy(), color="#1f4e79", lw=2, label="actual")
    ax.plot(expected.index, expected.to_numpy(), color="#b35900", lw=2, ls="--", label="BG/NBD model")
    if calibration_end is not None:
        ax.axvline(calibration_end, color="#555555", lw=1, ls=":")
        ax.text(calibration_end, ax.get_ylim()[1] * 0.02, "  end of calibration", fontsize=9, color="#555555")
    ax.set_xlabel("week")
    ax.set_ylabel("cumulative repeat purchases")
    ax.set_title(title)
    ax.legend(loc="upper left", frameon=False)
    ax.grid(alpha=0.3)
    return ax


# ---- Module 3: SPIN
# Charts for the SPIN notebooks (solutions/03_spin): a call's question mix against the
# successful-seller profile, a call's patience over its turns, and outcomes of many simulated calls.
# Each takes the output of a crmcourse.spin helper and returns the Axes.

__all__ += ["spin_mix_chart", "spin_call_timeline", "spin_outcome_chart"]

_M3_COLOURS = {"S": "#7f8fa6", "P": "#e08e0b", "I": "#c0392b", "N": "#1b7f3b", "pitch": "#6c4f9e",
               "close": "#222222"}
_M3_NAMES = {"S": "situation", "P": "problem", "I": "implication", "N": "need-payoff"}


def spin_mix_chart(mix, ax=None, profile=None, typical: bool = False, title: str = "Question mix"):
    """Share of S/P/I/N questions in a call, next to the successful-seller profile (illustrative).

    ``mix`` counts the moves by type (``CallSimulator.question_mix()``; pitches and closes are
    left out) or gives shares. ``profile`` defaults to :data:`crmcourse.spin.SUCCESSFUL_PROFILE`;
    ``typical=True`` adds the inexperienced seller's profile.

    >>> import pandas as pd
    >>> ax = spin_mix_chart(pd.Series({"S": 6, "P": 2, "I": 0, "N": 0, "pitch": 1, "close": 1}))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['situation (S)', 'problem (P)', 'implication (I)', 'need-payoff (N)']
    """
    import numpy as np
    import pandas as pd

    from crmcourse.spin import QUESTION_TYPES, SUCCESSFUL_PROFILE, TYPICAL_PROFILE

    ax = _axes(ax, figsize=(7, 3.8))
    counts = pd.Series(mix, dtype=float).reindex(list(QUESTION_TYPES)).fillna(0.0)
    total = counts.sum()
    shares = counts / total if total > 0 else counts
    bars = [("your call", shares, "#1f4e79")]
    bars.append(("successful sellers (illustrative)", pd.Series(profile or SUCCESSFUL_PROFILE).reindex(list(QUESTION_TYPES)),
                 "#9db4c8"))
    if typical:
        bars.append(("inexperienced sellers (illustrative)", pd.Series(TYPICAL_PROFILE).reindex(list(QUESTION_TYPES)),
                     "#d9d9d9"))
    y = np.arange(len(QUESTION_TYPES))
    height = 0.8 / len(bars)
    for k, (label, values, colour) in enumerate(bars):
        pos = y - 0.4 + height * (k + 0.5)
        ax.barh(pos, values.to_numpy(float), height=height * 0.95, color=colour, label=label)
        if k == 0:
            for p, v, n in zip(pos, values.to_numpy(float), counts.to_numpy()):
                ax.text(v + 0.01, p, f"{v:.0%} ({int(n)})", va="center", fontsize=8, color="#1f4e79")
    ax.set_yticks(y)
    ax.set_yticklabels([f"{_M3_NAMES[t]} ({t})" for t in QUESTION_TYPES])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("share of the call's questions")
    ax.set_title(title if total > 0 else title + " (no questions asked)")
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return ax


def spin_call_timeline(transcript, ax=None, title: str | None = None):
    """The buyer's patience after each move of a call, coloured by move type, with the turns that
    uncovered an implied need (hollow circle) or an explicit need (star) marked.

    ``transcript`` is ``CallSimulator.transcript()``.

    >>> from crmcourse.spin import replay
    >>> ax = spin_call_timeline(replay("hospital", ["p_repairs", "i_queues", "n_fast_repair"]).transcript())
    >>> ax.get_xlabel()
    'turn'
    """
    ax = _axes(ax, figsize=(7, 3.6))
    if len(transcript) == 0:
        ax.set_title(title or "No moves yet")
        return ax
    turns = transcript["turn"].to_numpy()
    patience = transcript["patience"].to_numpy(float)
    ax.plot(turns, patience, color="#999999", linewidth=1.2, zorder=1)
    seen = set()
    for t, p, kind, rev in zip(turns, patience, transcript["type"], transcript["revealed"]):
        label = f"{kind}" if kind not in seen else None
        seen.add(kind)
        ax.scatter([t], [p], color=_M3_COLOURS.get(kind, "#555555"), s=45, zorder=3, label=label)
        if "explicit need" in rev:
            ax.scatter([t], [p + 0.6], marker="*", s=120, color="#1b7f3b", zorder=4)
        elif "implied need" in rev:
            ax.scatter([t], [p + 0.6], marker="o", s=60, facecolors="none", edgecolors="#e08e0b", zorder=4)
    ax.axhline(0, color="#b22222", linewidth=1, linestyle="--")
    ax.set_xlabel("turn")
    ax.set_ylabel("buyer's patience")
    ax.set_xticks(turns)
    ax.set_ylim(min(-0.5, patience.min() - 0.5), max(patience.max(), 0) + 1.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=6, frameon=False, fontsize=8)
    ax.set_title(title or "Patience over the call (star: explicit need, circle: implied need)")
    ax.grid(alpha=0.3)
    return ax


def spin_outcome_chart(calls, ax=None, title: str = "Outcomes of simulated calls"):
    """Stacked shares of outcomes by how many implication + need-payoff questions a call asked.

    ``calls`` is :func:`crmcourse.spin.simulate_calls`'s result. These are the simulator's rules
    at work, not field data.

    >>> from crmcourse.spin import simulate_calls
    >>> ax = spin_outcome_chart(simulate_calls("hospital", n=40, seed=2))
    >>> ax.get_xlabel()
    'implication + need-payoff questions in the call'
    """
    import numpy as np
    import pandas as pd

    from crmcourse.spin import OUTCOMES

    ax = _axes(ax, figsize=(7, 4))
    dev = (calls["I"] + calls["N"]).clip(upper=4)
    labels = ["0", "1", "2", "3", "4+"]
    table = pd.crosstab(dev, calls["outcome"], normalize="index").reindex(index=range(5), columns=list(OUTCOMES))
    table = table.fillna(0.0)
    n = dev.value_counts().reindex(range(5)).fillna(0).astype(int)
    colours = {"order": "#1b7f3b", "advance": "#7fbf7b", "continuation": "#d9d9d9", "no-sale": "#b22222"}
    bottom = np.zeros(5)
    for outcome in OUTCOMES:
        values = table[outcome].to_numpy(float)
        ax.bar(labels, values, bottom=bottom, color=colours[outcome], label=outcome, width=0.65)
        bottom += values
    for i, count in enumerate(n):
        ax.text(i, 1.01, f"n={count}", ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("implication + need-payoff questions in the call")
    ax.set_ylabel("share of calls")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=4, frameon=False)
    return ax


# ---- Modules 5-6
# Module 5 (the CRM lab, crmcourse.crm): the sales funnel, ticket resolution times, report charts.
# Module 6 (relationship marketing, crmcourse.loyalty): Kotler's relationship grid and the member
# programme's economics. Each takes a helper's output and returns the Axes; chart text is English.

__all__ += ["sales_funnel_chart", "resolution_time_plot", "report_chart", "report_heatmap",
            "relationship_grid_plot", "programme_economics_plot"]

_M56_LEVEL_COLOURS = {"basic": "#d9d9d9", "basic or reactive": "#d9d9d9", "reactive": "#c6dbef",
                      "accountable": "#9ecae1", "proactive": "#4292c6", "partnership": "#08519c"}


def sales_funnel_chart(funnel, ax=None, title: str = "The sales flow in 2025: records created at each step"):
    """Horizontal bars of :func:`crmcourse.crm.sales_funnel`: how many records each step created.

    >>> import pandas as pd
    >>> ax = sales_funnel_chart(pd.Series({"leads": 100, "converted leads": 30, "opportunities": 40}))
    >>> ax.get_xlabel()
    'records created'
    """
    import numpy as np

    ax = _axes(ax, figsize=(7.5, 3.8))
    steps = list(funnel.index)
    values = np.asarray(funnel.to_numpy(), dtype=float)
    y = np.arange(len(steps))
    ax.barh(y, values, color="#1f4e79", height=0.6)
    top = max(values.max(), 1)
    for i, v in enumerate(values):
        ax.text(v + top * 0.01, i, f"{v:,.0f}", va="center", fontsize=8)
    ax.set_yticks(y, steps)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel("records created")
    ax.set_title(title)
    return ax


def resolution_time_plot(tickets, by: str = "priority", order=None, ax=None, hours: str = "hours",
                         title: str | None = None):
    """Box plot of resolution hours per group (log scale), with each group's median written on it.

    ``tickets`` is :func:`crmcourse.crm.ticket_hours`'s result (open tickets, with no hours,
    are left out).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"priority": ["low", "low", "urgent", "urgent"], "hours": [50.0, 80.0, 3.0, 6.0]})
    >>> ax = resolution_time_plot(t, order=["urgent", "low"])
    >>> ax.get_yscale()
    'log'
    """
    import numpy as np

    ax = _axes(ax, figsize=(7.5, 4))
    closed = tickets.dropna(subset=[hours])
    groups = list(order) if order is not None else sorted(closed[by].dropna().unique())
    data = [closed.loc[closed[by] == g, hours].to_numpy(float) for g in groups]
    ax.boxplot([d if len(d) else np.array([np.nan]) for d in data], showfliers=True, widths=0.55,
               medianprops={"color": "#b35900", "linewidth": 2}, flierprops={"markersize": 3, "alpha": 0.5})
    ax.set_xticks(range(1, len(groups) + 1), groups)
    ax.set_yscale("log")
    for i, d in enumerate(data, start=1):
        if len(d):
            med = float(np.median(d))
            ax.text(i + 0.3, med, f"{med:.0f} h", va="center", fontsize=8, color="#b35900")
    for h, label in ((8, "one working day"), (72, "three days")):
        ax.axhline(h, color="#999999", linestyle=":", linewidth=1)
        ax.text(0.55, h * 1.08, label, fontsize=7, color="#666666")
    ax.set_xlabel(by)
    ax.set_ylabel("hours from opened to closed (log scale)")
    ax.set_title(title or f"How long tickets take, by {by}")
    return ax


def report_chart(report, ax=None, title: str | None = None, total: str = "Total"):
    """Stacked horizontal bars of a report table (e.g. :func:`crmcourse.crm.activity_report`).

    Rows become bars, columns the stacked parts; the ``Total`` row and column are left out.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"call": [3, 1], "demo": [1, 2]}, index=pd.Index(["Li", "Wu"], name="owner"))
    >>> ax = report_chart(r)
    >>> ax.get_xlabel()
    'activities'
    """
    import numpy as np

    table = report.drop(index=total, errors="ignore").drop(columns=total, errors="ignore")
    ax = _axes(ax, figsize=(8, max(3.0, 0.42 * len(table) + 1.5)))
    cmap = __import__("matplotlib").colormaps["tab10"]
    left = np.zeros(len(table))
    y = np.arange(len(table))
    for j, col in enumerate(table.columns):
        values = table[col].to_numpy(float)
        ax.barh(y, values, left=left, color=cmap(j % 10), label=str(col), height=0.65)
        left += values
    for i, v in enumerate(left):
        ax.text(v + left.max() * 0.01, i, f"{v:,.0f}", va="center", fontsize=8)
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.invert_yaxis()
    ax.set_xlim(0, max(left.max(), 1) * 1.12)
    ax.set_xlabel("activities" if report.columns.name in (None, "type", "kind", "status") else "count")
    ax.set_ylabel(table.index.name or "")
    ax.legend(title=table.columns.name, loc="upper center", bbox_to_anchor=(0.5, -0.14),
              ncol=min(5, len(table.columns)), frameon=False, fontsize=8)
    ax.set_title(title or "Report")
    return ax


def report_heatmap(report, ax=None, title: str | None = None, total: str = "Total", cmap: str = "Blues"):
    """A report table as a heatmap with the count written in every cell (``Total`` left out).

    >>> import pandas as pd
    >>> ax = report_heatmap(pd.DataFrame({"2025-01": [3, 0], "2025-02": [1, 2]}, index=["Li", "Wu"]))
    >>> len(ax.texts)
    4
    """
    import numpy as np

    table = report.drop(index=total, errors="ignore").drop(columns=total, errors="ignore")
    ax = _axes(ax, figsize=(max(6.0, 0.55 * len(table.columns) + 2.5), max(3.0, 0.4 * len(table) + 1.2)))
    values = table.to_numpy(float)
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    high = np.nanmax(values) if values.size else 0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7,
                    color="white" if high and v > 0.6 * high else "black")
    ax.set_xticks(range(len(table.columns)), [str(c) for c in table.columns], rotation=45, ha="right")
    ax.set_yticks(range(len(table.index)), [str(i) for i in table.index])
    ax.set_xlabel(table.columns.name or "")
    ax.set_ylabel(table.index.name or "")
    ax.figure.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
    ax.set_title(title or "Report")
    return ax


def relationship_grid_plot(segments=None, ax=None, label: str | None = None,
                           title: str = "Which relationship level pays (after Kotler)"):
    """Kotler's 3 × 3 grid: number of customers (rows) × margin per customer (columns), each cell
    naming the relationship level that pays. ``segments`` (e.g.
    :func:`crmcourse.loyalty.level_for_segments`'s result) are written into their cells.

    >>> ax = relationship_grid_plot()
    >>> sorted({t.get_text() for t in ax.texts})[:2]
    ['accountable', 'basic or reactive']
    """
    from crmcourse.loyalty import KOTLER_GRID

    ax = _axes(ax, figsize=(6.8, 4.6))
    rows, cols = list(KOTLER_GRID.index), list(KOTLER_GRID.columns)[::-1]  # margin low → high
    placed: dict[tuple[int, int], list[str]] = {}
    if segments is not None:
        names = segments[label] if label else segments.index
        for name, c, m in zip(names, segments["customers_band"], segments["margin_band"]):
            placed.setdefault((rows.index(c), cols.index(m)), []).append(str(name))
    for i, r in enumerate(rows):
        for j, m in enumerate(cols):
            level = KOTLER_GRID.loc[r, m]
            colour = _M56_LEVEL_COLOURS[level]
            ax.add_patch(__import__("matplotlib").patches.Rectangle((j, i), 1, 1, facecolor=colour,
                                                                     edgecolor="white", linewidth=2))
            dark = level in ("proactive", "partnership")
            ax.text(j + 0.5, i + 0.38, level, ha="center", va="center", fontsize=10, fontweight="bold",
                    color="white" if dark else "black")
            if (i, j) in placed:
                ax.text(j + 0.5, i + 0.7, "\n".join(placed[(i, j)]), ha="center", va="center", fontsize=8,
                        color="white" if dark else "#b35900", style="italic")
    ax.set_xlim(0, 3)
    ax.set_ylim(3, 0)
    ax.set_xticks([0.5, 1.5, 2.5], cols)
    ax.set_yticks([0.5, 1.5, 2.5], rows)
    ax.set_xlabel("margin per customer")
    ax.set_ylabel("number of customers")
    ax.set_title(title)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    return ax


def programme_economics_plot(table, ax=None, title: str = "Member programme: value gained per member"):
    """Bars of :func:`crmcourse.loyalty.programme_economics`'s ``gain`` per member, by band:
    green where enrolling pays, red where it does not; the band's total gain written beside.

    >>> import pandas as pd
    >>> from crmcourse.loyalty import programme_economics
    >>> t = programme_economics(pd.DataFrame({"customers": [100, 10], "spend": [200.0, 6000.0],
    ...                                        "retention": [0.4, 0.85]}, index=["ordinary", "gold"]))
    >>> ax = programme_economics_plot(t)
    >>> ax.get_ylabel()
    'gain per member (CNY, lifetime)'
    """
    import numpy as np

    ax = _axes(ax, figsize=(7, 4))
    gain = table["gain"].to_numpy(float)
    x = np.arange(len(table))
    ax.bar(x, gain, color=np.where(gain > 0, "#1e8449", "#c0392b"), width=0.6)
    ax.axhline(0, color="black", linewidth=0.8)
    span = max(np.abs(gain).max(), 1)
    for i, (g, total) in enumerate(zip(gain, table["total_gain"].to_numpy(float))):
        ax.text(i, g + (0.04 if g >= 0 else -0.04) * span, f"{g:,.0f} per member\n{total:,.0f} in all",
                ha="center", va="bottom" if g >= 0 else "top", fontsize=8)
    ax.set_xticks(x, [str(i) for i in table.index])
    ax.set_ylim(min(gain.min(), 0) - 0.35 * span, max(gain.max(), 0) + 0.35 * span)
    ax.set_xlabel(table.index.name or "band")
    ax.set_ylabel("gain per member (CNY, lifetime)")
    ax.set_title(title)
    return ax
