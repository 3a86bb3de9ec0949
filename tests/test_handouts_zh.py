"""Printable handouts of the Chinese edition (issue 15), built from the tiny fake course of ``site_edition``.

``build_handouts`` prints the learner handout of a module and the trainer key in English
(``OUT/``) and in Chinese (``OUT/zh/``). The Chinese PDFs take their text from the Chinese
notebooks (``solutions/zh``; the learner copy made from it when ``notebooks/zh`` lacks one), fall
back to English for a notebook without a twin, keep the key-term table English/中文, and are set in
the bundled Noto Sans SC web font (so a machine without CJK fonts prints them the same).

Chromium prints (Debian's ``chromium``): without it these tests are skipped locally and fail in CI
or with ``CRMCOURSE_REQUIRE_BROWSER=1``.
"""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from site_edition import ZH_EXERCISE, ZH_TITLE, make_course

from crmcourse.authoring import handouts
from crmcourse.authoring.handouts import build_handouts, check_yourself, key_terms, module_context, split_exercises
from crmcourse.authoring.pdf import PrintError
from crmcourse.authoring.site import missing_assets
from crmcourse.authoring.site.assets import ZH_GROUPS
from crmcourse.authoring.site.catalog import collect
from crmcourse.errors import CourseDataError

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "site" / "node_modules"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or \
        os.environ.get("CRMCOURSE_REQUIRE_BROWSER", "").lower() not in ("", "0", "false", "no")


def _require_chromium_and_font() -> None:
    problems = []
    try:
        handouts.find_chromium()
    except PrintError as exc:
        problems.append(str(exc))
    if missing_assets(NODE_MODULES, ZH_GROUPS):
        problems.append("site/node_modules lacks the CJK web font: run `npm ci --prefix site`")
    if problems:
        if _required():
            pytest.fail("; ".join(problems), pytrace=False)
        pytest.skip("; ".join(problems))


def _pdf(path: Path) -> tuple[str, set[str]]:
    """The text of a PDF (NFKC, without the spaces pypdf puts between CJK glyphs) and its font names."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() or "" for page in reader.pages))
    text = re.sub(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])", "", " ".join(text.split()))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts.add(str(font.get("/BaseFont", "")))
            for child in font.get("/DescendantFonts", []) or []:
                fonts.add(str(child.get_object().get("/BaseFont", "")))
    return text, fonts


def _has(text: str, needle: str) -> bool:
    """``needle`` in ``text``, both NFKC (，→,) and without whitespace: PDF text spaces CJK unevenly."""
    def squeeze(value: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))

    return squeeze(needle) in squeeze(text)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def built(course, tmp_path_factory):
    _require_chromium_and_font()
    out = tmp_path_factory.mktemp("handouts")
    written = build_handouts(out, root=course, modules=["01_demo"], node_modules=NODE_MODULES)
    return out, written


def test_both_languages_are_printed(built):
    out, written = built
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "01_demo.pdf", "trainer_key.pdf", "zh/01_demo.pdf", "zh/trainer_key.pdf"]
    for pdf in written:
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.with_suffix(".html").is_file()
    assert '<html lang="zh-CN">' in (out / "zh" / "01_demo.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in (out / "01_demo.html").read_text(encoding="utf-8")


def test_chinese_handout_reads_the_chinese_notebooks(built):
    out, _ = built
    text, _ = _pdf(out / "zh" / "01_demo.pdf")
    assert len(CJK.findall(text)) > 80
    assert _has(text, ZH_TITLE) and _has(text, ZH_EXERCISE)
    for word in ("关键术语", "框架与模型", "练习", "自我检查", "满意度演示"):   # interface and module title
        assert word in text, word
    assert _has(text, "为什么更好的产品反而可能让客户更不满意？"), "the Check-yourself question of the Chinese wrap-up"
    assert "下一步" not in text and not _has(text, "answer = 10 / 8")
    assert _has(text, "1.2 English only"), "a notebook without a twin falls back to English"


def test_key_terms_table_is_english_and_chinese_in_both(built):
    out, _ = built
    for pdf in (out / "01_demo.pdf", out / "zh" / "01_demo.pdf"):
        text, _ = _pdf(pdf)
        assert "perceived performance" in text and "可感知效果" in text and "期望值" in text, pdf
        assert "English" in text and "中文" in text
    english, _ = _pdf(out / "01_demo.pdf")
    assert "Key terms" in english and "Frameworks" in english and "框架与模型" not in english


def test_chinese_trainer_key(built):
    out, _ = built
    text, _ = _pdf(out / "zh" / "trainer_key.pdf")
    assert "培训师答案" in text and "仅供培训师使用" in text
    assert "m0_demo_ratio" in text and "1.25" in text and _has(text, "answer = 10 / 8")
    english, _ = _pdf(out / "trainer_key.pdf")
    assert "Trainer key" in english and "培训师答案" not in english


def test_chinese_pdfs_embed_the_bundled_web_font(built):
    out, _ = built
    _, fonts = _pdf(out / "zh" / "01_demo.pdf")
    assert any("NotoSansSC" in f for f in fonts), fonts
    assert not any("CJK" in f for f in fonts), f"a system CJK font was used: {fonts}"
    html = (out / "zh" / "01_demo.html").read_text(encoding="utf-8")
    sheet = re.search(r'<link rel="stylesheet" href="([^"]+)">', html).group(1)
    css = out / "zh" / sheet
    urls = re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8"))
    assert len(urls) > 150 and all((css.parent / u).is_file() for u in urls)


def test_without_the_web_font_the_system_fonts_print(course, tmp_path, capsys):
    _require_chromium_and_font()
    written = build_handouts(tmp_path, root=course, modules=["00_start_here"], key=False, languages=["zh"],
                             node_modules=tmp_path / "no_node_modules")
    assert [p.relative_to(tmp_path).as_posix() for p in written] == ["zh/00_start_here.pdf"]
    assert "npm ci --prefix site" in capsys.readouterr().err
    assert "<link" not in written[0].with_suffix(".html").read_text(encoding="utf-8")
    assert "从这里开始" in _pdf(written[0])[0]


# ------------------------------------------------------------------ reading (no browser)
def test_markers_of_the_chinese_edition_are_read():
    title = "# 1.3 卡诺模型\n\n**关键术语**\n\n| 英文 | 中文 |\n|---|---|\n| must-be attribute | 必备属性 |\n"
    assert key_terms(title) == [("must-be attribute", "必备属性")]
    concept, exercises = split_exercises("说明。\n\n**练习 1.3.1.** 计算。\n\n**练习 1.3.2.** 再算。")
    assert concept == "说明。" and exercises == ["**练习 1.3.1.** 计算。", "**练习 1.3.2.** 再算。"]
    assert check_yourself("## 小结\n\n**自我检查**\n\n1. 为什么？\n\n**下一步：** 1.4") == "1. 为什么？"


def test_module_context_takes_the_chinese_twin_and_the_english_terms(course):
    entries = [e for e in collect(course) if e.module_dir == "01_demo"]
    zh = module_context("01_demo", "满意度演示", entries, language="zh")["notebooks"]
    en = module_context("01_demo", "Demo", entries)["notebooks"]
    assert [p.title for p in zh] == [ZH_TITLE, "1.2 English only"]
    assert [t[:2] for t in zh[0].terms] == [t[:2] for t in en[0].terms] == [
        ("perceived performance", "可感知效果"), ("expectation", "期望值")]
    assert zh[0].exercises[0].startswith("**练习 1.1.1.**") and zh[0].questions.startswith("1. 为什么")
    with pytest.raises(CourseDataError, match="edition of the course"):
        module_context("01_demo", "x", entries, language="fr")


def test_trainer_key_answers_read_chinese_with_the_english_they_stand_for():
    """An option is printed as its entry in the exercises catalog (read here with Babel), then the English."""
    from babel.messages import pofile

    from crmcourse.authoring.handouts import exercise_answer
    from crmcourse.checks import ChoiceExercise, all_exercises

    with (REPO / "crmcourse" / "locale" / "zh_CN" / "LC_MESSAGES" / "exercises.po").open("rb") as handle:
        po = pofile.read_po(handle)
    checked = 0
    for exercise in all_exercises():
        if not isinstance(exercise, ChoiceExercise) or exercise.exam:
            continue
        english = exercise_answer(exercise)
        entry = po.get(english, context=exercise.id) or po.get(english)
        if entry is None or not entry.string or entry.fuzzy or entry.string == english:
            continue
        assert exercise_answer(exercise, language="zh") == f"{entry.string}（{english}）", exercise.id
        checked += 1
    assert checked >= 10
    with pytest.raises(CourseDataError):
        exercise_answer(next(iter(all_exercises())), language="jp")


def test_the_chinese_key_ends_with_the_chinese_discussion_answers():
    """The trainer key's last section comes from the trainer guide of its language."""
    from crmcourse.authoring.handouts import _modules, discussion_answers, key_context
    from crmcourse.paths import project_root

    root = project_root()
    english, chinese = discussion_answers(root), discussion_answers(root, "zh")
    assert "Fong's test" in english and not re.search("[\u4e00-\u9fff]", english)
    assert "施乐" in chinese and len(re.findall("[\u4e00-\u9fff]", chinese)) > 500
    assert key_context(_modules(root, ["00_start_here"]), root, language="zh")["discussion"] == chinese
    with pytest.raises(CourseDataError):
        discussion_answers(root, "fr")
