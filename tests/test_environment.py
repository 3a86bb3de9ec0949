"""pyproject.toml, requirements/constraints.txt and environment.yml describe one environment; the
tools `make venv` and CI install are pinned; the test set-up (conftest.py) does what `make test` and
CI rely on."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from types import SimpleNamespace

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements/constraints.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version
    return pins


#: Extras that are not part of the learner's environment (environment.yml = runtime + dev):
#: the classroom hub, the DuckDB benchmark and the wheel-building tools.
NOT_IN_ENVIRONMENT_YML = {"classroom", "bench", "release"}


def _pyproject_requirements(*, only_environment: bool = False) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert NOT_IN_ENVIRONMENT_YML <= set(extras), sorted(NOT_IN_ENVIRONMENT_YML - set(extras))
    return project["dependencies"] + [r for name, extra in extras.items()
                                      if not (only_environment and name in NOT_IN_ENVIRONMENT_YML) for r in extra]


def test_environment_yml_lists_the_pyproject_packages_at_the_pinned_versions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    env_pins = {_name(r): r.split("==")[1] for r in pip_section if "==" in r}
    assert "-e ." in pip_section, "environment.yml must install the crmcourse package itself"
    wanted = {_name(r) for r in _pyproject_requirements(only_environment=True)}
    assert set(env_pins) == wanted, (
        f"only in pyproject: {sorted(wanted - set(env_pins))}; only in environment.yml: {sorted(set(env_pins) - wanted)}")
    pins = _pins()
    for name, version in env_pins.items():
        assert pins.get(name) == version, f"{name}: environment.yml has {version}, constraints {pins.get(name)}"


def test_every_dependency_is_pinned_and_satisfies_pyproject():
    from packaging.requirements import Requirement

    pins = _pins()
    for req in _pyproject_requirements():
        parsed = Requirement(req)
        name = _name(parsed.name)
        assert name in pins, f"{name} is not pinned in requirements/constraints.txt"
        assert parsed.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} violates {req}"


def test_environment_yml_python_meets_requires_python():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    major, minor = (int(x) for x in python.split("=")[1].split(".")[:2])
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11" and (major, minor) >= (3, 11)


def test_installed_versions_are_the_pinned_ones():
    """Stored outputs reproduce only under the pinned versions (e.g. pandas 3 prints `str` dtypes)."""
    from importlib.metadata import version

    pins = _pins()
    for name in ("pandas", "numpy", "matplotlib", "ipywidgets", "scikit-learn", "nbval", "jupyterlab"):
        assert version(name) == pins[name], f"{name} {version(name)} installed, {pins[name]} pinned: run `make venv`"


def test_tools_the_makefile_installs_are_pinned():
    """`make venv INSTALLER=uv` (what CI runs) installs uv with the constraints: uv is pinned there."""
    assert "uv" in _pins(), "uv is not pinned in requirements/constraints.txt"
    makefile = (ROOT / "Makefile").read_text()
    assert "-c requirements/constraints.txt uv" in makefile


def test_ci_hypothesis_profile_caps_a_tests_own_max_examples(request):
    """Under HYPOTHESIS_PROFILE=ci a test's own ``@settings(max_examples=500)`` is capped too."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    conftest = request.config.pluginmanager.get_plugin(str(ROOT / "conftest.py"))
    cap = conftest.PROFILE_CAPS["ci"]
    drawn = []

    @settings(max_examples=500, database=None)
    @given(st.integers())
    def probe(x):
        drawn.append(x)

    previous = settings.get_current_profile_name()
    settings.load_profile("ci")
    try:
        conftest._cap_hypothesis_examples([SimpleNamespace(obj=probe)])
        probe()
    finally:
        settings.load_profile(previous)
    assert 0 < len(drawn) <= cap < 500
