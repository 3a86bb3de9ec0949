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


def test_check_messages_are_marked_in_feedback_py_itself():
    """The checks translate their own texts: every English text of feedback.py is a catalog msgid."""
    from crmcourse.checks import feedback

    texts = {v for k, v in vars(feedback).items() if k.isupper() and isinstance(v, str)}
    texts |= set(feedback.HEADLINES.values())
    unmarked = texts - {m.id for m in read(POT) if m.id} - {feedback.TOO_HIGH_OR_LOW, feedback.COUNT_CLOSE}
    assert not unmarked
    assert not hasattr(i18n, "CHECK_MESSAGES")


def test_every_message_is_translated_with_its_placeholders():
    crmcourse.set_language("zh")
    for message in read(PO):
        if not message.id:
            continue
        chinese = i18n._(message.id)
        # Chinese characters, or at least Chinese punctuation ("{name}：{value}")
        assert chinese != message.id and re.search("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", chinese), message.id
        assert sorted(PLACEHOLDER.findall(chinese)) == sorted(PLACEHOLDER.findall(message.id)), message.id
    assert i18n._("{right} of {count} right.").format(right=2, count=3) == "3 项中有 2 项正确。"


def test_chinese_prose_uses_full_width_punctuation():
    """Sentences end with 。 and use ，：；（）; half-width marks stay only inside code, numbers and placeholders."""
    for message in read(PO):
        if not message.id or not message.string:
            continue
        text = re.sub(r"`[^`]*`|\{[^{}]*\}|<[^<>]*>|'[^']*'|\"[^\"]*\"|check\([^)]*\)", "", message.string)
        prose = re.sub(r"[0-9A-Za-z]+[,.:;()]+[0-9A-Za-z]*", "", text)
        assert not re.search(r"[\u4e00-\u9fff][,.;:?!]|[,;:?!][\u4e00-\u9fff]|[\u4e00-\u9fff]\(", prose), \
            (message.id, message.string)
        if message.id.endswith(".") and not message.id.endswith("..."):
            assert message.string.endswith(("。", "）", "”")), (message.id, message.string)


def test_unknown_message_and_missing_catalog_fall_back_to_english(monkeypatch):
    crmcourse.set_language("zh")
    assert i18n._("no such message") == "no such message"
    monkeypatch.setitem(i18n.LANGUAGES, "zh", "xx_XX")  # no catalog for this locale
    i18n.translation.cache_clear()
    assert i18n._("correct") == "correct"


def test_ngettext():
    assert i18n.ngettext("{n} row", "{n} rows", 1) == "{n} row"
    crmcourse.set_language("zh")
    assert i18n.ngettext("{n} row", "{n} rows", 5) == "{n} rows"  # not in the catalog
    assert i18n.ngettext(None, ["x"], 5) == ["x"]  # never raises on what is not text


def test_underscore_leaves_what_is_not_text_alone():
    crmcourse.set_language("zh")
    assert i18n._(None) is None and i18n._(["correct"]) == ["correct"] and i18n._("") == ""


# ---------------------------------------------------------------------------- other domains

def test_dgettext_reads_a_domain_and_falls_back_to_english(monkeypatch):
    crmcourse.set_language("zh")
    assert i18n.dgettext("crmcourse", "not yet right") == "还不对"
    assert i18n.dgettext("no_such_domain", "not yet right") == "not yet right"
    assert i18n.dgettext("exercises", "a text no catalog has") == "a text no catalog has"
    assert i18n.dgettext("crmcourse", 3) == 3
    crmcourse.set_language("en")
    assert i18n.dgettext("crmcourse", "not yet right") == "not yet right"


@pytest.mark.parametrize("domain", ["../crmcourse", "Exercises", "", "a/b", None, 3, "x" * 60])
def test_dgettext_refuses_a_domain_that_is_not_a_name(domain):
    with pytest.raises(CourseDataError, match="domain") as err:
        i18n.dgettext(domain, "correct")
    assert "exercises" in err.value.fix


def test_exercises_catalog_is_read_when_it_exists(tmp_path, monkeypatch):
    """dgettext("exercises", …) reads exercises.mo as soon as it ships, with no code change."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="zh_CN", domain="exercises")
    catalog.add("groups differ", "各组不同")
    (tmp_path / "zh_CN" / "LC_MESSAGES").mkdir(parents=True)
    with open(tmp_path / "zh_CN" / "LC_MESSAGES" / "exercises.mo", "wb") as handle:
        mofile.write_mo(handle, catalog)

    class Files:
        def joinpath(self, *parts):
            return tmp_path.joinpath(*parts[1:]) if parts[-1] == "exercises.mo" else PACKAGE.joinpath(*parts)

    monkeypatch.setattr(i18n.resources, "files", lambda package: Files())
    i18n.translation.cache_clear()
    crmcourse.set_language("zh")
    assert i18n.dgettext("exercises", "groups differ") == "各组不同"
    assert i18n.alternatives("groups differ") == ("groups differ", "各组不同")
    assert i18n.alternatives("not yet right") == ("not yet right", "还不对")


def test_alternatives_whatever_the_language():
    crmcourse.set_language("en")
    assert i18n.alternatives("attractive") == ("attractive", "魅力属性")
    assert i18n.alternatives("no such text") == ("no such text",)
    assert i18n.alternatives(3) == ()
    assert i18n.alternatives("correct", domains="crmcourse") == ("correct", "正确")
    with pytest.raises(CourseDataError):
        i18n.alternatives("correct", domains=("../x",))


# ---------------------------------------------------------------------------- the catalogs

#: The keywords the package's catalog is extracted with (docs/i18n.md): only its own markers, so that a
#: literal passed to dgettext("site", ...) or dgettext("exercises", ...) stays out of crmcourse.pot.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extracted() -> set:
    method_map, options_map = frontend.parse_mapping_cfg(io.StringIO((LOCALE / "babel.cfg").read_text()))
    found = set()
    for msg in extract_from_dir(str(PACKAGE), method_map, options_map, keywords=KEYWORDS):
        found.add(msg[2] if isinstance(msg[2], str) else msg[2][0])
    return found


def test_template_is_up_to_date_with_the_code():
    """`pybabel extract` (docs/i18n.md) would not change the message ids of crmcourse.pot."""
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read(POT) if m.id}
    assert extracted() == ids


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
