"""Exercise checks: ``check("m1_nps_q1", answer)`` says correct, not answered yet, or not yet right.

A check never raises on anything a learner can type, never shows the expected answer, and
records its result twice: in this session (:func:`results`, :func:`progress`) and inside the
notebook itself, as a ``application/vnd.crmcourse.check+json`` output that the class grader
(``crmcourse grade``) reads back from an executed notebook.

Exercises are declared in ``crmcourse/exercises/<module>_<topic>.py``. Discrete answers are
stored as salted SHA-256 hashes (:func:`answer_hash`); numbers with a tolerance; tables are
compared with a reference the course helpers compute from the shipped data. These instant
checks keep the answer out of plain sight, not secret: the learner's own kernel can always
recover it (see ``docs/grading.md``). An exercise declared with ``exam=True`` holds no target
at all: its check says "recorded, graded by your trainer", and ``crmcourse grade`` judges it
with the trainer's answer key from ``solutions/answer_keys/``.

The package has one module per concern:

* :mod:`crmcourse.checks.core` — :func:`check`, :func:`evaluate`, :func:`judge_answer`;
* :mod:`crmcourse.checks.records` — :class:`CheckResult`, this session's results and the
  records stored in notebooks;
* :mod:`crmcourse.checks.kinds` — the exercise kinds (:class:`NumberExercise`,
  :class:`ChoiceExercise`, :class:`ItemsExercise`, :class:`MappingExercise`,
  :class:`ValueExercise`) and each exercise's ``task`` (:data:`~crmcourse.checks.kinds.TASKS`);
* :mod:`crmcourse.checks.diagnose` — what a wrong number or mapping says about the slip behind it;
* :mod:`crmcourse.checks.written` — :class:`WrittenExercise`: short written answers judged by a
  rule-based :class:`Rubric` that names what is missing; :mod:`crmcourse.checks.rubrics` — the
  course's ready rubrics (FAB, objection reply, care SMS, account-plan section, SPIN question);
* :mod:`crmcourse.checks.answers` — reading a learner's value and :func:`answer_hash`;
* :mod:`crmcourse.checks.feedback` — every text a learner can see;
* :mod:`crmcourse.checks.registry` — finding exercises by id;
* :mod:`crmcourse.checks.transfer` — moving an answer from a graded kernel to the grader as plain JSON.

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

from crmcourse.checks import answers, core, diagnose, feedback, kinds, records, registry, rubrics, transfer, written
from crmcourse.checks.answers import answer_hash
from crmcourse.checks.core import check, evaluate, judge_answer, show
from crmcourse.checks.kinds import (TASKS, ChoiceExercise, Exercise, ItemsExercise, MappingExercise,
                                    NumberExercise, ValueExercise)
from crmcourse.checks.records import (RECORD_MIME, RESULTS, STATUSES, CheckResult, progress,
                                      records_from_notebook, reset_results, results)
from crmcourse.checks.registry import REGISTRY, all_exercises, get_exercise, register
from crmcourse.checks.rubrics import (account_plan_rubric, care_sms_rubric, fab_rubric, objection_rubric,
                                      spin_question_rubric)
from crmcourse.checks.transfer import ANSWER_MIME
from crmcourse.checks.written import Element, Forbidden, Rubric, WrittenExercise

__all__ = [
    "check",
    "evaluate",
    "judge_answer",
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
    "WrittenExercise",
    "Rubric",
    "Element",
    "Forbidden",
    "fab_rubric",
    "objection_rubric",
    "care_sms_rubric",
    "account_plan_rubric",
    "spin_question_rubric",
    "get_exercise",
    "all_exercises",
    "register",
    "show",
    "REGISTRY",
    "RESULTS",
    "RECORD_MIME",
    "ANSWER_MIME",
    "STATUSES",
    "TASKS",
]
