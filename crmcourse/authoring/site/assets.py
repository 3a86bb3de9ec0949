"""The offline JavaScript of the site and the slides: pinned npm packages copied into ``_static/``.

nbconvert's pages load require.js, the widget html-manager, MathJax, jQuery and reveal.js from
CDNs. Here every one of them comes from the npm packages pinned in ``site/package.json``
(``npm ci --prefix site``) and is copied into ``OUT/_static/``, so the output works from
``file://`` with the network off.

>>> sorted(ASSETS) == sorted(set(SITE_GROUPS) | set(SLIDES_GROUPS))
True
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable

from crmcourse.authoring.site.base import NPM_HINT, SiteBuildError
from crmcourse.authoring.site.rendering import NBCONVERT_CSS
from crmcourse.paths import project_root

__all__ = ["ASSETS", "SITE_GROUPS", "SLIDES_GROUPS", "REVEAL_THEME", "find_node_modules", "missing_assets",
           "copy_assets"]

#: The reveal.js theme of the decks (its CSS is one of the assets).
REVEAL_THEME = "white"

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
}
SITE_GROUPS = ("require", "widgets", "mathjax")
SLIDES_GROUPS = ("require", "widgets", "mathjax", "jquery", "reveal")


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
