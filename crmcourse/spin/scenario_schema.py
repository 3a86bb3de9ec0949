"""The scenario model and its schema: what a buyer for the call simulator must say, field by field.

:func:`build_scenario` turns a parsed YAML document into a :class:`Scenario`, or raises one
:class:`ScenarioError` naming the file, the line, the field path (``problems[2].implications``)
and what is expected there. Reading the file is :mod:`crmcourse.spin.scenario`'s job.

>>> from crmcourse.spin import load_scenario
>>> sc = load_scenario("hospital")
>>> sc.id, sc.outcomes
('hospital', {'advance': 1, 'order': 3})
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crmcourse._validate import did_you_mean
from crmcourse.errors import CourseDataError
from crmcourse.spin._common import MOVE_TYPES, describe

if TYPE_CHECKING:  # for the annotations only: pandas is imported inside the functions that use it
    import pandas as pd

__all__ = ["ScenarioError", "Question", "Problem", "Need", "Scenario", "build_scenario", "kind_of",
           "MAX_SCENARIO_NUMBER"]

#: The largest number a scenario may hold (patience, time, effects, thresholds are all small).
MAX_SCENARIO_NUMBER = 10_000


class ScenarioError(CourseDataError):
    """A scenario file that cannot be used: which file, which line and field, what is expected.

    A :class:`~crmcourse.errors.CourseDataError` (and so a ``ValueError``).

    Parameters
    ----------
    problem : str
        What is wrong.
    file : str
        The file (or the ``source`` name given to :func:`parse_scenario`).
    line : int, optional
        The 1-based line.
    field : str, optional
        The field path, e.g. ``problems[2].implications``.
    expected : str, optional
        What the field should hold.
    fix : str, optional
        What to do (default: see the format in docs/spin-scenarios.md).

    Examples
    --------
    >>> err = ScenarioError("missing", file="my.yml", line=12, field="problems[2].implications",
    ...                     expected="a list of implications")
    >>> print(err)
    my.yml, line 12, field problems[2].implications: missing; expected a list of implications. Fix: see docs/spin-scenarios.md for the scenario format.
    >>> err.line, err.field
    (12, 'problems[2].implications')
    """

    __module__ = "crmcourse.spin"  # its public home, shown in tracebacks

    def __init__(self, problem: str, *, file: str, line: int | None = None, field: str | None = None,
                 expected: str | None = None, fix: str | None = None):
        where = str(file)
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field {field}"
        text = problem + (f"; expected {expected}" if expected else "")
        super().__init__(text, file=where, fix=fix or "see docs/spin-scenarios.md for the scenario format")
        self.file = str(file)
        self.line = line
        self.field = field
        self.expected = expected


@dataclass(frozen=True)
class Question:
    """One move of a scenario: a question, a pitch or a close, and what it ``targets``."""

    id: str
    type: str
    text: str
    targets: str | None = None
    reply: str | None = None


@dataclass(frozen=True)
class Problem:
    """A hidden problem (an implied need once admitted), its implications and the needs it leads to."""

    id: str
    text: str
    implications: tuple[str, ...]
    needs: tuple[str, ...]
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
    """An explicit need, how many implications it needs ``develop``-ed, and its FAB statements."""

    id: str
    text: str
    develop: int = 1
    feature: str | None = None
    advantage: str | None = None
    benefit: str | None = None
    problems: tuple[str, ...] = ()


_DEFAULT_EFFECTS = {"pitch": 0.0, "repeat": -1.5, "misfire": -1.0, "objection": -1.5, "price_concern": -1.0,
                    "approval": 1.0, "fatigue": -0.5, "situation_limit": 3}


@dataclass
class Scenario:
    """A validated buyer for the simulator (see :func:`load_scenario`). Read-only by convention.

    Examples
    --------
    >>> from crmcourse.spin import load_scenario
    >>> sc = load_scenario("bank")
    >>> sc.patience, sc.max_turns, sc.outcomes
    (9.0, 18, {'advance': 2, 'order': 3})
    """

    id: str
    title: str
    seller: str
    buyer: dict
    facts: dict[str, str]
    problems: dict[str, Problem]
    implications: dict[str, tuple[str, str]]  # id -> (problem id, text)
    needs: dict[str, Need]
    questions: dict[str, Question]
    effects: dict[str, float]
    outcomes: dict[str, int]
    source: str = ""

    @property
    def patience(self) -> float:
        """The buyer's starting patience (before the seed's mood shift)."""
        return float(self.buyer["patience"])

    @property
    def max_turns(self) -> int:
        """How many moves the buyer has time for (``buyer.time``, default 15)."""
        return int(self.buyer.get("time", 15))

    def questions_table(self) -> "pd.DataFrame":
        """The moves a seller can make.

        Returns
        -------
        pandas.DataFrame
            ``id``, ``type``, ``targets`` and ``text``, one row per move.

        Examples
        --------
        >>> from crmcourse.spin import load_scenario
        >>> load_scenario("hospital").questions_table().columns.tolist()
        ['id', 'type', 'targets', 'text']
        """
        import pandas as pd

        return pd.DataFrame([{"id": q.id, "type": q.type, "targets": q.targets or "", "text": q.text}
                             for q in self.questions.values()])

    def needs_table(self) -> "pd.DataFrame":
        """Problems (implied needs), their implications and the explicit needs they can lead to.

        Returns
        -------
        pandas.DataFrame
            ``problem``, ``implications``, ``needs`` and ``text``, one row per problem.

        Examples
        --------
        >>> from crmcourse.spin import load_scenario
        >>> t = load_scenario("hospital").needs_table()
        >>> t.columns.tolist()
        ['problem', 'implications', 'needs', 'text']
        """
        import pandas as pd

        return pd.DataFrame([{"problem": p.id, "implications": ", ".join(p.implications),
                              "needs": ", ".join(p.needs), "text": p.text} for p in self.problems.values()])

    def fab_table(self) -> "pd.DataFrame":
        """For each explicit need: the feature, advantage and benefit statements of the offer.

        Returns
        -------
        pandas.DataFrame
            ``need``, ``explicit need``, ``feature``, ``advantage`` and ``benefit``.

        Examples
        --------
        >>> from crmcourse.spin import load_scenario
        >>> "benefit" in load_scenario("hospital").fab_table().columns
        True
        """
        import pandas as pd

        return pd.DataFrame([{"need": n.id, "explicit need": n.text, "feature": n.feature or "",
                              "advantage": n.advantage or "", "benefit": n.benefit or ""}
                             for n in self.needs.values()])


# -------------------------------------------------------------------- validation

_TOP_KEYS = {"id": True, "title": True, "seller": False, "buyer": True, "facts": True, "problems": True,
             "needs": True, "questions": True, "effects": True, "outcomes": True, "notes": False}
_BUYER_KEYS = {"name": True, "industry": True, "patience": True, "person": False, "account_id": False,
               "time": False, "mood": False, "opening": False}
_FACT_KEYS = {"id": True, "text": True}
_PROBLEM_KEYS = {"id": True, "text": True, "implications": True, "needs": True, "requires": False}
_IMPL_KEYS = {"id": True, "text": True}
_NEED_KEYS = {"id": True, "text": True, "develop": False, "feature": False, "advantage": False, "benefit": False}
_QUESTION_KEYS = {"id": True, "type": True, "text": True, "targets": False, "reply": False}
_EFFECT_KEYS = {"S": True, "P": True, "I": True, "N": True, "pitch": False, "repeat": False, "misfire": False,
                "objection": False, "price_concern": False, "approval": False, "fatigue": False,
                "situation_limit": False}
_OUTCOME_KEYS = {"advance": True, "order": True}
_TYPE_ALIASES = {"situation": "S", "problem": "P", "implication": "I", "need-payoff": "N", "needpayoff": "N",
                 "need_payoff": "N", "need": "N", "s": "S", "p": "P", "i": "I", "n": "N", "feature": "pitch",
                 "advantage": "pitch", "benefit": "pitch", "statement": "pitch", "commitment": "close",
                 "advance": "close", "order": "close"}
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

_EXPECTED = {
    "id": "a short id (letters, digits, '_')", "title": "a one-line title", "buyer": "a mapping describing the buyer",
    "name": "the buyer organisation's name", "industry": "the buyer's industry, e.g. hospital",
    "patience": "a number > 0: how much tiring questioning the buyer accepts",
    "facts": "a list of facts, each with id and text", "problems": "a list of problems, each with id, text, implications and needs",
    "implications": "a list of implications, each with id and text", "needs": "a list of ids of explicit needs",
    "questions": "a list of questions, each with id, type, text (and targets)",
    "effects": "a mapping of patience changes per question type: S, P, I, N",
    "outcomes": "a mapping with the explicit needs needed for 'advance' and 'order'",
    "type": "one of " + ", ".join(MOVE_TYPES), "text": "the words said, as text",
    "S": "a number (patience change)", "P": "a number (patience change)", "I": "a number (patience change)",
    "N": "a number (patience change)", "advance": "a whole number of explicit needs", "order": "a whole number of explicit needs",
}


def kind_of(value) -> str:
    """How a value looks in a message: 'empty', 'the number 3', "the text 'abc'", 'a list of 2'.

    >>> kind_of(None), kind_of([1, 2])
    ('empty', 'a list of 2')
    """
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, str):
        return "empty text" if not value.strip() else f"the text {value[:30]!r}"
    if isinstance(value, (int, float)):
        return f"the number {describe(value, 30)}"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


class _Checker:
    def __init__(self, source: str, lines: dict[str, int]):
        self.source, self.lines = source, lines

    def line(self, path: str) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            shorter = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path)
            path = "" if shorter == path else shorter
        return self.lines.get("")

    def fail(self, path: str, problem: str, expected: str | None = None, fix: str | None = None):
        raise ScenarioError(problem, file=self.source, line=self.line(path), field=path or None,
                            expected=expected, fix=fix)

    def mapping(self, value, path: str, keys: dict[str, bool], what: str) -> dict:
        if not isinstance(value, dict):
            self.fail(path, f"is {kind_of(value)}", expected=f"{what} (a mapping of 'key: value' lines)")
        for key in value:
            if str(key) not in keys:
                self.fail(f"{path}.{key}" if path else str(key), f"unknown key {str(key)!r}{did_you_mean(key, keys)}",
                          expected="one of: " + ", ".join(keys))
        for key, required in keys.items():
            if required and key not in value:
                self.fail(f"{path}.{key}" if path else key, "is missing",
                          expected=_EXPECTED.get(key, "a value"), fix=f"add '{key}:' to {what}")
        return value

    def text(self, value, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"is {kind_of(value)}", expected="non-empty text (put it in quotes if in doubt)")
        return " ".join(value.split())

    def ident(self, value, path: str) -> str:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.fail(path, f"is {kind_of(value)}",
                      expected="an id: a letter followed by letters, digits, '_' or '-' (e.g. slow_repairs)")
        return value

    def number(self, value, path: str, low: float | None = None, integer: bool = False) -> float:
        kind = "a whole number" if integer else "a number"
        expected = kind + (f" of at least {low:g}" if low is not None else "")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self.fail(path, f"is {kind_of(value)}", expected=expected)
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(path, f"is {kind_of(value)}", expected=f"{expected} (a finite number)")
        if abs(value) > MAX_SCENARIO_NUMBER:
            self.fail(path, f"is {kind_of(value)}, far too large", expected=f"{expected}, at most {MAX_SCENARIO_NUMBER:,}")
        if (integer and not float(value).is_integer()) or (low is not None and value < low):
            self.fail(path, f"is {kind_of(value)}", expected=expected)
        return value

    def items(self, value, path: str, what: str, minimum: int = 1) -> list:
        if not isinstance(value, list) or len(value) < minimum:
            self.fail(path, f"is {kind_of(value)}", expected=f"a list of {what} (at least {minimum}, each line starting with '- ')")
        return value

    def id_list(self, value, path: str, known: Mapping, what: str, minimum: int = 0) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if value is None:
            value = []
        if minimum:
            self.items(value, path, f"{what} ids", minimum)
        if not isinstance(value, list):
            self.fail(path, f"is {kind_of(value)}", expected=f"a list of {what} ids")
        out = []
        for i, ref in enumerate(value):
            p = f"{path}[{i}]"
            self.ident(ref, p)
            if ref not in known:
                self.dangling(p, ref, known, what)
            out.append(ref)
        return tuple(out)

    def dangling(self, path: str, ref: str, known: Mapping, what: str):
        shown = ", ".join(list(known)[:12]) or "none defined"
        self.fail(path, f"refers to {ref!r}, which is not a {what} id in this scenario{did_you_mean(ref, known)}",
                  expected=f"one of the {what} ids: {shown}")


def build_scenario(doc, lines: dict[str, int], source: str) -> Scenario:
    """Check a parsed scenario document field by field and build the :class:`Scenario`.

    Parameters
    ----------
    doc : Any
        What YAML made of the file (a mapping, if it is a scenario).
    lines : dict of str to int
        The line of each field path (``"problems[2].implications"``), for messages.
    source : str
        The file's name, for messages.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        The first field that is missing, unknown, of the wrong kind, out of range, or refers to
        an id the scenario does not define.

    Examples
    --------
    >>> build_scenario({"id": "x"}, {"": 1, "id": 1}, "draft.yml")
    Traceback (most recent call last):
    ...
    crmcourse.spin.ScenarioError: draft.yml, line 1, field title: is missing; expected a one-line title. Fix: add 'title:' to the scenario.
    """
    c = _Checker(source, lines)
    if doc is None:
        c.fail("", "the file is empty", expected="a scenario (see docs/spin-scenarios.md)")
    c.mapping(doc, "", _TOP_KEYS, "the scenario")
    sid = c.ident(doc["id"], "id")
    title = c.text(doc["title"], "title")
    seller = c.text(doc["seller"], "seller") if "seller" in doc else "the seller"

    buyer = dict(c.mapping(doc["buyer"], "buyer", _BUYER_KEYS, "buyer"))
    for key in ("name", "industry", "person", "opening", "account_id"):
        if key in buyer:
            buyer[key] = c.text(buyer[key], f"buyer.{key}")
    c.number(buyer["patience"], "buyer.patience", low=1)
    if "time" in buyer:
        c.number(buyer["time"], "buyer.time", low=2, integer=True)
    if "mood" in buyer:
        c.number(buyer["mood"], "buyer.mood", low=0, integer=True)

    ids: dict[str, str] = {}  # every id in the scenario -> the field that defined it

    def claim(value: str, path: str):
        if value in ids:
            c.fail(path, f"the id {value!r} is used twice (also at {ids[value]})",
                   expected="ids that are unique across facts, problems, implications, needs and questions")
        ids[value] = path

    facts: dict[str, str] = {}
    for i, item in enumerate(c.items(doc["facts"], "facts", "facts")):
        p = f"facts[{i}]"
        c.mapping(item, p, _FACT_KEYS, "a fact")
        fid = c.ident(item["id"], f"{p}.id")
        claim(fid, p)
        facts[fid] = c.text(item["text"], f"{p}.text")

    # needs first, so problems can refer to them
    needs_raw = c.items(doc["needs"], "needs", "explicit needs")
    need_ids = {}
    for i, item in enumerate(needs_raw):
        p = f"needs[{i}]"
        c.mapping(item, p, _NEED_KEYS, "a need")
        nid = c.ident(item["id"], f"{p}.id")
        claim(nid, p)
        need_ids[nid] = i

    problems: dict[str, Problem] = {}
    implications: dict[str, tuple[str, str]] = {}
    for i, item in enumerate(c.items(doc["problems"], "problems", "problems")):
        p = f"problems[{i}]"
        c.mapping(item, p, _PROBLEM_KEYS, "a problem")
        pid = c.ident(item["id"], f"{p}.id")
        claim(pid, p)
        text = c.text(item["text"], f"{p}.text")
        impl_ids = []
        for j, imp in enumerate(c.items(item["implications"], f"{p}.implications", "implications")):
            q = f"{p}.implications[{j}]"
            c.mapping(imp, q, _IMPL_KEYS, "an implication")
            iid = c.ident(imp["id"], f"{q}.id")
            claim(iid, q)
            implications[iid] = (pid, c.text(imp["text"], f"{q}.text"))
            impl_ids.append(iid)
        linked = c.id_list(item["needs"], f"{p}.needs", need_ids, "need", minimum=1)
        requires = c.id_list(item.get("requires"), f"{p}.requires", facts, "fact")
        problems[pid] = Problem(pid, text, tuple(impl_ids), linked, requires)

    needs: dict[str, Need] = {}
    for nid, i in need_ids.items():
        p = f"needs[{i}]"
        item = needs_raw[i]
        develop = int(c.number(item.get("develop", 1), f"{p}.develop", low=0, integer=True))
        sources = tuple(pid for pid, prob in problems.items() if nid in prob.needs)
        if not sources:
            c.fail(p, f"the need {nid!r} is linked to no problem, so no question can bring it out",
                   expected=f"{nid!r} listed under 'needs:' of at least one problem")
        most = max(len(problems[pid].implications) for pid in sources)
        if develop > most:
            c.fail(f"{p}.develop", f"asks for {develop} implications, but its problems have at most {most}",
                   expected=f"a whole number from 0 to {most}")
        extra = {k: c.text(item[k], f"{p}.{k}") for k in ("feature", "advantage", "benefit") if k in item}
        needs[nid] = Need(nid, c.text(item["text"], f"{p}.text"), develop, problems=sources, **extra)

    effects_doc = c.mapping(doc["effects"], "effects", _EFFECT_KEYS, "effects")
    effects = dict(_DEFAULT_EFFECTS)
    for key, value in effects_doc.items():
        effects[str(key)] = float(c.number(value, f"effects.{key}",
                                           low=0 if key == "situation_limit" else None,
                                           integer=key == "situation_limit"))

    outcomes_doc = c.mapping(doc["outcomes"], "outcomes", _OUTCOME_KEYS, "outcomes")
    advance = int(c.number(outcomes_doc["advance"], "outcomes.advance", low=1, integer=True))
    order = int(c.number(outcomes_doc["order"], "outcomes.order", low=1, integer=True))
    if order < advance:
        c.fail("outcomes.order", f"is {order}, fewer than outcomes.advance ({advance})",
               expected="an order to need at least as many explicit needs as an advance")
    if order > len(needs):
        c.fail("outcomes.order", f"asks for {order} explicit needs but the scenario defines {len(needs)}",
               expected=f"a whole number from {advance} to {len(needs)}")

    questions: dict[str, Question] = {}
    targets_of = {"S": (facts, "fact"), "P": (problems, "problem"), "I": (implications, "implication"),
                  "N": (needs, "need"), "pitch": (needs, "need")}
    for i, item in enumerate(c.items(doc["questions"], "questions", "questions", minimum=2)):
        p = f"questions[{i}]"
        c.mapping(item, p, _QUESTION_KEYS, "a question")
        qid = c.ident(item["id"], f"{p}.id")
        claim(qid, p)
        kind = item["type"]
        if not isinstance(kind, str) or kind not in MOVE_TYPES:
            alias = _TYPE_ALIASES.get(str(kind).strip().lower().replace(" ", "-")) if isinstance(kind, str) else None
            hint = f" (did you mean {alias!r}?)" if alias else did_you_mean(kind, MOVE_TYPES)
            c.fail(f"{p}.type", f"unknown question type {describe(kind)}{hint}",
                   expected="one of " + ", ".join(MOVE_TYPES),
                   fix="S situation, P problem, I implication, N need-payoff, pitch (a statement), close (ask for a commitment)")
        text = c.text(item["text"], f"{p}.text")
        target = item.get("targets")
        reply = c.text(item["reply"], f"{p}.reply") if "reply" in item else None
        if kind == "close":
            if target not in ("advance", "order"):
                c.fail(f"{p}.targets", f"is {kind_of(target)}", expected="'advance' or 'order' (what the close asks for)")
        elif target is None:
            if kind in ("I", "N"):
                c.fail(f"{p}.targets", "is missing", expected=f"the id of the {targets_of[kind][1]} this question develops")
            if kind in ("S", "P") and reply is None:
                c.fail(f"{p}.reply", "is missing",
                       expected="a reply, since the question targets nothing (or add 'targets:' with a "
                                f"{targets_of[kind][1]} id)")
        else:
            known, what = targets_of[kind]
            c.ident(target, f"{p}.targets")
            if target not in known:
                c.dangling(f"{p}.targets", target, known, what)
        questions[qid] = Question(qid, kind, text, target, reply)
    kinds = {q.type for q in questions.values()}
    if "close" not in kinds:
        c.fail("questions", "has no question of type close", expected="at least one close (targets: advance or order)")
    return Scenario(sid, title, seller, buyer, facts, problems, implications, needs, questions, effects,
                    {"advance": advance, "order": order}, source)
