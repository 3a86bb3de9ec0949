"""Shared pytest set-up for tests/, the doctests in crmcourse/ and the notebooks under nbval.

What lives here, and why it is here rather than in a test file:

* **Plots** draw on the Agg backend, and every test starts and ends with no open figure.
* **The CRM lab's working folder.** The lab notebooks create ``crm_lab.sqlite`` (and exports) in
  ``CRMCOURSE_WORKDIR``; under test that is a temporary folder, one per xdist worker, so two
  notebooks running at the same time on two workers never share a database file.
* **Hypothesis profiles** (``HYPOTHESIS_PROFILE=ci|dev``, see :data:`PROFILE_CAPS`). ``make test``
  and CI use ``ci``: derandomised (the same examples on every run and machine, so a red CI is
  reproducible), no example database, no deadline, and at most ``PROFILE_CAPS["ci"]`` examples per
  test — the cap applies to tests that set ``@settings(max_examples=...)`` themselves too (every
  suite in ``tests/hostile/`` does), which a plain Hypothesis profile cannot do.
* **Generated language editions** (``solutions/zh/``, ``notebooks/zh/``: the course translated
  with one gettext catalog per notebook, ``translations/zh_CN/``) are not collected by nbval:
  ``tests/test_notebooks.py`` proves each one equal to its English notebook with the catalog
  applied (same code once the translated strings are put in, outputs of the same shape) instead,
  so a second language does not double the notebook time. See :func:`edition_of`.
* **One warm kernel per worker**: nbval executes the solutions in the kernel the learner copies
  run in (``tests/kernels.py``), after a reset cell, instead of starting one per notebook; see
  :func:`pytest_configure`. ``CRMCOURSE_FRESH_KERNELS=1`` turns it off.
* **Scheduling under pytest-xdist** (``pytest -n 2``, what ``make test`` runs): see
  :class:`CourseScheduling` — whole files per worker (nbval runs a notebook's cells in order in
  one kernel; module fixtures are built once), every learner notebook a unit of its own, the
  JupyterLab browser tests on one worker (one shared server, one Chromium), heaviest units first.
"""
from __future__ import annotations

import os
import tempfile
from fnmatch import fnmatch
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # no screen needed; plots are inspected, not shown

ROOT = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- CRM lab working folder
# Kernels started by a test (nbclient, nbval, JupyterLab) inherit this variable. xdist workers
# inherit the controller's value: each worker takes a sub-folder of its own.
os.environ.setdefault("CRMCOURSE_WORKDIR", tempfile.mkdtemp(prefix="crmcourse-lab-"))
if os.environ.get("PYTEST_XDIST_WORKER"):
    _worker_dir = Path(os.environ["CRMCOURSE_WORKDIR"]) / os.environ["PYTEST_XDIST_WORKER"]
    _worker_dir.mkdir(parents=True, exist_ok=True)
    os.environ["CRMCOURSE_WORKDIR"] = str(_worker_dir)


@pytest.fixture(autouse=True)
def _close_figures_and_forget_the_language():
    """Every test and doctest starts and ends with no open matplotlib figure and the course language
    as the environment gives it (a test or doctest that calls ``set_language("zh")`` leaves no Chinese
    behind for the next one on its worker)."""
    import matplotlib.pyplot as plt

    from crmcourse.i18n import set_language

    set_language(None)
    yield
    plt.close("all")
    set_language(None)


# --------------------------------------------------------------------------- Hypothesis profiles
#: Most examples any one Hypothesis test may draw under each profile (``None``: as the test says).
PROFILE_CAPS: dict[str, int | None] = {"ci": 50, "dev": None}

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    settings = None
else:
    settings.register_profile(
        "ci", derandomize=True, database=None, deadline=None, print_blob=True,
        max_examples=PROFILE_CAPS["ci"], suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("dev", deadline=None)
    # Loaded before any test module is imported, so @settings(...) without max_examples/derandomize
    # inherit the profile. `pytest --hypothesis-profile NAME` still overrides it.
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def _cap_hypothesis_examples(items) -> None:
    """Lower each Hypothesis test's own ``max_examples`` to the active profile's cap."""
    if settings is None:
        return
    cap = PROFILE_CAPS.get(settings.get_current_profile_name())
    if cap is None:
        return
    for item in items:
        test = getattr(getattr(item, "obj", None), "__func__", getattr(item, "obj", None))
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if getattr(test, "is_hypothesis_test", False) and own is not None and own.max_examples > cap:
            test._hypothesis_internal_use_settings = settings(own, max_examples=cap)


# --------------------------------------------------------------------------- generated editions
#: Folders directly under solutions/ and notebooks/ that hold a generated language edition
#: (a new language: add its folder name here, in tests/test_notebooks.py and in bench/bench_suite.py).
EDITION_LANGUAGES = ("zh",)


def edition_of(path: str | os.PathLike) -> str | None:
    """The language of a generated edition's notebook (``"zh"`` for ``solutions/zh/x.ipynb``), else None.

    >>> edition_of(ROOT / "solutions" / "zh" / "01_satisfaction" / "03_kano.ipynb")
    'zh'
    >>> edition_of(ROOT / "solutions" / "capstone" / "01_listen_to_customers.ipynb") is None
    True
    """
    try:
        parts = Path(path).resolve().relative_to(ROOT).parts
    except ValueError:
        return None
    if len(parts) >= 2 and parts[0] in ("solutions", "notebooks") and parts[1] in EDITION_LANGUAGES:
        return parts[1]
    return None


def pytest_ignore_collect(collection_path, config):
    """Generated editions are compared with English (tests/test_notebooks.py), not executed.

    ``crmcourse translate build`` executes each edition notebook once when it is made; after that
    its code is English code with only the catalog's strings and comments replaced, which the
    comparison proves. Should an edition ever need code of its own, it can no longer be proven by
    comparison: drop it from this rule (nbval then executes its solutions) and from
    ``test_generated_edition_equals_english_in_code``, and run its learner copies like English ones.
    """
    return True if edition_of(collection_path) is not None else None


def pytest_collection_modifyitems(config, items):
    _cap_hypothesis_examples(items)


# --------------------------------------------------------------------------- one kernel per worker
def _tests_module(name: str):
    """``tests/<name>.py`` as the module ``name`` (what test files get with ``from name import …``)."""
    import importlib.util
    import sys

    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def pytest_configure(config):
    """nbval executes the solutions in the worker's warm kernel (tests/kernels.py), unless
    ``CRMCOURSE_FRESH_KERNELS=1`` asks for a fresh kernel per notebook."""
    if config.pluginmanager.hasplugin("nbval"):
        kernels = _tests_module("kernels")
        if not kernels.fresh_kernels():
            import nbval.plugin

            nbval.plugin.RunningKernel = kernels.pooled_nbval_kernel_class()


def pytest_unconfigure(config):
    import sys

    if "kernels" in sys.modules:
        sys.modules["kernels"].close_pool()


# --------------------------------------------------------------------------- xdist scheduling
#: Browser test files that work on the one shared JupyterLab server (fixture ``lab_session``):
#: they form one unit, so one worker starts that server (and its Chromium) for all of them. Other
#: browser test files (their own servers, or none) are units of their own like any file.
SHARED_LAB_TESTS = ("tests/browser/test_lab.py", "tests/browser/test_m*.py")
#: Rough seconds of a work unit on the idle 2-core machine (``--durations`` of a `make test` on
#: 2026-12-07, halved for the load it ran under), by scope pattern; 1 for any other unit. Only the
#: order matters: the heaviest units start first (longest processing time first), so no long unit
#: is left for the end of the run while the other worker idles.
UNIT_SECONDS = {
    "tests/hostile/test_segmentation.py": 90,
    "tests/browser/lab": 55,
    "tests/test_grading.py": 50,
    "tests/browser/test_hub_browser.py": 45,
    "tests/browser/test_lab_zh.py": 30,
    "tests/browser/test_site_offline.py": 12,
    "tests/test_hub.py": 30,
    "tests/test_nbgrader.py": 30,
    "tests/test_grading_hostile.py": 22,
    "solutions/04_segmentation/04_clustering.ipynb": 13,
    "tests/test_checks.py": 9,
    "tests/hostile/*": 5,
    "solutions/*.ipynb": 4,
    "tests/test_notebooks.py::test_learner_*": 3,
}
#: Tests whose every parameter is a unit of its own (each executes one notebook in a fresh kernel).
SPREAD_TESTS = ("tests/test_notebooks.py::test_learner_notebook_runs_unanswered_and_every_check_says_not_answered",)

try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pragma: no cover - pytest-xdist is a dev dependency
    LoadScopeScheduling = None

if LoadScopeScheduling is not None:

    class CourseScheduling(LoadScopeScheduling):
        """Work units for ``pytest -n N``: whole files, learner notebooks alone, browser tests together.

        * a file (test module, doctest module, notebook under nbval) is one unit: nbval runs a
          notebook's cells in order in one kernel, and module-scoped fixtures are built once;
        * each parameter of :data:`SPREAD_TESTS` (one learner notebook each) is a unit;
        * the browser tests of :data:`SHARED_LAB_TESTS` are one unit, so one worker starts one
          JupyterLab server and one Chromium for all of them (session fixtures of
          tests/browser/conftest.py);
        * units are handed out heaviest first (:data:`UNIT_SECONDS`), in collection order otherwise.

        The grouping only saves time: every test also passes alone or in any other grouping.
        """

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            if any(fnmatch(path, pattern) for pattern in SHARED_LAB_TESTS):
                return "tests/browser/lab"
            if nodeid.split("[", 1)[0] in SPREAD_TESTS:
                return nodeid
            return path

        def _weight(self, scope: str) -> float:
            return max((s for pattern, s in UNIT_SECONDS.items() if fnmatch(scope, pattern)), default=1)

        def _assign_work_unit(self, node) -> None:
            heaviest = max(self.workqueue, key=self._weight)  # the first of equals: collection order
            self.workqueue.move_to_end(heaviest, last=False)
            super()._assign_work_unit(node)

    @pytest.hookimpl(optionalhook=True, tryfirst=True)
    def pytest_xdist_make_scheduler(config, log):
        """``-n N`` (xdist's default ``--dist load``) uses :class:`CourseScheduling`; other --dist modes are xdist's."""
        if config.getvalue("dist") == "load":
            return CourseScheduling(config, log)
        return None
