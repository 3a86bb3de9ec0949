"""The Chinese edition of the offline site and the slides (issue 15), built from a tiny fake course.

``tests/site_edition.py`` writes a course with two English notebooks that have Chinese twins under
``solutions/zh/`` and one that has none. The site and the decks are built from it once
(:func:`build_site` / :func:`build_slides` with ``root=`` that course) and checked: both editions,
``<html lang>``, Chinese interface words, language switches that resolve both ways, the CJK web
font shipped and referenced, and nothing loaded from the network.

The assets come from ``npm ci --prefix site``; without them these tests are skipped locally and
fail in CI (``CI=true``).
"""
from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from site_edition import ZH_EXERCISE, ZH_TITLE, make_course

from crmcourse.authoring import site
from crmcourse.authoring.site import editions
from crmcourse.authoring.site.catalog import collect, module_titles, notebook_info
from crmcourse.authoring.slides import build_slides
from crmcourse.errors import CourseDataError

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "site" / "node_modules"
RATIO = "notebooks/01_demo/01_ratio.html"
ONLY_EN = "notebooks/01_demo/02_english_only.html"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _assets_or_skip() -> None:
    missing = site.missing_assets(NODE_MODULES, (*site.SLIDES_GROUPS, *site.ZH_GROUPS))
    if missing:
        message = f"site/node_modules lacks {missing[0]}: run `npm ci --prefix site` to test the Chinese site"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " [CI=true: may not be skipped]", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def built(course, tmp_path_factory):
    _assets_or_skip()
    out = tmp_path_factory.mktemp("export")
    report = site.build_site(out / "site", root=course, node_modules=NODE_MODULES, jobs=2, log=lambda _: None)
    decks = build_slides(["01_demo"], out / "slides", root=course, node_modules=NODE_MODULES)
    return {"out": out, "site": out / "site", "report": report, "decks": decks}


class _Page(HTMLParser):
    """What the tests read of a page: loads, links, the language switch, <html lang> and the text."""

    def __init__(self):
        super().__init__()
        self.loads, self.links, self.switch, self.lang, self.text = [], [], [], None, []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "img", "iframe", "source") and attrs.get("src"):
            self.loads.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if attrs.get("hreflang"):
                self.switch.append(attrs["href"])
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.text = re.sub(r"\s+", " ", "".join(parser.text))
    return parser


def _target(page: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or url.startswith(("//", "#", "data:")) or not parts.path:
        return None
    return (page.parent / unquote(parts.path)).resolve()


# --------------------------------------------------------------------------- both editions
def test_both_editions_are_built(built):
    report, out = built["report"], built["site"]
    assert report["languages"] == ["en", "zh"] and report["failed"] == {}
    assert sorted(report["built"]) == ["00_start_here", "01_demo/01_ratio", "01_demo/02_english_only",
                                       "zh/00_start_here", "zh/01_demo/01_ratio"]
    for rel in ("index.html", "glossary.html", RATIO, "solutions/01_demo/01_ratio.html", ONLY_EN):
        assert (out / rel).is_file(), rel
    for rel in ("index.html", "glossary.html", RATIO, "solutions/01_demo/01_ratio.html",
                "notebooks/00_start_here.html", "notebooks/01_demo/01_ratio.ipynb"):
        assert (out / "zh" / rel).is_file(), f"zh/{rel}"
    assert not (out / "zh" / ONLY_EN).exists(), "a notebook without a Chinese twin has no Chinese page"
    assert not (out / "zh" / site.STATIC).exists(), "both editions share one _static/"


def test_html_lang_of_every_page(built):
    out = built["site"]
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 14
    for page in pages:
        chinese = page.relative_to(out).parts[0] == "zh"
        assert _page(page).lang == ("zh-CN" if chinese else "en"), page.relative_to(out)


def test_language_switch_resolves_both_ways(built):
    out = built["site"]
    checked = 0
    for page in sorted(p for p in out.rglob("*.html") if p.relative_to(out).parts[0] != "zh"):
        rel = page.relative_to(out)
        switch = _page(page).switch
        assert len(switch) == 1, f"{rel}: one language switch, found {switch}"
        target = _target(page, switch[0])
        twin = out / "zh" / rel
        if twin.exists():
            assert target == twin.resolve(), f"{rel} switches to {switch[0]}"
            back = _page(twin).switch
            assert len(back) == 1 and _target(twin, back[0]) == page.resolve(), f"zh/{rel} does not lead back"
            checked += 1
        else:
            assert target == (out / "zh" / "index.html").resolve(), f"{rel}: a missing twin leads to the zh index"
    assert checked == 6   # index, glossary, two learner pages, two solution pages


def test_chinese_interface_words(built):
    out = built["site"]
    index = _page(out / "zh" / "index.html").text
    for word in ("课程地图", "参考答案", "术语表", "模块 1", "约 30 分钟"):
        assert word in index, word
    assert ZH_TITLE in index and "1.1 Satisfaction as a ratio" in index, "Chinese titles, English beside them"
    learner = _page(out / "zh" / RATIO).text
    for word in ("课程地图", "下载本笔记本", "参考答案"):
        assert word in learner, word
    assert "Course map" not in learner and "Download this notebook" not in learner
    assert "参考答案" in _page(out / "zh" / "solutions/01_demo/01_ratio.html").text
    glossary = _page(out / "zh" / "glossary.html").text
    assert "术语表" in glossary and "释义" in glossary and "可感知效果" in glossary
    english = _page(out / "index.html").text
    assert "Course map" in english and "课程地图" not in english and "模块" not in english


def test_chinese_pages_show_the_chinese_notebooks(built):
    out = built["site"]
    learner = _page(out / "zh" / RATIO).text
    assert ZH_TITLE in learner and ZH_EXERCISE in learner
    assert "answer = ... # YOUR ANSWER HERE" in learner and "answer = 10 / 8" not in learner
    assert "answer = 10 / 8" in _page(out / "zh" / "solutions/01_demo/01_ratio.html").text
    english = _page(out / ONLY_EN).text
    assert "Course map" in english and "Download this notebook" in english
    # the only Chinese on an English page: the glossary's name, the switch to 中文 and the notebook's subtitle
    rest = english.replace("术语表", "").replace("中文", "").replace("只有英文", "")
    assert not CJK.search(rest), rest


def test_cjk_font_is_shipped_and_every_file_it_names_exists(built):
    out = built["site"]
    static = out / site.STATIC
    zh_css = static / "crmcourse-zh.css"
    for page in (out / "zh" / "index.html", out / "zh" / RATIO, out / "zh" / "glossary.html"):
        loads = [_target(page, u) for u in _page(page).loads]
        assert zh_css.resolve() in loads, f"{page.name} loads the Chinese stylesheet"
    assert zh_css.resolve() not in [_target(out / RATIO, u) for u in _page(out / RATIO).loads]
    imported = re.findall(r'@import url\("([^"]+)"\)', zh_css.read_text(encoding="utf-8"))
    assert len(imported) == 1
    font_css = (zh_css.parent / imported[0]).resolve()
    text = font_css.read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*\{[^}]*\}", text)
    assert len(faces) > 150, "Noto Sans SC regular and bold, a hundred subsets each"
    urls = re.findall(r"url\(([^)]+)\)", text)
    assert len(urls) == len(faces) and all(u.endswith(".woff2") for u in urls)
    for url in urls:
        assert (font_css.parent / url).is_file(), url
    assert all("unicode-range" in face and "Noto Sans SC" in face for face in faces)
    assert {re.search(r"font-weight:\s*(\d+)", f).group(1) for f in faces} == {"400", "700"}
    assert (font_css.parent / "LICENSE").is_file(), "the SIL OFL travels with the font"
    assert "Noto Sans SC" in zh_css.read_text(encoding="utf-8")


def test_nothing_comes_from_the_network_and_every_reference_resolves(built):
    pages = sorted(built["out"].rglob("*.html"))
    for page in pages:
        parsed = _page(page)
        for url in parsed.loads:
            assert not re.match(r"(?i)(https?:)?//", url), f"{page.name} loads {url}"
            target = _target(page, url)
            assert target is not None and target.is_file(), f"{page}: {url} is missing"
        for url in parsed.links:
            target = _target(page, url)
            assert target is None or target.is_file(), f"{page}: broken link {url}"
    for css in built["out"].rglob("crmcourse-zh.css"):
        assert "http" not in css.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- slides
def test_chinese_decks_beside_the_english_ones(built):
    slides = built["out"] / "slides"
    assert sorted(p.relative_to(slides).as_posix() for p in built["decks"]) == [
        "01_demo/01_ratio.slides.html", "01_demo/02_english_only.slides.html", "zh/01_demo/01_ratio.slides.html"]
    deck = slides / "zh" / "01_demo" / "01_ratio.slides.html"
    parsed = _page(deck)
    assert parsed.lang == "zh-CN" and _page(slides / "01_demo" / "01_ratio.slides.html").lang == "en"
    assert ZH_TITLE in parsed.text and ZH_EXERCISE in parsed.text
    assert "set_language" not in parsed.text, "the edition's set-up cell is not a slide"
    loads = [_target(deck, u) for u in parsed.loads]
    assert (slides / site.STATIC / "crmcourse-zh.css").resolve() in loads
    assert all(t is not None and t.is_file() for t in loads)


def test_slides_can_leave_out_the_chinese_twins(course, tmp_path):
    _assets_or_skip()
    decks = build_slides([course / "solutions" / "01_demo" / "01_ratio.ipynb"], tmp_path, root=course,
                         node_modules=NODE_MODULES, languages=["en"])
    assert [d.relative_to(tmp_path).as_posix() for d in decks] == ["01_demo/01_ratio.slides.html"]
    assert not (tmp_path / site.STATIC / "crmcourse-zh.css").exists()


def test_an_english_only_course_has_no_switch_and_no_font(course, tmp_path):
    _assets_or_skip()
    english = tmp_path / "course"
    shutil.copytree(course, english, ignore=shutil.ignore_patterns("zh"))
    report = site.build_site(tmp_path / "out", root=english, only=["00_start_here"], node_modules=NODE_MODULES,
                             log=lambda _: None)
    assert report["languages"] == ["en"] and report["built"] == ["00_start_here"]
    assert not (tmp_path / "out" / "zh").exists()
    assert not (tmp_path / "out" / site.STATIC / "fonts").exists()
    assert _page(tmp_path / "out" / "index.html").switch == []


# --------------------------------------------------------------------------- pieces
def test_collect_keeps_the_editions_apart(course):
    english = collect(course)
    assert [e.stem for e in english] == ["00_start_here", "01_demo/01_ratio", "01_demo/02_english_only"]
    chinese = collect(course, language="zh")
    assert [e.stem for e in chinese] == ["00_start_here", "01_demo/01_ratio"]
    assert {e.language for e in chinese} == {"zh"} and chinese[1].title == ZH_TITLE and chinese[1].minutes == 30
    assert chinese[0].learner is not None and chinese[1].learner is None
    assert module_titles(course, "zh") == {0: "从这里开始", 1: "满意度演示"}
    with pytest.raises(site.SiteBuildError, match="build the Chinese edition first"):
        collect(course / "solutions" / "01_demo", language="zh")


def test_notebook_info_reads_the_first_markdown_cell():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('crmcourse.set_language("zh")'),
                                         nbformat.v4.new_markdown_cell("# 标题\n\n| **时间** | 约 2 小时 15 分钟 |")])
    assert notebook_info(nb) == {"title": "标题", "subtitle": "", "time": "约 2 小时 15 分钟", "minutes": 135}


def test_twin_links_and_bad_languages():
    assert editions.twin_href("notebooks/a/b.html", "en", exists=True) == "../../zh/notebooks/a/b.html"
    assert editions.twin_href("notebooks/a/b.html", "zh", exists=True) == "../../../notebooks/a/b.html"
    assert editions.twin_href("glossary.html", "en", exists=False) == "zh/index.html"
    for bad in ("fr", None, 3, "ZH"):
        with pytest.raises(CourseDataError, match="edition of the course"):
            editions.check_language(bad)
    with pytest.raises(CourseDataError):
        site.build_site("/tmp/never-built", root=REPO, languages=["de"])
    assert editions.catalog("zh", "no such domain").gettext("Course map") == "Course map"
