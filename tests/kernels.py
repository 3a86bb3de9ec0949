"""One warm kernel per pytest worker for every notebook the suite executes (issue 13: fast feedback).

Starting a ``python3`` kernel and importing pandas, matplotlib and crmcourse costs about 1.2 s of
CPU; the suite ran 80 notebooks (40 solutions under nbval, 40 learner copies), so it paid that 80
times on a 2-core machine. Now each pytest worker keeps **one** kernel (:func:`kernel_manager`)
and runs every notebook it is given in it — the learner copies through :class:`WarmKernel`
(nbclient), the solutions through nbval (:class:`PooledNbvalKernel`, put in place of nbval's own
kernel class by the root conftest.py) — each after :data:`RESET`, which gives the notebook what a
fresh kernel gives it wherever a notebook can tell:

* ``%reset -f`` empties the namespace, so a notebook that forgets an import or uses a name another
  notebook defined still fails with ``NameError`` (imported *modules* stay loaded: that is the
  saving);
* the working folder is the notebook's own folder (as nbval, ``crmcourse execute`` and JupyterLab
  use);
* environment variables, warning filters (and with them the "shown once" memory of warnings),
  matplotlib's rcParams and pandas' display options are put back as they were after the kernel
  started — several solutions call ``pd.set_option("display.width", …)``, and the next notebook's
  tables must not inherit it;
* open figures are closed, the course language is forgotten (``set_language(None)``) and so are
  the session's check results (``reset_results()``: ``progress()`` counts this notebook's checks).

A kernel that died, was interrupted or restarted (a cell timed out) is shut down and the next
notebook gets a new one. What could still carry over — module-level state inside a library, such
as a cache that hands out shared objects — shows as output drift, because the stored outputs were
made in fresh kernels (``crmcourse execute``); the course's caches hand out copies.
``CRMCOURSE_FRESH_KERNELS=1`` runs every notebook in a fresh kernel as before, for comparison.
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat

from crmcourse.authoring import runner

#: Run before each notebook; prints nothing (checked). The first run records the state to return to.
RESET = """\
%reset -f
def _crm_reset(cwd):
    import os, sys, types, warnings
    state = sys.modules.get("_crm_warm_kernel")
    if state is None:
        import matplotlib, matplotlib.pyplot
        state = sys.modules["_crm_warm_kernel"] = types.ModuleType("_crm_warm_kernel")
        state.environ = dict(os.environ)
        state.filters = list(warnings.filters)
        state.rc = {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}
    else:
        os.environ.clear()
        os.environ.update(state.environ)
        warnings.resetwarnings()  # also forgets which warnings were already shown
        warnings.filters[:] = state.filters
        import matplotlib
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(state.rc)
    os.chdir(cwd)
    import matplotlib.pyplot
    matplotlib.pyplot.close("all")
    if "pandas" in sys.modules:
        sys.modules["pandas"].reset_option("^display")
    if "crmcourse" in sys.modules:
        sys.modules["crmcourse"].set_language(None)
    if "crmcourse.checks.records" in sys.modules:
        sys.modules["crmcourse.checks.records"].reset_results()
_crm_reset(__CWD__)
del _crm_reset
"""

_pool: dict = {}


def reset_code(cwd: str | os.PathLike) -> str:
    """:data:`RESET` for a notebook in folder ``cwd``."""
    return RESET.replace("__CWD__", repr(str(cwd)))


def fresh_kernels() -> bool:
    """Whether ``CRMCOURSE_FRESH_KERNELS`` asks for a fresh kernel per notebook."""
    return bool(os.environ.get("CRMCOURSE_FRESH_KERNELS"))


def kernel_manager():
    """The worker's kernel (a jupyter_client ``KernelManager``), started if there is none alive."""
    from jupyter_client.manager import KernelManager

    km = _pool.get("km")
    if km is not None and km.is_alive():
        return km
    close_pool()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    _pool["km"] = km
    return km


def close_pool() -> None:
    """Shut the worker's kernel down (a dead, interrupted or restarted one, or at the end of the run)."""
    km = _pool.pop("km", None)
    if km is not None:
        try:
            km.shutdown_kernel(now=True)
        except RuntimeError:
            pass


def _reset_error(outputs) -> runner.NotebookRunError:
    return runner.NotebookRunError(f"the reset cell printed something: {outputs}")


class WarmKernel:
    """Runs learner copies (nbclient) in the worker's kernel; see the module docstring."""

    def run(self, nb: nbformat.NotebookNode, *, cwd: Path, timeout: int = 300) -> nbformat.NotebookNode:
        """Execute ``nb`` (in place) after the reset cell; raise NotebookRunError naming the failing cell."""
        if fresh_kernels():
            return runner.run(nb, cwd=cwd, timeout=timeout)
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError

        nb.cells.insert(0, nbformat.v4.new_code_cell(reset_code(cwd)))
        client = NotebookClient(nb, km=kernel_manager(), timeout=timeout, kernel_name="python3",
                                record_timing=False, store_widget_state=True,
                                resources={"metadata": {"path": str(cwd)}})
        try:
            client.execute(cleanup_kc=False)
        except CellTimeoutError as exc:
            close_pool()  # still busy with the endless cell: the next notebook gets a new kernel
            raise runner.NotebookRunError(f"a cell ran longer than {timeout} s: {str(exc)[:300]}") from None
        except CellExecutionError as exc:
            raise runner.NotebookRunError(str(exc)[-1500:]) from None
        finally:
            reset = nb.cells.pop(0)
            if client.kc is not None:
                client.kc.stop_channels()
            if reset.get("outputs"):
                raise _reset_error(reset["outputs"])
        return nb

    def close(self) -> None:
        close_pool()


def pooled_nbval_kernel_class():
    """nbval's ``RunningKernel`` on the worker's kernel: what nbval executes solution notebooks in.

    nbval starts a kernel per notebook file in ``setup()`` and stops it in ``teardown()``; this
    class takes the worker's kernel instead, runs :data:`RESET` (the notebook's folder as working
    folder, as nbval's own ``cwd``) and, on ``stop()``, only closes its channels — unless nbval
    interrupted or restarted the kernel (a cell timed out), which ends that kernel.
    """
    from queue import Empty

    from nbval.kernel import RunningKernel

    class PooledNbvalKernel(RunningKernel):
        def __init__(self, kernel_name, cwd=None, startup_timeout=60):  # noqa: ARG002 - nbval's signature
            self.spent = False
            self.km = kernel_manager()
            self.kc = self.km.client()
            self.kc.start_channels()
            try:
                self.kc.wait_for_ready(timeout=startup_timeout)
                self._ensure_iopub_up()
                self._reset(cwd or os.getcwd(), startup_timeout)
            except BaseException:
                self.kc.stop_channels()
                close_pool()
                raise

        def _reset(self, cwd: str, timeout: float) -> None:
            msg_id = self.kc.execute(reset_code(cwd), store_history=False, stop_on_error=True)
            reply = self.kc.get_shell_msg(timeout=timeout)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = self.kc.get_shell_msg(timeout=timeout)
            outputs = []
            while True:
                try:
                    msg = self.kc.get_iopub_msg(timeout=timeout)
                except Empty:
                    raise RuntimeError("the warm kernel did not go idle after the reset cell") from None
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
                if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
                    outputs.append(msg["content"])
            if outputs or reply["content"]["status"] != "ok":
                raise _reset_error(outputs or reply["content"])

        def interrupt(self):
            self.spent = True
            super().interrupt()

        def restart(self):
            self.spent = True
            super().restart()

        def stop(self):
            self.kc.stop_channels()
            if self.spent or not self.km.is_alive():
                close_pool()
            del self.km

    return PooledNbvalKernel
