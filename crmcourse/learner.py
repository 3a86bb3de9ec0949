"""Learner notebooks generated from the worked solutions: this name is kept for existing imports.

The code lives in :mod:`crmcourse.authoring.learner` (generation), :mod:`crmcourse.authoring.leaks`
(leak detection), :mod:`crmcourse.authoring.placeholders` and :mod:`crmcourse.authoring.markers`;
the command is ``crmcourse learner [--check]`` (:mod:`crmcourse.cli`).

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
...     "### BEGIN SOLUTION\\nanswer = 6 * 7\\n### END SOLUTION\\nprint(answer)")])
>>> print(make_learner_notebook(nb).cells[0].source)
answer = ...  # YOUR ANSWER HERE
print(answer)
"""
from __future__ import annotations

from crmcourse.authoring.leaks import find_leaks
from crmcourse.authoring.learner import (ANSWER_COMMENT, BACKUP_DIR, CODE_PLACEHOLDER, LEARNER_METADATA,
                                         MANIFEST_NAME, MARKDOWN_PLACEHOLDER, SOLUTION_TAG, BuildReport,
                                         LearnerBuildError, build, make_learner_notebook, render)

__all__ = ["LearnerBuildError", "BuildReport", "make_learner_notebook", "render", "build", "find_leaks",
           "MANIFEST_NAME", "BACKUP_DIR", "SOLUTION_TAG", "CODE_PLACEHOLDER", "ANSWER_COMMENT",
           "MARKDOWN_PLACEHOLDER", "LEARNER_METADATA"]
