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


#: The time limit of the graded class: long enough for a notebook that runs (its kernel starts outside
#: the limit), short because the class waits for the endless submission until it is stopped.
LOOP_LIMIT = 10


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
    # endless but idle: the time limit is wall-clock time and stops either kind of loop alike, and a
    # busy one would take a core from the rest of the suite for LOOP_LIMIT seconds
    looping.cells.insert(idx, nbformat.v4.new_code_cell("import time\nwhile True:\n    time.sleep(0.05)"))
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
    results = grading.grade(subs, solutions=ROOT / "solutions", timeout=LOOP_LIMIT, workers=2, progress=False,
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
    assert looping.status == "timeout" and looping.detail == f"stopped after {LOOP_LIMIT} s"


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


# ----------------------------------------------------------------------------------------------- issue 16
# Scores come from the grader; exam exercises are judged with the trainer's key; without a sandbox the
# grader says so once and still kills everything. (The hostile class is tests/test_grading_hostile.py.)
import json  # noqa: E402
import time  # noqa: E402

from crmcourse import checks  # noqa: E402
from crmcourse.authoring.grading import collect, judge, run  # noqa: E402
from crmcourse.checks import transfer  # noqa: E402

QUIZ = checks.ChoiceExercise(id="m0_quiz_zone", title="Quiz", hint="", options=("low", "high"), exam=True)
REGISTER_QUIZ = ("from crmcourse.checks import ChoiceExercise, register\n"
                 "register(ChoiceExercise(id='m0_quiz_zone', title='Quiz', hint='', options=('low', 'high'), exam=True))")


def _quiz_nb(answer: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in (
        "from crmcourse import check", REGISTER_QUIZ, f"check('m0_quiz_zone', {answer!r})")])


@pytest.fixture()
def quiz_course(tmp_path, monkeypatch):
    monkeypatch.setitem(checks.REGISTRY, QUIZ.id, QUIZ)
    solutions = tmp_path / "solutions"
    (solutions / "answer_keys").mkdir(parents=True)
    nbformat.write(_quiz_nb("high"), solutions / "quiz.ipynb")
    (solutions / "answer_keys" / "quiz.json").write_text(json.dumps(
        {"_about": "exam keys of the quiz", "m0_quiz_zone": {"answer": "high"}}))
    subs = tmp_path / "subs"
    for learner, answer in (("right", "high"), ("wrong", "low")):
        (subs / learner).mkdir(parents=True)
        nbformat.write(_quiz_nb(answer), subs / learner / "quiz.ipynb")
    return solutions, subs


def test_an_exam_exercise_is_judged_with_the_trainers_key(quiz_course, capsys):
    solutions, subs = quiz_course
    checks.check("m0_quiz_zone", "low")  # the learner's side: no verdict
    shown = capsys.readouterr().out
    assert "recorded, graded by your trainer" in shown and "not yet right" not in shown
    results = grading.grade(subs, solutions=solutions, timeout=30, workers=2, progress=False)
    book = grading.gradebook(results).set_index("learner")
    assert book["m0_quiz_zone"].to_dict() == {"right": 1.0, "wrong": 0.0}
    assert set(book["status"]) == {"ok"}
    unkeyed = grading.grade_notebook("right", subs / "right" / "quiz.ipynb", solutions=solutions, keys=[], timeout=30)
    assert unkeyed.records[0]["score"] is None and "no answer key for m0_quiz_zone" in unkeyed.detail


def test_answer_keys_are_checked_when_loaded(tmp_path, monkeypatch):
    monkeypatch.setitem(checks.REGISTRY, QUIZ.id, QUIZ)
    key = tmp_path / "key.json"
    for content, message in (({"m0_demo_zone": {"answer": "satisfied"}}, "not an exam exercise"),
                             ({"m0_nothing": {"answer": "x"}}, "no exercise file declares"),
                             ({"m0_quiz_zone": {"answer": "medium"}}, "not one of its options"),
                             ({"m0_quiz_zone": {"expected": 1}}, "has no 'answer'")):
        key.write_text(json.dumps(content))
        with pytest.raises(judge.AnswerKeyError, match=message):
            judge.load_answer_keys([key])
    key.write_text("{ not json")
    with pytest.raises(grading.GradingError, match="cannot read the answer key"):
        grading.grade(tmp_path, keys=[key], progress=False)


def test_answer_keys_do_not_ship_in_the_package():
    """Exam targets live in solutions/answer_keys/*.json; the wheel takes only notebooks from solutions/."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = config.get("package-data", {}).get("crmcourse.course.solutions", [])
    assert not any(fnmatch.fnmatch("answer_keys/quiz.json", p) for p in patterns), patterns
    exam = [e.id for e in checks.all_exercises() if e.exam]
    for ex_id in exam:  # an exam declaration in the package holds no target
        ex = checks.get_exercise(ex_id)
        assert not getattr(ex, "answer", None) and not callable(getattr(ex, "expected", None)), ex_id


def test_answers_travel_as_plain_data_only():
    import numpy as np

    for value in (1.25, "high", ["a", "b"], {"wifi": "M"}, (1, 2), {3, 4}, np.float32(0.25), np.array([1, 2]),
                  pd.Series([1.0, 2.0], index=["x", "y"], name="s"),
                  pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}, index=pd.Index(["p", "q"], name="id"))):
        back = transfer.decode(json.loads(transfer.dumps(value)))
        if isinstance(value, (pd.Series, pd.DataFrame)):
            assert back.equals(value) or back.to_dict() == value.to_dict()
        elif isinstance(value, np.ndarray):
            assert (back == value).all()
        else:
            assert back == value
    deep: list = [1]
    for _ in range(40):
        deep = [deep]
    for hostile in ({"$": "pickle", "v": "gASV"}, {"$": "frame", "columns": 1}, deep,
                    {"$": "array", "shape": [10**9], "data": {"dtype": "<f8", "v": [1.0]}},
                    {"$": "array", "shape": [1], "data": {"dtype": "|O", "v": ["x"]}}):
        with pytest.raises(transfer.Untransferable):
            transfer.decode(hostile)
    assert transfer.answer_payload("m0_x", object()) == {"exercise": "m0_x", "untransferable": True}
    assert not transfer.emit("m0_demo_ratio", 1.25)  # outside a graded kernel nothing is displayed


def test_only_valid_claims_for_declared_exercises_are_kept():
    lines = [json.dumps({"t": "answer", "p": {"exercise": e, "answer": a}}).encode() for e, a in (
        ("m0_demo_ratio", "0.8"), ("m0_demo_ratio", "1.25"),   # the last one counts
        ("m0_demo_zone\n,999", '"x"'), ("M0_DEMO_ZONE", '"x"'), ("m9_nothing", "1"),
        ("m1_kano_pair", '"O"'))]                              # not in this notebook
    lines += [b"\xff\xfe", b"[1, 2]", b'{"t": "answer", "p": {"exercise": "m0_demo_zone", "answer": 3}}']
    got = collect.parse_channel(lines, expected=EXERCISES)
    assert got.answers == {"m0_demo_ratio": {"answer": "1.25"}} and not got.done
    records = judge.judge_claims(got.answers, {})
    assert records == [{"exercise": "m0_demo_ratio", "status": "correct", "score": 1.0, "points": 1}]


def test_the_gradebook_takes_points_from_the_declarations():
    forged = grading.NotebookResult("li", START, "ok", expected=EXERCISES, records=[
        {"exercise": "m0_demo_ratio", "status": "correct", "score": 1.0, "points": 100},
        {"exercise": "m0_demo_zone", "status": "correct", "score": 7.0, "points": 1},
        {"exercise": "li,999\nevil", "status": "correct", "score": 1.0, "points": 1}])
    book = grading.gradebook([forged])
    assert list(book.columns) == ["learner", *EXERCISES, "total", "max", "status", "detail"]
    assert book.loc[0, "total"] == 2.0 and book.loc[0, "max"] == 3


def test_a_failing_submission_never_stops_the_run(tmp_path, monkeypatch):
    for learner in ("a", "b", "c"):
        _write(tmp_path, learner, _learner_nb())
    def flaky(learner, path, **kw):
        if learner == "b":
            raise MemoryError("the grader's own trouble")
        return run.SubmissionRun(grading.NotebookResult(learner, Path(path).name, "ok"))

    monkeypatch.setattr(run, "run_submission", flaky)
    results = grading.grade(tmp_path, sandbox="none", workers=2, progress=False)
    assert [(r.learner, r.status) for r in results] == [("a", "ok"), ("b", "crashed"), ("c", "ok")]


def test_the_gradebook_is_replaced_atomically(tmp_path):
    from crmcourse.authoring.grading import write_atomically

    target = tmp_path / "gradebook.csv"
    target.write_text("old")

    def broken(path):
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(target, broken)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["gradebook.csv"]


def test_without_a_sandbox_the_grader_says_so_once_and_still_kills_everything(tmp_path, capsys):
    subs, out = tmp_path / "subs", tmp_path / "grades"
    honest = _learner_nb()
    _answer(honest, "m0_demo_ratio", "answer = 10 / 8")
    _write(subs, "honest", honest)
    forged = _learner_nb()
    forged.cells.insert(4, nbformat.v4.new_code_cell(
        "from IPython.display import display\n"
        "display({'application/vnd.crmcourse.check+json': {'exercise': 'm0_demo_ratio', 'status': 'correct', "
        "'score': 1, 'points': 100}}, raw=True)"))
    _write(subs, "forged", forged)
    late = out / "gradebook.csv"
    daemon = _learner_nb()
    daemon.cells.insert(4, nbformat.v4.new_code_cell(
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        for _ in range(600):  # for 30 s, every 50 ms: a survivor writes within 50 ms of any moment\n"
        "            try:\n"
        f"                open({str(late)!r}, 'w').write('late')\n"
        "            except OSError:\n"
        "                pass\n"
        "            time.sleep(0.05)\n"
        "    os._exit(0)"))
    _write(subs, "detached", daemon)
    killer = _learner_nb()
    _answer(killer, "m0_demo_ratio", "answer = 10 / 8")
    idx = next(i for i, c in enumerate(killer.cells) if 'check("m0_demo_zone"' in c.source)
    killer.cells.insert(idx, nbformat.v4.new_code_cell("import os\nos.kill(os.getppid(), 9)"))
    _write(subs, "killer", killer)
    report = grading.grade_class(subs, out, solutions=ROOT / "solutions", timeout=60, workers=2, progress=False,
                                 sandbox="none")
    err = capsys.readouterr().err
    assert err.count("UNSANDBOXED") == 1
    book = report.book.set_index("learner")
    assert book.loc["honest", "m0_demo_ratio"] == 1.0 and book.loc["forged", "m0_demo_ratio"] == 0.0
    assert book.loc["killer", "status"] == "crashed" and book.loc["killer", "m0_demo_ratio"] == 1.0
    written = late.read_bytes()
    time.sleep(0.5)  # ten of the detached process's writes, had it survived
    assert late.read_bytes() == written and b"late" not in written
    assert "sandbox: none" in report.summary()
