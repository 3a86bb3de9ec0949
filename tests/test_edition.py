"""The Chinese edition's tooling: catalogs per notebook (extract, update), build, check, status.

Everything runs on small synthetic notebooks in tmp_path; no real notebook is executed here.
"""
from __future__ import annotations

import io

import nbformat
import pytest
from babel.messages.pofile import read_po
from nbformat import v4

from crmcourse import cli
from crmcourse.authoring.edition.build import (LANGUAGE_HEADER, build_edition, translate_code,
                                               translate_notebook)
from crmcourse.authoring.edition.catalogs import (EditionError, catalog_path, catalog_text,
                                                  extract_catalog, merge_catalog, read_catalog,
                                                  write_catalog)
from crmcourse.authoring.edition.workflow import check_edition, status, update_all
from crmcourse.authoring.learner import build as learner_build
from crmcourse.authoring.learner import make_learner_notebook
from crmcourse.authoring.runner import normalise
from crmcourse.errors import CourseDataError

# --------------------------------------------------------------------------- a synthetic course

INTRO = "# 1.1 Satisfaction\n\nCustomers compare what they get with what they expected."
CHART = (
    "import matplotlib.pyplot as plt\n"
    "# draw the share of wallet per class\n"
    'fig, ax = plt.subplots()\n'
    'ax.set_title("Share of wallet by class")\n'
    'ax.set_ylabel("share")\n'
    'ax.legend(title="class")\n'
)
PRINTED = (
    'accounts = [1, 2, 3]\n'
    'print(f"{len(accounts)} accounts; {sum(accounts):,.0f} CNY in all")\n'
    "print('done and dusted')  # say we are done\n"
)
DATA = (
    'rows = crm.query(db, "SELECT name, amount FROM deals WHERE stage = \'Closed Won\'")\n'
    'big = table.query("amount > 100 and region == \'east\'")\n'
    'total = table["annual revenue"].sum()\n'
    'path = "data/huaxin/accounts.csv"\n'
    'lead = crm.add(db, "leads", source="trade fair", owner="HX-R05")\n'
    'stage = "Closed Won"\n'
    'raw = b"two words"\n'
)
EXERCISE = (
    "# compute the zone from the ratio\n"
    "### BEGIN SOLUTION\n"
    'zone = "highly satisfied"\n'
    "### END SOLUTION\n"
    'check("m1_demo_zone", zone)\n'
)
MODEL_ANSWER = "**Why?** Say it in one sentence.\n### BEGIN SOLUTION\nBecause it pays.\n### END SOLUTION"


def course_nb():
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell(INTRO, id="intro"),
        v4.new_code_cell(CHART, id="chart", metadata={"tags": ["nbval-ignore-output"]}),
        v4.new_code_cell(PRINTED, id="printed"),
        v4.new_markdown_cell(MODEL_ANSWER, id="model"),
        v4.new_code_cell(DATA, id="data"),
        v4.new_code_cell(EXERCISE, id="exercise"),
        v4.new_code_cell("print('done and dusted')", id="again"),
    ])
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb


@pytest.fixture
def course(tmp_path):
    """solutions/m1/demo.ipynb (English), translations/ and notebooks/ beside it."""
    sol = tmp_path / "solutions"
    (sol / "m1").mkdir(parents=True)
    nbformat.write(course_nb(), sol / "m1" / "demo.ipynb")
    return tmp_path


def messages(catalog):
    return {(m.context, m.id): m for m in catalog if m.id}


# --------------------------------------------------------------------------- extraction

def test_extraction_takes_markdown_cells_whole_keyed_by_cell_id():
    found = messages(extract_catalog(course_nb(), name="m1/demo"))
    intro = found[("intro", INTRO)]
    assert intro.string == "" and intro.locations == [("cell", 1)]
    assert ("model", MODEL_ANSWER) in found  # a model answer is translated with its cell (markers kept)


def test_extraction_takes_chart_titles_labels_printed_text_and_comments():
    code = {text for ctx, text in messages(extract_catalog(course_nb())) if ctx == "code"}
    assert {"Share of wallet by class", "share", "class",  # title, ylabel= and legend title= (one word)
            "{len(accounts)} accounts; {sum(accounts):,.0f} CNY in all", "done and dusted",
            "draw the share of wallet per class", "say we are done",
            "compute the zone from the ratio"} <= code


def test_extraction_leaves_data_ids_markers_and_answers_alone():
    code = {text for ctx, text in messages(extract_catalog(course_nb())) if ctx == "code"}
    everything = " | ".join(code)
    for kept in ("SELECT", "amount > 100", "annual revenue", "data/huaxin", "trade fair", "HX-R05",
                 "Closed Won", "two words", "m1_demo_zone", "highly satisfied", "BEGIN SOLUTION",
                 "END SOLUTION"):
        assert kept not in everything, kept


def test_a_text_used_as_a_column_is_not_translated_anywhere_in_the_notebook():
    nb = v4.new_notebook(cells=[
        v4.new_code_cell('df = pd.DataFrame({"share of wallet": [0.2]})', id="a"),
        v4.new_code_cell('ax.set_title("share of wallet")\nprint(df["share of wallet"])', id="b")])
    assert [m.id for m in extract_catalog(nb) if m.id] == []


def test_code_messages_are_shared_and_list_every_cell():
    found = messages(extract_catalog(course_nb()))
    assert found[("code", "done and dusted")].locations == [("cell", 3), ("cell", 7)]
    assert [c for c, t in found if t == "done and dusted"] == ["code"]


def test_a_markdown_cell_without_id_is_refused_with_the_notebook_and_cell(tmp_path):
    nb = course_nb()
    del nb.cells[3]["id"]
    with pytest.raises(CourseDataError, match=r"m1/demo: markdown cell 4 has no cell id"):
        extract_catalog(nb, name="m1/demo")


def test_catalog_round_trips_through_a_po_file(tmp_path):
    catalog = extract_catalog(course_nb(), name="m1/demo")
    target = tmp_path / "demo.po"
    assert write_catalog(catalog, target)
    assert not write_catalog(catalog, target), "an unchanged catalog is not rewritten"
    again = read_catalog(target)
    assert set(messages(again)) == set(messages(catalog))
    text = target.read_text(encoding="utf-8")
    assert 'msgctxt "intro"' in text and "#: cell:1" in text and "#. code: ax.set_title(" in text


# --------------------------------------------------------------------------- followers: words shown with their text

def code_texts(*sources):
    """The code messages of a notebook made of *sources* (one code cell each), in order."""
    nb = v4.new_notebook(cells=[v4.new_code_cell(src, id=f"c{i}") for i, src in enumerate(sources)])
    return [m.id for m in extract_catalog(nb) if m.id and m.context == "code"]


def test_every_worded_part_of_a_joined_string_comes_with_the_part_in_words():
    src = ('print(f"{len(t):,} receipts from {n:,} members, "\n'
           '      f"{t.min():%Y-%m-%d} to {t.max():%Y-%m-%d}")\n'
           'print(f"mean propensity: {a:.3f} if not contacted; "\n'
           '      f"ratio {r:.2f}")\n'
           'print(f"{a:.1%}, " f"{b:.1%}")\n')
    assert code_texts(src) == ["{len(t):,} receipts from {n:,} members, ",
                               "{t.min():%Y-%m-%d} to {t.max():%Y-%m-%d}",
                               "mean propensity: {a:.3f} if not contacted; ", "ratio {r:.2f}"]
    catalog = extract_catalog(v4.new_notebook(cells=[v4.new_code_cell(src, id="c")]))
    assert "part 2 of 2 of one string joined in code" in catalog.get("ratio {r:.2f}", context="code").auto_comments


def test_a_joined_string_without_a_part_in_words_or_used_as_data_stays_english():
    assert code_texts('label = f"{a} to " f"{b}"\nprint(label)') == []
    assert code_texts('df = df.set_index(f"{k} of " "all the accounts")\nprint("all the accounts")') == []
    assert code_texts('rows = crm.query(db, "SELECT name FROM leads "\n'
                      '                 "WHERE source = \'trade fair\' AND to_date")') == []


def test_both_branches_of_a_conditional_come_together():
    src = 'print("fitted in", "under 5 seconds" if seconds < 5 else "more than 5 seconds (a slow machine)")'
    assert code_texts(src) == ["fitted in", "under 5 seconds", "more than 5 seconds (a slow machine)"]
    # nothing in words: both stay; a branch the code compares elsewhere keeps the other one English too
    assert code_texts('speed = "fast" if s < 5 else "slow"') == []
    assert code_texts('zone = "low" if r < 1 else "highly satisfied"', 'n = (z == "highly satisfied").sum()') == []


def test_every_argument_of_a_print_with_a_text_in_words_is_printed_text():
    assert code_texts('print("leads before:", before, "after", after, sep=" ")') == ["leads before:", "after"]
    assert code_texts('print("total", n)') == []


def test_labels_of_a_table_built_for_display_come_with_its_labels_in_words():
    src = ('facts = pd.Series({\n'
           '    "account": f"{row[\'name\']} ({key}), {row[\'region\']} region",\n'
           '    "revenue 2025": f"{row[\'revenue\']:,.0f} CNY",\n'
           '    "share of wallet": f"{share:.0%} of {wallet:,.0f} CNY",\n'
           '    "stuck deals": ", ".join(f"{i} ({d} days)" for i, d in stuck) or "none",\n'
           '}, name="account plan")\n'
           'facts.to_frame()\n')
    assert code_texts(src) == ["account", "{row['name']} ({key}), {row['region']} region", "revenue 2025",
                               "{row['revenue']:,.0f} CNY", "share of wallet", "{share:.0%} of {wallet:,.0f} CNY",
                               "stuck deals", "{i} ({d} days)", "none", "account plan"]
    fab = ('pd.DataFrame({"feature": ["card release"], "advantage": ["prints reach only their owner"],\n'
           '              "benefit (for one account)": ["passes the privacy audit"]})')
    assert code_texts(fab) == ["feature", "card release", "advantage", "prints reach only their owner",
                               "benefit (for one account)", "passes the privacy audit"]
    runs = ('results = pd.DataFrame({"blanket": run(False), "targeted": run(True),\n'
            '                        "targeted, best offer": run(True, best=True)}).T')
    assert code_texts(runs) == ["blanket", "targeted", "targeted, best offer"]
    assert code_texts('pd.DataFrame({"this fit": fit, "published": pd.Series(PUBLISHED)})') == ["this fit", "published"]
    assert code_texts('pd.DataFrame(rows, columns=["friend\'s first purchase", "voucher (CNY)"], index=["a", "b"])') == [
        "friend's first purchase", "voucher (CNY)"]


def test_a_table_label_the_code_uses_as_data_or_names_elsewhere_stays_english():
    table = 'fab = pd.DataFrame({"feature": f, "advantage": a, "benefit (for one account)": b})'
    assert code_texts(table, 'fab["feature"].str.len()') == ["advantage", "benefit (for one account)"]
    assert code_texts(table, 'plots.bar(fab, "advantage")') == ["feature", "benefit (for one account)"]
    assert code_texts(table, 'fab.feature.tolist()') == ["advantage", "benefit (for one account)"]
    assert code_texts(table, 'fab.set_index("benefit (for one account)")') == []
    # single-word labels alone are no sign of a display table; values of a DataFrame stay data
    assert code_texts('leads = pd.DataFrame({"company": ["Boya"], "source": ["exhibition"]})') == []
    assert code_texts('pd.DataFrame({"accounts in all": [3], "source": ["exhibition", "fair"]})') == [
        "accounts in all", "source"]


def test_a_table_label_equal_to_an_answer_is_shown_in_chinese_while_the_answer_stays_english():
    answer = '### BEGIN SOLUTION\nfab = {"s1": "feature", "s2": "advantage"}\n### END SOLUTION\ncheck("m2_obj_fab", fab)'
    table = 'pd.DataFrame({"feature": ["60 ppm"], "advantage": ["short queues"], "benefit for you": ["calm"]})'
    nb = v4.new_notebook(cells=[v4.new_code_cell(answer, id="a"), v4.new_code_cell(table, id="t")])
    catalog = extract_catalog(nb)
    assert [m.id for m in catalog if m.id] == ["feature", "advantage", "short queues", "benefit for you"]
    for english, chinese in (("feature", "特征"), ("advantage", "优势"), ("short queues", "不用排队"),
                             ("benefit for you", "对您的利益")):
        catalog.get(english, context="code").string = chinese
    zh, report = translate_notebook(nb, catalog, name="m2/demo")
    assert 'fab = {"s1": "feature", "s2": "advantage"}' in zh.cells[0].source
    assert zh.cells[1].source == 'pd.DataFrame({"特征": ["60 ppm"], "优势": ["不用排队"], "对您的利益": ["calm"]})'
    # still pinned by data: a strong text equal to an answer keeps the old exclusion
    assert code_texts(answer.replace("feature", "a key feature"), 'print("a key feature")') == []


def test_legend_and_tick_label_lists_are_chart_labels():
    src = ('ax.legend(["actual", "BG/NBD conditional expectation"], loc="upper left", frameon=False)\n'
           'ax.set_xticklabels(["blanket", "targeted"])\n'
           'ax.legend(handles, labels=["members"])\n')
    assert code_texts(src) == ["actual", "BG/NBD conditional expectation", "blanket", "targeted", "members"]
    assert "upper left" not in code_texts(src)


def test_followers_build_into_valid_code_with_every_field_kept():
    src = ('print(f"{n:,} receipts from {m} members, "\n      f"{a} to {b}")\n'
           'pd.Series({"account": f"{k} region", "open pipeline": "none" if p == 0 else f"{p} deals"},'
           ' name="account plan").to_frame()\n')
    nb = v4.new_notebook(cells=[v4.new_code_cell(src, id="c")])
    catalog = extract_catalog(nb)
    chinese = {"{n:,} receipts from {m} members, ": "{m} 位会员的 {n:,} 张小票，", "{a} to {b}": "{a} 至 {b}", "account": "客户",
               "{k} region": "{k} 区域", "open pipeline": "在途商机", "none": "无", "{p} deals": "{p} 笔交易",
               "account plan": "客户计划"}
    assert sorted(m.id for m in catalog if m.id) == sorted(chinese)
    for english, text in chinese.items():
        catalog.get(english, context="code").string = text
    zh, report = translate_notebook(nb, catalog, name="m4/demo")
    code = zh.cells[0].source[len(LANGUAGE_HEADER):]
    assert code == ('print(f"{m} 位会员的 {n:,} 张小票，"\n      f"{a} 至 {b}")\n'
                    'pd.Series({"客户": f"{k} 区域", "在途商机": "无" if p == 0 else f"{p} 笔交易"},'
                    ' name="客户计划").to_frame()\n')
    assert report.translated == len(chinese) and not report.untranslated


# --------------------------------------------------------------------------- update

def _translated(catalog, **pairs):
    for message in catalog:
        if message.id in pairs:
            message.string = pairs[message.id]
    return catalog


def test_update_marks_a_changed_markdown_cell_fuzzy_and_keeps_its_translation():
    old = _translated(extract_catalog(course_nb()), **{INTRO: "# 1.1 客户满意", "say we are done": "完成"})
    changed = course_nb()
    changed.cells[0].source = INTRO.replace("expected.", "expected beforehand.")
    report = merge_catalog(old, extract_catalog(changed))
    cell = old.get(changed.cells[0].source, context="intro")
    assert (cell.string, cell.fuzzy, cell.previous_id) == ("# 1.1 客户满意", True, [INTRO])
    assert old.get("say we are done", context="code").string == "完成"
    assert not old.get("say we are done", context="code").fuzzy
    assert report.fuzzy == 1 and not old.obsolete


def test_update_never_matches_across_contexts():
    old = _translated(extract_catalog(course_nb()), **{"say we are done": "完成"})
    changed = course_nb()
    changed.cells[2].source = PRINTED.replace("  # say we are done", "")
    changed.cells.append(v4.new_markdown_cell("say we are done", id="new-md"))
    merge_catalog(old, extract_catalog(changed))
    assert old.get("say we are done", context="new-md").string == ""  # no suggestion from a code string
    assert [m.string for m in old.obsolete.values()] == ["完成"]


def test_update_keeps_a_removed_translation_as_obsolete_and_drops_empty_ones(tmp_path):
    old = _translated(extract_catalog(course_nb()), **{"Share of wallet by class": "各类客户的钱包份额"})
    changed = course_nb()
    changed.cells[1].source = "x = 1"
    merge_catalog(old, extract_catalog(changed))
    text = catalog_text(old).decode("utf-8")
    assert '#~ msgctxt "code"\n#~ msgid "Share of wallet by class"\n#~ msgstr "各类客户的钱包份额"' in text
    assert 'msgid "draw the share of wallet per class"' not in text  # untranslated and gone: dropped
    assert read_po(io.BytesIO(text.encode("utf-8"))).obsolete  # Poedit/Babel read it back
    # the English comes back: so does the translation, not fuzzy
    merge_catalog(old, extract_catalog(course_nb()))
    back = old.get("Share of wallet by class", context="code")
    assert (back.string, back.fuzzy) == ("各类客户的钱包份额", False)


def test_update_all_on_files_never_loses_a_translation(course):
    sol, tr = course / "solutions", course / "translations"
    update_all(sol, tr)
    po = catalog_path("m1/demo.ipynb", tr)
    write_catalog(_translated(read_catalog(po), **{INTRO: "# 1.1 客户满意"}), po)
    nb = nbformat.read(sol / "m1" / "demo.ipynb", as_version=4)
    nb.cells[0].source += "\n\nA new sentence."
    nbformat.write(nb, sol / "m1" / "demo.ipynb")
    update_all(sol, tr)
    message = read_catalog(po).get(nb.cells[0].source, context="intro")
    assert message.string == "# 1.1 客户满意" and message.fuzzy


# --------------------------------------------------------------------------- build

ZH = {
    INTRO: "# 1.1 客户满意\n\n客户会把得到的与期望的相比较。",
    "Share of wallet by class": "各类客户的钱包份额",
    "{len(accounts)} accounts; {sum(accounts):,.0f} CNY in all": "共 {len(accounts)} 个客户，合计 {sum(accounts):,.0f} 元",
    "say we are done": "说明已完成",
    "compute the zone from the ratio": "由比值判断满意区间",
}


def _apply_by_hand(source: str) -> str:
    """The expected Chinese code, made without the extractor: replace each quoted/commented text."""
    for english, chinese in ZH.items():
        source = (source.replace(f'"{english}"', f'"{chinese}"').replace(f"# {english}", f"# {chinese}"))
    return source


def test_build_replaces_exactly_the_translated_strings():
    english = course_nb()
    catalog = _translated(extract_catalog(english), **ZH)
    catalog.get("done and dusted", context="code").string = "完成了"
    catalog.get("done and dusted", context="code").flags.add("fuzzy")
    zh, report = translate_notebook(english, catalog, name="m1/demo")
    assert [c.id for c in zh.cells] == [c.id for c in english.cells]
    assert [c.metadata for c in zh.cells] == [c.metadata for c in english.cells]
    assert zh.cells[0].source == ZH[INTRO]
    assert zh.cells[3].source == MODEL_ANSWER  # untranslated markdown stays English
    code = [(e.source, z.source) for e, z in zip(english.cells, zh.cells) if e.cell_type == "code"]
    assert code[0][1] == LANGUAGE_HEADER + _apply_by_hand(code[0][0])
    for en, translated in code[1:]:
        assert translated == _apply_by_hand(en)
    assert "print(f\"共 {len(accounts)} 个客户" in zh.cells[2].source
    assert "'done and dusted'" in zh.cells[2].source, "a fuzzy translation is not used"
    assert zh.metadata["crmcourse"] == {"language": "zh"} and zh.metadata["language_info"] == {"name": "python"}
    left = {(u.text, u.state) for u in report.untranslated}
    assert ("done and dusted", "fuzzy") in left and (MODEL_ANSWER, "missing") in left
    assert all(u.notebook == "m1/demo" for u in report.untranslated)


@pytest.mark.parametrize("bad, problem", [
    ("共 {len(accounts)} 个客户，合计元", "missing {sum(accounts):,.0f}; added (none)"),
    ("共 {len(accounts)} 个客户 {total}，合计 {sum(accounts):,.0f} 元", "missing (none); added {total}"),
])
def test_build_refuses_a_translation_that_changes_an_fstring_field(bad, problem):
    english = course_nb()
    catalog = _translated(extract_catalog(english), **{"{len(accounts)} accounts; {sum(accounts):,.0f} CNY in all": bad})
    with pytest.raises(CourseDataError) as info:
        translate_notebook(english, catalog, name="m1/demo")
    message = str(info.value)
    assert message.startswith("m1/demo: cell 3: the translation of '{len(accounts)} accounts;")
    assert problem in message


def test_build_refuses_a_translation_that_breaks_the_code_or_the_markers():
    english = course_nb()
    catalog = _translated(extract_catalog(english), **{"Share of wallet by class": '各类"客户'})
    with pytest.raises(EditionError, match=r"m1/demo: cell 2: the translated code is not valid Python"):
        translate_notebook(english, catalog, name="m1/demo")
    catalog = _translated(extract_catalog(english), **{MODEL_ANSWER: "**为什么？** 因为有利可图。"})
    with pytest.raises(EditionError, match=r"cell 4 \(id model\): the translation must keep the solution marker"):
        translate_notebook(english, catalog, name="m1/demo")
    catalog = _translated(extract_catalog(english), **{"say we are done": "完成\n了"})
    with pytest.raises(EditionError, match="has a line break"):
        translate_code(english.cells[2].source, catalog, name="m1/demo", cell=2)


def test_build_edition_writes_the_notebook_and_the_learner_copy_hides_the_answer(course):
    sol, tr, nbs = course / "solutions", course / "translations", course / "notebooks"
    update_all(sol, tr)
    po = catalog_path("m1/demo.ipynb", tr)
    write_catalog(_translated(read_catalog(po), **ZH), po)
    report = build_edition(sol, tr, execute=False)
    assert report.written == ["m1/demo.ipynb"] and report.untranslated
    assert build_edition(sol, tr, execute=False).unchanged == ["m1/demo.ipynb"]
    learner_build(sol, nbs)
    copy = nbformat.read(nbs / "zh" / "m1" / "demo.ipynb", as_version=4)
    assert copy.metadata["crmcourse"] == {"language": "zh"}
    exercise = next(c for c in copy.cells if c.id == "exercise")
    assert "highly satisfied" not in exercise.source and "zone = ...  # YOUR ANSWER HERE" in exercise.source
    assert exercise.source.startswith("# 由比值判断满意区间")
    assert copy.cells[1].source.startswith(LANGUAGE_HEADER)


def test_normalise_keeps_the_edition_marker():
    nb = v4.new_notebook()
    nb.metadata["crmcourse"] = {"language": "zh"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    assert normalise(nb, "x.ipynb").metadata["crmcourse"] == {"language": "zh"}
    assert make_learner_notebook(nb).metadata["crmcourse"] == {"language": "zh"}
    assert "crmcourse" not in make_learner_notebook(v4.new_notebook()).metadata


# --------------------------------------------------------------------------- check and status

def _built(course, **pairs):
    sol, tr = course / "solutions", course / "translations"
    update_all(sol, tr)
    po = catalog_path("m1/demo.ipynb", tr)
    write_catalog(_translated(read_catalog(po), **pairs), po)
    build_edition(sol, tr, execute=False)
    return sol, tr, po


def test_check_names_notebook_cell_and_text_of_missing_and_fuzzy_entries(course):
    sol, tr, po = _built(course, **ZH)
    catalog = read_catalog(po)
    catalog.get(INTRO, context="intro").flags.add("fuzzy")
    write_catalog(catalog, po)
    problems = check_edition(sol, tr)
    assert "m1/demo: cell 1 (id intro): fuzzy: '# 1.1 Satisfaction  Customers compare what they get with wha…'" in problems
    assert "m1/demo: cell 4 (id model): missing: '**Why?** Say it in one sentence. ### BEGIN SOLUTION Because …'" in problems
    assert "m1/demo: cell 3 (id printed): missing: 'done and dusted'" in problems
    assert not [p for p in check_edition(sol, tr, partial=True) if "missing" in p or "fuzzy" in p]


def test_check_passes_a_complete_current_edition_and_catches_drift(course):
    every = {m.id: f"译文{i}" for i, m in enumerate(extract_catalog(course_nb())) if m.id}
    every.update(ZH)
    every[MODEL_ANSWER] = "**为什么？**\n### BEGIN SOLUTION\n因为有利可图。\n### END SOLUTION"
    sol, tr, po = _built(course, **every)
    assert check_edition(sol, tr) == []
    zh_path = sol / "zh" / "m1" / "demo.ipynb"
    nb = nbformat.read(zh_path, as_version=4)
    nb.cells[2].source += "\nprint('hand edit')"
    nbformat.write(nb, zh_path)
    assert check_edition(sol, tr) == ["m1/demo: " + (sol / "zh/m1/demo.ipynb").as_posix() + " differs from what the "
                                      "catalog generates at cell 3 (id printed): run `crmcourse translate build m1/demo.ipynb`"]
    build_edition(sol, tr, execute=False)
    nb = nbformat.read(zh_path, as_version=4)
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="共 3 个客户\n")]
    nbformat.write(nb, zh_path)
    assert "outputs of another shape than English" in " ".join(check_edition(sol, tr))


def test_check_finds_a_stale_catalog_and_an_orphan_edition_notebook(course):
    sol, tr, _ = _built(course, **ZH)
    english = sol / "m1" / "demo.ipynb"
    nb = nbformat.read(english, as_version=4)
    nb.cells.append(v4.new_code_cell('print("a brand new line")', id="new"))
    nbformat.write(nb, english)
    (sol / "zh" / "m9").mkdir()
    nbformat.write(v4.new_notebook(), sol / "zh" / "m9" / "gone.ipynb")
    (tr / "zh_CN" / "m9").mkdir()
    (tr / "zh_CN" / "m9" / "old.po").write_bytes(catalog_text(extract_catalog(course_nb())))
    problems = check_edition(sol, tr, partial=True)
    assert any(p.endswith("zh_CN/m9/old.po: no English notebook m9/old.ipynb (renamed or deleted?): move the "
                          "catalog to the new name, or delete it once its translations are not needed")
               for p in problems)
    assert any("catalog " in p and "is stale (1 new, 0 changed or gone" in p for p in problems)
    assert any(p.endswith("zh/m9/gone.ipynb: no English notebook m9/gone.ipynb; delete it or restore the English notebook")
               for p in problems)


def test_status_counts_translated_fuzzy_and_missing(course):
    sol, tr, po = _built(course, **ZH)
    catalog = read_catalog(po)
    catalog.get("say we are done", context="code").flags.add("fuzzy")
    write_catalog(catalog, po)
    (row,) = status(sol, tr)
    total = len([m for m in extract_catalog(course_nb()) if m.id])
    assert (row.notebook, row.translated, row.fuzzy, row.missing, row.built, row.stale) == \
        ("m1/demo", len(ZH) - 1, 1, total - len(ZH), True, False)


def test_learner_check_knows_every_edition_language():
    from crmcourse.authoring.edition import commands
    from crmcourse.authoring.edition.build import LANGUAGES

    assert commands.EDITION_LOCALES == LANGUAGES


def test_the_commands(course, capsys):
    sol = str(course / "solutions")
    assert cli.main(["translate", "extract", "--solutions", sol]) == 0
    assert "1 written, 0 kept" in capsys.readouterr().out
    assert cli.main(["translate", "extract", "--solutions", sol]) == 0
    assert "0 written, 1 kept" in capsys.readouterr().out
    assert cli.main(["translate", "status", "--solutions", sol]) == 0
    assert "m1/demo" in capsys.readouterr().out
    assert cli.main(["translate", "check", "--solutions", sol]) == 1
    out = capsys.readouterr().out
    assert "m1/demo: cell 1 (id intro): missing" in out and "no " in out
    nbs = str(course / "notebooks")
    assert cli.main(["learner", "--solutions", sol, "--notebooks", nbs]) == 0
    capsys.readouterr()
    assert cli.main(["learner", "--check", "--solutions", sol, "--notebooks", nbs]) == 1
    assert "m1/demo: cell 1 (id intro): missing" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["translate", "build", "--lang", "fr"])


def test_build_executes_the_edition_in_the_english_notebooks_folder(tmp_path):
    """A tiny synthetic notebook, executed once: relative paths resolve as for English."""
    sol, tr = tmp_path / "solutions", tmp_path / "translations"
    (sol / "m1").mkdir(parents=True)
    (sol / "m1" / "note.txt").write_text("42", encoding="utf-8")
    nb = v4.new_notebook(cells=[v4.new_code_cell(
        'print("the answer is", open("note.txt").read())', id="c1",
        outputs=[v4.new_output("stream", name="stdout", text="the answer is 42\\n")])])
    nbformat.write(nb, sol / "m1" / "read.ipynb")
    update_all(sol, tr)
    po = catalog_path("m1/read.ipynb", tr)
    write_catalog(_translated(read_catalog(po), **{"the answer is": "答案是"}), po)
    report = build_edition(sol, tr)
    assert report.written == ["m1/read.ipynb"] and report.untranslated == []
    zh = nbformat.read(sol / "zh" / "m1" / "read.ipynb", as_version=4)
    assert zh.cells[0].outputs[0]["text"] == "答案是 42\n"
    assert zh.metadata["crmcourse"] == {"language": "zh"}
    assert check_edition(sol, tr) == []  # English has a stdout output there too: same shape
