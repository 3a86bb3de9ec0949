"""How the CRM lab's helpers validate a value and change rows, all or nothing.

Internal to :mod:`crmcourse.crm`: records, the sales flow and the CSV import share these (public
names so they can be shared; an analyst uses :func:`~crmcourse.crm.add` and its neighbours).
Every value is checked against the data dictionary's ``crm_*`` entry (``data/tables.yml``) before
the database sees it; whatever the database still refuses is translated into the same kind of
:class:`~crmcourse.crm.CRMError`.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import math
import numbers
import re
import sqlite3
from collections.abc import Mapping
from typing import Any

from crmcourse.i18n import translate as _

from ._common import (CHECK_HELP, DATE_RE, ID_FORMAT, KEYS, LINE_PARENT, STAGE_PROBABILITY, TIME_FIELDS,
                      TIME_RE, TODAY, CRMError, check_conn, columns, defaults, describe_value, id_suggestion,
                      is_locked, is_missing, locked_error, plain, run, spec, suggestion)

__all__ = ["clean_value", "clean_fields", "key_tuple", "example_id", "where_clause", "fetch", "unknown_error",
           "next_id", "next_line", "check_references", "check_active_products", "translate", "writing",
           "insert", "prepare_new", "date_or_today"]



def _descriptions_shown() -> bool:
    """Whether the data dictionary's column descriptions (English, data/tables.yml) go into messages:
    in an English session; not in a Chinese one, so that a Chinese message holds no English sentence."""
    from crmcourse.i18n import get_language

    return get_language() == "en"


def clean_value(table: str, field: str, value: Any, rules: dict) -> Any:
    """The value to store in ``table.field`` (text, int, float or None), or a CRMError.

    ``rules`` is the field's dictionary entry (``type``, ``nullable``, ``allowed``, ``min``, ``max``).
    """
    value = plain(value)
    kind = rules["type"]
    nullable = rules.get("nullable", False)

    def bad(problem: str, fix: str) -> CRMError:
        return CRMError(problem, table=table, field=field, value=value, fix=fix)

    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        if nullable:
            return None
        raise bad((_("{field} is required but was empty") if isinstance(value, str)
                   else _("{field} is required but was missing")).format(field=field),
                  _("give a value for {field} ({description})").format(
                      field=field, description=rules.get('description', kind)).replace("((", "(")
                  if _descriptions_shown()
                  else _("give a value for {field}").format(field=field))
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise bad(_("{field} holds characters that cannot be stored").format(field=field),
                      _("remove the broken characters")) from None
    if kind == "str":
        if not isinstance(value, str):
            raise bad(_("{field} should be text, got {value}").format(field=field, value=describe_value(value)),
                      _("write it in quotes, e.g. {example}").format(example=f"{field}={_short_text(value)!r}"))
        if field in TIME_FIELDS:
            ok = bool(TIME_RE.fullmatch(value.strip()))
            if ok:
                try:
                    _dt.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
                except ValueError:
                    ok = False
            if not ok:
                raise bad(_("{field} {value} is not a time 'YYYY-MM-DD HH:MM'").format(field=field, value=repr(value[:30])),
                          _("write the time like '2025-03-04 09:30'"))
            return value.strip()
        return value
    if kind == "category":
        allowed = [str(a) for a in rules["allowed"]]
        if isinstance(value, str):
            wanted = " ".join(value.lower().split())
            for a in allowed:
                if a.lower() == wanted:
                    return a
        shown = value[:30] if isinstance(value, str) else describe_value(value)
        raise bad(_("{field} {value} is not one of the allowed values").format(field=field, value=repr(shown)),
                  _("use one of: {values}").format(values=", ".join(allowed)))
    if kind == "date":
        return _clean_date(value, field, bad)
    if kind == "bool":
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return int(bool(value))
        if isinstance(value, numbers.Integral) and int(value) in (0, 1):
            return int(value)
        raise bad(_("{field} should be True or False, got {value}").format(field=field, value=describe_value(value)),
                  _("use True or False"))
    if kind in ("int", "float"):
        return _clean_number(value, field, kind, rules, bad)
    raise AssertionError(kind)  # pragma: no cover - the dictionary's types are checked when it loads


def _short_text(value: Any) -> str:
    try:
        return str(value)[:20]
    except Exception:  # noqa: BLE001 - an object whose __str__ raises
        return "..."


def _clean_date(value: Any, field: str, bad) -> str:
    if isinstance(value, str):
        text = value.strip()
        if DATE_RE.fullmatch(text):
            try:
                return _dt.date.fromisoformat(text).isoformat()
            except ValueError:
                pass
        raise bad(_("{field} {value} is not a date 'YYYY-MM-DD'").format(field=field, value=repr(value[:30])),
                  _("write the date like '2025-03-04'"))
    if isinstance(value, _dt.datetime):  # also pandas Timestamps (timezone-aware ones: their local date)
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise bad(_("{field} should be a date, got {value}").format(field=field, value=describe_value(value)),
              _("write the date as text, like '2025-03-04'"))


def _clean_number(value: Any, field: str, kind: str, rules: dict, bad) -> int | float:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise bad(_("{field} should be a number, got {value}").format(field=field, value=repr(value)),
                  _("give a number, not True/False"))
    if isinstance(value, str):
        raise bad(_("{field} should be a number, got the text {value}").format(field=field, value=repr(value[:20])),
                  _("write the number without quotes, e.g. {example}").format(example=f"{field}=3"))
    if not isinstance(value, numbers.Real):
        raise bad(_("{field} should be a number, got {value}").format(field=field, value=describe_value(value)),
                  _("give one number for {field}").format(field=field))
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        raise bad(_("{field} {value} is not a usable number").format(field=field, value=describe_value(value)),
                  _("give an ordinary number")) from None
    if math.isnan(number) or math.isinf(number):
        raise bad(_("{field} is {value}, not a number").format(field=field, value=number), _("give an ordinary number"))
    if kind == "int":
        if isinstance(value, numbers.Integral):
            result: int | float = int(value)
        elif number.is_integer():
            result = int(number)
        else:
            raise bad(_("{field} should be a whole number, got {value}").format(field=field, value=repr(value)),
                      _("round it to a whole number"))
        if abs(result) >= 2**63:
            raise bad(_("{field} {value} is too large to store").format(field=field, value=result), _("check the number"))
    else:
        result = number
        if abs(result) > 1e15:
            raise bad(_("{field} {value} is too large to be a real amount").format(field=field, value=f"{result:g}"),
                      _("check the units and zeros"))
    low, high = rules.get("min"), rules.get("max")
    if low is not None and result < low:
        raise bad(_("{field} {value} is below the minimum {low}").format(field=field, value=repr(value), low=low),
                  _("give {field} of at least {low}").format(field=field, low=low))
    if high is not None and result > high:
        raise bad(_("{field} {value} is above the maximum {high}").format(field=field, value=repr(value), high=high),
                  _("give {field} of at most {high}").format(field=field, high=high))
    return result


def clean_fields(table: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Every field checked by :func:`clean_value`; an unknown field name is a CRMError with a suggestion."""
    known = spec(table)["columns"]
    out = {}
    for name, value in fields.items():
        name = plain(name)
        if not isinstance(name, str) or name not in known:
            shown = name[:40] if isinstance(name, str) else describe_value(name)
            raise CRMError(_("{table} has no field {name}").format(table=table, name=repr(shown)), table=table,
                           field=shown, value=value, fix=suggestion(shown, known)
                           + _("crm.describe(db, {table}) lists the fields").format(table=repr(table)))
        out[name] = clean_value(table, name, value, known[name])
    return out


def example_id(table: str) -> str:
    """The table's first id (``"HX-A0001"``), for messages."""
    prefix, width = ID_FORMAT.get(table, ("X-", 2))
    return f"{prefix}{1:0{width}d}"


def key_tuple(table: str, key: Any) -> tuple:
    """The record's key as a tuple of clean values (an id, or a pair for line tables)."""
    key = plain(key)
    names = KEYS[table]
    if len(names) == 1:
        if isinstance(key, (tuple, list)) and len(key) == 1:
            key = plain(key[0])
        if not isinstance(key, str) or not key.strip():
            raise CRMError(_("the {field} should be text like {example}, got {value}").format(
                               field=names[0], example=repr(example_id(table)), value=describe_value(key)),
                           table=table, field=names[0], value=key, fix=_("put the id in quotes"))
        return (clean_value(table, names[0], key.strip(), {"type": "str"}),)
    if not isinstance(key, (tuple, list)) or len(key) != len(names):
        raise CRMError(_("a {table} row is identified by ({names}), got {value}").format(
                           table=table, names=", ".join(names), value=describe_value(key)),
                       table=table, field=names[0], value=key, fix=_("pass a pair, e.g. {example}").format(
                           example=f"('{example_id(LINE_PARENT.get(table, 'price_lists'))}', 1)"))
    rules = spec(table)["columns"]
    return tuple(clean_value(table, n, v, rules[n]) for n, v in zip(names, key))


def where_clause(table: str) -> str:
    """``"quote_id = ? AND line_no = ?"``: the WHERE that finds one record by its key."""
    return " AND ".join(f"{k} = ?" for k in KEYS[table])


def fetch(conn: sqlite3.Connection, table: str, key: tuple) -> dict | None:
    """The record with ``key`` as a dict, or None."""
    cur = run(conn, f"SELECT * FROM {table} WHERE {where_clause(table)}", key, table=table)
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row))


def unknown_error(table: str, key: tuple, conn: sqlite3.Connection) -> CRMError:
    """The CRMError for a key no record has (with a suggestion of a similar id)."""
    names = KEYS[table]
    shown = key[0] if len(key) == 1 else key
    hint = ""
    if len(names) == 1:
        ids = [r[0] for r in run(conn, f"SELECT {names[0]} FROM {table} LIMIT 5000", table=table)]
        hint = id_suggestion(key[0], ids, table)
    return CRMError(_("no {table} row has {fields} {value}").format(table=table, fields=", ".join(names),
                                                                    value=repr(shown)),
                    table=table, field=names[0], value=shown,
                    fix=hint + _("{call} lists them").format(call=f'crm.query(db, "SELECT {", ".join(names)} FROM {table}")'))


def next_id(conn: sqlite3.Connection, table: str) -> str:
    """The next free id of a table with a one-column key (``HX-A0321`` after ``HX-A0320``)."""
    prefix, width = ID_FORMAT[table]
    key = KEYS[table][0]
    row = run(conn,
              f"SELECT MAX(CAST(substr({key}, ?) AS INTEGER)) FROM {table} "
              f"WHERE {key} LIKE ? AND substr({key}, ?) GLOB '[0-9]*' AND substr({key}, ?) NOT GLOB '*[^0-9]*'",
              (len(prefix) + 1, prefix + "%", len(prefix) + 1, len(prefix) + 1), table=table).fetchone()
    return f"{prefix}{(row[0] or 0) + 1:0{width}d}"


def next_line(conn: sqlite3.Connection, table: str, parent: str) -> int:
    """The next line number of a document's lines."""
    parent_key = KEYS[table][0]
    row = run(conn, f"SELECT MAX(line_no) FROM {table} WHERE {parent_key} = ?", (parent,), table=table).fetchone()
    return (row[0] or 0) + 1


def check_references(conn: sqlite3.Connection, table: str, record: Mapping[str, Any]) -> None:
    """A CRMError when a field refers to a record that does not exist (with a suggestion)."""
    for field, rules in spec(table)["columns"].items():
        ref = rules.get("references")
        value = record.get(field)
        if not ref or value is None:
            continue
        ref_table, ref_col = ref.split(".", 1)
        ref_table = ref_table[4:]
        if run(conn, f"SELECT 1 FROM {ref_table} WHERE {ref_col} = ?", (value,), table=table).fetchone() is None:
            ids = [r[0] for r in run(conn, f"SELECT {ref_col} FROM {ref_table} LIMIT 5000", table=table)]
            label = "name" if "name" in columns(ref_table) else ref_col
            call = (f"crm.query(db, \"SELECT {ref_col}" + (f", {label}" if label != ref_col else "")
                    + f" FROM {ref_table}\")")
            raise CRMError(_("no {table} row has {fields} {value}").format(table=ref_table, fields=ref_col,
                                                                           value=repr(value)),
                           table=table, field=field, value=value,
                           fix=id_suggestion(value, ids, ref_table)
                           + _("use an existing {field} ({call} lists them)").format(field=ref_col, call=call))


def check_active_products(conn: sqlite3.Connection, table: str, record: Mapping[str, Any]) -> None:
    """A CRMError when the record sells a discontinued product."""
    product = record.get("product_id")
    if product is None:
        return
    row = run(conn, "SELECT active, name FROM products WHERE product_id = ?", (product,), table=table).fetchone()
    if row is not None and not row[0]:
        raise CRMError(_("product {product} ({name}) is discontinued and cannot be sold").format(
                           product=repr(product), name=row[1]), table=table,
                       field="product_id", value=product, fix=_("choose an active product"))


def translate(exc: sqlite3.Error, table: str, record: Mapping[str, Any] | None = None,
              conn: sqlite3.Connection | None = None) -> CRMError:
    """A CRMError for what the database refused (a constraint, a type, a lock)."""
    if is_locked(exc):
        return locked_error(conn, table or None)
    message = str(exc)
    record = record or {}
    m = re.search(r"(UNIQUE|NOT NULL) constraint failed: ([\w.]+(?:, [\w.]+)*)", message)
    if m:
        cols = [c.split(".")[-1] for c in m.group(2).split(", ")]
        t = m.group(2).split(".")[0]
        value = tuple(record.get(c) for c in cols) if len(cols) > 1 else record.get(cols[0])
        if m.group(1) == "UNIQUE":
            fix = (_("leave the id out and the helper picks the next free one, or change the existing record "
                     "with crm.edit") if tuple(cols) == KEYS.get(t)
                   else _("another {table} row already has this {field}").format(table=t, field=cols[0]))
            return CRMError(_("{fields} {value} is already used in {table}").format(
                                fields=", ".join(cols), value=repr(value), table=t), table=t, field=cols[0],
                            value=value, fix=fix)
        return CRMError(_("{field} is required").format(field=cols[0]), table=t, field=cols[0], value=None,
                        fix=_("give a value for {field}").format(field=cols[0]))
    m = re.search(r"CHECK constraint failed: (.+)$", message)
    if m:
        name = m.group(1).strip()
        if name in CHECK_HELP:
            field, fix = CHECK_HELP[name]
            return CRMError(_("the row breaks the rule {rule}").format(rule=repr(name.replace('_', ' '))),
                            table=table, field=field,
                            value=record.get(field), fix=_(fix))
        field = next((c for c in columns(table) if re.search(rf"\b{c}\b", name)), None) if table else None
        return CRMError(_("the database refused the value (rule: {rule})").format(rule=name[:120]),
                        table=table or None, field=field, value=record.get(field) if field else None,
                        fix=_("check the allowed values with crm.describe"))
    if "FOREIGN KEY constraint failed" in message:
        return CRMError(_("other records still refer to this one, or it refers to a record that does not exist"),
                        table=table or None, fix=_("delete or change the records that refer to it first"))
    m = re.search(r"cannot store (\w+) value in (\w+) column (\w+)\.(\w+)", message)
    if m:
        return CRMError(_("{field} should hold {expected} values, not {got}").format(
                            field=m.group(4), expected=m.group(2).lower(), got=m.group(1).lower()),
                        table=m.group(3), field=m.group(4), value=record.get(m.group(4)),
                        fix=_("give a value of the right type"))
    return CRMError(_("the database refused the change ({error})").format(error=message[:160]), table=table or None,
                    fix=_("check the values against crm.describe(db, table)"))


@contextlib.contextmanager
def writing(conn: sqlite3.Connection, table: str = ""):
    """All or nothing: a savepoint released on success and rolled back on any error.

    Savepoints nest, so a helper inside a learner's own ``BEGIN … COMMIT`` undoes only its work.
    """
    check_conn(conn)
    name = "crm_helper"
    try:
        conn.execute(f"SAVEPOINT {name}")
    except sqlite3.Error as exc:
        raise translate(exc, table, conn=conn).not_saved() from None
    try:
        yield
    except BaseException as exc:
        with contextlib.suppress(sqlite3.Error):
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
        if isinstance(exc, CRMError):
            raise exc.not_saved() from None
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, table, conn=conn).not_saved() from None
        if isinstance(exc, (TypeError, ValueError, OverflowError, UnicodeError)):
            raise CRMError(_("the values could not be stored ({error})").format(
                               error=f"{type(exc).__name__}: {str(exc)[:120]}"),
                           table=table or None, fix=_("check the type of each value")).not_saved() from None
        raise
    else:
        try:
            conn.execute(f"RELEASE {name}")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise translate(exc, table, conn=conn).not_saved() from None


def insert(conn: sqlite3.Connection, table: str, record: dict[str, Any]) -> None:
    """INSERT one clean record (a refusal becomes a CRMError)."""
    cols = list(record)
    try:
        conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     [record[c] for c in cols])
    except sqlite3.Error as exc:
        raise translate(exc, table, record, conn) from None


def prepare_new(conn: sqlite3.Connection, table: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a new record; fill in the id, line number, probability and created date."""
    record = clean_fields(table, fields)
    keys = KEYS[table]
    if len(keys) == 1:
        if record.get(keys[0]) is None:
            record[keys[0]] = next_id(conn, table)
    elif table in LINE_PARENT and record.get("line_no") is None and record.get(keys[0]) is not None:
        record["line_no"] = next_line(conn, table, record[keys[0]])
    if table == "opportunities" and record.get("probability") is None and record.get("stage") is not None:
        record["probability"] = STAGE_PROBABILITY[record["stage"]]
    if "created_date" in columns(table) and record.get("created_date") is None:
        record["created_date"] = TODAY
    rules = spec(table)["columns"]
    required = [c for c, s in rules.items() if not s.get("nullable") and c not in defaults()[table]]
    missing = [c for c in required if record.get(c) is None]
    if missing:
        c = missing[0]
        problem = (_("{field} is required (and {others})").format(field=c, others=", ".join(missing[1:]))
                   if len(missing) > 1 else _("{field} is required").format(field=c))
        description = rules[c].get('description', '')
        description = description if _descriptions_shown() else ""
        raise CRMError(problem, table=table, field=c, value=None,
                       fix=_("give {field}=... ({description})").format(field=c, description=description)
                       if description else _("give {field}=...").format(field=c))
    record = {k: v for k, v in record.items() if v is not None or rules[k].get("nullable")}
    if fetch(conn, table, tuple(record[k] for k in keys)) is not None:
        shown = record[keys[0]] if len(keys) == 1 else tuple(record[k] for k in keys)
        raise CRMError(_("{fields} {value} is already used in {table}").format(
                           fields=", ".join(keys), value=repr(shown), table=table), table=table, field=keys[0],
                       value=shown, fix=_("leave the id out and the helper picks the next free one, or change the "
                                          "existing record with crm.edit"))
    check_references(conn, table, record)
    if table in ("quote_lines", "sales_order_lines", "quotes"):
        check_active_products(conn, table, record)
    return record


def date_or_today(table: str, field: str, value: Any) -> str:
    """A clean date for ``table.field``; the lab's today (:data:`~crmcourse.crm.TODAY`) when ``value`` is None."""
    if value is None:
        return TODAY
    return clean_value(table, field, value, spec(table)["columns"][field])
