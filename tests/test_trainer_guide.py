"""The agendas of docs/trainer-guide.md survive a real day (issue 14): clock times add up, each slot is
the notebook's learner time (from its title cell) plus the demos and group work listed beside it,
and every notebook's prerequisites come before it — earlier in the day, in the pre-work or
homework, or in the agenda's table of bridges."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from crmcourse.authoring.site.catalog import collect

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "trainer-guide.md").read_text(encoding="utf-8")
ID = r"(?:C\.\d|\d\.\d|00)"


def _notebooks() -> dict[str, tuple[int | None, str]]:
    """Short id (``2.3``, ``C.1``, ``00``) → (learner minutes, prerequisites text)."""
    import nbformat

    found = {}
    for e in collect(ROOT):
        short = "00" if e.rel.stem == "00_start_here" else e.title.split(" ", 1)[0]
        first = nbformat.read(e.solution, as_version=4).cells[0].source
        prereq = re.search(r"\*\*Prerequisites\*\*\s*\|\s*([^|\n]+)", first)
        found[short] = (e.minutes, prereq.group(1).strip() if prereq else "")
    return found


NOTEBOOKS = _notebooks()


def _section(start: str, end: str) -> str:
    return GUIDE[GUIDE.index(start):GUIDE.index(end)]


AGENDAS = {
    "one-day": _section("## 3. One-day workshop", "## 4. Two-day workshop"),
    "two-day": _section("## 4. Two-day workshop", "## 5. Before the workshop"),
}


def _minutes(clock: str) -> int:
    h, m = clock.split(":")
    return int(h) * 60 + int(m)


def _rows(text: str) -> list[list[list[str]]]:
    """The agenda tables of a section: a list of tables, each a list of rows (cells)."""
    tables, current = [], []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", cells[0] if cells else ""):
            current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables + ([current] if current else [])


def _required(prereq: str) -> set[str]:
    """Prerequisite ids of a title cell, without the parts marked 'helps'; '2.1 – 2.4' expands."""
    needed = set()
    for part in prereq.split(";"):
        if "helps" in part:
            continue
        for a, lo, hi in re.findall(r"(\d)\.(\d)\s*[–-]\s*\d\.(\d)", part):
            needed |= {f"{a}.{i}" for i in range(int(lo), int(hi) + 1)}
        needed |= set(re.findall(r"\b(C\.\d|\d\.\d)\b", part))
        if re.search(r"\b0 Start here", part):
            needed.add("00")
    return needed


def test_reading_prerequisites():
    assert _required("2.1 – 2.4") == {"2.1", "2.2", "2.3", "2.4"}
    assert _required("C.1 and C.2; 2.3 The buying centre; 6.1 Relationship marketing helps") == {"C.1", "C.2", "2.3"}
    assert _required("0 Start here; 2.1 Who are your key accounts helps") == {"00"}


@pytest.mark.parametrize("agenda", sorted(AGENDAS))
def test_clock_times_add_up_and_slots_hold_learner_time_plus_demos(agenda):
    tables = _rows(AGENDAS[agenda])
    assert tables, f"no agenda table in the {agenda} section"
    for table in tables:
        previous_end = None
        for time, session, notebook, learner, extra, slot in (row[:6] for row in table):
            start, end = (_minutes(t) for t in time.split("–"))
            assert previous_end in (None, start), f"{agenda}: {time} does not start when the slot before ends"
            previous_end = end
            assert end - start == int(slot.split()[0]), f"{agenda}: {time} is not {slot}"
            if notebook:
                assert notebook in NOTEBOOKS or re.fullmatch(r"\d\.\d", notebook), notebook
                if notebook in NOTEBOOKS:
                    assert int(learner.split()[0]) == NOTEBOOKS[notebook][0], \
                        f"{agenda}: {notebook} takes {NOTEBOOKS[notebook][0]} min by its title cell, not {learner}"
                added = sum(int(n) for n in re.findall(r"(?<![\d.])(\d+)(?![\d.])", extra))  # not "2.2"
                assert int(learner.split()[0]) + added == int(slot.split()[0]), \
                    f"{agenda}: the {notebook} slot is not learner time + {extra or 'nothing'}"


@pytest.mark.parametrize("agenda", sorted(AGENDAS))
def test_every_prerequisite_comes_first_or_is_bridged(agenda):
    text = AGENDAS[agenda]
    prework = text[text.index("**Pre-work**"):].split("| time |")[0]
    before = set(re.findall(rf"\b{ID}\b", prework))
    bridged = {}
    coverage = text[text.index("**Prerequisites, and where"):]
    for line in coverage.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and re.match(ID, cells[0]):
            for nb in re.findall(ID, cells[0]):
                bridged[nb] = cells[2]
    for table in _rows(text):
        for row in table:
            notebook = row[2]
            if notebook in NOTEBOOKS:
                for need in _required(NOTEBOOKS[notebook][1]):
                    assert need in before or need in bridged.get(notebook, ""), \
                        f"{agenda}: {notebook} needs {need}, which is neither before it nor in its row of bridges"
                before.add(notebook)
            before |= set(re.findall(rf"homework: ({ID})", row[1]))
