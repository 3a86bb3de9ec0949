"""One warm kernel per pytest worker for the learner-notebook runs (issue 13: fast feedback).

Starting a ``python3`` kernel and importing pandas, matplotlib and crmcourse costs about 1.6 s of
CPU; the 40 learner copies paid it 40 times. :class:`WarmKernel` starts one kernel per worker and
runs every learner copy in it, each after a reset cell that gives the notebook what a fresh kernel
gives it where it matters for "runs top to bottom with nothing answered":

* ``%reset -f`` empties the namespace, so a notebook that forgets an import or uses a name a
  previous notebook defined still fails with ``NameError`` — imported *modules* stay loaded, which
  only saves time;
* the working folder is the notebook's own folder (as ``crmcourse execute`` and JupyterLab use);
* open figures are closed and the course language is forgotten (``set_language(None)``);
* a kernel that died or timed out is replaced before the next notebook.

The solution notebooks still run each in a fresh kernel (nbval), so an order-dependent effect the
reset misses would show there. ``CRMCOURSE_FRESH_KERNELS=1`` runs every learner copy in a fresh
kernel instead (``crmcourse.authoring.runner.run``), for comparison.
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat

from crmcourse.authoring import runner

RESET = """\
%reset -f
import os as _crm_os
_crm_os.chdir({cwd!r})
import matplotlib.pyplot as _crm_plt
_crm_plt.close("all")
import crmcourse as _crm
_crm.set_language(None)
del _crm_os, _crm_plt, _crm
"""


class WarmKernel:
    """A ``python3`` kernel kept alive across notebook runs; see the module docstring."""

    def __init__(self) -> None:
        self.km = None

    def _kernel(self):
        from jupyter_client.manager import KernelManager

        if self.km is not None and self.km.is_alive():
            return self.km
        self.close()
        os.environ.setdefault("PYTHONHASHSEED", "0")
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel()
        return self.km

    def run(self, nb: nbformat.NotebookNode, *, cwd: Path, timeout: int = 300) -> nbformat.NotebookNode:
        """Execute ``nb`` (in place) after the reset cell; raise NotebookRunError naming the failing cell."""
        if os.environ.get("CRMCOURSE_FRESH_KERNELS"):
            return runner.run(nb, cwd=cwd, timeout=timeout)
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError

        nb.cells.insert(0, nbformat.v4.new_code_cell(RESET.format(cwd=str(cwd))))
        client = NotebookClient(nb, km=self._kernel(), timeout=timeout, kernel_name="python3",
                                record_timing=False, store_widget_state=True,
                                resources={"metadata": {"path": str(cwd)}})
        try:
            client.execute(cleanup_kc=False)
        except CellTimeoutError as exc:
            self.close()  # still busy with the endless cell: the next notebook gets a new kernel
            raise runner.NotebookRunError(f"a cell ran longer than {timeout} s: {str(exc)[:300]}") from None
        except CellExecutionError as exc:
            raise runner.NotebookRunError(str(exc)[-1500:]) from None
        finally:
            reset = nb.cells.pop(0)
            if reset.get("outputs"):
                raise runner.NotebookRunError(f"the reset cell printed something: {reset['outputs']}")
            if client.kc is not None:
                client.kc.stop_channels()
        return nb

    def close(self) -> None:
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except RuntimeError:
                pass
            self.km = None
