"""What the tests of Chinese texts share (tests/test_errors_zh*.py, tests/test_scenarios_zh.py):
the language reset and the checks of one raised message.

``from zh_errors import CJK, chinese, english, english_unless_set, raised`` — importing the fixture
makes it autouse in that test file.
"""
from __future__ import annotations

import re

import pytest

import crmcourse
from crmcourse import i18n
from crmcourse.errors import CourseDataError

CJK = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def english_unless_set(monkeypatch):
    """Each test starts in English whatever ``CRMCOURSE_LANG`` the shell has, and ends there."""
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    crmcourse.set_language(None)
    yield
    crmcourse.set_language(None)


def raised(fn, *args, **kwargs) -> CourseDataError:
    """The CourseDataError ``fn(*args, **kwargs)`` raises (the test fails if it raises none or another)."""
    with pytest.raises(CourseDataError) as err:
        fn(*args, **kwargs)
    return err.value


def chinese(err: CourseDataError, *shown: str) -> str:
    """The message, checked to be Chinese prose with a Chinese fix ("解决方法：…。") naming every text in ``shown``."""
    text = str(err)
    assert CJK.search(err.problem), text
    assert err.fix and CJK.search(err.fix), text
    assert "解决方法：" in text and "Fix:" not in text and text.endswith("。"), text
    for part in shown:
        assert part in text, (part, text)
    return text


def english(err: CourseDataError) -> str:
    """The message, checked to hold no Chinese."""
    text = str(err)
    assert not CJK.search(text), text
    return text
