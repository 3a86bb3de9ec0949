"""The offline self-study site: learner pages, worked solutions apart, the course map, the glossary.

``crmcourse site`` calls :func:`build_site`. The parts, one concern each:

* :mod:`.base` — the error, folder names, stable output ids;
* :mod:`.editions` — the English and Chinese editions (folders, twin links) and the ``site`` catalog;
* :mod:`.rendering` — the Jinja2 templates in ``templates/`` and the site stylesheet;
* :mod:`.assets` — the pinned npm JavaScript copied into ``_static/`` (no CDN);
* :mod:`.catalog` — the course notebooks, their titles and time estimates;
* :mod:`.pages` — notebook pages (nbconvert), course map and glossary;
* :mod:`.build` — running the learner notebooks and writing the whole site.

The slides share the assets and templates; they are in :mod:`crmcourse.authoring.slides`.
"""
from __future__ import annotations

from crmcourse.authoring.site.assets import (ASSETS, REVEAL_THEME, SITE_GROUPS, SLIDES_GROUPS, ZH_GROUPS, copy_assets,
                                             find_node_modules, missing_assets)
from crmcourse.authoring.site.base import MATHJAX_CONFIG, NPM_HINT, SITE_MARKER, STATIC, SiteBuildError
from crmcourse.authoring.site.build import build_site
from crmcourse.authoring.site.catalog import CAPSTONE, NotebookEntry, collect, module_titles, notebook_info
from crmcourse.authoring.site.editions import HTML_LANG, LANGUAGES, ZH, edition_dirs, has_edition, tr, twin_href
from crmcourse.authoring.site.pages import export_page, glossary_page, index_page, language_switch

__all__ = ["SiteBuildError", "NotebookEntry", "notebook_info", "collect", "module_titles", "find_node_modules",
           "missing_assets", "copy_assets", "export_page", "build_site", "glossary_page", "index_page",
           "ASSETS", "SITE_GROUPS", "SLIDES_GROUPS", "REVEAL_THEME", "STATIC", "SITE_MARKER", "NPM_HINT",
           "MATHJAX_CONFIG", "CAPSTONE", "ZH_GROUPS", "LANGUAGES", "ZH", "HTML_LANG", "edition_dirs", "has_edition",
           "tr", "twin_href", "language_switch"]
