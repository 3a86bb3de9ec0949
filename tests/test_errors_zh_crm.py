"""Issue 15: the CRM lab's errors (crmcourse.crm) follow the language (crmcourse.set_language).

Every CRMError raised by the database file helpers, the value checks, the sales flow, the CSV
import/export and the reports is Chinese prose with a Chinese fix under ``set_language("zh")``,
and still names the table, the field and the value as written; in English it is unchanged,
word for word. The Chinese assertions look for CJK text and the values, not for exact wording.
"""
from __future__ import annotations

import pandas as pd
import pytest
from zh_errors import CJK, chinese, english, english_unless_set, raised  # noqa: F401 - english_unless_set is an autouse fixture

import crmcourse
from crmcourse import crm, i18n
from crmcourse.crm import _store
from crmcourse.crm._common import spec


@pytest.fixture(scope="module")
def db():
    conn = crm.connect(":memory:")
    yield conn
    conn.close()


def lines_rules():
    return spec("quote_lines")["columns"]["quantity"]


# Each case: a call that raises, and the texts its message names in either language.
CASES = {
    # the value checks every helper shares (crmcourse/crm/_store.py)
    "value below the minimum": (lambda db, tmp: _store.clean_value("quote_lines", "quantity", -3, lines_rules()),
                                ["quantity", "-3", "1"]),
    "number given as text": (lambda db, tmp: _store.clean_value("quote_lines", "quantity", "ten", lines_rules()),
                             ["quantity", "'ten'", "quantity=3"]),
    "not a date": (lambda db, tmp: _store.clean_value("quotes", "quote_date", "2025-13-01", {"type": "date"}),
                   ["quote_date", "'2025-13-01'", "'2025-03-04'"]),
    "not an allowed value": (lambda db, tmp: crm.add(db, "leads", company="Boya", name="Gao Jun", source="radio",
                                                     owner="HX-R05"), ["source", "'radio'", "trade fair"]),
    "unknown field": (lambda db, tmp: crm.add(db, "accounts", nmae="Boya"), ["'nmae'", "'name'", "crm.describe"]),
    "id not text": (lambda db, tmp: _store.key_tuple("accounts", 3), ["account_id", "'HX-A0001'", "int 3"]),
    "unknown id": (lambda db, tmp: crm.convert_lead(db, "LD-9999", product_line="consumables"),
                   ["leads", "lead_id", "'LD-9999'", "crm.query"]),
    "unknown reference": (lambda db, tmp: crm.add(db, "contacts", account_id="HX-A9999", name="Ma Lan"),
                          ["accounts", "account_id", "'HX-A9999'"]),
    "database refusal": (lambda db, tmp: (_ for _ in ()).throw(
        _store.translate(__import__("sqlite3").IntegrityError("FOREIGN KEY constraint failed"), "accounts")),
                         ["accounts"]),
    # the sales flow (crmcourse/crm/sales.py)
    "lead already converted": (lambda db, tmp: crm.convert_lead(db, "LD-0025", product_line="consumables"),
                               ["'LD-0025'", "leads", "status"]),
    "quote without lines": (lambda db, tmp: crm.add_quote(db, "HX-A0002", []), ["quote_lines", "PR-001"]),
    "malformed quote line": (lambda db, tmp: crm.add_quote(db, "HX-A0002", [("PR-003", 4, 1, 2)]),
                             ["1", "product_id", "'PR-001'"]),
    "quote not accepted": (lambda db, tmp: crm.order_from_quote(db, "QU-0002"),
                           ["'QU-0002'", "'rejected'", "crm.edit(db, 'quotes', 'QU-0002', stage='accepted')"]),
    "ship_to_billing not a bool": (lambda db, tmp: crm.order_from_quote(db, "QU-0001", ship_to_billing="yes"),
                                   ["ship_to_billing", "'yes'", "ship_to_billing=True"]),
    "order already invoiced": (lambda db, tmp: crm.invoice_order(db, "SO-0001"), ["'SO-0001'", "IN-0001"]),
    "totals of a table without lines": (lambda db, tmp: crm.totals(db, "accounts"), ["accounts", "'quotes'"]),
    # the reports (crmcourse/crm/reports.py)
    "query that writes": (lambda db, tmp: crm.query(db, "DELETE FROM accounts"), ["query()", "crm.edit"]),
    "query with a misspelt table": (lambda db, tmp: crm.query(db, "SELECT * FROM acounts"),
                                    ["acounts", "crm.describe(db, 'table')"]),
    "bad timeout": (lambda db, tmp: crm.query(db, "SELECT 1", timeout=-1), ["timeout", "-1", "timeout=None"]),
    "service summary by a non-field": (lambda db, tmp: crm.service_summary(db, "colour"),
                                       ["'colour'", "tickets", "'priority'"]),
    "report by an unknown field": (lambda db, tmp: crm.activity_report(db, rows="ownr"),
                                   ["'ownr'", "rows", "owner, account"]),
    "report rows equal columns": (lambda db, tmp: crm.activity_report(db, rows="type", columns="type"),
                                  ["rows", "columns", "activities"]),
    "funnel dates swapped": (lambda db, tmp: crm.sales_funnel(db, "2025-12-31", "2025-01-01"),
                             ["2025-12-31", "2025-01-01", "start"]),
    # the database file (crmcourse/crm/db.py)
    "another server": (lambda db, tmp: crm.connect(url="mysql://host/db"), ["'mysql://host/db'", "sqlite:///"]),
    "fresh not a bool": (lambda db, tmp: crm.connect(":memory:", fresh="yes"), ["fresh", "str", "fresh=True"]),
    "path and url": (lambda db, tmp: crm.connect("a.sqlite", url="sqlite:///b.sqlite"), ["path", "url"]),
    "path is a folder": (lambda db, tmp: crm.connect(tmp), ["crm_lab.sqlite"]),
    "not a lab database": (lambda db, tmp: crm.connect(_write(tmp / "other.sqlite", b"not a database at all" * 100)),
                           ["SQLite", "crm.connect(fresh=True)"]),
    "tables not a mapping": (lambda db, tmp: crm.build(":memory:", tables=3), ["tables", "int", "DataFrame"]),
    "tables missing": (lambda db, tmp: crm.build(":memory:", tables={"users": pd.DataFrame()}),
                       ["suppliers", "crmcourse.cases.generate('crm')"]),
    "indexes not a bool": (lambda db, tmp: crm.build(":memory:", indexes="no"), ["indexes", "str", "indexes=False"]),
    # the CSV tools (crmcourse/crm/io.py)
    "export to a folder": (lambda db, tmp: crm.export_csv(db, "suppliers", tmp), [".csv"]),
    "export with an unknown encoding": (lambda db, tmp: crm.export_csv(db, "suppliers", tmp / "s.csv",
                                                                       encoding="klingon"),
                                        ["'klingon'", "'utf-8-sig'"]),
    "export with a narrow encoding": (lambda db, tmp: crm.export_csv(db, pd.DataFrame({"name": ["华信"]}),
                                                                     tmp / "s.csv", encoding="ascii"),
                                      ["'ascii'", "'utf-8-sig'"]),
    "import a missing file": (lambda db, tmp: crm.import_csv(db, "leads", tmp / "nope.csv"), ["nope.csv"]),
    "import an unknown column": (lambda db, tmp: crm.import_csv(db, "leads", _write(
        tmp / "new.csv", b"company,colour\nBoya,red\n")), ["new.csv", "'colour'", "crm.describe(db, 'leads')"]),
    "import a column twice": (lambda db, tmp: crm.import_csv(db, "leads", _write(
        tmp / "twice.csv", b"company,company\nBoya,Boya\n")), ["twice.csv", "'company'"]),
    "import a bad row": (lambda db, tmp: crm.import_csv(db, "leads", _write(
        tmp / "rows.csv", b"company,name,source,owner\nBoya,Gao Jun,trade fair,HX-R99\n")),
                         ["rows.csv", "owner", "'HX-R99'"]),
}


def _write(path, content: bytes):
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_crm_errors_are_chinese_and_name_the_thing(case, db, tmp_path):
    call, shown = CASES[case]
    crmcourse.set_language("zh")
    chinese(raised(call, db, tmp_path), *shown)


@pytest.mark.parametrize("case", list(CASES))
def test_crm_errors_stay_english_in_english(case, db, tmp_path):
    call, shown = CASES[case]
    text = english(raised(call, db, tmp_path))
    assert ". Fix: " in text
    for part in shown:
        assert part in text, (part, text)


def test_english_messages_unchanged_word_for_word(db, tmp_path):
    assert str(raised(_store.clean_value, "quote_lines", "quantity", -3, lines_rules())) == (
        "CRM table 'quote_lines', column 'quantity': quantity -3 is below the minimum 1. "
        "Fix: give quantity of at least 1.")
    assert str(raised(crm.order_from_quote, db, "QU-0002")) == (
        "CRM table 'quotes', column 'stage': quote 'QU-0002' is 'rejected', not accepted; nothing was saved. "
        "Fix: only an accepted quote becomes an order; if the customer accepted, first "
        "crm.edit(db, 'quotes', 'QU-0002', stage='accepted').")
    assert str(raised(crm.add, db, "accounts", nmae="Boya")) == (
        "CRM table 'accounts', column 'nmae': accounts has no field 'nmae'; nothing was saved. "
        "Fix: did you mean 'name'? Otherwise, crm.describe(db, 'accounts') lists the fields.")
    assert str(raised(crm.query, db, "DELETE FROM accounts")) == (
        "query() only reads (SELECT or WITH ... SELECT). Fix: change data with crm.add, crm.edit, crm.copy or "
        "crm.delete.")
    assert str(raised(crm.build, ":memory:", tables={"users": pd.DataFrame()})).startswith(
        "no data for the tables suppliers, products, ")
    assert str(raised(crm.connect, ":memory:", fresh="yes")) == (
        "fresh should be True or False, got str. Fix: e.g. fresh=True.")
    assert str(raised(crm.activity_report, db, rows="type", columns="type")) == (
        "CRM table 'activities': rows and columns are the same field. Fix: choose two different fields.")
    assert str(raised(crm.import_csv, db, "leads", tmp_path / "nope.csv")) == (
        f"{str(tmp_path / 'nope.csv')[:200]}: file not found. "
        "Fix: check the path (relative paths start from the notebook's folder).")


def test_chinese_hint_keeps_the_suggested_names(db):
    crmcourse.set_language("zh")
    text = chinese(raised(crm.add, db, "accounts", nmae="Boya"), "'nmae'", "'name'")
    assert "did you mean" not in text and "Otherwise" not in text
    text = chinese(raised(crm.convert_lead, db, "LD-0O25", product_line="consumables"), "'LD-0O25'")
    assert "did you mean" not in text


def test_interrupted_query_message_is_translated():
    crmcourse.set_language("zh")
    assert CJK.search(i18n._("crm.query was interrupted; the statement stopped and nothing changed"))


def test_a_broken_table_rule_explains_itself_in_chinese(tmp_path):
    """A CHECK rule of the lab's schema (crm/_common.CHECK_HELP) gives its advice in the language too."""
    conn = crm.connect(tmp_path / "rules.sqlite")
    try:
        won = crm.query(conn, "SELECT opportunity_id FROM opportunities WHERE stage = 'Closed Won' LIMIT 1")
        oid = won["opportunity_id"].iloc[0]
        err = raised(crm.edit, conn, "opportunities", oid, closed_date=None)
        assert english(err).endswith("Fix: a deal in Closed Won or Closed Lost needs a closed_date, and an open "
                                     "deal must not have one.")
        crmcourse.set_language("zh")
        text = chinese(raised(crm.edit, conn, "opportunities", oid, closed_date=None), "closed_date", "Closed Won")
        assert "a deal in" not in text
    finally:
        conn.close()


def test_no_english_description_inside_a_chinese_message(tmp_path):
    """The data dictionary's column descriptions are English: an English message shows them, a Chinese
    one leaves them out rather than mixing in an English sentence."""
    conn = crm.connect(tmp_path / "required.sqlite")
    try:
        def missing_owner():
            return raised(crm.add, conn, "opportunities", name="x", account_id="HX-A0002", stage="Prospecting",
                          amount=10.0)

        assert english(missing_owner()).endswith("Fix: give owner=... (Account manager responsible).")
        crmcourse.set_language("zh")
        text = chinese(missing_owner(), "owner=...")
        assert "Account manager" not in text
        crmcourse.set_language("zh")
        empty = chinese(raised(crm.add, conn, "contacts", name=""), "name")
        assert "fictional" not in empty
    finally:
        conn.close()
