"""Jinja2 templates of the site and the slides (``templates/``), and the site's stylesheet.

Site pages (course map, glossary, the navigation cells of each notebook page) are rendered by
:func:`render`. Notebook pages and slide decks are rendered by nbconvert with the templates
in ``templates/nbconvert/``, which extend nbconvert's own ``lab`` and ``reveal`` templates
(:func:`nbconvert_loaders`).

Each language has its own environment with the ``site`` catalog installed (Jinja2's i18n
extension, new-style ``_("…")``), so a template writes ``{{ _("Course map") }}`` and gets the
words of the page's edition; ``lang`` and ``html_lang`` are always in the context.

>>> print(render("layout.html.j2", title="A & B", static="_static").splitlines()[5])
<title>A &amp; B</title>
>>> '<html lang="zh-CN">' in render("layout.html.j2", language="zh", title="t", static="../_static")
True
"""
from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

from crmcourse.authoring.site.editions import HTML_LANG, catalog, check_language

__all__ = ["TEMPLATE_DIR", "NBCONVERT_CSS", "ZH_CSS", "environment", "render", "site_css", "zh_css",
           "nbconvert_loaders"]

_HERE = importlib.resources.files(__package__)
#: The folder of the site's Jinja2 templates.
TEMPLATE_DIR = Path(str(_HERE / "templates"))
#: nbconvert's own stylesheets that its page templates would otherwise inline into every page.
NBCONVERT_CSS = ("static/index.css", "static/theme-light.css")
#: The stylesheet of the Chinese pages and decks (the CJK web font first), in ``_static/``.
ZH_CSS = "crmcourse-zh.css"


@functools.lru_cache(maxsize=None)
def environment(language: str = "en", folder: str | None = None):
    """The Jinja2 environment of ``language``: HTML autoescaped, undefined names refused, ``_`` translating.

    ``folder`` is the template folder (default :data:`TEMPLATE_DIR`; the handouts pass theirs).

    >>> str(environment("zh").from_string('{{ _("Course map") }}').render())
    '课程地图'
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder or TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(("html", "html.j2")),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"])
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(catalog(check_language(language)), newstyle=True)
    return env


def render(name: str, language: str = "en", **context) -> str:
    """Render the site template ``name`` (a file in ``templates/``) in ``language`` with ``context``."""
    context = {"lang": check_language(language), "html_lang": HTML_LANG[language], **context}
    return environment(language).get_template(name).render(**context)


def site_css() -> str:
    """The site's stylesheet (``static/crmcourse-site.css``), written once into ``_static/``."""
    return (_HERE / "static" / "crmcourse-site.css").read_text(encoding="utf-8")


def zh_css() -> str:
    """The stylesheet of the Chinese edition (``static/crmcourse-zh.css``), written into ``_static/``."""
    return (_HERE / "static" / ZH_CSS).read_text(encoding="utf-8")


def nbconvert_loaders(static: str) -> list:
    """Extra Jinja2 loaders for nbconvert: the course's page and slide templates, and stylesheets.

    ``static`` is the relative URL of ``_static/``. nbconvert inlines its 240 kB of JupyterLab
    CSS into every page; the stub loader replaces each of those files by an ``@import`` of the
    copy written once into ``_static/nbconvert/``.
    """
    import jinja2

    stubs = {name: f'@import url("{static}/nbconvert/{Path(name).name}");\n' for name in NBCONVERT_CSS}
    return [jinja2.FileSystemLoader(TEMPLATE_DIR / "nbconvert"), jinja2.DictLoader(stubs)]
