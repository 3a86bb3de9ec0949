"""Customer segmentation (客户细分): RFM, value × expectation, k-means clusters and targeting.

Module 4 of the course. Pure functions, pandas in and pandas out, one concern per module:

* :mod:`~crmcourse.segmentation.frameworks` — the checklist, the four customer types and their
  strategies, the bank's client classes (fixed tables);
* :mod:`~crmcourse.segmentation.rfm` — :func:`rfm_table`, :func:`rfm_scores`, :func:`rfm_segments`;
* :mod:`~crmcourse.segmentation.matrix` — :func:`value_expectation_matrix`;
* :mod:`~crmcourse.segmentation.clustering` — k-means segments, choosing k, profiles, stability,
  actionability;
* :mod:`~crmcourse.segmentation.targeting` — offer rules, one contact per customer, campaigns;
* :mod:`~crmcourse.segmentation.plots` and :mod:`~crmcourse.segmentation.widgets` — the charts
  and explorers (loaded only when imported; the models that predict lifetime value are in
  :mod:`crmcourse.lifetime`).

>>> import pandas as pd
>>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"],
...                    "date": ["2025-12-01", "2025-12-21", "2025-06-30"],
...                    "amount": [100.0, 50.0, 80.0]})
>>> rfm_table(tx, snapshot="2026-01-01")
             recency  frequency  monetary
customer_id
A                 11          2     150.0
B                185          1      80.0

Every problem with the input is one :class:`~crmcourse.errors.CourseDataError` naming the rows
and the fix — never a silent wrong result:

* transactions: missing or unreadable dates (text dates must be ISO ``YYYY-MM-DD``; numbers such
  as 20250131 are refused), missing customers, amounts that are not numbers, negative amounts
  (returns) unless ``returns=`` says what to do with them, duplicate rows unless ``duplicates=``
  says what they are, a snapshot before the last purchase, no snapshot at all (recency is never
  measured from "today");
* scores: fewer customers than score bins, a bin count outside 2–10, a non-unique index;
* clustering: fewer customers (or fewer distinct customers) than clusters, features that are not
  numbers, missing or infinite values, features with zero variance (nothing to separate);
* targeting: rule columns the customer table lacks, unknown offers, propensities outside 0–1.

Conventions
-----------
* Recency counts calendar days: the time of day is ignored on both the purchase and the
  snapshot side.
* RFM scores are quintiles by default: customers are ranked on each measure and cut into
  ``bins`` equal-sized groups, 5 = best (most recent, most frequent, most money). Ties are
  broken by the order of the customer ids, so equal values can sit on both sides of a
  boundary — the usual ``rank(method="first")`` practice, which keeps the groups equal-sized.
* The R × F naming map is the widely used one (champions, loyal customers, … hibernating).
* Value × expectation: a customer is *high* on an axis when at or above its cut
  (``value >= value_cut``); the default cuts are the medians.
* k-means: features are standardised (mean 0, standard deviation 1) and fitted with
  scikit-learn's ``KMeans`` with a fixed ``random_state`` and ``n_init``; segments are
  numbered 1..k from the largest to the smallest, so the numbers do not change between runs.
"""
from __future__ import annotations

from crmcourse.segmentation.clustering import (
    k_diagnostics,
    kmeans_segments,
    segment_actionability,
    segment_profile,
    segment_stability,
)
from crmcourse.segmentation.frameworks import (
    CUSTOMER_TYPES,
    bank_classes,
    customer_type_strategies,
    segmentation_checklist,
)
from crmcourse.segmentation.matrix import value_expectation_matrix
from crmcourse.segmentation.rfm import RFM_SEGMENTS, rfm_scores, rfm_segment_grid, rfm_segments, rfm_table
from crmcourse.segmentation.targeting import campaign_simulation, match_offers, one_contact_per_customer

__all__ = [
    "segmentation_checklist",
    "RFM_SEGMENTS",
    "rfm_table",
    "rfm_scores",
    "rfm_segments",
    "rfm_segment_grid",
    "CUSTOMER_TYPES",
    "customer_type_strategies",
    "value_expectation_matrix",
    "kmeans_segments",
    "k_diagnostics",
    "segment_profile",
    "segment_stability",
    "segment_actionability",
    "match_offers",
    "one_contact_per_customer",
    "campaign_simulation",
    "bank_classes",
]
