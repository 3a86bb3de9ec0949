"""Issue 15: the call simulator's buyers speak Chinese in a Chinese session.

The shipped scenarios (data/spin/scenarios/*.yml) stay English; their texts are the ``scenarios``
gettext domain (crmcourse/locale/…/scenarios.po, extracted by crmcourse.authoring.extract_scenarios),
applied when a scenario is loaded (crmcourse.spin.scenario.localise). The simulator's own lines
(generic replies, the buyer's answer to a close) are in the ``crmcourse`` catalog.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages import frontend, mofile, pofile
from babel.messages.extract import DEFAULT_KEYWORDS, check_and_call_extract_file
from zh_errors import CJK, english_unless_set  # noqa: F401 - english_unless_set is an autouse fixture

import crmcourse
from crmcourse import spin
from crmcourse.spin import load_scenario

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "crmcourse" / "locale"
CFG = LOCALE / "babel-scenarios.cfg"
POT = LOCALE / "scenarios.pot"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "scenarios.po"
MO = LOCALE / "zh_CN" / "LC_MESSAGES" / "scenarios.mo"
SCENARIOS = sorted((ROOT / "data" / "spin" / "scenarios").glob("*.yml"))


def read(path):
    with open(path, "rb") as handle:
        return {m.id: m for m in pofile.read_po(handle) if m.id}


def test_template_equals_a_fresh_extraction():
    """`pybabel extract -F crmcourse/locale/babel-scenarios.cfg … data/spin/scenarios` would not change it."""
    method_map, options_map = frontend.parse_mapping_cfg(io.StringIO(CFG.read_text(encoding="utf-8")))
    found = set()
    for path in SCENARIOS:
        for _, _, message, _, _ in check_and_call_extract_file(
                str(path.relative_to(ROOT)), method_map, options_map, callback=None, keywords=DEFAULT_KEYWORDS,
                comment_tags=(), strip_comment_tags=False, dirpath=str(ROOT)):
            found.add(message)
    assert len(SCENARIOS) == 3 and len(found) > 150
    assert found == set(read(POT)), "run the `pybabel extract` in crmcourse/locale/babel-scenarios.cfg, then update"


def test_catalog_is_complete_chinese_and_compiled():
    catalog = read(PO)
    assert set(catalog) == set(read(POT)), "run `pybabel update -D scenarios` (docs/i18n.md)"
    bad = [m.id for m in catalog.values() if not m.string or m.fuzzy or not CJK.search(m.string)]
    assert not bad, bad
    numbers = [m.id for m in catalog.values()
               if sorted(re.findall(r"\d+", m.id.replace(",", ""))) != sorted(re.findall(r"\d+", m.string.replace(",", "")))]
    assert len(numbers) <= 10, numbers  # a number written out in words (e.g. "two") may read better in Chinese
    with open(MO, "rb") as handle:
        compiled = {m.id: m.string for m in mofile.read_mo(handle) if m.id}
    assert compiled == {k: m.string for k, m in catalog.items()}, "run `pybabel compile -D scenarios`"


@pytest.mark.parametrize("name", [p.stem for p in SCENARIOS])
def test_every_text_of_a_shipped_scenario_is_chinese_and_the_call_is_the_same(name):
    english = load_scenario(name)
    crmcourse.set_language("zh")
    chinese = load_scenario(name)
    assert chinese.questions.keys() == english.questions.keys()
    assert [(q.type, q.targets) for q in chinese.questions.values()] == \
           [(q.type, q.targets) for q in english.questions.values()]
    assert chinese.outcomes == english.outcomes and chinese.effects == english.effects
    texts = [chinese.title, chinese.buyer["opening"], *chinese.facts.values(),
             *(p.text for p in chinese.problems.values()), *(t for _, t in chinese.implications.values()),
             *(v for n in chinese.needs.values() for v in (n.text, n.feature, n.advantage, n.benefit) if v),
             *(v for q in chinese.questions.values() for v in (q.text, q.reply) if v)]
    assert texts and not [t for t in texts if not CJK.search(t)]


def test_a_call_in_chinese_plays_like_the_english_one():
    """The same seed and moves: the same outcome, stage and patience; Chinese replies and reason."""
    def play(language):
        crmcourse.set_language(language)
        sim = spin.CallSimulator("hospital", seed=3)
        replies = [sim.ask(q).reply for q in list(sim.scenario.questions)[:6]]
        return sim.state, replies

    english_state, english_replies = play("en")
    chinese_state, chinese_replies = play("zh")
    assert (chinese_state.outcome, chinese_state.stage, chinese_state.patience) == \
           (english_state.outcome, english_state.stage, english_state.patience)
    assert all(CJK.search(r) for r in chinese_replies), chinese_replies
    assert not any(CJK.search(r) for r in english_replies), english_replies


def test_generic_replies_and_close_answers_are_chinese():
    from crmcourse.spin.simulator import _GENERIC

    crmcourse.set_language("zh")
    for options in _GENERIC.values():
        for text in options:
            assert CJK.search(crmcourse.i18n.translate(text)), text


def test_a_trainers_own_scenario_stays_as_written_in_chinese(tmp_path):
    own = (ROOT / "data" / "spin" / "scenarios" / "bank.yml").read_text(encoding="utf-8").replace(
        "How many branches does the bank have?", "How many branches do you run?")
    crmcourse.set_language("zh")
    scenario = spin.parse_scenario(own, source="own.yml")
    assert scenario.questions["s_branches"].text == "How many branches do you run?"
    assert CJK.search(scenario.questions["s_counters"].text)


def test_the_written_spin_rubric_reads_the_english_scenario_in_any_language():
    """The rubric's topic cues are English words: the same whichever language first filled its cache
    (a Chinese session first made the English checks fail). A question copied from the simulator
    counts as the simulator's own in either language."""
    from crmcourse.checks import rubrics

    rubrics._scenario_cues.cache_clear()
    crmcourse.set_language("zh")
    first_in_chinese = rubrics._scenario_cues("hospital")
    rubrics._scenario_cues.cache_clear()
    crmcourse.set_language(None)
    assert rubrics._scenario_cues("hospital") == first_in_chinese
    cues, asked, _ = first_in_chinese
    assert "printer" in cues and not any(CJK.search(c) for c in cues)
    chinese = load_scenario("hospital", language="zh").questions["s_fleet"].text
    english = load_scenario("hospital", language="en").questions["s_fleet"].text
    assert CJK.search(chinese) and {rubrics.clean(chinese).lower(), rubrics.clean(english).lower()} <= asked


@pytest.mark.parametrize("language", ["fr", ["zh"], 3])
def test_an_unknown_language_is_one_clear_error(language):
    with pytest.raises(spin.ScenarioError, match="language should be one of 'en', 'zh'"):
        load_scenario("bank", language=language)
