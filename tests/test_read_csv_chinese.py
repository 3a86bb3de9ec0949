"""Issue 15, "Chinese data in": read_csv reads what Chinese Excel/WPS exports, with no extra argument.

Every file here is written as bytes in the encoding a Chinese spreadsheet uses (GBK, GB18030,
UTF-8 with BOM), not built as a DataFrame, so the whole reading path is exercised.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmcourse import data
from crmcourse.data import chinese
from crmcourse.errors import CourseDataError

RULES = {
    "primary_key": "客户编号",
    "columns": {
        "客户编号": {"type": "str", "unique": True},
        "客户名称": {"type": "str"},
        "订单数": {"type": "int", "min": 0},
        "销售额": {"type": "float", "min": 0},
        "下单日期": {"type": "date"},
        "等级": {"type": "category", "allowed": ["钻石", "白金", "黄金"]},
    },
}
HEADER = "客户编号,客户名称,订单数,销售额,下单日期,等级"
ROWS = [
    'K001,华信科技,"1,200","￥12,345.50",2024/3/5,钻石',
    "K002,东方贸易,3,￥800,2024年3月6日,白金",
    'K003,北方物流,12,"1，500元",2024-03-07,黄金',
    "K004,南方电器,0,￥0.5,2024.3.8,黄金",
]
EXPECTED_REVENUE = [12345.5, 800.0, 1500.0, 0.5]
EXPECTED_DATES = pd.to_datetime(["2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"])


def write(tmp_path, text, encoding, name="导出.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def excel_text(rows=ROWS, trailing=",,,,,\n,,,,,\n", newline="\r\n"):
    return newline.join([HEADER, *rows]) + newline + trailing.replace("\n", newline)


def check_frame(frame):
    assert frame["客户编号"].tolist() == ["K001", "K002", "K003", "K004"]
    assert frame["客户名称"].iloc[0] == "华信科技"
    assert frame["订单数"].tolist() == [1200, 3, 12, 0] and frame["订单数"].dtype == "int64"
    assert frame["销售额"].tolist() == EXPECTED_REVENUE
    assert frame["下单日期"].tolist() == EXPECTED_DATES.tolist()
    assert frame["等级"].tolist() == ["钻石", "白金", "黄金", "黄金"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_excel_exports_read_without_arguments(tmp_path, encoding):
    path = write(tmp_path, excel_text(), encoding)
    check_frame(data.read_csv(path, RULES))


def test_gb18030_only_characters_and_yen_sign(tmp_path):
    # ¥ (U+00A5) and rare name characters such as 𠀾 exist in GB18030 but not in GBK
    rows = [ROWS[0].replace("华信科技", "𠀾信科技").replace("￥", "¥"), *ROWS[1:]]
    frame = data.read_csv(write(tmp_path, excel_text(rows), "gb18030"), RULES)
    assert frame["客户名称"].iloc[0] == "𠀾信科技" and frame["销售额"].iloc[0] == 12345.5


def test_trailing_empty_rows_dropped_but_middle_ones_reported(tmp_path):
    rows = [ROWS[0], ",,,,,", *ROWS[1:]]
    with pytest.raises(CourseDataError, match="empty value") as err:
        data.read_csv(write(tmp_path, excel_text(rows), "gbk"), RULES)
    assert err.value.column == "客户编号" and err.value.rows == [3]
    blanks = " , ,,,,\n,,,,,\n\n"
    assert len(data.read_csv(write(tmp_path, excel_text(trailing=blanks), "gbk"), RULES)) == 4


def test_shipped_table_rules_read_a_bom_file(tmp_path):
    shipped = data.load("huaxin_accounts")
    text = shipped.to_csv(index=False, date_format="%Y/%m/%d")
    out = data.read_csv(write(tmp_path, text + ",,,\n", "utf-8-sig"), "huaxin_accounts")
    assert len(out) == len(shipped)


@pytest.mark.parametrize("cell, column, problem", [
    ("05/01/2025", "下单日期", "not of type date"),      # day/month order: never guessed
    ("2024/2/30", "下单日期", "not of type date"),       # no such day
    ("2024/3-5", "下单日期", "not of type date"),        # mixed separators
    ("1.2万", "销售额", "not of type float"),            # a unit, not an amount
    ('"1,20"', "销售额", "not of type float"),           # not grouped by three
    ("12%", "销售额", "not of type float"),
    ("-￥-5", "销售额", "not of type float"),             # two signs
    ("-￥5", "销售额", "below the minimum 0"),            # read as -5, then the range rule
    ('"1,200.5"', "订单数", "not of type int"),            # read as 1200.5: not whole
])
def test_what_cannot_be_read_names_column_line_and_fix(tmp_path, cell, column, problem):
    fields = ROWS[1].split(",")
    fields[list(RULES["columns"]).index(column)] = cell
    rows = [ROWS[0], ",".join(fields), *ROWS[2:]]
    with pytest.raises(CourseDataError, match=problem) as err:
        data.read_csv(write(tmp_path, excel_text(rows), "gbk"), RULES)
    assert err.value.column == column and err.value.rows == [3] and err.value.fix
    assert "CSV lines 3" in str(err.value)


def test_date_fix_explains_what_is_read(tmp_path):
    rows = [ROWS[0].replace("2024/3/5", "05/01/2025"), *ROWS[1:]]
    with pytest.raises(CourseDataError) as err:
        data.read_csv(write(tmp_path, excel_text(rows), "gbk"), RULES)
    assert "2024年3月5日" in err.value.fix and "never guessed" in err.value.fix


@pytest.mark.parametrize("raw, message", [
    ("Café,prix\n1,2\n".encode("latin-1"), "neither UTF-8 nor GBK/GB18030"),
    ((HEADER + "\n" + ROWS[1] + "\n").encode("utf-16"), "UTF-16"),
    (b"PK\x03\x04" + bytes(40), "Excel workbook"),
    ("客户,金额\n".encode("gbk") + b"\x80\x80\n", "neither UTF-8 nor GBK/GB18030"),
])
def test_other_encodings_are_refused_with_the_fix(tmp_path, raw, message):
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    with pytest.raises(CourseDataError, match=message) as err:
        data.read_csv(path, RULES)
    assert "CSV UTF-8" in err.value.fix


def test_explicit_encoding_overrides_detection(tmp_path):
    path = write(tmp_path, excel_text(), "gbk")
    check_frame(data.read_csv(path, RULES, encoding="gbk"))
    with pytest.raises(CourseDataError, match="cannot be read as 'utf-8'"):
        data.read_csv(path, RULES, encoding="utf-8")
    with pytest.raises(CourseDataError, match="cannot be read as 'klingon'"):
        data.read_csv(path, RULES, encoding="klingon")


def test_dataframes_and_shipped_tables_stay_strict():
    """Only files are read the spreadsheet way; a DataFrame you built is checked as it is."""
    frame = pd.DataFrame({"amount": ["¥1,200"], "day": ["2024年3月5日"]})
    with pytest.raises(CourseDataError, match="not of type float"):
        data.validate(frame, {"columns": {"amount": {"type": "float"}}})
    with pytest.raises(CourseDataError, match="not of type date"):
        data.validate(frame, {"columns": {"day": {"type": "date"}}})


@pytest.mark.parametrize("cell, expected", [
    ("1,200", "1200"), ("1，200", "1200"), ("¥1,200.50", "1200.50"), ("￥ 80", "80"),
    ("1200元", "1200"), ("1,234,567", "1234567"), ("-¥3", "-3"), ("¥-3", "-3"), ("RMB 5", "5"),
    ("42", "42"), ("1,20", None), ("1,2345", None), ("1.2万", None), ("¥", None), ("", None),
    ("1e5", None), ("¥¥5", None), ("5元元", None),
])
def test_plain_number(cell, expected):
    assert chinese.plain_number(cell) == expected


@pytest.mark.parametrize("cell, expected", [
    ("2024/3/5", "2024-03-05"), ("2024年3月5日", "2024-03-05"), ("2024年03月05号", "2024-03-05"),
    ("2024-03-05", "2024-03-05"), ("2024.3.5", "2024-03-05"), ("2024/3/5 9:05", "2024-03-05 09:05"),
    ("2024/3/5 14:30:15", "2024-03-05 14:30:15"), ("2024年3月5日 8:00", "2024-03-05 08:00"),
    ("05/01/2025", None), ("5/1/2025", None), ("2024/3-5", None), ("2024年3/5", None),
    ("20240305", None), ("2024-3", None), ("", None),
])
def test_iso_date(cell, expected):
    assert chinese.iso_date(cell) == expected


# ---------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_helpers_take_any_text(cell):
    for fn in (chinese.plain_number, chinese.iso_date):
        out = fn(cell)
        assert out is None or isinstance(out, str)
    number = chinese.plain_number(cell)
    if number is not None:  # whatever is read is a plain number float() accepts
        float(number)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=-10**15, max_value=10**15),
       st.sampled_from(["{}", "¥{}", "￥{}", "{}元", "RMB {}"]),
       st.sampled_from([",", "，"]), st.sampled_from(["", ".5", ".05"]))
def test_grouped_amounts_read_back_exactly(n, shape, comma, decimals):
    grouped = f"{abs(n):,}".replace(",", comma) + decimals
    text = ("-" if n < 0 else "") + shape.format(grouped)
    assert chinese.plain_number(text) == ("-" if n < 0 else "") + str(abs(n)) + decimals


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1000, 1, 1)),
       st.sampled_from(["{y}/{m}/{d}", "{y}年{m}月{d}日", "{y}.{m}.{d}", "{y}-{m:02d}-{d:02d}"]))
def test_year_first_dates_read_back_exactly(day, shape):
    text = shape.format(y=day.year, m=day.month, d=day.day)
    assert chinese.iso_date(text) == day.isoformat()
