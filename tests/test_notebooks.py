"""Course notebooks: the template, clean metadata, solutions that pass their checks, and
learner copies that run top to bottom unanswered with every check saying "not answered yet"."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from crmcourse import runner
from crmcourse.checks import records_from_notebook

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted(p for p in (ROOT / "solutions").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
LEARNER = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb")
                 if ".ipynb_checkpoints" not in p.parts and ".backup" not in p.parts)
CHECK_CALL = re.compile(r"^\s*check\(\s*[\"']([a-z0-9_]+)[\"']", re.M)
MACHINE_PATH = re.compile(r"(/root/|/home/\w+|/Users/\w+|[A-Z]:\\\\Users|/work/main|site-packages)")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_notebooks():
    assert SOLUTIONS, "solutions/ holds no notebook"
    assert [p.relative_to(ROOT / "solutions") for p in SOLUTIONS] == [p.relative_to(ROOT / "notebooks") for p in LEARNER]


@pytest.mark.parametrize("path", SOLUTIONS + LEARNER, ids=rel)
def test_plain_kernelspec_and_no_machine_paths(path):
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    assert nb.metadata["kernelspec"] == runner.KERNELSPEC
    assert set(nb.metadata) <= {"kernelspec", "language_info", "widgets"}, sorted(nb.metadata)
    found = MACHINE_PATH.search(text)
    assert not found, f"{rel(path)} contains a machine path: {found.group(0)!r}"


def _markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("path", SOLUTIONS, ids=rel)
def test_notebook_follows_the_template(path):
    nb = nbformat.read(path, as_version=4)
    md = _markdown(nb)
    head = md[0]
    assert head.startswith("# "), "the first cell is the title"
    for part in ("**You will learn**", "**Time**", "**Prerequisites**", "**Key terms**", "中文"):
        assert part in head, f"{rel(path)}: the first cell lacks {part}"
    assert re.search(r"[\u4e00-\u9fff]", head), "key terms need their Chinese names"
    wrap = md[-1]
    assert wrap.startswith("## Wrap-up") and "**Key points**" in wrap and "**Check yourself**" in wrap
    questions = re.findall(r"^\d+\. ", wrap.split("**Check yourself**")[1], re.M)
    assert 2 <= len(questions) <= 4, "2–4 self-check questions"
    checks = CHECK_CALL.findall("\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    minimum = 3 if path.name.startswith("00_") else 4
    assert len(checks) >= minimum, f"{rel(path)} has {len(checks)} checked exercises, needs {minimum}"
    assert len(checks) == len(set(checks)), "each exercise is checked once"


@pytest.mark.parametrize("path", SOLUTIONS, ids=rel)
def test_solution_is_stored_executed_and_passes_its_checks(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code if c.source.strip()), "re-run `crmcourse execute`"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    calls = CHECK_CALL.findall("\n".join(c.source for c in code))
    records = records_from_notebook(nb)
    assert [r["exercise"] for r in records] == calls, "every check call stored its record"
    wrong = [r for r in records if r["status"] != "correct"]
    assert not wrong, f"solution checks not correct: {wrong}"


@pytest.mark.slow
@pytest.mark.parametrize("path", LEARNER, ids=rel)
def test_learner_notebook_runs_unanswered_and_every_check_says_not_answered(path):
    nb = nbformat.read(path, as_version=4)
    runner.run(nb, cwd=path.parent, timeout=300)  # raises if any cell fails
    calls = CHECK_CALL.findall("\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    records = records_from_notebook(nb)
    assert [r["exercise"] for r in records] == calls
    assert {r["status"] for r in records} == {"unanswered"}, records
    texts = [o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.get("outputs", [])]
    assert sum("not answered yet" in t for t in texts) == len(calls)
