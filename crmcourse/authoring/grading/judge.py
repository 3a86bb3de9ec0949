"""Judging in the grader's own process: pristine checks, the exercise declarations' points, exam answer keys.

Each answer claim collected from a sandboxed run (:mod:`.collect`) is decoded from plain JSON
(:func:`crmcourse.checks.transfer.decode`: built-in values, numpy and pandas objects only) and
judged with :func:`crmcourse.checks.judge_answer` — the grader's own import of the checks, which
the learner's code never touched. The points are the declaration's. A claim that cannot be
decoded counts as not answered.

Exam exercises (declared with ``exam=True``) carry no target in the package; the trainer's
answer keys do. An answer key is a JSON file, by default every ``*.json`` in
``solutions/answer_keys/``, mapping exercise ids to their target::

    {
      "m1_quiz_zone":  {"answer": "highly satisfied"},
      "m1_quiz_ratio": {"expected": 1.25, "rel_tol": 0.001},
      "m1_quiz_pick":  {"answer": ["wifi", "free samples"]},
      "m1_quiz_map":   {"answer": {"wifi": "M", "gift": "A"}}
    }

Keys starting with ``_`` are comments. See :meth:`crmcourse.checks.Exercise.with_key` for
each kind.

>>> judge_claims({"m0_demo_ratio": {"answer": "1.25"}}, {})[0]["status"]
'correct'
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from crmcourse.errors import CourseDataError

__all__ = ["ANSWER_KEY_DIR", "AnswerKeyError", "answer_key_files", "load_answer_keys", "judge_claims",
           "default_key_paths"]

#: Where answer keys live inside ``solutions/`` (outside the learner's notebooks and the package).
ANSWER_KEY_DIR = "answer_keys"


class AnswerKeyError(CourseDataError):
    """An answer key file cannot be read, names an unknown or non-exam exercise, or holds a bad target."""


def answer_key_files(paths) -> list[Path]:
    """Every ``*.json`` of the given files and folders, sorted (folders are read one level deep).

    Parameters
    ----------
    paths : iterable of path

    Returns
    -------
    list of Path

    Raises
    ------
    AnswerKeyError
        A path does not exist.

    Examples
    --------
    >>> answer_key_files([])
    []
    """
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.glob("*.json") if p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise AnswerKeyError(f"no answer key at {path}", fix="give a .json key file or a folder of them")
    return found


def load_answer_keys(paths) -> dict:
    """The exam exercises, each judged against its trainer's key: exercise id → keyed exercise.

    Parameters
    ----------
    paths : iterable of path
        Key files or folders of them (see :func:`answer_key_files`).

    Returns
    -------
    dict
        Exercise id → a copy of the exercise with its target (:meth:`~crmcourse.checks.Exercise.with_key`).

    Raises
    ------
    AnswerKeyError
        A file is not JSON, names an exercise that is not declared or not an exam exercise,
        gives one exercise twice, or holds a target of the wrong kind.

    Examples
    --------
    >>> load_answer_keys([])
    {}
    """
    from crmcourse.checks import get_exercise

    keyed: dict = {}
    for path in answer_key_files(paths):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeError, ValueError) as exc:
            raise AnswerKeyError(f"cannot read the answer key {path} ({type(exc).__name__})") from None
        if not isinstance(data, dict):
            raise AnswerKeyError(f"{path} should hold a JSON object: exercise id → target")
        for exercise_id, entry in data.items():
            if exercise_id.startswith("_"):
                continue
            ex = get_exercise(exercise_id)
            if ex is None:
                raise AnswerKeyError(f"{path} has a key for {exercise_id!r}, which no exercise file declares")
            if not ex.exam:
                raise AnswerKeyError(f"{path} has a key for {exercise_id!r}, which is not an exam exercise",
                                     fix="declare it with exam=True (and remove its target from the package)")
            if exercise_id in keyed:
                raise AnswerKeyError(f"{exercise_id!r} has two answer keys (the second in {path})")
            try:
                keyed[exercise_id] = ex.with_key(entry)
            except CourseDataError as exc:
                raise AnswerKeyError(f"{path}: {exc}") from None
    return keyed


def judge_claims(answers: dict, keyed: dict) -> list[dict]:
    """Judge collected answer claims with the grader's own checks; one record per exercise.

    Parameters
    ----------
    answers : dict
        Exercise id → ``{"answer": JSON text}`` or ``{"untransferable": True}`` (see
        :func:`~crmcourse.authoring.grading.collect.parse_channel`).
    keyed : dict
        From :func:`load_answer_keys`.

    Returns
    -------
    list of dict
        ``exercise``, ``status``, ``score`` (0–1, or None for an exam exercise without a key)
        and ``points`` (from the declaration).

    Raises
    ------
    None

    Examples
    --------
    >>> [r["status"] for r in judge_claims({"m0_demo_ratio": {"answer": '"x"'},
    ...                                     "m0_demo_zone": {"untransferable": True}}, {})]
    ['incorrect', 'unanswered']
    """
    from crmcourse.checks import get_exercise, judge_answer
    from crmcourse.checks.transfer import MAX_BYTES, Untransferable, decode

    records = []
    for exercise_id, claim in answers.items():
        ex = keyed.get(exercise_id) or get_exercise(exercise_id)
        if ex is None:
            continue
        points = int(ex.points)
        if ex.exam:  # no key given: only a kind that needs none (e.g. a written answer's rubric) can be judged
            try:
                ex = ex.with_key({})
            except CourseDataError:
                records.append({"exercise": exercise_id, "status": "unknown", "score": None, "points": points})
                continue
        text = claim.get("answer")
        value = ...  # "not answered" unless the claim decodes to a plain value
        if isinstance(text, str) and len(text) <= MAX_BYTES:
            try:
                value = decode(json.loads(text))
            except (Untransferable, Exception):  # any trouble building it: not answered
                value = ...
        result = judge_answer(ex, value)
        score = max(0.0, min(1.0, float(result.score))) if result.status != "unanswered" else 0.0
        records.append({"exercise": exercise_id, "status": result.status, "score": round(score, 4), "points": points})
    return records


def default_key_paths(solutions) -> list[Path]:
    """``solutions/answer_keys`` when it exists (the automatic place for exam keys), else nothing.

    Examples
    --------
    >>> default_key_paths(None)
    []
    """
    if solutions is None:
        return []
    folder = Path(os.fspath(solutions)) / ANSWER_KEY_DIR
    return [folder] if folder.is_dir() else []
