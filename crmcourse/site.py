"""Offline HTML exports of the course: this name is kept for existing imports.

The site lives in :mod:`crmcourse.authoring.site`, the slides in :mod:`crmcourse.authoring.slides`;
the commands are ``crmcourse site`` and ``crmcourse slides`` (:mod:`crmcourse.cli`).

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"),
...     nbformat.v4.new_markdown_cell("## Part one"), nbformat.v4.new_code_cell("import pandas")])
>>> [c.metadata["slideshow"]["slide_type"] for c in add_slide_metadata(nb).cells]
['slide', 'slide', 'skip']
"""
from __future__ import annotations

from crmcourse.authoring.site import (ASSETS, CAPSTONE, MATHJAX_CONFIG, NPM_HINT, REVEAL_THEME, SITE_GROUPS,
                                      SITE_MARKER, SLIDES_GROUPS, STATIC, NotebookEntry, SiteBuildError,
                                      build_site, collect, copy_assets, export_page, find_node_modules,
                                      glossary_page, index_page, missing_assets, notebook_info)
from crmcourse.authoring.slides import (HIDE_INPUT_TAG, LONG_CODE_LINES, SLIDE_BUDGET, add_slide_metadata,
                                        build_slides, export_slides)

__all__ = ["SiteBuildError", "NotebookEntry", "notebook_info", "collect", "add_slide_metadata",
           "find_node_modules", "missing_assets", "copy_assets", "export_page", "export_slides", "build_slides",
           "build_site", "glossary_page", "index_page", "ASSETS", "SITE_GROUPS", "SLIDES_GROUPS", "STATIC",
           "SITE_MARKER", "NPM_HINT", "MATHJAX_CONFIG", "REVEAL_THEME", "LONG_CODE_LINES", "SLIDE_BUDGET",
           "HIDE_INPUT_TAG", "CAPSTONE"]

# the name tests/browser/test_site_offline.py still uses
_missing_assets = missing_assets
