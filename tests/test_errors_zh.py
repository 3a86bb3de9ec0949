"""Issue 15: CourseDataError texts and the CLI help follow the language (crmcourse.set_language).

The validation layer (crmcourse._validate), crmcourse.data (load, validate, read_csv) and the frame
every CourseDataError puts around its problem ("column", the rows, "Fix:") are translated when the
error is raised. In Chinese a message still names the column and the file as written, and says
what to do; in English it is unchanged, word for word.
"""
from __future__ import annotations

import argparse
import contextlib
import io

import numpy as np
import pandas as pd
import pytest
from hostile.strategies import hostile_frames, hostile_scalars
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from zh_errors import CJK, chinese, english_unless_set, raised  # noqa: F401 - english_unless_set is an autouse fixture

import crmcourse
from crmcourse import _validate, cli, data, i18n
from crmcourse.errors import CourseDataError

RULES = {"columns": {"customer_id": {"type": "str"}, "revenue": {"type": "float", "min": 0},
                     "visits": {"type": "int", "min": 0, "max": 50}}}
GOOD = pd.DataFrame({"customer_id": ["C1", "C2"], "revenue": [120.0, 80.5], "visits": [3, 4]})


def frame(**changes) -> pd.DataFrame:
    out = GOOD.copy()
    for column, values in changes.items():
        out[column] = values
    return out


# ---------------------------------------------------------------------------- typical bad inputs, in Chinese

def test_missing_column_names_it_and_the_fix():
    crmcourse.set_language("zh")
    text = chinese(raised(data.validate, GOOD.drop(columns="revenue"), RULES, source="my_export"))
    assert text.startswith("my_export：缺少列 'revenue'")
    assert "'customer_id'" in text and "crmcourse.data.schema(...)" in text
    # the helper-level check, with its "did you mean"
    text = chinese(raised(_validate.require_columns, pd.DataFrame({"amount": [1]}), ["amont"], source="sales"))
    assert "缺少列 'amont'" in text and "'amount'" in text and "是否想写" in text


def test_nan_in_money_names_column_and_rows():
    crmcourse.set_language("zh")
    text = chinese(raised(data.validate, frame(revenue=[120.0, np.nan]), RULES))
    assert "列 'revenue'" in text and "空值" in text and "（行 1）" in text
    assert text.startswith("你的表，")  # the default table name is shown in Chinese too
    text = chinese(raised(_validate.numeric_column, frame(revenue=[np.inf, np.nan]), "revenue", "orders"))
    assert "orders，列 'revenue'" in text and "2 个值" in text and "有限数值" in text and "纯数字" in text


def test_negative_money_names_the_minimum():
    crmcourse.set_language("zh")
    text = chinese(raised(data.validate, frame(revenue=[-5.0, 80.5]), RULES, source="accounts"))
    assert "accounts，列 'revenue'" in text and "最小值 0" in text and "（行 0）" in text
    text = chinese(raised(_validate.numeric_values, pd.Series([3.0, -2.0]), col="amount", low=0, what="amount"))
    assert "列 'amount'" in text and "金额" in text and "-2" in text


def test_wrong_type_in_a_column_and_in_an_argument():
    crmcourse.set_language("zh")
    text = chinese(raised(data.validate, frame(visits=["three", 4]), RULES))
    assert "列 'visits'" in text and "int 类型" in text and "'three'" in text and "整数" in text
    text = chinese(raised(_validate.real, "0.1", "discount_rate", low=0, high=1))
    assert "discount_rate" in text and "'0.1'" in text and "文本" in text
    text = chinese(raised(_validate.real, 10, "rate", low=0, high=1, percent_hint=True))
    assert "百分数" in text and "10% 即 0.1" in text
    text = chinese(raised(_validate.require_frame, [1, 2], source="transactions"))
    assert "transactions：" in text and "DataFrame" in text and "list" in text


def test_empty_table():
    crmcourse.set_language("zh")
    text = chinese(raised(data.validate, GOOD.iloc[:0], RULES, source="leads"))
    assert text.startswith("leads：") and "没有任何行" in text
    text = chinese(raised(_validate.require_frame, GOOD.iloc[:0], source="leads", min_rows=2))
    assert "空的" in text and "2 行" in text


def test_unknown_table_name_in_load():
    crmcourse.set_language("zh")
    text = chinese(raised(data.load, "huaxin_acounts"))
    assert "'huaxin_acounts'" in text and "'huaxin_accounts'" in text and "table_names()" in text
    assert "没有名为" in text and "是否想写" in text
    assert "文本" in chinese(raised(data.load, 3))


def test_bad_csv_files_name_the_line_and_the_fix(tmp_path):
    crmcourse.set_language("zh")
    path = tmp_path / "客户导出.csv"
    path.write_text("customer_id,revenue,visits\nC1,1.2万,3\nC2,80,4\n", encoding="gbk")
    text = chinese(raised(data.read_csv, path, RULES))
    assert text.startswith("客户导出.csv，列 'revenue'") and "'1.2万'" in text and "（CSV 行号 2）" in text
    path.write_bytes(b"PK\x03\x04 a workbook")
    assert "CSV UTF-8" in chinese(raised(data.read_csv, path, RULES))
    path.write_text('customer_id,revenue\n"C1,1\n', encoding="utf-8")
    assert "CSV" in chinese(raised(data.read_csv, path, RULES))
    assert "找不到文件" in chinese(raised(data.read_csv, tmp_path / "nope.csv", RULES))


def test_long_row_lists_are_counted_in_chinese():
    crmcourse.set_language("zh")
    text = chinese(raised(_validate.numeric_values, pd.Series(["¥1"] * 12), col="amount"))
    assert "（行 0, 1, 2, 3, 4, 5, 6, 7 …共 12 个）" in text


# ---------------------------------------------------------------------------- English unchanged

ENGLISH = [
    (lambda: data.validate(GOOD.drop(columns="revenue"), RULES, source="my_export"),
     "my_export: missing column 'revenue' (the table has: 'customer_id', 'visits'). Fix: rename or add the "
     "columns; crmcourse.data.schema(...) lists what each means."),
    (lambda: data.validate(frame(revenue=[-5.0, 80.5]), RULES, source="accounts"),
     "accounts, column 'revenue': 1 value below the minimum 0 (rows 0). Fix: keep values between 0 and no "
     "upper limit (check units and typos)."),
    (lambda: data.load("huaxin_acounts"),
     "no table named 'huaxin_acounts' (did you mean 'huaxin_accounts' or 'huaxin_contacts'?). Fix: "
     "crmcourse.data.table_names() lists every table."),
    (lambda: _validate.numeric_values(pd.Series(["¥1"] * 12), col="amount"),
     "your data, column 'amount': 12 values missing or not a finite number (e.g. '¥1') (rows 0, 1, 2, 3, 4, 5, "
     "6, 7 … 12 in all). Fix: fill in or drop those rows, and use plain numbers (no currency signs or text)."),
    (lambda: _validate.real(10, "rate", low=0, high=1, percent_hint=True),
     "rate must be at most 1, got 10. Fix: this looks like a percentage: divide it by 100 (10% is 0.1)."),
    (lambda: _validate.integer(1, "k", 2),
     "k must be 2 or more, got 1. Fix: pick k 2 or more."),
    (lambda: _validate.require_frame(GOOD.iloc[:0], source="leads", min_rows=2),
     "leads: the table is empty (needs at least 2 rows). Fix: check the filter that produced it."),
]


@pytest.mark.parametrize("case", range(len(ENGLISH)))
def test_english_is_unchanged_before_and_after_chinese(case):
    fn, expected = ENGLISH[case]
    assert str(raised(fn)) == expected
    crmcourse.set_language("zh")
    assert str(raised(fn)) != expected  # the language at raise time applies
    crmcourse.set_language("en")
    assert str(raised(fn)) == expected


def test_error_attributes_keep_the_callers_values():
    """file, column and rows are data: the same in both languages (code compares them)."""
    crmcourse.set_language("zh")
    err = raised(data.validate, frame(revenue=[120.0, np.nan]), RULES)
    assert (err.file, err.column, err.rows) == ("your table", "revenue", [1])


def test_an_unreadable_language_variable_leaves_messages_english(monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "fr")
    err = raised(_validate.require_columns, pd.DataFrame({"a": [1]}), ["b"], source="t")
    assert str(err) == ("t: missing column 'b' (the table has: 'a'). Fix: rename your columns or pass the "
                        "right names (e.g. b='your_column').")
    with pytest.raises(CourseDataError, match="unknown language 'fr'"):
        crmcourse.get_language()


# ---------------------------------------------------------------------------- the CLI help

def parsers(parser):
    """The parser and every sub-command parser below it."""
    yield parser
    for action in parser._actions:  # noqa: SLF001 - argparse keeps sub-parsers there
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in action.choices.values():
                yield from parsers(sub)


def help_texts(parser) -> list[str]:
    texts = []
    for one in parsers(parser):
        texts.append(one.description or "")
        texts += [a.help for a in one._actions if a.help and a.dest != "help"]  # noqa: SLF001
        for action in one._actions:  # noqa: SLF001
            texts += [c.help for c in getattr(action, "_choices_actions", []) if c.help]
    return [t for t in texts if t]


def test_every_help_and_description_is_chinese_with_crmcourse_lang_zh(monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    texts = help_texts(cli.build_parser())
    assert len(texts) > 100
    assert [t for t in texts if not CJK.search(t)] == []
    with contextlib.redirect_stdout(io.StringIO()) as out, pytest.raises(SystemExit):
        cli.main(["translate", "build", "--help"])
    shown = out.getvalue()
    assert "usage: crmcourse translate build" in shown  # argparse's own words stay
    assert "翻译目录" in shown and "--no-learner" in shown


def test_english_help_is_unchanged():
    texts = help_texts(cli.build_parser())
    assert "open the course in JupyterLab" in texts
    assert "Print the salted hash an exercise file stores for ANSWER." in texts
    assert "Write solutions/zh/… (executed) and notebooks/zh/… from the catalogs." in texts
    assert [t for t in texts if CJK.search(t)] == [
        "Print, offline through headless Chromium, one learner handout per module (key terms EN/中文, "
        "frameworks, exercises without answers) and a trainer key (answers, self-check model answers, quiz "
        "answers)."]


def test_cli_says_when_crmcourse_lang_is_unreadable(monkeypatch, capsys):
    monkeypatch.setenv(i18n.ENV_VAR, "klingon")
    assert cli.main(["--help"]) == 2
    assert "CRMCOURSE_LANG=zh" in capsys.readouterr().err


# ---------------------------------------------------------------------------- nothing else escapes

ZH_SETTINGS = settings(max_examples=40, deadline=None,
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SCALAR_CHECKS = [
    lambda v: _validate.real(v, "rate", low=0, high=1, percent_hint=True),
    lambda v: _validate.real(v, "n", low=0, low_open=True, high=5, high_open=True),
    lambda v: _validate.integer(v, "k", 2, 10),
    lambda v: _validate.choice(v, "returns", ["raise", "drop", "net"]),
    lambda v: _validate.timestamp(v, "snapshot"),
    lambda v: _validate.column_list(v, "features"),
    lambda v: _validate.as_series(v, "scores"),
    lambda v: data.load(v),
    lambda v: data.validate(GOOD, v),
    lambda v: data.validate(GOOD, RULES, source=v),
    lambda v: data.read_csv(v, RULES),
    lambda v: data.data_path(v),
    lambda v: data.load_cdnow(v),
]


def only_course_data_errors(fn, *args, **kwargs) -> None:
    try:
        result = fn(*args, **kwargs)
    except CourseDataError as err:
        text = str(err)
        assert CJK.search(text) or not err.fix, text
    else:
        if isinstance(result, CourseDataError):
            str(result)


@ZH_SETTINGS
@given(st.sampled_from(range(len(SCALAR_CHECKS))), hostile_scalars)
def test_hostile_scalars_give_only_course_data_errors_in_chinese(check, value):
    crmcourse.set_language("zh")
    try:
        only_course_data_errors(SCALAR_CHECKS[check], value)
    finally:
        crmcourse.set_language(None)


@ZH_SETTINGS
@given(st.text(max_size=20), st.text(min_size=1, max_size=20), st.lists(st.text(max_size=5), max_size=12), st.text(max_size=20),
       st.sampled_from(["rows", "CSV lines", "customers", "{rows}"]))
def test_any_text_in_an_error_is_shown_as_given(problem, name, rows, fix, label):
    """Braces or Chinese in a column name, a row label or the fix never break the Chinese message (a
    translated problem — here one that starts with Chinese — gets the Chinese frame)."""
    problem = "数值有误" + problem
    crmcourse.set_language("zh")
    try:
        text = str(CourseDataError(problem, file="导出.csv", column=name, rows=rows, fix=fix, row_label=label))
    finally:
        crmcourse.set_language(None)
    assert text.startswith(f"导出.csv，列 {name!r}：{problem}")
    if rows:
        shown = {"rows": "行", "CSV lines": "CSV 行号"}.get(label, label)  # other labels are shown as given
        assert f"（{shown} {str(rows[0])[:40]}" in text
    if fix.rstrip(".。"):
        assert "解决方法：" + fix.rstrip(".").rstrip(".。") + "。" in text


@ZH_SETTINGS
@given(hostile_frames(GOOD))
def test_hostile_frames_give_only_course_data_errors_in_chinese(table):
    crmcourse.set_language("zh")
    try:
        only_course_data_errors(data.validate, table, RULES)
        only_course_data_errors(_validate.require_columns, table, ["customer_id", "revenue"])
        for col in ("revenue", "visits", "customer_id"):
            only_course_data_errors(_validate.numeric_column, table, col, "orders", low=0, high=100)
            only_course_data_errors(_validate.date_column, table, col, "orders")
            only_course_data_errors(lambda: _validate.hashable_ids(_validate.column(table, col), col=col))
    finally:
        crmcourse.set_language(None)


@ZH_SETTINGS
@given(st.text(max_size=60))
def test_any_text_in_a_csv_gives_only_course_data_errors_in_chinese(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("csv") / "导出.csv"
    path.write_text("customer_id,revenue,visits\n" + text, encoding="utf-8")
    crmcourse.set_language("zh")
    try:
        only_course_data_errors(data.read_csv, path, RULES)
    finally:
        crmcourse.set_language(None)


def test_a_problem_still_in_english_keeps_an_english_frame():
    """A message raised where no translation exists yet is not half Chinese: its frame stays English."""
    crmcourse.set_language("zh")
    try:
        text = str(CourseDataError("perceived must be 0 or more, got -1", file="导出.csv", column="perceived",
                                   rows=[3], fix="a ratio needs a positive expectation"))
    finally:
        crmcourse.set_language(None)
    assert text == ("导出.csv, column 'perceived': perceived must be 0 or more, got -1 (rows 3). "
                    "Fix: a ratio needs a positive expectation.")
