"""Benchmark: ABC classes + Pareto table on 1,000,000 accounts (module 2 helpers).

    python bench/bench_accounts.py            # 1,000,000 accounts (default)
    python bench/bench_accounts.py 200000     # another size

Measures, in the same run and on the same lognormal revenues:

1. ``crmcourse.accounts.pareto_table`` + ``abc_classes`` (validation included);
2. a plain pandas baseline: ``sort_values`` + ``cumsum`` + shift + ``np.select``, no validation;
3. a naive pure-Python loop (sorted() on the account positions by value, a running total, one
   class per account), run on a tenth of the accounts and scaled up ×10 — and, as a check on that
   scaling, once on all the accounts (linear scaling flatters the loop: sorting grows as n log n
   and a million Python objects no longer fit the CPU caches).

The three are timed in turn within each of ``REPEAT`` rounds, so that a change in machine load
affects them alike; the table shows the best round of each and the ratios. Figures go into docs/performance.md by hand.
"""
from __future__ import annotations

import platform
import sys

import numpy as np
import pandas as pd

from crmcourse.accounts import abc_classes, pareto_table
from timing import best_of

REPEAT = 5


def course_helpers(values: pd.Series):
    table = pareto_table(values)
    classes = abc_classes(values)
    return table, classes


def pandas_baseline(values: pd.Series) -> pd.Series:
    s = values.sort_values(ascending=False, kind="stable")
    cum = s.cumsum() / s.sum()
    before = cum.shift(fill_value=0.0)
    return pd.Series(np.select([before < 0.8, before < 0.95], ["A", "B"], "C"), index=s.index)


def naive_loop(values: list[float]) -> list[str]:
    total = 0.0
    for v in values:
        total += v
    order = sorted(range(len(values)), key=lambda i: -values[i])
    classes = [""] * len(values)
    running = 0.0
    for i in order:
        share_before = running / total
        classes[i] = "A" if share_before < 0.8 else ("B" if share_before < 0.95 else "C")
        running += values[i]
    return classes


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1_000_000
    rng = np.random.default_rng(20261126)
    values = pd.Series(np.round(rng.lognormal(11, 1.6, n), 2),
                       index=pd.Index([f"A{i:07d}" for i in range(n)], name="account_id"))
    small = values.iloc[: n // 10]

    # the three give the same classes (checked on the small slice, where the loop is quick)
    loop_small = naive_loop(small.tolist())
    assert abc_classes(small).astype(str).tolist() == loop_small
    assert pandas_baseline(small).reindex(small.index).tolist() == loop_small

    as_list = small.tolist()
    rounds = {"course": [], "pandas": [], "loop": []}
    for _ in range(REPEAT):  # interleaved, so load changes hit all three alike
        for key, fn in (("course", lambda: course_helpers(values)), ("pandas", lambda: pandas_baseline(values)),
                        ("loop", lambda: naive_loop(as_list))):
            rounds[key].append(best_of(fn, repeat=1))
    t_course, t_pandas = min(rounds["course"]), min(rounds["pandas"])
    t_loop = min(rounds["loop"]) * 10
    full_list = values.tolist()
    t_loop_full = best_of(lambda: naive_loop(full_list), repeat=1)

    print(f"## ABC classes + Pareto table on {n:,} accounts (best of {REPEAT} interleaved rounds)\n")
    print(f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}\n")
    print("| what | seconds | ratio to the course helpers |")
    print("|---|---|---|")
    print(f"| `pareto_table` + `abc_classes` (course helpers, with validation) | {t_course:.3f} | 1.0 |")
    print(f"| plain pandas sort + cumsum, classes only, no validation | {t_pandas:.3f} | {t_pandas / t_course:.2f} |")
    print(f"| naive pure-Python loop, classes only (measured on {n // 10:,}, ×10) | {t_loop:.3f} | "
          f"{t_loop / t_course:.1f} |")
    print(f"| naive pure-Python loop, classes only (measured once on all {n:,}) | {t_loop_full:.3f} | "
          f"{t_loop_full / t_course:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
