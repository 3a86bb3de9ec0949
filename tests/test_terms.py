"""The glossary as the term base of the Chinese edition (issue 15).

``data/glossary.csv`` gives ONE Chinese term per English term; other renderings live in the
definition ("also 转换成本"). The English solution notebooks show those Chinese terms in their
key-term tables and after English terms in parentheses, so they must agree with the glossary and
must not use a rendering the term base replaced. The same holds for the generated Chinese
notebooks (``solutions/zh/``, ``notebooks/zh/``) once they exist: a term the English source cell
names with its Chinese must appear in Chinese in the translated cell, and the translation must not
bring in a replaced rendering the English cell does not mention.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from crmcourse.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
ZH_DIRS = (SOLUTIONS / "zh", ROOT / "notebooks" / "zh")

# Renderings the term base replaced (issue 15): English term -> rival Chinese words.
# 推进 (the old rendering of "advance") is left out: it is an ordinary verb in Chinese prose.
RIVALS = {
    "service ticket": ["传票"],               # a court summons: a mistranslation in the lab software
    "responsiveness": ["责任感"],             # the sources' word; SERVQUAL standard is 响应性
    "assurance": ["确信感"],                  # the sources' word; SERVQUAL standard is 保证性
    "questionable attribute": ["可疑特性"],    # Q is an answer pattern: 可疑结果
    "close": ["缔结"],
    "implied need": ["隐藏需求"],
    "explicit need": ["明显需求"],
    "user buyer": ["使用购买者"],
    "switching cost": ["转换成本"],
    "frequency marketing": ["频数营销"],
    "must-be attribute": ["基本特性"],
    "one-dimensional attribute": ["性能相关特性"],
    "attractive attribute": ["魅力特性"],
    "indifferent attribute": ["无差异特性"],
    "reverse attribute": ["反向特性"],
}
RIVAL_WORDS = sorted({word for words in RIVALS.values() for word in words})

# Each of these rows must name the other common rendering (or the source's word) in its definition.
ALSO = {
    "service ticket": "传票", "responsiveness": "责任感", "assurance": "确信感", "close": "缔结",
    "implied need": "隐藏需求", "explicit need": "明显需求", "switching cost": "转换成本",
    "Kano model": "KANO模型", "must-be attribute": "基本特性", "one-dimensional attribute": "性能相关特性",
    "attractive attribute": "魅力特性", "Better-Worse coefficients": "Better-Worse系数",
    "customer lifetime value": "客户生命周期价值", "frequency marketing": "频数营销",
    "structural bond": "结构性纽带", "influence market": "影响者市场", "large sale": "大订单销售",
    "satisfaction ratio": "满意度指数", "opportunity": "商机", "product catalogue": "产品目录",
    "price list": "价目表", "account": "客户", "advance": "推进", "continuation": "暂停",
    "no-sale": "无法成交", "customer retention": "客户维系", "database marketing": "客户数据库营销",
}

# Source terms the course uses, each the Chinese term of exactly one row (issue 15's list).
SOURCE_TERMS = ["客户流失", "客户保持", "客户获取", "客户价值", "交叉销售", "内部营销", "关键人物", "决策者",
                "大客户经理", "钻石客户", "白金客户", "黄金客户", "VIP客户", "一站式服务", "差异化服务",
                "个性化服务", "客户关怀", "客户回访", "投诉处理", "售后服务", "数据库营销", "潜在客户",
                "存量客户", "团购", "集中采购"]
KOTLER_LEVELS = ["basic", "reactive", "accountable", "proactive", "partnership"]

CJK = re.compile(r"[\u3400-\u9fff]")
# A Chinese "term" in an English cell: a parenthesis holding Chinese and no English words,
# the course's way of giving the Chinese name of the English term before it.
CHINESE_PAREN = re.compile(r"[(（]([^()（）]*)[)）]")
SEPARATORS = re.compile(r"[、，,;；:：（）()·]|(?<=[\u3400-\u9fff])\s*[/／]\s*(?=[\u3400-\u9fff])|\s|或")


def _glossary() -> dict[str, str]:
    table = load_glossary()
    return dict(zip(table["term_en"], table["term_zh"]))


GLOSSARY = _glossary()
BY_LOWER = {en.lower(): en for en in GLOSSARY}


def _english_notebooks() -> list[Path]:
    return sorted(p for p in SOLUTIONS.rglob("*.ipynb")
                  if not p.relative_to(SOLUTIONS).parts[0] == "zh" and ".ipynb_checkpoints" not in p.parts)


def _markdown(path: Path) -> list[tuple[str | None, str]]:
    book = nbformat.read(path, as_version=4)
    return [(cell.get("id"), cell.source) for cell in book.cells if cell.cell_type == "markdown"]


# ------------------------------------------------------------------------- reading a notebook
def key_term_rows(markdown: str) -> list[tuple[str, str]]:
    """The (English, Chinese) cells of the table under **Key terms**, header and rule left out."""
    if "**Key terms**" not in markdown:
        return []
    rows = []
    for line in markdown.split("**Key terms**", 1)[1].splitlines():
        line = line.strip()
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("English", "") and not set(cells[0]) <= set("-: "):
            rows.append((cells[0], cells[1]))
    return rows


def _resolve(english: str) -> str | None:
    return BY_LOWER.get(english.strip().lower())


def resolve_row(english: str, chinese: str) -> list[tuple[str, str]] | None:
    """Glossary terms and the Chinese shown for them in one key-term row, or None if unknown.

    Handles ``term (ABBR)``, ``a · b · c`` lists with a shared ending (``financial · social ·
    structural bond``) and a Chinese gloss after ``：`` or in ``（…）``.
    """
    zh = re.sub(r"（[^（）]*）|\([^()]*\)", "", chinese).split("：")[0].strip()
    plain = re.sub(r"\([^()]*\)", "", english).strip()
    whole = _resolve(plain) or next((_resolve(a) for a in re.findall(r"\(([^()]*)\)", english) if _resolve(a)), None)
    if whole and " · " not in zh:
        return [(whole, zh)]
    en_parts = [part.strip() for part in plain.split(" · ")]
    zh_parts = [part.strip() for part in zh.split(" · ")]
    if len(en_parts) != len(zh_parts) or len(en_parts) < 2:
        return None
    tail = en_parts[-1].split()[-1]
    found = []
    for en_part, zh_part in zip(en_parts, zh_parts):
        term = _resolve(en_part) or _resolve(f"{en_part} {tail}")
        if term is None:
            return None
        found.append((term, zh_part))
    return found


def rival_terms(markdown: str, subtitle: bool = False) -> list[str]:
    """Replaced renderings used AS A TERM: in a key-term table, the subtitle, or a Chinese-only parenthesis.

    A note that names a rival in English prose ("the lab's screens show 传票") is not a use.
    """
    places = [zh for _, zh in key_term_rows(markdown)]
    places += [inside for inside in CHINESE_PAREN.findall(markdown)
               if CJK.search(inside) and not re.search(r"[a-z]{2,}", inside)]
    if subtitle:
        lines = markdown.splitlines()
        places += [line for line in lines[1:3] if line.startswith("*") and CJK.search(line)]
    return [word for word in RIVAL_WORDS for place in places if word in place]


# ------------------------------------------------------------------------------ the glossary
def test_every_row_has_exactly_one_chinese_term():
    for en, zh in GLOSSARY.items():
        assert CJK.search(zh), f"{en!r}: {zh!r} has no Chinese"
        assert not SEPARATORS.search(zh), (f"{en!r}: {zh!r} holds more than one term or a gloss; keep one "
                                           "term and put the others in the definition ('also …')")


def test_no_replaced_rendering_is_a_glossary_term():
    for en, zh in GLOSSARY.items():
        for word in RIVAL_WORDS:
            assert word not in zh, f"{en!r} is {zh!r}: {word} was replaced, see RIVALS"


def test_replaced_and_other_common_renderings_are_named_in_the_definition():
    table = load_glossary().set_index("term_en")
    for en, other in ALSO.items():
        row = table.loc[en]
        assert other != row["term_zh"], f"{en!r}: {other} should be the alternative, not the term"
        assert other in row["definition"], f"{en!r}: the definition should mention {other}"


def test_the_source_terms_and_kotlers_five_levels_are_rows():
    chinese = list(GLOSSARY.values())
    for zh in SOURCE_TERMS:
        assert chinese.count(zh) == 1, f"{zh} should be the Chinese term of exactly one row"
    table = load_glossary().set_index("term_en")
    levels = [f"{level} relationship" for level in KOTLER_LEVELS]
    assert all(table.loc[name, "module"] == 6 for name in levels)
    assert [table.loc[name, "term_zh"][:2] for name in levels] == ["基本", "被动", "负责", "能动", "伙伴"]


def test_frequency_has_one_rendering():
    rows = {en: zh for en, zh in GLOSSARY.items() if "frequen" in en.lower() and en != "FAQ"}
    assert rows and all("频数" not in zh for zh in rows.values())
    assert GLOSSARY["frequency"] == "消费频率"


# ------------------------------------------------------------------ the English notebooks
ENGLISH = _english_notebooks()


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: str(p.relative_to(SOLUTIONS)))
def test_key_term_tables_use_the_glossary_terms(path):
    cells = _markdown(path)
    rows = key_term_rows(cells[0][1])
    assert rows, f"{path.name}: the first cell has no key-term table"
    for english, chinese in rows:
        resolved = resolve_row(english, chinese)
        assert resolved, f"{path.name}: key term {english!r} is not in the glossary (add it or fix the row)"
        for term, shown in resolved:
            want = GLOSSARY[term]
            ok = shown == want if len(resolved) == 1 else want.startswith(shown) or shown == want
            assert ok, f"{path.name}: {term!r} is shown as {shown!r}; the glossary says {want!r}"


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: str(p.relative_to(SOLUTIONS)))
def test_no_replaced_rendering_is_used_as_a_term(path):
    for index, (_, source) in enumerate(_markdown(path)):
        found = rival_terms(source, subtitle=index == 0)
        assert not found, f"{path.name}, markdown cell {index}: {found} used as a term; the glossary replaced it"


# ------------------------------------------------------------------ the Chinese notebooks
def named_terms(english_markdown: str) -> set[str]:
    """Glossary terms an English cell names together with their Chinese (key-term table or 'term (中文)')."""
    names = {term for en, zh in key_term_rows(english_markdown) for term, _ in (resolve_row(en, zh) or [])}
    flat = english_markdown.replace("\n", " ")
    for en, zh in GLOSSARY.items():
        if re.search(re.escape(en) + r"\**\s*[(（]\s*" + re.escape(zh), flat, re.IGNORECASE):
            names.add(en)
    return names


def zh_problems(zh_book, english_book) -> list[str]:
    """What a Chinese notebook gets wrong against the term base, cell by cell (matched by cell id)."""
    english = {cell.get("id"): cell.source for cell in english_book.cells if cell.cell_type == "markdown"}
    problems = []
    for cell in zh_book.cells:
        if cell.cell_type != "markdown" or cell.get("id") not in english:
            continue
        source = english[cell.get("id")]
        for term in sorted(named_terms(source)):
            if GLOSSARY[term] not in cell.source:
                problems.append(f"cell {cell.get('id')}: {term!r} should appear as {GLOSSARY[term]}")
        for word in RIVAL_WORDS:
            if word in cell.source and word not in source:
                problems.append(f"cell {cell.get('id')}: {word} is a replaced rendering")
    return problems


def _zh_pairs() -> list[tuple[Path, Path]]:
    pairs = []
    for folder in ZH_DIRS:
        for path in sorted(folder.rglob("*.ipynb")) if folder.is_dir() else []:
            if ".ipynb_checkpoints" not in path.parts:
                pairs.append((path, SOLUTIONS / path.relative_to(folder)))
    return pairs


def test_chinese_notebooks_use_the_term_base():
    """Every generated Chinese notebook (none yet is fine) against its English source."""
    problems = []
    for zh_path, english_path in _zh_pairs():
        assert english_path.is_file(), f"{zh_path} has no English source {english_path}"
        found = zh_problems(nbformat.read(zh_path, as_version=4), nbformat.read(english_path, as_version=4))
        problems += [f"{zh_path.relative_to(ROOT)}: {p}" for p in found]
    assert not problems, "\n".join(problems)


def test_the_chinese_check_finds_a_missing_term_and_a_rival():
    english = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 2.4 Closing\n\n**Key terms**\n\n| English | 中文 |\n|---|---|\n"
                                      "| close | 成交 |\n", id="head"),
        nbformat.v4.new_markdown_cell("A **switching cost (转移成本)** keeps customers.", id="body"),
        nbformat.v4.new_markdown_cell("The lab's screens show 传票.", id="note"),
    ])
    good = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('import crmcourse\ncrmcourse.set_language("zh")', id="lang"),
        nbformat.v4.new_markdown_cell("# 2.4 成交\n\n| 英文 | 中文 |\n|---|---|\n| close | 成交 |\n", id="head"),
        nbformat.v4.new_markdown_cell("**转移成本**让客户留下。", id="body"),
        nbformat.v4.new_markdown_cell("实验软件的界面显示为“传票”。", id="note"),
    ])
    assert zh_problems(good, english) == []
    bad = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 2.4 缔结\n", id="head"),
        nbformat.v4.new_markdown_cell("**转换成本**让客户留下。", id="body"),
    ])
    assert zh_problems(bad, english) == [
        "cell head: 'close' should appear as 成交",
        "cell head: 缔结 is a replaced rendering",
        "cell body: 'switching cost' should appear as 转移成本",
        "cell body: 转换成本 is a replaced rendering",
    ]


def test_the_english_checks_tell_a_note_from_a_term():
    assert rival_terms("the lab's screens show 传票 (a mistranslation)") == []
    assert rival_terms("*responsiveness* (the source's 责任感)") == []
    assert rival_terms("an **implied need (隐藏需求)** is") == ["隐藏需求"]
    assert rival_terms("# 2.4\n*缔结的艺术*\n", subtitle=True) == ["缔结"]
    assert resolve_row("financial · social · structural bond", "财务 · 社交 · 结构层次关系") == [
        ("financial bond", "财务"), ("social bond", "社交"), ("structural bond", "结构层次关系")]
    assert resolve_row("customer priorities: time, quality, cost, service, flexibility (TQCSF)",
                       "客户关注点：时间、质量、成本、服务、柔性") == [("TQCSF", "客户关注点")]
    assert resolve_row("no such term", "无") is None
