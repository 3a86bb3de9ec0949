"""The question bank, the held-apart test set and the cue-based SPIN classifier.

:func:`classify_question` is a *heuristic*: ordered cue rules that return a label with the cue
words they used, so a learner can compare the guess with their own label and see what the rule
looked at. :func:`classifier_report` measures it on the held-apart set.

>>> classify_question("What happens to the queue when the printer breaks down?").label
'I'
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from crmcourse._validate import did_you_mean, require_columns, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.spin._common import MAX_QUESTION_CHARS, QUESTION_TYPES, clean_text, describe, plain_text

if TYPE_CHECKING:  # for the annotations only: pandas is imported inside the functions that use it
    import pandas as pd

__all__ = ["Guess", "classify_question", "classify_questions", "classifier_report", "question_bank",
           "holdout", "quiz_feedback"]


class Guess(NamedTuple):
    """The classifier's guess: ``label`` (S/P/I/N), the ``cue`` words it matched, and ``why``.

    Examples
    --------
    >>> label, cue, why = classify_question("Is the queue getting longer?")
    >>> label, cue
    ('P', 'queue')
    """

    label: str
    cue: str
    why: str


_SITUATION_WHY = "no problem, consequence or value cue: a fact-finding question"

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


def _question_problem(value: Any) -> str | None:
    """What is wrong with ``value`` as one question, or None if it is a usable question."""
    text = plain_text(value)
    if text is None or not text.strip():
        return f"got {describe(value)}"
    if len(text) > MAX_QUESTION_CHARS:
        return f"got a text of {len(text):,} characters (at most {MAX_QUESTION_CHARS:,})"
    return None


def classify_question(text: str) -> Guess:
    """Guess the SPIN type of a question from cue words — a heuristic, not an authority.

    The ``cue`` is the words that decided it — ``"would … help"`` when they are apart — or
    ``""`` for a situation question, which is what is left when no cue matches. Compare the
    guess with your own label: when you disagree, the cue shows what the rule looked at. It
    reaches about 80–90% on questions it was not tuned on (``docs/performance.md``); it does
    not understand meaning.

    Parameters
    ----------
    text : str
        One question, at most :data:`MAX_QUESTION_CHARS` characters.

    Returns
    -------
    Guess
        ``label`` (``"S"``, ``"P"``, ``"I"`` or ``"N"``), ``cue`` and ``why``.

    Raises
    ------
    CourseDataError
        ``text`` is not text, is blank, or is longer than one question can be.

    Examples
    --------
    >>> classify_question("How many printers does the hospital run?")
    Guess(label='S', cue='', why='no problem, consequence or value cue: a fact-finding question')
    >>> classify_question("Are you happy with how long repairs take?")[:2]
    ('P', 'happy with')
    >>> classify_question("How does a long repair wait affect the queues?")[:2]
    ('I', 'affect')
    >>> classify_question("Would it help if every printer were fixed within four hours?")[:2]
    ('N', 'would … help')
    >>> classify_question(42)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: classify_question needs a question as text, got 42. Fix: pass a sentence, e.g. classify_question('How many branches do you have?').
    """
    problem = _question_problem(text)
    if problem:
        raise CourseDataError(f"classify_question needs a question as text, {problem}",
                              fix="pass a sentence, e.g. classify_question('How many branches do you have?')")
    clean = clean_text(plain_text(text))
    for label, pattern, why in _COMPILED:
        m = pattern.search(clean)
        if m:
            parts = [g for g in m.groups() if g]  # cue words around a gap, e.g. "would … help"
            cue = " … ".join(parts) if parts else m.group(0)
            return Guess(label, cue.lower(), why)
    return Guess("S", "", _SITUATION_WHY)


def _check_questions(values, *, source: str) -> list[str]:
    """Every value a usable question (as plain text), or one error naming the rows."""
    problems = [_question_problem(v) for v in values.to_numpy(dtype=object)]
    bad = [p is not None for p in problems]
    if any(bad):
        first = next(p for p in problems if p)
        raise CourseDataError(f"{sum(bad)} question(s) are not usable text ({first})", file=source,
                              column="question", rows=rows_where(values.index, bad),
                              fix=f"give every question as a sentence of at most {MAX_QUESTION_CHARS:,} "
                                  "characters, and drop empty rows")
    return [plain_text(v) for v in values.to_numpy(dtype=object)]


def classify_questions(questions) -> "pd.DataFrame":
    """Classify many questions: a table with ``question``, ``guess``, ``cue`` and ``why``.

    Parameters
    ----------
    questions : list of str, pandas.Series or pandas.DataFrame
        The question texts, or a table with a ``question`` column (its other columns, e.g. the
        right ``type``, are kept).

    Returns
    -------
    pandas.DataFrame
        The questions with the classifier's ``guess``, ``cue`` and ``why``.

    Raises
    ------
    CourseDataError
        ``questions`` is not a list or table, the table has no (or a duplicated) ``question``
        column, or a question is not text (rows are named, counted from 0).

    Examples
    --------
    >>> t = classify_questions(["Who decides on new printers?", "What would faster repairs mean for you?"])
    >>> t["guess"].tolist()
    ['S', 'N']
    """
    import numpy as np
    import pandas as pd

    from crmcourse._validate import as_series

    if isinstance(questions, pd.DataFrame):
        require_columns(questions, ["question"], source="questions",
                        fix="name the column with the question texts 'question'")
        frame = questions.copy()
    elif isinstance(questions, (list, tuple, pd.Series, pd.Index, np.ndarray)):
        frame = pd.DataFrame({"question": as_series(questions, "questions").to_numpy(dtype=object)})
    else:
        raise CourseDataError(f"questions must be a list of question texts or a table, got {describe(questions)}",
                              fix="pass e.g. ['Who decides on new printers?'] or a DataFrame with a 'question' column")
    texts = _check_questions(frame["question"], source="questions")
    guesses = [classify_question(q) for q in texts]
    frame["guess"] = [g.label for g in guesses]
    frame["cue"] = [g.cue for g in guesses]
    frame["why"] = [g.why for g in guesses]
    return frame


def _type_labels(values, *, source: str) -> list[str]:
    """S/P/I/N labels (spaces and case ignored), or one error naming the rows that are not."""
    out, bad = [], []
    for v in values.to_numpy(dtype=object):
        text = plain_text(v)
        label = text.strip().upper() if text is not None else None
        out.append(label)
        bad.append(label not in QUESTION_TYPES)
    if any(bad):
        first = values.to_numpy(dtype=object)[bad.index(True)]
        raise CourseDataError(f"{sum(bad)} label(s) are not S, P, I or N (e.g. {describe(first)})", file=source,
                              column="type", rows=rows_where(values.index, bad),
                              fix="label each question S (situation), P (problem), I (implication) or N (need-payoff)")
    return out


def classifier_report(frame=None) -> dict:
    """Accuracy, confusion table and mislabelled questions of :func:`classify_question`.

    Parameters
    ----------
    frame : pandas.DataFrame, optional
        Labelled questions with ``question`` and ``type`` (S/P/I/N) columns. Default: the
        held-apart set, :func:`holdout`, which the cues were never tuned on.

    Returns
    -------
    dict
        ``accuracy`` (a fraction), ``n``, ``confusion`` (rows: the right type, columns: the
        guess) and ``errors`` (the questions it got wrong, with the cue it used).

    Raises
    ------
    CourseDataError
        ``frame`` is not a table, is empty, lacks a column, or holds a question that is not
        text or a label that is not S, P, I or N.

    Examples
    --------
    >>> r = classifier_report()
    >>> r["n"] >= 40 and 0.0 <= r["accuracy"] <= 1.0
    True
    >>> list(r["confusion"].columns)
    ['S', 'P', 'I', 'N']
    """
    import numpy as np
    import pandas as pd

    frame = holdout() if frame is None else frame
    require_columns(frame, ["question", "type"], source="labelled questions", min_rows=1)
    truth = _type_labels(frame["type"], source="labelled questions")
    table = classify_questions(frame)
    guess = table["guess"].to_numpy(dtype=object)
    right = guess == np.array(truth, dtype=object)
    confusion = pd.crosstab(pd.Categorical(truth, categories=QUESTION_TYPES),
                            pd.Categorical(guess, categories=QUESTION_TYPES),
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

    Parameters
    ----------
    industry : str, optional
        Keep only this industry's questions (e.g. ``"hospital"``).

    Returns
    -------
    pandas.DataFrame
        ``question_id``, ``industry``, ``question``, ``type`` and ``reason``.

    Raises
    ------
    CourseDataError
        ``industry`` is not one of the bank's industries.

    Examples
    --------
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
        name = plain_text(industry)
        if name not in known:
            hint = did_you_mean(name, known) if name is not None else ""
            raise CourseDataError(f"no industry {describe(industry)} in the question bank{hint}",
                                  fix="use one of: " + ", ".join(known))
        bank = bank[bank["industry"].astype(str) == name].reset_index(drop=True)
    return bank


def holdout() -> "pd.DataFrame":
    """The held-apart labelled questions (``data/spin/holdout.csv``).

    They were written before the classifier's cues were tuned and never used to tune them: the
    fair test of its accuracy.

    Returns
    -------
    pandas.DataFrame
        ``question_id``, ``question``, ``type`` and the other columns of the file.

    Raises
    ------
    CourseDataError
        The shipped file is missing or broken (it is checked against ``data/tables.yml``).

    Examples
    --------
    >>> len(holdout()) >= 40
    True
    """
    from crmcourse import data

    frame = data.load("spin_holdout")
    frame["type"] = frame["type"].astype(str)
    return frame


def _quiz_bank(bank) -> "pd.DataFrame":
    """The bank indexed by question id, checked (columns, unique ids, S/P/I/N labels)."""
    bank = question_bank() if bank is None else bank
    require_columns(bank, ["question_id", "question", "type", "reason"], source="the question bank")
    ids = bank["question_id"].to_numpy(dtype=object)
    keys = [plain_text(i) for i in ids]
    dup = bank["question_id"].duplicated(keep=False).to_numpy() if all(k is not None for k in keys) else None
    if dup is None or dup.any():
        raise CourseDataError("question ids must be unique text such as 'Q001'", file="the question bank",
                              column="question_id", fix="give every question its own id")
    by_id = bank.assign(type=_type_labels(bank["type"], source="the question bank"))
    by_id.index = keys
    return by_id


def quiz_feedback(labels, bank=None):
    """Explain a classification quiz: your label, the bank's label and its reason, per question.

    While ``labels`` is still ``...`` (or holds ``...``), it only says what to do first.

    Parameters
    ----------
    labels : dict or pandas.Series
        Question ids (``"Q012"``) mapped to your labels (S, P, I or N; case and spaces ignored).
    bank : pandas.DataFrame, optional
        The labelled questions (default :func:`question_bank`), with ``question_id``,
        ``question``, ``type`` and ``reason``.

    Returns
    -------
    pandas.DataFrame or None
        One row per question: ``yours``, the bank's ``type``, ``right``, its ``reason``, and the
        classifier's guess with its cue — so you see where you, the bank and the heuristic
        disagree. None (after a printed note) while the labels are not filled in.

    Raises
    ------
    CourseDataError
        ``labels`` is not a mapping, is empty, names a question that is not in the bank, or
        gives a label that is not S, P, I or N; or ``bank`` is not a usable table.

    Examples
    --------
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
    fix = "e.g. quiz_feedback({'Q001': 'S', 'Q009': 'P'})"
    if isinstance(labels, pd.Series):
        if labels.index.has_duplicates:
            raise CourseDataError("quiz_feedback got the same question id twice", fix="give each question once")
        labels = dict(labels.items())
    if not isinstance(labels, Mapping) or not labels:
        raise CourseDataError("quiz_feedback needs a dict of question id → label", fix=fix)
    by_id = _quiz_bank(bank)
    rows = []
    for qid, yours in labels.items():
        key = plain_text(qid)
        if key is None or key not in by_id.index:
            hint = did_you_mean(key, by_id.index) if key is not None else ""
            raise CourseDataError(f"no question {describe(qid)} in the question bank{hint}",
                                  fix="use the ids shown in the quiz, e.g. 'Q001'")
        label = plain_text(yours)
        label = label.strip().upper() if label is not None else None
        if label not in QUESTION_TYPES:
            raise CourseDataError(f"the label for {key} is {describe(yours)}, not S, P, I or N",
                                  fix="label each question S (situation), P (problem), I (implication) "
                                      "or N (need-payoff)")
        row = by_id.loc[key]
        guess = classify_question(row["question"])
        rows.append({"question_id": key, "question": row["question"], "yours": label,
                     "type": row["type"], "right": label == row["type"],
                     "reason": row["reason"], "classifier": guess.label, "cue": guess.cue})
    return pd.DataFrame(rows)
