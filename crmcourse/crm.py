"""The CRM lab (CRM系统实验): a small CRM in a real SQLite database, module 5.

The lab follows the twelve experiments of a classic CRM-software course (products, suppliers and
price lists; accounts; contacts; opportunities; leads; activities; quotes; purchase and sales
orders; invoices; service tickets and FAQ; reports; memos) on Huaxin Office Systems' data.

* :func:`connect` opens the lab database, building it from the shipped CSVs (``data/crm/``) when
  it does not exist yet. By default it is the file ``crm_lab.sqlite`` in your working folder
  (the notebook's folder; set the environment variable ``CRMCOURSE_WORKDIR`` to put it
  elsewhere). ``connect(fresh=True)`` throws your changes away and starts again from the shipped
  data, which itself is never modified. ``connect(":memory:")`` gives a throw-away database.
* :data:`SCHEMA` is the database's SQL: tables with primary and foreign keys and CHECK
  constraints that reject impossible rows, and the indexes the lab's reports use.
* :func:`add`, :func:`edit`, :func:`copy` and :func:`delete` change records the way the lab's
  screens do, after validating every value; :func:`convert_lead`, :func:`add_quote`,
  :func:`order_from_quote` and :func:`invoice_order` run the sales flow;
  :func:`import_csv` and :func:`export_csv` are the tools panel's *Import* and *Export all*.
* :func:`query` runs a SELECT and returns a DataFrame (``pandas.read_sql`` underneath).

Every helper either does all of its work or none of it: on any problem it rolls back and raises
:class:`CRMError` (a :class:`~crmcourse.data.CourseDataError`) naming the table, the field, the
value and the fix.

>>> db = connect(":memory:")
>>> query(db, "SELECT COUNT(*) AS n FROM accounts")["n"].item()
80
>>> new = add(db, "accounts", name="Lanting Eye Hospital", industry="hospital",
...           region="east", owner="HX-R04")
>>> new
'HX-A0321'
>>> add(db, "quote_lines", quote_id="QU-0001", product_id="PR-999", quantity=1, unit_price=9.0)
Traceback (most recent call last):
...
crmcourse.crm.CRMError: CRM table 'quote_lines', column 'product_id': no products row has product_id 'PR-999'; nothing was saved. Fix: use an existing product_id (crm.query(db, "SELECT product_id, name FROM products") lists them).

Why plain ``sqlite3``: it ships with Python, so the lab needs no server and no extra package;
``pandas.read_sql`` accepts its connections directly. See ``docs/architecture.md`` for how a
``url=`` to another database server could be added later.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import difflib
import functools
import math
import numbers
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from crmcourse.data import CourseDataError, data_path

__all__ = [
    "CRMError",
    "SCHEMA",
    "SCHEMA_VERSION",
    "TABLES",
    "EXPERIMENTS",
    "TODAY",
    "DB_NAME",
    "lab_path",
    "connect",
    "build",
    "tables",
    "describe",
    "counts",
    "query",
    "get",
    "add",
    "edit",
    "copy",
    "delete",
    "import_csv",
    "export_csv",
    "convert_lead",
    "add_quote",
    "order_from_quote",
    "invoice_order",
    "totals",
    "ticket_hours",
    "service_summary",
    "activity_report",
    "sales_funnel",
    "index_names",
    "drop_indexes",
    "create_indexes",
]

#: The lab's "today": the case companies' snapshot date. Helpers use it for dates you leave out.
TODAY = "2026-01-01"
#: File name of the lab database in your working folder.
DB_NAME = "crm_lab.sqlite"
#: Stored in the database (``PRAGMA user_version``); a database built by another version is refused.
SCHEMA_VERSION = 1

SCHEMA = """\
-- The CRM lab database (crmcourse module 5). Dates are text 'YYYY-MM-DD', times 'YYYY-MM-DD HH:MM'
-- (date(x, '+0 days') IS x holds only for real dates in that form),
-- True/False are 1/0. STRICT tables refuse values of the wrong type; CHECK constraints refuse
-- impossible values; foreign keys refuse references to rows that do not exist.

-- Experiment 1: product catalogue, suppliers, price lists -----------------------------------
CREATE TABLE users (
    user_id      TEXT PRIMARY KEY,
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    role         TEXT NOT NULL CHECK (role IN ('sales director', 'account manager', 'sales engineer', 'service manager')),
    team         TEXT NOT NULL CHECK (team IN ('north', 'east', 'south', 'head office')),
    email        TEXT NOT NULL CHECK (email LIKE '%_@_%')
) STRICT;

CREATE TABLE suppliers (
    supplier_id  TEXT PRIMARY KEY,
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    city         TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    phone        TEXT NOT NULL,
    email        TEXT NOT NULL CHECK (email LIKE '%_@_%'),
    payment_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_days BETWEEN 0 AND 180)
) STRICT;

CREATE TABLE products (
    product_id   TEXT PRIMARY KEY,
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    product_line TEXT NOT NULL CHECK (product_line IN ('multifunction printers', 'production printing',
                     'managed print service', 'document software', 'maintenance contract', 'consumables')),
    supplier_id  TEXT REFERENCES suppliers (supplier_id),
    unit         TEXT NOT NULL,
    list_price   REAL NOT NULL CHECK (list_price > 0),
    unit_cost    REAL NOT NULL CHECK (unit_cost > 0),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE price_lists (
    price_list_id TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    description   TEXT,
    valid_from    TEXT NOT NULL CHECK (valid_from IS date(valid_from, '+0 days')),
    valid_to      TEXT NOT NULL CHECK (valid_to IS date(valid_to, '+0 days')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CONSTRAINT price_list_period CHECK (valid_to >= valid_from)
) STRICT;

CREATE TABLE price_list_items (
    price_list_id TEXT NOT NULL REFERENCES price_lists (price_list_id) ON DELETE CASCADE,
    product_id    TEXT NOT NULL REFERENCES products (product_id),
    unit_price    REAL NOT NULL CHECK (unit_price > 0),
    PRIMARY KEY (price_list_id, product_id)
) STRICT;

-- Experiments 2-5: accounts, contacts, leads, opportunities ----------------------------------
CREATE TABLE accounts (
    account_id       TEXT PRIMARY KEY,
    name             TEXT NOT NULL CHECK (trim(name) <> ''),
    industry         TEXT NOT NULL CHECK (industry IN ('hospital', 'school', 'bank', 'government', 'manufacturing', 'logistics')),
    region           TEXT NOT NULL CHECK (region IN ('north', 'northeast', 'east', 'central', 'south', 'southwest')),
    city             TEXT,
    owner            TEXT NOT NULL REFERENCES users (user_id),
    phone            TEXT,
    website          TEXT,
    billing_address  TEXT,
    shipping_address TEXT,
    annual_revenue   REAL NOT NULL DEFAULT 0 CHECK (annual_revenue >= 0),
    created_date     TEXT NOT NULL CHECK (created_date IS date(created_date, '+0 days'))
) STRICT;

CREATE TABLE contacts (
    contact_id  TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (account_id),
    name        TEXT NOT NULL CHECK (trim(name) <> ''),
    title       TEXT,
    phone       TEXT,
    email       TEXT CHECK (email IS NULL OR email LIKE '%_@_%'),
    buying_role TEXT CHECK (buying_role IN ('economic buyer', 'user buyer', 'technical buyer', 'coach'))
) STRICT;

CREATE TABLE opportunities (
    opportunity_id      TEXT PRIMARY KEY,
    account_id          TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id          TEXT REFERENCES contacts (contact_id),
    owner               TEXT NOT NULL REFERENCES users (user_id),
    name                TEXT NOT NULL CHECK (trim(name) <> ''),
    product_line        TEXT NOT NULL CHECK (product_line IN ('multifunction printers', 'production printing',
                            'managed print service', 'document software', 'maintenance contract', 'consumables')),
    amount              REAL NOT NULL CHECK (amount >= 0),
    stage               TEXT NOT NULL CHECK (stage IN ('Prospecting', 'Qualification', 'Needs Analysis',
                            'Value Proposition', 'Id. Decision Makers', 'Perception Analysis',
                            'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost')),
    probability         INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    created_date        TEXT NOT NULL CHECK (created_date IS date(created_date, '+0 days')),
    expected_close_date TEXT NOT NULL CHECK (expected_close_date IS date(expected_close_date, '+0 days')),
    closed_date         TEXT CHECK (closed_date IS date(closed_date, '+0 days')),
    lost_reason         TEXT CHECK (lost_reason IN ('price', 'competitor relationship', 'no budget',
                            'chose to do nothing', 'product fit', 'timing')),
    lead_source         TEXT CHECK (lead_source IN ('existing customer', 'website', 'trade fair', 'referral',
                            'cold call', 'advertisement', 'partner')),
    CONSTRAINT closed_deals_have_a_date CHECK ((stage IN ('Closed Won', 'Closed Lost')) = (closed_date IS NOT NULL)),
    CONSTRAINT closed_after_created CHECK (closed_date IS NULL OR closed_date >= created_date),
    CONSTRAINT lost_reason_only_when_lost CHECK (lost_reason IS NULL OR stage = 'Closed Lost')
) STRICT;

CREATE TABLE leads (
    lead_id          TEXT PRIMARY KEY,
    company          TEXT NOT NULL CHECK (trim(company) <> ''),
    name             TEXT NOT NULL CHECK (trim(name) <> ''),
    title            TEXT,
    industry         TEXT CHECK (industry IN ('hospital', 'school', 'bank', 'government', 'manufacturing', 'logistics')),
    region           TEXT CHECK (region IN ('north', 'northeast', 'east', 'central', 'south', 'southwest')),
    phone            TEXT,
    email            TEXT CHECK (email IS NULL OR email LIKE '%_@_%'),
    source           TEXT NOT NULL CHECK (source IN ('website', 'trade fair', 'referral', 'cold call', 'advertisement', 'partner')),
    status           TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'qualified', 'unqualified', 'converted')),
    owner            TEXT NOT NULL REFERENCES users (user_id),
    estimated_amount REAL CHECK (estimated_amount >= 0),
    created_date     TEXT NOT NULL CHECK (created_date IS date(created_date, '+0 days')),
    converted_date   TEXT CHECK (converted_date IS date(converted_date, '+0 days')),
    account_id       TEXT REFERENCES accounts (account_id),
    contact_id       TEXT REFERENCES contacts (contact_id),
    opportunity_id   TEXT REFERENCES opportunities (opportunity_id),
    CONSTRAINT converted_leads_link_their_records CHECK ((status = 'converted') = (converted_date IS NOT NULL
        AND account_id IS NOT NULL AND contact_id IS NOT NULL AND opportunity_id IS NOT NULL))
) STRICT;

-- Experiment 6: activities (events and tasks) --------------------------------------------
CREATE TABLE activities (
    activity_id    TEXT PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('event', 'task')),
    type           TEXT NOT NULL,
    subject        TEXT NOT NULL CHECK (trim(subject) <> ''),
    account_id     TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id     TEXT REFERENCES contacts (contact_id),
    opportunity_id TEXT REFERENCES opportunities (opportunity_id),
    owner          TEXT NOT NULL REFERENCES users (user_id),
    start_date     TEXT NOT NULL CHECK (start_date IS date(start_date, '+0 days')),
    due_date       TEXT CHECK (due_date IS date(due_date, '+0 days')),
    duration_min   REAL CHECK (duration_min BETWEEN 1 AND 1440),
    status         TEXT NOT NULL,
    priority       TEXT CHECK (priority IN ('low', 'medium', 'high')),
    CONSTRAINT events_and_tasks_have_their_fields CHECK (
        (kind = 'event' AND type IN ('call', 'meeting', 'demo', 'site visit', 'email')
                        AND status IN ('planned', 'held', 'not held')
                        AND due_date IS NULL AND priority IS NULL)
     OR (kind = 'task'  AND type IN ('follow-up', 'send quote', 'prepare proposal', 'update records')
                        AND status IN ('not started', 'in progress', 'completed', 'deferred')
                        AND due_date IS NOT NULL AND duration_min IS NULL)),
    CONSTRAINT due_after_start CHECK (due_date IS NULL OR due_date >= start_date)
) STRICT;

-- Experiments 7-9: quotes, sales and purchase orders, invoices ----------------------------
CREATE TABLE quotes (
    quote_id       TEXT PRIMARY KEY,
    opportunity_id TEXT REFERENCES opportunities (opportunity_id),
    account_id     TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id     TEXT REFERENCES contacts (contact_id),
    owner          TEXT NOT NULL REFERENCES users (user_id),
    price_list_id  TEXT NOT NULL REFERENCES price_lists (price_list_id),
    quote_date     TEXT NOT NULL CHECK (quote_date IS date(quote_date, '+0 days')),
    valid_until    TEXT NOT NULL CHECK (valid_until IS date(valid_until, '+0 days')),
    stage          TEXT NOT NULL DEFAULT 'created' CHECK (stage IN ('created', 'delivered', 'reviewed', 'accepted', 'rejected')),
    CONSTRAINT valid_after_quote_date CHECK (valid_until >= quote_date)
) STRICT;

CREATE TABLE quote_lines (
    quote_id     TEXT NOT NULL REFERENCES quotes (quote_id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL CHECK (line_no >= 1),
    product_id   TEXT NOT NULL REFERENCES products (product_id),
    quantity     INTEGER NOT NULL CHECK (quantity >= 1),
    unit_price   REAL NOT NULL CHECK (unit_price >= 0),
    discount_pct REAL NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 100),
    PRIMARY KEY (quote_id, line_no)
) STRICT;

CREATE TABLE sales_orders (
    order_id         TEXT PRIMARY KEY,
    quote_id         TEXT REFERENCES quotes (quote_id),
    account_id       TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id       TEXT REFERENCES contacts (contact_id),
    owner            TEXT NOT NULL REFERENCES users (user_id),
    order_date       TEXT NOT NULL CHECK (order_date IS date(order_date, '+0 days')),
    status           TEXT NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'approved', 'delivered', 'cancelled')),
    billing_address  TEXT NOT NULL CHECK (trim(billing_address) <> ''),
    shipping_address TEXT NOT NULL CHECK (trim(shipping_address) <> '')
) STRICT;

CREATE TABLE sales_order_lines (
    order_id     TEXT NOT NULL REFERENCES sales_orders (order_id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL CHECK (line_no >= 1),
    product_id   TEXT NOT NULL REFERENCES products (product_id),
    quantity     INTEGER NOT NULL CHECK (quantity >= 1),
    unit_price   REAL NOT NULL CHECK (unit_price >= 0),
    discount_pct REAL NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 100),
    PRIMARY KEY (order_id, line_no)
) STRICT;

CREATE TABLE invoices (
    invoice_id   TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL UNIQUE REFERENCES sales_orders (order_id),
    account_id   TEXT NOT NULL REFERENCES accounts (account_id),
    invoice_date TEXT NOT NULL CHECK (invoice_date IS date(invoice_date, '+0 days')),
    due_date     TEXT NOT NULL CHECK (due_date IS date(due_date, '+0 days')),
    amount       REAL NOT NULL CHECK (amount > 0),
    status       TEXT NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'sent', 'paid', 'overdue', 'cancelled')),
    paid_date    TEXT CHECK (paid_date IS date(paid_date, '+0 days')),
    CONSTRAINT due_after_invoice_date CHECK (due_date >= invoice_date),
    CONSTRAINT paid_invoices_have_a_date CHECK ((status = 'paid') = (paid_date IS NOT NULL)),
    CONSTRAINT paid_after_invoice_date CHECK (paid_date IS NULL OR paid_date >= invoice_date)
) STRICT;

CREATE TABLE purchase_orders (
    po_id            TEXT PRIMARY KEY,
    supplier_id      TEXT NOT NULL REFERENCES suppliers (supplier_id),
    owner            TEXT NOT NULL REFERENCES users (user_id),
    order_date       TEXT NOT NULL CHECK (order_date IS date(order_date, '+0 days')),
    status           TEXT NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'approved', 'received', 'cancelled')),
    billing_address  TEXT NOT NULL CHECK (trim(billing_address) <> ''),
    shipping_address TEXT NOT NULL CHECK (trim(shipping_address) <> '')
) STRICT;

CREATE TABLE purchase_order_lines (
    po_id      TEXT NOT NULL REFERENCES purchase_orders (po_id) ON DELETE CASCADE,
    line_no    INTEGER NOT NULL CHECK (line_no >= 1),
    product_id TEXT NOT NULL REFERENCES products (product_id),
    quantity   INTEGER NOT NULL CHECK (quantity >= 1),
    unit_cost  REAL NOT NULL CHECK (unit_cost >= 0),
    PRIMARY KEY (po_id, line_no)
) STRICT;

-- Experiment 10: service centre (tickets and FAQ) ---------------------------------------------
CREATE TABLE tickets (
    ticket_id    TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id   TEXT REFERENCES contacts (contact_id),
    product_id   TEXT REFERENCES products (product_id),
    title        TEXT NOT NULL CHECK (trim(title) <> ''),
    category     TEXT NOT NULL CHECK (category IN ('installation', 'breakdown', 'print quality', 'consumables',
                     'billing', 'software', 'training')),
    priority     TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in progress', 'waiting for customer', 'closed')),
    channel      TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'web', 'visit')),
    opened_at    TEXT NOT NULL CHECK (opened_at IS strftime('%Y-%m-%d %H:%M', opened_at, '+0 minutes')),
    closed_at    TEXT CHECK (closed_at IS strftime('%Y-%m-%d %H:%M', closed_at, '+0 minutes')),
    assigned_to  TEXT REFERENCES users (user_id),
    satisfaction REAL CHECK (satisfaction IN (1, 2, 3, 4, 5)),
    CONSTRAINT closed_tickets_have_a_time CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CONSTRAINT closed_after_opened CHECK (closed_at IS NULL OR closed_at >= opened_at)
) STRICT;

CREATE TABLE faq (
    faq_id     TEXT PRIMARY KEY,
    category   TEXT NOT NULL CHECK (category IN ('installation', 'breakdown', 'print quality', 'consumables',
                   'billing', 'software', 'training')),
    product_id TEXT REFERENCES products (product_id),
    question   TEXT NOT NULL CHECK (trim(question) <> ''),
    answer     TEXT NOT NULL CHECK (trim(answer) <> ''),
    status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'obsolete'))
) STRICT;

-- Experiment 12: memos -----------------------------------------------------------------------
CREATE TABLE memos (
    memo_id        TEXT PRIMARY KEY,
    account_id     TEXT REFERENCES accounts (account_id),
    opportunity_id TEXT REFERENCES opportunities (opportunity_id),
    title          TEXT NOT NULL CHECK (trim(title) <> ''),
    note           TEXT NOT NULL CHECK (trim(note) <> ''),
    author         TEXT NOT NULL REFERENCES users (user_id),
    created_date   TEXT NOT NULL CHECK (created_date IS date(created_date, '+0 days'))
) STRICT;

-- Indexes: the foreign keys the lab joins on, and the filters its reports use -----------------
CREATE INDEX idx_contacts_account ON contacts (account_id);
CREATE INDEX idx_opportunities_account ON opportunities (account_id);
CREATE INDEX idx_opportunities_owner_stage ON opportunities (owner, stage);
CREATE INDEX idx_leads_status_source ON leads (status, source);
CREATE INDEX idx_activities_owner_date ON activities (owner, start_date);
CREATE INDEX idx_activities_account_date ON activities (account_id, start_date);
CREATE INDEX idx_activities_opportunity ON activities (opportunity_id);
CREATE INDEX idx_quotes_opportunity ON quotes (opportunity_id);
CREATE INDEX idx_quote_lines_product ON quote_lines (product_id);
CREATE INDEX idx_sales_orders_account ON sales_orders (account_id);
CREATE INDEX idx_sales_order_lines_product ON sales_order_lines (product_id);
CREATE INDEX idx_invoices_account ON invoices (account_id);
CREATE INDEX idx_tickets_account ON tickets (account_id);
CREATE INDEX idx_tickets_status_priority ON tickets (status, priority);
"""

#: The lab's tables, in the order they are filled (a table only refers to tables before it).
TABLES = ("users", "suppliers", "products", "price_lists", "price_list_items", "accounts", "contacts",
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

_KEYS = {t: (f"{t[:-1]}_id",) for t in TABLES}
_KEYS.update({
    "opportunities": ("opportunity_id",), "activities": ("activity_id",), "price_lists": ("price_list_id",),
    "price_list_items": ("price_list_id", "product_id"), "quote_lines": ("quote_id", "line_no"),
    "sales_orders": ("order_id",), "sales_order_lines": ("order_id", "line_no"), "purchase_orders": ("po_id",),
    "purchase_order_lines": ("po_id", "line_no"), "faq": ("faq_id",), "memos": ("memo_id",),
})
# prefix and digits of new ids, per table with a one-column key
_ID_FORMAT = {"users": ("HX-R", 2), "suppliers": ("SU-", 2), "products": ("PR-", 3), "price_lists": ("PL-", 1),
              "accounts": ("HX-A", 4), "contacts": ("HX-C", 4), "opportunities": ("HX-O", 4),
              "leads": ("LD-", 4), "activities": ("AV-", 5), "quotes": ("QU-", 4), "sales_orders": ("SO-", 4),
              "invoices": ("IN-", 4), "purchase_orders": ("PO-", 4), "tickets": ("TK-", 4), "faq": ("FAQ-", 2),
              "memos": ("ME-", 4)}
# the documents whose lines are copied and deleted with them
_LINES = {"quotes": "quote_lines", "sales_orders": "sales_order_lines", "purchase_orders": "purchase_order_lines"}
_LINE_PARENT = {v: k for k, v in _LINES.items()}
_STAGE_PROBABILITY = {"Prospecting": 10, "Qualification": 20, "Needs Analysis": 25, "Value Proposition": 30,
                      "Id. Decision Makers": 40, "Perception Analysis": 50, "Proposal/Price Quote": 65,
                      "Negotiation/Review": 80, "Closed Won": 100, "Closed Lost": 0}
_TIME_FIELDS = {"opened_at", "closed_at"}
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")

# what to tell a learner when a named CHECK constraint refuses a row: (field, fix)
_CHECK_HELP = {
    "closed_deals_have_a_date": ("closed_date", "a deal in Closed Won or Closed Lost needs a closed_date, "
                                 "and an open deal must not have one"),
    "closed_after_created": ("closed_date", "a deal cannot close before it was created"),
    "lost_reason_only_when_lost": ("lost_reason", "give a lost_reason only for Closed Lost deals"),
    "converted_leads_link_their_records": ("status", "convert a lead with crm.convert_lead(db, lead_id, ...), "
                                           "which sets its status, date, account, contact and opportunity together"),
    "events_and_tasks_have_their_fields": ("kind", "events (call, meeting, demo, site visit, email) have a status "
                                           "planned/held/not held and no due_date; tasks (follow-up, send quote, "
                                           "prepare proposal, update records) have a due_date and a status not "
                                           "started/in progress/completed/deferred"),
    "due_after_start": ("due_date", "a task cannot be due before it starts"),
    "valid_after_quote_date": ("valid_until", "a quote cannot expire before its date"),
    "due_after_invoice_date": ("due_date", "an invoice cannot be due before it is issued"),
    "paid_invoices_have_a_date": ("paid_date", "a paid invoice needs its paid_date, and an unpaid one has none"),
    "paid_after_invoice_date": ("paid_date", "an invoice cannot be paid before it is issued"),
    "closed_tickets_have_a_time": ("closed_at", "a closed ticket needs closed_at ('YYYY-MM-DD HH:MM'), and an "
                                   "open one has none"),
    "closed_after_opened": ("closed_at", "a ticket cannot close before it opened"),
    "price_list_period": ("valid_to", "a price list cannot end before it starts"),
}


class CRMError(CourseDataError):
    """A problem with a CRM lab request: the table, the field, the value, and how to fix it.

    A :class:`~crmcourse.data.CourseDataError`, so ``except CourseDataError`` catches it too.
    Attributes ``table``, ``field`` and ``value`` say where the problem is (``None`` when it
    does not concern one field).

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
        where = file or (f"CRM table {table!r}" if table else None)
        super().__init__(problem, file=where, column=field, rows=rows, fix=fix, row_label=row_label)
        self.row_label = row_label

    def _not_saved(self) -> "CRMError":
        if "nothing was saved" in self.problem:
            return self
        return CRMError(f"{self.problem}; nothing was saved", table=self.table, field=self.field,
                        value=self.value, fix=self.fix, rows=self.rows or None,
                        file=self.file if self.file and not self.file.startswith("CRM table") else None,
                        row_label=self.row_label)


# ---------------------------------------------------------------------------- the database file

def lab_path() -> Path:
    """Where :func:`connect` keeps the lab database by default: ``crm_lab.sqlite`` in the
    working folder, or in the folder named by the environment variable ``CRMCOURSE_WORKDIR``.

    >>> lab_path().name
    'crm_lab.sqlite'
    """
    folder = os.environ.get("CRMCOURSE_WORKDIR") or "."
    return Path(folder) / DB_NAME


def _schema_statements() -> tuple[list[str], list[str]]:
    """(CREATE TABLE statements, CREATE INDEX statements) from :data:`SCHEMA`."""
    text = "\n".join(line for line in SCHEMA.splitlines() if not line.lstrip().startswith("--"))
    statements = [s.strip() for s in text.split(";") if s.strip()]
    if sqlite3.sqlite_version_info < (3, 37):  # STRICT tables came with SQLite 3.37 (2021)
        statements = [re.sub(r"\)\s*STRICT$", ")", s) for s in statements]
    tables_ = [s for s in statements if s.upper().startswith("CREATE TABLE")]
    indexes = [s for s in statements if s.upper().startswith("CREATE INDEX")]
    return tables_, indexes


def index_names() -> list[str]:
    """Names of the indexes :data:`SCHEMA` defines.

    >>> index_names()[:2]
    ['idx_contacts_account', 'idx_opportunities_account']
    """
    return [re.match(r"CREATE INDEX (\w+)", s).group(1) for s in _schema_statements()[1]]


def drop_indexes(conn: sqlite3.Connection) -> None:
    """Remove the schema's indexes (for the benchmark: the same query with and without them).

    >>> db = connect(":memory:")
    >>> drop_indexes(db); create_indexes(db)
    >>> sorted(index_names()) == sorted(query(db, "SELECT name FROM sqlite_master WHERE type = 'index' "
    ...                                            "AND name LIKE 'idx_%'")["name"])
    True
    """
    _check_conn(conn)
    for name in index_names():
        conn.execute(f"DROP INDEX IF EXISTS {name}")


def create_indexes(conn: sqlite3.Connection) -> None:
    """Create the schema's indexes (again), then update the query planner's statistics."""
    _check_conn(conn)
    for statement in _schema_statements()[1]:
        conn.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
    conn.execute("ANALYZE")


def _open(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None)  # autocommit; helpers use savepoints
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _is_shipped(path: Path) -> bool:
    try:
        shipped = data_path().resolve()
        return shipped == path.resolve() or shipped in path.resolve().parents
    except OSError:
        return False


def _rows_for_sql(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    out = {}
    for col in columns:
        s = frame[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").astype(object).where(s.notna(), None)
        elif pd.api.types.is_bool_dtype(s):
            out[col] = s.astype(int).astype(object)
        elif isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).where(s.notna(), None)
        elif pd.api.types.is_integer_dtype(s):
            out[col] = s.astype(object).where(s.notna(), None).map(lambda v: None if v is None else int(v))
        elif pd.api.types.is_float_dtype(s):
            out[col] = s.astype(object).where(s.notna(), None).map(lambda v: None if v is None else float(v))
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return list(zip(*(out[c].tolist() for c in columns))) if columns else []


def build(path: str | os.PathLike = ":memory:", tables: Mapping[str, pd.DataFrame] | None = None, *,
          indexes: bool = True) -> sqlite3.Connection:
    """Create a lab database at ``path`` and fill it; return the open connection.

    ``tables`` maps table names (``"accounts"`` or ``"crm_accounts"``) to DataFrames, e.g. the
    output of ``crmcourse.cases.generate("crm", size=...)`` for a larger database; by default
    the shipped, validated CSVs are used. An existing file is replaced only once the new
    database is complete (it is built under a temporary name first). Most users want
    :func:`connect`.

    >>> db = build(":memory:")
    >>> int(counts(db)["activities"])
    1200
    """
    target = str(path)
    source = {}
    if tables is None:
        from crmcourse import data

        source = {t: data.load(f"crm_{t}") for t in TABLES}
    else:
        for name, frame in tables.items():
            short = name[4:] if isinstance(name, str) and name.startswith("crm_") else name
            if short not in TABLES:
                raise CRMError(f"unknown table {name!r}", fix="use the names in crmcourse.crm.TABLES")
            source[short] = frame
        missing = [t for t in TABLES if t not in source]
        if missing:
            raise CRMError(f"no data for the table{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                           fix="pass every table, e.g. crmcourse.cases.generate('crm')")
    memory = target == ":memory:" or target.startswith("file::memory:")
    if memory:
        conn = _open(target)
        _fill(conn, source, indexes)
        return conn
    final = Path(target)
    if _is_shipped(final):
        raise CRMError("refusing to write the lab database into the course's shipped data folder",
                       value=str(final), fix="use a file in your own working folder, e.g. crm.connect()")
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(final.with_name(f".{final.name}.{os.getpid()}.building"))
    with contextlib.suppress(OSError):
        os.remove(tmp)
    try:
        conn = _open(tmp)
        try:
            _fill(conn, source, indexes)
        finally:
            conn.close()
        try:
            os.replace(tmp, final)
        except PermissionError:
            _copy_into(tmp, final)  # Windows: the old file is still open (e.g. by an earlier notebook run)
            os.remove(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    return _open(str(final))


def _copy_into(source: str, target: Path) -> None:
    """Overwrite the database ``target`` with ``source`` page by page (SQLite's backup API).

    Used when the finished build cannot be renamed over a file another connection holds open;
    the copy is one transaction, so other connections see the old or the new database, never a mix.
    """
    src, dst = sqlite3.connect(source), sqlite3.connect(str(target))
    try:
        src.backup(dst)
    except sqlite3.DatabaseError as exc:
        raise CRMError(f"could not replace the database file ({exc})", value=str(target),
                       fix="close other programs or notebooks that use it, or delete the file, and try again") from None
    finally:
        src.close()
        dst.close()


def _fill(conn: sqlite3.Connection, source: Mapping[str, pd.DataFrame], indexes: bool) -> None:
    creates, index_sql = _schema_statements()
    conn.execute("BEGIN")
    try:
        for statement in creates:
            conn.execute(statement)
        for table in TABLES:
            frame = source[table]
            columns = _columns(table)
            missing = [c for c in columns if c not in frame.columns]
            if missing:
                raise CRMError(f"the data for {table} lacks the column{'s' if len(missing) > 1 else ''} "
                               f"{', '.join(missing)}", table=table, fix="regenerate it with crmcourse.cases")
            marks = ", ".join("?" * len(columns))
            conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                             _rows_for_sql(frame, columns))
        if indexes:
            for statement in index_sql:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if indexes:
        conn.execute("ANALYZE")


def connect(path: str | os.PathLike | None = None, *, fresh: bool = False,
            url: str | None = None) -> sqlite3.Connection:
    """Open the CRM lab database; build it from the shipped CSVs if it does not exist yet.

    * ``path`` — the database file; by default :func:`lab_path` (``./crm_lab.sqlite``, next to
      your notebook). ``":memory:"`` gives a throw-away database.
    * ``fresh=True`` — start again: rebuild the file from the shipped data (your changes to the
      lab database are lost; the shipped CSVs are never changed). The lab notebooks do this in
      their first cell, so running a notebook twice gives the same results.
    * ``url`` — ``"sqlite:///relative/path.sqlite"`` style, as SQLAlchemy writes it. Only SQLite
      works without extra packages; see docs/architecture.md for other servers.

    The connection has foreign keys switched on and commits each statement at once; the
    helpers group their statements into one all-or-nothing transaction.

    >>> db = connect(":memory:")
    >>> db.execute("PRAGMA foreign_keys").fetchone()[0]
    1
    """
    if url is not None:
        if path is not None:
            raise CRMError("give either a path or a url, not both", fix="drop one of them")
        if not isinstance(url, str) or not url.startswith("sqlite://"):
            raise CRMError(f"only SQLite databases are supported, not {str(url)[:40]!r}",
                           fix="use a 'sqlite:///file.sqlite' url or a path; another server needs SQLAlchemy "
                               "and its driver (see docs/architecture.md)")
        rest = url[len("sqlite://"):]
        path = ":memory:" if rest in ("", "/", "/:memory:") else rest[1:] if rest.startswith("/") else rest
    if path is None:
        path = lab_path()
    if not isinstance(path, (str, os.PathLike)):
        raise CRMError(f"the database path should be text, got {type(path).__name__}",
                       fix="e.g. crm.connect('crm_lab.sqlite'), or crm.connect() for the default")
    target = os.fspath(path)
    if target == ":memory:":
        return build(":memory:")
    file = Path(target)
    if file.is_dir():
        raise CRMError("the path is a folder, not a database file", value=target,
                       fix=f"add a file name, e.g. {str(file / DB_NAME)!r}")
    if fresh or not file.exists():
        return build(file)
    conn = _open(target)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CRMError(f"the file is not a usable SQLite database ({exc})", value=target,
                       fix="crm.connect(fresh=True) rebuilds it from the shipped data") from None
    if version != SCHEMA_VERSION or not set(TABLES) <= present:
        conn.close()
        raise CRMError(f"the file was not built by this version of the lab (schema {version}, "
                       f"expected {SCHEMA_VERSION})", value=target,
                       fix="crm.connect(fresh=True) rebuilds it from the shipped data (your changes are lost)")
    return conn


# ---------------------------------------------------------------------------- metadata

def _check_conn(conn: Any) -> None:
    if not isinstance(conn, sqlite3.Connection):
        raise CRMError(f"expected a database connection, got {type(conn).__name__}",
                       fix="open one with db = crm.connect() and pass db")
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        raise CRMError("the database connection is closed", fix="open it again with db = crm.connect()") from None


def _table(table: Any) -> str:
    if not isinstance(table, str):
        raise CRMError(f"the table name should be text, got {type(table).__name__}",
                       fix="e.g. 'accounts'; crm.TABLES lists them")
    name = table.strip().lower()
    if name.startswith("crm_"):
        name = name[4:]
    if name not in TABLES:
        close = difflib.get_close_matches(name, TABLES, n=2, cutoff=0.6)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? Otherwise, " if close else ""
        raise CRMError(f"there is no table {table[:40]!r}", value=table,
                       fix=hint + "the tables are " + ", ".join(TABLES))
    return name


@functools.lru_cache(maxsize=None)
def _spec(table: str) -> dict:
    from crmcourse import data

    return data.schema(f"crm_{table}")


def _columns(table: str) -> list[str]:
    return list(_spec(table)["columns"])


@functools.lru_cache(maxsize=None)
def _defaults() -> dict[str, set[str]]:
    """Columns with a DEFAULT in the schema, per table (they may be left out)."""
    out: dict[str, set[str]] = {}
    for statement in _schema_statements()[0]:
        name = re.match(r"CREATE TABLE (\w+)", statement).group(1)
        out[name] = set(re.findall(r"^\s+(\w+)\s+\w+[^\n]*\bDEFAULT\b", statement, re.M))
    return out


def tables(conn: sqlite3.Connection) -> pd.DataFrame:
    """One row per table: its lab experiment, rows, columns and what a row is.

    >>> t = tables(connect(":memory:"))
    >>> t.loc["products", "experiment"], int(t.loc["products", "rows"])
    ('1 product catalogue', 31)
    """
    _check_conn(conn)
    rows = []
    for t in TABLES:
        n = conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        rows.append({"table": t, "experiment": EXPERIMENTS[t], "rows": n, "columns": len(_columns(t)),
                     "description": _spec(t).get("description", "")})
    return pd.DataFrame(rows).set_index("table")


def describe(conn: sqlite3.Connection, table: str) -> pd.DataFrame:
    """The columns of one table: type, whether required, key, what it refers to, and meaning.

    >>> d = describe(connect(":memory:"), "contacts")
    >>> bool(d.loc["account_id", "required"]), d.loc["account_id", "references"]
    (True, 'accounts.account_id')
    """
    _check_conn(conn)
    t = _table(table)
    fks = {r[3]: f"{r[2]}.{r[4]}" for r in conn.execute(f"PRAGMA foreign_key_list({t})")}
    spec = _spec(t)["columns"]
    rows = []
    for cid, name, typ, notnull, default, pk in conn.execute(f"PRAGMA table_info({t})"):
        rows.append({"column": name, "type": typ, "required": bool(notnull or pk),
                     "key": bool(pk), "default": default, "references": fks.get(name, ""),
                     "description": spec.get(name, {}).get("description", "")})
    return pd.DataFrame(rows).set_index("column")


def counts(conn: sqlite3.Connection) -> pd.Series:
    """Number of rows in every table (a quick way to see what a helper changed).

    >>> counts(connect(":memory:"))["users"]
    np.int64(12)
    """
    _check_conn(conn)
    return pd.Series({t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES},
                     name="rows", dtype="int64")


def query(conn: sqlite3.Connection, sql: str, params: Iterable | Mapping | None = None, *,
          parse_dates: Iterable[str] | None = None) -> pd.DataFrame:
    """Run one SELECT statement and return the result as a DataFrame (read-only).

    Use ``?`` placeholders and ``params`` for values rather than pasting them into the text.

    >>> db = connect(":memory:")
    >>> query(db, "SELECT name FROM products WHERE list_price > ? ORDER BY list_price DESC LIMIT 1",
    ...       [100_000])["name"].item()
    'Production colour press 80 ppm'
    >>> query(db, "DELETE FROM accounts")
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: query() only reads (SELECT or WITH ... SELECT). Fix: change data with crm.add, crm.edit, crm.copy or crm.delete.
    """
    _check_conn(conn)
    if not isinstance(sql, str) or not sql.strip():
        raise CRMError("query() needs the SQL text of a SELECT statement", fix='e.g. "SELECT * FROM accounts"')
    body = re.sub(r"(--[^\n]*\n?|/\*.*?\*/)", " ", sql, flags=re.S).strip().lower()
    if not (body.startswith("select") or body.startswith("with")):
        raise CRMError("query() only reads (SELECT or WITH ... SELECT)",
                       fix="change data with crm.add, crm.edit, crm.copy or crm.delete")
    if params is not None and not isinstance(params, (Mapping, list, tuple)):
        params = list(params) if isinstance(params, Iterable) and not isinstance(params, (str, bytes)) else [params]
    was_in_tx = conn.in_transaction
    try:
        conn.execute("PRAGMA query_only = ON")
        return pd.read_sql(sql, conn, params=params, parse_dates=list(parse_dates) if parse_dates else None)
    except (sqlite3.Error, pd.errors.DatabaseError, ValueError, TypeError, OverflowError) as exc:
        message = str(exc).split("\n")[-1]
        message = re.sub(r"^Execution failed on sql '.*?': ", "", message, flags=re.S)
        raise CRMError(f"the database could not run the query ({message[:200]})",
                       fix="check table and column names with crm.tables(db) and crm.describe(db, 'table')") from None
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA query_only = OFF")
        if not was_in_tx and conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")


# ---------------------------------------------------------------------------- values

def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import numpy as np

        if isinstance(value, np.floating) and np.isnan(value):
            return True
        if isinstance(value, np.datetime64) and np.isnat(value):
            return True
    except Exception:  # noqa: BLE001
        pass
    return False


def _describe(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001
        text = "?"
    return f"{type(value).__name__} {text[:40]}"


def _clean(table: str, field: str, value: Any, spec: dict) -> Any:
    """The value to store in ``table.field`` (text, int, float or None), or a CRMError."""
    kind = spec["type"]
    nullable = spec.get("nullable", False)

    def bad(problem: str, fix: str) -> CRMError:
        return CRMError(problem, table=table, field=field, value=value, fix=fix)

    if _is_missing(value) or (isinstance(value, str) and not value.strip()):
        if nullable:
            return None
        raise bad(f"{field} is required but was {'empty' if isinstance(value, str) else 'missing'}",
                  f"give a value for {field} ({spec.get('description', kind)})".replace("((", "("))
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise bad(f"{field} holds characters that cannot be stored", "remove the broken characters") from None
    if kind == "str":
        if not isinstance(value, str):
            raise bad(f"{field} should be text, got {_describe(value)}",
                      f"write it in quotes, e.g. {field}={str(value)[:20]!r}")
        if field in _TIME_FIELDS:
            ok = bool(_TIME_RE.fullmatch(value.strip()))
            if ok:
                try:
                    _dt.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
                except ValueError:
                    ok = False
            if not ok:
                raise bad(f"{field} {value[:30]!r} is not a time 'YYYY-MM-DD HH:MM'",
                          "write the time like '2025-03-04 09:30'")
            return value.strip()
        return value
    if kind == "category":
        allowed = [str(a) for a in spec["allowed"]]
        if isinstance(value, str):
            for a in allowed:
                if a.lower() == " ".join(value.lower().split()):
                    return a
        shown = value[:30] if isinstance(value, str) else _describe(value)
        raise bad(f"{field} {shown!r} is not one of the allowed values", "use one of: " + ", ".join(allowed))
    if kind == "date":
        if isinstance(value, str):
            text = value.strip()
            if _DATE_RE.fullmatch(text):
                try:
                    return _dt.date.fromisoformat(text).isoformat()
                except ValueError:
                    pass
            raise bad(f"{field} {value[:30]!r} is not a date 'YYYY-MM-DD'", "write the date like '2025-03-04'")
        if isinstance(value, _dt.datetime):
            return value.date().isoformat()
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        raise bad(f"{field} should be a date, got {_describe(value)}", "write the date as text, like '2025-03-04'")
    if kind == "bool":
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return int(bool(value))
        if isinstance(value, numbers.Integral) and int(value) in (0, 1):
            return int(value)
        raise bad(f"{field} should be True or False, got {_describe(value)}", "use True or False")
    if kind in ("int", "float"):
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            raise bad(f"{field} should be a number, got {value!r}", "give a number, not True/False")
        if isinstance(value, str):
            raise bad(f"{field} should be a number, got the text {value[:20]!r}",
                      f"write the number without quotes, e.g. {field}=3")
        if not isinstance(value, numbers.Real):
            raise bad(f"{field} should be a number, got {_describe(value)}", f"give one number for {field}")
        try:
            number = float(value)
        except (OverflowError, ValueError, TypeError):
            raise bad(f"{field} {_describe(value)} is not a usable number", "give an ordinary number") from None
        if math.isnan(number) or math.isinf(number):
            raise bad(f"{field} is {number}, not a number", "give an ordinary number")
        if kind == "int":
            if isinstance(value, numbers.Integral):
                result = int(value)
            elif number.is_integer():
                result = int(number)
            else:
                raise bad(f"{field} should be a whole number, got {value!r}", "round it to a whole number")
            if abs(result) >= 2**63:
                raise bad(f"{field} {result} is too large to store", "check the number")
        else:
            result = number
            if abs(result) > 1e15:
                raise bad(f"{field} {result:g} is too large to be a real amount", "check the units and zeros")
        low, high = spec.get("min"), spec.get("max")
        if low is not None and result < low:
            raise bad(f"{field} {value!r} is below the minimum {low}", f"give {field} of at least {low}")
        if high is not None and result > high:
            raise bad(f"{field} {value!r} is above the maximum {high}", f"give {field} of at most {high}")
        return result
    raise AssertionError(kind)  # pragma: no cover


def _key_tuple(table: str, key: Any) -> tuple:
    names = _KEYS[table]
    if len(names) == 1:
        if isinstance(key, (tuple, list)) and len(key) == 1:
            key = key[0]
        if not isinstance(key, str) or not key.strip():
            raise CRMError(f"the {names[0]} should be text like {_example_id(table)!r}, got {_describe(key)}",
                           table=table, field=names[0], value=key, fix="put the id in quotes")
        return (_clean(table, names[0], key.strip(), {"type": "str"}),)
    if not isinstance(key, (tuple, list)) or len(key) != len(names):
        raise CRMError(f"a {table} row is identified by ({', '.join(names)}), got {_describe(key)}",
                       table=table, field=names[0], value=key,
                       fix=f"pass a pair, e.g. ('{_example_id(_LINE_PARENT.get(table, 'price_lists'))}', 1)")
    spec = _spec(table)["columns"]
    return tuple(_clean(table, n, v, spec[n]) for n, v in zip(names, key))


def _example_id(table: str) -> str:
    prefix, width = _ID_FORMAT.get(table, ("X-", 2))
    return f"{prefix}{1:0{width}d}"


def _where(table: str) -> str:
    return " AND ".join(f"{k} = ?" for k in _KEYS[table])


def _fetch(conn: sqlite3.Connection, table: str, key: tuple) -> dict | None:
    cur = conn.execute(f"SELECT * FROM {table} WHERE {_where(table)}", key)
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row))


def _unknown(table: str, key: tuple, conn: sqlite3.Connection) -> CRMError:
    names = _KEYS[table]
    shown = key[0] if len(key) == 1 else key
    hint = ""
    if len(names) == 1:
        ids = [r[0] for r in conn.execute(f"SELECT {names[0]} FROM {table} LIMIT 5000")]
        close = difflib.get_close_matches(str(key[0]), ids, n=2, cutoff=0.75)
        if close:
            hint = f"did you mean {' or '.join(repr(c) for c in close)}? Otherwise, "
    return CRMError(f"no {table} row has {', '.join(names)} {shown!r}", table=table, field=names[0],
                    value=shown, fix=hint + f'crm.query(db, "SELECT {", ".join(names)} FROM {table}") lists them')


def _next_id(conn: sqlite3.Connection, table: str) -> str:
    prefix, width = _ID_FORMAT[table]
    key = _KEYS[table][0]
    row = conn.execute(
        f"SELECT MAX(CAST(substr({key}, ?) AS INTEGER)) FROM {table} "
        f"WHERE {key} LIKE ? AND substr({key}, ?) GLOB '[0-9]*' AND substr({key}, ?) NOT GLOB '*[^0-9]*'",
        (len(prefix) + 1, prefix + "%", len(prefix) + 1, len(prefix) + 1)).fetchone()
    return f"{prefix}{(row[0] or 0) + 1:0{width}d}"


def _next_line(conn: sqlite3.Connection, table: str, parent: str) -> int:
    parent_key = _KEYS[table][0]
    row = conn.execute(f"SELECT MAX(line_no) FROM {table} WHERE {parent_key} = ?", (parent,)).fetchone()
    return (row[0] or 0) + 1


def _check_references(conn: sqlite3.Connection, table: str, record: Mapping[str, Any]) -> None:
    for field, spec in _spec(table)["columns"].items():
        ref = spec.get("references")
        value = record.get(field)
        if not ref or value is None:
            continue
        ref_table, ref_col = ref.split(".", 1)
        ref_table = ref_table[4:]
        if conn.execute(f"SELECT 1 FROM {ref_table} WHERE {ref_col} = ?", (value,)).fetchone() is None:
            ids = [r[0] for r in conn.execute(f"SELECT {ref_col} FROM {ref_table} LIMIT 5000")]
            close = difflib.get_close_matches(str(value), ids, n=2, cutoff=0.75)
            hint = f"did you mean {' or '.join(repr(c) for c in close)}? Otherwise, " if close else ""
            label = "name" if "name" in _columns(ref_table) else ref_col
            raise CRMError(f"no {ref_table} row has {ref_col} {value!r}", table=table, field=field, value=value,
                           fix=hint + f"use an existing {ref_col} (crm.query(db, \"SELECT {ref_col}"
                               + (f", {label}" if label != ref_col else "") + f" FROM {ref_table}\") lists them)")


def _fields(table: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    columns = _spec(table)["columns"]
    out = {}
    for name, value in fields.items():
        if not isinstance(name, str) or name not in columns:
            close = difflib.get_close_matches(str(name), list(columns), n=2, cutoff=0.6)
            hint = f"did you mean {' or '.join(repr(c) for c in close)}? Otherwise, " if close else ""
            raise CRMError(f"{table} has no field {str(name)[:40]!r}", table=table, field=str(name)[:40],
                           value=value, fix=hint + "crm.describe(db, " + repr(table) + ") lists the fields")
        out[name] = _clean(table, name, value, columns[name])
    return out


def _translate(exc: sqlite3.Error, table: str, record: Mapping[str, Any] | None = None) -> CRMError:
    """A CRMError for what the database refused."""
    message = str(exc)
    record = record or {}
    m = re.search(r"(UNIQUE|NOT NULL) constraint failed: ([\w.]+(?:, [\w.]+)*)", message)
    if m:
        cols = [c.split(".")[-1] for c in m.group(2).split(", ")]
        t = m.group(2).split(".")[0]
        value = tuple(record.get(c) for c in cols) if len(cols) > 1 else record.get(cols[0])
        if m.group(1) == "UNIQUE":
            fix = ("leave the id out and the helper picks the next free one, or change the existing record "
                   "with crm.edit" if tuple(cols) == _KEYS.get(t) else f"another {t} row already has this {cols[0]}")
            return CRMError(f"{', '.join(cols)} {value!r} is already used in {t}", table=t, field=cols[0],
                            value=value, fix=fix)
        return CRMError(f"{cols[0]} is required", table=t, field=cols[0], value=None, fix=f"give a value for {cols[0]}")
    m = re.search(r"CHECK constraint failed: (.+)$", message)
    if m:
        name = m.group(1).strip()
        if name in _CHECK_HELP:
            field, fix = _CHECK_HELP[name]
            return CRMError(f"the row breaks the rule {name.replace('_', ' ')!r}", table=table, field=field,
                            value=record.get(field), fix=fix)
        field = next((c for c in _columns(table) if re.search(rf"\b{c}\b", name)), None)
        return CRMError(f"the database refused the value (rule: {name[:120]})", table=table, field=field,
                        value=record.get(field) if field else None, fix="check the allowed values with crm.describe")
    if "FOREIGN KEY constraint failed" in message:
        return CRMError("other records still refer to this one, or it refers to a record that does not exist",
                        table=table, fix="delete or change the records that refer to it first")
    m = re.search(r"cannot store (\w+) value in (\w+) column (\w+)\.(\w+)", message)
    if m:
        return CRMError(f"{m.group(4)} should hold {m.group(2).lower()} values, not {m.group(1).lower()}",
                        table=m.group(3), field=m.group(4), value=record.get(m.group(4)),
                        fix="give a value of the right type")
    return CRMError(f"the database refused the change ({message[:160]})", table=table,
                    fix="check the values against crm.describe(db, table)")


@contextlib.contextmanager
def _writing(conn: sqlite3.Connection, table: str = ""):
    """All-or-nothing: a savepoint that is released on success and rolled back on any error."""
    _check_conn(conn)
    name = "crm_helper"
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException as exc:
        with contextlib.suppress(sqlite3.Error):
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
        if isinstance(exc, CRMError):
            raise exc._not_saved() from None
        if isinstance(exc, sqlite3.Error):
            raise _translate(exc, table, getattr(exc, "_crm_record", None))._not_saved() from None
        if isinstance(exc, (TypeError, ValueError, OverflowError, UnicodeError)):
            raise CRMError(f"the values could not be stored ({type(exc).__name__}: {str(exc)[:120]})",
                           table=table or None, fix="check the type of each value")._not_saved() from None
        raise
    else:
        conn.execute(f"RELEASE {name}")


def _insert(conn: sqlite3.Connection, table: str, record: dict[str, Any]) -> None:
    cols = list(record)
    try:
        conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     [record[c] for c in cols])
    except sqlite3.Error as exc:
        raise _translate(exc, table, record) from None


def _prepare_new(conn: sqlite3.Connection, table: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a new record, fill in the id, line number, probability and created date."""
    record = _fields(table, fields)
    keys = _KEYS[table]
    if len(keys) == 1:
        if record.get(keys[0]) is None:
            record[keys[0]] = _next_id(conn, table)
    elif table in _LINE_PARENT and record.get("line_no") is None and record.get(keys[0]) is not None:
        record["line_no"] = _next_line(conn, table, record[keys[0]])
    if table == "opportunities" and record.get("probability") is None and record.get("stage") is not None:
        record["probability"] = _STAGE_PROBABILITY[record["stage"]]
    if "created_date" in _columns(table) and record.get("created_date") is None:
        record["created_date"] = TODAY
    spec = _spec(table)["columns"]
    required = [c for c, s in spec.items() if not s.get("nullable") and c not in _defaults()[table]]
    missing = [c for c in required if record.get(c) is None]
    if missing:
        c = missing[0]
        more = f" (and {', '.join(missing[1:])})" if len(missing) > 1 else ""
        raise CRMError(f"{c} is required{more}", table=table, field=c, value=None,
                       fix=f"give {c}=... ({spec[c].get('description', '')})".replace(" ()", ""))
    record = {k: v for k, v in record.items() if v is not None or spec[k].get("nullable")}
    if _fetch(conn, table, tuple(record[k] for k in keys)) is not None:
        shown = record[keys[0]] if len(keys) == 1 else tuple(record[k] for k in keys)
        raise CRMError(f"{', '.join(keys)} {shown!r} is already used in {table}", table=table, field=keys[0],
                       value=shown, fix="leave the id out and the helper picks the next free one, or change the "
                                        "existing record with crm.edit")
    _check_references(conn, table, record)
    if table in ("quote_lines", "sales_order_lines", "quotes"):
        _check_active_products(conn, table, record)
    return record


def _check_active_products(conn: sqlite3.Connection, table: str, record: Mapping[str, Any]) -> None:
    product = record.get("product_id")
    if product is None:
        return
    row = conn.execute("SELECT active, name FROM products WHERE product_id = ?", (product,)).fetchone()
    if row is not None and not row[0]:
        raise CRMError(f"product {product!r} ({row[1]}) is discontinued and cannot be sold", table=table,
                       field="product_id", value=product, fix="choose an active product")


# ---------------------------------------------------------------------------- records

def get(conn: sqlite3.Connection, table: str, key: Any) -> dict:
    """One record as a dict. ``key`` is the id, or a pair for line tables (``("QU-0001", 1)``).

    >>> get(connect(":memory:"), "products", "PR-001")["name"]
    'A4 mono MFP 35 ppm'
    """
    _check_conn(conn)
    t = _table(table)
    k = _key_tuple(t, key)
    row = _fetch(conn, t, k)
    if row is None:
        raise _unknown(t, k, conn)
    return row


def add(conn: sqlite3.Connection, table: str, record: Mapping[str, Any] | None = None, **fields: Any):
    """Add a record (the lab's *New …* screens) and return its id.

    Give the fields as keywords (or a dict). Leave the id out and the next free one is used;
    for line tables leave ``line_no`` out. An opportunity without ``probability`` gets its
    stage's default; a missing ``created_date`` is the lab's today (:data:`TODAY`). Every value
    is validated first (type, allowed values, ranges, references to other records); if anything
    is wrong nothing is saved and a :class:`CRMError` says what and how to fix it.

    >>> db = connect(":memory:")
    >>> add(db, "contacts", account_id="HX-A0002", name="Fang Lei", title="Office Manager")
    'HX-C0223'
    >>> add(db, "contacts", account_id="HX-A0002", name="Fang Lei", phone=13800001111)
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'contacts', column 'phone': phone should be text, got int 13800001111; nothing was saved. Fix: write it in quotes, e.g. phone='13800001111'.
    """
    t = _table(table)
    _check_conn(conn)
    if record is not None and not isinstance(record, Mapping):
        raise CRMError(f"the record should be a dict of field values, got {type(record).__name__}", table=t,
                       fix="pass the fields as keywords, e.g. crm.add(db, 'accounts', name=..., ...)")
    values = {**(dict(record) if record else {}), **fields}
    with _writing(conn, t):
        new = _prepare_new(conn, t, values)
        _insert(conn, t, new)
    keys = _KEYS[t]
    return new[keys[0]] if len(keys) == 1 else tuple(new[k] for k in keys)


def edit(conn: sqlite3.Connection, table: str, key: Any, **changes: Any) -> dict:
    """Change fields of an existing record (the lab's *Edit*): still one record. Returns it.

    Ids cannot be changed (copy the record instead). Nothing is saved if any value is wrong.

    >>> db = connect(":memory:")
    >>> edit(db, "products", "PR-001", list_price=6600.0)["list_price"]
    6600.0
    >>> edit(db, "products", "PR-001", list_price=-1)
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'products', column 'list_price': list_price -1 is below the minimum 0.01; nothing was saved. Fix: give list_price of at least 0.01.
    """
    t = _table(table)
    _check_conn(conn)
    with _writing(conn, t):
        k = _key_tuple(t, key)
        if _fetch(conn, t, k) is None:
            raise _unknown(t, k, conn)
        if not changes:
            raise CRMError("edit() needs at least one field to change", table=t,
                           fix=f"e.g. crm.edit(db, {t!r}, {k[0]!r}, field=new_value)")
        cleaned = _fields(t, changes)
        for key_field in _KEYS[t]:
            if key_field in cleaned:
                raise CRMError(f"{key_field} is the record's id and cannot be edited", table=t, field=key_field,
                               value=cleaned[key_field], fix="copy the record with crm.copy(...) to get a new id")
        _check_references(conn, t, cleaned)
        _check_active_products(conn, t, cleaned)
        sets = ", ".join(f"{c} = ?" for c in cleaned)
        try:
            conn.execute(f"UPDATE {t} SET {sets} WHERE {_where(t)}", [*cleaned.values(), *k])
        except sqlite3.Error as exc:
            raise _translate(exc, t, cleaned) from None
    return _fetch(conn, t, k)


def copy(conn: sqlite3.Connection, table: str, key: Any, **changes: Any):
    """Copy a record into a new one (the lab's *Copy*) and return the new id.

    The copy gets the next free id and the same values, except the ``changes`` you give. Copying
    a quote or an order copies its lines too. (Compare :func:`edit`, which changes the record
    itself: after an edit there is still one record, after a copy there are two.)

    >>> db = connect(":memory:")
    >>> before = counts(db)
    >>> copy(db, "quotes", "QU-0001", stage="created")
    'QU-0097'
    >>> (counts(db) - before)[lambda s: s > 0].to_dict()
    {'quotes': 1, 'quote_lines': 2}
    """
    t = _table(table)
    _check_conn(conn)
    with _writing(conn, t):
        k = _key_tuple(t, key)
        original = _fetch(conn, t, k)
        if original is None:
            raise _unknown(t, k, conn)
        keys = _KEYS[t]
        for key_field in keys:
            if key_field in changes and not (t in _LINE_PARENT and key_field == keys[0]):
                raise CRMError(f"the copy gets a new {key_field} automatically", table=t, field=key_field,
                               value=changes[key_field], fix=f"leave {key_field} out")
        values = {c: v for c, v in original.items() if c not in keys or (t in _LINE_PARENT and c == keys[0])}
        if t == "price_list_items":
            values[keys[1]] = original[keys[1]]
        values.update(changes)
        if t == "leads" and original.get("status") == "converted" and "status" not in changes:
            for c in ("status", "converted_date", "account_id", "contact_id", "opportunity_id"):
                values[c] = None if c != "status" else "new"
        new = _prepare_new(conn, t, values)
        _insert(conn, t, new)
        if t in _LINES:
            lines = _LINES[t]
            parent_key = _KEYS[lines][0]
            cols = [c for c in _columns(lines) if c != parent_key]
            conn.execute(f"INSERT INTO {lines} ({parent_key}, {', '.join(cols)}) "
                         f"SELECT ?, {', '.join(cols)} FROM {lines} WHERE {parent_key} = ? ORDER BY line_no",
                         (new[keys[0]], k[0]))
    return new[keys[0]] if len(keys) == 1 else tuple(new[c] for c in keys)


def delete(conn: sqlite3.Connection, table: str, key: Any) -> None:
    """Delete a record (the lab's *Delete*). Refused while other records refer to it.

    Deleting a quote or an order deletes its lines with it.

    >>> db = connect(":memory:")
    >>> delete(db, "accounts", "HX-A0002")
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'accounts', column 'account_id': other records refer to HX-A0002 (1 contacts, 5 opportunities, 25 activities, 5 quotes, 1 sales_orders, 1 invoices, 6 tickets); nothing was saved. Fix: delete or re-assign those records first (or keep the account).
    """
    t = _table(table)
    _check_conn(conn)
    with _writing(conn, t):
        k = _key_tuple(t, key)
        if _fetch(conn, t, k) is None:
            raise _unknown(t, k, conn)
        users = []
        if len(_KEYS[t]) == 1:
            for other in TABLES:
                if other == _LINES.get(t):
                    continue
                for col, spec in _spec(other)["columns"].items():
                    if spec.get("references") == f"crm_{t}.{_KEYS[t][0]}":
                        n = conn.execute(f"SELECT COUNT(*) FROM {other} WHERE {col} = ?", k).fetchone()[0]
                        if n:
                            users.append(f"{n} {other}")
        if users:
            raise CRMError(f"other records refer to {k[0]} ({', '.join(users)})", table=t, field=_KEYS[t][0],
                           value=k[0], fix=f"delete or re-assign those records first (or keep the {t[:-1]})")
        try:
            conn.execute(f"DELETE FROM {t} WHERE {_where(t)}", k)
        except sqlite3.Error as exc:
            raise _translate(exc, t) from None


# ---------------------------------------------------------------------------- import / export

def export_csv(conn: sqlite3.Connection, what: str | pd.DataFrame, path: str | os.PathLike, *,
               encoding: str = "utf-8-sig") -> Path:
    """Write a table, a query's result or a DataFrame to a CSV file (the lab's *Export all*).

    ``what`` is a table name, the text of a SELECT, or a DataFrame. The file is UTF-8 with a
    byte-order mark by default, so spreadsheet programs show Chinese text correctly. Folders are
    created as needed. Returns the path written.

    >>> import tempfile, os
    >>> out = export_csv(connect(":memory:"), "suppliers", os.path.join(tempfile.mkdtemp(), "s.csv"))
    >>> out.read_text(encoding="utf-8-sig").splitlines()[0]
    'supplier_id,name,city,contact_name,phone,email,payment_days'
    """
    _check_conn(conn)
    if isinstance(what, pd.DataFrame):
        frame = what
    elif isinstance(what, str) and re.match(r"\s*(select|with)\b", what, re.I):
        frame = query(conn, what)
    else:
        t = _table(what)
        frame = query(conn, f"SELECT * FROM {t} ORDER BY {', '.join(_KEYS[t])}")
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path).strip():
        raise CRMError("export_csv needs a file name", fix="e.g. export_csv(db, 'accounts', 'exports/accounts.csv')")
    out = Path(path)
    if _is_shipped(out):
        raise CRMError("refusing to write into the course's shipped data folder", value=str(out),
                       fix="write to your own working folder, e.g. 'exports/accounts.csv'")
    if out.is_dir():
        raise CRMError("the path is a folder", value=str(out), fix="add a file name ending in .csv")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out, index=False, encoding=encoding, lineterminator="\n", date_format="%Y-%m-%d")
    except (OSError, LookupError) as exc:
        raise CRMError(f"could not write the file ({exc})", value=str(out), fix="check the folder and the encoding") from None
    return out


def import_csv(conn: sqlite3.Connection, table: str, path: str | os.PathLike) -> int:
    """Add every row of a CSV file to a table (the lab's *Import*); all rows or none.

    The file needs a header row with the table's field names; the id column may be left out
    (new ids are given). Each row is validated like :func:`add`; the first bad row stops the
    import, nothing is saved, and the error names its line in the file. Returns the number of
    rows added.

    >>> import tempfile, os
    >>> db = connect(":memory:")
    >>> f = os.path.join(tempfile.mkdtemp(), "new.csv")
    >>> _ = open(f, "w").write("company,name,source,owner\\nBoya Logistics,Gao Jun,trade fair,HX-R05\\n"
    ...                        "Yinhe Bank,Ma Lan,radio,HX-R05\\n")
    >>> import_csv(db, "leads", f)
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: new.csv, column 'source': 1 value not allowed ('radio'); nothing was saved (CSV lines 3). Fix: use one of: website, trade fair, referral, cold call, advertisement, partner.
    """
    from crmcourse import data

    t = _table(table)
    _check_conn(conn)
    if not isinstance(path, (str, os.PathLike)):
        raise CRMError(f"import_csv needs a file path, got {type(path).__name__}", table=t,
                       fix="e.g. import_csv(db, 'leads', 'new_leads.csv')")
    file = Path(path)
    if not file.is_file():
        raise CRMError("file not found", file=str(file), table=t,
                       fix="check the path (relative paths start from the notebook's folder)")
    spec = _spec(t)["columns"]
    with open(file, encoding="utf-8-sig", errors="replace") as fh:
        header = fh.readline().rstrip("\r\n").split(",")
    header = [h.strip().strip('"') for h in header]
    unknown = [h for h in header if h not in spec]
    if unknown:
        raise CRMError(f"the file has column{'s' if len(unknown) > 1 else ''} {', '.join(repr(u) for u in unknown)} "
                       f"that {t} does not have", file=file.name, table=t,
                       fix="rename or remove them; crm.describe(db, " + repr(t) + ") lists the fields")
    rules = {"columns": {c: {**spec[c], "nullable": True, "references": None} for c in header}}
    try:
        frame = data.read_csv(file, rules)
    except CRMError:
        raise
    except CourseDataError as exc:
        raise CRMError(f"{exc.problem}; nothing was saved", file=exc.file, table=t, field=exc.column,
                       rows=exc.rows or None, fix=exc.fix, row_label="CSV lines") from None
    added = 0
    with _writing(conn, t):
        for i, row in enumerate(frame.to_dict("records")):
            values = {c: _from_frame(v) for c, v in row.items()}
            values = {c: v for c, v in values.items() if v is not None}
            try:
                new = _prepare_new(conn, t, values)
                _insert(conn, t, new)
            except CRMError as exc:
                raise CRMError(exc.problem, file=file.name, table=t, field=exc.field, value=exc.value,
                               rows=[i + 2], fix=exc.fix, row_label="CSV line") from None
            added += 1
    return added


def _from_frame(value: Any) -> Any:
    if _is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


# ---------------------------------------------------------------------------- the sales flow

def _date_or_today(table: str, field: str, value: Any) -> str:
    if value is None:
        return TODAY
    return _clean(table, field, value, _spec(table)["columns"][field])


def convert_lead(conn: sqlite3.Connection, lead_id: str, *, product_line: str, amount: float | None = None,
                 expected_close_date: str | None = None, stage: str = "Qualification",
                 account_id: str | None = None, date: str | None = None) -> dict[str, str]:
    """Turn a qualified lead into an account, a contact and an opportunity, in one transaction.

    The account takes the lead's company, industry, region and owner (or pass ``account_id`` to
    attach the contact and deal to an existing account); the contact takes the person's name,
    title, phone and e-mail; the opportunity is for ``product_line`` with ``amount`` (default:
    the lead's estimated amount) and closes by ``expected_close_date`` (default: 90 days after
    ``date``, which defaults to the lab's today). The lead is marked converted and linked to the
    three records. Either all four changes are saved, or none.

    >>> db = connect(":memory:")
    >>> convert_lead(db, "LD-0054", product_line="multifunction printers", amount=60_000)
    {'account_id': 'HX-A0321', 'contact_id': 'HX-C0223', 'opportunity_id': 'HX-O0681'}
    >>> convert_lead(db, "LD-0054", product_line="consumables", amount=5_000)
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'leads', column 'status': lead 'LD-0054' is already converted (to HX-O0681); nothing was saved. Fix: work on its opportunity, or copy the lead if it is a new enquiry.
    """
    _check_conn(conn)
    with _writing(conn, "leads"):
        k = _key_tuple("leads", lead_id)
        lead = _fetch(conn, "leads", k)
        if lead is None:
            raise _unknown("leads", k, conn)
        if lead["status"] == "converted":
            raise CRMError(f"lead {k[0]!r} is already converted (to {lead['opportunity_id']})", table="leads",
                           field="status", value=lead["status"],
                           fix="work on its opportunity, or copy the lead if it is a new enquiry")
        if lead["status"] == "unqualified":
            raise CRMError(f"lead {k[0]!r} is marked unqualified", table="leads", field="status",
                           value=lead["status"],
                           fix=f"if it is qualified after all, first crm.edit(db, 'leads', {k[0]!r}, status='qualified')")
        on = _date_or_today("leads", "converted_date", date)
        if on < lead["created_date"]:
            raise CRMError(f"the conversion date {on} is before the lead was created ({lead['created_date']})",
                           table="leads", field="converted_date", value=on, fix="give a later date")
        if amount is None:
            amount = lead["estimated_amount"]
            if amount is None:
                raise CRMError(f"lead {k[0]!r} has no estimated amount", table="opportunities", field="amount",
                               fix="pass amount=... (the deal's expected value in CNY)")
        if expected_close_date is None:
            expected_close_date = (_dt.date.fromisoformat(on) + _dt.timedelta(days=90)).isoformat()
        if account_id is None:
            for field in ("industry", "region"):
                if lead[field] is None:
                    raise CRMError(f"lead {k[0]!r} has no {field}, which a new account needs", table="leads",
                                   field=field, fix=f"fill it in first: crm.edit(db, 'leads', {k[0]!r}, {field}=...)")
            account = _prepare_new(conn, "accounts", {
                "name": lead["company"], "industry": lead["industry"], "region": lead["region"],
                "owner": lead["owner"], "phone": lead["phone"], "created_date": on})
            _insert(conn, "accounts", account)
            account_id = account["account_id"]
        else:
            _check_references(conn, "leads", {"account_id": _clean("leads", "account_id", account_id,
                                                                   _spec("leads")["columns"]["account_id"])})
        contact = _prepare_new(conn, "contacts", {
            "account_id": account_id, "name": lead["name"], "title": lead["title"], "phone": lead["phone"],
            "email": lead["email"]})
        _insert(conn, "contacts", contact)
        company = conn.execute("SELECT name FROM accounts WHERE account_id = ?", (account_id,)).fetchone()[0]
        opportunity = _prepare_new(conn, "opportunities", {
            "account_id": account_id, "contact_id": contact["contact_id"], "owner": lead["owner"],
            "name": f"{company} - {product_line}" if isinstance(product_line, str) else None,
            "product_line": product_line, "amount": amount, "stage": stage, "created_date": on,
            "expected_close_date": expected_close_date, "lead_source": lead["source"]})
        if opportunity["stage"].startswith("Closed"):
            raise CRMError("a converted lead starts an open deal", table="opportunities", field="stage",
                           value=opportunity["stage"], fix="use an open stage such as 'Qualification'")
        if opportunity["expected_close_date"] < on:
            raise CRMError("the expected close date is before the conversion date", table="opportunities",
                           field="expected_close_date", value=opportunity["expected_close_date"],
                           fix="give a later expected_close_date")
        _insert(conn, "opportunities", opportunity)
        try:
            conn.execute("UPDATE leads SET status = 'converted', converted_date = ?, account_id = ?, "
                         "contact_id = ?, opportunity_id = ? WHERE lead_id = ?",
                         (on, account_id, contact["contact_id"], opportunity["opportunity_id"], k[0]))
        except sqlite3.Error as exc:
            raise _translate(exc, "leads") from None
    return {"account_id": account_id, "contact_id": contact["contact_id"],
            "opportunity_id": opportunity["opportunity_id"]}


def _lines_frame(lines: Any) -> list[dict]:
    if isinstance(lines, pd.DataFrame):
        rows = lines.to_dict("records")
    elif isinstance(lines, Mapping):
        rows = [lines]
    elif isinstance(lines, (list, tuple)):
        rows = list(lines)
    else:
        raise CRMError(f"lines should be a list of (product_id, quantity) pairs, got {type(lines).__name__}",
                       table="quote_lines", fix="e.g. lines=[('PR-001', 10), ('PR-007', 10)]")
    if not rows:
        raise CRMError("a quote needs at least one line", table="quote_lines",
                       fix="e.g. lines=[('PR-001', 10)]")
    out = []
    for i, row in enumerate(rows, start=1):
        if isinstance(row, Mapping):
            unknown = set(row) - {"product_id", "quantity", "discount_pct"}
            if unknown:
                raise CRMError(f"line {i} has unknown field {sorted(map(str, unknown))[0]!r}", table="quote_lines",
                               fix="a line has product_id, quantity and optionally discount_pct")
            out.append(dict(row))
        elif isinstance(row, (list, tuple)) and len(row) in (2, 3):
            out.append(dict(zip(("product_id", "quantity", "discount_pct"), row)))
        else:
            raise CRMError(f"line {i} should be (product_id, quantity) or (product_id, quantity, discount_pct), "
                           f"got {_describe(row)}", table="quote_lines", fix="e.g. ('PR-001', 10)")
    return out


def add_quote(conn: sqlite3.Connection, account_id: str, lines: Any, *, opportunity_id: str | None = None,
              contact_id: str | None = None, price_list_id: str = "PL-1", owner: str | None = None,
              quote_date: str | None = None, valid_days: int = 30, stage: str = "created") -> str:
    """Make a quote with its lines (experiment 7) and return its id.

    ``lines`` lists ``(product_id, quantity)`` or ``(product_id, quantity, discount_pct)``; each
    unit price comes from the price list (default PL-1, the standard list). The owner defaults
    to the account's owner, the contact to the opportunity's contact. Products must be active
    and on the price list.

    >>> db = connect(":memory:")
    >>> q = add_quote(db, "HX-A0002", [("PR-003", 4), ("PR-007", 4)], price_list_id="PL-2")
    >>> q, float(totals(db, "quotes")[q])
    ('QU-0097', 90360.0)
    """
    _check_conn(conn)
    with _writing(conn, "quotes"):
        acc = _clean("quotes", "account_id", account_id, _spec("quotes")["columns"]["account_id"])
        row = conn.execute("SELECT owner FROM accounts WHERE account_id = ?", (acc,)).fetchone()
        if row is None:
            raise _unknown("accounts", (acc,), conn)
        if contact_id is None and opportunity_id is not None and isinstance(opportunity_id, str):
            found = conn.execute("SELECT contact_id FROM opportunities WHERE opportunity_id = ?",
                                 (opportunity_id,)).fetchone()
            contact_id = found[0] if found else None
        day = _date_or_today("quotes", "quote_date", quote_date)
        days = _clean("quotes", "valid_days", valid_days, {"type": "int", "min": 0, "max": 365})
        quote = _prepare_new(conn, "quotes", {
            "opportunity_id": opportunity_id, "account_id": acc, "contact_id": contact_id,
            "owner": owner if owner is not None else row[0], "price_list_id": price_list_id, "quote_date": day,
            "valid_until": (_dt.date.fromisoformat(day) + _dt.timedelta(days=days)).isoformat(), "stage": stage})
        if quote.get("opportunity_id"):
            opp_acc = conn.execute("SELECT account_id FROM opportunities WHERE opportunity_id = ?",
                                   (quote["opportunity_id"],)).fetchone()[0]
            if opp_acc != acc:
                raise CRMError(f"opportunity {quote['opportunity_id']!r} belongs to account {opp_acc}, not {acc}",
                               table="quotes", field="opportunity_id", value=quote["opportunity_id"],
                               fix="quote the account the deal is with")
        _insert(conn, "quotes", quote)
        for line in _lines_frame(lines):
            product = _clean("quote_lines", "product_id", line.get("product_id"),
                             _spec("quote_lines")["columns"]["product_id"])
            price = conn.execute("SELECT unit_price FROM price_list_items WHERE price_list_id = ? AND product_id = ?",
                                 (quote["price_list_id"], product)).fetchone()
            if price is None:
                _check_references(conn, "quote_lines", {"product_id": product})
                raise CRMError(f"product {product!r} is not on price list {quote['price_list_id']}",
                               table="quote_lines", field="product_id", value=product,
                               fix="choose another price list, or add the product to this one with "
                                   "crm.add(db, 'price_list_items', ...)")
            new = _prepare_new(conn, "quote_lines", {
                "quote_id": quote["quote_id"], "product_id": product, "quantity": line.get("quantity"),
                "unit_price": price[0], "discount_pct": line.get("discount_pct", 0.0)})
            _insert(conn, "quote_lines", new)
    return quote["quote_id"]


def order_from_quote(conn: sqlite3.Connection, quote_id: str, *, order_date: str | None = None,
                     billing_address: str | None = None, shipping_address: str | None = None,
                     ship_to_billing: bool = False) -> str:
    """Make a sales order from an accepted quote, copying its lines (experiment 8). Returns its id.

    The addresses default to the account's; ``ship_to_billing=True`` copies the billing address
    into the shipping address (the lab form's copy-address button).

    >>> db = connect(":memory:")
    >>> order_from_quote(db, "QU-0002")
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'quotes', column 'stage': quote 'QU-0002' is 'rejected', not accepted; nothing was saved. Fix: only an accepted quote becomes an order; if the customer accepted, first crm.edit(db, 'quotes', 'QU-0002', stage='accepted').
    """
    _check_conn(conn)
    with _writing(conn, "sales_orders"):
        k = _key_tuple("quotes", quote_id)
        quote = _fetch(conn, "quotes", k)
        if quote is None:
            raise _unknown("quotes", k, conn)
        if quote["stage"] != "accepted":
            raise CRMError(f"quote {k[0]!r} is {quote['stage']!r}, not accepted", table="quotes", field="stage",
                           value=quote["stage"],
                           fix="only an accepted quote becomes an order; if the customer accepted, first "
                               f"crm.edit(db, 'quotes', {k[0]!r}, stage='accepted')")
        done = conn.execute("SELECT order_id FROM sales_orders WHERE quote_id = ? AND status <> 'cancelled'",
                            k).fetchone()
        if done:
            raise CRMError(f"quote {k[0]!r} already became order {done[0]}", table="sales_orders", field="quote_id",
                           value=k[0], fix="work on that order (copy it for a repeat order)")
        bill, ship = conn.execute("SELECT billing_address, shipping_address FROM accounts WHERE account_id = ?",
                                  (quote["account_id"],)).fetchone()
        bill = billing_address if billing_address is not None else bill
        ship = shipping_address if shipping_address is not None else ship
        if ship_to_billing:
            ship = bill
        for field, value in (("billing_address", bill), ("shipping_address", ship)):
            if value is None:
                raise CRMError(f"account {quote['account_id']} has no {field.replace('_', ' ')} on file",
                               table="sales_orders", field=field, value=None,
                               fix=f"pass {field}='...' (or store it on the account with crm.edit(db, 'accounts', "
                                   f"{quote['account_id']!r}, {field}='...'))")
        day = _date_or_today("sales_orders", "order_date", order_date)
        if day < quote["quote_date"]:
            raise CRMError(f"the order date {day} is before the quote date {quote['quote_date']}",
                           table="sales_orders", field="order_date", value=day, fix="give a later order_date")
        order = _prepare_new(conn, "sales_orders", {
            "quote_id": k[0], "account_id": quote["account_id"], "contact_id": quote["contact_id"],
            "owner": quote["owner"], "order_date": day, "status": "created", "billing_address": bill,
            "shipping_address": ship})
        _insert(conn, "sales_orders", order)
        conn.execute("INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, unit_price, discount_pct) "
                     "SELECT ?, line_no, product_id, quantity, unit_price, discount_pct FROM quote_lines "
                     "WHERE quote_id = ? ORDER BY line_no", (order["order_id"], k[0]))
    return order["order_id"]


def invoice_order(conn: sqlite3.Connection, order_id: str, *, invoice_date: str | None = None,
                  payment_days: int = 30) -> str:
    """Invoice an approved or delivered sales order for its total (experiment 9). Returns the id.

    >>> db = connect(":memory:")
    >>> invoice_order(db, "SO-0001")
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'invoices', column 'order_id': order 'SO-0001' already has invoice IN-0001; nothing was saved. Fix: an order is invoiced once; look at the existing invoice.
    """
    _check_conn(conn)
    with _writing(conn, "invoices"):
        k = _key_tuple("sales_orders", order_id)
        order = _fetch(conn, "sales_orders", k)
        if order is None:
            raise _unknown("sales_orders", k, conn)
        done = conn.execute("SELECT invoice_id FROM invoices WHERE order_id = ?", k).fetchone()
        if done:
            raise CRMError(f"order {k[0]!r} already has invoice {done[0]}", table="invoices", field="order_id",
                           value=k[0], fix="an order is invoiced once; look at the existing invoice")
        if order["status"] not in ("approved", "delivered"):
            raise CRMError(f"order {k[0]!r} is {order['status']!r}", table="sales_orders", field="status",
                           value=order["status"],
                           fix="invoice approved or delivered orders only; approve it first with "
                               f"crm.edit(db, 'sales_orders', {k[0]!r}, status='approved')")
        day = _date_or_today("invoices", "invoice_date", invoice_date)
        days = _clean("invoices", "payment_days", payment_days, {"type": "int", "min": 0, "max": 365})
        total = totals(conn, "sales_orders").get(k[0], 0.0)
        invoice = _prepare_new(conn, "invoices", {
            "order_id": k[0], "account_id": order["account_id"], "invoice_date": day,
            "due_date": (_dt.date.fromisoformat(day) + _dt.timedelta(days=days)).isoformat(),
            "amount": round(float(total), 2), "status": "created"})
        _insert(conn, "invoices", invoice)
    return invoice["invoice_id"]


def totals(conn: sqlite3.Connection, table: str = "quotes") -> pd.Series:
    """Total of each quote, sales order or purchase order: Σ quantity × price × (1 − discount).

    >>> totals(connect(":memory:"), "sales_orders").round(2).head(2).to_dict()
    {'SO-0001': 345600.0, 'SO-0002': 15120.0}
    """
    _check_conn(conn)
    t = _table(table)
    if t not in _LINES:
        raise CRMError(f"{t} has no lines to add up", table=t, fix="use 'quotes', 'sales_orders' or 'purchase_orders'")
    lines = _LINES[t]
    key = _KEYS[t][0]
    price = "unit_cost" if t == "purchase_orders" else "unit_price * (1 - discount_pct / 100.0)"
    frame = query(conn, f"SELECT d.{key} AS id, COALESCE(SUM(l.quantity * {price}), 0) AS total "
                        f"FROM {t} d LEFT JOIN {lines} l ON l.{key} = d.{key} GROUP BY d.{key} ORDER BY d.{key}")
    return frame.set_index("id")["total"].rename("total").rename_axis(key).round(2)


# ---------------------------------------------------------------------------- service and reports

def ticket_hours(conn: sqlite3.Connection) -> pd.DataFrame:
    """The tickets with their resolution time in hours (empty while a ticket is not closed).

    >>> t = ticket_hours(connect(":memory:"))
    >>> t.loc[t["ticket_id"] == "TK-0001", "hours"].round(2).item()
    25.13
    """
    return query(conn, "SELECT t.*, ROUND((julianday(closed_at) - julianday(opened_at)) * 24, 4) AS hours "
                       "FROM tickets t ORDER BY ticket_id")


def service_summary(conn: sqlite3.Connection, by: str = "priority") -> pd.DataFrame:
    """Tickets per group: how many, how many still open, median hours to resolve, satisfaction.

    ``by`` is a ticket field such as ``"priority"``, ``"category"``, ``"channel"`` or
    ``"assigned_to"``.

    >>> service_summary(connect(":memory:")).loc["urgent", "tickets"]
    np.int64(33)
    """
    _check_conn(conn)
    if not isinstance(by, str) or by not in _columns("tickets"):
        raise CRMError(f"cannot group tickets by {str(by)[:30]!r}", table="tickets", field=str(by)[:30],
                       fix="use a ticket field, e.g. 'priority', 'category', 'channel' or 'assigned_to'")
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


_REPORT_ROWS = {"owner": "u.name", "account": "a.name", "industry": "a.industry", "region": "a.region",
                "month": "substr(act.start_date, 1, 7)", "type": "act.type", "kind": "act.kind",
                "status": "act.status"}


def activity_report(conn: sqlite3.Connection, *, rows: str = "owner", columns: str = "type",
                    start: str | None = None, end: str | None = None, owner: str | None = None,
                    account_id: str | None = None, status: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The lab's report (experiment 11): activities counted by ``rows`` × ``columns``.

    Primary module: activities; related modules: accounts and users. ``rows`` and ``columns``
    are one of ``owner``, ``account``, ``industry``, ``region``, ``month``, ``type``, ``kind``,
    ``status``. Filters: dates ``start`` … ``end`` (inclusive, on ``start_date``), one
    ``owner`` (user id), one ``account_id``, a ``status`` or a list of them. Returns a table
    with a ``Total`` row and column.

    >>> r = activity_report(connect(":memory:"), rows="owner", columns="kind",
    ...                     start="2025-01-01", end="2025-03-31", owner="HX-R04")
    >>> int(r.loc["Total", "Total"])
    31
    """
    _check_conn(conn)
    for name, value in (("rows", rows), ("columns", columns)):
        if not isinstance(value, str) or value not in _REPORT_ROWS:
            raise CRMError(f"cannot group the report by {str(value)[:30]!r} ({name})", table="activities",
                           fix="use one of: " + ", ".join(_REPORT_ROWS))
    if rows == columns:
        raise CRMError("rows and columns are the same field", table="activities", fix="choose two different fields")
    where, params = [], []
    for field, value, op in (("start_date", start, ">="), ("start_date", end, "<=")):
        if value is not None:
            where.append(f"act.start_date {op} ?")
            params.append(_clean("activities", field, value, _spec("activities")["columns"][field]))
    for field, value in (("owner", owner), ("account_id", account_id)):
        if value is not None:
            where.append(f"act.{field} = ?")
            params.append(_clean("activities", field, value, _spec("activities")["columns"][field]))
    if status is not None:
        wanted = [status] if isinstance(status, str) else list(status) if isinstance(status, Iterable) else [status]
        spec = _spec("activities")["columns"]["status"]
        wanted = [_clean("activities", "status", s, spec) for s in wanted]
        where.append(f"act.status IN ({', '.join('?' * len(wanted))})")
        params.extend(wanted)
    sql = (f"SELECT {_REPORT_ROWS[rows]} AS r, {_REPORT_ROWS[columns]} AS c, COUNT(*) AS n "
           "FROM activities act JOIN accounts a ON a.account_id = act.account_id "
           "JOIN users u ON u.user_id = act.owner"
           + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY r, c")
    found = query(conn, sql, params)
    table = found.pivot_table(index="r", columns="c", values="n", aggfunc="sum", fill_value=0,
                              margins=True, margins_name="Total")
    table = table.rename_axis(index=rows, columns=columns).astype("int64")
    return table


def sales_funnel(conn: sqlite3.Connection, start: str = "2025-01-01", end: str = "2025-12-31") -> pd.Series:
    """How many records each step of the sales flow produced between ``start`` and ``end``:
    leads → converted leads → opportunities → quotes → sales orders → invoices → paid invoices.

    >>> sales_funnel(connect(":memory:")).to_dict()["leads"]
    139
    """
    _check_conn(conn)
    a = _clean("leads", "created_date", start, {"type": "date"})
    b = _clean("leads", "created_date", end, {"type": "date"})
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
        out[step] = conn.execute(f"SELECT COUNT(*) FROM {t} WHERE {col} BETWEEN ? AND ?{extra}", (a, b)).fetchone()[0]
    return pd.Series(out, name="records", dtype="int64")
