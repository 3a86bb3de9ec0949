"""Exercise checks: ``check("m1_nps_q1", answer)`` says correct, not answered yet, or not yet right.

A check never raises on anything a learner can type, never shows the expected answer, and
records its result twice: in this session (:func:`results`, :func:`progress`) and inside the
notebook itself, as a ``application/vnd.crmcourse.check+json`` output that the class grader
(``crmcourse grade``) reads back from an executed notebook.

Exercises are declared in ``crmcourse/exercises/<module>_<topic>.py``. Discrete answers are
stored as salted SHA-256 hashes (:func:`answer_hash`); numbers with a tolerance; tables are
compared with a reference the course helpers compute from the shipped data.

The package has one module per concern:

* :mod:`crmcourse.checks.core` — :func:`check`, :func:`evaluate`;
* :mod:`crmcourse.checks.records` — :class:`CheckResult`, this session's results and the
  records stored in notebooks;
* :mod:`crmcourse.checks.kinds` — the exercise kinds (:class:`NumberExercise`,
  :class:`ChoiceExercise`, :class:`ItemsExercise`, :class:`MappingExercise`,
  :class:`ValueExercise`);
* :mod:`crmcourse.checks.answers` — reading a learner's value and :func:`answer_hash`;
* :mod:`crmcourse.checks.feedback` — every text a learner can see;
* :mod:`crmcourse.checks.registry` — finding exercises by id.

>>> r = evaluate("m0_demo_ratio", 1.25)
>>> r.status
'correct'
>>> evaluate("m0_demo_ratio", ...).status
'unanswered'
>>> r = evaluate("m0_demo_ratio", 125)
>>> r.status, "percent" in r.message
('incorrect', True)
"""
from __future__ import annotations

from crmcourse.checks import answers, core, feedback, kinds, records, registry
from crmcourse.checks.answers import answer_hash
from crmcourse.checks.core import check, evaluate, show
from crmcourse.checks.kinds import (ChoiceExercise, Exercise, ItemsExercise, MappingExercise, NumberExercise,
                                    ValueExercise)
from crmcourse.checks.records import (RECORD_MIME, RESULTS, STATUSES, CheckResult, progress,
                                      records_from_notebook, reset_results, results)
from crmcourse.checks.registry import REGISTRY, all_exercises, get_exercise, register

__all__ = [
    "check",
    "evaluate",
    "answer_hash",
    "results",
    "progress",
    "reset_results",
    "records_from_notebook",
    "CheckResult",
    "Exercise",
    "NumberExercise",
    "ChoiceExercise",
    "ItemsExercise",
    "MappingExercise",
    "ValueExercise",
    "get_exercise",
    "all_exercises",
    "register",
    "show",
    "REGISTRY",
    "RESULTS",
    "RECORD_MIME",
    "STATUSES",
]
