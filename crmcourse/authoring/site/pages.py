"""The pages of the self-study site: notebook pages (nbconvert), the course map and the glossary.

Every piece of HTML comes from a Jinja2 template in ``templates/`` (see :mod:`.rendering`):
``course_map.html.j2`` and ``glossary.html.j2`` for the two site pages, the ``*_header`` and
``*_footer`` templates for the navigation cells added to each notebook page, and
``nbconvert/crmcourse_page.html.j2`` for the notebook pages themselves.

>>> from pathlib import Path
>>> entry = NotebookEntry(rel=Path("01_satisfaction/03_kano.ipynb"), solution=Path("s.ipynb"), learner=None,
...                       module=1, module_dir="01_satisfaction", title="1.3 Kano", subtitle="狩野模型",
...                       time="about 60 minutes", minutes=60)
>>> page = index_page([entry], {1: "Satisfaction"}, built={entry.stem})
>>> '<a href="notebooks/01_satisfaction/03_kano.html">1.3 Kano</a>' in page
True

Every page is built in the language of its edition (``language="zh"``: the words of the
``site`` catalog, ``<html lang="zh-CN">``, the CJK web font) and, when the other edition is
built too, carries a language switch (:func:`language_switch`) to its twin.

>>> language_switch("index.html", "en", exists=True)
{'href': 'zh/index.html', 'label': '中文', 'hreflang': 'zh-CN'}
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

from crmcourse.authoring.site.base import MATHJAX_CONFIG, stable_ids, static_url, titled
from crmcourse.authoring.site.catalog import CAPSTONE, NotebookEntry
from crmcourse.authoring.site.editions import HTML_LANG, LANGUAGE_NAMES, check_language, tr, twin_href
from crmcourse.authoring.site.rendering import ZH_CSS, nbconvert_loaders, render

__all__ = ["html_exporter", "export_page", "learner_page_nb", "solution_page_nb", "index_page", "glossary_page",
           "language_switch", "html_lang"]


def language_switch(page: str, language: str, *, exists: bool) -> dict:
    """The language switch of ``page`` (in the ``language`` edition): link, label and ``hreflang``.

    Parameters
    ----------
    page : str
        The page's path inside its edition.
    language : {"en", "zh"}
    exists : bool
        Whether the other edition has the same page; if not, the switch leads to its course map.

    Returns
    -------
    dict
        ``href``, ``label`` (the other language named in itself) and ``hreflang``.

    Raises
    ------
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> language_switch("notebooks/00_start_here.html", "zh", exists=False)["href"]
    '../../index.html'
    """
    other = "zh" if check_language(language) == "en" else "en"
    return {"href": twin_href(page, language, exists=exists), "label": LANGUAGE_NAMES[other],
            "hreflang": HTML_LANG[other]}


def html_lang(html: str, language: str) -> str:
    """``html`` with its ``<html lang>`` set to the edition's tag (nbconvert writes ISO 639-1 only).

    >>> html_lang('<!DOCTYPE html>\\n<html lang="zh">', "zh")
    '<!DOCTYPE html>\\n<html lang="zh-CN">'
    """
    tag = HTML_LANG[check_language(language)]
    return re.sub(r'(?<=<html) lang="[^"]*"', f' lang="{tag}"', html, count=1)


def html_exporter(depth: int, language: str = "en"):
    """nbconvert's HTML exporter for a page ``depth`` folders below the site root (assets from ``_static``)."""
    from nbconvert import HTMLExporter

    static = static_url(depth)
    return HTMLExporter(
        template_name="lab", template_file="crmcourse_page.html.j2", extra_loaders=nbconvert_loaders(static),
        require_js_url=f"{static}/require.js", widget_renderer_url=f"{static}/html-manager/embed-amd.js",
        mathjax_url=f"{static}/mathjax/MathJax.js?config={MATHJAX_CONFIG}", language_code=check_language(language),
        jquery_url="", jupyter_widgets_base_url="", mermaid_js_url="", mermaid_layout_elk_js_url="",
    )


def export_page(nb: nbformat.NotebookNode, depth: int, *, name: str = "notebook", language: str = "en") -> str:
    """HTML of one notebook as a site page ``depth`` folders below the site root (assets from ``_static``).

    A Chinese page (``language="zh"``) is ``<html lang="zh-CN">`` and loads ``_static/crmcourse-zh.css``
    (the CJK web font).
    """
    static = static_url(depth)
    resources = {"metadata": {"name": name}, "crmcourse_static": static,
                 "crmcourse_zh_css": f"{static}/{ZH_CSS}" if check_language(language) == "zh" else ""}
    body, _ = html_exporter(depth, language).from_notebook_node(nb, resources=resources)
    return html_lang(stable_ids(body), language)


def _md(text: str, cell_id: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    cell["id"] = cell_id   # fixed, not random: rebuilding gives the same bytes
    return cell


def _up(page: str) -> str:
    return "../" * (len(Path(page).parts) - 1)


def learner_page_nb(nb: nbformat.NotebookNode, entry: NotebookEntry, *, switch: dict | None = None
                    ) -> nbformat.NotebookNode:
    """A copy of the learner notebook ``nb`` with the site's navigation first and the solution link last.

    ``switch`` is the page's :func:`language_switch` (none when only one edition is built).
    """
    up, language = _up(entry.page), entry.language
    nb = copy.deepcopy(nb)
    nb.cells.insert(0, _md(render("learner_header.html.j2", language, up=up, notebook_file=entry.rel.name,
                                  switch=switch), "crmcourse-nav"))
    nb.cells.append(_md(render("learner_footer.html.j2", language, up=up, solution_page=entry.solution_page,
                               title=entry.title), "crmcourse-solutions"))
    return titled(nb, entry.title)


def solution_page_nb(nb: nbformat.NotebookNode, entry: NotebookEntry, *, switch: dict | None = None
                     ) -> nbformat.NotebookNode:
    """A copy of the solution notebook ``nb`` with the site's navigation and a "worked solution" banner."""
    nb = copy.deepcopy(nb)
    nb.cells.insert(0, _md(render("solution_header.html.j2", entry.language, up=_up(entry.solution_page),
                                  learner_page=entry.page, title=entry.title, switch=switch), "crmcourse-nav"))
    return titled(nb, tr(entry.language, "%(title)s — worked solution") % {"title": entry.title})


def index_page(entries: list[NotebookEntry], module_titles: dict[int, str], built: set[str], *,
               language: str = "en", switch: dict | None = None, static: str = "_static") -> str:
    """The course map: modules → learner pages (title, time), then the worked solutions, then the glossary.

    ``built`` holds the stems of the learner pages that exist; the others are listed as not built.
    ``static`` is the URL of ``_static/`` from the page (``../_static`` in the Chinese edition).
    """
    grouped: dict[int, list[NotebookEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.module, []).append(entry)
    modules = []
    for number, items in sorted(grouped.items()):
        heading = module_titles.get(number) or items[0].module_dir or tr(language, "Start here")
        label = tr(language, "Module {number}").format(number=number)
        if number == CAPSTONE:
            heading = tr(language, "a workshop case: one company through every module")
            label = tr(language, "Capstone")
        modules.append({"number": number, "label": label, "heading": heading,
                        "minutes": sum(i.minutes or 0 for i in items), "entries": items})
    return render("course_map.html.j2", language, title=tr(language, "crmcourse — course map"), static=static,
                  modules=modules, entries=entries, built=built, switch=switch)


def glossary_page(table=None, *, language: str = "en", switch: dict | None = None, static: str = "_static") -> str:
    """A plain HTML table of the glossary with a small client-side filter box (inline vanilla JS).

    ``table`` is the glossary frame (default: :func:`crmcourse.glossary.load_glossary`); a
    ``definition_zh`` column, when the glossary has one, gives the Chinese page its definitions.
    """
    if table is None:
        from crmcourse.glossary import bilingual

        table = bilingual()  # English definitions and definition_zh, whatever the session's language
    zh_definitions = language == "zh" and "definition_zh" in table.columns
    terms = [{"en": str(r.term_en), "zh": str(r.term_zh), "module": int(r.module),
              "definition": str(r.definition_zh if zh_definitions else r.definition)}
             for r in table.sort_values(["module", "term_en"], kind="stable").itertuples()]
    return render("glossary.html.j2", language, title=tr(language, "crmcourse — glossary (术语表)"), static=static,
                  terms=terms, switch=switch, definition_lang="zh-CN" if zh_definitions else "en")
