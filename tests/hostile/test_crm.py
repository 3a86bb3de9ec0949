"""Hostile input for the CRM lab (crmcourse.crm): only CRMError may escape, and a refusal changes nothing.

Covers every public helper of the package (``crmcourse.crm.__all__`` and ``crmcourse.crm.plots``)
with hostile connections, table names, ids, field names and values (None, bools, NaN, ±inf, huge
and tiny numbers, integers beyond 64 bits and beyond float range, text and Chinese text, lists,
dicts, sets, bytes, objects whose methods raise, str subclasses whose methods raise, timezone-aware
and integer dates, surrogates), hostile frames (empty, duplicate or multi-level columns and indexes,
Chinese column names, each column replaced by each hostile kind, a column dropped, wrong types),
hostile SQL, paths and CSV files. A helper either returns or raises :class:`crm.CRMError` (a
``CourseDataError``); when it refuses, every row of the database is as it was before the call.
The number of calls is printed at the end (run with ``-s`` to see it).
"""
from __future__ import annotations

import collections
import datetime as _dt
import os
import shutil
import sqlite3
import tempfile
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmcourse import crm, data
from crmcourse.crm import CRMError, plots
from crmcourse.errors import CourseDataError

from .strategies import FRAME_CORRUPTIONS, HostileStr, Raiser, corrupt, hostile_frames, hostile_scalars

CALLS: collections.Counter = collections.Counter()
REFUSED: collections.Counter = collections.Counter()
EXAMPLES = int(os.environ.get("CRMCOURSE_HOSTILE_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
FEW = settings(max_examples=max(5, EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])

IDS = ["HX-A0002", "HX-R04", "HX-R5", "PR-001", "PR-031", "QU-0001", "QU-0002", "LD-0054", "LD-0001", "SO-0001",
       "IN-0001", "TK-0001", "PL-1", "HX-O0001", "HX-C0001", "ME-0001", "hx-a0002", " HX-A0002 ", "HX-A9999",
       "HX-A0002\x00", "华信", "1; DROP TABLE accounts", "' OR 1=1 --"]
TEXTS = ["2025-03-04", "2025-03-04 10:00", "2025-02-30", "hospital", "event", "call", "held", "Qualification",
         "Closed Won", "consumables", "=SUM(A1)", "-5", "+86 20 1234", "@x", "\ttab", "满意"]
ANY = st.one_of(
    hostile_scalars, st.sampled_from(IDS), st.sampled_from(TEXTS),
    st.integers(min_value=2**62, max_value=2**70), st.dates(), st.datetimes(),
    st.datetimes(timezones=st.just(_dt.timezone(_dt.timedelta(hours=8)))), st.decimals(allow_nan=True),
    st.fractions(), st.just("\ud800"), st.just(pd.NA), st.just(np.datetime64("NaT")), st.just(20250105),
    st.just(np.float32(3.5)), st.just(Fraction(10**400, 3)), st.just(np.array([1, 2])),
)
TABLES = st.one_of(st.sampled_from(crm.LAB_TABLES), st.sampled_from([f"crm_{t}" for t in crm.LAB_TABLES]),
                   st.sampled_from(["Accounts ", "acounts", "客户", "sqlite_master", "accounts; DROP TABLE users",
                                    "", "crm_", HostileStr("accounts")]), ANY)
COLUMNS = sorted({c for t in crm.LAB_TABLES for c in data.schema(f"crm_{t}")["columns"]})
FIELDS = st.dictionaries(st.sampled_from(COLUMNS + ["colour", "", "名字", "name; --", "__class__"]), ANY, max_size=5)
CONNS = st.one_of(ANY, st.just("crm_lab.sqlite"), st.builds(lambda: _closed()))
WORKDIR = Path(tempfile.mkdtemp(prefix="crm-hostile-"))

_DB: dict = {}


def _closed() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.close()
    return conn


def _shared_db() -> sqlite3.Connection:
    if "db" not in _DB:
        _DB["db"] = crm.connect(":memory:")
    return _DB["db"]


def _snapshot(conn) -> dict:
    """Every row of every table: proves that nothing at all changed, not just the counts."""
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in crm.LAB_TABLES}


def call(name, fn, /, *args, **kwargs):
    """Run one public helper on the shared database: it returns, or raises CRMError and changes no row.

    The full snapshot is cached while nothing changes (``total_changes`` counts every row written,
    even rolled back ones), so only calls that wrote something are compared row by row.
    """
    conn = _shared_db()
    if _DB.get("changes") != conn.total_changes:
        _DB["snap"], _DB["changes"] = _snapshot(conn), conn.total_changes
    CALLS[name] += 1
    try:
        return fn(*args, **kwargs)
    except CRMError as exc:
        REFUSED[name] += 1
        assert str(exc), f"{name}: an empty message"
        if conn.total_changes != _DB["changes"]:
            assert _snapshot(conn) == _DB["snap"], f"{name}: a refused call changed the database"
            _DB["changes"] = conn.total_changes
        return exc
    except CourseDataError as exc:
        raise AssertionError(f"{name} raised a plain CourseDataError instead of a CRMError: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - the point of the test
        raise AssertionError(f"{name} let {type(exc).__name__} escape: {exc}") from exc


def _safe_path(value):
    """Hostile paths stay inside the test's folder (no absolute paths, no '..')."""
    if isinstance(value, str):
        return str.__str__(value).replace("..", "_").lstrip("/\\")
    return value


PATHS = st.one_of(ANY.map(_safe_path), st.sampled_from(["", ".", "sub/dir/x.csv", "x" * 300, "a\x00b",
                                                         "crm_lab.sqlite", "exports/", "数据.csv"]))


@pytest.fixture(scope="module", autouse=True)
def report_calls():
    old_dir, old_workdir = os.getcwd(), os.environ.get("CRMCOURSE_WORKDIR")
    os.chdir(WORKDIR)  # relative hostile paths (and connect()'s default) land in a throw-away folder
    os.environ["CRMCOURSE_WORKDIR"] = str(WORKDIR)
    yield
    os.chdir(old_dir)
    if old_workdir is None:
        os.environ.pop("CRMCOURSE_WORKDIR", None)
    else:
        os.environ["CRMCOURSE_WORKDIR"] = old_workdir
    shutil.rmtree(WORKDIR, ignore_errors=True)
    print(f"\nhostile crm calls: {sum(CALLS.values())} ({sum(REFUSED.values())} refused); {dict(CALLS)}")


def test_every_public_helper_is_covered():
    helpers = {n for n in crm.__all__ if callable(getattr(crm, n)) and not n[0].isupper()}
    assert helpers == {"lab_path", "connect", "build", "lab_tables", "tables", "describe", "counts", "query", "get",
                       "add", "edit", "copy", "delete", "import_csv", "export_csv", "convert_lead", "add_quote",
                       "order_from_quote", "invoice_order", "totals", "ticket_hours", "service_summary",
                       "activity_report", "sales_funnel", "index_names", "drop_indexes", "create_indexes"}
    assert set(plots.__all__) == {"sales_funnel_chart", "resolution_time_plot", "report_chart", "report_heatmap"}


# ----------------------------------------------------------------------------- records

@SETTINGS
@given(table=TABLES, fields=FIELDS, record=st.one_of(st.none(), FIELDS, ANY,
                                                      st.just({HostileStr("name"): "x", 3: "y"})))
def test_add(table, fields, record):
    db = _shared_db()
    call("add", crm.add, db, table, **{k: v for k, v in fields.items() if k})
    call("add", crm.add, db, table, record)


@SETTINGS
@given(table=TABLES, key=st.one_of(ANY, st.tuples(ANY, ANY), st.lists(ANY, max_size=3)), fields=FIELDS)
def test_get_edit_copy_delete(table, key, fields):
    db = _shared_db()
    kw = {k: v for k, v in fields.items() if k}
    call("get", crm.get, db, table, key)
    call("edit", crm.edit, db, table, key, **kw)
    call("copy", crm.copy, db, table, key, **kw)
    call("delete", crm.delete, db, table, key)


# ----------------------------------------------------------------------------- the sales flow

LINES = pd.DataFrame({"product_id": ["PR-001", "PR-007"], "quantity": [2, 3], "discount_pct": [0.0, 5.0]})


@SETTINGS
@given(lead=ANY, line=ANY, amount=ANY, day=ANY, account=ANY, stage=ANY)
def test_convert_lead(lead, line, amount, day, account, stage):
    db = _shared_db()
    call("convert_lead", crm.convert_lead, db, lead, product_line=line, amount=amount, date=day,
         expected_close_date=day, account_id=account, stage=stage)
    call("convert_lead", crm.convert_lead, db, "LD-0054", product_line=line, amount=amount)


@SETTINGS
@given(account=ANY, lines=st.one_of(ANY, hostile_frames(LINES), st.lists(st.tuples(ANY, ANY), max_size=3),
                                    st.lists(st.tuples(st.sampled_from(["PR-001", "PR-023", "PR-031"]), ANY, ANY),
                                             max_size=2), st.lists(FIELDS, max_size=2)),
       price_list=ANY, day=ANY, days=ANY, quote=ANY, flag=ANY, address=ANY)
def test_sales_flow(account, lines, price_list, day, days, quote, flag, address):
    db = _shared_db()
    call("add_quote", crm.add_quote, db, account, lines, price_list_id=price_list, quote_date=day, valid_days=days)
    call("add_quote", crm.add_quote, db, "HX-A0002", lines)
    call("order_from_quote", crm.order_from_quote, db, quote, order_date=day, billing_address=address,
         ship_to_billing=flag)
    call("invoice_order", crm.invoice_order, db, quote, invoice_date=day, payment_days=days)
    call("totals", crm.totals, db, account)


# ----------------------------------------------------------------------------- reading and reports

SQL = st.one_of(ANY, st.sampled_from([
    "SELECT * FROM accounts WHERE account_id = ?", "SELECT * FROM nowhere", "SELECT 1; DROP TABLE users",
    "WITH x AS (SELECT 1) SELECT * FROM x", "select name from users where user_id = :id", "SELECT ?, ?",
    "/* hi */ SELECT 1", "-- only a comment", "SELECT x'00'", "SELECT 9223372036854775807 + 1",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
    HostileStr("SELECT 1")]))


@SETTINGS
@given(sql=SQL, params=ANY, dates=ANY, timeout=st.one_of(ANY, st.just(0.05)), table=TABLES, by=ANY, rows=ANY,
       columns=ANY, start=ANY, end=ANY, owner=ANY, account=ANY, status=st.one_of(ANY, st.lists(ANY, max_size=3)))
def test_reading_helpers(sql, params, dates, timeout, table, by, rows, columns, start, end, owner, account, status):
    db = _shared_db()
    call("query", crm.query, db, sql, params, parse_dates=dates, timeout=timeout)
    call("describe", crm.describe, db, table)
    call("totals", crm.totals, db, table)
    call("service_summary", crm.service_summary, db, by)
    call("activity_report", crm.activity_report, db, rows=rows, columns=columns, start=start, end=end,
         owner=owner, account_id=account, status=status)
    call("activity_report", crm.activity_report, db, rows="month", columns="kind", start=start, status=status)
    call("sales_funnel", crm.sales_funnel, db, start, end)


@FEW
@given(conn=CONNS)
def test_every_helper_refuses_what_is_not_a_connection(conn):
    for name in ("lab_tables", "tables", "counts", "ticket_hours", "drop_indexes", "create_indexes",
                 "service_summary", "activity_report", "sales_funnel"):
        call(name, getattr(crm, name), conn)
    call("describe", crm.describe, conn, "accounts")
    call("query", crm.query, conn, "SELECT 1")
    call("get", crm.get, conn, "accounts", "HX-A0002")
    call("add", crm.add, conn, "memos", title="T", note="N", author="HX-R04")
    call("edit", crm.edit, conn, "accounts", "HX-A0002", city="X")
    call("copy", crm.copy, conn, "accounts", "HX-A0002")
    call("delete", crm.delete, conn, "memos", "ME-0001")
    call("convert_lead", crm.convert_lead, conn, "LD-0054", product_line="consumables")
    call("add_quote", crm.add_quote, conn, "HX-A0002", [("PR-001", 1)])
    call("order_from_quote", crm.order_from_quote, conn, "QU-0001")
    call("invoice_order", crm.invoice_order, conn, "SO-0001")
    call("totals", crm.totals, conn)
    call("export_csv", crm.export_csv, conn, "users", "users.csv")
    call("import_csv", crm.import_csv, conn, "memos", "users.csv")


def test_helpers_without_arguments():
    db = _shared_db()
    for name in ("lab_path", "index_names"):
        assert call(name, getattr(crm, name)) is not None
    for name in ("lab_tables", "tables", "counts", "ticket_hours"):
        assert not isinstance(call(name, getattr(crm, name), db), CRMError)
    call("drop_indexes", crm.drop_indexes, db)
    call("create_indexes", crm.create_indexes, db)


# ----------------------------------------------------------------------------- files

EXPORT_FRAME = pd.DataFrame({"name": ["Li", "=cmd|' /C calc'!A0", "华信"], "amount": [1.5, -2.0, 3.0],
                             "day": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"])})


@SETTINGS
@given(what=st.one_of(hostile_frames(EXPORT_FRAME), TABLES, SQL), path=PATHS,
       encoding=st.one_of(st.just("utf-8-sig"), ANY))
def test_export_csv(what, path, encoding):
    db = _shared_db()
    call("export_csv", crm.export_csv, db, what, path, encoding=encoding)
    call("export_csv", crm.export_csv, db, what, "exports/out.csv")


LEADS = pd.DataFrame({"company": ["Boya Logistics", "Yinhe Bank"], "name": ["Gao Jun", "Ma Lan"],
                      "source": ["trade fair", "referral"], "owner": ["HX-R05", "HX-R06"],
                      "estimated_amount": [50000.0, 20000.0], "created_date": ["2025-12-01", "2025-12-02"]})
RAW_FILES = [b"", b"\xff\xfe\x00\x00", b"company,name\n\"unclosed,x\n", b"company,company\nA,B\n",
             b"\xef\xbb\xbfcompany,name,source,owner\n" + "华信,李,referral,HX-R05\n".encode(),
             b"company,name,source,owner\nA,B,referral,HX-R05,extra,cells\n", b"\x00\x00\x00",
             b"company,name,source,owner,estimated_amount\nA,B,referral,HX-R05," + b"9" * 5000 + b"\n",
             b"company,name,source,owner,estimated_amount\nA,B,referral,HX-R05,-5\n",
             b"company,name,source,owner\n'=1+1,'-x,referral,HX-R05\n", b"lead_id,company\nLD-0001,X\n",
             b"\"company\nname\",source\nA,B\n", "列0,列1\n满意,一般\n".encode(), b"company;name;source;owner\n"]


@SETTINGS
@given(table=TABLES, content=st.one_of(hostile_frames(LEADS).map(lambda f: _as_csv(f)), st.sampled_from(RAW_FILES),
                                       st.binary(max_size=64)), path=st.one_of(st.none(), PATHS))
def test_import_csv(table, content, path):
    db = _shared_db()
    file = WORKDIR / "import.csv"
    file.write_bytes(content)
    call("import_csv", crm.import_csv, db, table, file)
    call("import_csv", crm.import_csv, db, "leads", file)
    if path is not None:
        call("import_csv", crm.import_csv, db, "leads", path)


def _as_csv(frame) -> bytes:
    if isinstance(frame, pd.DataFrame):
        try:
            return frame.to_csv(index=False).encode("utf-8", "surrogatepass")
        except Exception:  # noqa: BLE001 - a hostile cell that cannot be written; any bytes will do
            return b"company,name\n\x00,\xff\n"
    return repr(frame).encode("utf-8", "replace")


# ----------------------------------------------------------------------------- building the database

@pytest.fixture(scope="module")
def frames():
    return {t: data.load(f"crm_{t}") for t in crm.LAB_TABLES}


@FEW
@given(which=st.sampled_from(["users", "suppliers", "products", "accounts", "memos"]),
       corruption=st.one_of(st.sampled_from(FRAME_CORRUPTIONS).map(lambda how: (how, None)),
                            st.tuples(st.just("replace"), st.sampled_from(["nested", "nan", "huge", "bigfloat",
                                      "chinese", "tzdates", "intdates", "bools", "none", "raiser", "text"]))),
       extra=st.one_of(st.none(), ANY), indexes=st.one_of(st.just(False), ANY))
def test_build(frames, which, corruption, extra, indexes):
    how, kind = corruption
    valid = frames[which]
    bad = corrupt(valid, how) if how != "replace" else corrupt(valid, "replace", valid.columns[-1], kind)
    tables = {**frames, which: bad}
    if extra is not None:
        tables = {**tables, extra if _hashable(extra) else "x": valid}
    result = call("build", crm.build, ":memory:", tables, indexes=indexes)
    if isinstance(result, sqlite3.Connection):
        result.close()
    call("build", crm.build, ":memory:", extra)


def _hashable(value) -> bool:
    try:
        hash(value)
        return True
    except Exception:  # noqa: BLE001
        return False


@FEW
@given(path=st.one_of(PATHS, st.sampled_from([":memory:", "file::memory:"])), fresh=ANY,
       url=st.one_of(st.none(), ANY, st.sampled_from(["sqlite://", "sqlite:///:memory:", "postgresql://x/y",
                                                      "sqlite:////", "sqlite:///" + "x" * 300])))
def test_connect(path, fresh, url):
    for kw in ({"fresh": fresh}, {"url": url}, {"url": url, "fresh": False}):
        result = call("connect", crm.connect, path if "url" not in kw else None, **kw)
        if isinstance(result, sqlite3.Connection):
            result.close()
    result = call("connect", crm.connect, path)
    if isinstance(result, sqlite3.Connection):
        result.close()


@FEW
@given(path=PATHS, indexes=ANY)
def test_build_paths(path, indexes):
    result = call("build", crm.build, path, indexes=indexes)
    if isinstance(result, sqlite3.Connection):
        result.close()


# ----------------------------------------------------------------------------- charts

FUNNEL = pd.Series({"leads": 100, "converted leads": 30, "opportunities": 40}, name="records")
TICKETS = pd.DataFrame({"priority": ["low", "low", "urgent", "urgent"], "hours": [50.0, 80.0, 3.0, np.nan]})
REPORT = pd.DataFrame({"call": [3, 1, 4], "demo": [1, 2, 3]}, index=pd.Index(["Li", "Wu", "Total"], name="owner"))


def _series_from(frame):
    return frame.iloc[:, 0] if isinstance(frame, pd.DataFrame) and frame.shape[1] else frame


@SETTINGS
@given(funnel=st.one_of(hostile_frames(FUNNEL.to_frame()).map(_series_from), ANY),
       tickets=hostile_frames(TICKETS), report=hostile_frames(REPORT), ax=st.one_of(st.none(), ANY),
       title=st.one_of(st.none(), ANY), by=st.one_of(st.just("priority"), ANY), order=st.one_of(st.none(), ANY),
       total=st.one_of(st.just("Total"), ANY), cmap=st.one_of(st.just("Blues"), ANY))
def test_charts(funnel, tickets, report, ax, title, by, order, total, cmap):
    import matplotlib.pyplot as plt

    try:
        call("sales_funnel_chart", plots.sales_funnel_chart, funnel, ax=ax, title=title)
        call("resolution_time_plot", plots.resolution_time_plot, tickets, by=by, order=order, ax=ax, title=title)
        call("resolution_time_plot", plots.resolution_time_plot, TICKETS, order=order)
        call("report_chart", plots.report_chart, report, ax=ax, title=title, total=total)
        call("report_heatmap", plots.report_heatmap, report, ax=ax, title=title, total=total, cmap=cmap)
    finally:
        plt.close("all")


def test_charts_refuse_what_they_cannot_draw():
    """One plain test per kind of silent wrong drawing: each is now refused with a CRMError."""
    import matplotlib.pyplot as plt

    with pytest.raises(CRMError, match="finite"):
        plots.sales_funnel_chart(pd.Series({"leads": np.inf, "quotes": 3}))
    with pytest.raises(CRMError, match="negative"):
        plots.resolution_time_plot(pd.DataFrame({"priority": ["low"], "hours": [-4.0]}))
    with pytest.raises(CRMError, match="nothing but|no rows"):
        plots.report_chart(REPORT.loc[["Total"], []])
    plt.close("all")
