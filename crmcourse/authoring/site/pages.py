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
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from crmcourse.authoring.site.base import MATHJAX_CONFIG, STATIC, stable_ids, static_url, titled
from crmcourse.authoring.site.catalog import CAPSTONE, NotebookEntry
from crmcourse.authoring.site.rendering import nbconvert_loaders, render

__all__ = ["html_exporter", "export_page", "learner_page_nb", "solution_page_nb", "index_page", "glossary_page"]


def html_exporter(depth: int):
    """nbconvert's HTML exporter for a page ``depth`` folders below the site root (assets from ``_static``)."""
    from nbconvert import HTMLExporter

    static = static_url(depth)
    return HTMLExporter(
        template_name="lab", template_file="crmcourse_page.html.j2", extra_loaders=nbconvert_loaders(static),
        require_js_url=f"{static}/require.js", widget_renderer_url=f"{static}/html-manager/embed-amd.js",
        mathjax_url=f"{static}/mathjax/MathJax.js?config={MATHJAX_CONFIG}",
        jquery_url="", jupyter_widgets_base_url="", mermaid_js_url="", mermaid_layout_elk_js_url="",
    )


def export_page(nb: nbformat.NotebookNode, depth: int, *, name: str = "notebook") -> str:
    """HTML of one notebook as a site page ``depth`` folders below the site root (assets from ``_static``)."""
    resources = {"metadata": {"name": name}, "crmcourse_static": static_url(depth)}
    body, _ = html_exporter(depth).from_notebook_node(nb, resources=resources)
    return stable_ids(body)


def _md(text: str, cell_id: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    cell["id"] = cell_id   # fixed, not random: rebuilding gives the same bytes
    return cell


def _up(page: str) -> str:
    return "../" * (len(Path(page).parts) - 1)


def learner_page_nb(nb: nbformat.NotebookNode, entry: NotebookEntry) -> nbformat.NotebookNode:
    """A copy of the learner notebook ``nb`` with the site's navigation first and the solution link last."""
    up = _up(entry.page)
    nb = copy.deepcopy(nb)
    nb.cells.insert(0, _md(render("learner_header.html.j2", up=up, notebook_file=entry.rel.name),
                           "crmcourse-nav"))
    nb.cells.append(_md(render("learner_footer.html.j2", up=up, solution_page=entry.solution_page,
                               title=entry.title), "crmcourse-solutions"))
    return titled(nb, entry.title)


def solution_page_nb(nb: nbformat.NotebookNode, entry: NotebookEntry) -> nbformat.NotebookNode:
    """A copy of the solution notebook ``nb`` with the site's navigation and a "worked solution" banner."""
    nb = copy.deepcopy(nb)
    nb.cells.insert(0, _md(render("solution_header.html.j2", up=_up(entry.solution_page),
                                  learner_page=entry.page, title=entry.title), "crmcourse-nav"))
    return titled(nb, f"{entry.title} — worked solution")


def index_page(entries: list[NotebookEntry], module_titles: dict[int, str], built: set[str]) -> str:
    """The course map: modules → learner pages (title, time), then the worked solutions, then the glossary.

    ``built`` holds the stems of the learner pages that exist; the others are listed as not built.
    """
    grouped: dict[int, list[NotebookEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.module, []).append(entry)
    modules = []
    for number, items in sorted(grouped.items()):
        heading = module_titles.get(number) or items[0].module_dir or "Start here"
        if number == CAPSTONE:
            heading = "a workshop case: one company through every module"
        modules.append({"number": number, "label": "Capstone" if number == CAPSTONE else f"Module {number}",
                        "heading": heading, "minutes": sum(i.minutes or 0 for i in items), "entries": items})
    return render("course_map.html.j2", title="crmcourse — course map", static=STATIC, modules=modules,
                  entries=entries, built=built)


def glossary_page(table=None) -> str:
    """A plain HTML table of the glossary with a small client-side filter box (inline vanilla JS).

    ``table`` is the glossary frame (default: :func:`crmcourse.glossary.load_glossary`).
    """
    if table is None:
        from crmcourse.glossary import load_glossary

        table = load_glossary()
    terms = [{"en": str(r.term_en), "zh": str(r.term_zh), "module": int(r.module), "definition": str(r.definition)}
             for r in table.sort_values(["module", "term_en"], kind="stable").itertuples()]
    return render("glossary.html.j2", title="crmcourse — glossary (术语表)", static=STATIC, terms=terms)
