"""Key accounts (大客户): who they are, how their deals move, and who covers whom.

Module 2 of the course. Pure functions, pandas in and pandas out, one file per question:

* :mod:`~crmcourse.accounts.ranking` — :func:`pareto_table`, :func:`abc_classes`,
  :func:`assign_tiers`, :func:`postal_tiers`, :func:`portfolio_quadrants`,
  :func:`share_of_wallet`;
* :mod:`~crmcourse.accounts.pipeline` — :func:`weighted_pipeline`, :func:`stage_conversion`,
  :func:`stuck_deals`, :func:`probabilities`;
* :mod:`~crmcourse.accounts.buying_centre` — :func:`coverage_gaps`;
* :mod:`~crmcourse.accounts.plots` and :mod:`~crmcourse.accounts.widgets` — charts and the
  forecast explorer (matplotlib / ipywidgets load only when a chart or widget is made).

Every problem with the input (negative or missing values, thresholds out of order, unknown stage
names, probabilities outside [0, 1], dates going backwards, empty tables, missing or duplicate
columns) is reported as one :class:`~crmcourse.errors.CourseDataError` that names the rows and
the fix.

>>> import pandas as pd
>>> revenue = pd.Series({"K1": 40.0, "K2": 40.0, "K3": 15.0, "K4": 5.0})
>>> abc_classes(revenue).tolist()
['A', 'A', 'B', 'C']
>>> assign_tiers(pd.Series([9_999, 10_000, 2_000_000]), postal_tiers()).tolist()
['none', 'VIP', 'platinum']

Defaults and where they come from
---------------------------------
* :data:`SUITECRM_PROBABILITIES` — the win probability per opportunity stage that the
  open-source CRM SuiteCRM ships (Prospecting 10% … Negotiation/Review 80%, Closed Won 100%,
  Closed Lost 0%), written as fractions of 1 (from :mod:`crmcourse.constants`).
* :data:`SALES_STAGES` — SuiteCRM's sales stages; :data:`STAGES` is the same tuple under its
  older name.
* ABC classes: A up to 80% of cumulative value, B up to 95%, C the rest (the usual defaults).
* :data:`POSTAL_TIERS` — Guangdong Postal letter-mail key-account rules: VIP from 10,000 CNY of
  annual revenue, gold from 200,000, platinum from 2,000,000, diamond from 5,000,000 (lower
  bounds included). :func:`postal_tiers` applies the 0.9–0.8 regional coefficient.
* :data:`DEALER_TIERS` — a car dealer's key-account tiers by vehicles bought per year
  (5+, 10+, 50+, 100+), from the Toyota-dealer case.
"""
from __future__ import annotations

from crmcourse.accounts.buying_centre import BUYING_ROLES, coverage_gaps
from crmcourse.accounts.pipeline import (
    CLOSED_STAGES, OPEN_STAGES, SALES_STAGES, STAGES, SUITECRM_PROBABILITIES, probabilities, stage_conversion,
    stuck_deals, weighted_pipeline,
)
from crmcourse.accounts.ranking import (
    DEALER_TIERS, POSTAL_TIERS, abc_classes, assign_tiers, pareto_table, portfolio_quadrants, postal_tiers,
    share_of_wallet,
)

__all__ = [
    "SALES_STAGES",
    "STAGES",
    "OPEN_STAGES",
    "CLOSED_STAGES",
    "SUITECRM_PROBABILITIES",
    "POSTAL_TIERS",
    "DEALER_TIERS",
    "BUYING_ROLES",
    "pareto_table",
    "abc_classes",
    "assign_tiers",
    "postal_tiers",
    "portfolio_quadrants",
    "share_of_wallet",
    "probabilities",
    "weighted_pipeline",
    "stage_conversion",
    "stuck_deals",
    "coverage_gaps",
]


def __getattr__(name: str):
    """``crmcourse.accounts.plots`` (and ``widgets``) are imported on first use, not with the package."""
    if name in ("plots", "widgets"):
        import importlib

        return importlib.import_module(f"crmcourse.accounts.{name}")
    raise AttributeError(f"module 'crmcourse.accounts' has no attribute {name!r}")


