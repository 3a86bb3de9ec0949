"""``crmcourse nbgrader export DIR``: the course as an nbgrader course directory, ready for nbgrader's own tools.

What it writes::

    DIR/nbgrader_config.py                     course id; solution stubs that keep notebooks runnable
    DIR/source/<assignment>/<notebook>.ipynb   one assignment per module folder (00_start_here alone)

Each source notebook is the worked solution with nbgrader's cell metadata added
(``metadata.nbgrader``, schema 3):

* **answer cells** — every code cell with a ``### BEGIN SOLUTION`` region is an *autograded
  answer* (``solution: true``). Before each region the export writes the placeholder
  ``crmcourse learner`` gives (``share = ...  # YOUR ANSWER HERE``, a ``def`` stub …); nbgrader's
  ``generate_assignment`` then removes the region itself (``ClearSolutions.code_stub`` is empty),
  so a released notebook still runs top to bottom, every check saying "not answered yet";
* **written answers** — a markdown cell with a region is a *manually graded answer* worth 0
  points (crmcourse does not score them; the trainer reads them in the formgrader);
* **autograder tests** — after the last cell that checks an exercise, a locked test cell worth
  the exercise's points. It does not re-check anything: it shows, as a number nbgrader takes for
  partial credit, the score the course's own check gave when the learner's cell ran
  (``crmcourse.checks.RESULTS``). A check that never ran (the cell raised, or was deleted) makes
  the test fail: 0 points — as ``crmcourse grade`` counts it;
* cells tagged ``solution`` (worked extras) are left out, as in the learner notebooks.

So nbgrader's ``autograde`` and ``crmcourse grade`` give the same score to the same submission;
``tests/test_nbgrader.py`` runs nbgrader's ``generate_assignment``, ``autograde`` and
``generate_feedback`` to prove it. Run nbgrader's commands with the environment's ``bin/`` on
``PATH`` (nbgrader calls ``alembic`` from there when it opens its gradebook).
"""
from __future__ import annotations

import ast
import copy
import dataclasses
import json
import os
import re
from pathlib import Path

import nbformat

from crmcourse.authoring.markers import Region, cell_tags, source_text, split_regions
from crmcourse.authoring.placeholders import MARKDOWN_PLACEHOLDER, code_placeholder
from crmcourse.constants import SOLUTION_TAG
from crmcourse.errors import CourseDataError

__all__ = ["ExportError", "ExportReport", "export_course", "nbgrader_notebook", "checked_exercises",
           "assignment_of", "config_text", "autograder_test_source", "COURSE_ID", "SCHEMA_VERSION"]

COURSE_ID = "crm-workshop"
#: nbgrader's cell metadata schema written into every marked cell.
SCHEMA_VERSION = 3
_LANGUAGE_DIR = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")   # solutions/zh/: a translated edition


class ExportError(CourseDataError):
    """The course cannot be exported as asked (no solutions, a file where DIR should be, broken markers)."""


@dataclasses.dataclass
class ExportReport:
    """What :func:`export_course` wrote."""

    out: Path
    assignments: dict[str, list[str]] = dataclasses.field(default_factory=dict)   # assignment → notebooks
    tests: int = 0
    answers: int = 0

    def summary(self) -> str:
        """A short report and the nbgrader commands that come next.

        >>> print(ExportReport(Path("course"), {"00_start_here": ["00_start_here.ipynb"]}, tests=3, answers=3).summary())
        nbgrader course in course: 1 assignment(s), 1 notebook(s), 3 answer cell(s), 3 autograder test(s)
        next: cd course && nbgrader generate_assignment 00_start_here
        """
        notebooks = sum(len(v) for v in self.assignments.values())
        first = next(iter(self.assignments), "ASSIGNMENT")
        return (f"nbgrader course in {self.out}: {len(self.assignments)} assignment(s), {notebooks} notebook(s), "
                f"{self.answers} answer cell(s), {self.tests} autograder test(s)\n"
                f"next: cd {self.out} && nbgrader generate_assignment {first}")


def checked_exercises(source: str) -> list[str]:
    """Exercise ids a code cell checks (``check("id", …)`` calls with a literal id), in order.

    Parameters
    ----------
    source : str

    Returns
    -------
    list of str

    Raises
    ------
    None
        A cell that does not parse is searched with a regular expression instead.

    Examples
    --------
    >>> checked_exercises('x = 1\\ncheck("m0_a", x)\\ncrm.check("no", 1)\\ncheck(ID, 2)')
    ['m0_a']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return re.findall(r"^\s*check\(\s*[\"']([A-Za-z0-9_]+)[\"']", source, re.M)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "check"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.col_offset, node.args[0].value))
    return [name for *_, name in sorted(found)]


def autograder_test_source(exercise: str, points: int) -> str:
    """The autograder test cell of one exercise: the check's own score, as nbgrader's partial credit.

    Parameters
    ----------
    exercise : str
    points : int

    Returns
    -------
    str

    Raises
    ------
    None

    Examples
    --------
    >>> print(autograder_test_source("m0_a", 1))
    # Autograder test: the score check("m0_a", ...) gave above (out of 1 point).
    # No result (the check did not run) fails this test: 0 points.
    from crmcourse.checks import RESULTS
    RESULTS["m0_a"].record()["score"] * 1
    """
    unit = "point" if points == 1 else "points"
    return (f'# Autograder test: the score check("{exercise}", ...) gave above (out of {points} {unit}).\n'
            "# No result (the check did not run) fails this test: 0 points.\n"
            "from crmcourse.checks import RESULTS\n"
            f'RESULTS["{exercise}"].record()["score"] * {points}')


def _nbgrader_meta(grade_id: str, *, solution: bool, grade: bool, locked: bool, points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA_VERSION,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points or 0
    return meta


def _code_with_placeholders(source: str) -> str:
    """The solution code with crmcourse's placeholder written before each region (nbgrader removes the region)."""
    out: list[str] = []
    for part in split_regions(source):
        if isinstance(part, Region):
            newline = "\r\n" if part.begin_line.endswith("\r\n") else "\n"
            out += [line + newline for line in code_placeholder(part)]
            out += [part.begin_line, *part.body, part.end_line]
        else:
            out.append(part)
    return "".join(out)


def _points(exercise: str) -> int:
    from crmcourse.checks import get_exercise

    found = get_exercise(exercise)
    return int(getattr(found, "points", 1) or 1) if found is not None else 1


def nbgrader_notebook(nb: nbformat.NotebookNode, *, name: str = "notebook") -> tuple[nbformat.NotebookNode, int, int]:
    """The nbgrader source version of a solution notebook (a new notebook; ``nb`` is untouched).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A worked solution notebook.
    name : str
        Its name, used in grade ids and messages.

    Returns
    -------
    tuple
        ``(notebook, answer_cells, test_cells)``.

    Raises
    ------
    ExportError
        For unbalanced solution markers (the message names the cell).

    Examples
    --------
    >>> v4 = nbformat.v4
    >>> src = v4.new_notebook(cells=[v4.new_code_cell('### BEGIN SOLUTION\\nx = 2\\n### END SOLUTION\\ncheck("m0_demo_ratio", x)')])
    >>> out, answers, tests = nbgrader_notebook(src, name="demo")
    >>> answers, tests, out.cells[1].metadata.nbgrader["points"]
    (1, 1, 1)
    >>> print(out.cells[0].source)
    x = ...  # YOUR ANSWER HERE
    ### BEGIN SOLUTION
    x = 2
    ### END SOLUTION
    check("m0_demo_ratio", x)
    """
    from crmcourse.authoring.markers import MarkerError

    nb = copy.deepcopy(nb)
    cells = [c for c in nb.cells if SOLUTION_TAG not in cell_tags(c)]
    last_check: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if cell.cell_type == "code":
            for exercise in checked_exercises(source_text(cell.source)):
                last_check[exercise] = index
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", Path(name).stem)
    out_cells = []
    answers = tests = 0
    for index, cell in enumerate(cells):
        text = source_text(cell.source)
        try:
            regions = [p for p in split_regions(text) if isinstance(p, Region)]
        except MarkerError as err:
            raise ExportError(f"{name}: cell {index}: {err}") from None
        cell.metadata.pop("nbgrader", None)
        if regions and cell.cell_type == "code":
            cell.source = _code_with_placeholders(text)
            cell.metadata["nbgrader"] = _nbgrader_meta(f"{stem}-answer-{index}", solution=True, grade=False,
                                                       locked=False)
            answers += 1
        elif regions and cell.cell_type == "markdown":
            cell.metadata["nbgrader"] = _nbgrader_meta(f"{stem}-written-{index}", solution=True, grade=True,
                                                       locked=False, points=0)
            answers += 1
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        out_cells.append(cell)
        for exercise, where in last_check.items():
            if where == index:
                points = _points(exercise)
                test = nbformat.v4.new_code_cell(autograder_test_source(exercise, points))
                test.metadata["nbgrader"] = _nbgrader_meta(f"check-{exercise}", solution=False, grade=True,
                                                           locked=True, points=points)
                out_cells.append(test)
                tests += 1
    nb.cells = out_cells
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb, answers, tests


def assignment_of(rel: str) -> str:
    """The nbgrader assignment a solution notebook belongs to: its module folder, or its own stem at the top.

    Parameters
    ----------
    rel : str
        Path relative to ``solutions/``.

    Returns
    -------
    str

    Raises
    ------
    None

    Examples
    --------
    >>> assignment_of("01_satisfaction/03_kano.ipynb"), assignment_of("00_start_here.ipynb")
    ('01_satisfaction', '00_start_here')
    """
    parts = Path(rel).parts
    return parts[0] if len(parts) > 1 else Path(rel).stem


def config_text(course_id: str = COURSE_ID) -> str:
    """The ``nbgrader_config.py`` of an exported course.

    Parameters
    ----------
    course_id : str

    Returns
    -------
    str

    Raises
    ------
    None

    Examples
    --------
    >>> 'c.ClearSolutions.code_stub = {"python": ""}' in config_text()
    True
    """
    return f'''# nbgrader configuration for the crmcourse course, written by `crmcourse nbgrader export`.
c = get_config()  # noqa: F821 - provided by nbgrader
c.CourseDirectory.course_id = {course_id!r}

# The export writes crmcourse's own placeholder (`name = ...  # YOUR ANSWER HERE`) before each
# solution region; generate_assignment removes the region and adds nothing, so a released
# notebook runs top to bottom and every check says "not answered yet".
c.ClearSolutions.code_stub = {{"python": ""}}
c.ClearSolutions.text_stub = {MARKDOWN_PLACEHOLDER!r}
# crmcourse uses nbgrader's markers (nbgrader spells the option "delimeter").
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearSolutions.enforce_metadata = True

# A learner's notebook may take a while (module 4 fits models); one cell gets at most this long.
c.Execute.timeout = 120
'''


def export_course(out: str | os.PathLike, solutions: str | os.PathLike | None = None, *,
                  only: list[str] | None = None, course_id: str = COURSE_ID) -> ExportReport:
    """Write an nbgrader course directory from the worked solutions (see the module notes).

    Parameters
    ----------
    out : path
        The course directory (created; ``source/`` notebooks are replaced, nothing else is touched).
    solutions : path, optional
        The worked notebooks (default: the course's ``solutions/``); translated editions
        (``solutions/zh/``) are left out.
    only : list of str, optional
        Assignments to export (e.g. ``["00_start_here", "01_satisfaction"]``); default all.
    course_id : str
        nbgrader's ``CourseDirectory.course_id``.

    Returns
    -------
    ExportReport

    Raises
    ------
    ExportError
        No solution notebook found, ``out`` is a file, or a notebook has broken markers.
    """
    from crmcourse.authoring.workspace import course_files

    solutions = Path(solutions) if solutions is not None else course_files().solutions
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file", fix="give a folder for the nbgrader course")
    notebooks = sorted(p.relative_to(solutions).as_posix() for p in solutions.rglob("*.ipynb")
                       if not any(part.startswith(".") for part in p.relative_to(solutions).parts)
                       and not (len(p.relative_to(solutions).parts) > 1
                                and _LANGUAGE_DIR.fullmatch(p.relative_to(solutions).parts[0])))
    if only:
        wanted = {w.strip("/").removesuffix(".ipynb") for w in only}
        notebooks = [rel for rel in notebooks if assignment_of(rel) in wanted]
    if not notebooks:
        raise ExportError(f"no solution notebook to export in {solutions}" + (f" for {', '.join(only)}" if only else ""),
                          fix="give the course's solutions/ folder, and assignments such as 00_start_here or 01_satisfaction")
    report = ExportReport(out)
    for rel in notebooks:
        nb = nbformat.read(solutions / rel, as_version=4)
        converted, answers, tests = nbgrader_notebook(nb, name=rel)
        assignment = assignment_of(rel)
        target = out / "source" / assignment / Path(rel).name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(converted, target)
        report.assignments.setdefault(assignment, []).append(Path(rel).name)
        report.answers += answers
        report.tests += tests
    (out / "nbgrader_config.py").write_text(config_text(course_id), encoding="utf-8")
    (out / "crmcourse-export.json").write_text(json.dumps({"assignments": report.assignments}, indent=1) + "\n",
                                               encoding="utf-8")
    return report
