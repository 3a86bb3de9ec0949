"""The ``crmcourse`` command: open the course, build learner notebooks, execute solutions, data.

    crmcourse lab                 open the course in JupyterLab (notebooks/00_start_here.ipynb)
    crmcourse learner [--check]   generate notebooks/ from solutions/ (or check they agree)
    crmcourse execute [PATH ...]  re-execute solution notebooks in place, deterministically
    crmcourse data generate       regenerate the synthetic case data in data/
    crmcourse data docs           rewrite docs/data.md from data/tables.yml
    crmcourse glossary TERM       look a term up (English or Chinese)
    crmcourse grade DIR           run submitted notebooks, write gradebook.csv and a class chart
    crmcourse site                build the offline course site (learner pages, solutions, glossary)
    crmcourse slides MODULE       export a module as offline reveal.js slides

Each sub-command is a thin wrapper: the work is done by functions in the topic modules.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["main", "project_root"]

START_NOTEBOOK = "00_start_here.ipynb"


def project_root(start: Path | None = None) -> Path:
    """The checkout that holds ``pyproject.toml`` for crmcourse, searched upwards from ``start``.

    Falls back to the package's parent folder (an editable install), then to the current folder.

    >>> (project_root() / "pyproject.toml").exists()
    True
    """
    candidates = [Path(start or Path.cwd()).resolve(), Path(__file__).resolve().parent.parent]
    for base in candidates:
        for folder in (base, *base.parents):
            pyproject = folder / "pyproject.toml"
            if pyproject.is_file() and 'name = "crmcourse"' in pyproject.read_text(encoding="utf-8", errors="ignore"):
                return folder
    return Path.cwd()


def _lab(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve() if args.root else project_root() / "notebooks"
    start = root / START_NOTEBOOK
    if not start.exists():
        print(f"crmcourse lab: {start} is missing. Run `crmcourse learner` to generate the learner "
              "notebooks from solutions/.", file=sys.stderr)
        return 2
    # default_url makes the printed address (and the browser) open the start notebook itself
    cmd = [sys.executable, "-m", "jupyterlab", START_NOTEBOOK, f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
           f"--ServerApp.root_dir={root}", f"--ServerApp.port={args.port}", f"--ServerApp.ip={args.ip}"]
    if args.no_browser:
        cmd.append("--no-browser")
    if args.token is not None:
        cmd.append(f"--IdentityProvider.token={args.token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    cmd += args.extra
    print(f"Opening the course in JupyterLab: {start}", flush=True)
    print("JupyterLab prints the address to open below (…/lab/tree/00_start_here.ipynb?token=…). "
          "Stop it with Ctrl+C.", flush=True)
    try:
        return subprocess.call(cmd, cwd=root)
    except KeyboardInterrupt:
        return 0


def _learner(argv: list[str]) -> int:
    from crmcourse import learner

    return learner.main(argv)


def _execute(args: argparse.Namespace) -> int:
    from crmcourse import runner

    root = project_root()
    paths = [Path(p) for p in args.paths] or sorted((root / "solutions").rglob("*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    failed = 0
    for path in paths:
        try:
            seconds = runner.execute_in_place(path, timeout=args.timeout)
            print(f"executed {path} ({seconds:.1f} s)")
        except runner.NotebookRunError as exc:
            failed += 1
            print(f"FAILED {path}: {exc}", file=sys.stderr)
    if not args.no_learner:
        rc = _learner([])
        failed += rc
    return 1 if failed else 0


def _data(argv: list[str]) -> int:
    from crmcourse import cases

    if argv and argv[0] == "docs":
        from crmcourse.data import data_dictionary_markdown

        target = project_root() / "docs" / "data.md"
        target.write_text(data_dictionary_markdown(), encoding="utf-8")
        print(f"wrote {target}")
        return 0
    if not argv or argv[0] != "generate":
        print("usage: crmcourse data generate [--case C] [--size S] [--seed N] [--out DIR]\n"
              "       crmcourse data docs      (rewrite docs/data.md from data/tables.yml)", file=sys.stderr)
        return 2
    return cases.main(argv[1:])


def _glossary(args: argparse.Namespace) -> int:
    import pandas as pd

    from crmcourse import glossary
    from crmcourse.data import CourseDataError

    try:
        hits = glossary.lookup(" ".join(args.term), module=args.module)
    except CourseDataError as exc:
        print(exc, file=sys.stderr)
        return 2
    if hits.empty:
        print("No term found. Try part of a word, in English or Chinese.")
        return 1
    with pd.option_context("display.max_colwidth", 90, "display.width", 160):
        print(hits.to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``crmcourse`` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="crmcourse", description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser("lab", help="open the course in JupyterLab")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--ip", default="127.0.0.1")
    lab.add_argument("--no-browser", action="store_true", help="only print the address")
    lab.add_argument("--token", default=None, help="fixed login token (default: JupyterLab makes one)")
    lab.add_argument("--root", default=None, help="folder to serve (default: the learner notebooks/)")
    lab.add_argument("extra", nargs=argparse.REMAINDER, help="further JupyterLab options")

    sub.add_parser("learner", help="generate notebooks/ from solutions/ (--check: verify)", add_help=False)
    execute = sub.add_parser("execute", help="re-execute solution notebooks in place")
    execute.add_argument("paths", nargs="*")
    execute.add_argument("--timeout", type=int, default=600)
    execute.add_argument("--no-learner", action="store_true", help="do not regenerate notebooks/ afterwards")
    sub.add_parser("data", help="case data: `crmcourse data generate`", add_help=False)
    sub.add_parser("grade", help="grade a folder of submitted learner notebooks", add_help=False)
    sub.add_parser("site", help="build the offline HTML course site (build/site)", add_help=False)
    sub.add_parser("slides", help="export a module's solutions as offline reveal.js slides", add_help=False)
    gl = sub.add_parser("glossary", help="look up a course term in English or Chinese")
    gl.add_argument("term", nargs="+")
    gl.add_argument("--module", type=int, default=None)

    if argv and argv[0] == "learner":
        return _learner(argv[1:])
    if argv and argv[0] == "data":
        return _data(argv[1:])
    if argv and argv[0] in ("site", "slides"):
        from crmcourse import site

        return site.main_site(argv[1:]) if argv[0] == "site" else site.main_slides(argv[1:])
    if argv and argv[0] == "grade":
        from crmcourse import grading

        return grading.main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "lab":
        return _lab(args)
    if args.command == "execute":
        return _execute(args)
    if args.command == "glossary":
        return _glossary(args)
    parser.print_help()
    return 0 if not argv else 2


if __name__ == "__main__":
    raise SystemExit(main())
