"""Grading you can trust (issue 16): hostile submissions cannot raise a grade, touch other work, or stop the class.

One class folder holds an honest submission and every hostile one of the issue, graded in one
``grade_class`` run under bubblewrap. Each hostile notebook tries its attack, then answers the
ratio exercise *right only if the attack was blocked*, so the gradebook shows from the inside
that it was. Around the run: every file of the submissions, the solutions (a copy), the grades
folder and a fake trainer home is hashed before and after; the gradebook is hashed again a few
seconds after the grader returned (a detached process tries to rewrite it); and the fake
secrets (a key in a fake ``$HOME``, a token in the environment) must appear in no output.

The notebooks are small (the three exercises of ``00_start_here``, no data loading) and the
time limit short, so the run takes a kernel start per submission.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import time
import uuid
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from crmcourse.authoring import grading
from crmcourse.authoring.grading import Limits, find_sandbox

ROOT = Path(__file__).resolve().parents[1]
START = "00_start_here.ipynb"
EXERCISES = ["m0_demo_ratio", "m0_demo_zone", "m0_demo_glossary"]
RIGHT = {"m0_demo_ratio": "10 / 8", "m0_demo_zone": '"highly satisfied"', "m0_demo_glossary": '"大客户"'}
WRONG = {"m0_demo_ratio": "0.8", "m0_demo_zone": '"satisfied"', "m0_demo_glossary": '"客户"'}
BLANK = dict.fromkeys(EXERCISES, "...")
# the ratio answer of a hostile notebook: right when the attack was blocked
SIGNAL = {**RIGHT, "m0_demo_ratio": "10 / 8 if blocked else 0.8"}

pytestmark = pytest.mark.skipif(find_sandbox().kind != "bubblewrap",
                                reason=f"needs a working bubblewrap ({find_sandbox().reason})")


def notebook(*cells: str, answers: dict | None = RIGHT, minor: int = 4) -> nbformat.NotebookNode:
    """``from crmcourse import check``, the given cells, then one check cell per exercise."""
    code = ["from crmcourse import check", *cells]
    if answers is not None:
        code += [f'answer = {answers[e]}\ncheck("{e}", answer)' for e in EXERCISES]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code])
    nb.nbformat_minor = minor
    if minor < 5:
        for cell in nb.cells:
            cell.pop("id", None)
    return nb


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` (the grader's own matplotlib cache in the fake home aside)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.relative_to(folder).parts}


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    subs, grades, solutions, home = base / "submissions", base / "grades", base / "solutions", base / "trainer_home"
    for folder in (subs, grades, solutions, home / ".ssh"):
        folder.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / START, solutions / START)
    key_text = f"KEY-{uuid.uuid4().hex}"
    token = f"TOKEN-{uuid.uuid4().hex}"
    (home / ".ssh" / "id_rsa").write_text(f"-----BEGIN FAKE KEY-----\n{key_text}\n")
    (grades / "notes.txt").write_text("the trainer's own notes: must stay as they are\n")
    paths = {"SUBMISSIONS": str(subs), "GRADES": str(grades), "SOLUTION": str(solutions / START),
             "FAKE_HOME": str(home), "GRADEBOOK": str(grades / "gradebook.csv"),
             "OTHER": str(subs / "honest" / START), "THIRD": str(subs / "blank" / START)}
    prelude = "".join(f"{name} = {value!r}\n" for name, value in paths.items())

    def submit(learner: str, nb_or_text, name: str = START) -> None:
        path = subs / learner / name
        path.parent.mkdir()
        if isinstance(nb_or_text, str):
            path.write_text(nb_or_text, encoding="utf-8")
        else:
            if nb_or_text.nbformat_minor < 5:  # cells appended later carry ids that 4.4 does not allow
                for cell in nb_or_text.cells:
                    cell.pop("id", None)
            nbformat.write(nb_or_text, path)

    submit("honest", notebook())
    submit("blank", notebook(answers=BLANK))
    submit("wrong", notebook(answers=WRONG))
    submit("not_json", "{ this is not json")
    submit("old_nbformat", nbformat.writes(nbformat.convert(notebook(), 3), version=3))
    submit("new_nbformat", notebook(minor=5))

    forged = notebook("from IPython.display import display\n"
                      "display({'application/vnd.crmcourse.check+json': {'exercise': 'm0_demo_ratio', "
                      "'status': 'correct', 'score': 1.0, 'points': 100}}, raw=True)", answers=WRONG)
    forged.cells.append(nbformat.v4.new_code_cell(
        "import os\n"
        "A = 'application/vnd.crmcourse.answer+json'\n"
        "for claim in ({'exercise': 'm0_demo_ratio', 'answer': '0.9', 'score': 1, 'points': 100},\n"
        "              {'exercise': 'm0_demo_zone,999\\nevil', 'answer': '\"highly satisfied\"'},\n"
        "              {'exercise': 'm1_kano_pair', 'answer': '\"O\"'},\n"
        "              {'exercise': 'm0_demo_zone', 'answer': {'$': 'pickle', 'v': 'x'}},\n"
        "              {'exercise': 'm0_demo_glossary', 'answer': '{\"$\": \"pickle\", \"v\": \"x\"}'}):\n"
        "    display({A: claim}, raw=True)\n"
        "os.write(1, b'{\"t\": \"done\", \"status\": \"ok\"}\\n')"))
    stored = nbformat.v4.new_output("display_data", data={
        "application/vnd.crmcourse.check+json": {"exercise": "m0_demo_zone", "status": "correct", "score": 1.0,
                                                 "points": 100}})
    forged.cells[-2].outputs = [stored]  # a saved "correct" output: cleared before the run
    submit("forged_record", forged)

    submit("patched_checks", notebook(
        "import crmcourse.checks.kinds as kinds, crmcourse.checks.records as records\n"
        "for kind in (kinds.NumberExercise, kinds.ChoiceExercise, kinds.ItemsExercise, kinds.MappingExercise,\n"
        "             kinds.ValueExercise):\n"
        "    kind.judge = lambda self, answer: ('correct', '', 1.0)\n"
        "records.CheckResult.record = lambda self: {'exercise': self.exercise, 'status': 'correct',\n"
        "                                           'score': 1.0, 'points': 100}", answers=WRONG))

    reads = notebook(prelude + (
        "import glob, os\n"
        "found = []\n"
        "for path in [os.path.expanduser('~/.ssh/id_rsa'), FAKE_HOME + '/.ssh/id_rsa', SOLUTION,\n"
        "             '/root/.ssh/id_rsa', '/etc/shadow', *glob.glob('/home/*/.ssh/*')]:\n"
        "    try:\n"
        "        found.append(open(path).read())\n"
        "    except Exception:\n"
        "        pass\n"
        "found += [f'{k}={v}' for k, v in os.environ.items() if 'TOKEN' in k or 'TOKEN' in v]\n"
        "for pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n"
        "    for part in ('environ', 'cmdline'):\n"
        "        try:\n"
        "            data = open(f'/proc/{pid}/{part}', 'rb').read().decode('utf-8', 'replace')\n"
        "        except Exception:\n"
        "            continue\n"
        "        if any(s in data for s in ('TOKEN', SUBMISSIONS, GRADES, FAKE_HOME)):\n"
        "            found.append(data)\n"
        "blocked = not found\n"
        "leak = '|'.join(found) or 'nothing found'\n"
        "print(leak)\n"
        "for target in (GRADES + '/leak.txt', SUBMISSIONS + '/leak.txt', '/tmp/leak.txt'):\n"
        "    try:\n"
        "        open(target, 'w').write(leak)\n"
        "    except Exception:\n"
        "        pass\n"
        "from IPython.display import display\n"
        "display({'application/vnd.crmcourse.check+json': {'exercise': leak[:60], 'status': 'correct'}}, raw=True)\n"
        "check('m0_demo_zone', leak)"),
        "raise type(leak.replace('|', '_')[:60] or 'Leak', (Exception,), {})(leak)",
        answers={**SIGNAL, "m0_demo_zone": "leak"})
    submit("reads_secrets", reads)

    submit("tampers", notebook(prelude + (
        "import os\n"
        "done = []\n"
        "attacks = {\n"
        "    'edit another': lambda: open(OTHER, 'a').write(' tampered'),\n"
        "    'delete a third': lambda: os.remove(THIRD),\n"
        "    'plant in submissions': lambda: open(SUBMISSIONS + '/planted.txt', 'w').write('x'),\n"
        "    'plant in grades': lambda: open(GRADES + '/planted.txt', 'w').write('x'),\n"
        "    'write the gradebook': lambda: open(GRADEBOOK, 'w').write('learner,total\\nme,999\\n'),\n"
        "    'edit the solution': lambda: open(SOLUTION, 'a').write(' tampered'),\n"
        "    'write the package': lambda: open(os.path.dirname(__import__('crmcourse').__file__) + '/x.py', 'w'),\n"
        "}\n"
        "for name, attack in attacks.items():\n"
        "    try:\n"
        "        attack()\n"
        "        done.append(name)\n"
        "    except Exception:\n"
        "        pass\n"
        "blocked = not done"), answers=SIGNAL))

    submit("detached_process", notebook(prelude + (
        "import os, time\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        for _ in range(600):  # for 30 s, every 50 ms: a survivor writes within 50 ms of any moment\n"
        "            for target in (GRADEBOOK, SUBMISSIONS + '/late.txt', OTHER):\n"
        "                try:\n"
        "                    open(target, 'w').write('learner,total\\nlate,999\\n')\n"
        "                except Exception:\n"
        "                    pass\n"
        "            time.sleep(0.05)\n"
        "    os._exit(0)\n"
        "os.waitpid(pid, 0)")))

    submit("memory_hog", notebook(
        "huge = bytearray(20 * 2**30)  # 20 GiB: refused, the cell raises MemoryError",
        "blocked = True\n"
        "try:\n"
        "    touched = bytearray(3 * 2**30)\n"
        "    touched[::4096] = b'x' * len(touched[::4096])\n"
        "    blocked = False\n"
        "except MemoryError:\n"
        "    pass", answers=SIGNAL))

    submit("fork_bomb", notebook(
        "import os, time\n"
        "children = []\n"
        "try:\n"
        "    for _ in range(600):  # bounded even if the limit failed\n"
        "        pid = os.fork()\n"
        "        if pid == 0:\n"
        "            time.sleep(120)\n"
        "            os._exit(0)\n"
        "        children.append(pid)\n"
        "except OSError:\n"
        "    pass\n"
        "blocked = len(children) < 600\n"
        "for pid in children:\n"
        "    os.kill(pid, 9)\n"
        "    os.waitpid(pid, 0)", answers=SIGNAL))

    killer = notebook(answers=None)
    killer.cells += [nbformat.v4.new_code_cell('check("m0_demo_ratio", 10 / 8)'),
                     nbformat.v4.new_code_cell("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"),
                     nbformat.v4.new_code_cell('check("m0_demo_zone", "highly satisfied")')]
    submit("kills_parent", killer)

    submit("huge_records", notebook(
        "from IPython.display import display\n"
        "pad = 'x' * 50_000_000\n"
        "for _ in range(6):  # 6 x 50 MB of check records\n"
        "    display({'application/vnd.crmcourse.check+json': {'exercise': 'm0_demo_zone', 'status': 'correct',\n"
        "             'score': 1, 'points': 100, 'pad': pad}}, raw=True)\n"
        "display({'application/vnd.crmcourse.answer+json': {'exercise': 'm0_demo_zone',\n"
        "         'answer': '\"highly satisfied' + pad + '\"'}}, raw=True)",
        answers={**WRONG, "m0_demo_ratio": RIGHT["m0_demo_ratio"]}))

    watched = {"submissions": subs, "solutions": solutions, "home": home}
    before = {name: digest(folder) for name, folder in watched.items()}
    before_grades = digest(grades)
    saved = {k: os.environ.get(k) for k in ("HOME", "CRMCOURSE_FAKE_TOKEN", "GITHUB_TOKEN")}
    os.environ.update(HOME=str(home), CRMCOURSE_FAKE_TOKEN=token, GITHUB_TOKEN=token)
    started = time.monotonic()
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            report = grading.grade_class(subs, grades, solutions=solutions, timeout=60, workers=2, progress=True,
                                         sandbox="bubblewrap", limits=Limits(memory=2 * 2**30))
            print(report.summary())
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    seconds = time.monotonic() - started
    book_hash = hashlib.sha256(report.gradebook_csv.read_bytes()).hexdigest()
    time.sleep(0.5)  # ten of the detached process's write attempts, had it survived the grader
    after = {name: digest(folder) for name, folder in watched.items()}
    print(f"\nhostile class: {len(report.results)} notebooks graded in {seconds:.1f} s")
    return {"report": report, "book": report.book.set_index("learner"), "before": before, "after": after,
            "before_grades": before_grades, "grades": grades, "book_hash": book_hash, "secrets": (key_text, token),
            "subs": subs, "base": base, "seconds": seconds, "printed": printed.getvalue()}


def row(hostile_class, learner):
    return hostile_class["book"].loc[learner, EXERCISES].tolist()


def test_every_run_finishes_and_is_recorded(hostile_class):
    book = hostile_class["book"]
    assert sorted(book.index) == sorted(p.name for p in hostile_class["subs"].iterdir())
    assert book.loc["not_json", "status"] == "invalid"
    assert book.loc["kills_parent", "status"] == "crashed"
    assert book.loc["huge_records", "status"] == "output-limit"
    assert book.loc["memory_hog", "status"] == "error"
    assert book.loc["reads_secrets", "status"] == "error"
    for learner in ("honest", "blank", "wrong", "forged_record", "patched_checks", "old_nbformat", "new_nbformat",
                    "tampers", "detached_process", "fork_bomb"):
        assert book.loc[learner, "status"] == "ok", (learner, book.loc[learner, "detail"])


def test_honest_work_gets_full_marks_in_every_notebook_format(hostile_class):
    book = hostile_class["book"]
    for learner in ("honest", "old_nbformat", "new_nbformat"):
        assert row(hostile_class, learner) == [1.0, 1.0, 1.0], learner
        assert (book.loc[learner, "total"], book.loc[learner, "max"]) == (3.0, 3)


def test_forged_records_and_patched_checks_score_like_wrong_answers(hostile_class):
    assert row(hostile_class, "blank") == [0.0, 0.0, 0.0]
    wrong = row(hostile_class, "wrong")
    assert wrong == [0.0, 0.0, 0.0]
    assert row(hostile_class, "forged_record") == wrong
    assert row(hostile_class, "patched_checks") == wrong
    book = hostile_class["book"]
    assert set(book["max"]) == {3} and book["total"].max() == 3.0
    # the forged claims put nothing into the gradebook: no column for an exercise not in the notebook
    assert list(book.columns) == [*EXERCISES, "total", "max", "status", "detail"]


def test_every_attack_was_blocked_from_the_inside(hostile_class):
    # each hostile notebook answered the ratio right only when its attack failed
    for learner in ("reads_secrets", "tampers", "memory_hog", "fork_bomb"):
        assert hostile_class["book"].loc[learner, "m0_demo_ratio"] == 1.0, learner
    assert row(hostile_class, "memory_hog") == [1.0, 1.0, 1.0]      # later cells still ran
    assert row(hostile_class, "fork_bomb") == [1.0, 1.0, 1.0]


def test_a_crash_or_a_flood_keeps_the_answers_handed_over_before(hostile_class):
    killed = row(hostile_class, "kills_parent")
    assert killed[0] == 1.0 and pd.isna(killed[1]) and pd.isna(killed[2])
    assert row(hostile_class, "huge_records") == [1.0, 0.0, 0.0]


def test_no_secret_appears_in_any_output(hostile_class):
    key_text, token = hostile_class["secrets"]
    assert "graded 15 learners" in hostile_class["printed"]
    for secret in (key_text, token):
        assert secret not in hostile_class["printed"]
        for path in hostile_class["grades"].rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path
        assert secret not in hostile_class["book"].to_csv()
        assert not any(secret in r.detail for r in hostile_class["report"].results)
    detail = hostile_class["book"].loc["reads_secrets", "detail"]
    assert "an exception of the notebook's own" in detail


def test_every_file_is_unchanged(hostile_class):
    assert hostile_class["before"] == hostile_class["after"]
    grades_now = digest(hostile_class["grades"])
    assert set(grades_now) == {"notes.txt", "gradebook.csv", "class_summary.png"}
    assert grades_now["notes.txt"] == hostile_class["before_grades"]["notes.txt"]


def test_the_gradebook_does_not_change_after_the_grader_exits(hostile_class):
    path = hostile_class["report"].gradebook_csv
    assert hashlib.sha256(path.read_bytes()).hexdigest() == hostile_class["book_hash"]
    assert "999" not in path.read_text()
    assert not list(hostile_class["base"].rglob("late.txt"))
