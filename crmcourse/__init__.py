"""crmcourse — helpers for a Jupyter course on customer relationship management.

Importing the package is cheap: topic modules (and pandas, matplotlib, ipywidgets) load
only when first used, e.g. ``crmcourse.data`` or ``from crmcourse import check``.

>>> import crmcourse
>>> crmcourse.__version__
'0.1.0'

``crmcourse.set_language("zh")`` switches the package's messages to Simplified Chinese
(``get_language()`` says which is in use; see :mod:`crmcourse.i18n`).
"""
from __future__ import annotations

import importlib
import os

__version__ = "0.1.0"

if os.environ.get("CRMCOURSE_LANG", "").strip():
    # Error texts (errors.py) translate only once the language layer is loaded: with CRMCOURSE_LANG
    # set, load it now (standard library only), so the first helper called already speaks it.
    importlib.import_module("crmcourse.i18n")

_SUBMODULES = {
    "cases", "checks", "cli", "data", "glossary", "grading", "learner", "plots", "runner", "widgets",
    "satisfaction", "lifetime", "accounts", "spin", "segmentation", "crm", "loyalty",
}
_I18N = {"set_language", "get_language"}
__all__ = sorted(_SUBMODULES | _I18N | {"check", "i18n", "__version__"})


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"crmcourse.{name}")
    if name == "i18n" or name in _I18N:
        i18n = importlib.import_module("crmcourse.i18n")
        return i18n if name == "i18n" else getattr(i18n, name)
    if name == "check":
        from crmcourse.checks import check
        return check
    raise AttributeError(f"module 'crmcourse' has no attribute {name!r}")


def __dir__():
    return __all__
