"""Call plans: the questions a seller means to ask, in order, and a check of their balance.

>>> plan = call_plan([("S", "Who decides?"), ("P", "Are repairs slow?")], objective="a trial")
>>> plan["type"].tolist(), plan.attrs["objective"]
(['S', 'P'], 'a trial')
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from crmcourse._validate import integer, real, require_columns, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.spin._common import QUESTION_TYPES, clean_text, describe, item_list, plain_text
from crmcourse.spin.classifier import classify_question

if TYPE_CHECKING:  # for the annotations only: pandas is imported inside the functions that use it
    import pandas as pd

__all__ = ["call_plan", "plan_balance", "plan_checklist"]

_PLAN_FIX = "build the plan with spin.call_plan(...)"
# the "source" of a step whose type the classifier guessed (translated when the plan is made)
_BY_CLASSIFIER = N_("classifier (cue: {cue})")
_BY_CLASSIFIER_NO_CUE = N_("classifier (no cue)")


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA: a step whose type the classifier should guess."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _plan_items(questions) -> list[tuple[Any, Any]]:
    """The plan as ``(type or None, text)`` pairs, from a table or a list."""
    import pandas as pd

    if isinstance(questions, pd.DataFrame):
        require_columns(questions, ["question"], source="the plan table",
                        fix="name the column with the question texts 'question'")
        texts = questions["question"].tolist()
        kinds = questions["type"].tolist() if "type" in questions.columns else [None] * len(texts)
        return list(zip(kinds, texts))
    raw = item_list(questions, "call_plan needs a list of questions",
                    fix="pass a list of texts or of (type, text) pairs")
    items = []
    for q in raw:
        text = plain_text(q)
        if text is not None:
            items.append((None, text))
        elif isinstance(q, (tuple, list)) and len(q) == 2:
            items.append((q[0], q[1]))
        else:
            raise CourseDataError(f"cannot read the plan item {describe(q)}",
                                  fix="give each question as text or as a (type, text) pair, e.g. ('S', 'How many ...?')")
    return items


def call_plan(questions, objective: str | None = None) -> "pd.DataFrame":
    """A call plan: the questions in the order you mean to ask them, each with its SPIN type.

    Parameters
    ----------
    questions : list or pandas.DataFrame
        Question texts (their types are guessed with :func:`classify_question`), ``(type,
        text)`` pairs (your own labels, which win), or a table with ``question`` and optionally
        ``type`` (an empty type is guessed).
    objective : str, optional
        The advance you want from the call; kept in ``plan.attrs["objective"]``. ``...``
        (not filled in yet) counts as no objective.

    Returns
    -------
    pandas.DataFrame
        ``step``, ``type``, ``question`` (whitespace tidied) and ``source`` (``"yours"`` or the
        classifier's cue).

    Raises
    ------
    CourseDataError
        ``questions`` is not a list or table, is empty, or has a step with no text or a type
        other than S, P, I or N; or ``objective`` is not text.

    Examples
    --------
    >>> plan = call_plan([("S", "Who services the printers today?"),
    ...                   "Are you satisfied with how fast repairs are done?"],
    ...                  objective="a trial in outpatients")
    >>> plan[["step", "type", "source"]].values.tolist()
    [[1, 'S', 'yours'], [2, 'P', 'classifier (cue: satisfied)']]
    """
    import pandas as pd

    if objective is Ellipsis:
        objective = None
    if objective is not None:
        text = plain_text(objective)
        if text is None:
            raise CourseDataError(f"objective must be text, got {describe(objective)}",
                                  fix="e.g. objective='agree a one-month trial'")
        objective = text
    items = _plan_items(questions)
    if not items:
        raise CourseDataError("the plan has no questions", fix="add at least one question")
    rows = []
    for step, (kind, raw_text) in enumerate(items, start=1):
        text = plain_text(raw_text)
        if text is None or not text.strip():
            raise CourseDataError(f"plan step {step} has no question text (got {describe(raw_text)})",
                                  fix="write the question as text")
        if _missing(kind):
            g = classify_question(text)
            kind, source = g.label, _(_BY_CLASSIFIER).format(cue=g.cue) if g.cue else _(_BY_CLASSIFIER_NO_CUE)
        else:
            label = plain_text(kind)
            label = label.strip().upper() if label is not None else None
            if label not in QUESTION_TYPES:
                raise CourseDataError(f"plan step {step}: unknown type {describe(kind)}", fix="use S, P, I or N")
            kind, source = label, "yours"
        rows.append({"step": step, "type": kind, "question": clean_text(text), "source": source})
    plan = pd.DataFrame(rows)
    plan.attrs["objective"] = objective
    return plan


def _plan_types(plan) -> list[str]:
    """The plan's types (S/P/I/N, spaces and case ignored), or one error naming the bad steps."""
    require_columns(plan, ["type"], source="the plan", fix=_PLAN_FIX)
    if len(plan) == 0:
        raise CourseDataError("the plan has no questions", file="the plan", fix=_PLAN_FIX)
    values = plan["type"].to_numpy(dtype=object)
    types = []
    for v in values:
        text = plain_text(v)
        types.append(text.strip().upper() if text is not None else None)
    bad = [t not in QUESTION_TYPES for t in types]
    if any(bad):
        raise CourseDataError(f"{sum(bad)} step(s) have a type other than S, P, I or N "
                              f"(e.g. {describe(values[bad.index(True)])})", file="the plan", column="type",
                              rows=rows_where(plan.index, bad), fix=_PLAN_FIX)
    return types


def plan_balance(plan, max_situation_share: float = 1 / 3) -> "pd.DataFrame":
    """Check a call plan's balance against what the research found, one row per rule.

    Rules: (1) situation questions are at most ``max_situation_share`` of the plan (do your
    homework instead); (2) it asks about at least one problem; (3) it has at least as many
    implication as problem questions (develop each problem); (4) it has a need-payoff question
    (let the buyer state the value); (5) a problem is raised before any implication or
    need-payoff question.

    Parameters
    ----------
    plan : pandas.DataFrame
        :func:`call_plan`'s result (any table with a ``type`` column of S/P/I/N).
    max_situation_share : float, default 1/3
        The largest share of situation questions that passes rule (1), from 0 to 1.

    Returns
    -------
    pandas.DataFrame
        ``rule``, ``ok`` (bool) and ``detail``.

    Raises
    ------
    CourseDataError
        ``plan`` is not a table, is empty, has no ``type`` column or a type other than S, P, I
        or N; or ``max_situation_share`` is not a number from 0 to 1.

    Examples
    --------
    >>> plan = call_plan([("S", "a"), ("S", "b"), ("P", "c"), ("I", "d")])
    >>> plan_balance(plan)["ok"].tolist()
    [False, True, True, False, True]
    """
    import pandas as pd

    types = _plan_types(plan)
    max_situation_share = real(max_situation_share, "max_situation_share", low=0, high=1, example=0.3,
                               percent_hint=True)
    n = len(types)
    count = {t: types.count(t) for t in QUESTION_TYPES}
    first = {t: (types.index(t) if t in types else None) for t in QUESTION_TYPES}
    later = [first[t] for t in ("I", "N") if first[t] is not None]
    share = count["S"] / n
    rows = [
        ("few situation questions", share <= max_situation_share + 1e-9,
         f"{count['S']} of {n} ({share:.0%}); at most {max_situation_share:.0%}"),
        ("asks about problems", count["P"] >= 1, f"{count['P']} problem question(s)"),
        ("develops each problem", count["I"] >= count["P"] and count["I"] >= 1,
         f"{count['I']} implication vs {count['P']} problem question(s)"),
        ("lets the buyer state the value", count["N"] >= 1, f"{count['N']} need-payoff question(s)"),
        ("problem before development", bool(later) is False or (first["P"] is not None and first["P"] < min(later)),
         "the first problem question comes before the first implication / need-payoff question"
         if (first["P"] is not None and (not later or first["P"] < min(later)))
         else "an implication or need-payoff question comes before any problem is raised"),
    ]
    return pd.DataFrame(rows, columns=["rule", "ok", "detail"])


def plan_checklist(plan, min_questions: int = 6) -> dict:
    """A call plan's balance as a checklist, for exercises.

    Each :func:`plan_balance` rule, plus "has an objective" and "at least N questions", maps to
    ``"ok"`` or ``"fails"``. While ``plan`` is still ``...`` it returns ``...``.

    Parameters
    ----------
    plan : pandas.DataFrame or Ellipsis
        :func:`call_plan`'s result.
    min_questions : int, default 6
        How many questions the plan should have at least.

    Returns
    -------
    dict or Ellipsis
        Rule → ``"ok"`` / ``"fails"``.

    Raises
    ------
    CourseDataError
        As :func:`plan_balance`; or ``min_questions`` is not a whole number of 0 or more.

    Examples
    --------
    >>> plan = call_plan([("S", "a"), ("P", "b"), ("I", "c"), ("N", "d")], objective="a trial")
    >>> plan_checklist(plan, min_questions=4)["develops each problem"], plan_checklist(plan)["at least 6 questions"]
    ('ok', 'fails')
    >>> plan_checklist(...)
    Ellipsis
    """
    if plan is Ellipsis:
        return Ellipsis
    min_questions = integer(min_questions, "min_questions", 0)
    report = plan_balance(plan)
    checklist = {r.rule: ("ok" if r.ok else "fails") for r in report.itertuples()}
    objective = plain_text(plan.attrs.get("objective"))
    checklist["has an objective"] = "ok" if objective is not None and objective.strip() else "fails"
    checklist[f"at least {min_questions} questions"] = "ok" if len(plan) >= min_questions else "fails"
    return checklist
