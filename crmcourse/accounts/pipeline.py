"""The sales pipeline: its weighted value, stage-to-stage conversion, and deals that are stuck.

The stages are SuiteCRM's opportunity (sales) stages, :data:`SALES_STAGES`; ``STAGES`` is the
same tuple under the name earlier versions used (the SPIN topic has question types, and the CRM
lab has stages of its own records, so the explicit name is the one to prefer).

>>> SALES_STAGES[0], SUITECRM_PROBABILITIES["Prospecting"]
('Prospecting', 0.1)
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from crmcourse._validate import (
    date_column, dates, did_you_mean, hashable_ids, real, require_columns, rows_where, timestamp,
)
from crmcourse.accounts._common import amounts, plain_names, refix
from crmcourse.constants import (
    CLOSED_SALES_STAGES, OPEN_SALES_STAGES, SALES_STAGES, SNAPSHOT_DATE, SUITECRM_PROBABILITIES,
)
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _

__all__ = ["SALES_STAGES", "STAGES", "OPEN_STAGES", "CLOSED_STAGES", "SUITECRM_PROBABILITIES",
           "probabilities", "weighted_pipeline", "stage_conversion", "stuck_deals"]

#: SuiteCRM's opportunity (sales) stages, in selling order (the two closed stages last). The
#: same tuple as :data:`SALES_STAGES`, under its older name.
STAGES = SALES_STAGES
#: The sales stages a deal can be in while it is still open.
OPEN_STAGES = OPEN_SALES_STAGES
#: The sales stages that end a deal: won, lost.
CLOSED_STAGES = CLOSED_SALES_STAGES

_PROB_EXAMPLE = N_("pass a dict such as {example}")


def _prob_example() -> str:
    return _(_PROB_EXAMPLE).format(example='{"Prospecting": 0.1, "Qualification": 0.2, ...}')


def probabilities(table=None) -> dict[str, float]:
    """A checked table of win probabilities per stage (fractions of 1); SuiteCRM's by default.

    Parameters
    ----------
    table : dict or pandas.Series, optional
        Stage name → win probability from 0 to 1. None gives :data:`SUITECRM_PROBABILITIES`.

    Returns
    -------
    dict
        Stage name (text) → probability (float), in the order given.

    Raises
    ------
    CourseDataError
        Not a mapping, empty, a stage named twice or not as text, or a probability that is not a
        number from 0 to 1 (percentages such as 10 get "divide by 100").

    Examples
    --------
    >>> probabilities({"lead": 0.1, "offer": 0.6})
    {'lead': 0.1, 'offer': 0.6}
    >>> probabilities({"lead": 10})
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: 1 win probabilities are not numbers between 0 and 1 (stages lead). Fix: these look like percentages: divide them by 100 (10% is 0.1).
    """
    if table is None:
        return dict(SUITECRM_PROBABILITIES)
    if isinstance(table, pd.Series):
        if table.index.has_duplicates:
            raise CourseDataError(_("probabilities name a stage twice"), fix=_("give each stage one probability"))
        table = table.to_dict()
    if not isinstance(table, Mapping):
        raise CourseDataError(_("probabilities should map stage name → win probability, got {type}").format(
                                  type=type(table).__name__),
                              fix=_prob_example())
    if not table:
        raise CourseDataError(_("probabilities is empty"), fix=_("give a win probability for every stage in your data"))
    out: dict[str, float] = {}
    bad, percent = [], False
    for stage, p in table.items():
        if not isinstance(stage, str):
            raise CourseDataError(_("stage names should be text, got {type}").format(type=type(stage).__name__), fix=_prob_example())
        name = str.__str__(stage)
        if name in out:
            raise CourseDataError(_("probabilities name the stage {name} twice").format(name=repr(name)), fix=_("give each stage one probability"))
        try:
            out[name] = real(p, name, low=0, high=1)
        except CourseDataError:
            bad.append(name)
            try:
                percent = percent or 1 < real(p, name) <= 100
            except CourseDataError:
                pass
    if bad:
        fix = (_("these look like percentages: divide them by 100 (10% is 0.1)") if percent
               else _("give each stage a probability between 0 and 1"))
        raise CourseDataError(_("{count} win probabilities are not numbers between 0 and 1").format(count=len(bad)),
                              rows=bad, row_label=_("stages"), fix=fix)
    return out


_by_stage = probabilities  # the name the pipeline helpers use, where a parameter is called probabilities


def _stage_column(frame: pd.DataFrame, column: str, known, *, source: str) -> pd.Series:
    s = plain_names(frame[column], source=source, col=column, what=N_("stage names"), fix=N_("one stage name per row"))
    missing = s.isna().to_numpy()
    if missing.any():
        raise CourseDataError(_("{count} rows have no stage").format(count=int(missing.sum())), file=source,
                              column=column, rows=rows_where(frame.index, missing),
                              fix=_("fill in the stage or drop those rows"))
    s = s.astype(str)
    unknown = ~s.isin(list(known)).to_numpy()
    if unknown.any():
        names = list(dict.fromkeys(s[unknown]))
        shown = ", ".join(f"{n[:40]!r}{did_you_mean(n, known)}" for n in names[:4])
        problem = _("unknown stage names {names}") if len(names) > 1 else _("unknown stage name {names}")
        raise CourseDataError(problem.format(names=shown), file=source,
                              column=column, rows=rows_where(frame.index, unknown),
                              fix=_("use the stage names of the probability table ({names}, …) or pass probabilities "
                                    "for your own stages").format(names=", ".join(list(known)[:3])))
    return s


def _stage_list(stages, name: str = "stages") -> list[str]:
    fix = _("list each stage once, as text, in selling order, e.g. stages=SALES_STAGES")
    if isinstance(stages, (str, bytes, Mapping)) or not isinstance(stages, Iterable):
        raise CourseDataError(_("{name} should be a list of stage names, got {type}").format(
            name=name, type=type(stages).__name__), fix=fix)
    try:
        order = list(stages)
    except Exception:
        raise CourseDataError(_("{name} could not be read as a list of stage names").format(name=name), fix=fix) from None
    if not all(isinstance(s, str) for s in order):
        raise CourseDataError(_("{name} should hold stage names as text").format(name=name), fix=fix)
    order = [str.__str__(s) for s in order]
    if len(set(order)) != len(order):
        raise CourseDataError(_("the stage list repeats a stage"), fix=_("list each stage once, in selling order"))
    return order


def weighted_pipeline(opportunities: pd.DataFrame, probabilities=None, *, stage: str = "stage",
                      amount: str = "amount", closed: Iterable[str] = CLOSED_STAGES) -> pd.DataFrame:
    """Expected value of the open pipeline, by stage and in total: Σ amount × win probability.

    Rows in a ``closed`` stage (won or lost deals) are not part of the pipeline and are left out.

    Parameters
    ----------
    opportunities : pandas.DataFrame
        One row per deal with its ``stage`` and ``amount``.
    probabilities : dict or pandas.Series, optional
        Stage → win probability as a fraction of 1; the default is
        :data:`SUITECRM_PROBABILITIES`, the probabilities SuiteCRM ships (Prospecting 0.10,
        Qualification 0.20, Needs Analysis 0.25, Value Proposition 0.30, Id. Decision Makers
        0.40, Perception Analysis 0.50, Proposal/Price Quote 0.65, Negotiation/Review 0.80).
    stage, amount : str
        Column names.
    closed : list of str, default CLOSED_STAGES
        The stages that end a deal.

    Returns
    -------
    pandas.DataFrame
        One row per open stage of ``probabilities`` (in its order, stages without deals
        included) with ``deals``, ``amount``, ``probability`` and ``expected``, then a ``Total``
        row whose ``probability`` is expected ÷ amount (0 when the pipeline is empty).

    Raises
    ------
    CourseDataError
        Not a table, empty, duplicate or missing columns, unknown or missing stage names (with a
        "did you mean"), amounts that are not finite numbers of 0 or more, probabilities outside
        [0, 1], or a total beyond the largest float.

    Examples
    --------
    >>> import pandas as pd
    >>> deals = pd.DataFrame({"stage": ["Prospecting", "Negotiation/Review", "Closed Won"],
    ...                       "amount": [100_000.0, 50_000.0, 70_000.0]})
    >>> wp = weighted_pipeline(deals)
    >>> wp.loc[["Prospecting", "Negotiation/Review", "Total"], ["deals", "expected"]]
                        deals  expected
    stage
    Prospecting             1   10000.0
    Negotiation/Review      1   40000.0
    Total                   2   50000.0
    >>> weighted_pipeline(deals, {"Prospecting": 10, "Negotiation/Review": 80})
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: 2 win probabilities are not numbers between 0 and 1 (stages Prospecting, Negotiation/Review). Fix: these look like percentages: divide them by 100 (10% is 0.1).
    """
    source = "opportunities"
    require_columns(opportunities, [stage, amount], source=source, min_rows=1,
                    fix=_("pass stage='your stage column' and amount='your amount column'"))
    probs = _by_stage(probabilities)
    closed = [closed] if isinstance(closed, str) else _stage_list(closed, "closed")
    stages = _stage_column(opportunities, stage, list(probs) + [c for c in closed if c not in probs], source=source)
    money = amounts(opportunities[amount], amount, what="amount", source=source)
    is_open = ~stages.isin(closed).to_numpy()
    open_stages = [s for s in probs if s not in closed]
    frame = pd.DataFrame({"stage": stages.to_numpy()[is_open], "amount": money.to_numpy()[is_open]})
    with np.errstate(over="ignore", invalid="ignore"):
        grouped = frame.groupby("stage", sort=False)["amount"].agg(["size", "sum"])
        out = pd.DataFrame(index=pd.Index(open_stages, name="stage"))
        out["deals"] = grouped["size"].reindex(open_stages).fillna(0).astype("int64")
        out["amount"] = grouped["sum"].reindex(open_stages).fillna(0.0).astype("float64")
        out["probability"] = pd.Series(probs).reindex(open_stages).astype("float64")
        out["expected"] = out["amount"] * out["probability"]
        total_amount = float(out["amount"].sum())
        total_expected = float(out["expected"].sum())
    if not np.isfinite(total_amount):
        raise CourseDataError(_("the amounts add up to more than the largest number a float holds (about 1.8e308)"),
                              file=source, column=amount, fix=_("express them in a larger unit, e.g. millions"))
    out.loc["Total"] = [int(out["deals"].sum()), total_amount,
                        total_expected / total_amount if total_amount > 0 else 0.0, total_expected]
    out["deals"] = out["deals"].astype("int64")
    return out


def _history(history: pd.DataFrame, *, stages, opportunity: str, stage: str, date: str,
             won: str, lost: str) -> pd.DataFrame:
    """Validated stage history: one row per (deal, stage), sorted by deal and stage order."""
    source = "stage history"
    require_columns(history, [opportunity, stage, date], source=source, min_rows=1,
                    fix=_("pass opportunity=..., stage=..., date=... with your column names"))
    order = _stage_list(stages)
    for terminal in (won, lost):
        if not isinstance(terminal, str) or terminal not in order:
            raise CourseDataError(_("the stage list lacks {name}").format(name=repr(terminal)) if isinstance(terminal, str)
                                  else _("won and lost should be stage names, got {type}").format(
                                      type=type(terminal).__name__),
                                  fix=_("include the won and lost stages, or pass won=... and lost=..."))
    ids = hashable_ids(history[opportunity], source=source, col=opportunity, allow_missing=True)
    no_id = ids.isna().to_numpy()
    if no_id.any():
        raise CourseDataError(_("{count} rows have no opportunity id").format(count=int(no_id.sum())), file=source,
                              column=opportunity, rows=rows_where(history.index, no_id),
                              fix=_("fill in the id or drop those rows"))
    st = _stage_column(history, stage, order, source=source)
    entered = date_column(history, date, source, allow_missing=True)
    no_date = entered.isna().to_numpy()
    if no_date.any():
        raise CourseDataError(_("{count} rows have no date").format(count=int(no_date.sum())), file=source, column=date,
                              rows=rows_where(history.index, no_date),
                              fix=_("fill in the date the deal entered the stage"))
    rank = {s: i for i, s in enumerate(order)}
    h = pd.DataFrame({"opportunity": ids.astype(str).to_numpy(), "stage": st.to_numpy(),
                      "k": st.map(rank).to_numpy(), "date": entered.to_numpy(),
                      "row": history.index}, index=pd.RangeIndex(len(history)))
    dup = h.duplicated(["opportunity", "stage"], keep=False)
    if dup.any():
        raise CourseDataError(_("{count} rows repeat a (deal, stage) pair").format(count=int(dup.sum())), file=source,
                              rows=list(h.loc[dup, "row"]),
                              fix=_("keep one row per deal and stage: the date it first entered the stage"))
    h = h.sort_values(["opportunity", "k"], kind="stable").reset_index(drop=True)
    same = h["opportunity"].eq(h["opportunity"].shift())
    back = same & (h["date"] < h["date"].shift())
    if back.any():
        first = int(np.flatnonzero(back.to_numpy())[0])
        deal = h.at[first, "opportunity"]
        raise CourseDataError(
            _("dates go backwards in {count} rows: e.g. deal {deal} entered {stage} on {date}, before it entered "
              "{previous} on {previous_date}").format(
                count=int(back.sum()), deal=deal, stage=repr(h.at[first, "stage"]),
                date=f"{h.at[first, 'date']:%Y-%m-%d}", previous=repr(h.at[first - 1, "stage"]),
                previous_date=f"{h.at[first - 1, 'date']:%Y-%m-%d}"),
            file=source, column=date, rows=list(h.loc[back, "row"]),
            fix=_("a deal enters the stages in selling order: correct the dates (or the stage names) of those rows"))
    both = h[h["stage"].isin([won, lost])].groupby("opportunity")["stage"].nunique()
    both = both[both > 1]
    if len(both):
        rows = list(h.loc[h["opportunity"].isin(both.index) & h["stage"].isin([won, lost]), "row"])
        raise CourseDataError(_("{count} deals are both won and lost (e.g. {deal})").format(count=len(both),
                                                                                          deal=both.index[0]),
                              file=source, rows=rows, fix=_("keep only the stage the deal really ended in"))
    return h


def stage_conversion(history: pd.DataFrame, *, stages=STAGES, opportunity: str = "opportunity_id",
                     stage: str = "stage", date: str = "entered_date", won: str = "Closed Won",
                     lost: str = "Closed Lost") -> pd.DataFrame:
    """Conversion rate and median days for each stage transition, from dated stage history.

    For every open stage S, in ``stages`` order:

    * ``entered`` — deals that entered S;
    * ``advanced`` — deals whose next recorded stage is a later one other than ``lost``
      (normally the next stage; the last open stage advances to ``won``);
    * ``lost`` — deals that went from S straight to ``lost``;
    * ``still_open`` — deals still sitting in S;
    * ``conversion`` — advanced ÷ (advanced + lost): of the deals that left S, the share that
      moved forward (NaN when none has left yet);
    * ``median_days`` — median days from entering S to entering the next stage, over the deals
      that advanced.

    Parameters
    ----------
    history : pandas.DataFrame
        One row per deal and stage entered, with the date it entered
        (``huaxin_stage_history``'s layout). Dates are datetimes or ISO text (``2025-01-31``).
    stages : list of str, default SALES_STAGES
        All stages in selling order, ``won`` and ``lost`` included.
    opportunity, stage, date : str
        Column names.
    won, lost : str
        The stages that end a deal.

    Returns
    -------
    pandas.DataFrame
        One row per transition, indexed e.g. ``"Prospecting → Qualification"``.

    Raises
    ------
    CourseDataError
        Not a table, empty, duplicate or missing columns, rows without an id, stage or date,
        unknown stages, dates that are not ISO dates (numbers such as 20250131 are refused),
        a (deal, stage) pair twice, dates going backwards, or deals both won and lost.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"opportunity_id": ["O1", "O1", "O1", "O2", "O2", "O3"],
    ...                   "stage": ["Prospecting", "Qualification", "Closed Lost",
    ...                             "Prospecting", "Qualification", "Prospecting"],
    ...                   "entered_date": pd.to_datetime(["2025-01-01", "2025-01-11", "2025-02-01",
    ...                                                   "2025-03-01", "2025-03-05", "2025-06-01"])})
    >>> sc = stage_conversion(h)
    >>> print(sc.iloc[:2][["entered", "advanced", "lost", "still_open"]].to_string())
                                    entered  advanced  lost  still_open
    transition
    Prospecting → Qualification           3         2     0           1
    Qualification → Needs Analysis        2         0     1           1
    >>> sc["conversion"].iloc[:2].tolist(), sc["median_days"].iloc[:1].tolist()
    ([1.0, 0.0], [7.0])
    """
    h = _history(history, stages=stages, opportunity=opportunity, stage=stage, date=date, won=won, lost=lost)
    order = _stage_list(stages)
    same_next = h["opportunity"].eq(h["opportunity"].shift(-1))
    nxt = h["stage"].shift(-1).where(same_next)
    days = (h["date"].shift(-1) - h["date"]).dt.days.where(same_next)
    h = h.assign(next=nxt, days=days)
    open_order = [s for s in order if s not in (won, lost)]
    rows = []
    for i, s in enumerate(open_order):
        at = h[h["stage"] == s]
        has_next = at["next"].notna()
        lost_n = int((at["next"] == lost).sum())
        adv = at[has_next & (at["next"] != lost)]
        decided = len(adv) + lost_n
        target = open_order[i + 1] if i + 1 < len(open_order) else won
        rows.append({
            "transition": f"{s} → {target}",
            "entered": len(at),
            "advanced": len(adv),
            "lost": lost_n,
            "still_open": int((~has_next).sum()),
            "conversion": len(adv) / decided if decided else float("nan"),
            "median_days": float(adv["days"].median()) if len(adv) else float("nan"),
        })
    return pd.DataFrame(rows).set_index("transition")


def _snapshot(value, name: str = "snapshot") -> pd.Timestamp:
    """One day as a naive Timestamp: ISO text, a date or a Timestamp (numbers and 05/01/2025 refused)."""
    if isinstance(value, str):
        value = str.__str__(value)
        try:
            dates(pd.Series([value], dtype=object))  # the one ISO rule for text dates
        except CourseDataError:
            raise CourseDataError(_("cannot read the {name} date {value}: it is not an ISO date").format(
                name=name, value=repr(value[:30])),
                fix=_("write it as 'YYYY-MM-DD', e.g. {example}").format(example=f"{name}='{SNAPSHOT_DATE}'")) from None
    return timestamp(value, name, example=SNAPSHOT_DATE)


def stuck_deals(history: pd.DataFrame, snapshot=SNAPSHOT_DATE, *, days: int = 120, stages=STAGES,
                opportunity: str = "opportunity_id", stage: str = "stage", date: str = "entered_date",
                won: str = "Closed Won", lost: str = "Closed Lost") -> pd.DataFrame:
    """Open deals that have sat in their current stage for more than ``days`` days at ``snapshot``.

    Parameters
    ----------
    history : pandas.DataFrame
        Dated stage history, as for :func:`stage_conversion`.
    snapshot : str or datetime-like, default SNAPSHOT_DATE ("2026-01-01")
        The day the data were exported (ISO text such as ``"2026-01-01"`` or a date).
    days : float, default 120
        Days in the stage before a deal counts as stuck; 0 lists every open deal.
    stages, opportunity, stage, date, won, lost
        As for :func:`stage_conversion`.

    Returns
    -------
    pandas.DataFrame
        One row per stuck deal (index: the opportunity id) with its ``stage`` (a categorical in
        selling order), the date it ``entered`` that stage and ``days_in_stage``, longest first.

    Raises
    ------
    CourseDataError
        Everything :func:`stage_conversion` refuses, a snapshot that is not a date (numbers and
        day/month text are refused), stages entered after the snapshot, or negative ``days``.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"opportunity_id": ["O1", "O1", "O2"],
    ...                   "stage": ["Prospecting", "Qualification", "Prospecting"],
    ...                   "entered_date": pd.to_datetime(["2025-01-02", "2025-03-01", "2025-11-20"])})
    >>> stuck_deals(h, "2026-01-01")
                         stage    entered  days_in_stage
    opportunity_id
    O1              Qualification 2025-03-01            306
    """
    with refix(N_("e.g. days=120")):
        days = real(days, "days", low=0, example=120)
    snap = _snapshot(snapshot)
    h = _history(history, stages=stages, opportunity=opportunity, stage=stage, date=date, won=won, lost=lost)
    future = h["date"] > snap
    if future.any():
        raise CourseDataError(_("{count} stages were entered after the snapshot date {date}").format(
                                  count=int(future.sum()), date=f"{snap:%Y-%m-%d}"),
                              file="stage history", column=date, rows=list(h.loc[future, "row"]),
                              fix=_("pass the date the data was exported as snapshot=..."))
    last = h.groupby("opportunity", sort=False).tail(1)
    last = last[~last["stage"].isin([won, lost])]
    in_stage = (snap - last["date"]).dt.days
    order = _stage_list(stages)
    out = pd.DataFrame({"stage": pd.Categorical(last["stage"].to_numpy(), categories=order, ordered=True),
                        "entered": last["date"].to_numpy(),
                        "days_in_stage": in_stage.to_numpy().astype("int64")},
                       index=pd.Index(last["opportunity"].to_numpy(), name=opportunity))
    out = out[out["days_in_stage"] > days]
    return out.sort_values("days_in_stage", ascending=False, kind="stable")
