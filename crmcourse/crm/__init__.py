"""The CRM lab (CRM系统实验): a small CRM in a real SQLite database, module 5.

The lab follows the twelve experiments of a classic CRM-software course (products, suppliers and
price lists; accounts; contacts; opportunities; leads; activities; quotes; purchase and sales
orders; invoices; service tickets and FAQ; reports; memos) on Huaxin Office Systems' data.

* :func:`connect` opens the lab database, building it from the shipped CSVs (``data/crm/``) when
  it does not exist yet. By default it is the file ``crm_lab.sqlite`` in your working folder
  (the notebook's folder; set the environment variable ``CRMCOURSE_WORKDIR`` to put it
  elsewhere). ``connect(fresh=True)`` throws your changes away and starts again from the shipped
  data, which itself is never modified. ``connect(":memory:")`` gives a throw-away database.
* :data:`SCHEMA` is the database's SQL (the file ``crmcourse/crm/schema.sql``): tables with
  primary and foreign keys and CHECK constraints that reject impossible rows, and the indexes
  the lab's reports use.
* :func:`add`, :func:`edit`, :func:`copy` and :func:`delete` change records the way the lab's
  screens do, after validating every value; :func:`convert_lead`, :func:`add_quote`,
  :func:`order_from_quote` and :func:`invoice_order` run the sales flow;
  :func:`import_csv` and :func:`export_csv` are the tools panel's *Import* and *Export all*.
* :func:`query` runs a SELECT and returns a DataFrame (``pandas.read_sql`` underneath); a
  runaway query stops after :data:`QUERY_TIMEOUT` seconds or when you interrupt the kernel.

Every helper either does all of its work or none of it: on any problem it rolls back and raises
:class:`CRMError` (a :class:`~crmcourse.errors.CourseDataError`) naming the table, the field, the
value and the fix.

The package's modules: ``db`` (the file, building it, indexes), ``records`` (get, add, edit,
copy, delete), ``sales`` (the sales flow and totals), ``io`` (CSV export and import),
``reports`` (queries and the lab's reports) and ``plots`` (their charts). Two names kept from
before the split mean the same as the clearer ones: ``TABLES`` is :data:`LAB_TABLES` (the
tuple of the lab's table names) and ``tables()`` is :func:`lab_tables` (the table overview).

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

from ._common import DB_NAME, EXPERIMENTS, LAB_TABLES, SCHEMA, SCHEMA_VERSION, TODAY, CRMError
from .db import build, connect, create_indexes, drop_indexes, index_names, lab_path
from .io import export_csv, import_csv
from .records import add, copy, delete, edit, get
from .reports import (QUERY_TIMEOUT, activity_report, counts, describe, lab_tables, query, sales_funnel,
                      service_summary, ticket_hours)
from .sales import add_quote, convert_lead, invoice_order, order_from_quote, totals

#: Alias of :data:`LAB_TABLES` (the lab's table names), kept for notebooks written before the rename.
TABLES = LAB_TABLES
#: Alias of :func:`lab_tables` (one row per table), kept for notebooks written before the rename.
tables = lab_tables

__all__ = [
    "CRMError",
    "SCHEMA",
    "SCHEMA_VERSION",
    "LAB_TABLES",
    "TABLES",
    "EXPERIMENTS",
    "TODAY",
    "DB_NAME",
    "QUERY_TIMEOUT",
    "lab_path",
    "connect",
    "build",
    "lab_tables",
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
