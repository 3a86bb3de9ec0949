"""The package's shape, checked on the real source (issue 11): what docs/architecture.md promises.

* no Python file in crmcourse/ over 700 lines (the exercise declarations aside);
* no import cycle between crmcourse modules, imports inside functions included;
* ``argparse`` only in crmcourse/cli.py, the one command tree;
* no module reaches for another module's private (``_name``) helper;
* ``import crmcourse`` does not import pandas;
* pyproject.toml lists every package and ships every data file (templates, SQL, CSS).

The source is read with :mod:`ast`; nothing here imports crmcourse except the last two checks.
"""
from __future__ import annotations

import ast
import glob
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
PACKAGE = REPO / "crmcourse"
MAX_LINES = 700


# --------------------------------------------------------------------------- reading the source
def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}
PACKAGES = {name for name, path in MODULES.items() if path.name == "__init__.py"}


def is_inside(module: str, package: str) -> bool:
    """True when ``module`` is ``package`` itself or lies below it."""
    return module == package or module.startswith(package + ".")


def ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _tree(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"), filename=str(MODULES[name]))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def import_nodes(tree: ast.AST):
    """Every import statement, at any depth (functions included), except under ``if TYPE_CHECKING:``."""
    todo = [tree]
    while todo:
        node = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                todo += child.orelse
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child
            todo.append(child)


def source_module(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` reads from (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if module in PACKAGES else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def reexports(package: str) -> dict[str, str]:
    """Names a package ``__init__`` takes from its own modules: name → the module defining it."""
    found: dict[str, str] = {}
    for node in import_nodes(_tree(package)):
        if isinstance(node, ast.ImportFrom):
            origin = source_module(package, node)
            for alias in node.names:
                target = f"{origin}.{alias.name}"
                if origin in MODULES and target not in MODULES and is_inside(origin, package) and origin != package:
                    found[alias.asname or alias.name] = origin
    return found


def _through_facade(package: str, name: str, seen: frozenset = frozenset()) -> str:
    """The module that defines ``name`` when it is imported from ``package``'s facade."""
    origin = reexports(package).get(name)
    if origin is None or origin in seen:
        return package
    return _through_facade(origin, name, seen | {origin}) if origin in PACKAGES else origin


def imported_modules(module: str) -> set[str]:
    """crmcourse modules that ``module`` makes Python run, imports inside functions included.

    ``from crmcourse.x import y`` counts as crmcourse.x.y when that is a module, else as crmcourse.x.
    Importing ``a.b.c`` from outside package ``a.b`` also runs ``a.b/__init__`` (and ``a``): those
    count too. A module importing a name from its *own* package's facade is resolved to the
    module that defines the name: its package is already being imported when it runs (that is
    how the facade pattern works), so the facade itself adds no dependency.
    """
    targets: set[str] = set()

    def add(target: str, name: str | None = None) -> None:
        if target not in MODULES:
            return
        if target in PACKAGES and is_inside(module, target) and name is not None:
            target = _through_facade(target, name)
            if is_inside(module, target) and target in PACKAGES:
                return   # a name defined in the facade of the module's own package
        targets.add(target)
        targets.update(a for a in ancestors(target) if a in MODULES and not is_inside(module, a))

    for node in import_nodes(_tree(module)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        else:
            origin = source_module(module, node)
            for alias in node.names:
                full = f"{origin}.{alias.name}"
                if full in MODULES:
                    add(full)
                else:
                    add(origin, alias.name)
    targets.discard(module)
    return targets


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components (iterative), those with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def _cycle_path(graph: dict[str, set[str]], component: list[str]) -> str:
    """One cycle through the component, for the message: a → b → … → a."""
    members, start = set(component), component[0]
    path, seen = [start], {start}
    while True:
        step = sorted(n for n in graph[path[-1]] if n in members)
        nxt = next((n for n in step if n == start), None) or next((n for n in step if n not in seen), None)
        if nxt is None or nxt == start:
            return " → ".join(path + [start])
        path.append(nxt)
        seen.add(nxt)


# --------------------------------------------------------------------------- the checks
def test_no_file_over_700_lines():
    too_long = {}
    for name, path in MODULES.items():
        if is_inside(name, "crmcourse.exercises") and name != "crmcourse.exercises":
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[str(path.relative_to(REPO))] = lines
    assert not too_long, f"files over {MAX_LINES} lines (split them by concern): {too_long}"


def test_no_import_cycle_between_crmcourse_modules():
    graph = {name: imported_modules(name) for name in MODULES}
    cycles = strongly_connected(graph)
    assert not cycles, "import cycles (imports inside functions count):\n" + "\n".join(
        f"  {_cycle_path(graph, c)}   (component: {', '.join(c)})" for c in cycles)


def test_the_cycle_finder_sees_cycles_and_ignores_facades():
    graph = {"p": {"p.a", "p.b"}, "p.a": {"p.b"}, "p.b": set(), "x": {"y"}, "y": {"z"}, "z": {"x"}}
    assert strongly_connected(graph) == [["x", "y", "z"]]
    assert _cycle_path(graph, ["x", "y", "z"]) == "x → y → z → x"
    # the real package: a facade and the module behind it are not a cycle, a function-level import counts
    assert "crmcourse.authoring.site.build" in imported_modules("crmcourse.authoring.site")
    assert "crmcourse.authoring.site" not in imported_modules("crmcourse.authoring.site.build")
    assert "crmcourse.authoring.leaks" in imported_modules("crmcourse.cli")   # inside a function


def test_argparse_only_in_the_cli():
    offenders = []
    for name in MODULES:
        for node in import_nodes(_tree(name)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(n == "argparse" or n.startswith("argparse.") for n in names) and name != "crmcourse.cli":
                offenders.append(f"{name} (line {node.lineno})")
    assert not offenders, "argparse belongs to crmcourse/cli.py only: " + ", ".join(offenders)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_module_imports_another_modules_private_names():
    offenders = []
    for name in MODULES:
        tree = _tree(name)
        aliases: dict[str, str] = {}   # local name → crmcourse module it stands for
        for node in import_nodes(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in MODULES:
                        aliases[alias.asname or alias.name.split(".")[0]] = alias.asname and alias.name or "crmcourse"
                continue
            origin = source_module(name, node)
            if not is_inside(origin, "crmcourse"):
                continue
            for alias in node.names:
                full = f"{origin}.{alias.name}"
                if full in MODULES:
                    aliases[alias.asname or alias.name] = full
                elif _private(alias.name) and origin != name:
                    offenders.append(f"{name}: from {origin} import {alias.name} (line {node.lineno})")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and aliases[node.value.id] != name):
                offenders.append(f"{name}: {node.value.id}.{node.attr} (line {node.lineno})")
    assert not offenders, ("modules use other modules' private helpers (move them into a module of the "
                           "package under a public name):\n  " + "\n  ".join(sorted(set(offenders))))


def test_import_crmcourse_is_light():
    code = ("import sys, crmcourse; heavy = sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'nbformat') "
            "if m in sys.modules); print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert "pandas" not in done.stdout.split(","), f"import crmcourse imported {done.stdout.strip()}"
    assert done.stdout.strip() == "", f"import crmcourse imported {done.stdout.strip()}"


def _setuptools_config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_pyproject_lists_every_package():
    listed = set(_setuptools_config()["packages"])
    missing = sorted(PACKAGES - listed)
    assert not missing, f"add these packages to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_pyproject_ships_every_data_file_of_the_package():
    """Templates, SQL and CSS under crmcourse/ must be matched by [tool.setuptools.package-data]."""
    config = _setuptools_config()
    package_data = config.get("package-data", {})
    shipped: set[Path] = set()
    for package, patterns in package_data.items():
        folder = REPO / Path(*package.split("."))
        if package in PACKAGES and folder.is_dir():
            for pattern in patterns:
                shipped.update(Path(p) for p in glob.glob(str(folder / pattern), recursive=True))
    data_files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
                  and "__pycache__" not in p.parts]
    unshipped = sorted(str(p.relative_to(REPO)) for p in data_files if p not in shipped)
    assert not unshipped, f"not in [tool.setuptools.package-data] of pyproject.toml: {unshipped}"


@pytest.mark.parametrize("facade", ["crmcourse.learner", "crmcourse.runner", "crmcourse.grading", "crmcourse.site"])
def test_authoring_facades_keep_their_public_names(facade):
    import importlib

    module = importlib.import_module(facade)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"{facade} lost {missing}"
