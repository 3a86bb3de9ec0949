"""What every part of the site and the slides shares: the error, the folder names, stable output.

>>> static_url(0), static_url(2)
('_static', '../../_static')
>>> stable_ids("getElementById('0f8fad5b-d9cb-469f-a165-70867728950e')")
"getElementById('crmcourse-output-0')"
"""
from __future__ import annotations

import re

import nbformat

__all__ = ["SiteBuildError", "STATIC", "SITE_MARKER", "NPM_HINT", "MATHJAX_CONFIG", "static_url",
           "stable_ids", "titled"]

#: The folder (in a site or a slides folder) that holds every asset the pages load.
STATIC = "_static"
#: The file that marks a folder as a built site, so a rebuild may replace it.
SITE_MARKER = ".crmcourse-site"
#: The command that installs the pinned JavaScript assets.
NPM_HINT = "npm ci --prefix site"
#: MathJax 2 configuration the pages load (from _static/mathjax/config/).
MATHJAX_CONFIG = "TeX-AMS_CHTML,Safe"

_RANDOM_ID_RE = re.compile(r"getElementById\('([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'\)")


class SiteBuildError(RuntimeError):
    """The site or the slides cannot be built; the message says what is missing and how to fix it."""


def static_url(depth: int) -> str:
    """Relative URL of ``_static/`` from a page ``depth`` folders below the site root."""
    return "../" * depth + STATIC if depth else STATIC


def stable_ids(body: str) -> str:
    """Rename the random element ids nbconvert gives some outputs (uuid4), so builds are reproducible."""
    for n, found in enumerate(dict.fromkeys(_RANDOM_ID_RE.findall(body))):
        body = body.replace(found, f"crmcourse-output-{n}")
    return body


def titled(nb: nbformat.NotebookNode, title: str) -> nbformat.NotebookNode:
    """``nb`` with ``title`` as the page title nbconvert writes into ``<title>`` (``nb`` is changed)."""
    nb.metadata["title"] = title
    return nb
