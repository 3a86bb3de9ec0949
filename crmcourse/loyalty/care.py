"""Customer care: who to greet when (birthdays, first purchases) and messages that are safe to send.

Care messages use ``string.Template``, not ``str.format``: ``$name`` fields cannot reach
attributes or indexes of the values, ``$$`` is the only escape, and ``get_identifiers()`` lists
the fields, so :func:`render_messages` checks that every field exists *before* rendering
anything.

>>> template_fields("Dear $name, thank you!")
['name']
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import math
import string
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmcourse._validate import choice, hashable_ids, integer, require_columns, require_frame, rows_where
from crmcourse.constants import SNAPSHOT_DATE
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.loyalty._common import day, period, refix
from crmcourse.loyalty._common import transactions as checked_transactions

__all__ = ["TEMPLATES", "birthdays_between", "first_purchase_due", "template_fields", "MessageBatch",
           "render_messages"]

#: Care-message templates (``string.Template``: ``$field`` or ``${field}``; ``$$`` is a dollar sign).
TEMPLATES = {
    "birthday": ("Qingmei: Happy birthday! As our ${member_level} member you have a ${gift} waiting for you - "
                 "collect it in any Qingmei shop by ${collect_by}. Thank you for being with us. "
                 "Reply TD to stop messages."),
    "first purchase": ("Qingmei: Thank you for your first order on ${first_date}. Questions about using your "
                       "products? Our skin advisers answer in the Qingmei app every day. We hope to see you "
                       "again soon. Reply TD to stop messages."),
    "holiday": ("Qingmei wishes you a happy ${holiday}! Thanks for your support this year. As our "
                "${member_level} member you get ${offer} until ${offer_end}. Reply TD to stop messages."),
}


def _month_day(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, str):
        return None
    text = str.__str__(value)
    if len(text) != 5 or text[2] != "-" or not (text[:2].isdigit() and text[3:].isdigit()):
        return None
    m, d = int(text[:2]), int(text[3:])
    try:
        _dt.date(2024, m, d)  # a leap year, so 02-29 is a real birthday
    except ValueError:
        return None
    return m, d


def _opt_out_flags(customers: pd.DataFrame, opted_out: str) -> np.ndarray:
    flags = customers[opted_out].to_numpy(dtype=object)
    bad = ~np.array([isinstance(v, (bool, np.bool_)) for v in flags], dtype=bool)
    if bad.any():
        raise CourseDataError(_("the opt-out flag must be True or False for every customer (unknown means no "
                                "message)"), file="customers", column=opted_out,
                              rows=rows_where(customers.index, bad), fix=_("fill in True or False"))
    return flags.astype(bool)


def birthdays_between(customers: pd.DataFrame, start, end, *, birthday: str = "birthday",
                      opted_out: str | None = "opted_out") -> pd.DataFrame:
    """Customers whose birthday (``MM-DD``) falls between ``start`` and ``end`` (inclusive),
    with the date it falls on; customers who opted out of marketing are left out.

    A 29 February birthday is celebrated on 28 February in other years. The period may span
    the new year.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer with the ``birthday`` (text ``MM-DD``; empty = unknown) and the
        ``opted_out`` flag (True/False).
    start, end : str or datetime-like
        The period, at most a year (ISO text such as ``"2025-12-28"`` or dates; a timezone is
        dropped).
    birthday : str
        Column name.
    opted_out : str or None
        The opt-out column; None only when every customer agreed to messages.

    Returns
    -------
    pandas.DataFrame
        The customers with a birthday in the period (a fresh 0…n−1 index), with
        ``birthday_date`` (text ``YYYY-MM-DD``), in date order.

    Raises
    ------
    CourseDataError
        Not a table, duplicate or missing columns, birthdays not written ``MM-DD``, opt-out
        flags that are not True/False, dates that are not ISO dates, or a period that is
        backwards or longer than a year.

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": ["a", "b", "c"], "birthday": ["01-03", "12-30", "02-29"],
    ...                   "opted_out": [False, False, False]})
    >>> birthdays_between(c, "2025-12-28", "2026-01-05")[["customer_id", "birthday_date"]].values.tolist()
    [['b', '2025-12-30'], ['a', '2026-01-03']]
    >>> birthdays_between(c, "2027-02-01", "2027-02-28")["birthday_date"].tolist()
    ['2027-02-28']
    """
    require_frame(customers, source="customers", min_rows=0)
    require_columns(customers, [birthday] + ([opted_out] if opted_out is not None else []), source="customers")
    a, b = period(start, end)
    if (b - a).days > 366:
        raise CourseDataError(_("the period is longer than a year"), fix=_("use at most one year"))
    raw = customers[birthday].to_numpy(dtype=object)
    md = [_month_day(v) for v in raw]
    blank = customers[birthday].isna().to_numpy()
    bad = np.array([m is None for m in md], dtype=bool) & ~blank
    if bad.any():
        raise CourseDataError(_("birthdays not written as MM-DD"), file="customers", column=birthday,
                              rows=rows_where(customers.index, bad), fix=_("write birthdays like 03-28"))
    keep = np.ones(len(customers), dtype=bool) if opted_out is None else ~_opt_out_flags(customers, opted_out)
    when = []
    for pair in md:
        found = None
        if pair is not None:
            for year in range(a.year, b.year + 1):
                m, d = pair
                if m == 2 and d == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
                    d = 28
                on = pd.Timestamp(year, m, d)
                if a <= on <= b:
                    found = on.strftime("%Y-%m-%d")
                    break
        when.append(found)
    out = customers.assign(birthday_date=when)
    keep &= out["birthday_date"].notna().to_numpy()
    return out[keep].sort_values(["birthday_date"], kind="stable").reset_index(drop=True)


def first_purchase_due(transactions: pd.DataFrame, on=SNAPSHOT_DATE, lag=(7, 15), *,
                       customer: str = "customer_id", date: str = "date") -> pd.DataFrame:
    """Customers whose first purchase was ``lag`` days before ``on`` (7-15 days, as the source's
    new-customer messages are timed): one row each with the first purchase date.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase with the customer and the date (datetimes or ISO text; numbers
        and day/month text are refused).
    on : str or datetime-like, default SNAPSHOT_DATE ("2026-01-01")
        The day the messages go out.
    lag : tuple of two whole numbers, default (7, 15)
        Shortest and longest number of days since the first purchase, both included.
    customer, date : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        ``customer`` and ``first_date`` (text ``YYYY-MM-DD``), one row per customer due.

    Raises
    ------
    CourseDataError
        Not a table, empty, duplicate or missing columns, purchases without a customer,
        dates that are not dates, or a lag that is not (shortest, longest) days of 0 or more.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "b"], "date": ["2025-12-20", "2025-12-21", "2025-06-01"]})
    >>> first_purchase_due(tx)["customer_id"].tolist()
    ['a']
    """
    tx = checked_transactions(transactions, customer=customer, date=date, amount=None)
    when = day(on, "on")
    fix = _("e.g. {example}").format(example="lag=(7, 15)")
    if not isinstance(lag, (tuple, list)) or len(lag) != 2:
        raise CourseDataError(_("lag should be two whole numbers of days, got {type}").format(type=type(lag).__name__),
                              fix=fix)
    with refix(fix):
        lo, hi = integer(lag[0], "lag[0]", 0, 36_500), integer(lag[1], "lag[1]", 0, 36_500)
    if not lo <= hi:
        raise CourseDataError(_("lag ({low}, {high}) should be (shortest, longest) days, 0 or more").format(low=lo, high=hi),
                              fix=_("e.g. {example}").format(example="(7, 15)"))
    first = tx.groupby(customer)[date].min()
    days = (when - first).dt.days
    due = first[((days >= lo) & (days <= hi)).to_numpy()]
    return pd.DataFrame({customer: due.index, "first_date": due.dt.strftime("%Y-%m-%d").to_numpy()})


def _template(template: Any) -> string.Template:
    if isinstance(template, string.Template):
        text = template.template
        if not isinstance(text, str):
            raise CourseDataError(_("the template's text is not text"), fix=_("write it as a string with $fields"))
        tpl = template if type(text) is str else string.Template(str.__str__(text))
    elif isinstance(template, str):
        tpl = string.Template(str.__str__(template))
    else:
        raise CourseDataError(_("the template should be text, got {type}").format(type=type(template).__name__),
                              fix=_("write it as a string with $fields, e.g. {example}").format(
                                  example="'Happy birthday, ${name}!'"))
    if not tpl.template.strip():
        raise CourseDataError(_("the template is empty"), fix=_("write the message text"))
    if not tpl.is_valid():
        raise CourseDataError(_("the template has a $ that is not followed by a field name"),
                              fix=_("write fields as $name or {braced}, and $$ for a dollar sign").format(
                                  braced="${name}"))
    return tpl


def template_fields(template) -> list[str]:
    """The fields a template needs, in order of first use.

    Parameters
    ----------
    template : str or string.Template
        Message text with ``$field`` / ``${field}`` (``$$`` for a dollar sign).

    Returns
    -------
    list of str

    Raises
    ------
    CourseDataError
        Not text, empty, or a ``$`` not followed by a field name.

    Examples
    --------
    >>> template_fields(TEMPLATES["birthday"])
    ['member_level', 'gift', 'collect_by']
    """
    return list(_template(template).get_identifiers())


@dataclasses.dataclass
class MessageBatch:
    """Rendered messages ready to send (``messages``) and the customers left out (``skipped``).

    Parameters
    ----------
    messages : pandas.DataFrame
        The key column and ``message``, one row per message.
    skipped : pandas.DataFrame
        The key column and ``reason``, one row per customer left out.

    Examples
    --------
    >>> MessageBatch(pd.DataFrame({"customer_id": ["a"], "message": ["Hi"]}),
    ...              pd.DataFrame({"customer_id": ["b"], "reason": ["opted out"]}))
    MessageBatch: 1 message ready, 1 skipped (1 opted out)
    """

    messages: pd.DataFrame
    skipped: pd.DataFrame

    def __repr__(self) -> str:
        reasons = self.skipped["reason"].value_counts()
        ordered = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
        why = ", ".join(f"{n} {r}" for r, n in ordered)
        return (f"MessageBatch: {len(self.messages)} message{'s' if len(self.messages) != 1 else ''} ready, "
                f"{len(self.skipped)} skipped" + (f" ({why})" if why else ""))


def _is_empty(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not str.__str__(value).strip()


def _as_text(value: Any) -> str | None:
    """The text a field shows (dates as YYYY-MM-DD, 3.0 as 3); None when it cannot be written."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (list, tuple, dict, set, frozenset, bytes)):
        return None
    try:
        return str(value)
    except Exception:
        return None


def render_messages(customers: pd.DataFrame, template, *, values: Mapping[str, Any] | None = None,
                    key: str = "customer_id", opted_out: str | None = "opted_out",
                    max_length: int | None = None, on_problem: str = "raise") -> MessageBatch:
    """Fill a message template for every customer; never for one who opted out, never half-filled.

    Checks, in order:

    1. every field the template names must exist (a column or a value) — else an error names the
       missing fields;
    2. customers whose ``opted_out`` is True are never rendered; they are listed in ``skipped``
       (pass ``opted_out=None`` only if every customer has agreed to messages);
    3. a customer with an empty field (or a message longer than ``max_length``) is a problem:
       ``on_problem="raise"`` (default) stops with an error naming the customers and fields;
       ``on_problem="skip"`` leaves them out and lists them in ``skipped``.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer (the row labels may repeat); the ``key`` column identifies them.
    template : str or string.Template
        Message text with ``$field`` / ``${field}``; each field comes from a column of
        ``customers`` or from ``values``.
    values : dict, optional
        Fields that are the same for everybody, e.g. the holiday's name.
    key : str, default "customer_id"
        The id column.
    opted_out : str or None, default "opted_out"
        The opt-out flag column (True/False); None only if every customer agreed.
    max_length : int, optional
        Longest message allowed, in characters (e.g. 160 for one SMS).
    on_problem : {"raise", "skip"}
        What to do with a customer whose message cannot be sent as written.

    Returns
    -------
    MessageBatch
        ``messages`` (key, message) and ``skipped`` (key, reason).

    Raises
    ------
    CourseDataError
        Not a table, duplicate or missing columns, a template field that is neither a column nor
        a value, an empty value, opt-out flags that are not True/False, ids that are not plain
        values, a bad ``max_length`` or ``on_problem``, or (with ``on_problem="raise"``) a
        customer whose message has an empty field or is too long.

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": ["a", "b", "c"], "name": ["Li Na", None, "Wu Kai"],
    ...                   "opted_out": [False, False, True]})
    >>> batch = render_messages(c, "Dear $name, thank you! - $brand", values={"brand": "Qingmei"},
    ...                         on_problem="skip")
    >>> batch
    MessageBatch: 1 message ready, 2 skipped (1 empty field 'name', 1 opted out)
    >>> batch.messages["message"].tolist()
    ['Dear Li Na, thank you! - Qingmei']
    >>> render_messages(c, "Dear $name, see you at $shop")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: template: the template needs the field 'shop', which is neither a column of the customer table nor in values. Fix: add a 'shop' column or pass values={'shop': ...}.
    """
    require_frame(customers, source="customers", min_rows=0)
    tpl = _template(template)
    with refix(N_("'raise' stops at the first problem; 'skip' leaves those customers out")):
        on_problem = choice(on_problem, "on_problem", ["raise", "skip"])
    if values is not None and not isinstance(values, Mapping):
        raise CourseDataError(_("values should be a dict of field -> text, got {type}").format(
            type=type(values).__name__), fix=_("e.g. {example}").format(example="values={'holiday': 'Spring Festival'}"))
    values = dict(values or {})
    if max_length is not None:
        with refix(N_("e.g. max_length=160 (one SMS), or leave it out")):
            max_length = integer(max_length, "max_length", 1)
    require_columns(customers, [key], source="customers")
    ids = hashable_ids(customers[key], source="customers", col=key, allow_missing=True).to_numpy(dtype=object)
    fields = list(tpl.get_identifiers())
    missing = [f for f in fields if f not in customers.columns and f not in values]
    if missing:
        names = ", ".join(repr(f) for f in missing)
        problem = (_("the template needs the fields {names}, which are neither a column of the customer table nor "
                     "in values") if len(missing) > 1
                   else _("the template needs the field {names}, which is neither a column of the customer table "
                          "nor in values"))
        raise CourseDataError(
            problem.format(names=names),
            file="template", fix=_("add a {name} column or pass {example}").format(
                name=repr(missing[0]), example=f"values={{{missing[0]!r}: ...}}"))
    shared = {}
    for f in fields:
        if f in values:
            text = None if _is_empty(values[f]) else _as_text(values[f])
            if text is None:
                raise CourseDataError(_("{field} is empty or not text").format(field=f"values[{f!r}]"), file="template",
                                      fix=_("give {field} a value").format(field=f))
            shared[f] = text
    if opted_out is None:
        out_flags = np.zeros(len(customers), dtype=bool)
    else:
        require_columns(customers, [opted_out], source="customers",
                        fix=_("add the opt-out flag: a message may only go to customers who agreed "
                              "(pass opted_out=None only if every customer did)"))
        out_flags = _opt_out_flags(customers, opted_out)
    messages, skipped, problems = [], [], []
    columns = [f for f in fields if f in customers.columns]
    cells = {f: customers[f].to_numpy(dtype=object) for f in columns}
    for pos in range(len(customers)):  # by position: row labels may repeat
        who = ids[pos]
        if out_flags[pos]:
            skipped.append((who, "opted out"))
            continue
        empty = [f for f in columns if _is_empty(cells[f][pos])]
        texts = {} if empty else {f: _as_text(cells[f][pos]) for f in columns}
        unwritable = [f for f, t in texts.items() if t is None]
        if empty or unwritable:
            reason = f"empty field {empty[0]!r}" if empty else f"field {unwritable[0]!r} is not text"
            problems.append((who, reason))
            skipped.append((who, reason))
            continue
        text = tpl.substitute({**shared, **texts})
        if max_length is not None and len(text) > max_length:
            reason = f"longer than {max_length} characters"
            problems.append((who, reason))
            skipped.append((who, reason))
            continue
        messages.append((who, text))
    if problems and on_problem == "raise":
        shown = ", ".join(f"{w} ({r})" for w, r in problems[:5])
        more = _(" and {count} more").format(count=len(problems) - 5) if len(problems) > 5 else ""
        problem = (_("{count} messages cannot be sent as written: {shown}{more}") if len(problems) > 1
                   else _("{count} message cannot be sent as written: {shown}{more}"))
        raise CourseDataError(problem.format(count=len(problems), shown=shown, more=more), file="customers",
                              fix=_("fill in the missing data, shorten the template, or pass on_problem='skip' "
                                    "to leave those customers out"))
    return MessageBatch(pd.DataFrame(messages, columns=[key, "message"]),
                        pd.DataFrame(skipped, columns=[key, "reason"]))
