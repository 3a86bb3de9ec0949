"""Executing notebooks deterministically: this name is kept for existing imports.

The code lives in :mod:`crmcourse.authoring.runner`; the command is ``crmcourse execute``.
"""
from __future__ import annotations

from crmcourse.authoring.runner import KERNELSPEC, NotebookRunError, execute_in_place, normalise, run

__all__ = ["NotebookRunError", "run", "execute_in_place", "normalise", "KERNELSPEC"]
