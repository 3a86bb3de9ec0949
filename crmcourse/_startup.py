"""Process start-up for the programs crmcourse runs itself (the ``crmcourse`` command, the grading worker).

:func:`skip_unused_iri_checker` — why it exists: ``nbformat`` imports ``jsonschema``, whose format
checkers import ``rfc3987_syntax`` when it is installed (JupyterLab's ``jupyter-events`` installs it
through ``jsonschema[format-nongpl]``). That module builds some 35 Lark parsers at import time:
**about 1 s of CPU** on the course's 2-core machine (``python -X importtime -c "import nbclient"``:
0.96 s of 1.18 s), for the ``iri``/``iri-reference`` formats that no notebook schema uses. Each
graded notebook starts a fresh worker process that imports nbformat, so a class of 30 paid 30 s.
Upstream: python-jsonschema/jsonschema#1428 (lazy import, asked for) and opendatahub-io/notebooks#3532
(the same measurement). Marking the module as absent makes ``jsonschema`` skip those two checkers,
exactly as it does on a machine without the package; nothing else changes.

It is called by programs, never by the library on import: a learner's or analyst's own process keeps
whatever jsonschema it has.
"""
from __future__ import annotations

import sys

__all__ = ["skip_unused_iri_checker"]


def skip_unused_iri_checker() -> None:
    """Make ``import rfc3987_syntax`` fail in this process unless it was imported already.

    Examples
    --------
    >>> skip_unused_iri_checker()  # first thing in a program: once jsonschema is imported it changes nothing
    """
    if "jsonschema._format" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # None in sys.modules: ImportError on import
