"""What every module of the CRM lab shares: the lab's names and keys, the schema text, the error.

Internal to :mod:`crmcourse.crm` (the names are public so the package's modules can share them;
an analyst uses the re-exports in ``crmcourse.crm``). The data dictionary's entries are read
through :mod:`crmcourse.data` the first time a helper needs one.
"""
from __future__ import annotations

import functools
import importlib.resources
import math
import re
import sqlite3
from pathlib import Path
from typing import Any

from crmcourse._validate import close_matches
from crmcourse.constants import SNAPSHOT_DATE, SUITECRM_PERCENT
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_
from crmcourse.i18n import translate as _

__all__ = [
    "TODAY", "DB_NAME", "SCHEMA_VERSION", "SCHEMA", "LAB_TABLES", "EXPERIMENTS", "KEYS", "ID_FORMAT",
    "LINES", "LINE_PARENT", "STAGE_PROBABILITY", "TIME_FIELDS", "DATE_RE", "TIME_RE", "CHECK_HELP",
    "CRMError", "schema_statements", "check_conn", "lab_table", "spec", "columns", "defaults",
    "suggestion", "id_suggestion", "describe_value", "is_missing", "plain", "is_shipped", "is_locked",
    "locked_error", "run", "as_crm_error",
]

#: The lab's "today": the case companies' snapshot date. Helpers use it for dates you leave out.
TODAY = SNAPSHOT_DATE
#: File name of the lab database in your working folder.
DB_NAME = "crm_lab.sqlite"
#: Stored in the database (``PRAGMA user_version``); a database built by another version is refused.
SCHEMA_VERSION = 1
#: The database's SQL (the text of ``crmcourse/crm/schema.sql``): tables, keys, CHECK rules, indexes.
SCHEMA = importlib.resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")

#: The lab's tables, in the order they are filled (a table only refers to tables before it).
LAB_TABLES = ("users", "suppliers", "products", "price_lists", "price_list_items", "accounts", "contacts",
              "opportunities", "leads", "activities", "quotes", "quote_lines", "sales_orders",
              "sales_order_lines", "invoices", "purchase_orders", "purchase_order_lines", "tickets", "faq",
              "memos")

#: Which of the source lab's twelve experiments each table belongs to.
EXPERIMENTS = {
    "users": "lab set-up (the users who log in)",
    "suppliers": "1 product catalogue", "products": "1 product catalogue", "price_lists": "1 product catalogue",
    "price_list_items": "1 product catalogue", "accounts": "2 customer accounts", "contacts": "3 contacts",
    "opportunities": "4 opportunities", "leads": "5 sales leads", "activities": "6 sales activities",
    "quotes": "7 quotes", "quote_lines": "7 quotes", "sales_orders": "8 business orders",
    "sales_order_lines": "8 business orders", "purchase_orders": "8 business orders",
    "purchase_order_lines": "8 business orders", "invoices": "9 invoices", "tickets": "10 service centre",
    "faq": "10 service centre", "memos": "12 auxiliary modules (memos)",
}

#: The key column(s) of each table.
KEYS = {t: (f"{t[:-1]}_id",) for t in LAB_TABLES}
KEYS.update({
    "opportunities": ("opportunity_id",), "activities": ("activity_id",), "price_lists": ("price_list_id",),
    "price_list_items": ("price_list_id", "product_id"), "quote_lines": ("quote_id", "line_no"),
    "sales_orders": ("order_id",), "sales_order_lines": ("order_id", "line_no"), "purchase_orders": ("po_id",),
    "purchase_order_lines": ("po_id", "line_no"), "faq": ("faq_id",), "memos": ("memo_id",),
})
#: Prefix and digits of new ids, per table with a one-column key.
ID_FORMAT = {"users": ("HX-R", 2), "suppliers": ("SU-", 2), "products": ("PR-", 3), "price_lists": ("PL-", 1),
             "accounts": ("HX-A", 4), "contacts": ("HX-C", 4), "opportunities": ("HX-O", 4),
             "leads": ("LD-", 4), "activities": ("AV-", 5), "quotes": ("QU-", 4), "sales_orders": ("SO-", 4),
             "invoices": ("IN-", 4), "purchase_orders": ("PO-", 4), "tickets": ("TK-", 4), "faq": ("FAQ-", 2),
             "memos": ("ME-", 4)}
#: The documents whose lines are copied and deleted with them, and the way back.
LINES = {"quotes": "quote_lines", "sales_orders": "sales_order_lines", "purchase_orders": "purchase_order_lines"}
LINE_PARENT = {v: k for k, v in LINES.items()}
#: A new opportunity's default probability per stage, in percent (SuiteCRM's; one home: crmcourse.constants).
STAGE_PROBABILITY = SUITECRM_PERCENT
TIME_FIELDS = {"opened_at", "closed_at"}
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")

#: What to tell a learner when a named CHECK constraint refuses a row: (field, fix).
CHECK_HELP = {
    "closed_deals_have_a_date": ("closed_date", N_("a deal in Closed Won or Closed Lost needs a closed_date, "
                                 "and an open deal must not have one")),
    "closed_after_created": ("closed_date", N_("a deal cannot close before it was created")),
    "lost_reason_only_when_lost": ("lost_reason", N_("give a lost_reason only for Closed Lost deals")),
    "converted_leads_link_their_records": ("status", N_("convert a lead with crm.convert_lead(db, lead_id, ...), "
                                           "which sets its status, date, account, contact and opportunity together")),
    "events_and_tasks_have_their_fields": ("kind", N_("events (call, meeting, demo, site visit, email) have a status "
                                           "planned/held/not held and no due_date; tasks (follow-up, send quote, "
                                           "prepare proposal, update records) have a due_date and a status not "
                                           "started/in progress/completed/deferred")),
    "due_after_start": ("due_date", N_("a task cannot be due before it starts")),
    "valid_after_quote_date": ("valid_until", N_("a quote cannot expire before its date")),
    "due_after_invoice_date": ("due_date", N_("an invoice cannot be due before it is issued")),
    "paid_invoices_have_a_date": ("paid_date", N_("a paid invoice needs its paid_date, and an unpaid one has none")),
    "paid_after_invoice_date": ("paid_date", N_("an invoice cannot be paid before it is issued")),
    "closed_tickets_have_a_time": ("closed_at", N_("a closed ticket needs closed_at ('YYYY-MM-DD HH:MM'), and an "
                                   "open one has none")),
    "closed_after_opened": ("closed_at", N_("a ticket cannot close before it opened")),
    "price_list_period": ("valid_to", N_("a price list cannot end before it starts")),
}


_CHINESE = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


class CRMError(CourseDataError):
    """A problem with a CRM lab request: the table, the field, the value, and how to fix it.

    A :class:`~crmcourse.errors.CourseDataError`, so ``except CourseDataError`` catches it too.

    Parameters
    ----------
    problem : str
        What is wrong.
    table, field : str, optional
        Where the problem is (``None`` when it does not concern one table or field).
    value : Any, optional
        The value that was refused.
    fix : str, optional
        What to do about it.
    rows : list, optional
        Offending rows (CSV line numbers for :func:`~crmcourse.crm.import_csv`).
    file : str, optional
        A file name, shown instead of the table.
    row_label : str, default "rows"
        The word for ``rows`` in the message.

    Examples
    --------
    >>> err = CRMError("quantity -3 is below the minimum 1", table="quote_lines", field="quantity",
    ...                value=-3, fix="quote at least one unit")
    >>> print(err)
    CRM table 'quote_lines', column 'quantity': quantity -3 is below the minimum 1. Fix: quote at least one unit.
    >>> err.table, err.field, err.value
    ('quote_lines', 'quantity', -3)
    """

    def __init__(self, problem: str, *, table: str | None = None, field: str | None = None,
                 value: Any = None, fix: str | None = None, rows=None, file: str | None = None,
                 row_label: str = "rows"):
        self.table = table
        self.field = field
        self.value = value
        # the table's frame follows the problem's language, as CourseDataError's own frame does
        frame = _("CRM table {name}") if _CHINESE.search(str(problem)) else "CRM table {name}"
        where = file or (frame.format(name=repr(table)) if table else None)
        super().__init__(problem, file=where, column=field, rows=rows, fix=fix, row_label=row_label)
        self.row_label = row_label
        self._table_frame = not file and bool(table)

    def not_saved(self) -> "CRMError":
        """The same error, saying that nothing was saved (once)."""
        # an English problem (not translated yet) keeps an English suffix, and so an English frame
        suffix = _("{problem}; nothing was saved") if _CHINESE.search(str(self.problem)) else "{problem}; nothing was saved"
        if "nothing was saved" in self.problem or suffix.format(problem="") in self.problem:
            return self
        return CRMError(suffix.format(problem=self.problem), table=self.table, field=self.field,
                        value=self.value, fix=self.fix, rows=self.rows or None,
                        file=self.file if self.file and not getattr(self, "_table_frame", False) else None,
                        row_label=self.row_label)


CRMError.__module__ = "crmcourse.crm"  # its public home: tracebacks read crmcourse.crm.CRMError


def as_crm_error(exc: CourseDataError, *, table: str | None = None) -> CRMError:
    """A :class:`CRMError` carrying what a :class:`CourseDataError` from the validation layer said."""
    if isinstance(exc, CRMError):
        return exc
    return CRMError(exc.problem, table=table, field=exc.column, fix=exc.fix, rows=exc.rows or None,
                    file=exc.file if exc.file and exc.file != "your table" else None)


# ---------------------------------------------------------------------------- the schema

@functools.lru_cache(maxsize=None)
def schema_statements() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(CREATE TABLE statements, CREATE INDEX statements) of :data:`SCHEMA`."""
    text = "\n".join(line for line in SCHEMA.splitlines() if not line.lstrip().startswith("--"))
    statements = [s.strip() for s in text.split(";") if s.strip()]
    if sqlite3.sqlite_version_info < (3, 37):  # STRICT tables came with SQLite 3.37 (2021)
        statements = [re.sub(r"\)\s*STRICT$", ")", s) for s in statements]
    creates = tuple(s for s in statements if s.upper().startswith("CREATE TABLE"))
    indexes = tuple(s for s in statements if s.upper().startswith("CREATE INDEX"))
    return creates, indexes


@functools.lru_cache(maxsize=None)
def spec(table: str) -> dict:
    """The data dictionary's entry ``crm_<table>`` (cached: do not modify it)."""
    from crmcourse import data

    return data.schema(f"crm_{table}")


def columns(table: str) -> list[str]:
    """The table's columns, in the dictionary's (and the database's) order."""
    return list(spec(table)["columns"])


@functools.lru_cache(maxsize=None)
def defaults() -> dict[str, frozenset[str]]:
    """Columns with a DEFAULT in the schema, per table (they may be left out)."""
    out: dict[str, frozenset[str]] = {}
    for statement in schema_statements()[0]:
        name = re.match(r"CREATE TABLE (\w+)", statement).group(1)
        out[name] = frozenset(re.findall(r"^\s+(\w+)\s+\w+[^\n]*\bDEFAULT\b", statement, re.M))
    return out


# ---------------------------------------------------------------------------- values and names

def plain(value: Any) -> Any:
    """``value`` as a plain ``str`` when it is a str subclass (whose methods may be overridden)."""
    if isinstance(value, str) and type(value) is not str:
        return str.__str__(value)
    return value


def describe_value(value: Any) -> str:
    """``"int 3"``: the type and a short repr, for messages (never raises)."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - an object whose __repr__ raises
        text = "?"
    return f"{type(value).__name__} {text[:40]}"


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (an empty cell)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    name = type(value).__name__
    if name in ("NaTType", "NAType"):
        return True
    if type(value).__module__ == "numpy":
        import numpy as np

        if isinstance(value, np.floating):
            return bool(np.isnan(value))
        if isinstance(value, np.datetime64):
            return bool(np.isnat(value))
    return False


def suggestion(word: Any, options) -> str:
    """``"did you mean 'x'? Otherwise, "`` by the package's one rule (:func:`crmcourse._validate.close_matches`)."""
    return _did_you_mean(close_matches(word, options))


def _did_you_mean(found: list) -> str:
    """``"did you mean 'x' or 'y'? Otherwise, "`` in the session's language (``""`` when nothing was found)."""
    if not found:
        return ""
    return _("did you mean {options}? Otherwise, ").format(options=_(" or ").join(repr(f) for f in found))


def id_suggestion(value: Any, ids, table: str) -> str:
    """:func:`suggestion` for an id: ids share their prefix (``HX-R``), so the rule compares what follows it."""
    prefix = ID_FORMAT.get(table, ("", 0))[0]
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not text:
        return ""
    ids = [str(i) for i in ids]
    if prefix and text.startswith(prefix) and all(i.startswith(prefix) for i in ids):
        tails = {i[len(prefix):]: i for i in ids}
        found = [tails[t] for t in close_matches(text[len(prefix):], tails)]
    else:
        found = close_matches(text, ids)
    return _did_you_mean(found)


def lab_table(table: Any) -> str:
    """The lab table's short name (``"crm_accounts"`` and ``" Accounts"`` → ``"accounts"``) or a CRMError."""
    table = plain(table)
    if not isinstance(table, str):
        raise CRMError(_("the table name should be text, got {type}").format(type=type(table).__name__),
                       fix=_("e.g. 'accounts'; crm.LAB_TABLES lists them"))
    name = table.strip().lower()
    if name.startswith("crm_"):
        name = name[4:]
    if name not in LAB_TABLES:
        found = close_matches(name, LAB_TABLES)
        hint = _("did you mean {options}? Otherwise, ").format(
            options=_(" or ").join(repr(f) for f in found)) if found else ""
        raise CRMError(_("there is no table {name}").format(name=repr(table[:40])), value=table,
                       fix=hint + _("the tables are {names}").format(names=", ".join(LAB_TABLES)))
    return name


# ---------------------------------------------------------------------------- the connection and the file

def check_conn(conn: Any) -> None:
    """A CRMError unless ``conn`` is an open sqlite3 connection."""
    if not isinstance(conn, sqlite3.Connection):
        raise CRMError(_("expected a database connection, got {type}").format(type=type(conn).__name__),
                       fix=_("open one with db = crm.connect() and pass db"))
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        raise CRMError(_("the database connection is closed"), fix=_("open it again with db = crm.connect()")) from None


def is_shipped(path: Path) -> bool:
    """True when ``path`` is inside the course's shipped ``data/`` folder."""
    from crmcourse import data

    try:
        shipped = data.data_path().resolve()
        target = path.resolve()
        return shipped == target or shipped in target.parents
    except (OSError, ValueError, RuntimeError):
        return False


def is_locked(exc: BaseException) -> bool:
    """True when SQLite refused because another connection holds the file."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and (
        "database is locked" in text or "database table is locked" in text or "database is busy" in text)


def locked_error(conn: sqlite3.Connection | None = None, table: str | None = None) -> CRMError:
    """The CRMError for "database is locked": another program or notebook holds the file."""
    where = None
    if conn is not None:
        try:
            where = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), None) or None
        except sqlite3.Error:
            where = None
    return CRMError(_("the database file is locked: another program or notebook is using it and has not "
                      "finished its change"), table=table, value=where,
                    fix=_("close the other program (e.g. DB Browser for SQLite), or finish the other notebook's "
                          "change (db.commit() or db.rollback(), or restart its kernel), then run the cell again"))


def run(conn: sqlite3.Connection, sql: str, params=(), *, table: str | None = None) -> sqlite3.Cursor:
    """``conn.execute`` for the helpers' own fixed SQL; a locked or failing database is a CRMError."""
    try:
        return conn.execute(sql, params)
    except sqlite3.Error as exc:
        if is_locked(exc):
            raise locked_error(conn, table) from None
        raise CRMError(_("the database could not run the helper's statement ({error})").format(error=str(exc)[:160]),
                       table=table, fix=_("reopen the lab database with crm.connect(); if it persists, "
                                          "crm.connect(fresh=True) rebuilds it")) from None
