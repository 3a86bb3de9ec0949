"""``crmcourse site`` and ``crmcourse slides``: offline HTML exports of the course.

Builds module 0 only (``--only 00_start_here``: the notebook every checkout has) into a temporary
folder and checks what a self-study learner and a trainer get: a course map, a learner page run
with nothing answered (widget state embedded, checks say "not answered yet", no solution code),
the worked solution on a separate page linked after the exercises, a glossary table, the
JavaScript assets in ``_static/`` and not one CDN address. The real-browser check with the network
off is ``tests/browser/test_site_offline.py``.

The assets come from ``npm ci --prefix site``; without them these tests are skipped locally and
fail in CI (``CI=true``).
"""
from __future__ import annotations

import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from crmcourse import cli, site

REPO = Path(__file__).resolve().parents[1]
START = "00_start_here"
START_TITLE = "Start here — how this course works"
CDN_HOSTS = ("cdnjs", "unpkg.com", "jsdelivr", "googleapis", "cdn.mathjax", "code.jquery", "cloudflare")


def _assets_or_skip() -> None:
    missing = site.missing_assets(REPO / "site" / "node_modules", site.SLIDES_GROUPS)
    if missing:
        message = f"site/node_modules lacks {missing[0]}: run `npm ci --prefix site` to test the site build"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " [CI=true: may not be skipped]", pytrace=False)
        pytest.skip(message)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site and the slides of module 0, built once for this file; the notebooks must not change."""
    _assets_or_skip()
    watched = [REPO / "solutions" / f"{START}.ipynb", REPO / "notebooks" / f"{START}.ipynb"]
    before = {p: _digest(p) for p in watched}
    out = tmp_path_factory.mktemp("export")
    assert cli.main(["site", "--out", str(out / "site"), "--only", START]) == 0
    assert cli.main(["slides", f"solutions/{START}.ipynb", "--out", str(out / "slides")]) == 0
    assert {p: _digest(p) for p in watched} == before, "building must not modify the notebooks on disk"
    return out


class _Refs(HTMLParser):
    """Every URL a page loads (script src, link href, img/iframe/source src) and every <a href>."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.loads.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _refs(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _text(path: Path) -> str:
    """The visible text of a page (code is syntax-highlighted into spans: compare text, not markup)."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"[ \t]+", " ", "".join(parser.parts))


def _local_target(page: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or url.startswith(("//", "#", "data:")) or not parts.path:
        return None
    return (page.parent / unquote(parts.path)).resolve()


# --------------------------------------------------------------------------- the site
def test_index_lists_start_notebook_and_solutions_apart(built):
    index = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert f'href="notebooks/{START}.html"' in index and START_TITLE in index
    assert "about 20 minutes" in index
    course_map, _, rest = index.partition('<h2 id="solutions">')
    assert rest, "the index has a separate Worked solutions section"
    assert f"solutions/{START}.html" not in course_map, "solutions are listed apart from the course map"
    assert f'href="solutions/{START}.html"' in rest
    assert 'href="glossary.html"' in index


def test_learner_page_is_run_with_nothing_answered(built):
    path = built / "site" / "notebooks" / f"{START}.html"
    page, text = path.read_text(encoding="utf-8"), _text(path)
    assert "application/vnd.jupyter.widget-state+json" in page
    assert "application/vnd.jupyter.widget-view+json" in page
    assert "not answered yet" in text
    assert START_TITLE in text
    # outputs of the worked example and of the data cells are there
    assert "0.75" in text and "320 accounts" in text


def test_learner_page_has_no_solution_and_links_to_it_after_the_exercises(built):
    path = built / "site" / "notebooks" / f"{START}.html"
    page, text = path.read_text(encoding="utf-8"), _text(path)
    for leak in ("BEGIN SOLUTION", "END SOLUTION", "answer = 10 / 8", 'glossary.translate("key account")\n',
                 "m0_demo_ratio: correct"):
        assert leak not in text, f"learner page shows solution text {leak!r}"
    assert "answer = ... # YOUR ANSWER HERE" in text
    solutions_link = page.rfind(f'href="../solutions/{START}.html"')
    last_exercise = page.rfind("Exercise 0.3")
    assert solutions_link > last_exercise > 0, "the link to the solutions comes after the last exercise"
    # the learner notebook itself is offered for download, unexecuted
    nb = nbformat.read(built / "site" / "notebooks" / f"{START}.ipynb", as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_solution_page_is_separate_and_worked(built):
    path = built / "site" / "solutions" / f"{START}.html"
    page, text = path.read_text(encoding="utf-8"), _text(path)
    assert "answer = 10 / 8" in text
    assert "m0_demo_ratio: correct" in text
    assert "Worked solution" in text and f'href="../notebooks/{START}.html"' in page
    assert "application/vnd.jupyter.widget-state+json" in page


def test_glossary_page_has_every_term(built):
    from crmcourse.glossary import load_glossary

    page = (built / "site" / "glossary.html").read_text(encoding="utf-8")
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = body.count("<tr>")
    assert rows >= 80 and rows == len(load_glossary())
    assert "<th>English</th><th>中文</th><th>Module</th><th>Definition</th>" in page
    assert "大客户" in body and 'id="glossary-filter"' in page


def test_static_assets_exist(built):
    static = built / "site" / site.STATIC
    for rel in ("require.js", "html-manager/embed-amd.js", "mathjax/MathJax.js", "mathjax/config/TeX-AMS_CHTML.js",
                "mathjax/jax/output/CommonHTML/jax.js", "nbconvert/index.css", "crmcourse-site.css"):
        assert (static / rel).is_file(), rel
    slides_static = built / "slides" / site.STATIC
    for rel in ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.css", "reveal.js/dist/theme/white.css",
                "reveal.js/plugin/notes/notes.js", "jquery.min.js", "require.js", "html-manager/embed-amd.js"):
        assert (slides_static / rel).is_file(), rel
    size = sum(p.stat().st_size for p in static.rglob("*") if p.is_file())
    assert size < 12e6, f"_static is {size / 1e6:.1f} MB: copy only the assets the pages use"


def test_no_cdn_and_every_local_reference_resolves(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        refs = _refs(page)
        for url in refs.loads:
            assert not re.match(r"(?i)(https?:)?//", url), f"{page.name} loads {url} from the network"
            target = _local_target(page, url)
            assert target is not None and target.is_file(), f"{page.name}: {url} does not exist in the build"
        for url in refs.links:
            target = _local_target(page, url)
            assert target is None or target.is_file(), f"{page.name}: broken link {url}"
        for found in re.findall(r"""(?:url\(|@import\s+|import\(|\bfrom\s+)["']?((?:https?:)?//[^"')\s]+)""", text):
            raise AssertionError(f"{page.name} imports {found} from the network")
        for host in CDN_HOSTS:
            assert host not in text, f"{page.name} mentions the CDN {host}"


# --------------------------------------------------------------------------- slides
def test_slides_deck(built):
    deck = built / "slides" / f"{START}.slides.html"
    text, visible = deck.read_text(encoding="utf-8"), _text(deck)
    assert START_TITLE in visible and '<div class="reveal">' in text
    assert text.count("<section") >= 8, "every ## heading starts a slide"
    assert "_static/reveal.js/dist/reveal.js" in text
    assert "m0_demo_ratio: correct" in visible, "the deck is the worked (solution) version with outputs"
    assert "answer = 10 / 8" in visible
    assert "BEGIN SOLUTION" not in visible, "solution markers are removed from the trainer's deck"
    assert "application/vnd.jupyter.widget-state+json" in text


def test_slides_of_a_module_folder(tmp_path):
    _assets_or_skip()
    folder = tmp_path / "solutions" / "09_demo"
    folder.mkdir(parents=True)
    for name, title in (("01_one.ipynb", "9.1 One"), ("02_two.ipynb", "9.2 Two")):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {title}\n*演示*"),
                                             nbformat.v4.new_markdown_cell("## A part\n\nText, and $c = b / a$."),
                                             nbformat.v4.new_code_cell("1 + 1")])
        nbformat.write(nb, folder / name)
    decks = site.build_slides([folder], tmp_path / "out", root=REPO)
    assert [d.name for d in decks] == ["01_one.slides.html", "02_two.slides.html"]
    assert "9.2 Two" in decks[1].read_text(encoding="utf-8")


def test_slides_export_is_deterministic():
    nb = nbformat.read(REPO / "solutions" / f"{START}.ipynb", as_version=4)
    assert site.export_slides(nb, name=START) == site.export_slides(nb, name=START)


# --------------------------------------------------------------------------- pieces
def test_add_slide_metadata_defaults_and_keeps_the_original():
    nb = nbformat.read(REPO / "solutions" / f"{START}.ipynb", as_version=4)
    before = nbformat.writes(nb)
    out = site.add_slide_metadata(nb)
    assert nbformat.writes(nb) == before, "the notebook passed in is not modified"
    kinds = {c.source.splitlines()[0]: c.metadata["slideshow"]["slide_type"] for c in out.cells if c.source}
    assert kinds["# Start here — how this course works"] == "slide"
    assert kinds["## 1. The course map"] == "slide"
    assert kinds["### Worked example"] == "subslide"
    assert kinds["from crmcourse import check, data, glossary, widgets"] == "skip"
    assert kinds['answer = 10 / 8'] == "fragment"
    nbformat.validate(out)


def test_add_slide_metadata_respects_the_author():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"),
                                         nbformat.v4.new_markdown_cell("## Part"),
                                         nbformat.v4.new_code_cell("x = 1")])
    nb.cells[1].metadata["slideshow"] = {"slide_type": "notes"}
    nb.cells[2].metadata["slideshow"] = {"slide_type": "slide"}
    out = site.add_slide_metadata(nb)
    assert [c.metadata.slideshow.slide_type for c in out.cells] == ["slide", "notes", "slide"]


def test_long_markdown_is_cut_into_sub_slides():
    long = "# Title\n*副标题*\n\n" + "\n\n".join(f"Paragraph {i}: " + "words " * 40 for i in range(8))
    out = site.add_slide_metadata(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(long)]))
    kinds = [c.metadata.slideshow.slide_type for c in out.cells]
    assert len(out.cells) == 9 and kinds[0] == "slide" and "subslide" in kinds
    assert len({c.id for c in out.cells}) == len(out.cells)


def test_every_solution_notebook_has_a_title_and_time():
    entries = site.collect(REPO)
    assert START in [e.stem for e in entries]
    for entry in entries:
        assert entry.title and entry.title != entry.rel.stem, f"{entry.rel}: first cell has no '# ' title"
        assert entry.minutes, f"{entry.rel}: first cell has no '| **Time** | about N minutes |' row"
    assert [e.stem for e in site.collect(REPO, only=[START])] == [START]


def test_missing_assets_give_a_clear_message(tmp_path, capsys):
    assert cli.main(["site", "--out", str(tmp_path / "out"), "--only", START,
                           "--node-modules", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "npm ci --prefix site" in err
    assert not (tmp_path / "out").exists()


def test_refuses_to_overwrite_a_folder_that_is_not_a_site(tmp_path):
    _assets_or_skip()
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(site.SiteBuildError, match="not a crmcourse site"):
        site.build_site(tmp_path, only=[START])
    assert (tmp_path / "keep.txt").exists()


def test_site_and_slide_html_comes_from_templates():
    """No HTML in the Python code of the site and the slides: it is in authoring/site/templates/."""
    import ast

    from crmcourse.authoring.site.rendering import TEMPLATE_DIR

    sources = [*(REPO / "crmcourse" / "authoring" / "site").glob("*.py"), REPO / "crmcourse" / "authoring" / "slides.py"]
    found = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and re.search(r"<(!DOCTYPE|/?[a-z][a-z0-9]*[ >])", node.value)):
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    assert not found, "HTML written in Python instead of a template:\n" + "\n".join(found)
    for name in ("layout.html.j2", "course_map.html.j2", "glossary.html.j2", "learner_header.html.j2",
                 "learner_footer.html.j2", "solution_header.html.j2", "nbconvert/crmcourse_page.html.j2",
                 "nbconvert/crmcourse_slides.html.j2"):
        assert (TEMPLATE_DIR / name).is_file(), name


def test_index_page_escapes_titles():
    entry = site.NotebookEntry(rel=Path("capstone/01_x.ipynb"), solution=Path("s.ipynb"), learner=None,
                               module=site.CAPSTONE, module_dir="capstone", title="Huaxin's <b>case</b>",
                               subtitle="华信", time="about 5 minutes", minutes=5)
    page = site.index_page([entry], {}, built=set())
    assert "Huaxin&#39;s &lt;b&gt;case&lt;/b&gt; <em>(page not built)</em>" in page
    assert "Capstone — a workshop case" in page and "(about 5 min)" in page
