"""Relationship marketing and customer loyalty (关系营销与客户忠诚), module 6.

One file per theme:

* :mod:`~crmcourse.loyalty.frameworks` — the frameworks as data, so notebooks and checks use one
  source: :data:`SIX_MARKETS`, :data:`RELATIONSHIP_SHIFTS`, :data:`RELATIONSHIP_LEVELS` and
  :data:`KOTLER_GRID` (:func:`relationship_level`, :func:`level_for_segments`), :data:`BONDS`,
  :data:`IDIC`, :data:`LOYALTY_INDICATORS`;
* :mod:`~crmcourse.loyalty.purchases` — Qingmei Cosmetics' members and purchases:
  :func:`repeat_purchase_rate`, :func:`spend_by_customer`, :func:`spend_bands`,
  :func:`retention_by_band` and :func:`programme_economics` (does a member card pay for whom?);
* :mod:`~crmcourse.loyalty.referral` — :func:`referral_voucher` and :func:`referral_rewards`
  (the "snowball" referral scheme);
* :mod:`~crmcourse.loyalty.care` — :func:`birthdays_between` (birthday care),
  :func:`first_purchase_due`, :data:`TEMPLATES`, :func:`template_fields` and
  :func:`render_messages` (personalised care messages that never go to a customer who opted out
  and never leave a field unfilled), :class:`MessageBatch`;
* :mod:`~crmcourse.loyalty.plots` — the relationship grid and the programme's economics.

Dates follow the package's one rule (ISO text, dates or datetime columns; timezone-aware dates
become naive local time; numbers such as 20250105 and day/month text are refused with the
conversion to use), as in ``rfm_table``. Figures the sources do not give — margin rates, costs,
how much a programme cuts defections — are parameters with *illustrative* defaults; the
notebooks say so.

>>> relationship_level("few", "high")
'partnership'
>>> referral_voucher(450.0)
40.0
"""
from __future__ import annotations

from crmcourse.loyalty.care import (
    TEMPLATES, MessageBatch, birthdays_between, first_purchase_due, render_messages, template_fields,
)
from crmcourse.loyalty.frameworks import (
    BONDS, IDIC, KOTLER_GRID, LOYALTY_INDICATORS, RELATIONSHIP_LEVELS, RELATIONSHIP_SHIFTS, SIX_MARKETS,
    level_for_segments, relationship_level,
)
from crmcourse.loyalty.purchases import (
    LEVEL_THRESHOLDS, programme_economics, repeat_purchase_rate, retention_by_band, spend_bands, spend_by_customer,
)
from crmcourse.loyalty.referral import VOUCHER_TIERS, referral_rewards, referral_voucher

__all__ = [
    "SIX_MARKETS",
    "RELATIONSHIP_SHIFTS",
    "RELATIONSHIP_LEVELS",
    "KOTLER_GRID",
    "BONDS",
    "IDIC",
    "LOYALTY_INDICATORS",
    "LEVEL_THRESHOLDS",
    "VOUCHER_TIERS",
    "TEMPLATES",
    "relationship_level",
    "level_for_segments",
    "repeat_purchase_rate",
    "spend_by_customer",
    "spend_bands",
    "retention_by_band",
    "programme_economics",
    "referral_voucher",
    "referral_rewards",
    "birthdays_between",
    "first_purchase_due",
    "template_fields",
    "MessageBatch",
    "render_messages",
]


def __getattr__(name: str):
    """``crmcourse.loyalty.plots`` is imported on first use, not with the package."""
    if name in ("plots",):
        import importlib

        return importlib.import_module(f"crmcourse.loyalty.{name}")
    raise AttributeError(f"module 'crmcourse.loyalty' has no attribute {name!r}")
