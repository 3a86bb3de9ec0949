"""Loaders and validation: every problem is one CourseDataError naming file, column, rows and fix."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmcourse import data
from crmcourse.data import CourseDataError

RULES = {
    "columns": {
        "customer_id": {"type": "str", "unique": True},
        "visits": {"type": "int", "min": 0},
        "revenue": {"type": "float", "min": 0},
        "joined": {"type": "date", "min": "2020-01-01"},
        "member": {"type": "bool"},
        "tier": {"type": "category", "allowed": ["gold", "silver"]},
        "note": {"type": "str", "nullable": True},
    }
}
GOOD = ("customer_id,visits,revenue,joined,member,tier,note\n"
        "C1,3,100.5,2021-03-04,True,gold,\n"
        "C2,0,0,2022-12-31,False,silver,call back\n")


def write(tmp_path, text, name="customers.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_is_typed(tmp_path):
    frame = data.read_csv(write(tmp_path, GOOD), RULES)
    assert frame["visits"].dtype == "int64"
    assert frame["revenue"].dtype == "float64"
    assert str(frame["joined"].dtype).startswith("datetime64")
    assert frame["member"].dtype == bool
    assert list(frame["tier"].cat.categories) == ["gold", "silver"]
    assert frame["note"].isna().tolist() == [True, False]


def test_missing_file(tmp_path):
    with pytest.raises(CourseDataError) as err:
        data.read_csv(tmp_path / "nope.csv", RULES)
    assert "nope.csv" in str(err.value) and "file not found" in str(err.value) and "Fix:" in str(err.value)


def test_missing_column_names_the_column_and_what_is_there(tmp_path):
    text = GOOD.replace("revenue,", "sales,")
    with pytest.raises(CourseDataError) as err:
        data.read_csv(write(tmp_path, text), RULES)
    msg = str(err.value)
    assert "customers.csv" in msg and "missing column 'revenue'" in msg and "'sales'" in msg and "Fix:" in msg


@pytest.mark.parametrize("column, bad, expected", [
    ("visits", "three", "not of type int"),
    ("visits", "2.5", "not of type int"),
    ("revenue", "1.2万", "not of type float"),  # ¥100 is read since issue 15; 万 is a unit, not read
    ("joined", "04/03/2021", "not of type date"),
    ("member", "maybe", "not of type bool"),
    ("tier", "platinum", "not allowed ('platinum')"),
])
def test_wrong_type_names_column_row_and_fix(tmp_path, column, bad, expected):
    frame = pd.read_csv(pd.io.common.StringIO(GOOD), dtype=str, keep_default_na=False)
    frame.loc[1, column] = bad
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(CourseDataError) as err:
        data.read_csv(path, RULES)
    msg = str(err.value)
    assert f"column {column!r}" in msg and expected in msg
    assert "CSV lines 3" in msg  # header is line 1, so the second data row is line 3
    assert err.value.column == column and err.value.rows == [3] and err.value.fix


@pytest.mark.parametrize("column, bad, expected", [
    ("visits", "-1", "below the minimum 0"),
    ("revenue", "-20", "below the minimum 0"),
    ("joined", "2019-05-01", "below the minimum 2020-01-01"),
])
def test_out_of_range(tmp_path, column, bad, expected):
    frame = pd.read_csv(pd.io.common.StringIO(GOOD), dtype=str, keep_default_na=False)
    frame.loc[0, column] = bad
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(CourseDataError, match=expected) as err:
        data.read_csv(path, RULES)
    assert err.value.rows == [2]


def test_empty_required_value_and_duplicates(tmp_path):
    with pytest.raises(CourseDataError, match="empty value"):
        data.read_csv(write(tmp_path, GOOD.replace("C1,3,", "C1,,")), RULES)
    with pytest.raises(CourseDataError, match="must be unique"):
        data.read_csv(write(tmp_path, GOOD.replace("C2,", "C1,")), RULES)


def test_empty_and_malformed_files(tmp_path):
    with pytest.raises(CourseDataError, match="empty"):
        data.read_csv(write(tmp_path, ""), RULES)
    with pytest.raises(CourseDataError, match="no rows"):
        data.read_csv(write(tmp_path, GOOD.splitlines()[0] + "\n"), RULES)
    (tmp_path / "latin.csv").write_bytes("customer_id\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(CourseDataError, match="UTF-8"):
        data.read_csv(tmp_path / "latin.csv", RULES)


def test_validate_dataframe_uses_index_labels():
    frame = pd.DataFrame({"revenue": [1.0, float("nan"), 3.0]}, index=["a", "b", "c"])
    with pytest.raises(CourseDataError) as err:
        data.validate(frame, {"columns": {"revenue": {"type": "float"}}}, source="sales")
    assert err.value.rows == ["b"] and "sales" in str(err.value)
    with pytest.raises(CourseDataError, match="expected a pandas DataFrame"):
        data.validate([1, 2], {"columns": {}})


def test_unknown_table_suggests_names():
    with pytest.raises(CourseDataError, match="did you mean 'huaxin_accounts'"):
        data.load("huaxin_acounts")


# ---------------------------------------------------------------- shipped tables

def test_every_shipped_table_loads_and_validates():
    names = data.tables()["table"].tolist()
    assert "glossary" in names and len(names) >= 15
    for name in names:
        frame = data.load(name)
        assert len(frame) > 0, name
        assert list(frame.columns) == list(data.schema(name)["columns"]), name


def test_load_returns_a_copy():
    first = data.load("huaxin_accounts")
    first.loc[:, "annual_revenue"] = -1.0
    assert (data.load("huaxin_accounts")["annual_revenue"] >= 0).all()


@pytest.fixture()
def shipped_copy(tmp_path, monkeypatch):
    """A copy of data/ that the loader reads instead of the real one, to plant problems in."""
    copy = tmp_path / "data"
    shutil.copytree(data.data_path(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(data.paths, "data_path", lambda relative="": copy / relative if relative else copy)
    data.clear_caches()
    yield copy
    data.clear_caches()


def test_shipped_file_missing(shipped_copy):
    (shipped_copy / data.schema("huaxin_accounts")["file"]).unlink()
    with pytest.raises(CourseDataError) as err:
        data.load("huaxin_accounts")
    assert "accounts.csv" in str(err.value) and "missing" in str(err.value) and "crmcourse data generate" in str(err.value)


def test_shipped_file_with_a_dropped_column(shipped_copy):
    path = shipped_copy / data.schema("huaxin_accounts")["file"]
    frame = pd.read_csv(path, dtype=str)
    frame.drop(columns="annual_revenue").to_csv(path, index=False)
    with pytest.raises(CourseDataError, match="missing column 'annual_revenue'"):
        data.load("huaxin_accounts")


def test_shipped_file_with_negative_money(shipped_copy):
    path = shipped_copy / data.schema("huaxin_accounts")["file"]
    frame = pd.read_csv(path, dtype=str)
    frame.loc[4, "annual_revenue"] = "-500"
    frame.to_csv(path, index=False)
    with pytest.raises(CourseDataError) as err:
        data.load("huaxin_accounts")
    assert err.value.column == "annual_revenue" and err.value.rows == [6] and "below the minimum" in str(err.value)


def test_shipped_file_with_a_dangling_reference(shipped_copy):
    path = shipped_copy / data.schema("huaxin_opportunities")["file"]
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, "account_id"] = "HX-A9999"
    frame.to_csv(path, index=False)
    with pytest.raises(CourseDataError, match="refer to no row of huaxin_accounts.account_id"):
        data.load("huaxin_opportunities")


@given(st.lists(st.one_of(st.none(), st.text(max_size=8), st.integers(-10, 10).map(str),
                          st.floats(allow_nan=True).map(str)), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_no_other_exception_escapes_validation(values):
    frame = pd.DataFrame({name: values for name in RULES["columns"]})
    try:
        out = data.validate(frame, RULES)
    except CourseDataError:
        return
    assert len(out) == len(values)


def test_docs_data_md_is_rendered_from_the_dictionary():
    text = (Path(__file__).resolve().parents[1] / "docs" / "data.md").read_text(encoding="utf-8")
    assert text == data.data_dictionary_markdown(), "docs/data.md is stale: run `crmcourse data docs`"
    for name in data.tables()["table"]:
        assert f"## {name}" in text
