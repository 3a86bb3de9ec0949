"""Issue 15: the glossary's definitions in Chinese (gettext domain ``glossary``).

``data/glossary.csv`` keeps its four columns and English definitions; their Chinese lives in
``crmcourse/locale/zh_CN/LC_MESSAGES/glossary.po`` (``msgctxt`` = the English term). The template
must be what the extraction method finds in the CSV today, every entry must be translated (not
fuzzy, in Chinese, with the glossary's own terms and the source words the English names), the
``.mo`` must be compiled from the current ``.po``; in Chinese the glossary helpers and the site's
Chinese glossary page show those definitions, in English nothing changes.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from babel.messages import frontend, mofile, pofile
from babel.messages.extract import DEFAULT_KEYWORDS, check_and_call_extract_file

import crmcourse
from crmcourse import glossary
from crmcourse.authoring import extract_glossary as eg
from crmcourse.errors import CourseDataError

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "glossary.csv"
LOCALE = ROOT / "crmcourse" / "locale"
CFG = LOCALE / "babel-glossary.cfg"
POT = LOCALE / "glossary.pot"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "glossary.po"
MO = LOCALE / "zh_CN" / "LC_MESSAGES" / "glossary.mo"
CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# half-width punctuation touching a Chinese character: Chinese prose takes ，；：！？（）“”
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,;:!?()\"']|[,;:!?()\"'][\u4e00-\u9fff]")


def read(path):
    with open(path, "rb") as handle:
        return pofile.read_po(handle)


def entries(catalog):
    return {(m.context, m.id): m for m in catalog if m.id}


def csv_rows():
    """The CSV read with the csv module (not through crmcourse): term_en -> row."""
    with open(CSV, encoding="utf-8", newline="") as handle:
        return {row["term_en"]: row for row in csv.DictReader(handle)}


ROWS = csv_rows()


@pytest.fixture(scope="module")
def catalog():
    return entries(read(PO))


@pytest.fixture(scope="module")
def chinese(catalog):
    """term_en -> the Chinese definition, as the .po file says."""
    return {context: m.string for (context, _), m in catalog.items()}


@pytest.fixture(autouse=True)
def english_session(monkeypatch):
    monkeypatch.delenv("CRMCOURSE_LANG", raising=False)
    crmcourse.set_language(None)
    yield
    crmcourse.set_language(None)


# ---------------------------------------------------------------------------- the catalog files

def test_template_equals_a_fresh_extraction():
    """`pybabel extract -F crmcourse/locale/babel-glossary.cfg … data/glossary.csv` would not change the template."""
    method_map, options_map = frontend.parse_mapping_cfg(io.StringIO(CFG.read_text(encoding="utf-8")))
    found = list(check_and_call_extract_file(str(CSV), method_map, options_map, callback=None, keywords=DEFAULT_KEYWORDS,
                                             comment_tags=(), strip_comment_tags=False, dirpath=str(ROOT)))
    assert len(found) == len(ROWS) >= 180
    template = entries(read(POT))
    assert {(context, message) for _, _, message, _, context in found} == set(template), \
        "run `pybabel extract` and `pybabel update` for the glossary domain (docs/i18n.md)"
    for _, _, message, comments, context in found:
        assert template[(context, message)].auto_comments == comments


def test_every_row_has_its_own_entry():
    """msgctxt is the English term and msgid its definition, exactly as the CSV has them."""
    template = entries(read(POT))
    assert set(template) == {(en, row["definition"]) for en, row in ROWS.items()}


def test_catalog_has_exactly_the_template_messages(catalog):
    assert set(catalog) == set(entries(read(POT))), "run `pybabel update -D glossary` (docs/i18n.md)"


def test_every_entry_is_translated_into_chinese_and_not_fuzzy(catalog):
    empty = [c for (c, _), m in catalog.items() if not m.string.strip()]
    fuzzy = [c for (c, _), m in catalog.items() if m.fuzzy]
    english = [c for (c, _), m in catalog.items() if m.string and not CJK.search(m.string)]
    assert not empty and not fuzzy and not english, (empty, fuzzy, english)
    assert len(catalog) == len(ROWS)


def test_mo_is_compiled_from_the_current_po(catalog):
    with open(MO, "rb") as handle:
        compiled = {(m.context, m.id): m.string for m in mofile.read_mo(handle) if m.id}
    assert compiled == {key: m.string for key, m in catalog.items()}, \
        "run `pybabel compile -D glossary -d crmcourse/locale` (docs/i18n.md)"


# ---------------------------------------------------------------------------- the translations

def test_translations_keep_the_source_words_the_english_names(chinese):
    """Notes such as "the sources say 缔结" or "also 转换成本" keep their Chinese words."""
    lost = {en: [w for w in CJK_RUN.findall(row["definition"]) if w not in chinese[en]]
            for en, row in ROWS.items()}
    assert not {en: words for en, words in lost.items() if words}


def test_translations_use_the_glossarys_own_terms(chinese):
    """A definition that names another term of several words (e.g. "key accounts") uses its term_zh."""
    names = {en: row["term_zh"] for en, row in ROWS.items() if re.search(r"[ \-/]", en)}
    missing = []
    for en, row in ROWS.items():
        for other, zh in names.items():
            pattern = r"(?<![\w-])" + re.escape(other) + r"(?:e?s)?(?![\w-])"
            if other != en and re.search(pattern, row["definition"], re.I) and zh not in chinese[en]:
                missing.append((en, other, zh))
    assert not missing


def test_translations_use_full_width_punctuation_and_keep_code(chinese):
    assert not {en: HALF_WIDTH.findall(text) for en, text in chinese.items() if HALF_WIDTH.search(text)}
    # code, formulas and file names stay as they are
    assert 'check("m1_kano_q2", answer)' in chinese["check"]
    assert "data/glossary.csv" in chinese["glossary"] and "glossary.lookup()" in chinese["glossary"]
    assert "Better = (A+O)/(A+O+M+I)" in chinese["Better-Worse coefficients"]
    assert "m*r/(1+i-r)" in chinese["customer lifetime value"]
    assert "c = b/a" in chinese["satisfaction ratio"] and "95%" in chinese["confidence interval"]


# ---------------------------------------------------------------------------- the helpers in Chinese

def test_chinese_lookup_gives_the_chinese_definition_of_every_term(chinese):
    crmcourse.set_language("zh")
    for en, row in ROWS.items():
        hits = glossary.lookup(en)
        first = hits.iloc[0]
        assert first["term_en"] == en and first["term_zh"] == row["term_zh"]
        assert first["definition"] == chinese[en] and CJK.search(first["definition"]), en
        assert glossary.define(en) == glossary.define(row["term_zh"]) == chinese[en]
        assert glossary.lookup(row["term_zh"]).iloc[0]["definition"] == chinese[en]


def test_chinese_tables_keep_the_four_columns(chinese):
    crmcourse.set_language("zh")
    table = glossary.load_glossary()
    assert table.columns.tolist() == ["term_en", "term_zh", "module", "definition"]
    assert dict(zip(table["term_en"], table["definition"])) == chinese
    for module in range(7):
        part = glossary.terms(module)
        assert len(part) and all(part["definition"] == [chinese[en] for en in part["term_en"]])


def test_language_parameter_and_the_environment_choose_too(chinese, monkeypatch):
    assert glossary.lookup("close", language="zh").iloc[0]["definition"] == chinese["close"]
    assert glossary.define("成交", language="zh_CN") == chinese["close"]
    assert glossary.load_glossary("zh-Hans").set_index("term_en").loc["close", "definition"] == chinese["close"]
    monkeypatch.setenv("CRMCOURSE_LANG", "zh")
    assert glossary.define("close") == chinese["close"]
    crmcourse.set_language("en")  # set_language wins over the environment
    assert glossary.define("close") == ROWS["close"]["definition"]


def test_chinese_lookup_searches_chinese_and_english_definitions():
    crmcourse.set_language("zh")
    # 推荐者 is named only in the Chinese definitions of NPS and of the detractor's neighbours
    found = set(glossary.lookup("推荐者")["term_en"])
    assert {"promoter", "Net Promoter Score"} <= found
    assert not ({"promoter", "Net Promoter Score"} <= set(glossary.lookup("推荐者", language="en")["term_en"]))
    # an English word still finds what it finds in English
    assert set(glossary.lookup("service tickets", language="en")["term_en"]) <= set(
        glossary.lookup("service tickets")["term_en"])


def test_a_definition_the_catalog_lacks_stays_english(monkeypatch):
    """An English definition edited after the last translation shows in English until the .po is updated."""
    real = glossary.load

    def edited(table):
        frame = real(table)
        frame.loc[frame["term_en"] == "FAQ", "definition"] = "Questions customers ask often, with answers."
        return frame

    monkeypatch.setattr(glossary, "load", edited)
    table = glossary.load_glossary(language="zh").set_index("term_en")
    assert table.loc["FAQ", "definition"] == "Questions customers ask often, with answers."
    assert CJK.search(table.loc["key account", "definition"])


# ---------------------------------------------------------------------------- English unchanged

def test_english_helpers_return_the_csv_exactly():
    table = glossary.load_glossary()
    assert table.columns.tolist() == ["term_en", "term_zh", "module", "definition"]
    assert [tuple(map(str, r)) for r in table.itertuples(index=False)] == [
        (r["term_en"], r["term_zh"], r["module"], r["definition"]) for r in ROWS.values()]
    for en, row in ROWS.items():
        assert glossary.lookup(en).iloc[0]["definition"] == row["definition"]
        assert glossary.define(en) == row["definition"]
    assert glossary.lookup("service ticket")["term_en"].tolist() == ["service ticket", "CRM system"]


def test_english_asked_for_in_a_chinese_session():
    crmcourse.set_language("zh")
    assert glossary.lookup("key account", language="en").iloc[0]["definition"] == ROWS["key account"]["definition"]
    both = glossary.bilingual().set_index("term_en")
    assert both.loc["key account", "definition"] == ROWS["key account"]["definition"]
    assert CJK.search(both.loc["key account", "definition_zh"])


# ---------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("call", [
    lambda: glossary.lookup("", language="zh"),
    lambda: glossary.lookup(42),
    lambda: glossary.lookup("loyalty", module=9, language="zh"),
    lambda: glossary.lookup("loyalty", language="fr"),
    lambda: glossary.load_glossary(language=5),
    lambda: glossary.terms(7, language="zh"),
    lambda: glossary.terms(2, language="deutsch"),
    lambda: glossary.define("loyalt", language="zh"),
    lambda: glossary.define(None),
    lambda: glossary.translate("loyalt"),
])
def test_bad_input_raises_course_data_error(call):
    with pytest.raises(CourseDataError) as info:
        call()
    assert "Fix:" in str(info.value)


def test_a_bad_language_names_the_choices():
    with pytest.raises(CourseDataError, match="language must be 'en' or 'zh', got 'fr'"):
        glossary.define("close", language="fr")


@pytest.mark.parametrize("text, problem", [
    (b"term,definition\nFAQ,Questions.\n", "header"),
    (b"term_en,term_zh,module,definition\nFAQ,x,5,Questions, answers.\n", "5 fields"),
    (b"term_en,term_zh,module,definition\nFAQ,x,5,\n", "empty"),
    (b"term_en,term_zh,module,definition\nFAQ,x,5,A.\nFAQ,y,5,B.\n", "twice"),
    ("term_en,term_zh,module,definition\nFAQ,常见问题,5,A.\n".encode("gb18030"), "UTF-8"),
])
def test_extraction_refuses_a_broken_glossary(text, problem):
    with pytest.raises(CourseDataError, match=problem):
        list(eg.extract(io.BytesIO(text), (), (), {}))


# ---------------------------------------------------------------------------- the site's glossary page

def test_site_glossary_page_shows_each_editions_definitions(chinese):
    from crmcourse.authoring.site.pages import glossary_page

    crmcourse.set_language("zh")  # the session's language must not leak into the English page
    english = glossary_page(language="en")
    zh = glossary_page(language="zh")
    assert "A CRM record of a customer&#39;s service request" in english   # HTML-escaped apostrophe
    assert chinese["service ticket"][:20] not in english
    assert chinese["service ticket"][:20] in zh and 'lang="zh-CN"' in zh
    assert "A CRM record of a customer" not in zh
