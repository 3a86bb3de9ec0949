"""Every course explorer under one name: ``crmcourse.widgets.ratio_explorer`` and friends.

The explorers live with their topic (``crmcourse.satisfaction.widgets``, ``crmcourse.spin.widgets``,
…); this module only forwards to them. Each returns an ipywidgets container; display it by leaving
it as the last expression of a cell. A topic is imported on first use of one of its explorers.

>>> import crmcourse.widgets as widgets
>>> widgets.spin_simulator.__module__
'crmcourse.spin.widgets'
"""
from __future__ import annotations

import importlib

#: explorer name → the topic module that defines it.
HOMES = {
    **dict.fromkeys(["ratio_explorer", "promise_explorer", "kano_explorer"], "crmcourse.satisfaction.widgets"),
    "forecast_explorer": "crmcourse.accounts.widgets",
    **dict.fromkeys(["value_expectation_explorer", "k_explorer"], "crmcourse.segmentation.widgets"),
    "spin_simulator": "crmcourse.spin.widgets",
}
__all__ = sorted(HOMES)


def __getattr__(name: str):
    if name in HOMES:
        return getattr(importlib.import_module(HOMES[name]), name)
    raise AttributeError(f"module 'crmcourse.widgets' has no attribute {name!r}")


def __dir__():
    return __all__
