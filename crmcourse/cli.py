"""The ``crmcourse`` command: open the course, build learner notebooks, execute solutions, data.

    crmcourse lab                 open the course in JupyterLab (notebooks/00_start_here.ipynb)
    crmcourse lab --lang zh       the Chinese edition, JupyterLab in Simplified Chinese
    crmcourse init [DIR]          copy a fresh learner workspace (notebooks, solutions apart) to DIR
    crmcourse progress [DIR]      your progress across the course, from your saved notebooks
    crmcourse learner [--check]   generate notebooks/ from solutions/ (or check they agree)
    crmcourse execute [PATH ...]  re-execute solution notebooks in place, deterministically
    crmcourse translate STEP      the Chinese edition: extract / update / build / status / check catalogs
    crmcourse data generate       regenerate the synthetic case data in data/
    crmcourse data docs           rewrite docs/data.md from data/tables.yml
    crmcourse glossary TERM       look a term up (English or Chinese)
    crmcourse hash EXERCISE ANSWER   the stored hash of an answer, for an exercise file
    crmcourse grade DIR           run submitted notebooks, write gradebook.csv and a class chart
    crmcourse site                build the offline course site (learner pages, solutions, glossary)
    crmcourse slides MODULE       export a module as offline reveal.js slides
    crmcourse handouts            printable PDFs: one handout per module and the trainer key
    crmcourse hub --users a,b     JupyterHub for a class on this machine (hub collect / return / update)
    crmcourse nbgrader export DIR the course as an nbgrader course directory

Also ``python -m crmcourse``. This is the course's only argument parser: each sub-command parses
its options here and calls library functions (``crmcourse.authoring.*``, ``crmcourse.cases``,
``crmcourse.data``, ``crmcourse.glossary``, ``crmcourse.checks``), imported when it runs.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmcourse._startup import skip_unused_iri_checker
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_
from crmcourse.i18n import translate as _
from crmcourse.paths import START_NOTEBOOK, notebooks_dir, project_root, solutions_dir

__all__ = ["main", "build_parser", "project_root"]


# --------------------------------------------------------------------------- sub-commands
def _given(**options) -> dict:
    """The options the user gave (not None): the others keep the library function's default."""
    return {name: value for name, value in options.items() if value is not None}


def _lab(args: argparse.Namespace) -> int:
    from crmcourse.authoring import lab
    from crmcourse.authoring.workspace import WorkspaceError, locate, offer_workspace
    from crmcourse.errors import CourseDataError

    try:   # a workspace (crmcourse init) or the checkout, from here upwards; else offer to make one
        found = locate(folder=args.root) if args.root else locate()
        if found is None:
            created = offer_workspace()
            if created is None:
                return 2
            found = locate(folder=created)
    except WorkspaceError as exc:
        print(f"crmcourse lab: {exc}", file=sys.stderr)
        return 2
    try:   # English at the top of notebooks/, Chinese in notebooks/zh/ (or a workspace made --lang zh)
        lang = lab.choose_language(args.lang, located=found)
        root = lab.course_folder(found, lang)
    except CourseDataError as exc:
        print(f"crmcourse lab: {exc}", file=sys.stderr)
        return 2
    start = root / START_NOTEBOOK
    with lab.lab_language(lang) as chosen:
        cmd = lab.lab_command(root, port=args.port, ip=args.ip, no_browser=args.no_browser, token=args.token,
                              app_settings_dir=chosen.app_settings_dir, extra=args.extra)
        for note in chosen.notes:
            print(f"crmcourse lab: note: {note}", file=sys.stderr, flush=True)
        print(f"Opening the course in JupyterLab: {start}", flush=True)
        if lang == "zh":
            print("正在用 JupyterLab 打开中文版课程（界面为简体中文）。", flush=True)
        print("JupyterLab prints the address to open below (…/lab/tree/00_start_here.ipynb?token=…). "
              "Stop it with Ctrl+C.", flush=True)
        return lab.run_lab(cmd, cwd=root)


def _init(args: argparse.Namespace) -> int:
    from crmcourse.authoring.workspace import WorkspaceError, default_workspace, init_workspace

    try:
        report = init_workspace(args.dir, lang=args.lang, solutions=not args.no_solutions)
    except WorkspaceError as exc:
        print(f"crmcourse init: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    default = report.target == default_workspace().resolve()
    again = "crmcourse lab" if default else f'crmcourse lab --root "{report.target}"'
    print(f"Open it with `{again}` (or `crmcourse lab` from inside {report.target}).")
    return 0


def _progress(args: argparse.Namespace) -> int:
    from crmcourse.authoring.progress import report_progress
    from crmcourse.authoring.workspace import WorkspaceError

    try:
        report_progress(args.dir, out=args.out)
    except (WorkspaceError, OSError) as exc:
        print(f"crmcourse progress: {exc}", file=sys.stderr)
        return 2
    return 0


def _display(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _run_learner(solutions: Path | None, notebooks: Path | None, check: bool) -> int:
    """Regenerate (or with ``check``, compare) the learner notebooks; 0 when all is well."""
    from crmcourse.authoring.leaks import find_leaks
    from crmcourse.authoring.learner import LearnerBuildError, build

    solutions = solutions if solutions is not None else solutions_dir()
    notebooks = notebooks if notebooks is not None else notebooks_dir()
    if not solutions.is_dir():
        print(f"error: solutions folder not found: {_display(solutions)}", file=sys.stderr)
        return 1
    try:
        report = build(solutions, notebooks, check=check)
    except LearnerBuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"error: cannot write the learner notebooks in {_display(notebooks)}: {err}", file=sys.stderr)
        return 1
    print(report.summary())
    if not check:
        if report.orphans:
            print("note: orphan learner notebooks were left alone; delete them by hand if unwanted")
        return 0
    leaks = find_leaks(solutions, notebooks)
    if leaks:
        print(f"{len(leaks)} possible solution leak(s) in learner notebooks:")
        for problem in leaks:
            print(f"  {problem}")
    if report.ok and not leaks:
        return 0
    print("run `crmcourse learner` to regenerate the learner notebooks")
    return 1


def _learner(args: argparse.Namespace) -> int:
    status = _run_learner(args.solutions, args.notebooks, args.check)
    if args.check:  # and the language editions: catalogs complete and current, notebooks as generated
        from crmcourse.authoring.edition.commands import learner_check

        status = max(status, learner_check(args.solutions, partial=args.partial_edition))
    return status


def _translate(args: argparse.Namespace) -> int:
    from crmcourse.authoring.edition import commands

    where = {"solutions": args.solutions, "translations": args.translations, "lang": args.lang}
    if args.translate_command == "extract":
        return commands.run_extract(**where, paths=args.paths)
    if args.translate_command == "update":
        return commands.run_update(**where, paths=args.paths)
    if args.translate_command == "build":
        return commands.run_build(**where, paths=args.paths, notebooks=args.notebooks,
                                  timeout=args.timeout, learner=not args.no_learner)
    if args.translate_command == "status":
        return commands.run_status(**where)
    return commands.run_check(**where, partial=args.partial)


def _execute(args: argparse.Namespace) -> int:
    from crmcourse.authoring import runner

    paths = [Path(p) for p in args.paths] or sorted(solutions_dir().rglob("*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    failed = 0
    for path in paths:
        try:
            seconds = runner.execute_in_place(path, **_given(timeout=args.timeout))
            print(f"executed {path} ({seconds:.1f} s)")
        except runner.NotebookRunError as exc:
            failed += 1
            print(f"FAILED {path}: {exc}", file=sys.stderr)
    if not args.no_learner:
        failed += _run_learner(None, None, check=False)
    return 1 if failed else 0


def _data_generate(args: argparse.Namespace) -> int:
    from crmcourse import cases
    from crmcourse.errors import CourseDataError

    try:
        done = cases.generate_files(args.out, case=args.case, size=args.size, **_given(seed=args.seed))
    except CourseDataError as exc:
        print(f"crmcourse data generate: {exc}", file=sys.stderr)
        return 2
    print(done.summary())
    return 0


def _data_docs(args: argparse.Namespace) -> int:
    from crmcourse.data import data_dictionary_markdown

    target = project_root() / "docs" / "data.md"
    target.write_text(data_dictionary_markdown(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


def _glossary(args: argparse.Namespace) -> int:
    import pandas as pd

    from crmcourse import glossary
    from crmcourse.errors import CourseDataError

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


def _hash(args: argparse.Namespace) -> int:
    from crmcourse.checks import answer_hash

    print(answer_hash(args.exercise, args.answer))
    return 0


def _grade(args: argparse.Namespace) -> int:
    from crmcourse.authoring.grading import GradingError, grade_class

    try:
        report = grade_class(args.submissions, args.out, solutions=args.solutions, workers=args.workers,
                             progress=not args.quiet, keys=args.key, sandbox=args.sandbox,
                             **_given(timeout=args.timeout))
    except GradingError as exc:
        print(f"crmcourse grade: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0


def _site(args: argparse.Namespace) -> int:
    from crmcourse.authoring.site import SiteBuildError, build_site

    root = project_root()
    out = Path(args.out) if args.out else root / "build" / "site"
    try:
        report = build_site(out, root=root, only=args.only, jobs=args.jobs, node_modules=args.node_modules,
                            install=args.npm_install, languages=args.lang, **_given(timeout=args.timeout))
    except SiteBuildError as exc:
        print(f"crmcourse site: {exc}", file=sys.stderr)
        return 2
    print(f"built {len(report['built'])} of {len(report['notebooks'])} notebooks into {report['out']} "
          f"({report['bytes'] / 1e6:.1f} MB, {report['seconds']:.0f} s); open {report['out'] / 'index.html'}")
    return 1 if report["failed"] else 0


def _slides(args: argparse.Namespace) -> int:
    from crmcourse.authoring.site import SiteBuildError
    from crmcourse.authoring.slides import build_slides

    root = project_root()
    out = Path(args.out) if args.out else root / "build" / "slides"
    try:
        decks = build_slides(args.targets, out, root=root, node_modules=args.node_modules, install=args.npm_install,
                             languages=args.lang)
    except SiteBuildError as exc:
        print(f"crmcourse slides: {exc}", file=sys.stderr)
        return 2
    for deck in decks:
        print(f"wrote {deck}")
    print("Open a deck in a browser; arrow keys move, Esc shows the overview, S opens speaker notes.")
    return 0


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", action="append", choices=("en", "zh"), default=None,
                        help=_("only this edition (repeat for both; default: English and, when solutions/zh "
                               "exists, Chinese)"))


def _handouts(args: argparse.Namespace) -> int:
    from crmcourse.authoring.handouts import build_handouts
    from crmcourse.authoring.pdf import PrintError

    try:
        written = build_handouts(args.out, modules=args.module, key=not args.no_key, chromium=args.chromium,
                                 languages=args.lang)
    except PrintError as exc:  # HandoutError is one
        print(f"crmcourse handouts: {exc}", file=sys.stderr)
        return 2
    for pdf in written:
        print(f"wrote {pdf}")
    return 0


def _hub_dir(args: argparse.Namespace) -> Path:
    """``--dir`` given after the hub sub-command, else before it, else the default hub folder."""
    from crmcourse.authoring.hub import default_hub_dir

    return getattr(args, "sub_dir", None) or args.dir or default_hub_dir()


def _hub(args: argparse.Namespace) -> int:
    from crmcourse.authoring import lab
    from crmcourse.authoring.hub import HubSettings, HubSetupError, hub_command, parse_learners, prepare_hub
    from crmcourse.authoring.hub import read_learners_file

    try:
        if args.users_file:
            learners = read_learners_file(args.users_file) + (parse_learners(args.users) if args.users else [])
            learners = parse_learners(learners)
        else:
            learners = parse_learners(args.users or "")
        settings = HubSettings(_hub_dir(args), learners, code=args.code, ip=args.ip, port=args.port,
                               sandbox=False if args.no_sandbox else None)
        config, passwords = prepare_hub(settings)
    except HubSetupError as exc:
        print(f"crmcourse hub: {exc}", file=sys.stderr)
        return 2
    if passwords:
        print("Passwords for new learners (shown only this once; hand each learner theirs):")
        for name, password in passwords.items():
            print(f"  {name:<24} {password}")
    elif args.code is None:
        print("Every listed learner already has a password (from an earlier start).")
    shown = "127.0.0.1" if args.ip in ("0.0.0.0", "") else args.ip
    print(f"Starting JupyterHub for {len(learners)} learner(s) at http://{shown}:{args.port}/ "
          f"(configuration: {config}). Stop it with Ctrl+C.", flush=True)
    return lab.run_lab(hub_command(config), cwd=config.parent)


def _hub_collect(args: argparse.Namespace) -> int:
    from crmcourse.authoring.hub import HubSetupError
    from crmcourse.authoring.hub.trainer import collect

    try:
        report = collect(_hub_dir(args), args.name, args.out)
    except HubSetupError as exc:
        print(f"crmcourse hub collect: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0


def _hub_return(args: argparse.Namespace) -> int:
    from crmcourse.authoring.hub import HubSetupError
    from crmcourse.authoring.hub.trainer import return_feedback

    try:
        written = return_feedback(_hub_dir(args), args.submissions, args.grades)
    except HubSetupError as exc:
        print(f"crmcourse hub return: {exc}", file=sys.stderr)
        return 2
    for learner, page in written.items():
        print(f"{learner}: {page}")
    print(f"returned {len(written)} feedback page(s)")
    return 0


def _hub_update(args: argparse.Namespace) -> int:
    from crmcourse.authoring.hub import update_homes
    from crmcourse.authoring.learner import LearnerBuildError

    try:
        reports = update_homes(_hub_dir(args), args.solutions)
    except LearnerBuildError as exc:
        print(f"crmcourse hub update: {exc}", file=sys.stderr)
        return 1
    for learner, report in reports.items():
        print(f"{learner}: {len(report.written)} updated, {len(report.backed_up)} backed up first")
    print(f"updated {len(reports)} home(s)")
    return 0


def _nbgrader_export(args: argparse.Namespace) -> int:
    from crmcourse.authoring.nbgrader_export import ExportError, export_course

    try:
        report = export_course(args.dir, args.solutions, only=args.only, course_id=args.course_id)
    except ExportError as exc:
        print(f"crmcourse nbgrader export: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0


# --------------------------------------------------------------------------- the parser
def _assets_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--node-modules", default=None, metavar="DIR",
                        help=_("where the npm assets are installed (default: site/node_modules)"))
    parser.add_argument("--npm-install", action="store_true",
                        help=_("run `npm ci --prefix site` first if the assets are missing "
                               "(needs npm and the registry)"))


def build_parser() -> argparse.ArgumentParser:
    """The ``crmcourse`` argument parser: one sub-command per task, each with its handler.

    Returns
    -------
    argparse.ArgumentParser
        ``parse_args`` gives a namespace whose ``handler(namespace)`` runs the command.

    Raises
    ------
    None
        Building the parser imports nothing beyond :mod:`crmcourse.paths` and :mod:`crmcourse.i18n`:
        the help texts follow the language (``CRMCOURSE_LANG=zh crmcourse --help``).

    Examples
    --------
    >>> args = build_parser().parse_args(["learner", "--check"])
    >>> args.command, args.check, args.handler.__name__
    ('learner', True, '_learner')
    """
    parser = argparse.ArgumentParser(prog="crmcourse", description=_(
        "The ``crmcourse`` command: open the course, build learner notebooks, execute solutions, data."),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser("lab", help=_("open the course in JupyterLab"),
                         description=_("Open the learner notebooks in JupyterLab. Ctrl+C, or stopping this "
                                       "process (kill PID), stops JupyterLab and its kernels."))
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--ip", default="127.0.0.1")
    lab.add_argument("--no-browser", action="store_true", help=_("only print the address"))
    lab.add_argument("--token", default=None, help=_("fixed login token (default: JupyterLab makes one)"))
    lab.add_argument("--root", default=None, help=_("folder to serve: a workspace, a checkout or a folder of "
                       "notebooks (default: the workspace here or above, else the checkout's notebooks/, "
                       "else ~/crmcourse-workspace)"))
    lab.add_argument("--lang", default=None, choices=("en", "zh"),
                     help=_("course language: zh opens the Chinese notebooks with JupyterLab in Simplified Chinese "
                            "(default: the workspace's language, else $CRMCOURSE_LANG, else en)"))
    lab.add_argument("extra", nargs=argparse.REMAINDER, help=_("further JupyterLab options"))
    lab.set_defaults(handler=_lab)

    init = sub.add_parser("init", help=_("copy a fresh learner workspace (notebooks, solutions apart) to DIR"),
                          description=_("Copy the course notebooks into a workspace of your own: DIR/notebooks, "
                                        "and the worked solutions in DIR/solutions. Run again to refresh: a "
                                        "notebook you changed is first copied to .backup/ with a timestamp."))
    init.add_argument("dir", nargs="?", default=None, metavar="DIR",
                      help=_("the workspace folder (default: ~/crmcourse-workspace, or $CRMCOURSE_WORKSPACE)"))
    init.add_argument("--lang", default="en", choices=("en", "zh"), help=_("course language (default: en)"))
    init.add_argument("--no-solutions", action="store_true", help=_("leave the worked solutions out"))
    init.set_defaults(handler=_init)

    progress = sub.add_parser("progress", help=_("your progress across the course, from your saved notebooks"),
                              description=_("Read the checks saved in your notebooks; print, per module and "
                                            "notebook, exercises correct / tried / not yet answered and quiz "
                                            "scores, and write it as a page (progress.html)."))
    progress.add_argument("dir", nargs="?", default=None, metavar="DIR",
                          help=_("a workspace or a folder of notebooks (default: the workspace here or above)"))
    progress.add_argument("--out", default=None, metavar="FILE",
                          help=_("the HTML page (default: DIR/progress.html; in a checkout build/progress.html)"))
    progress.set_defaults(handler=_progress)

    learner = sub.add_parser("learner", help=_("generate notebooks/ from solutions/ (--check: verify)"),
                             description=_("Generate the learner notebooks (notebooks/) from the worked "
                                           "solutions (solutions/)."))
    learner.add_argument("--check", action="store_true",
                         help=_("write nothing; exit 1 if learner notebooks are stale, missing, orphaned or leak "
                                "solutions"))
    learner.add_argument("--solutions", metavar="DIR", type=Path, default=None,
                         help=_("solution notebooks folder (default: <project>/solutions)"))
    learner.add_argument("--partial-edition", action="store_true",
                         help=_("with --check: untranslated or fuzzy catalog entries of a language edition are "
                                "not errors (stale catalogs and drifted edition notebooks still are)"))
    learner.add_argument("--notebooks", metavar="DIR", type=Path, default=None,
                         help=_("learner notebooks folder (default: <project>/notebooks)"))
    learner.set_defaults(handler=_learner)

    execute = sub.add_parser("execute", help=_("re-execute solution notebooks in place"))
    execute.add_argument("paths", nargs="*")
    execute.add_argument("--timeout", type=int, default=None, help=_("seconds per cell (default: 600)"))
    execute.add_argument("--no-learner", action="store_true", help=_("do not regenerate notebooks/ afterwards"))
    execute.set_defaults(handler=_execute)

    data = sub.add_parser("data", help=_("case data: `crmcourse data generate`, `crmcourse data docs`"))
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    generate = data_sub.add_parser("generate", help=_("regenerate the synthetic case CSVs"),
                                   description=_("Generate the synthetic case-company CSVs. Without --out they go "
                                                 "to the repository's data/, only for size 1 and the default seed."))
    generate.add_argument("--case", default=None, help=_("one case company (default: all; see crmcourse.cases.CASES)"))
    generate.add_argument("--size", type=float, default=1.0, help=_("row-count multiplier (default 1)"))
    generate.add_argument("--seed", type=int, default=None, help=_("random seed (default: the committed data's)"))
    generate.add_argument("--out", default=None, help=_("output folder (default: the repository's data/)"))
    generate.set_defaults(handler=_data_generate)
    docs = data_sub.add_parser("docs", help=_("rewrite docs/data.md from data/tables.yml"))
    docs.set_defaults(handler=_data_docs)

    gl = sub.add_parser("glossary", help=_("look up a course term in English or Chinese"))
    gl.add_argument("term", nargs="+")
    gl.add_argument("--module", type=int, default=None)
    gl.set_defaults(handler=_glossary)

    hashing = sub.add_parser("hash", help=_("the stored hash of an answer, for an exercise declaration"),
                             description=_("Print the salted hash an exercise file stores for ANSWER."))
    hashing.add_argument("exercise", metavar="EXERCISE_ID")
    hashing.add_argument("answer", metavar="ANSWER")
    hashing.set_defaults(handler=_hash)

    grade = sub.add_parser("grade", help=_("grade a folder of submitted learner notebooks"),
                           description=_("Run every submitted notebook and write gradebook.csv and a class chart."))
    grade.add_argument("submissions", type=Path)
    grade.add_argument("--out", type=Path, default=None,
                       help=_("where gradebook.csv goes (default: SUBMISSIONS_DIR/../grades)"))
    grade.add_argument("--timeout", type=int, default=None, help=_("seconds per notebook (default: 120)"))
    grade.add_argument("--workers", type=int, default=None, help=_("notebooks run at once (default: cores)"))
    grade.add_argument("--solutions", type=Path, default=None, help=_("solutions/ folder (default: the course's)"))
    grade.add_argument("--quiet", action="store_true", help=_("no progress bar"))
    grade.add_argument("--key", type=Path, action="append", default=None, metavar="PATH",
                       help=_("exam answer key file or folder, repeatable (default: SOLUTIONS/answer_keys)"))
    grade.add_argument("--sandbox", choices=("auto", "bubblewrap", "none"), default="auto",
                       help=_("run each notebook in bubblewrap: auto (when it works; else say so), "
                              "bubblewrap (required), none (default: auto; see docs/grading.md)"))
    grade.set_defaults(handler=_grade)

    site = sub.add_parser("site", help=_("build the offline HTML course site (build/site)"),
                          description=_("Build the static self-study site of the course (works offline): course "
                                        "map, learner pages run with nothing answered, worked solutions apart, "
                                        "glossary."))
    site.add_argument("--out", default=None, help=_("output folder (default: build/site)"))
    site.add_argument("--only", nargs="+", default=[], metavar="NAME",
                      help=_("only these notebooks or module folders, e.g. 00_start_here 01_satisfaction"))
    site.add_argument("--jobs", type=int, default=None, help=_("notebooks run in parallel (default: up to 4)"))
    site.add_argument("--timeout", type=int, default=None, help=_("seconds per cell (default: 600)"))
    _assets_options(site)
    _language_option(site)
    site.set_defaults(handler=_site)

    slides = sub.add_parser("slides", help=_("export a module's solutions as offline reveal.js slides"),
                            description=_("Export notebooks as reveal.js slides that work offline. Give solution "
                                          "notebooks or module folders, e.g. solutions/01_satisfaction or "
                                          "00_start_here."))
    slides.add_argument("targets", nargs="+", metavar="MODULE_DIR_OR_NOTEBOOK")
    slides.add_argument("--out", default=None, help=_("output folder (default: build/slides)"))
    _assets_options(slides)
    _language_option(slides)
    slides.set_defaults(handler=_slides)

    handouts = sub.add_parser("handouts",
                              help=_("printable PDF handouts per module and a trainer key (build/handouts)"),
                              description=_("Print, offline through headless Chromium, one learner handout per module "
                                            "(key terms EN/中文, frameworks, exercises without answers) and a trainer "
                                            "key (answers, self-check model answers, quiz answers)."))
    handouts.add_argument("--out", default=None, help=_("output folder (default: build/handouts)"))
    handouts.add_argument("--module", nargs="+", default=[], metavar="FOLDER",
                          help=_("only these modules, e.g. 01_satisfaction capstone (the key covers the same)"))
    handouts.add_argument("--no-key", action="store_true", help=_("learner handouts only"))
    handouts.add_argument("--chromium", default=None, help=_("the browser that prints (default: /usr/bin/chromium)"))
    _language_option(handouts)
    handouts.set_defaults(handler=_handouts)

    hub = sub.add_parser("hub", help=_("JupyterHub for a class on this machine (collect, return, update)"),
                         description=_("Start JupyterHub for a class: one JupyterLab per learner, each home a copy "
                                       "of the course (docs/classroom.md). Needs pip install -e '.[classroom]' and "
                                       "npm ci --prefix classroom."))
    hub.add_argument("--dir", type=Path, default=None,
                     help=_("the hub's folder: state and learner homes "
                            "(default: ~/crmcourse-hub or $CRMCOURSE_HUB_DIR)"))
    hub.add_argument("--ip", default="127.0.0.1", help=_("address to listen on (default: this machine only; "
                       "0.0.0.0 opens the hub to the room)"))
    hub.add_argument("--port", type=int, default=8000)
    hub.add_argument("--users", default=None, metavar="NAMES", help=_("learner names, comma-separated: alice,bob"))
    hub.add_argument("--users-file", default=None, metavar="CSV", help=_("learner names, one per row (column 'name')"))
    hub.add_argument("--code", default=None, metavar="WORD",
                     help=_("one workshop code for everyone (at least 8 characters); without it each learner "
                            "gets a password, printed once"))
    hub.add_argument("--no-sandbox", action="store_true",
                     help=_("do not run learner servers inside bubblewrap even when it is installed"))
    hub.set_defaults(handler=_hub)
    hub_sub = hub.add_subparsers(dest="hub_command", metavar="HUB_COMMAND")
    collect = hub_sub.add_parser("collect", help=_("copy every learner's notebook NAME into submissions/<learner>/"))
    collect.add_argument("name", metavar="NAME", help=_("a notebook (00_start_here) or a module (01_satisfaction)"))
    collect.add_argument("--out", type=Path, default=Path("submissions"), help=_("default: ./submissions"))
    collect.set_defaults(handler=_hub_collect)
    giveback = hub_sub.add_parser("return", help=_("put each graded learner's feedback page into their home"))
    giveback.add_argument("--submissions", type=Path, default=Path("submissions"), help=_("default: ./submissions"))
    giveback.add_argument("--grades", type=Path, default=None,
                          help=_("the folder of gradebook.csv (default: grades/ beside the submissions)"))
    giveback.set_defaults(handler=_hub_return)
    update = hub_sub.add_parser("update",
                                help=_("bring every home up to the course; changed notebooks backed up first"))
    update.add_argument("--solutions", type=Path, default=None, help=_("default: the course's solutions/"))
    update.set_defaults(handler=_hub_update)
    for hub_parser in (collect, giveback, update):
        hub_parser.add_argument("--dir", dest="sub_dir", type=Path, default=None,
                                help=_("the hub's folder (as for crmcourse hub)"))

    tr = sub.add_parser("translate", help=_("the Chinese edition: catalogs per notebook (extract, update, "
                                            "build, status, check)"),
                        description=_("Make the Chinese notebooks from the English solutions through one gettext "
                                      "catalog per notebook, translations/zh_CN/<path>.po (docs/i18n.md)."))
    tr_sub = tr.add_subparsers(dest="translate_command", metavar="STEP", required=True)
    steps = {"extract": N_("create the catalog of each notebook that has none (existing catalogs are kept)"),
             "update": N_("merge the English notebooks' changes into the catalogs (changed cells become fuzzy)"),
             "build": N_("write solutions/zh/… (executed) and notebooks/zh/… from the catalogs"),
             "status": N_("translated / fuzzy / missing messages per notebook"),
             "check": N_("fail on a missing, fuzzy or stale catalog entry or a notebook not as generated")}
    for step, text in steps.items():
        text = _(text)
        one = tr_sub.add_parser(step, help=text, description=_("{text}.").format(text=text[0].upper() + text[1:]))
        one.add_argument("--lang", default="zh", choices=("zh",), help=_("edition language (default: zh)"))
        one.add_argument("--solutions", metavar="DIR", type=Path, default=None,
                         help=_("English solution notebooks (default: <project>/solutions)"))
        one.add_argument("--translations", metavar="DIR", type=Path, default=None,
                         help=_("catalogs folder (default: translations/ beside the solutions folder)"))
        if step in ("extract", "update", "build"):
            one.add_argument("paths", nargs="*", metavar="NOTEBOOK",
                             help=_("only these notebooks (e.g. 01_satisfaction/03_kano.ipynb; default: all)"))
        if step == "build":
            one.add_argument("--notebooks", metavar="DIR", type=Path, default=None,
                             help=_("learner notebooks folder (default: <project>/notebooks)"))
            one.add_argument("--timeout", type=int, default=600, help=_("seconds per cell (default: 600)"))
            one.add_argument("--no-learner", action="store_true", help=_("do not regenerate notebooks/ afterwards"))
        if step == "check":
            one.add_argument("--partial", action="store_true",
                             help=_("untranslated or fuzzy entries are not errors (stale and drift still are)"))
        one.set_defaults(handler=_translate)

    nbg = sub.add_parser("nbgrader", help=_("use the course with nbgrader (export)"))
    nbg_sub = nbg.add_subparsers(dest="nbgrader_command", metavar="NBGRADER_COMMAND", required=True)
    export = nbg_sub.add_parser("export", help=_("write an nbgrader course directory (source/<assignment>/…)"),
                                description=_("Write DIR/nbgrader_config.py and DIR/source/<assignment>/ with nbgrader "
                                              "cell metadata: answer cells from the solution markers, autograder tests "
                                              "from the checks (docs/trainer-guide.md)."))
    export.add_argument("dir", type=Path, metavar="DIR")
    export.add_argument("--only", nargs="+", default=None, metavar="ASSIGNMENT",
                        help=_("only these assignments, e.g. 00_start_here 01_satisfaction"))
    export.add_argument("--solutions", type=Path, default=None, help=_("default: the course's solutions/"))
    export.add_argument("--course-id", default="crm-workshop")
    export.set_defaults(handler=_nbgrader_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``crmcourse`` command (and of ``python -m crmcourse``).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the command name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 on success; 1 or 2 as each sub-command documents (2 also when
        ``CRMCOURSE_LANG`` names no language).

    Raises
    ------
    SystemExit
        From argparse, for ``--help`` or arguments it cannot parse (status 2).

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main([])
    >>> status, "learner" in out.getvalue()
    (0, True)
    """
    skip_unused_iri_checker()  # ~1 s off every command that reads a notebook (crmcourse._startup)
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
    except CourseDataError as exc:  # CRMCOURSE_LANG holds no language: the help texts cannot be chosen
        print(f"crmcourse: {exc}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
