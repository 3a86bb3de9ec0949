"""The one error every public helper raises for bad input.

A :class:`CourseDataError` says what is wrong, where (file or table, column, rows) and how to
fix it, in one sentence a learner can act on. Subclasses (``crm.CRMError``,
``spin.ScenarioError``) add nothing but a name a caller can catch.

The message follows the language in use (``crmcourse.set_language("zh")``, docs/i18n.md): the
caller translates ``problem`` and ``fix`` (marked with ``_()`` where they are written), and the
frame around them ("column", the row list, "Fix:") is translated here, when the error is raised.

>>> err = CourseDataError("values below 0", file="accounts.csv", column="revenue",
...                       rows=[3, 9], fix="remove refunds or set them to 0")
>>> print(err)
accounts.csv, column 'revenue': values below 0 (rows 3, 9). Fix: remove refunds or set them to 0.
"""
from __future__ import annotations

import re

import sys
import threading
from typing import Any, Sequence

__all__ = ["CourseDataError", "translate", "N_"]

#: How many offending rows an error message lists before it says "… N in all".
MAX_ROWS_SHOWN = 8

_BUSY = threading.local()


_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def _keep(message: str) -> str:
    return message


def translate(message: str) -> str:
    """``message`` in the language in use, for building error messages; never raises.

    The same as :func:`crmcourse.i18n.translate`, which it calls, but safe inside the error
    machinery: this module cannot import :mod:`crmcourse.i18n` (that module raises
    :class:`CourseDataError`, so the import would be a cycle), so it uses it once it is loaded:
    ``set_language`` loads it, and so does every module that shows translated messages (the
    checks, the charts, :mod:`crmcourse.data`). Until then, and while an unreadable
    ``CRMCOURSE_LANG`` is being reported, the message comes back unchanged.

    Parameters
    ----------
    message : str
        The English text, exactly as in the catalog's msgid; call ``.format`` on the result.

    Returns
    -------
    str

    Raises
    ------
    None

    Examples
    --------
    >>> translate("Fix:")
    'Fix:'
    """
    i18n = sys.modules.get("crmcourse.i18n")
    gettext = getattr(i18n, "translate", None)
    if gettext is None or getattr(_BUSY, "on", False):
        return message
    _BUSY.on = True
    try:
        return gettext(message)
    except CourseDataError:  # CRMCOURSE_LANG holds no language: that error is raised where it is read
        return message
    finally:
        _BUSY.on = False


def N_(message: str) -> str:
    """Mark ``message`` for the catalog, translated later with :func:`translate` (as ``i18n.N_``).

    Parameters
    ----------
    message : str

    Returns
    -------
    str
        ``message`` itself.

    Raises
    ------
    None

    Examples
    --------
    >>> N_("rows")
    'rows'
    """
    return message


_ = translate
#: Table names the validation layer uses when the caller gave none: shown in the language in use.
GENERIC_SOURCES = frozenset({N_("your table"), N_("your data"), N_("your rules")})
#: The row labels (``row_label=``) shown in the language in use; other labels are shown as given.
ROW_LABELS = frozenset({N_("rows"), N_("CSV lines"), N_("CSV line"), N_("data lines")})


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
        # The frame follows the problem's language: a message whose text is still English (raised
        # where no translation exists yet) keeps an English frame instead of a half-Chinese one.
        _ = translate if _CJK.search(str(problem)) else _keep
        where = []
        if file:
            where.append(_(file) if isinstance(file, str) and file in GENERIC_SOURCES else str(file))
        if column is not None and column != "":
            where.append(_("column {name}").format(name=repr(column)))
        text = _("{file}, {column}").format(file=where[0], column=where[1]) if len(where) == 2 else "".join(where)
        text = _("{where}: {problem}").format(where=text, problem=problem) if text else problem
        if self.rows:
            shown = ", ".join(str(r)[:40] for r in self.rows[:MAX_ROWS_SHOWN])
            if len(self.rows) > MAX_ROWS_SHOWN:
                shown = _("{rows} … {count} in all").format(rows=shown, count=len(self.rows))
            label = _(row_label) if isinstance(row_label, str) and row_label in ROW_LABELS else row_label
            text = _("{text} ({label} {rows})").format(text=text, label=label, rows=shown)
        if fix:
            template = _("{text}. Fix: {fix}.")
            fix_text = str(fix)
            if not fix_text.endswith(("...", "…")):  # "give owner=..." keeps its ellipsis
                fix_text = fix_text.rstrip(".")
                if template.endswith("。"):
                    fix_text = fix_text.rstrip(".。")
            text = template.format(text=text, fix=fix_text)
        super().__init__(text)
