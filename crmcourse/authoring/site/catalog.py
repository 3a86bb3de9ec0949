"""The course's notebooks as the site sees them: where each one is and what its first cell says.

>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 0 Start\\n*开始*")])
>>> notebook_info(nb)["subtitle"]
'开始'
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Iterable

import nbformat

from crmcourse.authoring.site.base import SiteBuildError
from crmcourse.authoring.site.editions import edition_dirs, is_edition_path
from crmcourse.paths import project_root

__all__ = ["CAPSTONE", "NotebookEntry", "notebook_info", "collect", "module_titles"]

@dataclasses.dataclass
class NotebookEntry:
    """One course notebook: where its solution and learner versions are, and what its first cell says."""

    rel: Path                 # path relative to solutions/ (and notebooks/), e.g. 01_satisfaction/03_kano.ipynb
    solution: Path
    learner: Path | None      # None: not generated yet (the site builds it in memory)
    module: int
    module_dir: str           # "" for notebooks at the top level
    title: str
    subtitle: str
    time: str
    minutes: int | None
    language: str = "en"      # the edition: "en" (solutions/…) or "zh" (solutions/zh/…)

    @property
    def stem(self) -> str:
        return self.rel.with_suffix("").as_posix()

    @property
    def page(self) -> str:
        """Path of the learner page inside the site."""
        return "notebooks/" + self.rel.with_suffix(".html").as_posix()

    @property
    def solution_page(self) -> str:
        return "solutions/" + self.rel.with_suffix(".html").as_posix()


def notebook_info(nb: nbformat.NotebookNode) -> dict:
    """Title, Chinese subtitle and time estimate from a course notebook's first markdown cell.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "# 1.1 Ratio\\n*客户满意*\\n\\n| | |\\n|---|---|\\n| **Time** | about 45 minutes |")])
    >>> notebook_info(nb)
    {'title': '1.1 Ratio', 'subtitle': '客户满意', 'time': 'about 45 minutes', 'minutes': 45}

    The Chinese edition's first cell reads the same way (``**时间** | 约 1.5 小时``):

    >>> zh = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "# 1.1 满意度\\n*Ratio*\\n\\n| | |\\n|---|---|\\n| **时间** | 约 1.5 小时 |")])
    >>> notebook_info(zh)["minutes"]
    90
    """
    # the first markdown cell: a Chinese notebook starts with its set_language("zh") code cell
    source = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title = subtitle = time_text = ""
    for line in source.splitlines():
        line = line.strip()
        if not title and line.startswith("# "):
            title = line[2:].strip()
        elif title and not subtitle and re.fullmatch(r"\*[^*].*\*", line):
            subtitle = line.strip("*").strip()
    found = re.search(r"\*\*(?:Time|时间|用时|学习时间|时长)\*\*\s*\|\s*([^|\n]+)", source)
    if found:
        time_text = found.group(1).strip()
    minutes = None
    hours = re.search(r"(\d+(?:\.\d+)?)\s*(?:h(?:ours?)?\b|小时)", time_text)
    mins = re.search(r"(\d+)\s*(?:min|分钟)", time_text)
    if hours or mins:
        minutes = round(float(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0)
    return {"title": title, "subtitle": subtitle, "time": time_text, "minutes": minutes}


CAPSTONE = 99  # sorts after the numbered modules


def _module_number(rel: Path) -> int:
    """Module of a notebook path: 0 for top-level notebooks, NN for ``NN_topic/``, CAPSTONE for ``capstone/``.

    >>> _module_number(Path("00_start_here.ipynb")), _module_number(Path("03_spin/01_x.ipynb"))
    (0, 3)
    >>> _module_number(Path("capstone/01_listen.ipynb")) == CAPSTONE
    True
    """
    if len(rel.parts) == 1:
        return 0
    found = re.match(r"(\d+)", rel.parts[0])
    return int(found.group(1)) if found else CAPSTONE


def collect(root: Path | None = None, only: Iterable[str] = (), *, language: str = "en") -> list[NotebookEntry]:
    """Every solution notebook of one edition (sorted), with its learner twin.

    English: ``root/solutions`` and ``root/notebooks`` (without their ``zh/`` folders); Chinese
    (``language="zh"``): ``root/solutions/zh`` and ``root/notebooks/zh``, the paths the same.
    ``only`` keeps notebooks whose stem (``00_start_here``), relative path without suffix
    (``01_satisfaction/03_kano``) or module folder (``01_satisfaction``) is listed.
    """
    root = Path(root) if root is not None else project_root()
    solutions, learners = edition_dirs(root, language)
    if not solutions.is_dir():
        raise SiteBuildError(f"{solutions} does not exist: run crmcourse from the course checkout"
                             if language == "en" else f"{solutions} does not exist: build the Chinese edition first")
    wanted = {w.strip().removesuffix(".ipynb").strip("/") for w in only if w.strip()}
    entries = []
    for path in sorted(solutions.rglob("*.ipynb")):
        rel = path.relative_to(solutions)
        if any(part.startswith(".") for part in rel.parts) or (language == "en" and is_edition_path(rel)):
            continue
        keys = {rel.stem, rel.with_suffix("").as_posix(), *(p for p in rel.parts[:-1])}
        if wanted and not (keys & wanted):
            continue
        info = notebook_info(nbformat.read(path, as_version=4))
        learner = learners / rel
        entries.append(NotebookEntry(
            rel=rel, solution=path, learner=learner if learner.is_file() else None,
            module=_module_number(rel), module_dir=rel.parts[0] if len(rel.parts) > 1 else "",
            title=info["title"] or rel.stem, subtitle=info["subtitle"], time=info["time"],
            minutes=info["minutes"], language=language))
    if wanted and not entries:
        raise SiteBuildError(f"no solution notebook matches --only {' '.join(sorted(wanted))}: give a "
                             "notebook name (00_start_here), a module folder (01_satisfaction) or both")
    return entries


def module_titles(root: Path, language: str = "en") -> dict[int, str]:
    """Module number → topic, read from the course map table in ``00_start_here.ipynb`` of the edition.

    The table is the one whose header starts with ``Module`` (Chinese edition: ``模块``); a
    Chinese edition without that notebook gets no titles (the caller falls back to folders).

    >>> from crmcourse.paths import project_root
    >>> module_titles(project_root())[1].startswith("Customer satisfaction")
    True
    """
    start = edition_dirs(root, language)[0] / "00_start_here.ipynb"
    titles: dict[int, str] = {}
    if start.is_file():
        for cell in nbformat.read(start, as_version=4).cells:
            if cell.cell_type == "markdown" and re.search(r"^\|\s*(?:Module|模块)\s*\|", cell.source, re.M):
                for row in re.finditer(r"^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|", cell.source, re.M):
                    titles[int(row.group(1))] = row.group(2)
                break
    return titles
