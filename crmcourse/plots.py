"""Every course chart under one name: ``crmcourse.plots.kano_plot`` and friends.

The charts live with their topic (``crmcourse.satisfaction.plots``, ``crmcourse.accounts.plots``,
…); this module only forwards to them, so notebooks and analysts can keep writing
``from crmcourse.plots import pareto_chart``. A topic is imported on first use of one of its
charts, so ``import crmcourse.plots`` itself loads nothing heavy.

Every chart takes a helper's result (a DataFrame or Series), draws on ``ax`` (a new figure when
``ax`` is None) and returns the matplotlib ``Axes``.

>>> import crmcourse.plots as plots
>>> plots.kano_plot.__module__
'crmcourse.satisfaction.plots'
"""
from __future__ import annotations

import importlib

#: chart name → the topic module that defines it.
HOMES = {
    **dict.fromkeys(["satisfaction_zones_plot", "promise_tradeoff_plot", "kano_plot", "servqual_gap_plot",
                     "nps_plot", "importance_performance_plot"], "crmcourse.satisfaction.plots"),
    **dict.fromkeys(["pareto_chart", "portfolio_matrix", "pipeline_funnel", "influence_attitude_map"],
                    "crmcourse.accounts.plots"),
    **dict.fromkeys(["spin_mix_chart", "spin_call_timeline", "spin_outcome_chart"], "crmcourse.spin.plots"),
    **dict.fromkeys(["rfm_grid_plot", "value_expectation_plot", "k_choice_plot", "segment_profile_plot",
                     "campaign_plot"], "crmcourse.segmentation.plots"),
    "tracking_plot": "crmcourse.lifetime.plots",
    **dict.fromkeys(["sales_funnel_chart", "resolution_time_plot", "report_chart", "report_heatmap"],
                    "crmcourse.crm.plots"),
    **dict.fromkeys(["relationship_grid_plot", "programme_economics_plot"], "crmcourse.loyalty.plots"),
}
__all__ = sorted(HOMES)


def __getattr__(name: str):
    if name in HOMES:
        return getattr(importlib.import_module(HOMES[name]), name)
    raise AttributeError(f"module 'crmcourse.plots' has no attribute {name!r}")


def __dir__():
    return __all__
