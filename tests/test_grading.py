"""Grading a class: right scores and statuses, limits respected, submissions untouched."""
from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from crmcourse import cli, grading
from crmcourse.checks import records_from_notebook

ROOT = Path(__file__).resolve().parents[1]
START = "00_start_here.ipynb"
EXERCISES = ["m0_demo_ratio", "m0_demo_zone", "m0_demo_glossary"]


def _learner_nb():
    return nbformat.read(ROOT / "notebooks" / START, as_version=4)


def _answer(nb, exercise, code):
    """Replace the placeholder in the answer cell of ``exercise`` with ``code``."""
    for cell in nb.cells:
        if cell.cell_type == "code" and f'check("{exercise}"' in cell.source:
            lines = [line for line in cell.source.splitlines() if "YOUR ANSWER HERE" not in line]
            cell.source = code + "\n" + "\n".join(lines)
            return nb
    raise AssertionError(exercise)


def _write(folder: Path, learner: str, nb_or_text) -> Path:
    path = folder / learner / START
    path.parent.mkdir(parents=True)
    if isinstance(nb_or_text, str):
        path.write_text(nb_or_text, encoding="utf-8")
    else:
        nbformat.write(nb_or_text, path)
    return path


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs = tmp_path_factory.mktemp("submissions")
    correct = _learner_nb()
    _answer(correct, "m0_demo_ratio", "answer = 10 / 8")
    _answer(correct, "m0_demo_zone", 'zone = "highly satisfied"')
    _answer(correct, "m0_demo_glossary", "term = glossary.translate('key account')")
    _write(subs, "correct", correct)

    partial = _learner_nb()
    _answer(partial, "m0_demo_ratio", "answer = 10 / 8")
    _answer(partial, "m0_demo_zone", 'zone = "satisfied"')  # wrong
    _write(subs, "partial", partial)

    _write(subs, "unanswered", _learner_nb())

    raising = _learner_nb()
    _answer(raising, "m0_demo_ratio", "answer = 10 / 8")
    raising.cells.insert(8, nbformat.v4.new_code_cell("raise ValueError('learner bug')"))
    _write(subs, "raising", raising)

    looping = _learner_nb()
    _answer(looping, "m0_demo_ratio", "answer = 10 / 8")
    idx = next(i for i, c in enumerate(looping.cells) if 'check("m0_demo_zone"' in c.source)
    looping.cells.insert(idx, nbformat.v4.new_code_cell("while True:\n    pass"))
    _write(subs, "looping", looping)

    _write(subs, "corrupt", '{"cells": [ this is not json')

    deleted = _learner_nb()
    _answer(deleted, "m0_demo_ratio", "answer = 10 / 8")
    deleted.cells = [c for c in deleted.cells if 'check("m0_demo_glossary"' not in c.source]
    _write(subs, "deleted", deleted)

    flood = _learner_nb()
    _answer(flood, "m0_demo_ratio", "answer = 10 / 8")
    flood.cells.insert(8, nbformat.v4.new_code_cell("for _ in range(200):\n    print('x' * 100_000)"))
    _write(subs, "flood", flood)

    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in subs.rglob("*") if p.is_file()}
    results = grading.grade(subs, solutions=ROOT / "solutions", timeout=20, workers=2, progress=False,
                            output_limit=2_000_000)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in subs.rglob("*") if p.is_file()}
    book = grading.gradebook(results).set_index("learner")
    return book, before, after, results, subs


def test_statuses(graded):
    book = graded[0]
    assert book["status"].to_dict() == {
        "correct": "ok", "partial": "ok", "unanswered": "ok", "raising": "error", "looping": "timeout",
        "corrupt": "invalid", "deleted": "missing-checks", "flood": "output-limit",
    }
    assert "ValueError" in book.loc["raising", "detail"]
    assert "m0_demo_glossary" in book.loc["deleted", "detail"]


def test_scores(graded):
    book = graded[0]
    assert list(book.columns[:3]) == EXERCISES
    assert book.loc["correct", EXERCISES].tolist() == [1.0, 1.0, 1.0]
    assert book.loc["partial", EXERCISES].tolist() == [1.0, 0.0, 0.0]
    assert book.loc["unanswered", EXERCISES].tolist() == [0.0, 0.0, 0.0]
    assert book.loc["raising", "m0_demo_ratio"] == 1.0          # checks after the error still ran
    assert book.loc["looping", "m0_demo_ratio"] == 1.0          # checks before the loop count
    assert pd.isna(book.loc["looping", "m0_demo_zone"])         # never reached
    assert book.loc["corrupt", EXERCISES].isna().all()
    assert pd.isna(book.loc["deleted", "m0_demo_glossary"])
    assert book.loc["flood", "m0_demo_ratio"] == 1.0
    assert book["total"].to_dict() == {"correct": 3.0, "partial": 1.0, "unanswered": 0.0, "raising": 1.0,
                                       "looping": 1.0, "corrupt": 0.0, "deleted": 1.0, "flood": 1.0}
    assert set(book["max"]) == {3}


def test_submissions_are_byte_for_byte_unchanged(graded):
    _, before, after, _, subs = graded
    assert before == after
    assert not [p for p in subs.rglob("*") if p.name.startswith(".") or "checkpoint" in p.name]


def test_the_time_limit_stops_an_endless_notebook_and_the_run_goes_on(graded):
    results = graded[3]
    assert sorted(r.learner for r in results) == sorted(
        ["correct", "partial", "unanswered", "raising", "looping", "corrupt", "deleted", "flood"])
    looping = next(r for r in results if r.learner == "looping")
    assert looping.status == "timeout" and looping.detail == "stopped after 20 s"


def test_saved_outputs_cannot_fake_a_result(tmp_path):
    """A learner's stored 'correct' record is discarded: only what runs now counts."""
    solution = nbformat.read(ROOT / "solutions" / START, as_version=4)  # outputs say correct
    learner = _learner_nb()
    stored = {c.source.split("check(")[-1]: c.outputs for c in solution.cells
              if c.cell_type == "code" and "check(" in c.source}
    for cell in learner.cells:
        if cell.cell_type == "code" and "check(" in cell.source:
            cell.outputs = stored[cell.source.split("check(")[-1]]  # plant the solution's "correct" outputs
    assert {r["status"] for r in records_from_notebook(learner)} == {"correct"}
    _write(tmp_path, "faker", learner)
    result = grading.grade_notebook("faker", tmp_path / "faker" / START, timeout=30,
                                    solutions=ROOT / "solutions")
    assert {r["status"] for r in result.records} == {"unanswered"}


def test_cli_writes_gradebook_and_chart(tmp_path, capsys):
    subs = tmp_path / "subs"
    _write(subs, "a", _learner_nb())
    out = tmp_path / "grades"
    assert cli.main(["grade", str(subs), "--out", str(out), "--quiet", "--timeout", "30"]) == 0
    book = pd.read_csv(out / "gradebook.csv")
    assert book["learner"].tolist() == ["a"] and book["status"].tolist() == ["ok"]
    assert (out / "class_summary.png").stat().st_size > 1000
    assert cli.main(["grade", str(subs), "--out", str(subs / "grades")]) == 2  # never write into submissions
