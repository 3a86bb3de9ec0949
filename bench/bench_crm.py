"""Benchmark: the CRM lab's activity report on a database scaled to 1,000,000 activities (module 5).

    python bench/bench_crm.py              # 1,000,000 activities (default)
    python bench/bench_crm.py 200000       # another size

Builds the lab database from ``crmcourse.cases.generate("crm", size=...)`` (the activities, leads,
tickets and memos scale; the 80 accounts and their deals stay) in a temporary SQLite file, then
runs, in the same run and on the same file:

1. the lab report ``crm.activity_report`` (activities × accounts × users, grouped and pivoted)
   for one owner and one quarter, and for one account and one quarter, with the indexes the
   schema defines (``crm.SCHEMA``) - both its SQL alone and the whole helper (SQL + pandas);
2. the same after ``crm.drop_indexes`` (full table scans).

Prints the best of ``REPEAT`` runs (after one warm-up run), the query plans and the ratios. Figures go into
docs/performance.md by hand; tests never assert timings.
"""
from __future__ import annotations

import os
import platform
import sqlite3
import sys
import tempfile
from pathlib import Path

from crmcourse import cases, crm
from timing import best_of, timed

REPEAT = 7
QUARTER = ("2025-07-01", "2025-09-30")
REPORTS = {
    "one owner, one quarter": {"rows": "month", "columns": "type", "owner": "HX-R04"},
    "one account, one quarter": {"rows": "owner", "columns": "type", "account_id": "HX-A0002"},
}


def _seconds(fn, repeat: int = REPEAT) -> float:
    fn()  # warm the page cache once
    return best_of(fn, repeat=repeat)


def _sql(filters: dict) -> tuple[str, list]:
    """The report's SQL (as crm.activity_report writes it, before pandas pivots it) and its parameters."""
    where = " AND ".join(f"act.{k} = ?" for k in filters)
    params = list(filters.values()) + list(QUARTER)
    sql = ("SELECT substr(act.start_date, 1, 7) AS r, act.type AS c, COUNT(*) AS n FROM activities act "
           "JOIN accounts a ON a.account_id = act.account_id JOIN users u ON u.user_id = act.owner "
           f"WHERE {where} AND act.start_date >= ? AND act.start_date <= ? GROUP BY r, c")
    return sql, params


def _plan(db: sqlite3.Connection, filters: dict) -> str:
    sql, params = _sql(filters)
    rows = db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return "; ".join(r[-1] for r in rows if " act" in r[-1])


def main(n_activities: int = 1_000_000) -> None:
    size = n_activities / 1200  # the committed lab data has 1,200 activities
    frames, generated = timed(lambda: cases.generate("crm", size=size))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "crm_bench.sqlite"
        db, built = timed(lambda: crm.build(path, frames))
        n = crm.counts(db)["activities"]
        mb = os.path.getsize(path) / 1e6
        results = {}
        plans = {}
        for label, spec in REPORTS.items():
            filters = {k: v for k, v in spec.items() if k in ("owner", "account_id")}
            plans[(label, "with")] = _plan(db, filters)
            sql, params = _sql(filters)
            results[(label, "sql with")] = _seconds(lambda sql=sql, params=params: db.execute(sql, params).fetchall())
            results[(label, "with")] = _seconds(
                lambda spec=spec: crm.activity_report(db, start=QUARTER[0], end=QUARTER[1], **spec))
            rows = int(crm.activity_report(db, start=QUARTER[0], end=QUARTER[1], **spec).loc["Total", "Total"])
            results[(label, "rows")] = rows
        crm.drop_indexes(db)
        db.execute("ANALYZE")
        for label, spec in REPORTS.items():
            filters = {k: v for k, v in spec.items() if k in ("owner", "account_id")}
            plans[(label, "without")] = _plan(db, filters)
            sql, params = _sql(filters)
            results[(label, "sql without")] = _seconds(lambda sql=sql, params=params: db.execute(sql, params).fetchall())
            results[(label, "without")] = _seconds(
                lambda spec=spec: crm.activity_report(db, start=QUARTER[0], end=QUARTER[1], **spec))
        db.close()

    print(f"## CRM lab report on {n:,} activities "
          f"(Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, best of {REPEAT})\n")
    print(f"generate {generated:.1f} s, build database {built:.1f} s, file {mb:.0f} MB\n")
    print("| report, Q3 2025 | activities in it | what is timed | with the schema's indexes (ms) "
          "| without indexes (ms) | ratio |")
    print("|---|---|---|---|---|---|")
    for label in REPORTS:
        for kind, what in (("sql ", "the SQL query alone"), ("", "crm.activity_report (SQL + pandas pivot)")):
            w, wo = results[(label, kind + "with")], results[(label, kind + "without")]
            print(f"| {label} | {results[(label, 'rows')]:,} | {what} | {w * 1000:.1f} | {wo * 1000:.1f} "
                  f"| {wo / w:.0f}× |")
    print("\nquery plans (activities table):")
    for (label, kind), plan in plans.items():
        print(f"- {label}, {kind} indexes: {plan}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
