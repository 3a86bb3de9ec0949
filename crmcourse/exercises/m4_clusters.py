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


def _best_k(features=tuple(FEATURES[:3])) -> int:
    from crmcourse.segmentation import k_diagnostics

    return int(k_diagnostics(_features(), list(features), ks=range(2, 9))["silhouette"].idxmax())


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
        explanation="k-means measures plain distances, so the feature with the biggest numbers - spend, in tens "
                    "of thousands - decides almost alone. Hence logs and standardisation.",
        task="decide",
    ),
    NumberExercise(
        id="m4_cl_best_k",
        title="The k with the highest silhouette without the promo share",
        hint="Run the same diagnostics on the three log RFM features only and find the k whose silhouette is largest.",
        expected=_best_k,
        abs_tol=0,
        rel_tol=0,
        integer=True,
        slips={lambda: _best_k(tuple(FEATURES)): "That is the best k with all four features, as in the table "
                                                 "above. Leave out promo_share and run the diagnostics again."},
        task="what-if",
    ),
    ValueExercise(
        id="m4_cl_labels",
        title="k-means labels with k = 6",
        hint="The same call as the four-cluster example, with the other k; one label per member, same index as X.",
        expected=_labels,
        task="compute",
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
        concepts={"champions": "bought recently, often and a lot",
                  "loyal regulars": "steady buyers with a moderate recency and spend",
                  "at risk": "big spenders who have not bought for a long time",
                  "new customers": "recent, with only a couple of purchases so far",
                  "bargain hunters": "buy mostly in the big sales",
                  "hibernating": "long gone, rarely bought, spent little"},
        task="classify",
    ),
    NumberExercise(
        id="m4_cl_stability",
        title="Mean adjusted Rand index over 20 bootstrap samples (k = 6)",
        hint="Run the stability check for six clusters with 20 rounds and average the indexes it returns.",
        expected=_mean_ari,
        rel_tol=1e-4,
        task="compute",
    ),
    ItemsExercise(
        id="m4_cl_too_small",
        title="Segments under 10% of the members",
        hint="Raise the minimum share of the actionability check to 10% and look at the 'big enough' test.",
        options=("1", "2", "3", "4", "5", "6"),
        answer=('2d3735a2c18631d7', '3e96c0bc6b395bf6', '5b00deebb8d8f6eb'),
        task="what-if",
    ),
]
