"""One record at a time, as the lab's screens do it: *View*, *New*, *Edit*, *Copy* and *Delete*.

Every value is validated against the data dictionary first; on any problem nothing is saved and a
:class:`~crmcourse.crm.CRMError` names the table, the field, the value and the fix.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from crmcourse.i18n import translate as _

from ._common import KEYS, LAB_TABLES, LINE_PARENT, LINES, CRMError, check_conn, columns, lab_table, run, spec
from ._store import (check_active_products, check_references, clean_fields, fetch, insert, key_tuple, prepare_new,
                     translate, unknown_error, where_clause, writing)

__all__ = ["get", "add", "edit", "copy", "delete"]


def get(conn: sqlite3.Connection, table: str, key: Any) -> dict:
    """One record as a dict (the lab's *View*).

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database (:func:`~crmcourse.crm.connect`).
    table : str
        A lab table, e.g. ``"products"``.
    key : str or tuple
        The record's id, or a pair for line tables (``("QU-0001", 1)``).

    Returns
    -------
    dict
        Field name → value.

    Raises
    ------
    CRMError
        An unknown table, a key of the wrong form, or no record with that key (with a
        suggestion of a similar id).

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> get(connect(":memory:"), "products", "PR-001")["name"]
    'A4 mono MFP 35 ppm'
    """
    check_conn(conn)
    t = lab_table(table)
    k = key_tuple(t, key)
    row = fetch(conn, t, k)
    if row is None:
        raise unknown_error(t, k, conn)
    return row


def add(conn: sqlite3.Connection, table: str, record: Mapping[str, Any] | None = None, **fields: Any):
    """Add a record (the lab's *New …* screens) and return its id.

    Leave the id out and the next free one is used; for line tables leave ``line_no`` out. An
    opportunity without ``probability`` gets its stage's default (SuiteCRM's percentages); a
    missing ``created_date`` is the lab's today (:data:`~crmcourse.crm.TODAY`). Every value is
    validated first (type, allowed values, ranges, references to other records).

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    table : str
        A lab table.
    record : mapping, optional
        The fields as a dict (keywords win where both give a field).
    **fields
        The fields as keywords.

    Returns
    -------
    str or tuple
        The new id, or ``(parent_id, line_no)`` for a line.

    Raises
    ------
    CRMError
        Any value the table cannot hold, a missing required field, a reference to a record that
        does not exist, or an id already used; nothing is saved.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> db = connect(":memory:")
    >>> add(db, "contacts", account_id="HX-A0002", name="Fang Lei", title="Office Manager")
    'HX-C0223'
    >>> add(db, "contacts", account_id="HX-A0002", name="Fang Lei", phone=13800001111)
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'contacts', column 'phone': phone should be text, got int 13800001111; nothing was saved. Fix: write it in quotes, e.g. phone='13800001111'.
    """
    t = lab_table(table)
    check_conn(conn)
    if record is not None and not isinstance(record, Mapping):
        raise CRMError(_("the record should be a dict of field values, got {type}").format(type=type(record).__name__),
                       table=t, fix=_("pass the fields as keywords, e.g. {example}").format(
                           example="crm.add(db, 'accounts', name=..., ...)"))
    values = {**(dict(record) if record else {}), **fields}
    with writing(conn, t):
        new = prepare_new(conn, t, values)
        insert(conn, t, new)
    keys = KEYS[t]
    return new[keys[0]] if len(keys) == 1 else tuple(new[k] for k in keys)


def edit(conn: sqlite3.Connection, table: str, key: Any, **changes: Any) -> dict:
    """Change fields of an existing record (the lab's *Edit*): still one record. Returns it.

    Ids cannot be changed (copy the record instead). Nothing is saved if any value is wrong.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    table : str
        A lab table.
    key : str or tuple
        The record's id, or a pair for line tables.
    **changes
        The fields to change and their new values.

    Returns
    -------
    dict
        The record after the change.

    Raises
    ------
    CRMError
        No such record, no change given, an id field, or a value the table refuses; nothing is saved.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> db = connect(":memory:")
    >>> edit(db, "products", "PR-001", list_price=6600.0)["list_price"]
    6600.0
    >>> edit(db, "products", "PR-001", list_price=-1)
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'products', column 'list_price': list_price -1 is below the minimum 0.01; nothing was saved. Fix: give list_price of at least 0.01.
    """
    t = lab_table(table)
    check_conn(conn)
    with writing(conn, t):
        k = key_tuple(t, key)
        if fetch(conn, t, k) is None:
            raise unknown_error(t, k, conn)
        if not changes:
            raise CRMError(_("edit() needs at least one field to change"), table=t,
                           fix=_("e.g. {example}").format(example=f"crm.edit(db, {t!r}, {k[0]!r}, field=new_value)"))
        cleaned = clean_fields(t, changes)
        for key_field in KEYS[t]:
            if key_field in cleaned:
                raise CRMError(_("{field} is the record's id and cannot be edited").format(field=key_field), table=t,
                               field=key_field, value=cleaned[key_field],
                               fix=_("copy the record with crm.copy(...) to get a new id"))
        check_references(conn, t, cleaned)
        check_active_products(conn, t, cleaned)
        sets = ", ".join(f"{c} = ?" for c in cleaned)
        try:
            conn.execute(f"UPDATE {t} SET {sets} WHERE {where_clause(t)}", [*cleaned.values(), *k])
        except sqlite3.Error as exc:
            raise translate(exc, t, cleaned, conn) from None
    return fetch(conn, t, k)


def copy(conn: sqlite3.Connection, table: str, key: Any, **changes: Any):
    """Copy a record into a new one (the lab's *Copy*) and return the new id.

    The copy gets the next free id and the same values, except the ``changes`` you give.
    Copying a quote or an order copies its lines too; a copy of a converted lead is a new
    enquiry. (Compare :func:`edit`: after an edit there is still one record, after a copy two.)

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    table : str
        A lab table.
    key : str or tuple
        The record to copy.
    **changes
        Fields that differ in the copy.

    Returns
    -------
    str or tuple
        The copy's id, or ``(parent_id, line_no)`` for a line.

    Raises
    ------
    CRMError
        No such record, an id among the changes, or a copy the table refuses (e.g. a second
        invoice for one order); nothing is saved.

    Examples
    --------
    >>> from crmcourse.crm import connect, counts
    >>> db = connect(":memory:")
    >>> before = counts(db)
    >>> copy(db, "quotes", "QU-0001", stage="created")
    'QU-0097'
    >>> (counts(db) - before)[lambda s: s > 0].to_dict()
    {'quotes': 1, 'quote_lines': 2}
    """
    t = lab_table(table)
    check_conn(conn)
    with writing(conn, t):
        k = key_tuple(t, key)
        original = fetch(conn, t, k)
        if original is None:
            raise unknown_error(t, k, conn)
        keys = KEYS[t]
        for key_field in keys:
            if key_field in changes and not (t in LINE_PARENT and key_field == keys[0]):
                raise CRMError(_("the copy gets a new {field} automatically").format(field=key_field), table=t,
                               field=key_field, value=changes[key_field], fix=_("leave {field} out").format(field=key_field))
        values = {c: v for c, v in original.items() if c not in keys or (t in LINE_PARENT and c == keys[0])}
        if t == "price_list_items":
            values[keys[1]] = original[keys[1]]
        values.update(changes)
        if t == "leads" and original.get("status") == "converted" and "status" not in changes:
            for c in ("status", "converted_date", "account_id", "contact_id", "opportunity_id"):
                values[c] = None if c != "status" else "new"
        new = prepare_new(conn, t, values)
        insert(conn, t, new)
        if t in LINES:
            lines = LINES[t]
            parent_key = KEYS[lines][0]
            cols = [c for c in columns(lines) if c != parent_key]
            conn.execute(f"INSERT INTO {lines} ({parent_key}, {', '.join(cols)}) "
                         f"SELECT ?, {', '.join(cols)} FROM {lines} WHERE {parent_key} = ? ORDER BY line_no",
                         (new[keys[0]], k[0]))
    return new[keys[0]] if len(keys) == 1 else tuple(new[c] for c in keys)


def delete(conn: sqlite3.Connection, table: str, key: Any) -> None:
    """Delete a record (the lab's *Delete*). Refused while other records refer to it.

    Deleting a quote or an order deletes its lines with it.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    table : str
        A lab table.
    key : str or tuple
        The record to delete.

    Returns
    -------
    None

    Raises
    ------
    CRMError
        No such record, or other records still refer to it (the message counts them); nothing
        is deleted.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> db = connect(":memory:")
    >>> delete(db, "accounts", "HX-A0002")
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'accounts', column 'account_id': other records refer to HX-A0002 (1 contacts, 5 opportunities, 25 activities, 5 quotes, 1 sales_orders, 1 invoices, 6 tickets); nothing was saved. Fix: delete or re-assign those records first (or keep the account).
    """
    t = lab_table(table)
    check_conn(conn)
    with writing(conn, t):
        k = key_tuple(t, key)
        if fetch(conn, t, k) is None:
            raise unknown_error(t, k, conn)
        users = []
        if len(KEYS[t]) == 1:
            for other in LAB_TABLES:
                if other == LINES.get(t):
                    continue
                for col, rules in spec(other)["columns"].items():
                    if rules.get("references") == f"crm_{t}.{KEYS[t][0]}":
                        n = run(conn, f"SELECT COUNT(*) FROM {other} WHERE {col} = ?", k, table=t).fetchone()[0]
                        if n:
                            users.append(f"{n} {other}")
        if users:
            raise CRMError(f"other records refer to {k[0]} ({', '.join(users)})", table=t, field=KEYS[t][0],
                           value=k[0], fix=f"delete or re-assign those records first (or keep the {t[:-1]})")
        try:
            conn.execute(f"DELETE FROM {t} WHERE {where_clause(t)}", k)
        except sqlite3.Error as exc:
            raise translate(exc, t, conn=conn) from None
