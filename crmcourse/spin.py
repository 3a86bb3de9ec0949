"""SPIN questioning (module 3): a question bank, a cue-based classifier, call plans and a call simulator.

Neil Rackham's research group (Huthwaite) studied about 35,000 sales calls and found that, in large
sales, four kinds of question work together: **situation** (S, facts), **problem** (P,
difficulties: implied needs), **implication** (I, consequences of a problem) and **need-payoff**
(N, the value of solving it: explicit needs). This module holds the helpers the module-3
notebooks use:

* the question bank — :func:`question_bank` (``data/spin/questions.csv``) and a held-apart test
  set, :func:`holdout` (``data/spin/holdout.csv``);
* :func:`classify_question` — a *heuristic*: it looks for cue words and returns a label with the
  cue it used, so a learner can compare its guess with their own;
* :func:`call_plan` and :func:`plan_balance` — a call plan and a check of its question balance;
* the call simulator — :func:`load_scenario` reads a buyer described in YAML
  (``data/spin/scenarios/*.yml``, format in ``docs/spin-scenarios.md``) and
  :class:`CallSimulator` plays a call against it, turn by turn, to one of the four outcomes.

>>> classify_question("What happens to the queue when the printer breaks down?").label
'I'
>>> sim = CallSimulator(load_scenario("hospital"), seed=1)
>>> sim.ask("s_fleet").revealed
('fact: fleet',)
>>> sim.outcome() in OUTCOMES
True
"""
from __future__ import annotations

import difflib
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from crmcourse.data import CourseDataError

if TYPE_CHECKING:  # pandas is imported inside the functions, so importing this module stays quick
    import pandas as pd

__all__ = [
    "QUESTION_TYPES",
    "TYPE_NAMES",
    "MOVE_TYPES",
    "STAGES",
    "OUTCOMES",
    "SUCCESSFUL_PROFILE",
    "TYPICAL_PROFILE",
    "FAB_RESPONSES",
    "Guess",
    "classify_question",
    "classify_questions",
    "classifier_report",
    "question_bank",
    "holdout",
    "quiz_feedback",
    "call_plan",
    "plan_balance",
    "plan_checklist",
    "ScenarioError",
    "CallError",
    "Scenario",
    "load_scenario",
    "parse_scenario",
    "scenarios",
    "Reply",
    "CallState",
    "CallSimulator",
    "replay",
    "call_result",
    "simulate_calls",
]

#: The four SPIN question types, in the order a call usually develops them.
QUESTION_TYPES = ("S", "P", "I", "N")
TYPE_NAMES = {"S": "situation", "P": "problem", "I": "implication", "N": "need-payoff"}
#: What a seller can do in the simulator: the four question types, a pitch (a statement about the
#: offer) and a close (asking for a commitment).
MOVE_TYPES = QUESTION_TYPES + ("pitch", "close")
#: Rackham's four stages of a sales call.
STAGES = ("preliminaries", "investigating", "demonstrating capability", "obtaining commitment")
#: The four ways a call can end, best first.
OUTCOMES = ("order", "advance", "continuation", "no-sale")
#: Share of each question type in calls of successful sellers in large sales. ILLUSTRATIVE: the
#: research reports the direction (fewer situation questions, many more implication and
#: need-payoff questions), not these exact shares.
SUCCESSFUL_PROFILE = {"S": 0.20, "P": 0.30, "I": 0.30, "N": 0.20}
#: The same for an inexperienced seller (illustrative): mostly situation questions.
TYPICAL_PROFILE = {"S": 0.55, "P": 0.30, "I": 0.10, "N": 0.05}
#: How buyers respond to the three kinds of statement (Rackham): features draw price concerns,
#: advantages draw objections, benefits (meeting an explicit need) draw approval.
FAB_RESPONSES = {"feature": "price concern", "advantage": "objection", "benefit": "approval"}


# ============================================================================ classifier

class Guess(NamedTuple):
    """The classifier's guess: ``label`` (S/P/I/N), the ``cue`` words it matched, and ``why``."""

    label: str
    cue: str
    why: str


_WHY = {
    "S": "no problem, consequence or value cue: a fact-finding question",
    "P": "asks about a difficulty or dissatisfaction",
    "I": "asks about the consequences of a problem",
    "N": "asks about the value or usefulness of a solution",
}

# Ordered rules: the first that matches decides. Need-payoff cues come before implication cues
# ("would that save ...?" is about a solution's value), implication before problem cues (a
# question about what a breakdown *leads to* mentions the breakdown too), and a question with no
# cue is taken as situation. The cues were tuned on data/spin/questions.csv only.
_RULES: list[tuple[str, str, str]] = [
    ("I", r"\bwhat would happen\b|\bwhat would (?:it|that) cost\b|\bwhat would be the (?:effects?|impacts?|consequences?|costs?)\b",
     "asks what would follow from a problem"),
    ("N", r"\b(would|could|will|might)\b[^?]*?\b(help|helps|ease|easier|useful|valuable|worth|benefits?|save|saving|improve|reduce|matter|difference|gain)\b",
     "asks what a change would be worth to the buyer"),
    ("N", r"\bhow (?:useful|valuable|helpful|important)\b", "asks how useful a solution would be"),
    ("N", r"\b(what would)\b[^?]*?\b(mean)\b", "asks what a solution would mean for the buyer"),
    ("N", r"\bwhy (?:would|is it important|is that important|does (?:it|that) matter)\b",
     "asks the buyer to say why a solution matters"),
    ("N", r"\bwhat else would\b|\bany other way\b|\b(what could)\b[^?]*?\b(do with)\b",
     "asks for further benefits of a solution"),
    ("N", r"\b(?:worth|benefits?|gain)\b", "asks about a benefit"),
    ("N", r"^would\b", "asks the buyer to weigh a change ('Would ...?')"),
    ("I", r"\b(?:affects?|affected|affecting|effects?|impacts?)\b", "asks about the effect of a problem"),
    ("I", r"\blead(?:s)? to\b|\bled to\b|\bresult(?:s|ed)? in\b|\bas a result\b|\bbecause\b|\bcaus(?:e|es|ed|ing)\b(?![^?]*\b(?:trouble|headaches?|problems?|difficult\w*))|\bconsequences?\b|\badded to\b",
     "asks what a problem leads to"),
    ("I", r"\bcosts?\b|\bcosting\b", "asks what a problem costs"),
    ("I", r"\b(?:risks?|hurt|hurts|damage|damages|pushed|penalt(?:y|ies))\b", "links a problem to a risk or damage"),
    ("I", r"\bwhat (?:happens|happened)\b|\b(what (?:does|do|did))\b[^?]*?\b(do to)\b|\b(does|do|did)\b[^?]*?\b(mean (?:for|to))\b",
     "follows a problem to what happens next"),
    ("I", r"\b(los(?:e|es|ing|t))\b[^?]*?\b(time|money|customers?|business|contracts?|sales|hours|output)\b"
          r"|\b(what (?:does|do|did))\b[^?]*?\b(los(?:e|t))\b",
     "sizes what a problem loses the buyer"),
    ("I", r"\b(how (?:much|many))\b[^?]*?\b(time|money|extra|mistakes|errors|calls|hours)\b",
     "sizes the consequences of a problem"),
    ("I", r"^(if|when|whenever)\b[^?]*?,\s*(what|how|who|does|do|is|are|will|would)\b",
     "follows a problem ('if/when ...') to what comes next"),
    ("P", r"\b(?:problems?|difficult|difficulty|difficulties|hard to|hard for|trouble|headaches?|struggle|struggles|complain\w*|worr(?:y|ied|ies)|concern|concerned|concerns|satisfied|dissatisfied|happy with|unhappy|frustrat\w*|annoy\w*)\b",
     "asks about a difficulty or dissatisfaction"),
    ("P", r"\b(?:break down|breaks down|broken|jams?|jammed|fails?|failed|failure|slow|unreliable|reliable|lose|loses|lost|miss|misses|missed|wrong|late|leaks?|delays?|queue|wasted?|wastes|running out|run out|out of date|higher than|longer than|more than you'?d like|expensive)\b",
     "mentions something going wrong"),
]
_COMPILED = [(label, re.compile(pattern, re.I), why) for label, pattern, why in _RULES]


def _clean(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.strip().split())


def classify_question(text: str) -> Guess:
    """Guess the SPIN type of a question from cue words — a heuristic, not an authority.

    Returns a :class:`Guess` with the ``label`` (``"S"``, ``"P"``, ``"I"`` or ``"N"``), the
    ``cue`` (the words that decided it — ``"would … help"`` when they are apart — or ``""`` for
    a situation question, which is what is left when no cue matches) and ``why``. Compare it with your own label: when you disagree,
    the cue shows what the rule looked at. It reaches about 80–90% on questions it was not
    tuned on (``docs/performance.md``); it does not understand meaning.

    >>> classify_question("How many printers does the hospital run?")
    Guess(label='S', cue='', why='no problem, consequence or value cue: a fact-finding question')
    >>> classify_question("Are you happy with how long repairs take?")[:2]
    ('P', 'happy with')
    >>> classify_question("How does a long repair wait affect the queues?")[:2]
    ('I', 'affect')
    >>> classify_question("Would it help if every printer were fixed within four hours?")[:2]
    ('N', 'would … help')
    """
    if not isinstance(text, str) or not text.strip():
        raise CourseDataError("classify_question needs a question as text",
                              fix="pass a sentence, e.g. classify_question('How many branches do you have?')")
    clean = _clean(text)
    for label, pattern, why in _COMPILED:
        m = pattern.search(clean)
        if m:
            parts = [g for g in m.groups() if g]  # cue words around a gap, e.g. "would … help"
            cue = " … ".join(parts) if parts else m.group(0)
            return Guess(label, cue.lower(), why)
    return Guess("S", "", _WHY["S"])


def classify_questions(questions) -> "pd.DataFrame":
    """Classify many questions: a table with ``question``, ``guess``, ``cue`` and ``why``.

    ``questions`` is a list of texts or a DataFrame with a ``question`` column (its other
    columns, e.g. the right ``type``, are kept).

    >>> t = classify_questions(["Who decides on new printers?", "What would faster repairs mean for you?"])
    >>> t["guess"].tolist()
    ['S', 'N']
    """
    import pandas as pd

    from crmcourse.data import require_columns, require_frame

    if isinstance(questions, pd.DataFrame):
        require_frame(questions, source="questions")
        require_columns(questions, ["question"], source="questions",
                        fix="name the column with the question texts 'question'")
        frame = questions.copy()
    else:
        frame = pd.DataFrame({"question": list(questions)})
    guesses = [classify_question(str(q)) for q in frame["question"]]
    frame["guess"] = [g.label for g in guesses]
    frame["cue"] = [g.cue for g in guesses]
    frame["why"] = [g.why for g in guesses]
    return frame


def classifier_report(frame=None) -> dict:
    """Accuracy, confusion table and mislabelled questions of :func:`classify_question`.

    ``frame`` has ``question`` and ``type`` columns (default: the held-apart set,
    :func:`holdout`, which the cues were never tuned on). Returns a dict with ``accuracy``
    (a fraction), ``n``, ``confusion`` (rows: the right type, columns: the guess) and
    ``errors`` (the questions it got wrong, with the cue it used).

    >>> r = classifier_report()
    >>> r["n"] >= 40 and 0.0 <= r["accuracy"] <= 1.0
    True
    >>> list(r["confusion"].columns)
    ['S', 'P', 'I', 'N']
    """
    import pandas as pd

    from crmcourse.data import require_columns

    frame = holdout() if frame is None else frame
    require_columns(frame, ["question", "type"], source="labelled questions")
    table = classify_questions(frame)
    truth = table["type"].astype(str)
    right = table["guess"] == truth
    confusion = pd.crosstab(pd.Categorical(truth, categories=QUESTION_TYPES),
                            pd.Categorical(table["guess"], categories=QUESTION_TYPES),
                            rownames=["type"], colnames=["guess"], dropna=False)
    cols = [c for c in ("question_id", "question", "type", "guess", "cue") if c in table.columns]
    return {
        "accuracy": float(right.mean()),
        "n": int(len(table)),
        "confusion": confusion,
        "errors": table.loc[~right, cols].reset_index(drop=True),
    }


def question_bank(industry: str | None = None) -> "pd.DataFrame":
    """The question bank: 160 questions in five industries, each labelled S/P/I/N with a reason.

    >>> bank = question_bank()
    >>> sorted(bank["type"].unique())
    ['I', 'N', 'P', 'S']
    >>> len(question_bank("hospital"))
    32
    """
    from crmcourse import data

    bank = data.load("spin_questions")
    bank["type"] = bank["type"].astype(str)
    if industry is not None:
        known = sorted(bank["industry"].astype(str).unique())
        if industry not in known:
            raise CourseDataError(f"no industry {industry!r} in the question bank",
                                  fix="use one of: " + ", ".join(known))
        bank = bank[bank["industry"].astype(str) == industry].reset_index(drop=True)
    return bank


def holdout() -> "pd.DataFrame":
    """The held-apart labelled questions (``data/spin/holdout.csv``), written before the
    classifier's cues were tuned and never used to tune them: the fair test of its accuracy.

    >>> len(holdout()) >= 40
    True
    """
    from crmcourse import data

    frame = data.load("spin_holdout")
    frame["type"] = frame["type"].astype(str)
    return frame


def quiz_feedback(labels, bank=None):
    """Explain a classification quiz: your label, the bank's label and its reason, per question.

    ``labels`` maps question ids (``"Q012"``) to your S/P/I/N labels. Returns a table with a
    ``right`` column, the reason for the bank's label and the classifier's guess with its cue,
    so you can see where you, the bank and the heuristic disagree. While ``labels`` is still
    ``...``, it only says what to do first.

    >>> t = quiz_feedback({"Q001": "S", "Q009": "I"})
    >>> t[["question_id", "yours", "type", "right"]].values.tolist()
    [['Q001', 'S', 'S', True], ['Q009', 'I', 'P', False]]
    >>> quiz_feedback(...)
    Fill in your labels in the exercise above first; then run this cell again to see the reasons.
    """
    import pandas as pd

    if labels is None or labels is Ellipsis or (isinstance(labels, Mapping) and any(v is Ellipsis for v in labels.values())):
        print("Fill in your labels in the exercise above first; then run this cell again to see the reasons.")
        return None
    if hasattr(labels, "to_dict") and not isinstance(labels, Mapping):
        labels = labels.to_dict()
    if not isinstance(labels, Mapping) or not labels:
        raise CourseDataError("quiz_feedback needs a dict of question id → label",
                              fix="e.g. quiz_feedback({'Q001': 'S', 'Q009': 'P'})")
    bank = question_bank() if bank is None else bank
    by_id = bank.set_index("question_id")
    unknown = [k for k in labels if k not in by_id.index]
    if unknown:
        raise CourseDataError(f"no question {unknown[0]!r} in the question bank",
                              fix="use the ids shown in the quiz, e.g. 'Q001'")
    rows = []
    for qid, yours in labels.items():
        row = by_id.loc[qid]
        guess = classify_question(row["question"])
        rows.append({"question_id": qid, "question": row["question"], "yours": str(yours).strip().upper(),
                     "type": str(row["type"]), "right": str(yours).strip().upper() == str(row["type"]),
                     "reason": row["reason"], "classifier": guess.label, "cue": guess.cue})
    return pd.DataFrame(rows)


# ============================================================================ call plans

def call_plan(questions, objective: str | None = None) -> "pd.DataFrame":
    """A call plan: the questions in the order you mean to ask them, each with its SPIN type.

    ``questions`` is a list of question texts (their types are guessed with
    :func:`classify_question`), of ``(type, text)`` pairs (your own labels, which win), or a
    DataFrame with ``question`` and optionally ``type``. ``objective`` — the advance you want
    from the call — is kept in ``plan.attrs["objective"]``.

    >>> plan = call_plan([("S", "Who services the printers today?"),
    ...                   "Are you satisfied with how fast repairs are done?"],
    ...                  objective="a trial in outpatients")
    >>> plan[["step", "type", "source"]].values.tolist()
    [[1, 'S', 'yours'], [2, 'P', 'classifier (cue: satisfied)']]
    """
    import pandas as pd

    rows = []
    if isinstance(questions, pd.DataFrame):
        if "question" not in questions.columns:
            raise CourseDataError("the plan table has no 'question' column",
                                  fix="name the column with the question texts 'question'")
        items = [((r["type"] if "type" in questions.columns else None), r["question"])
                 for _, r in questions.iterrows()]
    elif isinstance(questions, str) or not isinstance(questions, Iterable):
        raise CourseDataError("call_plan needs a list of questions",
                              fix="pass a list of texts or of (type, text) pairs")
    else:
        items = []
        for q in questions:
            if isinstance(q, str):
                items.append((None, q))
            elif isinstance(q, (tuple, list)) and len(q) == 2:
                items.append((q[0], q[1]))
            else:
                raise CourseDataError(f"cannot read the plan item {q!r}",
                                      fix="give each question as text or as a (type, text) pair, e.g. ('S', 'How many ...?')")
    if not items:
        raise CourseDataError("the plan has no questions", fix="add at least one question")
    for step, (kind, text) in enumerate(items, start=1):
        if not isinstance(text, str) or not text.strip():
            raise CourseDataError(f"plan step {step} has no question text", fix="write the question as text")
        if kind is None or (isinstance(kind, float) and kind != kind):
            g = classify_question(text)
            kind, source = g.label, f"classifier (cue: {g.cue})" if g.cue else "classifier (no cue)"
        else:
            kind = str(kind).strip().upper()
            if kind not in QUESTION_TYPES:
                raise CourseDataError(f"plan step {step}: unknown type {kind!r}", fix="use S, P, I or N")
            source = "yours"
        rows.append({"step": step, "type": kind, "question": _clean(text), "source": source})
    plan = pd.DataFrame(rows)
    plan.attrs["objective"] = objective
    return plan


def plan_balance(plan, max_situation_share: float = 1 / 3) -> "pd.DataFrame":
    """Check a call plan's balance against what the research found, one row per rule.

    Rules: (1) situation questions are at most ``max_situation_share`` of the plan (do your
    homework instead); (2) it asks about at least one problem; (3) it has at least as many
    implication as problem questions (develop each problem); (4) it has a need-payoff question
    (let the buyer state the value); (5) a problem is raised before any implication or
    need-payoff question. ``plan`` is :func:`call_plan`'s result.

    >>> plan = call_plan([("S", "a"), ("S", "b"), ("P", "c"), ("I", "d")])
    >>> plan_balance(plan)["ok"].tolist()
    [False, True, True, False, True]
    """
    from crmcourse.data import require_columns

    require_columns(plan, ["type"], source="the plan", fix="build the plan with spin.call_plan(...)")
    import pandas as pd

    types = [str(t) for t in plan["type"]]
    n = len(types)
    count = {t: types.count(t) for t in QUESTION_TYPES}
    first = {t: (types.index(t) if t in types else None) for t in QUESTION_TYPES}
    later = [first[t] for t in ("I", "N") if first[t] is not None]
    share = count["S"] / n if n else 0.0
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
    """A call plan's balance as a checklist: each :func:`plan_balance` rule, plus "has an
    objective" and "at least N questions", mapped to ``"ok"`` or ``"fails"``.

    Made for exercises: while ``plan`` is still ``...`` it returns ``...``.

    >>> plan = call_plan([("S", "a"), ("P", "b"), ("I", "c"), ("N", "d")], objective="a trial")
    >>> plan_checklist(plan, min_questions=4)["develops each problem"], plan_checklist(plan)["at least 6 questions"]
    ('ok', 'fails')
    >>> plan_checklist(...)
    Ellipsis
    """
    if plan is Ellipsis:
        return Ellipsis
    report = plan_balance(plan)
    checklist = {r.rule: ("ok" if r.ok else "fails") for r in report.itertuples()}
    objective = getattr(plan, "attrs", {}).get("objective")
    checklist["has an objective"] = "ok" if isinstance(objective, str) and objective.strip() else "fails"
    checklist[f"at least {min_questions} questions"] = "ok" if len(plan) >= min_questions else "fails"
    return checklist


# ============================================================================ scenarios

class ScenarioError(CourseDataError):
    """A scenario file that cannot be used: which file, which line and field, what is expected.

    >>> err = ScenarioError("missing", file="my.yml", line=12, field="problems[2].implications",
    ...                     expected="a list of implications")
    >>> print(err)
    my.yml, line 12, field problems[2].implications: missing; expected a list of implications. Fix: see docs/spin-scenarios.md for the scenario format.
    >>> err.line, err.field
    (12, 'problems[2].implications')
    """

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


class CallError(ValueError):
    """A move the simulator cannot make: an unknown question id, or asking after the call ended.

    >>> CallSimulator("hospital").ask("s_flet")
    Traceback (most recent call last):
    ...
    crmcourse.spin.CallError: no question 's_flet' in scenario 'hospital' (did you mean 's_fleet'?); its ids are: ...
    """


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    targets: str | None = None
    reply: str | None = None


@dataclass(frozen=True)
class Problem:
    id: str
    text: str
    implications: tuple[str, ...]
    needs: tuple[str, ...]
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
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
        return float(self.buyer["patience"])

    @property
    def max_turns(self) -> int:
        return int(self.buyer.get("time", 15))

    def questions_table(self) -> "pd.DataFrame":
        """The moves a seller can make: ``id``, ``type``, ``targets`` and ``text``.

        >>> load_scenario("hospital").questions_table().columns.tolist()
        ['id', 'type', 'targets', 'text']
        """
        import pandas as pd

        return pd.DataFrame([{"id": q.id, "type": q.type, "targets": q.targets or "", "text": q.text}
                             for q in self.questions.values()])

    def needs_table(self) -> "pd.DataFrame":
        """Problems (implied needs), their implications and the explicit needs they can lead to.

        >>> t = load_scenario("hospital").needs_table()
        >>> t.columns.tolist()
        ['problem', 'implications', 'needs', 'text']
        """
        import pandas as pd

        return pd.DataFrame([{"problem": p.id, "implications": ", ".join(p.implications),
                              "needs": ", ".join(p.needs), "text": p.text} for p in self.problems.values()])

    def fab_table(self) -> "pd.DataFrame":
        """For each explicit need: the feature, advantage and benefit statements of the offer.

        >>> "benefit" in load_scenario("hospital").fab_table().columns
        True
        """
        import pandas as pd

        return pd.DataFrame([{"need": n.id, "explicit need": n.text, "feature": n.feature or "",
                              "advantage": n.advantage or "", "benefit": n.benefit or ""}
                             for n in self.needs.values()])


# -------------------------------------------------------------------- YAML with line numbers

def _yaml_with_lines(text: str, source: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML; return the data and a map from field path to (1-based) line number."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in str(exc.problem):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise ScenarioError(f"not valid YAML ({what})", file=source,
                            line=(mark.line + 1) if mark is not None else None,
                            fix="check indentation and quoting near that line (text with a ': ' or a '#' "
                                "needs quotes; every item of a list starts with '- ')") from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors (e.g. control characters)
        raise ScenarioError(f"not valid YAML ({exc})", file=source, fix="save the file as plain UTF-8 text") from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if node is not None:
        _walk_lines(node, "", lines, source)
    return data, lines


def _walk_lines(node, path: str, lines: dict[str, int], source: str) -> None:
    import yaml

    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ScenarioError(f"the key {key!r} appears twice (first on line {seen[key]})", file=source,
                                    line=line, field=f"{path}.{key}" if path else key,
                                    fix="keep one of them; YAML would silently use the last")
            seen[key] = line
            child = f"{path}.{key}" if path else key
            lines[child] = line
            _walk_lines(value_node, child, lines, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk_lines(item, f"{path}[{i}]", lines, source)


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
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


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
            self.fail(path, f"is {_kind(value)}", expected=f"{what} (a mapping of 'key: value' lines)")
        for key in value:
            if str(key) not in keys:
                close = difflib.get_close_matches(str(key), list(keys), n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.fail(f"{path}.{key}" if path else str(key), f"unknown key {str(key)!r}{hint}",
                          expected="one of: " + ", ".join(keys))
        for key, required in keys.items():
            if required and key not in value:
                self.fail(f"{path}.{key}" if path else key, "is missing",
                          expected=_EXPECTED.get(key, "a value"), fix=f"add '{key}:' to {what}")
        return value

    def text(self, value, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"is {_kind(value)}", expected="non-empty text (put it in quotes if in doubt)")
        return " ".join(value.split())

    def ident(self, value, path: str) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            self.fail(path, f"is {_kind(value)}",
                      expected="an id: a letter followed by letters, digits, '_' or '-' (e.g. slow_repairs)")
        return value

    def number(self, value, path: str, low: float | None = None, integer: bool = False) -> float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (not integer or float(value).is_integer())
        if not ok or (low is not None and value < low):
            kind = "a whole number" if integer else "a number"
            self.fail(path, f"is {_kind(value)}", expected=kind + (f" of at least {low:g}" if low is not None else ""))
        return value

    def items(self, value, path: str, what: str, minimum: int = 1) -> list:
        if not isinstance(value, list) or len(value) < minimum:
            self.fail(path, f"is {_kind(value)}", expected=f"a list of {what} (at least {minimum}, each line starting with '- ')")
        return value

    def id_list(self, value, path: str, known: Mapping, what: str, minimum: int = 0) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if value is None:
            value = []
        self.items(value, path, f"{what} ids", minimum) if minimum else None
        if not isinstance(value, list):
            self.fail(path, f"is {_kind(value)}", expected=f"a list of {what} ids")
        out = []
        for i, ref in enumerate(value):
            p = f"{path}[{i}]"
            self.ident(ref, p)
            if ref not in known:
                self.dangling(p, ref, known, what)
            out.append(ref)
        return tuple(out)

    def dangling(self, path: str, ref: str, known: Mapping, what: str):
        close = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        shown = ", ".join(list(known)[:12]) or "none defined"
        self.fail(path, f"refers to {ref!r}, which is not a {what} id in this scenario{hint}",
                  expected=f"one of the {what} ids: {shown}")


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


def _kind(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, str):
        return "empty text" if not value.strip() else f"the text {value[:30]!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _build(doc, lines: dict[str, int], source: str) -> Scenario:
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
        if kind not in MOVE_TYPES:
            alias = _TYPE_ALIASES.get(str(kind).strip().lower().replace(" ", "-"))
            close = [alias] if alias else difflib.get_close_matches(str(kind), MOVE_TYPES, n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            c.fail(f"{p}.type", f"unknown question type {kind!r}{hint}", expected="one of " + ", ".join(MOVE_TYPES),
                   fix="S situation, P problem, I implication, N need-payoff, pitch (a statement), close (ask for a commitment)")
        text = c.text(item["text"], f"{p}.text")
        target = item.get("targets")
        reply = c.text(item["reply"], f"{p}.reply") if "reply" in item else None
        if kind == "close":
            if target not in ("advance", "order"):
                c.fail(f"{p}.targets", f"is {_kind(target)}", expected="'advance' or 'order' (what the close asks for)")
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


def parse_scenario(text: str, source: str = "scenario.yml") -> Scenario:
    """Validate a scenario given as YAML text (``source`` names it in error messages).

    >>> parse_scenario("id: x\\ntitle: Cost: high\\n", source="draft.yml")
    Traceback (most recent call last):
    ...
    crmcourse.spin.ScenarioError: draft.yml, line 2: not valid YAML (mapping values are not allowed here). Fix: ...
    >>> parse_scenario("id: x\\ntitle: A call\\n", source="draft.yml")
    Traceback (most recent call last):
    ...
    crmcourse.spin.ScenarioError: draft.yml, line 1, field buyer: is missing; expected a mapping describing the buyer. Fix: add 'buyer:' to the scenario.
    """
    if not isinstance(text, str):
        raise ScenarioError(f"expected YAML text, got {_kind(text)}", file=source)
    doc, lines = _yaml_with_lines(text, source)
    return _build(doc, lines, source)


def _shipped_dir() -> Path:
    from crmcourse.data import data_path

    return data_path("spin/scenarios")


def _display(path: Path) -> str:
    try:
        return "data/spin/scenarios/" + path.resolve().relative_to(_shipped_dir().resolve()).as_posix()
    except ValueError:
        return str(path) if not path.is_absolute() else path.name


def load_scenario(path) -> Scenario:
    """Read and validate a scenario file (YAML); ``path`` may also name a shipped scenario.

    A file that cannot be used raises :class:`ScenarioError` (a
    :class:`~crmcourse.data.CourseDataError`) naming the file, the line, the field (such as
    ``problems[2].implications``) and what is expected there.

    >>> sc = load_scenario("hospital")          # data/spin/scenarios/hospital.yml
    >>> sc.buyer["name"], sc.source
    ('Ruixiang TCM Hospital', 'data/spin/scenarios/hospital.yml')
    >>> load_scenario("no_such_scenario")
    Traceback (most recent call last):
    ...
    crmcourse.spin.ScenarioError: no_such_scenario: file not found. Fix: give the path of a .yml file, or one of the shipped scenarios: bank, hospital, logistics.
    """
    if isinstance(path, Scenario):
        return path
    p = Path(path)
    if not p.exists() and p.suffix == "" and len(p.parts) == 1:
        shipped = _shipped_dir() / f"{p.name}.yml"
        if shipped.exists():
            p = shipped
    source = _display(p)
    if not p.is_file():
        names = ", ".join(sorted(f.stem for f in _shipped_dir().glob("*.yml")))
        raise ScenarioError("file not found", file=str(path),
                            fix=f"give the path of a .yml file, or one of the shipped scenarios: {names}")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=source,
                            fix="save the file as UTF-8") from None
    return parse_scenario(text, source=source)


def scenarios() -> "pd.DataFrame":
    """The shipped scenarios: ``id``, ``title``, buyer ``industry``, number of ``questions``, ``file``.

    A trainer adds one by copying a file in ``data/spin/scenarios/`` (see docs/spin-scenarios.md).

    >>> scenarios()["id"].tolist()
    ['bank', 'hospital', 'logistics']
    """
    import pandas as pd

    rows = []
    for f in sorted(_shipped_dir().glob("*.yml")):
        sc = load_scenario(f)
        rows.append({"id": sc.id, "title": sc.title, "industry": sc.buyer["industry"],
                     "questions": len(sc.questions), "file": f"spin/scenarios/{f.name}"})
    return pd.DataFrame(rows)


# ============================================================================ the simulator

@dataclass(frozen=True)
class Reply:
    """What one move produced: the buyer's ``reply``, what it ``revealed`` and the state after it."""

    turn: int
    question_id: str
    type: str
    question: str
    reply: str
    revealed: tuple[str, ...]
    patience: float
    stage: str
    ended: bool
    outcome: str | None = None


@dataclass
class CallState:
    """The state of a call: what the seller has learnt and how the buyer feels."""

    patience: float
    stage: str = "preliminaries"
    turn: int = 0
    facts: list[str] = field(default_factory=list)
    implied_needs: list[str] = field(default_factory=list)      # problems the buyer has admitted
    implications: list[str] = field(default_factory=list)       # consequences the buyer has explored
    explicit_needs: list[str] = field(default_factory=list)     # wants the buyer has stated
    approved: list[str] = field(default_factory=list)           # benefits the buyer approved
    objections: int = 0
    price_concerns: int = 0
    situation_asked: int = 0
    asked: list[str] = field(default_factory=list)
    ended: bool = False
    outcome: str | None = None
    reason: str = ""


_GENERIC = {
    "repeat": ["You asked me that already.", "As I said a minute ago - nothing has changed."],
    "fatigue": ["(looks at the clock)", "(sighs) Is this a survey?"],
    "vague": ["Hard to say. It depends how you look at it.", "Nothing I would call a problem, really."],
    "no_problem": ["No, that works well for us.", "No complaints there."],
    "no_implication": ["I'm not sure what you mean - we don't have a problem there.",
                       "Why would that happen? I haven't said anything is wrong."],
    "no_need": ["Maybe, but I don't see why we would need that.", "I can't say that's something we're looking for."],
    "lukewarm": ["It would be nice, I suppose, but it isn't a big issue for us.",
                 "Perhaps. It's not that serious, though."],
    "approval": ["That is exactly what we need.", "Good - that would solve it."],
    "objection": ["That sounds expensive for something we can live with.",
                  "We manage fine as it is; I'm not sure it's worth the change."],
    "price": ["And what does all that cost?", "Everyone says that. What's the price?"],
}


class CallSimulator:
    """Play a sales call against a scenario's buyer, one move at a time.

    ``ask(question_id)`` makes a move — one of the scenario's questions, pitches or closes — and
    returns a :class:`Reply`; ``state`` holds what the call has uncovered (implied needs,
    implications, explicit needs), the buyer's patience and the call stage; ``outcome()`` is
    order, advance, continuation or no-sale. The same ``seed`` and the same moves always give
    the same call (the seed sets the buyer's mood and the wording of generic replies).

    The rules follow the research (docs/spin-scenarios.md has the full list):

    * situation questions cost patience, and more once the buyer has answered
      ``situation_limit`` of them; problem questions uncover **implied needs**;
    * implication questions develop an uncovered problem; a need-payoff question turns a
      developed problem into an **explicit need** (before that the buyer is lukewarm);
    * a pitch meeting an explicit need is a *benefit* and wins approval; one meeting a need
      that is only implied is an *advantage* and draws an objection; one that meets no need is
      a *feature* and draws a price concern;
    * a close asking for an **advance** succeeds with ``outcomes.advance`` explicit needs; one
      asking for an **order** needs ``outcomes.order`` explicit needs and an approved benefit;
      otherwise the call ends in a continuation (some need uncovered) or a no-sale;
    * if patience runs out or time is up, the buyer ends the call.

    >>> sim = CallSimulator("hospital", seed=0)
    >>> r = sim.ask("p_repairs")
    >>> r.revealed, r.stage
    (('implied need: slow_repairs',), 'investigating')
    >>> sim.ask("i_queues").revealed
    ('implication: queues',)
    >>> sim.ask("n_fast_repair").revealed
    ('explicit need: fast_repair',)
    >>> sim.ask("c_trial").outcome
    'advance'
    >>> sim.ask("s_fleet")
    Traceback (most recent call last):
    ...
    crmcourse.spin.CallError: the call has ended (outcome: advance); start a new CallSimulator to play again.
    """

    def __init__(self, scenario, seed: int | None = None):
        self.scenario = load_scenario(scenario)
        self.seed = seed
        self._rng = random.Random(seed)
        mood = int(self.scenario.buyer.get("mood", 0))
        shift = self._rng.randint(-mood, mood) if mood else 0
        self.state = CallState(patience=self.scenario.patience + shift)
        self.history: list[Reply] = []

    # ------------------------------------------------------------------ moves
    def ask(self, question_id: str) -> Reply:
        """Make one move (a question, pitch or close, by its id) and return the buyer's reply.

        >>> r = CallSimulator("logistics", seed=0).ask("p_dispatch")
        >>> r.type, r.revealed, r.stage
        ('P', ('implied need: blind_dispatch',), 'investigating')
        """
        sc, st = self.scenario, self.state
        if st.ended:
            raise CallError(f"the call has ended (outcome: {st.outcome}); start a new CallSimulator to play again.")
        q = sc.questions.get(question_id) if isinstance(question_id, str) else None
        if q is None:
            close = difflib.get_close_matches(str(question_id), list(sc.questions), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            shown = ", ".join(list(sc.questions)[:8]) + (" ..." if len(sc.questions) > 8 else "")
            raise CallError(f"no question {question_id!r} in scenario {sc.id!r}{hint}; its ids are: {shown} "
                            "(scenario.questions_table() lists them all).")
        st.turn += 1
        repeat = q.id in st.asked
        st.asked.append(q.id)
        eff = sc.effects
        revealed: list[str] = []
        if q.type == "close":
            text, delta = self._close(q)
        elif repeat:
            text, delta = self._say("repeat"), eff["repeat"]
            st.stage = "investigating" if q.type in QUESTION_TYPES else st.stage
        elif q.type == "S":
            text, delta = self._situation(q, revealed)
        elif q.type == "P":
            text, delta = self._problem(q, revealed)
        elif q.type == "I":
            text, delta = self._implication(q, revealed)
        elif q.type == "N":
            text, delta = self._need_payoff(q, revealed)
        else:
            text, delta = self._pitch(q, revealed)
        st.patience = round(st.patience + delta, 6)
        if not st.ended and st.patience <= 0:
            text += " Look, I have another meeting. Let's stop here."
            self._end_without_close("The buyer ran out of patience and ended the call.")
        elif not st.ended and st.turn >= sc.max_turns:
            text += " I'm afraid that's all the time I have today."
            self._end_without_close("Time was up before the seller asked for a commitment.")
        reply = Reply(st.turn, q.id, q.type, q.text, text, tuple(revealed), st.patience, st.stage, st.ended,
                      st.outcome)
        self.history.append(reply)
        return reply

    def end_call(self) -> str:
        """Leave without asking for a commitment; returns the outcome (continuation or no-sale).

        >>> CallSimulator("hospital", seed=0).end_call()
        'no-sale'
        """
        if not self.state.ended:
            self._end_without_close("The seller ended the call without asking for a commitment.")
        return self.state.outcome

    def outcome(self) -> str:
        """The call's outcome: order, advance, continuation or no-sale. Ends an open call first
        (as leaving the room would), so it always returns one of :data:`OUTCOMES`.

        >>> sim = CallSimulator("hospital", seed=0); _ = sim.ask("p_repairs")
        >>> sim.outcome(), sim.state.ended
        ('continuation', True)
        """
        return self.end_call()

    # ------------------------------------------------------------------ reports
    def available(self) -> list[str]:
        """Ids of the moves not yet made (empty once the call has ended).

        >>> sim = CallSimulator("hospital", seed=0); _ = sim.ask("s_fleet")
        >>> "s_fleet" in sim.available(), len(sim.available())
        (False, 32)
        """
        if self.state.ended:
            return []
        return [qid for qid in self.scenario.questions if qid not in self.state.asked]

    def pitch_kind(self, question_id: str) -> str:
        """What a pitch would count as *now*: ``feature``, ``advantage`` or ``benefit``.

        A benefit meets a need the buyer has stated (explicit); an advantage meets a need the
        buyer has only implied (or not yet stated); a feature meets no need.

        >>> sim = CallSimulator("hospital", seed=0)
        >>> sim.pitch_kind("b_fast_repair"), sim.pitch_kind("f_speed")
        ('advantage', 'feature')
        """
        q = self.scenario.questions.get(question_id)
        if q is None or q.type != "pitch":
            raise CallError(f"{question_id!r} is not a pitch in scenario {self.scenario.id!r}")
        if q.targets is None:
            return "feature"
        return "benefit" if q.targets in self.state.explicit_needs else "advantage"

    def benefits(self) -> "pd.DataFrame":
        """The needs the buyer has made explicit, each with the benefit statement that meets it and
        the pitch ids that deliver it — what to say in the demonstrating-capability stage.

        >>> replay("hospital", ["p_repairs", "i_queues", "n_fast_repair"]).benefits()[["need", "pitches"]].values.tolist()
        [['fast_repair', 'b_fast_repair']]
        """
        import pandas as pd

        sc = self.scenario
        rows = []
        for nid in self.state.explicit_needs:
            need = sc.needs[nid]
            pitches = [q.id for q in sc.questions.values() if q.type == "pitch" and q.targets == nid]
            rows.append({"need": nid, "buyer said": need.text, "benefit": need.benefit or "",
                         "pitches": ", ".join(pitches), "approved": nid in self.state.approved})
        return pd.DataFrame(rows, columns=["need", "buyer said", "benefit", "pitches", "approved"])

    def question_mix(self) -> "pd.Series":
        """How many moves of each type the call used (S, P, I, N, pitch, close).

        >>> sim = CallSimulator("hospital", seed=0); _ = sim.ask("s_fleet")
        >>> sim.question_mix().to_dict()
        {'S': 1, 'P': 0, 'I': 0, 'N': 0, 'pitch': 0, 'close': 0}
        """
        import pandas as pd

        counts = {t: 0 for t in MOVE_TYPES}
        for r in self.history:
            counts[r.type] += 1
        return pd.Series(counts, name="moves")

    def needs_tracker(self) -> "pd.DataFrame":
        """Each problem and explicit need of the scenario with how far the call has taken it.

        Problems are ``hidden``, ``implied`` (admitted) or ``developed`` (enough implications
        explored); needs are ``not stated``, ``explicit`` or ``benefit approved``. Hidden items
        are shown by id only.

        >>> CallSimulator("hospital", seed=0).needs_tracker()["status"].unique().tolist()
        ['hidden', 'not stated']
        """
        import pandas as pd

        sc, st = self.scenario, self.state
        rows = []
        for p in sc.problems.values():
            explored = [i for i in p.implications if i in st.implications]
            if p.id not in st.implied_needs:
                status, text = "hidden", ""
            else:
                needed = min((sc.needs[n].develop for n in p.needs), default=1)
                status = "developed" if len(explored) >= needed else "implied"
                text = p.text
            rows.append({"kind": "problem", "id": p.id, "status": status,
                         "implications": f"{len(explored)} of {len(p.implications)}", "text": text})
        for n in sc.needs.values():
            if n.id in st.approved:
                status = "benefit approved"
            elif n.id in st.explicit_needs:
                status = "explicit"
            else:
                status = "not stated"
            rows.append({"kind": "need", "id": n.id, "status": status, "implications": "",
                         "text": n.text if status != "not stated" else ""})
        return pd.DataFrame(rows)

    def transcript(self) -> "pd.DataFrame":
        """The call so far, one row per move: turn, type, question, reply, revealed, patience, stage.

        >>> replay("hospital", ["s_fleet", "p_quality"]).transcript()[["turn", "type", "revealed"]].values.tolist()
        [[1, 'S', 'fact: fleet'], [2, 'P', '']]
        """
        import pandas as pd

        return pd.DataFrame([{"turn": r.turn, "type": r.type, "id": r.question_id, "question": r.question,
                              "reply": r.reply, "revealed": "; ".join(r.revealed), "patience": r.patience,
                              "stage": r.stage} for r in self.history],
                            columns=["turn", "type", "id", "question", "reply", "revealed", "patience", "stage"])

    def debrief(self) -> dict:
        """A summary for after the call: outcome and reason, the question mix (S/P/I/N shares)
        next to the successful-seller profile, and the needs reached.

        >>> d = CallSimulator("hospital", seed=0).debrief()
        >>> d["outcome"], sorted(d)
        ('no-sale', ['explicit_needs', 'implied_needs', 'mix', 'outcome', 'reason', 'turns'])
        """
        import pandas as pd

        outcome = self.outcome()
        mix = self.question_mix()
        spin = mix[list(QUESTION_TYPES)]
        total = spin.sum()
        table = pd.DataFrame({
            "your call": spin,
            "your share": (spin / total) if total else spin * 0.0,
            "successful sellers (illustrative)": pd.Series(SUCCESSFUL_PROFILE),
        })
        return {"outcome": outcome, "reason": self.state.reason, "turns": self.state.turn, "mix": table,
                "implied_needs": list(self.state.implied_needs), "explicit_needs": list(self.state.explicit_needs)}

    # ------------------------------------------------------------------ internals
    def _say(self, key: str) -> str:
        options = _GENERIC[key]
        return options[self._rng.randrange(len(options))]

    def _situation(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "investigating"
        st.situation_asked += 1
        delta = sc.effects["S"]
        if st.situation_asked > sc.effects["situation_limit"]:
            delta += sc.effects["fatigue"]
        if q.targets is None:
            text = q.reply
        else:
            text = q.reply or sc.facts[q.targets]
            if q.targets not in st.facts:
                st.facts.append(q.targets)
                revealed.append(f"fact: {q.targets}")
        if st.situation_asked > sc.effects["situation_limit"]:
            text += " " + self._say("fatigue")
        return text, delta

    def _problem(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "investigating"
        if q.targets is None:
            return (q.reply or self._say("no_problem")), sc.effects["P"]
        prob = sc.problems[q.targets]
        if any(f not in st.facts for f in prob.requires):
            return self._say("vague"), sc.effects["P"]
        if prob.id not in st.implied_needs:
            st.implied_needs.append(prob.id)
            revealed.append(f"implied need: {prob.id}")
        return (q.reply or prob.text), sc.effects["P"]

    def _implication(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "investigating"
        pid, text = sc.implications[q.targets]
        if pid not in st.implied_needs:
            return self._say("no_implication"), sc.effects["misfire"]
        if q.targets not in st.implications:
            st.implications.append(q.targets)
            revealed.append(f"implication: {q.targets}")
        return (q.reply or text), sc.effects["I"]

    def _developed(self, need: Need) -> bool:
        st = self.state
        for pid in need.problems:
            if pid in st.implied_needs:
                explored = sum(1 for i in self.scenario.problems[pid].implications if i in st.implications)
                if explored >= need.develop:
                    return True
        return False

    def _need_payoff(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "investigating"
        need = sc.needs[q.targets]
        if need.id in st.explicit_needs:
            return need.text, sc.effects["N"]
        if not any(pid in st.implied_needs for pid in need.problems):
            return self._say("no_need"), sc.effects["misfire"]
        if not self._developed(need):
            return self._say("lukewarm"), 0.0
        st.explicit_needs.append(need.id)
        revealed.append(f"explicit need: {need.id}")
        return (q.reply or need.text), sc.effects["N"]

    def _pitch(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "demonstrating capability"
        kind = self.pitch_kind(q.id)
        base = sc.effects["pitch"]
        if kind == "benefit":
            if q.targets not in st.approved:
                st.approved.append(q.targets)
            revealed.append(f"approval: {q.targets}")
            return (q.reply or self._say("approval")), base + sc.effects["approval"]
        if kind == "advantage":
            st.objections += 1
            revealed.append("objection")
            return self._say("objection"), base + sc.effects["objection"]
        st.price_concerns += 1
        revealed.append("price concern")
        return self._say("price"), base + sc.effects["price_concern"]

    def _close(self, q: Question) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "obtaining commitment"
        explicit, thresholds = len(st.explicit_needs), sc.outcomes
        if q.targets == "order":
            if explicit >= thresholds["order"] and st.approved:
                self._end("order", f"The buyer had stated {explicit} explicit needs and approved your benefits, "
                                   "so the order was agreed.")
                return q.reply or "Yes. Send me the contract and we'll sign it.", 0.0
            if explicit >= thresholds["order"]:
                self._end("continuation", "Enough explicit needs for an order, but no benefit had been shown to "
                                          "meet them, so the buyer wanted to think it over.")
                return "First show me how you would actually meet those needs. Let's talk again.", 0.0
            self._end_without_close(f"You asked for an order with {explicit} explicit need(s); an order needs "
                                    f"{thresholds['order']}. Pressure to buy too early rarely works in a large sale.")
            return ("We're a long way from signing anything." if st.outcome == "continuation"
                    else "No, thank you. We're not looking to buy."), 0.0
        if explicit >= thresholds["advance"]:
            self._end("advance", f"The buyer had stated {explicit} explicit need(s) and agreed to a concrete next step.")
            return q.reply or "Yes, let's do that.", 0.0
        self._end_without_close(f"You proposed an advance with {explicit} explicit need(s); the buyer needs "
                                f"{thresholds['advance']} before committing to a step.")
        return ("Let's keep in touch; call me next quarter." if st.outcome == "continuation"
                else "I don't think we need to take this further."), 0.0

    def _end_without_close(self, why: str) -> None:
        st = self.state
        if st.implied_needs or st.explicit_needs:
            self._end("continuation", why + " The buyer admitted a problem, so the sale goes on, "
                                            "but no next step was agreed.")
        else:
            self._end("no-sale", why + " No problem was uncovered, so the buyer saw no reason to go on.")

    def _end(self, outcome: str, reason: str) -> None:
        st = self.state
        st.ended, st.outcome, st.reason = True, outcome, reason


def replay(scenario, moves: Iterable[str], seed: int | None = 0) -> CallSimulator:
    """Play a list of moves (question ids) in a fresh call and return the simulator.

    Moves after the call ended are ignored, so a script that ends early still replays.

    >>> replay("hospital", ["s_fleet", "s_support", "c_order"]).outcome()
    'no-sale'
    """
    sim = CallSimulator(scenario, seed=seed)
    for move in moves:
        if sim.state.ended:
            break
        sim.ask(move)
    return sim


def call_result(scenario, moves, seed: int | None = 0, max_moves: int | None = None) -> dict:
    """Replay ``moves`` and summarise the call for an exercise check; prints a one-line summary.

    Returns ``outcome``, ``explicit needs`` (how many), ``benefit approved`` (``"yes"``/``"no"``),
    ``moves`` and, when ``max_moves`` is given, ``within limit`` (``"yes"``/``"no"``). Moves after
    the call has ended are not allowed. While ``moves`` is still ``...`` it returns ``...``.

    >>> r = call_result("hospital", ["p_repairs", "i_queues", "n_fast_repair", "c_trial"], max_moves=8)
    advance in 4 moves (1 explicit need, no benefit approved). The buyer had stated 1 explicit need(s) and agreed to a concrete next step.
    >>> r["outcome"], r["within limit"]
    ('advance', 'yes')
    >>> call_result("hospital", ...)
    Ellipsis
    """
    if moves is Ellipsis:
        return Ellipsis
    if isinstance(moves, str) or not isinstance(moves, Iterable):
        raise CallError("give the moves as a list of question ids, e.g. ['s_fleet', 'p_repairs']")
    moves = list(moves)
    sim = CallSimulator(scenario, seed=seed)
    for i, move in enumerate(moves, start=1):
        if sim.state.ended:
            raise CallError(f"the call ended at move {i - 1} ({sim.state.outcome}); remove the {len(moves) - i + 1} "
                            "move(s) after it")
        sim.ask(move)
    outcome = sim.outcome()
    st = sim.state
    result = {"outcome": outcome, "explicit needs": len(st.explicit_needs),
              "benefit approved": "yes" if st.approved else "no", "moves": len(moves)}
    if max_moves is not None:
        result["within limit"] = "yes" if len(moves) <= max_moves else "no"
    needs = f"{len(st.explicit_needs)} explicit need{'s' if len(st.explicit_needs) != 1 else ''}"
    approved = f"{len(st.approved)} benefit{'s' if len(st.approved) != 1 else ''} approved" if st.approved \
        else "no benefit approved"
    print(f"{outcome} in {len(moves)} moves ({needs}, {approved}). {st.reason}")
    return result


def simulate_calls(scenario, n: int = 200, seed: int = 0, mix: Mapping[str, float] | None = None,
                   questions: tuple[int, int] = (4, 12), order_share: float = 0.3) -> "pd.DataFrame":
    """Play ``n`` calls by simulated sellers; one row per call with its question mix and outcome.

    Each seller asks a random number of questions (between ``questions[0]`` and
    ``questions[1]``), drawing each question's type with the weights ``mix`` (S/P/I/N; default
    equal). The seller asks them in S, P, I, N order and follows up sensibly: an implication or
    need-payoff question goes to a problem the buyer has admitted when there is one. Then the seller pitches a benefit for each
    explicit need and closes, asking for an order with probability ``order_share`` and for an
    advance otherwise. A quick way to see the simulator's rules at work — they are the
    simulator's rules, not field data.

    >>> calls = simulate_calls("hospital", n=50, seed=1)
    >>> calls.columns.tolist()
    ['call', 'turns', 'S', 'P', 'I', 'N', 'pitch', 'close', 'explicit_needs', 'outcome']
    >>> set(calls["outcome"]) <= set(OUTCOMES)
    True
    """
    import pandas as pd

    sc = load_scenario(scenario)
    weights = dict(mix or {t: 1.0 for t in QUESTION_TYPES})
    unknown = set(weights) - set(QUESTION_TYPES)
    if unknown or not weights or any(w < 0 for w in weights.values()):
        raise CourseDataError(f"mix must give non-negative weights for S, P, I, N (got {dict(weights)!r})",
                              fix="e.g. mix={'S': 0.5, 'P': 0.3, 'I': 0.1, 'N': 0.1}")
    low, high = questions
    rng = random.Random(seed)
    by_type = {t: [q for q in sc.questions.values() if q.type == t] for t in MOVE_TYPES}
    rows = []
    for call in range(n):
        sim = CallSimulator(sc, seed=rng.randrange(2**31))
        st = sim.state
        kinds = [t for t in QUESTION_TYPES if weights.get(t, 0) > 0]
        plan = rng.choices(kinds, weights=[weights[t] for t in kinds], k=rng.randint(low, high))
        plan.sort(key=QUESTION_TYPES.index)  # a seller works from situation towards need-payoff
        for kind in plan:
            options = [q for q in by_type[kind] if q.id not in st.asked]
            if st.ended or not options:
                continue
            if kind == "I":
                follow = [q for q in options if sc.implications[q.targets][0] in st.implied_needs]
                options = follow or options
            elif kind == "N":
                ready = [q for q in options if sim._developed(sc.needs[q.targets])]
                admitted = [q for q in options if any(p in st.implied_needs for p in sc.needs[q.targets].problems)]
                options = ready or admitted or options
            sim.ask(rng.choice(options).id)
        for q in by_type["pitch"]:
            if not st.ended and q.targets in st.explicit_needs:
                sim.ask(q.id)
        if not st.ended:
            want = "order" if rng.random() < order_share else "advance"
            closes = [q for q in by_type["close"] if q.targets == want] or by_type["close"]
            sim.ask(rng.choice(closes).id)
        counts = sim.question_mix()
        rows.append({"call": call, "turns": st.turn, **counts.to_dict(),
                     "explicit_needs": len(st.explicit_needs), "outcome": st.outcome})
    return pd.DataFrame(rows)
