"""What the ``crmcourse translate …`` commands and ``crmcourse learner --check`` do for editions.

Each function prints its report and returns the exit status; :mod:`crmcourse.cli` only parses
the arguments. Paths default to the checkout's ``solutions/``, ``notebooks/`` and
``translations/`` (the sibling of ``solutions/``).
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from crmcourse.errors import CourseDataError

__all__ = ["run_extract", "run_update", "run_build", "run_status", "run_check", "learner_check",
           "EDITION_LOCALES"]

#: The edition languages and their catalog locales (``edition.build.LANGUAGES``, kept here so that
#: ``crmcourse learner --check`` needs no Babel when a checkout has no translations/ folder).
EDITION_LOCALES = {"zh": "zh_CN"}


def _tools():
    """The edition modules (they need Babel, a development dependency: `pip install -e ".[dev]"`)."""
    try:
        from crmcourse.authoring.edition import build, catalogs, workflow
    except ModuleNotFoundError as err:
        if err.name != "babel":
            raise
        raise CourseDataError("the Chinese edition's tools need Babel, which is not installed",
                              fix='install the development tools: pip install -e ".[dev]"') from None
    return build, catalogs, workflow


def _dirs(solutions, translations):
    from crmcourse.authoring.edition.workflow import translations_dir_for
    from crmcourse.paths import solutions_dir

    solutions = Path(solutions) if solutions is not None else solutions_dir()
    translations = Path(translations) if translations is not None else translations_dir_for(solutions)
    return _shown(solutions), _shown(translations)


def _shown(path: Path) -> Path:
    """*path* relative to the current folder when it is inside it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _fail(err: Exception) -> int:
    print(f"error: {err}", file=sys.stderr)
    return 1


def run_extract(*, solutions=None, translations=None, lang="zh", paths=None) -> int:
    """``crmcourse translate extract``: create the missing catalogs (existing ones are kept)."""
    try:
        build, catalogs, workflow = _tools()
        solutions, translations = _dirs(solutions, translations)
        done = workflow.extract_all(solutions, translations, lang=lang, paths=paths)
    except CourseDataError as err:
        return _fail(err)
    counts = Counter(done.values())
    print(f"catalogs in {translations / build.locale_of(lang)}: {counts['written']} written, {counts['kept']} kept "
          f"(kept ones: `crmcourse translate update` merges the English changes into them)")
    return 0


def run_update(*, solutions=None, translations=None, lang="zh", paths=None) -> int:
    """``crmcourse translate update``: merge a fresh extraction into every catalog."""
    try:
        _build, catalogs, workflow = _tools()
        solutions, translations = _dirs(solutions, translations)
        done = workflow.update_all(solutions, translations, lang=lang, paths=paths)
    except CourseDataError as err:
        return _fail(err)
    for rel, what in done.items():
        if what == "written":
            print(f"{rel}: new catalog")
        elif isinstance(what, catalogs.MergeReport) and (what.added or what.fuzzy or what.revived):
            print(f"{rel}: {what.added} new, {what.fuzzy} fuzzy (English changed: review), "
                  f"{what.revived} restored from obsolete, {what.obsolete} obsolete kept")
    print(f"{len(done)} catalogs up to date with the English notebooks")
    return 0


def run_build(*, solutions=None, translations=None, notebooks=None, lang="zh", paths=None, timeout=600,
              learner=True) -> int:
    """``crmcourse translate build``: generate, execute and store the edition, then its learner copies."""
    from crmcourse.authoring.learner import LearnerBuildError, build
    from crmcourse.authoring.runner import NotebookRunError
    from crmcourse.paths import notebooks_dir

    try:
        build_module, _catalogs, _workflow = _tools()
        solutions, translations = _dirs(solutions, translations)
        report = build_module.build_edition(solutions, translations, lang=lang, paths=paths, timeout=timeout)
    except (CourseDataError, NotebookRunError) as err:
        return _fail(err)
    print(f"{lang} edition: {len(report.written)} written, {len(report.unchanged)} unchanged")
    for rel in report.written:
        print(f"  written: {(solutions / lang / rel).as_posix()}")
    if report.untranslated:
        per = Counter(u.notebook for u in report.untranslated)
        print(f"{len(report.untranslated)} messages kept in English (no translation yet, or fuzzy):")
        for name, count in per.items():
            print(f"  {name}: {count}")
    if learner:
        try:
            learner_report = build(solutions, Path(notebooks) if notebooks else notebooks_dir())
        except (LearnerBuildError, OSError) as err:
            return _fail(err)
        print(learner_report.summary())
    return 0


def run_status(*, solutions=None, translations=None, lang="zh") -> int:
    """``crmcourse translate status``: translated / fuzzy / missing per notebook."""
    try:
        _build, _catalogs, workflow = _tools()
        solutions, translations = _dirs(solutions, translations)
        rows = workflow.status(solutions, translations, lang=lang)
    except CourseDataError as err:
        return _fail(err)
    print(workflow.status_table(rows))
    return 0


def run_check(*, solutions=None, translations=None, lang="zh", partial=False) -> int:
    """``crmcourse translate check``: the edition part of ``crmcourse learner --check``."""
    try:
        _build, _catalogs, workflow = _tools()
        solutions, translations = _dirs(solutions, translations)
        problems = workflow.check_edition(solutions, translations, lang=lang, partial=partial)
    except CourseDataError as err:
        return _fail(err)
    if problems:
        print(f"{len(problems)} problem(s) in the {lang} edition:")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print(f"{lang} edition: every catalog {'current' if partial else 'complete and current'}, "
          f"every notebook as generated")
    return 0


def learner_check(solutions=None, *, partial=False) -> int:
    """The edition checks ``crmcourse learner --check`` adds; nothing to do without translations/."""
    from crmcourse.paths import solutions_dir

    solutions = Path(solutions) if solutions is not None else solutions_dir()
    translations = solutions.resolve().parent / "translations"
    status_code = 0
    for lang, locale in EDITION_LOCALES.items():
        if (translations / locale).is_dir() or (solutions / lang).is_dir():
            status_code = max(status_code, run_check(solutions=solutions, translations=translations,
                                                     lang=lang, partial=partial))
    return status_code
