"""Customer lifetime value (客户终身价值): what keeping a customer is worth.

Module 1 uses the simple retention model (:mod:`~crmcourse.lifetime.simple`); module 4 adds the
"buy till you die" models fitted to transactions: the summary per customer
(:mod:`~crmcourse.lifetime.summary`), BG/NBD for purchases (:mod:`~crmcourse.lifetime.bgnbd`)
and Gamma-Gamma for spend, with the predicted value (:mod:`~crmcourse.lifetime.spend`). The
tracking chart is in :mod:`crmcourse.lifetime.plots` (loaded only when imported).

The simple retention model (Gupta & Lehmann): a customer brings a constant margin ``m`` at
the end of every period they stay, stays each period with probability ``r`` (the retention
rate), and money is discounted at rate ``i`` per period. Over an unlimited horizon

    CLV = m · r / (1 + i − r)

>>> round(clv_simple(margin=100, retention=0.8, discount=0.10), 2)
266.67
>>> round(margin_multiple(retention=0.8, discount=0.10), 3)
2.667

Time in the BTYD models is in whatever unit the summary uses (weeks for CDNOW). On the CDNOW
sample (2,357 customers, 39-week calibration) the fits reproduce the published estimates
(:data:`PUBLISHED_CDNOW`).
"""
from __future__ import annotations

from crmcourse.lifetime._common import PUBLISHED_CDNOW
from crmcourse.lifetime.bgnbd import (
    bgnbd_log_likelihood,
    expected_purchases,
    expected_purchases_new,
    fit_bgnbd,
    p_alive,
)
from crmcourse.lifetime.simple import clv_simple, margin_multiple
from crmcourse.lifetime.spend import expected_spend, fit_gamma_gamma, gamma_gamma_log_likelihood, predicted_value
from crmcourse.lifetime.summary import btyd_summary

__all__ = [
    "clv_simple",
    "margin_multiple",
    "btyd_summary",
    "fit_bgnbd",
    "bgnbd_log_likelihood",
    "expected_purchases",
    "expected_purchases_new",
    "p_alive",
    "fit_gamma_gamma",
    "gamma_gamma_log_likelihood",
    "expected_spend",
    "predicted_value",
    "PUBLISHED_CDNOW",
]
