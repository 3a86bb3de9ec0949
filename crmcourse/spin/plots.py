"""Charts for the SPIN notebooks (solutions/03_spin).

A call's question mix against the successful-seller profile, a call's patience over its turns,
and the outcomes of many simulated calls. Each takes the output of a :mod:`crmcourse.spin`
helper, draws on ``ax`` (a new figure when ``ax`` is None) and returns the matplotlib Axes.
matplotlib loads only when a chart is drawn. Chart text, the question types and the outcomes
follow the language in use (:func:`crmcourse.set_language`).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crmcourse._charts import new_axes
from crmcourse._validate import numeric_values, real, require_columns, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.spin._common import MOVE_TYPES, OUTCOMES, QUESTION_TYPES, SUCCESSFUL_PROFILE, TYPE_NAMES, \
    TYPICAL_PROFILE, describe, flag, plain_text

__all__ = ["spin_mix_chart", "spin_call_timeline", "spin_outcome_chart"]

_COLOURS = {"S": "#7f8fa6", "P": "#e08e0b", "I": "#c0392b", "N": "#1b7f3b", N_("pitch"): "#6c4f9e",
            N_("close"): "#222222"}
_OUTCOME_COLOURS = {N_("order"): "#1b7f3b", N_("advance"): "#7fbf7b", N_("continuation"): "#d9d9d9",
                    N_("no-sale"): "#b22222"}
#: The question types as the mix chart names them: f"{TYPE_NAMES[t]} ({t})", translated.
_TYPE_LABELS = {"S": N_("situation (S)"), "P": N_("problem (P)"), "I": N_("implication (I)"),
                "N": N_("need-payoff (N)")}


def _axes(ax, figsize):
    """``ax`` if it is a matplotlib Axes (or a new one for None), else one clear error."""
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise CourseDataError(f"ax must be a matplotlib Axes, got {describe(ax)}",
                                  fix="leave ax out for a new figure, or pass one, e.g. fig, ax = plt.subplots()")
    return new_axes(ax, figsize=figsize)


def _title(title: Any, name: str = "title", optional: bool = False) -> str | None:
    if title is None and optional:
        return None
    text = plain_text(title)
    if text is None:
        raise CourseDataError(f"{name} must be text, got {describe(title)}", fix=f"e.g. {name}='My call'")
    return text


def _type_counts(values: Any, name: str):
    """The S/P/I/N entries of a mapping or Series as floats ≥ 0 (missing types are 0)."""
    import pandas as pd

    fix = f"pass e.g. {name}=sim.question_mix() or {name}={{'S': 2, 'P': 1, 'I': 1, 'N': 0}}"
    if isinstance(values, pd.Series):
        items = list(values.items())
    elif isinstance(values, Mapping):
        items = list(values.items())
    else:
        raise CourseDataError(f"{name} must map question types to counts or shares, got {describe(values)}", fix=fix)
    out: dict[str, float] = {}
    for key, value in items:
        t = plain_text(key)
        if t not in QUESTION_TYPES:
            continue  # pitches and closes are not questions
        if t in out:
            raise CourseDataError(f"{name} gives the type {t!r} twice", fix=fix)
        out[t] = real(value, f"{name}[{t!r}]", low=0, example=2)
    return pd.Series([out.get(t, 0.0) for t in QUESTION_TYPES], index=list(QUESTION_TYPES), dtype=float)


def spin_mix_chart(mix, ax=None, profile=None, typical: bool = False, title: str = N_("Question mix")):
    """Share of S/P/I/N questions in a call, next to the successful-seller profile (illustrative).

    Parameters
    ----------
    mix : pandas.Series or dict
        Moves counted by type (``CallSimulator.question_mix()``; pitches and closes are left
        out) or shares; missing types count 0.
    ax : matplotlib.axes.Axes, optional
    profile : dict, optional
        The comparison shares; default :data:`crmcourse.spin.SUCCESSFUL_PROFILE`.
    typical : bool, default False
        Add the inexperienced seller's profile.
    title : str, default "Question mix"

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``mix`` or ``profile`` is not a mapping of types to numbers ≥ 0, or an argument has the
        wrong type.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = spin_mix_chart(pd.Series({"S": 6, "P": 2, "I": 0, "N": 0, "pitch": 1, "close": 1}))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['situation (S)', 'problem (P)', 'implication (I)', 'need-payoff (N)']
    """
    import numpy as np
    import pandas as pd

    counts = _type_counts(mix, "mix")
    comparison = _type_counts(SUCCESSFUL_PROFILE if profile is None else profile, "profile")
    typical = flag(typical, "typical")
    title = _title(title)
    ax = _axes(ax, figsize=(7, 3.8))
    total = counts.sum()
    if not np.isfinite(total):  # counts near the float limit: keep their ratios
        counts = counts / counts.max()
        total = counts.sum()
    shares = counts / total if total > 0 else counts
    bars = [(_("your call"), shares, "#1f4e79")]
    bars.append((_("successful sellers (illustrative)"), comparison, "#9db4c8"))
    if typical:
        bars.append((_("inexperienced sellers (illustrative)"),
                     pd.Series(TYPICAL_PROFILE).reindex(list(QUESTION_TYPES)), "#d9d9d9"))
    y = np.arange(len(QUESTION_TYPES))
    height = 0.8 / len(bars)
    for k, (label, values, colour) in enumerate(bars):
        pos = y - 0.4 + height * (k + 0.5)
        ax.barh(pos, values.to_numpy(float), height=height * 0.95, color=colour, label=label)
        if k == 0:
            for p, v, n in zip(pos, values.to_numpy(float), counts.to_numpy()):
                ax.text(v + 0.01, p, f"{v:.0%} ({int(n)})", va="center", fontsize=8, color="#1f4e79")
    ax.set_yticks(y)
    ax.set_yticklabels([_(_TYPE_LABELS.get(t, f"{TYPE_NAMES[t]} ({t})")) for t in QUESTION_TYPES])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(_("share of the call's questions"))
    title = _(title)
    ax.set_title(title if total > 0 else _("{title} (no questions asked)").format(title=title))
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return ax


def _whole_numbers(frame, col: str, source: str, fix: str):
    """A column of whole numbers from 0 to 10**9 as an int64 array, or one clear error."""
    import numpy as np

    values = numeric_values(frame[col], source=source, col=col, low=0, high=1e9)
    arr = values.to_numpy()
    bad = arr != np.floor(arr)
    if bad.any():
        raise CourseDataError("holds numbers that are not whole", file=source, column=col,
                              rows=rows_where(frame.index, bad), fix=fix)
    return arr.astype("int64")


def _labels(frame, col: str, allowed, source: str, fix: str) -> list[str]:
    """A column of text labels from ``allowed``, or one error naming the rows."""
    values = frame[col].to_numpy(dtype=object)
    texts = [plain_text(v) for v in values]
    bad = [t is None or (allowed is not None and t not in allowed) for t in texts]
    if any(bad):
        what = "text" if allowed is None else "one of " + ", ".join(allowed)
        raise CourseDataError(f"{sum(bad)} value(s) are not {what} (e.g. {describe(values[bad.index(True)])})",
                              file=source, column=col, rows=rows_where(frame.index, bad), fix=fix)
    return texts


def spin_call_timeline(transcript, ax=None, title: str | None = None):
    """The buyer's patience after each move of a call, coloured by move type.

    The turns that uncovered an implied need (hollow circle) or an explicit need (star) are
    marked.

    Parameters
    ----------
    transcript : pandas.DataFrame
        ``CallSimulator.transcript()``: ``turn``, ``type``, ``revealed`` and ``patience``.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``transcript`` is not such a table (a missing column, a move type that is not one of
        :data:`MOVE_TYPES`, a turn that is not a whole number, a patience that is not a finite
        number), or an argument has the wrong type.

    Examples
    --------
    >>> from crmcourse.spin import replay
    >>> ax = spin_call_timeline(replay("hospital", ["p_repairs", "i_queues", "n_fast_repair"]).transcript())
    >>> ax.get_xlabel()
    'turn'
    """
    source, fix = "the transcript", "pass sim.transcript() of a CallSimulator"
    require_columns(transcript, ["turn", "type", "revealed", "patience"], source=source, fix=fix)
    title = _title(title, optional=True)
    turns = _whole_numbers(transcript, "turn", source, fix)
    patience = numeric_values(transcript["patience"], source=source, col="patience").to_numpy(float)
    kinds = _labels(transcript, "type", MOVE_TYPES, source, fix)
    revealed = _labels(transcript, "revealed", None, source, fix)
    ax = _axes(ax, figsize=(7, 3.6))
    if len(transcript) == 0:
        ax.set_title(_(title) or _("No moves yet"))
        return ax
    ax.plot(turns, patience, color="#999999", linewidth=1.2, zorder=1)
    seen = set()
    for t, p, kind, rev in zip(turns, patience, kinds, revealed):
        label = _(kind) if kind not in seen else None
        seen.add(kind)
        ax.scatter([t], [p], color=_COLOURS.get(kind, "#555555"), s=45, zorder=3, label=label)
        if "explicit need" in rev:
            ax.scatter([t], [p + 0.6], marker="*", s=120, color="#1b7f3b", zorder=4)
        elif "implied need" in rev:
            ax.scatter([t], [p + 0.6], marker="o", s=60, facecolors="none", edgecolors="#e08e0b", zorder=4)
    ax.axhline(0, color="#b22222", linewidth=1, linestyle="--")
    ax.set_xlabel(_("turn"))
    ax.set_ylabel(_("buyer's patience"))
    ax.set_xticks(turns)
    ax.set_ylim(min(-0.5, patience.min() - 0.5), max(patience.max(), 0) + 1.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=6, frameon=False, fontsize=8)
    ax.set_title(_(title) or _("Patience over the call (star: explicit need, circle: implied need)"))
    ax.grid(alpha=0.3)
    return ax


def spin_outcome_chart(calls, ax=None, title: str = N_("Outcomes of simulated calls")):
    """Stacked shares of outcomes by how many implication + need-payoff questions a call asked.

    These are the simulator's rules at work, not field data.

    Parameters
    ----------
    calls : pandas.DataFrame
        :func:`crmcourse.spin.simulate_calls`'s result: ``I``, ``N`` and ``outcome``.
    ax : matplotlib.axes.Axes, optional
    title : str, default "Outcomes of simulated calls"

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    CourseDataError
        ``calls`` is empty or not such a table (counts that are not whole numbers ≥ 0, an
        outcome not in :data:`OUTCOMES`), or an argument has the wrong type.

    Examples
    --------
    >>> from crmcourse.spin import simulate_calls
    >>> ax = spin_outcome_chart(simulate_calls("hospital", n=40, seed=2))
    >>> ax.get_xlabel()
    'implication + need-payoff questions in the call'
    """
    import numpy as np
    import pandas as pd

    source, fix = "the simulated calls", "pass the result of spin.simulate_calls(...)"
    require_columns(calls, ["I", "N", "outcome"], source=source, fix=fix, min_rows=1)
    title = _title(title)
    dev = pd.Series(np.minimum(_whole_numbers(calls, "I", source, fix) + _whole_numbers(calls, "N", source, fix), 4))
    outcome = pd.Series(_labels(calls, "outcome", OUTCOMES, source, fix))
    ax = _axes(ax, figsize=(7, 4))
    labels = ["0", "1", "2", "3", "4+"]
    table = pd.crosstab(dev, outcome, normalize="index").reindex(index=range(5), columns=list(OUTCOMES))
    table = table.fillna(0.0)
    n = dev.value_counts().reindex(range(5)).fillna(0).astype(int)
    bottom = np.zeros(5)
    for name in OUTCOMES:
        values = table[name].to_numpy(float)
        ax.bar(labels, values, bottom=bottom, color=_OUTCOME_COLOURS[name], label=_(name), width=0.65)
        bottom += values
    for i, count in enumerate(n):
        ax.text(i, 1.01, f"n={count}", ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(_("implication + need-payoff questions in the call"))
    ax.set_ylabel(_("share of calls"))
    ax.set_title(_(title))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=4, frameon=False)
    return ax
