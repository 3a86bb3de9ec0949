"""Written exercises: a short free-text answer judged by a rule-based rubric that names what is missing.

A :class:`WrittenExercise` holds a :class:`Rubric`: the elements the answer must contain (each
recognised by cue words, English and Chinese), a length range, whether it must be a question,
patterns it must avoid, and optional special rules (``judge_with``). The feedback says how many
rubric points are met and what is missing — never a model text. The score is the share of
points met; the answer is correct when every point is met.

Five ready rubrics in :mod:`crmcourse.checks.rubrics` cover the course's written tasks:
``fab_rubric`` (a feature → advantage → benefit statement tied to the buyer's stated need),
``objection_rubric`` (a reply using a named technique), ``care_sms_rubric`` (a care message with
the five-part pattern and an opt-out), ``account_plan_rubric`` (a section of an account plan)
and ``spin_question_rubric`` (a question of one SPIN type about a scenario's buyer, typed by the
course's own classifier, :func:`crmcourse.spin.classify_question`).

**Cues.** A cue is matched case-insensitively in the answer (after Unicode NFKC normalisation,
so full-width ``？`` is ``?``). An English cue matches whole words, with the endings -s, -es,
-ed and -ing allowed (``"repair"`` matches "repaired"; ``"delivery"`` "deliveries"; ``"save"``
"saving"); ``"sav*"`` matches any word
starting with "sav"; a cue holding Chinese characters matches anywhere; ``"re:<regex>"`` is a
regular expression. Lengths are in words; two Chinese characters count as one word.

>>> ex = WrittenExercise(id="t_thanks", title="Thank the buyer", hint="h", rubric=Rubric(
...     elements=[Element("thanks", ("thank*", "谢谢", "感谢"), "Thank the buyer."),
...               Element("the next step", ("meet*", "call", "visit", "拜访"), "Propose the next step.")]))
>>> ex.judge("Thank you for your time today.")
('incorrect', '1 of 2 rubric points met. Propose the next step.', 0.5)
>>> ex.judge("感谢您的时间，下周我来拜访。")[0]
'correct'
"""
from __future__ import annotations

import dataclasses
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import crmcourse.checks.feedback as fb
from crmcourse.checks.kinds import Exercise

__all__ = ["WrittenExercise", "Rubric", "Element", "Forbidden", "Rule", "MAX_WRITTEN_CHARS", "clean", "word_count",
           "cue_position", "count_matched", "as_tuple", "CJK", "LATIN_WORD"]

#: The longest answer a written check reads (a written answer here is a few sentences).
MAX_WRITTEN_CHARS = 5000

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[0-9a-zA-Z\u00c0-\u024f]+(?:['’\-][0-9a-zA-Z\u00c0-\u024f]+)*")
_EDGE = "0-9a-z\u00c0-\u024f"

#: A special rule: the cleaned answer → ``(met, message when not met)`` pairs, one per rubric point.
Rule = Callable[[str], Iterable[tuple[bool, str]]]


def clean(text: str) -> str:
    """``text`` NFKC-normalised (full-width ``？`` becomes ``?``), runs of white space as one space, trimmed.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Raises
    ------
    TypeError
        ``text`` is not text.

    Examples
    --------
    >>> clean("  为什么？  Really ")
    '为什么? Really'
    """
    return " ".join(unicodedata.normalize("NFKC", text).split())


def word_count(text: str) -> int:
    """Words in ``text``: English words and numbers, plus one word per two Chinese characters.

    Parameters
    ----------
    text : str

    Returns
    -------
    int

    Raises
    ------
    TypeError
        ``text`` is not text.

    Examples
    --------
    >>> word_count("Our printers have card readers."), word_count("我们的打印机")
    (5, 3)
    """
    return len(LATIN_WORD.findall(text)) + math.ceil(len(CJK.findall(text)) / 2)


@functools.lru_cache(maxsize=4096)
def _cue_regex(cue: str) -> re.Pattern:
    """The compiled pattern of one cue (see the module docstring for the cue syntax)."""
    if cue.startswith("re:"):
        return re.compile(cue[3:], re.I)
    cue = clean(cue).lower()
    if not cue.rstrip("*"):
        return re.compile(r"(?!)")  # a blank cue matches nothing
    if CJK.search(cue):
        return re.compile(re.escape(cue), re.I)
    star = cue.endswith("*")
    words = cue.rstrip("*").split() or [""]
    last = words[-1]
    if star:
        tail = re.escape(last) + f"[{_EDGE}'’\\-]*"
    elif last.endswith("y") and len(last) > 2:
        tail = re.escape(last[:-1]) + f"(?:y|ys|ies|ied|ying)(?![{_EDGE}])"
    elif last.endswith("e") and len(last) > 2:
        tail = re.escape(last[:-1]) + f"(?:e|es|ed|ing)(?![{_EDGE}])"
    else:
        tail = re.escape(last) + f"(?:s|es|ed|ing)?(?![{_EDGE}])"
    body = r"\s+".join([re.escape(w) for w in words[:-1]] + [tail])
    start = f"(?<![{_EDGE}])" if re.match(f"[{_EDGE}]", words[0]) else ""
    return re.compile(start + body, re.I)


def cue_position(cues: Iterable[str], text: str, *, last: bool = False) -> int | None:
    """Where the first (or last) match of any cue starts in ``text``; None when none matches.

    Parameters
    ----------
    cues : iterable of str
        Cues in the syntax of this module.
    text : str
        The (cleaned) answer.
    last : bool, default False
        The position of the last match instead of the first.

    Returns
    -------
    int or None

    Raises
    ------
    re.error
        A ``re:`` cue is not a valid regular expression (a declaration bug).

    Examples
    --------
    >>> cue_position(["so", "which means"], "It has a tray, so you can refill it."), cue_position(["x"], "abc")
    (15, None)
    """
    found = [m.start() for cue in cues for m in _cue_regex(cue).finditer(text)]
    if not found:
        return None
    return max(found) if last else min(found)


def count_matched(cues: Iterable[str], text: str) -> int:
    """How many of ``cues`` occur in ``text``.

    Parameters
    ----------
    cues : iterable of str
        Cues in the syntax of this module.
    text : str
        The (cleaned) answer.

    Returns
    -------
    int

    Raises
    ------
    re.error
        A ``re:`` cue is not a valid regular expression (a declaration bug).

    Examples
    --------
    >>> count_matched(["repair", "queue", "退订"], "Repaired fast, no queues. 回复TD退订")
    3
    """
    return sum(1 for cue in cues if _cue_regex(cue).search(text))


def as_tuple(value: Any) -> tuple:
    """Cues or rubric parts as a tuple: None is empty, one string is one cue, a list becomes a tuple.

    Parameters
    ----------
    value : None, str or iterable

    Returns
    -------
    tuple

    Raises
    ------
    TypeError
        ``value`` is not iterable.

    Examples
    --------
    >>> as_tuple("td"), as_tuple(["a", "b"]), as_tuple(None)
    (('td',), ('a', 'b'), ())
    """
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Element:
    """One thing the answer must contain, recognised by any of its cues.

    Parameters
    ----------
    name : str
        What it is, e.g. ``"a benefit"``.
    cues : sequence of str
        English and Chinese cue words (see the module docstring).
    missing : str, default ""
        What the feedback says when it is missing (default ``"Missing: <name>."``): say what
        to add, not how to phrase it. Shown translated (the ``exercises`` catalog, else the
        package's).
    at_least : int, default 1
        How many different cues must match.
    fields : tuple of (str, str), default ()
        Values for ``{placeholders}`` in ``missing`` (each translated too), so that the
        catalog holds one template, e.g. ``missing="Name the need: {need}."``,
        ``fields=(("need", "the queue"),)``.

    Examples
    --------
    >>> Element("thanks", ("thank*", "谢谢")).met("Many thanks!")
    True
    """

    name: str
    cues: tuple[str, ...] = ()
    missing: str = ""
    at_least: int = 1
    fields: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "cues", as_tuple(self.cues))
        object.__setattr__(self, "fields", tuple(tuple(pair) for pair in as_tuple(self.fields)))

    def met(self, text: str) -> bool:
        """Whether ``text`` holds at least ``at_least`` of the cues."""
        return count_matched(self.cues, text) >= max(1, self.at_least)

    def message(self) -> str:
        """The feedback when the element is missing, in the language in use."""
        if not self.missing:
            return fb.say(fb.WRITTEN_MISSING, name=fb.course_text(self.name))
        if not self.fields:
            return fb.course_text(self.missing)
        values = {str(k): fb.course_text(v) for k, v in self.fields}
        try:
            return fb.course_text(self.missing).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
            return self.missing.format(**dict(self.fields))


@dataclass(frozen=True)
class Forbidden:
    """Something the answer must not contain: any of ``cues`` breaks the rule and ``message`` says why.

    Examples
    --------
    >>> Forbidden(("guarantee*",), "Promise nothing.").met("We guarantee it")
    False
    """

    cues: tuple[str, ...]
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "cues", as_tuple(self.cues))

    def met(self, text: str) -> bool:
        """True when none of the cues is in ``text``."""
        return count_matched(self.cues, text) == 0


@dataclass(frozen=True)
class Rubric:
    """The rubric of a written exercise: every point it checks, in the order feedback names them.

    Parameters
    ----------
    elements : sequence of Element
        What the answer must contain (one point each).
    min_words, max_words : int, optional
        Length range in words (one point each when set; two Chinese characters are one word).
    max_chars : int, optional
        Longest answer in characters (e.g. one text message); one point when set.
    question : bool, default False
        The answer must end with a question mark (one point).
    max_questions : int, optional
        At most this many question marks (one point), e.g. 1 for "ask one question".
    forbidden : sequence of Forbidden
        What the answer must not contain (one point each).
    judge_with : callable, optional
        A special rule: the cleaned answer → an iterable of ``(met, message)`` pairs, one point
        each. An exception in it makes the check "cannot be checked" (a course bug).

    Examples
    --------
    >>> r = Rubric(min_words=3, question=True)
    >>> [met for met, _ in r.assess("Why?")]
    [False, True]
    """

    elements: tuple[Element, ...] = ()
    min_words: int = 0
    max_words: int | None = None
    max_chars: int | None = None
    question: bool = False
    max_questions: int | None = None
    forbidden: tuple[Forbidden, ...] = ()
    judge_with: Rule | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "elements", as_tuple(self.elements))
        object.__setattr__(self, "forbidden", as_tuple(self.forbidden))

    def assess(self, text: str) -> list[tuple[bool, str]]:
        """Every rubric point for a cleaned answer: ``(met, message when not met)``.

        Parameters
        ----------
        text : str
            The answer, cleaned (NFKC, single spaces).

        Returns
        -------
        list of tuple

        Raises
        ------
        Exception
            Whatever ``judge_with`` raises.

        Examples
        --------
        >>> Rubric(elements=[Element("thanks", ("thank*",))]).assess("Hello")
        [(False, 'Missing: thanks.')]
        """
        points: list[tuple[bool, str]] = []
        words = word_count(text)
        if self.min_words:
            points.append((words >= self.min_words, fb.say(fb.WRITTEN_TOO_SHORT, words=self.min_words)))
        points += [(e.met(text), e.message()) for e in self.elements]
        if self.question:
            points.append((text.rstrip().endswith("?"), fb.say(fb.WRITTEN_NOT_QUESTION)))
        if self.max_questions is not None:
            points.append((text.count("?") <= self.max_questions,
                           fb.say(fb.WRITTEN_TOO_MANY_QUESTIONS, count=self.max_questions)))
        if self.max_words is not None:
            points.append((words <= self.max_words, fb.say(fb.WRITTEN_TOO_LONG, words=self.max_words)))
        if self.max_chars is not None:
            points.append((len(text) <= self.max_chars, fb.say(fb.WRITTEN_TOO_MANY_CHARS, chars=self.max_chars)))
        points += [(f.met(text), fb.course_text(f.message)) for f in self.forbidden]
        if self.judge_with is not None:
            points += [(bool(met), fb.course_text(str(message))) for met, message in self.judge_with(text)]
        return points


@dataclass
class WrittenExercise(Exercise):
    """A short written answer (a string) judged by a :class:`Rubric`; feedback names what is missing.

    Parameters
    ----------
    id, title, hint, points
        As for :class:`~crmcourse.checks.Exercise`; ``task`` is ``"written"``.
    rubric : Rubric
        What the answer must contain; build one with :class:`Rubric` or a rubric helper.

    Examples
    --------
    >>> ex = WrittenExercise(id="t_q", title="Ask", hint="h", rubric=Rubric(question=True))
    >>> ex.judge("Tell me more."), ex.judge(42)[0]
    (('incorrect', '0 of 1 rubric points met. A question ends with a question mark.', 0.0), 'incorrect')
    """

    rubric: Rubric = field(default_factory=Rubric)
    task: str | None = field(default="written", kw_only=True)

    def with_key(self, key):
        """The exercise itself (not an exam): a rubric needs no answer key."""
        return dataclasses.replace(self, exam=False)

    def judge(self, answer: Any) -> tuple[str, str, float]:
        """Judge the answer against the rubric. Never raises.

        Parameters
        ----------
        answer : Any
            The learner's text.

        Returns
        -------
        tuple
            ``(status, message, score)``: correct when every rubric point is met; the score is
            the share of points met; "cannot be checked" when the rubric itself fails.

        Raises
        ------
        None

        Examples
        --------
        >>> WrittenExercise(id="t", title="t", hint="h", rubric=Rubric(min_words=2)).judge("Two words")
        ('correct', '', 1.0)
        """
        try:
            if not isinstance(answer, str):
                return ("incorrect", fb.say(fb.EXPECTED_TEXT, answer=fb.describe(answer)), 0.0)
            raw = str.__str__(answer)
            if len(raw) > MAX_WRITTEN_CHARS:
                return ("incorrect", fb.say(fb.WRITTEN_WAY_TOO_LONG, count=len(raw), most=MAX_WRITTEN_CHARS), 0.0)
            text = clean(raw)
            if not text:
                return ("unanswered", fb.say(fb.UNANSWERED), 0.0)
        except Exception as exc:  # noqa: BLE001 - e.g. a str subclass that breaks: report, never raise
            return ("incorrect", fb.say(fb.NOT_COMPARABLE, error=type(exc).__name__), 0.0)
        try:
            points = self.rubric.assess(text)
        except Exception as exc:  # noqa: BLE001 - a rubric bug is the course's, not the learner's
            return ("unknown", fb.say(fb.NO_REFERENCE, error=type(exc).__name__), 0.0)
        if not points:
            return ("unknown", fb.say(fb.NO_REFERENCE_VALUE), 0.0)
        met = sum(1 for ok, _ in points if ok)
        if met == len(points):
            return self.solved()
        missing = [message for ok, message in points if not ok]
        return ("incorrect", fb.join([fb.say(fb.WRITTEN_SUMMARY, met=met, total=len(points)), *missing]),
                met / len(points))
