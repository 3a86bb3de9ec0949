"""The CRM lab database (module 5): schema constraints, all-or-nothing helpers, the sales flow.

What must hold: the schema refuses impossible rows on its own (even through raw SQL); every
helper validates first and, on any problem, leaves the database exactly as it was and raises a
CRMError (a CourseDataError) naming table, field, value and fix; lead conversion is atomic;
the shipped data is never modified; and no other exception escapes a helper on bad input.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import cases, crm, data
from crmcourse.crm import CRMError
from crmcourse.data import CourseDataError

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

    monkeypatch.setattr(crm.os, "replace", refuse)
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


# ----------------------------------------------------------------------------- hypothesis: only CRMError escapes
ANY = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**62, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12), st.binary(max_size=4),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
    st.dates(), st.datetimes(), st.decimals(allow_nan=True), st.just("\ud800"), st.just(float("nan")),
    st.just(pd.NaT), st.just(pd.NA), st.just(np.int64(5)), st.just(np.float64("inf")),
    st.sampled_from(["HX-A0002", "HX-R04", "PR-001", "QU-0001", "LD-0054", "SO-0001", "2025-03-04",
                     "2025-03-04 10:00", "hospital", "event", "call", "held", "Qualification", ""]),
)
TABLE = st.one_of(st.sampled_from(crm.TABLES), ANY)
FIELDS = st.dictionaries(st.sampled_from(sorted({c for t in crm.TABLES for c in data.schema(f"crm_{t}")["columns"]}
                                                | {"colour", ""})), ANY, max_size=5)
_DB = {}


def _shared_db():
    if "db" not in _DB:
        _DB["db"] = crm.connect(":memory:")
    return _DB["db"]


def _only_crm_errors(call) -> None:
    """Run a helper on bad input: it succeeds, or raises CRMError and leaves every row as it was.

    The full snapshot is cached while nothing changes (``total_changes`` counts every row written,
    even rolled back ones), so only calls that wrote something are compared row by row.
    """
    conn = _shared_db()
    if _DB.get("changes") != conn.total_changes:
        _DB["snap"], _DB["changes"] = _snapshot(conn), conn.total_changes
    try:
        call(conn)
    except CRMError:
        if conn.total_changes != _DB["changes"]:
            assert _snapshot(conn) == _DB["snap"], "a failing helper changed the database"
            _DB["changes"] = conn.total_changes
    except CourseDataError as exc:  # pragma: no cover - CRMError is the only kind expected
        pytest.fail(f"a plain CourseDataError instead of a CRMError: {exc}")


SETTINGS = settings(max_examples=int(os.environ.get("CRMCOURSE_HYPOTHESIS_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(table=TABLE, fields=FIELDS)
def test_hypothesis_add(table, fields):
    _only_crm_errors(lambda c: crm.add(c, table, **{k: v for k, v in fields.items() if k}))


@SETTINGS
@given(table=TABLE, key=ANY, fields=FIELDS)
def test_hypothesis_edit_copy_get_delete(table, key, fields):
    kw = {k: v for k, v in fields.items() if k}
    _only_crm_errors(lambda c: crm.edit(c, table, key, **kw))
    _only_crm_errors(lambda c: crm.copy(c, table, key, **kw))
    _only_crm_errors(lambda c: crm.get(c, table, key))
    _only_crm_errors(lambda c: crm.delete(c, table, key))


@SETTINGS
@given(lead=ANY, line=ANY, amount=ANY, day=ANY, account=ANY)
def test_hypothesis_convert_lead(lead, line, amount, day, account):
    _only_crm_errors(lambda c: crm.convert_lead(c, lead, product_line=line, amount=amount, date=day,
                                                expected_close_date=day, account_id=account))


@SETTINGS
@given(account=ANY, lines=st.one_of(ANY, st.lists(st.tuples(ANY, ANY), max_size=3),
                                    st.lists(st.tuples(st.sampled_from(["PR-001", "PR-023"]), ANY, ANY), max_size=2)),
       price_list=ANY, day=ANY, days=ANY, quote=ANY)
def test_hypothesis_sales_flow(account, lines, price_list, day, days, quote):
    _only_crm_errors(lambda c: crm.add_quote(c, account, lines, price_list_id=price_list, quote_date=day,
                                             valid_days=days))
    _only_crm_errors(lambda c: crm.order_from_quote(c, quote, order_date=day, billing_address=account))
    _only_crm_errors(lambda c: crm.invoice_order(c, quote, invoice_date=day, payment_days=days))


@SETTINGS
@given(sql=ANY, params=ANY, rows=ANY, columns=ANY, start=ANY, owner=ANY, status=ANY)
def test_hypothesis_reading_helpers(sql, params, rows, columns, start, owner, status):
    _only_crm_errors(lambda c: crm.query(c, sql, params))
    _only_crm_errors(lambda c: crm.activity_report(c, rows=rows, columns=columns, start=start, owner=owner,
                                                   status=status))
    _only_crm_errors(lambda c: crm.totals(c, sql))
    _only_crm_errors(lambda c: crm.service_summary(c, rows))
    _only_crm_errors(lambda c: crm.describe(c, sql))


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(st.lists(st.one_of(st.text(max_size=8), st.integers().map(str), st.just(""),
                                         st.sampled_from(["HX-R05", "trade fair", "2025-13-01", "x,y"])),
                               min_size=4, max_size=4), min_size=1, max_size=3))
def test_hypothesis_import_csv(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("imp") / "leads.csv"
    frame = pd.DataFrame(cells, columns=["company", "name", "source", "owner"])
    frame.to_csv(path, index=False)
    _only_crm_errors(lambda c: crm.import_csv(c, "leads", path))
