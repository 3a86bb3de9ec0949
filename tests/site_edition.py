"""A tiny fake course with an English and a Chinese edition, for the site, slides and handouts tests.

``make_course(root)`` writes, in the layout of a checkout:

* ``solutions/00_start_here.ipynb`` (with the course-map table) and ``solutions/01_demo/01_ratio.ipynb``
  (key terms, a framework table, one checked exercise, a wrap-up) and
  ``solutions/01_demo/02_english_only.ipynb`` — which has no Chinese twin;
* ``solutions/zh/…`` — Chinese twins of the first two, with the same cell ids, Chinese markdown and
  ``crmcourse.set_language("zh")`` first, as the generated edition has;
* the English learner copies in ``notebooks/`` and the Chinese one of ``00_start_here`` only in
  ``notebooks/zh/`` (the other is made from its solution by whoever needs it).

The exercise is the real ``m0_demo_ratio`` (answer 10 / 8), so the notebooks run in a kernel.
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from crmcourse.authoring.learner import make_learner_notebook

START_EN = "# Start here — a demo course\n*开始*\n\n| | |\n|---|---|\n| **Time** | about 10 minutes |\n"
START_ZH = "# 从这里开始——演示课程\n*Start here*\n\n| | |\n|---|---|\n| **时间** | 约 10 分钟 |\n"
MAP_EN = "## The course map\n\n| Module | Topic |\n|---|---|\n| 0 | Start here |\n| 1 | Demo satisfaction (满意度) |\n"
MAP_ZH = "## 课程地图\n\n| 模块 | 主题 |\n|---|---|\n| 0 | 从这里开始 |\n| 1 | 满意度演示 |\n"

RATIO_EN = [
    ("md", "# 1.1 Satisfaction as a ratio\n*客户满意度*\n\n| | |\n|---|---|\n"
           "| **You will learn** | how perceived performance and expectation make satisfaction |\n"
           "| **Time** | about 30 minutes |\n\n**Key terms**\n\n| English | 中文 |\n|---|---|\n"
           "| perceived performance | 可感知效果 |\n| expectation | 期望值 |\n"),
    ("code", "from crmcourse import check"),
    ("md", "## 1. The ratio\n\nSatisfaction compares what the customer perceives with what they expected.\n\n"
           "| Ratio c | Reading |\n|---|---|\n| below 1 | dissatisfied |\n| 1 or more | satisfied |\n\n"
           "**Exercise 1.1.1.** Expectation a = 8, perceived b = 10: compute c = b / a."),
    ("code", "### BEGIN SOLUTION\nanswer = 10 / 8\n### END SOLUTION\ncheck(\"m0_demo_ratio\", answer)"),
    ("md", "## Wrap-up\n\n**Check yourself**\n\n1. Why can a better product leave a customer less satisfied?\n\n"
           "**Next:** 1.2"),
]
RATIO_ZH = [
    ("code", "import crmcourse\ncrmcourse.set_language(\"zh\")"),
    ("md", "# 1.1 满意度是一个比值\n*Satisfaction as a ratio*\n\n| | |\n|---|---|\n"
           "| **学习目标** | 可感知效果与期望值如何决定客户满意度 |\n| **时间** | 约 30 分钟 |\n\n"
           "**关键术语**\n\n| 英文 | 中文 |\n|---|---|\n| 可感知效果 | 可感知效果 |\n| 期望值 | 期望值 |\n"),
    ("code", "from crmcourse import check"),
    ("md", "## 1. 比值\n\n客户满意度比较的是客户的可感知效果与期望值。\n\n"
           "| 比值 c | 含义 |\n|---|---|\n| 小于 1 | 不满意 |\n| 大于或等于 1 | 满意 |\n\n"
           "**练习 1.1.1.** 期望值 a = 8，可感知效果 b = 10：计算 c = b / a。"),
    ("code", "### BEGIN SOLUTION\nanswer = 10 / 8\n### END SOLUTION\ncheck(\"m0_demo_ratio\", answer)"),
    ("md", "## 小结\n\n**自我检查**\n\n1. 为什么更好的产品反而可能让客户更不满意？\n\n**下一步：** 1.2"),
]
#: Chinese words the tests look for: from the notebooks, and from the site catalog.
ZH_TITLE = "1.1 满意度是一个比值"
ZH_EXERCISE = "期望值 a = 8，可感知效果 b = 10"


def _notebook(cells: list[tuple[str, str]], ids: list[str]) -> nbformat.NotebookNode:
    made = []
    for (kind, source), cell_id in zip(cells, ids):
        cell = nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
        cell["id"] = cell_id
        made.append(cell)
    nb = nbformat.v4.new_notebook(cells=made)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def make_course(root: Path) -> Path:
    """Write the fake two-edition course into ``root`` (see the module docstring); returns ``root``."""
    root = Path(root)
    english = {
        "00_start_here.ipynb": _notebook([("md", START_EN), ("md", MAP_EN)], ["title", "map"]),
        "01_demo/01_ratio.ipynb": _notebook(RATIO_EN, ["title", "imports", "ratio", "answer", "wrap"]),
        "01_demo/02_english_only.ipynb": _notebook(
            [("md", "# 1.2 English only\n*只有英文*\n\n| | |\n|---|---|\n| **Time** | about 5 minutes |"),
             ("code", "print(1 + 1)")], ["title", "sum"]),
    }
    chinese = {
        "00_start_here.ipynb": _notebook([("code", "import crmcourse\ncrmcourse.set_language(\"zh\")"),
                                          ("md", START_ZH), ("md", MAP_ZH)], ["zh-language", "title", "map"]),
        "01_demo/01_ratio.ipynb": _notebook(RATIO_ZH, ["zh-language", "title", "imports", "ratio", "answer", "wrap"]),
    }
    for folder, notebooks in ((root / "solutions", english), (root / "solutions" / "zh", chinese)):
        for rel, nb in notebooks.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, folder / rel)
    for rel, nb in english.items():
        (root / "notebooks" / rel).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(make_learner_notebook(nb, path=rel), root / "notebooks" / rel)
    (root / "notebooks" / "zh").mkdir(parents=True)
    nbformat.write(make_learner_notebook(chinese["00_start_here.ipynb"], path="00_start_here.ipynb"),
                   root / "notebooks" / "zh" / "00_start_here.ipynb")
    return root
