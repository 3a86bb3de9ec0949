"""The CRM lab database (module 5): schema constraints, all-or-nothing helpers, the sales flow.

What must hold: the schema refuses impossible rows on its own (even through raw SQL); every
helper validates first and, on any problem, leaves the database exactly as it was and raises a
CRMError (a CourseDataError) naming table, field, value and fix; lead conversion is atomic;
the shipped data is never modified; a runaway query stops; exports are safe to open in a
spreadsheet; a locked file and an interrupted build are handled. (Hostile input — hypothesis
throwing every kind of bad value at every helper — is tests/hostile/test_crm.py.)
"""
from __future__ import annotations

import csv
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmcourse import cases, constants, crm, data
from crmcourse.crm import CRMError
from crmcourse.errors import CourseDataError

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture()
def db():
    conn = crm.connect(":memory:")
    yield conn
    conn.close()


def _snapshot(conn) -> dict:
    """Every row of every table: proves that nothing at all changed, not just the counts."""
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in crm.TABLES}


# ----------------------------------------------------------------------------- schema
def test_schema_matches_the_data_dictionary(db):
    for t in crm.TABLES:
        in_db = [r[1] for r in db.execute(f"PRAGMA table_info({t})")]
        assert in_db == list(data.schema(f"crm_{t}")["columns"]), t
        fks = {(r[3], f"{r[2]}.{r[4]}") for r in db.execute(f"PRAGMA foreign_key_list({t})")}
        refs = {(c, s["references"][4:]) for c, s in data.schema(f"crm_{t}")["columns"].items()
                if s.get("references")}
        assert fks == refs, t


def test_database_holds_the_shipped_csvs_and_is_consistent(db):
    counts = crm.counts(db)
    for t in crm.TABLES:
        assert counts[t] == len(data.load(f"crm_{t}")), t
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'")}
    assert names == set(crm.index_names()) and len(names) >= 10


BAD_ROWS = [
    # (description, SQL) — each must be refused by the database itself
    ("quote line for an unknown product",
     "INSERT INTO quote_lines VALUES ('QU-0001', 9, 'PR-999', 1, 10.0, 0)"),
    ("negative quantity", "INSERT INTO quote_lines VALUES ('QU-0001', 9, 'PR-001', -3, 10.0, 0)"),
    ("zero quantity on a sales order", "INSERT INTO sales_order_lines VALUES ('SO-0001', 9, 'PR-001', 0, 10.0, 0)"),
    ("discount above 100%", "INSERT INTO quote_lines VALUES ('QU-0001', 9, 'PR-001', 1, 10.0, 120)"),
    ("line of a quote that does not exist", "INSERT INTO quote_lines VALUES ('QU-9999', 1, 'PR-001', 1, 10.0, 0)"),
    ("duplicate key", "INSERT INTO suppliers VALUES ('SU-01', 'X', 'Y', 'Z', '1', 'a@b.c', 30)"),
    ("text in an integer column (STRICT)", "INSERT INTO quote_lines VALUES ('QU-0001', 9, 'PR-001', 'many', 1.0, 0)"),
    ("impossible date", "UPDATE accounts SET created_date = '2025-02-30' WHERE account_id = 'HX-A0002'"),
    ("impossible time", "UPDATE tickets SET opened_at = '2025-02-30 10:00' WHERE ticket_id = 'TK-0001'"),
    ("date in another format", "UPDATE accounts SET created_date = '02/03/2025' WHERE account_id = 'HX-A0002'"),
    ("unknown industry", "UPDATE accounts SET industry = 'retail' WHERE account_id = 'HX-A0002'"),
    ("account owned by nobody", "UPDATE accounts SET owner = 'HX-R99' WHERE account_id = 'HX-A0002'"),
    ("event with a due date",
     "INSERT INTO activities VALUES ('AV-X', 'event', 'call', 'x', 'HX-A0002', NULL, NULL, 'HX-R04', "
     "'2025-01-01', '2025-01-05', 30, 'held', NULL)"),
    ("task with an event status",
     "INSERT INTO activities VALUES ('AV-X', 'task', 'follow-up', 'x', 'HX-A0002', NULL, NULL, 'HX-R04', "
     "'2025-01-01', '2025-01-05', NULL, 'held', 'low')"),
    ("converted lead without its records", "UPDATE leads SET status = 'converted' WHERE lead_id = 'LD-0054'"),
    ("closed ticket without a closing time",
     "UPDATE tickets SET status = 'closed', closed_at = NULL WHERE ticket_id = 'TK-0001'"),
    ("ticket closed before it opened",
     "UPDATE tickets SET closed_at = '2024-01-01 10:00' WHERE ticket_id = 'TK-0001'"),
    ("paid invoice without a payment date", "UPDATE invoices SET paid_date = NULL WHERE status = 'paid'"),
    ("a second invoice for one order",
     "INSERT INTO invoices VALUES ('IN-X', 'SO-0001', 'HX-A0002', '2025-05-01', '2025-05-31', 10.0, 'sent', NULL)"),
    ("open deal with a closed date",
     "UPDATE opportunities SET closed_date = '2025-12-01' WHERE stage = 'Prospecting'"),
    ("negative price", "UPDATE products SET list_price = -5 WHERE product_id = 'PR-001'"),
    ("deleting an account others refer to", "DELETE FROM accounts WHERE account_id = 'HX-A0002'"),
]


@pytest.mark.parametrize("what,sql", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_schema_constraints_reject_impossible_rows(db, what, sql):
    before = _snapshot(db)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(sql)
    assert _snapshot(db) == before


def test_deleting_a_quote_deletes_its_lines(db):
    n = db.execute("SELECT COUNT(*) FROM quote_lines WHERE quote_id = 'QU-0002'").fetchone()[0]
    assert n >= 1
    db.execute("DELETE FROM sales_orders WHERE quote_id = 'QU-0002'")  # none: a rejected quote
    crm.delete(db, "quotes", "QU-0002")
    assert db.execute("SELECT COUNT(*) FROM quote_lines WHERE quote_id = 'QU-0002'").fetchone()[0] == 0


# ----------------------------------------------------------------------------- the database file
def _shipped_sums() -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((DATA / "crm").glob("*.csv"))}


def test_connect_default_is_a_fresh_copy_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMCOURSE_WORKDIR", str(tmp_path))
    shipped = _shipped_sums()
    db = crm.connect()
    assert (tmp_path / crm.DB_NAME).exists()
    crm.add(db, "memos", account_id="HX-A0002", title="Note", note="Kept", author="HX-R04")
    db.close()
    again = crm.connect()  # reopening keeps the learner's work
    assert crm.counts(again)["memos"] == 61
    again.close()
    fresh = crm.connect(fresh=True)  # ... and fresh=True starts over
    assert crm.counts(fresh)["memos"] == 60
    fresh.close()
    assert _shipped_sums() == shipped, "the shipped CSVs must never change"
    assert not list(tmp_path.glob(".*building")), "no half-built file left behind"


def test_fresh_works_while_the_old_file_is_open(tmp_path, monkeypatch):
    """On Windows an open database file cannot be renamed over; fresh=True then copies into it."""
    path = tmp_path / "lab.sqlite"
    old = crm.connect(path)
    crm.add(old, "memos", account_id="HX-A0002", title="Note", note="Mine", author="HX-R04")

    def refuse(src, dst):
        raise PermissionError("the file is in use")

    monkeypatch.setattr(crm.db.os, "replace", refuse)
    new = crm.connect(path, fresh=True)
    assert crm.counts(new)["memos"] == 60 and crm.counts(old)["memos"] == 60  # both see the fresh data
    assert not list(tmp_path.glob(".*building"))
    old.close()
    new.close()


def test_connect_refuses_bad_targets(tmp_path):
    with pytest.raises(CRMError, match="shipped data"):
        crm.connect(DATA / "crm" / "lab.sqlite")
    with pytest.raises(CRMError, match="folder"):
        crm.connect(tmp_path)
    with pytest.raises(CRMError, match="only SQLite"):
        crm.connect(url="postgresql://server/crm")
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    with pytest.raises(CRMError, match="fresh=True"):
        crm.connect(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.commit()
    with pytest.raises(CRMError, match="fresh=True"):
        crm.connect(other)
    db = crm.connect(url=f"sqlite:///{tmp_path / 'u.sqlite'}")
    assert crm.counts(db)["accounts"] == 80
    with pytest.raises(CRMError, match="connection"):
        crm.counts("crm_lab.sqlite")
    db.close()
    with pytest.raises(CRMError, match="closed"):
        crm.counts(db)


def test_build_from_generated_tables_at_another_size():
    frames = cases.generate("crm", size=0.05)
    db = crm.build(":memory:", frames, indexes=False)
    n = crm.counts(db)
    assert n["activities"] == len(frames["crm_activities"]) < 1200
    assert n["accounts"] == 80
    assert not {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'")}
    with pytest.raises(CRMError, match="no data"):
        crm.build(":memory:", {"crm_users": frames["crm_users"]})


# ----------------------------------------------------------------------------- clear errors
def test_errors_name_table_field_value_and_fix(db):
    cases_ = [
        (lambda: crm.get(db, "accounts", "HX-A9999"), "accounts", "account_id", "HX-A9999", "lists them"),
        (lambda: crm.add(db, "contacts", name="Fang Lei"), "contacts", "account_id", None, "account_id"),
        (lambda: crm.add(db, "quote_lines", quote_id="QU-0001", product_id="PR-001", quantity="3", unit_price=1.0),
         "quote_lines", "quantity", "3", "without quotes"),
        (lambda: crm.add(db, "suppliers", supplier_id="SU-01", name="X", city="Y", contact_name="Z", phone="1",
                         email="a@b.c"), "suppliers", "supplier_id", "SU-01", "next free one"),
        (lambda: crm.edit(db, "tickets", "TK-0001", priority="critical"), "tickets", "priority", "critical",
         "urgent"),
        (lambda: crm.add(db, "accounts", name="X", industry="hospital", region="east", owner="HX-R4"),
         "accounts", "owner", "HX-R4", "HX-R04"),
    ]
    for call, table, field, value, fix in cases_:
        with pytest.raises(CRMError) as info:
            call()
        err = info.value
        assert isinstance(err, CourseDataError)
        assert (err.table, err.field, err.value) == (table, field, value), str(err)
        assert fix in str(err) and "Fix:" in str(err), str(err)


def test_unknown_tables_and_fields_are_named(db):
    with pytest.raises(CRMError, match="did you mean 'accounts'"):
        crm.get(db, "acounts", "HX-A0002")
    with pytest.raises(CRMError, match="did you mean 'industry'"):
        crm.edit(db, "accounts", "HX-A0002", industy="bank")
    with pytest.raises(CRMError, match="cannot be edited"):
        crm.edit(db, "accounts", "HX-A0002", account_id="HX-A0001")
    with pytest.raises(CRMError, match="only reads"):
        crm.query(db, "UPDATE accounts SET name = 'x'")
    with pytest.raises(CRMError, match="no such column"):
        crm.query(db, "SELECT nme FROM accounts")


# ----------------------------------------------------------------------------- all or nothing
def test_failed_helpers_leave_the_database_unchanged(db):
    before = _snapshot(db)
    failing = [
        lambda: crm.add(db, "quote_lines", quote_id="QU-0001", product_id="PR-999", quantity=1, unit_price=1.0),
        lambda: crm.add(db, "quote_lines", quote_id="QU-0001", product_id="PR-001", quantity=-2, unit_price=1.0),
        lambda: crm.edit(db, "opportunities", "HX-O0001", stage="Prospecting"),  # closed date stays: a CHECK
        lambda: crm.edit(db, "leads", "LD-0054", status="converted"),
        lambda: crm.copy(db, "invoices", "IN-0001"),  # one invoice per order (UNIQUE)
        lambda: crm.copy(db, "quotes", "QU-9999"),
        lambda: crm.delete(db, "users", "HX-R04"),
        lambda: crm.add_quote(db, "HX-A0002", [("PR-001", 2), ("PR-031", 1)]),  # second line discontinued
        lambda: crm.add_quote(db, "HX-A0002", [("PR-001", 2), ("PR-023", 0)]),
        lambda: crm.add_quote(db, "HX-A0002", [("PR-013", 1)], price_list_id="PL-3"),  # not on that list
        lambda: crm.order_from_quote(db, "QU-0002"),
        lambda: crm.invoice_order(db, "SO-0001"),
        lambda: crm.convert_lead(db, "LD-0048", product_line="consumables"),  # no region
        lambda: crm.convert_lead(db, "LD-0054", product_line="printers"),
        lambda: crm.convert_lead(db, "LD-0054", product_line="consumables", amount=-1),
        lambda: crm.convert_lead(db, "LD-0001", product_line="consumables"),  # already converted
    ]
    for call in failing:
        with pytest.raises(CRMError, match="nothing was saved"):
            call()
        assert _snapshot(db) == before


def test_lead_conversion_is_atomic_even_when_the_last_step_fails(db):
    before = _snapshot(db)
    db.execute("CREATE TRIGGER refuse BEFORE UPDATE OF status ON leads "
               "BEGIN SELECT RAISE(ABORT, 'the lead table is locked'); END")
    with pytest.raises(CRMError, match="locked"):
        crm.convert_lead(db, "LD-0054", product_line="multifunction printers")
    db.execute("DROP TRIGGER refuse")
    assert _snapshot(db) == before  # no account, contact or opportunity was left behind
    out = crm.convert_lead(db, "LD-0054", product_line="multifunction printers")
    after = crm.counts(db) - pd.Series({t: len(before[t]) for t in crm.TABLES})
    assert after[after != 0].to_dict() == {"accounts": 1, "contacts": 1, "opportunities": 1}
    lead = crm.get(db, "leads", "LD-0054")
    assert lead["status"] == "converted" and lead["opportunity_id"] == out["opportunity_id"]
    opp = crm.get(db, "opportunities", out["opportunity_id"])
    assert opp["amount"] == 93000.0 and opp["probability"] == 20 and opp["lead_source"] == "partner"
    assert crm.get(db, "accounts", out["account_id"])["name"] == "Shengda Foreign Language School"


def test_convert_onto_an_existing_account(db):
    out = crm.convert_lead(db, "LD-0048", product_line="consumables", account_id="HX-A0002",
                           date="2025-12-15", expected_close_date="2026-02-01")
    assert out["account_id"] == "HX-A0002"
    assert crm.get(db, "contacts", out["contact_id"])["account_id"] == "HX-A0002"


def test_a_helper_inside_the_learners_own_transaction(db):
    """Savepoints nest: a failing helper undoes only its own work."""
    db.execute("BEGIN")
    crm.add(db, "memos", account_id="HX-A0002", title="Mine", note="Mine", author="HX-R04")
    with pytest.raises(CRMError):
        crm.add(db, "memos", account_id="HX-A9999", title="Bad", note="Bad", author="HX-R04")
    db.execute("COMMIT")
    assert crm.query(db, "SELECT COUNT(*) AS n FROM memos WHERE title = 'Mine'")["n"].item() == 1


# ----------------------------------------------------------------------------- edit vs copy
def test_edit_changes_one_record_copy_makes_a_new_one(db):
    n = crm.counts(db)
    crm.edit(db, "quotes", "QU-0001", stage="reviewed")
    assert crm.counts(db).equals(n)
    new = crm.copy(db, "quotes", "QU-0001", stage="created")
    diff = crm.counts(db) - n
    lines = db.execute("SELECT COUNT(*) FROM quote_lines WHERE quote_id = 'QU-0001'").fetchone()[0]
    assert diff[diff != 0].to_dict() == {"quotes": 1, "quote_lines": lines}
    assert crm.totals(db, "quotes")[new] == crm.totals(db, "quotes")["QU-0001"]
    copied_lead = crm.copy(db, "leads", "LD-0001")  # a copy of a converted lead is a new enquiry
    assert crm.get(db, "leads", copied_lead)["status"] == "new"
    line = crm.copy(db, "quote_lines", ("QU-0001", 1), quantity=2)
    assert line == ("QU-0001", lines + 1)


def test_add_fills_ids_probability_and_date(db):
    opp = crm.add(db, "opportunities", account_id="HX-A0002", owner="HX-R06", name="Extra trays",
                  product_line="multifunction printers", amount=3000, stage="Needs Analysis",
                  expected_close_date="2026-03-01")
    row = crm.get(db, "opportunities", opp)
    assert (row["probability"], row["created_date"]) == (25, crm.TODAY)
    assert crm.add(db, "quote_lines", quote_id="QU-0001", product_id="PR-006", quantity=1, unit_price=1500.0) \
        == ("QU-0001", 3)
    assert crm.edit(db, "accounts", "HX-A0002", industry="Bank")["industry"] == "bank"  # spelling normalised


# ----------------------------------------------------------------------------- the sales flow
def test_the_sales_flow_end_to_end(db):
    made = crm.convert_lead(db, "LD-0054", product_line="multifunction printers", amount=90_000)
    q = crm.add_quote(db, made["account_id"], [("PR-002", 6), ("PR-007", 6, 10)], opportunity_id=made["opportunity_id"],
                      price_list_id="PL-3", quote_date="2026-01-05")
    quote = crm.get(db, "quotes", q)
    assert quote["contact_id"] == made["contact_id"] and quote["valid_until"] == "2026-02-04"
    assert crm.totals(db, "quotes")[q] == pytest.approx(6 * 11800 * 0.85 + 6 * 600 * 0.85 * 0.9)
    with pytest.raises(CRMError, match="not accepted"):
        crm.order_from_quote(db, q)
    crm.edit(db, "quotes", q, stage="accepted")
    with pytest.raises(CRMError, match="no billing address on file"):  # a new account has no addresses
        crm.order_from_quote(db, q, order_date="2026-01-20")
    so = crm.order_from_quote(db, q, order_date="2026-01-20", billing_address="1 Xueyuan Road, Guangzhou",
                              ship_to_billing=True)
    order = crm.get(db, "sales_orders", so)
    assert order["shipping_address"] == order["billing_address"]
    with pytest.raises(CRMError, match="already became order"):
        crm.order_from_quote(db, q)
    with pytest.raises(CRMError, match="approve it first"):
        crm.invoice_order(db, so)
    crm.edit(db, "sales_orders", so, status="delivered")
    inv = crm.invoice_order(db, so, invoice_date="2026-01-25")
    invoice = crm.get(db, "invoices", inv)
    assert invoice["amount"] == pytest.approx(crm.totals(db, "quotes")[q])
    assert invoice["due_date"] == "2026-02-24"


def test_shipped_documents_are_consistent(db):
    inv = crm.query(db, "SELECT order_id, amount FROM invoices").set_index("order_id")["amount"]
    assert np.allclose(inv, crm.totals(db, "sales_orders")[inv.index])
    orders = crm.query(db, "SELECT o.order_id, q.stage FROM sales_orders o JOIN quotes q USING (quote_id)")
    assert (orders["stage"] == "accepted").all()
    won = crm.query(db, "SELECT o.opportunity_id FROM quotes q JOIN opportunities o USING (opportunity_id) "
                        "WHERE q.stage = 'accepted'")
    assert len(won) == len(orders)
    leads = crm.query(db, "SELECT l.source, o.lead_source FROM leads l JOIN opportunities o USING (opportunity_id)")
    assert len(leads) >= 20 and (leads["source"] == leads["lead_source"]).all()


def test_planted_structure_for_the_notebooks(db):
    s = crm.service_summary(db, "priority")
    assert list(s.index) == ["urgent", "high", "normal", "low"]
    assert s["median_hours"].is_monotonic_increasing
    c = crm.service_summary(db, "category")
    assert c["median_hours"].idxmin() == "consumables"
    assert 10 <= s["open"].sum() <= 30
    t = crm.ticket_hours(db)
    closed = t.dropna(subset=["satisfaction"])
    assert closed["satisfaction"].corr(closed["hours"]) < -0.2
    overdue = crm.query(db, "SELECT COUNT(*) AS n FROM invoices WHERE status = 'overdue'")["n"].item()
    assert overdue >= 2
    funnel = crm.sales_funnel(db)
    assert funnel.is_monotonic_decreasing or funnel["leads"] > funnel["paid invoices"]


def test_activity_report_counts_every_activity_once(db):
    r = crm.activity_report(db)
    assert r.loc["Total", "Total"] == crm.counts(db)["activities"]
    q1 = crm.activity_report(db, rows="month", columns="kind", start="2025-01-01", end="2025-03-31")
    assert list(q1.index[:-1]) == ["2025-01", "2025-02", "2025-03"]
    direct = crm.query(db, "SELECT COUNT(*) AS n FROM activities WHERE start_date BETWEEN '2025-01-01' AND "
                           "'2025-03-31'")["n"].item()
    assert q1.loc["Total", "Total"] == direct
    crm.drop_indexes(db)
    assert crm.activity_report(db, rows="month", columns="kind", start="2025-01-01", end="2025-03-31").equals(q1)
    with pytest.raises(CRMError, match="one of"):
        crm.activity_report(db, rows="colour")


# ----------------------------------------------------------------------------- import / export
def test_export_then_import_round_trip(db, tmp_path):
    path = crm.export_csv(db, "SELECT company, name, source, owner, created_date FROM leads WHERE status = 'new'",
                          tmp_path / "out" / "new_leads.csv")
    n = len(pd.read_csv(path))
    before = crm.counts(db)["leads"]
    assert crm.import_csv(db, "leads", path) == n
    assert crm.counts(db)["leads"] == before + n
    # importing a table with its ids again: the first duplicate stops everything
    full = crm.export_csv(db, "memos", tmp_path / "memos.csv")
    snap = _snapshot(db)
    with pytest.raises(CRMError, match=r"already used.*CSV line 2"):
        crm.import_csv(db, "memos", full)
    assert _snapshot(db) == snap
    with pytest.raises(CRMError, match="shipped data"):
        crm.export_csv(db, "memos", DATA / "crm" / "memos.csv")


def test_import_stops_at_the_first_bad_row_and_saves_nothing(db, tmp_path):
    f = tmp_path / "leads.csv"
    f.write_text("company,name,source,owner,estimated_amount\n"
                 "Boya Logistics,Gao Jun,trade fair,HX-R05,50000\n"
                 "Yinhe Bank,Ma Lan,referral,HX-R55,20000\n", encoding="utf-8")
    snap = _snapshot(db)
    with pytest.raises(CRMError) as info:
        crm.import_csv(db, "leads", f)
    assert info.value.rows == [3] and info.value.field == "owner" and "HX-R55" in str(info.value)
    assert _snapshot(db) == snap
    f.write_text("company,colour\nX,red\n", encoding="utf-8")
    with pytest.raises(CRMError, match="'colour'"):
        crm.import_csv(db, "leads", f)
    with pytest.raises(CRMError, match="not found"):
        crm.import_csv(db, "leads", tmp_path / "missing.csv")


# ----------------------------------------------------------------------------- one home per name (issue 11)
def test_names_have_one_meaning_and_one_home():
    assert crm.TABLES is crm.LAB_TABLES and crm.tables is crm.lab_tables  # old names kept as aliases
    assert crm.TODAY == constants.SNAPSHOT_DATE
    schema_file = Path(crm.__file__).with_name("schema.sql")
    assert crm.SCHEMA == schema_file.read_text(encoding="utf-8")
    assert crm.CRMError.__module__ == "crmcourse.crm" and issubclass(crm.CRMError, CourseDataError)


def test_new_deals_get_suitecrms_stage_probability(db):
    for stage, percent in constants.SUITECRM_PERCENT.items():
        if stage.startswith("Closed"):
            continue
        opp = crm.add(db, "opportunities", account_id="HX-A0002", owner="HX-R06", name=f"Deal at {stage}",
                      product_line="consumables", amount=1000, stage=stage, expected_close_date="2026-03-01")
        assert crm.get(db, "opportunities", opp)["probability"] == percent


def test_id_suggestions_compare_what_follows_the_prefix(db):
    with pytest.raises(CRMError) as info:
        crm.add(db, "leads", company="Boya Logistics", name="Gao Jun", source="trade fair", owner="HX-R5")
    assert "did you mean 'HX-R05'? Otherwise" in str(info.value) and "HX-R12" not in str(info.value)
    with pytest.raises(CRMError) as info:
        crm.get(db, "products", "PR-999")
    assert "did you mean" not in str(info.value)


def test_reports_refuse_dates_in_the_wrong_order(db):
    with pytest.raises(CRMError, match="after end"):
        crm.sales_funnel(db, "2025-12-31", "2025-01-01")
    with pytest.raises(CRMError, match="after end"):
        crm.activity_report(db, start="2025-12-31", end="2025-01-01")
    nothing = crm.activity_report(db, owner="HX-R04", start="2030-01-01")
    assert nothing.loc["Total", "Total"] == 0


# ----------------------------------------------------------------------------- issue 12: a runaway query stops
RUNAWAY = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"


def test_a_runaway_query_stops_at_its_time_limit(db):
    before = _snapshot(db)
    with pytest.raises(CRMError, match="longer than 0.5 seconds") as info:
        crm.query(db, RUNAWAY, timeout=0.5)
    assert "timeout=" in str(info.value)
    assert _snapshot(db) == before and not db.in_transaction
    assert crm.query(db, "SELECT COUNT(*) AS n FROM users")["n"].item() == 12  # the connection still works
    assert crm.QUERY_TIMEOUT == 10.0
    for bad in (0, -1, float("nan"), float("inf"), "5", True):
        with pytest.raises(CRMError, match="timeout"):
            crm.query(db, "SELECT 1", timeout=bad)


def test_an_interrupt_raised_where_the_progress_handler_runs_stops_the_query(db, monkeypatch):
    """The kernel's interrupt is a KeyboardInterrupt raised while SQLite calls back into Python."""
    from crmcourse.crm import reports

    calls = []

    def interrupted():
        calls.append(1)
        if len(calls) > 3:
            raise KeyboardInterrupt
        return 0.0

    monkeypatch.setattr(reports.time, "monotonic", interrupted)
    with pytest.raises(KeyboardInterrupt, match="interrupted"):
        crm.query(db, RUNAWAY, timeout=60)
    monkeypatch.undo()
    assert crm.query(db, "SELECT COUNT(*) AS n FROM users")["n"].item() == 12


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to one's own process is a POSIX feature")
def test_sigint_stops_a_runaway_query(db):
    """A real SIGINT (what Jupyter's Interrupt kernel sends) while SQLite runs ends the query."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT does not raise KeyboardInterrupt in this thread (a test runner took it over)")
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            crm.query(db, RUNAWAY, timeout=60)  # the limit only keeps a broken test from hanging
    finally:
        timer.cancel()
    assert crm.query(db, "SELECT COUNT(*) AS n FROM users")["n"].item() == 12


# ----------------------------------------------------------------------------- issue 12: formula injection
FORMULAS = [("=HYPERLINK(\"http://example.com\",\"x\")", "+86 20 1234 5678"), ("-5 units", "@SUM(A1:A3)"),
            ("\tindented", "\rreturn first"), ("'=quoted before", "''-twice"), ("plain title", "-")]


def test_export_escapes_formula_cells_and_import_reads_them_back(db, tmp_path):
    ids = [crm.add(db, "memos", account_id="HX-A0002", title=t, note=n, author="HX-R04") for t, n in FORMULAS]
    listed = ", ".join(repr(i) for i in ids)
    path = crm.export_csv(db, f"SELECT title, note, author, account_id FROM memos WHERE memo_id IN ({listed}) "
                              "ORDER BY memo_id", tmp_path / "memos.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        cells = list(csv.reader(fh))[1:]
    for (title, note), row in zip(FORMULAS, cells):
        for original, written in ((title, row[0]), (note, row[1])):
            starts_like_a_formula = original.lstrip("'")[:1] in crm.io.FORMULA_START
            assert written == ("'" + original if starts_like_a_formula else original), (original, written)
    assert cells[-1][0] == "plain title"
    for memo in ids:
        crm.delete(db, "memos", memo)
    assert crm.import_csv(db, "memos", path) == len(FORMULAS)
    back = crm.query(db, "SELECT title, note FROM memos ORDER BY memo_id DESC LIMIT ?", [len(FORMULAS)])
    assert list(zip(back["title"], back["note"]))[::-1] == FORMULAS


def test_export_leaves_numbers_alone(db, tmp_path):
    frame = pd.DataFrame({"amount": [-5.0, 3.5], "count": [-3, 2], "text": ["-5", "5"],
                          "day": pd.to_datetime(["2025-01-02", "2025-03-04"])})
    path = crm.export_csv(db, frame, tmp_path / "numbers.csv")
    assert path.read_bytes().decode("utf-8-sig").split("\r\n") == [
        "amount,count,text,day", "-5.0,-3,'-5,2025-01-02", "3.5,2,5,2025-03-04", ""]
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["amount"].tolist() == [-5.0, 3.5] and back["count"].tolist() == [-3, 2]


def test_export_refuses_what_it_cannot_write(db, tmp_path):
    with pytest.raises(CRMError, match="encoding"):
        crm.export_csv(db, "users", tmp_path / "u.csv", encoding="no-such-codec")
    with pytest.raises(CRMError, match="cannot write"):
        crm.export_csv(db, pd.DataFrame({"name": ["华信"]}), tmp_path / "a.csv", encoding="ascii")
    assert not list(tmp_path.iterdir()), "a failed export leaves no file behind"


# ----------------------------------------------------------------------------- issue 12: a locked file
def test_a_locked_database_names_the_other_program(tmp_path):
    path = tmp_path / "lab.sqlite"
    db = crm.connect(path)
    db.execute("PRAGMA busy_timeout = 50")  # do not wait the default five seconds for the other program
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        calls = [lambda: crm.add(db, "memos", account_id="HX-A0002", title="T", note="N", author="HX-R04"),
                 lambda: crm.edit(db, "accounts", "HX-A0002", city="Foshan"),
                 lambda: crm.query(db, "SELECT * FROM memos"),
                 lambda: crm.counts(db),
                 lambda: crm.get(db, "accounts", "HX-A0002")]
        for call in calls:
            with pytest.raises(CRMError, match="another program or notebook") as info:
                call()
            assert "check the values" not in str(info.value) and "db.rollback()" in str(info.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert crm.counts(db)["memos"] == 60  # nothing was saved, and the file works again
    db.close()


# ----------------------------------------------------------------------------- issue 12: an interrupted build
def _build_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".building" in p.name)


def test_an_interrupted_build_leaves_nothing_behind(tmp_path, monkeypatch):
    real = crm.db._rows_for_sql

    def interrupt_at_activities(frame, cols):
        if "activity_id" in cols:
            raise KeyboardInterrupt
        return real(frame, cols)

    monkeypatch.setattr(crm.db, "_rows_for_sql", interrupt_at_activities)
    with pytest.raises(KeyboardInterrupt):
        crm.connect(tmp_path / "lab.sqlite", fresh=True)
    assert _build_files(tmp_path) == [] and not (tmp_path / "lab.sqlite").exists()


def test_connect_removes_what_a_killed_build_left(tmp_path):
    """The kernel dies mid-build (no Python cleanup runs): the next connect removes its files."""
    path = tmp_path / "lab.sqlite"
    code = textwrap.dedent(f"""
        import time
        import crmcourse.crm.db as db
        real = db._rows_for_sql
        def stall(frame, cols):
            if "activity_id" in cols:
                print("building", flush=True)
                time.sleep(120)
            return real(frame, cols)
        db._rows_for_sql = stall
        db.connect({str(path)!r}, fresh=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "building"
    finally:
        proc.kill()
        proc.wait()
    left = _build_files(tmp_path)
    assert f".lab.sqlite.{proc.pid}.building" in left and f".lab.sqlite.{proc.pid}.building-journal" in left
    busy = tmp_path / f".lab.sqlite.{os.getppid()}.building"  # a build of a process still running stays
    busy.write_bytes(b"")
    db = crm.connect(path)
    assert _build_files(tmp_path) == [busy.name]
    assert crm.counts(db)["accounts"] == 80
    db.close()
