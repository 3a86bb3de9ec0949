"""Issue 15: language choice and the gettext catalogs of the package's own messages."""
from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages import frontend, mofile, pofile
from babel.messages.extract import extract_from_dir

import crmcourse
from crmcourse import i18n
from crmcourse.errors import CourseDataError

PACKAGE = Path(crmcourse.__file__).parent
LOCALE = PACKAGE / "locale"
POT = LOCALE / "crmcourse.pot"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "crmcourse.po"
MO = LOCALE / "zh_CN" / "LC_MESSAGES" / "crmcourse.mo"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setitem(i18n._STATE, "language", None)
    yield
    i18n.translation.cache_clear()


def read(path):
    with open(path, "rb") as handle:
        return pofile.read_po(handle)


# ---------------------------------------------------------------------------- choosing the language

def test_default_is_english():
    assert crmcourse.get_language() == "en"
    assert i18n._("not yet right") == "not yet right"


def test_set_language_and_reset(monkeypatch):
    crmcourse.set_language("zh")
    assert crmcourse.get_language() == "zh"
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert crmcourse.get_language() == "zh"  # set_language wins over the environment
    crmcourse.set_language(None)
    assert crmcourse.get_language() == "en"


@pytest.mark.parametrize("value, expected", [
    ("zh", "zh"), ("en", "en"), ("ZH", "zh"), (" zh ", "zh"), ("zh_CN", "zh"), ("zh-Hans", "zh"),
    ("en_US", "en"), ("cn", "zh"), ("", "en"),
])
def test_environment_variable(monkeypatch, value, expected):
    monkeypatch.setenv("CRMCOURSE_LANG", value)
    assert crmcourse.get_language() == expected


def test_bad_environment_variable_names_it(monkeypatch):
    monkeypatch.setenv("CRMCOURSE_LANG", "fr")
    with pytest.raises(CourseDataError, match="unknown language 'fr'") as err:
        crmcourse.get_language()
    assert "CRMCOURSE_LANG=zh" in err.value.fix


@pytest.mark.parametrize("value, hint", [
    ("zn", "unknown language 'zn'"), ("eng", "did you mean 'en'"),
    ("chinse", "did you mean 'chinese'"),
    ("klingon", "unknown language 'klingon'"), (3, "must be text"), (["zh"], "must be text"),
])
def test_bad_language_is_refused(value, hint):
    with pytest.raises(CourseDataError, match=re.escape(hint)) as err:
        crmcourse.set_language(value)
    assert "set_language('zh')" in err.value.fix
    assert crmcourse.get_language() == "en"  # unchanged


def test_import_crmcourse_stays_light():
    code = ("import crmcourse, sys; crmcourse.set_language('zh'); assert crmcourse.get_language() == 'zh'; "
            "assert 'pandas' not in sys.modules and 'matplotlib' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------- translating

def test_check_headlines_are_chinese_in_zh():
    from crmcourse.checks.feedback import HEADLINES

    crmcourse.set_language("zh")
    shown = {status: i18n._(text) for status, text in HEADLINES.items()}
    assert shown == {"correct": "正确", "incorrect": "还不对", "unanswered": "尚未作答",
                     "unknown": "无法检查", "recorded": "已记录，由培训师评分"}
    crmcourse.set_language("en")
    assert [i18n._(t) for t in HEADLINES.values()] == list(HEADLINES.values())


def test_marked_check_messages_match_feedback_py():
    """CHECK_MESSAGES copies texts of feedback.py until the checks call _() themselves."""
    from crmcourse.checks import feedback

    texts = set(feedback.HEADLINES.values()) | {v for v in vars(feedback).values() if isinstance(v, str)}
    stale = [m for m in i18n.CHECK_MESSAGES if m not in texts]
    assert not stale, f"feedback.py changed these texts; update CHECK_MESSAGES and the catalogs: {stale}"


def test_every_marked_message_is_translated_with_its_placeholders():
    crmcourse.set_language("zh")
    for message in i18n.CHECK_MESSAGES:
        chinese = i18n._(message)
        assert chinese != message and re.search("[\u4e00-\u9fff]", chinese), message
        assert sorted(PLACEHOLDER.findall(chinese)) == sorted(PLACEHOLDER.findall(message)), message
    assert i18n._("{right} of {count} right.").format(right=2, count=3) == "3 项中有 2 项正确。"


def test_unknown_message_and_missing_catalog_fall_back_to_english(monkeypatch):
    crmcourse.set_language("zh")
    assert i18n._("no such message") == "no such message"
    monkeypatch.setitem(i18n.LANGUAGES, "zh", "xx_XX")  # no catalog for this locale
    i18n.translation.cache_clear()
    assert i18n._("correct") == "correct"


def test_ngettext():
    assert i18n.ngettext("{n} row", "{n} rows", 1) == "{n} row"
    crmcourse.set_language("zh")
    assert i18n.ngettext("{n} row", "{n} rows", 5) == "{n} rows"  # not in the catalog yet


# ---------------------------------------------------------------------------- the catalogs

def test_template_is_up_to_date_with_the_code():
    """`pybabel extract` (docs/i18n.md) would not change the message ids of crmcourse.pot."""
    method_map, options_map = frontend.parse_mapping_cfg(io.StringIO((LOCALE / "babel.cfg").read_text()))
    found = {msg[2] for msg in extract_from_dir(str(PACKAGE), method_map, options_map)}
    assert found == {m.id for m in read(POT) if m.id}


def test_chinese_catalog_is_complete_and_not_fuzzy():
    template = {m.id for m in read(POT) if m.id}
    catalog = read(PO)
    entries = {m.id: m for m in catalog if m.id}
    assert set(entries) == template, "run `pybabel update` (docs/i18n.md)"
    assert not [m.id for m in entries.values() if m.fuzzy], "fuzzy entries: review them, then drop the flag"
    assert not [m.id for m in entries.values() if not m.string], "untranslated entries"
    assert str(catalog.locale) == "zh_Hans_CN"


def test_compiled_catalog_matches_the_po():
    """crmcourse.mo was compiled from the current crmcourse.po (`pybabel compile`)."""
    buf = io.BytesIO()
    mofile.write_mo(buf, read(PO))
    fresh = gettext.GNUTranslations(io.BytesIO(buf.getvalue()))
    with open(MO, "rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    assert fresh._catalog == shipped._catalog  # noqa: SLF001 - the parsed messages


def test_catalog_is_read_as_a_package_resource():
    from importlib import resources

    ref = resources.files("crmcourse").joinpath("locale", "zh_CN", "LC_MESSAGES", "crmcourse.mo")
    assert ref.is_file()
    assert i18n.translation("zh").gettext("correct") == "正确"
