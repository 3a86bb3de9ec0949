"""crmcourse — helpers for a Jupyter course on customer relationship management.

Importing the package is cheap: topic modules (and pandas, matplotlib, ipywidgets) load
only when first used, e.g. ``crmcourse.data`` or ``from crmcourse import check``.

>>> import crmcourse
>>> crmcourse.__version__
'0.1.0'
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "cases", "checks", "cli", "data", "glossary", "grading", "learner", "plots", "runner", "widgets",
    "satisfaction", "lifetime", "accounts", "spin", "segmentation", "crm", "loyalty",
}
__all__ = sorted(_SUBMODULES | {"check", "__version__"})


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"crmcourse.{name}")
    if name == "check":
        from crmcourse.checks import check
        return check
    raise AttributeError(f"module 'crmcourse' has no attribute {name!r}")


def __dir__():
    return __all__
