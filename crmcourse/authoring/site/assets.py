"""The offline JavaScript of the site and the slides: pinned npm packages copied into ``_static/``.

nbconvert's pages load require.js, the widget html-manager, MathJax, jQuery and reveal.js from
CDNs. Here every one of them comes from the npm packages pinned in ``site/package.json``
(``npm ci --prefix site``) and is copied into ``OUT/_static/``, so the output works from
``file://`` with the network off.

The Chinese edition adds the group ``cjk-font`` (:data:`ZH_GROUPS`): the Noto Sans SC web font
of npm ``@fontsource/noto-sans-sc``, regular and bold, as woff2 subsets with a ``unicode-range``
each (a page loads only the subsets its characters need), under ``_static/fonts/noto-sans-sc/``.

>>> sorted(ASSETS) == sorted(set(SITE_GROUPS) | set(SLIDES_GROUPS) | set(ZH_GROUPS))
True
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable

from crmcourse.authoring.site.base import NPM_HINT, SiteBuildError
from crmcourse.authoring.site.rendering import NBCONVERT_CSS
from crmcourse.paths import project_root

__all__ = ["ASSETS", "SITE_GROUPS", "SLIDES_GROUPS", "ZH_GROUPS", "REVEAL_THEME", "FONT_PACKAGE", "FONT_CSS",
           "find_node_modules", "missing_assets", "copy_assets", "copy_cjk_font"]

#: The reveal.js theme of the decks (its CSS is one of the assets).
REVEAL_THEME = "white"

#: The npm package of the CJK web font, its weights shipped, and where its stylesheet goes in _static/.
FONT_PACKAGE = "@fontsource/noto-sans-sc"
FONT_WEIGHTS = (400, 700)
FONT_DIR = "fonts/noto-sans-sc"
FONT_CSS = f"{FONT_DIR}/noto-sans-sc.css"

# Files copied from site/node_modules into OUT/_static: (source, destination) per group.
# A source ending in "/" is a folder copied whole; "*" globs within one folder.
ASSETS: dict[str, list[tuple[str, str]]] = {
    "require": [("requirejs/require.js", "require.js")],
    "widgets": [
        ("@jupyter-widgets/html-manager/dist/embed-amd.js", "html-manager/embed-amd.js"),
        # Font Awesome of the widget icons; Chromium/Firefox only ever ask for woff2/woff
        ("@jupyter-widgets/html-manager/dist/*.woff2", "html-manager/"),
        ("@jupyter-widgets/html-manager/dist/*.woff", "html-manager/"),
    ],
    "mathjax": [
        ("mathjax/MathJax.js", "mathjax/MathJax.js"),
        ("mathjax/config/TeX-AMS_CHTML.js", "mathjax/config/TeX-AMS_CHTML.js"),
        ("mathjax/config/Safe.js", "mathjax/config/Safe.js"),
        ("mathjax/extensions/*.js", "mathjax/extensions/"),
        ("mathjax/extensions/TeX/", "mathjax/extensions/TeX/"),
        ("mathjax/extensions/a11y/accessibility-menu.js", "mathjax/extensions/a11y/accessibility-menu.js"),
        ("mathjax/jax/input/TeX/", "mathjax/jax/input/TeX/"),
        ("mathjax/jax/element/mml/", "mathjax/jax/element/mml/"),
        ("mathjax/jax/output/CommonHTML/", "mathjax/jax/output/CommonHTML/"),
        ("mathjax/jax/output/PreviewHTML/", "mathjax/jax/output/PreviewHTML/"),
        ("mathjax/fonts/HTML-CSS/TeX/woff/", "mathjax/fonts/HTML-CSS/TeX/woff/"),
    ],
    "jquery": [("jquery/dist/jquery.min.js", "jquery.min.js")],
    "reveal": [
        ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.js"),
        ("reveal.js/dist/reveal.css", "reveal.js/dist/reveal.css"),
        (f"reveal.js/dist/theme/{REVEAL_THEME}.css", f"reveal.js/dist/theme/{REVEAL_THEME}.css"),
        # the theme's font: browsers take the woff (eot is for old IE, ttf a fallback)
        ("reveal.js/dist/theme/fonts/source-sans-pro/*.css", "reveal.js/dist/theme/fonts/source-sans-pro/"),
        ("reveal.js/dist/theme/fonts/source-sans-pro/*.woff", "reveal.js/dist/theme/fonts/source-sans-pro/"),
        ("reveal.js/dist/theme/fonts/source-sans-pro/LICENSE", "reveal.js/dist/theme/fonts/source-sans-pro/LICENSE"),
        ("reveal.js/plugin/notes/notes.js", "reveal.js/plugin/notes/notes.js"),
    ],
    # the stylesheets are rewritten by copy_cjk_font (woff2 only); the license travels with the font
    "cjk-font": [*((f"{FONT_PACKAGE}/{w}.css", "") for w in FONT_WEIGHTS),
                 (f"{FONT_PACKAGE}/LICENSE", f"{FONT_DIR}/LICENSE")],
}
SITE_GROUPS = ("require", "widgets", "mathjax")
SLIDES_GROUPS = ("require", "widgets", "mathjax", "jquery", "reveal")
ZH_GROUPS = ("cjk-font",)


def find_node_modules(root: Path | None = None, node_modules: str | os.PathLike | None = None,
                      *, install: bool = False, groups: Iterable[str] = SITE_GROUPS) -> Path:
    """``site/node_modules`` with every asset file of ``groups``; raises :class:`SiteBuildError` if not.

    With ``install=True`` and npm on the PATH, runs ``npm ci --prefix site`` first when needed.
    """
    root = Path(root) if root is not None else project_root()
    folder = Path(node_modules) if node_modules else root / "site" / "node_modules"
    missing = missing_assets(folder, groups)
    if missing and install and not node_modules:
        npm = shutil.which("npm")
        if npm is None:
            raise SiteBuildError("npm is not on the PATH: install Node.js 18+ (with npm), then run "
                                 f"`{NPM_HINT}` in {root}")
        print(f"running: {NPM_HINT}", flush=True)
        done = subprocess.run([npm, "ci", "--prefix", str(root / "site"), "--no-audit", "--no-fund"])
        if done.returncode:
            raise SiteBuildError(f"`{NPM_HINT}` failed (exit {done.returncode}); see npm's message above")
        missing = missing_assets(folder, groups)
    if missing:
        raise SiteBuildError(
            f"the offline JavaScript assets are not installed ({folder} lacks {missing[0]}"
            f"{f' and {len(missing) - 1} more' if len(missing) > 1 else ''}). Run once:\n\n"
            f"    {NPM_HINT}\n\nin {root} (needs Node.js and npm; it installs the versions pinned in "
            "site/package-lock.json), or pass --npm-install to let this command run it.")
    _warn_version_drift(root, folder)
    return folder


def missing_assets(folder: Path, groups: Iterable[str]) -> list[str]:
    """The asset files of ``groups`` that ``folder`` (a ``node_modules``) lacks, as npm paths.

    >>> missing_assets(Path("/no/such/folder"), ["jquery"])
    ['jquery/dist/jquery.min.js']
    """
    missing = []
    for group in groups:
        for src, _ in ASSETS[group]:
            path = folder / src
            if not (any(path.parent.glob(path.name)) if "*" in src else path.exists()):
                missing.append(src)
    return missing


def _warn_version_drift(root: Path, folder: Path) -> None:
    manifest = root / "site" / "package.json"
    if not manifest.is_file():
        return
    for name, want in json.loads(manifest.read_text(encoding="utf-8")).get("dependencies", {}).items():
        installed = folder / name / "package.json"
        if installed.is_file():
            have = json.loads(installed.read_text(encoding="utf-8")).get("version")
            if have != want:
                print(f"warning: site/node_modules has {name} {have}, site/package.json pins {want}: "
                      f"run `{NPM_HINT}`", file=sys.stderr)


def copy_assets(node_modules: Path, static: Path, groups: Iterable[str] = SITE_GROUPS) -> list[Path]:
    """Copy the asset files of ``groups`` from ``node_modules`` into ``static``; returns the files."""
    written = []
    for group in groups:
        if group == "cjk-font":
            written += copy_cjk_font(node_modules, static)
            continue
        for src, dest in ASSETS[group]:
            if src.endswith("/"):
                target = static / dest
                shutil.copytree(node_modules / src, target, dirs_exist_ok=True)
                written += [p for p in target.rglob("*") if p.is_file()]
                continue
            sources = sorted((node_modules / src).parent.glob(Path(src).name)) if "*" in src else [node_modules / src]
            for path in sources:
                target = static / dest / path.name if dest.endswith("/") else static / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                written.append(target)
    written += _copy_nbconvert_css(static)
    return written


_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.S)
_WOFF2 = re.compile(r"url\((\./files/[\w.-]+\.woff2)\)\s*format\(['\"]woff2['\"]\)")


def copy_cjk_font(node_modules: Path, static: Path) -> list[Path]:
    """Copy the Noto Sans SC woff2 subsets into ``static/fonts/noto-sans-sc/`` with their stylesheet.

    The package's ``400.css`` and ``700.css`` name a woff2 and a woff file per subset; every
    browser that runs the site reads woff2, so the stylesheet written keeps only those (half
    the size) and every file it names is copied.

    Parameters
    ----------
    node_modules : Path
        ``site/node_modules`` with ``@fontsource/noto-sans-sc``.
    static : Path
        The ``_static`` folder.

    Returns
    -------
    list of Path
        The files written (the stylesheet first).

    Raises
    ------
    SiteBuildError
        The package is missing or its stylesheets name no woff2 file.

    Examples
    --------
    >>> copy_cjk_font(Path("/no/such/node_modules"), Path("/tmp/unused"))
    Traceback (most recent call last):
    ...
    crmcourse.authoring.site.base.SiteBuildError: the CJK web font is not installed (/no/such/node_modules lacks @fontsource/noto-sans-sc/400.css): run `npm ci --prefix site`
    """
    package = Path(node_modules) / FONT_PACKAGE
    target = Path(static) / FONT_DIR
    faces, files = [], []
    for weight in FONT_WEIGHTS:
        css = package / f"{weight}.css"
        if not css.is_file():
            raise SiteBuildError(f"the CJK web font is not installed ({node_modules} lacks "
                                 f"{FONT_PACKAGE}/{weight}.css): run `{NPM_HINT}`")
        for face in _FACE.findall(css.read_text(encoding="utf-8")):
            found = _WOFF2.search(face)
            if found is None:
                continue
            faces.append(re.sub(r"src:[^;]*;", f"src: url({found.group(1)}) format('woff2');", face))
            files.append(found.group(1)[2:])
    if not files:
        raise SiteBuildError(f"{package} names no woff2 file: reinstall it with `{NPM_HINT}`")
    version = json.loads((package / "package.json").read_text(encoding="utf-8")).get("version", "?")
    (target / "files").mkdir(parents=True, exist_ok=True)
    sheet = target / "noto-sans-sc.css"
    sheet.write_text(f"/* Noto Sans SC {', '.join(map(str, FONT_WEIGHTS))} from npm {FONT_PACKAGE} {version} "
                     "(SIL Open Font License 1.1, see LICENSE): woff2 subsets, one unicode-range each. */\n"
                     + "\n\n".join(faces) + "\n", encoding="utf-8")
    written = [sheet]
    for rel in files:
        shutil.copyfile(package / rel, target / rel)
        written.append(target / rel)
    shutil.copyfile(package / "LICENSE", target / "LICENSE")
    return [*written, target / "LICENSE"]


def _copy_nbconvert_css(static: Path) -> list[Path]:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    env = exporter.environment
    written = []
    for name in NBCONVERT_CSS:
        target = static / "nbconvert" / Path(name).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.loader.get_source(env, name)[0], encoding="utf-8")
        written.append(target)
    return written
