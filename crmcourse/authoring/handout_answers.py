"""The answers the trainer key prints: each declared exercise's right answer, read as a trainer reads it.

Computed from the exercise declarations (the option whose hash matches, the expected number, the
reference table) or, for exam exercises, from ``solutions/answer_keys/``. In the Chinese key the
options and rubric elements come from the ``exercises`` catalog ("中文（English）") and the
other words from the ``site`` catalog.

>>> from crmcourse.checks import get_exercise
>>> exercise_answer(get_exercise("m0_demo_ratio"))
'1.25'
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crmcourse.authoring.markers import Region, split_regions
from crmcourse.authoring.site.editions import check_language, domain_text, tr

__all__ = ["exercise_answer", "answer_keys", "solution_code"]


def _hashed(exercise: Any, wanted: str) -> str | None:
    from crmcourse.checks import answer_hash

    return next((o for o in exercise.options if answer_hash(exercise.id, o) == wanted), None)


def _number(value: float, exercise: Any) -> str:
    if getattr(exercise, "is_count", None) and exercise.integer is not False and float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6g}"
    if getattr(exercise, "percent", False) and abs(value) <= 1:
        text += f" (= {value * 100:.4g}%)"
    return text


def _option(language: str, text: Any, exercise_id: str | None = None) -> str:
    """An option label (or mapping key) as the key prints it: Chinese with the English it stands for."""
    shown = domain_text(language, "exercises", text, exercise_id) if isinstance(text, str) else text
    return f"{shown}（{text}）" if shown != text else str(text)


def _rubric_summary(rubric: Any, language: str = "en") -> str:
    names = [domain_text(language, "exercises", e.name) for e in getattr(rubric, "elements", ())]
    if getattr(rubric, "question", False):
        names.append(tr(language, "one question ending with '?'"))
    if getattr(rubric, "judge_with", None) is not None:
        names.append(tr(language, "the special rule of the exercise (e.g. the SPIN classifier's type)"))
    if not names:
        return tr(language, "A written answer.")
    return tr(language, "A written answer; the rubric checks: {elements}").format(
        elements=("；" if language == "zh" else "; ").join(names))


def exercise_answer(exercise: Any, keys: dict | None = None, language: str = "en") -> str:
    """The right answer of a declared exercise, as a trainer reads it (text; tables as fixed-width text).

    Parameters
    ----------
    exercise : Exercise
        A declared exercise.
    keys : dict, optional
        Exercise id → entry of an exam answer key (``solutions/answer_keys/*.json``).
    language : {"en", "zh"}
        The key's language: in Chinese, options read "中文（English）" (``exercises`` catalog).

    Returns
    -------
    str
        The option, items, labels, number or table; for a written exercise what its rubric
        checks; ``"(see the solution code)"`` when the declaration holds no readable answer.

    Raises
    ------
    CourseDataError
        An unknown language. A reference that cannot be computed is reported in the text.

    Examples
    --------
    >>> from crmcourse.checks import get_exercise
    >>> exercise_answer(get_exercise("m0_demo_ratio"))
    '1.25'
    >>> exercise_answer(get_exercise("m0_demo_ratio"), language="zh")
    '1.25'
    """
    from crmcourse.checks import (ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise, ValueExercise,
                                  WrittenExercise)

    keys = keys or {}
    check_language(language)
    see_code = tr(language, "(see the solution code)")
    # Chinese lists take full-width punctuation
    comma, semicolon, colon = ("、", "；", "：") if language == "zh" else (", ", "; ", ": ")
    try:
        if exercise.exam:
            entry = keys.get(exercise.id)
            if entry is None:
                return tr(language, "(exam exercise: no answer key in solutions/answer_keys/)")
            value = entry.get("expected", entry.get("answer"))
            return ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
        if isinstance(exercise, WrittenExercise):
            return _rubric_summary(exercise.rubric, language)
        if isinstance(exercise, NumberExercise):
            return _number(exercise.reference(), exercise)
        if isinstance(exercise, ChoiceExercise):
            found = _hashed(exercise, exercise.answer)
            return _option(language, found, exercise.id) if found is not None else see_code
        if isinstance(exercise, ItemsExercise):
            items = [_option(language, o, exercise.id) if (o := _hashed(exercise, h)) is not None else "?"
                     for h in exercise.answer]
            return (" → " if exercise.ordered else comma).join(items)
        if isinstance(exercise, MappingExercise):
            return semicolon.join(f"{_option(language, k, exercise.id)}{colon}"
                                  f"{_option(language, o, exercise.id) if (o := _hashed(exercise, h)) else '?'}"
                                  for k, h in exercise.answer.items())
        if isinstance(exercise, ValueExercise):
            ref = exercise.reference()
            if hasattr(ref, "to_string"):
                shown = ref.head(12).round(4) if hasattr(ref, "round") else ref.head(12)
                more = "\n" + tr(language, "… ({count} rows in all)").format(count=len(ref)) if len(ref) > 12 else ""
                return shown.to_string() + more
            return str(ref)
    except Exception as exc:  # noqa: BLE001 - the key still prints, with the reason
        return tr(language, "(could not be computed: {error})").format(error=type(exc).__name__)
    return see_code


def answer_keys(root: Path) -> dict:
    """Exercise id → entry of the exam answer keys ``solutions/answer_keys/*.json`` (``{}`` without them).

    >>> answer_keys(Path("/no/such/course"))
    {}
    """
    keys: dict = {}
    folder = root / "solutions" / "answer_keys"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            keys.update({k: v for k, v in data.items() if not k.startswith("_") and isinstance(v, dict)})
    return keys


def solution_code(source: str) -> str:
    """The code between the solution markers of a cell (markers removed).

    >>> solution_code("### BEGIN SOLUTION\\nanswer = 1\\n### END SOLUTION\\ncheck('x', answer)")
    'answer = 1'
    """
    regions = [part for part in split_regions(source) if isinstance(part, Region)]
    return "".join(line for region in regions for line in region.body).strip()
