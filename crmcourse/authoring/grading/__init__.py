"""Grade a class: run every submitted notebook in a sandbox and judge its answers in the grader.

``crmcourse grade SUBMISSIONS_DIR`` (:func:`grade_class`) finds the submissions —
``SUBMISSIONS_DIR/<learner>.ipynb`` or ``SUBMISSIONS_DIR/<learner>/<notebook>.ipynb`` — and writes:

* ``gradebook.csv`` — one row per learner, one column per exercise (the exercise's score times its
  declared points; empty when the notebook never handed an answer over), then ``total``,
  ``max``, ``status`` and ``detail``;
* ``class_summary.png`` — the share of the class that got each exercise right, hardest first.

What is trusted (``docs/grading.md`` has the threat model):

* **Scores come from the grader.** Each notebook runs in its own sandboxed process
  (:mod:`.sandbox`, :mod:`.worker`); every check it runs hands the learner's *answer* over as
  plain JSON. The grader keeps one answer per declared exercise (:mod:`.collect`) and judges it
  in its own process with its own checks and the declarations' points (:mod:`.judge`). Check
  records the notebook displays, patched check code and forged answer lines change nothing but
  what is claimed as the answer — which is then judged like any other.
* **Nothing escapes the sandbox**: read-only system, a private ``/tmp`` with the notebook's only
  copy, no network, none of the trainer's files, limits on memory, CPU, processes and file size,
  and every process killed at the end. Without bubblewrap the grader says once, plainly, that
  it runs unsandboxed.
* **One bad submission never stops the run**: each runs in a fresh process; one that dies is
  ``crashed`` and the others are graded. The gradebook is written once, at the end, atomically.
* **Exam exercises** (declared with ``exam=True``) are judged with the trainer's answer keys
  (``solutions/answer_keys/*.json`` or ``--key``), which never ship with the package.

Statuses, per notebook (a learner's row shows the worst of their notebooks):
``ok`` · ``missing-checks`` (an exercise of the matching solution never handed an answer over)
· ``output-limit`` (the outputs passed the cap; answers still count) · ``error`` (a cell raised;
later cells still ran) · ``timeout`` (stopped at the time limit; answers before count) ·
``crashed`` (the run ended abruptly; answers before count) · ``invalid`` (not a readable
notebook; nothing ran).
"""
from __future__ import annotations

from crmcourse.authoring.grading.collect import InvalidSubmission, parse_channel, read_submission
from crmcourse.authoring.grading.gradebook import STATUS_ORDER, gradebook, summary_plot, write_atomically
from crmcourse.authoring.grading.judge import AnswerKeyError, judge_claims, load_answer_keys
from crmcourse.authoring.grading.run import (DEFAULT_TIMEOUT, OUTPUT_LIMIT, ClassReport, GradingError, NotebookResult,
                                             expected_exercises, find_submissions, grade, grade_class, grade_notebook)
from crmcourse.authoring.grading.sandbox import Limits, Sandbox, find_sandbox

__all__ = ["NotebookResult", "GradingError", "ClassReport", "find_submissions", "grade_notebook", "grade",
           "gradebook", "summary_plot", "grade_class", "STATUS_ORDER", "DEFAULT_TIMEOUT", "OUTPUT_LIMIT",
           "Limits", "Sandbox", "find_sandbox", "load_answer_keys", "AnswerKeyError", "judge_claims",
           "parse_channel", "read_submission", "InvalidSubmission", "expected_exercises", "write_atomically"]
