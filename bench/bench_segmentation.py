"""Benchmark: RFM on 1,000,000 transactions against DuckDB, and k-means on 100,000 customers (module 4).

    python bench/bench_segmentation.py                   # 1,000,000 transactions, 100,000 customers, seed 4
    python bench/bench_segmentation.py 200000 20000 7    # other sizes, another seed
    python bench/bench_segmentation.py 1000000 0 7       # RFM only (no k-means), seed 7

Measures, in the same run:

1. ``crmcourse.segmentation.rfm_table`` (validation included: column and argument checks, ids,
   whole-row duplicates, dates, amounts, returns, snapshot) on a seeded synthetic transaction
   table (a receipt number, string customer ids ``C0012345`` — about 10 transactions per
   customer — dates over two years, lognormal amounts);
2. the same query in DuckDB (``GROUP BY customer_id`` with ``max(date)``, ``count(*)``,
   ``sum(amount)`` on the same pandas frame). duckdb is the ``bench`` extra
   (``pip install -e .[bench]``); without it the comparison is skipped with a note;
3. a plain pandas ``groupby`` with no validation;
4. ``kmeans_segments`` (standardise + scikit-learn ``KMeans``, k = 6, ``n_init=10``, single-threaded)
   on 100,000 customers with four features, against the same scikit-learn calls made directly.

The script checks that every RFM variant returns the same numbers before timing. Each pair of
competitors is timed interleaved (one call of each per round, ``ROUNDS`` rounds) and the best
round of each is kept (:func:`timing.best_of`), so both see the same load on a shared machine;
the ratio printed is measured in this run. Figures go into docs/performance.md by hand.
"""
from __future__ import annotations

import platform
import sys

import numpy as np
import pandas as pd
from timing import best_of  # bench/ is on sys.path when a bench file runs

from crmcourse.segmentation import kmeans_segments, rfm_table

ROUNDS = 7
SNAPSHOT = "2026-01-01"


def interleaved(named: dict, rounds: int = ROUNDS) -> dict:
    """Seconds per call of each function: the best of ``rounds``, the functions taking turns."""
    best = {name: float("inf") for name in named}
    for _ in range(rounds):
        for name, fn in named.items():
            best[name] = min(best[name], best_of(fn, repeat=1))
    return best


def transactions(n: int, seed: int = 4) -> pd.DataFrame:
    """A seeded transaction table: n rows, about n / 10 customers, 2024-01-01 to 2025-12-31."""
    rng = np.random.default_rng(seed)
    n_customers = max(1, n // 10)
    ids = np.char.add("C", np.char.zfill(rng.integers(0, n_customers, n).astype(str), 7))
    days = rng.integers(0, 731, n).astype("timedelta64[D]")
    return pd.DataFrame({
        "transaction_id": np.arange(n),
        "customer_id": ids,
        "date": np.datetime64("2024-01-01") + days,
        "amount": np.round(rng.lognormal(5.0, 0.8, n), 2),
    })


def pandas_floor(tx: pd.DataFrame) -> pd.DataFrame:
    g = tx.groupby("customer_id")
    return pd.DataFrame({"recency": (pd.Timestamp(SNAPSHOT) - g["date"].max()).dt.days,
                         "frequency": g.size(), "monetary": g["amount"].sum()})


def duckdb_query(con, tx: pd.DataFrame) -> pd.DataFrame:
    con.register("tx", tx)
    out = con.execute(f"""
        SELECT customer_id,
               date_diff('day', max(date)::DATE, DATE '{SNAPSHOT}') AS recency,
               count(*) AS frequency,
               sum(amount) AS monetary
        FROM tx GROUP BY customer_id ORDER BY customer_id
    """).df()
    return out.set_index("customer_id")


def customers(n: int, seed: int = 5) -> pd.DataFrame:
    """n customers with four features drawn around six centres."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 3, (6, 4))
    which = rng.integers(0, 6, n)
    X = centres[which] + rng.normal(0, 1, (n, 4))
    return pd.DataFrame(X, columns=["log_recency", "log_frequency", "log_monetary", "promo_share"])


def sklearn_direct(frame: pd.DataFrame, k: int = 6):
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return KMeans(n_clusters=k, n_init=10, random_state=0).fit(StandardScaler().fit_transform(frame.to_numpy()))


def _same(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    assert (theirs.index.to_numpy() == ours.index.to_numpy()).all()
    assert (theirs["recency"].to_numpy() == ours["recency"].to_numpy()).all()
    assert (theirs["frequency"].to_numpy() == ours["frequency"].to_numpy()).all()
    assert np.allclose(theirs["monetary"].to_numpy(), ours["monetary"].to_numpy())


def rfm_section(n_tx: int, seed: int) -> None:
    tx = transactions(n_tx, seed)
    ours = rfm_table(tx, snapshot=SNAPSHOT)
    _same(ours, pandas_floor(tx))
    competitors = {"rfm_table": lambda: rfm_table(tx, snapshot=SNAPSHOT), "pandas": lambda: pandas_floor(tx)}
    try:
        import duckdb
    except ImportError:
        duck = None
        print("DuckDB comparison skipped: `import duckdb` failed (install the bench extra: pip install -e .[bench]).\n")
    else:
        duck = duckdb.__version__
        con = duckdb.connect()
        _same(ours, duckdb_query(con, tx))
        competitors["duckdb"] = lambda: duckdb_query(con, tx)
    t = interleaved(competitors)

    print(f"## RFM table: {n_tx:,} transactions, {len(ours):,} customers, seed {seed}\n")
    print("| what | seconds |")
    print("|---|---|")
    print(f"| `rfm_table` (with validation) | {t['rfm_table']:.3f} |")
    print(f"| plain pandas `groupby`, no checks | {t['pandas']:.3f} |")
    if duck:
        print(f"| DuckDB {duck}, the same `GROUP BY` on the same frame | {t['duckdb']:.3f} |")
    print()
    print(f"`rfm_table` / plain pandas: **{t['rfm_table'] / t['pandas']:.2f}×**")
    if duck:
        print(f"`rfm_table` / DuckDB: **{t['rfm_table'] / t['duckdb']:.2f}×** (goal: at most 1.5×)")


def kmeans_section(n_cust: int) -> None:
    frame = customers(n_cust)
    labels = kmeans_segments(frame, list(frame.columns), k=6)
    assert labels.nunique() == 6
    t = interleaved({"ours": lambda: kmeans_segments(frame, list(frame.columns), k=6),
                     "direct": lambda: sklearn_direct(frame)}, rounds=3)
    print(f"\n## k-means: {n_cust:,} customers, 4 features, k = 6, n_init = 10, one thread\n")
    print("| what | seconds |")
    print("|---|---|")
    print(f"| `kmeans_segments` (validation, scaling, relabelling) | {t['ours']:.3f} |")
    print(f"| `StandardScaler` + `KMeans` called directly | {t['direct']:.3f} |")
    print(f"\n`kmeans_segments` / direct scikit-learn: **{t['ours'] / t['direct']:.2f}×**")


def main(argv: list[str]) -> int:
    n_tx = int(argv[0]) if argv else 1_000_000
    n_cust = int(argv[1]) if len(argv) > 1 else 100_000
    seed = int(argv[2]) if len(argv) > 2 else 4
    print(f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"{platform.machine()}; best of {ROUNDS} interleaved rounds\n")
    rfm_section(n_tx, seed)
    if n_cust:
        kmeans_section(n_cust)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
