"""`crmcourse nbgrader export` (issue 17): nbgrader's own tools run on the export, and agree with `crmcourse grade`.

``test_nbgrader_pipeline_scores_equal_crmcourse_grade`` runs nbgrader 0.9's ``generate_assignment``,
``autograde`` (a correct and a partly wrong submission in the ``submitted/<student>/<assignment>/``
layout) and ``generate_feedback``, reads the scores from nbgrader's gradebook, then grades the same submissions with
:func:`crmcourse.authoring.grading.grade_class`: the totals must be equal.

Needs the ``classroom`` extra (nbgrader). Without it the nbgrader tests are skipped here and fail
in CI (``CI=true`` or ``CRMCOURSE_REQUIRE_HUB``).
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from crmcourse.authoring.nbgrader_export import (assignment_of, checked_exercises, export_course,
                                                 nbgrader_notebook)

pytestmark = pytest.mark.classroom

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
START = "00_start_here"


@pytest.fixture(scope="module")
def nbgrader_installed():
    if importlib.util.find_spec("nbgrader") is None:
        message = "nbgrader is not installed (pip install -e '.[classroom]')"
        flag = os.environ.get("CRMCOURSE_REQUIRE_HUB", "").strip().lower()
        if flag not in ("", "0", "false", "no") or os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " [CI/CRMCOURSE_REQUIRE_HUB: may not be skipped]", pytrace=False)
        pytest.skip(message)


def test_answer_cells_placeholders_and_tests_from_the_checks():
    v4 = nbformat.v4
    src = v4.new_notebook(cells=[
        v4.new_markdown_cell("Why?\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION"),
        v4.new_code_cell("### BEGIN SOLUTION\nx = 2\ndef f(a):\n    return a\n### END SOLUTION\ncheck(\"m0_demo_ratio\", x)"),
        v4.new_code_cell("print('worked extra')", metadata={"tags": ["solution"]}),
        v4.new_code_cell('check("m0_demo_ratio", x)  # checked again: the test follows the last check'),
    ])
    out, answers, tests = nbgrader_notebook(src, name="demo.ipynb")
    kinds = [(c.cell_type, c.metadata.get("nbgrader", {}).get("grade_id")) for c in out.cells]
    assert kinds == [("markdown", "demo-written-0"), ("code", "demo-answer-1"), ("code", None),
                     ("code", "check-m0_demo_ratio")]
    assert (answers, tests) == (2, 1)
    assert out.cells[0].metadata.nbgrader["points"] == 0 and out.cells[0].metadata.nbgrader["grade"]
    assert out.cells[1].source.startswith("x = ...  # YOUR ANSWER HERE\ndef f(a):\n    ...  # YOUR CODE HERE\n")
    test = out.cells[3]
    assert test.metadata.nbgrader["locked"] and test.metadata.nbgrader["points"] == 1
    assert 'RESULTS["m0_demo_ratio"]' in test.source
    assert checked_exercises("check('a_1', x); check(\"b_2\", y)") == ["a_1", "b_2"]
    assert assignment_of("capstone/01_listen_to_customers.ipynb") == "capstone"


def test_whole_course_exports_and_validates_with_nbgraders_own_schema(nbgrader_installed, tmp_path):
    from nbgrader.nbgraderformat import MetadataValidator

    report = export_course(tmp_path / "course")
    solutions = sorted(p for p in (ROOT / "solutions").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts and p.relative_to(ROOT / "solutions").parts[0] != "zh")
    assert sum(len(v) for v in report.assignments.values()) == len(solutions)
    assert START in report.assignments and "capstone" in report.assignments
    validator = MetadataValidator()
    tests = 0
    for path in (tmp_path / "course" / "source").rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        validator.validate_nb(nb)
        ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
        assert len(ids) == len(set(ids)), path
        tests += sum(1 for c in nb.cells if c.metadata.get("nbgrader", {}).get("locked"))
    assert tests == report.tests > 0
    assert (tmp_path / "course" / "nbgrader_config.py").is_file()


def _nbgrader(course: Path, *args: str) -> str:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")   # nbgrader runs `alembic`
    done = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def _fill(nb: dict, answers: dict[str, str]) -> dict:
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for name, value in answers.items():
            source = source.replace(f"{name} = ...  # YOUR ANSWER HERE", f"{name} = {value}")
        cell["source"] = source
    return nb


def test_nbgrader_pipeline_scores_equal_crmcourse_grade(nbgrader_installed, tmp_path):
    from crmcourse.authoring.grading import grade_class

    course = tmp_path / "course"
    cli = subprocess.run([sys.executable, "-m", "crmcourse.cli", "nbgrader", "export", str(course), "--only", START],
                         capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert "3 autograder test(s)" in cli.stdout

    _nbgrader(course, "generate_assignment", START, "--force")
    released = json.loads((course / "release" / START / f"{START}.ipynb").read_text())
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in released["cells"]]
    assert not any("BEGIN SOLUTION" in s or "10 / 8" in s for s in sources)   # no solution released
    assert 'answer = ...  # YOUR ANSWER HERE\n\ncheck("m0_demo_ratio", answer)' in sources

    submissions = {
        "alice": {"answer": "10 / 8", "zone": '"highly satisfied"', "term": 'glossary.translate("key account")'},
        "bob": {"answer": "8 / 10", "zone": '"highly satisfied"'},      # one right, one wrong, one unanswered
    }
    for student, answers in submissions.items():
        folder = course / "submitted" / student / START
        folder.mkdir(parents=True)
        (folder / f"{START}.ipynb").write_text(json.dumps(_fill(released, answers)), encoding="utf-8")

    _nbgrader(course, "autograde", START, "--create", "--force")
    _nbgrader(course, "generate_feedback", START, "--force")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:   # what `nbgrader export` reads
        nbgrader_scores = {s: gradebook.find_submission(START, s).score for s in submissions}
    for student in submissions:
        page = course / "feedback" / student / START / f"{START}.html"
        assert page.is_file() and "check-m0_demo_ratio" in page.read_text(encoding="utf-8")

    report = grade_class(course / "submitted", tmp_path / "grades", workers=2, progress=False)
    crmcourse_scores = dict(zip(report.book["learner"], report.book["total"]))
    assert nbgrader_scores == {"alice": 3.0, "bob": 1.0}
    assert crmcourse_scores == nbgrader_scores
