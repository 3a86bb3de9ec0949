"""The ``site`` gettext domain: the interface words of the site, the slides and the handouts (issue 15).

The template ``crmcourse/locale/site.pot`` must hold exactly what Babel extracts from the Jinja2
templates and the ``tr(language, "…")`` calls (``crmcourse/locale/babel-site.cfg``, the command
in docs/i18n.md); the Chinese catalog must translate every message (nothing fuzzy or empty), keep
every placeholder and HTML tag, use full-width punctuation in its prose, and be compiled.
"""
from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages import frontend, mofile, pofile
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from crmcourse.authoring.site import editions
from crmcourse.authoring.site.rendering import render

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "crmcourse" / "locale"
POT = LOCALE / "site.pot"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "site.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]*\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")


def _read(path: Path):
    with path.open("rb") as handle:
        return pofile.read_po(handle)


@pytest.fixture(scope="module")
def catalog():
    return [m for m in _read(PO) if m.id]


def test_template_is_up_to_date_with_templates_and_code():
    method_map, options_map = frontend.parse_mapping_cfg(io.StringIO(editions.BABEL_CFG.read_text(encoding="utf-8")))
    keywords = {**DEFAULT_KEYWORDS, "tr": (2,)}
    found = {m[2] for m in extract_from_dir(str(REPO), method_map, options_map, keywords=keywords)}
    assert found == {m.id for m in _read(POT) if m.id}, "run the pybabel extract command of docs/i18n.md"
    assert {"Course map", "Exercises", "Trainer key", "Module {number}"} <= found


def test_catalog_translates_every_message_of_the_template(catalog):
    assert {m.id for m in catalog} == {m.id for m in _read(POT) if m.id}, "run pybabel update (docs/i18n.md)"
    for message in catalog:
        assert message.string, f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"


def test_placeholders_and_tags_are_kept(catalog):
    for message in catalog:
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(message.id)), message.id
        assert sorted(TAG.findall(message.string)) == sorted(TAG.findall(message.id)), message.id


def test_chinese_prose_uses_full_width_punctuation(catalog):
    for message in catalog:
        prose = re.sub(r"<code>.*?</code>", "", message.string)
        prose = PLACEHOLDER.sub("", TAG.sub("", prose))
        prose = re.sub(r"[\w./-]+\.(?:md|ipynb|html)|solutions/answer_keys/", "", prose)
        assert not re.search(r"[,;:?!()]", prose), f"half-width punctuation in {message.string!r}"
        assert re.search(r"[\u4e00-\u9fff]", message.string), f"no Chinese in {message.string!r}"


def test_compiled_catalog_matches_the_po(catalog):
    buf = io.BytesIO()
    mofile.write_mo(buf, _read(PO))
    expected = gettext.GNUTranslations(io.BytesIO(buf.getvalue()))
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        assert compiled.gettext(message.id) == expected.gettext(message.id) == message.string, \
            "run pybabel compile -D site -d crmcourse/locale"


def test_the_package_reads_the_catalog_whatever_the_session_language(catalog, monkeypatch):
    import crmcourse

    monkeypatch.setenv("CRMCOURSE_LANG", "en")
    crmcourse.set_language("en")
    try:
        for message in catalog:
            assert editions.tr("zh", message.id) == message.string
            assert editions.tr("en", message.id) == message.id
    finally:
        crmcourse.set_language(None)


def test_templates_render_the_translation():
    page = render("learner_footer.html.j2", "zh", up="../", solution_page="solutions/x.html", title="1.1 <比值>")
    assert "## 参考答案" in page
    assert '<a href="../solutions/x.html">1.1 &lt;比值&gt;的参考答案</a>' in page, "variables are escaped"
    english = render("learner_footer.html.j2", up="../", solution_page="solutions/x.html", title="1.1 Ratio")
    assert "## Solutions" in english and "worked solution of 1.1 Ratio" in english
