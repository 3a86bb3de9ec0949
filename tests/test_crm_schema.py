"""The CRM lab's SQL schema and the data dictionary say the same thing.

``crmcourse/crm/schema.sql`` repeats, as ``CHECK (column IN (...))`` lists, the allowed values that
``data/tables.yml`` gives the ``crm_*`` tables (the helpers validate against the dictionary, the
database against its CHECKs). These tests read both and fail on any disagreement, so neither can
change alone.
"""
from __future__ import annotations

import re

import pytest
import yaml

from crmcourse import constants, crm, data

IN_LIST = re.compile(r"\b(\w+)\s+IN\s*\(([^()]*)\)", re.S)
LITERAL = re.compile(r"'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)")


def _tables() -> dict[str, str]:
    """CREATE TABLE statements of the schema, by table."""
    text = "\n".join(line for line in crm.SCHEMA.splitlines() if not line.lstrip().startswith("--"))
    out = {}
    for statement in text.split(";"):
        m = re.match(r"\s*CREATE TABLE (\w+)", statement)
        if m:
            out[m.group(1)] = statement
    return out


def _items(statement: str) -> list[str]:
    """The column definitions and table constraints of a CREATE TABLE, split at top-level commas."""
    body = statement[statement.index("(") + 1: statement.rindex(")")]
    items, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(body):
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        elif not quoted and depth == 0 and ch == ",":
            items.append(body[start:i].strip())
            start = i + 1
    items.append(body[start:].strip())
    return items


def _values(listed: str) -> list:
    out = []
    for text, number in LITERAL.findall(listed):
        out.append(text.replace("''", "'") if not number else float(number) if "." in number else int(number))
    return out


def _checks():
    """(table, column, values, level) for every ``column IN (...)`` list; level is 'column' or 'rule'."""
    found = []
    for table, statement in _tables().items():
        for item in _items(statement):
            first = item.split()[0].upper()
            level = "rule" if first in ("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK") else "column"
            owner = item.split()[0]
            for column, listed in IN_LIST.findall(item):
                if level == "column" and column != owner:
                    pytest.fail(f"{table}.{owner}: its CHECK lists values of another column ({column})")
                found.append((table, column, _values(listed), level))
    return found


CHECKS = _checks()


def _rules(table: str, column: str) -> dict:
    columns = data.schema(f"crm_{table}")["columns"]
    assert column in columns, f"schema.sql checks {table}.{column}, which data/tables.yml does not have"
    return columns[column]


def test_schema_and_dictionary_have_the_same_tables():
    assert set(_tables()) == set(crm.LAB_TABLES)
    with open(data.data_path("tables.yml"), encoding="utf-8") as fh:
        dictionary = yaml.safe_load(fh)["tables"]
    assert {t for t in dictionary if t.startswith("crm_")} == {f"crm_{t}" for t in crm.LAB_TABLES}


def test_the_parser_sees_the_lists():
    """Guard the guard: the lists are really found (column-level and inside named rules)."""
    levels = {(t, c, level) for t, c, _, level in CHECKS}
    assert ("opportunities", "stage", "column") in levels and ("activities", "type", "rule") in levels
    assert len(CHECKS) >= 30


@pytest.mark.parametrize("table,column,values", [(t, c, v) for t, c, v, level in CHECKS if level == "column"],
                         ids=[f"{t}.{c}" for t, c, _, level in CHECKS if level == "column"])
def test_column_check_lists_equal_the_dictionary(table, column, values):
    rules = _rules(table, column)
    kind = rules["type"]
    if kind == "category":
        assert values == [str(a) for a in rules["allowed"]], (
            f"{table}.{column}: schema.sql allows {values}, data/tables.yml {rules['allowed']}")
    elif kind == "bool":
        assert sorted(values) == [0, 1]
    elif kind in ("int", "float"):  # a whole-number scale such as the 1-5 satisfaction rating
        assert values == list(range(int(rules["min"]), int(rules["max"]) + 1)), (table, column, values, rules)
    else:
        pytest.fail(f"{table}.{column} is a {kind} in data/tables.yml but has a CHECK IN list")


@pytest.mark.parametrize("table,column,values", [(t, c, v) for t, c, v, level in CHECKS if level == "rule"],
                         ids=[f"{t}.{c}-{i}" for i, (t, c, _, level) in enumerate(CHECKS) if level == "rule"])
def test_rule_lists_use_only_allowed_values(table, column, values):
    rules = _rules(table, column)
    assert rules["type"] == "category"
    assert set(values) <= {str(a) for a in rules["allowed"]}, (table, column, values)


def test_every_category_column_is_checked_by_the_database():
    """A category with no column-level list is covered, all together, by the lists of the table's rules."""
    by_column: dict[tuple[str, str], dict[str, set]] = {}
    for table, column, values, level in CHECKS:
        by_column.setdefault((table, column), {}).setdefault(level, set()).update(values)
    for table in crm.LAB_TABLES:
        for column, rules in data.schema(f"crm_{table}")["columns"].items():
            if rules["type"] != "category":
                continue
            seen = by_column.get((table, column), {})
            allowed = {str(a) for a in rules["allowed"]}
            assert seen.get("column") == allowed or (not seen.get("column") and seen.get("rule") == allowed), (
                f"{table}.{column}: the database does not check every allowed value ({seen} vs {allowed})")


def test_shared_constants_have_one_home():
    """The dictionary's stages and buying roles are the ones crmcourse.constants holds."""
    stage = data.schema("crm_opportunities")["columns"]["stage"]["allowed"]
    assert tuple(stage) == constants.SALES_STAGES
    assert list(constants.SUITECRM_PERCENT) == list(stage)
    roles = data.schema("crm_contacts")["columns"]["buying_role"]["allowed"]
    assert tuple(roles) == constants.BUYING_ROLES
