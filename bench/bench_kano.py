"""Benchmark: Kano classification of 10,000 respondents × 20 features (200,000 answer pairs).

Compares, in the same run and on the same seeded survey:

* the vectorised helpers — ``kano_category`` on two whole columns (one numpy lookup in the
  evaluation table) and ``kano_classify`` (categories, counts per feature, category with
  tie-break, Better/Worse and Fong's test);
* a straightforward row-by-row version — ``DataFrame.apply(..., axis=1)`` calling the scalar
  ``kano_category`` on every row, then counting with ``pd.crosstab``.

Both give the same categories (checked before timing). Prints a markdown table; the figure goes
into docs/performance.md by hand. Tests never assert timings.

    python bench/bench_kano.py            # 10,000 × 20, best of 3 runs each
    python bench/bench_kano.py 2000 10    # a smaller survey
"""
from __future__ import annotations

import platform
import sys

import numpy as np
import pandas as pd

from crmcourse.satisfaction import KANO_ANSWERS, KANO_TIE_BREAK, kano_category, kano_classify
from timing import best_of


def make_survey(respondents: int = 10_000, features: int = 20, seed: int = 1) -> pd.DataFrame:
    """A seeded long-format Kano survey: one row per respondent and feature, answers as labels."""
    rng = np.random.default_rng(seed)
    n = respondents * features
    # answers skewed like a real survey: many like/dislike, fewer contradictions
    p = np.array([0.35, 0.15, 0.25, 0.1, 0.15])
    return pd.DataFrame({
        "respondent_id": np.repeat([f"R{i:05d}" for i in range(respondents)], features),
        "feature": np.tile([f"feature {j:02d}" for j in range(features)], respondents),
        "functional": np.asarray(KANO_ANSWERS, dtype=object)[rng.choice(5, size=n, p=p)],
        "dysfunctional": np.asarray(KANO_ANSWERS, dtype=object)[rng.choice(5, size=n, p=p[::-1])],
    })


def row_by_row_categories(survey: pd.DataFrame) -> pd.Series:
    return survey.apply(lambda row: kano_category(row["functional"], row["dysfunctional"]), axis=1)


def row_by_row_classify(survey: pd.DataFrame) -> pd.DataFrame:
    """What one would write without the helper: apply per row, crosstab, pick the most frequent."""
    cats = row_by_row_categories(survey)
    counts = pd.crosstab(survey["feature"], cats).reindex(columns=list(KANO_TIE_BREAK), fill_value=0)
    return counts.assign(category=counts.idxmax(axis=1))  # first maximum in M > O > A > I > R > Q order


def main(argv: list[str]) -> int:
    respondents = int(argv[0]) if argv else 10_000
    features = int(argv[1]) if len(argv) > 1 else 20
    repeat = 3
    survey = make_survey(respondents, features)

    # same answers from both ways, before any timing
    fast = kano_category(survey["functional"], survey["dysfunctional"])
    slow = row_by_row_categories(survey)
    assert fast.tolist() == slow.tolist(), "vectorised and row-by-row categories differ"
    table = kano_classify(survey).set_index("feature")
    assert table["category"].tolist() == row_by_row_classify(survey)["category"].tolist()

    rows = [
        ("category of every answer pair", lambda: kano_category(survey["functional"], survey["dysfunctional"]),
         lambda: row_by_row_categories(survey)),
        ("whole classification per feature", lambda: kano_classify(survey), lambda: row_by_row_classify(survey)),
    ]
    print(f"## Kano classification: {respondents:,} respondents × {features} features "
          f"({len(survey):,} answer pairs)\n")
    print(f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}; "
          f"best of {repeat} runs, seconds.\n")
    print("| step | vectorised helper | row-by-row `apply` | ratio |")
    print("|---|---|---|---|")
    for name, vec, loop in rows:
        t_vec = best_of(vec, repeat=repeat)
        t_loop = best_of(loop, repeat=repeat)
        print(f"| {name} | {t_vec:.3f} | {t_loop:.2f} | {t_loop / t_vec:,.0f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
