"""Jinja2 templates of the site and the slides (``templates/``), and the site's stylesheet.

Site pages (course map, glossary, the navigation cells of each notebook page) are rendered by
:func:`render`. Notebook pages and slide decks are rendered by nbconvert with the templates
in ``templates/nbconvert/``, which extend nbconvert's own ``lab`` and ``reveal`` templates
(:func:`nbconvert_loaders`).

>>> print(render("layout.html.j2", title="A & B", static="_static").splitlines()[5])
<title>A &amp; B</title>
"""
from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

__all__ = ["TEMPLATE_DIR", "NBCONVERT_CSS", "environment", "render", "site_css", "nbconvert_loaders"]

_HERE = importlib.resources.files(__package__)
#: The folder of the site's Jinja2 templates.
TEMPLATE_DIR = Path(str(_HERE / "templates"))
#: nbconvert's own stylesheets that its page templates would otherwise inline into every page.
NBCONVERT_CSS = ("static/index.css", "static/theme-light.css")


@functools.lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment of the site pages: HTML autoescaped, undefined names refused."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(("html", "html.j2")),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(name: str, **context) -> str:
    """Render the site template ``name`` (a file in ``templates/``) with ``context``."""
    return environment().get_template(name).render(**context)


def site_css() -> str:
    """The site's stylesheet (``static/crmcourse-site.css``), written once into ``_static/``."""
    return (_HERE / "static" / "crmcourse-site.css").read_text(encoding="utf-8")


def nbconvert_loaders(static: str) -> list:
    """Extra Jinja2 loaders for nbconvert: the course's page and slide templates, and stylesheets.

    ``static`` is the relative URL of ``_static/``. nbconvert inlines its 240 kB of JupyterLab
    CSS into every page; the stub loader replaces each of those files by an ``@import`` of the
    copy written once into ``_static/nbconvert/``.
    """
    import jinja2

    stubs = {name: f'@import url("{static}/nbconvert/{Path(name).name}");\n' for name in NBCONVERT_CSS}
    return [jinja2.FileSystemLoader(TEMPLATE_DIR / "nbconvert"), jinja2.DictLoader(stubs)]
