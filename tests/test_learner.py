"""Tests for crmcourse.learner: solution notebooks -> learner notebooks."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from crmcourse import cli, learner
from crmcourse.authoring import learner as authoring_learner
from crmcourse.errors import CourseDataError
from crmcourse.learner import (
    BuildReport,
    LearnerBuildError,
    build,
    find_leaks,
    make_learner_notebook,
    render,
)

REPO = Path(__file__).parents[1]


def main(args):
    """``crmcourse learner ARGS``, as the command runs it."""
    return cli.main(["learner", *args])


# --------------------------------------------------------------------------- #
# helpers
# --------------------------------------------------------------------------- #

def code(source, **kw):
    return v4.new_code_cell(source, **kw)


def md(source, **kw):
    return v4.new_markdown_cell(source, **kw)


def notebook(*cells):
    nb = v4.new_notebook(cells=list(cells))
    nb.metadata = {
        "kernelspec": {"display_name": "crm (venv)", "language": "python", "name": "crm"},
        "language_info": {"name": "python", "version": "3.11.7"},
        "widgets": {"state": {}},
    }
    return nb


def learner_code(source: str) -> str:
    """Learner source of a single code cell."""
    return make_learner_notebook(notebook(code(source))).cells[0].source


def run(source: str, namespace: dict | None = None) -> dict:
    ns = {} if namespace is None else namespace
    exec(compile(source, "<learner>", "exec"), ns)
    return ns


def write_nb(path: Path, nb) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


MEAN_CELL = (
    "spend = [10.0, 20.0, 33.0]\n"
    "### BEGIN SOLUTION\n"
    "answer = round(sum(spend) / len(spend), 2)\n"
    "### END SOLUTION\n"
    "result = answer"
)


def demo_solution() -> nbformat.NotebookNode:
    return notebook(
        md("# Module 0\nWhat is the mean spend?"),
        code(MEAN_CELL, execution_count=4,
             outputs=[v4.new_output("stream", name="stdout", text="21.0\n")]),
        md("Why does the mean hide outliers?\n### BEGIN SOLUTION\n"
           "Because one whale customer dominates the average spend.\n### END SOLUTION"),
        code("print('worked example only for tutors')", metadata={"tags": ["solution"]}),
    )


@pytest.fixture
def dirs(tmp_path):
    sol, nbs = tmp_path / "solutions", tmp_path / "notebooks"
    write_nb(sol / "m0" / "intro.ipynb", demo_solution())
    write_nb(sol / "m1.ipynb", notebook(code(
        "### BEGIN SOLUTION\ndef score(row, weight=2):\n    return row * weight\n### END SOLUTION\n"
        "assert callable(score)")))
    return sol, nbs


# --------------------------------------------------------------------------- #
# make_learner_notebook: code regions
# --------------------------------------------------------------------------- #

def test_answer_region_becomes_placeholder_that_runs():
    src = learner_code(MEAN_CELL)
    assert src == (
        "spend = [10.0, 20.0, 33.0]\n"
        "answer = ...  # YOUR ANSWER HERE\n"
        "result = answer"
    )
    ns = run(src)
    assert ns["answer"] is Ellipsis and ns["result"] is Ellipsis


def test_check_call_after_region_still_runs():
    seen = []
    src = learner_code("### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION\ncheck('q1', answer)\n")
    run(src, {"check": lambda key, value: seen.append((key, value))})
    assert seen == [("q1", Ellipsis)]


def test_tuple_unpacking_and_order_of_first_appearance():
    src = learner_code(
        "### BEGIN SOLUTION\n"
        "lo, (hi, *rest) = 1, (2, 3, 4)\n"
        "total: float = lo + hi\n"
        "lo += 1\n"
        "seg = 'gold'\n"
        "### END SOLUTION\n")
    assert src == (
        "lo = ...  # YOUR ANSWER HERE\n"
        "hi = ...  # YOUR ANSWER HERE\n"
        "rest = ...  # YOUR ANSWER HERE\n"
        "total = ...  # YOUR ANSWER HERE\n"
        "seg = ...  # YOUR ANSWER HERE\n"
    )
    ns = run(src)
    assert all(ns[n] is Ellipsis for n in ("lo", "hi", "rest", "total", "seg"))


def test_for_target_is_not_an_answer_but_body_assignment_is():
    src = learner_code(
        "### BEGIN SOLUTION\nfor value in [1, 2]:\n    best = value\n### END SOLUTION\n")
    assert src == "best = ...  # YOUR ANSWER HERE\n"
    assert "value" not in run(src)


def test_def_signature_kept_and_stub_runs():
    src = learner_code(
        "### BEGIN SOLUTION\n"
        "def churn_rate(lost, start, *, pct=True) -> float:\n"
        "    rate = lost / start\n"
        "    return rate * 100 if pct else rate\n"
        "### END SOLUTION\n"
        "value = churn_rate(3, 60)\n")
    assert src == (
        "def churn_rate(lost, start, *, pct=True) -> float:\n"
        "    ...  # YOUR CODE HERE\n"
        "value = churn_rate(3, 60)\n"
    )
    ns = run(src)
    assert ns["value"] is None
    assert "lost / start" not in src


def test_class_stub_keeps_bases():
    src = learner_code("### BEGIN SOLUTION\nclass Gold(dict):\n    tier = 1\n### END SOLUTION\n")
    assert src == "class Gold(dict):\n    ...  # YOUR CODE HERE\n"
    assert issubclass(run(src)["Gold"], dict)


def test_region_without_assignment():
    src = learner_code("x = 3\n### BEGIN SOLUTION\nprint(x * 2)\n### END SOLUTION\nprint('done')")
    assert src == "x = 3\n# YOUR CODE HERE\nprint('done')"
    run(src)


def test_attribute_and_subscript_targets_are_not_names():
    src = learner_code("### BEGIN SOLUTION\nd['k'] = 1\n### END SOLUTION\n")
    assert src == "# YOUR CODE HERE\n"


def test_indented_region_keeps_indentation_and_runs():
    src = learner_code(
        "def double(x):\n"
        "    ### BEGIN SOLUTION\n"
        "    y = x * 2\n"
        "    return y\n"
        "    ### END SOLUTION\n"
        "\n"
        "out = double(4)\n")
    assert src == "def double(x):\n    y = ...  # YOUR ANSWER HERE\n\nout = double(4)\n"
    assert run(src)["out"] is None


def test_indented_region_without_names_gets_pass():
    src = learner_code(
        "def show(x):\n    ### BEGIN SOLUTION\n    print(x)\n    ### END SOLUTION\nshow(1)\n")
    assert src == "def show(x):\n    # YOUR CODE HERE\n    pass\nshow(1)\n"
    run(src)


def test_unparsable_region_falls_back_to_pass():
    src = learner_code(
        "if True:\n    flag = 1\n    ### BEGIN SOLUTION\nelse:\n    flag = 2\n"
        "    ### END SOLUTION\nprint(flag)\n")
    assert src == "if True:\n    flag = 1\n    # YOUR CODE HERE\n    pass\nprint(flag)\n"
    run(src)


def test_code_outside_regions_verbatim_and_several_regions():
    source = (
        "import math  # keep me\n"
        "### BEGIN SOLUTION\na = 1\n### END SOLUTION\n"
        "between = 'kept'\n"
        "### BEGIN SOLUTION\nb = a + 1\n### END SOLUTION\n"
        "tail = (a, b)")
    src = learner_code(source)
    assert src == (
        "import math  # keep me\n"
        "a = ...  # YOUR ANSWER HERE\n"
        "between = 'kept'\n"
        "b = ...  # YOUR ANSWER HERE\n"
        "tail = (a, b)")
    assert run(src)["tail"] == (Ellipsis, Ellipsis)


def test_cell_without_markers_untouched():
    source = "x = 1\n\n\nprint(x)   # trailing spaces   "
    assert learner_code(source) == source


# --------------------------------------------------------------------------- #
# make_learner_notebook: markdown, tags, metadata
# --------------------------------------------------------------------------- #

def test_markdown_region_replaced():
    out = make_learner_notebook(demo_solution())
    assert out.cells[2].source == "Why does the mean hide outliers?\n*Write your answer here.*"
    assert "whale" not in render(out)


def test_solution_tagged_cell_dropped_and_tag_removed_elsewhere():
    nb = notebook(
        code("x = 1", metadata={"tags": ["setup", "solution"]}),
        code("y = 2", metadata={"tags": ["setup", "hide-input"]}),
        md("tutor note", metadata={"tags": ["solution"]}),
    )
    out = make_learner_notebook(nb)
    assert [c.source for c in out.cells] == ["y = 2"]
    assert out.cells[0].metadata == {"tags": ["setup", "hide-input"]}


def test_outputs_counts_and_metadata_cleaned():
    nb = notebook(code(
        "x = 1",
        execution_count=7,
        outputs=[v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=7)],
        metadata={
            "tags": ["solution-free", "exercise"],
            "slideshow": {"slide_type": "slide"},
            "editable": False,
            "deletable": False,
            "execution": {"iopub.execute_input": "2025-01-01T00:00:00Z"},
            "collapsed": True,
            "scrolled": True,
            "jupyter": {"source_hidden": True},
            "nbgrader": {"solution": True},
        },
    ))
    nb.nbformat_minor = 5
    original = nbformat.writes(nb)
    out = make_learner_notebook(nb)
    cell = out.cells[0]
    assert cell.outputs == [] and cell.execution_count is None
    assert cell.metadata == {
        "tags": ["solution-free", "exercise"],
        "slideshow": {"slide_type": "slide"},
        "editable": False,
        "deletable": False,
    }
    assert cell.id == nb.cells[0].id
    assert out.metadata == {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"},
    }
    assert out.nbformat == 4 and out.nbformat_minor == 5
    assert nbformat.writes(nb) == original, "input notebook must not be modified"
    nbformat.validate(out)


def test_old_minor_gets_deterministic_ids():
    nb = notebook(code("x = 1"), md("hi"))
    nb.nbformat_minor = 4
    for cell in nb.cells:
        del cell["id"]
    a, b = make_learner_notebook(nb), make_learner_notebook(nb)
    assert a.nbformat_minor == 5
    assert [c.id for c in a.cells] == [c.id for c in b.cells]
    assert len({c.id for c in a.cells}) == 2
    nbformat.validate(a)


@pytest.mark.parametrize("source, fragment", [
    ("x = 1\n### BEGIN SOLUTION\ny = 2\n", "line 2 has no matching"),
    ("### END SOLUTION\n", "line 1 has no matching '### BEGIN SOLUTION'"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx=1\n### END SOLUTION\n", "nested"),
])
def test_unbalanced_markers_raise_with_cell_index(source, fragment):
    nb = notebook(md("intro"), code("ok = 1"), code(source))
    with pytest.raises(LearnerBuildError) as info:
        make_learner_notebook(nb, path="solutions/m3.ipynb")
    message = str(info.value)
    assert "solutions/m3.ipynb" in message and "cell 2" in message and fragment in message
    assert isinstance(info.value, ValueError)


def test_unbalanced_markdown_markers_raise():
    with pytest.raises(LearnerBuildError, match="cell 0"):
        make_learner_notebook(notebook(md("### BEGIN SOLUTION\nmodel answer")))


def test_build_error_names_notebook(tmp_path):
    sol = tmp_path / "solutions"
    write_nb(sol / "bad.ipynb", notebook(code("ok = 1"), code("### END SOLUTION")))
    with pytest.raises(LearnerBuildError, match=r"bad\.ipynb: cell 1"):
        build(sol, tmp_path / "notebooks")
    assert not (tmp_path / "notebooks").exists(), "nothing written when a solution is broken"


# --------------------------------------------------------------------------- #
# render
# --------------------------------------------------------------------------- #

def test_render_matches_nbformat_write(tmp_path):
    out = make_learner_notebook(demo_solution())
    nbformat.write(out, tmp_path / "x.ipynb")
    assert (tmp_path / "x.ipynb").read_text(encoding="utf-8") == render(out)
    assert render(out).endswith("}\n")


# --------------------------------------------------------------------------- #
# build
# --------------------------------------------------------------------------- #

def test_build_writes_learner_copies_and_manifest(dirs):
    sol, nbs = dirs
    report = build(sol, nbs)
    assert report.written == ["m0/intro.ipynb", "m1.ipynb"]
    assert report.unchanged == [] and report.backed_up == [] and report.ok
    text = (nbs / "m0" / "intro.ipynb").read_text(encoding="utf-8")
    assert text == render(make_learner_notebook(nbformat.read(sol / "m0" / "intro.ipynb", 4)))
    manifest_text = (nbs / ".generated.json").read_text(encoding="utf-8")
    manifest = json.loads(manifest_text)
    assert sorted(manifest) == ["m0/intro.ipynb", "m1.ipynb"]
    assert manifest_text == json.dumps(manifest, sort_keys=True, indent=1) + "\n"
    import hashlib
    assert manifest["m0/intro.ipynb"] == hashlib.sha256(text.encode()).hexdigest()
    # the generated notebook runs: the def stub exists
    ns = run("\n".join(c.source for c in nbformat.read(nbs / "m1.ipynb", 4).cells))
    assert ns["score"](1) is None


def test_build_is_deterministic(dirs, tmp_path):
    sol, nbs = dirs
    build(sol, nbs)
    first = {p: p.read_bytes() for p in sorted(nbs.rglob("*")) if p.is_file()}
    report = build(sol, nbs)
    assert report.written == [] and report.unchanged == ["m0/intro.ipynb", "m1.ipynb"]
    second = {p: p.read_bytes() for p in sorted(nbs.rglob("*")) if p.is_file()}
    assert first == second
    other = tmp_path / "elsewhere"
    build(sol, other)
    for path, data in first.items():
        assert (other / path.relative_to(nbs)).read_bytes() == data


def test_build_skips_checkpoints(dirs):
    sol, nbs = dirs
    write_nb(sol / ".ipynb_checkpoints" / "m1-checkpoint.ipynb", notebook(code("x = 1")))
    write_nb(sol / "m0" / ".ipynb_checkpoints" / "intro-checkpoint.ipynb", notebook(code("x = 1")))
    report = build(sol, nbs)
    assert report.written == ["m0/intro.ipynb", "m1.ipynb"]
    assert not any("checkpoint" in p.relative_to(nbs).as_posix() for p in nbs.rglob("*"))


def test_check_clean_after_build(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    report = build(sol, nbs, check=True)
    assert report.ok and report.check
    assert report.unchanged == ["m0/intro.ipynb", "m1.ipynb"]
    assert "2 up to date" in report.summary()


def test_check_writes_nothing(dirs):
    sol, nbs = dirs
    report = build(sol, nbs, check=True)
    assert not nbs.exists()
    assert report.missing == ["m0/intro.ipynb", "m1.ipynb"]
    assert not report.manifest_ok and not report.ok


def test_check_detects_edited_solution(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    nb = nbformat.read(sol / "m1.ipynb", 4)
    nb.cells.append(md("A new exercise"))
    nbformat.write(nb, sol / "m1.ipynb")
    report = build(sol, nbs, check=True)
    assert report.stale == ["m1.ipynb"]
    assert not report.manifest_ok and not report.ok
    assert "stale" in report.summary()


def test_check_detects_hand_edited_learner(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    path = nbs / "m0" / "intro.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells[1].source += "\nprint('my answer')"
    nbformat.write(nb, path)
    report = build(sol, nbs, check=True)
    assert report.stale == ["m0/intro.ipynb"] and report.manifest_ok and not report.ok


def test_check_detects_missing_and_orphan(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    (nbs / "m1.ipynb").unlink()
    orphan = write_nb(nbs / "old" / "retired.ipynb", notebook(code("x = 1")))
    # backups and checkpoints are not orphans
    write_nb(nbs / ".backup" / "m1.20250101-000000.ipynb", notebook(code("x = 1")))
    write_nb(nbs / ".ipynb_checkpoints" / "m1-checkpoint.ipynb", notebook(code("x = 1")))
    report = build(sol, nbs, check=True)
    assert report.missing == ["m1.ipynb"]
    assert report.orphans == ["old/retired.ipynb"]
    assert not report.ok
    # a real build restores the missing file and leaves the orphan alone
    report = build(sol, nbs)
    assert report.written == ["m1.ipynb"] and report.orphans == ["old/retired.ipynb"]
    assert orphan.exists()
    assert build(sol, nbs, check=True).orphans == ["old/retired.ipynb"]


def test_check_detects_stale_manifest(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    (nbs / ".generated.json").write_text("{}\n", encoding="utf-8")
    report = build(sol, nbs, check=True)
    assert not report.stale and not report.manifest_ok and not report.ok


def test_hand_edited_learner_is_backed_up_once(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    path = nbs / "m0" / "intro.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells[1].source = nb.cells[1].source.replace("...  # YOUR ANSWER HERE", "21.0")
    nbformat.write(nb, path)
    edited = path.read_bytes()

    report = build(sol, nbs)
    assert report.written == ["m0/intro.ipynb"]
    assert len(report.backed_up) == 1
    backup = nbs / report.backed_up[0]
    assert backup.parent == nbs / ".backup"
    assert backup.name.startswith("m0__intro.") and backup.suffix == ".ipynb"
    assert backup.read_bytes() == edited
    assert path.read_bytes() != edited  # regenerated

    report = build(sol, nbs)
    assert report.backed_up == [] and report.written == []
    assert list((nbs / ".backup").iterdir()) == [backup]
    assert build(sol, nbs, check=True).ok


def test_backup_never_overwrites(dirs, monkeypatch):
    sol, nbs = dirs
    build(sol, nbs)

    monkeypatch.setattr(authoring_learner, "_timestamp", lambda: "20250102-030405")
    path = nbs / "m1.ipynb"
    contents = []
    for i in range(3):
        path.write_text(path.read_text(encoding="utf-8").replace("}\n", "}\n" + " " * (i + 1), 1),
                        encoding="utf-8")
        contents.append(path.read_bytes())
        report = build(sol, nbs)
        assert len(report.backed_up) == 1
    names = sorted(p.name for p in (nbs / ".backup").iterdir())
    assert names == ["m1.20250102-030405-1.ipynb", "m1.20250102-030405-2.ipynb",
                     "m1.20250102-030405.ipynb"]
    assert (nbs / ".backup" / "m1.20250102-030405.ipynb").read_bytes() == contents[0]
    assert (nbs / ".backup" / "m1.20250102-030405-2.ipynb").read_bytes() == contents[2]


def test_backup_folder_that_is_a_file_gives_a_clear_error(dirs, capsys):
    """notebooks/.backup as a file: a LearnerBuildError (a CourseDataError) naming it, nothing written."""
    sol, nbs = dirs
    build(sol, nbs)
    path = nbs / "m1.ipynb"
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")   # a hand edit
    edited = path.read_bytes()
    (nbs / ".backup").write_text("not a folder", encoding="utf-8")
    with pytest.raises(LearnerBuildError, match=r"\.backup is a file.*Fix: rename or delete") as err:
        build(sol, nbs)
    assert isinstance(err.value, CourseDataError)
    assert path.read_bytes() == edited, "the hand-edited notebook must not be replaced without its backup"

    args = ["--solutions", str(sol), "--notebooks", str(nbs)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert ".backup is a file" in captured.err and "Traceback" not in captured.err
    assert "FileExistsError" not in captured.err
    (nbs / ".backup").unlink()
    assert main(args) == 0 and len(list((nbs / ".backup").iterdir())) == 1


def test_notebooks_folder_that_is_a_file_gives_a_clear_error(tmp_path, capsys):
    sol = tmp_path / "s"
    write_nb(sol / "a.ipynb", notebook(code("x = 1")))
    (tmp_path / "n").write_text("oops", encoding="utf-8")
    assert main(["--solutions", str(sol), "--notebooks", str(tmp_path / "n")]) == 1
    assert "is a file" in capsys.readouterr().err


def test_regenerating_after_solution_change_makes_no_backup(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    nb = nbformat.read(sol / "m1.ipynb", 4)
    nb.cells.append(md("more"))
    nbformat.write(nb, sol / "m1.ipynb")
    report = build(sol, nbs)
    assert report.written == ["m1.ipynb"] and report.backed_up == []
    assert not (nbs / ".backup").exists()


def test_existing_file_without_manifest_entry_is_backed_up(dirs):
    sol, nbs = dirs
    write_nb(nbs / "m1.ipynb", notebook(code("my own work = 1")))
    report = build(sol, nbs)
    assert len(report.backed_up) == 1
    assert b"my own work" in (nbs / report.backed_up[0]).read_bytes()


def test_report_summary_and_ok():
    r = BuildReport(written=["a.ipynb"], backed_up=[".backup/a.1.ipynb"], orphans=["z.ipynb"])
    text = r.summary()
    assert "1 written" in text and "1 backed up" in text and "z.ipynb" in text
    assert not r.ok
    assert BuildReport(check=True).ok


# --------------------------------------------------------------------------- #
# find_leaks
# --------------------------------------------------------------------------- #

def test_find_leaks_clean_build(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    assert find_leaks(sol, nbs) == []


def test_find_leaks_planted_marker(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    path = nbs / "m1.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells.append(code("### BEGIN SOLUTION\nz = 1\n### END SOLUTION"))
    nbformat.write(nb, path)
    problems = find_leaks(sol, nbs)
    assert any("m1.ipynb" in p and "cell 1" in p and "BEGIN SOLUTION" in p for p in problems)
    assert any("END SOLUTION" in p for p in problems)


def test_find_leaks_planted_solution_tag(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    path = nbs / "m0" / "intro.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells.insert(0, code("x = 1", metadata={"tags": ["solution"]}))
    nbformat.write(nb, path)
    problems = find_leaks(sol, nbs)
    assert problems == [f"{(nbs / 'm0' / 'intro.ipynb').as_posix()}: cell 0: cell is tagged 'solution'"]


def test_find_leaks_planted_solution_line(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    path = nbs / "m0" / "intro.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells[1].source = nb.cells[1].source.replace(
        "answer = ...  # YOUR ANSWER HERE", "    answer = round(sum(spend) / len(spend), 2)")
    nb.cells[2].source += "\nBecause one whale customer dominates the average spend."
    nbformat.write(nb, path)
    problems = find_leaks(sol, nbs)
    assert len(problems) == 2
    assert "cell 1" in problems[0] and "round(sum(spend)" in problems[0]
    assert "cell 2" in problems[1] and "whale" in problems[1]
    assert all("m0/intro.ipynb" in p for p in problems)


def test_find_leaks_ignores_lines_also_outside_regions_and_short_lines(tmp_path):
    sol, nbs = tmp_path / "solutions", tmp_path / "notebooks"
    write_nb(sol / "a.ipynb", notebook(
        code("result = compute_value(data)\nprint(result)"),
        code("### BEGIN SOLUTION\nresult = compute_value(data)\nx = 1\n### END SOLUTION"),
    ))
    build(sol, nbs)
    path = nbs / "a.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells[1].source += "\nx = 1"  # short line: not reported
    nbformat.write(nb, path)
    assert find_leaks(sol, nbs) == []


def test_find_leaks_outputs_and_execution_count(dirs):
    sol, nbs = dirs
    build(sol, nbs)
    path = nbs / "m1.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells[0].execution_count = 1
    nb.cells[0].outputs = [v4.new_output("stream", name="stdout", text="hi\n")]
    nbformat.write(nb, path)
    problems = find_leaks(sol, nbs)
    assert any("cell 0" in p and "output" in p for p in problems)
    assert any("cell 0" in p and "execution count" in p for p in problems)


def test_def_stub_is_not_a_leak(tmp_path):
    sol, nbs = tmp_path / "solutions", tmp_path / "notebooks"
    write_nb(sol / "a.ipynb", notebook(code(
        "### BEGIN SOLUTION\ndef long_function_name(customers, weight=2):\n"
        "    return customers * weight\n### END SOLUTION")))
    build(sol, nbs)
    assert "def long_function_name(customers, weight=2):" in (nbs / "a.ipynb").read_text()
    assert find_leaks(sol, nbs) == []


# --------------------------------------------------------------------------- #
# the command: crmcourse learner
# --------------------------------------------------------------------------- #

def test_main_check_returns_1_on_drift_and_0_when_clean(dirs, capsys):
    sol, nbs = dirs
    args = ["--solutions", str(sol), "--notebooks", str(nbs)]
    assert main(["--check", *args]) == 1
    out = capsys.readouterr().out
    assert "missing" in out and "run `crmcourse learner`" in out
    assert not nbs.exists()

    assert main(args) == 0
    assert "2 written" in capsys.readouterr().out
    assert main(["--check", *args]) == 0
    assert "run `crmcourse learner`" not in capsys.readouterr().out

    nb = nbformat.read(sol / "m1.ipynb", 4)
    nb.cells.append(md("new"))
    nbformat.write(nb, sol / "m1.ipynb")
    assert main(["--check", *args]) == 1
    assert "m1.ipynb" in capsys.readouterr().out


def test_main_check_reports_leaks(dirs, capsys):
    sol, nbs = dirs
    build(sol, nbs)
    # an orphan learner notebook with a stored execution count: drift and a leak
    write_nb(nbs / "extra.ipynb", notebook(code("x = 1", execution_count=3)))
    assert main(["--check", "--solutions", str(sol), "--notebooks", str(nbs)]) == 1
    out = capsys.readouterr().out
    assert "extra.ipynb: cell 0: has an execution count" in out
    assert "orphan" in out and "run `crmcourse learner`" in out


def test_main_defaults_to_project_root(tmp_path, monkeypatch, capsys):
    root = tmp_path / "proj"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "crmcourse"\n', encoding="utf-8")
    write_nb(root / "solutions" / "a.ipynb", notebook(code("### BEGIN SOLUTION\nq = 1\n### END SOLUTION")))
    monkeypatch.chdir(root / "sub" / "deeper")
    assert main([]) == 0
    assert (root / "notebooks" / "a.ipynb").is_file()
    assert main(["--check"]) == 0


def test_main_reports_build_error(tmp_path, capsys):
    sol = tmp_path / "s"
    write_nb(sol / "a.ipynb", notebook(code("### BEGIN SOLUTION")))
    assert main(["--solutions", str(sol), "--notebooks", str(tmp_path / "n")]) == 1
    assert "cell 0" in capsys.readouterr().err


# --------------------------------------------------------------------------- #
# the real repository
# --------------------------------------------------------------------------- #

def test_repository_learner_notebooks_are_current_and_leak_free():
    solutions, notebooks = REPO / "solutions", REPO / "notebooks"
    found = [p for p in solutions.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts] \
        if solutions.is_dir() else []
    if not found:
        pytest.skip("no solution notebooks in the repository yet")
    report = build(solutions, notebooks, check=True)
    assert report.ok, report.summary() + "\nrun `crmcourse learner` to regenerate"
    assert find_leaks(solutions, notebooks) == []


@pytest.mark.parametrize("plant", ["marker", "solution_cell", "drift", "solution_line"])
def test_planting_into_a_copy_of_the_repository_fails_the_check(tmp_path, plant, capsys):
    """The acceptance rule on the real notebooks: a leak or drift planted in notebooks/ is caught."""
    sol, nbs = tmp_path / "solutions", tmp_path / "notebooks"
    sol.mkdir()
    shutil.copy(REPO / "solutions" / "00_start_here.ipynb", sol)
    assert main(["--solutions", str(sol), "--notebooks", str(nbs)]) == 0
    assert (nbs / "00_start_here.ipynb").read_bytes() == (REPO / "notebooks" / "00_start_here.ipynb").read_bytes()
    args = ["--check", "--solutions", str(sol), "--notebooks", str(nbs)]
    assert main(args) == 0, capsys.readouterr().out
    target = nbs / "00_start_here.ipynb"
    nb = nbformat.read(target, as_version=4)
    if plant == "marker":
        nb.cells[-1].source += "\n### BEGIN SOLUTION\n### END SOLUTION"
    elif plant == "solution_cell":
        nb.cells.append(nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution"]}))
    elif plant == "drift":
        nb.cells[0].source += "\nA hand edit."
    else:  # the body of a solution region pasted into the learner copy
        solution = nbformat.read(sol / "00_start_here.ipynb", as_version=4)
        body = next(c.source for c in solution.cells if "BEGIN SOLUTION" in c.source)
        line = body.split("### BEGIN SOLUTION\n")[1].splitlines()[0]
        nb.cells.append(nbformat.v4.new_code_cell(line))
    nbformat.write(nb, target)
    assert main(args) == 1
    assert "regenerate" in capsys.readouterr().out
