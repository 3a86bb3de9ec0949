"""Grading a class's submitted notebooks: this name is kept for existing imports.

The code lives in :mod:`crmcourse.authoring.grading`; the command is ``crmcourse grade DIR``.
"""
from __future__ import annotations

from crmcourse.authoring.grading import (DEFAULT_TIMEOUT, OUTPUT_LIMIT, STATUS_ORDER, ClassReport, GradingError,
                                         NotebookResult, find_submissions, grade, grade_class, grade_notebook,
                                         gradebook, summary_plot)

__all__ = ["NotebookResult", "GradingError", "ClassReport", "find_submissions", "grade_notebook", "grade",
           "gradebook", "summary_plot", "grade_class", "STATUS_ORDER", "DEFAULT_TIMEOUT", "OUTPUT_LIMIT"]
