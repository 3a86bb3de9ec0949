"""Exercises of 4.4 Clustering (solutions/04_segmentation/04_clustering.ipynb).

References are computed with crmcourse.segmentation (scikit-learn k-means, fixed seeds) from the
shipped Qingmei data when a check first runs; discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise, ValueExercise

FEATURES = ["log_recency", "log_frequency", "log_monetary", "promo_share"]
PERSONAS = ("champions", "loyal regulars", "at risk", "new customers", "bargain hunters", "hibernating")


def _features():
    import numpy as np

    from crmcourse import data
    from crmcourse.segmentation import rfm_table

    tx = data.load("qingmei_transactions")
    rfm = rfm_table(tx, snapshot="2026-01-01")
    month_day = tx["date"].dt.strftime("%m-%d")
    in_sale = month_day.between("06-12", "06-20") | month_day.between("11-05", "11-13")
    f = rfm.assign(promo_share=in_sale.groupby(tx["customer_id"]).mean())
    return f.assign(log_recency=np.log1p(f["recency"]), log_frequency=np.log(f["frequency"]),
                    log_monetary=np.log(f["monetary"]))


def _best_k() -> int:
    from crmcourse.segmentation import k_diagnostics

    return int(k_diagnostics(_features(), FEATURES, ks=range(2, 9))["silhouette"].idxmax())


def _labels():
    from crmcourse.segmentation import kmeans_segments

    return kmeans_segments(_features(), FEATURES, k=6, random_state=0)


def _mean_ari() -> float:
    from crmcourse.segmentation import segment_stability

    return float(segment_stability(_features(), FEATURES, k=6, n_boot=20, random_state=0).mean())


EXERCISES = [
    ChoiceExercise(
        id="m4_cl_dominant",
        title="The feature that decides unscaled k-means",
        hint="Look for the column along which the clusters line up from small to large.",
        options=("recency", "frequency", "monetary", "promo_share"),
        answer='570814fda4b24562',
        feedback={
            '343cbcde5d4e2bde': "Frequency grows with the clusters too, but only because "
                "big spenders buy often; its numbers (tens) are tiny next to spend (tens of thousands).",
        },
    ),
    NumberExercise(
        id="m4_cl_best_k",
        title="The k with the highest silhouette",
        hint="diagnostics['silhouette'].idxmax()",
        expected=_best_k,
        abs_tol=0.5,
        rel_tol=0.0,
    ),
    ValueExercise(
        id="m4_cl_labels",
        title="k-means labels with k = 6",
        hint="kmeans_segments(X, FEATURES, k=6, random_state=0) - one label per member, same index as X.",
        expected=_labels,
    ),
    MappingExercise(
        id="m4_cl_names",
        title="A name for each of the six clusters",
        hint="Read each profile row: recency, frequency, spend and the share bought in the big sales.",
        options=PERSONAS,
        answer={
            '1': 'b473343c526256e7',
            '2': '79f013ef41f9090a',
            '3': 'fa39f99abd7b8d08',
            '4': '852dbe629e5458fc',
            '5': 'e386684c2a9f5bc5',
            '6': '57f10fa5c60f0f98',
        },
    ),
    NumberExercise(
        id="m4_cl_stability",
        title="Mean adjusted Rand index over 20 bootstrap samples (k = 6)",
        hint="segment_stability(X, FEATURES, k=6, n_boot=20, random_state=0).mean()",
        expected=_mean_ari,
        rel_tol=1e-4,
    ),
    ItemsExercise(
        id="m4_cl_too_small",
        title="Segments under 10% of the members",
        hint="segment_actionability(..., min_share=0.10): the rows where big_enough is False.",
        options=("1", "2", "3", "4", "5", "6"),
        answer=('2d3735a2c18631d7', '3e96c0bc6b395bf6', '5b00deebb8d8f6eb'),
    ),
]
