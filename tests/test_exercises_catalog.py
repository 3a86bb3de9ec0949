"""Issue 15: the ``exercises`` gettext domain — every learner-visible exercise text, in Chinese.

The template (``crmcourse/locale/exercises.pot``) must be what the extraction method finds in the
exercise declarations today, the Chinese catalog must translate every entry (none fuzzy, same
``{placeholders}``, Chinese text), the ``.mo`` must be compiled from the current ``.po``, and the
option labels (and mapping keys) of one exercise must stay distinct in Chinese, since a learner may
answer with the Chinese label.
"""
from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages import frontend, mofile, pofile
from babel.messages.extract import extract_from_dir

import crmcourse
from crmcourse.authoring import extract_exercises as ee
from crmcourse.checks import all_exercises, get_exercise
from crmcourse.errors import CourseDataError

PACKAGE = Path(crmcourse.__file__).parent
LOCALE = PACKAGE / "locale"
CFG = LOCALE / "babel-exercises.cfg"
POT = LOCALE / "exercises.pot"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "exercises.po"
MO = LOCALE / "zh_CN" / "LC_MESSAGES" / "exercises.mo"
PACKAGE_MO = LOCALE / "zh_CN" / "LC_MESSAGES" / "crmcourse.mo"
PLACEHOLDER = re.compile(r"\$\{[^{}]*\}|\{[^{}]*\}|\$[A-Za-z_]+")
CJK = re.compile(r"[\u4e00-\u9fff]")


def read(path):
    with open(path, "rb") as handle:
        return pofile.read_po(handle)


def entries(catalog):
    return {(m.context, m.id): m for m in catalog if m.id}


@pytest.fixture(scope="module")
def catalog():
    return entries(read(PO))


@pytest.fixture(scope="module")
def chinese():
    with open(MO, "rb") as handle:
        return gettext.GNUTranslations(handle)


def label_in_chinese(translations, exercise, label):
    """How the runtime should look a label up: the exercise's own msgctxt first, then the plain entry."""
    if label in ee.CONTEXT_LABELS.get(exercise.id, ()):
        return translations.pgettext(exercise.id, label)
    return translations.gettext(label)


# ---------------------------------------------------------------------------- the template

def test_template_equals_a_fresh_extraction():
    """`pybabel extract -F crmcourse/locale/babel-exercises.cfg` (docs/i18n.md) would not change the template."""
    method_map, options_map = frontend.parse_mapping_cfg(io.StringIO(CFG.read_text(encoding="utf-8")))
    found = {(context, message) for _, _, message, _, context in extract_from_dir(str(PACKAGE), method_map, options_map)}
    assert found == set(entries(read(POT))), "run `pybabel extract` and `pybabel update` (docs/i18n.md)"


def test_no_exercise_text_is_missing_from_the_template():
    """Read the attributes directly (not through the extractor): every shown text has an entry."""
    ids = {message for _, message in entries(read(POT))}
    missing = []
    for ex in all_exercises():
        texts = [ex.title, ex.hint, ex.explanation]
        texts += list(getattr(ex, "feedback", {}).values()) + list(getattr(ex, "slips", {}).values())
        texts += list(getattr(ex, "concepts", {}).values())
        rubric = getattr(ex, "rubric", None)
        if rubric is not None:
            texts += [e.missing or e.name for e in rubric.elements] + [f.message for f in rubric.forbidden]
        missing += [(ex.id, t) for t in texts if t and t not in ids]
    assert not missing, f"exercise texts without a catalog entry: {missing[:5]}"
    assert len(ids) > 1500


def test_word_options_are_extracted_and_codes_are_not():
    template = entries(read(POT))
    zone = get_exercise("m0_demo_zone")
    assert all((None, o) in template for o in zone.options)
    assert (None, "SELECT") not in template and (None, "A") not in template and (None, "print_quality") not in template
    assert (None, "leads") not in template  # a table name of m5_tour_where, typed as it is
    assert ("m4_tg_bank_class", "quality") in template and (None, "quality") in template
    assert (None, "the running costs the bursar complained about") in template  # a rubric field value


def test_each_entry_names_its_exercise():
    for message in read(POT):
        if message.id:
            assert message.auto_comments and all(re.fullmatch(r"[a-z0-9_]+: [a-z]+", c) for c in message.auto_comments)
            assert all(loc[0].startswith("crmcourse/exercises/") for loc in message.locations)


# ---------------------------------------------------------------------------- the extraction method

@pytest.mark.parametrize("label, code", [
    ("A", True), ("GROUP BY", True), ("10+", True), ("promo_share", True), ("HX-A0060", True), ("报价单", True),
    ("s1", True), ("", True), (3, True),
    ("satisfied", False), ("about 5%", False), ("no-sale", False), ("Needs Analysis", False), ("C-level", False),
])
def test_is_code_label(label, code):
    assert ee.is_code_label(label) is code


def test_option_labels_and_keys():
    assert ee.option_labels(get_exercise("m1_kano_pair")) == ()
    assert ee.option_labels(get_exercise("cap_plan_sceptics")) == ()  # people's names stay as they are
    assert ee.option_labels(get_exercise("m4_why_bases")) == ("demographic", "geographic", "psychographic",
                                                              "behavioural")
    assert ee.mapping_keys(get_exercise("m4_why_bases"))[-1] == "member_level (from 2025 spend)"
    assert "age_band" not in ee.mapping_keys(get_exercise("m4_why_bases"))


def test_written_exercise_messages_include_the_rubric():
    parts = {(m.part, m.text) for m in ee.exercise_messages(get_exercise("m2_write_objection"))}
    assert ("rubric", "Keep the order: feel, then felt, then found.") in parts  # kept in the rule's closure
    assert ("rubric", "your price is 15% higher") in parts
    assert not any(m.part == "rubric" for m in ee.exercise_messages(get_exercise("m0_demo_zone")))


def test_bad_input_is_a_course_data_error(tmp_path):
    with pytest.raises(CourseDataError, match="expected an exercise"):
        ee.exercise_messages("m0_demo_zone")
    with pytest.raises(CourseDataError, match="expected an exercise"):
        ee.option_labels(None)
    stray = tmp_path / "notes.py"
    stray.write_text("x = 1\n")
    with open(stray, "rb") as handle, pytest.raises(CourseDataError, match="not a file of crmcourse/exercises"):
        list(ee.extract(handle, (), (), {}))


def test_helper_files_give_nothing():
    with open(PACKAGE / "exercises" / "_lab.py", "rb") as handle:
        assert list(ee.extract(handle, (), (), {})) == []


# ---------------------------------------------------------------------------- the Chinese catalog

def test_catalog_matches_template_and_is_complete(catalog):
    assert set(catalog) == set(entries(read(POT))), "run `pybabel update -D exercises` (docs/i18n.md)"
    assert not [key for key, m in catalog.items() if m.fuzzy], "fuzzy entries: review them, then drop the flag"
    assert not [key for key, m in catalog.items() if not m.string], "untranslated entries"


def test_mo_is_compiled_from_the_current_po(catalog):
    with open(MO, "rb") as handle:
        compiled = {(m.context, m.id): m.string for m in mofile.read_mo(handle) if m.id}
    assert compiled == {key: m.string for key, m in catalog.items()}, \
        "run `pybabel compile -D exercises -d crmcourse/locale` (docs/i18n.md)"


def test_translations_keep_their_placeholders(catalog):
    broken = [m.id for m in catalog.values() if sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))]
    assert not broken, broken
    assert "{need}" in catalog[(None, "Tie the benefit to the need this buyer stated: {need}.")].string
    assert "${offer_end}" in catalog[(None, "every message goes out with ${offer_end} left in the text")].string


def test_translations_are_chinese(catalog):
    english = [m.id for m in catalog.values()
               if not CJK.search(m.string) and not ee.is_code_label(m.id)]
    assert not english, english[:5]
    unchanged = [m.id for m in catalog.values() if m.string == m.id]
    assert not unchanged, unchanged[:5]


def test_prose_uses_full_width_punctuation(catalog):
    """Between two Chinese characters a comma, colon or semicolon is the full-width one."""
    half = [m.string for m in catalog.values() if re.search(r"[\u4e00-\u9fff] ?[,;:] ?[\u4e00-\u9fff]", m.string)]
    assert not half, half[:3]


TERMS = {  # the brief's and the glossary's terms: an English term in the msgid → its Chinese form in the msgstr
    "share of wallet": "钱包份额", "explicit need": "明确需求", "implied need": "隐含需求",
    "economic buyer": "经济购买者", "user buyer": "用户购买者", "technical buyer": "技术购买者",
    "switching cost": "转移成本", "service ticket": "服务工单", "implication question": "暗示问题",
    "need-payoff question": "需求-效益问题", "situation question": "背景问题", "problem question": "难点问题",
    "buying centre": "采购中心", "tolerance band": "容忍区间", "weighted forecast": "加权预测",
    "frequency marketing": "频繁营销", "detractor": "贬损者", "lifetime value": "客户终身价值",
}


@pytest.mark.parametrize("english, term", sorted(TERMS.items()))
def test_glossary_terms_are_used(catalog, english, term):
    pattern = re.compile(r"\b" + re.escape(english), re.I)
    found = [m for m in catalog.values() if pattern.search(m.id)]
    assert found, f"no message uses {english!r}: drop it from TERMS"
    assert all(term in m.string for m in found), [m.id for m in found if term not in m.string]


#: Renderings the term base replaced (tests/test_terms.py RIVALS); 传票 is discussed by m5_quiz_term, so not here.
REPLACED = ["缔结", "隐藏需求", "明显需求", "使用购买者", "转换成本", "频数营销", "基本特性", "性能相关特性", "魅力特性",
            "无差异特性", "反向特性", "可疑特性", "责任感", "确信感"]


def test_no_replaced_rendering(catalog):
    found = [(word, m.id) for m in catalog.values() for word in REPLACED if word in m.string]
    assert not found, found[:5]


def test_a_message_reads_in_chinese_at_runtime(chinese):
    ex = get_exercise("m0_demo_zone")
    assert chinese.gettext(ex.title) == "这位客户处于哪个满意区间？"
    assert [chinese.gettext(o) for o in ex.options] == ["不满意", "满意", "高度满意"]
    assert label_in_chinese(chinese, get_exercise("m4_tg_bank_class"), "quality") == "优质客户"
    assert chinese.gettext("quality") == "质量"


def test_labels_of_one_exercise_stay_distinct_in_chinese(chinese):
    """A Chinese answer must name one option: no two labels (or keys) of an exercise share a translation,
    nor does a translation read as another label's English — in this catalog or the package's."""
    with open(PACKAGE_MO, "rb") as handle:
        package = gettext.GNUTranslations(handle)
    clashes = []
    for ex in all_exercises():
        answer = getattr(ex, "answer", None)
        for labels in (tuple(getattr(ex, "options", ()) or ()), tuple(answer) if isinstance(answer, dict) else ()):
            owner: dict[str, str] = {}
            for label in labels:
                for name in {label_in_chinese(chinese, ex, label), package.gettext(label)} - {label}:
                    if owner.setdefault(name, label) != label or name in labels:
                        clashes.append((ex.id, label, name))
    assert not clashes, clashes
