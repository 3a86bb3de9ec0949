"""The warm kernel (tests/kernels.py) gives each notebook what a fresh kernel would give it.

The suite runs every solution (nbval) and learner copy in one kernel per worker. These tests run a
notebook that changes everything a notebook can change — names, working folder, environment,
warning filters, rcParams, pandas options, the course language, the session's check results —
and then a notebook that looks at all of it: what the second one prints in the warm kernel must
be what it prints in a fresh kernel.
"""
from __future__ import annotations

import re

import nbformat
import pytest
from kernels import WarmKernel, fresh_kernels

from crmcourse.authoring import runner

pytestmark = pytest.mark.slow

SPOIL = """\
import os, warnings
import matplotlib.pyplot as plt
import pandas as pd
import crmcourse
from crmcourse.checks import check
left_behind = 42
with open("warner.py", "w") as f:
    f.write("import warnings\\ndef warn():\\n    warnings.warn('a library warns')\\n")
warnings.simplefilter("ignore", DeprecationWarning)
import warner
warner.warn()  # a library's warning is shown once per place in the code: must show again next time
os.makedirs("elsewhere", exist_ok=True)
os.chdir("elsewhere")
os.environ["CRMCOURSE_LEFT_BEHIND"] = "1"
plt.rcParams["figure.figsize"] = (2, 2)
pd.set_option("display.width", 33)
pd.set_option("display.float_format", "{:.1f}".format)
crmcourse.set_language("zh")
check("m0_demo_ratio", 10 / 8)
plt.figure()
"""

LOOK = """\
import os, warnings
import matplotlib.pyplot as plt
import pandas as pd
import crmcourse
from crmcourse.checks import progress
print("left_behind" in globals(), os.path.basename(os.getcwd()), os.environ.get("CRMCOURSE_LEFT_BEHIND"))
warnings.warn("shown in every notebook", DeprecationWarning)
import warner
warner.warn()
print(plt.rcParams["figure.figsize"], plt.get_fignums())
print(pd.get_option("display.width"), pd.DataFrame({"x": [1.25]}))
print(crmcourse.get_language())
progress()
"""


def _notebook(source: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _printed(nb) -> list:
    """Stream outputs, the kernel's process id in warning locations left out."""
    return [(o.get("name"), re.sub(r"ipykernel_\d+", "ipykernel_N", o.get("text")))
            for o in nb.cells[0].outputs if o.output_type == "stream"]


@pytest.mark.skipif(fresh_kernels(), reason="CRMCOURSE_FRESH_KERNELS=1: no warm kernel to test")
def test_a_notebook_sees_nothing_of_the_one_before(tmp_path):
    folder = tmp_path / "course"
    folder.mkdir()
    warm = WarmKernel()
    warm.run(_notebook(SPOIL), cwd=folder)
    after_spoil = warm.run(_notebook(LOOK), cwd=folder)
    fresh = runner.run(_notebook(LOOK), cwd=folder)
    printed = _printed(after_spoil)
    assert printed == _printed(fresh)
    warned = "".join(text for name, text in printed if name == "stderr")
    assert "shown in every notebook" in warned and "a library warns" in warned
    assert "False course None" in printed[0][1]


def test_the_reset_cell_names_an_unknown_name_as_a_fresh_kernel_does(tmp_path):
    warm = WarmKernel()
    warm.run(_notebook("defined_before = 1"), cwd=tmp_path)
    with pytest.raises(runner.NotebookRunError, match="NameError"):
        warm.run(_notebook("print(defined_before)"), cwd=tmp_path)
