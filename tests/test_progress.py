"""Tests for crmcourse.authoring.progress: the learner's course-wide progress from saved notebooks."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from crmcourse.authoring import progress as pg
from crmcourse.authoring.progress import (CourseProgress, NotebookProgress, course_progress, format_progress,
                                          notebook_progress, progress_html, report_progress)
from crmcourse.authoring.workspace import MANIFEST_NAME, BACKUP_DIR, CourseFiles, WorkspaceError, init_workspace
from crmcourse.checks import RECORD_MIME

REPO = Path(__file__).resolve().parents[1]


def record(exercise, status, score=None, points=1):
    score = {"correct": 1.0}.get(status, 0.0) if score is None else score
    return v4.new_output("display_data", data={"text/plain": f"{exercise}: {status}",
                                               RECORD_MIME: {"exercise": exercise, "status": status,
                                                             "score": score, "points": points}})


def check_cell(exercise, *outputs):
    return v4.new_code_cell(f'answer = ...\ncheck("{exercise}", answer)', outputs=list(outputs))


def save(path: Path, *cells, title="# 1.1 A notebook", when: float | None = None) -> Path:
    nb = v4.new_notebook(cells=[v4.new_markdown_cell(f"{title}\n*副标题*"), *cells])
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    if when is not None:
        os.utime(path, (when, when))
    return path


def test_states_come_from_the_latest_saved_record(tmp_path):
    path = save(tmp_path / "01_m" / "01_a.ipynb",
                check_cell("m0_demo_ratio", record("m0_demo_ratio", "incorrect")),
                check_cell("m0_demo_ratio", record("m0_demo_ratio", "correct")),    # tried again: correct
                check_cell("m0_demo_zone", record("m0_demo_zone", "incorrect", score=0.5)),
                check_cell("m0_demo_glossary", record("m0_demo_glossary", "unanswered")),
                check_cell("m9_never_run"),
                check_cell("m9_unknown", record("m9_unknown", "unknown")),
                v4.new_code_cell("print(1)", outputs=[record("m9_renamed", "correct")]))
    nb = notebook_progress(path, "01_m/01_a.ipynb")
    assert nb.exercises == {"m0_demo_ratio": "correct", "m0_demo_zone": "tried", "m0_demo_glossary": "open",
                            "m9_never_run": "open", "m9_unknown": "tried", "m9_renamed": "correct"}
    assert (nb.count("correct"), nb.count("tried"), nb.count("open")) == (2, 2, 2)
    assert nb.title == "1.1 A notebook" and nb.module == "01_m" and not nb.quiz
    assert nb.titles["m0_demo_ratio"] == "Satisfaction ratio of a single customer" and nb.titles["m9_unknown"] == ""
    assert nb.earned == 2.5 and nb.possible == 6 and nb.worked_on


def test_a_quiz_gets_a_score(tmp_path):
    path = save(tmp_path / "01_m" / "06_quiz.ipynb",
                check_cell("q1", record("q1", "correct", points=2)),
                check_cell("q2", record("q2", "incorrect", score=0.5, points=2)),
                check_cell("q3"))
    nb = notebook_progress(path, "01_m/06_quiz.ipynb")
    assert nb.quiz and nb.earned == 3.0 and nb.possible == 5 and nb.score == pytest.approx(0.6)
    course = CourseProgress(tmp_path, [nb])
    assert course.quizzes == [nb]
    assert "3/5 (60%)" in format_progress(course)
    page = progress_html(course)
    assert "Quizzes" in page and "3/5 (60%)" in page


@pytest.mark.parametrize("content, problem", [
    (b"not json", "not a notebook"),
    (b'{"cells": 3}', "not a notebook"),
    (b"\xff\xfe broken", "cannot read the file (UnicodeDecodeError)"),
])
def test_an_unreadable_notebook_is_a_row_not_a_crash(tmp_path, content, problem):
    save(tmp_path / "00_start_here.ipynb", check_cell("m0_demo_ratio", record("m0_demo_ratio", "correct")))
    (tmp_path / "01_m").mkdir()
    (tmp_path / "01_m" / "01_broken.ipynb").write_bytes(content)
    course = course_progress(tmp_path)
    broken = course.notebooks[1]
    assert broken.problem.startswith(problem) and not broken.exercises
    assert course.totals() == {"exercises": 1, "correct": 1, "tried": 0, "open": 0}
    assert broken.problem in format_progress(course) and broken.problem in progress_html(course)


def test_which_notebooks_count(tmp_path):
    save(tmp_path / "00_start_here.ipynb", check_cell("m0_demo_ratio"))
    save(tmp_path / "01_m" / "01_reading.ipynb")                        # the course's, no exercise
    save(tmp_path / "01_m" / "Untitled.ipynb")                          # the learner's scratch
    save(tmp_path / "01_m" / "my_try.ipynb", check_cell("m0_demo_zone"))  # the learner's, with a check
    save(tmp_path / BACKUP_DIR / "00_start_here.20260101-000000.ipynb", check_cell("m0_demo_ratio"))
    save(tmp_path / ".ipynb_checkpoints" / "00_start_here-checkpoint.ipynb", check_cell("m0_demo_ratio"))
    (tmp_path / MANIFEST_NAME).write_text(json.dumps({"00_start_here.ipynb": "x", "01_m/01_reading.ipynb": "y"}),
                                          encoding="utf-8")
    course = course_progress(tmp_path)
    assert [nb.rel for nb in course.notebooks] == ["00_start_here.ipynb", "01_m/01_reading.ipynb",
                                                   "01_m/my_try.ipynb"]
    assert [m.name for m in course.modules] == ["", "01_m"]
    with pytest.raises(WorkspaceError, match="not a folder"):
        course_progress(tmp_path / "missing")


def test_next_up_is_where_the_learner_stopped(tmp_path):
    day = dt.datetime(2026, 3, 1).timestamp()
    save(tmp_path / "00_start_here.ipynb", check_cell("a", record("a", "correct")), when=day)
    save(tmp_path / "01_m" / "01_x.ipynb", check_cell("b", record("b", "correct")), when=day + 60)
    save(tmp_path / "01_m" / "02_y.ipynb", check_cell("c", record("c", "correct")), check_cell("d"), when=day)
    save(tmp_path / "01_m" / "03_z.ipynb", check_cell("e"), when=day)
    course = course_progress(tmp_path)
    assert course.next_up().rel == "01_m/02_y.ipynb"     # after the last one saved, the next unfinished
    save(tmp_path / "01_m" / "03_z.ipynb", check_cell("e", record("e", "incorrect")), when=day + 120)
    assert course_progress(tmp_path).next_up().rel == "01_m/03_z.ipynb"   # the last one saved, unfinished
    fresh = tmp_path / "fresh"
    save(fresh / "00_start_here.ipynb", check_cell("a"))
    assert course_progress(fresh).next_up().rel == "00_start_here.ipynb"
    done = tmp_path / "done"
    save(done / "00_start_here.ipynb", check_cell("a", record("a", "correct")))
    assert course_progress(done).next_up() is None
    assert "Every exercise is correct" in format_progress(course_progress(done))


def test_text_and_page_show_the_counts_and_escape_titles(tmp_path):
    save(tmp_path / "00_start_here.ipynb", check_cell("a", record("a", "correct")), check_cell("b"),
         title="# 0 <Start> & 开始")
    course = course_progress(tmp_path)
    text = format_progress(course)
    text.encode("ascii")                       # any console can print it (folder names aside)
    assert "00_start_here.ipynb" in text and "whole course" in text
    page = progress_html(course)
    assert "0 &lt;Start&gt; &amp; 开始" in page and "<Start>" not in page
    assert "<strong>1</strong> of 2 exercises correct" in page
    assert "<script" not in page and "http" not in page.replace('http-equiv', '')


def test_the_solutions_carry_a_correct_record_for_every_exercise():
    """The stored solution notebooks are executed: progress sees every check in them correct."""
    course = course_progress(REPO / "solutions")
    totals = course.totals()
    assert len(course.notebooks) >= 30 and totals["exercises"] > 100
    assert totals["correct"] == totals["exercises"]
    learner = course_progress(REPO / "notebooks")   # fresh learner copies: nothing answered, same exercises
    assert learner.totals() == {"exercises": totals["exercises"], "correct": 0, "tried": 0,
                                "open": totals["exercises"]}


def test_report_progress_writes_the_page_into_the_workspace(tmp_path, monkeypatch):
    nbs = tmp_path / "course" / "notebooks"
    save(nbs / "00_start_here.ipynb", check_cell("a", record("a", "correct")))
    save(nbs / "01_m" / "01_x.ipynb", check_cell("b"))
    files = CourseFiles(nbs, tmp_path / "course" / "solutions", installed=True)
    target = tmp_path / "ws"
    init_workspace(target, files=files)
    out = []

    class Stream:
        def write(self, text):
            out.append(text)

    page = report_progress(target, stream=Stream())
    assert page == target.resolve() / pg.PAGE_NAME and page.is_file()
    assert "Pick up at: 01_m/01_x.ipynb" in "".join(out)
    monkeypatch.chdir(target / "notebooks" / "01_m")
    assert report_progress(stream=Stream()) == page          # found from inside the workspace
    custom = report_progress(target, out=tmp_path / "out" / "p.html", stream=Stream())
    assert custom.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_template_is_a_package_file():
    assert (REPO / "crmcourse" / "authoring" / "templates" / pg.TEMPLATE_NAME).is_file()
    assert pg._template_dir() == REPO / "crmcourse" / "authoring" / "templates"


def test_crmcourse_progress_command(tmp_path, capsys):
    from crmcourse import cli

    save(tmp_path / "ws" / "notebooks" / "00_start_here.ipynb", check_cell("a", record("a", "tried")))
    assert cli.main(["progress", str(tmp_path / "ws" / "notebooks"), "--out", str(tmp_path / "p.html")]) == 0
    assert "whole course" in capsys.readouterr().out and (tmp_path / "p.html").is_file()
    assert cli.main(["progress", str(tmp_path / "missing")]) == 2
    assert "not a folder" in capsys.readouterr().err
