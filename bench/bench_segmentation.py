"""Benchmark: RFM on 1,000,000 transactions and k-means on 100,000 customers (module 4 helpers).

    python bench/bench_segmentation.py                   # 1,000,000 transactions, 100,000 customers
    python bench/bench_segmentation.py 200000 20000      # other sizes

Measures, in the same run:

1. ``crmcourse.segmentation.rfm_table`` (validation included: dates, amounts, duplicates,
   returns, snapshot) on a seeded synthetic transaction table (100 transactions per 10 customers
   on average, dates over two years, lognormal amounts);
2. the same query in DuckDB (``GROUP BY customer_id`` with ``max(date)``, ``count(*)``,
   ``sum(amount)`` on the same pandas frame), if duckdb can be imported. duckdb is not a course
   dependency: run the script with a Python that has it (e.g. a throwaway venv, see
   docs/performance.md); without it the comparison is skipped with a note;
3. a plain pandas ``groupby`` with no validation, the floor of what ``rfm_table`` can cost;
4. ``kmeans_segments`` (standardise + scikit-learn ``KMeans``, k = 6, ``n_init=10``, single-threaded)
   on 100,000 customers with four features, against the same scikit-learn calls made directly.

The script checks that every RFM variant returns the same numbers before timing. Prints the median
of ``REPEAT`` runs and the ratios; figures go into docs/performance.md by hand.
"""
from __future__ import annotations

import platform
import statistics
import sys
import time

import numpy as np
import pandas as pd

from crmcourse.segmentation import kmeans_segments, rfm_table

REPEAT = 3
SNAPSHOT = "2026-01-01"


def _median_seconds(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    out = pd.DataFrame({"recency": (pd.Timestamp(SNAPSHOT) - g["date"].max()).dt.days,
                        "frequency": g.size(), "monetary": g["amount"].sum()})
    return out


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


def main(argv: list[str]) -> int:
    n_tx = int(argv[0]) if argv else 1_000_000
    n_cust = int(argv[1]) if len(argv) > 1 else 100_000
    print(f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"{platform.machine()}; median of {REPEAT} runs\n")

    tx = transactions(n_tx)
    ours = rfm_table(tx, snapshot=SNAPSHOT)
    floor = pandas_floor(tx)
    assert (ours["recency"] == floor["recency"]).all() and (ours["frequency"] == floor["frequency"]).all()
    assert np.allclose(ours["monetary"], floor["monetary"])
    t_ours = _median_seconds(lambda: rfm_table(tx, snapshot=SNAPSHOT))
    t_floor = _median_seconds(lambda: pandas_floor(tx))
    rows = [("`rfm_table` (with validation)", t_ours), ("plain pandas `groupby`, no checks", t_floor)]
    try:
        import duckdb
    except ImportError:
        duck_note = ("DuckDB comparison skipped: `import duckdb` failed (it is not a course dependency; "
                     "run this script with a Python that has it, e.g. a throwaway venv).")
        t_duck = None
    else:
        con = duckdb.connect()
        theirs = duckdb_query(con, tx)
        assert (theirs["recency"].to_numpy() == ours["recency"].to_numpy()).all()
        assert (theirs["frequency"].to_numpy() == ours["frequency"].to_numpy()).all()
        assert np.allclose(theirs["monetary"].to_numpy(), ours["monetary"].to_numpy())
        t_duck = _median_seconds(lambda: duckdb_query(con, tx))
        rows.append((f"DuckDB {duckdb.__version__}, same query on the same frame", t_duck))
        duck_note = ""

    print(f"## RFM table: {n_tx:,} transactions, {len(ours):,} customers\n")
    print("| what | seconds |")
    print("|---|---|")
    for what, t in rows:
        print(f"| {what} | {t:.3f} |")
    print()
    print(f"`rfm_table` / plain pandas: **{t_ours / t_floor:.1f}×**")
    if t_duck is not None:
        print(f"`rfm_table` / DuckDB: **{t_ours / t_duck:.1f}×**")
    else:
        print(duck_note)

    frame = customers(n_cust)
    labels = kmeans_segments(frame, list(frame.columns), k=6)
    assert labels.nunique() == 6
    t_km = _median_seconds(lambda: kmeans_segments(frame, list(frame.columns), k=6))
    t_sk = _median_seconds(lambda: sklearn_direct(frame))
    print(f"\n## k-means: {n_cust:,} customers, 4 features, k = 6, n_init = 10, one thread\n")
    print("| what | seconds |")
    print("|---|---|")
    print(f"| `kmeans_segments` (validation, scaling, relabelling) | {t_km:.3f} |")
    print(f"| `StandardScaler` + `KMeans` called directly | {t_sk:.3f} |")
    print(f"\n`kmeans_segments` / direct scikit-learn: **{t_km / t_sk:.2f}×**")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
