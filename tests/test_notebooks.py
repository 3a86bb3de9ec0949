"""Course notebooks: the template, clean metadata, solutions that pass their checks, learner
copies that run top to bottom unanswered with every check saying "not answered yet", and generated
language editions that equal English in code.

How the notebooks are tested, each notebook executed once per language-independent check:

* ``solutions/`` — executed by nbval in ``make test`` (stored outputs compared exactly), and read
  statically here (template, metadata, every check stored ``correct``);
* ``notebooks/`` (learner copies) — executed here, once each, by
  :func:`test_learner_notebook_runs_unanswered_and_every_check_says_not_answered`. That one run is
  what ``pytest --nbval-lax notebooks`` used to check (every cell runs without an error; a learner
  copy stores no outputs and no cell asks nbval to compare one, which the test asserts) plus the
  checks' own verdicts;
* generated editions (``solutions/zh/``, ``notebooks/zh/``: see ``edition_of`` in the root
  conftest.py) — not executed: :func:`test_generated_edition_equals_english_in_code` proves each
  one is the English notebook with its catalog applied (same cells, code once translated strings
  are put in, tags, outputs of the same shape), so the English run vouches for it.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from crmcourse import runner
from crmcourse.checks import records_from_notebook

ROOT = Path(__file__).resolve().parents[1]
#: Folders directly under solutions/ and notebooks/ holding a generated edition (the same list as
#: ``EDITION_LANGUAGES`` in the root conftest.py, which keeps nbval off them).
EDITION_LANGUAGES = ("zh",)


def _notebooks(top: str, *, editions: bool = False) -> list[Path]:
    found = []
    for p in sorted((ROOT / top).rglob("*.ipynb")):
        parts = p.relative_to(ROOT / top).parts
        if ".ipynb_checkpoints" in parts or ".backup" in parts:
            continue
        if (len(parts) > 1 and parts[0] in EDITION_LANGUAGES) == editions:
            found.append(p)
    return found


SOLUTIONS = _notebooks("solutions")
LEARNER = _notebooks("notebooks")
EDITIONS = _notebooks("solutions", editions=True) + _notebooks("notebooks", editions=True)
CHECK_CALL = re.compile(r"^\s*check\(\s*[\"']([a-z0-9_]+)[\"']", re.M)
MACHINE_PATH = re.compile(r"(/root/|/home/\w+|/Users/\w+|[A-Z]:\\\\Users|/work/main|site-packages)")
NBVAL_COMPARE = re.compile(r"#\s*NBVAL_CHECK_OUTPUT|#\s*NBVAL_RAISES_EXCEPTION")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_notebooks():
    assert SOLUTIONS, "solutions/ holds no notebook"
    assert [p.relative_to(ROOT / "solutions") for p in SOLUTIONS] == [p.relative_to(ROOT / "notebooks") for p in LEARNER]


@pytest.mark.parametrize("path", SOLUTIONS + LEARNER + EDITIONS, ids=rel)
def test_plain_kernelspec_and_no_machine_paths(path):
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    assert nb.metadata["kernelspec"] == runner.KERNELSPEC
    allowed = {"kernelspec", "language_info", "widgets"}
    if path in EDITIONS:  # a generated edition records its language: {"crmcourse": {"language": "zh"}}
        allowed.add("crmcourse")
        assert nb.metadata["crmcourse"]["language"] == path.relative_to(ROOT).parts[1]
    assert set(nb.metadata) <= allowed, sorted(nb.metadata)
    found = MACHINE_PATH.search(text)
    assert not found, f"{rel(path)} contains a machine path: {found.group(0)!r}"


SOURCES = "## Sources and further reading"
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
    name = rel(path)
    # Wrap-up → model answers (one solution-tagged <details> cell) → Sources and further reading.
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    assert cells[-1].source.startswith(SOURCES), f"{name}: the last cell is '{SOURCES}'"
    answers = cells[-2]
    assert "solution" in answers.metadata.get("tags", []), f"{name}: model answers sit in a solution-tagged cell"
    assert "<details>" in answers.source and "Model answers" in answers.source
    wrap = cells[-3].source
    assert wrap.startswith("## Wrap-up") and "**Key points**" in wrap and "**Check yourself**" in wrap
    questions = re.findall(r"^\d+\. ", wrap.split("**Check yourself**")[1], re.M)
    assert 2 <= len(questions) <= 4, "2–4 self-check questions"
    given = re.findall(r"^\d+\. ", answers.source, re.M)
    assert len(given) == len(questions), f"{name}: {len(questions)} questions, {len(given)} model answers"
    checks = CHECK_CALL.findall("\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    minimum = 3 if path.name.startswith("00_") else 4
    assert len(checks) >= minimum, f"{rel(path)} has {len(checks)} checked exercises, needs {minimum}"
    assert len(checks) == len(set(checks)), "each exercise is checked once"


@pytest.mark.parametrize("path", SOLUTIONS + [p for p in EDITIONS if p.is_relative_to(ROOT / "solutions")], ids=rel)
def test_solution_is_stored_executed_and_passes_its_checks(path):
    """Also for a generated edition: its solutions were executed in that language, and every check
    must say correct there too (a check that judges differently in Chinese shows here)."""
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


@pytest.fixture(scope="session")
def warm_kernel():
    """The pytest worker's kernel, shared with nbval (tests/kernels.py)."""
    from kernels import WarmKernel

    kernel = WarmKernel()
    yield kernel
    kernel.close()


@pytest.mark.slow
@pytest.mark.parametrize("path", LEARNER, ids=rel)
def test_learner_notebook_runs_unanswered_and_every_check_says_not_answered(path, warm_kernel):
    """The one execution of a learner copy: every cell runs without an error (what nbval-lax
    checked), and every check says "not answered yet". Each notebook is a work unit of its own
    under ``pytest -n`` (``SPREAD_TESTS`` in the root conftest.py), run in the worker's warm kernel
    after a reset (tests/kernels.py: the namespace emptied, the notebook's folder, no figures)."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    # nbval-lax compared no output: a learner copy stores none and no cell asks for a comparison.
    assert not [i for i, c in enumerate(code) if c.outputs], "learner copies store no outputs: `crmcourse learner`"
    marked = [i for i, c in enumerate(code) if NBVAL_COMPARE.search(c.source)
              or {"nbval-check-output", "raises-exception", "nbval-raises-exception"} & set(c.metadata.get("tags", []))]
    assert not marked, f"code cells {marked} ask nbval to compare an output: a learner copy has none to compare"
    warm_kernel.run(nb, cwd=path.parent, timeout=300)  # raises NotebookRunError naming the cell if any cell fails
    calls = CHECK_CALL.findall("\n".join(c.source for c in code))
    records = records_from_notebook(nb)
    assert [r["exercise"] for r in records] == calls
    assert {r["status"] for r in records} == {"unanswered"}, records
    texts = [o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.get("outputs", [])]
    assert sum("not answered yet" in t for t in texts) == len(calls)


# --------------------------------------------------------------------------- generated editions
def _code_and_shape(nb) -> list:
    """What a generated edition must share with English once the catalog is applied: the kind and
    id of every cell, and of each code cell its source, tags and the shape of its outputs (which
    output types, in order; the text of an output is in the edition's language)."""
    shape = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            outputs = [o.get("name", o.output_type) if o.output_type == "stream" else o.output_type
                       for o in cell.get("outputs", [])]
            shape.append(("code", cell.get("id"), cell.source, sorted(cell.metadata.get("tags", [])), outputs))
        else:
            shape.append((cell.cell_type, cell.get("id")))
    return shape


def _english_of(path: Path) -> Path:
    top, _language, *rest = path.relative_to(ROOT).parts
    return ROOT.joinpath(top, *rest)


def _expected_edition(english_solution: Path, language: str):
    """The English solution with its catalog applied (the generator's mapping), not executed."""
    from crmcourse.authoring.edition.build import LANGUAGES, translate_notebook
    from crmcourse.authoring.edition.catalogs import catalog_path, read_catalog

    rel = english_solution.relative_to(ROOT / "solutions").as_posix()
    catalog = read_catalog(catalog_path(rel, ROOT / "translations", LANGUAGES[language]))
    nb, _report = translate_notebook(nbformat.read(english_solution, as_version=4), catalog,
                                     name=rel[: -len(".ipynb")], lang=language)
    return nb


def test_generated_edition_equals_english_in_code(request):
    """Every notebook of a generated edition (``solutions/zh/…``, ``notebooks/zh/…``) is its English
    notebook with the notebook's catalog applied: the same cells and ids, the same code once each
    translated string and comment is put in (``translations/zh_CN/<path>.po``), the same tags, and
    outputs of the same shape as the English ones (the same code cells have outputs, of the same
    types). A learner copy is the learner generator's output for that translated solution.

    This is why the editions are not executed by nbval (the root conftest.py keeps nbval off them):
    the English notebook's nbval run vouches for the same code; only the texts of strings differ,
    and ``crmcourse translate build`` executed the edition once when it was made. With no edition
    yet, this checks the rule that finds them.
    """
    from crmcourse.authoring.learner import make_learner_notebook

    conftest = request.config.pluginmanager.get_plugin(str(ROOT / "conftest.py"))
    assert conftest.EDITION_LANGUAGES == EDITION_LANGUAGES, "one list of edition folders"
    assert conftest.edition_of(ROOT / "solutions" / "zh" / "00_start_here.ipynb") == "zh"
    assert conftest.edition_of(ROOT / "notebooks" / "zh" / "00_start_here.ipynb") == "zh"
    assert conftest.edition_of(ROOT / "notebooks" / "capstone" / "01_listen_to_customers.ipynb") is None
    assert not {conftest.edition_of(p) for p in SOLUTIONS + LEARNER} - {None}
    different = []
    for path in EDITIONS:
        language = path.relative_to(ROOT).parts[1]
        english = _english_of(path)
        assert english.is_file(), f"{rel(path)} has no English notebook {rel(english)}"
        english_solution = ROOT.joinpath("solutions", *path.relative_to(ROOT).parts[2:])
        expected = _expected_edition(english_solution, language)
        stored = nbformat.read(path, as_version=4)
        if path.relative_to(ROOT).parts[0] == "solutions":
            want = [c[:4] if c[0] == "code" else c for c in _code_and_shape(expected)]
            got = [c[:4] if c[0] == "code" else c for c in _code_and_shape(stored)]
            same = want == got and [c[4:] for c in _code_and_shape(stored)] == \
                [c[4:] for c in _code_and_shape(nbformat.read(english, as_version=4))]
        else:
            same = _code_and_shape(make_learner_notebook(expected)) == _code_and_shape(stored)
        if not same:
            different.append(rel(path))
    assert not different, ("generated notebooks differ from English with the catalog applied "
                           f"(run `crmcourse translate build`): {different}")
