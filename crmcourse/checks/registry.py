"""Where exercises are found: the declaration files in ``crmcourse/exercises/``, loaded on first use.

An exercise id starts with its module prefix (``m0`` … ``m6``, ``cap``), which also starts its
file's name, so :func:`get_exercise` imports only the files of that prefix. The declaration files
are found by name with :mod:`pkgutil` and loaded with :mod:`importlib`; they import the exercise
kinds, never this module.

>>> get_exercise("m0_demo_ratio").title
'Satisfaction ratio of a single customer'
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from crmcourse.checks.kinds import Exercise
from crmcourse.errors import CourseDataError

__all__ = ["REGISTRY", "get_exercise", "all_exercises", "register"]

#: Every exercise loaded so far, by id.
REGISTRY: dict[str, Exercise] = {}


def _declaration_files() -> list[str]:
    import crmcourse.exercises as pkg

    return [info.name for info in pkgutil.iter_modules(pkg.__path__) if not info.name.startswith("_")]


def _load_file(name: str) -> None:
    module = importlib.import_module(f"crmcourse.exercises.{name}")
    for ex in getattr(module, "EXERCISES", []):
        REGISTRY.setdefault(ex.id, ex)


def register(exercise: Exercise) -> Exercise:
    """Add an exercise to the registry (tests and ad-hoc exercises; declaration files need not call it).

    Parameters
    ----------
    exercise : Exercise
        An instance of one of the exercise kinds; an earlier exercise with the same id is replaced.

    Returns
    -------
    Exercise
        ``exercise`` itself.

    Raises
    ------
    CourseDataError
        ``exercise`` is not an :class:`~crmcourse.checks.Exercise`.

    Examples
    --------
    >>> from crmcourse.checks import NumberExercise, evaluate
    >>> _ = register(NumberExercise(id="t_demo", title="t", hint="h", expected=2))
    >>> evaluate("t_demo", 2).status
    'correct'
    >>> _ = REGISTRY.pop("t_demo")
    """
    if not isinstance(exercise, Exercise):
        raise CourseDataError(f"register() takes an exercise, got {type(exercise).__name__}",
                              fix="pass e.g. NumberExercise(id='m1_x', title='...', hint='...', expected=0.5)")
    REGISTRY[exercise.id] = exercise
    return exercise


def get_exercise(exercise_id: Any) -> Exercise | None:
    """Find an exercise by id (loading its module file on first use); None if unknown.

    Parameters
    ----------
    exercise_id : str
        E.g. ``"m1_kano_q2"``.

    Returns
    -------
    Exercise or None
        None for an unknown id or one that is not text.

    Raises
    ------
    Exception
        Whatever a broken declaration file raises when imported (a course bug;
        :func:`~crmcourse.checks.evaluate` reports it instead of raising).

    Examples
    --------
    >>> get_exercise("m0_demo_ratio").points
    1
    >>> get_exercise("m9_nothing") is None
    True
    """
    if type(exercise_id) is not str:
        if not isinstance(exercise_id, str):
            return None
        exercise_id = str.__str__(exercise_id)
    if exercise_id in REGISTRY:
        return REGISTRY[exercise_id]
    prefix = exercise_id.split("_", 1)[0]
    if not prefix.isidentifier():
        return None
    for name in _declaration_files():
        if name == prefix or name.startswith(prefix + "_"):
            _load_file(name)
    return REGISTRY.get(exercise_id)


def all_exercises() -> list[Exercise]:
    """Every declared exercise, across all exercise files (used by tests and the grader).

    Returns
    -------
    list of Exercise
        Sorted by id.

    Raises
    ------
    Exception
        Whatever a broken declaration file raises when imported.

    Examples
    --------
    >>> ids = [e.id for e in all_exercises()]
    >>> "m0_demo_ratio" in ids and ids == sorted(ids)
    True
    """
    for name in _declaration_files():
        _load_file(name)
    return sorted(REGISTRY.values(), key=lambda e: e.id)
