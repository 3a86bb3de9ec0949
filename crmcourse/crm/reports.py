"""Reading the lab database: what is in it, SELECT queries, the service figures and the lab's reports."""
from __future__ import annotations

import contextlib
import math
import numbers
import re
import sqlite3
import time
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from crmcourse.i18n import translate as _

from ._common import (EXPERIMENTS, LAB_TABLES, CRMError, check_conn, columns, is_locked, lab_table, locked_error,
                      plain, run, spec)
from ._store import clean_value

__all__ = ["QUERY_TIMEOUT", "lab_tables", "describe", "counts", "query", "ticket_hours",
           "service_summary", "activity_report", "sales_funnel"]

#: Seconds :func:`query` lets one statement run before stopping it. Every query on the lab
#: database finishes in milliseconds; ten seconds is far beyond any sensible one, and short
#: enough that a runaway (a recursive CTE without an end, a join without its condition) does not
#: look like a frozen notebook. Pass ``timeout=None`` for no limit.
QUERY_TIMEOUT = 10.0
#: SQLite virtual-machine steps between two looks at the clock (and at a pending interrupt).
PROGRESS_STEPS = 10_000


def lab_tables(conn: sqlite3.Connection) -> pd.DataFrame:
    """One row per lab table: its experiment, rows, columns and what a row is.

    Also available as ``crm.tables`` (the name the notebooks used first); the tuple of the
    table names is :data:`~crmcourse.crm.LAB_TABLES`.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database (:func:`~crmcourse.crm.connect`).

    Returns
    -------
    pandas.DataFrame
        Indexed by table, with columns ``experiment``, ``rows``, ``columns``, ``description``.

    Raises
    ------
    CRMError
        ``conn`` is not an open lab database, or the file is locked by another program.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> t = lab_tables(connect(":memory:"))
    >>> t.loc["products", "experiment"], int(t.loc["products", "rows"])
    ('1 product catalogue', 31)
    """
    check_conn(conn)
    rows = []
    for t in LAB_TABLES:
        n = run(conn, f"SELECT COUNT(*) FROM {t}", table=t).fetchone()[0]
        rows.append({"table": t, "experiment": EXPERIMENTS[t], "rows": n, "columns": len(columns(t)),
                     "description": spec(t).get("description", "")})
    return pd.DataFrame(rows).set_index("table")


def describe(conn: sqlite3.Connection, table: str) -> pd.DataFrame:
    """The columns of one table: type, whether required, key, what it refers to, and meaning.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    table : str
        A lab table (``"contacts"`` or ``"crm_contacts"``).

    Returns
    -------
    pandas.DataFrame
        Indexed by column, with ``type``, ``required``, ``key``, ``default``, ``references``
        and ``description``.

    Raises
    ------
    CRMError
        ``conn`` is not an open lab database, or ``table`` is not a lab table.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> d = describe(connect(":memory:"), "contacts")
    >>> bool(d.loc["account_id", "required"]), d.loc["account_id", "references"]
    (True, 'accounts.account_id')
    """
    check_conn(conn)
    t = lab_table(table)
    fks = {r[3]: f"{r[2]}.{r[4]}" for r in run(conn, f"PRAGMA foreign_key_list({t})", table=t)}
    info = spec(t)["columns"]
    rows = []
    for _cid, name, typ, notnull, default, pk in run(conn, f"PRAGMA table_info({t})", table=t):
        rows.append({"column": name, "type": typ, "required": bool(notnull or pk),
                     "key": bool(pk), "default": default, "references": fks.get(name, ""),
                     "description": info.get(name, {}).get("description", "")})
    return pd.DataFrame(rows).set_index("column")


def counts(conn: sqlite3.Connection) -> pd.Series:
    """Number of rows in every table (a quick way to see what a helper changed).

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.

    Returns
    -------
    pandas.Series
        ``int64`` row counts indexed by table, named ``rows``.

    Raises
    ------
    CRMError
        ``conn`` is not an open lab database, or the file is locked by another program.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> counts(connect(":memory:"))["users"]
    np.int64(12)
    """
    check_conn(conn)
    return pd.Series({t: run(conn, f"SELECT COUNT(*) FROM {t}", table=t).fetchone()[0] for t in LAB_TABLES},
                     name="rows", dtype="int64")


def _time_limit(timeout: Any) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real):
        raise CRMError(_("timeout should be a number of seconds, got {type}").format(type=type(timeout).__name__),
                       fix=_("e.g. timeout=30, or timeout=None for no limit (the default is {default})").format(
                           default=f"{QUERY_TIMEOUT:g}"))
    try:
        seconds = float(timeout)
    except (OverflowError, ValueError, TypeError):
        seconds = math.inf
    if not seconds > 0 or not math.isfinite(seconds):
        raise CRMError(_("timeout should be a positive number of seconds, got {value}").format(value=repr(timeout))[:120],
                       fix=_("e.g. timeout=30, or timeout=None for no limit"))
    return seconds


def _params(params: Any) -> Any:
    params = plain(params)
    if params is None or isinstance(params, (Mapping, list, tuple)):
        return params
    if isinstance(params, Iterable) and not isinstance(params, (str, bytes)):
        try:
            return list(params)
        except Exception:  # noqa: BLE001 - an iterable that fails while it is read
            raise CRMError(_("the query's params could not be read"),
                           fix=_("pass a list, e.g. {example}").format(example="params=['HX-R04']")) from None
    return [params]


def query(conn: sqlite3.Connection, sql: str, params: Iterable | Mapping | None = None, *,
          parse_dates: Iterable[str] | None = None, timeout: float | None = QUERY_TIMEOUT) -> pd.DataFrame:
    """Run one SELECT statement and return the result as a DataFrame (read-only).

    Use ``?`` placeholders and ``params`` for values rather than pasting them into the text.
    A statement that runs longer than ``timeout`` seconds is stopped (SQLite's progress
    handler looks at the clock every :data:`PROGRESS_STEPS` steps of its virtual machine); so is
    one you interrupt (Jupyter's *Interrupt kernel*, or Ctrl-C), which raises
    ``KeyboardInterrupt`` as any interrupted cell does. Either way nothing in the database changes.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    sql : str
        One ``SELECT`` (or ``WITH … SELECT``) statement.
    params : list, tuple or dict, optional
        Values for the ``?`` (or ``:name``) placeholders; a single value is taken as a list of one.
    parse_dates : list of str, optional
        Result columns to turn into dates.
    timeout : float or None, default :data:`QUERY_TIMEOUT` (10 seconds)
        How long the statement may run; ``None`` for no limit.

    Returns
    -------
    pandas.DataFrame
        The result (``pandas.read_sql``).

    Raises
    ------
    CRMError
        Not a SELECT, SQL the database cannot run (a misspelt table or column), the time limit
        reached, or the file locked by another program.
    KeyboardInterrupt
        The query was interrupted (the kernel's interrupt); the statement has stopped.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> db = connect(":memory:")
    >>> query(db, "SELECT name FROM products WHERE list_price > ? ORDER BY list_price DESC LIMIT 1",
    ...       [100_000])["name"].item()
    'Production colour press 80 ppm'
    >>> query(db, "DELETE FROM accounts")
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: query() only reads (SELECT or WITH ... SELECT). Fix: change data with crm.add, crm.edit, crm.copy or crm.delete.
    """
    check_conn(conn)
    sql = plain(sql)
    if not isinstance(sql, str) or not sql.strip():
        raise CRMError(_("query() needs the SQL text of a SELECT statement"),
                       fix=_("e.g. {example}").format(example='"SELECT * FROM accounts"'))
    body = re.sub(r"(--[^\n]*\n?|/\*.*?\*/)", " ", sql, flags=re.S).strip().lower()
    if not (body.startswith("select") or body.startswith("with")):
        raise CRMError(_("query() only reads (SELECT or WITH ... SELECT)"),
                       fix=_("change data with crm.add, crm.edit, crm.copy or crm.delete"))
    limit = _time_limit(timeout)
    params = _params(params)
    dates = _date_columns(parse_dates)
    stopped: dict[str, bool] = {}
    deadline = None if limit is None else time.monotonic() + limit

    def progress() -> int:
        try:
            if deadline is not None and time.monotonic() > deadline:
                stopped["timeout"] = True
                return 1
        except KeyboardInterrupt:  # the kernel's interrupt arrives while SQLite runs: stop the statement
            stopped["interrupt"] = True
            return 1
        return 0

    was_in_tx = conn.in_transaction
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.set_progress_handler(progress, PROGRESS_STEPS)
        return pd.read_sql(sql, conn, params=params, parse_dates=dates)
    except (sqlite3.Error, pd.errors.DatabaseError, ValueError, TypeError, OverflowError) as exc:
        message = str(exc).split("\n")[-1]
        message = re.sub(r"^Execution failed on sql '.*?': ", "", message, flags=re.S)
        cause = exc.__cause__ if isinstance(exc.__cause__, sqlite3.Error) else exc
        if stopped.get("timeout"):
            raise CRMError(_("the query ran longer than {seconds} seconds and was stopped").format(
                               seconds=f"{limit:g}"), value=sql[:80],
                           fix=_("look for a recursive WITH that never ends or a join without its ON condition; "
                                 "if the query is right but slow, pass a larger timeout=... (or timeout=None)")) from None
        if stopped.get("interrupt") or message.strip() == "interrupted":
            raise KeyboardInterrupt(_("crm.query was interrupted; the statement stopped and nothing changed")) from None
        if is_locked(cause):
            raise locked_error(conn) from None
        raise CRMError(_("the database could not run the query ({error})").format(error=message[:200]),
                       fix=_("check table and column names with crm.lab_tables(db) and crm.describe(db, 'table')")
                       ) from None
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.set_progress_handler(None, 0)
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA query_only = OFF")
        if not was_in_tx and conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")


def _date_columns(parse_dates: Any) -> list[str] | None:
    if parse_dates is None:
        return None
    parse_dates = plain(parse_dates)
    names = [parse_dates] if isinstance(parse_dates, str) else parse_dates
    if isinstance(names, (list, tuple, set, frozenset, pd.Index)):
        names = [plain(n) for n in names]
        if all(isinstance(n, str) for n in names):
            return names or None
    raise CRMError(_("parse_dates should list result columns"),
                   fix=_("e.g. {example}").format(example="parse_dates=['created_date']"))


def ticket_hours(conn: sqlite3.Connection) -> pd.DataFrame:
    """The tickets with their resolution time in hours (empty while a ticket is not closed).

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.

    Returns
    -------
    pandas.DataFrame
        Every ticket column plus ``hours`` (closed_at − opened_at), ordered by ticket.

    Raises
    ------
    CRMError
        ``conn`` is not an open lab database.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> t = ticket_hours(connect(":memory:"))
    >>> t.loc[t["ticket_id"] == "TK-0001", "hours"].round(2).item()
    25.13
    """
    return query(conn, "SELECT t.*, ROUND((julianday(closed_at) - julianday(opened_at)) * 24, 4) AS hours "
                       "FROM tickets t ORDER BY ticket_id", timeout=None)


def service_summary(conn: sqlite3.Connection, by: str = "priority") -> pd.DataFrame:
    """Tickets per group: how many, how many still open, median hours to resolve, satisfaction.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    by : str, default "priority"
        A ticket field such as ``"priority"``, ``"category"``, ``"channel"`` or ``"assigned_to"``.

    Returns
    -------
    pandas.DataFrame
        One row per group with ``tickets``, ``open``, ``median_hours`` and ``satisfaction``
        (priorities ordered urgent → low).

    Raises
    ------
    CRMError
        ``conn`` is not an open lab database, or ``by`` is not a ticket field.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> service_summary(connect(":memory:")).loc["urgent", "tickets"]
    np.int64(33)
    """
    check_conn(conn)
    by = plain(by)
    if not isinstance(by, str) or by not in columns("tickets"):
        shown = by[:30] if isinstance(by, str) else type(by).__name__
        raise CRMError(_("cannot group tickets by {name}").format(name=repr(shown)), table="tickets", field=shown,
                       fix=_("use a ticket field, e.g. 'priority', 'category', 'channel' or 'assigned_to'"))
    t = ticket_hours(conn)
    g = t.groupby(by, sort=True)
    out = pd.DataFrame({
        "tickets": g.size(),
        "open": g["status"].apply(lambda s: int((s != "closed").sum())),
        "median_hours": g["hours"].median().round(1),
        "satisfaction": g["satisfaction"].mean().round(2),
    })
    if by == "priority":
        out = out.reindex([p for p in ("urgent", "high", "normal", "low") if p in out.index])
    return out


#: What :func:`activity_report` can count by, and the SQL for each.
REPORT_FIELDS = {"owner": "u.name", "account": "a.name", "industry": "a.industry", "region": "a.region",
                 "month": "substr(act.start_date, 1, 7)", "type": "act.type", "kind": "act.kind",
                 "status": "act.status"}


def _statuses(status: Any) -> list:
    status = plain(status)
    if isinstance(status, str):
        return [status]
    if isinstance(status, (list, tuple, set, frozenset, pd.Series, pd.Index)):
        wanted = list(status)
        if wanted:
            return wanted
    raise CRMError(_("status should be one status or a list of them, got {type}").format(type=type(status).__name__),
                   table="activities", field="status",
                   fix=_("e.g. {example} or {other}").format(example="status='held'",
                                                              other="status=['held', 'completed']"))


def activity_report(conn: sqlite3.Connection, *, rows: str = "owner", columns: str = "type",
                    start: str | None = None, end: str | None = None, owner: str | None = None,
                    account_id: str | None = None, status: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The lab's report (experiment 11): activities counted by ``rows`` × ``columns``.

    Primary module: activities; related modules: accounts and users.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    rows, columns : str, default "owner" and "type"
        Two different fields of :data:`REPORT_FIELDS`: ``owner``, ``account``, ``industry``,
        ``region``, ``month``, ``type``, ``kind``, ``status``.
    start, end : str, optional
        Dates (inclusive, on ``start_date``), ``'YYYY-MM-DD'``.
    owner : str, optional
        One user id.
    account_id : str, optional
        One account id.
    status : str or list of str, optional
        One status or several.

    Returns
    -------
    pandas.DataFrame
        Counts with a ``Total`` row and column (only ``Total`` when no activity matches).

    Raises
    ------
    CRMError
        An unknown field, the same field twice, a date that is not a date or ``start`` after
        ``end``, or a filter value the activities table cannot hold.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> r = activity_report(connect(":memory:"), rows="owner", columns="kind",
    ...                     start="2025-01-01", end="2025-03-31", owner="HX-R04")
    >>> int(r.loc["Total", "Total"])
    31
    """
    check_conn(conn)
    rows, columns_ = plain(rows), plain(columns)
    for name, value in (("rows", rows), ("columns", columns_)):
        if not isinstance(value, str) or value not in REPORT_FIELDS:
            shown = value[:30] if isinstance(value, str) else type(value).__name__
            raise CRMError(_("cannot group the report by {name} ({argument})").format(name=repr(shown), argument=name),
                           table="activities", fix=_("use one of: {values}").format(values=", ".join(REPORT_FIELDS)))
    if rows == columns_:
        raise CRMError(_("rows and columns are the same field"), table="activities",
                       fix=_("choose two different fields"))
    rules = spec("activities")["columns"]
    where, params = [], []
    bounds = {}
    for field, value, op in (("start", start, ">="), ("end", end, "<=")):
        if value is not None:
            bounds[field] = clean_value("activities", "start_date", value, rules["start_date"])
            where.append(f"act.start_date {op} ?")
            params.append(bounds[field])
    if len(bounds) == 2 and bounds["start"] > bounds["end"]:
        raise CRMError(_("start {start} is after end {end}").format(start=bounds['start'], end=bounds['end']),
                       table="activities", field="start_date", fix=_("swap them: start is the first day, end the last"))
    for field, value in (("owner", owner), ("account_id", account_id)):
        if value is not None:
            where.append(f"act.{field} = ?")
            params.append(clean_value("activities", field, value, rules[field]))
    if status is not None:
        wanted = [clean_value("activities", "status", s, rules["status"]) for s in _statuses(status)]
        where.append(f"act.status IN ({', '.join('?' * len(wanted))})")
        params.extend(wanted)
    sql = (f"SELECT {REPORT_FIELDS[rows]} AS r, {REPORT_FIELDS[columns_]} AS c, COUNT(*) AS n "
           "FROM activities act JOIN accounts a ON a.account_id = act.account_id "
           "JOIN users u ON u.user_id = act.owner"
           + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY r, c")
    found = query(conn, sql, params, timeout=None)
    if found.empty:
        empty = pd.DataFrame({"Total": [0]}, index=pd.Index(["Total"]), dtype="int64")
        return empty.rename_axis(index=rows, columns=columns_)
    table = found.pivot_table(index="r", columns="c", values="n", aggfunc="sum", fill_value=0,
                              margins=True, margins_name="Total")
    return table.rename_axis(index=rows, columns=columns_).astype("int64")


def sales_funnel(conn: sqlite3.Connection, start: str = "2025-01-01", end: str = "2025-12-31") -> pd.Series:
    """How many records each step of the sales flow produced between ``start`` and ``end``.

    The steps: leads → converted leads → opportunities → quotes → sales orders (not cancelled)
    → invoices → paid invoices, each counted on its own date.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    start, end : str, default "2025-01-01" and "2025-12-31"
        The first and last day (inclusive).

    Returns
    -------
    pandas.Series
        ``int64`` counts indexed by step, named ``records``.

    Raises
    ------
    CRMError
        A date that is not a date, or ``start`` after ``end``.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> sales_funnel(connect(":memory:")).to_dict()["leads"]
    139
    """
    check_conn(conn)
    a = clean_value("", "start", start, {"type": "date"})
    b = clean_value("", "end", end, {"type": "date"})
    if a > b:
        raise CRMError(_("start {start} is after end {end}").format(start=a, end=b), field="start",
                       fix=_("swap them: start is the first day, end the last"))
    steps = {
        "leads": ("leads", "created_date", ""),
        "converted leads": ("leads", "converted_date", ""),
        "opportunities": ("opportunities", "created_date", ""),
        "quotes": ("quotes", "quote_date", ""),
        "sales orders": ("sales_orders", "order_date", " AND status <> 'cancelled'"),
        "invoices": ("invoices", "invoice_date", ""),
        "paid invoices": ("invoices", "invoice_date", " AND status = 'paid'"),
    }
    out = {}
    for step, (t, col, extra) in steps.items():
        out[step] = run(conn, f"SELECT COUNT(*) FROM {t} WHERE {col} BETWEEN ? AND ?{extra}", (a, b),
                        table=t).fetchone()[0]
    return pd.Series(out, name="records", dtype="int64")
