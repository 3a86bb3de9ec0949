"""The one error every public helper raises for bad input.

A :class:`CourseDataError` says what is wrong, where (file or table, column, rows) and how to
fix it, in one sentence a learner can act on. Subclasses (``crm.CRMError``,
``spin.ScenarioError``) add nothing but a name a caller can catch.

>>> err = CourseDataError("values below 0", file="accounts.csv", column="revenue",
...                       rows=[3, 9], fix="remove refunds or set them to 0")
>>> print(err)
accounts.csv, column 'revenue': values below 0 (rows 3, 9). Fix: remove refunds or set them to 0.
"""
from __future__ import annotations

from typing import Any, Sequence

__all__ = ["CourseDataError"]

#: How many offending rows an error message lists before it says "… N in all".
MAX_ROWS_SHOWN = 8


class CourseDataError(ValueError):
    """One clear data problem: what is wrong, where, which rows, and how to fix it.

    Parameters
    ----------
    problem : str
        What is wrong, as a phrase ("values below 0").
    file : str, optional
        The file or table the problem is in.
    column : str, optional
        The column the problem is in.
    rows : sequence, optional
        Labels of the offending rows; the first eight are shown.
    fix : str, optional
        What the user should do about it.
    row_label : str, default "rows"
        The word for the row labels ("stages", "customers", ...).

    Examples
    --------
    >>> err = CourseDataError("values below 0", file="accounts.csv", column="revenue",
    ...                       rows=[3, 9], fix="remove refunds or set them to 0")
    >>> err.column, err.rows
    ('revenue', [3, 9])
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        column: str | None = None,
        rows: Sequence[Any] | None = None,
        fix: str | None = None,
        row_label: str = "rows",
    ):
        self.problem = problem
        self.file = file
        self.column = column
        self.rows = list(rows) if rows is not None else []
        self.fix = fix
        where = []
        if file:
            where.append(str(file))
        if column is not None and column != "":
            where.append(f"column {column!r}")
        text = ", ".join(where)
        text = f"{text}: {problem}" if text else problem
        if self.rows:
            shown = ", ".join(str(r)[:40] for r in self.rows[:MAX_ROWS_SHOWN])
            more = f" … {len(self.rows)} in all" if len(self.rows) > MAX_ROWS_SHOWN else ""
            text += f" ({row_label} {shown}{more})"
        if fix:
            text += f". Fix: {fix.rstrip('.')}."
        super().__init__(text)
